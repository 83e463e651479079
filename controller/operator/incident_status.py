"""Writing part of an Incident's operator-owned status outside a decision (escalation records, advice).

Under the incident's lock (the one its decisions hold, so a decision never races with it), from the version the API
server has now, with that resourceVersion as precondition: a 409 re-reads and computes the change again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from controller.api.incident import Incident
from controller.constants import INCIDENT_PLURAL
from controller.operator.cache import Cache, parse_incident
from controller.operator.k8s import ApiError, Kube
from controller.operator.policy_status import CONFLICT_RETRIES

StatusChange = Callable[[Incident], dict[str, Any] | None]  # the status merge patch for this version (None: none)


async def update_incident_status(
    kube: Kube, cache: Cache, lock: Callable[[str], asyncio.Lock], name: str, change: StatusChange
) -> Incident | None:
    """Apply `change` to the incident's current status; returns the incident as written (None: gone, nothing to
    write, or the write kept conflicting)."""
    async with lock(name):
        for _ in range(CONFLICT_RETRIES):
            inc = await cache.reread_incident(name)
            if inc is None:
                return None
            patch = change(inc)
            if not patch:
                return None
            try:
                body = await kube.patch(
                    INCIDENT_PLURAL, name, {"status": patch}, status=True,
                    resource_version=inc.metadata.resource_version,
                )
            except ApiError as exc:
                if exc.conflict:
                    continue
                if exc.not_found:
                    return None
                raise
            updated = parse_incident(body)
            if updated is not None:
                cache.keep_newest(updated)
            return updated
    return None
