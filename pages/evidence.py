import streamlit as st

from relief import evidence, ui, urlstate
from relief.article import md_escape
from relief.notices import evidence_lead

data = ui.data()
ui.page_intro(
    "What published studies say",
    evidence_lead(data.meta),
    data.meta,
)
if data.evidence is None or data.verdicts is None:
    st.info("This data folder has no evidence.csv and verdicts.csv, so there is no evidence to show.", icon="ℹ️")
    st.stop()

spec = urlstate.evidence_view(data.evidence)
ui.bind_view(spec)
with st.container(border=True):
    for name in spec.names:
        ui.control(spec, name)
view = ui.view_values(spec)

st.subheader("Summary of findings, claim by claim")
summary = evidence.summary_of_findings(data, routes=view["route"], designs=view["design"],
                                       certainties=view["certainty"])
if summary.empty:
    st.warning("No verdict matches these filters. Select at least one route, design and certainty.", icon="🔎")
else:
    ui.markdown_table(summary.drop(columns=["verdict_id"]), bold=("Verdict",))
    st.caption("Studies / participants: the sources behind each verdict and the participants they report "
               "(counted per publication, so one trial reported twice counts twice). Certainty: ⊕⊕⊕⊕ high to "
               "⊕◯◯◯ very low.")

st.subheader("The studies")
rows = evidence.filter_evidence(data, view["route"], view["design"], view["certainty"])
secondary = int((rows["status"] == "SECONDARY").sum())
st.markdown(f"{len(rows)} of {len(data.evidence)} studies match the filters"
            + (f"; **{secondary} marked ⚠️ secondary** were seen only as cited elsewhere." if secondary else "."))
if not rows.empty:
    ui.studies(evidence.studies_table(rows), "studies_table")

if data.evidence_meta:
    meta = data.evidence_meta
    st.caption(f"Evidence compiled {md_escape(meta['compiled'])}, rechecked {md_escape(meta['rechecked'])}. "
               f"{md_escape(meta['basis'])} How certainty and verdicts were judged: see Source & method.")

ui.exit_presentation_button()
ui.commit_view(spec, view)
