"""What the one-page profile PDF would cost with less of its design, against the one-line page of
``profile_pdf_warm_vs_minimal``: how far any design of Sam's profile could go towards ``<=2``.

Each document below is Sam's profile (``bench/pdf.py``'s: ten statements, seven pictures, a photo)
made the profile's way (its fonts, default stylesheet, markup read once, tagged PDF), with:

- ``profile``: everything (``profiles.documents.render_pdf``, as the figure measures it);
- ``no_design``: the same markup with no styling but the font and the pictures' size (no boxes,
  colours, spacing or placing);
- ``no_design_no_pictures``: that, without the seven pictures and the photo;
- ``text_alone``: the name, headings and statements as plain paragraphs, nothing else.

    .venv/bin/python bench/pdf_floor.py [--rounds N]

sets up a demo area of its own (about a minute) and prints one line per document: its median time
and that divided by the one-line page's, taken in the same run. ``--in-env`` is how it runs itself
inside that area's environment.
"""

import argparse
import html
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def documents():
    """name -> a function making that document's PDF (see above)."""
    from pdf import sams_page  # bench/pdf.py
    from weasyprint import CSS, HTML

    from profiles import documents as made
    from profiles import layout, symbols

    page, photo, _pictures = sams_page()
    font_config, _stylesheet = made._base()
    unstyled = CSS(
        string=made.font_faces_css() + 'html { font-family: "Noto Sans" } img { width: 1cm; height: 1cm }',
        font_config=font_config,
        url_fetcher=made._local_files((layout.FONTSOURCE,)),
    )
    markup = made._html(page, tight=False)
    texts = [page.name] + [s.label for s in page.sections] + [item.text for s in page.sections for item in s.items]
    paragraphs = "".join(f"<p>{html.escape(text)}</p>" for text in texts)
    plain = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>{html.escape(page.name)}</title></head><body>{paragraphs}</body></html>'
    roots = (layout.FONTSOURCE, symbols.OPENMOJI_SVG, photo.parent)

    def made_as_the_profile(markup):
        def render():
            document = made._html_class().from_template(markup, layout.FONTSOURCE.as_uri(), made._local_files(roots))
            laid_out = document.render(font_config=font_config, stylesheets=[unstyled], cache=made._ImageCache())
            if len(laid_out.pages) != 1:
                raise SystemExit(f"bench/pdf_floor.py: a document took {len(laid_out.pages)} pages")
            return laid_out.write_pdf(pdf_tags=True)

        return render

    return photo, {
        "minimal": lambda: HTML(string="<p>OurPlan</p>").write_pdf(),
        "profile": lambda: made.render_pdf(page),
        "no_design": made_as_the_profile(markup),
        "no_design_no_pictures": made_as_the_profile(re.sub(r"<img [^>]*/>", "", markup)),
        "text_alone": made_as_the_profile(plain),
    }


def measure(rounds):
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
    import django

    django.setup()
    from pdf import abba  # bench/pdf.py

    photo, renders = documents()
    try:
        for render in renders.values():  # warm
            render()
        samples = abba(renders, rounds)
    finally:
        photo.unlink(missing_ok=True)
    print(json.dumps(samples))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--in-env", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.in_env:
        return measure(args.rounds)

    sys.path.insert(0, str(ROOT / "bench"))
    from run import bench_script, manage, server_env

    data_dir = Path(tempfile.mkdtemp(prefix="ourplan-pdf-floor-"))
    try:
        env = server_env(data_dir)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        samples = bench_script(env, "pdf_floor.py", "--in-env", "--rounds", args.rounds, timeout=600)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    minimal = statistics.median(samples["minimal"])
    for name, taken in samples.items():
        median = statistics.median(taken)
        print(f"{name:<22} {median * 1000:7.1f} ms  {median / minimal:5.2f} x the one-line page")


if __name__ == "__main__":
    main()
