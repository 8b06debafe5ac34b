"""According to whom, in a real browser: choose sources, Back, a page switch and back, a shared link, a phone,
and the talk's scene on a 1280×720 screen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from relief import library

from .conftest import ARTIFACTS, fresh_page, full_screenshot
from .helpers import CHART, hidden_tick_labels, no_exception, wait_for_app, wait_until_still

SOURCES = library.default()
ARTICLE, GUIDELINE = SOURCES["article"], SOURCES["asra_guideline_2018"]


def sources_shown(page: Page) -> set[str]:
    """The sources whose claims the chart draws: the first line of each claim row's label."""
    page.locator(CHART).first.wait_for()
    rows = page.locator(CHART).first.evaluate("el => el.layout.yaxis.categoryarray")
    return {row.split(" · ")[0] for row in rows if " · " in row}


def mark(source) -> str:
    return f"{source.glyph} {source.name}"


def pill(page: Page, source):
    return page.get_by_role("toolbar", name="Sources").get_by_role("button", name=source.mark)


def test_choose_sources_then_back(page: Page, console):
    page.goto("/compare")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("According to whom")
    assert sources_shown(page) >= {mark(ARTICLE), mark(GUIDELINE)}
    # every source is thousands of px tall: its time scale is drawn at the top as well as the bottom
    chart = page.locator(CHART).first
    top = chart.locator("g.x2tick text", has_text=re.compile(r"^1 h$"))
    expect(top).to_be_visible()
    assert top.bounding_box()["y"] - chart.bounding_box()["y"] < 60
    assert chart.locator("g.xtick text", has_text=re.compile(r"^1 h$")).bounding_box()["y"] > 3000
    pill(page, ARTICLE).click()  # leave the article out
    expect(page).to_have_url(re.compile(r"/compare\?sources=(?!.*\barticle\b)[a-z0-9_,%C]+$"))
    wait_for_app(page)
    page.wait_for_function(f"() => !document.querySelector('{CHART}').layout.yaxis.categoryarray"
                           f".some(r => r.startsWith({mark(ARTICLE)!r} + ' · '))")
    assert mark(GUIDELINE) in sources_shown(page)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/compare$"))
    wait_for_app(page)
    page.wait_for_function(f"() => document.querySelector('{CHART}').layout.yaxis.categoryarray"
                           f".some(r => r.startsWith({mark(ARTICLE)!r} + ' · '))")
    no_exception(page)


def test_the_choice_survives_a_page_switch_and_back(page: Page, console):
    page.goto("/compare?sources=article,asra_guideline_2018")
    wait_for_app(page)
    assert sources_shown(page) == {mark(ARTICLE), mark(GUIDELINE)}
    page.get_by_test_id("stSidebar").get_by_role("link", name="Overview", exact=True).click()
    expect(page.locator("h1").first).to_have_text("How long does ketamine's pain relief last?")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="According to whom", exact=True).click()
    expect(page.locator("h1").first).to_have_text("According to whom")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/compare\?sources=article%2Casra_guideline_2018$|"
                                        r"/compare\?sources=article,asra_guideline_2018$"))
    assert sources_shown(page) == {mark(ARTICLE), mark(GUIDELINE)}
    page.go_back()  # one history entry per page switch: Back is the Overview
    expect(page.locator("h1").first).to_have_text("How long does ketamine's pain relief last?")
    no_exception(page)


def test_a_shared_link_shows_the_same_sources(browser, base_url):
    with fresh_page(browser) as page:  # a colleague opening a copied link: a new session
        page.goto(f"{base_url}/compare?sources=asra_guideline_2018,eperc_fast_fact_132&routes=iv,oral")
        wait_for_app(page)
        eperc = SOURCES["eperc_fast_fact_132"]
        assert sources_shown(page) <= {mark(GUIDELINE), mark(eperc)}
        assert mark(GUIDELINE) in sources_shown(page)
        rows = page.locator(CHART).first.evaluate("el => el.layout.yaxis.categoryarray")
        assert any("not stated" in row for row in rows)  # a route one of them says nothing about
        matrix = page.get_by_role("table").first
        expect(matrix).to_contain_text(GUIDELINE.name)
        expect(matrix).not_to_contain_text(ARTICLE.name)
        box = page.get_by_test_id("stExpander").filter(has_text=f"{eperc.mark}: what it is")
        box.get_by_text(f"{eperc.mark}: what it is", exact=False).click()  # provenance, one click away
        expect(box.get_by_text("Peer reviewed:", exact=False)).to_be_visible()
        link = box.get_by_role("link", name=re.compile("eperc"))
        expect(link).to_have_attribute("href", eperc.meta["url"])  # the source itself, one more click away
        no_exception(page)


