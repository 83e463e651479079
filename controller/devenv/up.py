"""`healing up`: the whole system on one machine with no cluster.

Starts the embedded control plane (built once, cached), installs the CRDs and a policy for this host, runs the
operator and an agent for this host as child processes, prints the KUBECONFIG to use, and shows the incidents live
(a table on a terminal; plain log lines under systemd or in a pipe). Ctrl-C (or SIGTERM, as systemd sends) stops
everything cleanly; the state directory keeps everything for the next start.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from controller.api.crdgen import render_crds
from controller.constants import API_VERSION, GROUP, VERSION
from controller.devenv.controlplane import ControlPlane, KubectlError
from controller.devenv.stack import (
    ManagedProcess,
    agent_process,
    host_dbus_address,
    host_docker_url,
    operator_process,
)

console = Console(stderr=True)


def default_policy(mode: str) -> dict[str, Any]:
    """What `healing up` heals on this host unless given policies: failed units and crashed containers."""
    return {
        "apiVersion": API_VERSION,
        "kind": "HealingPolicy",
        "metadata": {"name": "this-host"},
        "spec": {
            "targets": [{"kind": "systemd", "match": "*.service"}, {"kind": "docker", "match": "*"}],
            "mode": mode,
            "actions": ["restart", "start", "resetFailed", "recreateContainer", "escalate"],
            # a workstation has containers that exited long ago and one-off jobs: history, not emergencies
            "ignoreFailuresOlderThan": "15m",
        },
    }


def install_crds(plane: ControlPlane) -> None:
    plane.run_kubectl("apply", "-f", "-", input=render_crds())
    for plural in ("healingpolicies", "incidents", "hostreports"):
        plane.run_kubectl("wait", "--for=condition=Established", "--timeout=60s", f"crd/{plural}.{GROUP}")


def list_incidents(plane: ControlPlane) -> list[dict[str, Any]] | None:
    """The Incidents as the API server has them; None while it does not answer."""
    result = plane.run_kubectl("get", "incidents", "-o", "json", check=False)
    return json.loads(result.stdout).get("items", []) if result.returncode == 0 else None


def incidents_table(items: list[dict[str, Any]] | None) -> Table:
    """`kubectl get incidents` as a rich table."""
    table = Table(title="incidents (kubectl get incidents)", expand=True)
    for column in ("NAME", "NODE", "TARGET", "PATTERN", "PHASE", "ACTION", "ATTEMPTS", "REASON"):
        # one line per incident, like kubectl: long names are cut rather than wrapped
        table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=40 if column == "NAME" else 24)
    if items is None:
        table.caption = "API server not answering"
        return table
    for item in sorted(items, key=lambda i: i["metadata"].get("creationTimestamp", "")):
        status = item.get("status", {})
        phase = status.get("phase") or "-"
        style = {"Resolved": "green", "Failed": "red", "Escalated": "magenta", "Suppressed": "yellow"}.get(phase)
        table.add_row(
            item["metadata"]["name"],
            item["spec"]["node"],
            item["spec"]["target"]["name"],
            (status.get("detection") or {}).get("pattern") or "-",
            f"[{style}]{phase}[/]" if style else phase,
            status.get("action") or "-",
            str(status.get("attemptCount", 0)),
            status.get("reason") or "",
        )
    if not items:
        table.caption = "no incidents yet: break something (e.g. `docker run --name web-1 busybox false`)"
    return table


def default_state_dir() -> Path:
    """Where `healing up` keeps the cluster's data: /var/lib/healing as root, the XDG state directory otherwise."""
    if os.geteuid() == 0:
        return Path("/var/lib/healing")
    xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(xdg) / "healing"


def incident_line(item: dict[str, Any]) -> str:
    """One plain log line for an incident (no terminal: systemd's journal, a pipe)."""
    status = item.get("status", {})
    return (
        f"incident {item['metadata']['name']}: node={item['spec']['node']} target={item['spec']['target']['name']} "
        f"pattern={(status.get('detection') or {}).get('pattern') or '-'} phase={status.get('phase') or '-'} "
        f"action={status.get('action') or '-'} attempts={status.get('attemptCount', 0)} "
        f"reason={status.get('reason') or '-'}"
    )


