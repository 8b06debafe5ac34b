"""The source text with the passages our data quotes found and marked.

:func:`quote_spans` locates every quoted passage; :func:`marked_paragraphs`
renders the text as Streamlit markdown with those passages highlighted and
linked to the rows that quote them. All source text is escaped, so nothing in
it is read as markdown, HTML or a link.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .vocabulary import QUOTE_JOINER

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:=&\"'^])")
_AUTOLINK = re.compile(r"(?i)(://|\bwww(?=\.)|@)")
WORD_JOINER = "\u2060"
"""An invisible character put inside what GFM would turn into a link by itself (``https://``, ``www.``, an e-mail
address): Streamlit's markdown finds such links in the text after escapes are read, so a backslash cannot stop it."""


def md_escape(text: str) -> str:
    """``text`` shown as itself in Streamlit markdown: every markdown-significant ASCII character backslash-escaped,
    and addresses kept from becoming links by themselves. The one markdown escaper: every piece of data or input
    that reaches markdown (notices, titles, labels, messages) goes through it."""
    text = _AUTOLINK.sub(lambda m: m[1] + WORD_JOINER if m[1] != "://" else ":" + WORD_JOINER + "//", str(text))
    return _SPECIAL.sub(r"\\\1", text)


def html_text(text: object, quote: bool = True) -> str:
    """``text`` (None: empty) as HTML text: ``&``, ``<`` and ``>`` escaped, and quotes too unless ``quote`` is
    False (plotly's labels show ``&quot;`` as it is)."""
    return html.escape("" if text is None else str(text), quote=quote)


@dataclass(frozen=True)
class Ref:
    """A data row that quotes the source: its kind ('claim', 'factor' ...), id and label."""

    kind: str
    id: str
    label: str

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.id}".replace("_", "-")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    ref: Ref


def quote_spans(source: str, quotes: Iterable[tuple[Ref, str]]) -> list[Span]:
    """Where each quote's passages sit in ``source`` (a quote not found gives no span)."""
    spans: list[Span] = []
    for ref, quote in quotes:
        position = 0
        for passage in quote.split(QUOTE_JOINER):
            found = source.find(passage, position) if passage else -1
            if found < 0:
                break
            spans.append(Span(found, found + len(passage), ref))
            position = found + len(passage)
    return sorted(spans, key=lambda s: (s.start, s.end, s.ref.kind, s.ref.id))


def coverage(source: str, spans: list[Span]) -> float:
    """Share of the source's non-blank characters that some span covers."""
    covered = [False] * len(source)
    for s in spans:
        covered[s.start : s.end] = [True] * (s.end - s.start)
    counted = [c for c, ch in zip(covered, source, strict=True) if not ch.isspace()]
    return sum(counted) / max(len(counted), 1)


def heading_lines(source: str) -> set[str]:
    """Lines that read as headings: short, and not ending like a sentence."""
    return {line for line in source.split("\n")
            if line.strip() and len(line) <= 90 and not line.rstrip().endswith((".", "?", "!", ":", "*", ","))}


def _marker(refs: list[Ref]) -> str:
    return "".join(f" [\\[{md_escape(r.id)}\\]](#{r.anchor})" for r in refs)


def marked_paragraphs(source: str, spans: list[Span], headings: Iterable[str] = (), highlight: bool = True,
                      colour: str = "orange") -> list[str]:
    """One markdown string per non-blank line of ``source``.

    Quoted passages are highlighted (``:{colour}-background[...]``) and followed
    by links to the rows quoting them; lines in ``headings`` are bold.
    """
    heading_set = set(headings)
    out: list[str] = []
    offset = 0
    for line in source.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        inside = [s for s in spans if s.start < end and s.end > start] if highlight else []
        cuts = sorted({start, end, *(max(s.start, start) for s in inside), *(min(s.end, end) for s in inside)})
        pieces: list[str] = []
        for a, b in itertools.pairwise(cuts):
            text = md_escape(source[a:b])
            covering = [s for s in inside if s.start <= a and s.end >= b]
            pieces.append(f":{colour}-background[{text}]" if covering and text.strip() else text)
            ending = sorted({s.ref for s in inside if s.end == b}, key=lambda r: (r.kind, r.id))
            if ending:
                pieces.append(_marker(ending))
        text = "".join(pieces)
        out.append(f"**{text}**" if line in heading_set else text)
    return out
