"""Run the operator and agents as child processes next to the local control plane.

Used by `healing up`, `healing demo` and end-to-end tests: the components run exactly as they would in a cluster
(their own processes, talking to the API server through a kubeconfig), not imported into the caller.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from controller.devenv.controlplane import free_ports


@dataclass
class ManagedProcess:
    """A child in its own process group, logging to a file; stopped with SIGTERM, then SIGKILL."""

    name: str
    argv: list[str]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> ManagedProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            self.argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **self.env},
            start_new_session=True,  # its own group: a Ctrl-C to us is handled by us, and we stop it cleanly
        )
        log.close()
        return self

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = 15.0, sig: int = signal.SIGTERM) -> int | None:
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
        else:
            # the leader is gone; its group may not be
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
        return self.popen.returncode

    def kill(self) -> None:
        """SIGKILL, as a crash would: used to prove restarts lose nothing."""
        self.stop(timeout=10, sig=signal.SIGKILL)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


def healing_argv(*args: str) -> list[str]:
    """The `healing` CLI of this very interpreter (works from a venv without the console script on PATH)."""
    return [sys.executable, "-m", "controller", *args]


def operator_process(kubeconfig: Path, log_dir: Path, *, extra_args: Sequence[str] = ()) -> ManagedProcess:
    metrics_port, liveness_port = free_ports(2)
    return ManagedProcess(
        name="operator",
        argv=healing_argv(
            "operator", "--metrics-port", str(metrics_port), "--liveness-port", str(liveness_port), *extra_args
        ),
        log_path=log_dir / "operator.log",
        env={"KUBECONFIG": str(kubeconfig), "PYTHONUNBUFFERED": "1"},
    )


def agent_process(
    kubeconfig: Path,
    log_dir: Path,
    node: str,
    *,
    dbus_address: str | None,
    docker_url: str | None,
    journal_dir: Path | None,
    state_dir: Path,
    extra_args: Sequence[str] = (),
) -> ManagedProcess:
    (metrics_port,) = free_ports(1)
    args = ["agent", "--node", node, "--state-dir", str(state_dir), "--metrics-port", str(metrics_port)]
    args += ["--dbus-address", dbus_address] if dbus_address else ["--no-systemd"]
    args += ["--docker-url", docker_url] if docker_url else ["--no-docker"]
    if journal_dir is not None:
        args += ["--journal-dir", str(journal_dir)]
    return ManagedProcess(
        name=f"agent-{node}",
        argv=healing_argv(*args, *extra_args),
        log_path=log_dir / f"agent-{node}.log",
        env={"KUBECONFIG": str(kubeconfig), "PYTHONUNBUFFERED": "1"},
    )


def host_dbus_address() -> str | None:
    """This host's system bus, when there is one (containers and CI machines often have none)."""
    path = Path("/run/dbus/system_bus_socket")
    return f"unix:path={path}" if path.is_socket() else None


def host_docker_url() -> str | None:
    host = os.environ.get("DOCKER_HOST")
    if host:
        return host
    path = Path("/var/run/docker.sock")
    return f"unix://{path}" if path.is_socket() else None


def wait_until(predicate, timeout: float, what: str, interval: float = 0.25):  # type: ignore[no-untyped-def]
    """Poll `predicate` until it returns something truthy; raise TimeoutError saying what was awaited."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what} (last: {last!r})")
