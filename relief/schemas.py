"""pandera schemas: exactly what a valid data file is.

Every file is read as text (no type guessing), its columns checked against the
schema, then validated with pandera. Each check carries the message a person
sees; checks over several columns name the column they blame as
``"column::message"``. ``validate`` turns pandera's failure cases into
:class:`~relief.problems.Problem` rows naming file, row and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from .problems import Problem
from .vocabulary import (
    BOOLEAN_WORDS,
    CERTAINTY,
    CLAIM_ROUTE_OF,
    CORRECTION_TARGETS,
    DESIGNS,
    EFFECTS,
    EVIDENCE_CONTEXTS,
    EVIDENCE_REGIMENS,
    EVIDENCE_ROUTES,
    HOURS_KINDS,
    MECHANISM_KINDS,
    PAIN_CONTEXTS,
    PROMO_STATUS,
    QUOTE_JOINER,
    READING_COLUMNS,
    REGIMENS,
    ROUTES,
    ROW_VERDICTS,
    SCENE_CHARTS,
    STATUSES,
    VERDICTS,
)

ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
ROUTE_LIST_SEPARATOR = ";"


# ---------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    """What a file is checked against: the source text and the valid tables read before it.

    An empty context (the default) gives a schema without cross-file checks,
    which is enough to list a file's columns.
    """

    source: str | None = None
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    raw: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    """Tables that were read but are not valid: their ids can still be checked against."""

    def phrases(self) -> set[str] | None:
        """The lexicon's phrases, from a valid lexicon or, failing that, one whose readings are broken."""
        lexicon = self.tables.get("lexicon", self.raw.get("lexicon"))
        if lexicon is None or "phrase" not in lexicon.columns:
            return None
        return set(lexicon["phrase"])

    def central_hours(self) -> dict[str, float] | None:
        """Each lexicon phrase's central reading, or None when no valid lexicon was read."""
        lexicon = self.tables.get("lexicon")
        if lexicon is None:
            return None
        return dict(zip(lexicon["phrase"], lexicon[READING_COLUMNS["central"]], strict=True))


# ---------------------------------------------------------------- helpers


def quote_in_source(quote: str, source: str) -> bool:
    """True when every passage of ``quote`` (joined by `` ... ``) is in ``source``, in order."""
    if not quote.strip():
        return False
    position = 0
    for passage in quote.split(QUOTE_JOINER):
        if not passage.strip():
            return False
        found = source.find(passage, position)
        if found < 0:
            return False
        position = found + len(passage)
    return True


MARKS: dict[str, str] = {
    "-": "a hyphen (-)", "‐": "a hyphen (‐)", "‑": "a non-breaking hyphen (‑)", "‒": "a figure dash (‒)",
    "–": "an en dash (–)", "—": "an em dash (—)", "−": "a minus sign (−)",
    "'": "a straight apostrophe (')", "’": "a curly apostrophe (’)", "‘": "an opening curly quote (‘)",
    '"': 'a straight double quote (")', "“": "an opening curly double quote (“)",
    "”": "a closing curly double quote (”)", " ": "a space", "\n": "a line break", "\u00a0": "a non-breaking space",
}
"""Characters that look alike in a quote and its source, by name."""
_PLAIN = str.maketrans({**dict.fromkeys("‐‑‒–—−", "-"), **dict.fromkeys("’‘′", "'"), **dict.fromkeys("“”″", '"'),
                        "\u00a0": " ", "\n": " ", "\t": " "})


def _character(ch: str) -> str:
    return MARKS.get(ch, f"“{ch}”")


