"""Is a fix verified? After the agent reports the action done: wait verify.after, then require the target healthy
continuously for verify.healthyFor (from the agent's status.health), within verify.timeout. Pure.

Only fresh evidence counts: the target must be observed healthy at the start of the window (the agent's `since`,
which it resets whenever its checks were further apart than its bound, so `since` never spans a gap) *and* at its
end (a report checked at or after the window's end). One healthy report followed by silence is not evidence: the
verification waits, and times out, but never passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from controller.api.healingpolicy import VerifySpec
from controller.api.incident import Execution, IncidentStatus

VerifyState = Literal["Waiting", "Verified", "Failed"]


@dataclass(frozen=True)
class VerifyResult:
    state: VerifyState
    reason: str
    message: str
    retry_after: float | None = None  # Waiting: when to look again (agent health updates also wake us)
    result: Literal["VerificationFailed", "TimedOut"] | None = None  # Failed: the attempt's result


def execution_for(status: IncidentStatus, request_id: str) -> Execution | None:
    return next((e for e in reversed(status.executions) if e.id == request_id), None)


def _seconds(text: str) -> timedelta:
    from controller.api.common import as_timedelta

    return as_timedelta(text)


def check(status: IncidentStatus, verify: VerifySpec, done_at: datetime, now: datetime) -> VerifyResult:
    """Verification of the action the agent finished at `done_at`."""
    after, healthy_for, timeout = _seconds(verify.after), _seconds(verify.healthy_for), _seconds(verify.timeout)
    grace_end = done_at + after
    deadline = done_at + timeout
    detection = status.detection
    if (
        detection
        and detection.last_seen
        and detection.last_seen > done_at + timedelta(seconds=1)
        and (detection.occurrences > status.handled_occurrences)
    ):
        return VerifyResult(
            "Failed",
            "FailedAgain",
            f"the target failed again at {detection.last_seen.isoformat()}",
            result="VerificationFailed",
        )
    if now < grace_end:
        return VerifyResult(
            "Waiting",
            "WaitingVerifyAfter",
            f"checking health after verify.after={verify.after}",
            retry_after=(grace_end - now).total_seconds(),
        )
    health = status.health
    fresh = health is not None and health.checked_at >= done_at
    if health is not None and fresh and not health.healthy and health.checked_at >= grace_end:
        return VerifyResult(
            "Failed",
            "Unhealthy",
            f"target unhealthy {verify.after} after the action: {health.message}".strip(": "),
            result="VerificationFailed",
        )
    if health is not None and fresh and health.healthy:
        start = max(health.since or health.checked_at, done_at)
        healthy_until = start + healthy_for
        if health.checked_at >= healthy_until:
            return VerifyResult(
                "Verified",
                "Verified",
                f"healthy since {start.isoformat()}, still at {health.checked_at.isoformat()} "
                f"(verify.healthyFor={verify.healthy_for})",
            )
        if now < deadline and healthy_until <= deadline:
            if now < healthy_until:
                return VerifyResult(
                    "Waiting",
                    "WaitingHealthy",
                    f"healthy since {start.isoformat()}, need verify.healthyFor={verify.healthy_for}",
                    retry_after=(healthy_until - now).total_seconds(),
                )
            # the window is over but no report from its end yet: wait for one, a gap is not evidence
            return VerifyResult(
                "Waiting",
                "WaitingHealthReport",
                f"healthy since {start.isoformat()}; waiting for a health report after {healthy_until.isoformat()}",
                retry_after=min(5.0, max(0.2, (deadline - now).total_seconds())),
            )
    if now >= deadline:
        return VerifyResult(
            "Failed", "VerifyTimeout", f"not verified healthy within verify.timeout={verify.timeout}", result="TimedOut"
        )
    return VerifyResult(
        "Waiting",
        "WaitingHealth",
        "waiting for the agent's health report",
        retry_after=min(5.0, (deadline - now).total_seconds()),
    )
