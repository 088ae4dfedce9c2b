"""The area review toolkit (seed 004): an area reviews person-centred planning over two facilitated
days and turns what it learns into a strategy whose actions are then tracked.

The toolkit's words (the groups of people, the five steps, their questions, things to think about,
ideas to try and local examples) are each area's own data (``PeopleGroup``, ``Step``, ``Prompt``),
copied from the built-in content (``content_default``) the first time an area uses the toolkit.
An ``AreaReview`` has ``Participant``s who join from their phones with a short code, no account
needed; they work in ``WorkGroup``s. Day 1: each group walks the pathway for one or two groups of
people and records ``Finding``s. Day 2: groups rotate round five tables (one per step) and add
``TableNote``s and ``Idea``s; everyone places six ``Dot``s; the ideas voted up become
``Priority``s with ``StrategyAction``s, which are tracked (``StrategyActionUpdate``) afterwards.

Nothing here is about one child: these are an area's views of its own services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_PEOPLE_GROUPS_PER_WORK_GROUP = 2
IDEAS_PER_TABLE = 2  # "top 2 ideas for the strategy", per group at each table
DOTS_PER_COLOUR = 3


class PeopleGroup(models.Model):
    """A group of people whose experience of planning is walked through (the customer pathways)."""

    area = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="toolkit_people_groups")
    name = models.CharField(_("group of people"), max_length=200)
    detail = models.CharField(_("more detail"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Step(models.Model):
    """One of the five steps of the pathway, as an area words it."""

    area = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="toolkit_steps")
    code = models.SlugField(help_text=_("Which of the toolkit's five steps this is; links it to the area's figures."))
    name = models.CharField(_("name"), max_length=200)
    about = models.CharField(_("what this step is about"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="toolkit_step_code_once_per_area")]

    def __str__(self):
        return self.name


class Prompt(models.Model):
    """A line of a step's sheet: a Day 1 question, a thing to think about, an idea to try or a local example."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question to walk the pathway")
        THINK_ABOUT = "think_about", _("Thing to think about")
        IDEA = "idea", _("Idea to try")
        EXAMPLE = "example", _("Example from another area")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="prompts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(_("where (for an example)"), max_length=200, blank=True)
    text = models.TextField(_("words"), max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["step", "kind", "position", "pk"]

    def __str__(self):
        return self.text[:60]


class AreaReview(models.Model):
    """Two facilitated days reviewing planning across an area, and the strategy that comes of them."""

    class Stage(models.TextChoices):
        SETTING_UP = "setting_up", _("Setting up")
        DAY_ONE = "day_one", _("Day 1: the review")
        DAY_TWO = "day_two", _("Day 2: the five tables")
        VOTING = "voting", _("Day 2: dot voting")
        ACTIONS = "actions", _("Day 2: setting actions")
        FINISHED = "finished", _("Finished: the strategy is being carried out")

    area = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="area_reviews")
    title = models.CharField(_("name"), max_length=200)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day_one = models.DateField(_("Day 1 date"))
    day_two = models.DateField(_("Day 2 date"))
    place = models.CharField(_("where"), max_length=300, blank=True)
    join_code = models.CharField(max_length=12, unique=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SETTING_UP)
    # Day 2's rotation: each group moves on a table every ``round_minutes``. While the timer runs,
    # ``round_started_at`` is set; while it is paused, ``paused_seconds_left`` holds what is left.
    rotation_round = models.PositiveSmallIntegerField(default=0)
    round_minutes = models.PositiveSmallIntegerField(default=15)
    round_started_at = models.DateTimeField(null=True, blank=True)
    paused_seconds_left = models.PositiveIntegerField(null=True, blank=True)
    voting_closed_at = models.DateTimeField(null=True, blank=True)
    # Goes up by one with every change, so screens in the room ask "anything new?" cheaply.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day_one", "-pk"]

    def __str__(self):
        return self.title

    @property
    def voting_open(self):
        return self.stage == self.Stage.VOTING and self.voting_closed_at is None


class WorkGroup(models.Model):
    """A small group in the room. On Day 1 it walks the pathway for one or two groups of people; on
    Day 2 it starts at table ``position`` and moves on one table each round."""

    review = models.ForeignKey(AreaReview, on_delete=models.CASCADE, related_name="work_groups")
    name = models.CharField(_("group name"), max_length=100)
    people_groups = models.ManyToManyField(PeopleGroup, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    on_paper = models.BooleanField(
        _("works on paper"), default=False, help_text=_("The facilitator types in what this group writes.")
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "name"], name="toolkit_group_name_once")]

    def __str__(self):
        return self.name


