"""Escalation orchestration: from an Incident and its policy to GitHub, the webhook and Kubernetes Events.

The channels themselves live in ``controller.escalation`` (GitHub dedup by fingerprint, Alertmanager-shaped
webhook, retry maths). This module builds the evidence, reads the token from its Secret, delivers to every
configured channel and turns each outcome into an ``Escalation`` record for ``Incident.status.escalations``.
Nothing here raises because a channel failed: a failure becomes a record with result ``Retrying`` (GitHub
down, rate limit) or ``Failed`` (bad token, missing Secret: a human must fix it, and it is still retried
rarely so the fix lets it through), whose message ends with ``(attempt N; next attempt at T)`` — that is
the durable retry state ``retry_pending`` reads back after an operator restart.
"""

from __future__ import annotations

import asyncio
import base64
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

import kubernetes

from controller.api.common import aware, parse_duration
from controller.api.healingpolicy import HealingPolicy, SecretKeyRef
from controller.api.incident import Escalation, Incident
from controller.constants import (
    INCIDENT_KIND,
    PUBLIC_GITHUB_API,
    SECRET_ADVISOR_URL_ANNOTATION,
    SECRET_API_URL_ANNOTATION,
)
from controller.escalation.channel import Channel, ChannelError
from controller.escalation.evidence import EscalationEvidence, redact
from controller.escalation.retry import BackoffPolicy, Operation, RetryState, adeliver, next_delay
from controller.escalation.webhook import WebhookChannel, public_url
from controller.operator.metacognition import metrics

__all__ = [
    "BoundSecret",
    "EventSink",
    "KubeSecretReader",
    "SecretReader",
    "append_escalations",
    "bound_secret",
    "bound_token",
    "build_evidence",
    "escalate_incident",
    "next_retry_at",
    "report_resolved",
    "retry_pending",
]

RESOLVED_REASON = "Resolved"
EVENT_REASON_ESCALATED = "Escalated"
EVENT_REASON_RESOLVED = "EscalationResolved"
MAX_ESCALATIONS = 50  # the CRD's maxItems for Incident.status.escalations
MAX_MESSAGE_CHARS = 1000
_RETRY_TAIL = re.compile(r"\(attempt (?P<n>\d+); next attempt at (?P<at>[0-9T:+\-.Z]+)\)$")
DeliveryChannel = Literal["github", "webhook"]


@dataclass(frozen=True)
class BoundSecret:
    """A token and the one URL it may be sent to: for GitHub the Secret's healing.insa.io/github-api-url annotation
    (without it, the public GitHub API), for the advisor its healing.insa.io/advisor-url annotation (without it,
    nowhere). A policy author names a Secret, but cannot send it anywhere else."""

    value: str
    api_url: str
    advisor_url: str | None = None


def bound_secret(secret: dict[str, Any], key: str) -> BoundSecret:
    """The stripped value of `key` and its bound URL from a Secret as the API returns it (base64 data)."""
    meta = secret.get("metadata") or {}
    where = f"Secret {meta.get('namespace', '?')}/{meta.get('name', '?')}"
    data = secret.get("data") or {}
    if key not in data:
        raise SecretNotReadable(f"{where} has no key {key!r} (keys: {', '.join(sorted(data)) or 'none'})")
    try:
        value = base64.b64decode(data[key]).decode().strip()  # a trailing newline is not part of a token
    except (ValueError, UnicodeDecodeError):
        raise SecretNotReadable(f"{where} key {key!r} is not valid UTF-8 text") from None
    if not value:
        raise SecretNotReadable(f"{where} key {key!r} is empty")
    annotations = meta.get("annotations") or {}
    url = (annotations.get(SECRET_API_URL_ANNOTATION) or PUBLIC_GITHUB_API).strip()
    advisor_url = annotations.get(SECRET_ADVISOR_URL_ANNOTATION)
    return BoundSecret(value, normalise_api_url(url), normalise_api_url(advisor_url) if advisor_url else None)


def normalise_api_url(url: str) -> str:
    return url.strip().rstrip("/")


class SecretReader(Protocol):
    async def read(self, namespace: str, name: str, key: str) -> BoundSecret: ...


class EventSink(Protocol):
    """Posts a Kubernetes Event on the Incident or the policy (the operator implements it, e.g. kopf.event)."""

    async def emit(self, obj: Incident | HealingPolicy, type_: str, reason: str, message: str) -> None: ...


class SecretNotReadable(Exception):
    """The token Secret is missing, or lacks the key. The message never contains secret data."""


