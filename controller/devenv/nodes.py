"""Throw-away "node" hosts: containers running real systemd as PID 1, reachable from the host like a real node.

The node's system D-Bus socket and its persistent journal live in host directories bind-mounted into the
container, so the host agent (or a test) talks to its systemd over D-Bus (``dbus_address``) and reads its
logs with the host's ``journalctl --directory`` (``journal_dir``), exactly as it would on a real host.
``--privileged`` is not available here; the capabilities below are what systemd needs to boot.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
import tempfile
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import docker
from docker.models.containers import Container

from controller.constants import GROUP
from controller.devenv.images import NODE_IMAGE

TEST_LABEL = f"{GROUP}/test"
NODE_LABEL_KEY = f"{GROUP}/test-node"
# SYS_ADMIN: mounts and cgroups for systemd; NET_ADMIN: interfaces; SYS_PTRACE: /proc/<pid> of other
# processes (systemd, ss -p); SYS_NICE: unit scheduling settings. SYS_RESOURCE is not in this machine's
# bounding set (runc fails with "unable to apply caps"), so units must not raise hard limits.
NODE_CAPS = ("SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_NICE", "KILL", "AUDIT_WRITE")
RUNNING_STATES = ("running", "degraded")


class NodeError(RuntimeError):
    """The node container did not boot or a command in it failed; the message carries its output."""


class SystemdNode:
    """A container from ``healing-test/node`` booting systemd; use as a context manager (always removed).

    >>> with SystemdNode(client) as node:
    ...     node.wait_until_running()
    ...     node.install_unit("web.service", "[Service]\\nExecStart=/bin/sleep infinity\\n")
    """

    def __init__(
        self,
        client: docker.DockerClient,
        *,
        image: str = NODE_IMAGE,
        name: str | None = None,
        labels: dict[str, str] | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        """``options``: more keyword arguments for ``containers.create`` (the kube node's capabilities, devices,
        cgroup namespace, volumes). Its ``volumes`` are added to the node's own (a host path mapped to None drops
        one of those); every other key replaces the default."""
        self.client = client
        self.image = image
        self.name = name or f"healing-node-{uuid.uuid4().hex[:8]}"
        self.hostname = self.name
        self.labels = {TEST_LABEL: "true", NODE_LABEL_KEY: self.name, **(labels or {})}
        self._host_dir = Path(tempfile.mkdtemp(prefix=f"{self.name}-"))
        self.dbus_dir = self._host_dir / "dbus"
        self.journal_dir = self._host_dir / "journal"
        self.dbus_dir.mkdir()
        self.journal_dir.mkdir()
        self._container: Container | None = None
        self.options = dict(options or {})

    # --- lifecycle --------------------------------------------------------------------------------------

    def start(self) -> Self:
        try:
            # create, then start: a container that fails to start is still known here and removed.
            options = dict(self.options)
            volumes = {
                "/sys/fs/cgroup": {"bind": "/sys/fs/cgroup", "mode": "rw"},
                # Docker mounts shallower paths first, so /run/dbus lands on top of the /run tmpfs.
                str(self.dbus_dir): {"bind": "/run/dbus", "mode": "rw"},
                str(self.journal_dir): {"bind": "/var/log/journal", "mode": "rw"},
            }
            volumes.update(options.pop("volumes", {}))
            self._container = self.client.containers.create(
                self.image,
                **{
                    "name": self.name,
                    "hostname": self.hostname,
                    "labels": self.labels,
                    "cap_add": list(NODE_CAPS),
                    "security_opt": ["seccomp=unconfined", "apparmor=unconfined"],
                    "cgroupns": "host",
                    "tmpfs": {"/run": "rw,exec,mode=755", "/run/lock": "rw,mode=1777", "/tmp": "rw,exec,mode=1777"},
                    "stop_signal": "SIGRTMIN+3",
                    **options,
                    "volumes": {k: v for k, v in volumes.items() if v is not None},
                },
            )
            self._container.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Remove the container (give systemd a moment to shut down) and the host directories."""
        if self._container is not None:
            with contextlib.suppress(docker.errors.APIError):
                self._container.stop(timeout=5)
            with contextlib.suppress(docker.errors.NotFound):
                self._container.remove(force=True, v=True)
            self._container = None
        shutil.rmtree(self._host_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def host_dir(self) -> Path:
        """The host directory of this node's bind mounts (removed by stop())."""
        return self._host_dir

    # --- addresses ------------------------------------------------------------------------------------

    @property
    def container(self) -> Container:
        if self._container is None:
            raise NodeError(f"node {self.name} is not started")
        return self._container

    @property
    def container_id(self) -> str:
        return self.container.id or ""

    @property
    def dbus_socket(self) -> Path:
        return self.dbus_dir / "system_bus_socket"

    @property
    def dbus_address(self) -> str:
        """The node's system bus as seen from the host, for dbus-fast ``MessageBus(bus_address=...)``."""
        return f"unix:path={self.dbus_socket}"

    @property
    def ip_address(self) -> str:
        """The container's bridge address: the host reaches the node's ports here directly."""
        self.container.reload()
        networks = self.container.attrs["NetworkSettings"]["Networks"]
        return next(iter(networks.values()))["IPAddress"]

    # --- inside the node ------------------------------------------------------------------------------

    def exec(self, cmd: str | list[str]) -> tuple[int, str]:
        """Run a command in the node (a string goes through /bin/sh -c); return (exit code, stdout+stderr)."""
        argv = ["/bin/sh", "-c", cmd] if isinstance(cmd, str) else cmd
        result = self.container.exec_run(argv, demux=False)
        return result.exit_code or 0, (result.output or b"").decode(errors="replace")

    def check(self, cmd: str | list[str]) -> str:
        """Like exec, but raise NodeError on a non-zero exit code."""
        rc, out = self.exec(cmd)
        if rc != 0:
            raise NodeError(f"{cmd!r} failed in {self.name} (rc={rc}): {out}")
        return out

    def wait_until_running(self, timeout: float = 60) -> str:
        """Wait until ``systemctl is-system-running`` says running/degraded and the bus socket exists."""
        deadline = time.monotonic() + timeout
        state = "not started"
        while time.monotonic() < deadline:
            self.container.reload()
            if self.container.status not in ("created", "running"):
                logs = self.container.logs(tail=40).decode(errors="replace")
                raise NodeError(f"node {self.name} exited ({self.container.status}):\n{logs}")
            if self.container.status == "running":
                _, out = self.exec(["systemctl", "is-system-running"])
                state = out.strip()
                if state in RUNNING_STATES and self.dbus_socket.is_socket():
                    return state
            time.sleep(0.2)
        _, failed = self.exec(["systemctl", "--failed", "--no-legend"])
        raise NodeError(f"node {self.name} not running after {timeout}s (state {state!r}); failed units:\n{failed}")

    def write_file(self, path: str, text: str, mode: int = 0o644) -> None:
        """Create or replace a file in the node (parent directory must exist)."""
        data = text.encode()
        archive = io.BytesIO()
        with tarfile.open(fileobj=archive, mode="w") as tar:
            info = tarfile.TarInfo(Path(path).name)
            info.size, info.mode, info.mtime = len(data), mode, int(time.time())
            tar.addfile(info, io.BytesIO(data))
        if not self.container.put_archive(str(Path(path).parent), archive.getvalue()):
            raise NodeError(f"could not write {path} in {self.name}")

    def install_unit(self, name: str, text: str) -> None:
        """Write /etc/systemd/system/<name> and daemon-reload so systemd knows it."""
        self.write_file(f"/etc/systemd/system/{name}", text)
        self.check(["systemctl", "daemon-reload"])

    # --- from the host --------------------------------------------------------------------------------

    def journal(self, unit: str | None = None, *args: str) -> str:
        """The node's journal read on the host with ``journalctl --directory`` (optionally one unit)."""
        cmd = ["journalctl", f"--directory={self.journal_dir}", "--no-pager", "-o", "short-iso", *args]
        if unit:
            cmd += ["-u", unit]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
        if result.returncode != 0:
            raise NodeError(f"{' '.join(cmd)} failed (rc={result.returncode}): {result.stderr}")
        return result.stdout
