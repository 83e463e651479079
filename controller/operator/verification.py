"""Is a fix verified? After the agent reports the action done: wait verify.after, then require the target healthy
continuously for verify.healthyFor (from the agent's status.health), within verify.timeout. Pure.

Only fresh evidence counts: the target must be observed healthy at the start of the window (the agent's `since`,
which it resets whenever its checks were further apart than its bound, so `since` never spans a gap) *and* at its
end (a report checked at or after the window's end). One healthy report followed by silence is not evidence: the
verification waits, and times out, but never passes.

A wait is news only when the agent is late (`VerifyResult.overdue`): the expected steps of a verification (verify.after
running, healthyFor running, the next report due) are not written to the Incident -- each would be one more status
write per incident, under a storm of them -- the message of `Verifying` already says what it waits for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from controller.api.common import as_timedelta
from controller.api.healingpolicy import VerifySpec
from controller.api.incident import IncidentStatus

VerifyState = Literal["Waiting", "Verified", "Failed"]
# The agent writes status.health every 2 s while an incident is under remediation and treats checks further apart
# than max(3 x interval, 5 s) as a gap (controller/agent/health.py): a report later than this is overdue.
REPORT_OVERDUE_SECONDS = 6.0


@dataclass(frozen=True)
class VerifyResult:
    state: VerifyState
    reason: str
    message: str
    retry_after: float | None = None  # Waiting: when to look again (agent health updates also wake us)
    result: Literal["VerificationFailed", "TimedOut"] | None = None  # Failed: the attempt's result
    overdue: bool = False  # Waiting for a report the agent should have sent by now: worth telling the user


def check(status: IncidentStatus, verify: VerifySpec, done_at: datetime, now: datetime) -> VerifyResult:
    """Verification of the action the agent finished at `done_at`."""
    after, healthy_for = as_timedelta(verify.after), as_timedelta(verify.healthy_for)
    timeout = as_timedelta(verify.timeout)
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
            return _report_due(
                now, healthy_until, deadline, "WaitingHealthReport",
                f"healthy since {start.isoformat()}; waiting for a health report after {healthy_until.isoformat()}",
            )
    if now >= deadline:
        return VerifyResult(
            "Failed", "VerifyTimeout", f"not verified healthy within verify.timeout={verify.timeout}", result="TimedOut"
        )
    return _report_due(now, max(grace_end, done_at), deadline, "WaitingHealth", "waiting for the agent's health report")


def _report_due(now: datetime, due: datetime, deadline: datetime, reason: str, message: str) -> VerifyResult:
    """Waiting for a report due since `due`: looked at again when it becomes overdue (a report arriving first
    decides at once), at most every 5 s after that."""
    late = (now - due).total_seconds()
    overdue = late >= REPORT_OVERDUE_SECONDS
    wait = 5.0 if overdue else REPORT_OVERDUE_SECONDS - late
    return VerifyResult("Waiting", reason, message, retry_after=max(0.2, min(wait, (deadline - now).total_seconds())),
                        overdue=overdue)
