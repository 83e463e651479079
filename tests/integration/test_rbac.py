"""Least privilege, proven on a real kube-apiserver with exactly the RBAC and admission policy of manifests/.

The components are not impersonated: each client authenticates with a real ServiceAccount token from the
TokenRequest API. The agents' tokens are bound to Pods scheduled on Nodes (as the kubelet's projected tokens are),
so the API server puts the node name into the user's extra info, which the ValidatingAdmissionPolicy checks.
Every verb each component uses is exercised for real (create, get, list, watch, patch, delete), and what they
must not do is shown to be refused — by RBAC (403 "forbidden: User ...") or by the admission policy.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import kubernetes
import pytest
import yaml
from kubernetes.client import ApiClient, ApiException, CoreV1Api, CustomObjectsApi, EventsV1Api

from controller.constants import (
    API_VERSION,
    GROUP,
    HOSTREPORT_KIND,
    HOSTREPORT_PLURAL,
    INCIDENT_KIND,
    INCIDENT_PLURAL,
    NODE_LABEL,
    POLICY_KIND,
    POLICY_PLURAL,
    VERSION,
)
from controller.devenv.controlplane import ControlPlane, write_kubeconfig
from tests.integration.test_manifests import MANIFESTS, install_prerequisites, wait_until

pytestmark = pytest.mark.integration

OPERATOR_NS, OPERATOR_SA = "healing-system", "healing-operator"
AGENT_NS, AGENT_SA = "healing-agent", "healing-agent"
NODE_POLICY = "healing-agent-own-node"
POD_INCIDENTS_POLICY = "healing-operator-pod-incidents"


# The API server's refusal itself (RBAC: 'is forbidden: User "..." cannot ...'; Kopf's wrapper; an admission
# denial), never a bare 403 -- that also matches a log timestamp's milliseconds (",403").
API_REFUSAL = re.compile(r'is forbidden: User "|APIForbiddenError|denied request')

def client_for(kubeconfig: Path) -> ApiClient:
    configuration = kubernetes.client.Configuration()
    kubernetes.config.load_kube_config(config_file=str(kubeconfig), client_configuration=configuration)
    return ApiClient(configuration)


def status_of(call: Callable[[], Any]) -> tuple[int, str]:
    """(HTTP status, message) of an API call: 200 when it succeeds."""
    try:
        call()
    except ApiException as exc:
        return exc.status, exc.body or exc.reason or ""
    return 200, ""


def assert_rbac_denied(call: Callable[[], Any]) -> None:
    code, body = status_of(call)
    assert code == 403 and "forbidden: User" in body, (code, body)


def assert_node_policy_denied(call: Callable[[], Any], fragment: str = "") -> None:
    code, body = status_of(call)
    assert code in (403, 422) and f"ValidatingAdmissionPolicy '{NODE_POLICY}'" in body, (code, body)
    assert fragment in body, body


def assert_admission_denied(call: Callable[[], Any], policy: str, fragment: str = "") -> None:
    code, body = status_of(call)
    assert code in (403, 422) and f"ValidatingAdmissionPolicy '{policy}'" in body, (code, body)
    assert fragment in body, body


def watch_once(list_call: Callable[..., Any], **kwargs: Any) -> list[str]:
    """Open a real watch (the `watch` verb) and return the names it delivered before its server-side timeout."""
    stream = kubernetes.watch.Watch().stream(list_call, timeout_seconds=1, **kwargs)
    return [event["object"]["metadata"]["name"] if isinstance(event["object"], dict)
            else event["object"].metadata.name for event in stream]


@dataclass
class Cluster:
    plane: ControlPlane
    admin: ApiClient
    operator: ApiClient
    agent_a: ApiClient
    agent_b: ApiClient
    agent_unbound: ApiClient  # a healing-agent token that is not bound to a pod on a node
    suffix: str

    def name(self, base: str) -> str:
        return f"{base}-{self.suffix}"


def _node_bound_kubeconfig(plane: ControlPlane, node: str, pod: str) -> Path:
    """What the kubelet gives a DaemonSet pod: a token for its ServiceAccount, bound to the pod (on `node`)."""
    manifests = [
        {"apiVersion": "v1", "kind": "Node", "metadata": {"name": node, "labels": {"kubernetes.io/hostname": node}}},
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": pod, "namespace": AGENT_NS},
         "spec": {"nodeName": node, "serviceAccountName": AGENT_SA,
                  "containers": [{"name": "agent", "image": "ghcr.io/insa/healing-operator:0.1.0"}]}},
    ]
    plane.run_kubectl("apply", "-f", "-", input=yaml.safe_dump_all(manifests))
    uid = plane.run_kubectl("get", "pod", pod, "-n", AGENT_NS, "-o", "jsonpath={.metadata.uid}").stdout
    token = plane.run_kubectl("create", "token", AGENT_SA, "-n", AGENT_NS, "--duration=1h",
                              "--bound-object-kind=Pod", f"--bound-object-name={pod}",
                              f"--bound-object-uid={uid}").stdout.strip()
    assert plane.ca is not None
    return write_kubeconfig(plane.workdir / "users" / f"agent-{node}.kubeconfig", plane.server_url,
                            plane.ca.cert_pem, f"agent-{node}", {"token": token})


def _install(plane: ControlPlane) -> None:
    """`kubectl apply -k manifests/` as documented (CRDs established first, so one pass completes)."""
    install_prerequisites(plane)
    result = plane.run_kubectl("apply", "-k", str(MANIFESTS), check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def cluster(control_plane: ControlPlane, kube_api_module: ApiClient) -> Iterator[Cluster]:
    plane = control_plane
    _install(plane)
    suffix = uuid.uuid4().hex[:6]
    agent_a = client_for(_node_bound_kubeconfig(plane, f"node-a-{suffix}", f"agent-a-{suffix}"))
    agent_b = client_for(_node_bound_kubeconfig(plane, f"node-b-{suffix}", f"agent-b-{suffix}"))
    operator = client_for(plane.service_account_kubeconfig(OPERATOR_NS, OPERATOR_SA, duration="1h"))
    unbound = client_for(plane.service_account_kubeconfig(AGENT_NS, AGENT_SA, duration="1h"))
    cluster = Cluster(plane, kube_api_module, operator, agent_a, agent_b, unbound, suffix)
    # The admission policy is enforced once the API server's policy informer has it: wait for a refusal.
    wait_until(lambda: status_of(lambda: _create_incident(cluster, agent_a, "node-b", dry_run=True))[0] != 201
               and status_of(lambda: _create_incident(cluster, agent_a, "node-b", dry_run=True))[0] != 200,
               timeout=30, what="the own-node admission policy to be enforced")
    try:
        yield cluster
    finally:
        for plural in (INCIDENT_PLURAL, HOSTREPORT_PLURAL, POLICY_PLURAL):
            plane.run_kubectl("delete", f"{plural}.{GROUP}", "-l", f"healing-test/run={suffix}",
                              "--ignore-not-found", "--wait=false")
        plane.run_kubectl("delete", "pods", "-n", AGENT_NS, f"agent-a-{suffix}", f"agent-b-{suffix}",
                          "--ignore-not-found", "--wait=false")
        plane.run_kubectl("delete", "nodes", f"node-a-{suffix}", f"node-b-{suffix}", "--ignore-not-found")
        for api in (operator, agent_a, agent_b, unbound):
            api.close()


@pytest.fixture(scope="module")
def kube_api_module(control_plane: ControlPlane) -> Iterator[ApiClient]:
    api = client_for(control_plane.kubeconfig)
    try:
        yield api
    finally:
        api.close()


def _custom(api: ApiClient) -> CustomObjectsApi:
    return CustomObjectsApi(api)


def _create_incident(cluster: Cluster, api: ApiClient, node_base: str, *, label_node: str | None = None,
                     name: str | None = None, dry_run: bool = False, pod: bool = False) -> dict[str, Any]:
    node = cluster.name(node_base)
    target = ({"kind": "pod", "name": f"default/deployment/{cluster.name('web')}", "labels": {"app": "web"}} if pod
              else {"kind": "systemd", "name": "web.service"})
    body = {
        "apiVersion": API_VERSION, "kind": INCIDENT_KIND,
        "metadata": {"name": name or cluster.name(f"inc-{node_base}-{uuid.uuid4().hex[:4]}"),
                     "labels": {NODE_LABEL: label_node or node, "healing-test/run": cluster.suffix}},
        "spec": {"node": node, "target": target, "serviceType": "pod" if pod else "systemd",
                 "failure": "process_crash"},
    }
    kwargs = {"dry_run": "All"} if dry_run else {}
    return _custom(api).create_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, body, **kwargs)


def _create_hostreport(cluster: Cluster, api: ApiClient, node_base: str) -> dict[str, Any]:
    node = cluster.name(node_base)
    body = {"apiVersion": API_VERSION, "kind": HOSTREPORT_KIND,
            "metadata": {"name": node, "labels": {NODE_LABEL: node, "healing-test/run": cluster.suffix}},
            "spec": {"node": node}}
    return _custom(api).create_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, body)


def _create_policy(cluster: Cluster, api: ApiClient, base: str) -> dict[str, Any]:
    body = {"apiVersion": API_VERSION, "kind": POLICY_KIND,
            "metadata": {"name": cluster.name(base), "labels": {"healing-test/run": cluster.suffix}},
            "spec": {"targets": [{"kind": "systemd", "match": "web.service"}], "mode": "Shadow"}}
    return _custom(api).create_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, body)


def _heartbeat() -> dict[str, Any]:
    return {"status": {"agentVersion": "test", "lastHeartbeat": "2026-11-26T06:00:00Z", "systemdConnected": True}}


def _health() -> dict[str, Any]:
    return {"status": {"health": {"healthy": False, "checkedAt": "2026-11-26T06:00:00Z", "message": "failed"}}}


def _event(namespace: str, involved: dict[str, Any], reporter: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Event",
            "metadata": {"generateName": f"{reporter}-", "namespace": namespace},
            "involvedObject": {"apiVersion": API_VERSION, "kind": involved["kind"],
                               "name": involved["metadata"]["name"], "uid": involved["metadata"]["uid"]},
            "reason": "Test", "message": f"posted by the {reporter}", "type": "Normal", "count": 1,
            "firstTimestamp": "2026-11-26T06:00:00Z", "lastTimestamp": "2026-11-26T06:00:00Z",
            "source": {"component": reporter}}


def _events_v1(namespace: str, involved: dict[str, Any], reporter: str) -> dict[str, Any]:
    return {"apiVersion": "events.k8s.io/v1", "kind": "Event",
            "metadata": {"generateName": f"{reporter}-", "namespace": namespace},
            # MicroTime: the client re-serialises strings it parses, so give it microseconds to keep
            "eventTime": datetime.now(UTC).replace(microsecond=123456), "reportingController": f"{GROUP}/{reporter}",
            "reportingInstance": f"{reporter}-0", "action": "Test", "reason": "Test", "type": "Normal",
            "note": f"posted by the {reporter}",
            "regarding": {"apiVersion": API_VERSION, "kind": involved["kind"], "name": involved["metadata"]["name"],
                          "uid": involved["metadata"]["uid"]}}


# --- the agent ------------------------------------------------------------------------------------------------


def test_agent_reports_its_own_node(cluster: Cluster) -> None:
    """Everything the agent does, for its own node: HostReport heartbeat, Incident create + status, reads."""
    api = _custom(cluster.agent_a)
    report = _create_hostreport(cluster, cluster.agent_a, "node-a")
    api.patch_cluster_custom_object_status(GROUP, VERSION, HOSTREPORT_PLURAL, report["metadata"]["name"], _heartbeat())
    api.patch_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, report["metadata"]["name"],
                                    {"metadata": {"annotations": {f"{GROUP}/agent-version": "test"}}})
    assert api.get_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, report["metadata"]["name"])["status"][
        "agentVersion"] == "test"

    incident = _create_incident(cluster, cluster.agent_a, "node-a")
    name = incident["metadata"]["name"]
    api.patch_cluster_custom_object_status(GROUP, VERSION, INCIDENT_PLURAL, name, _health())
    api.patch_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, name,
                                    {"metadata": {"annotations": {f"{GROUP}/seen": "1"}}})
    assert api.get_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, name)["status"]["health"]["healthy"] is False
    listed = api.list_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, label_selector=f"{NODE_LABEL}="
                                            f"{cluster.name('node-a')}")
    assert [i["metadata"]["name"] for i in listed["items"]] == [name]
    assert name in watch_once(api.list_cluster_custom_object, group=GROUP, version=VERSION, plural=INCIDENT_PLURAL)


def test_agent_reads_policies_and_nodes_and_posts_events(cluster: Cluster) -> None:
    policy = _create_policy(cluster, cluster.admin, "agent-reads")
    api = _custom(cluster.agent_a)
    assert api.get_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, policy["metadata"]["name"])
    assert policy["metadata"]["name"] in [
        p["metadata"]["name"] for p in api.list_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL)["items"]]
    assert policy["metadata"]["name"] in watch_once(api.list_cluster_custom_object, group=GROUP, version=VERSION,
                                                    plural=POLICY_PLURAL)
    core = CoreV1Api(cluster.agent_a)
    node = cluster.name("node-a")
    assert core.read_node(node).metadata.name == node
    assert node in [n.metadata.name for n in core.list_node().items]
    assert node in watch_once(core.list_node)
    incident = _create_incident(cluster, cluster.agent_a, "node-a")
    core.create_namespaced_event("default", _event("default", incident, "agent"))
    EventsV1Api(cluster.agent_a).create_namespaced_event("default", _events_v1("default", incident, "agent"))


def test_agent_cannot_change_policies(cluster: Cluster) -> None:
    policy = _create_policy(cluster, cluster.admin, "agent-denied")
    name = policy["metadata"]["name"]
    api = _custom(cluster.agent_a)
    widen = {"spec": {"mode": "Auto", "actions": ["restart", "freePort"]}}
    assert_rbac_denied(lambda: api.patch_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name, widen))
    assert_rbac_denied(lambda: api.patch_cluster_custom_object_status(GROUP, VERSION, POLICY_PLURAL, name,
                                                                      {"status": {"observedGeneration": 1}}))
    assert_rbac_denied(lambda: api.delete_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name))
    assert_rbac_denied(lambda: _create_policy(cluster, cluster.agent_a, "agent-own-policy"))


def test_agent_cannot_write_another_nodes_objects(cluster: Cluster) -> None:
    api = _custom(cluster.agent_a)
    # create for another node: by spec.node, or a mislabelled one for its own node
    assert_node_policy_denied(lambda: _create_incident(cluster, cluster.agent_a, "node-b"),
                              "an agent may only write objects of its own node")
    assert_node_policy_denied(lambda: _create_incident(cluster, cluster.agent_a, "node-a",
                                                       label_node=cluster.name("node-b")),
                              "label must name the agent's own node")
    # node B's objects, written by node B's agent, cannot be touched by node A's agent
    report_b = _create_hostreport(cluster, cluster.agent_b, "node-b")["metadata"]["name"]
    incident_b = _create_incident(cluster, cluster.agent_b, "node-b")["metadata"]["name"]
    assert_node_policy_denied(lambda: api.patch_cluster_custom_object_status(
        GROUP, VERSION, HOSTREPORT_PLURAL, report_b, _heartbeat()))
    take_over = {"metadata": {"labels": {NODE_LABEL: cluster.name("node-a")}}, "spec": {"node": cluster.name("node-a")}}
    assert_node_policy_denied(lambda: api.patch_cluster_custom_object(
        GROUP, VERSION, HOSTREPORT_PLURAL, report_b, take_over), "may not change objects that belong to another node")
    assert_node_policy_denied(lambda: api.patch_cluster_custom_object_status(
        GROUP, VERSION, INCIDENT_PLURAL, incident_b, _health()))
    # and deleting is not the agent's job at all
    assert_rbac_denied(lambda: api.delete_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, incident_b))
    assert_rbac_denied(lambda: api.delete_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, report_b))


def test_agent_token_without_a_node_cannot_write(cluster: Cluster) -> None:
    """A healing-agent token that was not minted for a pod on a node (e.g. `kubectl create token`) is refused."""
    assert_node_policy_denied(lambda: _create_incident(cluster, cluster.agent_unbound, "node-a"),
                              "not bound to a node")


def test_agent_has_nothing_else(cluster: Cluster) -> None:
    core = CoreV1Api(cluster.agent_a)
    assert_rbac_denied(lambda: core.list_namespaced_secret(AGENT_NS))
    assert_rbac_denied(lambda: core.list_namespaced_pod(AGENT_NS))
    assert_rbac_denied(lambda: core.patch_node(cluster.name("node-a"), {"metadata": {"labels": {"x": "y"}}}))
    assert_rbac_denied(lambda: _custom(cluster.agent_a).patch_cluster_custom_object(
        "kopf.dev", "v1", "clusterkopfpeerings", "healing-operator", {"status": {}}))


# --- the operator ---------------------------------------------------------------------------------------------


def test_operator_reconciles_policies(cluster: Cluster) -> None:
    name = _create_policy(cluster, cluster.admin, "operator-policy")["metadata"]["name"]
    api = _custom(cluster.operator)
    assert api.get_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name)
    assert name in [p["metadata"]["name"] for p in api.list_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL)[
        "items"]]
    assert name in watch_once(api.list_cluster_custom_object, group=GROUP, version=VERSION, plural=POLICY_PLURAL)
    # Kopf keeps its progress in annotations and its finalizer in metadata: a patch of the main resource
    api.patch_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name, {"metadata": {
        "annotations": {"kopf.zalando.org/last-handled-configuration": "{}"}, "finalizers": [f"{GROUP}/finalizer"]}})
    ready = {"type": "Ready", "status": "True", "reason": "Active", "message": "ok",
             "lastTransitionTime": "2026-11-26T06:00:00Z", "observedGeneration": 1}
    api.patch_cluster_custom_object_status(GROUP, VERSION, POLICY_PLURAL, name,
                                           {"status": {"observedGeneration": 1, "conditions": [ready]}})
    assert api.get_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name)["status"]["conditions"][0]["type"] == (
        "Ready")
    api.patch_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name, {"metadata": {"finalizers": None}})


def test_operator_drives_incidents(cluster: Cluster) -> None:
    api = _custom(cluster.operator)
    name = _create_incident(cluster, cluster.agent_a, "node-a")["metadata"]["name"]
    assert api.get_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, name)
    assert name in [i["metadata"]["name"] for i in api.list_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL)[
        "items"]]
    assert name in watch_once(api.list_cluster_custom_object, group=GROUP, version=VERSION, plural=INCIDENT_PLURAL)
    request = {"id": f"{name}-1", "action": "restart", "requestedAt": "2026-11-26T06:00:00Z", "reason": "test"}
    api.patch_cluster_custom_object_status(GROUP, VERSION, INCIDENT_PLURAL, name, {"status": {
        "phase": "Remediating", "reason": "ActionRequested", "request": request}})
    api.patch_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, name,
                                    {"metadata": {"annotations": {f"{GROUP}/approve": None}}})
    assert api.get_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, name)["status"]["phase"] == "Remediating"
    api.delete_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, name)  # retention of Resolved incidents
    # the operator reports the failures of pods (it watches them), never those of units, containers or probes:
    # the agents report those, and a compromised operator cannot invent one for an agent to act on
    assert_admission_denied(lambda: _create_incident(cluster, cluster.operator, "node-a"), POD_INCIDENTS_POLICY,
                            "the operator creates only the Incidents of pod targets; a systemd target is reported by "
                            "the agent of its node")
    pod_incident = _create_incident(cluster, cluster.operator, "node-a", pod=True)["metadata"]["name"]
    api.patch_cluster_custom_object_status(GROUP, VERSION, INCIDENT_PLURAL, pod_incident, _health())
    api.delete_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, pod_incident)


def test_pod_incidents_are_not_an_agents_even_on_its_own_node(cluster: Cluster) -> None:
    """An agent neither creates a pod incident nor writes one of its own node (a request, health, executions): the
    operator watches pods and acts on workloads, and a compromised node cannot make it restart one."""
    assert_node_policy_denied(lambda: _create_incident(cluster, cluster.agent_a, "node-a", pod=True),
                              "the Incidents of pod targets are the operator's")
    name = _create_incident(cluster, cluster.operator, "node-a", pod=True)["metadata"]["name"]
    api = _custom(cluster.agent_a)
    request = {"status": {"request": {"id": "x-1", "action": "rolloutRestart", "requestedAt": "2026-11-26T06:00:00Z"}}}
    for change in (request, _health()):
        assert_node_policy_denied(lambda change=change: api.patch_cluster_custom_object_status(
            GROUP, VERSION, INCIDENT_PLURAL, name, change), "the Incidents of pod targets are the operator's")
    assert_node_policy_denied(lambda: api.patch_cluster_custom_object(
        GROUP, VERSION, INCIDENT_PLURAL, name, {"metadata": {"annotations": {f"{GROUP}/approve": "true"}}}),
        "the Incidents of pod targets are the operator's")


def test_operator_reads_hostreports_and_nodes(cluster: Cluster) -> None:
    report = cluster.name("node-a")
    agent_api = _custom(cluster.agent_a)
    try:
        agent_api.get_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, report)
    except ApiException:
        _create_hostreport(cluster, cluster.agent_a, "node-a")
    api = _custom(cluster.operator)
    assert api.get_cluster_custom_object(GROUP, VERSION, HOSTREPORT_PLURAL, report)
    assert report in [r["metadata"]["name"] for r in api.list_cluster_custom_object(GROUP, VERSION,
                                                                                   HOSTREPORT_PLURAL)["items"]]
    assert report in watch_once(api.list_cluster_custom_object, group=GROUP, version=VERSION,
                                plural=HOSTREPORT_PLURAL)
    assert_rbac_denied(lambda: api.patch_cluster_custom_object_status(GROUP, VERSION, HOSTREPORT_PLURAL, report,
                                                                      _heartbeat()))
    core = CoreV1Api(cluster.operator)
    assert core.read_node(report).metadata.name == report
    assert report in watch_once(core.list_node)
    assert_rbac_denied(lambda: core.patch_node(report, {"spec": {"unschedulable": True}}))
    assert_rbac_denied(lambda: core.patch_node(report, {"metadata": {"labels": {"healed": "yes"}}}))
    # of a Node, only its status: the conditions that hand a node component that cannot be healed to NHC / MHC
    condition = {"type": "HealingKubeletUnhealthy", "status": "True", "reason": "HealingCircuitOpen",
                 "message": "kubelet.service cannot be healed", "lastHeartbeatTime": "2026-11-26T06:00:00Z",
                 "lastTransitionTime": "2026-11-26T06:00:00Z"}
    patched = core.patch_node_status(report, {"status": {"conditions": [condition]}})
    assert {c.type: c.status for c in patched.status.conditions}["HealingKubeletUnhealthy"] == "True"


def test_operator_evicts_pods_and_restarts_workloads_and_nothing_more(cluster: Cluster) -> None:
    """The workload powers (operator_workloads_role.yaml) with the operator's own token: watch pods, evict one through
    the Eviction API, patch a Deployment's, StatefulSet's and DaemonSet's pod template, read a ReplicaSet and the
    probe events -- but never delete or create a pod or a workload, nor touch a ReplicaSet."""
    admin_apps, admin_core = kubernetes.client.AppsV1Api(cluster.admin), CoreV1Api(cluster.admin)
    name, labels = cluster.name("workload"), {"app": cluster.name("workload")}
    template = {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "c", "image": "x"}]}}
    spec = {"selector": {"matchLabels": labels}, "template": template}
    admin_apps.create_namespaced_deployment("default", {"metadata": {"name": name}, "spec": spec})
    admin_apps.create_namespaced_stateful_set("default", {"metadata": {"name": name},
                                                          "spec": {**spec, "serviceName": name}})
    admin_apps.create_namespaced_daemon_set("default", {"metadata": {"name": name}, "spec": spec})
    admin_apps.create_namespaced_replica_set("default", {"metadata": {"name": name}, "spec": spec})
    pod = admin_core.create_namespaced_pod("default", {"metadata": {"name": name, "labels": labels},
                                                       "spec": template["spec"]})
    try:
        apps, core = kubernetes.client.AppsV1Api(cluster.operator), CoreV1Api(cluster.operator)
        assert name in [p.metadata.name for p in core.list_pod_for_all_namespaces().items]
        assert name in watch_once(core.list_namespaced_pod, namespace="default")
        assert core.list_namespaced_event("default", field_selector=f"involvedObject.uid={pod.metadata.uid}")
        assert apps.read_namespaced_replica_set(name, "default").metadata.name == name
        restarted = {"spec": {"template": {"metadata": {"annotations": {
            "kubectl.kubernetes.io/restartedAt": "2026-11-26T06:00:00Z"}}}}}
        for read, patch in ((apps.read_namespaced_deployment, apps.patch_namespaced_deployment),
                            (apps.read_namespaced_stateful_set, apps.patch_namespaced_stateful_set),
                            (apps.read_namespaced_daemon_set, apps.patch_namespaced_daemon_set)):
            assert read(name, "default").metadata.name == name
            patch(name, "default", restarted)
        eviction = {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": name, "namespace": "default"},
                    "deleteOptions": {"preconditions": {"uid": pod.metadata.uid}}}
        core.create_namespaced_pod_eviction(name, "default", eviction)
        wait_until(lambda: status_of(lambda: admin_core.read_namespaced_pod(name, "default"))[0] == 404, 30,
                   "the evicted pod to be gone")
        review = kubernetes.client.AuthorizationV1Api(cluster.operator).create_self_subject_access_review(
            {"spec": {"resourceAttributes": {"namespace": "default", "resource": "pods", "subresource": "log",
                                             "verb": "get"}}})
        assert review.status.allowed
        assert_rbac_denied(lambda: core.delete_namespaced_pod(name, "default"))
        assert_rbac_denied(lambda: apps.delete_namespaced_deployment(name, "default"))
        assert_rbac_denied(lambda: apps.patch_namespaced_replica_set(name, "default", restarted))
        assert_rbac_denied(lambda: apps.patch_namespaced_deployment_scale(name, "default", {"spec": {"replicas": 0}}))
    finally:
        for delete in (admin_apps.delete_namespaced_deployment, admin_apps.delete_namespaced_stateful_set,
                       admin_apps.delete_namespaced_daemon_set, admin_apps.delete_namespaced_replica_set,
                       admin_core.delete_namespaced_pod):
            with contextlib.suppress(ApiException):
                delete(name, "default")


def test_operator_events_and_kopf_framework(cluster: Cluster) -> None:
    policy = _create_policy(cluster, cluster.admin, "operator-events")
    core = CoreV1Api(cluster.operator)
    posted = core.create_namespaced_event("default", _event("default", policy, "operator"))
    core.patch_namespaced_event(posted.metadata.name, "default", {"count": 2})
    events = EventsV1Api(cluster.operator)
    posted_v1 = events.create_namespaced_event("default", _events_v1("default", policy, "operator"))
    events.patch_namespaced_event(posted_v1.metadata.name, "default", {"metadata": {"labels": {"seen": "2"}}})

    peering = _custom(cluster.operator)
    assert peering.get_cluster_custom_object("kopf.dev", "v1", "clusterkopfpeerings", "healing-operator")
    assert "healing-operator" in watch_once(peering.list_cluster_custom_object, group="kopf.dev", version="v1",
                                            plural="clusterkopfpeerings")
    peer = {"priority": 0, "lifetime": 60, "lastseen": "2026-11-26T06:00:00", "namespace": None}
    peering.patch_cluster_custom_object("kopf.dev", "v1", "clusterkopfpeerings", "healing-operator",
                                        {"status": {"test-peer": peer}})
    peering.patch_cluster_custom_object("kopf.dev", "v1", "clusterkopfpeerings", "healing-operator",
                                        {"status": {"test-peer": None}})
    ext = kubernetes.client.ApiextensionsV1Api(cluster.operator)
    assert "incidents.healing.insa.io" in [c.metadata.name for c in ext.list_custom_resource_definition().items]
    assert "incidents.healing.insa.io" in watch_once(ext.list_custom_resource_definition)
    assert_rbac_denied(core.list_namespace)  # all its kinds are cluster-scoped: Kopf does not need namespaces


def test_operator_reads_only_the_token_secrets_its_role_names(cluster: Cluster) -> None:
    """The Role names the token Secrets (resourceNames): a policy author pointing tokenSecretRef at another team's
    Secret in healing-system, or at any other namespace, gets nothing."""
    named, other = "healing-github-token", cluster.name("team-b-token")
    admin = CoreV1Api(cluster.admin)
    created = [(OPERATOR_NS, named), (OPERATOR_NS, other), ("default", named)]
    for namespace, name in created:
        with contextlib.suppress(ApiException):  # a leftover of an interrupted run
            admin.delete_namespaced_secret(name, namespace)
        admin.create_namespaced_secret(namespace, {"metadata": {"name": name}, "stringData": {"token": "t0ken"}})
    try:
        core = CoreV1Api(cluster.operator)
        assert core.read_namespaced_secret(named, OPERATOR_NS).data["token"]
        assert_rbac_denied(lambda: core.read_namespaced_secret(other, OPERATOR_NS))
        assert_rbac_denied(lambda: core.read_namespaced_secret(named, "default"))
        assert_rbac_denied(lambda: core.list_namespaced_secret(OPERATOR_NS))  # get by name only, no listing
        assert_rbac_denied(lambda: core.list_secret_for_all_namespaces())
    finally:
        for namespace, name in created:
            admin.delete_namespaced_secret(name, namespace)


def test_operator_has_nothing_else(cluster: Cluster) -> None:
    api = _custom(cluster.operator)
    assert_rbac_denied(lambda: _create_policy(cluster, cluster.operator, "operator-own-policy"))
    name = _create_policy(cluster, cluster.admin, "operator-nodelete")["metadata"]["name"]
    assert_rbac_denied(lambda: api.delete_cluster_custom_object(GROUP, VERSION, POLICY_PLURAL, name))
    core = CoreV1Api(cluster.operator)
    pod = {"metadata": {"name": cluster.name("nope")}, "spec": {"containers": [{"name": "c", "image": "x"}]}}
    assert_rbac_denied(lambda: core.create_namespaced_pod("default", pod))
    assert_rbac_denied(lambda: core.delete_namespaced_pod(cluster.name("web-1"), "default"))
    assert_rbac_denied(lambda: core.patch_namespaced_pod(cluster.name("web-1"), "default",
                                                         {"metadata": {"labels": {"x": "y"}}}))
    assert_rbac_denied(lambda: core.delete_node(cluster.name("node-a")))
    apps = kubernetes.client.AppsV1Api(cluster.operator)
    assert_rbac_denied(lambda: apps.delete_namespaced_deployment(cluster.name("web"), "default"))
    template = {"metadata": {"labels": {"a": "b"}}, "spec": pod["spec"]}
    deployment = {"metadata": {"name": "x"}, "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": template}}
    assert_rbac_denied(lambda: apps.create_namespaced_deployment("default", deployment))
    assert_rbac_denied(lambda: apps.patch_namespaced_replica_set(cluster.name("web"), "default", {}))
    assert_rbac_denied(lambda: apps.list_namespaced_deployment("default"))
    assert_rbac_denied(lambda: core.create_namespace({"metadata": {"name": cluster.name("nope")}}))
    assert_rbac_denied(lambda: kubernetes.client.ApiextensionsV1Api(cluster.operator).delete_custom_resource_definition(
        "incidents.healing.insa.io"))


def test_rules_review_matches_the_manifests(cluster: Cluster) -> None:
    """What each ServiceAccount may do (SelfSubjectRulesReview with its own token, in its own namespace) is exactly
    what manifests/rbac declares, plus what every authenticated user may: no other binding grants them more.
    (Edits that widen the files themselves are caught by tests/unit/test_manifests.py and the denials above.)"""
    defaults = {("authentication.k8s.io", "selfsubjectreviews", "create"),
                ("authorization.k8s.io", "selfsubjectaccessreviews", "create"),
                ("authorization.k8s.io", "selfsubjectrulesreviews", "create")}
    for api, namespace, role_files in ((cluster.operator, OPERATOR_NS, ("operator_role.yaml",
                                                                         "operator_secrets_role.yaml",
                                                                         "operator_workloads_role.yaml")),
                                       (cluster.agent_a, AGENT_NS, ("agent_role.yaml",))):
        review = kubernetes.client.AuthorizationV1Api(api).create_self_subject_rules_review(
            {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview",
             "spec": {"namespace": namespace}})
        granted = {(group, resource, verb)
                   for rule in review.status.resource_rules
                   for group in rule.api_groups or [""]
                   for resource in rule.resources or []
                   for verb in rule.verbs}
        declared = {(group, resource, verb)
                    for role_file in role_files
                    for rule in yaml.safe_load((MANIFESTS / "rbac" / role_file).read_text())["rules"]
                    for group in rule["apiGroups"] for resource in rule["resources"] for verb in rule["verbs"]}
        assert granted - defaults == declared, sorted(granted ^ declared)


def _classified(api: ApiClient, path: str = f"/apis/{GROUP}/{VERSION}/{INCIDENT_PLURAL}",
                body: dict[str, Any] | None = None) -> tuple[str, str]:
    """(FlowSchema uid, priority level uid) the API server's Priority and Fairness put this client's request in
    (a GET, or with `body` a dry-run create): it says so in every response's X-Kubernetes-PF-* headers, a refused
    one's too."""
    method, url, headers, data, _ = api.param_serialize(
        "POST" if body else "GET", path, body=body, query_params=[("dryRun", "All")] if body else None,
        header_params={"Content-Type": "application/json"} if body else None, auth_settings=["BearerToken"])
    response = api.call_api(method, url, header_params=headers, body=data)  # as it came, no raise on a 403
    found = response.getheaders()
    return found.get("X-Kubernetes-PF-FlowSchema-UID", ""), found.get("X-Kubernetes-PF-PriorityLevel-UID", "")


