"""Prometheus metrics of the agent (`healing_agent_*`), served on --metrics-port."""

from __future__ import annotations

import logging

from prometheus_client import Counter, Gauge, Histogram, start_http_server

DETECTIONS = Counter(
    "healing_agent_detections_total", "Failures detected, by classified pattern and target kind", ["pattern", "kind"]
)
ACTIONS = Counter("healing_agent_actions_total", "Requested actions carried out, by result", ["action", "result"])
DETECTION_LATENCY = Histogram(
    "healing_agent_detection_latency_seconds",
    "From the failure event to its Incident being written",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
)
QUEUE_DEPTH = Gauge("healing_agent_report_queue_depth", "Detections waiting to be written to the API server")
REPORTS_DROPPED = Counter("healing_agent_reports_dropped_total", "Detections dropped because the queue was full")
log = logging.getLogger(__name__)

STALE_DROPPED = Counter(
    "healing_agent_stale_signals_dropped_total",
    "Failures not reported because they no longer hold or are too old (gone, recovered, too_old), by source",
    ["source", "reason"],
)

SOURCE_UP = Gauge("healing_agent_source_up", "1 when a source is connected", ["source"])
API_UP = Gauge("healing_agent_api_up", "1 when the API server answered the last request")


def stale_dropped(source: str, reason: str, what: str) -> None:
    """A failure signal that is history, not news: counted, logged at debug, never an Incident."""
    STALE_DROPPED.labels(source, reason).inc()
    log.debug("stale signal dropped (%s, %s): %s", source, reason, what)


def serve(port: int) -> None:
    """Serve /metrics on `port` (0: off). A port in use is logged, not fatal: detection matters more."""
    if not port:
        return
    try:
        start_http_server(port)
    except OSError as exc:
        log.error("metrics port %d unavailable (%s); running without /metrics", port, exc)
