"""An in-memory stand-in for the operator's `Kube` client, for the unit tests of the runtime's parts.

It keeps what those parts rely on from the API server: one resourceVersion counter for every object, merge
patches (RFC 7386) on the object or its status subresource, a resourceVersion precondition answered with 409,
404 for a missing object, generation bumped by spec changes. Every write is recorded in `writes`. Tests can hold
writes (`hold_writes`) to see what queues up meanwhile, change an object behind the client's back
(`concurrent_write`), or slip such a change in just before our next patch of it (`interfere`: a 409). The real
API server is exercised by the integration tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

from controller.constants import API_VERSION
from controller.operator.k8s import ApiError, Kube
from controller.operator.runtime import Runtime

NODES = "nodes"


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge key by key, None deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


class FakeKube(Kube):
    """Overrides every call that would reach the network; the conveniences (incidents(), ...) are Kube's own."""

    def __init__(self) -> None:  # no connection settings: nothing is sent anywhere
        self.host = "fake://"
        self.objects: dict[tuple[str, str], dict[str, Any]] = {}
        self.secrets: dict[tuple[str, str], dict[str, Any]] = {}
        self.writes: list[tuple[str, str, str]] = []  # (verb, plural, name); verb: patch, patch/status, delete
        self.posted: list[dict[str, Any]] = []  # request bodies POSTed (Events)
        self.requests: list[tuple[str, str, Any]] = []  # every request(): (method, path, body), e.g. Event updates
        self.fail_next: list[ApiError] = []  # raised by the next calls, in order
        self._rv = itertools.count(100)
        self._uid = itertools.count(1)
        self._hold: asyncio.Event | None = None
        self._interference: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.write_waiting = asyncio.Event()  # set when a held patch waits
        self.closed = False

    # --- test controls -------------------------------------------------------------------------------------

    def create(self, plural: str, body: dict[str, Any]) -> dict[str, Any]:
        obj = copy.deepcopy(body)
        meta = obj.setdefault("metadata", {})
        meta.setdefault("uid", f"uid-{next(self._uid):04d}")
        meta.setdefault("generation", 1)
        meta.setdefault("creationTimestamp", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        meta["resourceVersion"] = str(next(self._rv))
        self.objects[(plural, meta["name"])] = obj
        return copy.deepcopy(obj)

    def concurrent_write(self, plural: str, name: str, patch: dict[str, Any]) -> dict[str, Any]:
        """Another writer changes the object: its resourceVersion moves on."""
        obj = merge_patch(self.objects[(plural, name)], patch)
        obj["metadata"]["resourceVersion"] = str(next(self._rv))
        self.objects[(plural, name)] = obj
        return copy.deepcopy(obj)

    def interfere(self, plural: str, name: str, patch: dict[str, Any]) -> None:
        """Another writer changes the object just before our next patch of it reaches the server (a 409)."""
        self._interference.setdefault((plural, name), []).append(patch)

    def hold_writes(self) -> asyncio.Event:
        """Patches wait until the returned event is set (`write_waiting` tells when one does)."""
        self._hold = asyncio.Event()
        return self._hold

    def count(self, verb: str, plural: str) -> int:
        return sum(1 for v, p, _ in self.writes if (v, p) == (verb, plural))

    def _fail(self) -> None:
        if self.fail_next:
            raise self.fail_next.pop(0)

    # --- the Kube interface ----------------------------------------------------------------------------------

    async def get(self, plural: str, name: str) -> dict[str, Any] | None:
        self._fail()
        obj = self.objects.get((plural, name))
        return copy.deepcopy(obj) if obj is not None else None

    async def list(self, plural: str) -> list[dict[str, Any]]:
        self._fail()
        return [copy.deepcopy(o) for (p, _), o in self.objects.items() if p == plural]

    async def listing(self, plural: str) -> tuple[list[dict[str, Any]], int]:
        """As the API server answers a list: its resourceVersion is the current one, above every write so far."""
        return await self.list(plural), next(self._rv)

    async def patch(
        self,
        plural: str,
        name: str,
        patch: dict[str, Any],
        *,
        status: bool = False,
        resource_version: str | None = None,
    ) -> dict[str, Any]:
        if self._hold is not None and not self._hold.is_set():
            self.write_waiting.set()
            await self._hold.wait()
        await asyncio.sleep(0)  # a request suspends, as real I/O does
        self._fail()
        self.writes.append(("patch/status" if status else "patch", plural, name))
        if self._interference.get((plural, name)):
            self.concurrent_write(plural, name, self._interference[(plural, name)].pop(0))
        current = self.objects.get((plural, name))
        if current is None:
            raise ApiError(404, f'{plural} "{name}" not found')
        if resource_version and resource_version != current["metadata"]["resourceVersion"]:
            raise ApiError(409, "the object has been modified; please apply your changes to the latest version")
        allowed = {"status"} if status else {"metadata", "spec"}
        updated = merge_patch(current, {k: v for k, v in patch.items() if k in allowed})
        if updated == current:
            return copy.deepcopy(current)  # the API server does not bump the version for a no-op
        if updated.get("spec") != current.get("spec"):
            updated["metadata"]["generation"] = current["metadata"]["generation"] + 1
        updated["metadata"]["resourceVersion"] = str(next(self._rv))
        self.objects[(plural, name)] = updated
        return copy.deepcopy(updated)

    async def delete(self, plural: str, name: str, *, uid: str | None = None) -> None:
        self._fail()
        self.writes.append(("delete", plural, name))
        obj = self.objects.get((plural, name))
        if obj is not None and (uid is None or obj["metadata"]["uid"] == uid):
            del self.objects[(plural, name)]

    async def request(self, method: str, path: str, *, body: Any = None, **_: Any) -> dict[str, Any]:
        self._fail()
        self.requests.append((method, path, copy.deepcopy(body)))
        if method == "POST":
            self.posted.append(copy.deepcopy(body))
        return {}

    async def close(self) -> None:
        self.closed = True

    async def nodes(self) -> list[dict[str, Any]]:
        return await self.list(NODES)

    async def get_secret(self, namespace: str, name: str) -> dict[str, Any] | None:
        self._fail()
        secret = self.secrets.get((namespace, name))
        return copy.deepcopy(secret) if secret is not None else None


# --- sample objects ------------------------------------------------------------------------------------------


def policy_body(name: str = "web", **spec: Any) -> dict[str, Any]:
    """A HealingPolicy for docker targets web-*, restart only, that acts at once (Auto, verify after 0s)."""
    body: dict[str, Any] = {
        "targets": [{"kind": "docker", "match": "web-*"}],
        "actions": ["restart"],
        "verify": {"after": "0s", "healthyFor": "0s", "timeout": "5m"},
    }
    body.update(spec)
    return {"apiVersion": API_VERSION, "kind": "HealingPolicy", "metadata": {"name": name}, "spec": body}


def incident_body(name: str, node: str = "n1", target: str | None = None, **status: Any) -> dict[str, Any]:
    """An Incident as the agent files it: a container that exited, its detection written."""
    now = datetime.now(UTC).isoformat()
    return {
        "apiVersion": API_VERSION,
        "kind": "Incident",
        "metadata": {"name": name},
        "spec": {
            "node": node,
            "target": {"kind": "docker", "name": target or f"web-{name}"},
            "serviceType": "docker",
            "failure": "container_exit",
        },
        "status": {
            "detection": {
                "pattern": "container_exit",
                "confidence": 0.9,
                "occurrences": 1,
                "firstSeen": now,
                "lastSeen": now,
            },
            **status,
        },
    }


async def eventually(check: Callable[[], bool], deadline: float = 10.0) -> None:
    """Wait until `check()` holds (what the parts' background tasks do takes a few loop turns), at most `deadline`."""
    async with asyncio.timeout(deadline):
        while not check():
            await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def running(kube: FakeKube, concurrency: int = 4) -> AsyncIterator[Runtime]:
    """The operator's runtime on this fake, started (the initial listing done) and stopped after the block."""
    runtime = Runtime(kube, concurrency=concurrency)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()
    assert kube.closed
