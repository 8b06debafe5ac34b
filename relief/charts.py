"""plotly figure builders: tables in, figures out. No Streamlit here.

The range chart draws, for every plotted claim, a hatched band at each end
(the phrase's conservative to generous reading), a solid bar between the
chosen readings, a fading tail with 'or longer' for an open end, and the words
'no range stated' where the source gives none. Hover text carries the
source's words, the hours and (optionally) the verbatim quote.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .article import html_text
from .durations import format_band, format_hours, ticks
from .kinds import KINDS, speaks_of_relief
from .ranges import claimed_text, reading_text, span_hours
from .vocabulary import CERTAINTY, DESIGNS, HOURS_KINDS, POPULATIONS, READINGS, ROUTE_COLOURS, STATUSES

FADE_STEPS = (0.85, 0.55, 0.3, 0.12)
LEAD_IN_STEPS = (0.06, 0.12, 0.2, 0.3)
"""An upper bound fades in, but stays pale: it must never read as a bar of relief lasting that long."""
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"

NARROWEST_PLOT_EM = 20
"""The narrowest plot the layout is made for, in ems of the chart's type: 300 px at the screen's 15 px, about a
390 px phone's chart less its margins; a slide's type grows with its screen (``style_for``), and so does this."""
LABEL_EM = 0.5  # a text's width per character, in ems: Source Sans Pro's measures about 0.48
WRAP_CHARS = round(NARROWEST_PLOT_EM / LABEL_EM)  # characters a line of the narrowest plot holds


def narrowest_plot_px(size: float) -> float:
    return NARROWEST_PLOT_EM * size


@dataclass(frozen=True)
class Style:
    """Colours and sizes for one theme. Text and marks keep ≥ 4.5:1 / ≥ 3:1 against ``paper``."""

    ink: str
    muted: str
    grid: str
    paper: str
    hover: str
    overall: str
    size: int = 15

    def route_colour(self, route: str) -> str:
        return self.overall if route == "overall" else ROUTE_COLOURS.get(route, self.ink)


STYLES: dict[str, Style] = {
    # muted grey #767676 is 4.5:1 on white; on the dark paper #9A9A9A is 6.4:1
    "light": Style(ink="#1F2933", muted="#767676", grid="#E4E7EB", paper="#FFFFFF", hover="#FFFFFF",
                   overall="#000000"),
    "dark": Style(ink="#EDEBE8", muted="#9A9A9A", grid="#3A3936", paper="#171614", hover="#26241F",
                  overall="#D9D6D0"),
}


def style_for(theme: str = "light", presenting: bool = False, scale: float = 1.0) -> Style:
    """The style of a theme ('light' or 'dark'); presentation mode scales type to at least 20 px, times the
    screen's ``scale`` (1 up to 1280×720, up to 3 on a 4K screen: ``ui.watch``), and a chart's height with it."""
    base = STYLES.get(theme, STYLES["light"])
    return replace(base, size=round(20 * scale)) if presenting else base


def _font(st_: Style, scale: float = 1.0, **extra) -> dict:
    return dict(family=FONT_FAMILY, size=round(st_.size * scale), color=st_.ink, **extra)


def html_label(text: object) -> str:
    """A label as plotly text (``article.html_text`` without escaping quotes, which plotly would show)."""
    return html_text(text, quote=False)


# Characters per line of a hover box: plotly moves a box that would leave the chart back inside it, so a box that
# is no wider than the chart always shows whole; at this width it is about 300 px, narrower than the chart on a
# 390 px phone. Every line of every hover text is wrapped to it.
HOVER_WIDTH = 44


def wrap(text: str, width: int = HOVER_WIDTH) -> str:
    """Escaped text wrapped for a plotly hover box."""
    return "<br>".join(html_label(line) for line in textwrap.wrap(str(text), width)) or ""


def _bold(text: str) -> str:
    return f"<b>{wrap(text)}</b>"


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# Published evidence: the marker says what kind of number it is, its size the certainty,
# and a hollow grey marker a source seen only second-hand.
EVIDENCE_SYMBOLS: dict[str, str] = {
    "measured": "circle",
    "observed_up_to": "square",
    "lost_by": "x",
    "model_estimate": "diamond",
    "time_to_rescue": "triangle-up",
    "at_least": "triangle-right",
}
CERTAINTY_SIZES: dict[str, int] = {"high": 19, "moderate": 16, "low": 13, "very_low": 10}
STUDIES_SUFFIX = " · studies"


def _evidence_x(row) -> float:
    if row.hours_kind == "at_least" or pd.isna(row.relief_high_hours):
        return float(row.relief_low_hours)
    return float(row.relief_high_hours)


def _evidence_hover(row, unit: str) -> str:
    from .evidence import hours_text, short_citation

    n = "" if pd.isna(row.n) else f" · n = {int(row.n):,}"
    who = getattr(row, "population", "patients")
    verdict = getattr(row, "verdict", "")
    return "<br>".join([
        _bold(short_citation(row)),
        wrap(DESIGNS.get(row.design, row.design) + n + ("" if who == "patients" else
                                                         f" · {POPULATIONS.get(who, who)}")),
        wrap(row.finding),
        wrap(f"Stated: {hours_text(row, unit)} ({HOURS_KINDS[row.hours_kind]})"),
        wrap(f"Certainty: {CERTAINTY[row.certainty]} · {STATUSES[row.status].split(':')[0]}"),
        *([wrap(f"Verdict on this claim: {verdict}")] if isinstance(verdict, str) and verdict else []),
    ])


def _x_range(plotted: pd.DataFrame, axis: str, evidence: pd.DataFrame | None = None) -> tuple[float, float]:
    lo, hi = span_hours(plotted)
    if evidence is not None and not evidence.empty:
        values = pd.concat([evidence["relief_low_hours"], evidence["relief_high_hours"]]).dropna()
        lo, hi = min(lo, float(values.min())), max(hi, float(values.max()))
    if axis == "log":
        return lo / 3, hi * 4
    return 0.0, hi * 1.3


def _hover(row, unit: str, show_quotes: bool, lead: str) -> str:
    parts = [_bold(row.label), lead]
    if show_quotes:
        parts.append("<i>" + wrap(f"“{row.quote}”") + "</i>")
        parts.append(wrap(f"Section: {row.section}"))
    return "<br>".join(parts)


def _lead(row, unit: str) -> str:
    return wrap(f"Source: {claimed_text(row)}") + "<br>" + wrap(f"{READINGS[row.reading]} reading: "
                                                                 f"{reading_text(row, unit)}")


def _band_lead(row, end: str, unit: str) -> str:
    phrase = getattr(row, f"{end}_phrase")
    values = [format_hours(getattr(row, f"{end}_{r}"), unit) for r in READINGS]
    return (wrap(f"Our reading of “{phrase}”:") + "<br>"
            + wrap(" · ".join(f"{READINGS[r].lower()} {v}" for r, v in zip(READINGS, values, strict=True))))


# ---------------------------------------------------------------- the marks a range chart draws
#
# A range chart is a tidy table of marks, one row per mark (a band, a bar, a tick, a point...), built from the
# plotted claims and the published evidence; each kind of mark is drawn by one builder as one trace (bands: one
# per colour, see _bands). A new kind of claim is a new kind of row here, not another branch in range_chart.

MARK_COLUMNS = ("claim_id", "row", "mark", "start", "end", "colour", "opacity", "hover", "text", "symbol", "size",
                "custom")


def _mark(claim_id: str, row: str, mark: str, start: float, end: float = math.nan, *, colour: str = "",
          opacity: float = 1.0, hover: str = "", text: str = "", symbol: str = "", size: float = 0,
          custom: str = "") -> dict:
    return dict(claim_id=claim_id, row=row, mark=mark, start=float(start), end=float(end), colour=colour,
                opacity=opacity, hover=hover, text=text, symbol=symbol, size=size, custom=custom)


def _fade(claim_id: str, row: str, mark: str, a: float, b: float, axis: str, alphas, **style) -> list[dict]:
    """Segments from ``a`` to ``b`` with the given opacities (a fade), evenly spaced on the axis."""
    spacing = np.geomspace if axis == "log" else np.linspace
    edges = spacing(a, b, len(alphas) + 1)
    return [_mark(claim_id, row, mark, float(lo), float(hi), opacity=alpha, **style)
            for lo, hi, alpha in zip(edges[:-1], edges[1:], alphas, strict=True)]


def claim_marks(plotted: pd.DataFrame, *, unit: str = "auto", axis: str = "log", show_quotes: bool = True,
                highlight: set[str] | None = None, style: Style | None = None,
                x_range: tuple[float, float] | None = None) -> pd.DataFrame:
    """The marks that draw each plotted claim, by its kind (see ``ranges.plotted_ranges``), one row per mark."""
    return pd.DataFrame(_claim_mark_records(plotted, unit=unit, axis=axis, show_quotes=show_quotes,
                                            highlight=highlight, style=style, x_range=x_range),
                        columns=list(MARK_COLUMNS))


def _claim_mark_records(plotted: pd.DataFrame, *, unit: str = "auto", axis: str = "log", show_quotes: bool = True,
                        highlight: set[str] | None = None, style: Style | None = None,
                        x_range: tuple[float, float] | None = None) -> list[dict]:
    """``claim_marks`` as records (what ``range_chart`` draws from: a DataFrame per chart cost several ms).

    A vague end is a hatched band (our reading of its phrase) with a diamond at the chosen reading; an end
    written as a number is a crisp tick. A duration is a bar between its ends; a lower bound fades out to the
    right ("or longer"); an upper bound fades in from the left to a capped end ("up to"), so it never reads as
    relief lasting that long; an onset and a "gone by" time are points with words; an unstated claim says so.
    """
    from .ranges import has_low_none, is_exact

    st_ = style or STYLES["light"]
    x0, x1 = x_range or _x_range(plotted, axis)
    marks: list[dict] = []
    for row in plotted.itertuples(index=False):
        c = st_.muted if highlight is not None and row.claim_id not in highlight else st_.route_colour(row.route)
        y, cid = str(row.label), row.claim_id
        kind = KINDS[row.kind]
        lead = _hover(row, unit, show_quotes, _lead(row, unit))
        low_none = has_low_none(row) and kind.low_none
        if not kind.stated or not np.isfinite(row.high_central if low_none else row.low_central):
            # A phrase that cannot be read (no lexicon row) is said so, never drawn as a number.
            text = "no range stated" if not kind.stated else "phrase not read (not in the lexicon)"
            lead_words = ("The source states no duration for this claim." if not kind.stated
                          else "This phrase has no reading: it is not a number as written and not in the lexicon.")
            marks.append(_mark(cid, y, "unstated", x0 * 1.5 if axis == "log" else x1 * 0.01, text=text,
                               hover=_hover(row, unit, show_quotes, wrap(lead_words))))
            continue
        ends = [] if low_none else ["low"]
        if kind.two_ends and np.isfinite(row.high_central) and (
                low_none or (row.high_conservative, row.high_generous) != (row.low_conservative, row.low_generous)):
            ends.append("high")
        bar_of_relief = kind.draw in ("bar", "tail")
        for end in ends:
            lo, hi = getattr(row, f"{end}_conservative"), getattr(row, f"{end}_generous")
            if not is_exact(row, end):
                marks.append(_mark(cid, y, "band", lo, hi, colour=c, custom=end,
                                   hover=_hover(row, unit, show_quotes, _band_lead(row, end, unit))))
                if bar_of_relief:
                    marks.append(_mark(cid, y, "reading", getattr(row, f"{end}_{row.reading}"), colour=c,
                                       hover=lead))
            elif bar_of_relief:
                marks.append(_mark(cid, y, "exact", lo, colour=c, hover=lead))
        if kind.draw == "bar" and low_none:
            # "no relief for some": the low end is none, at the axis' left edge, said in words
            start = x0 if axis == "log" else 0.0
            marks.append(_mark(cid, y, "bar", start, row.bar_end_hours, colour=c, hover=lead))
            marks.append(_mark(cid, y, "none_end", start, colour=c, hover=lead, text="<b>none</b>"))
        elif kind.draw == "bar":
            marks.append(_mark(cid, y, "bar", row.bar_start_hours, row.bar_end_hours, colour=c, hover=lead))
        elif kind.draw == "tail":
            marks += _fade(cid, y, "tail", row.bar_start_hours, x1, axis, FADE_STEPS, colour=c, hover=lead)
            marks.append(_mark(cid, y, "open_end", x1, text=OPEN_END))
        elif kind.draw == "cap":
            marks += _fade(cid, y, "lead_in", x0, row.at_hours, axis, LEAD_IN_STEPS, colour=c, hover=lead)
            marks.append(_mark(cid, y, "cap", row.at_hours, colour=c, hover=lead,
                               text=kind.around.format(format_hours(row.at_hours, unit))))
        else:  # a time that is not relief lasting (an onset, an interval, a "gone by" time): never a bar
            words = reading_text(row, unit)
            high = getattr(row, "at_high_hours", math.nan)
            ranged = kind.draw == "span" and isinstance(high, float) and np.isfinite(high) and high != row.at_hours
            last = high if ranged else row.at_hours
            # words to the right of the mark, or, near the right edge, to the left of its first mark (so they stay
            # inside the plot on a phone)
            left = _share(last, x0, x1, axis) > 0.6
            if ranged:
                marks.append(_mark(cid, y, f"{kind.mark}:line", row.at_hours, high, hover=lead))
            marks.append(_mark(cid, y, kind.mark, row.at_hours, colour=c, hover=lead, text=words if left else "",
                               custom="left" if left else "right"))
            if ranged:
                marks.append(_mark(cid, y, kind.mark, high, colour=c, hover=lead, text="" if left else words,
                                   custom="right"))
            elif not left:
                marks[-1]["text"] = words
    return marks


def _share(x: float, x0: float, x1: float, axis: str) -> float:
    """Where ``x`` sits along the axis from ``x0`` to ``x1``, from 0 to 1."""
    if axis == "log":
        return (math.log10(x) - math.log10(x0)) / (math.log10(x1) - math.log10(x0))
    return (x - x0) / (x1 - x0)


def _evidence_mark_records(evidence: pd.DataFrame, rows: dict[str, str], unit: str = "auto",
                           style: Style | None = None) -> list[dict]:
    """Published studies as marks on the 'studies' row under each claim: a whisker for a stated span and a
    marker whose shape says what kind of number it is, its size the certainty (hollow grey: second-hand)."""
    st_ = style or STYLES["light"]
    marks: list[dict] = []
    for row in evidence.itertuples(index=False):
        y = rows[row.claim_id]
        low, high = row.relief_low_hours, row.relief_high_hours
        if pd.notna(low) and pd.notna(high) and low < high:
            marks.append(_mark(row.claim_id, y, "evidence_span", low, high))
    for row in evidence.itertuples(index=False):
        secondary = row.status == "SECONDARY"
        marks.append(_mark(row.claim_id, rows[row.claim_id], f"evidence:{row.hours_kind}", _evidence_x(row),
                           colour=st_.muted if secondary else st_.ink, hover=_evidence_hover(row, unit),
                           symbol=EVIDENCE_SYMBOLS[row.hours_kind] + ("-open" if secondary else ""),
                           size=round(CERTAINTY_SIZES[row.certainty] * st_.size / 15), custom=row.evidence_id))
    return marks


Columns = dict[str, list]
"""The marks of one kind, column by column (``MARK_COLUMNS``): what each builder in ``MARKS`` draws."""


def _columns(records: list[dict]) -> Columns:
    return {c: [r[c] for r in records] for c in MARK_COLUMNS}


def _hovered(m: Columns) -> dict:
    return dict(hovertext=list(m["hover"]), hovertemplate="%{hovertext}<extra></extra>")


def _bands(m: Columns, st_: Style) -> list[dict]:
    # One trace per colour: plotly.js reads a per-bar colour array badly together with a pattern fill.
    by_colour: dict[str, list[int]] = {}
    for i, c in enumerate(m["colour"]):
        by_colour.setdefault(c, []).append(i)
    groups = [(c, {k: [v[i] for i in at] for k, v in m.items()}) for c, at in by_colour.items()]
    return [dict(type="bar", name="Phrase band (conservative to generous reading)", orientation="h",
                 legendgroup="bands", y=list(g["row"]), base=list(g["start"]), x=_lengths(g),
                 width=0.72, customdata=list(g["custom"]),
                 marker=dict(color=_rgba(c, 0.22), line=dict(color=c, width=1.2),
                             pattern=dict(shape="/", fgcolor=c, fgopacity=0.55, size=7, solidity=0.15,
                                          fillmode="overlay")), **_hovered(g))
            for c, g in groups]


def _lengths(m: Columns) -> list[float]:
    return [end - start for start, end in zip(m["start"], m["end"], strict=True)]


def _bar(name: str, width: float, outline: bool) -> Callable[[Columns, Style], list[dict]]:
    def build(m: Columns, st_: Style) -> list[dict]:
        marker = dict(color=list(m["colour"]), line=dict(color=st_.ink, width=1) if outline else dict(width=0))
        if not outline:
            marker["opacity"] = list(m["opacity"])
        return [dict(type="bar", name=name, orientation="h", y=list(m["row"]), base=list(m["start"]),
                     x=_lengths(m), width=width, marker=marker, **_hovered(m))]
    return build


def _points(name: str, symbol: str, size: float, text: str | None = None, line: float = 1.5,
            outline: bool = True) -> Callable[[Columns, Style], list[dict]]:
    def build(m: Columns, st_: Style) -> list[dict]:
        trace = dict(type="scatter", name=name, mode="markers+text" if text else "markers", y=list(m["row"]),
                     x=list(m["start"]),
                     marker=dict(symbol=symbol, size=round(size * st_.size / 15), color=list(m["colour"]),
                                 line=dict(color=st_.ink if outline else list(m["colour"]), width=line)),
                     **_hovered(m))
        if text:
            where = [("middle left" if c == "left" else "middle right") if text == "by mark" else text
                     for c in m["custom"]]
            trace |= dict(text=list(m["text"]), textposition=where if text == "by mark" else text,
                          textfont=_font(st_, 0.87))
        return [trace]
    return build


def _none_end(m: Columns, st_: Style) -> list[dict]:
    """The low end of a range that starts at none ("no relief for some"), at the axis' left edge, in words."""
    return [dict(type="scatter", name="Low end: none (no relief for some)", mode="markers+text", y=list(m["row"]),
                 x=list(m["start"]), text=list(m["text"]), textposition="top right", textfont=_font(st_, 0.87),
                 marker=dict(symbol="line-ns", size=round(26 * st_.size / 15), color=list(m["colour"]),
                             line=dict(color=st_.ink, width=4)), **_hovered(m))]


