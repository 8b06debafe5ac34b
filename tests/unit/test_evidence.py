"""Published evidence: publications and findings, per-end verdicts, the checks that keep them right, and the
tables beside each claim.

The bundled evidence is rewritten by hand as studies are found, so the failing examples below edit cells by
their row's id (not by their current wording), and the verdict examples start from one small verdict file.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from relief.charts import range_chart
from relief.dataset import build_dataset
from relief.evidence import (
    PLOTTED_COLUMNS,
    best_link,
    claim_evidence,
    claim_name,
    claim_verdicts,
    corrections_for,
    evidence_linked,
    matching_findings,
    participants,
    plotted_evidence,
    reviews,
    search_summary,
    short_citation,
    summary_of_findings,
    unplotted_evidence,
    verdicts,
)
from relief.ranges import plotted_ranges
from relief.schemas import claim_ends

# ---------------------------------------------------------------- editing data files by row id


def rows_of(files, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))


def write_rows(files, name, rows: list[dict], header: list[str] | None = None) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, header or list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    files[name] = out.getvalue().encode("utf-8")


def edit(files, name, key: str, value: str, **cells) -> int:
    """Set ``cells`` on the row whose first column is ``key``; returns its spreadsheet row."""
    rows = rows_of(files, name)
    position = next(i for i, r in enumerate(rows) if r[next(iter(r))] == value)
    rows[position].update(cells)
    write_rows(files, name, rows)
    return position + 2


def append(files, name, **cells) -> int:
    rows = rows_of(files, name)
    header = list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))).fieldnames)
    rows.append({column: cells.get(column, "") for column in header})
    write_rows(files, name, rows, header)
    return len(rows) + 1


def errors_at(files) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in build_dataset(files).errors]


def finding(files, **wanted) -> dict:
    """The first finding whose columns (and its study's, for population/status) have these values."""
    studies = {s["study_id"]: s for s in rows_of(files, "studies.csv")}
    for row in rows_of(files, "evidence.csv"):
        merged = studies[row["study_id"]] | row
        if all(merged[k] == v for k, v in wanted.items()):
            return merged
    raise LookupError(wanted)


# ---------------------------------------------------------------- publications and findings


def test_bundled_evidence_is_valid_and_publications_are_one_row_each(files, bundled):
    assert build_dataset(files).ok
    assert bundled.studies["study_id"].is_unique
    # Peltoniemi 2016 and Rabben 1999 each gave two findings: one publication, two findings.
    per_study = bundled.evidence.groupby("study_id")["evidence_id"].count()
    assert per_study.get("rabben1999", 0) >= 2 and per_study.get("peltoniemi2016", 0) >= 2
    # The finding carries its publication's columns once read.
    assert {"study", "year", "design", "n", "population", "cohort", "status"} <= set(bundled.evidence.columns)


def test_one_trial_reported_twice_shares_a_cohort(bundled):
    cohort = bundled.studies.set_index("study_id")["cohort"]
    assert cohort["sigtermans2009"] == cohort["dahan2011"]


STUDY_ERRORS = {
    "bad PMID": ("motov2015", {"pmid": "PMID25817884"}, "pmid"),
    "http URL": ("motov2015", {"url": "http://pubmed.ncbi.nlm.nih.gov/25817884/"}, "url"),
    "unknown population": ("motov2015", {"population": "adults"}, "population"),
    "unknown design": ("motov2015", {"design": "trial"}, "design"),
    "n of zero": ("motov2015", {"n": "0"}, "n"),
    "one cohort, two populations": ("dahan2011", {"population": "healthy_volunteers"}, "cohort"),
}


@pytest.mark.parametrize("case", STUDY_ERRORS)
def test_bad_publication_is_refused_at_its_row_and_column(files, case):
    study_id, cells, column = STUDY_ERRORS[case]
    row = edit(files, "studies.csv", "study_id", study_id, **cells)
    assert ("studies.csv", row, column) in errors_at(files)


def test_every_publication_is_cited_by_a_finding(files):
    row = append(files, "studies.csv", study_id="nobody2020", citation="Nobody A et al. Uncited (J 1:1)", year="2020",
                 design="rct", n="10", population="patients", cohort="nobody2020", url="https://example.org/x",
                 status="VERIFIED", rechecked="false")
    assert errors_at(files) == [("studies.csv", row, "study_id")]


FINDING_ERRORS = {
    "unknown study": ({"study_id": "nobody2020"}, "study_id"),
    "route outside the vocabulary": ({"route": "lozenge_sublingual"}, "route"),
    "regimen outside the vocabulary": ({"regimen": "single_dose"}, "regimen"),
    "pain context outside the vocabulary": ({"pain_context": "n/a"}, "pain_context"),
    "low above high": ({"relief_low_hours": "30", "relief_high_hours": "24", "hours_kind": "measured"},
                       "relief_high_hours"),
    "hours without their kind": ({"relief_high_hours": "1", "hours_kind": ""}, "hours_kind"),
    "bad certainty": ({"certainty": "very low"}, "certainty"),
}


@pytest.mark.parametrize("case", FINDING_ERRORS)
def test_bad_finding_is_refused_at_its_row_and_column(files, case):
    cells, column = FINDING_ERRORS[case]
    row = edit(files, "evidence.csv", "evidence_id", finding(files, population="patients")["evidence_id"], **cells)
    assert ("evidence.csv", row, column) in errors_at(files)


def test_volunteers_have_no_clinical_pain(files):
    volunteer = finding(files, population="healthy_volunteers")
    row = edit(files, "evidence.csv", "evidence_id", volunteer["evidence_id"], pain_context="acute")
    assert ("evidence.csv", row, "pain_context") in errors_at(files)


def test_factor_link_must_exist(files):
    row = edit(files, "evidence.csv", "evidence_id", finding(files)["evidence_id"], factors="dose")
    assert ("evidence.csv", row, "factors") in errors_at(files)


def test_findings_need_their_publications(files):
    files["studies.csv"] = None
    assert ("studies.csv", None, None) in errors_at(files)


def test_evidence_meta_says_when_the_literature_was_searched(files):
    meta = json.loads(files["evidence.meta.json"])
    assert meta["searched"]
    del meta["searched"]
    files["evidence.meta.json"] = json.dumps(meta).encode()
    assert ("evidence.meta.json", None, "searched") in errors_at(files)


# ---------------------------------------------------------------- reviewers' words on the rules' verdicts


def one_verdict(files, **cells) -> int:
    """Replace the reviewers' words with one valid row on the single-infusion acute-pain claim."""
    cited = finding(files, route="iv", regimen="single", status="VERIFIED")["evidence_id"]
    row = {"claim_id": "iv_single_acute", "finding": "A finding in words.", "lower_reason": f"{cited} says so.",
           "lower_override": "", "lower_override_certainty": "", "upper_reason": f"{cited} stopped early.",
           "upper_override": "", "upper_override_certainty": "", "evidence_ids": cited}
    row |= {k: v.format(cited=cited) for k, v in cells.items()}
    write_rows(files, "verdicts.csv", [row])
    return 2


def test_one_verdict_base_case_is_valid(files):
    one_verdict(files)
    assert build_dataset(files).ok


def excerpt_words(files) -> str:
    cited = finding(files, route="iv", regimen="single", status="VERIFIED")
    return " ".join(cited["excerpt"].split()[:5])


VERDICT_ERRORS = {
    "an unknown claim": ({"claim_id": "nothing"}, "claim_id"),
    "an override outside the vocabulary": ({"lower_override": "overstates", "lower_override_certainty": "low"},
                                           "lower_override"),
    "an override without its certainty": ({"lower_override": "overstated"}, "lower_override_certainty"),
    "a certainty without an override": ({"upper_override_certainty": "low"}, "upper_override_certainty"),
    "an override whose reason quotes nothing": ({"lower_override": "overstated", "lower_override_certainty": "low"},
                                                "lower_reason"),
    "an override quoting words the sources do not hold": (
        {"lower_override": "overstated", "lower_override_certainty": "low",
         "lower_reason": "{cited} says “relief lasted for ever”."}, "lower_reason"),
    "a reason naming a finding it does not list": ({"lower_reason": "KET-999 says so."}, "lower_reason"),
    "a reason of two sentences": ({"lower_reason": "{cited} says so. It is clear."}, "lower_reason"),
}


@pytest.mark.parametrize("case", VERDICT_ERRORS)
def test_bad_verdict_is_refused_at_its_row_and_column(files, case):
    cells, column = VERDICT_ERRORS[case]
    row = one_verdict(files, **cells)
    assert ("verdicts.csv", row, column) in errors_at(files)


def test_an_override_quoting_the_source_is_valid_and_shown_as_one(files):
    words = excerpt_words(files)
    one_verdict(files, lower_override="contradicted", lower_override_certainty="low",
                lower_reason=f"{{cited}} says “{words}”.")
    dataset = build_dataset(files).dataset
    line = claim_verdicts(dataset, "iv_single_acute")[0]
    assert "lower end: the rules give " in line and "reviewers judge contradicted, low certainty because" in line


def test_a_claim_has_one_row_and_an_open_end_has_nothing_to_override(files):
    one_verdict(files)
    rows = rows_of(files, "verdicts.csv")
    write_rows(files, "verdicts.csv", [rows[0], rows[0]])
    assert ("verdicts.csv", 3, "claim_id") in errors_at(files)
    words = excerpt_words(files)
    one_verdict(files, claim_id="iv_series_chronic", upper_override="supported", upper_override_certainty="low",
                upper_reason=f"{{cited}} says “{words}”.")
    assert ("verdicts.csv", 2, "upper_override") in errors_at(files)


def test_an_old_verdicts_file_is_read_with_its_labels_ignored(files):
    cited = finding(files, route="iv", regimen="single", status="VERIFIED")["evidence_id"]
    old = {"verdict_id": "a", "claim_id": "iv_single_acute", "route": "iv", "finding": "Words.",
           "lower_verdict": "overstated", "lower_certainty": "low", "lower_reason": f"{cited} says so.",
           "upper_verdict": "not_tested", "upper_certainty": "low", "upper_reason": f"{cited} stopped.",
           "evidence_ids": cited}
    write_rows(files, "verdicts.csv", [old, old | {"verdict_id": "b"}])
    result = build_dataset(files)
    assert result.ok
    warned = {(p.row, p.column) for p in result.warnings if p.file == "verdicts.csv"}
    assert (1, "lower_verdict") in warned and (3, "claim_id") in warned
    assert len(result.dataset.verdicts) == 1
    rules = claim_verdicts(result.dataset, "iv_single_acute")[0]
    assert "reviewers judge" not in rules  # the old label decides nothing


def test_every_end_of_every_bundled_claim_is_judged_by_the_rules(bundled):
    judged = verdicts(bundled).set_index(["claim_id", "end"])
    for claim in bundled.claims.itertuples(index=False):
        lower, upper = claim_ends(claim)
        assert bool(judged.loc[(claim.claim_id, "lower"), "label"]) == lower, claim.claim_id
        assert bool(judged.loc[(claim.claim_id, "upper"), "label"]) == upper, claim.claim_id


# ---------------------------------------------------------------- the search


def log_row(**cells) -> dict:
    row = {"route": "iv", "searched": "2026-11-30", "database": "PubMed", "query": "ketamine infusion duration",
           "hits": "10", "screened": "10", "included": "1", "included_studies": "sigtermans2009",
           "excluded_reasons": "9 no duration"}
    return row | cells


SEARCH_ERRORS = {
    "more screened than hits": ({"screened": "11"}, "screened"),
    "more included than screened": ({"included": "11"}, "included"),
    "a date that is not a date": ({"searched": "30/11/2026"}, "searched"),
    "an unknown route": ({"route": "nasal"}, "route"),
    "an included study that is not in studies.csv": ({"included_studies": "nobody2020"}, "included_studies"),
    "exclusions without reasons": ({"excluded_reasons": ""}, "excluded_reasons"),
    "a count that is not a number": ({"hits": "many"}, "hits"),
}


@pytest.mark.parametrize("case", SEARCH_ERRORS)
def test_bad_search_log_row_is_refused(files, case):
    cells, column = SEARCH_ERRORS[case]
    write_rows(files, "search_log.csv", [log_row(), log_row(**cells)])
    assert errors_at(files) == [("search_log.csv", 3, column)]


def test_header_only_search_log_is_valid(files):
    write_rows(files, "search_log.csv", [], list(log_row()))
    result = build_dataset(files)
    assert result.ok and result.dataset.search_log.empty


def test_the_search_log_in_plain_words(files):
    write_rows(files, "search_log.csv", [log_row(), log_row(query="ketamine crps", hits="5", screened="5",
                                                            included="0", included_studies="",
                                                            excluded_reasons="5 other drug")])
    dataset = build_dataset(files).dataset
    [entry] = search_summary(dataset)
    assert entry["route"] == "IV infusion"
    assert entry["summary"] == "2 queries on 2026-11-30: 15 hits, 15 screened, 1 included (Sigtermans 2009)."
    first, second = entry["queries"]
    assert first == ("2026-11-30, PubMed: “ketamine infusion duration” gave 10 hits; 10 screened, 1 included "
                     "(Sigtermans 2009); excluded: 9 no duration.")
    assert second.endswith("0 included; excluded: 5 other drug.")


def test_the_bundled_search_covers_every_route_with_a_claim(bundled):
    if bundled.search_log is None or bundled.search_log.empty:
        pytest.skip("no search logged yet")
    searched = set(bundled.search_log["route"])
    claimed = {r for r in bundled.claims["route"] if r != "overall"} - {"im_sc"}
    assert claimed <= searched | {"lozenge"} and ({"im", "sc"} & searched or "im_sc" in searched)


# ---------------------------------------------------------------- no silent cherry-picking


def test_no_silent_cherry_picking(bundled):
    """Every finding the rules let judge an end, and that on its own would give the end's label, is among the
    findings that decide it: none is left out."""
    from relief import judgement

    bands = judgement.bands(bundled.claims, bundled.lexicon)
    judged = verdicts(bundled)
    claims = bundled.claims.set_index("claim_id", drop=False)
    for r in judged.itertuples(index=False):
        if r.rules_label in ("", "not_tested"):
            continue
        claim = claims.loc[r.claim_id]
        rule = judgement.END_RULES[claim.kind][r.end][0]
        for f in bundled.evidence.itertuples(index=False):
            m = judgement.match(claim, f, bundled.vocabulary)
            if m.judges and judgement._alone(rule, judgement.shows(f), bands[(r.claim_id, r.end)])[0] == r.rules_label:
                assert f.evidence_id in r.evidence_ids, (r.claim_id, r.end, f.evidence_id)


# ---------------------------------------------------------------- counting once per cohort


def people(*rows) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        [dict(zip(("study_id", "cohort", "n", "population"), r, strict=True)) for r in rows]
    ).astype({"n": "Int64"})


