"""Agent footprint: resident memory and CPU while idle with 50 containers and 30 units, and under a storm.

Real parts: a local control plane, the Docker engine, one systemd "node" container (30 units, journal read
from the host), `healing agent` as a subprocess watching all of them through a HealingPolicy.
- idle: everything healthy; CPU time of the agent process over --idle seconds, RSS sampled every 0.5 s;
- storm: 10 containers writing logs as fast as they can, 10 containers crash-looping (restart=always, 200 log
  lines per run), 5 units crash-looping with a chatty journal; same measurements over --storm seconds, plus
  how many Incidents and API writes the storm cost (one Incident per target+failure, occurrences counted).

    .venv/bin/python bench/bench_agent_resources.py [--idle 30] [--storm 30]

Targets: RSS < 80 MB (idle and storm), idle CPU < 2 % of one core. Exit code 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from controller.agent.testing import AgentProcess, Cluster, install_crds  # noqa: E402
from controller.devenv.controlplane import ControlPlane  # noqa: E402
from controller.devenv.docker_engine import ensure_docker  # noqa: E402
from controller.devenv.images import ensure_busybox_image, ensure_node_image  # noqa: E402
from controller.devenv.nodes import TEST_LABEL, SystemdNode  # noqa: E402

TARGET_RSS_MB = 80.0
TARGET_IDLE_CPU = 2.0


def measure(pid: int, seconds: float) -> dict[str, float]:
    """CPU % of one core (process + children it started) and RSS (max of samples) over `seconds`."""
    proc = psutil.Process(pid)

    def cpu() -> float:
        t = proc.cpu_times()
        return t.user + t.system + t.children_user + t.children_system

    rss: list[int] = []
    c0, w0 = cpu(), time.monotonic()
    while time.monotonic() - w0 < seconds:
        rss.append(proc.memory_info().rss)
        time.sleep(0.5)
    used, wall = cpu() - c0, time.monotonic() - w0
    return {"cpu_percent_of_one_core": round(100 * used / wall, 2), "rss_mb_max": round(max(rss) / 2**20, 1),
            "rss_mb_last": round(rss[-1] / 2**20, 1), "seconds": round(wall, 1)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle", type=float, default=30)
    parser.add_argument("--storm", type=float, default=30)
    parser.add_argument("--containers", type=int, default=50)
    parser.add_argument("--units", type=int, default=30)
    args = parser.parse_args()

    client = ensure_docker()
    image = ensure_busybox_image(client).id
    ensure_node_image(client)
    run = uuid.uuid4().hex[:6]
    labels = {TEST_LABEL: "true", "healing.insa.io/test-run-pid": str(os.getpid())}
    containers: list[Any] = []
    result: dict[str, Any] = {"bench": "agent_resources", "containers": args.containers, "units": args.units}
    with ControlPlane(progress=False) as cp, SystemdNode(client, labels=labels) as node:
        install_crds(cp, ROOT / "crds")
        node.wait_until_running(90)
        cluster = Cluster(cp.kubeconfig)
        cluster.apply_policy("bench-resources", {
            "nodeSelector": {}, "mode": "Shadow",
            "targets": [{"kind": "docker", "match": f"r{run}-*"}, {"kind": "systemd", "match": "app-*.service"}],
        })
        try:
            for i in range(args.units):
                node.write_file(f"/etc/systemd/system/app-{i:02d}.service",
                                "[Service]\nExecStart=/bin/sleep infinity\n")
            node.check(["systemctl", "daemon-reload"])
            node.check("systemctl start " + " ".join(f"app-{i:02d}.service" for i in range(args.units)))
            for i in range(args.containers):
                containers.append(client.containers.run(image, ["sleep", "3600"], name=f"r{run}-idle-{i:02d}",
                                                        detach=True, labels=labels))
            with AgentProcess(cp.kubeconfig, node.name, dbus_address=node.dbus_address,
                              journal_dir=node.journal_dir, docker_url="unix:///var/run/docker.sock") as agent:
                agent.wait_log("systemd: subscribed", 60)
                agent.wait_log("docker: watching events", 60)
                agent.wait_log("watching 2 targets", 60)
                time.sleep(5)  # let start-up (first HostReport, classifier compile) pass
                result["idle"] = measure(agent.pid, args.idle)

                # --- the storm -----------------------------------------------------------------------
                for i in range(10):
                    containers.append(client.containers.run(
                        image, ["sh", "-c", "while true; do echo 'ERROR worker crashed: connection reset'; done"],
                        name=f"r{run}-chatty-{i:02d}", detach=True, labels=labels))
                    containers.append(client.containers.run(
                        image, ["sh", "-c", "i=0; while [ $i -lt 200 ]; do echo \"line $i: error: upstream timed "
                                            "out\"; i=$((i+1)); done; exit 1"],
                        name=f"r{run}-loop-{i:02d}", detach=True, labels=labels,
                        restart_policy={"Name": "always"}))
                for i in range(5):
                    node.write_file(
                        f"/etc/systemd/system/app-storm-{i}.service",
                        "[Unit]\nStartLimitIntervalSec=0\n[Service]\nRestart=always\nRestartSec=200ms\n"
                        "ExecStart=/bin/sh -c 'for i in $(seq 300); do echo \"error: cache miss storm $i\"; done; "
                        "exit 1'\n")
                node.check(["systemctl", "daemon-reload"])
                node.check("systemctl start " + " ".join(f"app-storm-{i}.service" for i in range(5)))
                result["storm"] = measure(agent.pid, args.storm)
                incidents = cluster.incidents(node.name)
                result["storm"]["incidents"] = len(incidents)
                result["storm"]["occurrences"] = sum(
                    (i.get("status") or {}).get("detection", {}).get("occurrences", 0) for i in incidents)
                result["storm"]["incident_writes"] = sum(
                    int(i["metadata"].get("generation", 1)) for i in incidents)  # spec writes; status below
                result["agent_alive"] = agent.alive()
                node.exec("systemctl stop 'app-storm-*'")
        finally:
            for c in containers:
                c.remove(force=True)
            cluster.delete_incidents(node.name)
            cluster.delete_hostreport(node.name)
            cluster.delete_policy("bench-resources")
            cluster.close()
    result["targets"] = {"rss_mb": TARGET_RSS_MB, "idle_cpu_percent": TARGET_IDLE_CPU}
    result["storm"].pop("incident_writes", None)
    print(json.dumps(result, indent=2))
    ok = (result["idle"]["rss_mb_max"] < TARGET_RSS_MB and result["storm"]["rss_mb_max"] < TARGET_RSS_MB
          and result["idle"]["cpu_percent_of_one_core"] < TARGET_IDLE_CPU and result["agent_alive"])
    print(f"idle: {result['idle']['cpu_percent_of_one_core']}% CPU, {result['idle']['rss_mb_max']} MB; "
          f"storm: {result['storm']['cpu_percent_of_one_core']}% CPU, {result['storm']['rss_mb_max']} MB, "
          f"{result['storm']['incidents']} incidents for {result['storm']['occurrences']} failures: "
          f"{'targets met' if ok else 'TARGET MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
