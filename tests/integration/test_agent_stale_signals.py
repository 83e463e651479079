"""Stale signals: the agent acts on what is true now, never on history replayed -- with the real agent, Docker and
a systemd node, including agent restarts in the middle of failures and removals.

- a restart reconciles: what failed while the agent was away and is still failed is reported (with when it
  failed); what failed and was removed or came back is dropped (counted), not turned into an Incident;
- failures older than the policy's ignoreFailuresOlderThan are history, not emergencies;
- a target that is gone (container removed, unit unloaded, probe dropped from every policy) is reported gone on
  its open Incidents, and a request for it is refused with the reason TargetGone.
"""

from __future__ import annotations

import re
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import docker
import pytest
from docker.models.images import Image

from controller.agent.sources.docker import docker_time
from controller.agent.testing import AgentProcess, Cluster, install_crds, wait_for
from controller.devenv.controlplane import ControlPlane, free_ports
from controller.devenv.nodes import SystemdNode
from tests.plugins.docker_nodes import ContainerFactory

pytestmark = pytest.mark.integration
DOCKER_URL = "unix:///var/run/docker.sock"


@pytest.fixture(scope="module")
def cluster(control_plane: ControlPlane) -> Iterator[Cluster]:
    install_crds(control_plane)
    c = Cluster(control_plane.kubeconfig)
    yield c
    c.close()


class Node:
    """One node name, its policy, and agents started on it (one at a time, sharing the state directory)."""

    def __init__(self, plane: ControlPlane, cluster: Cluster, tmp: Path) -> None:
        self.plane, self.cluster = plane, cluster
        self.name = f"stale-{uuid.uuid4().hex[:6]}"
        self.policy = f"policy-{self.name}"
        self.state = tmp / "agent-state"
        self.agent: AgentProcess | None = None
        self.metrics_port = 0

    def apply(self, targets: list[dict[str, Any]], **spec: Any) -> None:
        self.cluster.apply_policy(self.policy, {
            "nodeSelector": {"matchLabels": {"kubernetes.io/hostname": self.name}}, "mode": "Shadow",
            "actions": ["restart"], "targets": targets, **spec,
        })

    def start(self, **kwargs: Any) -> AgentProcess:
        assert self.agent is None
        self.metrics_port = free_ports(1)[0]
        self.agent = AgentProcess(self.plane.kubeconfig, self.name, docker_url=DOCKER_URL, state_dir=self.state,
                                  metrics_port=self.metrics_port, **kwargs).start()
        self.agent.wait_policies(self.policy)
        return self.agent

    def stop(self) -> None:
        if self.agent is not None:
            self.agent.stop()
            self.agent = None

    def incident_for(self, target: str, timeout: float = 20) -> dict[str, Any]:
        return self.cluster.wait_incident(self.name, lambda i: i["spec"]["target"]["name"] == target,
                                          timeout=timeout, what=f"an incident for {target}")

    def targets(self) -> set[str]:
        return {i["spec"]["target"]["name"] for i in self.cluster.incidents(self.name)}

    def dropped(self, source: str, reason: str) -> float:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as response:
            text = response.read().decode()
        m = re.search(rf'healing_agent_stale_signals_dropped_total{{reason="{reason}",source="{source}"}} (\S+)',
                      text)
        return float(m.group(1)) if m else 0.0

    def close(self) -> None:
        self.stop()
        self.cluster.delete_policy(self.policy)
        self.cluster.delete_incidents(self.name)
        self.cluster.delete_hostreport(self.name)


@pytest.fixture
def node(control_plane: ControlPlane, cluster: Cluster, tmp_path: Path) -> Iterator[Node]:
    n = Node(control_plane, cluster, tmp_path)
    try:
        yield n
    finally:
        n.close()


def _exited(client: docker.DockerClient, name: str) -> dict[str, Any]:
    return wait_for(lambda: (s := client.api.inspect_container(name)["State"])["Status"] == "exited" and s, 30,
                    f"{name} to exit")


