"""Reading the app's state in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

CHART = "[data-testid=stPlotlyChart] .js-plotly-plot"


def wait_for_app(page: Page) -> None:
    """The page has finished a run: title drawn, no 'running' indicator, nothing left over from an earlier run."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("[data-stale=true]")).to_have_count(0)  # an element of the last run not yet redrawn


# The page is still: a finished run, nothing stale (faded), every element drawn (Streamlit fetches the code of most
# elements only when one first arrives, and shows a placeholder, stSkeleton, until it has: under load for seconds
# after the run), the app's stylesheet drawn (raw HTML in markdown waits for code of its own; the served page has
# the stylesheet from its head, a bare `streamlit run app.py` does not), no transition or finite animation running
# (a fade, a colour change), the app's watcher has nothing left to do (its charts are drawn in the scheme the page
# shows, so it will start no rerun), and the layout has kept its shape for a few frames and at least QUIET ms
# (after a change of window size the page and its charts lay themselves out again over several frames).
_STILL = """([quiet, frames]) => {
  const app = document.querySelector('[data-testid=stApp]');
  const busy = !app || app.dataset.testScriptState !== 'notRunning' || document.querySelector('[data-stale=true]')
    || document.querySelector('[data-testid=stSkeleton]') || !document.querySelector('.st-key-relief-style style')
    || document.getAnimations().some(a => a.playState === 'running'
                                          && a.effect?.getComputedTiming().iterations !== Infinity);
  const rgb = (getComputedStyle(app || document.body).backgroundColor.match(/[\\d.]+/g) || [255, 255, 255]).map(Number);
  const scheme = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 128 ? 'dark' : 'light';
  const watch = document.querySelector('[class*="st-key-relief-watch-"]');
  const pending = watch && !watch.className.includes(`st-key-relief-watch-${scheme}`);
  const main = document.querySelector('[data-testid=stMain]');
  const shape = JSON.stringify([innerWidth, innerHeight, main?.scrollHeight,
    ...[...document.querySelectorAll('[data-testid=stElementContainer]')].map(e => {
      const r = e.getBoundingClientRect(); return [r.width | 0, r.height | 0]; })]);
  const now = performance.now(), last = window.__reliefStill;
  if (busy || pending || !last || last.shape !== shape) {
    window.__reliefStill = {shape, since: now, frames: 0};
    return false;
  }
  last.frames += 1;
  return last.frames >= frames && now - last.since >= quiet;
}"""
QUIET = 150

# The talk's buttons that ←/→ press (pages/talk.py): press them with ``press_shortcut``, never a bare key press.
NEXT, PREVIOUS = re.compile("^Next ▶"), re.compile("^◀ Previous")


def wait_until_still(page: Page, timeout: float = 30_000) -> None:
    """Wait until the page is still (see ``_STILL``): what a check of the whole page (axe, a screenshot) needs."""
    page.evaluate("() => { window.__reliefStill = null; }")
    page.wait_for_function(_STILL, arg=[QUIET, 3], polling="raf", timeout=timeout)


SCALE_HALVES = {(1024, 768): 2, (1280, 720): 2, (1920, 1080): 3, (3840, 2160): 6}
"""The talk's scale on each screen (``ui.screen_scale``), in halves: the run drawn for it is marked
``st-key-relief-scale-drawn-<halves>``."""


def chart_state(page: Page, index: int = 0) -> dict:
    """What the plotly chart in the page actually drew: row labels, axis type and the trace names."""
    chart = page.locator(CHART).nth(index)
    chart.wait_for()
    return chart.evaluate(
        """el => ({labels: el.layout.yaxis.categoryarray || [], axis: el.layout.xaxis.type,
                   ticks: el.layout.xaxis.ticktext || [], traces: el.data.map(t => t.name + ':' + (t.y || []).length),
                   hover: el.data.flatMap(t => t.hovertext || []).join(' ')})"""
    )


_HIDDEN_TICKS = f"""() => [...document.querySelectorAll('{CHART}')].flatMap(chart =>
  [...chart.querySelectorAll('.xtick text, .x2tick text')]
    .filter(t => t.textContent.trim() && getComputedStyle(t).display === 'none').map(t => t.textContent))"""


def hidden_tick_labels(page: Page) -> list[str]:
    """The time-axis labels plotly drew and then hid, on every chart of the page: a label that would cross the
    chart's edge is hidden ("hide past div"), which left a tick near either end a grid line with no label."""
    page.locator(f"{CHART} .main-svg").first.wait_for(state="attached")  # drawn (a diagram has no axis)
    return page.evaluate(_HIDDEN_TICKS)


_CROWDED = f"""() => [...document.querySelectorAll('{CHART}')].flatMap(chart => {{
  const edge = chart.getBoundingClientRect();
  const texts = [...chart.querySelectorAll('.annotation-text, .xtick text, .x2tick text, .g-xtitle text, '
                                          + '.textpoint text, .legendtext')]
    .filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none')
    .map(t => ({{t: t.textContent.slice(0, 40), box: t.getBoundingClientRect()}}));
  const out = texts.filter(({{box}}) => box.left < edge.left - 1 || box.right > edge.right + 1)
    .map(({{t}}) => `${{t}} | crosses the chart's edge`);
  texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {{
    const across = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
    const down = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
    if (across > -2 && down > 1) out.push(`${{a.t}} | ${{b.t}}`);  // overlapping, or touching on one line
  }}));
  return out;
}})"""


def crowded_chart_texts(page: Page) -> list[str]:
    """Texts of the page's charts (row names, notes, tick labels, axis titles, legends) that overlap, touch on one
    line or cross the chart's edge: "IV infusions, series, chronic pain" ran into "or longer ▶", and the anatomy
    chart's notes into each other and off both edges, on a 390 px phone."""
    page.locator(f"{CHART} .main-svg").first.wait_for(state="attached")
    return page.evaluate(_CROWDED)


def no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


_SHORTCUT_PROBE = """() => {
  if (!window.__shortcutProbe) {
    window.__shortcutProbe = {handled: null};
    window.addEventListener('keydown', e => { window.__shortcutProbe.handled = e.defaultPrevented; });
  }
  window.__shortcutProbe.handled = null;
}"""
_IDLE = "() => new Promise(done => requestIdleCallback(() => done(), {timeout: 2000}))"


def press_shortcut(page: Page, key: str, button: str | re.Pattern) -> None:
    """Press the key of ``st.button(button, shortcut=key)`` and make sure the button took it.

    The button's code loads after the page has drawn, and the button binds its key in an effect that runs
    just after it is drawn; Streamlit marks a key a button takes with ``preventDefault``. A key pressed before
    that reaches nobody, so it is pressed again once the button is there and the page is idle; a key a button
    took is never pressed twice.
    """
    target = page.get_by_role("button", name=button, include_hidden=True)  # clicker buttons are not shown
    for _ in range(5):
        expect(target).to_be_enabled()
        page.evaluate(_SHORTCUT_PROBE)
        page.keyboard.press(key)
        if page.evaluate("() => window.__shortcutProbe.handled"):
            return
        page.evaluate(_IDLE)
    raise AssertionError(f"the button {button!r} did not take the key {key!r} in 5 presses")
