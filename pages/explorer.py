import streamlit as st

from relief import evidence, ranges, ui, urlstate
from relief.article import md_escape

data = ui.page("explorer", (  # the protocol: relief/ui/frame.py; heading: relief/pages.py
    "Pick routes and readings; the chart, the source's words and the table below follow. "
    "Every setting is kept in the page address, so a copied link shows the same view."
))


def controls(spec) -> None:
    ui.control(spec, "routes")
    with st.container(horizontal=True, gap="medium"):
        for name in spec.names[1:]:
            ui.control(spec, name)


@ui.part
def explore() -> None:
    """The settings and all they drive: a change reruns only this part (and writes the address)."""
    has_evidence = data.evidence is not None
    spec = urlstate.explorer_view(data.claims, with_evidence=has_evidence, vocabulary=data.vocabulary)
    view = ui.settings(spec, controls)

    shown = ui.view("routes", data, view)
    plotted = shown.plotted
    if shown.figure is None:
        st.warning("No claim matches these settings. Select at least one route, regimen and pain context.", icon="🔎")
    else:
        ui.chart(shown.figure, "routes_chart", description=shown.description)
        st.caption(shown.key)
        if shown.studies is not None:
            st.caption("Published studies sit on their own row under each claim, never merged into the source's bar. "
                       "The marker says what kind of number the study gives (see the legend); a larger marker means "
                       "higher certainty; a hollow grey marker is a source seen only second-hand. Hover for the study; "
                       "the full table, with links, is on the Evidence page.")
            unplotted = evidence.unplotted_evidence(data, plotted["claim_id"]).drop_duplicates("evidence_id")
            if not unplotted.empty:
                st.markdown(f"**{evidence.publications_and_cohorts(unplotted)} matched to these claims state no "
                            "duration**, so they are listed here rather than plotted (they never decide a verdict):")
                ui.studies(evidence.studies_table(unplotted, view["unit"]), "unplotted_studies")
        ui.exports(shown, "How long ketamine's pain relief lasts, by route (as the source claims)", "routes",
                   data.meta)

        if view["quotes"]:
            st.header("What the source says")
            for row in shown.rows:
                with st.container(border=True):  # one text element per claim: fewer to redraw on a toggle
                    note = f"\n\n:small[ℹ️ {md_escape(row.note)}]" if row.note else ""
                    said = "".join(f"\n\n:small[🔬 What the studies say: {md_escape(s)} (see the Evidence page)]"
                                   for s in evidence.claim_verdicts(data, row.claim_id))
                    st.markdown(f"**{md_escape(row.label)}**: {md_escape(ranges.claimed_text(row))}  \n"
                                f":small[Section “{md_escape(row.section)}”]\n\n> “{md_escape(row.quote)}”{note}{said}")
                    ui.corrections(evidence.corrections_for(data, "claim", row.claim_id))

        table_title = "Exactly what is plotted"  # the heading, and the name of the table's box
        st.header(table_title)
        ui.table_box(shown.table_markdown(bold=("Claim",)), table_title, wide=shown.wide_columns)


explore()
ui.exit_presentation_button()
