"""The built-in library against the labelled corpus in tests/data/logs: precision first, then recall."""

from __future__ import annotations

import json
import re
import re._constants as sre  # the parse tree's opcodes (exact newline check)
import re._parser as sre_parse
from pathlib import Path
from typing import Any

import pytest

from controller.constants import PATTERN_IDS
from controller.patterns import Classifier, library

DATA = Path(__file__).resolve().parents[1] / "data" / "logs"
POSITIVE = DATA / "positive"


def _positives() -> list[tuple[str, str]]:
    return [(f.stem, line) for f in sorted(POSITIVE.glob("*.log")) for line in f.read_text().splitlines()]


def _negatives(docs: bool = True) -> list[str]:
    """Benign log lines; with `docs`, also documentation text (changelogs, headings, trees) that only
    makes sense unwrapped, as a file someone runs `healing analyze` on."""
    lines = (DATA / "negative.log").read_text().splitlines()
    return lines + ((DATA / "negative_docs.log").read_text().splitlines() if docs else [])


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


def test_library_covers_exactly_the_contract_ids() -> None:
    assert set(library.pattern_ids()) == set(PATTERN_IDS)
    assert set(library.SPECIFICITY) == set(PATTERN_IDS)
    assert {f.stem for f in POSITIVE.glob("*.log")} == set(PATTERN_IDS)


def test_every_pattern_has_description_formats_and_sane_confidences() -> None:
    for pdef in library.PATTERNS:
        assert pdef.description and pdef.formats and pdef.regexes, pdef.id
        for rx in pdef.regexes:
            assert 0.0 < rx.confidence <= 1.0, rx


_NEWLINE_CATEGORIES = (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_DIGIT, sre.CATEGORY_NOT_WORD, sre.CATEGORY_LINEBREAK)


def _class_has_newline(items: list[tuple[Any, Any]]) -> bool:
    negated = bool(items) and items[0][0] is sre.NEGATE
    listed = any(
        (op is sre.LITERAL and arg == 10)
        or (op is sre.RANGE and arg[0] <= 10 <= arg[1])
        or (op is sre.CATEGORY and arg in _NEWLINE_CATEGORIES)
        for op, arg in items
    )
    return listed != negated


def _can_match_newline(tree: Any, dotall: bool = False) -> bool:
    """Whether Python's parse of a regex has a node that can consume a b"\\n" (exact, unlike a textual check)."""
    for op, av in tree:
        crosses = (
            (op is sre.LITERAL and av == 10)
            or (op is sre.NOT_LITERAL and av != 10)
            or (op is sre.ANY and dotall)
            or (op is sre.IN and _class_has_newline(av))
            or (op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and _can_match_newline(av[2], dotall))
            or (op is sre.SUBPATTERN and _can_match_newline(av[3], dotall or bool(av[1] & re.DOTALL)))
            or (op is sre.BRANCH and any(_can_match_newline(branch, dotall) for branch in av[1]))
        )
        if crosses:
            return True
    return False


@pytest.mark.parametrize(
    ("regex", "crosses"),
    [(r"a\sb", True), (r"[^x]", True), (r"\W", True), (r"\D", True), (r"[\x00-\x7f]", True), (r"(?:a|\n)", True),
     (r"(?s:.)", True), (r"x{1,3}[^ ]", True), (r"[^\n]*\S+\w\d.[^]\n]", False), (r"(?:a|b)+$", False)],
)
def test_the_newline_check_sees_every_way_to_cross_a_line(regex: str, crosses: bool) -> None:
    assert _can_match_newline(sre_parse.parse(regex)) is crosses


@pytest.mark.parametrize(
    "rx", [r for p in library.PATTERNS for r in p.regexes] + list(library.VETOES) + list(library.LEVEL_KEEP),
    ids=lambda r: r.regex[:40],
)
def test_regexes_stay_in_the_portable_subset(rx: library.PatternRegex) -> None:
    # A match across a line break would give a buffer scan a verdict no line has, and the vetoes are scanned only on
    # the lines a pattern matched (classifier._builtin_databases): every regex matches within one line.
    assert "\\s" not in rx.regex
    assert not _can_match_newline(sre_parse.parse(rx.regex, re.ASCII | re.MULTILINE)), "can match across a line break"
    assert not re.search(r"(?:\(\?[=!<])|\\[1-9]", rx.regex), "no lookarounds or backreferences"
    assert not re.search(r"(?<!\\)[*+]$", rx.regex), "unbounded repeat at the end reports every end offset"
    re.compile(rx.regex)


