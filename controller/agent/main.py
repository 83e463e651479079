"""`healing agent`: wires sources -> analyzer -> reporter, and the actuator, health and HostReport, in one loop.

Data flow for one failure (files in the order it travels):
sources/{systemd,docker,probes}.py (Failure) -> logs.py (Detection) -> reporter.py (Incident) ->
[operator sets status.request] -> actuator.py -> actions/*.py (status.executions) -> health.py (status.health).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docker
import docker.errors

from controller.agent import dependencies, metrics
from controller.agent.actuator import Actuator
from controller.agent.classify_service import unit_type
from controller.agent.health import HealthChecker, HealthReporter
from controller.agent.hostfs import HostPathAllowList
from controller.agent.hostreport import HostReporter, Snapshot
from controller.agent.kube import KubeClient
from controller.agent.logs import Analyzer
from controller.agent.model import Failure
from controller.agent.policies import PolicyStore
from controller.agent.reporter import Reporter
from controller.agent.sources.docker import DockerSource
from controller.agent.sources.kernel import KernelOomWatcher
from controller.agent.sources.probes import ProbeSource
from controller.agent.sources.systemd import SystemdSource
from controller.agent.state import AgentState
from controller.agent.systemd_bus import SystemdBus, bus_peer_pid
from controller.api.dependency_graph import DependencyGraph
from controller.api.healingpolicy import Target, VerifySpec
from controller.api.hostreport import ContainerCounts, DependencyEdge, UnitCounts
from controller.api.incident import IncidentTarget
from controller.api.selection import ObservedTarget
from controller.redaction import install_log_redaction

log = logging.getLogger(__name__)
MAX_ANALYSES = 4  # concurrent log reads/classifications (a crash storm must not fork 100 journalctls)


class Agent:
    def __init__(
        self,
        node: str,
        *,
        dbus_address: str | None,
        docker_url: str | None,
        journal_dir: str | None,
        state_dir: Path | str,
        kube: KubeClient | None = None,
        hostreport_heartbeat: float = 30.0,
        health_interval: float = 2.0,
        host_paths: HostPathAllowList | None = None,
    ) -> None:
        self.node = node
        self.kube = kube or KubeClient.from_kubeconfig()
        self.state = AgentState(state_dir)
        self.store = PolicyStore(node)
        self.bus = SystemdBus(dbus_address) if dbus_address else None
        self.kernel = KernelOomWatcher()
        self.systemd = (
            SystemdSource(self.bus, self.store, self.emit, self.state, self.kernel, on_gone=self._target_changed,
                          on_dependencies=self._dependencies_changed)
            if self.bus else None
        )
        self.docker = (
            DockerSource(docker_url, self.store, self.emit, self.state,
                         hybrids=self.systemd.hybrids if self.systemd else None, kernel=self.kernel,
                         on_gone=self._target_changed, on_compose_change=self._dependencies_changed)
            if docker_url else None
        )
        self.probes = ProbeSource(self.store, self.emit, self.ns_pid)
        self.analyzer = Analyzer(journal_dir, container_logs=self.docker.logs if self.docker else None)
        self.reporter = Reporter(self.kube, node)
        self.checker = HealthChecker(self.bus, self.docker_client, self.ns_pid, self.store.targets)
        self.health = HealthReporter(self.kube, self.checker, interval=health_interval,
                                     dependents=lambda ref: self.graph.dependents_of(ref), verify_of=self._verify_of)
        self.store.on_change(self.health.poke_probes)  # a probe target removed from every policy is gone
        self.actuator = Actuator(
            self.kube, node, self.store, self.state, self.checker, self.health,
            systemd=self.bus, docker_client=self.docker_client, journal_dir=journal_dir,
            unit_ns_pid=self.unit_ns_pid, observe=self.observe, host_paths=host_paths or HostPathAllowList(),
        )
        self.hostreport = HostReporter(self.kube, node, self.snapshot, heartbeat=hostreport_heartbeat)
        self._analyses = asyncio.Semaphore(MAX_ANALYSES)
        self._tasks: set[asyncio.Task[None]] = set()
        self._unit_ns_pid: int | None = None
        self._edges_left_out = 0
        self.graph = DependencyGraph()  # as last published in the HostReport

    # --- plumbing between parts ------------------------------------------------------------------------

    def _target_changed(self, kind: str, name: str) -> None:
        self.health.poke(kind, name)

    def _dependencies_changed(self) -> None:
        self.hostreport.poke()

    def _verify_of(self, policy: str) -> VerifySpec | None:
        found = self.store.policies.get(policy)
        return found.spec.verify if found is not None else None

    def docker_client(self) -> docker.DockerClient | None:
        return self.docker.api() if self.docker else None

    def unit_ns_pid(self) -> int | None:
        """A host pid in the network namespace of the node's units: the bus daemon's (SO_PEERCRED)."""
        if self.bus is None:
            return None
        if self._unit_ns_pid is None or not os.path.exists(f"/proc/{self._unit_ns_pid}"):
            self._unit_ns_pid = bus_peer_pid(self.bus.address)
        return self._unit_ns_pid

    async def observe(self, target: IncidentTarget) -> ObservedTarget:
        """A target as this node shows it now: a container's labels and the unit whose ExecStart runs it (read
        from systemd, re-checked live), a unit's container. What the Incident says is only the name."""
        if target.kind == "docker":
            labels: dict[str, str] = {}
            client = self.docker_client()
            if client is not None:
                with contextlib.suppress(docker.errors.DockerException, OSError):
                    info = await asyncio.to_thread(client.api.inspect_container, target.name)
                    labels = dict(info.get("Config", {}).get("Labels") or {})
            unit = self.systemd.hybrids.get(target.name) if self.systemd is not None else None
            if unit is not None and await self._exec_container(unit) != target.name:
                unit = None  # the unit no longer runs this container
            return ObservedTarget("docker", target.name, run_by_unit=unit, labels=labels)
        if target.kind == "systemd":
            return ObservedTarget("systemd", target.name, runs_container=await self._exec_container(target.name))
        return ObservedTarget(target.kind, target.name)

    async def _exec_container(self, unit: str) -> str | None:
        """The container a unit's ExecStart runs (by name), as systemd reports it now."""
        if self.bus is None or not unit.endswith(".service"):
            return None
        _kind, container = unit_type(await self.bus.exec_start(unit))  # not connected / unknown unit: none
        return container

    async def ns_pid(self, target: Target) -> int | None:
        if target.container and self.docker is not None:
            with contextlib.suppress(docker.errors.DockerException, OSError):
                info = await asyncio.to_thread(self.docker.api().api.inspect_container, target.container)
                if info["State"].get("Pid") and info["HostConfig"].get("NetworkMode") != "host":
                    return int(info["State"]["Pid"])
        return self.unit_ns_pid()

    def emit(self, failure: Failure) -> None:
        """Sources call this (in the loop) for every failure they see."""
        task = asyncio.get_running_loop().create_task(self._analyze(failure))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _analyze(self, failure: Failure) -> None:
        selection = self.store.resolve(failure.observed()).selection
        if selection is None:
            log.debug("%s %s: no policy selects it any more; not reported", failure.target_kind, failure.target_name)
            return
        failure.service_type = selection.service_type  # the one answer the operator will also come to
        try:
            async with self._analyses:
                key, detection = await self.analyzer.analyze(failure)
        except Exception:
            log.exception("analysis of %s %s failed", failure.target_kind, failure.target_name)
            return
        metrics.DETECTIONS.labels(detection.pattern or "unknown", failure.target_kind).inc()
        log.info("detected %s on %s %s: %s (%s)", key, failure.target_kind, failure.target_name, failure.reason,
                 failure.message)
        self.reporter.submit(self.reporter.report_for(key, detection, failure))

    async def snapshot(self) -> Snapshot:
        snap = Snapshot()
        snap.policies = self.store.selecting_policies()
        snap.targets = len(self.store.targets())
        snap.disk_paths = ["/"] + [w.target.path for w in self.store.targets("disk") if w.target.path]
        snap.systemd_enabled = self.systemd is not None
        snap.docker_enabled = self.docker is not None
        if self.systemd is not None and self.systemd.connected:
            snap.systemd_connected = True
            with contextlib.suppress(Exception):
                watched, failed = await self.systemd.counts()
                snap.units = UnitCounts(watched=watched, failed=failed)
        containers: list[dependencies.Container] = []
        if self.docker is not None and self.docker.connected:
            snap.docker_connected = True
            with contextlib.suppress(Exception):
                counts, containers = await asyncio.to_thread(self.docker.inventory)
                snap.containers = ContainerCounts(**counts)
        snap.dependencies = self.dependency_edges(containers)
        snap.pending_reports = len(self.reporter.pending)
        metrics.SOURCE_UP.labels("systemd").set(1 if snap.systemd_connected else 0)
        metrics.SOURCE_UP.labels("docker").set(1 if snap.docker_connected else 0)
        metrics.SOURCE_UP.labels("kernel").set(1 if self.kernel.running else 0)
        return snap

    def dependency_edges(self, containers: list[dependencies.Container]) -> list[DependencyEdge]:
        """The node's dependency graph among watched targets (controller/agent/dependencies.py)."""
        edges = dependencies.probe_edges(w.target for w in self.store.targets())
        watched_names = {c.name for c in containers}
        if self.systemd is not None:
            for unit, props in sorted(self.systemd.unit_dependencies.items()):
                if self.systemd.watched(unit):
                    edges += dependencies.unit_edges(unit, props, self.systemd.watched)
            edges += dependencies.hybrid_edges(self.systemd.hybrids, watched_names.__contains__)
        edges += dependencies.compose_edges(containers)
        kept, left_out = dependencies.bounded(edges)
        self.graph = DependencyGraph.from_edges(kept)
        if left_out != self._edges_left_out:
            self._edges_left_out = left_out
            if left_out:
                log.warning("%d dependency edges left out of the HostReport (at most %d; label edges go first)",
                            left_out, len(kept))
        return kept

    # --- run -------------------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        parts = {
            "policies": self.store.run(self.kube),
            "reporter": self.reporter.run(),
            "probes": self.probes.run(),
            "actuator": self.actuator.run(),
            "health": self.health.run(),
            "hostreport": self.hostreport.run(),
        }
        if self.systemd is not None:
            parts["systemd"] = self.systemd.run()
        if self.docker is not None:
            parts["docker"] = self.docker.run()
        # API calls, Docker calls and actions share the default executor: a few slow actions must not starve it
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=16, thread_name_prefix="io"))
        tasks = {asyncio.create_task(coro, name=name): name for name, coro in parts.items()}
        # compile the pattern library now, not on the first failure (Hyperscan takes a moment), then hand the
        # compiler's scratch memory back to the OS
        await asyncio.to_thread(self.analyzer.classifier, [])
        _malloc_trim()
        self.kernel.start()
        log.info("agent for node %s running: %s; host-path roots: %s", self.node, ", ".join(parts),
                 self.actuator.host_paths.dump())
        stopper = asyncio.create_task(stop.wait())
        try:
            done, _ = await asyncio.wait([stopper, *tasks], return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task is not stopper and task.exception() is not None:
                    log.error("agent part %s died", tasks[task], exc_info=task.exception())
        finally:
            for task in [*tasks, stopper, *self._tasks]:
                task.cancel()
            await asyncio.gather(*tasks, *self._tasks, return_exceptions=True)
            if self.bus is not None:
                self.bus.disconnect()
            await self.kube.close()
            log.info("agent stopped")


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to tune
        return None


def _limit_malloc_arenas() -> None:
    """glibc gives each thread its own malloc arena (up to 8 per core), which pins freed memory in RSS.
    The agent's threads (Docker events, watches, to_thread) allocate little: two arenas are plenty."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(-8, 2)  # M_ARENA_MAX


def _malloc_trim() -> None:
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def run_agent(
    node: str,
    dbus_address: str | None,
    docker_url: str | None,
    journal_dir: str | None,
    state_dir: Path | str,
    metrics_port: int = 0,
    host_paths: HostPathAllowList | None = None,
    heartbeat: float = 30.0,
) -> None:
    """The `healing agent` command: run until SIGTERM/SIGINT."""
    install_log_redaction()
    if not logging.getLogger().handlers:
        logging.basicConfig(level=os.environ.get("HEALING_LOG_LEVEL", "INFO"),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _limit_malloc_arenas()
    metrics.serve(metrics_port)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        agent = Agent(node, dbus_address=dbus_address, docker_url=docker_url, journal_dir=journal_dir,
                      state_dir=state_dir, host_paths=host_paths, hostreport_heartbeat=heartbeat)
        await agent.run(stop)

    asyncio.run(main())
