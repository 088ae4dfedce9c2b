import datetime

from django.urls import reverse
from django.utils import timezone

from toolkit import operations
from toolkit.models import Dot, StrategyAction


def _action_owned_by(toolkit, owner, days):
    idea = operations.add_idea(toolkit.red, step=toolkit.steps[0], text="Offer every Year 9 pupil a review")
    priority = operations.make_priority(toolkit.review, idea, timescale=Dot.Colour.NOW)
    return operations.add_strategy_action(
        priority,
        by=toolkit.review.facilitator,
        who="SENCO network",
        owner=owner,
        what="Run a session for SENCOs on person-centred reviews",
        by_when=timezone.localdate() + datetime.timedelta(days=days),
        monitored_by="Planning lead",
        task_group="Preparing for adulthood task group",
        report_by=timezone.localdate() + datetime.timedelta(days=60),
    )


def test_my_actions_tells_ms_green_about_the_late_strategy_action_she_keeps_up_to_date(area, toolkit, signed_in):
    _action_owned_by(toolkit, area.green, days=-3)
    page = signed_in(area.green).get(reverse("plans:my_actions")).content.decode()
    assert "You also keep 1 action of your area's strategy up to date. 1 is late." in page
    assert reverse("toolkit:actions") in page


def test_my_actions_says_nothing_of_the_strategy_to_someone_who_owns_none_still_open(area, toolkit, signed_in):
    action = _action_owned_by(toolkit, area.green, days=10)
    operations.update_strategy_progress(action, status=StrategyAction.Status.DONE, by=area.green)
    assert "strategy" not in signed_in(area.green).get(reverse("plans:my_actions")).content.decode()
    assert "strategy" not in signed_in(area.aisha).get(reverse("plans:my_actions")).content.decode()


def test_only_an_action_not_yet_done_counts_as_owned_and_open(area, toolkit):
    from toolkit.strategy import owns_open_strategy_action

    assert not owns_open_strategy_action(area.green)
    action = _action_owned_by(toolkit, area.green, days=10)
    for status, still_open in [(s, s != StrategyAction.Status.DONE) for s in StrategyAction.Status.values]:
        operations.update_strategy_progress(action, status=status, by=area.green, note="in the way")
        assert owns_open_strategy_action(area.green) == still_open
    assert not owns_open_strategy_action(area.aisha)
