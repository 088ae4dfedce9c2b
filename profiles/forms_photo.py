from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ourplan.forms import GovukForm

ACCEPT = "image/jpeg,image/png,image/webp,image/gif"  # lets a phone offer photos (and turn HEIC into JPEG)


class PhotoForm(GovukForm):
    """A photo for the one-page profile and what it shows. The photo itself is checked, by its
    content, when it is stored (``profiles.photos.store``); this form only asks for it."""

    photo = forms.FileField(
        label=gettext_lazy("Choose a photo"),
        required=False,
        help_text=gettext_lazy("A JPG, PNG, WebP or GIF photo, 5 MB or smaller."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "empty": gettext_lazy("The file you chose is empty. Choose a photo."),
            "invalid": gettext_lazy("Choose a photo"),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("What the photo shows"),
        max_length=200,
        help_text=gettext_lazy("It is read out to people who cannot see the photo."),
        error_messages={
            "max_length": gettext_lazy(
                "Describe the photo in %(limit_value)d characters or fewer. It has %(show_value)d."
            ),
        },
    )

    def __init__(self, *args, person, has_photo, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_photo = has_photo
        name = person.preferred_name
        if has_photo:
            self._say("photo", label=_("Choose a new photo (if you want to change it)"))
        self._say(
            "photo",
            help_text=_(
                "A JPG, PNG, WebP or GIF photo, 5 MB or smaller. Only the people in %(name)s's circle, and the "
                "people they share the profile with, will see it. OurPlan takes out the location and camera details."
            )
            % {"name": name},
        )
        self._say(
            "description",
            help_text=_(
                "For example, “%(name)s smiling at the swimming pool”. It is read out to people who cannot see the "
                "photo."
            )
            % {"name": name},
        )
        self.fields["description"].error_messages["required"] = _(
            "Describe what the photo shows, for example “%(name)s smiling at the swimming pool”"
        ) % {"name": name}

    def _say(self, field, **words):
        """Set a field's label or hint for this person."""
        for attribute, text in words.items():
            setattr(self.fields[field], attribute, text)

    def refuse_photo(self, message):
        """Show ``message`` at the photo field: for a photo refused when it is stored, after this
        form found nothing wrong. GovukForm marks the field as it does for any other error."""
        self.add_error("photo", message)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo is None and not self.has_photo:
            raise forms.ValidationError(_("Choose a photo to upload"))
        return photo

    def clean_description(self):
        return " ".join(self.cleaned_data["description"].split())
