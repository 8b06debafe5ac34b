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
