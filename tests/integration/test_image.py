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
from controller.constants import API_VERSION, POLICY_KIND
from controller.devenv.base_image import IMAGE, build_image
from controller.devenv.controlplane import ControlPlane, free_ports
from controller.devenv.docker_engine import ensure_docker
from tests.integration.test_manifests import MANIFESTS, install_prerequisites, wait_until
from tests.integration.test_rbac import AGENT_NS, API_REFUSAL, OPERATOR_NS, OPERATOR_SA, _node_bound_kubeconfig

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
    output = client.containers.run(image.id, list(args), remove=True, stdout=True, stderr=True, **options)
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
    container = client.containers.run(image.id, args, detach=True, network_mode="host", **options)
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
