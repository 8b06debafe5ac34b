"""The same bytes are checked once per process (``dataset.build_dataset`` keeps its results by content): a changed
byte is checked afresh, a result shaped by an upload's budget (a check stopped, a hint withheld) is never reused,
a check under a budget is never served a kept result, and what a caller gets can be changed without changing what
the next caller gets."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from relief import budget as work
from relief import dataset, schemas
from relief.dataset import BUNDLED, build_dataset, read_folder


@pytest.fixture
def checks(monkeypatch):
    """The files actually checked (not served from the kept results), one entry per check."""
    done: list[str] = []
    real = dataset._build_dataset

    def counting(files, origin, require_all):
        done.append(origin)
        return real(files, origin, require_all)

    monkeypatch.setattr(dataset, "_build_dataset", counting)
    return done


@pytest.fixture
def origin() -> str:
    """An origin no other test uses, so that no result kept by another test is served here."""
    return f"memo-test-{uuid.uuid4().hex}"


def test_the_same_bytes_are_checked_once_and_handed_out_as_fresh_objects(checks, origin):
    files = read_folder(BUNDLED)
    first = build_dataset(files, origin)
    again = build_dataset(dict(read_folder(BUNDLED)), origin)  # other bytes objects, the same bytes
    assert checks == [origin] and first.ok and again.ok
    assert again.problems == first.problems and again.problems is not first.problems
    assert again.dataset is not first.dataset and again.dataset.memo is not first.dataset.memo
    assert (again.dataset.source, again.dataset.meta, again.dataset.origin) == (
        first.dataset.source, first.dataset.meta, first.dataset.origin)
    for name in ("claims", "lexicon", "evidence", "studies", "verdicts", "scenes"):
        assert getattr(again.dataset, name).equals(getattr(first.dataset, name))

    first.dataset.claims.loc[first.dataset.claims.index[0], "label"] = "changed by a caller"
    first.dataset.meta["title"] = "changed by a caller"
    third = build_dataset(files, origin)
    assert checks == [origin]
    assert third.dataset.claims["label"].iloc[0] != "changed by a caller"
    assert third.dataset.meta["title"] != "changed by a caller"


def test_a_changed_byte_origin_or_flag_is_checked_afresh(checks, origin):
    files = read_folder(BUNDLED)
    assert build_dataset(files, origin).ok
    broken = dict(files, **{"claims.csv": files["claims.csv"].replace(b"is generally shorter", b"is generally longer")})
    result = build_dataset(broken, origin)
    assert not result.ok and [(p.file, p.row, p.column) for p in result.errors] == [("claims.csv", 9, "quote")]
    build_dataset(files, origin + "-other")
    build_dataset(files, origin, require_all=False)
    assert len(checks) == 4
    assert build_dataset(files, origin).ok and build_dataset(broken, origin).errors == result.errors
    assert len(checks) == 4  # each was kept: errors as much as a valid result


def test_a_check_stopped_by_its_budget_is_never_kept(checks, origin):
    files = read_folder(BUNDLED)
    with work.limited(work.Budget(stop=lambda: True)) as budget:
        stopped = build_dataset(files, origin)
    assert budget.reason is not None and not stopped.ok
    result = build_dataset(files, origin)
    assert result.ok and result.problems == [] and len(checks) == 2


def test_a_check_under_a_budget_is_never_served_a_kept_result(checks, origin):
    files = read_folder(BUNDLED)
    assert build_dataset(files, origin).ok
    with work.limited(work.Budget(stop=lambda: True)) as budget:
        stopped = build_dataset(files, origin)
    assert budget.reason is not None and not stopped.ok and len(checks) == 2  # the stop still stops it


def many_missing_quotes(files: dict, count: int) -> dict:
    """The bundled claims with ``count`` more rows whose quotes are not in the source."""
    rows = list(csv.reader(io.StringIO(files["claims.csv"].decode("utf-8"))))
    header = rows[0]
    row = next(r for r in rows[1:] if r and not r[0].startswith("#"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    for i in range(count):
        extra = dict(zip(header, row, strict=True))
        extra |= {"claim_id": f"extra_{i}", "label": f"An extra claim {i}", "quote": f"words not in the source {i}"}
        writer.writerow([extra[c] for c in header])
    return dict(files, **{"claims.csv": out.getvalue().encode()})


def test_a_result_whose_hints_were_withheld_is_never_kept(checks, origin):
    files = many_missing_quotes(read_folder(BUNDLED), work.MAX_HINTS + 1)
    first = build_dataset(files, origin)
    assert sum(schemas.NO_HINT in p.message for p in first.errors) == 1  # the hints ran out: not kept
    assert build_dataset(files, origin).errors == first.errors and len(checks) == 2
    within = many_missing_quotes(read_folder(BUNDLED), work.MAX_HINTS)
    assert not any(schemas.NO_HINT in p.message for p in build_dataset(within, origin).errors)
    build_dataset(within, origin)
    assert len(checks) == 3  # every quote got its hint: kept


def test_bytes_that_are_not_bytes_are_still_answered_with_a_problem(origin):
    files = read_folder(BUNDLED) | {"claims.csv": "text, not bytes"}
    result = build_dataset(files, origin)
    assert not result.ok and any(p.file == "claims.csv" for p in result.errors)


def test_a_check_by_other_rules_is_checked_afresh(checks, origin, monkeypatch):
    """A registry swapped (as a test does with a claim kind) is part of what a result depends on."""
    from relief import kinds

    files = read_folder(BUNDLED)
    build_dataset(files, origin)
    monkeypatch.setitem(kinds.KINDS, "duration_copy", kinds.KINDS["duration"])
    build_dataset(files, origin)
    assert len(checks) == 2


def test_the_bundled_evidence_added_to_a_source_follows_its_own_files_and_the_bundled_versions(tmp_path):
    """``with_bundled_evidence`` is worked out once per (own files, bundled versions): what it hands out is what
    working it out again gives, after a change to the source's links or to a bundled file."""
    import os
    import shutil

    bundled = tmp_path / "bundled"
    bundled.mkdir()
    for name in ("studies.csv", "evidence.csv", "search_log.csv", "evidence.meta.json"):
        shutil.copy(BUNDLED / name, bundled / name)
    source = read_folder(BUNDLED)
    own = {name: source[name] for name in ("article.txt", "article.meta.json", "claims.csv", "factors.csv")}

    def same_as_worked_out(files):
        out, problems = dataset.with_bundled_evidence(files, bundled)
        assert (out, problems) == dataset._with_bundled_evidence(files, bundled)
        return out

    first = same_as_worked_out(own)
    assert same_as_worked_out(dict(own)) == first
    fewer = dict(own, **{"factors.csv": b"\n".join(own["factors.csv"].split(b"\n")[:2]) + b"\n"})
    assert same_as_worked_out(fewer)["evidence.csv"] != first["evidence.csv"]  # fewer links kept
    with open(bundled / "evidence.csv", "ab") as handle:
        handle.write(b"\n")
    os.utime(bundled / "evidence.csv", ns=(1, 1))  # another version of the bundled file
    assert same_as_worked_out(own) == first  # a trailing empty line adds no row
    text = (bundled / "studies.csv").read_bytes()
    (bundled / "studies.csv").write_bytes(text.replace(b"https://", b"http://", 1))
    os.utime(bundled / "studies.csv", ns=(2, 2))
    assert same_as_worked_out(own)["studies.csv"] != first["studies.csv"]


