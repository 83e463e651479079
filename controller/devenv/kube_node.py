"""A real one-node Kubernetes cluster: the local control plane plus a kubelet node in a systemd container, kind-style.

The node is a ``healing-test/kube-node`` container (images/kube-node/): systemd as PID 1 with Debian's containerd,
runc, CNI plugins and Docker as its services, and the kubelet and kube-proxy built from the pinned Kubernetes sources
(controller/devenv/build.py, mounted read-only at /opt/kube/bin) as two more units. Pods are real containers of the
node's containerd; what a DaemonSet mounts from "the host" is the node's own filesystem, D-Bus, journal and Docker.
kube-controller-manager and kube-scheduler run next to the apiserver on this machine (ControlPlane(controllers=)).

Why a node container rather than the kubelet on this machine: the agent's pod must reach a real systemd over D-Bus
and a journal, and this machine has neither (PID 1 is not systemd, no system bus). A container also keeps everything
the node creates -- network namespaces, veths, iptables rules, mounts, containerd's state -- inside it or in one host
directory, so removing it leaves nothing behind.

What the container needs, since ``--privileged`` is refused here (docs/devenv.md explains each):
- a cgroup namespace of its own, its cgroup mounts made writable by its init (images/kube-node/healing-node-init);
- capabilities: the systemd node's (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_NICE, KILL, AUDIT_WRITE) on top of
  Docker's defaults; never SYS_RESOURCE (runc refuses it on this machine);
- /dev/kmsg (the kubelet's OOM watcher), seccomp and AppArmor unconfined, net.ipv4.ip_forward=1 in its namespace;
- /var/lib/{containerd,docker,kubelet} on host directories (overlayfs cannot be stacked on the container's own
  overlayfs root, and cAdvisor needs a block device under the kubelet's directory);
- the kernel settings the kubelet insists on (KUBELET_SYSCTLS; here vm.overcommit_memory=1, kernel.panic=10 and
  kernel.panic_on_oops=1 differ): they are not namespaced and /proc/sys is read-only in the container, so they are
  set on this machine before the kubelet starts and restored when the last node is gone (KernelTunables).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import socket
import tarfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Self

import docker
import psutil
import yaml
from docker.models.containers import Container
from docker.models.images import Image
from pydantic import BaseModel

from controller.constants import GROUP
from controller.devenv.build import PAUSE_VERSION, NodeBinaries
from controller.devenv.controlplane import ControlPlane
from controller.devenv.images import HASH_LABEL, KUBE_NODE_IMAGE, _cached_image, _digest, cache_dir, cache_lock
from controller.devenv.nodes import NODE_CAPS, NodeError, SystemdNode

KUBE_NODE_LABEL = f"{GROUP}/kube-node"
POD_CIDR = "10.244.0.0/24"  # images/kube-node/10-bridge.conflist
PAUSE_IMAGE = f"healing-local/pause:{PAUSE_VERSION}"  # images/kube-node/containerd-config.toml: sandbox_image
NODE_BIN = "/opt/kube/bin"
IMPORT_DIR = "/opt/kube/images"
CONTAINERD_NAMESPACE = "k8s.io"
# Host directories bound into the node at these paths (see the module docstring).
DATA_DIRS = {"containerd": "/var/lib/containerd", "docker": "/var/lib/docker", "kubelet": "/var/lib/kubelet"}


class KubeNodeError(RuntimeError):
    """The node did not come up (or could not be removed); the message carries what the node said."""


# --- kernel settings the kubelet insists on -------------------------------------------------------------------


# The kubelet's setupKernelTunables (pkg/kubelet/cm/container_manager_linux.go): it sets these unless they already
# have these values, and fails when it cannot -- which it cannot in a container, where /proc/sys is read-only.
KUBELET_SYSCTLS = {
    "vm/overcommit_memory": 1,
    "vm/panic_on_oom": 0,
    "kernel/panic": 10,
    "kernel/panic_on_oops": 1,
    "kernel/keys/root_maxkeys": 1000000,
    "kernel/keys/root_maxbytes": 25000000,
}
PROC_SYS = Path("/proc/sys")


class KernelTunables:
    """Set KUBELET_SYSCTLS on this machine for the kube nodes and put the old values back after the last one.

    The old values are kept in a file under the cache dir (any process may stop the last node: `healing dev down`,
    a test's teardown). A value someone else changed in the meantime is left as they set it.
    """

    def __init__(self, proc_sys: Path = PROC_SYS, saved: Path | None = None) -> None:
        self.proc_sys = proc_sys
        self.saved = saved or cache_dir() / "kube-node-sysctls.json"

    def _read(self, key: str) -> int:
        return int((self.proc_sys / key).read_text().split()[0])

    def apply(self) -> dict[str, int]:
        """Set the values; return those that had to change (their old values)."""
        with cache_lock("kube-node-sysctls"):
            changed = {k: self._read(k) for k, v in KUBELET_SYSCTLS.items() if self._read(k) != v}
            if changed and not self.saved.exists():
                self.saved.write_text(json.dumps(changed))
            for key in changed:
                (self.proc_sys / key).write_text(f"{KUBELET_SYSCTLS[key]}\n")
            return changed

    def restore(self, nodes_left: int) -> dict[str, int]:
        """With no kube node left, put back the saved values still at the kubelet's; return what was restored."""
        with cache_lock("kube-node-sysctls"):
            if nodes_left or not self.saved.exists():
                return {}
            saved: dict[str, int] = json.loads(self.saved.read_text())
            restored = {}
            for key, old in saved.items():
                if self._read(key) == KUBELET_SYSCTLS[key]:
                    (self.proc_sys / key).write_text(f"{old}\n")
                    restored[key] = old
            self.saved.unlink()
            return restored


# --- images ---------------------------------------------------------------------------------------------------


PAUSE_DOCKERFILE = 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n'


def ensure_pause_image(client: docker.DockerClient, binaries: NodeBinaries) -> Image:
    """``healing-local/pause``: the pause binary of build.py on scratch, as build/pause/Dockerfile makes it."""
    binary = binaries.pause.read_bytes()
    digest = _digest([PAUSE_DOCKERFILE.encode(), binary])
    if image := _cached_image(client, PAUSE_IMAGE, digest):
        return image
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, data, mode in (("Dockerfile", PAUSE_DOCKERFILE.encode(), 0o644), ("pause", binary, 0o755)):
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    image, _ = client.images.build(
        fileobj=context, custom_context=True, tag=PAUSE_IMAGE, labels={HASH_LABEL: digest}, rm=True, pull=False
    )
    return image


# --- the node -------------------------------------------------------------------------------------------------


def bridge_gateway(client: docker.DockerClient) -> str:
    """This machine's address on Docker's default bridge: where the node reaches the apiserver.

    The network's IPAM config names it only when it was configured explicitly; otherwise it is the address of the
    bridge interface (docker0)."""
    attrs = client.networks.get("bridge").attrs
    gateway = next((c["Gateway"] for c in attrs["IPAM"]["Config"] or () if c.get("Gateway")), None)
    if gateway:
        return str(gateway)
    interface = (attrs.get("Options") or {}).get("com.docker.network.bridge.name", "docker0")
    addresses = [a.address for a in psutil.net_if_addrs().get(interface, ()) if a.family == socket.AF_INET]
    if not addresses:
        raise KubeNodeError(f"Docker's bridge {interface} has no IPv4 address: the node could not reach the apiserver")
    return addresses[0]


class KubeNodeState(BaseModel):
    """Enough for another process (`healing dev down`) to remove the node and everything it made."""

    name: str
    container_id: str
    host_dir: Path

    @classmethod
    def of_container(cls, container: Container) -> KubeNodeState:
        """The state of a node container found by its label (its host directory holds its /etc/kubernetes)."""
        sources = [m["Source"] for m in container.attrs.get("Mounts", []) if m.get("Destination") == "/etc/kubernetes"]
        host_dir = Path(sources[0]).parent if sources else Path("/nonexistent")
        return cls(name=container.name or "", container_id=container.id or "", host_dir=host_dir)


def _node_options(host_dir: Path, binaries: NodeBinaries) -> dict[str, Any]:
    volumes: dict[str, Any] = {
        "/sys/fs/cgroup": None,  # not the host's hierarchy: a cgroup namespace of its own (see healing-node-init)
        str(binaries.directory): {"bind": NODE_BIN, "mode": "ro"},
        str(host_dir / "images"): {"bind": IMPORT_DIR, "mode": "ro"},
        str(host_dir / "etc-kubernetes"): {"bind": "/etc/kubernetes", "mode": "ro"},
    }
    volumes.update({str(host_dir / name): {"bind": path, "mode": "rw"} for name, path in DATA_DIRS.items()})
    return {
        # SYSLOG: the kubelet reads /dev/kmsg (OOM events), which kernel.dmesg_restrict=1 reserves to it.
        "cap_add": [*NODE_CAPS, "SYSLOG"],
        "cgroupns": "private",
        "devices": ["/dev/kmsg:/dev/kmsg:r"],
        "sysctls": {"net.ipv4.ip_forward": "1"},
        "volumes": volumes,
    }


class KubeNode:
    """One kubelet node of `plane` (a ControlPlane started with bind_address=bridge_gateway(client)); a context
    manager. ``images`` ({reference the pods use: Docker image id}) are imported into the node's containerd before the
    kubelet starts.

    >>> with ControlPlane(bind_address=bridge_gateway(client), service_account_admission=True, controllers=bins) as cp:
    ...     with KubeNode(client, cp, bins, images={"ghcr.io/insa/healing-operator:0.1.0": image.id}) as node:
    ...         node.wait_ready()
    """

    def __init__(
        self,
        client: docker.DockerClient,
        plane: ControlPlane,
        binaries: NodeBinaries,
        *,
        name: str | None = None,
        images: Mapping[str, str] | None = None,
        labels: dict[str, str] | None = None,
        tunables: KernelTunables | None = None,
    ) -> None:
        self.client = client
        self.plane = plane
        self.binaries = binaries
        self.name = name or f"healing-kube-{uuid.uuid4().hex[:8]}"
        self.images = dict(images or {})
        self.tunables = tunables or KernelTunables()
        self.node = SystemdNode(client, image=KUBE_NODE_IMAGE, name=self.name,
                                labels={KUBE_NODE_LABEL: self.name, **(labels or {})})
        self.host_dir = self.node.host_dir
        for sub in ("images", "etc-kubernetes", *DATA_DIRS):
            (self.host_dir / sub).mkdir()
        self.node.options = _node_options(self.host_dir, binaries)
        self.started_seconds: float | None = None

    # --- lifecycle ------------------------------------------------------------------------------------------

    def start(self, timeout: float = 180) -> Self:
        """Boot the node, start containerd, Docker, kubelet and kube-proxy; return once the Node is Ready."""
        started = time.monotonic()
        deadline = started + timeout
        try:
            if self.plane.ca is None or not self.plane.server_url:
                raise KubeNodeError("the control plane is not started: start it before its node")
            self.tunables.apply()
            pause = ensure_pause_image(self.client, self.binaries)
            self.node.start().wait_until_running(max(deadline - time.monotonic(), 1))
            self._write_config()
            self._wait(lambda: self.node.exec(["ctr", "version"])[0] == 0, deadline, "containerd to answer")
            self._import_images({PAUSE_IMAGE: str(pause.id), **self.images})
            self.node.check(["systemctl", "start", "kubelet.service", "kube-proxy.service"])
            self.wait_ready(max(deadline - time.monotonic(), 1))
        except BaseException:
            self.stop()
            raise
        self.started_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        """Remove the node container and its host directory; restore the kernel settings after the last node."""
        stop_kube_node(self.state(), self.client, self.tunables)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def state(self) -> KubeNodeState:
        container_id = ""
        with contextlib.suppress(NodeError):  # not created yet: found by its name
            container_id = self.node.container_id
        return KubeNodeState(name=self.name, container_id=container_id, host_dir=self.host_dir)

    # --- inside the node ------------------------------------------------------------------------------------

    @property
    def ip_address(self) -> str:
        return self.node.ip_address

    def exec(self, cmd: str | list[str]) -> tuple[int, str]:
        return self.node.exec(cmd)

    def check(self, cmd: str | list[str]) -> str:
        return self.node.check(cmd)

    def journal(self, unit: str, lines: int = 60) -> str:
        """The last lines of a unit's journal in the node (kubelet.service, containerd.service, ...)."""
        return self.node.exec(["journalctl", "--no-pager", "-n", str(lines), "-u", unit])[1]

    def ready(self) -> bool:
        got = self.plane.run_kubectl("get", "node", self.name, "-o", "json", check=False)
        if got.returncode != 0:
            return False
        conditions = json.loads(got.stdout).get("status", {}).get("conditions", [])
        return any(c["type"] == "Ready" and c["status"] == "True" for c in conditions)

    def wait_ready(self, timeout: float = 120) -> None:
        self._wait(self.ready, time.monotonic() + timeout, f"node {self.name} to be Ready")

    def _wait(self, condition: Callable[[], bool], deadline: float, what: str) -> None:
        while not condition():
            self.node.container.reload()
            if self.node.container.status != "running":
                raise KubeNodeError(f"node {self.name} stopped ({self.node.container.status}) waiting for {what}")
            if time.monotonic() > deadline:
                raise KubeNodeError(
                    f"timed out waiting for {what}; kubelet:\n{self.journal('kubelet.service', 30)}\n"
                    f"containerd:\n{self.journal('containerd.service', 15)}"
                )
            time.sleep(0.3)

    def _write_config(self) -> None:
        """PKI, kubeconfigs and component configuration into /etc/kubernetes (a read-only bind), the units into
        /etc/systemd/system."""
        etc = self.host_dir / "etc-kubernetes"
        (etc / "pki").mkdir(exist_ok=True)
        shutil.copyfile(self.plane.ca_cert, etc / "pki" / "ca.crt")  # the kubelet's clientCAFile
        node_ip = self.ip_address
        # client certificates of the control plane's CA: the Node authorizer's and kube-proxy's bootstrap identities
        for file, user, groups in (("kubelet.conf", f"system:node:{self.name}", ["system:nodes"]),
                                   ("kube-proxy.conf", "system:kube-proxy", [])):
            shutil.copy2(self.plane.client_kubeconfig(user, groups), etc / file)  # keeps 0600
        (etc / "kubelet-config.yaml").write_text(yaml.safe_dump(kubelet_configuration()))
        (etc / "kube-proxy.yaml").write_text(yaml.safe_dump(kube_proxy_configuration(self.name)))
        self.node.install_unit("kubelet.service", kubelet_unit(self.name, node_ip))
        self.node.install_unit("kube-proxy.service", kube_proxy_unit())

    def _import_images(self, images: Mapping[str, str]) -> None:
        """Import each Docker image (reference the pods use -> image id) into the node's containerd and pin it (no
        registry can give it back if the kubelet's image garbage collection removed it).

        The image is saved under a tag of its own, so what arrives is exactly that image even if another build
        moves the reference meanwhile (tests of other worktrees build the same tag); containerd then names it as the
        pods do."""
        ctr = ["ctr", "-n", CONTAINERD_NAMESPACE, "images"]
        for ref, image_id in images.items():
            unique = f"healing-import/{uuid.uuid4().hex[:12]}:import"
            archive = self.host_dir / "images" / f"{uuid.uuid4().hex}.tar"
            try:
                self.client.images.get(image_id).tag(unique)
            except docker.errors.ImageNotFound as exc:
                raise KubeNodeError(f"image {image_id} (for {ref}) is not in Docker: build it first") from exc
            try:
                with archive.open("wb") as out:
                    for chunk in self.client.images.get(unique).save(named=unique):
                        out.write(chunk)
                self.node.check([*ctr, "import", f"{IMPORT_DIR}/{archive.name}"])
                self.node.check([*ctr, "tag", "--force", _imported_name(unique), _imported_name(ref)])
                self.node.check([*ctr, "rm", _imported_name(unique)])
                self.node.check([*ctr, "label", _imported_name(ref), "io.cri-containerd.pinned=pinned"])
            except Exception as exc:
                raise KubeNodeError(f"importing {ref} ({image_id}) into the node's containerd failed: {exc}") from exc
            finally:
                archive.unlink(missing_ok=True)
                with contextlib.suppress(docker.errors.APIError):
                    self.client.images.remove(unique, noprune=True)


def _imported_name(ref: str) -> str:
    """containerd's name of a Docker reference (docker.io/ is implied for one without a registry host)."""
    first = ref.split("/", 1)[0]
    if "/" not in ref or ("." not in first and ":" not in first and first != "localhost"):
        return f"docker.io/{ref}" if "/" in ref else f"docker.io/library/{ref}"
    return ref


def kube_node_containers(client: docker.DockerClient) -> list[Container]:
    return list(client.containers.list(all=True, filters={"label": KUBE_NODE_LABEL}))


def stop_kube_node(state: KubeNodeState, client: docker.DockerClient, tunables: KernelTunables | None = None) -> None:
    """Remove the node container (its processes, mounts, network namespace, iptables rules and containerd state go
    with it) and its host directory; restore the kernel settings when no kube node is left. Raises if anything
    remains."""
    for ref in filter(None, (state.container_id, state.name)):
        with contextlib.suppress(docker.errors.NotFound):
            container = client.containers.get(ref)
            with contextlib.suppress(docker.errors.APIError):
                container.stop(timeout=3)  # its pid namespace takes every process along anyway
            container.remove(force=True, v=True)
    if state.host_dir.exists():
        shutil.rmtree(state.host_dir)
    running = [c for c in kube_node_containers(client) if c.status in ("created", "running", "restarting")]
    (tunables or KernelTunables()).restore(len(running))
    left = [c.name for c in kube_node_containers(client) if c.labels.get(KUBE_NODE_LABEL) == state.name]
    if left or state.host_dir.exists():
        raise KubeNodeError(f"node {state.name} left {left or state.host_dir}")


# --- component configuration ----------------------------------------------------------------------------------


def kubelet_configuration() -> dict[str, Any]:
    """The kubelet's KubeletConfiguration: authenticated and authorized by the API server, containerd over CRI with
    the systemd cgroup driver (the node's systemd owns its cgroup tree), no swap check (the node has the machine's)."""
    return {
        "apiVersion": "kubelet.config.k8s.io/v1beta1",
        "kind": "KubeletConfiguration",
        "authentication": {
            "anonymous": {"enabled": False},
            "webhook": {"enabled": True},
            "x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"},
        },
        "authorization": {"mode": "Webhook"},
        "cgroupDriver": "systemd",
        "containerRuntimeEndpoint": "unix:///run/containerd/containerd.sock",
        "failSwapOn": False,
        "readOnlyPort": 0,
        "clusterDomain": "cluster.local",
        "resolvConf": "/etc/resolv.conf",
        "rotateCertificates": False,
        "serializeImagePulls": False,
        # Imported images cannot be pulled again: they are pinned, and the garbage collector waits for a full disk.
        "imageGCHighThresholdPercent": 100,
        "imageGCLowThresholdPercent": 99,
    }


