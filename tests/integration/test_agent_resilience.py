"""The agent survives what real nodes see: the API server restarting (detections are queued and flushed, none
lost), its own restart (action ids are not run twice; Docker events that happened while it was down are
replayed), and it keeps its HostReport fresh.

This module starts its own control plane, because it stops and starts that kube-apiserver.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker
import pytest
from docker.models.images import Image

from controller.agent.testing import AgentProcess, Cluster, install_crds, wait_for
from controller.devenv.build import ensure_binaries
from controller.devenv.controlplane import ControlPlane
from tests.plugins.docker_nodes import ContainerFactory

pytestmark = pytest.mark.integration
DOCKER_URL = "unix:///var/run/docker.sock"


@pytest.fixture(scope="module")
def plane(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    cp = ControlPlane(log_dir=tmp_path_factory.mktemp("agent-resilience-cp"), binaries=ensure_binaries(progress=False))
    cp.start()
    try:
        install_crds(cp)
        yield cp
    finally:
        cp.stop()


@pytest.fixture(scope="module")
def setup(plane: ControlPlane, busybox_image: Image, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[Cluster, AgentProcess]]:
    cluster = Cluster(plane.kubeconfig)
    node = f"res-{uuid.uuid4().hex[:6]}"
    cluster.apply_policy(f"res-{node}", {
        "nodeSelector": {"matchLabels": {"kubernetes.io/hostname": node}}, "mode": "Shadow",
        "actions": ["restart"], "targets": [{"kind": "docker", "match": f"{node}-*"}],
    })
    agent = AgentProcess(plane.kubeconfig, node, docker_url=DOCKER_URL,
                         state_dir=tmp_path_factory.mktemp("agent-state"))
    try:
        agent.start()
        agent.wait_log("docker: watching events")
        agent.wait_policies(f"res-{node}")
        yield cluster, agent
    finally:
        agent.stop()
        cluster.close()


@pytest.fixture(autouse=True)
def agent_log_on_failure(setup: tuple[Cluster, AgentProcess]) -> Iterator[None]:
    yield
    # captured output is shown only when the test fails
    print("--- agent log (tail) ---\n" + "\n".join(setup[1].log_text().splitlines()[-60:]))


def _for(name: str) -> Any:
    return lambda inc: inc["spec"]["target"]["name"] == name


def test_detections_during_an_api_server_outage_are_delivered(
    plane: ControlPlane, setup: tuple[Cluster, AgentProcess], container_factory: ContainerFactory
) -> None:
    cluster, agent = setup
    flappy = f"{agent.node}-flappy"
    container_factory(["sh", "-c", "echo 'Error: connect ECONNREFUSED 10.1.2.3:5432'; exit 1"], name=flappy)
    before = cluster.wait_incident(agent.node, _for(flappy), timeout=15)
    assert before["status"]["detection"]["occurrences"] == 1

    plane.stop_apiserver()
    try:
        container_factory(["sh", "-c", "echo 'Error: connect ECONNREFUSED 10.1.2.3:5432'; exit 1"],
                          name=f"{flappy}-2")
        docker.from_env().containers.get(flappy).start()  # flaps again: one more occurrence
        newcomers = [f"{agent.node}-outage-{i}" for i in range(3)]
        for name in newcomers:
            container_factory(["sh", "-c", f"echo 'panic: {name} lost its mind'; exit 2"], name=name)
        agent.wait_log("API server unreachable", timeout=30)
        assert agent.alive()
    finally:
        plane.start_apiserver(timeout=90)

    for name in newcomers:
        inc = cluster.wait_incident(agent.node, _for(name), timeout=30, what=f"queued detection of {name}")
        assert inc["status"]["detection"]["evidence"]["exitCode"] == 2
    wait_for(lambda: (cluster.incident(before["metadata"]["name"]) or {})["status"]["detection"]["occurrences"] >= 2,
             30, "the flap counted on the existing incident")
    # the watches came back too: a failure after the outage is still seen
    after = f"{agent.node}-after"
    container_factory(["sh", "-c", "exit 1"], name=after)
    cluster.wait_incident(agent.node, _for(after), timeout=15)
    assert "API server reachable again" in agent.log_text()


def test_agent_restart_keeps_action_ids_and_replays_missed_events(
    setup: tuple[Cluster, AgentProcess], container_factory: ContainerFactory, docker_client: docker.DockerClient,
    tmp_path: Path,
) -> None:
    cluster, agent = setup
    marker = tmp_path / "state"
    marker.mkdir()
    name = f"{agent.node}-once"
    container_factory(["sh", "-c", "if [ -e /s/ran ]; then exec sleep 600; fi; touch /s/ran; exit 1"], name=name,
                      volumes={str(marker): {"bind": "/s", "mode": "rw"}})
    inc_name = cluster.wait_incident(agent.node, _for(name), timeout=15)["metadata"]["name"]
    action_id = f"restart-{uuid.uuid4().hex[:6]}"
    cluster.request_action(inc_name, "restart", action_id)
    assert cluster.wait_execution(inc_name, action_id)["result"] == "Succeeded"

    agent.stop()
    missed = f"{agent.node}-missed"
    container_factory(["sh", "-c", "exit 4"], name=missed)  # dies while no agent runs
    docker_client.api.stop(name, timeout=0)
    started = docker_client.api.inspect_container(name)["State"]["StartedAt"]
    # the outcome is lost from status (as if the write never happened) and the operator asks again
    cluster.patch_status(inc_name, {"executions": []})
    cluster.request_action(inc_name, "restart", action_id)
    agent.start()

    inc = cluster.wait_incident(agent.node, _for(missed), timeout=20, what="the replayed die event")
    assert inc["status"]["detection"]["evidence"]["exitCode"] == 4
    execution = cluster.wait_execution(inc_name, action_id, timeout=20)
    assert execution["result"] == "Failed"
    assert "not run again" in execution["message"]
    assert docker_client.api.inspect_container(name)["State"]["StartedAt"] == started


def test_hostreport_is_written_with_counts_and_ready(
    setup: tuple[Cluster, AgentProcess], container_factory: ContainerFactory
) -> None:
    cluster, agent = setup
    container_factory(["sleep", "600"], name=f"{agent.node}-watched")
    report = wait_for(lambda: cluster.hostreport(agent.node), 20, "the HostReport")
    def connected() -> dict[str, Any] | None:
        status = (cluster.hostreport(agent.node) or {}).get("status") or {}
        running = (status.get("containers") or {}).get("running", 0)
        return status if status.get("lastHeartbeat") and status.get("dockerConnected") and running else None

    status = wait_for(connected, 30, "a heartbeat with Docker connected and the container counted")
    assert report["spec"]["node"] == agent.node
    assert status["dockerConnected"] is True
    assert status["systemdConnected"] is False
    assert status["targets"] == 1
    assert status["policies"] == [f"res-{agent.node}"]
    assert status["containers"]["watched"] >= 1
    assert status["memory"]["totalBytes"] > 0
    assert any(d["path"] == "/" for d in status["disks"])
    ready = next(c for c in status["conditions"] if c["type"] == "Ready")
    assert ready["status"] == "True"
    assert status["agentVersion"]
