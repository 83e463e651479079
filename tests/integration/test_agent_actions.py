"""Every action kind end to end on real targets (Docker containers, units of a systemd node, host files),
and the refusals: another node, a target no policy selects, an action the policy does not allow, a repeated id.

The test plays the operator: it sets `status.request` on an Incident and waits for the agent's
`status.executions` entry; then it checks the real target.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker
import pytest
from docker.models.images import Image

from controller.agent.testing import AgentProcess, Cluster, install_crds, wait_for
from controller.api.incident import incident_name
from controller.constants import ACTIONS, API_VERSION, NODE_LABEL
from controller.devenv.controlplane import ControlPlane
from controller.devenv.nodes import SystemdNode
from tests.plugins.docker_nodes import ContainerFactory

pytestmark = pytest.mark.integration
DOCKER_URL = "unix:///var/run/docker.sock"
# fails on its first run only: the marker lives on a host directory, so it survives restart and recreate
FAIL_ONCE = "if [ -e /state/ran ]; then exec sleep 600; else touch /state/ran; echo 'fatal: first run'; exit 1; fi"
WEB_PORT = 18081


def kind_key(kind: str) -> str:
    return "unit" if kind == "systemd" else "container"


class Env:
    def __init__(self, cluster: Cluster, agent: AgentProcess, node: SystemdNode, host_dir: Path) -> None:
        self.cluster, self.agent, self.sd, self.host_dir = cluster, agent, node, host_dir
        self.node = agent.node
        self.policy = f"act-{self.node}"
        self.limited = f"act-limited-{self.node}"

    def incident(self, kind: str, name: str, failure: str = "process_crash", *, service_type: str = "systemd",
                 spec_node: str | None = None, label_node: str | None = None, **target: str) -> str:
        """An Incident as the agent would file it (for targets whose failure is not the point of the test)."""
        inc_name = incident_name(spec_node or self.node, kind, name, failure)
        if self.cluster.incident(inc_name):
            return inc_name  # the agent filed it already (same node, target and failure)
        self.cluster.create_incident({
            "apiVersion": API_VERSION, "kind": "Incident",
            "metadata": {"name": inc_name, "labels": {NODE_LABEL: label_node or self.node}},
            "spec": {"node": spec_node or self.node, "target": {"kind": kind, "name": name, **target},
                     "serviceType": service_type, "failure": failure},
        })
        return inc_name

    def run(self, incident: str, action: str, action_id: str | None = None, timeout: float = 60) -> dict[str, Any]:
        rid = self.cluster.request_action(incident, action, action_id)
        return self.cluster.wait_execution(incident, rid, timeout)

    def detected(self, target: str, timeout: float = 20) -> str:
        kind = "systemd" if target.endswith(".service") else "docker"
        inc = self.cluster.wait_incident(
            self.node, lambda i: i["spec"]["target"] == {"kind": kind, "name": target, kind_key(kind): target},
            timeout=timeout, what=f"an incident for {target}",
        )
        return inc["metadata"]["name"]


@pytest.fixture(scope="module")
def env(control_plane: ControlPlane, docker_client: docker.DockerClient, node_image: Image,
        busybox_image: Image, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    install_crds(control_plane)
    cluster = Cluster(control_plane.kubeconfig)
    host_dir = tmp_path_factory.mktemp("agent-actions")
    sd = SystemdNode(docker_client, labels={"healing.insa.io/test-run-pid": str(os.getpid())})
    agent: AgentProcess | None = None
    e: Env | None = None
    try:
        sd.start().wait_until_running(90)
        # the node administrator allows path actions under this test's own directory only
        roots = [str(host_dir)]
        agent = AgentProcess(control_plane.kubeconfig, sd.name, dbus_address=sd.dbus_address,
                             journal_dir=sd.journal_dir, docker_url=DOCKER_URL,
                             host_paths={"cleanDisk": roots, "fixPermissions": roots, "removeStaleLock": roots})
        e = Env(cluster, agent, sd, host_dir)
        selector = {"matchLabels": {"kubernetes.io/hostname": e.node}}
        cluster.apply_policy(e.policy, {
            "nodeSelector": selector, "mode": "Shadow", "actions": list(ACTIONS),
            "targets": [
                {"kind": "docker", "match": f"{e.node}-c-*"},
                {"kind": "systemd", "match": "app-*.service"},
                {"kind": "port", "port": WEB_PORT, "unit": "app-web.service", "interval": "1h"},
                {"kind": "disk", "path": str(host_dir / "cache"), "interval": "1h"},
            ],
            "actionOptions": {
                "cleanDisk": {"paths": [str(host_dir / "cache")], "olderThan": "24h"},
                "lockPaths": [str(host_dir / "stale.lock"), str(host_dir / "live.lock")],
                "fixPermissions": [{"path": str(host_dir / "secret.conf"), "mode": "0640"}],
            },
        })
        cluster.apply_policy(e.limited, {
            "nodeSelector": selector, "mode": "Shadow", "actions": ["restart"],
            "targets": [{"kind": "docker", "match": f"{e.node}-limited-*"}],
        })
        agent.start()
        agent.wait_log("systemd: subscribed")
        agent.wait_log("docker: watching events")
        agent.wait_policies(e.policy, e.limited)
        yield e
    finally:
        if agent is not None:
            agent.stop()
        if e is not None:
            cluster.delete_policy(e.policy)
            cluster.delete_policy(e.limited)
            cluster.delete_incidents(e.node)
            cluster.delete_hostreport(e.node)
        sd.stop()
        cluster.close()


def _state_dir(env: Env, name: str) -> Path:
    d = env.host_dir / name
    d.mkdir()
    return d


def _fail_once_container(env: Env, factory: ContainerFactory, name: str) -> docker.models.containers.Container:
    return factory(["sh", "-c", FAIL_ONCE], name=name,
                   volumes={str(_state_dir(env, name)): {"bind": "/state", "mode": "rw"}})


# --- Docker ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("action", ["restart", "start", "recreateContainer"])
def test_docker_actions_bring_a_failed_container_back(
    env: Env, container_factory: ContainerFactory, docker_client: docker.DockerClient, action: str
) -> None:
    name = f"{env.node}-c-{action.lower()}"
    container = _fail_once_container(env, container_factory, name)
    incident = env.detected(name)
    execution = env.run(incident, action)
    assert execution["result"] == "Succeeded", execution
    assert execution["startedAt"] <= execution["finishedAt"]
    now = docker_client.containers.get(name)
    assert now.status == "running"
    if action == "recreateContainer":
        assert now.id != container.id
        assert now.labels == container.labels
    else:
        assert now.id == container.id
    # the agent reports the target's health for the operator's verification
    wait_for(lambda: ((env.cluster.incident(incident) or {}).get("status", {}).get("health") or {}).get("healthy"),
             15, "status.health.healthy")
    if action == "recreateContainer":
        docker_client.containers.get(name).remove(force=True)


def test_already_healthy_target_is_left_alone(
    env: Env, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    name = f"{env.node}-c-fine"
    container_factory(["sleep", "600"], name=name)
    started = docker_client.api.inspect_container(name)["State"]["StartedAt"]
    incident = env.incident("docker", name, "container_exit", service_type="docker", container=name)
    execution = env.run(incident, "restart")
    assert (execution["result"], execution["reason"]) == ("Skipped", "AlreadyHealthy")  # not an outcome of restart
    assert "already healthy" in execution["message"]
    assert docker_client.api.inspect_container(name)["State"]["StartedAt"] == started


# --- systemd ---------------------------------------------------------------------------------------------

def _fail_once_unit(env: Env, unit: str, extra: str = "") -> None:
    marker = f"/var/tmp/{unit}.ran"
    env.sd.install_unit(unit, f"{extra}[Service]\nExecStart=/bin/sh -c 'if [ -e {marker} ]; then exec sleep 600; "
                              f"else touch {marker}; echo fatal: first run; exit 1; fi'\n")


@pytest.mark.parametrize("action", ["restart", "start"])
def test_unit_restart_and_start(env: Env, action: str) -> None:
    unit = f"app-{action}.service"
    _fail_once_unit(env, unit)
    env.sd.exec(f"systemctl start {unit}")
    incident = env.detected(unit)
    execution = env.run(incident, action)
    assert execution["result"] == "Succeeded", execution
    assert env.sd.exec(f"systemctl is-active {unit}")[1].strip() == "active"


def test_unit_restart_after_earlier_starts_used_up_its_start_limit(env: Env) -> None:
    """Dependants that keep pulling a failing unit in use up its start limit while its Result still says exit-code
    (seen in test_dependencies_e2e): systemd would refuse the healer's restart at once ("Start request repeated too
    quickly", the Result left at exit-code), so the action resets a failed unit before starting it."""
    unit = "app-limited.service"
    script = "/usr/local/bin/app-limited.sh"
    env.sd.write_file(script, "n=$(( $(cat /var/tmp/app-limited.starts 2>/dev/null || echo 0) + 1 ))\n"
                              "echo $n > /var/tmp/app-limited.starts\n"
                              "if [ $n -gt 3 ]; then exec sleep 600; fi\n"
                              "echo fatal: not ready yet; exit 1\n")
    env.sd.install_unit(unit, "[Unit]\nStartLimitIntervalSec=600\nStartLimitBurst=3\n"
                              f"[Service]\nExecStart=/bin/sh {script}\n")
    for _ in range(3):  # three failed starts: the limit is used up, the 4th start is refused
        env.sd.exec(f"systemctl start {unit}")
    assert env.sd.exec(f"systemctl show -p Result --value {unit}")[1].strip() == "exit-code"
    incident = env.detected(unit)
    execution = env.run(incident, "restart")
    assert execution["result"] == "Succeeded", execution
    assert "reset its failed state and start limit first" in execution["message"], execution
    assert env.sd.exec(f"systemctl is-active {unit}")[1].strip() == "active"
    assert env.sd.exec("cat /var/tmp/app-limited.starts")[1].strip() == "4"  # one start of ours ran, not more