def test_a_phone_reads_the_comparison(browser, base_url):
    with fresh_page(browser, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2) as page:
        page.goto(f"{base_url}/compare")
        wait_for_app(page)
        chart = page.locator(CHART).first
        chart.wait_for()
        labels = chart.evaluate("el => [...el.querySelectorAll('.annotation-text')].map(t => {"
                                "const r = t.getBoundingClientRect(); return {l: r.left, r: r.right}; })")
        box = chart.bounding_box()
        assert labels and all(label["r"] <= box["x"] + box["width"] + 1 for label in labels), labels
        assert hidden_tick_labels(page) == []  # both time axes keep "2 years" at their right end
        overflow = page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                                 " return m.scrollWidth - m.clientWidth; }")
        assert overflow <= 0  # the page does not scroll sideways (its wide tables scroll in their own boxes)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "phone-compare.png"))
        full_screenshot(page, "phone-compare-full")
        no_exception(page)


def test_on_a_1280_by_720_projector_the_matrix_scrolls_in_its_own_box_not_the_page(browser, base_url):
    """Ten sources' matrix is wider than the page's column at 1280 px (1,175 px in 820 px): its own box scrolls
    sideways, by keyboard too (a named region a key reaches), and the page itself does not (it did)."""
    with fresh_page(browser, 1280, 720) as page:
        page.goto(f"{base_url}/compare")
        wait_for_app(page)
        box = page.get_by_role("region", name="Sources × routes, in their own words")
        expect(box).not_to_be_in_viewport()  # under a chart of 7,500 px ...
        page.get_by_role("link", name="Sources × routes, in their own words").click()  # ... a click away
        expect(box).to_be_in_viewport()
        expect(page).to_have_url(re.compile(r"/compare#compare-matrix$"))
        expect(box.locator("table")).to_be_visible()
        main = page.get_by_test_id("stMain")
        assert main.evaluate("m => m.scrollWidth - m.clientWidth") <= 0  # the page: no sideways scroll
        wide, shown = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert wide > shown, (wide, shown)  # the table is wider than its box: the box scrolls
        # ... so a column of quotes is not squeezed to its longest word (it was 115 px, its rows up to 627 px tall)
        route = box.locator("thead th", has_text="IV infusion").evaluate("th => th.getBoundingClientRect().width")
        assert route >= 191, route  # css.WIDE_COLUMN, 12rem
        tallest = box.evaluate("b => Math.max(...[...b.querySelectorAll('tbody tr')].map(r => r.offsetHeight))")
        assert tallest < 500, tallest
        column = page.get_by_test_id("stMainBlockContainer").bounding_box()
        edge = box.bounding_box()
        assert edge["x"] + edge["width"] <= column["x"] + column["width"] + 1, (edge, column)
        several = box.locator("td", has=page.locator("br")).first  # a cell of several claims: one a line
        expect(several).to_be_attached(timeout=5_000)  # (the table is drawn already)
        assert several.evaluate("c => c.innerText.split('\\n').filter(l => l.startsWith('• ')).length") >= 2
        expect(box.locator("td", has_text="<br")).to_have_count(0)  # the break is a tag, not text
        expect(box).to_have_attribute("tabindex", "0")  # in the page's tab order
        box.focus()
        expect(box).to_be_focused()
        page.keyboard.press("ArrowRight")  # a key scrolls it
        page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
        # scrolled by 300 px, each row's source stays at the box's left edge, drawn over the cells that pass under it
        source = box.locator("tbody tr").first.locator("td").first
        expect(source).to_contain_text(ARTICLE.name)
        source.scroll_into_view_if_needed()  # (this scrolls the box back to the cell too: so first, then sideways)
        box.evaluate("b => { b.scrollLeft = 300; }")  # (the arrow key's smooth scroll may still add a little)
        page.wait_for_function("([b, c]) => b.scrollLeft >= 200 && Math.abs(c.getBoundingClientRect().left"
                               " - b.getBoundingClientRect().left) <= 1",
                               arg=[box.element_handle(), source.element_handle()], timeout=5_000)
        on_top = source.evaluate("""c => { const r = c.getBoundingClientRect(), y = r.top + r.height / 2;
            return [1, r.width / 2, r.width - 2].every(dx => c.contains(document.elementFromPoint(r.left + dx, y)))
                && !/rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(c).backgroundColor); }""")
        assert on_top, "the source's cell is not drawn, opaque, over what scrolls under it"
        no_exception(page)


