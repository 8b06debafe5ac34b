"""Controlled vocabularies shared by the schemas, charts and pages.

Every code that may appear in a data file is listed here with its display
label, in display order. The schemas accept exactly these codes.
"""

from __future__ import annotations

from .kinds import plain_words

# One vocabulary for the claims of a source and the findings of published studies. A data folder may add
# codes of its own in an optional vocabulary file; these are the built-in ones, in display order.
ROUTES: dict[str, str] = {
    "overall": "All routes (summary)",
    "iv": "IV infusion",
    "im": "Intramuscular (IM) injection",
    "sc": "Subcutaneous (SC) injection",
    "im_sc": "IM or SC injection",
    "intranasal": "Intranasal spray",
    "sublingual": "Sublingual",
    "buccal": "Buccal",
    "lozenge": "Lozenge",
    "oral": "Oral",
    "transdermal": "Transdermal patch",
    "topical": "Topical",
    "epidural": "Epidural",
    "intrathecal": "Intrathecal",
}

# Okabe–Ito colour-blind-safe palette; yellow is left out (too light on white). Related routes share a colour
# (every bar is labelled directly, so no meaning rests on colour alone).
ROUTE_COLOURS: dict[str, str] = {
    "overall": "#000000",
    "iv": "#0072B2",
    "im": "#D55E00",
    "sc": "#D55E00",
    "im_sc": "#D55E00",
    "intranasal": "#009E73",
    "sublingual": "#CC79A7",
    "buccal": "#CC79A7",
    "lozenge": "#CC79A7",
    "oral": "#E69F00",
    "transdermal": "#56B4E9",
    "topical": "#56B4E9",
    "epidural": "#0072B2",
    "intrathecal": "#0072B2",
}

REGIMENS: dict[str, str] = {
    "single": "Single dose or infusion",
    "continuous": "Continuous infusion",
    "series": "Series of infusions or doses",
    "repeated": "Repeated doses",
    "booster": "Booster",
    "maintenance": "Maintenance",
    "not_stated": "Not stated",
}

PAIN_CONTEXTS: dict[str, str] = {
    "acute": "Acute pain",
    "postoperative": "Postoperative pain",
    "breakthrough": "Breakthrough pain",
    "chronic": "Chronic pain",
    "chronic_neuropathic": "Chronic neuropathic pain",
    "crps": "CRPS",
    "cancer": "Cancer pain",
    "mixed": "Mixed chronic pain",
    "experimental": "Experimental pain (volunteers)",
    "not_stated": "Not stated",
}

# Which codes a broader code speaks for, when studies are matched to a source's claims. A claim matches a
# finding when, for route, regimen and pain context alike, the claim's code is the finding's code, is broader
# than it, or is "not stated" / "overall". Experimental pain never stands in for patients' pain.
NARROWER: dict[str, dict[str, tuple[str, ...]]] = {
    "route": {
        "overall": tuple(code for code in ROUTES if code != "overall"),
        "im_sc": ("im", "sc"),
        "lozenge": ("sublingual", "buccal"),
        "sublingual": ("lozenge",),
        "buccal": ("lozenge",),
    },
    "regimen": {
        "not_stated": tuple(code for code in REGIMENS if code != "not_stated"),
        "series": ("continuous", "booster", "maintenance"),
        "repeated": ("booster", "maintenance"),
    },
    "pain_context": {
        "not_stated": tuple(code for code in PAIN_CONTEXTS if code not in ("not_stated", "experimental")),
        "acute": ("postoperative", "breakthrough"),
        "chronic": ("chronic_neuropathic", "crps", "cancer", "mixed"),
    },
}


def speaks_to(dimension: str, claim_code: str, finding_code: str, extra=None) -> bool:
    """Whether a finding coded ``finding_code`` bears on a claim coded ``claim_code`` (route, regimen or pain_context).

    A finding that states no regimen or pain context bears on claims of any; a finding about all routes
    ("overall") bears only on a claim about all routes. ``extra``: a data folder's vocabulary table, whose
    ``speaks_for`` lists add to what its codes speak for.
    """
    if claim_code == finding_code or finding_code == "not_stated":
        return True
    return finding_code in narrower(dimension, extra).get(claim_code, ())


