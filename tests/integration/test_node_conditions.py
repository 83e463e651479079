"""The hand-off to node-level remediation, with the real operator (`healing operator` subprocess, real API server):
kubelet.service keeps failing on a node, its circuit opens, and the operator sets HealingKubeletUnhealthy=True on the
Node (node-problem-detector's form: what NodeHealthCheck / MachineHealthCheck watch); the half-open probe heals it,
the circuit closes and the condition turns False. Other conditions of the Node are left alone. The agent's half of
the protocol is played by the test (tests/integration/test_operator_lifecycle.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import kubernetes
import pytest

from tests.integration.test_operator_lifecycle import (  # noqa: F401 - fixtures are used by name
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    operator,
    unique,
    wait_for,
)

pytestmark = pytest.mark.integration

CONDITION = "HealingKubeletUnhealthy"


@pytest.fixture
def node(kube_api: kubernetes.client.ApiClient) -> Iterator[str]:
    """A Node object (no kubelet behind it) with a condition of someone else's on it."""
    core = kubernetes.client.CoreV1Api(kube_api)
    name = unique("node")
    core.create_node({"metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}}})
    npd = {"type": "KernelDeadlock", "status": "False", "reason": "KernelHasNoDeadlock", "message": "fine",
           "lastHeartbeatTime": "2026-01-01T00:00:00Z", "lastTransitionTime": "2026-01-01T00:00:00Z"}
    core.patch_node_status(name, {"status": {"conditions": [npd]}})
    try:
        yield name
    finally:
        with contextlib.suppress(kubernetes.client.ApiException):
            core.delete_node(name)


def _conditions(cluster: Cluster, node: str) -> dict[str, Any]:  # noqa: F811
    return {c.type: c for c in cluster.core.read_node(node).status.conditions or []}


def test_an_open_circuit_of_the_kubelet_unit_is_published_on_its_node_and_cleared_when_it_closes(
    operator: OperatorProcess,  # noqa: F811
    cluster: Cluster,  # noqa: F811
    node: str,
) -> None:
    policy, inc = unique("node-components"), unique("kubelet")
    cluster.policy(
        policy, node,
        targets=[{"kind": "systemd", "match": "kubelet.service", "nodeCondition": CONDITION}],
        actions=["restart"],
        confidenceThreshold=0.0,
        stuck={"consecutiveFailures": 1, "minAttempts": 10, "halfOpenAfter": "15s"},
        backoff={"initial": "1s", "factor": 2, "max": "1m", "resetAfter": "10m"},
    )
    cluster.incident(inc, node, "kubelet.service", "process_crash", kind="systemd", service_type="systemd")
    wait_for(lambda: cluster.status(inc).get("phase") == "Remediating", 30, "the first restart request")
    cluster.execute(inc, result="Failed", healthy=False)

    opened = wait_for(lambda: (c := _conditions(cluster, node).get(CONDITION)) and c.status == "True" and c, 60,
                      f"{CONDITION}=True on the node")
    assert opened.reason == "HealingCircuitOpen"
    assert "kubelet.service cannot be healed on this node" in opened.message and policy in opened.message
    assert opened.last_heartbeat_time is not None and opened.last_transition_time is not None
    circuits = cluster.get_policy(policy)["status"]["circuits"]
    assert any(c["scope"] == f"target:{node}/kubelet.service" and c["state"] in ("Open", "HalfOpen")
               for c in circuits), circuits
    assert _conditions(cluster, node)["KernelDeadlock"].reason == "KernelHasNoDeadlock"  # NPD's is untouched

    # the half-open probe: the restart works this time, the circuit closes, the condition turns False
    probe = wait_for(lambda: cluster.status(inc).get("phase") == "Remediating"
                     and cluster.status(inc)["request"]["id"] not in {e["id"] for e in
                                                                      cluster.status(inc).get("executions", [])},
                     90, "the half-open probe's request")
    assert probe
    cluster.execute(inc, result="Succeeded", healthy=True)
    cluster.wait_phase(inc, "Resolved", timeout=60)
    cleared = wait_for(lambda: (c := _conditions(cluster, node).get(CONDITION)) and c.status == "False" and c, 60,
                       f"{CONDITION}=False on the node")
    assert cleared.reason == "HealingCircuitClosed"
    assert cleared.last_transition_time >= opened.last_transition_time
    assert _conditions(cluster, node)["KernelDeadlock"].status == "False"
