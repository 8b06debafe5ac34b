"""Docs that tests keep honest: the README names every module and every page the app has."""

from __future__ import annotations

import re
from pathlib import Path

from relief import pages as registry

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_describes_every_relief_module():
    modules = {p.stem for p in (ROOT / "relief").glob("*.py")} - {"__init__", "__main__"}
    glue = {p.stem for p in (ROOT / "relief" / "ui").glob("*.py")} - {"__init__"}
    layout = README[README.index("## How the code is laid out"):]
    described = set(re.findall(r"`(\w+)`", layout))
    assert modules - described == set(), "add these relief modules to 'How the code is laid out'"
    assert glue - described == set(), "add these relief/ui modules to 'How the code is laid out'"
    assert "relief/ui/" in layout


def test_readme_page_table_matches_the_router():
    pages = [(page.title, page.icon) for page in registry.PAGES]  # what app.py's menu shows, in its order
    assert len(pages) == len(list((ROOT / "pages").glob("*.py")))
    table = README[README.index("## What you see"):README.index("**How a bar is built.**")]
    rows = re.findall(r"^\| (\S+) ([^|]+?) \|", table, flags=re.M)  # the header row has no icon
    assert [(title, icon) for icon, title in rows] == pages


def test_readme_names_every_bundled_data_file():
    files = {p.name for p in (ROOT / "data").iterdir() if p.is_file() and p.name != "README.md"}
    section = README[README.index("## The data"):README.index("## Hosting")]
    assert {f for f in files if f"`{f}`" not in section} == set()


def test_readme_has_exactly_the_two_set_up_commands():
    block = README[README.index("## Set up"):].split("```")[1]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()[1:]] == ["make run", "make test"]


def test_readme_counts_of_the_evidence_match_the_bundled_data():
    """The README said '45 studies' long after the table had grown to 58 findings of 53 publications."""
    import csv

    def rows(name: str) -> int:
        with (ROOT / "data" / name).open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))

    said = re.findall(r"(\d+) findings of (\d+) publications", README)
    assert said, "the README no longer says how many findings and publications the evidence has"
    assert {(int(f), int(p)) for f, p in said} == {(rows("evidence.csv"), rows("studies.csv"))}
    assert not re.search(r"\b\d+ studies\b", README), "say findings and publications, counted from the data"


def test_what_the_app_cites_can_be_opened_from_the_repository():
    """The pages, the data and the package cite files in this repository only: the audits are recorded in our own
    words in docs/audits.md, never cited by a path outside it."""
    outside = re.compile(r"\bshared/(evidence|source|sources)/")
    files = [path for folder in ("data", "relief", "pages") for path in (ROOT / folder).rglob("*")]
    cited = [str(path.relative_to(ROOT)) for path in files
             if path.suffix in {".py", ".md", ".json", ".csv", ".txt"} and path.is_file()
             and outside.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert cited == [], "cite docs/audits.md (or a file in the repository), not the team's shared folder"
    audits = (ROOT / "docs" / "audits.md").read_text(encoding="utf-8")
    for date in ("2026-11-25", "2026-11-30", "2026-12-04"):
        assert f"## {date}" in audits
    for heading in ("**What it checked.**", "**What it found.**", "**What changed.**", "**Where we disagreed.**"):
        assert audits.count(heading) == 2, heading
