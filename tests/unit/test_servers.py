"""Starting and stopping the app as a process (relief.servers), without starting the app."""

from __future__ import annotations

import subprocess
import sys

import pytest

from relief import servers


def test_free_ports_are_distinct_and_the_command_is_headless_on_loopback():
    ports = servers.free_ports(5)
    assert len(set(ports)) == 5 and all(1024 < p < 65536 for p in ports)
    cmd = servers.command(8765, "app.py", "--server.baseUrlPath", "ketamine", python="/py")
    assert cmd[:5] == ["/py", "-m", "streamlit", "run", "app.py"]
    assert cmd[cmd.index("--server.port") + 1] == "8765" and cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[-2:] == ["--server.baseUrlPath", "ketamine"] and "--server.headless" in cmd


def test_waiting_fails_early_with_the_output_of_a_process_that_died():
    dead = subprocess.Popen([sys.executable, "-c", "print('port in use'); raise SystemExit(3)"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    dead.wait()
    with pytest.raises(RuntimeError, match="port in use"):
        servers.wait_healthy(f"http://127.0.0.1:{servers.free_port()}/_stcore/health", dead, timeout=30)


def test_waiting_gives_up_after_the_timeout_and_stop_ends_a_process():
    with pytest.raises(TimeoutError):
        servers.wait_healthy(f"http://127.0.0.1:{servers.free_port()}/", timeout=0.3)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    servers.stop(sleeper)
    assert sleeper.poll() is not None
