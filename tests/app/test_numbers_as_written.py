"""The fictitious example that writes its numbers out loads in the app, every claim kind drawn."""

from __future__ import annotations

import pytest

from relief.dataset import BUNDLED

from .helpers import open_page, spec, texts

EXAMPLE = BUNDLED / "examples" / "numbers_as_written"
LABELS = ["Sublingual tablet, single (example)", "Sublingual tablet, onset (example)",
          "IV booster infusion (example)", "Nasal spray (example)", "IV infusion, single (example)",
          "IM injection, single (example)", "Topical cream (example)", "Nebulised (example)",
          "IV infusions, time between (example)", "IV infusions, first course (example)",
          "SC injection, one dose acts (example)", "Nasal spray, onset (example)", "Nasal spray, peak (example)",
          "Lozenges, after a course (example)"]


@pytest.fixture
def example_data(monkeypatch):
    monkeypatch.setenv("RELIEF_DATA", str(EXAMPLE))


def test_the_explorer_draws_every_claim_with_its_own_mark(example_data):
    at = open_page("pages/explorer.py")
    assert not at.exception and not at.error
    figure = spec(at, "routes_chart")
    assert figure["layout"]["yaxis"]["categoryarray"] == LABELS
    names = {t["name"] for t in figure["data"]}
    assert {"Upper bound (“up to”)", "Onset (relief starts within)", "Relief gone by", "Number as written",
            "Open end (“or longer”)", "No range stated"} <= names
    (bars,) = [t for t in figure["data"] if t["name"] == "Claimed range (chosen reading)"]
    assert "Nasal spray (example)" not in bars["y"] and "Sublingual tablet, onset (example)" not in bars["y"]
    shown = texts(at)
    assert "up to “3 months”" in shown and "relief within “2 hours”" in shown
    route_options = at.get_by_key("explorer.routes").options
    assert "Nebulised \\(inhaled mist\\)" in route_options and "Sublingual" in route_options  # markdown-escaped


def test_the_factors_page_highlights_the_claims_a_factor_concerns(example_data):
    at = open_page("pages/factors.py", {"factor": "booster_schedule"})
    assert not at.exception and not at.error
    ticks = spec(at, "factor_chart")["layout"]["yaxis"]["ticktext"]
    assert "<b>IV booster infusion (example)</b>" in ticks and "Nasal spray (example)" in ticks
    assert "**Concerns:** regimens\\: Booster" in texts(at)  # markdown-escaped


def test_the_explorer_draws_every_new_kind_as_what_it_is(example_data):
    from relief.kinds import KINDS

    at = open_page("pages/explorer.py", {"unit": "minutes"})
    assert not at.exception and not at.error
    figure = spec(at, "routes_chart")
    traces = {t["name"]: t for t in figure["data"]}
    for kind in ("interval", "course", "action", "peak", "onset"):
        assert KINDS[kind].legend in traces, kind
    (bars,) = [t for t in figure["data"] if t["name"] == "Claimed range (chosen reading)"]
    for label in ("IV infusions, time between (example)", "IV infusions, first course (example)",
                  "SC injection, one dose acts (example)", "Nasal spray, peak (example)"):
        assert label not in bars["y"]  # never a bar of relief
    assert "Lozenges, after a course (example)" in bars["y"]  # none to “weeks or months” is relief
    assert "Low end: none (no relief for some)" in traces
    assert all(str(t).endswith("min") for t in figure["layout"]["xaxis"]["ticktext"])
    shown = texts(at)
    assert "every “90 days”" in shown and "given over “4 to 5 days”" in shown and "peak at “90 seconds”" in shown
    assert "“every …”: the time between treatments, not how long relief lasts" in shown  # the key
    sidebar = "\n".join(str(e.value) for e in at.sidebar.markdown)
    assert "8 duration claims and 6 other times" in sidebar or "8 duration claims and 6 other times" in shown
