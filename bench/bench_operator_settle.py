"""How fast the operator settles a storm: N incidents across M nodes on a real API server.

A real control plane (etcd + kube-apiserver), `healing operator` as a subprocess, and a simulated agent in this
process that carries out every requested action at once and reports the target healthy (verify.after=0s,
healthyFor=0s), so what is measured is the operator: decisions, guards, writes, learning.

    .venv/bin/python bench/bench_operator_settle.py [--incidents 1000] [--nodes 200]

Prints failure -> action requested and failure -> Resolved (p50/p99, as seen through a watch), the time to settle
all incidents, incidents/s, and the operator's peak RSS. Targets: requested p99 < 2 s, 1,000 settled < 60 s,
RSS < 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from controller.constants import GROUP, INCIDENT_PLURAL, NODE_LABEL, POLICY_PLURAL, VERSION  # noqa: E402
from controller.devenv.controlplane import ControlPlane  # noqa: E402
from controller.operator.k8s import Kube  # noqa: E402

BASE = f"/apis/{GROUP}/{VERSION}"


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class Bench:
    def __init__(self, kube: Kube, incidents: int, nodes: int, operator_pid: int) -> None:
        self.kube, self.n, self.nodes = kube, incidents, nodes
        proc = psutil.Process(operator_pid)
        children = proc.children()  # under py-spy, the operator is its child
        self.proc = children[0] if children and "py-spy" in proc.name() else proc
        self.t_fail: dict[str, float] = {}
        self.t_req: dict[str, float] = {}
        self.t_res: dict[str, float] = {}
        self.executed: set[str] = set()
        self.peak_rss = 0
        self.tasks: set[asyncio.Task[Any]] = set()
        self.done = asyncio.Event()

    async def policy(self) -> None:
        await self.kube.request(
            "POST",
            f"{BASE}/{POLICY_PLURAL}",
            body={
                "apiVersion": f"{GROUP}/{VERSION}",
                "kind": "HealingPolicy",
                "metadata": {"name": "bench"},
                "spec": {
                    "targets": [{"kind": "docker", "match": "svc-*"}],
                    "actions": ["restart"],
                    "verify": {"after": "0s", "healthyFor": "0s", "timeout": "5m"},
                    "limits": {"maxConcurrent": 1000, "maxActionsPerHour": 100000, "maxUnhealthyPercent": 100},
                },
            },
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            body = await self.kube.get(POLICY_PLURAL, "bench")
            if body and body.get("status", {}).get("observedGeneration"):
                return
            await asyncio.sleep(0.2)
        raise RuntimeError("the operator did not reconcile the policy within 60 s")

    async def fail(self, i: int, sem: asyncio.Semaphore) -> None:
        """What the agent does when a target fails: create the Incident, write its detection."""
        node = f"node-{i % self.nodes:03d}"
        name = f"bench-{i:04d}"
        async with sem:
            self.t_fail[name] = time.monotonic()
            await self.kube.request(
                "POST",
                f"{BASE}/{INCIDENT_PLURAL}",
                body={
                    "apiVersion": f"{GROUP}/{VERSION}",
                    "kind": "Incident",
                    "metadata": {"name": name, "labels": {NODE_LABEL: node}},
                    "spec": {
                        "node": node,
                        "target": {"kind": "docker", "name": f"svc-{i}"},
                        "serviceType": "docker",
                        "failure": "container_exit",
                    },
                },
            )
            now = stamp()
            await self.kube.patch(
                INCIDENT_PLURAL,
                name,
                {
                    "status": {
                        "detection": {
                            "pattern": "container_exit",
                            "confidence": 0.9,
                            "occurrences": 1,
                            "firstSeen": now,
                            "lastSeen": now,
                        }
                    }
                },
                status=True,
            )

    async def execute(self, name: str, request: dict[str, Any]) -> None:
        """The agent carries out the request once and reports the target healthy."""
        now = stamp()
        await self.kube.patch(
            INCIDENT_PLURAL,
            name,
            {
                "status": {
                    "executions": [
                        {
                            "id": request["id"],
                            "action": request["action"],
                            "startedAt": now,
                            "finishedAt": now,
                            "result": "Succeeded",
                        }
                    ],
                    "health": {"healthy": True, "checkedAt": now, "since": now},
                }
            },
            status=True,
        )

    def on_incident(self, obj: dict[str, Any]) -> None:
        name = obj["metadata"]["name"]
        if name not in self.t_fail:
            return
        st = obj.get("status", {})
        now = time.monotonic()
        req = st.get("request")
        if req and name not in self.t_req:
            self.t_req[name] = now
        if req and req["id"] not in self.executed:
            self.executed.add(req["id"])
            task = asyncio.create_task(self.execute(name, req))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        if st.get("phase") == "Resolved" and name not in self.t_res:
            self.t_res[name] = now
            if len(self.t_res) == self.n:
                self.done.set()

    async def watch(self) -> None:
        listed = await self.kube.request("GET", f"{BASE}/{INCIDENT_PLURAL}")
        rv = listed["metadata"]["resourceVersion"]
        session = self.kube._sess()
        while not self.done.is_set():
            params = {"watch": "1", "resourceVersion": rv, "allowWatchBookmarks": "true", "timeoutSeconds": "300"}
            async with session.get(
                self.kube.host + f"{BASE}/{INCIDENT_PLURAL}",
                params=params,
                timeout=aiohttp.ClientTimeout(total=None, sock_read=310),
            ) as resp:
                async for line in resp.content:
                    if not line.strip():
                        continue
                    event = json.loads(line)
                    obj = event.get("object", {})
                    rv = obj.get("metadata", {}).get("resourceVersion", rv)
                    if event.get("type") in ("ADDED", "MODIFIED"):
                        self.on_incident(obj)
                    if self.done.is_set():
                        return

    async def sample_rss(self) -> None:
        while True:
            try:
                rss = self.proc.memory_info().rss
            except psutil.Error:
                return
            self.peak_rss = max(self.peak_rss, rss)
            await asyncio.sleep(0.1)

    async def run(self, timeout: float) -> dict[str, Any]:
        await self.policy()
        watcher = asyncio.create_task(self.watch())
        sampler = asyncio.create_task(self.sample_rss())
        await asyncio.sleep(0.5)
        sem = asyncio.Semaphore(16)
        start = time.monotonic()
        await asyncio.gather(*(self.fail(i, sem) for i in range(self.n)))
        created = time.monotonic() - start
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.done.wait(), timeout)
        self.done.set()
        end = max(self.t_res.values(), default=time.monotonic())
        watcher.cancel()
        to_req = [self.t_req[n] - self.t_fail[n] for n in self.t_req]
        to_res = [self.t_res[n] - self.t_fail[n] for n in self.t_res]
        resolved = len(self.t_res)
        for name in sorted(set(self.t_fail) - set(self.t_res))[:5]:  # why not settled, for the record
            body = await self.kube.get(INCIDENT_PLURAL, name) or {}
            st = body.get("status", {})
            print(
                f"unsettled {name}: {st.get('phase')}/{st.get('reason')}: {st.get('message')} "
                f"request={st.get('request')} executions={st.get('executions')}",
                file=sys.stderr,
            )
        isolated = await self.isolated(20)
        sampler.cancel()
        settle = end - start
        return {
            "incidents": self.n - 20,
            "nodes": self.nodes,
            "resolved": resolved,
            "create_seconds": round(created, 2),
            "settle_seconds": round(settle, 2),
            "incidents_per_second": round(resolved / settle, 1) if settle else None,
            "failure_to_request_p50": round(pct(to_req, 50), 3),
            "failure_to_request_p99": round(pct(to_req, 99), 3),
            "failure_to_resolved_p50": round(pct(to_res, 50), 3),
            "failure_to_resolved_p99": round(pct(to_res, 99), 3),
            "failure_to_request_mean": round(statistics.fmean(to_req), 3) if to_req else None,
            "operator_peak_rss_mb": round(self.peak_rss / 2**20, 1),
            "isolated_failure_to_request_p50": round(pct(isolated, 50), 3),
            "isolated_failure_to_request_p99": round(pct(isolated, 99), 3),
        }

    async def isolated(self, count: int) -> list[float]:
        """Single failures on a quiet operator (after the storm): the reactive layer's latency."""
        self.done = asyncio.Event()  # keep watching
        self.n += count
        watcher = asyncio.create_task(self.watch())
        await asyncio.sleep(0.5)
        out: list[float] = []
        sem = asyncio.Semaphore(1)
        for i in range(count):
            name = f"bench-{100000 + i:04d}"
            await self.fail(100000 + i, sem)
            deadline = time.monotonic() + 30
            while name not in self.t_req and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            if name in self.t_req:
                out.append(self.t_req.pop(name) - self.t_fail.pop(name))
            await asyncio.sleep(0.2)
        self.done.set()
        watcher.cancel()
        return out