def test_participants_are_never_summed_across_one_cohort():
    trial_and_model = people(("sigtermans2009", "crps", 60, "patients"), ("dahan2011", "crps", 60, "patients"))
    assert participants(trial_and_model) == "1 cohort / 60 patients"
    with_others = pd.concat([trial_and_model, people(("other", "other", 20, "patients"),
                                                     ("volunteers", "volunteers", 20, "healthy_volunteers"),
                                                     ("mice", "mice", pd.NA, "animals"))])
    assert participants(with_others) == "2 cohorts / 80 patients; + 1 cohort / 20 volunteers"
    unknown = people(("a", "a", 10, "patients"), ("b", "b", pd.NA, "patients"))
    assert participants(unknown) == "2 cohorts / ≥ 10 patients"


def pooled(*rows) -> pd.DataFrame:
    """people() with a design: (study_id, n, design), each its own cohort, all patients."""
    return people(*((sid, sid, n, "patients") for sid, n, _ in rows)).assign(design=[d for *_, d in rows])


def test_reviews_are_counted_apart_and_their_participants_never_added():
    trial_and_review = pooled(("trial", 60, "rct"), ("cochrane", 2309, "meta_analysis"))
    assert participants(trial_and_review) == ("1 cohort / 60 patients; "
                                              "+ 1 review (2,309 patients; may include these cohorts)")
    two_reviews = pooled(("trial", 60, "rct"), ("a", 211, "meta_analysis"), ("b", 2309, "meta_analysis"),
                         ("c", pd.NA, "review"))
    assert participants(two_reviews) == ("1 cohort / 60 patients; + 3 reviews (largest: 2,309 patients; "
                                         "may include these cohorts)")
    assert participants(pooled(("a", 211, "meta_analysis"))) == "1 review (211 patients)"
    assert participants(pooled(("g", pd.NA, "guideline"), ("r", pd.NA, "review"))) == "1 guideline, 1 review"


