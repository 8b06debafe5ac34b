"""Hostile input, round two: each attack's input is built here, in the test, and its bound or refusal asserted."""

from __future__ import annotations

import csv
import io
import json

import pytest

from relief import budget as work
from relief import schemas
from relief.dataset import fingerprint
from relief.intake import load_uploads

CLAIM_COLUMNS = ["claim_id", "route", "regimen", "pain_context", "label", "kind", "low_phrase", "high_phrase", "quote",
                 "section", "note"]


def upload(name, data):
    return (name, len(data), lambda: data)


def uploads(files: dict[str, bytes]):
    return [upload(name, data) for name, data in files.items()]


def source_files(text: str, rows: list[list[str]], title: str = "A hostile source") -> dict[str, bytes]:
    """article.txt, its metadata (with the right fingerprint) and claims.csv with ``rows``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CLAIM_COLUMNS)
    writer.writerows(rows)
    meta = {"title": title, "author": "Someone", "kind": "test source", "sha256": fingerprint(text)}
    return {"article.txt": text.encode(), "article.meta.json": json.dumps(meta).encode(),
            "claims.csv": out.getvalue().encode()}


def claim(i: int, quote: str, low: str = "3 days", high: str = "7 days", kind: str = "duration") -> list[str]:
    return [f"c{i}", "iv", "not_stated", "not_stated", f"label {i}", kind, low, high, quote, "Relief", ""]


# ---------------------------------------------------------------- High: the quote hint's work is bounded


PARAGRAPH = "Relief lasts 3 days to 7 days for some, and the person’s response — varies. "
"""Not plain ASCII (a curly apostrophe, an em dash): the look-alike translation of the text is costly."""


def big_text(megabytes: float = 4.8) -> str:
    return "Relief\n" + PARAGRAPH * int(megabytes * 1024 * 1024 / len(PARAGRAPH.encode()))


@pytest.fixture
def hint_calls(monkeypatch):
    calls = []
    original = schemas._passage_hint

    def counting(*args, **kwargs):
        calls.append(args[2])
        return original(*args, **kwargs)

    monkeypatch.setattr(schemas, "_passage_hint", counting)
    schemas._plain_text.cache_clear()
    return calls


def test_a_5_mb_text_with_many_missing_quotes_gets_bounded_hints_and_one_translation(hint_calls):
    text = big_text()
    assert 4.5 * 1024 * 1024 < len(text.encode()) <= 5 * 1024 * 1024
    rows = [claim(i, f"Relief lasts 3 days to 7 days for some, number {i} of the missing quotes") for i in range(300)]
    result = load_uploads(uploads(source_files(text, rows)), work.Budget(hint_seconds=600))  # count, not time
    missing = [p for p in result.errors if p.column == "quote"]
    assert len(missing) == 300 and not result.ok
    assert len(hint_calls) == work.MAX_HINTS  # before: one hint (and one whole-text translation) per row
    assert schemas._plain_text.cache_info().misses == 1  # the text was made plain once, not once per row
    hinted = [p for p in missing if "closest passage of the source" in p.message]
    assert [p.row for p in hinted] == list(range(2, 2 + work.MAX_HINTS))  # the first rows get the hints
    assert all(schemas.NO_HINT in p.message for p in missing if p not in hinted)


def test_the_hints_stop_when_their_time_runs_out(hint_calls):
    text = big_text(0.5)
    rows = [claim(i, f"Relief lasts 3 days to 7 days for some, number {i}") for i in range(20)]
    result = load_uploads(uploads(source_files(text, rows)), work.Budget(hint_seconds=0.0))
    assert hint_calls == [] and len([p for p in result.errors if schemas.NO_HINT in p.message]) == 20


def test_the_check_stops_when_the_uploading_session_ends():
    text = big_text(1)
    rows = [claim(i, f"Relief lasts 3 days to 7 days for some, number {i}") for i in range(900)]
    asked = []

    def session_ended() -> bool:
        asked.append(1)
        return len(asked) > 5  # the tab is closed while the sixth row is checked

    result = load_uploads(uploads(source_files(text, rows)), work.Budget(stop=session_ended))
    assert not result.ok
    assert [(p.file, p.message) for p in result.errors] == [
        ("your upload", "the check was stopped: the browser session that uploaded the files has ended")]
    assert len(asked) <= 7  # once stopped, no further row is searched


def test_a_check_that_runs_out_of_time_ends_with_one_located_problem():
    rows = [claim(i, f"Relief lasts 3 days to 7 days for some, number {i}") for i in range(50)]
    result = load_uploads(uploads(source_files(big_text(0.2), rows)), work.Budget(seconds=0.0))
    [problem] = result.errors
    assert problem.file == "your upload" and "stopped after 0 seconds" in problem.message


# ---------------------------------------------------------------- Medium: numbers that are not finite or absurd


def bundled_files() -> dict[str, bytes]:
    from relief.dataset import BUNDLED, read_folder

    return {name: data for name, data in read_folder(BUNDLED).items() if data is not None}


def with_claims_row(files: dict[str, bytes], row: list[str]) -> dict[str, bytes]:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return {**files, "claims.csv": files["claims.csv"].rstrip(b"\n") + b"\n" + out.getvalue().encode()}


@pytest.mark.parametrize("digits", ["9" * 400, "1" + "0" * 320, "876001"])
def test_a_phrase_written_as_a_huge_number_is_refused_where_it_stands(digits):
    from relief.dataset import build_dataset

    files = bundled_files()
    text = files["article.txt"].decode()
    quote = text.split("\n")[0].strip()
    phrase = f"{digits} hours"
    files["article.txt"] = (text.rstrip("\n") + f"\nRelief lasts {phrase}.\n").encode()
    meta = json.loads(files["article.meta.json"])
    files["article.meta.json"] = json.dumps({**meta, "sha256": fingerprint(files["article.txt"].decode())}).encode()
    files = with_claims_row(files, ["huge", "iv", "not_stated", "not_stated", "Huge", "upper_bound", phrase, "",
                                    f"Relief lasts {phrase}.", quote, ""])
    result = build_dataset(files)
    rows = sum(1 for _ in csv.reader(io.StringIO(files["claims.csv"].decode())))
    assert not result.ok  # before: valid, then the Overview and Explorer crashed on infinite hours
    [problem] = result.errors
    assert (problem.file, problem.row, problem.column) == ("claims.csv", rows, "low_phrase")
    assert "finite number of at most 876,000 hours (100 years)" in problem.message


@pytest.mark.parametrize("reading", ["1e308", "inf", "nan", "1e400", "876001"])
def test_a_lexicon_reading_beyond_100_years_is_refused_in_the_file_and_in_the_link(reading):
    from relief import lexicon
    from relief.dataset import build_dataset, load_folder, with_lexicon

    files = bundled_files()
    lines = files["lexicon.csv"].decode().split("\n")
    phrase, conservative, central, generous, *_rest = next(csv.reader([lines[-2] or lines[-3]]))
    assert phrase
    files["lexicon.csv"] = files["lexicon.csv"].replace(f",{generous},".encode(), f",{reading},".encode(), 1)
    result = build_dataset(files)
    assert not result.ok and any(p.file == "lexicon.csv" and p.column == "generous_hours" and "876,000" in p.message
                                 for p in result.errors)
    dataset = load_folder().dataset  # the link's edit, as ui.loading.edit_lexicon applies it
    overrides, notices = lexicon.parse_overrides(f"{phrase}:{conservative},{central},{reading}",
                                                 set(dataset.lexicon["phrase"]))
    edited = with_lexicon(dataset, lexicon.apply_overrides(dataset.lexicon, overrides))
    assert notices == [] and not edited.ok
    assert any(p.column == "generous_hours" and "876,000" in p.message for p in edited.errors)


# ---------------------------------------------------------------- Medium: rows per file


def test_100000_valid_claims_in_a_small_zip_are_refused_at_the_first_row_beyond_the_limit():
    import zipfile

    from relief.dataset import MAX_ROWS

    rows = [[f"c{i}", "iv", "single", "acute", f"l{i}", "onset", "3 h", "", "3 h", "R", ""]
            for i in range(100_000)]
    files = source_files("R: within 3 h.\n", rows)
    assert len(files["claims.csv"]) < 5 * 1024 * 1024  # within the size limit: only the row limit refuses it
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"my-data/{name}", data)
    assert len(buffer.getvalue()) < 1024 * 1024  # before: accepted, 1.2 GB more server memory, 60-109 MB pages
    result = load_uploads([upload("my-data.zip", buffer.getvalue())])
    assert not result.ok
    [problem] = result.errors
    assert (problem.file, problem.row, problem.column) == ("claims.csv", MAX_ROWS + 2, None)
    assert f"at most {MAX_ROWS:,}" in problem.message and "100,000" in problem.message


# ---------------------------------------------------------------- Low: zip entries that cannot be read


def example_zip() -> bytes:
    import zipfile

    from relief.dataset import BUNDLED, read_folder

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in read_folder(BUNDLED / "examples" / "example_guideline").items():
            if data is not None:
                archive.writestr(f"my-data/{name}", data)
    return buffer.getvalue()


def _patched(data: bytes, member: str, local: dict[int, bytes], central: dict[int, bytes]) -> bytes:
    """``data`` with bytes of one member's local header and central-directory entry replaced (offsets in each)."""
    out = bytearray(data)
    name = member.encode()
    for signature, changes in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at:name_at + len(name)] == name:
                for offset, value in changes.items():
                    out[at + offset:at + offset + len(value)] = value
            start = at + 4
    return bytes(out)


