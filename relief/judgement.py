"""Verdicts by written rules: each end of each claim, of any source, judged against the findings the same way.

Pure (DataFrames in, DataFrames out). The rules are records (``RULES``), each with its plain words; the same
words are shown on the Source & method page and in data/README.md (a test keeps README equal to ``rules_markdown``),
and the code below cites the rule it applies, so what is written is what runs.

For one end of one claim, :func:`judge_end` returns a label from ``vocabulary.VERDICTS``, a GRADE-like certainty and
the derivation in words a reader can check ("KET-049: relief lasted about 30 min, ending before 3 h, the conservative
reading of “several hours”"). Reviewers never decide a label: ``verdicts.csv`` adds their reason in words and, rarely,
an override with the source's own words, shown as one (:func:`judge`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .durations import format_band, format_hours
from .ranges import plotted_ranges
from .vocabulary import CERTAINTY, DESIGNS, ENDS, VERDICTS, speaks_to

# ---------------------------------------------------------------- the rules, in plain words


@dataclass(frozen=True)
class Rule:
    """One rule: its id (cited in derivations and tests), its topic and its plain words."""

    id: str
    topic: str
    text: str


TOPICS = {
    "which": "Which findings may judge",
    "numbers": "What each kind of number shows about how long relief lasted",
    "compare": "How an end compares",
    "ends": "The rule for each end of each kind of claim",
    "disagree": "When findings disagree",
    "certainty": "Certainty",
    "reviewers": "Reviewers' judgement, kept apart",
}

RULES: tuple[Rule, ...] = (
    # which findings may judge
    Rule("people", "which", "Only findings in people are matched to a claim; animal and laboratory studies are "
                            "never shown beside a claim."),
    Rule("match", "which", "A finding is matched to a claim when its route, regimen and pain context each speak to "
                           "the claim's: the same code, a narrower one (im for “IM or SC”, a continuous infusion for "
                           "a series, CRPS for chronic pain), or a claim that states none."),
    Rule("volunteers", "which", "Healthy volunteers and experimental pain never judge a claim about patients' pain: "
                                "they are shown beside it, marked indirect."),
    Rule("kind", "which", "A claim is judged only by findings that speak to its kind: how long relief lasted judges "
                          "durations, bounds and “gone by” times; only a stated time to onset would judge an onset "
                          "(the table holds none, so onsets are not tested). Intervals between doses, courses, how "
                          "long one dose acts and times to peak are never judged as relief that lasted."),
    Rule("hours", "which", "A finding that states no number of hours never decides an end; it is listed beside the "
                           "claim."),
    # what each kind of number shows
    Rule("measured", "numbers", "A measured duration (from one time to another) shows relief that lasted that long: "
                                "its lower figure is the shortest relief measured, its upper figure the longest, and "
                                "both bound how long relief lasted."),
    Rule("observed_up_to", "numbers", "Relief still present when observation ended shows only that relief lasted at "
                                      "least that long (the lower figure when a span is given). An observation window "
                                      "that ended is never evidence that relief ended."),
    Rule("at_least", "numbers", "Relief of at least a time shows that relief lasted at least that long, nothing about "
                                "when it ended."),
    Rule("lost_by", "numbers", "A benefit no longer significant by a time shows that relief (as a group) had ended by "
                               "then, nothing about how long it lasted before."),
    Rule("time_to_rescue", "numbers", "A mean time to the first rescue painkiller shows relief lasting about that "
                                      "long on average: it counts as reaching that time and as ending at it."),
    Rule("model_estimate", "numbers", "A model's estimate is not a measurement: it never decides an end."),
    # how an end compares
    Rule("band", "compare", "An end is its band, from the conservative to the generous reading of its phrase in "
                            "the lexicon, or the number as written."),
    Rule("overstated", "compare", "Overstated only when findings show relief ending before the end's conservative "
                                  "reading."),
    Rule("understated", "compare", "Understated only when findings show relief lasting beyond the end's generous "
                                   "reading."),
    Rule("supported", "compare", "Supported when findings show relief reaching the end (at least its conservative "
                                 "reading) and the end's rule gives no other label."),
    Rule("not_tested", "compare", "Not tested otherwise: no deciding finding reaches, passes or falls short of the "
                                  "end. The rules never give “contradicted”; only reviewers may, with the source's "
                                  "words."),
    # each end of each claim kind
    Rule("lower_end", "ends", "The lower end of a range (“from several hours”) is about the shortest relief: "
                              "overstated when any finding shows relief ending before it; otherwise supported when "
                              "a finding shows relief reaching it; understated only when findings show where relief "
                              "ended and all of it ended after the end's generous reading."),
    Rule("upper_end", "ends", "The upper end of a range, and an upper bound (“up to a day”), are about the longest "
                              "relief: understated when any finding shows relief lasting beyond it; otherwise "
                              "supported when a finding shows relief reaching it; otherwise overstated when "
                              "findings show relief ending before it."),
    Rule("lower_bound", "ends", "An open lower bound (“3 months or longer”) is about the longest relief too: "
                                "supported when a finding shows relief reaching it, otherwise overstated when "
                                "findings show relief ending before it; never understated. Its open upper end is "
                                "not judged."),
    Rule("gone_by", "ends", "A time by which relief was gone is understated when a finding shows relief lasting "
                            "beyond it, supported when findings show relief ending by it, never overstated."),
    Rule("onset", "ends", "An onset (“relief within 10 minutes”) is judged only by times to onset; none is in the "
                          "table, so an onset is not tested."),
    Rule("no_range", "ends", "A claim that states no range has no end to judge: “no range stated”."),
    # disagreement
    Rule("disagree", "disagree", "When findings for the same route point opposite ways on one end (one shows "
                                 "relief ending before it, another reaching or passing it; on the lower end of a "
                                 "range, another whose measured relief ended at or after it, since a window says "
                                 "nothing about the shortest relief), the end's rule decides the label, both are "
                                 "named in the derivation and certainty goes down one level for inconsistency."),
    # certainty
    Rule("start", "certainty", "Certainty starts from the deciding finding's design: randomised trials and their "
                               "meta-analyses high; cohorts, pharmacology studies, reviews and guidelines low; case "
                               "series very low. It never exceeds the certainty given to the finding itself (its "
                               "risk of bias). The best deciding finding sets the start."),
    Rule("indirect", "certainty", "Down one level for indirectness: a route or regimen other than the claim's "
                                  "stated one (a continuous infusion for a series), a publication mixing patients "
                                  "and volunteers, or a finding seen only second-hand."),
    Rule("imprecise", "certainty", "Down one level for imprecision: fewer than 100 participants in the deciding "
                                   "findings, counted once per cohort (two papers on one cohort are one set of "
                                   "participants), or a count not given."),
    Rule("inconsistent", "certainty", "Down one level for inconsistency (see “When findings disagree”). "
                                      "Certainty never goes below very low."),
    # reviewers
    Rule("reason", "reviewers", "Reviewers add a reason in words to a claim's verdict; it never changes the label."),
    Rule("override", "reviewers", "Rarely, reviewers override the rules' label on one end, quoting the source's own "
                                  "words; the override is shown as one: “the rules give …; reviewers judge … "
                                  "because …”."),
)
RULE = {r.id: r for r in RULES}


def rules_markdown() -> str:
    """The rules in plain words, grouped by topic: exactly what the Source & method page and data/README.md show."""
    lines: list[str] = []
    for topic, title in TOPICS.items():
        lines.append(f"**{title}**")
        lines.append("")
        lines += [f"- {r.text}" for r in RULES if r.topic == topic]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- claim kinds

# Which findings may judge each claim kind, until the kinds registry (relief/kinds.py) is on main: "relief" (how
# long relief lasted), "onset", or None (never judged).
JUDGED_AS: dict[str, str | None] = {
    "duration": "relief", "upper_bound": "relief", "lower_bound": "relief", "gone_by": "relief",
    "onset": "onset", "not_stated": None,
    "interval": None, "course": None, "action": None, "peak": None,
}


def judged_as(kind: str) -> str | None:
    """Which findings may judge a claim of this kind: from the kinds registry when there is one."""
    try:
        from . import kinds as registry  # the registry may not exist yet
    except ImportError:
        return JUDGED_AS.get(kind)
    for name in ("KINDS", "REGISTRY", "CLAIM_KINDS"):
        table = getattr(registry, name, None)
        if isinstance(table, dict) and kind in table:
            record = table[kind]
            value = record.get("judged_as") if isinstance(record, dict) else getattr(record, "judged_as", "missing")
            if value != "missing":
                return value
    return JUDGED_AS.get(kind)


# Which ends each kind has, and the rule each end follows ("shortest", "longest", "bound", "gone_by", "onset"),
# with the plotted-range columns its band comes from.
END_RULES: dict[str, dict[str, tuple[str, str]]] = {
    "duration": {"lower": ("lower_end", "low"), "upper": ("upper_end", "high")},
    "upper_bound": {"upper": ("upper_end", "low")},
    "lower_bound": {"lower": ("lower_bound", "low")},
    "gone_by": {"upper": ("gone_by", "low")},
    "onset": {"lower": ("onset", "low"), "upper": ("onset", "high")},
}

DESIGN_START = {"meta_analysis": "high", "rct": "high", "cohort": "low", "pk_study": "low", "review": "low",
                "guideline": "low", "case_series": "very_low"}
LEVELS = list(CERTAINTY)  # strongest first
PEOPLE = ("patients", "mixed", "healthy_volunteers")
IMPRECISE_BELOW = 100

# ---------------------------------------------------------------- what a finding shows


@dataclass(frozen=True)
class Shown:
    """What one finding shows about how long relief lasted: it reached ``reached`` hours (relief lasted at least
    that long), and/or it ended at ``ended`` hours (for some patients, or the group); NaN when it shows neither."""

    reached: float = math.nan
    ended: float = math.nan
    words: str = ""
    rule: str = ""
    exact: bool = False
    """Whether ``ended`` is when relief ended (a measured end) rather than a time it had ended by (an upper bound)."""


def _num(value) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out


def shows(finding) -> Shown:
    """What a finding's number shows about the duration of relief (rules measured … model_estimate)."""
    low, high = _num(finding.relief_low_hours), _num(finding.relief_high_hours)
    kind = finding.hours_kind if isinstance(finding.hours_kind, str) else ""
    if math.isnan(low) and math.isnan(high):
        return Shown(words="states no hours", rule="hours")
    first = low if not math.isnan(low) else high
    last = high if not math.isnan(high) else low
    if kind == "measured":
        text = (f"relief measured to about {format_hours(first)}" if first == last
                else f"relief measured from {format_band(first, last)}")
        return Shown(reached=last, ended=first, words=text, rule="measured", exact=True)
    if kind == "observed_up_to":
        text = (f"relief still seen at {format_hours(first)} when observation ended" if first == last
                else f"relief still seen at {format_band(first, last)} when observation ended, so at least "
                     f"{format_hours(first)}")
        return Shown(reached=first, words=text, rule="observed_up_to")
    if kind == "at_least":
        return Shown(reached=first, words=f"relief of at least {format_hours(first)}", rule="at_least")
    if kind == "lost_by":
        return Shown(ended=last, words=f"benefit no longer significant by {format_hours(last)}", rule="lost_by")
    if kind == "time_to_rescue":
        return Shown(reached=first, ended=first, words=f"a mean of {format_hours(first)} to the first rescue "
                                                      "painkiller", rule="time_to_rescue", exact=True)
    if kind == "model_estimate":
        return Shown(words=f"a model's estimate of {format_hours(last)}, not a measurement", rule="model_estimate")
    return Shown(words=f"hours of an unknown kind ({kind or 'none given'})", rule="hours")


