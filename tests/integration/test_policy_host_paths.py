"""The API server rejects dangerous host paths and modes in spec.actionOptions with a message that says what to
fix, and accepts a sensible policy: the same cases as the agent's own checks (tests/hostpath_cases.py)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from controller.agent.testing import install_crds
from controller.constants import API_VERSION
from controller.devenv.controlplane import ControlPlane
from tests import hostpath_cases as cases

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def plane(control_plane: ControlPlane) -> ControlPlane:
    install_crds(control_plane)
    return control_plane


def _policy(options: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION, "kind": "HealingPolicy",
        "metadata": {"name": f"paths-{uuid.uuid4().hex[:8]}"},
        "spec": {"targets": [{"kind": "systemd", "match": "app.service"}], "mode": "Shadow",
                 "actions": ["cleanDisk", "fixPermissions", "removeStaleLock"], "actionOptions": options},
    }


def _apply(plane: ControlPlane, doc: dict[str, Any]) -> tuple[int, str]:
    result = plane.run_kubectl("create", "--dry-run=server", "-f", "-", input=json.dumps(doc), check=False)
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    ("options", "bad"),
    [({"cleanDisk": {"paths": [p]}}, p) for p in cases.CLEAN_DISK_REJECTED]
    + [({"fixPermissions": [{"path": p, "mode": "0640"}]}, p) for p in cases.PERMISSION_REJECTED]
    + [({"fixPermissions": [{"path": "/var/lib/app/data", "mode": m}]}, m) for m in cases.MODES_REJECTED]
    + [({"lockPaths": [p]}, p) for p in cases.LOCK_REJECTED],
    ids=lambda v: json.dumps(v)[:60] if isinstance(v, dict) else repr(v),
)
def test_dangerous_options_are_rejected_with_what_to_fix(
    plane: ControlPlane, options: dict[str, Any], bad: str
) -> None:
    code, stderr = _apply(plane, _policy(options))
    assert code != 0, f"{bad!r} was accepted"
    assert "spec.actionOptions" in stderr
    assert any(hint in stderr for hint in (
        "absolute path", "normalised", "control characters", "top-level tree", "system trees", "credential",
        "lock or pid file", "mode must", "should be at most", "Too long",
    )), stderr


def test_a_sensible_policy_stays_accepted(plane: ControlPlane) -> None:
    options = {
        "cleanDisk": {"paths": cases.CLEAN_DISK_ACCEPTED},
        "fixPermissions": [{"path": p, "owner": "app", "group": "0", "mode": m}
                           for p, m in zip(cases.PERMISSION_ACCEPTED, cases.MODES_ACCEPTED, strict=False)],
        "lockPaths": cases.LOCK_ACCEPTED,
    }
    code, stderr = _apply(plane, _policy(options))
    assert code == 0, stderr


def test_owner_names_are_names(plane: ControlPlane) -> None:
    code, stderr = _apply(plane, _policy({"fixPermissions": [{"path": "/var/lib/app", "owner": "root;rm -rf /"}]}))
    assert code != 0 and "owner must be a user name or a numeric uid" in stderr
