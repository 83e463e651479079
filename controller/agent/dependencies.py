"""The dependency edges among this node's watched targets, for the HostReport (`status.dependencies`).

The operator holds an incident while a target it depends on is failing and heals that one first
(controller/operator/dependencies.py). The edges, named like Incident targets (`<kind>/<name>`):

* systemd: a watched unit's `Requires=`, `BindsTo=`, `Requisite=`, and `Wants=` units it is also ordered `After=`,
  read from systemd over D-Bus (`After=` alone is ordering, not a dependency);
* a container a watched unit's ExecStart runs (a hybrid) depends on that unit: the unit is what gets healed;
* a port or http target depends on the unit or container the policy names for it;
* compose: a container's `com.docker.compose.depends_on` label (e.g. `db:service_started:false,cache:service_healthy:
  false`) names services of its `com.docker.compose.project`; a service is the containers compose named
  `<project>-<service>-<n>` (or `<project>_<service>_<n>`) that carry the same project and service labels.

Only edges between watched targets are published (nothing else can have an incident). Labels are written by
whoever built or ran the image: an edge read from a label starts at the labelled container and can only make it
wait (the operator never follows it from anyone else), its dependencies are found by the names the engine
assigned, and label edges are the first dropped when the report is full.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from controller.api.healingpolicy import Target
from controller.api.hostreport import (
    LABEL_SOURCES,
    MAX_DEPENDENCY_EDGES,
    MAX_DEPENDS_ON,
    MAX_TARGET_REF,
    DependencyEdge,
    DependencySource,
    target_ref,
)
from controller.api.selection import probe_name

COMPOSE_DEPENDS_ON = "com.docker.compose.depends_on"
COMPOSE_PROJECT = "com.docker.compose.project"
COMPOSE_SERVICE = "com.docker.compose.service"
MAX_LABEL_CHARS = 4096  # longer depends_on labels are not read at all
MAX_LABEL_SERVICES = MAX_DEPENDS_ON
# compose's own rules: project names are lowercase letters, digits, dashes and underscores; service names may add
# dots and capitals
_PROJECT = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
_SERVICE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")
UNIT_DEPENDENCY_PROPS: tuple[tuple[str, DependencySource], ...] = (
    ("Requires", "SystemdRequires"),
    ("BindsTo", "SystemdBindsTo"),
    ("Requisite", "SystemdRequisite"),
)
UNIT_PROPS = ("Requires", "BindsTo", "Requisite", "Wants", "After")


def _edge(target: str, deps: Iterable[str], source: DependencySource) -> DependencyEdge | None:
    unique = sorted({d for d in deps if d != target and len(d) <= MAX_TARGET_REF})
    if not unique:
        return None
    try:
        return DependencyEdge(target=target, depends_on=unique[:MAX_DEPENDS_ON], source=source)
    except ValidationError:  # a name too long for the report: left out, the heartbeat must not depend on it
        return None


def unit_edges(unit: str, props: Mapping[str, Any], watched: Callable[[str], bool]) -> list[DependencyEdge]:
    """A watched unit's dependencies on other watched units, from its Unit properties (as systemd reports them)."""
    def units(prop: str) -> set[str]:
        return {str(u) for u in props.get(prop) or [] if isinstance(u, str) and watched(u)}

    me = target_ref("systemd", unit)
    found = [
        _edge(me, (target_ref("systemd", u) for u in units(prop)), source) for prop, source in UNIT_DEPENDENCY_PROPS
    ]
    found.append(_edge(me, (target_ref("systemd", u) for u in units("Wants") & units("After")), "SystemdWantsAfter"))
    return [e for e in found if e is not None]


def hybrid_edges(hybrids: Mapping[str, str], container_watched: Callable[[str], bool]) -> list[DependencyEdge]:
    """A container run by a unit's ExecStart depends on that unit (hybrids: container -> unit, read from systemd)."""
    found = [
        _edge(target_ref("docker", container), [target_ref("systemd", unit)], "UnitRunsContainer")
        for container, unit in sorted(hybrids.items())
        if container_watched(container)
    ]
    return [e for e in found if e is not None]


def probe_edges(targets: Iterable[Target]) -> list[DependencyEdge]:
    """A port or http target depends on the unit and the container the policy names for it."""
    found = []
    for t in targets:
        if t.kind not in ("port", "http"):
            continue
        deps = [target_ref("systemd", t.unit)] if t.unit else []
        deps += [target_ref("docker", t.container)] if t.container else []
        found.append(_edge(target_ref(t.kind, probe_name(t)), deps, "PolicyProbe"))
    return [e for e in found if e is not None]


def compose_services(value: str) -> list[str]:
    """Service names in a depends_on label ('db:service_started:false,cache:service_healthy:false'); entries that
    are not a compose service name are left out, and an oversized label is not read."""
    if len(value) > MAX_LABEL_CHARS:
        return []
    out: list[str] = []
    for entry in value.split(","):
        service = entry.strip().split(":", 1)[0]
        if _SERVICE.fullmatch(service) and service not in out:
            out.append(service)
    return out[:MAX_LABEL_SERVICES]


@dataclass(frozen=True)
class Container:
    """A container as the engine lists it: its name (given by whoever ran it) and its labels."""

    name: str
    labels: Mapping[str, str]

    @property
    def compose_service(self) -> tuple[str, str] | None:
        """(project, service) when compose ran it: the labels say so *and* the engine's name is compose's name for
        them. An image can carry any label; the name is chosen by whoever ran the container."""
        project, service = self.labels.get(COMPOSE_PROJECT, ""), self.labels.get(COMPOSE_SERVICE, "")
        if not (_PROJECT.fullmatch(project) and _SERVICE.fullmatch(service)):
            return None
        for sep in ("-", "_"):
            prefix = f"{project}{sep}{service}{sep}"
            if self.name.startswith(prefix) and self.name[len(prefix):].isdigit():
                return project, service
        return None


def compose_edges(watched: Iterable[Container]) -> list[DependencyEdge]:
    """Each watched container with a depends_on label depends on the watched containers of those services."""
    listed = list(watched)
    services: dict[tuple[str, str], list[str]] = {}
    for c in listed:
        if (key := c.compose_service) is not None:
            services.setdefault(key, []).append(c.name)
    found = []
    for c in listed:
        label = c.labels.get(COMPOSE_DEPENDS_ON)
        project = c.labels.get(COMPOSE_PROJECT, "")
        if not label or not _PROJECT.fullmatch(project):
            continue
        deps = [
            target_ref("docker", name)
            for service in compose_services(label)
            for name in services.get((project, service), ())
        ]
        found.append(_edge(target_ref("docker", c.name), deps, "ComposeDependsOn"))
    return [e for e in found if e is not None]


def bounded(edges: Iterable[DependencyEdge]) -> tuple[list[DependencyEdge], int]:
    """Sorted, at most MAX_DEPENDENCY_EDGES, and how many were left out: what systemd and the policy say is kept
    before what labels say (many labelled containers must not push the node's own dependencies out)."""
    unique = {(e.target, e.source): e for e in edges}
    ordered = sorted(unique.values(), key=lambda e: (e.source in LABEL_SOURCES, e.target, e.source))
    return ordered[:MAX_DEPENDENCY_EDGES], max(0, len(ordered) - MAX_DEPENDENCY_EDGES)
