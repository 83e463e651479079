"""The webhook channel against a local receiver: Alertmanager v4 shape, redaction, error mapping."""

from __future__ import annotations

import socket

import pytest

from controller.escalation.channel import ChannelError
from controller.escalation.retry import BackoffPolicy, RetryState, deliver
from controller.escalation.webhook import WebhookChannel, public_url
from tests.fakes.samples import SECRETS, T0, sample_evidence
from tests.fakes.webhook_receiver import FakeWebhookReceiver

# Until tests/conftest.py lists it: the github_server / webhook_receiver / advisor_server fixtures.
pytest_plugins = ["tests.plugins.github_server"]


def test_firing_payload_has_the_alertmanager_shape(webhook_receiver: FakeWebhookReceiver) -> None:
    evidence = sample_evidence()
    result = WebhookChannel(webhook_receiver.url()).escalate(evidence)

    assert result.channel == "webhook" and result.action == "sent" and result.ref == evidence.fingerprint()
    [payload] = webhook_receiver.payloads
    assert payload["version"] == "4" and payload["status"] == "firing" and payload["receiver"] == "healing"
    assert payload["groupKey"] == evidence.fingerprint()
    [alert] = payload["alerts"]
    assert alert["status"] == "firing" and alert["fingerprint"] == evidence.fingerprint()
    assert alert["labels"] == {
        "alertname": "HealingEscalation",
        "node": "node-a",
        "target": "systemd/api.service",
        "pattern": "port_conflict",
        "policy": "web-tier",
        "severity": "critical",
        "reason": "Stuck",
    }
    assert payload["commonLabels"] == alert["labels"]
    assert "systemd/api.service on node node-a" in alert["annotations"]["summary"]
    assert "kubectl get incident node-a-api-port-conflict -o yaml" in alert["annotations"]["description"]
    assert alert["startsAt"] == "2026-11-26T06:00:00Z" and alert["endsAt"] == "0001-01-01T00:00:00Z"
    assert webhook_receiver.requests[0].headers["content-type"] == "application/json"


def test_resolution_is_sent_as_resolved(webhook_receiver: FakeWebhookReceiver) -> None:
    result = WebhookChannel(webhook_receiver.url()).resolve(sample_evidence(), "healthy again")
    assert result is not None and result.action == "resolved"
    [payload] = webhook_receiver.payloads
    assert payload["status"] == "resolved" and payload["alerts"][0]["status"] == "resolved"
    assert payload["alerts"][0]["endsAt"] != "0001-01-01T00:00:00Z"
    assert payload["alerts"][0]["annotations"]["description"] == "healthy again"


def test_secrets_never_reach_the_webhook(webhook_receiver: FakeWebhookReceiver) -> None:
    dsn_password, bearer = SECRETS
    channel = WebhookChannel(webhook_receiver.url())
    evidence = sample_evidence(state=f"failed DSN=redis://:{dsn_password}@cache:6379/0")
    channel.escalate(evidence)
    channel.resolve(evidence, f"rotated, new header Authorization: Bearer {bearer}")
    for request in webhook_receiver.requests:
        for secret in SECRETS:
            assert secret not in request.text


def test_recorded_url_hides_the_secret_path(webhook_receiver: FakeWebhookReceiver) -> None:
    url = webhook_receiver.url("/services/T000/B000/XXXXsecretXXXX")
    result = WebhookChannel(url).escalate(sample_evidence())
    assert result.url == f"http://127.0.0.1:{webhook_receiver.port}/…"
    assert "secret" not in result.dump()["url"]
    assert public_url("https://hooks.example.com") == "https://hooks.example.com/"


@pytest.mark.parametrize(
    ("status", "retry_after", "retryable", "reason"),
    [
        (503, 30, True, "ServerError"),
        (500, None, True, "ServerError"),
        (429, 12, True, "RateLimited"),
        (401, None, False, "Unauthorized"),
        (404, None, False, "Rejected"),
        (400, None, False, "Rejected"),
    ],
)
def test_receiver_errors_are_mapped(
    webhook_receiver: FakeWebhookReceiver, status: int, retry_after: int | None, retryable: bool, reason: str
) -> None:
    webhook_receiver.fail_next(status, retry_after=retry_after)
    with pytest.raises(ChannelError) as caught:
        WebhookChannel(webhook_receiver.url()).escalate(sample_evidence())
    error = caught.value
    assert (error.status, error.retryable, error.reason, error.retry_after) == (
        status,
        retryable,
        reason,
        None if retry_after is None else float(retry_after),
    )
    assert "s3cretPathToken" not in error.message  # the path is the credential


def test_unreachable_receiver_is_retried_then_delivered(webhook_receiver: FakeWebhookReceiver) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/hook"
    policy = BackoffPolicy(jitter=0)
    _, state = deliver(
        WebhookChannel(dead, timeout=2), sample_evidence(), RetryState(channel="webhook"), T0, policy=policy
    )
    assert state.last_reason == "Unreachable" and state.retryable

    webhook_receiver.fail_next(503, retry_after=90)
    now = state.next_attempt_at
    _, state = deliver(WebhookChannel(webhook_receiver.url()), sample_evidence(), state, now, policy=policy)
    assert (state.next_attempt_at - now).total_seconds() == 90
    result, state = deliver(
        WebhookChannel(webhook_receiver.url()), sample_evidence(), state, state.next_attempt_at, policy=policy
    )
    assert state.done and result is not None
    assert len(webhook_receiver.payloads) == 2  # the 503 one and the delivered one


def test_only_http_urls_are_accepted() -> None:
    with pytest.raises(ValueError, match="http"):
        WebhookChannel("file:///etc/passwd")
