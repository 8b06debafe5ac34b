"""Reading a data folder into a validated :class:`Dataset`.

One code path for every source: files are handed to :func:`build_dataset` as
``{file name: bytes}``, which decodes, parses and validates them against the
schemas in the order of :data:`TABLES` (a table can be checked against the
valid tables before it). Nothing here imports Streamlit; the app caches
:func:`load_folder` per process, and :func:`build_dataset` checks the same
bytes once per process (its last results are kept by content, never those of
a check under an upload's budget).
"""

from __future__ import annotations

import copy
import csv
import functools
import hashlib
import io
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

import pandas as pd
from pandera.pandas import DataFrameSchema

from . import budget as work
from . import schemas, vocabulary
from .kinds import KINDS
from .problems import Problem, errors, shorten
from .schemas import Context
from .vocabulary import READING_COLUMNS

BUNDLED = Path(__file__).resolve().parent.parent / "data"
SOURCE, META = "article.txt", "article.meta.json"
META_KEYS = ("title", "author", "kind", "sha256")
EVIDENCE_META = "evidence.meta.json"
EVIDENCE_META_KEYS = ("compiled", "rechecked", "searched", "basis")
EVIDENCE_META_DATES = ("compiled", "rechecked", "searched")


@dataclass(frozen=True)
class Dataset:
    """Validated tables. Optional tables are ``None`` when their file is absent."""

    claims: pd.DataFrame
    lexicon: pd.DataFrame
    source: str
    meta: dict
    factors: pd.DataFrame | None = None
    mechanisms: pd.DataFrame | None = None
    promo: pd.DataFrame | None = None
    studies: pd.DataFrame | None = None
    evidence: pd.DataFrame | None = None
    """Findings, each joined with the columns of its publication (``study`` is the citation)."""
    verdicts: pd.DataFrame | None = None
    """Reviewers' words on the rules' verdicts (relief/judgement.py decides the labels)."""
    search_log: pd.DataFrame | None = None
    corrections: pd.DataFrame | None = None
    scenes: pd.DataFrame | None = None
    vocabulary: pd.DataFrame | None = None
    evidence_meta: dict | None = None
    origin: str = "bundled"
    memo: Memo = field(default_factory=lambda: Memo(), compare=False, repr=False)
    """Lookups derived from the tables, each built once per dataset (``Memo``: the tables are never changed in
    place, and a dataset with other tables gets a new memo)."""


class Memo:
    """An explicit cache of values derived from an object that never changes (a dataset, a view, a library).

    Rules: an entry is built by ``once(key, build)`` the first time it is asked for and never replaced or changed
    after (what ``build`` returns must not be changed in place by anyone); a copy of the object with different
    contents (``with_lexicon``, ``replace``) gets a new, empty ``Memo``, never this one. Two threads that ask at
    once may both build; the first value stored is the one every caller gets.
    """

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict = {}

    def once(self, key, build: Callable[[], object]):
        """The entry for ``key``, built by ``build()`` if there is none yet."""
        try:
            return self._values[key]
        except KeyError:
            return self._values.setdefault(key, build())

    def __contains__(self, key) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.dataset is not None

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


# ---------------------------------------------------------------- the tables


def _columns(df: pd.DataFrame, schema: DataFrameSchema) -> pd.DataFrame:
    return df[list(schema.columns)].reset_index(drop=True)


