"""Dependency-aware healing, pure: which failing dependency an incident waits for.

Each node's agent publishes the dependencies among the targets it watches (HostReport `status.dependencies`: systemd
Requires/BindsTo/Requisite and Wants+After, the unit that runs a container, the unit or container behind a probe,
compose `depends_on` labels). When a dependency of an incident's target is failing -- it has an incident the
operator is still working on -- the incident waits (Suppressed, WaitingForDependency) and the dependency is healed
first: restarting five services while their database is down is five actions in vain. Once the dependency's incident
is Resolved, the runtime decides the waiting incidents again; many have recovered by then with no action.

Rules, each one a test in tests/unit/test_operator_dependencies.py:

* only the node's own graph and its own incidents count: a dependency on another node never holds anything;
* the nearest failing dependency is named (a chain app -> db -> storage waits for db when db is failing);
* in a cycle nobody waits (two units that Require each other are healed as if independent): no deadlock;
* an edge read from a container label (compose depends_on, written by whoever built or ran the image) only ever
  holds the labelled container itself: it is followed as the first step from that container and never from
  anyone else's, so no label can make another target wait or stop another target from waiting for what systemd
  or the policy says it depends on;
* only a dependency the operator is still working on holds (Detected, Remediating, Verifying, Suppressed): an
  Escalated or Failed one waits for a human and its health is no longer reported, so its dependents are decided on
  their own;
* a dependency and its dependents usually fail together, and the agent may file the dependents first: a new failure
  of a target that has dependencies is decided SETTLE_SECONDS after it was seen, so that a dependency that failed
  at the same moment is known by then.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from controller.api.dependency_graph import DependencyGraph, reaching
from controller.api.hostreport import target_ref
from controller.api.incident import Incident

# Phases in which the operator still heals (or watches) the incident: its dependents wait for it.
HOLDING_PHASES = ("Detected", "Remediating", "Verifying", "Suppressed")
# A new failure of a dependent waits this long after it was seen for its dependencies' failures to be filed (the
# agent reads logs before it files one: a second covers it; the reactive target is 2 s from failure to action).
SETTLE_SECONDS = 1.5


@dataclass(frozen=True)
class _Found:
    dependency: str
    source: str
    via: tuple[str, ...]  # the targets between the incident's target and the dependency


def _nearest(
    starts: list[tuple[str, str]], graph: DependencyGraph, excluded: set[str], failing: Mapping[str, str]
) -> _Found | None:
    """Breadth-first from `starts` over the trusted edges: the nearest failing target not in `excluded`."""
    seen: set[str] = set()
    queue: deque[tuple[str, str, tuple[str, ...]]] = deque((dep, source, ()) for dep, source in starts)
    while queue:
        dep, source, via = queue.popleft()
        if dep in seen:
            continue
        seen.add(dep)
        if dep not in excluded and dep in failing:
            return _Found(dep, source, via)
        # through a cycle member on to what it depends on: its own dependencies are not in the cycle with us
        queue.extend((nxt, source, (*via, dep)) for nxt, _ in graph.trusted.get(dep, ()))
    return None


def waiting_for(target: str, graph: DependencyGraph, failing: Mapping[str, str]) -> str | None:
    """The failing dependency this target should wait for, as the message that names it; None: decide on its own.

    `failing`: targets of the same node with an incident that holds its dependents -> a description of that
    incident. Trusted edges first (systemd, the policy); then the target's own label edges.
    """
    if target not in graph.trusted and target not in graph.labelled:
        return None
    found = None
    if target in graph.trusted:
        # in a cycle (the dependency depends on us again over trusted edges) nobody waits
        in_cycle = reaching(target, (graph.trusted,))
        found = _nearest(graph.trusted[target], graph, in_cycle | {target}, failing)
    if found is None and target in graph.labelled:
        # A label only makes its own container wait. Any path back, labels included, cancels the wait: two
        # containers whose labels name each other must not both wait forever.
        in_cycle = reaching(target, (graph.trusted, graph.labelled))
        found = _nearest(graph.labelled[target], graph, in_cycle | {target}, failing)
    if found is None:
        return None
    how = found.source + (f" via {', '.join(found.via)}" if found.via else "")
    return (f"waiting for {found.dependency} to be healed first: {failing[found.dependency]}, and {target} "
            f"depends on it ({how})")


def settle_seconds(inc: Incident, graph: DependencyGraph | None, now: datetime) -> float | None:
    """How long to wait before deciding this incident, so that a dependency failing at the same moment is known
    first; None: decide now (no dependencies, nothing new, or seen long enough ago)."""
    det = inc.status.detection
    if not graph or det is None or det.last_seen is None:
        return None
    target = target_ref(inc.spec.target.kind, inc.spec.target.name)
    if target not in graph.trusted and target not in graph.labelled:
        return None
    starting = inc.status.phase is None or (
        inc.status.phase in ("Resolved", "Failed") and det.occurrences > inc.status.handled_occurrences)
    if not starting:
        return None
    remaining = SETTLE_SECONDS - max(0.0, (now - det.last_seen).total_seconds())  # a clock ahead waits no longer
    return remaining if remaining > 0 else None


def holds_dependents(inc: Incident) -> bool:
    """Is this incident a failing dependency its dependents must wait for?"""
    phase = inc.status.phase
    if phase is None or phase in HOLDING_PHASES:
        return True
    det = inc.status.detection
    # Resolved, but failed again since: the operator reopens it on its next decision
    return phase == "Resolved" and det is not None and det.occurrences > inc.status.handled_occurrences


def describe(inc: Incident) -> str:
    phase = inc.status.phase or "Detected"
    reason = f"/{inc.status.reason}" if inc.status.reason else ""
    return f"incident {inc.metadata.name} is {phase}{reason}"


def failing_targets(graph: DependencyGraph, incidents: Iterable[Incident]) -> dict[str, str]:
    """The node's targets (among those the graph mentions) with an incident that holds its dependents."""
    mentioned = graph.targets()
    out: dict[str, str] = {}
    for inc in incidents:
        ref = target_ref(inc.spec.target.kind, inc.spec.target.name)
        if ref in mentioned and ref not in out and holds_dependents(inc):
            out[ref] = describe(inc)
    return out
