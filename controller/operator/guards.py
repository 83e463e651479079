"""Guards against remediation storms: cooldown with exponential backoff, hourly rate, concurrency, blast radius.

All pure: the inputs are counted by the caller (from the API server's objects), the verdict says whether an action
may be requested now and, if not, why and when to look again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from controller.api.common import parse_duration
from controller.api.healingpolicy import BackoffSpec, LimitsSpec

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""
    message: str = ""
    retry_after: float | None = None  # seconds until a retry may succeed (None: when something else changes)


ALLOW = Verdict(ok=True)


def next_cooldown(backoff: BackoffSpec, applied: list[float]) -> float:
    """The cooldown before the next attempt: initial * factor^n, capped at max (n = cooldowns applied so far)."""
    initial = parse_duration(backoff.initial)
    cap = parse_duration(backoff.max)
    return float(min(cap, initial * backoff.factor ** len(applied)))


def backoff_should_reset(backoff: BackoffSpec, healthy_since: datetime | None, now: datetime) -> bool:
    """A target healthy for resetAfter starts from the initial cooldown again (like CrashLoopBackOff)."""
    return healthy_since is not None and now - healthy_since >= timedelta(seconds=parse_duration(backoff.reset_after))


def cooldown(next_attempt_at: datetime | None, now: datetime) -> Verdict:
    if next_attempt_at is not None and next_attempt_at > now:
        wait = (next_attempt_at - now).total_seconds()
        return Verdict(False, "Cooldown", f"backing off until {next_attempt_at.isoformat()}", retry_after=wait)
    return ALLOW


def recent_actions(actions_last_hour: list[datetime], now: datetime) -> list[datetime]:
    return sorted(t for t in actions_last_hour if now - t < HOUR)


def rate_limit(limits: LimitsSpec, actions_last_hour: list[datetime], now: datetime) -> Verdict:
    recent = [t for t in actions_last_hour if now - t < HOUR]  # no sort: this runs on every decision
    if len(recent) >= limits.max_actions_per_hour:
        retry = (min(recent) + HOUR - now).total_seconds()
        return Verdict(
            False,
            "RateLimited",
            f"{len(recent)} actions in the last hour reach limits.maxActionsPerHour={limits.max_actions_per_hour}",
            retry_after=max(retry, 1.0),
        )
    return ALLOW


def concurrency(limits: LimitsSpec, in_flight: int) -> Verdict:
    if in_flight >= limits.max_concurrent:
        return Verdict(
            False,
            "MaxConcurrent",
            f"{in_flight} actions in flight reach limits.maxConcurrent={limits.max_concurrent}",
            retry_after=30.0,  # a safety net: the runtime wakes a waiting incident when a slot frees up
        )
    return ALLOW


def blast_radius(limits: LimitsSpec, unhealthy_nodes: int, matched_nodes: int) -> Verdict:
    """Stop acting when more than maxUnhealthyPercent of the matched nodes have active incidents at once.

    Something bigger than one service is wrong then (network, storage, a bad rollout); restarting everything makes
    it worse. With fewer than 3 matched nodes a single failure would trip it, so small fleets are exempt.
    """
    if matched_nodes < 3:
        return ALLOW
    percent = 100.0 * unhealthy_nodes / matched_nodes
    if percent > limits.max_unhealthy_percent:
        return Verdict(
            False,
            "BlastRadius",
            f"{unhealthy_nodes} of {matched_nodes} matched nodes ({percent:.0f}%) have active incidents, above "
            f"limits.maxUnhealthyPercent={limits.max_unhealthy_percent}: not acting until fewer nodes are affected",
            retry_after=30.0,
        )
    return ALLOW
