from __future__ import annotations

import pytest

from relief.urlstate import ViewSpec, explorer_view, factors_view


def all_view_keys(*specs: ViewSpec) -> frozenset[str]:
    return frozenset(name for spec in specs for name in spec.names)


@pytest.fixture
def spec(bundled):
    return explorer_view(bundled.claims)


def test_defaults_encode_to_an_empty_query(spec):
    assert spec.encode(spec.defaults()) == {}


def test_round_trip(spec):
    values = spec.defaults() | {"routes": ["oral", "iv"], "regimen": [], "reading": "generous", "unit": "days",
                                "axis": "linear", "quotes": False}
    query = spec.encode(values)
    assert query == {"routes": "iv,oral", "regimen": "none", "reading": "generous", "unit": "days",
                     "axis": "linear", "quotes": "0"}
    parsed, notices = spec.parse(query)
    assert notices == []
    assert parsed == values | {"routes": ["iv", "oral"]}


def test_malformed_values_fall_back_with_notices(spec):
    parsed, notices = spec.parse({"axis": "banana", "quotes": "maybe", "reading": ["central", "<b>x</b>"],
                                  "unit": "x" * 500, "nonsense": "1"})
    assert parsed == spec.defaults()
    assert len(notices) == 5
    assert any("axis=banana" in n for n in notices) and any("too long" in n for n in notices)
    assert any("unknown parameter" in n for n in notices)


def test_partly_valid_list_keeps_the_valid_part(spec):
    parsed, notices = spec.parse({"routes": "IV, zzz ,oral,iv"})
    assert parsed["routes"] == ["iv", "oral"]
    assert len(notices) == 1 and "zzz" in notices[0]


def test_keys_of_other_pages_are_not_unknown(bundled, spec):
    other = factors_view(bundled.factors)
    _, notices = spec.parse({"factor": "dosage"}, known_elsewhere=all_view_keys(spec, other))
    assert notices == []


def test_factors_view(bundled):
    spec = factors_view(bundled.factors)
    assert spec.defaults()["factor"] == "dosage"
    assert spec.parse({"factor": "metabolism", "effect": "longer"})[0]["effect"] == ["longer"]
    assert spec["factor"].label_of("pain_condition") == "Underlying pain condition"


# ---------------------------------------------------------------- the address and the browser history


def test_the_address_wins_on_a_first_visit_and_when_back_or_forward_moved_it():
    from relief.urlstate import address_wins

    assert address_wins({}, None, history_navigation=False)  # a session's first run: the link decides
    assert address_wins({"scene": "2"}, {"scene": "3"}, history_navigation=True)  # Back from scene 3 to 2
    assert address_wins({}, {"axis": "linear"}, history_navigation=True)  # Back to the default view
    # a button or widget changed the view: the session wins
    assert not address_wins({"scene": "3"}, {"scene": "3"}, history_navigation=False)
    # a quick click sent before the browser applied the last run's address carries the old one: still the click
    assert not address_wins({"scene": "2"}, {"scene": "3"}, history_navigation=False)


def test_next_query_keeps_the_app_settings_and_drops_the_page_s_unknown_parameters(spec):
    from relief.urlstate import GLOBAL_KEYS, next_query

    owned = frozenset(spec.names) | GLOBAL_KEYS
    current = {"axis": ["log"], "lex": ["a few hours:1,3,4"], "junk": ["1"]}
    wanted = {"axis": "linear", "lex": "a few hours:1,3,4"}
    assert next_query(current, owned, wanted, keep_others=False) == wanted
    assert next_query({"print": ["1"], "present": ["1"]}, frozenset(GLOBAL_KEYS), {}, keep_others=True) == \
        {"print": "1"}  # a page without settings leaves parameters it does not own alone


def test_the_address_is_written_only_when_it_changes():
    from relief.urlstate import needs_write

    assert not needs_write({"routes": ["iv,oral"], "axis": ["linear"]}, {"axis": "linear", "routes": "iv,oral"})
    assert needs_write({"scene": ["2"]}, {"scene": "3"})
    assert needs_write({"scene": ["2"]}, {})


def test_links_carry_the_app_settings_and_the_page_s_last_view():
    from relief.urlstate import link_query

    assert link_query({"lex": "a few hours:1,3,4"}, {"reading": "generous", "axis": "linear"}) == \
        {"lex": "a few hours:1,3,4", "reading": "generous", "axis": "linear"}
    assert link_query({}, {}) == {}


def test_nudge_moves_one_scene_and_stops_at_the_ends():
    from relief.urlstate import nudge, talk_view

    scene = talk_view(7)["scene"]
    assert nudge(scene, "3", 1) == "4" and nudge(scene, "3", -1) == "2"
    assert nudge(scene, "7", 1) == "7" and nudge(scene, "1", -1) == "1"
    assert nudge(scene, "junk", 1) == "2"


def test_app_settings_round_trip_and_stay_out_of_the_query_at_their_defaults():
    from relief.urlstate import app_view

    app = app_view()
    assert app.encode(app.defaults()) == {}
    values, notices = app.parse({"present": "1", "notes": "yes", "lex": "a few hours:1,3,4", "data": "abc123"})
    assert notices == [] and values == {"present": True, "notes": True, "lex": "a few hours:1,3,4", "data": "abc123"}
    assert app.encode(values) == {"present": "1", "notes": "1", "lex": "a few hours:1,3,4", "data": "abc123"}
    long_edit = ";".join(f"phrase {i}:1,2,3" for i in range(20))  # longer than a page setting may be
    assert app.parse({"lex": long_edit})[0]["lex"] == long_edit
    assert app.parse({"present": "maybe"})[0]["present"] is False
