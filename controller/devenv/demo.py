"""`healing demo`: a scripted tour on the embedded control plane that breaks things for real.

1. a container that crashes (exit 1)            → restart → Resolved
2. a systemd unit whose port a stale copy holds → freePort → Resolved
3. a systemd unit with a config error           → not restarted: escalated (Event + webhook)
Everything runs for real: kube-apiserver + etcd, the operator and the agent as processes, a Docker container, and a
container running systemd as PID 1 (the "node"), reached over D-Bus with its journal read from the host.
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import docker
import yaml
from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel

from controller.api.common import utcnow
from controller.devenv.controlplane import ControlPlane
from controller.devenv.docker_engine import ensure_docker
from controller.devenv.images import ensure_busybox_image, ensure_node_image
from controller.devenv.nodes import SystemdNode
from controller.devenv.stack import ManagedProcess, agent_process, host_docker_url, operator_process, wait_until
from controller.devenv.up import incidents_table, install_crds, list_incidents

console = Console(stderr=True)

NODE = "demo-node"
WEB = "demo-web-1"
API_UNIT = "demo-api.service"
CONFIG_UNIT = "demo-config.service"
API_PORT = 8080
TERMINAL = ("Resolved", "Escalated", "Failed")

# The unit's command and the stale copy's are the same: freePort kills only a stale instance of the same service.
API_SCRIPT = "/opt/demo/api.py"
API_EXEC = f"/usr/bin/python3 {API_SCRIPT}"
API_SCRIPT_TEXT = f"""import http.server, sys
try:
    server = http.server.HTTPServer(("127.0.0.1", {API_PORT}), http.server.SimpleHTTPRequestHandler)
except OSError as exc:
    print(f"demo-api: bind 127.0.0.1:{API_PORT} failed: {{exc}}", flush=True)
    sys.exit(1)
print("demo-api: listening on :{API_PORT}", flush=True)
server.serve_forever()
"""
API_UNIT_TEXT = f"""[Unit]
Description=demo API (healing demo)

[Service]
ExecStart={API_EXEC}
Restart=no
"""
CONFIG_UNIT_TEXT = """[Unit]
Description=demo service with a broken config (healing demo)

