from ourplan.demo import LA_NAME, load_demo_area
from toolkit.models import AreaReview, Dot, StrategyAction
from toolkit.tally import counted_ideas


def test_the_demo_area_has_a_finished_review_whose_strategy_is_tracked_and_one_on_day_two(db):
    load_demo_area()
    spring, autumn = AreaReview.objects.filter(area__name=LA_NAME).order_by("day_one")
    assert spring.stage == AreaReview.Stage.FINISHED and autumn.stage == AreaReview.Stage.DAY_TWO
    assert autumn.participants.filter(on_paper=True).count() == 1
    assert Dot.objects.filter(review=spring).count() == 12
    top = counted_ideas(spring)[0]
    assert top.idea.text == "Offer every Year 9 pupil a person-centred review" and (top.now, top.later) == (3, 1)
    statuses = set(StrategyAction.objects.filter(priority__review=spring).values_list("status", flat=True))
    assert statuses == {"done", "in_progress", "stuck"}


def test_everyone_taking_part_in_the_demo_reviews_is_one_of_the_named_people(db):
    load_demo_area()
    names = set(AreaReview.objects.get(title="Autumn review of planning").participants.values_list("name", flat=True))
    assert names == {"Aisha", "Leah", "Ms Green", "Dr Patel", "Jo Evans"}


def test_the_demo_sign_ins_say_how_to_join_the_review_on_day_two(db, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    load_demo_area()
    monkeypatch.setenv("PORT", "8123")
    out = StringIO()
    call_command("demo_signins", stdout=out)
    code = AreaReview.objects.get(title="Autumn review of planning").join_code
    assert f"http://127.0.0.1:8123/toolkit/join/ and type the code {code}" in out.getvalue()
