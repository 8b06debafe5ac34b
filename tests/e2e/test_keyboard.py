"""Keyboard and high contrast: every focus shows a ring of at least 3:1 against the page (WCAG 1.4.11), the
toggles and the chart's toolbar included; selected states, toggles and the talk's progress stay visible under
Windows High Contrast (``forced-colors: active``)."""

from __future__ import annotations

import contextlib
import io

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .conftest import ARTIFACTS, fresh_page
from .helpers import CHART, wait_for_app

# The ring actually seen: the element's own outline, or its label's (a toggle's input is drawn by its label);
# the opacity of the element and every ancestor (a toolbar fading in); the page's background.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const ring = (el.matches('input') && el.closest('label')) || el;
  const style = getComputedStyle(ring);
  let opacity = 1;
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const page = getComputedStyle(document.querySelector('.stApp')).backgroundColor;
  const a = lum(rgb(style.outlineColor)), b = lum(rgb(page));
  const box = el.getBoundingClientRect();
  const name = el.getAttribute('aria-label') || el.getAttribute('data-title') || el.textContent || el.tagName;
  return {name: name.trim().slice(0, 40),
          style: style.outlineStyle, width: parseFloat(style.outlineWidth), opacity,
          contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), shown: box.width > 0 && box.height > 0};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_focus_on_the_explorer_shows_a_ring_of_3_to_1(browser, base_url, scheme):
    with fresh_page(browser, 1400, 900, color_scheme=scheme) as page:
        page.goto(f"{base_url}/explorer")
        wait_for_app(page)
        page.locator(CHART).first.wait_for()
        page.locator("[data-testid=stMain]").focus()
        seen, kinds = [], set()
        for _ in range(40):
            page.keyboard.press("Tab")
            # what fades in on focus must have finished fading: wait for that condition (no fixed sleep); one
            # that never gets there is reported below with its numbers
            with contextlib.suppress(PlaywrightError):
                page.wait_for_function(f"() => {{ const f = ({FOCUSED})(); return !f || f.opacity > 0.99; }}",
                                       timeout=3_000)
            focus = page.evaluate(FOCUSED)
            if focus is None or not focus["shown"]:
                continue
            seen.append(focus)
            if "Show" in focus["name"]:
                kinds.add("toggle")
            if focus["name"] in ("Zoom", "Pan", "Reset axes", "Fullscreen", "Download plot as a PNG"):
                kinds.add("toolbar")
        bad = [f for f in seen if f["style"] == "none" or f["width"] < 2 or f["opacity"] < 0.99 or f["contrast"] < 3]
        assert kinds == {"toggle", "toolbar"}, f"the walk never reached {({'toggle', 'toolbar'} - kinds)}"
        assert bad == [], bad
        page.screenshot(path=str(ARTIFACTS / f"focus-{scheme}.png"))


def _look(locator) -> tuple[float, float, float]:
    """The mean colour of what the screen shows of an element (its screenshot), not what its style claims:
    under forced colours the browser may paint over a computed background."""
    return tuple(ImageStat.Stat(Image.open(io.BytesIO(locator.screenshot())).convert("RGB")).mean)


def _differ(a, b, least: float = 40) -> bool:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) >= least


def test_high_contrast_keeps_selection_toggles_and_progress_visible(browser, base_url):
    with fresh_page(browser, 1400, 900, forced_colors="active") as page:
        page.goto(f"{base_url}/explorer?routes=iv,oral")
        wait_for_app(page)
        routes = page.get_by_role("toolbar", name="Routes")
        on, off = routes.get_by_role("button", name="IV infusion"), routes.get_by_role("button", name="Lozenge")
        expect(on).to_have_attribute("aria-pressed", "true")
        assert _differ(_look(on), _look(off)), "a selected pill looks like an unselected one"
        axis = page.get_by_role("radiogroup", name="Axis")
        log, linear = axis.get_by_role("radio", name="Log"), axis.get_by_role("radio", name="Linear")
        assert _differ(_look(log), _look(linear)), "the chosen axis looks like the other"
        tracks = {}
        for name in ("Show quotes", "Show published evidence"):
            label = page.locator("[data-testid=stCheckbox] label").filter(has=page.get_by_role("switch", name=name))
            track = label.locator("> div:not([data-testid])")
            assert _differ(_look(track), (255, 255, 255), 30), f"the toggle {name} is not drawn"
            tracks[page.get_by_role("switch", name=name).is_checked()] = _look(track)
        assert set(tracks) == {True, False} and _differ(tracks[True], tracks[False]), "on and off look the same"
        page.screenshot(path=str(ARTIFACTS / "forced-colors-explorer.png"))
        page.goto(f"{base_url}/talk?scene=2")
        wait_for_app(page)
        track = page.get_by_test_id("stProgressBarTrack")
        assert _differ(_look(track), (255, 255, 255), 30), "the talk's progress bar is invisible"
        page.screenshot(path=str(ARTIFACTS / "forced-colors-talk.png"))
