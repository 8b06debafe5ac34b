"""Command line: ``python -m relief check PATH [PATH ...] [--json]``.

Checks data folders, zips of them (read exactly as an upload is) or single
data files with the same validation path the app uses, prints one line per
problem as ``file:row:column: message`` and exits 0 when everything is valid,
1 when not. It never prints a traceback; with ``--json`` it always prints JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
from pathlib import Path

from .dataset import DATA_FILES, LoadResult, build_dataset, load_folder, read_paths
from .intake import load_uploads
from .notices import plural
from .problems import Problem

CROSS_CHECKS = (
    ("claims.csv", "lexicon.csv", "phrase-in-lexicon and range-order checks"),
    ("claims.csv", "article.txt", "quote and section checks"),
    ("factors.csv", "article.txt", "quote and section checks"),
    ("evidence.csv", "studies.csv", "study-id and population checks"),
    ("studies.csv", "evidence.csv", "every-publication-cited check"),
    ("verdicts.csv", "claims.csv", "claim and range-end checks"),
    ("verdicts.csv", "evidence.csv", "evidence-id and quoted-override checks"),
    ("search_log.csv", "studies.csv", "included-study checks"),
    ("article.meta.json", "article.txt", "fingerprint check"),
)


def check_folder(folder: Path) -> tuple[LoadResult, list[str]]:
    return load_folder(folder), []


def check_files(paths: list[Path]) -> tuple[LoadResult, list[str]]:
    """Single files checked together, as far as they allow; says which cross-file checks were skipped."""
    problems: list[Problem] = []
    named: dict[str, Path] = {}
    for path in paths:
        if path.name not in DATA_FILES:
            problems.append(Problem(str(path), None, None, "not a data file name (expected one of: "
                                                           + ", ".join(DATA_FILES) + "); not read"))
        else:
            named[path.name] = path
    files, found = read_paths(named)
    result = build_dataset(files, origin="files", require_all=False)
    skipped = sorted({f"{what} for {file} (no {needs} given)" for file, needs, what in CROSS_CHECKS
                      if file in named and needs not in named})
    return LoadResult(result.dataset, problems + found + result.problems), skipped


def _where(base: Path | None, problem: Problem) -> Problem:
    """The problem with its file as a path the user can open."""
    if base is None or Path(problem.file).is_absolute() or problem.file.startswith(str(base)):
        return problem
    return Problem(str(base / problem.file), problem.row, problem.column, problem.message, problem.severity)


def check_zip(path: Path) -> tuple[LoadResult, list[str]]:
    """A zip checked exactly as the upload page checks it."""
    return load_uploads([(path.name, path.stat().st_size, path.read_bytes)]), []


def _reports(paths: list[Path]) -> list[tuple[str, list[Problem], list[str]]]:
    reports = []
    files = [p for p in paths if not p.is_dir() and p.suffix.lower() != ".zip"]
    for path in [p for p in paths if p.is_dir() or (p.suffix.lower() == ".zip" and p.is_file())]:
        try:
            if path.is_dir():
                result, skipped = check_folder(path)
                reports.append((str(path), [_where(path, p) for p in result.problems], skipped))
            else:
                result, skipped = check_zip(path)
                reports.append((str(path), [_in_zip(path, p) for p in result.problems], skipped))
        except Exception as exc:  # reported, never a traceback
            reports.append((str(path), [_failed(path, exc)], []))
    missing = [p for p in paths if not p.exists()]
    present = [p for p in files if p.exists()]
    if missing:
        reports.append(("(missing)", [Problem(str(p), None, None, "no such file or folder") for p in missing], []))
    if present:
        try:
            result, skipped = check_files(present)
            by_name = {p.name: p.parent for p in present}
            reports.append(("files", [_where(by_name.get(p.file), p) for p in result.problems], skipped))
        except Exception as exc:
            reports.append(("files", [_failed(present[0], exc)], []))
    return reports


def _in_zip(path: Path, problem: Problem) -> Problem:
    """A problem in a zip's file, named inside the zip (``data.zip/claims.csv``)."""
    if problem.file == path.name:
        return Problem(str(path), problem.row, problem.column, problem.message, problem.severity)
    return Problem(f"{path}/{problem.file}", problem.row, problem.column, problem.message, problem.severity)


def _failed(path: Path, exc: Exception) -> Problem:
    return Problem(str(path), None, None, f"could not complete the check ({type(exc).__name__}: {exc})")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` without control characters (escape sequences, carriage returns, bidirectional overrides): a file
    or zip member name cannot move the cursor, recolour or rewrite the terminal. Each becomes a visible ``?``."""
    return _CONTROL.sub("?", str(text))


_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text with the characters ``json.dumps`` leaves raw that a terminal acts on (C1 controls such as the
    one-byte escape U+009B, bidirectional overrides) written as ``\\uXXXX``: the same JSON value, inert on screen."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _print(reports: list[tuple[str, list[Problem], list[str]]], as_json: bool) -> int:
    errors = sum(1 for _, problems, _ in reports for p in problems if p.is_error)
    warnings = sum(1 for _, problems, _ in reports for p in problems if not p.is_error)
    if as_json:
        print(json_safe(json.dumps({"valid": errors == 0, "errors": errors, "warnings": warnings,
                          "checked": [{"path": path, "problems": [p.to_dict() for p in problems],
                                       "skipped_checks": skipped} for path, problems, skipped in reports]},
                         indent=2, ensure_ascii=False)))
    else:
        for _, problems, skipped in reports:
            for problem in problems:
                print(terminal_safe(problem))
            for note in skipped:
                print(terminal_safe(f"note: skipped {note}"))
        state = "valid" if errors == 0 else "not valid"
        print(f"{state}: {plural(errors, 'error')}, {plural(warnings, 'warning')}", file=sys.stderr)
    return 0 if errors == 0 else 1


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m relief", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate data folders, zips of them or single data files")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--json", action="store_true", help="print a JSON report instead of lines")
    args = parser.parse_args(argv)
    return _print(_reports(args.paths), args.json)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if "--json" in argv:
            with contextlib.redirect_stderr(io.StringIO()) as usage:
                try:
                    return run(argv)
                except SystemExit as exc:  # a usage error: still JSON
                    if not exc.code:
                        raise
                    text = usage.getvalue().strip().splitlines()
                    problem = Problem("(command line)", None, None, text[-1] if text else "usage error")
                    return _print([("(command line)", [problem], [])], True) and 2
        return run(argv)
    except Exception as exc:  # never a traceback for a user
        if "--json" in argv:
            problem = Problem("(check)", None, None, f"could not complete the check ({type(exc).__name__}: {exc})")
            return _print([("(check)", [problem], [])], True) or 1
        print(terminal_safe(f"relief check: could not complete the check: {exc}"), file=sys.stderr)
        return 1
