"""The shipped manifests on a real one-node cluster (controller/devenv/kube_node.py): a kubelet in a systemd node
container with containerd, Docker and kube-proxy, kube-controller-manager and kube-scheduler next to the apiserver.

- `kubectl apply -k manifests/` (two passes, as documented) brings the operator Deployment and the agent DaemonSet to
  Ready from the locally built image imported into the node's containerd; the pods carry kubelet-issued, node-bound
  ServiceAccount tokens;
- a failing systemd unit of the node is healed by the agent *pod* (the node's own systemd over the DaemonSet's D-Bus
  mount), decided by the operator pods;
- cleanDisk acts on the node's /var/tmp through the DaemonSet's own mounts and its allow-list ConfigMap;
- the tokens read from inside the pods are refused what RBAC and the own-node admission policy forbid;
- the no-docker and shadow overlays apply on the same cluster.

`healing dev up --node` / `dev down`: test_node_dev.py (its own module, so that no other node runs meanwhile).
"""

from __future__ import annotations

import base64
import json
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import pytest
from kubernetes.client import CoreV1Api, CustomObjectsApi

from controller.agent.testing import Cluster, wait_for
from controller.api.incident import incident_name
from controller.constants import API_VERSION, GROUP, INCIDENT_PLURAL, NODE_LABEL, VERSION
from controller.devenv.base_image import IMAGE, build_image
from controller.devenv.build import NodeBinaries
from controller.devenv.controlplane import ControlPlane, write_kubeconfig
from controller.devenv.images import ensure_kube_node_image
from controller.devenv.kube_node import (
    KubeNode,
    node_cluster,
)
from tests.integration.test_manifests import MANIFESTS
from tests.integration.test_rbac import (
    AGENT_NS,
    OPERATOR_NS,
    POD_INCIDENTS_POLICY,
    assert_admission_denied,
    assert_node_policy_denied,
    assert_rbac_denied,
    client_for,
    status_of,
)
from tests.plugins.docker_nodes import run_labels

pytestmark = pytest.mark.integration

TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token"