def test_unit_reset_failed(env: Env) -> None:
    unit = "app-reset.service"
    env.sd.install_unit(unit, "[Service]\nExecStart=/bin/false\n")
    env.sd.exec(f"systemctl start {unit}")
    incident = env.detected(unit)
    execution = env.run(incident, "resetFailed")
    assert execution["result"] == "Succeeded", execution
    assert env.sd.exec(f"systemctl is-failed {unit}")[1].strip() == "inactive"


def test_unit_restart_dependencies(env: Env) -> None:
    marker = "/var/tmp/app-db.ran"  # oneshot: its start job fails the first time, so app-api's dependency fails
    env.sd.install_unit("app-db.service", "[Service]\nType=oneshot\nRemainAfterExit=yes\n"
                        f"ExecStart=/bin/sh -c 'if [ ! -e {marker} ]; then touch {marker}; exit 1; fi'\n")
    env.sd.install_unit("app-api.service", "[Unit]\nRequires=app-db.service\nAfter=app-db.service\n"
                                           "[Service]\nExecStart=/bin/sleep 600\n")
    env.sd.exec("systemctl start app-api.service")
    incident = env.detected("app-api.service")
    execution = env.run(incident, "restartDependencies")
    assert execution["result"] == "Succeeded", execution
    assert "app-db.service" in execution["message"]
    assert env.sd.exec("systemctl is-active app-api.service app-db.service")[1].split() == ["active", "active"]


