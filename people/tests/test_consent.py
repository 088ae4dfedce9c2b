"""Consent and sharing: the basis for holding a person's data, what each member of their circle may
see (enforced in audit.access), and Leah deciding who keeps access once she is past school age."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.access import Can, standing
from audit.models import AuditEvent
from audit.tests.test_access import PERSON_SCOPED_PREFIXES, all_patterns, objects_for
from ourplan.tests.factories import CircleMemberFactory, UserFactory, date_parts
from people import consent
from people.models import ALL_SECTIONS, AccessChoice, CircleMember, DecisionRecord, LawfulBasis, Section
from people.tests.conftest import member_of


def basis_form(**changes):
    return {
        "article_6": "public_task",
        "article_9": "statutory_purposes",
        "law": "Children and Families Act 2014, Part 3",
        "explanation": "The council plans Sam's support because the law asks it to.",
        **changes,
    }


def refusals_of(user):
    return AuditEvent.objects.filter(user=user, action=AuditEvent.Action.REFUSED).count()


# The basis for holding the person's data


def test_the_coordinator_records_the_basis_and_the_circle_reads_its_explanation(area, signed_in):
    response = signed_in(area.green).post(reverse("people:record_basis", args=[area.sam.pk]), basis_form())
    assert response["Location"] == reverse("people:consent", args=[area.sam.pk])
    basis = LawfulBasis.objects.get(person=area.sam)
    assert (basis.article_6, basis.article_9, basis.recorded_by) == ("public_task", "statutory_purposes", area.green)
    assert AuditEvent.objects.filter(
        user=area.green, person=area.sam, action=AuditEvent.Action.CHANGED, what__contains="basis"
    ).exists()
    page = signed_in(area.aisha).get(reverse("people:consent", args=[area.sam.pk])).content.decode()
    assert "because the law asks it to" in page
    assert "Public task" in page


def test_the_coordinator_is_asked_on_the_person_page_to_record_the_basis_until_they_do(area, signed_in):
    prompt = "Nobody has recorded why we hold Sam's information yet."
    page = html.unescape(signed_in(area.green).get(reverse("people:detail", args=[area.sam.pk])).content.decode())
    assert prompt in page and reverse("people:record_basis", args=[area.sam.pk]) in page
    aishas = html.unescape(signed_in(area.aisha).get(reverse("people:detail", args=[area.sam.pk])).content.decode())
    assert prompt not in aishas  # only the coordinator records it
    signed_in(area.green).post(reverse("people:record_basis", args=[area.sam.pk]), basis_form())
    page = html.unescape(signed_in(area.green).get(reverse("people:detail", args=[area.sam.pk])).content.decode())
    assert prompt not in page


def test_choosing_consent_without_saying_who_gave_it_and_when_says_what_to_do(area, signed_in):
    response = signed_in(area.green).post(
        reverse("people:record_basis", args=[area.sam.pk]), basis_form(article_6="consent")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter who gave consent, because you chose consent" in content
    assert "Enter the date consent was given, because you chose consent" in content
    assert not LawfulBasis.objects.exists()


def test_consent_is_recorded_with_who_gave_it_and_when(area, signed_in):
    signed_in(area.green).post(
        reverse("people:record_basis", args=[area.sam.pk]),
        basis_form(
            article_9="explicit_consent",
            consent_given_by="Aisha, Sam's mum",
            **date_parts("consent_given_on", "2026-01-05"),
        ),
    )
    basis = LawfulBasis.objects.get(person=area.sam)
    assert basis.relies_on_consent
    assert (basis.consent_given_by, basis.consent_given_on) == ("Aisha, Sam's mum", datetime.date(2026, 1, 5))


def test_changing_the_basis_keeps_the_earlier_one_as_history(area, signed_in):
    client = signed_in(area.green)
    url = reverse("people:record_basis", args=[area.sam.pk])
    client.post(url, basis_form())
    client.post(url, basis_form(article_9="health_social_care", explanation="Changed"))
    assert list(area.sam.lawful_bases.values_list("article_9", flat=True)) == [
        "health_social_care",
        "statutory_purposes",
    ]
    page = client.get(reverse("people:consent", args=[area.sam.pk])).content.decode()
    assert "Earlier versions of the basis" in page


def test_nobody_in_the_circle_but_the_coordinator_records_the_basis(area, signed_in):
    response = signed_in(area.aisha).post(reverse("people:record_basis", args=[area.sam.pk]), basis_form())
    assert response.status_code == 404
    assert not LawfulBasis.objects.exists()


# Outsiders


@pytest.mark.parametrize(
    "name, kind",
    [
        ("people:consent", "person"),
        ("people:record_basis", "person"),
        ("people:confirm_access", "person"),
        ("people:capacity", "person"),
        ("people:can_decide_again", "person"),
        ("people:details_history", "person"),
        ("people:member_access", "member"),
    ],
)
def test_outsider_mr_black_gets_404_for_every_consent_page_and_is_recorded(area, signed_in, leahs_mum, name, kind):
    pk = area.leah.pk if kind == "person" else member_of(area.leah, leahs_mum).pk
    client = signed_in(area.black)
    assert client.get(reverse(name, args=[pk])).status_code in (404, 405)
    assert client.post(reverse(name, args=[pk]), {"m1_choice": "stop", "choice": "stop"}).status_code == 404
    assert refusals_of(area.black) >= 1
    assert CircleMember.objects.filter(person=area.leah, user=leahs_mum).exists()


# What each member may see


def person_scoped_urls(objects):
    """Every person-scoped URL (the URL walk of audit/tests/test_access.py checks none is missed)."""
    urls = []
    for name, route in all_patterns():
        kind = next((k for prefix, k in PERSON_SCOPED_PREFIXES.items() if route.startswith(prefix)), None)
        if kind:
            others = {"heading": "admire", "number": 1, "question": "working"}
            names = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) - {"pk"}
            urls.append(reverse(name, kwargs={"pk": objects[kind], **{n: others[n] for n in names}}))
    return urls


def test_everyone_in_the_circle_sees_everything_until_someone_decides_otherwise(area):
    for user in (area.aisha, area.patel, area.jo, area.sam_user, area.green):
        assert standing(user, area.sam).sections == ALL_SECTIONS


def test_coordinator_limits_dr_patel_to_the_action_plan_and_he_is_refused_the_profile(area, signed_in):
    member = member_of(area.sam, area.patel)
    response = signed_in(area.green).post(
        reverse("people:member_access", args=[member.pk]), {"choice": "limit", "sections": ["plan"]}
    )
    assert response["Location"] == reverse("people:consent", args=[area.sam.pk])
    member.refresh_from_db()
    assert member.sections == [Section.PLAN]
    choice = AccessChoice.objects.get(person=area.sam)
    assert (choice.decided_by, choice.decided_as, choice.choice) == (area.green, "coordinator", "limit")
    assert AuditEvent.objects.filter(user=area.green, what="let Dr Patel see only: action plan").exists()

    client = signed_in(area.patel)
    before = refusals_of(area.patel)
    assert client.get(reverse("profiles:edit", args=[area.sam.pk])).status_code == 404
    assert client.get(reverse("profiles:pdf", args=[area.sam.pk])).status_code == 404
    assert refusals_of(area.patel) == before + 2
    assert client.get(reverse("people:detail", args=[area.sam.pk])).status_code == 200


def test_limiting_to_some_parts_without_ticking_any_says_what_to_do(area, signed_in):
    member = member_of(area.sam, area.patel)
    response = signed_in(area.green).post(reverse("people:member_access", args=[member.pk]), {"choice": "limit"})
    assert response.status_code == 200
    assert "Choose at least one part Dr Patel may see, or choose to stop their access" in response.content.decode()
    member.refresh_from_db()
    assert member.sees_everything


def test_a_member_who_may_see_nothing_is_refused_every_page_of_the_plan_they_could_open_before(area, signed_in):
    """Walk every person-scoped URL as Aisha, before and after her access is limited to nothing but
    Sam's page: every page that showed her something about the plan now gives a 404."""
    objects = objects_for(area, area.sam)
    urls = person_scoped_urls(objects)
    client = signed_in(area.aisha)
    opened_before = [url for url in urls if client.get(url).status_code == 200]
    member = member_of(area.sam, area.aisha)
    member.withheld_sections = [s.value for s in Section]
    member.save(update_fields=["withheld_sections"])
    still_open = [url for url in opened_before if client.get(url).status_code == 200]
    people_pages = {reverse("people:detail", args=[area.sam.pk]), reverse("people:circle", args=[area.sam.pk])}
    assert len(opened_before) > len(people_pages) + 5
    assert set(still_open) <= people_pages | {reverse("people:consent", args=[area.sam.pk])}
    assert reverse("people:detail", args=[area.sam.pk]) in still_open