# ---------------------------------------------------------------- which findings may judge


@dataclass(frozen=True)
class Match:
    """How one finding stands to one claim: matched (shown beside it) and whether it may judge, and why not."""

    matched: bool
    judges: bool
    why: str = ""
    rule: str = ""


def match(claim, finding, vocabulary: pd.DataFrame | None = None) -> Match:
    """Whether a finding is shown beside a claim and whether it may judge it (rules people … hours)."""
    if finding.population not in PEOPLE:
        return Match(False, False, "not a study in people", "people")
    for dimension in ("route", "regimen", "pain_context"):
        claim_code, finding_code = getattr(claim, dimension), getattr(finding, dimension)
        if finding_code == "experimental" and dimension == "pain_context":
            continue  # judged below: shown, never judging
        if not speaks_to(dimension, claim_code, finding_code, vocabulary):
            return Match(False, False, f"its {dimension.replace('_', ' ')} does not speak to the claim's", "match")
    if finding.population == "healthy_volunteers" or finding.pain_context == "experimental":
        return Match(True, False, "healthy volunteers or experimental pain: shown as indirect, never judging",
                     "volunteers")
    what = judged_as(claim.kind)
    if what is None:
        return Match(True, False, "this kind of claim is never judged", "kind")
    if what == "onset":
        return Match(True, False, "how long relief lasted does not speak to when it starts", "onset")
    shown = shows(finding)
    if shown.rule == "hours":
        return Match(True, False, f"{shown.words}, so it never decides an end", "hours")
    if shown.rule == "model_estimate":
        return Match(True, False, f"{shown.words}, so it never decides an end", "model_estimate")
    return Match(True, True)


