"""Incident: one per node + target + failure.

Ownership of fields (they never overwrite each other because each side merge-patches only its own keys):
- spec: written once by the agent when it creates the Incident (what failed, where).
- status.detection, status.executions, status.health: agent-owned (what it saw, what it ran, how the target is).
- everything else in status: operator-owned (phase, decision, requests, attempts, escalations, conditions).

The protocol between them: the operator sets `status.request` (an action with a unique id); the agent on that node
carries it out at most once and appends the outcome to `status.executions`; the operator then verifies with
`status.health` and records the attempt.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from controller.api.common import ATOMIC_LIST, ATOMIC_MAP, Condition, K8sModel, ObjectMeta, as_timedelta, cel
from controller.api.healingpolicy import Action, ServiceType, TargetKind, VerifySpec
from controller.constants import API_VERSION, INCIDENT_KIND

Phase = Literal["Detected", "Remediating", "Verifying", "Resolved", "Failed", "Escalated", "Suppressed"]
ACTIVE_PHASES: tuple[str, ...] = ("Detected", "Remediating", "Verifying", "Suppressed")
# Skipped: nothing was done (the target was healthy again by itself): no outcome of the action, nothing to learn
ExecutionResult = Literal["Succeeded", "Failed", "Refused", "Skipped"]


class IncidentTarget(K8sModel):
    kind: TargetKind
    name: str = Field(min_length=1, max_length=2048, description="Container name, unit name, port, URL or path.")
    unit: str | None = Field(default=None, description="The systemd unit behind a port/http/disk target or a hybrid.")
    container: str | None = Field(default=None, description="The container behind a port/http target or a hybrid.")
    labels: dict[str, str] | None = Field(
        default=None,
        description="pod: the labels of the failed pod when it was detected (what a policy's selector matches); "
        "the name is the workload, <namespace>/<deployment|statefulset|daemonset|pod>/<name>.",
    )


class IncidentSpec(K8sModel):
    """Where and what failed. Immutable after creation."""

    node: str = Field(min_length=1, max_length=253)
    target: IncidentTarget = Field(json_schema_extra=ATOMIC_MAP)
    service_type: ServiceType
    failure: str = Field(
        min_length=1,
        max_length=128,
        description="Failure key: a pattern id, or 'sig-<hash>' for an unknown failure signature.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel("self == oldSelf", "Incident spec is immutable; create a new Incident"),
                cel(
                    "(self.target.kind == 'pod') == (self.serviceType == 'pod')",
                    "a pod target has serviceType pod, and only a pod target has",
                ),
                cel(
                    "self.target.kind != 'pod' || self.target.name.matches("
                    "'^[a-z0-9]([-a-z0-9]*[a-z0-9])?/(deployment|statefulset|daemonset|pod)/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')",
                    "a pod target's name is its workload: <namespace>/<deployment|statefulset|daemonset|pod>/<name>",
                ),
            ]
        }
    )


class PatternCandidate(K8sModel):
    pattern: str
    confidence: float = Field(ge=0.0, le=1.0)


class Evidence(K8sModel):
    """What the agent saw, secrets redacted before it leaves the node."""

    source: str = Field(default="", description="journal, docker-logs, probe, docker-events, systemd.")
    log_excerpt: list[str] = Field(default_factory=list, max_length=200)
    matched_lines: list[str] = Field(default_factory=list, max_length=50)
    matched_rules: list[str] = Field(
        default_factory=list, max_length=50,
        description="Which line decided and by which rule, parallel to matchedLines: "
                    "'line N: <pattern>#<regex index>: <note>' (N counts the classified log lines from 1).",
    )
    exit_code: int | None = None
    oom_killed: bool | None = None
    state: str = Field(default="", description="Unit ActiveState/SubState or container state when detected.")
    n_restarts: int | None = None


class Detection(K8sModel):
    """Agent-owned: the latest detection and how often it repeated."""

    pattern: str | None = Field(default=None, description="Best matching pattern id, or null when unknown.")
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    corroborated: bool | None = Field(
        default=None,
        description="Whether the agent's line model gives the same pattern to one of the deciding lines; absent when "
        "the pattern came from the watcher or a user pattern. A policy with requireCorroboration waits for approval "
        "when it is false.",
    )
    candidates: list[PatternCandidate] = Field(default_factory=list, max_length=14)
    signature: str | None = Field(default=None, description="Stable signature of an unknown failure line.")
    signature_example: str | None = None
    reason: str = Field(default="", description="What the watcher saw: UnitFailed, ContainerDied, Unhealthy, ...")
    message: str = ""
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    occurrences: int = Field(default=1, ge=0)
    evidence: Evidence = Field(default_factory=Evidence)


class Execution(K8sModel):
    """Agent-owned: the outcome of one requested action id."""

    id: str
    action: Action
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: ExecutionResult
    reason: str = Field(default="", description="Why, in CamelCase, when it says more than the result (TargetGone).")
    message: str = ""


# Executions kept per incident by their single writer (the node's agent, or the operator's pod healer).
MAX_EXECUTIONS = 100


def executions_union(recorded: list[Execution], seen: list[Execution]) -> list[Execution]:
    """What the single writer recorded plus what a watch event shows: a stale event (older than a recording) never
    loses an execution, so a request already carried out is never taken for a new one."""
    known = {e.id: e for e in recorded}
    known.update({e.id: e for e in seen})
    return list(known.values())[-MAX_EXECUTIONS:]


class Health(K8sModel):
    """Agent-owned: the target's live health, refreshed after actions and while verifying."""

    healthy: bool
    checked_at: datetime
    since: datetime | None = Field(default=None, description="When the target last changed health.")
    message: str = ""
    gone: bool = Field(
        default=False,
        description="The target no longer exists on the node (container removed, unit unloaded, no policy probes "
        "it any more): nothing is left to heal.",
    )


