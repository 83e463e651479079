"""The agent detects real failures and files classified Incidents: Docker containers and systemd units.

One agent process per module watches Docker (and, for the systemd tests, one node container's systemd over
its D-Bus socket, reading its journal with `journalctl --directory`). Every container, node, agent and CR a
test creates is removed at teardown.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import docker
import pytest
from docker.models.images import Image

from controller.agent.testing import AgentProcess, Cluster, install_crds, wait_for
from controller.devenv.controlplane import ControlPlane
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


def _policy(node: str, targets: list[dict[str, Any]], actions: list[str] | None = None) -> dict[str, Any]:
    return {
        "nodeSelector": {"matchLabels": {"kubernetes.io/hostname": node}},
        "targets": targets,
        "actions": actions or ["restart"],
        "mode": "Shadow",
    }


@pytest.fixture(scope="module")
def docker_agent(control_plane: ControlPlane, cluster: Cluster, busybox_image: Image) -> Iterator[AgentProcess]:
    node = f"det-{uuid.uuid4().hex[:6]}"
    policy = f"agent-{node}"
    cluster.apply_policy(policy, _policy(node, [{"kind": "docker", "match": f"{node}-*"}]))
    agent = AgentProcess(control_plane.kubeconfig, node, docker_url=DOCKER_URL)
    try:
        agent.start()
        agent.wait_log("docker: watching events")
        agent.wait_policies(policy)
        yield agent
    finally:
        agent.stop()
        cluster.delete_policy(policy)
        cluster.delete_incidents(node)
        cluster.delete_hostreport(node)


def _detection(incident: dict[str, Any]) -> dict[str, Any]:
    return incident["status"]["detection"]


def test_container_exit_code_1_files_an_incident(
    docker_agent: AgentProcess, cluster: Cluster, container_factory: ContainerFactory
) -> None:
    name = f"{docker_agent.node}-exit1"
    container_factory(["sh", "-c", "echo starting; echo 'fatal: giving up' >&2; exit 1"], name=name)
    inc = cluster.wait_incident(docker_agent.node, lambda i: i["spec"]["target"]["name"] == name, timeout=15)
    det = _detection(inc)
    assert inc["spec"]["node"] == docker_agent.node
    assert inc["metadata"]["labels"]["healing.insa.io/node"] == docker_agent.node
    assert inc["spec"]["serviceType"] == "docker"
    assert det["evidence"]["exitCode"] == 1
    assert det["reason"] == "ContainerDied"
    assert "fatal: giving up" in det["evidence"]["logExcerpt"]
    # a container exit is not a root cause; its pattern is container_exit (or unknown with a signature)
    assert det["pattern"] in ("container_exit", None)


def test_container_exit_0_and_stop_are_not_failures(
    docker_agent: AgentProcess, cluster: Cluster, container_factory: ContainerFactory
) -> None:
    ok = container_factory(["true"], name=f"{docker_agent.node}-ok")
    stopped = container_factory(["sleep", "600"], name=f"{docker_agent.node}-stopped")
    stopped.stop(timeout=0)  # SIGKILL: exit code 137, but asked for
    canary = f"{docker_agent.node}-canary"
    container_factory(["sh", "-c", "exit 3"], name=canary)
    # the canary's incident proves the agent processed the events before it (the stream is ordered)
    cluster.wait_incident(docker_agent.node, lambda i: i["spec"]["target"]["name"] == canary, timeout=15)
    names = {i["spec"]["target"]["name"] for i in cluster.incidents(docker_agent.node)}
    assert ok.name not in names
    assert stopped.name not in names


def test_oom_killed_container_is_out_of_memory(
    docker_agent: AgentProcess, cluster: Cluster, container_factory: ContainerFactory
) -> None:
    name = f"{docker_agent.node}-oom"
    container_factory(["sh", "-c", "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done"], name=name,
                      mem_limit="16m", memswap_limit="16m")
    inc = cluster.wait_incident(docker_agent.node, lambda i: i["spec"]["target"]["name"] == name, timeout=30)
    det = _detection(inc)
    assert inc["spec"]["failure"] == "out_of_memory"
    assert det["pattern"] == "out_of_memory"
    assert det["reason"] == "OOMKilled"
    assert det["evidence"]["oomKilled"] is True
    assert det["evidence"]["exitCode"] == 137


def test_unhealthy_container_is_health_check_failure(
    docker_agent: AgentProcess, cluster: Cluster, container_factory: ContainerFactory
) -> None:
    name = f"{docker_agent.node}-sick"
    container_factory(
        ["sleep", "600"], name=name,
        healthcheck={"test": ["CMD-SHELL", "echo 'GET /healthz: 503 Service Unavailable'; exit 1"],
                     "interval": 500_000_000, "timeout": 1_000_000_000, "retries": 1, "start_period": 0},
    )
    inc = cluster.wait_incident(docker_agent.node, lambda i: i["spec"]["target"]["name"] == name, timeout=30)
    det = _detection(inc)
    assert det["pattern"] == "health_check_failure"
    assert det["reason"] == "Unhealthy"
    assert any("503 Service Unavailable" in line for line in det["evidence"]["logExcerpt"])


def test_crash_loop_counts_occurrences_on_one_incident(
    docker_agent: AgentProcess, cluster: Cluster, container_factory: ContainerFactory
) -> None:
    name = f"{docker_agent.node}-loop"
    container_factory(["sh", "-c", "echo 'Error: connect ECONNREFUSED 127.0.0.1:5432'; exit 2"], name=name,
                      restart_policy={"Name": "on-failure", "MaximumRetryCount": 4})

    def repeated(inc: dict[str, Any]) -> bool:
        return inc["spec"]["target"]["name"] == name and _detection(inc)["occurrences"] >= 3

    inc = cluster.wait_incident(docker_agent.node, repeated, timeout=40, what="3 occurrences")
    same_target = [i for i in cluster.incidents(docker_agent.node) if i["spec"]["target"]["name"] == name]
    assert len(same_target) == 1, "a flapping container must update one Incident, not create many"
    # the pattern library decides which (a refused connection to a database port reads as either)
    assert inc["spec"]["failure"] in ("connection_refused", "service_dependency")
    assert _detection(inc)["firstSeen"] <= _detection(inc)["lastSeen"]


# --- systemd ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sd_node(docker_client: docker.DockerClient, node_image: Image) -> Iterator[SystemdNode]:
    node = SystemdNode(docker_client, labels={"healing.insa.io/test-run-pid": str(__import__("os").getpid())})
    try:
        node.start().wait_until_running(90)
        yield node
    finally:
        node.stop()


@pytest.fixture(scope="module")
def systemd_agent(
    control_plane: ControlPlane, cluster: Cluster, sd_node: SystemdNode
) -> Iterator[AgentProcess]:
    policy = f"agent-{sd_node.name}"
    cluster.apply_policy(policy, _policy(sd_node.name, [{"kind": "systemd", "match": "app-*.service"}]))
    agent = AgentProcess(control_plane.kubeconfig, sd_node.name, dbus_address=sd_node.dbus_address,
                         journal_dir=sd_node.journal_dir)
    try:
        agent.start()
        agent.wait_log("systemd: subscribed")
        agent.wait_policies(policy)
        yield agent
    finally:
        agent.stop()
        cluster.delete_policy(policy)
        cluster.delete_incidents(sd_node.name)
        cluster.delete_hostreport(sd_node.name)


def _unit_incident(cluster: Cluster, node: str, unit: str, timeout: float = 20) -> dict[str, Any]:
    return cluster.wait_incident(node, lambda i: i["spec"]["target"]["name"] == unit, timeout=timeout,
                                 what=f"an incident for {unit}")


def test_unit_port_conflict_is_classified_with_journal_evidence(
    systemd_agent: AgentProcess, cluster: Cluster, sd_node: SystemdNode
) -> None:
    sd_node.check("systemd-run --unit=squatter python3 -m http.server 18080")  # another process holds the port
    sd_node.install_unit("app-web.service", "[Service]\nExecStart=/usr/bin/python3 -m http.server 18080\n")
    wait_for(lambda: sd_node.exec("nc -z 127.0.0.1 18080")[0] == 0, 15, "the squatter to listen")
    sd_node.exec("systemctl start app-web.service")
    inc = _unit_incident(cluster, sd_node.name, "app-web.service")
    det = _detection(inc)
    assert inc["spec"]["failure"] == "port_conflict"
    assert inc["spec"]["serviceType"] == "systemd"
    assert det["pattern"] == "port_conflict"
    assert det["reason"] == "UnitFailed"
    assert det["evidence"]["source"] == "journal"
    assert det["evidence"]["exitCode"] == 1
    assert any("Address already in use" in line for line in det["evidence"]["matchedLines"])
    sd_node.exec("systemctl stop squatter.service")


def test_unit_failing_on_no_space_left_is_disk_full(
    systemd_agent: AgentProcess, cluster: Cluster, sd_node: SystemdNode
) -> None:
    # a real ENOSPC: a 64 KiB tmpfs filled by dd
    sd_node.install_unit(
        "app-writer.service",
        "[Service]\nType=oneshot\nExecStartPre=/bin/mkdir -p /mnt/tiny\n"
        "ExecStartPre=/bin/mount -t tmpfs -o size=64k tmpfs /mnt/tiny\n"
        "ExecStart=/bin/dd if=/dev/zero of=/mnt/tiny/fill bs=4k count=100\n"
        "ExecStopPost=-/bin/umount /mnt/tiny\n",
    )
    sd_node.exec("systemctl start app-writer.service")
    inc = _unit_incident(cluster, sd_node.name, "app-writer.service")
    det = _detection(inc)
    assert inc["spec"]["failure"] == "disk_full"
    assert any("No space left on device" in line for line in det["evidence"]["matchedLines"])


def test_unit_restart_loop_and_start_limit_update_one_incident(
    systemd_agent: AgentProcess, cluster: Cluster, sd_node: SystemdNode
) -> None:
    sd_node.install_unit(
        "app-flaky.service",
        "[Unit]\nStartLimitIntervalSec=60\nStartLimitBurst=3\n"
        "[Service]\nExecStart=/bin/sh -c 'echo nginx: [emerg] unknown directive lisen in /etc/nginx/nginx.conf:3; "
        "exit 78'\nRestart=always\nRestartSec=100ms\n",
    )
    sd_node.exec("systemctl start app-flaky.service")
    inc = cluster.wait_incident(
        sd_node.name,
        lambda i: i["spec"]["target"]["name"] == "app-flaky.service" and _detection(i)["reason"] == "StartLimitHit",
        timeout=30, what="StartLimitHit",
    )
    det = _detection(inc)
    assert det["occurrences"] >= 2  # restarts counted on the same incident
    assert len([i for i in cluster.incidents(sd_node.name)
                if i["spec"]["target"]["name"] == "app-flaky.service"]) == 1
    assert inc["spec"]["failure"] == "config_error"
    assert det["evidence"]["exitCode"] == 78


def test_unit_dependency_failure_is_service_dependency(
    systemd_agent: AgentProcess, cluster: Cluster, sd_node: SystemdNode
) -> None:
    sd_node.install_unit("app-db.service", "[Service]\nType=oneshot\nExecStart=/bin/false\n")
    sd_node.install_unit("app-api.service",
                         "[Unit]\nRequires=app-db.service\nAfter=app-db.service\n"
                         "[Service]\nExecStart=/bin/sleep 600\n")
    sd_node.exec("systemctl start app-api.service")
    inc = cluster.wait_incident(
        sd_node.name, lambda i: i["spec"]["target"]["name"] == "app-api.service", timeout=20,
    )
    det = _detection(inc)
    assert det["pattern"] == "service_dependency"
    assert det["reason"] == "DependencyFailed"
    assert "app-db.service" in det["message"]


# --- probes and metrics -----------------------------------------------------------------------------------

def test_probes_report_port_http_disk_and_memory(control_plane: ControlPlane, cluster: Cluster) -> None:
    """Probe targets on the agent's own host: nothing listens on the port/URL; thresholds of 1 % trip."""
    import socket
    import urllib.request

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        metrics_port = s.getsockname()[1]
    node = f"probe-{uuid.uuid4().hex[:6]}"
    policy = f"agent-{node}"
    cluster.apply_policy(policy, _policy(node, [
        {"kind": "port", "port": port, "interval": "1s"},
        {"kind": "http", "url": f"http://127.0.0.1:{port}/healthz", "interval": "1s", "timeout": "1s"},
        {"kind": "disk", "path": "/", "thresholdPercent": 1, "interval": "1s"},
        {"kind": "memory", "thresholdPercent": 1, "interval": "1s"},
    ]))
    agent = AgentProcess(control_plane.kubeconfig, node, metrics_port=metrics_port)
    try:
        agent.start()
        expected = {
            ("port", str(port)): "PortNotListening",
            ("http", f"http://127.0.0.1:{port}/healthz"): "HttpUnhealthy",
            ("disk", "/"): "DiskFull",
            ("memory", "memory"): "MemoryPressure",
        }
        for (kind, name), reason in expected.items():
            inc = cluster.wait_incident(
                node, lambda i, k=kind, n=name: i["spec"]["target"] == {"kind": k, "name": n}, timeout=20,
                what=f"a {kind} probe incident",
            )
            assert _detection(inc)["reason"] == reason
            assert _detection(inc)["evidence"]["source"] == "probe"
        assert cluster.incident(incident_for(node, "disk", "/", "disk_full"))
        def scrape() -> str | None:
            with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5) as resp:
                text = resp.read().decode()
            return text if "healing_agent_source_up{" in text else None  # set with the first HostReport

        text = wait_for(scrape, 20, "the source gauges")
        assert 'healing_agent_detections_total{kind="disk",pattern="disk_full"}' in text
        assert "healing_agent_detection_latency_seconds_count" in text
        assert "healing_agent_report_queue_depth" in text
        assert "healing_agent_api_up 1.0" in text
        assert 'healing_agent_source_up{source="docker"} 0.0' in text  # this agent runs with --no-docker
    finally:
        agent.stop()
        cluster.delete_policy(policy)
        cluster.delete_incidents(node)
        cluster.delete_hostreport(node)


