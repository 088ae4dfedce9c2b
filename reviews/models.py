"""Person-centred reviews and the six key questions (seed 001)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Question(models.TextChoices):
    IMPORTANT_TO = "important_to", _("What is important to {name}?")
    IMPORTANT_FOR = "important_for", _("What is important for {name}?")
    WORKING = "working", _("What is working in {name}'s life?")
    NOT_WORKING = "not_working", _("What is not working in {name}'s life?")
    STRENGTHS = "strengths", _("What are {name}'s strengths?")
    CHALLENGES = "challenges", _("What are the challenges in {name}'s life?")


QUESTION_HINTS = {
    Question.IMPORTANT_TO: _("The things that make {name} happy, contented and fulfilled."),
    Question.IMPORTANT_FOR: _("The things {name} needs to keep healthy and safe, feel valued and develop."),
    Question.WORKING: _("What is going well and should carry on."),
    Question.NOT_WORKING: _("What needs to change."),
    Question.STRENGTHS: _("What {name} is good at and what people admire."),
    Question.CHALLENGES: _("What is hard for {name} at the moment."),
}


def question_text(question, name):
    return str(Question(question).label).format(name=name)


class Review(models.Model):
    class Kind(models.TextChoices):
        PERSON_CENTRED = "person_centred", _("Person-centred review")
        SEN_SUPPORT = "sen_support", _("Review of extra help at school (SEN support)")
        EHCP_ANNUAL = "ehcp_annual", _("Education, health and care plan annual review")
        TRANSITION = "transition", _("Transition review (Year 9 onwards, preparing for adulthood)")
        ONE_PLANNING = "one_planning", _("One Planning meeting (one plan agreed by everyone involved)")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON_CENTRED)
    meeting_date = models.DateField(_("date of the meeting"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reviews_taken_part_in",
        help_text=_("Everyone who took part in the planning. Actions can only go to them."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the invitations go (by default 4 weeks before the meeting) and when views are due
    # (by default 2 weeks before); a reminder goes a week before views are due to whoever has not sent theirs.
    invite_on = models.DateField(_("send the invitations on"), null=True, blank=True)
    views_due_on = models.DateField(_("views due by"), null=True, blank=True)

    class PersonTookPart(models.TextChoices):
        WHOLE = "whole", _("Came to the whole meeting")
        PART = "part", _("Came to part of the meeting")
        ONLINE = "online", _("Joined online")
        VIEWS_ONLY = "views_only", _("Gave their views before the meeting, and did not come")
        SOMEONE_SPOKE = "someone_spoke", _("Someone who knows them well spoke for them")
        NOT_AT_ALL = "not_at_all", _("Did not take part")

    # How the person the review is about took part, and anything that helped them (e.g. "used
    # their picture cards", "came for the first 20 minutes").
    person_took_part = models.CharField(max_length=20, choices=PersonTookPart.choices, blank=True)
    person_took_part_note = models.CharField(max_length=300, blank=True)
    # Goes up by one with every change to the meeting board, so screens that show the board can
    # ask cheaply whether there is anything new to show.
    board_version = models.PositiveIntegerField(default=0)
    # The record: once the facilitator signs it off, ``record`` holds everything it says, as it
    # was at that moment, and nothing in it changes again (later corrections are amendments).
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        # The caseload's "latest review held" and "latest transition review" of each person
        # (caseload.caseload) are one index seek each with these.
        indexes = [
            models.Index(fields=["person", "meeting_date"], name="review_person_date"),
            models.Index(fields=["person", "kind", "meeting_date"], name="review_person_kind_date"),
        ]

    @property
    def is_signed_off(self):
        return self.signed_off_at is not None

    def __str__(self):
        return f"{self.get_kind_display()} for {self.person} on {self.meeting_date:%d %B %Y}"


class Invitee(models.Model):
    """Someone asked to give their views before the review and to come to the meeting: someone in
    the circle, or anyone else needed (multi-agency), with their role."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_invitations"
    )
    name = models.CharField(_("their name"), max_length=150)
    email = models.EmailField(_("their email address"))
    role = models.CharField(_("their role"), max_length=150, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)  # when the invitation email went
    reminded_at = models.DateTimeField(null=True, blank=True)  # when the one reminder went
    responded_at = models.DateTimeField(null=True, blank=True)  # when they sent their views

    class TookPart(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        VIEWS_ONLY = "views_only", _("Sent their views only")
        NO = "no", _("Did not take part")

    took_part = models.CharField(_("how they took part"), max_length=20, choices=TookPart.choices, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "email"], name="invited_once_per_review")]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name


