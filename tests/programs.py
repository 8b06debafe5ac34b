"""The programs the tests run (tests/programs.txt), and a clear failure when one is missing.

A test that runs a program asks for it here: ``require("pdftoppm")`` gives its path, or fails the test with
"pdftoppm is missing: run `make test`, which installs the Debian package poppler-utils" instead of a
``FileNotFoundError`` deep inside ``subprocess``. A missing program is never a skip: `make test` installs it.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "programs.txt"
VENV_BIN = Path(sys.executable).parent  # pip-installed programs live beside the interpreter
SBIN = (Path("/usr/sbin"), Path("/sbin"))  # nginx lives here, often not on a non-root PATH


@dataclass(frozen=True)
class Program:
    name: str  # a command, or a file path (absolute, or relative to the repository)
    source: str  # "apt:<Debian package>", "pip:<PyPI package>" or "npm:<npm package>"
    used_by: str

    @property
    def how(self) -> str:
        kind, _, package = self.source.partition(":")
        return {"apt": f"the Debian package {package}",
                "pip": f"the Python package {package} into .venv (requirements-dev.txt)",
                "npm": f"the npm package {package} into tests/e2e/node_modules (npm ci)"}[kind]

    @property
    def is_file(self) -> bool:
        return "/" in self.name


def programs(table: Path = TABLE) -> dict[str, Program]:
    rows = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, source, used_by = line.split(None, 2)
            rows[name] = Program(name, source, used_by.strip())
    return rows


def find(program: Program) -> str | None:
    """Where the program is, or None."""
    if program.is_file:
        path = Path(program.name) if program.name.startswith("/") else ROOT / program.name
        return str(path) if path.exists() else None
    if program.source.startswith("pip:") and (VENV_BIN / program.name).exists():
        return str(VENV_BIN / program.name)
    if program.name == "chromium" and os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"] if Path(os.environ["CHROMIUM"]).exists() else None
    found = shutil.which(program.name)
    if found:
        return found
    return next((str(d / program.name) for d in SBIN if (d / program.name).exists()), None)


def missing_message(program: Program) -> str:
    return f"{program.name} is missing: run `make test`, which installs {program.how} (used by: {program.used_by})"


def require(name: str, table: Path = TABLE) -> str:
    """The path of a program (or file) the test needs; fails the test with what installs it when it is missing."""
    known = programs(table)
    if name not in known:
        raise KeyError(f"{name} is not in {table.relative_to(ROOT) if table.is_relative_to(ROOT) else table}: "
                       "add a row saying where it comes from, and make test will install it")
    found = find(known[name])
    if found is None:
        pytest.fail(missing_message(known[name]), pytrace=False)
    return found
