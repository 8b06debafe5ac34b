"""The address is the state, in a real browser: Back and Forward, page switches, reconnects, live themes."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from relief.dataset import BUNDLED
from relief.servers import free_port, stop, wait_healthy

from ..programs import require
from .conftest import ROOT, fresh_page, full_screenshot, start_app
from .helpers import NEXT, chart_state, no_exception, press_shortcut, wait_for_app

sys.path.insert(0, str(ROOT / "bench"))
from wsclient import Session  # the browser's websocket messages, without a browser


def title(page: Page):
    return page.locator("h1").first


def sidebar_link(page: Page, name: str):
    return page.get_by_test_id("stSidebar").get_by_role("link", name=name, exact=True)


def choose(page: Page, group: str, option: str) -> None:
    page.get_by_role("radiogroup", name=group).get_by_role("radio", name=option).click()


def checked(page: Page, group: str, option: str):
    return expect(page.get_by_role("radiogroup", name=group).get_by_role("radio", name=option))


# ---------------------------------------------------------------- Back and Forward


def test_back_and_forward_on_the_talk_show_the_scene_in_the_address(page: Page, console):
    page.goto("/talk")
    wait_for_app(page)
    first = title(page).inner_text()
    press_shortcut(page, "ArrowRight", NEXT)
    expect(page).to_have_url(re.compile(r"/talk\?scene=2$"))
    wait_for_app(page)
    second = title(page).inner_text()
    page.get_by_role("button", name=NEXT).click()
    expect(page).to_have_url(re.compile(r"/talk\?scene=3$"))
    wait_for_app(page)
    third = title(page).inner_text()
    assert len({first, second, third}) == 3

    page.go_back()
    expect(page).to_have_url(re.compile(r"/talk\?scene=2$"))
    expect(title(page)).to_have_text(second)
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/talk\?scene=2$"))  # not written back over with scene 3
    expect(page.get_by_text("Scene 2 / ")).to_be_visible()
    page.go_back()
    expect(title(page)).to_have_text(first)
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/talk$"))
    page.go_forward()
    expect(title(page)).to_have_text(second)
    wait_for_app(page)
    # a deliberate change after going back pushes one entry and drops the old forward branch
    page.get_by_role("button", name=NEXT).click()
    expect(page).to_have_url(re.compile(r"/talk\?scene=3$"))
    wait_for_app(page)
    page.go_back()
    expect(title(page)).to_have_text(second)
    no_exception(page)


def test_back_and_forward_on_the_explorer(page: Page, console):
    page.goto("/explorer")
    wait_for_app(page)
    assert chart_state(page)["axis"] == "log"
    choose(page, "Axis", "Linear")
    expect(page).to_have_url(re.compile(r"/explorer\?axis=linear$"))
    wait_for_app(page)
    choose(page, "Lexicon reading", "Generous")
    expect(page).to_have_url(re.compile(r"/explorer\?reading=generous&axis=linear$"))
    wait_for_app(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/explorer\?axis=linear$"))
    wait_for_app(page)
    checked(page, "Lexicon reading", "Central").to_be_checked()
    checked(page, "Axis", "Linear").to_be_checked()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/explorer$"))
    wait_for_app(page)
    checked(page, "Axis", "Log").to_be_checked()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.xaxis?.type === 'log'")
    expect(page).to_have_url(re.compile(r"/explorer$"))
    page.go_forward()
    page.go_forward()
    expect(page).to_have_url(re.compile(r"/explorer\?reading=generous&axis=linear$"))
    wait_for_app(page)
    checked(page, "Lexicon reading", "Generous").to_be_checked()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.xaxis?.type === 'linear'")
    no_exception(page)


def test_back_and_forward_on_factors(page: Page, console):
    page.goto("/factors")
    wait_for_app(page)
    choose(page, "Focus on", "Route of administration")
    expect(page).to_have_url(re.compile(r"/factors\?factor=route$"))
    wait_for_app(page)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/factors$"))
    wait_for_app(page)
    checked(page, "Focus on", "Dosage").to_be_checked()
    expect(page.get_by_text("Dosage 👈 in focus")).to_be_visible()
    page.go_forward()
    wait_for_app(page)
    checked(page, "Focus on", "Route of administration").to_be_checked()
    expect(page).to_have_url(re.compile(r"/factors\?factor=route$"))
    no_exception(page)


def test_back_and_forward_on_evidence(page: Page, console):
    page.goto("/evidence")
    wait_for_app(page)
    counts = page.get_by_text(re.compile(r"^\d+ findings? from \d+ publications? in \d+ cohorts? matched to this"))
    everything = counts.inner_text()
    page.get_by_role("toolbar", name="Design").get_by_role("button").first.click()
    expect(page).to_have_url(re.compile(r"/evidence\?design="))
    wait_for_app(page)
    fewer = counts.inner_text()
    assert fewer != everything
    page.go_back()
    expect(page).to_have_url(re.compile(r"/evidence$"))
    expect(counts).to_have_text(everything)
    page.go_forward()
    expect(counts).to_have_text(fewer)
    expect(page).to_have_url(re.compile(r"/evidence\?design="))
    no_exception(page)


# ---------------------------------------------------------------- page switches keep each page's view


def test_explorer_settings_survive_a_visit_to_the_overview(page: Page, console):
    page.goto("/explorer")
    wait_for_app(page)
    choose(page, "Axis", "Linear")
    wait_for_app(page)
    choose(page, "Lexicon reading", "Generous")
    expect(page).to_have_url(re.compile(r"reading=generous&axis=linear$"))
    wait_for_app(page)
    sidebar_link(page, "Overview").click()
    expect(title(page)).to_have_text("How long does ketamine's pain relief last?")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/$"))
    sidebar_link(page, "Routes explorer").click()
    expect(title(page)).to_have_text("Routes explorer")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/explorer\?reading=generous&axis=linear$"))
    checked(page, "Axis", "Linear").to_be_checked()
    checked(page, "Lexicon reading", "Generous").to_be_checked()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.xaxis?.type === 'linear'")
    full_screenshot(page, "state-explorer-after-overview")
    page.go_back()  # one history entry per page switch: Back is the Overview
    expect(title(page)).to_have_text("How long does ketamine's pain relief last?")
    no_exception(page)


def test_the_menu_entry_of_the_page_on_screen_does_not_undo_a_change_made_in_a_part(page: Page, console):
    """A change in the explorer's settings reruns only that part of the page; the menu is not redrawn. Its entry
    for this page used to be a link carrying the view of the last whole run: a click on it undid the change."""
    page.goto("/explorer")
    wait_for_app(page)
    choose(page, "Axis", "Linear")
    expect(page).to_have_url(re.compile(r"/explorer\?axis=linear$"))
    wait_for_app(page)
    here = sidebar_link(page, "Routes explorer")
    expect(here).to_have_attribute("disabled", "")  # marked as the page on screen, not a link
    expect(sidebar_link(page, "Overview")).not_to_have_attribute("disabled", "")
    here.click()
    page.wait_for_timeout(500)  # a click that did navigate would rerun the page within this time
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/explorer\?axis=linear$"))
    checked(page, "Axis", "Linear").to_be_checked()
    assert chart_state(page)["axis"] == "linear"
    no_exception(page)


@pytest.mark.parametrize(("path", "heading", "group", "option", "query"), [
    ("factors", "What changes how long relief lasts", "Focus on", "Concomitant medications", "factor=comedication"),
    ("evidence", "What published studies say", None, None, "design="),
])
def test_other_page_settings_survive_a_visit_to_the_overview(page: Page, console, path, heading, group, option,
                                                             query):
    page.goto(f"/{path}")
    wait_for_app(page)
    if group:
        choose(page, group, option)
    else:
        page.get_by_role("toolbar", name="Design").get_by_role("button").first.click()
    expect(page).to_have_url(re.compile(rf"/{path}\?{query}"))
    wait_for_app(page)
    before = page.url
    sidebar_link(page, "Overview").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/$"))
    sidebar_link(page, {"factors": "Factors", "evidence": "Evidence"}[path]).click()
    expect(title(page)).to_have_text(heading)
    wait_for_app(page)
    assert page.url == before
    if group:
        checked(page, group, option).to_be_checked()
    no_exception(page)


# ---------------------------------------------------------------- the browser's colour scheme, live

INK = "() => document.querySelector('.js-plotly-plot')?._fullLayout?.font?.color"


def test_a_colour_scheme_change_redraws_the_charts_without_a_click(browser, base_url):
    with fresh_page(browser, 1400, 900, color_scheme="light") as page:
        page.goto(f"{base_url}/explorer?axis=linear")
        wait_for_app(page)
        page.wait_for_function(f"() => !!({INK})()")
        assert page.evaluate(INK).upper() == "#1F2933"
        page.emulate_media(color_scheme="dark")  # a laptop switching to dark at sunset, the page left alone
        page.wait_for_function(f"() => ({INK})()?.toUpperCase() === '#EDEBE8'", timeout=20_000)
        wait_for_app(page)
        expect(page).to_have_url(re.compile(r"/explorer\?axis=linear$"))  # same view, new colours
        full_screenshot(page, "state-explorer-dark-live")
        page.emulate_media(color_scheme="light")
        page.wait_for_function(f"() => ({INK})()?.toUpperCase() === '#1F2933'", timeout=20_000)
        no_exception(page)


# ---------------------------------------------------------------- reconnects: a server restart, then a click

CONNECTED = "() => document.querySelector('[data-testid=stApp]')?.dataset.testConnectionState === 'CONNECTED'"
DISCONNECTED = CONNECTED.replace("=== 'CONNECTED'", "!== 'CONNECTED'")


class Server:
    """Our own server on a fixed port, so it can be stopped and started again at the same address; its output goes
    to a file, read at any time (``log``), so a test need not stop it to read it."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output = folder / "server.log"
        self.output.touch()
        self.mark = 0
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.output.open("ab") as out:
            self.process = start_app(self.port, stdout=out)
        wait_healthy(f"{self.url}/_stcore/health", self.process)

    def stop(self) -> None:
        stop(self.process)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        """What the server said since this test began (across restarts)."""
        return self.output.read_bytes()[self.mark:].decode(errors="replace")


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for this module's restart tests (each restarts it; none needs a brand-new one)."""
    running = Server(tmp_path_factory.mktemp("server"))
    yield running
    if running.running():
        running.stop()


