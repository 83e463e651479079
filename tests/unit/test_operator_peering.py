"""A standby replica of a Kopf peering does nothing on its own: its watches are paused by Kopf, and the runtime's
own steps (the start-up recovery, the agent-silence loop) ask the peering object first. Kopf's rule read from its
object's real shape; a standby that takes over recovers from a fresh listing (a stale one would count notes twice);
a listing drops what was deleted while nobody watched."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from controller.api.healingpolicy import HealingPolicy
from controller.constants import INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator import runtime as runtime_module
from controller.operator.cache import Cache, parse_incident
from controller.operator.k8s import ApiError
from controller.operator.peering import Peering, is_active
from controller.operator.runtime import Runtime
from tests.fakes.kube import FakeKube, eventually, incident_body, policy_body

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def peer(priority: Any, seconds_ago: float = 1, lifetime: int = 60) -> dict[str, Any]:
    """An entry as Kopf writes it into ClusterKopfPeering.status (peering.Peer.as_dict)."""
    return {"priority": priority, "lifetime": lifetime, "lastseen": (NOW - timedelta(seconds=seconds_ago)).isoformat()}


@pytest.mark.parametrize(("peers", "active"), [
    ({}, True),  # not announced yet, nobody else
    ({"me@host-a": peer(500)}, True),
    ({"me@host-a": peer(500), "other@host-b": peer(100)}, True),  # the other one pauses
    ({"me@host-a": peer(500), "other@host-b": peer(900)}, False),  # this one pauses
    ({"me@host-a": peer(500), "other@host-b": peer(900, seconds_ago=120)}, True),  # the higher one is dead
    ({"me@host-a": peer(500), "other@host-b": peer(500)}, False),  # same priority: Kopf pauses both
    ({"me@host-a": peer(500), "other@host-b": {"priority": "x", "lastseen": "never"}}, False),  # fail closed
])
def test_kopf_rule_on_the_peering_object(peers: dict[str, Any], active: bool) -> None:
    assert is_active(peers, 500, NOW) is active


async def test_standalone_is_active_and_an_unreadable_peering_is_not() -> None:
    kube = FakeKube()
    assert await Peering(kube, None, None).active()
    assert await Peering(kube, "healing-operator", 500).active()  # the fake answers {}: no peer, active
    kube.fail_next.append(ApiError(403, "forbidden"))
    assert not await Peering(kube, "healing-operator", 500).active()


class Switch(Peering):
    def __init__(self, kube: FakeKube) -> None:
        super().__init__(kube, "healing-operator", 1)
        self.on = False

    async def active(self, *, fresh: bool = False) -> bool:
        return self.on


NOTE: dict[str, Any] = {
    "key": "uid-a/a-1", "kind": "Action", "pattern": "container_exit", "serviceType": "docker", "action": "restart",
    "success": True, "seconds": 4.0, "target": "n1/web-a", "at": datetime.now(UTC).isoformat(),
}


def policy(kube: FakeKube) -> HealingPolicy:
    return HealingPolicy.model_validate(kube.objects[(POLICY_PLURAL, "web")])


async def test_a_standby_recovers_only_when_it_takes_over_and_from_a_fresh_listing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runtime_module, "PEERING_CHECK_SECONDS", 0.01)
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    kube.create(INCIDENT_PLURAL, incident_body("a", "n1", policy="web", phase="Resolved",
                                               resolvedAt=datetime.now(UTC).isoformat(), handledOccurrences=1,
                                               outcomes=[NOTE]))
    switch = Switch(kube)
    runtime = Runtime(kube, concurrency=2, peering=switch)
    await runtime.start()  # a standby: lists, but applies nothing
    try:
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert policy(kube).status.stats.attempts == 0 and not kube.writes
        # meanwhile the active replica applied the note, marked it, and the policy no longer keeps its key
        kube.concurrent_write(INCIDENT_PLURAL, "a", {"status": {"outcomes": [{**NOTE, "applied": True}]}})
        kube.concurrent_write(POLICY_PLURAL, "web", {"status": {"stats": {"attempts": 1}}})
        switch.on = True  # takes over: its start-up listing is stale (the note looks pending there)
        await eventually(lambda: runtime.cache.incidents["a"].status.outcomes[0].applied)
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert policy(kube).status.stats.attempts == 1  # not counted a second time
    finally:
        await runtime.stop()


async def test_a_replica_paused_after_its_start_lists_again_when_it_is_active_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Active at its start, paused by a replica of higher priority (a rolling update), active again when that one
    crashed: an incident resolved and deleted meanwhile sent this replica no DELETED event, and from its old listing
    it would hold a slot of its policy forever -- it lists again, as a standby does when it takes over."""
    monkeypatch.setattr(runtime_module, "PEERING_CHECK_SECONDS", 0.01)
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    kube.create(INCIDENT_PLURAL, incident_body("gone", "n1", policy="web", phase="Remediating"))
    switch = Switch(kube)
    switch.on = True
    runtime = Runtime(kube, concurrency=2, peering=switch)
    await runtime.start()
    try:
        assert runtime.cache.incidents.in_flight["web"] == {"gone"}
        switch.on = False  # paused: the other replica decides, and its incident is deleted when resolved
        for _ in range(20):
            await asyncio.sleep(0.01)
        await kube.delete(INCIDENT_PLURAL, "gone")
        switch.on = True
        await eventually(lambda: "gone" not in runtime.cache.incidents)
        assert not runtime.cache.incidents.in_flight["web"]  # its slot is free again
    finally:
        await runtime.stop()


