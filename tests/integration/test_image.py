"""The Dockerfile, built without a registry on the locally debootstrapped base image, runs `healing` as the
manifests run it: non-root with a read-only root filesystem and no capabilities (operator), with the pinned
dependency versions of this virtualenv, journalctl for the agent, and no HEALTHCHECK. Then both components run
from the image against the real API server with the securityContext of their manifest and their ServiceAccount
token: the operator (read-only, uid 65532, no capabilities) reconciles a policy; the agent (root with its few
capabilities, host PID and network, Docker socket) reports its node with Docker connected.

Cold, the first build takes a few minutes (debootstrap + pip wheel); the base tarball, the wheels and Docker's
layer cache make later builds take seconds.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import shutil
import stat
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker
import pytest
import yaml
from docker.models.containers import Container
from docker.models.images import Image

from controller import __version__
from controller.agent.testing import Cluster
from controller.api.incident import incident_name
from controller.constants import API_VERSION, NODE_LABEL, POLICY_KIND
from controller.devenv.base_image import IMAGE, build_image
from controller.devenv.controlplane import ControlPlane, free_ports
from controller.devenv.docker_engine import ensure_docker
from tests.integration.test_manifests import MANIFESTS, install_prerequisites, wait_until
from tests.integration.test_rbac import AGENT_NS, API_REFUSAL, OPERATOR_NS, OPERATOR_SA, _node_bound_kubeconfig
from tests.plugins.docker_nodes import run_labels

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
MAX_SIZE_MB = 400


@pytest.fixture(scope="module")
def docker_client() -> Iterator[docker.DockerClient]:
    client = ensure_docker()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="module")
def image(docker_client: docker.DockerClient) -> Image:
    built, seconds = build_image(docker_client, IMAGE)
    print(f"{IMAGE}: {built.attrs['Size'] / 1e6:.0f} MB, built in {seconds:.0f}s")
    return built


def run(client: docker.DockerClient, image: Image, *args: str, **options: object) -> str:
    """Run the image to completion, removed afterwards also when it fails (ContainerError)."""
    output = client.containers.run(image.id, list(args), remove=True, stdout=True, stderr=True, labels=run_labels(),
                                   **options)
    return output.decode() if isinstance(output, bytes) else str(output)


# How the operator's Deployment runs it (manifests/manager/deployment.yaml).
LOCKED_DOWN = {"read_only": True, "cap_drop": ["ALL"], "security_opt": ["no-new-privileges"],
               "tmpfs": {"/tmp": "size=64m"}, "network_mode": "none"}


def test_help_and_version(docker_client: docker.DockerClient, image: Image) -> None:
    text = run(docker_client, image, "--help", **LOCKED_DOWN)
    for command in ("operator", "agent", "crds", "analyze"):
        assert command in text
    assert run(docker_client, image, "--version", **LOCKED_DOWN).strip() == f"healing {__version__}"
    assert run(docker_client, image, "agent", "--help", **LOCKED_DOWN).count("--no-docker") == 1


def test_crds_from_the_image_equal_the_repository(docker_client: docker.DockerClient, image: Image) -> None:
    printed = [doc for doc in yaml.safe_load_all(run(docker_client, image, "crds", **LOCKED_DOWN)) if doc]
    files = [yaml.safe_load(f.read_text()) for f in ROOT.joinpath("crds").glob("*.yaml")]
    by_name = {doc["metadata"]["name"]: doc for doc in files}
    assert {doc["metadata"]["name"]: doc for doc in printed} == by_name and len(printed) == len(files)


def test_runs_as_non_root_without_healthcheck(image: Image) -> None:
    config = image.attrs["Config"]
    assert config["User"] == "65532:65532"
    assert config["Entrypoint"] == ["healing"]
    assert not config.get("Healthcheck")
    size_mb = image.attrs["Size"] / 1e6
    assert size_mb < MAX_SIZE_MB, f"image is {size_mb:.0f} MB"


def test_dependencies_are_the_tested_versions(docker_client: docker.DockerClient, image: Image) -> None:
    """The lock in dist/deps/requirements.txt is this virtualenv's versions: the image runs what the tests ran."""
    packages = ("kopf", "kubernetes", "pydantic", "docker", "dbus-fast", "hyperscan", "prometheus-client")
    script = "import importlib.metadata as m, sys; print(' '.join(m.version(p) for p in sys.argv[1:]))"
    inside = run(docker_client, image, "-c", script, *packages, entrypoint="/opt/healing/bin/python").split()
    assert inside == [importlib.metadata.version(p) for p in packages]


def test_agent_tools_present(docker_client: docker.DockerClient, image: Image) -> None:
    """The agent runs as root (DaemonSet securityContext) and reads unit logs with journalctl."""
    out = run(docker_client, image, "--version", entrypoint="journalctl", user="0:0", network_mode="none")
    assert out.startswith("systemd ")


