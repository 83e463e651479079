"""The incident workqueue alone: dedup, one decision per name at a time (its lock), N workers, delayed requeue,
retries."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

import pytest

from controller.operator.tasks import Tasks
from controller.operator.workqueue import WorkQueue

DEADLINE = 5.0


class Recorder:
    """The `process` of the queue under test: counts calls, can be held, can fail."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.running: Counter[str] = Counter()
        self.most_at_once: Counter[str] = Counter()
        self.total_at_once = 0
        self.release: dict[str, asyncio.Event] = {}
        self.fail: Counter[str] = Counter()
        self.done = asyncio.Condition()

    async def __call__(self, name: str) -> None:
        self.running[name] += 1
        self.most_at_once[name] = max(self.most_at_once[name], self.running[name])
        self.total_at_once = max(self.total_at_once, sum(self.running.values()))
        try:
            if name in self.release:
                await self.release[name].wait()
            if self.fail[name] > 0:
                self.fail[name] -= 1
                raise RuntimeError(f"{name} failed on purpose")
        finally:
            self.running[name] -= 1
            self.calls[name] += 1
            async with self.done:
                self.done.notify_all()

    async def wait(self, predicate: Callable[[], bool]) -> None:
        async def until() -> None:
            async with self.done:
                await self.done.wait_for(predicate)

        await asyncio.wait_for(until(), DEADLINE)


def queue_of(process: Callable[[str], Awaitable[None]], tasks: Tasks, **kw: float) -> WorkQueue:
    return WorkQueue(process, tasks.spawn, **kw)


async def test_a_name_waits_once_however_many_events_arrive(tasks: Tasks) -> None:
    rec = Recorder()
    queue = queue_of(rec, tasks, workers=4)
    for _ in range(5):
        queue.add("a")
    queue.add("b")
    assert len(queue) == 2
    queue.start()
    await rec.wait(lambda: rec.calls["a"] == 1 and rec.calls["b"] == 1)
    assert len(queue) == 0
    queue.add("b")  # a marker behind anything still queued
    await rec.wait(lambda: rec.calls["b"] == 2)
    assert rec.calls["a"] == 1


async def test_a_name_added_while_it_is_decided_is_decided_again_afterwards_never_at_the_same_time(
    tasks: Tasks,
) -> None:
    rec = Recorder()
    rec.release["a"] = asyncio.Event()
    queue = queue_of(rec, tasks, workers=4)
    queue.start()
    queue.add("a")
    await rec.wait(lambda: rec.running["a"] == 1)
    assert queue.lock("a").locked()  # other writers of the incident (escalation records) wait for the decision
    queue.add("a")  # a newer version arrived while the first decision runs
    queue.add("b")
    await rec.wait(lambda: rec.calls["b"] == 1)  # other names are not held up
    rec.release["a"].set()
    await rec.wait(lambda: rec.calls["a"] == 2)
    assert rec.most_at_once["a"] == 1
    assert not queue.lock("a").locked()


async def test_workers_decide_different_names_at_once(tasks: Tasks) -> None:
    rec = Recorder()
    gate = asyncio.Event()
    for name in ("a", "b", "c"):
        rec.release[name] = gate
    queue = queue_of(rec, tasks, workers=2)
    queue.start()
    for name in ("a", "b", "c"):
        queue.add(name)
    await rec.wait(lambda: sum(rec.running.values()) == 2)
    assert len(queue) == 1  # the third waits for a free worker
    gate.set()
    await rec.wait(lambda: sum(rec.calls.values()) == 3)
    assert rec.total_at_once == 2


async def test_a_later_delay_replaces_the_pending_timer_and_none_cancels_it(tasks: Tasks) -> None:
    rec = Recorder()
    queue = queue_of(rec, tasks, workers=1)
    queue.start()
    queue.add_after("a", 0.05)
    queue.add_after("a", 0.3)  # replaces the 0.05 s timer
    queue.add_after("gone", 0.05)
    queue.add_after("gone", None)
    queue.add_after("marker", 0.15)
    await rec.wait(lambda: rec.calls["marker"] == 1)
    assert rec.calls["a"] == 0 and rec.calls["gone"] == 0  # the 0.05 s timers would have fired by now
    await rec.wait(lambda: rec.calls["a"] == 1)
    assert rec.calls["gone"] == 0


async def test_a_failed_decision_is_retried_after_the_retry_delay(tasks: Tasks) -> None:
    rec = Recorder()
    rec.fail["a"] = 2
    queue = queue_of(rec, tasks, workers=1, retry_seconds=0.05)
    queue.start()
    queue.add("a")
    await rec.wait(lambda: rec.calls["a"] == 3)  # failed twice, then succeeded
    queue.add_after("marker", 0.2)
    await rec.wait(lambda: rec.calls["marker"] == 1)
    assert rec.calls["a"] == 3  # no retry after the success


