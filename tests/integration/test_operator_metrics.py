"""The operator's own latency metrics on a real API server: one incident decided by `healing operator`, then its
/metrics read as Prometheus would (controller/operator/metrics.py; the storm benchmark prints the same figures)."""

from __future__ import annotations

import sys
import urllib.request
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from controller.devenv.controlplane import ControlPlane, free_ports
from tests.integration.test_operator_lifecycle import (  # noqa: F401  (crds and cluster are fixtures)
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    unique,
    wait_for,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def metrics_operator(
    crds: ControlPlane, tmp_path_factory: pytest.TempPathFactory  # noqa: F811  (the fixture)
) -> Iterator[tuple[int, OperatorProcess]]:
    port = free_ports(1)[0]
    op = OperatorProcess(crds.kubeconfig, tmp_path_factory.mktemp("operator") / "operator.log",
                         args=["--metrics-port", str(port)])
    op.start()
    try:
        yield port, op
    finally:
        op.stop()
        print(op.tail(), file=sys.stderr)


def samples(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_a_decision_is_timed_in_the_queue_on_the_wire_and_until_the_watch_echoes_it(
    metrics_operator: tuple[int, OperatorProcess], cluster: Cluster  # noqa: F811  (the fixture)
) -> None:
    """After one incident's request: the wait in the workqueue, the status write to the API server (by verb and
    resource, never by object name) and the time until the operator's own write came back through its watch are
    each observed; the queue is empty again."""
    port, _ = metrics_operator
    node, pol, inc = unique("node"), unique("pol"), unique("inc")
    cluster.policy(pol, node)
    cluster.incident(inc, node, "web-1", "container_exit")
    cluster.wait_phase(inc, "Remediating")
    patch = ("healing_api_request_duration_seconds_count", (("resource", "incidents/status"), ("verb", "PATCH")))
    echo = ("healing_watch_echo_seconds_count", ())
    # the echo arrives through the watch a moment after the write's response: waited for, with a deadline
    found = wait_for(lambda: (s := samples(port)).get(echo, 0) >= 1 and s, 15, "the watch echo observed")
    assert found[patch] >= 1
    assert found[("healing_workqueue_queue_duration_seconds_count", ())] >= 1
    assert found[("healing_workqueue_depth", ())] == 0
    labelled = [labels for name, labels in found if name.startswith("healing_api_request_duration_seconds")]
    assert all(inc not in value for labels in labelled for _, value in labels)  # no object names in labels
    assert ("resource", "incidents") in {pair for labels in labelled for pair in labels}  # the initial listing