def test_no_bundled_summary_adds_a_review_s_participants_to_the_studies(bundled):
    """iv_single_acute once read '5 studies / 8,800 patients': four trials (459) plus a Cochrane review (8,341) of
    other trials. Each claim's count is that of the findings deciding its ends, reviews counted apart."""
    from relief import judgement

    table = summary_of_findings(bundled).set_index("claim_id")
    judged = verdicts(bundled)
    for claim_id, rows in judged.groupby("claim_id"):
        deciding = bundled.evidence[bundled.evidence["evidence_id"].isin(judgement.deciding_ids(rows))]
        shown = table.loc[claim_id, "Publications / participants"]
        if deciding.empty:
            assert shown == "no finding decides an end", claim_id
            continue
        primary = deciding[~deciding["design"].isin(["meta_analysis", "review", "guideline"])]
        assert shown.startswith(participants(primary)) or primary.empty, claim_id
        has_reviews = deciding["design"].isin(["meta_analysis", "review", "guideline"]).any()
        assert ("review" in shown or "guideline" in shown) == has_reviews, claim_id
        assert "stud" not in shown, claim_id  # publications and cohorts, never findings as studies


def test_summary_counts_the_bundled_crps_trial_once(bundled):
    both = bundled.evidence[bundled.evidence["study_id"].isin(["sigtermans2009", "dahan2011"])]
    assert participants(both) == "1 cohort / 60 patients"


