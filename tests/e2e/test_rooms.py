"""Real rooms: a phone, paper, a projector at 720p and 1080p, and a talk given from a file with no network."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from relief import pages as registry

from .. import bundled
from ..programs import require
from .conftest import ARTIFACTS, fresh_page
from .helpers import (
    CHART,
    NEXT,
    SCALE_HALVES,
    crowded_chart_texts,
    hidden_tick_labels,
    no_exception,
    press_shortcut,
    wait_for_app,
)

SCENES = bundled.scenes()


def chart_ready(page: Page) -> None:
    expect(page.locator(f"{CHART} .main-svg").first).to_be_attached(timeout=30_000)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?._fullLayout?._size?.w > 0")


def tick_boxes(page: Page) -> list[dict]:
    return page.locator(f"{CHART} .xtick text").first.evaluate_all(
        "els => [...els[0].closest('.js-plotly-plot').querySelectorAll('.xtick text')]"
        ".filter(e => e.textContent.trim() && getComputedStyle(e).display !== 'none')"
        ".map(e => { const r = e.getBoundingClientRect(); return {x0: r.left, x1: r.right, t: e.textContent}; })")


def test_a_phone_reads_the_chart(browser, base_url):
    with fresh_page(browser, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2) as page:
        page.goto(f"{base_url}/explorer?routes=iv,oral,intranasal")
        wait_for_app(page)
        chart_ready(page)
        chart = page.locator(CHART).first
        size = chart.evaluate("el => ({w: el._fullLayout.width, plot: el._fullLayout._size.w})")
        assert size["plot"] >= size["w"] / 2, size  # the plot area is at least half the chart
        assert hidden_tick_labels(page) == []  # "2 years" at the axis' end was hidden: a grid line with no label
        boxes = sorted(tick_boxes(page), key=lambda b: b["x0"])
        assert len(boxes) >= 3
        for a, b in itertools.pairwise(boxes):
            assert a["x1"] <= b["x0"], (a, b)  # no two tick labels overlap
        title = page.locator(f"{CHART} .g-xtitle text").first.bounding_box()
        box = chart.bounding_box()
        assert title["x"] >= box["x"] - 1 and title["x"] + title["width"] <= box["x"] + box["width"] + 1
        page.locator(f"{CHART} .barlayer .point path").first.hover(force=True)
        hover = page.locator(f"{CHART} .hoverlayer .hovertext").first
        expect(hover).to_contain_text("“")  # a box with the article's words, the widest kind
        shown = hover.bounding_box()  # the whole box inside the chart (it was cut at the edge)
        assert box["x"] - 1 <= shown["x"] and shown["x"] + shown["width"] <= box["x"] + box["width"] + 1, shown
        chart.click(position={"x": box["width"] / 2, "y": 60})  # a tap shows no floating toolbar over the bars
        expect(page.locator(f"{CHART} .modebar-container")).to_be_hidden()
        overflow = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth - innerWidth")
        assert overflow <= 0  # the controls stack instead of running off the screen
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "phone-explorer.png"))
        no_exception(page)


def test_a_phone_reads_every_chart(browser, base_url):
    """On a 390 px phone every chart's texts stand apart and inside it, and each end of its axis keeps its label."""
    with fresh_page(browser, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2) as page:
        for listed in registry.PAGES:
            if not listed.opens_with_chart:
                continue
            page.goto(f"{base_url}/{registry.url_path(listed)}")
            wait_for_app(page)
            expect(page.locator(f"{CHART} .main-svg").first).to_be_attached()
            assert (hidden_tick_labels(page), crowded_chart_texts(page)) == ([], []), listed.script
            no_exception(page)


