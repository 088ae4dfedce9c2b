"""GOV.UK form patterns: date input, error messages that say what to do, and what was typed kept."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from ourplan.forms import GovukDateField, GovukForm


class AppointmentForm(GovukForm):
    day = GovukDateField(label="Date of birth")


@pytest.mark.parametrize(
    "parts, message",
    [
        (("", "", ""), "Enter the date of birth"),
        (("3", "", "2012"), "Date of birth must include a month"),
        (("", "", ""), "Enter the date of birth"),
        (("31", "2", "2012"), "Date of birth must be a real date"),
        (("3", "4", "12"), "with the year in 4 numbers"),
        (("x", "4", "2012"), "must be a real date"),
        (("99999999999999999999", "4", "2012"), "must be a real date"),
        (("0", "4", "2012"), "must be a real date"),
    ],
)
def test_a_date_that_is_missing_or_not_real_gets_a_message_saying_what_to_do(parts, message):
    form = AppointmentForm(dict(zip(("day_day", "day_month", "day_year"), parts, strict=True)))
    assert not form.is_valid()
    assert message in str(form.errors["day"])


class DueDateForm(GovukForm):
    due = GovukDateField(label="By when", label_text="Date it will be done by", future=True)


def example_in(message):
    day, month, year = message.rsplit("for example ", 1)[1].split()[:3]
    return datetime.date(int(year), int(month), int(day.strip(".")))


def test_a_date_still_to_come_is_given_an_example_still_to_come():
    form = DueDateForm({"due_day": "3", "due_month": "4", "due_year": "26"})
    assert not form.is_valid()
    assert example_in(form.errors["due"][0]) > timezone.localdate()


def test_a_date_in_the_past_such_as_a_date_of_birth_keeps_an_example_in_the_past():
    form = AppointmentForm({"day_day": "3", "day_month": "4", "day_year": "12"})
    assert not form.is_valid()
    assert example_in(form.errors["day"][0]) < timezone.localdate()


def test_a_date_typed_as_day_month_and_year_becomes_a_date():
    form = AppointmentForm({"day_day": " 27", "day_month": "3 ", "day_year": "2012"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2012, 3, 27)


def test_an_impossible_date_keeps_what_was_typed_and_says_error_in_the_title(area, signed_in):
    response = signed_in(area.green).post(
        reverse("people:add"),
        {
            "preferred_name": "Ollie",
            "full_name": "Oliver Example",
            "sen_status": "sen_support",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2012",
        },
    )
    content = response.content.decode()
    assert "<title>Error:" in content
    assert "Date of birth must be a real date" in content
    assert 'name="date_of_birth_day" value="31"' in content
    assert 'href="#id_date_of_birth_0"' in content


def test_only_the_missing_part_of_a_date_is_marked_and_linked_to(area, signed_in):
    response = signed_in(area.green).post(
        reverse("people:add"),
        {
            "preferred_name": "Ollie",
            "full_name": "Oliver Example",
            "sen_status": "sen_support",
            "date_of_birth_day": "3",
            "date_of_birth_month": "",
            "date_of_birth_year": "2015",
        },
    )
    content = response.content.decode()
    assert "Date of birth must include a month" in content
    assert 'href="#id_date_of_birth_1"' in content
    assert content.count("govuk-date-input__input govuk-input--width-2 govuk-input--error") == 1


def test_a_hint_set_after_the_form_is_made_is_the_one_shown_and_described():
    from ourplan.forms import GovukForm

    class Form(GovukForm):
        text = forms.CharField(label="Words", help_text="The usual hint")

    form = Form()
    form.fields["text"].help_text = "A hint for this page"
    html = str(form["text"].as_field_group())
    assert "A hint for this page" in html and "The usual hint" not in html
    assert 'aria-describedby="id_text-hint"' in html


def test_an_error_a_view_adds_after_validation_is_marked_like_any_other():
    from ourplan.forms import GovukForm

    class Form(GovukForm):
        text = forms.CharField(label="Words")

    form = Form({"text": "fine"})
    assert form.is_valid()
    form.add_error("text", "That would not fit on the page")
    html = str(form["text"].as_field_group())
    assert "govuk-input--error" in html and "id_text-error" in html


@pytest.mark.parametrize(
    "form_path, field",
    [
        ("reviews.forms_planning.DetailsForm", "meeting_date"),
        ("reviews.forms_planning.DetailsForm", "invite_on"),
        ("reviews.forms_planning.DetailsForm", "views_due_on"),
        ("reviews.forms_record.SignOffForm", "next_review_date"),
        ("profiles.forms_sharing.ShareLinkForm", "expires_on"),
    ],
)
def test_every_date_that_must_still_be_to_come_gives_an_example_still_to_come(form_path, field):
    from django.utils.module_loading import import_string

    assert import_string(form_path).base_fields[field].future


def test_a_date_still_to_come_is_hinted_with_an_example_still_to_come():
    hint = str(DueDateForm().fields["due"].help_text)
    assert hint.startswith("For example, ")
    day, month, year = hint.removeprefix("For example, ").split()
    assert datetime.date(int(year), int(month), int(day)) > timezone.localdate()