# ---------------------------------------------------------------- what pages and charts show


def test_claim_text_gives_both_ends():
    from relief.judgement import claim_text

    def rows(*ends):
        return pd.DataFrame([{"end": e, "label": lab, "certainty": c, "derivation": d, "override": "",
                              "rules_label": lab, "reason": ""} for e, lab, c, d in ends])

    assert claim_text(rows(("lower", "overstated", "low", ""), ("upper", "supported", "very_low", ""))) == (
        "lower end: overstated, low certainty · upper end: supported, very low certainty")
    assert claim_text(rows(("lower", "overstated", "low", ""), ("upper", "", "", "open end: not judged"))) == (
        "lower end: overstated, low certainty · upper end: open, not judged")
    assert claim_text(rows(("lower", "", "", "no range stated"), ("upper", "", "", "no range stated"))) == (
        "no range stated, so nothing to judge")


def test_summary_of_findings_shows_both_ends_and_filters(bundled):
    everything = summary_of_findings(bundled)
    assert list(everything["claim_id"]) == list(bundled.claims["claim_id"])
    row = everything.set_index("claim_id").loc["iv_series_chronic"]
    assert row["Upper end"] == "open, not judged" and row["Lower end"].split(",")[0] in {
        "supported", "overstated", "understated", "not tested", "contradicted"}
    assert everything.set_index("claim_id").loc["transdermal", "Lower end"] == "no range stated"
    assert "findings from" in row["Evidence"] and "studies" not in row["Evidence"]
    judged = verdicts(bundled)
    for certainty in ("high", "moderate", "low", "very_low"):
        chosen = set(summary_of_findings(bundled, certainties=[certainty])["claim_id"])
        has = {c for c, g in judged.groupby("claim_id")
               if certainty in set(g["certainty"]) or not any(g["certainty"])}
        assert chosen == has
    assert summary_of_findings(bundled, routes=[]).empty


