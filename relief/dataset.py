"""Reading a data folder into a validated :class:`Dataset`.

One code path for every source: files are handed to :func:`build_dataset` as
``{file name: bytes}``, which decodes, parses and validates them against the
schemas in the order of :data:`TABLES` (a table can be checked against the
valid tables before it). Nothing here imports Streamlit; the app caches
:func:`load_folder` per process.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd
from pandera.pandas import DataFrameSchema

from . import schemas
from .problems import Problem, errors
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
    verdict_exclusions: pd.DataFrame | None = None
    search_log: pd.DataFrame | None = None
    corrections: pd.DataFrame | None = None
    scenes: pd.DataFrame | None = None
    evidence_meta: dict | None = None
    origin: str = "bundled"
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    """Lookups derived from the tables, built once per dataset (the tables are never changed in place)."""


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
    return df.assign(open_ended=df["open_ended"] == "true", stated=df["stated"] == "true")


def _factors_types(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(routes=df["routes"].map(schemas.route_list))


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
    return findings.merge(columns, on="study_id", how="left", validate="many_to_one")


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
    Table("lexicon", "lexicon.csv", schemas.lexicon_schema, True, _lexicon_types),
    Table("claims", "claims.csv", schemas.claims_schema, True, _claims_types),
    Table("factors", "factors.csv", schemas.factors_schema, False, _factors_types),
    Table("mechanisms", "mechanisms.csv", schemas.mechanisms_schema),
    Table("promo", "promo_claims.csv", schemas.promo_schema),
    Table("studies", "studies.csv", schemas.studies_schema, False, _studies_types),
    Table("evidence", "evidence.csv", schemas.evidence_schema, False, _evidence_types, _join_studies),
    Table("verdicts", "verdicts.csv", schemas.verdicts_schema, False, _id_lists),
    Table("verdict_exclusions", "verdict_exclusions.csv", schemas.verdict_exclusions_schema, may_be_empty=True),
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


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Text from bytes: UTF-8 (a byte-order mark is dropped), else Windows-1252 with a warning; CRLF becomes LF.

    Bytes that are neither, or that hold control characters (random or binary
    data), are refused with a message.
    """
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None, [Problem(file, None, None, f"not UTF-8 text (undecodable byte at offset {exc.start}); "
                                                    "save the file as UTF-8")]
        problems.append(Problem(file, None, None, "not UTF-8: read as Windows-1252 (Latin-1); save the file as "
                                                  "UTF-8 to be sure every character is right", "warning"))
    bad = CONTROL.search(text)
    if bad:
        return None, [Problem(file, None, None, f"not a text file (control character {ord(bad.group()):#04x} at "
                                                f"character {bad.start()}); is it the right file?")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def _delimiter(header: str, file: str) -> tuple[str, list[Problem]]:
    """Comma, or a semicolon or tab when the header plainly uses one instead (with a warning)."""
    if "," not in header:
        for sep, name in ((";", "semicolon"), ("\t", "tab")):
            if sep in header:
                return sep, [Problem(file, 1, None, f"read as {name}-separated; the expected format is "
                                                    "comma-separated", "warning")]
    return ",", []


def parse_csv(data: bytes, file: str, may_be_empty: bool = False) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Every cell as text; empty cells are empty strings, never NaN. ``may_be_empty``: a header alone is valid."""
    text, problems = decode_text(data, file)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(file, None, None, "file is empty: it needs a header row and at least one record")]
    sep, found = _delimiter(text.split("\n", 1)[0], file)
    problems += found
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=sep), [])
    names = [h.strip() for h in header]
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        return None, problems + [Problem(file, 1, name, f"column “{name}” appears more than once in the header")
                                 for name in twice]
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        return None, [*problems, Problem(file, None, None, f"not a readable CSV file: {str(exc).strip()}")]
    if len(names) == len(df.columns):  # the header as written, not pandas' renamed copy
        df.columns = [name or f"(unnamed column {i + 1})" for i, name in enumerate(names)]
    if df.empty and not may_be_empty:
        return None, [*problems, Problem(file, None, None, "file has a header but no records")]
    return df, problems


# ---------------------------------------------------------------- the one validation path


def _check_meta(data: bytes, source_bytes: bytes | None) -> tuple[dict | None, list[Problem]]:
    meta, problems = _json_object(data, META)
    if meta is None:
        return None, problems
    for key in META_KEYS:
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(Problem(META, None, key, f"“{key}” must be a non-empty string"))
    if source_bytes is not None and isinstance(meta.get("sha256"), str):
        actual = hashlib.sha256(source_bytes).hexdigest()
        if meta["sha256"].lower() != actual:
            problems.append(Problem(META, None, "sha256",
                                    f"does not match {SOURCE} (its sha256 is {actual}); the source text changed"))
    return meta, problems


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


def build_dataset(files: dict[str, bytes | None], origin: str = "bundled", require_all: bool = True) -> LoadResult:
    """Decode, parse and validate data files given as ``{file name: bytes}``.

    A missing required file, and any error in any file, gives no dataset; every
    problem found is reported, not just the first. With ``require_all=False``
    (checking single files), absent files are not reported and the checks that
    need them are skipped.
    """
    problems = [Problem(name, None, None, "required file is missing")
                for name in REQUIRED_FILES if require_all and files.get(name) is None]
    source, found = _read_source(files.get(SOURCE))
    problems += found
    meta = None
    if files.get(META) is not None:
        meta, found = _check_meta(files[META], files.get(SOURCE))
        problems += found

    evidence_meta = None
    if files.get(EVIDENCE_META) is not None:
        evidence_meta, found = _check_evidence_meta(files[EVIDENCE_META])
        problems += found

    tables: dict[str, pd.DataFrame] = {}
    raw: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        data = files.get(table.file)
        if data is None:
            continue
        df, found = parse_csv(data, table.file, table.may_be_empty)
        problems += found
        if df is None:
            continue
        schema = table.schema(Context(source, tables, raw))
        found = schemas.validate(df, schema, table.file)
        problems += found
        if not errors(found):
            tables[table.name] = table.convert(_columns(df, schema))
            if table.join is not None:
                tables[table.name] = table.join(tables[table.name], tables)
        else:
            raw[table.name] = df
    for name, file, late in LATE_CHECKS:
        df = tables.get(name, raw.get(name))
        schema = late(Context(source, tables, raw))
        if df is not None and set(schema.columns) <= set(df.columns):  # a missing column is reported already
            problems += schemas.validate(df[list(schema.columns)].astype(str), schema, file)
    if require_all:
        problems += [Problem(needed, None, None, f"required when {file} is given (it lists what {file} cites)")
                     for file, needed in NEEDS.items() if files.get(file) is not None and files.get(needed) is None]

    if errors(problems) or source is None or meta is None:
        return LoadResult(None, problems)
    return LoadResult(Dataset(source=source, meta=meta, evidence_meta=evidence_meta, origin=origin, **tables),
                      problems)


MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest data file accepted (5 MB): larger files are refused before a byte is read."""


def too_large(file: str, size: int) -> Problem:
    return Problem(file, None, None, f"file is too large ({size / 1024 / 1024:.1f} MB; the limit is "
                                     f"{MAX_FILE_BYTES // 1024 // 1024} MB); it was not read")


def read_paths(paths: dict[str, Path]) -> tuple[dict[str, bytes | None], list[Problem]]:
    """The bytes of each data file given as ``{file name: path}``; sizes are checked before reading."""
    files: dict[str, bytes | None] = {}
    problems: list[Problem] = []
    for name, path in paths.items():
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(too_large(name, size))
            files[name] = None
        else:
            files[name] = path.read_bytes()
    return files, problems


def read_folder(folder: str | Path) -> dict[str, bytes | None]:
    """The data files of a folder (absent ones are None). Oversized files read as absent: use ``load_folder``."""
    files, _ = read_paths(_folder_paths(Path(folder)))
    return {name: files.get(name) for name in DATA_FILES}


def _folder_paths(folder: Path) -> dict[str, Path]:
    return {name: folder / name for name in DATA_FILES if (folder / name).is_file()}


def load_folder(folder: str | Path = BUNDLED) -> LoadResult:
    """Read and validate a data folder (the bundled ``data/`` by default)."""
    folder = Path(folder)
    if not folder.is_dir():
        return LoadResult(None, [Problem(str(folder), None, None, "data folder not found")])
    files, problems = read_paths(_folder_paths(folder))
    result = build_dataset(files, origin=str(folder), require_all=True)
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
        claims_text = dataset.claims.assign(open_ended=dataset.claims["open_ended"].map(str).str.lower(),
                                            stated=dataset.claims["stated"].map(str).str.lower())
        context = Context(dataset.source, {"lexicon": _lexicon_types(text)})
        problems += schemas.validate(claims_text, schemas.claims_schema(context), "claims.csv")
    if errors(problems):
        return LoadResult(None, problems)
    return LoadResult(replace(dataset, lexicon=_lexicon_types(text)), problems)
