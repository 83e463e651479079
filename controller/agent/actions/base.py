"""What every action gets (ActionContext) and returns (Outcome)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import docker

from controller.agent.hostfs import HostPathAllowList
from controller.agent.systemd_bus import SystemdBus
from controller.api.healingpolicy import ActionOptions, HealingPolicy
from controller.api.incident import Incident
from controller.constants import ServiceType

Result = Literal["Succeeded", "Failed", "Refused", "Skipped"]


@dataclass
class Outcome:
    result: Result
    message: str
    reason: str = ""  # CamelCase, when it says more than the result (TargetGone)


def ok(message: str) -> Outcome:
    return Outcome("Succeeded", message)


def failed(message: str) -> Outcome:
    return Outcome("Failed", message)


def refused(message: str, reason: str = "") -> Outcome:
    return Outcome("Refused", message, reason)


def skipped(message: str, reason: str) -> Outcome:
    """Nothing was done, and rightly so (reason: AlreadyHealthy): not an outcome of the action."""
    return Outcome("Skipped", message, reason)


@dataclass
class ActionContext:
    """What an action may touch: the unit and container come from the agent's own resolution of the target
    (controller.api.selection), never from the Incident's fields."""

    incident: Incident
    policy: HealingPolicy
    unit: str | None = None
    container: str | None = None
    service_type: ServiceType = "systemd"
    systemd: SystemdBus | None = None
    docker: docker.DockerClient | None = None
    journal_dir: str | None = None
    unit_ns_pid: int | None = None  # a host pid in the network namespace of the node's units
    host_paths: HostPathAllowList = field(default_factory=HostPathAllowList)  # the node administrator's roots
    notes: list[str] = field(default_factory=list)

    @property
    def options(self) -> ActionOptions:
        return self.policy.spec.action_options

    @property
    def via_systemd(self) -> bool:
        """Hybrids and unit-backed probes are healed through systemd."""
        return self.unit is not None and self.service_type in ("systemd", "hybrid")
