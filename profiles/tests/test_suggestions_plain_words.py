"""A suggestion that uses words which may not be clear shows plainer ones, to the young person
deciding on it and to whoever suggested it, without ever stopping it being sent or added."""

from django.urls import reverse

from profiles import operations
from profiles.models import ProfileStatement, person_profile

JARGON = "Sam needs differentiation so he can join in"


def workspace(client, person):
    return client.get(reverse("profiles:edit", args=[person.pk])).content.decode()


def test_sam_deciding_on_a_suggestion_sees_plainer_words_for_its_jargon(area, signed_in):
    operations.suggest_statement(person_profile(area.sam), by=area.green, heading="support", text=JARGON)
    page = workspace(signed_in(area.sam_user), area.sam)
    assert "‘differentiation’ may not be clear to everyone." in page
    assert "‘changing the work so it suits them’" in page
    assert "If you add it, you can change these words for plainer ones afterwards." in page


def test_whoever_suggested_it_sees_the_plainer_words_too_and_how_to_use_them(area, signed_in):
    client = signed_in(area.green)
    response = client.post(reverse("profiles:suggest", args=[area.sam.pk]), {"heading": "support", "text": JARGON})
    assert response.status_code == 302  # sent: plain words are a suggestion, never a barrier
    page = workspace(client, area.sam)
    assert "‘differentiation’ may not be clear to everyone." in page
    assert "To use plainer words, withdraw it and suggest it again." in page


def test_once_added_the_statement_offers_to_change_the_word_for_a_plainer_one(area, signed_in):
    suggestion = operations.suggest_statement(person_profile(area.sam), by=area.green, heading="support", text=JARGON)
    client = signed_in(area.sam_user)
    client.post(reverse("profiles:decide_suggestion", args=[suggestion.pk]), {"decision": "accept"})
    assert ProfileStatement.objects.get().text == JARGON
    assert "Change it to ‘changing the work so it suits them’" in workspace(client, area.sam)


def test_a_suggestion_in_plain_words_shows_no_flags(area, signed_in):
    operations.suggest_statement(person_profile(area.sam), by=area.aisha, heading="admire", text="Makes us laugh")
    assert "may not be clear to everyone" not in workspace(signed_in(area.sam_user), area.sam)