# --- the image as the manifests run it, against the real API server -----------------------------------------


def _container_kubeconfig(kubeconfig: Path, tmp_path: Path) -> Path:
    """A copy readable by the operator's uid 65532 inside the container (the token and CA are embedded)."""
    copy = tmp_path / "kubeconfig"
    copy.write_text(kubeconfig.read_text())
    copy.chmod(0o644)
    return copy


def _pod_spec(kind: str) -> dict[str, Any]:
    path = MANIFESTS / ("manager/deployment.yaml" if kind == "operator" else "agent/daemonset.yaml")
    return yaml.safe_load(path.read_text())["spec"]["template"]["spec"]


def _docker_security(pod: dict[str, Any]) -> dict[str, Any]:
    """The container securityContext of a manifest, in Docker's terms."""
    (container,) = pod["containers"]
    security = {**pod.get("securityContext", {}), **container["securityContext"]}
    options: dict[str, Any] = {
        "read_only": security["readOnlyRootFilesystem"],
        "cap_drop": security["capabilities"]["drop"],
        "cap_add": security["capabilities"].get("add", []),
        "tmpfs": {"/tmp": "size=64m"},
    }
    if not security.get("allowPrivilegeEscalation", True):
        options["security_opt"] = ["no-new-privileges"]
    uid, gid = security.get("runAsUser"), security.get("runAsGroup", security.get("runAsUser"))
    if uid is not None:
        options["user"] = f"{uid}:{gid}"
    if pod.get("hostPID"):
        options["pid_mode"] = "host"
    return options


@contextlib.contextmanager
def _running(client: docker.DockerClient, image: Image, args: list[str], **options: Any) -> Iterator[Container]:
    container = client.containers.run(image.id, args, detach=True, network_mode="host", labels=run_labels(), **options)
    try:
        yield container
    finally:
        with contextlib.suppress(docker.errors.APIError):
            container.remove(force=True)


def _logs(container: Container) -> str:
    return container.logs().decode(errors="replace")


def _assert_no_refusal(logs: str) -> None:
    assert not API_REFUSAL.search(logs) and "Read-only file system" not in logs, logs


def test_operator_container_as_deployed(
    docker_client: docker.DockerClient, image: Image, control_plane: ControlPlane, tmp_path: Path
) -> None:
    """`healing operator` in the image with the Deployment's securityContext (uid 65532, read-only root filesystem,
    no capabilities) and its ServiceAccount token: /healthz answers and a HealingPolicy becomes Ready."""
    install_prerequisites(control_plane)
    control_plane.run_kubectl("apply", "-k", str(MANIFESTS))
    kubeconfig = _container_kubeconfig(control_plane.service_account_kubeconfig(OPERATOR_NS, OPERATOR_SA), tmp_path)
    liveness, metrics = free_ports(2)
    pod = _pod_spec("operator")
    args = ["operator", f"--namespace={OPERATOR_NS}", f"--metrics-port={metrics}", f"--liveness-port={liveness}"]
    name = f"image-policy-{uuid.uuid4().hex[:6]}"
    with _running(docker_client, image, args, environment={"KUBECONFIG": "/etc/healing/kubeconfig"},
                  volumes={str(kubeconfig): {"bind": "/etc/healing/kubeconfig", "mode": "ro"}},
                  **_docker_security(pod)) as container:

        def healthy() -> bool:
            container.reload()
            if container.status == "exited":
                raise AssertionError(f"operator container exited:\n{_logs(container)[-4000:]}")
            with contextlib.suppress(OSError), urllib.request.urlopen(
                    f"http://127.0.0.1:{liveness}/healthz", timeout=2) as response:
                return response.status == 200
            return False

        wait_until(healthy, timeout=90, what="/healthz of the operator container")
        policy = {"apiVersion": API_VERSION, "kind": POLICY_KIND, "metadata": {"name": name},
                  "spec": {"targets": [{"kind": "systemd", "match": "web.service"}], "mode": "Shadow"}}
        control_plane.run_kubectl("create", "-f", "-", input=json.dumps(policy))
        try:
            def ready() -> bool:
                status = json.loads(control_plane.run_kubectl("get", "hpol", name, "-o", "json").stdout).get(
                    "status") or {}
                return any(c["type"] == "Ready" and c["status"] == "True" for c in status.get("conditions", []))

            wait_until(ready, timeout=60, what=f"policy {name} Ready")
            with urllib.request.urlopen(f"http://127.0.0.1:{metrics}/metrics", timeout=5) as response:
                assert b"healing_" in response.read()
        finally:
            control_plane.run_kubectl("delete", "hpol", name, "--wait=false")
        _assert_no_refusal(_logs(container))


