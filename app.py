"""Router only: page config, navigation, the shared sidebar."""

import streamlit as st

from relief import ui

st.set_page_config(page_title="Ketamine pain relief: how long?", page_icon="⏱️", layout="wide")

page = st.navigation([
    st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
    st.Page("pages/explorer.py", title="Routes explorer", icon="🧭"),
    st.Page("pages/factors.py", title="Factors", icon="⚖️"),
    st.Page("pages/mechanism.py", title="Mechanism", icon="🧬"),
    st.Page("pages/evidence.py", title="Evidence", icon="🔬"),
    st.Page("pages/source.py", title="Source & method", icon="📄"),
    st.Page("pages/your_data.py", title="Your data", icon="📤"),
    st.Page("pages/talk.py", title="Presentation", icon="🎤"),
], position="hidden" if ui.presenting() else "sidebar")
ui.frame()
if not ui.presenting():
    ui.sidebar()
page.run()