RESTARTS = pytest.mark.xdist_group("restarts")
"""The tests that restart ``shared_server`` run on one worker in parallel runs: one such server, not one a worker."""


@pytest.fixture
def server(shared_server):
    if not shared_server.running():
        shared_server.start()
    shared_server.mark = shared_server.output.stat().st_size
    return shared_server


def restart(page: Page, server: Server) -> None:
    server.stop()
    page.wait_for_function(DISCONNECTED, timeout=30_000, polling=50)
    server.start()
    page.wait_for_function(CONNECTED, timeout=60_000, polling=100)
    wait_for_app(page)


@RESTARTS
def test_after_a_server_restart_the_first_click_on_factors_works(browser, server):
    """The same on the factors page, whose settings are a part of the page too."""
    with fresh_page(browser, 1400, 900, clean_console=False) as page:  # the restart logs errors on purpose
        page.goto(f"{server.url}/factors?reading=generous")
        wait_for_app(page)
        restart(page, server)
        choose(page, "Focus on", "Route of administration")  # the first click after the reconnect
        expect(page).to_have_url(re.compile(r"/factors\?factor=route&reading=generous$"), timeout=60_000)
        expect(page.get_by_text("Route of administration 👈 in focus")).to_be_visible(timeout=60_000)
        wait_for_app(page)
        checked(page, "Lexicon reading", "Generous").to_be_checked()
        no_exception(page)
    assert "does not exist anymore" not in server.log(), server.log()[-2000:]


