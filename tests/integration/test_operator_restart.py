"""SIGKILL the operator in the middle of a remediation and start it again: it continues from the API server's
state alone, and no action is requested twice."""

# ruff: noqa: F811  (pytest fixtures imported from test_operator_lifecycle are parameters here)
from __future__ import annotations

from collections.abc import Iterator

import pytest

from controller.devenv.controlplane import ControlPlane
from tests.integration.test_operator_lifecycle import (  # noqa: F401  (crds is a fixture)
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    running_operator,
    unique,
    wait_for,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def restartable(crds: ControlPlane, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OperatorProcess]:
    yield from running_operator(crds, tmp_path_factory)


@pytest.mark.parametrize("kill_in", ["Remediating", "Verifying"])
def test_sigkill_mid_remediation_then_restart_completes_without_duplicate(
    restartable: OperatorProcess,
    cluster: Cluster,
    kill_in: str,
) -> None:
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node, verify={"after": "2s", "healthyFor": "3s", "timeout": "1m"})
    cluster.incident(inc, node, "web-1", "container_exit")
    st = cluster.wait_phase(inc, "Remediating")
    request_id = st["request"]["id"]
    if kill_in == "Remediating":
        restartable.kill()
        cluster.execute(inc)  # the agent finishes while no operator runs
    else:
        cluster.execute(inc)
        cluster.wait_phase(inc, "Verifying")
        restartable.kill()
    restartable.start()
    st = cluster.wait_phase(inc, "Resolved", timeout=60)
    assert st["request"]["id"] == request_id
    assert st["attemptCount"] == 1 and len(st["attempts"]) == 1 and len(st["executions"]) == 1
    assert st["attempts"][0]["result"] == "Succeeded"
    policy = wait_for(lambda: (p := cluster.get_policy(pol))["status"].get("learning") and p, 20, "learning")
    assert policy["status"]["learning"][0]["successes"] == 1
    assert len(policy["status"]["actionsLastHour"]) == 1
