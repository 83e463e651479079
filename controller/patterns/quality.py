"""Quality of the pattern library on the labelled real-world corpus (tests/data/corpus, issue 10).

Each source file is classified in order with `Classifier.classify_lines` (the agent's path, with
context across adjacent lines), and every line's verdict is compared with its label:

- precision of a pattern: of the lines it flagged, the share labelled with it;
- recall of a pattern: of the lines labelled with it, the share it flagged;
- benign false flags: of the lines labelled `none`, the share flagged with any pattern.

Four parts, reported separately:

- `dev`: what the library is tuned on;
- `held`: every 5th labelled line of a tuned source (same software and message templates as dev);
- `unseen`: whole sources whose header says `# split: unseen`, never used to tune the library
  (other software, other formats: the test of generalisation);
- `retired`: whole sources whose header says `# split: retired ...`: an unseen part of an earlier round,
  measured before the library was tuned on it (the header keeps what was measured then) and tuned on
  since. Its figures are no evidence of generalisation any more; they guard against regressions.

A corpus file may also be labelled a second time, independently (`second/<source>.tsv`, lines
`INDEX<TAB>LABEL[<TAB>why]`): `agreement` scores that second labelling against the first as if it were a
classifier, with Cohen's kappa, and the classifier on the lines both labellings agree on. Two careful readers
who disagree on a line show how far the labels themselves can be trusted: no classifier is measured more
precisely than its labels agree.

A file header may also name the software (`# software: A, B (detail), C`) and start a new
excerpt (`# excerpt: ...`): lines of different excerpts are not adjacent, so context rules never
reach across an excerpt boundary.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from controller.constants import PATTERN_IDS
from controller.patterns.classifier import Classifier

NONE = "none"
HELD_OUT_EVERY = 5
UNSEEN = "unseen"
RETIRED = "retired"
WHOLE_SOURCE_SPLITS = (UNSEEN, RETIRED)
SPLITS = ("dev", "held", RETIRED, UNSEEN)
# Patterns whose remediation changes the host (freePort, fixPermissions, cleanDisk, removeStaleLock).
INVASIVE = ("port_conflict", "permission_denied", "disk_full", "database_lock")

TARGET_PRECISION = 0.95
TARGET_INVASIVE_PRECISION = 0.9
TARGET_RECALL = 0.85
TARGET_BENIGN_FALSE_FLAGS = 0.001

SECOND_LABELS = "second"  # the corpus subdirectory of second, independent labellings of whole files
_HEADER = re.compile(r"#[ \t]*(source|software|split|licence|excerpt)[ \t]*:[ \t]*(.*)")
_LIST_ITEM = re.compile(r"[^,(]+(?:\([^)]*\))?[^,]*")


class CorpusError(ValueError):
    """A corpus file is malformed; the message names the file, the line and what to fix."""


@dataclass(frozen=True, slots=True)
class CorpusLine:
    source: str
    index: int  # 0-based among the labelled lines of its file
    label: str
    text: str
    block: int = 0  # excerpt number inside the file; context never crosses blocks
    part: str = ""  # the whole source's split (unseen, retired), or "" for a tuned source

    @property
    def split(self) -> str:
        if self.part:
            return self.part
        return "held" if self.index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else "dev"


@dataclass(frozen=True, slots=True)
class Source:
    """What a corpus file's header says about it."""

    name: str
    software: tuple[str, ...]
    part: str  # unseen, retired, or "" (tuned: dev and held)


def _software_names(value: str) -> tuple[str, ...]:
    """`A, B (x, y), C` -> ("A", "B (x, y)", "C"): commas inside parentheses do not separate."""
    return tuple(item.strip() for item in _LIST_ITEM.findall(value) if item.strip())


def _read(path: Path) -> tuple[Source, list[CorpusLine]]:
    allowed = set(PATTERN_IDS) | {NONE}
    software: tuple[str, ...] = ()
    part = ""
    lines: list[CorpusLine] = []
    block = 0
    for no, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not raw:
            continue
        if raw.startswith("#"):
            header = _HEADER.match(raw)
            if header is None:
                continue
            key, value = header.groups()
            if key == "software":
                software += _software_names(value)
            elif key == "split":
                part = (value.split() or [""])[0]
                if part not in WHOLE_SOURCE_SPLITS:
                    raise CorpusError(f"{path.name}:{no}: '# split:' must say {UNSEEN!r} or {RETIRED!r} "
                                      "(or leave the header out for a tuned source)")
            elif key == "excerpt" and lines:
                block += 1
            continue
        label, sep, text = raw.partition("\t")
        if not sep:
            raise CorpusError(f"{path.name}:{no}: expected LABEL<TAB>LINE, found no tab")
        if label not in allowed:
            raise CorpusError(f"{path.name}:{no}: unknown label {label!r} (use a pattern id or 'none')")
        lines.append(CorpusLine(path.stem, len(lines), label, text, block))
    if not lines:
        raise CorpusError(f"{path.name}: no labelled lines")
    if part:
        lines = [CorpusLine(ln.source, ln.index, ln.label, ln.text, ln.block, part) for ln in lines]
    return Source(path.stem, software, part), lines