class ActionRequest(K8sModel):
    """Operator-owned: the action the agent should carry out. The id makes it run at most once."""

    id: str = Field(min_length=1, max_length=128)
    action: Action
    requested_at: datetime
    reason: str = ""


class Attempt(K8sModel):
    id: str
    action: Action
    requested_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: Literal[
        "Pending", "Succeeded", "Failed", "Refused", "Skipped", "VerificationFailed", "TimedOut"
    ] = "Pending"
    verification: str = ""
    message: str = ""


class Escalation(K8sModel):
    channel: Literal["github", "webhook", "event", "advisor"]
    url: str = ""
    ref: str = ""
    at: datetime
    reason: str = ""
    result: Literal["Delivered", "Retrying", "Failed"] = "Delivered"
    message: str = ""


class Approval(K8sModel):
    action: Action
    requested_at: datetime
    confidence: float | None = None
    approved_at: datetime | None = None
    approved_by: str | None = None


class OutcomeNote(K8sModel):
    """What this incident teaches its policy, written here first and then applied to the policy once (by `key`):
    an operator that dies between the two writes neither loses nor double-counts it."""

    key: str = Field(description="'<incident uid>/<attempt id>' or '<incident uid>/recovered-<occurrence>'.")
    kind: Literal["Action", "SelfRecovery", "Shadow"] = Field(
        description="Action: a verified outcome of an action that ran. SelfRecovery: the target came back with no "
        "action. Shadow: what Shadow mode would have done."
    )
    pattern: str
    service_type: ServiceType
    action: Action | None = None
    success: bool | None = None
    seconds: float | None = Field(default=None, description="Time to resolve (Action) or to recover (SelfRecovery).")
    shadow: bool = Field(default=False, description="SelfRecovery seen in Shadow mode within the verify window.")
    target: str = Field(description="'<node>/<target>'.")
    at: datetime
    applied: bool = Field(default=False, description="Applied to the policy's status.")


class Advice(K8sModel):
    """Operator-owned: the advisor's suggestion for this incident's unknown signature. Never acted on by itself: it
    becomes the candidate action and waits for approval (healing.insa.io/approve)."""

    action: Action = Field(description="An action of the closed set that spec.actions allows.")
    rationale: str = Field(default="", max_length=1000, description="Why, in the advisor's words (redacted).")
    pattern: str | None = Field(default=None, max_length=128, description="The pattern the advisor thinks it is.")
    signature: str = Field(max_length=128, description="The unknown signature the advice is about.")
    source: str = Field(
        default="", max_length=300, description="Protocol, scheme and host of the advisor, and the model."
    )
    at: datetime = Field(description="When the advisor answered (earlier than the incident when it was cached).")
    cached: bool = Field(default=False, description="Answered for an earlier incident with the same signature.")
    offered_at: datetime | None = Field(
        default=None, description="When the operator made it the candidate action (approval requested)."
    )


class ShadowRecord(K8sModel):
    """Shadow mode: the action that would have run, and when; whether the target then recovered alone."""

    action: Action
    at: datetime


