"""A council sets up OurPlan: organisations, then the first coordinator, from the command line."""

import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation, User


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def riverside(db):
    run("add_organisation", "Riverside Council", "--kind", "local_authority")
    run("add_organisation", "Riverside Academy", "--kind", "school", "--area", "Riverside Council")
    return Organisation.objects.get(name="Riverside Academy")


def add_green(*extra, role="coordinator"):
    return run(
        "add_user", "Green@School.example", "--name", "Ms Green", "--organisation", "Riverside Academy",
        "--role", role, *extra,
    )  # fmt: skip


def test_a_council_adds_a_coordinator_who_chooses_a_password_from_the_emailed_link(riverside, client):
    output = add_green()
    assert riverside.local_authority.name == "Riverside Council"
    green = User.objects.get(email="green@school.example")
    assert not green.has_usable_password()
    assert Membership.objects.get(user=green).role == "coordinator"
    assert "/accounts/new-password/" not in output  # the link is a credential: not printed unless asked
    link = re.search(r"http://\S+(/accounts/new-password/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "riverside-planning", "new_password2": "riverside-planning"}
    )
    assert client.login(username="green@school.example", password="riverside-planning")


def test_an_existing_account_gets_the_role_but_no_link_and_keeps_its_password(riverside):
    aisha = User.objects.create_user("aisha@family.example", "swimming-on-saturdays", name="Aisha")
    output = run(
        "add_user",
        "aisha@family.example",
        "--name",
        "Aisha",
        "--organisation",
        "Riverside Academy",
        "--role",
        "practitioner",
        "--show-link",
    )
    assert "sign in as before" in output and "new-password" not in output
    assert mail.outbox == []
    aisha.refresh_from_db()
    assert aisha.check_password("swimming-on-saturdays")


def test_changing_someones_role_needs_saying_so(riverside):
    add_green()
    with pytest.raises(CommandError, match="already a Coordinator"):
        add_green(role="planning_lead")
    add_green("--change-role", role="practitioner")
    assert Membership.objects.get(user__email="green@school.example").role == "practitioner"


def test_staff_who_never_chose_a_password_can_ask_for_a_new_link(riverside, client):
    add_green()
    mail.outbox.clear()
    client.post("/accounts/forgotten-password/", {"email": "green@school.example"})
    assert len(mail.outbox) == 1


def test_bad_input_gets_a_plain_message(riverside):
    with pytest.raises(CommandError, match="is not an email address"):
        run("add_user", "not an email", "--name", "X", "--organisation", "Riverside Academy", "--role", "practitioner")
    with pytest.raises(CommandError, match="Say which local authority"):
        run("add_organisation", "Hillside School", "--kind", "school")
    with pytest.raises(CommandError, match='no local authority called "Nowhere"'):
        run("add_organisation", "Hillside School", "--kind", "school", "--area", "Nowhere")


def test_two_schools_with_the_same_name_in_different_areas_are_told_apart(riverside):
    run("add_organisation", "Hill Council", "--kind", "local_authority")
    run("add_organisation", "Riverside Academy", "--kind", "school", "--area", "Hill Council")
    assert Organisation.objects.filter(name="Riverside Academy").count() == 2
    with pytest.raises(CommandError, match="More than one organisation"):
        add_green()
    add_green("--area", "Hill Council")
    assert (
        Membership.objects.get(user__email="green@school.example").organisation.local_authority.name == "Hill Council"
    )
