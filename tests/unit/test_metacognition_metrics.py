"""Prometheus metrics of the monitor: gauges follow the policy status, stale circuit series go away."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from controller.api.healingpolicy import HealingPolicy
from controller.operator.metacognition import evaluate_stuck, record_half_open_result, record_outcome
from controller.operator.metacognition.metrics import count_advisor, count_escalation, forget_policy, observe_policy

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def sample(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


def test_gauges_follow_the_status() -> None:
    policy = HealingPolicy.model_validate(
        {
            "metadata": {"name": "metrics-test"},
            "spec": {"targets": [{"kind": "docker", "match": "web-*"}], "stuck": {"consecutiveFailures": 2}},
        }
    )
    policy.status = record_outcome(policy.status, "container_exit", "restart", True, 5.0, T0)
    observe_policy(policy)
    assert sample("healing_policy_success_rate", policy="metrics-test") == 1.0
    assert sample("healing_policy_stuck", policy="metrics-test") == 0.0

    for i in range(2):
        policy.status = record_outcome(
            policy.status, "container_exit", "restart", False, None, T0 + timedelta(minutes=i + 1)
        )
    policy.status.circuits = evaluate_stuck(policy, T0 + timedelta(minutes=3)).circuits
    observe_policy(policy)
    assert sample("healing_policy_success_rate", policy="metrics-test") == pytest.approx(1 / 3, abs=1e-3)
    assert sample("healing_policy_stuck", policy="metrics-test") == 1.0
    scope = policy.status.circuits[0].scope
    assert sample("healing_circuit_open", policy="metrics-test", scope=scope) == 1.0

    policy.status.circuits = record_half_open_result(
        policy.status.circuits, scope, True, T0 + timedelta(minutes=20), 900
    )
    observe_policy(policy)
    assert sample("healing_circuit_open", policy="metrics-test", scope=scope) == 0.0
    assert sample("healing_policy_stuck", policy="metrics-test") == 0.0
    policy.status.circuits = []
    observe_policy(policy)
    assert sample("healing_circuit_open", policy="metrics-test", scope=scope) is None
    forget_policy("metrics-test")
    assert sample("healing_policy_success_rate", policy="metrics-test") is None


def test_counters() -> None:
    before = sample("healing_escalations_total", channel="github", result="Retrying") or 0.0
    count_escalation("github", "Retrying")
    assert sample("healing_escalations_total", channel="github", result="Retrying") == before + 1
    before = sample("healing_advisor_calls_total", outcome="avoided_cache") or 0.0
    count_advisor("avoided_cache")
    assert sample("healing_advisor_calls_total", outcome="avoided_cache") == before + 1
