"""Helpers to run and drive a real agent process (integration tests and benchmarks).

`AgentProcess` runs `python -m controller agent ...` as a child in its own session and always stops it;
`Cluster` is a thin synchronous view of the CRs the agent writes, with waits that have deadlines.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

import kubernetes
from kubernetes.client import ApiException

from controller.constants import GROUP, HOSTREPORT_PLURAL, INCIDENT_PLURAL, NODE_LABEL, POLICY_PLURAL, VERSION

T = TypeVar("T")
MERGE = "application/merge-patch+json"


def wait_for(fn: Callable[[], T | None], timeout: float, what: str, interval: float = 0.1) -> T:
    """Poll fn until it returns something truthy; raise AssertionError naming `what` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


class AgentProcess:
    def __init__(
        self,
        kubeconfig: Path | str,
        node: str | None = None,
        *,
        dbus_address: str | None = None,
        docker_url: str | None = None,
        journal_dir: Path | str | None = None,
        state_dir: Path | str | None = None,
        log_path: Path | str | None = None,
        env: dict[str, str] | None = None,
        metrics_port: int = 0,
        host_paths: dict[str, list[str]] | None = None,
        heartbeat: float | None = None,
    ) -> None:
        self.kubeconfig = str(kubeconfig)
        self.node = node or f"node-{uuid.uuid4().hex[:8]}"
        self.dbus_address = dbus_address
        self.docker_url = docker_url
        self.journal_dir = journal_dir
        self._tmp = tempfile.mkdtemp(prefix="healing-agent-")
        self.state_dir = Path(state_dir or Path(self._tmp) / "state")
        self.log_path = Path(log_path or Path(self._tmp) / "agent.log")
        self.env = env or {}
        self.metrics_port = metrics_port
        self.host_paths = host_paths  # the node administrator's allow-list (agent --host-paths)
        self.heartbeat = heartbeat
        self.proc: subprocess.Popen[bytes] | None = None

    def argv(self) -> list[str]:
        argv = [sys.executable, "-m", "controller", "agent", "--node", self.node, "--state-dir", str(self.state_dir),
                "--metrics-port", str(self.metrics_port)]
        argv += ["--dbus-address", self.dbus_address] if self.dbus_address else ["--no-systemd"]
        argv += ["--docker-url", self.docker_url] if self.docker_url else ["--no-docker"]
        if self.journal_dir:
            argv += ["--journal-dir", str(self.journal_dir)]
        if self.heartbeat is not None:
            argv += ["--heartbeat", str(self.heartbeat)]
        if self.host_paths is not None:
            allow = Path(self._tmp) / "host-paths.yaml"
            allow.write_text(json.dumps(self.host_paths))
            argv += ["--host-paths", str(allow)]
        return argv

    def start(self) -> Self:
        env = {**os.environ, "KUBECONFIG": self.kubeconfig, "HEALING_LOG_LEVEL": "INFO", **self.env}
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen(self.argv(), env=env, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 15) -> int | None:
        """SIGTERM, then SIGKILL after `timeout`; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        code = self.proc.returncode
        self.proc = None
        return code

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def wait_log(self, text: str, timeout: float = 30) -> None:
        wait_for(lambda: text in self.log_text() or (not self.alive() and _raise_dead(self)), timeout,
                 f"agent log line {text!r}")

    def wait_policies(self, *names: str, timeout: float = 30) -> None:
        """Until the agent's latest target set comes from (at least) these policies."""
        def selected() -> bool:
            lines = [line for line in self.log_text().splitlines() if "targets from policies" in line]
            if not lines and not self.alive():
                _raise_dead(self)
            return bool(lines) and all(f"'{n}'" in lines[-1] for n in names)

        wait_for(selected, timeout, f"the agent to watch the targets of {', '.join(names)}")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _raise_dead(agent: AgentProcess) -> bool:
    raise AssertionError(f"agent exited ({agent.proc and agent.proc.returncode}):\n{agent.log_text()[-4000:]}")


