"""The reporter against a real API server: bursts coalesce into few writes; a dead API server fills a bounded
queue (oldest dropped and counted) without raising."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import Iterator

import pytest

from controller.agent.kube import Credentials, KubeClient
from controller.agent.logs import build_detection
from controller.agent.model import Failure
from controller.agent.reporter import Reporter
from controller.agent.testing import Cluster, install_crds
from controller.devenv.controlplane import ControlPlane
from controller.patterns import Classification

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cluster(control_plane: ControlPlane) -> Iterator[Cluster]:
    install_crds(control_plane)
    c = Cluster(control_plane.kubeconfig)
    yield c
    c.close()


def _report(reporter: Reporter, target: str) -> object:
    failure = Failure(target_kind="docker", target_name=target, service_type="docker", container=target,
                      reason="ContainerDied", source="docker-events", exit_code=1, hint="container_exit")
    key, detection = build_detection(failure, ["fatal: boom"], Classification())
    return reporter.report_for(key, detection, failure)


async def _drive(reporter: Reporter, until: object, timeout: float = 20) -> None:
    task = asyncio.create_task(reporter.run())
    try:
        async with asyncio.timeout(timeout):
            while not until():  # type: ignore[operator]
                await asyncio.sleep(0.05)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def test_a_burst_of_repeats_is_a_few_writes(control_plane: ControlPlane, cluster: Cluster) -> None:
    node = f"rep-{uuid.uuid4().hex[:6]}"

    async def main() -> Reporter:
        kube = KubeClient.from_kubeconfig(str(control_plane.kubeconfig))
        reporter = Reporter(kube, node)
        for _ in range(50):
            reporter.submit(_report(reporter, "web"))  # type: ignore[arg-type]
        await _drive(reporter, lambda: not reporter.pending and reporter.writes)
        first = reporter.writes
        for _ in range(30):  # a second burst right after the first write: waits for the 1 s debounce
            reporter.submit(_report(reporter, "web"))  # type: ignore[arg-type]
        # written, not only taken from the queue: the reporter pops a report before its write, and stopping it then
        # would cancel that write
        await _drive(reporter, lambda: not reporter.pending and reporter.writes > first)
        await kube.close()
        return reporter

    try:
        reporter = asyncio.run(main())
        incidents = cluster.incidents(node)
        assert len(incidents) == 1
        assert incidents[0]["status"]["detection"]["occurrences"] == 80
        assert reporter.writes <= 3
    finally:
        cluster.delete_incidents(node)


def test_the_line_models_opinion_is_replaced_not_kept_by_the_next_detection(
    control_plane: ControlPlane, cluster: Cluster
) -> None:
    """A detection from the rules carries corroborated false; the next one of the same Incident comes from the
    watcher's own fact (no opinion): the stored detection must not keep the old false (requireCorroboration reads
    it)."""
    node = f"rep-{uuid.uuid4().hex[:6]}"
    base = {"target_kind": "docker", "target_name": "web", "service_type": "docker", "container": "web",
            "reason": "ContainerDied", "source": "docker-events", "exit_code": 1}
    ruled = Classification(pattern="container_exit", confidence=0.8, corroborated=False)
    by_rules = build_detection(Failure(**base), ["fatal: boom"], ruled)
    by_fact = build_detection(Failure(**base, hint="container_exit", hint_certain=True), ["fatal: boom"],
                              Classification())
    assert by_rules[1].corroborated is False and by_fact[1].corroborated is None

    async def main() -> None:
        kube = KubeClient.from_kubeconfig(str(control_plane.kubeconfig))
        reporter = Reporter(kube, node)
        for key, detection in (by_rules, by_fact):
            before = reporter.writes
            reporter.submit(reporter.report_for(key, detection, Failure(**base)))
            await _drive(reporter, lambda before=before: not reporter.pending and reporter.writes > before)
            seen = cluster.incidents(node)[0]["status"]["detection"]
            assert seen.get("corroborated") is detection.corroborated, seen
        await kube.close()

    try:
        asyncio.run(main())
    finally:
        cluster.delete_incidents(node)


def test_what_an_earlier_detection_saw_does_not_outlive_the_next_one(
    control_plane: ControlPlane, cluster: Cluster
) -> None:
    """The first crash was an OOM kill (exit code 137, oomKilled, 3 restarts, a log pattern); the next one of the
    same Incident has none of that. A merge patch keeps what it does not name, so unless the reporter writes nulls
    the stored detection would still say 137 and OOM-killed beside the new message (and the operator would act on
    the old pattern's evidence)."""
    node = f"rep-{uuid.uuid4().hex[:6]}"
    oom = Failure(target_kind="docker", target_name="db", service_type="docker", container="db",
                  reason="ContainerDied", source="docker-events", exit_code=137, oom_killed=True, n_restarts=3,
                  message="killed by the kernel")
    plain = Failure(target_kind="docker", target_name="db", service_type="docker", container="db",
                    reason="ContainerDied", source="docker-events", message="stopped")
    key, first = build_detection(oom, ["Out of memory: Killed process 42 (postgres)"],
                                 Classification(pattern="out_of_memory", confidence=0.9, corroborated=True))
    _, second = build_detection(plain, [], Classification())
    assert first.evidence.exit_code == 137 and second.evidence.exit_code is None and second.pattern is None

    async def main() -> list[dict]:
        kube = KubeClient.from_kubeconfig(str(control_plane.kubeconfig))
        reporter = Reporter(kube, node)
        stored = []
        for detection, failure in ((first, oom), (second, plain)):
            before = reporter.writes
            reporter.submit(reporter.report_for(key, detection, failure))  # one Incident: the same key
            await _drive(reporter, lambda before=before: not reporter.pending and reporter.writes > before)
            stored.append(cluster.incidents(node)[0]["status"]["detection"])
        await kube.close()
        return stored

    try:
        was, now = asyncio.run(main())
    finally:
        cluster.delete_incidents(node)
    assert was["pattern"] == "out_of_memory" and was["corroborated"] is True, was
    assert was["evidence"]["exitCode"] == 137 and was["evidence"]["oomKilled"] is True, was
    assert was["evidence"]["nRestarts"] == 3 and was["evidence"]["logExcerpt"], was
    for gone in ("pattern", "corroborated"):
        assert gone not in now, now
    for gone in ("exitCode", "oomKilled", "nRestarts"):
        assert gone not in now["evidence"], now
    assert now["evidence"]["logExcerpt"] == [], now
    assert now["message"] == "stopped" and now["occurrences"] == 2 and now["signature"], now


def test_unreachable_api_server_queue_is_bounded() -> None:
    with socket.socket() as s:  # a port where nothing answers
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    async def main() -> Reporter:
        kube = KubeClient(Credentials(host=f"http://127.0.0.1:{port}"))
        reporter = Reporter(kube, "nowhere", max_pending=5)
        for i in range(10):
            reporter.submit(_report(reporter, f"c{i}"))  # type: ignore[arg-type]
        await _drive(reporter, lambda: not reporter.api_ok, timeout=10)
        return reporter

    reporter = asyncio.run(main())
    assert len(reporter.pending) == 5
    assert reporter.dropped == 5
    assert [r.failure.target_name for r in reporter.pending.values()] == [f"c{i}" for i in range(5, 10)]
