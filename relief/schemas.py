"""pandera schemas: exactly what a valid data file is.

Every file is read as text (no type guessing), its columns checked against the
schema, then validated with pandera. Each check carries the message a person
sees; checks over several columns name the column they blame as
``"column::message"``. ``validate`` turns pandera's failure cases into
:class:`~relief.problems.Problem` rows naming file, row and column.

Valid files (nearly all) are confirmed by :func:`passes`, which runs the same
checks of the same schema without pandera's reporting machinery and says
"no problem" only when every check's output is literally all True; anything
else is validated by pandera as before (tests/unit/test_fast_validation.py).
"""

from __future__ import annotations

import functools
import math
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from . import budget as work
from . import kinds
from . import phrases as phrase_parser
from .durations import MAX_HOURS, MAX_HOURS_IN_WORDS
from .problems import Problem, shorten
from .vocabulary import (
    BOOLEAN_WORDS,
    CERTAINTY,
    CORRECTION_TARGETS,
    DESIGNS,
    DIMENSIONS,
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
)
from .vocabulary import labels as vocabulary_labels

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

    def codes(self, dimension: str) -> dict[str, str]:
        """The codes a file may use for ``dimension`` (route, regimen, pain_context), with their labels:
        the built-in vocabulary and the extra codes of a valid ``vocabulary.csv``."""
        return vocabulary_labels(dimension, self.tables.get("vocabulary"))


# ---------------------------------------------------------------- helpers


def quote_in_source(quote: str, source: str) -> bool:
    """True when every passage of ``quote`` (joined by `` ... ``) is in ``source``, in order."""
    if not quote.strip():
        return False
    work.check()  # one row's search of the whole text: the upload's budget may have run out
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


@functools.lru_cache(maxsize=2)
def _plain_text(text: str) -> str:
    """``text`` with look-alike characters made plain, computed once per text (not once per quote not found)."""
    return text.translate(_PLAIN)


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
    plain_source, plain = _plain_text(source), passage.translate(_PLAIN)
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
    """A number of hours > 0 and at most ``MAX_HOURS`` (100 years), or None. Accepts '3', '3.5', '1e3'; refuses
    'nan', 'inf', '1e308', '0', '-1'."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value) or value <= 0 or value > MAX_HOURS:
        return None
    return value


def route_list(text: str) -> list[str]:
    """A ';'-separated list (routes, ids) as a list of its non-empty parts."""
    return [part.strip() for part in text.split(ROUTE_LIST_SEPARATOR) if part.strip()]


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[str]:
    """The numbers written in a text ('4.2-day', '86%', '25 mg/24 h' give 4.2, 86, 25, 24)."""
    return set(NUMBER.findall(text))


class _PerFrame:
    """Values several checks of one schema derive from the same frame (which rows are of a kind, which cells are
    blank), derived once per frame: each check of a validation is given the same frame. Keyed by the frame itself,
    through a weak reference (a live frame is never mistaken for another, and none is kept alive: pandera keeps the
    schema of each frame it validated for as long as that frame lives); the values are never changed, only combined
    into new ones."""

    __slots__ = ("_state",)

    def __init__(self) -> None:
        self._state: tuple[Callable[[], pd.DataFrame | None], dict] = (lambda: None, {})

    def __call__(self, df: pd.DataFrame, key, build: Callable[[], object]):
        held, values = self._state
        if held() is not df:
            values = {}
            self._state = (weakref.ref(df), values)
        try:
            return values[key]
        except KeyError:
            return values.setdefault(key, build())


def _records(df: pd.DataFrame) -> list[dict]:
    """The rows of a frame of text as ``{column: value}`` (what a row check reads of a row, without a Series)."""
    return df.to_dict("records")


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


def _rows(column: str, message: str, fn: Callable[[pd.DataFrame], pd.Series], found: bool = False) -> Check:
    """A check over whole rows, blaming ``column``; ``found``: the message ends with the column's value."""
    return Check(fn, error=f"{column}::{message}{FOUND if found else ''}")


FOUND = "::found"
"""Ends a row check's message that names the value it found in the column it blames."""


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
                      f"reading must be a finite number of hours greater than 0 and at most {MAX_HOURS_IN_WORDS}")

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


def single_phrase_kinds() -> tuple[str, ...]:
    """Kinds that state one number: their phrase is in low_phrase, high_phrase is empty (see relief.kinds)."""
    return kinds.codes(phrases="one")


LEGACY_CLAIM_COLUMNS = ("open_ended", "stated")


