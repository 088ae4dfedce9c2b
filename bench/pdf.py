"""How long a one-page profile PDF takes to make, measured in-process (no HTTP): run by bench/run.py
in the bench's production-like environment, after the demo area is loaded.

Renders a minimal one-line WeasyPrint page and the demo's Sam's profile (ten statements, seven with
a picture, plus an 800 by 800 photo), once each to warm up, then many times in turn (ABBA order),
and prints one JSON object on stdout: the seconds each render took, per document. Each render of the
profile is a whole one (``profiles.documents.render_pdf``); what it reuses from earlier renders is
described in bench/README.md ("Where the PDF's time goes").

    .venv/bin/python bench/pdf.py [--rounds N]     (with the bench's environment; see run.py)
"""

import argparse
import dataclasses
import json
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_EMAIL = "green@school.example"


def photo_like_the_store_makes(directory):
    """An 800 by 800 JPEG of a photo's detail (the photo store re-encodes uploads to at most this)."""
    from PIL import Image, ImageFilter

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{secrets.token_hex(16)}.jpg"
    noise = Image.effect_noise((800, 800), 64).filter(ImageFilter.GaussianBlur(2))
    Image.merge("RGB", (noise, noise.rotate(90), noise.rotate(180))).save(path, "JPEG", quality=85)
    return path


def sams_page():
    """Sam's one-page profile from the demo area, with a photo."""
    from django.conf import settings

    from people.models import Person
    from profiles.models import person_profile
    from profiles.onepage import page_from_profile, page_from_version

    sam = Person.objects.filter(preferred_name="Sam", coordinator__email=DEMO_EMAIL).order_by("pk").first()
    if sam is None:
        raise SystemExit("bench/pdf.py: the demo area's Sam is not in the database")
    profile = person_profile(sam)
    version = profile.versions.filter(number=profile.published_number).first()
    page = page_from_version(version, sam) if version else page_from_profile(profile)
    pictures = sum(1 for section in page.sections for item in section.items if item.symbol)
    if page.item_count < 6 or pictures < 3:
        raise SystemExit(
            f"bench/pdf.py: Sam's profile is not typical: {page.item_count} statements, {pictures} pictures"
        )
    photo = photo_like_the_store_makes(Path(settings.PHOTO_DIR))
    return dataclasses.replace(page, photo_path=str(photo), photo_description="Sam at the pool"), photo, pictures


def abba(renders, rounds):
    """The seconds each of ``renders`` (name -> function) took, over ``rounds`` rounds, in turn, in
    ABBA order (so a slow spell of the machine falls on each alike): name -> [seconds]."""
    samples = {name: [] for name in renders}
    for number in range(rounds):
        order = list(renders) if number % 2 == 0 else list(reversed(renders))
        for name in order:
            began = time.perf_counter()
            renders[name]()
            samples[name].append(time.perf_counter() - began)
    return samples


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="rounds of ABBA (default 20)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
    import django

    django.setup()
    from weasyprint import HTML

    from profiles.documents import render_pdf

    page, photo, pictures = sams_page()
    renders = {
        "minimal": lambda: HTML(string="<p>OurPlan</p>").write_pdf(),
        "profile": lambda: render_pdf(page),
    }
    try:
        started = time.perf_counter()
        for render in renders.values():  # warm: fonts, stylesheet, templates, imports
            render()
        warm_up = time.perf_counter() - started
        samples = abba(renders, args.rounds)
    finally:
        photo.unlink(missing_ok=True)
    print(json.dumps({"samples": samples, "warm_up": warm_up, "statements": page.item_count, "pictures": pictures}))


if __name__ == "__main__":
    main()