class Participant(models.Model):
    """Someone taking part. Joins with the review's code from their own phone (no account: the
    browser session holds who they are) or is added by the facilitator (working on paper)."""

    class Role(models.TextChoices):
        EXPERIENCE = "experience", _("A person or family member with experience of planning")
        COORDINATOR = "coordinator", _("Planning coordinator")
        SERVICE_MANAGER = "service_manager", _("Service manager")
        BOARD_CHAIR = "board_chair", _("Chair of the Partnership Board")
        PERSONALISATION_LEAD = "personalisation_lead", _("Personalisation lead")
        LEAD_OFFICER = "lead_officer", _("Lead officer")
        COMMISSIONER = "commissioner", _("Commissioner")
        CARE_MANAGEMENT = "care_management", _("Care management or community team")
        TRANSITION = "transition", _("Transition service (preparing for adulthood)")
        SUPPORT_PROVIDER = "support_provider", _("Support provider")
        SCHOOL = "school", _("School or college")
        HEALTH = "health", _("Health")
        OTHER = "other", _("Something else")

    review = models.ForeignKey(AreaReview, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    work_group = models.ForeignKey(
        WorkGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_paper = models.BooleanField(default=False, help_text=_("Added by the facilitator, who places their dots."))
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Finding(models.Model):
    """Day 1: what a group found, walking one step of the pathway for one group of people."""

    class Kind(models.TextChoices):
        WORKING = "working", _("What is working well")
        NOT_WORKING = "not_working", _("What is not working and needs to change")

    review = models.ForeignKey(AreaReview, on_delete=models.CASCADE, related_name="findings")
    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="findings")
    people_group = models.ForeignKey(PeopleGroup, on_delete=models.PROTECT, related_name="+")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(_("what you found"), max_length=1000)
    written_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    typed_by_facilitator = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step__position", "people_group__position", "kind", "pk"]
        indexes = [models.Index(fields=["review", "step", "people_group"])]

    def __str__(self):
        return self.text[:60]


class TableNote(models.Model):
    """Day 2: what a group wrote at a step's table, on the toolkit's template."""

    class Kind(models.TextChoices):
        WORKS_WELL = "works_well", _("What works well")
        NOT_WORKING = "not_working", _("What is not working")
        FUTURE = "future", _("What we want to see in the future")
        WHAT_IT_TAKES = "what_it_takes", _("What it would take to get there")

    review = models.ForeignKey(AreaReview, on_delete=models.CASCADE, related_name="table_notes")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="table_notes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(_("what your group says"), max_length=1000)
    round = models.PositiveSmallIntegerField(default=0)
    written_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    typed_by_facilitator = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step__position", "kind", "pk"]
        indexes = [models.Index(fields=["review", "step"])]

    def __str__(self):
        return self.text[:60]


class Idea(models.Model):
    """Day 2: one of a group's top 2 ideas for the strategy at a step's table; voted on with dots."""

    review = models.ForeignKey(AreaReview, on_delete=models.CASCADE, related_name="ideas")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="ideas")
    text = models.CharField(_("idea for the strategy"), max_length=300)
    written_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    typed_by_facilitator = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step__position", "pk"]

    def __str__(self):
        return self.text


class Dot(models.Model):
    """One of a participant's six dots: three "could change now", three "needs further planning".
    ``slot`` (1 to 3) and the unique constraint make a seventh dot impossible, even at once."""

    class Colour(models.TextChoices):
        NOW = "now", _("Could change now")
        LATER = "later", _("Needs further planning")

    review = models.ForeignKey(AreaReview, on_delete=models.CASCADE, related_name="dots")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="dots")
    colour = models.CharField(max_length=10, choices=Colour.choices)
    slot = models.PositiveSmallIntegerField()
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="dots")
    placed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["colour", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "colour", "slot"], name="toolkit_dot_slot_once"),
            models.CheckConstraint(
                condition=Q(slot__gte=1) & Q(slot__lte=DOTS_PER_COLOUR), name="toolkit_dot_slot_1_to_3"
            ),
        ]
        indexes = [models.Index(fields=["review", "idea", "colour"])]

    def __str__(self):
        return f"{self.get_colour_display()} dot {self.slot}"


class Priority(models.Model):
    """An idea the room chose as a priority, and what things will look like a year from now."""

    review = models.ForeignKey(AreaReview, on_delete=models.CASCADE, related_name="priorities")
    idea = models.OneToOneField(Idea, on_delete=models.PROTECT, related_name="priority")
    timescale = models.CharField(max_length=10, choices=Dot.Colour.choices, default=Dot.Colour.NOW)
    year_from_now = models.TextField(
        _("A year from now"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Imagine it is a year later. What is different? For example, "
            "\u201cAll young people in Year 9 have a person-centred review\u201d."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.idea.text


class StrategyAction(models.Model):
    """Who will do what by when for a priority, who monitors it and which task group delivers it and
    reports to the Partnership Board. Tracked afterwards like a plan's action."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        STUCK = "stuck", _("Stuck")

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    who = models.CharField(_("who"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategy_actions",
        help_text=_("Whose OurPlan account keeps it up to date, if they have one."),
    )
    what = models.TextField(_("will do what"), max_length=1000)
    by_when = models.DateField(_("by when"))
    monitored_by = models.CharField(_("who monitors it"), max_length=200)
    task_group = models.CharField(_("which task group delivers it and reports to the Board"), max_length=200)
    report_by = models.DateField(_("when it reports to the Partnership Board"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    stuck_note = models.TextField(_("what is in the way"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["by_when", "pk"]
        indexes = [models.Index(fields=["status", "by_when"])]

    def __str__(self):
        return self.what[:60]


class StrategyActionUpdate(models.Model):
    """Each change of a strategy action's progress, dated and attributed."""

    action = models.ForeignKey(StrategyAction, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=StrategyAction.Status.choices)
    note = models.TextField(max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_status_display()} ({self.at:%Y-%m-%d})"
