"""A storm with the guards on: N incidents over M nodes, on a real API server, settled by `healing operator`.

A real control plane (etcd + kube-apiserver) and the operator as a subprocess; in this process the
simulated fleet (bench/operator_storm.py): Node objects in pools of which a third fail, one HealingPolicy per pool
with maxConcurrent, maxActionsPerHour and maxUnhealthyPercent=40 on and verification of a few seconds
(verify.after=1s, healthyFor=2s), and node agents that file each failure, carry out each request at once and
report health every 2 s like `healing agent`. Two small side pools show the guards holding during the storm: one
where 6 of 10 nodes fail (blast radius), one whose hourly budget (5) is smaller than its 10 failures.

    .venv/bin/python bench/bench_operator_settle.py [--size 1000x200] [--size 10000x2000] [--shards 1,2,4]
        [--detection agent,bare]

Each --size runs on a fresh control plane, all in this one invocation; with --shards, the same storm once per shard
count (a fresh control plane each time), each with that many operator processes (`healing operator --shard I/N`:
each decides the incidents of the pools' policies it owns, controller/operator/shard.py), and a table of the
settle time, latency, CPU and memory per shard count. Prints per
run: settle time; latencies with n (failure -> filed by the agent -> first decision -> action requested ->
Resolved, and admissible -> requested, i.e. not counting the time the guards hold an incident by design); the
operator's API writes per incident by kind against the floor (the fewest writes a correct lifecycle needs,
docs/operator.md); the guards' holds; CPU seconds of kube-apiserver, etcd, the operator(s) and the simulated fleet;
peak RSS of the operator; the machine's load; then single failures on the quiet operator afterwards (n=200).

Targets (exit code 1 when one is missed): admissible -> requested p99 < 2 s and isolated failure -> requested p99
< 2 s; settled < 60 s (1,000 incidents) and < 600 s (10,000); operator RSS < 150 MB (1,000) and < 400 MB (10,000);
operator writes per incident <= 1.5x the floor; no incident of a main pool held for a reason
other than maxConcurrent, the blast-radius pool acting on at most 40% of its nodes at once, the budget pool
requesting exactly its 5 actions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from operator_storm import (  # noqa: E402
    Fleet,
    ProcessMeter,
    Track,
    bucket_quantiles,
    operator_histograms,
    operator_requests,
    plan,
    request_metrics,
    summary,
)

from controller.constants import INCIDENT_PLURAL  # noqa: E402
from controller.devenv.controlplane import ControlPlane, free_ports  # noqa: E402
from controller.operator.cache import FieldSets, parse_incident  # noqa: E402
from controller.operator.k8s import Kube  # noqa: E402
from controller.operator.shard import policy_shard  # noqa: E402

ISOLATED = 200
TARGET_P99 = 2.0
TARGET_WRITE_RATIO = 1.5
SETTLE_TARGET = {1000: 60.0, 10000: 600.0}
RSS_TARGET_MB = {1000: 150.0, 10000: 400.0}


async def policy_status_sizes(kube: Kube, names: list[str]) -> dict[str, Any]:
    """The main policies' status as stored (KB of JSON), mean over the policies, and its largest fields: each policy
    status write sends all of it through the API server and back to every watcher."""
    totals: list[float] = []
    fields: Counter[str] = Counter()
    for name in names:
        status = ((await kube.get("healingpolicies", name)) or {}).get("status", {})
        totals.append(len(json.dumps(status)) / 1024)
        for key, value in status.items():
            fields[key] += len(json.dumps(value)) / 1024
    n = len(totals) or 1
    return {"policies": len(totals), "mean_kb": round(sum(totals) / n, 1),
            "largest_fields_mean_kb": {k: round(v / n, 1) for k, v in fields.most_common(5)}}


async def incident_sizes(kube: Kube, names: list[str]) -> dict[str, Any]:
    """Resolved incidents as stored (bytes of JSON, mean), by part: every write of an incident -- the agent's and the
    operator's -- is decoded, patched, validated and encoded whole by the API server, and sent whole to every
    watcher, so these bytes are paid once per write."""
    parts: Counter[str] = Counter()
    totals: list[int] = []
    bodies = [await kube.get(INCIDENT_PLURAL, name) or {} for name in names]
    for body in bodies:
        totals.append(len(json.dumps(body)))
        meta = body.get("metadata", {})
        parts["metadata.managedFields"] += len(json.dumps(meta.get("managedFields", [])))
        parts["metadata (rest)"] += len(json.dumps({k: v for k, v in meta.items() if k != "managedFields"}))
        parts["spec"] += len(json.dumps(body.get("spec", {})))
        for key, value in body.get("status", {}).items():
            parts[f"status.{key}"] += len(json.dumps(value))
    n = len(totals) or 1
    return {"incidents": len(totals), "mean_bytes": round(sum(totals) / n),
            "parts_mean_bytes": {k: round(v / n) for k, v in parts.most_common()},
            "python_kb": {"parsed": parsed_kb(bodies, None), "cached": parsed_kb(bodies, FieldSets())}}


def parsed_kb(bodies: list[dict[str, Any]], field_sets: FieldSets | None) -> float:
    """Python memory of the operator's copy of each body (mean KB, tracemalloc): as pydantic parses it, or as the
    cache keeps it (`field_sets`: the models' field-name sets shared, cache.FieldSets)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [parse_incident(body) for body in bodies]
        if field_sets is not None:
            for inc in kept:
                field_sets.share(inc)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return round((after - before) / 1024 / (len(kept) or 1), 1)


def pools_for(incidents: int) -> int:
    return 10 if incidents <= 1000 else 20


def start_operators(cp: ControlPlane, log_dir: Path, profile: bool, shards: int = 1,
                    kubeconfig: Path | None = None, metrics_ports: list[int] | None = None
                    ) -> list[subprocess.Popen[bytes]]:
    """One operator process per shard (one shard: `healing operator` as without --shard), each serving its
    Prometheus metrics on its port of `metrics_ports` (none: not served)."""
    env = {**os.environ, "KUBECONFIG": str(kubeconfig or cp.kubeconfig)}
    procs = []
    for index in range(shards):
        port = metrics_ports[index] if metrics_ports else 0
        argv = [str(Path(sys.executable).with_name("healing")), "operator", "--metrics-port", str(port),
                "--liveness-port", "0", *(["--shard", f"{index}/{shards}"] if shards > 1 else [])]
        if profile:  # py-spy writes the operator's collapsed stacks (flame graph input) when it gets SIGINT
            spy = str(Path(sys.executable).with_name("py-spy"))
            argv = [spy, "record", "--format", "raw", "-o", str(log_dir / f"operator-{index}.stacks"), "--",
                    *argv]
        with (log_dir / f"operator-{index}.log").open("wb") as out:
            procs.append(subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                                          start_new_session=True))
    return procs


