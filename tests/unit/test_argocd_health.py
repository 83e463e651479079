"""The Argo CD health checks (manifests/argocd/*.lua) run in a real Lua 5.1 (lupa; Argo CD's gopher-lua is 5.1)
against sample objects of every phase, in a sandbox like Argo CD's: no io, and only os.time/os.date/os.clock."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import lupa.lua51 as lua51
import pytest
import yaml

from controller.constants import GROUP, HOSTREPORT_KIND, INCIDENT_KIND, POLICY_KIND

ARGOCD_DIR = Path(__file__).resolve().parents[2] / "manifests" / "argocd"
SCRIPTS = {POLICY_KIND: "healingpolicy.lua", INCIDENT_KIND: "incident.lua", HOSTREPORT_KIND: "hostreport.lua"}


def _to_lua(runtime: lua51.LuaRuntime, value: Any) -> Any:
    """JSON-like data as Argo CD hands it to Lua: objects and arrays become tables (arrays 1-based)."""
    if isinstance(value, dict):
        return runtime.table_from({k: _to_lua(runtime, v) for k, v in value.items()})
    if isinstance(value, list):
        return runtime.table_from([_to_lua(runtime, v) for v in value])
    return value


def run_health(kind: str, obj: dict[str, Any], *, with_os: bool = True) -> dict[str, str]:
    runtime = lua51.LuaRuntime(unpack_returned_tuples=True)
    sandbox = runtime.eval(
        "function(with_os) io = nil; debug = nil; require = nil; dofile = nil; loadfile = nil; "
        "if with_os then os = {time = os.time, date = os.date, clock = os.clock} "
        "else os = nil end end"
    )
    sandbox(with_os)
    runtime.globals().obj = _to_lua(runtime, obj)
    result = runtime.execute((ARGOCD_DIR / SCRIPTS[kind]).read_text())
    return {"status": result["status"], "message": result["message"] or ""}


def _condition(type_: str, status: str, reason: str = "Test", message: str = "", generation: int = 1) -> dict:
    return {
        "type": type_,
        "status": status,
        "reason": reason,
        "message": message,
        "observedGeneration": generation,
        "lastTransitionTime": "2026-11-26T05:00:00Z",
    }


def policy(generation: int = 1, status: dict | None = None) -> dict:
    obj: dict[str, Any] = {
        "apiVersion": f"{GROUP}/v1alpha1",
        "kind": POLICY_KIND,
        "metadata": {"name": "web", "generation": generation},
        "spec": {"targets": [{"kind": "docker", "match": "web-*"}]},
    }
    if status is not None:
        obj["status"] = status
    return obj


def conditions(ready: str, reconciling: str, stalled: str, reason: str = "Active", generation: int = 1) -> dict:
    return {
        "observedGeneration": generation,
        "conditions": [
            _condition("Ready", ready, reason, f"ready={ready}", generation),
            _condition("Reconciling", reconciling, reason, f"reconciling={reconciling}", generation),
            _condition("Stalled", stalled, reason, f"stalled={stalled}", generation),
        ],
    }


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (policy(), "Progressing"),  # no status yet
        (policy(status={}), "Progressing"),
        (policy(status=conditions("True", "False", "False")), "Healthy"),
        (policy(status=conditions("False", "True", "False", "Reconciling")), "Progressing"),
        (policy(status=conditions("False", "False", "True", "InvalidSpec")), "Degraded"),
        (policy(status=conditions("False", "False", "True", "Stuck")), "Degraded"),
        (policy(status=conditions("False", "False", "False", "Unknown")), "Progressing"),
        # the spec changed (generation 2) and the operator has not looked at it yet
        (policy(generation=2, status=conditions("True", "False", "False")), "Progressing"),
        # conditions of generation 1 but a status that claims generation 2: the conditions are stale
        (policy(generation=2, status={**conditions("True", "False", "False"), "observedGeneration": 2}), "Progressing"),
        (policy(generation=2, status=conditions("True", "False", "False", generation=2)), "Healthy"),
    ],
    ids=[
        "no-status",
        "empty-status",
        "ready",
        "reconciling",
        "stalled-invalid",
        "stalled-stuck",
        "ready-false",
        "generation-not-observed",
        "stale-conditions",
        "ready-gen2",
    ],
)
def test_healingpolicy_health(obj: dict, expected: str) -> None:
    result = run_health(POLICY_KIND, obj)
    assert result["status"] == expected, result
    assert result["message"]


def test_healingpolicy_degraded_message_says_why() -> None:
    status = conditions("False", "False", "True", "InvalidSpec")
    status["conditions"][2]["message"] = "target 0: glob '[' is not valid"
    result = run_health(POLICY_KIND, policy(status=status))
    assert result == {"status": "Degraded", "message": "InvalidSpec: target 0: glob '[' is not valid"}


def incident(phase: str | None, reason: str = "", message: str = "") -> dict:
    obj: dict[str, Any] = {
        "apiVersion": f"{GROUP}/v1alpha1",
        "kind": INCIDENT_KIND,
        "metadata": {"name": "node-a-web-1234", "generation": 1},
        "spec": {
            "node": "node-a",
            "target": {"kind": "docker", "name": "web-1"},
            "serviceType": "docker",
            "failure": "container_exit",
        },
    }
    if phase is not None:
        obj["status"] = {"phase": phase, "reason": reason, "message": message}
    return obj


@pytest.mark.parametrize(
    ("phase", "reason", "expected"),
    [
        (None, "", "Progressing"),
        ("Detected", "Detected", "Progressing"),
        ("Remediating", "ActionRequested", "Progressing"),
        ("Verifying", "Verifying", "Progressing"),
        ("Resolved", "Verified", "Healthy"),
        ("Failed", "CandidatesExhausted", "Degraded"),
        ("Escalated", "NotAutoFixable", "Degraded"),
        ("Suppressed", "AwaitingApproval", "Suspended"),
        ("Suppressed", "ShadowMode", "Suspended"),
        ("Suppressed", "CircuitOpen", "Suspended"),
        ("Suppressed", "NoPolicy", "Degraded"),
        ("Suppressed", "InvalidPolicy", "Degraded"),
        ("Suppressed", "UnitNotSelected", "Degraded"),
        ("Suppressed", "UnitNotActionable", "Degraded"),
        ("Suppressed", "Cooldown", "Progressing"),
        ("Suppressed", "RateLimited", "Progressing"),
        ("Suppressed", "MaxConcurrent", "Progressing"),
        ("Suppressed", "BlastRadius", "Progressing"),
        ("SomethingNew", "", "Unknown"),
    ],
)
def test_incident_health(phase: str | None, reason: str, expected: str) -> None:
    result = run_health(INCIDENT_KIND, incident(phase, reason, "details"))
    assert result["status"] == expected, result
    if phase is not None and expected != "Unknown":
        assert result["message"].startswith(phase)
        assert reason in result["message"]


def test_incident_phases_cover_the_api() -> None:
    """Every phase the API allows has a deliberate mapping (no phase falls through to Unknown)."""
    from typing import get_args

    from controller.api.incident import Phase

    for phase in get_args(Phase):
        assert run_health(INCIDENT_KIND, incident(phase, "Cooldown"))["status"] != "Unknown", phase


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hostreport(heartbeat_age: float | None, ready: str | None = None) -> dict:
    obj: dict[str, Any] = {
        "apiVersion": f"{GROUP}/v1alpha1",
        "kind": HOSTREPORT_KIND,
        "metadata": {"name": "node-a", "generation": 1},
        "spec": {"node": "node-a"},
    }
    if heartbeat_age is not None:
        status: dict[str, Any] = {
            "agentVersion": "0.1.0",
            "lastHeartbeat": _rfc3339(datetime.now(UTC) - timedelta(seconds=heartbeat_age)),
        }
        if ready is not None:
            status["conditions"] = [
                _condition(
                    "Ready", ready, "Watching" if ready == "True" else "SourceDisconnected", "systemd D-Bus unreachable"
                )
            ]
        obj["status"] = status
    return obj


@pytest.fixture(params=["UTC", "America/New_York", "Asia/Kolkata"])
def local_timezone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Argo CD's Lua os.time() reads local time: the heartbeat age must not depend on the controller's TZ."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.parametrize(
    ("age", "ready", "expected"),
    [
        (None, None, "Progressing"),  # no heartbeat yet
        (5, None, "Healthy"),
        (5, "True", "Healthy"),
        (5, "False", "Degraded"),
        (3600, None, "Degraded"),  # the agent stopped reporting
        (3600, "True", "Degraded"),  # a stale Ready=True means nothing
    ],
)
def test_hostreport_health(local_timezone: str, age: float | None, ready: str | None, expected: str) -> None:
    result = run_health(HOSTREPORT_KIND, hostreport(age, ready))
    assert result["status"] == expected, result
    if age == 3600:
        assert "No heartbeat" in result["message"]


def test_hostreport_without_os_library_uses_ready_only() -> None:
    assert run_health(HOSTREPORT_KIND, hostreport(3600, "True"), with_os=False)["status"] == "Healthy"
    assert run_health(HOSTREPORT_KIND, hostreport(5, "False"), with_os=False)["status"] == "Degraded"


def test_argocd_cm_snippet_embeds_the_scripts() -> None:
    """argocd-cm.yaml (for kubectl patch) and kustomization.yaml (generator) carry exactly the tested scripts."""
    snippet = yaml.safe_load((ARGOCD_DIR / "argocd-cm.yaml").read_text())
    assert snippet["kind"] == "ConfigMap" and snippet["metadata"]["name"] == "argocd-cm"
    expected = {
        f"resource.customizations.health.{GROUP}_{kind}": (ARGOCD_DIR / f).read_text() for kind, f in SCRIPTS.items()
    }
    assert snippet["data"] == expected
    generator = yaml.safe_load((ARGOCD_DIR / "kustomization.yaml").read_text())["configMapGenerator"][0]
    assert sorted(generator["files"]) == sorted(f"{key}={SCRIPTS[key.rsplit('_', 1)[1]]}" for key in expected)
