"""Keyboard and high contrast: every focus shows a ring of at least 3:1 against the page (WCAG 1.4.11), the
toggles and the chart's toolbar included; selected states, toggles and the talk's progress stay visible under
Windows High Contrast (``forced-colors: active``)."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError

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
