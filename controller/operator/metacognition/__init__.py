"""Metacognition: the operator watching itself.

Data flows in the order of the modules: ``performance`` records each verified outcome in the policy
status, ``stuck`` turns those figures into circuits (stop acting, escalate once, probe after a cooldown),
``escalate`` hands the evidence to humans (GitHub, webhook, Kubernetes Events), ``advisor_gate`` decides
when the optional diagnosis service may be asked, ``metrics`` exports it all to Prometheus and ``report``
renders it for ``healing report``. Every function is pure over the CR models or returns new values for
the caller to persist: the state lives in the API server, never in this process.
"""

from controller.operator.metacognition.performance import (
    ScopeStats,
    performance_by_scope,
    record_outcome,
)
from controller.operator.metacognition.scopes import pattern_scope, scope_keys, target_scope
from controller.operator.metacognition.stuck import (
    StuckDecision,
    evaluate_stuck,
    half_open_scopes,
    record_half_open_result,
    stalled_conditions,
)

__all__ = [
    "ScopeStats",
    "StuckDecision",
    "evaluate_stuck",
    "half_open_scopes",
    "pattern_scope",
    "performance_by_scope",
    "record_half_open_result",
    "record_outcome",
    "scope_keys",
    "stalled_conditions",
    "target_scope",
]