# ---------------------------------------------------------------- one end


@dataclass(frozen=True)
class Band:
    conservative: float
    generous: float
    phrase: str

    def text(self) -> str:
        if self.conservative == self.generous:
            return f"{format_hours(self.conservative)}, “{self.phrase}” as written"
        return f"{format_band(self.conservative, self.generous)} (“{self.phrase}”)"


@dataclass
class EndVerdict:
    """The rules' judgement of one end: label (a ``VERDICTS`` code, '' when the claim has no such end), certainty
    (a ``CERTAINTY`` code, '' when not judged), derivation in words, the deciding and the other matched findings."""

    label: str
    certainty: str
    derivation: str
    deciding: list[str] = field(default_factory=list)
    considered: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def _alone(rule: str, shown: Shown, band: Band) -> tuple[str, str]:
    """The label one finding would give an end on its own, and why in words ('' when it says nothing)."""
    c, g = band.conservative, band.generous
    reached, ended = shown.reached, shown.ended
    cons, gen = f"{format_hours(c)}, the conservative reading of “{band.phrase}”", \
        f"{format_hours(g)}, the generous reading of “{band.phrase}”"
    if c == g:
        cons = gen = f"{format_hours(c)} as written"
    before = not math.isnan(ended) and ended < c
    beyond = not math.isnan(reached) and reached > g
    reaches = not math.isnan(reached) and reached >= c
    if rule == "lower_end":
        if before:
            return "overstated", f"ending before {cons}"
        if shown.exact and not math.isnan(ended) and ended > g:
            return "understated", f"the shortest relief ending after {gen}"
        if reaches:
            return "supported", f"reaching {cons}"
    elif rule == "upper_end":
        if beyond:
            return "understated", f"lasting beyond {gen}"
        if reaches:
            return "supported", f"reaching {cons}"
        if before:
            return "overstated", f"ending before {cons}"
    elif rule == "lower_bound":
        if reaches:
            return "supported", f"reaching {cons}"
        if before:
            return "overstated", f"ending before {cons}"
    elif rule == "gone_by":
        if beyond:
            return "understated", f"lasting beyond {gen}"
        if not math.isnan(ended) and ended <= g:
            return "supported", f"ending by {gen}"
    if not math.isnan(reached) and reached < c:
        return "", f"short of {cons}, which says nothing about this end"
    return "", "which says nothing about this end"


