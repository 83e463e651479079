"""What flows through the agent: sources emit Failures, the analyzer turns them into Detections for the reporter."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from controller.api.healingpolicy import HealingPolicy, ServiceType, Target, TargetKind, UserPattern
from controller.api.incident import Detection, IncidentTarget
from controller.api.selection import ObservedTarget, target_specificity


@dataclass(frozen=True)
class WatchedTarget:
    """One target of one policy that selects this node."""

    policy: HealingPolicy
    target: Target

    @property
    def policy_name(self) -> str:
        return self.policy.metadata.name

    def selects(self, observed: ObservedTarget) -> bool:
        """Does this target select the observed container/unit/probe (controller.api.selection decides)?"""
        return target_specificity(self.target, observed) > 0


class Failure(BaseModel):
    """A source's raw observation of something wrong with a target (before log analysis)."""

    target_kind: TargetKind
    target_name: str
    service_type: ServiceType
    unit: str | None = None
    container: str | None = None
    reason: str = Field(description="UnitFailed, RestartLoop, StartLimitHit, DependencyFailed, ContainerDied, ...")
    message: str = ""
    source: str = Field(description="systemd, docker-events, probe")
    exit_code: int | None = None
    oom_killed: bool | None = None
    state: str = ""
    n_restarts: int | None = None
    hint: str | None = Field(default=None, description="Pattern the event itself implies (OOMKilled -> out_of_memory).")
    hint_certain: bool = Field(default=False, description="The hint beats log classification (a kernel fact).")
    hint_confidence: float = 0.5
    observed_at: float = Field(default_factory=time.time, description="When the source saw it (epoch seconds).")
    patterns: list[UserPattern] = Field(default_factory=list, description="The selecting policies' own patterns.")
    log_lines: list[str] | None = Field(default=None, description="Log lines already at hand (probes).")
    log_since: float | None = Field(default=None, description="Read logs from here on (the unit's last start)."
    )
    instance: str | None = Field(
        default=None, description="Which failure of the target this is (e.g. container id + when it ended): each is "
        "reported once, also across agent restarts."
    )

    def observed(self) -> ObservedTarget:
        """The target as this agent observed it (the unit running a container comes from ExecStart, never a label)."""
        if self.target_kind == "docker":
            return ObservedTarget("docker", self.target_name, run_by_unit=self.unit)
        if self.target_kind == "systemd":
            return ObservedTarget("systemd", self.target_name, runs_container=self.container)
        return ObservedTarget(self.target_kind, self.target_name)

    def incident_target(self) -> IncidentTarget:
        return IncidentTarget(kind=self.target_kind, name=self.target_name, unit=self.unit, container=self.container)


@dataclass
class Report:
    """A classified failure ready for the API: where it goes and what it says."""

    name: str
    failure: Failure
    failure_key: str
    detection: Detection
    count: int = 1
    observed_at: list[float] = field(default_factory=list)
