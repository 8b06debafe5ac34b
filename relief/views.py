"""A view: settings in, everything a page or a scene shows for them out.

The explorer page, the factors page and the talk's scenes all go through
these functions, so a scene shows exactly what the explorer shows for the same
query string, and every export is built from the same table as the chart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import pandas as pd
import plotly.graph_objects as go

from . import charts, css, evidence, ranges
from .article import html_text, md_escape
from .dataset import Dataset, Memo
from .urlstate import explorer_view, factors_view


@dataclass
class View:
    """What one view draws: the figure, the table of exactly what is plotted, a text alternative."""

    figure: go.Figure | None
    table: pd.DataFrame | None
    description: str
    reading: str = "central"
    filters: dict[str, Any] = field(default_factory=dict)
    plotted: pd.DataFrame | None = None
    studies: pd.DataFrame | None = None
    items: list[tuple[str, str]] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    """What the studies say about each plotted claim, both ends ('label: lower end: … · upper end: …')."""
    sources: str = ""
    """Every source the view shows, in words, when it shows several (``compare.sources_line``); files name them."""
    note: str = ""
    """The screen's note on a view of several sources: what each one is, and not medical advice (markdown)."""
    _memo: Memo = field(default_factory=lambda: Memo(), repr=False, compare=False)  # texts made once per view

    @property
    def rows(self) -> list:
        """The plotted rows as tuples, made once (a built view is shared by every session)."""
        return self._memo.once("rows", lambda: [] if self.plotted is None
                               else list(self.plotted.itertuples(index=False)))

    @property
    def key(self) -> str:
        """The chart's key in words (``charts.key_text``), made once per view."""
        return self._memo.once("key", lambda: "" if self.plotted is None else charts.key_text(self.plotted))

    def table_markdown(self, bold: tuple[str, ...] = ()) -> str:
        """``table`` as escaped markdown for its ``scroll_box``, made once per view: at most ``SHOWN_ROWS`` rows,
        and a line saying so under it when it has more."""
        def made() -> str:
            shown, cut = first_rows(self.table)
            return markdown_table(shown, bold, breaks=True) + (f"\n\n*{cut}*" if cut else "")

        return self._memo.once(("table", bold), made)

    @property
    def wide_columns(self) -> tuple[int, ...]:
        """The columns of long text in the table its box shows (``wide_columns``), found once per view."""
        return self._memo.once("wide", lambda: () if self.table is None else wide_columns(first_rows(self.table)[0]))


# The most rows one table sends to the browser (a page's tables: the comparison's matrix and claims, the evidence
# tables, what is plotted). A file holds at most 1,000 records (``dataset.MAX_ROWS``), and the library joins many
# files: a table of thousands of rows, drawn twice (the grid and its plain copy for print), made pages of tens of MB.
SHOWN_ROWS = 300


def first_rows(table: pd.DataFrame, limit: int = SHOWN_ROWS) -> tuple[pd.DataFrame, str]:
    """``table`` cut to its first ``limit`` rows, and the sentence the page shows when it was cut ("" if whole)."""
    if len(table) <= limit:
        return table, ""
    return table.head(limit), (f"Showing the first {limit:,} of {len(table):,} rows (a page sends at most "
                               f"{limit:,} rows a table): narrow the view with the settings above to see the others.")


# An address may wrap after each slash: a zero-width space there (invisible, as is md_escape's word joiner after
# "https:"). Without it a study's address was its column's narrowest width: the printed studies table gave its
# Link column 493 px of 1,200 and the Finding beside it 148 px, so every finding ran down the page in a narrow strip.
_ADDRESS = re.compile(r"https?://\S+")
ZERO_WIDTH_SPACE = "\u200b"