def narrower(dimension: str, extra=None) -> dict[str, tuple[str, ...]]:
    """What each code of ``dimension`` speaks for: the built-in ``NARROWER`` and a vocabulary table's speaks_for."""
    out = dict(NARROWER.get(dimension, {}))
    if extra is None or len(extra) == 0:
        return out
    rows = extra[extra["dimension"] == dimension]
    for code, listed in zip(rows["code"], rows["speaks_for"], strict=True):
        parts = listed if isinstance(listed, list | tuple) else [p.strip() for p in str(listed).split(";")]
        out[code] = (*out.get(code, ()), *(p for p in parts if p))
    if dimension == "route":
        out["overall"] = (*out.get("overall", ()), *rows["code"])
    return out


# What kind of number a claim states: the claim kinds registry (relief.kinds) holds each kind's record; this is
# their plain words, as the registry had them when this module was imported (read relief.kinds.KINDS for the live
# registry).
CLAIM_KINDS: dict[str, str] = plain_words()

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

# ---------------------------------------------------------------- published evidence

DESIGNS: dict[str, str] = {
    "meta_analysis": "Meta-analysis",
    "rct": "Randomised trial",
    "cohort": "Cohort",
    "case_series": "Case series",
    "pk_study": "Pharmacology study",
    "guideline": "Guideline",
    "review": "Review",
    "lab": "Laboratory study",
}

# GRADE-like certainty, strongest first, with the usual circled-plus notation.
CERTAINTY: dict[str, str] = {
    "high": "⊕⊕⊕⊕ high",
    "moderate": "⊕⊕⊕◯ moderate",
    "low": "⊕⊕◯◯ low",
    "very_low": "⊕◯◯◯ very low",
}

# A verdict on one end of a claim's range (a claim's two ends often fare differently).
VERDICTS: dict[str, str] = {
    "supported": "supported",
    "overstated": "overstated",
    "understated": "understated",
    "not_tested": "not tested",
    "contradicted": "contradicted",
}

ENDS: dict[str, str] = {"lower": "lower end", "upper": "upper end"}

# Who a publication's participants are: only patients count as evidence for a claim about patients' pain.
POPULATIONS: dict[str, str] = {
    "patients": "patients",
    "healthy_volunteers": "healthy volunteers",
    "animals": "animals",
    "in_vitro": "laboratory (in vitro)",
    "mixed": "patients and volunteers",
}

STATUSES: dict[str, str] = {
    "VERIFIED": "verified: the source's own text was read",
    "SECONDARY": "secondary: seen only as cited or reposted elsewhere",
}

# What a stated number of hours is; each is drawn with its own marker.
HOURS_KINDS: dict[str, str] = {
    "measured": "relief measured over this span",
    "observed_up_to": "relief seen up to this time",
    "lost_by": "benefit no longer significant by this time (an upper bound)",
    "model_estimate": "a model's estimate, not a measurement",
    "time_to_rescue": "mean time to the first rescue painkiller",
    "at_least": "relief of at least this long (lower bound)",
}

CORRECTION_TARGETS: tuple[str, ...] = ("claim", "factor", "mechanism", "promo")

# ---------------------------------------------------------------- presentation

# What a scene of a talk can show; relief.talk maps each to a builder.
SCENE_CHARTS: dict[str, str] = {
    "routes": "the routes chart, with the explorer settings in `view`",
    "evidence": "the routes chart with published studies beside each claim",
    "lexicon": "the lexicon: each phrase as a band of readings",
    "factors": "claims ordered by longest relief, with the factor in `view` highlighted",
    "promo": "the source's marketing claims, as a list",
    "compare": "the bundled sources side by side (According to whom), with the comparison's settings in `view`",
}


# ---------------------------------------------------------------- codes a data folder adds

DIMENSIONS: dict[str, dict[str, str]] = {"route": ROUTES, "regimen": REGIMENS, "pain_context": PAIN_CONTEXTS}
"""The vocabularies a data folder may extend in its optional vocabulary.csv, by the name used there."""


def labels(dimension: str, extra=None) -> dict[str, str]:
    """The codes of ``dimension`` with their labels: built-in ones first, then those of ``extra``.

    ``extra`` is a valid vocabulary table (columns dimension, code, label) or None.
    """
    built_in = dict(DIMENSIONS[dimension])
    if extra is None or len(extra) == 0:
        return built_in
    rows = extra[extra["dimension"] == dimension]
    return built_in | dict(zip(rows["code"], rows["label"], strict=True))


def label(dimension: str, code: str, extra=None) -> str:
    """A code's label (the code itself when no vocabulary names it)."""
    return labels(dimension, extra).get(code, code)


def fingerprint() -> str:
    """Every vocabulary as it is now (the module's constants, which a test may change in place): part of what a
    kept check's result depends on (``dataset._content_key``)."""
    constants = sorted((name, value) for name, value in globals().items() if name.isupper())
    return repr(constants)
