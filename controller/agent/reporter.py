"""Detections -> Incidents: one per node + target + failure, created once, then counted.

- The name comes from `incident_name(node, kind, target, failure)`, so a repeat lands on the same object.
- Create with spec (+ label healing.insa.io/node), then merge-patch `status.detection` whole (null for every unset
  field, so nothing of an earlier detection lingers) through the status subresource: the only status key the agent
  writes here (operator-owned keys are never sent).
- Repeats add to `detection.occurrences` and move `lastSeen`. Writes per incident are debounced (at most one
  per `min_interval`), so a burst of 100 crashes is one or two writes, not 100.
- The API server unreachable: detections wait in a bounded queue (by incident; when full the oldest entry is
  dropped and counted) and are flushed on recovery with backoff. Nothing here raises into the agent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from controller.agent import metrics
from controller.agent.kube import ApiError, KubeClient, custom
from controller.agent.model import Failure, Report
from controller.api.common import ObjectMeta
from controller.api.incident import Detection, Incident, IncidentSpec, incident_name
from controller.constants import INCIDENT_PLURAL, NODE_LABEL

log = logging.getLogger(__name__)
INCIDENTS = custom(INCIDENT_PLURAL)
MAX_PENDING = 1000


class Reporter:
    def __init__(
        self,
        kube: KubeClient,
        node: str,
        *,
        max_pending: int = MAX_PENDING,
        min_interval: float = 1.0,
        on_written: Callable[[Report, float], None] | None = None,
    ) -> None:
        self.kube = kube
        self.node = node
        self.max_pending = max_pending
        self.min_interval = min_interval
        self.on_written = on_written
        self.pending: OrderedDict[str, Report] = OrderedDict()
        self.dropped = 0
        self.writes = 0  # status writes (creates not counted)
        self.api_ok = True
        self._written: dict[str, Detection] = {}  # last detection written per incident (occurrence base)
        self._last_write: dict[str, float] = {}
        self._wake = asyncio.Event()

    def report_for(self, key: str, detection: Detection, failure: Failure) -> Report:
        name = incident_name(self.node, failure.target_kind, failure.target_name, key)
        return Report(name=name, failure=failure, failure_key=key, detection=detection)

    def submit(self, report: Report) -> Report:
        """Queue a classified detection; returns the pending (possibly merged) report."""
        name = report.name
        existing = self.pending.get(name)
        if existing is not None:
            existing.count += 1
            existing.observed_at.append(report.failure.observed_at)
            first_seen = existing.detection.first_seen
            existing.detection = report.detection.model_copy(update={"first_seen": first_seen})
            existing.failure = report.failure
        else:
            report.observed_at = [report.failure.observed_at]
            self.pending[name] = report
            while len(self.pending) > self.max_pending:
                _, old = self.pending.popitem(last=False)
                self.dropped += 1
                metrics.REPORTS_DROPPED.inc()
                log.error("report queue full (%d): dropped detection for %s", self.max_pending, old.name)
        metrics.QUEUE_DEPTH.set(len(self.pending))
        self._wake.set()
        return self.pending[name]

    async def run(self) -> None:
        backoff = 0.2
        while True:
            await self._wake.wait()
            self._wake.clear()
            delay = None
            for name in list(self.pending):
                wait = self._last_write.get(name, 0.0) + self.min_interval - time.monotonic()
                if wait > 0:
                    delay = wait if delay is None else min(delay, wait)
                    continue
                report = self.pending.pop(name)
                try:
                    await self._write(report)
                except ApiError as exc:
                    self._requeue(report)
                    if exc.unreachable:
                        if self.api_ok:
                            log.warning("API server unreachable; %d detections queued: %s", len(self.pending), exc)
                        self.api_ok = False
                        metrics.API_UP.set(0)
                        delay = backoff
                        backoff = min(backoff * 2, 5.0)
                        break
                    log.error("writing incident %s failed, dropped: %s", name, exc)
                    self.pending.pop(name, None)
                except Exception:
                    log.exception("writing incident %s failed unexpectedly; will retry", name)
                    self._requeue(report)
                    delay = 1.0
                    break
                else:
                    if not self.api_ok:
                        log.info("API server reachable again; flushing %d queued detections", len(self.pending))
                    self.api_ok = True
                    metrics.API_UP.set(1)
                    backoff = 0.2
            metrics.QUEUE_DEPTH.set(len(self.pending))
            if delay is not None:
                asyncio.get_running_loop().call_later(delay, self._wake.set)

    def _requeue(self, report: Report) -> None:
        """Put a report back at the front, merging with anything that arrived meanwhile."""
        newer = self.pending.pop(report.name, None)
        if newer is not None:
            report.count += newer.count
            report.observed_at += newer.observed_at
            report.detection = newer.detection.model_copy(update={"first_seen": report.detection.first_seen})
            report.failure = newer.failure
        self.pending[report.name] = report
        self.pending.move_to_end(report.name, last=False)

    async def _write(self, report: Report, retry: bool = True) -> None:
        base = self._written.get(report.name)
        if base is None:
            base = await self._ensure(report)
        detection = report.detection.model_copy(
            update={
                "first_seen": (base.first_seen if base else None) or report.detection.first_seen,
                "occurrences": (base.occurrences if base else 0) + report.count,
            }
        )
        try:
            await self.kube.patch(
                INCIDENTS, report.name, {"status": {"detection": detection.merge_patch()}}, status=True
            )
        except ApiError as exc:
            if exc.status == 404 and retry:  # garbage-collected meanwhile: start over with a new Incident
                self._written.pop(report.name, None)
                await self._write(report, retry=False)
                return
            raise
        self._written[report.name] = detection
        self._last_write[report.name] = time.monotonic()
        self.writes += 1
        if len(self._written) > 4 * self.max_pending:
            self._written.pop(next(iter(self._written)))
        now = time.time()
        for t in report.observed_at:
            metrics.DETECTION_LATENCY.observe(max(0.0, now - t))
        if self.on_written:
            self.on_written(report, now)

    async def _ensure(self, report: Report) -> Detection | None:
        """Create the Incident; when it exists already (a repeat after an agent restart), its current detection."""
        failure = report.failure
        incident = Incident(
            metadata=ObjectMeta(name=report.name, labels={NODE_LABEL: self.node}),
            spec=IncidentSpec(
                node=self.node,
                target=failure.incident_target(),
                service_type=failure.service_type,
                failure=report.failure_key,
            ),
        )
        body = incident.dump()
        body.pop("status", None)
        try:
            await self.kube.create(INCIDENTS, body)  # create first: one round trip on the latency path
        except ApiError as exc:
            if exc.status != 409:
                raise
            obj = await self.kube.get(INCIDENTS, report.name)
            current = (obj.get("status") or {}).get("detection")
            return Detection.model_validate(current) if current else None
        log.info("incident %s created: %s %s on %s (%.3fs after the event)", report.name, report.failure_key,
                 failure.reason, failure.target_name, time.time() - failure.observed_at)
        return None
