"""Each touch of Streamlit's internals (``relief/ui/internals.py``), exercised against the installed Streamlit.

An upgrade that moves, renames or changes one of them fails the test named in its ``TOUCHPOINTS`` record, with the
touchpoint's name in the message, instead of breaking the app silently.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import pytest
import streamlit
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.testing.v1 import AppTest

from relief import css, preload
from relief.ui import internals

JS = internals.static_dir() / "static" / "js"
@pytest.fixture(scope="module")
def bundle() -> str:
    """Streamlit's frontend scripts as one text (about 20 MB): read by the tests that search it, not by every
    process that collects this module."""
    return "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in sorted(JS.glob("*.js")))


def broken(name: str) -> str:
    point = next(t for t in internals.TOUCHPOINTS if t.name == name)
    return (f"Streamlit {streamlit.__version__} broke the touchpoint '{name}' (checked on {point.checked_on}; "
            f"relief/ui/internals.py): {point.breaks}")


def test_every_touchpoint_says_what_it_buys_and_names_a_test_here():
    assert len({t.name for t in internals.TOUCHPOINTS}) == len(internals.TOUCHPOINTS)
    for point in internals.TOUCHPOINTS:
        assert all(getattr(point, f.name).strip() for f in dataclasses.fields(point)), point.name
        assert point.test in globals() and point.test.startswith("test_"), f"{point.name}: no test {point.test}"


def test_the_touchpoints_were_checked_on_the_installed_streamlit():
    """An upgrade must be followed by a run of this file and a new CHECKED_ON (the rest of the file says what
    broke, if anything)."""
    assert streamlit.__version__ == internals.CHECKED_ON, (
        f"Streamlit is {streamlit.__version__}; relief/ui/internals.py was checked on {internals.CHECKED_ON}: "
        "run tests/unit/test_streamlit_internals.py, then set CHECKED_ON")


def test_no_other_module_reaches_into_streamlit_internals():
    """The fence: private Streamlit modules are imported here only (serve.py loads this file for its two)."""
    root = Path(__file__).resolve().parents[2]
    private = re.compile(r"streamlit\.(runtime|file_util|proto|web)|_getframe|st\.iframe|window\.parent")
    offenders = [str(p.relative_to(root)) for p in [*root.glob("relief/**/*.py"), *root.glob("pages/*.py"),
                                                    root / "app.py", root / "serve.py"]
                 if p.name != "internals.py" and private.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], "move these touches of Streamlit's internals into relief/ui/internals.py"


# ---------------------------------------------------------------- folder navigation


def test_folder_navigation_flag_is_what_the_script_runner_reads(monkeypatch, tmp_path):
    from streamlit.commands import navigation
    from streamlit.runtime import pages_manager
    from streamlit.runtime.scriptrunner import script_runner

    name = "folder navigation"
    assert hasattr(pages_manager.PagesManager, "uses_pages_directory"), broken(name)
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner), broken(name)
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation), broken(name)
    monkeypatch.setattr(pages_manager.PagesManager, "uses_pages_directory", None)
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    pages_manager.PagesManager(str(tmp_path / "app.py"))  # a pages/ folder beside the main script ...
    assert internals.in_folder_navigation(), broken(name)  # ... starts the old folder-based navigation
    internals.leave_folder_navigation()
    assert not internals.in_folder_navigation() and pages_manager.PagesManager.uses_pages_directory is False


def _a_page_run_without_the_router():
    import streamlit as st

    from relief.ui.frame import ensure_router

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    ensure_router()
    st.markdown("the page ran on")


def test_the_router_check_reruns_once_and_never_loops(monkeypatch, caplog):
    """A page run outside app.py's frame (folder navigation) asks for one rerun through the router; if the run after
    it is again not the router's (a misfire), it raises instead of rerunning for ever."""
    monkeypatch.setattr(internals, "main_script_path", lambda: "/srv/relief/app.py")
    left = []
    monkeypatch.setattr(internals, "leave_folder_navigation", lambda: left.append(True))
    at = AppTest.from_function(_a_page_run_without_the_router).run()
    assert at.session_state["runs"] == 2 and left == [True]  # one rerun asked for, then no more
    assert at.exception and "not rerunning again" in caplog.text  # said in the server's log (the page redacts)
    assert not at.markdown
    monkeypatch.setattr(internals, "main_script_path", lambda: "/srv/relief/pages/factors.py")
    at = AppTest.from_function(_a_page_run_without_the_router).run()  # a page run on its own on purpose
    assert not at.exception and at.session_state["runs"] == 1 and at.markdown[0].value == "the page ran on"


