"""The floor: a minimal Streamlit app with one plotly chart of six bars, one toggle and a "Next" button."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Baseline", layout="wide")
log = st.toggle("Log axis", key="log")
if st.button("Next"):  # a "scene change": other bars in the same chart
    st.session_state["scene"] = st.session_state.get("scene", 0) + 1
shift = st.session_state.get("scene", 0)
figure = go.Figure(go.Bar(x=[3, 5, 2, 8, 4, 6], y=[f"{c}{shift}" for c in "ABCDEF"], orientation="h"))
figure.update_xaxes(type="log" if log else "linear")
st.plotly_chart(figure, key="chart")