def _unstated(m: Columns, st_: Style) -> list[dict]:
    return [dict(type="scatter", name="No range stated", mode="markers+text", y=list(m["row"]), x=list(m["start"]),
                 text=list(m["text"]), textposition="middle right", textfont=_font(st_, 0.93, style="italic"),
                 marker=dict(symbol="circle-open", size=11, color=st_.ink, line=dict(width=2)), **_hovered(m))]


def _span(m: Columns, st_: Style) -> list[dict]:
    xs = [v for a, b in zip(m["start"], m["end"], strict=True) for v in (a, b, None)]
    ys = [v for y in m["row"] for v in (y, y, None)]
    return [dict(type="scatter", name="stated span", legendgroup="evidence-span", x=xs, y=ys, mode="lines",
                 line=dict(color=st_.ink, width=3), hoverinfo="skip", showlegend=False)]


def _evidence_points(kind: str) -> Callable[[Columns, Style], list[dict]]:
    def build(m: Columns, st_: Style) -> list[dict]:
        return [dict(type="scatter", name=legend_name(HOURS_KINDS[kind]), legendgroup="evidence", showlegend=True,
                     mode="markers", x=list(m["start"]), y=list(m["row"]), customdata=list(m["custom"]),
                     marker=dict(symbol=list(m["symbol"]), size=list(m["size"]), color=list(m["colour"]),
                                 line=dict(color=st_.paper, width=1)), **_hovered(m))]
    return build


