"""Live health of an incident's target, and `status.health` of this node's open incidents.

Healthy means: unit ActiveState active (systemd and hybrid); container running and not unhealthy/starting
(docker); the probe passing (port, http, disk, memory). Gone means: the container was removed, the unit is not
loaded any more, or no policy probes that target now -- nothing is left to heal. The actuator asks the same
question right before it acts (an already healthy target is not touched, a gone one is refused).

For incidents under remediation the target is checked every `interval` (so that `since` never spans a stretch nobody
watched), but `status.health` is written only when it is news to the operator's verification
(`verification_report_due`): the first check, a change, and the first check at or after each moment the verification
looks at -- the end of `verify.after` and the end of the `verify.healthyFor` window. Every unchanged report in
between was one API write (under a storm, half of all writes, each able to refuse an operator write with 409) that
told the operator nothing it acts on. For every other open incident health is written when it changes: checked at
start-up (the agent confirms what is still true after a restart), on a sweep, and at once when a target disappears
(`poke`). When an incident of this node is resolved, the open incidents of the targets that depend on it (the node's
dependency graph) are checked at once and their health written even if unchanged: the operator held them for that
dependency and decides them on this fresh report.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import docker
import docker.errors

from controller.agent.kube import ApiError, KubeClient, custom
from controller.agent.model import WatchedTarget
from controller.agent.sources import probes
from controller.agent.systemd_bus import BusError, SystemdBus
from controller.api.common import precise_now
from controller.api.healingpolicy import Target, VerifySpec
from controller.api.hostreport import target_ref
from controller.api.incident import (
    Health,
    HealthSince,
    Incident,
    IncidentSpec,
    verification_moments,
    verification_report_due,
)
from controller.constants import INCIDENT_PLURAL

log = logging.getLogger(__name__)
INCIDENTS = custom(INCIDENT_PLURAL)
TRACK_PHASES = ("Remediating", "Verifying")
TERMINAL_PHASES = ("Resolved", "Failed", "Escalated")
TRACK_AFTER_ACTION_S = 300.0
# what makes a check worth a status write: any check, a change, or news to the verification of an incident in flight
WriteWhen = Literal["always", "changes", "verification"]
WITH_EXECUTION_TIMEOUT = 2.0  # a health check written with the execution may delay the execution this much


def probe_target(spec: IncidentSpec, watched: list[WatchedTarget]) -> Target:
    """The policy's probe target for an incident (thresholds, timeout), or one rebuilt from the incident."""
    for w in watched:
        if w.target.kind == spec.target.kind and probes.probe_name(w.target) == spec.target.name:
            return w.target
    t = spec.target
    return Target.model_validate({
        "kind": t.kind, "unit": t.unit, "container": t.container,
        "port": int(t.name) if t.kind == "port" and t.name.isdigit() else None,
        "url": t.name if t.kind == "http" else None,
        "path": t.name if t.kind == "disk" else None,
    })


@dataclass(frozen=True)
class HealthResult:
    healthy: bool
    message: str
    gone: bool = False
    restarting: bool = False  # the engine is restarting the container by its own restart policy right now


