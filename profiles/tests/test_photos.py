import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from audit.models import AuditEvent
from profiles import photos
from profiles.models import Profile
from profiles.operations import publish_profile

CAMERA = "Examplecam Z9"


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.PHOTO_DIR = tmp_path / "photos"
    return settings.PHOTO_DIR


def jpeg_from_a_phone(size=(1200, 900)):
    """A JPEG as a phone saves it: camera details, where it was taken, a comment, and turned on its side."""
    image = Image.new("RGB", size, "orange")
    image.paste("navy", (0, 0, size[0] // 2, size[1] // 4))  # top-left corner, to see which way up it ends
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Examplecam"
    exif[ExifTags.Base.Model] = CAMERA
    exif[ExifTags.Base.Orientation] = 6  # the camera was held on its side: turn 90° clockwise to show
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 26.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Taken at 12 Acacia Avenue")
    return out.getvalue()


def png_with_transparency():
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (100, 50, 200, 150))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims a huge picture: the shape of a decompression bomb."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_photo(client, person, data, name="photo.jpg", description="Sam smiling at the swimming pool"):
    return client.post(
        reverse("profiles:photo", args=[person.pk]), {"photo": upload(data, name), "description": description}
    )


def stored_files(photo_dir):
    return sorted(p.name for p in photo_dir.glob("*")) if photo_dir.exists() else []


def test_a_phone_photo_is_saved_without_its_location_camera_details_or_comment(area, signed_in, photo_dir):
    response = post_photo(signed_in(area.sam_user), area.sam, jpeg_from_a_phone())
    assert response.status_code == 302
    assert response.url == reverse("profiles:edit", args=[area.sam.pk])
    profile = Profile.objects.get(person=area.sam)
    assert profile.photo_description == "Sam smiling at the swimming pool"
    assert profile.updated_by == area.sam_user
    raw = photos.path_of(profile.photo).read_bytes()
    with Image.open(io.BytesIO(raw)) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in stored.info and "comment" not in stored.info and "icc_profile" not in stored.info
    assert b"Exif" not in raw and CAMERA.encode() not in raw and b"Acacia" not in raw


def test_a_photo_is_turned_the_right_way_up_and_made_no_bigger_than_800_pixels(area, photo_dir):
    name = photos.store(upload(jpeg_from_a_phone(size=(1200, 900))))
    with Image.open(photos.path_of(name)) as stored:
        assert stored.size == (600, 800)  # on its side in the file, upright once turned
        top_right = stored.convert("RGB").getpixel((590, 10))
    assert top_right[2] > 100 and top_right[0] < 60  # the navy corner is now at the top right


def test_a_text_file_named_photo_jpg_is_refused_and_what_was_typed_is_kept(area, signed_in, photo_dir):
    response = post_photo(
        signed_in(area.sam_user), area.sam, b"Dear diary, this is not a picture.", description="Sam on the bus"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in content
    assert "not a photo OurPlan can read. Choose a JPG, PNG, WebP or GIF photo." in content
    assert 'value="Sam on the bus"' in content
    assert "govuk-file-upload--error" in content and 'aria-describedby="id_photo-hint id_photo-error"' in content
    assert Profile.objects.get(person=area.sam).photo == ""
    assert stored_files(photo_dir) == []


def test_an_iphone_heic_photo_is_refused_with_what_to_do_instead(area, photo_dir):
    heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 200
    with pytest.raises(photos.PhotoRefused, match="HEIC format.*Choose a JPG instead"):
        photos.store(upload(heic, name="IMG_0001.HEIC", content_type="image/heic"))


def test_a_photo_over_5_mb_is_refused_with_its_size_and_what_to_do(area, signed_in, photo_dir):
    too_big = jpeg_from_a_phone() + b"\0" * (7 * 1024 * 1024)
    response = post_photo(signed_in(area.sam_user), area.sam, too_big)
    content = response.content.decode()
    assert response.status_code == 200
    assert "The photo must be 5 MB or smaller. This one is 7.1 MB: choose a smaller photo" in content
    assert "Sam smiling at the swimming pool" in content
    assert stored_files(photo_dir) == []


def test_a_png_with_transparency_is_kept_on_a_white_background(area, signed_in, photo_dir):
    response = post_photo(signed_in(area.sam_user), area.sam, png_with_transparency(), name="drawing.png")
    assert response.status_code == 302
    with Image.open(photos.path_of(Profile.objects.get(person=area.sam).photo)) as stored:
        assert stored.format == "JPEG" and stored.size == (300, 200)
        corner, middle = stored.getpixel((5, 5)), stored.getpixel((150, 100))
    assert min(corner) > 245
    assert middle[0] > 180 and middle[1] < 40


def test_a_gif_keeps_its_first_frame(area, photo_dir):
    frames = [Image.new("P", (40, 40), colour) for colour in (1, 2)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    with Image.open(photos.path_of(photos.store(upload(out.getvalue(), name="wave.gif")))) as stored:
        assert stored.format == "JPEG" and stored.size == (40, 40)


@pytest.mark.parametrize(
    "bomb",
    [png_claiming(100_000, 100_000), png_claiming(8000, 6000)],
    ids=["far beyond Pillow's own limit", "beyond OurPlan's 40 megapixels"],
)
def test_a_decompression_bomb_is_refused_before_it_is_unpacked(area, signed_in, photo_dir, bomb):
    response = post_photo(signed_in(area.sam_user), area.sam, bomb, name="innocent.png")
    assert response.status_code == 200
    assert "This photo is too big to use" in response.content.decode()
    assert stored_files(photo_dir) == []


def test_only_the_profiles_author_can_change_the_photo(area, signed_in, photo_dir):
    url = reverse("profiles:photo", args=[area.sam.pk])
    assert signed_in(area.sam_user).get(url).status_code == 200
    for someone in (area.aisha, area.patel, area.green, area.black, area.priya):
        client = signed_in(someone)
        assert client.get(url).status_code == 404, someone
        assert post_photo(client, area.sam, jpeg_from_a_phone()).status_code == 404, someone
    assert Profile.objects.get(person=area.sam).photo == ""
    assert stored_files(photo_dir) == []


def test_the_photo_page_tells_the_author_who_will_see_the_photo(area, signed_in):
    content = signed_in(area.sam_user).get(reverse("profiles:photo", args=[area.sam.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert "Only the people in Sam&#x27;s circle, and the people they share the profile with" in content
    assert "takes out the location and camera details" in content
    assert "What the photo shows" in content


def test_saving_a_photo_is_recorded_in_the_audit_log(area, signed_in):
    post_photo(signed_in(area.sam_user), area.sam, jpeg_from_a_phone())
    assert AuditEvent.objects.filter(
        person=area.sam, user=area.sam_user, action=AuditEvent.Action.CHANGED,
        what="changed the photo on Sam's one-page profile",
    ).exists()  # fmt: skip


def test_a_description_is_needed_and_says_what_to_write(area, signed_in, photo_dir):
    response = post_photo(signed_in(area.sam_user), area.sam, jpeg_from_a_phone(), description="  ")
    assert "Describe what the photo shows, for example" in response.content.decode()
    assert stored_files(photo_dir) == []


def test_the_photo_can_be_described_again_without_choosing_it_again(area, signed_in):
    profile = area.sam.profile
    photos.set_photo(profile, by=area.sam_user, uploaded_file=upload(jpeg_from_a_phone()), description="Sam")
    response = signed_in(area.sam_user).post(
        reverse("profiles:photo", args=[area.sam.pk]), {"description": "Sam at the beach"}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo_description == "Sam at the beach" and profile.photo


def test_the_photo_is_shown_to_the_circle_and_to_nobody_else(area, signed_in):
    photos.set_photo(area.sam.profile, by=area.sam_user, uploaded_file=upload(jpeg_from_a_phone()), description="Sam")
    url = reverse("profiles:photo_image", args=[area.sam.pk])
    assert signed_in(area.aisha).get(url).status_code == 404  # not published yet: only Sam sees it
    publish_profile(area.sam.profile, by=area.sam_user)
    response = signed_in(area.aisha).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    for outsider in (area.black, area.priya):
        assert signed_in(outsider).get(url).status_code == 404
    assert AuditEvent.objects.filter(person=area.sam, user=area.black, action=AuditEvent.Action.REFUSED).exists()


def test_no_photo_gives_404(area, signed_in):
    assert signed_in(area.aisha).get(reverse("profiles:photo_image", args=[area.sam.pk])).status_code == 404


def test_a_published_version_keeps_its_photo_when_the_photo_is_changed(area, signed_in, photo_dir):
    profile = area.sam.profile
    photos.set_photo(profile, by=area.sam_user, uploaded_file=upload(jpeg_from_a_phone()), description="First")
    first = profile.photo
    publish_profile(profile, by=area.sam_user)
    photos.set_photo(profile, by=area.sam_user, uploaded_file=upload(png_with_transparency()), description="Second")
    client = signed_in(area.aisha)
    url = reverse("profiles:photo_image", args=[area.sam.pk])
    published = b"".join(client.get(url, {"version": 1}).streaming_content)
    assert published == photos.path_of(first).read_bytes()
    # Aisha is not the author, so she sees the published photo; Sam sees the one he is working on.
    assert b"".join(client.get(url).streaming_content) == published
    working = b"".join(signed_in(area.sam_user).get(url).streaming_content)
    assert working == photos.path_of(profile.photo).read_bytes()
    client = signed_in(area.aisha)
    assert client.get(url, {"version": 2}).status_code == 404
    assert client.get(url, {"version": "../1"}).status_code == 404


def test_a_removed_photo_is_deleted_unless_a_published_version_shows_it(
    area, signed_in, photo_dir, django_capture_on_commit_callbacks
):
    profile = area.sam.profile
    photos.set_photo(profile, by=area.sam_user, uploaded_file=upload(jpeg_from_a_phone()), description="Kept")
    kept = profile.photo
    publish_profile(profile, by=area.sam_user)
    client = signed_in(area.sam_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:photo", args=[area.sam.pk]), {"remove": "1"})
    assert photos.path_of(kept).exists()  # version 1 still shows it
    with django_capture_on_commit_callbacks(execute=True):
        photos.set_photo(profile, by=area.sam_user, uploaded_file=upload(jpeg_from_a_phone()), description="Gone")
    unpublished = profile.photo
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profiles:photo", args=[area.sam.pk]), {"remove": "1"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo == "" and profile.photo_description == ""
    assert not photos.path_of(unpublished).exists()
    assert stored_files(photo_dir) == [kept]
    assert AuditEvent.objects.filter(what="removed the photo from Sam's one-page profile").count() == 2


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "photo.jpg",
        "0123456789abcdef0123456789ABCDEF.jpg",
        "0123456789abcdef0123456789abcdef.jpg/../../secret",
        "../0123456789abcdef0123456789abcdef.jpg",
        "0123456789abcdef0123456789abcdef.jpg\n",
        "",
        None,
    ],
)
def test_path_of_refuses_any_name_the_store_did_not_make(name):
    with pytest.raises(ValueError):
        photos.path_of(name)


def test_path_of_keeps_a_stored_name_inside_the_photo_folder(photo_dir):
    assert photos.path_of("0123456789abcdef0123456789abcdef.jpg").parent == photo_dir


def test_the_anonymous_visitor_is_sent_to_sign_in(client, area):
    response = client.get(reverse("profiles:photo_image", args=[area.sam.pk]))
    assert response.status_code == 302 and "sign" in response.url


def test_a_photo_that_would_push_the_profile_off_one_page_is_refused_and_not_kept(
    area, signed_in, photo_dir, monkeypatch
):
    from profiles import layout

    def too_long_with_a_photo(page):
        fits = not page.photo_path
        return layout.Fit(fits=fits, font_size=9, fullness=0.9 if fits else 1.1, shorten_by=0 if fits else 120)

    monkeypatch.setattr(layout, "fit", too_long_with_a_photo)
    response = post_photo(signed_in(area.sam_user), area.sam, jpeg_from_a_phone())
    assert "Shorten the statements by about 120 characters first, then add the photo" in response.content.decode()
    assert Profile.objects.get(person=area.sam).photo == ""
    assert stored_files(photo_dir) == []
