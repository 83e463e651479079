"""Flux reads health with kstatus (sigs.k8s.io/cli-utils/pkg/kstatus), Argo CD with our Lua scripts: both must say
the same thing about the statuses the operator really writes.

`kstatus()` below is kstatus's rule set for custom resources (cli-utils v0.37 `status.Compute`:
`checkGenericProperties`, then `checkReadyCondition`): deletionTimestamp -> Terminating;
status.observedGeneration != metadata.generation -> InProgress; Reconciling=True -> InProgress; Stalled=True ->
Failed; Ready=True -> Current; Ready=False/Unknown -> InProgress; no Ready -> Current.
tests/integration/test_manifests_kstatus.py checks this port against the real Go kstatus.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

import pytest

from controller.api.healingpolicy import HealingPolicy
from controller.constants import API_VERSION, INCIDENT_KIND, POLICY_KIND
from controller.operator.incident_lifecycle import HUMAN_REASONS
from controller.operator.policy_reconcile import Observation, reconcile_status
from tests.unit.test_argocd_health import run_health

KStatus = Literal["Current", "InProgress", "Failed", "Terminating"]
# Argo CD's reading of each kstatus result (Suspended is Argo's word for "stalled on purpose, waiting for a person").
ARGO_FOR_KSTATUS = {"Current": {"Healthy"}, "InProgress": {"Progressing"}, "Failed": {"Degraded", "Suspended"}}


def kstatus(obj: dict[str, Any]) -> KStatus:
    if obj["metadata"].get("deletionTimestamp"):
        return "Terminating"
    status = obj.get("status") or {}
    observed = status.get("observedGeneration")
    if observed is not None and observed != obj["metadata"].get("generation"):
        return "InProgress"
    for condition in status.get("conditions") or []:
        if condition["type"] == "Reconciling" and condition["status"] == "True":
            return "InProgress"
        if condition["type"] == "Stalled" and condition["status"] == "True":
            return "Failed"
    ready = next((c for c in status.get("conditions") or [] if c["type"] == "Ready"), None)
    if ready is not None and ready["status"] in ("False", "Unknown"):
        return "InProgress"
    return "Current"


def _policy(generation: int = 1) -> HealingPolicy:
    return HealingPolicy.model_validate(
        {
            "apiVersion": API_VERSION,
            "kind": POLICY_KIND,
            "metadata": {"name": "web", "generation": generation},
            "spec": {"targets": [{"kind": "docker", "match": "web-*"}], "limits": {"maxUnhealthyPercent": 40}},
        }
    )


NOW = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
OBSERVATIONS = {
    "active": Observation(matched_nodes=3, active_incidents=1),
    "invalid-spec": Observation(errors=("spec.targets[0]: glob '[' is not valid",)),
    "stuck": Observation(matched_nodes=3, stuck_message="circuit open for pattern:port_conflict"),
    "blast-radius": Observation(matched_nodes=4, unhealthy_nodes=3, active_incidents=3),
}


@pytest.mark.parametrize("case", list(OBSERVATIONS))
def test_policy_status_written_by_the_operator_reads_the_same_in_flux_and_argo(case: str) -> None:
    policy = _policy()
    obj = policy.dump()
    obj["status"] = reconcile_status(policy, OBSERVATIONS[case], NOW).dump()

    flux = kstatus(obj)
    argo = run_health(POLICY_KIND, obj)["status"]
    assert argo in ARGO_FOR_KSTATUS[flux], (case, flux, argo)
    ready = next(c for c in obj["status"]["conditions"] if c["type"] == "Ready")
    assert (flux == "Current") == (ready["status"] == "True"), "Flux wants Ready=True exactly when Current"
    assert flux == ("Current" if case == "active" else "Failed")


def test_policy_spec_change_is_in_progress_until_observed() -> None:
    policy = _policy(generation=1)
    obj = policy.dump()
    obj["status"] = reconcile_status(policy, OBSERVATIONS["active"], NOW).dump()
    obj["metadata"]["generation"] = 2  # the user edits the spec; the operator has not reconciled yet
    assert kstatus(obj) == "InProgress"
    assert run_health(POLICY_KIND, obj)["status"] == "Progressing"


def _incident(phase: str, reason: str) -> dict[str, Any]:
    """An Incident with the conditions the operator's lifecycle writes (incident_lifecycle.conditions)."""
    ready = phase == "Resolved"
    stalled = phase in ("Failed", "Escalated") or (phase == "Suppressed" and reason in HUMAN_REASONS)
    reconciling = not ready and not stalled

    def cond(type_: str, value: bool) -> dict[str, Any]:
        return {"type": type_, "status": "True" if value else "False", "reason": reason, "observedGeneration": 1}

    return {
        "apiVersion": API_VERSION,
        "kind": INCIDENT_KIND,
        "metadata": {"name": "inc", "generation": 1},
        "spec": {
            "node": "node-a",
            "target": {"kind": "systemd", "name": "web.service"},
            "serviceType": "systemd",
            "failure": "process_crash",
        },
        "status": {
            "observedGeneration": 1,
            "phase": phase,
            "reason": reason,
            "message": "m",
            "conditions": [cond("Ready", ready), cond("Reconciling", reconciling), cond("Stalled", stalled)],
        },
    }


# Every phase, and for Suppressed every reason the lifecycle uses (human ones are kstatus Stalled).
INCIDENT_CASES = [
    ("Detected", "Detected"),
    ("Remediating", "ActionRequested"),
    ("Verifying", "Verifying"),
    ("Resolved", "Verified"),
    ("Failed", "CandidatesExhausted"),
    ("Escalated", "NotAutoFixable"),
    *[("Suppressed", r) for r in sorted(HUMAN_REASONS)],
    ("Suppressed", "Cooldown"),
    ("Suppressed", "RateLimited"),
    ("Suppressed", "MaxConcurrent"),
    ("Suppressed", "BlastRadius"),
]


@pytest.mark.parametrize(("phase", "reason"), INCIDENT_CASES)
def test_incident_phase_reads_the_same_in_flux_and_argo(phase: str, reason: str) -> None:
    obj = _incident(phase, reason)
    flux = kstatus(obj)
    argo = run_health(INCIDENT_KIND, obj)["status"]
    assert argo in ARGO_FOR_KSTATUS[flux], (phase, reason, flux, argo)


def test_terminating_object() -> None:
    obj = _incident("Resolved", "Verified")
    obj["metadata"]["deletionTimestamp"] = "2026-11-26T06:00:00Z"
    assert kstatus(obj) == "Terminating"
