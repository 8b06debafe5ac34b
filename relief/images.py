"""Static images (PNG, SVG) of plotly figures, through kaleido and a Chrome or Chromium on the server.

Every wait is bounded, so a browser that is missing, exits at once (a snap stub in a container) or hangs can never
hold a download, the image lock or the server's shutdown:

- the browser is found the way kaleido finds it (``BROWSER_PATH``, then ``PATH``, then the usual install places:
  ``Chromium.find_browser``), not by ``PATH`` alone;
- one browser per process, on a daemon thread with its own event loop; starting it may take at most
  ``START_SECONDS``, one image at most ``RENDER_SECONDS``, and waiting for another session's image at most
  ``QUEUE_SECONDS``; each limit, when reached, raises :class:`ImageError` with a sentence a viewer can read;
- a browser that failed to start is not tried again for ``RETRY_SECONDS`` (the status says why), one that timed out
  is closed and started afresh on the next request;
- daemon threads only: SIGTERM stops the server at once, whatever an image is doing.

kaleido's own ``start_sync_server`` is not used: its queue waits forever when the browser dies at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import plotly.graph_objects as go


# How long the server's browser may take to start (RELIEF_IMAGE_START_SECONDS: a slow host may need longer)
def start_seconds(value: str | None, default: float = 20.0) -> float:
    """The setting's seconds; the default for none, a word that is not a number, zero or less."""
    try:
        seconds = float(value) if value else default
    except ValueError:
        return default
    return seconds if 0 < seconds < float("inf") else default


START_SECONDS = start_seconds(os.environ.get("RELIEF_IMAGE_START_SECONDS"))
RENDER_SECONDS = 30.0
QUEUE_SECONDS = 45.0
RETRY_SECONDS = 60.0


class ImageError(RuntimeError):
    """An image could not be made; ``str(error)`` is a sentence for the viewer."""


@dataclass(frozen=True)
class Status:
    ok: bool
    reason: str = ""  # why images cannot be made, in words for the viewer; empty when ok


def find_browser() -> str | None:
    """Where kaleido would look for a browser: ``BROWSER_PATH``, ``PATH``, then the usual install places."""
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:  # pragma: no cover - kaleido is in requirements.txt
        return None
    try:
        return Chromium.find_browser(skip_local=False)
    except Exception:
        return None


NO_BROWSER = ("Images need Chrome or Chromium on the server, and none was found; the data (CSV) and the offline "
              "page still work.")


class Renderer:
    """One browser for the process, driven on a daemon thread; every call bounded in time."""

    def __init__(self, start_seconds: float = START_SECONDS, render_seconds: float = RENDER_SECONDS,
                 queue_seconds: float = QUEUE_SECONDS, retry_seconds: float = RETRY_SECONDS) -> None:
        self.start_seconds, self.render_seconds = start_seconds, render_seconds
        self.queue_seconds, self.retry_seconds = queue_seconds, retry_seconds
        self._lock = threading.Lock()  # one image at a time
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._failed: tuple[float, str] | None = None  # (when, why) the browser last failed to start
        self._probe: threading.Thread | None = None
        self._probe_guard = threading.Lock()

    # -- the browser -------------------------------------------------------------------------------------------
    def _start(self) -> None:
        if self._kaleido is not None:
            return
        if self._failed and time.monotonic() - self._failed[0] < self.retry_seconds:
            raise ImageError(self._failed[1])
        path = find_browser()
        if not path:
            self._failed = (time.monotonic(), NO_BROWSER)
            raise ImageError(NO_BROWSER)
        try:  # a stub that cannot even say its version (a snap wrapper in a container) fails here at once
            answer = subprocess.run([path, "--version"], capture_output=True, timeout=self.start_seconds, check=False)
            works = answer.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            works = False
        if not works:
            self._failed = (time.monotonic(), f"The server's browser ({path}) does not run, so images cannot be made "
                                              f"now; the data (CSV) and the offline page still work.")
            raise ImageError(self._failed[1])
        import kaleido

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="relief-images", daemon=True).start()

        async def open_browser():
            k = kaleido.Kaleido(n=1, timeout=self.render_seconds)
            await k.open()
            return k

        future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        try:
            self._kaleido = future.result(timeout=self.start_seconds)
            self._loop = loop
            self._failed = None
        except Exception as error:
            future.cancel()
            loop.call_soon_threadsafe(loop.stop)
            late = isinstance(error, FutureTimeout | TimeoutError)
            why = (f"The server's browser ({path}) did not start within {self.start_seconds:g} s"
                   if late else f"The server's browser ({path}) closed as soon as it started")
            self._failed = (time.monotonic(), f"{why}, so images cannot be made now; the data (CSV) and the offline "
                                              f"page still work.")
            raise ImageError(self._failed[1]) from error

    def _close(self) -> None:
        k, loop, self._kaleido, self._loop = self._kaleido, self._loop, None, None
        if loop is None:
            return
        if k is not None:
            closing = asyncio.run_coroutine_threadsafe(k.close(), loop)
            with contextlib.suppress(Exception):  # the browser is dropped whatever happens
                closing.result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)

    def status(self, wait: float = 1.5) -> Status:
        """Can images be made? Never raises. The first call starts the browser on a daemon thread and waits at
        most ``wait`` seconds: a browser that exits at once is known by then (and reported), a healthy one that
        is still starting counts as working (a render then waits for it, bounded as always)."""
        if self._kaleido is not None:
            return Status(True)
        if self._failed and time.monotonic() - self._failed[0] < self.retry_seconds:
            return Status(False, self._failed[1])
        with self._probe_guard:
            if self._probe is None or not self._probe.is_alive():
                self._probe = threading.Thread(target=self._probe_start, name="relief-images-probe", daemon=True)
                self._probe.start()
            probe = self._probe
        probe.join(timeout=wait)
        if self._failed and not probe.is_alive():
            return Status(False, self._failed[1])
        return Status(True)

    def _probe_start(self) -> None:
        if not self._lock.acquire(timeout=self.queue_seconds):
            return
        try:
            self._start()
        except ImageError:
            pass  # recorded in self._failed
        finally:
            self._lock.release()

    def render(self, fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
        if not self._lock.acquire(timeout=self.queue_seconds):
            raise ImageError(f"Other images were being made for more than {self.queue_seconds:g} s; try again.")
        try:
            self._start()
            assert self._loop is not None and self._kaleido is not None
            opts = {"format": fmt, "width": width, "height": height, "scale": scale}
            future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(fig.to_dict(), opts=opts), self._loop)
            try:
                return future.result(timeout=self.render_seconds)
            except FutureTimeout as error:
                future.cancel()
                self._close()  # a browser that hung is not trusted with the next image
                raise ImageError(f"The image was not ready within {self.render_seconds:g} s; try again.") from error
            except Exception as error:
                self._close()
                raise ImageError("The server's browser failed while drawing the image; try again.") from error
        finally:
            self._lock.release()


RENDERER = Renderer()
