"""The operator's API client (controller/operator/k8s.py) against a local HTTP server: what its timeouts count."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from kubernetes import client as k8s_client

from controller.operator import k8s
from controller.operator.k8s import ApiError, Kube


@pytest_asyncio.fixture(loop_scope="function")
async def slow_server() -> AsyncIterator[str]:
    """Answers every request after 0.3 s (/hang after 2 s)."""

    async def answer(request: web.Request) -> web.Response:
        await asyncio.sleep(2.0 if request.path == "/hang" else 0.3)
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def tenth_of_the_timeouts() -> aiohttp.ClientTimeout:
    """The client's own timeouts, 10x shorter (so a test of them takes a second)."""
    names = ("total", "connect", "sock_read", "sock_connect")
    return aiohttp.ClientTimeout(**{k: v / 10 if (v := getattr(k8s.TIMEOUT, k)) else v for k in names})


def kube(host: str, connections: int) -> Kube:
    cfg = k8s_client.Configuration()
    cfg.host = host
    return Kube(cfg, connections=connections)


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