PRECEDENCE = {
    "lower_end": ("overstated", "supported", "understated"),
    "upper_end": ("understated", "supported", "overstated"),
    "lower_bound": ("supported", "overstated"),
    "gone_by": ("understated", "supported"),
}
OPPOSITE = {"overstated": ("supported", "understated"), "supported": ("overstated",), "understated": ("overstated",)}
"""The verdicts that disagree with each, in a fixed order (a set's order changes with every process: a verdict's
"Against it" findings then came in a different order after each restart)."""


def _name(finding) -> str:
    who = getattr(finding, "study", "") or ""
    cite = ""
    if who:
        from .evidence import short_citation  # evidence imports this module

        cite = short_citation(finding)
    return f"{finding.evidence_id}" + (f" ({cite})" if cite else "")


UNION_ROUTES = ("overall", "im_sc")
"""Claim routes that name several routes together: a finding of any of them is direct, not another route."""


def _certainty_of(finding, claim) -> tuple[int, int, list[str]]:
    """A deciding finding's certainty: its start (design, capped by its own certainty) and its level after
    indirectness (indices into LEVELS), with the reasons for going down."""
    start = DESIGN_START.get(getattr(finding, "design", ""), "low")
    own = finding.certainty if finding.certainty in CERTAINTY else start
    first = max(LEVELS.index(start), LEVELS.index(own))
    indirect = []
    if claim.route not in UNION_ROUTES and finding.route != claim.route:
        indirect.append("another route")
    if claim.regimen != "not_stated" and finding.regimen != claim.regimen:
        indirect.append("another regimen")
    if getattr(finding, "population", "") == "mixed":
        indirect.append("patients mixed with volunteers")
    if getattr(finding, "status", "") == "SECONDARY":
        indirect.append("seen only second-hand")
    notes = [f"indirect ({', '.join(indirect)})"] if indirect else []
    return first, first + len(notes), notes


