"""The warm-up: before the first visitor, do what the first visit would do."""

from __future__ import annotations

import gc

from .. import dataset as ds
from .loading import _cached_view, _load, data_folder, data_key, settings_key


def warm_up() -> None:
    """Imports, data, the landing page's charts, the explorer's default and the talk's scenes. Called once in a
    background thread by ``serve.py``.

    Also takes Streamlit out of its folder-based navigation, which ``app.py`` replaces anyway.
    """
    from streamlit.runtime.pages_manager import PagesManager

    from .. import exports, urlstate  # noqa: F401  (imported for their side effect: loaded modules)

    PagesManager.uses_pages_directory = False
    folder = data_folder() or str(ds.BUNDLED)
    result = _load(folder)
    if not result.ok:
        return
    dataset = result.dataset
    explorer = urlstate.explorer_view(dataset.claims, with_evidence=dataset.evidence is not None).defaults()
    key = data_key(dataset.origin, None)
    for kind, values in (("overview", {}), ("anatomy", {}), ("routes", explorer)):  # the landing page, then the tool
        built = _cached_view(kind, key, settings_key(values), "light", False, dataset, values)
        if built.figure is not None:
            built.figure.to_json()  # plotly's JSON encoder, as st.plotly_chart will use it
    # Then the talk: a server is often started just before a presentation, whose first pass should not wait.
    for scene in () if dataset.scenes is None else dataset.scenes.itertuples(index=False):
        _cached_view("scene", key, settings_key(scene), "light", False, dataset, scene)
    settle()


def settle() -> None:
    """What is loaded now (modules, the data, the built views) lives as long as the server: take it out of the
    garbage collector's full passes (``gc.freeze``). Each full pass otherwise walks all of it (~150,000 objects,
    ~70 ms here) and stops every session meanwhile, which is what a 95th percentile under load measures."""
    gc.collect()
    gc.freeze()
