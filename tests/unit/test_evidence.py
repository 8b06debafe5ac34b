"""Published evidence: schemas, the tables beside each claim, and the chart marks."""

from __future__ import annotations

import pytest

from relief.charts import range_chart
from relief.dataset import build_dataset
from relief.evidence import (
    best_link,
    claim_evidence,
    corrections_for,
    evidence_linked,
    plotted_evidence,
    short_citation,
    summary_of_findings,
    unplotted_evidence,
)
from relief.ranges import plotted_ranges


def where(files):
    result = build_dataset(files)
    return result, [(p.file, p.row, p.column) for p in result.errors]


def replace(files, name, old, new):
    assert old.encode() in files[name], old
    files[name] = files[name].replace(old.encode(), new.encode(), 1)


# (file, text to change, its replacement, (file, row, column) reported, whether that is the only problem)
REFUSED = {
    "bad PMID": ("evidence.csv", ",25817884,", ",PMID25817884,", ("evidence.csv", 3, "pmid"), True),
    "http URL": ("evidence.csv", "https://pubmed.ncbi.nlm.nih.gov/25817884/", "http://pubmed.ncbi.nlm.nih.gov/25817884/",
                 ("evidence.csv", 3, "url"), True),
    "unknown route": ("evidence.csv", "KET-023,intranasal,", "KET-023,nasal,", ("evidence.csv", 24, "route"), False),
    "low above high": ("evidence.csv", ",6,24,measured,", ",30,24,measured,",
                       ("evidence.csv", 20, "relief_high_hours"), True),
    "hours without their kind": ("evidence.csv", ",,1,observed_up_to,", ",,1,,", ("evidence.csv", 24, "hours_kind"),
                                 True),
    "dangling evidence id": ("verdicts.csv", "KET-019;KET-020", "KET-019;KET-099", ("verdicts.csv", 6, "evidence_ids"),
                             False),
    "verdict without a verified row": ("verdicts.csv", "low,contradicts,KET-021;KET-022", "low,contradicts,KET-013",
                                       ("verdicts.csv", 7, "verdict"), False),
    "unsourced number in a finding": ("verdicts.csv", "Relief lasted up to 60 minutes",
                                      "Relief lasted up to 75 minutes", ("verdicts.csv", 8, "finding"), True),
    "verdict route not the claim's": ("verdicts.csv", "oral,oral,oral,", "oral,oral,iv,",
                                      ("verdicts.csv", 10, "evidence_route"), True),
    "correction of nothing": ("corrections.csv", "mechanism,gaba,", "mechanism,serotonin,",
                              ("corrections.csv", 5, "target_id"), True),
}


@pytest.mark.parametrize("case", REFUSED)
def test_bad_evidence_is_refused_with_file_row_and_column(files, case):
    name, old, new, expected, only = REFUSED[case]
    replace(files, name, old, new)
    result, found = where(files)
    assert not result.ok
    assert found == [expected] if only else expected in found


def test_factor_link_must_exist(files):
    replace(files, "evidence.csv", ",dosage;,", ",dose,") if b",dosage;," in files["evidence.csv"] else \
        replace(files, "evidence.csv", ",dosage,", ",dose,")
    _, found = where(files)
    assert found and all(f[0] == "evidence.csv" and f[2] == "factors" for f in found)


def test_every_claim_has_a_verdict_with_verified_evidence(bundled):
    assert set(bundled.claims["claim_id"]) <= set(bundled.verdicts["claim_id"])
    verified = set(bundled.evidence.loc[bundled.evidence["status"] == "VERIFIED", "evidence_id"])
    for v in bundled.verdicts.itertuples():
        if v.verdict != "no_data":
            assert set(v.evidence_ids) & verified, v.verdict_id


def test_secondary_rows_never_carry_a_verdict_alone(bundled):
    secondary = set(bundled.evidence.loc[bundled.evidence["status"] == "SECONDARY", "evidence_id"])
    for v in bundled.verdicts.itertuples():
        assert set(v.evidence_ids) - secondary, v.verdict_id


def test_plotted_evidence_is_exactly_the_rows_with_hours(bundled):
    plotted = plotted_evidence(bundled, ["iv_series_chronic"])
    assert list(plotted["evidence_id"]) == ["KET-007", "KET-008", "KET-010", "KET-011"]
    unplotted = unplotted_evidence(bundled, ["iv_series_chronic"])
    assert set(unplotted["evidence_id"]) == {"KET-009", "KET-014", "KET-016", "KET-017"}
    both = claim_evidence(bundled, ["iv_series_chronic"])
    assert len(both) == len(plotted) + len(unplotted)


