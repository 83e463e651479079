"""A real local control plane: etcd + kube-apiserver on loopback, started the way envtest does it.

controller-runtime's envtest (`pkg/internal/testing/controlplane`) is the model: a generated CA,
a serving certificate for 127.0.0.1/localhost, an admin client certificate in `system:masters`,
a service-account signing key pair with `--service-account-issuer`, RBAC authorization, free
ports, a temporary data directory, etcd on loopback, and a wait on `/readyz` with a deadline.

etcd only talks TLS with client certificates from its own CA (the apiserver holds the only client
certificate): a local user who can reach loopback can neither read nor write the cluster's data
behind the apiserver's authentication. `durable=True` (`healing up`) keeps the workdir across
restarts -- the CAs and keys, etcd's data (written with fsync) and the ports -- and keeps every key
and kubeconfig readable by the owner only.

Processes never outlive us: each child runs in its own process group, which `stop()` terminates
(SIGTERM, wait, SIGKILL); `atexit` and a SIGTERM handler stop whatever is still running; attached
children also get PR_SET_PDEATHSIG so even a SIGKILLed parent takes them along. `detach()` hands
the processes over to `healing dev up` (state in a JSON file) and `stop_detached()` ends them.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import psutil
import yaml
from pydantic import BaseModel

from controller.devenv.build import Binaries, NodeBinaries, ensure_binaries
from controller.devenv.certs import CertificateAuthority, service_account_signing_pair

LOOPBACK = "127.0.0.1"
SERVICE_CLUSTER_IP_RANGE = "10.0.0.0/24"
# The `kubernetes` Service's ClusterIP (first address of the range): pods reach the API server there, so the serving
# certificate names it, with the Service's DNS names.
KUBERNETES_SERVICE_IP = "10.0.0.1"
KUBERNETES_SERVICE_NAMES = ("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                            "kubernetes.default.svc.cluster.local")
CLUSTER_NAME = "healing-local"
ADMIN_USER = "healing-admin"
ADMIN_GROUPS = ("system:masters",)
STOP_TIMEOUT = 10.0
LOG_TAIL_LINES = 30


class ControlPlaneError(RuntimeError):
    """The control plane could not start (or died); the message includes the tail of the logs."""


class KubectlError(subprocess.CalledProcessError):
    def __str__(self) -> str:
        return f"{super().__str__()}\nstderr: {(self.stderr or '').strip()}"


# --- processes ---------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1
try:
    _libc: ctypes.CDLL | None = ctypes.CDLL(None, use_errno=True)
except OSError:  # not glibc-like; the atexit/signal paths still clean up
    _libc = None


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: ask the kernel to SIGKILL it when we die.
    if _libc is not None:
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (held open together so the kernel cannot hand one out twice)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((LOOPBACK, 0))
            sockets.append(sock)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # as Go's listeners do: a port whose old connections linger in TIME_WAIT can be listened on again
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def _healthz_ok(port: int) -> bool:
    """/healthz of a component serving on loopback with its self-signed certificate (only liveness is asked)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(f"https://{LOOPBACK}:{port}/healthz", timeout=2, context=context) as response:
            return response.status == 200
    except (OSError, ssl.SSLError):
        return False


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    if not path.exists():
        return "(no log)"
    with path.open(errors="replace") as handle:
        return "".join(deque(handle, maxlen=lines)).rstrip() or "(empty log)"


class ProcessRecord(BaseModel):
    """Enough to find a detached process again and to be sure it is still ours (pid reuse)."""

    name: str
    pid: int
    create_time: float
    log: Path


def _ours(record: ProcessRecord) -> psutil.Process | None:
    try:
        proc = psutil.Process(record.pid)
        if abs(proc.create_time() - record.create_time) > 1.0:
            return None  # the pid was reused by something else
        return proc
    except psutil.NoSuchProcess:
        return None


