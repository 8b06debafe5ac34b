"""Reading the app's state in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

CHART = "[data-testid=stPlotlyChart] .js-plotly-plot"


def wait_for_app(page: Page) -> None:
    """The page has finished a run: title drawn, no 'running' indicator, no exception box."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)
    expect(page.locator("h1").first).to_be_visible()


def chart_state(page: Page, index: int = 0) -> dict:
    """What the plotly chart in the page actually drew: row labels, axis type and the trace names."""
    chart = page.locator(CHART).nth(index)
    chart.wait_for()
    return chart.evaluate(
        """el => ({labels: el.layout.yaxis.categoryarray || [], axis: el.layout.xaxis.type,
                   ticks: el.layout.xaxis.ticktext || [], traces: el.data.map(t => t.name + ':' + (t.y || []).length),
                   hover: el.data.flatMap(t => t.hovertext || []).join(' ')})"""
    )


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
