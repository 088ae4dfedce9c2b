"""The demo area's consent and sharing (called by ``ourplan.demo.load_demo_area``): a basis for
every demo person, and Leah, 17, as the decision-maker, having chosen who keeps access."""

import datetime

from django.utils import timezone

from audit.access import record_without_request
from people import consent
from people.models import AccessChoice, CircleMember, LawfulBasis, Person

EXPLANATION = (
    "The council and {name}'s school hold this information to plan {name}'s support, because the "
    "Children and Families Act 2014 asks them to. Information about {name}'s health and needs is "
    "kept especially safe. {decides}"
)


def add_demo_consent(users, demo_password):
    """Record the basis for each demo person, add Leah's mum to her circle, and Leah's choice."""
    from accounts.models import User

    people = Person.objects.filter(coordinator__in=[users["green"], users["black"]])
    for person in people:
        decides = (
            "Leah decides who sees her plan."
            if person.preferred_name == "Leah"
            else "Their coordinator decides who sees the plan, with the family."
        )
        consent.record_lawful_basis(
            person,
            by=person.coordinator,
            article_6=LawfulBasis.Article6.PUBLIC_TASK,
            article_9=LawfulBasis.Article9.STATUTORY_PURPOSES,
            law=consent.USUAL_LAW,
            explanation=EXPLANATION.format(name=person.preferred_name, decides=decides),
        )
        record_without_request(person, person.coordinator, "recorded the basis for holding their information")

    leah = people.get(preferred_name="Leah")
    mum = User.objects.create_user("leah.mum@family.example", demo_password, name="Mrs Morgan")
    CircleMember.objects.create(
        person=leah,
        user=mum,
        relationship=CircleMember.Relationship.PARENT_CARER,
        role_description="Mum",
        joined_at=timezone.now() - datetime.timedelta(days=400),
    )
    members = {m.user_id: m for m in consent.others_in_circle(leah, list(leah.circle.select_related("user")))}
    made = consent.confirm_who_keeps_access(
        leah,
        by=users["leah"],
        choices={
            members[mum.pk]: (AccessChoice.Choice.LIMIT, ["plan", "records"]),
            members[users["patel"].pk]: (AccessChoice.Choice.KEEP, []),
        },
    )
    for choice in made:
        record_without_request(leah, users["leah"], f"chose what {choice.member_name} may see (her own decision)")
    record_without_request(leah, users["leah"], "confirmed who keeps access to their plan")
