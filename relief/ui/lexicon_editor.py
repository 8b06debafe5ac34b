"""The lexicon editor: an editable table whose valid edits go to the address (``lex``) and every chart."""

from __future__ import annotations

import streamlit as st

from .. import dataset as ds
from .. import lexicon
from ..article import md_escape
from ..durations import format_band
from . import state
from .run import current
from .widgets import show_problems


def _reset() -> None:
    state.set_app("lex", None)
    st.session_state.pop("lexicon_editor", None)


def lexicon_editor(shown_data: ds.Dataset) -> None:
    """The lexicon as an editable table; a valid edit goes to the URL and every chart, an invalid one is refused."""
    run = current()
    base = run.base
    shown = shown_data.lexicon.assign(
        band=[format_band(a, b) for a, b in zip(shown_data.lexicon["conservative_hours"],
                                                shown_data.lexicon["generous_hours"], strict=True)])
    number = {"min_value": None, "format": "%g", "required": True}
    edited = st.data_editor(
        shown[["phrase", "conservative_hours", "central_hours", "generous_hours", "band", "rationale"]],
        key="lexicon_editor", hide_index=True, num_rows="fixed", disabled=["phrase", "band", "rationale"],
        column_config={"phrase": "phrase",
                       "conservative_hours": st.column_config.NumberColumn("conservative (h)", **number),
                       "central_hours": st.column_config.NumberColumn("central (h)", **number),
                       "generous_hours": st.column_config.NumberColumn("generous (h)", **number),
                       "band": "band (words)", "rationale": st.column_config.TextColumn("rationale", width="large")})
    overrides = lexicon.overrides_from(base.lexicon, edited)
    wanted = lexicon.encode_overrides(overrides)
    # Written to the address only when the table was edited: compared with what the run applied, not with the
    # link's text, so a link whose edits were partly not understood keeps its notice rather than being rewritten
    applied = lexicon.encode_overrides(lexicon.overrides_from(base.lexicon, shown_data.lexicon))
    if wanted != applied:
        checked = ds.with_lexicon(base, lexicon.apply_overrides(base.lexicon, overrides))
        if checked.ok:
            state.set_app("lex", wanted or None)
            st.rerun()
        show_problems(checked.errors, "That edit was not applied:")
    if run.lex:
        st.caption(f"Edited in this view: {md_escape(', '.join(overrides) or 'none')}.")
        st.button("Reset to the readings in the data", key="lexicon_reset", icon="↩️", on_click=_reset)
