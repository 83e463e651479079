"""End to end with every real part: the API server, `healing operator`, `healing agent` (Docker + one systemd
node container over D-Bus and its journal), real containers and units. Nothing of the agent's side is simulated.
"""

# ruff: noqa: F811  (pytest fixtures imported from test_operator_lifecycle are parameters here)
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker
import pytest
from docker.models.images import Image

from controller.agent.testing import AgentProcess
from controller.devenv.controlplane import ControlPlane
from controller.devenv.nodes import SystemdNode
from tests.integration.test_operator_lifecycle import (  # noqa: F401  (crds and cluster are fixtures)
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    wait_for,
)
from tests.plugins.docker_nodes import ContainerFactory

pytestmark = pytest.mark.integration
DOCKER_URL = "unix:///var/run/docker.sock"
WEB_PORT = 18091
# fails on its first run only; the marker is in the container's own filesystem, which a restart keeps
FAIL_ONCE = "if [ -e /tmp/ran ]; then echo ready; exec sleep 600; else touch /tmp/ran; echo starting; exit 1; fi"


class World:
    def __init__(self, api: Cluster, agent: AgentProcess, sd: SystemdNode, op: OperatorProcess) -> None:
        self.cluster, self.agent, self.sd, self.op = api, agent, sd, op
        self.node = agent.node

    def policy(self, name: str, **spec: Any) -> None:
        spec.setdefault("verify", {"after": "1s", "healthyFor": "3s", "timeout": "1m"})
        self.cluster.policy(name, self.node, **spec)
        self.agent.wait_log(name, timeout=30)  # "watching N targets from policies [...]"

    def incident_for(self, target: str, timeout: float = 30) -> str:
        def find() -> str | None:
            items = self.cluster.co.list_cluster_custom_object(
                "healing.insa.io", "v1alpha1", "incidents", label_selector=f"healing.insa.io/node={self.node}"
            )
            for item in items["items"]:
                if item["spec"]["target"]["name"] == target:
                    name = str(item["metadata"]["name"])
                    if ("incidents", name) not in self.cluster.created:
                        self.cluster.created.append(("incidents", name))
                    return name
            return None

        return wait_for(find, timeout, f"the agent's incident for {target}")


@pytest.fixture(scope="module")
def world_parts(
    crds: ControlPlane,
    docker_client: docker.DockerClient,
    node_image: Image,
    busybox_image: Image,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[AgentProcess, SystemdNode, OperatorProcess]]:
    sd = SystemdNode(docker_client, labels={"healing.insa.io/test-run-pid": str(os.getpid())})
    agent: AgentProcess | None = None
    op = OperatorProcess(crds.kubeconfig, tmp_path_factory.mktemp("operator") / "operator.log")
    try:
        sd.start().wait_until_running(90)
        agent = AgentProcess(
            crds.kubeconfig, sd.name, dbus_address=sd.dbus_address, journal_dir=sd.journal_dir, docker_url=DOCKER_URL
        )
        agent.start()
        agent.wait_log("systemd: subscribed")
        agent.wait_log("docker: watching events")
        op.start()
        yield agent, sd, op
    finally:
        op.stop()
        if agent is not None:
            print(agent.log_text()[-3000:], file=sys.stderr)
            agent.stop()
        print(op.tail(), file=sys.stderr)
        sd.stop()


@pytest.fixture
def world(world_parts: tuple[AgentProcess, SystemdNode, OperatorProcess], cluster: Cluster) -> World:
    return World(cluster, *world_parts)