def scroll_box(markdown: str, label: str, wide: Iterable[int] = ()) -> str:
    """``markdown`` (a table) in a box of its own width that scrolls sideways when the table is wider than the
    page, instead of the whole page (at 1280 px the comparison's matrix was 1,175 px wide in an 820 px column).
    A region named ``label`` that a key can reach, so a keyboard can scroll it too. ``wide``: the columns
    (``wide_columns``) kept at least ``css.WIDE_COLUMN`` wide on screen (``data-wide``). For ``st.markdown(...,
    unsafe_allow_html=True)``: the only HTML is this box; the table's cells stay escaped markdown (``md_escape``
    escapes ``<`` and ``&``)."""
    marks = " ".join(str(n) for n in wide if 1 < n <= css.WIDE_COLUMNS_MAX)
    return (f'<div class="{css.SCROLL_BOX}" role="region" tabindex="0" aria-label="{html_text(label)}"'
            + (f' data-wide="{marks}"' if marks else "") + f">\n\n{markdown}\n\n</div>")


# A column whose longest cell is at least this many characters is "of long text". Squeezed to the width of its
# longest word by a page narrower than the table (at 1280 px the matrix's route columns were 83-125 px: a source's
# three claims on a route ran to 627 px, and the table of every claim to 11,600 px), it is kept at least
# ``css.WIDE_COLUMN`` wide instead, and the box scrolls sideways. Measured in Chromium at 1280 px, every source: the
# matrix 3,599 -> 2,166 px tall, the table of claims 11,616 -> 8,929 px, the evidence summary 5,582 -> 4,175 px; at
# 1920 px the matrix 2,422 -> 2,166 px and the claims 4,911 -> 5,115 px (its short columns gave way a little). 80
# characters, not 40: at 40 the claims' short columns (kind, "source says") took 12rem too, 5,474 px at 1920.
# Not the first column: it stays in view as the rest scrolls, and on a phone it would take half the screen.
WIDE_TEXT = 80


def wide_columns(table: pd.DataFrame) -> tuple[int, ...]:
    """The columns of ``table`` (1-based, as CSS counts them) whose longest cell is ``WIDE_TEXT`` characters or
    more, the first column never."""
    return tuple(n for n, column in enumerate(table.columns, start=1)
                 if n > 1 and len(table) and table[column].astype(str).str.len().max() >= WIDE_TEXT)


def sections(page: str, named: Iterable[tuple[str, str, bool]]) -> dict[str, tuple[str, str]]:
    """A long page's sections that it shows, ``{name: (heading, anchor)}`` in the page's order, from
    ``(name, heading, shown)`` rows; each anchor is ``<page>-<name>`` (``ui.section`` draws the heading with it)."""
    return {name: (title, f"{page}-{name}") for name, title, shown in named if shown}


def on_this_page(sections: Mapping[str, tuple[str, str]]) -> str:
    """A line of links to a long page's ``sections`` (``sections(...)``): the comparison of every source is over
    20,000 px tall, its matrix under a chart of 7,500."""
    links = " · ".join(f"[{md_escape(title)}](#{anchor})" for title, anchor in sections.values())
    return f":small[On this page: {links}]"