def test_the_summary_names_a_claim_s_route_only_where_its_label_does_not(bundled):
    """"Lozenge · Lozenge" and "IV infusion (overall) · IV infusion" said the route twice on every bundled row."""
    named = dict(zip(summary_of_findings(bundled)["claim_id"], summary_of_findings(bundled)["Claim"], strict=True))
    assert named == dict(zip(bundled.claims["claim_id"], bundled.claims["label"], strict=True))
    assert claim_name("My nasal spray", "intranasal") == "My nasal spray · Intranasal spray"
    assert claim_name("Chronic pain, series", "iv") == "Chronic pain, series · IV infusion"
    assert claim_name("All routes (article summary)", "overall") == "All routes (article summary)"
    assert claim_name("Any claim", "a_code_of_its_own") == "Any claim · a_code_of_its_own"


def test_the_highest_level_reviews_are_listed_with_their_certainty(bundled):
    listed = {r["study_id"]: r for r in reviews(bundled)}
    assert listed and all(r["certainty"] for r in listed.values())
    meta = set(bundled.evidence.loc[bundled.evidence["design"] == "meta_analysis", "study_id"])
    assert set(listed) == meta


def test_cochrane_2025_is_among_the_reviews_with_its_certainty(bundled):
    cochrane = bundled.studies[bundled.studies["pmid"] == "40819842"]
    assert len(cochrane) == 1, "the 2025 Cochrane review (PMID 40819842) must be in studies.csv"
    listed = {r["study_id"]: r for r in reviews(bundled)}
    assert listed[cochrane.iloc[0]["study_id"]]["certainty"].startswith("⊕")


