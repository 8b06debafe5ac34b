"""CONTRIBUTING.md names the one or two places to touch for each kind of change; they must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_the_readme_links_the_guide():
    assert "(CONTRIBUTING.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_it_has_a_section_for_each_kind_of_change():
    sections = re.findall(r"^## (.+)$", GUIDE, flags=re.M)
    assert {"A page", "A route", "A claim kind", "A URL setting", "A source"} <= set(sections)


def test_every_file_it_names_exists():
    named = set(re.findall(r"`((?:relief|pages|tests|data)/[\w./<>-]*?\.(?:py|md|csv|json|txt))(?:::\w+)?`", GUIDE))
    named |= {n for n in re.findall(r"`((?:app|serve)\.py|README\.md)`", GUIDE)}
    assert len(named) >= 10
    concrete = {n for n in named if "<" not in n}
    assert {n for n in concrete if not (ROOT / n).is_file()} == set(), "CONTRIBUTING.md names files that are gone"


def test_every_name_it_points_to_is_defined_where_it_says():
    pointed = re.findall(r"`([\w/]+\.py)::(\w+)`", GUIDE)
    assert len(pointed) >= 8
    missing = []
    for path, name in pointed:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
        defined |= {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign | ast.AnnAssign)
                    for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
        if name not in defined:
            missing.append(f"{path}::{name}")
    assert missing == [], "CONTRIBUTING.md points to names that are gone"


def test_the_page_protocol_it_shows_is_the_one_pages_use():
    assert 'ui.page("<name>"' in GUIDE and "ui.settings(spec, controls)" in GUIDE
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "pages").glob("*.py")}
    assert all(re.search(r"ui\.(page\(|data\(\))", text) for text in pages.values())  # the router check first
    assert not [name for name, text in pages.items() if "ui.bind_view(" in text or "ui.commit_view(" in text]
    for target in re.findall(r"`make (\w+)`", GUIDE):
        assert re.search(rf"^{target}:", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M), target
