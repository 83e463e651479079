"""When the agent writes status.health of an incident under remediation: only what the operator's verification acts
on (the first check, a change, the first check at or after the end of verify.after and of the healthyFor window),
while the target is still checked every interval so that `since` never spans a gap."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

from controller.agent.health import HealthReporter, HealthResult
from controller.api.healingpolicy import VerifySpec
from controller.api.incident import (
    Health,
    Incident,
    IncidentSpec,
    IncidentStatus,
    verification_moments,
    verification_report_due,
)
from controller.operator import verification

T0 = datetime(2026, 12, 2, 12, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def verifying_status(done_at: datetime | None) -> IncidentStatus:
    execution: dict[str, Any] = {"id": "inc-1", "action": "restart", "result": "Succeeded",
                                 "startedAt": at(0).isoformat()}
    if done_at is not None:
        execution["finishedAt"] = done_at.isoformat()
    return IncidentStatus.model_validate({
        "phase": "Verifying", "policy": "web",
        "request": {"id": "inc-1", "action": "restart", "requestedAt": at(0).isoformat(),
                    "reason": "process_crash"},
        "executions": [execution],
    })


def test_moments_are_the_end_of_verify_after_and_of_the_healthy_window() -> None:
    verify = VerifySpec(after="3s", healthy_for="10s")
    assert verification_moments(verifying_status(None), verify, since=at(0)) == []  # action not finished yet
    assert verification_moments(verifying_status(at(2)), verify, since=at(0)) == [at(5), at(12)]
    # healthy only since after the action: the window starts there, as the operator computes it
    assert verification_moments(verifying_status(at(2)), verify, since=at(4)) == [at(5), at(14)]


def test_a_check_is_written_when_first_changed_or_a_moment_passed() -> None:
    moments = [at(5), at(12)]
    assert verification_report_due(None, True, False, at(3), moments)  # the first check
    assert not verification_report_due((True, False, at(3)), True, False, at(4), moments)  # unchanged, nothing due
    assert verification_report_due((True, False, at(3)), False, False, at(4), moments)  # a change
    assert verification_report_due((True, False, at(3)), True, True, at(4), moments)  # gone
    assert verification_report_due((True, False, at(4)), True, False, at(5), moments)  # verify.after ended
    assert not verification_report_due((True, False, at(5)), True, False, at(11), moments)
    assert verification_report_due((True, False, at(11)), True, False, at(12.5), moments)  # the window ended
    assert not verification_report_due((True, False, at(12.5)), True, False, at(30), moments)
    assert verification_report_due((True, False, at(3)), True, False, at(4), None)  # unknown verify spec


def test_the_operator_verifies_on_the_reports_the_rule_writes() -> None:
    """The rule and the operator's verification agree: with checks every 2 s, the written reports alone verify the
    fix, and the first report after the window's end does it."""
    verify = VerifySpec(after="3s", healthy_for="10s")
    status = verifying_status(done_at=at(1))
    written: tuple[bool, bool, datetime] | None = None
    writes = 0
    since = at(0.5)
    for tick in range(40):
        now = at(0.5 + 2 * tick)
        if verification_report_due(written, True, False, now, verification_moments(status, verify, since)):
            written, writes = (True, False, now), writes + 1
            status.health = Health(healthy=True, checked_at=now, since=since)
        result = verification.check(status, verify, done_at=at(1), now=now)
        if result.state == "Verified":
            break
    assert result.state == "Verified", result
    assert now == at(12.5)  # the first check at or after done (1) + healthyFor (10)
    assert writes == 3  # first, end of verify.after, end of the window -- not one per check (6 checks)


class RecordingKube:
    def __init__(self) -> None:
        self.health: list[dict[str, Any]] = []

    async def patch(self, resource: Any, name: str, body: dict[str, Any], status: bool = False) -> dict[str, Any]:
        self.health.append(body["status"]["health"])
        return body


class HealthyChecker:
    def __init__(self) -> None:
        self.checks = 0

    async def check(self, spec: IncidentSpec) -> HealthResult:
        self.checks += 1
        return HealthResult(True, "unit app.service is active/running")


def verifying_incident(done_at: datetime) -> Incident:
    return Incident.model_validate({
        "metadata": {"name": "inc"},
        "spec": {"node": "n1", "target": {"kind": "systemd", "name": "app.service"}, "serviceType": "systemd",
                 "failure": "process_crash"},
        "status": verifying_status(done_at).model_dump(by_alias=True, mode="json", exclude_none=True),
    })


async def run_reporter(reporter: HealthReporter, until: Any, deadline: float = 10.0) -> None:
    task = asyncio.create_task(reporter.run())
    try:
        async with asyncio.timeout(deadline):
            while not until():
                await asyncio.sleep(0.01)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def test_the_reporter_checks_every_interval_but_writes_only_what_verification_needs() -> None:
    kube, checker = RecordingKube(), HealthyChecker()
    reporter = HealthReporter(kube, checker, interval=0.05, sweep=3600.0,  # type: ignore[arg-type]
                              verify_of=lambda policy: VerifySpec(after="0s", healthy_for="1s") if policy == "web"
                              else None)
    incident = verifying_incident(done_at=datetime.now(UTC))
    reporter.observe(incident)
    asyncio.run(run_reporter(reporter, lambda: len(kube.health) >= 2))
    first, second = (Health.model_validate(h) for h in kube.health[:2])
    assert second.since == first.since  # one unbroken healthy spell, checked all along
    assert second.checked_at >= first.since + timedelta(seconds=1)  # the report from the window's end
    assert checker.checks >= 10  # checked every 0.05 s in between, written twice
    assert len(kube.health) == 2


