"""Running the app as a process: free ports, the command line, waiting for health, stopping.

Shared by the e2e tests, the benchmark and the nginx cluster script, so all of
them start and stop the app the same way. Standard library only.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

QUIET = ("--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false")


def free_ports(count: int) -> list[int]:
    """``count`` distinct loopback ports that were free a moment ago."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def free_port() -> int:
    return free_ports(1)[0]


def command(port: int, script: str = "serve.py", *extra: str, python: str = sys.executable) -> list[str]:
    """``streamlit run`` for ``script`` on a loopback port, headless, without usage statistics."""
    return [python, "-m", "streamlit", "run", script, "--server.port", str(port), *QUIET, *extra]


def wait_healthy(url: str, process: subprocess.Popen | None = None, timeout: float = 60,
                 poll: float = 0.05) -> float:
    """Wait until ``url`` answers 200; seconds waited. Fails early, with its output, if ``process`` exits."""
    began = time.perf_counter()
    deadline = began + timeout
    while time.perf_counter() < deadline:
        if process is not None and process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"the app exited early:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - began
        except OSError:
            time.sleep(poll)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """Terminate, and kill if it has not gone within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
