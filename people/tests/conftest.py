"""Leah's mum, for the tests of who sees Leah's plan once Leah decides (she is 17)."""

import pytest

from ourplan.tests.factories import CircleMemberFactory, UserFactory
from people.models import CircleMember


@pytest.fixture
def leahs_mum(area):
    """Leah's mum, in Leah's circle as her parent."""
    mum = UserFactory(name="Mrs Example", email="leah.mum@family.example")
    CircleMemberFactory(
        person=area.leah, user=mum, relationship=CircleMember.Relationship.PARENT_CARER, role_description="Mum"
    )
    return mum


def member_of(person, user):
    return CircleMember.objects.get(person=person, user=user)
