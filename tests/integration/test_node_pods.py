"""Pods as targets, on the real one-node cluster (controller/devenv/kube_node.py) with the shipped manifests: the
operator pods -- the image built from this checkout, their kubelet-issued tokens, exactly the RBAC of manifests/rbac
-- watch the pods, read a crashed container's previous log through the API server and the kubelet, and heal its
workload through the Eviction API or a rollout restart.

The workloads are real Deployments on the real kubelet. What makes them fail is a "poison" file on the node
(hostPath): a container whose pod UID is in it crashes like a Node.js client whose database refuses connections,
every time the kubelet restarts it; a *new* pod (a rollout restart, or the replacement of an evicted pod) has
another UID and runs. An image that does not exist is pulled for real and fails for real (no registry here).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import kubernetes
import pytest
import yaml

from controller.agent.testing import Cluster, wait_for
from controller.constants import TARGET_KIND_LABEL
from controller.devenv.base_image import IMAGE
from controller.patterns import Classifier
from tests.integration.test_node_cluster import (  # noqa: F401 - module fixtures used by name
    NodeCluster,
    _token_kubeconfig,
    _wait_phase,
    installed,
    kube_cluster,
    pod_token,
)
from tests.integration.test_rbac import OPERATOR_NS, assert_rbac_denied, client_for

pytestmark = pytest.mark.integration

CRASH_LINES = ("connecting to postgres at 10.0.0.9:5432", "Error: connect ECONNREFUSED 10.0.0.9:5432")
CRASH = ("while [ ! -s /state/poison ]; do sleep 0.2; done; "
         f'if grep -qx "$POD_UID" /state/poison; then echo "{CRASH_LINES[0]}"; '
         f'echo "{CRASH_LINES[1]}" >&2; exit 1; fi; echo ready; exec sleep 3600')
# what the pattern library makes of the crashed container's log: the operator must read the log to say the same
CRASH_PATTERN = Classifier().classify(list(CRASH_LINES)).pattern


@dataclass
class Shop:
    """A namespace of its own, a poison directory on the node, the policies; all removed after the test."""

    cluster: NodeCluster
    api: Cluster
    namespace: str
    state_dir: str
    policies: list[str] = field(default_factory=list)

    def kubectl(self, *args: str, input: str | None = None, check: bool = True) -> str:
        return self.cluster.kubectl(*args, input=input, check=check).stdout

    def apply(self, *docs: dict[str, Any]) -> None:
        self.kubectl("apply", "-n", self.namespace, "-f", "-", input=yaml.safe_dump_all(docs))

    def deployment(self, name: str, *, image: str = IMAGE, replicas: int = 1) -> None:
        labels = {"app": name}
        container = {
            "name": "app", "image": image, "imagePullPolicy": "IfNotPresent", "command": ["/bin/sh", "-c", CRASH],
            "env": [{"name": "POD_UID", "valueFrom": {"fieldRef": {"fieldPath": "metadata.uid"}}}],
            "volumeMounts": [{"name": "state", "mountPath": "/state", "readOnly": True}],
        }
        self.apply({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels}, "spec": {
                         "terminationGracePeriodSeconds": 1, "containers": [container],
                         "volumes": [{"name": "state", "hostPath": {"path": self.state_dir,
                                                                     "type": "DirectoryOrCreate"}}]}}},
        })

    def pods(self, app: str) -> list[dict[str, Any]]:
        items = json.loads(self.kubectl("get", "pods", "-n", self.namespace, "-l", f"app={app}", "-o", "json"))
        return [p for p in items["items"] if not p["metadata"].get("deletionTimestamp")]

    def poison_first_pod(self, app: str) -> str:
        """The UID of the deployment's first pod goes into the poison file: that pod crash-loops from now on."""
        (pod,) = wait_for(lambda: self.pods(app) or None, 60, f"the first pod of {app}")
        uid = str(pod["metadata"]["uid"])
        self.cluster.node.check(f"mkdir -p {self.state_dir} && echo {uid} >> {self.state_dir}/poison")
        return uid

    def policy(self, name: str, app: str, actions: list[str], **spec: Any) -> None:
        self.policies.append(name)
        self.api.apply_policy(name, {
            "targets": [{"kind": "pod", "namespace": self.namespace, "selector": {"matchLabels": {"app": app}}}],
            "actions": actions, "confidenceThreshold": 0.3,
            "verify": {"after": "1s", "healthyFor": "5s", "timeout": "3m"},
            "backoff": {"initial": "20s", "factor": 2, "max": "5m", "resetAfter": "10m"},
            **spec,
        })

    def incident(self, app: str, where: Any = lambda _: True, timeout: float = 120) -> dict[str, Any]:
        workload = f"{self.namespace}/deployment/{app}"
        return self.api.wait_incident(
            self.cluster.node.name, lambda i: i["spec"]["target"]["name"] == workload and where(i), timeout,
            f"the incident of {workload}")

    def template_annotations(self, app: str) -> dict[str, str]:
        got = json.loads(self.kubectl("get", "deployment", "-n", self.namespace, app, "-o", "json"))
        return dict(got["spec"]["template"]["metadata"].get("annotations") or {})


