"""Durations as the source writes them: '90 minutes', '48 h', '3–7 days', 'between 4 and 6 hours'.

A phrase that states a number is read exactly, with no lexicon row; a phrase
that is itself a range fills both ends of a claim from one cell. Unit names,
abbreviations and plurals are read by pint, from a registry holding time
units only, with the conventions of :mod:`relief.durations` (a month is 30
days, a year 365 days). Vague phrases ('a few hours') are not numbers: they
are read through the lexicon, which wins whenever a phrase is in it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

from .durations import HOURS_PER, MAX_HOURS, MAX_HOURS_IN_WORDS
from .lexicon import PhraseReading

UNITS_IN_WORDS = "seconds, minutes, hours, days, weeks, months or years (s, sec, min, h, hr, d, wk, mo, yr)"

# Only the shape of a number and of the words between two numbers is read here; the unit itself is pint's.
NUMBER = r"(\d+(?:\.\d+)?)"
UNIT = r"([^\W\d_]+\.?)"
SINGLE = re.compile(rf"{NUMBER}\s*{UNIT}")
RANGE = re.compile(rf"(?:between\s+)?{NUMBER}\s*{UNIT}?\s*(?:-|–|—|to|and)\s*{NUMBER}\s*{UNIT}")
LOOKS_NUMERIC = re.compile(r"(?:between\s+)?[-−+]?\d")


REASONS: dict[str, str] = {
    "unknown": "phrase not in the lexicon (lexicon.csv) and not a number as written (“3 days”, “3–7 days”): a vague "
               "phrase needs a lexicon row; a number as written is read only if spelt as a number and a unit",
    "kind_words": "the phrase holds a number and unit with other words around it (such as “every”, “over”, “up to”, "
                  "“within”, “peak”): those words say what kind of time the source states, and saying that is the "
                  "job of the claim’s kind; write the number and unit as the source does (“90 days”): the kind "
                  "must say what the source states",
    "unit": f"unknown unit: write {UNITS_IN_WORDS}",
    "positive": "a time must be greater than 0",
    "large": f"a time must be a finite number of at most {MAX_HOURS_IN_WORDS}",
    "backwards": "the range runs backwards or is empty: its first number must be the shorter",
    "shape": "not read as a number and a unit (“90 minutes”, “3 days”) or a range (“3–7 days”, “2 to 6 weeks”, "
             "“between 4 and 6 hours”): write the number and unit as the source does; the claim’s kind says what "
             "kind of time it is",
}
"""Why a phrase cannot be read, by reason: each reason is a check of its own in the claims schema."""


class PhraseError(ValueError):
    """A phrase that states a number but cannot be read as a duration; ``reason`` is a key of REASONS."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Stated:
    """A duration as written: ``low == high`` for one number, ``low < high`` for a range (hours)."""

    low: float
    high: float

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@cache
def registry() -> pint.UnitRegistry:
    """Time units only, so no other quantity (metres, grams) can be read as a duration.

    pint is imported here, on the first phrase that states a number, not when the app starts.
    """
    import pint

    units = pint.UnitRegistry(None)
    units.define("hour = [time] = h = hr")
    units.define("minute = hour / 60 = min = mins")
    units.define("second = minute / 60 = s = sec = secs")
    units.define(f"day = {HOURS_PER['days']:g} * hour = d")
    units.define(f"week = {HOURS_PER['weeks'] / HOURS_PER['days']:g} * day = wk")
    units.define(f"month = {HOURS_PER['months'] / HOURS_PER['days']:g} * day = mo")
    units.define(f"year = {HOURS_PER['years'] / HOURS_PER['days']:g} * day = yr")
    return units


def normalise(text: str) -> str:
    """Lower case, single spaces, no space at either end."""
    return " ".join(str(text).split()).lower()


def states_a_number(phrase: str) -> bool:
    """Whether a phrase is written as a number ('3 days', '3–7 days', 'between 4 and 6 h')."""
    return LOOKS_NUMERIC.match(normalise(phrase)) is not None


@lru_cache(maxsize=256)
def _unit_hours(unit: str) -> float | None:
    """Hours in one ``unit`` as written ('h', 'days', 'min.'), or None when it is not a unit of time (pint's answer,
    asked once per spelling)."""
    import pint

    units = registry()
    try:
        parsed = units.parse_units(unit.rstrip("."))
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError, ValueError):
        parsed = None
    if parsed is None or parsed.dimensionality != units.hour.dimensionality:
        return None
    return float(units.Quantity(1, parsed).to(units.hour).magnitude)


def _hours_per(unit: str, phrase: str) -> float:
    hours = _unit_hours(unit)
    if hours is None:
        raise PhraseError("unit", f"“{phrase}”: unknown unit “{unit}”; write {UNITS_IN_WORDS}")
    return hours


def _number(text: str, phrase: str) -> float:
    value = float(text)
    if value <= 0:
        raise PhraseError("positive", f"“{phrase}”: a time must be greater than 0")
    return value


