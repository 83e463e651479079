"""Fixtures for the real local control plane (etcd + kube-apiserver, see docs/devenv.md).

`control_plane` starts one ControlPlane per test session (per xdist worker) and stops it at the end,
also on failures and Ctrl-C (fixture teardown, plus the module's atexit/signal/PDEATHSIG safety
nets). The binaries are built right after collection when a selected test needs them (outside any
test's timeout; a file lock makes parallel workers build once), with live progress. Nothing is
skipped: without Go and without a cache the fixture fails with the reason.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes
import pytest

from controller.devenv.build import BuildError, NodeBinaries, ensure_binaries, ensure_node_binaries
from controller.devenv.controlplane import ControlPlane, ControlPlaneError


@contextlib.contextmanager
def _uncaptured(config: pytest.Config) -> Iterator[None]:
    """Let progress through pytest's capture (a cold build takes many minutes)."""
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is None:
        yield
        return
    with capture.global_and_fixture_disabled():
        yield


def pytest_collection_finish(session: pytest.Session) -> None:
    """Build the binaries before the first test if any test needs them.

    A cold build takes longer than pytest-timeout's per-test limit, which would count it against the
    first test's setup. Failures are left for the fixture to report (with the reason) at setup.
    """
    fixtures = [set(getattr(item, "fixturenames", ())) for item in session.items]
    if not any({"control_plane", "node_binaries"} & names for names in fixtures):
        return
    with contextlib.suppress(BuildError), _uncaptured(session.config):
        ensure_binaries(progress=True)
        if any("node_binaries" in names for names in fixtures):
            ensure_node_binaries(progress=True)


def started_plane(pytestconfig: pytest.Config, log_dir: Path, **options: Any) -> Iterator[ControlPlane]:
    """A started ControlPlane (`options` as ControlPlane takes them, e.g. apiserver_args), stopped afterwards;
    a test module that needs its own (an audit log: test_operator_failover.py) overrides `control_plane` with it."""
    try:
        with _uncaptured(pytestconfig):
            binaries = ensure_binaries(progress=True)
    except BuildError as exc:
        pytest.fail(f"cannot build the local control plane: {exc}", pytrace=False)
    plane = ControlPlane(log_dir=log_dir, binaries=binaries, **options)
    try:
        plane.start()
    except ControlPlaneError as exc:
        pytest.fail(f"the local control plane did not start: {exc}", pytrace=False)
    try:
        yield plane
    finally:
        plane.stop()


@pytest.fixture(scope="session")
def control_plane(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    """A started control plane; `kubeconfig`, `server_url`, `run_kubectl`, `client_kubeconfig`, ..."""
    yield from started_plane(pytestconfig, tmp_path_factory.mktemp("controlplane-logs"))


@pytest.fixture(scope="session")
def node_binaries(pytestconfig: pytest.Config) -> NodeBinaries:
    """kubelet, kube-proxy, kube-controller-manager, kube-scheduler and pause (built once, like the control plane)."""
    try:
        with _uncaptured(pytestconfig):
            ensure_binaries(progress=True)
            return ensure_node_binaries(progress=True)
    except BuildError as exc:
        pytest.fail(f"cannot build the node binaries: {exc}", pytrace=False)


@pytest.fixture
def kube_api(control_plane: ControlPlane) -> Iterator[kubernetes.client.ApiClient]:
    """A kubernetes-client ApiClient authenticated as the admin (system:masters) of `control_plane`."""
    configuration = kubernetes.client.Configuration()
    kubernetes.config.load_kube_config(config_file=str(control_plane.kubeconfig), client_configuration=configuration)
    with kubernetes.client.ApiClient(configuration) as api:
        yield api
