"""Kopf wiring only: every handler hands the raw object to the Runtime (memo.runtime) and returns.

Pods and the pod incidents go to the pod healer (memo.pods, controller/operator/pods/healer.py): the operator watches
pods itself and carries out the workload actions (docs/architecture.md says why). Kopf's peering pauses these
watches on a standby replica like all the others. The pod healer and node conditions act cluster-wide: with several
shards (controller/operator/shard.py) they run on shard 0 only, and the pod watch is registered there only
(`register_singleton_handlers`); the other shards keep memo.pods and memo.node_conditions None.

Incidents are watched with `on.event` rather than create/update handlers: the decision needs every change of the
agent-owned status (executions, health), and the state machine keeps its own progress in the Incident status, so
Kopf needs no per-incident annotations (which would double the writes on the busiest kind). Time-based steps
(verify.after, cooldowns, retention) are requeued by the runtime and recomputed from the status after a restart.
"""

from __future__ import annotations

import logging
from typing import Any

import kopf

from controller.constants import GROUP, HOSTREPORT_PLURAL, INCIDENT_PLURAL, POLICY_PLURAL, TARGET_KIND_LABEL, VERSION
from controller.operator.k8s import Kube
from controller.operator.node_conditions import NodeConditions
from controller.operator.peering import Peering
from controller.operator.pods.healer import PodHealer
from controller.operator.runtime import Runtime
from controller.operator.settings import configure, user_agent
from controller.operator.shard import Shard

POLICY_REFRESH_SECONDS = 10.0
# Decisions that write wait for the API server: under a storm (~1 s a write on the 2-core bench machine) the number
# of workers is the operator's write throughput. Connections: the workers plus Events, policy status, outcome marks.
DECISION_WORKERS = 48
API_CONNECTIONS = 64
log = logging.getLogger(__name__)


@kopf.on.startup()
async def startup(settings: kopf.OperatorSettings, memo: kopf.Memo, **_: Any) -> None:
    shard: Shard = memo.get("shard") or Shard()
    configure(settings, peering=memo.get("peering"), priority=memo.get("priority"), shard=shard)
    kube = Kube.from_kubeconfig(memo.get("kubeconfig"), connections=API_CONNECTIONS, field_manager=shard.instance,
                                user_agent=user_agent(memo.get("identity")))
    runtime = Runtime(kube, concurrency=DECISION_WORKERS, advisor_limits=memo.get("advisor_limits"), shard=shard,
                      peering=Peering(kube, memo.get("peering"), memo.get("priority")))
    memo.runtime = runtime  # before start(): a shutdown during startup still closes its connections
    memo.pods = memo.node_conditions = None
    if shard.runs_singletons:
        memo.pods = PodHealer(runtime.kube, lambda: list(runtime.cache.policies.values()),
                              active=runtime.peering.active)
        memo.node_conditions = NodeConditions(runtime.kube, lambda: list(runtime.cache.policies.values()),
                                              active=runtime.peering.active)
    if shard.sharded:
        log.info("shard %s: deciding the incidents of the policies this shard owns; pod healer and node "
                 "conditions %s", shard, "on this shard" if shard.runs_singletons else "on shard 0")
    await runtime.start()
    if memo.pods is not None:
        memo.pods.start()
    if memo.node_conditions is not None:
        memo.node_conditions.start()
    if memo.get("on_runtime") is not None:
        memo.on_runtime(runtime)


@kopf.on.cleanup()
async def cleanup(memo: kopf.Memo, **_: Any) -> None:
    if memo.get("pods") is not None:
        await memo.pods.stop()
    if memo.get("node_conditions") is not None:
        await memo.node_conditions.stop()
    if "runtime" in memo:
        await memo.runtime.stop()


@kopf.on.event(GROUP, VERSION, POLICY_PLURAL)
async def policy_event(event: dict[str, Any], memo: kopf.Memo, **_: Any) -> None:
    await memo.runtime.policy_event(event.get("type"), event["object"])
    if memo.node_conditions is not None:
        memo.node_conditions.changed()  # its circuits may have opened or closed


@kopf.timer(GROUP, VERSION, POLICY_PLURAL, interval=POLICY_REFRESH_SECONDS, initial_delay=POLICY_REFRESH_SECONDS)
async def policy_refresh(name: str, memo: kopf.Memo, **_: Any) -> None:
    await memo.runtime.policy_timer(name)


@kopf.on.event(GROUP, VERSION, INCIDENT_PLURAL)
async def incident_event(event: dict[str, Any], memo: kopf.Memo, **_: Any) -> None:
    await memo.runtime.incident_event(event.get("type"), event["object"])


@kopf.on.event(GROUP, VERSION, HOSTREPORT_PLURAL)
async def hostreport_event(event: dict[str, Any], memo: kopf.Memo, **_: Any) -> None:
    memo.runtime.hostreport_event(event.get("type"), event["object"])


@kopf.on.event("", "v1", "nodes")
async def node_event(event: dict[str, Any], memo: kopf.Memo, **_: Any) -> None:
    memo.runtime.node_event(event.get("type"), event["object"])
    if memo.node_conditions is not None:
        memo.node_conditions.node_event(event.get("type"), event["object"])


async def pod_event(event: dict[str, Any], memo: kopf.Memo, **_: Any) -> None:
    await memo.pods.pod_event(event.get("type"), event["object"])


async def pod_incident_event(event: dict[str, Any], memo: kopf.Memo, **_: Any) -> None:
    memo.pods.incident_event(event.get("type"), event["object"])


def register_singleton_handlers() -> None:
    """The pod healer's watches, on the process that runs it (shard 0): the other shards do not watch pods at all.
    Registered once per process (Kopf's registry is the process's), before Kopf runs."""
    if _registered:
        return
    kopf.on.event("", "v1", "pods")(pod_event)
    kopf.on.event(GROUP, VERSION, INCIDENT_PLURAL, labels={TARGET_KIND_LABEL: "pod"})(pod_incident_event)
    _registered.append(True)


_registered: list[bool] = []
