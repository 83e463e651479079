"""The stuck detector inside the real operator (`healing operator` subprocess, real API server, fake GitHub):
a target whose fixes keep failing trips a circuit, the policy goes Stalled=True/Stuck, exactly one GitHub
issue is opened with the token from a real Secret, and after halfOpenAfter one probe goes through; its
success closes the circuit, resolves the incident and closes the issue."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakes.github_server import FakeGitHub
from tests.integration.test_metacognition_escalation import NAMESPACE, token_secret  # noqa: F401 - fixture
from tests.integration.test_operator_lifecycle import (  # noqa: F401 - fixtures are used by name
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    operator,
    unique,
    wait_for,
)

pytestmark = pytest.mark.integration
pytest_plugins = ["tests.plugins.github_server"]


def _condition(policy: dict[str, Any], type_: str) -> dict[str, Any]:
    return next((c for c in policy.get("status", {}).get("conditions", []) if c["type"] == type_), {})


def _wait_new_request(cluster: Cluster, inc: str, timeout: float) -> dict[str, Any]:  # noqa: F811
    """Remediating with a request the agent has not carried out yet."""

    def pending() -> dict[str, Any] | None:
        st = cluster.status(inc)
        request = st.get("request")
        done = {e["id"] for e in st.get("executions", [])}
        return st if st.get("phase") == "Remediating" and request and request["id"] not in done else None

    return wait_for(pending, timeout, f"a new request on {inc}")


def _trip(cluster: Cluster, github_server: FakeGitHub, token_secret: str) -> tuple[str, list[str]]:  # noqa: F811
    """A policy with a GitHub channel; two targets fail the same way and each first fix fails: the pattern
    has 2 failures in a row (the limit) and its circuit opens. Returns (policy, incidents)."""
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(
        pol,
        node,
        stuck={"consecutiveFailures": 2, "minSuccessRate": 0.1, "minAttempts": 10, "halfOpenAfter": "20s"},
        # Long enough that the circuit is open before either incident would try its next action: the operator
        # may evaluate the second outcome only at its next periodic policy reconciliation (seen: ~10 s later).
        backoff={"initial": "15s", "factor": 2, "max": "1m", "resetAfter": "10m"},
        escalation={
            "github": {
                "repository": "org/repo",
                "tokenSecretRef": {"namespace": NAMESPACE, "name": token_secret, "key": "token"},
                "labels": ["healing"],
                "apiUrl": github_server.base_url,
            }
        },
    )
    incs = [inc, f"{inc}-b"]
    for name, target in zip(incs, ("web-1", "web-2"), strict=True):
        cluster.incident(name, node, target, "container_exit")
    for name in incs:
        _wait_new_request(cluster, name, 30)
    for name in incs:
        cluster.execute(name, result="Failed", healthy=False)
    stalled = wait_for(
        lambda: (c := _condition(cluster.get_policy(pol), "Stalled")).get("reason") == "Stuck" and c, 30, "Stalled"
    )
    assert stalled["status"] == "True" and "2 attempts in a row failed" in stalled["message"]
    return pol, incs


def test_circuit_opens_stops_remediation_probes_and_closes(
    operator: OperatorProcess,  # noqa: F811
    cluster: Cluster,  # noqa: F811
    github_server: FakeGitHub,
    token_secret: str,  # noqa: F811
) -> None:
    pol, incs = _trip(cluster, github_server, token_secret)
    circuits = cluster.get_policy(pol)["status"]["circuits"]
    assert [(c["scope"], c["state"], c["escalated"]) for c in circuits] == [("pattern:container_exit", "Open", True)]
    # automatic remediation stopped for both, with the figures as the reason
    for name in incs:
        st = cluster.wait_phase(name, "Suppressed", reason="CircuitOpen", timeout=30)
        assert "2 attempts in a row failed" in st["message"]

    # the half-open probe: exactly one request after halfOpenAfter; it works, so the circuit closes
    probe = wait_for(
        lambda: next((n for n in incs if cluster.status(n).get("phase") == "Remediating"), None), 120, "a probe"
    )
    # the other incident must still be held back; both going at once is an operator-core race (see below)
    probes = [n for n in incs if cluster.status(n).get("phase") == "Remediating"]
    for name in probes:
        cluster.execute(name, result="Succeeded", healthy=True)
    cluster.wait_phase(probe, "Resolved", timeout=30)
    wait_for(lambda: _condition(cluster.get_policy(pol), "Stalled").get("status") == "False", 30, "not Stalled")
    circuits = cluster.get_policy(pol)["status"]["circuits"]
    assert [(c["state"], c["reason"], c["escalated"]) for c in circuits] == [("Closed", "Recovered", False)]
    assert len(probes) == 1, f"the half-open circuit let {len(probes)} probes through: {probes}"


def test_stuck_policy_opens_exactly_one_github_issue(
    operator: OperatorProcess,  # noqa: F811
    cluster: Cluster,  # noqa: F811
    github_server: FakeGitHub,
    token_secret: str,  # noqa: F811
) -> None:
    _, incs = _trip(cluster, github_server, token_secret)
    issues = wait_for(lambda: github_server.issues(), 20, "a GitHub issue for the stuck pattern")
    assert len(issues) == 1 and "container_exit" in issues[0]["title"]

    # the record is written on the incident after GitHub answered: wait for it, then there is exactly one
    def github_records() -> list[dict[str, Any]]:
        return [e for n in incs for e in cluster.status(n).get("escalations", []) if e["channel"] == "github"]

    records = wait_for(github_records, 20, "the GitHub issue recorded on the incident")
    assert [r["ref"] for r in records] == ["org/repo#1"]
    assert len(github_server.issues()) == 1
