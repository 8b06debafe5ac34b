"""Property tests: valid tables always chart; mutated files are accepted or refused with a message, never raise.

The ``ci`` profile (chosen when CI is set, as on the CI machine; tests/conftest.py) runs 500 examples per property,
the ``dev`` profile 60. Each property is split into shards along one of its own inputs (a test per value), so that
pytest-xdist runs the shards on different workers: each shard runs its share of the profile's examples, rounded
up, so the shards together run at least as many examples as the whole property did, over the same inputs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relief.charts import range_chart
from relief.dataset import BUNDLED, DATA_FILES, build_dataset, read_folder
from relief.phrases import parse as parse_phrase
from relief.ranges import plotted_ranges
from relief.vocabulary import CLAIM_KINDS, PAIN_CONTEXTS, READINGS, REGIMENS, ROUTES


def share(shards: int) -> int:
    """Each shard's examples: the profile's count per property divided among ``shards``, rounded up."""
    return -(-settings().max_examples // shards)


TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30).filter(
    lambda s: s.strip() != "" and " ... " not in s)
BUNDLED_FILES = read_folder(BUNDLED)


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


UNITS = ("minutes", "min", "hours", "h", "days", "weeks", "months", "years")


@st.composite
def written_number(draw) -> str:
    """A duration written as a number ('36 h') or as a range ('3–7 days', 'between 2 and 5 weeks')."""
    unit = draw(st.sampled_from(UNITS))
    a = draw(st.integers(1, 400 if unit != "years" else 40))  # at most 100 years (durations.MAX_HOURS)
    form = draw(st.sampled_from(["single", "decimal", "dash", "to", "between"]))
    if form == "single":
        return f"{a} {unit}"
    if form == "decimal":
        return f"{a}.5 {unit}"
    b = a + draw(st.integers(1, 100 if unit != "years" else 50))
    return {"dash": f"{a}–{b} {unit}", "to": f"{a} to {b} {unit}", "between": f"between {a} and {b} {unit}"}[form]


@st.composite
def valid_data(draw):
    # a line whose first cell starts with # is a comment in every data file, so no phrase can start with it
    phrases = draw(st.lists(TEXT.filter(lambda s: not s.lstrip().startswith("#")), min_size=1, max_size=5,
                            unique=True))
    readings = {p: sorted(draw(st.lists(st.floats(0.01, 1e5), min_size=3, max_size=3))) for p in phrases}

    def central(phrase: str, end: int = 0) -> float:
        if phrase in readings:
            return readings[phrase][1]
        stated = parse_phrase(phrase)
        return stated.low if end == 0 else stated.high

    count = draw(st.integers(1, 8))
    labels = draw(st.lists(TEXT, min_size=count, max_size=count, unique=True))
    quotes = draw(st.lists(TEXT, min_size=count, max_size=count))
    claims, lines = [], ["A Heading"]
    for i, (label, quote) in enumerate(zip(labels, quotes, strict=True)):
        kind = draw(st.sampled_from(list(CLAIM_KINDS)))
        low = high = ""
        written = draw(written_number())
        one = draw(st.sampled_from(phrases)) if draw(st.booleans()) or written in readings else written
        single = one if one in readings or not parse_phrase(one).is_range else phrases[0]
        if kind == "duration":
            if one not in readings and parse_phrase(one).is_range:
                low = one
            else:
                pair = [single, draw(st.sampled_from(phrases))]
                low, high = sorted(pair, key=central)
        elif kind != "not_stated":
            low = single
        claims.append([f"c{i}", draw(st.sampled_from(list(ROUTES))), draw(st.sampled_from(list(REGIMENS))),
                       draw(st.sampled_from(list(PAIN_CONTEXTS))), label, kind, low, high, quote, "A Heading", ""])
        quote = " ".join(part for part in (quote, low, high) if part)
        claims[-1][8] = quote
        lines.append(quote)
    source = "\n".join(lines).encode()
    meta = {"title": "Generated", "author": "Hypothesis", "kind": "generated test data",
            "sha256": hashlib.sha256(source).hexdigest()}
    return {
        "lexicon.csv": to_csv(["phrase", "conservative_hours", "central_hours", "generous_hours", "rationale"],
                              [[p, *map(repr, readings[p]), "generated"] for p in phrases]),
        "claims.csv": to_csv(["claim_id", "route", "regimen", "pain_context", "label", "kind", "low_phrase",
                              "high_phrase", "quote", "section", "note"], claims),
        "article.txt": source,
        "article.meta.json": json.dumps(meta).encode(),
    }


AXES = ("log", "linear")


@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("reading", list(READINGS))
@settings(max_examples=share(len(READINGS) * len(AXES)))
@given(files=valid_data(), unit=st.sampled_from(["auto", "hours", "days", "weeks"]))
def test_tables_the_validator_accepts_always_chart(files, reading, axis, unit):
    """One shard per reading and axis (3 x 2 = 6): under ``ci`` 6 x ceil(500 / 6) = 6 x 84 = 504 examples in all
    (``dev``: 6 x 10 = 60), where the reading and axis were drawn with the data before."""
    result = build_dataset(files)
    assert result.ok, [str(p) for p in result.problems]
    plotted = plotted_ranges(result.dataset.claims, result.dataset.lexicon, reading)
    figure = range_chart(plotted, axis=axis, unit=unit)
    assert list(figure.layout.yaxis.categoryarray) == list(result.dataset.claims["label"])


MUTATIONS = ("delete", "insert", "replace", "truncate", "duplicate_line", "swap_lines", "blank_cell")


PRESENT = [n for n in DATA_FILES if BUNDLED_FILES[n] is not None]


@pytest.mark.parametrize("name", PRESENT)
@settings(max_examples=share(len(PRESENT)))
@given(mutation=st.sampled_from(MUTATIONS), at=st.integers(0, 10**6), noise=st.binary(min_size=1, max_size=8))
def test_mutated_files_are_accepted_or_refused_with_a_message(name, mutation, at, noise):
    """One shard per bundled data file (14 today): under ``ci`` 14 x ceil(500 / 14) = 14 x 36 = 504 examples in all
    (``dev``: 14 x 5 = 70), where the file was drawn with the mutation before (about 36 examples a file)."""
    data = BUNDLED_FILES[name]
    i = at % max(len(data), 1)
    lines = data.split(b"\n")
    j = at % len(lines)
    k = (at // 7) % len(lines)
    if mutation == "delete":
        data = data[:i] + data[i + len(noise):]
    elif mutation == "insert":
        data = data[:i] + noise + data[i:]
    elif mutation == "replace":
        data = data[:i] + noise + data[i + len(noise):]
    elif mutation == "truncate":
        data = data[:i]
    elif mutation == "duplicate_line":
        data = b"\n".join([*lines[: j + 1], lines[j], *lines[j + 1:]])
    elif mutation == "swap_lines":
        lines[j], lines[k] = lines[k], lines[j]
        data = b"\n".join(lines)
    else:
        data = data.replace(b",", b",,", 1) if i % 2 else data.replace(b",", b"", 1)
    files = dict(BUNDLED_FILES) | {name: data}
    result = build_dataset(files)
    if result.ok:
        range_chart(plotted_ranges(result.dataset.claims, result.dataset.lexicon))
    else:
        assert result.errors and all(p.message and isinstance(p.message, str) for p in result.errors)


@pytest.mark.parametrize(("test", "shards"), [
    (test_tables_the_validator_accepts_always_chart, len(READINGS) * len(AXES)),
    (test_mutated_files_are_accepted_or_refused_with_a_message, len(PRESENT)),
])
def test_the_shards_run_at_least_the_profile_s_examples_in_all(test, shards):
    profile = settings.get_profile("ci" if os.environ.get("CI") else "dev").max_examples
    assert profile == (500 if os.environ.get("CI") else 60)
    assert shards * test._hypothesis_internal_use_settings.max_examples >= profile