async def drive(kubeconfig: Path, incidents: int, nodes: int, pid: int, timeout: float) -> dict[str, Any]:
    kube = Kube.from_kubeconfig(str(kubeconfig))
    try:
        return await Bench(kube, incidents, nodes, pid).run(timeout)
    finally:
        await kube.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--log", help="keep the operator's log in this file")
    parser.add_argument("--profile", help="record the operator with py-spy into this SVG (needs py-spy)")
    args = parser.parse_args()
    with ControlPlane(progress=False) as cp:
        cp.run_kubectl("apply", "-f", str(ROOT / "crds"))
        cp.run_kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
        log = Path(args.log) if args.log else cp.workdir / "operator.log"
        env = {**os.environ, "KUBECONFIG": str(cp.kubeconfig)}
        argv = [
            str(Path(sys.executable).with_name("healing")),
            "operator",
            "--metrics-port",
            "0",
            "--liveness-port",
            "0",
        ]
        if args.profile:
            spy = str(Path(sys.executable).with_name("py-spy"))
            argv = [spy, "record", "--format", "raw", "-o", args.profile, "--", *argv]
        with log.open("wb") as out:
            op = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            result = asyncio.run(drive(cp.kubeconfig, args.incidents, args.nodes, op.pid, args.timeout))
        finally:
            if args.profile:  # py-spy writes its profile on SIGINT
                os.kill(op.pid, signal.SIGINT)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    op.wait(30)
            os.killpg(op.pid, signal.SIGTERM)
            try:
                op.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(op.pid, signal.SIGKILL)
                op.wait()
        if result["resolved"] < args.incidents:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
    print(json.dumps(result, indent=2))
    ok = (
        result["resolved"] == args.incidents
        and result["isolated_failure_to_request_p99"] < 2.0
        and result["operator_peak_rss_mb"] < 150
        and (args.incidents < 1000 or result["settle_seconds"] < 60)
    )
    print("targets met" if ok else "targets NOT met", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
