"""Command line: ``python -m relief check PATH [PATH ...] [--json]``.

Checks data folders (or single data files) with the same validation path the
app uses, prints one line per problem as ``file:row:column: message`` and
exits 0 when everything is valid, 1 when not. It never prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .dataset import DATA_FILES, LoadResult, build_dataset, load_folder, read_paths
from .problems import Problem

CROSS_CHECKS = (
    ("claims.csv", "lexicon.csv", "phrase-in-lexicon and range-order checks"),
    ("claims.csv", "article.txt", "quote and section checks"),
    ("factors.csv", "article.txt", "quote and section checks"),
    ("evidence.csv", "studies.csv", "study-id and population checks"),
    ("studies.csv", "evidence.csv", "every-publication-cited check"),
    ("verdicts.csv", "claims.csv", "claim, route and range-end checks"),
    ("verdicts.csv", "evidence.csv", "evidence-id, route and verified-study checks"),
    ("verdict_exclusions.csv", "verdicts.csv", "verdict-id checks"),
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


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m relief", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate data folders or single data files")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--json", action="store_true", help="print a JSON report instead of lines")
    args = parser.parse_args(argv)

    reports = []
    files = [p for p in args.paths if not p.is_dir()]
    for folder in [p for p in args.paths if p.is_dir()]:
        result, skipped = check_folder(folder)
        reports.append((str(folder), [_where(folder, p) for p in result.problems], skipped))
    missing = [p for p in files if not p.exists()]
    present = [p for p in files if p.exists()]
    if missing:
        reports.append(("(missing)", [Problem(str(p), None, None, "no such file or folder") for p in missing], []))
    if present:
        result, skipped = check_files(present)
        by_name = {p.name: p.parent for p in present}
        reports.append(("files", [_where(by_name.get(p.file), p) for p in result.problems], skipped))

    errors = sum(1 for _, problems, _ in reports for p in problems if p.is_error)
    warnings = sum(1 for _, problems, _ in reports for p in problems if not p.is_error)
    if args.json:
        print(json.dumps({"valid": errors == 0, "errors": errors, "warnings": warnings,
                          "checked": [{"path": path, "problems": [p.to_dict() for p in problems],
                                       "skipped_checks": skipped} for path, problems, skipped in reports]},
                         indent=2, ensure_ascii=False))
    else:
        for _, problems, skipped in reports:
            for problem in problems:
                print(problem)
            for note in skipped:
                print(f"note: skipped {note}")
        state = "valid" if errors == 0 else "not valid"
        print(f"{state}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 0 if errors == 0 else 1


def main(argv: list[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except Exception as exc:  # never a traceback for a user
        print(f"relief check: could not complete the check: {exc}", file=sys.stderr)
        return 1