def _web_unit(env: Env) -> None:
    env.sd.install_unit("app-web.service", f"[Service]\nExecStart=/usr/bin/python3 -m http.server {WEB_PORT}\n")


def _listening(env: Env) -> bool:
    return env.sd.exec(f"nc -z 127.0.0.1 {WEB_PORT}")[0] == 0


def test_free_port_kills_a_stale_instance_of_the_service(env: Env) -> None:
    _web_unit(env)
    env.sd.check(f"systemd-run --unit=stale-web /usr/bin/python3 -m http.server {WEB_PORT}")
    wait_for(lambda: _listening(env), 15, "the stale instance to listen")
    env.sd.exec("systemctl start app-web.service")
    incident = env.detected("app-web.service")
    execution = env.run(incident, "freePort")
    assert execution["result"] == "Succeeded", execution
    assert "terminated pid" in execution["message"] or "killed pid" in execution["message"]
    assert env.sd.exec("systemctl is-active app-web.service")[1].strip() == "active"
    assert env.sd.exec("systemctl is-active stale-web.service")[1].strip() != "active"
    env.sd.exec("systemctl stop app-web.service")


def test_free_port_refuses_to_kill_a_foreign_process(env: Env) -> None:
    _web_unit(env)
    env.sd.exec("systemctl reset-failed app-web.service")
    env.sd.check(f"systemd-run --unit=foreign nc -lk -p {WEB_PORT}")
    wait_for(lambda: _listening(env), 15, "the foreign listener")
    incident = env.incident("systemd", "app-web.service", "port_conflict", unit="app-web.service")
    env.sd.exec("systemctl start app-web.service")
    wait_for(lambda: env.sd.exec("systemctl is-failed app-web.service")[1].strip() == "failed", 15, "unit failed")
    execution = env.run(incident, "freePort")
    assert execution["result"] == "Refused", execution
    assert "freePortKillForeign" in execution["message"]
    assert env.sd.exec("systemctl is-active foreign.service")[1].strip() == "active"
    env.sd.exec("systemctl stop foreign.service")


