"""plotly figure builders: tables in, figures out. No Streamlit here.

The range chart draws, for every plotted claim, a hatched band at each end
(the phrase's conservative to generous reading), a solid bar between the
chosen readings, a fading tail with 'or longer' for an open end, and the words
'no range stated' where the article gives none. Hover text carries the
article's words, the hours and (optionally) the verbatim quote.
"""

from __future__ import annotations

import html
import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .durations import format_band, format_hours, ticks
from .ranges import claimed_text, reading_text, span_hours
from .vocabulary import READINGS, ROUTE_COLOURS

MUTED = "#8C8C8C"
INK = "#1F2933"
FADE_STEPS = (0.85, 0.55, 0.3, 0.12)
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color=INK)


def _escape(text: str) -> str:
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int = 68) -> str:
    """Escaped text wrapped for a plotly hover box."""
    return "<br>".join(_escape(line) for line in textwrap.wrap(str(text), width)) or ""


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _x_range(plotted: pd.DataFrame, axis: str) -> tuple[float, float]:
    lo, hi = span_hours(plotted)
    if axis == "log":
        return lo / 3, hi * 4
    return 0.0, hi * 1.3


def _hover(row, unit: str, show_quotes: bool, lead: str) -> str:
    parts = [f"<b>{_escape(row.label)}</b>", lead]
    if show_quotes:
        parts.append("<i>“" + wrap(row.quote) + "”</i>")
        parts.append(f"Section: {_escape(row.section)}")
    return "<br>".join(parts)


def _lead(row, unit: str) -> str:
    return (f"Article: {_escape(claimed_text(row))}<br>"
            f"{READINGS[row.reading]} reading: {_escape(reading_text(row, unit))}")


def _band_lead(row, end: str, unit: str) -> str:
    phrase = getattr(row, f"{end}_phrase")
    values = [format_hours(getattr(row, f"{end}_{r}"), unit) for r in READINGS]
    return (f"Our reading of “{_escape(phrase)}”:<br>"
            + " · ".join(f"{READINGS[r].lower()} {v}" for r, v in zip(READINGS, values, strict=True)))


