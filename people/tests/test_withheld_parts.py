"""Pages that show several parts of a person's plan leave out, for a circle member, the parts they
may not see (``people.consent``), and refuse when they cannot do without one; downloads that show
the record whole are only for those who see every part. Stopping someone's access cannot be undone
by inviting them again."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit.access import standing
from ourplan.tests.factories import ActionFactory, UserFactory, date_parts
from ourplan.tests.marked_world import plant
from people import consent, operations
from people.models import ALL_SECTIONS, CircleMember, Invitation, Section
from people.tests.conftest import member_of
from reviews import record as records
from reviews.models import Review


def limit(area, user, sections, person=None):
    person = person or area.sam
    consent.set_member_access(
        member_of(person, user), by=area.green, decided_as="coordinator", choice="limit", sections=sections
    )


@pytest.fixture
def world(area):
    """Sam's records with a marker in every field (``ourplan.tests.marked_world``)."""
    return plant(area, area.sam, "SAM")


def signed_off(world, area):
    review = Review.objects.get(pk=world.ids["review"])
    review.kind = Review.Kind.EHCP_ANNUAL
    review.meeting_date = datetime.date.today() - datetime.timedelta(days=1)
    review.save(update_fields=["kind", "meeting_date"])
    records.sign_off(review, by=area.green, next_review_date=review.meeting_date + datetime.timedelta(days=90))
    return review


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The meeting board and the review page


def test_dr_patel_who_sees_only_reviews_gets_the_board_without_the_profile_or_the_plan(area, signed_in, world):
    limit(area, area.patel, ["reviews"])
    client = signed_in(area.patel)
    review = world.ids["review"]
    m = world.markers

    board = text(client.get(reverse("reviews:board", args=[review])))
    updates = text(client.get(reverse("reviews:board_updates", args=[review]), {"seen": "-1"}))

    for page in (board, updates):
        assert m["VIEWS"] in page
        assert m["OUTCOME"] not in page and m["ACTION"] not in page
    assert m["PROFILE"] not in board
    assert "Some parts of this plan are not shared with you" in board


def test_the_review_page_leaves_out_what_was_agreed_even_when_it_was_cached_for_someone_who_sees_it(
    area, signed_in, world
):
    cache.clear()
    url = reverse("reviews:detail", args=[world.ids["review"]])
    assert world.markers["ACTION"] in text(signed_in(area.green).get(url))
    limit(area, area.patel, ["reviews"])

    page = text(signed_in(area.patel).get(url))

    assert world.markers["VIEWS"] in page
    assert world.markers["OUTCOME"] not in page and world.markers["ACTION"] not in page
    # And the other way round: what was cached for Dr Patel is not what Ms Green is given.
    assert world.markers["ACTION"] in text(signed_in(area.green).get(url))


def test_only_someone_who_sees_the_plan_adds_outcomes_and_actions_on_the_board(area, signed_in, world):
    review = Review.objects.get(pk=world.ids["review"])
    review.facilitator = area.patel
    review.save(update_fields=["facilitator"])
    limit(area, area.patel, ["reviews"])
    client = signed_in(area.patel)

    board = text(client.get(reverse("reviews:board", args=[review.pk])))
    refused = client.post(reverse("reviews:board_add_outcome", args=[review.pk]), {"outcome-text": "probe"})

    assert reverse("reviews:board_add_outcome", args=[review.pk]) not in board
    assert refused.status_code == 404


# The record and Section A


def test_dr_patel_who_may_not_see_the_profile_or_the_views_reads_the_record_without_them(area, signed_in, world):
    review = signed_off(world, area)
    limit(area, area.patel, ["plan", "records"])
    client = signed_in(area.patel)
    m = world.markers

    record_page = text(client.get(reverse("reviews:record", args=[review.pk])))
    section_a = text(client.get(reverse("reviews:section_a", args=[review.pk])))

    assert m["ACTION"] in record_page
    for page in (record_page, section_a):
        assert m["PROFILE"] not in page
        assert m["VIEWS"] not in page
    assert m["OUTCOME"] in section_a  # agreed outcomes are part of the plan he may see
    assert "Some parts of this plan are not shared with you" in record_page
    assert reverse("reviews:record_pdf", args=[review.pk]) not in record_page


def test_the_record_leaves_out_the_plan_for_someone_who_sees_only_the_records(area, signed_in, world):
    review = signed_off(world, area)
    limit(area, area.patel, ["records"])

    page = text(signed_in(area.patel).get(reverse("reviews:record", args=[review.pk])))

    assert world.markers["OUTCOME"] not in page and world.markers["ACTION"] not in page
    assert world.markers["VIEWS"] not in page and world.markers["PROFILE"] not in page


@pytest.mark.parametrize("name", ["record_pdf", "record_docx", "section_a_docx"])
def test_downloads_of_the_whole_record_are_refused_to_someone_who_may_not_see_every_part(area, signed_in, world, name):
    review = signed_off(world, area)
    url = reverse(f"reviews:{name}", args=[review.pk])
    assert signed_in(area.patel).get(url).status_code == 200
    limit(area, area.patel, ["reviews", "plan", "records"])

    assert signed_in(area.patel).get(url).status_code == 404


