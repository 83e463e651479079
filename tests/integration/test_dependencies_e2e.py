"""Dependency-aware healing end to end: the real API server, `healing operator`, `healing agent` on a systemd node
and Docker. A dependency fails together with the services that need it: the operator heals the dependency first
while the dependents wait (Suppressed, WaitingForDependency, visible in `kubectl get inc -o wide`), then decides
them again -- some have recovered with no action, the others are healed. No dependent is acted on while its
dependency is failing.
"""

# ruff: noqa: F811  (pytest fixtures imported from other test modules are parameters here)
from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import docker
import pytest
from kubernetes.client.exceptions import NotFoundException

from controller.constants import GROUP, HOSTREPORT_PLURAL, VERSION
from controller.devenv.controlplane import ControlPlane
from tests.integration.test_operator_e2e import World, world, world_parts  # noqa: F401  (fixtures)
from tests.integration.test_operator_lifecycle import cluster, crds, wait_for  # noqa: F401  (fixtures)
from tests.plugins.docker_nodes import ContainerFactory

pytestmark = pytest.mark.integration
DB_PORT = 18095
VERIFY = {"after": "2s", "healthyFor": "5s", "timeout": "1m"}
# An app that needs the database: it checks it every half second and exits when it cannot get its page.
APP_SCRIPT = f"""\
import sys, time, urllib.request
while True:
    try:
        urllib.request.urlopen("http://127.0.0.1:{DB_PORT}/ok", timeout=2).read()
    except Exception:
        print("error: connection refused by database at 127.0.0.1:{DB_PORT}", flush=True)
        sys.exit(1)
    time.sleep(0.5)
"""
# The database is active once it serves its own page (what Type=notify gives a real one): while a stale instance
# holds its port, a start is never "active" for a moment.
DB_READY_SCRIPT = f"""\
import os, sys, time, urllib.request
main = f"/proc/{{os.environ['MAINPID']}}"
for _ in range(100):
    if not os.path.exists(main):
        sys.exit(1)  # the database itself did not start
    try:
        urllib.request.urlopen("http://127.0.0.1:{DB_PORT}/ok", timeout=1).read()
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
"""
DB_UNIT = (f"[Service]\nWorkingDirectory=/srv/depdb\nExecStart=/usr/bin/python3 -m http.server {DB_PORT}\n"
           "ExecStartPost=/usr/bin/python3 /usr/local/bin/dep-db-ready.py\n")
# app-1 and app-2 want the database and restart on their own (they come back once it is up); app-3 requires it
# and does not restart: it needs an action once the database is back.
SELF_RESTARTING_APP = (
    "[Unit]\nWants=dep-db.service\nAfter=dep-db.service\nStartLimitIntervalSec=0\n"
    "[Service]\nExecStart=/usr/bin/python3 /usr/local/bin/dep-app.py\nRestart=always\nRestartSec=2\n"
)
REQUIRING_APP = (
    "[Unit]\nRequires=dep-db.service\nAfter=dep-db.service\n"
    "[Service]\nExecStart=/usr/bin/python3 /usr/local/bin/dep-app.py\n"
)
APPS = ("dep-app-1.service", "dep-app-2.service", "dep-app-3.service")


def hostreport_edges(world: World) -> set[tuple[str, tuple[str, ...], str]]:
    """The dependency edges of the node's HostReport (none before the agent wrote its first one)."""
    try:
        body = world.cluster.co.get_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, world.node)
    except NotFoundException:
        return set()
    return {(e["target"], tuple(e["dependsOn"]), e["source"]) for e in body.get("status", {}).get("dependencies", [])}


