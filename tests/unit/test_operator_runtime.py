"""The runtime's wiring, on the fake Kube: a watched incident goes context -> step -> apply to Resolved, the
budget is recorded on the policy, a decision on a version the API server has moved past is never written."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.constants import INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator import runtime as runtime_module
from controller.operator.runtime import Runtime
from tests.fakes.kube import NODES, FakeKube, eventually, incident_body, policy_body, running


@pytest_asyncio.fixture(loop_scope="function")  # the test's loop: the workers must run during the test
async def started() -> AsyncIterator[tuple[FakeKube, Runtime]]:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    async with running(kube) as runtime:
        yield kube, runtime


def incident(kube: FakeKube, name: str) -> Incident:
    return Incident.model_validate(kube.objects[(INCIDENT_PLURAL, name)])


def policy(kube: FakeKube) -> HealingPolicy:
    return HealingPolicy.model_validate(kube.objects[(POLICY_PLURAL, "web")])


async def watch(runtime: Runtime, kube: FakeKube, name: str) -> None:
    """What Kopf's watch delivers after a change: the object as stored."""
    await runtime.incident_event("MODIFIED", kube.objects[(INCIDENT_PLURAL, name)])


def agent_executes(kube: FakeKube, name: str) -> None:
    """The agent runs the requested action and finds the target healthy."""
    request = incident(kube, name).status.request
    assert request is not None
    now = datetime.now(UTC).isoformat()
    execution = {"id": request.id, "action": request.action, "startedAt": now, "finishedAt": now, "result": "Succeeded"}
    health = {"healthy": True, "checkedAt": now, "since": now}
    kube.concurrent_write(INCIDENT_PLURAL, name, {"status": {"executions": [execution], "health": health}})


async def test_a_watched_failure_is_requested_verified_resolved_and_learned(started: tuple[FakeKube, Runtime]) -> None:
    kube, runtime = started
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, incident_body("a")))
    await eventually(lambda: incident(kube, "a").status.phase == "Remediating")
    requested = incident(kube, "a").status.request
    assert requested is not None and requested.action == "restart"
    await eventually(lambda: len(policy(kube).status.actions_last_hour) == 1)
    agent_executes(kube, "a")
    await watch(runtime, kube, "a")
    await eventually(lambda: incident(kube, "a").status.phase == "Resolved")
    await eventually(lambda: policy(kube).status.stats.resolved_total == 1)
    [entry] = policy(kube).status.learning
    assert (entry.action, entry.successes) == ("restart", 1)
    assert [a.id for a in incident(kube, "a").status.attempts] == [requested.id]


async def test_a_request_decided_on_a_stale_version_is_refused_and_decided_again_on_the_new_one(
    started: tuple[FakeKube, Runtime],
) -> None:
    kube, runtime = started
    body = kube.create(INCIDENT_PLURAL, incident_body("b"))
    later = datetime.now(UTC).isoformat()
    # The agent writes a second occurrence while the decision on the first version is on its way: 409.
    kube.interfere(INCIDENT_PLURAL, "b", {"status": {"detection": {"occurrences": 2, "lastSeen": later}}})
    await runtime.incident_event("ADDED", body)
    # decided again at once on the version the API server has now (re-read, no watch event needed)
    await eventually(lambda: incident(kube, "b").status.phase == "Remediating")
    assert kube.count("patch/status", INCIDENT_PLURAL) == 2  # the refused write, the one on the fresh version
    stored = incident(kube, "b")
    assert stored.status.handled_occurrences == 2  # the request was decided on the second occurrence
    assert len(stored.status.attempts) == 1
    await eventually(lambda: runtime.admission._pending["web"] == [])
    await eventually(lambda: len(policy(kube).status.actions_last_hour) == 1)  # the refused one's budget given back


async def test_a_decision_keeps_losing_to_other_writers_then_waits_for_the_watch(
    started: tuple[FakeKube, Runtime],
) -> None:
    kube, runtime = started
    body = kube.create(INCIDENT_PLURAL, incident_body("b2"))
    for _ in range(runtime_module.DECIDE_ATTEMPTS):  # the agent's health reports, each just before our write
        now = datetime.now(UTC).isoformat()
        kube.interfere(INCIDENT_PLURAL, "b2", {"status": {"health": {"healthy": False, "checkedAt": now}}})
    await runtime.incident_event("ADDED", body)
    await eventually(lambda: kube.count("patch/status", INCIDENT_PLURAL) == runtime_module.DECIDE_ATTEMPTS)
    await eventually(lambda: runtime.admission._pending["web"] == [])
    assert incident(kube, "b2").status.request is None  # bounded: no write loop against a busy writer
    await watch(runtime, kube, "b2")  # the watch delivers the newest version: decided on it
    await eventually(lambda: incident(kube, "b2").status.phase == "Remediating")


async def test_a_deleted_incident_leaves_the_cache_and_the_queue(started: tuple[FakeKube, Runtime]) -> None:
    kube, runtime = started
    body = kube.create(INCIDENT_PLURAL, incident_body("c", policy="web", phase="Resolved"))
    await runtime.incident_event("ADDED", body)
    runtime.queue.add_after("c", 60.0)
    await runtime.incident_event("DELETED", body)
    assert "c" not in runtime.cache.incidents and "c" not in runtime.queue._timers