def load_sources(directory: Path) -> dict[str, Source]:
    """Every `*.tsv` of `directory` as {source name: its header (software, part)}."""
    return {src.name: src for src, _ in _read_all(directory)}


def load_corpus(directory: Path) -> dict[str, list[CorpusLine]]:
    """Every `*.tsv` of `directory` as {source name: lines in file order}."""
    return {src.name: lines for src, lines in _read_all(directory)}


def _read_all(directory: Path) -> Iterator[tuple[Source, list[CorpusLine]]]:
    paths = sorted(directory.glob("*.tsv"))
    if not paths:
        raise CorpusError(f"{directory}: no *.tsv corpus files")
    for path in paths:
        yield _read(path)


@dataclass
class Figures:
    """Confusion counts of one split (or one source)."""

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


def pooled(figures: Iterable[Figures]) -> Figures:
    """Several sources' (or rounds') figures counted as one."""
    total = Figures()
    for f in figures:
        total.lines += f.lines
        total.benign += f.benign
        total.benign_flagged += f.benign_flagged
        total.flagged.update(f.flagged)
        total.correct.update(f.correct)
        total.labelled.update(f.labelled)
        total.mistakes.extend(f.mistakes)
    return total


@dataclass
class Evaluation(Mapping[str, Figures]):
    """Figures per split ("dev", "held", "retired", "unseen", and "all"), and per source file."""

    splits: dict[str, Figures]
    sources: dict[str, Figures]
    unseen_sources: tuple[str, ...]
    retired_sources: tuple[str, ...] = ()

    def __getitem__(self, split: str) -> Figures:
        return self.splits[split]

    def __iter__(self) -> Iterator[str]:
        return iter(self.splits)

    def __len__(self) -> int:
        return len(self.splits)


def _blocks(lines: Sequence[CorpusLine]) -> Iterator[list[CorpusLine]]:
    block: list[CorpusLine] = []
    for line in lines:
        if block and line.block != block[-1].block:
            yield block
            block = []
        block.append(line)
    if block:
        yield block


def evaluate(classifier: Classifier, corpus: dict[str, list[CorpusLine]]) -> Evaluation:
    """Classify every excerpt in order (context rules apply inside an excerpt) and count per split and source."""
    splits = {name: Figures() for name in (*SPLITS, "all")}
    sources = {name: Figures() for name in corpus}
    for name, lines in corpus.items():
        for block in _blocks(lines):
            verdicts = classifier.classify_lines([line.text for line in block])
            for line, verdict in zip(block, verdicts, strict=True):
                got = verdict.pattern if verdict else None
                for fig in (splits[line.split], splits["all"], sources[name]):
                    fig.add(line, got)
    unseen = tuple(name for name, lines in corpus.items() if lines[0].part == UNSEEN)
    retired = tuple(name for name, lines in corpus.items() if lines[0].part == RETIRED)
    return Evaluation(splits, sources, unseen, retired)


def format_report(figures: Evaluation, sources: Iterable[str] = ()) -> str:
    """The figures as a text table: per pattern support, then precision and recall per split."""
    parts = [(name, figures[name]) for name in SPLITS]
    total = figures["all"]
    head = "".join(f" {'P ' + short[:6]:>8} {'R ' + short[:6]:>8}" for short in SPLITS)
    rows = [f"{'pattern':<22} {'n':>5}{head}"]
    for pid in PATTERN_IDS:
        cells = "".join(f" {_fmt(f.precision(pid), f.flagged[pid])} {_fmt(f.recall(pid), f.labelled[pid])}"
                        for _, f in parts)
        rows.append(f"{pid:<22} {total.labelled[pid]:>5}{cells}")
    cells = "".join(f" {_fmt(f.precision(), sum(f.flagged.values()))} {_fmt(f.recall(), sum(f.labelled.values()))}"
                    for _, f in parts)
    rows.append(f"{'overall':<22} {sum(total.labelled.values()):>5}{cells}")
    rows.append("benign false flags: " + ", ".join(
        f"{name} {f.benign_flagged}/{f.benign} ({f.benign_false_flags():.2%})" for name, f in parts))
    rows.append("lines: " + ", ".join(f"{name} {f.lines} ({sum(f.labelled.values())} failures)" for name, f in parts))
    for title, names in (("unseen sources (never used to tune the library)", figures.unseen_sources),
                         ("retired sources (unseen parts of earlier rounds, tuned on since)", figures.retired_sources)):
        if names:
            rows.append(f"{title}:")
        for name in names:
            f = figures.sources[name]
            rows.append(f"  {name:<24} {f.lines:>5} lines, {sum(f.labelled.values()):>3} failures: "
                        f"P {f.precision():.3f} R {f.recall():.3f}, benign false flags "
                        f"{f.benign_flagged}/{f.benign}")
    names = list(sources)
    rows.append(f"corpus: {total.lines} lines ({sum(total.labelled.values())} failures, {total.benign} benign)"
                + (f" from {len(names)} files" if names else ""))
    return "\n".join(rows)


