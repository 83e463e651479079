"""Policy reconcile: the I/O around policy_reconcile's pure functions and the stuck detector.

`reconcile` observes the policy's figures in the cache (matched nodes, active incidents, unknown signatures,
validation errors), runs the stuck detector, writes the status through the policy's single writer and posts the
`Ready` transitions; a circuit that just opened escalates its latest incident. `apply_notes` folds an incident's
outcome notes (controller/operator/outcomes.py) into learning, stats, self-recovery and Shadow figures and a
half-open probe's circuit, each once, then reconciles. Calls that arrive while a reconcile
is queued share it: outcomes come in storms.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from controller.api.common import precise_now
from controller.api.healingpolicy import HealingPolicy, HealingPolicyStatus, UnknownSignature
from controller.api.incident import Incident, OutcomeNote
from controller.constants import POLICY_KIND
from controller.operator import learning, metrics, policy_reconcile, strategy
from controller.operator.cache import ACTIVE, Cache
from controller.operator.events import EventPoster, involved
from controller.operator.incident_lifecycle import pattern_of
from controller.operator.metacognition import metrics as meta_metrics
from controller.operator.metacognition.scopes import scope_keys
from controller.operator.metacognition.stuck import evaluate_stuck, half_open_scopes, record_half_open_result
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.tasks import Spawn

Escalate = Callable[[str, str], Coroutine[Any, Any, None]]  # (incident name, reason)


class PolicyController:
    def __init__(
        self, cache: Cache, writer: PolicyStatusWriter, events: EventPoster, spawn: Spawn, escalate: Escalate
    ) -> None:
        self.cache = cache
        self.writer = writer
        self.events = events
        self._spawn = spawn
        self._escalate = escalate
        self._reconciles: dict[str, asyncio.Task[HealingPolicy | None]] = {}
        self._learned_shown: dict[tuple[str, str, str, str], float | None] = {}

    def observe(self, policy: HealingPolicy) -> policy_reconcile.Observation:
        pname = policy.metadata.name
        active = 0
        unhealthy: set[str] = set()
        unknown: dict[str, UnknownSignature] = {}
        mine = []
        for name in self.cache.incidents.by_policy.get(pname, ()):  # its own: not a scan of every incident, each time
            inc = self.cache.incidents.get(name)
            if inc is None:
                continue
            mine.append(inc)
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
                )  # the advisor's answer, when there is one, is kept on the status entry (advisor_gate)
        return policy_reconcile.Observation(
            matched_nodes=self.cache.matched_nodes(policy),
            active_incidents=active,
            unhealthy_nodes=len(unhealthy),
            unknown_signatures=unknown,
            errors=tuple(self.cache.validation_errors(policy)),
            escalation_problems=policy_reconcile.escalation_problems(mine),
        )

    async def reconcile(self, name: str) -> HealingPolicy | None:
        """Observe and write the policy status; calls while one is queued share it (outcomes come in storms)."""
        pending = self._reconciles.get(name)
        if pending is not None and not pending.done():
            return await asyncio.shield(pending)
        task = self._spawn(self._reconcile(name))
        self._reconciles[name] = task
        return await asyncio.shield(task)

    async def _reconcile(self, name: str) -> HealingPolicy | None:
        escalation: list[str] = []

        def mutate(policy: HealingPolicy) -> HealingPolicyStatus:
            now = precise_now()
            obs = self.observe(policy)
            stuck_message = None
            circuits = policy.status.circuits
            if not obs.errors:
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

        before = self.cache.policies.get(name)
        policy = await self.writer.update(name, mutate)
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
            if (culprit := self.stuck_incident(name, escalation[1:])) is not None:
                self._spawn(self._escalate(culprit, "Stuck"))
        meta_metrics.observe_policy(policy)
        for entry in policy.status.learning:  # also right after a restart, not only when an outcome arrives
            metrics.CONFIDENCE.labels(entry.pattern, entry.service_type, entry.action).set(entry.confidence)
        return policy

    def stuck_incident(self, policy: str, scopes: list[str]) -> str | None:
        """The incident to escalate for a circuit that just opened: the latest attempt under one of its scopes."""
        wanted = set(scopes)
        best: tuple[datetime, str] | None = None
        for name, inc in self.cache.incidents.items():
            if inc.status.policy != policy or not inc.status.attempts:
                continue
            keys = set(scope_keys(pattern_of(inc), inc.spec.node, inc.spec.target.name))
            if wanted and not keys & wanted:
                continue
            at = inc.status.attempts[-1].requested_at
            if best is None or at > best[0]:
                best = (at, name)
        return best[1] if best else None

    async def apply_notes(self, policy_name: str, inc: Incident, notes: list[OutcomeNote]) -> HealingPolicy | None:
        """Fold an incident's outcome notes into the policy's status, each once (by key), in the policy's single
        writer (batched with everything else waiting); a half-open probe's result goes to its circuit; then the
        stuck detector sees them. Returns the policy as written (None: gone)."""
        at = precise_now()

        def fold(policy: HealingPolicy) -> HealingPolicyStatus:
            unmarked = self.unmarked_keys(policy_name) | {n.key for n in notes}  # these, whatever the cache says
            status = policy.status.model_copy(
                update={"applied_outcomes": [k for k in policy.status.applied_outcomes if k in unmarked]}
            )
            for note in notes:
                if note.key in status.applied_outcomes:
                    continue
                status = policy_reconcile.apply_note(policy.model_copy(update={"status": status}), note, at)
                if note.kind != "Action" or note.success is None:
                    continue
                for scope in half_open_scopes(status.circuits, scope_keys(note.pattern, inc.spec.node,
                                                                           inc.spec.target.name)):
                    circuits = record_half_open_result(
                        status.circuits, scope, note.success, at, policy.spec.stuck.half_open_after
                    )
                    status = status.model_copy(update={"circuits": circuits})
            return status

        written = await self.writer.update(policy_name, fold)
        if written is None:
            return None
        policy = await self.reconcile(policy_name) or written  # queued behind the fold: same write when busy
        for note in notes:
            if note.kind == "Action" and note.action is not None and note.success is not None:
                self._learned_event(policy, inc, note)
        return written

    def unmarked_keys(self, policy: str) -> set[str]:
        """Keys of the outcome notes of this policy's cached incidents not yet marked applied on the Incident.

        Only these need their key kept in `appliedOutcomes`: a note marked applied is never applied again (recovery
        reads the marks), and one of an incident gone from the cluster can no longer be. So the list holds the notes
        between their policy write and their mark -- a few -- instead of the last 1,000 of a storm, all of which
        every status write of the policy would carry through the API server to every watcher."""
        keys: set[str] = set()
        for name in self.cache.incidents.by_policy.get(policy, ()):
            inc = self.cache.incidents.get(name)
            if inc is not None:
                keys.update(n.key for n in inc.status.outcomes if not n.applied)
        return keys

    def _learned_event(self, policy: HealingPolicy, inc: Incident, note: OutcomeNote) -> None:
        assert note.action is not None
        entry = learning.find(policy.status.learning, note.pattern, note.service_type, note.action)
        if entry is not None:
            metrics.CONFIDENCE.labels(entry.pattern, entry.service_type, entry.action).set(entry.confidence)
        key = (policy.metadata.name, note.pattern, note.service_type, note.action)
        shown = round(entry.confidence, 2) if entry else None
        if note.success and self._learned_shown.get(key) == shown:
            return  # a storm of identical successes: one Event per visible change of confidence
        self._learned_shown[key] = shown
        self.events.post(
            involved(POLICY_KIND, policy.metadata.name, policy.metadata.uid),
            "Normal",
            "Learned",
            f"{note.pattern}/{note.service_type}/{note.action}: "
            f"{'success' if note.success else 'failure'} on {inc.metadata.name}"
            + (f", confidence now {entry.confidence:.2f}" if entry else ""),
        )
