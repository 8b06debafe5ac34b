"""Rules of truth for the bundled data: verbatim quotes, the source's own fingerprint, the lexicon in the open."""

from __future__ import annotations

import hashlib
import json
import re

from relief.dataset import BUNDLED
from relief.lexicon import phrases_used
from relief.schemas import quote_in_source

SHARED_ARTICLE = BUNDLED.parent.parent / "shared" / "source" / "article.txt"


def test_article_copy_matches_its_fingerprint(bundled):
    data = (BUNDLED / "article.txt").read_bytes()
    meta = json.loads((BUNDLED / "article.meta.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(data).hexdigest() == meta["sha256"]
    assert meta["author"] == "Carol Harper"
    assert "promoting the Wellnee patch" in meta["kind"] and "not peer reviewed" in meta["kind"]
    if SHARED_ARTICLE.exists():  # beside a checkout in this workplace; the app itself never reads it
        assert SHARED_ARTICLE.read_bytes() == data


def test_every_quote_is_verbatim_with_curly_apostrophes(bundled):
    tables = [bundled.claims, bundled.factors, bundled.mechanisms, bundled.promo]
    quotes = [q for t in tables for q in t["quote"]]
    assert all(quote_in_source(q, bundled.source) for q in quotes)
    assert not any("'" in q for q in quotes), "a straight apostrophe means a quote was retyped"
    assert any("’" in q for q in quotes)


def test_the_required_claims_are_there(bundled):
    claims = bundled.claims.set_index("claim_id")
    expected = {
        "overall": ("several hours", "several months", False),
        "iv_overall": ("several hours", "several weeks", False),
        "iv_single_acute": ("a few hours", "a day or two", False),
        "iv_series_chronic": ("several months", "", True),
        "im_sc": ("several hours", "a few days", False),
        "intranasal": ("a few hours", "a day or two", False),
        "lozenge": ("a few hours", "a day or two", False),
        "oral": ("a few hours", "a few hours", False),
    }
    for claim_id, (low, high, open_ended) in expected.items():
        row = claims.loc[claim_id]
        assert (row.low_phrase, row.high_phrase, row.open_ended, row.stated) == (low, high, open_ended, True)
    patch = claims.loc["transdermal"]
    assert not patch.stated and patch.low_phrase == patch.high_phrase == ""
    assert not re.search(r"\b(hours?|days?|weeks?|months?)\b", patch.quote), "the patch quote gives no duration"
    assert claims.loc["lozenge"].quote == claims.loc["intranasal"].quote
    assert "taken by mouth" in claims.loc["lozenge"].note


def test_regimen_and_context_only_where_the_article_says_so(bundled):
    c = bundled.claims.set_index("claim_id")
    assert (c.loc["iv_single_acute", "regimen"], c.loc["iv_single_acute", "pain_context"]) == ("single", "acute")
    assert (c.loc["iv_series_chronic", "regimen"], c.loc["iv_series_chronic", "pain_context"]) == ("series", "chronic")
    others = c.drop(index=["iv_single_acute", "iv_series_chronic"])
    assert set(others["regimen"]) == {"not_stated"} and set(others["pain_context"]) == {"not_stated"}


def test_lexicon_covers_exactly_the_phrases_used(bundled):
    assert set(phrases_used(bundled.claims)) == set(bundled.lexicon["phrase"])
    assert set(bundled.lexicon["phrase"]) == {"a few hours", "several hours", "a day or two", "a few days",
                                              "several weeks", "several months"}


def test_factors_cover_the_five_the_article_names(bundled):
    assert list(bundled.factors["factor_id"]) == ["dosage", "route", "metabolism", "pain_condition", "comedication"]
    assert set(bundled.mechanisms["mechanism_id"]) == {"nmda", "opioid", "glutamate", "gaba"}
    assert len(bundled.promo) == 5 and set(bundled.promo["status"]) == {"unreferenced marketing claim"}


def test_data_readme_documents_every_column():
    """Docs that tests keep honest: each column of each file has its own README section."""
    from relief import schemas

    readme = (BUNDLED / "README.md").read_text(encoding="utf-8")
    for file, schema in (("claims.csv", schemas.claims_schema()), ("lexicon.csv", schemas.lexicon_schema()),
                         ("factors.csv", schemas.factors_schema()), ("mechanisms.csv", schemas.mechanisms_schema()),
                         ("promo_claims.csv", schemas.promo_schema()), ("studies.csv", schemas.studies_schema()),
                         ("evidence.csv", schemas.evidence_schema()), ("verdicts.csv", schemas.verdicts_schema()),
                         ("search_log.csv", schemas.search_log_schema()),
                         ("corrections.csv", schemas.corrections_schema()), ("scenes.csv", schemas.scenes_schema()),
                         ("vocabulary.csv", schemas.vocabulary_schema())):
        assert f"## `{file}`" in readme, file
        section = readme.split(f"## `{file}`", 1)[1].split("\n## ", 1)[0]
        for column in schema.columns:
            assert f"### `{column}`" in section, f"{file}: column {column} is not documented"
