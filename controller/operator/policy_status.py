"""The single writer of each HealingPolicy's status.

Budget reservations, outcomes, escalation counts and reconciliation all change the same status. Each change is a
`mutate(policy) -> status` queued for its policy; one writer per policy applies everything queued while its
previous write was in flight, in order, to the freshest cached policy, and writes the difference in ONE merge
patch with a resourceVersion precondition, retried on 409 after a re-read. A storm costs a handful of policy
writes, not one per incident, and no change is lost to a concurrent writer.

Hand-written rather than Kopf's `patch` kwarg: that patch is applied when a handler of the policy returns, without
a resourceVersion precondition, while these changes come from the incidents' decisions, outside any policy handler.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from controller.api.healingpolicy import HealingPolicy, HealingPolicyStatus
from controller.constants import POLICY_PLURAL
from controller.operator.cache import Cache, parse_policy
from controller.operator.k8s import ApiError, Kube
from controller.operator.tasks import Spawn

log = logging.getLogger(__name__)

CONFLICT_RETRIES = 20
BATCH_SECONDS = 0.25  # how long a write waits for more changes of the same policy
MAX_BATCH_SECONDS = 1.0  # ... at most, when the API server is slow (batch_window)
Mutate = Callable[[HealingPolicy], HealingPolicyStatus | Awaitable[HealingPolicyStatus]]


def policy_status_patch(old: HealingPolicyStatus, new: HealingPolicyStatus) -> dict[str, Any]:
    """Merge patch of the status keys that changed (empty: nothing to write)."""
    before, after = old.dump(), new.dump()
    return {k: after.get(k) for k in set(before) | set(after) if before.get(k) != after.get(k)}


class PolicyStatusWriter:
    def __init__(
        self, kube: Kube, cache: Cache, spawn: Spawn, *, owns: Callable[[str], bool] = lambda _: True
    ) -> None:
        self.kube = kube
        self.cache = cache
        self._spawn = spawn
        self._owns = owns  # sharded (shard.py): the policies whose single writer this process is
        self._queue: defaultdict[str, list[tuple[Mutate, asyncio.Future[HealingPolicy | None]]]] = defaultdict(list)
        self._writing: set[str] = set()
        self.batch_seconds = BATCH_SECONDS
        self.max_batch_seconds = MAX_BATCH_SECONDS
        self._last_write_seconds: dict[str, float] = {}

    async def update(self, name: str, mutate: Mutate) -> HealingPolicy | None:
        """Change the policy status through its single writer; returns the policy as written (None: gone, or the
        write kept conflicting, or another shard owns the policy)."""
        if not self._owns(name):  # fail closed: a second writer would break the guards' exact counts
            log.error("policy %s: its status belongs to another shard; not written by this one", name)
            return None
        fut: asyncio.Future[HealingPolicy | None] = asyncio.get_running_loop().create_future()
        self._queue[name].append((mutate, fut))
        if name not in self._writing:
            self._writing.add(name)
            self._spawn(self._writer(name))
        return await fut

    def batch_window(self, name: str) -> float:
        """How long the next write of this policy gathers changes: as long as its last write took the API server
        (no more often than the server takes them), between batch_seconds and max_batch_seconds. A quiet policy's
        writes are quick, so its changes wait the short window; in a storm each write carries the whole status
        through a busy server and back to every watcher, and the longer window halves how many there are."""
        last = self._last_write_seconds.get(name, 0.0)
        return min(self.max_batch_seconds, max(self.batch_seconds, last))

    async def drain(self, seconds: float) -> None:
        """Wait (at most `seconds`) for the writes queued so far, e.g. learning before a shutdown."""
        deadline = time.monotonic() + seconds
        while self._writing and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    async def _writer(self, name: str) -> None:
        try:
            while self._queue.get(name):
                # Gather what arrives in the next moment into the same write: in a storm every request and every
                # outcome changes the policy. Nothing waits on it but the write itself.
                await asyncio.sleep(self.batch_window(name))
                batch = self._queue.pop(name)
                started = time.monotonic()
                try:
                    policy = await self._write(name, [m for m, _ in batch])
                except Exception as exc:
                    for _, fut in batch:
                        if not fut.done():
                            fut.set_exception(exc)
                    continue
                finally:
                    self._last_write_seconds[name] = time.monotonic() - started
                for _, fut in batch:
                    if not fut.done():
                        fut.set_result(policy)
        finally:
            self._writing.discard(name)
            for _, fut in self._queue.pop(name, []):  # cancelled while queued: nobody will write them
                if not fut.done():
                    fut.cancel()

    async def _write(self, name: str, mutates: list[Mutate]) -> HealingPolicy | None:
        policy = self.cache.policies.get(name) or await self.cache.reread_policy(name)
        for _ in range(CONFLICT_RETRIES):
            if policy is None:
                return None
            current = policy
            for mutate in mutates:
                result = mutate(current)
                status = await result if asyncio.iscoroutine(result) else result
                current = current.model_copy(update={"status": status})
            patch = policy_status_patch(policy.status, current.status)
            if not patch:
                return policy
            try:
                body = await self.kube.patch(
                    POLICY_PLURAL,
                    name,
                    {"status": patch},
                    status=True,
                    resource_version=policy.metadata.resource_version,
                )
            except ApiError as exc:
                if exc.conflict:
                    policy = await self.cache.reread_policy(name)
                    continue
                if exc.not_found:
                    self.cache.policies.pop(name, None)
                    return None
                raise
            updated = parse_policy(body)
            if updated is not None:
                self.cache.policies[name] = updated
            return updated
        log.warning("policy %s: status update kept conflicting", name)
        return None
