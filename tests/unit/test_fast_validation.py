"""Valid data is confirmed without pandera's reporting machinery (``schemas.passes``), and never where pandera would
find a problem: every bundled table passes it, and every table with one cell changed is passed by it exactly when
pandera passes it. What it does not model (a schema option, a check's odd output, a check that raises) is left to
pandera, which words the problems as before."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from relief import dataset, schemas
from relief.dataset import BUNDLED, read_folder
from relief.library import SOURCES


def checked_frames(files: dict) -> list[tuple[str, pd.DataFrame, object]]:
    """Every (file, frame, schema) that ``build_dataset`` validates for ``files``, in order (checked afresh: not
    served from the results the process keeps)."""
    seen: list[tuple[str, pd.DataFrame, object]] = []
    real = schemas.validate

    def spy(df, schema, file):
        seen.append((file, df[[c for c in schema.columns if c in df.columns]].copy(), schema))
        return real(df, schema, file)

    schemas.validate = spy
    try:
        assert dataset._build_dataset(files, "bundled", True).ok
    finally:
        schemas.validate = real
    return seen


@pytest.fixture(scope="module")
def bundled_frames():
    return checked_frames(read_folder(BUNDLED))


def pandera_passes(df: pd.DataFrame, schema) -> bool:
    try:
        schema.validate(df, lazy=False)
    except (pa.errors.SchemaError, pa.errors.SchemaErrors):
        return False
    return True


def test_every_valid_table_is_confirmed_by_the_fast_check(bundled_frames):
    assert {file for file, _, _ in bundled_frames} >= {"claims.csv", "lexicon.csv", "evidence.csv", "studies.csv",
                                                       "verdicts.csv", "factors.csv", "scenes.csv"}
    for file, df, schema in bundled_frames:
        assert schemas.passes(df, schema), file
        assert pandera_passes(df, schema), file


def test_a_source_folder_s_tables_are_confirmed_too():
    folder = next(p for p in sorted((BUNDLED / SOURCES).iterdir()) if (p / "vocabulary.csv").is_file())
    files, _ = dataset.with_bundled_evidence(read_folder(folder))
    for file, df, schema in checked_frames(files):
        assert schemas.passes(df, schema) and pandera_passes(df, schema), (folder.name, file)


CHANGES = ("", "x", "-1", "KET-999")


def test_one_changed_cell_is_passed_exactly_when_pandera_passes_it(bundled_frames):
    """No check is skipped: wherever pandera finds a problem the fast check finds one (and pandera then words it);
    and for these schemas it defers only where pandera finds one."""
    compared = refused = 0
    for file, df, schema in bundled_frames:
        if df.empty:
            continue
        for i, column in enumerate(df.columns):  # every column, each change in turn (each case costs pandera)
            value = (*CHANGES, df[column].iloc[0])[i % (len(CHANGES) + 1)]  # row 1's value: a duplicate
            changed = df.copy()
            changed.loc[changed.index[len(df) // 2], column] = value
            expected = pandera_passes(changed, schema)
            assert schemas.passes(changed, schema) == expected, (file, column, value)
            compared += 1
            refused += not expected
    assert compared > 90 and refused > compared // 3  # the changes did break rows, in every sort of check


def _text_frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(values, dtype=str) for name, values in columns.items()})


def test_what_the_fast_check_does_not_model_is_left_to_pandera():
    df = _text_frame(a=["x", "y"])
    plain = pa.DataFrameSchema({"a": pa.Column(str)})
    assert schemas.passes(df, plain)
    for schema in (pa.DataFrameSchema({"a": pa.Column(str)}, strict=True),
                   pa.DataFrameSchema({"a": pa.Column(str)}, unique=["a"]),
                   pa.DataFrameSchema({"a": pa.Column(str, unique=True)}),
                   pa.DataFrameSchema({"a": pa.Column(str, coerce=True)}),
                   pa.DataFrameSchema({"a": pa.Column(str, nullable=True)}),
                   pa.DataFrameSchema({"a": pa.Column(int)}),
                   pa.DataFrameSchema({"a": pa.Column(str, pa.Check(lambda s: s.str.len(), error="truthy, not bool"))}),
                   pa.DataFrameSchema({"a": pa.Column(str, pa.Check(lambda v: "yes", element_wise=True, error="a"))}),
                   pa.DataFrameSchema({"a": pa.Column(str)}, checks=[pa.Check(lambda df: df.to_numpy() == "x",
                                                                             error="an array")])):
        assert not schemas.passes(df, schema), schema
    assert not schemas.passes(_text_frame(b=["x"]), plain), "a column the schema does not name"
    assert not schemas.passes(pd.DataFrame({"a": pd.Series(["x", None], dtype=str)}), plain), "a missing value"
    assert not schemas.passes(pd.DataFrame({"a": ["x", "y"]}, dtype=object), plain), "object dtype"


def test_a_check_that_cannot_run_is_reported_by_pandera_as_before():
    def broken(value: str) -> bool:
        raise ValueError("no")

    schema = pa.DataFrameSchema({"a": pa.Column(str, pa.Check(broken, element_wise=True, error="a must be fine"))})
    df = _text_frame(a=["x"])
    assert not schemas.passes(df, schema)
    problems = schemas.validate(df, schema, "f.csv")
    assert [p.column for p in problems] == ["a"] and all(p.is_error for p in problems)
    assert "this check could not run" in problems[0].message and "a must be fine" in problems[0].message