async def test_a_standby_that_takes_over_decides_from_a_fresh_listing_not_from_the_first_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kopf resumes every watch at once when a standby takes over, and their re-listings come in any order: the
    incident's may come before the policy's, a policy created while this replica stood by. Decided from that cache
    it was NoPolicy (an in-flight request abandoned, requested again when the policy's event came: two actions for
    one failure). The decision waits for the replica's own listing since it became active."""
    monkeypatch.setattr(runtime_module, "PEERING_CHECK_SECONDS", 10.0)  # the event itself asks the peering object
    kube = FakeKube()
    switch = Switch(kube)
    runtime = Runtime(kube, concurrency=2, peering=switch)
    await runtime.start()  # a standby: lists (nothing yet), decides nothing
    try:
        kube.create(POLICY_PLURAL, policy_body())  # while it stands by: the active replica's cluster
        body = kube.create(INCIDENT_PLURAL, incident_body("a", "n1"))
        switch.on = True  # Kopf resumed it; the incident's re-listing arrives first
        await runtime.incident_event("ADDED", body)
        await eventually(lambda: kube.objects[(INCIDENT_PLURAL, "a")].get("status", {}).get("phase") is not None)
        status = kube.objects[(INCIDENT_PLURAL, "a")]["status"]
        assert (status["phase"], status.get("policy")) == ("Remediating", "web"), status
    finally:
        await runtime.stop()


async def test_a_standby_does_not_decide_for_agents_it_cannot_hear(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime_module, "SILENCE_CHECK_SECONDS", 0.01)
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    switch = Switch(kube)
    runtime = Runtime(kube, concurrency=2, peering=switch)
    await runtime.start()
    kicked: list[str] = []
    monkeypatch.setattr(runtime, "kick_node", kicked.append)
    runtime.cache.agents["n1"] = type("Silent", (), {"silent": lambda self, now: "agent silent for 5m"})()
    try:
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert kicked == []
        switch.on = True
        await eventually(lambda: kicked == ["n1"])
    finally:
        await runtime.stop()


@pytest.mark.parametrize("order", [("gone", "stays"), ("stays", "gone"), ("gone",)])
async def test_a_listing_drops_what_was_deleted_while_nobody_watched(order: tuple[str, ...]) -> None:
    """Also when the deleted incident was changed after every one left, or was the last one: the bound is the
    listing's own resourceVersion, not the newest item it shows (the ghost is newer than all of them)."""
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    for name in order:
        in_flight = {"phase": "Remediating"} if name == "gone" else {}
        kube.create(INCIDENT_PLURAL, incident_body(name, "n1", policy="web", **in_flight))
    cache = Cache(kube)
    await cache.load()
    assert cache.incidents.in_flight["web"] == {"gone"}
    await kube.delete(INCIDENT_PLURAL, "gone")  # while paused: no DELETED event ever comes
    await cache.load()
    assert "gone" not in cache.incidents and ("stays" in cache.incidents) == ("stays" in order)
    assert not cache.incidents.in_flight["web"]  # its slot is free again


async def test_a_listing_keeps_what_the_watch_delivered_after_it() -> None:
    """An incident created after the listing's snapshot (its watch event was cached first) is not a ghost."""
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    cache = Cache(kube)
    listing = kube.listing

    async def then_created(plural: str) -> tuple[list[dict[str, Any]], int]:
        answer = await listing(plural)
        if plural == INCIDENT_PLURAL:
            created = parse_incident(kube.create(INCIDENT_PLURAL, incident_body("new", "n1", policy="web")))
            assert created is not None
            cache.keep_newest(created)
        return answer

    kube.listing = then_created  # type: ignore[method-assign]
    await cache.load()
    assert "new" in cache.incidents