def test_signing_off_shows_the_record_whole_so_it_is_for_someone_who_sees_every_part(area, signed_in, world):
    review = Review.objects.get(pk=world.ids["review"])
    review.facilitator = area.patel
    review.save(update_fields=["facilitator"])
    limit(area, area.patel, ["reviews", "records"])

    assert signed_in(area.patel).get(reverse("reviews:sign_off", args=[review.pk])).status_code == 404


# The home page and the person page's "what has happened"


def test_the_home_page_leaves_out_actions_in_a_plan_the_owner_may_not_see(area, signed_in, world):
    review = Review.objects.get(pk=world.ids["review"])
    action = ActionFactory(plan=review.action_plan, owner=area.aisha, what="Visit the college open day")
    client = signed_in(area.aisha)
    assert action.what in text(client.get(reverse("home")))
    limit(area, area.aisha, ["profile", "reviews", "records"])

    assert action.what not in text(client.get(reverse("home")))


def test_what_has_happened_tells_changes_to_the_plan_only_to_those_who_may_see_it(area, signed_in, world):
    action = world.ids["action"]
    green = signed_in(area.green)
    green.post(reverse("plans:mark_done", args=[action]))
    assert "marked done" in text(green.get(reverse("people:detail", args=[area.sam.pk])))
    limit(area, area.jo, ["profile", "reviews", "records"])

    page = text(signed_in(area.jo).get(reverse("people:detail", args=[area.sam.pk])))

    assert world.markers["ACTION"] not in page
    assert "marked done" not in page
    assert "changed a part of the plan that is not shared with you" in page


def test_what_has_happened_keeps_decisions_about_access_to_those_who_see_everything(area, signed_in, leahs_mum):
    green = signed_in(area.green)
    green.post(
        reverse("people:capacity", args=[area.leah.pk]),
        {**date_parts("assessed_on", datetime.date.today()), "note": "Assessed with her speech therapist"},
    )
    assert "lacks capacity" in text(green.get(reverse("people:detail", args=[area.leah.pk])))
    limit(area, leahs_mum, ["plan", "records"], person=area.leah)

    page = text(signed_in(leahs_mum).get(reverse("people:detail", args=[area.leah.pk])))

    assert "lacks capacity" not in page
    assert "let Mrs Example see only" not in page


# Stopping access, and inviting again


def test_stopping_access_cancels_the_invitations_still_open_to_them(area, signed_in, leahs_mum):
    invitation = operations.invite_to_circle(
        area.leah, by=area.green, email=leahs_mum.email, name="Mrs Example", relationship="parent_carer"
    )
    mum = member_of(area.leah, leahs_mum)
    signed_in(area.leah_user).post(reverse("people:confirm_access", args=[area.leah.pk]), {f"m{mum.pk}_choice": "stop"})

    invitation.refresh_from_db()
    assert not invitation.is_open
    assert not Invitation.objects.open().filter(person=area.leah).exists()
    assert not CircleMember.objects.filter(person=area.leah, user=leahs_mum).exists()


def test_someone_invited_again_after_leah_stopped_their_access_sees_nothing_until_she_chooses(
    area, signed_in, leahs_mum
):
    mum = member_of(area.leah, leahs_mum)
    signed_in(area.leah_user).post(reverse("people:confirm_access", args=[area.leah.pk]), {f"m{mum.pk}_choice": "stop"})
    invitation = operations.invite_to_circle(
        area.leah, by=area.green, email=leahs_mum.email, name="Mrs Example", relationship="parent_carer"
    )

    operations.accept_invitation(invitation, user=leahs_mum)

    assert member_of(area.leah, leahs_mum).sections == []
    client = signed_in(leahs_mum)
    assert client.get(reverse("people:detail", args=[area.leah.pk])).status_code == 200
    assert client.get(reverse("profiles:edit", args=[area.leah.pk])).status_code == 404
    assert leahs_mum.pk in {m.user_id for m in consent.who_decides(area.leah, list(area.leah.circle.all())).waiting_for}


def test_someone_joining_before_the_young_person_decides_sees_everything_as_before(area):
    invitation = operations.invite_to_circle(
        area.sam, by=area.green, email="grandad@family.example", name="Grandad", relationship="family_friend"
    )
    member = operations.accept_invitation(invitation, name="Grandad", password="a-long-enough-password-1")
    assert standing(member.user, area.sam).sections == ALL_SECTIONS


def test_the_young_person_joining_their_own_circle_sees_everything(area):
    leah = area.leah
    CircleMember.objects.filter(person=leah, user=area.leah_user).delete()
    newcomer = UserFactory(name="Leah", email="leah.new@family.example")
    invitation = operations.invite_to_circle(
        leah, by=area.green, email=newcomer.email, name="Leah", relationship="self"
    )
    operations.accept_invitation(invitation, user=newcomer)
    assert member_of(leah, newcomer).sections == list(Section)
