"""The bundled claims' verdicts come out of the written rules; the few reviewers' overrides are listed here, so any
new disagreement between the rules and what reviewers accepted fails (re-read the sources, then accept the rules'
label here or write an override with the source's words in data/verdicts.csv). See docs/evidence-changes.md."""

from __future__ import annotations

import re
from pathlib import Path

from relief import judgement
from relief.evidence import verdicts

# What the rules give each end of each bundled claim, as reviewers accepted it after re-reading the sources.
RULES_GIVE = {
    ("overall", "lower"): "overstated", ("overall", "upper"): "supported",
    ("iv_overall", "lower"): "overstated", ("iv_overall", "upper"): "understated",
    ("iv_single_acute", "lower"): "overstated", ("iv_single_acute", "upper"): "overstated",
    ("iv_series_chronic", "lower"): "supported", ("iv_series_chronic", "upper"): "",
    ("im_sc", "lower"): "overstated", ("im_sc", "upper"): "understated",
    ("intranasal", "lower"): "supported", ("intranasal", "upper"): "not_tested",
    ("lozenge", "lower"): "not_tested", ("lozenge", "upper"): "not_tested",
    ("oral", "lower"): "not_tested", ("oral", "upper"): "not_tested",
    ("transdermal", "lower"): "", ("transdermal", "upper"): "",
}

# The reviewers' overrides, each backed by the source's words in verdicts.csv: (claim, end) -> label shown.
OVERRIDES = {
    ("im_sc", "upper"): "supported",  # the article speaks of “these injections”; KET-053 is a 3-5 day infusion
}


def test_the_rules_give_what_reviewers_accepted(bundled):
    judged = verdicts(bundled)
    given = {(r.claim_id, r.end): r.rules_label for r in judged.itertuples(index=False)}
    changed = {k: (RULES_GIVE.get(k), v) for k, v in given.items() if RULES_GIVE.get(k) != v}
    assert not changed, ("the rules now give other labels (expected, now); re-read the sources and update "
                         f"RULES_GIVE or write an override: {changed}")


def test_the_overrides_are_exactly_those_listed(bundled):
    judged = verdicts(bundled)
    shown = {(r.claim_id, r.end): r.label for r in judged.itertuples(index=False) if r.override}
    assert shown == OVERRIDES
    for r in judged.itertuples(index=False):
        if not r.override:
            assert (r.label, r.certainty) == (r.rules_label, r.rules_certainty)  # reviewers decide nothing else
        else:
            assert r.override != r.rules_label and "“" in r.reason


def test_no_bundled_verdict_rests_on_volunteers_or_a_finding_without_hours(bundled):
    claims = bundled.claims.set_index("claim_id", drop=False)
    ev = bundled.evidence.set_index("evidence_id", drop=False)
    for r in verdicts(bundled).itertuples(index=False):
        for eid in r.evidence_ids:
            assert judgement.match(claims.loc[r.claim_id], ev.loc[eid], bundled.vocabulary).judges, (r, eid)


def test_data_readme_states_exactly_the_rules_the_code_runs():
    text = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- rules:start[^>]*-->\n(.*?)<!-- rules:end -->", text, re.S)
    assert block, "data/README.md lost its rules block"
    assert block.group(1) == judgement.rules_markdown()
