"""Your own data: uploads (per session), a --data folder, lexicon edits in the URL, inert user text."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from relief.dataset import BUNDLED
from relief.intake import load_uploads

from .helpers import APP, PAGES, markdown_table, open_page, plain, spec, texts

EXAMPLE = BUNDLED / "examples" / "example_guideline"
BROKEN = BUNDLED / "examples" / "broken"


def uploaded(folder, **replace):
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in {".csv", ".txt", ".json"}}
    for name, (old, new) in replace.items():
        files[name] = files[name].replace(old, new)
    return load_uploads([(name, len(data), lambda data=data: data) for name, data in files.items()])


def with_upload(page, result, query=None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["upload.result"] = result
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page != PAGES[0]:
        at.switch_page(page)
    return at.run()


def test_a_valid_upload_is_shown_on_every_page():
    result = uploaded(EXAMPLE)
    assert result.ok
    at = with_upload("pages/explorer.py", result)
    assert not at.exception
    assert spec(at, "routes_chart")["layout"]["yaxis"]["categoryarray"] == [
        "IV infusion, single (example)", "Nasal spray (example)", "Oral tablets (example)"]
    shown = texts(at)
    assert "EXAMPLE ONLY" in shown and "not medical advice" in shown
    assert "commercial blog post promoting the Wellnee patch" not in shown
    for page in PAGES:
        assert not with_upload(page, result).exception, page


def test_a_broken_upload_shows_its_problems_and_the_bundled_data_stays():
    result = uploaded(BROKEN)
    assert not result.ok
    at = with_upload("pages/your_data.py", result)
    error = plain(at.error[0].value)  # problems quote the data: they are escaped markdown
    assert "Your files were not loaded" in error and "In claims.csv, row 3, column “route”" in error
    explorer = with_upload("pages/explorer.py", result)
    assert "IV infusion (overall)" in spec(explorer, "routes_chart")["layout"]["yaxis"]["categoryarray"]


def test_user_text_is_inert_everywhere():
    hostile = "<script>alert(1)</script> **bold** [link](https://example.com)"
    result = uploaded(EXAMPLE, **{"claims.csv": (b"Nasal spray (example)", hostile.encode()),
                                  "factors.csv": (b"Dose,longer", b"<b>Dose</b>,longer")})
    assert result.ok, [str(p) for p in result.problems]
    for page in ("pages/explorer.py", "pages/factors.py", "pages/source.py"):
        at = with_upload(page, result)
        assert not at.exception
        for element in (*at.markdown, *at.caption, *at.header, *at.subheader):
            value = str(element.value)
            assert "<script>" not in value and "](https://example.com)" not in value, (page, value)
            assert "**bold**" not in value or "\\*\\*bold" in value
    ticks = spec(with_upload("pages/explorer.py", result), "routes_chart")["layout"]["yaxis"]["ticktext"]
    assert any("&lt;script&gt;" in t for t in ticks) and not any("<script>" in t for t in ticks)


def test_a_data_folder_from_the_command_line(monkeypatch):
    monkeypatch.setenv("RELIEF_DATA", str(EXAMPLE))
    at = open_page("pages/explorer.py")
    assert spec(at, "routes_chart")["layout"]["yaxis"]["categoryarray"][0] == "IV infusion, single (example)"
    assert "the data folder this server was started with" in texts(at) and str(EXAMPLE) not in texts(at)


def _warning(at, words: str):
    found = [w for w in at.warning if words in w.value]
    assert found, f"no warning saying {words!r}"
    return found[0]


def test_a_broken_data_folder_falls_back_to_the_bundled_data(monkeypatch, tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(BROKEN, folder)
    monkeypatch.setenv("RELIEF_DATA", str(folder))
    at = open_page("pages/overview.py")
    assert not at.exception
    said = _warning(at, "could not be used; showing the bundled data instead")
    assert said.icon == "⚠️" and not at.error  # a warning: the page goes on with the bundled data
    assert said.value.count("\n- ") == 3 and "more, listed below" in said.value  # the page is not pushed away
    folded = next(e for e in at.expander if e.label.startswith("All ") and e.label.endswith(" problems"))
    assert any("In claims.csv, row 3, column “route”" in plain(m.value) for m in folded.markdown)  # all still listed
    assert "“several hours” to “several months”" in texts(at)


def test_lexicon_edit_in_the_url_changes_every_chart():
    plain = open_page("pages/explorer.py", {"routes": "oral"})
    edited = open_page("pages/explorer.py", {"routes": "oral", "lex": "a few hours:1,2,3"})
    assert spec(edited, "routes_chart") != spec(plain, "routes_chart")
    assert markdown_table(edited, "Claim").iloc[0]["Bar (central reading)"] == "2 h"
    factors = open_page("pages/factors.py", {"lex": "a few hours:1,2,3"})
    assert factors.query_params["lex"] == "a few hours:1,2,3"


def test_an_invalid_lexicon_edit_in_the_url_is_refused():
    at = open_page("pages/explorer.py", {"routes": "oral", "lex": "a few hours:5,3,4"})
    assert not at.exception
    said = _warning(at, "The edited lexicon in the link is not valid")
    assert "In lexicon.csv, row 2, column “central_hours”" in plain(said.value) and not at.error
    assert markdown_table(at, "Claim").iloc[0]["Bar (central reading)"] == "3 h"
    junk = open_page("pages/explorer.py", {"lex": "nonsense;;x:1"})
    assert any("were not understood" in str(i.value) for i in junk.info)


def test_template_download_is_the_bundled_data():
    at = open_page("pages/your_data.py")
    assert not at.exception
    from relief.intake import template_zip

    names = zipfile.ZipFile(io.BytesIO(template_zip())).namelist()
    assert "ketamine-relief-data/claims.csv" in names and "ketamine-relief-data/README.md" in names


def test_a_data_folder_with_a_malformed_first_record_falls_back_with_a_located_message(monkeypatch, tmp_path):
    """The issue's smallest failing input: one more field on the first record of lexicon.csv."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    lines = (folder / "lexicon.csv").read_text().splitlines()
    (folder / "lexicon.csv").write_text("\n".join([lines[0], lines[1] + ",extra", *lines[2:]]) + "\n")
    monkeypatch.setenv("RELIEF_DATA", str(folder))
    for page in ("pages/overview.py", "pages/your_data.py"):
        at = open_page(page)
        assert not at.exception, page
        said = _warning(at, "could not be used; showing the bundled data instead")
        assert "In lexicon.csv, row 2, column “column F”: 6 cells but the header names 5" in plain(said.value), page


