"""How the circle names each member: a name once, never "Sam (Sam)"."""

from django.urls import reverse

from people.models import CircleMember


def sams_own_place(area, role):
    CircleMember.objects.filter(person=area.sam, user=area.sam_user).update(role_description=role)
    return CircleMember.objects.select_related("user").get(person=area.sam, user=area.sam_user)


def test_a_role_that_repeats_the_members_name_is_not_said_again(area):
    member = sams_own_place(area, " sam ")
    assert member.role == ""
    assert member.describe == "The person themselves"


def test_a_role_that_repeats_only_the_members_first_name_is_not_said_again(area):
    area.sam_user.name = "Sam Example"
    area.sam_user.save()
    member = sams_own_place(area, "Sam")
    assert member.role == ""


def test_a_role_of_its_own_is_kept(area):
    aisha = CircleMember.objects.select_related("user").get(person=area.sam, user=area.aisha)
    assert (aisha.role, aisha.describe) == ("Mum", "Mum")


def test_the_circle_page_shows_sams_name_once_in_his_own_row(area, signed_in):
    sams_own_place(area, "Sam")
    page = signed_in(area.green).get(reverse("people:circle", args=[area.sam.pk])).content.decode()
    sams_row = page.split('<td class="govuk-table__cell">Sam</td>', 1)[1].split("</tr>", 1)[0]
    assert "The person themselves" in sams_row
    assert ">Sam<" not in sams_row


def test_the_persons_page_lists_sam_in_his_circle_without_his_name_twice(area, signed_in):
    sams_own_place(area, "Sam")
    page = signed_in(area.green).get(reverse("people:detail", args=[area.sam.pk])).content.decode()
    assert "Sam <span" in page and "(Sam)" not in page