SCROLLED = "() => Math.round(document.querySelector('[data-testid=stMain]').scrollTop)"


def scrolled_to(page: Page, y: int) -> None:
    """The page (Streamlit's scrolling box, not the window) comes to rest within 3 px of ``y``."""
    page.wait_for_function(f"() => Math.abs(({SCROLLED})() - {y}) <= 3", timeout=10_000)


def test_a_long_page_keeps_the_viewers_place_through_back_forward_reload_and_a_page_switch(browser, base_url):
    """Streamlit's page scrolls in its own box, where the browser keeps no place: a passed-on link to a section
    opened at the top, Back after "On this page" stayed at the section, a reload went to the top, and a page chosen
    in the menu opened wherever the last page's place fell in it. Each now goes where a web page would."""
    with fresh_page(browser, 1280, 720) as page:
        matrix = page.get_by_role("region", name="Sources × routes, in their own words")
        page.goto(f"{base_url}/compare#compare-matrix")  # a link to the section, opened by someone else
        wait_for_app(page)
        expect(matrix).to_be_in_viewport()
        page.goto(f"{base_url}/compare")
        wait_until_still(page)  # (its whole length laid out: the wheel has somewhere to go)
        page.mouse.move(700, 400)
        page.mouse.wheel(0, 600)  # the viewer reads a little way down ...
        page.wait_for_function(f"() => ({SCROLLED})() >= 300")
        page.wait_for_timeout(400)  # (the wheel's smooth scroll comes to rest; the place is kept 200 ms after)
        place = page.evaluate(SCROLLED)
        page.get_by_role("link", name="Sources × routes, in their own words").click()  # ... follows a section link
        expect(matrix).to_be_in_viewport()
        expect(page).to_have_url(re.compile(r"/compare#compare-matrix$"))
        section = page.evaluate(SCROLLED)
        page.go_back()  # ... and comes back to where they were
        expect(page).to_have_url(re.compile(r"/compare$"))
        scrolled_to(page, place)
        expect(matrix).not_to_be_in_viewport()
        page.go_forward()
        scrolled_to(page, section)
        expect(matrix).to_be_in_viewport()
        page.reload()  # a reload keeps the place
        wait_for_app(page)
        scrolled_to(page, section)
        expect(matrix).to_be_in_viewport()
        page.get_by_test_id("stSidebar").get_by_role("link", name="Evidence", exact=True).click()
        expect(page.locator("h1").first).to_have_text("What published studies say")
        wait_for_app(page)
        scrolled_to(page, 0)  # another page opens at its top
        page.go_back()
        expect(page.locator("h1").first).to_have_text("According to whom")
        wait_for_app(page)
        scrolled_to(page, section)  # and Back returns to the section
        expect(matrix).to_be_in_viewport()
        no_exception(page)


def test_the_scene_fits_a_1280_by_720_screen(browser, base_url):
    with fresh_page(browser, 1280, 720) as page:
        from relief.dataset import load_folder

        scenes = list(load_folder().dataset.scenes.itertuples(index=False))
        number = next(i for i, s in enumerate(scenes, 1) if s.chart == "compare")
        page.goto(f"{base_url}/talk?present=1&scene={number}")
        wait_for_app(page)
        expect(page.locator("h1").first).to_have_text("According to whom")
        chart = page.locator(CHART).first
        chart.wait_for()
        box = chart.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720 + 1, box  # the whole chart on the slide
        rows = chart.evaluate("el => el.layout.yaxis.categoryarray")
        assert {row.split(" · ")[0] for row in rows if " · " in row} >= {mark(ARTICLE), mark(GUIDELINE)}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "scene-according-to-whom.png"))
        no_exception(page)
