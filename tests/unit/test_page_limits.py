"""What one page sends: at most views.SHOWN_ROWS rows a table, said in the page when a table is cut (issue 25)."""

from __future__ import annotations

import pandas as pd

from relief import css, views


def big(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"Claim": [f"claim {i}" for i in range(rows)], "Hours": range(rows)})


def test_a_table_of_the_limit_or_fewer_rows_is_sent_whole_and_nothing_is_said():
    for rows in (0, 1, views.SHOWN_ROWS):
        shown, said = views.first_rows(big(rows))
        assert len(shown) == rows and said == ""


def test_a_larger_table_is_cut_to_its_first_rows_and_says_so_with_both_counts():
    table = big(5_000)  # five files' worth of records (dataset.MAX_ROWS a file)
    shown, said = views.first_rows(table)
    assert len(shown) == views.SHOWN_ROWS and shown.equals(table.head(views.SHOWN_ROWS))
    assert f"first {views.SHOWN_ROWS:,} of 5,000 rows" in said and "narrow the view" in said
    markdown = views.markdown_table(shown)
    assert markdown.count("\n") == views.SHOWN_ROWS + 1 and "claim 4999" not in markdown


def test_what_is_plotted_is_sent_cut_with_its_line_under_it():
    sent = views.View(None, big(1_200), "").table_markdown(bold=("Claim",))
    assert sent.count("| **claim ") == views.SHOWN_ROWS and "claim 1199" not in sent
    assert sent.endswith(f"*{views.first_rows(big(1_200))[1]}*") and "of 1,200 rows" in sent
    whole = views.View(None, big(10), "").table_markdown()
    assert "claim 9" in whole and "Showing" not in whole


def test_an_address_in_a_table_may_wrap_after_each_slash_and_nothing_else_changes():
    """A study's address was its column's narrowest width: printed, the Link column took 493 px of 1,200 and the
    Finding beside it 148 px (tests/e2e/test_print.py checks the printed widths)."""
    table = pd.DataFrame({"Finding": ["0.3 mg/kg gave relief for 2 h"],
                          "Link": ["https://pubmed.ncbi.nlm.nih.gov/19608602/"]})
    row = views.markdown_table(table).splitlines()[2]
    finding, link = (cell.strip() for cell in row.strip("|").split("|"))
    assert views.ZERO_WIDTH_SPACE not in finding and "mg/kg" in finding  # a slash outside an address: unchanged
    assert link.count(views.ZERO_WIDTH_SPACE) == 2 and link.endswith("/")  # after "//" and after "gov/"
    shown = link.replace(views.ZERO_WIDTH_SPACE, "").replace("\\", "").replace("\u2060", "")
    assert shown == table.Link[0]  # the same address, its invisible marks (and escapes) set aside


def test_a_wide_table_scrolls_in_a_box_a_key_can_reach_and_its_cells_stay_text():
    """views.scroll_box: the one piece of HTML around a table is a named region with tabindex 0 (axe's
    scrollable-region-focusable: a box that scrolls must be reachable by keyboard); a cell's ``<`` and ``&`` stay
    escaped, so data never becomes HTML though the box is sent with unsafe_allow_html."""
    table = views.markdown_table(pd.DataFrame({"Source": ['<img src=x onerror="alert(1)"> & co']}))
    boxed = views.scroll_box(table, 'Sources × routes, "in their words" <b>')
    head, body, tail = boxed.partition(table)
    assert body == table and tail == "\n\n</div>"  # blank lines: the table inside is still markdown
    assert head == ('<div class="relief-scroll" role="region" tabindex="0" '
                    'aria-label="Sources × routes, &quot;in their words&quot; &lt;b&gt;">\n\n')
    assert "\\<img" in table and "\\&" in table and "<img" not in table.replace("\\<img", "")
    assert f".{css.SCROLL_BOX} {{ max-width: 100%; overflow-x: auto; }}" in css.FOCUS_CSS


def test_a_cell_of_several_claims_has_one_a_line_in_a_box_and_stays_text_elsewhere():
    """The matrix's cell of two claims ran together as one sentence ('…: no range stated; Single dose or …'). In a
    box (HTML allowed) each line ends with a <br>, the only tag: a cell's own '<br>' stays escaped text; in
    markdown shown without HTML (a printed copy) the line break is a space."""
    table = pd.DataFrame({"Source": ["★ drugline"],
                          "IV": ["Single dose: no range stated\nAnaesthesia: “5 to 10 min” <br>"]})
    boxed = views.markdown_table(table, breaks=True).splitlines()[2]
    assert boxed.count("<br>") == 1 and "stated<br>Anaesthesia" in boxed and "\\<br\\>" in boxed
    assert "<br>" not in views.markdown_table(table)
    assert "stated Anaesthesia" in views.markdown_table(table)
    assert "<br>" in views.View(None, table, "").table_markdown()  # the explorer's table: shown in its box


def test_a_column_of_long_text_is_kept_wide_on_screen_and_the_first_column_never():
    """At 1280 px the matrix's route columns were squeezed to their longest word (83-125 px) and a source's row
    ran to 627 px. A column whose longest cell is views.WIDE_TEXT characters or more is named in the box's
    data-wide, and the screen's stylesheet keeps it css.WIDE_COLUMN wide; the first column (it stays in view as the
    rest scrolls) never is, and paper is left alone."""
    quote = "“" + "a few hours to a day or two, " * 3 + "”"
    table = pd.DataFrame({"Source": [quote, "b"], "IV": [quote, "not stated"], "Oral": ["not stated", "—"],
                          "Patch": [None, quote[: views.WIDE_TEXT]]})
    assert views.wide_columns(table) == (2, 4)  # IV and Patch (exactly WIDE_TEXT); not Source, not Oral
    assert views.wide_columns(table.iloc[:0]) == ()
    boxed = views.scroll_box("| x |", "Claims", views.wide_columns(table))
    assert boxed.startswith('<div class="relief-scroll" role="region" tabindex="0" aria-label="Claims" '
                            'data-wide="2 4">')
    assert "data-wide" not in views.scroll_box("| x |", "Claims")
    assert views.View(None, table, "").wide_columns == (2, 4)
    screen = css.FOCUS_CSS[css.FOCUS_CSS.index("@media screen {"):]
    screen = screen[: screen.index("}\n") + 1]
    for n in (2, 4, css.WIDE_COLUMNS_MAX):
        assert (f'.relief-scroll[data-wide~="{n}"] table :is(th, td):nth-child({n}) '
                f"{{ min-width: {css.WIDE_COLUMN}; }}") in screen
    assert "nth-child(1)" not in screen and "data-wide" not in css.PRINT_CSS


def test_a_long_page_s_links_to_its_sections_are_escaped_markdown_links_to_anchors():
    shown = views.sections("compare", [("matrix", "Sources × routes", True), ("gone", "Not drawn", False),
                                        ("sources", "[Who] *is*", True)])
    assert shown == {"matrix": ("Sources × routes", "compare-matrix"), "sources": ("[Who] *is*", "compare-sources")}
    line = views.on_this_page(shown)
    assert line == (":small[On this page: [Sources × routes](#compare-matrix) · "
                    "[\\[Who\\] \\*is\\*](#compare-sources)]")
