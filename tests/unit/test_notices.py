"""The words about the source come from its metadata and rows: the bundled article's only when it is loaded."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from relief import notices, ranges
from relief.dataset import load_folder

from ..conftest import ROOT

BUNDLED_ONLY = ["Wellnee", "promot", "commercial blog", "patch", "several months", "cites no stud", "Transdermal",
                "lozenge", "preliminary studies"]


@pytest.fixture(scope="module")
def example():
    result = load_folder(ROOT / "data" / "examples" / "example_guideline")
    assert result.ok
    return result.dataset


def words(*parts) -> str:
    return "\n".join(str(p) for part in parts for p in (part if isinstance(part, list | tuple) else [part]))


def example_row(dataset):
    return next(ranges.example_claim(ranges.plotted_ranges(dataset.claims, dataset.lexicon)).itertuples(), None)


def every_text(dataset) -> str:
    return words(notices.source_note(dataset.meta), [t for pair in notices.caveats(dataset) for t in pair],
                 notices.method_steps(dataset, example_row(dataset)), notices.what_this_is(dataset),
                 notices.mechanism_lead(dataset), notices.evidence_lead(dataset.meta),
                 notices.marketing_intro(dataset) or "", notices.about_source(dataset.meta),
                 notices.sidebar_summary(dataset.meta, dataset.claims, "the data folder"),
                 [v for _, v in notices.source_facts(dataset.meta)])


def test_another_source_gets_none_of_the_bundled_wording(example):
    text = every_text(example).lower()
    assert [w for w in BUNDLED_ONLY if w.lower() in text] == []
    assert "the article" not in text


def test_the_bundled_article_keeps_its_warnings(bundled):
    text = every_text(bundled)
    assert "commercial blog post promoting the Wellnee patch" in notices.source_note(bundled.meta)
    assert "cites no stud" in text and "Wellnee" in text
    titles = [t for t, _ in notices.caveats(bundled)]
    assert titles == ["A promotional source", "No references", "Vague phrases", "Open ends stay open",
                      "No range stated", "Routes filed together"]


def test_caveats_follow_the_rows(example):
    titles = [t for t, _ in notices.caveats(example)]
    assert titles == ["About this source", "Vague phrases", "No range stated"]
    text = dict(notices.caveats(example))
    assert "(“a few hours”, “a day”)" in text["Vague phrases"]
    assert "Oral tablets \\(example\\)" in text["No range stated"]


def test_promo_rows_of_another_source_are_called_marketing_without_the_patch(example, bundled):
    with_promo = replace(example, promo=bundled.promo.head(1))
    caveats = dict(notices.caveats(with_promo))
    assert "Marketing claims" in caveats and "1 claim from the source" in caveats["Marketing claims"]
    assert "patch" not in notices.marketing_intro(with_promo)
    assert notices.marketing_intro(example) is None


def test_open_end_and_lumped_routes_are_drawn_from_the_claims(bundled):
    caveats = dict(notices.caveats(bundled))
    assert "“several months or longer”, for IV infusions, series, chronic pain" in caveats["Open ends stay open"]
    lumped = caveats["Routes filed together"]
    assert "“IM or SC injection” gives one range for Intramuscular \\(IM\\) injection and Subcutaneous" in lumped
    assert "“Intranasal spray” and “Lozenge” together" in lumped
    claims = bundled.claims[~bundled.claims["route"].isin(["im_sc", "lozenge"])]
    assert notices.lumped_routes(claims) == []


def test_method_steps_use_the_loaded_claims(example, bundled):
    steps = notices.method_steps(example, example_row(example))
    assert "“a few hours to a day”" in steps[0]
    assert "or longer" not in words(steps)  # no open-ended claim in this source
    assert steps[-1] == "A claim with no stated range (Oral tablets \\(example\\)) gets no bar."
    bundled_steps = notices.method_steps(bundled, example_row(bundled))
    assert "“several months or longer”" in bundled_steps[-1] and "Transdermal patch" in bundled_steps[-1]


def test_no_two_phrase_claim_means_no_steps(example):
    assert notices.bar_steps(None) == []
    claims = example.claims.assign(high_phrase=example.claims["low_phrase"])
    assert ranges.example_claim(ranges.plotted_ranges(claims, example.lexicon)).empty


def test_vague_phrases_are_only_lexicon_phrases(example):
    assert notices.vague_phrases(example) == ["a few hours", "a day", "under an hour"]
    no_lexicon = replace(example, lexicon=example.lexicon.head(0))
    assert notices.vague_phrases(no_lexicon) == []
    assert not any("lexicon" in line for line in notices.what_this_is(no_lexicon))
    assert "Vague phrases" not in dict(notices.caveats(no_lexicon))


def test_optional_metadata_is_shown_when_present(example):
    labels = [label for label, _ in notices.source_facts(example.meta)]
    assert labels == ["Title", "Author", "Kind", "Text fingerprint (SHA-256)"]
    meta = example.meta | {"publisher": "Health Agency", "url": "https://example.org/a b(c)", "accessed": "2026-11-30"}
    facts = dict(notices.source_facts(meta))
    assert facts["Publisher"] == "Health Agency"
    assert facts["Address"].endswith("](https://example.org/a%20b%28c%29)")
    assert facts["Accessed"] == "2026\\-11\\-30"
    note = notices.source_note(meta)
    assert "by The dashboard\\'s maintainers \\(fictitious example\\), published by Health Agency: a " in note


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "example.org", "https://"])
def test_only_web_addresses_become_links(url):
    assert notices.safe_link(url) is None
    facts = dict(notices.source_facts({"title": "t", "author": "a", "kind": "k", "url": url}))
    assert "](" not in facts["Address"]


def test_sidebar_names_the_source_with_plurals_that_agree(example):
    one = example.claims.head(1)
    assert notices.sidebar_summary(example.meta, one, "x").endswith(
        ": 1 duration claim over 1 route, each with its verbatim quote.")
    assert "3 duration claims over 3 routes" in notices.sidebar_summary(example.meta, example.claims, "x")


def test_mechanism_lead_is_built_from_the_rows(bundled, example):
    assert notices.mechanism_lead(bundled).startswith(
        "The source says ketamine blocks NMDA receptor and modulates Opioid system, Glutamate system and GABA system.")
    rows = pd.DataFrame({"target": ["Target X"], "kind": ["blocks"]})
    lead = notices.mechanism_lead(replace(example, mechanisms=rows))
    assert lead == "The source says ketamine blocks Target X."


@pytest.mark.parametrize(("items", "expected"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"),
                                                  (["a", "b", "c"], "a, b and c")])
def test_joined(items, expected):
    assert notices.joined(items) == expected


def test_chart_key_names_only_the_marks_the_chart_has(example, bundled):
    from relief import charts

    key = charts.key_text(ranges.plotted_ranges(example.claims, example.lexicon, "generous"))
    assert "the generous reading" in key and "“no range stated”" in key
    assert "or longer" not in key
    bundled_key = charts.key_text(ranges.plotted_ranges(bundled.claims, bundled.lexicon))
    assert "Fading tail marked “or longer ▶” (▶ alone beside a long row name)" in bundled_key
    only_stated = ranges.plotted_ranges(example.claims, example.lexicon, routes=["iv"])
    assert "no range stated" not in charts.key_text(only_stated)


