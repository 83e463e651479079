"""Do the rules or a learned model generalise to software nobody tuned on? Measured round by round, in one run.

    .venv/bin/python bench/bench_generalisation.py [--rounds 13-25] [--json FILE]

Needs the repository's git history (each round's rules are checked out as they were) and scikit-learn
(`pip install -e '.[model]'`; `make bench` installs it).

For every unseen round k of the corpus (tests/data/corpus/unseenK_*.tsv; round 13 to the latest by default), the same
lines are classified by:

- **rules as landed**: the pattern library at the commit that added round k's file, i.e. what was measured on
  landing, before anyone tuned on round k. The commit is checked out with `git worktree add --detach` into a
  temporary directory and run in a subprocess with that tree first on `sys.path`; excerpts are classified in order
  with `Classifier.classify_lines` (the agent's path, context rules included), as `quality.evaluate` does;
- **model**: the classifier's line model (controller/patterns/line_model.py, the code the agent runs: hashed
  character 3-5-grams and word 1-2-grams, TF-IDF, a linear SVM with int8 weights) trained only on what the library had
  seen before round k (the tuned sources and the rounds before k, with today's labels). A line is flagged with the
  model's top class when that class is not `none` and its margin is positive. Features, weighting and classifier were
  fixed before the first run and not tuned on these rounds (the line cut and bucket count were set later, for the
  agent's speed and memory);
- **rules, then model**: the rules' verdict, or the model's where the rules say nothing;
- **agreement**: a verdict only where rules and model name the same pattern.

Scored against the first labelling (precision, recall, benign lines flagged, invasive precision), per round and
pooled; then every line is put in one bucket (both name the same pattern, they differ, rules only, model only,
neither) with how often each side is right there. Rounds labelled a second time (tests/data/corpus/second) are also
scored on the lines both readers agree on.

Last, the same contenders on software the library knows: the held part of the tuned sources (every 5th line, see
`quality.CorpusLine.split`), classified by today's library and by a model trained on the dev lines and the retired
rounds: what asking for agreement would cost where the rules are right.

Targets: none; this is a measurement. Exits non-zero only if a round's rules-as-landed could not be run.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from controller.patterns import train_line_model  # noqa: E402
from controller.patterns.quality import (  # noqa: E402
    INVASIVE,
    NONE,
    RETIRED,
    CorpusLine,
    Figures,
    _blocks,
    load_corpus,
    load_second_labels,
    pooled,
)

CORPUS = REPO / "tests" / "data" / "corpus"
_ROUND = re.compile(r"^# split: \w+ \(round ([0-9]+)", re.M)
CONTENDERS = ("rules as landed", "model", "rules, then model", "agreement")
BUCKETS = ("both name the same pattern", "they differ", "rules only", "model only", "neither")

# Run inside the checked-out tree: classify one corpus file's excerpts with that tree's library.
_CLASSIFY_AS_LANDED = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from controller.patterns import Classifier
from controller.patterns.quality import _blocks, load_corpus
lines = load_corpus(Path(sys.argv[2]))[sys.argv[3]]
classifier = Classifier()
out = []
for block in _blocks(lines):
    out += [v.pattern if v else None for v in classifier.classify_lines([ln.text for ln in block])]
print(json.dumps(out))
"""


def round_of_sources(directory: Path) -> dict[str, int]:
    """{source: the round it was unseen in} for every whole-source part; 0 for the tuned sources."""
    rounds = {}
    for path in sorted(directory.glob("*.tsv")):
        found = _ROUND.search(path.read_text(encoding="utf-8"))
        rounds[path.stem] = int(found.group(1)) if found else 0
    return rounds


def training_lines(corpus: dict[str, list[CorpusLine]], rounds: dict[str, int], k: int) -> list[CorpusLine]:
    """What the library had seen before round k: the tuned sources and the rounds before k (never k or later)."""
    return [line for name, lines in corpus.items() if rounds[name] < k for line in lines]


def train_and_predict(train: Sequence[CorpusLine], test: Sequence[CorpusLine]) -> list[str | None]:
    """The shipped line model's code (controller/patterns/line_model.py), trained on `train` only."""
    model = train_line_model.train(train)
    return [model.predict(line.text) for line in test]