def _around(text: str, start: int, end: int, limit: int = 90) -> str:
    """``text[start:end]`` cut to ``limit`` characters, with an ellipsis where cut."""
    piece = text[start:end].replace("\n", " ")
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def quote_hint(quote: str, source: str) -> str:
    """Where a quote that is not in the source goes wrong: the closest passage and the first differing character,
    naming dash and quote-mark variants. Empty when the quote is found (or is blank)."""
    position = 0
    for number, passage in enumerate(quote.split(QUOTE_JOINER), start=1):
        if not passage.strip():
            return ""
        found = source.find(passage, position)
        if found >= 0:
            position = found + len(passage)
            continue
        which = f"passage {number} of the quote" if QUOTE_JOINER in quote else "the quote"
        if source.find(passage) >= 0:
            return f"{which} is in the source, but before the passage it follows: keep the passages in order"
        return _passage_hint(passage, source, which)
    return ""


def _passage_hint(passage: str, source: str, which: str) -> str:
    plain_source, plain = source.translate(_PLAIN), passage.translate(_PLAIN)
    at = plain_source.find(plain)
    if at >= 0:  # the same text but for look-alike characters (one for one, so positions agree)
        differences = [(i, a, b) for i, (a, b) in enumerate(zip(passage, source[at:at + len(passage)], strict=True))
                       if a != b]
        named = "; ".join(f"at character {i + 1} {which} has {_character(a)} where the source has {_character(b)}"
                          for i, a, b in differences[:3])
        more = f" (and {len(differences) - 3} more)" if len(differences) > 3 else ""
        return f"the source has this passage with other dashes, quote marks or spaces: {named}{more}"
    low, high = 0, len(passage)  # the longest start of the passage that is in the source
    while low < high:
        middle = (low + high + 1) // 2
        if passage[:middle] in source:
            low = middle
        else:
            high = middle - 1
    if low < 8:
        return f"no passage of the source starts like {which} (“{_around(passage, 0, 40)}”)"
    start = source.find(passage[:low])
    differ = start + low
    got = _character(passage[low]) if low < len(passage) else "its end"
    has = _character(source[differ]) if differ < len(source) else "its end"
    return (f"closest passage of the source: “{_around(source, start, start + len(passage) + 5)}”; the first "
            f"difference is at character {low + 1} {which.replace('the quote', 'of the quote')}, which has {got} "
            f"where the source has {has}")


