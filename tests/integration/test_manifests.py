"""manifests/ against a real kube-apiserver, with the kubectl built from source (its embedded kustomize).

- every kustomization renders, and every rendering passes `kubectl apply --dry-run=server`;
- on a fresh cluster, `kubectl apply -k manifests/` installs everything in two passes (the only custom resource of
  the base, the Kopf peering object, needs its CRD established first) and `kubectl delete -k` removes it again;
- Pod Security: the operator's pod passes `restricted`, the agent's pod is refused there and admitted in its own
  namespace;
- the shadow overlay's admission policy refuses non-Shadow policies;
- `systemd-analyze verify` accepts the single-host unit without a warning.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from controller.constants import API_VERSION, POLICY_KIND
from controller.devenv.controlplane import ControlPlane

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "manifests"
KUSTOMIZATIONS = ["", "default", "flowcontrol", "overlays/no-docker", "overlays/shadow", "argocd", "prometheus/monitor"]
# What the custom resources in the renderings need before a server dry-run can pass.
CRD_DIR = MANIFESTS / "crd"
NAMESPACE_FILES = [MANIFESTS / "manager" / "namespace.yaml", MANIFESTS / "agent" / "namespace.yaml"]
# A stand-in for the Prometheus operator's CRD so that ServiceMonitors can be dry-run here (no registry, no
# prometheus-operator); its schema is open, so the dry-run checks names, kinds and namespaces, not fields.
SERVICEMONITOR_CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "servicemonitors.monitoring.coreos.com"},
    "spec": {
        "group": "monitoring.coreos.com",
        "scope": "Namespaced",
        "names": {"kind": "ServiceMonitor", "plural": "servicemonitors", "singular": "servicemonitor"},
        "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
            "type": "object", "x-kubernetes-preserve-unknown-fields": True}}}],
    },
}


def wait_until(condition: Callable[[], bool], timeout: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)


def render(plane: ControlPlane, relative: str) -> str:
    return plane.run_kubectl("kustomize", str(MANIFESTS / relative)).stdout


def documents(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc]


def install_prerequisites(plane: ControlPlane) -> None:
    """CRDs and namespaces for real (a server dry-run of namespaced objects needs the namespace to exist, and of a
    custom resource its CRD), then wait until the CRDs serve."""
    plane.run_kubectl("apply", "-k", str(CRD_DIR))
    plane.run_kubectl("apply", *[a for f in NAMESPACE_FILES for a in ("-f", str(f))])
    argocd_namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "argocd"}}
    plane.run_kubectl("apply", "-f", "-", input=yaml.safe_dump_all([SERVICEMONITOR_CRD, argocd_namespace]))
    plane.run_kubectl("wait", "--for=condition=Established", "--timeout=60s",
                      "crd/clusterkopfpeerings.kopf.dev", "crd/healingpolicies.healing.insa.io",
                      "crd/incidents.healing.insa.io", "crd/hostreports.healing.insa.io",
                      "crd/servicemonitors.monitoring.coreos.com")


@pytest.fixture(scope="module")
def prepared(control_plane: ControlPlane) -> ControlPlane:
    install_prerequisites(control_plane)
    return control_plane


@pytest.mark.parametrize("relative", KUSTOMIZATIONS, ids=[k or "root" for k in KUSTOMIZATIONS])
def test_server_dry_run(prepared: ControlPlane, relative: str) -> None:
    rendered = render(prepared, relative)
    result = prepared.run_kubectl("apply", "--dry-run=server", "-f", "-", input=rendered, check=False)
    assert result.returncode == 0, result.stderr
    applied = [line for line in result.stdout.splitlines() if line.endswith("(server dry run)")]
    assert len(applied) == len(documents(rendered)), result.stdout
    # (objects created by other tests without `kubectl apply` only get kubectl's last-applied notice)
    warnings = [w for w in result.stderr.splitlines() if "Warning" in w and "last-applied-configuration" not in w]
    assert not warnings, result.stderr


def test_apply_k_dry_run_server_on_the_root(prepared: ControlPlane) -> None:
    """The exact command of the docs, on the directory (not a rendering piped in)."""
    result = prepared.run_kubectl("apply", "-k", str(MANIFESTS), "--dry-run=server", check=False)
    assert result.returncode == 0, result.stderr


def test_root_renders_like_default_and_overlays_change_only_what_they_say(prepared: ControlPlane) -> None:
    base = documents(render(prepared, ""))
    assert base == documents(render(prepared, "default"))
    kinds = sorted(f"{d['kind']}/{d['metadata']['name']}" for d in base)
    assert "Deployment/healing-operator" in kinds and "DaemonSet/healing-agent" in kinds

    def daemonset(docs: list[dict[str, Any]]) -> dict[str, Any]:
        return next(d for d in docs if d["kind"] == "DaemonSet")

    image = daemonset(base)["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == "ghcr.io/insa/healing-operator:0.1.0"

    no_docker = documents(render(prepared, "overlays/no-docker"))
    pod = daemonset(no_docker)["spec"]["template"]["spec"]
    assert "--no-docker" in pod["containers"][0]["args"]
    assert all(v["name"] != "docker" for v in pod["volumes"])
    assert all(m["mountPath"] != "/var/run/docker.sock" for m in pod["containers"][0]["volumeMounts"])
    others = [d for d in no_docker if d["kind"] != "DaemonSet"]
    assert others == [d for d in base if d["kind"] != "DaemonSet"]

    shadow = documents(render(prepared, "overlays/shadow"))
    policies = [d for d in shadow if d["kind"] == POLICY_KIND]
    assert policies and all(p["spec"]["mode"] == "Shadow" for p in policies)
    assert any(d["kind"] == "ValidatingAdmissionPolicy" and d["metadata"]["name"] == "healing-shadow-only"
               for d in shadow)


def _pod_from(template_owner: dict[str, Any], namespace: str, name: str) -> dict[str, Any]:
    template = template_owner["spec"]["template"]
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace, "labels": template["metadata"]["labels"]},
            "spec": template["spec"]}


def test_pod_security_admission(prepared: ControlPlane) -> None:
    """Pod Security is enforced on pods, not on Deployments: dry-run the pods the controllers would create."""
    base = documents(render(prepared, ""))
    deployment = next(d for d in base if d["kind"] == "Deployment")
    daemonset = next(d for d in base if d["kind"] == "DaemonSet")

    def dry_run(pod: dict[str, Any]) -> subprocess.CompletedProcess[str]:
        return prepared.run_kubectl("create", "--dry-run=server", "-f", "-", input=json.dumps(pod), check=False)

    operator_pod = dry_run(_pod_from(deployment, "healing-system", "operator-psa"))
    assert operator_pod.returncode == 0, operator_pod.stderr
    assert "would violate" not in operator_pod.stderr

    agent_in_restricted = dry_run(_pod_from(daemonset, "healing-system", "agent-psa"))
    assert agent_in_restricted.returncode != 0
    assert 'violates PodSecurity "restricted' in agent_in_restricted.stderr
    for needed in ("hostNetwork", "hostPID", "hostPath"):
        assert needed in agent_in_restricted.stderr

    agent_pod = dry_run(_pod_from(daemonset, "healing-agent", "agent-psa"))
    assert agent_pod.returncode == 0, agent_pod.stderr


def _policy(name: str, mode: str | None, labels: dict[str, str]) -> dict[str, Any]:
    spec: dict[str, Any] = {"targets": [{"kind": "systemd", "match": "web.service"}]}
    if mode:
        spec["mode"] = mode
    return {"apiVersion": API_VERSION, "kind": POLICY_KIND, "metadata": {"name": name, "labels": labels},
            "spec": spec}


@pytest.fixture
def shadow_guard(prepared: ControlPlane, request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The shadow overlay's ValidatingAdmissionPolicy as shipped, bound only to objects with a test label so that
    other tests sharing this API server keep creating Auto policies."""
    label = {"healing-test/shadow-guard": request.node.name[-40:].replace("[", "-").replace("]", "")}
    policy, binding = documents((MANIFESTS / "overlays/shadow/shadow-only-policy.yaml").read_text())
    binding["metadata"]["name"] = f"{binding['metadata']['name']}-test"
    binding["spec"]["matchResources"] = {"objectSelector": {"matchLabels": label}}
    applied = yaml.safe_dump_all([policy, binding])
    prepared.run_kubectl("apply", "-f", "-", input=applied)
    try:
        yield label
    finally:
        prepared.run_kubectl("delete", "--ignore-not-found", "-f", "-", input=applied)
        prepared.run_kubectl("delete", "healingpolicies", "-l", ",".join(f"{k}={v}" for k, v in label.items()),
                             "--ignore-not-found")


