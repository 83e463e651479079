"""A JSON HTTP server on 127.0.0.1 with a free port, run in a thread: the base of the fake GitHub, webhook
receiver and advisor. Records every request and can be told to fail the next N requests."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    raw_body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw_body) if self.raw_body else None

    @property
    def text(self) -> str:
        return self.raw_body.decode("utf-8", "replace")


@dataclass
class Reply:
    status: int
    body: Any = None  # JSON-serialisable, or None for an empty body
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    reply: Callable[[], Reply]
    remaining: int
    path_prefix: str | None = None  # only requests whose path starts with it


class LoopbackJSONServer:
    """Subclasses implement ``handle(request) -> Reply``."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms delayed ACKs

            def _serve(self) -> None:
                owner._dispatch(self)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name=type(self).__name__, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults ---------------------------------------------------------------------------------------

    def inject(self, reply: Callable[[], Reply], count: int = 1, path_prefix: str | None = None) -> None:
        with self._lock:
            self._faults.append(Fault(reply, count, path_prefix))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _take_fault(self, path: str) -> Reply | None:
        with self._lock:
            for fault in self._faults:
                if fault.remaining > 0 and (fault.path_prefix is None or path.startswith(fault.path_prefix)):
                    fault.remaining -= 1
                    return fault.reply()
            return None

    # -- serving --------------------------------------------------------------------------------------

    def handle(self, request: RecordedRequest) -> Reply:  # pragma: no cover - abstract
        raise NotImplementedError

    def extra_headers(self, request: RecordedRequest, reply: Reply) -> dict[str, str]:
        return {}

    def _dispatch(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        request = RecordedRequest(
            method=h.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in h.headers.items()},
            raw_body=raw,
        )
        with self._lock:
            self.requests.append(request)
        try:
            reply = self._take_fault(request.path) or self.handle(request)
        except Exception as exc:  # a bug in the fake shows up as a 500 with the reason, not a hang
            reply = Reply(500, {"message": f"fake server error: {exc!r}"})
        payload = b"" if reply.body is None else json.dumps(reply.body).encode()
        h.send_response(reply.status)
        headers = {"Content-Type": "application/json; charset=utf-8", **self.extra_headers(request, reply)}
        headers.update(reply.headers)
        for name, value in headers.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        if payload and request.method != "HEAD":
            h.wfile.write(payload)


class SimpleJSONService(LoopbackJSONServer):
    """A service whose faults are plain HTTP statuses (webhook receivers, the advisor)."""

    def fail_next(self, status: int, count: int = 1, retry_after: int | None = None) -> None:
        """The next ``count`` requests answer ``status`` (with ``Retry-After`` when given)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.inject(lambda: Reply(status, {"error": f"injected {status}"}, headers), count)

    @property
    def posted(self) -> list[Any]:
        """The JSON bodies of all POST requests, in order."""
        return [r.json for r in self.requests if r.method == "POST"]
