"""According to whom: the chosen sources' claims on one chart and in a matrix (DataFrames and figures out).

Per route (in the vocabulary's order), each chosen source's claims sit on rows of their own, labelled with the
source's shape and name (never told by colour alone) and drawn by their kind exactly as the routes chart draws
one source's claims (``charts.range_chart``); a row "not stated by …" names the sources that say nothing about
the route. Under each route, one row of published studies (the findings that speak to the claims shown), and
each claim's ends judged by the verdict rules (``judgement``) in its hover and in the table. The matrix puts the
sources against the routes, each cell the claim in the source's own words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from . import charts, evidence, ranges
from .kinds import KINDS, is_relief, speaks_of_relief
from .library import Library, Source
from .vocabulary import CERTAINTY, ENDS, PAIN_CONTEXTS, REGIMENS, ROUTES, VERDICTS, labels

NOT_STATED = "not stated"
MAX_NAMED = 3
"""A "not stated by" row names up to this many sources; more are counted and shown by their shapes (the hover
and the matrix name them all)."""
NOT_STATED_PREFIX = "not-stated:"
"""``claim_key`` of a route's row naming the sources that say nothing about it."""


def vocabulary(library: Library, sources: Iterable[Source] | None = None) -> pd.DataFrame | None:
    """Every source's vocabulary.csv in one table (codes a source declares, with their labels), or None."""
    frames = [s.dataset.vocabulary for s in (library.sources if sources is None else sources)
              if s.dataset.vocabulary is not None]
    if not frames:
        return None
    return pd.concat(frames, ignore_index=True).drop_duplicates(["dimension", "code"])


def present(codes: Iterable[str], built_in: Mapping[str, str]) -> tuple[str, ...]:
    """Codes that occur, in vocabulary order, then codes a source declared itself, in data order."""
    codes = list(codes)
    found = set(codes)
    return (*(c for c in built_in if c in found), *dict.fromkeys(c for c in codes if c not in built_in))


def choices(library: Library) -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """What the comparison's filters offer, over every source: ``{field: (codes, labels)}``."""
    claims = library.claims()
    extra = vocabulary(library)
    out = {"sources": (library.slugs, {s.slug: s.mark for s in library})}
    for name, column, built_in in (("routes", "route", ROUTES), ("regimen", "regimen", REGIMENS),
                                   ("pain", "pain_context", PAIN_CONTEXTS)):
        out[name] = (present(claims[column], built_in), labels(column, extra))
    return out


# ---------------------------------------------------------------- what is plotted


def plotted(library: Library, sources: Iterable[str], reading: str = "central", routes: Iterable[str] | None = None,
            regimens: Iterable[str] | None = None, contexts: Iterable[str] | None = None) -> pd.DataFrame:
    """The chosen sources' claims passing the filters, grouped by route, one row each (``ranges.plotted_ranges``
    columns plus ``source``, ``claim_key``, ``source_name``, ``source_mark`` and ``row``, the row's label), and
    per route a row "not stated by …" for the chosen sources that say nothing about it (``kind`` not_stated,
    ``said`` False)."""
    chosen = library.chosen(sources)
    extra = vocabulary(library, chosen)
    route_labels = labels("route", extra)
    frames = []
    for source in chosen:
        rows = ranges.plotted_ranges(source.dataset.claims, source.dataset.lexicon, reading, routes=routes,
                                     regimens=regimens, contexts=contexts)
        if rows.empty:
            continue
        frames.append(rows.assign(source=source.slug, claim_key=source.slug + ":" + rows["claim_id"],
                                  source_name=source.name, source_mark=source.mark, said=True,
                                  row=source.glyph + " " + source.name + " · " + rows["label"]))
    if not frames:
        return pd.DataFrame(columns=[*ranges.PLOTTED_COLUMNS, "source", "claim_key", "source_name", "source_mark",
                                     "said", "row"])
    claims = pd.concat(frames, ignore_index=True)
    order = {code: i for i, code in enumerate(present(claims["route"], ROUTES))}
    source_order = {s.slug: i for i, s in enumerate(chosen)}
    out = []
    claims = claims.assign(_route=claims["route"].map(order), _source=claims["source"].map(source_order))
    claims = claims.sort_values(["_route", "_source"], kind="stable").drop(columns=["_route", "_source"])
    for route in dict.fromkeys(claims["route"]):
        group = claims[claims["route"] == route]
        out.append(group)
        silent = [s for s in chosen if s.slug not in set(group["source"])]
        if silent:
            names = (", ".join(f"{s.glyph} {s.name}" for s in silent) if len(silent) <= MAX_NAMED else
                     f"{len(silent)} sources ({' '.join(s.glyph for s in silent)})")
            name = route_labels.get(route, route)
            out.append(pd.DataFrame([{
                **{c: "" for c in ranges.PLOTTED_COLUMNS}, **{c: float("nan") for c in ranges.END_COLUMNS},
                "claim_id": f"{NOT_STATED_PREFIX}{route}", "label": f"{name}: not stated", "route": route,
                "regimen": "not_stated", "pain_context": "not_stated", "kind": "not_stated", "stated": False,
                "open_ended": False, "reading": reading, "bar_start_hours": float("nan"),
                "bar_end_hours": float("nan"), "at_hours": float("nan"),
                "quote": f"{', '.join(f'{s.glyph} {s.name}' for s in silent)} "
                         f"{'says' if len(silent) == 1 else 'say'} nothing about {name}.",
                "section": "", "note": "", "source": ",".join(s.slug for s in silent),
                "claim_key": f"{NOT_STATED_PREFIX}{route}", "source_name": ", ".join(s.name for s in silent),
                "source_mark": names, "said": False, "row": f"{name}: {NOT_STATED} by {names}"}]))
    table = pd.concat(out, ignore_index=True)
    table["row"] = _unique(table["row"])
    return table


