"""Stuck detector and circuit breaker.

A scope (the policy, one pattern, one target on one node) is stuck when ``spec.stuck.consecutiveFailures``
attempts in a row failed, or when its success rate over ``spec.stuck.window`` is below
``spec.stuck.minSuccessRate`` with at least ``spec.stuck.minAttempts`` attempts. A stuck scope gets an
Open circuit: no automatic remediation, one escalation. After ``spec.stuck.halfOpenAfter`` the circuit
goes HalfOpen and lets exactly one attempt through; its success closes the circuit, its failure re-opens
it without a second escalation.

Narrow scopes are judged first: one target that keeps failing opens its own circuit, and the pattern or
the policy only trip on what fails beyond the circuits already open — one bad target does not stop the
healing of every other one. After a circuit closes its scope starts over: only outcomes after the trip
count, so the old failures still in the window cannot re-open it at once.

Everything here is a pure function of the policy (status.recentOutcomes, status.stats, status.circuits):
the caller persists ``StuckDecision.circuits`` into ``status.circuits``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from controller.api.common import Condition, aware, format_duration, parse_duration, set_condition
from controller.api.healingpolicy import CircuitState, HealingPolicy, OutcomeRecord, StuckSpec
from controller.operator.metacognition.performance import (
    ScopeStats,
    group_by_scope,
    in_window,
    scopes_of,
    summarize,
)
from controller.operator.metacognition.scopes import (
    ACTION_PREFIX,
    PATTERN_PREFIX,
    POLICY_SCOPE,
    TARGET_PREFIX,
)

STALLED = "Stalled"
REASON_STUCK = "Stuck"
REASON_CONSECUTIVE = "ConsecutiveFailures"
REASON_LOW_RATE = "LowSuccessRate"
REASON_RECOVERED = "Recovered"
MAX_CIRCUITS = 200  # the CRD's maxItems for status.circuits
_HALF_OPEN_NOTE = " — half-open attempt"
_OPEN_STATES = ("Open", "HalfOpen")


def _ts(value: datetime) -> str:
    return aware(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def _seconds(value: str | float | timedelta) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    return parse_duration(value) if isinstance(value, str) else float(value)


class StuckDecision(BaseModel):
    """What the stuck detector concluded. ``circuits`` is the new value for ``status.circuits``."""

    stuck: bool
    scope: str = Field(default="", description="The widest stuck scope, or the one that just tripped.")
    reason: str = ""
    message: str = Field(default="", description="Every open circuit with its figures, for the Stalled condition.")
    circuits: list[CircuitState] = Field(default_factory=list)
    should_escalate: bool = Field(default=False, description="A circuit opened just now: escalate, once.")
    escalate_scopes: list[str] = Field(default_factory=list, description="The scopes that opened just now.")
    half_open_after_seconds: float = 900.0
    figures: dict[str, ScopeStats] = Field(default_factory=dict, description="Per-scope figures that were judged.")

    def open_scopes(self) -> list[str]:
        return [c.scope for c in self.circuits if c.state in _OPEN_STATES]

    def blocking(self, scope_keys: Iterable[str]) -> list[CircuitState]:
        """The circuits among ``scope_keys`` that are not Closed."""
        keys = set(scope_keys)
        return [c for c in self.circuits if c.scope in keys and c.state in _OPEN_STATES]

    def allow_attempt(self, scope_keys: list[str], now: datetime) -> bool:
        """May an automatic attempt run for an incident under these scopes (see ``scope_keys``)?

        False while any of them is Open. A HalfOpen circuit lets one attempt through: granting it marks the
        probe in ``self.circuits`` (retryAt = now + halfOpenAfter), so persist ``circuits`` after a True;
        if no result arrives by then, another probe may go. An Open circuit whose retryAt has passed counts
        as HalfOpen even if ``evaluate_stuck`` has not run since."""
        now = aware(now)
        blocking = self.blocking(scope_keys)
        for circuit in blocking:
            if circuit.retry_at is not None and now < aware(circuit.retry_at):
                return False  # Open and cooling down, or a half-open probe already in flight
            if circuit.state == "Open" and circuit.retry_at is None:
                return False
        if not blocking:
            return True
        probe_until = now + timedelta(seconds=self.half_open_after_seconds)
        granted = {c.scope for c in blocking}
        self.circuits = [
            c.model_copy(update={"state": "HalfOpen", "retry_at": probe_until}) if c.scope in granted else c
            for c in self.circuits
        ]
        return True

    def conditions(
        self, conditions: list[Condition], now: datetime, observed_generation: int | None = None
    ) -> list[Condition]:
        return stalled_conditions(conditions, self, now, observed_generation)


def stalled_conditions(
    conditions: list[Condition], decision: StuckDecision, now: datetime, observed_generation: int | None = None
) -> list[Condition]:
    """The policy's conditions with Stalled set: True reason Stuck (message with the figures) while any
    circuit is Open or HalfOpen, False otherwise (kstatus: Flux and Argo CD show the policy as degraded)."""
    if decision.stuck:
        return set_condition(
            conditions, STALLED, "True", REASON_STUCK, decision.message, observed_generation, aware(now)
        )
    return set_condition(
        conditions,
        STALLED,
        "False",
        "NotStuck",
        "automatic remediation is running normally",
        observed_generation,
        aware(now),
    )


def _judge(stats: ScopeStats, spec: StuckSpec, window: str) -> tuple[str, str] | None:
    """(reason, message) when the figures say stuck, else None."""
    rate_counts = stats.attempts >= spec.min_attempts and stats.success_rate is not None
    rate = "" if stats.success_rate is None else f" ({stats.success_rate:.0%}, minimum {spec.min_success_rate:.0%})"
    figures = (
        f"{stats.successes}/{stats.attempts} attempts succeeded over the last {window}{rate}, "
        f"{stats.consecutive_failures} consecutive failure(s) (limit {spec.consecutive_failures}, "
        f"rate counts from {spec.min_attempts} attempts)"
    )
    if stats.consecutive_failures >= spec.consecutive_failures:
        return REASON_CONSECUTIVE, f"{stats.scope}: {stats.consecutive_failures} attempts in a row failed; {figures}"
    if rate_counts and stats.success_rate is not None and stats.success_rate < spec.min_success_rate:
        return REASON_LOW_RATE, f"{stats.scope}: success rate {stats.success_rate:.0%} is below the minimum; {figures}"
    return None


def _advance(circuit: CircuitState, now: datetime) -> CircuitState:
    """An Open circuit whose cooldown is over becomes HalfOpen with its probe available now."""
    if circuit.state == "Open" and circuit.retry_at is not None and now >= aware(circuit.retry_at):
        return circuit.model_copy(
            update={"state": "HalfOpen", "message": _base_message(circuit.message) + f"{_HALF_OPEN_NOTE} is allowed"}
        )
    return circuit


def _base_message(message: str) -> str:
    return message.split(_HALF_OPEN_NOTE, 1)[0]


def _scope_rank(scope: str) -> int:
    """Narrowest first: targets, then patterns, then the policy."""
    if scope.startswith(TARGET_PREFIX):
        return 0
    if scope.startswith(PATTERN_PREFIX):
        return 1
    return 2


def _since_trip(records: list[OutcomeRecord], circuit: CircuitState | None) -> list[OutcomeRecord]:
    """After a circuit closed, its scope starts over from the trip."""
    if circuit is None or circuit.opened_at is None:
        return records
    since = aware(circuit.opened_at)
    return [r for r in records if aware(r.at) > since]


def _prune(circuits: list[CircuitState], now: datetime, window_seconds: float) -> list[CircuitState]:
    """Closed circuits are kept while their trip is inside the window (they mark where the scope starts
    over); beyond that they say nothing. Active circuits are always kept."""
    horizon = now - timedelta(seconds=window_seconds)
    active = [c for c in circuits if c.state in _OPEN_STATES]
    closed = [c for c in circuits if c.state == "Closed" and c.opened_at is not None and aware(c.opened_at) >= horizon]
    closed.sort(key=lambda c: aware(c.opened_at or now), reverse=True)
    return (active + closed)[:MAX_CIRCUITS]


def evaluate_stuck(policy: HealingPolicy, now: datetime) -> StuckDecision:
    """Judge every scope of the policy and return the new circuits (see the module docstring)."""
    now = aware(now)
    spec = policy.spec.stuck
    window_seconds = _seconds(spec.window)
    half_open_after = _seconds(spec.half_open_after)
    window_label = format_duration(window_seconds)

    by_scope = {c.scope: _advance(c, now) for c in policy.status.circuits}
    records = in_window(policy.status.recent_outcomes, now, window_seconds)
    groups = group_by_scope(records)
    opened: list[str] = []
    figures: dict[str, ScopeStats] = {}

    def explained(record: OutcomeRecord, rank: int) -> bool:
        # An outcome a narrower circuit already covers (open now, or before its trip) says nothing new
        # about a wider scope: the narrower circuit stopped it, escalated it, or started over after it.
        for key in scopes_of(record):
            circuit = by_scope.get(key)
            if circuit is None or _scope_rank(key) >= rank:
                continue
            if circuit.state in _OPEN_STATES or (circuit.opened_at and aware(record.at) <= aware(circuit.opened_at)):
                return True
        return False

    candidates = sorted((s for s in groups if not s.startswith(ACTION_PREFIX)), key=lambda s: (_scope_rank(s), s))
    if POLICY_SCOPE not in candidates:
        candidates.append(POLICY_SCOPE)
    for scope in candidates:
        circuit = by_scope.get(scope)
        if circuit is not None and circuit.state in _OPEN_STATES:
            continue
        rank = _scope_rank(scope)
        scoped = [r for r in _since_trip(groups.get(scope, []), circuit) if not explained(r, rank)]
        stats = summarize(scope, scoped)
        if scope == POLICY_SCOPE and not by_scope:
            # The all-time run counter sees failures the window has already cut off.
            longest = max(stats.consecutive_failures, policy.status.stats.consecutive_failures)
            stats = stats.model_copy(update={"consecutive_failures": longest})
        figures[scope] = stats
        verdict = _judge(stats, spec, window_label)
        if verdict is None:
            continue
        reason, message = verdict
        retry_at = now + timedelta(seconds=half_open_after)
        by_scope[scope] = CircuitState(
            scope=scope,
            state="Open",
            reason=reason,
            message=f"{message}; automatic remediation stopped, one attempt allowed after {_ts(retry_at)}",
            opened_at=now,
            retry_at=retry_at,
            escalated=True,  # the caller escalates now (should_escalate), and never again for this episode
        )
        opened.append(scope)

    circuits = _prune(list(by_scope.values()), now, window_seconds)
    active = sorted((c for c in circuits if c.state in _OPEN_STATES), key=lambda c: -_scope_rank(c.scope))
    primary = next((c for c in circuits if c.scope in opened), None) or (active[0] if active else None)
    return StuckDecision(
        stuck=bool(active),
        scope=primary.scope if primary else "",
        reason=primary.reason if primary else "",
        message="; ".join(f"[{c.state}] {c.message}" for c in active),
        circuits=circuits,
        should_escalate=bool(opened),
        escalate_scopes=opened,
        half_open_after_seconds=half_open_after,
        figures=figures,
    )


def half_open_scopes(circuits: list[CircuitState], scope_keys: Iterable[str]) -> list[str]:
    """The scopes among ``scope_keys`` whose circuit is HalfOpen: an attempt there is a probe whose result
    goes to ``record_half_open_result``."""
    keys = set(scope_keys)
    return [c.scope for c in circuits if c.scope in keys and c.state == "HalfOpen"]


def record_half_open_result(
    circuits: list[CircuitState],
    scope: str,
    success: bool,
    now: datetime,
    half_open_after: str | float | timedelta,
) -> list[CircuitState]:
    """The new circuits after the half-open probe of ``scope`` finished. Success closes the circuit (a later
    episode may escalate again); failure re-opens it for another ``half_open_after`` with ``escalated``
    kept, so there is no second escalation. Unknown or Closed scopes are left alone."""
    now = aware(now)
    out: list[CircuitState] = []
    for circuit in circuits:
        if circuit.scope != scope or circuit.state == "Closed":
            out.append(circuit)
            continue
        if success:
            out.append(
                circuit.model_copy(
                    update={
                        "state": "Closed",
                        "reason": REASON_RECOVERED,
                        "message": f"{scope}: the half-open attempt at {_ts(now)} succeeded; automatic remediation "
                        f"resumed (was: {_base_message(circuit.message)})",
                        "retry_at": None,
                        "escalated": False,
                    }
                )
            )
            continue
        retry_at = now + timedelta(seconds=_seconds(half_open_after))
        out.append(
            circuit.model_copy(
                update={
                    "state": "Open",
                    "message": _base_message(circuit.message)
                    + f"{_HALF_OPEN_NOTE} failed at {_ts(now)}; next one after {_ts(retry_at)}",
                    "opened_at": now,
                    "retry_at": retry_at,
                }
            )
        )
    return out