[Service]
ExecStart=/bin/sh -c 'echo "demo-config: [emerg] unknown directive \\"listen_porrt\\" in /etc/demo/demo.conf:3"; \
echo "demo-config: configuration file /etc/demo/demo.conf test failed"; exit 1'
Restart=no
"""
# First run: crash with a non-zero exit. After a restart (same container, same filesystem): serve.
WEB_COMMAND = [
    "sh",
    "-c",
    "if [ -f /ran-once ]; then echo 'web: serving'; exec sleep 100000; fi; "
    "touch /ran-once; echo 'web: fatal: worker crashed'; exit 1",
]


def demo_policy(webhook_url: str) -> dict[str, Any]:
    return {
        "apiVersion": "healing.insa.io/v1alpha1",
        "kind": "HealingPolicy",
        "metadata": {"name": "demo"},
        "spec": {
            "targets": [
                {"kind": "docker", "match": "demo-web-*"},
                {"kind": "systemd", "match": "demo-*.service"},
            ],
            "mode": "Auto",
            "actions": ["restart", "start", "resetFailed", "freePort", "recreateContainer", "escalate"],
            "confidenceThreshold": 0.5,
            "verify": {"after": "2s", "healthyFor": "5s", "timeout": "1m"},
            "backoff": {"initial": "5s", "factor": 2, "max": "1m"},
            "escalation": {"webhook": {"url": webhook_url}},
        },
    }


@dataclass
class WebhookInbox:
    """A local receiver for the escalation webhook: shows what a chat or paging system would get."""

    received: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    def start(self) -> str:
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
                try:
                    inbox.received.append(json.loads(body or b"{}"))
                except json.JSONDecodeError:
                    inbox.received.append({"raw": body.decode(errors="replace")})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/healing"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def _by_target(items: list[dict[str, Any]], target: str) -> dict[str, Any] | None:
    matching = [i for i in items if i["spec"]["target"]["name"] == target]
    return matching[0] if matching else None


def _phase(item: dict[str, Any] | None) -> str | None:
    return (item or {}).get("status", {}).get("phase")


@dataclass
class Scenario:
    title: str
    target: str
    expect: tuple[str, ...]
    breaker: Callable[[], None]
    outcome: str = "waiting"


def run_demo(timeout: float = 240.0) -> int:
    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    log_dir = Path.home() / ".cache" / "healing" / "demo" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    children: list[ManagedProcess] = []
    inbox = WebhookInbox()
    plane: ControlPlane | None = None
    node: SystemdNode | None = None
    docker_client = None
    try:
        with console.status("Docker engine and demo images (first run builds a Debian node image)…"):
            docker_client = ensure_docker()
            ensure_busybox_image(docker_client, progress=lambda line: console.log(line))
            ensure_node_image(docker_client, progress=lambda line: console.log(line))
        console.print("[green]✓[/] Docker engine and images ready")
        plane = ControlPlane(log_dir=log_dir)
        with console.status("starting the local control plane…"):
            plane.start()
        install_crds(plane)
        console.print(f"[green]✓[/] kube-apiserver at {plane.server_url}, CRDs installed")

        _remove_stale_demo_containers(docker_client)
        node = SystemdNode(docker_client, name=NODE).start()
        node.wait_until_running(timeout=60)
        node.check(["mkdir", "-p", str(Path(API_SCRIPT).parent)])
        node.write_file(API_SCRIPT, API_SCRIPT_TEXT)
        node.install_unit(API_UNIT, API_UNIT_TEXT)
        node.install_unit(CONFIG_UNIT, CONFIG_UNIT_TEXT)
        console.print(f"[green]✓[/] node {NODE}: a container running real systemd, D-Bus at {node.dbus_address}")

        webhook_url = inbox.start()
        plane.run_kubectl("apply", "-f", "-", input=yaml.safe_dump(demo_policy(webhook_url)))
        children.append(operator_process(plane.kubeconfig, log_dir).start())
        children.append(
            agent_process(
                plane.kubeconfig,
                log_dir,
                NODE,
                dbus_address=node.dbus_address,
                docker_url=host_docker_url(),
                journal_dir=node.journal_dir,
                state_dir=log_dir.parent / "agent-state",
            ).start()
        )
        console.print(f"[green]✓[/] operator and agent running (logs: {log_dir})")
        console.print(f"  export KUBECONFIG={plane.kubeconfig}   # to look around with kubectl meanwhile\n")
        _wait_ready(plane, children, stop)

        assert docker_client is not None
        client = docker_client
        assert node is not None
        running_node = node

        def crash_container() -> None:
            client.containers.run(
                "healing-test/busybox:latest", WEB_COMMAND, name=WEB, detach=True,
                labels={"healing.insa.io/demo": "true"},
            )

        def port_conflict() -> None:
            # a stale copy of the API, outside the unit, holds the port; then the unit starts and fails to bind
            running_node.check(["sh", "-c", f"nohup {API_EXEC} >/dev/null 2>&1 &"])
            wait_until(
                lambda: running_node.exec(["python3", "-c", _PORT_CHECK])[0] == 0, 10, "the stale copy to hold the port"
            )
            running_node.exec(["systemctl", "start", API_UNIT])

        def config_error() -> None:
            running_node.exec(["systemctl", "start", CONFIG_UNIT])

        scenarios = [
            Scenario("a container crashes (exit 1)", WEB, ("Resolved",), crash_container),
            Scenario("a unit finds its port held by a stale copy", API_UNIT, ("Resolved",), port_conflict),
            Scenario("a unit has a config error (a restart cannot fix it)", CONFIG_UNIT, ("Escalated",), config_error),
        ]
        for scenario in scenarios:
            console.print(f"[bold]breaking:[/] {scenario.title}")
            scenario.breaker()

        deadline = time.monotonic() + timeout
        with Live(console=console, refresh_per_second=2) as live:
            while not stop.is_set() and time.monotonic() < deadline:
                items = list_incidents(plane)
                for scenario in scenarios:
                    phase = _phase(_by_target(items or [], scenario.target))
                    scenario.outcome = phase or "not detected yet"
                live.update(Group(incidents_table(items), _scenario_panel(scenarios)))
                if all(s.outcome in TERMINAL for s in scenarios):
                    break
                if any(not c.alive() for c in children):
                    break
                stop.wait(1.0)
        for child in children:
            if not child.alive():
                console.print(f"[red]{child.name} exited early[/]:\n{child.log_tail()}")
        return _summary(plane, scenarios, inbox)
    finally:
        for child in reversed(children):
            child.stop()
        if node is not None:
            node.stop()
        if docker_client is not None:
            _remove_stale_demo_containers(docker_client)
        if plane is not None:
            plane.stop()
        inbox.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        console.print("[green]✓[/] cleaned up: processes, containers, control plane")


_PORT_CHECK = (
    f"import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1', {API_PORT})))"
)




def _wait_ready(plane: ControlPlane, children: list[ManagedProcess], stop: threading.Event) -> None:
    """The agent's HostReport is Ready and the operator has reconciled the policy: then the tour starts."""
    deadline = time.monotonic() + 60
    with console.status("waiting for the agent's HostReport and the operator's policy status…"):
        while time.monotonic() < deadline and not stop.is_set():
            if any(not c.alive() for c in children):
                dead = next(c for c in children if not c.alive())
                raise RuntimeError(f"{dead.name} exited:\n{dead.log_tail()}")
            report = plane.run_kubectl("get", "hrep", NODE, "-o", "json", check=False)
            policy = plane.run_kubectl("get", "hpol", "demo", "-o", "json", check=False)
            if report.returncode == 0 and policy.returncode == 0:
                conditions = json.loads(policy.stdout).get("status", {}).get("conditions", [])
                if any(c["type"] == "Ready" and c["status"] == "True" for c in conditions):
                    return
            time.sleep(0.5)
    raise RuntimeError("the agent or the operator did not become ready within 60s (see their logs)")


