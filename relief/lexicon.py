"""The article's vague phrases as hours: our interpretation, kept visible.

The lexicon maps each phrase (``a few hours``) to three readings: the
conservative (shortest reasonable), central and generous (longest reasonable)
number of hours. A phrase is drawn as a band from its conservative to its
generous reading; the chosen reading places the bar's ends inside the bands.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .vocabulary import READING_COLUMNS, READINGS


@dataclass(frozen=True)
class PhraseReading:
    phrase: str
    conservative: float
    central: float
    generous: float

    def at(self, reading: str) -> float:
        if reading not in READINGS:
            raise ValueError(f"unknown reading {reading!r}; expected one of {', '.join(READINGS)}")
        return getattr(self, reading)

    @property
    def band(self) -> tuple[float, float]:
        return self.conservative, self.generous


def readings(lexicon: pd.DataFrame) -> dict[str, PhraseReading]:
    """Each phrase with its three readings."""
    return {
        row.phrase: PhraseReading(
            row.phrase,
            float(getattr(row, READING_COLUMNS["conservative"])),
            float(getattr(row, READING_COLUMNS["central"])),
            float(getattr(row, READING_COLUMNS["generous"])),
        )
        for row in lexicon.itertuples(index=False)
    }


def phrases_used(claims: pd.DataFrame) -> list[str]:
    """The phrases the claims use, in first-use order."""
    used: list[str] = []
    for column in ("low_phrase", "high_phrase"):
        for phrase in claims[column]:
            if phrase and phrase not in used:
                used.append(phrase)
    return used


# ---------------------------------------------------------------- edited readings, kept in the URL

OVERRIDE_SEPARATOR = ";"
MAX_OVERRIDE_LENGTH = 1000


def _number(value: float) -> str:
    return format(float(value), "g")


def overrides_from(base: pd.DataFrame, edited: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    """The phrases whose readings differ between ``base`` and ``edited`` (same phrases, same order)."""
    changed = {}
    columns = list(READING_COLUMNS.values())
    for (_, old), (_, new) in zip(base.iterrows(), edited.iterrows(), strict=True):
        values = tuple(float(new[c]) if pd.notna(new[c]) else float("nan") for c in columns)
        if values != tuple(float(old[c]) for c in columns):
            changed[old["phrase"]] = values
    return changed


def encode_overrides(overrides: dict[str, tuple[float, float, float]]) -> str:
    """'a few hours:2,3,5;several weeks:504,840,1176' (empty when nothing changed)."""
    return OVERRIDE_SEPARATOR.join(f"{phrase}:{','.join(_number(v) for v in values)}"
                                   for phrase, values in overrides.items())


def parse_overrides(text: str, phrases: set[str]) -> tuple[dict[str, tuple[float, float, float]], list[str]]:
    """Readings from the URL form; anything malformed is dropped with a notice (it is still validated later)."""
    if len(text) > MAX_OVERRIDE_LENGTH:
        return {}, [f"Ignored the edited lexicon in the link: it is too long ({len(text)} characters)."]
    overrides: dict[str, tuple[float, float, float]] = {}
    notices: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(OVERRIDE_SEPARATOR))):
        phrase, _, numbers = part.rpartition(":")
        try:
            values = tuple(float(v) for v in numbers.split(","))
        except ValueError:
            values = ()
        shown = part if len(part) <= 40 else part[:39] + "…"
        if phrase not in phrases:
            notices.append(f"Ignored an edited reading for an unknown phrase (“{shown}”).")
        elif len(values) != 3:
            notices.append(f"Ignored an edited reading that is not three numbers (“{shown}”).")
        else:
            overrides[phrase] = values  # type: ignore[assignment]
    return overrides, notices


def apply_overrides(lexicon: pd.DataFrame, overrides: dict[str, tuple[float, float, float]]) -> pd.DataFrame:
    """A copy of ``lexicon`` with the overridden readings."""
    out = lexicon.copy()
    for phrase, values in overrides.items():
        mask = out["phrase"] == phrase
        for column, value in zip(READING_COLUMNS.values(), values, strict=True):
            out.loc[mask, column] = value
    return out
