"""Probe source: port, http, disk and memory targets checked every `interval` (with `timeout`).

A probe reports a Failure when its target turns unhealthy (a transition, not every failed check: a
flapping probe counts occurrences, it does not flood). The same checks answer "is it healthy now?" for
the actuator and the health reporter (`check()`).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

import psutil
import urllib3

from controller.agent import netns
from controller.agent.model import Failure, WatchedTarget
from controller.agent.policies import PolicyStore
from controller.api.common import parse_duration
from controller.api.healingpolicy import Target
from controller.api.selection import PROBE_KINDS, probe_name

log = logging.getLogger(__name__)
DEFAULT_THRESHOLD = 90


@dataclass
class ProbeResult:
    healthy: bool
    message: str
    reason: str = ""
    hint: str | None = None
    certain: bool = False


NsResolver = Callable[[Target], "asyncio.Future[int | None] | object"]


def target_key(target: Target) -> str:
    return f"{target.kind}:{probe_name(target)}"


async def check(target: Target, ns_pid: int | None = None) -> ProbeResult:
    """One check of a probe target, never raising."""
    timeout = parse_duration(target.timeout)
    try:
        if target.kind == "port" and target.port:
            return await asyncio.to_thread(_check_port, target.port, ns_pid)
        if target.kind == "http" and target.url:
            return await _check_http(target.url, timeout)
        if target.kind == "disk" and target.path:
            return _check_disk(target.path, target.threshold_percent or DEFAULT_THRESHOLD)
        if target.kind == "memory":
            return _check_memory(target.threshold_percent or DEFAULT_THRESHOLD)
    except Exception as exc:  # a probe must never take the agent down
        return ProbeResult(False, f"probe error: {exc}", "ProbeError")
    return ProbeResult(True, f"nothing to probe for {target.kind}")


def _check_port(port: int, ns_pid: int | None) -> ProbeResult:
    if netns.is_listening(port, ns_pid):
        holders = netns.listeners(port, ns_pid)
        who = ", ".join(f"{h.name}[{h.pid}]" for h in holders) or "unknown"
        return ProbeResult(True, f"port {port} is listening ({who})")
    return ProbeResult(False, f"nothing listens on port {port}", "PortNotListening", "connection_refused")


_HTTP = urllib3.PoolManager(retries=False, maxsize=4)


def _check_http_sync(url: str, timeout: float) -> ProbeResult:
    try:
        resp = _HTTP.request("GET", url, timeout=urllib3.Timeout(total=timeout), redirect=False, retries=False,
                             preload_content=False)
        try:
            body = resp.read(200).decode(errors="replace").replace("\n", " ")
        finally:
            resp.release_conn()
    except urllib3.exceptions.NewConnectionError as exc:
        return ProbeResult(False, f"GET {url}: connection refused ({exc})", "HttpUnhealthy", "connection_refused")
    except urllib3.exceptions.TimeoutError:
        return ProbeResult(False, f"GET {url}: timed out after {timeout}s", "HttpUnhealthy", "network_timeout")
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return ProbeResult(False, f"GET {url}: {exc}", "HttpUnhealthy", "health_check_failure")
    if resp.status < 400:
        return ProbeResult(True, f"GET {url}: {resp.status}")
    return ProbeResult(False, f"GET {url}: HTTP {resp.status} {body}", "HttpUnhealthy", "health_check_failure")


async def _check_http(url: str, timeout: float) -> ProbeResult:
    return await asyncio.to_thread(_check_http_sync, url, timeout)


def _check_disk(path: str, threshold: int) -> ProbeResult:
    usage = psutil.disk_usage(path)
    st = os.statvfs(path)
    inodes = 100.0 * (st.f_files - st.f_ffree) / st.f_files if st.f_files else 0.0
    worst = max(usage.percent, inodes)
    msg = f"{path}: {usage.percent:.1f}% space, {inodes:.1f}% inodes used (threshold {threshold}%)"
    if worst >= threshold:
        return ProbeResult(False, f"No space left on device soon: {msg}", "DiskFull", "disk_full", True)
    return ProbeResult(True, msg)


def _check_memory(threshold: int) -> ProbeResult:
    mem = psutil.virtual_memory()
    msg = f"memory {mem.percent:.1f}% used, {mem.available // 2**20} MiB available (threshold {threshold}%)"
    if mem.percent >= threshold:
        return ProbeResult(False, msg, "MemoryPressure", "resource_exhaustion", True)
    return ProbeResult(True, msg)


def failure_from(watched: WatchedTarget, result: ProbeResult, patterns: list) -> Failure:  # type: ignore[type-arg]
    t = watched.target
    return Failure(
        target_kind=t.kind,
        target_name=probe_name(t),
        service_type="systemd",  # decided by controller.api.selection when the agent reports it
        unit=t.unit,
        container=t.container,
        reason=result.reason or "ProbeFailed",
        message=result.message,
        source="probe",
        state="unhealthy",
        hint=result.hint,
        hint_certain=result.certain,
        hint_confidence=0.9 if result.certain else 0.6,
        log_lines=[result.message],
        patterns=patterns,
    )


class ProbeSource:
    """One asyncio task per probe target; restarted when the policies change."""

    def __init__(
        self,
        store: PolicyStore,
        emit: Callable[[Failure], None],
        ns_pid: Callable[[Target], object],
    ) -> None:
        self.store = store
        self.emit = emit
        self.ns_pid = ns_pid  # async (target) -> pid naming the target's network namespace
        self.healthy: dict[str, bool] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        store.on_change(self._reconcile)

    def _reconcile(self) -> None:
        wanted = {target_key(w.target): w for w in self.store.targets() if w.target.kind in PROBE_KINDS}
        for key in list(self._tasks):
            if key not in wanted:
                self._tasks.pop(key).cancel()
                self.healthy.pop(key, None)
        for key, watched in wanted.items():
            if key not in self._tasks:
                self._tasks[key] = asyncio.get_running_loop().create_task(self._probe_loop(key, watched))

    async def run(self) -> None:
        self._reconcile()
        try:
            await asyncio.Event().wait()
        finally:
            for task in self._tasks.values():
                task.cancel()

    async def _probe_loop(self, key: str, watched: WatchedTarget) -> None:
        interval = max(parse_duration(watched.target.interval), 0.5)
        while True:
            ns = await self.ns_pid(watched.target)  # type: ignore[misc]
            result = await check(watched.target, ns)
            was = self.healthy.get(key, True)
            self.healthy[key] = result.healthy
            if was and not result.healthy:
                # the latest target set may hold newer patterns for the same target
                current = [w for w in self.store.targets() if target_key(w.target) == key] or [watched]
                self.emit(failure_from(watched, result, self.store.patterns_for(current)))
            await asyncio.sleep(interval)