def test_the_person_page_leaves_out_the_parts_a_member_may_not_see(area, signed_in):
    member = member_of(area.sam, area.jo)
    consent.set_member_access(member, by=area.green, decided_as="coordinator", choice="limit", sections=["plan"])
    page = signed_in(area.jo).get(reverse("people:detail", args=[area.sam.pk])).content.decode()
    assert "Current action plan" in page
    assert "One-page profile" not in page
    assert 'id="reviews"' not in page
    assert "Some parts of this plan are not shared with you." in page


def test_stopping_someones_access_takes_them_out_of_the_circle(area, signed_in):
    member = member_of(area.sam, area.jo)
    signed_in(area.green).post(reverse("people:member_access", args=[member.pk]), {"choice": "stop"})
    assert not CircleMember.objects.filter(person=area.sam, user=area.jo).exists()
    assert AccessChoice.objects.get(person=area.sam).choice == "stop"
    assert signed_in(area.jo).get(reverse("people:detail", args=[area.sam.pk])).status_code == 404


def test_nobody_can_restrict_the_person_themselves_or_their_coordinator(area, signed_in):
    client = signed_in(area.green)
    for user in (area.sam_user, area.green):
        assert client.get(reverse("people:member_access", args=[member_of(area.sam, user).pk])).status_code == 404


