"""Controlled vocabularies shared by the schemas, charts and pages.

Every code that may appear in a data file is listed here with its display
label, in display order. The schemas accept exactly these codes.
"""

from __future__ import annotations

ROUTES: dict[str, str] = {
    "overall": "All routes (article summary)",
    "iv": "IV infusion",
    "im_sc": "IM or SC injection",
    "intranasal": "Intranasal spray",
    "lozenge": "Lozenge",
    "oral": "Oral",
    "transdermal": "Transdermal patch",
}

# Okabe–Ito colour-blind-safe palette; yellow is left out (too light on white).
ROUTE_COLOURS: dict[str, str] = {
    "overall": "#000000",
    "iv": "#0072B2",
    "im_sc": "#D55E00",
    "intranasal": "#009E73",
    "lozenge": "#CC79A7",
    "oral": "#E69F00",
    "transdermal": "#56B4E9",
}

REGIMENS: dict[str, str] = {
    "single": "Single infusion",
    "series": "Series of infusions",
    "not_stated": "Not stated",
}

PAIN_CONTEXTS: dict[str, str] = {
    "acute": "Acute pain",
    "chronic": "Chronic pain",
    "not_stated": "Not stated",
}

READINGS: dict[str, str] = {
    "conservative": "Conservative",
    "central": "Central",
    "generous": "Generous",
}

READING_COLUMNS: dict[str, str] = {r: f"{r}_hours" for r in READINGS}

EFFECTS: dict[str, str] = {
    "longer": "Longer relief",
    "shorter": "Shorter relief",
    "either": "Either way",
    "more doses needed": "More doses needed",
}

MECHANISM_KINDS: dict[str, str] = {
    "blocks": "blocks",
    "modulates": "modulates",
}

PROMO_STATUS = "unreferenced marketing claim"

BOOLEAN_WORDS = ("true", "false")

QUOTE_JOINER = " ... "
"""A quote may join two passages of the source with this joiner."""
