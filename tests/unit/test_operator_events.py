"""Events aggregated as client-go does (controller/operator/events.py): a repeat is an update, similar Events are
combined after ten, repeats waiting to be written cost one write."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from controller.operator import events
from controller.operator.events import AGGREGATE_AFTER, COMBINED_PREFIX, EventPoster, involved
from controller.operator.k8s import ApiError
from tests.fakes.kube import FakeKube, eventually

REF = involved("Incident", "inc-1", "uid-1")


@pytest_asyncio.fixture(loop_scope="function")
async def started() -> AsyncIterator[tuple[FakeKube, EventPoster]]:
    kube = FakeKube()
    poster = EventPoster(kube)
    poster.start()
    yield kube, poster
    await poster.stop()


def by_method(kube: FakeKube, method: str) -> list[tuple[str, dict]]:
    return [(path, body) for m, path, body in kube.requests if m == method]


async def test_a_repeat_waiting_to_be_written_changes_the_waiting_event() -> None:
    kube = FakeKube()
    poster = EventPoster(kube)
    for _ in range(3):
        poster.post(REF, "Warning", "AgentSilent", "the agent is silent")
    assert [(b["reason"], b["count"]) for b in poster.pending()] == [("AgentSilent", 3)]
    poster.start()
    await poster.stop(drain_seconds=5)
    assert [b["count"] for _, b in by_method(kube, "POST")] == [3] and by_method(kube, "PATCH") == []


async def test_a_repeat_of_a_written_event_updates_its_count(started: tuple[FakeKube, EventPoster]) -> None:
    kube, poster = started
    poster.post(REF, "Normal", "Cooldown", "backing off")
    await eventually(lambda: len(kube.posted) == 1)
    poster.post(REF, "Normal", "Cooldown", "backing off")
    await eventually(lambda: len(by_method(kube, "PATCH")) == 1)
    path, patch = by_method(kube, "PATCH")[0]
    assert path == f"{events.EVENTS_PATH}/{kube.posted[0]['metadata']['name']}"
    assert patch["count"] == 2 and set(patch) == {"count", "lastTimestamp", "message"}
    assert poster.writes == {"create": 1, "update": 1}


async def test_similar_events_are_combined_after_ten(started: tuple[FakeKube, EventPoster]) -> None:
    kube, poster = started
    for i in range(AGGREGATE_AFTER + 5):
        poster.post(REF, "Warning", "BlastRadius", f"inc-{i}: held")
        await eventually(lambda: not poster.pending())
    poster.post(REF, "Warning", "Verified", "another reason is not similar")
    poster.post(involved("Incident", "inc-2", "uid-2"), "Warning", "BlastRadius", "another object neither")
    await poster.stop()
    messages = [b["message"] for b in kube.posted]
    assert messages[:AGGREGATE_AFTER] == [f"inc-{i}: held" for i in range(AGGREGATE_AFTER)]
    assert messages[AGGREGATE_AFTER:] == [f"{COMBINED_PREFIX}inc-{AGGREGATE_AFTER}: held",
                                          "another reason is not similar", "another object neither"]
    patches = [b for _, b in by_method(kube, "PATCH")]
    assert [(p["count"], p["message"]) for p in patches] == [
        (n + 2, f"{COMBINED_PREFIX}inc-{AGGREGATE_AFTER + n + 1}: held") for n in range(4)]


async def test_an_expired_event_is_posted_again(started: tuple[FakeKube, EventPoster]) -> None:
    kube, poster = started
    poster.post(REF, "Warning", "AgentSilent", "silent")
    await eventually(lambda: len(kube.posted) == 1)
    kube.fail_next.append(ApiError(404, "events not found"))  # the API server dropped it after its TTL
    poster.post(REF, "Warning", "AgentSilent", "silent")
    await eventually(lambda: len(kube.posted) == 2)
    assert kube.posted[1]["count"] == 2 and kube.posted[1]["metadata"]["name"] == kube.posted[0]["metadata"]["name"]


async def test_under_a_backlog_new_normal_events_are_dropped_warnings_never() -> None:
    poster = EventPoster(FakeKube())  # not started: everything waits
    for i in range(events.NORMAL_BACKLOG_LIMIT + 10):
        poster.post(involved("Incident", f"inc-{i}", None), "Normal", "Verified", "ok")
    poster.post(REF, "Warning", "Failed", "escalating")
    poster.post(involved("Incident", "inc-0", None), "Normal", "Verified", "ok")  # a repeat: counted, not new
    pending = poster.pending()
    assert poster.dropped == 10 and len(pending) == events.NORMAL_BACKLOG_LIMIT + 1
    assert pending[0]["count"] == 2 and pending[-1]["reason"] == "Failed"


def test_hostile_text_is_bounded_and_names_are_unique() -> None:
    poster = EventPoster(FakeKube())
    for _ in range(2):
        poster.post(involved("Incident", "x" * 300, None), "Warning", "R" * 500, "a" * 5000)
        poster.post(involved("Incident", "x" * 300, None), "Warning", "R" * 500, "b" * 5000 + "c")
    poster.post(involved("Incident", "x" * 300, None), "Warning", "R" * 500, "b" * 5000 + "d")
    pending = poster.pending()
    assert [b["count"] for b in pending] == [2, 3]  # what differs past the bound is the same Event
    assert all(len(b["message"]) == 1024 and len(b["reason"]) == 128 for b in pending)
    names = [b["metadata"]["name"] for b in pending]
    assert len(set(names)) == 2 and all(len(n) <= 253 for n in names)
