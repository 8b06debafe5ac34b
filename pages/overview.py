import streamlit as st

from relief import compare, ranges, ui
from relief.article import md_escape
from relief.notices import article, method_steps, what_this_is

data = ui.page("overview", (  # the protocol: relief/ui/frame.py; heading: relief/pages.py
    "What one source claims, route by route: every bar below is the source's own range, "
    "with its words one hover away."
))

shown = ui.view("overview", data, {})
summary = ranges.relief_rows(shown.plotted)  # an interval or an onset is never the answer to "how long"
summary = summary[summary["route"] == "overall"]
if not summary.empty:
    row = next(summary.itertuples(index=False))
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(f"## The source's one-line answer: {md_escape(ranges.claimed_text(row))}")
    left.markdown(f"> “{md_escape(row.quote)}”")
    right.metric("Our central reading of that range", ranges.reading_text(row),
                 help="The phrases turned into hours with the lexicon's central reading; "
                      "see Source & method for every reading.")

st.header("Every route, as the source states it")
if shown.figure is not None:
    ui.chart(shown.figure, "overview_chart", description=shown.description)
st.caption(shown.key + " Log scale, so hours and months fit on one axis.")

# After the chart (which reaches the browser first): the same question, answered by every bundled source.
key, library = ui.library()
if key.startswith("bundled|") and len(library) > 1:  # the bundled data: the answer, according to whom
    with st.container(border=True):
        st.markdown(f"### According to whom? {len(library)} sources, {len(library)} answers")
        lines = []
        for answer in compare.answers(library):
            source = answer["source"]
            said = "; ".join(f"{md_escape(words)}" + ("" if answer["overall"] else f" ({md_escape(label)})")
                             for label, words in answer["claims"][:3])
            more = len(answer["claims"]) - 3
            said += f"; and {more} more" if more > 0 else ""
            lines.append(f"- {md_escape(source.glyph)} **{md_escape(source.name)}**, {article(source.what)} "
                         f"{md_escape(source.what)}: {said or 'states no duration of relief'}")
        st.markdown("\n".join(lines))
        ui.page_link("pages/compare.py", "See them side by side, with each source's provenance", "🗣️")


anatomy = ui.view("anatomy", data, {})
steps = method_steps(data, next(anatomy.plotted.itertuples(), None))
if anatomy.figure is not None and steps:
    st.header("How to read a fuzzy bar")
    ui.chart(anatomy.figure, "anatomy_chart")
    st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1)))

st.header("What this app is, and is not")
st.markdown("\n".join(f"- {line}" for line in what_this_is(data)))
cols = st.columns(4)
ui.page_link("pages/explorer.py", "Explore the routes", "🧭", cols[0])  # links keep each page's last view
ui.page_link("pages/factors.py", "What changes it", "⚖️", cols[1])
ui.page_link("pages/mechanism.py", "How it works", "🧬", cols[2])
ui.page_link("pages/source.py", "Source and method", "📄", cols[3])

ui.exit_presentation_button()