def _unique(rows: pd.Series) -> list[str]:
    """Row labels made unique (a category axis merges equal labels): a repeat gets ' (2)', ' (3)'…"""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        seen[row] = seen.get(row, 0) + 1
        out.append(row if seen[row] == 1 else f"{row} ({seen[row]})")
    return out


def studies(library: Library, table: pd.DataFrame) -> pd.DataFrame | None:
    """Published findings with a stated duration beside the claims: per route, the findings that speak to any
    claim shown on it, once each, on one row under the route's last row (its ``claim_id`` is that row's key)."""
    # published durations of relief go beside claims about relief only, never beside an interval or an onset
    said = table[table["said"] & table["kind"].map(speaks_of_relief).astype(bool)]
    if said.empty:
        return None
    frames = []
    for route, group in table.groupby("route", sort=False):
        rows = []
        for slug, claims in said[said["route"] == route].groupby("source", sort=False):
            found = evidence.plotted_evidence(library[slug].dataset, list(claims["claim_id"]))
            if not found.empty:
                rows.append(found)
        if rows:
            found = pd.concat(rows, ignore_index=True).drop_duplicates("evidence_id")
            # under the route's last claim about relief: never under an interval, a course or an onset
            last = group.loc[group["claim_key"].isin(said["claim_key"]), "claim_key"].iloc[-1]
            frames.append(found.assign(claim_id=last, verdict=""))
    if not frames:
        return None
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- each end judged


VERDICT_COLUMNS = ["claim_key", "source", "claim_id", "end", "label", "certainty", "derivation", "text"]


def _judged(dataset) -> pd.DataFrame | None:
    """The verdict rules' table for a source (``judgement.dataset_verdicts``), or None when the rules are absent."""
    try:
        from . import judgement
    except ImportError:  # the verdict rules not in this build: the written verdicts only
        return None
    judge = getattr(judgement, "dataset_verdicts", None)
    return None if judge is None or dataset.evidence is None else judge(dataset)


def _end_words(row) -> str:
    try:
        from .judgement import end_text
    except ImportError:
        end_text = None
    if end_text is not None:
        return end_text(row)
    if not row.label:
        return "not judged"
    certainty = f", {CERTAINTY[row.certainty].split(' ', 1)[1]} certainty" if row.certainty in CERTAINTY else ""
    return f"{VERDICTS.get(row.label, row.label)}{certainty}"