def range_chart(
    plotted: pd.DataFrame,
    *,
    unit: str = "auto",
    axis: str = "log",
    show_quotes: bool = True,
    highlight: set[str] | None = None,
) -> go.Figure:
    """Horizontal fuzzy range bars, one row per claim in ``plotted`` (see ``ranges.plotted_ranges``).

    ``highlight``: routes drawn in colour; the others are grey (``None`` = all in colour).
    """
    x0, x1 = _x_range(plotted, axis)
    labels = [str(v) for v in plotted["label"]]

    def colour(route: str) -> str:
        if highlight is not None and route not in highlight:
            return MUTED
        return ROUTE_COLOURS.get(route, INK)

    bands: dict[str, list] = {k: [] for k in ("y", "base", "x", "colour", "hover", "end")}
    bars: dict[str, list] = {k: [] for k in ("y", "base", "x", "colour", "hover")}
    marks: dict[str, list] = {k: [] for k in ("y", "x", "colour", "hover")}
    tails: dict[str, list] = {k: [] for k in ("y", "base", "x", "colour", "opacity", "hover")}
    unstated: dict[str, list] = {k: [] for k in ("y", "hover")}
    annotations = []

    for row in plotted.itertuples(index=False):
        c = colour(row.route)
        if not row.stated:
            unstated["y"].append(row.label)
            unstated["hover"].append(_hover(row, unit, show_quotes, "The article states no duration for this route."))
            continue
        ends = ["low"] if row.open_ended or row.low_phrase == row.high_phrase else ["low", "high"]
        for end in ends:
            lo, hi = getattr(row, f"{end}_conservative"), getattr(row, f"{end}_generous")
            bands["y"].append(row.label)
            bands["base"].append(lo)
            bands["x"].append(hi - lo)
            bands["colour"].append(c)
            bands["end"].append(end)
            bands["hover"].append(_hover(row, unit, show_quotes, _band_lead(row, end, unit)))
        start = row.bar_start_hours
        lead = _lead(row, unit)
        if row.open_ended:
            spacing = np.geomspace if axis == "log" else np.linspace
            edges = spacing(start, x1, len(FADE_STEPS) + 1)
            for a, b, alpha in zip(edges[:-1], edges[1:], FADE_STEPS, strict=True):
                tails["y"].append(row.label)
                tails["base"].append(float(a))
                tails["x"].append(float(b - a))
                tails["colour"].append(c)
                tails["opacity"].append(alpha)
                tails["hover"].append(_hover(row, unit, show_quotes, lead))
            annotations.append(dict(x=math.log10(x1) if axis == "log" else x1, y=row.label, xref="x", yref="y",
                                    text="<b>or longer ▶</b>", showarrow=False, xanchor="right", yshift=27,
                                    font=dict(size=13, color=INK)))
            ends_at = [start]
        else:
            bars["y"].append(row.label)
            bars["base"].append(start)
            bars["x"].append(row.bar_end_hours - start)
            bars["colour"].append(c)
            bars["hover"].append(_hover(row, unit, show_quotes, lead))
            ends_at = [start, row.bar_end_hours]
        for x in ends_at:
            marks["y"].append(row.label)
            marks["x"].append(x)
            marks["colour"].append(c)
            marks["hover"].append(_hover(row, unit, show_quotes, lead))

    fig = go.Figure()
    # One band trace per colour: plotly.js reads a per-bar colour array badly together with a pattern fill.
    for c in dict.fromkeys(bands["colour"]):
        idx = [i for i, v in enumerate(bands["colour"]) if v == c]
        fig.add_trace(go.Bar(
            name="Phrase band (conservative to generous reading)", orientation="h", legendgroup="bands",
            y=[bands["y"][i] for i in idx], base=[bands["base"][i] for i in idx], x=[bands["x"][i] for i in idx],
            width=0.72, customdata=[bands["end"][i] for i in idx],
            marker=dict(color=_rgba(c, 0.22), line=dict(color=c, width=1.2),
                        pattern=dict(shape="/", fgcolor=c, fgopacity=0.55, size=7, solidity=0.15)),
            hovertext=[bands["hover"][i] for i in idx], hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.add_trace(go.Bar(
        name="Claimed range (chosen reading)", orientation="h",
        y=bars["y"], base=bars["base"], x=bars["x"], width=0.3,
        marker=dict(color=bars["colour"], line=dict(width=0)),
        hovertext=bars["hover"], hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.add_trace(go.Bar(
        name="Open end (“or longer”)", orientation="h",
        y=tails["y"], base=tails["base"], x=tails["x"], width=0.3,
        marker=dict(color=tails["colour"], opacity=tails["opacity"], line=dict(width=0)),
        hovertext=tails["hover"], hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        name="Chosen reading", mode="markers", y=marks["y"], x=marks["x"],
        marker=dict(symbol="diamond", size=13, color=marks["colour"], line=dict(color="white", width=1.5)),
        hovertext=marks["hover"], hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        name="No range stated", mode="markers+text", y=unstated["y"],
        x=[x0 * 1.5 if axis == "log" else x1 * 0.01] * len(unstated["y"]),
        text=["no range stated"] * len(unstated["y"]), textposition="middle right",
        textfont=dict(size=14, color=INK, style="italic"),
        marker=dict(symbol="circle-open", size=11, color=INK, line=dict(width=2)),
        hovertext=unstated["hover"], hovertemplate="%{hovertext}<extra></extra>",
    ))

    tickvals, ticktext = ticks(x0, x1, unit, axis)
    highlighted = [f"<b>{_escape(label)}</b>" if highlight is not None and route in highlight else _escape(label)
                   for label, route in zip(labels, plotted["route"], strict=True)]
    fig.update_layout(
        barmode="overlay",
        showlegend=False,
        template="plotly_white",
        font=FONT,
        height=110 + 56 * max(len(labels), 1),
        margin=dict(l=8, r=16, t=36, b=64),
        hoverlabel=dict(bgcolor="white", font=dict(size=13, color=INK), align="left"),
        annotations=annotations,
        xaxis=dict(
            type=axis,
            range=[math.log10(x0), math.log10(x1)] if axis == "log" else [x0, x1],
            tickvals=tickvals, ticktext=ticktext, tickangle=0,
            title=dict(text=f"Duration of pain relief ({'log' if axis == 'log' else 'linear'} scale)"),
            showgrid=True, gridcolor="#E4E7EB", zeroline=False,
        ),
        yaxis=dict(categoryorder="array", categoryarray=labels, autorange="reversed",
                   tickvals=labels, ticktext=highlighted, automargin=True, title=None),
    )
    return fig


def anatomy_chart(plotted: pd.DataFrame, unit: str = "auto") -> go.Figure:
    """One claim's bar with its parts labelled: how to read a fuzzy bar."""
    row = next(plotted.itertuples(index=False))
    fig = range_chart(plotted, unit=unit, axis="log", show_quotes=False)
    y = row.label
    notes = [
        (math.sqrt(row.low_conservative * row.low_generous), 46,
         f"band: our reading of “{row.low_phrase}” ({format_band(row.low_conservative, row.low_generous, unit)})"),
        (math.sqrt(row.bar_start_hours * row.bar_end_hours), -44,
         f"bar: the {READINGS[row.reading].lower()} reading, {reading_text(row, unit)}"),
        (math.sqrt(row.high_conservative * row.high_generous), 46,
         f"band: “{row.high_phrase}” ({format_band(row.high_conservative, row.high_generous, unit)})"),
    ]
    for x, ay, text in notes:
        fig.add_annotation(x=math.log10(x), y=y, text=_escape(text), showarrow=True, arrowhead=2, ax=0, ay=ay,
                           font=dict(size=13, color=INK), bgcolor="rgba(255,255,255,0.85)")
    fig.update_layout(height=260, margin=dict(l=8, r=16, t=70, b=60))
    return fig


def mechanism_diagram(mechanisms: pd.DataFrame, show_quotes: bool = True) -> go.Figure:
    """Ketamine on the left, each target on the right; solid edge = blocks, dashed = modulates."""
    n = len(mechanisms)
    ys = list(np.linspace(1, 0, n)) if n > 1 else [0.5]
    fig = go.Figure()
    for (row, y) in zip(mechanisms.itertuples(index=False), ys, strict=True):
        dash = "solid" if row.kind == "blocks" else "dash"
        fig.add_trace(go.Scatter(x=[0.12, 0.64], y=[0.5, y], mode="lines", hoverinfo="skip",
                                 line=dict(color=INK, width=3 if row.kind == "blocks" else 2, dash=dash),
                                 name=f"{row.kind}: {row.target}"))
        fig.add_annotation(x=0.38, y=(0.5 + y) / 2, text=f"<b>{_escape(row.kind)}</b>", showarrow=False,
                           bgcolor="white", font=dict(size=14, color=INK))
    hover = []
    for row in mechanisms.itertuples(index=False):
        text = f"<b>{_escape(row.target)}</b><br>{wrap(row.action)}"
        if show_quotes:
            text += "<br><i>“" + wrap(row.quote) + "”</i>"
        hover.append(text)
    fig.add_trace(go.Scatter(
        x=[0.66] * n, y=ys, mode="markers+text", text=[f"<b>{_escape(t)}</b>" for t in mechanisms["target"]],
        textposition="middle right", textfont=dict(size=16, color=INK), name="Targets",
        marker=dict(size=26, symbol=["square" if k == "blocks" else "circle" for k in mechanisms["kind"]],
                    color=["#0072B2" if k == "blocks" else "#E69F00" for k in mechanisms["kind"]],
                    line=dict(color=INK, width=1.5)),
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=[0.1], y=[0.5], mode="markers+text", text=["<b>Ketamine</b>"], textposition="middle left",
        textfont=dict(size=18, color=INK), marker=dict(size=34, color=INK, symbol="hexagon"),
        hovertemplate="Ketamine<extra></extra>", name="Ketamine",
    ))
    fig.update_layout(
        showlegend=False, template="plotly_white", font=FONT, height=120 + 90 * n,
        margin=dict(l=10, r=10, t=20, b=20),
        hoverlabel=dict(bgcolor="white", font=dict(size=13, color=INK), align="left"),
        xaxis=dict(visible=False, range=[-0.12, 1.05]), yaxis=dict(visible=False, range=[-0.15, 1.15]),
    )
    return fig
