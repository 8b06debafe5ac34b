"""Print everything: a box that scrolls on screen prints whole, and the studies table prints every row, with
columns that wrap inside the page and rows that are never split."""

from __future__ import annotations

from playwright.sync_api import expect

from relief import evidence
from relief.dataset import BUNDLED, load_folder

from .conftest import ARTIFACTS, fresh_page
from .helpers import wait_for_app


def test_source_and_method_prints_the_whole_article(browser, base_url, tmp_path):
    with fresh_page(browser, 1280, 900) as page:
        page.goto(f"{base_url}/source")
        wait_for_app(page)
        article = page.locator("[data-testid=stVerticalBlock]").filter(
            has=page.get_by_text("Unraveling the Duration of Ketamine Pain Relief: A Comprehensive Exploration",
                                 exact=True)).last
        expect(article).to_be_visible()
        clipped = "e => e.scrollHeight > e.clientHeight + 2"
        assert article.evaluate(clipped), "on screen the article scrolls in its box (else this test proves nothing)"
        page.emulate_media(media="print")
        assert not article.evaluate(clipped), "printed, the article's box cuts its text"
        last = article.locator("p").last
        assert last.evaluate("(p, box) => p.getBoundingClientRect().bottom <= box.getBoundingClientRect().bottom + 1",
                             article.element_handle())
        page.pdf(path=str(tmp_path / "source.pdf"), format="A4")


def test_the_evidence_page_prints_every_study_row(browser, base_url, tmp_path):
    data = load_folder(BUNDLED).dataset
    expected = len(evidence.matched_evidence(data))  # the page opens on every route, design and certainty
    with fresh_page(browser, 1280, 900) as page:
        page.goto(f"{base_url}/evidence")
        wait_for_app(page)
        copy = page.locator("[class*=st-key-printcopy-studies_table] table")
        expect(copy).to_be_hidden()  # on screen: the grid only
        page.emulate_media(media="print")
        expect(page.get_by_test_id("stDataFrame")).to_be_hidden()
        expect(copy).to_be_visible()
        assert copy.locator("tbody tr").count() == expected > 10  # the grid printed ~10 rows of its scroll box
        main = page.get_by_test_id("stMain").bounding_box()
        box = copy.bounding_box()
        assert box["x"] + box["width"] <= main["x"] + main["width"] + 1, "columns run past the page's edge"
        assert copy.locator("tbody tr").first.evaluate("r => getComputedStyle(r).breakInside") == "avoid"
        widths = dict(copy.locator("thead th").evaluate_all(
            "ths => ths.map(th => [th.textContent.trim(), th.getBoundingClientRect().width])"))
        # a study's address may wrap (views.markdown_table): before, it took 493 px and left the Finding 148 px
        assert widths["Link"] < 1.25 * widths["Finding"], widths
        page.pdf(path=str(ARTIFACTS / "evidence-print.pdf"), format="A4")
