"""The Incident state machine, pure: `step(incident, context, now) -> Decision`.

    Detected -> Remediating -> Verifying -> Resolved
         \\-> Suppressed (ShadowMode, Cooldown, RateLimited, MaxConcurrent, BlastRadius, CircuitOpen,
                          AwaitingApproval, NoPolicy, InvalidPolicy, UnitNotSelected, UnitNotActionable)
                          -> back to choosing an action
         \\-> Escalated (not auto-fixable) ; Failed (candidates exhausted, escalated)
    Resolved / Failed + a new occurrence (detection.occurrences > handledOccurrences) -> reopened (with backoff)

Nothing here talks to Kubernetes: the runtime counts what the guards need (Context), applies the Decision's status
patch (operator-owned keys only, see controller/api/incident.py), posts its events and schedules the requeue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from controller.api.common import as_timedelta, set_condition
from controller.api.healingpolicy import Action, HealingPolicy
from controller.api.incident import (
    ActionRequest,
    Advice,
    Approval,
    Attempt,
    Escalation,
    Execution,
    Incident,
    IncidentStatus,
    OutcomeNote,
    ShadowRecord,
    execution_for,
)
from controller.api.selection import Resolution
from controller.constants import APPROVE_ANNOTATION
from controller.operator import guards, learning, strategy, verification
from controller.operator.pauses import Pause

AGENT_KEYS = frozenset({"detection", "executions", "health"})
IN_FLIGHT_PHASES = ("Remediating", "Verifying")
TERMINAL_PHASES = ("Resolved", "Failed", "Escalated")
# Suppressed reasons that wait for a human (kstatus Stalled) rather than for time to pass (Reconciling).
UNHEALABLE_SELECTIONS = frozenset({"UnitNotSelected", "UnitNotActionable"})
PRE_CYCLE_HOLDS = frozenset({"NoPolicy", "InvalidPolicy", *UNHEALABLE_SELECTIONS})  # decided before any cycle
HUMAN_REASONS = frozenset(
    {"AwaitingApproval", "ShadowMode", "NoPolicy", "InvalidPolicy", "CircuitOpen", "Suspended", "AgentSilent",
     *UNHEALABLE_SELECTIONS}
)
MAX_NOTES = 20
SILENT_RECHECK = 30.0
EventType = Literal["Normal", "Warning"]
MAX_ROUNDS = 3  # times the candidate list is tried in a row (with backoff) before an incident is Failed


@dataclass(frozen=True)
class Context:
    """What the guards need, counted by the caller from the API server's objects."""

    match: Resolution
    policy_invalid: str | None = None  # the policy's Stalled message when its spec is invalid
    in_flight: int = 0  # other incidents of the policy in Remediating/Verifying
    unhealthy_nodes: int = 0  # matched nodes with active incidents
    matched_nodes: int = 0
    circuit_open: str | None = None  # message of an open circuit covering this incident
    retention_seconds: float | None = None
    agent_silent: str | None = None  # the node's agent stopped its heartbeat: nothing is decided on its word
    agent_started_at: datetime | None = None  # its agent (re)started then: older evidence waits to be confirmed
    node_gone: bool = False  # the Node object was deleted
    pause: Pause | None = None  # suspend, a maintenance window, a node pause or cordon
    waiting_for: str | None = None  # a failing dependency to heal first (the message names it)


@dataclass(frozen=True)
class Event:
    type: EventType
    reason: str
    message: str
    on_policy: bool = False


@dataclass(frozen=True)
class Outcome:
    """A verified result of an action: what learning and stats are updated with."""

    pattern: str
    service_type: str
    action: Action
    success: bool
    seconds: float | None


@dataclass
class Decision:
    status: IncidentStatus
    patch: dict[str, Any] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    request: ActionRequest | None = None
    requeue_after: float | None = None
    escalate: str | None = None  # escalate with this reason (after the status patch)
    report_resolved: bool = False  # an escalated incident recovered: tell the channels
    outcome: Outcome | None = None
    resolved_seconds: float | None = None
    clear_approval: bool = False
    delete: bool = False
    phase_changed: bool = False
    notes: list[OutcomeNote] = field(default_factory=list)  # new outcome notes, written with this decision
    new_episode: bool = False  # a failure episode starts (Detected, Reopened): the advisor gate counts it once

    def requeue(self, seconds: float | None) -> None:
        if seconds is None:
            return
        seconds = max(0.2, seconds)
        self.requeue_after = seconds if self.requeue_after is None else min(self.requeue_after, seconds)


