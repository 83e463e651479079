"""The incident workqueue, as in controller-runtime: names wait once, N workers decide, timers requeue.

* **Dedup.** A name waits in the queue at most once: the events of one incident that arrive while it waits are
  decided once, on the newest cached version. A name added while its decision runs is queued again (that decision
  may have read an older version).
* **Workers.** `workers` tasks take names and call `process(name)` under the name's lock, so one incident is never
  decided twice at once (other writers of that incident take the same lock); an exception is logged and the name
  is retried after `retry_seconds`.
* **Urgent lane.** `add(name, urgent=True)` puts a name ahead of everything waiting: an incident woken for a free
  slot of its policy (Runtime.kick_waiting). Under a storm the queue holds hundreds of first decisions (each a status
  write); a freed slot woken behind them sat idle for seconds (admissible -> requested p99 10 s at 1,000 incidents).
  Only those wake-ups are urgent, at most one per freed slot, so the other decisions are never starved -- unlike
  taking everything in flight first (docs/operator.md, run D).
* **In-flight lane, taken in turns.** `add(name, in_flight=True)`: an incident under remediation (an execution or a
  health report arrived, its verification timer fired). Its decision is what frees a slot; behind 10,000 first
  decisions it waited minutes (nothing was resolved in the first 150 s of a 10,000-incident storm). The workers take
  the in-flight lane and the normal lane in turns, so each gets at least half of the decisions when both wait:
  neither starves (strict priority for everything in flight starved the first decisions: run D).
* **Delayed requeue.** One timer per name (verify.after, a cooldown, retention, a retry): a new delay replaces the
  pending one, None cancels it.

Hand-written rather than Kopf's retries (`kopf.TemporaryError(delay=)`): incidents are watched with `on.event`
(handlers.py says why), which Kopf never retries, and a per-object Kopf handler that waited for its decision would
make Kopf buffer every raw watch event of that object while it waits instead of deciding once on the newest --
what keeps a storm's latency flat (docs/operator.md, Performance).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable

from controller.operator import metrics
from controller.operator.tasks import Spawn

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
URGENT, IN_FLIGHT, NORMAL = 0, 1, 2  # the lanes, most urgent first


class WorkQueue:
    def __init__(
        self,
        process: Callable[[str], Awaitable[None]],
        spawn: Spawn,
        *,
        workers: int = 16,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        self._process = process
        self._spawn = spawn
        self._workers = workers
        self.retry_seconds = retry_seconds
        self._lanes: tuple[deque[str], ...] = (deque(), deque(), deque())  # URGENT, IN_FLIGHT, NORMAL
        self._queued: dict[str, int] = {}  # waiting name -> its lane (an entry in another lane is stale: skipped)
        self._queued_at: dict[str, float] = {}  # waiting name -> when it was queued (kept when it changes lanes)
        self._in_flight_turn = True
        self._ready = asyncio.Event()
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def start(self) -> None:
        for _ in range(self._workers):
            self._spawn(self._worker())

    def stop(self) -> None:
        """Cancel the timers (the workers are the spawner's tasks, cancelled with them)."""
        for handle in self._timers.values():
            handle.cancel()
        self._timers.clear()

    def __len__(self) -> int:
        """Names waiting for a worker."""
        return len(self._queued)

    def add(self, name: str, *, urgent: bool = False, in_flight: bool = False) -> None:
        """Queue the name once, in the urgent, in-flight or normal lane; a waiting name moves to a more urgent lane,
        never to a less urgent one."""
        lane = URGENT if urgent else IN_FLIGHT if in_flight else NORMAL
        if self._queued.get(name, NORMAL + 1) <= lane:
            return
        self._queued[name] = lane
        self._queued_at.setdefault(name, time.monotonic())
        self._lanes[lane].append(name)
        metrics.WORKQUEUE_DEPTH.set(len(self._queued))
        self._ready.set()

    def _pop(self, lane: int) -> str | None:
        entries = self._lanes[lane]
        while entries:
            name = entries.popleft()
            if self._queued.get(name) == lane:
                del self._queued[name]
                metrics.WORKQUEUE_DEPTH.set(len(self._queued))
                metrics.WORKQUEUE_WAIT_SECONDS.observe(time.monotonic() - self._queued_at.pop(name))
                return name
        return None

    async def _next(self) -> str:
        while True:
            name = self._pop(URGENT)
            if name is None:
                turns = (IN_FLIGHT, NORMAL) if self._in_flight_turn else (NORMAL, IN_FLIGHT)
                self._in_flight_turn = not self._in_flight_turn
                name = self._pop(turns[0]) or self._pop(turns[1])
            if name is not None:
                return name
            self._ready.clear()
            await self._ready.wait()

    def add_after(self, name: str, delay: float | None, *, in_flight: bool = False) -> None:
        """Add the name after `delay` seconds, replacing its pending timer; None only cancels the timer."""
        if (handle := self._timers.pop(name, None)) is not None:
            handle.cancel()
        if delay is None:
            return
        self._timers[name] = asyncio.get_running_loop().call_later(delay, self._timer_fired, name, in_flight)

    def forget(self, name: str) -> None:
        """The object is gone: no timer, no lock kept for it."""
        self._locks.pop(name, None)
        if (handle := self._timers.pop(name, None)) is not None:
            handle.cancel()

    def busy(self, name: str) -> bool:
        """Being processed (or written by another writer of the object) right now."""
        lock = self._locks.get(name)
        return lock is not None and lock.locked()

    def lock(self, name: str) -> asyncio.Lock:
        """Held while the name is processed; other writers of the same object take it too."""
        return self._locks[name]

    def _timer_fired(self, name: str, in_flight: bool) -> None:
        self._timers.pop(name, None)
        self.add(name, in_flight=in_flight)

    async def _worker(self) -> None:
        while True:
            name = await self._next()
            try:
                async with self._locks[name]:
                    await self._process(name)
            except Exception:
                log.exception("incident %s: decision failed; retrying in %.0fs", name, self.retry_seconds)
                self.add_after(name, self.retry_seconds)