def kube_proxy_configuration(node_name: str) -> dict[str, Any]:
    """kube-proxy in iptables mode: it routes the `kubernetes` Service (10.0.0.1:443) to the apiserver for pods and
    for host-network pods. It leaves conntrack and localnet settings alone (/proc/sys is read-only in the node)."""
    return {
        "apiVersion": "kubeproxy.config.k8s.io/v1alpha1",
        "kind": "KubeProxyConfiguration",
        "clientConnection": {"kubeconfig": "/etc/kubernetes/kube-proxy.conf"},
        "hostnameOverride": node_name,
        "mode": "iptables",
        "clusterCIDR": POD_CIDR,
        "conntrack": {"maxPerCore": 0, "tcpEstablishedTimeout": "0s", "tcpCloseWaitTimeout": "0s"},
        "iptables": {"localhostNodePorts": False},
    }


def kubelet_unit(node_name: str, node_ip: str) -> str:
    return f"""[Unit]
Description=kubelet {node_name} (Kubernetes node agent; controller/devenv/kube_node.py)
After=containerd.service
Requires=containerd.service

[Service]
ExecStart={NODE_BIN}/kubelet --config=/etc/kubernetes/kubelet-config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf \\
  --hostname-override={node_name} --node-ip={node_ip} --v=1
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
"""