def test_no_false_positive_on_the_negative_corpus(classifier: Classifier) -> None:
    false_positives = [(m.pattern, line) for line in _negatives() if (m := classifier.classify_line(line))]
    assert false_positives == []


def test_every_positive_line_gets_its_label(classifier: Classifier) -> None:
    wrong = [
        (label, m.pattern if m else None, line)
        for label, line in _positives()
        if (m := classifier.classify_line(line)) is None or m.pattern != label
    ]
    assert wrong == []


def test_recall_and_precision_per_pattern(classifier: Classifier) -> None:
    positives = _positives()
    for pid in PATTERN_IDS:
        mine = [line for label, line in positives if label == pid]
        assert len(mine) >= 8, f"{pid}: corpus too small"
        hits = sum(1 for line in mine if (m := classifier.classify_line(line)) and m.pattern == pid)
        assert hits / len(mine) >= 0.95, pid


def test_hyperscan_agrees_with_python_re_on_the_corpus(classifier: Classifier) -> None:
    """Guards against engine bugs (vectorscan has dropped matches in some multi-pattern databases)."""
    lines = [line for _, line in _positives()] + _negatives()
    assert classifier.verify(lines) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('Exception in thread "main" java.net.BindException: Address already in use', "port_conflict"),
        ("Nov 26 h systemd[1]: app.service: Failed with result 'oom-kill'.", "out_of_memory"),
        ("java.lang.OutOfMemoryError: unable to create new native thread", "resource_exhaustion"),
        ("Error: ENOSPC: System limit for number of file watchers reached", "resource_exhaustion"),
        ("Readiness probe failed: dial tcp 10.0.0.1:80: connect: connection refused", "health_check_failure"),
        ('docker: exec: "x": executable file not found in $PATH: OCI runtime create failed', "dependency_missing"),
        ("Main process exited, code=exited, status=203/EXEC", "dependency_missing"),
    ],
)
def test_most_specific_pattern_wins(classifier: Classifier, line: str, expected: str) -> None:
    m = classifier.classify_line(line)
    assert m is not None and m.pattern == expected


def _docker_json(line: str) -> str:
    return json.dumps({"log": line + "\n", "stream": "stderr", "time": "2024-11-26T05:35:31.123456789Z"})


def _cri(line: str) -> str:
    return "2024-11-26T05:35:31.123456789Z stderr F " + line


def _json_logger(line: str) -> str:
    return json.dumps({"level": "error", "ts": 1732599331.1, "msg": line})


@pytest.mark.parametrize("wrap", [_docker_json, _cri, _json_logger], ids=["docker-json", "cri", "json-logger"])
def test_labels_survive_container_log_wrappers(classifier: Classifier, wrap) -> None:
    """Container runtimes wrap lines in JSON (quotes become \\") or CRI prefixes; labels must not change."""
    wrong = [(label, m.pattern if m else None, line) for label, line in _positives()
             if (m := classifier.classify_line(wrap(line))) is None or m.pattern != label]
    assert wrong == []
    assert [line for line in _negatives(docs=False) if classifier.classify_line(wrap(line))] == []


def test_the_documented_library_table_counts_what_the_library_has() -> None:
    """docs/patterns.md's table of the library names each pattern's specificity and number of regexes: kept true."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "patterns.md").read_text()
    rows = dict((pid, (int(spec), int(n))) for pid, spec, n in re.findall(r"^\| `([a-z_]+)` \| ([0-9]+) \| ([0-9]+) \|",
                                                                         doc, re.MULTILINE))
    assert rows == {p.id: (p.specificity, len(p.regexes)) for p in library.PATTERNS}
