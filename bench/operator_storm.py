"""The simulated fleet behind bench_operator_settle.py: Node objects in pools, one HealingPolicy per pool with its
guards on, and in this process the node agents that file the failures, carry out each requested action and report
health the way `healing agent` does (the target checked every 2 s while an incident is Remediating/Verifying, and
status.health written when the verification needs it: `controller.api.incident.verification_report_due`).

What it measures, all from outside the operator:

* per incident, from one watch: failure -> filed (the agent's create + detection), -> first decision, -> action
  requested, -> Resolved; the guard holds it went through; which of its status writes were the operator's;
* "admissible -> requested": a request needs a free slot of its policy (maxConcurrent). Each slot that frees up
  (an incident leaves Remediating/Verifying) is a token, the policy's maxConcurrent tokens exist at the start; each
  request takes the oldest token, and its latency counts from the later of its failure and that token. So the time
  an incident waits because the guard holds it is not counted, the time a free slot and a waiting incident sit
  idle is;
* API requests by kind: the API server's own counter (`apiserver_request_total` on /metrics) before and after, minus
  the writes this process made as the agents (counted here) = the operator's;
* CPU seconds of kube-apiserver, etcd, each operator process and this process (/proc via psutil) and the peak RSS
  of each operator process.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import math
import os
import re
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import psutil
from prometheus_client.parser import text_string_to_metric_families

from controller.agent.logs import build_detection
from controller.agent.model import Failure
from controller.api.healingpolicy import VerifySpec
from controller.api.incident import IncidentStatus, verification_moments, verification_report_due
from controller.constants import GROUP, INCIDENT_PLURAL, NODE_LABEL, POLICY_PLURAL, VERSION
from controller.operator.incident_lifecycle import AGENT_KEYS, IN_FLIGHT_PHASES
from controller.operator.k8s import ApiError, Kube
from controller.patterns import Classifier
from controller.patterns.models import Classification

BASE = f"/apis/{GROUP}/{VERSION}"
ROOT = Path(__file__).resolve().parents[1]
GUARD_REASONS = ("MaxConcurrent", "BlastRadius", "RateLimited")
HEALTH_INTERVAL = 2.0  # the agent's HealthReporter interval
POOL_LABEL = "bench.healing.insa.io/pool"
WRITE_VERBS = ("POST", "PATCH", "PUT", "DELETE", "APPLY", "CREATE", "UPDATE")


def stamp(t: float | None = None) -> str:
    return datetime.fromtimestamp(time.time() if t is None else t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# What a crashed container's agent files: the last 20 log lines (EXCERPT_LINES) of a web worker that died of an
# unhandled error, as `build_detection` turns them into the Incident's detection. The storm's incidents carry it so the
# API server and the operator handle incidents of the size a real agent writes, not bare pattern names.
CRASH_LOG = [
    "2026-12-02T10:00:00.101Z info: starting web worker pid=1 node=v20.11.1",
    "2026-12-02T10:00:00.164Z info: loading configuration from /app/config/production.json",
    "2026-12-02T10:00:00.201Z info: connecting to cache at redis://cache:6379/0",
    "2026-12-02T10:00:00.257Z info: cache connected, 0 keys warmed",
    "2026-12-02T10:00:00.312Z info: http server listening on 0.0.0.0:8080",
    "2026-12-02T10:00:05.004Z info: GET /healthz 200 1.2ms",
    "2026-12-02T10:00:10.006Z info: GET /healthz 200 0.9ms",
    "2026-12-02T10:00:12.481Z info: POST /api/orders 201 38.4ms",
    "2026-12-02T10:00:13.090Z warn: slow query orders.list took 812ms",
    "2026-12-02T10:00:15.002Z info: GET /healthz 200 1.1ms",
    "2026-12-02T10:00:17.733Z error: unhandled rejection in order worker: TypeError: Cannot read properties of "
    "undefined (reading 'id')",
    "    at OrderWorker.process (/app/dist/worker.js:214:31)",
    "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    "2026-12-02T10:00:17.735Z error: worker failed, shutting down",
    "2026-12-02T10:00:17.736Z info: closing http server",
    "2026-12-02T10:00:17.741Z info: cache connection closed",
    "npm ERR! code ELIFECYCLE",
    "npm ERR! errno 1",
    "npm ERR! web@3.4.1 start: `node dist/server.js`",
    "npm ERR! Exit status 1",
]


def agent_detection(target: str, now: str) -> dict[str, Any]:
    """The detection status the agent writes for a container of this name that exited with code 1."""
    failure = Failure(
        target_kind="docker", target_name=target, service_type="docker", container=target, reason="ContainerDied",
        message=f"container {target} exited with code 1", source="docker-events", exit_code=1, state="exited",
        hint="container_exit", hint_confidence=0.9,
    )
    _, detection = build_detection(failure, CRASH_LOG, crash_classification())
    body = detection.dump()
    body["firstSeen"] = body["lastSeen"] = now
    return body


@functools.cache
def crash_classification() -> Classification:
    """The agent's classification of CRASH_LOG, made once (building the classifier compiles the library)."""
    return Classifier().classify(CRASH_LOG)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (the smallest value with at least q% of the values at or below it)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float | int]:
    """p50/p99/max with n; p99 only from 100 samples or more (below that it is just the maximum)."""
    if not values:
        return {"n": 0}
    out: dict[str, float | int] = {"n": len(values), "p50": round(percentile(values, 50), 3)}
    if len(values) >= 100:
        out["p99"] = round(percentile(values, 99), 3)
    out["max"] = round(max(values), 3)
    return out


