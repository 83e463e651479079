"""Quality of the pattern library on the labelled real-world corpus (tests/data/corpus, issue 10).

Each source file is classified in order with `Classifier.classify_lines` (the agent's path, with
context across adjacent lines), and every line's verdict is compared with its label:

- precision of a pattern: of the lines it flagged, the share labelled with it;
- recall of a pattern: of the lines labelled with it, the share it flagged;
- benign false flags: of the lines labelled `none`, the share flagged with any pattern.

Every 5th labelled line of a file is held out (`split == "held"`); tuning looks only at `dev`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from controller.constants import PATTERN_IDS
from controller.patterns.classifier import Classifier

NONE = "none"
HELD_OUT_EVERY = 5
SPLITS = ("dev", "held")
# Patterns whose remediation changes the host (freePort, fixPermissions, cleanDisk, removeStaleLock).
INVASIVE = ("port_conflict", "permission_denied", "disk_full", "database_lock")

TARGET_PRECISION = 0.95
TARGET_INVASIVE_PRECISION = 0.9
TARGET_RECALL = 0.85
TARGET_BENIGN_FALSE_FLAGS = 0.001


class CorpusError(ValueError):
    """A corpus file is malformed; the message names the file, the line and what to fix."""


@dataclass(frozen=True, slots=True)
class CorpusLine:
    source: str
    index: int  # 0-based among the labelled lines of its file
    label: str
    text: str

    @property
    def split(self) -> str:
        return "held" if self.index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else "dev"


def load_corpus(directory: Path) -> dict[str, list[CorpusLine]]:
    """Every `*.tsv` of `directory` as {source name: lines in file order}."""
    allowed = set(PATTERN_IDS) | {NONE}
    corpus: dict[str, list[CorpusLine]] = {}
    for path in sorted(directory.glob("*.tsv")):
        lines: list[CorpusLine] = []
        for no, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if not raw or raw.startswith("#"):
                continue
            label, sep, text = raw.partition("\t")
            if not sep:
                raise CorpusError(f"{path.name}:{no}: expected LABEL<TAB>LINE, found no tab")
            if label not in allowed:
                raise CorpusError(f"{path.name}:{no}: unknown label {label!r} (use a pattern id or 'none')")
            lines.append(CorpusLine(path.stem, len(lines), label, text))
        if not lines:
            raise CorpusError(f"{path.name}: no labelled lines")
        corpus[path.stem] = lines
    if not corpus:
        raise CorpusError(f"{directory}: no *.tsv corpus files")
    return corpus


@dataclass
class Figures:
    """Confusion counts of one split."""

    lines: int = 0
    benign: int = 0
    benign_flagged: int = 0
    flagged: Counter[str] = field(default_factory=Counter)  # predicted pattern -> lines
    correct: Counter[str] = field(default_factory=Counter)  # pattern -> lines predicted right
    labelled: Counter[str] = field(default_factory=Counter)  # label -> lines
    mistakes: list[tuple[str, str, str | None, str]] = field(default_factory=list)  # source, label, got, text

    def add(self, line: CorpusLine, got: str | None) -> None:
        self.lines += 1
        if line.label == NONE:
            self.benign += 1
            self.benign_flagged += got is not None
        else:
            self.labelled[line.label] += 1
        if got is not None:
            self.flagged[got] += 1
            self.correct[got] += got == line.label
        if (got or NONE) != line.label:
            self.mistakes.append((line.source, line.label, got, line.text))

    def precision(self, pattern: str | None = None) -> float:
        flagged = self.flagged[pattern] if pattern else sum(self.flagged.values())
        correct = self.correct[pattern] if pattern else sum(self.correct.values())
        return correct / flagged if flagged else 1.0

    def recall(self, pattern: str | None = None) -> float:
        labelled = self.labelled[pattern] if pattern else sum(self.labelled.values())
        correct = self.correct[pattern] if pattern else sum(self.correct.values())
        return correct / labelled if labelled else 1.0

    def benign_false_flags(self) -> float:
        return self.benign_flagged / self.benign if self.benign else 0.0

    def failures(self) -> list[str]:
        """Targets of issue 10 this split misses (empty = all met)."""
        out = []
        if self.precision() < TARGET_PRECISION:
            out.append(f"overall precision {self.precision():.3f} < {TARGET_PRECISION}")
        for pid in INVASIVE:
            if self.flagged[pid] and self.precision(pid) < TARGET_INVASIVE_PRECISION:
                out.append(f"{pid} precision {self.precision(pid):.3f} < {TARGET_INVASIVE_PRECISION}")
        if self.recall() < TARGET_RECALL:
            out.append(f"overall recall {self.recall():.3f} < {TARGET_RECALL}")
        if self.benign_false_flags() > TARGET_BENIGN_FALSE_FLAGS:
            out.append(f"benign false flags {self.benign_false_flags():.2%} > {TARGET_BENIGN_FALSE_FLAGS:.1%}")
        return out


def evaluate(classifier: Classifier, corpus: dict[str, list[CorpusLine]]) -> dict[str, Figures]:
    """Figures per split ("dev", "held") and for everything ("all")."""
    figures = {name: Figures() for name in (*SPLITS, "all")}
    for lines in corpus.values():
        verdicts = classifier.classify_lines([line.text for line in lines])
        for line, verdict in zip(lines, verdicts, strict=True):
            got = verdict.pattern if verdict else None
            figures[line.split].add(line, got)
            figures["all"].add(line, got)
    return figures


def format_report(figures: dict[str, Figures], sources: Iterable[str] = ()) -> str:
    """The figures as a text table (per pattern: support, precision, recall, for dev and held-out)."""
    dev, held, total = figures["dev"], figures["held"], figures["all"]
    rows = [f"{'pattern':<22} {'n':>5} {'P dev':>7} {'R dev':>7} {'P held':>7} {'R held':>7}"]
    for pid in PATTERN_IDS:
        rows.append(f"{pid:<22} {total.labelled[pid]:>5} {_fmt(dev.precision(pid), dev.flagged[pid])} "
                    f"{_fmt(dev.recall(pid), dev.labelled[pid])} {_fmt(held.precision(pid), held.flagged[pid])} "
                    f"{_fmt(held.recall(pid), held.labelled[pid])}")
    rows.append(f"{'overall':<22} {sum(total.labelled.values()):>5} {dev.precision():>7.3f} {dev.recall():>7.3f} "
                f"{held.precision():>7.3f} {held.recall():>7.3f}")
    names = list(sources)
    rows.append(f"benign false flags: dev {dev.benign_flagged}/{dev.benign} ({dev.benign_false_flags():.2%}), "
                f"held-out {held.benign_flagged}/{held.benign} ({held.benign_false_flags():.2%})")
    rows.append(f"corpus: {total.lines} lines ({sum(total.labelled.values())} failures, {total.benign} benign)"
                + (f" from {len(names)} files" if names else ""))
    return "\n".join(rows)


def _fmt(value: float, support: int) -> str:
    return f"{value:>7.3f}" if support else f"{'-':>7}"


def mistakes(figures: Figures, limit: int = 50) -> Sequence[tuple[str, str, str | None, str]]:
    return figures.mistakes[:limit]
