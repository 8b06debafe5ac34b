"""Published evidence beside a source's claims: pure tables for charts, pages and talks.

The claims stay exactly as stated; findings are looked up beside them and never
blended into the claims' bars. Every claim of every source gets the findings whose
route, regimen and pain context speak to it, and a verdict on each end by the
written rules (``judgement``); reviewers' words (``verdicts.csv``) are shown
beside the rules' labels, an override as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from . import judgement
from .dataset import Dataset
from .durations import format_band, format_hours
from .notices import plural, safe_link
from .ranges import claimed_text, plotted_ranges
from .vocabulary import CERTAINTY, DESIGNS, ENDS, POPULATIONS, ROUTES, STATUSES

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/{}/"
DOI = "https://doi.org/{}"


def best_link(row) -> str:
    """PubMed when there is a PMID, else the DOI, else the page where the text was read: an http(s) address made
    safe for a markdown link (``notices.safe_link``: a DOI or URL cannot close the link and add one), or ""."""
    if row.pmid:
        link = PUBMED.format(row.pmid)
    elif row.doi:
        link = DOI.format(row.doi)
    else:
        link = row.url
    return safe_link(link) or ""


def short_citation(row) -> str:
    """'Sigtermans 2009' from 'Sigtermans MJ et al. …' and the year; a citation that names no author gives the
    first words of its title ('Intramuscular ketamine analgesia in… 1984')."""
    text = str(row.study).strip()
    head = text.split(" et al.")[0].split(",")[0].split(". ")[0].strip().rstrip(".")
    tokens = head.split()
    if 2 <= len(tokens) <= 4 and re.fullmatch(r"[A-Z]{1,4}", tokens[-1]) and tokens[0][:1].isupper():
        name = " ".join(tokens[:-1])
    elif len(tokens) == 1 and tokens[0][:1].isupper():
        name = tokens[0]
    else:
        words = text.split()
        name = " ".join(words[:4]).rstrip(",.;:") + ("…" if len(words) > 4 else "")
    return f"{name} {row.year}".strip() if row.year else name


def hours_text(row, unit: str = "auto") -> str:
    """The stated duration in words, with what kind of number it is."""
    low, high = row.relief_low_hours, row.relief_high_hours
    if pd.isna(low) and pd.isna(high):
        return "no duration stated"
    if row.hours_kind == "at_least":
        return f"at least {format_hours(low, unit)}"
    if row.hours_kind in ("observed_up_to", "lost_by"):
        return f"up to {format_hours(high, unit)}"
    if pd.isna(low) or low == high:
        return format_hours(high if pd.isna(low) else low, unit)
    return format_band(low, high, unit)


PLOTTED_COLUMNS = ("claim_id", "evidence_id", "relief_low_hours", "relief_high_hours", "hours_kind", "status",
                   "certainty", "design", "n", "study", "year", "finding", "population")
"""What ``charts.range_chart`` relies on in the plotted-evidence frame (more columns may follow)."""

# Who is counted as what in a summary of findings; animal and laboratory studies have no participants to count.
COUNTED = {"patients": "patients", "mixed": "patients", "healthy_volunteers": "volunteers"}
# Publications that pool other studies' participants: counted apart, never added to the studies' participants
# (a review may include trials that are also listed on their own rows, and two reviews may share trials).
SYNTHESES = {"meta_analysis": "review", "review": "review", "guideline": "guideline"}


def _count(rows: pd.DataFrame) -> tuple[int, str]:
    """Cohorts and participants of these rows, counted once per cohort (the largest n its findings concern: a
    finding about part of a publication's participants counts that part, evidence.csv's ``participants``)."""
    cohorts = rows.groupby("cohort")["n"].max()
    known = cohorts.dropna()
    total = int(known.sum()) if len(known) else 0
    return len(cohorts), (f"≥ {total:,}" if len(known) < len(cohorts) else f"{total:,}")


def _syntheses(rows: pd.DataFrame, after_studies: bool) -> str:
    """'2 reviews (largest: 2,309 patients; may include these studies)': never summed, the largest n shown."""
    reviews = rows.drop_duplicates("study_id")
    kinds = reviews["design"].map(SYNTHESES)
    names = ", ".join(plural(int(count), kind) for kind, count in kinds.value_counts(sort=False).items())
    sized = reviews.dropna(subset=["n"])
    notes = []
    if len(sized):
        largest = sized.loc[sized["n"].idxmax()]
        notes.append(f"{'largest: ' if len(kinds) > 1 else ''}{int(largest['n']):,} {COUNTED[largest['population']]}")
    if after_studies:
        notes.append("may include these cohorts")
    return names + (f" ({'; '.join(notes)})" if notes else "")


def participants(rows: pd.DataFrame) -> str:
    """'2 cohorts / 80 patients; + 1 cohort / 20 volunteers; + 1 review (8,341 patients; may include these cohorts)'.

    Publications that report the same participants share a cohort and count once; a participant count
    is '≥' when some publication gives none. Reviews, meta-analyses and guidelines pool other studies'
    participants, so they are counted apart and their participants are never added (the largest is shown).
    Animal and laboratory studies are not counted.
    """
    rows = rows[rows["population"].map(COUNTED).notna()]
    pooled = rows["design"].isin(list(SYNTHESES)) if "design" in rows else pd.Series(False, index=rows.index)
    parts = []
    for who in ("patients", "volunteers"):
        group = rows[~pooled & rows["population"].map(COUNTED).eq(who)]
        if group.empty:
            continue
        studies, people = _count(group)
        text = f"{plural(studies, 'cohort')} / {people} {who}"
        parts.append(text if not parts else f"+ {text}")
    if pooled.any():
        text = _syntheses(rows[pooled], after_studies=bool(parts))
        parts.append(text if not parts else f"+ {text}")
    return "; ".join(parts) or "no participants"


def _evidence_of(dataset: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    """The findings with these ids, in this order (unknown ids skipped)."""
    positions = dataset.memo.once("evidence_positions",
                                  lambda: {e: i for i, e in enumerate(dataset.evidence["evidence_id"])})
    return dataset.evidence.iloc[[positions[i] for i in ids if i in positions]].reset_index(drop=True)


def matching_findings(dataset: Dataset, claim) -> pd.DataFrame:
    """The findings shown beside one claim: studies in people whose route, regimen and pain context speak to it
    (volunteers included, marked indirect: they never judge). See ``judgement.match``."""
    ev = dataset.evidence
    keep = [judgement.match(claim, f, dataset.vocabulary).matched for f in ev.itertuples(index=False)]
    return ev[keep].reset_index(drop=True)


def verdicts(dataset: Dataset) -> pd.DataFrame:
    """The rules' verdict on each end of each claim (``judgement.COLUMNS``), once per dataset."""
    if dataset.evidence is None:
        return pd.DataFrame(columns=judgement.COLUMNS)
    return judgement.dataset_verdicts(dataset)


