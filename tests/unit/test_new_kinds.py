"""Intervals, courses, durations of action, peaks, onset ranges and a low end of none: each said as what it is.

None of them is ever drawn, counted or judged as relief that lasted; seconds and minutes are units.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pandas as pd
import pytest

from relief import kinds, notices, views
from relief.charts import axis_title, claim_marks, describe, key_text, range_chart
from relief.dataset import BUNDLED, Memo, build_dataset, load_folder, read_folder
from relief.durations import UNIT_CHOICES, format_band, format_hours, ticks
from relief.phrases import parse
from relief.ranges import band_text, claimed_text, display_table, plotted_ranges, reading_text, relief_rows
from relief.schemas import claim_ends

EXAMPLE = BUNDLED / "examples" / "numbers_as_written"
OTHER_TIMES = ("iv_interval", "iv_course", "sc_action", "intranasal_onset", "intranasal_peak", "sublingual_onset")


@pytest.fixture(scope="module")
def example():
    result = load_folder(EXAMPLE)
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    return result.dataset


@pytest.fixture(scope="module")
def plotted(example):
    return plotted_ranges(example.claims, example.lexicon)


def row_of(plotted, claim_id):
    return next(plotted[plotted["claim_id"] == claim_id].itertuples(index=False))


# ---------------------------------------------------------------- parsed


@pytest.mark.parametrize(("claim_id", "at", "high", "source", "reading"), [
    ("iv_interval", 2160, math.nan, "every “90 days”", "every 90 days"),
    ("iv_course", 96, 120, "given over “4 to 5 days”", "given over 4–5 days"),
    ("sc_action", 0.25, 2, "one dose acts for “15 minutes to 2 hours”", "one dose acts for 15 min – 2 h"),
    ("intranasal_onset", 1 / 6, 0.5, "relief within “10-30 mins”", "relief within 10–30 min"),
    ("intranasal_peak", 0.025, math.nan, "peak at “90 seconds”", "peak at 90 s"),
])
def test_each_new_kind_is_read_as_a_time_that_is_not_relief(plotted, claim_id, at, high, source, reading):
    row = row_of(plotted, claim_id)
    assert row.at_hours == pytest.approx(at)
    assert (math.isnan(high) and math.isnan(row.at_high_hours)) or row.at_high_hours == pytest.approx(high)
    assert math.isnan(row.bar_start_hours) and math.isnan(row.bar_end_hours)  # never a bar of relief
    assert claimed_text(row) == source and reading_text(row) == reading


def test_an_onset_range_may_be_two_phrases_too(example):
    files = read_folder(EXAMPLE)
    files["claims.csv"] = files["claims.csv"].replace(b"onset,10-30 mins,,", b"onset,10,30 mins,")
    result = build_dataset(files)
    # "10" alone is no duration: the checker says why, naming the value it found
    assert any(p.column == "low_phrase" and "(found “10”)" in p.message for p in result.errors), result.errors
    two = plotted_ranges(example.claims.assign(
        low_phrase=example.claims["low_phrase"].replace({"4 to 5 days": "4 days"}),
        high_phrase=example.claims["high_phrase"].mask(example.claims["claim_id"] == "iv_course", "5 days")),
        example.lexicon)
    course = row_of(two, "iv_course")
    assert (course.at_hours, course.at_high_hours) == (96, 120) and reading_text(course) == "given over 4–5 days"


# ---------------------------------------------------------------- drawn as what it is


def test_each_new_kind_has_its_own_mark_shape_line_and_words(plotted):
    marks = claim_marks(plotted)
    by_claim = marks.groupby("claim_id")["mark"].apply(set)
    assert by_claim["iv_interval"] == {"interval"}
    assert by_claim["iv_course"] == {"course", "course:line"}
    assert by_claim["sc_action"] == {"action", "action:line"}
    assert by_claim["intranasal_onset"] == {"onset", "onset:line"}
    assert by_claim["intranasal_peak"] == {"peak"}
    figure = range_chart(plotted)
    traces = {t.name: t for t in figure.data}
    symbols = {k: traces[kinds.KINDS[k].legend].marker.symbol for k in ("interval", "course", "action", "peak",
                                                                         "onset")}
    assert len(set(symbols.values())) == 5  # a shape of its own, not colour alone
    dashes = {k: traces[f"{kinds.KINDS[k].legend}: range"].line.dash for k in ("course", "action", "onset")}
    assert len(set(dashes.values())) == 3
    assert list(traces[kinds.KINDS["interval"].legend].text) == ["every 90 days"]
    assert "given over 4–5 days" in traces[kinds.KINDS["course"].legend].text
    relief_traces = ("Claimed range (chosen reading)", "Open end (“or longer”)", "Chosen reading", "Number as written",
                     "Upper bound (“up to”): no lower end stated", "Upper bound (“up to”)")
    other_labels = set(plotted.loc[plotted["claim_id"].isin(OTHER_TIMES), "label"])
    for name in relief_traces:
        if name in traces:
            assert not other_labels & set(traces[name].y), name  # never drawn as relief
    assert figure.layout.xaxis.title.text.startswith("Time: relief and the other times")
    key = key_text(plotted)
    for words in ("“every …”: the time between treatments", "“given over …”", "“one dose acts for …”", "“peak at …”",
                  "an onset range"):
        assert words in key


def test_the_text_alternative_counts_relief_apart_from_other_times(plotted):
    text = describe(plotted)
    assert text.startswith(f"A range chart of {len(plotted)} claims: {len(plotted) - len(OTHER_TIMES)} about how long "
                           f"relief lasts and {len(OTHER_TIMES)} about other times (onset, interval, course, action, "
                           "peak), never drawn as relief that lasted,")
    assert "every 90 days (the time between treatments, not how long relief lasts)" in text
    relief_only = plotted[~plotted["claim_id"].isin(OTHER_TIMES)]
    assert describe(relief_only).startswith(f"A range chart of {len(relief_only)} claims about how long relief lasts")
    assert axis_title(relief_only) == "Duration of pain relief"


def test_the_table_and_exports_say_what_each_row_is(plotted):
    table = display_table(plotted).set_index("Claim")
    assert table.loc["IV infusions, time between (example)", "What it is"].startswith("time between treatments")
    assert table.loc["Nasal spray, peak (example)", "Source says"] == "peak at “90 seconds”"


# ---------------------------------------------------------------- never counted or judged as relief


def test_never_judged_counted_or_ranked_as_relief(example, plotted):
    claims = example.claims.set_index("claim_id")
    for claim_id in OTHER_TIMES:
        assert claim_ends(claims.loc[claim_id]) == (False, False), claim_id
        assert kinds.KINDS[claims.loc[claim_id, "kind"]].judged_as in (None, "onset")
    assert not set(relief_rows(plotted)["claim_id"]) & set(OTHER_TIMES)
    summary = notices.sidebar_summary(example.meta, example.claims, "x")
    assert f"{len(example.claims) - len(OTHER_TIMES)} duration claims and {len(OTHER_TIMES)} other times" in summary


def test_studies_are_never_drawn_beside_an_interval_or_an_onset(example, bundled):
    with_evidence = replace(example, evidence=bundled.evidence, studies=bundled.studies, memo=Memo())
    values = {"reading": "central", "routes": None, "regimen": None, "pain": None, "evidence": True, "unit": "auto",
              "axis": "log", "quotes": True}
    view = views.routes(with_evidence, values)
    assert view.studies is not None and not view.studies.empty  # the IV durations bear on the IV claims...
    assert not set(view.studies["claim_id"]) & set(OTHER_TIMES)  # ...never on the interval or the course


def test_the_overview_answer_is_never_an_other_time(example):
    overall = example.claims.assign(route="overall")
    plotted = plotted_ranges(overall, example.lexicon)
    assert relief_rows(plotted)["claim_id"].iloc[0] == "sublingual_single"
    interval_first = plotted_ranges(overall[overall["claim_id"] == "iv_interval"], example.lexicon)
    assert relief_rows(interval_first).empty


# ---------------------------------------------------------------- a low end of none


def test_a_low_end_of_none_is_words_not_hours_and_is_drawn_as_none(example, plotted):
    row = row_of(plotted, "lozenge_course")
    assert row.low_none and math.isnan(row.low_central) and math.isnan(row.bar_start_hours)
    assert (row.high_conservative, row.high_central, row.high_generous) == (336, 1440, 4320)
    assert row.bar_end_hours == 1440
    assert claimed_text(row) == "“no ongoing relief” (none) to “weeks or months”"
    assert reading_text(row) == "none to 2 months" and band_text(row, "low") == "none"
    marks = claim_marks(plotted)
    mine = marks[marks["claim_id"] == "lozenge_course"]
    assert set(mine["mark"]) == {"none_end", "bar", "band", "reading"}
    (none,) = mine[mine["mark"] == "none_end"].itertuples(index=False)
    (bar,) = mine[mine["mark"] == "bar"].itertuples(index=False)
    assert none.text == "<b>none</b>" and bar.start == none.start and bar.end == 1440  # from the left edge
    assert "the source's range starts at no relief for some" in key_text(plotted)
    assert claim_ends(example.claims.set_index("claim_id").loc["lozenge_course"]) == (False, True)


def edited(claim_id: str, **values) -> dict[str, bytes | None]:
    """The example's files with one claim's cells changed."""
    import io

    files = read_folder(EXAMPLE)
    claims = pd.read_csv(io.BytesIO(files["claims.csv"]), dtype=str, keep_default_na=False)
    for column, value in values.items():
        claims.loc[claims["claim_id"] == claim_id, column] = value
    return files | {"claims.csv": claims.to_csv(index=False).encode()}


@pytest.mark.parametrize(("values", "column", "words"), [
    ({"low_none": "yes"}, "low_none", "low_none must be empty, true or false"),
    ({"high_phrase": ""}, "high_phrase", "low end is none (low_none=true) needs a high phrase"),
    ({"low_none": "false"}, "low_phrase", "phrase not in the lexicon"),
])
def test_a_low_end_of_none_is_checked(values, column, words):
    result = build_dataset(edited("lozenge_course", **values))
    assert any(p.row == 15 and p.column == column and words in p.message for p in result.errors), result.errors
    if column == "low_phrase":  # read as hours without low_none, the words for none name themselves
        assert any("(found “no ongoing relief”)" in p.message for p in result.errors)


def test_only_a_duration_may_have_a_low_end_of_none():
    result = build_dataset(edited("iv_interval", low_none="true"))
    (problem,) = [p for p in result.errors if p.column == "low_none"]
    assert problem.row == 10 and "kind interval states no such range" in problem.message
    assert "use kind" not in problem.message


# ---------------------------------------------------------------- seconds and minutes


@pytest.mark.parametrize(("phrase", "low", "high"), [
    ("30 seconds", 30 / 3600, 30 / 3600), ("30 sec", 30 / 3600, 30 / 3600), ("90 s", 0.025, 0.025),
    ("2 secs", 2 / 3600, 2 / 3600), ("10-30 mins", 1 / 6, 0.5), ("3 to 4 min", 0.05, 4 / 60),
    ("15 minutes to 2 hours", 0.25, 2), ("between 30 seconds and 2 minutes", 30 / 3600, 2 / 60),
])
def test_seconds_and_minutes_are_units_in_phrases(phrase, low, high):
    stated = parse(phrase)
    assert stated.low == pytest.approx(low) and stated.high == pytest.approx(high)


def test_seconds_and_minutes_are_units_on_the_axis_and_in_words():
    assert {"seconds", "minutes"} <= set(UNIT_CHOICES)
    assert format_hours(0.25) == "15 min" and format_hours(30 / 3600) == "30 s" and format_hours(3) == "3 h"
    assert format_hours(0.5, "seconds") == "1,800 s" and format_hours(2, "minutes") == "120 min"
    assert format_band(1 / 6, 0.5) == "10–30 min"
    _, labels = ticks(10 / 3600, 2, "auto", "log")
    assert "10 s" in labels and "1 min" in labels and "1 h" in labels
    _, labels = ticks(0, 0.5, "minutes", "linear")
    assert labels[-1].endswith("min")
    _, labels = ticks(1 / 3600, 60 / 3600, "seconds", "log")
    assert all(label.endswith(" s") or label == "0" for label in labels)


def test_the_explorer_offers_seconds_and_minutes(example):
    from relief.urlstate import explorer_view

    spec = explorer_view(example.claims)
    values, problems = spec.parse({"unit": ["minutes"]})
    assert values["unit"] == "minutes" and problems == []
    figure = range_chart(plotted_ranges(example.claims, example.lexicon), unit="minutes", axis="linear")
    assert all(str(t).endswith("min") or t == "0" for t in figure.layout.xaxis.ticktext)


def test_every_kind_in_the_example(example):
    assert set(example.claims["kind"]) == set(kinds.KINDS)
    assert example.claims["low_none"].any()
    assert isinstance(example.claims["low_none"].iloc[0], bool | pd.BooleanDtype().type) or example.claims[
        "low_none"].dtype == bool


# ---------------------------------------------------------------- the checker never asks for another kind

ADVISES_A_KIND = re.compile(r"use kind|fix the spelling|change (?:the )?kind|kind (?:to|should be)|"
                            r"is an? (?:duration|interval|onset|course|peak)\b", re.IGNORECASE)


def test_no_message_of_the_checker_advises_another_kind():
    from relief.phrases import REASONS
    from relief.schemas import claims_schema

    messages = list(REASONS.values()) + [str(c.error) for c in claims_schema().checks]
    messages += [str(c.error) for column in claims_schema().columns.values() for c in column.checks]
    assert len(messages) > 20
    for message in messages:
        assert not ADVISES_A_KIND.search(message), message


@pytest.mark.parametrize("phrase", ["every 90 days", "over 4 to 5 days", "90 days apart", "up to 3 months"])
def test_kind_words_in_a_phrase_are_named_not_spelt_away(phrase, tmp_path):
    files = edited("iv_single", low_phrase=phrase, high_phrase="",
                   quote=f"The example says a single infusion gives relief {phrase}.")
    result = build_dataset(files)
    (problem,) = [p for p in result.errors if p.column == "low_phrase" and p.row == 6]
    assert "those words say what kind of time the source states" in problem.message
    assert "the kind must say what the source states" in problem.message and f"(found “{phrase}”)" in problem.message
    assert not ADVISES_A_KIND.search(problem.message)


def _as_duration(tmp_path, claim_id: str, **values):
    files = edited(claim_id, kind="duration", **values)
    folder = tmp_path / "data"
    folder.mkdir()
    for name, data in files.items():
        if data is not None:
            (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(("claim_id", "values", "words", "reads_like"), [
    ("iv_interval", {"high_phrase": "90 days"}, "“every 90 days”", "time between treatments"),
    ("iv_course", {}, "“over 4 to 5 days”", "how long a course of treatment is given"),
    ("intranasal_peak", {"high_phrase": "90 seconds"}, "“peak 90 seconds”", "time to the peak effect"),
])
def test_a_duration_whose_quote_reads_like_another_kind_is_warned_not_refused(tmp_path, capsys, claim_id, values,
                                                                             words, reads_like):
    from relief.cli import main

    folder = _as_duration(tmp_path, claim_id, **values)
    result = load_folder(folder)
    assert result.ok and result.errors == []
    (warning,) = result.warnings
    assert warning.column == "low_phrase" and warning.severity == "warning"
    assert f"the quote says {words}, which reads like {reads_like}" in warning.message
    assert "a claim's kind must say what the source states" in warning.message
    assert not ADVISES_A_KIND.search(warning.message)
    assert main(["check", str(folder)]) == 0
    printed = capsys.readouterr()
    assert "warning" in printed.err + printed.out and words in printed.err + printed.out


def test_the_kinds_as_stated_get_no_warning():
    result = load_folder(EXAMPLE)
    assert result.warnings == []


def test_words_near_the_right_edge_go_left_of_the_mark_so_a_phone_shows_them(plotted):
    traces = {t.name: t for t in range_chart(plotted).data}
    interval = traces[kinds.KINDS["interval"].legend]
    assert list(interval.textposition) == ["middle left"] and list(interval.text) == ["every 90 days"]
    peak = traces[kinds.KINDS["peak"].legend]
    assert list(peak.textposition) == ["middle right"]  # near the left edge: words to the right
    course = traces[kinds.KINDS["course"].legend]  # a range near the right edge: the words by its first mark
    assert list(course.text) == ["given over 4–5 days", ""] and course.textposition[0] == "middle left"


def test_the_comparison_puts_studies_under_claims_about_relief_only(tmp_path):
    import shutil

    from relief import compare
    from relief.library import load_library

    shutil.copytree(EXAMPLE, tmp_path / "example")  # the example as one more source beside the article
    library = load_library(BUNDLED, sources=tmp_path)
    shown = compare.build(library, {"sources": [s.slug for s in library.sources], "routes": ["iv"], "regimen": None,
                                    "pain": None})
    table = shown.plotted
    other = table.loc[table["said"] & ~table["kind"].map(kinds.speaks_of_relief), "claim_key"]
    assert {"example:iv_interval", "example:iv_course"} <= set(other)
    assert shown.studies is not None and not shown.studies.empty
    assert not set(shown.studies["claim_id"]) & set(other)  # the studies' row sits under a claim about relief
    traces = {t.name for t in shown.figure.data}
    assert kinds.KINDS["interval"].legend in traces and kinds.KINDS["course"].legend in traces