LEGEND_WRAP = round(WRAP_CHARS / 0.87) - 6  # a legend's smaller type, less its symbol's room


def legend_name(text: str) -> str:
    """A legend entry on lines that fit the narrowest plot: plotly never wraps one, and on a 390 px phone "benefit no
    longer significant by this time (an upper bound)" ran off the chart."""
    return "<br>".join(textwrap.wrap(text, LEGEND_WRAP)) or text


MARKS: dict[str, Callable[[Columns, Style], list[dict]]] = {
    "band": _bands,
    "bar": _bar("Claimed range (chosen reading)", 0.3, outline=True),
    "tail": _bar("Open end (“or longer”)", 0.3, outline=False),
    "lead_in": _bar("Upper bound (“up to”): no lower end stated", 0.3, outline=False),
    "reading": _points("Chosen reading", "diamond", 13),
    "exact": _points("Number as written", "line-ns", 26, line=4, outline=False),
    "cap": _points("Upper bound (“up to”)", "line-ns", 30, text="middle left", line=5, outline=False),
    "none_end": _none_end,
    "unstated": _unstated,
    "evidence_span": _span,
    **{f"evidence:{kind}": _evidence_points(kind) for kind in EVIDENCE_SYMBOLS},
}
"""How each mark that is not a claim kind's own is drawn, in drawing order (later marks on top)."""


