"""`healing dev up|down|env|status|build`: the local control plane as a long-running dev service.

`dev up` starts etcd + kube-apiserver detached (they outlive the command) and records them in
`<cache>/dev/state.json`; `dev down` stops them and checks nothing is left; `dev env` prints the
`export KUBECONFIG=...` line. stdout carries only that line, so `eval "$(healing dev up)"` works;
progress goes to stderr.

`dev up --node` makes it a one-node cluster (controller/devenv/kube_node.py): the apiserver listens on the Docker
bridge, kube-controller-manager and kube-scheduler run next to it, and a kubelet node container joins with the
operator/agent image imported; the node is recorded in `<cache>/dev/node.json` and `dev down` removes it too.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import time
from pathlib import Path
from typing import Annotated

import docker
import psutil
import typer
from rich.console import Console

from controller.devenv.build import BuildError, cache_root, ensure_binaries, ensure_node_binaries
from controller.devenv.controlplane import (
    ControlPlane,
    ControlPlaneError,
    ControlPlaneState,
    state_alive,
    stop_detached,
    terminate_group,
)
from controller.devenv.docker_engine import DockerUnavailable
from controller.devenv.kube_node import KubeNode, KubeNodeError, KubeNodeState, node_control_plane, stop_kube_node

STATE_FILE = "state.json"
NODE_FILE = "node.json"
DEV_NODE_LABEL = "healing.insa.io/dev-node"  # value: the state dir, so `dev down` finds a node it lost track of

dev_app = typer.Typer(
    help="The local control plane (real etcd + kube-apiserver on loopback): up | down | env | status | build.",
    no_args_is_help=True,
)
err = Console(stderr=True, soft_wrap=True)


def dev_dir() -> Path:
    return cache_root() / "dev"


def env_line(kubeconfig: Path) -> str:
    return f"export KUBECONFIG={shlex.quote(str(kubeconfig))}"


def load_state(state_dir: Path | None = None) -> ControlPlaneState | None:
    path = (state_dir or dev_dir()) / STATE_FILE
    if not path.exists():
        return None
    try:
        return ControlPlaneState.model_validate_json(path.read_text())
    except ValueError:
        return None  # a torn or foreign file: treat as "not running"; `down` cleans it up


def _save_state(state_dir: Path, state: ControlPlaneState) -> None:
    tmp = state_dir / f".{STATE_FILE}.tmp"
    tmp.write_text(state.model_dump_json(indent=2))
    tmp.rename(state_dir / STATE_FILE)


def _stragglers(run_dir: Path) -> list[psutil.Process]:
    """Any process whose command line points into our run dir (e.g. left by a crashed `dev up`)."""
    needle = str(run_dir)
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        with contextlib.suppress(psutil.Error):
            if proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if any(needle in arg for arg in proc.info["cmdline"] or ()):
                found.append(proc)
    return found


def load_node_state(state_dir: Path | None = None) -> KubeNodeState | None:
    path = (state_dir or dev_dir()) / NODE_FILE
    try:
        return KubeNodeState.model_validate_json(path.read_text())
    except (OSError, ValueError):
        return None


def _stop_dev_nodes(state_dir: Path) -> list[str]:
    """Remove the recorded node and any node container of this state dir (a `dev up --node` that crashed)."""
    node = load_node_state(state_dir)
    records = [node] if node is not None else []
    label = f"{DEV_NODE_LABEL}={state_dir}"
    try:
        client = docker.from_env(timeout=60)
        for container in client.containers.list(all=True, filters={"label": label}):
            if node is None or container.name != node.name:
                records.append(KubeNodeState.of_container(container))
        for record in records:
            stop_kube_node(record, client)
    except docker.errors.DockerException as exc:
        if records:
            raise ControlPlaneError(f"cannot remove the node container(s) {[r.name for r in records]}: {exc}") from exc
    (state_dir / NODE_FILE).unlink(missing_ok=True)
    return [f"node {r.name}" for r in records]


def dev_down(state_dir: Path | None = None) -> list[str]:
    """Stop the detached control plane (and its node); return what was stopped. Raises if anything survives."""
    state_dir = state_dir or dev_dir()
    stopped: list[str] = _stop_dev_nodes(state_dir)
    state = load_state(state_dir)
    (state_dir / STATE_FILE).unlink(missing_ok=True)  # first: a `dev up --foreground` then exits quietly
    if state is not None:
        stopped += stop_detached(state)
    run_dir = state_dir / "run"
    for proc in _stragglers(run_dir):
        stopped.append(proc.name())
        terminate_group(proc.pid)
    left = _stragglers(run_dir)
    if left:
        raise ControlPlaneError(f"processes still running after dev down: {[p.pid for p in left]}")
    shutil.rmtree(run_dir, ignore_errors=True)
    return stopped


def dev_up(
    state_dir: Path | None = None,
    *,
    timeout: float = 120,
    progress: bool = True,
    node: bool = False,
    node_labels: dict[str, str] | None = None,
) -> ControlPlaneState:
    """Start the control plane detached (or return the running one); its state is saved in `state_dir`.

    `node=True`: a one-node cluster (see the module docstring); a running control plane without a node is replaced.
    `node_labels` go on the node container (tests label what they start).
    """
    state_dir = state_dir or dev_dir()
    state_dir.mkdir(parents=True, exist_ok=True)
    state = load_state(state_dir)
    if state is not None and state_alive(state) and (not node or _node_running(state_dir)):
        return state
    dev_down(state_dir)  # a half-dead previous run (or one without the node asked for): start afresh
    if not node:
        plane = ControlPlane(state_dir / "run", log_dir=state_dir / "logs", progress=progress)
        plane.start(timeout, attached=False)
        return _detach(plane, state_dir)
    return _dev_up_node(state_dir, timeout, progress, node_labels or {})


def _detach(plane: ControlPlane, state_dir: Path) -> ControlPlaneState:
    try:
        state = plane.detach()
        state = state.model_copy(update={"remove_workdir": True})
        _save_state(state_dir, state)
    except BaseException:
        plane.stop()
        raise
    return state


def _node_running(state_dir: Path) -> bool:
    node = load_node_state(state_dir)
    if node is None:
        return False
    with contextlib.suppress(docker.errors.DockerException):
        return docker.from_env(timeout=30).containers.get(node.container_id).status == "running"
    return False


def _dev_up_node(state_dir: Path, timeout: float, progress: bool, labels: dict[str, str]) -> ControlPlaneState:
    from controller.devenv.base_image import IMAGE, build_image
    from controller.devenv.docker_engine import ensure_docker
    from controller.devenv.images import ensure_kube_node_image

    say = (lambda line: err.print(line, highlight=False)) if progress else (lambda line: None)
    client = ensure_docker()
    binaries = ensure_node_binaries(progress=progress)
    ensure_kube_node_image(client, say)
    image, _ = build_image(client, IMAGE, say)
    plane = node_control_plane(client, binaries, state_dir / "run", log_dir=state_dir / "logs", progress=progress)
    plane.start(timeout, attached=False)
    try:
        kube_node = KubeNode(
            client, plane, binaries, images={IMAGE: str(image.id)}, labels={**labels, DEV_NODE_LABEL: str(state_dir)}
        )
        (state_dir / NODE_FILE).write_text(kube_node.state().model_dump_json())  # `dev down` finds it from now on
        kube_node.start(timeout)
        (state_dir / NODE_FILE).write_text(kube_node.state().model_dump_json())
    except BaseException:
        _stop_dev_nodes(state_dir)
        plane.stop()
        raise
    return _detach(plane, state_dir)


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(1)


@dev_app.command("up")
def up(
    foreground: Annotated[
        bool, typer.Option("--foreground", "-f", help="Stay attached; Ctrl-C stops everything.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for /readyz (and for the node to be Ready).")] = 120,
    node: Annotated[
        bool,
        typer.Option(
            "--node",
            help="A one-node cluster: also kube-controller-manager, kube-scheduler and a kubelet node container "
            "(containerd, Docker, kube-proxy) with the operator/agent image imported.",
        ),
    ] = False,
) -> None:
    """Start etcd + kube-apiserver (with --node: a one-node cluster) and print the KUBECONFIG export line."""
    state_dir = dev_dir()
    started = time.monotonic()
    try:
        if foreground:
            if node:
                raise ControlPlaneError("--node runs detached: `healing dev up --node`, then `healing dev down`")
            _run_foreground(state_dir, timeout)
            return
        before = load_state(state_dir)
        state = dev_up(state_dir, timeout=timeout, node=node)
    except (BuildError, ControlPlaneError, KubeNodeError, DockerUnavailable, docker.errors.DockerException) as exc:
        raise _fail(exc) from exc
    if before is not None and before.processes == state.processes:
        err.print(f"already running at {state.server_url}")
    else:
        node_state = load_node_state(state_dir) if node else None
        what = f"cluster with node {node_state.name}" if node_state else "control plane"
        err.print(
            f"[green]{what} ready[/green] at {state.server_url} in {time.monotonic() - started:.1f}s "
            f"(logs: {state_dir / 'logs'}; stop with `healing dev down`)"
        )
    print(env_line(state.kubeconfig))


def _run_foreground(state_dir: Path, timeout: float) -> None:
    if (state := load_state(state_dir)) is not None and state_alive(state):
        raise ControlPlaneError(f"already running ({state.server_url}); `healing dev down` first")
    dev_down(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    state_file = state_dir / STATE_FILE
    plane = ControlPlane(state_dir / "run", log_dir=state_dir / "logs")
    try:
        plane.start(timeout)
        # Recorded so `dev env`/`status` work from another shell and `dev down` can stop us too.
        _save_state(state_dir, plane.state().model_copy(update={"remove_workdir": True}))
        err.print(f"[green]control plane ready[/green] at {plane.server_url} in {plane.started_seconds:.1f}s")
        print(env_line(plane.kubeconfig), flush=True)
        err.print("Ctrl-C to stop")
        with contextlib.suppress(KeyboardInterrupt):
            while state_file.exists():  # `dev down` from another shell removes it first
                try:
                    plane.check()  # raises if etcd or the apiserver died
                except ControlPlaneError:
                    if state_file.exists():
                        raise
                time.sleep(1)
    finally:
        plane.stop()
        state_file.unlink(missing_ok=True)
        shutil.rmtree(state_dir / "run", ignore_errors=True)
        err.print("stopped")


@dev_app.command("down")
def down() -> None:
    """Stop the local control plane started by `dev up` and verify no process is left."""
    try:
        stopped = dev_down()
    except (ControlPlaneError, KubeNodeError) as exc:
        raise _fail(exc) from exc
    err.print(f"stopped: {', '.join(stopped)}" if stopped else "not running")


@dev_app.command("env")
def env() -> None:
    """Print `export KUBECONFIG=...` for the running local control plane."""
    state = load_state()
    if state is None:
        raise _fail(RuntimeError("not running; start it with `healing dev up`"))
    print(env_line(state.kubeconfig))


@dev_app.command("status")
def status() -> None:
    """Say whether the local control plane runs, where, and its process ids."""
    state = load_state()
    if state is None or not state_alive(state):
        err.print("not running")
        raise typer.Exit(1)
    pids = ", ".join(f"{p.name}={p.pid}" for p in state.processes)
    node = load_node_state()
    where = f"; node {node.name}" if node is not None else ""
    print(f"running at {state.server_url} ({pids}){where}; kubeconfig {state.kubeconfig}")


@dev_app.command("build")
def build(
    force: Annotated[bool, typer.Option(help="Rebuild even if cached.")] = False,
    node: Annotated[bool, typer.Option("--node", help="Also the node binaries (for `dev up --node`).")] = False,
) -> None:
    """Build (once) and cache etcd, kube-apiserver and kubectl (and the node binaries); print their directories."""
    try:
        binaries = ensure_binaries(progress=True, force=force)
        node_binaries = ensure_node_binaries(progress=True, force=force) if node else None
    except BuildError as exc:
        raise _fail(exc) from exc
    print(binaries.etcd.parent)
    if node_binaries is not None:
        print(node_binaries.directory)
