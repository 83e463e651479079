"""The I/O around each decision: caches fed by watches, guards counted from them, writes with optimistic concurrency.

The caches are only a view of the API server (rebuilt by listing at startup); nothing here is authoritative. One
active operator at a time (Kopf peering) keeps per-policy locks meaningful: an action request is decided under its
policy's lock, from a fresh read of the Incident, after the hourly budget was reserved on the policy status with a
resourceVersion precondition (409 -> re-read and decide again).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from controller.api.common import parse_duration
from controller.api.healingpolicy import HealingPolicy, HealingPolicyStatus, UnknownSignature
from controller.api.incident import Escalation, Incident
from controller.api.selection import matched_nodes, node_labels, observed_from_incident, resolve
from controller.constants import (
    APPROVE_ANNOTATION,
    INCIDENT_KIND,
    INCIDENT_PLURAL,
    POLICY_KIND,
    POLICY_PLURAL,
)
from controller.operator import guards, learning, metrics, policy_reconcile, retention, strategy
from controller.operator.events import EventPoster, involved
from controller.operator.incident_lifecycle import IN_FLIGHT_PHASES, Context, Decision, step
from controller.operator.k8s import ApiError, Kube

log = logging.getLogger(__name__)

try:
    from controller.operator.metacognition.scopes import scope_keys
    from controller.operator.metacognition.stuck import (
        StuckDecision,
        evaluate_stuck,
        half_open_scopes,
        record_half_open_result,
    )
except ImportError:  # pragma: no cover - metacognition not there yet: no circuits
    evaluate_stuck = None  # type: ignore[assignment]

try:
    from controller.operator.metacognition import metrics as meta_metrics
    from controller.operator.metacognition.escalate import (
        BoundSecret,
        SecretNotReadable,
        append_escalations,
        bound_secret,
        escalate_incident,
        next_retry_at,
        report_resolved,
        retry_pending,
    )
except ImportError:  # pragma: no cover - until escalation lands, the Kubernetes Event is the only channel
    escalate_incident = None  # type: ignore[assignment]
    report_resolved = None  # type: ignore[assignment]
    meta_metrics = None  # type: ignore[assignment]
    SecretNotReadable = LookupError  # type: ignore[assignment,misc]

ACTIVE = ("Detected", "Remediating", "Verifying", "Suppressed")
CONFLICT_RETRIES = 20
DETECTION_GRACE = 5.0


class SecretReader:
    """Reads a key of a Secret for the escalation channels (GitHub token)."""

    def __init__(self, kube: Kube) -> None:
        self._kube = kube

    async def read(self, namespace: str, name: str, key: str) -> BoundSecret:
        try:
            secret = await self._kube.get_secret(namespace, name)
        except ApiError as exc:
            how = "not allowed (add its name to the Role healing-operator-secrets)" if exc.status == 403 else exc
            raise SecretNotReadable(f"Secret {namespace}/{name}: {how}") from None
        if secret is None:
            raise SecretNotReadable(f"Secret {namespace}/{name} does not exist")
        return bound_secret(secret, key)


class EventSink:
    """Lets the escalation module post its Events through the operator's poster."""

    def __init__(self, poster: EventPoster) -> None:
        self._poster = poster

    async def emit(self, obj: Incident | HealingPolicy, type_: str, reason: str, message: str) -> None:
        kind = INCIDENT_KIND if isinstance(obj, Incident) else POLICY_KIND
        self._poster.post(involved(kind, obj.metadata.name, obj.metadata.uid), type_, reason, message)


def _incident(body: dict[str, Any]) -> Incident | None:
    try:
        return Incident.model_validate(body)
    except ValidationError as exc:
        log.warning("ignoring malformed Incident %s: %s", body.get("metadata", {}).get("name"), exc)
        return None


def _policy(body: dict[str, Any]) -> HealingPolicy | None:
    try:
        return HealingPolicy.model_validate(body)
    except ValidationError as exc:
        log.warning("ignoring malformed HealingPolicy %s: %s", body.get("metadata", {}).get("name"), exc)
        return None


def policy_status_patch(old: HealingPolicyStatus, new: HealingPolicyStatus) -> dict[str, Any]:
    before, after = old.dump(), new.dump()
    return {k: after.get(k) for k in set(before) | set(after) if before.get(k) != after.get(k)}