@RESTARTS
def test_after_a_server_restart_the_first_click_on_the_explorer_works(browser, server):
    with fresh_page(browser, 1400, 900, clean_console=False) as page:  # the restart logs errors on purpose
        page.goto(f"{server.url}/explorer?reading=generous")
        wait_for_app(page)
        assert chart_state(page)["axis"] == "log"
        restart(page, server)
        choose(page, "Axis", "Linear")  # the first click after the reconnect (a new server's first run: slow)
        expect(page).to_have_url(re.compile(r"/explorer\?reading=generous&axis=linear$"), timeout=60_000)
        page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.xaxis?.type === 'linear'",
                               timeout=60_000)
        wait_for_app(page)
        checked(page, "Lexicon reading", "Generous").to_be_checked()
        no_exception(page)
    assert "does not exist anymore" not in server.log(), server.log()[-2000:]


@pytest.mark.parametrize(("path", "label"), [("explorer", "Show quotes"), ("factors", "Focus on"),
                                           ("evidence", "Design")])
def test_a_page_s_settings_and_what_they_drive_rerun_alone(app_url, path, label):
    """Each page with settings draws them in a part (``ui.part``): a change reruns that part, not the menu, the
    print footer and the watcher too."""
    async def visit():
        async with Session(app_url, path) as session:
            await session.rerun()
            return session

    with ThreadPoolExecutor(1) as thread:  # Playwright's fixtures hold this thread's event loop
        session = thread.submit(asyncio.run, visit()).result()
    assert label in session.widgets and label in session.fragments, sorted(session.widgets)