def landing_commit(source: str) -> str:
    path = (CORPUS / f"{source}.tsv").relative_to(REPO)
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.strip()
    if shallow == "true":  # the graft commit would look like the one that added every file
        raise SystemExit("the clone is shallow: run 'git fetch --unshallow' first (each round's rules are checked out "
                         "from the commit that added its corpus file)")
    found = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", str(path)], cwd=REPO,
                           capture_output=True, text=True, check=True).stdout.split()
    if not found:
        raise SystemExit(f"{path}: no commit adds it; run this in a clone with the repository's history")
    return found[-1]


def rules_as_landed(source: str, scratch: Path) -> list[str | None]:
    commit = landing_commit(source)
    tree = scratch / f"tree-{source}"
    subprocess.run(["git", "worktree", "add", "--quiet", "--detach", str(tree), commit], cwd=REPO, check=True)
    try:
        # Today's copy of the file (today's labels and lines), read by that tree's loader.
        one = scratch / f"corpus-{source}"
        one.mkdir()
        (one / f"{source}.tsv").write_bytes((CORPUS / f"{source}.tsv").read_bytes())
        done = subprocess.run([sys.executable, "-c", _CLASSIFY_AS_LANDED, str(tree), str(one), source],
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=False)


def counts(f: Figures) -> dict[str, int]:
    """The figures of one contender as plain counts (pooled, printed and written to --json)."""
    return {
        "right": sum(f.correct.values()), "flagged": sum(f.flagged.values()), "failures": sum(f.labelled.values()),
        "benign": f.benign, "benign_flagged": f.benign_flagged,
        "invasive_right": sum(f.correct[p] for p in INVASIVE), "invasive_flagged": sum(f.flagged[p] for p in INVASIVE),
    }


def describe(f: Figures) -> str:
    c = counts(f)
    p = c["right"] / c["flagged"] if c["flagged"] else 0.0
    r = c["right"] / c["failures"] if c["failures"] else 0.0
    inv = f"{c['invasive_right']}/{c['invasive_flagged']}" if c["invasive_flagged"] else "-"
    return (f"P {c['right']}/{c['flagged']} = {p:.3f}  R {c['right']}/{c['failures']} = {r:.3f}  "
            f"benign {c['benign_flagged']} of {c['benign']}  invasive {inv}")


@dataclass
class Bucket:
    lines: int = 0
    failures: int = 0
    rules_right: int = 0
    model_right: int = 0


@dataclass
class RoundResult:
    round: int
    source: str
    scores: dict[str, Figures] = field(default_factory=lambda: {c: Figures() for c in CONTENDERS})
    agreed: dict[str, Figures] = field(default_factory=lambda: {c: Figures() for c in CONTENDERS})
    buckets: dict[str, Bucket] = field(default_factory=lambda: {b: Bucket() for b in BUCKETS})


def bucket_of(rules: str | None, model: str | None) -> str:
    if rules and model:
        return BUCKETS[0] if rules == model else BUCKETS[1]
    return BUCKETS[2] if rules else BUCKETS[3] if model else BUCKETS[4]


def score_round(k: int, source: str, lines: Sequence[CorpusLine], rules: Sequence[str | None],
                model: Sequence[str | None], second: dict[int, str] | None) -> RoundResult:
    result = RoundResult(k, source)
    for line, by_rules, by_model in zip(lines, rules, model, strict=True):
        verdicts = {
            "rules as landed": by_rules,
            "model": by_model,
            "rules, then model": by_rules or by_model,
            "agreement": by_rules if by_rules == by_model else None,
        }
        for name, got in verdicts.items():
            result.scores[name].add(line, got)
            if second is not None and second[line.index] == line.label:
                result.agreed[name].add(line, got)
        bucket = result.buckets[bucket_of(by_rules, by_model)]
        bucket.lines += 1
        bucket.failures += line.label != NONE
        bucket.rules_right += by_rules is not None and by_rules == line.label
        bucket.model_right += by_model is not None and by_model == line.label
    return result


