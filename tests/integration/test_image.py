"""The Dockerfile, built without a registry on the locally debootstrapped base image, runs `healing` as the
manifests run it: non-root with a read-only root filesystem and no capabilities (operator), with the pinned
dependency versions of this virtualenv, journalctl for the agent, and no HEALTHCHECK.

Cold, the first build takes a few minutes (debootstrap + pip wheel); the base tarball, the wheels and Docker's
layer cache make later builds take seconds.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
import yaml
from docker.models.images import Image

from controller import __version__
from controller.devenv.base_image import IMAGE, build_image
from controller.devenv.docker_engine import ensure_docker

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
