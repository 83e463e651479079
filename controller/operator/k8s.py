"""The few API verbs the operator needs beyond Kopf's watches: get, list, merge-patch (with a resourceVersion
precondition for optimistic concurrency), delete, read a Secret. asyncio over aiohttp, credentials from the
official client's kubeconfig / in-cluster loaders."""

from __future__ import annotations

import contextlib
import json
import os
import ssl
import time
from typing import Any
from urllib.parse import quote

import aiohttp
from kubernetes import client as k8s_client
from kubernetes import config as k8s_config

from controller.constants import GROUP, HOSTREPORT_PLURAL, VERSION
from controller.kubeauth import IN_CLUSTER_TOKEN, TokenFile, kubeconfig_token_file
from controller.operator import metrics
from controller.redaction import redact_body

# Per request: 5 s to open a TCP connection, 15 s without a byte of the answer. Not `connect` or `total`: both
# include the wait for a free connection of the pool, so under a storm (every connection busy with a slow API
# server) requests failed before they were sent and were retried -- more load on the API server, not less.
TIMEOUT = aiohttp.ClientTimeout(total=None, sock_connect=5, sock_read=15)


class ApiError(Exception):
    def __init__(self, status: int, message: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status}: {message}" if status else message)
        self.status = status
        self.message = message
        self.body = body or {}  # the API server's Status object, e.g. an eviction's causes (the PDB that refused)

    @property
    def conflict(self) -> bool:
        return self.status == 409

    @property
    def not_found(self) -> bool:
        return self.status == 404


def load_configuration(kubeconfig: str | None = None) -> tuple[k8s_client.Configuration, str | None]:
    """The client configuration and the file its token is read from (None: a static token or certificates)."""
    cfg = k8s_client.Configuration()
    path = kubeconfig or os.environ.get("KUBECONFIG")
    if path or os.path.exists(os.path.expanduser("~/.kube/config")):
        k8s_config.load_kube_config(config_file=path, client_configuration=cfg)
        return cfg, kubeconfig_token_file(path)
    k8s_config.load_incluster_config(client_configuration=cfg)
    return cfg, IN_CLUSTER_TOKEN


def resource_of(path: str) -> str:
    """The resource a request path addresses, without object names: `incidents/status`, `events`, `nodes` -- a
    label of bounded cardinality for the request latency metric.

    Paths are `/api/v1/...` or `/apis/GROUP/VERSION/...`, then `[namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]`."""
    parts = [p for p in path.split("?", 1)[0].split("/") if p]
    rest = parts[2:] if parts[:1] == ["api"] else parts[3:]
    if len(rest) >= 2 and rest[0] == "namespaces" and len(rest) != 2:
        rest = rest[2:]  # a namespaced resource (a bare `namespaces/NS` is the namespace itself)
    if not rest:
        return "unknown"
    return rest[0] + (f"/{rest[2]}" if len(rest) >= 3 else "")


def _path(plural: str, name: str | None = None, sub: str = "") -> str:
    base = f"/apis/{GROUP}/{VERSION}/{plural}"
    if name is None:
        return base
    return f"{base}/{quote(name)}" + (f"/{sub}" if sub else "")


