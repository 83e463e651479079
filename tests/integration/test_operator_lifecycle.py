"""The operator on a real API server (`healing operator` as a subprocess), the agent's side driven from the test
by patching the agent-owned status fields exactly as the agent does (detection, executions, health).

End-to-end runs with the real agent, Docker and systemd are in test_operator_e2e.py.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import kubernetes
import pytest

from controller.constants import APPROVE_ANNOTATION, GROUP, INCIDENT_PLURAL, NODE_LABEL, POLICY_PLURAL, VERSION
from controller.devenv.controlplane import ControlPlane

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
HEALING = str(Path(sys.executable).with_name("healing"))
MERGE = "application/merge-patch+json"
T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout: float, what: str, interval: float = 0.2) -> T:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {last!r}")


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class OperatorProcess:
    """`healing operator` against the test control plane; output kept in a log file for failures."""

    def __init__(self, kubeconfig: Path, log: Path, env: dict[str, str] | None = None,
                 args: list[str] | None = None) -> None:
        self.kubeconfig, self.log = kubeconfig, log
        self.env = env or {}  # e.g. HEALING_ADVISOR_* settings
        self.args = args or []  # more options, e.g. --shard 1/2
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, **self.env, "KUBECONFIG": str(self.kubeconfig)}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [HEALING, "operator", "--metrics-port", "0", "--liveness-port", "0", *self.args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL: no cleanup handlers, no goodbye."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


class Cluster:
    """The test's view of the API: policies and incidents, and the agent's half of the incident protocol."""

    def __init__(self, api: kubernetes.client.ApiClient) -> None:
        self.co = kubernetes.client.CustomObjectsApi(api)
        self.core = kubernetes.client.CoreV1Api(api)
        self.created: list[tuple[str, str]] = []
        self._reporters: list[tuple[threading.Event, threading.Thread]] = []

    # -- objects --------------------------------------------------------------------------------------
    def policy(self, name: str, node: str, **spec: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "nodeSelector": {"matchLabels": {"kubernetes.io/hostname": node}},
            "targets": [{"kind": "docker", "match": "web-*"}, {"kind": "systemd", "match": "*.service"}],
            "actions": ["restart", "freePort", "recreateContainer"],
            "verify": {"after": "1s", "healthyFor": "2s", "timeout": "30s"},
            "backoff": {"initial": "1s", "factor": 2, "max": "1m", "resetAfter": "10m"},
        }
        body.update(spec)
        obj = self.co.create_cluster_custom_object(
            GROUP,
            VERSION,
            POLICY_PLURAL,
            {"apiVersion": f"{GROUP}/{VERSION}", "kind": "HealingPolicy", "metadata": {"name": name}, "spec": body},
        )
        self.created.append((POLICY_PLURAL, name))
        return obj

    def incident(
        self, name: str, node: str, target: str, pattern: str, *, kind: str = "docker", service_type: str = "docker",
        corroborated: bool | None = None,
    ) -> None:
        """What the agent does on a failure: create the Incident, then write its detection."""
        self.co.create_cluster_custom_object(
            GROUP,
            VERSION,
            INCIDENT_PLURAL,
            {
                "apiVersion": f"{GROUP}/{VERSION}",
                "kind": "Incident",
                "metadata": {"name": name, "labels": {NODE_LABEL: node}},
                "spec": {
                    "node": node,
                    "target": {"kind": kind, "name": target},
                    "serviceType": service_type,
                    "failure": pattern,
                },
            },
        )
        self.created.append((INCIDENT_PLURAL, name))
        self.agent_patch(
            name,
            {
                "detection": {
                    "pattern": pattern,
                    "confidence": 0.9,
                    "occurrences": 1,
                    "firstSeen": now_iso(),
                    "lastSeen": now_iso(),
                    "reason": "ContainerDied",
                    "evidence": {"source": "docker-events", "exitCode": 1},
                    **({} if corroborated is None else {"corroborated": corroborated}),
                }
            },
        )

    def get(self, name: str) -> dict[str, Any]:
        return self.co.get_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, name)

    def status(self, name: str) -> dict[str, Any]:
        return self.get(name).get("status", {})

    def get_policy(self, name: str) -> dict[str, Any]:
        return self.co.get_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name)

    def agent_patch(self, name: str, status: dict[str, Any]) -> None:
        self.co.patch_cluster_custom_object_status(
            GROUP, VERSION, INCIDENT_PLURAL, name, {"status": status}, _content_type=MERGE
        )

    def annotate(self, name: str, key: str, value: str | None) -> None:
        self.co.patch_cluster_custom_object(
            GROUP, VERSION, INCIDENT_PLURAL, name, {"metadata": {"annotations": {key: value}}}, _content_type=MERGE
        )

    # -- the agent's half of the protocol ----------------------------------------------------------------
    def execute(self, name: str, result: str = "Succeeded", healthy: bool | None = True) -> str:
        """Carry out the pending request once (append an execution for its id), report health."""
        status = self.status(name)
        req = status["request"]
        executions = status.get("executions", [])
        assert all(e["id"] != req["id"] for e in executions), f"request {req['id']} executed twice"
        stamp = now_iso()
        patch: dict[str, Any] = {
            "executions": [
                *executions,
                {
                    "id": req["id"],
                    "action": req["action"],
                    "startedAt": stamp,
                    "finishedAt": stamp,
                    "result": result,
                    "message": f"{req['action']} {result.lower()}",
                },
            ]
        }
        if healthy is not None:
            patch["health"] = {"healthy": healthy, "checkedAt": stamp, "since": stamp}
        self.agent_patch(name, patch)
        if healthy:
            self.keep_reporting(name, since=stamp)
        return str(req["id"])

    def keep_reporting(self, name: str, since: str, interval: float = 0.5, limit: float = 90.0) -> None:
        """What the agent does while an action is verified: a fresh healthy report every `interval` (the same
        `since`), until the incident leaves Remediating/Verifying -- one report then silence verifies nothing."""
        stop = threading.Event()

        def report() -> None:
            deadline = time.monotonic() + limit
            while not stop.wait(interval) and time.monotonic() < deadline:
                try:
                    if self.status(name).get("phase") not in ("Remediating", "Verifying"):
                        return
                    self.agent_patch(name, {"health": {"healthy": True, "checkedAt": now_iso(), "since": since}})
                except kubernetes.client.ApiException:
                    return

        thread = threading.Thread(target=report, daemon=True, name=f"health-{name}")
        thread.start()
        self._reporters.append((stop, thread))

    def health(self, name: str, healthy: bool) -> None:
        stamp = now_iso()
        self.agent_patch(name, {"health": {"healthy": healthy, "checkedAt": stamp, "since": stamp}})

    def occur_again(self, name: str) -> None:
        det = self.status(name)["detection"]
        self.agent_patch(
            name,
            {
                "detection": {**det, "occurrences": det["occurrences"] + 1, "lastSeen": now_iso()},
                "health": {"healthy": False, "checkedAt": now_iso(), "since": now_iso()},
            },
        )

    def phase(self, name: str) -> str | None:
        return self.status(name).get("phase")

    def wait_phase(self, name: str, phase: str, timeout: float = 30, reason: str | None = None) -> dict[str, Any]:
        seen: dict[str, Any] = {}

        def check() -> dict[str, Any] | None:
            st = self.status(name)
            seen.clear()
            seen.update(st)
            ok = st.get("phase") == phase and (reason is None or st.get("reason") == reason)
            return st if ok else None

        try:
            return wait_for(check, timeout, f"{name} in {phase}/{reason}")
        except AssertionError as exc:
            keys = ("phase", "reason", "message", "attemptCount", "backoffSeconds", "attempts", "executions")
            raise AssertionError(f"{exc}; status: { ({k: seen.get(k) for k in keys}) }") from None

    def events_for(self, name: str) -> list[Any]:
        items = self.core.list_namespaced_event("default", field_selector=f"involvedObject.name={name}").items
        return list(items)

    def cleanup(self) -> None:
        for stop, thread in self._reporters:
            stop.set()
            thread.join(timeout=5)
        self._reporters.clear()
        for plural, name in reversed(self.created):
            with contextlib.suppress(kubernetes.client.ApiException):
                self.co.delete_cluster_custom_object(GROUP, VERSION, plural, name)
        # Gone, not only marked: a policy carries Kopf's finalizer (its timer), and one left Terminating after its
        # operator stopped is still listed by the next test's operator, which restores e.g. the advisor calls kept in
        # its status into the operator-wide rate limit. The test's operator, still running here, removes the
        # finalizer; without one (a test that stopped it) the test removes it, as docs/deployment.md's uninstall does.
        try:
            wait_for(lambda: not self._left(), 15, "the test's objects deleted")
        except AssertionError:
            for plural, name in self._left():
                with contextlib.suppress(kubernetes.client.ApiException):
                    self.co.patch_cluster_custom_object(
                        GROUP, VERSION, plural, name, {"metadata": {"finalizers": None}}, _content_type=MERGE
                    )
            wait_for(lambda: not self._left(), 15, "the test's objects deleted once their finalizers were removed")
        self.created.clear()

    def exists(self, plural: str, name: str) -> bool:
        try:
            self.co.get_cluster_custom_object(GROUP, VERSION, plural, name)
        except kubernetes.client.ApiException as e:
            if e.status == 404:
                return False
            raise
        return True

    def _left(self) -> list[tuple[str, str]]:
        return [(plural, name) for plural, name in self.created if self.exists(plural, name)]


@pytest.fixture(scope="module")
def crds(control_plane: ControlPlane) -> ControlPlane:
    control_plane.run_kubectl("apply", "-f", str(ROOT / "crds"))
    control_plane.run_kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
    return control_plane


def running_operator(
    cp: ControlPlane, tmp: pytest.TempPathFactory, env: dict[str, str] | None = None
) -> Iterator[OperatorProcess]:
    """A started operator for a fixture; stopped (and its log tail shown) at teardown, also on failure."""
    op = OperatorProcess(cp.kubeconfig, tmp.mktemp("operator") / "operator.log", env)
    op.start()
    try:
        yield op
    finally:
        op.stop()
        print(op.tail(), file=sys.stderr)


@pytest.fixture(scope="module")
def operator(crds: ControlPlane, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OperatorProcess]:
    yield from running_operator(crds, tmp_path_factory)


@pytest.fixture
def cluster(kube_api: kubernetes.client.ApiClient) -> Iterator[Cluster]:
    c = Cluster(kube_api)
    try:
        yield c
    finally:
        c.cleanup()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


# --- tests ---------------------------------------------------------------------------------------------------


def test_crash_is_restarted_verified_resolved_and_learned(operator: OperatorProcess, cluster: Cluster) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node)
    cluster.incident(inc, node, "web-1", "container_exit")
    st = cluster.wait_phase(inc, "Remediating")
    assert st["request"]["action"] == "restart" and st["policy"] == pol
    cluster.execute(inc)
    st = cluster.wait_phase(inc, "Resolved", reason="Verified")
    assert [a["result"] for a in st["attempts"]] == ["Succeeded"]
    policy = wait_for(lambda: (p := cluster.get_policy(pol))["status"].get("learning") and p, 15, "learning")
    entry = policy["status"]["learning"][0]
    assert (entry["pattern"], entry["serviceType"], entry["action"], entry["successes"]) == (
        "container_exit",
        "docker",
        "restart",
        1,
    )
    assert policy["status"]["stats"]["resolvedTotal"] == 1
    reasons = {e.reason for e in cluster.events_for(inc)}
    assert {"ActionRequested", "ActionSucceeded", "Verified"} <= reasons


def test_port_conflict_is_healed_by_free_port(operator: OperatorProcess, cluster: Cluster) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node)
    cluster.incident(inc, node, "nginx.service", "port_conflict", kind="systemd", service_type="systemd")
    assert cluster.wait_phase(inc, "Remediating")["request"]["action"] == "freePort"
    cluster.execute(inc)
    cluster.wait_phase(inc, "Resolved")


def test_config_error_is_escalated_not_restarted(operator: OperatorProcess, cluster: Cluster) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node)
    cluster.incident(inc, node, "web-cfg", "config_error")
    st = cluster.wait_phase(inc, "Escalated", reason="NotAutoFixable")
    assert "request" not in st and st.get("attemptCount", 0) == 0
    assert any(e["channel"] == "event" for e in st["escalations"])
    wait_for(lambda: any(e.type == "Warning" for e in cluster.events_for(inc)), 15, "a Warning event")
    wait_for(
        lambda: any(e.reason in ("NotAutoFixable", "Escalated") for e in cluster.events_for(pol)),
        15,
        "an event on the policy",
    )


def test_shadow_mode_records_what_it_would_do(operator: OperatorProcess, cluster: Cluster) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node, mode="Shadow")
    cluster.incident(inc, node, "web-1", "container_exit")
    st = cluster.wait_phase(inc, "Suppressed", reason="ShadowMode")
    assert "would run restart" in st["message"] and "request" not in st


def test_approve_mode_waits_for_approval_then_acts(
    operator: OperatorProcess, cluster: Cluster, crds: ControlPlane
) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node, mode="Approve")
    cluster.incident(inc, node, "web-1", "container_exit")
    st = cluster.wait_phase(inc, "Suppressed", reason="AwaitingApproval")
    assert st["approval"]["action"] == "restart" and "request" not in st
    env = {**os.environ, "KUBECONFIG": str(crds.kubeconfig)}
    done = subprocess.run([HEALING, "approve", inc], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    st = cluster.wait_phase(inc, "Remediating")
    assert st["approval"]["approvedAt"] and st["request"]["action"] == "restart"
    # the approval is used up: the annotation is gone
    wait_for(
        lambda: APPROVE_ANNOTATION not in (cluster.get(inc)["metadata"].get("annotations") or {}),
        10,
        "the approval annotation to be consumed",
    )
    again = subprocess.run([HEALING, "approve", inc], env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "not awaiting approval" in again.stderr


def test_approval_by_annotation(operator: OperatorProcess, cluster: Cluster) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node, confidenceThreshold=0.95)  # Auto, but not confident enough
    cluster.incident(inc, node, "web-1", "container_exit")
    st = cluster.wait_phase(inc, "Suppressed", reason="AwaitingApproval")
    assert "confidenceThreshold" in st["message"]
    cluster.annotate(inc, APPROVE_ANNOTATION, "true")
    cluster.wait_phase(inc, "Remediating")


def test_require_corroboration_holds_an_uncorroborated_verdict_for_approval(
    operator: OperatorProcess, cluster: Cluster
) -> None:
    """The field goes through CRD validation and the status subresource as the agent writes it, and decides."""
    node, pol = unique("node"), unique("pol")
    cluster.policy(pol, node, requireCorroboration=True)
    doubted, confirmed = unique("inc"), unique("inc")
    cluster.incident(doubted, node, "web-1", "container_exit", corroborated=False)
    cluster.incident(confirmed, node, "web-2", "container_exit", corroborated=True)
    st = cluster.wait_phase(doubted, "Suppressed", reason="AwaitingApproval")
    assert "requireCorroboration" in st["message"] and "request" not in st
    assert st["detection"]["corroborated"] is False
    assert cluster.wait_phase(confirmed, "Remediating")["request"]["action"] == "restart"
    cluster.annotate(doubted, APPROVE_ANNOTATION, "true")
    cluster.wait_phase(doubted, "Remediating")
    # a policy that does not ask for it acts on the same detection
    node2, pol2, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol2, node2)
    cluster.incident(inc, node2, "web-1", "container_exit", corroborated=False)
    cluster.wait_phase(inc, "Remediating")


def test_require_corroboration_must_be_a_boolean(cluster: Cluster) -> None:
    with pytest.raises(kubernetes.client.ApiException) as bad:
        cluster.policy(unique("pol"), unique("node"), requireCorroboration="yes")
    assert bad.value.status == 422 and "requireCorroboration" in bad.value.body and "boolean" in bad.value.body


def test_no_policy_and_invalid_policy_never_act(operator: OperatorProcess, cluster: Cluster) -> None:
    node, inc = unique("node"), unique("inc")
    cluster.incident(inc, node, "web-1", "container_exit")
    assert "no HealingPolicy selects" in cluster.wait_phase(inc, "Suppressed", reason="NoPolicy")["message"]
    bad_node, pol, inc2 = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, bad_node, patterns=[{"id": "broken", "regex": "foo([", "actions": ["restart"]}])

    def stalled() -> dict[str, Any] | None:
        conds = {c["type"]: c for c in cluster.get_policy(pol).get("status", {}).get("conditions", [])}
        st = conds.get("Stalled")
        return st if st and st["status"] == "True" and st["reason"] == "InvalidSpec" else None

    cond = wait_for(stalled, 20, "policy Stalled InvalidSpec")
    assert "spec.patterns[0]" in cond["message"]
    cluster.incident(inc2, bad_node, "web-1", "container_exit")
    cluster.wait_phase(inc2, "Suppressed", reason="InvalidPolicy")

    # The fix of the spec is reconciled from its watch event (metadata.generation), and the policy acts again.
    cluster.co.patch_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, pol, {"spec": {"patterns": [
        {"id": "fixed", "regex": "foo(bar)?", "actions": ["restart"]}]}})

    def reconciled() -> dict[str, Any] | None:
        body = cluster.get_policy(pol)
        conds = {c["type"]: c["status"] for c in body.get("status", {}).get("conditions", [])}
        done = body["status"].get("observedGeneration") == body["metadata"]["generation"] == 2
        return body if done and conds.get("Stalled") == "False" and conds.get("Ready") == "True" else None

    wait_for(reconciled, 20, "the fixed spec reconciled (observedGeneration 2, Ready, not Stalled)")
    inc3 = unique("inc")
    cluster.incident(inc3, bad_node, "web-2", "container_exit")
    cluster.wait_phase(inc3, "Remediating")


def test_a_target_that_keeps_failing_backs_off_exponentially(operator: OperatorProcess, cluster: Cluster) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node)
    cluster.incident(inc, node, "web-1", "container_exit")
    ids = []
    for round_ in range(3):
        cluster.wait_phase(inc, "Remediating", timeout=30)
        ids.append(cluster.execute(inc))
        cluster.wait_phase(inc, "Resolved", timeout=30)
        cluster.occur_again(inc)
        st = cluster.wait_phase(inc, "Suppressed", reason="Cooldown")
        assert st["backoffSeconds"] == [2.0**i for i in range(round_ + 1)]
    assert len(set(ids)) == 3
    st = cluster.wait_phase(inc, "Remediating", timeout=30)
    assert st["attemptCount"] == 4


def test_storm_of_20_failures_respects_max_concurrent_and_hourly_limit(
    operator: OperatorProcess, cluster: Cluster
) -> None:
    node, pol = unique("node"), unique("pol")
    cluster.policy(
        pol,
        node,
        limits={"maxConcurrent": 3, "maxActionsPerHour": 8, "maxUnhealthyPercent": 100},
        verify={"after": "0s", "healthyFor": "1s", "timeout": "30s"},
    )
    names = [unique("storm") for _ in range(20)]
    for i, name in enumerate(names):
        cluster.incident(name, node, f"web-{i}", "container_exit")
    executed: set[str] = set()
    peak = 0
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        items = cluster.co.list_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL)["items"]
        mine = [i for i in items if i["metadata"]["name"] in names]
        in_flight = [i for i in mine if i.get("status", {}).get("phase") in ("Remediating", "Verifying")]
        peak = max(peak, len(in_flight))
        assert len(in_flight) <= 3, [i["metadata"]["name"] for i in in_flight]
        for item in in_flight:  # the agent carries each request out once
            st = item["status"]
            if st.get("phase") == "Remediating" and st["request"]["id"] not in executed:
                executed.add(cluster.execute(item["metadata"]["name"]))
        resolved = sum(1 for i in mine if i.get("status", {}).get("phase") == "Resolved")
        limited = sum(1 for i in mine if i.get("status", {}).get("reason") == "RateLimited")
        if resolved == 8 and limited == 12:
            break
        time.sleep(0.2)
    else:
        states = sorted(f"{i.get('status', {}).get('phase')}/{i.get('status', {}).get('reason')}" for i in mine)
        raise AssertionError(f"storm did not settle: {len(executed)} executed; {states}")
    assert peak == 3
    assert len(executed) == 8
    policy = cluster.get_policy(pol)
    assert len(policy["status"]["actionsLastHour"]) == 8


def test_resolved_incidents_are_deleted_after_retention_counts_survive(
    operator: OperatorProcess, cluster: Cluster
) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node, retention={"resolved": "3s"})
    cluster.incident(inc, node, "web-1", "container_exit")
    cluster.wait_phase(inc, "Remediating")
    cluster.execute(inc)
    cluster.wait_phase(inc, "Resolved")

    wait_for(lambda: not cluster.exists(INCIDENT_PLURAL, inc), 20, "the resolved incident to be garbage-collected")
    assert cluster.get_policy(pol)["status"]["stats"]["resolvedTotal"] == 1
