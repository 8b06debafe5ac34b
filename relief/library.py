"""A library of sources: the bundled article and every further source, side by side, sharing one body of evidence.

The top-level data folder is the default source (the article) and holds the published evidence (studies,
findings, the search); each further source is a folder ``<root>/sources/<slug>/`` in the one-source shape
(``article.txt``, ``article.meta.json``, ``claims.csv``, optional ``lexicon.csv``, ``vocabulary.csv``,
``factors.csv``), read and validated by the same one-source loader (``dataset.load_folder``). A source folder
without findings of its own is given the shared ones, so its claims meet the same studies as the article's.

Claim ids are unique within a source; across sources a claim is named ``<slug>:<claim_id>`` (``claim_key``).
A source folder that cannot be read is left out with its problems located under ``sources/<slug>/``; the others
are shown. A user's upload or a ``--data`` folder joins as one more source (``Library.joined``).
Nothing here imports Streamlit: the app builds the library once per process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from .dataset import BUNDLED, Dataset, LoadResult, Memo, load_folder
from .problems import Problem, errors
from .schemas import SOURCE_CATEGORIES

SOURCES = "sources"
"""The folder under the data root that holds one folder per further source."""
DEFAULT_SLUG = "article"
"""The default source (the top-level data folder): the bundled article."""
UPLOAD_SLUG = "upload"
"""A user's upload, for that browser session."""
SERVER_SLUG = "given"
"""The data folder a server was started with (``--data`` or ``RELIEF_DATA``)."""
SLUG = re.compile(r"[a-z0-9_]{1,40}")
SHARED = ("studies", "evidence", "search_log", "evidence_meta")
"""The published evidence every source shares (written verdicts and corrections speak of the article's claims)."""

# Each source's mark on a chart: a plotly marker symbol and the same shape as a character for labels and tables.
# No meaning rests on colour alone: a source is told by its shape and its name.
SHAPES: tuple[tuple[str, str], ...] = (
    ("circle", "●"), ("square", "■"), ("diamond", "◆"), ("triangle-up", "▲"), ("star", "★"),
    ("triangle-down", "▼"), ("hexagon", "⬢"), ("pentagon", "⬟"), ("cross", "✚"), ("x", "✖"),
    ("triangle-left", "◀"), ("triangle-right", "▶"), ("hourglass", "⧗"), ("bowtie", "⋈"), ("star-diamond", "✦"),
    ("hexagram", "✡"), ("asterisk", "✱"), ("circle-cross", "⊕"), ("square-x", "⊠"), ("diamond-tall", "⬧"),
)

Loader = Callable[[str], LoadResult]


@dataclass(frozen=True)
class Source:
    """One source: its slug (the name in links), its validated data and where it comes from."""

    slug: str
    dataset: Dataset
    origin: str = "bundled"
    """"bundled" (the top-level data), "library" (a bundled source folder), "server" (--data) or "upload"."""
    shape: str = "circle"
    glyph: str = "●"

    @property
    def meta(self) -> dict:
        return self.dataset.meta or {}

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.slug)

    @property
    def category(self) -> str | None:
        value = self.meta.get("category")
        return value if value in SOURCE_CATEGORIES else None

    @property
    def what(self) -> str:
        """What sort of source it is, in words: its category, else its own free-text kind."""
        if self.category is not None:
            return SOURCE_CATEGORIES[self.category]
        return str(self.meta.get("kind") or "source of unknown kind")

    @property
    def name(self) -> str:
        """A short name for labels: ``short_name``, else the publisher (up to its first bracket or comma), else
        the author, else the title, at most 32 characters."""
        given = str(self.meta.get("short_name") or "").strip()
        if given:
            return shorten(given, 32)
        publisher = re.split(r" \(|, ", str(self.meta.get("publisher") or "").strip())[0]
        for value in (publisher, str(self.meta.get("author") or "").strip(), self.title):
            if value:
                return shorten(value, 32)
        return self.slug

    @property
    def mark(self) -> str:
        """The source's shape and name, as every label says it: '● EPERC (fact sheet)'."""
        return f"{self.glyph} {self.name} ({self.what})" if self.category else f"{self.glyph} {self.name}"


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


