"""Node conditions for node components whose circuit is open (controller/operator/node_conditions.py), pure: which
conditions a policy's circuits want on which node, and what to write so that only those change."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from controller.api.healingpolicy import HealingPolicy
from controller.operator import node_conditions as node_conditions_module
from controller.operator.node_conditions import CLOSED_REASON, OPEN_REASON, NodeConditions, changes, wanted

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
STAMP = "2026-03-01T12:00:00Z"


def policy(circuits: list[dict[str, Any]]) -> HealingPolicy:
    return HealingPolicy.model_validate({
        "metadata": {"name": "node-components"},
        "spec": {"targets": [
            {"kind": "systemd", "match": "kubelet.service", "nodeCondition": "HealingKubeletUnhealthy"},
            {"kind": "systemd", "match": "containerd*.service", "nodeCondition": "HealingContainerdUnhealthy"},
            {"kind": "systemd", "match": "chronyd.service"},
        ]},
        "status": {"circuits": circuits},
    })


def circuit(scope: str, state: str = "Open") -> dict[str, Any]:
    return {"scope": scope, "state": state, "reason": "ConsecutiveFailures", "message": "5 attempts in a row failed"}


def test_an_open_circuit_of_a_node_component_wants_its_condition_on_that_node_only() -> None:
    got = wanted([policy([circuit("target:node-a/kubelet.service"), circuit("target:node-b/containerd.service",
                                                                            "HalfOpen"),
                          circuit("target:node-c/kubelet.service", "Closed"),
                          circuit("target:node-d/chronyd.service"),  # no nodeCondition: nothing to hand off
                          circuit("pattern:process_crash"), circuit("policy")])])
    assert set(got) == {"node-a", "node-b"}
    assert list(got["node-a"]) == ["HealingKubeletUnhealthy"]
    assert "kubelet.service cannot be healed on this node" in got["node-a"]["HealingKubeletUnhealthy"]
    assert "node-components is Open" in got["node-a"]["HealingKubeletUnhealthy"]
    assert list(got["node-b"]) == ["HealingContainerdUnhealthy"]


def test_the_condition_is_written_once_and_its_heartbeat_when_due() -> None:
    want = {"HealingKubeletUnhealthy": "kubelet.service cannot be healed"}
    (first,) = changes(want, [{"type": "Ready", "status": "True", "reason": "KubeletReady"}], NOW)
    assert first == {"type": "HealingKubeletUnhealthy", "status": "True", "reason": OPEN_REASON,
                     "message": "kubelet.service cannot be healed", "lastHeartbeatTime": STAMP,
                     "lastTransitionTime": STAMP}
    written = dict(first, lastHeartbeatTime="2026-03-01T11:58:00Z", lastTransitionTime="2026-03-01T11:00:00Z")
    assert changes(want, [written], NOW) == []  # nothing changed, heartbeat fresh
    (beat,) = changes(want, [dict(written, lastHeartbeatTime="2026-03-01T11:50:00Z")], NOW)
    assert beat["lastHeartbeatTime"] == STAMP and beat["lastTransitionTime"] == "2026-03-01T11:00:00Z"


def test_a_closed_circuit_turns_the_condition_false_and_leaves_every_other_condition_alone() -> None:
    mine = {"type": "HealingKubeletUnhealthy", "status": "True", "reason": OPEN_REASON, "message": "x",
            "lastHeartbeatTime": STAMP, "lastTransitionTime": STAMP}
    npd = {"type": "KernelDeadlock", "status": "True", "reason": "DockerHung", "message": "task docker blocked"}
    kubelet = {"type": "Ready", "status": "False", "reason": "KubeletNotReady"}
    later = NOW + timedelta(minutes=1)
    (cleared,) = changes({}, [mine, npd, kubelet], later)
    assert (cleared["type"], cleared["status"], cleared["reason"]) == ("HealingKubeletUnhealthy", "False",
                                                                        CLOSED_REASON)
    assert cleared["lastTransitionTime"] == "2026-03-01T12:01:00Z"
    assert changes({}, [dict(mine, status="False", reason=CLOSED_REASON), npd, kubelet], later) == []
    # opening again is a new transition
    (reopened,) = changes({"HealingKubeletUnhealthy": "again"}, [dict(cleared)], later + timedelta(minutes=1))
    assert reopened["status"] == "True" and reopened["lastTransitionTime"] == "2026-03-01T12:02:00Z"


def counting_syncs(conditions: NodeConditions, policies: list[Any]) -> list[int]:
    """Replace the sync (which would look at every node) by a counter; returns the list it appends to."""
    synced: list[int] = []

    async def sync() -> int:
        synced.append(1)
        conditions._synced_want = wanted(policies)
        return 0

    conditions.sync = sync  # type: ignore[method-assign]
    return synced


def test_a_policy_event_that_changes_no_circuit_looks_at_no_node() -> None:
    """Under a storm every policy status write is an event; looking at every node for each (to find nothing to
    write) was 7 % of the operator's CPU. A changed circuit, a node not seen yet, and the periodic re-check do look."""
    policies = [policy([])]
    conditions = NodeConditions(cast(Any, None), lambda: policies)
    synced = counting_syncs(conditions, policies)

    async def scenario() -> None:
        conditions.start()
        try:
            async def woken_and_done(expected: int) -> None:
                conditions.changed()
                async with asyncio.timeout(5):
                    while conditions._wake.is_set() or len(synced) < expected:
                        await asyncio.sleep(0.005)
                await asyncio.sleep(0.02)  # the loop got its turn

            await woken_and_done(1)  # the first look: nothing synced yet
            await woken_and_done(1)  # no circuit changed: no node looked at
            assert len(synced) == 1
            policies[0] = policy([circuit("target:n1/kubelet.service")])
            await woken_and_done(2)  # a circuit opened
            conditions.node_event("ADDED", {"metadata": {"name": "n9"}, "status": {}})
            await woken_and_done(3)  # a node the last look did not see
            assert len(synced) == 3
        finally:
            await conditions.stop()

    asyncio.run(scenario())
    assert node_conditions_module.RECHECK_SECONDS > 5  # the periodic look did not happen during the test


def test_a_standby_replica_writes_no_node_condition() -> None:
    """On a standby (Kopf peering) the policies are the frozen listing of its start: a circuit there may be long
    closed. Nothing is synced until it is the active replica (controller/operator/peering.py)."""
    policies = [policy([circuit("target:n1/kubelet.service")])]
    active = [False]

    async def is_active() -> bool:
        return active[0]

    conditions = NodeConditions(cast(Any, None), lambda: policies, active=is_active)
    synced = counting_syncs(conditions, policies)

    async def scenario() -> None:
        conditions.start()
        try:
            for _ in range(3):
                conditions.changed()
                await asyncio.sleep(0.02)
            assert synced == []
            active[0] = True
            conditions.changed()
            async with asyncio.timeout(5):
                while not synced:
                    await asyncio.sleep(0.005)
        finally:
            await conditions.stop()

    asyncio.run(scenario())
