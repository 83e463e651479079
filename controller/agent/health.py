"""Live health of an incident's target, and `status.health` while the operator remediates and verifies.

Healthy means: unit ActiveState active (systemd and hybrid); container running and not unhealthy/starting
(docker); the probe passing (port, http, disk, memory). The actuator asks the same question right before it
acts (an already healthy target is not touched).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime

import docker
import docker.errors

from controller.agent.kube import ApiError, KubeClient, custom
from controller.agent.model import WatchedTarget
from controller.agent.sources import probes
from controller.agent.systemd_bus import BusError, SystemdBus
from controller.api.common import utcnow
from controller.api.healingpolicy import Target
from controller.api.incident import Health, Incident, IncidentSpec
from controller.constants import INCIDENT_PLURAL

log = logging.getLogger(__name__)
INCIDENTS = custom(INCIDENT_PLURAL)
TRACK_PHASES = ("Remediating", "Verifying")
TRACK_AFTER_ACTION_S = 300.0


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

    async def check(self, spec: IncidentSpec) -> tuple[bool, str]:
        t = spec.target
        if t.kind in probes.PROBE_KINDS:
            target = probe_target(spec, self.targets())
            result = await probes.check(target, await self.ns_pid(target))
            return result.healthy, result.message
        unit = t.unit or (t.name if t.kind == "systemd" else None)
        if unit and spec.service_type in ("systemd", "hybrid") and self.systemd is not None:
            try:
                state, sub = await self.systemd.active_state(unit)
            except BusError as exc:
                return False, f"cannot ask systemd about {unit}: {exc}"
            return state == "active", f"unit {unit} is {state}/{sub}"
        container = t.container or t.name
        client = self.docker_client()
        if client is None:
            return False, "no Docker connection"
        try:
            info = await asyncio.to_thread(client.api.inspect_container, container)
        except docker.errors.NotFound:
            return False, f"container {container} does not exist"
        except docker.errors.APIError as exc:
            return False, f"cannot inspect {container}: {exc}"
        state = info["State"]
        health = (state.get("Health") or {}).get("Status")
        healthy = state.get("Status") == "running" and health not in ("unhealthy", "starting")
        return healthy, f"container {container} is {state.get('Status')}" + (f" ({health})" if health else "")


class HealthReporter:
    """Writes status.health of incidents under remediation every `interval` seconds."""

    def __init__(self, kube: KubeClient, checker: HealthChecker, interval: float = 2.0) -> None:
        self.kube = kube
        self.checker = checker
        self.interval = interval
        self.tracked: dict[str, Incident] = {}
        self._acted: dict[str, float] = {}
        self._last: dict[str, tuple[bool, datetime]] = {}

    def observe(self, incident: Incident) -> None:
        name = incident.metadata.name
        recently = time.monotonic() - self._acted.get(name, -1e9) < TRACK_AFTER_ACTION_S
        if incident.status.phase in TRACK_PHASES or (recently and incident.status.phase not in
                                                     ("Resolved", "Failed", "Escalated")):
            self.tracked[name] = incident
        else:
            self.forget(name)

    def forget(self, name: str) -> None:
        self.tracked.pop(name, None)
        self._last.pop(name, None)

    def acted(self, incident: Incident) -> None:
        self._acted[incident.metadata.name] = time.monotonic()
        self.tracked[incident.metadata.name] = incident

    async def report(self, incident: Incident) -> Health:
        name = incident.metadata.name
        healthy, message = await self.checker.check(incident.spec)
        now = utcnow()
        previous = self._last.get(name)
        if previous is None and incident.status.health is not None and incident.status.health.healthy == healthy:
            since = incident.status.health.since or now
        else:
            since = previous[1] if previous and previous[0] == healthy else now
        self._last[name] = (healthy, since)
        health = Health(healthy=healthy, checked_at=now, since=since, message=message[:1000])
        await self.kube.patch(INCIDENTS, name, {"status": {"health": health.dump()}}, status=True)
        return health

    async def run(self) -> None:
        while True:
            for name, incident in list(self.tracked.items()):
                try:
                    await self.report(incident)
                except ApiError as exc:
                    if exc.status == 404:
                        self.forget(name)
                    else:
                        log.debug("health of %s not written: %s", name, exc)
                except Exception:
                    log.exception("health check of %s failed", name)
            await asyncio.sleep(self.interval)