class IncidentStatus(K8sModel):
    # operator-owned
    observed_generation: int | None = None
    phase: Phase | None = None
    reason: str = Field(default="", description="Why the incident is in this phase, CamelCase.")
    message: str = ""
    policy: str | None = Field(default=None, description="The HealingPolicy that governs this incident.")
    action: Action | None = Field(default=None, description="The current or last action.")
    attempt_count: int = 0
    attempts: list[Attempt] = Field(default_factory=list, max_length=100)
    request: ActionRequest | None = Field(default=None, json_schema_extra=ATOMIC_MAP)
    candidates: list[Action] = Field(default_factory=list, description="Actions still to try, in order.")
    next_attempt_at: datetime | None = None
    backoff_seconds: list[float] = Field(
        default_factory=list, max_length=100, description="Cooldowns applied so far (exponential backoff)."
    )
    approval: Approval | None = Field(default=None, json_schema_extra=ATOMIC_MAP)
    escalations: list[Escalation] = Field(default_factory=list, max_length=50)
    handled_occurrences: int = Field(default=0, description="Occurrences the operator has acted upon.")
    resolved_at: datetime | None = None
    outcomes: list[OutcomeNote] = Field(default_factory=list, max_length=20)
    shadow: ShadowRecord | None = Field(
        default=None, description="Shadow mode: what would have been done.", json_schema_extra=ATOMIC_MAP
    )
    advice: Advice | None = Field(
        default=None, description="The advisor's suggestion for an unknown failure.", json_schema_extra=ATOMIC_MAP
    )
    # only the operator writes an Incident's conditions, always all three together
    conditions: list[Condition] = Field(default_factory=list, json_schema_extra=ATOMIC_LIST)
    # agent-owned
    detection: Detection | None = Field(default=None, json_schema_extra=ATOMIC_MAP)
    executions: list[Execution] = Field(default_factory=list, max_length=100)
    health: Health | None = Field(default=None, json_schema_extra=ATOMIC_MAP)


class Incident(K8sModel):
    """A failure of one target on one node, and what was done about it."""

    api_version: str = API_VERSION
    kind: str = INCIDENT_KIND
    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: IncidentSpec
    status: IncidentStatus = Field(default_factory=IncidentStatus)


_NAME_UNSAFE = re.compile(r"[^a-z0-9-]+")


def incident_name(node: str, target_kind: str, target_name: str, failure: str) -> str:
    """Deterministic object name: a repeat of the same failure lands on the same Incident (no storm of objects).

    Pod targets are named without a node (`node=""`): one Incident per workload and failure, wherever its pods run.
    """
    digest = hashlib.sha256(f"{node}\0{target_kind}\0{target_name}\0{failure}".encode()).hexdigest()[:10]
    readable = _NAME_UNSAFE.sub("-", f"{node}-{target_name}".lower()).strip("-")[:48].strip("-")
    return f"{readable}-{digest}" if readable else f"inc-{digest}"


# --- when a health check is worth a status write (the agent and the operator's pod healer, its two writers) ---


def execution_for(status: IncidentStatus, request_id: str) -> Execution | None:
    """The agent's report of the request with this id (the newest, if it was ever reported twice)."""
    return next((e for e in reversed(status.executions) if e.id == request_id), None)


def verification_moments(status: IncidentStatus, verify: VerifySpec, since: datetime) -> list[datetime]:
    """When the operator's verification of the current request (controller/operator/verification.py) needs a report
    checked at or after: the end of verify.after, and the end of the healthyFor window that starts at
    max(since, when the action finished). Empty before the action finished."""
    execution = execution_for(status, status.request.id) if status.request else None
    if execution is None or execution.finished_at is None:
        return []
    done_at = execution.finished_at
    return [done_at + as_timedelta(verify.after), max(since, done_at) + as_timedelta(verify.healthy_for)]


def verification_report_due(
    written: tuple[bool, bool, datetime] | None,
    healthy: bool,
    gone: bool,
    now: datetime,
    moments: list[datetime] | None,
) -> bool:
    """Whether a check of an incident under remediation is worth a status write. `written`: (healthy, gone,
    checkedAt) as this process last wrote it; `moments`: verification_moments, or None when the policy (and so its
    verify spec) is unknown -- then every check is written, as it is the only safe answer."""
    if moments is None or written is None or written[:2] != (healthy, gone):
        return True
    return any(written[2] < moment <= now for moment in moments)


class HealthSince:
    """When each incident's target became what it is now (status.health.since), as one process saw it: a check
    further from the previous one than `max_gap` (a stalled loop, a restart, a sweep of an untracked incident)
    starts over, so that `since` never claims a stretch nobody watched. The agent's HealthReporter and the
    operator's pod healer write status.health by the same rule."""

    def __init__(self, interval: float) -> None:
        self.max_gap = max(3 * interval, 5.0)
        self._last: dict[str, tuple[bool, datetime, datetime]] = {}  # healthy, since, last checked

    def observe(self, name: str, healthy: bool, now: datetime) -> datetime:
        """Record a check of `name`; returns its `since`."""
        previous = self._last.get(name)
        if previous is not None and previous[0] == healthy and (now - previous[2]).total_seconds() <= self.max_gap:
            since = previous[1]
        else:
            since = now
        self._last[name] = (healthy, since, now)
        return since

    def forget(self, name: str) -> None:
        self._last.pop(name, None)