def verdicts(library: Library, table: pd.DataFrame) -> pd.DataFrame:
    """Each end of each claim shown, judged: one row per (claim_key, end), ``text`` in words."""
    records = []
    said = table[table["said"]]
    for slug, claims in said.groupby("source", sort=False):
        judged = source_verdicts(library[slug].dataset)
        judged = judged[judged["claim_id"].isin(set(claims["claim_id"]))]
        for row in judged.itertuples(index=False):
            records.append({"claim_key": f"{slug}:{row.claim_id}", "source": slug, "claim_id": row.claim_id,
                            "end": row.end, "label": row.label, "certainty": row.certainty,
                            "derivation": row.derivation, "text": _end_words(row)})
    return pd.DataFrame.from_records(records, columns=VERDICT_COLUMNS)


def source_verdicts(dataset) -> pd.DataFrame:
    """Every end of every claim of one source judged by the rules, against its findings (or against none), once
    per data set (its ``memo``): a comparison asks for each source's on every new choice of sources."""
    judged = _judged(dataset)
    return dataset.memo.once("compare.written", lambda: _written(dataset)) if judged is None else judged


def _written(dataset) -> pd.DataFrame:
    """A source without findings: its claims judged by the rules against none (nothing decides an end)."""
    from .judgement import judge

    return judge(dataset.claims, dataset.lexicon, None, dataset.verdicts, dataset.vocabulary)


def verdict_line(judged: pd.DataFrame, claim_key: str) -> str:
    """Both ends of one claim in words: 'lower end: overstated, low certainty · upper end: supported, …'."""
    return _line(judged[judged["claim_key"] == claim_key].itertuples(index=False))


def _line(rows: Iterable) -> str:
    parts = [f"{ENDS[r.end]}: {r.text}" for r in rows if r.label or "open" in r.text]
    return " · ".join(parts) if parts else "nothing to judge"


def verdict_lines(judged: pd.DataFrame) -> dict[str, str]:
    """``verdict_line`` for every claim in ``judged`` at once (one pass, not one filter per claim)."""
    by_claim: dict[str, list] = {}
    for row in judged.itertuples(index=False):
        by_claim.setdefault(row.claim_key, []).append(row)
    return {key: _line(rows) for key, rows in by_claim.items()}


# ---------------------------------------------------------------- the chart


def figure(table: pd.DataFrame, found: pd.DataFrame | None, judged: pd.DataFrame, library: Library, *,
           unit: str = "auto", axis: str = "log", style: charts.Style | None = None,
           lines: Mapping[str, str] | None = None) -> go.Figure:
    """One chart: every row of ``table`` drawn by its kind, the source's shape at the start of each row that
    states a time (its label carries the shape too), the studies' row under each route, each claim's verdict in
    its hover (``lines``: ``verdict_lines(judged)`` when already made)."""
    st_ = style or charts.STYLES["light"]
    keyed = table.assign(claim_id=table["claim_key"], label=table["row"])
    fig = charts.range_chart(keyed, unit=unit, axis=axis, evidence=found, style=st_)
    every = verdict_lines(judged) if lines is None else lines
    lines = {key: every.get(key, "nothing to judge") for key in table.loc[table["said"], "claim_key"]}
    not_said = dict(zip(table.loc[~table["said"], "row"], table.loc[~table["said"], "source_mark"], strict=True))
    for trace in fig.data:
        if trace.name == "No range stated" and trace.y is not None:  # a route no chosen source speaks of here
            trace.text = [f"{NOT_STATED} by these sources" if y in not_said else t
                          for y, t in zip(trace.y, trace.text, strict=True)]
        if trace.hovertext is not None and trace.y is not None and (trace.legendgroup or "") != "evidence":
            keys = dict(zip(table["row"], table["claim_key"], strict=True))
            trace.hovertext = [h + ("<br>" + charts.wrap(f"Verdict: {lines[keys[y]]}") if keys.get(y) in lines
                                    else "") for y, h in zip(trace.y, trace.hovertext, strict=True)]
    fig = _stacked_labels(fig)
    x0 = fig.layout.xaxis.range[0]
    left = 10 ** x0 * 1.25 if axis == "log" else 0
    for source in library.chosen(table.loc[table["said"], "source"].unique()):
        rows = table[(table["source"] == source.slug) & table["said"] & (table["kind"] != "not_stated")]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(
            x=[left] * len(rows), y=list(rows["row"]), mode="markers", name=source.mark, showlegend=False,
            marker=dict(symbol=source.shape, size=round(12 * st_.size / 15), color=st_.ink,
                        line=dict(color=st_.paper, width=1)),
            hovertext=[charts.wrap(f"{source.mark}: {source.title}")] * len(rows),
            hovertemplate="%{hovertext}<extra></extra>"))
    return fig