def mark_builders() -> dict[str, Callable[[Columns, Style], list[dict]]]:
    """Every mark's builder in drawing order: ``MARKS``, with each point kind's own mark (from relief.kinds)
    after the cap, so the registry of kinds is read when a chart is drawn."""
    builders: dict[str, Callable[[Columns, Style], list[dict]]] = {}
    for mark, build in MARKS.items():
        builders[mark] = build
        if mark == "cap":
            for k in KINDS.values():
                if k.draw == "span":
                    builders[f"{k.mark}:line"] = _span_line(k.legend, k.dash)
            for k in KINDS.values():
                if k.draw in ("point", "span"):
                    builders[k.mark] = _points(k.legend, k.symbol, k.size, text="by mark")
    return builders


def _span_line(name: str, dash: str) -> Callable[[Columns, Style], list[dict]]:
    """A thin line between a span kind's two times, in its own dash: never a bar, so never read as relief."""
    def build(m: Columns, st_: Style) -> list[dict]:
        xs = [v for a, b in zip(m["start"], m["end"], strict=True) for v in (a, b, None)]
        ys = [v for y in m["row"] for v in (y, y, None)]
        return [dict(type="scatter", name=f"{name}: range", mode="lines", x=xs, y=ys,
                     line=dict(color=st_.ink, width=2, dash=dash), hoverinfo="skip")]
    return build



OPEN_END = "<b>or longer ▶</b>"
OPEN_END_SHORT = "<b>▶</b>"
"""An open end's words at the plot's right edge, on its row's label line; the arrow alone where the row's name
leaves no room for the words beside it at the narrowest plot (``open_end_text``), its words then in its hover."""
OPEN_END_NAME = "open end"


def _annotations(open_ends: list[dict], axis: str, st_: Style) -> list[dict]:
    """Words pinned to the plot's right edge ("or longer ▶"), from the ``open_end`` marks."""
    return [dict(x=math.log10(m["start"]) if axis == "log" else m["start"], y=m["row"], xref="x", yref="y",
                 text=m["text"], showarrow=False, xanchor="right", yshift=27, font=_font(st_, 0.87),
                 name=OPEN_END_NAME, hovertext="or longer: a lower bound, no upper end given")
            for m in open_ends]


NOTE_GAP_EM = 0.8


def text_px(text: object, size: float, em: float = LABEL_EM) -> float:
    """The estimated width in pixels of a plotly text (its tags dropped) at font ``size``."""
    return len(_shown_text(text)) * em * size


def open_end_text(label: object, size: float) -> str:
    """The open end's words beside a row label (its line's text, at font ``size``) if both fit on one line of the
    narrowest plot; its arrow alone otherwise. "IV infusions, series, chronic pain" ran into "or longer ▶" on a
    390 px phone."""
    words = text_px(label, size) + text_px(OPEN_END, round(size * 0.87), CHAR_EM) + NOTE_GAP_EM * size
    return OPEN_END if words <= narrowest_plot_px(size) else OPEN_END_SHORT


def range_chart(
    plotted: pd.DataFrame,
    *,
    unit: str = "auto",
    axis: str = "log",
    show_quotes: bool = True,
    highlight: set[str] | None = None,
    evidence: pd.DataFrame | None = None,
    style: Style | None = None,
) -> go.Figure:
    """Horizontal fuzzy range bars, one row per claim in ``plotted`` (see ``ranges.plotted_ranges``).

    ``highlight``: claim ids drawn in colour and bold; the others are grey (``None`` = all in colour).
    ``evidence``: published durations to draw on a row of their own under each claim
    (see ``evidence.plotted_evidence``); never drawn into the source's bars.
    ``style``: colours and type size (see ``style_for``); light theme by default.

    No meaning rests on colour alone: every kind of mark has its own shape (see ``claim_marks``), and every
    row is labelled directly on the axis.
    """
    st_ = style or STYLES["light"]
    x0, x1 = _x_range(plotted, axis, evidence)
    with_studies = set() if evidence is None else set(evidence["claim_id"])
    study_rows = {c: f"{label}{STUDIES_SUFFIX}" for c, label in zip(plotted["claim_id"], plotted["label"], strict=True)
                  if c in with_studies}
    labels: list[str] = []
    ticktext: list[str] = []
    for claim_id, label in zip(plotted["claim_id"], plotted["label"], strict=True):
        labels.append(str(label))
        ticktext.append(f"<b>{html_label(label)}</b>" if highlight is not None and claim_id in highlight
                        else html_label(label))
        if claim_id in study_rows:
            labels.append(study_rows[claim_id])
            ticktext.append("<i>↳ published studies</i>")

    marks = _claim_mark_records(plotted, unit=unit, axis=axis, show_quotes=show_quotes, highlight=highlight,
                                style=st_, x_range=(x0, x1))
    if study_rows:
        marks += _evidence_mark_records(evidence[evidence["claim_id"].isin(study_rows)], study_rows, unit, st_)
    by_mark: dict[str, list[dict]] = {}
    for m in marks:
        by_mark.setdefault(m["mark"], []).append(m)
    traces: list[dict] = []  # plain dicts, validated once when the figure is made
    for mark, build in mark_builders().items():
        if mark in by_mark:
            traces += build(_columns(by_mark[mark]), st_)
    for trace in traces:
        if trace.get("legendgroup") != "evidence":
            trace["showlegend"] = False
    tickvals, tick_labels = ticks(x0, x1, unit, axis)
    entries = 0 if evidence is None else sum(legend_name(HOURS_KINDS[k]).count("<br>") + 1
                                             for k in evidence["hours_kind"].unique())
    # its title on a line of its own, then each entry's lines (a phone shows one entry a row)
    legend_space = round((46 + 20 * entries) * st_.size / 15) if study_rows else 0
    title = textwrap.wrap(f"{axis_title(plotted)} ({'log' if axis == 'log' else 'linear'} scale)", WRAP_CHARS)
    below = (len(title) - 1) * round(st_.size * 1.3)  # a title's further lines, under the first
    return _finish(
        traces,
        barmode="overlay",
        showlegend=bool(study_rows),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0,
                    title=dict(text="Published studies:", side="top"), font=_font(st_, 0.87)),
        **_layout(st_),
        height=round((110 + 56 * max(len(labels), 1)) * max(st_.size / 15, 1)) + legend_space + below,
        margin=dict(l=8, r=16, t=36, b=64 + legend_space + below),
        annotations=_annotations(by_mark.get("open_end", []), axis, st_),
        xaxis=dict(
            type=axis,
            range=[math.log10(x0), math.log10(x1)] if axis == "log" else [x0, x1],
            tickvals=tickvals, ticktext=tick_labels, tickangle=0,
            title=dict(text="<br>".join(html_label(line) for line in title)),
            showgrid=True, gridcolor=st_.grid, zeroline=False, showline=False, ticks="",
        ),
        yaxis=dict(categoryorder="array", categoryarray=labels, autorange="reversed", showgrid=False,
                   zeroline=False, showline=False, ticks="", tickvals=labels, ticktext=ticktext, automargin=True,
                   title=None),
    )