def parse_positive_number(text: str) -> float | None:
    """A finite number > 0, or None. Accepts '3', '3.5', '1e3'; refuses 'nan', 'inf', '0', '-1'."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value) or value <= 0:
        return None
    return value


def route_list(text: str) -> list[str]:
    """A ';'-separated list (routes, ids) as a list of its non-empty parts."""
    return [part.strip() for part in text.split(ROUTE_LIST_SEPARATOR) if part.strip()]


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[str]:
    """The numbers written in a text ('4.2-day', '86%', '25 mg/24 h' give 4.2, 86, 25, 24)."""
    return set(NUMBER.findall(text))


def _listing(words: Iterable[str]) -> str:
    return ", ".join(words)


def _element(fn: Callable[[str], bool], message: str) -> Check:
    return Check(fn, element_wise=True, error=message)


def _one_of(words: Iterable[str], what: str) -> Check:
    allowed = list(words)
    return _element(lambda v: v in allowed, f"{what} must be one of: {_listing(allowed)}")


def _not_blank(what: str = "value") -> Check:
    return _element(lambda v: bool(v.strip()), f"{what} must not be empty")


def _longest(characters: int, what: str) -> Check:
    return _element(lambda v: len(v) <= characters, f"{what} must be at most {characters} characters")


def _unique(what: str) -> Check:
    return Check(lambda s: ~s.duplicated(keep="first"), error=f"duplicate {what}: it is already used on an earlier row")


def _rows(column: str, message: str, fn: Callable[[pd.DataFrame], pd.Series]) -> Check:
    """A check over whole rows, blaming ``column``."""
    return Check(fn, error=f"{column}::{message}")


def _text(*checks: Check) -> Column:
    return Column(str, checks=list(checks), nullable=False, required=True)


_BOOLEAN = _one_of(BOOLEAN_WORDS, "value")
_ID = _element(lambda v: re.fullmatch(ID_PATTERN, v) is not None,
               "id must be lower-case letters, digits or _, starting with a letter, at most 40 characters")


QUOTE_NOT_FOUND = "quote not found verbatim in the source text (passages may be joined with ' ... ')"


def _quote(source: str | None) -> Column:
    checks = [_not_blank("quote")]
    if source is not None:
        checks.append(_element(lambda v: quote_in_source(v, source), QUOTE_NOT_FOUND))
    return Column(str, checks=checks, nullable=False, required=True, metadata={"source": source})


def _section(source: str | None) -> Column:
    checks = [_not_blank("section")]
    if source is not None:
        checks.append(_element(lambda v: v in source, "section heading not found in the source text"))
    return _text(*checks)


# ---------------------------------------------------------------- schemas


def lexicon_schema(ctx: Context = Context()) -> DataFrameSchema:
    number = _element(lambda v: parse_positive_number(v) is not None,
                      "reading must be a finite number of hours greater than 0")

    def hours(df: pd.DataFrame, reading: str) -> pd.Series:
        return pd.to_numeric(df[READING_COLUMNS[reading]], errors="coerce")

    def ordered(df: pd.DataFrame, left: str, right: str) -> pd.Series:
        a, b = hours(df, left), hours(df, right)
        return a.isna() | b.isna() | (a <= b)

    return DataFrameSchema(
        {
            "phrase": _text(_not_blank("phrase"), _unique("phrase")),
            "conservative_hours": _text(number),
            "central_hours": _text(number),
            "generous_hours": _text(number),
            "rationale": _text(_not_blank("rationale")),
        },
        checks=[
            _rows("central_hours", "readings out of order: conservative must be ≤ central",
                  lambda df: ordered(df, "conservative", "central")),
            _rows("generous_hours", "readings out of order: central must be ≤ generous",
                  lambda df: ordered(df, "central", "generous")),
        ],
        name="lexicon",
    )


def claims_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Claims, checked against the lexicon's phrases and the source text when ``ctx`` has them."""
    central_hours = ctx.central_hours()
    source = ctx.source
    phrases = central_hours or {}
    known = ctx.phrases()
    phrase_checks = []
    if known is not None:
        phrase_checks.append(_element(lambda v: v == "" or v in known,
                                      "phrase not in the lexicon (lexicon.csv): add it there or fix the spelling"))

    def flag(df: pd.DataFrame, column: str) -> pd.Series:
        return df[column] == "true"

    def blank(df: pd.DataFrame, column: str) -> pd.Series:
        return df[column].str.strip() == ""

    def runs_forward(df: pd.DataFrame) -> pd.Series:
        low = pd.to_numeric(df["low_phrase"].map(phrases.get), errors="coerce")
        high = pd.to_numeric(df["high_phrase"].map(phrases.get), errors="coerce")
        return low.isna() | high.isna() | (low <= high)

    return DataFrameSchema(
        {
            "claim_id": _text(_ID, _unique("claim_id")),
            "route": _text(_one_of(ROUTES, "route")),
            "regimen": _text(_one_of(REGIMENS, "regimen")),
            "pain_context": _text(_one_of(PAIN_CONTEXTS, "pain_context")),
            "label": _text(_not_blank("label"), _unique("label"), _longest(80, "label")),
            "low_phrase": _text(*phrase_checks),
            "high_phrase": _text(*phrase_checks),
            "open_ended": _text(_BOOLEAN),
            "stated": _text(_BOOLEAN),
            "quote": _quote(source),
            "section": _section(source),
            "note": _text(),
        },
        checks=[
            _rows("low_phrase", "a stated claim needs a low phrase",
                  lambda df: ~flag(df, "stated") | ~blank(df, "low_phrase")),
            _rows("high_phrase",
                  "a stated, closed claim needs a high phrase (repeat the low phrase for a single phrase)",
                  lambda df: ~flag(df, "stated") | flag(df, "open_ended") | ~blank(df, "high_phrase")),
            _rows("high_phrase", "an open-ended claim has no high phrase: its open end replaces it",
                  lambda df: ~flag(df, "open_ended") | blank(df, "high_phrase")),
            _rows("low_phrase", "a claim with stated=false has no phrases",
                  lambda df: flag(df, "stated") | (blank(df, "low_phrase") & blank(df, "high_phrase"))),
            _rows("open_ended", "a claim with stated=false cannot be open-ended",
                  lambda df: flag(df, "stated") | ~flag(df, "open_ended")),
            _rows("high_phrase", "the range runs backwards: the high phrase reads shorter than the low phrase",
                  runs_forward),
        ],
        name="claims",
    )


