"""`healing dev up --node` starts a one-node cluster and `healing dev down` leaves nothing behind on this machine:
no process, no container, no host directory or mount, no iptables chain or network namespace of the node, and the
kernel settings the kubelet needs put back. Its own module: test_node_cluster.py's node is gone by the time it runs,
so the kernel settings can be checked (nodes of other sessions on this machine would keep them, and are allowed for).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import docker
import psutil
import pytest

from controller.agent.testing import wait_for
from controller.devenv.base_image import IMAGE
from controller.devenv.build import NodeBinaries, ensure_binaries
from controller.devenv.cli import dev_down, dev_up, load_node_state
from controller.devenv.controlplane import ControlPlane
from controller.devenv.kube_node import (
    KUBELET_SYSCTLS,
    PROC_SYS,
    KernelTunables,
    KubeNode,
    KubeNodeError,
    kube_node_containers,
    node_control_plane,
)
from tests.plugins.docker_nodes import run_labels

pytestmark = pytest.mark.integration


def _sysctls() -> dict[str, int]:
    return {key: int((PROC_SYS / key).read_text().split()[0]) for key in KUBELET_SYSCTLS}


def _host_iptables() -> str:
    return subprocess.run(["iptables-save"], capture_output=True, text=True, timeout=30, check=False).stdout


def _netns() -> set[str]:
    return {p.name for p in Path("/run/netns").iterdir()} if Path("/run/netns").is_dir() else set()


def test_dev_up_node_and_down_leave_nothing_behind(tmp_path: Path, node_binaries: NodeBinaries) -> None:
    """`healing dev up --node` starts the control plane, the controllers and a Ready node that runs a pod;
    `healing dev down` removes the container, its host directory and mounts, every process, and puts the kernel
    settings back once no kube node is left; nothing of the node's network (iptables chains, network namespaces)
    ever lands on this machine."""
    state_dir = tmp_path / "dev"
    sysctls_before = _sysctls()
    netns_before = _netns()
    state = dev_up(state_dir, node=True, progress=False, node_labels=run_labels())
    node = load_node_state(state_dir)
    try:
        assert node is not None and node.host_dir.is_dir()
        assert _sysctls() == KUBELET_SYSCTLS  # what the kubelet insists on, set on this machine while a node runs
        assert [p.name for p in state.processes] == ["etcd", "kube-apiserver", "kube-controller-manager",
                                                      "kube-scheduler"]
        run = [str(ensure_binaries(progress=False).kubectl), "--kubeconfig", str(state.kubeconfig)]
        got = json.loads(subprocess.run([*run, "get", "node", node.name, "-o", "json"], capture_output=True,
                                        text=True, check=True).stdout)
        assert any(c["type"] == "Ready" and c["status"] == "True" for c in got["status"]["conditions"])
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probe", "namespace": "default"},
               "spec": {"containers": [{"name": "probe", "image": IMAGE, "args": ["--version"]}],
                        "restartPolicy": "Never"}}
        subprocess.run([*run, "create", "-f", "-"], input=json.dumps(pod), capture_output=True, text=True, check=True)
        wait_for(lambda: json.loads(subprocess.run([*run, "get", "pod", "probe", "-o", "json"], capture_output=True,
                                                   text=True).stdout)["status"].get("phase") == "Succeeded",
                 90, "the probe pod to succeed")
        container_state = json.loads(subprocess.run(["docker", "inspect", node.container_id], capture_output=True,
                                                    text=True).stdout)[0]["State"]
        assert container_state["Running"]
    finally:
        stopped = dev_down(state_dir)
    assert stopped[0] == f"node {node.name}" and "kube-apiserver" in stopped
    client = docker.from_env()
    assert all(c.id != node.container_id for c in client.containers.list(all=True))
    assert not node.host_dir.exists()
    assert str(node.host_dir) not in Path("/proc/self/mountinfo").read_text()
    left = [p.pid for p in psutil.process_iter(["cmdline"])
            if any(str(state_dir) in arg for arg in p.info["cmdline"] or ())]
    assert not left
    rules = _host_iptables()
    assert not re.search(r"^:(KUBE-|CNI-)", rules, re.M), "the node's chains reached this machine's iptables"
    assert _netns() == netns_before
    if [c for c in kube_node_containers(client) if c.status == "running"]:  # another session's node still needs them
        assert KernelTunables().saved.exists()
    else:
        assert _sysctls() == sysctls_before and not KernelTunables().saved.exists()
    assert not (state_dir / "node.json").exists() and not (state_dir / "state.json").exists()
    client.close()


def test_a_node_that_fails_to_start_leaves_nothing(docker_client: docker.DockerClient,
                                                   node_binaries: NodeBinaries) -> None:
    """A node asked to import an image Docker does not have fails once its containerd runs, with what to do, and
    removes what it made; a node of a control plane that is not started is refused before anything is made."""
    sysctls_before = _sysctls()
    with node_control_plane(docker_client, node_binaries) as plane:
        missing = "sha256:" + "0" * 64
        node = KubeNode(docker_client, plane, node_binaries, images={"ghcr.io/example/absent:1": missing},
                        labels=run_labels())
        with pytest.raises(KubeNodeError, match="is not in Docker: build it first"):
            node.start(timeout=120)
        assert not [c for c in kube_node_containers(docker_client) if c.name == node.name]
        assert not node.host_dir.exists()
    if not [c for c in kube_node_containers(docker_client) if c.status == "running"]:
        assert _sysctls() == sysctls_before

    unstarted = ControlPlane(binaries=ensure_binaries(progress=False), progress=False)
    refused = KubeNode(docker_client, unstarted, node_binaries, labels=run_labels())
    with pytest.raises(KubeNodeError, match="control plane is not started"):
        refused.start()
    unstarted.stop()
    assert not [c for c in kube_node_containers(docker_client) if c.name == refused.name]
    assert not refused.host_dir.exists()  # made by the constructor, removed by the failed start
