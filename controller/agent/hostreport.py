"""The node's HostReport (name = node name): heartbeat, what the agent watches, how the host is.

Bounded write rate: a heartbeat at least every HEARTBEAT_S (>= 30 s), a change written at most every
DEBOUNCE_S; a change of the node's dependency graph at most every DEPENDENCIES_DEBOUNCE_S, and looked at as soon
as a source says it may have changed (`poke`): the operator should know a dependency before it fails.
The status is merge-patched; the object is created once with spec.node.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Awaitable, Callable
from importlib.metadata import PackageNotFoundError, version

import psutil

from controller.agent.kube import ApiError, KubeClient, custom
from controller.api.common import Condition, ObjectMeta, precise_now, set_condition, utcnow
from controller.api.hostreport import (
    ContainerCounts,
    DependencyEdge,
    DiskUsage,
    HostReport,
    HostReportSpec,
    HostReportStatus,
    MemoryUsage,
    UnitCounts,
)
from controller.constants import HOSTREPORT_PLURAL

log = logging.getLogger(__name__)
HOSTREPORTS = custom(HOSTREPORT_PLURAL)
HEARTBEAT_S = 30.0
DEBOUNCE_S = 5.0
DEPENDENCIES_DEBOUNCE_S = 1.0
COLLECT_S = 10.0


def agent_version() -> str:
    try:
        return version("integrated-healing-operator")
    except PackageNotFoundError:
        return "0.0.0+unknown"


def disk_usage(path: str) -> DiskUsage | None:
    try:
        usage = psutil.disk_usage(path)
        st = os.statvfs(path)
    except OSError:
        return None
    inodes = 100.0 * (st.f_files - st.f_ffree) / st.f_files if st.f_files else None
    return DiskUsage(path=path, used_percent=usage.percent, inodes_used_percent=inodes, free_bytes=usage.free)


def memory_usage() -> MemoryUsage:
    mem = psutil.virtual_memory()
    return MemoryUsage(used_percent=mem.percent, available_bytes=mem.available, total_bytes=mem.total)


class Snapshot:
    """What the agent knows right now; filled by main from the sources."""

    def __init__(self) -> None:
        self.policies: list[str] = []
        self.targets = 0
        self.units = UnitCounts()
        self.containers = ContainerCounts()
        self.disk_paths: list[str] = ["/"]
        self.systemd_connected = False
        self.docker_connected = False
        self.systemd_enabled = False
        self.docker_enabled = False
        self.pending_reports = 0
        self.api_ok = True
        self.dependencies: list[DependencyEdge] = []


class HostReporter:
    def __init__(
        self,
        kube: KubeClient,
        node: str,
        collect: Callable[[], Awaitable[Snapshot]],
        *,
        heartbeat: float = HEARTBEAT_S,
        debounce: float = DEBOUNCE_S,
        collect_every: float = COLLECT_S,
    ) -> None:
        self.kube = kube
        self.node = node
        self.collect = collect
        self.heartbeat = max(heartbeat, 1.0)
        self.debounce = debounce
        self.collect_every = collect_every
        self.conditions: list[Condition] = []
        self.started_at = utcnow()
        self._created = False
        self._last_body: dict[str, object] | None = None
        self._last_write = 0.0
        self.writes = 0
        self._poked = asyncio.Event()

    def poke(self) -> None:
        """Something the report shows may have changed (the dependency graph): collect now, not at the next tick."""
        self._poked.set()

    def status_for(self, snap: Snapshot) -> HostReportStatus:
        problems = []
        if snap.systemd_enabled and not snap.systemd_connected:
            problems.append("systemd D-Bus not connected")
        if snap.docker_enabled and not snap.docker_connected:
            problems.append("Docker not connected")
        if snap.pending_reports:
            problems.append(f"{snap.pending_reports} detections waiting for the API server")
        ready = "False" if problems else "True"
        self.conditions = set_condition(
            self.conditions, "Ready", ready, "SourceDisconnected" if problems else "Watching",
            "; ".join(problems) or f"watching {snap.targets} targets",
        )
        disks = [d for d in (disk_usage(p) for p in dict.fromkeys(snap.disk_paths)) if d is not None]
        return HostReportStatus(
            agent_version=agent_version(),
            heartbeat_seconds=self.heartbeat,
            agent_started_at=self.started_at,
            policies=snap.policies,
            targets=snap.targets,
            units=snap.units,
            containers=snap.containers,
            disks=disks[:64],
            memory=memory_usage(),
            systemd_connected=snap.systemd_connected,
            docker_connected=snap.docker_connected,
            pending_reports=snap.pending_reports,
            dependencies=snap.dependencies,
            conditions=self.conditions,
        )

    @staticmethod
    def _comparable(body: dict[str, object]) -> dict[str, object]:
        """The status without what changes on every look (heartbeat, exact free bytes and percentages)."""
        out = {k: v for k, v in body.items() if k not in ("lastHeartbeat", "memory", "disks", "conditions")}
        out["disks"] = [(d["path"], round(float(d["usedPercent"]))) for d in body.get("disks", [])]  # type: ignore[index,union-attr]
        out["ready"] = [(c["status"], c["reason"]) for c in body.get("conditions", [])]  # type: ignore[index,union-attr]
        return out

    async def _ensure(self) -> None:
        if self._created:
            return
        body = HostReport(metadata=ObjectMeta(name=self.node), spec=HostReportSpec(node=self.node)).dump()
        body.pop("status", None)
        try:
            await self.kube.create(HOSTREPORTS, body)
        except ApiError as exc:
            if exc.status != 409:
                raise
        self._created = True

    async def tick(self, force: bool = False) -> bool:
        """Collect, and write when due. Returns True when it wrote."""
        snap = await self.collect()
        status = self.status_for(snap)
        now = time.monotonic()
        body = status.dump()
        last = self._last_body
        changed = last is None or self._comparable(body) != self._comparable(last)
        graph_changed = last is None or body.get("dependencies") != last.get("dependencies")
        due = now - self._last_write >= self.heartbeat
        since_write = now - self._last_write
        if not (force or due or (changed and since_write >= self.debounce)
                or (graph_changed and since_write >= min(self.debounce, DEPENDENCIES_DEBOUNCE_S))):
            return False
        status.last_heartbeat = precise_now()
        await self._ensure()
        try:
            await self.kube.patch(HOSTREPORTS, self.node, {"status": status.merge_patch()}, status=True)
        except ApiError as exc:
            if exc.status == 404:
                self._created = False
            raise
        self._last_body = body
        self._last_write = now
        self.writes += 1
        return True

    async def run(self) -> None:
        await asyncio.sleep(min(2.0, self.debounce))  # let the sources connect before the first report
        while True:
            try:
                await self.tick()
            except ApiError as exc:
                log.debug("HostReport not written: %s", exc)
            except Exception:
                log.exception("HostReport failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poked.wait(), min(self.collect_every, self.debounce, self.heartbeat))
            if self._poked.is_set():
                self._poked.clear()
                await asyncio.sleep(DEPENDENCIES_DEBOUNCE_S / 4)  # one look for a burst of pokes
