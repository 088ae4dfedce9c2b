"""The area page and its CSV files: the planning lead's own area only, counts only, small numbers hidden."""

import re

import pytest
from django.db.models import F
from django.urls import reverse

from accounts.models import Membership, Organisation
from audit.models import AuditEvent
from insights import figures, tasks
from insights.models import KeptFigures
from ourplan.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from ourplan.tests.words import words

AREA = reverse("insights:area")
CSV = reverse("insights:area_csv", args=["everyone-setting"])


def shown_numbers(text):
    """Every number printed in a table cell or CSV field."""
    return [int(n) for n in re.findall(r'(?:numeric">|^|,)(\d+)(?=<|,|\r?$)', text, re.M)]


@pytest.mark.parametrize("who", ["green", "aisha", "black", "sam_user", "patel"])
@pytest.mark.parametrize("url", [AREA, CSV])
def test_anyone_but_a_planning_lead_is_refused_and_the_refusal_recorded(area, signed_in, who, url):
    response = signed_in(getattr(area, who)).get(url)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(user=getattr(area, who), action=AuditEvent.Action.REFUSED).exists()


@pytest.mark.parametrize("url", [AREA, CSV])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, url, db):
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]


def test_the_planning_lead_sees_the_three_parts_with_no_names_and_the_view_is_recorded(area, signed_in):
    content = signed_in(area.priya).get(AREA).content.decode()
    for heading in ("Planning for everyone", "Making sure it works", "Creating wider change"):
        assert heading in content
    assert "Small numbers are hidden to protect children’s privacy" in content
    assert "Sam" not in words(content) and "Leah" not in words(content)
    assert AuditEvent.objects.filter(user=area.priya, action=AuditEvent.Action.VIEWED, person=None).exists()


def test_every_number_on_the_page_and_in_the_csv_is_0_or_a_multiple_of_5(area, signed_in):
    for _n in range(13):
        PersonFactory(local_authority=area.council, coordinator=area.green, setting=area.school)
    client = signed_in(area.priya)
    page = client.get(AREA).content.decode()
    csv = client.get(CSV).content.decode()
    assert "fewer than 5" in page
    numbers = shown_numbers(page) + shown_numbers(csv)
    assert numbers and all(n % 5 == 0 for n in numbers)
    assert "Everyone," in csv and "Sam" not in words(csv)


