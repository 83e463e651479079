"""Make sure a Docker engine answers, starting Debian's ``dockerd`` in the background when none does.

The engine started here is a daemon like on any host: it deliberately outlives the test run that started
it (later runs re-use it, and its image cache). Stop it with ``kill $(cat ~/.cache/healing/dockerd.pid)``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from pathlib import Path

import docker

from controller.devenv.images import cache_dir, cache_lock

log = logging.getLogger(__name__)

DEFAULT_SOCKET = Path("/var/run/docker.sock")
# overlay2 is the fast one; vfs always works (copies every layer) when overlayfs cannot be mounted here.
STORAGE_DRIVERS = ("overlay2", "fuse-overlayfs", "vfs")


class DockerUnavailable(RuntimeError):
    """No engine answers and none could be started; the message says why."""


def _socket_path() -> Path | None:
    """The unix socket the client will use, or None for a non-unix DOCKER_HOST (left alone)."""
    host = os.environ.get("DOCKER_HOST", "")
    if not host:
        return DEFAULT_SOCKET
    return Path(host.removeprefix("unix://")) if host.startswith("unix://") else None


def _ping() -> docker.DockerClient | None:
    """A client (generous timeout, for builds) if the engine answers a quick ping, else None."""
    try:
        docker.from_env(version="auto", timeout=5).ping()
        return docker.from_env(version="auto", timeout=300)
    except (docker.errors.DockerException, OSError):
        return None


def _start_dockerd(socket: Path, driver: str) -> subprocess.Popen[bytes]:
    dockerd = shutil.which("dockerd")
    if not dockerd:
        raise DockerUnavailable("dockerd not found: run .ci/install-system-deps.sh (installs docker.io)")
    logfile = cache_dir() / "dockerd.log"
    cmd = [dockerd, f"--host=unix://{socket}", f"--storage-driver={driver}", "--pidfile", str(_pidfile())]
    if not shutil.which("iptables"):
        # Without iptables there is no NAT for published ports; containers still get bridge IPs that the
        # host reaches directly, which is what the tests use.
        cmd.append("--iptables=false")
    log.info("starting %s (log: %s)", " ".join(cmd), logfile)
    with logfile.open("ab") as out:
        # own session: dockerd must not die with the test process group (it is a host daemon).
        return subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )


def _pidfile() -> Path:
    return cache_dir() / "dockerd.pid"


def ensure_docker(timeout: float = 60) -> docker.DockerClient:
    """Return a client for an engine that answers ping; start ``dockerd`` if nothing listens on the socket.

    Storage drivers are tried in order (overlay2, fuse-overlayfs, vfs) until one daemon comes up.
    Raises DockerUnavailable with the daemon's last log lines when none does within ``timeout`` seconds.
    """
    if client := _ping():
        return client
    socket = _socket_path()
    if socket is None:
        raise DockerUnavailable(f"DOCKER_HOST={os.environ['DOCKER_HOST']} does not answer")
    if os.geteuid() != 0:
        raise DockerUnavailable("no Docker engine answers and starting dockerd needs root")
    with cache_lock("dockerd"):
        # another test process may have started it while we waited for the lock
        return _ping() or _start_first_working_driver(socket, timeout)


def _start_first_working_driver(socket: Path, timeout: float) -> docker.DockerClient:
    errors: list[str] = []
    for driver in STORAGE_DRIVERS:
        if driver == "fuse-overlayfs" and not shutil.which("fuse-overlayfs"):
            continue
        proc = _start_dockerd(socket, driver)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if client := _ping():
                log.info("dockerd (pid %d, %s) is up", proc.pid, driver)
                return client
            time.sleep(0.2)
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
        log_tail = (cache_dir() / "dockerd.log").read_text(errors="replace").splitlines()[-15:]
        errors.append(f"--storage-driver={driver}: rc={proc.returncode}\n  " + "\n  ".join(log_tail))
    raise DockerUnavailable("could not start dockerd:\n" + "\n".join(errors))


def main() -> None:
    """``python -m controller.devenv.docker_engine``: start the engine if needed and print its version."""
    logging.basicConfig(level=logging.INFO)
    print(ensure_docker().version()["Version"])


if __name__ == "__main__":
    main()
