"""Durable delivery: a failed escalation is retried with exponential backoff and jitter, honouring the
server's Retry-After / rate-limit reset. The state is a pydantic model the operator keeps in the Incident's
status, so a pending escalation survives operator restarts and is never lost; no failure escapes as an
exception (the operator must not crash because GitHub is down)."""

from __future__ import annotations

import asyncio
import random
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import Field

from controller.api.common import Condition, K8sModel, parse_duration
from controller.api.healingpolicy import BackoffSpec
from controller.api.incident import Escalation
from controller.escalation.channel import Channel, ChannelError, EscalationResult, utcnow
from controller.escalation.evidence import EscalationEvidence, redact

__all__ = ["BackoffPolicy", "Operation", "RetryState", "adeliver", "deliver", "next_delay"]

Operation = Literal["escalate", "resolve"]
MAX_ERROR_CHARS = 500
_CHANNEL_TITLE = {"github": "GitHub", "webhook": "Webhook"}


class BackoffPolicy(K8sModel):
    """Mirrors the policy's ``spec.backoff`` (initial, factor, max) plus jitter."""

    initial_seconds: float = Field(10.0, gt=0)
    factor: float = Field(2.0, ge=1)
    max_seconds: float = Field(600.0, gt=0)
    jitter: float = Field(0.2, ge=0, le=1)  # ± fraction of the delay, so many incidents do not retry in step
    # Not-retryable errors (bad token, missing repo) are still retried this rarely: fixing the Secret or the
    # policy must let the pending escalation through without anyone re-triggering it.
    not_retryable_seconds: float | None = None

    @classmethod
    def from_spec(cls, spec: BackoffSpec, jitter: float = 0.2) -> BackoffPolicy:
        """The policy's ``spec.backoff`` (Go durations) as a delivery backoff."""
        return cls(
            initial_seconds=parse_duration(spec.initial),
            factor=spec.factor,
            max_seconds=parse_duration(spec.max),
            jitter=jitter,
        )


class RetryState(K8sModel):
    """Per incident and channel; stored as e.g. ``status.escalationDelivery[channel]``."""

    channel: Literal["github", "webhook"]
    operation: Operation = "escalate"
    done: bool = False
    attempts: int = 0  # failed attempts since the last success
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error: str | None = None
    last_reason: str | None = None
    retryable: bool | None = None
    delivered_at: datetime | None = None

    def due(self, now: datetime) -> bool:
        return not self.done and (self.next_attempt_at is None or now >= self.next_attempt_at)

    def restart(self, operation: Operation) -> RetryState:
        """A new delivery (a repeat escalation, or the resolution) on the same channel."""
        return RetryState(channel=self.channel, operation=operation)

    def condition(self) -> Condition:
        """Delivery health for the Incident's conditions (the operator upserts it with ``set_condition``)."""
        kind = f"{_CHANNEL_TITLE[self.channel]}EscalationDelivered"
        if self.done:
            return Condition(
                type=kind, status="True", reason="Delivered", message=f"{self.operation} delivered via {self.channel}"
            )
        if self.attempts == 0:
            return Condition(
                type=kind, status="Unknown", reason="Pending", message=f"{self.operation} via {self.channel} pending"
            )
        when = self.next_attempt_at.isoformat() if self.next_attempt_at else "soon"
        return Condition(
            type=kind,
            status="False",
            reason=self.last_reason or "DeliveryFailed",
            message=f"attempt {self.attempts} failed: {self.last_error}; next attempt at {when}",
        )

    def record(self, reason: str = "") -> Escalation | None:
        """A ``status.escalations`` entry for a delivery that is still being retried (None when done)."""
        if self.done or self.attempts == 0:
            return None
        return Escalation(
            channel=self.channel,
            at=self.last_attempt_at or utcnow(),
            reason=reason,
            result="Retrying" if self.retryable else "Failed",
            message=f"{self.last_reason}: {self.last_error}",
        )


def next_delay(attempts: int, error: ChannelError, policy: BackoffPolicy, rng: random.Random | None = None) -> float:
    """Seconds to wait after the ``attempts``-th consecutive failure."""
    if not error.retryable:
        return policy.not_retryable_seconds or policy.max_seconds
    base = min(policy.initial_seconds * policy.factor ** max(0, attempts - 1), policy.max_seconds)
    spread = (rng or random).uniform(-policy.jitter, policy.jitter)
    delay = min(base * (1 + spread), policy.max_seconds)
    if error.retry_after is not None:
        # Never earlier than the server asked, even beyond our own maximum (a rate-limit reset).
        delay = max(delay, error.retry_after)
    return max(delay, 0.0)


def deliver(
    channel: Channel,
    evidence: EscalationEvidence,
    state: RetryState,
    now: datetime | None = None,
    *,
    message: str = "The incident is resolved.",
    policy: BackoffPolicy | None = None,
    rng: random.Random | None = None,
) -> tuple[EscalationResult | None, RetryState]:
    """Try ``state.operation`` on ``channel`` if it is due. Returns the result (None when not due, failed,
    or nothing to resolve) and the new state; ``new_state.done`` says whether the delivery is finished."""
    now = now or utcnow()
    if not state.due(now):
        return None, state
    policy = policy or BackoffPolicy()
    try:
        result = channel.resolve(evidence, message) if state.operation == "resolve" else channel.escalate(evidence)
    except ChannelError as exc:
        return None, _failed(state, exc, now, policy, rng)
    except Exception as exc:  # a channel bug must not crash the operator nor drop the escalation
        error = ChannelError(f"{type(exc).__name__}: {exc}", retryable=True, reason="ChannelBug")
        return None, _failed(state, error, now, policy, rng)
    done = state.model_copy(
        update={
            "done": True,
            "attempts": 0,
            "next_attempt_at": None,
            "last_attempt_at": now,
            "last_error": None,
            "last_reason": None,
            "retryable": None,
            "delivered_at": now,
        }
    )
    return result, done


async def adeliver(
    channel: Channel, evidence: EscalationEvidence, state: RetryState, now: datetime | None = None, **kwargs: Any
) -> tuple[EscalationResult | None, RetryState]:
    """``deliver`` for the Kopf event loop: channels block on HTTP, so run them in a worker thread."""
    return await asyncio.to_thread(deliver, channel, evidence, state, now, **kwargs)


def _failed(
    state: RetryState, error: ChannelError, now: datetime, policy: BackoffPolicy, rng: random.Random | None
) -> RetryState:
    attempts = state.attempts + 1
    delay = next_delay(attempts, error, policy, rng)
    return state.model_copy(
        update={
            "attempts": attempts,
            "next_attempt_at": now + timedelta(seconds=delay),
            "last_attempt_at": now,
            "last_error": redact(error.message)[:MAX_ERROR_CHARS],
            "last_reason": error.reason,
            "retryable": error.retryable,
        }
    )