def incident_for(node: str, kind: str, name: str, failure: str) -> str:
    from controller.api.incident import incident_name

    return incident_name(node, kind, name, failure)


def test_a_deleted_incident_is_filed_again_on_the_next_failure(
    docker_agent: AgentProcess, cluster: Cluster, container_factory: ContainerFactory
) -> None:
    name = f"{docker_agent.node}-again"
    container = container_factory(["sh", "-c", "echo 'fatal: again'; exit 1"], name=name)
    first = cluster.wait_incident(docker_agent.node, lambda i: i["spec"]["target"]["name"] == name, timeout=15)
    cluster.api.delete_cluster_custom_object("healing.insa.io", "v1alpha1", "incidents", first["metadata"]["name"])
    wait_for(lambda: cluster.incident(first["metadata"]["name"]) is None, 10, "the incident to go")
    container.start()  # fails again
    again = cluster.wait_incident(docker_agent.node, lambda i: i["spec"]["target"]["name"] == name, timeout=15)
    assert again["metadata"]["uid"] != first["metadata"]["uid"]
    assert again["status"]["detection"]["occurrences"] == 1


def test_unit_killed_by_the_oom_killer_is_out_of_memory(
    systemd_agent: AgentProcess, cluster: Cluster, sd_node: SystemdNode
) -> None:
    sd_node.install_unit(
        "app-hog.service",
        "[Service]\nMemoryMax=16M\nMemoryLimit=16M\nMemorySwapMax=0\n"
        "ExecStart=/bin/sh -c 'x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done'\n",
    )
    sd_node.exec("systemctl start app-hog.service")
    inc = _unit_incident(cluster, sd_node.name, "app-hog.service", timeout=30)
    det = _detection(inc)
    assert inc["spec"]["failure"] == "out_of_memory", det
    assert det["evidence"]["oomKilled"] is True


def test_agent_reconnects_after_the_bus_restarts(
    systemd_agent: AgentProcess, cluster: Cluster, sd_node: SystemdNode
) -> None:
    subscribed = systemd_agent.log_text().count("systemd: subscribed")
    sd_node.exec("systemctl restart dbus.service")
    wait_for(lambda: systemd_agent.log_text().count("systemd: subscribed") > subscribed, 30, "a new subscription")
    sd_node.install_unit("app-after-bus.service", "[Service]\nExecStart=/bin/sh -c 'echo fatal: no; exit 3'\n")
    sd_node.exec("systemctl start app-after-bus.service")
    inc = _unit_incident(cluster, sd_node.name, "app-after-bus.service")
    assert _detection(inc)["evidence"]["exitCode"] == 3
