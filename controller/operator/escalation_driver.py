"""The escalation driver: runs metacognition.escalate's channel operations for an incident and records the results.

`escalate` (the policy's escalation count, then every configured channel), `report_resolved` (an escalated
incident recovered: tell the channels), `retry` (deliveries that failed, when their retry is due). The records are
written to the Incident's `status.escalations` under the incident's lock, with a resourceVersion precondition
(409: re-read and merge again); the next due retry is scheduled from them, and after a restart `retry_pending`
reads the same records back. The channels' I/O goes through two adapters: `SecretReader` (the token's Secret)
and `EventSink` (Events through the operator's poster).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from controller.api.common import precise_now
from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Escalation, Incident
from controller.constants import INCIDENT_KIND, POLICY_KIND
from controller.operator import policy_reconcile
from controller.operator.cache import Cache
from controller.operator.events import EventPoster, involved
from controller.operator.incident_status import update_incident_status
from controller.operator.k8s import ApiError, Kube
from controller.operator.metacognition.escalate import (
    BoundSecret,
    SecretNotReadable,
    append_escalations,
    bound_secret,
    escalate_incident,
    next_retry_at,
    report_resolved,
    retry_pending,
)
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.tasks import Spawn

log = logging.getLogger(__name__)


class SecretReader:
    """Reads a key of a Secret for the escalation channels (GitHub token)."""

    def __init__(self, kube: Kube) -> None:
        self._kube = kube

    async def read(self, namespace: str, name: str, key: str) -> BoundSecret:
        try:
            secret = await self._kube.get_secret(namespace, name)
        except ApiError as exc:
            how = "not allowed (add its name to the Role healing-operator-secrets)" if exc.status == 403 else exc
            raise SecretNotReadable(f"Secret {namespace}/{name}: {how}") from None
        if secret is None:
            raise SecretNotReadable(f"Secret {namespace}/{name} does not exist")
        return bound_secret(secret, key)


class EventSink:
    """Lets the escalation module post its Events through the operator's poster."""

    def __init__(self, poster: EventPoster) -> None:
        self._poster = poster

    async def emit(self, obj: Incident | HealingPolicy, type_: str, reason: str, message: str) -> None:
        kind = INCIDENT_KIND if isinstance(obj, Incident) else POLICY_KIND
        self._poster.post(involved(kind, obj.metadata.name, obj.metadata.uid), type_, reason, message)


ChannelCall = Callable[[Incident, HealingPolicy], Awaitable[list[Escalation]]]


class EscalationDriver:
    def __init__(
        self,
        kube: Kube,
        cache: Cache,
        writer: PolicyStatusWriter,
        events: EventPoster,
        lock: Callable[[str], asyncio.Lock],
        spawn: Spawn,
    ) -> None:
        self.kube = kube
        self.cache = cache
        self.writer = writer
        self.secrets = SecretReader(kube)
        self.sink = EventSink(events)
        self._lock = lock  # the incident's lock, shared with its decisions (workqueue)
        self._spawn = spawn

    async def escalate(self, name: str, reason: str) -> None:
        inc = self.cache.incidents.get(name)
        if inc is not None and inc.status.policy in self.cache.policies:
            await self.writer.update(inc.status.policy or "", policy_reconcile.count_escalation)
        await self._channels(
            name, "escalation", lambda i, p: escalate_incident(i, p, reason, self.secrets, precise_now(), self.sink)
        )

    async def report_resolved(self, name: str) -> None:
        await self._channels(
            name, "resolution report", lambda i, p: report_resolved(i, p, self.secrets, precise_now(), self.sink)
        )

    async def retry(self, name: str) -> None:
        await self._channels(
            name, "escalation retry", lambda i, p: retry_pending(i, p, self.secrets, precise_now()), replace=True
        )

    async def _channels(self, name: str, what: str, call: ChannelCall, *, replace: bool = False) -> None:
        """Run one escalation-channel operation (metacognition.escalate) and record its results."""
        cached = self.cache.incidents.get(name)
        policy = self.cache.policies.get(cached.status.policy or "") if cached else None
        if cached is None or policy is None:
            return
        inc = await self.cache.incident_with_evidence(name)  # the cache keeps no log excerpt; the evidence does
        if inc is None:
            return
        try:
            records = await call(inc, policy)
        except Exception:
            log.exception("%s of %s failed", what, name)
            return
        await self._record(name, records, replace=replace)

    async def _record(self, name: str, records: list[Escalation], *, replace: bool = False) -> None:
        """Write escalation records (appended, or the full list with replace) and schedule due retries."""
        if not records:
            return

        def change(inc: Incident) -> dict[str, Any]:
            merged = records if replace else append_escalations(inc.status.escalations, records)
            return {"escalations": [e.dump() for e in merged]}

        updated = await update_incident_status(self.kube, self.cache, self._lock, name, change)
        if updated is not None:
            due = next_retry_at(updated.status.escalations)
            if due is not None:
                delay = max(1.0, (due - precise_now()).total_seconds())
                asyncio.get_running_loop().call_later(delay, lambda: self._spawn(self.retry(name)))
