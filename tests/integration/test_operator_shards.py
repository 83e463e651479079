"""Two operator processes share the work against one real API server: `healing operator --shard 0/2` and
`--shard 1/2`, both with `--peering` (each shard joins its own peering object, so neither pauses the other).

Who wrote what is read from the API server itself: the field manager of every status write
(`metadata.managedFields`: `healing-operator-shard-I`) and the `reportingInstance` of every Event. Each incident is
decided by exactly one process -- the one that owns its policy --, each policy's status has one writer, and the
cluster-wide singletons (pod healer, node conditions) act from shard 0 only, also for policies shard 1 owns.
The agent's half of the protocol is played by the test (tests/integration/test_operator_lifecycle.py).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from controller.devenv.controlplane import ControlPlane
from controller.operator.shard import policy_shard
from tests.integration.peering_helpers import install_peering, peers
from tests.integration.test_node_conditions import CONDITION, node  # noqa: F401 - a fixture used by name
from tests.integration.test_operator_lifecycle import (  # noqa: F401 - fixtures are used by name
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    unique,
    wait_for,
)
from tests.integration.test_pod_healer_api import (  # noqa: F401 - shop is a fixture used by name
    _execution,
    _pod_incident,
    _request,
    shop,
)

pytestmark = pytest.mark.integration
SHARDS = 2
PEERING = "healing-test"


def instance(shard: int) -> str:
    return f"healing-operator-shard-{shard}"


def owned_by(shard: int, prefix: str) -> str:
    """A fresh policy name that shard `shard` of 2 owns (sha256 of the name: shard.py)."""
    while policy_shard(name := f"{prefix}-{uuid.uuid4().hex[:6]}", SHARDS) != shard:
        pass
    return name


def status_writers(obj: dict[str, Any], field: str | None = None) -> set[str]:
    """The operator shards that wrote the object's status (or that status field), from its managedFields."""
    out = set()
    for entry in obj["metadata"].get("managedFields") or []:
        if not entry["manager"].startswith("healing-operator"):
            continue
        fields = (entry.get("fieldsV1") or {}).get("f:status", {})
        if (entry.get("subresource") == "status" or fields) and (field is None or f"f:{field}" in fields):
            out.add(entry["manager"])
    return out


def event_reporters(cluster: Cluster, name: str) -> set[str]:  # noqa: F811
    return {e.reporting_instance for e in cluster.events_for(name)}


@pytest.fixture(scope="module")
def shards(crds: ControlPlane, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[OperatorProcess]]:  # noqa: F811
    """Both shards, each with its own peering object (the CRD and objects a deployment would apply)."""
    install_peering(crds, *(f"{PEERING}-shard-{i}" for i in range(SHARDS)))
    tmp = tmp_path_factory.mktemp("shards")
    procs = [OperatorProcess(crds.kubeconfig, tmp / f"operator-{i}.log",
                             args=["--shard", f"{i}/{SHARDS}", "--peering", PEERING]) for i in range(SHARDS)]
    try:
        for proc in procs:
            proc.start()
        yield procs
    finally:
        for i, proc in enumerate(procs):
            proc.stop()
            print(f"--- shard {i}\n{proc.tail()}", file=sys.stderr)


