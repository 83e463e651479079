"""``healing report``: one row per policy — mode, success rate, attempts, stuck state, open circuits, top
patterns, learned confidences, targets that recovered by themselves and what Shadow mode would have done — as a
rich table or JSON. Pure rendering of CR objects the CLI has read."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from typing import Any, Literal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import ACTIVE_PHASES, Incident

TOP_N = 3
Format = Literal["table", "json"]


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def policy_summary(policy: HealingPolicy, incidents: list[Incident]) -> dict[str, Any]:
    """The report's figures for one policy (the JSON shape; the table shows the same)."""
    name = policy.metadata.name
    status = policy.status
    stats = status.stats
    mine = [i for i in incidents if i.status.policy == name]
    active = [i for i in mine if i.status.phase in ACTIVE_PHASES or i.status.phase is None]
    patterns: Counter[str] = Counter(r.pattern for r in status.recent_outcomes)
    # incidents count as occurrences when the window has no outcome for their pattern
    for incident in mine:
        detection = incident.status.detection
        key = detection.pattern if detection and detection.pattern else incident.spec.failure
        if patterns[key] == 0:
            patterns[key] = detection.occurrences if detection else 1
    circuits = [c for c in status.circuits if c.state in ("Open", "HalfOpen")]
    learning = sorted(status.learning, key=lambda e: (-e.confidence, -(e.successes + e.failures)))
    return {
        "policy": name,
        "mode": policy.spec.mode,
        "successRate": stats.success_rate,
        "windowSuccessRate": stats.window_success_rate,
        "window": policy.spec.stuck.window,
        "attempts": stats.attempts,
        "successes": stats.successes,
        "failures": stats.failures,
        "consecutiveFailures": stats.consecutive_failures,
        "mttrSeconds": stats.mttr_seconds,
        "activeIncidents": len(active),
        "incidents": len(mine),
        "stuck": bool(circuits),
        "openCircuits": [
            {
                "scope": c.scope,
                "state": c.state,
                "reason": c.reason,
                "retryAt": c.retry_at.isoformat() if c.retry_at else None,
                "escalated": c.escalated,
            }
            for c in circuits
        ],
        "topPatterns": [{"pattern": p, "count": n} for p, n in patterns.most_common(TOP_N) if n > 0],
        "selfRecovered": stats.self_recovered_total,
        "selfRecovery": [
            {"pattern": e.pattern, "target": e.target, "count": e.count, "medianSeconds": e.median_seconds}
            for e in sorted(status.self_recovery, key=lambda e: -e.count)
        ],
        "shadow": None if status.shadow is None else {
            "wouldHaveActed": status.shadow.would_have_acted,
            "recoveredAlone": status.shadow.recovered_alone,
            "medianSecondsToRecovery": status.shadow.median_seconds_to_recovery,
        },
        "learning": [
            {
                "pattern": e.pattern,
                "serviceType": e.service_type,
                "action": e.action,
                "successes": e.successes,
                "failures": e.failures,
                "confidence": round(e.confidence, 3),
            }
            for e in learning
        ],
    }


def _stuck_cell(summary: dict[str, Any]) -> str:
    if not summary["stuck"]:
        return "no"
    states = {c["state"] for c in summary["openCircuits"]}
    reasons = sorted({c["reason"] for c in summary["openCircuits"] if c["reason"]})
    state = "Open" if "Open" in states else "HalfOpen"
    return f"[bold red]Stuck[/] ({state}{escape(': ' + ', '.join(reasons)) if reasons else ''})"


def _table(summaries: list[dict[str, Any]]) -> Table:
    table = Table(title="Healing policies", title_justify="left", show_lines=False)
    for header, justify in (
        ("POLICY", "left"),
        ("MODE", "left"),
        ("SUCCESS", "right"),
        ("ATTEMPTS", "right"),
        ("ACTIVE", "right"),
        ("STUCK", "left"),
        ("OPEN CIRCUITS", "left"),
        ("TOP PATTERNS", "left"),
        ("LEARNED CONFIDENCE", "left"),
        ("RECOVERED ALONE", "left"),
    ):
        table.add_column(header, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for s in summaries:
        window = _rate(s["windowSuccessRate"])
        success = f"{_rate(s['successRate'])} ({s['successes']}/{s['attempts']})"
        if s["windowSuccessRate"] is not None:
            success += f"\n{window} last {s['window']}"
        circuits = "\n".join(f"{c['scope']} [{c['state']}]" for c in s["openCircuits"]) or "—"
        patterns = "\n".join(f"{p['pattern']} ({p['count']})" for p in s["topPatterns"]) or "—"
        learned = (
            "\n".join(
                f"{e['pattern']}/{e['action']} {e['confidence']:.2f} ({e['successes']}✓ {e['failures']}✗)"
                for e in s["learning"][:TOP_N]
            )
            or "—"
        )
        recovered = "\n".join(
            f"{e['pattern']} {e['target']}: {e['count']} times"
            + (f" (median {e['medianSeconds']:.0f}s)" if e["medianSeconds"] is not None else "")
            for e in s["selfRecovery"][:TOP_N]
        ) or "—"
        if s["shadow"] is not None:
            shadow = s["shadow"]
            median = shadow["medianSecondsToRecovery"]
            recovered = (
                f"Shadow: would have acted {shadow['wouldHaveActed']} times, {shadow['recoveredAlone']} recovered alone"
                + (f" (median {median:.0f}s)" if median is not None else "")
                + ("\n" + recovered if recovered != "—" else "")
            )
        # Names come from users (policy, pattern ids, scopes): never let them be read as rich markup.
        table.add_row(
            escape(s["policy"]),
            s["mode"],
            success,
            str(s["attempts"]),
            str(s["activeIncidents"]),
            _stuck_cell(s),
            escape(circuits),
            escape(patterns),
            escape(learned),
            escape(recovered),
        )
    return table


def render_report(
    policies: list[HealingPolicy], incidents: list[Incident], fmt: Format | str = "table", width: int | None = None
) -> str:
    """The report as text: ``fmt="table"`` (rich, no colour codes) or ``fmt="json"`` (a list, one object
    per policy, sorted by name)."""
    summaries = [policy_summary(p, incidents) for p in sorted(policies, key=lambda p: p.metadata.name)]
    if fmt == "json":
        return json.dumps(summaries, indent=2, default=str)
    if fmt != "table":
        raise ValueError(f"unknown report format {fmt!r}: use table or json")
    if not summaries:
        return "No HealingPolicy found.\n"
    if width is None:  # the terminal's width, but never so narrow that every cell wraps
        width = max(120, shutil.get_terminal_size((160, 24)).columns)
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=False, color_system=None, highlight=False)
    console.print(_table(summaries))
    return out.getvalue()
