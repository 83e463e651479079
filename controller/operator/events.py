"""Kubernetes Events (core/v1) for every decision a human wants to see: on the Incident and on its HealingPolicy.

Both kinds are cluster-scoped, so events go to the `default` namespace (`kubectl describe` finds them by
involvedObject). Posting never blocks a decision: a bounded background queue, best effort.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from typing import Any

from controller.constants import API_VERSION
from controller.operator.k8s import ApiError, Kube

log = logging.getLogger(__name__)
EVENT_NAMESPACE = "default"
COMPONENT = "healing-operator"
QUEUE_SIZE = 5000
# Like client-go's event spam filter: under a storm the API server's capacity goes to decisions, not to Normal
# Events; Warnings are always queued.
NORMAL_BACKLOG_LIMIT = 200


def involved(kind: str, name: str, uid: str | None) -> dict[str, Any]:
    ref = {"apiVersion": API_VERSION, "kind": kind, "name": name}
    if uid:
        ref["uid"] = uid
    return ref


def event_body(ref: dict[str, Any], type_: str, reason: str, message: str, now: datetime) -> dict[str, Any]:
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"generateName": f"{ref['name'][:200]}.", "namespace": EVENT_NAMESPACE},
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


class EventPoster:
    def __init__(self, kube: Kube, workers: int = 2) -> None:
        self.kube = kube
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._workers = workers
        self._tasks: list[asyncio.Task[None]] = []
        self.dropped = 0

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

    def post(self, ref: dict[str, Any], type_: str, reason: str, message: str) -> None:
        if type_ == "Normal" and self.queue.qsize() >= NORMAL_BACKLOG_LIMIT:
            self.dropped += 1
            return
        try:
            self.queue.put_nowait(event_body(ref, type_, reason, message, datetime.now(UTC)))
        except asyncio.QueueFull:
            log.warning("event queue full, dropping %s %s", reason, message)

    async def _run(self) -> None:
        while True:
            body = await self.queue.get()
            try:
                await self.kube.request("POST", f"/api/v1/namespaces/{EVENT_NAMESPACE}/events", body=body)
            except ApiError as exc:
                log.debug("event not posted: %s", exc)
            finally:
                self.queue.task_done()
