"""The real `healing operator` and `healing agent` processes, authenticated as their ServiceAccounts with exactly
the RBAC and admission policy of manifests/, work end to end — and nothing they do is refused.

- the operator in the `healing-operator` Kopf peering, with the liveness endpoint the Deployment probes; and,
  separately, two replicas as the Deployment runs them, of which exactly one may be active;
- one agent whose token is bound to a pod on its node, as the DaemonSet's projected token is (no systemd or
  Docker here: this test is about the API, the host side has its own tests);
- a policy is reconciled (Ready), an Incident the agent reports is decided by the operator, and the agent answers
  the operator's request on its node — every write going through RBAC and the own-node admission policy.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from kubernetes.client import ApiException, CustomObjectsApi

from controller.agent.testing import AgentProcess, wait_for
from controller.constants import GROUP, HOSTREPORT_PLURAL, INCIDENT_PLURAL, NODE_LABEL, POLICY_PLURAL, VERSION
from controller.devenv.controlplane import ControlPlane, free_ports
from tests.integration.test_manifests import MANIFESTS, install_prerequisites, wait_until
from tests.integration.test_rbac import (
    AGENT_NS,
    API_REFUSAL,
    OPERATOR_NS,
    OPERATOR_SA,
    _node_bound_kubeconfig,
    client_for,
)

pytestmark = pytest.mark.integration

HEALING = str(Path(sys.executable).with_name("healing"))
PEERING = "healing-operator"
REFUSED = API_REFUSAL


class OperatorReplica:
    """`healing operator` as the Deployment runs it (peering, liveness), its output kept for assertions."""

    def __init__(self, kubeconfig: Path, log: Path) -> None:
        self.kubeconfig, self.log = kubeconfig, log
        self.liveness_port = free_ports(1)[0]
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> OperatorReplica:
        env = {**os.environ, "KUBECONFIG": str(self.kubeconfig)}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [HEALING, "operator", f"--namespace={OPERATOR_NS}", "--metrics-port=0",
                 f"--liveness-port={self.liveness_port}", f"--peering={PEERING}"],
                env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )
        return self

    def healthy(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"operator exited ({self.proc.returncode}):\n{self.text()[-4000:]}")
        url = f"http://127.0.0.1:{self.liveness_port}/healthz"
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
        return False

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def installed(control_plane: ControlPlane) -> ControlPlane:
    install_prerequisites(control_plane)
    result = control_plane.run_kubectl("apply", "-k", str(MANIFESTS), check=False)
    assert result.returncode == 0, result.stderr
    return control_plane


@pytest.fixture
def components(installed: ControlPlane, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    suffix = uuid.uuid4().hex[:6]
    node, pod = f"sa-node-{suffix}", f"sa-agent-{suffix}"
    agent_kubeconfig = _node_bound_kubeconfig(installed, node, pod)
    operator_kubeconfig = installed.service_account_kubeconfig(OPERATOR_NS, OPERATOR_SA, duration="1h")
    count = getattr(request, "param", 1)
    replicas = [OperatorReplica(operator_kubeconfig, tmp_path / f"operator-{i}.log") for i in range(count)]
    agent = AgentProcess(agent_kubeconfig, node, log_path=tmp_path / "agent.log")
    admin = client_for(installed.kubeconfig)
    try:
        for replica in replicas:
            replica.start()
        agent.start()
        yield {"node": node, "replicas": replicas, "agent": agent, "admin": admin,
               "agent_api": client_for(agent_kubeconfig), "suffix": suffix}
    finally:
        agent.stop()
        for replica in replicas:
            replica.stop()
        for plural in (INCIDENT_PLURAL, POLICY_PLURAL, HOSTREPORT_PLURAL):
            installed.run_kubectl("delete", f"{plural}.{GROUP}", "-l", f"healing-test/run={suffix}",
                                  "--ignore-not-found", "--wait=false")
        installed.run_kubectl("delete", f"{HOSTREPORT_PLURAL}.{GROUP}", node, "--ignore-not-found", "--wait=false")
        installed.run_kubectl("delete", "pod", "-n", AGENT_NS, pod, "--ignore-not-found", "--wait=false")
        installed.run_kubectl("delete", "node", node, "--ignore-not-found")
        admin.close()


def test_operator_and_agent_work_as_their_service_accounts(components: dict[str, Any]) -> None:
    node, agent, replicas = components["node"], components["agent"], components["replicas"]
    admin = CustomObjectsApi(components["admin"])
    agent_api = CustomObjectsApi(components["agent_api"])
    run_label = {"healing-test/run": components["suffix"]}

    # Liveness endpoint of both replicas (what the Deployment's probes call).
    for replica in replicas:
        wait_until(replica.healthy, timeout=60, what="the operator's /healthz")

    # Kopf peering: the replica announces itself in the shipped ClusterKopfPeering.
    wait_until(lambda: len(peers(admin)) >= 1, timeout=60, what="the operator in the peering")

    # The agent's heartbeat: its own HostReport, through RBAC and the own-node admission policy.
    def heartbeat() -> bool:
        with contextlib.suppress(Exception):
            return bool(admin.get_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, node)["status"].get(
                "lastHeartbeat"))
        if not agent.alive():
            raise AssertionError(f"agent exited:\n{agent.log_text()[-4000:]}")
        return False

    wait_until(heartbeat, timeout=60, what=f"the agent's HostReport {node}")

    # A policy, reconciled by whichever replica is active.
    policy = f"sa-policy-{components['suffix']}"
    admin.create_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, {
        "apiVersion": f"{GROUP}/{VERSION}", "kind": "HealingPolicy", "metadata": {"name": policy, "labels": run_label},
        "spec": {"nodeSelector": {"matchLabels": {"kubernetes.io/hostname": node}},
                 "targets": [{"kind": "systemd", "match": "web.service"}], "actions": ["restart"],
                 "mode": "Auto", "confidenceThreshold": 0.1,
                 "verify": {"after": "1s", "healthyFor": "1s", "timeout": "20s"}}})

    def ready() -> bool:
        status = admin.get_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, policy).get("status") or {}
        return any(c["type"] == "Ready" and c["status"] == "True" for c in status.get("conditions", []))

    wait_until(ready, timeout=60, what=f"policy {policy} Ready")

    # A pod target's Incident on the agent's node, with a request -- written by an admin, and without the
    # healing.insa.io/target-kind label that keeps it out of the agent's watch: the agent ignores it all the same
    # (no execution, no health: pods are the operator's). The systemd incident below is the agent's proof of life.
    pod_incident = f"{node}-pod-{components['suffix']}"
    admin.create_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, {
        "apiVersion": f"{GROUP}/{VERSION}", "kind": "Incident",
        "metadata": {"name": pod_incident, "labels": {NODE_LABEL: node, **run_label}},
        "spec": {"node": node, "target": {"kind": "pod", "name": "default/deployment/web", "labels": {"app": "web"}},
                 "serviceType": "pod", "failure": "process_crash"}})
    admin.patch_cluster_custom_object_status(GROUP, VERSION, INCIDENT_PLURAL, pod_incident, {"status": {
        "request": {"id": "pod-1", "action": "rolloutRestart", "requestedAt": _now()}}})

    # An Incident reported with the agent's own token (what its detection does), decided by the operator.
    incident = f"{node}-web-{components['suffix']}"
    agent_api.create_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, {
        "apiVersion": f"{GROUP}/{VERSION}", "kind": "Incident",
        "metadata": {"name": incident, "labels": {NODE_LABEL: node, **run_label}},
        "spec": {"node": node, "target": {"kind": "systemd", "name": "web.service"}, "serviceType": "systemd",
                 "failure": "process_crash"}})
    agent_api.patch_cluster_custom_object_status(GROUP, VERSION, INCIDENT_PLURAL, incident, {"status": {
        "detection": {"pattern": "process_crash", "confidence": 0.95, "occurrences": 1, "firstSeen": _now(),
                      "lastSeen": _now(), "reason": "UnitFailed", "evidence": {"source": "systemd"}}}})

    def decided() -> dict[str, Any] | None:
        status = admin.get_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, incident).get("status") or {}
        return status if status.get("phase") and status.get("conditions") else None

    status = wait_for(decided, timeout=60, what=f"the operator's decision on {incident}")
    # The operator asked for a restart; the agent on that node answers it (it has no systemd here, so the answer
    # is a refusal or a failure — written by the agent's ServiceAccount onto its own node's Incident).
    assert status.get("request"), status  # confidenceThreshold 0.1: a restart is requested at once

    def answered() -> dict[str, Any] | None:
        current = admin.get_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, incident)["status"]
        return next((e for e in current.get("executions", []) if e["id"] == status["request"]["id"]), None)

    execution = wait_for(answered, timeout=60, what="the agent's execution record")
    assert execution["result"] in ("Refused", "Failed", "Succeeded")
    untouched = admin.get_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, pod_incident)["status"]
    assert "executions" not in untouched and "health" not in untouched, untouched

    # Uninstall, step 1 (docs/deployment.md): policies carry Kopf's finalizer (the operator has a timer per
    # policy) and are released by the running operator — with its RBAC — when deleted.
    finalizers = admin.get_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, policy)["metadata"].get("finalizers")
    assert finalizers, "expected Kopf's finalizer on the HealingPolicy"
    admin.delete_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, policy)

    def released() -> bool:
        try:
            admin.get_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, policy)
        except ApiException as exc:
            return exc.status == 404
        return False

    wait_until(released, timeout=60, what=f"policy {policy} released by the operator")

    # Nothing either component did was refused by the API server.
    for name, text in [("agent", agent.log_text()), *((f"operator-{i}", r.text()) for i, r in enumerate(replicas))]:
        refused = [line for line in text.splitlines() if REFUSED.search(line)]
        assert not refused, f"{name} was refused:\n" + "\n".join(refused[:20])


def peers(admin: CustomObjectsApi) -> dict[str, Any]:
    return admin.get_cluster_custom_object("kopf.dev", "v1", "clusterkopfpeerings", PEERING).get("status") or {}


@pytest.mark.parametrize("components", [2], indirect=True)
def test_two_replicas_one_active(components: dict[str, Any]) -> None:
    """The Deployment's 2 replicas: both join the peering and the active one reconciles a policy."""
    admin = CustomObjectsApi(components["admin"])
    for replica in components["replicas"]:
        wait_until(replica.healthy, timeout=60, what="the operator's /healthz")
    wait_until(lambda: len(peers(admin)) >= 2, timeout=60, what="two operator replicas in the peering")
    policy = f"sa-peering-{components['suffix']}"
    admin.create_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, {
        "apiVersion": f"{GROUP}/{VERSION}", "kind": "HealingPolicy",
        "metadata": {"name": policy, "labels": {"healing-test/run": components["suffix"]}},
        "spec": {"targets": [{"kind": "systemd", "match": "web.service"}], "mode": "Shadow"}})

    def ready() -> bool:
        status = admin.get_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, policy).get("status") or {}
        return any(c["type"] == "Ready" and c["status"] == "True" for c in status.get("conditions", []))

    wait_until(ready, timeout=30, what=f"policy {policy} Ready with two replicas in the peering")
