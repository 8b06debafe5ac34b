"""The talk as one offline file: every scene, plotly once, nothing fetched, hostile text kept as text."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import UTC, datetime

import pytest

from relief import charts, talkfile


@pytest.fixture(scope="module")
def page(bundled):
    return talkfile.build(bundled, when=datetime(2026, 11, 30, tzinfo=UTC))


def test_every_scene_is_in_the_file_with_its_source_and_note(bundled, page):
    scenes = list(bundled.scenes.itertuples(index=False))
    sections = re.findall(r'<section class="scene".*?</section>', page, flags=re.S)
    assert len(sections) == len(scenes)
    for section, scene in zip(sections, scenes, strict=True):
        for text in (scene.title, scene.takeaway, scene.quote, scene.notes):
            assert html.escape(text) in section, text[:40]
        assert "Not medical advice" in section and "commercial blog post" in section


def test_plotly_is_inlined_once_and_nothing_is_fetched(bundled, page):
    assert page.count("plotly.js v") == 1
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    charted = sum(1 for s in bundled.scenes.itertuples(index=False) if s.chart != "promo")
    assert talkfile.figure_count(page) == charted


def test_charts_are_drawn_light_and_fit_a_slide(page):
    start = page.index('id="talk-charts">')
    embedded = page[start: page.index("</script>", start)]
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
