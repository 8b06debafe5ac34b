"""Published evidence beside the article: pure tables for charts, pages and talks.

The article's claims stay exactly as stated; evidence is looked up beside them
through ``verdicts.csv`` (which evidence rows judge which claim) and never
blended into the article's bars.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .dataset import Dataset
from .durations import format_band, format_hours
from .ranges import claimed_text, plotted_ranges
from .vocabulary import CERTAINTY, DESIGNS, EVIDENCE_ROUTES, STATUSES, VERDICTS

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
    """'Sigtermans 2009' from 'Sigtermans MJ et al. …' and the year (the title when no author is given)."""
    first = str(row.study).split(" et al.")[0].split(",")[0].split(".")[0].strip()
    name = first.split()[0] if first and first[0].isupper() and " " in first else first
    if len(name) > 40:
        name = name[:39] + "…"
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


def participants(rows: pd.DataFrame) -> str:
    """'≥ 331' when some row's n is unknown; counted per publication, so a trial reported twice counts twice."""
    known = rows["n"].dropna()
    total = int(known.sum()) if len(known) else 0
    return f"≥ {total:,}" if len(known) < len(rows) else f"{total:,}"


def _evidence_of(dataset: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    """The evidence rows with these ids, in this order (unknown ids skipped)."""
    positions = dataset.memo.get("evidence_positions")
    if positions is None:
        positions = dataset.memo["evidence_positions"] = {e: i for i, e in enumerate(dataset.evidence["evidence_id"])}
    return dataset.evidence.iloc[[positions[i] for i in ids if i in positions]].reset_index(drop=True)


def claim_evidence(dataset: Dataset, claim_ids: Iterable[str]) -> pd.DataFrame:
    """Every (claim, evidence row) pair the verdicts cite, for the given claims, in verdict order."""
    columns = ["claim_id", "verdict_id", *(dataset.evidence.columns if dataset.evidence is not None else [])]
    if dataset.verdicts is None or dataset.evidence is None:
        return pd.DataFrame(columns=columns)
    wanted = list(claim_ids)
    frames = []
    for verdict in dataset.verdicts.itertuples(index=False):
        if verdict.claim_id in wanted:
            rows = _evidence_of(dataset, verdict.evidence_ids)
            frames.append(rows.assign(claim_id=verdict.claim_id, verdict_id=verdict.verdict_id))
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True).drop_duplicates(["claim_id", "evidence_id"])
    order = {c: i for i, c in enumerate(wanted)}
    out = out.sort_values("claim_id", key=lambda s: s.map(order), kind="stable")
    return out[columns].reset_index(drop=True)


def plotted_evidence(dataset: Dataset, claim_ids: Iterable[str]) -> pd.DataFrame:
    """The evidence rows with a stated duration, beside the claims they judge: exactly what a chart draws."""
    rows = claim_evidence(dataset, claim_ids)
    if rows.empty:
        return rows
    return rows[rows["relief_low_hours"].notna() | rows["relief_high_hours"].notna()].reset_index(drop=True)


def unplotted_evidence(dataset: Dataset, claim_ids: Iterable[str]) -> pd.DataFrame:
    """Evidence rows for the claims that state no duration: listed, not plotted."""
    rows = claim_evidence(dataset, claim_ids)
    if rows.empty:
        return rows
    return rows[rows["relief_low_hours"].isna() & rows["relief_high_hours"].isna()].reset_index(drop=True)


def studies_table(rows: pd.DataFrame, unit: str = "auto") -> pd.DataFrame:
    """Evidence rows as a person reads them, with a link and the secondary ones marked."""
    records = []
    for row in rows.itertuples(index=False):
        records.append({
            "Study": short_citation(row),
            "Design": DESIGNS.get(row.design, row.design),
            "n": "" if pd.isna(row.n) else f"{int(row.n):,}",
            "Route": EVIDENCE_ROUTES.get(row.route, row.route),
            "Finding": row.finding,
            "Stated duration": hours_text(row, unit),
            "Certainty": CERTAINTY[row.certainty],
            "Status": ("⚠️ " if row.status == "SECONDARY" else "") + STATUSES[row.status],
            "Link": best_link(row),
            "Id": row.evidence_id,
        })
    return pd.DataFrame.from_records(records, columns=["Study", "Design", "n", "Route", "Finding", "Stated duration",
                                                       "Certainty", "Status", "Link", "Id"])


def filter_evidence(dataset: Dataset, routes: Iterable[str] | None = None, designs: Iterable[str] | None = None,
                    certainties: Iterable[str] | None = None) -> pd.DataFrame:
    ev = dataset.evidence
    keep = pd.Series(True, index=ev.index)
    for column, chosen in (("route", routes), ("design", designs), ("certainty", certainties)):
        if chosen is not None:
            keep &= ev[column].isin(list(chosen))
    return ev[keep].reset_index(drop=True)


def summary_of_findings(dataset: Dataset, routes: Iterable[str] | None = None,
                        designs: Iterable[str] | None = None,
                        certainties: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per verdict: article claim | what studies found | studies / participants | certainty | verdict.

    Filters: ``routes`` (evidence routes) and ``certainties`` select verdicts;
    ``designs`` keeps verdicts citing at least one study of those designs.
    """
    claims = dataset.claims.set_index("claim_id")
    article = plotted_ranges(dataset.claims, dataset.lexicon).set_index("claim_id")
    records = []
    for v in dataset.verdicts.itertuples(index=False):
        cited = _evidence_of(dataset, v.evidence_ids)
        if routes is not None and v.evidence_route not in set(routes):
            continue
        if certainties is not None and v.certainty not in set(certainties):
            continue
        if designs is not None and not cited["design"].isin(list(designs)).any():
            continue
        secondary = int((cited["status"] == "SECONDARY").sum())
        records.append({
            "Route": f"{claims.loc[v.claim_id, 'label']} · {EVIDENCE_ROUTES[v.evidence_route]}",
            "Article claim": claimed_text(article.loc[v.claim_id]),
            "What studies found": v.finding,
            "Studies / participants": f"{len(cited)} / {participants(cited)}"
                                      + (f" ({secondary} secondary)" if secondary else ""),
            "Certainty": CERTAINTY[v.certainty],
            "Verdict": VERDICTS[v.verdict],
            "Evidence": ", ".join(v.evidence_ids),
            "verdict_id": v.verdict_id,
        })
    return pd.DataFrame.from_records(records, columns=["Route", "Article claim", "What studies found",
                                                       "Studies / participants", "Certainty", "Verdict",
                                                       "Evidence", "verdict_id"])


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