def claims_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Claims, checked against the lexicon's phrases and the source text when ``ctx`` has them.

    A phrase is either in the lexicon (which wins) or a number as written ('3 days', '3–7 days'); every phrase
    must occur in its row's quote.
    """
    from .lexicon import readings

    source = ctx.source
    known = ctx.phrases()
    lexicon = ctx.tables.get("lexicon")
    read = readings(lexicon) if lexicon is not None else {}
    frame = _PerFrame()  # what several checks derive from one frame, derived once per frame

    @functools.lru_cache(maxsize=4096)
    def problem(phrase: str) -> str | None:  # a pure function of the phrase, given this schema's lexicon
        return phrase_parser.problem(phrase, known)

    def phrase_checks() -> list[Check]:
        # One check per reason a phrase cannot be read, so the message says which (unknown unit, 0, backwards).
        return [_element(lambda v, r=reason: problem(v) != r, message)
                for reason, message in phrase_parser.REASONS.items()]

    def kind(df: pd.DataFrame, *kinds: str) -> pd.Series:
        return frame(df, ("kind", kinds), lambda: df["kind"].isin(kinds))

    def low_none(df: pd.DataFrame) -> pd.Series:
        return frame(df, "low_none", lambda: df["low_none"] == "true")

    def problems(df: pd.DataFrame, column: str) -> list[str | None]:
        return frame(df, ("problem", column), lambda: [problem(v) for v in df[column].tolist()])

    def low_phrase_checks() -> list[Check]:
        # The phrase checks, row by row: a low end of none holds the source's words for none, never read as hours.
        return [_rows("low_phrase", message,
                      lambda df, r=reason: low_none(df) | pd.Series(
                          [found != r for found in problems(df, "low_phrase")], index=df.index, dtype=bool),
                      found=True)
                for reason, message in phrase_parser.REASONS.items()]

    def blank(df: pd.DataFrame, column: str) -> pd.Series:
        return frame(df, ("blank", column), lambda: df[column].str.strip() == "")

    def ranged(df: pd.DataFrame, column: str) -> pd.Series:
        within = read if lexicon is not None else (known or ())
        return frame(df, ("ranged", column), lambda: pd.Series(
            [bool(phrase_parser.is_range(v, within)) for v in df[column].tolist()], index=df.index, dtype=bool))

    def end_hours(df: pd.DataFrame, column: str, which: int) -> pd.Series:
        def hours(v: str) -> float:
            both = phrase_parser.ends(v, read) if v else None
            return math.nan if both is None else both[which].central
        return df[column].map(hours).astype(float)

    def runs_forward(df: pd.DataFrame) -> pd.Series:
        low = end_hours(df, "low_phrase", 0)
        high = end_hours(df, "high_phrase", 1)
        return ~kind(df, *(k.code for k in kinds.KINDS.values() if k.two_ends)) | low.isna() | high.isna() | (
            low <= high)

    def in_quote(column: str) -> Callable[[pd.DataFrame], pd.Series]:
        return lambda df: pd.Series([p == "" or phrase_parser.in_quote(p, q)
                                     for p, q in zip(df[column], df["quote"], strict=True)], index=df.index)

    def kind_checks() -> list[Check]:
        """What each kind's phrases must be, from its record in relief.kinds."""
        checks = []
        for k in kinds.KINDS.values():
            code = k.code
            if k.phrases == "range":
                checks += [
                    _rows("low_phrase", f"a claim of kind {code} needs a low phrase",
                          lambda df, c=code: ~kind(df, c) | ~blank(df, "low_phrase")),
                    _rows("high_phrase",
                          f"a claim of kind {code} needs a high phrase (repeat the low phrase for a single phrase, or "
                          "write the range in low_phrase: “3–7 days”)",
                          lambda df, c=code: ~kind(df, c) | ~blank(df, "high_phrase") | ranged(df, "low_phrase")),
                ]
            if k.two_ends:
                checks.append(_rows("high_phrase", "the low phrase is already a range: leave high_phrase empty",
                                    lambda df, c=code: ~kind(df, c) | blank(df, "high_phrase")
                                    | ~ranged(df, "low_phrase")))
            if k.phrases == "one":
                checks += [
                    _rows("low_phrase", "this kind of claim states one number: write its phrase in low_phrase",
                          lambda df, c=code: ~kind(df, c) | ~blank(df, "low_phrase")),
                    _rows("high_phrase", "a lower bound (open-ended) has no high phrase: its open end replaces it"
                          if k.open_end else "this kind of claim states one number, in low_phrase: leave high_phrase "
                                             "empty",
                          lambda df, c=code: ~kind(df, c) | blank(df, "high_phrase")),
                    _rows("low_phrase", "this kind of claim states one number, and this phrase is a range "
                                        "(“3–7 days”): write the one number the source states",
                          lambda df, c=code: ~kind(df, c) | ~ranged(df, "low_phrase")),
                ]
            if k.phrases == "one_or_range":
                checks.append(_rows("low_phrase", f"a claim of kind {code} needs a low phrase: one number (“90 "
                                                  "days”) or a range (“3–7 days”, or a low and a high phrase)",
                                    lambda df, c=code: ~kind(df, c) | ~blank(df, "low_phrase")))
            if not k.low_none:
                checks.append(_rows("low_none", "low_none=true says a range starts at none (“no relief for some”); "
                                                f"a claim of kind {code} states no such range: leave low_none empty "
                                                "or false",
                                    lambda df, c=code: ~kind(df, c) | ~low_none(df)))
            else:
                checks.append(_rows("high_phrase", "a range whose low end is none (low_none=true) needs a high "
                                                   "phrase: the source's words for the long end",
                                    lambda df, c=code: ~kind(df, c) | ~low_none(df) | ~blank(df, "high_phrase")))
            if k.phrases == "none":
                checks.append(_rows("low_phrase", f"a claim of kind {code} has no phrases",
                                    lambda df, c=code: ~kind(df, c) | (blank(df, "low_phrase")
                                                                       & blank(df, "high_phrase"))))
        return checks

    return DataFrameSchema(
        {
            "claim_id": _text(_ID, _unique("claim_id")),
            "route": _text(_one_of(ctx.codes("route"), "route")),
            "regimen": _text(_one_of(ctx.codes("regimen"), "regimen")),
            "pain_context": _text(_one_of(ctx.codes("pain_context"), "pain_context")),
            "label": _text(_not_blank("label"), _unique("label"), _longest(80, "label")),
            "kind": _text(_one_of(kinds.KINDS, "kind")),
            "low_phrase": _text(),
            "high_phrase": _text(*phrase_checks()),
            "quote": _quote(source),
            "section": _section(source),
            "note": _text(),
            "low_none": _text(_optional(lambda v: v in BOOLEAN_WORDS, "low_none must be empty, true or false")),
        },
        checks=[
            *low_phrase_checks(),
            *kind_checks(),
            _rows("high_phrase", "the range runs backwards: the high phrase reads shorter than the low phrase",
                  runs_forward),
            _rows("low_phrase", "phrase not found in this row’s quote: a phrase must be the source’s own words "
                                "(case and spacing may differ)", in_quote("low_phrase")),
            _rows("high_phrase", "phrase not found in this row’s quote: a phrase must be the source’s own words "
                                 "(case and spacing may differ)", in_quote("high_phrase")),
        ],
        name="claims",
    )