# --- host files ------------------------------------------------------------------------------------------

def test_clean_disk_removes_only_old_files_in_listed_paths(env: Env) -> None:
    cache = env.host_dir / "cache"
    cache.mkdir(exist_ok=True)
    old, new, outside = cache / "old.log", cache / "new.log", env.host_dir / "old-outside.log"
    for f in (old, new, outside):
        f.write_text("x" * 1000)
    ten_days_ago = time.time() - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    os.utime(outside, (ten_days_ago, ten_days_ago))
    incident = env.incident("disk", str(cache), "disk_full")
    execution = env.run(incident, "cleanDisk")
    assert execution["result"] == "Succeeded", execution
    assert not old.exists()
    assert new.exists() and outside.exists()


def test_remove_stale_lock_only_when_its_owner_is_gone(env: Env) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale, live = env.host_dir / "stale.lock", env.host_dir / "live.lock"
    stale.write_text(f"{dead.pid}\n")
    live.write_text(f"{os.getpid()}\n")
    incident = env.incident("disk", str(env.host_dir / "cache"), "database_lock")
    execution = env.run(incident, "removeStaleLock")
    assert execution["result"] == "Succeeded", execution
    assert not stale.exists()
    assert live.exists(), "a lock whose owner lives must stay"
    # only the live lock left: refused
    execution = env.run(incident, "removeStaleLock")
    assert execution["result"] == "Refused"
    assert "alive" in execution["message"]


def test_fix_permissions_sets_the_listed_mode(env: Env) -> None:
    secret = env.host_dir / "secret.conf"
    secret.write_text("password=x\n")
    secret.chmod(0o666)
    incident = env.incident("disk", str(env.host_dir / "cache"), "permission_denied")
    execution = env.run(incident, "fixPermissions")
    assert execution["result"] == "Succeeded", execution
    assert secret.stat().st_mode & 0o777 == 0o640


def test_path_actions_follow_no_planted_link(env: Env, tmp_path: Path) -> None:
    """The service owning the listed directory plants links to a file outside: nothing outside changes."""
    outside = tmp_path / "precious"
    outside.write_text("keep")
    outside.chmod(0o600)
    ten_days_ago = time.time() - 10 * 86400
    os.utime(outside, (ten_days_ago, ten_days_ago))
    cache = env.host_dir / "cache"
    cache.mkdir(exist_ok=True)
    (cache / "innocent.log").symlink_to(outside)
    incident = env.incident("disk", str(cache), "disk_full")
    assert env.run(incident, "cleanDisk")["result"] == "Succeeded"
    assert outside.read_text() == "keep" and (cache / "innocent.log").is_symlink()

    secret = env.host_dir / "secret.conf"
    secret.unlink(missing_ok=True)
    secret.symlink_to(outside)
    try:
        execution = env.run(env.incident("disk", str(cache), "permission_denied"), "fixPermissions")
        assert execution["result"] == "Refused" and "symbolic link" in execution["message"], execution
        assert outside.stat().st_mode & 0o777 == 0o600
    finally:
        secret.unlink()


