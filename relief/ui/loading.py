"""Cached loading and views: a data folder is read and validated once per process, a view built once per settings.

Caches are shared by every session (``st.cache_resource``); nothing cached is changed in place after it is built.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import OrderedDict

import streamlit as st

from .. import charts, lexicon, library, views
from .. import dataset as ds


@st.cache_resource(show_spinner=False)
def _load(folder: str) -> ds.LoadResult:
    """Read and validate a folder once per process. Shared, not copied: nothing changes a loaded table in place."""
    return ds.load_folder(folder)


def data_folder() -> str | None:
    """The folder given with ``streamlit run app.py -- --data PATH`` (or ``RELIEF_DATA``), if any."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.data or os.environ.get("RELIEF_DATA") or None


def sources_folder() -> str:
    """The folder of further sources (``RELIEF_SOURCES``, else the bundled ``data/sources``)."""
    return os.environ.get("RELIEF_SOURCES") or str(ds.BUNDLED / library.SOURCES)


def _library(root: str, sources: str) -> library.Library:
    """The bundled sources, read and validated once per process (each folder through ``_load``), shared with
    the talk's scenes (``library.default``)."""
    return library.default(root, sources, load=_load)


def bundled_library() -> library.Library:
    """The library of bundled sources: the article and every source folder."""
    return _library(str(ds.BUNDLED), sources_folder())


@st.cache_resource(show_spinner=False, max_entries=8)
def _with_folder(root: str, sources: str, folder: str) -> library.Library:
    """The bundled library with the server's own data folder joined (once per process)."""
    result = _load(folder)
    base = _library(root, sources)
    return base if not result.ok else base.joined(result.dataset, "server")


def load_result() -> ds.LoadResult:
    """The bundled data, read and validated once per process."""
    return _load(str(ds.BUNDLED))


@st.cache_resource(show_spinner=False, max_entries=64)
def _edited(folder: str, lex: str) -> tuple[ds.LoadResult, list[str]]:
    return edit_lexicon(_load(folder).dataset, lex)


def edit_lexicon(dataset: ds.Dataset, lex: str) -> tuple[ds.LoadResult, list[str]]:
    """``dataset`` with the lexicon readings edited as in the link (``lexicon.parse_overrides``), and notices."""
    overrides, notices = lexicon.parse_overrides(lex, set(dataset.lexicon["phrase"]))
    return ds.with_lexicon(dataset, lexicon.apply_overrides(dataset.lexicon, overrides)), notices


def edited(dataset: ds.Dataset, lex: str, uploaded: bool) -> tuple[ds.LoadResult, list[str]]:
    """The edit of a folder is cached for every session; an upload's is not (it belongs to one session)."""
    return edit_lexicon(dataset, lex) if uploaded else _edited(dataset.origin, lex)


def data_key(origin: str, lex: str | None) -> str:
    """Which data a view is built from: the folder (an upload's origin is its content hash) and the lexicon edit."""
    return f"{origin}|{lex or ''}"


def settings_key(values) -> str:
    return json.dumps(values._asdict() if hasattr(values, "_asdict") else values, sort_keys=True, default=list)


def build_view(kind: str, dataset, values, theme: str, presenting_: bool, scale: float = 1.0):
    """``views.<kind>`` for these settings and look, built now (the caches below keep it)."""
    build = VIEWS.get(kind)
    if build is None:
        raise ValueError(f"unknown view {kind!r}")
    return build(dataset, values, charts.style_for(theme, presenting_, scale))


@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_view(kind: str, data_key: str, settings: str, theme: str, presenting_: bool, _dataset, _values,
                 scale: float = 1.0):
    """Built views shared by every session with the same data and settings (never mutated after building).

    ``data_key`` and ``settings`` are only the cache key; the underscored arguments are not hashed. Never for an
    upload's data: those views live in their session (``session_cached``).
    """
    return build_view(kind, _dataset, _values, theme, presenting_, scale)


SESSION_CACHE = "relief.session_cache"
SESSION_CACHE_ENTRIES = 32


def session_cached(key: tuple, build):
    """``build()`` kept in this session's state: for what is built from an upload, which belongs to one session.

    Streamlit drops a session's state when the session ends (its tab closed, its connection gone past the
    reconnect grace), so these go with it, never left in the process-wide caches; at most
    ``SESSION_CACHE_ENTRIES`` per session, the least recently used dropped first.
    """
    store = st.session_state.get(SESSION_CACHE)
    if store is None:
        store = st.session_state[SESSION_CACHE] = OrderedDict()
    if key in store:
        store.move_to_end(key)
        return store[key]
    value = store[key] = build()
    while len(store) > SESSION_CACHE_ENTRIES:
        store.popitem(last=False)
    return value


def from_upload(key: str) -> bool:
    """Whether a cache key names data from an upload (``upload:<hash>`` origins)."""
    return "upload:" in key


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_selection(library_key: str, settings: str, _library, _values):
    """What a comparison shows whatever its reading and look (``compare.selection``: the claims chosen, each end
    judged, the studies, the matrix and the table), shared by every session with the same sources and filters
    (never mutated): a change of reading or theme redraws the bars without judging a claim again."""
    from .. import compare

    return compare.selection(_library, _values)


def selection_key(values) -> str:
    """``settings_key`` of the settings a comparison's selection depends on (not the reading, unit or axis)."""
    from .. import compare

    return settings_key(compare.selection_settings(values._asdict() if hasattr(values, "_asdict") else values))


@st.cache_resource(max_entries=128, show_spinner=False)
def _cached_comparison(library_key: str, settings: str, theme: str, presenting_: bool, _library, _values,
                       scale: float = 1.0, _selection=None):
    """A comparison shared by every session with the same sources, settings and look (never mutated).
    ``_selection``: its ``compare.selection`` when the caller has it (``_cached_selection``); not hashed."""
    from .. import compare

    return compare.build(_library, _values, charts.style_for(theme, presenting_, scale), _selection)


def shared_comparison(library_key: str, library_, values, theme: str, presenting_: bool, scale: float = 1.0):
    """A comparison as every page and the warm-up ask for it: its selection built once per sources and filters,
    the figure once per reading and look, both shared by every session (an upload's: see ``widgets``)."""
    chosen = _cached_selection(library_key, selection_key(values), library_, values)
    return _cached_comparison(library_key, settings_key(values), theme, presenting_, library_, values, scale,
                              chosen)


VIEWS = {"routes": views.routes, "factor": views.factor, "scene": views.scene, "overview": views.overview,
         "anatomy": views.anatomy, "mechanism": views.mechanism}