# --- the fleet -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """Nodes under one HealingPolicy; `failing` of them fail, with `incidents` failures spread over them."""

    name: str
    fleet: tuple[str, ...]
    failing: tuple[str, ...]
    incidents: int
    max_concurrent: int
    per_hour: int
    max_unhealthy_percent: int = 40
    main: bool = True  # counted in the storm's figures; the side pools show the guards holding


def plan(incidents: int, nodes: int, pools: int, *, max_concurrent: int, fleet_factor: int = 3,
         isolated: int = 0) -> list[Pool]:
    """`incidents` failures over `nodes` failing nodes in `pools` pools of `fleet_factor`x as many nodes (so a
    third of each pool fails: under maxUnhealthyPercent=40), plus two small side pools where the blast radius and
    the hourly budget must hold. The main pools' hourly budget is twice their storm plus the `isolated` single
    failures after it (the budget pool is where the budget holds)."""
    if nodes % pools or incidents % nodes:
        raise ValueError("nodes must divide into the pools and incidents into the nodes evenly")
    per_pool_nodes = nodes // pools
    out = []
    for p in range(pools):
        fleet = tuple(f"n{p:02d}-{i:04d}" for i in range(per_pool_nodes * fleet_factor))
        out.append(Pool(f"pool-{p:02d}", fleet, fleet[:per_pool_nodes], incidents // pools, max_concurrent,
                        per_hour=2 * incidents // pools + isolated))
    blast = tuple(f"blast-{i:02d}" for i in range(10))
    out.append(Pool("blast", blast, blast[:6], 6, max_concurrent, per_hour=100, main=False))
    budget = tuple(f"budget-{i:02d}" for i in range(10))
    out.append(Pool("budget", budget, budget[:2], 10, max_concurrent, per_hour=5, main=False))
    return out


def policy_body(pool: Pool, verify_after: str, healthy_for: str) -> dict[str, Any]:
    return {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "HealingPolicy",
        "metadata": {"name": pool.name},
        "spec": {
            "nodeSelector": {"matchLabels": {POOL_LABEL: pool.name}},
            "targets": [{"kind": "docker", "match": "svc-*"}],
            "actions": ["restart"],
            "verify": {"after": verify_after, "healthyFor": healthy_for, "timeout": "2m"},
            "limits": {"maxConcurrent": pool.max_concurrent, "maxActionsPerHour": pool.per_hour,
                       "maxUnhealthyPercent": pool.max_unhealthy_percent},
        },
    }


def node_body(name: str, pool: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": {POOL_LABEL: pool, "kubernetes.io/hostname": name}}}


# --- per-incident record ---------------------------------------------------------------------------------------


def most_at_once(intervals: list[tuple[float, float | None]]) -> int:
    """The most intervals open at one moment (an open end: still open); one ending as another starts does not
    overlap it."""
    edges = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals if end is not None])
    most = current = 0
    for _, step in edges:  # at equal times -1 sorts first: an end is counted before a start
        current += step
        most = max(most, current)
    return most


@dataclass
class Track:
    pool: str
    node: str
    main: bool
    t_fail: float = 0.0
    t_fail_wall: float = 0.0  # the same moment on the wall clock (the operator's requestedAt is one)
    t_decided: float | None = None  # the operator's decision to request (its requestedAt), on this monotonic clock
    t_filed: float | None = None
    t_first: float | None = None  # first operator decision seen
    t_req: float | None = None
    t_res: float | None = None
    admissible_latency: float | None = None
    freed_slot: bool = False  # its request took a slot freed during the storm (not one free at the start)
    holds: int = 0  # guard-hold episodes (entered MaxConcurrent/BlastRadius/RateLimited from elsewhere)
    reasons: set[str] = field(default_factory=set)
    operator_writes: int = 0  # versions whose operator-owned status changed
    outcome_only_writes: int = 0  # ... of which only status.outcomes changed (outcome notes marked applied)
    last_op: dict[str, Any] = field(default_factory=dict)
    phase: str | None = None
    reason: str | None = None
    last_rv: int = 0

    def floor(self) -> int:
        """The fewest status writes its path needs: one per state a user must see (each guard hold, the request,
        Verifying, Resolved)."""
        states = self.holds
        if self.t_req is not None:
            states += 2 if self.t_res is None else 3
        return max(states, 1)


# --- processes: CPU and memory ---------------------------------------------------------------------------------


class ProcessMeter:
    """CPU seconds (user+system) of named processes over a window, and the peak RSS of each, sampled."""

    def __init__(self, named: dict[str, int]) -> None:
        self.procs = {name: psutil.Process(pid) for name, pid in named.items()}
        self.peak_rss: dict[str, int] = dict.fromkeys(named, 0)
        self.start: dict[str, float] = {}
        self.end: dict[str, float] = {}
        self.t0 = self.t1 = 0.0
        self.load_max = 0.0
        self.rss_at_begin: dict[str, int] = {}

    def add(self, name: str, pid: int) -> None:
        """One more process to meter (before begin)."""
        self.procs[name] = psutil.Process(pid)
        self.peak_rss[name] = 0

    def _cpu(self) -> dict[str, float]:
        out = {}
        for name, proc in self.procs.items():
            with contextlib.suppress(psutil.Error):
                t = proc.cpu_times()
                out[name] = t.user + t.system + t.children_user + t.children_system
        return out

    def begin(self) -> None:
        self.start, self.t0 = self._cpu(), time.monotonic()
        self.rss_at_begin = {}  # what each process held before the storm (the operator: started, policies listed)
        for name, proc in self.procs.items():
            with contextlib.suppress(psutil.Error):
                self.rss_at_begin[name] = proc.memory_info().rss

    def finish(self) -> None:
        self.end, self.t1 = self._cpu(), time.monotonic()

    async def sample(self) -> None:
        while True:
            for name, proc in self.procs.items():
                with contextlib.suppress(psutil.Error):
                    self.peak_rss[name] = max(self.peak_rss[name], proc.memory_info().rss)
            self.load_max = max(self.load_max, os.getloadavg()[0])
            await asyncio.sleep(0.25)

    def report(self) -> dict[str, Any]:
        wall = self.t1 - self.t0
        cpu = {name: round(self.end.get(name, 0.0) - self.start.get(name, 0.0), 1) for name in self.procs}
        return {
            "wall_seconds": round(wall, 1),
            "cpu_seconds": cpu,
            "cpu_share_of_2_cores_percent": {n: round(100 * c / (2 * wall), 1) for n, c in cpu.items()} if wall else {},
            "busy_percent_of_2_cores": round(100 * sum(cpu.values()) / (2 * wall), 1) if wall else None,
            "rss_mb_before_the_storm": {n: round(v / 2**20, 1) for n, v in self.rss_at_begin.items()},
        }


# --- API requests by kind --------------------------------------------------------------------------------------

_METRIC = re.compile(r"^apiserver_request_total\{(?P<labels>[^}]*)\} (?P<value>\S+)$")
_LABEL = re.compile(r'(\w+)="([^"]*)"')


def parse_request_metrics(text: str) -> Counter[tuple[str, str, str, str]]:
    """(verb, resource, subresource, code) -> requests served, writes only."""
    out: Counter[tuple[str, str, str, str]] = Counter()
    for line in text.splitlines():
        m = _METRIC.match(line)
        if not m:
            continue
        labels = dict(_LABEL.findall(m["labels"]))
        if labels.get("verb") not in WRITE_VERBS:
            continue
        out[(labels["verb"], labels.get("resource", ""), labels.get("subresource", ""), labels.get("code", ""))] += (
            int(float(m["value"])))
    return out


OPERATOR_KINDS = {
    ("PATCH", "incidents", "status"): "incident status patch",
    ("PATCH", "incidents", ""): "incident patch (metadata)",
    ("DELETE", "incidents", ""): "incident delete",
    ("POST", "events", ""): "Event create",
    ("PATCH", "events", ""): "Event patch (count)",
    ("PATCH", "healingpolicies", "status"): "policy status patch",
    ("PATCH", "healingpolicies", ""): "policy patch (Kopf)",
}


def operator_requests(delta: Counter[tuple[str, str, str, str]], agent: Counter[str]) -> dict[str, int]:
    """The operator's writes by kind: everything the API server served minus what the simulated agents wrote."""
    out: Counter[str] = Counter()
    for (verb, resource, sub, code), count in delta.items():
        if (verb, resource) == ("POST", "incidents") or resource in ("nodes", "leases"):
            continue  # the agents' creates (counted on their side); the apiserver's own lease
        if resource == "healingpolicies" and verb == "POST":
            continue  # the bench's policies, created before the window
        kind = OPERATOR_KINDS.get((verb, resource, sub), f"other {verb} {resource}/{sub}".rstrip("/"))
        out[kind] += count
        if code == "409":
            out[f"{kind}: 409 conflict"] += count
    # the agents' status writes, also those APF turned away with a 429 (served, counted, retried)
    out["incident status patch"] -= sum(agent[k] + agent[f"{k} 429"] + agent[f"{k} timeout"]
                                        for k in ("detection", "execution", "health"))
    return dict(sorted(out.items()))


_SAMPLE = re.compile(r"^(?P<name>[a-z_]+)\{(?P<labels>[^}]*)\} (?P<value>\S+)$")


def metric_sums(text: str, name: str, keys: tuple[str, ...]) -> Counter[tuple[str, ...]]:
    """A metric's samples summed by the given labels (e.g. a histogram's `_sum` by verb and resource)."""
    out: Counter[tuple[str, ...]] = Counter()
    for line in text.splitlines():
        if not line.startswith(name + "{") or not (m := _SAMPLE.match(line)):
            continue
        labels = dict(_LABEL.findall(m["labels"]))
        out[tuple(labels.get(k, "") for k in keys)] += float(m["value"])
    return out


@dataclass
class ServerMetrics:
    """The API server's /metrics at one moment: writes by kind, the time it spent serving them, and the bytes of
    watch events it sent per kind (what a growing object costs every watcher)."""

    requests: Counter[tuple[str, str, str, str]]
    seconds: Counter[tuple[str, ...]]  # (verb, resource, subresource) -> wall seconds spent in the handler
    watch_bytes: Counter[tuple[str, ...]]  # (kind,) -> bytes of watch events sent
    watch_events: Counter[tuple[str, ...]]

    def __sub__(self, other: ServerMetrics) -> ServerMetrics:
        return ServerMetrics(self.requests - other.requests, self.seconds - other.seconds,
                             self.watch_bytes - other.watch_bytes, self.watch_events - other.watch_events)

    def report(self) -> dict[str, Any]:
        """Per write kind: requests, mean ms in the API server; per watched kind: events sent and mean KB each."""
        writes: Counter[tuple[str, str, str]] = Counter()
        for (verb, resource, sub, _code), n in self.requests.items():
            writes[(verb, resource, sub)] += n
        served = {
            f"{verb} {resource}{'/' + sub if sub else ''}": {
                "requests": n, "mean_ms": round(1000 * self.seconds[(verb, resource, sub)] / n, 1)}
            for (verb, resource, sub), n in sorted(writes.items(), key=lambda kv: -kv[1]) if n
        }
        watched = {kind: {"events": int(n), "mean_kb": round(self.watch_bytes[(kind,)] / n / 1024, 2)}
                   for (kind,), n in sorted(self.watch_events.items(), key=lambda kv: -kv[1]) if n >= 1}
        return {"writes": served, "watch_events_sent": watched}


async def request_metrics(kube: Kube) -> ServerMetrics:
    session = kube._sess()
    async with session.get(kube.host + "/metrics", headers=kube._auth()) as resp:
        resp.raise_for_status()
        text = await resp.text()
    return ServerMetrics(
        parse_request_metrics(text),
        metric_sums(text, "apiserver_request_duration_seconds_sum", ("verb", "resource", "subresource")),
        metric_sums(text, "apiserver_watch_events_sizes_sum", ("kind",)),
        metric_sums(text, "apiserver_watch_events_total", ("kind",)),
    )


# The operator's own latency histograms (controller/operator/metrics.py): where a decision's time goes inside it.
OPERATOR_HISTOGRAMS = {
    "queue wait": ("healing_workqueue_queue_duration_seconds", {}),
    "incident status write": ("healing_api_request_duration_seconds",
                              {"verb": "PATCH", "resource": "incidents/status"}),
    "policy status write": ("healing_api_request_duration_seconds",
                            {"verb": "PATCH", "resource": "healingpolicies/status"}),
    "own write -> its watch event": ("healing_watch_echo_seconds", {}),
}


def histogram_buckets(samples: list[Any], name: str, labels: dict[str, str]) -> dict[float, float]:
    """Cumulative bucket counts (upper bound -> count) of one Prometheus histogram series among parsed samples."""
    buckets: dict[float, float] = {}
    for sample in samples:
        if sample.name == f"{name}_bucket" and all(sample.labels.get(k) == v for k, v in labels.items()):
            bound = float(sample.labels["le"])
            buckets[bound] = buckets.get(bound, 0.0) + sample.value
    return buckets


def bucket_quantiles(before: dict[float, float], after: dict[float, float]) -> dict[str, float | int | None]:
    """n and the bucket upper bounds holding p50 and p99 of the observations between two scrapes (a histogram
    knows no more than its buckets: "p99 <= 5" means the 99th percentile is in the bucket ending at 5 s)."""
    delta = sorted((bound, count - before.get(bound, 0.0)) for bound, count in after.items())
    total = delta[-1][1] if delta else 0.0
    out: dict[str, float | int | None] = {"n": int(total)}
    for q in (50, 99):
        out[f"p{q}_at_most"] = next((b for b, c in delta if c >= q / 100 * total), None) if total else None
    return out


async def operator_histograms(urls: list[str]) -> dict[str, dict[float, float]]:
    """OPERATOR_HISTOGRAMS scraped from every operator process, summed."""
    out: dict[str, dict[float, float]] = {figure: {} for figure in OPERATOR_HISTOGRAMS}
    async with aiohttp.ClientSession() as session:
        for url in urls:
            async with session.get(url) as resp:
                resp.raise_for_status()
                text = await resp.text()
            samples = [sample for family in text_string_to_metric_families(text) for sample in family.samples]
            for figure, (name, labels) in OPERATOR_HISTOGRAMS.items():
                for bound, count in histogram_buckets(samples, name, labels).items():
                    out[figure][bound] = out[figure].get(bound, 0.0) + count
    return out


@dataclass
class HealthDue:
    """An incident under remediation as the agent's HealthReporter tracks it."""

    next_check: float  # monotonic
    since: str  # healthy since (the action's end here)
    written: datetime  # checkedAt of the last status.health written
    moments: list[datetime]  # verification_moments


def watch_incidents(kubeconfig: str) -> None:
    """The fleet's incident watch, run as a process of its own (Fleet.watch): after the listing an empty line, then
    per ADDED/MODIFIED event `<time.monotonic() at arrival>\\t<the event's JSON>` on stdout. Ends with an error on
    stderr when the watch fails or its reader is gone."""

    async def run() -> None:
        kube = Kube.from_kubeconfig(kubeconfig, connections=2)
        out = sys.stdout.buffer
        try:
            listed = await kube.request("GET", f"{BASE}/{INCIDENT_PLURAL}")
            rv = listed["metadata"]["resourceVersion"]
            out.write(b"\n")
            out.flush()
            while True:
                params = {"watch": "1", "resourceVersion": rv, "allowWatchBookmarks": "true", "timeoutSeconds": "300"}
                async with kube._sess().get(
                    kube.host + f"{BASE}/{INCIDENT_PLURAL}", params=params, headers=kube._auth(),
                    timeout=aiohttp.ClientTimeout(total=None, sock_read=310),
                ) as resp:
                    async for line in resp.content:
                        seen = time.monotonic()
                        if not line.strip():
                            continue
                        event = json.loads(line)
                        obj = event.get("object", {})
                        if event.get("type") == "ERROR":
                            raise RuntimeError(f"watch failed: {obj.get('message')}")
                        rv = obj.get("metadata", {}).get("resourceVersion", rv)
                        if event.get("type") in ("ADDED", "MODIFIED"):
                            out.write(b"%.6f\t" % seen + line.rstrip(b"\n") + b"\n")
                            out.flush()
        finally:
            await kube.close()

    asyncio.run(run())


# --- the fleet's agents and the watch --------------------------------------------------------------------------


class Fleet:
    def __init__(self, kube: Kube, kubeconfig: Path, pools: list[Pool], *, concurrency: int = 64,
                 detection: str = "agent", agent_kube: Kube | None = None) -> None:
        self.kube = kube  # the setup's writes (nodes, policies) and the bench's reads, as the cluster's admin
        # what the node agents write (create, detection, execution, health), as their ServiceAccount: an admin
        # (system:masters) is exempt from API Priority and Fairness, an agent is not
        self.agent_kube = agent_kube or kube
        self.detection = detection  # "agent": what build_detection writes; "bare": the pattern alone (a comparison)
        self.kubeconfig = kubeconfig  # the watch process's credentials (the admin's: it only reads)
        self.watching = asyncio.Event()  # the watch process has listed the incidents: no event is missed from here
        self.watch_pid = 0
        self.pools = {p.name: p for p in pools}
        self.sem = asyncio.Semaphore(concurrency)  # the setup's writes
        # a node's agent writes as `healing agent` does: its reporter (filing), actuator (executions) and health
        # reporter are separate tasks, each one write at a time; so locked per (node, part). One lock per node made
        # an execution wait behind its node's filing queue; one for the whole fleet, behind other nodes' health.
        self.agents: defaultdict[tuple[str, str], asyncio.Lock] = defaultdict(asyncio.Lock)
        self.tracks: dict[str, Track] = {}
        self.agent_writes: Counter[str] = Counter()
        self.executed: set[str] = set()
        self.health_due: dict[str, HealthDue] = {}  # incidents under remediation, as the agent tracks them
        self.verify = VerifySpec()  # the policies' verify spec (create_policies)
        self.tokens: dict[str, deque[float]] = {}
        self.armed_at = 0.0
        self.tasks: set[asyncio.Task[Any]] = set()
        self.main_left = 0
        self.settled = asyncio.Event()
        self.errors: list[str] = []

    async def start_agents(self) -> None:
        """What a node's agent has done before anything fails: built its classifier (compiling the pattern library
        took 1.4 s, and built lazily by the storm's first detection it held this process's loop -- every simulated
        agent -- for that long) and opened its connection to the API server (the storm's first writes each paid a TLS
        handshake on 2 busy cores). One connection per failing node, as each agent has its own."""
        if self.detection == "agent":
            crash_classification()
        failing = sum(len(p.failing) for p in self.pools.values())
        await asyncio.gather(*(self.agent_kube.request("GET", "/version") for _ in range(failing)))

    def spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # --- setup ---------------------------------------------------------------------------------------------

    async def create_nodes(self) -> None:
        async def one(name: str, pool: str) -> None:
            async with self.sem:
                await self.kube.request("POST", "/api/v1/nodes", body=node_body(name, pool))

        await asyncio.gather(*(one(n, p.name) for p in self.pools.values() for n in p.fleet))

    async def create_policies(self, verify_after: str, healthy_for: str, timeout: float = 120) -> None:
        self.verify = VerifySpec(after=verify_after, healthy_for=healthy_for)
        for pool in self.pools.values():
            await self.kube.request("POST", f"{BASE}/{POLICY_PLURAL}", body=policy_body(pool, verify_after,
                                                                                     healthy_for))
        deadline = time.monotonic() + timeout
        waiting = set(self.pools)
        while waiting and time.monotonic() < deadline:
            for name in list(waiting):
                body = await self.kube.get(POLICY_PLURAL, name)
                status = (body or {}).get("status", {})
                if status.get("observedGeneration") and status.get("matchedNodes") == len(self.pools[name].fleet):
                    waiting.discard(name)
            await asyncio.sleep(0.2)
        if waiting:
            raise RuntimeError(f"the operator did not reconcile the policies {sorted(waiting)} within {timeout:.0f}s")

    # --- the agents ----------------------------------------------------------------------------------------

    async def agent_write(self, kind: str, write: Callable[[], Awaitable[Any]]) -> Any:
        """One of an agent's writes, counted by kind. What `healing agent`'s reporter retries (after 0.2 s, doubling
        up to 5 s) is retried here too: a 429 (API Priority and Fairness turned it away; counted as `<kind> 429`)
        and no answer in time (queued too long; `<kind> timeout`). A create that timed out may have been made: its
        retry's 409 AlreadyExists means done."""
        backoff, retried = 0.2, False
        while True:
            try:
                result = await write()
            except ApiError as exc:
                if exc.status == 409 and kind == "create" and retried:
                    return None
                if exc.status not in (0, 429):
                    raise
                self.agent_writes[f"{kind} {exc.status or 'timeout'}"] += 1
                retried = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            self.agent_writes[kind] += 1
            return result

    async def file(self, name: str, node: str, target: str) -> None:
        """What the agent does when a target fails: create the Incident, write its detection."""
        track = self.tracks[name]
        async with self.agents[node, "reporter"]:
            track.t_fail, track.t_fail_wall = time.monotonic(), time.time()
            body = {
                "apiVersion": f"{GROUP}/{VERSION}", "kind": "Incident",
                "metadata": {"name": name, "labels": {NODE_LABEL: node}},
                "spec": {"node": node, "target": {"kind": "docker", "name": target}, "serviceType": "docker",
                         "failure": "container_exit"},
            }
            await self.agent_write("create", lambda: self.agent_kube.request(
                "POST", f"{BASE}/{INCIDENT_PLURAL}", body=body))
            now = stamp()
            detection = agent_detection(target, now) if self.detection == "agent" else {
                "pattern": "container_exit", "confidence": 0.9, "occurrences": 1, "firstSeen": now, "lastSeen": now}
            await self.agent_write("detection", lambda: self.agent_kube.patch(
                INCIDENT_PLURAL, name, {"status": {"detection": detection}}, status=True))
            track.t_filed = time.monotonic()

    async def node_agent(self, node: str, failures: list[tuple[str, str]]) -> None:
        """One node's agent files its failures one after another (the reporter writes sequentially)."""
        for name, target in failures:
            await self.file(name, node, target)

    async def execute(self, name: str, request: dict[str, Any]) -> None:
        """The agent carries out the request and reports the target healthy, in one write (execution + health)."""
        done = datetime.now(UTC)
        now = stamp(done.timestamp())
        execution = {"id": request["id"], "action": request["action"], "startedAt": now, "finishedAt": now,
                     "result": "Succeeded"}
        async with self.agents[self.tracks[name].node, "actuator"]:
            await self.agent_write("execution", lambda: self.agent_kube.patch(INCIDENT_PLURAL, name, {"status": {
                "executions": [execution], "health": {"healthy": True, "checkedAt": now, "since": now},
            }}, status=True))
        status = IncidentStatus.model_validate({"request": request, "executions": [execution]})
        self.health_due[name] = HealthDue(time.monotonic() + HEALTH_INTERVAL, now, done,
                                          verification_moments(status, self.verify, since=done))

    async def report_health(self) -> None:
        """The target checked every HEALTH_INTERVAL while its incident is under remediation, and status.health
        written when the agent's HealthReporter would write it (the target stays healthy here)."""
        while True:
            now = time.monotonic()
            for name, due in list(self.health_due.items()):
                if due.next_check <= now:
                    due.next_check = now + HEALTH_INTERVAL
                    checked = datetime.now(UTC)
                    if verification_report_due((True, False, due.written), True, False, checked, due.moments):
                        due.written = checked
                        self.spawn(self._health(name, due.since, checked))
            await asyncio.sleep(0.05)

    async def _health(self, name: str, since: str, checked: datetime) -> None:
        async with self.agents[self.tracks[name].node, "health"]:
            if name not in self.health_due:
                return
            try:
                await self.agent_write("health", lambda: self.agent_kube.patch(INCIDENT_PLURAL, name, {"status": {
                    "health": {"healthy": True, "checkedAt": stamp(checked.timestamp()), "since": since}}},
                    status=True))
            except Exception as exc:  # a deleted incident; recorded, the bench goes on
                self.errors.append(f"health {name}: {exc}")

    # --- the storm -----------------------------------------------------------------------------------------

    def failures(self, prefix: str = "storm") -> dict[str, list[tuple[str, str]]]:
        """Per node, its failures (incident name, target); registers their tracks."""
        by_node: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pool in self.pools.values():
            for i in range(pool.incidents):
                node = pool.failing[i % len(pool.failing)]
                name = f"{prefix}-{pool.name}-{i:05d}"
                self.tracks[name] = Track(pool.name, node, pool.main)
                by_node[node].append((name, f"svc-{pool.name}-{i:05d}"))
        self.main_left = sum(1 for t in self.tracks.values() if t.main and t.t_res is None)
        return by_node

    def arm_tokens(self) -> None:
        start = self.armed_at = time.monotonic()
        self.tokens = {p.name: deque([start] * p.max_concurrent) for p in self.pools.values()}

    # --- the watch -----------------------------------------------------------------------------------------

    def on_incident(self, obj: dict[str, Any], now: float) -> None:
        """One watch event, `now` its arrival (monotonic)."""
        name = obj["metadata"]["name"]
        track = self.tracks.get(name)
        if track is None:
            return
        rv = int(obj["metadata"].get("resourceVersion") or 0)
        if rv <= track.last_rv:
            return
        track.last_rv = rv
        st = obj.get("status") or {}
        op = {k: v for k, v in st.items() if k not in AGENT_KEYS}
        if op != track.last_op:
            track.operator_writes += 1
            changed = {k for k in set(op) | set(track.last_op) if op.get(k) != track.last_op.get(k)}
            if changed == {"outcomes"}:
                track.outcome_only_writes += 1
            track.last_op = op
        phase, reason = st.get("phase"), st.get("reason")
        if phase and track.t_first is None:
            track.t_first = now
        held = phase == "Suppressed" and reason in GUARD_REASONS
        was_held = track.phase == "Suppressed" and track.reason in GUARD_REASONS
        if held and not (was_held and track.reason == reason):
            track.holds += 1
            track.reasons.add(reason)
        if track.phase in IN_FLIGHT_PHASES and phase not in IN_FLIGHT_PHASES:
            self.tokens[track.pool].append(now)  # a slot of its policy is free again
        track.phase, track.reason = phase, reason
        req = st.get("request")
        if req and req["id"] not in self.executed:
            self.executed.add(req["id"])
            if track.t_req is None:
                track.t_req = now
                with contextlib.suppress(KeyError, ValueError):
                    at = datetime.fromisoformat(req["requestedAt"].replace("Z", "+00:00")).timestamp()
                    track.t_decided = track.t_fail + (at - track.t_fail_wall)
                tokens = self.tokens[track.pool]
                token = tokens.popleft() if tokens else track.t_fail
                track.admissible_latency = now - max(track.t_fail, token)
                track.freed_slot = token > self.armed_at  # not one of the slots free at the start
            self.spawn(self.execute(name, req))
        if phase not in IN_FLIGHT_PHASES:
            self.health_due.pop(name, None)
        if phase == "Resolved" and track.t_res is None:
            track.t_res = now
            if track.main:
                self.main_left -= 1
                if self.main_left <= 0:
                    self.settled.set()

    async def watch(self) -> None:
        """The incidents' watch, read by a process of its own (`watch_incidents`): each event is timestamped when it
        arrives, not when this process -- the loop of a thousand simulated agents, where a real agent has a process
        of its own -- gets to it, and no interpreter lock is shared with that loop. (A thread did that before; moving
        it to a process did not change the figures: the first slots' lag is the API server's watch delivery,
        docs/operator.md.) CLOCK_MONOTONIC (time.monotonic) is one clock for every process of the machine."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "import sys; sys.path[:0] = sys.argv[1:3]; import operator_storm; "
            "operator_storm.watch_incidents(sys.argv[3])",
            str(ROOT), str(ROOT / "bench"), str(self.kubeconfig),
            stdout=asyncio.subprocess.PIPE, limit=64 * 2**20)
        self.watch_pid = proc.pid
        assert proc.stdout is not None
        try:
            async for line in proc.stdout:
                seen, _, raw = line.partition(b"\t")
                if not raw:
                    self.watching.set()  # listed: the watch is open from here
                    continue
                self.on_incident(json.loads(raw)["object"], float(seen))
        finally:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
        raise RuntimeError(f"the incident watch stopped (exit code {proc.returncode}; its error is above)")

    # --- figures -------------------------------------------------------------------------------------------

    def latencies(self, main: bool = True) -> dict[str, Any]:
        ts = [t for t in self.tracks.values() if t.main == main]
        return {
            "failure_to_filed": summary([t.t_filed - t.t_fail for t in ts if t.t_filed is not None]),
            "failure_to_first_decision": summary([t.t_first - t.t_fail for t in ts if t.t_first is not None]),
            "filed_to_first_decision": summary(
                [t.t_first - t.t_filed for t in ts if t.t_first is not None and t.t_filed is not None]),
            "first_decision_to_requested_initial_slots": summary(
                [t.t_req - t.t_first for t in ts if t.t_req is not None and t.t_first is not None
                 and t.admissible_latency is not None and not t.freed_slot]),
            "failure_to_requested": summary([t.t_req - t.t_fail for t in ts if t.t_req is not None]),
            "admissible_to_requested": summary([t.admissible_latency for t in ts if t.admissible_latency is not None]),
            # of which: the slots free at the start (the first requests, decided during the filing burst) and the
            # slots freed by a resolved incident (wake-up -> decision -> request)
            "admissible_to_requested_initial_slots": summary(
                [t.admissible_latency for t in ts if t.admissible_latency is not None and not t.freed_slot]),
            "admissible_to_requested_freed_slots": summary(
                [t.admissible_latency for t in ts if t.admissible_latency is not None and t.freed_slot]),
            "failure_to_resolved": summary([t.t_res - t.t_fail for t in ts if t.t_res is not None]),
            # where the initial slots' time goes: the operator's decision (its requestedAt) and the API server's
            # write + watch delivery to a watcher after it
            "failure_to_filed_initial_slots": summary(
                [t.t_filed - t.t_fail for t in ts if t.t_filed is not None and t.t_decided is not None
                 and not t.freed_slot]),
            "filed_to_decided_initial_slots": summary(
                [t.t_decided - t.t_filed for t in ts if t.t_filed is not None and t.t_decided is not None
                 and not t.freed_slot]),
            "failure_to_decided_initial_slots": summary(
                [t.t_decided - t.t_fail for t in ts if t.t_decided is not None and not t.freed_slot]),
            "decided_to_seen_initial_slots": summary(
                [t.t_req - t.t_decided for t in ts if t.t_decided is not None and t.t_req is not None
                 and not t.freed_slot]),
        }

    def guard_holds(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for pool in ("main", "blast", "budget"):
            ts = [t for t in self.tracks.values() if (t.main if pool == "main" else t.pool == pool)]
            reasons: Counter[str] = Counter(r for t in ts for r in t.reasons)
            out[pool] = {
                "incidents": len(ts), "requested": sum(1 for t in ts if t.t_req is not None),
                "resolved": sum(1 for t in ts if t.t_res is not None),
                "held_by": dict(reasons),
                "now": dict(Counter(f"{t.phase}/{t.reason}" for t in ts)),
                # the blast-radius guard in figures: how many of the pool's nodes had an open incident at once (as
                # this watcher saw them filed and resolved), and on how many an action was in flight at once
                "max_open_at_once": most_at_once([(t.t_filed, t.t_res) for t in ts if t.t_filed is not None]),
                "max_acting_at_once": most_at_once([(t.t_req, t.t_res) for t in ts if t.t_req is not None]),
            }
        return out

    def status_writes(self) -> dict[str, Any]:
        ts = list(self.tracks.values())
        writes = sum(t.operator_writes for t in ts)
        floor = sum(t.floor() for t in ts)
        return {
            "incidents": len(ts),
            "operator_status_writes_seen": writes,
            "of_which_outcome_marks": sum(t.outcome_only_writes for t in ts),
            "floor": floor,
            "per_incident": round(writes / len(ts), 2),
            "floor_per_incident": round(floor / len(ts), 2),
        }
