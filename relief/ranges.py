"""The table of exactly what a range chart plots.

One row per claim that passes the filters, with each end's band (conservative
to generous reading of its phrase) and the chosen reading. A phrase written as
a number ('3 days') is exact: its three readings are equal; a phrase that is a
range ('3–7 days') fills both ends. What kind of number a claim states
(``kind``: a duration, an upper or lower bound, an onset, a time by which
relief was gone) decides what is filled: only a duration has a bar; a bound,
an onset or a "gone by" time has one point, ``at_hours``. Open ends and
unstated ranges carry NaN where there is nothing to plot: nothing is invented.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from . import phrases as phrase_parser
from .durations import format_band, format_hours
from .kinds import KINDS, speaks_of_relief
from .lexicon import readings
from .vocabulary import READINGS

END_COLUMNS = [f"{end}_{r}" for end in ("low", "high") for r in READINGS]
PLOTTED_COLUMNS = [
    "claim_id", "label", "route", "regimen", "pain_context", "kind", "stated", "open_ended",
    "low_phrase", "high_phrase", "low_none", *END_COLUMNS, "reading", "bar_start_hours", "bar_end_hours", "at_hours",
    "at_high_hours", "quote", "section", "note",
]


def point_kinds() -> tuple[str, ...]:
    """Kinds drawn at ``at_hours`` (every stated kind but a duration): never as a bar of relief between two ends."""
    return tuple(k.code for k in KINDS.values() if k.stated and k.draw != "bar")


def has_low_none(row) -> bool:
    """Whether a plotted row's range starts at none (a missing or unset ``low_none`` is no)."""
    value = getattr(row, "low_none", False)
    return isinstance(value, bool | np.bool_) and bool(value)