def axis_title(plotted: pd.DataFrame) -> str:
    """The time axis' title: the duration of pain relief, or plain time when other times share the chart."""
    if plotted.empty or plotted["kind"].map(speaks_of_relief).all():
        return "Duration of pain relief"
    return "Time: relief and the other times the source states"


def _finish(traces: go.Figure | list[dict], **layout) -> go.Figure:
    """The traces with their layout, set and validated in one construction (adding traces one by one and
    ``update_layout`` on the built figure cost several times more). A chart with one row per category gets
    its labels above its bars (``_labels_above``), which reads at every width, a phone's included."""
    if isinstance(traces, list) and _is_row_chart(layout):
        _labels_above(traces, layout)
    if isinstance(traces, go.Figure):  # what was set on the figure itself (the diagram's edge words) is kept
        layout = traces.layout.to_plotly_json() | layout
    edge_room(layout)
    return go.Figure(data=traces.data if isinstance(traces, go.Figure) else traces, layout=layout)


# ---------------------------------------------------------------- a layout that reads at every width
# The server does not know the screen's width, so the row charts use one layout that works at all of them:
# each row's label is written inside the plot, above its bar (not in a left margin that takes two thirds of a
# phone),
# the time axis keeps a few well-spaced ticks that plotly tilts rather than overlaps, and the axis title, centred
# under a plot as wide as the chart, stays inside it.

MAX_TICK_SHARE = 0.2  # two kept ticks are at least a fifth of the axis apart
ROW_LABEL = "row_label"  # the trace ``meta`` key holding a bar trace's designed width
MIN_BAR_PX = 14  # a row too short for its label and a bar this thick keeps its label beside the bar


def _is_row_chart(layout: dict) -> bool:
    yaxis = layout.get("yaxis") or {}
    return bool(yaxis.get("categoryarray")) and yaxis.get("tickvals") is not None and bool(layout.get("height"))


def type_size(layout: dict) -> float:
    """A figure's type size in pixels (plotly's 15 when it sets none): what every px measure of a layout scales by."""
    return ((layout.get("font") or {}).get("size")) or 15


def _label_px(layout: dict) -> int:
    size = type_size(layout)
    return round(size * 1.3) + 4


def _labels_above(traces: list[dict], layout: dict) -> None:
    """Labels inside the plot above their rows, and rows taller by a label's height, so bars keep their size."""
    rows = len(layout["yaxis"]["categoryarray"])
    layout["height"] = layout["height"] + rows * _label_px(layout)
    _place_labels(traces, layout)
    xaxis = layout.get("xaxis") or {}
    if xaxis.get("tickvals") is not None and xaxis.get("ticktext") is not None:
        xaxis["tickvals"], xaxis["ticktext"] = _spaced_ticks(xaxis)
    xaxis.pop("tickangle", None)  # plotly's default "auto": tilted by one of autotickangles rather than overlapping
    xaxis["autotickangles"] = [0, 30, 90]
    top_axis(traces, layout)


TALL_PX = 1000
"""A row chart taller than this (more than a 1920x1080 screen shows of it) repeats its time axis above the plot:
the comparison of every bundled source is 57 rows, 7,562 px, and its first screens had bars and no scale."""


def tall_px(layout: dict) -> float:
    """``TALL_PX`` for the figure's type: a slide on a 4K screen has three times the type and height of one at
    720p, and fits its screen as well (it had the time axis twice)."""
    return TALL_PX * max(type_size(layout) / 15, 1)


TOP_AXIS = "time axis, repeated at the top"  # the name of the empty trace that makes plotly draw it


def top_axis(traces: list[dict], layout: dict) -> None:
    """On a row chart taller than ``TALL_PX``: the time axis' ticks also above the plot (a second axis on the same
    scale, ``matches`` the first, drawn because an empty trace is on it), the chart taller by the labels' height
    so its rows keep their size. Nothing on a shorter chart, and nothing twice."""
    xaxis = layout.get("xaxis") or {}
    if layout.get("xaxis2") or (layout.get("height") or 0) <= tall_px(layout) or not xaxis.get("tickvals"):
        return
    extra = _label_px(layout) + 16
    layout["xaxis2"] = dict(overlaying="x", side="top", matches="x", type=xaxis.get("type"),
                            tickvals=xaxis["tickvals"], ticktext=xaxis.get("ticktext"), showgrid=False,
                            zeroline=False, showline=False, autotickangles=[0, 30, 90],
                            ticks="outside", ticklen=10, tickcolor="rgba(0,0,0,0)")  # unseen ticks: a gap above row 1
    traces.append(dict(type="scatter", x=[], y=[], xaxis="x2", name=TOP_AXIS, showlegend=False, hoverinfo="skip"))
    margin = layout.setdefault("margin", {})
    margin["t"] = margin.get("t", 80) + extra
    layout["height"] += extra


def _without_top_axis(traces: list[dict], layout: dict) -> None:
    """The repeated axis taken away from a chart made short again (a slide); its new margins are the caller's."""
    if layout.pop("xaxis2", None) is not None:
        traces[:] = [t for t in traces if t.get("name") != TOP_AXIS]


def _place_labels(traces: list[dict], layout: dict) -> None:
    """Fit each row's label between its bar and the row above, for the figure's present height."""
    rows = len(layout["yaxis"]["categoryarray"])
    margin = layout.get("margin") or {}
    plot = layout["height"] - margin.get("t", 80) - margin.get("b", 80)
    row = max(plot / max(rows, 1), 1.0)
    label = _label_px(layout)
    bars = [t for t in traces if t.get("type") == "bar" and t.get("orientation") == "h" and t.get("width")]
    for t in bars:
        meta = t.get("meta") if isinstance(t.get("meta"), dict) else {}
        t["meta"] = meta | {ROW_LABEL: meta.get(ROW_LABEL, t["width"])}
    widest = max((t["meta"][ROW_LABEL] for t in bars), default=0.7)
    yaxis = layout["yaxis"]
    notes = [a for a in (layout.get("annotations") or []) if a.get("name") != ROW_LABEL]
    size = type_size(layout)
    # too many rows for the height (a slide): labels beside the bars. The bar's least thickness grows with a slide's
    # type past 720p's 20 px, as its rows do, so a slide is laid out alike on every screen (at 4K the labels went
    # above bars too thin for them, and ran into the words beside the bars)
    above = row - label - 4 >= MIN_BAR_PX * max(size / 20, 1)
    scale = min(1.0, (row - label - 4) / (row * widest)) if above else 1.0
    for t in bars:
        t["width"] = round(t["meta"][ROW_LABEL] * scale, 4)
    shift = round(widest * scale * row / 2 + 2 + label / 2)
    names = dict(zip(yaxis["tickvals"], yaxis.get("ticktext") or yaxis["tickvals"], strict=True))
    for note in notes:  # a note above a row (such as "or longer ▶", anchored right) goes on the label's line
        if note.get("yref") == "y" and not note.get("showarrow", True) and (note.get("yshift") or 0) > 0:
            note["yshift"] = shift
            if note.get("name") == OPEN_END_NAME:
                note["text"] = open_end_text(names.get(note["y"], "") if above else "", size)
    yaxis["showticklabels"] = not above
    if above:
        notes += [dict(name=ROW_LABEL, text=text, x=0, xref="paper", xanchor="left", y=value, yref="y",
                       yanchor="middle", yshift=shift, showarrow=False, align="left")
                  for value, text in zip(yaxis["tickvals"], yaxis.get("ticktext") or yaxis["tickvals"], strict=True)]
    layout["annotations"] = notes


