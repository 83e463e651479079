"""Scope keys shared by the performance monitor, the circuits and the operator core.

A scope is what a circuit covers: the whole policy, one pattern within it, or one target on one node.
The operator builds the keys of an incident with ``scope_keys`` and asks ``StuckDecision.allow_attempt``.
"""

from __future__ import annotations

POLICY_SCOPE = "policy"
PATTERN_PREFIX = "pattern:"
TARGET_PREFIX = "target:"
ACTION_PREFIX = "action:"


def pattern_scope(pattern: str) -> str:
    return f"{PATTERN_PREFIX}{pattern}"


def target_scope(node: str, target: str) -> str:
    return f"{TARGET_PREFIX}{node}/{target}"


def action_scope(pattern: str, action: str) -> str:
    """Per (pattern, action) figures; reported, never a circuit (the learning layer handles bad actions)."""
    return f"{ACTION_PREFIX}{pattern}/{action}"


def scope_keys(pattern: str | None, node: str | None = None, target: str | None = None) -> list[str]:
    """Every circuit scope an attempt for this incident falls under, widest first."""
    keys = [POLICY_SCOPE]
    if pattern:
        keys.append(pattern_scope(pattern))
    if node and target:
        keys.append(target_scope(node, target))
    return keys

