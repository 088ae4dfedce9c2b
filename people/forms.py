import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from ourplan.forms import (
    GovukDateField,
    GovukForm,
    GovukModelForm,
    WholeNumberModelChoiceField,
    WholeNumberModelMultipleChoiceField,
)
from people import consent
from people.models import AccessChoice, CircleMember, LawfulBasis, PathwayGroup, Person, Section


class PersonForm(GovukModelForm):
    date_of_birth = GovukDateField(
        label=_("Date of birth"),
        autocomplete="bday",
        help_text=_("For example, 27 3 2012. OurPlan works out their school year from this."),
    )

    class Meta:
        model = Person
        fields = ["preferred_name", "full_name", "date_of_birth", "setting", "sen_status", "pathway_groups"]
        labels = {
            "preferred_name": _("Preferred name"),
            "full_name": _("Full name"),
            "date_of_birth": _("Date of birth"),
            "setting": _("School or college"),
            "sen_status": _("Special educational needs (SEN) status"),
            "pathway_groups": _("Groups this person belongs to (optional)"),
        }
        help_texts = {
            "preferred_name": _("The name they like to be called. OurPlan uses it everywhere."),
            "pathway_groups": _(
                "Used only to check that everyone gets good planning. Counts are shown to the local "
                "authority; names never are."
            ),
        }
        field_classes = {"setting": WholeNumberModelChoiceField, "pathway_groups": WholeNumberModelMultipleChoiceField}
        widgets = {
            "sen_status": forms.RadioSelect,
            "pathway_groups": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "preferred_name": {"required": _("Enter the name they like to be called")},
            "full_name": {"required": _("Enter their full name")},
            "setting": {"invalid_choice": _("Choose a school or college from the list")},
            "sen_status": {
                "required": _("Choose their special educational needs status"),
                "invalid_choice": _("Choose one of the special educational needs statuses shown"),
            },
            "pathway_groups": {
                "invalid_choice": _("Choose groups from the list only"),
                "invalid_pk_value": _("Choose groups from the list only"),
            },
        }

    def __init__(self, *args, local_authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        settings_qs = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL)
        if local_authority is not None:
            settings_qs = settings_qs.filter(local_authority=local_authority)
        self.fields["setting"].queryset = settings_qs
        self.fields["setting"].empty_label = _("Not at a school or college in this area")
        self.fields["pathway_groups"].queryset = PathwayGroup.objects.all()
        self.fields["sen_status"].choices = Person.SenStatus.choices

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("Date of birth must be today or in the past"))
        if born < today - datetime.timedelta(days=365 * 120):
            raise forms.ValidationError(_("Check the year of the date of birth: it is more than 120 years ago"))
        return born


