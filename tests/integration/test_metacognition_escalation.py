"""Metacognition end to end on the real local API server with the fake GitHub: a target that keeps failing
makes the policy stuck (Stalled=True, circuit Open), exactly one issue is opened with the token read from a
real Secret, the next episode comments, the half-open probe closes the circuit and the resolution closes the
issue. Every status written is accepted by the generated CRDs, and no secret from the logs reaches GitHub,
an Event text or the stored Incident."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import kubernetes
import pytest

from controller.api.common import get_condition
from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.constants import GROUP, INCIDENT_PLURAL, NODE_LABEL, POLICY_PLURAL, SECRET_API_URL_ANNOTATION, VERSION
from controller.operator.metacognition import (
    evaluate_stuck,
    half_open_scopes,
    record_half_open_result,
    record_outcome,
    scope_keys,
)
from controller.operator.metacognition.escalate import (
    KubeSecretReader,
    SecretNotReadable,
    append_escalations,
    escalate_incident,
    report_resolved,
)
from tests.fakes.github_server import FakeGitHub
from tests.fakes.samples import BEARER_TOKEN, DSN_PASSWORD, SECRETS

pytestmark = pytest.mark.integration
pytest_plugins = ["tests.plugins.github_server"]

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "healing-system"


@pytest.fixture(scope="module")
def crds(control_plane: Any) -> Any:
    control_plane.run_kubectl("apply", "-f", str(ROOT / "crds"))
    for plural in (POLICY_PLURAL, INCIDENT_PLURAL):
        control_plane.run_kubectl("wait", "--for=condition=Established", "--timeout=60s", f"crd/{plural}.{GROUP}")
    return control_plane


def ensure_namespace(core: kubernetes.client.CoreV1Api, name: str = NAMESPACE) -> None:
    try:
        core.create_namespace({"metadata": {"name": name}})
    except kubernetes.client.ApiException as exc:
        if exc.status != 409:
            raise


@pytest.fixture
def token_secret(kube_api: kubernetes.client.ApiClient, github_server: FakeGitHub) -> Iterator[str]:
    core = kubernetes.client.CoreV1Api(kube_api)
    ensure_namespace(core)
    name = f"gh-{int(time.time() * 1000) % 10_000_000}"
    core.create_namespaced_secret(
        NAMESPACE,
        {
            # bound to the GitHub stand-in; stored with a trailing newline as `kubectl create secret --from-file`
            # of an echo'd token would
            "metadata": {"name": name, "annotations": {SECRET_API_URL_ANNOTATION: github_server.base_url}},
            "data": {"token": base64.b64encode(github_server.token.encode() + b"\n").decode()},
        },
    )
    try:
        yield name
    finally:
        core.delete_namespaced_secret(name, NAMESPACE)


async def test_kube_secret_reader(
    kube_api: kubernetes.client.ApiClient, token_secret: str, github_server: FakeGitHub
) -> None:
    reader = KubeSecretReader(kube_api)
    read = await reader.read(NAMESPACE, token_secret, "token")
    assert (read.value, read.api_url) == (github_server.token, github_server.base_url)
    with pytest.raises(SecretNotReadable, match="has no key 'nope'") as missing_key:
        await reader.read(NAMESPACE, token_secret, "nope")
    assert github_server.token not in str(missing_key.value)
    with pytest.raises(SecretNotReadable, match="404"):
        await reader.read(NAMESPACE, "does-not-exist", "token")


class Objects:
    """Create / read / patch-status for the two kinds, as the operator does."""

    def __init__(self, api: kubernetes.client.ApiClient) -> None:
        self.custom = kubernetes.client.CustomObjectsApi(api)
        self.created: list[tuple[str, str]] = []

    def create(self, plural: str, body: dict[str, Any]) -> None:
        self.custom.create_cluster_custom_object(GROUP, VERSION, plural, body)
        self.created.append((plural, body["metadata"]["name"]))

    def get(self, plural: str, name: str) -> dict[str, Any]:
        return self.custom.get_cluster_custom_object(GROUP, VERSION, plural, name)

    def patch_status(self, plural: str, name: str, status: dict[str, Any]) -> dict[str, Any]:
        return self.custom.patch_cluster_custom_object_status(GROUP, VERSION, plural, name, {"status": status})

    def cleanup(self) -> None:
        for plural, name in reversed(self.created):
            try:
                self.custom.delete_cluster_custom_object(GROUP, VERSION, plural, name)
            except kubernetes.client.ApiException as exc:
                if exc.status != 404:
                    raise


@pytest.fixture
def objects(crds: Any, kube_api: kubernetes.client.ApiClient) -> Iterator[Objects]:
    objs = Objects(kube_api)
    try:
        yield objs
    finally:
        objs.cleanup()


def _outcome(policy: HealingPolicy, ok: bool, at: datetime) -> None:
    """One verified outcome of the stuck target, recorded as the operator does."""
    policy.status = record_outcome(
        policy.status,
        "port_conflict",
        "freePort",
        ok,
        20.0 if ok else None,
        at,
        policy.spec.stuck.window,
        target="node-a/api.service",
    )


class Events:
    def __init__(self) -> None:
        self.posted: list[tuple[str, str, str, str]] = []

    async def emit(self, obj: Any, type_: str, reason: str, message: str) -> None:
        self.posted.append((obj.kind, type_, reason, message))


def _policy_body(name: str, github: FakeGitHub, secret: str) -> dict[str, Any]:
    return {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "HealingPolicy",
        "metadata": {"name": name},
        "spec": {
            "targets": [{"kind": "systemd", "match": "api.service"}],
            "actions": ["restart", "freePort"],
            "stuck": {
                "consecutiveFailures": 4,
                "minSuccessRate": 0.2,
                "window": "1h",
                "minAttempts": 5,
                "halfOpenAfter": "10m",
            },
            "escalation": {
                "github": {
                    "repository": "org/repo",
                    "tokenSecretRef": {"namespace": NAMESPACE, "name": secret, "key": "token"},
                    "labels": ["healing", "stuck"],
                    "apiUrl": github.base_url,
                }
            },
        },
    }


def _incident_body(name: str) -> dict[str, Any]:
    return {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "Incident",
        "metadata": {"name": name, "labels": {NODE_LABEL: "node-a"}},
        "spec": {
            "node": "node-a",
            "target": {"kind": "systemd", "name": "api.service"},
            "serviceType": "systemd",
            "failure": "port_conflict",
        },
    }


def _detection(now: datetime) -> dict[str, Any]:
    return {
        "pattern": "port_conflict",
        "confidence": 0.93,
        "occurrences": 6,
        "firstSeen": now.isoformat(),
        "lastSeen": now.isoformat(),
        "evidence": {
            "source": "journal",
            "logExcerpt": [
                "api[812]: listen tcp 0.0.0.0:8080: bind: address already in use",
                f"api[812]: connecting to postgresql://api:{DSN_PASSWORD}@db.internal:5432/api",
                f"api[812]: upstream: Authorization: Bearer {BEARER_TOKEN}",
            ],
            "exitCode": 1,
            "state": "failed (Result: exit-code)",
        },
    }


async def test_stuck_target_escalates_once_then_recovers(
    objects: Objects, kube_api: kubernetes.client.ApiClient, github_server: FakeGitHub, token_secret: str
) -> None:
    suffix = token_secret.removeprefix("gh-")
    policy_name, incident_name = f"meta-{suffix}", f"node-a-api-{suffix}"
    objects.create(POLICY_PLURAL, _policy_body(policy_name, github_server, token_secret))
    objects.create(INCIDENT_PLURAL, _incident_body(incident_name))
    secrets = KubeSecretReader(kube_api)
    events = Events()
    t0 = datetime.now(UTC).replace(microsecond=0)
    keys = scope_keys("port_conflict", "node-a", "api.service")

    def load() -> tuple[HealingPolicy, Incident]:
        return (
            HealingPolicy.model_validate(objects.get(POLICY_PLURAL, policy_name)),
            Incident.model_validate(objects.get(INCIDENT_PLURAL, incident_name)),
        )

    # The agent's detection and the operator's failed attempts, as they land in the API server.
    incident_status: dict[str, Any] = {"phase": "Remediating", "policy": policy_name, "detection": _detection(t0)}
    objects.patch_status(INCIDENT_PLURAL, incident_name, incident_status)
    escalations_seen = 0
    now = t0
    for i in range(6):
        policy, incident = load()
        decision = evaluate_stuck(policy, now)
        if not decision.allow_attempt(keys, now):
            break
        now = t0 + timedelta(minutes=i + 1)
        attempt = {
            "id": f"a{i}",
            "action": "freePort",
            "requestedAt": now.isoformat(),
            "finishedAt": now.isoformat(),
            "result": "VerificationFailed",
            "message": "port 8080 still bound",
        }
        incident_status["attempts"] = [*incident_status.get("attempts", []), attempt]
        incident_status["attemptCount"] = len(incident_status["attempts"])
        objects.patch_status(INCIDENT_PLURAL, incident_name, incident_status)
        _outcome(policy, False, now)
        decision = evaluate_stuck(policy, now)
        policy.status.circuits = decision.circuits
        policy.status.conditions = decision.conditions(policy.status.conditions, now, policy.metadata.generation)
        objects.patch_status(POLICY_PLURAL, policy_name, policy.status.dump())
        if decision.should_escalate:
            escalations_seen += 1
            _, incident = load()
            records = await escalate_incident(incident, policy, "Stuck", secrets, now, events)
            incident_status["escalations"] = [
                e.dump() for e in append_escalations(incident.status.escalations, records)
            ]
            incident_status["phase"] = "Escalated"
            incident_status["reason"] = "Stuck"
            objects.patch_status(INCIDENT_PLURAL, incident_name, incident_status)

    # stuck after exactly consecutiveFailures attempts; the circuit stopped the 5th; one escalation
    policy, incident = load()
    assert len(incident.status.attempts) == 4
    assert escalations_seen == 1
    stalled = get_condition(policy.status.conditions, "Stalled")
    assert stalled is not None and stalled.status == "True" and stalled.reason == "Stuck"
    assert "4 attempts in a row failed" in stalled.message
    [circuit] = [c for c in policy.status.circuits if c.state == "Open"]
    assert circuit.escalated and circuit.retry_at is not None
    assert policy.status.stats.consecutive_failures == 4 and len(policy.status.recent_outcomes) == 4
    issues = github_server.issues()
    assert len(issues) == 1 and issues[0]["state"] == "open"
    assert {label["name"] for label in issues[0]["labels"]} == {"healing", "stuck"}
    github = [e for e in incident.status.escalations if e.channel == "github"]
    assert [(e.result, e.ref) for e in github] == [("Delivered", "org/repo#1")]
    assert [e.channel for e in incident.status.escalations] == ["github", "event"]
    assert incident.status.phase == "Escalated"

    # half-open after the cooldown: one probe; it fails -> re-open, no second escalation
    probe_at = circuit.retry_at
    decision = evaluate_stuck(policy, probe_at)
    assert decision.allow_attempt(keys, probe_at)
    assert not decision.allow_attempt(keys, probe_at + timedelta(seconds=1))
    policy.status.circuits = record_half_open_result(
        decision.circuits, half_open_scopes(decision.circuits, keys)[0], False, probe_at + timedelta(minutes=1), "10m"
    )
    _outcome(policy, False, probe_at + timedelta(minutes=1))
    again = evaluate_stuck(policy, probe_at + timedelta(minutes=2))
    assert again.stuck and not again.should_escalate
    objects.patch_status(POLICY_PLURAL, policy_name, policy.status.dump())

    # a repeat escalation of the same problem (e.g. the agent saw it again) comments, never a new issue
    policy, incident = load()
    repeat = await escalate_incident(incident, policy, "Stuck", secrets, probe_at + timedelta(minutes=3), events)
    assert [r.message for r in repeat if r.channel == "github"] == ["commented on org/repo#1"]
    assert len(github_server.issues()) == 1 and len(github_server.comments(1)) == 1
    incident_status["escalations"] = [e.dump() for e in append_escalations(incident.status.escalations, repeat)]

    # second probe succeeds -> closed; the incident resolves and the issue is closed with a comment
    policy, _ = load()
    second = policy.status.circuits[0].retry_at
    decision = evaluate_stuck(policy, second)
    assert decision.allow_attempt(keys, second)
    _outcome(policy, True, second + timedelta(seconds=30))
    policy.status.circuits = record_half_open_result(
        decision.circuits, half_open_scopes(decision.circuits, keys)[0], True, second + timedelta(seconds=30), "10m"
    )
    final = evaluate_stuck(policy, second + timedelta(minutes=1))
    assert not final.stuck
    policy.status.conditions = final.conditions(policy.status.conditions, second + timedelta(minutes=1))
    objects.patch_status(POLICY_PLURAL, policy_name, policy.status.dump())
    incident_status.update(phase="Resolved", reason="Verified", resolvedAt=(second + timedelta(minutes=1)).isoformat())
    objects.patch_status(INCIDENT_PLURAL, incident_name, incident_status)
    policy, incident = load()
    resolved = await report_resolved(incident, policy, secrets, second + timedelta(minutes=1), events)
    assert [(r.channel, r.result) for r in resolved] == [("github", "Delivered"), ("event", "Delivered")]
    incident_status["escalations"] = [e.dump() for e in append_escalations(incident.status.escalations, resolved)]
    objects.patch_status(INCIDENT_PLURAL, incident_name, incident_status)

    policy, incident = load()
    assert get_condition(policy.status.conditions, "Stalled").status == "False"
    assert [c.state for c in policy.status.circuits] == ["Closed"]
    assert github_server.issues()[0]["state"] == "closed"
    assert "Resolved" in github_server.comments(1)[-1]["body"]
    assert [e.reason for e in incident.status.escalations if e.channel == "github"] == ["Stuck", "Stuck", "Resolved"]

    # nothing secret in GitHub, the Event texts or the Incident as the API server stores it
    stored = json.dumps(objects.get(INCIDENT_PLURAL, incident_name)["status"].get("escalations", []))
    texts = [*github_server.bodies_sent(), stored, *(p[3] for p in events.posted)]
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
    assert github_server.token not in stored