def _corrupt_data(data: bytes, member: str) -> bytes:
    out = bytearray(data)
    at = out.find(member.encode()) + len(member)  # data follows the name in the local header (no extra field)
    for i in range(at + 2, at + 40):
        out[i] ^= 0xFF
    return bytes(out)


BROKEN_ENTRIES = {
    "encrypted": (lambda d, m: _patched(d, m, {6: b"\x09\x00"}, {8: b"\x09\x00"}), "encrypted"),
    "unknown compression": (lambda d, m: _patched(d, m, {8: b"\x63\x00"}, {10: b"\x63\x00"}),
                            "compression method"),
    "bad checksum": (lambda d, m: _patched(d, m, {14: b"\x00\x00\x00\x00"}, {16: b"\x00\x00\x00\x00"}), "checksum"),
    "corrupt data": (_corrupt_data, "damaged"),
}


@pytest.mark.parametrize("case", list(BROKEN_ENTRIES))
def test_a_zip_entry_that_cannot_be_read_is_a_located_problem_on_the_page_and_in_the_cli(case, tmp_path, capsys):
    from relief.cli import main

    break_it, words = BROKEN_ENTRIES[case]
    data = break_it(example_zip(), "my-data/claims.csv")
    result = load_uploads([upload("my-data.zip", data)])  # before: a crash (Streamlit's generic error box)
    assert not result.ok
    [problem] = [p for p in result.errors if p.file == "claims.csv" and p.row is None]
    assert "could not be read from my-data.zip" in problem.message and words in problem.message
    (tmp_path / "my-data.zip").write_bytes(data)
    assert main(["check", str(tmp_path / "my-data.zip")]) == 1  # before: aborted with the library's raw text
    out = capsys.readouterr().out
    assert f"{tmp_path}/my-data.zip/claims.csv:-:-: could not be read from my-data.zip" in out


