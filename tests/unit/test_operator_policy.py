"""Policy validation and status (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from controller.api.healingpolicy import HealingPolicy
from controller.operator.incident_lifecycle import Outcome
from controller.operator.policy_reconcile import Observation, apply_outcome, reconcile_status, validate_spec

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def policy(**spec: Any) -> HealingPolicy:
    body: dict[str, Any] = {"targets": [{"kind": "docker", "match": "web-*"}], "actions": ["restart"]}
    body.update(spec)
    return HealingPolicy.model_validate({"metadata": {"name": "p", "generation": 4}, "spec": body})


def conditions(p: HealingPolicy, obs: Observation) -> dict[str, tuple[str, str, str]]:
    status = reconcile_status(p, obs, NOW)
    return {c.type: (c.status, c.reason, c.message) for c in status.conditions}


def test_bad_regex_and_glob_say_what_to_fix() -> None:
    p = policy(
        targets=[{"kind": "docker", "match": "web-[a"}],
        patterns=[
            {"id": "mine", "regex": "foo([", "actions": ["restart"]},
            {"id": "mine", "regex": "ok", "actions": ["restart"]},
        ],
    )
    errors = validate_spec(p.spec)
    assert any(e.startswith("spec.targets[0].match") and "unclosed" in e for e in errors)
    assert any(e.startswith("spec.patterns[0] (mine)") for e in errors)
    assert any("duplicate pattern id" in e for e in errors)
    assert validate_spec(policy().spec) == []


def test_invalid_policy_is_stalled_and_not_ready() -> None:
    conds = conditions(policy(), Observation(errors=("spec.patterns[0] (x): invalid regex",)))
    assert conds["Stalled"][:2] == ("True", "InvalidSpec") and "invalid regex" in conds["Stalled"][2]
    assert conds["Ready"][0] == "False"


def test_healthy_policy_is_ready_with_counts_and_observed_generation() -> None:
    p = policy()
    status = reconcile_status(p, Observation(matched_nodes=3, active_incidents=1), NOW)
    assert status.observed_generation == 4 and status.matched_nodes == 3 and status.active_incidents == 1
    conds = {c.type: c for c in status.conditions}
    assert (conds["Ready"].status, conds["Stalled"].status, conds["Reconciling"].status) == ("True", "False", "False")
    # nothing changed: identical conditions (no write for nothing)
    again = reconcile_status(
        p.model_copy(update={"status": status}),
        Observation(matched_nodes=3, active_incidents=1),
        NOW + timedelta(minutes=1),
    )
    assert again.conditions == status.conditions


def test_blast_radius_and_stuck_show_in_conditions() -> None:
    blast = conditions(policy(), Observation(matched_nodes=10, unhealthy_nodes=6))
    assert blast["Stalled"][:2] == ("True", "BlastRadius")
    stuck = conditions(policy(), Observation(matched_nodes=3, stuck_message="policy: 0/10 succeeded"))
    assert stuck["Stalled"][:2] == ("True", "Stuck")


def test_outcomes_update_learning_and_stats() -> None:
    p0 = p = policy()
    status = apply_outcome(p, Outcome("container_exit", "docker", "restart", True, 12.0), NOW, resolved=True)
    assert p0.status.learning == [] and p0.status.stats.attempts == 0  # the input is never mutated
    p = p.model_copy(update={"status": status})
    status = apply_outcome(p, Outcome("container_exit", "docker", "restart", False, None), NOW)
    entry = status.learning[0]
    assert (entry.successes, entry.failures) == (1, 1)
    assert entry.confidence == round((1.6 + 1) / 4, 4)
    assert status.stats.attempts == 2 and status.stats.resolved_total == 1


def test_a_channel_that_failed_for_good_says_so_in_the_policy_conditions() -> None:
    from controller.api.incident import Incident
    from controller.operator.policy_reconcile import escalation_problems

    def escalated(*records: dict[str, Any]) -> Incident:
        return Incident.model_validate({
            "metadata": {"name": "i"},
            "spec": {"node": "n1", "target": {"kind": "docker", "name": "web-1"}, "serviceType": "docker",
                     "failure": "config_error"},
            "status": {"escalations": list(records)},
        })

    t0 = datetime(2026, 12, 1, tzinfo=UTC)
    bad = {"channel": "github", "at": t0.isoformat(), "result": "Failed",
           "message": "SecretNotBound: Secret healing-system/x is bound to https://api.github.com "
           "(not retried: fix it; the next escalation tries again)"}
    retrying = {"channel": "webhook", "at": t0.isoformat(), "result": "Retrying",
                "message": "ServerError: 502 (attempt 1; next attempt at 2026-12-01T00:00:10Z)"}
    problems = escalation_problems([escalated(bad, retrying)])
    assert problems == (f"github: {bad['message']}",)  # retrying is not a failure for good
    p = policy(escalation={"github": {"repository": "org/repo", "tokenSecretRef": {"namespace": "healing-system",
                                                                                   "name": "x"}}})
    conds = conditions(p, Observation(matched_nodes=1, escalation_problems=problems))
    ready = conds["EscalationReady"]
    assert ready[:2] == ("False", "ChannelFailed") and "SecretNotBound" in ready[2]
    # a later delivery clears it
    later = (t0 + timedelta(hours=1)).isoformat()
    delivered = {**bad, "at": later, "result": "Delivered", "message": "opened org/repo#1"}
    assert escalation_problems([escalated(bad), escalated(delivered)]) == ()
    assert conditions(p, Observation(matched_nodes=1))["EscalationReady"][:2] == ("True", "Delivering")
