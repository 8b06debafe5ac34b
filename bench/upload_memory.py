"""Memory after uploads: 50 browser sessions each upload a data folder and leave.

Starts the app on a free loopback port (disconnected sessions kept 2 s instead
of 2 minutes, so the run is short), measures the server's resident memory
(RSS) after a warm-up, drives 50 sessions that upload the example folder on
"Your data" and close, waits for the server to drop them, and measures again.
Passes (exit 0) when RSS is back within 10 % of the start.

    .venv/bin/python bench/upload_memory.py [--sessions 50]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from relief.servers import command, free_port

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "example_guideline"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def session(browser, url: str, files: list[str]) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/your_data")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files)
    expect(page.get_by_text("Your data is valid")).to_be_visible(timeout=60_000)
    context.close()


def settle(browser, url: str, seconds: float) -> None:
    """Wait past the disconnected-session TTL, then touch the server so expired sessions are dropped."""
    time.sleep(seconds)
    context = browser.new_context()
    context.new_page().goto(url)
    context.close()
    time.sleep(2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(command(port, "app.py", "--server.disconnectedSessionTTL", "2"),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    files = [str(p) for p in sorted(EXAMPLE.iterdir()) if p.suffix in {".csv", ".txt", ".json"}]
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(3):  # warm-up: imports, caches, first-upload allocations
                session(browser, url, files)
            settle(browser, url, 4)
            start = rss_mb(server.pid)
            peak = start
            began = time.monotonic()
            for _ in range(args.sessions):
                session(browser, url, files)
                peak = max(peak, rss_mb(server.pid))
            elapsed = time.monotonic() - began
            settle(browser, url, 4)
            end = rss_mb(server.pid)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    change = (end - start) / start
    report = {"sessions": args.sessions, "rss_start_mb": round(start, 1), "rss_peak_mb": round(peak, 1),
              "rss_end_mb": round(end, 1), "change": round(change, 4), "seconds": round(elapsed, 1),
              "within_10_percent": abs(change) <= 0.10}
    print(json.dumps(report, indent=2))
    return 0 if report["within_10_percent"] else 1


if __name__ == "__main__":
    sys.exit(main())
