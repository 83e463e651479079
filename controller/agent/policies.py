"""Which HealingPolicies select this node, and so which targets the agent watches (read-only).

Policies come from a watch on `healingpolicies`; this node's labels from a watch on its Node object.
Where no Node object exists (`healing up` runs no kubelet) the node is taken to carry only the label
`kubernetes.io/hostname=<node>`, and a log line says so.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from controller.agent.kube import NODES, KubeClient, custom, informer
from controller.agent.model import WatchedTarget
from controller.api.common import parse_duration
from controller.api.healingpolicy import HealingPolicy, TargetKind, UserPattern
from controller.api.selection import HOSTNAME_LABEL, ObservedTarget, Resolution, resolve
from controller.constants import POLICY_PLURAL

log = logging.getLogger(__name__)


def _specs(targets: list[WatchedTarget]) -> list[tuple[str, object, object]]:
    return [(t.policy_name, t.policy.spec, t.target) for t in targets]


class PolicyStore:
    """The policies and node labels as last seen; listeners are told when the node's targets change."""

    def __init__(self, node: str) -> None:
        self.node = node
        self.node_labels: dict[str, str] = {HOSTNAME_LABEL: node}
        self.node_found: bool | None = None
        self.policies: dict[str, HealingPolicy] = {}
        self.synced = False
        self._targets: list[WatchedTarget] = []
        self._listeners: list[Callable[[], None]] = []

    # --- inputs ----------------------------------------------------------------------------------------

    def set_policies(self, items: list[dict[str, Any]]) -> None:
        self.policies = {}
        for obj in items:
            self._upsert(obj)
        self.synced = True
        self._recompute()

    def policy_event(self, kind: str, obj: dict[str, Any]) -> None:
        name = obj.get("metadata", {}).get("name", "")
        if kind == "DELETED":
            self.policies.pop(name, None)
        else:
            self._upsert(obj)
        self._recompute()

    def _upsert(self, obj: dict[str, Any]) -> None:
        try:
            policy = HealingPolicy.model_validate(obj)
        except ValidationError as exc:
            log.warning("ignoring HealingPolicy %s: %s", obj.get("metadata", {}).get("name"), exc)
            return
        self.policies[policy.metadata.name] = policy

    def set_nodes(self, items: list[dict[str, Any]]) -> None:
        if items:
            self.node_event("ADDED", items[0])
            return
        if self.node_found is not False:
            log.info(
                "no Node object named %s (no kubelet, e.g. `healing up`): using labels {%s: %s}",
                self.node, HOSTNAME_LABEL, self.node,
            )
        self.node_found = False
        self.node_labels = {HOSTNAME_LABEL: self.node}
        self._recompute()

    def node_event(self, kind: str, obj: dict[str, Any]) -> None:
        if kind == "DELETED":
            self.set_nodes([])
            return
        self.node_found = True
        self.node_labels = dict(obj.get("metadata", {}).get("labels") or {})
        self._recompute()

    # --- outputs ---------------------------------------------------------------------------------------

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _recompute(self) -> None:
        targets = [
            WatchedTarget(policy, target)
            for policy in sorted(self.policies.values(), key=lambda p: p.metadata.name)
            if policy.spec.node_selector.matches(self.node_labels)
            for target in policy.spec.targets
            if target.kind != "pod"  # pods are the operator's to watch (docs/architecture.md)
        ]
        # The operator writes policy status often (budget, learning): that is no change of what is watched, and
        # must not make every source rescan the node (a storm of D-Bus calls). Only the specs count.
        changed = _specs(targets) != _specs(self._targets)
        self._targets = targets
        if changed:
            log.info("watching %d targets from policies %s", len(targets), self.selecting_policies())
            for listener in self._listeners:
                listener()

    def targets(self, kind: TargetKind | None = None) -> list[WatchedTarget]:
        return [t for t in self._targets if kind is None or t.target.kind == kind]

    def selecting_policies(self) -> list[str]:
        return sorted({t.policy_name for t in self._targets})

    def match(self, kind: TargetKind, name: str, labels: dict[str, str] | None = None) -> list[WatchedTarget]:
        """Targets selecting a container (kind docker, with its labels) or a unit (kind systemd) by name."""
        observed = ObservedTarget(kind, name, labels=(labels or {}) if kind == "docker" else None)
        return [t for t in self._targets if t.selects(observed)]

    def max_failure_age(self, observed: ObservedTarget) -> float | None:
        """Seconds after which a failure found at start-up is history (the governing policy's
        ignoreFailuresOlderThan); None when no policy selects the target."""
        policy = self.resolve(observed).policy
        return parse_duration(policy.spec.ignore_failures_older_than) if policy else None

    def resolve(self, observed: ObservedTarget, *, named: str | None = None) -> Resolution:
        """The governing policy of a target on this node: the same function the operator calls."""
        return resolve(self.policies.values(), self.node_labels, observed, node=self.node, named=named)

    def patterns_for(self, watched: list[WatchedTarget]) -> list[UserPattern]:
        seen: dict[str, UserPattern] = {}
        for w in watched:
            for p in w.policy.spec.patterns:
                seen.setdefault(p.id, p)
        return list(seen.values())

    async def run(self, kube: KubeClient) -> None:
        """Watch policies and this node until cancelled (two informers)."""
        await asyncio.gather(
            informer(kube, custom(POLICY_PLURAL), self.set_policies, self.policy_event),
            informer(
                kube, NODES, self.set_nodes, self.node_event, selectors={"fieldSelector": f"metadata.name={self.node}"}
            ),
        )