def test_a_restart_reconciles_instead_of_replaying(
    node: Node, container_factory: ContainerFactory, docker_client: docker.DockerClient, busybox_image: Image,
    tmp_path: Path,
) -> None:
    node.apply([{"kind": "docker", "match": f"{node.name}-*"}])
    node.start().wait_log("docker: watching events")
    canary = f"{node.name}-canary"
    container_factory(["sh", "-c", "exit 4"], name=canary)
    node.incident_for(canary)  # the agent acted on events: its cursor is in the state file
    node.stop()

    # while the agent is away: one container fails and is removed, one fails and comes back, one fails and stays
    gone, back, still = f"{node.name}-gone", f"{node.name}-back", f"{node.name}-still"
    container_factory(["sh", "-c", "exit 1"], name=gone)
    _exited(docker_client, gone)
    docker_client.api.remove_container(gone)
    marker = tmp_path / "back"
    marker.mkdir()
    container_factory(["sh", "-c", "if [ -e /m/ran ]; then exec sleep 600; fi; touch /m/ran; exit 2"], name=back,
                      volumes={str(marker): {"bind": "/m", "mode": "rw"}})
    _exited(docker_client, back)
    docker_client.api.start(back)
    container_factory(["sh", "-c", "exit 3"], name=still)
    failed_at = docker_time(_exited(docker_client, still)["FinishedAt"])
    assert failed_at is not None

    started = time.time()
    node.start().wait_log("docker: watching events")
    inc = node.incident_for(still)
    first_seen = datetime.fromisoformat(inc["status"]["detection"]["firstSeen"]).timestamp()
    assert abs(first_seen - failed_at) < 2 and first_seen < started  # when it failed, not when the agent looked
    after = f"{node.name}-after"
    container_factory(["sh", "-c", "exit 5"], name=after)
    node.incident_for(after)  # the stream is ordered: everything replayed was handled before this
    assert gone not in node.targets() and back not in node.targets()
    assert node.dropped("docker", "gone") >= 1 and node.dropped("docker", "recovered") >= 1
    # and the reconcile does not report what was reported before the restart again
    assert node.cluster.incident(inc["metadata"]["name"])["status"]["detection"]["occurrences"] == 1


def test_old_failures_are_history(
    node: Node, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    node.apply([{"kind": "docker", "match": f"{node.name}-*"}], ignoreFailuresOlderThan="2s")
    old = f"{node.name}-old"
    container_factory(["sh", "-c", "exit 1"], name=old)
    ended = docker_time(_exited(docker_client, old)["FinishedAt"])
    assert ended is not None
    wait_for(lambda: time.time() - ended > 3, 10, "the exit to be older than ignoreFailuresOlderThan")
    node.start().wait_log("docker: watching events")
    fresh = f"{node.name}-fresh"
    container_factory(["sh", "-c", "exit 1"], name=fresh)
    node.incident_for(fresh)
    assert old not in node.targets()
    assert node.dropped("docker", "too_old") >= 1


def test_a_removed_container_is_gone_and_never_healed(
    node: Node, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    node.apply([{"kind": "docker", "match": f"{node.name}-*"}])
    node.start().wait_log("docker: watching events")
    name = f"{node.name}-removed"
    container_factory(["sh", "-c", "exit 1"], name=name)
    inc = node.incident_for(name)["metadata"]["name"]
    node.cluster.patch_status(inc, {"phase": "Suppressed", "reason": "AwaitingApproval", "policy": node.policy})
    docker_client.api.remove_container(name)
    health = wait_for(lambda: (h := (node.cluster.incident(inc) or {}).get("status", {}).get("health")) and
                      h.get("gone") and h, 20, "the incident to say its container is gone")
    assert "does not exist" in health["message"]
    execution = node.cluster.wait_execution(inc, node.cluster.request_action(inc, "restart", policy=node.policy))
    assert (execution["result"], execution["reason"]) == ("Refused", "TargetGone")


def test_a_probe_target_dropped_from_every_policy_is_gone(node: Node) -> None:
    port = free_ports(1)[0]  # nothing listens there
    node.apply([{"kind": "port", "port": port, "interval": "500ms"}])
    node.start()
    inc = node.incident_for(str(port))["metadata"]["name"]
    node.cluster.patch_status(inc, {"phase": "Suppressed", "reason": "ShadowMode", "policy": node.policy})
    node.apply([{"kind": "docker", "match": f"{node.name}-nothing"}])
    wait_for(lambda: ((node.cluster.incident(inc) or {}).get("status", {}).get("health") or {}).get("gone"), 20,
             "the port incident to say no policy probes it any more")


def test_an_unloaded_unit_is_gone(node: Node, systemd_node: SystemdNode) -> None:
    node.name = systemd_node.name
    node.apply([{"kind": "systemd", "match": "stale-*.service"}])
    systemd_node.install_unit("stale-app.service", "[Service]\nExecStart=/bin/false\n")
    node.start(dbus_address=systemd_node.dbus_address, journal_dir=systemd_node.journal_dir)
    node.agent.wait_log("systemd: subscribed")  # type: ignore[union-attr]
    systemd_node.exec("systemctl start stale-app.service")
    inc = node.incident_for("stale-app.service")["metadata"]["name"]
    node.cluster.patch_status(inc, {"phase": "Suppressed", "reason": "ShadowMode", "policy": node.policy})
    systemd_node.exec("rm /etc/systemd/system/stale-app.service && systemctl reset-failed && systemctl daemon-reload")
    wait_for(lambda: ((node.cluster.incident(inc) or {}).get("status", {}).get("health") or {}).get("gone"), 30,
             "the unit's incident to say it is gone")
