"""The operator acts on what is true now and knows when not to act -- the real operator, the real agent and Docker:

- an incident whose container was removed is closed (TargetGone), never acted on;
- a silent agent (HostReport heartbeat stale) holds its node's incidents, even an approved one; when it is back,
  nothing runs before it has confirmed the failure still holds;
- a deleted Node object closes its incidents (NodeGone);
- pauses: spec.suspend, the node annotation healing.insa.io/pause-until, a cordon, a maintenance window -- each a
  Suppressed reason, and the incident is decided (and healed) when the pause ends;
- a docker `restart: always` container the engine brings back teaches the operator nothing.
"""

# ruff: noqa: F811  (pytest fixtures imported from test_operator_lifecycle are parameters here)
from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import docker
import pytest

from controller.agent.testing import AgentProcess
from controller.constants import APPROVE_ANNOTATION
from controller.devenv.controlplane import ControlPlane
from tests.integration.test_operator_lifecycle import (  # noqa: F401  (fixtures)
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    operator,
    wait_for,
)
from tests.plugins.docker_nodes import ContainerFactory

pytestmark = pytest.mark.integration
DOCKER_URL = "unix:///var/run/docker.sock"
# fails on its first run only; the marker is in the container's own filesystem, which a restart keeps
FAIL_ONCE = "if [ -e /tmp/ran ]; then echo ready; exec sleep 600; else touch /tmp/ran; echo starting; exit 1; fi"


class Node:
    """A node name with its own agent (Docker only), which a test may stop and start again."""

    def __init__(self, plane: ControlPlane, cluster: Cluster, tmp: Path) -> None:
        self.plane, self.cluster = plane, cluster
        self.name = f"judge-{uuid.uuid4().hex[:6]}"
        self.state = tmp / "agent-state"
        self.agent: AgentProcess | None = None
        self.node_object = False

    def policy(self, name: str, **spec: Any) -> str:
        spec.setdefault("targets", [{"kind": "docker", "match": f"{self.name}-*"}])
        spec.setdefault("actions", ["restart"])
        spec.setdefault("confidenceThreshold", 0.3)
        spec.setdefault("verify", {"after": "1s", "healthyFor": "2s", "timeout": "1m"})
        self.cluster.policy(name, self.name, **spec)
        if self.agent is not None:
            self.agent.wait_policies(name)
        return name

    def start_agent(self) -> AgentProcess:
        self.agent = AgentProcess(self.plane.kubeconfig, self.name, docker_url=DOCKER_URL, state_dir=self.state,
                                  heartbeat=1.0).start()
        self.agent.wait_log("docker: watching events")
        started = datetime.now(UTC)

        def reported() -> bool:  # its HostReport is the operator's view of its liveness
            got = self.plane.run_kubectl("get", "hostreports.healing.insa.io", self.name, "-o", "json", check=False)
            beat = json.loads(got.stdout).get("status", {}).get("lastHeartbeat") if got.returncode == 0 else None
            return beat is not None and datetime.fromisoformat(beat) >= started

        wait_for(reported, 30, f"the HostReport of {self.name}")
        return self.agent

    def stop_agent(self) -> None:
        if self.agent is not None:
            self.agent.stop()
            self.agent = None

    def incident_for(self, target: str, timeout: float = 30) -> str:
        def find() -> str | None:
            items = self.cluster.co.list_cluster_custom_object(
                "healing.insa.io", "v1alpha1", "incidents", label_selector=f"healing.insa.io/node={self.name}"
            )["items"]
            for item in items:
                if item["spec"]["target"]["name"] == target:
                    name = str(item["metadata"]["name"])
                    if ("incidents", name) not in self.cluster.created:
                        self.cluster.created.append(("incidents", name))
                    return name
            return None

        return wait_for(find, timeout, f"the agent's incident for {target}")

    def create_node_object(self, **spec: Any) -> None:
        body = {"apiVersion": "v1", "kind": "Node",
                "metadata": {"name": self.name, "labels": {"kubernetes.io/hostname": self.name}}, "spec": spec}
        self.plane.run_kubectl("create", "-f", "-", input=json.dumps(body))
        self.node_object = True

    def close(self) -> None:
        self.stop_agent()
        if self.node_object:
            self.plane.run_kubectl("delete", "node", self.name, "--ignore-not-found")
        self.plane.run_kubectl("delete", "hrep", self.name, "--ignore-not-found")


