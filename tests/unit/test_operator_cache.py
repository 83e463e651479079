"""The cache: newest version wins, policy echoes and generations, node changes; the index keeps the guard counts."""

from __future__ import annotations

from typing import Any

from controller.api.incident import Incident
from controller.operator.cache import IncidentIndex


def inc(name: str, node: str, phase: str | None, policy: str | None = "p") -> Incident:
    status: dict[str, Any] = {"phase": phase, "policy": policy} if phase else {"policy": policy}
    return Incident.model_validate(
        {
            "metadata": {"name": name},
            "spec": {
                "node": node,
                "target": {"kind": "docker", "name": name},
                "serviceType": "docker",
                "failure": "container_exit",
            },
            "status": status,
        }
    )


def test_counts_follow_phase_changes_and_deletions() -> None:
    idx = IncidentIndex()
    idx["a"] = inc("a", "n1", "Remediating")
    idx["b"] = inc("b", "n1", "Suppressed")
    idx["c"] = inc("c", "n2", "Verifying")
    assert idx.in_flight["p"] == {"a", "c"}
    assert dict(idx.active_nodes["p"]) == {"n1": 2, "n2": 1}
    version = idx.version
    idx["c"] = inc("c", "n2", "Resolved")
    assert idx.in_flight["p"] == {"a"} and dict(idx.active_nodes["p"]) == {"n1": 2}
    assert idx.version == version  # n2 still has an incident
    idx.pop("c")
    assert "n2" not in idx.nodes and idx.version == version + 1
    idx.pop("missing")
    idx["a"] = inc("a", "n1", "Resolved")
    idx["b"] = inc("b", "n1", "Resolved")
    assert not idx.in_flight["p"] and not idx.active_nodes["p"]
