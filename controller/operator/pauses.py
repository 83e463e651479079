"""When not to act: the ways to say "not now", as one pure function of the policy, the node and the time.

- `spec.suspend: true` on the policy (the Flux convention): nothing is decided automatically;
- `spec.maintenanceWindows`: automatic actions run only inside an Allow window (when there is one) and never inside
  a Deny window;
- the node annotation `healing.insa.io/pause-until: <RFC 3339 time>`: no action on that node until then (an
  annotation that is not a time pauses the node until it is fixed: a pause someone meant must not be ignored);
- a cordoned node (`spec.unschedulable`) is under maintenance unless the policy sets `healCordonedNodes: true`.

Nothing is lost: the incident is Suppressed with the reason, and decided again when the pause ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from controller.api.healingpolicy import HealingPolicySpec, MaintenanceWindow
from controller.constants import PAUSE_ANNOTATION

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RECHECK_SECONDS = 300.0  # a pause without a known end (suspend, a broken annotation) is looked at again this often


@dataclass(frozen=True)
class NodeInfo:
    """What the operator knows of a Node object (none exists under `healing up`)."""

    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    unschedulable: bool = False


@dataclass(frozen=True)
class Pause:
    reason: str  # Suspended | MaintenanceWindow | NodePaused
    message: str
    until: datetime | None = None  # when to decide again (None: look again after RECHECK_SECONDS)

    def retry_after(self, now: datetime) -> float:
        if self.until is None:
            return RECHECK_SECONDS
        return max(1.0, (self.until - now).total_seconds())


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def window_bounds(window: MaintenanceWindow, now: datetime) -> tuple[datetime, datetime] | None:
    """The occurrence of the window that contains `now` (start, end), or None."""
    tz = ZoneInfo(window.time_zone)
    local = now.astimezone(tz)
    start_m, end_m = _minutes(window.start), _minutes(window.end)
    length = (end_m - start_m) % (24 * 60) or 24 * 60  # start == end: the whole day
    days = window.days or list(DAYS)
    for back in (0, 1):  # an overnight window that started yesterday
        day = local.date() - timedelta(days=back)
        if DAYS[day.weekday()] not in days:
            continue
        start = datetime(day.year, day.month, day.day, start_m // 60, start_m % 60, tzinfo=tz)
        end = start + timedelta(minutes=length)
        if start <= local < end:
            return start, end
    return None


def next_window_start(windows: list[MaintenanceWindow], now: datetime) -> datetime | None:
    """The next start of any of these windows within a week (minute resolution is plenty for a requeue)."""
    best: datetime | None = None
    for window in windows:
        tz = ZoneInfo(window.time_zone)
        local = now.astimezone(tz)
        start_m = _minutes(window.start)
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            if DAYS[day.weekday()] not in (window.days or list(DAYS)):
                continue
            start = datetime(day.year, day.month, day.day, start_m // 60, start_m % 60, tzinfo=tz)
            if start > local:
                best = start if best is None or start < best else best
                break
    return best


def _maintenance(spec: HealingPolicySpec, now: datetime) -> Pause | None:
    deny = [w for w in spec.maintenance_windows if w.mode == "Deny"]
    allow = [w for w in spec.maintenance_windows if w.mode == "Allow"]
    for window in deny:
        if (bounds := window_bounds(window, now)) is not None:
            return Pause("MaintenanceWindow", f"inside the Deny window {window.describe()} until "
                         f"{bounds[1].isoformat()}: no automatic action", bounds[1])
    if allow and not any(window_bounds(w, now) for w in allow):
        nxt = next_window_start(allow, now)
        when = nxt.isoformat() if nxt else "never (check spec.maintenanceWindows)"
        return Pause("MaintenanceWindow", f"outside every Allow window ({', '.join(w.describe() for w in allow)}); "
                     f"next one opens {when}", nxt)
    return None


def pause_for(spec: HealingPolicySpec, node: NodeInfo | None, now: datetime) -> Pause | None:
    """Why no action may run now on this node under this policy, or None."""
    if spec.suspend:
        return Pause("Suspended", "the HealingPolicy is suspended (spec.suspend: true): nothing is decided "
                     "automatically until it is resumed")
    if node is not None:
        raw = node.annotations.get(PAUSE_ANNOTATION)
        if raw is not None:
            try:
                until = datetime.fromisoformat(raw.replace("Z", "+00:00"))
                if until.tzinfo is None:
                    raise ValueError("no time zone")
            except ValueError:
                return Pause("NodePaused", f"node annotation {PAUSE_ANNOTATION}={raw!r} is not an RFC 3339 time "
                             "(e.g. 2026-12-24T08:00:00Z): healing stays paused on this node until it is fixed")
            if now < until:
                return Pause("NodePaused", f"node paused by {PAUSE_ANNOTATION} until {until.isoformat()}", until)
        if node.unschedulable and not spec.heal_cordoned_nodes:
            return Pause("NodePaused", "node is cordoned (spec.unschedulable): treated as under maintenance "
                         "(set spec.healCordonedNodes: true to heal anyway)")
    return _maintenance(spec, now)
