"""Presentation mode, exports that arrive and parse, and axe-core on every page, scene and theme."""

from __future__ import annotations

import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from relief import pages as registry
from relief.dataset import BUNDLED
from relief.exports import read_csv_export

from .. import bundled
from ..programs import require
from .conftest import ARTIFACTS, fresh_page
from .helpers import NEXT, PREVIOUS, chart_state, no_exception, press_shortcut, wait_for_app, wait_until_still

AXE = "tests/e2e/node_modules/axe-core/axe.min.js"  # a row of tests/programs.txt
SCENES = bundled.scenes()
PAGES = [registry.url_path(p) for p in registry.PAGES]  # every page (relief/pages.py) ...
PAGES.insert(PAGES.index("explorer") + 1, "explorer?evidence=1")  # ... and the explorer with the studies drawn


def axe_serious(page: Page) -> list[str]:
    """Serious or critical WCAG 2.1 A/AA violations on the whole (fully laid out) page."""
    height = page.evaluate("() => Math.max(720, ...[...document.querySelectorAll('[data-testid=stMain]')]"
                           ".map(e => e.scrollHeight))")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height + 40, 12000)})
    wait_until_still(page)  # laid out again at this size, nothing fading or changing colour, no rerun to come
    page.add_script_tag(path=require(AXE))
    found = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.impact} ${v.id}: ${v.nodes.length} × ${v.help} (${v.nodes[0].target.join(' ')})`);
    }""")
    return found


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_serious_on_any_page(browser, base_url, theme, path):
    with fresh_page(browser, color_scheme=theme) as page:
        page.goto(f"{base_url}/{path}")
        wait_for_app(page)
        assert axe_serious(page) == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_scene_presents_cleanly_in_both_themes(browser, base_url, theme):
    """The talk given as a speaker gives it: opened at its first scene, then the next scene by key, each checked."""
    with fresh_page(browser, color_scheme=theme) as page:
        for number, scene in enumerate(SCENES, start=1):
            page.set_viewport_size({"width": 1280, "height": 720})
            if number == 1:
                page.goto(f"{base_url}/talk?present=1&scene=1")
            else:
                press_shortcut(page, "ArrowRight", NEXT)
                expect(page).to_have_url(re.compile(f"[?&]scene={number}(&|$)"))  # the first is the default
            expect(page.locator("h1").first).to_have_text(scene.title)
            wait_for_app(page)
            expect(page.get_by_text("not medical advice").first).to_be_visible()
            expect(page.get_by_test_id("stSidebar")).to_have_count(0)
            if scene.chart != "promo":  # every scene but the marketing one has a chart: drawn before the checks
                expect(page.locator("[data-testid=stPlotlyChart] .main-svg .trace").first).to_be_visible()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"scene-{theme}-{number}.png"))
            assert axe_serious(page) == [], scene.scene_id
            no_exception(page)


def test_presentation_mode_hides_the_chrome_and_uses_large_type(page: Page, console):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/talk?present=1&scene=2")
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(page.get_by_test_id("stToolbar")).to_be_hidden()
    expect(page.locator("[data-testid=stPlotlyChart] .annotation-text").first).to_be_attached()  # row labels
    sizes = page.locator("[data-testid=stPlotlyChart] .annotation-text, [data-testid=stPlotlyChart] .xtick text") \
        .evaluate_all("els => els.filter(e => !e.textContent.includes('▶'))"  # the open end's note, not a label
                      ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 18
    expect(page.get_by_text("not medical advice").first).to_be_visible()


def test_keyboard_moves_the_talk_and_the_url_follows(page: Page, console, browser, base_url):
    page.goto("/talk?present=1&scene=2")
    wait_for_app(page)
    press_shortcut(page, "ArrowRight", NEXT)
    expect(page).to_have_url(re.compile(r"scene=3"))
    expect(page.locator("h1").first).to_have_text(SCENES[2].title)
    press_shortcut(page, "PageDown", "Next scene")
    expect(page).to_have_url(re.compile(r"scene=4"))
    press_shortcut(page, "PageUp", "Previous scene")
    expect(page).to_have_url(re.compile(r"scene=3"))
    press_shortcut(page, "ArrowLeft", PREVIOUS)
    expect(page).to_have_url(re.compile(r"scene=2"))
    press_shortcut(page, "ArrowRight", NEXT)
    expect(page).to_have_url(re.compile(r"scene=3"))
    wait_for_app(page)
    with fresh_page(browser) as fresh:
        fresh.goto(page.url)
        wait_for_app(fresh)
        expect(fresh.locator("h1").first).to_have_text(SCENES[2].title)
        expect(fresh.get_by_test_id("stSidebar")).to_have_count(0)
    page.keyboard.press("Tab")  # keyboard focus is visible
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_escape_leaves_the_presentation_on_the_same_scene(page: Page, console):
    page.goto("/talk?present=1&notes=1&scene=4")
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    press_shortcut(page, "Escape", "Exit presentation")
    expect(page).not_to_have_url(re.compile(r"present=|notes="))
    expect(page).to_have_url(re.compile(r"scene=4"))
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page.locator("h1").first).to_have_text(SCENES[3].title)
    expect(page.get_by_role("button", name="Exit presentation")).to_have_count(0)
    no_exception(page)


def download(page: Page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def test_exports_arrive_and_parse(page: Page, console):
    page.goto("/explorer?routes=iv,oral&reading=generous")
    wait_for_app(page)
    page.get_by_text("Take this view away").click()
    about, table = read_csv_export(download(page, "Data (CSV)"))
    assert about["Lexicon reading"].startswith("generous") and "oral" in about["Filters"]
    assert about["View"].endswith("/explorer?routes=iv%2Coral&reading=generous")
    assert list(table["Claim"]) == chart_state(page)["labels"]
    png = Image.open(io.BytesIO(download(page, "Image (PNG)")))
    assert png.format == "PNG" and png.width == 2400
    assert ET.fromstring(download(page, "Image (SVG)")).tag.endswith("svg")
    html = download(page, "Offline page (HTML)").decode()
    assert "Plotly.newPlot" in html and "IV infusion (overall)" in html
    assert not re.search(r"<script[^>]+src=", html)
    assert "static/js/" not in html  # nothing of the server's page added (relief/preload.py leaves downloads alone)
    expect(page.get_by_text("/explorer?routes=iv%2Coral&reading=generous").first).to_be_visible()
    no_exception(page)


def test_a_formula_in_user_data_comes_out_neutralised(page: Page, console, tmp_path):
    folder = tmp_path / "hostile"
    shutil.copytree(BUNDLED / "examples" / "example_guideline", folder)
    claims = folder / "claims.csv"
    claims.write_text(claims.read_text().replace("Nasal spray (example)", '"=HYPERLINK(""http://evil.example"",""x"")"'
                                                 ).replace(',""=HYPERLINK', ',"=HYPERLINK'), encoding="utf-8")
    page.goto("/your_data")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [str(p) for p in sorted(folder.iterdir()) if p.suffix in {".csv", ".txt", ".json"}])
    expect(page.get_by_text("Your data is valid")).to_be_visible(timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Routes explorer").click()
    wait_for_app(page)
    page.get_by_text("Take this view away").click()
    _, table = read_csv_export(download(page, "Data (CSV)"))
    hostile = [c for c in table["Claim"] if "HYPERLINK" in c]
    assert hostile == ['\'=HYPERLINK("http://evil.example","x")']
