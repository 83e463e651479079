"""The operator's API client (controller/operator/k8s.py) against a local HTTP server: what its timeouts count, and
how it names the replica that sends."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from kubernetes import client as k8s_client

from controller.operator import k8s, settings
from controller.operator.k8s import ApiError, Kube


@contextlib.asynccontextmanager
async def serving(answer: Callable[[web.Request], Awaitable[web.Response]]) -> AsyncIterator[str]:
    """A local HTTP server that answers every request with `answer`; yields its URL."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest_asyncio.fixture(loop_scope="function")
async def slow_server() -> AsyncIterator[str]:
    """Answers every request after 0.3 s (/hang after 2 s)."""

    async def answer(request: web.Request) -> web.Response:
        await asyncio.sleep(2.0 if request.path == "/hang" else 0.3)
        return web.json_response({"ok": True})

    async with serving(answer) as url:
        yield url


def tenth_of_the_timeouts() -> aiohttp.ClientTimeout:
    """The client's own timeouts, 10x shorter (so a test of them takes a second)."""
    names = ("total", "connect", "sock_read", "sock_connect")
    return aiohttp.ClientTimeout(**{k: v / 10 if (v := getattr(k8s.TIMEOUT, k)) else v for k in names})


def kube(host: str, connections: int, user_agent: str | None = None) -> Kube:
    cfg = k8s_client.Configuration()
    cfg.host = host
    return Kube(cfg, connections=connections, user_agent=user_agent)


async def test_waiting_for_a_busy_pool_is_not_a_timeout(slow_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A storm keeps every pooled connection busy: the requests behind them wait their turn and succeed, instead
    of failing as 'unreachable' and being retried (which added load on an API server already at its limit)."""
    monkeypatch.setattr(k8s, "TIMEOUT", tenth_of_the_timeouts())
    client = kube(slow_server, connections=1)
    try:
        answers = await asyncio.gather(*(client.request("GET", f"/x/{i}") for i in range(6)))  # 6 x 0.3 s in line
    finally:
        await client.close()
    assert answers == [{"ok": True}] * 6


async def test_an_answer_that_never_comes_still_times_out(slow_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(k8s, "TIMEOUT", tenth_of_the_timeouts())
    client = kube(slow_server, connections=1)
    try:
        with pytest.raises(ApiError, match="unreachable") as err:
            await client.request("GET", "/hang")
    finally:
        await client.close()
    assert err.value.status == 0


async def test_the_user_agent_names_the_replica_to_the_api_server() -> None:
    """Two replicas of one Deployment share a ServiceAccount: the User-Agent is how the API server's audit log tells
    them apart (tests/integration/test_operator_failover.py reads it), and the part before its first slash is the
    field manager the API server records when none is given (`Python` with aiohttp's default)."""
    seen: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append(request.headers.get("User-Agent", ""))
        return web.json_response({})

    agent = settings.user_agent("operator-7d9f-abcde")
    async with serving(answer) as url:
        named, default = kube(url, 1, user_agent=agent), kube(url, 1)
        try:
            await named.request("GET", "/x")
            await named.request("PATCH", "/x", body={}, content_type="application/merge-patch+json")
            await default.request("GET", "/x")
        finally:
            await named.close()
            await default.close()
    assert seen[:2] == [agent, agent]
    assert agent.startswith("healing-operator/") and agent.endswith(" (operator-7d9f-abcde)")
    assert not seen[2].startswith("healing-operator")  # unchanged without one (the CLI's and the bench's clients)


def test_each_replica_has_its_own_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kopf's POD_ID when set; else host/pid/random, never the same for two processes of one host (two replicas
    with one identity would each take the other's record in the peering object for its own: both active)."""
    monkeypatch.delenv("POD_ID", raising=False)
    first, second = settings.replica_identity(), settings.replica_identity()
    assert first != second
    assert first.startswith(f"{socket.gethostname()}/{os.getpid()}/")
    monkeypatch.setenv("POD_ID", "healing-operator-7d9f-abcde")
    assert settings.replica_identity() == "healing-operator-7d9f-abcde"


@pytest.mark.parametrize(
    ("path", "resource"),
    [
        ("/apis/healing.insa.io/v1alpha1/incidents/web-1-abc/status", "incidents/status"),
        ("/apis/healing.insa.io/v1alpha1/incidents/web-1-abc", "incidents"),
        ("/apis/healing.insa.io/v1alpha1/incidents?labelSelector=a%3Db", "incidents"),
        ("/apis/healing.insa.io/v1alpha1/healingpolicies/p/status", "healingpolicies/status"),
        ("/api/v1/namespaces/default/events", "events"),
        ("/api/v1/namespaces/default/events/e-1", "events"),
        ("/api/v1/namespaces/healing-system/secrets/github-token", "secrets"),
        ("/api/v1/namespaces/kube-system", "namespaces"),
        ("/api/v1/nodes", "nodes"),
        ("/apis/apps/v1/namespaces/shop/deployments/web/scale", "deployments/scale"),
        ("/apis/coordination.k8s.io/v1/namespaces/x/leases/l", "leases"),
        ("/version", "unknown"),
    ],
)
def test_the_request_metric_names_the_resource_never_the_object(path: str, resource: str) -> None:
    """The latency metric's `resource` label is bounded: kinds and subresources, never an object's name (10,000
    incidents would be 10,000 series)."""
    assert k8s.resource_of(path) == resource


async def test_each_request_is_timed_by_verb_and_resource() -> None:
    from prometheus_client import REGISTRY

    async def answer(request: web.Request) -> web.Response:
        await asyncio.sleep(0.1)
        return web.json_response({"ok": True})

    labels = {"verb": "PATCH", "resource": "incidents/status"}

    def sample(suffix: str, **extra: str) -> float:
        return REGISTRY.get_sample_value(f"healing_api_request_duration_seconds_{suffix}", {**labels, **extra}) or 0.0

    before = {"count": sample("count"), "fast": sample("bucket", le="0.05"), "slow": sample("bucket", le="5.0")}
    async with serving(answer) as url:
        client = kube(url, connections=2)
        try:
            await client.request("PATCH", "/apis/healing.insa.io/v1alpha1/incidents/a/status", body={})
            await client.request("PATCH", "/apis/healing.insa.io/v1alpha1/incidents/b/status", body={})
        finally:
            await client.close()
    assert sample("count") - before["count"] == 2
    assert sample("bucket", le="0.05") - before["fast"] == 0  # both took the server's 0.1 s ...
    assert sample("bucket", le="5.0") - before["slow"] == 2  # ... and were timed to their answer, not beyond
