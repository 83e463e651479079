"""bench/bench_generalisation.py's bookkeeping: which round a source belongs to, no leakage of a round into the model
that is measured on it, and how verdicts are combined and bucketed (the model itself needs scikit-learn and runs in the
benchmark)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from controller.patterns.quality import CorpusLine, load_corpus

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_generalisation", REPO / "bench" / "bench_generalisation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_source_has_the_round_it_was_unseen_in(bench) -> None:
    rounds = bench.round_of_sources(CORPUS)
    assert rounds["loghub_linux"] == 0 and rounds["doc_nginx"] == 0  # tuned sources
    assert rounds["beats_daemons"] == 1 and rounds["loghub_windows"] == 1
    assert rounds["unseen2_lnav"] == 2 and rounds["unseen9_k8s"] == 9
    assert rounds["unseen24_issues"] == 24
    assert {r for r in rounds.values()} >= set(range(25))


def test_the_model_for_round_k_never_sees_round_k_or_later(bench) -> None:
    corpus = load_corpus(CORPUS)
    rounds = bench.round_of_sources(CORPUS)
    train = bench.training_lines(corpus, rounds, 20)
    sources = {line.source for line in train}
    assert not any(rounds[s] >= 20 for s in sources)
    assert {"unseen19_issues", "loghub_linux", "beats_daemons"} <= sources
    assert len(train) == sum(len(lines) for name, lines in corpus.items() if rounds[name] < 20)


def test_verdicts_are_combined_and_bucketed_line_by_line(bench) -> None:
    labels = ["disk_full", "none", "process_crash", "none", "connection_refused", "out_of_memory"]
    lines = [CorpusLine("unseen99_x", i, label, f"line {i}") for i, label in enumerate(labels)]
    rules = ["disk_full", "permission_denied", None, None, "connection_refused", None]
    model = ["disk_full", None, "process_crash", "config_error", "service_dependency", None]
    result = bench.score_round(99, "unseen99_x", lines, rules, model, {0: "disk_full", 1: "none", 2: "none",
                                                                       3: "none", 4: "connection_refused",
                                                                       5: "out_of_memory"})
    s = {name: bench.counts(figures) for name, figures in result.scores.items()}
    assert (s["rules as landed"]["right"], s["rules as landed"]["flagged"]) == (2, 3)
    assert s["rules as landed"]["benign_flagged"] == 1
    assert (s["rules as landed"]["invasive_right"], s["rules as landed"]["invasive_flagged"]) == (1, 2)
    assert (s["model"]["right"], s["model"]["flagged"], s["model"]["benign_flagged"]) == (2, 4, 1)
    # rules first, the model only where the rules say nothing
    assert (s["rules, then model"]["right"], s["rules, then model"]["flagged"]) == (3, 5)
    # agreement: only the line both name the same pattern
    assert (s["agreement"]["right"], s["agreement"]["flagged"], s["agreement"]["failures"]) == (1, 1, 4)
    b = result.buckets
    assert (b["both name the same pattern"].lines, b["they differ"].lines, b["rules only"].lines,
            b["model only"].lines, b["neither"].lines) == (1, 1, 1, 2, 1)
    assert (b["they differ"].rules_right, b["they differ"].model_right) == (1, 0)
    # the second labelling calls line 2 benign: it is left out of the agreed-lines figures
    agreed = bench.counts(result.agreed["model"])
    assert agreed["failures"] == 3 and agreed["benign"] == 2
    # pooled figures add up the rounds
    both = bench.counts(bench.pooled([result.scores["model"], result.scores["model"]]))
    assert (both["right"], both["flagged"], both["failures"], both["benign"]) == (4, 8, 8, 4)


def test_a_round_range_is_first_to_last(bench) -> None:
    assert list(bench.parse_rounds("13-15", 25)) == [13, 14, 15]
    assert list(bench.parse_rounds("24", 25)) == [24]
    assert list(bench.parse_rounds("23-", 25)) == [23, 24, 25]