def _participants(rows: list) -> tuple[int, bool]:
    """Participants of these findings, once per cohort (its largest n); whether every count is known."""
    cohorts: dict[str, float] = {}
    known = True
    for f in rows:
        key = getattr(f, "cohort", None) or getattr(f, "study_id", f.evidence_id)
        n = _num(getattr(f, "n", math.nan))
        if math.isnan(n):
            known = known and key in cohorts
            cohorts.setdefault(key, math.nan)
        else:
            cohorts[key] = n if math.isnan(cohorts.get(key, math.nan)) else max(cohorts[key], n)
    total = int(sum(v for v in cohorts.values() if not math.isnan(v)))
    return total, known and not any(math.isnan(v) for v in cohorts.values())


def judge_end(claim, end: str, band: Band | None, findings: pd.DataFrame,
              vocabulary: pd.DataFrame | None = None) -> EndVerdict:
    """The rules' verdict on one end ('lower' or 'upper') of one claim, from the findings given (any table with
    evidence.csv's columns and, for certainty, studies.csv's)."""
    kind = claim.kind
    ends = END_RULES.get(kind, {})
    matched = [(f, match(claim, f, vocabulary)) for f in findings.itertuples(index=False)]
    matched = [(f, m) for f, m in matched if m.matched]
    considered = [f.evidence_id for f, _ in matched]
    if judged_as(kind) is None and kind != "not_stated" and kind not in END_RULES:
        return EndVerdict("", "", "this kind of claim is never judged as how long relief lasted",
                          considered=considered, rules=["kind"])
    if kind == "not_stated" or (end not in ends):
        if kind == "lower_bound" and end == "upper":
            return EndVerdict("", "", "open end: not judged", considered=considered, rules=["lower_bound"])
        if kind == "not_stated":
            return EndVerdict("", "", "no range stated, so nothing to judge", considered=considered,
                              rules=["no_range"])
        return EndVerdict("", "", f"a claim of this kind has no {ENDS[end]}", considered=considered,
                          rules=["no_range"])
    rule, _ = ends[end]
    if band is None or not np.isfinite(band.conservative):
        return EndVerdict("", "", "no reading of this end's phrase", considered=considered, rules=["band"])
    if rule == "onset":
        return EndVerdict("not_tested", "", "no finding in the table states a time to onset, and how long relief "
                                            "lasted does not speak to when it starts: not tested",
                          considered=considered, rules=["onset", "not_tested"])
    said: dict[str, list[tuple[object, str]]] = {}
    silent: list[str] = []
    for f, m in matched:
        if not m.judges:
            continue
        shown = shows(f)
        label, why = _alone(rule, shown, band)
        if label:
            said.setdefault(label, []).append((f, f"{_name(f)}: {shown.words}, {why}"))
        else:
            silent.append(f"{_name(f)}: {shown.words}, {why}")
    label = next((lab for lab in PRECEDENCE[rule] if lab in said), "not_tested")
    name = ENDS[end]
    if label == "not_tested":
        text = (f"No finding that may judge reaches, passes or falls short of {band.text()}"
                + (f" ({'; '.join(silent)})" if silent else "") + f": {name} not tested.")
        return EndVerdict("not_tested", "", text, considered=considered, rules=[rule, "not_tested"])
    deciding = said[label]
    rules = [rule, label]
    graded = sorted(((*_certainty_of(f, claim), f) for f, _ in deciding), key=lambda t: t[1])
    first, level, notes, best = graded[0]
    design = getattr(best, "design", "") or ""
    steps = [f"starts {CERTAINTY[LEVELS[first]].split(' ', 1)[1]} ({best.evidence_id}"
             f"{', a ' + DESIGNS.get(design, design).lower() if design else ''}"
             f"{', as rated for this finding' if LEVELS.index(DESIGN_START.get(design, 'low')) < first else ''})",
             *notes]
    if notes:
        rules.append("indirect")
    people, known = _participants([f for f, _ in deciding])
    if people < IMPRECISE_BELOW or not known:
        level += 1
        steps.append(f"imprecise ({'≥ ' if not known else ''}{people:,} participants, counted once per cohort)"
                     if people else "imprecise (no participant count given)")
        rules.append("imprecise")
    routes = {f.route for f, _ in deciding}
    against = [(f, w) for other in OPPOSITE[label] for f, w in said.get(other, []) if f.route in routes
               and (rule != "lower_end" or shows(f).exact)]  # the shortest relief: only a measured end disagrees
    if against:
        level += 1
        steps.append("inconsistent (findings for the same route point the other way)")
        rules += ["disagree", "inconsistent"]
    certainty = LEVELS[min(level, len(LEVELS) - 1)]
    text = "; ".join(w for _, w in deciding) + f": {name} {VERDICTS[label]}."
    if against:
        text += " Against it: " + "; ".join(w for _, w in against) + "."
    text += f" Certainty {CERTAINTY[certainty].split(' ', 1)[1]}" + (f": {', '.join(steps)}." if steps else ".")
    return EndVerdict(label, certainty, text, deciding=[f.evidence_id for f, _ in deciding],
                      considered=considered, rules=rules)