LABEL_WIDTH = 44
"""Characters per line of a row's label: a label is the source on one line and the claim under it, wrapped, so it
reads on a phone too (the labels sit above the bars, across the plot's width)."""


def _label_lines(text: str) -> list[str]:
    import textwrap

    head, _, rest = text.partition(" · ")
    lines = textwrap.wrap(head, LABEL_WIDTH) or [head]
    return lines + (textwrap.wrap(rest, LABEL_WIDTH) if rest else [])


def _stacked_labels(fig: go.Figure) -> go.Figure:
    """The row labels above the bars on several short lines (the source, then the claim, wrapped), with each row
    taller by the extra lines, so bars keep their thickness and no label runs off a phone's screen."""
    spec = fig.to_dict()
    layout, traces = spec["layout"], spec["data"]
    notes = layout.get("annotations") or []
    labels_ = [n for n in notes if n.get("name") == charts.ROW_LABEL]
    if not labels_:
        return fig
    import html as html_

    wrapped = {id(n): ([str(n["text"])] if str(n["text"]).startswith("<") else  # "↳ published studies", in italics
                       [charts.html_label(x) for x in _label_lines(html_.unescape(str(n["text"])))]) for n in labels_}
    lines = max(len(v) for v in wrapped.values())
    rows = len(layout["yaxis"]["categoryarray"])
    size = charts.type_size(layout)
    line = round(size * 1.3) + 4
    layout["height"] = layout["height"] + rows * line * (lines - 1)
    charts.top_axis(traces, layout)  # taller now: the time axis above it too
    margin = layout.get("margin") or {}
    row = (layout["height"] - margin.get("t", 80) - margin.get("b", 80)) / max(rows, 1)
    bars = [t for t in traces if t.get("type") == "bar" and t.get("orientation") == "h" and t.get("width")]
    widest = max(((t.get("meta") or {}).get(charts.ROW_LABEL, t["width"]) for t in bars), default=0.7)
    room = row - lines * line - 6
    scale = max(min(1.0, room / (row * widest)), 0.2)
    for t in bars:
        t["width"] = round((t.get("meta") or {}).get(charts.ROW_LABEL, t["width"]) * scale, 4)
    bottom = round(widest * scale * row / 2 + 2)
    last_lines = {n["y"]: wrapped[id(n)][-1] for n in labels_}
    for note in notes:
        if note.get("name") == charts.ROW_LABEL:
            note["text"] = "<br>".join(wrapped[id(note)])
            note["yanchor"], note["yshift"], note["valign"] = "bottom", bottom, "bottom"
        elif note.get("yref") == "y" and not note.get("showarrow", True) and (note.get("yshift") or 0) > 0:
            note["yshift"] = bottom + line // 2  # "or longer ▶": on the label's last line, at the right
            if note.get("name") == charts.OPEN_END_NAME:
                note["text"] = charts.open_end_text(last_lines.get(note["y"], ""), size)
    layout["yaxis"]["range"] = [rows - 0.5, -0.5]  # exactly the rows, top to bottom: no empty band above the first
    layout["yaxis"]["autorange"] = False
    return go.Figure(spec)


# ---------------------------------------------------------------- the matrix, the table, the words


def _qualifier(row, regimens: Mapping[str, str], contexts: Mapping[str, str]) -> str:
    """What narrows a claim within its route: regimen and pain context, when stated."""
    parts = [regimens.get(row.regimen, row.regimen) if row.regimen != "not_stated" else "",
             contexts.get(row.pain_context, row.pain_context) if row.pain_context != "not_stated" else ""]
    return ", ".join(p for p in parts if p)


