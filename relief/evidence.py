"""Published evidence beside a source's claims: pure tables for charts, pages and talks.

The claims stay exactly as stated; findings are looked up beside them and never
blended into the claims' bars. A claim with a written verdict (``verdicts.csv``)
gets the findings that verdict cites; any other claim, of any source, gets the
findings whose route, regimen and pain context speak to it
(``vocabulary.speaks_to``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from .dataset import Dataset
from .durations import format_band, format_hours
from .ranges import claimed_text, plotted_ranges
from .vocabulary import CERTAINTY, DESIGNS, ENDS, POPULATIONS, ROUTES, STATUSES, VERDICTS, speaks_to

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/{}/"
DOI = "https://doi.org/{}"


def best_link(row) -> str:
    """PubMed when there is a PMID, else the DOI, else the page where the text was read."""
    if row.pmid:
        return PUBMED.format(row.pmid)
    if row.doi:
        return DOI.format(row.doi)
    return row.url


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
    """Studies and participants of these rows, counted once per cohort (its largest reported n)."""
    cohorts = rows.drop_duplicates("study_id").groupby("cohort")["n"].max()
    known = cohorts.dropna()
    total = int(known.sum()) if len(known) else 0
    return len(cohorts), (f"≥ {total:,}" if len(known) < len(cohorts) else f"{total:,}")


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def _syntheses(rows: pd.DataFrame, after_studies: bool) -> str:
    """'2 reviews (largest: 2,309 patients; may include these studies)': never summed, the largest n shown."""
    reviews = rows.drop_duplicates("study_id")
    kinds = reviews["design"].map(SYNTHESES)
    names = ", ".join(_plural(int(count), kind) for kind, count in kinds.value_counts(sort=False).items())
    sized = reviews.dropna(subset=["n"])
    notes = []
    if len(sized):
        largest = sized.loc[sized["n"].idxmax()]
        notes.append(f"{'largest: ' if len(kinds) > 1 else ''}{int(largest['n']):,} {COUNTED[largest['population']]}")
    if after_studies:
        notes.append("may include these studies")
    return names + (f" ({'; '.join(notes)})" if notes else "")


def participants(rows: pd.DataFrame) -> str:
    """'2 studies / 80 patients; + 1 study / 20 volunteers; + 1 review (8,341 patients; may include these studies)'.

    Publications that report the same participants share a cohort and count as one study; a participant count
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
        text = f"{_plural(studies, 'study')} / {people} {who}"
        parts.append(text if not parts else f"+ {text}")
    if pooled.any():
        text = _syntheses(rows[pooled], after_studies=bool(parts))
        parts.append(text if not parts else f"+ {text}")
    return "; ".join(parts) or "no participants"


def _evidence_of(dataset: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    """The findings with these ids, in this order (unknown ids skipped)."""
    positions = dataset.memo.get("evidence_positions")
    if positions is None:
        positions = dataset.memo["evidence_positions"] = {e: i for i, e in enumerate(dataset.evidence["evidence_id"])}
    return dataset.evidence.iloc[[positions[i] for i in ids if i in positions]].reset_index(drop=True)


def matching_findings(dataset: Dataset, claim) -> pd.DataFrame:
    """The findings that bear on one claim by route, regimen and pain context (studies in people only)."""
    ev = dataset.evidence
    keep = [speaks_to("route", claim.route, f.route) and speaks_to("regimen", claim.regimen, f.regimen)
            and speaks_to("pain_context", claim.pain_context, f.pain_context)
            and f.population in COUNTED for f in ev.itertuples(index=False)]
    return ev[keep].reset_index(drop=True)


def _verdicts_of(dataset: Dataset, claim_id: str) -> list:
    """The written verdicts on one claim (looked up once per dataset: pages ask on every run)."""
    if dataset.verdicts is None:
        return []
    by_claim = dataset.memo.get("verdicts_by_claim")
    if by_claim is None:
        by_claim = {}
        for v in dataset.verdicts.itertuples(index=False):
            by_claim.setdefault(v.claim_id, []).append(v)
        dataset.memo["verdicts_by_claim"] = by_claim
    return by_claim.get(claim_id, [])


def verdict_text(verdict, claim=None) -> str:
    """Both ends in words: 'lower end: overstated, low certainty · upper end: supported, very low certainty'.

    An end left empty is said to be absent (an open end, or no stated range), never judged.
    """
    parts = []
    for end, name in ENDS.items():
        label = getattr(verdict, f"{end}_verdict")
        if label:
            certainty = CERTAINTY[getattr(verdict, f"{end}_certainty")].split(" ", 1)[1]
            parts.append(f"{name}: {VERDICTS[label]}, {certainty} certainty")
        elif end == "upper" and verdict.lower_verdict:
            parts.append(f"{name}: open, not judged")
    return " · ".join(parts) if parts else "no range stated, so nothing to judge"


def claim_verdicts(dataset: Dataset, claim_id: str) -> list[str]:
    """Each written verdict on a claim, both ends, prefixed by its route when the claim has several."""
    said = dataset.memo.setdefault("claim_verdicts", {})
    if claim_id not in said:
        verdicts = _verdicts_of(dataset, claim_id)
        said[claim_id] = [(f"{ROUTES.get(v.route, v.route)}: " if len(verdicts) > 1 else "") + verdict_text(v)
                          for v in verdicts]
    return said[claim_id]


def claim_evidence(dataset: Dataset, claim_ids: Iterable[str]) -> pd.DataFrame:
    """Every (claim, finding) pair for the given claims: the findings a written verdict cites, or else the
    findings that speak to the claim's route, regimen and pain context. ``verdict`` is the claim's verdict in
    words ('' when none is written)."""
    columns = ["claim_id", "verdict_id", "verdict",
               *(dataset.evidence.columns if dataset.evidence is not None else [])]
    if dataset.evidence is None:
        return pd.DataFrame(columns=columns)
    claims = dataset.claims.set_index("claim_id", drop=False)
    frames = []
    for claim_id in dict.fromkeys(claim_ids):
        if claim_id not in claims.index:
            continue
        verdicts = _verdicts_of(dataset, claim_id)
        said = " | ".join(claim_verdicts(dataset, claim_id))
        if verdicts:
            for v in verdicts:
                rows = _evidence_of(dataset, v.evidence_ids)
                frames.append(rows.assign(claim_id=claim_id, verdict_id=v.verdict_id, verdict=said))
        else:
            frames.append(matching_findings(dataset, claims.loc[claim_id]).assign(claim_id=claim_id, verdict_id="",
                                                                                   verdict=""))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True).drop_duplicates(["claim_id", "evidence_id"])
    return out[columns].reset_index(drop=True)


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
            "Who": POPULATIONS.get(row.population, row.population),
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
                    certainties: Iterable[str] | None = None) -> pd.DataFrame:
    ev = dataset.evidence
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