def incidents_of(world: World, targets: tuple[str, ...]) -> dict[str, str]:
    """Every incident of these targets on the node (name -> target): one per target and failure."""
    items = world.cluster.co.list_cluster_custom_object(
        GROUP, VERSION, "incidents", label_selector=f"healing.insa.io/node={world.node}")["items"]
    found = {i["metadata"]["name"]: i["spec"]["target"]["name"] for i in items
             if i["spec"]["target"]["name"] in targets}
    world.cluster.created.extend(("incidents", n) for n in found if ("incidents", n) not in world.cluster.created)
    return found


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def wide_reasons(cp: ControlPlane, world: World, names: list[str]) -> dict[str, str]:
    """`kubectl get inc -o wide`: the REASON column of these incidents, as a user sees it."""
    out = cp.run_kubectl("get", "incidents", "-o", "wide", "-l", f"healing.insa.io/node={world.node}").stdout
    header, *rows = out.splitlines()
    start, end = header.index("REASON"), header.index("POLICY")  # columns are aligned; empty cells are blank
    return {row.split()[0]: row[start:end].strip() for row in rows if row.split()[0] in names}


def states(world: World, names: list[str]) -> str:
    keys = ("phase", "reason", "message", "attempts", "executions", "health")
    return "\n".join(f"{n}: { {k: world.cluster.status(n).get(k) for k in keys} }" for n in names)


def actions_run(status: dict[str, Any]) -> list[dict[str, Any]]:
    """Executions in which the agent did something (Skipped: it found the target healthy and did nothing)."""
    return [e for e in status.get("executions", []) if e["result"] != "Skipped"]


