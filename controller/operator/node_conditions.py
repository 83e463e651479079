"""Node conditions for node components that cannot be healed: the hand-off to node-level remediation.

A systemd target with `nodeCondition` (e.g. kubelet.service -> HealingKubeletUnhealthy) marks a node component.
While that unit's circuit is open on a node (`target:<node>/<unit>` Open or HalfOpen in the policy's
status.circuits, see metacognition/stuck.py) the operator sets the condition True on the Node, in the form
node-problem-detector uses (type, status, reason, message, lastHeartbeatTime, lastTransitionTime), so that medik8s
NodeHealthCheck or Cluster API MachineHealthCheck can remediate the node (docs/deployment.md has the wiring). When
the circuit closes, the condition turns False; it is never deleted (NPD's convention, and what NHC/MHC expect).

Written with a strategic merge patch of nodes/status (conditions merge by type: the kubelet's own conditions are
never touched, and a policy cannot name one of them -- CEL refuses Ready, MemoryPressure, ...). The conditions this
writes are recognised by their reasons, so one whose policy target was removed is turned False too.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from controller.api.common import utcnow
from controller.api.healingpolicy import HealingPolicy
from controller.operator.k8s import ApiError, Kube
from controller.operator.metacognition.scopes import TARGET_PREFIX

log = logging.getLogger(__name__)

OPEN_REASON = "HealingCircuitOpen"
CLOSED_REASON = "HealingCircuitClosed"
HEARTBEAT = timedelta(minutes=5)  # a True condition is confirmed this often (lastHeartbeatTime)
RECHECK_SECONDS = 30.0
Conditions = dict[str, dict[str, str]]  # condition type -> message, per node


def wanted(policies: Iterable[HealingPolicy]) -> dict[str, Conditions]:
    """node -> condition type -> message, for every node component whose circuit is open on that node."""
    out: dict[str, Conditions] = {}
    for policy in policies:
        for circuit in policy.status.circuits:
            if circuit.state not in ("Open", "HalfOpen") or not circuit.scope.startswith(TARGET_PREFIX):
                continue
            node, _, unit = circuit.scope[len(TARGET_PREFIX):].partition("/")
            for target in policy.spec.targets:
                if target.kind != "systemd" or not target.node_condition or not target.match:
                    continue
                if fnmatch.fnmatchcase(unit, target.match):
                    message = (f"{unit} cannot be healed on this node: its circuit in HealingPolicy "
                               f"{policy.metadata.name} is {circuit.state} ({circuit.message or circuit.reason})")
                    out.setdefault(node, {})[target.node_condition] = message[:1024]
    return out


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    return None


def changes(want: Conditions, current: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """The condition entries to write on one node: new or changed True ones (and their heartbeat when due), and
    False for the ones this operator set True that are no longer wanted."""
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    by_type = {c.get("type"): c for c in current}
    out: list[dict[str, Any]] = []
    for type_, message in sorted(want.items()):
        have = by_type.get(type_) or {}
        beat = _time(have.get("lastHeartbeatTime"))
        same = have.get("status") == "True" and have.get("reason") == OPEN_REASON and have.get("message") == message
        if same and beat is not None and now - beat < HEARTBEAT:
            continue
        transition = have.get("lastTransitionTime") if have.get("status") == "True" else None
        out.append({"type": type_, "status": "True", "reason": OPEN_REASON, "message": message,
                    "lastHeartbeatTime": stamp, "lastTransitionTime": transition or stamp})
    for cond in current:
        if cond.get("reason") == OPEN_REASON and cond.get("status") == "True" and cond.get("type") not in want:
            out.append({"type": cond["type"], "status": "False", "reason": CLOSED_REASON,
                        "message": "the node component's circuit closed: it is healed again, or no longer watched",
                        "lastHeartbeatTime": stamp, "lastTransitionTime": stamp})
    return out


class NodeConditions:
    """Keeps the Nodes' conditions in step with the circuits: on every policy change and every RECHECK_SECONDS."""

    def __init__(
        self, kube: Kube, policies: Callable[[], Iterable[HealingPolicy]],
        active: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self.kube = kube
        self.policies = policies
        self._active = active or _always  # a standby replica (peering.py) writes nothing from its frozen cache
        self.nodes: dict[str, list[dict[str, Any]]] = {}  # node -> its status.conditions, as last seen
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._synced_want: dict[str, Conditions] | None = None  # what the last full sync wrote towards

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def node_event(self, type_: str | None, body: dict[str, Any]) -> None:
        name = (body.get("metadata") or {}).get("name", "")
        if type_ == "DELETED":
            self.nodes.pop(name, None)
            return
        if name not in self.nodes:
            self._synced_want = None  # a node the last sync did not see: the next wake-up looks at every node
        self.nodes[name] = list((body.get("status") or {}).get("conditions") or [])

    def changed(self) -> None:
        """A policy (its circuits) changed: look again now."""
        self._wake.set()

    async def sync(self) -> int:
        """Write what differs; the number of nodes patched."""
        want = wanted(self.policies())
        self._synced_want = want
        written = 0
        now = utcnow()
        for node, current in list(self.nodes.items()):
            patch = changes(want.get(node, {}), current, now)
            if not patch:
                continue
            try:
                body = await self.kube.request(
                    "PATCH", f"/api/v1/nodes/{quote(node)}/status", body={"status": {"conditions": patch}},
                    content_type="application/strategic-merge-patch+json")
            except ApiError as exc:
                log.warning("node %s: conditions %s not written: %s", node, [c["type"] for c in patch], exc)
                continue
            self.nodes[node] = list((body.get("status") or {}).get("conditions") or [])
            written += 1
            log.info("node %s: %s", node, ", ".join(f"{c['type']}={c['status']}" for c in patch))
        return written

    async def _run(self) -> None:
        while True:
            woken = False
            with contextlib.suppress(TimeoutError):
                woken = await asyncio.wait_for(self._wake.wait(), RECHECK_SECONDS)
            self._wake.clear()
            try:
                if woken and wanted(self.policies()) == self._synced_want:
                    continue  # a policy changed but no circuit did (most policy events in a storm): nothing to look at
                if not await self._active():
                    continue
                await self.sync()
            except Exception:
                log.exception("node conditions not synced")


async def _always() -> bool:
    return True
