"""N replicas of the app behind nginx on loopback: ``make serve-cluster N=2``.

Starts N copies of ``serve.py`` on consecutive loopback ports, renders
``nginx.conf.template`` into a private temporary prefix (no root paths, no
system service) and runs nginx in the foreground until Ctrl-C, then stops
everything. Installs Debian's nginx non-interactively when it is missing.
Also used by the failover test (``Cluster``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from relief.servers import command, free_ports, stop, wait_healthy  # noqa: E402

TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def nginx_binary(install: bool = True) -> str | None:
    """The nginx executable, installing Debian's package (without starting its service) if needed."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found or not install or not shutil.which("apt-get"):
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-qq"],
                 ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx"]):
        if subprocess.run(sudo + step, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
            return None
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)




def render(listen: str, ports: list[int], prefix: Path) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    return (TEMPLATE.read_text().replace("{{prefix}}", str(prefix)).replace("{{listen}}", listen)
            .replace("{{servers}}", servers))


class Cluster:
    """``with Cluster(2) as c:`` N replicas and nginx on loopback; ``c.url``, ``c.replicas`` (port → process)."""

    def __init__(self, replicas: int = 2, port: int | None = None):
        self.count = replicas
        self.port = port
        self.replicas: dict[int, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.prefix = Path(tempfile.mkdtemp(prefix="relief-nginx-"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Cluster:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed and could not be installed")
        ports = free_ports(self.count + (0 if self.port else 1))
        if not self.port:
            self.port = ports.pop()
        for port in ports:
            self.replicas[port] = subprocess.Popen(command(port), cwd=ROOT, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL)
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health")
        for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.prefix / folder).mkdir(exist_ok=True)
        config = self.prefix / "nginx.conf"
        config.write_text(render(f"127.0.0.1:{self.port}", ports, self.prefix))
        self.nginx = subprocess.Popen([binary, "-p", str(self.prefix), "-c", str(config), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_healthy(f"{self.url}/_stcore/health")
        return self

    def kill(self, port: int) -> None:
        """Kill one replica outright (no clean shutdown), as a crash would."""
        self.replicas[port].send_signal(signal.SIGKILL)
        self.replicas[port].wait(timeout=10)

    def __exit__(self, *exc) -> None:
        for process in [self.nginx, *self.replicas.values()]:
            if process is not None and process.poll() is None:
                stop(process)
        shutil.rmtree(self.prefix, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", "-n", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    with Cluster(args.replicas, args.port) as cluster:
        print(f"{args.replicas} replicas on {', '.join(map(str, cluster.replicas))} behind nginx at {cluster.url} "
              "(Ctrl-C stops everything)", flush=True)
        try:
            while all(p.poll() is None for p in [cluster.nginx, *cluster.replicas.values()]):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
