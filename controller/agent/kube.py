"""A small asyncio client for the Kubernetes API: the few verbs the agent needs, with short timeouts.

Why not the official client: the agent must keep one event loop responsive while the API server is down
(detections queue up instead of blocking threads), and it needs watches that survive restarts. Credentials
come from the official client's kubeconfig / in-cluster loaders, so every auth form they support works.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
from kubernetes import client as k8s_client
from kubernetes import config as k8s_config

from controller.constants import GROUP, VERSION

log = logging.getLogger(__name__)

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=10, connect=3)
WATCH_SECONDS = 240


class ApiError(Exception):
    """The API server answered with an error status (status 0: it could not be reached)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}" if status else message)
        self.status = status

    @property
    def unreachable(self) -> bool:
        return self.status == 0 or self.status >= 500 or self.status == 429


@dataclass(frozen=True)
class Resource:
    """Where a kind lives in the API (cluster-scoped only: all the agent touches is)."""

    group: str
    version: str
    plural: str

    @property
    def base(self) -> str:
        prefix = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        return f"{prefix}/{self.plural}"


def custom(plural: str) -> Resource:
    return Resource(GROUP, VERSION, plural)


NODES = Resource("", "v1", "nodes")


def load_configuration(kubeconfig: str | None = None) -> k8s_client.Configuration:
    """Kubeconfig ($KUBECONFIG or ~/.kube/config) when present, else the in-cluster service account."""
    cfg = k8s_client.Configuration()
    path = kubeconfig or os.environ.get("KUBECONFIG")
    if path or os.path.exists(os.path.expanduser("~/.kube/config")):
        k8s_config.load_kube_config(config_file=path, client_configuration=cfg)
    else:
        k8s_config.load_incluster_config(client_configuration=cfg)
    return cfg


class KubeClient:
    """JSON over HTTPS to one API server. Every call raises ApiError; status 0 means unreachable."""

    def __init__(self, cfg: k8s_client.Configuration) -> None:
        self.host = cfg.host.rstrip("/")
        self._ssl: ssl.SSLContext | bool = False
        if self.host.startswith("https"):
            if cfg.verify_ssl:
                ctx = ssl.create_default_context(cafile=cfg.ssl_ca_cert)
            else:
                ctx = ssl._create_unverified_context()
            if cfg.cert_file and cfg.key_file:
                ctx.load_cert_chain(cfg.cert_file, cfg.key_file)
            self._ssl = ctx
        self._headers = {"Accept": "application/json"}
        token = (cfg.api_key or {}).get("authorization") or (cfg.api_key or {}).get("BearerToken")
        if token:
            self._headers["Authorization"] = token if token.startswith("Bearer ") else f"Bearer {token}"
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_kubeconfig(cls, kubeconfig: str | None = None) -> KubeClient:
        return cls(load_configuration(kubeconfig))

    def _sess(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self._headers, connector=aiohttp.TCPConnector(ssl=self._ssl, limit=8)
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> dict[str, Any]:
        data = None if body is None else json.dumps(body)
        headers = {"Content-Type": content_type} if body is not None else None
        try:
            async with self._sess().request(
                method, self.host + path, data=data, params=params, headers=headers, timeout=REQUEST_TIMEOUT
            ) as resp:
                text = await resp.text()
                if resp.status >= 400:
                    raise ApiError(resp.status, _message(text))
                return json.loads(text) if text else {}
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise ApiError(0, f"API server unreachable: {exc.__class__.__name__}: {exc}") from exc

    # --- verbs -----------------------------------------------------------------------------------------

    async def get(self, res: Resource, name: str) -> dict[str, Any]:
        return await self.request("GET", f"{res.base}/{quote(name)}")

    async def list(self, res: Resource, selectors: dict[str, str] | None = None) -> dict[str, Any]:
        """selectors: labelSelector and/or fieldSelector query parameters."""
        return await self.request("GET", res.base, params=selectors or None)

    async def create(self, res: Resource, body: dict[str, Any]) -> dict[str, Any]:
        return await self.request("POST", res.base, body=body)

    async def patch(self, res: Resource, name: str, patch: dict[str, Any], *, status: bool = False) -> dict[str, Any]:
        """JSON merge patch (RFC 7386): only the keys given change; lists are replaced whole."""
        suffix = "/status" if status else ""
        return await self.request(
            "PATCH", f"{res.base}/{quote(name)}{suffix}", body=patch, content_type="application/merge-patch+json"
        )

    async def watch(
        self, res: Resource, resource_version: str, selectors: dict[str, str] | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """Raw watch events ({type, object}) from resource_version until the server ends the stream."""
        params = {
            "watch": "1",
            "resourceVersion": resource_version,
            "allowWatchBookmarks": "true",
            "timeoutSeconds": str(WATCH_SECONDS),
        }
        params.update(selectors or {})
        timeout = aiohttp.ClientTimeout(total=WATCH_SECONDS + 30, connect=3, sock_read=WATCH_SECONDS + 30)
        try:
            async with self._sess().get(self.host + res.base, params=params, timeout=timeout) as resp:
                if resp.status >= 400:
                    raise ApiError(resp.status, _message(await resp.text()))
                async for raw in resp.content:
                    if raw.strip():
                        yield json.loads(raw)
        except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
            raise ApiError(0, f"watch interrupted: {exc.__class__.__name__}: {exc}") from exc


def _message(text: str) -> str:
    with contextlib.suppress(ValueError):
        return str(json.loads(text).get("message", text))[:500]
    return text[:500]


SyncHandler = Callable[[list[dict[str, Any]]], Awaitable[None] | None]
EventHandler = Callable[[str, dict[str, Any]], Awaitable[None] | None]


async def _call(fn: Callable[..., Any], *args: Any) -> None:
    result = fn(*args)
    if asyncio.iscoroutine(result):
        await result


async def informer(
    kube: KubeClient,
    res: Resource,
    on_sync: SyncHandler,
    on_event: EventHandler,
    *,
    selectors: dict[str, str] | None = None,
    on_connection: Callable[[bool], None] | None = None,
) -> None:
    """List, then watch, forever: on_sync gets the full list after every (re)list, on_event each change.

    Survives API server restarts: any error backs off (0.2 s doubling to 5 s) and relists, so no change
    is missed (the relist carries everything that happened while the stream was down).
    """
    delay = 0.2
    while True:
        try:
            listed = await kube.list(res, selectors)
            if on_connection:
                on_connection(True)
            await _call(on_sync, listed.get("items", []))
            rv = listed.get("metadata", {}).get("resourceVersion", "")
            delay = 0.2
            while True:
                async for event in kube.watch(res, rv, selectors):
                    kind, obj = event.get("type", ""), event.get("object", {})
                    if kind == "ERROR":
                        raise ApiError(int(obj.get("code", 0) or 0), str(obj.get("message", "watch error")))
                    rv = obj.get("metadata", {}).get("resourceVersion", rv)
                    if kind != "BOOKMARK":
                        await _call(on_event, kind, obj)
        except ApiError as exc:
            if on_connection and exc.unreachable:
                on_connection(False)
            log.debug("%s watch restarts after: %s", res.plural, exc)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s informer handler failed; relisting", res.plural)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)