def test_shadow_overlay_refuses_other_modes(prepared: ControlPlane, shadow_guard: dict[str, str]) -> None:
    def create(name: str, mode: str | None, *extra: str) -> subprocess.CompletedProcess[str]:
        return prepared.run_kubectl("create", *extra, "-f", "-",
                                    input=json.dumps(_policy(name, mode, shadow_guard)), check=False)

    # The policy informer needs a moment to see a new ValidatingAdmissionPolicy: wait for the first refusal
    # (a server dry-run goes through admission and creates nothing).
    wait_until(lambda: create("shadow-guard-auto", "Auto", "--dry-run=server").returncode != 0,
               what="the shadow guard to enforce")
    refused = create("shadow-guard-auto", "Auto")
    assert "healing-shadow-only" in refused.stderr and "set spec.mode to Shadow" in refused.stderr
    defaulted = create("shadow-guard-default", None)  # the CRD defaults mode to Auto: refused as well
    assert defaulted.returncode != 0 and "(got Auto)" in defaulted.stderr, defaulted.stderr

    assert create("shadow-guard-ok", "Shadow").returncode == 0
    patch = json.dumps({"spec": {"mode": "Approve"}})
    switched = prepared.run_kubectl("patch", "healingpolicy", "shadow-guard-ok", "--type=merge", "-p", patch,
                                    check=False)
    assert switched.returncode != 0 and "healing-shadow-only" in switched.stderr
    # Metadata-only writes (the operator's finalizer, annotations) still pass.
    prepared.run_kubectl("annotate", "healingpolicy", "shadow-guard-ok", "example.com/touched=yes")