@pytest.fixture
def shop(installed: NodeCluster) -> Iterator[Shop]:  # noqa: F811
    suffix = uuid.uuid4().hex[:6]
    made = Shop(installed, Cluster(installed.plane.kubeconfig), f"shop-{suffix}", f"/var/lib/healing-pods-{suffix}")
    installed.kubectl("create", "namespace", made.namespace)
    try:
        yield made
    finally:
        for name in made.policies:
            made.api.delete_policy(name)
        made.api.delete_incidents(installed.node.name)
        installed.kubectl("delete", "namespace", made.namespace, "--wait=false", check=False)
        installed.node.exec(f"rm -rf {made.state_dir}")
        made.api.close()


def _attempts(status: dict[str, Any]) -> list[tuple[str, str]]:
    return [(a["action"], a["result"]) for a in status.get("attempts", [])]


def test_a_crash_looping_deployment_is_classified_from_its_previous_log_and_restarted(shop: Shop) -> None:
    """CrashLoopBackOff -> one Incident for the Deployment (not per pod), its pattern from the crashed container's
    previous log, read through the API server -> rolloutRestart by the operator pod -> the new pod Ready and
    running without a restart for verify.healthyFor -> Resolved/Verified, learned."""
    shop.deployment("web")
    shop.policy(f"pods-{shop.namespace}", "web", ["rolloutRestart", "evictPod"])
    poisoned = shop.poison_first_pod("web")
    incident = shop.incident("web")
    name, spec = incident["metadata"]["name"], incident["spec"]
    assert spec["serviceType"] == "pod" and spec["node"] == shop.cluster.node.name
    assert spec["target"]["labels"]["app"] == "web"
    assert incident["metadata"]["labels"][TARGET_KIND_LABEL] == "pod"
    detection = incident["status"]["detection"]
    assert CRASH_PATTERN is not None and detection["pattern"] == CRASH_PATTERN, detection
    evidence = detection["evidence"]
    assert evidence["source"] == "pod-logs" and evidence["exitCode"] == 1, evidence
    assert any("ECONNREFUSED 10.0.0.9:5432" in line for line in evidence["matchedLines"]), evidence

    status = _wait_phase(shop.api, name, "Resolved", 240)
    assert status["reason"] == "Verified", status
    assert _attempts(status) == [("rolloutRestart", "Succeeded")], status
    (execution,) = status["executions"]
    assert execution["result"] == "Succeeded" and "rollout restart of" in execution["message"]
    assert "kubectl.kubernetes.io/restartedAt" in shop.template_annotations("web")
    (pod,) = shop.pods("web")
    assert pod["metadata"]["uid"] != poisoned
    (container,) = pod["status"]["containerStatuses"]
    assert container["ready"] and container["restartCount"] == 0, container
    # one incident for the workload and its failure, whatever the number of crashes
    mine = [i for i in shop.api.incidents(shop.cluster.node.name)
            if i["spec"]["target"]["name"] == f"{shop.namespace}/deployment/web"]
    assert [i["metadata"]["name"] for i in mine] == [name]
    # learning reaches the policy after the incident's Resolved (the outcome note, then the policy's single writer),
    # as in the other operator tests: waited for, not read at once
    learned = wait_for(lambda: (st := shop.api.api.get_cluster_custom_object(
        "healing.insa.io", "v1alpha1", "healingpolicies", f"pods-{shop.namespace}")["status"]).get("learning") and st,
        30, "the outcome learned into the policy")
    assert [(e["pattern"], e["serviceType"], e["action"], e["successes"]) for e in learned["learning"]] == [
        (CRASH_PATTERN, "pod", "rolloutRestart", 1)], learned


def test_a_failing_pod_is_evicted_and_replaced(shop: Shop) -> None:
    """evictPod through the Eviction API: the crash-looping pod goes, its ReplicaSet replaces it, verified."""
    shop.deployment("api")
    shop.policy(f"evict-{shop.namespace}", "api", ["evictPod"])
    poisoned = shop.poison_first_pod("api")
    name = shop.incident("api")["metadata"]["name"]
    status = _wait_phase(shop.api, name, "Resolved", 240)
    assert status["reason"] == "Verified" and _attempts(status) == [("evictPod", "Succeeded")], status
    assert "evicted pod" in status["executions"][0]["message"]
    assert [p["metadata"]["uid"] for p in shop.pods("api")] != [poisoned]
    assert "kubectl.kubernetes.io/restartedAt" not in shop.template_annotations("api")


