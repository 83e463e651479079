"""Outcome notes, from the Incident to its policy, exactly once.

A decision writes what the incident teaches -- a verified outcome of an action, a self-recovery, what Shadow mode
would have done -- as a note in the Incident's status, in the same write as the phase change (incident_lifecycle).
Then, in three steps that each survive a crash:

1. the note is on the Incident, not applied;
2. the policy's single writer folds it into the policy's status and remembers its key (`appliedOutcomes`), in one
   write: a note whose key is there already changes nothing;
3. the note is marked applied on the Incident (under its lock, with a resourceVersion precondition).

An operator that dies after 1 applies the note when it starts again (`recover`); one that dies after 2 finds the
key on the policy and only marks the note. Nothing is lost, nothing is counted twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from controller.api.incident import Incident, OutcomeNote
from controller.constants import INCIDENT_PLURAL
from controller.operator.cache import Cache, parse_incident
from controller.operator.k8s import ApiError, Kube
from controller.operator.policy_controller import PolicyController
from controller.operator.policy_status import CONFLICT_RETRIES
from controller.operator.tasks import Spawn

log = logging.getLogger(__name__)


def pending(inc: Incident) -> list[OutcomeNote]:
    return [n for n in inc.status.outcomes if not n.applied]


class OutcomeRecorder:
    def __init__(
        self,
        cache: Cache,
        kube: Kube,
        policies: PolicyController,
        lock: Callable[[str], asyncio.Lock],
        spawn: Spawn,
        *,
        owns: Callable[[str], bool] = lambda _: True,
    ) -> None:
        self.cache = cache
        self._owns = owns  # sharded: the notes of the policies this process writes (shard.py)
        self.kube = kube
        self.policies = policies
        self._lock = lock  # the incident's lock, shared with its decisions (workqueue)
        self._spawn = spawn
        self._running: set[str] = set()

    def schedule(self, inc: Incident) -> None:
        """Apply the incident's pending notes in the background (once at a time per incident)."""
        name = inc.metadata.name
        if pending(inc) and inc.status.policy and self._owns(inc.status.policy) and name not in self._running:
            self._running.add(name)
            self._spawn(self._apply(name))

    def recover(self) -> None:
        """After a restart: notes written before an operator died are applied now (by the shard that owns their
        policy)."""
        for inc in list(self.cache.incidents.values()):
            self.schedule(inc)

    async def _apply(self, name: str) -> None:
        try:
            inc = self.cache.incidents.get(name)
            if inc is None or not (notes := pending(inc)) or not inc.status.policy:
                return
            written = await self.policies.apply_notes(inc.status.policy, inc, notes)
            if written is None or any(n.key not in written.status.applied_outcomes for n in notes):
                return  # the policy is gone (nothing to learn into), or it was not written: stays pending
            await self._mark_applied(name, {n.key for n in notes})
        except ApiError as exc:
            log.warning("incident %s: outcome notes not applied yet (%s); they stay pending", name, exc)
        finally:
            self._running.discard(name)
        inc = self.cache.incidents.get(name)
        if inc is not None and pending(inc):
            self.schedule(inc)  # a new note arrived meanwhile

    async def _mark_applied(self, name: str, keys: set[str]) -> None:
        async with self._lock(name):
            for attempt in range(CONFLICT_RETRIES):
                # the cached copy first (the operator itself just wrote this incident Resolved, so it is usually
                # current, and a stale one costs a 409); after a 409, read from the API server
                inc = self.cache.incidents.get(name) if attempt == 0 else None
                if inc is None or not keys <= {n.key for n in inc.status.outcomes}:
                    inc = await self.cache.reread_incident(name)
                if inc is None:
                    return
                notes = [n.model_copy(update={"applied": True}) if n.key in keys else n for n in inc.status.outcomes]
                if notes == inc.status.outcomes:
                    return
                try:
                    body = await self.kube.patch(
                        INCIDENT_PLURAL, name, {"status": {"outcomes": [n.dump() for n in notes]}}, status=True,
                        resource_version=inc.metadata.resource_version,
                    )
                except ApiError as exc:
                    if exc.conflict:
                        continue
                    if exc.not_found:
                        return
                    raise
                if (updated := parse_incident(body)) is not None:
                    self.cache.keep_newest(updated)
                return