class Cluster:
    """The healing CRs through the official client (what a user or the operator would do)."""

    def __init__(self, kubeconfig: Path | str) -> None:
        cfg = kubernetes.client.Configuration()
        kubernetes.config.load_kube_config(config_file=str(kubeconfig), client_configuration=cfg)
        self.api_client = kubernetes.client.ApiClient(cfg)
        self.api = kubernetes.client.CustomObjectsApi(self.api_client)

    def close(self) -> None:
        self.api_client.close()

    # --- policies --------------------------------------------------------------------------------------

    def apply_policy(self, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        body = {"apiVersion": f"{GROUP}/{VERSION}", "kind": "HealingPolicy", "metadata": {"name": name},
                "spec": spec}
        try:
            return self.api.create_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, body)
        except ApiException as exc:
            if exc.status != 409:
                raise
        return self.api.patch_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name, {"spec": spec},
                                                    _content_type=MERGE)

    def delete_policy(self, name: str) -> None:
        self._delete(POLICY_PLURAL, name)

    # --- incidents -------------------------------------------------------------------------------------

    def incidents(self, node: str) -> list[dict[str, Any]]:
        found = self.api.list_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL,
                                                    label_selector=f"{NODE_LABEL}={node}")
        return list(found.get("items", []))

    def incident(self, name: str) -> dict[str, Any] | None:
        try:
            return self.api.get_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, name)
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise

    def wait_incident(
        self, node: str, where: Callable[[dict[str, Any]], bool] = lambda _: True, timeout: float = 30,
        what: str = "an incident",
    ) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            return next((i for i in self.incidents(node) if (i.get("status") or {}).get("detection") and where(i)),
                        None)

        return wait_for(found, timeout, f"{what} on node {node}", interval=0.05)

    def create_incident(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.api.create_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, body)

    def patch_status(self, name: str, status: dict[str, Any], plural: str = INCIDENT_PLURAL) -> dict[str, Any]:
        return self.api.patch_cluster_custom_object_status(GROUP, VERSION, plural, name, {"status": status},
                                                           _content_type=MERGE)

    def request_action(self, name: str, action: str, action_id: str | None = None,
                       policy: str | None = None) -> str:
        """Do what the operator does: set status.request (and status.policy)."""
        action_id = action_id or f"{action}-{uuid.uuid4().hex[:8]}"
        status: dict[str, Any] = {"request": {"id": action_id, "action": action,
                                              "requestedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}}
        if policy:
            status["policy"] = policy
        self.patch_status(name, status)
        return action_id

    def wait_execution(self, name: str, action_id: str, timeout: float = 60) -> dict[str, Any]:
        def done() -> dict[str, Any] | None:
            inc = self.incident(name) or {}
            return next((e for e in (inc.get("status") or {}).get("executions", []) if e["id"] == action_id), None)

        return wait_for(done, timeout, f"execution {action_id} on {name}", interval=0.1)

    def delete_incidents(self, node: str) -> None:
        for inc in self.incidents(node):
            self._delete(INCIDENT_PLURAL, inc["metadata"]["name"])

    # --- host reports ----------------------------------------------------------------------------------

    def hostreport(self, node: str) -> dict[str, Any] | None:
        try:
            return self.api.get_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, node)
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise

    def delete_hostreport(self, node: str) -> None:
        self._delete(HOSTREPORT_PLURAL, node)

    def _delete(self, plural: str, name: str) -> None:
        try:
            self.api.delete_cluster_custom_object(GROUP, VERSION, plural, name)
        except ApiException as exc:
            if exc.status != 404:
                raise


def install_crds(plane: Any, crd_dir: Path | str = "crds") -> None:
    """`kubectl apply -f crds/` on a ControlPlane, then wait until the API serves them (creation is async)."""
    plane.run_kubectl("apply", "-f", str(crd_dir))
    plane.run_kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