def test_plotted_evidence_keeps_the_columns_the_chart_relies_on(bundled):
    plotted = plotted_evidence(bundled, bundled.claims["claim_id"])
    assert set(PLOTTED_COLUMNS) <= set(plotted.columns)
    assert (plotted["relief_low_hours"].notna() | plotted["relief_high_hours"].notna()).all()
    both = claim_evidence(bundled, ["iv_series_chronic"])
    assert len(both) == len(plotted_evidence(bundled, ["iv_series_chronic"])) + len(
        unplotted_evidence(bundled, ["iv_series_chronic"]))


def test_the_findings_deciding_a_verdict_are_shown_beside_its_claim(bundled):
    for r in verdicts(bundled).itertuples(index=False):
        shown = set(claim_evidence(bundled, [r.claim_id])["evidence_id"])
        assert set(r.evidence_ids) <= shown <= set(bundled.evidence["evidence_id"])


def test_without_reviewers_words_every_claim_is_still_judged(files):
    files["verdicts.csv"] = None
    dataset = build_dataset(files).dataset
    claims = dataset.claims.set_index("claim_id", drop=False)
    acute = matching_findings(dataset, claims.loc["iv_single_acute"])
    assert not acute.empty and set(acute["route"]) == {"iv"}
    assert set(acute["regimen"]) <= {"single", "not_stated"}
    assert set(acute["pain_context"]) <= {"acute", "postoperative", "breakthrough", "not_stated", "experimental"}
    everywhere = claim_evidence(dataset, claims.index)
    volunteers = everywhere[(everywhere["pain_context"] == "experimental")
                            | (everywhere["population"] == "healthy_volunteers")]
    assert not volunteers["decides"].any()  # shown, marked indirect, never judging
    assert set(everywhere["population"]) <= {"patients", "mixed", "healthy_volunteers"}
    assert (everywhere["verdict"] != "").all() and "reviewers judge" not in " ".join(everywhere["verdict"])
    assert len(plotted_evidence(dataset, ["iv_series_chronic"])) > 0


def test_evidence_is_drawn_beside_not_into_the_claim_bars(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon, routes=["iv", "oral"])
    plain = range_chart(p)
    ev = plotted_evidence(bundled, p["claim_id"])
    with_ev = range_chart(p, evidence=ev)
    def drawn_data(t):  # what a trace draws; its bar thickness follows the chart's height, which the legend adds to
        return {k: v for k, v in t.to_plotly_json().items() if k not in ("width", "meta")}

    for trace in plain.data:  # the claims' traces are unchanged
        same = [t for t in with_ev.data if t.name == trace.name and t.legendgroup == trace.legendgroup]
        assert [drawn_data(t) for t in same] == [drawn_data(t) for t in plain.data if t.name == trace.name]
    marks = [t for t in with_ev.data if t.legendgroup == "evidence"]
    drawn = sorted(i for t in marks for i in t.customdata)
    assert drawn == sorted(ev["evidence_id"])
    assert with_ev.layout.showlegend and not plain.layout.showlegend


def test_the_hover_of_a_study_mark_gives_both_ends_of_the_verdict(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon, routes=["iv"])
    ev = plotted_evidence(bundled, p["claim_id"])
    fig = range_chart(p, evidence=ev)
    hovers = [h for t in fig.data if t.legendgroup == "evidence" for h in t.hovertext]
    assert hovers and all("Verdict on this claim: lower end:" in h for h in hovers)


