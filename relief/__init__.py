"""Ketamine relief-duration dashboard: all logic, importable without Streamlit.

Modules are named for concepts:

- ``vocabulary``: the controlled words (routes, regimens, readings ...).
- ``problems``: a validation problem that names file, row and column.
- ``schemas``: pandera schemas that say exactly what a valid data file is.
- ``dataset``: reading a data folder into a validated ``Dataset``.
- ``lexicon``: turning the article's vague phrases into hour readings.
- ``durations``: human time formatting and axis ticks.
- ``ranges``: the table of exactly what a range chart plots.
- ``charts``: plotly figure builders.
- ``urlstate``: the view a user can share, to and from the query string.
- ``article``: the source text with its quoted passages found and marked.
- ``notices``: the fixed caveats every page shows.
- ``pages``: the page registry: one record per page (file, address, title, icon, traits).
- ``preload``: the ASGI middleware that has a chart page import plotly while it waits for its run.
- ``ui``: the one Streamlit glue module (caching, shared widgets).
"""
