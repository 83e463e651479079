"""Carries out the actions the operator requests in `status.request` of this node's Incidents. Nothing else.

For each request (id, action) on an Incident labelled healing.insa.io/node=<this node>:
1. run at most once: ids already in status.executions or in the state file are skipped;
2. refuse (recorded as `Refused` with the reason) an Incident whose spec.node is another node, a target no
   policy selecting this node targets, and an action the governing policy does not list in spec.actions;
3. re-check live state right before acting: a target already healthy again is left alone (`Succeeded`,
   "already healthy");
4. persist the id in state_dir, then act, then append the outcome to status.executions (bounded) with
   startedAt/finishedAt/result/message; the outcome is retried until the API server takes it.
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import docker
from pydantic import ValidationError

from controller.agent import metrics
from controller.agent.actions import docker as docker_actions
from controller.agent.actions import host as host_actions
from controller.agent.actions import systemd as systemd_actions
from controller.agent.actions.base import ActionContext, Outcome, failed, ok, refused
from controller.agent.health import HealthChecker, HealthReporter
from controller.agent.kube import ApiError, KubeClient, custom, informer
from controller.agent.model import WatchedTarget
from controller.agent.policies import PolicyStore
from controller.agent.sources.probes import probe_name
from controller.agent.state import AgentState
from controller.agent.systemd_bus import SystemdBus
from controller.api.common import utcnow
from controller.api.incident import ActionRequest, Execution, Incident
from controller.constants import INCIDENT_PLURAL, NODE_LABEL

log = logging.getLogger(__name__)
INCIDENTS = custom(INCIDENT_PLURAL)
MAX_EXECUTIONS = 100
ACTION_TIMEOUT = 180.0
# actions that heal a failed target: pointless (and risky) when it is healthy again
HEALING = ("restart", "start", "resetFailed", "restartDependencies", "recreateContainer", "freePort")

ActionFn = Callable[[ActionContext], Awaitable[Outcome]]
SYSTEMD_ACTIONS: dict[str, ActionFn] = {
    "restart": systemd_actions.restart,
    "start": systemd_actions.start,
    "resetFailed": systemd_actions.reset_failed,
    "restartDependencies": systemd_actions.restart_dependencies,
}
DOCKER_ACTIONS: dict[str, ActionFn] = {
    "restart": docker_actions.restart,
    "start": docker_actions.start,
    "recreateContainer": docker_actions.recreate,
}
HOST_ACTIONS: dict[str, ActionFn] = {
    "freePort": host_actions.free_port,
    "cleanDisk": host_actions.clean_disk,
    "removeStaleLock": host_actions.remove_stale_lock,
    "fixPermissions": host_actions.fix_permissions,
    "escalate": host_actions.escalate,
}


def select(ctx: ActionContext, action: str) -> ActionFn | None:
    if action in HOST_ACTIONS:
        return HOST_ACTIONS[action]
    if ctx.via_systemd and ctx.systemd is not None and action in SYSTEMD_ACTIONS:
        return SYSTEMD_ACTIONS[action]
    if ctx.container and action in DOCKER_ACTIONS:
        return DOCKER_ACTIONS[action]
    return None


class Actuator:
    def __init__(
        self,
        kube: KubeClient,
        node: str,
        store: PolicyStore,
        state: AgentState,
        checker: HealthChecker,
        health: HealthReporter,
        *,
        systemd: SystemdBus | None,
        docker_client: Callable[[], docker.DockerClient | None],
        journal_dir: str | None,
        unit_ns_pid: Callable[[], int | None],
    ) -> None:
        self.kube = kube
        self.node = node
        self.store = store
        self.state = state
        self.checker = checker
        self.health = health
        self.systemd = systemd
        self.docker_client = docker_client
        self.journal_dir = journal_dir
        self.unit_ns_pid = unit_ns_pid
        self._inflight: set[str] = set()
        self._executions: dict[str, list[Execution]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        await informer(
            self.kube, INCIDENTS, self._sync, self._event, selectors={"labelSelector": f"{NODE_LABEL}={self.node}"},
            on_connection=lambda up: metrics.API_UP.set(1 if up else 0),
        )

    def _sync(self, items: list[dict[str, Any]]) -> None:
        for obj in items:
            self._consider(obj)

    def _event(self, kind: str, obj: dict[str, Any]) -> None:
        if kind == "DELETED":
            name = obj.get("metadata", {}).get("name", "")
            self.health.forget(name)
            self._executions.pop(name, None)
            return
        self._consider(obj)

    def _consider(self, obj: dict[str, Any]) -> None:
        try:
            incident = Incident.model_validate(obj)
        except ValidationError as exc:
            log.warning("ignoring malformed Incident %s: %s", obj.get("metadata", {}).get("name"), exc)
            return
        name = incident.metadata.name
        # the agent is the only writer of executions: a union never loses one, whatever order events arrive in
        known = {e.id: e for e in self._executions.get(name, [])}
        known.update({e.id: e for e in incident.status.executions})
        self._executions[name] = list(known.values())[-MAX_EXECUTIONS:]
        self.health.observe(incident)
        request = incident.status.request
        if request is None or request.id in self._inflight:
            return
        if any(e.id == request.id for e in incident.status.executions):
            return  # done before; the id never runs twice
        self._inflight.add(request.id)
        task = asyncio.get_running_loop().create_task(self._handle(incident, request))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- one request -----------------------------------------------------------------------------------

    def governing(self, incident: Incident) -> list[WatchedTarget]:
        """Targets of policies selecting this node that select the incident's target (the named policy first)."""
        t = incident.spec.target
        found = []
        for w in self.store.targets():
            pt = w.target
            if pt.kind != t.kind:
                continue
            if pt.kind in ("docker", "systemd"):
                if pt.match and fnmatch.fnmatchcase(t.name, pt.match):
                    found.append(w)
            elif probe_name(pt) == t.name:
                found.append(w)
        named = incident.status.policy
        if named:
            found = [w for w in found if w.policy_name == named]
        return found

    def _validate(self, incident: Incident, request: ActionRequest) -> tuple[Outcome | None, WatchedTarget | None]:
        if incident.spec.node != self.node:
            return refused(f"incident is for node {incident.spec.node!r}, this agent runs on {self.node!r}"), None
        if not self.store.synced:
            return None, None  # policies not known yet: decide later
        targets = self.governing(incident)
        if not targets:
            which = f"policy {incident.status.policy!r}" if incident.status.policy else "any HealingPolicy"
            t = incident.spec.target
            return refused(f"no target of {which} selecting node {self.node} matches {t.kind} {t.name!r}"), None
        allowed = [w for w in targets if request.action in w.policy.spec.actions]
        if not allowed:
            listed = ", ".join(sorted({a for w in targets for a in w.policy.spec.actions}))
            names = ", ".join(sorted({w.policy_name for w in targets}))
            return refused(f"action {request.action} is not allowed by policy {names} (allowed: {listed})"), None
        return None, allowed[0]

    async def _handle(self, incident: Incident, request: ActionRequest) -> None:
        name = incident.metadata.name
        lock = self._locks.setdefault(name, asyncio.Lock())
        try:
            async with lock:
                started = utcnow()
                if self.state.executed(request.id):
                    # we marked it but never recorded the outcome: the agent stopped mid-action. Not repeated.
                    outcome = failed("the agent restarted while this action ran; it is not run again")
                else:
                    while True:
                        outcome, watched = self._validate(incident, request)
                        if outcome is not None or watched is not None:
                            break
                        await asyncio.sleep(0.5)  # wait for the first policy list
                    self.state.mark_executed(request.id)
                    if outcome is None:
                        assert watched is not None
                        outcome = await self._act(incident, request, watched)
                finished = utcnow()
                metrics.ACTIONS.labels(request.action, outcome.result).inc()
                log.info("action %s %s on %s: %s: %s", request.id, request.action, name, outcome.result,
                         outcome.message)
                execution = Execution(id=request.id, action=request.action, started_at=started,
                                      finished_at=finished, result=outcome.result, message=outcome.message[:2000])
                await self._record(name, execution)
        finally:
            self._inflight.discard(request.id)

    async def _act(self, incident: Incident, request: ActionRequest, watched: WatchedTarget) -> Outcome:
        ctx = ActionContext(
            incident=incident, policy=watched.policy, systemd=self.systemd, docker=self.docker_client(),
            journal_dir=self.journal_dir, unit_ns_pid=self.unit_ns_pid(),
        )
        fn = select(ctx, request.action)
        if fn is None:
            return refused(f"{request.action} does not apply to a {incident.spec.service_type} target "
                           f"{incident.spec.target.kind} {incident.spec.target.name!r}")
        if request.action in HEALING:
            healthy, message = await self.checker.check(incident.spec)
            if healthy:
                return ok(f"already healthy, nothing done: {message}")
        self.health.acted(incident)
        try:
            return await asyncio.wait_for(fn(ctx), ACTION_TIMEOUT)
        except TimeoutError:
            return failed(f"{request.action} did not finish within {ACTION_TIMEOUT:.0f}s")
        except Exception as exc:
            log.exception("action %s failed", request.action)
            return failed(f"{request.action}: {exc.__class__.__name__}: {exc}")

    async def _record(self, name: str, execution: Execution) -> None:
        """Append to status.executions (the agent is its only writer), retrying until the API takes it."""
        delay = 0.2
        while True:
            executions = [e for e in self._executions.get(name, []) if e.id != execution.id] + [execution]
            executions = executions[-MAX_EXECUTIONS:]
            try:
                await self.kube.patch(
                    INCIDENTS, name, {"status": {"executions": [e.dump() for e in executions]}}, status=True
                )
                self._executions[name] = executions
                return
            except ApiError as exc:
                if exc.status == 404:
                    log.warning("incident %s is gone; outcome of %s not recorded", name, execution.id)
                    return
                log.warning("recording %s on %s failed (retrying): %s", execution.id, name, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