def factors_schema(ctx: Context = Context()) -> DataFrameSchema:
    source = ctx.source
    routes = [r for r in ROUTES if r != "overall"]

    def valid_routes(v: str) -> bool:
        parts = route_list(v)
        return bool(parts) and all(p in routes for p in parts) and len(parts) == len(set(parts))

    return DataFrameSchema(
        {
            "factor_id": _text(_ID, _unique("factor_id")),
            "factor": _text(_not_blank("factor")),
            "effect_on_duration": _text(_one_of(EFFECTS, "effect_on_duration")),
            "routes": _text(_element(
                valid_routes, f"routes must be a ';'-separated list of distinct routes from: {_listing(routes)}")),
            "caveat": _text(_not_blank("caveat")),
            "quote": _quote(source),
            "section": _section(source),
        },
        name="factors",
    )


def mechanisms_schema(ctx: Context = Context()) -> DataFrameSchema:
    source = ctx.source
    return DataFrameSchema(
        {
            "mechanism_id": _text(_ID, _unique("mechanism_id")),
            "target": _text(_not_blank("target")),
            "kind": _text(_one_of(MECHANISM_KINDS, "kind")),
            "action": _text(_not_blank("action")),
            "quote": _quote(source),
            "section": _section(source),
        },
        name="mechanisms",
    )


def promo_schema(ctx: Context = Context()) -> DataFrameSchema:
    source = ctx.source
    return DataFrameSchema(
        {
            "promo_id": _text(_ID, _unique("promo_id")),
            "claim": _text(_not_blank("claim")),
            "status": _text(_one_of([PROMO_STATUS], "status")),
            "quote": _quote(source),
            "section": _section(source),
        },
        name="promo_claims",
    )


# ---------------------------------------------------------------- published evidence


def _optional(check: Callable[[str], bool], message: str) -> Check:
    return _element(lambda v: v == "" or check(v), message)


def _year(v: str) -> bool:
    return v.isdigit() and 1900 <= int(v) <= 2100


def _count(v: str) -> bool:
    return v.isdigit() and int(v) > 0


def _ids_in(known: set[str] | None, what: str, allow_empty: bool = True) -> list[Check]:
    """A ';'-separated list of ids that must all be in ``known`` (unchecked when ``known`` is None)."""
    checks = [] if allow_empty else [_not_blank(what)]
    if known is not None:
        checks.append(_element(lambda v: all(i in known for i in route_list(v)),
                               f"{what}: every id must exist in its table"))
    return checks


def _table_ids(ctx: Context, table: str, column: str) -> set[str] | None:
    df = ctx.tables.get(table)
    return None if df is None else set(df[column])


