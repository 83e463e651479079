"""Stuck detector and circuit breaker: when to stop, escalate once, probe, close or re-open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from controller.api.common import get_condition
from controller.api.healingpolicy import HealingPolicy, OutcomeRecord
from controller.operator.metacognition import (
    evaluate_stuck,
    half_open_scopes,
    record_half_open_result,
    record_outcome,
    scope_keys,
    stalled_conditions,
)

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
HAS_TARGET = "target" in OutcomeRecord.model_fields


def policy(**stuck: object) -> HealingPolicy:
    spec = {"consecutiveFailures": 5, "minSuccessRate": 0.3, "window": "1h", "minAttempts": 6, "halfOpenAfter": "15m"}
    spec.update(stuck)
    return HealingPolicy.model_validate(
        {"metadata": {"name": "web"}, "spec": {"targets": [{"kind": "systemd", "match": "api.service"}], "stuck": spec}}
    )


def feed(
    pol: HealingPolicy,
    results: list[bool],
    start: datetime = T0,
    pattern: str = "port_conflict",
    target: str | None = "node-a/api.service",
    step: timedelta = timedelta(minutes=1),
) -> datetime:
    at = start
    for ok in results:
        pol.status = record_outcome(
            pol.status, pattern, "freePort", ok, 3.0 if ok else None, at, pol.spec.stuck.window, target=target
        )
        at += step
    return at


def test_not_stuck_below_the_consecutive_limit() -> None:
    pol = policy()
    now = feed(pol, [False] * 4)
    decision = evaluate_stuck(pol, now)
    assert not decision.stuck
    assert not decision.should_escalate
    assert decision.circuits == []
    assert decision.allow_attempt(scope_keys("port_conflict", "node-a", "api.service"), now)


def test_consecutive_failures_open_a_circuit_with_figures() -> None:
    pol = policy()
    now = feed(pol, [True] + [False] * 5)
    decision = evaluate_stuck(pol, now)
    assert decision.stuck and decision.should_escalate
    assert decision.reason == "ConsecutiveFailures"
    assert "5 attempts in a row failed" in decision.message
    assert "1/6 attempts succeeded" in decision.message
    opened = {c.scope: c for c in decision.circuits}
    narrow = "target:node-a/api.service" if HAS_TARGET else "pattern:port_conflict"
    assert decision.escalate_scopes == [narrow]
    # Only the narrowest scope trips: one bad target must not stop every other target of the policy.
    assert set(opened) == {narrow}
    assert opened[narrow].state == "Open"
    assert opened[narrow].escalated is True
    assert opened[narrow].retry_at == now + timedelta(minutes=15)
    assert not decision.allow_attempt(scope_keys("port_conflict", "node-a", "api.service"), now)
    # other patterns (and other targets) still heal
    assert decision.allow_attempt(scope_keys("disk_full", "node-b", "db.service"), now)


def test_low_success_rate_needs_enough_attempts() -> None:
    pol = policy(consecutiveFailures=100)
    # 1 success in 5: rate 20 % < 30 %, but only 5 attempts (< minAttempts 6): not stuck yet.
    now = feed(pol, [True, False, False, False, False])
    assert not evaluate_stuck(pol, now).stuck
    now = feed(pol, [False], start=now)
    decision = evaluate_stuck(pol, now)
    assert decision.stuck
    assert decision.reason == "LowSuccessRate"
    assert "17%" in decision.message and "minimum 30%" in decision.message


def test_rate_above_minimum_is_not_stuck() -> None:
    pol = policy(consecutiveFailures=100)
    now = feed(pol, [True, False, False, True, False, False, True, False])
    assert not evaluate_stuck(pol, now).stuck


def test_old_failures_outside_the_window_do_not_count_for_the_rate() -> None:
    pol = policy(consecutiveFailures=100, window="30m")
    now = feed(pol, [False] * 10, step=timedelta(minutes=1))
    assert evaluate_stuck(pol, now).stuck
    pol2 = policy(consecutiveFailures=100, window="30m")
    feed(pol2, [False] * 10)
    assert not evaluate_stuck(pol2, now + timedelta(hours=2)).stuck


def test_no_second_escalation_while_open() -> None:
    pol = policy()
    now = feed(pol, [False] * 5)
    first = evaluate_stuck(pol, now)
    assert first.should_escalate
    pol.status.circuits = first.circuits
    # more failures trickle in (attempts that were in flight), the circuit is still open
    now = feed(pol, [False] * 3, start=now)
    second = evaluate_stuck(pol, now)
    assert second.stuck and not second.should_escalate
    assert [c.state for c in second.circuits] == ["Open"]


def _tripped() -> tuple[HealingPolicy, datetime, list[str]]:
    pol = policy()
    now = feed(pol, [False] * 5)
    decision = evaluate_stuck(pol, now)
    pol.status.circuits = decision.circuits
    return pol, now, scope_keys("port_conflict", "node-a", "api.service")


def test_half_open_lets_exactly_one_attempt_through() -> None:
    pol, now, keys = _tripped()
    before = evaluate_stuck(pol, now + timedelta(minutes=14))
    assert not before.allow_attempt(keys, now + timedelta(minutes=14))
    later = now + timedelta(minutes=15)
    decision = evaluate_stuck(pol, later)
    assert [c.state for c in decision.circuits] == ["HalfOpen"]
    assert decision.stuck and not decision.should_escalate
    assert decision.allow_attempt(keys, later)
    assert not decision.allow_attempt(keys, later + timedelta(seconds=5))  # the probe is in flight
    # persisted: a fresh evaluation from the stored circuits still refuses a second probe
    pol.status.circuits = decision.circuits
    assert not evaluate_stuck(pol, later + timedelta(minutes=1)).allow_attempt(keys, later + timedelta(minutes=1))
    assert half_open_scopes(decision.circuits, keys) == [decision.circuits[0].scope]


def _probe(success: bool) -> tuple[HealingPolicy, datetime, list[str], str]:
    """Trip, wait for half-open, let the probe through, record its outcome. Returns (policy, probe time,
    scope keys, the probed scope)."""
    pol, now, keys = _tripped()
    later = now + timedelta(minutes=15)
    decision = evaluate_stuck(pol, later)
    assert decision.allow_attempt(keys, later)
    scope = half_open_scopes(decision.circuits, keys)[0]
    feed(pol, [success], start=later + timedelta(seconds=30))
    done = later + timedelta(minutes=1)
    pol.status.circuits = record_half_open_result(decision.circuits, scope, success, done, "15m")
    return pol, later, keys, scope


def test_half_open_success_closes_and_stays_closed() -> None:
    pol, later, keys, _ = _probe(True)
    assert [c.state for c in pol.status.circuits] == ["Closed"]
    assert pol.status.circuits[0].escalated is False
    after = evaluate_stuck(pol, later + timedelta(minutes=2))
    # the old failures are still inside the window, but the scope started over at the trip
    assert not after.stuck and not after.should_escalate
    assert after.allow_attempt(keys, later + timedelta(minutes=2))
    conds = stalled_conditions([], after, later)
    assert get_condition(conds, "Stalled").status == "False"


def test_half_open_failure_reopens_without_second_escalation() -> None:
    pol, later, keys, scope = _probe(False)
    failed_at = later + timedelta(minutes=1)
    circuit = pol.status.circuits[0]
    assert circuit.state == "Open" and circuit.escalated is True
    assert circuit.retry_at == failed_at + timedelta(minutes=15)
    assert "half-open attempt failed" in circuit.message
    again = evaluate_stuck(pol, failed_at + timedelta(minutes=1))
    assert again.stuck and not again.should_escalate
    assert not again.allow_attempt(keys, failed_at + timedelta(minutes=1))
    # repeated failures do not grow the message
    twice = record_half_open_result(pol.status.circuits, scope, False, failed_at + timedelta(minutes=20), 900)
    assert twice[0].message.count("half-open attempt failed") == 1
    # and the next window opens a probe again
    assert evaluate_stuck(pol, failed_at + timedelta(minutes=16)).allow_attempt(keys, failed_at + timedelta(minutes=16))


def test_policy_trips_when_failures_span_scopes() -> None:
    pol = policy(consecutiveFailures=4)
    at = T0
    # failures spread over different patterns and targets: no narrow scope reaches 4, the policy does
    for i, pattern in enumerate(["port_conflict", "disk_full", "out_of_memory", "config_error"]):
        at = feed(pol, [False], start=at, pattern=pattern, target=f"node-{i}/svc-{i}.service")
    decision = evaluate_stuck(pol, at)
    assert decision.escalate_scopes == ["policy"]
    assert decision.scope == "policy"
    assert not decision.allow_attempt(scope_keys("restart_anything", "node-x", "x.service"), at)
    conds = decision.conditions([], at, observed_generation=3)
    stalled = get_condition(conds, "Stalled")
    assert stalled.status == "True" and stalled.reason == "Stuck"
    assert "4 attempts in a row failed" in stalled.message
    assert stalled.observed_generation == 3


def test_policy_counter_sees_runs_longer_than_the_window() -> None:
    pol = policy(consecutiveFailures=6, window="5m")
    now = feed(pol, [False] * 6, step=timedelta(minutes=2), target=None, pattern="disk_full")
    decision = evaluate_stuck(pol, now)
    # the window holds only 3 of them, but the all-time counter says 6 in a row
    assert "policy" in decision.escalate_scopes


@pytest.mark.skipif(not HAS_TARGET, reason="needs OutcomeRecord.target (requested from the API owner)")
def test_target_scope_trips_alone() -> None:
    pol = policy()
    at = feed(pol, [True, True], target="node-b/web.service")
    now = feed(pol, [False] * 5, start=at, target="node-a/api.service")
    decision = evaluate_stuck(pol, now)
    assert decision.escalate_scopes == ["target:node-a/api.service"]
    assert decision.allow_attempt(scope_keys("port_conflict", "node-b", "web.service"), now)


def test_closed_circuits_are_pruned_after_the_window() -> None:
    pol, now, _ = _tripped()
    scope = pol.status.circuits[0].scope
    pol.status.circuits = record_half_open_result(pol.status.circuits, scope, True, now + timedelta(minutes=16), 900)
    assert evaluate_stuck(pol, now + timedelta(minutes=30)).circuits
    assert evaluate_stuck(pol, now + timedelta(hours=2)).circuits == []
