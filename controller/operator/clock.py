"""The operator's clock."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Decisions use full precision: the agent's health timestamps have sub-second precision too, and a truncated
    clock would make a zero healthyFor wait for the next second."""
    return datetime.now(UTC)
