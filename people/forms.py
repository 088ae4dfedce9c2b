import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from ourplan.forms import GovukDateField, GovukForm, GovukModelForm
from people.models import CircleMember, PathwayGroup, Person


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
