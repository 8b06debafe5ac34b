"""A talk on every screen: each scene, presented at 1024×768, 1280×720, 1920×1080 and 3840×2160, draws its chart
and its text in proportion to the screen (a floor and a ceiling in between), its chart within the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .. import bundled
from .conftest import ARTIFACTS, fresh_page
from .helpers import CHART, NEXT, SCALE_HALVES, crowded_chart_texts, hidden_tick_labels, press_shortcut, wait_for_app

SCENES = bundled.scenes()

MEASURE = f"""() => {{
  const chart = document.querySelector('{CHART}');
  const ticks = chart ? [...chart.querySelectorAll('.xtick text')].map(t => t.getBoundingClientRect().height) : [];
  const box = chart && chart.getBoundingClientRect();
  const title = document.querySelector('[data-testid=stMain] h1');
  return {{h1: parseFloat(getComputedStyle(title).fontSize),
           lead: parseFloat(getComputedStyle([...document.querySelectorAll('[data-testid=stMain] p')]
                   .find(p => p.textContent.length > 40 && !p.textContent.includes('Source:'))).fontSize),
           tick: ticks.length ? Math.max(...ticks) : null,
           chartTop: box ? box.top : null, chartBottom: box ? box.bottom : null,
           chartHeight: box ? box.height : null}};
}}"""


@pytest.mark.parametrize(("width", "height"), list(SCALE_HALVES))
def test_every_scene_scales_with_the_screen(browser, base_url, width, height):
    halves = SCALE_HALVES[(width, height)]
    with fresh_page(browser, width, height) as page:
        page.goto(f"{base_url}/talk?present=1&scene=1")
        wait_for_app(page)
        for number, scene in enumerate(SCENES, start=1):
            if number > 1:
                press_shortcut(page, "ArrowRight", NEXT)
            expect(page.locator("[data-testid=stMain] h1").first).to_have_text(scene.title)
            # the watcher has told the server this screen's scale, and the run drawn for it has finished
            expect(page.locator(f"[class*=st-key-relief-scale-drawn-{halves}]")).to_be_attached(timeout=30_000)
            wait_for_app(page)
            if scene.chart != "promo":
                expect(page.locator(f"{CHART} .main-svg").first).to_be_attached()
            m = page.evaluate(MEASURE)
            assert height * 0.04 <= m["h1"] <= max(height * 0.06, 40), (scene.scene_id, m)
            assert m["lead"] >= min(height * 0.022, 16) and m["lead"] <= height * 0.04, (scene.scene_id, m)
            if m["tick"] is not None:
                assert m["tick"] >= height * 0.025, f"axis text too small for the room: {m}"
                assert m["chartBottom"] <= height + 1, f"the chart runs off the screen: {m}"
                assert hidden_tick_labels(page) == [], scene.scene_id  # "2 years" was hidden on every screen
                # at 4K a row's name ran into "no range stated", and the axis title into the ticks
                assert crowded_chart_texts(page) == [], scene.scene_id
            if number == 2:
                page.screenshot(path=str(ARTIFACTS / f"scene-2-{width}x{height}.png"))