def _hours(number: str, unit: str, phrase: str) -> float:
    """``number`` ``unit`` in hours; a number that reads as infinite or beyond MAX_HOURS is refused."""
    hours = _number(number, phrase) * _hours_per(unit, phrase)
    if not math.isfinite(hours) or hours > MAX_HOURS:
        raise PhraseError("large", f"“{phrase[:40]}”: a time must be a finite number of at most "
                                   f"{MAX_HOURS_IN_WORDS}")
    return hours


def parse(phrase: str) -> Stated:
    """The hours a phrase written as a number states; :class:`PhraseError` with the reason otherwise."""
    text = normalise(phrase)
    if re.match(r"(?:between\s+)?[-−]", text):
        raise PhraseError("positive", f"“{phrase}”: a time must be greater than 0")
    single = SINGLE.fullmatch(text)
    if single:
        hours = _hours(single[1], single[2], phrase)
        return Stated(hours, hours)
    both = RANGE.fullmatch(text)
    if both:
        if " and " in f" {text} " and not text.startswith("between "):
            raise PhraseError("shape", f"“{phrase}”: write a range as “3–7 days”, “3 to 7 days” or "
                                       "“between 3 and 7 days”")
        low_unit = both[2] or both[4]
        low = _hours(both[1], low_unit, phrase)
        high = _hours(both[3], both[4], phrase)
        if low >= high:
            raise PhraseError("backwards", f"“{phrase}”: the range runs backwards or is empty: its first "
                                           "number must be the shorter")
        return Stated(low, high)
    raise PhraseError("shape", f"“{phrase}”: not read as a number and a unit; write a number and a unit (“90 minutes”, "
                               f"“3 days”) or a range (“3–7 days”, “between 4 and 6 hours”); units: {UNITS_IN_WORDS}")


def written_units(phrase: str) -> tuple[str | None, str | None]:
    """The units a phrase written as a number uses at its low and high end, as names of ``durations.HOURS_PER``
    ('90 days' gives ('days', 'days'); '90 min to 2 h' gives ('minutes', 'hours')); ``(None, None)`` for a phrase
    not written as a number. A reading is shown in the source's own unit: '90 days' stays '90 days', never
    '3 months'."""
    text = normalise(phrase)
    try:
        parse(phrase)
    except PhraseError:
        return None, None
    single = SINGLE.fullmatch(text)
    if single:
        low_unit = high_unit = single[2]
    else:
        both = RANGE.fullmatch(text)
        low_unit, high_unit = both[2] or both[4], both[4]
    return _unit_name(low_unit, phrase), _unit_name(high_unit, phrase)


def _unit_name(unit: str, phrase: str) -> str | None:
    per = _hours_per(unit, phrase)
    return next((name for name, hours in HOURS_PER.items() if math.isclose(hours, per, rel_tol=1e-9)), None)


def number_inside(phrase: str) -> str | None:
    """The number as written inside a phrase that holds other words too ('every 90 days' gives '90 days')."""
    text = normalise(phrase)
    for pattern in (RANGE, SINGLE):
        for found in pattern.finditer(text):
            inside = found.group(0)
            if inside == text or any(ch.isdigit() for ch in text.replace(inside, "", 1)):
                return None
            try:
                parse(inside)
            except PhraseError:
                continue
            return inside
    return None


def problem(phrase: str, lexicon: Collection[str] | None) -> str | None:
    """Why a claim's phrase cannot be read, as a key of REASONS (``None`` when it can).

    ``lexicon`` holds the lexicon's phrases; ``None`` means there is none to check against, so only phrases
    written as numbers are checked.
    """
    if phrase == "" or (lexicon is not None and phrase in lexicon):
        return None
    if states_a_number(phrase):
        try:
            parse(phrase)
        except PhraseError as exc:
            return "kind_words" if exc.reason == "shape" and number_inside(phrase) else exc.reason
        return None
    if number_inside(phrase):
        return "kind_words"
    return None if lexicon is None else "unknown"


def exact(hours: float, phrase: str) -> PhraseReading:
    return PhraseReading(phrase, hours, hours, hours)


def ends(phrase: str, lexicon: Mapping[str, PhraseReading]) -> tuple[PhraseReading, PhraseReading] | None:
    """The readings of a phrase's two ends: the same reading twice unless the phrase is a range.

    The lexicon wins when the phrase is in it; ``None`` when the phrase cannot be read.
    """
    if phrase in lexicon:
        return lexicon[phrase], lexicon[phrase]
    if not states_a_number(phrase):
        return None
    try:
        stated = parse(phrase)
    except PhraseError:
        return None
    return exact(stated.low, phrase), exact(stated.high, phrase)


def is_range(phrase: str, lexicon: Mapping[str, object]) -> bool:
    """Whether a phrase (not in the lexicon) is itself a range, filling both ends of a claim."""
    if phrase in lexicon or not states_a_number(phrase):
        return False
    try:
        return parse(phrase).is_range
    except PhraseError:
        return False


def in_quote(phrase: str, quote: str) -> bool:
    """Whether ``phrase`` occurs in ``quote``, ignoring case and runs of white space."""
    return normalise(phrase) in normalise(quote)