async def test_a_freed_slot_wakes_as_many_waiting_incidents_as_there_are_free_slots() -> None:
    """A storm through maxConcurrent: each freed slot wakes the longest-waiting incident, not every waiting one (that
    made the decisions quadratic in the storm's size), and no slot stays idle while an incident waits."""
    kube = FakeKube()
    limits = {"maxConcurrent": 2, "maxActionsPerHour": 100, "maxUnhealthyPercent": 100}
    kube.create(POLICY_PLURAL, policy_body(limits=limits))
    names = [f"i{i:02d}" for i in range(16)]
    async with running(kube) as runtime:
        decisions: Counter[str] = Counter()
        decide = runtime.queue._process

        async def counted(name: str) -> None:
            decisions[name] += 1
            await decide(name)

        runtime.queue._process = counted
        for name in names:
            await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, incident_body(name, node=f"n-{name}")))
        most_in_flight, order = 0, []
        async with asyncio.timeout(20):  # no requeue timer fires in that time: only wake-ups move the storm on
            while len(order) < len(names):
                phases = {name: incident(kube, name).status.phase for name in names}
                most_in_flight = max(most_in_flight, sum(p in ("Remediating", "Verifying") for p in phases.values()))
                for name, phase in phases.items():
                    if phase == "Remediating" and not incident(kube, name).status.executions:
                        order.append(name)
                        agent_executes(kube, name)
                        await watch(runtime, kube, name)
                await asyncio.sleep(0.01)
        await eventually(lambda: all(incident(kube, n).status.phase == "Resolved" for n in names))
    assert most_in_flight == 2
    assert order == names  # the longest waiting first
    assert sum(decisions.values()) <= 4 * len(names), decisions


async def test_a_freed_slot_goes_to_the_oldest_undecided_incident_of_its_policy_when_none_is_held() -> None:
    """At a storm's start slots free up while most incidents still wait for their first decision (none is held by
    maxConcurrent yet): the oldest undecided incidents of that policy are decided next, ahead of the queue, rather
    than the slot idling until their turn; incidents of other policies keep their place."""
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body(limits={"maxConcurrent": 2, "maxActionsPerHour": 100,
                                                   "maxUnhealthyPercent": 100}))
    kube.create(POLICY_PLURAL, policy_body("api", targets=[{"kind": "docker", "match": "api-*"}]))
    runtime = Runtime(kube, concurrency=1)
    await runtime.cache.load()  # the workers are not started: everything stays queued
    try:
        for name, target in (("o1", "api-o1"), ("w1", None), ("w2", None), ("w3", None)):
            await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, incident_body(name, target=target)))
        assert list(runtime.cache.incidents.undecided) == ["o1", "w1", "w2", "w3"]
        runtime.kick_waiting("web")
        assert list(runtime.queue._lanes[0]) == ["w1", "w2"]  # urgent: two free slots, the two oldest of its policy
        assert runtime._woken["web"] == {"w1", "w2"}
        runtime.kick_waiting("web")  # nothing more is free: the woken ones hold their slots until decided
        assert list(runtime.queue._lanes[0]) == ["w1", "w2"]
    finally:
        await runtime.stop()


async def test_incidents_still_in_the_queue_count_toward_their_policys_blast_radius() -> None:
    """6 of a policy's 10 nodes fail at once and a storm's queue holds them for minutes: the first one decided must
    see the other five. Counting only incidents already decided let the operator act on the first four, one after
    another, while all six were failing (the 10,000-incident bench's blast-radius pool, 2026-12-03)."""
    kube = FakeKube()
    for k in range(10):
        kube.create(NODES, {"metadata": {"name": f"n{k}"}})
    kube.create(POLICY_PLURAL, policy_body(limits={"maxConcurrent": 10, "maxActionsPerHour": 100,
                                                   "maxUnhealthyPercent": 40}))
    kube.create(POLICY_PLURAL, policy_body("api", targets=[{"kind": "docker", "match": "api-*"}]))
    kube.create(INCIDENT_PLURAL, incident_body("o1", node="n9", target="api-o1"))
    names = [f"w{k}" for k in range(6)]
    for k, name in enumerate(names):
        kube.create(INCIDENT_PLURAL, incident_body(name, node=f"n{k}"))
    async with running(kube, concurrency=1) as runtime:  # one worker: decided one at a time, in arrival order
        for name in ["o1", *names]:  # Kopf's initial listing
            await runtime.incident_event("ADDED", kube.objects[(INCIDENT_PLURAL, name)])
        await eventually(lambda: all(incident(kube, n).status.phase for n in ["o1", *names]))
        for name in names:
            held = incident(kube, name).status
            assert (held.phase, held.reason) == ("Suppressed", "BlastRadius"), (name, held.message)
        assert "6 of 10 matched nodes" in incident(kube, "w0").status.message
        assert incident(kube, "o1").status.phase == "Remediating"  # another policy's node: its own count
        assert dict(runtime.cache.incidents.active_nodes["web"]) == {f"n{k}": 1 for k in range(6)}  # once each
        for name in names[2:]:  # four recover: 2 of 10 nodes left, the others may act
            gone = kube.objects[(INCIDENT_PLURAL, name)]
            await kube.delete(INCIDENT_PLURAL, name)
            await runtime.incident_event("DELETED", gone)
        assert dict(runtime.cache.incidents.active_nodes["web"]) == {"n0": 1, "n1": 1}
        runtime.queue.add("w0")
        await eventually(lambda: incident(kube, "w0").status.phase == "Remediating")