SUMMARY_COLUMNS = ["Route", "Claim", "What studies found", "Studies / participants", "Lower end", "Upper end",
                   "Evidence", "verdict_id"]


def _end_cell(verdict, end: str) -> str:
    label = getattr(verdict, f"{end}_verdict")
    if label:
        return f"{VERDICTS[label]} ({CERTAINTY[getattr(verdict, f'{end}_certainty')]})"
    return "not judged: open end" if end == "upper" and verdict.lower_verdict else "no range stated"


def summary_of_findings(dataset: Dataset, routes: Iterable[str] | None = None,
                        designs: Iterable[str] | None = None,
                        certainties: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per verdict: claim | what studies found | studies / participants | lower end | upper end.

    Filters: ``routes`` (the verdict's route) and ``certainties`` (either end's; a verdict with no end to judge
    always passes) select verdicts; ``designs``
    keeps verdicts citing at least one study of those designs. Participants are counted once per cohort, patients
    and volunteers apart.
    """
    claims = dataset.claims.set_index("claim_id")
    article = plotted_ranges(dataset.claims, dataset.lexicon).set_index("claim_id")
    records = []
    for v in ([] if dataset.verdicts is None else dataset.verdicts.itertuples(index=False)):
        cited = _evidence_of(dataset, v.evidence_ids)
        if routes is not None and v.route not in set(routes):
            continue
        judged = {c for c in (v.lower_certainty, v.upper_certainty) if c}
        if certainties is not None and judged and not judged & set(certainties):
            continue  # a claim with no range to judge has no certainty to filter on
        if designs is not None and not cited["design"].isin(list(designs)).any():
            continue
        secondary = int((cited.drop_duplicates("study_id")["status"] == "SECONDARY").sum())
        records.append({
            "Route": f"{claims.loc[v.claim_id, 'label']} · {ROUTES.get(v.route, v.route)}",
            "Claim": claimed_text(article.loc[v.claim_id]),
            "What studies found": v.finding,
            "Studies / participants": participants(cited) + (f"; {secondary} seen second-hand" if secondary else ""),
            "Lower end": _end_cell(v, "lower"),
            "Upper end": _end_cell(v, "upper"),
            "Evidence": ", ".join(v.evidence_ids),
            "verdict_id": v.verdict_id,
        })
    return pd.DataFrame.from_records(records, columns=SUMMARY_COLUMNS)


def uncited(dataset: Dataset) -> pd.DataFrame:
    """For each verdict, the findings with stated hours for its route (and its claim's regimen, where stated)
    that it does not cite, with the reason given in verdict_exclusions.csv ('' when none is given)."""
    columns = ["verdict_id", "evidence_id", "reason"]
    if dataset.verdicts is None or dataset.evidence is None:
        return pd.DataFrame(columns=columns)
    reasons = {} if dataset.verdict_exclusions is None else {
        (r.verdict_id, r.evidence_id): r.reason for r in dataset.verdict_exclusions.itertuples(index=False)}
    claims = dataset.claims.set_index("claim_id")
    ev = dataset.evidence
    timed = ev[ev["relief_low_hours"].notna() | ev["relief_high_hours"].notna()]
    records = []
    for v in dataset.verdicts.itertuples(index=False):
        regimen = claims.loc[v.claim_id, "regimen"]
        for f in timed.itertuples(index=False):
            if (f.evidence_id not in v.evidence_ids and speaks_to("route", v.route, f.route)
                    and speaks_to("regimen", regimen, f.regimen)):
                records.append({"verdict_id": v.verdict_id, "evidence_id": f.evidence_id,
                                "reason": reasons.get((v.verdict_id, f.evidence_id), "")})
    return pd.DataFrame.from_records(records, columns=columns)


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
    index = dataset.memo.get("corrections")
    if index is None:
        index = {}
        for c in dataset.corrections.itertuples(index=False):
            cited = _evidence_of(dataset, c.evidence_ids)
            index.setdefault((c.target_kind, c.target_id), []).append(
                {"title": c.title, "text": c.text,
                 "sources": [(r.evidence_id, short_citation(r), best_link(r), r.status)
                             for r in cited.itertuples(index=False)]})
        dataset.memo["corrections"] = index
    return index.get((target_kind, target_id), [])


def evidence_linked(dataset: Dataset, column: str, target_id: str) -> pd.DataFrame:
    """Evidence rows whose ``column`` ('factors' or 'mechanisms') lists ``target_id``."""
    if dataset.evidence is None:
        return pd.DataFrame()
    ev = dataset.evidence
    return ev[ev[column].map(lambda ids: target_id in ids)].reset_index(drop=True)
