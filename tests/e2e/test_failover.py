"""Two replicas behind nginx: kill the one serving a viewer, the page comes back with the same view."""

from __future__ import annotations

import gzip
import re
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..programs import require
from .conftest import ROOT, fresh_page
from .helpers import chart_state, no_exception, wait_for_app

sys.path.insert(0, str(ROOT / "deploy" / "nginx"))
from cluster import Cluster

FAILOVER_SECONDS: list[float] = []
pytestmark = pytest.mark.xdist_group("failover")  # in parallel runs, one worker takes both: one cluster, not two


@pytest.fixture(scope="module")
def cluster():
    require("nginx")  # make test installs it; a test never installs a program itself
    with Cluster(2) as running:
        yield running


def test_scripts_come_compressed_through_nginx(cluster):
    page = urllib.request.urlopen(f"{cluster.url}/", timeout=30).read().decode()
    script = re.search(r'src="\./(static/js/index\.[\w-]+\.js)"', page).group(1)
    for encoding in ("gzip", "identity"):
        request = urllib.request.Request(f"{cluster.url}/{script}", headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read()
            if encoding == "gzip":
                assert answer.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in answer.headers["Vary"]
                plain = gzip.decompress(body)
            else:
                assert answer.headers["Content-Encoding"] is None
                assert body == plain and len(plain) > 3 * len(gzip.compress(plain))


def test_a_killed_replica_fails_over_to_the_other_with_the_same_view(browser, cluster):
    with fresh_page(browser, 1280, 800, clean_console=False) as page:  # the kill logs errors on purpose
        response = page.goto(f"{cluster.url}/explorer?routes=iv,oral&axis=linear&reading=generous")
        wait_for_app(page)
        before = chart_state(page)
        served_by = int(response.headers["x-relief-upstream"].rsplit(":", 1)[1])
        assert served_by in cluster.replicas
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        assert "relief_route" in cookies  # the sticky-session cookie

        killed_at = time.monotonic()
        cluster.kill(served_by)
        # the client notices the lost websocket ...
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stApp]')?.dataset.testConnectionState !== 'CONNECTED'",
            timeout=30_000, polling=50)
        # ... reconnects through nginx to the other replica, and asks for the page with its address,
        # so the view comes back from the URL
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stApp]')?.dataset.testConnectionState === 'CONNECTED'"
            " && !!document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot .main-svg .trace')",
            timeout=60_000, polling=100)
        wait_for_app(page)
        FAILOVER_SECONDS.append(time.monotonic() - killed_at)
        assert chart_state(page) == before and before["axis"] == "linear"
        expect(page.get_by_text("not medical advice").first).to_be_visible()
        no_exception(page)
        # the first click on the survivor works (no fragment it does not know, no silent no-op)
        page.get_by_role("radiogroup", name="Axis").get_by_role("radio", name="Log").click()
        expect(page).to_have_url(re.compile(r"/explorer\?routes=iv%2Coral&reading=generous$"), timeout=60_000)
        page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.xaxis?.type === 'log'",
                               timeout=60_000)
        survivor = next(p for p in cluster.replicas if p != served_by)
        check = page.request.get(f"{cluster.url}/_stcore/health")
        assert check.ok and check.headers["x-relief-upstream"].endswith(f":{survivor}")
        Path(ROOT / "tests" / "artifacts").mkdir(parents=True, exist_ok=True)
        (ROOT / "tests" / "artifacts" / "failover.txt").write_text(f"{FAILOVER_SECONDS[-1]:.2f} s\n")
