"""Themes: the area's list, OurPlan's suggestions made in the background, and practitioners
tagging what was said, accepting or declining the suggestions."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Organisation
from accounts.operations import add_organisation
from audit.models import AuditEvent
from insights import themes
from insights.models import StatementTheme, Theme
from ourplan.tests.factories import OrganisationFactory, ReviewFactory, StatementFactory
from reviews import contributions, operations

Source = StatementTheme.Source


@pytest.fixture(autouse=True)
def fresh_models():
    """Each test builds its area's model afresh (ids are reused between tests)."""
    themes._models.clear()


@pytest.fixture
def area_themes(area):
    themes.ensure_default_themes(area.council)
    return {theme.name: theme for theme in Theme.objects.filter(local_authority=area.council)}


@pytest.fixture
def review(area, area_themes):
    return ReviewFactory(person=area.sam)


@pytest.fixture
def taxi(area, review):
    return StatementFactory(
        review=review, author=area.aisha, question="not_working", text="The taxi to school is always late"
    )


def suggested(statement):
    return {
        (row.theme.name, row.source)
        for row in StatementTheme.objects.filter(statement=statement).select_related("theme")
    }


def suggest_now(*statements):
    model = themes.model_for(statements[0].review.person.local_authority)
    return themes.suggest_for(statements, model)


# The area's themes ----------------------------------------------------------------------------------


def test_every_area_starts_with_the_ten_default_themes_once(area):
    themes.ensure_default_themes(area.council)
    themes.ensure_default_themes(area.council)
    names = list(Theme.objects.filter(local_authority=area.council).values_list("name", flat=True))
    assert names[:3] == ["Transport", "Therapy", "Friendships and community"]
    assert len(names) == 10
    assert all(theme.keywords and theme.description for theme in Theme.objects.all())


