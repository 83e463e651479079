"""Throughput of the pattern classifier against a naive Python `re` loop and GNU grep, on one file.

    .venv/bin/python bench/bench_patterns.py [--lines N] [--keep FILE]

Generates a realistic mixed log (default 2,000,000 lines, ~2% failures taken from the labelled corpus,
the rest benign lines including the tricky negatives), then measures in the same run:

Every contender runs REPEAT times; best and median of the same N are reported:

- buffer scan: `Classifier.scan_buffer` over the whole file (read included), the fast path;
- buffer scan with context: what `healing analyze` scans with (`analyze.scan_stream`: 8 MB blocks,
  `Classifier.scan_buffer_in_context` applying the agent's context rules to the lines that matched),
  without formatting the output;
- line path: `Classifier.classify_line` per line (on a sample);
- naive re: every library regex with Python `re` per line (on a sample; the baseline);
- grep, every variant measured (LC_ALL=C): caseless regexes folded to `[aA]` in one `grep -E -c`; the
  same patterns split into a case-sensitive `grep -E` and a caseless `grep -iE` run (time = both runs);
  everything caseless in one `grep -iE -c` (fastest, not the same answer); and, for the same answer as
  the classifier, `grep -E -f <patterns> | grep -v -c -E -f <vetoes>`.

It also classifies 50-line failure windows (`Classifier.classify`, the agent's per-failure path) and
reports p50/p99 with n, and prints the quality figures on the labelled corpus (tests/data/corpus), with the
agreement of the two independent labellings of the sources that have a second one (tests/data/corpus/second).

Exits non-zero if the buffer scan (with or without context) is below 1,000,000 lines/s or the buffer scan
is slower than the fastest grep variant,
if the line counts of the buffer scan and the grep pipeline differ, if Hyperscan and Python `re`
disagree on a sample, if the per-failure p99 is 5 ms or more, or if a corpus quality target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from controller.patterns import Classifier, library  # noqa: E402
from controller.patterns.analyze import scan_stream  # noqa: E402
from controller.patterns.ere import to_ere  # noqa: E402
from controller.patterns.quality import (  # noqa: E402
    agreement,
    evaluate,
    format_agreement,
    format_report,
    load_corpus,
    load_second_labels,
)

CORPUS = ROOT / "tests" / "data" / "logs"
TARGET_LINES_PER_S = 1_000_000
LINE_SAMPLE = 200_000
NAIVE_SAMPLE = 20_000
REPEAT = 3
WINDOW_LINES = 50
WINDOWS = 2_000
TARGET_WINDOW_P99_MS = 5.0
QUALITY_CORPUS = ROOT / "tests" / "data" / "corpus"


def _benign_pool(rng: random.Random, size: int) -> list[str]:
    paths = ["/", "/api/v1/orders", "/api/v1/users/42", "/static/app.js", "/healthz", "/metrics", "/login"]
    agents = ["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "kube-probe/1.29", "python-requests/2.32"]
    units = ["nginx.service", "postgresql.service", "app.service", "redis-server.service", "docker.service"]
    words = ["order", "user", "session", "cache", "invoice", "report", "job", "batch", "queue", "index"]
    negatives = (CORPUS / "negative.log").read_text().splitlines()

    def access() -> str:
        ip = ".".join(str(rng.randrange(1, 255)) for _ in range(4))
        return (f'{ip} - - [26/Nov/2024:05:{rng.randrange(60):02d}:{rng.randrange(60):02d} +0000] '
                f'"{rng.choice(["GET", "POST", "PUT"])} {rng.choice(paths)} HTTP/1.1" '
                f'{rng.choice([200, 200, 200, 201, 204, 301, 304, 404])} {rng.randrange(50, 90000)} "-" '
                f'"{rng.choice(agents)}"')

    def app() -> str:
        return (f"2024-11-26 05:{rng.randrange(60):02d}:{rng.randrange(60):02d},{rng.randrange(1000):03d} "
                f"{rng.choice(['INFO ', 'DEBUG', 'INFO ', 'WARN '])} [{rng.choice(words)}-worker-{rng.randrange(16)}] "
                f"processed {rng.choice(words)} id={rng.randrange(10**6)} in {rng.randrange(1, 900)}ms "
                f"(queue depth {rng.randrange(100)}, connection_timeout=30)")

    def journal() -> str:
        return (f"Nov 26 05:{rng.randrange(60):02d}:{rng.randrange(60):02d} node-{rng.randrange(9)} systemd[1]: "
                f"{rng.choice(['Started', 'Reloaded', 'Stopping', 'Finished'])} {rng.choice(units)}.")

    def jsonlog() -> str:
        return (f'{{"level":"info","ts":{1732599331 + rng.random():.3f},"caller":"server/http.go:{rng.randrange(400)}",'
                f'"msg":"request served","method":"GET","path":"{rng.choice(paths)}","status":200,'
                f'"duration_ms":{rng.randrange(1, 500)}}}')

    makers: list[Callable[[], str]] = [access, access, access, app, app, journal, jsonlog]
    return [rng.choice(makers)() for _ in range(size)] + negatives


def _failure_pool() -> list[str]:
    return [line for f in sorted((CORPUS / "positive").glob("*.log")) for line in f.read_text().splitlines()]


def generate(path: Path, lines: int, failure_rate: float = 0.02, seed: int = 42) -> None:
    rng = random.Random(seed)
    benign, failures = _benign_pool(rng, 20_000), _failure_pool()
    n_fail = int(lines * failure_rate)
    chosen = rng.choices(benign, k=lines - n_fail) + rng.choices(failures, k=n_fail)
    rng.shuffle(chosen)
    path.write_text("\n".join(chosen) + "\n")


def export_ere(directory: Path, fold_case: bool = True) -> tuple[Path, Path, list[str]]:
    """Write the library as grep -E pattern files (positives, vetoes); return them and what could not go.

    With `fold_case`, caseless regexes become `[aA]` brackets (exact); without, the case is left to
    `grep -i` (faster for grep, but then every regex is caseless: not the same answer).
    """
    pos, skipped = [], []
    for pdef in library.PATTERNS:
        for rx in pdef.regexes:
            try:
                pos.append(to_ere(rx.regex, rx.caseless and fold_case))
            except ValueError as exc:
                skipped.append(f"{pdef.id}: {rx.regex} ({exc})")
    veto = [to_ere(rx.regex, rx.caseless and fold_case) for rx in library.VETOES]
    suffix = "" if fold_case else "-nocase"
    pos_file, veto_file = directory / f"patterns{suffix}.ere", directory / f"vetoes{suffix}.ere"
    pos_file.write_text("\n".join(pos) + "\n")
    veto_file.write_text("\n".join(veto) + "\n")
    return pos_file, veto_file, skipped


def export_split(directory: Path) -> tuple[Path, Path]:
    """The library as two grep pattern files: case-sensitive regexes and caseless ones (for `grep -iE`)."""
    exact = [to_ere(rx.regex) for p in library.PATTERNS for rx in p.regexes if not rx.caseless]
    caseless = [to_ere(rx.regex) for p in library.PATTERNS for rx in p.regexes if rx.caseless]
    exact_file, caseless_file = directory / "exact.ere", directory / "caseless.ere"
    exact_file.write_text("\n".join(exact) + "\n")
    caseless_file.write_text("\n".join(caseless) + "\n")
    return exact_file, caseless_file


def _timed(fn: Callable[[], int], repeat: int = REPEAT) -> tuple[float, float, int]:
    """(best, median, result) of `repeat` runs; every contender gets the same `repeat`."""
    times, result = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--keep", type=Path, help="write the generated log here and keep it")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-patterns-") as tmp:
        tmpdir = Path(tmp)
        log = args.keep or tmpdir / "mixed.log"
        t_gen, _, _ = _timed(lambda: generate(log, args.lines) or 0, repeat=1)
        size_mb = log.stat().st_size / 1e6
        print(f"generated {args.lines:,} lines ({size_mb:.0f} MB) in {t_gen:.1f}s: {log}")

        t_compile, _, _ = _timed(lambda: len(Classifier().user_patterns), repeat=1)
        classifier = Classifier()
        # Warm up once, as a long-running agent is: first-touch page faults of the database and scratch.
        sum(1 for _ in classifier.scan_buffer(log.read_bytes()[: 1 << 20]))
        n_regex = sum(len(p.regexes) for p in library.PATTERNS)

        def buffer_scan() -> int:
            with open(log, "rb") as f:
                data = f.read()
            return sum(1 for _ in classifier.scan_buffer(data))

        t_buf, m_buf, n_buf = _timed(buffer_scan)
        buf_rate = args.lines / t_buf

        def buffer_scan_in_context() -> int:
            with open(log, "rb") as f:
                return sum(len(hits) for *_, hits in scan_stream(classifier, f))

        t_ctx, m_ctx, n_ctx = _timed(buffer_scan_in_context)
        ctx_rate = args.lines / t_ctx

        with open(log, encoding="utf-8", errors="replace") as f:
            sample = [next(f).rstrip("\n") for _ in range(min(args.lines, LINE_SAMPLE))]

        t_line, m_line, n_line = _timed(lambda: sum(1 for line in sample if classifier.classify_line(line)))
        line_rate = len(sample) / t_line

        regexes = [re.compile(rx.regex, re.ASCII | (re.I if rx.caseless else 0))
                   for p in library.PATTERNS for rx in p.regexes]
        vetoes = [re.compile(rx.regex, re.ASCII | (re.I if rx.caseless else 0)) for rx in library.VETOES]
        naive_sample = sample[:NAIVE_SAMPLE]

        def naive() -> int:
            return sum(1 for line in naive_sample
                       if any(r.search(line) for r in regexes) and not any(v.search(line) for v in vetoes))

        t_naive, m_naive, n_naive = _timed(naive)
        naive_rate = len(naive_sample) / t_naive

        pos_file, veto_file, skipped = export_ere(tmpdir)
        env = {**os.environ, "LC_ALL": "C"}

        def grep_count() -> int:
            out = subprocess.run(["grep", "-E", "-c", "-f", str(pos_file), str(log)], env=env,
                                 capture_output=True, text=True, check=False)
            return int(out.stdout.strip() or 0)

        def grep_pipeline() -> int:
            cmd = f"grep -E -f {pos_file} {log} | grep -v -c -E -f {veto_file}"
            out = subprocess.run(["sh", "-c", cmd], env=env, capture_output=True, text=True, check=False)
            return int(out.stdout.strip() or 0)

        nocase_file, _, _ = export_ere(tmpdir, fold_case=False)

        def grep_i_count() -> int:
            out = subprocess.run(["grep", "-E", "-i", "-c", "-f", str(nocase_file), str(log)], env=env,
                                 capture_output=True, text=True, check=False)
            return int(out.stdout.strip() or 0)

        exact_file, caseless_file = export_split(tmpdir)

        def grep_split() -> int:
            """Case-sensitive and caseless patterns in two runs (no bracket folding); answer = union of lines."""
            hits: set[str] = set()
            for flags, patterns in (("-nE", exact_file), ("-inE", caseless_file)):
                out = subprocess.run(["grep", flags, "-f", str(patterns), str(log)], env=env,
                                     capture_output=True, text=True, check=False)
                hits.update(line.partition(":")[0] for line in out.stdout.splitlines())
            return len(hits)

        def grep_split_scan_only() -> int:
            """The two runs of the split variant counting only (grep's own time, without Python's union)."""
            total = 0
            for flags, patterns in (("-cE", exact_file), ("-icE", caseless_file)):
                out = subprocess.run(["grep", flags, "-f", str(patterns), str(log)], env=env,
                                     capture_output=True, text=True, check=False)
                total += int(out.stdout.strip() or 0)
            return total

        t_grep, m_grep, n_grep = _timed(grep_count)
        t_split, m_split, _ = _timed(grep_split_scan_only)
        n_split = grep_split()
        t_pipe, m_pipe, n_pipe = _timed(grep_pipeline)
        t_grep_i, m_grep_i, n_grep_i = _timed(grep_i_count)
        grep_rate, pipe_rate = args.lines / t_grep, args.lines / t_pipe
        t_grep_best = min(t_grep, t_split, t_grep_i)

        windows = [sample[i:i + WINDOW_LINES] for i in range(0, WINDOWS * WINDOW_LINES, WINDOW_LINES)
                   if len(sample[i:i + WINDOW_LINES]) == WINDOW_LINES]
        window_ms = []
        for window in windows:
            t0 = time.perf_counter()
            classifier.classify(window)
            window_ms.append((time.perf_counter() - t0) * 1000)
        window_ms.sort()
        p50, p99 = window_ms[len(window_ms) // 2], window_ms[int(len(window_ms) * 0.99) - 1]

        buffer_on_sample = sum(1 for no, _, _ in classifier.scan_buffer(
            ("\n".join(sample) + "\n").encode("utf-8", "surrogateescape")))
        disagreements = classifier.verify(sample[:20_000])

    rows = [
        ("buffer scan (Hyperscan, whole file)", args.lines, t_buf, m_buf, n_buf),
        ("buffer scan + context (healing analyze)", args.lines, t_ctx, m_ctx, n_ctx),
        ("line path (classify_line, sample)", len(sample), t_line, m_line, n_line),
        ("naive Python re loop (sample)", len(naive_sample), t_naive, m_naive, n_naive),
        ("grep -E -c, [aA] folding (positives)", args.lines, t_grep, m_grep, n_grep),
        ("grep -E + grep -iE, split (positives)", args.lines, t_split, m_split, n_split),
        ("grep -E | grep -vc (with vetoes)", args.lines, t_pipe, m_pipe, n_pipe),
        ("grep -E -i -c (all caseless, not same)", args.lines, t_grep_i, m_grep_i, n_grep_i),
    ]
    print(f"\n{n_regex} regexes + {len(library.VETOES)} vetoes, compiled in {t_compile * 1000:.0f} ms; "
          f"{os.cpu_count()} CPUs; every method best and median of n={REPEAT} runs\n")
    print(f"{'method':<40} {'lines':>10} {'best s':>8} {'median s':>9} {'lines/s (best)':>15} {'matched':>9}")
    for name, n, t, med, matched in rows:
        print(f"{name:<40} {n:>10,} {t:>8.3f} {med:>9.3f} {n / t:>15,.0f} {matched:>9,}")
    print(f"\nbuffer scan with context: {ctx_rate / buf_rate:.2f}x the plain buffer scan's rate, "
          f"{n_buf - n_ctx:,} of {n_buf:,} matched lines dropped by the context rules")
    print(f"buffer scan vs naive re: {buf_rate / naive_rate:,.0f}x; vs line path: {buf_rate / line_rate:.1f}x; "
          f"vs grep -E -c: {buf_rate / grep_rate:.2f}x; vs grep pipeline: {buf_rate / pipe_rate:.2f}x; "
          f"vs grep -E -i: {t_grep_i / t_buf:.2f}x; vs split grep: {t_split / t_buf:.2f}x")
    print(f"per-failure classification (classify, {WINDOW_LINES} lines): p50 {p50:.2f} ms, p99 {p99:.2f} ms "
          f"(n={len(window_ms)} windows)")
    corpus = load_corpus(QUALITY_CORPUS)
    quality = evaluate(classifier, corpus)
    print("\nquality on the labelled corpus (precision P, recall R; held = every 5th line of a tuned source, "
          "unseen = sources never used for tuning; retired = unseen parts of earlier rounds, tuned on since):")
    print(format_report(quality, corpus))
    if not quality["unseen"].lines:
        print("unseen part: empty (the last round was retired after it was measured; the next one is not in yet), "
              "so nothing here measures generalisation")
    second = load_second_labels(QUALITY_CORPUS, corpus)
    if second:
        print("\nhow far the labels can be trusted (a second reader labelled these sources independently):")
        print(format_agreement(agreement(classifier, corpus, second)))
    print("ERE export: " + ("every regex expressed (\\b kept as GNU extension)" if not skipped
                            else f"{len(skipped)} not expressible: " + "; ".join(skipped)))

    failures = []
    if buf_rate < TARGET_LINES_PER_S:
        failures.append(f"buffer scan {buf_rate:,.0f} lines/s < {TARGET_LINES_PER_S:,}")
    if ctx_rate < TARGET_LINES_PER_S:
        failures.append(f"buffer scan with context {ctx_rate:,.0f} lines/s < {TARGET_LINES_PER_S:,}")
    if t_buf > t_grep_best:
        failures.append(f"buffer scan ({t_buf:.3f}s) slower than the fastest grep variant ({t_grep_best:.3f}s)")
    if p99 >= TARGET_WINDOW_P99_MS:
        failures.append(f"per-failure classification p99 {p99:.2f} ms >= {TARGET_WINDOW_P99_MS} ms")
    for split in ("dev", "held"):
        failures += [f"corpus {split}: {problem}" for problem in quality[split].failures()]
    # The unseen part (never used for tuning) is judged by the same targets: it is what a new user's logs look like
    # (docs/patterns.md states the gap). Retired parts are reported only (they were tuned on).
    failures += [f"corpus unseen: {problem}" for problem in quality["unseen"].failures()]
    if n_buf != n_pipe:
        failures.append(f"buffer scan matched {n_buf:,} lines, grep pipeline {n_pipe:,}")
    if n_line != buffer_on_sample or n_naive != sum(1 for _ in classifier.scan_buffer(
            ("\n".join(naive_sample) + "\n").encode("utf-8", "surrogateescape"))):
        failures.append("line path / naive re / buffer scan disagree on the sample")
    if disagreements:
        failures.append(f"Hyperscan and Python re disagree on {len(disagreements)} sample lines, "
                        f"e.g. {disagreements[0]}")
    for f in failures:
        print(f"FAIL: {f}")
    if not failures:
        print("OK: all targets met, all methods agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