class KubeSecretReader:
    """Reads one key of a Secret through the API server (kubernetes client in a worker thread)."""

    def __init__(self, api_client: kubernetes.client.ApiClient | None = None) -> None:
        self._core = kubernetes.client.CoreV1Api(api_client)

    async def read(self, namespace: str, name: str, key: str) -> BoundSecret:
        return await asyncio.to_thread(self._read, namespace, name, key)

    def _read(self, namespace: str, name: str, key: str) -> BoundSecret:
        try:
            secret = self._core.read_namespaced_secret(name, namespace)
        except kubernetes.client.ApiException as exc:
            raise SecretNotReadable(f"cannot read Secret {namespace}/{name}: {exc.status} {exc.reason}") from None
        return bound_secret(self._core.api_client.sanitize_for_serialization(secret), key)


# -- evidence ---------------------------------------------------------------------------------------------


def build_evidence(incident: Incident, policy: HealingPolicy, reason: str) -> EscalationEvidence:
    """What a human needs: where, what, every attempt, the log excerpt, the learning figures. Text from the
    node is redacted once more here (the agent already redacts; the renderers redact again on output)."""
    evidence = EscalationEvidence.from_incident(incident, reason, policy.status.learning)
    return evidence.model_copy(
        update={
            "policy": policy.metadata.name or evidence.policy,
            "log_excerpt": [redact(line) for line in evidence.log_excerpt],
            "attempts": [a.model_copy(update={"message": redact(a.message)}) for a in evidence.attempts],
            "state": redact(evidence.state) if evidence.state else None,
        }
    )


# -- delivery -------------------------------------------------------------------------------------------


def _backoff(policy: HealingPolicy) -> BackoffPolicy:
    spec = policy.spec.backoff
    return BackoffPolicy(
        initial_seconds=parse_duration(spec.initial) or 1.0,
        factor=spec.factor,
        max_seconds=parse_duration(spec.max) or 600.0,
    )


