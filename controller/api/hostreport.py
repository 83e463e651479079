"""HostReport: one per node, written by that node's agent (heartbeat, what it watches, how the host is)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from controller.api.common import ATOMIC_LIST, ATOMIC_MAP, Condition, K8sModel, ObjectMeta
from controller.constants import API_VERSION, HOSTREPORT_KIND


class HostReportSpec(K8sModel):
    node: str = Field(min_length=1, max_length=253, description="The node this report describes.")


class UnitCounts(K8sModel):
    watched: int = 0
    failed: int = 0


class ContainerCounts(K8sModel):
    watched: int = 0
    running: int = 0
    exited: int = 0
    unhealthy: int = 0


class DiskUsage(K8sModel):
    path: str
    used_percent: float = Field(ge=0.0, le=100.0)
    inodes_used_percent: float | None = Field(default=None, ge=0.0, le=100.0)
    free_bytes: int | None = None


class MemoryUsage(K8sModel):
    used_percent: float = Field(ge=0.0, le=100.0)
    available_bytes: int = 0
    total_bytes: int = 0


# Where an edge comes from. Only ComposeDependsOn is read from a container label (written by whoever built or ran
# the image): it may only hold the labelled container itself (controller/operator/dependencies.py).
DependencySource = Literal[
    "SystemdRequires", "SystemdBindsTo", "SystemdRequisite", "SystemdWantsAfter", "UnitRunsContainer", "PolicyProbe",
    "ComposeDependsOn",
]
LABEL_SOURCES: frozenset[str] = frozenset({"ComposeDependsOn"})
MAX_DEPENDENCY_EDGES = 300
MAX_DEPENDS_ON = 32
MAX_TARGET_REF = 2100
TargetRef = Annotated[str, Field(min_length=3, max_length=MAX_TARGET_REF)]


def target_ref(kind: str, name: str) -> str:
    """How the graph names a target: an Incident's `spec.target.kind` + "/" + `spec.target.name`."""
    return f"{kind}/{name}"


class DependencyEdge(K8sModel):
    """A watched target depends on other watched targets of the same node: while one of them is failing, its own
    incident waits (Suppressed, WaitingForDependency) and the dependency is healed first."""

    target: TargetRef = Field(description="'<kind>/<name>' as in an Incident's spec.target, e.g. systemd/app.service.")
    depends_on: list[TargetRef] = Field(min_length=1, max_length=MAX_DEPENDS_ON)
    source: DependencySource = Field(
        description="SystemdRequires/BindsTo/Requisite/WantsAfter: the unit's own dependencies; UnitRunsContainer: "
        "the container a unit's ExecStart runs depends on the unit; PolicyProbe: a port/http target on the unit or "
        "container the policy names; ComposeDependsOn: the container's com.docker.compose.depends_on label."
    )


class HostReportStatus(K8sModel):
    """Written by the node's agent only."""

    observed_generation: int | None = None
    agent_version: str = ""
    last_heartbeat: datetime | None = None
    heartbeat_seconds: float | None = Field(
        default=None, description="The agent writes a heartbeat at least this often; 3 missed ones make it silent."
    )
    agent_started_at: datetime | None = Field(
        default=None,
        description="When this agent process started: incidents seen before it are held until it confirms them.",
    )
    policies: list[str] = Field(default_factory=list, description="HealingPolicies that select this node.")
    targets: int = Field(default=0, description="Targets watched on this node.")
    units: UnitCounts = Field(default_factory=UnitCounts, json_schema_extra=ATOMIC_MAP)
    containers: ContainerCounts = Field(default_factory=ContainerCounts, json_schema_extra=ATOMIC_MAP)
    disks: list[DiskUsage] = Field(default_factory=list, max_length=64)
    memory: MemoryUsage | None = Field(default=None, json_schema_extra=ATOMIC_MAP)
    systemd_connected: bool = False
    docker_connected: bool = False
    pending_reports: int = Field(default=0, description="Detections queued while the API server was unreachable.")
    dependencies: list[DependencyEdge] = Field(
        default_factory=list,
        max_length=MAX_DEPENDENCY_EDGES,
        description="Dependencies among the watched targets of this node (the operator heals a failing dependency "
        "first and holds its dependents).",
    )
    conditions: list[Condition] = Field(default_factory=list, json_schema_extra=ATOMIC_LIST)


class HostReport(K8sModel):
    """The agent's view of its node."""

    api_version: str = API_VERSION
    kind: str = HOSTREPORT_KIND
    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: HostReportSpec
    status: HostReportStatus = Field(default_factory=HostReportStatus)
