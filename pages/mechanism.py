import streamlit as st

from relief import ui
from relief.article import md_escape
from relief.notices import mechanism_lead

data = ui.page("mechanism", mechanism_lead)  # the protocol: relief/ui/frame.py
if data.mechanisms is None:
    st.info("This data folder has no mechanisms.csv, so there is no mechanism to show.", icon="ℹ️")
    ui.end_page()

show_quotes = st.toggle("Show quotes in the diagram", value=True, key="mechanism.quotes")
diagram = ui.view("mechanism", data, {"quotes": show_quotes})
ui.chart(diagram.figure, "mechanism_chart", description=diagram.description)
st.caption("Solid line and square: the source says ketamine blocks the target. Dashed line and circle: "
           "the source says ketamine modulates it.")

st.header("Each target, in the source's words")
for row in data.mechanisms.itertuples(index=False):
    with st.container(border=True):
        st.markdown(f"### {md_escape(row.target)}: {md_escape(row.kind)}")
        st.markdown(md_escape(row.action))
        st.markdown(f"> “{md_escape(row.quote)}”")
        ui.evidence_for(data, "mechanism", "mechanisms", row.mechanism_id, "Published evidence")

ui.exit_presentation_button()
