"""Garbage collection of Resolved incidents after `spec.retention.resolved`; their counts live on in policy stats
(stats.resolvedTotal, learning, recentOutcomes), which are updated when the incident resolves, not when it goes."""

from __future__ import annotations

from datetime import datetime, timedelta

from controller.api.common import parse_duration
from controller.api.healingpolicy import HealingPolicy, RetentionSpec
from controller.api.incident import Incident

DEFAULT_RETENTION = RetentionSpec().resolved  # incidents no policy governs any more keep the default


def retention_seconds(policy: HealingPolicy | None) -> float:
    return parse_duration(policy.spec.retention.resolved if policy else DEFAULT_RETENTION)


def delete_at(incident: Incident, policy: HealingPolicy | None) -> datetime | None:
    """When a Resolved incident may go; None while it is not Resolved."""
    status = incident.status
    if status.phase != "Resolved" or status.resolved_at is None:
        return None
    return status.resolved_at + timedelta(seconds=retention_seconds(policy))
