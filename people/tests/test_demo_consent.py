from django.core.management import call_command

from audit.access import standing
from people import consent
from people.models import DecisionRecord, LawfulBasis, Person, Section


def test_the_demo_shows_a_basis_for_everyone_and_leah_as_the_decision_maker_who_has_chosen(db):
    call_command("seed_demo")
    assert LawfulBasis.objects.values("person").distinct().count() == Person.objects.count()
    leah = Person.objects.get(preferred_name="Leah")
    decider = consent.who_decides(leah, list(leah.circle.select_related("user")))
    assert decider.young_person_decides and not decider.asks
    assert DecisionRecord.objects.get(person=leah).recorded_by.name == "Leah"
    mum = leah.circle.get(user__name="Mrs Morgan").user
    assert standing(mum, leah).sections == {Section.PLAN, Section.RECORDS}
    sam = Person.objects.get(preferred_name="Sam")
    assert not consent.who_decides(sam, list(sam.circle.all())).young_person_decides
