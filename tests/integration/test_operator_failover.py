"""Two replicas of ONE operator peering on a real API server (`healing operator --peering NAME` twice, as the
Deployment's two pods run it): the standby writes nothing while the active one decides; then the active one is
SIGKILLed (a crashed pod) and the standby takes over, recovers from a fresh listing, heals an incident filed after
the kill, and finishes the incidents that were in flight -- each action id requested and run once.

Who did what is read from the API server's own record: this module's control plane keeps an audit log (every
request; the bodies of peering and incident writes too). Each replica authenticates as its own user (in a cluster
both pods use one ServiceAccount and the audit record tells them apart by the pod name of the bound token), so
Kopf's own requests (User-Agent
`kopf/VERSION`: peering keep-alives, watches, finalizers) are attributed too; the runtime's requests also name the
replica in their User-Agent, `healing-operator/VERSION (identity)`, the identity being the replica's key in the
peering object (Kopf's POD_ID, set here as the Deployment's pod name would be).

Takeover deadline: Kopf drops a peer whose record is older than its `lifetime` (Kopf's default 60 s; the operator
keeps it, controller/operator/settings.py) and refreshes its own every lifetime - 5..10 s. A killed replica's record
expires at `lastseen + lifetime`, at most 60 s after the kill; the standby sleeps exactly until then, touches its own
record, and resumes on that event (Kopf re-lists every watched resource). The runtime's first decision then asks the
peering object at once and lists everything again before it decides (Runtime.until_current), and the new incident
waits for the agent's detection. TAKEOVER_SLACK (3 x PEERING_CHECK_SECONDS, the runtime's slowest path: its periodic
look) covers that after the expiry; measured: 0.2-0.4 s.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from controller.constants import INCIDENT_PLURAL
from controller.devenv.controlplane import ControlPlane
from controller.operator.peering import ANSWER_SECONDS
from controller.operator.runtime import PEERING_CHECK_SECONDS
from tests.integration import test_operator_lifecycle as lifecycle
from tests.integration.peering_helpers import install_peering, peers
from tests.integration.test_operator_lifecycle import Cluster, OperatorProcess, unique, wait_for
from tests.plugins.controlplane import started_plane

pytestmark = pytest.mark.integration
crds, cluster = lifecycle.crds, lifecycle.cluster  # the fixtures (used by name) of the other operator tests
PEERING = "healing-failover"
REPLICAS = ("replica-a", "replica-b")
WRITES = {"create", "update", "patch", "delete", "deletecollection"}
AUDIT_POLICY = """apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Request  # with their bodies: whose peering record each patch writes; what each decision wrote
    resources:
      - {group: kopf.dev, resources: [clusterkopfpeerings]}
      - {group: healing.insa.io, resources: [incidents, incidents/status]}
  - level: Metadata
