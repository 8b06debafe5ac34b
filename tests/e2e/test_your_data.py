"""Your own data in the browser: upload, check, edit the lexicon, share the link."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from relief.dataset import BUNDLED

from .conftest import fresh_page, full_screenshot
from .helpers import chart_state, no_exception, wait_for_app

EXAMPLE = BUNDLED / "examples" / "example_guideline"
BROKEN = BUNDLED / "examples" / "broken"


def upload(page: Page, folder) -> None:
    files = [str(p) for p in sorted(folder.iterdir()) if p.suffix in {".csv", ".txt", ".json"}]
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files)


def edit_first_reading(page: Page, value: str) -> None:
    """Type ``value`` into the conservative reading of the lexicon editor's first row (“a few hours”)."""
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    expect(grid).to_be_in_viewport()
    grid.click(position={"x": 40, "y": 52})  # the phrase cell of the first row
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor = page.locator("#portal input.gdg-input")
    expect(editor).to_be_visible()
    editor.fill(value)
    page.keyboard.press("Enter")


def test_upload_a_valid_example_and_see_its_chart(page: Page, console):
    page.goto("/your_data")
    wait_for_app(page)
    upload(page, EXAMPLE)
    expect(page.get_by_text("Your data is valid and is now shown on every page")).to_be_visible(timeout=30_000)
    full_screenshot(page, "your-data-valid")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Routes explorer").click()
    wait_for_app(page)
    expect(page.get_by_text("EXAMPLE ONLY").first).to_be_visible()
    assert chart_state(page)["labels"][0] == "IV infusion, single (example)"
    no_exception(page)


def test_upload_a_broken_example_and_the_bundled_pages_still_work(page: Page, console):
    page.goto("/your_data")
    wait_for_app(page)
    upload(page, BROKEN)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Your files were not loaded", timeout=30_000)
    expect(error).to_contain_text("In claims.csv, row 3, column “route”")
    full_screenshot(page, "your-data-broken")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Routes explorer").click()
    wait_for_app(page)
    assert "IV infusion (overall)" in chart_state(page)["labels"]
    no_exception(page)


def test_lexicon_edit_changes_the_chart_and_survives_a_copied_link(page: Page, console, browser):
    page.goto("/source")
    wait_for_app(page)
    edit_first_reading(page, "1")
    expect(page).to_have_url(re.compile(r"lex=a(\+|%20)few(\+|%20)hours%3A1%2C3%2C4"), timeout=20_000)
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Routes explorer").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/explorer\?lex="))
    edited = chart_state(page)
    assert "conservative 1 h" in edited["hover"]  # the band of “a few hours” now starts at the edited reading

    with fresh_page(browser, 1400, 900) as fresh:
        fresh.goto(page.url)
        wait_for_app(fresh)
        assert chart_state(fresh) == edited

    page.goto("/source?lex=a%20few%20hours:1,3,4")
    wait_for_app(page)
    page.get_by_role("button", name="Reset to the readings in the data").click()
    expect(page).not_to_have_url(re.compile("lex="))


def test_invalid_lexicon_edit_is_refused_inline(page: Page, console):
    page.goto("/source")
    wait_for_app(page)
    edit_first_reading(page, "9")  # conservative 9 > central 3
    expect(page.get_by_text("That edit was not applied")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("readings out of order")).to_be_visible()
    assert "lex=" not in page.url


def test_xss_in_a_link_shows_as_text(page: Page, console):
    page.add_init_script("window.__xss = 0")
    page.goto("/explorer?axis=%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D1%22%3E")
    wait_for_app(page)
    expect(page.get_by_text("Some link settings were not understood")).to_be_visible()
    assert page.evaluate("window.__xss") == 0
    assert page.locator("[data-testid=stMain] img[src=x]").count() == 0


def test_upload_a_powershell_zip_and_see_its_chart(page: Page, console, tmp_path):
    """A zip as Windows PowerShell 5.1 writes it (``my-data\\claims.csv``, CRLF files) with macOS litter."""
    import zipfile

    archive = tmp_path / "my-data.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(EXAMPLE.iterdir()):
            if path.suffix in {".csv", ".txt", ".json"}:
                out.writestr(f"my-data\\{path.name}", path.read_bytes().replace(b"\n", b"\r\n"))
        out.writestr("__MACOSX/my-data/._claims.csv", b"\x00\x05\x16\x07junk")
        out.writestr("my-data/.DS_Store", b"\x00\x00\x00\x01Bud1")
    page.goto("/your_data")
    wait_for_app(page)
    expect(page.get_by_role("button", name="Download a blank starter (zip)")).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(archive))
    expect(page.get_by_text("Your data is valid and is now shown on every page: 3 claims")).to_be_visible(
        timeout=30_000)
    expect(page.get_by_test_id("stAlertContentWarning")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    full_screenshot(page, "your-data-powershell-zip")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Routes explorer").click()
    wait_for_app(page)
    assert chart_state(page)["labels"][0] == "IV infusion, single (example)"
    no_exception(page)