def _group_alive(pgid: int) -> bool:
    """True while a non-zombie process is left in the group (zombies only wait for their parent)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error, OSError):
            if os.getpgid(proc.pid) == pgid and proc.status() != psutil.STATUS_ZOMBIE:
                return True
    return False


def terminate_group(pgid: int, timeout: float = STOP_TIMEOUT, wait: Callable[[float], Any] | None = None) -> None:
    """SIGTERM the process group, give it `timeout` seconds, then SIGKILL it; return once it is gone.

    `wait(timeout)` reaps our own child (Popen.wait); detached groups are polled instead.
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    if wait is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            wait(timeout)
    while _group_alive(pgid) and time.monotonic() < deadline:
        _reap(pgid)
        time.sleep(0.05)
    if _group_alive(pgid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        if wait is not None:
            wait(STOP_TIMEOUT)
        kill_deadline = time.monotonic() + STOP_TIMEOUT
        while _group_alive(pgid) and time.monotonic() < kill_deadline:
            _reap(pgid)
            time.sleep(0.05)


def _reap(pid: int) -> None:
    # A detached child of *this* process (dev up and down in one test) would otherwise stay a zombie.
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


@dataclass
class _Child:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    create_time: float = field(default=0.0)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def record(self) -> ProcessRecord:
        return ProcessRecord(name=self.name, pid=self.popen.pid, create_time=self.create_time, log=self.log)

    def stop(self) -> None:
        terminate_group(self.popen.pid, wait=self.popen.wait)


def _spawn(name: str, argv: list[str], log: Path, *, attached: bool) -> _Child:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"\n--- {time.strftime('%Y-%m-%dT%H:%M:%S')} starting: {' '.join(argv)}\n".encode())
        out.flush()
        # PDEATHSIG fires when the *thread* that forked dies, so use it only from the main thread.
        pdeathsig = attached and threading.current_thread() is threading.main_thread()
        popen = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group (pgid == pid): killpg reaches every descendant
            preexec_fn=_die_with_parent if pdeathsig else None,  # one prctl call
            close_fds=True,
        )
    try:
        create_time = psutil.Process(popen.pid).create_time()
    except psutil.NoSuchProcess:
        create_time = 0.0
    return _Child(name, popen, log, create_time)


# --- cleanup on exit and on signals --------------------------------------------------------------

_running: weakref.WeakSet[ControlPlane] = weakref.WeakSet()
_registry_lock = threading.Lock()
_handlers_installed = False


def _stop_all() -> None:
    with _registry_lock:
        planes = list(_running)
    for plane in planes:
        with contextlib.suppress(Exception):
            plane.stop()


def _install_exit_handlers() -> None:
    """atexit always; SIGTERM/SIGHUP only from the main thread, chaining to any previous handler."""
    global _handlers_installed
    if _handlers_installed:
        return
    _handlers_installed = True
    atexit.register(_stop_all)
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        previous = signal.getsignal(signum)

        def handler(sig: int, frame: FrameType | None, previous: Any = previous) -> None:
            _stop_all()
            if callable(previous):
                previous(sig, frame)
            elif previous == signal.SIG_IGN:
                return
            else:
                raise SystemExit(128 + sig)  # unwinds finally blocks and runs atexit, like Ctrl-C

        signal.signal(signum, handler)


# --- kubeconfig ----------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def write_kubeconfig(path: Path, server: str, ca_pem: bytes, user: str, credentials: dict[str, str]) -> Path:
    """A self-contained kubeconfig (everything embedded) so it can be copied or mounted anywhere."""
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": CLUSTER_NAME, "cluster": {"server": server, "certificate-authority-data": _b64(ca_pem)}}],
        "users": [{"name": user, "user": credentials}],
        "contexts": [{"name": f"{user}@{CLUSTER_NAME}", "context": {"cluster": CLUSTER_NAME, "user": user}}],
        "current-context": f"{user}@{CLUSTER_NAME}",
        "preferences": {},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    path.chmod(0o600)
    return path


# --- the control plane ---------------------------------------------------------------------------


class ControlPlaneState(BaseModel):
    """What `detach()` leaves behind for `healing dev env|down`."""

    workdir: Path
    kubeconfig: Path
    server_url: str
    remove_workdir: bool
    processes: list[ProcessRecord]