class HealthChecker:
    def __init__(
        self,
        systemd: SystemdBus | None,
        docker_client: Callable[[], docker.DockerClient | None],
        ns_pid: Callable[[Target], Awaitable[int | None]],
        targets: Callable[[], list[WatchedTarget]],
    ) -> None:
        self.systemd = systemd
        self.docker_client = docker_client
        self.ns_pid = ns_pid
        self.targets = targets

    async def check(self, spec: IncidentSpec) -> HealthResult:
        t = spec.target
        if t.kind in probes.PROBE_KINDS:
            if not any(w.target.kind == t.kind and probes.probe_name(w.target) == t.name for w in self.targets()):
                return HealthResult(False, f"no policy selecting this node probes {t.kind} {t.name} any more",
                                    gone=True)
            target = probe_target(spec, self.targets())
            result = await probes.check(target, await self.ns_pid(target))
            return HealthResult(result.healthy, result.message)
        unit = t.unit or (t.name if t.kind == "systemd" else None)
        if unit and spec.service_type in ("systemd", "hybrid") and self.systemd is not None:
            try:
                await self.systemd.load_unit(unit)
                props = await self.systemd.properties(unit)
            except BusError as exc:
                return HealthResult(False, f"cannot ask systemd about {unit}: {exc}")
            if props.get("LoadState") == "not-found":
                return HealthResult(False, f"unit {unit} does not exist any more", gone=True)
            state, sub = str(props.get("ActiveState", "")), str(props.get("SubState", ""))
            return HealthResult(state == "active", f"unit {unit} is {state}/{sub}")
        container = t.container or t.name
        client = self.docker_client()
        if client is None:
            return HealthResult(False, "no Docker connection")
        try:
            info = await asyncio.to_thread(client.api.inspect_container, container)
        except docker.errors.NotFound:
            return HealthResult(False, f"container {container} does not exist any more", gone=True)
        except docker.errors.APIError as exc:
            return HealthResult(False, f"cannot inspect {container}: {exc}")
        state = info["State"]
        health = (state.get("Health") or {}).get("Status")
        healthy = state.get("Status") == "running" and health not in ("unhealthy", "starting")
        described = f"container {container} is {state.get('Status')}" + (f" ({health})" if health else "")
        return HealthResult(healthy, described, restarting=state.get("Status") == "restarting")


