"""Kubernetes Events (core/v1) for every decision a human wants to see: on the Incident and on its HealingPolicy.

Both kinds are cluster-scoped, so events go to the `default` namespace (`kubectl describe` finds them by
involvedObject). Posting never blocks a decision: a background queue, best effort.

Aggregated the way client-go's EventCorrelator does it, so a repeated Event costs an update, not a new object:

* **the same Event again** (object, type, reason, message): the Event already posted gets `count` + 1 and a new
  `lastTimestamp` (a merge patch), like client-go's EventLogger;
* **similar Events** (object, type, reason; other messages): after `AGGREGATE_AFTER` distinct messages within
  `AGGREGATE_WINDOW_SECONDS`, the next ones go to one Event "(combined from similar events): <latest message>"
  whose count grows, like client-go's EventAggregator;
* **coalesced**: the Event's name is chosen here (`<object>.<hex nanoseconds>`, as client-go does), so a repeat that
  arrives while its Event still waits to be written changes the waiting body: one write however many repeats.

Under a storm, new Normal Events are dropped when more than `NORMAL_BACKLOG_LIMIT` wait to be written (Warnings
never are), like client-go's spam filter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from controller.constants import API_VERSION
from controller.operator.k8s import ApiError, Kube

log = logging.getLogger(__name__)
EVENT_NAMESPACE = "default"
EVENTS_PATH = f"/api/v1/namespaces/{EVENT_NAMESPACE}/events"
COMPONENT = "healing-operator"
NORMAL_BACKLOG_LIMIT = 200
# client-go's defaults (record.EventCorrelator): 10 similar events in 10 minutes, then one combined Event; an LRU of
# 4096 Events remembered for the counts.
AGGREGATE_AFTER = 10
AGGREGATE_WINDOW_SECONDS = 600.0
COMBINED_PREFIX = "(combined from similar events): "
REMEMBERED = 4096

EventKey = tuple[str, str, str, str, str, str]  # kind, name, uid, type, reason, message ("" for the combined one)
SimilarKey = tuple[str, str, str, str, str]


def involved(kind: str, name: str, uid: str | None) -> dict[str, Any]:
    ref = {"apiVersion": API_VERSION, "kind": kind, "name": name}
    if uid:
        ref["uid"] = uid
    return ref


_last_name_ns = 0


def _name_suffix() -> str:
    """Nanoseconds, as client-go names Events, made unique within this process."""
    global _last_name_ns
    _last_name_ns = max(time.time_ns(), _last_name_ns + 1)
    return f"{_last_name_ns:x}"


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_body(
    ref: dict[str, Any], type_: str, reason: str, message: str, now: datetime, instance: str | None = None
) -> dict[str, Any]:
    stamp = _stamp(now)
    body = {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": f"{ref['name'][:200]}.{_name_suffix()}", "namespace": EVENT_NAMESPACE},
        "involvedObject": ref,
        "type": type_,
        "reason": reason[:128],
        "message": message[:1024],
        "source": {"component": COMPONENT},
        "reportingComponent": COMPONENT,
        "firstTimestamp": stamp,
        "lastTimestamp": stamp,
        "count": 1,
    }
    if instance:  # which shard of the operator posted it (controller/operator/shard.py)
        body["reportingInstance"] = instance
    return body


@dataclass
class _Record:
    """One Event as it should be on the API server, and whether it is (created, dirty)."""

    body: dict[str, Any]
    created: bool = False
    dirty: bool = True
    writing: bool = False


@dataclass
class _Similar:
    """The distinct messages seen for one (object, type, reason) since `since`."""

    since: float
    messages: set[str] = field(default_factory=set)


class EventPoster:
    def __init__(self, kube: Kube, workers: int = 2, *, instance: str | None = None) -> None:
        self.kube = kube
        self.instance = instance
        self._records: OrderedDict[EventKey, _Record] = OrderedDict()
        self._similar: OrderedDict[SimilarKey, _Similar] = OrderedDict()
        self.queue: asyncio.Queue[EventKey] = asyncio.Queue()
        self._queued: set[EventKey] = set()
        self._workers = workers
        self._tasks: list[asyncio.Task[None]] = []
        self.dropped = 0
        self.writes: Counter[str] = Counter()  # "create", "update": what aggregation saved shows in the metrics

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._run()) for _ in range(self._workers)]

    async def stop(self, drain_seconds: float = 2.0) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.queue.join(), drain_seconds)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def pending(self) -> list[dict[str, Any]]:
        """The Events waiting to be written, oldest first, as they will be written."""
        waiting = list(self.queue._queue)  # type: ignore[attr-defined]
        return [self._records[key].body for key in waiting if key in self._records]

    def post(self, ref: dict[str, Any], type_: str, reason: str, message: str) -> None:
        now = datetime.now(UTC)
        reason, message = reason[:128], message[:1024]
        similar_key: SimilarKey = (ref["kind"], ref["name"], ref.get("uid", ""), type_, reason)
        key: EventKey = (*similar_key, message)
        if key not in self._records and self._similar_seen(similar_key, message) > AGGREGATE_AFTER:
            key = (*similar_key, "")
            message = (COMBINED_PREFIX + message)[:1024]
        record = self._records.get(key)
        if record is not None:
            self._records.move_to_end(key)
            record.body.update(count=record.body["count"] + 1, lastTimestamp=_stamp(now), message=message)
            record.dirty = True
        else:
            if type_ == "Normal" and len(self._queued) >= NORMAL_BACKLOG_LIMIT:
                self.dropped += 1
                return
            self._records[key] = _Record(event_body(ref, type_, reason, message, now, self.instance))
            if len(self._records) > REMEMBERED:
                self._records.popitem(last=False)
        self._enqueue(key)

    def _similar_seen(self, key: SimilarKey, message: str) -> int:
        """How many distinct messages this (object, type, reason) had in the window, counting this one."""
        now = time.monotonic()
        similar = self._similar.get(key)
        if similar is None or now - similar.since > AGGREGATE_WINDOW_SECONDS:
            similar = self._similar[key] = _Similar(since=now)
            if len(self._similar) > REMEMBERED:
                self._similar.popitem(last=False)
        self._similar.move_to_end(key)
        similar.messages.add(message)
        return len(similar.messages)

    def _enqueue(self, key: EventKey) -> None:
        if key not in self._queued:
            self._queued.add(key)
            self.queue.put_nowait(key)

    async def _run(self) -> None:
        while True:
            key = await self.queue.get()
            self._queued.discard(key)
            record = self._records.get(key)
            try:
                if record is not None and record.dirty and not record.writing:  # a writer already on it requeues
                    record.writing = True
                    try:
                        await self._write(record)
                    finally:
                        record.writing = False
                    if record.dirty:  # repeated while it was being written
                        self._enqueue(key)
            finally:
                self.queue.task_done()

    async def _write(self, record: _Record) -> None:
        record.dirty = False
        body = dict(record.body)
        try:
            if not record.created:
                await self.kube.request("POST", EVENTS_PATH, body=body)
                self.writes["create"] += 1
            else:
                name = body["metadata"]["name"]
                patch = {k: body[k] for k in ("count", "lastTimestamp", "message")}
                await self.kube.request("PATCH", f"{EVENTS_PATH}/{name}", body=patch,
                                        content_type="application/merge-patch+json")
                self.writes["update"] += 1
            record.created = True
        except ApiError as exc:
            if exc.not_found and record.created:  # expired (the API server keeps Events for an hour): post it anew
                record.created, record.dirty = False, True
                return
            if exc.conflict and not record.created:  # already there (an earlier POST whose answer was lost)
                record.created, record.dirty = True, True
                return
            log.debug("event not posted: %s", exc)