class ControlPlane:
    """etcd + kube-apiserver on free loopback ports; a context manager.

    `workdir` holds certificates, etcd data, kubeconfigs (and logs unless `log_dir` is given); a
    temporary one is created and removed on `stop()` when not given (`keep=True` keeps it).

    For a cluster with a real node (controller/devenv/kube_node.py): `bind_address` is where the apiserver listens
    (an address the node reaches, e.g. the Docker bridge's gateway; etcd stays on loopback),
    `service_account_admission=True` lets the ServiceAccount admission plugin give pods their projected token
    volume, and `controllers` (the node binaries) starts kube-controller-manager and kube-scheduler next to it.
    """

    def __init__(
        self,
        workdir: Path | None = None,
        *,
        log_dir: Path | None = None,
        binaries: Binaries | None = None,
        keep: bool = False,
        progress: bool = True,
        apiserver_args: Sequence[str] = (),
        etcd_args: Sequence[str] = (),
        durable: bool = False,
        bind_address: str = LOOPBACK,
        service_account_admission: bool = False,
        controllers: NodeBinaries | None = None,
    ) -> None:
        if durable and workdir is None:
            raise ValueError("a durable control plane needs a workdir to keep its state in")
        self.durable = durable
        self._owns_workdir = workdir is None
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="healing-cp-"))
        self.log_dir = Path(log_dir) if log_dir else self.workdir / "logs"
        self.keep = keep
        self._binaries = binaries
        self._progress = progress
        self.apiserver_args = list(apiserver_args)  # appended last, so they win over the defaults
        self.etcd_args = list(etcd_args)
        self.bind_address = bind_address
        self.service_account_admission = service_account_admission
        self.controllers = controllers
        self._children: list[_Child] = []
        self._apiserver_cmd: list[str] = []  # what start() ran, so start_apiserver() can run it again
        self._attached = True
        self._lock = threading.RLock()
        self.pki = self.workdir / "pki"
        self.kubeconfig = self.workdir / "kubeconfig"
        self.ca_cert = self.pki / "ca.crt"
        self.ca_key = self.pki / "ca.key"
        self.etcd_ca_cert = self.pki / "etcd-ca.crt"
        self.etcd_client_cert = self.pki / "apiserver-etcd-client.crt"
        self.etcd_client_key = self.pki / "apiserver-etcd-client.key"
        self.ports_file = self.workdir / "ports.json"
        self.ca: CertificateAuthority | None = None
        self.server_url = ""
        self.etcd_url = ""
        self.started_seconds: float | None = None

    # -- public API ----------------------------------------------------------------------------

    @property
    def binaries(self) -> Binaries:
        if self._binaries is None:
            self._binaries = ensure_binaries(progress=self._progress)
        return self._binaries

    @property
    def kubectl(self) -> Path:
        return self.binaries.kubectl

    @property
    def etcd_log(self) -> Path:
        return self.log_dir / "etcd.log"

    @property
    def apiserver_log(self) -> Path:
        return self.log_dir / "kube-apiserver.log"

    def __enter__(self) -> ControlPlane:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 120, *, attached: bool = True) -> None:
        """Start etcd and kube-apiserver and wait until `/readyz` answers ok (or raise ControlPlaneError).

        `attached=False` is for `healing dev up`: the children may outlive this process (see detach()).
        """
        if self._children:
            raise ControlPlaneError("already started")
        binaries = self.binaries  # build (or wait for the build) outside the start deadline
        started = time.monotonic()
        _install_exit_handlers()
        with _registry_lock:
            _running.add(self)
        self._write_pki()
        last_error: ControlPlaneError | None = None
        for _attempt in range(3):  # free ports are racy (as in envtest): retry on a bind conflict
            try:
                self._start_once(binaries, started + timeout, attached=attached)
                self.started_seconds = time.monotonic() - started
                return
            except ControlPlaneError as exc:
                self._stop_children()
                last_error = exc
                if "address already in use" not in str(exc):
                    break
            except BaseException:
                self.stop()
                raise
        self.stop()
        assert last_error is not None
        raise last_error

    def stop(self) -> None:
        """Terminate apiserver then etcd (whole process groups); remove the temporary workdir."""
        with self._lock:
            self._stop_children()
            with _registry_lock:
                _running.discard(self)
            if self._owns_workdir and not self.keep and self.workdir.exists():
                shutil.rmtree(self.workdir, ignore_errors=True)

    def stop_apiserver(self) -> None:
        """Stop kube-apiserver only (its whole process group); etcd keeps running with the data.

        For tests of clients through an API server outage; `start_apiserver()` brings it back. Also
        clears an apiserver that crashed, so `restart_apiserver()` recovers from that.
        """
        with self._lock:
            child = self._apiserver_child()
            if child is None:
                raise ControlPlaneError("kube-apiserver is not running")
            child.stop()
            self._children.remove(child)

    def start_apiserver(self, timeout: float = 60) -> None:
        """Start kube-apiserver again on the same port with the same arguments; wait for `/readyz`.

        Raises ControlPlaneError (with the log tail) if it exits or is not ready within `timeout`.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            if not self._apiserver_cmd:
                raise ControlPlaneError("the control plane is not started")
            if self._apiserver_child() is not None:
                raise ControlPlaneError("kube-apiserver is already running")
            child = _spawn("kube-apiserver", self._apiserver_cmd, self.apiserver_log, attached=self._attached)
            self._children.append(child)
        # Waiting outside the lock lets stop() (e.g. from the SIGTERM handler) end a slow start.
        try:
            self._wait_for(child, deadline, self._apiserver_ready)
        except BaseException:
            with self._lock:  # leave it stopped, so that a later start_apiserver() can try again
                child.stop()
                if child in self._children:
                    self._children.remove(child)
            raise

    def restart_apiserver(self, timeout: float = 60) -> None:
        """Stop kube-apiserver and start it again on the same port with the same arguments; wait for `/readyz`."""
        self.stop_apiserver()
        self.start_apiserver(timeout)

    def check(self) -> None:
        """Raise ControlPlaneError if etcd or the apiserver has exited since start."""
        for child in self._children:
            if not child.alive():
                raise ControlPlaneError(
                    f"{child.name} exited with code {child.popen.returncode}; last log lines "
                    f"({child.log}):\n{log_tail(child.log)}"
                )

    @property
    def pids(self) -> list[int]:
        return [c.popen.pid for c in self._children if c.alive()]

    def kubectl_cmd(self, *args: str) -> list[str]:
        return [
            str(self.kubectl),
            "--kubeconfig",
            str(self.kubeconfig),
            "--cache-dir",
            str(self.workdir / ".kube-cache"),
            *args,
        ]

    def run_kubectl(
        self, *args: str, input: str | None = None, check: bool = True, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(self.kubectl_cmd(*args), input=input, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise KubectlError(result.returncode, result.args, result.stdout, result.stderr)
        return result

    def client_kubeconfig(self, user: str, groups: list[str] | tuple[str, ...] = ()) -> Path:
        """A kubeconfig authenticating as `user` in `groups` by client certificate (for RBAC tests)."""
        ca = self._require_ca()
        pair = ca.issue_client(user, groups)
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in user)
        return write_kubeconfig(
            self.workdir / "users" / f"{safe}.kubeconfig",
            self.server_url,
            ca.cert_pem,
            user,
            {"client-certificate-data": _b64(pair.cert), "client-key-data": _b64(pair.key)},
        )

    def service_account_kubeconfig(self, namespace: str, name: str, *, duration: str = "24h") -> Path:
        """A kubeconfig with a bound token (TokenRequest API) for ServiceAccount `namespace/name`.

        Creates the namespace and the ServiceAccount if missing, like a manifest would.
        """
        ca = self._require_ca()
        manifest = yaml.safe_dump_all(
            [
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}},
                {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": namespace}},
            ]
        )
        self.run_kubectl("apply", "-f", "-", input=manifest)
        token = self.run_kubectl("create", "token", name, "-n", namespace, f"--duration={duration}").stdout.strip()
        user = f"system:serviceaccount:{namespace}:{name}"
        return write_kubeconfig(
            self.workdir / "users" / f"sa-{namespace}-{name}.kubeconfig",
            self.server_url,
            ca.cert_pem,
            user,
            {"token": token},
        )

    def state(self) -> ControlPlaneState:
        """Where the running control plane is and which processes it consists of."""
        return ControlPlaneState(
            workdir=self.workdir,
            kubeconfig=self.kubeconfig,
            server_url=self.server_url,
            remove_workdir=self._owns_workdir and not self.keep,
            processes=[c.record() for c in self._children],
        )

    def detach(self) -> ControlPlaneState:
        """Stop looking after the processes (they keep running); return what is needed to find them."""
        state = self.state()
        self._children = []
        self._owns_workdir = False  # nothing to remove on our own exit any more
        with _registry_lock:
            _running.discard(self)
        return state

    # -- internals -----------------------------------------------------------------------------

    def _apiserver_child(self) -> _Child | None:
        return next((c for c in self._children if c.name == "kube-apiserver"), None)

    def _require_ca(self) -> CertificateAuthority:
        if self.ca is None or not self.server_url:
            raise ControlPlaneError("the control plane is not started")
        return self.ca

    def _write_pki(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.workdir.chmod(0o700)
        self.pki.mkdir(parents=True, exist_ok=True)
        self.pki.chmod(0o700)
        if self.durable and self.ca_cert.exists() and self.etcd_ca_cert.exists():
            # the same identities after a restart: kubeconfigs, tokens and etcd's peers stay valid
            self.ca = CertificateAuthority.load(self.ca_cert, self.ca_key)
            self._write_kubelet_client_pair(self.ca)
            return
        self.ca = CertificateAuthority.create()
        self.ca.write(self.ca_cert, self.ca_key)
        hosts = [LOOPBACK, "localhost"]
        if self.bind_address != LOOPBACK:
            hosts += [self.bind_address, KUBERNETES_SERVICE_IP, *KUBERNETES_SERVICE_NAMES]
        self.ca.issue_serving(hosts).write(self.pki / "apiserver.crt", self.pki / "apiserver.key")
        self._write_kubelet_client_pair(self.ca)
        self.ca.issue_client(ADMIN_USER, ADMIN_GROUPS).write(self.pki / "admin.crt", self.pki / "admin.key")
        service_account_signing_pair().write(self.pki / "sa.pub", self.pki / "sa.key")
        # etcd has a CA of its own: a client certificate of the apiserver's CA (any test user's) is no etcd client
        etcd_ca = CertificateAuthority.create("healing-local-etcd-ca")
        etcd_ca.write(self.etcd_ca_cert, self.pki / "etcd-ca.key")
        etcd_ca.issue_serving([LOOPBACK, "localhost"]).write(self.pki / "etcd-server.crt", self.pki / "etcd-server.key")
        etcd_ca.issue_client("kube-apiserver-etcd-client").write(self.etcd_client_cert, self.etcd_client_key)

    def _write_kubelet_client_pair(self, ca: CertificateAuthority) -> None:
        # How the apiserver authenticates to kubelets (`kubectl exec/logs`): kubeadm's identity for it.
        if not (self.pki / "apiserver-kubelet-client.crt").exists():
            ca.issue_client("kube-apiserver-kubelet-client", ADMIN_GROUPS).write(
                self.pki / "apiserver-kubelet-client.crt", self.pki / "apiserver-kubelet-client.key"
            )

    def _etcd_argv(self, binaries: Binaries, client_port: int, peer_port: int) -> list[str]:
        client = f"https://{LOOPBACK}:{client_port}"
        peer = f"https://{LOOPBACK}:{peer_port}"
        data = self.workdir / "etcd"
        if data.exists() and not self.durable:
            shutil.rmtree(data)  # a retry after a port conflict must not inherit another peer URL
        pki = self.pki
        tls = [
            f"--cert-file={pki / 'etcd-server.crt'}",
            f"--key-file={pki / 'etcd-server.key'}",
            f"--trusted-ca-file={self.etcd_ca_cert}",
            "--client-cert-auth=true",
            f"--peer-cert-file={pki / 'etcd-server.crt'}",
            f"--peer-key-file={pki / 'etcd-server.key'}",
            f"--peer-trusted-ca-file={self.etcd_ca_cert}",
            "--peer-client-cert-auth=true",
        ]
        # throwaway data (tests): skip fsync as envtest does, much faster on CI disks; kept data is fsynced
        durability = [] if self.durable else ["--unsafe-no-fsync=true"]
        return [
            str(binaries.etcd),
            f"--name={CLUSTER_NAME}",
            f"--data-dir={data}",
            f"--listen-client-urls={client}",
            f"--advertise-client-urls={client}",
            f"--listen-peer-urls={peer}",
            f"--initial-advertise-peer-urls={peer}",
            f"--initial-cluster={CLUSTER_NAME}={peer}",
            *tls,
            *durability,
            "--log-level=warn",
            *self.etcd_args,
        ]

    def _apiserver_argv(self, binaries: Binaries, secure_port: int) -> list[str]:
        pki = self.pki
        return [
            str(binaries.kube_apiserver),
            f"--advertise-address={self.bind_address}",
            f"--bind-address={self.bind_address}",
            f"--secure-port={secure_port}",
            f"--etcd-servers={self.etcd_url}",
            f"--etcd-cafile={self.etcd_ca_cert}",
            f"--etcd-certfile={self.etcd_client_cert}",
            f"--etcd-keyfile={self.etcd_client_key}",
            f"--cert-dir={pki}",
            f"--tls-cert-file={pki / 'apiserver.crt'}",
            f"--tls-private-key-file={pki / 'apiserver.key'}",
            f"--client-ca-file={self.ca_cert}",
            f"--service-account-issuer=https://{LOOPBACK}:{secure_port}",
            f"--service-account-key-file={pki / 'sa.pub'}",
            f"--service-account-signing-key-file={pki / 'sa.key'}",
            f"--service-cluster-ip-range={SERVICE_CLUSTER_IP_RANGE}",
            "--authorization-mode=Node,RBAC",
            "--allow-privileged=true",
            f"--kubelet-client-certificate={pki / 'apiserver-kubelet-client.crt'}",
            f"--kubelet-client-key={pki / 'apiserver-kubelet-client.key'}",
            # Without a controller-manager no one creates `default` ServiceAccounts; envtest disables it for that
            # reason. A cluster with a node needs it: it gives pods their projected ServiceAccount token volume.
            *([] if self.service_account_admission else ["--disable-admission-plugins=ServiceAccount"]),
            "--profiling=false",
            *self.apiserver_args,
        ]

    def _ports(self) -> list[int]:
        """etcd client, etcd peer and apiserver ports: the kept ones while they are free (durable), else new."""
        if self.durable and self.ports_file.exists():
            with contextlib.suppress(ValueError, OSError):
                kept = [int(p) for p in json.loads(self.ports_file.read_text())]
                if len(kept) == 3 and all(_port_free(p) for p in kept):
                    return kept
        ports = free_ports(3)
        if self.durable:
            self.ports_file.write_text(json.dumps(ports))
        return ports

    def _start_once(self, binaries: Binaries, deadline: float, *, attached: bool) -> None:
        client_port, peer_port, secure_port = self._ports()
        self.etcd_url = f"https://{LOOPBACK}:{client_port}"
        etcd = _spawn("etcd", self._etcd_argv(binaries, client_port, peer_port), self.etcd_log, attached=attached)
        self._children.append(etcd)
        self._wait_for(etcd, deadline, self._etcd_healthy)

        self.server_url = f"https://{self.bind_address}:{secure_port}"
        self._apiserver_cmd = self._apiserver_argv(binaries, secure_port)
        self._attached = attached
        apiserver = _spawn("kube-apiserver", self._apiserver_cmd, self.apiserver_log, attached=attached)
        self._children.append(apiserver)
        assert self.ca is not None
        write_kubeconfig(
            self.kubeconfig,
            self.server_url,
            self.ca.cert_pem,
            ADMIN_USER,
            {
                "client-certificate-data": _b64((self.pki / "admin.crt").read_bytes()),
                "client-key-data": _b64((self.pki / "admin.key").read_bytes()),
            },
        )
        self._wait_for(apiserver, deadline, self._apiserver_ready)
        if self.controllers is not None:
            self._start_controllers(self.controllers, deadline, attached=attached)

    def _start_controllers(self, binaries: NodeBinaries, deadline: float, *, attached: bool) -> None:
        """kube-controller-manager and kube-scheduler as kubeadm runs them (their bootstrap RBAC identities, each
        controller with its own ServiceAccount's credentials), on loopback ports of their own; wait for /healthz."""
        manager_port, scheduler_port = free_ports(2)
        common = ["--bind-address=127.0.0.1", "--leader-elect=false", "--profiling=false"]
        manager_config = self.client_kubeconfig("system:kube-controller-manager")
        manager = [
            str(binaries.kube_controller_manager),
            f"--kubeconfig={manager_config}",
            f"--authentication-kubeconfig={manager_config}",
            f"--authorization-kubeconfig={manager_config}",
            f"--secure-port={manager_port}",
            "--use-service-account-credentials=true",
            # the kube-root-ca.crt ConfigMap of every namespace (part of each pod's projected token volume)
            f"--root-ca-file={self.ca_cert}",
            f"--service-account-private-key-file={self.pki / 'sa.key'}",
            f"--service-cluster-ip-range={SERVICE_CLUSTER_IP_RANGE}",
            *common,
        ]
        scheduler_config = self.client_kubeconfig("system:kube-scheduler")
        scheduler = [
            str(binaries.kube_scheduler),
            f"--kubeconfig={scheduler_config}",
            f"--authentication-kubeconfig={scheduler_config}",
            f"--authorization-kubeconfig={scheduler_config}",
            f"--secure-port={scheduler_port}",
            *common,
        ]
        for name, argv, port in (("kube-controller-manager", manager, manager_port),
                                 ("kube-scheduler", scheduler, scheduler_port)):
            child = _spawn(name, argv, self.log_dir / f"{name}.log", attached=attached)
            self._children.append(child)
            self._wait_for(child, deadline, lambda port=port: _healthz_ok(port))

    def _wait_for(self, child: _Child, deadline: float, probe: Callable[[], bool]) -> None:
        delay = 0.05
        while True:
            if not child.alive():
                raise ControlPlaneError(
                    f"{child.name} exited with code {child.popen.returncode} during start; last log lines "
                    f"({child.log}):\n{log_tail(child.log)}"
                )
            if probe():
                return
            if time.monotonic() >= deadline:
                raise ControlPlaneError(
                    f"{child.name} was not ready before the deadline; last log lines ({child.log}):\n"
                    f"{log_tail(child.log)}"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def etcd_tls_context(self) -> ssl.SSLContext:
        """What it takes to talk to this etcd: its CA, and the apiserver's client certificate."""
        context = ssl.create_default_context(cafile=str(self.etcd_ca_cert))
        context.load_cert_chain(str(self.etcd_client_cert), str(self.etcd_client_key))
        return context

    def _etcd_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.etcd_url}/health", timeout=2, context=self.etcd_tls_context()) as resp:
                return json.load(resp).get("health") == "true"
        except (OSError, ValueError, ssl.SSLError):
            return False

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.ca_cert))
        context.load_cert_chain(str(self.pki / "admin.crt"), str(self.pki / "admin.key"))
        return context

    def get(self, path: str, timeout: float = 5) -> tuple[int, str]:
        """GET `path` from the apiserver as the admin user; (status, body). For probes and tests."""
        request = urllib.request.Request(f"{self.server_url}{path}")
        try:
            with urllib.request.urlopen(request, timeout=timeout, context=self._tls_context()) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def _apiserver_ready(self) -> bool:
        try:
            status, body = self.get("/readyz", timeout=3)
            if status != 200 or body.strip() != "ok":
                return False
            # /readyz is ok once RBAC bootstrap is done; the system namespaces follow a moment later.
            return all(self.get(f"/api/v1/namespaces/{ns}", timeout=3)[0] == 200 for ns in ("default", "kube-system"))
        except (OSError, ssl.SSLError):
            return False

    def _stop_children(self) -> None:
        # apiserver first: etcd going away under it only produces noise in its log.
        for child in reversed(self._children):
            child.stop()
        self._children = []


def stop_detached(state: ControlPlaneState, timeout: float = STOP_TIMEOUT) -> list[str]:
    """Stop processes left by `detach()`; return the names of those that were still running.

    Raises ControlPlaneError if any process (or process group member) survives SIGKILL.
    """
    stopped = []
    for record in reversed(state.processes):
        proc = _ours(record)
        if proc is None:
            continue
        stopped.append(record.name)
        terminate_group(record.pid, timeout)
    survivors = [r.name for r in state.processes if _zombie_free(r)]
    if survivors:
        raise ControlPlaneError(f"processes survived SIGKILL: {survivors}")
    if state.remove_workdir and state.workdir.exists():
        shutil.rmtree(state.workdir, ignore_errors=True)
    return stopped


def _zombie_free(record: ProcessRecord) -> bool:
    proc = _ours(record)
    if proc is None:
        return False
    with contextlib.suppress(psutil.Error):
        return proc.status() != psutil.STATUS_ZOMBIE
    return False


def state_alive(state: ControlPlaneState) -> bool:
    """True if every recorded process still runs (and is the one we started)."""
    return bool(state.processes) and all(_zombie_free(r) for r in state.processes)