def matrix(library: Library, table: pd.DataFrame) -> pd.DataFrame:
    """Sources × routes: each cell the source's claims on that route in its own words, one a line after a bullet
    when there are several ('not stated' when none)."""
    chosen = library.chosen(dict.fromkeys(s for s in table.loc[table["said"], "source"]))
    silent_too = [s for s in library.sources if s.slug in {x for v in table.loc[~table["said"], "source"]
                                                             for x in str(v).split(",")}]
    chosen = tuple(s for s in library.sources if s in chosen or s in silent_too)
    extra = vocabulary(library, chosen)
    route_labels, regimens, contexts = (labels(d, extra) for d in ("route", "regimen", "pain_context"))
    routes = list(dict.fromkeys(table["route"]))
    cells: dict[tuple[str, str], list[str]] = {}
    for row in table[table["said"]].itertuples(index=False):
        qualifier = _qualifier(row, regimens, contexts)
        words = ranges.claimed_text(row)
        cells.setdefault((row.source, row.route), []).append(f"{qualifier}: {words}" if qualifier else words)
    def cell(claims: list[str]) -> str:  # several claims: one a line, each after a bullet (a line wraps)
        return "\n".join(f"• {c}" for c in claims) if len(claims) > 1 else (claims[0] if claims else NOT_STATED)

    records = [{"Source": source.mark,
                **{route_labels.get(route, route): cell(cells.get((source.slug, route), [])) for route in routes}}
               for source in chosen]
    return pd.DataFrame.from_records(records)


def claims_table(table: pd.DataFrame, judged: pd.DataFrame) -> pd.DataFrame:
    """Every claim shown, in words: source, route, the claim as the source words it, each end's verdict, quote."""
    texts: dict[str, dict[str, str]] = {}
    for verdict in judged.itertuples(index=False):
        texts.setdefault(verdict.claim_key, {}).setdefault(verdict.end, verdict.text)
    records = []
    for row in table[table["said"]].itertuples(index=False):
        ends = texts.get(row.claim_key, {})
        records.append({
            "Source": row.source_mark, "Claim": row.label, "Source says": ranges.claimed_text(row),
            "Kind": kinds_words(row.kind),
            "Lower end": ends.get("lower", "—"),
            "Upper end": ends.get("upper", "—"),
            "Quote": f"“{row.quote}”",
        })
    return pd.DataFrame.from_records(records, columns=["Source", "Claim", "Source says", "Kind", "Lower end",
                                                       "Upper end", "Quote"])


def kinds_words(kind: str) -> str:
    """What sort of number a claim states, in the claim-kinds registry's plain words."""
    record = KINDS.get(kind)
    return record.words if record is not None else kind.replace("_", " ")


def yes_no(value: Any) -> str:
    return "yes" if value is True else "no" if value is False else "not stated"


def provenance(source: Source) -> list[tuple[str, str]]:
    """What a reader needs to weigh a source, as (label, plain text) pairs; absent keys are said to be absent."""
    meta = source.meta
    facts = [("What it is", source.what), ("Described as", str(meta.get("kind") or "")),
             ("Title", source.title), ("Publisher", str(meta.get("publisher") or "not stated")),
             ("Author", str(meta.get("author") or "not stated")),
             ("Published", str(meta.get("published") or "not stated")),
             ("Address", str(meta.get("url") or "not given")),
             ("Accessed", str(meta.get("accessed") or "not stated")),
             ("Peer reviewed", yes_no(meta.get("peer_reviewed"))),
             ("Cites studies", yes_no(meta.get("cites_studies"))),
             ("Its publisher sells the treatment", yes_no(meta.get("sells_treatment"))),
             ("Seen through", str(meta.get("via") or "read first-hand"))]
    if source.origin in ("upload", "server"):
        facts.append(("Where it comes from", "your upload (this browser session only)" if source.origin == "upload"
                      else "the data folder this server was started with"))
    return facts


def sources_line(sources: Iterable[Source]) -> str:
    """Every source shown, for files and captions, each with what it is in its own metadata's words:
    '● Wellnee blog post: “Unraveling …” (commercial blog post promoting …); ■ …'."""
    return "; ".join(f"{s.glyph} {s.name}: “{s.title}” ({s.meta.get('kind') or s.what}"
                     + (f", {s.meta['url']}" if s.meta.get("url") else "") + ")" for s in sources)


def describe(table: pd.DataFrame, judged: pd.DataFrame, lines: Mapping[str, str] | None = None) -> str:
    """The chart as text: per route, what each source says and how its ends are judged."""
    if table.empty:
        return "No claim matches these settings."
    lines = verdict_lines(judged) if lines is None else lines
    parts = []
    for row in table.itertuples(index=False):
        if row.said:
            parts.append(f"{row.source_name}, {row.label}: {ranges.claimed_text(row)} "
                         f"({lines.get(row.claim_key, 'nothing to judge')})")
        else:
            parts.append(f"{row.label} by {row.source_name}")
    return "According to whom: " + "; ".join(parts) + "."