class InviteForm(GovukForm):
    name = forms.CharField(
        label=_("Their name"),
        max_length=150,
        error_messages={
            "required": _("Enter the name of the person you are inviting"),
            "max_length": _("Enter a name of 150 characters or fewer"),
        },
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())  # no line breaks in email subjects

    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        help_text=_("We will send them a link to join. It works once, for 7 days."),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address like name@example.com"),
            "max_length": _("That email address is too long. Check it, and enter one of 254 characters or fewer"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    relationship = forms.ChoiceField(
        label=_("How are they connected to this person?"),
        choices=CircleMember.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how they are connected to this person"),
            "invalid_choice": _("Choose one of the connections shown"),
        },
    )
    role_description = forms.CharField(
        label=_("Their role (optional)"),
        required=False,
        max_length=150,
        help_text=_("For example: Mum, speech and language therapist, social worker"),
    )

    def __init__(self, *args, person, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if CircleMember.objects.filter(person=self.person, user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s is already in %(name)s's circle. Enter a different email address.")
                % {"email": email, "name": self.person.preferred_name}
            )
        return email


class LawfulBasisForm(GovukForm):
    article_6 = forms.ChoiceField(
        label=_("Why may you hold their information? (UK GDPR Article 6)"),
        choices=LawfulBasis.Article6.choices,
        widget=forms.RadioSelect,
        help_text=_("For a council or school planning support for a child with SEND, this is usually public task."),
        error_messages={
            "required": _("Choose why you may hold their information"),
            "invalid_choice": _("Choose one of the reasons shown"),
        },
    )
    article_9 = forms.ChoiceField(
        label=_("Why may you hold information about their health and needs? (UK GDPR Article 9)"),
        choices=LawfulBasis.Article9.choices,
        widget=forms.RadioSelect,
        help_text=_("Information about disabilities, health and special educational needs is special category data."),
        error_messages={
            "required": _("Choose why you may hold information about their health and needs"),
            "invalid_choice": _("Choose one of the conditions shown"),
        },
    )
    law = forms.CharField(
        label=_("The law that gives you this task (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: Children and Families Act 2014, Part 3"),
        error_messages={"max_length": _("Enter 200 characters or fewer")},
    )
    consent_given_by = forms.CharField(
        label=_("Who gave consent (if you rely on consent)"),
        required=False,
        max_length=150,
        help_text=_("Their name and how they are connected, for example: Aisha, Sam's mum"),
        error_messages={"max_length": _("Enter 150 characters or fewer")},
    )
    consent_given_on = GovukDateField(
        label=_("When they gave consent (if you rely on consent)"),
        label_text=_("Date consent was given"),
        required=False,
        help_text=_("For example, 27 3 2026"),
    )
    explanation = forms.CharField(
        label=_("What the circle will read"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("In plain words: why OurPlan holds this information and who decides who sees it."),
        error_messages={
            "required": _("Write a short explanation for the circle"),
            "max_length": _("Shorten the explanation to 2,000 characters or fewer"),
        },
    )

    def clean_consent_given_on(self):
        given = self.cleaned_data["consent_given_on"]
        if given and given > timezone.localdate():
            raise forms.ValidationError(_("The date consent was given must be today or in the past"))
        return given

    def clean(self):
        data = super().clean()
        relies_on_consent = (
            data.get("article_6") == LawfulBasis.Article6.CONSENT
            or data.get("article_9") == LawfulBasis.Article9.EXPLICIT_CONSENT
        )
        if relies_on_consent:
            if not data.get("consent_given_by"):
                self.add_error("consent_given_by", _("Enter who gave consent, because you chose consent"))
            if not data.get("consent_given_on") and "consent_given_on" not in self.errors:
                self.add_error("consent_given_on", _("Enter the date consent was given, because you chose consent"))
        return data


ACCESS_CHOICES = [
    (AccessChoice.Choice.KEEP, _("Everything")),
    (AccessChoice.Choice.LIMIT, _("Only some parts")),
    (AccessChoice.Choice.STOP, _("Nothing: stop their access")),
]


def _access_fields(form, prefix, member, *, for_the_young_person=False):
    """The two questions about one member: keep, limit or stop; and, for a limit, which parts."""
    name = member.user.name
    form.fields[f"{prefix}choice"] = forms.ChoiceField(
        label=_("What may %(name)s (%(role)s) see?") % {"name": name, "role": member.describe},
        choices=ACCESS_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),  # added after GovukForm's own
        help_text=(
            _("If you stop their access, they leave your circle. Your coordinator can invite them again.")
            if for_the_young_person
            else _("If you stop their access, they leave the circle. You can invite them again later.")
        ),
        error_messages={
            "required": _("Choose what %(name)s may see") % {"name": name},
            "invalid_choice": _("Choose one of the answers shown for %(name)s") % {"name": name},
        },
    )
    form.fields[f"{prefix}sections"] = forms.MultipleChoiceField(
        label=_("If only some parts: which parts may %(name)s see?") % {"name": name},
        choices=Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
        help_text=_("Their page and who is in the circle are always shown."),
        error_messages={"invalid_choice": _("Choose parts from the list only")},
    )
    form.initial.setdefault(f"{prefix}choice", consent.choice_of(member))
    form.initial.setdefault(f"{prefix}sections", [s.value for s in member.sections])


def _clean_access(form, prefix, member, *, only_narrow, authors):
    choice = form.cleaned_data.get(f"{prefix}choice")
    sections = form.cleaned_data.get(f"{prefix}sections") or []
    name = member.user.name
    if choice == AccessChoice.Choice.LIMIT and not sections:
        form.add_error(
            f"{prefix}sections",
            _("Choose at least one part %(name)s may see, or choose to stop their access") % {"name": name},
        )
    elif member.user_id in authors and choice == AccessChoice.Choice.LIMIT and Section.PROFILE not in sections:
        form.add_error(
            f"{prefix}sections",
            _("%(name)s writes the one-page profile, so they must see it. Tick the one-page profile.") % {"name": name},
        )
    elif choice and only_narrow and consent.widens(member, choice, sections):
        form.add_error(
            f"{prefix}choice",
            _(
                "%(person)s decides who sees their plan, so only they can give %(name)s more access. "
                "You can limit or stop access, for example to keep %(person)s safe."
            )
            % {"person": member.person.preferred_name, "name": name},
        )
    return choice, sections


class MemberAccessForm(GovukForm):
    """What one circle member may see, as the coordinator or the young person decides it."""

    def __init__(self, *args, member, only_narrow=False, authors=(), for_the_young_person=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.member, self.only_narrow, self.authors = member, only_narrow, set(authors)
        _access_fields(self, "", member, for_the_young_person=for_the_young_person)

    def clean(self):
        data = super().clean()
        self.choice, self.sections = _clean_access(
            self, "", self.member, only_narrow=self.only_narrow, authors=self.authors
        )
        return data


class ConfirmAccessForm(GovukForm):
    """The young person's answer: for each member of their circle, everything, some parts or nothing."""

    def __init__(self, *args, members, authors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.authors = members, set(authors)
        for member in members:
            _access_fields(self, f"m{member.pk}_", member, for_the_young_person=True)

    def member_fields(self):
        """Each member with their two fields, for the template."""
        return [(m, self[f"m{m.pk}_choice"], self[f"m{m.pk}_sections"]) for m in self.members]

    def clean(self):
        data = super().clean()
        self.choices = {
            member: _clean_access(self, f"m{member.pk}_", member, only_narrow=False, authors=self.authors)
            for member in self.members
        }
        return data


class CapacityForm(GovukForm):
    assessed_on = GovukDateField(
        label=_("When was this assessed?"),
        label_text=_("Date it was assessed"),
        help_text=_("For example, 27 3 2026"),
    )
    note = forms.CharField(
        label=_("What was assessed, and by whom"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_(
            "Capacity is judged decision by decision (Mental Capacity Act 2005). Say how this decision was "
            "assessed and who was involved. The young person and their circle can read this."
        ),
        error_messages={
            "required": _("Write what was assessed and by whom"),
            "max_length": _("Shorten the note to 2,000 characters or fewer"),
        },
    )

    def clean_assessed_on(self):
        assessed = self.cleaned_data["assessed_on"]
        if assessed and assessed > timezone.localdate():
            raise forms.ValidationError(_("The date it was assessed must be today or in the past"))
        return assessed