def markdown_table(table: pd.DataFrame, bold: tuple[str, ...] = (), breaks: bool = False) -> str:
    """A small table as markdown: long text wraps (an address after each slash), it reads at full contrast; every
    cell escaped. A line break in a cell (the matrix's claims, one a line) is a space, or with ``breaks`` a
    ``<br>``: only for markdown shown with HTML allowed (a ``scroll_box``), the one tag the escaped cell holds."""
    def cell(column: str, value: Any) -> str:
        wrappable = _ADDRESS.sub(lambda m: re.sub(r"(?<=/)(?=[^/])", ZERO_WIDTH_SPACE, m[0]), str(value))
        text = md_escape(wrappable).replace("\n", "<br>" if breaks else " ")
        return f"**{text}**" if column in bold else text

    header = "| " + " | ".join(md_escape(c) for c in table.columns) + " |"
    rule = "|" + "---|" * len(table.columns)
    rows = ["| " + " | ".join(cell(c, v) for c, v in zip(table.columns, row, strict=True)) + " |"
            for row in table.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def _changed(spec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings that differ from the defaults, for export provenance."""
    defaults = spec.defaults()
    return {k: v for k, v in values.items() if v != defaults.get(k)}


def overview(dataset: Dataset, values: Mapping[str, Any], style: charts.Style | None = None) -> View:
    """The overview chart: every claim, central reading, default axis."""
    plotted = ranges.plotted_ranges(dataset.claims, dataset.lexicon)
    figure = None if plotted.empty else charts.range_chart(plotted, style=style)
    return View(figure, ranges.display_table(plotted, "auto"), charts.describe(plotted), plotted=plotted)


def anatomy(dataset: Dataset, values: Mapping[str, Any], style: charts.Style | None = None) -> View:
    """How a bar is built, on the example claim (``plotted`` is that one row)."""
    example = ranges.example_claim(ranges.plotted_ranges(dataset.claims, dataset.lexicon))
    figure = None if example.empty else charts.anatomy_chart(example, style=style)
    return View(figure, None, "", plotted=example)


def mechanism(dataset: Dataset, values: Mapping[str, Any], style: charts.Style | None = None) -> View:
    """The mechanism diagram, with or without the quotes in it."""
    rows = dataset.mechanisms.itertuples(index=False)
    description = ("Ketamine, linked to each target the source names: "
                   + "; ".join(f"it {r.kind} the {r.target}" for r in rows) + ".")
    return View(charts.mechanism_diagram(dataset.mechanisms, values["quotes"], style), None, description)


def routes(dataset: Dataset, values: Mapping[str, Any], style: charts.Style | None = None) -> View:
    """The routes chart for explorer settings (see ``urlstate.explorer_view``)."""
    spec = explorer_view(dataset.claims, with_evidence=dataset.evidence is not None, vocabulary=dataset.vocabulary)
    plotted = ranges.plotted_ranges(dataset.claims, dataset.lexicon, values["reading"], routes=values["routes"],
                                    regimens=values["regimen"], contexts=values["pain"])
    if plotted.empty:
        return View(None, None, charts.describe(plotted), values["reading"], _changed(spec, values), plotted)
    # published durations of relief go beside the claims about relief only, never beside an interval or an onset
    studies = (evidence.plotted_evidence(dataset, ranges.relief_rows(plotted)["claim_id"])
               if values.get("evidence") and dataset.evidence is not None else None)
    figure = charts.range_chart(plotted, unit=values["unit"], axis=values["axis"], show_quotes=values["quotes"],
                                evidence=studies, style=style)
    said = [] if studies is None else [f"{row.label}: {line}" for row in plotted.itertuples(index=False)
                                       for line in evidence.claim_verdicts(dataset, row.claim_id)]
    description = charts.describe(plotted, values["unit"], values["axis"], studies)
    if said:
        description += " What the studies say: " + "; ".join(said) + "."
    return View(figure, ranges.display_table(plotted, values["unit"], dataset.vocabulary), description,
                values["reading"], _changed(spec, values), plotted, studies, verdicts=said)


def factor(dataset: Dataset, values: Mapping[str, Any], style: charts.Style | None = None) -> View:
    """Claims ordered by longest claimed relief, every claim the focus factor concerns highlighted."""
    focus = dataset.factors[dataset.factors["factor_id"] == values["factor"]].iloc[0]
    plotted = ranges.plotted_ranges(dataset.claims, dataset.lexicon, values["reading"], order="longest")
    concerned = ranges.concerned_claims(focus, dataset.claims)
    figure = charts.range_chart(plotted, highlight=set(concerned), style=style)
    return View(figure, ranges.display_table(plotted), charts.describe(plotted), values["reading"],
                {"factor": focus["factor"], "highlighted claims": concerned}, plotted)


def lexicon(dataset: Dataset, reading: str = "central", style: charts.Style | None = None) -> View:
    table = dataset.lexicon[["phrase", "conservative_hours", "central_hours", "generous_hours", "rationale"]]
    text = "The lexicon: " + "; ".join(
        f"“{r.phrase}” is read as {r.conservative_hours:g} to {r.generous_hours:g} hours, {reading} "
        f"{getattr(r, f'{reading}_hours'):g}" for r in dataset.lexicon.itertuples(index=False)) + "."
    return View(charts.lexicon_chart(dataset.lexicon, reading, style), table.copy(), text, reading)


def promo(dataset: Dataset) -> View:
    items = [] if dataset.promo is None else [(f"{r.claim} ({r.status})", r.quote)
                                              for r in dataset.promo.itertuples(index=False)]
    text = "The source's marketing claims, none with a reference: " + "; ".join(c for c, _ in items) + "."
    table = None if dataset.promo is None else dataset.promo[["claim", "status", "quote"]].copy()
    return View(None, table, text, items=items)


def scene(dataset: Dataset, row, style: charts.Style | None = None) -> View:
    """What a scene of the talk shows (``row`` is a row of ``scenes.csv``)."""
    query = parse_qs(row.view, keep_blank_values=True)
    if row.chart in ("routes", "evidence"):
        spec = explorer_view(dataset.claims, with_evidence=True)
        values = spec.parse(query)[0] | ({"evidence": True} if row.chart == "evidence" else {})
        return routes(dataset, values, style)
    if row.chart == "factors" and dataset.factors is not None:
        return factor(dataset, factors_view(dataset.factors).parse(query)[0], style)
    if row.chart == "lexicon":
        return lexicon(dataset, style=style)
    if row.chart == "compare":
        return comparison(query, style)
    return promo(dataset)


def comparison(query: Mapping[str, Any], style: charts.Style | None = None) -> View:
    """According to whom, for a scene: the bundled sources (``library.default``) with the settings of ``query``."""
    from . import compare, library
    from .notices import sources_note
    from .urlstate import compare_view

    sources = library.default()
    values = compare_view(compare.choices(sources)).parse(query)[0]
    shown = compare.build(sources, values, style)
    said = shown.plotted[shown.plotted["said"]] if not shown.plotted.empty else shown.plotted
    items = [(f"{row.source_mark}: {row.label}", row.quote) for row in said.itertuples(index=False)]
    verdicts = [f"{row.source_name}, {row.label}: {compare.verdict_line(shown.verdicts, row.claim_key)}"
                for row in said.itertuples(index=False)]
    return View(shown.figure, shown.table, shown.description, shown.reading, shown.filters, items=items,
                verdicts=verdicts, sources=compare.sources_line(shown.sources),
                note=sources_note(shown.sources, short=True))  # a slide's note: what each source is, briefly


def fit_for_slide(figure: go.Figure, max_height: int = 460) -> go.Figure:
    """A copy of ``figure`` whose whole height (legend included) fits a 1280×720 slide under the scene's title
    and takeaway (``max_height`` and the figure's type grow with a larger screen: ``ui.screen_scale``); built
    views are shared, so never changed in place.

    Each row keeps room for its label above the bar (see ``charts.place_labels``); a legend goes into one
    smaller line under the axis instead of a tall block.
    """
    layout = figure.layout
    rows = len(layout.yaxis.categoryarray or ()) or 6
    size = (layout.font.size if layout.font else None) or 15
    grow = max(size / 20, 1)  # presenting on a larger screen: type, and so every gap and bar, drawn larger
    label = round(size * 1.3) + 4
    bottom = round(64 * grow) + (round(size * 1.6) if layout.showlegend else 0)
    natural = round(36 * grow) + bottom + rows * (label + round(40 * grow))
    height = min(layout.height or max_height, natural, max_height)
    out = go.Figure(figure).update_layout(height=height, margin=dict(t=round(36 * grow), b=bottom))
    title = out.layout.xaxis.title.text
    if title:  # a slide is wide: the axis title on one line (a phone's chart wraps it)
        out.update_layout(xaxis=dict(title=dict(text=title.replace("<br>", " "))))
    # ... and the words beside the lexicon's bands, which on two lines reached the row names above them
    out.for_each_trace(lambda t: t.update(text=[str(w).replace("<br>", " ") for w in t.text]),
                       selector=dict(name="Readings in words"))
    if layout.showlegend:
        small = round(size * 0.7)
        out.update_layout(legend=dict(font=dict(size=small),
                                      title=dict(text="Studies:", side="left", font=dict(size=small))),
                          xaxis=dict(automargin=True, title=dict(standoff=round(size * 0.6))))  # clear of the ticks
        out.for_each_trace(lambda t: t.update(name=t.name.replace("<br>", " ")), selector=dict(legendgroup="evidence"))
        out.update_traces(legendgroup=None, selector=dict(legendgroup="evidence"))  # one line, not a stack
    return charts.place_labels(out)
