"""What kind of number a claim states: each kind validated, read and drawn as its own mark."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from relief.charts import claim_marks, describe, range_chart
from relief.cli import main
from relief.dataset import BUNDLED, build_dataset, load_folder, read_folder
from relief.ranges import claimed_text, concerned_claims, display_table, plotted_ranges, reading_text

EXAMPLE = BUNDLED / "examples" / "numbers_as_written"


@pytest.fixture(scope="module")
def example():
    result = load_folder(EXAMPLE)
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    return result.dataset


@pytest.fixture
def example_files() -> dict[str, bytes | None]:
    return read_folder(EXAMPLE)


def by_id(plotted):
    return plotted.set_index("claim_id")


def label_of(example, claim_id):
    return example.claims.set_index("claim_id").loc[claim_id, "label"]


# ---------------------------------------------------------------- the numbers read


def test_each_kind_fills_what_it_states_and_nothing_more(example):
    p = by_id(plotted_ranges(example.claims, example.lexicon))
    sub = p.loc["sublingual_single"]  # '3–7 days' in one cell: exact, both ends
    assert (sub.low_conservative, sub.low_central, sub.low_generous) == (72, 72, 72)
    assert (sub.bar_start_hours, sub.bar_end_hours) == (72, 168) and pd.isna(sub.at_hours)
    mixed = p.loc["iv_single"]  # a vague low end and an exact high end
    assert (mixed.low_conservative, mixed.low_generous, mixed.high_conservative, mixed.high_generous) == (2, 4, 48, 48)
    for claim_id, kind, at in (("intranasal_upper", "upper_bound", 2160), ("iv_booster", "lower_bound", 336),
                               ("sublingual_onset", "onset", 2), ("im_gone", "gone_by", 24)):
        row = p.loc[claim_id]
        assert row.kind == kind and row.at_hours == at and pd.isna(row.bar_end_hours), claim_id
        assert pd.isna(row.high_central), claim_id
    assert pd.isna(p.loc["intranasal_upper"].bar_start_hours)  # an upper bound states no lower end
    assert p.loc["iv_booster"].open_ended and not p.loc["nebulised"].stated


def test_words_for_each_kind(example):
    p = by_id(plotted_ranges(example.claims, example.lexicon))
    said = {c: (claimed_text(_row(p, c)), reading_text(_row(p, c))) for c in p.index}
    assert said["intranasal_upper"] == ("up to “3 months”", "up to 3 months")
    assert said["iv_booster"] == ("“2 weeks” or longer", "2 weeks or longer")
    assert said["sublingual_onset"] == ("relief within “2 hours”", "relief within 2 h")
    assert said["im_gone"] == ("gone by “24 hours”", "gone by 24 h")
    assert said["sublingual_single"] == ("“3–7 days”", "3–7 days")
    assert said["nebulised"] == ("no range stated", "no range stated")
    table = display_table(plotted_ranges(example.claims, example.lexicon), vocabulary=example.vocabulary)
    row = table.set_index("Claim").loc["Nebulised (example)"]
    assert row["Route"] == "Nebulised (inhaled mist)"  # the label vocabulary.csv declares
    assert table.set_index("Claim").loc["Sublingual tablet, single (example)", "Low-end band"] == "3 days (as written)"


def _row(p, claim_id):
    return next(p.loc[[claim_id]].reset_index().itertuples(index=False))


def test_longest_order_puts_an_onset_after_the_durations(example):
    plotted = plotted_ranges(example.claims, example.lexicon, order="longest")
    ids = list(plotted["claim_id"])
    assert ids[0] == "iv_booster" and ids[1] == "intranasal_upper"
    assert ids[-1] == "nebulised"
    other = {"sublingual_onset", "intranasal_onset", "iv_interval", "iv_course", "sc_action", "intranasal_peak"}
    assert set(ids[-1 - len(other):-1]) == other  # never ranked as relief that lasted, however long
    assert ids.index("lozenge_course") < ids.index("sublingual_single")  # “weeks or months” (none at the low end)


# ---------------------------------------------------------------- drawn as its own mark


def test_every_kind_is_its_own_mark_and_its_own_trace(example):
    plotted = plotted_ranges(example.claims, example.lexicon)
    marks = claim_marks(plotted)
    kinds_of = marks.groupby("claim_id")["mark"].apply(set)
    assert kinds_of["intranasal_upper"] == {"lead_in", "cap"}
    assert kinds_of["iv_booster"] == {"exact", "tail", "open_end"}
    assert kinds_of["sublingual_onset"] == {"onset"} and kinds_of["im_gone"] == {"gone_by"}
    assert kinds_of["sublingual_single"] == {"exact", "bar"}  # exact ends are ticks, not bands
    assert kinds_of["iv_single"] == {"band", "reading", "exact", "bar"}
    assert kinds_of["nebulised"] == {"unstated"}

    fig = range_chart(plotted)
    names = [t.name for t in fig.data if not t.name.startswith("Phrase band")]
    assert len(names) == len(set(names))  # one trace per kind of mark (bands: one per colour)
    by_name = {t.name: t for t in fig.data}
    upper, onset, gone = (label_of(example, c) for c in ("intranasal_upper", "sublingual_onset", "im_gone"))
    bars = by_name["Claimed range (chosen reading)"]
    for y in (upper, onset, gone, label_of(example, "iv_booster")):
        assert y not in bars.y  # a bound, an onset or a "gone by" time is never a bar
    lead_in = by_name["Upper bound (“up to”): no lower end stated"]
    assert set(lead_in.y) == {upper} and max(lead_in.marker.opacity) < 0.5  # pale: never reads as relief
    assert list(lead_in.marker.opacity) == sorted(lead_in.marker.opacity)  # fades in towards the cap
    assert lead_in.base[-1] + lead_in.x[-1] == pytest.approx(2160)
    cap = by_name["Upper bound (“up to”)"]
    assert list(cap.x) == [2160] and list(cap.text) == ["up to 3 months"]
    assert list(by_name["Onset (relief starts within)"].text) == ["relief within 2 h", "", "relief within 10–30 min"]
    assert list(by_name["Relief gone by"].x) == [24] and by_name["Relief gone by"].mode == "markers+text"
    ticks = by_name["Number as written"]
    sub = label_of(example, "sublingual_single")
    assert sorted(x for x, y in zip(ticks.x, ticks.y, strict=True) if y == sub) == [72, 168]
    bands = [t for t in fig.data if t.name == "Phrase band (conservative to generous reading)"]
    assert sorted(y for t in bands for y in t.y) == sorted([label_of(example, "iv_single"),
                                                            label_of(example, "lozenge_course")])  # the vague phrases
    assert list(fig.layout.yaxis.categoryarray) == list(plotted["label"])


def test_description_says_how_each_kind_is_drawn(example):
    text = describe(plotted_ranges(example.claims, example.lexicon))
    assert "up to “3 months”, drawn as up to 3 months: a capped end that fades in from the left, not a bar" in text
    assert "drawn as a star, relief within 2 h (when relief starts, not how long it lasts)" in text
    assert "drawn as a point, gone by 24 h" in text and "2 weeks or longer, fading out to the right" in text


def test_a_factor_highlights_every_claim_it_concerns(example):
    factors = example.factors.set_index("factor_id")
    assert concerned_claims(factors.loc["booster_schedule"], example.claims) == ["iv_booster"]
    assert concerned_claims(factors.loc["short_follow_up"], example.claims) == ["im_gone"]
    plotted = plotted_ranges(example.claims, example.lexicon)
    fig = range_chart(plotted, highlight={"iv_booster"})
    assert "<b>IV booster infusion (example)</b>" in fig.layout.yaxis.ticktext
    (tail,) = [t for t in fig.data if t.name == "Open end (“or longer”)"]
    assert "#767676" not in tail.marker.color
    (cap,) = [t for t in fig.data if t.name == "Upper bound (“up to”)"]
    assert list(cap.marker.color) == ["#767676"]


# ---------------------------------------------------------------- the schema


def problems_of(files):
    result = build_dataset(files)
    return result, [(p.file, p.row, p.column) for p in result.errors]


# (text to change in the example's claims.csv, its replacement, the (row, column) reported, words of the message)
REFUSED = {
    "phrase not in its quote": (b"duration,3\xe2\x80\x937 days,", b"duration,3-7 days,", (2, "low_phrase"),
                                "not found in this row’s quote"),
    "unknown unit": (b"upper_bound,3 months,", b"upper_bound,3 moons,", (5, "low_phrase"), "unknown unit"),
    "a bound with a high phrase": (b"upper_bound,3 months,,", b"upper_bound,3 months,3 months,", (5, "high_phrase"),
                                   "leave high_phrase empty"),
    "a lower bound with a high phrase": (b"lower_bound,2 weeks,,", b"lower_bound,2 weeks,2 weeks,",
                                         (4, "high_phrase"), "open-ended"),
    "a range as an upper bound": (b"upper_bound,3 months,", b"upper_bound,3\xe2\x80\x937 days,", (5, "low_phrase"),
                                  "this phrase is a range"),
    "a range with a high phrase too": (b"7 days,,", b"7 days,3\xe2\x80\x937 days,", (2, "high_phrase"),
                                       "already a range"),
    "a duration with one vague phrase and no high phrase": (b"a few hours,2 days,", b"a few hours,,",
                                                            (6, "high_phrase"), "needs a high phrase"),
    "an onset without its phrase": (b"onset,2 hours,", b"onset,,", (3, "low_phrase"), "needs a low phrase"),
    "a range that runs backwards": (b"between 4 and 6 hours", b"between 6 and 4 hours", (8, "low_phrase"),
                                    "runs backwards"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_claim_that_says_more_or_less_than_its_kind_is_refused(example_files, case):
    old, new, (row, column), words = REFUSED[case]
    assert old in example_files["claims.csv"]
    example_files["claims.csv"] = example_files["claims.csv"].replace(old, new)
    if case == "a range that runs backwards":
        example_files = _with_quote(example_files, "between 4 and 6 hours", "between 6 and 4 hours")
    result, where = problems_of(example_files)
    assert not result.ok and ("claims.csv", row, column) in where, where
    assert any(words in p.message for p in result.errors if (p.row, p.column) == (row, column)), result.errors


def _with_quote(files, old: str, new: str):
    """The source and its fingerprint changed together, so only the claim itself is wrong."""
    import hashlib
    import json

    source = files["article.txt"].replace(old.encode(), new.encode())
    meta = json.loads(files["article.meta.json"]) | {"sha256": hashlib.sha256(source).hexdigest()}
    claims = files["claims.csv"].replace(old.encode(), new.encode())
    return files | {"article.txt": source, "article.meta.json": json.dumps(meta).encode(), "claims.csv": claims}


def test_old_open_ended_and_stated_columns_are_read_with_a_warning(files, bundled):
    legacy = bundled.claims.assign(open_ended=bundled.claims["open_ended"].map({True: "true", False: "false"}),
                                   stated=bundled.claims["stated"].map({True: "true", False: "false"}))
    legacy = legacy.drop(columns=["kind", "low_none"])  # a file of before kinds: no low_none either
    files["claims.csv"] = legacy.to_csv(index=False).encode()
    result = build_dataset(files)
    assert result.ok, result.errors
    assert list(result.dataset.claims["kind"]) == list(bundled.claims["kind"])
    warned = {p.column: p.message for p in result.warnings if p.file == "claims.csv"}
    assert set(warned) == {"open_ended", "stated"} and all("“kind”" in m for m in warned.values())
    assert "lower_bound" in warned["open_ended"] and "not_stated" in warned["stated"]


def test_a_wrong_old_boolean_is_refused_where_it_is(files, bundled):
    legacy = bundled.claims.assign(open_ended=bundled.claims["open_ended"].map({True: "true", False: "false"}),
                                   stated="true").drop(columns=["kind", "low_none"])
    legacy.loc[legacy["claim_id"] == "oral", "open_ended"] = "no"
    files["claims.csv"] = legacy.to_csv(index=False).encode()
    _, where = problems_of(files)
    assert ("claims.csv", 9, "open_ended") in where


def test_declared_codes_are_accepted_and_undeclared_ones_refused(example_files):
    _, where = problems_of(example_files | {"vocabulary.csv": None})
    assert ("claims.csv", 9, "route") in where
    bad = b"dimension,code,label,speaks_for\nroute,iv,IV again,\nroute,nebulised,Nebulised,\nroute,nebulised,Twice,\n" \
          b"regimen,weekly,Weekly,fortnightly\n"
    _, where = problems_of(example_files | {"vocabulary.csv": bad})
    assert {("vocabulary.csv", 2, "code"), ("vocabulary.csv", 4, "code"), ("vocabulary.csv", 5, "speaks_for")} <= set(
        where)


def test_factors_concern_routes_regimens_or_claims(example_files):
    factors = example_files["factors.csv"]
    _, where = problems_of(example_files | {"factors.csv": factors.replace(b",,,im_gone,", b",,,no_such_claim,")})
    assert where == [("factors.csv", 3, "claims")]
    _, where = problems_of(example_files | {"factors.csv": factors.replace(b",,,im_gone,", b",,,,")})
    assert where == [("factors.csv", 3, "routes")]
    _, where = problems_of(example_files | {"factors.csv": factors.replace(b",,booster,", b",,single_dose,")})
    assert where == [("factors.csv", 2, "regimens")]


def test_the_example_folder_checks_clean(capsys):
    assert main(["check", str(EXAMPLE)]) == 0
    assert "valid: 0 errors, 0 warnings" in capsys.readouterr().err


def test_every_example_quote_holds_its_phrases(example):
    from relief.phrases import in_quote

    for row in example.claims.itertuples(index=False):
        for phrase in (row.low_phrase, row.high_phrase):
            assert phrase == "" or in_quote(phrase, row.quote)
    assert Path(EXAMPLE / "README.md").read_text(encoding="utf-8").count("fictitious") >= 1
    assert "fictitious" in example.meta["kind"] and "made up" in example.source


def test_the_key_names_only_the_marks_drawn(example, bundled):
    from relief.charts import key_text

    bundled_key = key_text(plotted_ranges(bundled.claims, bundled.lexicon))
    assert "Hatched band" in bundled_key and "or longer" in bundled_key
    assert "up to" not in bundled_key and "Star" not in bundled_key and "Crisp tick" not in bundled_key
    example_key = key_text(plotted_ranges(example.claims, example.lexicon, "generous"))
    for words in ("Crisp tick", "“up to”: an upper bound, not a duration", "Star: when relief starts",
                  "relief had ended", "Diamond: the generous reading"):
        assert words in example_key
    only_onset = plotted_ranges(example.claims[example.claims["kind"] == "onset"], example.lexicon)
    assert key_text(only_onset).startswith("Star:")  # an exact onset: no band, no tick, no bar in the key


def test_a_declared_code_speaks_for_what_it_lists():
    from relief.vocabulary import speaks_to

    extra = pd.DataFrame({"dimension": ["route"], "code": ["nebulised"], "label": ["Nebulised"],
                          "speaks_for": ["intranasal"]})
    assert speaks_to("route", "nebulised", "intranasal", extra) and not speaks_to("route", "nebulised", "intranasal")
    assert speaks_to("route", "overall", "nebulised", extra) and not speaks_to("route", "nebulised", "iv", extra)
    assert speaks_to("route", "im_sc", "im")  # the built-in rules hold without a vocabulary


def test_a_phrase_without_a_reading_is_never_drawn_as_a_number(example):
    no_lexicon = example.lexicon.iloc[0:0]
    plotted = plotted_ranges(example.claims, no_lexicon)
    row = plotted.set_index("claim_id").loc["iv_single"]
    assert pd.isna(row.low_central) and pd.isna(row.bar_start_hours)
    fig = range_chart(plotted)
    (unread,) = [t for t in fig.data if t.name == "No range stated"]
    said = dict(zip(unread.y, unread.text, strict=True))
    assert said["IV infusion, single (example)"] == "phrase not read (not in the lexicon)"
    assert said["Nebulised (example)"] == "no range stated"
