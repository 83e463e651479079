"""What a HealingPolicy selects: one answer for the operator and the agent (they call these same functions).

The inputs are the policies, the node's labels and the target as the node's own agent observed it: a container
by name, a unit by name, and -- for a container -- the unit whose ExecStart runs it (read from systemd over
D-Bus, never from a container label an image author wrote). A unit is acted on only when a target of the
governing policy selects that unit, and never when it is one of the units that stop or reboot the machine.

Several policies may select one target: the most specific wins (exact name over glob, more node-selector terms
over fewer), then the name in alphabetical order; the message says which others matched.

Pod targets select workloads by namespace and the labels of their pods, wherever the pods run: the policy's
nodeSelector does not apply to them (a Deployment's pods are on many nodes; the Incident's node is only where a
failure was first seen). The operator observes pods and decides for them, so both of its sides -- the pod watcher
that reports and acts, and the incident lifecycle that decides -- resolve them here with the pod's labels.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from controller.api.healingpolicy import HealingPolicy, Target, TargetKind
from controller.api.incident import IncidentSpec
from controller.constants import ServiceType
from controller.patterns.redact import redact

HOSTNAME_LABEL = "kubernetes.io/hostname"
PROBE_KINDS: tuple[TargetKind, ...] = ("port", "http", "disk", "memory")

# Units the agent acts on: services and sockets. A .target, .slice, .mount, .device or .swap is not a service to
# heal, and starting some of them (reboot.target, poweroff.target, ...) takes the whole node down.
ACTIONABLE_UNIT_SUFFIXES = (".service", ".socket")
# Services whose start stops, reboots or suspends the machine, or drops it to a root shell: never acted on, whatever
# a policy says (a policy author must not be able to reboot a node through the agent).
FORBIDDEN_UNIT_GLOBS = (
    "systemd-reboot.service",
    "systemd-poweroff.service",
    "systemd-halt.service",
    "systemd-kexec.service",
    "systemd-soft-reboot.service",
    "systemd-suspend*.service",
    "systemd-hibernate*.service",
    "systemd-hybrid-sleep.service",
    "systemd-sleep*.service",
    "emergency.service",
    "rescue.service",
    "debug-shell.service",
    "kexec-load.service",
    "reboot.service",
    "poweroff.service",
    "halt.service",
)

Reason = Literal["Matched", "AmbiguousPolicy", "NoPolicy", "UnitNotSelected", "UnitNotActionable"]


def node_labels(node: str, nodes: Mapping[str, dict[str, str]]) -> dict[str, str]:
    """The node's labels; a node without a Node object (`healing up` runs no kubelet) carries only its hostname."""
    labels = nodes.get(node)
    return dict(labels) if labels is not None else {HOSTNAME_LABEL: node}


def probe_name(target: Target) -> str:
    """The incident target name of a probe: the port, URL (credentials masked), path, or 'memory'."""
    if target.kind == "port" and target.port:
        return str(target.port)
    if target.kind == "http" and target.url:
        return redact(target.url)
    if target.kind == "disk" and target.path:
        return target.path
    return target.kind


def unit_refusal(unit: str) -> str | None:
    """Why the agent never acts on this unit, or None when it may."""
    if not unit.endswith(ACTIONABLE_UNIT_SUFFIXES):
        return f"unit {unit} is not a service or socket: the agent only acts on .service and .socket units"
    if any(fnmatch.fnmatchcase(unit, glob) for glob in FORBIDDEN_UNIT_GLOBS):
        return f"unit {unit} stops, reboots or suspends the machine (or opens a rescue shell): never acted on"
    return None


@dataclass(frozen=True)
class ObservedTarget:
    """A target as the node's agent observed it."""

    kind: TargetKind
    name: str
    run_by_unit: str | None = None  # docker: the unit whose ExecStart runs this container
    runs_container: str | None = None  # systemd: the container this unit's ExecStart runs
    labels: Mapping[str, str] | None = None  # docker: the container's labels; None where they are not seen. pod: the
    # pod's labels (never None for a pod: a selector is only ever matched against labels actually seen)


def target_specificity(target: Target, observed: ObservedTarget) -> int:
    """0: the policy target does not select it; higher: a more specific selection (exact name 3, glob 2)."""
    if target.kind != observed.kind:
        return 0
    if target.kind in ("docker", "systemd"):
        if target.match is None or not fnmatch.fnmatchcase(observed.name, target.match):
            return 0
        # Container labels only ever narrow a name match; where they are not seen (the operator), the agent that
        # reported the container checked them.
        labels = observed.labels
        if target.labels and labels is not None and any(labels.get(k) != v for k, v in target.labels.items()):
            return 0
        return 3 if target.match == observed.name else 2
    if target.kind == "memory":
        return 1
    if target.kind == "pod":
        return pod_specificity(target, observed)
    return 3 if probe_name(target) == observed.name else 0


def pod_specificity(target: Target, observed: ObservedTarget) -> int:
    """0: not selected; else 1 + the selector's terms (an empty selector selects the whole namespace, weakest)."""
    namespace = observed.name.split("/", 1)[0]
    if target.namespace != namespace or target.selector is None or observed.labels is None:
        return 0
    if not target.selector.matches(dict(observed.labels)):
        return 0
    return 1 + len(target.selector.match_labels) + len(target.selector.match_expressions)


def selects_unit(policy: HealingPolicy, unit: str) -> bool:
    """Does a target of this policy select this unit (a systemd target's glob, or a probe target naming it)?"""
    for target in policy.spec.targets:
        if target.kind == "systemd" and target.match and fnmatch.fnmatchcase(unit, target.match):
            return True
        if target.kind in PROBE_KINDS and target.unit == unit:
            return True
    return False


