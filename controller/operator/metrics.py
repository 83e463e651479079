"""Prometheus metrics of the operator (`healing_*`), served by prometheus-client's own HTTP server."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

INCIDENTS = Counter(
    "healing_incidents_total", "Incident phase transitions, by pattern and the phase entered.", ["pattern", "phase"]
)
ACTIONS = Counter(
    "healing_actions_total",
    "Remediation actions, by action and result (Requested, Succeeded, Failed, Refused, VerificationFailed, TimedOut).",
    ["action", "result"],
)
TIME_TO_RESOLVE = Histogram(
    "healing_time_to_resolve_seconds",
    "From the latest failure to a verified fix.",
    buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600),
)
CONFIDENCE = Gauge(
    "healing_confidence",
    "Learned confidence (Beta posterior mean) per pattern, service type and action.",
    ["pattern", "service_type", "action"],
)
DECISION_SECONDS = Histogram(
    "healing_decision_seconds",
    "Time of one incident reconciliation (read, decide, write).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5),
)

# Where a decision's time goes under load, named like controller-runtime's and client-go's metrics (workqueue_depth,
# workqueue_queue_duration_seconds, rest_client_request_duration_seconds) so that the same dashboards read them.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300)
WORKQUEUE_DEPTH = Gauge("healing_workqueue_depth", "Incidents waiting in the workqueue for a worker.")
WORKQUEUE_WAIT_SECONDS = Histogram(
    "healing_workqueue_queue_duration_seconds",
    "From an incident queued to a worker taking it (the wait behind other decisions).",
    buckets=_LATENCY_BUCKETS,
)
API_REQUEST_SECONDS = Histogram(
    "healing_api_request_duration_seconds",
    "The operator's requests to the API server, response received, by verb and resource (e.g. incidents/status).",
    ["verb", "resource"],
    buckets=_LATENCY_BUCKETS,
)
WATCH_ECHO_SECONDS = Histogram(
    "healing_watch_echo_seconds",
    "From the response of the operator's own Incident write to that version arriving through its watch: how far "
    "behind the API server the operator's view of the incidents is (0 when the watch brought it first).",
    buckets=_LATENCY_BUCKETS,
)


def serve(port: int) -> None:
    """Expose /metrics on `port` (0: disabled). A daemon thread: it ends with the process."""
    if port:
        start_http_server(port)
