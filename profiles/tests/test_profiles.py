from django.urls import reverse

from profiles.models import Heading, Profile


def edit_profile(client, person, **headings):
    """Save the profile as someone who opened the form just now."""
    from profiles.operations import version_of

    version = version_of(Profile.objects.get(person=person))
    data = {"admire": "", "important": "", "support": "", "version": version, **headings}
    return client.post(reverse("profiles:edit", args=[person.pk]), data)


def test_aisha_writes_sams_profile_one_statement_per_line(area, signed_in):
    response = edit_profile(
        signed_in(area.aisha), area.sam, admire="Funny\n\n  Kind  \n- Honest", support="Give me time"
    )
    assert response.status_code == 302
    profile = Profile.objects.get(person=area.sam)
    admire = [s.text for s in profile.statements.filter(heading=Heading.ADMIRE)]
    assert admire == ["Funny", "Kind", "Honest"]
    assert profile.updated_by == area.aisha


def test_each_statement_keeps_who_first_wrote_it(area, signed_in):
    edit_profile(signed_in(area.aisha), area.sam, important="Swimming")
    edit_profile(signed_in(area.sam_user), area.sam, important="Trains\nSwimming")
    by = {s.text: s.written_by for s in Profile.objects.get(person=area.sam).statements.all()}
    assert by == {"Swimming": area.aisha, "Trains": area.sam_user}


def test_the_young_person_can_write_their_own_profile(area, signed_in):
    assert edit_profile(signed_in(area.leah_user), area.leah, important="Art college").status_code == 302


def test_a_professional_in_the_circle_cannot_rewrite_the_profile(area, signed_in):
    assert edit_profile(signed_in(area.patel), area.sam, admire="Nope").status_code == 404
    assert not Profile.objects.get(person=area.sam).statements.exists()


def test_outsider_gets_404_for_someone_elses_profile(area, signed_in):
    assert signed_in(area.black).get(reverse("profiles:edit", args=[area.sam.pk])).status_code == 404


def test_a_very_long_line_is_refused_with_how_to_fix_it_and_nothing_is_lost(area, signed_in):
    long_line = "word " * 80
    response = edit_profile(signed_in(area.aisha), area.sam, admire=long_line, important="Swimming")
    content = response.content.decode()
    assert response.status_code == 200
    assert "split it into two lines" in content
    assert "Swimming" in content and "word word" in content
    assert not Profile.objects.get(person=area.sam).statements.exists()


def test_too_many_lines_are_refused_so_the_profile_stays_on_one_page(area, signed_in):
    response = edit_profile(signed_in(area.aisha), area.sam, admire="\n".join(f"Thing {n}" for n in range(15)))
    assert "Take out 3" in response.content.decode()


def test_the_profile_form_shows_the_seeds_three_headings(area, signed_in):
    content = signed_in(area.aisha).get(reverse("profiles:edit", args=[area.sam.pk])).content.decode()
    for label in ["What people like and admire about me", "What is important to me", "How best to support me"]:
        assert label in content


def test_two_people_editing_at_once_lose_nothing(area, signed_in, client):
    from profiles.operations import version_of

    profile = Profile.objects.get(person=area.sam)
    version_when_aisha_opened_it = version_of(profile)
    edit_profile(signed_in(area.sam_user), area.sam, important="Trains")  # Sam saves first
    response = signed_in(area.aisha).post(
        reverse("profiles:edit", args=[area.sam.pk]),
        {"admire": "", "important": "Swimming", "support": "", "version": version_when_aisha_opened_it},
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved the profile while you were writing" in content
    assert "Swimming</textarea>" in content and "Trains" in content
    assert [s.text for s in Profile.objects.get(person=area.sam).statements.all()] == ["Trains"]


def test_a_save_without_the_forms_version_cannot_overwrite_a_saved_profile(area, signed_in):
    edit_profile(signed_in(area.sam_user), area.sam, important="Trains")
    response = signed_in(area.aisha).post(
        reverse("profiles:edit", args=[area.sam.pk]), {"admire": "", "important": "Swimming", "support": ""}
    )
    assert response.status_code == 409
    assert "<title>Error:" in response.content.decode()
