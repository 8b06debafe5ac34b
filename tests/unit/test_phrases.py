"""Durations as the source writes them: numbers and ranges read exactly, refusals with the reason."""

from __future__ import annotations

import pytest

from relief.lexicon import PhraseReading
from relief.phrases import PhraseError, ends, in_quote, is_range, parse, problem, states_a_number


@pytest.mark.parametrize(("phrase", "hours"), [
    ("90 minutes", 1.5), ("30 min", 0.5), ("3 days", 72), ("1 day", 24), ("48 h", 48), ("48h", 48),
    ("12 hrs", 12), ("2 weeks", 336), ("1.5 hours", 1.5), ("1 year", 8760), ("2 years", 17520),
    ("3 months", 2160), ("3 Months", 2160), ("  36   hours ", 36),
])
def test_one_number_is_read_exactly_in_hours(phrase, hours):
    stated = parse(phrase)
    assert (stated.low, stated.high) == (hours, hours) and not stated.is_range


@pytest.mark.parametrize(("phrase", "low", "high"), [
    ("3–7 days", 72, 168),  # en dash, as sources print it
    ("3-7 days", 72, 168),  # hyphen
    ("3 — 7 days", 72, 168),  # em dash with spaces
    ("2 to 6 weeks", 336, 1008),
    ("between 4 and 6 hours", 4, 6),
    ("Between 4 And 6 Hours", 4, 6),
    ("0.5–1.5 hours", 0.5, 1.5),
    ("2 days to 3 weeks", 48, 504),  # a unit on each side
    ("12 hours to 2 days", 12, 48),
])
def test_a_range_fills_both_ends(phrase, low, high):
    stated = parse(phrase)
    assert (stated.low, stated.high) == (low, high) and stated.is_range


@pytest.mark.parametrize(("phrase", "reason", "words"), [
    ("0 days", "positive", "greater than 0"),
    ("-3 days", "positive", "greater than 0"),
    ("0–3 days", "positive", "greater than 0"),
    ("3 fortnights", "unit", "unknown unit “fortnights”"),
    ("3 metres", "unit", "unknown unit"),  # only time units are in the registry
    ("7–3 days", "backwards", "runs backwards"),
    ("3 days to 12 hours", "backwards", "runs backwards"),
    ("3–3 days", "backwards", "empty"),
    ("4 and 6 hours", "shape", "between 3 and 7 days"),
    ("3 days 4 hours", "shape", "not read as a number and a unit"),
    ("3", "shape", "not read as a number and a unit"),
])
def test_refusals_say_why(phrase, reason, words):
    with pytest.raises(PhraseError) as caught:
        parse(phrase)
    assert caught.value.reason == reason and words in str(caught.value) and phrase in str(caught.value)


def test_vague_phrases_are_not_numbers_and_need_the_lexicon():
    assert not states_a_number("a few hours") and states_a_number("3 days") and states_a_number("between 4 and 6 h")
    assert problem("a few hours", {"a few hours"}) is None
    assert problem("a fortnight", {"a few hours"}) == "unknown"
    assert problem("a fortnight", None) is None  # nothing to check against
    assert problem("3 days", set()) is None and problem("3 fortnights", set()) == "unit"


def test_the_lexicon_wins_when_a_phrase_is_in_it():
    lexicon = {"24 hours": PhraseReading("24 hours", 20, 24, 30), "a few hours": PhraseReading("a few hours", 2, 3, 4)}
    low, high = ends("24 hours", lexicon)
    assert (low.conservative, low.generous) == (20, 30)  # the lexicon's reading, not the exact number
    low, high = ends("3–7 days", lexicon)
    assert (low.conservative, low.central, low.generous, high.central) == (72, 72, 72, 168)
    assert ends("a fortnight", lexicon) is None and ends("3 fortnights", lexicon) is None
    assert is_range("3–7 days", lexicon) and not is_range("3 days", lexicon) and not is_range("a few hours", lexicon)


def test_phrase_in_quote_ignores_case_and_spacing_but_not_dashes():
    quote = "Relief  lasts\n3–7 Days for most."
    assert in_quote("3–7 days", quote) and in_quote("relief lasts", quote)
    assert not in_quote("3-7 days", quote)
