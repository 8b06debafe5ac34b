"""Router only: page config, the run's context, navigation, the page in its frame (sidebar, address written back)."""

import streamlit as st

from relief import ui

st.set_page_config(page_title="Ketamine pain relief: how long?", page_icon="⏱️", layout="wide")

ui.start()
pages = [
    st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
    st.Page("pages/explorer.py", title="Routes explorer", icon="🧭"),
    st.Page("pages/factors.py", title="Factors", icon="⚖️"),
    st.Page("pages/mechanism.py", title="Mechanism", icon="🧬"),
    st.Page("pages/evidence.py", title="Evidence", icon="🔬"),
    st.Page("pages/source.py", title="Source & method", icon="📄"),
    st.Page("pages/your_data.py", title="Your data", icon="📤"),
    st.Page("pages/talk.py", title="Presentation", icon="🎤"),
]
page = st.navigation(pages, position="hidden")  # the sidebar's own links carry each page's view
with ui.frame(pages, page):  # the stylesheet first; after the page, the sidebar and the address (written once)
    page.run()
