"""Fixtures for real Docker containers and systemd "node" hosts (see docs/test-hosts.md).

Nothing is skipped: when Docker cannot run, the fixtures fail with the reason. Every container a test
starts carries TEST_LABEL plus this run's pid and is removed at teardown, also when the test fails;
containers left by a run that was killed (its pid is gone) are removed when the next session starts.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import docker
import pytest
from docker.models.containers import Container
from docker.models.images import Image

from controller.constants import GROUP
from controller.devenv.docker_engine import DockerUnavailable, ensure_docker
from controller.devenv.images import ensure_busybox_image, ensure_node_image
from controller.devenv.nodes import TEST_LABEL, SystemdNode

RUN_LABEL = f"{GROUP}/test-run-pid"

ContainerFactory = Callable[..., Container]
NodeFactory = Callable[..., SystemdNode]


def run_labels() -> dict[str, str]:
    """The labels of every container this test run starts (the session-end leak check looks for them)."""
    return _run_labels()


def _run_labels() -> dict[str, str]:
    return {TEST_LABEL: "true", RUN_LABEL: str(os.getpid())}


def _pid_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _remove_orphans(client: docker.DockerClient) -> None:
    """Remove test containers whose run is gone (killed mid-test); never touch a live run's containers."""
    for container in client.containers.list(all=True, filters={"label": RUN_LABEL}):
        if not _pid_alive(container.labels[RUN_LABEL]):
            container.remove(force=True, v=True)


@pytest.fixture(scope="session")
def docker_client() -> docker.DockerClient:
    """A client for a Docker engine that answers; starts dockerd when none runs (it outlives the run)."""
    try:
        client = ensure_docker()
    except DockerUnavailable as exc:
        pytest.fail(f"Docker is needed and cannot run here: {exc}", pytrace=False)
    _remove_orphans(client)
    return client


@pytest.fixture(scope="session")
def busybox_image(docker_client: docker.DockerClient) -> Image:
    return ensure_busybox_image(docker_client)


@pytest.fixture(scope="session")
def node_image(docker_client: docker.DockerClient) -> Image:
    """healing-test/node; the first build ever runs debootstrap (minutes), later ones are instant."""
    return ensure_node_image(docker_client)


@pytest.fixture
def container_factory(docker_client: docker.DockerClient, busybox_image: Image) -> Iterator[ContainerFactory]:
    """``container_factory(command, image=busybox, **run_kwargs)`` starts a detached, labelled container.

    All containers it started are removed at teardown, whatever the test's outcome.
    """
    started: list[Container] = []

    def start(command: str | list[str] | None = None, image: str | None = None, **kwargs: Any) -> Container:
        labels = {**_run_labels(), **kwargs.pop("labels", {})}
        container = docker_client.containers.run(
            image or busybox_image.id, command, detach=True, labels=labels, **kwargs
        )
        started.append(container)
        return container

    yield start
    for container in started:
        # by name too: recreateContainer replaces a container with another id under the same name
        for ref in (container.id, container.name):
            with contextlib.suppress(docker.errors.NotFound):
                docker_client.containers.get(ref).remove(force=True, v=True)


@pytest.fixture
def systemd_node_factory(docker_client: docker.DockerClient, node_image: Image) -> Iterator[NodeFactory]:
    """``systemd_node_factory(name=None, timeout=90)`` boots a node and waits until systemd runs.

    Every node it started is stopped and removed (with its host dirs) at teardown.
    """
    started: list[SystemdNode] = []

    def start(name: str | None = None, timeout: float = 90) -> SystemdNode:
        node = SystemdNode(docker_client, name=name, labels=_run_labels())
        started.append(node)
        node.start().wait_until_running(timeout)
        return node

    yield start
    for node in started:
        node.stop()


@pytest.fixture
def systemd_node(systemd_node_factory: NodeFactory) -> SystemdNode:
    """One running systemd node for this test."""
    return systemd_node_factory()
