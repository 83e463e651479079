"""Advisor calls with the gate against calls without it, on a realistic failure stream, in the same run.

    .venv/bin/python bench/bench_advisor.py [--failures N] [--days D] [--repeat R]

The stream (every figure below is printed with the results):

- failure kinds: K = 2,000; each one is a failure no pattern explains with probability u, else a known pattern.
  u is measured in this run: the real Classifier's miss rate on the labelled failure lines of the corpus's
  held-out "unseen" split (tests/data/corpus, software the library was never tuned on); between rounds, when that
  split is empty, u is the last round's miss rate measured before tuning on it (LAST_UNSEEN_MISSES);
- popularity: Zipf with exponent s = 1.1 over the kinds, ranks shuffled (unknown kinds are as likely to be frequent
  as known ones): many repeats of a few signatures, a long tail of rare ones;
- N = 50,000 failures at uniformly random times over D = 14 days, plus 20 storms (one kind failing on 40 nodes
  within 60 s, a bad rollout);
- the advisor answers after 2 s and is down (503) for 2 hours on day 5;
- an incident waits 30 minutes for a human (approval, or the next decision); an unknown failure that was held back
  by the cooldown or the rate limit is looked at again when the gate says, within that time, as the operator does.

Contenders, each on the same stream (same seed), every repetition:

- no gate: a call for every failure (what "ask the expensive research about everything" costs: the seed's baseline
  for its claim of 80 % fewer calls);
- analysis only: a call for every failure no pattern explains (the strongest variant without memory);
- the gate (controller/operator/metacognition/advisor_gate.py, exactly as the operator drives it): known patterns
  never, each signature once while its answer is fresh (24 h, the latest 500 answers kept in the policy's
  status.advisor.answers), a call in flight shared, an operator-wide token bucket (30/h, burst 5), exponential
  cooldown after failures;
- the floor: distinct unknown signatures in the stream (no per-signature gate can do with fewer calls);
- what the freshness of answers costs: the same gate keeping answers 7 days, and forever (what-if columns, not
  what the operator runs).

It also times the gate's decision per failure against incident_lifecycle.step for the same incidents (p50/p99, n).

Exits non-zero when an invariant breaks: the gate calls for a known pattern, makes more calls than analysis only,
more than burst + rate x 1 h in any rolling hour, or when its decision p99 is 1 ms or more.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import random
import statistics
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from controller.api.healingpolicy import AdvisorStatus, HealingPolicy  # noqa: E402
from controller.api.incident import Incident  # noqa: E402
from controller.api.selection import ObservedTarget, resolve  # noqa: E402
from controller.escalation.advisor import Answer  # noqa: E402
from controller.escalation.channel import ChannelError  # noqa: E402
from controller.operator.incident_lifecycle import Context, step  # noqa: E402
from controller.operator.metacognition.advisor_gate import (  # noqa: E402
    MAX_ANSWERS,
    AdvisorGate,
    AdvisorLimits,
    answer_kept,
)
from controller.patterns import Classifier  # noqa: E402
from controller.patterns.quality import UNSEEN, load_corpus  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
# Round 5 (unseen5_*.tsv), measured before any tuning on it: 31 of its 236 failure lines matched no pattern (each line
# alone, classify_line). Used only while the unseen split is empty (a retired round's miss rate after tuning says
# nothing about new logs).
LAST_UNSEEN_MISSES = (31, 236)
KINDS = 2_000
ZIPF_S = 1.1
STORMS, STORM_SIZE, STORM_SECONDS = 20, 40, 60.0
ADVISOR_SECONDS = 2.0
OUTAGE_DAY, OUTAGE_HOURS = 5, 2.0
OPEN_SECONDS = 30 * 60.0
T0 = datetime(2026, 12, 1, tzinfo=UTC)
EP = "http://advisor.healing-system:8080/v1/suggest"
ACTIONS = ["restart", "resetFailed"]
TARGET_GATE_P99_US = 1000.0


def unseen_miss_rate() -> tuple[float, int]:
    """(share of the unseen split's failure lines no pattern matches, how many lines) with the real classifier."""
    classifier = Classifier()
    corpus = load_corpus(CORPUS).values()
    lines = [ln for source in corpus for ln in source if ln.split == UNSEEN and ln.label != "none"]
    if not lines:
        missed, total = LAST_UNSEEN_MISSES
        print(f"unseen split empty: u from the last round measured before tuning ({missed}/{total})")
        return missed / total, total
    missed = sum(1 for ln in lines if classifier.classify_line(ln.text) is None)
    return missed / len(lines), len(lines)


@dataclass(frozen=True)
class Failure:
    at: float  # seconds since T0
    kind: int
    unknown: bool


def stream(seed: int, failures: int, days: float, unknown_share: float) -> list[Failure]:
    rng = random.Random(seed)
    unknown = [rng.random() < unknown_share for _ in range(KINDS)]
    ranks = list(range(KINDS))
    rng.shuffle(ranks)  # kind ranks[r] has popularity rank r
    weights = [1.0 / (r + 1) ** ZIPF_S for r in range(KINDS)]
    span = days * 86400.0
    out = [Failure(rng.uniform(0, span), k, unknown[k]) for k in rng.choices(ranks, weights, k=failures)]
    for _ in range(STORMS):
        kind, start = rng.choices(ranks, weights)[0], rng.uniform(0, span - STORM_SECONDS)
        out += [Failure(start + rng.uniform(0, STORM_SECONDS), kind, unknown[kind]) for _ in range(STORM_SIZE)]
    out.sort(key=lambda f: f.at)
    return out


@dataclass
class GateRun:
    made: int = 0
    made_for_known: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failed_calls: int = 0
    unadvised: int = 0  # unknown failures whose incident closed before an answer came
    worst_hour: int = 0
    decision_ns: list[int] = field(default_factory=list)


def replay(failures: list[Failure], limits: AdvisorLimits) -> GateRun:
    """Every failure through the operator's gate, in time order, with the calls' answers and retries."""
    gate, run = AdvisorGate(limits), GateRun()
    status = AdvisorStatus()  # what the operator keeps in the policy's status.advisor
    outage_start = OUTAGE_DAY * 86400.0
    events: list[tuple[float, int, str, object]] = []
    seq = itertools.count()
    for f in failures:
        heapq.heappush(events, (f.at, next(seq), "failure", f))
    waiting: dict[str, set[int]] = {}  # signature -> incidents (failure ids) waiting for the call in flight
    advised: set[int] = set()
    opened: dict[int, float] = {}
    calls: deque[float] = deque()
    while events:
        at, _, what, payload = heapq.heappop(events)
        now = T0 + timedelta(seconds=at)
        if what == "done":
            signature, ok = payload  # type: ignore[misc]
            gate.finished(EP, now, None if ok else ChannelError("503", retryable=True))
            if ok:
                status = answer_kept(status, signature, Answer(action="restart"), ACTIONS, now)[0]
            gate.release("policy", signature)
            for incident in waiting.pop(signature, set()):
                if ok:
                    advised.add(incident)
                else:  # asked again after the cooldown, while it is open
                    heapq.heappush(events, (at + limits.backoff_initial, next(seq), "retry", (incident, signature)))
            continue
        if what == "failure":
            f: Failure = payload  # type: ignore[assignment]
            incident, signature = next(seq), (f"sig-{f.kind}" if f.unknown else None)
            opened[incident] = at
            first = True
        else:
            incident, signature = payload  # type: ignore[misc]
            first = False
            if at - opened[incident] > OPEN_SECONDS or incident in advised:
                continue
        started = time.perf_counter_ns()
        verdict = gate.admit("policy", EP, signature, status.answers, now)
        if first:
            run.decision_ns.append(time.perf_counter_ns() - started)
            run.outcomes[verdict.outcome] += 1
        if signature is None:
            continue
        if verdict.outcome == "made":
            run.made += 1
            run.made_for_known += 0 if signature.startswith("sig-") else 1
            calls.append(at)
            while calls[0] <= at - 3600:
                calls.popleft()
            run.worst_hour = max(run.worst_hour, len(calls))
            ok = not outage_start <= at + ADVISOR_SECONDS < outage_start + OUTAGE_HOURS * 3600
            run.failed_calls += 0 if ok else 1
            waiting.setdefault(signature, set()).add(incident)
            heapq.heappush(events, (at + ADVISOR_SECONDS, next(seq), "done", (signature, ok)))
        elif verdict.outcome == "avoided_cache":
            if verdict.cached is None:
                waiting.setdefault(signature, set()).add(incident)
            else:
                advised.add(incident)
        elif verdict.retry_at is not None:
            retry = (verdict.retry_at - T0).total_seconds()
            heapq.heappush(events, (retry, next(seq), "retry", (incident, signature)))
    run.unadvised = sum(1 for i in opened if i not in advised) - run.outcomes["avoided_known_pattern"]
    return run


def time_step(samples: int) -> list[int]:
    """incident_lifecycle.step for an unknown failure under a policy with an advisor: the decision the gate joins."""
    policy = HealingPolicy.model_validate({
        "metadata": {"name": "bench", "generation": 1},
        "spec": {"targets": [{"kind": "systemd", "match": "*.service"}], "actions": ACTIONS,
                 "escalation": {"advisor": {"url": EP}}},
    })
    match = resolve([policy], {}, ObservedTarget("systemd", "worker.service"))
    incident = Incident.model_validate({
        "metadata": {"name": "bench-1", "uid": "0123abcd-1", "generation": 1, "resourceVersion": "1"},
        "spec": {"node": "n1", "target": {"kind": "systemd", "name": "worker.service"}, "serviceType": "systemd",
                 "failure": "sig-7f3a9c0b1d2e"},
        "status": {"detection": {"signature": "7f3a9c0b1d2e", "occurrences": 1, "firstSeen": T0.isoformat(),
                                 "lastSeen": T0.isoformat()}},
    })
    out = []
    for i in range(samples):
        started = time.perf_counter_ns()
        step(incident, Context(match=match), T0 + timedelta(seconds=i))
        out.append(time.perf_counter_ns() - started)
    return out


def pct(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", type=int, default=50_000)
    parser.add_argument("--days", type=float, default=14.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    limits = AdvisorLimits()
    share, corpus_lines = unseen_miss_rate()
    n = args.failures + STORMS * STORM_SIZE
    print(f"stream: n = {n:,} failures per run ({args.failures:,} over {args.days:g} days + {STORMS} storms of "
          f"{STORM_SIZE} in {STORM_SECONDS:g} s), {KINDS:,} kinds, Zipf s = {ZIPF_S}, unknown share u = {share:.1%} "
          f"(classifier misses on {corpus_lines} failure lines of the unseen corpus split); advisor answers in "
          f"{ADVISOR_SECONDS:g} s, down {OUTAGE_HOURS:g} h on day {OUTAGE_DAY}; incidents open "
          f"{OPEN_SECONDS / 60:g} min")
    print(f"gate: {limits.calls_per_hour:g} calls/h, burst {limits.burst}, cooldown {limits.backoff_initial:g} s "
          f"doubling to {limits.backoff_max:g} s, answers kept {limits.cache_ttl / 3600:g} h (latest {MAX_ANSWERS}); "
          f"{args.repeat} repetitions (seeds 1..{args.repeat}), every contender on the same stream\n")
    header = (f"{'seed':>4} {'no gate':>9} {'analysis':>9} {'gate':>6} {'floor':>6} {'fewer vs none':>14} "
              f"{'fewer vs analysis':>18} {'failed':>7} {'worst hour':>11} {'unadvised':>10} {'ttl 7d':>7} "
              f"{'ttl inf':>8}  avoided by")
    print(header)
    reductions, vs_analysis, problems = [], [], []
    gate_ns: list[int] = []
    for seed in range(1, args.repeat + 1):
        failures = stream(seed, args.failures, args.days, share)
        analysis = sum(1 for f in failures if f.unknown)
        floor = len({f.kind for f in failures if f.unknown})
        run = replay(failures, limits)
        week = replay(failures, replace(limits, cache_ttl=7 * 86400.0)).made
        forever = replay(failures, replace(limits, cache_ttl=float("inf"))).made
        gate_ns += run.decision_ns
        reductions.append(1 - run.made / len(failures))
        vs_analysis.append(1 - run.made / analysis)
        avoided = ", ".join(f"{k.removeprefix('avoided_')} {v:,}" for k, v in sorted(run.outcomes.items())
                            if k != "made")
        print(f"{seed:>4} {len(failures):>9,} {analysis:>9,} {run.made:>6,} {floor:>6,} {reductions[-1]:>14.1%} "
              f"{vs_analysis[-1]:>18.1%} {run.failed_calls:>7} {run.worst_hour:>11} {run.unadvised:>10,} "
              f"{week:>7,} {forever:>8,}  {avoided}")
        if run.made_for_known:
            problems.append(f"seed {seed}: {run.made_for_known} calls for known patterns")
        if run.made > analysis:
            problems.append(f"seed {seed}: the gate made more calls ({run.made}) than analysis only ({analysis})")
        if run.worst_hour > limits.burst + limits.calls_per_hour:
            problems.append(f"seed {seed}: {run.worst_hour} calls in one hour (limit {limits.burst} + "
                            f"{limits.calls_per_hour:g})")
    print(f"\nfewer calls than no gate: mean {statistics.mean(reductions):.1%} (min {min(reductions):.1%}, max "
          f"{max(reductions):.1%}, {args.repeat} runs of n = {n:,}); the seed claimed 80 %")
    print(f"fewer calls than analysis only: mean {statistics.mean(vs_analysis):.1%} (min {min(vs_analysis):.1%}, "
          f"max {max(vs_analysis):.1%})")
    step_ns = time_step(len(gate_ns) // args.repeat)
    p99 = pct(gate_ns, 0.99)
    print(f"gate decision per failure: p50 {pct(gate_ns, 0.5):.1f} us, p99 {p99:.1f} us (n = {len(gate_ns):,}); "
          f"incident_lifecycle.step of the same kind of incident: p50 {pct(step_ns, 0.5):.1f} us, p99 "
          f"{pct(step_ns, 0.99):.1f} us (n = {len(step_ns):,})")
    if p99 >= TARGET_GATE_P99_US:
        problems.append(f"gate decision p99 {p99:.0f} us >= {TARGET_GATE_P99_US:g} us")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