def held_part(corpus: dict[str, list[CorpusLine]], rounds: dict[str, int]) -> RoundResult:
    """Today's library and a model trained on dev and the retired rounds, on the held lines of the tuned sources."""
    from controller.patterns import Classifier

    classifier = Classifier()
    held: list[CorpusLine] = []
    by_rules: list[str | None] = []
    for name, lines in corpus.items():
        if rounds[name] != 0:
            continue
        for block in _blocks(lines):
            verdicts = classifier.classify_lines([line.text for line in block])
            for line, verdict in zip(block, verdicts, strict=True):
                if line.split == "held":
                    held.append(line)
                    by_rules.append(verdict.pattern if verdict else None)
    train = [line for name, lines in corpus.items() for line in lines
             if (rounds[name] == 0 and line.split == "dev") or (rounds[name] and lines[0].part == RETIRED)]
    return score_round(0, "held", held, by_rules, train_and_predict(train, held), None)


def parse_rounds(text: str, latest: int) -> range:
    """FIRST-LAST, FIRST- (to the latest round) or one round."""
    first, dash, last = text.partition("-")
    return range(int(first), (int(last) if last else latest if dash else int(first)) + 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", default="13-",
                        help="unseen rounds to measure, FIRST-LAST or FIRST- (default 13 to the latest)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    corpus = load_corpus(CORPUS)
    rounds = round_of_sources(CORPUS)
    second = load_second_labels(CORPUS, corpus)
    results: list[RoundResult] = []
    with tempfile.TemporaryDirectory(prefix="bench-generalisation-") as scratch:
        for k in parse_rounds(args.rounds, max(rounds.values())):
            sources = [name for name, r in rounds.items() if r == k]
            if not sources:
                raise SystemExit(f"round {k}: no corpus file says '# split: ... (round {k}'")
            train = training_lines(corpus, rounds, k)
            for source in sources:
                started = time.monotonic()
                lines = corpus[source]
                by_rules = rules_as_landed(source, Path(scratch))
                if len(by_rules) != len(lines):
                    raise SystemExit(f"{source}: the landed library returned {len(by_rules)} verdicts for "
                                     f"{len(lines)} lines")
                by_model = train_and_predict(train, lines)
                results.append(score_round(k, source, lines, by_rules, by_model, second.get(source)))
                print(f"round {k} {source}: {len(lines)} lines, model trained on {len(train)} "
                      f"({time.monotonic() - started:.0f} s)", flush=True)
                for name in CONTENDERS:
                    print(f"  {name:18} {describe(results[-1].scores[name])}")
    report(results)
    held = held_part(corpus, rounds)
    print("\nthe held part of the tuned sources (software the library knows), today's library and a model trained on "
          "dev and the retired rounds:")
    for name in CONTENDERS:
        print(f"  {name.replace('as landed', 'today'):18} {describe(held.scores[name])}")
    if args.json:
        args.json.write_text(json.dumps([{"round": r.round, "source": r.source,
                                          "scores": {n: counts(s) for n, s in r.scores.items()}} for r in results],
                                         indent=1))
    return 0


def report(results: Sequence[RoundResult]) -> None:
    first, last = results[0].round, results[-1].round
    print(f"\npooled over rounds {first}-{last} ({len(results)} sources), against the first labelling:")
    for name in CONTENDERS:
        print(f"  {name:18} {describe(pooled(r.scores[name] for r in results))}")
    with_second = [r for r in results if r.agreed["model"].lines]
    if with_second:
        print(f"on the lines both readers agree on ({len(with_second)} rounds labelled twice):")
        for name in CONTENDERS:
            print(f"  {name:18} {describe(pooled(r.agreed[name] for r in with_second))}")
    print("every line in one bucket (pooled):")
    totals: Counter[tuple[str, str]] = Counter()
    for r in results:
        for name, b in r.buckets.items():
            totals.update({(name, key): value for key, value in vars(b).items()})
    for name in BUCKETS:
        lines, fails = totals[(name, "lines")], totals[(name, "failures")]
        print(f"  {name:26} {lines:6} lines, {fails:5} failures; rules right on {totals[(name, 'rules_right')]:5}, "
              f"model right on {totals[(name, 'model_right')]:5}")


if __name__ == "__main__":
    sys.exit(main())
