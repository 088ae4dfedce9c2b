"""The private store for one-page profile photos.

An upload is checked by what it contains, never by its name: it must open as a JPEG, PNG, WebP or
GIF picture of a sensible size. It is then turned the right way up, made into a new JPEG of at most
800 by 800 pixels and saved with no metadata at all (no location, camera details, comments or
colour profile). Files are kept under random names in ``settings.PHOTO_DIR``, which the web server
never serves directly: OurPlan hands a photo only to the person's circle (``profiles.views.photo``)
and to an open share link (``profiles.views.sharing``).

A published version keeps the photo it was published with, so a photo's file is deleted only when
neither the working copy nor any version uses it.
"""

import io
import math
import os
import re
import secrets
import warnings
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from profiles.models import Profile, ProfileVersion
from profiles.operations import check_fits

MAX_BYTES = 5 * 1024 * 1024
# More than any phone photo that fits in 5 MB; a small file that unpacks to more is a "decompression bomb".
MAX_PIXELS = 40_000_000
MAX_SIDE = 800
JPEG_QUALITY = 85
_NAME = re.compile(r"[0-9a-f]{32}\.jpg")
# HEIF brands: iPhones save photos as HEIC, which this Pillow cannot read (no HEIF plugin installed).
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}

Image.init()
# Only these decoders ever see an upload. AVIF and HEIF are added only where this Pillow can read them.
FORMATS = tuple(f for f in ("JPEG", "PNG", "WEBP", "GIF", "AVIF", "HEIF") if f in Image.OPEN)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class PhotoRefused(Exception):
    """The upload cannot be used as a photo. The message says why, and what to do instead."""


def path_of(name):
    """Where the photo called ``name`` is kept. Only names this module makes are accepted, so a
    name can never point outside the photo folder; anything else raises ``ValueError``."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"not a photo name: {name!r}")
    return Path(settings.PHOTO_DIR) / name


def store(uploaded_file):
    """Check, re-encode and keep ``uploaded_file`` (a Django ``UploadedFile``); return the new
    photo's name. Raises ``PhotoRefused`` with a message for the person who chose the file."""
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = max(getattr(uploaded_file, "size", 0) or 0, len(data))
        raise PhotoRefused(
            _(
                "The photo must be 5 MB or smaller. This one is %(size)s MB: choose a smaller photo or take a "
                "screenshot of it."
            )
            % {"size": math.ceil(size / (1024 * 1024) * 10) / 10}
        )
    if not data:
        raise PhotoRefused(_("The file you chose is empty. Choose a photo."))
    return _write(_reencode(_open(data)))


def delete(name):
    """Delete the photo file ``name``, if it is there."""
    path_of(name).unlink(missing_ok=True)


def is_used(name):
    """Whether a profile's working copy or any published version still shows photo ``name``."""
    return Profile.objects.filter(photo=name).exists() or ProfileVersion.objects.filter(photo=name).exists()


def _delete_when_unused(name):
    if name:
        transaction.on_commit(lambda: None if is_used(name) else delete(name))


def set_photo(profile, *, by, description, uploaded_file=None):
    """Give ``profile`` the photo in ``uploaded_file`` (or, without one, just describe its current
    photo in new words). ``description`` is what the photo shows, read out in its place.

    Raises ``PhotoRefused`` if the file cannot be used, and ``profiles.operations.DoesNotFit`` if the
    profile would no longer fit on one page with a photo; either way nothing changes. The old
    photo's file is kept while a published version shows it."""
    # Re-encoding takes a moment, so it happens before the profile is locked.
    name = store(uploaded_file) if uploaded_file is not None else None
    try:
        with transaction.atomic():
            locked = Profile.objects.select_for_update().get(pk=profile.pk)
            old = locked.photo
            new = name or old
            if not new:
                raise ValueError("There is no photo to describe: give set_photo an uploaded_file.")
            check_fits(locked, list(locked.statements.all()), photo=new)
            profile.photo = new
            profile.photo_description = description
            profile.updated_at = timezone.now()
            profile.updated_by = by
            profile.save(update_fields=["photo", "photo_description", "updated_at", "updated_by"])
            if old != new:
                _delete_when_unused(old)
    except BaseException:
        if name:
            delete(name)
        raise
    return profile


@transaction.atomic
def remove_photo(profile, *, by):
    """Take the photo off ``profile``'s working copy. Its file is deleted unless a published version shows it."""
    locked = Profile.objects.select_for_update().get(pk=profile.pk)
    old = locked.photo
    profile.photo = ""
    profile.photo_description = ""
    profile.updated_at = timezone.now()
    profile.updated_by = by
    profile.save(update_fields=["photo", "photo_description", "updated_at", "updated_by"])
    _delete_when_unused(old)
    return profile


def _too_many_pixels(image):
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise PhotoRefused(
            _(
                "This photo is too big to use: it is %(width)s by %(height)s pixels. Choose a smaller photo or take "
                "a screenshot of it."
            )
            % {"width": width, "height": height}
        )


def _not_a_photo(data):
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return PhotoRefused(
            _(
                "This looks like an iPhone photo in HEIC format, which OurPlan cannot read. Choose a JPG instead: "
                "on the iPhone, share the photo to Files or email and pick “Most Compatible”, or take a "
                "screenshot of it."
            )
        )
    return PhotoRefused(_("The file you chose is not a photo OurPlan can read. Choose a JPG, PNG, WebP or GIF photo."))


def _open(data):
    """The upload as a Pillow image, checked to be a whole picture of a sensible size."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
                _too_many_pixels(probe)  # from the header, before any pixels are unpacked
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=FORMATS)  # verify() leaves an image unusable
            _too_many_pixels(image)
            return image
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(
            _("This photo is too big to use. Choose a smaller photo or take a screenshot of it.")
        ) from None
    except Exception:  # any decoder failure on untrusted bytes means the same thing: not a usable photo
        raise _not_a_photo(data) from None


def _reencode(image):
    """A new JPEG of ``image``: the right way up, in sRGB, at most MAX_SIDE pixels across, and
    nothing else: no EXIF (so no location or camera details), no comments, no colour profile."""
    try:
        if image.format == "JPEG":
            image.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))  # decode at a reduced scale: less memory, faster
        icc = image.info.get("icc_profile")
        image = ImageOps.exif_transpose(image)  # loads the first frame only, for an animated GIF
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            image = Image.new("RGB", rgba.size, "white")
            image.paste(rgba, mask=rgba.getchannel("A"))
        elif image.mode not in ("RGB", "CMYK"):
            image = image.convert("RGB")
        if icc:
            try:
                image = ImageCms.profileToProfile(
                    image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB, outputMode="RGB"
                )
            except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
                pass  # a broken or unusual colour profile: keep the colours as they are
        image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
        # A fresh image carries no info from the upload (JPEG saving would copy a comment across).
        clean = Image.frombytes("RGB", image.size, image.tobytes())
        out = io.BytesIO()
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    except PhotoRefused:
        raise
    except Exception:  # damaged image data that passed the first checks
        raise PhotoRefused(
            _("The photo could not be read: the file may be damaged. Choose another photo or take a screenshot of it.")
        ) from None
    return out.getvalue()


def _write(jpeg):
    folder = Path(settings.PHOTO_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.jpg"
    fd = os.open(path_of(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "wb") as file:
        file.write(jpeg)
    return name