def operator_pid(proc: subprocess.Popen[bytes]) -> int:
    """The operator's own pid (under py-spy, its child)."""
    deadline = time.monotonic() + 10
    while "py-spy" in psutil.Process(proc.pid).name() and time.monotonic() < deadline:
        children = psutil.Process(proc.pid).children()
        if children:
            return children[0].pid
        time.sleep(0.1)
    return proc.pid


def stop_operators(procs: list[subprocess.Popen[bytes]]) -> None:
    for op in procs:
        if "py-spy" in " ".join(psutil.Process(op.pid).cmdline()[:2]):
            with contextlib.suppress(ProcessLookupError):
                os.kill(op.pid, signal.SIGINT)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    op.wait(60)
    for op in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(op.pid, signal.SIGTERM)
    for op in procs:
        try:
            op.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(op.pid, signal.SIGKILL)
            op.wait()


async def isolated(fleet: Fleet, count: int) -> list[float]:
    """Single failures on the quiet operator after the storm: the reactive layer's latency."""
    healthy = [(p, node) for p in fleet.pools.values() if p.main for node in p.fleet if node not in p.failing]
    healthy = [healthy[(i * 7919) % len(healthy)] for i in range(len(healthy))]  # spread over pools and nodes
    out = []
    for i in range(count):
        pool, node = healthy[i % len(healthy)]
        name = f"iso-{i:04d}"
        fleet.tracks[name] = track = Track(pool.name, node, main=False)
        await fleet.file(name, node, f"svc-iso-{i:04d}")
        deadline = time.monotonic() + 30
        while track.t_req is None and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        if track.t_req is not None:
            out.append(track.t_req - track.t_fail)
        await asyncio.sleep(0.1)
    return out