# the bundled data's check asks its budget 29 times
@pytest.mark.parametrize("after", [0, 5, 20], ids=["at-once", "after-5-rows", "after-20-rows"])
def test_a_stopped_check_says_why_and_nothing_else_of_what_it_could_not_finish(origin, after):
    """A check stopped by its budget (its session ended) mid-way, also inside a quote check pandera runs (which
    keeps the exception as a failure case): every problem it reports says why it stopped, none is "quote not found
    … (found “Stopped(…”)" or "a bug in the checker"."""
    calls = iter(range(10**6))
    with work.limited(work.Budget(stop=lambda: next(calls) >= after)) as budget:
        result = build_dataset(read_folder(BUNDLED), origin)
    assert budget.reason is not None and not result.ok
    messages = [problem.message for problem in result.problems]
    assert messages and all(message == budget.reason for message in messages), messages


def test_a_vocabulary_changed_in_place_is_checked_afresh(checks, origin, monkeypatch):
    """A route the data may use only once the vocabulary lists it: the kept result from before is not served."""
    from relief import vocabulary

    files = read_folder(BUNDLED)
    build_dataset(files, origin)
    monkeypatch.setitem(vocabulary.ROUTES, "rectal", "Rectal")
    build_dataset(files, origin)
    monkeypatch.undo()
    build_dataset(files, origin)  # as before the change: kept
    assert len(checks) == 2
