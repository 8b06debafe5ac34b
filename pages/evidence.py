import streamlit as st

from relief import evidence, ui, urlstate, views
from relief.article import md_escape
from relief.notices import evidence_lead

data = ui.page("evidence", lambda data: evidence_lead(data.meta))  # the protocol: relief/ui/frame.py
if data.evidence is None:
    st.info("This data folder has no evidence.csv, so there is no evidence to show.", icon="ℹ️")
    ui.end_page()

def controls(spec) -> None:
    for name in spec.names:
        ui.control(spec, name)


@ui.part
def explore() -> None:
    """The filters and all they drive: a change reruns only this part (and writes the address)."""
    spec = urlstate.evidence_view(data.evidence)
    view = ui.settings(spec, controls)

    top = evidence.reviews(data)
    sections = views.sections("evidence", [("summary", "Summary of findings, claim by claim", True),
                                           ("reviews", "Systematic reviews and meta-analyses", bool(top)),
                                           ("findings", "The findings", True)])
    st.markdown(views.on_this_page(sections))
    ui.section(sections, "summary")
    summary = evidence.summary_of_findings(data, routes=view["route"], designs=view["design"],
                                           certainties=view["certainty"])
    if summary.empty:
        st.warning("No claim matches these filters. Select at least one route, design and certainty.", icon="🔎")
    else:
        ui.markdown_table(summary.drop(columns=["claim_id"]), sections["summary"][0],  # the heading names the box
                          bold=("Lower end", "Upper end"))
        st.caption("Each end of a claim's range is judged on its own by the written rules (see Source & method): "
                   "supported, overstated, understated or not tested; the ids after a verdict are the findings that "
                   "decide it. A reviewer's override is shown as one (“the rules give …; reviewers judge …”). "
                   "Certainty: ⊕⊕⊕⊕ high to ⊕◯◯◯ very low. Publications / participants: the findings that decide "
                   "an end, counted once per cohort (two papers on one cohort are one set of participants); "
                   "patients and healthy volunteers apart; reviews pool other studies' participants, so they are "
                   "counted apart and never added.")
        with st.expander("How each verdict was derived, end by end"):
            for claim in evidence.derivations(data, summary["claim_id"]):
                lines = [f"**{md_escape(claim['label'])}**"]
                for end in claim["ends"]:
                    lines.append(f"- *{md_escape(end['end'])}: {md_escape(end['verdict'])}.* "
                                 f"{md_escape(end['derivation'])}"
                                 + (f" Reviewers: {md_escape(end['reason'])}" if end["reason"] and not end["override"]
                                    else ""))
                st.markdown("\n".join(lines))

    if top:
        ui.section(sections, "reviews")
        st.markdown("\n".join(
            f"- **[{md_escape(r['citation'])}]({r['link']})**" + (f", {r['n']} participants" if r["n"] else "")
            + f" · certainty {r['certainty']}" + (" · ⚠️ seen second-hand" if r["status"] == "SECONDARY" else "")
            + f": {md_escape(r['findings'])}" for r in top))

    ui.section(sections, "findings")
    everything = st.toggle("Show every finding in the table, not only those matched to this source's claims",
                           key="all_findings")
    matched = evidence.matched_evidence(data)
    pool = data.evidence if everything else matched
    rows = evidence.filter_evidence(data, view["route"], view["design"], view["certainty"], rows=pool)
    secondary = rows.drop_duplicates("study_id")
    secondary = int((secondary["status"] == "SECONDARY").sum()) if "status" in secondary else 0
    scope = ("in the whole table" if everything else
             f"matched to this source's claims (of {evidence.publications_and_cohorts(data.evidence)} in the table)")
    st.markdown(f"**{evidence.publications_and_cohorts(rows)}** {scope} pass the filters"
                + (f"; **{secondary} {'publication' if secondary == 1 else 'publications'} marked ⚠️ secondary** "
                   "were seen only as cited elsewhere." if secondary else "."))
    if not rows.empty:
        ui.studies(evidence.studies_table(rows), "studies_table")

    if data.evidence_meta:
        meta = data.evidence_meta
        st.caption(f"Literature last searched {md_escape(meta['searched'])}; evidence compiled "
                   f"{md_escape(meta['compiled'])}, rechecked {md_escape(meta['rechecked'])}. "
                   f"{md_escape(meta['basis'])} How certainty and verdicts were judged: see Source & method.")


explore()
ui.exit_presentation_button()