def test_agent_container_as_deployed(
    docker_client: docker.DockerClient, image: Image, control_plane: ControlPlane, tmp_path: Path
) -> None:
    """`healing agent` in the image with the DaemonSet's securityContext (root, read-only root filesystem, only its
    capabilities, host PID and network) and mounts (here: the Docker socket and a state directory), authenticated
    with a token bound to a pod on its node: it reports its HostReport with Docker connected."""
    install_prerequisites(control_plane)
    control_plane.run_kubectl("apply", "-k", str(MANIFESTS))
    suffix = uuid.uuid4().hex[:6]
    node, pod_name = f"image-node-{suffix}", f"image-agent-{suffix}"
    kubeconfig = _container_kubeconfig(_node_bound_kubeconfig(control_plane, node, pod_name), tmp_path)
    state = tmp_path / "state"
    state.mkdir()
    metrics = free_ports(1)[0]
    pod = _pod_spec("agent")
    args = ["agent", f"--node={node}", "--state-dir=/var/lib/healing-agent", f"--metrics-port={metrics}",
            "--no-systemd"]  # this machine has no system D-Bus; the node tests cover systemd
    volumes = {"/var/run/docker.sock": {"bind": "/var/run/docker.sock", "mode": "rw"},
               str(state): {"bind": "/var/lib/healing-agent", "mode": "rw"},
               str(kubeconfig): {"bind": "/etc/healing/kubeconfig", "mode": "ro"}}
    try:
        with _running(docker_client, image, args, environment={"KUBECONFIG": "/etc/healing/kubeconfig"},
                      volumes=volumes, **_docker_security(pod)) as container:

            def reported() -> dict[str, Any] | None:
                container.reload()
                if container.status == "exited":
                    raise AssertionError(f"agent container exited:\n{_logs(container)[-4000:]}")
                got = control_plane.run_kubectl("get", "hrep", node, "-o", "json", check=False)
                status = json.loads(got.stdout).get("status", {}) if got.returncode == 0 else {}
                return status if status.get("dockerConnected") else None

            wait_until(reported, timeout=90, what=f"HostReport {node} with Docker connected")
            with urllib.request.urlopen(f"http://127.0.0.1:{metrics}/metrics", timeout=5) as response:
                assert b"healing_agent_" in response.read()
            _assert_no_refusal(_logs(container))
    finally:
        control_plane.run_kubectl("delete", "hrep", node, "--ignore-not-found", "--wait=false")
        control_plane.run_kubectl("delete", "pod", "-n", AGENT_NS, pod_name, "--ignore-not-found", "--wait=false")
        control_plane.run_kubectl("delete", "node", node, "--ignore-not-found")


# --- host-path actions through the DaemonSet's own mounts --------------------------------------------------------


Binds = dict[str, dict[str, str]]