class Kube:
    """One API server connection pool. Every call raises ApiError (status 0: unreachable)."""

    def __init__(
        self,
        cfg: k8s_client.Configuration,
        token_file: str | None = None,
        *,
        connections: int = 16,
        field_manager: str | None = None,
        user_agent: str | None = None,
    ) -> None:
        self.host = cfg.host.rstrip("/")
        # Named in the objects' managedFields for every patch (None: the API server names it after the User-Agent).
        self.field_manager = field_manager
        self._ssl: ssl.SSLContext | bool = False
        if self.host.startswith("https"):
            ctx = (
                ssl.create_default_context(cafile=cfg.ssl_ca_cert)
                if cfg.verify_ssl
                else ssl._create_unverified_context()
            )
            if cfg.cert_file and cfg.key_file:
                ctx.load_cert_chain(cfg.cert_file, cfg.key_file)
            self._ssl = ctx
        self._headers = {"Accept": "application/json"}
        if user_agent:  # who sent it, in the API server's audit log (and the field manager when none is given)
            self._headers["User-Agent"] = user_agent
        self._token_file = TokenFile(token_file) if token_file else None
        token = (cfg.api_key or {}).get("authorization") or (cfg.api_key or {}).get("BearerToken")
        if token and self._token_file is None:
            self._headers["Authorization"] = token if token[:7].lower() == "bearer " else f"Bearer {token}"
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_kubeconfig(
        cls,
        kubeconfig: str | None = None,
        *,
        connections: int = 16,
        field_manager: str | None = None,
        user_agent: str | None = None,
    ) -> Kube:
        cfg, token_file = load_configuration(kubeconfig)
        return cls(cfg, token_file, connections=connections, field_manager=field_manager, user_agent=user_agent)

    def _auth(self, *, refresh: bool = False) -> dict[str, str]:
        """The current token, read again from its file when it changed (projected tokens rotate)."""
        if self._token_file is None:
            return {}
        return {"Authorization": f"Bearer {self._token_file.token(force=refresh)}"}

    def _sess(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self._headers, connector=aiohttp.TCPConnector(ssl=self._ssl, limit=self._connections)
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
        content_type: str = "application/json",
        params: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        text = await self.text(method, path, body=body, content_type=content_type, params=params)
        return json.loads(text) if text else {}

    async def text(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        content_type: str = "application/json",
        params: dict[str, str] | None = None,
    ) -> str:
        """The response body as text (a pod's log is not JSON)."""
        data = None if body is None else json.dumps(redact_body(body))  # the one redaction step
        if method == "PATCH" and self.field_manager:
            params = {**(params or {}), "fieldManager": self.field_manager}
        content = {"Content-Type": content_type} if body is not None else {}
        started = time.monotonic()
        try:
            for refresh in (False, True):
                async with self._sess().request(
                    method, self.host + path, data=data, headers={**content, **self._auth(refresh=refresh)},
                    params=params, timeout=TIMEOUT,
                ) as resp:
                    text = await resp.text()
                    status = resp.status
                metrics.API_REQUEST_SECONDS.labels(method, resource_of(path)).observe(time.monotonic() - started)
                if status != 401 or self._token_file is None or refresh:
                    break  # a 401 with a token file: the token rotated, read it again and retry once
            if status >= 400:
                message, details = text, None
                with contextlib.suppress(ValueError, AttributeError):
                    details = json.loads(text)
                    message = str(details.get("message", text))
                raise ApiError(status, message[:500], details if isinstance(details, dict) else None)
            return text
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise ApiError(0, f"API server unreachable: {exc.__class__.__name__}: {exc}") from exc

    # --- custom resources (all cluster-scoped) -------------------------------------------------------

    async def get(self, plural: str, name: str) -> dict[str, Any] | None:
        try:
            return await self.request("GET", _path(plural, name))
        except ApiError as exc:
            if exc.not_found:
                return None
            raise

    async def list(self, plural: str) -> list[dict[str, Any]]:
        return (await self.listing(plural))[0]

    async def listing(self, plural: str) -> tuple[list[dict[str, Any]], int]:
        """The items and the listing's own resourceVersion: the snapshot it was read at, newer than every version
        of every object it reflects -- also of those deleted before it, which it does not show."""
        body = await self.request("GET", _path(plural))
        try:
            version = int((body.get("metadata") or {}).get("resourceVersion") or 0)
        except ValueError:
            version = 0
        return list(body.get("items", [])), version

    async def patch(
        self,
        plural: str,
        name: str,
        patch: dict[str, Any],
        *,
        status: bool = False,
        resource_version: str | None = None,
    ) -> dict[str, Any]:
        """JSON merge patch. With resource_version the write fails with 409 if the object changed meanwhile."""
        body = dict(patch)
        if resource_version:
            body["metadata"] = {**body.get("metadata", {}), "resourceVersion": resource_version}
        return await self.request(
            "PATCH",
            _path(plural, name, "status" if status else ""),
            body=body,
            content_type="application/merge-patch+json",
        )

    async def create(self, plural: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self.request("POST", _path(plural), body=body)

    async def delete(self, plural: str, name: str, *, uid: str | None = None) -> None:
        body = {"kind": "DeleteOptions", "apiVersion": "v1", "preconditions": {"uid": uid}} if uid else None
        try:
            await self.request("DELETE", _path(plural, name), body=body)
        except ApiError as exc:
            if not exc.not_found and exc.status != 409:
                raise

    # --- convenience ----------------------------------------------------------------------------------

    async def hostreports(self) -> list[dict[str, Any]]:
        return await self.list(HOSTREPORT_PLURAL)

    async def nodes(self) -> list[dict[str, Any]]:
        try:
            return list((await self.request("GET", "/api/v1/nodes")).get("items", []))
        except ApiError as exc:
            if exc.status in (403, 404):
                return []
            raise

    async def get_secret(self, namespace: str, name: str) -> dict[str, Any] | None:
        """One Secret by name (the operator may only `get` the Secrets its Role names: never list)."""
        try:
            return await self.request("GET", f"/api/v1/namespaces/{quote(namespace)}/secrets/{quote(name)}")
        except ApiError as exc:
            if exc.not_found:
                return None
            raise
