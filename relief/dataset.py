"""Reading a data folder into a validated :class:`Dataset`.

One code path for every source: a folder on disk is read into bytes per file
name and handed to :func:`build_dataset`, which decodes, parses and validates.
Nothing here imports Streamlit; the app caches :func:`load_folder` per process.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import schemas
from .problems import Problem, errors
from .vocabulary import READING_COLUMNS

BUNDLED = Path(__file__).resolve().parent.parent / "data"

CLAIMS, LEXICON, FACTORS, MECHANISMS, PROMO = (
    "claims.csv",
    "lexicon.csv",
    "factors.csv",
    "mechanisms.csv",
    "promo_claims.csv",
)
SOURCE, META = "article.txt", "article.meta.json"

REQUIRED_FILES = (CLAIMS, LEXICON, SOURCE, META)
OPTIONAL_FILES = (FACTORS, MECHANISMS, PROMO)
DATA_FILES = REQUIRED_FILES + OPTIONAL_FILES
META_KEYS = ("title", "author", "kind", "sha256")


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
    origin: str = "bundled"


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


# ---------------------------------------------------------------- decoding and parsing


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a byte-order mark is dropped, CRLF becomes LF), or a problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(file, None, None,
                              f"not UTF-8 text (undecodable byte at offset {exc.start}); save the file as UTF-8")]
    if "\x00" in text:
        return None, [Problem(file, None, None, "not a text file (it contains NUL bytes)")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_csv(data: bytes, file: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Every cell as text; empty cells are empty strings, never NaN."""
    text, problems = decode_text(data, file)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(file, None, None, "file is empty: it needs a header row and at least one record")]
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except (pd.errors.ParserError, ValueError) as exc:
        return None, [Problem(file, None, None, f"not a readable CSV file: {str(exc).strip()}")]
    df.columns = [str(c).strip() for c in df.columns]
    if df.empty:
        return None, [Problem(file, None, None, "file has a header but no records")]
    return df, []


# ---------------------------------------------------------------- typed tables


def _typed_lexicon(df: pd.DataFrame) -> pd.DataFrame:
    out = df[list(schemas.lexicon_schema().columns)].copy()
    for column in READING_COLUMNS.values():
        out[column] = out[column].astype(float)
    return out.reset_index(drop=True)


def _typed_claims(df: pd.DataFrame) -> pd.DataFrame:
    out = df[list(schemas.claims_schema().columns)].copy()
    for column in ("open_ended", "stated"):
        out[column] = out[column] == "true"
    return out.reset_index(drop=True)


def _typed_factors(df: pd.DataFrame) -> pd.DataFrame:
    out = df[list(schemas.factors_schema().columns)].copy()
    out["routes"] = out["routes"].map(schemas.route_list)
    return out.reset_index(drop=True)


def _columns_of(schema_fn):
    def typed(df: pd.DataFrame) -> pd.DataFrame:
        return df[list(schema_fn().columns)].reset_index(drop=True)

    return typed


# ---------------------------------------------------------------- the one validation path


def _check_meta(data: bytes, source_bytes: bytes | None) -> tuple[dict | None, list[Problem]]:
    text, problems = decode_text(data, META)
    if text is None:
        return None, problems
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(META, exc.lineno, None, f"not valid JSON: {exc.msg}")]
    if not isinstance(meta, dict):
        return None, [Problem(META, None, None, "must be a JSON object")]
    for key in META_KEYS:
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(Problem(META, None, key, f"“{key}” must be a non-empty string"))
    if source_bytes is not None and isinstance(meta.get("sha256"), str):
        actual = hashlib.sha256(source_bytes).hexdigest()
        if meta["sha256"].lower() != actual:
            problems.append(Problem(META, None, "sha256",
                                    f"does not match {SOURCE} (its sha256 is {actual}); the source text changed"))
    return meta, problems


def build_dataset(files: dict[str, bytes | None], origin: str = "bundled") -> LoadResult:
    """Decode, parse and validate data files given as ``{file name: bytes}``.

    A missing required file, and any error in any file, gives no dataset; every
    problem found is reported, not just the first.
    """
    problems: list[Problem] = []
    for name in REQUIRED_FILES:
        if files.get(name) is None:
            problems.append(Problem(name, None, None, "required file is missing"))

    source = None
    source_bytes = files.get(SOURCE)
    if source_bytes is not None:
        source, found = decode_text(source_bytes, SOURCE)
        problems += found
        if source is not None and not source.strip():
            problems.append(Problem(SOURCE, None, None, "source text is empty"))
            source = None

    meta = None
    if files.get(META) is not None:
        meta, found = _check_meta(files[META], source_bytes)
        problems += found

    tables: dict[str, pd.DataFrame | None] = {}
    central: dict[str, float] | None = None

    def read(name: str, schema) -> pd.DataFrame | None:
        data = files.get(name)
        if data is None:
            return None
        df, found = parse_csv(data, name)
        problems.extend(found)
        if df is None:
            return None
        found = schemas.validate(df, schema, name)
        problems.extend(found)
        return None if errors(found) else df

    lexicon = read(LEXICON, schemas.lexicon_schema())
    if lexicon is not None:
        tables[LEXICON] = _typed_lexicon(lexicon)
        central = dict(zip(tables[LEXICON]["phrase"], tables[LEXICON]["central_hours"], strict=True))
    elif files.get(LEXICON) is not None:
        central = None  # the lexicon is broken; phrase checks would only repeat that

    claims = read(CLAIMS, schemas.claims_schema(central, source))
    factors = read(FACTORS, schemas.factors_schema(source))
    mechanisms = read(MECHANISMS, schemas.mechanisms_schema(source))
    promo = read(PROMO, schemas.promo_schema(source))

    if errors(problems) or claims is None or LEXICON not in tables or source is None or meta is None:
        return LoadResult(None, problems)
    return LoadResult(
        Dataset(
            claims=_typed_claims(claims),
            lexicon=tables[LEXICON],
            source=source,
            meta=meta,
            factors=None if factors is None else _typed_factors(factors),
            mechanisms=None if mechanisms is None else _columns_of(schemas.mechanisms_schema)(mechanisms),
            promo=None if promo is None else _columns_of(schemas.promo_schema)(promo),
            origin=origin,
        ),
        problems,
    )


def read_folder(folder: str | Path) -> dict[str, bytes | None]:
    folder = Path(folder)
    return {name: (folder / name).read_bytes() if (folder / name).is_file() else None for name in DATA_FILES}


def load_folder(folder: str | Path = BUNDLED) -> LoadResult:
    """Read and validate a data folder (the bundled ``data/`` by default)."""
    folder = Path(folder)
    if not folder.is_dir():
        return LoadResult(None, [Problem(str(folder), None, None, "data folder not found")])
    return build_dataset(read_folder(folder), origin=str(folder))
