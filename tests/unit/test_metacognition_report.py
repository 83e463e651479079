"""`healing report` rendering: table and JSON from policies and incidents."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.operator.metacognition import evaluate_stuck, record_outcome
from controller.operator.metacognition.report import render_report

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def make_policy(name: str, mode: str = "Auto") -> HealingPolicy:
    return HealingPolicy.model_validate(
        {
            "metadata": {"name": name},
            "spec": {
                "mode": mode,
                "targets": [{"kind": "systemd", "match": "*.service"}],
                "actions": ["restart", "freePort"],
                "stuck": {"consecutiveFailures": 3},
            },
            "status": {
                "learning": [
                    {
                        "pattern": "port_conflict",
                        "serviceType": "systemd",
                        "action": "freePort",
                        "successes": 9,
                        "failures": 0,
                        "confidence": 0.91,
                    },
                    {
                        "pattern": "port_conflict",
                        "serviceType": "systemd",
                        "action": "restart",
                        "successes": 1,
                        "failures": 4,
                        "confidence": 0.25,
                    },
                ]
            },
        }
    )


def make_incident(name: str, policy: str, phase: str, pattern: str = "disk_full") -> Incident:
    return Incident.model_validate(
        {
            "metadata": {"name": name},
            "spec": {
                "node": "n1",
                "target": {"kind": "systemd", "name": "db.service"},
                "serviceType": "systemd",
                "failure": pattern,
            },
            "status": {"policy": policy, "phase": phase, "detection": {"pattern": pattern, "occurrences": 7}},
        }
    )


@pytest.fixture
def world() -> tuple[list[HealingPolicy], list[Incident]]:
    healthy = make_policy("web-tier")
    for i in range(4):
        healthy.status = record_outcome(
            healthy.status, "port_conflict", "freePort", i != 1, 12.0, T0 + timedelta(minutes=i)
        )
    stuck = make_policy("db-tier", mode="Approve")
    for i in range(3):
        stuck.status = record_outcome(stuck.status, "database_lock", "restart", False, None, T0 + timedelta(minutes=i))
    stuck.status.circuits = evaluate_stuck(stuck, T0 + timedelta(minutes=3)).circuits
    incidents = [
        make_incident("i1", "db-tier", "Escalated", "database_lock"),
        make_incident("i2", "web-tier", "Remediating", "disk_full"),
        make_incident("i3", "web-tier", "Resolved", "port_conflict"),
    ]
    return [healthy, stuck], incidents


def test_table(world: tuple[list[HealingPolicy], list[Incident]]) -> None:
    text = render_report(*world, fmt="table", width=220)
    for header in ("POLICY", "MODE", "SUCCESS", "STUCK", "OPEN CIRCUITS", "TOP PATTERNS", "LEARNED CONFIDENCE"):
        assert header in text
    lines = text.splitlines()
    web = next(line for line in lines if "web-tier" in line)
    db = next(line for line in lines if "db-tier" in line)
    assert "Auto" in web and "75% (3/4)" in web and " no " in web
    assert "Approve" in db and "Stuck (Open: ConsecutiveFailures)" in db
    assert "pattern:database_lock [Open]" in text
    assert "port_conflict (4)" in text and "disk_full (7)" in text
    assert "port_conflict/freePort 0.91" in text
    assert "\x1b[" not in text  # no colour codes in captured output
    assert lines.index(db) < lines.index(web)  # sorted by name


def test_json(world: tuple[list[HealingPolicy], list[Incident]]) -> None:
    data = json.loads(render_report(*world, fmt="json"))
    assert [d["policy"] for d in data] == ["db-tier", "web-tier"]
    db, web = data
    assert db["stuck"] is True and db["openCircuits"][0]["scope"] == "pattern:database_lock"
    assert db["openCircuits"][0]["escalated"] is True
    assert web["successRate"] == 0.75 and web["attempts"] == 4 and web["mttrSeconds"] == 12.0
    assert web["activeIncidents"] == 1 and web["incidents"] == 2
    assert web["learning"][0] == {
        "pattern": "port_conflict",
        "serviceType": "systemd",
        "action": "freePort",
        "successes": 9,
        "failures": 0,
        "confidence": 0.91,
    }


def test_empty_and_bad_format() -> None:
    assert "No HealingPolicy" in render_report([], [], "table")
    assert json.loads(render_report([], [], "json")) == []
    with pytest.raises(ValueError, match="table or json"):
        render_report([], [], "yaml")


def test_report_shows_self_recovery_and_what_shadow_mode_would_have_done() -> None:
    from controller.api.healingpolicy import HealingPolicy
    from controller.operator.metacognition.report import policy_summary, render_report

    policy = HealingPolicy.model_validate({
        "metadata": {"name": "shadowed"},
        "spec": {"targets": [{"kind": "docker", "match": "web-*"}], "mode": "Shadow"},
        "status": {
            "stats": {"selfRecoveredTotal": 3},
            "selfRecovery": [{"pattern": "container_exit", "target": "n1/web-1", "count": 3, "medianSeconds": 12.0}],
            "shadow": {"wouldHaveActed": 5, "recoveredAlone": 3, "medianSecondsToRecovery": 12.0},
        },
    })
    summary = policy_summary(policy, [])
    assert summary["shadow"] == {"wouldHaveActed": 5, "recoveredAlone": 3, "medianSecondsToRecovery": 12.0}
    assert summary["selfRecovery"][0]["count"] == 3 and summary["selfRecovered"] == 3
    text = render_report([policy], [], "table", width=240)
    assert "would have acted 5 times, 3 recovered alone (median 12s)" in text
    assert "n1/web-1: 3 times" in text
