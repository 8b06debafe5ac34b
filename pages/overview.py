import streamlit as st

from relief import ranges, ui
from relief.article import md_escape
from relief.notices import bar_steps, is_bundled

data = ui.data()
ui.page_intro(
    "How long does ketamine's pain relief last?",
    "What one article claims, route by route: every bar below is the article's own range, "
    "with its words one hover away.",
    data.meta,
)

shown = ui.view("overview", data, {})
summary = shown.plotted[shown.plotted["route"] == "overall"]
if not summary.empty:
    row = next(summary.itertuples(index=False))
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(f"### The article's one-line answer: {md_escape(ranges.claimed_text(row))}")
    left.markdown(f"> “{md_escape(row.quote)}”")
    right.metric("Our central reading of that range", ranges.reading_text(row),
                 help="The phrases turned into hours with the lexicon's central reading; "
                      "see Source & method for every reading.")

st.subheader("Every route, as the article states it")
if shown.figure is not None:
    ui.chart(shown.figure, "overview_chart", description=shown.description)
st.caption("Hatched band: our conservative-to-generous reading of one of the article's phrases. "
           "Solid bar and diamonds: the central reading. A fading tail marked “or longer”: the article gives "
           "no upper end. Log scale, so hours and months fit on one axis.")

st.subheader("How to read a fuzzy bar")
anatomy = ui.view("anatomy", data, {})
if anatomy.figure is not None:
    ui.chart(anatomy.figure, "anatomy_chart")
    st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(bar_steps(next(anatomy.plotted.itertuples())), 1)))

st.subheader("What this app is, and is not")
source = ("The article is **a commercial blog post that promotes a ketamine patch**, is not peer reviewed and cites "
          "no studies." if is_bundled(data.meta) else f"The source is **{md_escape(data.meta['kind'])}**.")
st.markdown("\n".join(f"- {line}" for line in (
    "It turns **one article** into a table of claims: one row per route and regimen, each with its verbatim quote. "
    "Nothing is added to the article's ranges.",
    f"{source} Read its ranges as claims, not findings.",
    "Its vague phrases become hours through a **lexicon that is our interpretation**, shown in full on Source & "
    "method; you can switch between a conservative, central and generous reading, or edit it.",
    "It is **not medical advice**.",
)))
cols = st.columns(4)
ui.page_link("pages/explorer.py", "Explore the routes", "🧭", cols[0])  # links keep each page's last view
ui.page_link("pages/factors.py", "What changes it", "⚖️", cols[1])
ui.page_link("pages/mechanism.py", "How it works", "🧬", cols[2])
ui.page_link("pages/source.py", "Article and method", "📄", cols[3])

ui.exit_presentation_button()
