"""Which actions to try for a failure: a default table pattern x service type -> ordered candidates with priors.

The prior is the success probability we expect before any outcome is observed; learning.py turns it into the prior
of a Beta posterior. The table only proposes: the policy's `spec.actions` decides what may run, and a user pattern
(`spec.patterns[].actions`) replaces the table for its id.
"""

from __future__ import annotations

from collections.abc import Sequence

from controller.api.healingpolicy import Action, HealingPolicySpec, ServiceType
from controller.api.incident import Incident
from controller.constants import WORKLOAD_ACTIONS

Candidate = tuple[Action, float]  # (action, prior success probability)
ANY = "*"

# pattern -> service type (or ANY) -> ordered candidates. Hybrid units heal through systemd (SPEC section 7).
DEFAULT_TABLE: dict[str, dict[str, list[Candidate]]] = {
    "port_conflict": {ANY: [("freePort", 0.85), ("restart", 0.5)]},
    "connection_refused": {ANY: [("restart", 0.6), ("restartDependencies", 0.5)]},
    "permission_denied": {ANY: [("fixPermissions", 0.75), ("escalate", 1.0)]},
    "database_lock": {ANY: [("removeStaleLock", 0.8), ("restart", 0.6)]},
    "out_of_memory": {ANY: [("restart", 0.7)]},
    "disk_full": {ANY: [("cleanDisk", 0.75), ("escalate", 1.0)]},
    "network_timeout": {ANY: [("restart", 0.5), ("restartDependencies", 0.45)]},
    "process_crash": {
        "systemd": [("resetFailed", 0.75), ("restart", 0.8)],
        "hybrid": [("resetFailed", 0.75), ("restart", 0.8)],
        "docker": [("restart", 0.8), ("recreateContainer", 0.7)],
    },
    "container_exit": {
        "docker": [("restart", 0.8), ("recreateContainer", 0.7)],
        ANY: [("restart", 0.8), ("start", 0.7)],
    },
    "config_error": {ANY: [("escalate", 1.0)]},
    "dependency_missing": {ANY: [("escalate", 1.0)]},
    "service_dependency": {ANY: [("restartDependencies", 0.7), ("restart", 0.5)]},
    "health_check_failure": {ANY: [("restart", 0.65), ("recreateContainer", 0.5)]},
    "resource_exhaustion": {ANY: [("restart", 0.55), ("cleanDisk", 0.4)]},
}

# Pods (service type `pod`): the kubelet already restarts a failed container in place, with a backoff growing to 5
# minutes. What the operator adds is a *fresh pod* -- new sandbox and network, emptyDirs, maybe another node -- and an
# end to that backoff once the cause is gone (a database back up). rolloutRestart renews the whole workload (what a
# human does with `kubectl rollout restart`), evictPod one pod, respecting PodDisruptionBudgets; node-local causes
# (a host port taken, a full node disk) try the eviction first. A memory limit that is too small, a missing image, a
# bad configuration or missing permissions need a change of the workload: escalated. No fallback to the host rows.
POD_TABLE: dict[str, list[Candidate]] = {
    "port_conflict": [("evictPod", 0.6), ("rolloutRestart", 0.4)],
    "connection_refused": [("rolloutRestart", 0.6), ("evictPod", 0.5)],
    "permission_denied": [("escalate", 1.0)],
    "database_lock": [("rolloutRestart", 0.5), ("evictPod", 0.45)],
    "out_of_memory": [("escalate", 1.0)],
    "disk_full": [("evictPod", 0.6), ("escalate", 1.0)],
    "network_timeout": [("rolloutRestart", 0.5), ("evictPod", 0.5)],
    "process_crash": [("rolloutRestart", 0.6), ("evictPod", 0.5)],
    "container_exit": [("rolloutRestart", 0.6), ("evictPod", 0.5)],
    "config_error": [("escalate", 1.0)],
    "dependency_missing": [("escalate", 1.0)],
    "service_dependency": [("rolloutRestart", 0.6), ("evictPod", 0.5)],
    "health_check_failure": [("rolloutRestart", 0.6), ("evictPod", 0.5)],
    "resource_exhaustion": [("evictPod", 0.5), ("rolloutRestart", 0.45)],
}
UNKNOWN_POD_CANDIDATES: list[Candidate] = [("rolloutRestart", 0.35)]

# A restart cannot fix these: the configuration or the environment has to change. A human must look.
NOT_AUTO_FIXABLE = frozenset({"config_error", "dependency_missing"})
# Unknown signatures (no pattern matched): a restart is plausible but unproven, so the prior is low and the learned
# confidence starts below the usual threshold -> approval until outcomes say otherwise.
UNKNOWN_CANDIDATES: list[Candidate] = [("restart", 0.35)]
# A user pattern has no evidence either; its own `confidence` is the prior of its actions.
ESCALATE: Action = "escalate"


def is_unknown(pattern: str | None) -> bool:
    return not pattern or pattern.startswith("sig-")


def unknown_signature(incident: Incident) -> str | None:
    """The signature of a failure no pattern explains (the key of status.unknownSignatures), None otherwise."""
    detection = incident.status.detection
    if not is_unknown(incident.spec.failure) or (detection is not None and not is_unknown(detection.pattern)):
        return None
    return (detection.signature if detection is not None else None) or incident.spec.failure.removeprefix("sig-")


def table_candidates(pattern: str | None, service_type: ServiceType) -> list[Candidate]:
    if service_type == "pod":
        return list(UNKNOWN_POD_CANDIDATES if is_unknown(pattern) else POD_TABLE.get(pattern or "", []))
    if is_unknown(pattern):
        return list(UNKNOWN_CANDIDATES)
    row = DEFAULT_TABLE.get(pattern or "")
    if row is None:
        return []
    return list(row.get(service_type) or row.get(ANY) or [])


def prior(
    pattern: str | None, service_type: ServiceType, action: Action, spec: HealingPolicySpec | None = None
) -> float:
    """Prior success probability of `action` for this failure (0.5 when nothing is known)."""
    if spec is not None:
        for user in spec.patterns:
            if user.id == pattern and action in user.actions:
                return user.confidence
    for act, p in table_candidates(pattern, service_type):
        if act == action:
            return p
    return 0.5


def fits(action: Action, service_type: ServiceType) -> bool:
    """Workload actions apply to pod targets only, and only they do; escalate applies to everything."""
    return action == ESCALATE or (action in WORKLOAD_ACTIONS) == (service_type == "pod")


def candidate_actions(
    pattern: str | None,
    service_type: ServiceType,
    spec: HealingPolicySpec,
    *,
    previous_successes: Sequence[Action] = (),
) -> list[Action]:
    """Ordered actions to try, restricted to the policy's allowed actions.

    `escalate` is always allowed: it touches no host, it is how the operator asks a human. A pattern that keeps
    coming back after an out-of-memory restart escalates instead of restarting again (memory leaks don't heal).
    Workload actions apply to pod targets only, and only they do (a user pattern cannot mix them up).
    """
    user = next((p for p in spec.patterns if p.id == pattern), None)
    proposed: list[Action] = (
        list(user.actions) if user and user.actions else [a for a, _ in table_candidates(pattern, service_type)]
    )
    if pattern == "out_of_memory" and "restart" in previous_successes:
        proposed = [ESCALATE]
    allowed = set(spec.actions) | {ESCALATE}
    out: list[Action] = []
    for action in proposed:
        if fits(action, service_type) and action in allowed and action not in out:
            out.append(action)
    return out