def test_a_parent_cannot_change_what_anyone_sees(area, signed_in):
    member = member_of(area.sam, area.jo)
    response = signed_in(area.aisha).post(reverse("people:member_access", args=[member.pk]), {"choice": "stop"})
    assert response.status_code == 404
    assert CircleMember.objects.filter(pk=member.pk).exists()


def test_the_person_page_takes_the_same_queries_however_many_limited_members(area, signed_in, queries_to_show):
    client = signed_in(area.green)
    url = reverse("people:detail", args=[area.sam.pk])
    before = queries_to_show(client, url)
    for _n in range(6):
        member = CircleMemberFactory(person=area.sam, relationship=CircleMember.Relationship.HEALTH)
        consent.set_member_access(member, by=area.green, decided_as="coordinator", choice="limit", sections=["plan"])
    assert queries_to_show(client, url) == before
    assert queries_to_show(signed_in(area.patel), url) == queries_to_show(signed_in(area.jo), url)


# Sam is in Year 9: not yet the decision-maker


def test_sam_in_year_9_does_not_decide_yet_and_is_not_asked(area, signed_in):
    decider = consent.who_decides(area.sam, list(area.sam.circle.all()))
    assert not decider.young_person_decides
    client = signed_in(area.sam_user)
    assert "Choose who keeps access" not in client.get(reverse("people:detail", args=[area.sam.pk])).content.decode()
    assert client.get(reverse("people:confirm_access", args=[area.sam.pk])).status_code == 404
    member = member_of(area.sam, area.aisha)
    assert client.post(reverse("people:member_access", args=[member.pk]), {"choice": "stop"}).status_code == 404
    assert refusals_of(area.sam_user) == 2


# Leah, 17, decides


def test_leah_is_asked_on_her_page_to_confirm_who_keeps_access(area, signed_in, leahs_mum):
    page = signed_in(area.leah_user).get(reverse("people:detail", args=[area.leah.pk])).content.decode()
    assert "You now decide who sees your plan." in page
    assert reverse("people:confirm_access", args=[area.leah.pk]) in page


def test_until_leah_answers_everyone_keeps_their_access_and_her_mum_is_not_asked(area, signed_in, leahs_mum):
    assert standing(leahs_mum, area.leah).sections == ALL_SECTIONS
    client = signed_in(leahs_mum)
    page = client.get(reverse("people:detail", args=[area.leah.pk])).content.decode()
    assert "Choose who keeps access" not in page
    assert client.get(reverse("people:confirm_access", args=[area.leah.pk])).status_code == 404


