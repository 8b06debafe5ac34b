"""deploy/: the manifests, the image recipe, the unit file and the nginx config are valid and say what we need.

No container engine or cluster runs here: manifests are checked against the Kubernetes schemas
(kubernetes-validate), the Dockerfile with hadolint, the unit with systemd-analyze and the nginx
configuration with ``nginx -t``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from ..programs import require

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def manifests() -> dict[str, dict]:
    return {doc["kind"]: doc for path in sorted((DEPLOY / "k8s").glob("*.yaml"))
            for doc in yaml.safe_load_all(path.read_text()) if doc}


def test_kubernetes_manifests_validate_against_the_schemas():
    files = sorted(str(p) for p in (DEPLOY / "k8s").glob("*.yaml"))
    result = subprocess.run([require("kubernetes-validate"), "--strict", "--quiet", *files],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deployment_service_and_ingress_say_what_a_shared_server_needs():
    docs = manifests()
    spec = docs["Deployment"]["spec"]
    assert spec["replicas"] >= 2
    container = spec["template"]["spec"]["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    assert spec["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    notes = docs["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert docs["Service"]["spec"]["selector"] == spec["selector"]["matchLabels"]


def test_dockerfile_passes_hadolint_and_runs_as_non_root_with_a_health_check():
    result = subprocess.run([require("hadolint"), "--failure-threshold", "info", str(DEPLOY / "Dockerfile")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (DEPLOY / "Dockerfile").read_text()
    assert "-slim" in text and "USER 10001" in text and "/_stcore/health" in text
    assert "pip install --no-cache-dir -r requirements.txt" in text and 'run", "serve.py"' in text


def test_requirements_are_exact_pins():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if line.strip() and not line.startswith(("#", "-r")):
                assert "==" in line, f"{name}: {line}"


def test_systemd_unit_verifies(tmp_path):
    unit = (DEPLOY / "systemd" / "ketamine-relief@.service").read_text()
    runnable = unit.replace("/opt/ketamine-relief/.venv/bin/python", sys.executable)
    copy = tmp_path / "ketamine-relief@8601.service"
    copy.write_text(runnable)
    result = subprocess.run([require("systemd-analyze"), "verify", str(copy)], capture_output=True, text=True)
    problems = [line for line in result.stderr.splitlines() if "ketamine-relief" in line]
    assert problems == [], problems


def test_nginx_configuration_is_accepted_by_nginx(tmp_path):
    sys.path.insert(0, str(DEPLOY / "nginx"))
    from cluster import render

    binary = require("nginx")
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / folder).mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(render("127.0.0.1:18080", [18601, 18602], tmp_path))
    text = config.read_text()
    assert "hash $relief_route consistent" in text and "proxy_set_header Upgrade" in text
    gzip_types = next(line for line in text.splitlines() if line.strip().startswith("gzip_types"))
    assert "gzip on;" in text and "gzip_proxied any;" in text and "application/javascript" in gzip_types
    result = subprocess.run([binary, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
