"""No file can stop the checker: a table of malformed CSV files, each giving a located message or read with a warning.

Every case changes one file of the fictitious example folder (usually ``lexicon.csv``: header, then three records
on rows 2, 3 and 4) and goes through the one validation path, then through ``python -m relief check`` in text and
in ``--json``. Row numbers are the file's lines as a spreadsheet shows them (header = row 1).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from relief.cli import main
from relief.dataset import BUNDLED, build_dataset, parse_csv, read_folder

EXAMPLE = BUNDLED / "examples" / "example_guideline"
LEXICON = (EXAMPLE / "lexicon.csv").read_text(encoding="utf-8")
LINES = LEXICON.splitlines()
HEADER, FIRST, SECOND, LAST = LINES[0], LINES[1], LINES[2], LINES[-1]
PHRASES = [line.split(",", 1)[0] for line in LINES[1:]]


def text(lines: list[str], end: str = "\n") -> bytes:
    return (end.join(lines) + end).encode("utf-8")


def lines_with(index: int, line: str) -> list[str]:
    return [*LINES[:index], line, *LINES[index + 1:]]


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    error: tuple[int | None, str | None, str] | None = None
    """(row, column, part of the message) of the error expected in the file, or None when it must be read."""
    warning: str | None = None
    """Part of the warning expected when the file is read."""
    file: str = "lexicon.csv"
    read: Callable | None = None
    """A check on the dataset when the file is read."""


def rationale_is(value: str, row: int = 0) -> Callable:
    return lambda dataset: dataset.lexicon["rationale"].iloc[row] == value


UNQUOTED_COMMA = SECOND.replace('"', "")  # “A few” read as 2 to 4, most often 3. (its comma now splits the cell)
LONG = "Read as 15 minutes to 1 hour; " + "x" * 300_000
COMMENTED = text([HEADER, "# a comment line, with a comma", FIRST, SECOND, LAST + ",surplus"])

CASES = [
    Case("extra field on the first record", text(lines_with(1, FIRST + ",extra")),
         (2, "column F", "6 cells but the header names 5")),
    Case("extra field on the last record", text(lines_with(3, LAST + ",extra")),
         (4, "column F", "“extra” has no column")),
    Case("unquoted comma in a text cell", text(lines_with(2, UNQUOTED_COMMA)),
         (3, "column F", "must be in double quotes")),
    Case("missing field on the first record", text(lines_with(1, FIRST[:FIRST.index(',"')])),
         (2, "rationale", "4 cells but the header names 5")),
    Case("missing fields on the last record", text(lines_with(3, LAST[:LAST.index(',"')].rsplit(",", 1)[0])),
         (4, "generous_hours", "no cell for “generous_hours”, “rationale”")),
    Case("a record of one cell", text(lines_with(2, "oops")),
         (3, "conservative_hours", "1 cell but the header names 5")),
    Case("unbalanced quote, never closed", text(lines_with(3, LAST[:-1])), (4, None, "never closed")),
    Case("unbalanced quote, closed by the next row's quote", text(lines_with(2, SECOND[:-1])),
         (3, None, "runs on over lines 3–4")),
    Case("text after a closing quote", text(lines_with(1, FIRST.replace('hour."', 'hour."x'))),
         (2, None, "text follows a closing double quote")),
    Case("quote in the middle of an unquoted cell", text([HEADER, 'under an hour,0.25,0.5,1,Read as 1 "hour"',
                                                          SECOND, LAST]),
         read=rationale_is('Read as 1 "hour"')),
    Case("stray NUL byte", text(lines_with(2, SECOND.replace("read", "re\x00ad"))), (3, "rationale", "NUL")),
    Case("stray control byte (vertical tab)", text(lines_with(1, FIRST.replace("Read", "Re\x0bad"))),
         (2, "rationale", "vertical tab")),
    Case("DOS end-of-file mark (Ctrl-Z)", text(LINES) + b"\x1a", read=rationale_is(FIRST.split(',"')[1][:-1])),
    Case("UTF-16 LE with BOM, tab-separated (Excel “Unicode text”)",
         b"\xff\xfe" + "\r\n".join(line.replace('"', "").replace(",", "\t", 4) for line in LINES).encode("utf-16-le"),
         warning="UTF-16", read=rationale_is(FIRST.split(',"')[1][:-1])),
    Case("UTF-16 BE with BOM", b"\xfe\xff" + LEXICON.encode("utf-16-be"), warning="UTF-16"),
    Case("UTF-16 without BOM", LEXICON.encode("utf-16-le"), warning="without a byte-order mark"),
    Case("UTF-32 with BOM", LEXICON.encode("utf-32"), warning="UTF-32"),
    Case("Windows-1252", LEXICON.encode("cp1252"), warning="Windows-1252",
         read=rationale_is("“A few” read as 2 to 4, most often 3.", 1)),
    Case("Mac Roman with CR line endings (Excel “CSV (Macintosh)”)", LEXICON.replace("\n", "\r").encode("mac_roman"),
         warning="Mac Roman", read=rationale_is("“A few” read as 2 to 4, most often 3.", 1)),
    Case("UTF-8 with BOM and CRLF", b"\xef\xbb\xbf" + text(LINES, "\r\n")),
    Case("CR-only line endings", text(LINES, "\r")),
    Case("mixed line endings", (HEADER + "\r\n" + FIRST + "\r" + SECOND + "\n" + LAST + "\r\n").encode()),
    Case("Excel's sep=, first line", b"sep=,\n" + text(LINES), warning="separator hint"),
    Case("sep=; with an error: rows counted from the header",
         b"sep=;\n" + text([HEADER.replace(",", ";"), "under an hour;0.25;0.5;1;Read;x", "a few hours;2;3;4;Read",
                            "a day;18;24;30;Read"]),
         (2, "column F", "6 cells"), warning="separator hint"),
    Case("semicolon-separated with decimal commas", text([HEADER.replace(",", ";"), "under an hour;0,25;0,5;1;Read",
                                                          "a few hours;2;3;4;Read", "a day;18;24;30;Read"]),
         (2, "conservative_hours", "finite number"), warning="semicolon"),
    Case("trailing empty columns", text([line + ",,," for line in LINES])),
    Case("empty rows between and after records", text([HEADER, FIRST, "", ",,,,", SECOND, LAST, ",,,,", ""])),
    Case("empty rows keep the file's line numbers", text([HEADER, "", FIRST, SECOND, LAST + ",extra"]),
         (5, "column F", "extra")),
    Case("comment lines are skipped, rows stay the file's lines", COMMENTED, (5, "column F", "surplus")),
    Case("a file of comments only", b"# nothing here\n# nor here\n", (None, None, "file is empty")),
    Case("an empty file", b"", (None, None, "file is empty")),
    Case("header-only factors.csv", b"factor_id,factor,effect_on_duration,routes,caveat,quote,section\n",
         warning="treated as absent", file="factors.csv"),
    Case("header-only lexicon.csv (its phrases are then unknown to the claims)", text([HEADER]),
         (2, "low_phrase", "phrase not in the lexicon"), file="claims.csv"),
    Case("blank header cell over values", text([HEADER.replace("central_hours", ""), *LINES[1:]]),
         (1, "column C", "no name in the header row")),
    Case("blank header cell over an empty column", text([HEADER + ",,note"] + [line + ",," for line in LINES[1:]]),
         warning="unknown column “note”"),
    Case("header names with spaces around them", text([", ".join(HEADER.split(",")), *LINES[1:]])),
    Case("header names in other case and spacing", text([HEADER.replace("phrase", "Phrase").replace(
        "central_hours", "Central Hours"), *LINES[1:]]), (1, "central_hours", "the header has “Central Hours”")),
    Case("every cell quoted", text(['"' + '","'.join(HEADER.split(",")) + '"', *LINES[1:]])),
    Case("a very long line (300,000 characters)", text(lines_with(1, f'under an hour,0.25,0.5,1,"{LONG}"')),
         read=rationale_is(LONG)),
    Case("a line break inside a quoted cell (Alt+Enter)", text(lines_with(1, 'under an hour,0.25,0.5,1,"two\nlines"'))
         + b"a week,100,168,200,x,extra\n", (5, "column F", "It is line 6 of the file")),
    Case("a workbook saved with a .csv name", b"PK\x03\x04" + bytes(200), (None, None, "spreadsheet workbook")),
    Case("an old Excel workbook", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), (None, None, "old Excel workbook")),
    Case("random binary bytes", bytes(range(256)) * 8, (None, None, "not a text file")),
    Case("column named twice", text([HEADER.replace("rationale", "phrase"), *LINES[1:]]),
         (1, "phrase", "more than once")),
    Case("a byte-order mark that lies", b"\xff\xfe" + b"ab\x00\xd8", (None, None, "is not UTF-16")),
]


def files_with(case: Case) -> dict[str, bytes | None]:
    files = read_folder(EXAMPLE)
    if case.name.startswith("header-only lexicon"):
        files["lexicon.csv"] = case.data
    else:
        files[case.file] = case.data
    return files


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_malformed_file_gives_a_located_message_or_is_read(case):
    result = build_dataset(files_with(case))
    found = [(p.file, p.row, p.column, p.message) for p in result.errors]
    if case.error is None:
        assert result.ok, [str(p) for p in result.problems]
        if case.read is not None:
            assert case.read(result.dataset)
        assert list(result.dataset.lexicon["phrase"]) == PHRASES or case.file != "lexicon.csv"
    else:
        row, column, part = case.error
        assert any(f == case.file and r == row and c == column and part in m for f, r, c, m in found), found
    warnings = " ".join(p.message for p in result.warnings)
    if case.warning:
        assert case.warning in warnings
    elif case.error is None:
        assert warnings == ""


@pytest.mark.parametrize("case", [c for c in CASES if c.error], ids=[c.name for c in CASES if c.error])
def test_the_cli_reports_each_as_file_row_column_in_text_and_json(case, tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    for name, data in files_with(case).items():
        if data is not None:
            (folder / name).write_bytes(data)
    assert main(["check", str(folder)]) == 1
    out, err = capsys.readouterr()
    row, column, part = case.error
    location = f"{folder / case.file}:{'-' if row is None else row}:{column or '-'}: "
    assert any(line.startswith(location) and part in line for line in out.splitlines()), out
    assert "could not complete" not in out + err and "not valid:" in err
    assert main(["check", "--json", str(folder)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert any(p["file"] == str(folder / case.file) and p["row"] == row and p["column"] == column
               for p in report["checked"][0]["problems"])


def test_the_smallest_failing_example_of_the_issue(tmp_path, capsys):
    """In a copy of the example folder, the first record of lexicon.csv gets one more field."""
    folder = tmp_path / "example"
    folder.mkdir()
    for path in EXAMPLE.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    lines = (folder / "lexicon.csv").read_text().splitlines()
    (folder / "lexicon.csv").write_text("\n".join([lines[0], lines[1] + ",extra", *lines[2:]]) + "\n")
    assert main(["check", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{folder}/lexicon.csv:2:column F: 6 cells but the header names 5: “extra” has no "
                                "column. A cell holding a comma must be in double quotes."]
    assert err == "not valid: 1 error, 0 warnings\n"


def test_parse_csv_keeps_the_file_lines_as_rows():
    df, problems = parse_csv(COMMENTED, "lexicon.csv")
    assert list(df.index + 2) == [3, 4]  # rows 3 and 4 of the file; row 2 is a comment, row 5 is refused
    assert [(p.row, p.column) for p in problems] == [(5, "column F")]


def test_a_check_that_crashes_becomes_a_located_problem(monkeypatch):
    from relief import dataset

    def broken(df):
        raise RuntimeError("boom")

    table = next(t for t in dataset.TABLES if t.name == "factors")
    monkeypatch.setattr(dataset, "TABLES", tuple(t if t is not table else dataset.Table(
        t.name, t.file, t.schema, t.required, broken) for t in dataset.TABLES))
    result = build_dataset(read_folder(EXAMPLE))
    assert not result.ok
    assert [(p.file, p.row) for p in result.errors] == [("factors.csv", None)]
    assert "RuntimeError: boom" in result.errors[0].message


def test_json_is_printed_even_when_the_check_itself_fails(monkeypatch, capsys):
    from relief import cli

    def explode(paths):
        raise MemoryError("out of memory")

    monkeypatch.setattr(cli, "_reports", explode)
    assert main(["check", "--json", str(EXAMPLE)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and "out of memory" in report["checked"][0]["problems"][0]["message"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_uploads_give_the_same_messages(case):
    from relief.intake import load_uploads

    files = files_with(case)
    uploaded = load_uploads([(name, len(data), lambda data=data: data) for name, data in files.items()
                             if data is not None])
    checked = build_dataset(files)
    assert uploaded.ok == checked.ok
    assert [str(p) for p in uploaded.problems] == [str(p) for p in checked.problems]


ENCODINGS = ("utf-8", "utf-16", "cp1252")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_any_text_made_of_csv_punctuation_is_answered_with_located_problems(encoding):
    """One run per encoding, so that the three run on different workers: 3 x 34 = 102 examples in all, where 100
    drew the encoding with the text before. The example folder is read once, not once per example."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from([",", '"', "\n", "\r", "\r\n", "a", "1", "#", "\t", ";", " ", "\x00", "’", "sep=,",
                                "phrase", "rationale", "\ufeff"])
    example = read_folder(EXAMPLE)

    @settings(max_examples=-(-100 // len(ENCODINGS)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(alphabet, max_size=60))
    def never_raises(pieces):
        data = "".join(pieces).encode(encoding, errors="replace")
        files = example | {"lexicon.csv": HEADER.encode() + b"\n" + data}
        result = build_dataset(files)
        lines = files["lexicon.csv"].count(b"\n") + files["lexicon.csv"].count(b"\r") + 2
        for problem in result.problems:
            assert problem.file in files and problem.message
            assert problem.row is None or 1 <= problem.row <= lines, problem

    never_raises()