def _cue_before(phrase: str, quote: str) -> tuple[kinds.ClaimKind, str] | None:
    """The other kind whose words come just before ``phrase`` in ``quote`` ('every' before '90 days'), with them."""
    text, said = phrase_parser.normalise(quote), phrase_parser.normalise(phrase)
    at = text.find(said)
    if not said or at < 0:
        return None
    before = re.sub(r"[^\w\s]", " ", text[:at])
    before = " ".join(before.split())
    found = [(len(cue), k, cue) for k in kinds.KINDS.values() for cue in k.cues
             if before == cue or before.endswith(" " + cue)]
    if not found:
        return None
    _, k, cue = max(found, key=lambda f: f[0])
    return k, f"{cue} {phrase}"


def claims_warnings(df: pd.DataFrame, file: str = "claims.csv") -> list[Problem]:
    """Warnings on valid claims: a claim about how long relief lasts whose quote puts words of another kind just
    before its phrase ("infusions every 90 days", "administered over 4 to 5 days").

    A warning, not an error: it says what the words look like and that the kind must say what the source
    states; it never names another kind as the fix.
    """
    problems = []
    for index, row in zip(df.index, df.itertuples(index=False), strict=True):
        kind = kinds.KINDS.get(row.kind)
        if kind is None or not kind.relief:
            continue
        none_low = getattr(row, "low_none", "") in (True, "true")
        for column in ("high_phrase",) if none_low else ("low_phrase", "high_phrase"):
            phrase = getattr(row, column)
            cue = _cue_before(phrase, row.quote) if phrase else None
            if cue is None or (column == "high_phrase" and phrase == row.low_phrase):
                continue
            other, words = cue
            problems.append(Problem(
                file, int(index) + 2, column,
                f"the quote says “{words}”, which reads like {other.words}; a claim's kind must say what the source "
                f"states, and kind {kind.code} says {kind.words}", "warning"))
    return problems


