"""The bundled published evidence applies to every source without copying files; a source's own studies are added
to it, never swapped for it, and ids stay unique (relief/dataset.with_bundled_evidence)."""

from __future__ import annotations

import csv
import io
import shutil

from relief import evidence
from relief.dataset import BUNDLED, load_folder
from relief.intake import load_uploads

EXAMPLE = BUNDLED / "examples" / "example_guideline"


def bundled_count(name: str) -> int:
    with (BUNDLED / name).open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_a_folder_without_evidence_gets_the_bundled_evidence_and_verdicts():
    data = load_folder(EXAMPLE).dataset
    assert len(data.evidence) == bundled_count("evidence.csv") and len(data.studies) == bundled_count("studies.csv")
    judged = evidence.verdicts(data)
    assert set(judged["claim_id"]) == set(data.claims["claim_id"])
    assert (judged["label"] != "").any()  # its claims are judged by the same rules
    assert data.verdicts is None  # no reviewers' words come with it: the article's speak of the article's claims


def own_rows(folder, study_id="mine2026", evidence_id="KET-901"):
    (folder / "studies.csv").write_text(
        "study_id,citation,year,design,n,population,cohort,pmid,doi,url,status,rechecked\n"
        f"{study_id},Mine A. A trial of my own (J Test 2026),2026,rct,40,patients,{study_id},,,"
        "https://example.org/mine,VERIFIED,true\n", encoding="utf-8")
    (folder / "evidence.csv").write_text(
        "evidence_id,study_id,route,regimen,pain_context,finding,relief_low_hours,relief_high_hours,hours_kind,"
        "excerpt,certainty,factors,mechanisms\n"
        f"{evidence_id},{study_id},iv,single,acute,\"In 40 patients relief lasted 8 hours.\",8,8,measured,"
        "relief lasted 8 hours,low,,\n", encoding="utf-8")


def test_a_folder_s_own_studies_are_added_to_the_bundled_ones(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(EXAMPLE, folder)
    own_rows(folder)
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.problems]
    data = result.dataset
    assert len(data.evidence) == bundled_count("evidence.csv") + 1
    assert "KET-901" in set(data.evidence["evidence_id"]) and "KET-001" in set(data.evidence["evidence_id"])
    assert "KET-901" in set(evidence.claim_evidence(data, ["example_iv"])["evidence_id"])


def test_an_id_already_used_by_the_bundled_evidence_is_refused_at_its_row(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(EXAMPLE, folder)
    own_rows(folder, study_id="miller2015", evidence_id="KET-001")
    found = {(p.file, p.row, p.column) for p in load_folder(folder).errors}
    assert ("studies.csv", 2, "study_id") in found and ("evidence.csv", 2, "evidence_id") in found


def test_a_folder_that_copied_the_bundled_files_still_works(tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(BUNDLED, folder, ignore=shutil.ignore_patterns("examples", "sources"))
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    assert len(result.dataset.evidence) == bundled_count("evidence.csv")


def test_an_upload_gets_the_bundled_evidence():
    files = {name: (EXAMPLE / name).read_bytes() for name in ("article.txt", "article.meta.json", "claims.csv",
                                                               "lexicon.csv")}
    result = load_uploads([(n, len(b), lambda b=b: b) for n, b in files.items()])
    assert result.ok and len(result.dataset.evidence) == bundled_count("evidence.csv")


def test_a_semicolon_file_of_its_own_keeps_its_rows_and_gets_the_bundled_ones(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(EXAMPLE, folder)
    own_rows(folder)
    for name in ("studies.csv", "evidence.csv"):
        rows = list(csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8"))))
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
        (folder / name).write_text(out.getvalue(), encoding="utf-8")
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    assert len(result.dataset.evidence) == bundled_count("evidence.csv") + 1