def test_without_the_policy_every_check_is_written() -> None:
    """The verify spec is unknown (the policy was deleted): every check is written, the only safe answer."""
    kube, checker = RecordingKube(), HealthyChecker()
    reporter = HealthReporter(kube, checker, interval=0.02, sweep=3600.0,  # type: ignore[arg-type]
                              verify_of=lambda policy: None)
    reporter.observe(verifying_incident(done_at=datetime.now(UTC)))
    asyncio.run(run_reporter(reporter, lambda: checker.checks >= 5))
    assert len(kube.health) >= 4  # a write per check (the last check may still be writing)


def test_the_health_after_an_action_goes_with_its_execution_in_one_write() -> None:
    """The actuator records the execution and the target's health checked after the action in one status write;
    the reporter counts it as written, so its next check of the unchanged target writes nothing."""
    from typing import cast

    from controller.agent.actuator import Actuator
    from controller.api.incident import Execution

    kube, checker = RecordingExecutionKube(), HealthyChecker()
    reporter = HealthReporter(kube, checker, interval=0.05, sweep=3600.0,  # type: ignore[arg-type]
                              verify_of=lambda policy: VerifySpec(after="0s", healthy_for="1h"))
    none = cast(Any, None)
    act = Actuator(cast(Any, kube), "n1", none, none, none, reporter, systemd=None, docker_client=lambda: None,
                   journal_dir=None, unit_ns_pid=lambda: None, observe=none, host_paths=none)
    incident = verifying_incident(done_at=datetime.now(UTC))

    async def scenario() -> None:
        health = await reporter.with_execution(incident)
        assert health is not None and health.healthy
        execution = Execution(id="inc-1", action="restart", result="Succeeded", finished_at=health.checked_at)
        await act._record("inc", execution, health)
        reporter.observe(incident)
        await run_reporter(reporter, lambda: checker.checks >= 5)

    asyncio.run(scenario())
    [patch] = kube.status_patches  # one write: the execution and the health, nothing after it
    assert [e["id"] for e in patch["executions"]] == ["inc-1"] and patch["health"]["healthy"] is True


class RecordingExecutionKube:
    def __init__(self) -> None:
        self.status_patches: list[dict[str, Any]] = []

    async def patch(self, resource: Any, name: str, body: dict[str, Any], status: bool = False) -> dict[str, Any]:
        self.status_patches.append(body["status"])
        return body


def test_a_container_the_engine_is_restarting_says_so() -> None:
    """`restart: always`: while the engine restarts it, the container is not healthy, and the actuator waits for the
    engine's result (up to ENGINE_RESTART_WAIT) before acting on it -- never a second restart on top of the engine's."""
    from types import SimpleNamespace

    from controller.agent import actuator
    from controller.agent.health import HealthChecker
    from controller.api.incident import IncidentSpec

    states = iter([{"Status": "restarting"}, {"Status": "running"}])
    client = SimpleNamespace(api=SimpleNamespace(inspect_container=lambda name: {"State": next(states)}))
    checker = HealthChecker(None, lambda: client, lambda target: None, lambda: [])  # type: ignore[arg-type,return-value]
    spec = IncidentSpec.model_validate({"node": "n1", "target": {"kind": "docker", "name": "web"},
                                        "serviceType": "docker", "failure": "container_exit"})
    first, second = asyncio.run(checker.check(spec)), asyncio.run(checker.check(spec))
    assert first.restarting and not first.healthy and "restarting" in first.message
    assert second.healthy and not second.restarting
    assert 5 <= actuator.ENGINE_RESTART_WAIT <= 30


def test_since_carries_on_through_checks_and_starts_over_on_a_change_a_gap_or_forget() -> None:
    """status.health.since as the agent and the operator's pod healer both keep it (HealthSince)."""
    from datetime import UTC, datetime, timedelta

    from controller.api.incident import HealthSince

    t0 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    track = HealthSince(interval=2.0)  # max_gap = max(3 * 2, 5) = 6 s
    assert track.max_gap == 6.0
    assert track.observe("a", True, t0) == t0
    assert track.observe("a", True, t0 + timedelta(seconds=2)) == t0  # still healthy: since carries on
    assert track.observe("b", True, t0 + timedelta(seconds=2)) == t0 + timedelta(seconds=2)  # per incident
    assert track.observe("a", False, t0 + timedelta(seconds=4)) == t0 + timedelta(seconds=4)  # a change
    gap = t0 + timedelta(seconds=4 + 6.5)
    assert track.observe("a", False, gap) == gap  # nobody watched for longer than max_gap: starts over
    track.forget("a")
    later = gap + timedelta(seconds=1)
    assert track.observe("a", False, later) == later