class HealthReporter:
    """Writes status.health: every `interval` for incidents under remediation, on change for the other open ones."""

    def __init__(
        self,
        kube: KubeClient,
        checker: HealthChecker,
        interval: float = 2.0,
        sweep: float = 30.0,
        dependents: Callable[[str], set[str]] | None = None,
        verify_of: Callable[[str], VerifySpec | None] | None = None,
    ) -> None:
        self.kube = kube
        self.verify_of = verify_of  # policy name -> its verify spec (None: unknown policy, every check is written)
        self.dependents = dependents  # target ref -> the refs that depend on it (the node's dependency graph)
        self._recheck: set[str] = set()  # dependents of a resolved incident: health written even if unchanged
        self.checker = checker
        self.interval = interval
        self.sweep_interval = sweep
        self.tracked: dict[str, Incident] = {}  # under remediation: written every interval
        self.open: dict[str, Incident] = {}  # every other open incident of this node: written on change
        self._acted: dict[str, float] = {}
        self._since = HealthSince(interval)
        self._written: dict[str, tuple[bool, bool, datetime]] = {}  # (healthy, gone, checkedAt) as last written
        self._poked: set[str] = set()
        self._acting: set[str] = set()  # incidents whose action runs right now: no health written meanwhile
        self._wake = asyncio.Event()

    def observe(self, incident: Incident) -> None:
        name = incident.metadata.name
        recently = time.monotonic() - self._acted.get(name, -1e9) < TRACK_AFTER_ACTION_S
        phase = incident.status.phase
        if phase in TERMINAL_PHASES:
            was_open = name in self.open or name in self.tracked
            self.forget(name)
            if was_open and phase == "Resolved":
                self.recheck_dependents(incident.spec)
            return
        if phase in TRACK_PHASES or recently:
            self.tracked[name] = incident
            self.open.pop(name, None)
        else:
            self.tracked.pop(name, None)
            new = name not in self.open
            self.open[name] = incident
            if new:  # confirmed once by this agent process (what is still true after a restart)
                self._poked.add(name)
                self._wake.set()

    def forget(self, name: str) -> None:
        self.tracked.pop(name, None)
        self.open.pop(name, None)
        self._since.forget(name)
        self._written.pop(name, None)

    def acted(self, incident: Incident) -> None:
        self._acted[incident.metadata.name] = time.monotonic()
        self.tracked[incident.metadata.name] = incident
        self.open.pop(incident.metadata.name, None)
        self._acting.add(incident.metadata.name)

    def done(self, name: str) -> None:
        """The action finished: health is reported again (during it, a recreated container is briefly absent)."""
        self._acting.discard(name)

    def poke(self, kind: str, name: str) -> None:
        """A target changed (a container destroyed, a unit removed, a policy changed): check its incidents now."""
        for inc_name, incident in self.open.items():
            if incident.spec.target.kind == kind and incident.spec.target.name == name:
                self._poked.add(inc_name)
        self._wake.set()

    def recheck_dependents(self, spec: IncidentSpec) -> None:
        """This target's incident was resolved: write fresh health of the open incidents that depend on it."""
        if self.dependents is None:
            return
        refs = self.dependents(target_ref(spec.target.kind, spec.target.name))
        for inc_name, incident in self.open.items():
            if target_ref(incident.spec.target.kind, incident.spec.target.name) in refs:
                self._recheck.add(inc_name)
        self._wake.set()

    def poke_probes(self) -> None:
        for inc_name, incident in self.open.items():
            if incident.spec.target.kind in probes.PROBE_KINDS:
                self._poked.add(inc_name)
        self._wake.set()

    async def report(self, incident: Incident, *, write: WriteWhen = "always") -> Health | None:
        name = incident.metadata.name
        written = self._written.get(name)
        health = self._checked(name, await self.checker.check(incident.spec))
        if write == "changes" and written is not None and written[:2] == (health.healthy, health.gone):
            return None
        if write == "verification" and not verification_report_due(
            written, health.healthy, health.gone, health.checked_at, self._moments(incident, health.since)
        ):
            return None
        await self.kube.patch(INCIDENTS, name, {"status": {"health": health.merge_patch()}}, status=True)
        self._written[name] = (health.healthy, health.gone, health.checked_at)
        return health

    def _checked(self, name: str, result: HealthResult) -> Health:
        """A check's result as status.health, with `since` carried on (and remembered) as this process saw it."""
        now = precise_now()
        since = self._since.observe(name, result.healthy, now)
        return Health(healthy=result.healthy, checked_at=now, since=since, message=result.message[:1000],
                      gone=result.gone)

    async def with_execution(self, incident: Incident) -> Health | None:
        """The target's health right after its action, for the actuator to write with the execution (one write
        instead of two): counted as written, so the next check writes only what is news. None when the check does
        not answer within WITH_EXECUTION_TIMEOUT (the reporter's own loop writes it then)."""
        name = incident.metadata.name
        try:
            result = await asyncio.wait_for(self.checker.check(incident.spec), WITH_EXECUTION_TIMEOUT)
        except Exception:  # a slow probe, a bus error: the execution is not held back for it
            log.debug("health of %s after its action not checked in time", name, exc_info=True)
            return None
        health = self._checked(name, result)
        self._written[name] = (health.healthy, health.gone, health.checked_at)
        return health

    def _moments(self, incident: Incident, since: datetime) -> list[datetime] | None:
        policy = incident.status.policy
        verify = self.verify_of(policy) if policy and self.verify_of is not None else None
        return None if verify is None else verification_moments(incident.status, verify, since)

    async def _write(self, name: str, incident: Incident, *, write: WriteWhen) -> None:
        if name in self._acting:
            return
        try:
            await self.report(incident, write=write)
        except ApiError as exc:
            if exc.status == 404:
                self.forget(name)
            else:
                log.debug("health of %s not written: %s", name, exc)
        except Exception:
            log.exception("health check of %s failed", name)

    async def run(self) -> None:
        next_sweep = time.monotonic() + self.sweep_interval
        while True:
            for name, incident in list(self.tracked.items()):
                await self._write(name, incident, write="verification")
            sweep = time.monotonic() >= next_sweep
            if sweep:
                next_sweep = time.monotonic() + self.sweep_interval
            due = list(self.open) if sweep else [n for n in self._poked if n in self.open]
            self._poked.clear()
            fresh, self._recheck = self._recheck, set()
            for name in fresh:
                if (incident := self.open.get(name)) is not None:
                    await self._write(name, incident, write="always")
            for name in due:
                if name not in fresh and (incident := self.open.get(name)) is not None:
                    await self._write(name, incident, write="changes")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