def upgrade_claims(df: pd.DataFrame, file: str = "claims.csv") -> tuple[pd.DataFrame, list[Problem]]:
    """Claims written with the old ``open_ended`` / ``stated`` columns, given a ``kind`` column.

    ``stated=false`` is kind not_stated, ``open_ended=true`` kind lower_bound, the rest kind duration; each
    old column gets a warning naming its replacement. With a ``kind`` column the old columns are ignored.
    """
    old = [c for c in LEGACY_CLAIM_COLUMNS if c in df.columns]
    if not old:
        return df, []
    if "kind" in df.columns:
        return df.drop(columns=old), [
            Problem(file, 1, c, f"column “{c}” ignored: the “kind” column replaces it", "warning") for c in old]
    meaning = {"open_ended": "open_ended=true is kind lower_bound", "stated": "stated=false is kind not_stated"}
    problems = [Problem(file, 1, c, f"column “{c}” is replaced by “kind” ({meaning[c]}): read that way this time; "
                                    "write a kind column instead (see data/README.md)", "warning") for c in old]
    for column in old:
        for index, value in df[column].items():
            if value not in BOOLEAN_WORDS:
                problems.append(Problem(file, int(index) + 2, column,
                                        f"value must be one of: {_listing(BOOLEAN_WORDS)} (found “{shorten(value)}”)"))
    stated = df["stated"] != "false" if "stated" in df.columns else pd.Series(True, index=df.index)
    open_ended = df["open_ended"] == "true" if "open_ended" in df.columns else pd.Series(False, index=df.index)
    kinds = pd.Series("duration", index=df.index).mask(open_ended, "lower_bound").mask(~stated, "not_stated")
    out = df.drop(columns=old)
    at = list(out.columns).index("low_phrase") if "low_phrase" in out.columns else len(out.columns)
    out.insert(at, "kind", kinds)
    return out, problems


def prepare(df: pd.DataFrame, table: str, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """A parsed file made ready for its schema: old column layouts read as the new, optional columns filled."""
    problems: list[Problem] = []
    if table == "claims":
        df, problems = upgrade_claims(df, file)
    if table == "verdicts":
        df, problems = upgrade_verdicts(df, file)
    for column in OPTIONAL_COLUMNS.get(table, ()):
        if column not in df.columns:
            df = df.assign(**{column: ""})
    return df, problems


OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"factors": ("regimens", "claims"), "claims": ("low_none",),
                                                "evidence": ("participants",)}
"""Columns a file may leave out; they read as empty."""


def factors_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Factors: each concerns routes, regimens or individual claims (at least one)."""
    source = ctx.source
    claims = ctx.tables.get("claims")
    routes = [r for r in ctx.codes("route") if r != "overall"]
    regimens = [r for r in ctx.codes("regimen") if r != "not_stated"]

    def listed(allowed: list[str] | None, what: str) -> Check:
        def ok(v: str) -> bool:
            parts = route_list(v)
            return len(parts) == len(set(parts)) and (allowed is None or all(p in allowed for p in parts))
        where = "the claim ids of claims.csv" if what == "claims" else _listing(allowed or ())
        return _element(ok, f"{what} must be empty or a ';'-separated list of distinct {what} from: {where}")

    def concerns_something(df: pd.DataFrame) -> pd.Series:
        return ~((df["routes"].str.strip() == "") & (df["regimens"].str.strip() == "")
                 & (df["claims"].str.strip() == ""))

    return DataFrameSchema(
        {
            "factor_id": _text(_ID, _unique("factor_id")),
            "factor": _text(_not_blank("factor")),
            "effect_on_duration": _text(_one_of(EFFECTS, "effect_on_duration")),
            "routes": _text(listed(routes, "routes")),
            "regimens": _text(listed(regimens, "regimens")),
            "claims": _text(listed(None if claims is None else list(claims["claim_id"]), "claims")),
            "caveat": _text(_not_blank("caveat")),
            "quote": _quote(source),
            "section": _section(source),
        },
        checks=[_rows("routes", "a factor must concern at least one route, regimen or claim (routes, regimens or "
                                "claims)", concerns_something)],
        name="factors",
    )


def vocabulary_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Extra route, regimen and pain-context codes a data folder declares, with their labels."""
    def new_code(df: pd.DataFrame) -> pd.Series:
        return pd.Series([c not in DIMENSIONS.get(d, {}) for d, c in zip(df["dimension"], df["code"], strict=True)],
                         index=df.index)

    def speaks_for_known(df: pd.DataFrame) -> pd.Series:
        declared = {(d, c) for d, c in zip(df["dimension"], df["code"], strict=True)}
        return pd.Series([all(p in DIMENSIONS.get(d, {}) or (d, p) in declared for p in route_list(s))
                          for d, s in zip(df["dimension"], df["speaks_for"], strict=True)], index=df.index)

    return DataFrameSchema(
        {
            "dimension": _text(_one_of(DIMENSIONS, "dimension")),
            "code": _text(_ID),
            "label": _text(_not_blank("label"), _longest(60, "label")),
            "speaks_for": _text(),
        },
        checks=[
            _rows("code", "code is already built in: use it as it is", new_code),
            _rows("code", "duplicate code: this dimension already declares it on an earlier row",
                  lambda df: ~df.duplicated(["dimension", "code"], keep="first")),
            _rows("speaks_for", "speaks_for must be a ';'-separated list of codes of the same dimension (built in or "
                                "declared in this file)", speaks_for_known),
        ],
        name="vocabulary",
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
                       f"hours must be empty or a finite number greater than 0 and at most {MAX_HOURS_IN_WORDS}")
    checks = [
        _rows("relief_high_hours", "relief_low_hours must not exceed relief_high_hours",
              lambda df: ~(hours(df, "relief_low_hours") > hours(df, "relief_high_hours"))),
        _rows("hours_kind", "hours_kind is required exactly when hours are given",
              lambda df: has_hours(df) == (df["hours_kind"] != "")),
    ]
    study_checks = [_not_blank("study_id")]
    if studies is not None:
        size = dict(zip(studies["study_id"], pd.to_numeric(studies["n"].astype(str), errors="coerce"), strict=True))

        def within(df: pd.DataFrame) -> pd.Series:
            own = pd.to_numeric(df["participants"].astype(str), errors="coerce").astype(float)
            whole = df["study_id"].map(size).astype(float)
            return ~(own > whole).fillna(False).astype(bool)

        checks.append(_rows("participants", "participants may not exceed the publication's n in studies.csv", within))
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
            "participants": _text(_optional(_count, "participants must be empty or a whole number greater than 0")),
        },
        checks=checks,
        name="evidence",
    )