def _iso(value: datetime) -> str:
    return aware(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clip(text: str) -> str:
    text = redact(text)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def _retry_record(
    channel: DeliveryChannel, reason: str, now: datetime, error: str, attempts: int, next_at: datetime, retryable: bool
) -> Escalation:
    if not retryable:
        # A bad token, an unbound Secret, a missing repository: retrying cannot help, a person has to fix it.
        # No retry tail, so retry_pending leaves it alone; the policy's EscalationReady condition says so, and the
        # next escalation tries the channel again.
        message = f"{_clip(error)} (not retried: fix it; the next escalation tries again)"
        return Escalation(channel=channel, at=now, reason=reason, result="Failed", message=message)
    # The tail is parsed back by retry_pending: keep its format stable.
    message = f"{_clip(error)} (attempt {attempts}; next attempt at {_iso(next_at)})"
    return Escalation(channel=channel, at=now, reason=reason, result="Retrying", message=message)


def parse_retry(record: Escalation) -> tuple[int, datetime] | None:
    """(failed attempts so far, when to try next) of a Retrying/Failed record, None for anything else."""
    if record.result == "Delivered":
        return None
    match = _RETRY_TAIL.search(record.message)
    if match is None:
        return None
    at = datetime.fromisoformat(match["at"].replace("Z", "+00:00"))
    return int(match["n"]), aware(at)


async def _channel_for(name: DeliveryChannel, policy: HealingPolicy, secrets: SecretReader) -> Channel:
    """Build the channel; ChannelError (not retryable) when its configuration or Secret is unusable."""
    escalation = policy.spec.escalation
    if name == "webhook":
        assert escalation.webhook is not None
        try:
            return WebhookChannel(escalation.webhook.url)
        except ValueError as exc:
            raise ChannelError(f"spec.escalation.webhook.url: {exc}", retryable=False, reason="BadConfig") from None
    github = escalation.github
    assert github is not None
    wanted = normalise_api_url(github.api_url or PUBLIC_GITHUB_API)
    token = await bound_token(secrets, github.token_secret_ref, wanted, "github")
    # PyGithub is imported on the first escalation to GitHub, not at start: it is 18 MB of the operator's memory
    # (376 modules) that a cluster escalating only to Events never needs. Its presence is checked at start
    # (controller.dependencies.PRESENT_AT_START).
    from controller.escalation.github import GitHubChannel

    try:
        return GitHubChannel(github.repository, token, github.labels, wanted)
    except ValueError as exc:
        raise ChannelError(f"spec.escalation.github: {exc}", retryable=False, reason="BadConfig") from None


async def bound_token(secrets: SecretReader, ref: SecretKeyRef, url: str, use: Literal["github", "advisor"]) -> str:
    """The token in `ref`'s Secret, only if the Secret is bound to `url` (its annotation for that use names it):
    ChannelError otherwise, and the token goes nowhere."""
    try:
        secret = await secrets.read(ref.namespace, ref.name, ref.key)
    except SecretNotReadable as exc:
        raise ChannelError(str(exc), retryable=False, reason="SecretNotReadable") from None
    except Exception as exc:  # the reader's own failure (API server down): try again with backoff
        raise ChannelError(
            f"cannot read Secret {ref.namespace}/{ref.name}: {type(exc).__name__}", retryable=True, reason="SecretError"
        ) from None
    wanted = normalise_api_url(url)
    bound, field, annotation = (
        (secret.api_url, "spec.escalation.github.apiUrl", SECRET_API_URL_ANNOTATION)
        if use == "github"
        else (secret.advisor_url, "spec.escalation.advisor.url", SECRET_ADVISOR_URL_ANNOTATION)
    )
    if bound != wanted:
        raise ChannelError(
            f"Secret {ref.namespace}/{ref.name} is bound to {bound or 'no advisor URL'}, not to {wanted} ({field}): "
            f"the token is not sent. If {wanted} is right, annotate the Secret {annotation}={wanted}",
            retryable=False,
            reason="SecretNotBound",
        )
    return secret.value


def configured_channels(policy: HealingPolicy) -> list[DeliveryChannel]:
    escalation = policy.spec.escalation
    out: list[DeliveryChannel] = []
    if escalation.github is not None and escalation.github.repository:
        out.append("github")
    if escalation.webhook is not None and escalation.webhook.url:
        out.append("webhook")
    return out


async def _deliver(
    name: DeliveryChannel,
    operation: Operation,
    evidence: EscalationEvidence,
    policy: HealingPolicy,
    secrets: SecretReader,
    reason: str,
    now: datetime,
    prior_attempts: int = 0,
    message: str = "The incident is resolved.",
) -> Escalation:
    backoff = _backoff(policy)
    state = RetryState(channel=name, operation=operation, attempts=prior_attempts)
    try:
        channel = await _channel_for(name, policy, secrets)
    except ChannelError as exc:
        attempts = prior_attempts + 1
        next_at = now + timedelta(seconds=next_delay(attempts, exc, backoff))
        record = _retry_record(name, reason, now, f"{exc.reason}: {exc.message}", attempts, next_at, exc.retryable)
        metrics.count_escalation(name, record.result)
        return record
    result, state = await adeliver(channel, evidence, state, now, policy=backoff, message=message)
    if result is not None:
        verb = {"opened": "opened", "commented": "commented on", "resolved": "resolved", "sent": "sent to"}
        record = Escalation(
            channel=name,
            url=result.url or "",
            ref=result.ref or "",
            at=now,
            reason=reason,
            result="Delivered",
            message=_clip(f"{verb[result.action]} {result.ref or result.url or name}"),
        )
    elif state.done:
        record = Escalation(channel=name, at=now, reason=reason, result="Delivered", message="no open issue to resolve")
    else:
        record = _retry_record(
            name,
            reason,
            now,
            f"{state.last_reason}: {state.last_error}",
            state.attempts,
            state.next_attempt_at or now,
            bool(state.retryable),
        )
        if name == "webhook" and policy.spec.escalation.webhook:
            record.url = public_url(policy.spec.escalation.webhook.url)
    metrics.count_escalation(name, record.result)
    return record


async def _event(
    incident: Incident, policy: HealingPolicy, events: EventSink | None, reason: str, text: str, now: datetime
) -> Escalation:
    """The Event text is recorded either way; with a sink it is also posted on the Incident and the policy."""
    record = Escalation(
        channel="event", ref=f"{INCIDENT_KIND}/{incident.metadata.name}", at=now, reason=reason, message=_clip(text)
    )
    if events is not None:
        event_reason = EVENT_REASON_RESOLVED if reason == RESOLVED_REASON else EVENT_REASON_ESCALATED
        event_type = "Normal" if reason == RESOLVED_REASON else "Warning"
        try:
            await events.emit(incident, event_type, event_reason, record.message)
            await events.emit(policy, event_type, event_reason, record.message)
        except Exception as exc:  # an Event is best effort; the record keeps the text
            record.result = "Failed"
            record.message = _clip(f"{record.message} (could not post the Event: {type(exc).__name__})")
    metrics.count_escalation("event", record.result)
    return record


async def escalate_incident(
    incident: Incident,
    policy: HealingPolicy,
    reason: str,
    secrets: SecretReader,
    now: datetime,
    events: EventSink | None = None,
) -> list[Escalation]:
    """Hand the incident to humans on every configured channel. Returns the NEW records (append them with
    ``append_escalations``): one per configured channel plus always one ``event`` record whose message is the
    Event text (posted through ``events`` when given; otherwise the caller posts it). Repeats of the same
    problem comment on the open GitHub issue (dedup by fingerprint in the channel), never open another."""
    now = aware(now)
    evidence = build_evidence(incident, policy, reason)
    records = [
        await _deliver(name, "escalate", evidence, policy, secrets, reason, now) for name in configured_channels(policy)
    ]
    where = ", ".join(f"{r.channel}: {r.ref or r.url or r.result}" for r in records) or "no channel configured"
    text = f"Escalated ({reason}): {evidence.summary()}. Delivered to {where}."
    records.append(await _event(incident, policy, events, reason, text, now))
    return records


def _delivered(incident: Incident, channel: str) -> bool:
    return any(
        e.channel == channel and e.result == "Delivered" and e.reason != RESOLVED_REASON
        for e in incident.status.escalations
    )


def _needs_resolution(incident: Incident, channel: str) -> bool:
    """The channel received this episode's escalation and has not been told about the resolution yet."""
    records = [e for e in incident.status.escalations if e.channel == channel]
    return _delivered(incident, channel) and records[-1].reason != RESOLVED_REASON


async def report_resolved(
    incident: Incident,
    policy: HealingPolicy,
    secrets: SecretReader,
    now: datetime,
    events: EventSink | None = None,
    message: str | None = None,
) -> list[Escalation]:
    """Say on every channel that received the escalation that the incident is resolved: a comment and
    closing the GitHub issue, a ``resolved`` webhook. Returns the NEW records (reason ``Resolved``)."""
    now = aware(now)
    evidence = build_evidence(incident, policy, RESOLVED_REASON)
    text = message or _resolution_text(incident)
    records = [
        await _deliver(name, "resolve", evidence, policy, secrets, RESOLVED_REASON, now, message=text)
        for name in configured_channels(policy)
        if _needs_resolution(incident, name)
    ]
    if records:
        records.append(await _event(incident, policy, events, RESOLVED_REASON, f"Resolved: {text}", now))
    return records


def _resolution_text(incident: Incident) -> str:
    last = incident.status.attempts[-1] if incident.status.attempts else None
    how = f" after `{last.action}` ({last.result})" if last else ""
    when = f" at {_iso(incident.status.resolved_at)}" if incident.status.resolved_at else ""
    return f"The target is healthy again{how}{when}; the operator resumed automatic healing."


async def retry_pending(
    incident: Incident, policy: HealingPolicy, secrets: SecretReader, now: datetime
) -> list[Escalation]:
    """Re-deliver the Retrying/Failed records that are due. Returns the FULL new value of
    ``status.escalations`` (records replaced in place). Only the latest record per (channel, operation) is
    retried; older ones it supersedes are marked Failed. A pending escalation of an incident that resolved
    before it was delivered is cancelled (there is nothing left to tell)."""
    now = aware(now)
    records = list(incident.status.escalations)
    latest: dict[tuple[str, bool], int] = {}
    for i, record in enumerate(records):
        if record.channel in ("github", "webhook"):
            latest[(record.channel, record.reason == RESOLVED_REASON)] = i
    resolved = incident.status.phase == "Resolved" or incident.status.resolved_at is not None
    for i, record in enumerate(records):
        retry = parse_retry(record)
        if retry is None or record.channel not in ("github", "webhook"):
            continue
        is_resolve = record.reason == RESOLVED_REASON
        if latest[(record.channel, is_resolve)] != i:
            records[i] = record.model_copy(update={"result": "Failed", "message": _superseded(record.message)})
            continue
        if resolved and not is_resolve and not _delivered(incident, record.channel):
            records[i] = record.model_copy(
                update={
                    "result": "Failed",
                    "message": _clip(
                        f"cancelled: the incident resolved before delivery "
                        f"(last error: {_RETRY_TAIL.sub('', record.message)})"
                    ),
                }
            )
            continue
        attempts, due = retry
        if now < due or record.channel not in configured_channels(policy):
            continue
        evidence = build_evidence(incident, policy, record.reason)
        operation: Operation = "resolve" if is_resolve else "escalate"
        records[i] = await _deliver(
            record.channel,  # type: ignore[arg-type]
            operation,
            evidence,
            policy,
            secrets,
            record.reason,
            now,
            prior_attempts=attempts,
            message=_resolution_text(incident),
        )
    return records


def _superseded(message: str) -> str:
    return _clip(f"superseded by a later delivery (was: {_RETRY_TAIL.sub('', message).strip()})")


def next_retry_at(escalations: list[Escalation]) -> datetime | None:
    """When ``retry_pending`` next has work (for a Kopf timer or a requeue), or None."""
    pending = (parse_retry(e) for e in escalations if e.channel in ("github", "webhook"))
    times = [r[1] for r in pending if r is not None]
    return min(times) if times else None


def append_escalations(existing: list[Escalation], new: list[Escalation]) -> list[Escalation]:
    """``existing + new`` bounded to the CRD's 50 items: the oldest Delivered records go first, records
    still being retried are kept."""
    merged = [*existing, *new]
    while len(merged) > MAX_ESCALATIONS:
        drop = next((i for i, e in enumerate(merged) if parse_retry(e) is None), 0)
        merged.pop(drop)
    return merged
