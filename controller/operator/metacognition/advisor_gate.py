"""Advisor gate: whether a failure is worth asking the diagnosis service (``spec.escalation.advisor``) about.

The analytical layer (SPEC section 1): log analysis first, the expensive call last.

1. A failure a pattern explains is never sent (``avoided_known_pattern``).
2. An unknown signature is asked about once per policy while the answer is fresh (``cache_ttl``, 24 h): the answer
   is kept in the policy's ``status.advisor.answers`` (the latest 500 signatures), so a restart does not ask again,
   and shown on the signature's ``status.unknownSignatures`` entry (``advisedAt``, ``suggestedAction``,
   ``rationale``, ``adviceRejected``); a failure whose signature is being asked about right now waits for that call
   (``avoided_cache`` both).
3. All calls of the operator share one token bucket, across every policy (``calls_per_hour``, ``burst``:
   ``avoided_rate_limit`` with the time the next token comes).
4. After a failed call its endpoint cools down exponentially (``backoff_initial`` doubling up to ``backoff_max``,
   never shorter than the service's Retry-After: ``avoided_cooldown`` with the time it ends).

Pure and synchronous, no I/O: the operator's advisor driver (controller/operator/advisor_driver.py) and the
benchmark (bench/bench_advisor.py) drive the same gate. Its memory (bucket, cooldowns) is rebuilt from the policies'
``status.advisor`` after a restart; the functions at the bottom compute those status fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from controller.api.healingpolicy import AdvisorAnswer, AdvisorStatus, HealingPolicy, UnknownSignature
from controller.escalation.advisor import Answer
from controller.escalation.channel import ChannelError
from controller.operator.metacognition.escalate import normalise_api_url

Outcome = Literal["made", "avoided_known_pattern", "avoided_cache", "avoided_cooldown", "avoided_rate_limit"]
AVOIDED_FIELD: dict[str, str] = {  # AdvisorStatus counter of each avoided outcome
    "avoided_known_pattern": "known_pattern_skips",
    "avoided_cache": "cache_hits",
    "avoided_cooldown": "cooldown_skips",
    "avoided_rate_limit": "rate_limited_skips",
}
MAX_RECENT_CALLS = 1000  # the CRD's maxItems for status.advisor.recentCalls
MAX_ANSWERS = 500  # the CRD's maxItems for status.advisor.answers
HOUR = timedelta(hours=1)
EPSILON = 1e-9


@dataclass(frozen=True)
class AdvisorLimits:
    """Operator-wide settings (``healing operator --advisor-calls-per-hour/--advisor-burst/--advisor-backoff``)."""

    calls_per_hour: float = 30.0
    burst: int = 5
    backoff_initial: float = 60.0
    backoff_max: float = 3600.0
    cache_ttl: float = 24 * 3600.0
    max_retry_after: float = 24 * 3600.0  # a Retry-After beyond this is taken as this (a hostile service)

    def __post_init__(self) -> None:
        if self.calls_per_hour <= 0 or self.burst < 1:
            raise ValueError("advisor rate limit: calls per hour must be > 0 and the burst at least 1")
        if not 0 < self.backoff_initial <= self.backoff_max:
            raise ValueError("advisor backoff: the initial cooldown must be > 0 and at most the maximum")


class TokenBucket:
    """``burst`` tokens, refilled continuously at ``per_hour`` per hour; a call takes one."""

    def __init__(self, per_hour: float, burst: int) -> None:
        self.rate = per_hour / 3600.0
        self.capacity = float(burst)
        self.tokens = float(burst)
        self.at: datetime | None = None

    def _refill(self, now: datetime) -> None:
        if self.at is not None and now > self.at:
            self.tokens = min(self.capacity, self.tokens + (now - self.at).total_seconds() * self.rate)
        if self.at is None or now > self.at:
            self.at = now

    def take(self, now: datetime) -> bool:
        self._refill(now)
        if self.tokens < 1.0 - EPSILON:  # the time available_at named must be enough, whatever the rounding
            return False
        self.tokens = max(0.0, self.tokens - 1.0)
        return True

    def available_at(self, now: datetime) -> datetime:
        """When the next token is there (now when one is)."""
        self._refill(now)
        missing = max(0.0, 1.0 - self.tokens)
        return now + timedelta(seconds=missing / self.rate)

    def replay(self, calls: Iterable[datetime]) -> None:
        """The bucket as these calls left it (a restart keeps honouring the limit)."""
        for at in sorted(calls):
            self._refill(at)
            self.tokens = max(0.0, self.tokens - 1.0)


@dataclass
class EndpointState:
    """One advisor service's cooldown."""

    failures: int = 0
    next_allowed_at: datetime | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    cached: AdvisorAnswer | None = None  # avoided_cache: the stored answer (None while a call is in flight)
    retry_at: datetime | None = None  # avoided_cooldown / avoided_rate_limit: when a call may be possible


