"""``python -m relief check``: one line per problem, exit 0 or 1, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

from relief.cli import main
from relief.dataset import BUNDLED

EXAMPLES = BUNDLED / "examples"


def run(capsys, *args):
    code = main(["check", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_bundled_and_example_folders_are_valid(capsys):
    code, lines, err = run(capsys, BUNDLED, EXAMPLES / "example_guideline")
    assert code == 0 and lines == []
    assert "valid: 0 errors, 0 warnings" in err


def test_broken_folder_lists_every_problem_with_file_row_and_column(capsys):
    code, lines, _ = run(capsys, EXAMPLES / "broken")
    folder = EXAMPLES / "broken"
    assert code == 1
    expected = [
        f"{folder}/lexicon.csv:3:central_hours: readings out of order",
        f"{folder}/lexicon.csv:4:generous_hours: reading must be a finite number",
        f"{folder}/claims.csv:2:high_phrase: phrase not in the lexicon",
        f"{folder}/claims.csv:3:claim_id: duplicate claim_id",
        f"{folder}/claims.csv:3:kind: kind must be one of",
        f"{folder}/claims.csv:3:quote: quote not found verbatim",
        f"{folder}/claims.csv:3:route: route must be one of",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), start


def test_json_report(capsys):
    code = main(["check", "--json", str(EXAMPLES / "broken")])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["valid"] is False and report["errors"] == len(report["checked"][0]["problems"])
    first = report["checked"][0]["problems"][0]
    assert set(first) == {"file", "row", "column", "message", "severity"}


def test_single_file_says_which_checks_were_skipped(capsys):
    code, lines, _ = run(capsys, BUNDLED / "claims.csv")
    assert code == 0
    assert "note: skipped quote and section checks for claims.csv (no article.txt given)" in lines
    code, lines, _ = run(capsys, BUNDLED / "claims.csv", BUNDLED / "lexicon.csv")
    assert not any("lexicon" in line for line in lines)


def test_missing_and_unknown_paths(capsys, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    code, lines, _ = run(capsys, tmp_path / "nowhere", other)
    assert code == 1
    assert lines[0] == f"{tmp_path / 'nowhere'}:-:-: no such file or folder"
    assert lines[1].startswith(f"{other}:-:-: not a data file name")


def test_random_bytes_file(capsys, tmp_path):
    bad = tmp_path / "claims.csv"
    bad.write_bytes(bytes(range(256)) * 10)
    code, lines, _ = run(capsys, bad)
    assert code == 1 and lines[0].startswith(f"{bad}:-:-: not")


def test_module_entry_point_and_usage_error():
    ok = subprocess.run([sys.executable, "-m", "relief", "check", str(BUNDLED)], capture_output=True, text=True)
    assert ok.returncode == 0
    usage = subprocess.run([sys.executable, "-m", "relief"], capture_output=True, text=True)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr and "usage:" in usage.stderr


def test_json_is_printed_for_a_usage_error_too(capsys):
    assert main(["check", "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and "required: PATH" in report["checked"][0]["problems"][0]["message"]


def test_plurals_agree(capsys, tmp_path):
    bad = tmp_path / "lexicon.csv"
    bad.write_text("phrase,conservative_hours,central_hours,generous_hours,rationale\na few hours,2,3,4\n")
    code, _, err = run(capsys, bad)
    assert code == 1 and err == "not valid: 1 error, 0 warnings\n"
