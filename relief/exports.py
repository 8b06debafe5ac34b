"""Take-away files of exactly what a view plots: CSV, PNG, SVG and offline HTML.

Every export carries its provenance (source, lexicon reading, filters, date)
and the not-medical-advice note. Text cells that a spreadsheet would run as a
formula are neutralised. Static images come from ``relief.images`` (kaleido and
the server's Chromium, started once per process, every wait bounded). No
Streamlit here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go

from . import images
from .charts import STYLES, Style, restyle

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOT_ADVICE_PLAIN = "Not medical advice: it shows what one source claims, not what a treatment will do for you."


def neutralise_cell(value: object) -> object:
    """A text cell a spreadsheet would read as a formula gets a leading apostrophe; numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def provenance(meta: Mapping, reading: str, filters: Mapping[str, object], view_url: str = "",
               when: datetime | None = None, sources: str = "") -> dict[str, str]:
    """Where the exported numbers come from, in the order they are printed. ``sources``: every source a view of
    several shows, in words (``compare.sources_line``), named instead of the one source of ``meta``."""
    when = when or datetime.now(UTC)
    shown = "; ".join(f"{k}={', '.join(map(str, v)) if isinstance(v, list | tuple) else v}" for k, v in filters.items())
    named = ({"Sources": sources} if sources else
             {"Source": f"“{meta.get('title', '')}” by {meta.get('author', '')} ({meta.get('kind', '')})"})
    return {
        **named,
        "Lexicon reading": f"{reading} (our interpretation of the source's phrases, not the source's numbers)",
        "Filters": shown or "none",
        "View": view_url,
        "Retrieved": when.strftime("%Y-%m-%d %H:%M UTC"),
        "Note": NOT_ADVICE_PLAIN,
    }


_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def one_line(value: object) -> str:
    """``value`` on one line: every line break (CR, LF and the rest) becomes a space, so a title cannot start a
    row of its own (a formula row) in the export's header lines."""
    return _LINE_BREAKS.sub(" ", str(value))


def to_csv(table: pd.DataFrame, about: Mapping[str, str]) -> bytes:
    """The table as UTF-8 CSV, after a block of '# key: value' lines naming its provenance."""
    out = io.StringIO()
    for key, value in about.items():
        if value:
            out.write(f"# {key}: {one_line(value)}\n")
    neutralise(table).to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return out.getvalue().encode("utf-8")


def read_csv_export(data: bytes) -> tuple[dict[str, str], pd.DataFrame]:
    """Split an export back into its provenance lines and its table (what tests and users do)."""
    text = data.decode("utf-8")
    lines = text.split("\n")
    about = {}
    while lines and lines[0].startswith("# "):
        key, _, value = lines.pop(0)[2:].partition(": ")
        about[key] = value
    return about, pd.read_csv(io.StringIO("\n".join(lines)), dtype=str, keep_default_na=False)


def decorated(fig: go.Figure, title: str, about: Mapping[str, str], style: Style | None = None) -> go.Figure:
    """A copy of ``fig`` with title, source, filters and the not-medical-advice note burnt in, on a solid page.

    Drawn in ``style`` (the light export style unless told otherwise) whatever theme ``fig`` was drawn in for
    the screen: a dark-mode screen must not give pale labels on a white page.
    """
    st_ = style or STYLES["light"]
    out = restyle(fig, st_)
    lines = [f"<b>{k}:</b> {_plain(v)}" for k, v in about.items() if v and k != "View"]
    top = 60 + 17 * len(lines)
    out.update_layout(
        title=dict(text=f"<b>{_plain(title)}</b>", x=0.01, xanchor="left", xref="container", y=0.99,
                   yanchor="top", yref="container", font=dict(size=20, color=st_.ink),
                   subtitle=dict(text="<br>".join(lines), font=dict(size=12, color=st_.ink))),
        paper_bgcolor=st_.paper, plot_bgcolor=st_.paper, height=(out.layout.height or 500) + top,
        margin=dict(t=top + 24),
    )
    return out


def _plain(text: object) -> str:
    return str(text).replace("<", "&lt;").replace(">", "&gt;")


def image_status() -> images.Status:
    """Can this server make images? Asks the browser itself (started once per process, every wait bounded)."""
    return images.RENDERER.status()


FILE_PREFIX = "ketamine-relief"


def _slug(value: object) -> str:
    if isinstance(value, list | tuple | set):
        return "-".join(_slug(v) for v in value) or "none"
    if value is True:
        return "on"
    if value is False:
        return "off"
    return "-".join(re.findall(r"[a-z0-9]+", str(value).lower().replace("_", "")))


def file_stem(view: str, filters: Mapping[str, object], reading: str = "", when: datetime | None = None) -> str:
    """A file name (without extension) that says which view it holds, so two saved views never overwrite each
    other: ``ketamine-relief_routes-iv-oral_generous_2026-11-30``.

    ``view`` names the page or scene; a ``routes`` filter is spelt with its route codes; every other changed
    setting follows as ``name-value``; then the lexicon reading and the date.
    """
    when = when or datetime.now(UTC)
    parts = [FILE_PREFIX]
    routes = filters.get("routes")
    parts.append(f"routes-{_slug(routes)}" if routes is not None and view == "routes" else _slug(view))
    if routes is not None and view != "routes":
        parts.append(f"routes-{_slug(routes)}")
    for name, value in filters.items():
        if name not in ("routes", "reading"):
            parts.append(f"{_slug(name)}-{_slug(value)}")
    if reading:
        parts.append(_slug(reading))
    parts.append(when.strftime("%Y-%m-%d"))
    stem = "_".join(p for p in parts if p)
    return stem if len(stem) <= 150 else stem[:139] + "_" + when.strftime("%Y-%m-%d")


def to_image(fig: go.Figure, fmt: str, width: int = 1200) -> bytes:
    """PNG (at 2x scale) or SVG through kaleido and the server's Chrome or Chromium, every wait bounded
    (``relief.images``); raises :class:`relief.images.ImageError` with a sentence for the viewer."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}")
    return images.RENDERER.render(fig, fmt, width=width, height=int(fig.layout.height or 600),
                                  scale=2 if fmt == "png" else 1)


def to_html(fig: go.Figure, title: str, style: Style | None = None) -> str:
    """A self-contained page: plotly.js inlined, so it opens without a network; page colours of ``style``."""
    st_ = style or STYLES["light"]
    body = fig.to_html(full_html=False, include_plotlyjs=True, config={"displaylogo": False})
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_plain(title)}</title></head>"
            f"<body style=\"background: {st_.paper}; color: {st_.ink}\"><main>"
            f"<h1 style=\"font-family: sans-serif; font-size: 1.4rem\">{_plain(title)}</h1>{body}"
            f"<p style=\"font-family: sans-serif\">{_plain(NOT_ADVICE_PLAIN)}</p></main></body></html>")