def _fmt(value: float, support: int) -> str:
    return f"{value:>8.3f}" if support else f"{'-':>8}"


def mistakes(figures: Figures, limit: int = 50) -> Sequence[tuple[str, str, str | None, str]]:
    return figures.mistakes[:limit]


# --- a second, independent labelling ---------------------------------------------------------------------------


def load_second_labels(directory: Path, corpus: Mapping[str, Sequence[CorpusLine]]) -> dict[str, dict[int, str]]:
    """`directory/second/<source>.tsv` as {source: {line index: label}}; each must label every line of its source."""
    allowed = set(PATTERN_IDS) | {NONE}
    out: dict[str, dict[int, str]] = {}
    for path in sorted((directory / SECOND_LABELS).glob("*.tsv")):
        if path.stem not in corpus:
            raise CorpusError(f"{SECOND_LABELS}/{path.name}: no corpus file {path.stem}.tsv to compare with "
                              "(name the file after the source it labels)")
        size = len(corpus[path.stem])
        labels: dict[int, str] = {}
        for no, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if not raw or raw.startswith("#"):
                continue
            index, sep, rest = raw.partition("\t")
            label = rest.partition("\t")[0]
            where = f"{SECOND_LABELS}/{path.name}:{no}"
            if not sep or not index.strip().isdigit():
                raise CorpusError(f"{where}: expected INDEX<TAB>LABEL, with INDEX the 0-based number of the "
                                  f"labelled line in {path.stem}.tsv")
            idx = int(index)
            if idx >= size:
                raise CorpusError(f"{where}: line index {idx} is past the end of {path.stem}.tsv ({size} lines)")
            if idx in labels:
                raise CorpusError(f"{where}: line index {idx} is labelled twice")
            if label not in allowed:
                raise CorpusError(f"{where}: unknown label {label!r} (use a pattern id or 'none')")
            labels[idx] = label
        missing = [i for i in range(size) if i not in labels]
        if missing:
            raise CorpusError(f"{SECOND_LABELS}/{path.name}: {len(missing)} line(s) of {path.stem}.tsv have no "
                              f"second label, e.g. index {missing[0]}: label every line")
        out[path.stem] = labels
    return out


@dataclass
class Agreement:
    """Two independent labellings of one source, and the classifier measured against each."""

    source: str
    second: Figures  # the second labelling scored against the first, as if it were a classifier
    kappa: float  # Cohen's kappa over the 15 labels (1: full agreement, 0: what chance would give)
    classifier: Figures  # the classifier against the first labelling (every line)
    against_second: Figures  # the classifier against the second labelling (every line)
    both: Figures  # the classifier on the lines both labellings agree on

    @property
    def disagreements(self) -> int:
        """Lines the two labellings label differently (the second labelling's mistakes against the first)."""
        return len(self.second.mistakes)


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float:
    """Agreement beyond chance of two labellings of the same items."""
    n = len(pairs)
    if not n:
        return 1.0
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


def agreement(classifier: Classifier, corpus: Mapping[str, Sequence[CorpusLine]],
              second: Mapping[str, Mapping[int, str]]) -> list[Agreement]:
    out = []
    for name, labels in second.items():
        fig = {key: Figures() for key in ("second", "classifier", "against_second", "both")}
        for block in _blocks(corpus[name]):
            verdicts = classifier.classify_lines([line.text for line in block])
            for line, verdict in zip(block, verdicts, strict=True):
                got = verdict.pattern if verdict else None
                other = labels[line.index]
                fig["second"].add(line, None if other == NONE else other)
                fig["classifier"].add(line, got)
                fig["against_second"].add(dataclasses.replace(line, label=other), got)
                if other == line.label:
                    fig["both"].add(line, got)
        kappa = cohen_kappa([(line.label, labels[line.index]) for line in corpus[name]])
        out.append(Agreement(name, fig["second"], kappa, fig["classifier"], fig["against_second"], fig["both"]))
    return out


def format_agreement(agreements: Iterable[Agreement]) -> str:
    rows = []
    for a in agreements:
        rows += [
            f"{a.source}: a second, independent labelling of its {a.second.lines} lines disagrees on {a.disagreements} "
            f"(Cohen's kappa {a.kappa:.3f})",
            f"  second labelling scored against the first: {_line(a.second)}",
            f"  classifier against the first labelling:    {_line(a.classifier)}",
            f"  classifier against the second labelling:   {_line(a.against_second)}",
            f"  classifier on the {a.both.lines} lines both agree on: {_line(a.both)}",
        ]
    return "\n".join(rows)


def _line(f: Figures) -> str:
    return (f"P {f.precision():.3f} R {f.recall():.3f}, benign flagged {f.benign_flagged}/{f.benign} "
            f"({sum(f.labelled.values())} failures)")
