import streamlit as st

from relief import evidence, judgement, ui, views
from relief.article import Ref, coverage, heading_lines, marked_paragraphs, md_escape, quote_spans
from relief.notices import EVIDENCE_METHOD, caveats, marketing_intro, method_steps, source_facts

data = ui.page("source", (  # the protocol: relief/ui/frame.py; heading: relief/pages.py
    "The source text in full with every passage we quote highlighted, what kind of source it is, "
    "and how its phrases become bars."
))

notes = caveats(data)
anatomy = ui.view("anatomy", data, {})
steps = method_steps(data, next(anatomy.plotted.itertuples(), None))
has_lexicon = data.lexicon is not None and not data.lexicon.empty
sections = views.sections("source", [
    ("about", "The source", True),
    ("caveats", "Caveats", bool(notes)),
    ("evidence", "How the published evidence was judged", data.evidence is not None),
    ("lexicon", "The lexicon: our reading of the source's phrases", has_lexicon),
    ("bar", "How a bar is built", bool(steps)),
    ("text", "The source, with every quoted passage highlighted", True),
    ("rows", "Rows that quote the source", True)])
st.markdown(views.on_this_page(sections))

ui.section(sections, "about")
st.markdown("\n".join(f"- **{label}:** {value}" for label, value in source_facts(data.meta)))

if notes:
    ui.section(sections, "caveats")
    st.markdown("\n".join(f"- **{title}.** {text}" for title, text in notes))

marketing = marketing_intro(data)
if marketing:
    st.subheader("Marketing claims in the source")
    st.markdown(marketing)
    for row in data.promo.itertuples(index=False):
        st.markdown(f"- **{md_escape(row.claim)}** ({md_escape(row.status)}): “{md_escape(row.quote)}”")
        ui.corrections(evidence.corrections_for(data, "promo", row.promo_id))

if data.evidence is not None:
    ui.section(sections, "evidence")
    if data.evidence_meta:
        st.markdown(f"Literature last searched **{md_escape(data.evidence_meta['searched'])}**; evidence compiled "
                    f"**{md_escape(data.evidence_meta['compiled'])}**, rechecked "
                    f"**{md_escape(data.evidence_meta['rechecked'])}**. {md_escape(data.evidence_meta['basis'])}")
    for title, text in EVIDENCE_METHOD:
        st.markdown(f"- **{title}.** {text}")
    st.subheader("The rules that judge each end of a claim, in plain words")
    st.markdown("These words are kept with the code that applies them (relief/judgement.py) and repeated in "
                "data/README.md; a test keeps the three the same.")
    st.markdown(judgement.rules_markdown())
    st.subheader("How the literature was searched, route by route")
    searched = evidence.search_summary(data)
    if not searched:
        st.markdown("No search is logged in this data folder (search_log.csv is absent or empty).")
    if searched:
        st.markdown("Each route's queries, what they found, what was included and why the rest was excluded "
                    "(a PRISMA-style count). The queries under each route are listed in full.")
    for entry in searched:
        st.markdown(f"- **{md_escape(entry['route'])}.** {md_escape(entry['summary'])}")
        with st.expander(f"Queries: {md_escape(entry['route'])}"):
            st.markdown("\n".join(f"- {md_escape(q)}" for q in entry["queries"]))

if has_lexicon:
    ui.section(sections, "lexicon")
    st.markdown("This table is **our interpretation, not the source's**. Each phrase has a conservative (shortest "
                "reasonable), central and generous (longest reasonable) number of hours. Charts draw each end of "
                "a range as a band from the conservative to the generous reading.")
    st.markdown("**Disagree with a reading? Edit it here.** Every chart on every page follows, the edit is kept in "
                "the page address (so a copied link shows it), and “Reset” returns to the readings in the data.")
    ui.lexicon_editor(data)

if steps:
    ui.section(sections, "bar")
    st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(steps, start=1)))
    if anatomy.figure is not None:
        ui.chart(anatomy.figure, "source_anatomy_chart")

ui.section(sections, "text")
highlight = st.toggle("Highlight quoted passages", value=True, key="source.highlight")
refs = [(Ref("claim", r.claim_id, r.label), r.quote) for r in data.claims.itertuples(index=False)]
for table, kind, id_col, label_col in ((data.factors, "factor", "factor_id", "factor"),
                                       (data.mechanisms, "mechanism", "mechanism_id", "target"),
                                       (data.promo, "promo", "promo_id", "claim")):
    if table is not None:
        refs += [(Ref(kind, getattr(r, id_col), getattr(r, label_col)), r.quote) for r in table.itertuples(index=False)]
spans = quote_spans(data.source, refs)
st.caption(f"{len(spans)} quoted passages cover {coverage(data.source, spans):.0%} of the text. "
           "A tag after a passage links to the row that quotes it.")
with st.container(border=True, height=600):
    for paragraph in marked_paragraphs(data.source, spans, heading_lines(data.source), highlight=highlight):
        st.markdown(paragraph)

ui.section(sections, "rows")
for ref, quote in refs:
    st.subheader(f"{md_escape(ref.label)} ({ref.kind} {md_escape(ref.id)})", anchor=ref.anchor)
    st.markdown(f"> “{md_escape(quote)}”")

ui.exit_presentation_button()
