import streamlit as st

from relief import ranges, ui, urlstate
from relief.article import md_escape
from relief.vocabulary import EFFECTS

data = ui.page("factors", (  # the protocol: relief/ui/frame.py; heading: relief/pages.py
    "The factors the source names, each with the direction it gives, our caveat and its words. "
    "Pick one to see which claims it concerns."
))
if data.factors is None:
    st.info("This data folder has no factors.csv, so there are no factors to show.", icon="ℹ️")
    ui.end_page()

def controls(spec) -> None:
    ui.control(spec, "factor", style="pills")
    with st.container(horizontal=True, gap="medium"):
        ui.control(spec, "effect")
        ui.control(spec, "reading")


@ui.part
def explore() -> None:
    """The settings and all they drive: a change reruns only this part (and writes the address)."""
    spec = urlstate.factors_view(data.factors)
    view = ui.settings(spec, controls)

    focus = data.factors[data.factors["factor_id"] == view["factor"]].iloc[0]
    st.header(f"Claims ordered by longest claimed relief: {md_escape(focus['factor'])} highlighted")
    shown = ui.view("factor", data, view)
    ui.chart(shown.figure, "factor_chart", description=shown.description)
    st.caption(f"In colour and bold: the claims “{md_escape(focus['factor'])}” concerns "
               f"({md_escape(ranges.concerns_text(focus, data.vocabulary, data.claims))}). Grey: the others.")
    ui.exports(shown, f"Claims ordered by longest relief: {focus['factor']} highlighted", "factor", data.meta)

    st.header("The factors")
    shown = data.factors[data.factors["effect_on_duration"].isin(view["effect"])]
    if shown.empty:
        st.warning("No factor has the selected effect. Select at least one effect on duration.", icon="🔎")
    for row in shown.itertuples(index=False):
        with st.container(border=True):
            marker = " 👈 in focus" if row.factor_id == view["factor"] else ""
            st.markdown(f"### {md_escape(row.factor)}{marker}")
            st.markdown(f"**Effect on duration, per the source:** {EFFECTS[row.effect_on_duration]}  \n"
                        f"**Concerns:** {md_escape(ranges.concerns_text(row, data.vocabulary, data.claims))}")
            st.markdown(f"> “{md_escape(row.quote)}”")
            st.markdown(f"**Our caveat:** {md_escape(row.caveat)}")
            ui.evidence_for(data, "factor", "factors", row.factor_id,
                            f"Published evidence on {md_escape(row.factor.lower())}")


explore()
ui.exit_presentation_button()
