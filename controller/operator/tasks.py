"""The background tasks the runtime starts (workers, status writers, outcome folds, escalations).

asyncio keeps only weak references to tasks, so they are held here until done; a failure is logged (nobody awaits
them); all are cancelled at shutdown. Not asyncio.TaskGroup: one failed task must not cancel its siblings.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)
# How the parts start background work: Tasks.spawn, or a stand-in in their unit tests.
Spawn = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any]"]


class Tasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("background task failed: %r", exc, exc_info=exc)

    async def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
