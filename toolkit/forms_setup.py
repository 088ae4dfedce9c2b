"""Forms for setting up an area review and running its room: the review's details, its stage, its
small groups and who takes part, and the pages participants use on their phones to join."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, User
from ourplan.forms import GovukDateField, GovukForm, WholeNumberModelChoiceField, WholeNumberModelMultipleChoiceField
from toolkit.models import MAX_PEOPLE_GROUPS_PER_WORK_GROUP, AreaReview, Participant, PeopleGroup, WorkGroup

MIN_ROUND_MINUTES, MAX_ROUND_MINUTES = 5, 60


def _plain(text):
    """Typed text with runs of spaces and line breaks made one space."""
    return " ".join((text or "").split())


def facilitators_for(area, current=None):
    """Who may facilitate a review of ``area``: its planning leads and anyone working for an
    organisation in the area (and whoever facilitates it now, even if they have moved on)."""
    in_area = Membership.objects.filter(Q(organisation=area) | Q(organisation__local_authority=area))
    users = Q(is_active=True, pk__in=in_area.values("user_id"))
    if current is not None:
        users |= Q(pk=current.pk)
    return User.objects.filter(users).order_by("name", "pk")


class ReviewDetailsForm(GovukForm):
    """A new area review: its name, who facilitates it, the two days and where."""

    title = forms.CharField(
        label=gettext_lazy("Name of the review"),
        help_text=gettext_lazy("For example, Riverside review of planning, spring 2027."),
        max_length=AreaReview._meta.get_field("title").max_length,
        error_messages={
            "required": gettext_lazy("Enter a name for the review"),
            "max_length": gettext_lazy("Shorten the name to 200 characters or fewer"),
        },
    )
    facilitator = WholeNumberModelChoiceField(
        label=gettext_lazy("Who will facilitate the two days"),
        help_text=gettext_lazy("They run the room, and see and change this review in OurPlan."),
        queryset=User.objects.none(),
        empty_label=gettext_lazy("Choose someone"),
        error_messages={
            "required": gettext_lazy("Choose who will facilitate the review"),
            "invalid_choice": gettext_lazy("Choose who will facilitate the review from the list"),
        },
    )
    day_one = GovukDateField(
        label=gettext_lazy("Day 1: the review"),
        label_text=gettext_lazy("Day 1 date"),
        future=True,
    )
    day_two = GovukDateField(
        label=gettext_lazy("Day 2: action planning"),
        label_text=gettext_lazy("Day 2 date"),
        help_text=gettext_lazy("On the same day as Day 1 or later. Often a week or two after."),
        future=True,
    )
    place = forms.CharField(
        label=gettext_lazy("Where (optional)"),
        help_text=gettext_lazy("Choose somewhere with wall space and room to work in small groups."),
        required=False,
        max_length=AreaReview._meta.get_field("place").max_length,
        error_messages={"max_length": gettext_lazy("Shorten where to 300 characters or fewer")},
    )

    def __init__(self, *args, area, review=None, **kwargs):
        if review is not None:
            kwargs.setdefault("initial", {name: getattr(review, name) for name in self.details_fields()})
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["facilitator"].queryset = facilitators_for(area, review.facilitator if review else None)

    @classmethod
    def details_fields(cls):
        return [name for name in cls.base_fields]

    def clean_title(self):
        title = _plain(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Enter a name for the review"))
        return title

    def clean_place(self):
        return _plain(self.cleaned_data["place"])

    def clean_day_one(self):
        day_one = self.cleaned_data["day_one"]
        changed = self.review is None or day_one != self.review.day_one
        if changed and day_one < timezone.localdate():
            raise forms.ValidationError(_("Day 1 date must be today or in the future"))
        return day_one

    def clean(self):
        cleaned = super().clean()
        day_one, day_two = cleaned.get("day_one"), cleaned.get("day_two")
        if day_one and day_two and day_two < day_one:
            self.add_error("day_two", _("Day 2 date must be on or after Day 1 date"))
        return cleaned


class ChangeReviewForm(ReviewDetailsForm):
    """A review's details, and how long each round at the Day 2 tables lasts."""

    round_minutes = forms.IntegerField(
        label=gettext_lazy("Minutes at each table on Day 2"),
        help_text=gettext_lazy("The toolkit suggests 15. From 5 to 60."),
        min_value=MIN_ROUND_MINUTES,
        max_value=MAX_ROUND_MINUTES,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": gettext_lazy("Enter how many minutes each round lasts"),
            "invalid": gettext_lazy("Enter the minutes as a whole number, like 15"),
            "min_value": gettext_lazy("Each round must last at least 5 minutes"),
            "max_value": gettext_lazy("Each round must last 60 minutes or fewer"),
        },
    )


class StageForm(GovukForm):
    """Which stage the whole room moves to."""

    stage = forms.ChoiceField(
        label=gettext_lazy("Move the room to"),
        choices=AreaReview.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the stage to move to"),
            "invalid_choice": gettext_lazy("Choose the stage to move to from the list"),
        },
    )


