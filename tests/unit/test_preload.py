"""The chart chunk is imported while a page waits for its first run: which pages, what is added, what is left alone."""

from __future__ import annotations

import gzip
import re

import pytest
from streamlit import file_util

from relief import preload

from .fake_asgi import answering, run

PAGE = b'<!DOCTYPE html><html><head><title>Streamlit</title></head><body><div id="root"></div></body></html>'
HREF = "./static/js/PlotlyChart.D9Z0_fxz.js"
PAINT = (b"<style>#x{}</style>", b"<p>Loading</p>")  # what every page gets before </head> and inside its root
PAINTED = PAGE.replace(b"</head>", PAINT[0] + b"</head>").replace(b'<div id="root">', b'<div id="root">' + PAINT[1])


def serve(path="/", method="GET", status=200, content_type=b"text/html", body=PAGE, chunks_of=None, **headers):
    """Run the middleware over a fake app answering ``path``; the messages it sends on."""
    app = answering(chunks_of or [body], status, content_type, **headers)
    return run(preload.PreloadMiddleware(app, [HREF], page=PAGE, paint=PAINT),
               {"type": "http", "method": method, "path": path})


def body_of(sent) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def length_of(sent) -> int:
    return int(dict(sent[0]["headers"])[b"content-length"])


def test_the_streamlit_build_has_exactly_one_chart_chunk_to_import():
    """If a Streamlit release renames or splits the chunk, this fails instead of the speed-up silently going."""
    found = preload.chunks(file_util.get_static_dir())
    assert len(found) == 1 and re.fullmatch(r"\./static/js/PlotlyChart\.[\w-]+\.js", found[0]), found


def test_the_streamlit_build_has_each_widget_chunk_once():
    """The widgets' chunks are imported at once on every page (their placeholders then wait the least): a release
    that renames one fails here, not silently."""
    found = preload.chunks(file_util.get_static_dir(), preload.WIDGET_CHUNKS)
    assert [re.match(r"\./static/js/(\w+)\.", href).group(1) for href in found] == list(preload.WIDGET_CHUNKS)


def test_every_page_imports_the_widget_chunks_at_once_and_a_chart_page_plotly_when_idle():
    widget = "./static/js/ButtonGroup.x.js"
    for path, chart in (("/", True), ("/explorer", True), ("/evidence", False), ("/your_data", False)):
        app = answering([PAGE], 200, b"text/html")
        sent = run(preload.PreloadMiddleware(app, [HREF], page=PAGE, paint=PAINT, widgets=[widget]),
                   {"type": "http", "method": "GET", "path": path})
        script = re.search(rb'<script type="module">(.*?)</script>', body_of(sent)).group(1).decode()
        assert script.startswith(f'import("{widget}");')  # at once, before anything waits for the load event
        assert (f'import("{HREF}")' in script) is chart and ('addEventListener("load"' in script) is chart
        assert length_of(sent) == len(body_of(sent))


def test_a_build_without_the_chunk_or_with_two_adds_nothing(tmp_path):
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    assert preload.chunks(tmp_path) == []
    (js / "PlotlyChart.a.js").write_text("")
    assert preload.chunks(tmp_path) == ["./static/js/PlotlyChart.a.js"]
    (js / "PlotlyChart.b.js").write_text("")
    assert preload.chunks(tmp_path) == []  # which one the page would ask for cannot be told
    assert preload.script([]) == b"" and preload.inject(PAGE, []) == PAGE


def test_a_chart_page_gets_one_script_that_imports_the_chunk_after_load_with_its_new_length():
    for path in ("/", "/explorer", "/talk", "/ketamine", "/ketamine/factors"):
        sent = serve(path)
        body = body_of(sent)
        assert body.count(b'<script type="module"') == 1 and body.index(b"<script") < body.index(b"</head>")
        script = re.search(rb'<script type="module">(.*?)</script>', body).group(1).decode()
        assert script.startswith('addEventListener("load",') and f'import("{HREF}")' in script
        assert body.replace(re.search(rb'<script type="module">.*?</script>', body).group(0), b"") == PAINTED
        assert length_of(sent) == len(body) and sent[0]["status"] == 200


@pytest.mark.parametrize("path", ["/evidence", "/your_data", "/ketamine/evidence", "/your_data/"])
def test_pages_without_a_chart_get_the_first_paint_and_no_import(path):
    assert body_of(serve(path)) == PAINTED


