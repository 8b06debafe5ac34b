"""Static images on a host whose browser goes wrong: a clear sentence, a lock that is freed, nothing that hangs."""

from __future__ import annotations

import os
import stat
import threading
import time

import plotly.graph_objects as go
import pytest

from relief import exports, images


def _fake_browser(tmp_path, body: str):
    path = tmp_path / "chromium"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def _figure():
    return go.Figure(go.Scatter(x=[1, 2], y=[1, 2]))


def test_a_browser_that_exits_at_once_is_said_in_words_and_frees_the_lock(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", _fake_browser(tmp_path, "exit 1"))
    renderer = images.Renderer(start_seconds=5)
    status = renderer.status(wait=5)
    assert not status.ok and "does not run" in status.reason and "CSV" in status.reason
    with pytest.raises(images.ImageError, match="does not run"):
        renderer.render(_figure(), "png", 400, 300, 1)
    assert not renderer._lock.locked()  # every later image export is free to try


def test_a_browser_that_hangs_at_start_gives_up_within_the_limit(tmp_path, monkeypatch):
    # Says its version (so it passes the quick check), then never answers kaleido.
    hang = _fake_browser(tmp_path, 'case "$1" in --version) echo "Chromium 1"; exit 0;; esac\nexec sleep 60')
    monkeypatch.setenv("BROWSER_PATH", hang)
    renderer = images.Renderer(start_seconds=2, queue_seconds=1)
    started = time.monotonic()
    with pytest.raises(images.ImageError, match="did not start within 2 s"):
        renderer.render(_figure(), "png", 400, 300, 1)
    assert time.monotonic() - started < 15
    assert not renderer._lock.locked()
    # Known broken for a while: the next request is answered at once, with the same words.
    with pytest.raises(images.ImageError, match="did not start"):
        renderer.render(_figure(), "svg", 400, 300, 1)
    assert not renderer.status().ok


def test_a_busy_renderer_makes_the_next_request_wait_a_bounded_time(monkeypatch):
    renderer = images.Renderer(queue_seconds=0.2)
    renderer._lock.acquire()  # another session's image is being made
    try:
        with pytest.raises(images.ImageError, match="try again"):
            renderer.render(_figure(), "png", 400, 300, 1)
    finally:
        renderer._lock.release()


def test_only_daemon_threads_so_sigterm_is_never_held(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", _fake_browser(tmp_path, 'case "$1" in --version) exit 0;; esac\nexec sleep 60'))
    renderer = images.Renderer(start_seconds=1)
    renderer.status(wait=0)
    time.sleep(0.1)
    ours = [t for t in threading.enumerate() if t.name.startswith("relief-images")]
    assert ours and all(t.daemon for t in ours)


def test_the_browser_is_found_where_kaleido_looks_not_only_on_path(monkeypatch):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.fail("Chromium is missing: run make test, which installs Debian's chromium")
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")  # a trimmed PATH (systemd units, cron)
    assert images.find_browser() == "/usr/bin/chromium"


def test_exports_image_status_on_this_machine():
    assert exports.image_status().ok


@pytest.mark.parametrize(("value", "seconds"), [(None, 20.0), ("", 20.0), ("600", 600.0), ("2.5", 2.5),
                                                ("ten", 20.0), ("0", 20.0), ("-5", 20.0), ("inf", 20.0),
                                                ("nan", 20.0)])
def test_the_browser_start_limit_setting_never_breaks_the_server(value, seconds):
    """RELIEF_IMAGE_START_SECONDS: a number of seconds, else the default (a typo never stops the app loading)."""
    assert images.start_seconds(value) == seconds
