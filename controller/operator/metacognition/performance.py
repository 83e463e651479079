"""Performance monitor: success rate, attempts, consecutive failures and time to resolve, per policy and
per (pattern, action), over a sliding window kept in ``HealingPolicy.status.recentOutcomes``.

All-time counters live in ``status.stats``; everything windowed is recomputed from the bounded list of
outcome records, so an operator restart loses nothing and the maths can be checked by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from statistics import fmean

from pydantic import BaseModel

from controller.api.common import aware, parse_duration
from controller.api.healingpolicy import HealingPolicyStatus, OutcomeRecord
from controller.operator.metacognition.scopes import (
    POLICY_SCOPE,
    action_scope,
    pattern_scope,
    target_scope,
)

MAX_OUTCOMES = 500  # the CRD's maxItems for status.recentOutcomes
# OutcomeRecord.target ("<node>/<target>") is needed for per-target circuits; read it only if the model has it.


class ScopeStats(BaseModel):
    """Figures for one scope over the window (``consecutive_failures`` counts the trailing run)."""

    scope: str
    attempts: int = 0
    successes: int = 0
    failures: int = 0
    success_rate: float | None = None
    consecutive_failures: int = 0
    mttr_seconds: float | None = None
    last_at: datetime | None = None

    def figures(self) -> str:
        """Human-readable figures for condition and circuit messages."""
        rate = "n/a" if self.success_rate is None else f"{self.success_rate:.0%}"
        return (
            f"{self.successes}/{self.attempts} attempts succeeded ({rate}), "
            f"{self.consecutive_failures} consecutive failure(s)"
        )


def record_target(record: OutcomeRecord) -> str | None:
    return record.target


def in_window(records: Iterable[OutcomeRecord], now: datetime, window: str | float) -> list[OutcomeRecord]:
    """Records no older than the window, oldest first."""
    seconds = parse_duration(window) if isinstance(window, str) else float(window)
    since = aware(now) - timedelta(seconds=seconds)
    return sorted((r for r in records if aware(r.at) >= since), key=lambda r: aware(r.at))


def summarize(scope: str, records: list[OutcomeRecord]) -> ScopeStats:
    """Figures of ``records`` (oldest first) for one scope."""
    successes = sum(1 for r in records if r.success)
    trailing = 0
    for record in reversed(records):
        if record.success:
            break
        trailing += 1
    durations = [r.seconds for r in records if r.success and r.seconds is not None]
    return ScopeStats(
        scope=scope,
        attempts=len(records),
        successes=successes,
        failures=len(records) - successes,
        success_rate=successes / len(records) if records else None,
        consecutive_failures=trailing,
        mttr_seconds=round(fmean(durations), 3) if durations else None,
        last_at=records[-1].at if records else None,
    )


def scopes_of(record: OutcomeRecord) -> list[str]:
    """The scopes one outcome counts in: the policy, its pattern, its (pattern, action), its target."""
    keys = [POLICY_SCOPE, pattern_scope(record.pattern), action_scope(record.pattern, record.action)]
    target = record_target(record)
    if target:
        node, _, name = target.partition("/")
        keys.append(target_scope(node, name))
    return keys


def group_by_scope(records: Iterable[OutcomeRecord]) -> dict[str, list[OutcomeRecord]]:
    groups: dict[str, list[OutcomeRecord]] = defaultdict(list)
    for record in records:
        for key in scopes_of(record):
            groups[key].append(record)
    return dict(groups)


def record_outcome(
    status: HealingPolicyStatus,
    pattern: str,
    action: str,
    success: bool,
    seconds: float | None,
    now: datetime,
    window: str = "1h",
    *,
    target: str | None = None,
) -> HealingPolicyStatus:
    """The new status after one verified outcome. ``window`` should be ``spec.stuck.window`` (the stuck
    detector reads the same records); ``target`` is ``"<node>/<target>"`` for per-target circuits.

    ``recentOutcomes`` keeps what is inside the window, at most 500 records (oldest dropped first).
    ``mttrSeconds`` is the mean time to resolve of the successful outcomes in the window; when the window
    holds none, the previous figure stays (it is the last known one, and the report says so by its age).
    """
    now = aware(now)
    fields: dict[str, object] = {
        "at": now,
        "pattern": pattern,
        "action": action,
        "success": success,
        # milliseconds are all a time to resolve needs; a float's 17 digits cost every policy write 13 bytes a record
        "seconds": None if seconds is None else round(seconds, 3),
    }
    fields["target"] = target
    records = in_window([*status.recent_outcomes, OutcomeRecord(**fields)], now, window)[-MAX_OUTCOMES:]
    windowed = summarize(POLICY_SCOPE, records)

    old = status.stats
    attempts = old.attempts + 1
    successes = old.successes + (1 if success else 0)
    stats = old.model_copy(
        update={
            "attempts": attempts,
            "successes": successes,
            "failures": attempts - successes,
            "success_rate": round(successes / attempts, 4),
            "consecutive_failures": 0 if success else old.consecutive_failures + 1,
            "mttr_seconds": windowed.mttr_seconds if windowed.mttr_seconds is not None else old.mttr_seconds,
            "window_attempts": windowed.attempts,
            "window_successes": windowed.successes,
            "window_success_rate": None if windowed.success_rate is None else round(windowed.success_rate, 4),
        }
    )
    return status.model_copy(update={"stats": stats, "recent_outcomes": records})


def performance_by_scope(status: HealingPolicyStatus, now: datetime, window: str | float) -> dict[str, ScopeStats]:
    """Figures per scope over the window: ``policy``, ``pattern:<id>``, ``action:<pattern>/<action>`` and,
    when outcomes carry targets, ``target:<node>/<target>``. The policy's consecutive failures come from
    the all-time counter (the window may have cut the start of the run)."""
    groups = group_by_scope(in_window(status.recent_outcomes, now, window))
    out = {scope: summarize(scope, records) for scope, records in groups.items()}
    policy = out.get(POLICY_SCOPE, ScopeStats(scope=POLICY_SCOPE))
    if status.stats.consecutive_failures > policy.consecutive_failures:
        policy = policy.model_copy(update={"consecutive_failures": status.stats.consecutive_failures})
    out[POLICY_SCOPE] = policy
    return out