"""
TAKEOVER_SLACK = 3 * PEERING_CHECK_SECONDS  # after the dead record's expiry: resume, re-list, recover, decide


@pytest.fixture(scope="module")
def control_plane(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    """This module's own control plane, with an audit log (the session's has none); `crds`, `kube_api` and
    `cluster` run against it. The log is `audit.log` in its log directory."""
    logs = tmp_path_factory.mktemp("failover-plane")
    policy = logs / "audit-policy.yaml"
    policy.write_text(AUDIT_POLICY)
    yield from started_plane(pytestconfig, logs, apiserver_args=[
        f"--audit-policy-file={policy}", f"--audit-log-path={logs / 'audit.log'}", "--audit-log-format=json"])


@pytest.fixture
def replicas(crds: ControlPlane, tmp_path: Path) -> Iterator[dict[str, OperatorProcess]]:
    """Both replicas in one peering, each as its own user; stopped (their logs shown) also on failure."""
    install_peering(crds, PEERING)
    procs = {
        name: OperatorProcess(crds.client_kubeconfig(name, ["system:masters"]), tmp_path / f"{name}.log",
                              env={"POD_ID": name}, args=["--peering", PEERING])
        for name in REPLICAS
    }
    try:
        for proc in procs.values():
            proc.start()
        yield procs
    finally:
        for name, proc in procs.items():
            proc.stop()
            print(f"--- {name}\n{proc.tail()}", file=sys.stderr)


def audit(plane: ControlPlane) -> list[dict[str, Any]]:
    """Every completed request the API server recorded, with `at` (epoch seconds it was received)."""
    out = []
    for line in (plane.log_dir / "audit.log").read_text().splitlines():
        record = json.loads(line)
        if record.get("stage") == "ResponseComplete":
            record.setdefault("objectRef", {})  # none for discovery (/api, /apis)
            record["at"] = datetime.fromisoformat(record["requestReceivedTimestamp"]).timestamp()
            out.append(record)
    return out


def what(record: dict[str, Any]) -> str:
    ref = record.get("objectRef") or {}
    sub = f"/{ref['subresource']}" if ref.get("subresource") else ""
    return f"{record['verb']} {ref.get('resource')}/{ref.get('name', '')}{sub} ({record.get('userAgent')})"


def kopf_state(replica: OperatorProcess) -> str:
    """What Kopf last said about this replica: it starts paused (mandatory peering) and says so when it resumes or
    pauses again."""
    said = [line for line in replica.log.read_text().splitlines()
            if "Resuming operations after the pause" in line or "Pausing operations" in line]
    return "active" if said and "Resuming" in said[-1] else "paused"


def runtime_agent(record: dict[str, Any], replica: str) -> bool:
    """A request of the operator's runtime (not Kopf's) of `replica`, by its User-Agent."""
    agent = str(record.get("userAgent", ""))
    return agent.startswith("healing-operator/") and agent.endswith(f" ({replica})")


def test_the_standby_writes_nothing_then_takes_over_from_a_killed_active_replica(
    replicas: dict[str, OperatorProcess], crds: ControlPlane, cluster: Cluster,
) -> None:
    api = cluster.co.api_client
    started = time.monotonic()

    def both() -> dict[str, Any] | None:
        announced = peers(api, PEERING)
        return announced if set(announced) == set(REPLICAS) else None

    announced = wait_for(both, 90, "both replicas in the peering object")
    active, standby = sorted(REPLICAS, key=lambda r: -int(announced[r]["priority"]))
    assert announced[active]["priority"] != announced[standby]["priority"], announced  # equal: Kopf pauses both
    wait_for(lambda: kopf_state(replicas[active]) == "active" and kopf_state(replicas[standby]) == "paused", 60,
             f"{active} active and {standby} (priority {announced[standby]['priority']}) standing by, as Kopf says")
    print(f"peering settled in {time.monotonic() - started:.1f} s: {active} active, {standby} standing by")

    # The active replica decides; the agent's half is played by the test.
    node, policy = unique("node"), unique("failover")
    cluster.policy(policy, node, limits={"maxConcurrent": 10, "maxActionsPerHour": 100, "maxUnhealthyPercent": 100},
                   verify={"after": "1s", "healthyFor": "2s", "timeout": "5m"})
    healed, pending, verifying, at_kill, after = (
        unique(n) for n in ("healed", "pending", "verifying", "at-kill", "after"))
    for i, name in enumerate((healed, pending, verifying)):
        cluster.incident(name, node, f"web-{i}", "container_exit")
    requested = {name: cluster.wait_phase(name, "Remediating")["request"]["id"]
                 for name in (healed, pending, verifying)}
    cluster.execute(healed)
    cluster.wait_phase(healed, "Resolved", reason="Verified")

    # In flight at the crash: a request the agent has not run yet (pending), one it ran just before (verifying),
    # and an incident filed as the active replica dies (at_kill: decided by either, but once).
    cluster.execute(verifying)
    cluster.incident(at_kill, node, "web-3", "container_exit")
    replicas[active].kill()
    killed_at = time.time()
    record = peers(api, PEERING)[active]  # its last keep-alive: nobody removes it before it expires
    expiry = (datetime.fromisoformat(record["lastseen"]) + timedelta(seconds=int(record["lifetime"]))).timestamp()
    assert cluster.phase(verifying) in ("Remediating", "Verifying")  # verify.after + healthyFor: 3 s

    # A new failure after the crash: the standby takes over once the dead record expires, and heals it.
    cluster.incident(after, node, "web-4", "container_exit")
    deadline = expiry + TAKEOVER_SLACK - time.time()
    cluster.wait_phase(after, "Remediating", timeout=deadline)
    took = time.time() - killed_at
    print(f"killed {active}; its record expired {expiry - killed_at:.1f} s later; {standby} requested the new "
          f"incident's action {took:.1f} s after the kill (deadline {expiry + TAKEOVER_SLACK - killed_at:.1f} s)")
    assert set(peers(api, PEERING)) == {standby}  # Kopf's autoclean dropped the dead record

    st = cluster.status(pending)
    assert st["request"]["id"] == requested[pending], st  # not requested again after the takeover
    for name in (pending, after):
        cluster.execute(name)
    cluster.wait_phase(at_kill, "Remediating")
    cluster.execute(at_kill)
    names = (healed, pending, verifying, at_kill, after)
    for name in names:
        cluster.wait_phase(name, "Resolved", reason="Verified", timeout=30)

    # Each action id was requested once and run once; nothing was lost or done twice.
    for name in names:
        st = cluster.status(name)
        attempts = [a["id"] for a in st.get("attempts", [])]
        executions = [e["id"] for e in st.get("executions", [])]
        assert len(attempts) == 1 and executions == attempts, (name, st.get("attempts"), st.get("executions"))
        if name in requested:
            assert attempts == [requested[name]], name
        managers = {m["manager"] for m in cluster.get(name)["metadata"].get("managedFields") or []}
        assert "healing-operator" in managers and "Python" not in managers, (name, managers)

    # The API server's record of who wrote what.
    def recorded() -> list[dict[str, Any]] | None:
        records = audit(crds)
        return records if any(x["at"] > killed_at + 1 for x in records) else None

    records = wait_for(recorded, 10, "the audit log past the kill")
    by = {r: [x for x in records if x["user"]["username"] == r] for r in REPLICAS}
    standby_writes = [x for x in by[standby] if x["verb"] in WRITES and x["at"] < killed_at]
    assert standby_writes, "the standby's keep-alives are missing from the audit log: it records nothing"

    def own_keepalive(x: dict[str, Any]) -> bool:
        ref, body = x["objectRef"], x.get("requestObject") or {}
        return (ref.get("resource"), ref.get("name")) == ("clusterkopfpeerings", PEERING) and \
            set(body.get("status") or {}) == {standby}

    others = [what(x) for x in standby_writes if not own_keepalive(x)]
    assert not others, f"the standby wrote more than its own keep-alive while {active} was active: {others}"
    incident_writes = {
        r: {x["objectRef"].get("name") for x in by[r]
            if x["verb"] in WRITES and x["objectRef"].get("resource") == INCIDENT_PLURAL and runtime_agent(x, r)}
        for r in REPLICAS
    }
    assert {healed, pending, verifying} <= incident_writes[active], incident_writes
    assert after in incident_writes[standby] and pending in incident_writes[standby], incident_writes

    # Kopf's resume re-lists for the handlers; the runtime lists again on its own (Runtime.until_current) before its
    # first decision: the first re-listed event asks the peering object at once.
    def relisted() -> list[dict[str, Any]]:
        return [x for x in audit(crds) if x["user"]["username"] == standby and x["at"] > killed_at
                and x["verb"] == "list" and x["objectRef"].get("resource") == INCIDENT_PLURAL
                and runtime_agent(x, standby)]

    listed = wait_for(relisted, PEERING_CHECK_SECONDS + ANSWER_SECONDS + 5, f"{standby}'s listing when it took over")
    first_write = min(x["at"] for x in by[standby] if x["at"] > killed_at and x["verb"] in WRITES
                      and x["objectRef"].get("resource") == INCIDENT_PLURAL)
    assert listed[0]["at"] < first_write, "the new active replica decided before it had listed everything again"
    assert not [what(x) for x in by[active] if x["at"] > killed_at + 1], "the killed replica still sent requests"
