"""The pod healer: the operator's own watcher of pods and actuator of the workload actions. Why the operator and
not the agents: docs/architecture.md ("Pods"). Kopf feeds it (handlers.py) every pod event and every event of the
Incidents labelled healing.insa.io/target-kind=pod; Kopf's peering pauses both on a standby replica.

For `pod` targets it plays the part the node's agent plays for units and containers, with the same Incident keys:

* **detection**: a pod a pod target selects (controller.api.selection, the resolver the incident lifecycle uses
  too) shows a container failure (observe.container_failures). Its workload is its controller -- a ReplicaSet's
  Deployment, a StatefulSet, a DaemonSet -- or the pod itself; pods of other controllers (Jobs, operators' own
  kinds) are their controllers' business. The failure is classified with the pattern library from the container's
  logs read through the API server (`pods/log`, `previous=true` for a restarted container) and the kubelet's probe
  events, then reported on the Incident of the workload and failure: `spec` once, `status.detection` with the
  occurrences counted.
* **health**: `status.health` of the open pod incidents (observe.workload_health): every `interval` while an action
  is in flight, on change otherwise (pod events poke it, a sweep confirms). "Progressing" (a rollout on its way, a
  container that just restarted) is not reported at all: verification waits for a conclusion, never passes on it.
* **actions**: `status.request` -> evictPod (the Eviction API: PodDisruptionBudgets decide, a 429 is a refusal that
  names the budget, nothing is ever deleted) or rolloutRestart (`kubectl rollout restart`: the pod template's
  `kubectl.kubernetes.io/restartedAt`). Re-checked right before acting against the live objects: the policy that
  selects the workload now, the action in its `spec.actions`, the workload still failing. Each id runs at most
  once: it is written to the Incident (annotation healing.insa.io/executing) before acting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError

from controller.agent.logs import Analyzer, build_detection
from controller.agent.model import Failure
from controller.api.common import ObjectMeta, parse_duration, precise_now
from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import (
    MAX_EXECUTIONS,
    ActionRequest,
    Detection,
    Execution,
    ExecutionResult,
    Health,
    HealthSince,
    Incident,
    IncidentSpec,
    IncidentTarget,
    executions_union,
    incident_name,
    verification_moments,
    verification_report_due,
)
from controller.api.selection import ObservedTarget, Resolution, observed_from_incident, resolve
from controller.api.workload import WORKLOAD_KINDS, WorkloadRef
from controller.constants import GROUP, INCIDENT_PLURAL, NODE_LABEL, TARGET_KIND_LABEL, WORKLOAD_ACTIONS
from controller.operator.k8s import ApiError, Kube
from controller.operator.pods.observe import (
    ContainerFailure,
    HealthView,
    Json,
    container_failures,
    controller_of,
    disruption_budget_refusal,
    outdated,
    pod_to_evict,
    restart_refusal,
    selector_query,
    workload_health,
)
from controller.patterns import Classification

log = logging.getLogger(__name__)

EXECUTING_ANNOTATION = f"{GROUP}/executing"  # the request id being carried out, written before acting
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
LOG_LINES = 50
PROBE_EVENTS = 5
TRACK_PHASES = ("Remediating", "Verifying")
TERMINAL_PHASES = ("Resolved", "Failed", "Escalated")
TRACK_AFTER_ACTION_S = 300.0
MAX_REMEMBERED = 5000
DEFAULT_UNREADY_AFTER = 60.0


@dataclass(frozen=True)
class Outcome:
    result: ExecutionResult
    message: str
    reason: str = ""


def _bounded_add(memory: OrderedDict[Any, Any], key: Any, value: Any = None) -> None:
    memory[key] = value
    memory.move_to_end(key)
    while len(memory) > MAX_REMEMBERED:
        memory.popitem(last=False)


class PodHealer:
    def __init__(
        self,
        kube: Kube,
        policies: Callable[[], Iterable[HealingPolicy]],
        *,
        interval: float = 2.0,
        sweep: float = 30.0,
        active: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self.kube = kube
        self.policies = policies
        self._active = active or _always  # a standby replica (peering.py) writes nothing from its frozen cache
        self.interval = interval
        self.sweep_interval = sweep
        self._since = HealthSince(interval)
        self.analyzer = Analyzer(journal_dir=None)
        self.incidents: dict[str, Incident] = {}  # the pod incidents, newest version seen
        self._seen: OrderedDict[str, None] = OrderedDict()  # failure instances reported
        self._owners: OrderedDict[tuple[str, str], WorkloadRef | None] = OrderedDict()  # (ns, ReplicaSet) -> owner
        self._locks: dict[str, asyncio.Lock] = {}
        self._inflight: set[str] = set()  # request ids being carried out
        self._executions: dict[str, list[Execution]] = {}
        self._acted: dict[str, float] = {}  # incident -> when its last action ran (monotonic)
        self._written: dict[str, tuple[bool, bool, datetime]] = {}  # (healthy, gone, checkedAt) as last written
        self._poked: set[str] = set()
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()

    # --- lifecycle -------------------------------------------------------------------------------------

    def start(self) -> None:
        self._spawn(self._health_loop())

    async def stop(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("pod healer task failed", exc_info=task.exception())

    def _lock(self, name: str) -> asyncio.Lock:
        return self._locks.setdefault(name, asyncio.Lock())

    # --- which pods -----------------------------------------------------------------------------------

    def _pod_policies(self, namespace: str) -> list[HealingPolicy]:
        return [p for p in self.policies() if any(t.kind == "pod" and t.namespace == namespace
                                                  for t in p.spec.targets)]

    async def workload_of(self, pod: Json) -> WorkloadRef | None:
        """The pod's workload: its controller (a ReplicaSet's Deployment), or the pod itself when nothing controls
        it; None for pods of other controllers (a Job, a bare ReplicaSet, an operator's own kind)."""
        meta = pod.get("metadata") or {}
        namespace, name = str(meta.get("namespace", "")), str(meta.get("name", ""))
        owner = controller_of(pod)
        if owner is None:
            return WorkloadRef(namespace, "pod", name)
        kind, owner_name = owner
        if kind in ("StatefulSet", "DaemonSet"):
            return WorkloadRef(namespace, WORKLOAD_KINDS[kind], owner_name)
        if kind != "ReplicaSet":
            return None
        key = (namespace, owner_name)
        if key in self._owners:
            return self._owners[key]
        replicaset = await self._get(f"/apis/apps/v1/namespaces/{quote(namespace)}/replicasets/{quote(owner_name)}")
        if replicaset is None:
            return None
        deployment = controller_of(replicaset)
        ref = WorkloadRef(namespace, "deployment", deployment[1]) if deployment and deployment[0] == "Deployment" \
            else None
        _bounded_add(self._owners, key, ref)
        return ref

    def _resolve(self, ref: WorkloadRef, labels: dict[str, str], named: str | None = None) -> Resolution:
        return resolve(self.policies(), {}, ObservedTarget("pod", str(ref), labels=labels), named=named)

    # --- detection ------------------------------------------------------------------------------------

    async def pod_event(self, type_: str | None, pod: Json) -> None:
        meta = pod.get("metadata") or {}
        policies = self._pod_policies(str(meta.get("namespace", "")))
        if not policies:
            return
        ref = await self.workload_of(pod)
        if ref is None:
            return
        self._poke(ref)
        if type_ == "DELETED":
            return
        selection = self._resolve(ref, dict(meta.get("labels") or {})).selection
        if selection is None:
            return
        unready_after = parse_duration(selection.target.unready_after)
        for failure in container_failures(pod, precise_now(), unready_after):
            if failure.instance in self._seen or not failure.node:
                continue
            _bounded_add(self._seen, failure.instance)
            self._spawn(self._detect(ref, pod, failure, selection.policy))

    async def _detect(self, ref: WorkloadRef, pod: Json, failure: ContainerFailure, policy: HealingPolicy) -> None:
        now = precise_now()
        if failure.at is not None and (now - failure.at).total_seconds() > parse_duration(
                policy.spec.ignore_failures_older_than):
            return  # history (found after an operator restart), not an emergency
        try:
            if ref.kind != "pod" and (workload := await self._get(ref.path)) is not None and outdated(pod, workload):
                return  # a pod of an older template, being replaced by a rollout: not a failure of the workload
            lines = await self._evidence(ref.namespace, failure)
            classifier = self.analyzer.classifier(policy.spec.patterns)
            result = await asyncio.to_thread(classifier.classify, lines) if lines else Classification()
            seen = Failure(
                target_kind="pod", target_name=str(ref), service_type="pod", reason=failure.reason,
                message=failure.message, source="pod-status", exit_code=failure.exit_code,
                oom_killed=failure.oom_killed, state=failure.state, n_restarts=failure.restarts, hint=failure.hint,
                hint_certain=failure.hint_certain, hint_confidence=failure.hint_confidence,
                observed_at=(failure.at or now).timestamp(), log_lines=lines,
            )
            key, detection = build_detection(seen, lines, result)
            detection.evidence.source = "pod-logs" if lines else "pod-status"
            await self._report(ref, failure.node, dict((pod.get("metadata") or {}).get("labels") or {}), key,
                               detection)
        except ApiError as exc:
            _forget(self._seen, failure.instance)  # seen again on the next event or relist
            log.warning("pod failure of %s not reported: %s", ref, exc)

    async def _evidence(self, namespace: str, failure: ContainerFailure) -> list[str]:
        """The failed container's last log lines, then the kubelet's probe failures for it (oldest first)."""
        lines: list[str] = []
        if failure.logs is not None:
            params = {"container": failure.container, "tailLines": str(LOG_LINES)}
            if failure.logs == "previous":
                params["previous"] = "true"
            with contextlib.suppress(ApiError):  # rotated away, or the node unreachable: the status still speaks
                text = await self.kube.text(
                    "GET", f"/api/v1/namespaces/{quote(namespace)}/pods/{quote(failure.pod)}/log", params=params)
                lines += [line[:2000] for line in text.splitlines()[-LOG_LINES:]]
        with contextlib.suppress(ApiError):
            events = await self.kube.request("GET", f"/api/v1/namespaces/{quote(namespace)}/events", params={
                "fieldSelector": f"involvedObject.uid={failure.pod_uid},reason=Unhealthy"})
            mine = [e for e in events.get("items") or []
                    if (e.get("involvedObject") or {}).get("fieldPath") == f"spec.containers{{{failure.container}}}"
                    and ((e.get("source") or {}).get("component") == "kubelet"
                         or e.get("reportingComponent") == "kubelet")]
            mine.sort(key=lambda e: str(e.get("lastTimestamp") or e.get("eventTime") or ""))
            lines += [str(e.get("message", ""))[:2000] for e in mine[-PROBE_EVENTS:]]
        return lines

    async def _report(self, ref: WorkloadRef, node: str, labels: dict[str, str], key: str,
                      detection: Detection) -> None:
        """Create the workload's Incident for this failure once, then count the occurrence on status.detection."""
        name = incident_name("", "pod", str(ref), key)
        async with self._lock(name):
            known = self.incidents.get(name)
            if known is None:
                known = await self._ensure(name, ref, node, labels, key)
            base = known.status.detection if known else None
            if base is not None and base.last_seen is not None and detection.last_seen is not None \
                    and detection.last_seen <= base.last_seen:
                return  # counted before (seen again after an operator restart)
            detection = detection.model_copy(update={
                "first_seen": (base.first_seen if base else None) or detection.first_seen,
                "occurrences": (base.occurrences if base else 0) + 1,
            })
            body = await self.kube.patch(INCIDENT_PLURAL, name, {"status": {"detection": detection.merge_patch()}},
                                         status=True)
            self._keep(body)
            log.info("pod incident %s: %s of %s (occurrence %d)", name, key, ref, detection.occurrences)

    async def _ensure(self, name: str, ref: WorkloadRef, node: str, labels: dict[str, str],
                      key: str) -> Incident | None:
        incident = Incident(
            metadata=ObjectMeta(name=name, labels={NODE_LABEL: node, TARGET_KIND_LABEL: "pod"}),
            spec=IncidentSpec(node=node, target=IncidentTarget(kind="pod", name=str(ref), labels=labels),
                              service_type="pod", failure=key),
        )
        body = incident.dump()
        body.pop("status", None)
        try:
            return self._keep(await self.kube.create(INCIDENT_PLURAL, body))
        except ApiError as exc:
            if exc.status != 409:
                raise
        existing = await self.kube.get(INCIDENT_PLURAL, name)
        return self._keep(existing) if existing else None

    # --- the pod incidents ------------------------------------------------------------------------------

    def _keep(self, body: Json) -> Incident | None:
        """Cache the newest version of a pod incident (a write's response may arrive after a newer watch event)."""
        try:
            inc = Incident.model_validate(body)
        except ValidationError as exc:
            log.warning("ignoring malformed Incident %s: %s", (body.get("metadata") or {}).get("name"), exc)
            return None
        if inc.spec.target.kind != "pod":
            return None
        name = inc.metadata.name
        cached = self.incidents.get(name)
        if cached is None or _rv(inc) >= _rv(cached):
            self.incidents[name] = inc
        # the only writer: a union never loses one
        self._executions[name] = executions_union(self._executions.get(name, []), inc.status.executions)
        return self.incidents[name]

    def incident_event(self, type_: str | None, body: Json) -> None:
        name = str((body.get("metadata") or {}).get("name", ""))
        if type_ == "DELETED":
            for memory in (self.incidents, self._executions, self._written, self._acted):
                memory.pop(name, None)  # type: ignore[attr-defined]
            self._since.forget(name)
            return
        inc = self._keep(body)
        if inc is None:
            return
        if inc.status.phase not in TERMINAL_PHASES and name not in self._written:
            self._poked.add(name)  # confirmed once by this process
            self._wake.set()
        request = inc.status.request
        if request is None or request.id in self._inflight or any(
                e.id == request.id for e in self._executions.get(name, [])):
            return
        self._inflight.add(request.id)
        self._spawn(self._handle(inc, request))

    def _poke(self, ref: WorkloadRef) -> None:
        for name, inc in self.incidents.items():
            if inc.spec.target.name == str(ref) and inc.status.phase not in TERMINAL_PHASES:
                self._poked.add(name)
                self._wake.set()

    # --- health -----------------------------------------------------------------------------------------

    def _unready_after(self, inc: Incident) -> float:
        selection = resolve(self.policies(), {}, observed_from_incident(inc.spec)).selection
        return parse_duration(selection.target.unready_after) if selection else DEFAULT_UNREADY_AFTER

    async def health_of(self, ref: WorkloadRef, unready_after: float) -> HealthView:
        workload = await self._get(ref.path)
        pods: list[Json] = []
        if workload is not None and ref.kind == "pod":
            pods = [workload]
        elif workload is not None:
            query = selector_query((workload.get("spec") or {}).get("selector"))
            listed = await self.kube.request("GET", f"/api/v1/namespaces/{quote(ref.namespace)}/pods",
                                             params={"labelSelector": query})
            pods = list(listed.get("items") or [])
        return workload_health(ref, workload, pods, precise_now(), unready_after)

    async def _report_health(self, inc: Incident, *, only_changes: bool) -> None:
        """As the agent's HealthReporter: an incident in flight is checked every interval and written when it is
        news to its verification (controller.agent.health.verification_report_due), any other on a change."""
        name = inc.metadata.name
        try:
            ref = WorkloadRef.parse(inc.spec.target.name)
        except ValueError:
            return
        view = await self.health_of(ref, self._unready_after(inc))
        if view.state == "progressing":
            return  # nothing concluded: no report (a later one starts `since` afresh)
        healthy, gone = view.state == "healthy", view.state == "gone"
        now = precise_now()
        since = self._since.observe(name, healthy, now)
        written = self._written.get(name)
        if only_changes and written is not None and written[:2] == (healthy, gone):
            return
        if not only_changes and not verification_report_due(written, healthy, gone, now, self._moments(inc, since)):
            return
        health = Health(healthy=healthy, checked_at=now, since=since, message=view.message[:1000], gone=gone)
        patch = {"status": {"health": health.merge_patch()}}
        self._keep(await self.kube.patch(INCIDENT_PLURAL, name, patch, status=True))
        self._written[name] = (healthy, gone, now)

    def _moments(self, inc: Incident, since: datetime) -> list[datetime] | None:
        policy = next((p for p in self.policies() if p.metadata.name == inc.status.policy), None)
        return None if policy is None else verification_moments(inc.status, policy.spec.verify, since)

    async def _health_loop(self) -> None:
        next_sweep = time.monotonic() + self.sweep_interval
        while True:
            now = time.monotonic()
            sweep = now >= next_sweep
            if sweep:
                next_sweep = now + self.sweep_interval
            for name, inc in list(self.incidents.items()) if self.incidents and await self._active() else []:
                if inc.status.phase in TERMINAL_PHASES:
                    continue
                tracked = inc.status.phase in TRACK_PHASES or now - self._acted.get(name, -1e9) < TRACK_AFTER_ACTION_S
                if not (tracked or sweep or name in self._poked):
                    continue
                self._poked.discard(name)
                try:
                    await self._report_health(inc, only_changes=not tracked)
                except ApiError as exc:
                    log.debug("health of %s not written: %s", name, exc)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)

    # --- actions ----------------------------------------------------------------------------------------

    async def _handle(self, inc: Incident, request: ActionRequest) -> None:
        name = inc.metadata.name
        try:
            async with self._lock(name):
                started = precise_now()
                if inc.metadata.annotations.get(EXECUTING_ANNOTATION) == request.id:
                    # marked but no outcome recorded: the operator stopped mid-action. Not repeated.
                    outcome = Outcome("Failed", "the operator restarted while this action ran; it is not run again")
                else:
                    outcome = await self._run(inc, request)
                execution = Execution(id=request.id, action=request.action, started_at=started,
                                      finished_at=precise_now(), result=outcome.result, reason=outcome.reason,
                                      message=outcome.message[:2000])
                log.info("action %s %s on %s: %s: %s", request.id, request.action, inc.spec.target.name,
                         outcome.result, outcome.message)
                await self._record(name, execution)
        finally:
            self._inflight.discard(request.id)

    async def _run(self, inc: Incident, request: ActionRequest) -> Outcome:
        try:
            ref = WorkloadRef.parse(inc.spec.target.name)
        except ValueError as exc:
            return Outcome("Refused", str(exc))
        if request.action not in WORKLOAD_ACTIONS:
            return Outcome("Refused", f"{request.action} is not a workload action: pod targets are healed with "
                                      f"{' or '.join(WORKLOAD_ACTIONS)}")
        workload = await self._get(ref.path)
        if workload is None:
            return Outcome("Refused", f"{ref} does not exist any more: nothing left to heal", "TargetGone")
        template = (workload.get("spec") or {}).get("template") or {}
        labels = (template.get("metadata") if ref.kind != "pod" else workload.get("metadata")) or {}
        resolution = self._resolve(ref, dict(labels.get("labels") or {}), named=inc.status.policy or None)
        selection = resolution.selection
        if selection is None:
            return Outcome("Refused", f"{resolution.message}: nothing is done for a workload no policy selects")
        policy = selection.policy
        if request.action not in policy.spec.actions:
            return Outcome("Refused", f"action {request.action} is not allowed by policy {policy.metadata.name} "
                                      f"(allowed: {', '.join(policy.spec.actions)})")
        unready_after = parse_duration(selection.target.unready_after)
        view = await self.health_of(ref, unready_after)
        if view.state == "gone":
            return Outcome("Refused", f"{view.message}: nothing left to heal", "TargetGone")
        if view.state == "healthy":
            return Outcome("Skipped", f"already healthy, nothing done: {view.message}", "AlreadyHealthy")
        await self.kube.patch(INCIDENT_PLURAL, inc.metadata.name,
                              {"metadata": {"annotations": {EXECUTING_ANNOTATION: request.id}}})
        self._acted[inc.metadata.name] = time.monotonic()
        try:
            if request.action == "rolloutRestart":
                return await self._rollout_restart(ref, workload, request)
            return await self._evict(ref, workload, unready_after)
        except ApiError as exc:
            return Outcome("Failed", f"{request.action} of {ref}: {exc}")

    async def _rollout_restart(self, ref: WorkloadRef, workload: Json, request: ActionRequest) -> Outcome:
        if (refusal := restart_refusal(ref, workload)) is not None:
            return Outcome("Refused", refusal)
        # the request's own time: a repeat of the same id is the same template, so it rolls nothing out twice
        stamp = request.requested_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        patch = {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: stamp}}}}}
        await self.kube.request("PATCH", ref.path, body=patch, content_type="application/strategic-merge-patch+json")
        return Outcome("Succeeded", f"rollout restart of {ref} (pod template {RESTARTED_AT}={stamp})")

    async def _evict(self, ref: WorkloadRef, workload: Json, unready_after: float) -> Outcome:
        if ref.kind == "pod":
            return Outcome("Refused", f"pod {ref.namespace}/{ref.name} has no controller: evicting it would delete it "
                                      "for good, nothing would replace it")
        query = selector_query((workload.get("spec") or {}).get("selector"))
        listed = await self.kube.request("GET", f"/api/v1/namespaces/{quote(ref.namespace)}/pods",
                                         params={"labelSelector": query})
        pod = pod_to_evict(list(listed.get("items") or []), precise_now(), unready_after)
        if pod is None:
            return Outcome("Refused", f"no pod of {ref} is failing now: nothing to evict")
        meta = pod["metadata"]
        eviction = {"apiVersion": "policy/v1", "kind": "Eviction",
                    "metadata": {"name": meta["name"], "namespace": ref.namespace},
                    "deleteOptions": {"preconditions": {"uid": meta["uid"]}}}
        where = (pod.get("spec") or {}).get("nodeName") or "no node"
        try:
            await self.kube.request(
                "POST", f"/api/v1/namespaces/{quote(ref.namespace)}/pods/{quote(meta['name'])}/eviction",
                body=eviction)
        except ApiError as exc:
            if exc.status == 429:
                return Outcome("Refused", f"eviction of pod {meta['name']} refused: "
                                          f"{disruption_budget_refusal(exc.body, exc.message)}", "DisruptionBudget")
            if exc.status in (404, 409):
                return Outcome("Refused", f"pod {meta['name']} is gone or was replaced meanwhile: not evicted")
            raise
        return Outcome("Succeeded", f"evicted pod {meta['name']} of {ref} (on {where}); its controller replaces it")

    async def _record(self, name: str, execution: Execution) -> None:
        """Append to status.executions (this healer is its only writer for pod incidents), retried until taken."""
        delay = 0.2
        while True:
            executions = [e for e in self._executions.get(name, []) if e.id != execution.id] + [execution]
            executions = executions[-MAX_EXECUTIONS:]
            try:
                body = await self.kube.patch(INCIDENT_PLURAL, name,
                                             {"status": {"executions": [e.dump() for e in executions]}}, status=True)
                self._executions[name] = executions
                self._keep(body)
                return
            except ApiError as exc:
                if exc.not_found:
                    log.warning("incident %s is gone; outcome of %s not recorded", name, execution.id)
                    return
                log.warning("recording %s on %s failed (retrying): %s", execution.id, name, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    # --- reads ------------------------------------------------------------------------------------------

    async def _get(self, path: str) -> Json | None:
        try:
            return await self.kube.request("GET", path)
        except ApiError as exc:
            if exc.not_found:
                return None
            raise


def _rv(inc: Incident) -> int:
    try:
        return int(inc.metadata.resource_version or 0)
    except ValueError:
        return 0


def _forget(memory: OrderedDict[str, None], key: str) -> None:
    memory.pop(key, None)


async def _always() -> bool:
    return True
