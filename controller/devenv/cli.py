"""`healing dev up|down|env|status|build`: the local control plane as a long-running dev service.

`dev up` starts etcd + kube-apiserver detached (they outlive the command) and records them in
`<cache>/dev/state.json`; `dev down` stops them and checks nothing is left; `dev env` prints the
`export KUBECONFIG=...` line. stdout carries only that line, so `eval "$(healing dev up)"` works;
progress goes to stderr.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import time
from pathlib import Path
from typing import Annotated

import psutil
import typer
from rich.console import Console

from controller.devenv.build import BuildError, cache_root, ensure_binaries
from controller.devenv.controlplane import (
    ControlPlane,
    ControlPlaneError,
    ControlPlaneState,
    state_alive,
    stop_detached,
    terminate_group,
)

STATE_FILE = "state.json"

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


def dev_down(state_dir: Path | None = None) -> list[str]:
    """Stop the detached control plane; return the names of processes stopped. Raises if any survive."""
    state_dir = state_dir or dev_dir()
    stopped: list[str] = []
    state = load_state(state_dir)
    (state_dir / STATE_FILE).unlink(missing_ok=True)  # first: a `dev up --foreground` then exits quietly
    if state is not None:
        stopped = stop_detached(state)
    run_dir = state_dir / "run"
    for proc in _stragglers(run_dir):
        stopped.append(proc.name())
        terminate_group(proc.pid)
    left = _stragglers(run_dir)
    if left:
        raise ControlPlaneError(f"processes still running after dev down: {[p.pid for p in left]}")
    shutil.rmtree(run_dir, ignore_errors=True)
    return stopped


def dev_up(state_dir: Path | None = None, *, timeout: float = 120, progress: bool = True) -> ControlPlaneState:
    """Start the control plane detached (or return the running one); its state is saved in `state_dir`."""
    state_dir = state_dir or dev_dir()
    state_dir.mkdir(parents=True, exist_ok=True)
    state = load_state(state_dir)
    if state is not None and state_alive(state):
        return state
    dev_down(state_dir)  # a half-dead previous run: clear it before starting afresh
    plane = ControlPlane(state_dir / "run", log_dir=state_dir / "logs", progress=progress)
    plane.start(timeout, attached=False)
    try:
        state = plane.detach()
        state = state.model_copy(update={"remove_workdir": True})
        _save_state(state_dir, state)
    except BaseException:
        plane.stop()
        raise
    return state


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(1)


@dev_app.command("up")
def up(
    foreground: Annotated[
        bool, typer.Option("--foreground", "-f", help="Stay attached; Ctrl-C stops everything.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for /readyz.")] = 120,
) -> None:
    """Start etcd + kube-apiserver on loopback and print the KUBECONFIG export line."""
    state_dir = dev_dir()
    started = time.monotonic()
    try:
        if foreground:
            _run_foreground(state_dir, timeout)
            return
        before = load_state(state_dir)
        state = dev_up(state_dir, timeout=timeout)
    except (BuildError, ControlPlaneError) as exc:
        raise _fail(exc) from exc
    if before is not None and before.processes == state.processes:
        err.print(f"already running at {state.server_url}")
    else:
        err.print(
            f"[green]control plane ready[/green] at {state.server_url} in {time.monotonic() - started:.1f}s "
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
    except ControlPlaneError as exc:
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
    print(f"running at {state.server_url} ({pids}); kubeconfig {state.kubeconfig}")


@dev_app.command("build")
def build(force: Annotated[bool, typer.Option(help="Rebuild even if cached.")] = False) -> None:
    """Build (once) and cache etcd, kube-apiserver and kubectl; print their directory."""
    try:
        binaries = ensure_binaries(progress=True, force=force)
    except BuildError as exc:
        raise _fail(exc) from exc
    print(binaries.etcd.parent)