class WorkGroupForm(GovukForm):
    """A small group: its name, the one or two groups of people it walks the pathway for on Day 1,
    and whether it works on paper (the facilitator types in what it writes)."""

    name = forms.CharField(
        label=gettext_lazy("Name of the small group"),
        help_text=gettext_lazy("Something easy to say in the room, for example Red group or Table 1."),
        max_length=WorkGroup._meta.get_field("name").max_length,
        error_messages={
            "required": gettext_lazy("Enter a name for the small group"),
            "max_length": gettext_lazy("Shorten the name to 100 characters or fewer"),
        },
    )
    people_groups = WholeNumberModelMultipleChoiceField(
        label=gettext_lazy("Which groups of people will it think about on Day 1?"),
        help_text=gettext_lazy("Choose one or two. The group walks the pathway as someone from each would."),
        queryset=PeopleGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("Choose groups of people from the list"),
            "invalid_pk_value": gettext_lazy("Choose groups of people from the list"),
        },
    )
    on_paper = forms.BooleanField(
        label=gettext_lazy("This group works on paper: I will type in what it writes"), required=False
    )

    def __init__(self, *args, review, work_group=None, **kwargs):
        if work_group is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": work_group.name,
                    "people_groups": [g.pk for g in work_group.people_groups.all()],
                    "on_paper": work_group.on_paper,
                },
            )
        super().__init__(*args, **kwargs)
        self.review, self.work_group = review, work_group
        groups = Q(area_id=review.area_id, retired=False)
        if work_group is not None:  # a group of people retired since it was chosen stays offered
            groups |= Q(pk__in=[g.pk for g in work_group.people_groups.all()])
        self.fields["people_groups"].queryset = PeopleGroup.objects.filter(groups)

    def clean_name(self):
        name = _plain(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter a name for the small group"))
        others = WorkGroup.objects.filter(review=self.review, name__iexact=name)
        if self.work_group is not None:
            others = others.exclude(pk=self.work_group.pk)
        if others.exists():
            raise forms.ValidationError(
                _("There is already a small group called %(name)s. Choose another name.") % {"name": name}
            )
        return name

    def clean_people_groups(self):
        chosen = list(self.cleaned_data["people_groups"])
        if len(chosen) > MAX_PEOPLE_GROUPS_PER_WORK_GROUP:
            raise forms.ValidationError(
                _("Choose no more than two groups of people. You chose %(count)s.") % {"count": len(chosen)}
            )
        return chosen


class ParticipantForm(GovukForm):
    """Someone taking part, as the facilitator adds or changes them: name, part in planning, group."""

    name = forms.CharField(
        label=gettext_lazy("Name"),
        help_text=gettext_lazy("A first name is fine."),
        max_length=Participant._meta.get_field("name").max_length,
        error_messages={
            "required": gettext_lazy("Enter their name"),
            "max_length": gettext_lazy("Shorten the name to 100 characters or fewer"),
        },
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Their part in planning here"),
        choices=[("", gettext_lazy("Choose one")), *Participant.Role.choices],
        error_messages={
            "required": gettext_lazy("Choose their part in planning"),
            "invalid_choice": gettext_lazy("Choose their part in planning from the list"),
        },
    )
    work_group = WholeNumberModelChoiceField(
        label=gettext_lazy("Small group (optional)"),
        queryset=WorkGroup.objects.none(),
        required=False,
        empty_label=gettext_lazy("Not in a group yet"),
        error_messages={"invalid_choice": gettext_lazy("Choose a small group from the list")},
    )

    def __init__(self, *args, review, participant=None, **kwargs):
        if participant is not None:
            kwargs.setdefault(
                "initial",
                {"name": participant.name, "role": participant.role, "work_group": participant.work_group_id},
            )
        super().__init__(*args, **kwargs)
        self.fields["work_group"].queryset = WorkGroup.objects.filter(review=review)

    def clean_name(self):
        name = _plain(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter their name"))
        return name


# Participants' own pages, on their phones ------------------------------------------------------


class CodeForm(GovukForm):
    """The code a participant was given in the room. ``review`` is the review it opens, once valid."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        help_text=gettext_lazy("The 6 letters and numbers you were given in the room, for example KM7TRX."),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={
            "required": gettext_lazy("Enter the code you were given in the room"),
            "max_length": gettext_lazy("The code is 6 letters and numbers. Check it and try again."),
        },
    )


class JoinForm(GovukForm):
    """Joining a review from a phone: a name and their part in planning. No account needed."""

    name = forms.CharField(
        label=gettext_lazy("Your name"),
        help_text=gettext_lazy("Your first name is fine. Others in the room will see it."),
        max_length=Participant._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter your name"),
            "max_length": gettext_lazy("Shorten your name to 100 characters or fewer"),
        },
    )
    role = forms.ChoiceField(
        label=gettext_lazy("What is your part in planning here?"),
        choices=Participant.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose your part in planning"),
            "invalid_choice": gettext_lazy("Choose your part in planning from the list"),
        },
    )

    def clean_name(self):
        name = _plain(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter your name"))
        return name


class ChooseGroupForm(GovukForm):
    """A participant picks the small group they are sitting with."""

    work_group = WholeNumberModelChoiceField(
        label=gettext_lazy("Which small group are you in?"),
        help_text=gettext_lazy("The facilitator will tell you, or ask at your table."),
        queryset=WorkGroup.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Choose your small group"),
            "invalid_choice": gettext_lazy("Choose your small group from the list"),
        },
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_group"].queryset = WorkGroup.objects.filter(review=review)
