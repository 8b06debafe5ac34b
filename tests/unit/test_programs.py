"""tests/programs.txt lists every program the tests run; make installs each one missing; a test whose program is
missing fails and says what installs it."""

from __future__ import annotations

import json
import re
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

from ..programs import ROOT, programs, require

TESTS = ROOT / "tests"


def test_a_missing_program_fails_the_test_and_says_what_installs_it(tmp_path):
    table = tmp_path / "programs.txt"
    table.write_text("# program  source  used by\n"
                     "no-such-program-3f9  apt:poppler-utils  the print tests\n"
                     "tests/no/such/file.js  npm:axe-core  the accessibility checks\n"
                     "sh  apt:dash  a shell\n")
    with pytest.raises(pytest.fail.Exception) as failed:
        require("no-such-program-3f9", table)
    assert str(failed.value) == ("no-such-program-3f9 is missing: run `make test`, which installs the Debian package "
                                 "poppler-utils (used by: the print tests)")
    with pytest.raises(pytest.fail.Exception, match=r"^tests/no/such/file\.js is missing: .* npm package axe-core "):
        require("tests/no/such/file.js", table)
    assert Path(require("sh", table)).name == "sh"
    with pytest.raises(KeyError, match="add a row"):
        require("ls", table)  # not listed: the list must say where each program comes from


def test_make_installs_the_debian_package_of_each_missing_program_and_only_those(tmp_path):
    make = require("make")
    table = tmp_path / "programs.txt"
    table.write_text("# a comment naming apt:not-this-one\n"
                     "no-such-program-3f9  apt:poppler-utils  print tests\n"
                     "/no/such/font.ttf  apt:fonts-example  screenshots\n"
                     "sh  apt:dash  present: not installed again\n"
                     "no-such-tool-3f9  pip:some-tool  installed with requirements-dev.txt, not by apt\n")
    result = subprocess.run([make, "-s", "-C", str(ROOT), "system-packages", f"PROGRAMS={table}",
                             "APT_GET=echo apt-get"], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["Installing Debian packages: fonts-example poppler-utils",
                                          "apt-get update -qq"]
    table.write_text("sh  apt:dash  present\n")
    nothing = subprocess.run([make, "-s", "-C", str(ROOT), "system-packages", f"PROGRAMS={table}",
                              "APT_GET=echo apt-get"], capture_output=True, text=True, check=True)
    assert nothing.stdout == ""


@pytest.mark.parametrize("name", sorted(programs()))
def test_every_program_the_tests_run_is_installed_here(name):
    assert Path(require(name)).exists()


def test_every_listed_program_comes_from_a_package_make_test_installs():
    pinned = (ROOT / "requirements-dev.txt").read_text() + (ROOT / "requirements.txt").read_text()
    npm = json.loads((TESTS / "e2e" / "package.json").read_text())["devDependencies"]
    for program in programs().values():
        kind, _, package = program.source.partition(":")
        assert kind in {"apt", "pip", "npm"}, program
        if kind == "pip":  # pinned, or (uvicorn) installed with a pinned package
            assert re.search(rf"^{re.escape(package)}==", pinned, re.M), program
            metadata.version(package)
        elif kind == "npm":
            assert package in npm, program


def _test_sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in TESTS.rglob("*.py")
            if "node_modules" not in path.parts and path.name not in {"test_programs.py", "programs.py"}}


def test_every_program_a_test_runs_is_asked_for_by_name_and_listed():
    """A program is run only through ``require`` (never by a bare name that ends in FileNotFoundError, never
    skipped when missing), and every name asked for is in the list make installs from."""
    listed = set(programs())
    asked: set[str] = set()
    for path, text in _test_sources().items():
        where = path.relative_to(ROOT)
        bare = re.findall(r"subprocess\.\w+\(\s*\[\s*[\"']([^\"']+)[\"']", text)
        assert bare == [], f"{where} runs {bare} by name: use require(...) from tests/programs.py"
        assert "shutil.which(" not in text, f"{where}: ask for a program with require(...), never skip without it"
        asked |= set(re.findall(r"require\(\s*[\"']([^\"']+)[\"']", text))
        asked |= {value for name in re.findall(r"require\(\s*([A-Z_]+)\s*\)", text)
                  for value in re.findall(rf"^{name}\s*=\s*[\"']([^\"']+)[\"']", text, re.M)}
    assert {"pdftoppm", "nginx", "chromium", "hadolint"} <= asked  # the scan sees the tests' requests
    assert asked <= listed, asked - listed
