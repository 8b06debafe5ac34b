import streamlit as st

from relief import compare, ui, urlstate, views
from relief.article import md_escape
from relief.notices import NOT_ADVICE_MANY, safe_link, sources_note

ui.data()  # the router ran; the sources are the library's
library = ui.library()
sources = library[1]
st.title("According to whom")
st.markdown("How long ketamine's pain relief lasts depends on whom you ask. Each source's claims sit on rows of "
            "their own, marked by the source's shape and name, route by route, with what published studies "
            "measured beside them and each end of each claim judged by the same rules. Every setting is kept in "
            "the page address.")
if sources.problems:
    ui.show_problems(list(sources.problems), "Some source folders could not be read; they are left out.", False)


def _value(label: str, value: str) -> str:
    """A provenance fact as markdown: the source's address as a link a reader can open (when it is http/https)."""
    link = safe_link(value) if label == "Address" else None
    return f"[{md_escape(value)}]({link})" if link else md_escape(value)


def controls(spec) -> None:
    for name in ("sources", "routes", "regimen", "pain"):  # each on its own line: a long row of choices wraps
        ui.control(spec, name)
    with st.container(horizontal=True, gap="medium"):
        for name in ("reading", "studies"):
            ui.control(spec, name)


@ui.part
def explore() -> None:
    """The choice of sources and filters and all they drive: a change reruns only this part."""
    spec = urlstate.compare_view(compare.choices(sources))
    view = ui.settings(spec, controls)
    shown = ui.comparison(library, view)
    st.markdown(f":small[{sources_note(shown.sources)}]" if shown.sources else f":small[{NOT_ADVICE_MANY}]")

    if shown.figure is None:
        st.warning("No claim matches these settings. Choose at least one source, route, regimen and pain context.",
                   icon="🔎")
    else:
        sections = views.sections("compare", [("matrix", "Sources × routes, in their own words", True),
                                              ("sources", "Who is each source?", True),
                                              ("claims", "Every claim, each end judged", True)])
        st.markdown(views.on_this_page(sections))
        ui.chart(shown.figure, "compare_chart", description=shown.description)
        st.caption("Each row is one claim of one source, its label starting with the source's shape. A row "
                   "“not stated by …” names the sources that say nothing about that route. Hover a claim for the "
                   "source's words and each end's verdict; the studies' row under each route shows what published "
                   "studies measured (see the Evidence page). Log scale.")

        ui.section(sections, "matrix")
        ui.markdown_table(shown.matrix, sections["matrix"][0], bold=("Source",))  # the heading names the box

        ui.section(sections, "sources")
        for source in shown.sources:
            with st.expander(f"{md_escape(source.mark)}: what it is, who published it, when",
                             key=f"compare.about.{source.slug}"):
                st.markdown("\n".join(f"- **{md_escape(label)}:** {_value(label, value)}"
                                      for label, value in compare.provenance(source)))

        ui.section(sections, "claims")
        ui.markdown_table(shown.table, sections["claims"][0], bold=("Claim",))
        ui.exports(shown, "How long ketamine's pain relief lasts, according to whom", "compare", {},
                   sources=compare.sources_line(shown.sources))


explore()
ui.exit_presentation_button()