def test_leah_limits_her_mum_to_the_plan_and_records_and_her_mums_access_follows(area, signed_in, leahs_mum):
    client = signed_in(area.leah_user)
    mum = member_of(area.leah, leahs_mum)
    form = client.get(reverse("people:confirm_access", args=[area.leah.pk])).content.decode()
    assert "What may Mrs Example (Mum) see?" in form
    response = client.post(
        reverse("people:confirm_access", args=[area.leah.pk]),
        {f"m{mum.pk}_choice": "limit", f"m{mum.pk}_sections": ["plan", "records"]},
    )
    assert response["Location"] == reverse("people:consent", args=[area.leah.pk])
    choice = AccessChoice.objects.get(person=area.leah)
    assert (choice.decided_by, choice.decided_as, choice.sections) == (
        area.leah_user,
        "young_person",
        ["plan", "records"],
    )
    assert DecisionRecord.objects.get(person=area.leah).kind == "confirmed"
    assert AuditEvent.objects.filter(user=area.leah_user, what="confirmed who keeps access to their plan").exists()
    assert AuditEvent.objects.filter(user=area.leah_user, what__startswith="let Mrs Example see only").exists()

    assert "You now decide" not in client.get(reverse("people:detail", args=[area.leah.pk])).content.decode()
    mums = signed_in(leahs_mum)
    assert mums.get(reverse("profiles:edit", args=[area.leah.pk])).status_code == 404


def test_leah_stops_her_mums_access(area, signed_in, leahs_mum):
    mum = member_of(area.leah, leahs_mum)
    signed_in(area.leah_user).post(reverse("people:confirm_access", args=[area.leah.pk]), {f"m{mum.pk}_choice": "stop"})
    assert not CircleMember.objects.filter(pk=mum.pk).exists()
    assert signed_in(leahs_mum).get(reverse("people:detail", args=[area.leah.pk])).status_code == 404


def test_leah_must_answer_for_everyone_in_her_circle(area, signed_in, leahs_mum):
    mum = member_of(area.leah, leahs_mum)
    response = signed_in(area.leah_user).post(reverse("people:confirm_access", args=[area.leah.pk]), {})
    assert response.status_code == 200
    assert "Choose what Mrs Example may see" in response.content.decode()
    assert not DecisionRecord.objects.exists()
    assert CircleMember.objects.filter(pk=mum.pk).exists()


