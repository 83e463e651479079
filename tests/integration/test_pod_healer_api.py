"""The operator's pod healer refuses what it must, on the real API server with the real operator (`healing operator`
subprocess): requests written by someone who may write Incidents (a human, a compromised component), checked
against the live objects before anything is done. No kubelet is needed for these: every request here is refused,
or ends before acting, so the Deployment's pod template must stay as it was. The happy paths run on the real node
(tests/integration/test_node_pods.py).

- an Incident that claims labels a policy selects, for a workload whose live pod template does not carry them;
- an action that is not a workload action (`restart` on a pod target);
- a request id the operator had marked as running when it stopped (healing.insa.io/executing): never run again;
- a workload that does not exist: TargetGone;
- a bare pod: nothing to roll out, and an eviction would delete it for good.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import kubernetes
import pytest

from controller.api.incident import incident_name
from controller.constants import API_VERSION, GROUP, INCIDENT_PLURAL, NODE_LABEL, TARGET_KIND_LABEL, VERSION
from tests.integration.test_operator_lifecycle import (  # noqa: F401 - fixtures are used by name
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    operator,
    unique,
    wait_for,
)

pytestmark = pytest.mark.integration

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"


@pytest.fixture
def shop(kube_api: kubernetes.client.ApiClient) -> Iterator[str]:
    core = kubernetes.client.CoreV1Api(kube_api)
    namespace = unique("shop")
    core.create_namespace({"metadata": {"name": namespace}})
    try:
        yield namespace
    finally:
        with contextlib.suppress(kubernetes.client.ApiException):
            core.delete_namespace(namespace)


def _deployment(kube_api: kubernetes.client.ApiClient, namespace: str, name: str, labels: dict[str, str]) -> None:
    kubernetes.client.AppsV1Api(kube_api).create_namespaced_deployment(namespace, {
        "metadata": {"name": name},
        "spec": {"selector": {"matchLabels": labels}, "template": {
            "metadata": {"labels": labels}, "spec": {"containers": [{"name": "app", "image": "shop/web:1"}]}}},
    })


def _pod_incident(cluster: Cluster, workload: str, labels: dict[str, str], *,  # noqa: F811
                  annotations: dict[str, str] | None = None) -> str:
    name = incident_name("", "pod", workload, "process_crash")
    cluster.co.create_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, {
        "apiVersion": API_VERSION, "kind": "Incident",
        "metadata": {"name": name, "labels": {NODE_LABEL: "node-a", TARGET_KIND_LABEL: "pod"},
                     "annotations": annotations or {}},
        "spec": {"node": "node-a", "target": {"kind": "pod", "name": workload, "labels": labels},
                 "serviceType": "pod", "failure": "process_crash"},
    })
    cluster.created.append((INCIDENT_PLURAL, name))
    return name


def _request(cluster: Cluster, name: str, action: str, policy: str | None = None) -> str:  # noqa: F811
    action_id = f"{uuid.uuid4().hex[:8]}-1"
    status: dict[str, Any] = {"request": {"id": action_id, "action": action,
                                          "requestedAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}}
    if policy:
        status["policy"] = policy
    cluster.agent_patch(name, status)
    return action_id


def _execution(cluster: Cluster, name: str, action_id: str) -> dict[str, Any]:  # noqa: F811
    return wait_for(lambda: next((e for e in cluster.status(name).get("executions", []) if e["id"] == action_id),
                                 None), 30, f"the outcome of {action_id}")


def _template_annotations(kube_api: kubernetes.client.ApiClient, namespace: str, name: str) -> dict[str, str]:
    got = kubernetes.client.AppsV1Api(kube_api).read_namespaced_deployment(name, namespace)
    return dict(got.spec.template.metadata.annotations or {})


def test_requests_on_pod_incidents_are_checked_against_the_live_workload(
    operator: OperatorProcess,  # noqa: F811
    cluster: Cluster,  # noqa: F811
    kube_api: kubernetes.client.ApiClient,
    shop: str,
) -> None:
    policy = unique("web-pods")
    cluster.policy(policy, "node-a", mode="Shadow", actions=["rolloutRestart", "evictPod"],
                   targets=[{"kind": "pod", "namespace": shop, "selector": {"matchLabels": {"app": "web"}}}])
    _deployment(kube_api, shop, "payroll", {"app": "payroll"})

    # the Incident claims app=web (selected), the live template says app=payroll (not selected): refused
    forged = _pod_incident(cluster, f"{shop}/deployment/payroll", {"app": "web"})
    refused = _execution(cluster, forged, _request(cluster, forged, "rolloutRestart", policy))
    assert refused["result"] == "Refused" and "nothing is done for a workload no policy selects" in refused[
        "message"], refused
    assert RESTARTED_AT not in _template_annotations(kube_api, shop, "payroll")

    # a host action on a pod target: not a workload action
    _deployment(kube_api, shop, "web", {"app": "web"})
    web = _pod_incident(cluster, f"{shop}/deployment/web", {"app": "web"})
    host = _execution(cluster, web, _request(cluster, web, "restart", policy))
    assert host["result"] == "Refused" and "restart is not a workload action" in host["message"], host

    # a workload that is gone
    gone = _pod_incident(cluster, f"{shop}/deployment/deleted", {"app": "web"})
    missing = _execution(cluster, gone, _request(cluster, gone, "rolloutRestart", policy))
    assert (missing["result"], missing["reason"]) == ("Refused", "TargetGone"), missing


def test_a_request_marked_running_when_the_operator_stopped_is_never_run_again(
    operator: OperatorProcess,  # noqa: F811
    cluster: Cluster,  # noqa: F811
    kube_api: kubernetes.client.ApiClient,
    shop: str,
) -> None:
    policy = unique("web-pods")
    cluster.policy(policy, "node-a", mode="Shadow", actions=["rolloutRestart"],
                   targets=[{"kind": "pod", "namespace": shop, "selector": {"matchLabels": {"app": "web"}}}])
    _deployment(kube_api, shop, "web", {"app": "web"})
    action_id = "deadbeef-1"
    name = _pod_incident(cluster, f"{shop}/deployment/web", {"app": "web"},
                         annotations={f"{GROUP}/executing": action_id})
    cluster.agent_patch(name, {"request": {"id": action_id, "action": "rolloutRestart",
                                           "requestedAt": "2026-01-01T00:00:00Z"}, "policy": policy})
    outcome = _execution(cluster, name, action_id)
    assert outcome["result"] == "Failed" and "it is not run again" in outcome["message"], outcome
    assert RESTARTED_AT not in _template_annotations(kube_api, shop, "web")


def test_a_bare_pod_is_neither_rolled_out_nor_evicted(
    operator: OperatorProcess,  # noqa: F811
    cluster: Cluster,  # noqa: F811
    kube_api: kubernetes.client.ApiClient,
    shop: str,
) -> None:
    policy = unique("debug-pods")
    cluster.policy(policy, "node-a", mode="Shadow", actions=["rolloutRestart", "evictPod"],
                   targets=[{"kind": "pod", "namespace": shop, "selector": {}}])
    core = kubernetes.client.CoreV1Api(kube_api)
    core.create_namespaced_pod(shop, {"metadata": {"name": "debug", "labels": {"app": "debug"}},
                                      "spec": {"containers": [{"name": "app", "image": "shop/debug:1"}]}})
    name = _pod_incident(cluster, f"{shop}/pod/debug", {"app": "debug"})
    restart = _execution(cluster, name, _request(cluster, name, "rolloutRestart", policy))
    assert restart["result"] == "Refused" and "has no controller: there is no rollout" in restart["message"], restart
    evict = _execution(cluster, name, _request(cluster, name, "evictPod", policy))
    assert evict["result"] == "Refused" and "evicting it would delete it for good" in evict["message"], evict
    assert core.read_namespaced_pod("debug", shop).metadata.deletion_timestamp is None