CHAR_EM = 0.6  # a tick label's width per character, in ems of its font: generous for Source Sans Pro's digits


def edge_room(layout: dict) -> None:
    """Side margins wide enough for the time axis' outermost tick labels, in place.

    Plotly hides a tick label that would cross the chart's edge ("hide past div"), so a tick near either end of the
    axis was drawn as a grid line with no label: "2 years" on every route chart, "1 h" and "6 months" on the
    anatomy chart. Each side's margin grows to half its outermost label's width, less the room the tick already has
    inside the plot at its narrowest (``NARROWEST_PLOT_EM``); margins never shrink, and a tick well inside the axis
    adds nothing."""
    xaxis = layout.get("xaxis") or {}
    values, texts, span = xaxis.get("tickvals"), xaxis.get("ticktext"), xaxis.get("range")
    if not values or not texts or not span or xaxis.get("visible") is False:
        return
    log = xaxis.get("type") == "log"
    lo, hi = (float(v) for v in span)
    if hi == lo:
        return
    size = (xaxis.get("tickfont") or {}).get("size") or type_size(layout)
    margin = layout.setdefault("margin", {})
    placed = sorted((((math.log10(v) if log else float(v)) - lo) / (hi - lo), _shown_text(t))
                    for v, t in zip(values, texts, strict=True) if not (log and v <= 0))
    for side, (share, text), inside in (("l", placed[0], placed[0][0]), ("r", placed[-1], 1 - placed[-1][0])):
        if not 0 <= share <= 1:
            continue
        need = math.ceil(len(text) * CHAR_EM * size / 2 - inside * narrowest_plot_px(size)) + 2
        margin[side] = max(margin.get(side, 80), need)


def _shown_text(label: object) -> str:
    """A plotly label as drawn: its tags gone, its entities read."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]*>", "", str(label)))


def _spaced_ticks(xaxis: dict) -> tuple[list, list]:
    """At most one tick per fifth of the axis: round ones ("1 day", "1 week") first, then the others."""
    values, texts = list(xaxis["tickvals"]), list(xaxis["ticktext"])
    log = xaxis.get("type") == "log"
    lo, hi = (xaxis.get("range") or [None, None])

    def at(v: float) -> float:
        return math.log10(v) if log and v > 0 else float(v)

    positions = [at(v) if not (log and v <= 0) else float("-inf") for v in values]
    if lo is None or hi is None:
        lo, hi = min(positions), max(positions)
    gap = abs(hi - lo) * MAX_TICK_SHARE
    order = sorted(range(len(values)), key=lambda i: (not str(texts[i]).startswith(("1 ", "0")), i))
    kept: list[int] = []
    for i in order:
        if all(abs(positions[i] - positions[j]) >= gap for j in kept):
            kept.append(i)
    kept.sort()
    return [values[i] for i in kept], [texts[i] for i in kept]


def place_labels(figure: go.Figure) -> go.Figure:
    """A copy of a row chart with its labels refitted after its height was changed (e.g. to fit a slide)."""
    if not _is_row_chart(figure.layout.to_plotly_json()):
        return figure
    spec = figure.to_dict()
    if spec["layout"]["height"] <= tall_px(spec["layout"]):  # a slide at 4K is tall in pixels, short in type
        _without_top_axis(spec["data"], spec["layout"])
    _place_labels(spec["data"], spec["layout"])
    edge_room(spec["layout"])  # a caller that set new margins (a slide, the anatomy chart) keeps the edge ticks
    return go.Figure(spec)


def _layout(st_: Style) -> dict:
    """Layout shared by every figure: transparent over the page, text in the theme's ink."""
    # No plotly template: every colour is set here (templates cost ~20 ms a figure).
    return dict(template="none",
                paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)", font=_font(st_),
                hoverlabel=dict(bgcolor=st_.hover, bordercolor=st_.ink, font=_font(st_, 0.87), align="left"))


ANATOMY_WRAP = 24
"""Characters per line of the anatomy chart's notes: two notes side by side fit the narrowest plot."""


