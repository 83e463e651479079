"""A small asyncio client for the Kubernetes API: the few verbs the agent needs, with short timeouts.

Why not the official client: the agent must keep one event loop responsive while the API server is down
(detections queue up instead of blocking threads), it needs watches that survive restarts, and it runs on
every node, where the official client's import alone would cost ~30 MB of memory.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import os
import ssl
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import urllib3
import yaml

from controller.constants import GROUP, VERSION
from controller.kubeauth import TokenFile
from controller.redaction import redact_body

log = logging.getLogger(__name__)

REQUEST_TIMEOUT = urllib3.Timeout(connect=3, read=10)
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


@dataclass
class Credentials:
    """Where the API server is and how to authenticate: what the agent needs from a kubeconfig."""

    host: str
    ca_file: str | None = None
    ca_data: str | None = None
    verify: bool = True
    cert_file: str | None = None
    key_file: str | None = None
    token: str | None = None
    token_file: str | None = None  # read again whenever it changes: projected tokens rotate
    _tmp: list[str] = field(default_factory=list)


def _data_file(b64: str, creds: Credentials) -> str:
    """ssl's load_cert_chain wants files: materialise *-data fields in a private temp file."""
    fd, path = tempfile.mkstemp(prefix="healing-agent-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(base64.b64decode(b64))
    creds._tmp.append(path)
    return path


def _named(items: list[dict[str, Any]], name: str, key: str) -> dict[str, Any]:
    return next((i.get(key) or {} for i in items or [] if i.get("name") == name), {})


def load_credentials(kubeconfig: str | None = None) -> Credentials:
    """Kubeconfig ($KUBECONFIG or ~/.kube/config) when present, else the in-cluster service account.

    A small reader rather than kubernetes.config: importing the official client costs the agent ~30 MB of
    resident memory (it runs on every node). Certificates, tokens and tokenFile are supported (a tokenFile and
    the in-cluster token are read again whenever they change); for exec or auth-provider users it uses the
    official loader.
    """
    path = kubeconfig or os.environ.get("KUBECONFIG", "").split(os.pathsep)[0] or os.path.expanduser("~/.kube/config")
    if os.path.exists(path):
        with open(path) as fh:
            cfg = yaml.safe_load(fh) or {}
        base = os.path.dirname(os.path.abspath(path))
        ctx = _named(cfg.get("contexts", []), cfg.get("current-context", ""), "context")
        cluster = _named(cfg.get("clusters", []), ctx.get("cluster", ""), "cluster")
        user = _named(cfg.get("users", []), ctx.get("user", ""), "user")
        if "exec" in user or "auth-provider" in user:
            return _official(path)
        creds = Credentials(host=cluster["server"], verify=not cluster.get("insecure-skip-tls-verify", False))

        def rel(p: str | None) -> str | None:
            return os.path.join(base, p) if p else None

        creds.ca_file = rel(cluster.get("certificate-authority"))
        if cluster.get("certificate-authority-data"):
            creds.ca_data = base64.b64decode(cluster["certificate-authority-data"]).decode()
        creds.cert_file = rel(user.get("client-certificate"))
        creds.key_file = rel(user.get("client-key"))
        if user.get("client-certificate-data"):
            creds.cert_file = _data_file(user["client-certificate-data"], creds)
        if user.get("client-key-data"):
            creds.key_file = _data_file(user["client-key-data"], creds)
        creds.token = user.get("token")
        creds.token_file = rel(user.get("tokenFile"))
        return creds
    sa = "/var/run/secrets/kubernetes.io/serviceaccount"
    host, port = os.environ.get("KUBERNETES_SERVICE_HOST"), os.environ.get("KUBERNETES_SERVICE_PORT", "443")
    if not host or not os.path.exists(f"{sa}/token"):
        raise ApiError(0, f"no kubeconfig at {path} and not running in a pod")
    host = f"[{host}]" if ":" in host else host
    return Credentials(host=f"https://{host}:{port}", ca_file=f"{sa}/ca.crt", token_file=f"{sa}/token")


def _official(path: str) -> Credentials:
    from kubernetes import client as k8s_client
    from kubernetes import config as k8s_config

    cfg = k8s_client.Configuration()
    k8s_config.load_kube_config(config_file=path, client_configuration=cfg)
    token = (cfg.api_key or {}).get("authorization") or (cfg.api_key or {}).get("BearerToken")
    return Credentials(host=cfg.host, ca_file=cfg.ssl_ca_cert, verify=cfg.verify_ssl, cert_file=cfg.cert_file,
                       key_file=cfg.key_file, token=token.removeprefix("Bearer ") if token else None)


class KubeClient:
    """JSON over HTTPS to one API server. Every call raises ApiError; status 0 means unreachable.

    Requests run on urllib3 (already loaded by the Docker SDK) in worker threads, watches in one reader thread
    each: aiohttp would add ~13 MB of resident memory to an agent that runs on every node.
    """

    def __init__(self, creds: Credentials) -> None:
        self.host = creds.host.rstrip("/")
        ctx: ssl.SSLContext | None = None
        if self.host.startswith("https"):
            if creds.verify:
                ctx = ssl.create_default_context(cafile=creds.ca_file, cadata=creds.ca_data)
            else:
                ctx = ssl._create_unverified_context()
            if creds.cert_file and creds.key_file:
                ctx.load_cert_chain(creds.cert_file, creds.key_file)
        for tmp in creds._tmp:  # loaded into the context: no key material left on disk
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._headers = {"Accept": "application/json"}
        self._token_file = TokenFile(creds.token_file) if creds.token_file else None
        if creds.token and self._token_file is None:
            self._headers["Authorization"] = f"Bearer {creds.token}"
        self._pool = urllib3.PoolManager(maxsize=8, ssl_context=ctx, retries=False,
                                         cert_reqs="CERT_REQUIRED" if ctx and creds.verify else "CERT_NONE")

    @classmethod
    def from_kubeconfig(cls, kubeconfig: str | None = None) -> KubeClient:
        return cls(load_credentials(kubeconfig))

    async def close(self) -> None:
        self._pool.clear()

    def _url(self, path: str, params: dict[str, str] | None) -> str:
        return self.host + path + ("?" + urlencode(params) if params else "")

    def headers(self, *, refresh: bool = False) -> dict[str, str]:
        """Request headers with the current token (re-read from its file when it changed)."""
        if self._token_file is None:
            return dict(self._headers)
        return {**self._headers, "Authorization": f"Bearer {self._token_file.token(force=refresh)}"}

    def _request_sync(
        self, method: str, path: str, body: Any, params: dict[str, str] | None, content_type: str
    ) -> dict[str, Any]:
        resp = self._send(method, path, body, params, content_type, refresh=False)
        if resp.status == 401 and self._token_file is not None:
            resp = self._send(method, path, body, params, content_type, refresh=True)  # the token rotated
        text = resp.data.decode(errors="replace")
        if resp.status >= 400:
            raise ApiError(resp.status, _message(text))
        return json.loads(text) if text else {}

    def _send(
        self, method: str, path: str, body: Any, params: dict[str, str] | None, content_type: str, *, refresh: bool
    ) -> Any:
        headers = self.headers(refresh=refresh)
        data = None
        if body is not None:
            data = json.dumps(redact_body(body)).encode()  # the one redaction step (controller.redaction)
            headers["Content-Type"] = content_type
        try:
            return self._pool.request(method, self._url(path, params), body=data, headers=headers,
                                      timeout=REQUEST_TIMEOUT, retries=False)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise ApiError(0, f"API server unreachable: {exc.__class__.__name__}: {exc}") from exc

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> dict[str, Any]:
        return await asyncio.to_thread(self._request_sync, method, path, body, params, content_type)

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
            **(selectors or {}),
        }
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Any] = asyncio.Queue()
        holder: list[Any] = []
        end = object()

        def put(item: Any) -> None:
            with contextlib.suppress(RuntimeError):  # loop closed at shutdown
                loop.call_soon_threadsafe(queue.put_nowait, item)

        def reader() -> None:
            try:
                resp = self._pool.request(
                    "GET", self._url(res.base, params), headers=self.headers(), preload_content=False, retries=False,
                    timeout=urllib3.Timeout(connect=3, read=WATCH_SECONDS + 30),
                )
                holder.append(resp)
                if resp.status >= 400:
                    if resp.status == 401:
                        self.headers(refresh=True)  # the informer relists with the new token
                    put(ApiError(resp.status, _message(resp.read().decode(errors="replace"))))
                    return
                buf = b""
                for chunk in resp.read_chunked() if resp.chunked else resp.stream(4096):
                    buf += chunk
                    *lines, buf = buf.split(b"\n")
                    for line in lines:
                        if line.strip():
                            put(json.loads(line))
                put(end)
            except Exception as exc:  # connection refused/reset, bad JSON, shutdown() from the loop side
                put(ApiError(0, f"watch interrupted: {exc.__class__.__name__}: {exc}"))
            finally:
                if holder:
                    holder[0].release_conn()

        thread = threading.Thread(target=reader, name=f"watch-{res.plural}", daemon=True)
        thread.start()
        try:
            while True:
                item = await queue.get()
                if item is end:
                    return
                if isinstance(item, Exception):
                    raise item
                yield item
        finally:
            if holder:
                with contextlib.suppress(Exception):
                    holder[0].shutdown()  # unblocks the reader when we stop early


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