def test_escalate_is_recorded(env: Env) -> None:
    incident = env.incident("disk", str(env.host_dir / "cache"), "config_error")
    execution = env.run(incident, "escalate")
    assert execution["result"] == "Succeeded"


# --- refusals --------------------------------------------------------------------------------------------

def test_refuses_an_incident_of_another_node(env: Env, container_factory: ContainerFactory) -> None:
    name = f"{env.node}-c-elsewhere"
    container_factory(["sh", "-c", "exit 1"], name=name)
    # mislabelled: our label, another node in spec
    mine = env.incident("docker", name, "container_exit", service_type="docker", container=name,
                        spec_node="some-other-node", label_node=env.node)
    execution = env.run(mine, "restart")
    assert execution["result"] == "Refused"
    assert "some-other-node" in execution["message"]
    # properly labelled for another node: not ours, never touched
    theirs = env.incident("docker", name, "container_exit", service_type="docker", container=name,
                          spec_node="other-2", label_node="other-2")
    rid = env.cluster.request_action(theirs, "restart")
    canary = env.incident("disk", str(env.host_dir / "cache"), "network_timeout")
    env.run(canary, "escalate")  # the agent has handled everything before this by now
    assert not (env.cluster.incident(theirs) or {}).get("status", {}).get("executions")
    assert rid


def test_refuses_a_target_no_policy_selects(env: Env) -> None:
    incident = env.incident("docker", "not-selected-by-anything", "container_exit", service_type="docker",
                            container="not-selected-by-anything")
    execution = env.run(incident, "restart")
    assert execution["result"] == "Refused"
    assert "not-selected-by-anything" in execution["message"]


def test_refuses_an_action_the_policy_does_not_allow(env: Env, container_factory: ContainerFactory) -> None:
    name = f"{env.node}-limited-1"
    container_factory(["sh", "-c", "exit 1"], name=name)
    incident = env.incident("docker", name, "container_exit", service_type="docker", container=name)
    execution = env.run(incident, "recreateContainer")
    assert execution["result"] == "Refused"
    assert "not allowed" in execution["message"] and env.limited in execution["message"]


