from __future__ import annotations

from relief.article import Ref, coverage, heading_lines, marked_paragraphs, md_escape, quote_spans


def test_md_escape_neutralises_markup():
    raw = "**bold** [link](http://x) <script>alert(1)</script> $x$ :red[hi] 1. item"
    escaped = md_escape(raw)
    for token in ("**", "](", "<script>", "$x$", ":red[", "1."):
        assert token not in escaped


def test_spans_and_markers(bundled):
    refs = [(Ref("claim", r.claim_id, r.label), r.quote) for r in bundled.claims.itertuples()]
    spans = quote_spans(bundled.source, refs)
    assert {s.ref.id for s in spans} == set(bundled.claims["claim_id"])
    assert 0.1 < coverage(bundled.source, spans) < 0.5
    paragraphs = marked_paragraphs(bundled.source, spans, heading_lines(bundled.source))
    oral = next(p for p in paragraphs if "oral ketamine is generally shorter" in p)
    assert ":orange-background[" in oral and "(#claim-oral)" in oral
    shared = next(p for p in paragraphs if "these formulations" in p)
    assert "(#claim-intranasal)" in shared and "(#claim-lozenge)" in shared
    assert "**The Mechanisms of Ketamine Pain Relief**" in paragraphs


def test_highlight_off_leaves_plain_text(bundled):
    refs = [(Ref("claim", r.claim_id, r.label), r.quote) for r in bundled.claims.itertuples()]
    paragraphs = marked_paragraphs(bundled.source, quote_spans(bundled.source, refs), highlight=False)
    assert not any("background[" in p for p in paragraphs)


def test_unfound_quote_gives_no_span():
    assert quote_spans("abc", [(Ref("claim", "x", "X"), "zzz")]) == []
