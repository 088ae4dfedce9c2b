"""The named people of domain.md, shared by every test.

Sam (Year 9) has a circle: himself, Aisha (his mum), Ms Green (SENCO and his coordinator),
Dr Patel (speech and language therapist) and Jo Evans (social worker). Mr Black is a SENCO at another
school with no access to Sam; Priya is the council's planning lead (area figures only); Leah, 17,
makes her own decisions. The anonymous visitor is the test client before signing in.
"""

from types import SimpleNamespace

import pytest

from accounts.models import Membership, Organisation
from ourplan.tests.factories import (
    PASSWORD,
    CircleMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    born_in_year_group,
)
from people.models import CircleMember


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (rendered parts of pages are kept in memory)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def own_outbox(tmp_path_factory):
    """Emails written by the tests go to an outbox of their own, never the developer's
    ``var/outbox`` (which ``make run`` fills, and the outbox page would then show to the tests)."""
    from django.conf import settings

    settings.EMAIL_OUTBOX_DIR = tmp_path_factory.mktemp("outbox")


@pytest.fixture(autouse=True)
def force_login_passes_the_second_step(monkeypatch):
    """``client.force_login`` signs a professional in as signing in for real would end: with an
    authenticator app set up and the second step passed. Tests of two-step sign-in itself sign in
    through the sign-in page instead."""
    from django.test import Client

    from ourplan.tests.two_step import pass_second_step

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_professional:
            pass_second_step(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def area(db):
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    school = OrganisationFactory(name="Riverside Academy", kind=Organisation.Kind.SCHOOL, local_authority=council)
    other_school = OrganisationFactory(name="Hillside School", kind=Organisation.Kind.SCHOOL, local_authority=council)
    nhs = OrganisationFactory(name="Riverside Therapy", kind=Organisation.Kind.HEALTH, local_authority=council)
    social_care = OrganisationFactory(
        name="Riverside Social Care", kind=Organisation.Kind.SOCIAL_CARE, local_authority=council
    )

    green = UserFactory(name="Ms Green", email="green@school.example")
    black = UserFactory(name="Mr Black", email="black@school.example")
    aisha = UserFactory(name="Aisha", email="aisha@family.example")
    sam_user = UserFactory(name="Sam", email="sam@family.example")
    patel = UserFactory(name="Dr Patel", email="patel@nhs.example")
    jo = UserFactory(name="Jo Evans", email="jo.evans@council.example")
    priya = UserFactory(name="Priya", email="priya@council.example")
    leah_user = UserFactory(name="Leah", email="leah@family.example")
    MembershipFactory(user=green, organisation=school, role=Membership.Role.COORDINATOR)
    MembershipFactory(user=black, organisation=other_school, role=Membership.Role.COORDINATOR)
    MembershipFactory(user=patel, organisation=nhs, role=Membership.Role.PRACTITIONER)
    MembershipFactory(user=jo, organisation=social_care, role=Membership.Role.PRACTITIONER)
    MembershipFactory(user=priya, organisation=council, role=Membership.Role.PLANNING_LEAD)

    sam = PersonFactory(
        preferred_name="Sam",
        full_name="Sam Example",
        date_of_birth=born_in_year_group(9),
        setting=school,
        local_authority=council,
        coordinator=green,
    )
    R = CircleMember.Relationship
    for user, relationship, role in [
        (green, R.SCHOOL, "SENCO"),
        (sam_user, R.SELF, ""),
        (aisha, R.PARENT_CARER, "Mum"),
        (patel, R.HEALTH, "Speech and language therapist"),
        (jo, R.SOCIAL_CARE, "Social worker"),
    ]:
        CircleMemberFactory(person=sam, user=user, relationship=relationship, role_description=role)
    leah = PersonFactory(
        preferred_name="Leah",
        full_name="Leah Example",
        date_of_birth=born_in_year_group(12),
        setting=school,
        local_authority=council,
        coordinator=green,
    )
    CircleMemberFactory(person=leah, user=green, relationship=R.SCHOOL, role_description="SENCO")
    CircleMemberFactory(person=leah, user=leah_user, relationship=R.SELF)
    return SimpleNamespace(
        council=council,
        school=school,
        other_school=other_school,
        green=green,
        black=black,
        aisha=aisha,
        sam_user=sam_user,
        patel=patel,
        jo=jo,
        priya=priya,
        leah_user=leah_user,
        sam=sam,
        leah=leah,
    )


@pytest.fixture
def sam(area):
    return area.sam


@pytest.fixture
def signed_in(client):
    """Sign the test client in as someone: ``signed_in(area.green)``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def queries_to_show():
    """How many database queries a page takes: ``queries_to_show(client, url)``; fails unless it is a 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    return count
