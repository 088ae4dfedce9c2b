from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insights.models import CommissioningAction, Theme
from ourplan.forms import GovukDateField, GovukModelForm, WholeNumberModelChoiceField


class CommissioningActionForm(GovukModelForm):
    """Who will do what by when about a theme, and how it is going."""

    by_when = GovukDateField(label=_("By when"), future=True)

    class Meta:
        model = CommissioningAction
        fields = ["theme", "you_said", "we_will", "who", "by_when", "status", "progress"]
        field_classes = {"theme": WholeNumberModelChoiceField}
        labels = {
            "theme": _("Theme"),
            "you_said": _("You said"),
            "we_will": _("What we will do"),
            "who": _("Who will do it"),
            "status": _("How it is going"),
            "progress": _("Progress so far (optional)"),
        }
        help_texts = {
            "theme": _("The theme in people's plans this is about."),
            "you_said": _(
                "What many people told us, in plain words. Never anything that could identify one child or family."
            ),
            "we_will": _("What will change, in plain words."),
            "who": _("A named team or role, for example Home to school transport team."),
        }
        widgets = {
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "we_will": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }
        error_messages = {
            "theme": {"invalid_choice": _("Choose a theme from the list")},
            "you_said": {"required": _("Enter what people told you")},
            "we_will": {"required": _("Enter what you will do")},
            "who": {"required": _("Enter who will do it")},
            "status": {"required": _("Choose how it is going"), "invalid_choice": _("Choose how it is going")},
        }

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(local_authority__in=areas, retired=False)
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["theme"].required = True
        self.fields["theme"].error_messages["required"] = _("Choose the theme this is about")
        self.fields["status"].choices = CommissioningAction.Status.choices

    def clean_by_when(self):
        by_when = self.cleaned_data["by_when"]
        if self.instance.pk is None and by_when < timezone.localdate():
            raise forms.ValidationError(_("By when must be today or in the future"))
        return by_when
