"""Dot voting: what one press of a button on the voting page asks for. Which dot is moved or taken
back is not a field here: the view finds it among the voter's own dots, or answers 404."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukForm, WholeNumberModelChoiceField
from toolkit.models import Dot, Idea

PLACE, MOVE, TAKE_BACK = "place", "move", "take_back"


class VoteForm(GovukForm):
    action = forms.ChoiceField(
        choices=[(PLACE, _("Place a dot")), (MOVE, _("Move a dot")), (TAKE_BACK, _("Take back a dot"))],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Use one of the buttons to place, move or take back a dot"),
            "invalid_choice": _("Use one of the buttons to place, move or take back a dot"),
        },
    )
    idea = WholeNumberModelChoiceField(
        queryset=Idea.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the ideas on this page")},
    )
    colour = forms.ChoiceField(
        choices=Dot.Colour.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose ‘could change now’ or ‘needs further planning’")},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = Idea.objects.filter(review=review)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in (PLACE, MOVE) and not cleaned.get("idea") and "idea" not in self.errors:
            self.add_error("idea", _("Choose the idea to put your dot on"))
        if action == PLACE and not cleaned.get("colour") and "colour" not in self.errors:
            self.add_error("colour", _("Choose ‘could change now’ or ‘needs further planning’"))
        return cleaned
