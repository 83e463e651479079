"""One node's dependency graph (HostReport `status.dependencies`), read by both sides: the operator decides which
incident waits for which (controller/operator/dependencies.py), the agent re-checks the dependents of a target
whose incident was resolved (controller/agent/health.py)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from controller.api.hostreport import LABEL_SOURCES, DependencyEdge

Adjacency = dict[str, list[tuple[str, str]]]  # target -> [(dependency, source)]


@dataclass(frozen=True)
class DependencyGraph:
    """One node's dependency edges, split by trust: from the node's own systemd and the policy, or from labels."""

    trusted: Adjacency = field(default_factory=dict)
    labelled: Adjacency = field(default_factory=dict)

    @classmethod
    def from_edges(cls, edges: Iterable[DependencyEdge]) -> DependencyGraph:
        trusted: Adjacency = {}
        labelled: Adjacency = {}
        for edge in edges:
            side = labelled if edge.source in LABEL_SOURCES else trusted
            deps = side.setdefault(edge.target, [])
            deps.extend((dep, edge.source) for dep in edge.depends_on if dep != edge.target)
        return cls(trusted, labelled)

    def __bool__(self) -> bool:
        return bool(self.trusted or self.labelled)

    def targets(self) -> set[str]:
        """Every target the graph mentions (as a dependent or a dependency)."""
        out: set[str] = set()
        for side in (self.trusted, self.labelled):
            for target, deps in side.items():
                out.add(target)
                out.update(dep for dep, _ in deps)
        return out

    def dependents_of(self, dependency: str) -> set[str]:
        """Targets that depend on this one, directly or through others (what to look at again when it recovers)."""
        return reaching(dependency, (self.trusted, self.labelled))


def reaching(target: str, sides: tuple[Adjacency, ...]) -> set[str]:
    """Every target with a path to `target` over the edges of these sides (not `target` itself)."""
    reverse: dict[str, set[str]] = {}
    for side in sides:
        for source, deps in side.items():
            for dep, _ in deps:
                reverse.setdefault(dep, set()).add(source)
    seen: set[str] = set()
    queue = deque([target])
    while queue:
        for parent in reverse.get(queue.popleft(), ()):
            if parent not in seen and parent != target:
                seen.add(parent)
                queue.append(parent)
    return seen
