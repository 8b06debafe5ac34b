"""The library of sources: the bundled article plus source folders, sharing one body of published evidence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from relief import library as lib
from relief.dataset import BUNDLED, build_dataset, load_folder, read_folder

EXAMPLES = BUNDLED / "examples"


def make_sources(tmp_path: Path, *names: tuple[str, str]) -> Path:
    """A temporary ``sources`` folder holding copies of example folders: ``(slug, example name)`` pairs.

    Each copy gets its own title, so the sources can be told apart (the fingerprint is of the text, not the meta).
    """
    folder = tmp_path / "sources"
    folder.mkdir()
    for slug, example in names:
        target = folder / slug
        shutil.copytree(EXAMPLES / example, target)
        meta_path = target / "article.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["title"] = f"{meta['title']} ({slug})"
        meta["short_name"] = f"Example {slug}"
        meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """The article and two example sources, loaded once for the module's tests, which only read it."""
    return lib.load_library(BUNDLED, sources=make_sources(tmp_path_factory.mktemp("two"),
                                                          ("guide", "example_guideline"),
                                                          ("numbers", "numbers_as_written")))


def test_default_source_is_the_article_unchanged(two, bundled):
    first = two.sources[0]
    assert first.slug == lib.DEFAULT_SLUG and first.origin == "bundled"
    assert first.dataset.claims.equals(bundled.claims)
    assert first.dataset.verdicts is not None  # the article keeps its written verdicts and corrections
    assert two.slugs == ("article", "guide", "numbers")
    assert two.problems == ()


def test_sources_share_the_published_evidence(two):
    article = two["article"].dataset
    for slug in ("guide", "numbers"):
        source = two[slug].dataset
        assert list(source.evidence["evidence_id"]) == list(article.evidence["evidence_id"])
        assert list(source.studies["study_id"]) == list(article.studies["study_id"])
        assert source.evidence_meta == article.evidence_meta
        assert source.verdicts is None  # the article's verdicts speak of its own claims only
        assert source.memo is not article.memo


def test_the_same_folder_alone_gets_the_published_evidence(two):
    """Loading a source folder on its own (as --data does) gives one source, with the bundled evidence (issue 22)."""
    alone = load_folder(two["guide"].dataset.origin.split("+")[0])
    assert alone.ok and list(alone.dataset.evidence["evidence_id"]) == list(two["article"].dataset.evidence[
        "evidence_id"])
    assert alone.dataset.claims.equals(two["guide"].dataset.claims)


def test_claim_keys_are_unique_across_sources(tmp_path):
    # Two copies of one folder: the same claim ids in both, told apart by their source.
    library = lib.load_library(BUNDLED, sources=make_sources(tmp_path, ("one", "example_guideline"),
                                                             ("two", "example_guideline")))
    claims = library.claims()
    assert claims["claim_key"].is_unique
    assert not claims["claim_id"].is_unique
    assert set(claims[claims["source"] == "two"]["claim_key"]) == {
        f"two:{c}" for c in library["two"].dataset.claims["claim_id"]}
    assert len(claims) == sum(len(s.dataset.claims) for s in library)


def test_each_source_has_its_own_shape(two):
    shapes = [s.shape for s in two]
    glyphs = [s.glyph for s in two]
    assert len(set(shapes)) == len(shapes) == len(set(glyphs))
    assert two["guide"].mark.startswith(two["guide"].glyph + " ")


def test_a_broken_folder_is_left_out_with_located_problems(tmp_path):
    sources = make_sources(tmp_path, ("good", "example_guideline"), ("bad", "broken"))
    library = lib.load_library(BUNDLED, sources=sources)
    assert library.slugs == ("article", "good")
    assert library.problems and all(p.file.startswith("sources/bad/") for p in library.problems)
    assert any(p.is_error for p in library.problems)


@pytest.mark.parametrize("name", ["Bad-Name", "article", "upload"])
def test_a_folder_name_that_cannot_name_a_source_is_a_problem(tmp_path, name):
    sources = make_sources(tmp_path, (name, "example_guideline"))
    library = lib.load_library(BUNDLED, sources=sources)
    assert library.slugs == ("article",)
    assert [p.file for p in library.problems] == [f"sources/{name}"]


def test_no_sources_folder_gives_the_article_alone(tmp_path):
    library = lib.load_library(BUNDLED, sources=tmp_path / "none")
    assert library.slugs == ("article",) and library.problems == ()


def test_a_broken_default_source_gives_no_library(tmp_path):
    library = lib.load_library(EXAMPLES / "broken", sources=tmp_path)
    assert not library.ok and library.problems


