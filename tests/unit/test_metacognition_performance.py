"""Performance monitor: all-time counters, the sliding window and its bounds, per-scope figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from controller.api.healingpolicy import HealingPolicyStatus
from controller.operator.metacognition.performance import MAX_OUTCOMES, performance_by_scope, record_outcome

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def _feed(
    outcomes: list[tuple[bool, float | None]],
    *,
    step: timedelta = timedelta(minutes=1),
    window: str = "1h",
    pattern: str = "port_conflict",
    action: str = "freePort",
) -> HealingPolicyStatus:
    status = HealingPolicyStatus()
    for i, (ok, seconds) in enumerate(outcomes):
        status = record_outcome(status, pattern, action, ok, seconds, T0 + i * step, window)
    return status


def test_counters_rate_and_consecutive_failures() -> None:
    status = _feed([(True, 10.0), (False, None), (False, None), (True, 20.0), (False, None)])
    stats = status.stats
    assert (stats.attempts, stats.successes, stats.failures) == (5, 2, 3)
    assert stats.success_rate == pytest.approx(0.4)
    assert stats.consecutive_failures == 1
    assert stats.mttr_seconds == pytest.approx(15.0)
    assert (stats.window_attempts, stats.window_successes) == (5, 2)
    assert stats.window_success_rate == pytest.approx(0.4)


def test_success_resets_the_failure_run() -> None:
    status = _feed([(False, None)] * 4 + [(True, 3.0)])
    assert status.stats.consecutive_failures == 0
    status = record_outcome(status, "port_conflict", "freePort", False, None, T0 + timedelta(minutes=6))
    assert status.stats.consecutive_failures == 1


def test_window_drops_old_outcomes_but_all_time_counters_stay() -> None:
    # 10 outcomes 10 minutes apart: with a 30m window only those at t >= last - 30m remain.
    status = _feed([(i % 2 == 0, 5.0) for i in range(10)], step=timedelta(minutes=10), window="30m")
    assert status.stats.attempts == 10
    assert len(status.recent_outcomes) == 4  # t = 60, 70, 80, 90 minutes
    assert status.stats.window_attempts == 4
    assert status.stats.window_successes == 2
    assert [r.at for r in status.recent_outcomes] == sorted(r.at for r in status.recent_outcomes)


def test_mttr_keeps_last_known_figure_when_window_has_no_success() -> None:
    status = _feed([(True, 12.0)], window="10m")
    status = record_outcome(status, "port_conflict", "freePort", False, None, T0 + timedelta(hours=1), "10m")
    assert status.stats.window_attempts == 1
    assert status.stats.window_successes == 0
    assert status.stats.mttr_seconds == pytest.approx(12.0)


def test_recent_outcomes_bounded_to_500() -> None:
    status = _feed([(True, 1.0)] * (MAX_OUTCOMES + 20), step=timedelta(seconds=1), window="24h")
    assert len(status.recent_outcomes) == MAX_OUTCOMES
    assert status.recent_outcomes[0].at == T0 + timedelta(seconds=20)  # the oldest went first
    assert status.stats.attempts == MAX_OUTCOMES + 20
    # the status still validates against the model (CRD maxItems)
    HealingPolicyStatus.model_validate(status.dump())


def test_naive_now_is_utc() -> None:
    status = record_outcome(HealingPolicyStatus(), "disk_full", "cleanDisk", True, 2.0, datetime(2026, 1, 1))
    assert status.recent_outcomes[0].at.tzinfo is not None


def test_performance_by_scope_per_pattern_and_action() -> None:
    status = HealingPolicyStatus()
    seq = [
        ("port_conflict", "freePort", True, 4.0),
        ("port_conflict", "restart", False, None),
        ("port_conflict", "freePort", True, 6.0),
        ("disk_full", "cleanDisk", False, None),
        ("disk_full", "cleanDisk", False, None),
    ]
    for i, (pattern, action, ok, seconds) in enumerate(seq):
        status = record_outcome(status, pattern, action, ok, seconds, T0 + timedelta(minutes=i))
    scopes = performance_by_scope(status, T0 + timedelta(minutes=5), "1h")
    assert scopes["policy"].attempts == 5
    assert scopes["policy"].consecutive_failures == 2
    assert scopes["pattern:port_conflict"].success_rate == pytest.approx(2 / 3)
    assert scopes["action:port_conflict/freePort"].success_rate == 1.0
    assert scopes["action:port_conflict/freePort"].mttr_seconds == pytest.approx(5.0)
    assert scopes["action:port_conflict/restart"].failures == 1
    assert scopes["pattern:disk_full"].consecutive_failures == 2
    assert scopes["pattern:disk_full"].success_rate == 0.0
    # Later, the window has moved past everything: no attempts, no rate, but the policy's run stays.
    later = performance_by_scope(status, T0 + timedelta(hours=3), "1h")
    assert later["policy"].attempts == 0
    assert later["policy"].success_rate is None
    assert later["policy"].consecutive_failures == 2


def test_a_record_keeps_the_time_to_resolve_in_milliseconds() -> None:
    """Each of up to 500 records rides on every policy status write: a float's 17 digits are not kept."""
    status = _feed([(True, 3.506224839999959), (False, None)])
    assert [r.seconds for r in status.recent_outcomes] == [3.506, None]
    assert status.stats.mttr_seconds == 3.506