def test_evidence_is_drawn_beside_not_into_the_article_bars(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon, routes=["iv", "oral"])
    plain = range_chart(p)
    ev = plotted_evidence(bundled, p["claim_id"])
    with_ev = range_chart(p, evidence=ev)
    article = [t for t in plain.data]
    for trace in article:  # the article's traces are unchanged
        same = [t for t in with_ev.data if t.name == trace.name and t.legendgroup == trace.legendgroup]
        assert [t.to_plotly_json() for t in same] == [t.to_plotly_json() for t in article if t.name == trace.name]
    marks = [t for t in with_ev.data if t.legendgroup == "evidence"]
    drawn = sorted((c, i) for t in marks for c, i in zip(t.y, t.customdata, strict=True))
    expected = sorted((f"{bundled.claims.set_index('claim_id').label[c]} · studies", i)
                      for c, i in zip(ev["claim_id"], ev["evidence_id"], strict=True))
    assert drawn == expected
    assert with_ev.layout.showlegend and not plain.layout.showlegend
    kinds = {t.name for t in marks}
    assert "benefit no longer significant by this time (an upper bound)" in kinds


def test_secondary_marks_are_hollow(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon, routes=["iv"])
    marks = plotted_evidence(bundled, p["claim_id"])
    assert set(marks["status"]) == {"VERIFIED"}  # no second-hand row of the bundled data carries hours
    second_hand = marks.assign(status=["SECONDARY"] + ["VERIFIED"] * (len(marks) - 1))
    fig = range_chart(p, evidence=second_hand)
    symbols = [(i, s) for t in fig.data if t.legendgroup == "evidence" for i, s in zip(t.customdata, t.marker.symbol,
                                                                                        strict=True)]
    assert symbols[0][1].endswith("-open") and not any(s.endswith("-open") for _, s in symbols[1:])


def test_summary_of_findings_filters(bundled):
    everything = summary_of_findings(bundled)
    assert len(everything) == len(bundled.verdicts)
    iv = summary_of_findings(bundled, routes=["iv"])
    assert set(iv["verdict_id"]) == {"iv_overall", "iv_single_acute", "iv_series_chronic"}
    very_low = summary_of_findings(bundled, certainties=["very_low"])
    assert set(very_low["verdict_id"]) == {"im", "oral"}
    meta = summary_of_findings(bundled, designs=["meta_analysis"])
    assert "transdermal" not in set(meta["verdict_id"]) and "overall" in set(meta["verdict_id"])
    row = everything.set_index("verdict_id").loc["transdermal"]
    assert row["Studies / participants"] == "1 / 52" and row["Certainty"] == "⊕⊕◯◯ low"
    assert row["Article claim"] == "no range stated"


def test_links_prefer_pubmed_then_doi(bundled):
    ev = bundled.evidence.set_index("evidence_id")
    assert best_link(ev.loc["KET-002"].rename(None)) == "https://pubmed.ncbi.nlm.nih.gov/25817884/"
    assert best_link(ev.loc["KET-009"].rename(None)) == "https://doi.org/10.1016/j.pain.2009.08.015"
    assert best_link(ev.loc["KET-001"].rename(None)).startswith("https://ajemjournal.com/")


@pytest.mark.parametrize(("evidence_id", "citation"), [("KET-007", "Sigtermans 2009"), ("KET-010", "Mangnus 2021"),
                                                        ("KET-041", "Bell 2009")])
def test_short_citation(bundled, evidence_id, citation):
    row = bundled.evidence.set_index("evidence_id").loc[evidence_id]
    assert short_citation(row.rename(None)) == citation


def test_corrections_and_links(bundled):
    notes = corrections_for(bundled, "claim", "lozenge")
    assert notes[0]["title"].startswith("Lozenges are taken by mouth")
    assert [s[0] for s in notes[0]["sources"]] == ["KET-028", "KET-029", "KET-030"]
    assert corrections_for(bundled, "claim", "oral") == []
    assert set(evidence_linked(bundled, "factors", "comedication")["evidence_id"]) == {
        "KET-037", "KET-038", "KET-039", "KET-040"}