def test_without_a_lexicon_every_page_still_works():
    files = {p.name: p.read_bytes() for p in EXAMPLE.iterdir() if p.suffix in {".csv", ".txt", ".json"}}
    del files["lexicon.csv"]
    lines = files["claims.csv"].decode().splitlines()
    files["claims.csv"] = "\n".join([lines[0]] + [line for line in lines if ",not_stated,,," in line]).encode()
    result = load_uploads([(name, len(data), lambda data=data: data) for name, data in files.items()])
    assert result.ok, [str(p) for p in result.problems]
    assert result.dataset.lexicon.empty
    for page in PAGES:
        assert not with_upload(page, result).exception, page


def test_the_page_offers_a_blank_starter_and_says_which_files_are_required():
    at = open_page("pages/your_data.py")
    shown = texts(at)
    for name in ("article.txt", "article.meta.json", "claims.csv"):
        assert f"`{name}` **(required)**" in shown
    assert "`lexicon.csv` (optional): hours for vague phrases" in shown
    assert "`lexicon.csv` **(required)**" not in shown
    labels = [b.label for b in at.get("download_button")]
    assert "Download a blank starter (zip)" in labels and "Download the bundled data (zip)" in labels


def starter_with_one_claim() -> dict[str, bytes]:
    """The blank starter a person downloads, filled with one claim of their own, and nothing else."""
    import json

    from relief.dataset import fingerprint
    from relief.intake import starter_zip

    with zipfile.ZipFile(io.BytesIO(starter_zip())) as archive:
        files = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    claim = "A nasal spray of ketamine relieves pain for a few hours to a day or two."
    text = f"Nasal sprays\n\n{claim}\n"
    files["article.txt"] = text.encode()
    files["article.meta.json"] = json.dumps({"title": "My one-claim page", "author": "Me", "kind": "a test page",
                                             "sha256": fingerprint(text)}).encode()
    header = files["claims.csv"].decode().split("\n", 1)[0]
    files["claims.csv"] = (header + "\nspray,intranasal,not_stated,not_stated,My nasal spray,duration,a few hours,"
                           f"a day or two,\"{claim}\",Nasal sprays,\n").encode()
    files["lexicon.csv"] = (b"phrase,conservative_hours,central_hours,generous_hours,rationale\n"
                            b"a few hours,2,3,4,My reading.\na day or two,24,36,48,My reading.\n")
    return files


