from __future__ import annotations

import pytest

from relief.urlstate import all_view_keys, explorer_view, factors_view


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