def test_a_council_added_with_add_organisation_gets_the_default_themes(db):
    council = add_organisation(name="Brookfield Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    school = add_organisation(name="Brookfield School", kind=Organisation.Kind.SCHOOL, area=council)
    assert Theme.objects.filter(local_authority=council).count() == 10
    assert not Theme.objects.filter(local_authority=school).exists()


def test_an_area_that_renamed_a_default_theme_does_not_get_it_back(area, area_themes):
    themes.change_theme(area_themes["Transport"], name="Getting about", description="", keywords="taxi")
    themes.ensure_default_themes(area.council)
    assert not Theme.objects.filter(local_authority=area.council, name="Transport").exists()


# Suggestions in the background ------------------------------------------------------------------------


def test_a_statement_sent_gets_suggestions_from_the_background_job(area, review, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        statement = operations.add_statement(
            review, author=area.patel, question="not_working", text="The taxi to school is always late"
        )
    assert ("Transport", Source.SUGGESTED) in suggested(statement)


def test_views_sent_before_the_meeting_get_suggestions_and_drafts_do_not(
    area, review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = contributions.save_views(
            review, author=area.aisha, answers={"not_working": "The bus is late"}, send=False
        )
    assert not StatementTheme.objects.filter(statement__in=draft).exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = contributions.save_views(
            review,
            author=area.aisha,
            answers={"not_working": "The bus is late", "working": "Sam has a lovely smile"},
            send=True,
        )
    by_text = {statement.text: suggested(statement) for statement in sent}
    assert by_text == {"The bus is late": {("Transport", Source.SUGGESTED)}, "Sam has a lovely smile": set()}


def test_the_command_suggests_themes_for_statements_already_held_once(area, taxi):
    assert not StatementTheme.objects.exists()  # made before: no job ran
    out = StringIO()
    call_command("suggest_themes", "--area", area.council.name, stdout=out)
    assert ("Transport", Source.SUGGESTED) in suggested(taxi)
    assert "for 1 statements" in out.getvalue()
    before = StatementTheme.objects.count()
    call_command("suggest_themes", stdout=StringIO())
    assert StatementTheme.objects.count() == before


def test_the_command_says_plainly_when_an_area_does_not_exist(db):
    with pytest.raises(CommandError, match="No local authority called Nowhere"):
        call_command("suggest_themes", "--area", "Nowhere", stdout=StringIO())


def test_retired_themes_are_not_suggested_and_their_unchecked_suggestions_go(area, area_themes, taxi):
    suggest_now(taxi)
    assert ("Transport", Source.SUGGESTED) in suggested(taxi)
    themes.retire_theme(area_themes["Transport"])
    assert ("Transport", Source.SUGGESTED) not in suggested(taxi)
    suggest_now(taxi)
    assert "Transport" not in {name for name, _source in suggested(taxi)}


def test_suggestions_learn_from_the_themes_practitioners_chose(area, area_themes, review):
    friendships = area_themes["Friendships and community"]
    for n in range(30):
        tagged = StatementFactory(review=review, text=f"Goes to the trampoline park with {n} friends")
        themes.set_themes(tagged, chosen=[friendships], decisions={}, by=area.green)
    new = StatementFactory(review=review, text="He loves the trampoline park")
    old = StatementFactory(review=ReviewFactory(person=area.leah), text="Paints at the trampoline park")
    suggest_now(new, old)
    assert ("Friendships and community", Source.SUGGESTED) in suggested(new)


def test_a_theme_already_decided_is_not_suggested_again(area, area_themes, taxi):
    suggest_now(taxi)
    themes.set_themes(taxi, chosen=[], decisions={area_themes["Transport"]: False}, by=area.green)
    suggest_now(taxi)
    assert ("Transport", Source.DECLINED) in suggested(taxi)
    assert ("Transport", Source.SUGGESTED) not in suggested(taxi)


# Tagging on a review's themes page -------------------------------------------------------------------


def themes_url(review):
    return reverse("insights:review_themes", args=[review.pk])


def test_ms_green_accepts_a_suggestion_and_tags_a_statement_and_it_is_recorded(
    area, area_themes, review, taxi, signed_in
):
    suggest_now(taxi)
    client = signed_in(area.green)
    page = client.get(themes_url(review))
    assert page.status_code == 200
    assert "OurPlan suggests ‘Transport’. Does it fit?" in page.content.decode()
    prefix = f"statement-{taxi.pk}"
    transport, school = area_themes["Transport"], area_themes["School environment"]
    suggested_school = (school.pk,) if ("School environment", Source.SUGGESTED) in suggested(taxi) else ()
    data = {"statement": taxi.pk, f"{prefix}-suggestion_{transport.pk}": "yes"}
    data[f"{prefix}-themes"] = [area_themes["Health"].pk]
    for pk in suggested_school:
        data[f"{prefix}-suggestion_{pk}"] = "no"
    response = client.post(themes_url(review), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#statement-{taxi.pk}")
    found = suggested(taxi)
    assert ("Transport", Source.ACCEPTED) in found and ("Health", Source.TAGGED) in found
    event = AuditEvent.objects.get(user=area.green, action=AuditEvent.Action.CHANGED)
    assert event.person == area.sam
    assert "accepted OurPlan's suggestion of Transport" in event.what and "added Health" in event.what


def test_dr_patel_declines_a_suggestion_and_it_is_counted(area, area_themes, review, taxi, signed_in):
    suggest_now(taxi)
    transport = area_themes["Transport"]
    response = signed_in(area.patel).post(
        themes_url(review), {"statement": taxi.pk, f"statement-{taxi.pk}-suggestion_{transport.pk}": "no"}
    )
    assert response.status_code == 302
    assert ("Transport", Source.DECLINED) in suggested(taxi)
    rows, overall = themes.suggestion_figures(area.council)
    row = next(r for r in rows if r["theme"] == transport)
    assert (row["made"], row["accepted"], row["declined"], row["waiting"]) == (1, 0, 1, 0)
    assert overall["declined"] == 1


def test_taking_off_an_accepted_suggestion_declines_it_and_a_chosen_theme_is_removed(
    area, area_themes, review, taxi, signed_in
):
    suggest_now(taxi)
    transport, health = area_themes["Transport"], area_themes["Health"]
    themes.set_themes(taxi, chosen=[health], decisions={transport: True}, by=area.green)
    response = signed_in(area.green).post(themes_url(review), {"statement": taxi.pk})
    assert response.status_code == 302
    found = suggested(taxi)
    assert ("Transport", Source.DECLINED) in found
    assert "Health" not in {name for name, _source in found}


def test_leaving_a_suggestion_unanswered_leaves_it_to_check_later(area, area_themes, review, taxi, signed_in):
    suggest_now(taxi)
    signed_in(area.green).post(themes_url(review), {"statement": taxi.pk})
    assert ("Transport", Source.SUGGESTED) in suggested(taxi)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGED).exists()


def test_a_theme_not_on_the_list_is_refused_with_a_plain_message(area, area_themes, review, taxi, signed_in):
    response = signed_in(area.green).post(
        themes_url(review), {"statement": taxi.pk, f"statement-{taxi.pk}-themes": ["99999999999999999999"]}
    )
    assert response.status_code == 200
    assert "Choose from the themes shown" in response.content.decode()
    assert response.content.decode().count("<title>Error:") == 1
    assert not StatementTheme.objects.filter(source=Source.TAGGED).exists()


@pytest.mark.parametrize("who", ["black", "aisha", "sam_user", "priya"])
def test_only_professionals_in_the_circle_may_tag_what_was_said(area, area_themes, review, taxi, signed_in, who):
    suggest_now(taxi)
    before = suggested(taxi)
    client = signed_in(getattr(area, who))
    assert client.get(themes_url(review)).status_code == 404
    transport = area_themes["Transport"]
    response = client.post(
        themes_url(review),
        {"statement": taxi.pk, f"statement-{taxi.pk}-suggestion_{transport.pk}": "yes"},
    )
    assert response.status_code == 404
    assert suggested(taxi) == before
    assert AuditEvent.objects.filter(user=getattr(area, who), action=AuditEvent.Action.REFUSED).exists()
    assert not AuditEvent.objects.filter(user=getattr(area, who), action=AuditEvent.Action.VIEWED).exists()


@pytest.mark.parametrize("sections, status", [(["reviews"], 200), (["plan", "records"], 404)])
def test_a_professional_who_sees_only_some_parts_tags_a_review_only_if_they_see_its_views(
    area, area_themes, review, signed_in, sections, status
):
    from people import consent
    from people.models import CircleMember

    member = CircleMember.objects.get(person=area.sam, user=area.patel)
    consent.set_member_access(member, by=area.green, decided_as="coordinator", choice="limit", sections=sections)
    assert signed_in(area.patel).get(themes_url(review)).status_code == status


def test_the_review_page_links_to_its_themes_only_for_professionals(area, area_themes, review, signed_in):
    link = themes_url(review).encode()
    assert link in signed_in(area.green).get(reverse("reviews:detail", args=[review.pk])).content
    assert link not in signed_in(area.aisha).get(reverse("reviews:detail", args=[review.pk])).content


def test_the_themes_page_takes_the_same_queries_however_many_statements(
    area, area_themes, review, signed_in, queries_to_show
):
    client = signed_in(area.green)
    StatementFactory(review=review, text="The bus is late")
    few = queries_to_show(client, themes_url(review))
    for n in range(10):
        StatementFactory(review=review, text=f"Speech therapy {n}", question="important_for")
    suggest_now(*review.statements.all())
    assert queries_to_show(client, themes_url(review)) == few


# The planning lead's list ---------------------------------------------------------------------------


def test_priya_sees_her_areas_themes_and_how_often_suggestions_were_accepted(area, area_themes, review, signed_in):
    statements = [StatementFactory(review=review, text=f"The taxi was late on day {n}") for n in range(12)]
    suggest_now(*statements)
    for statement in statements[:7]:
        themes.set_themes(statement, chosen=[], decisions={area_themes["Transport"]: True}, by=area.green)
    themes.set_themes(statements[7], chosen=[], decisions={area_themes["Transport"]: False}, by=area.green)
    page = signed_in(area.priya).get(reverse("insights:themes")).content.decode()
    assert "Friendships and community" in page
    # Transport: 10 suggested (12 rounded), accepted 5 (7), declined fewer than 5 (1), 5 waiting (4 -> fewer than 5).
    assert "fewer than 5" in page
    assert "too few to say" in page
    assert "The taxi was late" not in page


def test_priya_adds_renames_reorders_retires_and_brings_back_a_theme_each_recorded(area, area_themes, signed_in):
    client = signed_in(area.priya)
    response = client.post(
        reverse("insights:add_theme"),
        {"name": "Short breaks", "description": "Time away", "keywords": "respite\nbreak"},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(local_authority=area.council, name="Short breaks")
    assert theme.position == 10
    client.post(
        reverse("insights:change_theme", args=[theme.pk]),
        {"name": "Short  breaks and respite", "description": "", "keywords": "respite\n\nRespite\nbreak"},
    )
    theme.refresh_from_db()
    assert (theme.name, theme.keywords) == ("Short breaks and respite", "respite\nbreak")
    client.post(reverse("insights:move_theme", args=[theme.pk]), {"direction": "up"})
    assert [t.name for t in themes.themes_of(area.council)][-2:] == ["Short breaks and respite", "Independence"]
    client.post(reverse("insights:retire_theme", args=[theme.pk]))
    theme.refresh_from_db()
    assert theme.retired
    client.post(reverse("insights:restore_theme", args=[theme.pk]))
    theme.refresh_from_db()
    assert not theme.retired
    events = AuditEvent.objects.filter(user=area.priya, action=AuditEvent.Action.CHANGED, person=None)
    assert events.count() == 5


def test_a_theme_name_already_used_is_refused_with_what_to_do(area, area_themes, signed_in):
    response = signed_in(area.priya).post(reverse("insights:add_theme"), {"name": "transport"})
    assert response.status_code == 200
    assert "There is already a theme called ‘transport’. Choose another name" in response.content.decode()


def test_priya_cannot_see_or_change_another_areas_themes(area, area_themes, signed_in):
    elsewhere = OrganisationFactory(name="Elsewhere Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    themes.ensure_default_themes(elsewhere)
    theirs = Theme.objects.get(local_authority=elsewhere, name="Transport")
    client = signed_in(area.priya)
    assert client.get(reverse("insights:change_theme", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("insights:retire_theme", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("insights:change_theme", args=[theirs.pk]), {"name": "Gone"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.retired) == ("Transport", False)
    assert "Elsewhere" not in client.get(reverse("insights:themes")).content.decode()


@pytest.mark.parametrize("who", ["green", "black", "aisha"])
def test_anyone_but_the_planning_lead_is_refused_the_theme_list(area, area_themes, signed_in, who):
    client = signed_in(getattr(area, who))
    transport = area_themes["Transport"]
    assert client.get(reverse("insights:themes")).status_code == 403
    assert client.post(reverse("insights:retire_theme", args=[transport.pk])).status_code == 403
    transport.refresh_from_db()
    assert not transport.retired


def test_suggestion_counts_pass_disclosure_control_and_the_share_accepted_uses_the_rounded_counts(area, area_themes):
    from insights.views_themes import published_figures

    transport, therapy = area_themes["Transport"], area_themes["Therapy"]
    rows = [
        {"theme": transport, "made": 40, "accepted": 30, "declined": 10, "waiting": 0},
        {"theme": therapy, "made": 3, "accepted": 3, "declined": 0, "waiting": 0},
    ]
    overall = {"made": 43, "accepted": 33, "declined": 10, "waiting": 0}
    shown, all_themes = published_figures(rows, overall)
    assert str(shown[1]["accepted"]) == "fewer than 5"
    assert shown[1]["rate"] is None
    # Therapy's 3 cannot be had back by taking Transport's accepted from all themes' accepted.
    assert all_themes["accepted"].suppressed or shown[0]["accepted"].suppressed
    rows[1].update(made=0, accepted=0)
    overall.update(made=40, accepted=30)
    shown, all_themes = published_figures(rows, overall)
    assert (str(shown[0]["accepted"]), str(shown[0]["declined"]), shown[0]["rate"]) == ("30", "10", 75)
    assert all_themes["rate"] == 75


def test_the_areas_model_is_kept_until_its_themes_change_or_it_is_stale(area, area_themes, taxi, monkeypatch):
    first = themes.model_for(area.council)
    themes.set_themes(taxi, chosen=[area_themes["Health"]], decisions={}, by=area.green)
    assert themes.model_for(area.council) is first  # a tag alone waits for the model to be stale
    monkeypatch.setattr(themes, "MODEL_FRESH_SECONDS", 0)
    assert themes.model_for(area.council) is not first
    monkeypatch.setattr(themes, "MODEL_FRESH_SECONDS", 600)
    again = themes.model_for(area.council)
    themes.retire_theme(area_themes["Transport"])
    assert themes.model_for(area.council) is not again
    assert "Transport" not in [theme.name for theme in themes.model_for(area.council).themes]


def test_the_themes_page_explains_both_words_used_for_a_count_kept_back(area, area_themes, signed_in):
    page = signed_in(area.priya).get(reverse("insights:themes")).content.decode()
    assert "“hidden”" in page and "“not shown”" in page