def evidence_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Published studies, one row per source; hours only where the source states a duration."""

    def hours(df: pd.DataFrame, column: str) -> pd.Series:
        return pd.to_numeric(df[column].where(df[column] != ""), errors="coerce")

    def has_hours(df: pd.DataFrame) -> pd.Series:
        return (df["relief_low_hours"] != "") | (df["relief_high_hours"] != "")

    number = _optional(lambda v: parse_positive_number(v) is not None,
                       "hours must be empty or a finite number greater than 0")
    return DataFrameSchema(
        {
            "evidence_id": _text(_element(lambda v: re.fullmatch(r"KET-\d{3}", v) is not None,
                                          "evidence_id must look like KET-001"), _unique("evidence_id")),
            "route": _text(_one_of(EVIDENCE_ROUTES, "route")),
            "regimen": _text(_one_of(EVIDENCE_REGIMENS, "regimen")),
            "pain_context": _text(_one_of(EVIDENCE_CONTEXTS, "pain_context")),
            "finding": _text(_not_blank("finding")),
            "relief_low_hours": _text(number),
            "relief_high_hours": _text(number),
            "hours_kind": _text(_optional(lambda v: v in HOURS_KINDS,
                                          f"hours_kind must be empty or one of: {_listing(HOURS_KINDS)}")),
            "study": _text(_not_blank("study")),
            "year": _text(_optional(_year, "year must be empty or a year from 1900 to 2100")),
            "design": _text(_one_of(DESIGNS, "design")),
            "n": _text(_optional(_count, "n must be empty or a whole number greater than 0")),
            "pmid": _text(_optional(lambda v: re.fullmatch(r"[1-9]\d{0,8}", v) is not None,
                                    "pmid must be empty or digits only (a PubMed id)")),
            "doi": _text(_optional(lambda v: re.fullmatch(r"10\.\d{4,9}/\S+", v) is not None,
                                   "doi must be empty or look like 10.1234/abc")),
            "url": _text(_element(lambda v: re.fullmatch(r"https://[^\s/$.?#][^\s]*", v) is not None,
                                  "url must be an https:// address")),
            "certainty": _text(_one_of(CERTAINTY, "certainty")),
            "verdict_vs_article": _text(_one_of(ROW_VERDICTS, "verdict_vs_article")),
            "status": _text(_one_of(STATUSES, "status")),
            "excerpt": _text(_not_blank("excerpt")),
            "factors": _text(*_ids_in(_table_ids(ctx, "factors", "factor_id"), "factors")),
            "mechanisms": _text(*_ids_in(_table_ids(ctx, "mechanisms", "mechanism_id"), "mechanisms")),
            "rechecked": _text(_BOOLEAN),
        },
        checks=[
            _rows("relief_high_hours", "relief_low_hours must not exceed relief_high_hours",
                  lambda df: ~(hours(df, "relief_low_hours") > hours(df, "relief_high_hours"))),
            _rows("hours_kind", "hours_kind is required exactly when hours are given",
                  lambda df: has_hours(df) == (df["hours_kind"] != "")),
        ],
        name="evidence",
    )


def evidence_text(evidence: pd.DataFrame, ids: Iterable[str]) -> str:
    """What the cited evidence rows say (finding, excerpt, study, year, n): where our numbers must come from."""
    rows = evidence[evidence["evidence_id"].isin(list(ids))]
    return " ".join(" ".join(str(v) for v in row) for row in
                    rows[["finding", "excerpt", "study", "year", "n"]].itertuples(index=False))


def _sourced_numbers(ctx: Context, text_column: str) -> Check:
    """Every number in ``text_column`` appears in the evidence rows the row cites."""
    evidence = ctx.tables.get("evidence")

    def ok(df: pd.DataFrame) -> pd.Series:
        if evidence is None:
            return pd.Series(True, index=df.index)
        return pd.Series([numbers_in(text) <= numbers_in(evidence_text(evidence, route_list(ids)))
                          for text, ids in zip(df[text_column], df["evidence_ids"], strict=True)], index=df.index)

    return _rows(text_column, "a number in this text is not in the evidence rows it cites", ok)


def verdicts_schema(ctx: Context = Context()) -> DataFrameSchema:
    """One verdict per article claim (and per evidence route where the article lumps two routes)."""
    claims = ctx.tables.get("claims")
    evidence = ctx.tables.get("evidence")
    claim_route = {} if claims is None else dict(zip(claims["claim_id"], claims["route"], strict=True))
    checks = [_sourced_numbers(ctx, "finding"),
              _rows("evidence_route", "duplicate verdict for this claim and evidence route",
                    lambda df: ~df.duplicated(["claim_id", "evidence_route"], keep="first"))]
    if claims is not None:
        checks.append(_rows("evidence_route", "evidence_route does not speak to the claim's route",
                            lambda df: pd.Series([CLAIM_ROUTE_OF.get(r) == claim_route.get(c) for c, r in
                                                  zip(df["claim_id"], df["evidence_route"], strict=True)],
                                                 index=df.index)))
    if evidence is not None:
        verified = set(evidence.loc[evidence["status"] == "VERIFIED", "evidence_id"])
        checks.append(_rows("verdict", "a verdict other than no data needs at least one VERIFIED evidence row",
                            lambda df: pd.Series([v == "no_data" or bool(set(route_list(ids)) & verified) for v, ids in
                                                  zip(df["verdict"], df["evidence_ids"], strict=True)],
                                                 index=df.index)))
    return DataFrameSchema(
        {
            "verdict_id": _text(_ID, _unique("verdict_id")),
            "claim_id": _text(*([] if claims is None else [_one_of(claim_route, "claim_id")])),
            "evidence_route": _text(_one_of(EVIDENCE_ROUTES, "evidence_route")),
            "finding": _text(_not_blank("finding")),
            "certainty": _text(_one_of(CERTAINTY, "certainty")),
            "verdict": _text(_one_of(VERDICTS, "verdict")),
            "evidence_ids": _text(*_ids_in(_table_ids(ctx, "evidence", "evidence_id"), "evidence_ids",
                                           allow_empty=False)),
        },
        checks=checks,
        name="verdicts",
    )


def corrections_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Where the article goes wrong: a sourced note on one claim, factor, mechanism or marketing claim."""
    targets = {"claim": ("claims", "claim_id"), "factor": ("factors", "factor_id"),
               "mechanism": ("mechanisms", "mechanism_id"), "promo": ("promo", "promo_id")}

    def target_exists(df: pd.DataFrame) -> pd.Series:
        found = []
        for kind, target in zip(df["target_kind"], df["target_id"], strict=True):
            table, column = targets.get(kind, (None, None))
            known = _table_ids(ctx, table, column) if table else None
            found.append(known is None or target in known)
        return pd.Series(found, index=df.index)

    return DataFrameSchema(
        {
            "correction_id": _text(_ID, _unique("correction_id")),
            "target_kind": _text(_one_of(CORRECTION_TARGETS, "target_kind")),
            "target_id": _text(_not_blank("target_id")),
            "title": _text(_not_blank("title")),
            "text": _text(_not_blank("text")),
            "evidence_ids": _text(*_ids_in(_table_ids(ctx, "evidence", "evidence_id"), "evidence_ids",
                                           allow_empty=False)),
        },
        checks=[_rows("target_id", "target_id is not a row of the table target_kind names", target_exists),
                _sourced_numbers(ctx, "text")],
        name="corrections",
    )