async def test_the_echo_of_its_own_decision_is_not_decided_again(started: tuple[FakeKube, Runtime]) -> None:
    """A decision's write comes back on the watch; the response is cached and what follows was scheduled, so the
    echo is not decided (nor parsed) again. Another writer's version of the same incident is."""
    kube, runtime = started
    decided: list[str] = []
    admit = runtime.admission.admit

    def counting(inc: Incident, now: datetime, match: Any = None) -> Any:
        decided.append(inc.metadata.resource_version or "")
        return admit(inc, now, match)

    runtime.admission.admit = counting  # type: ignore[method-assign]
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, incident_body("a")))
    await eventually(lambda: incident(kube, "a").status.phase == "Remediating")
    await eventually(lambda: not runtime.queue.busy("a"))
    assert len(decided) == 1
    await watch(runtime, kube, "a")  # the echo of the request it wrote
    for _ in range(10):
        await asyncio.sleep(0)
    assert len(decided) == 1 and len(runtime.queue) == 0
    agent_executes(kube, "a")  # the agent's write: news
    await watch(runtime, kube, "a")
    await eventually(lambda: len(decided) == 2)


async def test_a_new_incident_waits_for_its_detection_without_a_decision_then_for_the_grace_at_most(
    started: tuple[FakeKube, Runtime], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The agent creates the Incident, then writes its detection: the creation is only cached (a grace timer, no
    decision); the detection is decided at once; an incident whose detection never comes is decided after the
    grace (DETECTION_GRACE), on what it has."""
    kube, runtime = started
    # creationTimestamp has whole seconds: an incident looks up to 1 s old at once, so the grace must be longer
    monkeypatch.setattr(runtime_module, "DETECTION_GRACE", 1.5)
    decided: list[str] = []  # every decision the queue runs (also one that only waits for the grace)
    process = runtime.queue._process

    async def counting(name: str) -> None:
        decided.append(name)
        await process(name)

    runtime.queue._process = counting
    bare = incident_body("a")
    bare["status"] = {}
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, bare))
    for _ in range(10):
        await asyncio.sleep(0)
    assert decided == []
    detection = incident_body("a")["status"]
    kube.concurrent_write(INCIDENT_PLURAL, "a", {"status": detection})
    await watch(runtime, kube, "a")
    await eventually(lambda: incident(kube, "a").status.phase == "Remediating")
    assert decided == ["a"]

    lost = incident_body("b")
    lost["status"] = {}
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, lost))
    await eventually(lambda: "b" in decided)  # after the grace, without a detection


@pytest.mark.parametrize("watch_first", [False, True])
async def test_each_write_is_timed_until_its_echo_also_when_the_watch_is_ahead_of_the_answer(
    started: tuple[FakeKube, Runtime], watch_first: bool,
) -> None:
    """healing_watch_echo_seconds: the time from a decision's written answer to its version on the watch. On a quiet
    API server the watch can deliver that version before the answer arrives: then it is counted at 0 (and the version
    is not taken for a later echo), not lost -- one observation per write either way."""
    from prometheus_client import REGISTRY

    kube, runtime = started

    def echoes() -> float:
        return REGISTRY.get_sample_value("healing_watch_echo_seconds_count") or 0.0

    zero_before = REGISTRY.get_sample_value("healing_watch_echo_seconds_bucket", {"le": "0.005"}) or 0.0
    before = echoes()
    patch = kube.patch

    async def answered_after_the_watch(plural: str, name: str, body: dict[str, Any], **kw: Any) -> dict[str, Any]:
        stored = await patch(plural, name, body, **kw)
        if watch_first and kw.get("status"):
            await runtime.incident_event("MODIFIED", stored)  # the watch's event comes in before the answer
        return stored

    kube.patch = answered_after_the_watch  # type: ignore[method-assign]
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, incident_body("e")))
    await eventually(lambda: incident(kube, "e").status.phase == "Remediating")
    await eventually(lambda: not runtime.queue.busy("e"))
    if not watch_first:
        assert echoes() == before
        await watch(runtime, kube, "e")  # the echo arrives after the answer
    assert echoes() - before == 1
    if watch_first:  # counted at 0 s
        zero = REGISTRY.get_sample_value("healing_watch_echo_seconds_bucket", {"le": "0.005"}) or 0.0
        assert zero - zero_before == 1
    assert "e" not in runtime._own_writes