def pattern_of(incident: Incident) -> str:
    det = incident.status.detection
    return (det.pattern if det and det.pattern else None) or incident.spec.failure


def request_id(incident: Incident, attempt_number: int) -> str:
    """Deterministic: a restarted operator recomputes the same id, the agent runs each id at most once."""
    uid = (incident.metadata.uid or incident.metadata.name).replace("-", "")
    return f"{uid[:8]}-{attempt_number}"


def status_patch(old: IncidentStatus, new: IncidentStatus) -> dict[str, Any]:
    """Merge patch of the operator-owned keys that changed (None deletes a key in a merge patch)."""
    before, after = old.dump(), new.dump()
    patch: dict[str, Any] = {}
    for key in set(before) | set(after):
        if key in AGENT_KEYS:
            continue
        if before.get(key) != after.get(key):
            patch[key] = after.get(key)
    return patch


class _Machine:
    def __init__(self, incident: Incident, ctx: Context, now: datetime) -> None:
        self.inc = incident
        self.ctx = ctx
        self.now = now
        self.old = incident.status
        self.s = incident.status.model_copy(deep=True)
        self.d = Decision(status=self.s)
        self.pattern = pattern_of(incident)
        self.policy: HealingPolicy | None = ctx.match.policy
        det = self.s.detection
        self.occurrences = det.occurrences if det else 1

    # --- helpers ---------------------------------------------------------------------------------

    def go(self, phase: str, reason: str, message: str, *, warning: bool = False, policy_event: bool = False) -> None:
        changed = (self.s.phase, self.s.reason) != (phase, reason)
        self.s.phase = phase  # type: ignore[assignment]
        self.s.reason = reason
        self.s.message = message
        if changed:
            self.d.phase_changed = True
            kind: EventType = "Warning" if warning else "Normal"
            self.d.events.append(Event(kind, reason, message))
            if policy_event:
                self.d.events.append(Event(kind, reason, f"{self.inc.metadata.name}: {message}", on_policy=True))

    def conditions(self) -> None:
        phase, reason = self.s.phase, self.s.reason
        gen = self.inc.metadata.generation
        ready = phase == "Resolved"
        stalled = phase in ("Failed", "Escalated") or (phase == "Suppressed" and reason in HUMAN_REASONS)
        reconciling = not ready and not stalled
        conds = self.s.conditions
        conds = set_condition(
            conds, "Ready", "True" if ready else "False", reason or "Unknown", self.s.message, gen, self.now
        )
        conds = set_condition(
            conds,
            "Reconciling",
            "True" if reconciling else "False",
            reason or "Unknown",
            self.s.message if reconciling else "",
            gen,
            self.now,
        )
        conds = set_condition(
            conds,
            "Stalled",
            "True" if stalled else "False",
            reason or "Unknown",
            self.s.message if stalled else "",
            gen,
            self.now,
        )
        # set_condition always rewrites the entry; keep the old ones when nothing but time changed
        if [c.model_dump(exclude={"last_transition_time"}) for c in conds] != [
            c.model_dump(exclude={"last_transition_time"}) for c in self.old.conditions
        ]:
            self.s.conditions = conds

    def confidence(self, action: Action) -> float:
        assert self.policy is not None
        prior_p = strategy.prior(self.pattern, self.inc.spec.service_type, action, self.policy.spec)
        return learning.confidence(self.policy.status, self.pattern, self.inc.spec.service_type, action, prior_p)

    def current_attempt(self) -> Attempt | None:
        req = self.s.request
        if req is None:
            return None
        return next((a for a in reversed(self.s.attempts) if a.id == req.id), None)

    def outcome(self, action: Action, success: bool, seconds: float | None, attempt_id: str) -> None:
        self.d.outcome = Outcome(self.pattern, self.inc.spec.service_type, action, success, seconds)
        self.note("Action", attempt_id, action=action, success=success, seconds=seconds)

    def note(self, kind: str, suffix: str, **fields: Any) -> None:
        """An outcome note on the incident (applied to the policy once, by key; see api/incident.OutcomeNote)."""
        uid = self.inc.metadata.uid or self.inc.metadata.name
        key = f"{uid}/{suffix}"
        if any(n.key == key for n in self.s.outcomes):
            return
        note = OutcomeNote(
            key=key, kind=kind, pattern=self.pattern, service_type=self.inc.spec.service_type,  # type: ignore[arg-type]
            target=f"{self.inc.spec.node}/{self.inc.spec.target.name}", at=self.now, **fields,
        )
        # applied notes make room first: a note not yet applied is never dropped
        kept = [*self.s.outcomes, note]
        while len(kept) > MAX_NOTES and any(n.applied for n in kept):
            kept.remove(next(n for n in kept if n.applied))
        self.s.outcomes = kept
        self.d.notes.append(note)

    def close(self, reason: str, message: str) -> None:
        """Nothing is left to heal (the target or its node is gone): closed, never acted on, nothing learned."""
        attempt = self.current_attempt()
        if attempt is not None and attempt.result == "Pending":
            attempt.result = "Refused"
            attempt.message = message[:1000]
        self.s.resolved_at = self.now
        self.s.next_attempt_at = None
        self.go("Resolved", reason, message)

    def recovered_alone(self, since: datetime, how: str) -> None:
        """The target came back with no action: a figure of its own, never a success of an action."""
        det = self.s.detection
        failed_at = det.last_seen if det and det.last_seen else since
        seconds = max(0.0, (since - failed_at).total_seconds())
        shadow = self.s.shadow
        window = self.policy.spec.verify_seconds()[2] if self.policy else 0.0
        in_shadow_window = shadow is not None and since <= shadow.at + timedelta(seconds=window)
        self.note("SelfRecovery", f"recovered-{self.s.handled_occurrences}", seconds=round(seconds, 3),
                  shadow=in_shadow_window)
        self.s.resolved_at = self.now
        self.go("Resolved", "RecoveredWithoutAction", f"{how}; recovered {seconds:.0f}s after the failure, no action")

    def _reported_late(self) -> bool:
        """The newest occurrence happened before the last action was requested or before the target's current
        healthy spell began: it was covered by what already happened."""
        det, health = self.s.detection, self.s.health
        if det is None or det.last_seen is None:
            return False
        marks = [a.requested_at for a in self.s.attempts]
        if health is not None and health.healthy and health.since is not None:
            marks.append(health.since)
        return bool(marks) and det.last_seen <= max(marks)

    # --- the machine -----------------------------------------------------------------------------

    def run(self) -> Decision:
        self.s.observed_generation = self.inc.metadata.generation
        phase = self.s.phase
        reopen = phase in ("Resolved", "Failed") and self.occurrences > self.s.handled_occurrences
        if reopen and self._reported_late():
            # a failure seen before the last action or before the target was last seen healthy, reported only now
            # (a pod's crash read from its log after the rollout began): part of what was handled, not a new one
            self.s.handled_occurrences = self.occurrences
            reopen = False
        health = self.s.health
        if phase in TERMINAL_PHASES and not reopen:
            self.terminal()
        elif self.ctx.node_gone:
            self.close("NodeGone", f"node {self.inc.spec.node} was deleted: nothing is left to heal there")
        elif (
            health is not None
            and health.gone
            and health.checked_at >= self._last_failure()
            and phase != "Remediating"  # an action in flight (recreateContainer removes it first): its result tells
        ):
            self.close("TargetGone", f"{health.message or 'the target is gone'}: nothing is left to heal")
        elif self.policy is None:
            self.s.policy = None
            self.go("Suppressed", "NoPolicy", self.ctx.match.message, warning=True)
        elif self.ctx.match.reason in UNHEALABLE_SELECTIONS:
            # the policy selects the target, but what an action would go through is not allowed (a unit the policy
            # does not select, a unit that reboots the machine): a human has to change the policy
            self.s.policy = self.policy.metadata.name
            self.go("Suppressed", self.ctx.match.reason, self.ctx.match.message, warning=True)
        elif self.ctx.policy_invalid:
            self.s.policy = self.policy.metadata.name
            self.go(
                "Suppressed",
                "InvalidPolicy",
                f"HealingPolicy {self.policy.metadata.name} is invalid: {self.ctx.policy_invalid}",
                warning=True,
            )
        else:
            self.s.policy = self.policy.metadata.name
            if phase is None or reopen or self._no_cycle_yet():
                self.start_cycle(reopen)
            if self.ctx.agent_silent:
                self.hold_for_silent_agent()
            elif self.s.phase == "Remediating":
                self.remediating()
            elif self.s.phase == "Verifying":
                self.verifying()
            else:
                self.choose()
        self.conditions()
        self.d.patch = status_patch(self.old, self.s)
        return self.d

    def _no_cycle_yet(self) -> bool:
        """Held before its first cycle (no policy cached yet -- the policy's watch can lag the incident's --, an
        invalid policy, a target the policy may not touch): the candidates were never computed, so the cycle starts
        when a usable policy is there."""
        return (
            self.s.phase == "Suppressed"
            and self.s.reason in PRE_CYCLE_HOLDS
            and not self.s.candidates
            and not self.s.attempts
        )

    def _last_failure(self) -> datetime:
        det = self.s.detection
        return det.last_seen if det and det.last_seen else datetime.min.replace(tzinfo=self.now.tzinfo)

    def hold_for_silent_agent(self) -> None:
        """The node's agent is silent: no request, no verification, no timeout on its word; decided again when it
        reports (in flight, the phase stays and only the reason says why it waits)."""
        message = f"{self.ctx.agent_silent}; waiting for it to report again"
        if self.s.phase in IN_FLIGHT_PHASES:
            if self.s.reason != "AgentSilent":
                self.d.events.append(Event("Warning", "AgentSilent", message))
                self.d.phase_changed = True
            self.s.reason, self.s.message = "AgentSilent", message
        else:
            self.go("Suppressed", "AgentSilent", message, warning=True)
        self.d.requeue(SILENT_RECHECK)

    def start_cycle(self, reopen: bool) -> None:
        assert self.policy is not None
        spec = self.policy.spec
        succeeded = [a.action for a in self.s.attempts if a.result == "Succeeded"]
        self.s.handled_occurrences = self.occurrences
        self.s.candidates = strategy.candidate_actions(
            self.pattern, self.inc.spec.service_type, spec, previous_successes=succeeded if reopen else ()
        )
        self.s.approval = None
        self.s.resolved_at = None
        self.s.shadow = None
        self.d.new_episode = True
        self.offer_advice()
        note = self.ctx.match.message if self.ctx.match.reason == "AmbiguousPolicy" else ""
        if not reopen:
            self.s.next_attempt_at = None
            self.go(
                "Detected",
                "Detected",
                f"{self.pattern} on {self.inc.spec.node}/{self.inc.spec.target.name}" + (f"; {note}" if note else ""),
            )
            return
        # A target that keeps failing backs off exponentially; healthy for resetAfter starts over.
        last_ok = self.old.resolved_at
        health = self.s.health
        healthy_since = (
            last_ok if health is None or health.since is None else max(last_ok or health.since, health.since)
        )
        det = self.s.detection
        failed_at = det.last_seen if det and det.last_seen else self.now
        if healthy_since is not None and guards.backoff_should_reset(spec.backoff, healthy_since, failed_at):
            self.s.backoff_seconds = []
            self.s.next_attempt_at = None
        else:
            wait = guards.next_cooldown(spec.backoff, self.s.backoff_seconds)
            self.s.backoff_seconds = [*self.s.backoff_seconds, wait][-100:]
            self.s.next_attempt_at = self.now + timedelta(seconds=wait)
        self.go(
            "Detected",
            "Reopened",
            f"{self.pattern} again (occurrence {self.occurrences}) on {self.inc.spec.node}/{self.inc.spec.target.name}",
            warning=True,
        )

    def choose(self) -> None:
        assert self.policy is not None
        spec = self.policy.spec
        det, health = self.s.detection, self.s.health
        last_done = max((a.finished_at or a.requested_at for a in self.s.attempts), default=None)
        if (
            health is not None
            and health.healthy
            and health.since is not None
            and det is not None
            and det.last_seen is not None
            and health.since > det.last_seen
            and (last_done is None or health.since > last_done)
        ):
            # Never act on a stale signal: the target came back by itself after the failure (and after any attempt).
            self.recovered_alone(health.since, f"target healthy since {health.since.isoformat()}")
            return
        if self.ctx.agent_started_at is not None and self._evidence_before_agent_start():
            self.go(
                "Suppressed",
                "AwaitingConfirmation",
                f"seen before the node's agent (re)started at {self.ctx.agent_started_at.isoformat()}: waiting for it "
                "to confirm the failure still holds",
            )
            self.d.requeue(SILENT_RECHECK)
            return
        # advice that arrived during this cycle becomes the candidate; a pending approval was for another action
        switched = self.offer_advice() if self.s.advice is not None and self.s.advice.offered_at is None else False
        if not self.s.candidates:
            if self.s.attempt_count:
                self.fail("CandidatesExhausted", "no candidate action left")
            else:
                self.escalate(
                    "NoCandidateAction",
                    f"no allowed action can fix {self.pattern} on a {self.inc.spec.service_type} target "
                    f"(spec.actions={list(spec.actions)})",
                )
            return
        action = self.s.candidates[0]
        if action == strategy.ESCALATE:
            reason = "NotAutoFixable" if self.pattern in strategy.NOT_AUTO_FIXABLE else "EscalateAction"
            self.escalate(reason, f"{self.pattern} cannot be fixed by restarting; a human has to look")
            return
        if self.ctx.circuit_open:
            self.go("Suppressed", "CircuitOpen", self.ctx.circuit_open, warning=True)
            self.d.requeue(60.0)
            return
        conf = self.confidence(action)
        if spec.mode == "Shadow":
            if self.s.shadow is None:
                # scored: would it have been needed? (a recovery within verify.timeout says no)
                self.s.shadow = ShadowRecord(action=action, at=self.now)
                self.note("Shadow", f"shadow-{self.s.handled_occurrences}", action=action)
            self.go(
                "Suppressed",
                "ShadowMode",
                f"would run {action} (confidence {conf:.2f}); Shadow mode records and does nothing",
            )
            return
        if self.ctx.pause is not None:
            self.go("Suppressed", self.ctx.pause.reason, f"{action} held: {self.ctx.pause.message}")
            self.d.requeue(self.ctx.pause.retry_after(self.now))
            return
        if self.ctx.waiting_for is not None:
            self.go("Suppressed", "WaitingForDependency", f"{action} held: {self.ctx.waiting_for}")
            self.d.requeue(SILENT_RECHECK)
            return
        verdict = guards.cooldown(self.s.next_attempt_at, self.now)
        if not verdict.ok:
            self.go(
                "Suppressed",
                "Cooldown",
                f"next: {action} at {self.s.next_attempt_at.isoformat() if self.s.next_attempt_at else ''} "
                f"(cooldowns so far: {', '.join(f'{b:g}s' for b in self.s.backoff_seconds)})",
            )
            self.d.requeue(verdict.retry_after)
            return
        advice = self.advice()
        advised = advice is not None and advice.action == action  # an advisor's suggestion never runs unapproved
        # the rules matched, the line model reads the lines otherwise: on new software such verdicts are often wrong
        det = self.s.detection
        uncorroborated = spec.require_corroboration and det is not None and det.corroborated is False
        if spec.mode == "Approve" or conf < spec.confidence_threshold or advised or uncorroborated:
            # an annotation set before the advice changed the candidate approved something else: asked again
            approved = self.inc.metadata.annotations.get(APPROVE_ANNOTATION, "").lower() == "true" and not switched
            if not approved:
                if self.s.approval is None or self.s.approval.action != action:
                    self.s.approval = Approval(action=action, requested_at=self.now, confidence=round(conf, 4))
                self.d.clear_approval = switched
                if spec.mode == "Approve":
                    why = "mode Approve"
                elif conf < spec.confidence_threshold:
                    why = f"confidence {conf:.2f} < confidenceThreshold {spec.confidence_threshold}"
                else:
                    why = f"requireCorroboration: the line model does not read the log lines as {self.pattern}"
                if advised and advice is not None:
                    why = (f"suggested by the advisor ({advice.source}"
                           + (", cached" if advice.cached else "") + f"): {advice.rationale or 'no rationale'}")
                self.go(
                    "Suppressed",
                    "AwaitingApproval",
                    f"{action} waits for approval ({why}): kubectl annotate incident {self.inc.metadata.name} "
                    f"{APPROVE_ANNOTATION}=true  (or: healing approve {self.inc.metadata.name})",
                )
                return
            self.s.approval = Approval(
                action=action,
                requested_at=self.s.approval.requested_at if self.s.approval else self.now,
                confidence=round(conf, 4),
                approved_at=self.now,
                approved_by="annotation",
            )
            self.d.clear_approval = True
        for verdict in (
            guards.blast_radius(spec.limits, self.ctx.unhealthy_nodes, self.ctx.matched_nodes),
            guards.concurrency(spec.limits, self.ctx.in_flight),
            guards.rate_limit(spec.limits, self.policy.status.actions_last_hour, self.now),
        ):
            if not verdict.ok:
                self.d.clear_approval = False  # the approval stays until the action is actually requested
                self.go(
                    "Suppressed",
                    verdict.reason,
                    f"{action} held back: {verdict.message}",
                    warning=verdict.reason == "BlastRadius",
                    policy_event=verdict.reason == "BlastRadius",
                )
                self.d.requeue(verdict.retry_after)
                return
        self.request(action, conf)

    def advice(self) -> Advice | None:
        """The advisor's suggestion for this failure, if the policy allows its action and it fits the target (workload
        actions for pods only, and only those for pods). `escalate` is shown on the
        Incident but never offered: the operator does not escalate on an advisor's word."""
        assert self.policy is not None
        advice = self.s.advice
        if advice is None or advice.action not in self.policy.spec.actions or advice.action == strategy.ESCALATE \
                or not strategy.fits(advice.action, self.inc.spec.service_type):
            return None
        return advice if advice.signature == strategy.unknown_signature(self.inc) else None

    def offer_advice(self) -> bool:
        """Make the advised action the first candidate (at a cycle's start, or once when the advice arrives).
        True when that replaced a candidate already waiting for approval."""
        advice = self.advice()
        if advice is None or self.s.advice is None:
            return False
        self.s.advice = self.s.advice.model_copy(update={"offered_at": self.now})
        self.s.candidates = [advice.action, *(a for a in self.s.candidates if a != advice.action)]
        return self.s.approval is not None and self.s.approval.action != advice.action

    def _evidence_before_agent_start(self) -> bool:
        started = self.ctx.agent_started_at
        assert started is not None
        det, health = self.s.detection, self.s.health
        seen = max(filter(None, [det.last_seen if det else None, health.checked_at if health else None]), default=None)
        return seen is not None and seen < started

    def request(self, action: Action, conf: float) -> None:
        assert self.policy is not None
        number = self.s.attempt_count + 1
        req = ActionRequest(id=request_id(self.inc, number), action=action, requested_at=self.now, reason=self.pattern)
        self.s.request = req
        self.s.attempts = [*self.s.attempts, Attempt(id=req.id, action=action, requested_at=self.now)][-100:]
        self.s.attempt_count = number
        self.s.action = action
        self.s.candidates = self.s.candidates[1:]
        self.s.next_attempt_at = None
        self.d.request = req
        self.go(
            "Remediating",
            "ActionRequested",
            f"requested {action} (attempt {number}, id {req.id}, confidence {conf:.2f})",
        )
        _, _, timeout = self.policy.spec.verify_seconds()
        self.d.requeue(timeout)

    def pending(self) -> tuple[ActionRequest, Attempt] | None:
        """The request in flight and its attempt; without them (hand-edited status) choose again."""
        req, attempt = self.s.request, self.current_attempt()
        if req is None or attempt is None:
            self.choose()
            return None
        return req, attempt

    def remediating(self) -> None:
        assert self.policy is not None
        if (pending := self.pending()) is None:
            return
        req, attempt = pending
        ex = execution_for(self.s, req.id)
        _, _, timeout = self.policy.spec.verify_seconds()
        if ex is None:
            deadline = req.requested_at + timedelta(seconds=timeout)
            if self.now >= deadline:
                self.attempt_failed(
                    attempt,
                    "TimedOut",
                    f"the agent did not report {req.action} ({req.id}) within "
                    f"verify.timeout={self.policy.spec.verify.timeout}",
                    learn=False,
                )
            else:
                self.d.requeue((deadline - self.now).total_seconds())
            return
        attempt.started_at = ex.started_at
        attempt.finished_at = ex.finished_at
        if ex.reason == "TargetGone":
            self.close("TargetGone", f"{req.action} refused: {ex.message}")
            return
        if ex.result == "Skipped":
            # the agent found the target healthy again and did nothing: self-recovery, not an outcome of the action
            attempt.result = "Skipped"
            attempt.message = (ex.message or "")[:1000]
            self.recovered_alone(ex.started_at or self.now, f"{req.action} not needed: {ex.message}")
            return
        if ex.result != "Succeeded":
            # A refusal says nothing about the action's worth: it is not learned from.
            self.attempt_failed(
                attempt, ex.result, ex.message or f"{req.action} {ex.result.lower()}", learn=ex.result == "Failed"
            )
            return
        self.go("Verifying", "ActionSucceeded", self.verifying_message(req, ex))
        self.verifying()

    def verifying_message(self, req: ActionRequest, ex: Execution | None) -> str:
        """What Verifying waits for; the same text for the whole wait, so the expected steps cost no write."""
        assert self.policy is not None
        verify = self.policy.spec.verify
        return (f"{req.action} done ({(ex.message if ex else None) or 'ok'}); verifying: healthy for "
                f"verify.healthyFor={verify.healthy_for} after verify.after={verify.after}")

    def verifying(self) -> None:
        assert self.policy is not None
        if (pending := self.pending()) is None:
            return
        req, attempt = pending
        ex = execution_for(self.s, req.id)
        done_at = (ex.finished_at or ex.started_at if ex else None) or req.requested_at
        result = verification.check(self.s, self.policy.spec.verify, done_at, self.now)
        if result.state == "Waiting":
            # only an overdue report is news (verification.py): the rest of the wait is in the Verifying message
            self.s.message = (f"{req.action} done; {result.message}" if result.overdue
                              else self.verifying_message(req, ex))
            self.d.requeue(result.retry_after)
            return
        if result.state == "Failed":
            assert result.result is not None
            # learned only when the agent saw it fail; a timeout without a report is no evidence either way
            self.attempt_failed(
                attempt,
                result.result,
                result.message,
                learn=result.result == "VerificationFailed",
                verification_msg=result.message,
            )
            return
        det = self.s.detection
        start = min(filter(None, [det.last_seen if det else None, req.requested_at]))
        seconds = max(0.0, (self.now - start).total_seconds())
        attempt.result = "Succeeded"
        attempt.verification = result.message
        self.s.resolved_at = self.now
        self.s.next_attempt_at = None
        self.d.resolved_seconds = seconds
        self.outcome(req.action, True, seconds, attempt.id)
        self.go("Resolved", "Verified", f"{req.action} fixed it: {result.message}; resolved in {seconds:.0f}s")
        if self.s.escalations:
            self.d.report_resolved = True

    def attempt_failed(
        self, attempt: Attempt, result: str, message: str, *, learn: bool, verification_msg: str = ""
    ) -> None:
        assert self.policy is not None
        attempt.result = result  # type: ignore[assignment]
        attempt.message = message[:1000]
        if verification_msg:
            attempt.verification = verification_msg
        if learn:
            self.outcome(attempt.action, False, None, attempt.id)
        # The failure counts as handled: later occurrences are only new if they come after this.
        self.s.handled_occurrences = self.occurrences
        if not self.s.candidates:
            # Like CrashLoopBackOff: start the list again after a growing cooldown, MAX_ROUNDS times in a row,
            # then give up and escalate (the stuck detector may stop it earlier).
            full = strategy.candidate_actions(
                self.pattern,
                self.inc.spec.service_type,
                self.policy.spec,
                previous_successes=[a.action for a in self.s.attempts if a.result == "Succeeded"],
            )
            if (advice := self.advice()) is not None:  # the advised action is one of this failure's candidates
                full = [advice.action, *(a for a in full if a != advice.action)]
            failed_in_row = 0
            for past in reversed(self.s.attempts):
                if past.result == "Succeeded":
                    break
                failed_in_row += 1
            if not full or strategy.ESCALATE in full or failed_in_row >= MAX_ROUNDS * len(full):
                self.fail(
                    "RemediationFailed",
                    f"attempt {self.s.attempt_count} ({attempt.action}) {result}: {message} "
                    f"({failed_in_row} failed attempts in a row)",
                )
                return
            self.s.candidates = full
        wait = guards.next_cooldown(self.policy.spec.backoff, self.s.backoff_seconds)
        self.s.backoff_seconds = [*self.s.backoff_seconds, wait][-100:]
        self.s.next_attempt_at = self.now + timedelta(seconds=wait)
        self.go(
            "Suppressed",
            "Cooldown",
            f"attempt {self.s.attempt_count} ({attempt.action}) {result}: {message}; next: "
            f"{self.s.candidates[0]} after a {wait:g}s cooldown",
            warning=True,
        )
        self.d.requeue(wait)

    def fail(self, reason: str, message: str) -> None:
        self.s.next_attempt_at = None
        self.go("Failed", reason, f"{message}; escalating", warning=True, policy_event=True)
        self.add_event_escalation(reason)
        self.d.escalate = reason

    def escalate(self, reason: str, message: str) -> None:
        self.s.handled_occurrences = self.occurrences
        self.s.action = strategy.ESCALATE
        self.s.candidates = []
        self.go("Escalated", reason, message, warning=True, policy_event=True)
        self.add_event_escalation(reason)
        self.d.escalate = reason

    def add_event_escalation(self, reason: str) -> None:
        # The Kubernetes Event is the escalation channel that always exists; others are appended by the runtime.
        rec = Escalation(
            channel="event",
            ref=self.inc.metadata.name,
            at=self.now,
            reason=reason,
            message="Warning event on the Incident and its HealingPolicy",
        )
        self.s.escalations = [*self.s.escalations, rec][-50:]

    def terminal(self) -> None:
        phase = self.s.phase
        if phase == "Resolved":
            if self.ctx.retention_seconds is not None and self.s.resolved_at is not None:
                due = self.s.resolved_at + timedelta(seconds=self.ctx.retention_seconds)
                if self.now >= due:
                    self.d.delete = True
                else:
                    self.d.requeue((due - self.now).total_seconds())
            return
        # Escalated/Failed: if the target is healthy again for resetAfter, a human (or time) fixed it.
        health = self.s.health
        if self.policy is None or health is None or not health.healthy or health.since is None:
            return
        det = self.s.detection
        if det is not None and det.last_seen is not None and health.since <= det.last_seen:
            return
        reset_after = as_timedelta(self.policy.spec.backoff.reset_after)
        if self.now - health.since >= reset_after:
            self.s.resolved_at = self.now
            self.go(
                "Resolved",
                "RecoveredAfterEscalation",
                f"target healthy since {health.since.isoformat()} (backoff.resetAfter="
                f"{self.policy.spec.backoff.reset_after})",
            )
            self.d.report_resolved = bool(self.s.escalations)
        else:
            self.d.requeue((health.since + reset_after - self.now).total_seconds())


def step(incident: Incident, ctx: Context, now: datetime) -> Decision:
    """Decide the next move for one Incident. Deterministic in (incident, ctx, now)."""
    return _Machine(incident, ctx, now).run()
