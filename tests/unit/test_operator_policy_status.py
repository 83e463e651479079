"""The single policy status writer alone: batching while a write is in flight, the 409 retry, no empty writes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from controller.api.healingpolicy import HealingPolicy, HealingPolicyStatus
from controller.constants import POLICY_PLURAL
from controller.operator.cache import Cache
from controller.operator.policy_status import PolicyStatusWriter, policy_status_patch
from controller.operator.tasks import Tasks
from tests.fakes.kube import FakeKube, policy_body

DEADLINE = 5.0


async def writer_for(kube: FakeKube, tasks: Tasks) -> PolicyStatusWriter:
    kube.create(POLICY_PLURAL, policy_body("web"))
    cache = Cache(kube)
    await cache.load()
    return PolicyStatusWriter(kube, cache, tasks.spawn)


def add_node(n: int) -> Callable[[HealingPolicy], HealingPolicyStatus]:
    def mutate(policy: HealingPolicy) -> HealingPolicyStatus:
        return policy.status.model_copy(update={"matched_nodes": policy.status.matched_nodes + n})

    return mutate


def stored(kube: FakeKube) -> HealingPolicy:
    return HealingPolicy.model_validate(kube.objects[(POLICY_PLURAL, "web")])


async def test_changes_queued_while_a_write_is_in_flight_go_out_in_one_patch(tasks: Tasks) -> None:
    kube = FakeKube()
    writer = await writer_for(kube, tasks)
    release = kube.hold_writes()
    first = asyncio.ensure_future(writer.update("web", add_node(1)))
    await asyncio.wait_for(kube.write_waiting.wait(), DEADLINE)  # the first write is in flight
    queued = [asyncio.ensure_future(writer.update("web", add_node(10))) for _ in range(5)]
    release.set()
    results = await asyncio.wait_for(asyncio.gather(first, *queued), DEADLINE)
    assert kube.count("patch/status", POLICY_PLURAL) == 2  # the first change alone, then the five together
    assert stored(kube).status.matched_nodes == 51
    assert results[-1] is not None and results[-1].status.matched_nodes == 51
    assert all(r is results[1] for r in results[1:])  # every queued caller sees the same written policy
    assert writer.cache.policies["web"].metadata.resource_version == stored(kube).metadata.resource_version


async def test_a_conflict_rereads_and_applies_the_changes_to_the_newer_version(tasks: Tasks) -> None:
    kube = FakeKube()
    writer = await writer_for(kube, tasks)
    kube.concurrent_write(POLICY_PLURAL, "web", {"status": {"activeIncidents": 7}})  # the cache is now stale
    written = await asyncio.wait_for(writer.update("web", add_node(2)), DEADLINE)
    assert kube.count("patch/status", POLICY_PLURAL) == 2  # 409, then the retry
    assert written is not None
    assert (stored(kube).status.active_incidents, stored(kube).status.matched_nodes) == (7, 2)  # nothing lost


async def test_a_change_that_changes_nothing_is_not_written(tasks: Tasks) -> None:
    kube = FakeKube()
    writer = await writer_for(kube, tasks)
    same = await writer.update("web", lambda p: p.status.model_copy())
    assert same is not None and kube.writes == []
    assert policy_status_patch(same.status, same.status) == {}


async def test_a_deleted_policy_answers_none_and_leaves_the_cache(tasks: Tasks) -> None:
    kube = FakeKube()
    writer = await writer_for(kube, tasks)
    del kube.objects[(POLICY_PLURAL, "web")]
    assert await writer.update("web", add_node(1)) is None
    assert "web" not in writer.cache.policies


async def test_a_failing_change_fails_its_batch_only(tasks: Tasks) -> None:
    kube = FakeKube()
    writer = await writer_for(kube, tasks)

    def broken(policy: HealingPolicy) -> HealingPolicyStatus:
        raise ValueError("bad mutate")

    with pytest.raises(ValueError, match="bad mutate"):
        await writer.update("web", broken)
    written = await writer.update("web", add_node(1))
    assert written is not None and written.status.matched_nodes == 1


async def test_drain_waits_for_the_queued_writes(tasks: Tasks) -> None:
    kube = FakeKube()
    writer = await writer_for(kube, tasks)
    release = kube.hold_writes()
    pending = asyncio.ensure_future(writer.update("web", add_node(3)))
    await asyncio.wait_for(kube.write_waiting.wait(), DEADLINE)
    asyncio.get_running_loop().call_soon(release.set)
    await writer.drain(DEADLINE)
    assert pending.done() and stored(kube).status.matched_nodes == 3


@pytest.mark.parametrize(("write_seconds", "window"), [(0.01, 0.25), (0.6, 0.6), (3.0, 1.0)])
async def test_the_gathering_window_follows_how_long_the_last_write_took(
    tasks: Tasks, monkeypatch: pytest.MonkeyPatch, write_seconds: float, window: float
) -> None:
    """Quick writes (a quiet server) keep the short window; a slow write (a server busy with a storm) makes the next
    write of that policy gather as long as it took, capped at max_batch_seconds; other policies are not affected."""
    clock = [1000.0]  # the writer's own clock only: the event loop's must keep running
    monkeypatch.setattr("controller.operator.policy_status.time", SimpleNamespace(monotonic=lambda: clock[0]))
    kube = FakeKube()
    writer = await writer_for(kube, tasks)
    assert writer.batch_window("web") == writer.batch_seconds == 0.25  # nothing written yet
    release = kube.hold_writes()
    write = asyncio.ensure_future(writer.update("web", add_node(1)))
    await asyncio.wait_for(kube.write_waiting.wait(), DEADLINE)
    clock[0] += write_seconds  # the API server took this long
    release.set()
    assert await asyncio.wait_for(write, DEADLINE) is not None
    assert writer.batch_window("web") == pytest.approx(window)
    assert writer.batch_window("other") == 0.25
