"""Advisor gate: when the optional diagnosis service (``spec.escalation.advisor.url``) may be asked.

The analytical layer of the original system: log analysis first, the expensive call last. The gate asks
only about unknown signatures (a failure no pattern matched), at most once per signature while its answer
is cached, and not while the service is cooling down after failures. A suggestion is never acted upon
automatically: it becomes an ``Approval`` request (low confidence), and only for an action the policy
allows. Calls made and avoided are counted (``healing_advisor_calls_total``) and kept in the returned state.

Where the answer is remembered, so that a restart does not ask again:
- ``policy.status.unknownSignatures[].suggestedAction`` — a usable suggestion, per signature (all incidents);
- the Incident's ``status.escalations`` — an ``advisor`` record per call, with the retry tail of
  ``escalate`` when the service failed (per incident, also for "no answer");
- ``policy.status.advisor`` / ``unknownSignatures[].advisedAt`` when the API has them (requested fields):
  the whole ``AdvisorState`` and negative answers across incidents.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from controller.api.healingpolicy import HealingPolicy, UnknownSignature
from controller.api.incident import Approval, Escalation, Incident
from controller.escalation.advisor import AdvisorClient, AdvisorState, CachedAnswer, Suggestion
from controller.escalation.evidence import redact
from controller.escalation.webhook import public_url
from controller.operator.metacognition import metrics
from controller.operator.metacognition.escalate import parse_retry
from controller.operator.metacognition.scopes import aware

ADVISOR_REASON = "UnknownSignature"
MAX_UNKNOWN_SIGNATURES = 50  # the CRD's maxItems for status.unknownSignatures
CACHE_TTL_SECONDS = 24 * 3600
COOLDOWN_INITIAL_SECONDS = 60.0
COOLDOWN_MAX_SECONDS = 3600.0
_HAS_ADVISED_AT = "advised_at" in UnknownSignature.model_fields

ClientFactory = Callable[..., AdvisorClient]


class AdvisorDecision(BaseModel):
    """What the gate did. The caller persists ``unknown_signatures`` (policy), appends ``escalation`` and
    sets ``approval`` (incident: phase Suppressed, reason WaitingForApproval) when present."""

    outcome: str = Field(
        description="made | avoided_known_pattern | avoided_cache | avoided_cooldown | "
        "avoided_rate_limit | not_configured"
    )
    called: bool = False
    signature: str | None = None
    suggestion: Suggestion | None = None
    approval: Approval | None = None
    message: str = ""
    escalation: Escalation | None = None
    unknown_signatures: list[UnknownSignature] = Field(default_factory=list)
    state: AdvisorState = Field(default_factory=AdvisorState)


def _signature_of(incident: Incident) -> tuple[str | None, str | None]:
    """(known pattern, unknown signature) of the incident: exactly one of them is set."""
    detection = incident.status.detection
    if detection is not None and detection.pattern:
        return detection.pattern, None
    failure = incident.spec.failure
    if not failure.startswith("sig-"):
        return failure, None
    return None, (detection.signature if detection and detection.signature else failure)


def _restore_state(policy: HealingPolicy, incident: Incident, signature: str, now: datetime) -> AdvisorState:
    """The advisor's memory rebuilt from what the API server keeps (see the module docstring)."""
    raw: Any = getattr(policy.status, "advisor", None)
    state = AdvisorState.model_validate(raw if isinstance(raw, dict) else (raw.model_dump() if raw else {}))
    for entry in policy.status.unknown_signatures:
        advised_at = getattr(entry, "advised_at", None) if _HAS_ADVISED_AT else None
        if entry.suggested_action is not None:
            state.cache.setdefault(
                entry.signature,
                CachedAnswer(
                    at=advised_at or entry.last_seen or now,
                    suggestion=Suggestion(signature=entry.signature, action=entry.suggested_action),
                ),
            )
        elif advised_at is not None:
            state.cache.setdefault(entry.signature, CachedAnswer(at=advised_at, rejected="no usable answer"))
    for record in incident.status.escalations:
        if record.channel != "advisor" or record.ref != signature:
            continue
        retry = parse_retry(record)
        if retry is not None:  # the service failed: respect the cooldown it earned
            attempts, due = retry
            state.failures = max(state.failures, attempts)
            if state.next_allowed_at is None or due > aware(state.next_allowed_at):
                state.next_allowed_at = due
        else:
            state.cache.setdefault(signature, CachedAnswer(at=record.at, rejected="answered before"))
    return state


def _outcome(before: AdvisorState, after: AdvisorState) -> str:
    if after.calls_made > before.calls_made:
        return "made"
    if after.cache_hits > before.cache_hits:
        return "avoided_cache"
    if after.cooldown_skips > before.cooldown_skips:
        return "avoided_cooldown"
    return "avoided_rate_limit"


