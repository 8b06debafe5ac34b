import streamlit as st

from relief import evidence, ui, urlstate
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

    st.subheader("Summary of findings, claim by claim")
    summary = evidence.summary_of_findings(data, routes=view["route"], designs=view["design"],
                                           certainties=view["certainty"])
    if data.verdicts is None:
        st.info("This data folder has no verdicts.csv: the studies below are matched to the claims by route, regimen "
                "and pain context, but no verdict is written.", icon="ℹ️")
    elif summary.empty:
        st.warning("No verdict matches these filters. Select at least one route, design and certainty.", icon="🔎")
    else:
        ui.markdown_table(summary.drop(columns=["verdict_id"]), bold=("Lower end", "Upper end"))
        st.caption("Each end of a claim's range is judged on its own: supported, overstated, understated, "
                   "contradicted, or not tested (an observation window that ended, or an efficacy result, is not a "
                   "duration). Certainty: ⊕⊕⊕⊕ high to ⊕◯◯◯ very low. Studies / participants: publications that "
                   "report the same participants count once; patients and healthy volunteers are counted apart; "
                   "reviews and meta-analyses pool other studies' participants (perhaps the trials listed here too), "
                   "so they are counted apart and their participants are never added.")

    top = evidence.reviews(data)
    if top:
        st.subheader("Systematic reviews and meta-analyses")
        st.markdown("\n".join(
            f"- **[{md_escape(r['citation'])}]({r['link']})**" + (f", {r['n']} participants" if r["n"] else "")
            + f" · certainty {r['certainty']}" + (" · ⚠️ seen second-hand" if r["status"] == "SECONDARY" else "")
            + f": {md_escape(r['findings'])}" for r in top))

    st.subheader("The studies")
    rows = evidence.filter_evidence(data, view["route"], view["design"], view["certainty"])
    secondary = int((rows["status"] == "SECONDARY").sum())
    st.markdown(f"{len(rows)} of {len(data.evidence)} studies match the filters"
                + (f"; **{secondary} marked ⚠️ secondary** were seen only as cited elsewhere." if secondary else "."))
    if not rows.empty:
        ui.studies(evidence.studies_table(rows), "studies_table")

    if data.evidence_meta:
        meta = data.evidence_meta
        st.caption(f"Literature last searched {md_escape(meta['searched'])}; evidence compiled "
                   f"{md_escape(meta['compiled'])}, rechecked {md_escape(meta['rechecked'])}. "
                   f"{md_escape(meta['basis'])} How certainty and verdicts were judged: see Source & method.")


explore()
ui.exit_presentation_button()