async def progress(fleet: Fleet, start: float, every: float = 30.0) -> None:
    """A line on stderr every `every` seconds: a long storm stopped early still says how far it got."""
    while True:
        await asyncio.sleep(every)
        main = [t for t in fleet.tracks.values() if t.main]
        print(f"  {time.monotonic() - start:.0f}s: filed {sum(t.t_filed is not None for t in main)}, requested "
              f"{sum(t.t_req is not None for t in main)}, resolved {sum(t.t_res is not None for t in main)} of "
              f"{len(main)}; load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)


def profile_apiserver(cp: ControlPlane, seconds: int, out: Path) -> subprocess.Popen[bytes]:
    """A CPU profile of kube-apiserver over the first `seconds` of the storm (Go's pprof, started with
    --profiling=true), written to `out`; summarised with `go tool pprof` after the run (apiserver_profile_top)."""
    with out.open("wb") as sink:
        return subprocess.Popen(cp.kubectl_cmd("get", "--raw", f"/debug/pprof/profile?seconds={seconds}"),
                                stdout=sink, stderr=subprocess.DEVNULL)


def apiserver_profile_top(profile: Path, lines: int = 45) -> str:
    """Where kube-apiserver spent its CPU: `go tool pprof -top -cum` (cumulative, so whole code paths show)."""
    go = shutil.which("go") or "/usr/local/go/bin/go"
    done = subprocess.run([go, "tool", "pprof", "-top", "-cum", f"-nodecount={lines}", str(profile)],
                          capture_output=True, text=True, timeout=300)
    return done.stdout or done.stderr


AGENT_USER = "system:serviceaccount:healing-agent:healing-agent"
OPERATOR_USER = "system:serviceaccount:healing-system:healing-operator"
# --flowcontrol: what `kubectl apply` gets for each choice ("off": nothing, the API server's default configuration)
FLOWCONTROL = {
    "installed": ["-k", str(ROOT / "manifests" / "flowcontrol")],  # what `kubectl apply -k manifests/` installs
    "pace": ["-f", str(ROOT / "bench" / "flowcontrol-pace.yaml")],  # an experiment, not installed (docs/operator.md)
}


def install_identities(cp: ControlPlane, flowcontrol: str) -> tuple[Path, Path]:
    """The operator's and the agents' ServiceAccounts with their RBAC from manifests/rbac, and unless `flowcontrol`
    is "off" API Priority and Fairness objects (`FLOWCONTROL`: the installed ones or an experiment); returns kubeconfigs
    (operator, agents) that authenticate as those ServiceAccounts (client certificates naming their users: RBAC and
    APF match a ServiceAccount subject by that name), so neither is the exempt system:masters. The admission policy
    that keeps an agent to its own node is not applied: it needs pod-bound tokens, which a client certificate does
    not carry."""
    cp.run_kubectl("apply", *(arg for part in ("manager", "agent")
                              for arg in ("-f", str(ROOT / "manifests" / part / "namespace.yaml"))))
    rbac = [path for path in sorted((ROOT / "manifests" / "rbac").glob("*.yaml"))
            if path.name not in ("kustomization.yaml", "agent_node_policy.yaml")]
    cp.run_kubectl("apply", *(arg for path in rbac for arg in ("-f", str(path))))  # one kubectl for all of them
    if flowcontrol != "off":
        cp.run_kubectl("apply", *FLOWCONTROL[flowcontrol])
    return cp.client_kubeconfig(OPERATOR_USER), cp.client_kubeconfig(AGENT_USER)


async def drive(cp: ControlPlane, incidents: int, nodes: int, operators: list[int],
                timeout: float, isolated_count: int, detection: str = "agent",
                apiserver_profile: tuple[int, Path] | None = None, agent_config: Path | None = None,
                operator_metrics: list[str] | None = None) -> dict[str, Any]:
    pools = plan(incidents, nodes, pools_for(incidents), max_concurrent=10, isolated=isolated_count)
    failing = sum(len(p.failing) for p in pools)  # one connection per failing node's agent (at most 1,024)
    kube = Kube.from_kubeconfig(str(cp.kubeconfig), connections=min(1024, failing + 8))
    agent_kube = Kube.from_kubeconfig(str(agent_config), connections=min(1024, failing + 8)) if agent_config else None
    fleet = Fleet(kube, cp.kubeconfig, pools, detection=detection, agent_kube=agent_kube)
    named = {psutil.Process(pid).name(): pid for pid in cp.pids}
    meter = ProcessMeter({
        "kube-apiserver": named["kube-apiserver"], "etcd": named["etcd"], "fleet (this process)": os.getpid(),
        **{f"operator-{i}": pid for i, pid in enumerate(operators)},
    })
    background = []
    try:
        t = time.monotonic()
        await fleet.create_nodes()
        await fleet.create_policies("1s", "2s")
        setup = time.monotonic() - t
        by_node = fleet.failures()
        await fleet.start_agents()
        background = [asyncio.create_task(c) for c in (fleet.watch(), fleet.report_health(), meter.sample())]
        await asyncio.wait_for(fleet.watching.wait(), 60)
        meter.add("fleet's watch", fleet.watch_pid)
        load_before = os.getloadavg()
        before = await request_metrics(kube)
        inside_before = await operator_histograms(operator_metrics or [])
        fleet.arm_tokens()
        meter.begin()
        profiler = profile_apiserver(cp, *apiserver_profile) if apiserver_profile else None
        start = time.monotonic()
        background.append(asyncio.create_task(progress(fleet, start)))
        filing = asyncio.gather(*(fleet.node_agent(node, failures) for node, failures in by_node.items()))
        await filing
        filed = time.monotonic() - start
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(fleet.settled.wait(), timeout)
        meter.finish()
        if profiler is not None:
            await asyncio.to_thread(profiler.wait)
        main = [t for t in fleet.tracks.values() if t.main]
        settle = max((t.t_res for t in main if t.t_res is not None), default=time.monotonic()) - start
        await asyncio.sleep(1.0)  # the writes that follow the last Resolved (outcome notes, policy status)
        after = await request_metrics(kube)
        inside_after = await operator_histograms(operator_metrics or [])
        # what a human finds with `kubectl describe incident`: Normal Events are dropped under a backlog (events.py)
        listed = await kube.request("GET", "/api/v1/namespaces/default/events")
        on_incidents = [e for e in listed.get("items", []) if e.get("involvedObject", {}).get("name") in fleet.tracks]
        server = after - before
        delta = server.requests
        ops = operator_requests(delta, fleet.agent_writes)
        sizes = await policy_status_sizes(kube, [p.name for p in pools if p.main])
        resolved_sample = [n for n, t in fleet.tracks.items() if t.main and t.t_res is not None][:20]
        incident_bytes = await incident_sizes(kube, resolved_sample)
        agent = dict(fleet.agent_writes)
        n_all = len(fleet.tracks)
        status = fleet.status_writes()
        # the operator's floor: one status write and one Event per state (Track.floor), policy writes amortized
        floor_total = 2 * status["floor"]
        op_total = sum(v for k, v in ops.items() if "409" not in k)
        unsettled = [n for n, t in fleet.tracks.items() if t.main and t.t_res is None]
        for name in unsettled[:5]:
            body = await kube.get(INCIDENT_PLURAL, name) or {}
            st = body.get("status", {})
            print(f"unsettled {name}: {st.get('phase')}/{st.get('reason')}: {st.get('message')}", file=sys.stderr)
        result: dict[str, Any] = {
            "incidents": incidents, "nodes": nodes, "pools": pools_for(incidents),
            "fleet_nodes": sum(len(p.fleet) for p in pools), "setup_seconds": round(setup, 1),
            "load_before": [round(x, 2) for x in load_before], "load_max_during": round(meter.load_max, 2),
            "resolved": len(main) - len(unsettled),
            "filing_seconds": round(filed, 1),
            "settle_seconds": round(settle, 1),
            "incidents_per_second": round((len(main) - len(unsettled)) / settle, 1) if settle else None,
            "latency_seconds": fleet.latencies(),
            "guards": fleet.guard_holds(),
            "writes": {
                "incidents_counted": n_all,
                "agent": agent,
                "operator": ops,
                "operator_per_incident": {k: round(v / n_all, 2) for k, v in ops.items()},
                "operator_total_per_incident": round(op_total / n_all, 2),
                "operator_floor_per_incident": round(floor_total / n_all, 2),
                "operator_vs_floor": round(op_total / floor_total, 2),
                "agent_per_incident": round(sum(agent.values()) / n_all, 2),
                "status_writes_from_the_watch": status,
                "events_on_incidents": {"events": len(on_incidents),
                                        "occurrences": sum(e.get("count") or 1 for e in on_incidents),
                                        "states_seen": status["floor"]},
            },
            "api_server": server.report(),
            # inside the operator, over the storm (its histograms' buckets: "p99_at_most": 5 means p99 <= 5 s)
            "inside_the_operator": {figure: bucket_quantiles(inside_before[figure], inside_after[figure])
                                    for figure in inside_after},
            "policy_status_kb_at_the_end": sizes,
            "resolved_incident_bytes": incident_bytes,
            "processes": meter.report(),
            "operator_peak_rss_mb": {n: round(v / 2**20, 1) for n, v in meter.peak_rss.items()
                                     if n.startswith("operator")},
        }
        if fleet.errors:
            result["fleet_errors"] = fleet.errors[:5]
        iso = await isolated(fleet, isolated_count)
        result["isolated_failure_to_requested"] = summary(iso)
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
        return result
    finally:
        for task in [*background, *fleet.tasks]:
            task.cancel()
        if agent_kube is not None:
            await agent_kube.close()
        await kube.close()


def run(incidents: int, nodes: int, timeout: float, keep_logs: Path | None, isolated_count: int,
        profile: bool = False, shards: int = 1, detection: str = "agent",
        apiserver_profile: int = 0, flowcontrol: str = "off") -> dict[str, Any]:
    with ControlPlane(progress=False, apiserver_args=["--profiling=true"] if apiserver_profile else []) as cp:
        cp.run_kubectl("apply", "-f", str(ROOT / "crds"))
        cp.run_kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
        operator_config, agent_config = install_identities(cp, flowcontrol)
        log_dir = keep_logs or cp.workdir
        log_dir.mkdir(parents=True, exist_ok=True)
        ports = free_ports(shards)
        procs = start_operators(cp, log_dir, profile, shards, operator_config, ports)
        try:
            pids = [operator_pid(p) for p in procs]
            tag = f"{detection}-flowcontrol-{flowcontrol}"
            pprof = (apiserver_profile, log_dir / f"apiserver-{tag}.pprof") if apiserver_profile else None
            result = asyncio.run(drive(cp, incidents, nodes, pids, timeout, isolated_count, detection, pprof,
                                       agent_config, [f"http://127.0.0.1:{port}/metrics" for port in ports]))
        finally:
            stop_operators(procs)
        result["shards"] = shards
        result["detection"] = detection
        result["flowcontrol"] = flowcontrol
        if pprof:
            top = apiserver_profile_top(pprof[1])
            (log_dir / f"apiserver-{tag}-top.txt").write_text(top)
            print(f"kube-apiserver CPU over the storm's first {apiserver_profile} s ({tag}):\n{top}",
                  file=sys.stderr)
        owners: dict[str, list[str]] = {f"operator-{i}": [] for i in range(shards)}
        for pool in plan(incidents, nodes, pools_for(incidents), max_concurrent=10, isolated=isolated_count):
            owners[f"operator-{policy_shard(pool.name, shards)}"].append(pool.name)
        result["policies_per_operator"] = owners
        if result["resolved"] < incidents:
            for i in range(len(procs)):
                print((log_dir / f"operator-{i}.log").read_text(errors="replace")[-3000:], file=sys.stderr)
    return result


def check(result: dict[str, Any]) -> list[str]:
    """The targets this run missed."""
    n = result["incidents"]
    missed = []
    lat = result["latency_seconds"]
    if result["resolved"] < n:
        missed.append(f"{n - result['resolved']} incidents not resolved")
    for figure, values in (("admissible -> requested", lat["admissible_to_requested"]),
                           ("isolated failure -> requested", result["isolated_failure_to_requested"])):
        if values.get("n", 0) < 100 or values.get("p99", 1e9) >= TARGET_P99:
            missed.append(f"{figure} p99 {values.get('p99')} (n={values.get('n')}) not < {TARGET_P99}s")
    if n in SETTLE_TARGET and result["settle_seconds"] >= SETTLE_TARGET[n]:
        missed.append(f"settled in {result['settle_seconds']}s, not < {SETTLE_TARGET[n]}s")
    for proc, mb in result["operator_peak_rss_mb"].items():
        if n in RSS_TARGET_MB and mb >= RSS_TARGET_MB[n]:
            missed.append(f"{proc} peak RSS {mb} MB, not < {RSS_TARGET_MB[n]} MB")
    if result["writes"]["operator_vs_floor"] > TARGET_WRITE_RATIO:
        missed.append(f"operator writes {result['writes']['operator_vs_floor']}x the floor, not <= 1.5x")
    guards = result["guards"]
    if set(guards["main"]["held_by"]) - {"MaxConcurrent"}:
        missed.append(f"main pools held by {guards['main']['held_by']}")
    if guards["budget"]["requested"] != 5:
        missed.append(f"budget pool requested {guards['budget']['requested']} actions, its hourly budget is 5")
    blast = guards["blast"]
    most = 10 * 40 // 100  # the side pool: 10 nodes, maxUnhealthyPercent=40 (operator_storm.side pools)
    if blast["max_acting_at_once"] > most:
        missed.append(f"the blast-radius pool acted on {blast['max_acting_at_once']} nodes at once, at most {most}")
    # all its failures open at once (as filed together): the guard must have held some; with fewer at once the
    # operator may rightly have seen no more than 40% (one resolved before the next was decided)
    if blast["max_open_at_once"] == blast["incidents"] and "BlastRadius" not in blast["held_by"]:
        missed.append(f"the blast-radius pool had all {blast['incidents']} incidents open at once and was never held")
    return missed


def table(results: list[dict[str, Any]]) -> str:
    rows = ["| incidents / nodes | detection, flowcontrol | settled | admissible→requested p50/p99 (n) "
            "| failure→requested p50/p99 (n) | operator writes / incident (floor) "
            "| CPU s: apiserver / etcd / operator / fleet | peak RSS MB | load |"]
    rows.append("|---" * 9 + "|")
    for r in results:
        lat, cpu = r["latency_seconds"], r["processes"]["cpu_seconds"]
        a, f = lat["admissible_to_requested"], lat["failure_to_requested"]
        op_cpu = sum(v for k, v in cpu.items() if k.startswith("operator"))
        fleet_cpu = sum(v for k, v in cpu.items() if k.startswith("fleet"))  # its agents and its watch process
        rows.append(
            f"| {r['incidents']:,} / {r['nodes']:,} | {r['detection']}, {r['flowcontrol']} "
            f"| {r['settle_seconds']} s "
            f"| {a.get('p50')} / {a.get('p99')} s ({a.get('n')}) | {f.get('p50')} / {f.get('p99')} s ({f.get('n')}) "
            f"| {r['writes']['operator_total_per_incident']} ({r['writes']['operator_floor_per_incident']}) "
            f"| {cpu['kube-apiserver']} / {cpu['etcd']} / {op_cpu:.1f} / {fleet_cpu:.1f} "
            f"| {max(r['operator_peak_rss_mb'].values())} | {r['load_before'][0]}→{r['load_max_during']} |")
    return "\n".join(rows)


def inside_table(results: list[dict[str, Any]]) -> str:
    """Where a decision's time went inside the operator, per run, from its own histograms (bucket bounds)."""
    figures = list(results[0]["inside_the_operator"]) if results else []
    rows = ["| incidents / nodes, flowcontrol | " + " | ".join(f"{f}: p50 / p99 at most (n)" for f in figures) + " |",
            "|---" * (len(figures) + 1) + "|"]
    for r in results:
        cells = []
        for f in figures:
            q = r["inside_the_operator"][f]
            cells.append(f"{q['p50_at_most']} / {q['p99_at_most']} s ({q['n']:,})")
        rows.append(f"| {r['incidents']:,} / {r['nodes']:,}, {r['flowcontrol']} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def shards_table(results: list[dict[str, Any]]) -> str:
    """One row per shard count: what more operator processes bought."""
    rows = ["| incidents / nodes | shards | settled | admissible→requested p50/p99 (n) | CPU s: apiserver / etcd / "
            "each operator | peak RSS MB per operator | main pools per operator | load |"]
    rows.append("|---" * 8 + "|")
    for r in results:
        a, cpu = r["latency_seconds"]["admissible_to_requested"], r["processes"]["cpu_seconds"]
        ops = sorted(k for k in cpu if k.startswith("operator"))
        pools = [sum(p.startswith("pool-") for p in r["policies_per_operator"][k]) for k in ops]
        rows.append(
            f"| {r['incidents']:,} / {r['nodes']:,} | {r['shards']} | {r['settle_seconds']} s "
            f"| {a.get('p50')} / {a.get('p99')} s ({a.get('n')}) "
            f"| {cpu['kube-apiserver']} / {cpu['etcd']} / {' + '.join(str(cpu[k]) for k in ops)} "
            f"| {' / '.join(str(r['operator_peak_rss_mb'][k]) for k in ops)} | {' / '.join(map(str, pools))} "
            f"| {r['load_before'][0]}→{r['load_max_during']} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", action="append", help="INCIDENTSxNODES (default: 1000x200 and 10000x2000)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds to wait for a storm to settle")
    parser.add_argument("--logs", type=Path, help="keep the operators' logs in this directory")
    parser.add_argument("--isolated", type=int, default=ISOLATED, help="single failures after each storm")
    parser.add_argument("--profile", action="store_true", help="the operators' collapsed stacks (py-spy) with --logs")
    parser.add_argument("--shards", default="1", help="comma-separated shard counts, the same storm once per count "
                        "with that many operator processes, e.g. 1,2,4 (default: 1)")
    parser.add_argument("--detection", default="agent", help="what the agents file, comma-separated for one storm "
                        "each: 'agent' (the detection a real agent writes: a 20-line log excerpt, matched line and "
                        "rule, 1.8 KB) or 'bare' (the pattern alone); default: agent")
    parser.add_argument("--apiserver-profile", type=int, default=0, metavar="SECONDS",
                        help="with --logs: a CPU profile of kube-apiserver over the storm's first SECONDS, "
                        "summarised by `go tool pprof -top -cum`")
    parser.add_argument("--flowcontrol", default="installed", help="API Priority and Fairness objects for the "
                        "agents: 'installed' (manifests/flowcontrol: a level of their own whose queues hold a "
                        "burst), 'off' (the API server's defaults), 'pace' (an experiment not installed, "
                        "bench/flowcontrol-pace.yaml: their creates in a level of a few seats; docs/operator.md); "
                        "comma-separated for one storm each; default: installed")
    args = parser.parse_args()
    flowcontrols = args.flowcontrol.split(",")
    if not set(flowcontrols) <= {"off", *FLOWCONTROL}:
        parser.error(f"--flowcontrol {args.flowcontrol!r}: comma-separated 'installed', 'off', 'pace'")
    if args.apiserver_profile and not args.logs:
        parser.error("--apiserver-profile needs --logs DIR (the profile is written there)")
    detections = args.detection.split(",")
    if not set(detections) <= {"agent", "bare"}:
        parser.error(f"--detection {args.detection!r}: 'agent', 'bare' or 'agent,bare'")
    try:
        shard_counts = [int(x) for x in args.shards.split(",")]
        if any(not 1 <= n <= 64 for n in shard_counts):
            raise ValueError
    except ValueError:
        parser.error(f"--shards {args.shards!r}: comma-separated numbers of operator processes from 1 to 64, "
                     "e.g. 1,2,4")
    # a SIGTERM ends the run through the finally blocks: operators and control plane stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = [tuple(int(x) for x in s.split("x")) for s in (args.size or ["1000x200", "10000x2000"])]
    results, missed = [], []
    for incidents, nodes in sizes:
        for shards, detection, flow in [(n, d, f) for n in shard_counts for d in detections for f in flowcontrols]:
            timeout = args.timeout or (300.0 if incidents <= 1000 else 1500.0)
            print(f"--- {incidents} incidents over {nodes} nodes, {shards} shard(s), {detection} detection, "
                  f"flowcontrol {flow}; "
                  f"load {os.getloadavg()[0]:.2f}",
                  file=sys.stderr, flush=True)
            logs = args.logs / f"{incidents}-{shards}" if args.logs else None
            result = run(incidents, nodes, timeout, logs, args.isolated, args.profile and logs is not None, shards,
                         detection, args.apiserver_profile, flow)
            results.append(result)
            missed += [f"{incidents}x{nodes}, {shards} shard(s), {detection} detection, flowcontrol {flow}: {m}"
                       for m in check(result)]
            print(json.dumps(result, indent=2), flush=True)
    print(table(results))
    print(inside_table(results))
    if shard_counts != [1]:
        print(shards_table(results))
    for m in missed:
        print(f"MISSED: {m}", file=sys.stderr)
    print("targets met" if not missed else "targets NOT met", file=sys.stderr)
    return 0 if not missed else 1


if __name__ == "__main__":
    raise SystemExit(main())