def _judged_of(dataset: Dataset, claim_id: str) -> pd.DataFrame:
    by_claim = dataset.memo.once("judged_by_claim",
                                 lambda: {c: g for c, g in verdicts(dataset).groupby("claim_id", sort=False)})
    return by_claim.get(claim_id, pd.DataFrame(columns=judgement.COLUMNS))


def claim_verdicts(dataset: Dataset, claim_id: str) -> list[str]:
    """The claim's verdict in words, both ends ('lower end: overstated, low certainty · upper end: …'); an empty
    list when there is no evidence to judge by."""
    def build() -> list[str]:
        rows = _judged_of(dataset, claim_id)
        return [judgement.claim_text(rows)] if not rows.empty else []

    return dataset.memo.once(("claim_verdicts", claim_id), build)


def _matched_ids(dataset: Dataset, claim_id: str) -> list[str]:
    rows = _judged_of(dataset, claim_id)
    return list(dict.fromkeys(i for ids in rows["matched_ids"] for i in ids))


def claim_evidence(dataset: Dataset, claim_ids: Iterable[str]) -> pd.DataFrame:
    """Every (claim, finding) pair for the given claims: the findings matched to each claim by route, regimen and
    pain context. ``verdict`` is the claim's verdict in words, ``decides`` whether the finding decides an end."""
    columns = ["claim_id", "verdict", "decides",
               *(dataset.evidence.columns if dataset.evidence is not None else [])]
    if dataset.evidence is None:
        return pd.DataFrame(columns=columns)
    known = set(dataset.claims["claim_id"])
    frames = []
    for claim_id in dict.fromkeys(claim_ids):
        if claim_id not in known:
            continue
        said = " | ".join(claim_verdicts(dataset, claim_id))
        rows = _evidence_of(dataset, _matched_ids(dataset, claim_id))
        deciding = set(judgement.deciding_ids(_judged_of(dataset, claim_id)))
        frames.append(rows.assign(claim_id=claim_id, verdict=said, decides=rows["evidence_id"].isin(deciding)))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True).drop_duplicates(["claim_id", "evidence_id"])
    return out[columns].reset_index(drop=True)