def test_someone_joining_after_leah_confirmed_makes_her_be_asked_about_them(area, signed_in, leahs_mum):
    consent.confirm_who_keeps_access(area.leah, by=area.leah_user, choices={})
    assert not consent.who_decides(area.leah, list(area.leah.circle.all())).asks
    newcomer = CircleMemberFactory(
        person=area.leah, user=UserFactory(name="Mr Tutor"), joined_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    decider = consent.who_decides(area.leah, list(area.leah.circle.all()))
    assert decider.asks
    assert decider.waiting_for == (newcomer,)


def test_leah_changes_one_persons_access_herself_later(area, signed_in, leahs_mum):
    mum = member_of(area.leah, leahs_mum)
    signed_in(area.leah_user).post(
        reverse("people:member_access", args=[mum.pk]), {"choice": "limit", "sections": ["records"]}
    )
    assert AccessChoice.objects.get(person=area.leah).decided_as == AccessChoice.DecidedAs.YOUNG_PERSON
    mum.refresh_from_db()
    assert mum.sections == [Section.RECORDS]


def test_while_leah_decides_the_coordinator_may_limit_access_but_not_give_more(area, signed_in, leahs_mum):
    mum = member_of(area.leah, leahs_mum)
    consent.set_member_access(mum, by=area.leah_user, decided_as="young_person", choice="limit", sections=["plan"])
    client = signed_in(area.green)
    url = reverse("people:member_access", args=[mum.pk])
    response = client.post(url, {"choice": "keep"})
    assert response.status_code == 200
    assert "only they can give Mrs Example more access" in response.content.decode()
    mum.refresh_from_db()
    assert mum.sections == [Section.PLAN]
    client.post(url, {"choice": "stop"})
    assert not CircleMember.objects.filter(pk=mum.pk).exists()


def test_coordinator_records_that_leah_lacks_capacity_and_then_manages_access_as_before(area, signed_in, leahs_mum):
    client = signed_in(area.green)
    response = client.post(
        reverse("people:capacity", args=[area.leah.pk]),
        {**date_parts("assessed_on", "2026-02-02"), "note": "Assessed with Leah and her advocate."},
    )
    assert response["Location"] == reverse("people:consent", args=[area.leah.pk])
    record = DecisionRecord.objects.get(person=area.leah)
    assert (record.kind, record.assessed_on, record.recorded_by) == (
        "lacks_capacity",
        datetime.date(2026, 2, 2),
        area.green,
    )
    assert AuditEvent.objects.filter(user=area.green, what__contains="lacks capacity").exists()

    leahs = signed_in(area.leah_user)
    assert "You now decide" not in leahs.get(reverse("people:detail", args=[area.leah.pk])).content.decode()
    assert leahs.get(reverse("people:confirm_access", args=[area.leah.pk])).status_code == 404
    mum = member_of(area.leah, leahs_mum)
    client = signed_in(area.green)
    client.post(reverse("people:member_access", args=[mum.pk]), {"choice": "limit", "sections": ["plan"]})
    client.post(reverse("people:member_access", args=[mum.pk]), {"choice": "keep"})
    mum.refresh_from_db()
    assert mum.sees_everything  # as before: the coordinator may give access back


def test_recording_capacity_needs_a_date_and_a_note(area, signed_in):
    response = signed_in(area.green).post(reverse("people:capacity", args=[area.leah.pk]), {})
    content = response.content.decode()
    assert "Enter the date it was assessed" in content
    assert "Write what was assessed and by whom" in content
    assert not DecisionRecord.objects.exists()


def test_the_coordinator_records_that_leah_can_decide_again(area, signed_in):
    consent.record_lacks_capacity(area.leah, by=area.green, assessed_on=datetime.date(2026, 2, 2), note="x")
    signed_in(area.green).post(reverse("people:can_decide_again", args=[area.leah.pk]))
    assert consent.who_decides(area.leah, list(area.leah.circle.all())).young_person_decides
    assert AuditEvent.objects.filter(user=area.green, what__contains="can decide who sees their plan").exists()


def test_capacity_is_not_recorded_for_sam_who_does_not_decide_yet(area, signed_in):
    response = signed_in(area.green).post(
        reverse("people:capacity", args=[area.sam.pk]), {**date_parts("assessed_on", "2026-02-02"), "note": "x"}
    )
    assert response.status_code == 302
    assert not DecisionRecord.objects.exists()


def test_leah_decides_when_she_reaches_the_end_of_compulsory_school_age_not_before(area):
    ends = consent.who_decides(area.leah, list(area.leah.circle.all())).decision_age_on
    circle = list(area.leah.circle.all())
    assert ends.weekday() == 4 and ends.month == 6
    assert consent.who_decides(area.leah, circle, today=ends).young_person_decides
    assert not consent.who_decides(area.leah, circle, today=ends - datetime.timedelta(days=1)).young_person_decides


def test_the_profile_author_keeps_seeing_the_profile(area, signed_in):
    aisha_member = member_of(area.sam, area.aisha)
    CircleMember.objects.filter(person=area.sam, user=area.sam_user).delete()  # Aisha writes it now
    response = signed_in(area.green).post(
        reverse("people:member_access", args=[aisha_member.pk]), {"choice": "limit", "sections": ["plan"]}
    )
    assert "Aisha writes the one-page profile, so they must see it" in response.content.decode()


def test_the_circle_sees_what_they_may_see_and_deciders_see_everyone(area, signed_in, leahs_mum):
    mum = member_of(area.leah, leahs_mum)
    consent.set_member_access(mum, by=area.green, decided_as="coordinator", choice="limit", sections=["plan"])
    mums_page = signed_in(leahs_mum).get(reverse("people:consent", args=[area.leah.pk])).content.decode()
    assert "You can see:" in mums_page
    assert reverse("people:member_access", args=[mum.pk]) not in mums_page
    leahs_page = signed_in(area.leah_user).get(reverse("people:consent", args=[area.leah.pk])).content.decode()
    assert reverse("people:member_access", args=[mum.pk]) in leahs_page
    assert Can.MANAGE not in standing(area.leah_user, area.leah).powers


def test_an_action_owner_who_may_not_see_the_plan_no_longer_finds_their_action(area, signed_in):
    from ourplan.tests.factories import ActionFactory, ReviewFactory

    action = ActionFactory(plan=ReviewFactory(person=area.sam).action_plan, owner=area.aisha)
    client = signed_in(area.aisha)
    assert action.what in client.get(reverse("plans:my_actions")).content.decode()
    consent.set_member_access(
        member_of(area.sam, area.aisha), by=area.green, decided_as="coordinator", choice="limit", sections=["profile"]
    )
    assert action.what not in client.get(reverse("plans:my_actions")).content.decode()
    assert client.post(reverse("plans:mark_done", args=[action.pk])).status_code == 404