def test_a_failing_database_is_healed_first_and_its_apps_wait(world: World, crds: ControlPlane) -> None:
    """db.service fails (a stale instance holds its port) and its three apps fail with it. The database's fix waits
    for a human's approval (its own policy is in Approve mode); the apps' policy is Auto, yet no app is acted on
    while the database is down: they wait for it, then two recover with no action and one is healed."""
    tag = uuid.uuid4().hex[:4]
    sd = world.sd
    sd.check("mkdir -p /srv/depdb && echo ok > /srv/depdb/ok")
    sd.write_file("/usr/local/bin/dep-app.py", APP_SCRIPT)
    sd.write_file("/usr/local/bin/dep-db-ready.py", DB_READY_SCRIPT)
    sd.write_file("/etc/systemd/system/dep-db.service", DB_UNIT)
    for app in APPS[:2]:
        sd.write_file(f"/etc/systemd/system/{app}", SELF_RESTARTING_APP)
    sd.install_unit(APPS[2], REQUIRING_APP)  # writes the last one and reloads systemd
    sd.check(f"systemctl start {' '.join(APPS)}")  # pulls the database in first
    wait_for(lambda: all(sd.exec(f"systemctl is-active {u}")[1].strip() == "active" for u in ("dep-db.service", *APPS)),
             30, "the stack to run")

    world.policy(
        f"dep-db-{tag}",
        targets=[
            {"kind": "systemd", "match": "dep-db.service"},
            # the database's port (freePort needs to know it); probed once an hour: the units fail first here
            {"kind": "port", "port": DB_PORT, "unit": "dep-db.service", "interval": "1h"},
        ],
        mode="Approve", actions=["freePort", "restart"], verify=VERIFY,
    )
    world.policy(f"dep-apps-{tag}", targets=[{"kind": "systemd", "match": "dep-app-*.service"}],
                 actions=["restartDependencies", "restart"], confidenceThreshold=0.3, verify=VERIFY)
    # the agent publishes the node's dependency graph (systemd's own Requires / Wants+After read over D-Bus, and
    # the port the policy ties to the database)
    expected = {
        ("systemd/dep-app-1.service", ("systemd/dep-db.service",), "SystemdWantsAfter"),
        ("systemd/dep-app-2.service", ("systemd/dep-db.service",), "SystemdWantsAfter"),
        ("systemd/dep-app-3.service", ("systemd/dep-db.service",), "SystemdRequires"),
        (f"port/{DB_PORT}", ("systemd/dep-db.service",), "PolicyProbe"),
    }
    wait_for(lambda: expected <= hostreport_edges(world), 30, "the dependency edges in the HostReport")
    filed = [i["spec"]["target"]["name"] for i in world.cluster.co.list_cluster_custom_object(
        GROUP, VERSION, "incidents", label_selector=f"healing.insa.io/node={world.node}")["items"]]
    assert not [t for t in filed if t.startswith("dep-") or t == str(DB_PORT)], filed  # all healthy so far

    # The break: a stale instance of the database holds its port, the database cannot start any more
    # (port_conflict: freePort heals it), and its apps fail with it -- app-3 cannot start without it, app-1 and
    # app-2 crash-loop, each of their restarts trying (and failing) to start the database again.
    sd.check(
        "systemctl stop dep-db.service && "
        f"systemd-run --unit=stale-depdb /usr/bin/python3 -m http.server {DB_PORT} && "
        f"for i in $(seq 400); do nc -z 127.0.0.1 {DB_PORT} && break; sleep 0.05; done && "  # the stale one listens
        "systemctl start --no-block dep-app-3.service"
    )
    db = world.incident_for("dep-db.service", timeout=60)
    for app in APPS:
        world.incident_for(app, timeout=60)

    # while the database is failing, every app waits for it, and says so
    def all_waiting() -> dict[str, str] | None:
        apps = incidents_of(world, APPS)
        reasons = wide_reasons(crds, world, list(apps))
        waiting = len(reasons) == len(apps) and set(reasons.values()) == {"WaitingForDependency"}
        return reasons if waiting and set(apps.values()) == set(APPS) else None

    try:
        wait_for(all_waiting, 60, "kubectl get inc -o wide: the apps WaitingForDependency")
    except AssertionError as exc:
        units = " ".join(f"-u {u}" for u in ("dep-db.service", *APPS))
        journal = sd.exec(f"journalctl --no-pager -o short-precise {units} | tail -150")[1]
        raise AssertionError(f"{exc}\n{states(world, [db, *incidents_of(world, APPS)])}\n{journal}") from None
    db_waiting = world.cluster.wait_phase(db, "Suppressed", timeout=30, reason="AwaitingApproval")
    assert db_waiting["approval"]["action"] == "freePort"
    app3 = next(n for n, t in incidents_of(world, APPS).items() if t == APPS[2])
    message = world.cluster.status(app3)["message"]
    assert "waiting for systemd/dep-db.service to be healed first" in message and "SystemdRequires" in message
    assert "AwaitingApproval" in message  # it says what the database waits for in turn

    def failures() -> dict[str, int]:
        out = dict.fromkeys(APPS, 0)
        for name, target in incidents_of(world, APPS).items():
            out[target] += world.cluster.status(name).get("detection", {}).get("occurrences", 0)
        return out

    # the crash-looping apps keep failing meanwhile; nothing is requested for any of them
    wait_for(lambda: all(failures()[a] >= 3 for a in APPS[:2]), 60, "app-1 and app-2 to fail again and again")
    held = {name: world.cluster.status(name) for name in incidents_of(world, APPS)}
    assert all(st["reason"] == "WaitingForDependency" and not st.get("attempts") for st in held.values()), held
    failed_while_held = failures()

    # A human approves the database's fix (and the next one, should the apps' restarts -- each pulling in a start
    # of the database -- spoil an attempt while the stale instance is being killed).
    def approved_until_resolved() -> dict[str, Any] | None:
        st = world.cluster.status(db)
        if st.get("phase") == "Resolved":
            return st
        if st.get("reason") == "AwaitingApproval":
            world.cluster.annotate(db, "healing.insa.io/approve", "true")
        return None

    db_status = wait_for(approved_until_resolved, 120, "the database healed once its fix is approved", interval=0.5)
    # said in full on failure (a dict's repr is cut short): every attempt and execution with its result and message
    record = "\n".join(f"{kind} {e.get('id')} {e.get('action')}: {e.get('result')}: {e.get('message', '')}"
                        for kind in ("attempts", "executions") for e in db_status.get(kind, []))
    if not any(e["result"] == "Succeeded" for e in actions_run(db_status)):
        units = "-u dep-db.service -u stale-depdb.service"
        journal = sd.exec(f"journalctl --no-pager -o short-precise {units} | tail -120")[1]
        raise AssertionError(f"no action on the database succeeded:\n{record}\n{journal}")
    db_resolved = at(db_status["resolvedAt"])

    apps = incidents_of(world, APPS)
    finals = {name: world.cluster.wait_phase(name, "Resolved", timeout=90) for name in apps}
    for name, st in finals.items():
        for attempt in st.get("attempts", []):
            # nothing was requested for an app while its database was failing
            assert at(attempt["requestedAt"]) >= db_resolved, (apps[name], attempt, db_status["resolvedAt"])
    by_app = {app: [st for name, st in finals.items() if apps[name] == app] for app in APPS}
    # the apps that restart on their own came back with no action once the database was up
    for app in APPS[:2]:
        assert all(st["reason"] == "RecoveredWithoutAction" and not actions_run(st) for st in by_app[app]), by_app
    # the one that does not was healed after the database, by one action
    assert [(st["reason"], len(actions_run(st))) for st in by_app[APPS[2]]] == [("Verified", 1)], by_app[APPS[2]]
    assert all(sd.exec(f"systemctl is-active {u}")[1].strip() == "active" for u in ("dep-db.service", *APPS))
    print(f"dependency chain: database {len(actions_run(db_status))} action(s) (approved; {db_status['reason']}); "
          f"apps: {sum(len(actions_run(st)) for st in finals.values())} action(s), all after the database's "
          f"incident was resolved; "
          f"app failures seen while they waited: {failed_while_held}; apps recovered with no action: "
          f"{[a for a in APPS if all(st['reason'] == 'RecoveredWithoutAction' for st in by_app[a])]}")
    sd.exec(f"systemctl stop {' '.join(APPS)} dep-db.service stale-depdb.service")


