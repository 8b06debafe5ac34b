"""The floor: a minimal Streamlit app with one plotly chart of six bars and one toggle."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Baseline", layout="wide")
log = st.toggle("Log axis", key="log")
figure = go.Figure(go.Bar(x=[3, 5, 2, 8, 4, 6], y=list("ABCDEF"), orientation="h"))
figure.update_xaxes(type="log" if log else "linear")
st.plotly_chart(figure, key="chart")