# ---------------------------------------------------------------- presentation


def scenes_schema(ctx: Context = Context()) -> DataFrameSchema:
    """A talk: scenes in order, each with a chart, its settings as a query string, a quote and notes."""
    from urllib.parse import parse_qs

    from .urlstate import explorer_view, factors_view

    claims, factors = ctx.tables.get("claims"), ctx.tables.get("factors")

    def understood(chart: str, view: str) -> bool:
        if chart in ("lexicon", "promo"):
            return view == ""
        table = factors if chart == "factors" else claims
        if table is None:
            return True  # nothing to check against
        spec = factors_view(factors) if chart == "factors" else explorer_view(claims, with_evidence=True)
        return spec.parse(parse_qs(view, keep_blank_values=True))[1] == []

    def view_understood(df: pd.DataFrame) -> pd.Series:
        return pd.Series([understood(c, v) for c, v in zip(df["chart"], df["view"], strict=True)], index=df.index)

    quote_checks = [_element(lambda v: v == "" or quote_in_source(v, ctx.source),
                             "quote not found verbatim in the source text")] if ctx.source is not None else []
    return DataFrameSchema(
        {
            "scene_id": _text(_ID, _unique("scene_id")),
            "title": _text(_not_blank("title"), _longest(80, "title")),
            "takeaway": _text(_not_blank("takeaway"), _longest(300, "takeaway (one sentence)")),
            "chart": _text(_one_of(SCENE_CHARTS, "chart")),
            "view": _text(),
            "quote": _text(*quote_checks),
            "notes": _text(),
        },
        checks=[_rows("view", "view is not a query string this chart understands (e.g. routes=iv&axis=linear)",
                      view_understood)],
        name="scenes",
    )