def test_crashing_container_is_restarted_verified_and_learned(
    world: World,
    container_factory: ContainerFactory,
    docker_client: docker.DockerClient,
    crds: ControlPlane,
) -> None:
    pol = f"e2e-crash-{uuid.uuid4().hex[:4]}"
    name = f"{world.node}-crash"
    # confidenceThreshold below the unknown-signature prior: acts whether the agent says container_exit or sig-*
    world.policy(
        pol,
        targets=[{"kind": "docker", "match": f"{world.node}-crash*"}],
        actions=["restart", "recreateContainer"],
        confidenceThreshold=0.3,
    )
    container = container_factory(["sh", "-c", FAIL_ONCE], name=name)
    inc = world.incident_for(name)
    st = world.cluster.wait_phase(inc, "Resolved", timeout=90)
    assert st["reason"] == "Verified" and st["policy"] == pol
    assert [(a["action"], a["result"]) for a in st["attempts"]] == [("restart", "Succeeded")]
    assert [e["result"] for e in st["executions"]] == ["Succeeded"]
    assert docker_client.containers.get(container.id).status == "running"
    policy = wait_for(lambda: (p := world.cluster.get_policy(pol))["status"].get("learning") and p, 20, "learning")
    entry = policy["status"]["learning"][0]
    assert (entry["serviceType"], entry["action"], entry["successes"], entry["failures"]) == ("docker", "restart", 1, 0)
    table = crds.run_kubectl("get", "incidents", inc).stdout
    assert "Resolved" in table and "restart" in table


def test_port_conflict_unit_is_healed_by_free_port(world: World) -> None:
    pol = f"e2e-port-{uuid.uuid4().hex[:4]}"
    world.sd.install_unit("app-web.service", f"[Service]\nExecStart=/usr/bin/python3 -m http.server {WEB_PORT}\n")
    world.policy(
        pol,
        targets=[
            {"kind": "systemd", "match": "app-web.service"},
            {"kind": "port", "port": WEB_PORT, "unit": "app-web.service", "interval": "1h"},
        ],
        actions=["freePort", "restart"],
    )
    # a stale instance of the same service holds the port
    world.sd.check(f"systemd-run --unit=stale-web /usr/bin/python3 -m http.server {WEB_PORT}")
    wait_for(lambda: world.sd.exec(f"nc -z 127.0.0.1 {WEB_PORT}")[0] == 0, 15, "the stale instance to listen")
    world.sd.exec("systemctl start app-web.service")
    inc = world.incident_for("app-web.service")
    st = world.cluster.wait_phase(inc, "Resolved", timeout=90)
    assert st["attempts"][0]["action"] == "freePort" and st["attempts"][0]["result"] == "Succeeded"
    assert world.sd.exec("systemctl is-active app-web.service")[1].strip() == "active"
    world.sd.exec("systemctl stop app-web.service")


def test_config_error_is_escalated_and_never_restarted(world: World) -> None:
    pol = f"e2e-cfg-{uuid.uuid4().hex[:4]}"
    world.policy(pol, targets=[{"kind": "systemd", "match": "app-conf.service"}], actions=["restart"])
    world.sd.install_unit(
        "app-conf.service",
        "[Service]\nExecStart=/bin/sh -c 'echo nginx: [emerg] unknown directive lisen in /etc/nginx/nginx.conf:3; "
        "exit 78'\n",
    )
    world.sd.exec("systemctl start app-conf.service")
    inc = world.incident_for("app-conf.service")
    st = world.cluster.wait_phase(inc, "Escalated", timeout=60)
    assert st["reason"] == "NotAutoFixable"
    assert "request" not in st and not st.get("executions")
    assert any(e["channel"] == "event" for e in st["escalations"])
    wait_for(lambda: any(e.type == "Warning" for e in world.cluster.events_for(inc)), 20, "a Warning event")