def test_print_has_no_chrome_and_a_footer(browser, base_url, tmp_path):
    with fresh_page(browser, 1400, 900) as page:
        page.goto(f"{base_url}/explorer?routes=iv,oral&reading=generous")
        wait_for_app(page)
        chart_ready(page)
        expect(page.locator(".st-key-printfoot")).to_be_hidden()  # not on screen
        page.emulate_media(media="print")
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.get_by_test_id("stHeader")).to_be_hidden()
        expect(page.get_by_role("button", name=re.compile("Take this view away"))).to_be_hidden()
        expect(page.get_by_test_id("stButtonGroup").first).to_be_hidden()
        footer = page.locator(".st-key-printfoot")
        expect(footer).to_be_visible()
        source = footer.locator(".relief-print-source")
        expect(source).to_be_visible()
        expect(source).to_have_attribute("data-text", re.compile("Not medical advice"))
        assert "Not medical advice" in source.evaluate("e => getComputedStyle(e, '::before').content")
        expect(footer).to_contain_text("/explorer?routes=iv")
        expect(footer).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"))
        last = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=stElementContainer]')]"
                             ".filter(e => e.offsetParent).map(e => e.getBoundingClientRect().bottom))")
        assert footer.bounding_box()["y"] + 5 >= last - footer.bounding_box()["height"]  # printed at the foot
        pdf = tmp_path / "explorer.pdf"
        page.pdf(path=str(pdf), format="A4")
        # the chart is scaled to the paper (A4 less margins is about 700 CSS px), not cut at the right
        width = page.evaluate(f"() => document.querySelector('{CHART} .main-svg').getBoundingClientRect().width")
        svg_width = page.evaluate(f"() => +document.querySelector('{CHART} .main-svg').getAttribute('width')")
        assert page.evaluate(f"() => document.querySelector('{CHART} .main-svg').getAttribute('viewBox')")
        assert width <= 1400 and svg_width > 0
        subprocess.run([require("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        str(ARTIFACTS / "print-explorer")], check=True)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_scene_fits_the_screen_when_presenting(browser, base_url, size):
    width, height = size
    with fresh_page(browser, width, height) as page:
        for number, scene in enumerate(SCENES, start=1):  # opened at the first scene, then the next by key
            if number == 1:
                page.goto(f"{base_url}/talk?present=1&scene=1")
            else:
                press_shortcut(page, "ArrowRight", NEXT)
                expect(page).to_have_url(re.compile(f"[?&]scene={number}(&|$)"))  # the first is the default
            expect(page.locator("h1").first).to_have_text(scene.title)
            # the run drawn for this screen's scale has finished (before it, the chart can be redrawn under a check:
            # its box was gone once, at 1920×1080)
            expect(page.locator(f"[class*=st-key-relief-scale-drawn-{SCALE_HALVES[size]}]")).to_be_attached(
                timeout=30_000)
            wait_for_app(page)
            takeaway = page.get_by_text(scene.takeaway[:40]).first
            expect(takeaway).to_be_visible()
            assert takeaway.bounding_box()["y"] + takeaway.bounding_box()["height"] <= height
            if page.locator(CHART).count():
                chart_ready(page)
                expect(page.locator(CHART).first).to_be_visible()
                box = page.locator(CHART).first.bounding_box()
                assert box["y"] >= 0 and box["y"] + box["height"] <= height, (number, box, height)
            scroll = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")
            assert scroll == 0
            if width == 1280:
                page.screenshot(path=str(ARTIFACTS / f"present-720p-{number}.png"))
            no_exception(page)


def test_at_200_percent_zoom_the_chart_starts_on_the_first_screen(browser, base_url):
    with fresh_page(browser, 640, 360, device_scale_factor=2) as page:  # 1280×720 at 200 %
        for number in (2, 3):
            page.goto(f"{base_url}/talk?scene={number}")
            wait_for_app(page)
            chart_ready(page)
            top = page.locator(CHART).first.bounding_box()["y"]
            assert top < 360, (number, top)
            page.screenshot(path=str(ARTIFACTS / f"zoom200-scene-{number}.png"))


def test_the_downloaded_talk_runs_from_a_file_without_a_network(browser, base_url, tmp_path):
    with fresh_page(browser, 1280, 720) as page:
        page.goto(f"{base_url}/talk")
        wait_for_app(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="Download the talk").click()
        download = info.value
        assert re.fullmatch(r"ketamine-relief_talk_\d{4}-\d\d-\d\d\.html", download.suggested_filename)
        path = tmp_path / download.suggested_filename
        download.save_as(path)
    assert "static/js/" not in path.read_text(encoding="utf-8")  # as built: no script of the server's page in it
    asked: list[str] = []
    with fresh_page(browser, 1280, 720) as page:
        def block(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                asked.append(route.request.url)
                route.abort()
        page.context.route("**/*", block)
        page.goto(path.as_uri())
        expect(page.locator("body[data-ready='1']")).to_be_attached(timeout=30_000)
        scene = page.locator(".scene.current")
        expect(scene.locator("h1")).to_have_text(SCENES[0].title)
        expect(scene.locator(".js-plotly-plot .main-svg").first).to_be_visible()
        expect(scene).to_contain_text("Not medical advice")
        page.keyboard.press("ArrowRight")
        expect(page.locator(".scene.current h1")).to_have_text(SCENES[1].title)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowLeft")
        expect(page.locator(".scene.current h1")).to_have_text(SCENES[1].title)
        expect(page.locator(".scene.current .notes")).to_be_hidden()
        page.keyboard.press("n")
        expect(page.locator(".scene.current .notes")).to_be_visible()
        page.keyboard.press("End")
        expect(page.locator(".scene.current h1")).to_have_text(SCENES[-1].title)
        page.screenshot(path=str(ARTIFACTS / "talk-file-last.png"))
        page.emulate_media(media="print")
        pdf = tmp_path / "talk.pdf"
        page.pdf(path=str(pdf), landscape=True, format="A4")
        assert _pdf_pages(pdf) == len(SCENES)  # one scene per printed page
        subprocess.run([require("pdftoppm"), "-png", "-r", "50", "-f", "2", "-l", "2", str(pdf),
                        str(ARTIFACTS / "talk-file-print")], check=True)
    assert asked == []  # nothing was fetched from a network
    # A preview without scripts (mail, chat, QuickLook): every scene, each chart as a picture, the verdicts as text.
    with fresh_page(browser, 1280, 720, java_script_enabled=False) as page:
        page.goto(path.as_uri())
        for number, scene in enumerate(SCENES, start=1):
            section = page.locator(f"#scene-{number}")
            expect(section.locator("h1")).to_have_text(scene.title)
            expect(section).to_contain_text(scene.takeaway)
            if scene.chart != "promo":
                picture = section.locator("img.static")
                expect(picture).to_be_visible()
                assert picture.evaluate("img => img.complete && img.naturalWidth > 600")
            if scene.chart == "evidence":
                expect(section.locator(".verdicts li").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "talk-file-no-script.png"), full_page=True)


def _pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def test_presenting_on_a_reachable_address_shows_a_code_for_the_audience(browser_type, base_url):
    """Opened as ``follow.test`` (the browser maps the name to this machine), the app is not on loopback."""
    from .conftest import CHROMIUM_ARGS

    port = base_url.rsplit(":", 1)[1]
    browser = browser_type.launch(executable_path=require("chromium"),
                                  args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP follow.test 127.0.0.1"])
    try:
        with fresh_page(browser, 1280, 720) as page:
            page.goto(f"http://follow.test:{port}/talk?present=1&scene=3")
            wait_for_app(page)
            code = page.locator(".st-key-followalong img")
            expect(code).to_be_visible()
            expect(page.locator(".st-key-followalong")).to_contain_text("Follow along")
            chart = page.locator(CHART).first.bounding_box()
            qr = code.bounding_box()
            assert qr["x"] >= chart["x"] + chart["width"] - 1  # never over the chart
            page.screenshot(path=str(ARTIFACTS / "present-follow-along.png"))
            page.goto(f"http://follow.test:{port}/talk?scene=3")  # not presenting: no code
            wait_for_app(page)
            expect(page.locator(".st-key-followalong")).to_have_count(0)
        with fresh_page(browser, 1280, 720) as page:  # on localhost: no code
            page.goto(f"{base_url}/talk?present=1&scene=3")
            wait_for_app(page)
            expect(page.locator("h1").first).to_be_visible()
            expect(page.locator(".st-key-followalong")).to_have_count(0)
    finally:
        browser.close()


def test_three_quick_exports_in_dark_mode_all_arrive_light_and_named_for_the_view(browser, base_url, tmp_path):
    import io

    from PIL import Image

    with fresh_page(browser, 1400, 900, color_scheme="dark", accept_downloads=True) as page:
        page.goto(f"{base_url}/explorer?routes=iv,oral&reading=generous")
        wait_for_app(page)
        chart_ready(page)
        page.get_by_text("Take this view away").click()
        buttons = [page.get_by_role("button", name=n) for n in ("Image (PNG)", "Image (SVG)", "Offline page (HTML)")]
        for button in buttons:
            expect(button).to_be_enabled()
        arrived = []
        page.on("download", lambda d: arrived.append(d))
        for button in buttons:  # one after the other, without waiting for the files
            button.click()
        while len(arrived) < 3:  # each file as it arrives (the handler above keeps every one)
            page.wait_for_event("download", timeout=60_000)
        names = sorted(d.suggested_filename for d in arrived)
        stem = r"ketamine-relief_routes-iv-oral_generous_\d{4}-\d\d-\d\d"
        assert [re.sub(stem, "STEM", n) for n in names] == ["STEM.html", "STEM.png", "STEM.svg"], names
        files = {Path(d.suggested_filename).suffix: Path(d.path()).read_bytes() for d in arrived}
        assert all(files.values())  # every file arrived whole, none "not found"
        image = Image.open(io.BytesIO(files[".png"])).convert("RGB")
        (ARTIFACTS / "export-from-dark-mode.png").write_bytes(files[".png"])
        counts = {c: n for n, c in image.getcolors(maxcolors=1 << 22)}
        assert max(counts, key=counts.get) == (255, 255, 255)  # a white page
        assert counts.get((0x1F, 0x29, 0x33), 0) > 500 and counts.get((0xED, 0xEB, 0xE8), 0) == 0
        assert b"#EDEBE8" not in files[".svg"].upper() and b"#EDEBE8" not in files[".html"].upper()
        no_exception(page)