@dataclass
class AdvisorGate:
    """The operator's one gate: the bucket is shared by all policies, cooldowns by endpoint, calls in flight by
    (policy, signature)."""

    limits: AdvisorLimits = field(default_factory=AdvisorLimits)
    endpoints: dict[str, EndpointState] = field(default_factory=dict)
    in_flight: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.bucket = TokenBucket(self.limits.calls_per_hour, self.limits.burst)

    def restore(self, policies: Iterable[HealingPolicy]) -> None:
        """Rebuild the bucket and the cooldowns from what the policies' status kept."""
        calls: list[datetime] = []
        for policy in policies:
            status, endpoint = policy.status.advisor, advisor_endpoint(policy)
            if status is None:
                continue
            calls += status.recent_calls
            if endpoint is None or status.next_allowed_at is None:
                continue
            known = self.endpoints.get(endpoint)
            if known is None or known.next_allowed_at is None or status.next_allowed_at > known.next_allowed_at:
                self.endpoints[endpoint] = EndpointState(status.failures, status.next_allowed_at, status.last_error)
        self.bucket.replay(calls)

    def admit(
        self, scope: str, endpoint: str, signature: str | None, answers: Sequence[AdvisorAnswer], now: datetime
    ) -> Verdict:
        """Whether to call now for one failure (``signature`` None: a known pattern). ``made`` reserves the call:
        report its end with ``finished``, then ``release`` once its answer is stored."""
        if signature is None:
            return Verdict("avoided_known_pattern")
        cached = fresh_answer(answers, signature, now, self.limits.cache_ttl)
        if cached is not None:
            return Verdict("avoided_cache", cached=cached)
        if (scope, signature) in self.in_flight:
            return Verdict("avoided_cache")
        state = self.endpoints.get(endpoint)
        if state is not None and state.next_allowed_at is not None and now < state.next_allowed_at:
            return Verdict("avoided_cooldown", retry_at=state.next_allowed_at)
        if not self.bucket.take(now):
            return Verdict("avoided_rate_limit", retry_at=self.bucket.available_at(now))
        self.in_flight.add((scope, signature))
        return Verdict("made")

    def finished(self, endpoint: str, now: datetime, error: ChannelError | None) -> EndpointState:
        """A call ended: an answer resets the endpoint's cooldown, a failure extends it."""
        state = self.endpoints.setdefault(endpoint, EndpointState())
        if error is None:
            state.failures, state.next_allowed_at, state.last_error = 0, None, None
            return state
        state.failures += 1
        delay = min(self.limits.backoff_initial * 2 ** (state.failures - 1), self.limits.backoff_max)
        if error.retry_after is not None:
            delay = max(delay, min(error.retry_after, self.limits.max_retry_after))
        state.next_allowed_at = now + timedelta(seconds=delay)
        state.last_error = error.message
        return state

    def release(self, scope: str, signature: str) -> None:
        """The call's answer is where ``admit`` finds it (the caller stored it): the signature is not in flight."""
        self.in_flight.discard((scope, signature))