def _lexicon_types(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({column: float for column in READING_COLUMNS.values()})


def _claims_types(df: pd.DataFrame) -> pd.DataFrame:
    """``kind`` as written, with the flags older code reads derived from it."""
    record = df["kind"].map(KINDS)
    return df.assign(open_ended=record.map(lambda k: k.open_end).astype(bool),
                     stated=record.map(lambda k: k.stated).astype(bool), low_none=df["low_none"] == "true")


def _factors_types(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(**{c: df[c].map(schemas.route_list) for c in ("routes", "regimens", "claims")})


def _number(df: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(df[column].where(df[column] != ""), errors="coerce")


def _studies_types(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(n=_number(df, "n").astype("Int64"), rechecked=df["rechecked"] == "true")


def _evidence_types(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(relief_low_hours=_number(df, "relief_low_hours"),
                     relief_high_hours=_number(df, "relief_high_hours"),
                     factors=df["factors"].map(schemas.route_list), mechanisms=df["mechanisms"].map(schemas.route_list))


STUDY_COLUMNS = ("study", "year", "design", "n", "population", "cohort", "pmid", "doi", "url", "status", "rechecked")
"""The columns of its publication every finding carries once read (``study`` is the citation text)."""


def _join_studies(findings: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each finding with its publication's columns; a finding's own columns come first."""
    studies = tables.get("studies")
    if studies is None:
        return findings
    columns = studies.rename(columns={"citation": "study"})[["study_id", *STUDY_COLUMNS]]
    joined = findings.merge(columns, on="study_id", how="left", validate="many_to_one")
    if "participants" in joined.columns:  # a finding about part of a publication's participants counts those
        own = pd.to_numeric(joined["participants"].where(joined["participants"] != ""), errors="coerce")
        joined = joined.assign(n=own.astype("Int64").fillna(joined["n"]).astype("Int64")).drop(columns="participants")
    return joined


def _search_log_types(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(**{c: pd.to_numeric(df[c]).astype(int) for c in ("hits", "screened", "included")},
                     included_studies=df["included_studies"].map(schemas.route_list))


def _id_lists(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(evidence_ids=df["evidence_ids"].map(schemas.route_list))


@dataclass(frozen=True)
class Table:
    """One CSV file: the ``Dataset`` field it fills, its schema and how its text becomes typed values."""

    name: str
    file: str
    schema: Callable[[Context], DataFrameSchema]
    required: bool = False
    convert: Callable[[pd.DataFrame], pd.DataFrame] = lambda df: df
    join: Callable[[pd.DataFrame, dict[str, pd.DataFrame]], pd.DataFrame] | None = None
    """Adds columns from the valid tables read before it."""
    may_be_empty: bool = False
    """A header without records is valid (nothing to list yet)."""


# In dependency order: a schema may check against the valid tables listed before it.
TABLES: tuple[Table, ...] = (
    Table("vocabulary", "vocabulary.csv", schemas.vocabulary_schema),
    Table("lexicon", "lexicon.csv", schemas.lexicon_schema, False, _lexicon_types),
    Table("claims", "claims.csv", schemas.claims_schema, True, _claims_types),
    Table("factors", "factors.csv", schemas.factors_schema, False, _factors_types),
    Table("mechanisms", "mechanisms.csv", schemas.mechanisms_schema),
    Table("promo", "promo_claims.csv", schemas.promo_schema),
    Table("studies", "studies.csv", schemas.studies_schema, False, _studies_types),
    Table("evidence", "evidence.csv", schemas.evidence_schema, False, _evidence_types, _join_studies),
    Table("verdicts", "verdicts.csv", schemas.verdicts_schema, False, _id_lists),
    Table("search_log", "search_log.csv", schemas.search_log_schema, False, _search_log_types, may_be_empty=True),
    Table("corrections", "corrections.csv", schemas.corrections_schema, False, _id_lists),
    Table("scenes", "scenes.csv", schemas.scenes_schema),
)
# Checks a table needs tables read after it for: (table, file, schema), run once every table is read.
LATE_CHECKS: tuple[tuple[str, str, Callable[[Context], DataFrameSchema]], ...] = (
    ("studies", "studies.csv", schemas.studies_cited_schema),
)
# A file that needs another to be read at all.
NEEDS: dict[str, str] = {"evidence.csv": "studies.csv"}
REQUIRED_FILES = (*(t.file for t in TABLES if t.required), SOURCE, META)
DATA_FILES = (*(t.file for t in TABLES), SOURCE, META, EVIDENCE_META)


# ---------------------------------------------------------------- decoding and parsing


MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest data file accepted (5 MB): larger files are refused before a byte is read."""

MAX_ROWS = 1000
"""The most records a CSV file may hold (comment and empty rows not counted): a source's claims, a lexicon or an
evidence table are tens of rows; 100,000 valid claims made pages of 60-109 MB that no browser drew."""

csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_FILE_BYTES))  # one cell may hold a whole (long) line

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_NAMES = {0: "NUL", 0x0B: "vertical tab", 0x0C: "form feed", 0x1A: "end-of-file mark (Ctrl-Z)", 0x7F: "DEL"}
BOMS = (  # longest first: a UTF-32 mark starts like a UTF-16 one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", None),
    (b"\xff\xfe", "utf-16-le", "UTF-16 (what Excel saves as “Unicode text”)"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 (what Excel saves as “Unicode text”)"),
)
WORKBOOKS = ((b"PK\x03\x04", "a zip archive or a spreadsheet workbook (.xlsx, .ods, .numbers)"),
             (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)"),
             (b"{\\rtf", "a rich-text document (.rtf)"),
             (b"%PDF", "a PDF document"))
# Characters a person's text is likely to hold, to tell Windows-1252 from Mac Roman (same bytes, other letters).
LIKELY = dict.fromkeys("éèêàâçôûîïëüöäñáíóúÉßœ°€£", 1) | dict.fromkeys("’‘“”–—…•", 2)
SAVE_AS = "save it as “CSV UTF-8” (or UTF-8 text) to be sure every character is right"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by the zero bytes of plain ASCII text, or None."""
    sample = data[:2000]
    pairs = len(sample) // 2
    if pairs < 4 or len(data) % 2:
        return None
    odd = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    even = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    if odd > 0.6 * pairs and even == 0:
        return "utf-16-le"
    if even > 0.6 * pairs and odd == 0:
        return "utf-16-be"
    return None


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Text from bytes with LF line endings, and a warning when it was not UTF-8; None when it is not text."""
    for magic, what in WORKBOOKS:
        if data.startswith(magic):
            target = "“CSV UTF-8” (File › Save As)" if file.endswith(".csv") else "plain UTF-8 text"
            return None, [Problem(file, None, None, f"this is {what}, not a text file: save it as {target} and "
                                                    "give that file")]
    problems: list[Problem] = []
    text = None
    for bom, encoding, name in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                short = encoding.split("-")[0].upper() + "-" + encoding.split("-")[1]
                return None, [Problem(file, None, None, f"starts with a {short} byte-order mark but byte "
                                                        f"{exc.start + len(bom)} is not {short}; {SAVE_AS}")]
            if name:
                problems.append(Problem(file, None, None, f"read as {name}; {SAVE_AS}", "warning"))
            break
    if text is None and (guessed := _guess_utf16(data)):
        try:
            text = data.decode(guessed)
            problems.append(Problem(file, None, None, f"read as UTF-16 without a byte-order mark; {SAVE_AS}",
                                    "warning"))
        except UnicodeDecodeError:
            text = None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, name = _legacy(data)
            if text is None:
                return None, [Problem(file, None, None, f"not UTF-8 text (undecodable byte at offset {exc.start}); "
                                                        f"{SAVE_AS}")]
            line = data.count(b"\n", 0, exc.start) + (data.count(b"\r", 0, exc.start) if b"\n" not in data else 0)
            problems.append(Problem(file, line + 1, None, f"not UTF-8: read as {name} (the first such character "
                                                          f"is on this line); {SAVE_AS}", "warning"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:-1] if text.endswith("\x1a") else text, problems  # DOS's end-of-file mark (Ctrl-Z)


def _legacy(data: bytes) -> tuple[str | None, str]:
    """Windows-1252 or Mac Roman, whichever gives more of the characters people write; None if neither decodes."""
    best: tuple[int, str | None, str] = (-1, None, "")
    for encoding, name in (("cp1252", "Windows-1252 (Latin-1)"), ("mac_roman", "Mac Roman")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(LIKELY.get(ch, 0) for ch in text if ord(ch) > 127)
        if score > best[0]:
            best = (score, text, name)
    return best[1], best[2]


def _control_name(ch: str) -> str:
    return f"{CONTROL_NAMES.get(ord(ch), 'control character')} ({ord(ch):#04x})"


def _binary(text: str, file: str) -> Problem | None:
    """A whole-file refusal when the text is full of control characters (random or binary data)."""
    found = CONTROL.findall(text)
    if len(found) > max(8, len(text) // 200):
        first = CONTROL.search(text)
        return Problem(file, None, None, f"not a text file ({len(found)} control characters, the first a "
                                         f"{_control_name(first.group())} on line {_line_of(text, first.start())}); "
                                         "is it the right file?")
    return None


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Text from bytes: UTF-8 (a byte-order mark is dropped), UTF-16 or UTF-32 with a byte-order mark,
    else Windows-1252 or Mac Roman with a warning; CRLF and CR become LF.

    Bytes that are none of these, or text holding control characters (located
    by line), are refused with a message.
    """
    text, problems = _decode(data, file)
    if text is None:
        return None, problems
    if (binary := _binary(text, file)) is not None:
        return None, [binary]
    bad = [Problem(file, _line_of(text, m.start()), None,
                   f"a stray {_control_name(m.group())} at character {m.start() - text.rfind(chr(10), 0, m.start())} "
                   "of this line; delete it") for m in CONTROL.finditer(text)]
    if bad:
        return None, problems + bad
    return text, problems


SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
EXCEL_SEP = re.compile(r'^"?sep=(.)"?,*$')


def _letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


@dataclass
class _Record:
    row: int
    cells: list[str]
    lines: tuple[int, int]


def _records(text: str, sep: str, file: str) -> tuple[list[_Record], list[Problem]]:
    """Every record with its spreadsheet row; a quoting error is reported at the row where its record starts."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    records: list[_Record] = []
    problems: list[Problem] = []
    row = line = 0
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row += 1
            end = reader.line_num
            span = f" (the record runs from line {start} to line {end})" if end > start else ""
            if "expected after" in str(exc) and end > start:
                message = (f"a double quote in this row is not closed where it should be: the cell runs on over "
                           f"lines {start}–{end} of the file. Check the double quotes in this row (inside a quoted "
                           "cell, write a double quote twice: \"\")")
            elif "expected after" in str(exc):
                message = ("text follows a closing double quote: inside a quoted cell write a double quote twice "
                           "(\"\"), or put the whole cell in double quotes")
            elif "end of data" in str(exc):
                message = ("a double quote opened in this row is never closed" + span + ": close it, or write a "
                           "double quote inside a quoted cell twice (\"\")")
            else:
                message = f"not readable as CSV{span}: {exc}"
            problems.append(Problem(file, row, None, message))
            line = end
            if "end of data" in str(exc):
                break
            continue
        row += 1
        records.append(_Record(row, cells, (start, reader.line_num)))
        line = reader.line_num
    return records, problems


def parse_csv(data: bytes, file: str, may_be_empty: bool = True) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Every cell as text; empty cells are empty strings, never NaN. Never raises.

    The index of the result is the spreadsheet row minus 2 (the header is row 1),
    so that row numbers stay the file's lines when comment lines (starting with
    ``#``) and empty rows are skipped. A header-only file gives an empty frame
    with its columns (whatever ``may_be_empty`` says: whether a table may be
    empty is decided by :func:`build_dataset`). Rows whose cells do not line up
    with the header are reported and left out.
    """
    text, problems = _decode(data, file)
    if text is None:
        return None, problems
    if (binary := _binary(text, file)) is not None:
        return None, [binary]
    if not text.strip():
        return None, [*problems, Problem(file, None, None, "file is empty: it needs a header row")]
    lines = text.split("\n")
    sep = None
    if (hint := EXCEL_SEP.match(lines[0].strip())) is not None:
        sep, text = hint.group(1), text.split("\n", 1)[1] if len(lines) > 1 else ""
        problems.append(Problem(file, None, None, f"the first line “{lines[0].strip()}” (Excel's separator hint) "
                                                  "was skipped; rows are counted from the header as row 1, as Excel "
                                                  "shows them", "warning"))
        lines = lines[1:]
    header_line = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), "")
    if sep is None:
        counts = {s: header_line.count(s) for s in SEPARATORS}
        sep = max(SEPARATORS, key=lambda s: (counts[s], s == ","))
        if sep != ",":
            problems.append(Problem(file, 1, None, f"read as {SEPARATORS[sep]}-separated; the expected format "
                                                      "is comma-separated", "warning"))

    records, found = _records(text, sep, file)
    problems += found
    content = [r for r in records if any(c.strip() for c in r.cells) and not r.cells[0].startswith("#")]
    if not content:
        return None, [*problems, Problem(file, None, None, "file is empty: it needs a header row")]
    head, body = content[0], content[1:]
    if len(body) > MAX_ROWS:
        return None, [*problems, Problem(file, body[MAX_ROWS].row, None,
                                         f"too many records: {len(body):,}; a file may hold at most {MAX_ROWS:,} "
                                         f"(this row is the first beyond it), so that every page stays small "
                                         "enough to send and draw; the file was not checked further")]
    header = [h.strip() for h in head.cells]
    while header and not header[-1] and not any(len(r.cells) >= len(header) and r.cells[len(header) - 1].strip()
                                                for r in body):
        header.pop()  # trailing empty columns a spreadsheet saved
    named = [i for i, h in enumerate(header) if h]
    for i, name in enumerate(header):
        if not name:
            used = next((r.row for r in body if len(r.cells) > i and r.cells[i].strip()), None)
            if used is not None:
                problems.append(Problem(file, head.row, f"column {_letter(i)}",
                                        f"this column has no name in the header row but holds values (first in row "
                                        f"{used}): name it or delete the column"))
    twice = sorted({n for n in header if n and header.count(n) > 1})
    problems += [Problem(file, head.row, name, f"column “{name}” appears more than once in the header")
                 for name in twice]
    if twice:
        return None, problems

    rows: list[list[str]] = []
    index: list[int] = []
    width = len(header)
    for record in body:
        cells = record.cells
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]  # trailing empty cells
        bad = [(i, m) for i, cell in enumerate(cells) if (m := CONTROL.search(cell))]
        if bad:
            problems += [Problem(file, record.row, (header[i] if i < width else "") or f"column {_letter(i)}",
                                 f"a stray {_control_name(m.group())} at character {m.start() + 1} of this cell; "
                                 "delete it") for i, m in bad]
            continue
        spans = record.lines[1] > record.lines[0]
        hint = (f" This record runs over lines {record.lines[0]}–{record.lines[1]} of the file: a double quote "
                "may be missing or extra." if spans else
                f" (It is line {record.lines[0]} of the file.)" if record.lines[0] != record.row else "")
        if len(cells) > width:
            extra = next(i for i in range(width, len(cells)) if cells[i].strip())
            problems.append(Problem(file, record.row, f"column {_letter(extra)}",
                                    f"{len(cells)} cells but the header names {width}: “{shorten(cells[extra], 40)}” "
                                    f"has no column. A cell holding a {SEPARATORS[sep]} must be in double quotes."
                                    + hint))
            continue
        if len(cells) < width:
            missing = [h or f"column {_letter(i)}" for i, h in enumerate(header) if i >= len(cells)]
            problems.append(Problem(file, record.row, missing[0],
                                    f"{len(cells)} {'cell' if len(cells) == 1 else 'cells'} but the header names "
                                    f"{width}: no cell for {', '.join(f'“{m}”' for m in missing[:3])}"
                                    f"{f' and {len(missing) - 3} more' if len(missing) > 3 else ''}. Every row needs a "
                                    "cell for every column "
                                    "(an empty cell is fine)." + hint))
            continue
        rows.append([cells[i] for i in named])
        index.append(record.row - 2)
    columns = [header[i] for i in named]
    df = pd.DataFrame(rows, columns=columns, index=index, dtype=str) if rows else \
        pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    return df, problems


# ---------------------------------------------------------------- the one validation path


def fingerprint(text: str) -> str:
    """The SHA-256 of a source text with its line endings made LF (CRLF and CR copies give the same value)."""
    return hashlib.sha256(text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")).hexdigest()


def _check_meta(data: bytes, source_bytes: bytes | None, source: str | None) -> tuple[dict | None, list[Problem]]:
    meta, problems = _json_object(data, META)
    if meta is None:
        return None, problems
    for key in META_KEYS:
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(Problem(META, None, key, f"“{key}” must be a non-empty string"))
    for key, check, message in META_OPTIONAL:
        value = meta.get(key)
        if value is not None and not check(value):
            problems.append(Problem(META, None, key, f"“{key}” is optional, but when given it must be {message} "
                                                     f"(found {json.dumps(value, ensure_ascii=False)[:60]})"))
    if source is not None and isinstance(meta.get("sha256"), str):
        actual = fingerprint(source)
        given = meta["sha256"].strip().lower()
        if given not in (actual, hashlib.sha256(source_bytes or b"").hexdigest()):
            problems.append(Problem(META, None, "sha256",
                                    f"does not match {SOURCE} (its sha256 is {actual}); the source text changed"))
    return meta, problems


META_OPTIONAL = schemas.META_OPTIONAL



def _json_object(data: bytes, file: str) -> tuple[dict | None, list[Problem]]:
    text, problems = decode_text(data, file)
    if text is None:
        return None, problems
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(file, exc.lineno, None, f"not valid JSON: {exc.msg}")]
    if not isinstance(value, dict):
        return None, [Problem(file, None, None, "must be a JSON object")]
    return value, []


def _check_evidence_meta(data: bytes) -> tuple[dict | None, list[Problem]]:
    meta, problems = _json_object(data, EVIDENCE_META)
    if meta is None:
        return None, problems
    for key in EVIDENCE_META_KEYS:
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(Problem(EVIDENCE_META, None, key, f"“{key}” must be a non-empty string"))
    for key in EVIDENCE_META_DATES:
        try:
            date.fromisoformat(str(meta.get(key)))
        except ValueError:
            problems.append(Problem(EVIDENCE_META, None, key, f"“{key}” must be a date written YYYY-MM-DD"))
    return (None if problems else meta), problems


def _read_source(data: bytes | None) -> tuple[str | None, list[Problem]]:
    if data is None:
        return None, []
    source, problems = decode_text(data, SOURCE)
    if source is not None and not source.strip():
        return None, [Problem(SOURCE, None, None, "source text is empty")]
    return source, problems


def empty_lexicon() -> pd.DataFrame:
    """A lexicon with no phrases and the lexicon's columns, typed: what a dataset without lexicon.csv carries
    (each caller's own frame: pandas copies it on write, so the one made once is never changed)."""
    return _empty_lexicon().copy(deep=False)


@functools.cache
def _empty_lexicon() -> pd.DataFrame:
    columns = list(schemas.lexicon_schema().columns)
    return _lexicon_types(pd.DataFrame({c: pd.Series(dtype=str) for c in columns}))


def _crashed(file: str, what: str, exc: Exception) -> Problem:
    if isinstance(exc, work.Stopped):  # stopped by the upload's budget (its session ended, its time ran out)
        return Problem(file, None, None, str(exc))
    return Problem(file, None, None, f"{what} could not be completed ({type(exc).__name__}: {exc}); the file was "
                                     "not used. This is a bug in the checker: please report it with the file")


def _check_table(table: Table, data: bytes, source: str | None, tables: dict, raw: dict) -> list[Problem]:
    """Parse and validate one table; a valid one goes into ``tables``, a readable invalid one into ``raw``."""
    df, problems = parse_csv(data, table.file)
    if df is None:
        return problems
    df, prepared = schemas.prepare(df, table.name, table.file)  # older column shapes, mapped with a warning
    problems = problems + prepared
    schema = table.schema(Context(source, tables, raw))
    if df.empty:
        columns = schemas.validate(df, schema, table.file)
        if errors(columns) or errors(problems):
            return problems + columns
        if table.required:
            return [*problems, *columns, Problem(table.file, None, None, "the file has a header but no records: it "
                                                                         "needs at least one")]
        if table.name == "lexicon":
            tables["lexicon"] = empty_lexicon()
            return problems + columns
        if table.may_be_empty:  # a table where no records is a valid answer
            tables[table.name] = _typed(table, df, schema, tables)
            return problems + columns
        return [*problems, *columns, Problem(table.file, None, None, "the file has a header but no records; it "
                                                                     "was treated as absent", "warning")]
    found = schemas.validate(df, schema, table.file)
    if errors(problems):
        pass  # rows were left out: checking other files against the rest would blame them wrongly
    elif errors(found):
        raw[table.name] = df
    else:
        tables[table.name] = _typed(table, df, schema, tables)
        if table.name == "claims":  # valid, but words in a quote may say the kind is not what it states
            found = found + schemas.claims_warnings(df, table.file)
    return problems + found


def _typed(table: Table, df: pd.DataFrame, schema, tables: dict) -> pd.DataFrame:
    """A valid table's columns as typed values, joined with the tables it points at (findings with studies)."""
    typed = table.convert(_columns(df, schema))
    return typed if table.join is None else table.join(typed, tables)


RESULTS_KEPT = 32
"""How many checked results a process keeps for reuse (``build_dataset``): the library's sources, a reload, the
same files checked again."""


class Kept:
    """The last ``size`` values by key, for threads that share them: the oldest unused one goes first."""

    def __init__(self, size: int = RESULTS_KEPT) -> None:
        self.size = size
        self.lock = threading.Lock()
        self._values: OrderedDict[tuple, object] = OrderedDict()

    def get(self, key: tuple):
        with self.lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: tuple, value) -> None:
        with self.lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)


_RESULTS = Kept()


def _content_key(files: dict[str, bytes | None], origin: str, require_all: bool) -> tuple:
    """What a check's result depends on: the bytes of every data file (or its absence), the origin and the flag,
    and the rules it was checked by (the tables, the claim kinds' registry, the vocabularies and the limits, which a
    test may swap or change in place)."""
    digest = hashlib.sha256(f"{origin}\0{require_all}".encode())
    for name in DATA_FILES:
        data = files.get(name)
        digest.update(name.encode() + (b"\1" + hashlib.sha256(data).digest() if data is not None else b"\0"))
    rules = (TABLES, LATE_CHECKS, tuple(NEEDS.items()), MAX_ROWS, MAX_FILE_BYTES, tuple(KINDS.items()),
             vocabulary.fingerprint())
    return digest.hexdigest(), rules


def _handed_out(result: LoadResult) -> LoadResult:
    """A kept result as a caller gets it: its own dataset object (tables that share the kept data until either is
    changed: pandas copies on write), its own metadata dicts, memo and problem list; the kept one never changes."""
    dataset = result.dataset
    if dataset is not None:
        tables = {f.name: value.copy(deep=False) for f in fields(Dataset)
                  if isinstance(value := getattr(dataset, f.name), pd.DataFrame)}
        dataset = replace(dataset, **tables, meta=copy.deepcopy(dataset.meta),
                          evidence_meta=copy.deepcopy(dataset.evidence_meta), memo=Memo())
    return LoadResult(dataset, list(result.problems))


def build_dataset(files: dict[str, bytes | None], origin: str = "bundled", require_all: bool = True) -> LoadResult:
    """Decode, parse and validate data files given as ``{file name: bytes}``. Never raises.

    A missing required file, and any error in any file, gives no dataset; every
    problem found is reported, not just the first. With ``require_all=False``
    (checking single files), absent files are not reported and the checks that
    need them are skipped. A file whose check fails unexpectedly is reported
    as a problem in that file.

    The same bytes are checked once per process: the last :data:`RESULTS_KEPT` results are kept by content
    (``_content_key``) and handed out again as fresh objects. A check under an upload's budget
    (``relief.budget``) is neither served from nor kept in them (its hints and its stop are its own), nor is a
    result a budget shaped (a hint withheld, a check stopped).
    """
    try:
        key = None if work.current() is not None else _content_key(files, origin, require_all)
    except TypeError:  # not bytes: the check says so, in the file's words
        key = None
    if key is None:
        return _build_dataset(files, origin, require_all)
    kept = _RESULTS.get(key)
    if kept is None:
        cuts = work.cuts()
        kept = _build_dataset(files, origin, require_all)
        if work.cuts() == cuts:
            _RESULTS.put(key, kept)
    with _RESULTS.lock:  # one copy at a time: pandas' copy-on-write bookkeeping of the kept tables is not locked
        return _handed_out(kept)


def _build_dataset(files: dict[str, bytes | None], origin: str, require_all: bool) -> LoadResult:
    problems = [Problem(name, None, None, "required file is missing")
                for name in REQUIRED_FILES if require_all and files.get(name) is None]
    source = meta = evidence_meta = None
    tables: dict[str, pd.DataFrame] = {}
    raw: dict[str, pd.DataFrame] = {}
    try:
        source, found = _read_source(files.get(SOURCE))
        problems += found
    except Exception as exc:  # any failure becomes a located problem
        problems.append(_crashed(SOURCE, "reading the source text", exc))
    if files.get(META) is not None:
        try:
            meta, found = _check_meta(files[META], files.get(SOURCE), source)
            problems += found
        except Exception as exc:
            problems.append(_crashed(META, "the check", exc))
    if files.get(EVIDENCE_META) is not None:
        try:
            evidence_meta, found = _check_evidence_meta(files[EVIDENCE_META])
            problems += found
        except Exception as exc:
            problems.append(_crashed(EVIDENCE_META, "the check", exc))

    for table in TABLES:
        data = files.get(table.file)
        if data is None:
            if table.name == "lexicon" and require_all:
                tables["lexicon"] = empty_lexicon()  # no lexicon: no phrase is known
            continue
        try:
            problems += _check_table(table, data, source, tables, raw)
        except Exception as exc:
            tables.pop(table.name, None)
            problems.append(_crashed(table.file, "the check", exc))
    for name, file, late in LATE_CHECKS:
        try:
            df = tables.get(name, raw.get(name))
            schema = late(Context(source, tables, raw))
            if df is not None and set(schema.columns) <= set(df.columns):  # a missing column is reported already
                problems += schemas.validate(df[list(schema.columns)].astype(str), schema, file)
        except Exception as exc:
            problems.append(_crashed(file, "the check", exc))
    if require_all:
        problems += [Problem(needed, None, None, f"required when {file} is given (it lists what {file} cites)")
                     for file, needed in NEEDS.items() if files.get(file) is not None and files.get(needed) is None]

    if errors(problems) or source is None or meta is None:
        return LoadResult(None, problems)
    try:
        tables.setdefault("lexicon", empty_lexicon())
        return LoadResult(Dataset(source=source, meta=meta, evidence_meta=evidence_meta, origin=origin, **tables),
                          problems)
    except Exception as exc:
        return LoadResult(None, [*problems, _crashed(origin, "building the dataset", exc)])


# ---------------------------------------------------------------- the published evidence every source shares

SHARED_TABLES: dict[str, str] = {"studies.csv": "study_id", "evidence.csv": "evidence_id", "search_log.csv": ""}
"""The bundled published evidence, added to every other source's own: file and the column naming each row."""
LINKS = {"factors": "factors.csv", "mechanisms": "mechanisms.csv"}
"""Columns of a bundled finding that point into the bundled source's own tables: kept only where the other source
defines the same ids."""


@functools.lru_cache(maxsize=8)
def _bundled_table(path: str, mtime_ns: int, file: str) -> pd.DataFrame | None:
    """A bundled evidence file, parsed once per version (every source folder and upload adds it)."""
    df, _ = parse_csv(Path(path).read_bytes(), file)
    return df


def _ids_of(data: bytes | None, file: str) -> set[str] | None:
    if data is None:
        return None
    df, _ = parse_csv(data, file)
    return None if df is None or df.empty else set(df.iloc[:, 0])


def _separator(text: str) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip() and not ln.startswith("#")]
    if lines and EXCEL_SEP.match(lines[0].strip()):
        return EXCEL_SEP.match(lines[0].strip()).group(1)
    header = lines[0] if lines else ""
    return max(SEPARATORS, key=lambda s: (header.count(s), s == ","))


_ADDED = Kept()  # (bundled files added, problems) by _evidence_key


def _evidence_key(files: dict[str, bytes | None], bundled: Path) -> tuple:
    """What ``with_bundled_evidence`` reads: the bundled files' versions and the source's own evidence, links and
    metadata files."""
    versions = []
    for name in (*SHARED_TABLES, EVIDENCE_META):
        path = bundled / name
        status = path.stat() if path.is_file() else None
        versions.append((name, None if status is None else (status.st_mtime_ns, status.st_size)))
    own = tuple((name, None if files.get(name) is None else hashlib.sha256(files[name]).digest())
                for name in (*SHARED_TABLES, *LINKS.values(), EVIDENCE_META))
    return str(bundled), tuple(versions), own


def with_bundled_evidence(files: dict[str, bytes | None], bundled: Path = BUNDLED
                          ) -> tuple[dict[str, bytes | None], list[Problem]]:
    """A source's files with the bundled published evidence added (see ``_with_bundled_evidence``), worked out
    once per process for the same own files and bundled versions (every source of the library without evidence
    of its own gets the same)."""
    try:
        key = _evidence_key(files, bundled)
    except (OSError, TypeError):
        return _with_bundled_evidence(files, bundled)
    kept = _ADDED.get(key)
    if kept is None:
        out, problems = _with_bundled_evidence(files, bundled)
        added = {name: out[name] for name in (*SHARED_TABLES, EVIDENCE_META)
                 if name in out and (name not in files or out[name] is not files[name])}
        kept = (added, tuple(problems))
        _ADDED.put(key, kept)
    return dict(files) | kept[0], list(kept[1])


def _with_bundled_evidence(files: dict[str, bytes | None], bundled: Path = BUNDLED
                           ) -> tuple[dict[str, bytes | None], list[Problem]]:
    """A source's files with the bundled published evidence added: studies, findings and the search log.

    A file the source leaves out is the bundled one; a file it brings keeps its own rows where they are (so its
    problems keep their rows) and gets the bundled rows after them. A row that repeats a bundled row is the same
    row (a copied folder keeps working); a row that reuses a bundled id for something else is refused at its row.
    The bundled findings' links to factors and mechanisms are kept only where the source defines the same ids.
    """
    out = dict(files)
    problems: list[Problem] = []
    own_links = {column: _ids_of(files.get(file), file) for column, file in LINKS.items()}
    for file, key in SHARED_TABLES.items():
        path = bundled / file
        if not path.is_file():
            continue
        shared = _bundled_table(str(path), path.stat().st_mtime_ns, file)
        if shared is None or shared.empty:
            continue
        shared = shared.copy()
        if file == "evidence.csv":
            for column, ids in own_links.items():
                if column in shared.columns:
                    shared[column] = shared[column].map(lambda v, ids=ids: ";".join(
                        p for p in schemas.route_list(v) if ids is not None and p in ids))
        given = files.get(file)
        if given is None:
            text, columns, sep, own = "", list(shared.columns), ",", None
        else:
            text, decoded = _decode(given, file)
            own, _ = parse_csv(given, file)
            if text is None or own is None:
                continue  # the file's own problems are reported when it is read
            problems += decoded
            columns, sep = list(own.columns), _separator(text)
        drop = set()
        if own is not None and key and key in own.columns and key in shared.columns:
            bundled_rows = shared.set_index(key, drop=False)
            common = [c for c in own.columns if c in shared.columns]
            for index, row in own.iterrows():
                value = row[key].strip()
                if value not in bundled_rows.index:
                    continue
                drop.add(value)
                if [str(row[c]).strip() for c in common] != [str(bundled_rows.loc[value, c]).strip()
                                                             for c in common]:
                    problems.append(Problem(file, int(index) + 2, key,
                                            f"“{value}” is already the id of a row of the bundled published evidence, "
                                            "which every source shares: give yours another id (your rows are added "
                                            "to the bundled ones, never swapped for them)"))
        elif own is not None and not key:  # the search log: a copied row is the bundled row
            seen = {tuple(str(r[c]).strip() for c in shared.columns if c in own.columns)
                    for _, r in own.iterrows()}
            shared = shared[[tuple(str(r[c]).strip() for c in shared.columns if c in own.columns) not in seen
                             for _, r in shared.iterrows()]]
        if key and key in shared.columns:
            shared = shared[~shared[key].isin(drop)]
        if shared.empty and given is not None:
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
        if given is None:
            writer.writerow(columns)
        writer.writerows([[row.get(c, "") for c in columns] for row in shared.to_dict("records")])
        body = text.rstrip("\n") + "\n" if text.strip() else ""
        out[file] = (body + buffer.getvalue()).encode("utf-8")
    meta = bundled / EVIDENCE_META
    if out.get(EVIDENCE_META) is None and meta.is_file():
        out[EVIDENCE_META] = meta.read_bytes()
    return out, problems


def _with_problems(result: LoadResult, found: list[Problem]) -> LoadResult:
    """``result`` with more problems: no dataset when one of them is an error."""
    problems = [*found, *(p for p in result.problems if p not in found)]
    return LoadResult(None if errors(found) else result.dataset, problems)


def is_bundled(folder: str | Path) -> bool:
    try:
        return Path(folder).resolve() == BUNDLED.resolve()
    except OSError:
        return False


def too_large(file: str, size: int) -> Problem:
    return Problem(file, None, None, f"file is too large ({size / 1024 / 1024:.1f} MB; the limit is "
                                     f"{MAX_FILE_BYTES // 1024 // 1024} MB); it was not read")


def read_paths(paths: dict[str, Path]) -> tuple[dict[str, bytes | None], list[Problem]]:
    """The bytes of each data file given as ``{file name: path}``; sizes are checked before reading."""
    files: dict[str, bytes | None] = {}
    problems: list[Problem] = []
    for name, path in paths.items():
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(too_large(name, size))
                files[name] = None
            else:
                files[name] = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, None, None, f"could not be read ({exc.strerror or exc})"))
            files[name] = None
    return files, problems


def read_folder(folder: str | Path) -> dict[str, bytes | None]:
    """The data files of a folder (absent ones are None). Oversized files read as absent: use ``load_folder``."""
    files, _ = read_paths(_folder_paths(Path(folder)))
    return {name: files.get(name) for name in DATA_FILES}


def _outside(folder: Path, path: Path) -> bool:
    """Whether ``path`` (a link, or a file under a linked folder) leads outside ``folder``."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a broken or looping link
        return True


def _folder_paths(folder: Path) -> dict[str, Path]:
    """The data files of a folder; a link that leads outside the folder is not followed (``_linked_out``)."""
    return {name: folder / name for name in DATA_FILES
            if (folder / name).is_file() and not _outside(folder, folder / name)}


def _linked_out(folder: Path) -> list[Problem]:
    """A problem for each data file of the folder that is a link leading outside it: never read, so nothing of
    another file (``/etc/passwd``) reaches a message every viewer sees."""
    return [Problem(name, None, None, "is a link to a file outside the data folder; it was not read (copy the "
                                      "file into the folder)")
            for name in DATA_FILES if (folder / name).is_symlink() and _outside(folder, folder / name)]


def load_folder(folder: str | Path = BUNDLED) -> LoadResult:
    """Read and validate a data folder (the bundled ``data/`` by default)."""
    folder = Path(folder)
    if not folder.is_dir():
        return LoadResult(None, [Problem(str(folder), None, None, "data folder not found")])
    files, problems = read_paths(_folder_paths(folder))
    problems = _linked_out(folder) + problems
    shared: list[Problem] = []
    if not is_bundled(folder):
        files, shared = with_bundled_evidence(files)
    result = build_dataset(files, origin=str(folder), require_all=True)
    if shared:
        result = _with_problems(result, shared)
    if not problems:
        return result
    oversized = {p.file for p in problems}
    kept = [p for p in result.problems if not (p.file in oversized and p.message == "required file is missing")]
    return LoadResult(None, problems + kept)


def with_lexicon(dataset: Dataset, lexicon: pd.DataFrame) -> LoadResult:
    """The dataset with other lexicon readings, checked by the same schemas (readings and range order)."""
    def as_text(value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        return format(value, "g") if isinstance(value, float | int) and not isinstance(value, bool) else str(value)

    text = lexicon[list(schemas.lexicon_schema().columns)].map(as_text)
    problems = schemas.validate(text, schemas.lexicon_schema(), "lexicon.csv")
    if not errors(problems):
        claims_text = dataset.claims[list(schemas.claims_schema().columns)]
        claims_text = claims_text.assign(low_none=claims_text["low_none"].map(  # typed back to its words
            lambda v: "true" if v is True or v == "true" else "false"))
        tables = {"lexicon": _lexicon_types(text)} | ({} if dataset.vocabulary is None
                                                       else {"vocabulary": dataset.vocabulary})
        context = Context(dataset.source, tables)
        problems += schemas.validate(claims_text, schemas.claims_schema(context), "claims.csv")
    if errors(problems):
        return LoadResult(None, problems)
    return LoadResult(replace(dataset, lexicon=_lexicon_types(text), memo=Memo()), problems)  # nothing shared
