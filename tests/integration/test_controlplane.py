"""The local control plane: real etcd + kube-apiserver built from the pinned sources."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import kubernetes
import psutil
import pytest

from controller.devenv.build import (
    ETCD_VERSION,
    K8S_VERSION,
    Binaries,
    ensure_binaries,
    staging_version,
    toolchain_dir,
)
from controller.devenv.cli import STATE_FILE, dev_down, dev_up, load_state
from controller.devenv.controlplane import ControlPlane, ControlPlaneError

pytestmark = pytest.mark.integration


def wait_until(condition: Callable[[], bool], timeout: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)


def kubectl_as(plane: ControlPlane, kubeconfig: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(plane.kubectl), "--kubeconfig", str(kubeconfig), *args], capture_output=True, text=True, timeout=60
    )


def process_tree(pids: list[int]) -> list[psutil.Process]:
    procs = []
    for pid in pids:
        try:
            proc = psutil.Process(pid)
        except psutil.NoSuchProcess:
            continue
        procs += [proc, *proc.children(recursive=True)]
    return procs


def gone(procs: list[psutil.Process]) -> bool:
    for proc in procs:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                return False
        except psutil.NoSuchProcess:
            continue
    return True


def test_readyz_and_version(control_plane: ControlPlane) -> None:
    status, body = control_plane.get("/readyz?verbose")
    assert status == 200, body
    assert "readyz check passed" in body
    assert "[+]poststarthook/rbac/bootstrap-roles ok" in body
    status, body = control_plane.get("/version")
    assert status == 200 and f'"gitVersion": "{K8S_VERSION}"' in body


def test_kubectl_get_namespaces(control_plane: ControlPlane) -> None:
    out = control_plane.run_kubectl("get", "namespaces", "-o", "name").stdout.split()
    assert {"namespace/default", "namespace/kube-system"} <= set(out)


def test_kube_api_fixture_is_admin(kube_api: kubernetes.client.ApiClient) -> None:
    names = {ns.metadata.name for ns in kubernetes.client.CoreV1Api(kube_api).list_namespace().items}
    assert "default" in names
    review = kubernetes.client.AuthenticationV1Api(kube_api).create_self_subject_review(
        {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}
    )
    assert "system:masters" in review.status.user_info.groups


def test_non_admin_is_denied_until_rbac_grants(control_plane: ControlPlane, tmp_path: Path) -> None:
    user = f"dev-{tmp_path.name[-12:]}".lower().replace("_", "-")
    kubeconfig = control_plane.client_kubeconfig(user, ["healing-devs"])

    denied = kubectl_as(control_plane, kubeconfig, "get", "namespaces")
    assert denied.returncode != 0
    assert f'User "{user}" cannot list resource "namespaces"' in denied.stderr

    binding = f"view-ns-{user}"
    control_plane.run_kubectl("create", "clusterrole", binding, "--verb=get,list", "--resource=namespaces")
    control_plane.run_kubectl("create", "clusterrolebinding", binding, f"--clusterrole={binding}", f"--user={user}")
    try:
        wait_until(
            lambda: kubectl_as(control_plane, kubeconfig, "get", "namespaces").returncode == 0,
            what="the new ClusterRoleBinding to take effect",
        )
        still_denied = kubectl_as(control_plane, kubeconfig, "get", "secrets", "-A")
        assert still_denied.returncode != 0 and "forbidden" in still_denied.stderr.lower()
    finally:
        control_plane.run_kubectl("delete", "clusterrolebinding,clusterrole", binding, "--ignore-not-found")


def test_service_account_token_identity(control_plane: ControlPlane) -> None:
    kubeconfig = control_plane.service_account_kubeconfig("healing-sa-test", "agent")
    whoami = kubectl_as(control_plane, kubeconfig, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")
    assert whoami.returncode == 0, whoami.stderr
    assert whoami.stdout == "system:serviceaccount:healing-sa-test:agent"
    denied = kubectl_as(control_plane, kubeconfig, "get", "secrets", "-n", "kube-system")
    assert denied.returncode != 0 and "forbidden" in denied.stderr.lower()


def test_kubectl_apply_kustomize(control_plane: ControlPlane, tmp_path: Path) -> None:
    (tmp_path / "ns.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kustomized\n")
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n")
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [ns.yaml, cm.yaml]\nnamespace: kustomized\nnamePrefix: healing-\n"
        "labels:\n- pairs: {app.kubernetes.io/part-of: healing}\n"
    )
    try:
        control_plane.run_kubectl("apply", "-k", str(tmp_path))
        got = control_plane.run_kubectl(
            "get", "configmap", "healing-settings", "-n", "kustomized", "-o", "jsonpath={.metadata.labels}"
        )
        assert "app.kubernetes.io/part-of" in got.stdout
    finally:
        control_plane.run_kubectl("delete", "-k", str(tmp_path), "--ignore-not-found", "--wait=false")


def test_stop_leaves_no_process(tmp_path: Path) -> None:
    plane = ControlPlane(log_dir=tmp_path / "logs")
    plane.start()
    try:
        procs = process_tree(plane.pids)
        names = {p.name() for p in procs}
        assert {"etcd", "kube-apiserver"} <= names
        workdir = plane.workdir
    finally:
        plane.stop()
    assert gone(procs), [p.pid for p in procs]
    assert not workdir.exists()
    assert (tmp_path / "logs" / "kube-apiserver.log").stat().st_size > 0  # logs kept where we asked


def test_restart_apiserver_keeps_port_and_data(tmp_path: Path) -> None:
    plane = ControlPlane(log_dir=tmp_path / "logs")
    plane.start()
    try:
        plane.run_kubectl("create", "namespace", "survives-restart")
        url, (etcd_pid, apiserver_pid) = plane.server_url, plane.pids
        apiserver = process_tree([apiserver_pid])

        plane.stop_apiserver()
        assert gone(apiserver)
        assert plane.pids == [etcd_pid]  # etcd keeps running with the data
        with pytest.raises(OSError):
            plane.get("/readyz", timeout=2)
        with pytest.raises(ControlPlaneError, match="not running"):
            plane.stop_apiserver()

        plane.start_apiserver(timeout=90)
        assert plane.server_url == url  # same port: existing kubeconfigs keep working
        assert plane.get("/readyz") == (200, "ok")
        assert plane.run_kubectl("get", "namespace", "survives-restart").returncode == 0
        with pytest.raises(ControlPlaneError, match="already running"):
            plane.start_apiserver()

        restarted = plane.pids[1]
        plane.restart_apiserver(timeout=90)
        assert plane.pids[0] == etcd_pid and plane.pids[1] != restarted
        assert plane.get("/readyz") == (200, "ok")
    finally:
        plane.stop()


def test_failed_start_reports_log_and_stops_etcd(tmp_path: Path) -> None:
    plane = ControlPlane(log_dir=tmp_path / "logs", apiserver_args=["--no-such-flag=1"])
    with pytest.raises(ControlPlaneError) as failure:
        plane.start(timeout=60)
    assert "kube-apiserver exited" in str(failure.value)
    assert "unknown flag: --no-such-flag" in str(failure.value)
    etcd_running = [
        p for p in psutil.process_iter(["name", "cmdline"]) if str(plane.workdir) in " ".join(p.info["cmdline"] or [])
    ]
    assert gone(etcd_running)
    assert not plane.workdir.exists()


def test_binaries_are_the_pinned_versions(control_plane: ControlPlane) -> None:
    binaries: Binaries = control_plane.binaries
    etcd = subprocess.run([str(binaries.etcd), "--version"], capture_output=True, text=True, check=True)
    assert f"etcd Version: {ETCD_VERSION.lstrip('v')}" in etcd.stdout
    client = control_plane.run_kubectl("version", "--client").stdout
    assert f"Client Version: {K8S_VERSION}" in client


def test_dev_up_down_round_trip(tmp_path: Path) -> None:
    state_dir = tmp_path / "dev"
    state = dev_up(state_dir, timeout=120, progress=False)
    procs = [psutil.Process(r.pid) for r in state.processes]
    try:
        assert (state_dir / STATE_FILE).exists()
        assert {p.name() for p in procs} == {"etcd", "kube-apiserver"}
        assert all(p.ppid() != 0 for p in procs)
        got = subprocess.run(
            [
                str(ensure_binaries(progress=False).kubectl),
                "--kubeconfig",
                str(state.kubeconfig),
                "get",
                "ns",
                "default",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert got.returncode == 0, got.stderr
        assert dev_up(state_dir, progress=False) == state  # idempotent: the running one is reused
    finally:
        stopped = dev_down(state_dir)
    assert sorted(stopped) == ["etcd", "kube-apiserver"]
    assert gone(procs)
    assert load_state(state_dir) is None
    assert not (state_dir / "run").exists()
    assert dev_down(state_dir) == []  # down again: nothing to do, no error


def test_wrapper_module_pins_every_staging_module(control_plane: ControlPlane) -> None:
    """Every k8s.io module kubernetes requires at v0.0.0 is replaced with its published version."""
    gomod = (toolchain_dir() / "src" / "k8s" / "go.mod").read_text()
    unpublished = set(re.findall(r"^\s*(k8s\.io/\S+) v0\.0\.0(?:\s|$)", gomod, re.MULTILINE))
    replaced = dict(re.findall(r"^\s*(k8s\.io/\S+) => \S+ (v\S+)$", gomod, re.MULTILINE))
    assert unpublished, "expected the staging modules among the requirements"
    assert unpublished <= set(replaced)
    assert set(replaced.values()) == {staging_version(K8S_VERSION)}
    kustomize = control_plane.run_kubectl("kustomize", "--help").stdout
    assert "kustomization" in kustomize