def test_fresh_cluster_install_and_uninstall(control_plane: ControlPlane) -> None:
    """The documented install on a cluster that has never seen the CRDs: the first `kubectl apply -k manifests/`
    creates everything but the Kopf peering object (its CRD is not established yet), the second completes it;
    `kubectl delete -k manifests/` removes it all."""
    with ControlPlane(binaries=control_plane.binaries, progress=False) as fresh:
        first = fresh.run_kubectl("apply", "-k", str(MANIFESTS), check=False)
        missing = [line for line in first.stderr.splitlines() if "no matches for kind" in line]
        assert first.returncode != 0 and missing and all("ClusterKopfPeering" in line for line in missing), (
            first.stderr
        )
        fresh.run_kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all")
        second = fresh.run_kubectl("apply", "-k", str(MANIFESTS), check=False)
        assert second.returncode == 0, second.stderr
        assert "clusterkopfpeering.kopf.dev/healing-operator created" in second.stdout
        expected = {f"{d['kind']}/{d['metadata']['name']}" for d in documents(render(fresh, ""))}
        listed = fresh.run_kubectl(
            "get", "-k", str(MANIFESTS), "-o", "jsonpath={range .items[*]}{.kind}/{.metadata.name}{'\\n'}{end}"
        ).stdout.split()
        assert set(listed) == expected

        # CRDs come first in the rendering: their custom resources (the peering) go with them, hence
        # --ignore-not-found, as in docs/deployment.md.
        # There is no kube-controller-manager here, so namespaces stay Terminating instead of going away.
        fresh.run_kubectl("delete", "-k", str(MANIFESTS), "--ignore-not-found", "--wait=false")
        # CRDs go asynchronously (the API server first removes their custom resources): each of them, not only one.
        # The API server's CRD finalizer retries with exponential backoff when its storage for the CRD is not ready
        # yet, which on a loaded machine (CI, 2 cores) took longer than a minute once: hence the generous deadline,
        # and the leftovers with their finalizers and conditions in the message if it is ever missed.
        def leftovers() -> list[dict[str, Any]]:
            left = fresh.run_kubectl("get", "-k", str(MANIFESTS), "--ignore-not-found", "-o", "json").stdout
            return json.loads(left)["items"] if left.strip() else []

        def deleted_or_nudged() -> bool:
            items = leftovers()
            for item in items:
                # the API server's CRD finalizer could not list the instances while the CRD's storage was
                # re-initializing and backs off exponentially (seen twice in full runs: still stuck after 180 s). Any
                # update of the CRD makes it try again at once: the remedy docs/deployment.md gives users.
                conditions = item.get("status", {}).get("conditions") or []
                if item["kind"] == "CustomResourceDefinition" and any(
                    c.get("reason") == "InstanceDeletionFailed" for c in conditions
                ):
                    fresh.run_kubectl("annotate", "--overwrite", "crd", item["metadata"]["name"],
                                      f"healing.insa.io/retry-deletion={time.monotonic_ns()}", check=False)
            return all(item["kind"] == "Namespace" for item in items)

        try:
            wait_until(deleted_or_nudged, timeout=180,
                       what="everything but the namespaces to be deleted")
        except AssertionError as timed_out:
            left = [
                f"{i['kind']}/{i['metadata']['name']} finalizers={i['metadata'].get('finalizers')} "
                f"conditions={i.get('status', {}).get('conditions')}"
                for i in leftovers()
            ]
            raise AssertionError(f"{timed_out}; left: {left}") from None
        assert all(item["metadata"].get("deletionTimestamp") for item in leftovers())


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    """`systemd-analyze verify` (systemd 252, Debian bookworm: the test node image) accepts healing-up.service with
    no warning: every directive is known and every value parses (a typo only warns, so the output must be empty)."""
    from controller.devenv.docker_engine import ensure_docker
    from controller.devenv.images import ensure_node_image
    from tests.plugins.docker_nodes import run_labels

    client = ensure_docker()
    image = ensure_node_image(client)
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "healing").write_text("#!/bin/sh\nexit 0\n")
    (stub / "healing").chmod(0o755)
    unit = MANIFESTS / "systemd" / "healing-up.service"
    output = client.containers.run(
        image.id, ["sh", "-c", "mkdir -p /opt/healing && systemd-analyze verify /etc/systemd/system/healing-up.service"
                   " && echo verified"],
        entrypoint="", remove=True, network_mode="none", stdout=True, stderr=True, labels=run_labels(),
        volumes={str(unit): {"bind": "/etc/systemd/system/healing-up.service", "mode": "ro"},
                 str(stub): {"bind": "/opt/healing/.venv/bin", "mode": "ro"}},
    ).decode()
    assert output.strip() == "verified", output