def test_a_compose_service_waits_for_the_service_it_depends_on(
    world: World, container_factory: ContainerFactory, docker_client: docker.DockerClient, tmp_path: Path
) -> None:
    project = f"dep{uuid.uuid4().hex[:6]}"
    pol = f"dep-compose-{project}"
    shared = tmp_path / "shared"
    shared.mkdir()
    world.policy(pol, targets=[{"kind": "docker", "match": f"{project}-*"}], actions=["restart"],
                 confidenceThreshold=0.3, verify=VERIFY)
    volumes = {str(shared): {"bind": "/shared", "mode": "rw"}}

    def labels(service: str, **extra: str) -> dict[str, str]:
        return {"com.docker.compose.project": project, "com.docker.compose.service": service, **extra}

    # db is "up" while /shared/up exists; it crashes when told to (the trigger file), a restart brings it back
    db_cmd = ("touch /shared/up; while [ ! -e /shared/crash ]; do sleep 0.2; done; rm -f /shared/up /shared/crash; "
              "echo 'FATAL: the database system is shutting down'; exit 1")
    web_cmd = ("while [ -e /shared/up ]; do sleep 0.3; done; "
               "echo 'error: connection refused by database at db:5432'; exit 1")
    container_factory(["sh", "-c", db_cmd], name=f"{project}-db-1", labels=labels("db"), volumes=volumes)
    wait_for(lambda: (shared / "up").exists(), 20, "db to be up")
    web = container_factory(["sh", "-c", web_cmd], name=f"{project}-web-1", volumes=volumes,
                            labels=labels("web", **{"com.docker.compose.depends_on": "db:service_started:false"}))
    edge = (f"docker/{project}-web-1", (f"docker/{project}-db-1",), "ComposeDependsOn")
    wait_for(lambda: edge in hostreport_edges(world), 30, "the compose edge in the HostReport")

    (shared / "crash").touch()
    db = world.incident_for(f"{project}-db-1")
    web_inc = world.incident_for(f"{project}-web-1")
    world.cluster.wait_phase(web_inc, "Suppressed", timeout=30, reason="WaitingForDependency")
    assert f"waiting for docker/{project}-db-1" in world.cluster.status(web_inc)["message"]
    db_status = world.cluster.wait_phase(db, "Resolved", timeout=90, reason="Verified")
    web_status = world.cluster.wait_phase(web_inc, "Resolved", timeout=90)
    assert all(at(a["requestedAt"]) >= at(db_status["resolvedAt"]) for a in web_status.get("attempts", []))
    assert len(actions_run(web_status)) == 1 and web_status["reason"] == "Verified", web_status
    assert docker_client.containers.get(web.id).status == "running"
