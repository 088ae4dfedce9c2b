"""factory_boy factories for tests. Names come from domain.md; none is a real person's."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from people.models import CircleMember, Person
from plans.models import Action, ActionPlan
from profiles.models import Profile
from reviews.models import Review, Statement

PASSWORD = "a-long-test-password"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.SCHOOL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.name.lower().replace(' ', '.')}@test.example")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.PRACTITIONER


def born_in_year_group(year_group):
    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    return datetime.date(start - 5 - year_group + 1, 3, 14)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    preferred_name = factory.Sequence(lambda n: f"Child {n}")
    full_name = factory.LazyAttribute(lambda p: f"{p.preferred_name} Example")
    date_of_birth = factory.LazyFunction(lambda: born_in_year_group(9))
    local_authority = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.LOCAL_AUTHORITY)
    coordinator = factory.SubFactory(UserFactory)
    sen_status = Person.SenStatus.SEN_SUPPORT

    @factory.post_generation
    def with_profile(obj, create, extracted, **kwargs):
        if create:
            Profile.objects.get_or_create(person=obj)


class CircleMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CircleMember

    person = factory.SubFactory(PersonFactory)
    user = factory.SubFactory(UserFactory)
    relationship = CircleMember.Relationship.OTHER


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    meeting_date = factory.LazyFunction(timezone.localdate)
    created_by = factory.LazyAttribute(lambda r: r.person.coordinator)

    @factory.post_generation
    def with_plan(obj, create, extracted, **kwargs):
        if create:
            ActionPlan.objects.get_or_create(review=obj)
            obj.participants.add(obj.created_by)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    review = factory.SubFactory(ReviewFactory)
    question = "working"
    text = factory.Sequence(lambda n: f"Something that is working {n}")
    author = factory.LazyAttribute(lambda s: s.review.person.coordinator)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.LazyAttribute(lambda a: ActionPlan.objects.get_or_create(review=ReviewFactory())[0])
    owner = factory.LazyAttribute(lambda a: a.plan.review.person.coordinator)
    what = factory.Sequence(lambda n: f"do useful thing {n}")
    due_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    created_by = factory.LazyAttribute(lambda a: a.plan.review.person.coordinator)


def date_parts(name, day):
    """Form data for a GOV.UK date input: ``{"due_by_day": "14", "due_by_month": "3", ...}``."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}