def anatomy_chart(plotted: pd.DataFrame, unit: str = "auto", style: Style | None = None) -> go.Figure:
    """One claim's bar with its parts labelled: how to read a fuzzy bar.

    Laid out for every width at once: each note is wrapped to a few short lines, set beside its mark towards the
    middle (from the left third its left edge at the mark, from the right third its right edge), the bar's note
    above the bar and the bands' below, in a plot just tall enough for them; where the two bands' notes would meet
    on the narrowest plot (``NARROWEST_PLOT_EM``), the upper one goes under the lower one. The route's name heads
    the chart. On a 390 px phone the notes overran each other and both edges."""
    st_ = style or STYLES["light"]
    row = next(plotted.itertuples(index=False))
    spec = range_chart(plotted, unit=unit, axis="log", show_quotes=False, style=st_).to_dict()
    layout, traces = spec["layout"], spec["data"]
    margin = layout["margin"]
    old_plot = layout["height"] - margin["t"] - margin["b"]
    bars = [t for t in traces if t.get("type") == "bar" and t.get("width")]
    thick = {id(t): t["width"] * old_plot for t in bars}  # each bar's thickness in pixels, kept
    half = max(thick.values(), default=40) / 2
    size = round(st_.size * 0.87)
    line = round(size * 1.3)
    lo, hi = layout["xaxis"]["range"]
    narrowest = narrowest_plot_px(st_.size)

    def note(hours: float, text: str, below: bool) -> dict:
        share = (math.log10(hours) - lo) / (hi - lo)
        lines = textwrap.wrap(text, ANATOMY_WRAP) or [text]
        width = max(text_px(part, size) for part in lines)
        anchor = "left" if share < 1 / 3 else "right" if share > 2 / 3 else "center"
        left = share * narrowest - {"left": 0, "center": width / 2, "right": width}[anchor]
        return dict(x=math.log10(hours), lines=lines, anchor=anchor, span=(left, left + width), below=below)

    low = note(math.sqrt(row.low_conservative * row.low_generous),
               f"band: our reading of “{row.low_phrase}” ({format_band(row.low_conservative, row.low_generous, unit)})",
               True)
    middle = note(math.sqrt(row.bar_start_hours * row.bar_end_hours),
                  f"bar: the {READINGS[row.reading].lower()} reading, {reading_text(row, unit)}", False)
    high = note(math.sqrt(row.high_conservative * row.high_generous),
                f"band: “{row.high_phrase}” ({format_band(row.high_conservative, row.high_generous, unit)})", True)
    stacked = high["span"][0] < low["span"][1] + NOTE_GAP_EM * size  # they would meet: the upper end's goes under
    reach = half + 12  # from the bar's middle to a note's near edge: past the band
    low["ay"], middle["ay"] = reach, -reach
    high["ay"] = reach + (len(low["lines"]) * line + 8 if stacked else 0)
    below = max(n["ay"] + len(n["lines"]) * line for n in (low, high)) + 8
    above = reach + len(middle["lines"]) * line + 8
    plot = above + below  # every note inside the plot: the bar's middle ``above`` pixels from its top
    for t in bars:
        t["width"] = round(thick[id(t)] / plot, 4)
    title = _label_px(layout)
    notes = [dict(x=0, xref="paper", xanchor="left", y=1, yref="paper", yanchor="bottom", yshift=6,
                  text=html_label(row.label), showarrow=False, align="left")]  # the route's name, above the plot
    notes += [dict(x=n["x"], y=row.label, xref="x", yref="y", text="<br>".join(html_label(p) for p in n["lines"]),
                   showarrow=True, arrowhead=2, arrowcolor=st_.ink, ax=0, ay=n["ay"], xanchor=n["anchor"],
                   yanchor="top" if n["below"] else "bottom", align=n["anchor"],
                   font=_font(st_, 0.87), bgcolor=_rgba(st_.paper, 0.85)) for n in (low, middle, high)]
    layout["annotations"] = [a for a in layout.get("annotations") or [] if a.get("name") != ROW_LABEL] + notes
    layout["margin"] = dict(l=8, r=16, t=title + 10, b=60)
    layout["height"] = layout["margin"]["t"] + plot + layout["margin"]["b"]
    # the axis one category unit long, the plot's height: the bar's middle (at 0) ``above`` pixels from the top
    layout["yaxis"].update(showticklabels=False, autorange=False, range=[below / plot, -above / plot])
    edge_room(layout)
    return go.Figure(spec)


def mechanism_diagram(mechanisms: pd.DataFrame, show_quotes: bool = True, style: Style | None = None) -> go.Figure:
    """Ketamine on the left, each target on the right; solid edge = blocks, dashed = modulates."""
    st_ = style or STYLES["light"]
    n = len(mechanisms)
    ys = list(np.linspace(1, 0, n)) if n > 1 else [0.5]
    fig = go.Figure()
    for (row, y) in zip(mechanisms.itertuples(index=False), ys, strict=True):
        dash = "solid" if row.kind == "blocks" else "dash"
        fig.add_trace(go.Scatter(x=[0.12, 0.64], y=[0.5, y], mode="lines", hoverinfo="skip",
                                 line=dict(color=st_.ink, width=3 if row.kind == "blocks" else 2, dash=dash),
                                 name=f"{row.kind}: {row.target}"))
        fig.add_annotation(x=0.38, y=(0.5 + y) / 2, text=f"<b>{html_label(row.kind)}</b>", showarrow=False,
                           bgcolor=st_.paper, font=_font(st_, 0.93))
    hover = []
    for row in mechanisms.itertuples(index=False):
        text = f"{_bold(row.target)}<br>{wrap(row.action)}"
        if show_quotes:
            text += "<br><i>" + wrap(f"“{row.quote}”") + "</i>"
        hover.append(text)
    names = [textwrap.wrap(str(t), 10) or [str(t)] for t in mechanisms["target"]]  # "Glutamate / system"
    fig.add_trace(go.Scatter(
        x=[0.66] * n, y=ys, mode="markers+text",
        text=["<br>".join(f"<b>{html_label(part)}</b>" for part in lines) for lines in names],
        textposition="middle right", textfont=_font(st_, 1.07), name="Targets",
        marker=dict(size=26, symbol=["square" if k == "blocks" else "circle" for k in mechanisms["kind"]],
                    color=["#0072B2" if k == "blocks" else "#E69F00" for k in mechanisms["kind"]],
                    line=dict(color=st_.ink, width=1.5)),
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=[0.1], y=[0.5], mode="markers+text", text=["<b>Ketamine</b>"], textposition="middle left",
        textfont=_font(st_, 1.2), marker=dict(size=34, color=st_.ink, symbol="hexagon"),
        hovertemplate="Ketamine<extra></extra>", name="Ketamine",
    ))
    return _finish(
        fig,
        showlegend=False, **_layout(st_), height=120 + 90 * n,
        margin=dict(l=10, r=10, t=20, b=20),
        xaxis=dict(visible=False, range=_diagram_range(st_, names)),
        yaxis=dict(visible=False, range=[-0.15, 1.15]),
    )


def _diagram_range(st_: Style, names: list[list[str]]) -> list[float]:
    """The mechanism diagram's x range, wide enough that "Ketamine" (left of its mark at 0.1) and the longest line of
    a target's name (right of its mark at 0.66) stay inside the narrowest plot: on a 390 px phone both were cut."""
    plot = narrowest_plot_px(st_.size)
    left = (len("Ketamine") * CHAR_EM * st_.size * 1.2 + 17 + 6) / plot  # its text, half its mark, a gap
    longest = max((len(part) for lines in names for part in lines), default=0)
    right = (longest * CHAR_EM * st_.size * 1.07 + 13 + 6) / plot
    span = 0.56 / max(1 - left - right, 0.2)  # the marks 0.56 apart take what the two texts leave
    return [min(0.1 - left * span, -0.12), max(0.66 + right * span, 1.05)]


