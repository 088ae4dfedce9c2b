"""A council sets up OurPlan: organisations, then the first coordinator, from the command line."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation, User


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_council_adds_its_area_a_school_and_a_coordinator_who_chooses_a_password(db, client):
    run("add_organisation", "Riverside Council", "--kind", "local_authority")
    run("add_organisation", "Riverside Academy", "--kind", "school", "--area", "Riverside Council")
    output = run(
        "add_user",
        "green@school.example",
        "--name",
        "Ms Green",
        "--organisation",
        "Riverside Academy",
        "--role",
        "coordinator",
    )
    school = Organisation.objects.get(name="Riverside Academy")
    assert school.local_authority.name == "Riverside Council"
    green = User.objects.get(email="green@school.example")
    assert not green.has_usable_password()
    assert Membership.objects.get(user=green).role == "coordinator"
    assert mail.outbox[0].to == ["green@school.example"]
    link = output.strip().splitlines()[-1].replace("http://127.0.0.1:8000", "")
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "riverside-planning", "new_password2": "riverside-planning"}
    )
    assert client.login(username="green@school.example", password="riverside-planning")


def test_a_school_needs_a_council_area_that_exists(db):
    with pytest.raises(CommandError, match="Say which local authority"):
        run("add_organisation", "Hillside School", "--kind", "school")
    with pytest.raises(CommandError, match='no local authority called "Nowhere"'):
        run("add_organisation", "Hillside School", "--kind", "school", "--area", "Nowhere")
