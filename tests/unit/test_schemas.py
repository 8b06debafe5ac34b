"""The schemas accept the bundled data and refuse broken copies, naming file, row and column."""

from __future__ import annotations

import pytest

from relief.dataset import BUNDLED, build_dataset, read_folder
from relief.schemas import lexicon_schema, parse_positive_number, quote_in_source


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
    "quote not in the article": ("claims.csv", b"is generally shorter", b"is generally longer",
                                 ("claims.csv", 9, "quote"), "not found"),
    "straightened apostrophe": ("factors.csv", "person’s".encode(), b"person's", ("factors.csv", 4, "quote"),
                                "not found"),
    "range running backwards": ("claims.csv", b"several hours,several weeks", b"several weeks,several hours",
                                ("claims.csv", 3, "high_phrase"), ""),
    "unstated claim with a phrase": ("claims.csv", b"liquid),duration,", b"liquid),not_stated,",
                                     ("claims.csv", 9, "low_phrase"), "not_stated has no phrases"),
    "unknown phrase": ("claims.csv", b"several hours,a few days", b"several hours,can vary",
                       ("claims.csv", 6, "high_phrase"), "not in the lexicon"),
    "phrase not in its quote": ("claims.csv", b"several hours,a few days", b"several hours,a day or two",
                                ("claims.csv", 6, "high_phrase"), "not found in this row’s quote"),
    "unknown kind": ("claims.csv", b"liquid),duration,", b"liquid),estimate,", ("claims.csv", 9, "kind"),
                     "kind must be one of"),
    "readings out of order": ("lexicon.csv", b"a few days,48,72,96", b"a few days,48,120,96",
                              ("lexicon.csv", 5, "generous_hours"), "out of order"),
    "open end with a high phrase": ("claims.csv", b"lower_bound,several months,,",
                                    b"lower_bound,several months,several months,",
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


def test_unknown_route(files):
    files["claims.csv"] = files["claims.csv"].replace(b"oral,oral,", b"oral,nasogastric,")
    _, where = problems_of(files)
    assert where == [("claims.csv", 9, "route")]


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


@pytest.mark.parametrize("name", ["article.txt", "article.meta.json", "claims.csv"])
def test_missing_required_file(files, name):
    files[name] = None
    result, where = problems_of(files)
    assert (name, None, None) in where
    assert not result.ok


def test_lexicon_is_optional_but_its_phrases_are_not(files):
    files["lexicon.csv"] = None
    result, where = problems_of(files)
    assert not any(file == "lexicon.csv" for file, _, _ in where)
    assert ("claims.csv", 2, "low_phrase") in where  # the bundled claims use vague phrases
    guideline = read_folder(BUNDLED / "examples" / "example_guideline")
    claims = guideline["claims.csv"].decode().splitlines()
    guideline["claims.csv"] = "\n".join(line for line in claims if ",not_stated,,," in line or
                                          line.startswith("claim_id")).encode()
    guideline["lexicon.csv"] = None
    result = build_dataset(guideline)
    assert result.ok, [str(p) for p in result.problems]
    assert list(result.dataset.lexicon.columns) == list(lexicon_schema().columns) and result.dataset.lexicon.empty


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
    files["claims.csv"] = files["claims.csv"].replace(b"oral,oral,", b"oral,nasogastric,")
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
