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

SOURCE_UP = Gauge("healing_agent_source_up", "1 when a source is connected", ["source"])
API_UP = Gauge("healing_agent_api_up", "1 when the API server answered the last request")


def serve(port: int) -> None:
    """Serve /metrics on `port` (0: off). A port in use is logged, not fatal: detection matters more."""
    if not port:
        return
    try:
        start_http_server(port)
    except OSError as exc:
        log.error("metrics port %d unavailable (%s); running without /metrics", port, exc)