def lexicon_chart(lexicon: pd.DataFrame, reading: str = "central", style: Style | None = None) -> go.Figure:
    """Each phrase as a band from its conservative to its generous reading, with the chosen reading marked."""
    st_ = style or STYLES["light"]
    phrases = [str(p) for p in lexicon["phrase"]]
    lows, highs = lexicon["conservative_hours"].astype(float), lexicon["generous_hours"].astype(float)
    chosen = lexicon[f"{reading}_hours"].astype(float)
    x0 = float(lows.min()) / 3
    words = [f"{format_band(a, b)},<br>{reading} {format_hours(c)}"  # two short lines: they fit beside a phone's bands
             for a, b, c in zip(lows, highs, chosen, strict=True)]
    x1 = _room_for_words(x0, float(highs.max()) * 40, list(highs * 1.15), words, round(st_.size * 0.93),
                         narrowest_plot_px(st_.size))
    fig = go.Figure()
    fig.add_trace(go.Bar(
        name="Reading band", orientation="h", y=phrases, base=list(lows), x=list(highs - lows), width=0.6,
        marker=dict(color=_rgba("#0072B2", 0.25), line=dict(color=st_.ink, width=1.2),
                    pattern=dict(shape="/", fgcolor="#0072B2", fgopacity=0.6, size=7, solidity=0.15,
                                 fillmode="overlay")),
        hovertext=[_bold(f"“{p}”") + "<br>" + wrap(f"conservative {format_hours(a)} · central {format_hours(c)} · "
                                                   f"generous {format_hours(b)}") for p, a, b, c in
                   zip(phrases, lows, highs, lexicon["central_hours"], strict=True)],
        hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        name=f"{READINGS[reading]} reading", mode="markers", y=phrases, x=list(chosen),
        marker=dict(symbol="diamond", size=round(13 * st_.size / 15), color="#0072B2",
                    line=dict(color=st_.ink, width=1.5)),
        hoverinfo="skip",
    ))
    fig.add_trace(go.Scatter(
        name="Readings in words", mode="text", y=phrases, x=list(highs * 1.15), textposition="middle right",
        text=words,
        textfont=_font(st_, 0.93), hoverinfo="skip",
    ))
    tickvals, tick_labels = ticks(x0, x1, "auto", "log")
    tickvals, tick_labels = _spaced_ticks(dict(tickvals=tickvals, ticktext=tick_labels, type="log",
                                               range=[math.log10(x0), math.log10(x1)]))  # apart on a phone
    return _finish(
        fig,
        barmode="overlay", showlegend=False, **_layout(st_),
        height=round((110 + 64 * len(phrases)) * max(st_.size / 15, 1)), margin=dict(l=8, r=16, t=24, b=64),
        xaxis=dict(type="log", range=[math.log10(x0), math.log10(x1)], tickvals=tickvals, ticktext=tick_labels,
                   tickangle=0, title=dict(text="Hours the phrase is read as (log scale)"), gridcolor=st_.grid,
                   zeroline=False, showline=False, ticks=""),
        yaxis=dict(categoryorder="array", categoryarray=phrases, autorange="reversed", showgrid=False, zeroline=False,
                   showline=False, ticks="", ticktext=[f"“{html_label(p)}”" for p in phrases], tickvals=phrases,
                   automargin=True),
    )


def _room_for_words(x0: float, x1: float, starts: list[float], words: list[str], size: float, plot: float) -> float:
    """The end of a log axis from ``x0`` far enough past ``x1`` that each text, drawn rightwards from its start, ends
    inside a plot ``plot`` pixels wide (the readings beside the lexicon's bands ran off a 1024 px slide)."""
    lo, hi = math.log10(x0), math.log10(x1)
    for start, text in zip(starts, words, strict=True):
        share = (max(len(_shown_text(line)) for line in text.split("<br>")) * LABEL_EM * size + 8) / plot
        if share < 0.9:  # the text takes ``share`` of the plot: the axis ends where it leaves that much
            hi = max(hi, (math.log10(start) - share * lo) / (1 - share))
    return 10**hi


KEY: dict[str, str] = {
    "band": "Hatched band: our conservative-to-generous reading of a vague phrase.",
    "reading": "Diamond: the {reading} reading.",
    "exact": "Crisp tick: a number as the source writes it (“3 days”), no reading needed.",
    "none_end": "A bar from the left edge marked “none”: the source's range starts at no relief for some.",
}
"""The key's sentences for the marks every kind may use; each kind's own mark has its sentence in relief.kinds."""


def key_sentences() -> dict[str, str]:
    """The chart's key in words, one sentence per kind of mark: ``KEY``, then each kind's own (relief.kinds)."""
    return KEY | {k.mark: k.key for k in KINDS.values() if k.key}


def key_text(plotted: pd.DataFrame) -> str:
    """The key to the marks this table draws, in words: only the kinds of mark that appear."""
    if plotted.empty:
        return ""
    drawn = {m["mark"] for m in _claim_mark_records(plotted)}
    reading = READINGS[plotted["reading"].iloc[0]].lower()
    return " ".join(text.format(reading=reading) for mark, text in key_sentences().items() if mark in drawn)


def describe(plotted: pd.DataFrame, unit: str = "auto", axis: str = "log",
             evidence: pd.DataFrame | None = None) -> str:
    """A one-paragraph text alternative for ``range_chart``, from the same table it draws."""
    from .ranges import claimed_text, reading_text

    if plotted.empty:
        return "The chart is empty: no claim matches the settings."
    reading = READINGS[plotted["reading"].iloc[0]].lower()
    others = [KINDS[k] for k in dict.fromkeys(plotted["kind"]) if not speaks_of_relief(k)]
    count = len(plotted)
    if others:
        about = int(plotted["kind"].map(speaks_of_relief).sum())
        names = ", ".join(k.code.replace("_", " ") for k in others)
        said = (f"{count} claim{'s' if count != 1 else ''}: {about} about how long relief lasts and "
                f"{count - about} about other times ({names}), never drawn as relief that lasted,")
    else:
        said = f"{count} claim{'s' if count != 1 else ''} about how long relief lasts,"
    parts = [f"A range chart of {said} on a {axis} time axis, read with the {reading} reading of the source's "
             "phrases."]
    for row in plotted.itertuples(index=False):
        line = f"{row.label}: the source says {claimed_text(row)}"
        line += KINDS[row.kind].drawn_as.format(reading_text(row, unit))
        if evidence is not None and not evidence.empty:
            count = int((evidence["claim_id"] == row.claim_id).sum())
            if count:
                line += f"; {count} published stud{'ies' if count != 1 else 'y'} with a stated duration beside it"
        parts.append(line + ".")
    return " ".join(parts)


def _colour_forms(hex_colour: str) -> list[str]:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return [hex_colour.upper(), hex_colour.lower(), f"rgba({r},{g},{b},", f"rgb({r},{g},{b})"]


def style_of(figure: go.Figure) -> str:
    """Which theme a figure built here was drawn in ('light' or 'dark'), read from its text colour."""
    ink = str(figure.layout.font.color or "").upper()
    return next((name for name, s in STYLES.items() if s.ink.upper() == ink), "light")


def restyle(figure: go.Figure, style: Style) -> go.Figure:
    """A copy of a figure built here, redrawn in another theme's colours (route colours stay as they are).

    Exports use it so a file is drawn in its own style whatever the screen showed: every colour of the
    figure's theme (ink, muted, grid, paper, hover, overall; hex or rgba) is swapped for the other's.
    """
    import json

    source = STYLES[style_of(figure)]
    text = figure.to_json()
    if source.ink.upper() != style.ink.upper():
        for name in ("ink", "muted", "grid", "paper", "hover", "overall"):
            old, new = _colour_forms(getattr(source, name)), _colour_forms(getattr(style, name))
            for a, b in zip(old, new, strict=True):
                text = text.replace(f'"{a}"', f'"{b}"') if a.startswith("#") else text.replace(a, b)
    return go.Figure(json.loads(text))