def test_an_upload_joins_beside_the_bundled_sources(tmp_path):
    two = lib.load_library(BUNDLED, sources=make_sources(tmp_path, ("guide", "example_guideline")))
    upload = build_dataset(read_folder(EXAMPLES / "numbers_as_written"), origin="upload:abc").dataset
    joined = two.joined(upload, "upload")
    assert joined.slugs == ("article", "guide", "upload")
    assert joined["upload"].dataset.evidence is two["article"].dataset.evidence  # judged against the same studies
    assert joined["upload"].origin == "upload"
    assert joined["upload"].shape not in {s.shape for s in two}
    assert two.slugs == ("article", "guide")  # the shared library is not changed
    assert joined.claims()["claim_key"].is_unique


def test_a_source_given_again_is_not_added_twice(two, bundled):
    assert two.joined(bundled, "server") is two
    again = build_dataset(read_folder(EXAMPLES / "example_guideline"), origin="upload:abc").dataset
    assert two.joined(again, "upload") is two


def test_the_loader_is_called_once_per_folder(tmp_path):
    calls: list[str] = []

    def load(folder):
        calls.append(folder)
        return load_folder(folder)

    lib.load_library(BUNDLED, load=load, sources=make_sources(tmp_path, ("guide", "example_guideline")))
    assert calls == [str(BUNDLED), str(tmp_path / "sources" / "guide")]


def test_source_words(two):
    guide = two["guide"]
    assert guide.what == guide.meta["kind"]  # no category: its own words
    assert guide.name == "Example guide"
    unnamed = lib.Source("y", guide.dataset.__class__(**{**guide.dataset.__dict__,
                                                         "meta": guide.meta | {"short_name": None}}))
    assert unnamed.name == lib.shorten(guide.meta["author"], 32)
    categorised = lib.Source("x", guide.dataset.__class__(**{**guide.dataset.__dict__,
                                                            "meta": guide.meta | {"category": "fact_sheet",
                                                                                  "short_name": None,
                                                                                  "publisher": "EPERC (x), y"}}))
    assert categorised.what == "fact sheet" and categorised.name == "EPERC"
    assert categorised.mark == "● EPERC (fact sheet)"
    assert lib.shorten("a b c d e f", 7) == "a b c…" and lib.shorten("short", 40) == "short"


def test_the_bundled_library_reads(bundled):
    """Whatever real sources are bundled under data/sources read without an error."""
    library = lib.load_library()
    assert library.ok and library.slugs[0] == "article"
    assert not [str(p) for p in library.problems if p.is_error]
    assert library.claims()["claim_key"].is_unique
    for source in library.sources[1:]:
        assert "EXAMPLE" not in source.title.upper(), "a fictitious example is bundled as a real source"


# ---------------------------------------------------------------- the metadata a reader needs (article.meta.json)


@pytest.mark.parametrize(("key", "value", "ok"), [
    ("category", "fact_sheet", True), ("category", "guideline", True), ("category", "Blog", False),
    ("category", "pamphlet", False), ("category", 3, False),
    ("published", "2018-07", True), ("published", "undated", True), ("published", "", False),
    ("peer_reviewed", True, True), ("peer_reviewed", False, True), ("peer_reviewed", "true", False),
    ("cites_studies", "yes", False), ("cites_studies", False, True),
    ("sells_treatment", True, True), ("sells_treatment", 1, False),
    ("via", "the 2018 consensus guideline, as summarised by MedCentral", True), ("via", "", False),
    ("via", None, True), ("accessed", "2026-12-04", True), ("accessed", "4 Dec 2026", False),
])
def test_optional_meta_keys_are_checked_with_located_messages(key, value, ok):
    files = read_folder(EXAMPLES / "example_guideline")
    meta = json.loads(files["article.meta.json"])
    meta[key] = value
    files["article.meta.json"] = json.dumps(meta).encode()
    result = build_dataset(files)
    assert result.ok is ok, [str(p) for p in result.problems]
    if not ok:
        [problem] = result.errors
        assert (problem.file, problem.column) == ("article.meta.json", key)
        assert f"“{key}”" in problem.message and "found" in problem.message


def test_the_readme_documents_every_meta_key():
    readme = (BUNDLED / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `article.meta.json`", 1)[1].split("\n## ", 1)[0]
    from relief.schemas import META_OPTIONAL, SOURCE_CATEGORIES

    for key, _, _ in META_OPTIONAL:
        assert f"`{key}`" in section, key
    for category in SOURCE_CATEGORIES:
        assert f"`{category}`" in section, category
