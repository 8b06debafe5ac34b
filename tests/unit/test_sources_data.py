"""The bundled sources beside the article (data/sources/<slug>/): each a valid one-source folder of quoted passages.

Each folder holds only the passages it quotes, with their provenance in article.meta.json, so these tests check
what a reader relies on: the folder passes the same check as any upload, every quote is in its text, the text is
passages and not a whole page, and the metadata says where it came from and what sort of source it is.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from relief.dataset import BUNDLED, load_folder
from relief.problems import errors

SOURCES = BUNDLED / "sources"
FOLDERS = sorted(p for p in SOURCES.iterdir() if p.is_dir()) if SOURCES.is_dir() else []
CATEGORIES = {"blog", "clinic", "guideline", "drug_reference", "fact_sheet", "news", "notes", "explainer", "review",
              "other"}
MAX_TEXT = 8000
"""Characters: a folder holds the passages it quotes, never a whole page."""


def _meta(folder: Path) -> dict:
    return json.loads((folder / "article.meta.json").read_text(encoding="utf-8"))


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _ids(folder: Path) -> str:
    return folder.name


def test_at_least_four_sources_of_at_least_three_categories():
    categories = {_meta(folder).get("category") for folder in FOLDERS}
    assert len(FOLDERS) >= 4, [f.name for f in FOLDERS]
    assert len(categories) >= 3, categories


@pytest.mark.parametrize("folder", FOLDERS, ids=_ids)
def test_folder_passes_the_check_of_any_data_folder(folder):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", folder.name), "slug: lowercase letters, digits and _"
    result = load_folder(folder)
    assert not errors(result.problems), [str(p) for p in result.problems]
    assert [p for p in result.problems if p.severity == "warning"] == []
    assert result.dataset is not None and len(result.dataset.claims) >= 1


@pytest.mark.parametrize("folder", FOLDERS, ids=_ids)
def test_every_quote_is_verbatim_in_the_text_and_every_phrase_in_its_quote(folder):
    text = (folder / "article.txt").read_text(encoding="utf-8")
    files = [folder / "claims.csv"] + ([folder / "claims.pending.csv"] if (folder / "claims.pending.csv").exists()
                                       else [])
    for path in files:
        for row in _rows(path):
            assert row["quote"] in text, (path.name, row["claim_id"])
            assert row["section"] in text, (path.name, row["claim_id"])
            for phrase in (row["low_phrase"], row["high_phrase"]):
                assert phrase.casefold() in row["quote"].casefold(), (path.name, row["claim_id"], phrase)


def test_claims_still_pending_have_the_claims_columns_and_unique_ids():
    """claims.pending.csv is optional (rows waiting for a kind the checker does not know yet)."""
    for pending in sorted(SOURCES.glob("*/claims.pending.csv")):
        folder = pending.parent
        with (folder / "claims.csv").open(encoding="utf-8") as handle:
            header = handle.readline().strip().split(",")
        rows = _rows(pending)
        assert rows and list(rows[0]) == header, folder.name
        ids = [r["claim_id"] for r in _rows(folder / "claims.csv")] + [r["claim_id"] for r in rows]
        assert len(ids) == len(set(ids)), folder.name


@pytest.mark.parametrize("folder", FOLDERS, ids=_ids)
def test_text_is_passages_with_our_lines_marked(folder):
    text = (folder / "article.txt").read_text(encoding="utf-8")
    assert len(text) < MAX_TEXT, f"{len(text)} characters: keep only the passages quoted"
    first = text.splitlines()[0]
    assert first.startswith("[Dashboard note, not the source's words:") and first.endswith("]")
    assert _meta(folder)["url"] in first, "the note names the address the passages were read at"


@pytest.mark.parametrize("folder", FOLDERS, ids=_ids)
def test_metadata_says_where_it_came_from_and_what_it_is(folder):
    meta = _meta(folder)
    for key in ("title", "author", "kind", "publisher", "published", "url", "accessed"):
        assert isinstance(meta.get(key), str) and meta[key].strip(), key
    assert meta["category"] in CATEGORIES
    assert re.fullmatch(r"https?://\S+", meta["url"])
    assert meta["accessed"] == "2026-12-04", "the date the stored copy was read"
    for key in ("peer_reviewed", "cites_studies", "sells_treatment"):
        assert isinstance(meta.get(key), bool), key
    assert meta.get("via") is None or (isinstance(meta["via"], str) and meta["via"].strip())


def test_a_clinic_that_sells_infusions_says_so_and_a_summary_names_its_chain():
    metas = {folder.name: _meta(folder) for folder in FOLDERS}
    clinics = [m for m in metas.values() if m["category"] == "clinic"]
    assert clinics and all(m["sells_treatment"] for m in clinics)
    guideline = metas["asra_guideline_2018"]
    assert guideline["category"] == "guideline" and "MedCentral" in guideline["via"]


def test_every_kind_of_number_is_said_as_what_it_is():
    """Intervals, courses, a dose's action, peaks and onsets are bundled as such, never as relief that lasted."""
    rows = [row for folder in FOLDERS for row in _rows(folder / "claims.csv")]
    kinds = {row["kind"] for row in rows}
    assert {"interval", "course", "action", "peak", "onset", "duration", "upper_bound", "not_stated"} <= kinds
    assert any("second" in row["low_phrase"] or "sec" in row["low_phrase"].split() for row in rows)
    for row in rows:
        phrase, quote = row["low_phrase"], row["quote"].casefold()
        if phrase and f"every {phrase}".casefold() in quote:
            assert row["kind"] == "interval", row["claim_id"]
        if phrase and f"peak {phrase}".casefold() in quote:
            assert row["kind"] == "peak", row["claim_id"]
        if phrase and re.search(rf"onset (?:of \w+ )?(?:is )?{re.escape(phrase.casefold())}", quote):
            assert row["kind"] == "onset", row["claim_id"]
