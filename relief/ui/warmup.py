"""The warm-up: before the first visitor, do what the first visit would do; the rest when nobody is waiting.

Three stages. First what the landing page needs (imports, the data, the overview's two charts), which a first
visitor would otherwise wait for. Then, a small step at a time (one source folder, one view, one scene), the
library of sources (the overview's answer according to whom), the explorer's default view and the talk's scenes
of one source, each step only once no run has started or ended for ``QUIET_S`` seconds: on a machine with few
cores a first visitor's run, and the browser fetching and drawing its chart, come before views nobody has asked
for yet, and a run that starts meanwhile waits behind one small step at most, never a whole library. After
``CEILING_S`` of steady traffic these steps run anyway, the collector's ``settle`` last. Then, only in a lull and
never forced, what the comparison of sources needs (each source's verdicts, its scenes, its default view).
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .. import dataset as ds
from .. import library, urlstate
from ..vocabulary import READINGS
from . import internals
from .loading import (
    _cached_selection,
    _cached_view,
    _load,
    bundled_library,
    data_folder,
    data_key,
    selection_key,
    settings_key,
    shared_comparison,
    sources_folder,
)

QUIET_S = 1.5  # a visitor's run, then its browser fetching and drawing the chart (measured: ~1.5–2 s here)
CEILING_S = 20.0  # steady traffic never postpones the rest of the warm-up longer than this
_last_run = 0.0  # time.monotonic() when a run last started or ended (``touch``)


def touch() -> None:
    """A run starts or ends: the warm-up's later steps wait until the server has been quiet for a moment."""
    global _last_run
    _last_run = time.monotonic()


def wait_for_quiet(quiet: float, deadline: float, clock: Callable[[], float] = time.monotonic,
                   sleep: Callable[[float], None] = time.sleep) -> None:
    """Return once no run has started or ended for ``quiet`` seconds, or at ``deadline`` (both on ``clock``)."""
    while (now := clock()) < deadline:
        left = quiet - (now - _last_run)
        if left <= 0:
            return
        sleep(min(left, deadline - now))


def warm_up(quiet: float = QUIET_S, ceiling: float = CEILING_S) -> None:
    """Called once in a background thread by ``serve.py``: the landing page at once, then the rest when quiet.

    Also takes Streamlit out of its folder-based navigation, which ``app.py`` replaces anyway.
    """
    from .. import exports  # noqa: F401  (imported for its side effect: a loaded module)

    internals.leave_folder_navigation()
    folder = data_folder() or str(ds.BUNDLED)
    result = _load(folder)
    if not result.ok:
        return
    dataset = result.dataset
    key = data_key(dataset.origin, None)
    for kind in ("overview", "anatomy"):  # the landing page's two charts
        _build(dataset, key, kind, {})
    deadline = time.monotonic() + ceiling
    for step in _later(dataset, key):
        wait_for_quiet(quiet, deadline)
        step()
    for step in _when_idle(dataset, key):  # never forced by steady traffic: a visit builds these itself
        wait_for_quiet(quiet, math.inf)
        step()


def _build(dataset: ds.Dataset, key: str, kind: str, values) -> None:
    built = _cached_view(kind, key, settings_key(values), "light", False, dataset, values, 1.0)  # as a run asks
    if built.figure is not None:
        built.figure.to_json()  # plotly's JSON encoder, as st.plotly_chart will use it


def _later(dataset: ds.Dataset, key: str) -> Iterator[Callable[[], None]]:
    """The warm-up's second stage, one small step at a time, so a visitor's run never waits behind more than one
    step: the library of sources one folder a step (the overview's answer according to whom: the first visitor's
    run needs it right after its chart), the explorer's default view, the talk's scenes of one source (a server
    is often started just before a presentation), then ``settle``. After ``CEILING_S`` of steady traffic these
    run anyway."""
    explorer = urlstate.explorer_view(dataset.claims, with_evidence=dataset.evidence is not None).defaults()
    for folder in library.source_folders(Path(sources_folder())):  # each read and checked once (``_load``)
        if library.SLUG.fullmatch(folder.name):  # the library reads no other folder
            yield lambda folder=folder: _load(str(folder))
    yield _answers
    yield lambda: _build(dataset, key, "routes", explorer)
    for scene in _scenes(dataset, several=False):
        yield lambda scene=scene: _cached_view("scene", key, settings_key(scene), "light", False, dataset, scene,
                                               1.0)
    yield settle


def _when_idle(dataset: ds.Dataset, key: str) -> Iterator[Callable[[], None]]:
    """The warm-up's third stage, only ever in a lull (steady traffic never forces it, unlike ``_later``: on a
    busy server each source's verdicts, a second or more of work on a loaded machine, would land on every
    session's answers): each source's claims judged, the talk's scenes of several sources, the comparison's
    default view (what it shows, its chart at each reading), then ``settle`` again."""
    yield from _judged()
    for scene in _scenes(dataset, several=True):
        yield lambda scene=scene: _cached_view("scene", key, settings_key(scene), "light", False, dataset, scene,
                                               1.0)
    yield from _comparison()
    yield settle


def _scenes(dataset: ds.Dataset, several: bool) -> list:
    """The talk's scenes that show several sources (``several``) or one."""
    scenes = [] if dataset.scenes is None else list(dataset.scenes.itertuples(index=False))
    return [scene for scene in scenes if (scene.chart == "compare") == several]


def _answers() -> None:
    """The library of sources, assembled from the folders read, and each source's answer (the overview's)."""
    from .. import compare

    compare.answers(bundled_library())


def _judged() -> Iterator[Callable[[], None]]:
    """Each source's claims judged by the rules, a source a step (the comparison and its talk scene need them)."""
    from .. import compare

    for source in bundled_library():
        yield lambda source=source: compare.source_verdicts(source.dataset)


def _comparison() -> Iterator[Callable[[], None]]:
    """The comparison's default view in steps: what it shows (its claims already judged), its chart, then its
    chart at each other lexicon reading (the same selection: the bars moved, nothing judged again)."""
    from .. import compare

    sources = bundled_library()
    values = urlstate.compare_view(compare.choices(sources)).defaults()
    key = f"bundled|{sources_folder()}"
    yield lambda: _cached_selection(key, selection_key(values), sources, values)

    def chart(values) -> None:
        built = shared_comparison(key, sources, values, "light", False)
        if built.figure is not None:
            built.figure.to_json()

    yield lambda: chart(values)
    for reading in READINGS:  # the page's first toggle, its reading, finds its bars drawn (a step each)
        if reading != values["reading"]:
            yield lambda reading=reading: chart(values | {"reading": reading})


def settle() -> None:
    """What is loaded now (modules, the data, the built views) lives as long as the server: take it out of the
    garbage collector's full passes (``gc.freeze``). Each full pass otherwise walks all of it (~150,000 objects,
    ~70 ms here) and stops every session meanwhile, which is what a 95th percentile under load measures."""
    gc.collect()
    gc.freeze()