def _uid(plane: ControlPlane, kind: str, name: str) -> str:
    return plane.run_kubectl("get", kind, name, "-o", "jsonpath={.metadata.uid}").stdout


def test_the_agents_requests_queue_in_their_own_priority_level(cluster: Cluster) -> None:
    """manifests/flowcontrol: every agent's requests to healing.insa.io (node-bound token or not; creates, reads)
    land in the healing-agents level, which queues instead of refusing; their other requests and the operator's do
    not; a ServiceAccount that only shares the agents' name in another namespace does not either (a tenant cannot
    move its requests into the agents' queues by naming its account alike)."""
    plane = cluster.plane
    wait_until(lambda: plane.run_kubectl(
        "get", "flowschema", "healing-agents", "-o", "jsonpath={.status.conditions[?(@.type=='Dangling')].status}"
    ).stdout == "False", timeout=30, what="FlowSchema healing-agents checked by the API server (its level exists)")
    level = plane.run_kubectl("get", "prioritylevelconfiguration", "healing-agents", "-o", "json").stdout
    assert yaml.safe_load(level)["spec"]["limited"]["limitResponse"]["type"] == "Queue"
    agents = (_uid(plane, "flowschema", "healing-agents"), _uid(plane, "prioritylevelconfiguration", "healing-agents"))
    assert all(agents)
    for api, node in ((cluster.agent_a, "node-a"), (cluster.agent_b, "node-b"), (cluster.agent_unbound, "node-a")):
        report = {"apiVersion": API_VERSION, "kind": INCIDENT_KIND,
                  "metadata": {"name": cluster.name(f"apf-{node}"), "labels": {NODE_LABEL: cluster.name(node)}},
                  "spec": {"node": cluster.name(node), "target": {"kind": "systemd", "name": "web.service"},
                           "serviceType": "systemd", "failure": "process_crash"}}
        assert _classified(api, body=report) == agents
        assert _classified(api) == agents
        schema, priority = _classified(api, "/api/v1/nodes")  # not healing.insa.io: the cluster's defaults
        assert schema and schema != agents[0] and priority != agents[1]
    schema, priority = _classified(cluster.operator)
    assert schema and schema != agents[0] and priority != agents[1]
    namesake = client_for(plane.service_account_kubeconfig("default", AGENT_SA, duration="1h"))
    try:
        schema, priority = _classified(namesake)
        assert schema and schema != agents[0] and priority != agents[1]
    finally:
        namesake.close()
        plane.run_kubectl("delete", "serviceaccount", AGENT_SA, "-n", "default", "--ignore-not-found")
