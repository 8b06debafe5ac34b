"""Files from Windows and macOS, zips as operating systems write them, the starter, metadata and helpful messages."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from relief.cli import main
from relief.dataset import BUNDLED, REQUIRED_FILES, build_dataset, fingerprint, read_folder
from relief.intake import Intake, data_file_name, load_uploads, read_zip, starter_zip, system_litter
from relief.schemas import quote_hint

from .test_bad_input import zipped

EXAMPLE = BUNDLED / "examples" / "example_guideline"


def upload(name, data):
    return (name, len(data), lambda: data)




def example_files() -> dict[str, bytes]:
    return {name: data for name, data in read_folder(EXAMPLE).items() if data is not None}


# ---------------------------------------------------------------- line endings and the fingerprint


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
@pytest.mark.parametrize("folder", [BUNDLED, EXAMPLE])
def test_crlf_and_cr_copies_of_the_article_keep_their_fingerprint(folder, ending):
    files = read_folder(folder)
    files["article.txt"] = files["article.txt"].replace(b"\n", ending.encode())
    for name, data in list(files.items()):
        if data is not None and name.endswith((".csv", ".json")):
            files[name] = data.replace(b"\n", ending.encode())
    result = build_dataset(files)
    assert result.ok, [str(p) for p in result.problems]
    assert result.problems == []


def test_the_bundled_fingerprint_is_the_normalised_text():
    meta = json.loads((BUNDLED / "article.meta.json").read_text(encoding="utf-8"))
    text = (BUNDLED / "article.txt").read_text(encoding="utf-8")
    assert fingerprint(text) == fingerprint(text.replace("\n", "\r\n")) == meta["sha256"]


def test_a_changed_text_names_the_normalised_fingerprint():
    files = read_folder(EXAMPLE)
    files["article.txt"] = files["article.txt"].replace(b"\n", b"\r\n") + b"One more line.\r\n"
    result = build_dataset(files)
    [problem] = [p for p in result.errors if p.file == "article.meta.json"]
    expected = fingerprint(files["article.txt"].decode())
    assert problem.column == "sha256" and expected in problem.message
    assert expected != hashlib.sha256(files["article.txt"]).hexdigest()


def test_uploads_with_crlf_files_are_accepted():
    files = {name: data.replace(b"\n", b"\r\n") for name, data in example_files().items()}
    result = load_uploads([upload(name, data) for name, data in files.items()])
    assert result.ok, [str(p) for p in result.problems]


def test_gitattributes_keeps_data_files_lf():
    from pathlib import Path

    rules = (Path(__file__).resolve().parents[2] / ".gitattributes").read_text()
    for pattern in ("*.csv", "*.txt", "*.json", "*.md"):
        assert f"{pattern} text eol=lf" in rules


# ---------------------------------------------------------------- zips


def test_a_powershell_zip_with_backslashes_reads_as_folders():
    entries = {f"my-data\\{name}": data for name, data in example_files().items()}
    result = load_uploads([upload("my-data.zip", zipped(entries))])
    assert result.ok, [str(p) for p in result.problems]
    assert result.problems == []


@pytest.mark.parametrize("litter", ["__MACOSX/my-data/._claims.csv", "my-data/._claims.csv", "my-data/.DS_Store",
                                    ".DS_Store", "__MACOSX/._my-data", "my-data\\Thumbs.db", "my-data\\desktop.ini"])
def test_system_files_in_a_zip_are_skipped_without_a_word(litter):
    entries = {f"my-data/{name}": data for name, data in example_files().items()}
    entries[litter] = b"\x00\x05\x16\x07 Mac OS X resource fork junk \xff\xfe"
    result = load_uploads([upload("my-data.zip", zipped(entries))])
    assert result.ok, [str(p) for p in result.problems]
    assert result.problems == []
    assert system_litter(litter)


def test_a_nested_folder_in_a_zip_is_read():
    entries = {f"outer/inner/my-data/{name}": data for name, data in example_files().items()}
    result = load_uploads([upload("nested.zip", zipped(entries))])
    assert result.ok, [str(p) for p in result.problems]


def test_backslash_paths_that_climb_out_are_still_refused():
    intake = Intake()
    read_zip("mine.zip", zipped({"..\\claims.csv": b"x", "my-data\\lexicon.csv": b"y"}), intake)
    assert intake.files == {} and "unsafe path" in intake.problems[0].message


def test_data_file_names_from_windows_paths():
    assert data_file_name("my-data\\Claims.CSV") == "claims.csv"
    assert data_file_name("a\\b/c\\article.meta.json") == "article.meta.json"
    assert data_file_name("my-data\\notes.txt") is None


def test_the_cli_checks_a_zip_as_an_upload(tmp_path, capsys):
    good = tmp_path / "good.zip"
    good.write_bytes(zipped({f"my-data\\{n}": d for n, d in example_files().items()} | {"__MACOSX/._x": b"\0"}))
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr().err == "valid: 0 errors, 0 warnings\n"
    files = example_files()
    lines = files["lexicon.csv"].split(b"\n")
    files["lexicon.csv"] = b"\n".join([lines[0], lines[1] + b",extra", *lines[2:]])
    bad = tmp_path / "bad.zip"
    bad.write_bytes(zipped({f"my-data/{n}": d for n, d in files.items()}))
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{bad}/lexicon.csv:2:column F: 6 cells but the header names 5")
    assert main(["check", "--json", str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["checked"][0]["path"] == str(bad) and report["errors"] >= 1


def test_the_cli_reports_a_broken_zip(tmp_path, capsys):
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"PK not really")
    assert main(["check", "--json", str(fake)]) == 1
    report = json.loads(capsys.readouterr().out)
    [problem] = report["checked"][0]["problems"]
    assert problem["file"] == str(fake) and "not a readable zip" in problem["message"]


# ---------------------------------------------------------------- the starter


def test_the_starter_has_headers_a_commented_example_and_a_how_to():
    archive = zipfile.ZipFile(io.BytesIO(starter_zip()))
    names = {name.split("/", 1)[1]: name for name in archive.namelist()}
    assert {"HOW-TO.md", *REQUIRED_FILES} <= set(names)
    claims = archive.read(names["claims.csv"]).decode().splitlines()
    assert claims[0].startswith("claim_id,") and len(claims) == 2 and claims[1].startswith("# ")
    how_to = archive.read(names["HOW-TO.md"]).decode()
    assert "#" in how_to and "optional" in how_to and "sha256" in how_to


def test_the_starter_as_uploaded_asks_only_for_claims():
    data = starter_zip()
    result = load_uploads([upload("my-data.zip", data)])
    assert [(p.file, p.row) for p in result.errors] == [("claims.csv", None)]
    assert "header but no records" in result.errors[0].message
    assert all("treated as absent" in p.message for p in result.warnings)


def test_the_starter_with_its_example_rows_uncommented_loads():
    archive = zipfile.ZipFile(io.BytesIO(starter_zip()))
    files = {}
    for name in archive.namelist():
        base = name.split("/", 1)[1]
        if base in ("claims.csv", "factors.csv", "article.meta.json"):
            files[base] = archive.read(name).replace(b"\n# ", b"\n")
    files["article.txt"] = (EXAMPLE / "article.txt").read_bytes()
    files["lexicon.csv"] = (EXAMPLE / "lexicon.csv").read_bytes()
    meta = json.loads(files["article.meta.json"])
    meta["sha256"] = fingerprint(files["article.txt"].decode())
    files["article.meta.json"] = json.dumps(meta).encode()
    result = build_dataset(files)
    assert result.ok, [str(p) for p in result.problems]
    assert result.dataset.meta["publisher"] and result.dataset.meta["url"].startswith("https://")


# ---------------------------------------------------------------- article.meta.json


@pytest.mark.parametrize(("key", "value", "ok"), [
    ("url", "https://example.org/a", True), ("url", "http://example.org", True), ("url", "ftp://example.org", False),
    ("url", "example.org", False), ("url", 7, False), ("accessed", "2026-01-31", True),
    ("accessed", "31/01/2026", False), ("accessed", "2026-02-30", False), ("publisher", "A clinic", True),
    ("publisher", "", False), ("publisher", None, True),
])
def test_optional_meta_keys_are_checked_when_given(key, value, ok):
    files = read_folder(EXAMPLE)
    meta = json.loads(files["article.meta.json"])
    if value is None:
        meta.pop(key, None)
    else:
        meta[key] = value
    files["article.meta.json"] = json.dumps(meta).encode()
    result = build_dataset(files)
    assert result.ok is ok, [str(p) for p in result.problems]
    if not ok:
        assert [(p.file, p.row, p.column) for p in result.errors] == [("article.meta.json", None, key)]


def test_kind_stays_required():
    files = read_folder(EXAMPLE)
    meta = json.loads(files["article.meta.json"])
    del meta["kind"]
    files["article.meta.json"] = json.dumps(meta).encode()
    assert [(p.file, p.column) for p in build_dataset(files).errors] == [("article.meta.json", "kind")]


# ---------------------------------------------------------------- messages that help

SOURCE = "Relief lasts 3–7 days after the infusion. The patient’s “pain” faded.\nSee table 2."


@pytest.mark.parametrize(("quote", "parts"), [
    ("Relief lasts 3-7 days", ["character 15", "a hyphen (-)", "an en dash (–)"]),
    ("Relief lasts 3—7 days", ["an em dash (—)", "an en dash (–)"]),
    ("The patient's \"pain\" faded.", ["a straight apostrophe (')", "a curly apostrophe (’)",
                                      'a straight double quote (")', "an opening curly double quote (“)",
                                      "a closing curly double quote (”)"]),
    ("Relief lasts 3–8 days", ["closest passage of the source: “Relief lasts 3–7 days", "character 16",
                               "“8” where the source has “7”"]),
    ("faded. See table 2.", ["a space where the source has a line break"]),
    ("See table 2. ... Relief lasts", ["passage 2 of the quote is in the source, but before"]),
    ("Nothing like it", ["no passage of the source starts like the quote"]),
])
def test_a_quote_not_found_gets_the_closest_passage_and_the_first_difference(quote, parts):
    hint = quote_hint(quote, SOURCE)
    for part in parts:
        assert part in hint, hint
    assert quote_hint("Relief lasts 3–7 days", SOURCE) == ""


def test_the_hint_reaches_the_message_of_the_row():
    files = read_folder(EXAMPLE)
    files["claims.csv"] = files["claims.csv"].replace(b"lasts under an hour to a few hours.",
                                                      b"lasts under an hour to a few hours!")
    [problem] = build_dataset(files).errors
    assert (problem.file, problem.row, problem.column) == ("claims.csv", 3, "quote")
    assert "“!” where the source has “.”" in problem.message and "closest passage" in problem.message


# ---------------------------------------------------------------- the source text and the metadata file


def test_a_utf16_article_is_read_with_a_warning_and_keeps_its_fingerprint():
    files = read_folder(EXAMPLE)
    files["article.txt"] = files["article.txt"].decode().replace("\n", "\r\n").encode("utf-16")
    result = build_dataset(files)
    assert result.ok, [str(p) for p in result.problems]
    assert [(p.file, p.severity) for p in result.problems] == [("article.txt", "warning")]


def test_a_stray_byte_in_the_article_is_located_by_line():
    files = read_folder(EXAMPLE)
    lines = files["article.txt"].split(b"\n")
    files["article.txt"] = b"\n".join([*lines[:2], lines[2][:5] + b"\x00" + lines[2][5:], *lines[3:]])
    problems = [(p.file, p.row, p.message[:12]) for p in build_dataset(files).errors]
    assert problems == [("article.txt", 3, "a stray NUL ")]


def test_broken_json_is_located_by_line():
    files = read_folder(EXAMPLE)
    files["article.meta.json"] = files["article.meta.json"].replace(b'",\n  "author"', b'",,\n  "author"')
    [problem] = build_dataset(files).errors
    assert (problem.file, problem.row) == ("article.meta.json", 2) and "not valid JSON" in problem.message