@dataclass
class NodeCluster:
    plane: ControlPlane
    node: KubeNode
    image_id: str

    def kubectl(self, *args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.plane.run_kubectl(*args, input=input, check=check)

    def get(self, *args: str) -> dict[str, Any]:
        return dict(json.loads(self.kubectl("get", *args, "-o", "json").stdout))

    def pods(self, namespace: str, selector: str) -> list[dict[str, Any]]:
        return list(self.get("pods", "-n", namespace, "-l", selector)["items"])

    def diagnostics(self) -> str:
        pods = self.kubectl("get", "pods", "-A", "-o", "wide", check=False).stdout
        events = self.kubectl("get", "events", "-A", "--sort-by=.lastTimestamp", check=False).stdout[-4000:]
        return f"{pods}\n{events}\nkubelet:\n{self.node.journal('kubelet.service', 30)}"


@pytest.fixture(scope="module")
def kube_cluster(
    docker_client: docker.DockerClient, node_binaries: NodeBinaries, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NodeCluster]:
    ensure_kube_node_image(docker_client)
    image, seconds = build_image(docker_client, IMAGE)
    started = time.monotonic()
    with node_cluster(docker_client, node_binaries, images={IMAGE: str(image.id)}, labels=run_labels(),
                      log_dir=tmp_path_factory.mktemp("node-cluster-logs")) as (plane, node):
        print(f"image built in {seconds:.0f}s; control plane + node Ready in {time.monotonic() - started:.1f}s "
              f"(node {node.started_seconds:.1f}s)")
        yield NodeCluster(plane, node, str(image.id))


def _ready(cluster: NodeCluster) -> bool:
    deployment = cluster.get("deployment", "-n", OPERATOR_NS, "healing-operator")
    daemonset = cluster.get("daemonset", "-n", AGENT_NS, "healing-agent")
    ds = daemonset.get("status", {})
    return (
        deployment.get("status", {}).get("readyReplicas") == deployment["spec"]["replicas"]
        and deployment.get("status", {}).get("updatedReplicas") == deployment["spec"]["replicas"]
        and ds.get("desiredNumberScheduled") == 1
        and ds.get("numberReady") == 1
        and ds.get("updatedNumberScheduled") == 1
        and ds.get("observedGeneration") == daemonset["metadata"]["generation"]
    )


def wait_rolled_out(cluster: NodeCluster, timeout: float = 180) -> None:
    try:
        wait_for(lambda: _ready(cluster), timeout, "the operator Deployment and the agent DaemonSet to be Ready",
                 interval=0.5)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{cluster.diagnostics()}") from exc


@pytest.fixture(scope="module")
def installed(kube_cluster: NodeCluster) -> NodeCluster:
    """`kubectl apply -k manifests/` on a cluster that has never seen the CRDs: the first pass creates everything but
    the Kopf peering object (its CRD is not established yet), the second completes it (docs/deployment.md)."""
    first = kube_cluster.kubectl("apply", "-k", str(MANIFESTS), check=False)
    missing = [line for line in first.stderr.splitlines() if "no matches for kind" in line]
    assert first.returncode != 0 and missing and all("ClusterKopfPeering" in line for line in missing), first.stderr
    kube_cluster.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all")
    second = kube_cluster.kubectl("apply", "-k", str(MANIFESTS), check=False)
    assert second.returncode == 0, second.stderr
    wait_rolled_out(kube_cluster)
    return kube_cluster


def _agent_pod(cluster: NodeCluster) -> dict[str, Any]:
    """The DaemonSet's one pod (one that is being deleted after a rollout does not count)."""
    pods = cluster.pods(AGENT_NS, "app.kubernetes.io/name=healing-agent")
    (pod,) = [p for p in pods if not p["metadata"].get("deletionTimestamp")]
    return pod


def _claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def pod_token(cluster: NodeCluster, namespace: str, pod: str) -> str:
    """The ServiceAccount token as the pod's own process sees it (`kubectl exec`, through the kubelet)."""
    return cluster.kubectl("exec", "-n", namespace, pod, "--", "cat", TOKEN_PATH).stdout.strip()


def test_manifests_run_on_the_kubelet(installed: NodeCluster) -> None:
    """Both workloads are Ready, on the node, from the image built here (containerd's image id is Docker's), with
    the kubelet's projected token volume; the agent pod reaches the node's systemd and Docker."""
    node = installed.node.name
    operators = installed.pods(OPERATOR_NS, "app.kubernetes.io/name=healing-operator")
    agent = _agent_pod(installed)
    assert len(operators) == 2
    for pod in [*operators, agent]:
        assert pod["spec"]["nodeName"] == node
        (status,) = pod["status"]["containerStatuses"]
        assert status["ready"] and status["image"] == IMAGE and status["imageID"].endswith(installed.image_id), status
        projected = [v for v in pod["spec"]["volumes"] if v["name"].startswith("kube-api-access-")]
        assert projected and "projected" in projected[0], pod["spec"]["volumes"]
    # the operator pods are on the pod network, the agent on the node's
    assert all(p["status"]["podIP"].startswith("10.244.0.") for p in operators)
    assert agent["status"]["podIP"] == installed.node.ip_address

    api = Cluster(installed.plane.kubeconfig)
    try:
        report = wait_for(lambda: (r := api.hostreport(node)) and r.get("status") and r["status"].get(
            "systemdConnected") and r["status"].get("dockerConnected") and r, 60,
            f"the agent pod's HostReport for {node} with systemd and Docker connected")
    finally:
        api.close()
    assert report["spec"]["node"] == node


def test_pod_tokens_are_issued_by_the_kubelet_and_bound_to_the_node(installed: NodeCluster) -> None:
    agent = _agent_pod(installed)
    claims = _claims(pod_token(installed, AGENT_NS, agent["metadata"]["name"]))
    kube = claims["kubernetes.io"]
    assert kube["serviceaccount"]["name"] == "healing-agent" and kube["namespace"] == AGENT_NS
    assert kube["pod"] == {"name": agent["metadata"]["name"], "uid": agent["metadata"]["uid"]}
    assert kube["node"]["name"] == installed.node.name
    operator = installed.pods(OPERATOR_NS, "app.kubernetes.io/name=healing-operator")[0]
    operator_claims = _claims(pod_token(installed, OPERATOR_NS, operator["metadata"]["name"]))
    assert operator_claims["sub"] == "system:serviceaccount:healing-system:healing-operator"


@dataclass
class Policies:
    """The healing CRs as the admin; the policies a test applies and its node's incidents are deleted after it."""

    api: Cluster
    node: str
    names: list[str]

    def apply(self, name: str, spec: dict[str, Any]) -> None:
        self.names.append(name)
        self.api.apply_policy(name, spec)


@pytest.fixture
def policies(installed: NodeCluster) -> Iterator[Policies]:
    made = Policies(Cluster(installed.plane.kubeconfig), installed.node.name, [])
    try:
        yield made
    finally:
        for name in made.names:
            made.api.delete_policy(name)
        made.api.delete_incidents(made.node)
        made.api.close()


def wait_watching(cluster: NodeCluster, policy: str) -> None:
    """The agent pod logs the policies it watches: wait until it has this one."""
    agent = _agent_pod(cluster)["metadata"]["name"]
    wait_for(lambda: policy in cluster.kubectl("logs", "-n", AGENT_NS, agent, "--tail=200").stdout, 60,
             f"the agent pod to watch policy {policy}", interval=0.5)


def _wait_phase(api: Cluster, name: str, phase: str, timeout: float) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def reached() -> dict[str, Any] | None:
        seen.clear()
        seen.update((api.incident(name) or {}).get("status") or {})
        return dict(seen) if seen.get("phase") == phase else None

    try:
        return wait_for(reached, timeout, f"incident {name} in phase {phase}", interval=0.25)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; last status: {json.dumps(seen)[:3000]}") from exc


def test_failing_unit_is_healed_by_the_agent_pod(installed: NodeCluster, policies: Policies) -> None:
    """A unit of the node fails (connection refused on its first run); the agent pod detects it from the node's
    systemd and journal, the operator pods decide a restart, the agent pod restarts it over the node's D-Bus, and the
    operator verifies it healthy."""
    node, api = installed.node, policies.api
    suffix = uuid.uuid4().hex[:6]
    unit, policy = f"app-db-client-{suffix}.service", f"node-heal-{suffix}"
    marker = f"/var/lib/healing-e2e-{suffix}"
    node.node.install_unit(unit, (
        "[Service]\nExecStart=/bin/sh -c '"
        f"if [ -e {marker} ]; then echo connected; exec sleep 600; fi; mkdir -p {marker}; "
        "echo \"Error: connect ECONNREFUSED 127.0.0.1:5432\" >&2; exit 1'\n"
    ))
    policies.apply(policy, {
        "nodeSelector": {"matchLabels": {"kubernetes.io/hostname": node.name}},
        "targets": [{"kind": "systemd", "match": unit}],
        "actions": ["restart"],
        "confidenceThreshold": 0.3,
        "verify": {"after": "1s", "healthyFor": "3s", "timeout": "1m"},
    })
    wait_watching(installed, policy)
    node.exec(["systemctl", "start", unit])
    found = api.wait_incident(node.name, lambda i: i["spec"]["target"]["name"] == unit, 60, f"the incident of {unit}")
    name = found["metadata"]["name"]
    assert found["spec"]["node"] == node.name and found["metadata"]["labels"][NODE_LABEL] == node.name
    status = _wait_phase(api, name, "Resolved", 120)
    assert status["policy"] == policy and status["reason"] == "Verified", status
    assert [(a["action"], a["result"]) for a in status["attempts"]] == [("restart", "Succeeded")], status
    assert node.exec(["systemctl", "is-active", unit])[1].strip() == "active"
    node.exec(["systemctl", "stop", unit])
    node.exec(["rm", "-rf", marker])


def test_clean_disk_acts_on_the_node_through_the_daemonset_mounts(installed: NodeCluster, policies: Policies) -> None:
    """cleanDisk of /var/tmp/<dir> on the node, executed by the agent pod through its hostPath /var/tmp and its
    allow-list ConfigMap: old files go, new ones and the target of a planted link stay."""
    node, api = installed.node, policies.api
    suffix = uuid.uuid4().hex[:6]
    policy, cache = f"node-paths-{suffix}", f"/var/tmp/healing-e2e-{suffix}"
    node.check(f"mkdir -p {cache} /var/lib/healing-e2e-keep-{suffix} && cd {cache} && "
               "echo old > old.log && echo new > new.log && touch -d '10 days ago' old.log && "
               f"echo precious > /var/lib/healing-e2e-keep-{suffix}/precious && "
               f"touch -d '10 days ago' /var/lib/healing-e2e-keep-{suffix}/precious && "
               f"ln -s /var/lib/healing-e2e-keep-{suffix}/precious planted.log")
    try:
        policies.apply(policy, {
            "nodeSelector": {"matchLabels": {"kubernetes.io/hostname": node.name}}, "mode": "Shadow",
            "actions": ["cleanDisk"],
            "targets": [{"kind": "disk", "path": cache, "interval": "1h"}],
            "actionOptions": {"cleanDisk": {"paths": [cache], "olderThan": "24h"}},
        })
        wait_watching(installed, policy)
        name = incident_name(node.name, "disk", cache, "disk_full")
        api.create_incident({
            "apiVersion": API_VERSION, "kind": "Incident",
            "metadata": {"name": name, "labels": {NODE_LABEL: node.name}},
            "spec": {"node": node.name, "target": {"kind": "disk", "name": cache}, "serviceType": "systemd",
                     "failure": "disk_full"},
        })
        # what the operator does in Auto mode; in Shadow mode it records the decision only, so the test requests it
        execution = api.wait_execution(name, api.request_action(name, "cleanDisk", policy=policy), 60)
        assert execution["result"] == "Succeeded", execution
        listing = node.check(f"ls -A {cache}").split()
        assert sorted(listing) == ["new.log", "planted.log"], listing
        assert node.check(f"cat /var/lib/healing-e2e-keep-{suffix}/precious").strip() == "precious"
    finally:
        node.exec(f"rm -rf {cache} /var/lib/healing-e2e-keep-{suffix}")


def _incident_body(node: str, suffix: str) -> dict[str, Any]:
    target = f"rbac-{suffix}.service"
    return {
        "apiVersion": API_VERSION, "kind": "Incident",
        "metadata": {"name": incident_name(node, "systemd", target, "process_crash"), "labels": {NODE_LABEL: node}},
        "spec": {"node": node, "target": {"kind": "systemd", "name": target}, "serviceType": "systemd",
                 "failure": "process_crash"},
    }


def _token_kubeconfig(cluster: NodeCluster, token: str, user: str) -> Path:
    ca = cluster.plane.ca
    assert ca is not None
    return write_kubeconfig(cluster.plane.workdir / "users" / f"{user}.kubeconfig", cluster.plane.server_url,
                            ca.cert_pem, user, {"token": token})


def test_pod_tokens_are_refused_what_rbac_and_admission_forbid(installed: NodeCluster) -> None:
    """With the tokens read from inside the pods: the agent may write its own node's Incident but not another
    node's (admission policy) and reads no Secret (RBAC); the operator creates no Incident but a pod's (admission
    policy) and reads no other Secret."""
    node = installed.node.name
    agent_pod = _agent_pod(installed)["metadata"]["name"]
    operator_pod = installed.pods(OPERATOR_NS, "app.kubernetes.io/name=healing-operator")[0]["metadata"]["name"]
    agent = client_for(_token_kubeconfig(installed, pod_token(installed, AGENT_NS, agent_pod), "agent-pod"))
    operator = client_for(_token_kubeconfig(installed, pod_token(installed, OPERATOR_NS, operator_pod), "operator-pod"))
    suffix = uuid.uuid4().hex[:6]
    try:
        agent_crs = CustomObjectsApi(agent)

        def create(body: dict[str, Any], api: CustomObjectsApi = agent_crs) -> Callable[[], Any]:
            return lambda: api.create_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, body, dry_run="All")

        own = create(_incident_body(node, suffix))
        assert status_of(own) == (200, ""), status_of(own)  # the token works and is bound to this node (dry run)
        other = _incident_body("another-node", suffix)
        assert_node_policy_denied(create(other), "an agent may only write objects of its own node")
        relabelled = _incident_body(node, suffix)
        relabelled["metadata"]["labels"][NODE_LABEL] = "another-node"
        assert_node_policy_denied(create(relabelled), "must name the agent's own node")
        agent_core = CoreV1Api(agent)
        assert_rbac_denied(lambda: agent_core.list_namespaced_secret(AGENT_NS))
        assert_rbac_denied(lambda: agent_core.list_secret_for_all_namespaces())
        assert_rbac_denied(lambda: agent_core.read_namespaced_secret("healing-github-token", OPERATOR_NS))

        # the operator may create only pod incidents (RBAC grants create, its admission policy narrows it): a unit's
        # failure is reported by the agent of its node, never invented by the operator
        assert_admission_denied(create(_incident_body(node, suffix), CustomObjectsApi(operator)), POD_INCIDENTS_POLICY,
                                "the operator creates only the Incidents of pod targets; a systemd target is reported "
                                "by the agent of its node")
        operator_core = CoreV1Api(operator)
        assert_rbac_denied(lambda: operator_core.list_namespaced_secret(OPERATOR_NS))
        assert_rbac_denied(lambda: operator_core.read_namespaced_secret("another-secret", OPERATOR_NS))
        assert_rbac_denied(lambda: operator_core.read_namespaced_secret("healing-github-token", AGENT_NS))
    finally:
        agent.close()
        operator.close()


