"""Escalation orchestration against the local fake GitHub and webhook servers (real PyGithub/requests
on the wire): one issue per problem, comments for repeats, resolution closes it, failures become
Retrying/Failed records and never raise, and secrets from the logs never leave."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Escalation, Incident
from controller.constants import SECRET_API_URL_ANNOTATION
from controller.operator.metacognition.escalate import (
    BoundSecret,
    SecretNotReadable,
    append_escalations,
    bound_secret,
    build_evidence,
    escalate_incident,
    next_retry_at,
    parse_retry,
    report_resolved,
    retry_pending,
)
from tests.fakes.github_server import FakeGitHub
from tests.fakes.samples import BEARER_TOKEN, DSN_PASSWORD, SECRETS
from tests.fakes.webhook_receiver import FakeWebhookReceiver

pytest_plugins = ["tests.plugins.github_server"]

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


class DictSecrets:
    """A SecretReader over a dict: the protocol the operator gets, without an API server."""

    def __init__(self, values: dict[tuple[str, str, str], str], api_url: str | None = None) -> None:
        self.values = values
        self.api_url = api_url
        self.reads = 0

    async def read(self, namespace: str, name: str, key: str) -> BoundSecret:
        """As a Secret would hold it: base64 data, the URL binding in an annotation (absent: api.github.com)."""
        self.reads += 1
        if (namespace, name, key) not in self.values:
            raise SecretNotReadable(f"Secret {namespace}/{name} not found")
        annotations = {SECRET_API_URL_ANNOTATION: self.api_url} if self.api_url else {}
        return bound_secret({
            "metadata": {"namespace": namespace, "name": name, "annotations": annotations},
            "data": {key: base64.b64encode(self.values[(namespace, name, key)].encode()).decode()},
        }, key)


class Events:
    def __init__(self) -> None:
        self.posted: list[tuple[str, str, str, str]] = []

    async def emit(self, obj: Any, type_: str, reason: str, message: str) -> None:
        self.posted.append((obj.kind, type_, reason, message))


def make_incident(**status: Any) -> Incident:
    data: dict[str, Any] = {
        "metadata": {"name": "node-a-api-service-0123456789"},
        "spec": {
            "node": "node-a",
            "target": {"kind": "systemd", "name": "api.service"},
            "serviceType": "systemd",
            "failure": "port_conflict",
        },
        "status": {
            "phase": "Failed",
            "policy": "web-tier",
            "attempts": [
                {
                    "id": f"a{i}",
                    "action": "freePort",
                    "requestedAt": (T0 + timedelta(minutes=i)).isoformat(),
                    "finishedAt": (T0 + timedelta(minutes=i, seconds=5)).isoformat(),
                    "result": "VerificationFailed",
                    "message": f"port 8080 still bound (try {i}) token={BEARER_TOKEN}",
                }
                for i in range(3)
            ],
            "detection": {
                "pattern": "port_conflict",
                "confidence": 0.93,
                "occurrences": 4,
                "firstSeen": T0.isoformat(),
                "lastSeen": (T0 + timedelta(minutes=9)).isoformat(),
                "evidence": {
                    "source": "journal",
                    "logExcerpt": [
                        "api[812]: listen tcp 0.0.0.0:8080: bind: address already in use",
                        f"api[812]: connecting to postgresql://api:{DSN_PASSWORD}@db.internal:5432/api",
                        f"api[812]: request headers: Authorization: Bearer {BEARER_TOKEN}",
                    ],
                    "exitCode": 1,
                    "state": "failed (Result: exit-code)",
                },
            },
        },
    }
    data["status"].update(status)
    return Incident.model_validate(data)


def make_policy(github: FakeGitHub | None = None, webhook: str | None = None) -> HealingPolicy:
    escalation: dict[str, Any] = {}
    if github is not None:
        escalation["github"] = {
            "repository": "org/repo",
            "tokenSecretRef": {"namespace": "healing-system", "name": "gh", "key": "token"},
            "labels": ["healing"],
            "apiUrl": github.base_url,
        }
    if webhook:
        escalation["webhook"] = {"url": webhook}
    return HealingPolicy.model_validate(
        {
            "metadata": {"name": "web-tier"},
            "spec": {
                "targets": [{"kind": "systemd", "match": "api.service"}],
                "actions": ["restart", "freePort"],
                "backoff": {"initial": "10s", "factor": 2, "max": "10m"},
                "escalation": escalation,
            },
            "status": {
                "learning": [
                    {
                        "pattern": "port_conflict",
                        "serviceType": "systemd",
                        "action": "freePort",
                        "successes": 2,
                        "failures": 3,
                        "confidence": 0.41,
                    },
                    {
                        "pattern": "disk_full",
                        "serviceType": "systemd",
                        "action": "cleanDisk",
                        "successes": 5,
                        "failures": 0,
                        "confidence": 0.9,
                    },
                ]
            },
        }
    )


def secrets_for(server: FakeGitHub, token: str | None = None, *, bound_to: str | None = None) -> DictSecrets:
    return DictSecrets({("healing-system", "gh", "token"): token or server.token}, bound_to or server.base_url)


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def by_channel(records: list[Escalation]) -> dict[str, Escalation]:
    return {r.channel: r for r in records}


def test_evidence_from_incident_and_policy() -> None:
    evidence = build_evidence(make_incident(), make_policy(), "Stuck")
    assert evidence.node == "node-a" and str(evidence.target) == "systemd/api.service"
    assert evidence.pattern == "port_conflict" and evidence.service_type == "systemd"
    assert len(evidence.attempts) == 3 and evidence.attempts[0].result == "VerificationFailed"
    assert [f.action for f in evidence.learning] == ["freePort"]  # only the incident's pattern
    assert evidence.occurrences == 4 and evidence.exit_code == 1
    body = evidence.render_markdown()
    assert "kubectl get inc node-a-api-service-0123456789 -o yaml" in body
    assert "journalctl -u api.service" in body
    assert_no_secret(body, evidence.model_dump_json())


def test_unknown_signature_evidence() -> None:
    incident = make_incident(detection={"pattern": None, "signature": "sig-abc123", "occurrences": 2})
    incident.spec.failure = "sig-abc123"
    evidence = build_evidence(incident, make_policy(), "NotAutoFixable")
    assert evidence.pattern is None and evidence.signature == "sig-abc123"
    assert evidence.problem == "unknown:sig-abc123"


async def test_one_issue_comments_for_repeats_and_resolution_closes(
    github_server: FakeGitHub, webhook_receiver: FakeWebhookReceiver
) -> None:
    policy = make_policy(github_server, webhook_receiver.url())
    incident = make_incident()
    events = Events()
    secrets = secrets_for(github_server)

    first = await escalate_incident(incident, policy, "Stuck", secrets, T0, events)
    records = by_channel(first)
    assert set(records) == {"github", "webhook", "event"}
    assert all(r.result == "Delivered" for r in first)
    assert records["github"].ref == "org/repo#1"
    assert records["github"].url.endswith("/org/repo/issues/1")
    assert "s3cretPathToken" not in records["webhook"].url  # webhook paths are secrets too
    assert [i["number"] for i in github_server.issues()] == [1]
    issue = github_server.issues()[0]
    assert issue["labels"][0]["name"] == "healing"
    assert "port_conflict" in issue["title"] and "node-a" in issue["title"]
    for needle in ("freePort", "VerificationFailed", "address already in use", "confidence", "kubectl"):
        assert needle in issue["body"]
    assert [p[:3] for p in events.posted] == [
        ("Incident", "Warning", "Escalated"),
        ("HealingPolicy", "Warning", "Escalated"),
    ]
    assert "org/repo#1" in records["event"].message

    incident.status.escalations = append_escalations(incident.status.escalations, first)
    for repeat in range(2):
        again = await escalate_incident(incident, policy, "Stuck", secrets, T0 + timedelta(hours=repeat + 1), events)
        assert by_channel(again)["github"].message.startswith("commented on org/repo#1")
        incident.status.escalations = append_escalations(incident.status.escalations, again)
    assert len(github_server.issues()) == 1
    assert len(github_server.comments(1)) == 2

    incident.status.phase = "Resolved"
    incident.status.resolved_at = T0 + timedelta(hours=4)
    resolved = await report_resolved(incident, policy, secrets, T0 + timedelta(hours=4), events)
    done = by_channel(resolved)
    assert done["github"].result == "Delivered" and done["github"].reason == "Resolved"
    assert github_server.issues()[0]["state"] == "closed"
    assert "Resolved" in github_server.comments(1)[-1]["body"]
    assert webhook_receiver.payloads[-1]["status"] == "resolved"
    assert [p["status"] for p in webhook_receiver.payloads] == ["firing"] * 3 + ["resolved"]
    assert events.posted[-1][1:3] == ("Normal", "EscalationResolved")

    # nothing secret anywhere it went
    everything = [*github_server.bodies_sent(), *(json.dumps(p) for p in webhook_receiver.payloads)]
    everything += [r.model_dump_json() for r in incident.status.escalations + resolved]
    everything += [p[3] for p in events.posted]
    assert_no_secret(*everything)


async def test_a_new_problem_after_resolution_opens_a_new_issue(github_server: FakeGitHub) -> None:
    policy = make_policy(github_server)
    incident = make_incident()
    secrets = secrets_for(github_server)
    incident.status.escalations = await escalate_incident(incident, policy, "Stuck", secrets, T0)
    await report_resolved(incident, policy, secrets, T0 + timedelta(hours=1))
    again = await escalate_incident(incident, policy, "Stuck", secrets, T0 + timedelta(hours=2))
    assert by_channel(again)["github"].ref == "org/repo#2"


async def test_resolution_without_escalation_says_nothing(github_server: FakeGitHub) -> None:
    policy = make_policy(github_server)
    assert await report_resolved(make_incident(), policy, secrets_for(github_server), T0) == []
    assert github_server.requests == []


async def test_bad_token_is_failed_not_raised(github_server: FakeGitHub) -> None:
    policy = make_policy(github_server)
    records = await escalate_incident(make_incident(), policy, "Stuck", secrets_for(github_server, "ghp_wrong"), T0)
    record = by_channel(records)["github"]
    assert record.result == "Failed"
    assert "BadCredentials" in record.message and "tokenSecretRef" in record.message
    assert "not retried" in record.message
    assert parse_retry(record) is None and next_retry_at(records) is None  # a bad token is not retried forever
    assert "ghp_wrong" not in record.message
    assert github_server.issues() == []
    assert by_channel(records)["event"].result == "Delivered"
    incident = make_incident(escalations=[r.dump() for r in records])
    sent = len(github_server.requests)
    assert await retry_pending(incident, policy, secrets_for(github_server), T0 + timedelta(days=1)) == records
    assert len(github_server.requests) == sent


async def test_a_token_with_a_trailing_newline_is_delivered(github_server: FakeGitHub) -> None:
    secrets = secrets_for(github_server, github_server.token + "\n")
    records = await escalate_incident(make_incident(), make_policy(github_server), "Stuck", secrets, T0)
    assert by_channel(records)["github"].result == "Delivered"


async def test_a_token_goes_only_to_the_api_url_its_secret_is_bound_to(github_server: FakeGitHub) -> None:
    """A policy author names another team's Secret and points apiUrl at a host of their own: the token is not
    sent (an unannotated Secret is bound to the public GitHub API only)."""
    policy = make_policy(github_server)  # apiUrl: the attacker's server
    for secrets in (DictSecrets({("healing-system", "gh", "token"): github_server.token}),  # unannotated
                    secrets_for(github_server, bound_to="https://ghe.example.com/api/v3")):
        records = await escalate_incident(make_incident(), policy, "Stuck", secrets, T0)
        record = by_channel(records)["github"]
        assert record.result == "Failed" and "SecretNotBound" in record.message, record.message
        assert SECRET_API_URL_ANNOTATION in record.message and parse_retry(record) is None
    assert github_server.requests == []  # nothing, not even a search, reached the other host
    # a trailing slash is the same URL
    slash = secrets_for(github_server, bound_to=github_server.base_url + "/")
    records = await escalate_incident(make_incident(), policy, "Stuck", slash, T0)
    assert by_channel(records)["github"].result == "Delivered"


@pytest.mark.parametrize(("value", "message"), [("", "is empty"), ("  \n", "is empty")])
async def test_an_empty_token_is_not_readable(github_server: FakeGitHub, value: str, message: str) -> None:
    records = await escalate_incident(
        make_incident(), make_policy(github_server), "Stuck", secrets_for(github_server, value or " "), T0
    )
    record = by_channel(records)["github"]
    assert record.result == "Failed" and message in record.message and github_server.requests == []


async def test_missing_secret_is_failed_with_the_reason(github_server: FakeGitHub) -> None:
    records = await escalate_incident(make_incident(), make_policy(github_server), "Stuck", DictSecrets({}), T0)
    record = by_channel(records)["github"]
    assert record.result == "Failed" and "SecretNotReadable" in record.message
    assert github_server.requests == []


@pytest.mark.parametrize("fault", ["rate-limit", "secondary-rate-limit", "500", "502", "503"])
async def test_rate_limit_and_server_errors_are_retrying_then_delivered(github_server: FakeGitHub, fault: str) -> None:
    policy = make_policy(github_server)
    incident = make_incident()
    secrets = secrets_for(github_server)
    github_server.fail_next(fault, count=50, retry_after=120)
    now = datetime.now(UTC)
    incident.status.escalations = await escalate_incident(incident, policy, "Stuck", secrets, now)
    record = by_channel(incident.status.escalations)["github"]
    assert record.result == "Retrying", record.message
    attempts, due = parse_retry(record)
    assert attempts == 1
    if "rate-limit" in fault:
        assert "RateLimited" in record.message
        assert due >= now + timedelta(seconds=100)  # honours Retry-After / X-RateLimit-Reset
    else:
        assert "ServerError" in record.message
        assert now + timedelta(seconds=7) <= due <= now + timedelta(seconds=13)  # initial 10s ± jitter
    assert next_retry_at(incident.status.escalations) == due

    # not due yet: untouched, no request
    sent = len(github_server.requests)
    assert await retry_pending(incident, policy, secrets, due - timedelta(seconds=1)) == incident.status.escalations
    assert len(github_server.requests) == sent

    # still failing when due: attempt 2, longer backoff
    again = await retry_pending(incident, policy, secrets, due)
    second = by_channel(again)["github"]
    assert second.result == "Retrying" and parse_retry(second)[0] == 2
    incident.status.escalations = again

    github_server.clear_faults()
    _, due2 = parse_retry(second)
    final = await retry_pending(incident, policy, secrets, due2)
    delivered = by_channel(final)["github"]
    assert delivered.result == "Delivered" and delivered.ref == "org/repo#1"
    assert len(github_server.issues()) == 1
    assert next_retry_at(final) is None
    assert len(final) == len(incident.status.escalations)  # replaced in place, not appended


async def test_webhook_failure_is_retrying(webhook_receiver: FakeWebhookReceiver) -> None:
    policy = make_policy(webhook=webhook_receiver.url())
    webhook_receiver.fail_next(503, count=1, retry_after=30)
    records = await escalate_incident(make_incident(), policy, "Stuck", DictSecrets({}), T0)
    record = by_channel(records)["webhook"]
    assert record.result == "Retrying" and "503" in record.message
    assert parse_retry(record)[1] >= T0 + timedelta(seconds=30)
    assert "s3cretPathToken" not in record.message + record.url


async def test_pending_escalation_is_cancelled_when_the_incident_resolves(github_server: FakeGitHub) -> None:
    policy = make_policy(github_server)
    incident = make_incident()
    secrets = secrets_for(github_server)
    github_server.fail_next("502", count=5)
    incident.status.escalations = await escalate_incident(incident, policy, "Stuck", secrets, T0)
    incident.status.phase = "Resolved"
    incident.status.resolved_at = T0 + timedelta(minutes=1)
    after = await retry_pending(incident, policy, secrets, T0 + timedelta(hours=1))
    record = by_channel(after)["github"]
    assert record.result == "Failed" and record.message.startswith("cancelled")
    assert next_retry_at(after) is None
    assert github_server.issues() == []


def test_append_escalations_is_bounded_and_keeps_pending() -> None:
    pending = Escalation(
        channel="github",
        at=T0,
        reason="Stuck",
        result="Retrying",
        message="ServerError: x (attempt 1; next attempt at 2026-11-26T06:00:10Z)",
    )
    delivered = [Escalation(channel="event", at=T0 + timedelta(seconds=i), reason="Stuck") for i in range(60)]
    merged = append_escalations([pending], delivered)
    assert len(merged) == 50
    assert merged[0] is pending
    assert merged[-1].at == T0 + timedelta(seconds=59)


async def test_resolution_is_reported_once(github_server: FakeGitHub) -> None:
    policy = make_policy(github_server)
    incident = make_incident()
    secrets = secrets_for(github_server)
    incident.status.escalations = await escalate_incident(incident, policy, "Stuck", secrets, T0)
    resolved = await report_resolved(incident, policy, secrets, T0 + timedelta(minutes=5))
    incident.status.escalations = append_escalations(incident.status.escalations, resolved)
    sent = len(github_server.requests)
    assert await report_resolved(incident, policy, secrets, T0 + timedelta(minutes=6)) == []
    assert len(github_server.requests) == sent


class BrokenEvents:
    async def emit(self, obj: Any, type_: str, reason: str, message: str) -> None:
        raise ConnectionError("API server went away")


async def test_event_failure_is_recorded_not_raised(webhook_receiver: FakeWebhookReceiver) -> None:
    policy = make_policy(webhook=webhook_receiver.url())
    records = by_channel(await escalate_incident(make_incident(), policy, "Stuck", DictSecrets({}), T0, BrokenEvents()))
    assert records["webhook"].result == "Delivered"
    assert records["event"].result == "Failed" and "ConnectionError" in records["event"].message
    assert records["event"].message.startswith("Escalated (Stuck)")