def test_an_uploaded_one_claim_starter_shows_per_end_verdicts_and_only_its_matched_findings():
    from relief import evidence

    files = starter_with_one_claim()
    result = load_uploads([(n, len(b), lambda b=b: b) for n, b in files.items()])
    assert result.ok, [str(p) for p in result.errors]
    at = with_upload("pages/evidence.py", result)
    assert not at.exception
    summary = markdown_table(at, "Claim")
    assert list(summary["Claim"]) == ["My nasal spray · Intranasal spray"]
    judged = evidence.verdicts(result.dataset).set_index("end")
    assert summary.iloc[0]["Lower end"].startswith(judged.loc["lower", "label"].replace("_", " "))
    assert summary.iloc[0]["Upper end"].startswith(judged.loc["upper", "label"].replace("_", " "))
    assert {judged.loc["lower", "label"], judged.loc["upper", "label"]} <= {"supported", "not_tested"}
    matched = evidence.matched_evidence(result.dataset)
    listed = at.dataframe[0].value
    assert len(listed) == len(matched) < len(result.dataset.evidence)  # only the findings matched to its claim
    assert set(listed["Route"]) <= {"Intranasal spray"}
    at.toggle(key="all_findings").set_value(True).run()
    assert len(at.dataframe[0].value) == len(result.dataset.evidence)  # all of them, behind a labelled switch


@pytest.mark.parametrize("page", ["pages/source.py", "pages/explorer.py"])
def test_a_lexicon_edit_in_a_link_is_kept_and_said_on_every_page_even_the_editor_s(page):
    """The Source page holds the lexicon editor: it rewrote a link's edits it did not understand to nothing, so the
    notice that they were ignored never showed there; and the sidebar said readings were edited when none were."""
    junk = open_page(page, {"lex": "zzz"})
    assert not junk.exception and junk.query_params["lex"] == "zzz"
    assert any("were not understood and were ignored" in plain(i.value) for i in junk.info)
    assert not any("readings are edited in this view" in c.value for c in junk.caption)
    edited = open_page(page, {"lex": "a few hours:1,2,3"})
    assert not edited.exception and edited.query_params["lex"] == "a few hours:1,2,3"
    assert not any("not understood" in plain(i.value) for i in edited.info)
    assert any("readings are edited in this view" in c.value for c in edited.caption)


# ---------------------------------------------------------------- a link naming an upload that is not here


MARK = "0123456789abcdef"  # an upload's mark as a link carries it (data=)


@pytest.mark.parametrize("browser_uploads", [frozenset(), frozenset({"fedcba9876543210"})],
                         ids=["no-cookie", "other-uploads"])
def test_a_link_naming_someone_elses_upload_tells_no_one_their_upload_is_gone(monkeypatch, browser_uploads):
    """Issue 25: a shared link with data= told everyone "your upload is gone"; only the browser that made the
    upload is told (its cookie names it: relief/ui/run.py UPLOAD_COOKIE); anyone else gets a neutral line."""
    from relief.ui import run

    monkeypatch.setattr(run, "uploads_of_this_browser", lambda: browser_uploads)
    at = open_page("pages/explorer.py", {"data": MARK})
    assert not at.exception
    shown = texts(at)
    assert "upload" not in " ".join(w.value for w in at.warning) and "data set is gone" not in shown
    assert "uploaded in another browser" in shown and "shows the bundled article" in shown
    assert [link for link in at.get("page_link") if "Upload your files again" in str(link.proto)] == []
    assert "IV infusion (overall)" in spec(at, "routes_chart")["layout"]["yaxis"]["categoryarray"]
    assert at.query_params.get("data") in (None, [])  # the address no longer names it


def test_the_browser_that_uploaded_is_told_its_upload_is_gone_and_offered_to_upload_again(monkeypatch):
    from relief.ui import run

    monkeypatch.setattr(run, "uploads_of_this_browser", lambda: frozenset({MARK, "fedcba9876543210"}))
    at = open_page("pages/explorer.py", {"data": MARK})
    assert not at.exception
    warning = plain(at.warning[0].value)
    assert "Your uploaded data set is gone" in warning and "bundled article" in warning
    assert any("Upload your files again" in str(link.proto) for link in at.get("page_link"))
    assert "uploaded in another browser" not in texts(at)


def block_ids(node) -> list[str]:
    """The ids of every block in an AppTest tree (a keyed container's id ends with its key)."""
    proto = getattr(node, "proto", None)
    found = [proto.id] if proto is not None and getattr(proto, "id", "") else []
    children = getattr(node, "children", None) or {}
    for child in (children.values() if isinstance(children, dict) else children):
        found += block_ids(child)
    return found


def test_a_run_showing_an_upload_names_its_mark_for_the_browser_to_keep():
    """The watcher's box names the upload's mark, and the browser script keeps it in the cookie (e2e: test_state);
    a run of the bundled data names none."""
    result = uploaded(EXAMPLE)
    mark = result.dataset.origin.split(":", 1)[-1]
    at = with_upload("pages/explorer.py", result)
    assert at.query_params["data"] in (mark, [mark])
    assert any(i.endswith(f"-relief-watch-light-upload-{mark}") for i in block_ids(at._tree)), block_ids(at._tree)
    assert not any("-upload-" in i for i in block_ids(open_page("pages/explorer.py")._tree))