def test_every_page_is_laid_out_as_the_app_from_the_first_paint_and_says_it_is_loading():
    """The real first paint (relief/css.py): its stylesheet and script before </head>, the loading line in the
    root Streamlit's first render replaces, nothing else of Streamlit's page changed."""
    from pathlib import Path

    from relief import css

    page = (Path(file_util.get_static_dir()) / "index.html").read_bytes()
    head, root = preload.first_paint()
    assert b"Loading the dashboard" in root and b"--relief-sidebar" in head and b"</script>" not in head[:-9]
    # the app's stylesheets too: drawn by the run only once Streamlit has fetched its code for raw HTML, so the
    # menu's current entry showed faded until then (tests/e2e/test_late_code.py)
    assert css.stylesheet(False).encode() in head and b"</style>" not in css.stylesheet(False).encode()
    # the rule that leaves pending widgets out, in a <style> of its own that the first paint's script removes once
    # the first view has come in; never in the run's stylesheet, which stays (a toggle was 1.34x slower with it)
    pending = f'<style id="{css.PENDING_STYLE_ID}">{css.PENDING_CSS}</style>'.encode()
    assert head.count(pending) == 1 and css.PENDING_CSS not in css.stylesheet(False) + css.stylesheet(True)
    assert f"getElementById('{css.PENDING_STYLE_ID}')" in css.SETTLE_JS and css.SETTLE_JS.encode() in head
    for path in ("/", "/evidence"):
        body = preload.inject(page, [HREF] if path == "/" else [], head, root)
        assert body.count(root) == 1 and body.index(b'<div id="root">' + root) > body.index(b"</head>")
        assert body.index(head) < body.index(b"</head>")
        without = body.replace(head, b"").replace(root, b"").replace(preload.script([HREF]), b"")
        assert without == page
    assert "present" in css.FIRST_PAINT_JS and "margin-left: 0 !important" in css.PRESENT_CSS  # never in a talk


def test_a_page_sent_in_several_parts_is_rewritten_whole():
    sent = serve(chunks_of=[PAGE[:30], PAGE[30:60], PAGE[60:]])
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert b"import(" in body_of(sent) and length_of(sent) == len(body_of(sent))


@pytest.mark.parametrize("case", [
    {"method": "HEAD"}, {"method": "POST"}, {"status": 304, "body": b""}, {"status": 404},
    {"content_type": b"application/javascript", "body": b"</head>"}, {"content_type": b"application/json"},
    {"content_encoding": b"br", "body": b"\x1b</head>"},
], ids=["head", "post", "not-modified", "not-found", "script", "json", "brotli"])
def test_anything_but_a_whole_plain_html_page_passes_untouched(case):
    sent = serve(**case)
    assert body_of(sent) == case.get("body", PAGE)
    assert length_of(sent) == len(case.get("body", PAGE))


def test_a_gzip_compressed_page_is_rewritten_and_compressed_again():
    """Streamlit gzips a sub-page's copy of the page (``/explorer``) but not the root's: both get the script."""
    sent = serve("/explorer", body=gzip.compress(PAGE), content_encoding=b"gzip")
    body = body_of(sent)
    assert dict(sent[0]["headers"])[b"content-encoding"] == b"gzip" and length_of(sent) == len(body)
    assert gzip.decompress(body) == preload.inject(PAGE, [HREF], *PAINT) != PAGE


def test_the_served_page_is_the_installed_streamlit_page_and_it_has_a_head():
    from pathlib import Path

    page = (Path(file_util.get_static_dir()) / "index.html").read_bytes()
    assert page.count(b"</head>") == 1 and preload.inject(page, [HREF]) != page


@pytest.mark.parametrize("case", [
    {"content_disposition": b'attachment; filename="talk.html"'},  # a download of Streamlit's page, even
    {"body": PAGE.replace(b"Streamlit", b"Exported!")},  # same length, not the page: an exported chart
    {"body": gzip.compress(PAGE.replace(b"root", b"talk")), "content_encoding": b"gzip"},
    {"body": b"<html><head></head><body>" + b"x" * 100_000 + b"</body></html>"},  # the offline talk file
    {"body": b"\x1f\x8b not gzip </head>", "content_encoding": b"gzip"},
], ids=["download", "other-page", "other-page-gzip", "long-html", "broken-gzip"])
def test_html_that_is_not_streamlit_s_page_passes_untouched(case):
    """The offline talk and the chart exports are HTML too: they must arrive exactly as built."""
    body = case.get("body", PAGE)
    sent = serve("/talk", **case)
    assert body_of(sent) == body and length_of(sent) == len(body)


def test_html_of_another_length_is_passed_on_as_it_comes_not_held_back():
    parts = [b"<html><head></head><body>", b"x" * 100_000, b"</body></html>"]
    sent = serve(chunks_of=parts)
    assert [m.get("body") for m in sent[1:]] == parts  # streamed part by part, not gathered first


def test_page_name_is_the_last_part_of_the_address():
    assert [preload.page_name(p) for p in ("/", "/evidence", "/base/evidence/", "/base")] == \
        ["", "evidence", "evidence", "base"]