def test_secondary_marks_are_hollow(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon, routes=["iv"])
    marks = plotted_evidence(bundled, p["claim_id"])
    second_hand = marks.assign(status=["SECONDARY"] + ["VERIFIED"] * (len(marks) - 1))
    fig = range_chart(p, evidence=second_hand)
    hollow = sorted((y, i) for t in fig.data if t.legendgroup == "evidence"
                    for y, i, s in zip(t.y, t.customdata, t.marker.symbol, strict=True) if s.endswith("-open"))
    label = p.set_index("claim_id").loc[second_hand["claim_id"].iloc[0], "label"]
    assert hollow == [(f"{label} · studies", second_hand["evidence_id"].iloc[0])]


def test_claim_verdicts_give_one_line_per_claim_with_an_override_as_one(bundled):
    lines = claim_verdicts(bundled, "im_sc")
    assert len(lines) == 1 and lines[0].startswith("lower end:")
    assert "upper end: the rules give understated; reviewers judge supported" in lines[0]
    assert claim_verdicts(bundled, "oral") == ["lower end: not tested · upper end: not tested"]


def test_links_prefer_pubmed_then_doi(bundled):
    ev = bundled.evidence.set_index("evidence_id")
    row = ev[ev["pmid"] != ""].iloc[0]
    assert best_link(row) == f"https://pubmed.ncbi.nlm.nih.gov/{row['pmid']}/"
    row = ev[(ev["pmid"] == "") & (ev["doi"] != "")].iloc[0]
    assert best_link(row) == f"https://doi.org/{row['doi']}"


@pytest.mark.parametrize(("study_id", "citation"), [("sigtermans2009", "Sigtermans 2009"),
                                                     ("mangnus2021", "Mangnus 2021"), ("bell2009", "Bell 2009")])
def test_short_citation(bundled, study_id, citation):
    row = bundled.evidence[bundled.evidence["study_id"] == study_id].iloc[0]
    assert short_citation(row) == citation


@pytest.mark.parametrize(("study", "year", "citation"), [
    ("Guimarães Pereira JE, Ferreira L. Ketamine (J Pain Res 15)", "2022", "Guimarães Pereira 2022"),
    ("Bell RF. Ketamine for chronic non-cancer pain (Pain 141)", "2009", "Bell 2009"),
    ("Intramuscular ketamine analgesia in emergency patients (Anesth)", "1984",
     "Intramuscular ketamine analgesia in… 1984"),
    ("The effect of ketamine, a review", "", "The effect of ketamine…"),
])
def test_short_citation_never_passes_a_title_word_off_as_an_author(study, year, citation):
    assert short_citation(pd.Series({"study": study, "year": year})) == citation


def test_corrections_and_links(bundled):
    notes = corrections_for(bundled, "claim", "lozenge")
    assert notes[0]["title"].startswith("Lozenges are taken by mouth")
    assert corrections_for(bundled, "claim", "no_such_claim") == []
    linked = evidence_linked(bundled, "factors", "comedication")
    assert len(linked) and all("comedication" in f for f in linked["factors"])


def test_the_text_alternative_of_a_studies_view_gives_both_ends(bundled):
    from relief import views
    from relief.urlstate import explorer_view

    values = explorer_view(bundled.claims, with_evidence=True).parse({"routes": "iv", "evidence": "1"})[0]
    view = views.routes(bundled, values)
    assert view.verdicts and all(line in view.description for line in view.verdicts)
    plain = views.routes(bundled, values | {"evidence": False})
    assert not plain.verdicts and "What the studies say" not in plain.description


def test_a_finding_about_part_of_a_publication_counts_only_that_part(bundled):
    """Audit 2026-12-04, item 4.2: Mathisen 1995 has 23 participants, KET-049 concerns the 16 in acute pain."""
    rows = bundled.evidence[bundled.evidence["evidence_id"].isin(["KET-049", "KET-050"])]
    assert dict(zip(rows["evidence_id"], rows["n"], strict=True)) == {"KET-049": 16, "KET-050": 7}
    assert participants(rows[rows["evidence_id"] == "KET-049"]).endswith("16 patients")


def test_participants_beyond_the_publication_are_refused(files):
    lines = files["evidence.csv"].decode("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("KET-049,"))
    lines[at] = lines[at].rsplit(",", 1)[0] + ",24"
    files["evidence.csv"] = ("\n".join(lines) + "\n").encode("utf-8")
    result = build_dataset(files)
    assert not result.ok
    assert any("participants may not exceed" in str(p) and p.row == at + 1 for p in result.problems)