@pytest.fixture
def node(crds: ControlPlane, cluster: Cluster, operator: OperatorProcess, tmp_path: Path) -> Iterator[Node]:
    n = Node(crds, cluster, tmp_path)
    try:
        yield n
    finally:
        n.close()


def _executions(cluster: Cluster, inc: str) -> list[dict[str, Any]]:
    return list(cluster.status(inc).get("executions", []))


def test_a_removed_container_closes_its_incident_without_any_action(
    node: Node, cluster: Cluster, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    node.start_agent()
    node.policy(f"gone-{node.name}", mode="Approve")
    name = f"{node.name}-removed"
    container_factory(["sh", "-c", "exit 1"], name=name)
    inc = node.incident_for(name)
    cluster.wait_phase(inc, "Suppressed", reason="AwaitingApproval")
    docker_client.api.remove_container(name)
    st = cluster.wait_phase(inc, "Resolved", reason="TargetGone", timeout=30)
    assert "does not exist" in st["message"] and not st.get("executions") and st.get("attemptCount", 0) == 0


def test_a_silent_agent_holds_even_an_approved_action_until_it_is_back_and_has_confirmed(
    node: Node, cluster: Cluster, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    node.start_agent()
    node.policy(f"silent-{node.name}", mode="Approve")
    name = f"{node.name}-silent"
    container_factory(["sh", "-c", FAIL_ONCE], name=name)
    inc = node.incident_for(name)
    cluster.wait_phase(inc, "Suppressed", reason="AwaitingApproval")
    node.stop_agent()
    st = cluster.wait_phase(inc, "Suppressed", reason="AgentSilent", timeout=30)
    assert "silent" in st["message"]
    cluster.annotate(inc, APPROVE_ANNOTATION, "true")
    # approved, but its agent says nothing: no request is written
    wait_for(lambda: cluster.status(inc).get("reason") == "AgentSilent" and not cluster.status(inc).get("request"),
             10, "the approved incident to stay held")
    back = datetime.now(UTC)
    node.start_agent()
    st = cluster.wait_phase(inc, "Resolved", timeout=90)
    request = st["attempts"][-1]
    assert datetime.fromisoformat(request["requestedAt"]) > back  # only after the agent came back ...
    assert datetime.fromisoformat(st["health"]["checkedAt"]) > back  # ... and reported on the target again
    assert [e["result"] for e in st["executions"]] == ["Succeeded"]


def test_a_deleted_node_closes_its_incidents(node: Node, cluster: Cluster, container_factory: ContainerFactory) -> None:
    node.create_node_object()
    node.start_agent()
    node.policy(f"node-{node.name}", mode="Approve")
    name = f"{node.name}-orphan"
    container_factory(["sh", "-c", "exit 1"], name=name)
    inc = node.incident_for(name)
    cluster.wait_phase(inc, "Suppressed", reason="AwaitingApproval")
    node.plane.run_kubectl("delete", "node", node.name)
    node.node_object = False
    cluster.wait_phase(inc, "Resolved", reason="NodeGone", timeout=30)
    assert not _executions(cluster, inc)


@pytest.mark.parametrize("pause", ["suspend", "annotation", "cordon", "window"])
def test_a_paused_incident_is_healed_when_the_pause_ends(
    node: Node, cluster: Cluster, container_factory: ContainerFactory, pause: str
) -> None:
    node.create_node_object(unschedulable=pause == "cordon")
    until = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if pause == "annotation":
        node.plane.run_kubectl("annotate", "node", node.name, f"healing.insa.io/pause-until={until}")
    node.start_agent()
    now = datetime.now(UTC)
    window = {"mode": "Deny", "start": (now - timedelta(minutes=5)).strftime("%H:%M"),
              "end": (now + timedelta(hours=1)).strftime("%H:%M")}
    pol = node.policy(f"pause-{pause}-{node.name}", suspend=pause == "suspend",
                      maintenanceWindows=[window] if pause == "window" else [])
    name = f"{node.name}-{pause}"
    container_factory(["sh", "-c", FAIL_ONCE], name=name)
    inc = node.incident_for(name)
    reason = {"suspend": "Suspended", "annotation": "NodePaused", "cordon": "NodePaused",
              "window": "MaintenanceWindow"}[pause]
    st = cluster.wait_phase(inc, "Suppressed", reason=reason, timeout=30)
    assert not st.get("executions")
    # the pause ends
    if pause == "suspend":
        cluster.co.patch_cluster_custom_object("healing.insa.io", "v1alpha1", "healingpolicies", pol,
                                               {"spec": {"suspend": False}})
    elif pause == "annotation":
        node.plane.run_kubectl("annotate", "node", node.name, "healing.insa.io/pause-until-")
    elif pause == "cordon":
        node.plane.run_kubectl("uncordon", node.name)
    else:
        cluster.co.patch_cluster_custom_object("healing.insa.io", "v1alpha1", "healingpolicies", pol,
                                               {"spec": {"maintenanceWindows": []}})
    st = cluster.wait_phase(inc, "Resolved", reason="Verified", timeout=60)
    assert [e["result"] for e in st["executions"]] == ["Succeeded"]


def test_a_container_docker_restarts_by_itself_teaches_nothing(
    node: Node, cluster: Cluster, container_factory: ContainerFactory
) -> None:
    """`restart: always`: the engine brings the container back before any action. The incident recovers alone;
    the policy's learning and action stats do not move, its self-recovery figure does."""
    node.start_agent()
    pol = node.policy(f"always-{node.name}", verify={"after": "5s", "healthyFor": "5s", "timeout": "1m"})
    name = f"{node.name}-always"
    container_factory(["sh", "-c", FAIL_ONCE], name=name, restart_policy={"Name": "always"})
    inc = node.incident_for(name)
    st = cluster.wait_phase(inc, "Resolved", timeout=60)
    assert st["reason"] == "RecoveredWithoutAction", st
    assert all(e["result"] == "Skipped" for e in st.get("executions", []))

    def learned_nothing() -> dict[str, Any] | None:
        status = cluster.get_policy(pol).get("status", {})
        return status if status.get("stats", {}).get("selfRecoveredTotal") == 1 else None

    status = wait_for(learned_nothing, 30, "the self-recovery to reach the policy")
    assert status.get("learning", []) == [] and status["stats"].get("attempts", 0) == 0
    [entry] = status["selfRecovery"]
    assert entry["target"] == f"{node.name}/{name}" and entry["count"] == 1


def test_shadow_mode_scores_itself(node: Node, cluster: Cluster, container_factory: ContainerFactory) -> None:
    """Shadow: what would have been done, and whether the target recovered by itself within the verify window --
    the evidence a user needs before switching to Auto."""
    node.start_agent()
    pol = node.policy(f"shadow-{node.name}", mode="Shadow")
    alone = f"{node.name}-alone"
    # Recovers only when someone else starts it again, after the operator has decided what it would have done: a
    # restart:always container comes back within a second, often before any decision, and then nothing would have
    # been done in Auto either (it is self-recovery, not a shadow score).
    recovers = container_factory(["sh", "-c", FAIL_ONCE], name=alone)
    stays = f"{node.name}-stays"
    container_factory(["sh", "-c", "exit 1"], name=stays)
    cluster.wait_phase(node.incident_for(alone), "Suppressed", reason="ShadowMode", timeout=60)
    held = cluster.wait_phase(node.incident_for(stays), "Suppressed", reason="ShadowMode", timeout=60)
    recovers.start()
    recovered = cluster.wait_phase(node.incident_for(alone), "Resolved", reason="RecoveredWithoutAction", timeout=60)
    assert recovered["shadow"]["action"] == held["shadow"]["action"] == "restart"

    def scored() -> dict[str, Any] | None:
        shadow = cluster.get_policy(pol).get("status", {}).get("shadow") or {}
        return shadow if shadow.get("wouldHaveActed") == 2 and shadow.get("recoveredAlone") == 1 else None

    shadow = wait_for(scored, 30, "the policy to say: would have acted 2 times, 1 recovered alone")
    assert shadow["medianSecondsToRecovery"] is not None and shadow["medianSecondsToRecovery"] < 60
    assert not any(i.get("executions") for i in (recovered, held))  # Shadow never acts