@dataclass(frozen=True)
class Selection:
    """One policy target selecting the observed target, and what actions may go through."""

    policy: HealingPolicy
    target: Target
    specificity: int
    service_type: ServiceType
    unit: str | None  # the unit actions go through (selected by the policy), else None
    container: str | None  # the container actions go through, else None
    problem: Reason | None = None
    problem_message: str = ""

    @property
    def policy_name(self) -> str:
        return self.policy.metadata.name


def _selection(policy: HealingPolicy, target: Target, score: int, observed: ObservedTarget) -> Selection:
    name = policy.metadata.name
    if observed.kind == "pod":
        return Selection(policy, target, score, "pod", None, None)
    if observed.kind == "docker":
        unit = observed.run_by_unit
        if unit is None:
            return Selection(policy, target, score, "docker", None, observed.name)
        if not selects_unit(policy, unit):
            return Selection(
                policy, target, score, "hybrid", None, observed.name, "UnitNotSelected",
                f"container {observed.name} is run by unit {unit} (its ExecStart), which no target of HealingPolicy "
                f"{name} selects: add {{kind: systemd, match: {unit}}} to heal it through systemd",
            )
        return _with_unit_check(Selection(policy, target, score, "hybrid", unit, observed.name))
    if observed.kind == "systemd":
        service: ServiceType = "hybrid" if observed.runs_container else "systemd"
        return _with_unit_check(Selection(policy, target, score, service, observed.name, observed.runs_container))
    # probes: the unit and container behind them are named by the policy itself
    unit, container = target.unit, target.container
    service = "hybrid" if unit and container else "docker" if container else "systemd"
    return _with_unit_check(Selection(policy, target, score, service, unit, container))


def _with_unit_check(selection: Selection) -> Selection:
    if selection.unit and (refusal := unit_refusal(selection.unit)):
        return Selection(
            selection.policy, selection.target, selection.specificity, selection.service_type, None,
            selection.container, "UnitNotActionable", refusal,
        )
    return selection


def selections(policy: HealingPolicy, observed: ObservedTarget) -> list[Selection]:
    """The targets of one policy that select the observed target, most specific first."""
    found = [
        _selection(policy, target, score, observed)
        for target in policy.spec.targets
        if (score := target_specificity(target, observed))
    ]
    return sorted(found, key=lambda s: -s.specificity)


def _selector_terms(policy: HealingPolicy) -> int:
    sel = policy.spec.node_selector
    return len(sel.match_labels) + len(sel.match_expressions)


@dataclass(frozen=True)
class Resolution:
    """Which policy governs a target on a node, and why (reason: Matched, AmbiguousPolicy, NoPolicy, ...)."""

    selection: Selection | None
    reason: Reason
    message: str
    others: tuple[str, ...] = ()

    @property
    def policy(self) -> HealingPolicy | None:
        return self.selection.policy if self.selection else None


def resolve(
    policies: Iterable[HealingPolicy],
    labels: Mapping[str, str],
    observed: ObservedTarget,
    *,
    node: str = "",
    named: str | None = None,
) -> Resolution:
    """The governing policy of a target on a node with these labels.

    `named`: only this policy may govern (the agent acts under the policy the operator decided with).
    """
    scored: list[tuple[int, int, str, Selection]] = []
    for policy in policies:
        if policy.metadata.deletion_timestamp is not None:
            continue
        if observed.kind != "pod" and not policy.spec.node_selector.matches(labels):
            continue
        if named is not None and policy.metadata.name != named:
            continue
        found = selections(policy, observed)
        if found:
            best = found[0]
            scored.append((-best.specificity, -_selector_terms(policy), policy.metadata.name, best))
    where = f"node {node}" if node else "this node"
    if not scored:
        which = f"HealingPolicy {named}" if named else "no HealingPolicy"
        verb = "does not select" if named else "selects"
        return Resolution(None, "NoPolicy", f"{which} {verb} {where} and {observed.kind} target {observed.name}")
    scored.sort(key=lambda s: s[:3])
    chosen = scored[0][3]
    others = tuple(s[2] for s in scored[1:])
    if chosen.problem is not None:
        return Resolution(chosen, chosen.problem, chosen.problem_message, others)
    if not others:
        return Resolution(chosen, "Matched", f"governed by HealingPolicy {chosen.policy_name}")
    return Resolution(
        chosen,
        "AmbiguousPolicy",
        f"governed by HealingPolicy {chosen.policy_name} (most specific, then by name); also matched: "
        + ", ".join(others),
        others,
    )


def matched_nodes(policy: HealingPolicy, nodes: Mapping[str, dict[str, str]], known: Iterable[str]) -> int:
    """Nodes the policy selects among all known nodes (Node objects plus nodes with a HostReport)."""
    names = set(nodes) | set(known)
    return sum(1 for n in names if policy.spec.node_selector.matches(node_labels(n, nodes)))


def observed_from_incident(spec: IncidentSpec) -> ObservedTarget:
    """The target as its node's agent reported it in the Incident (the operator's only view of the node)."""
    t = spec.target
    if t.kind == "docker":
        return ObservedTarget("docker", t.name, run_by_unit=t.unit if t.unit != t.name else None)
    if t.kind == "systemd":
        return ObservedTarget("systemd", t.name, runs_container=t.container if t.container != t.name else None)
    if t.kind == "pod":
        return ObservedTarget("pod", t.name, labels=dict(t.labels or {}))
    return ObservedTarget(t.kind, t.name)