def test_each_incident_is_decided_by_the_one_shard_that_owns_its_policy(
    shards: list[OperatorProcess], cluster: Cluster,  # noqa: F811
) -> None:
    host = unique("node")
    policies = [owned_by(0, "zero"), owned_by(1, "one")]
    incidents: dict[str, int] = {}
    for shard, policy in enumerate(policies):
        cluster.policy(policy, host, targets=[{"kind": "docker", "match": f"web-{shard}-*"}])
        for i in range(2):
            name = unique(f"inc{shard}")
            cluster.incident(name, host, f"web-{shard}-{i}", "container_exit")
            incidents[name] = shard
    for name in incidents:
        st = cluster.wait_phase(name, "Remediating")
        assert st["policy"] == policies[incidents[name]]
        cluster.execute(name)
    for name in incidents:
        cluster.wait_phase(name, "Resolved", reason="Verified")
    for policy in policies:
        wait_for(lambda p=policy: (cluster.get_policy(p)["status"].get("stats") or {}).get("resolvedTotal") == 2,
                 30, f"both outcomes learned into {policy}")

    for name, shard in incidents.items():
        assert status_writers(cluster.get(name)) == {instance(shard)}, name
        reporters = wait_for(lambda n=name: event_reporters(cluster, n), 15, f"the Events of {name}")
        assert reporters == {instance(shard)}, (name, reporters)
    for shard, policy in enumerate(policies):
        assert status_writers(cluster.get_policy(policy)) == {instance(shard)}, policy
        assert event_reporters(cluster, policy) <= {instance(shard)}
    # both shards active at once: each joined its own peering, neither paused the other
    for i in range(SHARDS):
        announced = peers(cluster.co.api_client, f"{PEERING}-shard-{i}")
        assert len(announced) == 1, announced  # this shard's one replica, announced there
    for i, proc in enumerate(shards):
        assert proc.proc is not None and proc.proc.poll() is None, proc.tail()
        assert f"shard {i}/{SHARDS}: deciding the incidents of the policies this shard owns" in proc.log.read_text()


def test_the_pod_healer_and_node_conditions_act_from_shard_0_only(
    shards: list[OperatorProcess], cluster: Cluster, node: str, shop: str,  # noqa: F811
) -> None:
    # node conditions: a circuit opened by shard 1's policy is published on the Node by shard 0
    policy = owned_by(1, "node-components")
    cluster.policy(
        policy, node, targets=[{"kind": "systemd", "match": "kubelet.service", "nodeCondition": CONDITION}],
        actions=["restart"], confidenceThreshold=0.0,
        stuck={"consecutiveFailures": 1, "minAttempts": 10, "halfOpenAfter": "10m"},
    )
    inc = unique("kubelet")
    cluster.incident(inc, node, "kubelet.service", "process_crash", kind="systemd", service_type="systemd")
    cluster.wait_phase(inc, "Remediating")
    cluster.execute(inc, result="Failed", healthy=False)
    wait_for(lambda: any(c.type == CONDITION and c.status == "True"
                         for c in cluster.core.read_node(node).status.conditions or []), 60, f"{CONDITION}=True")
    node_obj = cluster.core.api_client.sanitize_for_serialization(cluster.core.read_node(node))
    assert status_writers(node_obj, "conditions") == {instance(0)}
    assert status_writers(cluster.get_policy(policy), "circuits") == {instance(1)}
    assert status_writers(cluster.get(inc)) == {instance(1)}

    # the pod healer: a request on a pod incident of shard 1's policy is carried out (refused: the workload is gone)
    # by shard 0, which writes the execution; shard 1 decides the incident
    pods = owned_by(1, "web-pods")
    cluster.policy(pods, "node-a", mode="Shadow", actions=["rolloutRestart", "evictPod"],
                   targets=[{"kind": "pod", "namespace": shop, "selector": {"matchLabels": {"app": "web"}}}])
    gone = _pod_incident(cluster, f"{shop}/deployment/deleted", {"app": "web"})
    refused = _execution(cluster, gone, _request(cluster, gone, "rolloutRestart", pods))
    assert (refused["result"], refused["reason"]) == ("Refused", "TargetGone"), refused
    assert status_writers(cluster.get(gone), "executions") == {instance(0)}



def test_peering_view_reads_kopf_s_own_object(shards: list[OperatorProcess], crds: ControlPlane) -> None:  # noqa: F811
    """The runtime's standby check (controller/operator/peering.py) on the ClusterKopfPeering that a running Kopf
    operator keeps: a replica of lower priority than the live one is a standby, one above it would take over."""
    import asyncio

    from controller.operator.k8s import Kube
    from controller.operator.peering import Peering

    async def active(priority: int) -> bool:
        kube = Kube.from_kubeconfig(str(crds.kubeconfig), connections=1)
        try:
            return await Peering(kube, f"{PEERING}-shard-0", priority).active()
        finally:
            await kube.close()

    wait_for(lambda: not asyncio.run(active(0)), 30, "shard 0's operator announced in its peering object")
    assert asyncio.run(active(10**7))  # above every drawn priority (at most 10**6)
