"""The runtime wires the parts and applies each incident's decision: context -> incident_lifecycle.step -> apply.

The parts, in the order an incident meets them:

* `cache` -- the watched objects (the newest version seen) and the guard counts;
* `workqueue` -- each incident waits once, N workers decide, timers requeue;
* `admission` -- the guards' inputs counted from the cache plus admissions not yet written; a request takes its
  slot, the hour's budget and a half-open probe before anything is awaited;
* `policy_status` -- the single writer of each policy's status (batched merge patches, 409 retried);
* `policy_controller` -- policy reconcile and outcome notes folded into learning and the policy's figures;
* `outcomes` -- each outcome note goes from the Incident to its policy exactly once, also across crashes;
* `escalation_driver` -- the escalation channels and their records on the Incident;
* `advisor_driver` -- the diagnosis service asked about unknown failures in the background, its advice on the
  Incident (offered for approval by the next decision).

Nothing in memory is authoritative: the cache is a view of the API server, every write carries the resourceVersion
it was decided on. One active operator per shard (Kopf peering) keeps the in-memory admission meaningful; with several
shards (`healing operator --shard I/N`, shard.py) each caches everything but decides only the incidents of the
policies it owns and writes only those policies' status.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import time
from collections import defaultdict
from datetime import datetime
from typing import Any

from controller.api.common import precise_now
from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.api.selection import Resolution
from controller.constants import APPROVE_ANNOTATION, INCIDENT_KIND, INCIDENT_PLURAL, POLICY_KIND
from controller.operator import metrics
from controller.operator.admission import Admission, Admitted
from controller.operator.advisor_driver import AdvisorDriver
from controller.operator.cache import Cache, parse_incident
from controller.operator.dependencies import holds_dependents, settle_seconds
from controller.operator.escalation_driver import EscalationDriver
from controller.operator.events import EventPoster, involved
from controller.operator.incident_lifecycle import IN_FLIGHT_PHASES, TERMINAL_PHASES, Decision, pattern_of
from controller.operator.k8s import ApiError, Kube
from controller.operator.metacognition import metrics as meta_metrics
from controller.operator.metacognition.advisor_gate import AdvisorLimits
from controller.operator.outcomes import OutcomeRecorder
from controller.operator.peering import Peering
from controller.operator.policy_controller import PolicyController
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.shard import Shard
from controller.operator.tasks import Tasks
from controller.operator.workqueue import WorkQueue

log = logging.getLogger(__name__)

DETECTION_GRACE = 5.0
DEPENDENT_RECHECK_SECONDS = 1.0  # time for the agent's fresh health of a dependent once its dependency resolved
SILENCE_CHECK_SECONDS = 10.0
PEERING_CHECK_SECONDS = 5.0  # a standby looks whether it took over (for its start-up recovery)
STATUS_DRAIN_SECONDS = 5.0
UNDECIDED_SCAN = 200  # undecided incidents looked at per freed slot (bounds the cost of a wake-up)
DECIDE_ATTEMPTS = 3  # a decision refused with 409 is made again on the fresh version this often, then the watch's turn


class Runtime:
    def __init__(
        self,
        kube: Kube,
        *,
        concurrency: int = 16,
        advisor_limits: AdvisorLimits | None = None,
        shard: Shard | None = None,
        peering: Peering | None = None,
    ) -> None:
        self.kube = kube
        self.shard = shard or Shard()
        self.peering = peering or Peering(kube, None, None)
        self.tasks = Tasks()
        spawn = self.tasks.spawn
        self.events = EventPoster(kube, instance=self.shard.instance)
        self.cache = Cache(kube)
        self.queue = WorkQueue(self.reconcile_incident, spawn, workers=concurrency)
        self.policy_status = PolicyStatusWriter(kube, self.cache, spawn, owns=self.shard.owns_policy)
        self.admission = Admission(self.cache, self.policy_status, spawn)
        self.escalation = EscalationDriver(kube, self.cache, self.policy_status, self.events, self.queue.lock, spawn)
        self.policy_controller = PolicyController(
            self.cache, self.policy_status, self.events, spawn, self.escalation.escalate
        )
        self.outcomes = OutcomeRecorder(
            self.cache, kube, self.policy_controller, self.queue.lock, spawn, owns=self.shard.owns_policy
        )
        self.advisor = AdvisorDriver(
            kube, self.cache, self.policy_status, self.escalation.secrets, self.events, self.queue.lock,
            self.queue.add, spawn, advisor_limits,
        )
        self._woken: defaultdict[str, set[str]] = defaultdict(set)  # policy -> woken for a free slot, not decided yet
        self._reconciled_generation: dict[str, int | None] = {}  # policy -> the spec generation reconciled
        # incident -> resourceVersion of this process's last decision and when its response came (the echo's lag)
        self._own_writes: dict[str, tuple[str | None, float]] = {}
        self._reconciling: set[str] = set()
        self.current = asyncio.Event()  # the cache is a listing taken while active: decisions may run (until_current)
        self._wake = asyncio.Event()  # an event waits for `current`: ask the peering object now

    # --- lifecycle -------------------------------------------------------------------------------------

    async def start(self) -> None:
        """List everything before the watches start, so guards count from a complete view from the first event.

        Retried until the API server answers (it may be starting, or a new CRD's storage initializing)."""
        delay = 0.2
        while True:
            try:
                await self.cache.load()
                break
            except ApiError as exc:
                log.warning("initial listing failed (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
        self.events.start()
        self.queue.start()
        if await self.peering.active():
            self._recover()
            self.current.set()
        self.tasks.spawn(self._follow_peering())
        self.tasks.spawn(self.watch_silence())
        # No decisions from here: Kopf's initial listing delivers every incident once this replica is the active
        # one (a standby of a peering lists too, but must not act).

    def _recover(self) -> None:
        """What a previous operator may have left half done, from a complete listing: budgets, the advisor's rate
        limit, outcome notes not yet applied (of the policies this shard owns)."""
        self.admission.recover_budget(self.shard.owns_policy)
        self.advisor.restore(self.shard.owns_policy)
        self.outcomes.recover()

    async def until_current(self) -> None:
        """Decisions and policy reconciles wait here until the cache is a listing taken since this replica became
        the active one. Kopf resumes a standby's watches all at once when it takes over, and their re-listings
        arrive in any order: an incident's before its policy's (a policy created while this replica stood by) was
        decided NoPolicy -- its pending request abandoned -- and requested again from the policy a moment later:
        two actions for one failure. An event that arrives here asks the peering object at once."""
        if not self.current.is_set():
            self._wake.set()
            await self.current.wait()

    async def _follow_peering(self) -> None:
        """Each time this replica becomes the active one it lists everything again and recovers before it decides
        (until_current): a standby taking over, and also a replica active at its start, paused when one of higher
        priority joined (a rolling update), and active again when that one went away. What happened while it stood
        by was not watched: its earlier listing is stale -- a note applied and marked meanwhile would look pending
        and be counted twice, an incident deleted meanwhile would hold its slot, the other replica's actions would
        be missing from the budget, a policy created meanwhile would be missing. Asked every PEERING_CHECK_SECONDS
        and at once when an event waits; a pause shorter than that can go unseen."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), PEERING_CHECK_SECONDS)
            woken, _ = self._wake.is_set(), self._wake.clear()
            if not await self.peering.active(fresh=woken):
                self.current.clear()
                continue
            if self.current.is_set():
                continue
            try:
                await self.cache.load()
            except ApiError as exc:
                log.warning("taking over: listing failed (%s); listing again at the next check", exc)
                continue
            self._recover()
            self.current.set()

    async def stop(self) -> None:
        await self.policy_status.drain(STATUS_DRAIN_SECONDS)  # learning queued for the policies gets written
        self.queue.stop()
        await self.tasks.cancel_all()
        await self.events.stop()
        await self.kube.close()

    # --- watch inputs ----------------------------------------------------------------------------------

    async def policy_event(self, type_: str | None, body: dict[str, Any]) -> None:
        changed = self.cache.policy_event(type_, body)
        name = body.get("metadata", {}).get("name", "")
        if type_ == "DELETED":
            meta_metrics.forget_policy(name)
            self._reconciled_generation.pop(name, None)
        elif self._claim_generation(name):
            self.tasks.spawn(self._reconcile_generation(name))
        if changed:
            self.kick_incidents()

    def node_event(self, type_: str | None, body: dict[str, Any]) -> None:
        if self.cache.node_event(type_, body):  # deleted, paused or cordoned: its incidents are decided again
            self.kick_node(body.get("metadata", {}).get("name", ""))

    def hostreport_event(self, type_: str | None, body: dict[str, Any]) -> None:
        if self.cache.hostreport_event(type_, body):  # its agent restarted, went silent or came back
            self.kick_node(body.get("spec", {}).get("node") or body.get("metadata", {}).get("name", ""))

    def kick_node(self, node: str) -> None:
        for name in list(self.cache.incidents.on_node.get(node, ())):  # the node's own, not a scan of all incidents
            inc = self.cache.incidents.get(name)
            if inc is not None and inc.status.phase not in TERMINAL_PHASES and self.owns(inc):
                self.queue.add(name)

    async def watch_silence(self) -> None:
        """An agent going silent sends no event: look for it, and decide its node's incidents again when it
        goes silent or speaks again."""
        silent: set[str] = set()
        while True:
            await asyncio.sleep(SILENCE_CHECK_SECONDS)
            if not await self.peering.active():
                continue  # a standby's agents look silent (its watches are paused): not its to decide
            now = precise_now()
            for node, agent in list(self.cache.agents.items()):
                is_silent = agent.silent(now) is not None
                if is_silent != (node in silent):
                    (silent.add if is_silent else silent.discard)(node)
                    self.kick_node(node)

    async def incident_event(self, type_: str | None, body: dict[str, Any]) -> None:
        """Cache the newest version and queue the incident; Kopf's per-object worker is free again at once."""
        name = body.get("metadata", {}).get("name", "")
        if type_ == "DELETED":
            gone = self.cache.incidents.pop(name, None)
            self.queue.forget(name)
            self.advisor.forget(name)
            if gone is not None:
                self.kick_dependents(gone.spec.node)
                if gone.status.phase in IN_FLIGHT_PHASES:  # its slot is free
                    self.kick_waiting(gone.status.policy)
            self._own_writes.pop(name, None)
            return
        own = self._own_writes.pop(name, None)
        if own is not None and own[0] == body.get("metadata", {}).get("resourceVersion"):
            metrics.WATCH_ECHO_SECONDS.observe(time.monotonic() - own[1])
            # The echo of this process's own decision: the write's response is cached already and the decision
            # scheduled what follows it. Deciding again would find nothing to do -- one wasted decision (and a
            # parse) per status write, half the decisions of a storm.
            return
        inc = parse_incident(body)
        if inc is None:
            return
        self.cache.keep_newest(inc)
        if self.owns(inc):
            current = self.cache.incidents.get(name) or inc
            if current.status.phase is None and current.status.detection is None:
                # Just created: the agent writes the detection next, and that event is decided. Only a grace timer
                # here, in case it never comes -- not a decision per new incident that waits anyway (in a storm
                # those decisions held up the first real ones by seconds).
                self.queue.add_after(name, max(0.0, DETECTION_GRACE - _age(current, precise_now())))
                return
            self.queue.add(name, in_flight=current.status.phase in IN_FLIGHT_PHASES)  # its turn frees a slot

    def owns(self, inc: Incident) -> bool:
        """This shard decides the incident: it owns the policy this process resolves for it from its own cache
        (never from a field or label a writer of the Incident could set to steer it). Policy and node changes decide
        every incident again on every shard, so an incident whose policy moved is picked up by its new owner."""
        return not self.shard.sharded or self._owned_match(inc) is not None

    def _owned_match(self, inc: Incident) -> Resolution | None:
        """The policy resolution of an incident this shard decides (None: another shard's)."""
        match = self.cache.resolve(inc)
        policy = match.policy
        return match if self.shard.owns_policy(policy.metadata.name if policy is not None else None) else None

    def kick_incidents(self) -> None:
        """A policy changed: every incident that is not finished is decided again."""
        for name, inc in list(self.cache.incidents.items()):
            if inc.status.phase not in TERMINAL_PHASES:
                self.queue.add(name)

    def kick_dependents(self, node: str) -> None:
        """A dependency stopped failing (Resolved, given up, deleted): incidents of its node that wait for a
        dependency are decided again in a moment, not at their requeue. The agent re-checks their health when it
        sees the dependency resolved, and that report decides them first (many have recovered meanwhile): a
        request on the older health would only be answered "already healthy"."""
        for name in list(self.cache.incidents.on_node.get(node, ())):
            inc = self.cache.incidents.get(name)
            if inc is not None and inc.status.reason == "WaitingForDependency":
                self.queue.add_after(name, DEPENDENT_RECHECK_SECONDS)

    def kick_waiting(self, policy: str | None) -> None:
        """Slots are free: as many incidents held back by maxConcurrent as there are free slots are decided again
        now (the longest waiting first), not at their requeue. Not all of them: waking every waiting incident for
        each freed slot made a storm quadratic (1,000 incidents through 10 slots: ~90,000 decisions, a queue that
        kept the incidents in flight waiting, and their writes losing to the agents' health reports)."""
        p = self.cache.policies.get(policy or "")
        if p is None or not self.shard.owns_policy(p.metadata.name):
            return  # another shard's slots: that shard wakes its incidents
        pname = p.metadata.name
        woken = self._woken[pname]
        free = p.spec.limits.max_concurrent - len(self.cache.incidents.in_flight[pname]) - len(woken)
        if free <= 0:
            return
        waiting = [(inc.metadata.creation_timestamp or precise_now(), name)
                   for name in self.cache.incidents.waiting_slot[pname] - woken
                   if (inc := self.cache.incidents.get(name)) is not None]
        names = [name for _, name in heapq.nsmallest(free, waiting)]
        if len(names) < free:
            names += self._undecided_of(pname, free - len(names), woken)
        for name in names:
            woken.add(name)
            self.queue.add(name, urgent=True)  # ahead of the storm's first decisions: a free slot is not left idle

    def _undecided_of(self, policy: str, wanted: int, woken: set[str]) -> list[str]:
        """The oldest incidents not decided yet whose policy is `policy`: at the start of a storm slots free up
        while most incidents wait for their first decision (none of them is held yet); one of them takes the slot
        at once instead of the slot idling until its turn. Looks at UNDECIDED_SCAN of them at most."""
        found: list[str] = []
        for name in itertools.islice(self.cache.incidents.undecided, UNDECIDED_SCAN):
            inc = self.cache.incidents.get(name)
            if inc is None or name in woken or inc.status.detection is None or self.queue.busy(name):
                continue  # no detection: not decided yet anyway (DETECTION_GRACE); locked: being decided right now
            if (match := self.cache.resolve(inc).policy) is not None and match.metadata.name == policy:
                found.append(name)
                if len(found) == wanted:
                    break
        return found

    # --- policies (Kopf's policy handlers) -------------------------------------------------------------

    # A spec this process has not reconciled yet -- a new policy, a spec change, every policy after a start -- is
    # told by metadata.generation, which the API server bumps on spec changes only. Not Kopf's on.update(field=spec):
    # its diff-base is a deep copy of the object on every event of every watched resource and an annotation written
    # per change (settings.py turns the diff-base off). The policy's incidents are decided again from the cache's
    # own change detection (policy_event); every shard caches the new spec, only the owner writes the status.

    def _unreconciled_generation(self, name: str) -> bool:
        policy = self.cache.policies.get(name)
        return policy is not None and self._reconciled_generation.get(name) != policy.metadata.generation

    def _claim_generation(self, name: str) -> bool:
        """True when the cached spec is not reconciled yet and nobody is at it: the caller reconciles it (one at a
        time per policy; claimed at once, so two events in a row start one reconcile)."""
        if not self._unreconciled_generation(name) or name in self._reconciling:
            return False
        self._reconciling.add(name)
        return True

    async def _reconcile_generation(self, name: str) -> None:
        """Reconcile the cached spec and remember its generation; on failure it is not remembered, and the next
        event or the policy timer tries again. Run by the caller that claimed it (_claim_generation)."""
        try:
            while self._unreconciled_generation(name):  # a newer spec may arrive while this one is written
                generation = self.cache.policies[name].metadata.generation
                await self.reconcile_policy(name)
                self._reconciled_generation[name] = generation
        finally:
            self._reconciling.discard(name)

    async def policy_timer(self, name: str) -> HealingPolicy | None:
        """Kopf's policy timer: the policy's figures move with time (hourly budget, circuits, stuck detection)."""
        if self._claim_generation(name):
            await self._reconcile_generation(name)
        return await self.reconcile_policy(name)

    async def reconcile_policy(self, name: str) -> HealingPolicy | None:
        await self.until_current()
        if not self.shard.owns_policy(name):
            return self.cache.policies.get(name)  # its owner reconciles it
        return await self.policy_controller.reconcile(name)

    # --- incidents -------------------------------------------------------------------------------------

    async def reconcile_incident(self, name: str) -> None:
        """Decide on the cached (newest seen) version (the workqueue holds the incident's lock); writes carry its
        resourceVersion, so a version the API server has moved past is never acted upon."""
        await self.until_current()
        started = time.perf_counter()
        woken_for = next((p for p, names in self._woken.items() if name in names), None)
        try:
            inc = self.cache.incidents.get(name)
            match = self._owned_match(inc) if inc is not None else None
            if inc is None or match is None:
                return  # gone, or another shard's (its timers are not kept here)
            now = precise_now()
            if inc.status.detection is None and inc.status.phase is None and _age(inc, now) < DETECTION_GRACE:
                # The agent creates the Incident, then writes its detection: decide on the complete picture.
                self.queue.add_after(name, DETECTION_GRACE)
                return
            if (settle := settle_seconds(inc, self.cache.dependencies.get(inc.spec.node), now)) is not None:
                # a dependency failing at the same moment may be filed a moment later: know it before deciding
                self.queue.add_after(name, settle)
                return
            for attempt in range(DECIDE_ATTEMPTS):
                # The admission counts its guards on the resolution that found this shard the owner, with no await
                # between them; after a 409 and a re-read, the incident is resolved again.
                if attempt and (match := self._owned_match(inc)) is None:
                    return  # another shard's now
                decision, admitted = self.admission.admit(inc, now, match)
                if await (self.apply(inc, decision) if admitted is None else self._request_action(admitted)):
                    break
                # 409: written meanwhile (the agent reports health every 2 s under remediation). Decided again at
                # once on the version the API server has now, like client-go's RetryOnConflict: waiting for the
                # watch to bring it lost the race to the next report again and again under a storm.
                fresh = await self.cache.reread_incident(name)
                if fresh is None:
                    return
                self.cache.keep_newest(fresh)
                inc, now = self.cache.incidents.get(name) or fresh, precise_now()
        except ApiError as exc:
            log.warning("incident %s: %s; retrying in %.0fs", name, exc, self.queue.retry_seconds)
            self.queue.add_after(name, self.queue.retry_seconds)
        finally:
            if woken_for is not None:
                self._woken[woken_for].discard(name)
                if name not in self.cache.incidents.waiting_slot[woken_for]:  # it took the slot, or left the wait
                    self.kick_waiting(woken_for)  # otherwise (recovered, another guard) the next one is woken
            metrics.DECISION_SECONDS.observe(time.perf_counter() - started)

    async def _request_action(self, admitted: Admitted) -> bool:
        """Write the admitted request and persist the budget, at the same time.

        Never on a stale signal: the request is written with the resourceVersion the decision was made on, so
        the API server itself re-reads the Incident and refuses (409) if anything changed since -- a new
        detection, a health report, an approval withdrawn; the next watch event then decides again. (A GET
        before the write would still leave a window between the GET and the write; the precondition does not.)
        """
        inc, decision = admitted.incident, admitted.decision
        assert decision.request is not None
        try:
            reserved, applied = await asyncio.gather(self.admission.reserve(admitted), self.apply(inc, decision))
        finally:
            self.admission.settled(admitted)
        if not applied:
            self.admission.withdraw(admitted, reserved=reserved)
            self.kick_waiting(admitted.policy)  # the slot it took is free again
            return False
        metrics.ACTIONS.labels(decision.request.action, "Requested").inc()
        if not reserved:
            log.warning(
                "incident %s: action requested but the budget could not be recorded on %s",
                inc.metadata.name,
                admitted.policy,
            )
        return True

    async def apply(self, inc: Incident, d: Decision) -> bool:
        """Write one decision; False when the incident changed meanwhile (its next event decides again)."""
        name = inc.metadata.name
        if d.delete:
            await self.kube.delete(INCIDENT_PLURAL, name, uid=inc.metadata.uid)
            self.queue.add_after(name, None)
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
            if (updated := parse_incident(body)) is not None:
                current = updated
                cached = self.cache.incidents.get(name)
                if cached is not None and cached.metadata.resource_version == updated.metadata.resource_version:
                    # the watch delivered this very version before the write's answer came: no lag to wait for
                    metrics.WATCH_ECHO_SECONDS.observe(0.0)
                else:
                    self.cache.keep_newest(updated)
                    self._own_writes[name] = (updated.metadata.resource_version, time.monotonic())
        if d.clear_approval and APPROVE_ANNOTATION in inc.metadata.annotations:
            with contextlib.suppress(ApiError):
                await self.kube.patch(INCIDENT_PLURAL, name, {"metadata": {"annotations": {APPROVE_ANNOTATION: None}}})
        self._observe(current, d)
        self.advisor.consider(current, new_episode=d.new_episode)  # in the background: never in this decision's path
        if inc.status.phase in IN_FLIGHT_PHASES and current.status.phase not in IN_FLIGHT_PHASES:
            self.kick_waiting(current.status.policy)
        if holds_dependents(inc) and not holds_dependents(current):
            self.kick_dependents(current.spec.node)
        policy = self.cache.policies.get(current.status.policy or "")
        if d.outcome is not None and policy is not None:
            self.admission.probe_finished(policy.metadata.name, d.outcome, current)
        self.outcomes.schedule(current)  # learning, self-recovery and Shadow figures: from the Incident, once
        if d.escalate and policy is not None:
            self.tasks.spawn(self.escalation.escalate(name, d.escalate))
        if d.report_resolved and policy is not None:
            self.tasks.spawn(self.escalation.report_resolved(name))
        self.queue.add_after(name, d.requeue_after, in_flight=current.status.phase in IN_FLIGHT_PHASES)
        return True

    def _observe(self, inc: Incident, d: Decision) -> None:
        ref = involved(INCIDENT_KIND, inc.metadata.name, inc.metadata.uid)
        policy = self.cache.policies.get(inc.status.policy or "")
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
            metrics.INCIDENTS.labels(pattern_of(inc), inc.status.phase).inc()
        if d.outcome is not None:
            attempt = next((a for a in reversed(inc.status.attempts) if a.action == d.outcome.action), None)
            metrics.ACTIONS.labels(
                d.outcome.action, attempt.result if attempt else ("Succeeded" if d.outcome.success else "Failed")
            ).inc()
        if d.resolved_seconds is not None:
            metrics.TIME_TO_RESOLVE.observe(d.resolved_seconds)


def _age(inc: Incident, now: datetime) -> float:
    created = inc.metadata.creation_timestamp
    return (now - created).total_seconds() if created else 0.0
