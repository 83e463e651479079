"""Webhook channel: an Alertmanager-shaped JSON POST (version 4), which chat bridges and paging systems
already understand. ``firing`` on escalation, ``resolved`` with ``endsAt`` on resolution."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from controller.escalation.channel import ChannelError, EscalationResult, utcnow
from controller.escalation.evidence import EscalationEvidence, redact
from controller.redaction import redact_body

__all__ = ["WebhookChannel", "alertmanager_payload", "public_url"]

REQUEST_TIMEOUT_S = 10
# Alertmanager's "zero time" for an alert that has not ended.
ZERO_TIME = "0001-01-01T00:00:00Z"


class WebhookChannel:
    name = "webhook"

    def __init__(
        self, url: str, *, receiver: str = "healing", timeout: float = REQUEST_TIMEOUT_S, severity: str = "critical"
    ) -> None:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError("webhook url must be http(s)")
        self.url = url
        self.receiver = receiver
        self.timeout = timeout
        self.severity = severity

    def escalate(self, evidence: EscalationEvidence) -> EscalationResult:
        self._post(alertmanager_payload(evidence, "firing", receiver=self.receiver, severity=self.severity))
        return EscalationResult(channel="webhook", url=public_url(self.url), ref=evidence.fingerprint(), action="sent")

    def resolve(self, evidence: EscalationEvidence, message: str) -> EscalationResult | None:
        payload = alertmanager_payload(
            evidence, "resolved", receiver=self.receiver, severity=self.severity, message=message
        )
        self._post(payload)
        return EscalationResult(
            channel="webhook", url=public_url(self.url), ref=evidence.fingerprint(), action="resolved"
        )

    def _post(self, payload: dict[str, Any]) -> None:
        try:
            response = requests.post(self.url, json=redact_body(payload), timeout=self.timeout)
        except requests.RequestException as exc:
            raise ChannelError(
                f"webhook {public_url(self.url)} unreachable: {type(exc).__name__}",
                retryable=True,
                reason="Unreachable",
            ) from exc
        if response.ok:
            return
        raise map_http_error(response.status_code, response.headers.get("Retry-After"), public_url(self.url))


def map_http_error(status: int, retry_after_header: str | None, where: str) -> ChannelError:
    retry_after = None
    if retry_after_header:
        try:
            retry_after = max(0.0, float(retry_after_header))
        except ValueError:
            retry_after = None
    if status in (408, 425, 429) or status >= 500:
        reason = "RateLimited" if status == 429 else "ServerError"
        return ChannelError(
            f"webhook {where} answered {status}", retryable=True, retry_after=retry_after, reason=reason, status=status
        )
    if status in (401, 403):
        return ChannelError(
            f"webhook {where} refused the request ({status}): check the URL/credentials in spec.escalation.webhook",
            retryable=False,
            reason="Unauthorized",
            status=status,
        )
    return ChannelError(
        f"webhook {where} rejected the payload ({status})", retryable=False, reason="Rejected", status=status
    )


def public_url(url: str) -> str:
    """What may be recorded in status: scheme and host only. Webhook paths often are the secret
    (Slack, Teams, PagerDuty integration keys)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}/…" if parts.path not in ("", "/") else f"{parts.scheme}://{host}/"


def alertmanager_payload(
    evidence: EscalationEvidence,
    status: str,
    *,
    receiver: str = "healing",
    severity: str = "critical",
    message: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    now = now or utcnow()
    fingerprint = evidence.fingerprint()
    labels = {
        "alertname": "HealingEscalation",
        "node": evidence.node,
        "target": str(evidence.target),
        "pattern": evidence.problem,
        "policy": evidence.policy,
        "severity": severity,
        "reason": evidence.reason,
    }
    if evidence.cluster:
        labels["cluster"] = evidence.cluster
    labels = {k: redact(v) for k, v in labels.items()}
    description = _description(evidence) if status == "firing" else (message or "resolved")
    annotations = {"summary": evidence.summary(), "description": redact(description), "incident": evidence.incident}
    started = evidence.first_seen or (evidence.attempts[0].requested_at if evidence.attempts else None) or now
    alert = {
        "status": status,
        "labels": labels,
        "annotations": annotations,
        "startsAt": _iso(started),
        "endsAt": _iso(now) if status == "resolved" else ZERO_TIME,
        "generatorURL": "",
        "fingerprint": fingerprint,
    }
    return {
        "version": "4",
        "groupKey": fingerprint,
        "truncatedAlerts": 0,
        "status": status,
        "receiver": receiver,
        "groupLabels": {"alertname": "HealingEscalation"},
        "commonLabels": labels,
        "commonAnnotations": annotations,
        "externalURL": "",
        "alerts": [alert],
    }


def _description(evidence: EscalationEvidence) -> str:
    lines = [evidence.summary()]
    if evidence.state:
        lines.append(f"state: {evidence.state}")
    if evidence.exit_code is not None:
        lines.append(f"exit code: {evidence.exit_code}")
    if evidence.log_excerpt:
        lines.append("last log lines:")
        lines += [line[:300] for line in evidence.log_excerpt[-5:]]
    lines.append(f"kubectl get incident {evidence.incident} -o yaml")
    return redact("\n".join(lines))


def _iso(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
