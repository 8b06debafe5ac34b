"""What one page sends, as the page draws it: a table of more than views.SHOWN_ROWS rows is sent cut, and the page
says so (issue 25: 100,000 valid claims made pages of 60-109 MB)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from relief import views


def draw_large_tables():
    import pandas as pd

    from relief.ui import widgets

    rows = 2_500  # built here: more than one page may send
    table = pd.DataFrame({"Claim": [f"claim {i}" for i in range(rows)], "Source": ["a source"] * rows})
    widgets.markdown_table(table, "Claims", bold=("Claim",))
    studies = pd.DataFrame({"Id": range(rows), "Study": [f"study {i}" for i in range(rows)],
                            "Finding": ["relief for 4 h"] * rows, "Link": ["https://example.org"] * rows})
    widgets.studies(studies, "big_studies")


def test_a_page_sends_at_most_the_stated_rows_a_table_and_says_how_many_there_are():
    at = AppTest.from_function(draw_large_tables, default_timeout=60).run()
    assert not at.exception
    tables = [[line for line in m.value.splitlines() if line.startswith("| ")] for m in at.markdown]
    tables = [t for t in tables if t]
    assert len(tables) == 2  # the claims table (in its scroll box) and the studies' plain copy for print
    for table in tables:
        assert len(table) == views.SHOWN_ROWS + 1  # the header and the first SHOWN_ROWS rows
    grid = at.dataframe[0].value
    assert len(grid) == views.SHOWN_ROWS and "Id" not in grid.columns
    said = [c.value for c in at.caption]
    assert len(said) == 2 and all(f"first {views.SHOWN_ROWS:,} of 2,500 rows" in s for s in said), said
