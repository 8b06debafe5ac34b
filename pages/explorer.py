import streamlit as st

from relief import charts, ranges, ui, urlstate
from relief.article import md_escape

data = ui.data()
ui.page_intro(
    "Routes explorer",
    "Pick routes and readings; the chart, the article's words and the table below follow. "
    "Every setting is kept in the page address, so a copied link shows the same view.",
    data.meta,
)

spec = urlstate.explorer_view(data.claims)
ui.bind_view(spec)
with st.container(border=True):
    ui.control(spec, "routes")
    with st.container(horizontal=True, gap="medium"):
        for name in ("regimen", "pain", "reading", "unit", "axis", "quotes"):
            ui.control(spec, name)
view = ui.view_values(spec)

plotted = ranges.plotted_ranges(data.claims, data.lexicon, view["reading"],
                                routes=view["routes"], regimens=view["regimen"], contexts=view["pain"])
if plotted.empty:
    st.warning("No claim matches these settings. Select at least one route, regimen and pain context.", icon="🔎")
else:
    figure = charts.range_chart(plotted, unit=view["unit"], axis=view["axis"], show_quotes=view["quotes"])
    ui.chart(figure, "routes_chart")
    st.caption("Hatched band: our conservative-to-generous reading of the article's phrase. Solid bar and "
               f"diamonds: the {view['reading']} reading. Fading tail: “or longer”, no upper end given.")

    if view["quotes"]:
        st.subheader("What the article says")
        for row in plotted.itertuples(index=False):
            with st.container(border=True):
                st.markdown(f"**{md_escape(row.label)}**: {md_escape(ranges.claimed_text(row))}  \n"
                            f":small[Section “{md_escape(row.section)}”]")
                st.markdown(f"> “{md_escape(row.quote)}”")
                if row.note:
                    st.markdown(f":small[ℹ️ {md_escape(row.note)}]")

    st.subheader("Exactly what is plotted")
    st.dataframe(ranges.display_table(plotted, view["unit"]), hide_index=True)

ui.commit_view(spec, view)