def answers(library: Library) -> list[dict[str, Any]]:
    """Each source's answer to "how long does the relief last?": its claims about all routes when it makes
    some, else every claim it makes about how long relief lasts (intervals, courses, onsets are not answers);
    ``claims`` is a list of (label, the source's words), empty when it states no duration of relief."""
    def build() -> list[dict[str, Any]]:
        out = []
        for source in library:
            claims = source.dataset.claims
            stated = claims[claims["kind"].map(is_relief)]
            overall = stated[stated["route"] == "overall"]
            chosen = overall if len(overall) else stated
            out.append({"source": source, "overall": bool(len(overall)),
                        "claims": [(row.label, ranges.claimed_text(row)) for row in chosen.itertuples(index=False)]})
        return out

    return library.memo.once("answers", build)


READING_FIELDS = ("reading", "unit", "axis")
"""Settings that move the bars or the axis but never change which claims are shown, their words or their verdicts."""


@dataclass(frozen=True)
class Selection:
    """What a comparison shows whatever the lexicon reading, the axis and the look: the chosen sources' claims
    passing the filters, each end judged, the studies beside them, the matrix, the table and the text. Built once
    per choice (``selection``) and shared by every reading of it: a change of reading redraws the bars only."""

    sources: tuple[Source, ...]
    plotted: pd.DataFrame
    """The rows at the central reading (``plotted``): which rows, their labels and words; not the bars' hours."""
    studies: pd.DataFrame | None
    verdicts: pd.DataFrame
    lines: dict[str, str]
    """Each claim's verdict line (``verdict_lines``), for the hovers and the text."""
    matrix: pd.DataFrame
    table: pd.DataFrame
    description: str
    filters: dict[str, Any]


def selection_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings a ``Selection`` depends on: all but the reading, the unit and the axis."""
    return {k: v for k, v in dict(values).items() if k not in READING_FIELDS}


def selection(library: Library, values: Mapping[str, Any]) -> Selection:
    """The reading-independent part of ``build`` for settings ``values`` (``urlstate.compare_view``)."""
    chosen = library.chosen(values["sources"])
    table = plotted(library, values["sources"], "central", values.get("routes"), values.get("regimen"),
                    values.get("pain"))
    judged = verdicts(library, table) if not table.empty else pd.DataFrame(columns=VERDICT_COLUMNS)
    found = studies(library, table) if values.get("studies", True) and not table.empty else None
    lines = verdict_lines(judged)
    return Selection(chosen, table, found, judged, lines,
                     matrix(library, table) if not table.empty else pd.DataFrame(), claims_table(table, judged),
                     describe(table, judged, lines), {"sources": ", ".join(s.name for s in chosen)})


@dataclass
class Comparison:
    """Everything the comparison shows for one choice of sources and filters."""

    sources: tuple[Source, ...]
    plotted: pd.DataFrame
    """What the chart draws, row by row (``plotted``)."""
    studies: pd.DataFrame | None
    verdicts: pd.DataFrame
    figure: go.Figure | None
    matrix: pd.DataFrame
    table: pd.DataFrame
    """Every claim shown in words, each end's verdict (``claims_table``): what the CSV export holds."""
    description: str
    filters: dict[str, Any] = field(default_factory=dict)
    reading: str = "central"


def build(library: Library, values: Mapping[str, Any], style: charts.Style | None = None,
          chosen: Selection | None = None) -> Comparison:
    """The comparison for settings ``values`` (``urlstate.compare_view``). ``chosen``: ``selection(library,
    values)`` when the caller keeps it: a change of reading then moves the bars (``ranges.at_reading``, nothing
    read or judged again) and draws the figure."""
    chosen = selection(library, values) if chosen is None else chosen
    reading = values.get("reading", "central")
    table = chosen.plotted if reading == "central" else ranges.at_reading(chosen.plotted, reading)
    fig = (None if table.empty else
           figure(table, chosen.studies, chosen.verdicts, library, unit=values.get("unit", "auto"),
                  axis=values.get("axis", "log"), style=style, lines=chosen.lines))
    return Comparison(chosen.sources, table, chosen.studies, chosen.verdicts, fig, chosen.matrix, chosen.table,
                      chosen.description, chosen.filters, reading)