# -- what the gate is asked about --------------------------------------------------------------------------


def advisor_endpoint(policy: HealingPolicy) -> str | None:
    """The policy's advisor endpoint key (its URL), None when it has no advisor."""
    advisor = policy.spec.escalation.advisor
    return normalise_api_url(advisor.url) if advisor is not None and advisor.url else None


def fresh_answer(
    answers: Sequence[AdvisorAnswer], signature: str, now: datetime, ttl: float
) -> AdvisorAnswer | None:
    """The stored answer about ``signature`` while it is younger than ``ttl`` seconds."""
    for answer in answers:
        if answer.signature == signature:
            return answer if (now - answer.at).total_seconds() < ttl else None
    return None


def offerable(answer: AdvisorAnswer | None, actions: Sequence[str]) -> bool:
    """A stored suggestion the policy (still) allows."""
    return answer is not None and answer.action is not None and answer.action in actions


# -- the status fields ------------------------------------------------------------------------------------


def counted(status: AdvisorStatus | None, outcome: Outcome) -> AdvisorStatus:
    """``status`` with one more avoided call of that kind (``made`` is counted by ``call_recorded``)."""
    status = status or AdvisorStatus()
    name = AVOIDED_FIELD.get(outcome)
    if name is None:
        return status
    return status.model_copy(update={name: getattr(status, name) + 1, "calls_avoided": status.calls_avoided + 1})


def call_recorded(status: AdvisorStatus | None, at: datetime) -> AdvisorStatus:
    """``status`` with one more call made at ``at`` (the calls of the last hour are kept for the rate limit)."""
    status = status or AdvisorStatus()
    recent = [t for t in status.recent_calls if at - t < HOUR] + [at]
    return status.model_copy(update={"calls_made": status.calls_made + 1, "recent_calls": recent[-MAX_RECENT_CALLS:]})


def endpoint_recorded(status: AdvisorStatus | None, state: EndpointState) -> AdvisorStatus:
    """``status`` with the endpoint's cooldown after a call."""
    status = status or AdvisorStatus()
    return status.model_copy(
        update={
            "failures": state.failures,
            "next_allowed_at": state.next_allowed_at,
            "last_error": state.last_error[:2048] if state.last_error else None,
        }
    )


def answer_kept(
    status: AdvisorStatus | None, signature: str, answer: Answer, actions: Sequence[str], now: datetime
) -> tuple[AdvisorStatus, AdvisorAnswer]:
    """``status`` with the answer kept (the latest MAX_ANSWERS signatures) and counted when rejected: an action
    outside the closed set or ``actions``, or a malformed reply."""
    status = status or AdvisorStatus()
    rejected = answer.rejected
    if rejected is None and answer.action is not None and answer.action not in actions:
        rejected = f"suggested action {answer.action} is not in spec.actions ({', '.join(actions)})"
    kept = AdvisorAnswer(
        signature=signature, action=answer.action if rejected is None else None, rationale=answer.rationale[:300],
        rejected=rejected[:300] if rejected else None, at=now,
    )
    answers = [a for a in status.answers if a.signature != signature] + [kept]
    update = {"answers": answers[-MAX_ANSWERS:], "suggestions_rejected": status.suggestions_rejected + bool(rejected)}
    return status.model_copy(update=update), kept


def answer_shown(entry: UnknownSignature, answers: Sequence[AdvisorAnswer]) -> UnknownSignature:
    """The signature's status entry with the advisor's latest answer about it, if there is one."""
    answer = next((a for a in answers if a.signature == entry.signature), None)
    if answer is None:
        return entry
    return entry.model_copy(update={
        "advised_at": answer.at, "suggested_action": answer.action, "rationale": answer.rationale,
        "advice_rejected": answer.rejected,
    })