def test_overlays_apply_on_the_node(installed: NodeCluster) -> None:
    """no-docker: the DaemonSet rolls out without the Docker socket and the agent reports Docker disconnected.
    shadow: its policy and admission guard are installed and enforced. The base is restored afterwards."""
    cluster, node = installed, installed.node.name
    api = Cluster(cluster.plane.kubeconfig)
    try:
        cluster.kubectl("apply", "-k", str(MANIFESTS / "overlays" / "no-docker"))
        wait_rolled_out(cluster)
        pod = _agent_pod(cluster)
        assert "--no-docker" in pod["spec"]["containers"][0]["args"]
        assert all(v["name"] != "docker" for v in pod["spec"]["volumes"])
        # the old pod reported Docker connected: False comes from the new one
        wait_for(lambda: ((api.hostreport(node) or {}).get("status") or {}).get("dockerConnected") is False, 60,
                 "the no-docker agent's HostReport")
        assert api.hostreport(node)["status"]["systemdConnected"]  # type: ignore[index]

        cluster.kubectl("apply", "-k", str(MANIFESTS / "overlays" / "shadow"))
        wait_rolled_out(cluster)
        assert cluster.get("hpol", "shadow-everything")["spec"]["mode"] == "Shadow"
        policy = {"apiVersion": API_VERSION, "kind": "HealingPolicy", "metadata": {"name": "not-shadow"},
                  "spec": {"targets": [{"kind": "systemd", "match": "x.service"}], "mode": "Auto"}}

        def refused() -> bool:
            got = cluster.kubectl("create", "--dry-run=server", "-f", "-", input=json.dumps(policy), check=False)
            return got.returncode != 0 and "healing-shadow-only" in got.stderr

        wait_for(refused, 30, "the shadow overlay's admission policy to refuse an Auto policy", interval=0.5)
    finally:
        for path in ("overlays/shadow/shadow-only-policy.yaml", "overlays/shadow/shadow-policy.yaml"):
            cluster.kubectl("delete", "--ignore-not-found", "-f", str(MANIFESTS / path))
        cluster.kubectl("apply", "-k", str(MANIFESTS))
        api.close()
    wait_rolled_out(cluster)
    assert "--no-docker" not in _agent_pod(cluster)["spec"]["containers"][0]["args"]