# ---------------------------------------------------------------- the run context


def _reads_the_run_context():
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from relief.ui import internals

    ctx = get_script_run_ctx()
    st.markdown(f"main={internals.main_script_path()}")
    st.markdown(f"fragment={internals.fragment_rerun()} history={internals.history_navigation()}")
    st.markdown(f"has={hasattr(ctx, 'fragment_ids_this_run')},{hasattr(ctx, 'is_history_navigation')},"
                f"{hasattr(ctx.pages_manager, 'main_script_path')}")


def test_run_context_has_what_the_app_reads():
    name = "run context"
    assert internals.run_context() is None and internals.main_script_path() is None  # outside a run
    at = AppTest.from_function(_reads_the_run_context).run()
    assert not at.exception, at.exception
    said = [str(m.value) for m in at.markdown]
    assert said[2] == "has=True,True,True", broken(name)
    assert said[1] == "fragment=False history=False", broken(name)
    assert said[0].startswith("main=") and Path(said[0].removeprefix("main=")).is_file(), broken(name)


def test_a_session_is_active_while_it_runs_and_ended_once_closed(monkeypatch):
    import dataclasses as dc

    from streamlit import runtime
    from streamlit.runtime.runtime import Runtime
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    name = "session ended"
    assert list(inspect.signature(Runtime.is_active_session).parameters) == ["self", "session_id"], broken(name)
    assert "session_id" in {f.name for f in dc.fields(ScriptRunContext)}, broken(name)
    assert callable(runtime.exists) and callable(runtime.get_instance), broken(name)
    assert "_active_session_info_by_id" in inspect.getsource(WebsocketSessionManager.is_active_session), broken(name)
    assert internals.session_ended()() is False  # outside a served app: never ended

    class Server:
        def __init__(self):
            self.active = {"s1"}

        def is_active_session(self, session_id):
            return session_id in self.active

    server = Server()
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: server)
    monkeypatch.setattr(internals, "run_context", lambda: type("Ctx", (), {"session_id": "s1"})())
    ended = internals.session_ended()
    assert ended() is False
    server.active.clear()  # the tab is closed
    assert ended() is True


# ---------------------------------------------------------------- whole-app reruns


def test_request_rerun_is_patched_and_reaches_the_real_session():
    from streamlit.runtime.app_session import AppSession

    name = "whole-app reruns for unknown parts"
    internals.install_whole_app_reruns()
    patched = AppSession.request_rerun
    assert getattr(patched, internals._MARK, False), broken(name)
    original = inspect.getclosurevars(patched).nonlocals["original"]
    assert list(inspect.signature(original).parameters) == ["self", "client_state"], broken(name)
    assert list(inspect.signature(AppSession.has_fragment).parameters) == ["self", "fragment_id"], broken(name)
    assert "fragment_id" in ClientState.DESCRIPTOR.fields_by_name, broken(name)
    click = ClientState(query_string="a=1", page_name="explorer", fragment_id="gone")
    whole = internals.whole_app_request(click, known=lambda _: False)
    assert whole.fragment_id == "" and whole.query_string == "a=1" and whole.page_name == "explorer"


# ---------------------------------------------------------------- the page and its chart chunk


