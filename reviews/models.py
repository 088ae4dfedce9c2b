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

    class Meta:
        ordering = ["-meeting_date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.person} on {self.meeting_date:%d %B %Y}"


class Statement(models.Model):
    """One answer by one member of the circle to one of the six key questions."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="statements")
    question = models.CharField(max_length=20, choices=Question.choices)
    text = models.TextField(max_length=1000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_the_person = models.BooleanField(
        default=False, help_text=_("Written by the person the plan is about, shown first.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-by_the_person", "created_at", "id"]

    def __str__(self):
        return self.text
