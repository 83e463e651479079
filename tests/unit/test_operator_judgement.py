"""Judgement in the pure state machine: true outcomes (self-recovery is not a success of an action), Shadow mode
scoring itself, durable outcome notes, pauses, dependencies, silent agents, and targets or nodes that are gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from controller.api.healingpolicy import HealingPolicySpec
from controller.api.incident import Execution, Health, Incident
from controller.operator.incident_lifecycle import step
from controller.operator.pauses import NodeInfo, Pause, pause_for
from tests.unit.test_operator_lifecycle import T0, advance, agent_reports, ctx, incident, policy


def with_health(inc: Incident, healthy: bool, at: datetime, since: datetime | None = None, gone: bool = False,
                message: str = "") -> Incident:
    s = inc.status.model_copy(deep=True)
    s.health = Health(healthy=healthy, checked_at=at, since=since or at, gone=gone, message=message)
    return inc.model_copy(update={"status": s})


# --- outcomes that are true -----------------------------------------------------------------------------------


def test_an_action_the_agent_skipped_is_self_recovery_not_success() -> None:
    p = policy()
    d = step(incident(), ctx(p), T0)
    inc = advance(incident(), d)
    s = inc.status.model_copy(deep=True)
    assert s.request is not None
    s.executions = [Execution(id=s.request.id, action=s.request.action, started_at=T0 + timedelta(seconds=3),
                              finished_at=T0 + timedelta(seconds=3), result="Skipped", reason="AlreadyHealthy",
                              message="already healthy, nothing done")]
    d = step(inc.model_copy(update={"status": s}), ctx(p), T0 + timedelta(seconds=4))
    assert (d.status.phase, d.status.reason) == ("Resolved", "RecoveredWithoutAction")
    assert d.outcome is None  # nothing is learned about restart
    assert d.status.attempts[-1].result == "Skipped"
    (note,) = d.notes
    assert (note.kind, note.action, note.success, note.shadow) == ("SelfRecovery", None, None, False)
    assert note.key == "abcdef12-3456/recovered-1" and note.target == "n1/web-1"


def test_a_verified_action_leaves_a_durable_note_with_a_stable_key() -> None:
    p = policy()
    d = step(incident(), ctx(p), T0)
    inc = agent_reports(advance(incident(), d), "Succeeded", T0 + timedelta(seconds=1), healthy=True)
    inc = advance(inc, step(inc, ctx(p), T0 + timedelta(seconds=2)))
    inc = with_health(inc, True, T0 + timedelta(seconds=12), since=T0 + timedelta(seconds=1))
    d = step(inc, ctx(p), T0 + timedelta(seconds=12))
    assert d.status.phase == "Resolved" and d.outcome is not None
    (note,) = [n for n in d.status.outcomes if n.kind == "Action"]
    assert (note.key, note.action, note.success, note.applied) == ("abcdef12-3456/abcdef12-1", "restart", True, False)
    # deciding again (an operator restart) does not add it twice
    again = step(advance(inc, d), ctx(p), T0 + timedelta(seconds=13))
    assert len([n for n in again.status.outcomes if n.kind == "Action"]) == 1


def test_a_target_back_after_a_failed_attempt_recovered_alone() -> None:
    p = policy()
    d = step(incident(), ctx(p), T0)
    inc = agent_reports(advance(incident(), d), "Failed", T0 + timedelta(seconds=1))
    inc = advance(inc, step(inc, ctx(p), T0 + timedelta(seconds=2)))
    assert inc.status.reason == "Cooldown"
    inc = with_health(inc, True, T0 + timedelta(seconds=5), since=T0 + timedelta(seconds=4))
    d = step(inc, ctx(p), T0 + timedelta(seconds=5))
    assert (d.status.phase, d.status.reason) == ("Resolved", "RecoveredWithoutAction")
    assert [n.kind for n in d.notes] == ["SelfRecovery"]


# --- Shadow mode scores itself ----------------------------------------------------------------------------------


def test_shadow_mode_records_what_it_would_do_and_whether_the_target_recovered_alone() -> None:
    p = policy(mode="Shadow")
    d = step(incident(), ctx(p), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "ShadowMode")
    assert d.status.shadow is not None and d.status.shadow.action == "restart"
    assert [(n.kind, n.action) for n in d.notes] == [("Shadow", "restart")]
    inc = advance(incident(), d)
    assert step(inc, ctx(p), T0 + timedelta(seconds=5)).notes == []  # once per failure, not per decision
    inc = with_health(inc, True, T0 + timedelta(seconds=20), since=T0 + timedelta(seconds=15))
    d = step(inc, ctx(p), T0 + timedelta(seconds=20))
    assert d.status.reason == "RecoveredWithoutAction"
    (note,) = d.notes
    assert note.kind == "SelfRecovery" and note.shadow and note.seconds == 15.0


def test_a_shadow_recovery_after_the_verify_window_does_not_count_as_recovered_alone() -> None:
    p = policy(mode="Shadow")  # verify.timeout 1m
    inc = advance(incident(), step(incident(), ctx(p), T0))
    inc = with_health(inc, True, T0 + timedelta(minutes=5), since=T0 + timedelta(minutes=4))
    (note,) = step(inc, ctx(p), T0 + timedelta(minutes=5)).notes
    assert note.kind == "SelfRecovery" and not note.shadow


# --- gone targets and nodes -----------------------------------------------------------------------------------


def test_a_gone_target_is_closed_and_never_acted_on() -> None:
    p = policy()
    inc = with_health(incident(), False, T0 + timedelta(seconds=1), gone=True, message="container web-1 does not "
                      "exist any more")
    d = step(inc, ctx(p), T0 + timedelta(seconds=2))
    assert (d.status.phase, d.status.reason) == ("Resolved", "TargetGone")
    assert d.request is None and d.outcome is None and d.notes == []


def test_a_request_refused_as_target_gone_closes_the_incident() -> None:
    p = policy()
    inc = advance(incident(), step(incident(), ctx(p), T0))
    s = inc.status.model_copy(deep=True)
    assert s.request is not None
    s.executions = [Execution(id=s.request.id, action="restart", result="Refused", reason="TargetGone",
                              message="container web-1 does not exist any more: nothing left to heal")]
    d = step(inc.model_copy(update={"status": s}), ctx(p), T0 + timedelta(seconds=2))
    assert (d.status.phase, d.status.reason) == ("Resolved", "TargetGone") and d.outcome is None


def test_a_deleted_node_closes_its_incidents() -> None:
    d = step(incident(), ctx(policy(), node_gone=True), T0)
    assert (d.status.phase, d.status.reason) == ("Resolved", "NodeGone") and d.request is None


# --- silent agents -------------------------------------------------------------------------------------------


def test_a_silent_agent_holds_decisions_and_verifications() -> None:
    p = policy()
    silent = "agent of node n1 silent: last heartbeat 5m ago"
    d = step(incident(), ctx(p, agent_silent=silent), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "AgentSilent") and d.request is None
    # in verification: the window passes, a stale healthy report is all there is; it neither passes nor times out
    d = step(incident(), ctx(p), T0)
    inc = agent_reports(advance(incident(), d), "Succeeded", T0 + timedelta(seconds=1), healthy=True)
    inc = advance(inc, step(inc, ctx(p), T0 + timedelta(seconds=2)))
    held = step(inc, ctx(p, agent_silent=silent), T0 + timedelta(minutes=10))
    assert (held.status.phase, held.status.reason) == ("Verifying", "AgentSilent")
    assert held.outcome is None and held.status.attempts[-1].result == "Pending"


def test_evidence_from_before_the_agent_restarted_waits_for_its_confirmation() -> None:
    p = policy()
    restarted = T0 + timedelta(minutes=1)
    d = step(incident(), ctx(p, agent_started_at=restarted), T0 + timedelta(minutes=2))
    assert (d.status.phase, d.status.reason) == ("Suppressed", "AwaitingConfirmation") and d.request is None
    confirmed = with_health(advance(incident(), d), False, T0 + timedelta(minutes=2, seconds=5))
    d = step(confirmed, ctx(p, agent_started_at=restarted), T0 + timedelta(minutes=2, seconds=6))
    assert d.request is not None


# --- pauses and dependencies -----------------------------------------------------------------------------------


def test_a_pause_holds_the_action_and_decides_again_when_it_ends() -> None:
    until = T0 + timedelta(hours=2)
    pause = Pause("NodePaused", "node paused by healing.insa.io/pause-until", until)
    d = step(incident(), ctx(policy(), pause=pause), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "NodePaused") and d.request is None
    assert d.requeue_after == pytest.approx(7200)
    d = step(advance(incident(), d), ctx(policy()), until)
    assert d.request is not None  # nothing lost: decided when the pause ended


def test_a_failing_dependency_holds_its_dependents() -> None:
    d = step(incident(), ctx(policy(), waiting_for="db.service on n1 is being healed first"), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "WaitingForDependency")
    assert "db.service" in d.status.message and d.request is None


def _spec(**fields: object) -> HealingPolicySpec:
    return HealingPolicySpec.model_validate({"targets": [{"kind": "docker", "match": "*"}], **fields})


def test_pause_rules() -> None:
    monday_3am = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # a Monday
    assert pause_for(_spec(suspend=True), None, monday_3am).reason == "Suspended"  # type: ignore[union-attr]
    deny = _spec(maintenanceWindows=[{"mode": "Deny", "start": "22:00", "end": "04:00"}])  # overnight
    found = pause_for(deny, None, monday_3am)
    assert found is not None and found.reason == "MaintenanceWindow"
    assert found.until == datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
    assert pause_for(deny, None, monday_3am.replace(hour=5)) is None
    allow = _spec(maintenanceWindows=[{"mode": "Allow", "days": ["Tue"], "start": "09:00", "end": "17:00",
                                       "timeZone": "Europe/Berlin"}])
    outside = pause_for(allow, None, monday_3am)
    assert outside is not None and outside.until == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert pause_for(allow, None, datetime(2026, 12, 1, 10, 0, tzinfo=UTC)) is None
    node = NodeInfo(annotations={"healing.insa.io/pause-until": "2026-11-30T06:00:00Z"})
    paused = pause_for(_spec(), node, monday_3am)
    assert paused is not None and paused.reason == "NodePaused" and paused.until == monday_3am.replace(hour=6)
    assert pause_for(_spec(), node, monday_3am.replace(hour=7)) is None
    broken = pause_for(_spec(), NodeInfo(annotations={"healing.insa.io/pause-until": "tomorrow"}), monday_3am)
    assert broken is not None and "not an RFC 3339 time" in broken.message and broken.until is None
    cordoned = NodeInfo(unschedulable=True)
    assert pause_for(_spec(), cordoned, monday_3am) is not None
    assert pause_for(_spec(healCordonedNodes=True), cordoned, monday_3am) is None