def test_preload_finds_the_chart_chunk_and_the_page_it_rewrites(bundle):
    name = "the app's page and its chart chunk"
    static = internals.static_dir()
    page = (static / "index.html").read_bytes()
    assert page.count(b"</head>") == 1, broken(name)
    found = preload.chunks(static)
    assert len(found) == len(preload.CHART_CHUNKS) == 1, broken(name)
    chunk = found[0].rsplit("/", 1)[-1]
    assert f"./{chunk}" in bundle or f"/{chunk}" in bundle, broken(name)  # Streamlit imports the same file
    rewritten = preload.inject(page, found)
    assert rewritten != page and preload.script(found) in rewritten


# ---------------------------------------------------------------- the browser script


def test_the_browser_script_survives_streamlits_html_sanitizer():
    name = "the browser script in the page"
    assert "unsafe_allow_javascript" in inspect.signature(streamlit.html).parameters, broken(name)
    html = next(JS.glob("Html.*.js")).read_text(encoding="utf-8")
    assert "unsafeAllowJavascript" in html and "createElement(`script`)" in html, broken(name)
    assert "ADD_TAGS:[`script`" in html, broken(name)  # the sanitizer keeps script elements
    tag = internals.script_tag(css.BROWSER_JS)
    assert tag.count("<script>") == 1 and tag.endswith("</script>") and css.BROWSER_JS in tag
    assert "if (window.__reliefBrowser) return; window.__reliefBrowser = true;" in tag  # once per page load
    with pytest.raises(ValueError, match="DOMPurify"):
        internals.script_tag("if (a <b) {}")


# ---------------------------------------------------------------- the page's DOM


def test_every_selector_the_stylesheets_use_is_in_streamlits_frontend_bundle(bundle):
    name = "the page's DOM"
    text = css.stylesheet(True) + css.BROWSER_JS + css.FIRST_PAINT_CSS + css.FIRST_PAINT_JS + css.PENDING_CSS + \
        css.SETTLE_JS
    testids, classes = internals.selectors_in(text)
    assert testids == internals.DOM_TESTIDS, "relief/css.py and internals.DOM_TESTIDS list different test ids"
    assert classes == internals.DOM_CLASSES, "relief/css.py and internals.DOM_CLASSES list different classes"
    for attribute in internals.DOM_ATTRIBUTES:
        assert attribute in text and re.search(f"[\"`]{attribute}[\"`]", bundle), broken(name) + f" ({attribute})"

    def in_bundle(value: str) -> bool:
        if value.startswith("stBaseButton-"):  # built as `stBaseButton-${kind}` from the button's kind
            return "`stBaseButton-${" in bundle and f"`{value.removeprefix('stBaseButton-')}`" in bundle
        return re.search(r"[\"'`.]" + re.escape(value) + r"[\"'`]", bundle) is not None

    missing = sorted(v for v in internals.DOM_TESTIDS | internals.DOM_CLASSES if not in_bundle(v))
    assert missing == [], broken(name) + f" (gone from the bundle: {', '.join(missing)})"


# ---------------------------------------------------------------- menu links


def test_a_menu_link_can_carry_its_own_address_and_still_switches_by_script_hash():
    """The landing page's link gets a real href ("./") and keeps the script hash a click switches pages by; the
    frontend still cancels every click on an app page's link (why the browser script stops modified clicks)."""
    name = "menu links"

    def app():
        import streamlit as st

        from relief.ui import internals

        home = st.Page(lambda: None, title="Home", url_path="home", default=True)
        other = st.Page(lambda: None, title="Other", url_path="other")
        st.navigation([home, other], position="hidden")
        st.page_link(home)
        st.page_link(internals.linked_page(home, "./"), query_params={"lex": "x"})
        st.page_link(other)
        st.session_state["hashes"] = (home._script_hash, other._script_hash, home.url_path)

    at = AppTest.from_function(app).run()
    assert not at.exception, at.exception
    plain, linked, other = (e.proto for e in at.get("page_link"))
    home_hash, other_hash, home_path = at.session_state["hashes"]
    assert plain.page == "" and home_path == "", broken(name)  # what Streamlit writes as the landing page's href
    assert (linked.page, linked.query_string, linked.label) == ("./", "lex=x", "Home"), broken(name)
    assert linked.page_script_hash == plain.page_script_hash == home_hash, broken(name)  # a click goes home
    assert (other.page, other.page_script_hash) == ("other", other_hash), broken(name)
    chunk = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in JS.glob("PageLink.*.js"))
    assert "stPageLink-NavLink" in chunk and "preventDefault()" in chunk, broken(name)
    assert "ctrlKey" not in chunk and "metaKey" not in chunk, (
        f"Streamlit {streamlit.__version__} now looks at modifier keys on a page link: the menu-link listener in "
        "css.BROWSER_JS may be dropped")


