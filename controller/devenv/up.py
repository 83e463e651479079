"""`healing up`: the whole system on one machine with no cluster.

Starts the embedded control plane (built once, cached), installs the CRDs and a policy for this host, runs the
operator and an agent for this host as child processes, prints the KUBECONFIG to use, and shows the incidents live.
Ctrl-C (or SIGTERM, as systemd sends) stops everything cleanly.
"""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.live import Live
from rich.table import Table

from controller.api.crdgen import render_crds
from controller.constants import API_VERSION, GROUP, VERSION
from controller.devenv.controlplane import ControlPlane
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


def run_up(
    node: str | None = None,
    *,
    mode: str = "Approve",
    policy_files: list[Path] | None = None,
    state_dir: Path | None = None,
) -> int:
    node = node or socket.gethostname()
    state_dir = state_dir or Path.home() / ".cache" / "healing" / "up"
    log_dir = state_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    children: list[ManagedProcess] = []
    plane = ControlPlane(log_dir=log_dir, progress=True)
    try:
        with console.status("starting the local control plane (etcd + kube-apiserver)…"):
            started = time.monotonic()
            plane.start()
        console.print(f"[green]✓[/] control plane at {plane.server_url} in {time.monotonic() - started:.1f}s")
        install_crds(plane)
        console.print(f"[green]✓[/] CRDs installed ({GROUP}/{VERSION})")
        if policy_files:
            for path in policy_files:
                plane.run_kubectl("apply", "-f", str(path))
                console.print(f"[green]✓[/] applied {path}")
        else:
            plane.run_kubectl("apply", "-f", "-", input=yaml.safe_dump(default_policy(mode)))
            console.print(f"[green]✓[/] policy this-host (mode {mode}: kubectl edit hpol this-host to change)")

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
        console.print(
            f"[green]✓[/] operator and agent for node [bold]{node}[/] running "
            f"(systemd: {'yes' if dbus else 'no system bus'}, docker: {'yes' if docker_url else 'no socket'}); "
            f"logs in {log_dir}"
        )
        console.print(f"\n  export KUBECONFIG={plane.kubeconfig}\n  kubectl get healing\n")
        print(f"export KUBECONFIG={plane.kubeconfig}", flush=True)

        with Live(incidents_table(list_incidents(plane)), console=console, refresh_per_second=1) as live:
            while not stop.wait(2.0):
                dead = [c for c in children if not c.alive()]
                if dead:
                    for child in dead:
                        console.print(f"[red]{child.name} exited[/]; last log lines:\n{child.log_tail()}")
                    return 1
                live.update(incidents_table(list_incidents(plane)))
        console.print("stopping…")
        return 0
    finally:
        for child in reversed(children):
            child.stop()
        plane.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        console.print("[green]✓[/] stopped: operator, agent, kube-apiserver and etcd")


__all__ = ["default_policy", "incidents_table", "install_crds", "list_incidents", "run_up"]