@pytest.mark.parametrize(
    "cancel",
    [lambda q: q.forget("a"), lambda q: q.stop()],
    ids=["forget: the object was deleted", "stop: the operator shuts down"],
)
async def test_forget_and_stop_cancel_pending_timers(tasks: Tasks, cancel: Callable[[WorkQueue], None]) -> None:
    rec = Recorder()
    queue = queue_of(rec, tasks, workers=1)
    queue.start()
    queue.add_after("a", 0.05)
    cancel(queue)
    queue.add_after("marker", 0.15)
    await rec.wait(lambda: rec.calls["marker"] == 1)
    assert rec.calls["a"] == 0


async def one_worker_busy(tasks: Tasks) -> tuple[WorkQueue, list[str], asyncio.Event]:
    """A queue with one worker, busy deciding "busy" until the returned gate is set; `order` lists what it decided."""
    order: list[str] = []
    gate, busy = asyncio.Event(), asyncio.Event()

    async def process(name: str) -> None:
        if name == "busy":
            busy.set()
            await gate.wait()
        order.append(name)

    queue = queue_of(process, tasks, workers=1)
    queue.start()
    queue.add("busy")
    await asyncio.wait_for(busy.wait(), DEADLINE)
    return queue, order, gate


async def test_an_urgent_name_goes_ahead_of_everything_waiting_once(tasks: Tasks) -> None:
    """A slot freed under a storm: the incident woken for it is decided next, not behind the first decisions."""
    queue, order, gate = await one_worker_busy(tasks)
    for i in range(5):
        queue.add(f"new-{i}")
    queue.add("woken", urgent=True)
    queue.add("new-3", urgent=True)  # already waiting: moved ahead, still decided once
    queue.add("woken")  # a later plain event does not push it back
    assert len(queue) == 6
    gate.set()
    async with asyncio.timeout(DEADLINE):
        while len(order) < 7:
            await asyncio.sleep(0.01)
    assert order == ["busy", "woken", "new-3", "new-0", "new-1", "new-2", "new-4"]
    assert len(queue) == 0


async def test_incidents_in_flight_and_new_ones_take_turns_so_neither_starves(tasks: Tasks) -> None:
    """Behind 10,000 first decisions, an incident whose verification would free a slot waited minutes; strict
    priority for everything in flight starved the first decisions instead. In turns, each gets half."""
    queue, order, gate = await one_worker_busy(tasks)
    for i in range(4):
        queue.add(f"new-{i}")
    for i in range(2):
        queue.add(f"flying-{i}", in_flight=True)
    queue.add("new-3", in_flight=True)  # now in flight: moves to that lane
    queue.add("flying-0")  # a plain event does not move it back
    queue.add("woken", urgent=True)
    gate.set()
    async with asyncio.timeout(DEADLINE):
        while len(order) < 8:
            await asyncio.sleep(0.01)
    # in turns (the last turn, taking "busy", was the in-flight lane's: empty, so the normal one gave it)
    assert order == ["busy", "woken", "new-0", "flying-0", "new-1", "flying-1", "new-2", "new-3"]
    assert len(queue) == 0


async def test_a_timer_requeues_into_the_lane_it_was_set_for(tasks: Tasks) -> None:
    rec = Recorder()
    queue = queue_of(rec, tasks, workers=1)
    queue.add_after("flying", 0.01, in_flight=True)
    await asyncio.sleep(0)
    async with asyncio.timeout(DEADLINE):
        while "flying" not in queue._queued:
            await asyncio.sleep(0.005)
    assert queue._queued["flying"] == 1  # IN_FLIGHT


def _sample(name: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name) or 0.0


async def test_the_queue_reports_its_depth_and_how_long_each_name_waited(tasks: Tasks) -> None:
    """healing_workqueue_depth and healing_workqueue_queue_duration_seconds, as controller-runtime names them: a
    name that waits behind a held worker is counted waiting, and its wait is observed once, when a worker takes it
    (not again when it changed lanes meanwhile)."""
    rec = Recorder()
    rec.release["first"] = asyncio.Event()
    queue = queue_of(rec, tasks, workers=1)
    count_before = _sample("healing_workqueue_queue_duration_seconds_count")
    sum_before = _sample("healing_workqueue_queue_duration_seconds_sum")
    queue.start()
    queue.add("first")
    await rec.wait(lambda: rec.running["first"] == 1)
    queue.add("waiting")
    queue.add("waiting", urgent=True)  # moves to the urgent lane: still one name waiting, one wait to observe
    assert _sample("healing_workqueue_depth") == 1
    await asyncio.sleep(0.2)  # the wait being measured, not a synchronisation
    rec.release["first"].set()
    await rec.wait(lambda: rec.calls["waiting"] == 1)
    assert _sample("healing_workqueue_depth") == 0
    assert _sample("healing_workqueue_queue_duration_seconds_count") - count_before == 2
    waited = _sample("healing_workqueue_queue_duration_seconds_sum") - sum_before
    assert 0.2 <= waited < DEADLINE  # "first" was taken at once, "waiting" waited for the held worker