def _finding_texts(evidence: pd.DataFrame) -> dict[str, str]:
    """Each finding's words: finding, excerpt, and its study's citation, year and n (where joined)."""
    columns = [c for c in ("finding", "excerpt", "study", "year", "n") if c in evidence.columns]
    return {evidence_id: " ".join("" if pd.isna(v) else str(v) for v in row)
            for evidence_id, row in zip(evidence["evidence_id"], evidence[columns].itertuples(index=False),
                                        strict=True)}


EVIDENCE_ID = re.compile(r"KET-\d{3}")
_FINDINGS = _PerFrame()
"""What the checks of several files derive from the same valid table of findings (reviewers' and corrections'
numbers), derived once per table."""


def ids_named(text: str) -> list[str]:
    """The evidence ids (KET-###) a text names, in order."""
    return EVIDENCE_ID.findall(text)


def _sourced_numbers(ctx: Context, text_column: str, ids_of: Callable[[Mapping[str, str]], list[str]] | None = None
                     ) -> Check:
    """Every number in ``text_column`` appears in the findings the row cites (evidence ids themselves aside)."""
    evidence = ctx.tables.get("evidence")
    ids_of = ids_of or (lambda row: route_list(row["evidence_ids"]))
    # each finding's numbers, once per table of findings (not once per row: the texts are joined with spaces, so
    # the numbers of several findings together are the union of their own); never changed once made
    numbers = {} if evidence is None else _FINDINGS(evidence, "numbers", lambda: {
        i: numbers_in(t) for i, t in _finding_texts(evidence).items()})

    def ok(df: pd.DataFrame) -> pd.Series:
        if evidence is None:
            return pd.Series(True, index=df.index)
        return pd.Series([numbers_in(EVIDENCE_ID.sub("", row[text_column]))
                          <= set().union(*(numbers.get(i, set()) for i in ids_of(row))) for row in _records(df)],
                         index=df.index, dtype=bool)

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
        lower, upper = kinds.relief_ends(kind)
        # a low end of none ("no relief for some") is the source's words, not hours to judge
        return lower and getattr(claim, "low_none", False) not in (True, "true"), upper
    stated = claim.stated in (True, "true")
    open_ended = claim.open_ended in (True, "true")
    return stated, stated and not open_ended


def _end_columns(end: str) -> tuple[str, str, str]:
    return f"{end}_verdict", f"{end}_certainty", f"{end}_reason"


OVERRIDE_QUOTE = re.compile(r"“([^”]{3,})”")
"""A passage quoted in a reviewer's reason: “…”."""

LEGACY_VERDICT_COLUMNS = ("verdict_id", "route", "lower_verdict", "lower_certainty", "upper_verdict",
                          "upper_certainty")
"""Columns of the old verdicts.csv, where reviewers wrote the labels: the written rules decide them now."""

VERDICT_OVERRIDES = ("lower_override", "lower_override_certainty", "upper_override", "upper_override_certainty")