@RESTARTS
def test_a_click_in_a_part_the_new_server_never_drew_reruns_the_whole_app_with_the_click(server):
    """The explorer's settings rerun alone (a fragment). After a restart the browser still holds the old server's
    part; its first click names a fragment the new server has never drawn. That click must count: Streamlit alone
    drops it ("does not exist anymore"), so the browser's control changes and nothing else does."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async def click_after_restart():
        async with Session(server.url, "explorer") as before:
            await before.rerun()
            assert "What the source says" in before.headings  # quotes are shown by default
            part = before.fragments["Show quotes"]
            hide_quotes = before.toggle_state("Show quotes", False)
        server.stop()
        server.start()
        async with Session(server.url, "explorer") as after:  # the reconnected browser's new session
            await after.rerun([hide_quotes], fragment_id=part, timeout=30)
            return after

    with ThreadPoolExecutor(1) as thread:  # Playwright's fixtures hold this thread's event loop
        after = thread.submit(asyncio.run, click_after_restart()).result()
    assert after.finished == ForwardMsg.FINISHED_SUCCESSFULLY  # the whole app ran, not a part
    assert "Routes explorer" in after.headings and "Exactly what is plotted" in after.headings
    assert "What the source says" not in after.headings  # with the click's value
    assert not after.errors
    assert "does not exist anymore" not in server.log(), server.log()[-2000:]


@RESTARTS
def test_an_upload_gone_with_the_server_is_said_and_offered_again(browser, server):
    with fresh_page(browser, 1400, 900, clean_console=False) as page:
        page.goto(f"{server.url}/your_data")
        wait_for_app(page)
        folder = BUNDLED / "examples" / "example_guideline"
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            [str(p) for p in sorted(folder.iterdir()) if p.suffix in {".csv", ".txt", ".json"}])
        expect(page.get_by_text("Your data is valid")).to_be_visible(timeout=30_000)
        sidebar_link(page, "Routes explorer").click()
        wait_for_app(page)
        expect(page).to_have_url(re.compile(r"/explorer\?data=\w+$"))
        assert chart_state(page)["labels"][0] == "IV infusion, single (example)"
        link = page.url
        # the browser script keeps the upload's mark in a cookie once the page shows it: waited for, not raced
        # (the final fresh clone of 2026-12-05 read the cookies before the script had written it, twice)
        page.wait_for_function("mark => document.cookie.split('; ').some(c => c.startsWith('relief_uploads=') "
                               "&& c.includes(mark))", arg=link.rsplit("data=", 1)[1], timeout=30_000)
        cookies = page.context.cookies()
        assert any(c["name"] == "relief_uploads" and link.rsplit("data=", 1)[1] in c["value"] for c in cookies)
        restart(page, server)
        gone = page.get_by_text("Your uploaded data set is gone")  # told: this browser made the upload
        expect(gone).to_be_visible(timeout=60_000)
        wait_for_app(page)
        labels = chart_state(page)["labels"]
        assert "IV infusion, single (example)" not in labels
        assert "All routes (article summary)" in labels and "Lozenge" in labels  # the bundled view, unfiltered
        expect(page.get_by_text("shows the bundled article")).to_be_visible()
        full_screenshot(page, "state-upload-gone")
        page.get_by_role("link", name="Upload your files again").click()
        expect(title(page)).to_have_text("Your data")
        expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_be_attached()
        no_exception(page)
    with fresh_page(browser, 1400, 900) as other:  # the link passed on: this browser uploaded nothing
        other.goto(link)
        wait_for_app(other)
        expect(other.get_by_text("uploaded in another browser")).to_be_visible()
        expect(other.get_by_text("Your uploaded data set is gone")).to_have_count(0)
        expect(other.get_by_role("link", name="Upload your files again")).to_have_count(0)
        no_exception(other)


# ---------------------------------------------------------------- hosting from another directory


def test_uvicorn_started_from_another_directory_serves_the_app(browser):
    port = free_port()
    uvicorn = require("uvicorn")
    with tempfile.TemporaryDirectory() as elsewhere:
        process = subprocess.Popen([str(uvicorn), "--app-dir", str(ROOT), "--host", "127.0.0.1", "--port", str(port),
                                    "serve:app"], cwd=elsewhere, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", process)
            with fresh_page(browser, 1400, 900) as page:
                page.goto(f"http://127.0.0.1:{port}/explorer")
                wait_for_app(page)
                expect(title(page)).to_have_text("Routes explorer")
                choose(page, "Axis", "Linear")
                expect(page).to_have_url(re.compile(r"/explorer\?axis=linear$"))
                no_exception(page)
        finally:
            stop(process)