# ---------------------------------------------------------------- every claim of a source

COLUMNS = ["claim_id", "end", "label", "certainty", "derivation", "evidence_ids", "matched_ids", "rules_label",
           "rules_certainty", "override", "reason"]
"""One row per (claim_id, end): ``label``/``certainty`` are what is shown (a reviewer's override when there is one,
else the rules'); ``rules_label``/``rules_certainty`` always the rules'; ``evidence_ids`` the deciding findings;
``matched_ids`` every finding shown beside the claim; ``override`` the overriding label ('' when none) and
``reason`` the reviewers' words for this end ('' when none)."""


def bands(claims: pd.DataFrame, lexicon: pd.DataFrame | None) -> dict[tuple[str, str], Band]:
    """Each claim end's band, from the lexicon or the number as written (missing when unreadable)."""
    plotted = plotted_ranges(claims, lexicon if lexicon is not None else pd.DataFrame(
        columns=["phrase", "conservative_hours", "central_hours", "generous_hours"]))
    out = {}
    for row in plotted.itertuples(index=False):
        for end, (_, side) in END_RULES.get(row.kind, {}).items():
            c, g = getattr(row, f"{side}_conservative"), getattr(row, f"{side}_generous")
            phrase = row.low_phrase if side == "low" else (row.high_phrase or row.low_phrase)
            if np.isfinite(c):
                out[(row.claim_id, end)] = Band(float(c), float(g), phrase)
    return out


