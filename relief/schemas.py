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
from datetime import date

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from .problems import Problem
from .vocabulary import (
    BOOLEAN_WORDS,
    CERTAINTY,
    CORRECTION_TARGETS,
    DESIGNS,
    EFFECTS,
    ENDS,
    HOURS_KINDS,
    MECHANISM_KINDS,
    PAIN_CONTEXTS,
    POPULATIONS,
    PROMO_STATUS,
    QUOTE_JOINER,
    READING_COLUMNS,
    REGIMENS,
    ROUTES,
    SCENE_CHARTS,
    STATUSES,
    VERDICTS,
    speaks_to,
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


def _quote(source: str | None) -> Column:
    checks = [_not_blank("quote")]
    if source is not None:
        checks.append(_element(lambda v: quote_in_source(v, source),
                               "quote not found verbatim in the source text (passages may be joined with ' ... ')"))
    return _text(*checks)


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


def _date(v: str) -> bool:
    try:
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None and bool(date.fromisoformat(v))
    except ValueError:
        return False


def _whole(v: str) -> bool:
    return v.isdigit()


def studies_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Publications, one row each; publications reporting the same participants share a ``cohort``."""

    def one_population_per_cohort(df: pd.DataFrame) -> pd.Series:
        kinds = df.groupby("cohort")["population"].transform("nunique")
        return kinds == 1

    return DataFrameSchema(
        {
            "study_id": _text(_ID, _unique("study_id")),
            "citation": _text(_not_blank("citation")),
            "year": _text(_optional(_year, "year must be empty or a year from 1900 to 2100")),
            "design": _text(_one_of(DESIGNS, "design")),
            "n": _text(_optional(_count, "n must be empty or a whole number greater than 0")),
            "population": _text(_one_of(POPULATIONS, "population")),
            "cohort": _text(_ID),
            "pmid": _text(_optional(lambda v: re.fullmatch(r"[1-9]\d{0,8}", v) is not None,
                                    "pmid must be empty or digits only (a PubMed id)")),
            "doi": _text(_optional(lambda v: re.fullmatch(r"10\.\d{4,9}/\S+", v) is not None,
                                   "doi must be empty or look like 10.1234/abc")),
            "url": _text(_element(lambda v: re.fullmatch(r"https://[^\s/$.?#][^\s]*", v) is not None,
                                  "url must be an https:// address")),
            "status": _text(_one_of(STATUSES, "status")),
            "rechecked": _text(_BOOLEAN),
        },
        checks=[_rows("cohort", "publications of one cohort report the same participants, so they must have the "
                                "same population", one_population_per_cohort)],
        name="studies",
    )


def studies_cited_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Checked once the findings are read: every publication is cited by at least one finding."""
    findings = ctx.tables.get("evidence", ctx.raw.get("evidence"))
    cited = None if findings is None or "study_id" not in findings.columns else set(findings["study_id"])
    checks = [] if cited is None else [
        _element(lambda v: v in cited, "no finding in evidence.csv cites this publication: add its finding or "
                                       "remove the row")]
    return DataFrameSchema({"study_id": _text(*checks)}, name="studies")


def evidence_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Findings, one row each, pointing at their publication; hours only where the source states a duration."""
    studies = ctx.tables.get("studies")

    def hours(df: pd.DataFrame, column: str) -> pd.Series:
        return pd.to_numeric(df[column].where(df[column] != ""), errors="coerce")

    def has_hours(df: pd.DataFrame) -> pd.Series:
        return (df["relief_low_hours"] != "") | (df["relief_high_hours"] != "")

    number = _optional(lambda v: parse_positive_number(v) is not None,
                       "hours must be empty or a finite number greater than 0")
    checks = [
        _rows("relief_high_hours", "relief_low_hours must not exceed relief_high_hours",
              lambda df: ~(hours(df, "relief_low_hours") > hours(df, "relief_high_hours"))),
        _rows("hours_kind", "hours_kind is required exactly when hours are given",
              lambda df: has_hours(df) == (df["hours_kind"] != "")),
    ]
    study_checks = [_not_blank("study_id")]
    if studies is not None:
        population = dict(zip(studies["study_id"], studies["population"], strict=True))
        study_checks.append(_element(lambda v: v in population, "study_id is not a study_id of studies.csv"))
        checks.append(_rows("pain_context", "healthy volunteers have no clinical pain: a finding in volunteers is "
                                            "experimental or not_stated",
                            lambda df: ~(df["study_id"].map(population).eq("healthy_volunteers")
                                         & ~df["pain_context"].isin(["experimental", "not_stated"]))))
    return DataFrameSchema(
        {
            "evidence_id": _text(_element(lambda v: re.fullmatch(r"KET-\d{3}", v) is not None,
                                          "evidence_id must look like KET-001"), _unique("evidence_id")),
            "study_id": _text(*study_checks),
            "route": _text(_one_of(ROUTES, "route")),
            "regimen": _text(_one_of(REGIMENS, "regimen")),
            "pain_context": _text(_one_of(PAIN_CONTEXTS, "pain_context")),
            "finding": _text(_not_blank("finding")),
            "relief_low_hours": _text(number),
            "relief_high_hours": _text(number),
            "hours_kind": _text(_optional(lambda v: v in HOURS_KINDS,
                                          f"hours_kind must be empty or one of: {_listing(HOURS_KINDS)}")),
            "excerpt": _text(_not_blank("excerpt")),
            "certainty": _text(_one_of(CERTAINTY, "certainty")),
            "factors": _text(*_ids_in(_table_ids(ctx, "factors", "factor_id"), "factors")),
            "mechanisms": _text(*_ids_in(_table_ids(ctx, "mechanisms", "mechanism_id"), "mechanisms")),
        },
        checks=checks,
        name="evidence",
    )


def evidence_text(evidence: pd.DataFrame, ids: Iterable[str]) -> str:
    """What the cited findings say (finding, excerpt, and their study's citation, year and n, where joined)."""
    rows = evidence[evidence["evidence_id"].isin(list(ids))]
    columns = [c for c in ("finding", "excerpt", "study", "year", "n") if c in rows.columns]
    return " ".join(" ".join("" if pd.isna(v) else str(v) for v in row)
                    for row in rows[columns].itertuples(index=False))


EVIDENCE_ID = re.compile(r"KET-\d{3}")


def ids_named(text: str) -> list[str]:
    """The evidence ids (KET-###) a text names, in order."""
    return EVIDENCE_ID.findall(text)


def _sourced_numbers(ctx: Context, text_column: str, ids_of: Callable[[pd.Series], list[str]] | None = None) -> Check:
    """Every number in ``text_column`` appears in the findings the row cites (evidence ids themselves aside)."""
    evidence = ctx.tables.get("evidence")
    ids_of = ids_of or (lambda row: route_list(row["evidence_ids"]))

    def ok(df: pd.DataFrame) -> pd.Series:
        if evidence is None:
            return pd.Series(True, index=df.index)
        return pd.Series([numbers_in(EVIDENCE_ID.sub("", row[text_column]))
                          <= numbers_in(evidence_text(evidence, ids_of(row))) for _, row in df.iterrows()],
                         index=df.index)

    return _rows(text_column, "a number in this text is not in the findings it cites", ok)


SENTENCE_BREAK = r"(?<!\bal)(?<!\bvs)(?<!\b[A-Z])[.!?] +[A-Z“‘(]"
"""Where one sentence ends and the next begins ('et al.', 'vs.' and initials aside)."""


def claim_ends(claim) -> tuple[bool, bool]:
    """Whether a claim (a row of claims) has a lower and an upper end to judge.

    With a ``kind`` column: a duration has both, a lower bound (“at least”) only the lower, an upper bound or
    “gone by” only the upper, an onset or no stated duration neither. Without it: a claim with no stated range
    has neither end, an open-ended one (“several months or longer”) only the lower.
    """
    kind = getattr(claim, "kind", None)
    if isinstance(kind, str) and kind:
        return {"duration": (True, True), "lower_bound": (True, False), "upper_bound": (False, True),
                "gone_by": (False, True)}.get(kind, (False, False))
    stated = claim.stated in (True, "true")
    open_ended = claim.open_ended in (True, "true")
    return stated, stated and not open_ended


def _end_columns(end: str) -> tuple[str, str, str]:
    return f"{end}_verdict", f"{end}_certainty", f"{end}_reason"


def verdicts_schema(ctx: Context = Context()) -> DataFrameSchema:
    """One verdict per claim and judged route, with a verdict on each end of the claim's range."""
    claims = ctx.tables.get("claims")
    evidence = ctx.tables.get("evidence")
    claim_route = {} if claims is None else dict(zip(claims["claim_id"], claims["route"], strict=True))
    ends = {} if claims is None else {c.claim_id: claim_ends(c) for c in claims.itertuples(index=False)}
    finding_route = {} if evidence is None else dict(zip(evidence["evidence_id"], evidence["route"], strict=True))
    verified = (None if evidence is None or "status" not in evidence.columns  # no studies.csv: status unknown
                else set(evidence.loc[evidence["status"] == "VERIFIED", "evidence_id"]))

    def per_row(df: pd.DataFrame, fn: Callable[[pd.Series], bool]) -> pd.Series:
        return pd.Series([bool(fn(row)) for _, row in df.iterrows()], index=df.index, dtype=bool)

    checks = [_sourced_numbers(ctx, "finding"),
              _rows("route", "duplicate verdict for this claim and route",
                    lambda df: ~df.duplicated(["claim_id", "route"], keep="first"))]
    if claims is not None:
        checks.append(_rows("route", "route does not speak to the claim's route (it must be the claim's route or "
                                     "narrower, e.g. im for a claim about im_sc)",
                            lambda df: per_row(df, lambda r: r["claim_id"] not in claim_route
                                               or speaks_to("route", claim_route[r["claim_id"]], r["route"]))))
    if evidence is not None:
        checks.append(_rows("evidence_ids", "a cited finding concerns another route than this verdict's "
                                            "(see vocabulary.speaks_to)",
                            lambda df: per_row(df, lambda r: all(
                                speaks_to("route", r["route"], finding_route.get(i, r["route"]))
                                for i in route_list(r["evidence_ids"])))))
    for i, end in enumerate(ENDS):
        verdict, certainty, reason = _end_columns(end)
        name = ENDS[end]

        def judged(row, verdict=verdict, certainty=certainty, reason=reason) -> bool:
            filled = [row[verdict] != "", row[certainty] != "", row[reason].strip() != ""]
            return all(filled) or not any(filled)

        def has_end(row, i=i) -> bool | None:
            return ends[row["claim_id"]][i] if row["claim_id"] in ends else None

        checks += [
            _rows(verdict, f"the {name} needs a verdict, a certainty and a reason together, or none of them",
                  lambda df, judged=judged: per_row(df, judged)),
            _rows(verdict, f"the claim has a {name}: judge it (verdict, certainty and reason)",
                  lambda df, verdict=verdict, has_end=has_end: per_row(
                      df, lambda r: has_end(r) is not True or r[verdict] != "")),
            _rows(verdict, f"the claim has no {name} (an open end or no stated range): leave it empty",
                  lambda df, verdict=verdict, has_end=has_end: per_row(
                      df, lambda r: has_end(r) is not False or r[verdict] == "")),
            _rows(reason, "a reason names its evidence ids (KET-###), and only ids listed in evidence_ids",
                  lambda df, reason=reason: per_row(df, lambda r: r[reason].strip() == "" or (
                      bool(ids_named(r[reason])) and set(ids_named(r[reason])) <= set(route_list(r["evidence_ids"]))))),
            _sourced_numbers(ctx, reason, lambda r, reason=reason: ids_named(r[reason])),
            _rows(reason, "a reason is one sentence", lambda df, reason=reason: ~df[reason].str.contains(
                SENTENCE_BREAK, regex=True)),
        ]
        if verified is not None:
            checks.append(_rows(verdict, f"the {name} verdict, other than not_tested, must rest on at least one "
                                         "finding whose study is VERIFIED (named in its reason)",
                                lambda df, verdict=verdict, reason=reason: per_row(
                                    df, lambda r: r[verdict] in ("", "not_tested")
                                    or bool(set(ids_named(r[reason])) & verified))))
    end_columns = {}
    for end in ENDS:
        verdict, certainty, reason = _end_columns(end)
        end_columns |= {
            verdict: _text(_optional(lambda v: v in VERDICTS, f"{verdict} must be empty or one of: "
                                                              f"{_listing(VERDICTS)}")),
            certainty: _text(_optional(lambda v: v in CERTAINTY, f"{certainty} must be empty or one of: "
                                                                 f"{_listing(CERTAINTY)}")),
            reason: _text(),
        }
    return DataFrameSchema(
        {
            "verdict_id": _text(_ID, _unique("verdict_id")),
            "claim_id": _text(*([] if claims is None else [_one_of(claim_route, "claim_id")])),
            "route": _text(_one_of(ROUTES, "route")),
            "finding": _text(_not_blank("finding")),
            **end_columns,
            "evidence_ids": _text(*_ids_in(_table_ids(ctx, "evidence", "evidence_id"), "evidence_ids",
                                           allow_empty=False)),
        },
        checks=checks,
        name="verdicts",
    )


def verdict_exclusions_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Findings a verdict does not cite, each with the reason (no silent cherry-picking)."""
    verdicts = ctx.tables.get("verdicts")
    cited = {} if verdicts is None else dict(zip(verdicts["verdict_id"], verdicts["evidence_ids"], strict=True))
    verdict_checks = [_not_blank("verdict_id")]
    if verdicts is not None:
        verdict_checks.append(_element(lambda v: v in cited, "verdict_id is not a verdict_id of verdicts.csv"))
    evidence_checks = [_not_blank("evidence_id")]
    known = _table_ids(ctx, "evidence", "evidence_id")
    if known is not None:
        evidence_checks.append(_element(lambda v: v in known, "evidence_id is not an evidence_id of evidence.csv"))
    return DataFrameSchema(
        {
            "verdict_id": _text(*verdict_checks),
            "evidence_id": _text(*evidence_checks),
            "reason": _text(_not_blank("reason")),
        },
        checks=[
            _rows("evidence_id", "this finding is listed twice for the same verdict",
                  lambda df: ~df.duplicated(["verdict_id", "evidence_id"], keep="first")),
            _rows("evidence_id", "the verdict cites this finding, so it is not excluded",
                  lambda df: pd.Series([e not in cited.get(v, []) for v, e in
                                        zip(df["verdict_id"], df["evidence_id"], strict=True)], index=df.index,
                                       dtype=bool)),
        ],
        name="verdict_exclusions",
    )


def search_log_schema(ctx: Context = Context()) -> DataFrameSchema:
    """The literature search, one row per query run: what was searched, found, screened and included."""
    known = _table_ids(ctx, "studies", "study_id")

    def counts(df: pd.DataFrame, small: str, large: str) -> pd.Series:
        a, b = pd.to_numeric(df[small], errors="coerce"), pd.to_numeric(df[large], errors="coerce")
        return a.isna() | b.isna() | (a <= b)

    return DataFrameSchema(
        {
            "route": _text(_one_of(ROUTES, "route")),
            "searched": _text(_element(_date, "searched must be a date written YYYY-MM-DD")),
            "database": _text(_not_blank("database")),
            "query": _text(_not_blank("query")),
            "hits": _text(_element(_whole, "hits must be a whole number (0 or more)")),
            "screened": _text(_element(_whole, "screened must be a whole number (0 or more)")),
            "included": _text(_element(_whole, "included must be a whole number (0 or more)")),
            "included_studies": _text(*_ids_in(known, "included_studies")),
            "excluded_reasons": _text(),
        },
        checks=[
            _rows("screened", "more records screened than hits", lambda df: counts(df, "screened", "hits")),
            _rows("included", "more records included than screened", lambda df: counts(df, "included", "screened")),
            _rows("excluded_reasons", "records were screened and not included: say why (counts per reason)",
                  lambda df: (pd.to_numeric(df["included"], errors="coerce")
                              >= pd.to_numeric(df["screened"], errors="coerce")).fillna(True)
                  | (df["excluded_reasons"].str.strip() != "")),
        ],
        name="search_log",
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
    problems = [
        Problem(file, 1, column, f"required column “{column}” is missing (expected columns: {_listing(expected)})")
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
        problems += _failure_problems(exc.failure_cases, file)
    return problems


def _failure_problems(cases: pd.DataFrame, file: str) -> list[Problem]:
    found: dict[tuple[int | None, str | None, str], Problem] = {}
    for case in cases.to_dict("records"):
        message = str(case["check"])
        column = case["column"] if isinstance(case["column"], str) else None
        if "::" in message:  # a row check naming the column it blames
            column, message = message.split("::", 1)
        elif column is not None:
            message = f"{message} (found “{_shorten(case['failure_case'])}”)"
        index = case["index"]
        row = int(index) + 2 if index is not None and not pd.isna(index) else None
        key = (row, column, message)
        found.setdefault(key, Problem(file, row, column, message))
    return sorted(found.values(), key=lambda p: (p.row or 0, p.column or "", p.message))