# How the person took part, as their own invitation records it: the attendance form asks about them
# once, and their own invitee row (if they were invited) says the same.
PERSON_AS_INVITEE = {
    Review.PersonTookPart.WHOLE: Invitee.TookPart.IN_PERSON,
    Review.PersonTookPart.PART: Invitee.TookPart.IN_PERSON,
    Review.PersonTookPart.ONLINE: Invitee.TookPart.ONLINE,
    Review.PersonTookPart.VIEWS_ONLY: Invitee.TookPart.VIEWS_ONLY,
    Review.PersonTookPart.SOMEONE_SPOKE: Invitee.TookPart.VIEWS_ONLY,
    Review.PersonTookPart.NOT_AT_ALL: Invitee.TookPart.NO,
}


def person_as_invitee(person_took_part):
    """``Review.person_took_part`` as an ``Invitee.TookPart`` value ("" when not recorded)."""
    return PERSON_AS_INVITEE.get(person_took_part, "")


class Statement(models.Model):
    """One answer by one member of the circle to one of the six key questions."""

    class Voice(models.TextChoices):
        OWN = "own", _("In their own words")
        HELPED = "helped", _("Helped to write it")
        TOLD = "told", _("They told me…: written down for them")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="statements")
    question = models.CharField(max_length=20, choices=Question.choices)
    text = models.TextField(max_length=1000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_the_person = models.BooleanField(
        default=False, help_text=_("Written by the person the plan is about, shown first.")
    )
    # For the person's own views: whether they wrote them, were helped, or an adult wrote down what
    # they said ("They told me…"); ``author`` is then the adult who helped or wrote.
    voice = models.CharField(max_length=10, choices=Voice.choices, default=Voice.OWN)
    symbol = models.CharField(max_length=40, blank=True)  # an OpenMoji hexcode from profiles.symbols
    draft = models.BooleanField(default=False)  # saved to come back to: only its author sees it
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Changes at the meeting: each save adds one to ``version``; a save made from an older version
    # is refused, so two people never silently overwrite each other. ``edited_by`` is whoever last
    # changed the words; a statement merged into another is kept, hidden, pointing to it.
    version = models.PositiveIntegerField(default=1)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    added_at_meeting = models.BooleanField(default=False)

    class Meta:
        ordering = ["-by_the_person", "created_at", "id"]
        indexes = [
            # the area figures' "own views recorded": reviews with a sent statement by the person
            models.Index(
                fields=["review"], name="statement_own_views", condition=models.Q(by_the_person=True, draft=False)
            ),
        ]

    def __str__(self):
        return self.text


class ReviewEmail(models.Model):
    """One email to one invitee about a review: the invitation, or the one reminder. Sent by the
    background task in ``reviews.emails``; its status is what the coordinator sees."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        RECORD = "record", _("Record of the meeting")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to go")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        NOT_NEEDED = "not_needed", _("Not needed")  # a reminder to someone who has already replied

    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)  # a plain reason, never a secret
    # The one moment this email is queued for. Each queued job carries the moment it was queued for;
    # a job whose moment no longer matches (the dates changed, or it was resent) does nothing.
    send_after = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["send_after", "id"]
        constraints = [models.UniqueConstraint(fields=["invitee", "kind"], name="one_email_of_each_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.invitee}"


class Amendment(models.Model):
    """A correction to a signed-off record: dated, attributed, shown with the record; the record
    itself never changes."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="amendments")
    text = models.TextField(_("the correction"), max_length=2000)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self):
        return self.text
