"""``make bench-slow``: a first view over a slow link, ours against the bare app (and an earlier revision).

Each round starts each app fresh and opens its landing page in a new browser context (empty cache) through
Chromium's own network and CPU emulation: 1.6 Mbps down, 750 kbps up, 150 ms round trip, the CPU 4x slower (a
phone on a poor mobile link, Lighthouse's "slow 4G"). It records the first contentful paint (the page stops being
white) and the first chart drawn, and how many bytes went over the wire. Rounds are interleaved; medians with
min–max. Everything runs on loopback and stops by itself.

    .venv/bin/python bench/slow_link.py [--rounds 3] [--before REV]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BASELINE, CHART, CHROMIUM_ARGS, OURS, ROOT, checkout, start

from relief.servers import stop

LINK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4


def slow_round(browser, app) -> dict[str, float]:
    process, url, _ = start(app)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", LINK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        received = []
        cdp.on("Network.loadingFinished", lambda event: received.append(event.get("encodedDataLength", 0)))
        began = time.perf_counter()
        page.goto(url + app.page, wait_until="commit", timeout=180_000)
        page.wait_for_function(f"() => !!document.querySelector('{CHART} .main-svg .trace')", timeout=180_000)
        chart = time.perf_counter() - began
        paint = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
        context.close()
    finally:
        stop(process)
    return {"first_paint_s": (paint or float("nan")) / 1000, "first_chart_s": chart, "mb_received": sum(received) / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", metavar="REV", help="also measure our app at this git revision")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "slow_link.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-slow-") as scratch:
        apps = [OURS, BASELINE]
        if args.before:
            apps.insert(1, replace(OURS, name="before", root=checkout(args.before, Path(scratch) / "tree")))
        rounds: dict[str, list[dict[str, float]]] = {app.name: [] for app in apps}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=CHROMIUM_ARGS)
                for _ in range(args.rounds):
                    for app in apps:
                        rounds[app.name].append(slow_round(browser, app))
                browser.close()
        finally:
            if args.before:
                subprocess.run(["git", "worktree", "remove", "--force", str(Path(scratch) / "tree")], cwd=ROOT,
                               check=False, capture_output=True)
    results = {name: {metric: {"median": statistics.median(r[metric] for r in runs),
                               "min": min(r[metric] for r in runs), "max": max(r[metric] for r in runs)}
                      for metric in runs[0]} for name, runs in rounds.items()}
    args.out.write_text(json.dumps({"before": args.before, "rounds": args.rounds, "results": results}, indent=2))
    print(f"Slow link ({LINK['downloadThroughput'] * 8 / 1e6:.1f} Mbps, {LINK['latency']} ms, CPU ÷{CPU_SLOWDOWN}), "
          f"{args.rounds} interleaved rounds, medians (min–max):\n")
    print("| metric | " + " | ".join(rounds) + " | ours ÷ baseline |")
    print("|---|" + "---|" * len(rounds) + "---|")
    for metric in ("first_paint_s", "first_chart_s", "mb_received"):
        cells = [f"{results[n][metric]['median']:.2f} ({results[n][metric]['min']:.2f}–{results[n][metric]['max']:.2f})"
                 for n in rounds]
        ratio = results["ours"][metric]["median"] / results["baseline"][metric]["median"]
        print(f"| {metric} | " + " | ".join(cells) + f" | {ratio:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
