"""Router only: page config, the run's context, navigation, the page in its frame (sidebar, address written back)."""

import streamlit as st

from relief import ui
from relief.pages import LANDING, PAGES

st.set_page_config(page_title="Ketamine pain relief: how long?", page_icon="⏱️", layout="wide")

ui.start()
pages = [st.Page(p.script, title=p.title, icon=p.icon, default=p is LANDING) for p in PAGES]  # relief/pages.py
page = st.navigation(pages, position="hidden")  # the sidebar's own links carry each page's view
with ui.frame(pages, page):  # the stylesheet first; after the page, the sidebar and the address (written once)
    page.run()
