"""Durable learning on the real API server with the real operator: an outcome is written on the Incident first and
applied to the policy by its key, then marked applied. Whichever step the operator was killed after, starting it
again neither loses nor double-counts the outcome. The states a kill leaves behind are set up exactly, then the
operator is started on them; and one real SIGKILL right after a verified outcome."""

# ruff: noqa: F811  (pytest fixtures imported from test_operator_lifecycle are parameters here)
from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from controller.devenv.controlplane import ControlPlane
from tests.integration.test_operator_lifecycle import (  # noqa: F401  (fixtures)
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    wait_for,
)

pytestmark = pytest.mark.integration


def _note(uid: str) -> dict[str, Any]:
    return {"key": f"{uid}/{uid[:8]}-1", "kind": "Action", "pattern": "container_exit", "serviceType": "docker",
            "action": "restart", "success": True, "seconds": 3.0, "target": "n/web-1",
            "at": datetime.now(UTC).isoformat()}


class Setup:
    def __init__(self, cluster: Cluster, crds: ControlPlane, tmp: Path) -> None:
        self.cluster, self.crds, self.tmp = cluster, crds, tmp
        self.node = f"durable-{uuid.uuid4().hex[:6]}"
        self.policy = f"durable-{self.node}"
        self.incident = f"{self.node}-web-1"
        self.operator: OperatorProcess | None = None

    def resolved_incident_with_a_pending_note(self) -> str:
        self.cluster.policy(self.policy, self.node)
        self.cluster.incident(self.incident, self.node, "web-1", "container_exit")
        uid = self.cluster.get(self.incident)["metadata"]["uid"]
        now = datetime.now(UTC).isoformat()
        self.cluster.co.patch_cluster_custom_object_status(
            "healing.insa.io", "v1alpha1", "incidents", self.incident,
            {"status": {"phase": "Resolved", "reason": "Verified", "policy": self.policy, "resolvedAt": now,
                        "handledOccurrences": 1, "outcomes": [_note(uid)]}},
            _content_type="application/merge-patch+json",
        )
        return f"{uid}/{uid[:8]}-1"

    def start(self) -> None:
        self.operator = OperatorProcess(self.crds.kubeconfig, self.tmp / f"operator-{uuid.uuid4().hex[:4]}.log")
        self.operator.start()

    def stop(self) -> None:
        if self.operator is not None:
            self.operator.stop()
            self.operator = None

    def policy_status(self) -> dict[str, Any]:
        return dict(self.cluster.get_policy(self.policy).get("status", {}))

    def note_applied(self) -> bool:
        return bool(self.cluster.status(self.incident).get("outcomes", [{}])[0].get("applied"))


@pytest.fixture
def setup(cluster: Cluster, crds: ControlPlane, tmp_path: Path) -> Iterator[Setup]:
    s = Setup(cluster, crds, tmp_path)
    try:
        yield s
    finally:
        s.stop()


def _counted_once(s: Setup, key: str) -> dict[str, Any]:
    status = wait_for(lambda: (st := s.policy_status()).get("stats", {}).get("attempts") and st, 60,
                      "the outcome on the policy")
    assert status["stats"]["attempts"] == 1 and status["stats"]["successes"] == 1
    assert [(e["action"], e["successes"]) for e in status["learning"]] == [("restart", 1)]
    assert status["appliedOutcomes"].count(key) == 1
    return status


def test_killed_after_writing_the_note_on_the_incident(setup: Setup) -> None:
    key = setup.resolved_incident_with_a_pending_note()
    setup.start()
    wait_for(setup.note_applied, 60, "the note to be marked applied")
    _counted_once(setup, key)


def test_killed_after_the_policy_write_before_marking_the_note(setup: Setup) -> None:
    key = setup.resolved_incident_with_a_pending_note()
    setup.start()
    wait_for(setup.note_applied, 60, "the note to be marked applied")
    setup.stop()
    # as if it had died before marking: the note pending again, the policy already counted it
    setup.cluster.agent_patch(setup.incident, {"outcomes": [{**setup.cluster.status(setup.incident)["outcomes"][0],
                                                             "applied": False}]})
    setup.start()
    wait_for(setup.note_applied, 60, "the note to be marked applied again")
    _counted_once(setup, key)


def test_sigkill_right_after_a_verified_outcome(setup: Setup, cluster: Cluster) -> None:
    """A real crash: the operator verifies a fix and is SIGKILLed at once; started again, the outcome counts once."""
    cluster.policy(setup.policy, setup.node)
    cluster.incident(setup.incident, setup.node, "web-1", "container_exit")
    setup.start()
    cluster.wait_phase(setup.incident, "Remediating", timeout=60)
    cluster.execute(setup.incident)
    cluster.wait_phase(setup.incident, "Resolved", timeout=60)
    assert setup.operator is not None
    setup.operator.kill()
    setup.operator = None
    setup.start()
    wait_for(setup.note_applied, 60, "the note to be marked applied")
    key = setup.cluster.status(setup.incident)["outcomes"][0]["key"]
    _counted_once(setup, key)