def upgrade_verdicts(df: pd.DataFrame, file: str = "verdicts.csv") -> tuple[pd.DataFrame, list[Problem]]:
    """An old verdicts.csv (labels written by hand, one row per claim and route) read as reviewers' words:
    the labels are ignored (the rules decide them), a claim's first row is kept, each change said as a warning."""
    old = [c for c in LEGACY_VERDICT_COLUMNS if c in df.columns]
    if not old:
        return df, []
    problems = [Problem(file, 1, c, f"column “{c}” ignored: labels now come from the written rules (see "
                                    "data/README.md); a reviewer may override one with the source's words in "
                                    "lower_override / upper_override", "warning") for c in old]
    if "claim_id" in df.columns:
        twice = df["claim_id"].duplicated(keep="first")
        problems += [Problem(file, int(i) + 2, "claim_id", "a second row for this claim was left out: verdicts are "
                                                           "now one row per claim", "warning")
                     for i in df.index[twice]]
        df = df[~twice]
    df = df.drop(columns=old)
    for column in VERDICT_OVERRIDES:
        if column not in df.columns:
            df = df.assign(**{column: ""})
    return df, problems


def verdicts_schema(ctx: Context = Context()) -> DataFrameSchema:
    """Reviewers' words on the rules' verdicts: one row per claim, a reason per end and, rarely, an override of the
    rules' label with the source's own words (the labels themselves come from relief/judgement.py)."""
    claims = ctx.tables.get("claims")
    evidence = ctx.tables.get("evidence")
    quoted_claims = claims if claims is not None else ctx.raw.get("claims")  # quotes of claims that are not valid
    quote_of = ({} if quoted_claims is None or "quote" not in quoted_claims.columns
                else dict(zip(quoted_claims["claim_id"], quoted_claims["quote"], strict=True)))
    ends = {} if claims is None else {c.claim_id: claim_ends(c) for c in claims.itertuples(index=False)}
    excerpts = {} if evidence is None or "excerpt" not in evidence.columns else dict(
        zip(evidence["evidence_id"], evidence["excerpt"], strict=True))

    def per_row(df: pd.DataFrame, fn: Callable[[Mapping[str, str]], bool]) -> pd.Series:
        return pd.Series([bool(fn(row)) for row in _records(df)], index=df.index, dtype=bool)

    def quoted(row, reason: str) -> bool:
        """The reason quotes the source's own words: a cited finding's excerpt or the claim's quote."""
        if quoted_claims is None or evidence is None:
            return True  # nothing to check the words against: the other files' problems are reported
        texts = [excerpts.get(i, "") for i in route_list(row["evidence_ids"])] + [quote_of.get(row["claim_id"], "")]
        found = OVERRIDE_QUOTE.findall(row[reason])
        return bool(found) and all(any(q.strip(" .,…") in t for t in texts) for q in found)

    checks = [_sourced_numbers(ctx, "finding")]
    for i, end in enumerate(ENDS):
        name = ENDS[end]
        reason, override, certainty = f"{end}_reason", f"{end}_override", f"{end}_override_certainty"

        def has_end(row, i=i) -> bool | None:
            return ends[row["claim_id"]][i] if row["claim_id"] in ends else None

        checks += [
            _rows(reason, "a reason names its evidence ids (KET-###) only from evidence_ids",
                  lambda df, reason=reason: per_row(df, lambda r: set(ids_named(r[reason]))
                                                    <= set(route_list(r["evidence_ids"])))),
            _sourced_numbers(ctx, reason, lambda r, reason=reason: ids_named(r[reason])),
            _rows(reason, "a reason is one sentence", lambda df, reason=reason: ~df[reason].str.contains(
                SENTENCE_BREAK, regex=True)),
            _rows(override, f"the claim has no {name} (an open end or no stated range): nothing to override",
                  lambda df, override=override, has_end=has_end: per_row(
                      df, lambda r: r[override] == "" or has_end(r) is not False)),
            _rows(certainty, "an override needs its certainty, and a certainty needs an override",
                  lambda df, override=override, certainty=certainty: (df[override] == "") == (df[certainty] == "")),
            _rows(reason, f"an override of the {name} needs a reason quoting the source's own words (“…” from a "
                          "cited finding's excerpt or from the claim's quote)",
                  lambda df, override=override, reason=reason: per_row(
                      df, lambda r: r[override] == "" or quoted(r, reason))),
        ]
    end_columns = {}
    for end in ENDS:
        end_columns |= {
            f"{end}_reason": _text(),
            f"{end}_override": _text(_optional(lambda v: v in VERDICTS, f"{end}_override must be empty or one of: "
                                                                        f"{_listing(VERDICTS)}")),
            f"{end}_override_certainty": _text(_optional(lambda v: v in CERTAINTY,
                                                         f"{end}_override_certainty must be empty or one of: "
                                                         f"{_listing(CERTAINTY)}")),
        }
    return DataFrameSchema(
        {
            "claim_id": _text(*([] if claims is None else [_one_of(set(claims["claim_id"]), "claim_id")]),
                              _unique("claim_id")),
            "finding": _text(_not_blank("finding")),
            **end_columns,
            "evidence_ids": _text(*_ids_in(_table_ids(ctx, "evidence", "evidence_id"), "evidence_ids")),
        },
        checks=checks,
        name="verdicts",
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


# ---------------------------------------------------------------- a source's metadata (article.meta.json)

SOURCE_CATEGORIES: dict[str, str] = {
    "blog": "blog post",
    "clinic": "clinic's page",
    "guideline": "guideline",
    "drug_reference": "drug reference",
    "fact_sheet": "fact sheet",
    "news": "news story",
    "notes": "set of notes",
    "explainer": "explainer",
    "review": "review",
    "other": "other kind of source",
}
"""What sort of source it is (``category`` in article.meta.json), with the words the app says it in."""


def _http_url(value: object) -> bool:
    from urllib.parse import urlsplit

    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value.strip())