class IncidentIndex(dict[str, Incident]):
    """The cached incidents, plus the per-policy figures the guards need, kept in step with every change (a
    storm of 1,000 incidents must not cost 1,000 scans per decision)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_flight: defaultdict[str, set[str]] = defaultdict(set)
        self.active_nodes: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.nodes: Counter[str] = Counter()
        self.version = 0  # bumped when the set of nodes with incidents changes

    def __setitem__(self, name: str, inc: Incident) -> None:
        node, policy, phase = inc.spec.node, inc.status.policy, inc.status.phase
        self.nodes[node] += 1  # first, so that replacing an incident does not look like its node went away
        if self.nodes[node] == 1:
            self.version += 1
        self._forget(name)
        super().__setitem__(name, inc)
        if policy:
            if phase in IN_FLIGHT_PHASES:
                self.in_flight[policy].add(name)
            if phase in ACTIVE or phase is None:
                self.active_nodes[policy][node] += 1

    def pop(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        self._forget(name)
        return super().pop(name, default)

    def _forget(self, name: str) -> None:
        old = super().get(name)
        if old is None:
            return
        node, policy, phase = old.spec.node, old.status.policy, old.status.phase
        self.nodes[node] -= 1
        if self.nodes[node] <= 0:
            del self.nodes[node]
            self.version += 1
        if policy:
            self.in_flight[policy].discard(name)
            if phase in ACTIVE or phase is None:
                counter = self.active_nodes[policy]
                counter[node] -= 1
                if counter[node] <= 0:
                    del counter[node]


class Runtime:
    def __init__(self, kube: Kube, *, concurrency: int = 16) -> None:
        self.kube = kube
        self.events = EventPoster(kube)
        self.secrets = SecretReader(kube)
        self.sink = EventSink(self.events)
        self.incidents = IncidentIndex()
        self.policies: dict[str, HealingPolicy] = {}
        self.policy_errors: dict[tuple[str, int | None], list[str]] = {}
        self.nodes: dict[str, dict[str, str]] = {}
        self.report_nodes: set[str] = set()
        self._ilocks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._concurrency = concurrency
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._queued: set[str] = set()
        self._status_queue: defaultdict[str, list[tuple[Callable[..., Any], asyncio.Future[Any]]]] = defaultdict(list)
        self._status_writing: set[str] = set()
        self._reconciles: dict[str, asyncio.Task[HealingPolicy | None]] = {}
        self._pending_actions: defaultdict[str, list[datetime]] = defaultdict(list)
        self._granted: dict[str, Any] = {}
        self._probes: dict[str, dict[str, datetime]] = {}
        self._recovered_actions: dict[str, list[datetime]] = {}
        self._matched: dict[tuple[str, int | None, int, int], int] = {}
        self._nodes_version = 0
        self._learned_shown: dict[tuple[str, str, str, str], float | None] = {}
        self.on_request: Callable[[Incident, float], None] | None = None  # bench hook: (incident, t_requested)

    # --- lifecycle -------------------------------------------------------------------------------------

    async def start(self) -> None:
        """List everything before the watches start, so guards count from a complete view from the first event.

        Retried until the API server answers (it may be starting, or a new CRD's storage initializing)."""
        delay = 0.2
        while True:
            try:
                await self._list_all()
                break
            except ApiError as exc:
                log.warning("initial listing failed (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
        self.events.start()
        for _ in range(self._concurrency):
            self.spawn(self._worker())
        # No decisions from here: Kopf's initial listing delivers every incident once this replica is the active
        # one (a standby of a peering lists too, but must not act).

    async def _list_all(self) -> None:
        for body in await self.kube.policies():
            if (p := _policy(body)) is not None:
                self.policies[p.metadata.name] = p
        for body in await self.kube.incidents():
            if (i := _incident(body)) is not None:
                self.incidents[i.metadata.name] = i
        self._recover_budget()
        for body in await self.kube.nodes():
            meta = body.get("metadata", {})
            self.nodes[meta.get("name", "")] = dict(meta.get("labels") or {})
        for body in await self.kube.hostreports():
            self.report_nodes.add(body.get("spec", {}).get("node") or body.get("metadata", {}).get("name", ""))

    def _recover_budget(self) -> None:
        """Actions requested whose reservation never reached the policy (a crash between the two writes) still
        count against maxActionsPerHour: the incidents' attempts are the other record of them."""
        now = utcnow()
        for pname, policy in self.policies.items():
            recorded = set(policy.status.actions_last_hour)
            missing = [
                a.requested_at
                for inc in self.incidents.values()
                if inc.status.policy == pname
                for a in inc.status.attempts
                if (now - a.requested_at).total_seconds() < 3600 and a.requested_at not in recorded
            ]
            if missing:
                self._recovered_actions[pname] = missing
                self.spawn(self._persist_recovered(pname, missing))

    async def _persist_recovered(self, pname: str, missing: list[datetime]) -> None:
        def add(policy: HealingPolicy) -> HealingPolicyStatus:
            known = set(policy.status.actions_last_hour)
            times = guards.recent_actions(
                [*policy.status.actions_last_hour, *(t for t in missing if t not in known)], utcnow()
            )
            return policy.status.model_copy(update={"actions_last_hour": times})

        if await self.update_policy_status(pname, add) is not None:
            self._recovered_actions.pop(pname, None)

    async def stop(self) -> None:
        deadline = time.monotonic() + 5.0
        while self._status_writing and time.monotonic() < deadline:  # learning queued for the policies gets written
            await asyncio.sleep(0.05)
        for handle in self._timers.values():
            handle.cancel()
        self._timers.clear()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.events.stop()
        await self.kube.close()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("background task failed: %r", exc, exc_info=exc)

    # --- watch inputs ----------------------------------------------------------------------------------

    async def policy_event(self, type_: str | None, body: dict[str, Any]) -> None:
        name = body.get("metadata", {}).get("name", "")
        if type_ == "DELETED":
            self.policies.pop(name, None)
            if meta_metrics is not None:
                meta_metrics.forget_policy(name)
            self.kick_incidents()
            return
        old = self.policies.get(name)
        rv = body.get("metadata", {}).get("resourceVersion")
        if old is not None and rv == old.metadata.resource_version:
            return  # the echo of our own status write, already parsed from its response
        policy = _policy(body)
        if policy is None:
            return
        self.policies[name] = policy
        if old is None or old.metadata.generation != policy.metadata.generation:
            self.kick_incidents()

    def node_event(self, type_: str | None, body: dict[str, Any]) -> None:
        self._nodes_version += 1
        meta = body.get("metadata", {})
        if type_ == "DELETED":
            self.nodes.pop(meta.get("name", ""), None)
        else:
            self.nodes[meta.get("name", "")] = dict(meta.get("labels") or {})

    def hostreport_event(self, type_: str | None, body: dict[str, Any]) -> None:
        node = body.get("spec", {}).get("node") or body.get("metadata", {}).get("name", "")
        if type_ == "DELETED":
            self.report_nodes.discard(node)
            self._nodes_version += 1
        elif node not in self.report_nodes:
            self.report_nodes.add(node)
            self._nodes_version += 1

    async def incident_event(self, type_: str | None, body: dict[str, Any]) -> None:
        """Cache the newest version and queue the incident; Kopf's per-object worker is free again at once, and
        several events of one incident while it waits are decided once, on the newest (a workqueue, as in
        controller-runtime)."""
        name = body.get("metadata", {}).get("name", "")
        if type_ == "DELETED":
            self.incidents.pop(name, None)
            self._ilocks.pop(name, None)
            if (handle := self._timers.pop(name, None)) is not None:
                handle.cancel()
            return
        inc = _incident(body)
        if inc is None:
            return
        self._cache(inc)
        self.enqueue(name)

    def _cache(self, inc: Incident) -> None:
        """Keep the newest version: a write's response can come back after the watch delivered something newer
        (the agent's answer to the request just written), and must not replace it."""
        cached = self.incidents.get(inc.metadata.name)
        if cached is None or _rv(inc) > _rv(cached):
            self.incidents[inc.metadata.name] = inc

    def enqueue(self, name: str) -> None:
        if name not in self._queued:
            self._queued.add(name)
            self._queue.put_nowait(name)

    async def _worker(self) -> None:
        while True:
            name = await self._queue.get()
            self._queued.discard(name)
            try:
                await self.reconcile_incident(name)
            except Exception:
                log.exception("incident %s: decision failed; retrying in 5s", name)
                self.requeue(name, 5.0)
            finally:
                self._queue.task_done()

    def kick_incidents(self) -> None:
        """A policy changed: every incident that is not finished is decided again."""
        for name, inc in list(self.incidents.items()):
            if inc.status.phase not in ("Resolved", "Escalated", "Failed"):
                self.enqueue(name)

    def kick_waiting(self, policy: str | None) -> None:
        """A slot freed up: incidents held back by maxConcurrent are decided again now, not at their requeue."""
        for name, inc in list(self.incidents.items()):
            if inc.status.policy == policy and inc.status.reason == "MaxConcurrent":
                self.enqueue(name)

    def requeue(self, name: str, delay: float | None) -> None:
        if (handle := self._timers.pop(name, None)) is not None:
            handle.cancel()
        if delay is None:
            return
        loop = asyncio.get_running_loop()
        self._timers[name] = loop.call_later(delay, self._timer_fired, name)

    def _timer_fired(self, name: str) -> None:
        self._timers.pop(name, None)
        self.enqueue(name)

    # --- counting for the guards -------------------------------------------------------------------------

    def validation_errors(self, policy: HealingPolicy) -> list[str]:
        key = (policy.metadata.name, policy.metadata.generation)
        if key not in self.policy_errors:
            self.policy_errors[key] = policy_reconcile.validate_spec(policy.spec)
        return self.policy_errors[key]

    def known_nodes(self) -> set[str]:
        return set(self.nodes) | self.report_nodes | set(self.incidents.nodes)

    def matched_nodes(self, policy: HealingPolicy) -> int:
        """Cached until the policy or the set of known nodes changes."""
        key = (policy.metadata.name, policy.metadata.generation, self.incidents.version, self._nodes_version)
        if key not in self._matched:
            if len(self._matched) > 1000:
                self._matched.clear()
            self._matched[key] = matched_nodes(policy, self.nodes, self.known_nodes())
        return self._matched[key]

    def context(self, inc: Incident) -> Context:
        match = resolve(
            self.policies.values(),
            node_labels(inc.spec.node, self.nodes),
            observed_from_incident(inc.spec),
            node=inc.spec.node,
        )
        policy = match.policy
        if policy is None:
            return Context(match=match, retention_seconds=retention.retention_seconds(None))
        pname, me = policy.metadata.name, inc.metadata.name
        flying = self.incidents.in_flight[pname]
        in_flight = len(flying) - (1 if me in flying else 0)
        active = self.incidents.active_nodes[pname]
        unhealthy = len(active) + (0 if inc.spec.node in active else 1)
        errors = self.validation_errors(policy)
        pending = [*self._pending_actions.get(pname, ()), *self._recovered_actions.get(pname, ())]
        if pending:  # admitted, not yet persisted (or lost in a crash): they count already
            status = policy.status.model_copy(
                update={"actions_last_hour": [*policy.status.actions_last_hour, *pending]}
            )
            assert match.selection is not None
            selection = dataclasses.replace(match.selection, policy=policy.model_copy(update={"status": status}))
            match = dataclasses.replace(match, selection=selection)
        return Context(
            match=match,
            policy_invalid="; ".join(errors) if errors else None,
            in_flight=in_flight,
            unhealthy_nodes=unhealthy,
            matched_nodes=self.matched_nodes(policy),
            circuit_open=self.circuit_message(policy, inc),
            retention_seconds=retention.retention_seconds(policy),
        )

    def circuit_message(self, policy: HealingPolicy, inc: Incident) -> str | None:
        if evaluate_stuck is None or not policy.status.circuits:
            return None
        keys = scope_keys(_pattern(inc), inc.spec.node, inc.spec.target.name)
        decision = StuckDecision(stuck=True, circuits=list(policy.status.circuits))
        now = utcnow()
        probing = self._probes.get(policy.metadata.name, {})
        blocking = decision.blocking(keys)
        taken = [c for c in blocking if probing.get(c.scope, now) > now]
        if not taken and decision.allow_attempt(keys, now):  # a half-open probe may go; granted at request time
            return None
        if taken:
            return "; ".join(f"circuit {c.scope} is HalfOpen: one probe is already in flight" for c in taken)
        return "; ".join(c.message or f"circuit {c.scope} is {c.state}" for c in blocking) or "circuit open"

    # --- incidents -------------------------------------------------------------------------------------

    async def reconcile_incident(self, name: str) -> None:
        """Decide on the cached (newest seen) version; writes carry its resourceVersion, so a version the API
        server has moved past is never acted upon."""
        async with self._ilocks[name]:
            started = time.perf_counter()
            try:
                inc = self.incidents.get(name)
                if inc is None:
                    return
                now = utcnow()
                if inc.status.detection is None and inc.status.phase is None and _age(inc, now) < DETECTION_GRACE:
                    # The agent creates the Incident, then writes its detection: decide on the complete picture.
                    self.requeue(name, DETECTION_GRACE)
                    return
                decision = step(inc, self.context(inc), now)
                if decision.request is not None:
                    await self._request_action(inc)
                else:
                    await self.apply(inc, decision)
            except ApiError as exc:
                log.warning("incident %s: %s; retrying in 5s", name, exc)
                self.requeue(name, 5.0)
            finally:
                metrics.DECISION_SECONDS.observe(time.perf_counter() - started)

    async def _fetch(self, name: str) -> Incident | None:
        body = await self.kube.get(INCIDENT_PLURAL, name)
        if body is None:
            self.incidents.pop(name, None)
            return None
        return _incident(body)

    async def _request_action(self, inc: Incident) -> None:
        """Admit the action in memory, then write the request and persist the budget.

        Never on a stale signal: the request is written with the resourceVersion the decision was made on, so
        the API server itself re-reads the Incident and refuses (409) if anything changed since -- a new
        detection, a health report, an approval withdrawn; the next watch event then decides again. (A GET
        before the write would still leave a window between the GET and the write; the precondition does not.)

        Admission (guards counted from the cache plus admissions not yet persisted) has no await inside, so
        two incidents can never both take the last slot. The hourly budget is persisted on the policy status
        by its single writer, batched with all other admissions, at the same time as the request is written.
        """
        name = inc.metadata.name
        now = utcnow()
        ctx = self.context(inc)
        decision = step(inc, ctx, now)
        if decision.request is None or ctx.match.policy is None:
            await self.apply(inc, decision)
            return
        pname = ctx.match.policy.metadata.name
        self.incidents[name] = inc.model_copy(update={"status": decision.status})  # counts as in flight now
        self._pending_actions[pname].append(now)
        self._grant_half_open(pname, inc, now)
        try:
            reserved, applied = await asyncio.gather(self._reserve(pname, inc, now), self.apply(inc, decision))
        finally:
            with contextlib.suppress(ValueError):
                self._pending_actions[pname].remove(now)
        if applied:
            metrics.ACTIONS.labels(decision.request.action, "Requested").inc()
            if self.on_request is not None:
                self.on_request(inc, time.time())
            if not reserved:
                log.warning("incident %s: action requested but the budget could not be recorded on %s", name, pname)
            return
        # Not written (the incident changed): forget the admission and give the budget back; the newer version
        # of the incident is decided on its own event.
        if self.incidents.get(name) is not None and self.incidents[name].status.request == decision.request:
            self.incidents[name] = inc
        if reserved:
            self.spawn(
                self.update_policy_status(
                    pname,
                    lambda p: p.status.model_copy(
                        update={"actions_last_hour": [t for t in p.status.actions_last_hour if t != now]}
                    ),
                )
            )

    def _grant_half_open(self, pname: str, inc: Incident, now: datetime) -> None:
        policy = self.policies.get(pname)
        if evaluate_stuck is None or policy is None or not policy.status.circuits:
            return
        decision = StuckDecision(
            stuck=True,
            circuits=list(policy.status.circuits),
            half_open_after_seconds=parse_duration(policy.spec.stuck.half_open_after),
        )
        keys = scope_keys(_pattern(inc), inc.spec.node, inc.spec.target.name)
        blocking = [c.scope for c in decision.blocking(keys)]
        if blocking and decision.allow_attempt(keys, now):
            # The grant is remembered here until the probe's window ends, so that no policy write racing with the
            # reservation (a reconcile, a watch event) can hand the single probe out a second time.
            until = now + timedelta(seconds=decision.half_open_after_seconds)
            self._probes.setdefault(pname, {}).update({scope: until for scope in blocking})
            status = policy.status.model_copy(update={"circuits": decision.circuits})
            self.policies[pname] = policy.model_copy(update={"status": status})
            self._granted[pname] = decision.circuits

    async def _reserve(self, policy_name: str, inc: Incident, now: datetime) -> bool:
        """Persist one admitted action in the policy's actionsLastHour (the status writer batches them)."""
        granted = self._granted.pop(policy_name, None)

        def reserve(policy: HealingPolicy) -> HealingPolicyStatus:
            times = [*guards.recent_actions(policy.status.actions_last_hour, utcnow()), now]
            update: dict[str, Any] = {"actions_last_hour": times}
            if granted is not None:
                update["circuits"] = granted
            return policy.status.model_copy(update=update)

        return await self.update_policy_status(policy_name, reserve) is not None

    async def _refresh_policy(self, name: str) -> HealingPolicy | None:
        body = await self.kube.get(POLICY_PLURAL, name)
        if body is None:
            self.policies.pop(name, None)
            return None
        policy = _policy(body)
        if policy is not None:
            self.policies[name] = policy
        return policy

    async def apply(self, inc: Incident, d: Decision) -> bool:
        """Write one decision; False when the incident changed meanwhile (its next event decides again)."""
        name = inc.metadata.name
        if d.delete:
            await self.kube.delete(INCIDENT_PLURAL, name, uid=inc.metadata.uid)
            self.requeue(name, None)
            return True
        current = inc
        if d.patch:
            try:
                body = await self.kube.patch(
                    INCIDENT_PLURAL,
                    name,
                    {"status": d.patch},
                    status=True,
                    resource_version=inc.metadata.resource_version,
                )
            except ApiError as exc:
                if exc.conflict or exc.not_found:
                    return False
                raise
            if (updated := _incident(body)) is not None:
                current = updated
                self._cache(updated)
        if d.clear_approval and APPROVE_ANNOTATION in inc.metadata.annotations:
            with contextlib.suppress(ApiError):
                await self.kube.patch(INCIDENT_PLURAL, name, {"metadata": {"annotations": {APPROVE_ANNOTATION: None}}})
        self._observe(current, d)
        if inc.status.phase in IN_FLIGHT_PHASES and current.status.phase not in IN_FLIGHT_PHASES:
            self.kick_waiting(current.status.policy)
        policy = self.policies.get(current.status.policy or "")
        if d.outcome is not None and policy is not None:
            self.spawn(self._record_outcome(policy.metadata.name, current, d))
        if d.escalate and policy is not None:
            self.spawn(self._escalate(name, d.escalate))
        if d.report_resolved and policy is not None:
            self.spawn(self._report_resolved(name))
        self.requeue(name, d.requeue_after)
        return True

    def _observe(self, inc: Incident, d: Decision) -> None:
        ref = involved(INCIDENT_KIND, inc.metadata.name, inc.metadata.uid)
        policy = self.policies.get(inc.status.policy or "")
        # One Event per object per decision: the last transition's reason, the messages of all of them (a new
        # failure acted on at once reads "Detected ...; requested restart ..."). Events are writes too.
        for on_policy in (False, True):
            evs = [ev for ev in d.events if ev.on_policy == on_policy]
            if not evs or (on_policy and policy is None):
                continue
            kind = "Warning" if any(ev.type == "Warning" for ev in evs) else "Normal"
            target = involved(POLICY_KIND, policy.metadata.name, policy.metadata.uid) if on_policy and policy else ref
            self.events.post(target, kind, evs[-1].reason, "; ".join(ev.message for ev in evs))
        if d.phase_changed and inc.status.phase:
            metrics.INCIDENTS.labels(_pattern(inc), inc.status.phase).inc()
        if d.outcome is not None:
            attempt = next((a for a in reversed(inc.status.attempts) if a.action == d.outcome.action), None)
            metrics.ACTIONS.labels(
                d.outcome.action, attempt.result if attempt else ("Succeeded" if d.outcome.success else "Failed")
            ).inc()
        if d.resolved_seconds is not None:
            metrics.TIME_TO_RESOLVE.observe(d.resolved_seconds)

    async def _record_outcome(self, policy_name: str, inc: Incident, d: Decision) -> None:
        """Fold a verified outcome into learning/stats (queued in the policy's status writer, batched with
        everything else waiting), then let the stuck detector see it."""
        outcome = d.outcome
        assert outcome is not None
        at, resolved = utcnow(), d.resolved_seconds is not None

        def fold(policy: HealingPolicy) -> HealingPolicyStatus:
            status = policy_reconcile.apply_outcome(
                policy, outcome, at, target=f"{inc.spec.node}/{inc.spec.target.name}", resolved=resolved
            )
            if evaluate_stuck is not None:
                keys = scope_keys(outcome.pattern, inc.spec.node, inc.spec.target.name)
                for scope in half_open_scopes(status.circuits, keys):
                    status = status.model_copy(
                        update={
                            "circuits": record_half_open_result(
                                status.circuits, scope, outcome.success, at, policy.spec.stuck.half_open_after
                            )
                        }
                    )
            return status

        if evaluate_stuck is not None:  # a probe's result is in: the next one is the circuit's business again
            probing = self._probes.get(policy_name, {})
            for scope in scope_keys(outcome.pattern, inc.spec.node, inc.spec.target.name):
                probing.pop(scope, None)
        self.spawn(self.update_policy_status(policy_name, fold))
        policy = await self.reconcile_policy(policy_name)  # queued behind the fold: same write when busy
        if policy is None:
            return
        entry = learning.find(policy.status.learning, outcome.pattern, outcome.service_type, outcome.action)
        if entry is not None:
            metrics.CONFIDENCE.labels(entry.pattern, entry.service_type, entry.action).set(entry.confidence)
        key = (policy_name, outcome.pattern, outcome.service_type, outcome.action)
        shown = round(entry.confidence, 2) if entry else None
        if outcome.success and self._learned_shown.get(key) == shown:
            return  # a storm of identical successes: one Event per visible change of confidence
        self._learned_shown[key] = shown
        self.events.post(
            involved(POLICY_KIND, policy.metadata.name, policy.metadata.uid),
            "Normal",
            "Learned",
            f"{outcome.pattern}/{outcome.service_type}/{outcome.action}: "
            f"{'success' if outcome.success else 'failure'} on {inc.metadata.name}"
            + (f", confidence now {entry.confidence:.2f}" if entry else ""),
        )

    async def _escalate(self, name: str, reason: str) -> None:
        inc = self.incidents.get(name)
        if inc is not None and inc.status.policy in self.policies:
            await self.update_policy_status(inc.status.policy or "", policy_reconcile.count_escalation)
        if escalate_incident is not None:
            await self._channels(
                name, "escalation", lambda i, p: escalate_incident(i, p, reason, self.secrets, utcnow(), self.sink)
            )

    async def _report_resolved(self, name: str) -> None:
        if report_resolved is not None:
            await self._channels(
                name, "resolution report", lambda i, p: report_resolved(i, p, self.secrets, utcnow(), self.sink)
            )

    async def _retry_escalations(self, name: str) -> None:
        await self._channels(
            name, "escalation retry", lambda i, p: retry_pending(i, p, self.secrets, utcnow()), replace=True
        )

    async def _channels(
        self,
        name: str,
        what: str,
        call: Callable[[Incident, HealingPolicy], Awaitable[list[Escalation]]],
        *,
        replace: bool = False,
    ) -> None:
        """Run one escalation-channel operation (metacognition.escalate) and record its results."""
        inc = self.incidents.get(name)
        policy = self.policies.get(inc.status.policy or "") if inc else None
        if inc is None or policy is None:
            return
        try:
            records = await call(inc, policy)
        except Exception:
            log.exception("%s of %s failed", what, name)
            return
        await self._append_escalations(name, records, replace=replace)

    async def _append_escalations(self, name: str, records: list[Escalation], *, replace: bool = False) -> None:
        """Write escalation records (appended, or the full list with replace) and schedule due retries."""
        if not records:
            return
        async with self._ilocks[name]:
            for _ in range(CONFLICT_RETRIES):
                inc = await self._fetch(name)
                if inc is None:
                    return
                merged = records if replace else append_escalations(inc.status.escalations, records)
                try:
                    body = await self.kube.patch(
                        INCIDENT_PLURAL,
                        name,
                        {"status": {"escalations": [e.dump() for e in merged]}},
                        status=True,
                        resource_version=inc.metadata.resource_version,
                    )
                except ApiError as exc:
                    if exc.conflict:
                        continue
                    raise
                if (updated := _incident(body)) is not None:
                    self._cache(updated)
                    due = next_retry_at(updated.status.escalations)
                    if due is not None:
                        delay = max(1.0, (due - utcnow()).total_seconds())
                        asyncio.get_running_loop().call_later(delay, lambda: self.spawn(self._retry_escalations(name)))
                return

    # --- policies --------------------------------------------------------------------------------------

    async def update_policy_status(
        self, name: str, mutate: Callable[[HealingPolicy], HealingPolicyStatus | Awaitable[HealingPolicyStatus]]
    ) -> HealingPolicy | None:
        """Change the policy status through its single writer; returns the policy as written (None: gone).

        Everything queued while a write is in flight (budget reservations, outcomes, reconciliation) is applied
        in order to the freshest policy and written in ONE merge patch with a resourceVersion precondition,
        retried on 409 -- a storm costs a handful of policy writes, not one per incident.
        """
        fut: asyncio.Future[HealingPolicy | None] = asyncio.get_running_loop().create_future()
        self._status_queue[name].append((mutate, fut))
        if name not in self._status_writing:
            self._status_writing.add(name)
            self.spawn(self._status_writer(name))
        return await fut

    async def _status_writer(self, name: str) -> None:
        try:
            while self._status_queue.get(name):
                batch = self._status_queue.pop(name)
                try:
                    policy = await self._write_status(name, [m for m, _ in batch])
                except Exception as exc:
                    for _, fut in batch:
                        if not fut.done():
                            fut.set_exception(exc)
                    continue
                for _, fut in batch:
                    if not fut.done():
                        fut.set_result(policy)
        finally:
            self._status_writing.discard(name)
            for _, fut in self._status_queue.pop(name, []):  # cancelled while queued: nobody will write them
                if not fut.done():
                    fut.cancel()

    async def _write_status(self, name: str, mutates: list[Callable[..., Any]]) -> HealingPolicy | None:
        policy = self.policies.get(name) or await self._refresh_policy(name)
        for _ in range(CONFLICT_RETRIES):
            if policy is None:
                return None
            current = policy
            for mutate in mutates:
                result = mutate(current)
                status = await result if asyncio.iscoroutine(result) else result
                current = current.model_copy(update={"status": status})
            patch = policy_status_patch(policy.status, current.status)
            if not patch:
                return policy
            try:
                body = await self.kube.patch(
                    POLICY_PLURAL,
                    name,
                    {"status": patch},
                    status=True,
                    resource_version=policy.metadata.resource_version,
                )
            except ApiError as exc:
                if exc.conflict:
                    policy = await self._refresh_policy(name)
                    continue
                if exc.not_found:
                    self.policies.pop(name, None)
                    return None
                raise
            updated = _policy(body)
            if updated is not None:
                self.policies[name] = updated
            return updated
        log.warning("policy %s: status update kept conflicting", name)
        return None

    def _stuck_incident(self, policy: str, scopes: list[str]) -> str | None:
        """The incident to escalate for a circuit that just opened: the latest attempt under one of its scopes."""
        wanted = set(scopes)
        best: tuple[datetime, str] | None = None
        for name, inc in self.incidents.items():
            if inc.status.policy != policy or not inc.status.attempts:
                continue
            keys = set(scope_keys(_pattern(inc), inc.spec.node, inc.spec.target.name))
            if wanted and not keys & wanted:
                continue
            at = inc.status.attempts[-1].requested_at
            if best is None or at > best[0]:
                best = (at, name)
        return best[1] if best else None

    def observe_policy(self, policy: HealingPolicy) -> policy_reconcile.Observation:
        pname = policy.metadata.name
        active = 0
        unhealthy: set[str] = set()
        unknown: dict[str, UnknownSignature] = {}
        for inc in self.incidents.values():
            if inc.status.policy != pname:
                continue
            if inc.status.phase in ACTIVE:
                active += 1
                unhealthy.add(inc.spec.node)
            det = inc.status.detection
            if det is not None and strategy.is_unknown(det.pattern) and det.signature:
                sig = unknown.get(det.signature)
                count = (sig.count if sig else 0) + det.occurrences
                unknown[det.signature] = UnknownSignature(
                    signature=det.signature,
                    example=(det.signature_example or (sig.example if sig else ""))[:2048],
                    count=count,
                    first_seen=min(filter(None, [det.first_seen, sig.first_seen if sig else None]), default=None),
                    last_seen=max(filter(None, [det.last_seen, sig.last_seen if sig else None]), default=None),
                    suggested_action="restart",
                )
        return policy_reconcile.Observation(
            matched_nodes=self.matched_nodes(policy),
            active_incidents=active,
            unhealthy_nodes=len(unhealthy),
            unknown_signatures=unknown,
            errors=tuple(self.validation_errors(policy)),
        )

    async def refresh_and_reconcile_policy(self, name: str) -> HealingPolicy | None:
        """The spec changed (or the operator resumed): re-read, validate, write status, decide incidents again."""
        await self._refresh_policy(name)
        policy = await self.reconcile_policy(name)
        self.kick_incidents()
        return policy

    async def reconcile_policy(self, name: str) -> HealingPolicy | None:
        """Observe and write the policy status; calls while one is queued share it (outcomes come in storms)."""
        pending = self._reconciles.get(name)
        if pending is not None and not pending.done():
            return await asyncio.shield(pending)
        task = self.spawn(self._reconcile_policy(name))
        self._reconciles[name] = task
        return await asyncio.shield(task)

    async def _reconcile_policy(self, name: str) -> HealingPolicy | None:
        escalation: list[str] = []

        def mutate(policy: HealingPolicy) -> HealingPolicyStatus:
            now = utcnow()
            obs = self.observe_policy(policy)
            stuck_message = None
            circuits = policy.status.circuits
            if evaluate_stuck is not None and not obs.errors:
                decision = evaluate_stuck(policy, now)
                circuits = decision.circuits
                stuck_message = decision.message if decision.stuck else None
                escalation[:] = (
                    [decision.message or decision.reason, *decision.escalate_scopes] if decision.should_escalate else []
                )
            obs = policy_reconcile.Observation(**{**obs.__dict__, "stuck_message": stuck_message})
            status = policy_reconcile.reconcile_status(policy, obs, now)
            status.circuits = circuits
            return status

        before = self.policies.get(name)
        policy = await self.update_policy_status(name, mutate)
        if policy is None:
            return None
        ref = involved(POLICY_KIND, name, policy.metadata.uid)
        old_ready = next((c for c in before.status.conditions if c.type == "Ready"), None) if before else None
        new_ready = next((c for c in policy.status.conditions if c.type == "Ready"), None)
        if new_ready is not None and (
            old_ready is None or (old_ready.status, old_ready.reason) != (new_ready.status, new_ready.reason)
        ):
            self.events.post(
                ref, "Normal" if new_ready.status == "True" else "Warning", new_ready.reason, new_ready.message
            )
        if escalation:
            self.events.post(ref, "Warning", "Stuck", f"automatic remediation stopped: {escalation[0]}")
            if (culprit := self._stuck_incident(name, escalation[1:])) is not None:
                self.spawn(self._escalate(culprit, "Stuck"))
        if meta_metrics is not None:
            meta_metrics.observe_policy(policy)
        for entry in policy.status.learning:  # also right after a restart, not only when an outcome arrives
            metrics.CONFIDENCE.labels(entry.pattern, entry.service_type, entry.action).set(entry.confidence)
        return policy


def utcnow() -> datetime:
    """Decisions use full precision: the agent's health timestamps have sub-second precision too, and a truncated
    clock would make a zero healthyFor wait for the next second."""
    return datetime.now(UTC)


def _pattern(inc: Incident) -> str:
    det = inc.status.detection
    return (det.pattern if det and det.pattern else None) or inc.spec.failure


def _age(inc: Incident, now: datetime) -> float:
    created = inc.metadata.creation_timestamp
    return (now - created).total_seconds() if created else 0.0


def _rv(inc: Incident) -> int:
    try:
        return int(inc.metadata.resource_version or 0)
    except ValueError:
        return 0
