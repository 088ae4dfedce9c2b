"""An area review of Riverside Council's planning, run by Priya (its planning lead), with three
people taking part from their phones and two small groups. Nobody's plan is in it."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Organisation
from audit.access import PARTICIPANT_SESSION_KEY
from ourplan.tests.factories import OrganisationFactory
from toolkit import content, operations
from toolkit.models import Participant


@pytest.fixture
def toolkit(area):
    steps, people_groups = content.content_for(area.council)
    today = timezone.localdate()
    review = operations.set_up_review(
        area.council,
        by=area.priya,
        title="Riverside review of planning",
        facilitator=area.priya,
        day_one=today,
        day_two=today + datetime.timedelta(days=7),
        place="Riverside Library",
    )
    red = operations.add_work_group(review, name="Red group", people_groups=people_groups[:2])
    blue = operations.add_work_group(review, name="Blue group", people_groups=people_groups[2:3])
    R = Participant.Role
    aisha = operations.join(review, name="Aisha", role=R.EXPERIENCE)
    jo = operations.join(review, name="Jo Evans", role=R.COMMISSIONER)
    patel = operations.join(review, name="Dr Patel", role=R.SUPPORT_PROVIDER)
    operations.choose_work_group(aisha, red)
    operations.choose_work_group(jo, red)
    operations.choose_work_group(patel, blue)
    other_council = OrganisationFactory(name="Hilltown Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    return SimpleNamespace(
        review=review,
        steps=steps,
        people_groups=people_groups,
        red=red,
        blue=blue,
        aisha=aisha,
        jo=jo,
        patel=patel,
        other_council=other_council,
    )


@pytest.fixture
def as_participant(client):
    """Make the test client's browser session be ``participant``, as joining does."""

    def become(participant):
        session = client.session
        session[PARTICIPANT_SESSION_KEY] = {str(participant.review_id): participant.pk}
        session.save()
        return client

    return become