class IncidentView:
    """Incidents as they change: a live table on a terminal, one plain line per change otherwise."""

    def __init__(self, plane: ControlPlane, terminal: bool) -> None:
        self.plane = plane
        self.terminal = terminal
        self.live: Live | None = None
        self._shown: dict[str, str] = {}

    def __enter__(self) -> IncidentView:
        if self.terminal:
            self.live = Live(incidents_table(list_incidents(self.plane)), console=console, refresh_per_second=1)
            self.live.__enter__()
        else:
            self.update()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)

    def update(self) -> None:
        items = list_incidents(self.plane)
        if self.live is not None:
            self.live.update(incidents_table(items))
            return
        for item in items or []:
            line = incident_line(item)
            if self._shown.get(item["metadata"]["name"]) != line:
                self._shown[item["metadata"]["name"]] = line
                say(line)


def say(text: str) -> None:
    """A progress line: rich markup on a terminal, the plain text otherwise (a log, the journal)."""
    if console.is_terminal:
        console.print(text)
    else:
        print(Text.from_markup(text).plain, file=sys.stderr, flush=True)


def install_policy(plane: ControlPlane, mode: str, policy_files: list[Path] | None) -> None:
    if policy_files:
        for path in policy_files:
            plane.run_kubectl("apply", "-f", str(path))
            say(f"[green]✓[/] applied {path}")
        return
    # created once: a restart keeps what the user changed (kubectl edit hpol this-host), and its status
    created = plane.run_kubectl("create", "-f", "-", input=yaml.safe_dump(default_policy(mode)), check=False)
    if created.returncode == 0:
        say(f"[green]✓[/] policy this-host (mode {mode}: kubectl edit hpol this-host to change)")
    elif "AlreadyExists" in created.stderr:
        say("[green]✓[/] policy this-host kept from the last run (kubectl get hpol this-host)")
    else:
        raise KubectlError(created.returncode, created.args, created.stdout, created.stderr)


def run_up(
    node: str | None = None,
    *,
    mode: str = "Approve",
    policy_files: list[Path] | None = None,
    state_dir: Path | None = None,
) -> int:
    node = node or socket.gethostname()
    state_dir = state_dir or default_state_dir()
    state_dir.mkdir(parents=True, exist_ok=True)
    state_dir.chmod(0o700)
    log_dir = state_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    children: list[ManagedProcess] = []
    # Everything the cluster knows (policies, incidents, learning, circuits, budgets) lives in etcd's data under
    # the state directory, written with fsync: a restart of `healing up` continues where it stopped.
    plane = ControlPlane(state_dir / "control-plane", log_dir=log_dir, progress=True, durable=True)
    try:
        started = time.monotonic()
        if console.is_terminal:
            with console.status("starting the local control plane (etcd + kube-apiserver)…"):
                plane.start()
        else:
            say("starting the local control plane (etcd + kube-apiserver)")
            plane.start()
        say(f"[green]✓[/] control plane at {plane.server_url} in {time.monotonic() - started:.1f}s "
            f"(state in {state_dir})")
        install_crds(plane)
        say(f"[green]✓[/] CRDs installed ({GROUP}/{VERSION})")
        install_policy(plane, mode, policy_files)

        dbus, docker_url = host_dbus_address(), host_docker_url()
        children.append(operator_process(plane.kubeconfig, log_dir).start())
        children.append(
            agent_process(
                plane.kubeconfig,
                log_dir,
                node,
                dbus_address=dbus,
                docker_url=docker_url,
                journal_dir=None,
                state_dir=state_dir / "agent",
            ).start()
        )
        say(
            f"[green]✓[/] operator and agent for node [bold]{node}[/] running "
            f"(systemd: {'yes' if dbus else 'no system bus'}, docker: {'yes' if docker_url else 'no socket'}); "
            f"logs in {log_dir}"
        )
        if console.is_terminal:
            console.print(f"\n  export KUBECONFIG={plane.kubeconfig}\n  kubectl get healing\n")
        print(f"export KUBECONFIG={plane.kubeconfig}", flush=True)

        with IncidentView(plane, console.is_terminal) as view:
            while not stop.wait(2.0):
                dead = [c for c in children if not c.alive()]
                if dead:
                    for child in dead:
                        say(f"[red]{child.name} exited[/]; last log lines:\n{child.log_tail()}")
                    return 1
                view.update()
        say("stopping")
        return 0
    finally:
        for child in reversed(children):
            child.stop()
        plane.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        say("[green]✓[/] stopped: operator, agent, kube-apiserver and etcd")


__all__ = ["default_policy", "default_state_dir", "incidents_table", "install_crds", "list_incidents", "run_up"]