def test_operator_sigkill_mid_remediation_real_agent_no_duplicate(
    world: World, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    pol = f"e2e-kill-{uuid.uuid4().hex[:4]}"
    name = f"{world.node}-killme"
    world.policy(
        pol,
        targets=[{"kind": "docker", "match": f"{world.node}-killme*"}],
        actions=["restart"],
        confidenceThreshold=0.3,
        verify={"after": "2s", "healthyFor": "4s", "timeout": "1m"},
    )
    container_factory(["sh", "-c", FAIL_ONCE], name=name)
    inc = world.incident_for(name)
    st = world.cluster.wait_phase(inc, "Remediating", timeout=60)
    world.op.kill()  # the agent carries on alone
    wait_for(lambda: world.cluster.status(inc).get("executions"), 30, "the agent's execution")
    world.op.start()
    st = world.cluster.wait_phase(inc, "Resolved", timeout=90)
    assert len(st["executions"]) == 1 and len(st["attempts"]) == 1 and st["attemptCount"] == 1
    assert docker_client.containers.get(name).status == "running"


def test_healing_report_lists_the_policies(world: World, crds: ControlPlane) -> None:
    pol = f"e2e-report-{uuid.uuid4().hex[:4]}"
    world.policy(pol, targets=[{"kind": "docker", "match": "nothing-*"}])
    env = {**os.environ, "KUBECONFIG": str(crds.kubeconfig)}
    healing = str(Path(sys.executable).with_name("healing"))
    out = subprocess.run([healing, "report", "--format", "json"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert pol in out.stdout


def test_shadow_mode_with_the_real_agent_leaves_the_container_alone(
    world: World, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    pol = f"e2e-shadow-{uuid.uuid4().hex[:4]}"
    name = f"{world.node}-shadow"
    world.policy(pol, targets=[{"kind": "docker", "match": f"{world.node}-shadow*"}], mode="Shadow")
    container = container_factory(["sh", "-c", FAIL_ONCE], name=name)
    inc = world.incident_for(name)
    st = world.cluster.wait_phase(inc, "Suppressed", reason="ShadowMode", timeout=60)
    assert "would run restart" in st["message"] and "request" not in st
    container.reload()
    assert container.status == "exited"


def test_approve_mode_with_the_real_agent(
    world: World, container_factory: ContainerFactory, docker_client: docker.DockerClient, crds: ControlPlane
) -> None:
    pol = f"e2e-approve-{uuid.uuid4().hex[:4]}"
    name = f"{world.node}-approve"
    world.policy(pol, targets=[{"kind": "docker", "match": f"{world.node}-approve*"}], mode="Approve")
    container = container_factory(["sh", "-c", FAIL_ONCE], name=name)
    inc = world.incident_for(name)
    world.cluster.wait_phase(inc, "Suppressed", reason="AwaitingApproval", timeout=60)
    container.reload()
    assert container.status == "exited"  # nothing ran before the approval
    env = {**os.environ, "KUBECONFIG": str(crds.kubeconfig)}
    healing = str(Path(sys.executable).with_name("healing"))
    done = subprocess.run([healing, "approve", inc], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    st = world.cluster.wait_phase(inc, "Resolved", timeout=90)
    assert st["approval"]["approvedAt"] and [e["result"] for e in st["executions"]] == ["Succeeded"]
    assert docker_client.containers.get(name).status == "running"


def test_a_container_that_keeps_crashing_backs_off_exponentially(
    world: World, container_factory: ContainerFactory
) -> None:
    pol = f"e2e-loop-{uuid.uuid4().hex[:4]}"
    name = f"{world.node}-loop"
    world.policy(
        pol,
        targets=[{"kind": "docker", "match": f"{world.node}-loop*"}],
        actions=["restart", "recreateContainer"],
        confidenceThreshold=0.3,
        verify={"after": "1s", "healthyFor": "3s", "timeout": "20s"},
        backoff={"initial": "1s", "factor": 2, "max": "1m", "resetAfter": "10m"},
    )
    container_factory(["sh", "-c", "sleep 2; echo starting; exit 1"], name=name)
    inc = world.incident_for(name)
    # each candidate list (restart, recreateContainer) is tried again and again with growing cooldowns, until the
    # stuck detector opens the target's circuit (5 failed attempts, 0% success) or 3 rounds fail (Failed)

    seen: list[dict[str, Any]] = []

    def stopped() -> dict[str, Any] | None:
        st = world.cluster.status(inc)
        seen[:] = [st]
        return st if st.get("phase") == "Failed" or st.get("reason") == "CircuitOpen" else None

    try:
        st = wait_for(stopped, 240, "remediation to stop (CircuitOpen or Failed)")
    except AssertionError as exc:
        raise AssertionError(f"{exc}; the incident's status: {seen}") from None
    assert st["backoffSeconds"][:4] == [1.0, 2.0, 4.0, 8.0]
    assert [a["action"] for a in st["attempts"]][:4] == ["restart", "recreateContainer"] * 2
    assert all(a["result"] == "VerificationFailed" for a in st["attempts"])
    ids = [e["id"] for e in st["executions"]]
    assert len(ids) == st["attemptCount"] and len(set(ids)) == len(ids)  # every request ran exactly once
