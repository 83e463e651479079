"""The Incident state machine, without Kubernetes: each test walks one path of step()."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Execution, Health, Incident
from controller.api.selection import ObservedTarget, Resolution, node_labels, observed_from_incident, resolve
from controller.constants import APPROVE_ANNOTATION
from controller.operator.incident_lifecycle import Context, Decision, request_id, step

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def policy(name: str = "web", **spec: Any) -> HealingPolicy:
    body: dict[str, Any] = {
        "targets": [{"kind": "docker", "match": "web-*"}, {"kind": "systemd", "match": "nginx.service"}],
        "actions": ["restart", "freePort", "recreateContainer"],
        "verify": {"after": "5s", "healthyFor": "10s", "timeout": "1m"},
        "backoff": {"initial": "10s", "factor": 2, "max": "1m", "resetAfter": "5m"},
    }
    body.update(spec)
    return HealingPolicy.model_validate({"metadata": {"name": name, "generation": 1}, "spec": body})


def incident(
    pattern: str = "container_exit",
    *,
    kind: str = "docker",
    target: str = "web-1",
    service_type: str = "docker",
    occurrences: int = 1,
    annotations: dict[str, str] | None = None,
    **status: Any,
) -> Incident:
    return Incident.model_validate(
        {
            "metadata": {
                "name": "inc-1",
                "uid": "abcdef12-3456",
                "generation": 1,
                "resourceVersion": "7",
                "annotations": annotations or {},
            },
            "spec": {
                "node": "n1",
                "target": {"kind": kind, "name": target},
                "serviceType": service_type,
                "failure": pattern,
            },
            "status": {
                "detection": {
                    "pattern": pattern,
                    "confidence": 0.9,
                    "occurrences": occurrences,
                    "firstSeen": T0.isoformat(),
                    "lastSeen": T0.isoformat(),
                },
                **status,
            },
        }
    )


def ctx(p: HealingPolicy | None, **kw: Any) -> Context:
    if p is None:
        return Context(match=Resolution(None, "NoPolicy", "no HealingPolicy selects it"), **kw)
    match = resolve([p], {}, ObservedTarget(p.spec.targets[0].kind, p.spec.targets[0].match or "web-1"))
    assert match.policy is p
    return Context(match=match, **kw)


def match_policy(inc_spec: Any, policies: list[HealingPolicy], nodes: dict[str, dict[str, str]]) -> Resolution:
    return resolve(policies, node_labels(inc_spec.node, nodes), observed_from_incident(inc_spec), node=inc_spec.node)


def advance(inc: Incident, d: Decision) -> Incident:
    """Apply a decision the way the API server would (merge of the operator-owned keys)."""
    return inc.model_copy(update={"status": d.status})


def agent_reports(
    inc: Incident, result: str, at: datetime, healthy: bool | None = None, since: datetime | None = None
) -> Incident:
    """What the agent writes: an execution for the request id, and (optionally) the target's health."""
    s = inc.status.model_copy(deep=True)
    assert s.request is not None
    s.executions = [
        *s.executions,
        Execution(
            id=s.request.id, action=s.request.action, started_at=at, finished_at=at, result=result, message="done"
        ),
    ]  # type: ignore[arg-type]
    if healthy is not None:
        s.health = Health(healthy=healthy, checked_at=at, since=since or at)
    return inc.model_copy(update={"status": s})


def still_healthy(inc: Incident, at: datetime) -> Incident:
    """The agent's next health report: still healthy, checked at `at` (its `since` unchanged)."""
    s = inc.status.model_copy(deep=True)
    assert s.health is not None
    s.health = s.health.model_copy(update={"checked_at": at})
    return inc.model_copy(update={"status": s})