def test_runs_an_action_id_at_most_once(
    env: Env, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    name = f"{env.node}-c-once"
    _fail_once_container(env, container_factory, name)
    incident = env.detected(name)
    action_id = f"once-{uuid.uuid4().hex[:6]}"
    assert env.run(incident, "restart", action_id)["result"] == "Succeeded"
    started = docker_client.api.inspect_container(name)["State"]["StartedAt"]
    docker_client.api.stop(name, timeout=0)  # broken again: a second run of the same id would restart it
    env.cluster.request_action(incident, "restart", action_id)  # the same id again
    canary = env.incident("disk", str(env.host_dir / "cache"), "resource_exhaustion")
    env.run(canary, "escalate")
    state = docker_client.api.inspect_container(name)["State"]
    assert state["Status"] == "exited" and state["StartedAt"] == started
    executions = env.cluster.incident(incident)["status"]["executions"]
    assert [e["id"] for e in executions].count(action_id) == 1


# --- hybrid: a unit that runs a container is healed through systemd ------------------------------------------

DOCKER_SHIM = """#!/bin/sh
# stand-in for the docker CLI inside the test node: the first `docker run` fails like a port clash, later runs serve
m=/var/tmp/hybrid.ran
if [ -e $m ]; then exec sleep 600; fi
touch $m
echo 'docker: Error response from daemon: driver failed programming external connectivity on endpoint hyb-web: \
Bind for 0.0.0.0:8080 failed: port is already allocated.' >&2
exit 125
"""


def test_hybrid_unit_is_classified_and_healed_through_systemd(env: Env) -> None:
    env.sd.write_file("/usr/local/bin/docker", DOCKER_SHIM, mode=0o755)
    env.sd.install_unit("app-hybrid.service",
                        "[Service]\nExecStart=/usr/local/bin/docker run --rm --name hyb-web -p 8080:80 web:1\n")
    env.sd.exec("systemctl start app-hybrid.service")
    inc = env.cluster.wait_incident(env.node, lambda i: i["spec"]["target"]["name"] == "app-hybrid.service",
                                    timeout=20, what="the hybrid unit's incident")
    assert inc["spec"]["serviceType"] == "hybrid"
    assert inc["spec"]["target"]["container"] == "hyb-web"
    assert inc["spec"]["target"]["unit"] == "app-hybrid.service"
    execution = env.run(inc["metadata"]["name"], "restart")
    assert execution["result"] == "Succeeded", execution
    assert "RestartUnit app-hybrid.service" in execution["message"]
    assert env.sd.exec("systemctl is-active app-hybrid.service")[1].strip() == "active"


# --- trust: nothing someone else wrote turns the agent against its node ---------------------------------------

def test_a_container_label_naming_a_unit_is_just_a_label(
    env: Env, container_factory: ContainerFactory, docker_client: docker.DockerClient
) -> None:
    """An image labels itself healing.insa.io/unit=reboot.target and crashes: it is healed as the container it is,
    through Docker; systemd is never asked for that unit."""
    name = f"{env.node}-c-evil"
    container_factory(["sh", "-c", "exit 3"], name=name, labels={"healing.insa.io/unit": "reboot.target"})
    inc = env.cluster.wait_incident(env.node, lambda i: i["spec"]["target"]["name"] == name, timeout=20,
                                    what="the labelled container's incident")
    assert inc["spec"]["serviceType"] == "docker" and "unit" not in inc["spec"]["target"], inc["spec"]
    execution = env.run(inc["metadata"]["name"], "restart")
    assert f"container {name}" in execution["message"] and "reboot.target" not in execution["message"], execution
    assert env.sd.exec("systemctl is-active reboot.target")[1].strip() == "inactive"


def test_an_incident_claiming_a_unit_the_agent_does_not_observe_is_refused(
    env: Env, container_factory: ContainerFactory
) -> None:
    """Whoever can write Incidents files one for a selected container, claiming it runs in reboot.target."""
    name = f"{env.node}-c-claimed"
    container_factory(["sh", "-c", "exit 1"], name=name)
    incident = env.incident("docker", name, "container_exit", service_type="hybrid", container=name,
                            unit="reboot.target")
    execution = env.run(incident, "restart")
    assert execution["result"] == "Refused" and "reboot.target" in execution["message"], execution
    assert env.sd.exec("systemctl is-active reboot.target")[1].strip() == "inactive"


def test_a_policy_selecting_every_unit_still_cannot_reboot_the_node(env: Env) -> None:
    everything = f"everything-{env.node}"
    env.cluster.apply_policy(everything, {
        "nodeSelector": {"matchLabels": {"kubernetes.io/hostname": env.node}}, "mode": "Shadow",
        "actions": ["start", "restart"], "targets": [{"kind": "systemd", "match": "*"}],
    })
    try:
        env.agent.wait_policies(env.policy, env.limited, everything)
        for unit, failure in (("reboot.target", "process_crash"), ("systemd-poweroff.service", "config_error")):
            incident = env.incident("systemd", unit, failure, unit=unit)
            execution = env.run(incident, "start")
            assert execution["result"] == "Refused", execution
            assert "never acted on" in execution["message"] or "not a service" in execution["message"]
        assert env.sd.exec("systemctl is-active reboot.target")[1].strip() == "inactive"
        assert env.sd.wait_until_running(5)
    finally:
        env.cluster.delete_policy(everything)
