"""What the local authority learns from all plans: themes in what people say, and what the area
does about them. Figures are worked out from the planning records themselves (insights.figures)
and pass disclosure control (insights.disclosure) before they leave the server."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A theme an area looks for in what people say (transport, therapy, friendships...). The list
    is the area's own data: its planning lead adds, renames, reorders and retires themes."""

    local_authority = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="themes",
        limit_choices_to={"kind": "local_authority"},
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("what it covers"), max_length=300, blank=True)
    # Words and phrases that suggest the theme, one a line: where the suggestion of themes starts
    # before practitioners have tagged anything (insights.classifier).
    keywords = models.TextField(_("words that suggest it"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(
        default=False, help_text=_("Kept for earlier figures, no longer suggested or offered.")
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["local_authority", "name"], name="one_theme_name_per_area")]

    def __str__(self):
        return self.name


class StatementTheme(models.Model):
    """A theme on something said in a review (``reviews.Statement``): chosen by a practitioner, or
    suggested by OurPlan and then accepted or declined. Declined suggestions are kept, to show how
    often suggestions are right."""

    class Source(models.TextChoices):
        TAGGED = "tagged", _("Chosen by a practitioner")
        SUGGESTED = "suggested", _("Suggested by OurPlan, not yet checked")
        ACCEPTED = "accepted", _("Suggested by OurPlan and accepted")
        DECLINED = "declined", _("Suggested by OurPlan and declined")

    statement = models.ForeignKey("reviews.Statement", on_delete=models.CASCADE, related_name="themes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="statements")
    source = models.CharField(max_length=10, choices=Source.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "theme"], name="a_theme_once_a_statement")]
        indexes = [models.Index(fields=["theme", "source"], name="statementtheme_theme_source")]

    def __str__(self):
        return f"{self.theme} ({self.get_source_display()})"

    @property
    def counts(self):
        """Whether the theme counts in the figures: chosen, or suggested and accepted."""
        return self.source in (self.Source.TAGGED, self.Source.ACCEPTED)


class CommissioningAction(models.Model):
    """ "You said, we did": what the area does about a theme, with who, what and by when."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        STUCK = "stuck", _("Stuck")

    local_authority = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="commissioning_actions"
    )
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    you_said = models.TextField(
        _("you said"),
        max_length=1000,
        help_text=_("What people told us, in plain words, about many people, never one."),
    )
    we_will = models.TextField(_("what we will do"), max_length=1000)
    who = models.CharField(_("who"), max_length=200)
    by_when = models.DateField(_("by when"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.TextField(_("progress so far"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["by_when", "pk"]

    def __str__(self):
        return self.we_will[:60]


class BoardReport(models.Model):
    """A six-monthly report to the Partnership Board, kept as published: its figures (already
    through disclosure control) are frozen, so a later change in the records does not change it."""

    local_authority = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="board_reports")
    period_start = models.DateField()
    period_end = models.DateField()
    figures = models.JSONField(help_text=_("The published figures, after disclosure control."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return f"Board report {self.period_start} to {self.period_end}"


class Fact(models.Model):
    """One dated fact about one person that the area figures count (``insights.facts``): the
    person's groups (setting, school-year cohort, SEN status) with, per ``measure``, when it holds.

    A derived index, never edited by hand: a person's facts are worked out from their records
    alone (``facts.facts_for``) and replaced as a whole whenever those records change, so that the
    page adds up a few narrow rows instead of reading every review and statement. Counts only: no
    words, no names. ``person_id`` is a plain number, not a link, so that erasure's walk over what
    is held about a person does not treat this index as a record of its own; the facts of an erased
    person follow the anonymised records they come from."""

    class Measure(models.TextChoices):
        PERSON = "person", "Someone in the area"
        PLAN_PROFILE = "plan_profile", "Current plan and profile"
        OVERDUE = "overdue", "Review overdue"
        TRANSITION = "transition", "Transition review since Year 9"
        REVIEWED = "reviewed", "Review held"
        ON_TIME = "on_time", "Review on time"
        OWN_VIEWS = "own_views", "Own views recorded"
        THEME = "theme", "Theme raised"
        OUTCOME = "outcome", "Outcome checked"
        ACTION = "action", "Action due"

    local_authority = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    person_id = models.PositiveBigIntegerField()
    setting = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    cohort = models.SmallIntegerField()  # the year their school year began (people.school_year_start)
    sen_status = models.CharField(max_length=20)
    measure = models.CharField(max_length=12, choices=Measure.choices)
    # The person's pathway groups, as ",3,7," (none: ""), so one pass gives every table.
    pathways = models.CharField(max_length=200, blank=True)
    # A span holds from ``starts`` until the day before ``ends`` (9999-12-31: from then on). An
    # event (a review, a theme raised) happened on ``starts``; ``previous`` is the same kind of
    # event's day before it, for the same person, so a period counts a person once.
    starts = models.DateField(null=True)
    ends = models.DateField(null=True)
    previous = models.DateField(null=True)
    theme = models.ForeignKey(Theme, null=True, on_delete=models.CASCADE, related_name="+")
    question_group = models.CharField(max_length=12, blank=True)  # themes: "not_working" or "important"
    life_area = models.CharField(max_length=20, blank=True)  # outcomes and actions
    result = models.CharField(max_length=20, blank=True)  # outcomes: how far; actions: done on time, late...
    action_kind = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "measure", "starts"], name="fact_area_measure_day"),
            models.Index(fields=["local_authority", "measure", "ends"], name="fact_area_measure_end"),
            models.Index(fields=["person_id"], name="fact_person"),
        ]

    def __str__(self):
        return f"{self.measure} for person {self.person_id} from {self.starts}"


class PersonChanged(models.Model):
    """A person whose records changed since their facts were last worked out: written in the same
    transaction as the change (``facts.changed``), and cleared once their facts are brought up to
    date (``facts.bring_up_to_date``), before the area's figures are read."""

    person_id = models.PositiveBigIntegerField()

    def __str__(self):
        return f"person {self.person_id} changed"


class FactsBuilt(models.Model):
    """When an area's facts were worked out from scratch, and last brought up to date. Until they
    are built (an area that had records before this index existed) the first look at its figures
    builds them. ``version`` goes up by one whenever any of the area's facts change: published
    figures kept for a version (``insights.figures``) are the figures of the records as they are."""

    local_authority = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    built_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField()
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"facts of {self.local_authority_id} built {self.built_at:%Y-%m-%d %H:%M}"


class KeptFigures(models.Model):
    """The published figures of one area page (a period, a selection and a language), kept so the
    page shows them at once (``insights.figures.shown_figures``). Made by the same code as figures
    worked out on the spot (``figures._worked_out``), so every number in ``figures`` has been
    through disclosure control: only the text shown, why a number is hidden and the rounded number,
    never a true count, a name or a person.

    They are the figures of the area's facts at ``version`` and of the day ``as_at_day``, with the
    group names and themes of ``shown_as`` (a digest), read at ``worked_out_at``. When any of those
    has moved on, the page still shows them, saying when they are from, and queues one refresh
    (``refresh_queued_at``: at most one at a time for each row)."""

    local_authority = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)  # the period, the selection and the language (a digest)
    version = models.PositiveBigIntegerField()
    shown_as = models.CharField(max_length=64)
    as_at_day = models.DateField()
    worked_out_at = models.DateTimeField()
    figures = models.JSONField()
    refresh_queued_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["local_authority", "key"], name="kept_figures_once_a_page")]

    def __str__(self):
        return f"figures of {self.local_authority_id} as at {self.worked_out_at:%Y-%m-%d %H:%M}"