@dataclass(frozen=True)
class Library:
    """The sources, in order (the default source first), and the problems found reading them."""

    sources: tuple[Source, ...]
    problems: tuple[Problem, ...] = ()
    memo: Memo = field(default_factory=lambda: Memo(), compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.sources)

    def __iter__(self):
        return iter(self.sources)

    def __getitem__(self, slug: str) -> Source:
        for source in self.sources:
            if source.slug == slug:
                return source
        raise KeyError(slug)

    def __contains__(self, slug: object) -> bool:
        return any(s.slug == slug for s in self.sources)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(s.slug for s in self.sources)

    @property
    def ok(self) -> bool:
        return bool(self.sources)

    def chosen(self, slugs) -> tuple[Source, ...]:
        """The sources named, in library order (unknown slugs are skipped)."""
        wanted = set(slugs)
        return tuple(s for s in self.sources if s.slug in wanted)

    def claims(self) -> pd.DataFrame:
        """Every source's claims in one table: ``source`` (slug) and ``claim_key`` (``<slug>:<claim_id>``) first."""
        def build() -> pd.DataFrame:
            frames = [s.dataset.claims.assign(source=s.slug, claim_key=s.slug + ":" + s.dataset.claims["claim_id"])
                      for s in self.sources]
            table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["source", "claim_key"])
            first = ["source", "claim_key"]
            return table[first + [c for c in table.columns if c not in first]]

        return self.memo.once("claims", build)

    def joined(self, dataset: Dataset, origin: str, slug: str | None = None) -> Library:
        """The library with one more source (a user's upload, or the folder a server was given) at its end.

        The source is given the shared evidence when it has none of its own. A dataset that is one of the
        library's already (the same text and claims) is not added twice.
        """
        slug = slug or (UPLOAD_SLUG if origin == "upload" else SERVER_SLUG)
        for source in self.sources:
            if source.dataset.source == dataset.source and source.dataset.claims.equals(dataset.claims):
                return self
        base = self.sources[0].dataset if self.sources else None
        shape, glyph = SHAPES[len(self.sources) % len(SHAPES)]
        source = Source(slug, with_shared_evidence(dataset, base), origin, shape, glyph)
        rest = tuple(s for s in self.sources if s.slug != slug)
        return Library((*rest, source), self.problems)


def with_shared_evidence(dataset: Dataset, base: Dataset | None) -> Dataset:
    """``dataset`` with the default source's published evidence, when it has no findings of its own."""
    if base is None or dataset.evidence is not None or base.evidence is None:
        return dataset
    shared = {name: getattr(base, name) for name in SHARED}
    return replace(dataset, **shared, origin=f"{dataset.origin}+evidence", memo=Memo())


def _located(slug: str, problem: Problem) -> Problem:
    """A source folder's problem, located under ``sources/<slug>/``."""
    return replace(problem, file=f"{SOURCES}/{slug}/{problem.file}")


def source_folders(folder: Path) -> list[Path]:
    """The source folders in ``folder`` (``<root>/sources``), by name; hidden and ``_`` folders are skipped."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))),
                  key=lambda p: p.name)


def load_library(root: str | Path = BUNDLED, load: Loader | None = None, sources: str | Path | None = None
                 ) -> Library:
    """The default source (``root``) and every source folder under ``sources`` (default ``<root>/sources``).

    ``load`` reads one folder (``dataset.load_folder`` by default; the app passes its per-process cache). Never
    raises: a default source that cannot be read gives an empty library with its problems; a source folder that
    cannot be read, or whose name is not a slug or is the default source's, is left out with located problems.
    """
    load = load or (lambda folder: load_folder(folder))
    root = Path(root)
    first = load(str(root))
    if not first.ok:
        return Library((), tuple(first.problems))
    base = first.dataset
    shapes = iter(SHAPES * 100)
    shape, glyph = next(shapes)
    found = [Source(DEFAULT_SLUG, base, "bundled", shape, glyph)]
    problems: list[Problem] = []
    folder_root = Path(sources) if sources is not None else root / SOURCES
    for folder in source_folders(folder_root):
        slug = folder.name
        if not SLUG.fullmatch(slug):
            problems.append(Problem(f"{SOURCES}/{slug}", None, None,
                                    "a source folder's name must be lower-case letters, digits and “_” (at most 40 "
                                    "characters): it names the source in links; the folder was not read"))
            continue
        if slug in (DEFAULT_SLUG, UPLOAD_SLUG, SERVER_SLUG):
            problems.append(Problem(f"{SOURCES}/{slug}", None, None,
                                    f"“{slug}” names another source (the bundled article, an upload or a server's "
                                    "folder): rename the folder; it was not read"))
            continue
        result = load(str(folder))
        problems += [_located(slug, p) for p in result.problems]
        if not result.ok:
            if not errors(result.problems):
                problems.append(Problem(f"{SOURCES}/{slug}", None, None, "could not be read; it was left out"))
            continue
        shape, glyph = next(shapes)
        found.append(Source(slug, with_shared_evidence(result.dataset, base), "library", shape, glyph))
    return Library(tuple(found), tuple(problems))



_LOADED: dict[tuple[str, str], Library] = {}
_LOCK = threading.Lock()


def default(root: str | Path = BUNDLED, sources: str | Path | None = None, load: Loader | None = None) -> Library:
    """The library of ``root`` (and its ``sources`` folder), read once per process and shared: the app's pages,
    its talk scenes and its warm-up all get the same one. ``load``: how the first call reads a folder."""
    key = (str(Path(root)), str(Path(sources) if sources is not None else Path(root) / SOURCES))
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = load_library(key[0], load=load, sources=key[1])
        return _LOADED[key]