def judge(claims: pd.DataFrame, lexicon: pd.DataFrame | None, findings: pd.DataFrame | None,
          verdicts: pd.DataFrame | None = None, vocabulary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every end of every claim judged by the rules, with reviewers' reasons and overrides (``verdicts.csv``)."""
    findings = findings if findings is not None else pd.DataFrame(columns=[
        "evidence_id", "route", "regimen", "pain_context", "population", "relief_low_hours", "relief_high_hours",
        "hours_kind", "certainty"])
    if "population" not in findings.columns:  # evidence without studies.csv: counted as patients
        findings = findings.assign(population="patients")
    reviewed = {} if verdicts is None else {v.claim_id: v for v in verdicts.itertuples(index=False)}
    found = bands(claims, lexicon)
    records = []
    for claim in claims.itertuples(index=False):
        for end in ENDS:
            v = judge_end(claim, end, found.get((claim.claim_id, end)), findings, vocabulary)
            review = reviewed.get(claim.claim_id)
            override = getattr(review, f"{end}_override", "") if review is not None else ""
            reason = getattr(review, f"{end}_reason", "") if review is not None else ""
            label, certainty = v.label, v.certainty
            if override:
                label = override
                certainty = getattr(review, f"{end}_override_certainty", "") or v.certainty
            records.append({"claim_id": claim.claim_id, "end": end, "label": label, "certainty": certainty,
                            "derivation": v.derivation, "evidence_ids": v.deciding, "matched_ids": v.considered,
                            "rules_label": v.label, "rules_certainty": v.certainty, "override": override or "",
                            "reason": reason or ""})
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def dataset_verdicts(dataset) -> pd.DataFrame:
    """``judge`` for a loaded dataset, once per dataset (pages ask on every run)."""
    return dataset.memo.once("judged", lambda: judge(dataset.claims, dataset.lexicon, dataset.evidence,
                                                     dataset.verdicts, dataset.vocabulary))


def end_text(row) -> str:
    """One end in words: 'supported, low certainty'; an override as one: 'the rules give not tested; reviewers
    judge overstated because …'; an end the claim lacks: 'open, not judged' / 'no range stated'."""
    if not row.label:
        return "open, not judged" if "open end" in row.derivation else "no range stated"
    certainty = f", {CERTAINTY[row.certainty].split(' ', 1)[1]} certainty" if row.certainty else ""
    if row.override:
        rules = VERDICTS.get(row.rules_label, "no verdict") if row.rules_label else "no verdict"
        reason = row.reason.rstrip(".")
        return (f"the rules give {rules}; reviewers judge {VERDICTS[row.override]}{certainty} because "
                f"{reason[:1].lower() + reason[1:]}")
    return f"{VERDICTS[row.label]}{certainty}"


def claim_text(rows: pd.DataFrame) -> str:
    """Both ends of one claim: 'lower end: overstated, low certainty · upper end: supported, very low certainty'."""
    by_end = {r.end: r for r in rows.itertuples(index=False)}
    if all(not r.label for r in by_end.values()) and not any("open end" in r.derivation for r in by_end.values()):
        return "no range stated, so nothing to judge"
    parts = []
    for end, name in ENDS.items():
        r = by_end.get(end)
        if r is None or (not r.label and "open end" not in r.derivation):
            continue
        parts.append(f"{name}: {end_text(r)}")
    return " · ".join(parts)


def deciding_ids(judged: pd.DataFrame, claim_ids: Iterable[str] | None = None) -> list[str]:
    rows = judged if claim_ids is None else judged[judged["claim_id"].isin(list(claim_ids))]
    return list(dict.fromkeys(i for ids in rows["evidence_ids"] for i in ids))