def matched_evidence(dataset: Dataset, claim_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The findings matched to any of these claims (all claims by default), each once, in table order."""
    ids = dataset.claims["claim_id"] if claim_ids is None else claim_ids
    matched = set()
    for claim_id in dict.fromkeys(ids):
        matched.update(_matched_ids(dataset, claim_id))
    ev = dataset.evidence
    return ev[ev["evidence_id"].isin(matched)].reset_index(drop=True)


def publications_and_cohorts(rows: pd.DataFrame) -> str:
    """'58 findings from 53 publications in 52 cohorts': findings are never counted as studies."""
    findings = len(rows)
    publications = rows["study_id"].nunique() if "study_id" in rows else 0
    cohorts = rows.drop_duplicates("study_id")["cohort"].nunique() if "cohort" in rows else publications
    return (f"{plural(findings, 'finding')} from {plural(publications, 'publication')} "
            f"in {plural(cohorts, 'cohort')}")


def plotted_evidence(dataset: Dataset, claim_ids: Iterable[str]) -> pd.DataFrame:
    """The findings with a stated duration, beside the claims they bear on: exactly what a chart draws.

    Its columns include ``PLOTTED_COLUMNS`` and ``verdict`` (the claim's written verdict, both ends)."""
    rows = claim_evidence(dataset, claim_ids)
    if rows.empty:
        return rows
    return rows[rows["relief_low_hours"].notna() | rows["relief_high_hours"].notna()].reset_index(drop=True)


def unplotted_evidence(dataset: Dataset, claim_ids: Iterable[str]) -> pd.DataFrame:
    """Findings for the claims that state no duration: listed, not plotted."""
    rows = claim_evidence(dataset, claim_ids)
    if rows.empty:
        return rows
    return rows[rows["relief_low_hours"].isna() & rows["relief_high_hours"].isna()].reset_index(drop=True)


def studies_table(rows: pd.DataFrame, unit: str = "auto") -> pd.DataFrame:
    """Findings as a person reads them, with their publication, a link and the secondary ones marked."""
    records = []
    for row in rows.itertuples(index=False):
        records.append({
            "Study": short_citation(row),
            "Design": DESIGNS.get(row.design, row.design),
            "n": "" if pd.isna(row.n) else f"{int(row.n):,}",
            "Who": POPULATIONS.get(row.population, row.population)
            + (" (indirect: never judges a claim)" if row.population == "healthy_volunteers"
               or row.pain_context == "experimental" else ""),
            "Route": ROUTES.get(row.route, row.route),
            "Finding": row.finding,
            "Stated duration": hours_text(row, unit),
            "Certainty": CERTAINTY[row.certainty],
            "Status": ("⚠️ " if row.status == "SECONDARY" else "") + STATUSES[row.status],
            "Link": best_link(row),
            "Id": row.evidence_id,
        })
    return pd.DataFrame.from_records(records, columns=["Study", "Design", "n", "Who", "Route", "Finding",
                                                       "Stated duration", "Certainty", "Status", "Link", "Id"])


def filter_evidence(dataset: Dataset, routes: Iterable[str] | None = None, designs: Iterable[str] | None = None,
                    certainties: Iterable[str] | None = None, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The findings (``rows``, all by default) of the chosen routes, designs and certainties."""
    ev = dataset.evidence if rows is None else rows
    keep = pd.Series(True, index=ev.index)
    for column, chosen in (("route", routes), ("design", designs), ("certainty", certainties)):
        if chosen is not None:
            keep &= ev[column].isin(list(chosen))
    return ev[keep].reset_index(drop=True)


def reviews(dataset: Dataset) -> list[dict]:
    """Systematic reviews and meta-analyses, newest first (the highest level of evidence in the table), each
    publication once with its findings' certainty."""
    rows = dataset.evidence[dataset.evidence["design"] == "meta_analysis"]
    years = pd.to_numeric(rows["year"], errors="coerce")
    rows = rows.assign(_year=years).sort_values("_year", ascending=False, kind="stable")
    out = []
    for study_id, group in rows.groupby("study_id", sort=False):
        first = group.iloc[0]
        certainties = [CERTAINTY[c] for c in dict.fromkeys(group["certainty"])]
        out.append({"study_id": study_id, "citation": short_citation(first), "link": best_link(first),
                    "n": "" if pd.isna(first["n"]) else f"{int(first['n']):,}", "certainty": " / ".join(certainties),
                    "findings": " ".join(group["finding"]), "status": first["status"]})
    return out


SUMMARY_COLUMNS = ["Claim", "Claim says", "What studies found", "Publications / participants", "Lower end",
                   "Upper end", "Evidence", "claim_id"]


def _end_cell(row) -> str:
    text = judgement.end_text(row)
    return text + (f" ({', '.join(row.evidence_ids)})" if row.evidence_ids and not row.override else "")


def summary_of_findings(dataset: Dataset, routes: Iterable[str] | None = None,
                        designs: Iterable[str] | None = None,
                        certainties: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per claim: what the claim says | what studies found | publications / participants | each end's
    verdict by the rules (a reviewer's override shown as one).

    Filters: ``routes`` keeps claims of those routes or with a matched finding of those routes; ``certainties``
    (either end's; a claim with nothing judged always passes) and ``designs`` (a matched finding of those designs).
    Participants are those of the findings that decide an end, counted once per cohort, patients and volunteers
    apart; reviews are counted apart and never added.
    """
    if dataset.evidence is None:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    article = plotted_ranges(dataset.claims, dataset.lexicon).set_index("claim_id")
    reviewed = {} if dataset.verdicts is None else {v.claim_id: v for v in dataset.verdicts.itertuples(index=False)}
    records = []
    for claim in dataset.claims.itertuples(index=False):
        judged = _judged_of(dataset, claim.claim_id)
        ends = {r.end: r for r in judged.itertuples(index=False)}
        matched = _evidence_of(dataset, _matched_ids(dataset, claim.claim_id))
        deciding = _evidence_of(dataset, judgement.deciding_ids(judged))
        if routes is not None and claim.route not in set(routes) and not matched["route"].isin(list(routes)).any():
            continue
        judged_certainties = {r.certainty for r in ends.values() if r.certainty}
        if certainties is not None and judged_certainties and not judged_certainties & set(certainties):
            continue
        if designs is not None and not matched["design"].isin(list(designs)).any():
            continue
        review = reviewed.get(claim.claim_id)
        secondary = int((deciding.drop_duplicates("study_id")["status"] == "SECONDARY").sum()) \
            if "status" in deciding else 0
        counted = (participants(deciding) + (f"; {secondary} seen second-hand" if secondary else "")
                   if not deciding.empty else "no finding decides an end")
        records.append({
            "Claim": claim_name(claim.label, claim.route),
            "Claim says": claimed_text(article.loc[claim.claim_id]),
            "What studies found": review.finding if review is not None else (
                f"{publications_and_cohorts(matched)} matched by route, regimen and pain context; no reviewer "
                "has summarised them" if not matched.empty else "No finding in the table speaks to this claim."),
            "Publications / participants": counted,
            "Lower end": _end_cell(ends["lower"]),
            "Upper end": _end_cell(ends["upper"]),
            "Evidence": publications_and_cohorts(matched) + " matched" if not matched.empty else "none matched",
            "claim_id": claim.claim_id,
        })
    return pd.DataFrame.from_records(records, columns=SUMMARY_COLUMNS)


def claim_name(label: str, route: str) -> str:
    """A claim as the summary names it: its label, and its route after a '·' unless the label says it already
    ("Lozenge", not "Lozenge · Lozenge"; "My nasal spray · Intranasal spray")."""
    name = ROUTES.get(route, route)
    said = re.sub(r"\s*\([^)]*\)", "", name).casefold()  # "All routes (summary)": "all routes"
    return label if said and said in label.casefold() else f"{label} · {name}"


def derivations(dataset: Dataset, claim_ids: Iterable[str] | None = None) -> list[dict]:
    """For each claim, each end's derivation in words and the reviewers' reason: what a reader checks."""
    out = []
    for claim in dataset.claims.itertuples(index=False):
        if claim_ids is not None and claim.claim_id not in set(claim_ids):
            continue
        ends = []
        for r in _judged_of(dataset, claim.claim_id).itertuples(index=False):
            ends.append({"end": ENDS[r.end], "verdict": judgement.end_text(r), "derivation": r.derivation,
                         "reason": r.reason, "override": r.override})
        out.append({"claim_id": claim.claim_id, "label": claim.label, "ends": ends})
    return out


def search_summary(dataset: Dataset) -> list[dict]:
    """The literature search in plain words, one entry per route, in route order: ``route`` (its label),
    ``summary`` (counts over its queries and the studies included) and ``queries`` (one sentence per query run)."""
    log = dataset.search_log
    if log is None or log.empty:
        return []
    cite = {}
    if dataset.evidence is not None:
        cite = {r.study_id: short_citation(r) for r in dataset.evidence.drop_duplicates("study_id").itertuples()}
    out = []
    for route in [r for r in ROUTES if r in set(log["route"])]:
        rows = log[log["route"] == route]
        queries = []
        for r in rows.itertuples(index=False):
            included = ", ".join(cite.get(i, i) for i in r.included_studies)
            line = (f"{r.searched}, {r.database}: “{r.query}” gave {r.hits:,} hit{'s' if r.hits != 1 else ''}; "
                    f"{r.screened:,} screened, {r.included:,} included" + (f" ({included})" if included else ""))
            if r.excluded_reasons.strip():
                line += f"; excluded: {r.excluded_reasons.strip()}"
            queries.append(line + ".")
        studies = list(dict.fromkeys(i for ids in rows["included_studies"] for i in ids))
        count = len(rows)
        summary = (f"{count} quer{'ies' if count != 1 else 'y'} from {rows['searched'].min()} to "
                   f"{rows['searched'].max()}: {int(rows['hits'].sum()):,} hits, {int(rows['screened'].sum()):,} "
                   f"screened, {int(rows['included'].sum()):,} included"
                   + (f" ({', '.join(cite.get(i, i) for i in studies)})" if studies else "") + ".")
        if rows["searched"].min() == rows["searched"].max():
            summary = summary.replace(f"from {rows['searched'].min()} to {rows['searched'].max()}",
                                      f"on {rows['searched'].min()}")
        out.append({"route": ROUTES[route], "summary": summary, "queries": queries})
    return out


def corrections_for(dataset: Dataset, target_kind: str, target_id: str) -> list[dict]:
    """The sourced notes on where the article goes wrong about one row, with their sources."""
    if dataset.corrections is None or dataset.evidence is None:
        return []
    def build() -> dict:
        index: dict = {}
        for c in dataset.corrections.itertuples(index=False):
            cited = _evidence_of(dataset, c.evidence_ids)
            index.setdefault((c.target_kind, c.target_id), []).append(
                {"title": c.title, "text": c.text,
                 "sources": [(r.evidence_id, short_citation(r), best_link(r), r.status)
                             for r in cited.itertuples(index=False)]})
        return index

    return dataset.memo.once("corrections", build).get((target_kind, target_id), [])


def evidence_linked(dataset: Dataset, column: str, target_id: str) -> pd.DataFrame:
    """Evidence rows whose ``column`` ('factors' or 'mechanisms') lists ``target_id``."""
    if dataset.evidence is None:
        return pd.DataFrame()
    ev = dataset.evidence
    return ev[ev[column].map(lambda ids: target_id in ids)].reset_index(drop=True)
