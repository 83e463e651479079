"""HealingPolicy status: validation CEL cannot do, kstatus conditions, counts, and folding outcomes into learning.

Pure functions over the models; the runtime gathers the observations (nodes, incidents) and writes the result with
optimistic concurrency.
"""

from __future__ import annotations

import fnmatch
import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from controller.api.common import set_condition
from controller.api.healingpolicy import (
    HealingPolicy,
    HealingPolicySpec,
    HealingPolicyStatus,
    SelfRecoveryEntry,
    ShadowStats,
    UnknownSignature,
)
from controller.api.incident import Escalation, Incident, OutcomeNote
from controller.operator import guards, learning, strategy
from controller.operator.incident_lifecycle import Outcome
from controller.operator.metacognition.advisor_gate import answer_shown
from controller.operator.metacognition.escalate import configured_channels
from controller.operator.metacognition.performance import record_outcome
from controller.patterns.classifier import Classifier  # owns what a valid regex is (Python re and Hyperscan)
from controller.patterns.models import PatternError


def _glob_error(glob: str) -> str | None:
    # fnmatch never raises: an unclosed "[" silently matches a literal "[", which is never what was meant.
    depth = 0
    for ch in glob:
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
    if depth:
        return f"glob {glob!r} has an unclosed '['"
    try:
        re.compile(fnmatch.translate(glob))
    except re.error as exc:
        return f"glob {glob!r} is invalid: {exc}"
    return None