def test_an_eviction_a_disruption_budget_forbids_is_refused_with_the_budget_named(shop: Shop) -> None:
    """A PodDisruptionBudget (minAvailable 1) guards the one crash-looping pod: the Eviction API answers 429, the
    execution is Refused and names the budget, and the pod is never deleted."""
    shop.deployment("db")
    shop.apply({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "db-budget"},
                "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "db"}}}})
    shop.policy(f"budget-{shop.namespace}", "db", ["evictPod"])
    poisoned = shop.poison_first_pod("db")
    name = shop.incident("db")["metadata"]["name"]
    execution = wait_for(lambda: next(iter((shop.api.incident(name) or {}).get("status", {}).get("executions", [])),
                                      None), 120, "the eviction's outcome")
    assert (execution["action"], execution["result"], execution["reason"]) == ("evictPod", "Refused",
                                                                              "DisruptionBudget"), execution
    assert "db-budget" in execution["message"], execution
    assert [p["metadata"]["uid"] for p in shop.pods("db")] == [poisoned]  # still there: never deleted
    # the operator records the attempt's result from the execution's event: a moment after the execution is written
    status = wait_for(lambda: (s := (shop.api.incident(name) or {}).get("status", {}))
                      and _attempts(s) and _attempts(s)[0][1] != "Pending" and s, 30, "the attempt's result")
    assert _attempts(status)[0] == ("evictPod", "Refused")
    assert not status.get("outcomes") or all(n["kind"] != "Action" for n in status["outcomes"])  # nothing learned


def test_an_image_that_cannot_be_pulled_is_escalated_and_never_restarted(shop: Shop) -> None:
    """ErrImagePull / ImagePullBackOff (a real pull, no registry reachable) -> dependency_missing -> Escalated with
    the kubelet's message as evidence; no action requested, the Deployment's template untouched."""
    image = f"registry.invalid/healing/missing-{shop.namespace}:404"
    shop.deployment("front", image=image)
    shop.policy(f"image-{shop.namespace}", "front", ["rolloutRestart", "evictPod"])
    name = shop.incident("front")["metadata"]["name"]
    status = _wait_phase(shop.api, name, "Escalated", 120)
    assert status["reason"] == "NotAutoFixable", status
    detection = status["detection"]
    assert detection["pattern"] == "dependency_missing" and detection["reason"] in ("ErrImagePull",
                                                                                    "ImagePullBackOff"), detection
    assert image in detection["message"] or image in detection["evidence"]["state"], detection
    assert status.get("attempts", []) == [] and status.get("executions", []) == []
    assert "kubectl.kubernetes.io/restartedAt" not in shop.template_annotations("front")
    assert status["escalations"] and {e["channel"] for e in status["escalations"]} == {"event"}  # no other channel


def test_the_operator_pod_token_may_evict_restart_and_patch_node_status_and_nothing_more(
    installed: NodeCluster,  # noqa: F811
) -> None:
    """With the token read from inside an operator pod (kubelet-issued): the workload powers and nodes/status are
    allowed, deleting pods or workloads and changing a Node's spec or labels are not."""
    operator_pod = installed.pods(OPERATOR_NS, "app.kubernetes.io/name=healing-operator")[0]["metadata"]["name"]
    client = client_for(_token_kubeconfig(installed, pod_token(installed, OPERATOR_NS, operator_pod), "op-pods"))
    try:
        authz = kubernetes.client.AuthorizationV1Api(client)

        def allowed(resource: str, verb: str, subresource: str = "", group: str = "", namespace: str = "") -> bool:
            attrs = {"resource": resource, "verb": verb, "subresource": subresource, "group": group,
                     "namespace": namespace}
            review = authz.create_self_subject_access_review({"spec": {"resourceAttributes": attrs}})
            return bool(review.status.allowed)

        assert allowed("pods", "create", "eviction", namespace="default")
        assert allowed("pods", "get", "log", namespace="default")
        assert allowed("deployments", "patch", group="apps", namespace="default")
        assert allowed("nodes", "patch", "status")
        assert not allowed("pods", "delete", namespace="default")
        assert not allowed("deployments", "delete", group="apps", namespace="default")
        assert not allowed("nodes", "patch")
        core = kubernetes.client.CoreV1Api(client)
        assert_rbac_denied(lambda: core.patch_node(installed.node.name, {"metadata": {"labels": {"x": "y"}}}))
        assert_rbac_denied(lambda: core.delete_namespaced_pod(operator_pod, OPERATOR_NS))
    finally:
        client.close()
