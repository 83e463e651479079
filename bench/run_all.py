"""Run every benchmark in bench/ (each prints its figures and the baseline measured in the same run)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    bench_dir = Path(__file__).resolve().parent
    scripts = sorted(p for p in bench_dir.glob("bench_*.py"))
    if len(sys.argv) > 1:
        scripts = [p for p in scripts if any(word in p.name for word in sys.argv[1:])]
    failed: list[str] = []
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script)], cwd=bench_dir.parent, check=False)
        print(f"--- {script.name}: exit {result.returncode} in {time.monotonic() - started:.1f}s", flush=True)
        if result.returncode != 0:
            failed.append(script.name)
    print(f"\n{len(scripts) - len(failed)} benchmarks met their targets, {len(failed)} did not: {failed or ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
