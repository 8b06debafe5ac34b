"""The table of exactly what a range chart plots.

One row per claim that passes the filters, with each end's band (conservative
to generous reading of its phrase) and the chosen reading. Open ends and
unstated ranges carry NaN where there is nothing to plot: nothing is invented.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .durations import format_band, format_hours
from .lexicon import readings
from .vocabulary import PAIN_CONTEXTS, READINGS, REGIMENS, ROUTES

END_COLUMNS = [f"{end}_{r}" for end in ("low", "high") for r in READINGS]
PLOTTED_COLUMNS = [
    "claim_id", "label", "route", "regimen", "pain_context", "stated", "open_ended",
    "low_phrase", "high_phrase", *END_COLUMNS, "reading", "bar_start_hours", "bar_end_hours",
    "quote", "section", "note",
]


def plotted_ranges(
    claims: pd.DataFrame,
    lexicon: pd.DataFrame,
    reading: str = "central",
    routes: Iterable[str] | None = None,
    regimens: Iterable[str] | None = None,
    contexts: Iterable[str] | None = None,
    order: str = "article",
) -> pd.DataFrame:
    """Claims passing the filters (``None`` = no filter), with hours for each end.

    ``order`` is ``"article"`` (the data's order) or ``"longest"`` (open-ended
    first, then by the upper end of the chosen reading, unstated last).
    """
    if reading not in READINGS:
        raise ValueError(f"unknown reading {reading!r}")
    keep = pd.Series(True, index=claims.index)
    for column, chosen in (("route", routes), ("regimen", regimens), ("pain_context", contexts)):
        if chosen is not None:
            keep &= claims[column].isin(list(chosen))
    rows = claims[keep]
    phrases = readings(lexicon)

    def hours(phrase: str, which: str) -> float:
        return phrases[phrase].at(which) if phrase else np.nan

    out = rows[["claim_id", "label", "route", "regimen", "pain_context", "stated", "open_ended",
                "low_phrase", "high_phrase", "quote", "section", "note"]].copy()
    for end in ("low", "high"):
        for which in READINGS:
            out[f"{end}_{which}"] = [hours(p, which) for p in rows[f"{end}_phrase"]]
    out["reading"] = reading
    out["bar_start_hours"] = out[f"low_{reading}"]
    out["bar_end_hours"] = out[f"high_{reading}"]
    out = out[PLOTTED_COLUMNS].reset_index(drop=True)
    if order == "longest":
        key = out["bar_end_hours"].where(~out["open_ended"], np.inf).fillna(-1)
        out = out.iloc[np.argsort(-key.to_numpy(), kind="stable")].reset_index(drop=True)
    elif order != "article":
        raise ValueError(f"unknown order {order!r}")
    return out


def span_hours(plotted: pd.DataFrame) -> tuple[float, float]:
    """Smallest and largest finite hours in the table (for axis ranges)."""
    values = plotted[END_COLUMNS].to_numpy(dtype=float).ravel()
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 1.0, 24.0
    return float(values.min()), float(values.max())


def claimed_text(row) -> str:
    """The article's words for a claim's range, as a phrase pair."""
    if not row.stated:
        return "no range stated"
    if row.open_ended:
        return f"“{row.low_phrase}” or longer"
    if row.low_phrase == row.high_phrase:
        return f"“{row.low_phrase}”"
    return f"“{row.low_phrase}” to “{row.high_phrase}”"


def reading_text(row, unit: str = "auto") -> str:
    """The chosen reading of a claim's range in words: '3 h to 1.5 days'."""
    if not row.stated:
        return "no range stated"
    start = format_hours(row.bar_start_hours, unit)
    if row.open_ended:
        return f"{start} or longer"
    if row.bar_start_hours == row.bar_end_hours:
        return start
    return f"{start} to {format_hours(row.bar_end_hours, unit)}"


def band_text(row, end: str, unit: str = "auto") -> str:
    if not row.stated or (end == "high" and row.open_ended):
        return "open" if row.stated else "—"
    return format_band(getattr(row, f"{end}_conservative"), getattr(row, f"{end}_generous"), unit)


def example_claim(plotted: pd.DataFrame) -> pd.DataFrame:
    """The first route-level claim with two different phrases: the clearest bar to explain (may be empty)."""
    mask = (plotted["stated"] & ~plotted["open_ended"] & (plotted["low_phrase"] != plotted["high_phrase"])
            & (plotted["route"] != "overall"))
    return plotted[mask].head(1)


def display_table(plotted: pd.DataFrame, unit: str = "auto") -> pd.DataFrame:
    """What is plotted, in words a person reads (one row per plotted claim)."""
    records = []
    for row in plotted.itertuples(index=False):
        records.append({
            "Claim": row.label,
            "Source says": claimed_text(row),
            f"Bar ({READINGS[row.reading].lower()} reading)": reading_text(row, unit),
            "Low-end band": band_text(row, "low", unit),
            "High-end band": band_text(row, "high", unit),
            "Route": ROUTES.get(row.route, row.route),
            "Regimen": REGIMENS.get(row.regimen, row.regimen),
            "Pain": PAIN_CONTEXTS.get(row.pain_context, row.pain_context),
            "Section": row.section,
        })
    return pd.DataFrame.from_records(records)