def validate_spec(spec: HealingPolicySpec) -> list[str]:
    """What CEL cannot check; each message says what to fix."""
    errors: list[str] = []
    for i, target in enumerate(spec.targets):
        if target.match and (err := _glob_error(target.match)):
            errors.append(f"spec.targets[{i}].match: {err}")
    for i, window in enumerate(spec.maintenance_windows):
        try:
            ZoneInfo(window.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(f"spec.maintenanceWindows[{i}].timeZone: unknown time zone {window.time_zone!r}; use an "
                          "IANA name such as UTC or Europe/Berlin")
    seen: set[str] = set()
    for i, pattern in enumerate(spec.patterns):
        if pattern.id in seen:
            errors.append(f"spec.patterns[{i}].id: duplicate pattern id {pattern.id!r}; ids must be unique")
        seen.add(pattern.id)
        try:
            Classifier(extra=[pattern.dump()])
        except PatternError as exc:
            errors.append(f"spec.patterns[{i}] ({pattern.id}): {exc}; fix the regex")
        except (ValueError, TypeError) as exc:
            errors.append(f"spec.patterns[{i}] ({pattern.id}): {exc}")
    return errors


@dataclass(frozen=True)
class Observation:
    """What the runtime counted for one policy."""

    matched_nodes: int = 0
    active_incidents: int = 0
    unhealthy_nodes: int = 0
    unknown_signatures: dict[str, UnknownSignature] = field(default_factory=dict)
    stuck_message: str | None = None  # from metacognition: open circuits
    errors: tuple[str, ...] = ()
    escalation_problems: tuple[str, ...] = ()  # channels whose last delivery failed for good (bad token, ...)


def reconcile_status(policy: HealingPolicy, obs: Observation, now: datetime) -> HealingPolicyStatus:
    """The new status for the policy (everything but learning/stats, which move with outcomes)."""
    s = policy.status.model_copy()  # shallow: fields are reassigned below, never mutated in place
    gen = policy.metadata.generation
    s.observed_generation = gen
    s.matched_nodes = obs.matched_nodes
    s.active_incidents = obs.active_incidents
    s.actions_last_hour = guards.recent_actions(s.actions_last_hour, now)
    answers = s.advisor.answers if s.advisor else []
    s.unknown_signatures = [
        answer_shown(entry, answers)
        for entry in learning.merge_unknown_signatures(s.unknown_signatures, obs.unknown_signatures)
    ]
    blast = guards.blast_radius(policy.spec.limits, obs.unhealthy_nodes, obs.matched_nodes)
    conds = s.conditions
    if obs.errors:
        msg = "; ".join(obs.errors)
        conds = set_condition(conds, "Ready", "False", "InvalidSpec", f"not used to act: {msg}", gen, now)
        conds = set_condition(conds, "Reconciling", "False", "InvalidSpec", "", gen, now)
        conds = set_condition(conds, "Stalled", "True", "InvalidSpec", msg, gen, now)
    elif obs.stuck_message:
        conds = set_condition(conds, "Ready", "False", "Stuck", obs.stuck_message, gen, now)
        conds = set_condition(conds, "Reconciling", "False", "Stuck", "", gen, now)
        conds = set_condition(conds, "Stalled", "True", "Stuck", obs.stuck_message, gen, now)
    elif not blast.ok:
        conds = set_condition(conds, "Ready", "False", "BlastRadius", blast.message, gen, now)
        conds = set_condition(conds, "Reconciling", "False", "BlastRadius", "", gen, now)
        conds = set_condition(conds, "Stalled", "True", "BlastRadius", blast.message, gen, now)
    else:
        msg = (
            f"mode {policy.spec.mode}: {obs.matched_nodes} matched node(s), {obs.active_incidents} active "
            f"incident(s), {len(s.actions_last_hour)} action(s) in the last hour"
        )
        conds = set_condition(conds, "Ready", "True", "Active", msg, gen, now)
        conds = set_condition(conds, "Reconciling", "False", "Active", "", gen, now)
        conds = set_condition(conds, "Stalled", "False", "Active", "", gen, now)
    if obs.escalation_problems:
        conds = set_condition(conds, "EscalationReady", "False", "ChannelFailed", "; ".join(obs.escalation_problems)
                              + " -- fix it; the next escalation tries again", gen, now)
    elif configured_channels(policy):
        conds = set_condition(conds, "EscalationReady", "True", "Delivering", "", gen, now)
    s.conditions = _keep_times(policy.status.conditions, conds)
    return s


def escalation_problems(incidents: list[Incident]) -> tuple[str, ...]:
    """Per channel, the latest delivery of these incidents when it failed for good (not retried: a bad token, an
    unbound Secret, a missing repository): what the policy's EscalationReady condition says."""
    latest: dict[str, Escalation] = {}
    for inc in incidents:
        for record in inc.status.escalations:
            if record.channel in ("github", "webhook") and (
                record.channel not in latest or record.at >= latest[record.channel].at
            ):
                latest[record.channel] = record
    return tuple(
        f"{channel}: {record.message}"
        for channel, record in sorted(latest.items())
        if record.result == "Failed" and "not retried" in record.message
    )


def _keep_times(old: list, new: list) -> list:
    """Conditions unchanged but for their timestamps stay exactly as they were (no write for nothing)."""

    def strip(conds: list) -> list:
        return [c.model_dump(exclude={"last_transition_time"}) for c in conds]

    return old if strip(old) == strip(new) else new


def apply_outcome(
    policy: HealingPolicy, outcome: Outcome, now: datetime, *, target: str | None = None, resolved: bool = False
) -> HealingPolicyStatus:
    """Learning entry, stats and the outcome window after one verified outcome."""
    prior_p = strategy.prior(outcome.pattern, outcome.service_type, outcome.action, policy.spec)  # type: ignore[arg-type]
    status = policy.status.model_copy(
        update={
            "learning": learning.record(
                policy.status.learning,
                pattern=outcome.pattern,
                service_type=outcome.service_type,  # type: ignore[arg-type]
                action=outcome.action,
                success=outcome.success,
                prior_p=prior_p,
                now=now,
            )
        }
    )
    status = record_outcome(
        status,
        outcome.pattern,
        outcome.action,
        outcome.success,
        outcome.seconds,
        now,
        policy.spec.stuck.window,
        target=target,
    )
    st = status.stats.model_copy()
    if resolved:
        st.resolved_total += 1
    return status.model_copy(update={"stats": st})


MAX_APPLIED_KEYS = 1000
MAX_RECENT_SECONDS = 20


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _self_recovery(status: HealingPolicyStatus, note: OutcomeNote) -> HealingPolicyStatus:
    entries = list(status.self_recovery)
    entry = next((e for e in entries if e.pattern == note.pattern and e.target == note.target), None)
    recent = [*(entry.recent_seconds if entry else []), *([note.seconds] if note.seconds is not None else [])]
    recent = recent[-MAX_RECENT_SECONDS:]
    updated = SelfRecoveryEntry(
        pattern=note.pattern, target=note.target, count=(entry.count if entry else 0) + 1, last_at=note.at,
        recent_seconds=recent, median_seconds=_median(recent),
    )
    entries = [e for e in entries if e is not entry] + [updated]
    if len(entries) > 200:  # the CRD's bound: the least recently seen go first
        entries = sorted(entries, key=lambda e: e.last_at or note.at)[-200:]
    stats = status.stats.model_copy(update={"self_recovered_total": status.stats.self_recovered_total + 1})
    update: dict[str, object] = {"self_recovery": entries, "stats": stats}
    if note.shadow:
        shadow = status.shadow or ShadowStats()
        seconds = [*shadow.recent_recovery_seconds, *([note.seconds] if note.seconds is not None else [])][-100:]
        update["shadow"] = shadow.model_copy(update={
            "recovered_alone": shadow.recovered_alone + 1, "recent_recovery_seconds": seconds,
            "median_seconds_to_recovery": _median(seconds),
        })
    return status.model_copy(update=update)


def apply_note(policy: HealingPolicy, note: OutcomeNote, now: datetime) -> HealingPolicyStatus:
    """The policy's status with one incident outcome folded in, once: a key already applied changes nothing.

    Action: learning, stats and the outcome window (only actions that ran, verified or seen to fail).
    SelfRecovery: its own figure per pattern and target (and Shadow mode's recovered-alone count), never learning.
    Shadow: what Shadow mode would have done."""
    status = policy.status
    if note.key in status.applied_outcomes:
        return status
    if note.kind == "Action" and note.action is not None and note.success is not None:
        outcome = Outcome(note.pattern, note.service_type, note.action, note.success, note.seconds)
        status = apply_outcome(policy, outcome, now, target=note.target, resolved=note.success)
    elif note.kind == "SelfRecovery":
        status = _self_recovery(status, note)
    elif note.kind == "Shadow":
        shadow = status.shadow or ShadowStats()
        status = status.model_copy(update={"shadow": shadow.model_copy(
            update={"would_have_acted": shadow.would_have_acted + 1})})
    keys = [*status.applied_outcomes, note.key][-MAX_APPLIED_KEYS:]
    return status.model_copy(update={"applied_outcomes": keys})


def count_escalation(policy: HealingPolicy) -> HealingPolicyStatus:
    stats = policy.status.stats.model_copy(update={"escalated_total": policy.status.stats.escalated_total + 1})
    return policy.status.model_copy(update={"stats": stats})
