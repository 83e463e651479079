"""Which HealingPolicy governs an Incident: the one selecting its node (labels) and its target (kind + glob).

Node labels: the Node object's labels when one exists; without a Node object (`healing up` runs no kubelet) a node
carries only `kubernetes.io/hostname=<node>` -- the same rule the agent uses, so both agree on what is selected.
Several matching policies: the most specific wins (exact target name over glob, more selector terms over fewer),
then the name in alphabetical order; the incident's message says which others matched.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from controller.api.healingpolicy import HealingPolicy, Target
from controller.api.incident import IncidentSpec

HOSTNAME_LABEL = "kubernetes.io/hostname"
GLOB_CHARS = frozenset("*?[")


def node_labels(node: str, nodes: Mapping[str, dict[str, str]]) -> dict[str, str]:
    labels = nodes.get(node)
    return dict(labels) if labels is not None else {HOSTNAME_LABEL: node}


def target_score(target: Target, spec: IncidentSpec) -> int:
    """0: no match; higher: a more specific match of this policy target for the incident's target."""
    it = spec.target
    if target.kind in ("docker", "systemd"):
        # A hybrid unit (a unit running a container) is matched by its unit as well as its container name.
        names = {n for n in (it.name, it.unit, it.container) if n}
        kinds_ok = (
            it.kind == target.kind
            or (target.kind == "systemd" and it.unit)
            or (target.kind == "docker" and it.container)
        )
        if not kinds_ok or target.match is None:
            return 0
        if any(n == target.match for n in names):
            return 3
        return 2 if any(fnmatch.fnmatchcase(n, target.match) for n in names) else 0
    if it.kind != target.kind:
        return 0
    if target.kind == "port":
        return 3 if target.port is not None and it.name == str(target.port) else 0
    if target.kind == "http":
        return 3 if target.url == it.name else 0
    if target.kind == "disk":
        return 3 if target.path == it.name else 0
    return 1  # memory: one per host


def selector_terms(policy: HealingPolicy) -> int:
    sel = policy.spec.node_selector
    return len(sel.match_labels) + len(sel.match_expressions)


@dataclass(frozen=True)
class Match:
    policy: HealingPolicy | None
    reason: str  # Matched | NoPolicy | AmbiguousPolicy
    message: str


def match_policy(spec: IncidentSpec, policies: Iterable[HealingPolicy], nodes: Mapping[str, dict[str, str]]) -> Match:
    labels = node_labels(spec.node, nodes)
    scored: list[tuple[int, int, str, HealingPolicy]] = []
    for policy in policies:
        if policy.metadata.deletion_timestamp is not None or not policy.spec.node_selector.matches(labels):
            continue
        best = max((target_score(t, spec) for t in policy.spec.targets), default=0)
        if best:
            scored.append((-best, -selector_terms(policy), policy.metadata.name, policy))
    if not scored:
        return Match(
            None,
            "NoPolicy",
            f"no HealingPolicy selects node {spec.node} and {spec.target.kind} target {spec.target.name}",
        )
    scored.sort(key=lambda s: s[:3])
    chosen = scored[0][3]
    if len(scored) == 1:
        return Match(chosen, "Matched", f"governed by HealingPolicy {chosen.metadata.name}")
    others = ", ".join(s[2] for s in scored[1:])
    return Match(
        chosen,
        "AmbiguousPolicy",
        f"governed by HealingPolicy {chosen.metadata.name} (most specific, then by name); also matched: {others}",
    )


def matched_nodes(policy: HealingPolicy, nodes: Mapping[str, dict[str, str]], known: Iterable[str]) -> int:
    """Nodes the policy selects among all known nodes (Node objects plus nodes with a HostReport)."""
    names = set(nodes) | set(known)
    return sum(1 for n in names if policy.spec.node_selector.matches(node_labels(n, nodes)))