def kube_proxy_unit() -> str:
    return f"""[Unit]
Description=kube-proxy (Service routing; controller/devenv/kube_node.py)
After=network.target

[Service]
ExecStart={NODE_BIN}/kube-proxy --config=/etc/kubernetes/kube-proxy.yaml --v=1
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
"""


def node_control_plane(
    client: docker.DockerClient, binaries: NodeBinaries, workdir: Path | None = None, **options: Any
) -> ControlPlane:
    """A control plane for kube nodes: on the Docker bridge, ServiceAccount admission (projected tokens),
    NodeRestriction (a kubelet writes only its own Node and pods), kube-controller-manager and kube-scheduler, and
    the apiserver reaching kubelets by their InternalIP (the node's hostname resolves nowhere here)."""
    return ControlPlane(
        workdir,
        bind_address=bridge_gateway(client),
        service_account_admission=True,
        controllers=binaries,
        apiserver_args=["--enable-admission-plugins=NodeRestriction", "--kubelet-preferred-address-types=InternalIP"],
        **options,
    )


@contextlib.contextmanager
def node_cluster(
    client: docker.DockerClient,
    binaries: NodeBinaries,
    *,
    images: Mapping[str, str] | None = None,
    log_dir: Path | None = None,
    labels: dict[str, str] | None = None,
) -> Iterator[tuple[ControlPlane, KubeNode]]:
    """A control plane for kube nodes and one Ready node; both removed on exit, also on failure."""
    with node_control_plane(client, binaries, log_dir=log_dir) as plane, KubeNode(
        client, plane, binaries, images=images, labels=labels
    ) as node:
        yield plane, node