def test_crash_restart_verify_resolve_learns_success() -> None:
    p = policy()
    d = step(incident(), ctx(p), T0)
    assert d.status.phase == "Remediating"
    assert d.request is not None and d.request.action == "restart"
    assert d.request.id == "abcdef12-1"
    assert d.patch["request"]["id"] == "abcdef12-1" and "detection" not in d.patch
    inc = advance(incident(), d)
    inc = agent_reports(inc, "Succeeded", T0 + timedelta(seconds=1), healthy=True)
    d = step(inc, ctx(p), T0 + timedelta(seconds=2))
    assert d.status.phase == "Verifying" and d.requeue_after is not None
    inc = advance(inc, d)
    inc = still_healthy(inc, T0 + timedelta(seconds=8))
    d = step(inc, ctx(p), T0 + timedelta(seconds=8))
    assert d.status.phase == "Verifying"  # healthy 7s < healthyFor 10s
    inc = still_healthy(inc, T0 + timedelta(seconds=11.5))
    d = step(inc, ctx(p), T0 + timedelta(seconds=12))
    assert d.status.phase == "Resolved" and d.status.reason == "Verified"
    assert d.outcome is not None and d.outcome.success and d.outcome.action == "restart"
    assert d.status.attempts[-1].result == "Succeeded"
    assert d.status.resolved_at == T0 + timedelta(seconds=12)
    ready = next(c for c in d.status.conditions if c.type == "Ready")
    assert ready.status == "True"


def test_no_policy_is_suppressed_and_says_so() -> None:
    d = step(incident(), ctx(None), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "NoPolicy")
    assert d.request is None


@pytest.mark.parametrize("before", ["NoPolicy", "InvalidPolicy"])
@pytest.mark.parametrize(("pattern", "then"), [("container_exit", ("Remediating", "ActionRequested")),
                                               ("config_error", ("Escalated", "NotAutoFixable"))])
