"""Hostile input, round two, through the app: no server path shown, an upload's views kept in its session only."""

from __future__ import annotations

from relief.dataset import BUNDLED
from relief.intake import load_uploads

from .helpers import open_page, plain


def test_a_missing_data_folder_is_reported_without_its_server_path(monkeypatch, tmp_path):
    missing = tmp_path / "secret-server-dir" / "data"
    monkeypatch.setenv("RELIEF_DATA", str(missing))
    at = open_page("pages/overview.py")
    said = " ".join(plain(w.value) for w in at.warning)
    assert "The data folder given to the server could not be used" in said
    assert "In the data folder: data folder not found" in said
    assert "secret-server-dir" not in said and str(tmp_path) not in said  # before: the path, to every viewer


def test_views_built_from_an_upload_stay_in_its_session(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from relief.ui import loading, widgets

    from .helpers import APP

    folder = BUNDLED / "examples" / "example_guideline"
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in {".csv", ".txt", ".json"}}
    result = load_uploads([(name, len(data), lambda data=data: data) for name, data in files.items()])
    assert result.ok
    shared = []
    original = widgets._cached_view

    def recording(kind, data_key, *args):
        shared.append(data_key)
        return original(kind, data_key, *args)

    monkeypatch.setattr(widgets, "_cached_view", recording)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["upload.result"] = result
    at.switch_page("pages/explorer.py")
    at.run()
    assert not at.exception
    kept = at.session_state[loading.SESSION_CACHE]
    assert any(key[0] == "view" and "upload:" in key[2] for key in kept)  # built, and kept in the session
    assert not [key for key in shared if "upload:" in key]  # never in the process-wide cache (before: no expiry)