# ---------------------------------------------------------------- validation


def _shorten(value: object, limit: int = 60) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate(df: pd.DataFrame, schema: DataFrameSchema, file: str) -> list[Problem]:
    """All problems pandera finds in ``df`` (read as text), as file/row/column problems.

    Missing columns are reported first and stop the file's row checks; unknown
    columns are a warning. Row numbers are spreadsheet rows (header = row 1).
    """
    expected = list(schema.columns)
    missing = [c for c in expected if c not in df.columns]
    def near(column: str) -> str:
        """A hint when the header has the column under another spelling ('Claim ID' for 'claim_id')."""
        key = re.sub(r"[\s_-]+", "_", column.lower())
        found = [str(c) for c in df.columns if re.sub(r"[\s_-]+", "_", str(c).strip().lower()) == key]
        return f"; the header has “{found[0]}”: write it exactly “{column}”" if found else ""

    problems = [
        Problem(file, 1, column,
                f"required column “{column}” is missing (expected columns: {_listing(expected)}){near(column)}")
        for column in missing
    ]
    problems += [
        Problem(file, 1, str(column), f"unknown column “{column}” ignored", "warning")
        for column in df.columns
        if column not in expected
    ]
    if missing:
        return problems
    try:
        schema.validate(df[expected], lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems += _failure_problems(exc.failure_cases, file, schema)
    return problems


def _column_source(schema: DataFrameSchema | None, column: str) -> str | None:
    """The source text a column's quote check compares with, when the column carries it."""
    if schema is None or column not in schema.columns:
        return None
    return (schema.columns[column].metadata or {}).get("source")


CRASH = re.compile(r"^[A-Z]\w*(Error|Exception|Warning)\(")


def _failure_problems(cases: pd.DataFrame, file: str, schema: DataFrameSchema | None = None) -> list[Problem]:
    found: dict[tuple[int | None, str | None, str], Problem] = {}
    for case in cases.to_dict("records"):
        message = str(case["check"])
        column = case["column"] if isinstance(case["column"], str) else None
        index = case["index"]
        crashed = (index is None or pd.isna(index)) and CRASH.match(str(case["failure_case"]))
        if "::" in message:  # a row check naming the column it blames
            column, message = message.split("::", 1)
        if crashed:  # the check itself failed: say so, never pass it off as the data's fault
            message = f"this check could not run ({_shorten(case['failure_case'])}): {message}"
        elif column is not None and "::" not in str(case["check"]):
            message = f"{message} (found “{_shorten(case['failure_case'])}”)"
            source = _column_source(schema, column)
            if source is not None and str(case["check"]) == QUOTE_NOT_FOUND:
                message = f"{message}: {quote_hint(str(case['failure_case']), source)}"
        try:
            row = int(index) + 2 if index is not None and not pd.isna(index) else None
        except (TypeError, ValueError):
            row = None
        key = (row, column, message)
        found.setdefault(key, Problem(file, row, column, message))
    return sorted(found.values(), key=lambda p: (p.row or 0, p.column or "", p.message))
