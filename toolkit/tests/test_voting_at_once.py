"""Sixty people vote at the same moment, as they do in the room when voting opens: real concurrent
requests, each person's phone a thread with its own browser session. Each person taps twice at once
too (two threads with the same session), so their own dots are placed at the same moment: six
placed and a seventh tried. No dot may be lost or counted twice, nobody may end with more or fewer
than six, and every seventh dot is refused, saying why."""

import datetime
import sqlite3
import threading
from collections import Counter
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.access import PARTICIPANT_SESSION_KEY
from toolkit import content, operations, tally
from toolkit.models import DOTS_PER_COLOUR, AreaReview, Dot, Participant

PEOPLE = 60
WORKERS = 24  # requests the server handles at once (PostgreSQL allows 100 connections in all)
NOW, LATER = Dot.Colour.NOW, Dot.Colour.LATER
REFUSED = "You have placed all three of your ‘could change now’ dots."


def a_room_of(area, people):
    steps, _groups = content.content_for(area.council)
    review = operations.set_up_review(
        area.council,
        by=area.priya,
        title="Riverside review of planning",
        facilitator=area.priya,
        day_one=datetime.date(2026, 3, 1),
        day_two=datetime.date(2026, 3, 8),
    )
    groups = [operations.add_work_group(review, name=f"Group {n}") for n in range(1, 6)]
    ideas = [operations.add_idea(groups[n % 5], step=steps[n % 5], text=f"Idea {n}") for n in range(2 * len(groups))]
    participants = []
    for n in range(people):
        participant = operations.join(review, name=f"Person {n}", role=Participant.Role.OTHER)
        operations.choose_work_group(participant, groups[n % 5])
        participants.append(participant)
    review = operations.move_to_stage(review, AreaReview.Stage.VOTING)
    return review, ideas, participants


@contextmanager
def in_a_database_file(folder):
    """On SQLite, run on a copy of the test database in a file, as OurPlan runs (WAL, IMMEDIATE
    transactions, a busy timeout). The test database is otherwise SQLite's shared in-memory one,
    which refuses a second writer at once ("database table is locked") instead of waiting."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    copy = sqlite3.connect(folder / "room.sqlite3")
    connection.connection.backup(copy)
    copy.close()
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None  # the next query (here, and in every thread) opens the file
    connection.settings_dict["NAME"] = str(folder / "room.sqlite3")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


@pytest.mark.django_db(transaction=True)
def test_sixty_people_placing_their_dots_at_once_lose_none_and_count_none_twice(area, tmp_path):
    review, ideas, participants = a_room_of(area, PEOPLE)
    with in_a_database_file(tmp_path):
        everyone_votes_at_once(review, ideas, participants)


def phones_of(participant):
    """Two browsers that joined as ``participant`` (the same session): two taps at the same moment."""
    first = Client()
    session = first.session
    session[PARTICIPANT_SESSION_KEY] = {str(participant.review_id): participant.pk}
    session.save()
    second = Client()  # its own cookie jar (a test client is not for two threads), the same session
    second.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return first, second


# What each of a person's two phones does: three "could change now" tries and three "needs further
# planning" ones between them are their six dots; the fourth "could change now" is the seventh.
TAPS = {
    "first": [NOW, LATER, NOW, LATER],
    "second": [NOW, LATER, NOW],
}


def everyone_votes_at_once(review, ideas, participants):
    url = reverse("toolkit:vote", kwargs={"code": review.join_code})
    phones = [phones_of(participant) for participant in participants]
    start = threading.Barrier(2 * PEOPLE)
    workers = threading.BoundedSemaphore(WORKERS)
    answers, errors, lock = [], [], threading.Lock()

    def at_the_server(work):
        """One request (or query) at a time per server worker, as a server with ``WORKERS`` would
        take them; each its own database connection, closed after it like a request's."""
        with workers:
            try:
                return work()
            finally:
                connection.close()

    def tap(number, participant, phone, which):
        mine = []

        def send(data):
            response = at_the_server(lambda: phone.post(url, data))
            return response.status_code, response.content.decode()

        def their_dot(colour):
            dots = Dot.objects.filter(participant=participant, colour=colour).order_by("slot")
            return at_the_server(lambda: dots.first().pk)

        try:
            start.wait(30)
            for tries, colour in enumerate(TAPS[which]):
                idea = ideas[(number + tries) % len(ideas)]
                mine.append(("place", *send({"action": "place", "idea": idea.pk, "colour": colour})))
            if which == "first" and number % 3 == 0:  # a third of the room changes its mind about a dot
                mine.append(("move", *send({"action": "move", "dot": their_dot(LATER), "idea": ideas[-1].pk})))
            if which == "second" and number % 5 == 0:  # some take one back and place it again
                mine.append(("take_back", *send({"action": "take_back", "dot": their_dot(LATER)})))
                mine.append(("place", *send({"action": "place", "idea": ideas[1].pk, "colour": LATER})))
        except Exception as error:  # reported in the main thread
            with lock:
                errors.append(repr(error))
        finally:
            with lock:
                answers.extend((participant.pk, *answer) for answer in mine)
            connection.close()

    threads = [
        threading.Thread(target=tap, args=(number, participant, phone, which))
        for number, (participant, pair) in enumerate(zip(participants, phones, strict=True))
        for phone, which in zip(pair, ("first", "second"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "some phones never finished"
    assert not errors, errors

    # Every answer is "done" (back to the page) or "refused" (400, saying why): never a server error.
    assert {status for _pk, _kind, status, _body in answers} <= {302, 400}
    refused = [(pk, body) for pk, kind, status, body in answers if kind == "place" and status == 400]
    assert all(REFUSED in body for _pk, body in refused)
    for participant in participants:
        theirs = Counter((kind, status) for pk, kind, status, _body in answers if pk == participant.pk)
        # six placed (and any taken back placed again); the seventh refused
        assert theirs[("place", 302)] - theirs[("take_back", 302)] == 2 * DOTS_PER_COLOUR, theirs
        assert theirs[("place", 400)] == 1, theirs
    moves = sum(1 for _pk, kind, status, _body in answers if kind == "move" and status == 302)
    assert moves == len(range(0, PEOPLE, 3))

    per_person = Counter(Dot.objects.filter(review=review).values_list("participant", "colour"))
    assert all(per_person[(p.pk, colour)] == DOTS_PER_COLOUR for p in participants for colour in (NOW, LATER))
    rows = Dot.objects.filter(review=review).count()
    counted = tally.counted_ideas(review)
    assert rows == PEOPLE * 2 * DOTS_PER_COLOUR == 360
    assert sum(c.total for c in counted) == rows  # none lost, none counted twice
    assert sum(c.now for c in counted) == sum(c.later for c in counted) == PEOPLE * DOTS_PER_COLOUR