# ---------------------------------------------------------------- where the page is


def test_the_page_scrolls_in_stmain_and_moves_through_history_as_the_place_keeper_expects(bundle):
    """The script keeps each history entry's position of stMain (the box that scrolls) and tells a page switch by
    the pushState Streamlit makes for it; both as the installed frontend does them."""
    name = "where the page is"
    assert re.search(r"disableScrolling:\w+,className:`stMain`,\"data-testid\":`stMain`", bundle), \
        broken(name) + " (stMain is no longer the scrolling container)"
    pushes = re.findall(r"window\.history\.pushState\(\{\},``,\w+\)", bundle)
    replaces = re.findall(r"window\.history\.replaceState\(\{\},``,\w+\)", bundle)
    assert len(pushes) == 2 and len(replaces) == 1, broken(name) + f" ({len(pushes)} pushState, {len(replaces)} " \
        "replaceState: a page switch or a setting may now move through history another way)"
    assert "history.pushState = function" in css.BROWSER_JS and "history.replaceState = function" in css.BROWSER_JS
    assert "data-testid=stMain]" in css.BROWSER_JS


# ---------------------------------------------------------------- the first paint


def test_the_first_paint_is_laid_out_as_streamlit_lays_out_the_app(bundle):
    """What css.FIRST_PAINT_CSS / _JS copy from Streamlit's layout is still what its frontend does."""
    name = "the first paint"
    page = (internals.static_dir() / "index.html").read_text(encoding="utf-8")
    assert page.count('<div id="root"></div>') == 1, broken(name)
    assert "`data-layout`:" in bundle.replace('"data-layout":', "`data-layout`:") and "`wide`:`narrow`" in bundle, \
        broken(name)
    wide = re.search(r"(\w+)=\w+=>\(\{\[`@media \(min-width: calc\(\$\{\w+\.sizes\.contentMaxWidth\} \+ 2 \* "
                     r"\(\$\{\w+\.sizes\.wideSidePadding\} - \$\{\w+\.spacing\.lg\}\)\)\)`\]:"
                     r"\{paddingLeft:\w+\.sizes\.wideSidePadding,paddingRight:\w+\.sizes\.wideSidePadding\},"
                     r"minWidth:`auto`,maxWidth:`initial`\}\)", bundle)
    assert wide, broken(name) + " (the wide layout)"
    sizes = {k: v for k, v in re.findall(r"(contentMaxWidth|wideSidePadding|minSidebarWidth|defaultSidebarWidth|"
                                         r"maxSidebarWidth):`([^`]+)`", bundle)}
    assert sizes == {"contentMaxWidth": "736px", "wideSidePadding": "5rem", "minSidebarWidth": "12.5rem",
                     "defaultSidebarWidth": "18.75rem", "maxSidebarWidth": "37.5rem"}, broken(name) + f" {sizes}"
    assert "864px" in css.FIRST_PAINT_CSS and "300px" in css.FIRST_PAINT_CSS and "600, Math.max(200" in \
        css.FIRST_PAINT_JS  # 736 + 2 * (80 - 16); 18.75rem; 37.5rem and 12.5rem
    assert "localStorage.getItem(`sidebarWidth`)" in bundle and "`stSidebarCollapsed-${" in bundle, broken(name)