# ---------------------------------------------------------------- Low: the CLI prints no control characters


def test_the_cli_strips_control_characters_from_zip_member_names(tmp_path, capsys):
    import zipfile

    from relief.cli import main

    path = tmp_path / "data.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("\x1b]0;pwned\x07\x1b[2J\x1b[31mred\r.csv", b"x")
        archive.writestr("notes\u202etxt.csv", b"x")
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert "not a data file name" in out
    assert not any(ch in out for ch in "\x1b\x07\r\u202e")
    assert "?]0;pwned??[2J?[31mred?.csv" in out  # each control character shows as a visible ?


def test_the_cli_s_json_report_writes_terminal_controls_as_escapes_and_keeps_the_names(tmp_path, capsys):
    """json.dumps escapes C0 controls but leaves C1 ones (U+009B is a one-byte escape sequence start) and
    bidirectional overrides raw: the JSON report writes them as \\uXXXX, so the value is the same and inert."""
    import json
    import zipfile

    from relief.cli import main

    name = "\x9b2J\x1b[31mred\u202etxt\u2066.csv"
    path = tmp_path / "data.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, b"x")
    main(["check", "--json", str(path)])
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x9b\x1b\u202e\u2066")
    assert "\\u009b2J" in out
    report = json.loads(out)
    assert any(name in p["message"] or name in str(p.get("file")) for c in report["checked"] for p in c["problems"])


# ---------------------------------------------------------------- Low: line breaks in exported header lines


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n", "\u2028", "\x0b"])
def test_a_line_break_in_the_title_cannot_start_a_formula_row_in_the_csv_export(brk):
    import pandas as pd

    from relief.exports import provenance, read_csv_export, to_csv

    meta = {"title": f"Harmless{brk}=HYPERLINK(\"https://evil.example\",\"x\")", "author": "A", "kind": "k"}
    data = to_csv(pd.DataFrame({"a": ["1"]}), provenance(meta, "central", {}))
    lines = data.decode().split("\n")
    assert not any(line.startswith(("=", "+", "-", "@")) for line in lines)
    assert "\r" not in data.decode() and "\u2028" not in data.decode()
    about, table = read_csv_export(data)
    assert about["Source"].startswith("“Harmless =HYPERLINK") and list(table["a"]) == ["1"]


# ---------------------------------------------------------------- Low: links out of a data folder


def test_a_data_folder_link_to_a_file_outside_it_is_not_followed(tmp_path):
    import shutil

    from relief.dataset import BUNDLED, load_folder

    folder = tmp_path / "data"
    shutil.copytree(BUNDLED / "examples" / "example_guideline", folder)
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "claims.csv").unlink()
    (folder / "claims.csv").symlink_to(secret)
    (folder / "lexicon.csv").unlink()
    (folder / "lexicon.csv").symlink_to("/etc/passwd")
    result = load_folder(folder)
    assert not result.ok
    linked = {p.file for p in result.errors if "link to a file outside the data folder" in p.message}
    assert linked == {"claims.csv", "lexicon.csv"}
    assert not any("root" in p.message for p in result.problems)  # before: /etc/passwd fragments in warnings
    inside = folder / "copy.csv"
    inside.write_text("x")
    assert not any(p.file == "copy.csv" for p in result.problems)


def test_a_link_inside_the_data_folder_is_still_read(tmp_path):
    import shutil

    from relief.dataset import BUNDLED, load_folder

    folder = tmp_path / "data"
    shutil.copytree(BUNDLED / "examples" / "example_guideline", folder)
    (folder / "originals").mkdir()
    (folder / "claims.csv").rename(folder / "originals" / "claims.csv")
    (folder / "claims.csv").symlink_to(folder / "originals" / "claims.csv")
    assert load_folder(folder).ok


# ---------------------------------------------------------------- Notes: /_stcore/metrics


def test_the_metrics_gate_answers_404_unless_allowed(monkeypatch):
    import serve
    from tests.loops import run_coroutine

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})

    def status(path: str) -> int:
        sent = []

        async def send(message):
            sent.append(message)

        run_coroutine(serve.MetricsGate(inner)({"type": "http", "path": path}, None, send))
        return sent[0]["status"]

    monkeypatch.delenv(serve.METRICS_ENV, raising=False)
    assert status("/_stcore/metrics") == 404 and status("/app/_stcore/metrics/") == 404
    assert status("/_stcore/health") == 200 and status("/") == 200
    monkeypatch.setenv(serve.METRICS_ENV, "1")
    assert status("/_stcore/metrics") == 200
