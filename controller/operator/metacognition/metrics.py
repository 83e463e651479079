"""Prometheus metrics of the metacognitive layer (exported by the operator's metrics endpoint, default
registry). Gauges are refreshed from the policy status after each reconciliation with ``observe_policy``;
counters count as things happen. Series of scopes that no longer have a circuit are removed."""

from __future__ import annotations

import contextlib
import threading

from prometheus_client import Counter, Gauge

from controller.api.healingpolicy import HealingPolicy
from controller.redaction import redact_label

POLICY_SUCCESS_RATE = Gauge(
    "healing_policy_success_rate",
    "Success rate of verified remediations over the policy's stuck window (all-time rate when the window is empty).",
    ["policy"],
)
POLICY_STUCK = Gauge("healing_policy_stuck", "1 while any circuit of the policy is Open or HalfOpen.", ["policy"])
CIRCUIT_OPEN = Gauge(
    "healing_circuit_open",
    "1 while the circuit of a scope is Open or HalfOpen (automatic remediation stopped), 0 once Closed.",
    ["policy", "scope"],
)
ESCALATIONS = Counter(
    "healing_escalations_total",
    "Escalation deliveries by channel (github, webhook, event, advisor) and result (Delivered, Retrying, Failed).",
    ["channel", "result"],
)
ADVISOR_CALLS = Counter(
    "healing_advisor_calls_total",
    "Advisor decisions: made (the service was called), or avoided_<why> (known_pattern, cache, cooldown, "
    "rate_limit), once per failure episode of a policy with an advisor.",
    ["outcome"],
)

# Which circuit series exist per policy, so stale ones can be removed. Metrics only: losing it on a restart
# loses nothing (the registry is new then too).
_exported: dict[str, set[str]] = {}
_lock = threading.Lock()


def observe_policy(policy: HealingPolicy) -> None:
    name = policy.metadata.name
    stats = policy.status.stats
    rate = stats.window_success_rate if stats.window_success_rate is not None else stats.success_rate
    if rate is not None:
        POLICY_SUCCESS_RATE.labels(policy=name).set(rate)
    active = {c.scope for c in policy.status.circuits if c.state in ("Open", "HalfOpen")}
    POLICY_STUCK.labels(policy=name).set(1 if active else 0)
    scopes = {c.scope for c in policy.status.circuits}
    with _lock:
        for gone in _exported.get(name, set()) - scopes:
            CIRCUIT_OPEN.remove(name, gone)
        _exported[name] = scopes
    for scope in scopes:
        CIRCUIT_OPEN.labels(policy=name, scope=redact_label(scope)).set(1 if scope in active else 0)


def forget_policy(name: str) -> None:
    """The policy was deleted: drop its series."""
    with _lock:
        scopes = _exported.pop(name, set())
    for scope in scopes:
        CIRCUIT_OPEN.remove(name, scope)
    for gauge in (POLICY_SUCCESS_RATE, POLICY_STUCK):
        with contextlib.suppress(KeyError):
            gauge.remove(name)


def count_escalation(channel: str, result: str) -> None:
    ESCALATIONS.labels(channel=channel, result=result).inc()


def count_advisor(outcome: str) -> None:
    ADVISOR_CALLS.labels(outcome=outcome).inc()