def test_a_planning_lead_sees_only_her_own_areas_figures(area, signed_in):
    elsewhere = OrganisationFactory(name="Hilltop Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    for _n in range(20):
        PersonFactory(local_authority=elsewhere, coordinator=area.black)
    content = signed_in(area.priya).get(AREA).content.decode()
    assert "Hilltop" not in content
    assert ">20<" not in content


def test_a_planning_lead_of_another_area_does_not_see_this_one(area, signed_in):
    elsewhere = OrganisationFactory(name="Hilltop Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    lead = UserFactory(name="Hilltop lead", email="lead@hilltop.example")
    MembershipFactory(user=lead, organisation=elsewhere, role=Membership.Role.PLANNING_LEAD)
    for _n in range(20):
        PersonFactory(local_authority=area.council, coordinator=area.green)
    content = signed_in(lead).get(AREA).content.decode()
    assert "Riverside" not in content and ">20<" not in content


def test_a_filter_selecting_fewer_than_10_people_shows_nothing(area, signed_in):
    response = signed_in(area.priya).get(AREA, {"show": f"setting:{area.school.pk}"})
    assert "fewer than 10 people, so nothing is shown" in response.content.decode()
    assert "Download this table" not in response.content.decode()


def test_nonsense_in_the_filters_falls_back_to_the_default_without_an_error(area, signed_in):
    response = signed_in(area.priya).get(AREA, {"show": "setting:99999999999999999999", "start": "x", "end": "¹"})
    assert response.status_code == 200


def test_the_page_takes_the_same_number_of_queries_however_many_people(area, signed_in, queries_to_show):
    client = signed_in(area.priya)

    def adding_up():
        # The facts of people added since are worked out first (those writes grow with them); then
        # the figures are added up afresh, none being kept.
        client.get(AREA)
        KeptFigures.objects.all().delete()
        return queries_to_show(client, AREA)

    few = adding_up()
    for _n in range(12):
        PersonFactory(local_authority=area.council, coordinator=area.green, setting=area.school)
    assert adding_up() == few


def test_the_home_page_summary_links_to_the_area_page(area, signed_in):
    content = signed_in(area.priya).get(reverse("home")).content.decode()
    assert reverse("insights:area") in content and "Sam" not in words(content)


def test_the_demo_area_shows_figures_and_small_numbers_as_fewer_than_5(db, client):
    from accounts.models import User
    from ourplan.demo import load_demo_area

    load_demo_area()
    client.force_login(User.objects.get(email="priya@council.example"))
    content = client.get(AREA).content.decode()
    assert "fewer than 5" in content
    assert "Planning for everyone, by school or college" in content


# Kept figures: shown at once, dated when the records have changed since, refreshed in the background.

AS_AT = "Changes made since then are being added up"


@pytest.fixture
def queued(monkeypatch):
    """Refreshes queued by the page, held back (not run) so the test can see what it showed."""
    found = []

    class Held:
        def enqueue(self, *args):
            found.append(args)

    monkeypatch.setattr(tasks, "refresh_figures", Held())
    return found


def add_people(area, n):
    return [PersonFactory(local_authority=area.council, coordinator=area.green, setting=area.school) for _n in range(n)]


def test_after_a_change_the_page_shows_the_kept_figures_dated_and_queues_one_refresh(area, signed_in, queued):
    client = signed_in(area.priya)
    add_people(area, 13)
    before = client.get(AREA).content.decode()
    assert AS_AT not in before and queued == []
    add_people(area, 12)
    after = [client.get(AREA).content.decode() for _n in range(3)]
    assert all("Figures as at" in page and AS_AT in page for page in after)
    assert shown_numbers(after[0]) == shown_numbers(before)  # the kept figures, not the 12 added
    assert len(queued) == 1  # one refresh, however many views


def test_the_csv_file_reads_the_same_kept_figures_as_the_page_and_says_when_they_are_from(area, signed_in, queued):
    client = signed_in(area.priya)
    add_people(area, 13)
    before = client.get(CSV).content.decode()
    add_people(area, 12)
    after = client.get(CSV).content.decode()
    assert shown_numbers(after) == shown_numbers(before)
    assert AS_AT in after and AS_AT not in before


def test_the_refresh_keeps_the_figures_worked_out_afresh_and_the_note_goes(area, signed_in):
    client = signed_in(area.priya)
    add_people(area, 13)
    client.get(AREA)
    add_people(area, 12)
    assert AS_AT in client.get(AREA).content.decode()  # the tests' task backend runs the refresh at once
    page = client.get(AREA).content.decode()
    assert AS_AT not in page
    period = figures.default_period()
    kept = figures.area_figures(area.council, period)
    afresh = figures.area_figures(area.council, period, keep=False)
    assert figures._as_kept(kept) == figures._as_kept(afresh)
    assert KeptFigures.objects.get().refresh_queued_at is None


def test_a_refresh_queued_long_ago_and_never_done_is_queued_again(area, signed_in, queued):
    client = signed_in(area.priya)
    add_people(area, 13)
    client.get(AREA)
    add_people(area, 1)
    client.get(AREA)
    KeptFigures.objects.update(refresh_queued_at=F("refresh_queued_at") - figures.REFRESH_STUCK_AFTER * 2)
    client.get(AREA)
    assert len(queued) == 2


def test_figures_kept_hold_only_the_published_text_of_each_number(area, signed_in):
    add_people(area, 13)
    signed_in(area.priya).get(AREA)
    kept = KeptFigures.objects.get().figures
    cells = [
        cell
        for tables in kept["sections"].values()
        for table in tables
        for _label, row in [*table["rows"], table["total"] or ["", []]]
        for cell in row
    ]
    assert cells and all(len(cell) == 3 for cell in cells)  # shown, why, rounded: no true number
    assert all(rounded is None or rounded % 5 == 0 for _shown, _why, rounded in cells)
    assert "Sam" not in words(str(kept))


def test_the_note_says_the_day_too_when_the_figures_are_from_an_earlier_day():
    import datetime

    from django.utils import timezone

    from insights.figures import as_at_note

    today = timezone.localtime().replace(hour=14, minute=2)
    assert as_at_note(today).startswith("Figures as at 14:02. Changes made since then")
    yesterday = today - datetime.timedelta(days=1)
    assert as_at_note(yesterday).startswith(f"Figures as at 14:02 on {yesterday.day} {yesterday:%B}.")


def test_the_planning_leads_home_page_shows_the_kept_summary_dated_after_a_change(area, signed_in, queued):
    client = signed_in(area.priya)
    add_people(area, 13)
    home = reverse("home")
    before = client.get(home).content.decode()
    assert AS_AT not in before
    add_people(area, 12)
    after = client.get(home).content.decode()
    assert "Figures as at" in after and AS_AT in after
    assert shown_numbers(after) == shown_numbers(before)  # the kept summary, not worked out again
    assert len(queued) == 1


# The words for hidden numbers, the bar charts and the headings: plain, and the same everywhere.

HIDDEN_WORDS = ("“hidden”", "“not shown”")


def test_the_area_page_explains_every_word_its_tables_use_for_a_number_kept_back(area, signed_in):
    content = signed_in(area.priya).get(AREA).content.decode()
    assert ">not shown<" in content
    explanation = content.split('id="small-numbers"', 1)[1].split("</div>", 1)[0]
    assert all(word in explanation for word in HIDDEN_WORDS)


def test_the_csv_file_explains_every_word_it_uses_for_a_number_kept_back(area, signed_in):
    csv = signed_in(area.priya).get(CSV).content.decode()
    assert "not shown" in csv.split("\r\n\r\n", 1)[0]
    assert "'hidden'" in csv and "'not shown'" in csv


def test_a_bar_says_a_hidden_number_once_never_out_of_another_hidden_one(area, signed_in):
    content = signed_in(area.priya).get(AREA).content.decode()
    bars = re.findall(r"<span>([^<]*)</span>\s*</dd>", content)
    assert bars
    assert not [bar for bar in bars if re.search(r"out of (not shown|hidden|fewer than 5)", bar)]


def cell(shown):
    from insights.disclosure import PRIMARY, SECONDARY, SHOWN, WITHHELD, Cell

    why = {"fewer than 5": PRIMARY, "hidden": SECONDARY, "not shown": WITHHELD}.get(shown, SHOWN)
    return Cell.published(shown, why, int(shown) if why == SHOWN else None)


@pytest.mark.parametrize(
    "part, whole, says",
    [
        ("10", "25", "10 out of 25"),
        ("fewer than 5", "25", "fewer than 5 out of 25"),
        ("hidden", "25", "hidden out of 25"),
        ("not shown", "not shown", "not shown"),
        ("fewer than 5", "fewer than 5", "fewer than 5"),
        ("hidden", "not shown", "hidden"),
        ("0", "not shown", "0"),
        ("10", "hidden", "10"),
    ],
)
def test_each_bar_says_its_number_out_of_the_whole_only_when_the_whole_is_shown(part, whole, says):
    table = figures.Table(
        key="t", title="T", explains="", columns=[("People", ""), ("Had a review", "")], chart_column=1, chart_behind=0
    )
    table.rows.append(("Year 9", [cell(whole), cell(part)]))
    assert [bar[-1] for bar in table.chart()] == [says]


def test_the_support_heading_is_plain_and_capitalised_like_the_persons_page(area, signed_in):
    content = signed_in(area.priya).get(AREA).content.decode()
    assert "Planning for everyone, by kind of support" in content
    assert "sen status" not in content.lower()
