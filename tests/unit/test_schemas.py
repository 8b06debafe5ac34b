"""The schemas accept the bundled data and refuse broken copies, naming file, row and column."""

from __future__ import annotations

import pytest

from relief.dataset import build_dataset
from relief.schemas import parse_positive_number, quote_in_source


def problems_of(files):
    result = build_dataset(files)
    return result, [(p.file, p.row, p.column) for p in result.errors]


def test_bundled_data_is_valid(files):
    result = build_dataset(files)
    assert result.ok
    assert result.problems == []


def test_missing_column_is_named_on_the_header_row(files):
    files["claims.csv"] = files["claims.csv"].replace(b",quote,", b",citation,", 1)
    result, where = problems_of(files)
    assert not result.ok
    assert ("claims.csv", 1, "quote") in where
    assert any(p.column == "citation" and not p.is_error for p in result.problems), "renamed column is warned"


# (file, text to change, its replacement, the one (file, row, column) reported, words its message must hold)
REFUSED = {
    "quote not in the article": ("claims.csv", b"lasting a few hours.", b"lasting a few days.",
                                 ("claims.csv", 9, "quote"), "not found"),
    "straightened apostrophe": ("factors.csv", "person’s".encode(), b"person's", ("factors.csv", 4, "quote"),
                                "not found"),
    "range running backwards": ("claims.csv", b"several hours,several weeks", b"several weeks,several hours",
                                ("claims.csv", 3, "high_phrase"), ""),
    "unstated claim with a phrase": ("claims.csv", b"patch,,,false,false", b"patch,a few hours,,false,false",
                                     ("claims.csv", 10, "low_phrase"), ""),
    "unknown phrase": ("claims.csv", b"several hours,a few days", b"several hours,a fortnight",
                       ("claims.csv", 6, "high_phrase"), "not in the lexicon"),
    "readings out of order": ("lexicon.csv", b"a few days,48,72,96", b"a few days,48,120,96",
                              ("lexicon.csv", 5, "generous_hours"), "out of order"),
    "open end with a high phrase": ("claims.csv", b"months,,true,true", b"months,several months,true,true",
                                    ("claims.csv", 5, "high_phrase"), "open-ended"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_untrue_row_is_refused_at_its_file_row_and_column(files, case):
    name, old, new, expected, words = REFUSED[case]
    assert old in files[name]
    files[name] = files[name].replace(old, new)
    result, where = problems_of(files)
    assert not result.ok and where == [expected]
    assert words in result.errors[0].message


@pytest.mark.parametrize("value", [b"0", b"-5", b"nan", b"inf", b"three"])
def test_bad_reading_is_refused(files, value):
    files["lexicon.csv"] = files["lexicon.csv"].replace(b"a few hours,2,", b"a few hours," + value + b",")
    _, where = problems_of(files)
    assert ("lexicon.csv", 2, "conservative_hours") in where


def test_unknown_route_and_bad_boolean(files):
    files["claims.csv"] = files["claims.csv"].replace(b"oral,oral,", b"oral,cheek,").replace(
        b"a few hours,a few hours,false,true", b"a few hours,a few hours,no,true")
    _, where = problems_of(files)
    assert ("claims.csv", 9, "route") in where
    assert ("claims.csv", 9, "open_ended") in where


def test_duplicate_claim_id_names_the_second_row(files):
    files["claims.csv"] = files["claims.csv"].replace(b"\nlozenge,lozenge,", b"\nintranasal,lozenge,")
    _, where = problems_of(files)
    assert ("claims.csv", 8, "claim_id") in where
    assert ("claims.csv", 7, "claim_id") not in where


def test_meta_fingerprint_must_match_the_article(files):
    files["article.txt"] = files["article.txt"] + b"\nAn added line."
    result, where = problems_of(files)
    assert ("article.meta.json", None, "sha256") in where
    assert not result.ok


def test_missing_required_file(files):
    files["lexicon.csv"] = None
    result, where = problems_of(files)
    assert ("lexicon.csv", None, None) in where
    assert not result.ok


def test_optional_file_may_be_absent(files):
    files["mechanisms.csv"] = None
    result = build_dataset(files)
    assert result.ok
    assert result.dataset.mechanisms is None


def test_factor_routes_must_be_known(files):
    files["factors.csv"] = files["factors.csv"].replace(b"longer,iv;intranasal;lozenge", b"longer,iv;nasal")
    _, where = problems_of(files)
    assert where == [("factors.csv", 2, "routes")]


def test_problem_formats_for_the_cli_and_the_app(files):
    files["claims.csv"] = files["claims.csv"].replace(b"oral,oral,", b"oral,cheek,")
    problem = build_dataset(files).errors[0]
    assert str(problem).startswith("claims.csv:9:route: route must be one of:")
    assert problem.sentence().startswith("In claims.csv, row 9, column “route”:")


def test_quote_in_source_joins_passages_in_order():
    source = "One two three. Four five six."
    assert quote_in_source("One two ... five six.", source)
    assert not quote_in_source("five six. ... One two", source)
    assert not quote_in_source("", source)
    assert not quote_in_source("One two ...  ... five", source)


@pytest.mark.parametrize(("text", "value"), [("3", 3.0), ("1.5", 1.5), ("1e3", 1000.0), ("0", None), ("-1", None),
                                             ("nan", None), ("inf", None), ("", None), ("x", None)])
def test_parse_positive_number(text, value):
    assert parse_positive_number(text) == value