def _iso_day(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return False
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _words(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


META_OPTIONAL: tuple[tuple[str, Callable[[object], bool], str], ...] = (
    ("url", _http_url, "an http:// or https:// address"),
    ("accessed", _iso_day, "a date written YYYY-MM-DD"),
    ("publisher", _words, "a non-empty string"),
    ("short_name", lambda v: _words(v) and len(v.strip()) <= 32, "a name of at most 32 characters"),
    ("category", lambda v: isinstance(v, str) and v.strip() in SOURCE_CATEGORIES,
     "one of " + ", ".join(SOURCE_CATEGORIES)),
    ("published", _words, "the date as the source gives it (e.g. 2018-07 or “March 2023”), or “undated”"),
    ("peer_reviewed", lambda v: isinstance(v, bool), "true or false (JSON booleans, without quotes)"),
    ("cites_studies", lambda v: isinstance(v, bool), "true or false (JSON booleans, without quotes)"),
    ("sells_treatment", lambda v: isinstance(v, bool), "true or false (JSON booleans, without quotes)"),
    ("via", _words, "the chain a claim was seen through, in words (e.g. “the 2018 consensus guideline, as "
                    "summarised by MedCentral”), or null"),
)
"""Optional keys of article.meta.json, each checked only when present (``null`` counts as absent): what a reader
needs to weigh a source's claims."""


# ---------------------------------------------------------------- presentation


def scenes_schema(ctx: Context = Context()) -> DataFrameSchema:
    """A talk: scenes in order, each with a chart, its settings as a query string, a quote and notes."""
    from urllib.parse import parse_qs

    from .urlstate import explorer_view, factors_view

    claims, factors = ctx.tables.get("claims"), ctx.tables.get("factors")

    def understood(chart: str, view: str) -> bool:
        if chart in ("lexicon", "promo"):
            return view == ""
        if chart == "compare":  # which sources exist is known only once the library is read: names are checked
            return set(parse_qs(view, keep_blank_values=True)) <= set(compare_view_names())
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


def compare_view_names() -> list[str]:
    """The settings a comparison takes in its address (``urlstate.compare_view``)."""
    from .urlstate import compare_view

    nothing = ((), {})
    return compare_view({"sources": nothing, "routes": nothing, "regimen": nothing, "pain": nothing}).names


# ---------------------------------------------------------------- validation


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
    checked = df[expected]
    if passes(checked, schema):
        return problems
    try:
        schema.validate(checked, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems += _failure_problems(exc.failure_cases, file, schema)
    return problems


def _column_source(schema: DataFrameSchema | None, column: str) -> str | None:
    """The source text a column's quote check compares with, when the column carries it."""
    if schema is None or column not in schema.columns:
        return None
    return (schema.columns[column].metadata or {}).get("source")


CRASH = re.compile(r"^[A-Z]\w*(Error|Exception|Warning)\(")


NO_HINT = (f"no closest-passage hint: hints are given for the first {work.MAX_HINTS} quotes not found, so fix "
           "those and check again")


def _failure_problems(cases: pd.DataFrame, file: str, schema: DataFrameSchema | None = None) -> list[Problem]:
    found: dict[tuple[int | None, str | None, str], Problem] = {}
    budget = work.current() or work.Budget()  # outside an upload's check: hints bounded per file
    for case in cases.to_dict("records"):
        message = str(case["check"])
        column = case["column"] if isinstance(case["column"], str) else None
        index = case["index"]
        whole = index is None or pd.isna(index)  # a failure of the whole check, not of a row
        if whole and str(case["failure_case"]).startswith(f"{work.Stopped.__name__}("):
            # the upload's budget stopped the check inside pandera, which keeps the exception as a "failure case":
            # the check ends here, saying why (never "quote not found … (found “Stopped(…”)")
            raise work.Stopped(budget.reason or str(case["failure_case"]))
        crashed = whole and CRASH.match(str(case["failure_case"]))
        if message.endswith(FOUND):  # a row check naming the value it found in the column it blames
            blamed, message = message.removesuffix(FOUND).split("::", 1)
            if not crashed and column != blamed:
                continue  # the same row's other cells
            if not crashed:
                message = f"{message} (found “{shorten(case['failure_case'])}”)"
            column = blamed
        elif "::" in message:  # a row check naming the column it blames
            column, message = message.split("::", 1)
        if crashed:  # the check itself failed: say so, never pass it off as the data's fault
            message = f"this check could not run ({shorten(case['failure_case'])}): {message}"
        elif column is not None and "::" not in str(case["check"]):
            message = f"{message} (found “{shorten(case['failure_case'])}”)"
            source = _column_source(schema, column)
            if source is not None and str(case["check"]) == QUOTE_NOT_FOUND:
                if budget.allow_hint():
                    with budget.timing_hint():
                        message = f"{message}: {quote_hint(str(case['failure_case']), source)}"
                else:
                    message = f"{message}; {NO_HINT}"
        try:
            row = int(index) + 2 if index is not None and not pd.isna(index) else None
        except (TypeError, ValueError):
            row = None
        key = (row, column, message)
        found.setdefault(key, Problem(file, row, column, message))
    return sorted(found.values(), key=lambda p: (p.row or 0, p.column or "", p.message))


# ---------------------------------------------------------------- the check of valid data, without pandera's reports
#
# pandera runs every check with the machinery that reports failures (Series built per check, failure cases
# reshaped, the dtype check's element-wise result...), about 2 ms a check on a file of tens of rows even when all
# pass, which is nearly every time. ``passes`` runs the same checks of the same schema on the same frame and says
# True only when pandera would find nothing: every column present and named as in the schema, of the string dtype
# pandera accepts, without a missing value, and every check's result literally all True. Anything else (a failure,
# a check that raises, an output it does not know, a schema option it does not model) gives False, and pandera
# validates as before and words the problems: the fast path can only skip work whose outcome is "no problem".

_COLUMN_DEFAULTS = {"coerce": False, "parsers": [], "drop_invalid_rows": False, "nullable": False, "unique": False,
                    "default": None, "required": True, "regex": False}
_SCHEMA_DEFAULTS = {"_dtype": None, "_coerce": False, "parsers": [], "drop_invalid_rows": False, "index": None,
                    "strict": False, "ordered": False, "_unique": None, "unique_column_names": False,
                    "add_missing_columns": False}


def _all_true(output) -> bool:
    """Whether a check's output is one pandera counts as passed with certainty: True, or a bool Series of Trues."""
    if output is True or (type(output) is np.bool_ and bool(output)):
        return True
    return type(output) is pd.Series and output.dtype == bool and bool(output.all())


@functools.lru_cache(maxsize=16)
def _string_dtype_passes(expected, found) -> bool:
    """Whether pandera's dtype check of a column declared ``expected`` passes every series of dtype ``found``,
    whatever it holds (its exact-type branch; any other answer is left to pandera)."""
    from pandera.engines import pandas_engine

    if type(expected) is not pandas_engine.STRING:
        return False
    try:
        return pandas_engine.Engine.dtype(found).type == expected.type
    except TypeError:
        return False


def _plain_check(check: Check) -> bool:
    return check.groupby is None and not check.raise_warning and check._check_fn is not None


def passes(df: pd.DataFrame, schema: DataFrameSchema) -> bool:
    """True only when pandera's ``schema.validate(df)`` would find no problem (see above); False: ask pandera."""
    try:
        if type(schema) is not DataFrameSchema or any(getattr(schema, k, v) != v for k, v in _SCHEMA_DEFAULTS.items()):
            return False
        if list(df.columns) != list(schema.columns):
            return False
        for name, column in schema.columns.items():
            if type(column) is not Column or column.name != name or any(
                    getattr(column, k, v) != v for k, v in _COLUMN_DEFAULTS.items()):
                return False
            series = df[name]
            if not _string_dtype_passes(column.dtype, series.dtype) or series.hasnans:
                return False
            values = None
            for check in column.checks:
                if not _plain_check(check):
                    return False
                fn = functools.partial(check._check_fn, **check._check_kwargs) if check._check_kwargs \
                    else check._check_fn
                if check.element_wise:
                    values = series.tolist() if values is None else values
                    if not all(fn(v) is True for v in values):
                        return False
                elif not _all_true(fn(series)):
                    return False
        for check in schema.checks:
            if not _plain_check(check) or check.element_wise:
                return False
            fn = functools.partial(check._check_fn, **check._check_kwargs) if check._check_kwargs else check._check_fn
            if not _all_true(fn(df)):
                return False
    except Exception:  # a check that cannot run is reported by pandera, in its words
        return False
    return True
