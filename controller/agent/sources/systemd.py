"""systemd source: D-Bus signals, not polling.

After `Subscribe`, systemd broadcasts `PropertiesChanged` for every unit and `JobRemoved` for every job. We
match on them and look only at units some policy targets (glob on the unit name):
- Unit.ActiveState -> failed: UnitFailed (Result exit-code/signal/core-dump/oom-kill/...) or StartLimitHit;
- Service.NRestarts rising: RestartLoop (Restart= keeps the unit out of `failed` while it crash-loops);
- JobRemoved with result `dependency`: DependencyFailed (a unit it Requires/BindsTo failed).
Each watched unit's dependency properties (Requires, BindsTo, Requisite, Wants, After) are read when it is seen
(connect, UnitNew) and again after a daemon-reload (the `Reloading` signal): the node's dependency graph
(controller/agent/dependencies.py) is built from them.
Units already failed when the agent connects are reported once (keyed by their failure time in the state file),
with when they failed, unless that is longer ago than the governing policy's ignoreFailuresOlderThan.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import logging
import time
from collections.abc import Callable
from typing import Any

from dbus_fast import Message, MessageType

from controller.agent.classify_service import unit_type
from controller.agent.dependencies import UNIT_PROPS
from controller.agent.metrics import stale_dropped
from controller.agent.model import Failure
from controller.agent.policies import PolicyStore
from controller.agent.sources.kernel import KernelOomWatcher
from controller.agent.state import AgentState
from controller.agent.systemd_bus import (
    MANAGER_IFACE,
    PROPS_IFACE,
    SERVICE_IFACE,
    SYSTEMD,
    UNIT_IFACE,
    BusError,
    SystemdBus,
    unit_name,
)
from controller.api.selection import ObservedTarget

log = logging.getLogger(__name__)

# (hint pattern, certain, confidence) implied by systemd's Result for a failed service
RESULT_HINTS: dict[str, tuple[str, bool, float]] = {
    "oom-kill": ("out_of_memory", True, 0.95),
    "signal": ("process_crash", False, 0.6),
    "core-dump": ("process_crash", False, 0.7),
    "resources": ("resource_exhaustion", False, 0.5),
}
DEP_PROPS = ("Requires", "BindsTo", "Requisite", "PartOf")


class SystemdSource:
    def __init__(
        self,
        bus: SystemdBus,
        store: PolicyStore,
        emit: Callable[[Failure], None],
        state: AgentState,
        kernel: KernelOomWatcher | None = None,
        on_gone: Callable[[str, str], None] | None = None,
        on_dependencies: Callable[[], None] | None = None,
    ) -> None:
        self.bus = bus
        self.on_gone = on_gone  # (kind, name) of a unit that was unloaded: its open incidents are checked now
        self.on_dependencies = on_dependencies  # a watched unit's dependencies changed: publish them soon
        self.kernel = kernel
        self.store = store
        self.emit = emit
        self.state = state
        self.hybrids: dict[str, str] = {}  # container name -> unit, for units that run containers
        self.unit_dependencies: dict[str, dict[str, list[str]]] = {}  # watched unit -> UNIT_PROPS -> unit names
        self._learning = asyncio.Lock()
        self._exec_read: set[str] = set()  # units whose ExecStart was read (hybrids), until a daemon-reload
        self._active: dict[str, str] = {}
        self._restarts: dict[str, int] = {}
        self._final: dict[str, str] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.connected = False
        store.on_change(self._targets_changed)

    def _targets_changed(self) -> None:
        if self.connected:
            self._spawn(self.rescan())

    def watched(self, name: str) -> bool:
        return any(t.target.match and fnmatch.fnmatchcase(name, t.target.match) for t in self.store.targets("systemd"))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- connection ------------------------------------------------------------------------------------

    async def run(self) -> None:
        delay = 0.5
        while True:
            try:
                bus = await self.bus.connect()
                bus.add_message_handler(self._on_message)
                await self.bus.add_match(
                    f"type='signal',sender='{SYSTEMD}',interface='{PROPS_IFACE}',member='PropertiesChanged',"
                    "path_namespace='/org/freedesktop/systemd1/unit'"
                )
                await self.bus.add_match(f"type='signal',sender='{SYSTEMD}',interface='{MANAGER_IFACE}'")
                await self.bus.manager("Subscribe")
                self.connected = True
                delay = 0.5
                log.info("systemd: subscribed on %s", self.bus.address)
                self._exec_read.clear()
                await self.rescan(reread=True)  # a new connection (maybe a new systemd): read everything again
                await bus.wait_for_disconnect()
                log.warning("systemd: bus %s disconnected", self.bus.address)
            except asyncio.CancelledError:
                self.bus.disconnect()
                raise
            except Exception as exc:  # dbus-fast raises OSError, EOFError, TimeoutError and plain Exception
                # warn once per outage, not every retry
                (log.warning if delay <= 0.5 else log.debug)("systemd: %s unavailable: %s", self.bus.address, exc)
            self.connected = False
            self.bus.disconnect()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)

    async def rescan(self, reread: bool = False) -> None:
        """Learn current states of watched units; report those already failed (once per failure)."""
        if not self.bus.connected:
            return
        try:
            units = await self.bus.list_units()
        except BusError as exc:
            log.warning("systemd: ListUnits failed: %s", exc)
            return
        watched = [u for u in units if self.watched(u[0])]
        for name, _load, active, _sub in watched:
            previous = self._active.get(name)
            self._active[name] = active
            await self._learn_hybrid(name)
            if active == "failed" and previous != "failed":
                self._spawn(self._failed(name, initial=True))
        names = {u[0] for u in watched}
        # units seen before keep what was read (a daemon-reload re-reads them all); gone ones are forgotten
        new = [n for n in sorted(names) if reread or n not in self.unit_dependencies]
        await self._learn_dependencies(new, keep=names)

    async def _learn_dependencies(self, names: list[str], *, keep: set[str] | None = None) -> None:
        """Read the dependency properties of these units (keep: forget every other unit). One at a time: a burst
        of signals must not pile up D-Bus calls (the bus limits the replies pending per connection)."""
        async with self._learning:
            fresh: dict[str, dict[str, list[str]]] = {}
            for name in names:
                try:
                    props = await self.bus.properties(name, UNIT_IFACE)
                except BusError as exc:
                    log.debug("systemd: dependencies of %s not read: %s", name, exc)
                    continue
                fresh[name] = {p: [str(u) for u in props.get(p) or []] for p in UNIT_PROPS}
            learned = {**self.unit_dependencies, **fresh}
            if keep is not None:
                learned = {n: deps for n, deps in learned.items() if n in keep}
            if learned != self.unit_dependencies:
                self.unit_dependencies = learned
                if self.on_dependencies is not None:
                    self.on_dependencies()

    async def _learn_hybrid(self, name: str) -> None:
        if not name.endswith(".service") or name in self._exec_read:
            return
        self._exec_read.add(name)
        kind, container = unit_type(await self.bus.exec_start(name))
        if kind == "hybrid" and container:
            self.hybrids[container] = name

    async def counts(self) -> tuple[int, int]:
        """(watched units, failed watched units) for the HostReport."""
        if not self.bus.connected:
            return 0, 0
        units = [u for u in await self.bus.list_units() if self.watched(u[0])]
        return len(units), sum(1 for u in units if u[2] == "failed")

    # --- signals ---------------------------------------------------------------------------------------

    def _on_message(self, msg: Message) -> None:
        if msg.message_type != MessageType.SIGNAL:
            return
        if msg.member == "PropertiesChanged" and msg.interface == PROPS_IFACE:
            name = unit_name(msg.path or "")
            if name is None or not self.watched(name):
                return
            iface, changed = msg.body[0], msg.body[1]
            if iface == UNIT_IFACE and "ActiveState" in changed:
                state = str(changed["ActiveState"].value)
                previous = self._active.get(name)
                self._active[name] = state
                if state == "failed" and previous != "failed":
                    self._spawn(self._failed(name))
            elif iface == SERVICE_IFACE and "NRestarts" in changed:
                n = int(changed["NRestarts"].value)
                previous_n = self._restarts.get(name)
                self._restarts[name] = n
                if n > (previous_n or 0):
                    self._spawn(self._restart_loop(name, n))
        elif msg.member == "JobRemoved" and msg.interface == MANAGER_IFACE:
            _id, _job, name, result = msg.body
            if result == "dependency" and self.watched(name):
                self._spawn(self._dependency(name))
        elif msg.member == "UnitRemoved" and msg.interface == MANAGER_IFACE:
            if self.on_gone is not None:
                self.on_gone("systemd", msg.body[0])
        elif msg.member == "UnitNew" and msg.interface == MANAGER_IFACE:
            # Only units not read yet: systemd unloads an inactive unit and loads it again for any bus call on it
            # (UnitNew each time), so reading it again on every UnitNew would feed itself.
            name = msg.body[0]
            if self.watched(name):
                self._spawn(self._learn_hybrid(name))
                if name not in self.unit_dependencies:
                    self._spawn(self._learn_dependencies([name]))
        elif msg.member == "Reloading" and msg.interface == MANAGER_IFACE and not msg.body[0]:
            # a daemon-reload finished: unit files (ExecStart, dependencies) may have changed
            self._exec_read.clear()
            self._spawn(self._learn_dependencies(list(self.unit_dependencies)))

    # --- failures --------------------------------------------------------------------------------------

    async def _props(self, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
        unit = await self.bus.properties(name, UNIT_IFACE)
        service: dict[str, Any] = {}
        if name.endswith(".service"):
            with contextlib.suppress(BusError):
                service = await self.bus.properties(name, SERVICE_IFACE)
        return unit, service

    def _failure(self, name: str, unit: dict[str, Any], service: dict[str, Any], **kw: Any) -> Failure:
        kind, container = unit_type([list(e[1]) for e in service.get("ExecStart") or []])
        targets = self.store.match("systemd", name)
        # logs from just before the last run's start: its own output and systemd's words about it
        started = int(service.get("ExecMainStartTimestamp") or unit.get("InactiveExitTimestamp") or 0) / 1e6
        since = started - 1.0 if started else None
        return Failure(
            target_kind="systemd",
            target_name=name,
            service_type=kind,  # type: ignore[arg-type]
            unit=name,
            container=container,
            source="systemd",
            state=f"{unit.get('ActiveState', '')}/{unit.get('SubState', '')}",
            n_restarts=service.get("NRestarts"),
            patterns=self.store.patterns_for(targets),
            log_since=since,
            **kw,
        )

    async def _failed(self, name: str, initial: bool = False) -> None:
        try:
            unit, service = await self._props(name)
        except BusError as exc:
            log.warning("systemd: cannot read %s: %s", name, exc)
            return
        failed_at = int(unit.get("InactiveEnterTimestamp") or 0) / 1e6 or None
        if initial:
            # a failure that predates the agent: history unless recent (the policy's ignoreFailuresOlderThan), and
            # reported only once, also across agent restarts
            limit = self.store.max_failure_age(ObservedTarget("systemd", name))
            if failed_at is not None and limit is not None and time.time() - failed_at > limit:
                stale_dropped("systemd", "too_old", f"{name} failed {time.time() - failed_at:.0f}s ago, before the "
                              f"agent watched it (ignoreFailuresOlderThan {limit:.0f}s)")
                return
            key = f"{name}@{unit.get('InactiveEnterTimestamp', 0)}"
            if not self.state.first_time("unit-failure", key):
                return
        restarting = str(service.get("Restart") or "no") != "no"
        if restarting and not initial:
            # With Restart=, every crash passes through `failed` on its way to auto-restart (NRestarts reports
            # those). A unit still failed after RestartSec, with no new restart and no job queued, gave up.
            before = service.get("NRestarts")
            await asyncio.sleep(int(service.get("RestartUSec") or 100_000) / 1e6 + 0.15)
            try:
                unit, service = await self._props(name)
            except BusError:
                return
            job = unit.get("Job") or (0, "/")
            if unit.get("ActiveState") != "failed" or service.get("NRestarts") != before or job[0]:
                return
        final_key = str(unit.get("InactiveEnterTimestamp", 0))
        if self._final.get(name) == final_key:
            return  # this failure was reported already (signals can repeat)
        self._final[name] = final_key
        result = str(service.get("Result") or unit.get("Result") or "")
        status = service.get("ExecMainStatus")
        code = service.get("ExecMainCode")  # 1 exited, 2 killed, 3 dumped
        if result == "signal" and status == 9 and self.kernel is not None:
            # cgroup v1 systemd says "signal": the kernel's record tells an OOM kill from a plain SIGKILL
            started = int(service.get("ExecMainStartTimestamp") or 0) / 1e6
            if self.kernel.killed(f"/{name}", started) is not None:
                result = "oom-kill"
        hint = RESULT_HINTS.get(result)
        gave_up = result == "start-limit-hit" or (restarting and int(service.get("NRestarts") or 0) > 0)
        reason = "StartLimitHit" if gave_up else "UnitFailed"
        message = f"{name} failed (Result={result or 'unknown'}"
        if status is not None and code == 1:
            message += f", exit status {status}"
        elif status:
            message += f", signal {status}"
        message += ")"
        failure = self._failure(
            name, unit, service,
            reason=reason,
            message=message,
            exit_code=int(status) if status is not None and code == 1 else None,
            oom_killed=True if result == "oom-kill" else None,
            hint=hint[0] if hint else None,
            hint_certain=hint[1] if hint else False,
            hint_confidence=hint[2] if hint else 0.5,
        )
        if failed_at is not None:
            failure.observed_at = failed_at  # when it failed, not when the agent looked
        self.emit(failure)

    async def _restart_loop(self, name: str, n: int) -> None:
        try:
            unit, service = await self._props(name)
        except BusError:
            return
        self.emit(
            self._failure(
                name, unit, service,
                reason="RestartLoop",
                message=f"{name} restarted {n} times (Result={service.get('Result', '')}, "
                f"exit status {service.get('ExecMainStatus')})",
                exit_code=service.get("ExecMainStatus") if service.get("ExecMainCode") == 1 else None,
            )
        )

    async def _dependency(self, name: str) -> None:
        try:
            unit, service = await self._props(name)
        except BusError:
            return
        failed = []
        for prop in DEP_PROPS:
            for dep in unit.get(prop) or []:
                with contextlib.suppress(BusError):
                    state, sub = await self.bus.active_state(dep)
                    if state != "active":
                        failed.append(f"{dep} ({state}/{sub})")
        self.emit(
            self._failure(
                name, unit, service,
                reason="DependencyFailed",
                message=f"{name} did not start: dependency failed: {', '.join(failed) or 'unknown'}",
                hint="service_dependency",
                hint_certain=True,
                hint_confidence=0.9,
                log_lines=[f"Dependency failed for {name}: {', '.join(failed)}"] if failed else None,
            )
        )
