"""Learned confidence per (pattern, service type, action): the posterior mean of a Beta distribution.

Each verified outcome is a Bernoulli trial. With prior success probability p0 from the strategy table and prior
strength n0 (how many outcomes the prior is worth), the prior is Beta(n0*p0, n0*(1-p0)); after s successes and f
failures the posterior mean is (n0*p0 + s) / (n0 + s + f). See docs/learning.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from controller.api.healingpolicy import Action, HealingPolicyStatus, LearningEntry, ServiceType, UnknownSignature

PRIOR_STRENGTH = 2.0
MAX_LEARNING_ENTRIES = 200
MAX_UNKNOWN_SIGNATURES = 50
UNKNOWN_MIN_COUNT = 2  # "seen repeatedly": a signature seen once is noise


def posterior_mean(prior_p: float, successes: int, failures: int, strength: float = PRIOR_STRENGTH) -> float:
    alpha0 = strength * prior_p
    beta0 = strength * (1.0 - prior_p)
    return (alpha0 + successes) / (alpha0 + beta0 + successes + failures)


def find(learning: Iterable[LearningEntry], pattern: str, service_type: str, action: str) -> LearningEntry | None:
    for entry in learning:
        if entry.pattern == pattern and entry.service_type == service_type and entry.action == action:
            return entry
    return None


def confidence(
    status: HealingPolicyStatus, pattern: str, service_type: ServiceType, action: Action, prior_p: float
) -> float:
    """The confidence the operator acts on: the posterior mean, or the prior mean with no outcomes yet."""
    entry = find(status.learning, pattern, service_type, action)
    if entry is None:
        return posterior_mean(prior_p, 0, 0)
    return posterior_mean(prior_p, entry.successes, entry.failures)


def record(
    learning: list[LearningEntry],
    *,
    pattern: str,
    service_type: ServiceType,
    action: Action,
    success: bool,
    prior_p: float,
    now: datetime,
    max_entries: int = MAX_LEARNING_ENTRIES,
) -> list[LearningEntry]:
    """A new learning list with one more outcome; the least recently updated entries go beyond max_entries."""
    out = [e for e in learning if not (e.pattern == pattern and e.service_type == service_type and e.action == action)]
    old = find(learning, pattern, service_type, action)
    successes = (old.successes if old else 0) + (1 if success else 0)
    failures = (old.failures if old else 0) + (0 if success else 1)
    out.append(
        LearningEntry(
            pattern=pattern,
            service_type=service_type,
            action=action,
            successes=successes,
            failures=failures,
            confidence=round(posterior_mean(prior_p, successes, failures), 4),
            last_updated=now,
        )
    )
    if len(out) > max_entries:
        out.sort(key=lambda e: e.last_updated or datetime.min.replace(tzinfo=now.tzinfo), reverse=True)
        out = out[:max_entries]
    out.sort(key=lambda e: (e.pattern, e.service_type, e.action))
    return out


def merge_unknown_signatures(
    current: list[UnknownSignature],
    seen: dict[str, UnknownSignature],
    max_entries: int = MAX_UNKNOWN_SIGNATURES,
) -> list[UnknownSignature]:
    """Fold signatures counted from live incidents into the status list.

    Counts only grow (max of both): incidents get garbage-collected, what was seen stays visible until an admin
    promotes the signature to spec.patterns. Only signatures seen at least UNKNOWN_MIN_COUNT times are listed.
    """
    merged = {s.signature: s for s in current}
    for sig, fresh in seen.items():
        old = merged.get(sig)
        if old is None:
            merged[sig] = fresh
            continue
        merged[sig] = old.model_copy(
            update={
                "count": max(old.count, fresh.count),
                "last_seen": max(filter(None, [old.last_seen, fresh.last_seen]), default=None),
                "first_seen": min(filter(None, [old.first_seen, fresh.first_seen]), default=None),
                "example": old.example or fresh.example,
            }
        )
    listed = [s for s in merged.values() if s.count >= UNKNOWN_MIN_COUNT]
    listed.sort(key=lambda s: (-s.count, s.signature))
    return listed[:max_entries]