def _end_readings(row, phrases) -> tuple[list[float], list[float]]:
    """Conservative, central and generous hours of a claim's low and high ends (NaN where there is none).

    A low end of none (``low_none``: "no relief for some") has no hours: its phrase is the source's words for none.
    """
    nothing = [np.nan] * len(READINGS)
    kind = KINDS[row.kind]
    if not kind.stated:
        return nothing, nothing
    if has_low_none(row) and kind.low_none:
        high = phrase_parser.ends(row.high_phrase, phrases) if row.high_phrase else None
        return nothing, (nothing if high is None else [getattr(high[1], which) for which in READINGS])
    low = phrase_parser.ends(row.low_phrase, phrases) if row.low_phrase else None
    if low is None:
        return nothing, nothing
    as_list = [[getattr(r, which) for which in READINGS] for r in low]
    if not kind.two_ends:
        return as_list[0], nothing
    if row.high_phrase:
        high = phrase_parser.ends(row.high_phrase, phrases)
    elif kind.phrases == "range" or phrase_parser.is_range(row.low_phrase, phrases):
        high = low
    else:  # one number of a kind that may state a range: no high end
        return as_list[0], nothing
    return as_list[0], (nothing if high is None else [getattr(high[1], which) for which in READINGS])


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
    first, then by the longest relief the claim allows, onsets after the
    durations, unstated last).
    """
    if reading not in READINGS:
        raise ValueError(f"unknown reading {reading!r}")
    keep = pd.Series(True, index=claims.index)
    for column, chosen in (("route", routes), ("regimen", regimens), ("pain_context", contexts)):
        if chosen is not None:
            keep &= claims[column].isin(list(chosen))
    rows = claims[keep]
    phrases = readings(lexicon) if lexicon is not None and len(lexicon) else {}

    out = rows[["claim_id", "label", "route", "regimen", "pain_context", "kind",
                "low_phrase", "high_phrase", "quote", "section", "note"]].copy()
    out["low_none"] = (rows["low_none"].astype(bool) if "low_none" in rows.columns
                       else pd.Series(False, index=rows.index, dtype=bool))
    record = out["kind"].map(KINDS)
    out["stated"] = record.map(lambda k: k.stated).astype(bool)
    out["open_ended"] = record.map(lambda k: k.open_end).astype(bool)
    ends = [_end_readings(row, phrases) for row in out.itertuples(index=False)]
    for i, which in enumerate(READINGS):
        out[f"low_{which}"] = [low[i] for low, _ in ends]
        out[f"high_{which}"] = [high[i] for _, high in ends]
    out = _drawn_at(out, reading)[PLOTTED_COLUMNS].reset_index(drop=True)
    if order == "longest":
        # relief that lasts longest first; an open end first of all; a time that is not relief (an onset) after
        # every duration; nothing stated last
        kind = out["kind"].map(KINDS)
        relief = kind.map(lambda k: k.relief).astype(bool)
        longest = out["bar_end_hours"].fillna(out["at_hours"].where(relief & ~out["open_ended"]))
        key = (longest.where(~out["open_ended"], np.inf).where(relief | ~out["stated"], -0.5)
               .fillna(-1).astype(float))
        out = out.iloc[np.argsort(-key.to_numpy(), kind="stable")].reset_index(drop=True)
    elif order != "article":
        raise ValueError(f"unknown order {order!r}")
    return out


def _drawn_at(out: pd.DataFrame, reading: str) -> pd.DataFrame:
    """The columns that say where each row is drawn at ``reading`` (every reading's ends are already in ``out``)."""
    draw = out["kind"].map(lambda code: KINDS[code].draw if code in KINDS else "")
    out["reading"] = reading
    out["bar_start_hours"] = out[f"low_{reading}"].where((draw == "bar") | out["open_ended"].astype(bool))
    out["bar_end_hours"] = out[f"high_{reading}"].where(draw == "bar")
    out["at_hours"] = out[f"low_{reading}"].where(out["kind"].isin(point_kinds()))
    out["at_high_hours"] = out[f"high_{reading}"].where(draw == "span")
    return out


def at_reading(plotted: pd.DataFrame, reading: str) -> pd.DataFrame:
    """Rows of ``plotted_ranges`` (any reading, extra columns kept) drawn at another ``reading``: each row keeps
    every reading's ends, so nothing is read again; the same rows, in the same order."""
    if reading not in READINGS:
        raise ValueError(f"unknown reading {reading!r}")
    return _drawn_at(plotted.copy(), reading)


def relief_rows(plotted: pd.DataFrame) -> pd.DataFrame:
    """The rows that speak of how long relief lasts, or say no duration is stated (never an onset, an interval,
    a course, an action or a peak)."""
    if plotted.empty:
        return plotted
    return plotted[plotted["kind"].map(speaks_of_relief).astype(bool)]


def span_hours(plotted: pd.DataFrame) -> tuple[float, float]:
    """Smallest and largest finite hours in the table (for axis ranges)."""
    values = plotted[END_COLUMNS].to_numpy(dtype=float).ravel()
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 1.0, 24.0
    return float(values.min()), float(values.max())


def claimed_text(row) -> str:
    """The source's words for a claim's range: '“a few hours” to “a day or two”', 'up to “3 months”'."""
    kind = KINDS[row.kind]
    if not kind.stated:
        return "no range stated"
    if has_low_none(row):
        said = f"“{row.low_phrase}” (none) to “{row.high_phrase}”"
    elif not row.high_phrase or row.low_phrase == row.high_phrase:
        said = f"“{row.low_phrase}”"
    else:
        said = f"“{row.low_phrase}” to “{row.high_phrase}”"
    return kind.around.format(said) if kind.around else said


def end_units(row, unit: str = "auto") -> tuple[str, str]:
    """The units a claim's low and high end are shown in: ``unit`` when one is chosen; under "auto" the unit the
    source wrote a number in ('every 90 days' reads '90 days', never '3 months'), else the unit that reads best."""
    if unit != "auto":
        return unit, unit
    low_phrase = "" if has_low_none(row) else str(row.low_phrase or "")
    low, high = phrase_parser.written_units(low_phrase) if low_phrase else (None, None)
    if row.high_phrase:
        high = phrase_parser.written_units(str(row.high_phrase))[1]
    return low or "auto", high or "auto"


def reading_text(row, unit: str = "auto") -> str:
    """The chosen reading of a claim in words: '3 h to 1.5 days', 'up to 3 months', 'relief within 2 h'."""
    kind = KINDS[row.kind]
    if not kind.stated:
        return "no range stated"
    low_unit, high_unit = end_units(row, unit)
    if kind.around:
        high = getattr(row, "at_high_hours", np.nan)
        if isinstance(high, float) and np.isfinite(high) and high != row.at_hours:
            if low_unit == high_unit:
                return kind.around.format(format_band(row.at_hours, high, low_unit))
            return kind.around.format(f"{format_hours(row.at_hours, low_unit)} – {format_hours(high, high_unit)}")
        return kind.around.format(format_hours(row.at_hours, low_unit))
    if has_low_none(row):
        return f"none to {format_hours(row.bar_end_hours, high_unit)}"
    start = format_hours(row.bar_start_hours, low_unit)
    if row.bar_start_hours == row.bar_end_hours:
        return start
    if low_unit == high_unit != "auto" and np.isfinite(row.bar_end_hours):  # '3–7 days' as the source wrote it
        return format_band(row.bar_start_hours, row.bar_end_hours, low_unit)
    return f"{start} to {format_hours(row.bar_end_hours, high_unit)}"


def is_exact(row, end: str) -> bool:
    """Whether an end is a number as written (its readings are equal), drawn as a tick rather than a band."""
    low, high = getattr(row, f"{end}_conservative"), getattr(row, f"{end}_generous")
    return bool(np.isfinite(low) and low == high)


def band_text(row, end: str, unit: str = "auto") -> str:
    kind = KINDS[row.kind]
    if not kind.stated:
        return "—"
    if end == "high" and not kind.two_ends:
        return "open" if kind.open_end else "—"
    if end == "low" and has_low_none(row):
        return "none"
    if not np.isfinite(getattr(row, f"{end}_conservative")):
        return "—"
    if is_exact(row, end):
        shown = end_units(row, unit)[0 if end == "low" else 1]
        return f"{format_hours(getattr(row, f'{end}_conservative'), shown)} (as written)"
    return format_band(getattr(row, f"{end}_conservative"), getattr(row, f"{end}_generous"), unit)


def example_claim(plotted: pd.DataFrame) -> pd.DataFrame:
    """The first route-level duration with two different vague phrases: the clearest bar to explain (may be empty)."""
    vague = (plotted["low_conservative"] < plotted["low_generous"]) & (
        plotted["high_conservative"] < plotted["high_generous"])
    bar = plotted["kind"].map(lambda k: KINDS[k].draw == "bar").astype(bool)
    mask = (bar & (plotted["high_phrase"] != "")
            & (plotted["low_phrase"] != plotted["high_phrase"]) & (plotted["route"] != "overall") & vague)
    return plotted[mask].head(1)


def display_table(plotted: pd.DataFrame, unit: str = "auto", vocabulary: pd.DataFrame | None = None) -> pd.DataFrame:
    """What is plotted, in words a person reads (one row per plotted claim); ``vocabulary`` labels the codes a
    data folder declares."""
    from .vocabulary import label

    records = []
    for row in plotted.itertuples(index=False):
        records.append({
            "Claim": row.label,
            "Source says": claimed_text(row),
            f"Bar ({READINGS[row.reading].lower()} reading)": reading_text(row, unit),
            "Low-end band": band_text(row, "low", unit),
            "High-end band": band_text(row, "high", unit),
            "What it is": KINDS[row.kind].words,
            "Route": label("route", row.route, vocabulary),
            "Regimen": label("regimen", row.regimen, vocabulary),
            "Pain": label("pain_context", row.pain_context, vocabulary),
            "Section": row.section,
        })
    return pd.DataFrame.from_records(records)


def concerned_claims(factor, claims: pd.DataFrame) -> list[str]:
    """The claim ids a factor concerns: every claim whose route or regimen it names, and every claim it names.

    ``factor`` is a row of the factors table (``routes``, ``regimens`` and ``claims`` as lists).
    """
    def listed(column: str) -> set[str]:
        value = factor.get(column, ()) if isinstance(factor, pd.Series) else getattr(factor, column, ())
        return set(value or ())

    routes, regimens, ids = listed("routes"), listed("regimens"), listed("claims")
    mask = claims["route"].isin(routes) | claims["regimen"].isin(regimens) | claims["claim_id"].isin(ids)
    return list(claims.loc[mask, "claim_id"])


def concerns_text(factor, vocabulary: pd.DataFrame | None = None, claims: pd.DataFrame | None = None) -> str:
    """What a factor concerns, in words: 'IV infusion, Intranasal spray; regimens: Booster; claims: …'."""
    from .vocabulary import label

    def listed(column: str) -> list[str]:
        value = factor.get(column, ()) if isinstance(factor, pd.Series) else getattr(factor, column, ())
        return list(value or ())

    parts = []
    if listed("routes"):
        parts.append(", ".join(label("route", r, vocabulary) for r in listed("routes")))
    if listed("regimens"):
        parts.append("regimens: " + ", ".join(label("regimen", r, vocabulary) for r in listed("regimens")))
    if listed("claims"):
        names = {} if claims is None else dict(zip(claims["claim_id"], claims["label"], strict=True))
        parts.append("claims: " + ", ".join(names.get(c, c) for c in listed("claims")))
    return "; ".join(parts)