def test_a_policy_that_arrives_later_starts_the_cycle(before: str, pattern: str, then: tuple[str, str]) -> None:
    """The incident was decided before its policy was cached (separate watches: a policy applied together with the
    failure), or while the policy was invalid: when the policy is there, the cycle starts -- its candidates are
    computed -- instead of escalating 'no allowed action' from a list that was never filled."""
    first = ctx(None) if before == "NoPolicy" else ctx(policy(), policy_invalid="spec.patterns[0]: bad regex")
    d = step(incident(pattern), first, T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", before)
    d = step(advance(incident(pattern), d), ctx(policy()), T0 + timedelta(seconds=1))
    assert (d.status.phase, d.status.reason) == then, d.status.message


def test_invalid_policy_is_never_used_to_act() -> None:
    d = step(incident(), ctx(policy(), policy_invalid="spec.patterns[0]: bad regex"), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "InvalidPolicy")
    assert d.request is None


def test_config_error_is_escalated_not_restarted() -> None:
    d = step(incident("config_error"), ctx(policy()), T0)
    assert (d.status.phase, d.status.reason) == ("Escalated", "NotAutoFixable")
    assert d.request is None and d.escalate == "NotAutoFixable"
    assert d.status.escalations[-1].channel == "event"
    assert any(e.on_policy for e in d.events) and any(not e.on_policy for e in d.events)


def test_shadow_mode_records_what_it_would_do() -> None:
    d = step(incident(), ctx(policy(mode="Shadow")), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "ShadowMode")
    assert "would run restart" in d.status.message and d.request is None


def test_approve_mode_waits_for_the_annotation() -> None:
    p = policy(mode="Approve")
    d = step(incident(), ctx(p), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "AwaitingApproval")
    assert d.status.approval is not None and d.status.approval.action == "restart"
    inc = advance(incident(annotations={APPROVE_ANNOTATION: "true"}), d)
    d = step(inc, ctx(p), T0 + timedelta(seconds=30))
    assert d.status.phase == "Remediating" and d.request is not None
    assert d.clear_approval and d.status.approval is not None and d.status.approval.approved_at is not None


def test_low_confidence_waits_for_approval_in_auto_mode() -> None:
    d = step(incident("sig-1234"), ctx(policy()), T0)
    assert d.status.reason == "AwaitingApproval" and "confidence 0.35 < confidenceThreshold 0.7" in d.status.message


def corroborated(value: bool | None) -> Incident:
    inc = incident()
    assert inc.status.detection is not None
    inc.status.detection.corroborated = value
    return inc


def test_an_uncorroborated_verdict_waits_for_approval_when_the_policy_requires_corroboration() -> None:
    strict = policy(requireCorroboration=True)
    d = step(corroborated(False), ctx(strict), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "AwaitingApproval") and d.request is None
    assert "requireCorroboration: the line model does not read the log lines as container_exit" in d.status.message
    assert d.status.approval is not None and d.status.approval.action == "restart"
    # approved by a human: it runs
    inc = advance(corroborated(False), d)
    inc.metadata.annotations[APPROVE_ANNOTATION] = "true"
    d = step(inc, ctx(strict), T0 + timedelta(seconds=30))
    assert d.status.phase == "Remediating" and d.request is not None and d.request.action == "restart"


def test_corroborated_or_unjudged_verdicts_and_lenient_policies_act_without_approval() -> None:
    # corroborated, or no second opinion at all (the watcher's own fact, a user pattern): nothing to wait for
    for value in (True, None):
        d = step(corroborated(value), ctx(policy(requireCorroboration=True)), T0)
        assert d.status.phase == "Remediating" and d.request is not None, value
    # the default policy does not ask for corroboration
    assert policy().spec.require_corroboration is False
    d = step(corroborated(False), ctx(policy()), T0)
    assert d.status.phase == "Remediating" and d.request is not None


def test_low_confidence_is_named_before_missing_corroboration() -> None:
    d = step(corroborated(False), ctx(policy(requireCorroboration=True, confidenceThreshold=0.99)), T0)
    assert d.status.reason == "AwaitingApproval" and "< confidenceThreshold 0.99" in d.status.message


def test_guards_hold_back_the_action() -> None:
    p = policy(limits={"maxConcurrent": 1, "maxActionsPerHour": 2, "maxUnhealthyPercent": 40})
    assert step(incident(), ctx(p, in_flight=1), T0).status.reason == "MaxConcurrent"
    assert step(incident(), ctx(p, unhealthy_nodes=5, matched_nodes=10), T0).status.reason == "BlastRadius"
    p.status.actions_last_hour = [T0 - timedelta(minutes=1), T0 - timedelta(minutes=2)]
    d = step(incident(), ctx(p), T0)
    assert d.status.reason == "RateLimited" and d.requeue_after is not None
    assert step(incident(), ctx(policy(), circuit_open="policy stuck"), T0).status.reason == "CircuitOpen"


def test_failed_action_backs_off_then_tries_the_next_candidate_then_fails() -> None:
    p = policy()
    d = step(incident(), ctx(p), T0)
    inc = agent_reports(advance(incident(), d), "Failed", T0 + timedelta(seconds=1))
    d = step(inc, ctx(p), T0 + timedelta(seconds=2))
    assert (d.status.phase, d.status.reason) == ("Suppressed", "Cooldown")
    assert d.status.backoff_seconds == [10.0]
    assert d.outcome is not None and not d.outcome.success
    assert d.status.candidates == ["recreateContainer"]
    inc = advance(inc, d)
    assert step(inc, ctx(p), T0 + timedelta(seconds=5)).request is None  # still cooling down
    d = step(inc, ctx(p), T0 + timedelta(seconds=13))
    assert d.request is not None and d.request.action == "recreateContainer" and d.request.id == "abcdef12-2"
    inc = agent_reports(advance(inc, d), "Succeeded", T0 + timedelta(seconds=14), healthy=False)
    # a health report from right after the action is not trusted before verify.after has passed
    assert step(inc, ctx(p), T0 + timedelta(seconds=20)).status.phase == "Verifying"
    inc.status.health = Health(healthy=False, checked_at=T0 + timedelta(seconds=20), message="exited")
    d = step(inc, ctx(p), T0 + timedelta(seconds=21))
    assert [a.result for a in d.status.attempts] == ["Failed", "VerificationFailed"]
    # candidates exhausted: the list starts again after a longer cooldown (CrashLoopBackOff), ...
    assert (d.status.phase, d.status.reason) == ("Suppressed", "Cooldown")
    assert d.status.candidates == ["restart", "recreateContainer"] and d.status.backoff_seconds == [10.0, 20.0]
    # ... 3 rounds in a row, then Failed and escalated
    now = T0 + timedelta(seconds=21)
    while d.status.phase != "Failed":
        inc = advance(inc, d)
        now += timedelta(minutes=2)
        d = step(inc, ctx(p), now)
        assert d.request is not None
        inc = agent_reports(advance(inc, d), "Failed", now)
        d = step(inc, ctx(p), now)
    assert d.escalate == "RemediationFailed" and len(d.status.attempts) == 6
    assert d.status.backoff_seconds == [10.0, 20.0, 40.0, 60.0, 60.0]


def test_refused_action_is_not_learned_from() -> None:
    p = policy()
    d = step(incident(), ctx(p), T0)
    inc = agent_reports(advance(incident(), d), "Refused", T0 + timedelta(seconds=1))
    d = step(inc, ctx(p), T0 + timedelta(seconds=2))
    assert d.outcome is None and d.status.attempts[-1].result == "Refused"


def test_agent_silence_times_out() -> None:
    p = policy()
    inc = advance(incident(), step(incident(), ctx(p), T0))
    assert step(inc, ctx(p), T0 + timedelta(seconds=30)).status.phase == "Remediating"
    d = step(inc, ctx(p), T0 + timedelta(seconds=61))
    assert d.status.attempts[-1].result == "TimedOut" and d.outcome is None


def test_one_healthy_report_then_silence_is_not_evidence() -> None:
    """The agent reported healthy once right after the action and then went silent: the window 'elapsed', but
    nobody saw its end. The verification waits for a report, and times out; it never passes."""
    p = policy()
    d = step(incident(), ctx(p), T0)
    inc = agent_reports(advance(incident(), d), "Succeeded", T0 + timedelta(seconds=1), healthy=True)
    inc = advance(inc, step(inc, ctx(p), T0 + timedelta(seconds=2)))
    d = step(inc, ctx(p), T0 + timedelta(seconds=20))
    assert (d.status.phase, d.outcome) == ("Verifying", None)
    assert "waiting for a health report" in d.status.message
    d = step(inc, ctx(p), T0 + timedelta(seconds=62))
    assert d.status.attempts[-1].result == "TimedOut" and d.outcome is None  # no success learned from silence
    # a report from the window's end verifies it
    d = step(still_healthy(inc, T0 + timedelta(seconds=11)), ctx(p), T0 + timedelta(seconds=20))
    assert d.status.phase == "Resolved"


def test_expected_steps_of_a_verification_write_nothing_an_overdue_report_is_written_once() -> None:
    """Storm writes: the health reports during Verifying change no operator-owned field until the agent is late."""
    p = policy()  # verify.after 5s, healthyFor 10s
    d = step(incident(), ctx(p), T0)
    inc = agent_reports(advance(incident(), d), "Succeeded", T0 + timedelta(seconds=1), healthy=True)
    d = step(inc, ctx(p), T0 + timedelta(seconds=1))
    assert d.status.phase == "Verifying" and "verify.healthyFor=10s after verify.after=5s" in d.status.message
    inc = advance(inc, d)
    for at in (2, 6, 9, 11.5, 16):  # verify.after running, healthyFor running, the next report due (not late yet)
        inc = still_healthy(inc, T0 + timedelta(seconds=min(at, 10.9)))
        d = step(inc, ctx(p), T0 + timedelta(seconds=at))
        assert (d.status.phase, d.patch) == ("Verifying", {}), at
    assert d.requeue_after == pytest.approx(1.0)  # looked at again when the report becomes overdue (11 + 6)
    d = step(inc, ctx(p), T0 + timedelta(seconds=17.5))
    assert "waiting for a health report" in d.patch["message"]  # the agent is late: news, written once
    late = advance(inc, d)
    assert step(late, ctx(p), T0 + timedelta(seconds=22.5)).patch == {}
    # the report arrives: the message is the plain Verifying one again, then Resolved
    d = step(still_healthy(late, T0 + timedelta(seconds=18)), ctx(p), T0 + timedelta(seconds=18))
    assert d.status.phase == "Resolved"


def resolved(p: HealingPolicy) -> Incident:
    d = step(incident(), ctx(p), T0)
    inc = agent_reports(advance(incident(), d), "Succeeded", T0 + timedelta(seconds=1), healthy=True)
    inc = advance(inc, step(inc, ctx(p), T0 + timedelta(seconds=2)))
    inc = still_healthy(inc, T0 + timedelta(seconds=19))
    d = step(inc, ctx(p), T0 + timedelta(seconds=20))
    assert d.status.phase == "Resolved"
    return advance(inc, d)


def with_occurrence(inc: Incident, n: int, at: datetime) -> Incident:
    s = inc.status.model_copy(deep=True)
    assert s.detection is not None
    s.detection.occurrences = n
    s.detection.last_seen = at
    return inc.model_copy(update={"status": s})


def test_new_occurrence_reopens_with_exponential_backoff_visible_in_status() -> None:
    p = policy()
    inc = resolved(p)
    inc = with_occurrence(inc, 2, T0 + timedelta(seconds=30))
    d = step(inc, ctx(p), T0 + timedelta(seconds=30))
    assert (d.status.phase, d.status.reason) == ("Suppressed", "Cooldown")
    assert d.status.backoff_seconds == [10.0]
    assert d.status.handled_occurrences == 2
    d = step(advance(inc, d), ctx(p), T0 + timedelta(seconds=41))
    assert d.request is not None and d.request.id == "abcdef12-2"


def test_an_occurrence_from_before_the_action_reported_late_does_not_reopen() -> None:
    """A pod's second crash is read from its log after the rollout began: it happened before the action, which
    fixed it; the verified incident stays Verified (it once became a reopened, self-recovered one)."""
    p = policy()
    inc = resolved(p)
    assert inc.status.reason == "Verified" and inc.status.handled_occurrences == 1
    late = with_occurrence(inc, 2, T0 - timedelta(seconds=1))
    d = step(late, ctx(p), T0 + timedelta(seconds=21))
    assert (d.status.phase, d.status.reason) == ("Resolved", "Verified")
    assert d.status.handled_occurrences == 2 and d.status.backoff_seconds == [] and d.request is None
    assert not d.notes  # no self-recovery figure, nothing learned twice
    # seen after the target's healthy spell began: a new failure, reopened
    d = step(with_occurrence(inc, 2, T0 + timedelta(seconds=25)), ctx(p), T0 + timedelta(seconds=25))
    assert d.status.reason == "Cooldown" and d.status.handled_occurrences == 2


def test_reopen_after_a_long_healthy_time_resets_the_backoff() -> None:
    p = policy()
    inc = resolved(p)
    inc.status.backoff_seconds = [10.0, 20.0]
    inc = with_occurrence(inc, 2, T0 + timedelta(hours=1))
    d = step(inc, ctx(p), T0 + timedelta(hours=1))
    assert d.status.backoff_seconds == [] and d.request is not None


def test_resolved_incident_is_deleted_after_retention() -> None:
    inc = resolved(policy())
    assert not step(inc, ctx(policy(), retention_seconds=60), T0 + timedelta(seconds=30)).delete
    assert step(inc, ctx(policy(), retention_seconds=60), T0 + timedelta(seconds=90)).delete


def test_step_is_idempotent_no_patch_when_nothing_changes() -> None:
    p = policy(mode="Shadow")
    d = step(incident(), ctx(p), T0)
    d2 = step(advance(incident(), d), ctx(p), T0 + timedelta(seconds=5))
    assert d2.patch == {} and d2.events == []


def test_request_id_is_deterministic() -> None:
    assert request_id(incident(), 3) == "abcdef12-3"


def test_matching_picks_most_specific_then_name_and_says_so() -> None:
    glob = policy("a-glob")
    exact = policy("z-exact", targets=[{"kind": "docker", "match": "web-1"}])
    other_node = policy("b-other", nodeSelector={"matchLabels": {"role": "db"}})
    m = match_policy(incident().spec, [glob, exact, other_node], {})
    assert m.policy is exact and m.reason == "AmbiguousPolicy" and "a-glob" in m.message
    assert match_policy(incident(target="db-1").spec, [glob, exact], {}).reason == "NoPolicy"
    labelled = match_policy(incident().spec, [other_node], {"n1": {"role": "db"}})
    assert labelled.policy is other_node
