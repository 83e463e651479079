"""What every action gets (ActionContext) and returns (Outcome)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import docker

from controller.agent.systemd_bus import SystemdBus
from controller.api.healingpolicy import ActionOptions, HealingPolicy
from controller.api.incident import Incident

Result = Literal["Succeeded", "Failed", "Refused"]


@dataclass
class Outcome:
    result: Result
    message: str


def ok(message: str) -> Outcome:
    return Outcome("Succeeded", message)


def failed(message: str) -> Outcome:
    return Outcome("Failed", message)


def refused(message: str) -> Outcome:
    return Outcome("Refused", message)


@dataclass
class ActionContext:
    incident: Incident
    policy: HealingPolicy
    systemd: SystemdBus | None = None
    docker: docker.DockerClient | None = None
    journal_dir: str | None = None
    unit_ns_pid: int | None = None  # a host pid in the network namespace of the node's units
    notes: list[str] = field(default_factory=list)

    @property
    def options(self) -> ActionOptions:
        return self.policy.spec.action_options

    @property
    def unit(self) -> str | None:
        t = self.incident.spec.target
        return t.unit or (t.name if t.kind == "systemd" else None)

    @property
    def container(self) -> str | None:
        t = self.incident.spec.target
        return t.container or (t.name if t.kind == "docker" else None)

    @property
    def via_systemd(self) -> bool:
        """Hybrids and unit-backed probes are healed through systemd."""
        return self.unit is not None and (self.incident.spec.service_type in ("systemd", "hybrid"))
