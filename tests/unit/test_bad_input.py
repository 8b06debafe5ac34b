"""Every kind of bad input gets a clear message naming file, row and column, through the one validation path."""

from __future__ import annotations

import csv
import io
import random
import zipfile

import pytest

from relief.dataset import MAX_FILE_BYTES, build_dataset
from relief.intake import Intake, gather, load_uploads, read_zip, template_zip
from relief.urlstate import explorer_view


def check(files):
    result = build_dataset(files)
    return result, [(p.file, p.row, p.column) for p in result.errors]


def upload(name, data):
    return (name, len(data), lambda: data)


def test_empty_file(files):
    files["claims.csv"] = b""
    result, where = check(files)
    assert where == [("claims.csv", None, None)]
    assert "file is empty" in result.errors[0].message


def test_header_only_claims_is_refused(files):
    files["claims.csv"] = files["claims.csv"].split(b"\n")[0] + b"\n"
    result, where = check(files)
    assert ("claims.csv", None, None) in where
    assert "header but no records" in result.errors[0].message


def test_header_only_lexicon_is_an_empty_lexicon(files):
    """lexicon.csv is optional: header-only is fine, but a claim using a phrase it does not define is still refused."""
    files["lexicon.csv"] = files["lexicon.csv"].split(b"\n")[0] + b"\n"
    result, where = check(files)
    assert not any(file == "lexicon.csv" for file, _, _ in where)
    assert ("claims.csv", 2, "low_phrase") in where
    assert "phrase not in the lexicon" in result.errors[0].message


def test_extra_column_warns_and_continues(files):
    lines = files["factors.csv"].decode().splitlines()
    files["factors.csv"] = "\n".join([lines[0] + ",comment"] + [line + ",x" for line in lines[1:]]).encode()
    result = build_dataset(files)
    assert result.ok
    assert [(p.file, p.row, p.column, p.severity) for p in result.problems] == [
        ("factors.csv", 1, "comment", "warning")]


def test_duplicate_row(files):
    lines = files["lexicon.csv"].decode().splitlines(keepends=True)
    files["lexicon.csv"] = "".join([*lines, lines[2]]).encode()
    result, where = check(files)
    assert where == [("lexicon.csv", 8, "phrase")]
    assert "duplicate phrase" in result.errors[0].message


def test_column_named_twice(files):
    files["lexicon.csv"] = files["lexicon.csv"].replace(b",rationale\n", b",phrase\n", 1)
    _result, where = check(files)
    assert ("lexicon.csv", 1, "phrase") in where


def test_utf8_with_bom_and_crlf_is_accepted(files):
    for name in ("claims.csv", "lexicon.csv", "factors.csv"):
        files[name] = b"\xef\xbb\xbf" + files[name].replace(b"\n", b"\r\n")
    result = build_dataset(files)
    assert result.ok and result.problems == []


def test_windows_1252_is_decoded_with_a_warning(files):
    files["factors.csv"] = files["factors.csv"].decode("utf-8").encode("cp1252")
    result = build_dataset(files)
    assert result.ok, [str(p) for p in result.problems]
    assert [(p.file, p.severity) for p in result.problems] == [("factors.csv", "warning")]
    assert "person’s" in " ".join(result.dataset.factors["quote"])


def test_undecodable_bytes_are_refused(files):
    """Bytes that break the encoding their byte-order mark declares are refused (other bytes read as Mac Roman)."""
    files["claims.csv"] = b"\xff\xfe" + files["claims.csv"].decode().encode("utf-16-le") + b"\x00\xd8"
    result, where = check(files)
    assert where == [("claims.csv", None, None)]
    assert "is not UTF-16" in result.errors[0].message


def test_semicolon_separated_file_is_read_with_a_warning(files):
    rows = list(csv.reader(io.StringIO(files["lexicon.csv"].decode())))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    files["lexicon.csv"] = out.getvalue().encode()
    result = build_dataset(files)
    assert result.ok
    assert [(p.file, p.row, p.severity) for p in result.problems] == [("lexicon.csv", 1, "warning")]
    assert "semicolon" in result.problems[0].message


def test_random_bytes_are_refused(files):
    files["claims.csv"] = random.Random(7).randbytes(4000)
    result, where = check(files)
    assert where == [("claims.csv", None, None)]
    assert "not" in result.errors[0].message


def test_oversized_upload_is_refused_before_reading():
    def never():
        raise AssertionError("an oversized upload must not be read")

    intake = gather([("claims.csv", MAX_FILE_BYTES + 1, never)])
    assert intake.files == {}
    assert [(p.file, p.row, p.column) for p in intake.problems] == [("claims.csv", None, None)]
    assert "too large" in intake.problems[0].message


def test_huge_file_in_a_folder_is_never_read(tmp_path, monkeypatch):
    from pathlib import Path

    from relief.dataset import BUNDLED, load_folder

    for path in BUNDLED.glob("*.*"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    with open(tmp_path / "claims.csv", "wb") as handle:  # 300 MB, sparse: no disk or memory spent
        handle.truncate(300 * 1024 * 1024)
    real = Path.read_bytes

    def guarded(self):
        assert self.name != "claims.csv", "the 300 MB file was read"
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    result = load_folder(tmp_path)
    assert not result.ok
    assert [(p.file, p.message[:20]) for p in result.errors] == [("claims.csv", "file is too large (3")]


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["../claims.csv", "/etc/claims.csv", "data/../../claims.csv", "C:/claims.csv"])
def test_zip_with_an_unsafe_path_is_refused(files, name):
    intake = Intake()
    read_zip("mine.zip", zipped({"lexicon.csv": files["lexicon.csv"], name: files["claims.csv"]}), intake)
    assert intake.files == {}
    assert [(p.file, p.severity) for p in intake.problems] == [("mine.zip", "error")]
    assert "unsafe path" in intake.problems[0].message


def test_zip_bomb_is_refused():
    intake = Intake()
    read_zip("bomb.zip", zipped({"claims.csv": b"0" * (30 * 1024 * 1024)}), intake)
    assert intake.files == {}
    assert "zip bomb" in intake.problems[0].message


def test_not_a_zip_is_refused():
    intake = Intake()
    read_zip("fake.zip", b"PK not really", intake)
    assert "not a readable zip" in intake.problems[0].message


def test_the_template_round_trips_through_an_upload():
    result = load_uploads([upload("template.zip", template_zip())])
    assert result.ok, [str(p) for p in result.problems]
    assert result.problems == []


def test_uploads_by_name_case_and_folder(files):
    entries = {f"My Data/{name.upper()}": data for name, data in files.items() if data is not None}
    result = load_uploads([upload("mine.zip", zipped(entries))])
    assert result.ok, [str(p) for p in result.problems]


def test_upload_missing_a_required_file(files):
    result = load_uploads([upload(name, data) for name, data in files.items()
                           if data is not None and name != "article.txt"])
    assert not result.ok
    assert ("article.txt", None, None) in [(p.file, p.row, p.column) for p in result.errors]


def test_hostile_query_strings_fall_back_with_few_notices(bundled):
    spec = explorer_view(bundled.claims)
    query = {f"k{i}": "<img src=x onerror=alert(1)>" for i in range(50)} | {"axis": "x" * 10_000}
    values, notices = spec.parse(query)
    assert values == spec.defaults()
    assert len(notices) == 6 and notices[-1] == "…and 46 more."
    assert all(len(n) < 200 for n in notices)