def _daemonset_mounts(pod: dict[str, Any], tmp_path: Path) -> tuple[Binds, dict[str, str], list[str]]:
    """The DaemonSet's volumes as Docker sees them: every hostPath bound at its mountPath, each ConfigMap from the
    kustomize base as files, emptyDirs as tmpfs. Returns (binds, tmpfs, hostPaths this machine does not have)."""
    (container,) = pod["containers"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    configmaps = {doc["metadata"]["name"]: doc for doc in yaml.safe_load_all((MANIFESTS / "agent/host_paths.yaml")
                                                                             .read_text()) if doc}
    binds: dict[str, dict[str, str]] = {}
    tmpfs: dict[str, str] = {}
    missing: list[str] = []
    for mount in container["volumeMounts"]:
        volume = volumes[mount["name"]]
        mode = "ro" if mount.get("readOnly") else "rw"
        if "hostPath" in volume:
            source = volume["hostPath"]["path"]
            if volume["hostPath"].get("type") == "DirectoryOrCreate":
                # the agent's own state: a fresh directory, so that the test leaves nothing on this host
                source = str(tmp_path / "hostpath" / mount["name"])
                os.makedirs(source)
            if not os.path.exists(source):
                missing.append(source)  # e.g. no system D-Bus on this machine: the agent runs with --no-systemd
                continue
            binds[source] = {"bind": mount["mountPath"], "mode": mode}
        elif "configMap" in volume:
            files = tmp_path / "configmaps" / mount["name"]
            files.mkdir(parents=True)
            for key, value in configmaps[volume["configMap"]["name"]]["data"].items():
                (files / key).write_text(value)
            binds[str(files)] = {"bind": mount["mountPath"], "mode": "ro"}
        elif "emptyDir" in volume:
            tmpfs[mount["mountPath"]] = "size=64m"
        else:
            raise AssertionError(f"volume kind of {mount['name']} not translated: {volume}")
    return binds, tmpfs, missing


def test_agent_container_acts_on_host_files_through_the_daemonset_mounts(
    docker_client: docker.DockerClient, image: Image, control_plane: ControlPlane, tmp_path: Path
) -> None:
    """`healing agent` from the image with exactly the DaemonSet's mounts, capabilities, read-only root and
    arguments (its ConfigMap allow-list included) cleans a directory, fixes a directory's owner and mode and
    removes a stale pid file -- on this machine's own /var/tmp, /var/lib and /run -- and follows no planted link."""
    install_prerequisites(control_plane)
    control_plane.run_kubectl("apply", "-k", str(MANIFESTS))
    suffix = uuid.uuid4().hex[:6]
    node, pod_name, policy = f"paths-node-{suffix}", f"paths-agent-{suffix}", f"paths-{suffix}"
    kubeconfig = _container_kubeconfig(_node_bound_kubeconfig(control_plane, node, pod_name), tmp_path)
    cache, lib, run = (Path(root) / f"healing-e2e-{suffix}" for root in ("/var/tmp", "/var/lib", "/run"))
    for d in (cache, lib, run):
        d.mkdir()
    old, new, precious = cache / "old.log", cache / "new.log", lib / "precious"
    data, pid = lib / "data", run / "app.pid"
    ten_days_ago = time.time() - 10 * 86400
    for f in (old, new, precious):
        f.write_text("x" * 100)
    for f in (old, precious):
        os.utime(f, (ten_days_ago, ten_days_ago))
    (cache / "planted.log").symlink_to(precious)
    data.mkdir(mode=0o700)
    dead = subprocess.Popen(["true"])
    dead.wait()
    pid.write_text(f"{dead.pid}\n")

    pod = _pod_spec("agent")
    (spec_container,) = pod["containers"]
    binds, tmpfs, missing = _daemonset_mounts(pod, tmp_path)
    assert missing == ["/run/dbus/system_bus_socket"], missing  # everything else the DaemonSet mounts is here
    binds[str(kubeconfig)] = {"bind": "/etc/healing/kubeconfig", "mode": "ro"}
    metrics = free_ports(1)[0]
    args = [a.replace("$(NODE_NAME)", node) for a in spec_container["args"] if not a.startswith("--metrics-port")]
    args += [f"--metrics-port={metrics}", "--no-systemd"]
    security = {**_docker_security(pod), "tmpfs": tmpfs}
    cluster = Cluster(control_plane.kubeconfig)
    try:
        cluster.apply_policy(policy, {
            "nodeSelector": {"matchLabels": {"kubernetes.io/hostname": node}}, "mode": "Shadow",
            "actions": ["cleanDisk", "fixPermissions", "removeStaleLock"],
            "targets": [{"kind": "disk", "path": str(cache), "interval": "1h"}],
            "actionOptions": {
                "cleanDisk": {"paths": [str(cache)], "olderThan": "24h"},
                "fixPermissions": [{"path": str(data), "owner": "4321", "group": "4321", "mode": "0750"}],
                "lockPaths": [str(pid)],
            },
        })
        with _running(docker_client, image, args, environment={"KUBECONFIG": "/etc/healing/kubeconfig"},
                      volumes=binds, **security) as container:
            wait_until(lambda: policy in _logs(container) and "watching" in _logs(container), timeout=90,
                       what=f"the agent container to watch policy {policy}")
            name = incident_name(node, "disk", str(cache), "disk_full")
            cluster.create_incident({
                "apiVersion": API_VERSION, "kind": "Incident",
                "metadata": {"name": name, "labels": {NODE_LABEL: node}},
                "spec": {"node": node, "target": {"kind": "disk", "name": str(cache)}, "serviceType": "systemd",
                         "failure": "disk_full"},
            })
            for action in ("cleanDisk", "fixPermissions", "removeStaleLock"):
                execution = cluster.wait_execution(name, cluster.request_action(name, action, policy=policy), 60)
                assert execution["result"] == "Succeeded", (execution, _logs(container)[-3000:])
            _assert_no_refusal(_logs(container))
        assert not old.exists() and new.exists()
        assert precious.read_text() == "x" * 100 and (cache / "planted.log").is_symlink()
        st = data.stat()
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4321, 0o750)
        assert not pid.exists()
    finally:
        cluster.delete_policy(policy)
        cluster.delete_incidents(node)
        cluster.close()
        for d in (cache, lib, run):
            shutil.rmtree(d, ignore_errors=True)
        control_plane.run_kubectl("delete", "hrep", node, "--ignore-not-found", "--wait=false")
        control_plane.run_kubectl("delete", "pod", "-n", AGENT_NS, pod_name, "--ignore-not-found", "--wait=false")
        control_plane.run_kubectl("delete", "node", node, "--ignore-not-found")
