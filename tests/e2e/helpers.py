"""Reading the app's state in the browser."""

from __future__ import annotations

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