def _remember(
    entries: list[UnknownSignature], signature: str, example: str, suggestion: Suggestion | None, now: datetime
) -> list[UnknownSignature]:
    out = [e.model_copy() for e in entries]
    entry = next((e for e in out if e.signature == signature), None)
    if entry is None:
        entry = UnknownSignature(
            signature=signature, example=redact(example)[:2048], count=1, first_seen=now, last_seen=now
        )
        out.append(entry)
    if suggestion is not None:
        entry.suggested_action = suggestion.action  # type: ignore[assignment]  # closed set, checked by Suggestion
    if _HAS_ADVISED_AT:
        entry.advised_at = now  # type: ignore[attr-defined]
    out.sort(key=lambda e: aware(e.last_seen or e.first_seen or now), reverse=True)
    return out[:MAX_UNKNOWN_SIGNATURES]


async def consult_advisor(
    incident: Incident,
    policy: HealingPolicy,
    now: datetime,
    *,
    client_factory: ClientFactory = AdvisorClient,
) -> AdvisorDecision:
    """Ask the advisor about this incident's failure if, and only if, it is worth a call."""
    now = aware(now)
    pattern, signature = _signature_of(incident)
    endpoint = policy.spec.escalation.advisor
    entries = list(policy.status.unknown_signatures)
    if endpoint is None or not endpoint.url:
        return AdvisorDecision(outcome="not_configured", signature=signature, unknown_signatures=entries)
    state = _restore_state(policy, incident, signature or "", now)
    client = client_factory(
        endpoint.url,
        COOLDOWN_INITIAL_SECONDS,
        COOLDOWN_MAX_SECONDS,
        cache_ttl=CACHE_TTL_SECONDS,
        state=state,
    )
    if pattern is not None or signature is None:
        client.should_call(pattern)  # counts the avoided call
        metrics.count_advisor("avoided_known_pattern")
        return AdvisorDecision(
            outcome="avoided_known_pattern",
            unknown_signatures=entries,
            state=client.state,
            message=f"pattern {pattern} is known: no advisor call",
        )

    before = client.state.model_copy(deep=True)
    detection = incident.status.detection
    lines = list(detection.evidence.log_excerpt) if detection else []
    example = (detection.signature_example if detection else None) or (lines[-1] if lines else "")
    suggestion = await asyncio.to_thread(client.suggest, signature, lines, pattern_id=None, now=now)
    after = client.state
    outcome = _outcome(before, after)
    metrics.count_advisor(outcome)
    called = outcome == "made"

    approval = None
    if suggestion is None:
        message = "no usable suggestion" + (f" ({redact(after.last_error)})" if called and after.last_error else "")
    elif suggestion.action not in policy.spec.actions:
        message = f"the advisor suggested {suggestion.action}, which spec.actions does not allow: nothing to approve"
    else:
        approval = Approval(action=suggestion.action, requested_at=now, confidence=suggestion.confidence)
        message = (
            f"the advisor suggests {suggestion.action}"
            + (f" (pattern {suggestion.pattern})" if suggestion.pattern else "")
            + f", confidence {suggestion.confidence:.2f}: waiting for approval ({redact(suggestion.rationale)})"
        )

    escalation = None
    if called:
        escalation = _advisor_record(signature, endpoint.url, now, after, suggestion, message)
        metrics.count_escalation("advisor", escalation.result)
    return AdvisorDecision(
        outcome=outcome,
        called=called,
        signature=signature,
        suggestion=suggestion,
        approval=approval,
        message=message[:1000],
        escalation=escalation,
        unknown_signatures=_remember(entries, signature, example, suggestion, now) if called else entries,
        state=after,
    )


def _advisor_record(
    signature: str, url: str, now: datetime, state: AdvisorState, suggestion: Suggestion | None, message: str
) -> Escalation:
    failed = suggestion is None and state.last_error is not None and state.next_allowed_at is not None
    if failed:
        # Same tail as the channel records, so the cooldown survives a restart (see _restore_state).
        next_at = aware(state.next_allowed_at or now + timedelta(seconds=COOLDOWN_INITIAL_SECONDS))
        message = f"{message} (attempt {state.failures}; next attempt at {next_at.strftime('%Y-%m-%dT%H:%M:%SZ')})"
    return Escalation(
        channel="advisor",
        url=public_url(url),
        ref=signature,
        at=now,
        reason=ADVISOR_REASON,
        result="Retrying" if failed else "Delivered",
        message=redact(message)[:1000],
    )
