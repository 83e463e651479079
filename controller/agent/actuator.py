"""Carries out the actions the operator requests in `status.request` of this node's Incidents. Nothing else.

For each request (id, action) on an Incident labelled healing.insa.io/node=<this node> -- except the Incidents of pod
targets, which are the operator's (it watches pods and carries out their workload actions): the watch excludes
them by their healing.insa.io/target-kind label, and one that comes anyway is ignored by its spec.target.kind:
1. run at most once: ids already in status.executions or in the state file are skipped;
2. refuse (recorded as `Refused` with the reason) an Incident whose spec.node is another node, a target no
   policy selecting this node targets (decided by controller.api.selection from what this agent observes, never
   from the Incident's own unit/container fields), a unit the policy does not select or that would stop the
   machine, and an action the governing policy does not list in spec.actions;
3. re-check live state right before acting: a target already healthy again is left alone (`Skipped`, reason
   `AlreadyHealthy`: the target recovered by itself, which is not an outcome of the action), a target that is gone
   is refused (`TargetGone`);
4. persist the id in state_dir, then act, then append the outcome to status.executions (bounded) with
   startedAt/finishedAt/result/message; the outcome is retried until the API server takes it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import docker
from pydantic import ValidationError

from controller.agent import metrics
from controller.agent.actions import docker as docker_actions
from controller.agent.actions import host as host_actions
from controller.agent.actions import systemd as systemd_actions
from controller.agent.actions.base import ActionContext, Outcome, failed, refused, skipped
from controller.agent.health import HealthChecker, HealthReporter
from controller.agent.hostfs import HostPathAllowList
from controller.agent.kube import ApiError, KubeClient, custom, informer
from controller.agent.policies import PolicyStore
from controller.agent.state import AgentState
from controller.agent.systemd_bus import SystemdBus
from controller.api.common import precise_now
from controller.api.incident import (
    MAX_EXECUTIONS,
    ActionRequest,
    Execution,
    Health,
    Incident,
    IncidentTarget,
    executions_union,
)
from controller.api.selection import ObservedTarget, Selection
from controller.constants import INCIDENT_PLURAL, NODE_LABEL, TARGET_KIND_LABEL

log = logging.getLogger(__name__)
INCIDENTS = custom(INCIDENT_PLURAL)
ACTION_TIMEOUT = 180.0
ENGINE_RESTART_WAIT = 10.0  # how long a container the engine is restarting (restart policy) is given before acting
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
        observe: Callable[[IncidentTarget], Awaitable[ObservedTarget]],
        host_paths: HostPathAllowList,
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
        self.observe = observe
        self.host_paths = host_paths
        self._inflight: set[str] = set()
        self._executions: dict[str, list[Execution]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        await informer(
            self.kube, INCIDENTS, self._sync, self._event,
            selectors={"labelSelector": f"{NODE_LABEL}={self.node},{TARGET_KIND_LABEL}!=pod"},
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
        if incident.spec.target.kind == "pod":
            return  # the operator's: no execution, no health from this agent (it never acts on workloads)
        name = incident.metadata.name
        # the agent is the only writer of executions: a union never loses one, whatever order events arrive in
        self._executions[name] = executions_union(self._executions.get(name, []), incident.status.executions)
        self.health.observe(incident)
        request = incident.status.request
        if request is None or request.id in self._inflight:
            return
        if any(e.id == request.id for e in self._executions[name]):
            # done before, as the status says or as this agent recorded it: a watch event older than the recording
            # (the request still without its execution) must not run it again, nor overwrite its result
            return
        self._inflight.add(request.id)
        task = asyncio.get_running_loop().create_task(self._handle(incident, request))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- one request -----------------------------------------------------------------------------------

    async def _validate(self, incident: Incident, request: ActionRequest) -> tuple[Outcome | None, Selection | None]:
        """(refusal, None) or (None, the selection to act under); (None, None) while policies are not known yet.

        What is acted on comes from the policies and from what this agent observes now (the unit running a
        container, read from systemd), through the same resolver the operator uses; the Incident only names the
        target. A unit or container the Incident claims but the agent does not observe is refused.
        """
        if incident.spec.node != self.node:
            return refused(f"incident is for node {incident.spec.node!r}, this agent runs on {self.node!r}"), None
        if not self.store.synced:
            return None, None  # policies not known yet: decide later
        t = incident.spec.target
        observed = await self.observe(t)
        resolution = self.store.resolve(observed, named=incident.status.policy or None)
        selection = resolution.selection
        if selection is None:
            return refused(f"{resolution.message}: nothing is done for a target no policy selects"), None
        if selection.problem is not None:
            return refused(resolution.message), None
        if request.action not in selection.policy.spec.actions:
            listed = ", ".join(selection.policy.spec.actions)
            return refused(
                f"action {request.action} is not allowed by policy {selection.policy_name} (allowed: {listed})"
            ), None
        claimed_unit = None if t.kind == "systemd" and t.unit == t.name else t.unit
        if claimed_unit and claimed_unit != selection.unit:
            return refused(
                f"the incident names unit {claimed_unit}, but for {t.kind} {t.name!r} this agent observes "
                f"{selection.unit or 'no unit'} selected by policy {selection.policy_name}: not acted on"
            ), None
        return None, selection

    async def _handle(self, incident: Incident, request: ActionRequest) -> None:
        name = incident.metadata.name
        lock = self._locks.setdefault(name, asyncio.Lock())
        try:
            async with lock:
                started = precise_now()
                if self.state.executed(request.id):
                    # we marked it but never recorded the outcome: the agent stopped mid-action. Not repeated.
                    outcome = failed("the agent restarted while this action ran; it is not run again")
                else:
                    while True:
                        outcome, selection = await self._validate(incident, request)
                        if outcome is not None or selection is not None:
                            break
                        await asyncio.sleep(0.5)  # wait for the first policy list
                    self.state.mark_executed(request.id)
                    if outcome is None:
                        assert selection is not None
                        outcome = await self._act(incident, request, selection)
                finished = precise_now()
                metrics.ACTIONS.labels(request.action, outcome.result).inc()
                log.info("action %s %s on %s: %s: %s", request.id, request.action, name, outcome.result,
                         outcome.message)
                execution = Execution(id=request.id, action=request.action, started_at=started,
                                      finished_at=finished, result=outcome.result, reason=outcome.reason,
                                      message=outcome.message[:2000])
                # the target's health after the action goes with the execution: one write, and the operator's
                # verification has its first report at once
                health = await self.health.with_execution(incident)
                await self._record(name, execution, health)
        finally:
            self._inflight.discard(request.id)

    async def _act(self, incident: Incident, request: ActionRequest, selection: Selection) -> Outcome:
        ctx = ActionContext(
            incident=incident, policy=selection.policy, unit=selection.unit, container=selection.container,
            service_type=selection.service_type, systemd=self.systemd, docker=self.docker_client(),
            journal_dir=self.journal_dir, unit_ns_pid=self.unit_ns_pid(), host_paths=self.host_paths,
        )
        fn = select(ctx, request.action)
        if fn is None:
            return refused(f"{request.action} does not apply to a {incident.spec.service_type} target "
                           f"{incident.spec.target.kind} {incident.spec.target.name!r}")
        now = await self.checker.check(incident.spec)
        deadline = time.monotonic() + ENGINE_RESTART_WAIT
        while now.restarting and time.monotonic() < deadline:
            # the engine's restart policy is bringing it back this moment: its result decides, not a second restart
            await asyncio.sleep(0.2)
            now = await self.checker.check(incident.spec)
        if now.gone:
            return refused(f"{now.message}: nothing left to heal", reason="TargetGone")
        if request.action in HEALING and now.healthy:
            return skipped(f"already healthy, nothing done: {now.message}", reason="AlreadyHealthy")
        self.health.acted(incident)
        try:
            return await asyncio.wait_for(fn(ctx), ACTION_TIMEOUT)
        except TimeoutError:
            return failed(f"{request.action} did not finish within {ACTION_TIMEOUT:.0f}s")
        except Exception as exc:
            log.exception("action %s failed", request.action)
            return failed(f"{request.action}: {exc.__class__.__name__}: {exc}")
        finally:
            self.health.done(incident.metadata.name)

    async def _record(self, name: str, execution: Execution, health: Health | None = None) -> None:
        """Append to status.executions (the agent is its only writer), with the target's health checked after the
        action when there is one, retrying until the API takes it."""
        delay = 0.2
        while True:
            executions = [e for e in self._executions.get(name, []) if e.id != execution.id] + [execution]
            executions = executions[-MAX_EXECUTIONS:]
            try:
                status: dict[str, Any] = {"executions": [e.dump() for e in executions]}
                if health is not None:
                    status["health"] = health.merge_patch()
                await self.kube.patch(INCIDENTS, name, {"status": status}, status=True)
                self._executions[name] = executions
                return
            except ApiError as exc:
                if exc.status == 404:
                    log.warning("incident %s is gone; outcome of %s not recorded", name, execution.id)
                    return
                log.warning("recording %s on %s failed (retrying): %s", execution.id, name, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
