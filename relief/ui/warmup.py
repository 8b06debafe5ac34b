"""The warm-up: before the first visitor, do what the first visit would do."""

from __future__ import annotations

from .. import dataset as ds
from .loading import _cached_view, _load, data_folder, data_key, settings_key


def warm_up() -> None:
    """Imports, data, the default chart. Called once in a background thread by ``serve.py``.

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
    for kind, values in (("overview", {}), ("anatomy", {}), ("routes", explorer)):  # the landing page, then the tool
        built = _cached_view(kind, data_key(dataset.origin, None), settings_key(values), "light", False, dataset,
                             values)
        if built.figure is not None:
            built.figure.to_json()  # plotly's JSON encoder, as st.plotly_chart will use it