def _scenario_panel(scenarios: list[Scenario]) -> Panel:
    lines = []
    for s in scenarios:
        mark = "[green]✓[/]" if s.outcome in s.expect else ("[red]✗[/]" if s.outcome in TERMINAL else "…")
        lines.append(f"{mark} {s.title}: {s.outcome} (expected {' or '.join(s.expect)})")
    return Panel("\n".join(lines), title="scenarios")


def _summary(plane: ControlPlane, scenarios: list[Scenario], inbox: WebhookInbox) -> int:
    console.print(_scenario_panel(scenarios))
    items = list_incidents(plane) or []
    succeeded: set[tuple[str | None, str]] = set()  # (pattern, action) of every attempt that worked
    for scenario in scenarios:
        item = _by_target(items, scenario.target)
        if not item:
            continue
        status = item.get("status", {})
        succeeded |= {(status.get("detection", {}).get("pattern"), a["action"])
                      for a in status.get("attempts", []) if a.get("result") == "Succeeded"}
        attempts = ", ".join(f"{a['action']}={a.get('result')}" for a in status.get("attempts", [])) or "none"
        console.print(f"  {scenario.target}: pattern {status.get('detection', {}).get('pattern')}, "
                      f"attempts: {attempts}, reason: {status.get('reason', '')}")
    # the operator records an outcome in the policy's status.learning in a coalesced write after the incident's own
    # status: wait (briefly) until every succeeded attempt shown above is in it, rather than print an older status
    latest: dict[str, Any] = {}

    def learned_every_success() -> bool:
        latest["status"] = json.loads(plane.run_kubectl("get", "hpol", "demo", "-o", "json").stdout).get("status", {})
        return succeeded <= {(e["pattern"], e["action"]) for e in latest["status"].get("learning", [])
                             if e.get("successes")}

    with contextlib.suppress(TimeoutError):  # after 20 s print what the policy says
        wait_until(learned_every_success, 20, "the policy's learning to hold every succeeded attempt", interval=0.5)
    policy = latest["status"]
    console.print("[bold]learning[/] (HealingPolicy demo status.learning):")
    for entry in policy.get("learning", []):
        console.print(f"  {entry['pattern']:<16} {entry['serviceType']:<8} {entry['action']:<12} "
                      f"successes={entry['successes']} failures={entry['failures']} "
                      f"confidence={entry['confidence']:.2f}")
    console.print(f"[bold]escalations[/]: webhook received {len(inbox.received)} message(s)")
    for message in inbox.received[:3]:
        alert = (message.get("alerts") or [{}])[0]
        console.print(f"  {message.get('status')}: {alert.get('annotations', {}).get('summary', message)}")
    ok = all(s.outcome in s.expect for s in scenarios)
    verdict = "[green]all scenarios ended as expected[/]" if ok else "[red]not all scenarios ended as expected[/]"
    console.print(f"\n{verdict} ({utcnow().isoformat()})")
    return 0 if ok else 1


def _remove_stale_demo_containers(client: Any) -> None:
    for container in client.containers.list(all=True, filters={"label": "healing.insa.io/demo=true"}):
        container.remove(force=True)
    for name in (WEB, NODE):
        with contextlib.suppress(docker.errors.NotFound):  # not there: nothing to clean
            client.containers.get(name).remove(force=True)
