"""The talk as one offline file: every scene, plotly once, nothing fetched, hostile text kept as text."""

from __future__ import annotations

import base64
import dataclasses
import html
import json
import re
from datetime import UTC, datetime

import pytest

from relief import charts, images, talkfile

from .. import bundled as shared


def figure_count(page: str) -> int:
    """How many scene charts a built talk embeds."""
    start = page.index('id="talk-charts">') + len('id="talk-charts">')
    return len(json.loads(page[start: page.index("</script>", start)]))


pytestmark = pytest.mark.xdist_group("talkfile")  # one worker builds the talk once for the module's tests


@pytest.fixture(scope="module")
def talk():
    """The talk file as built from the bundled data (tests/bundled.py; named ``talk``, not ``page``:
    pytest-playwright's ``page`` fixture would parametrize every test using it by browser)."""
    return shared.talk()


def test_every_scene_is_in_the_file_with_its_source_and_note(bundled, talk):
    scenes = list(bundled.scenes.itertuples(index=False))
    sections = re.findall(r'<section class="scene".*?</section>', talk, flags=re.S)
    assert len(sections) == len(scenes)
    for section, scene in zip(sections, scenes, strict=True):
        for text in (scene.title, scene.takeaway, scene.quote, scene.notes):
            assert html.escape(text) in section, text[:40]
        assert "Not medical advice" in section and "commercial blog post" in section


def test_plotly_is_inlined_once_and_nothing_is_fetched(bundled, talk):
    assert talk.count("plotly.js v") == 1
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(?!data:)', talk)
    charted = sum(1 for s in bundled.scenes.itertuples(index=False) if s.chart != "promo")
    assert figure_count(talk) == charted


def test_charts_are_drawn_light_and_fit_a_slide(talk):
    start = talk.index('id="talk-charts">')
    embedded = talk[start: talk.index("</script>", start)]
    assert charts.STYLES["dark"].ink not in embedded and charts.STYLES["light"].ink in embedded
    heights = [int(h) for h in re.findall(r'"height":\s*(\d+)', embedded)]
    assert heights and max(heights) <= 600


def test_hostile_scene_text_stays_text(bundled):
    scenes = bundled.scenes.copy()
    scenes.loc[0, "title"] = "</script><script>alert(1)</script>"
    scenes.loc[0, "notes"] = "<img src=x onerror=alert(1)>"
    page = talkfile.build(dataclasses.replace(bundled, scenes=scenes))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page


def test_file_name_has_the_date():
    assert talkfile.file_name(datetime(2026, 11, 30, tzinfo=UTC)) == "ketamine-relief_talk_2026-11-30.html"


def test_without_scripts_every_scene_shows_with_a_static_chart_and_its_verdicts(bundled, talk):
    """Scenes are hidden only under ``.js`` (set by the first script), so a preview without scripts shows all."""
    assert "<script>document.documentElement.classList.add('js')</script>" in talk.split("<style>")[0]
    style = talk[talk.index("<style>"): talk.index("</style>")]
    assert re.search(r"\n\.scene \{ display: block", style) and ".js .scene { display: none" in style
    assert not re.search(r"\n\.scene \{[^}]*display: none", style)
    sections = re.findall(r'<section class="scene".*?</section>', talk, flags=re.S)
    charted = [s for s in sections if 'class="chart"' in s]
    assert charted and all('<img class="static" alt="' in s and 'src="data:image/svg+xml;base64,' in s
                           for s in charted)
    svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', charted[0]).group(1))
    assert svg.lstrip().startswith(b"<svg")
    evidence = [s for s, r in zip(sections, bundled.scenes.itertuples(index=False), strict=True)
                if r.chart == "evidence"]
    assert evidence and all('<ul class="verdicts"' in s for s in evidence)


def test_a_server_that_cannot_make_images_still_writes_the_talk(bundled, monkeypatch):
    def broken(*args, **kwargs):
        raise images.ImageError("The server's browser does not run")

    monkeypatch.setattr(images.RENDERER, "render", broken)
    page = talkfile.build(bundled)
    assert "could not be drawn into this file (The server&#x27;s browser does not run)" in page
    assert figure_count(page) > 0


def test_the_talk_scene_according_to_whom_names_every_source_it_shows(bundled, talk):
    from relief import library as lib
    from relief import views

    [scene] = [s for s in bundled.scenes.itertuples(index=False) if s.chart == "compare"]
    view = views.scene(bundled, scene)
    assert view.figure is not None and view.sources
    shown = {row.split(" · ")[0] for row in view.figure.layout.yaxis.categoryarray if " · " in row}
    library = lib.default()
    for source in library:
        assert (f"{source.glyph} {source.name}" in shown) == (source.title in view.sources), source.slug
    assert len(shown) >= 3
    assert all(item[0].split(": ")[0] in {s.mark for s in library} for item in view.items)
    fitted = views.fit_for_slide(view.figure)
    assert fitted.layout.height <= 460
    section = talk[talk.index(f'aria-label="Scene {len(bundled.scenes)} of'):]
    for source in library:
        if source.title in view.sources:
            assert source.name in section and "Not medical advice" in section
