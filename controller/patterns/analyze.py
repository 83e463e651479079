"""`healing analyze [--format text|jsonl] [--all] [FILE|- ...]`: classify log lines (SPEC section 3).

Input is read as bytes in chunks cut at line ends and scanned with `Classifier.scan_buffer_in_context` (the
buffer scan plus the agent's context rules on the lines that matched), so big files stream with bounded
memory; invalid UTF-8 is decoded with replacement characters and binary data is just bytes. A line longer than
`MAX_LINE_BYTES` is classified on its first `MAX_LINE_BYTES` only. With `--format jsonl --all` exactly one
JSON object is printed per input line, in order.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from controller.patterns.classifier import CONTEXT_LOOKBACK, Classifier
from controller.patterns.redact import LineRedactor, lines_that_may_hold_secrets

CHUNK_BYTES = 8 << 20
MAX_LINE_BYTES = 16 << 20
MAX_TEXT_CHARS = 500
FORMATS = ("text", "jsonl")
STDIN = "-"


def iter_chunks(stream: BinaryIO, chunk_bytes: int | None = None) -> Iterator[bytes]:
    """Yield blocks of whole lines (each ends with b"\\n" except possibly the last block).

    Memory stays bounded: a line longer than MAX_LINE_BYTES is cut to its first MAX_LINE_BYTES and
    the rest of it is skipped, so line numbering stays right.
    """
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    # read1 returns what is available (a pipe fed by `tail -f` streams), read would wait for a full chunk.
    read = getattr(stream, "read1", stream.read)
    pending = bytearray()
    skipping = False
    while True:
        block = read(chunk_bytes)
        if not block:
            break
        if skipping:
            nl = block.find(b"\n")
            if nl < 0:
                continue
            block = block[nl + 1:]  # the truncated line already got its newline
            skipping = False
        if not pending:  # the usual case: no partial line waiting, one copy at most
            cut = block.rfind(b"\n")
            if cut >= 0:
                yield block if cut + 1 == len(block) else block[: cut + 1]
                block = block[cut + 1:]
        pending += block
        cut = pending.rfind(b"\n")
        if cut >= 0:
            yield bytes(pending[: cut + 1])
            del pending[: cut + 1]
        if len(pending) > MAX_LINE_BYTES:
            del pending[MAX_LINE_BYTES:]
            pending += b"\n"
            yield bytes(pending)
            pending.clear()
            skipping = True
    if pending:
        yield bytes(pending)


class _Report:
    """Formats results for one run; counts per pattern for the text summary."""

    def __init__(self, fmt: str, all_lines: bool, out: TextIO) -> None:
        self.fmt = fmt
        self.all_lines = all_lines
        self.out = out
        self.counts: Counter[str] = Counter()
        self.lines = 0

    def emit_chunk(self, name: str, chunk: bytes, first_line: int, hits: dict[int, tuple[str, float]],
                   redactor: LineRedactor) -> None:
        secret = lines_that_may_hold_secrets(chunk)
        text = chunk.decode("utf-8", "replace")
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        self.lines += len(lines)
        for pid, _ in hits.values():
            self.counts[pid] += 1
        # One write per chunk: stdout may be unbuffered (PYTHONUNBUFFERED) and a syscall per line is slow.
        buf: list[str] = []
        write = buf.append
        fname = json.dumps(name)
        if self.all_lines or redactor.active or "PRIVATE KEY" in text:
            numbered = range(len(lines))
        else:  # only matching lines are printed and no key block can be open: skip the rest
            numbered = [no - first_line for no in sorted(hits) if no - first_line < len(lines)]
        for offset in numbered:
            line = lines[offset]
            no = first_line + offset
            hit = hits.get(no)
            # The redactor sees every line of a key block so that its body lines are hidden too.
            shown = redactor(line[: MAX_TEXT_CHARS + 512].rstrip("\r"), offset in secret)[:MAX_TEXT_CHARS]
            if hit is None and not self.all_lines:
                continue
            if self.fmt == "jsonl":
                pid = json.dumps(hit[0]) if hit else "null"
                conf = hit[1] if hit else 0.0
                write(f'{{"file": {fname}, "line": {no}, "pattern": {pid}, "confidence": {conf}, '
                      f'"text": {json.dumps(shown)}}}\n')
            else:
                label = f"{hit[0]} ({hit[1]:.2f})" if hit else "-"
                write(f"{name}:{no}: {label}: {shown}\n")
        self.out.write("".join(buf))
        self.out.flush()  # results of a live stream show up as they come

    def summary(self, files: int) -> None:
        if self.fmt != "text":
            return
        matched = sum(self.counts.values())
        self.out.write(f"\n{matched} of {self.lines} lines matched a pattern in {files} file(s)\n")
        for pid, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            self.out.write(f"  {pid:<22} {n}\n")


def scan_stream(classifier: Classifier, stream: BinaryIO) -> Iterator[tuple[bytes, int, dict[int, tuple[str, float]]]]:
    """Yield `(block of whole lines, number of its first line, {line_no: (pattern, confidence)})`.

    Blocks are scanned with the agent's context rules, and the answers do not depend on where blocks
    are cut: the last CONTEXT_LOOKBACK lines already yielded are scanned again with the next block
    (context only), and lines whose verdict depends on lines not yet read
    (`scan_buffer_in_context(final=False)`) are held back and yielded with the next block, or at the end.
    """
    first = 1  # number of the first line not yet yielded
    context = b""  # the last lines yielded (whole lines): context for the next block
    held = b""  # lines not yielded yet
    blocks = iter_chunks(stream)
    while True:
        block = next(blocks, None)
        final = block is None
        data = held + block if held and block else held or block or b""
        if not data:
            return
        skip = context.count(b"\n")
        scan = classifier.scan_buffer_in_context(context + data, first - skip, skip=skip, final=final)
        cut = scan.offset - len(context)
        if scan.lines > skip:
            chunk = data[:cut] if cut < len(data) else data
            yield chunk, first, scan.hits
            context = _last_lines(context + chunk, CONTEXT_LOOKBACK)
            first += scan.lines - skip
        held = data[cut:]
        if final:
            return


def _last_lines(data: bytes, count: int) -> bytes:
    """The last `count` whole lines of `data` (which ends with a newline unless the input ended)."""
    pos = len(data) - 1
    for _ in range(count):
        pos = data.rfind(b"\n", 0, pos)
        if pos < 0:
            return data
    return data[pos + 1:]


def _analyze_stream(classifier: Classifier, name: str, stream: BinaryIO, report: _Report) -> None:
    redactor = LineRedactor()
    for chunk, first, hits in scan_stream(classifier, stream):
        report.emit_chunk(name, chunk, first, hits, redactor)


def analyze_command(paths: list[str], fmt: str, all_lines: bool, out: TextIO,
                    classifier: Classifier | None = None, err: TextIO | None = None) -> int:
    """Run `healing analyze`. Returns the exit code: 0, or 2 if an input could not be read."""
    err = err or sys.stderr
    if fmt not in FORMATS:
        err.write(f"healing analyze: unknown format {fmt!r} (use one of: {', '.join(FORMATS)})\n")
        return 2
    classifier = classifier or Classifier()
    if isinstance(out, io.TextIOWrapper):  # a non-UTF-8 terminal must not crash on U+FFFD
        out.reconfigure(errors="backslashreplace")
    report = _Report(fmt, all_lines, out)
    status, read = 0, 0
    for path in paths or [STDIN]:
        try:
            if path == STDIN:
                _analyze_stream(classifier, STDIN, sys.stdin.buffer, report)
            else:
                with open(path, "rb") as stream:
                    _analyze_stream(classifier, path, stream, report)
            read += 1
        except OSError as exc:
            err.write(f"healing analyze: cannot read {path}: {exc.strerror or exc}\n")
            status = 2
    report.summary(read)
    out.flush()
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="healing analyze", description="Classify log lines.")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--all", action="store_true", help="print every line, not only matching ones")
    parser.add_argument("files", nargs="*", metavar="FILE", help="log files; '-' or none reads stdin")
    args = parser.parse_args(argv)
    return analyze_command(args.files, args.format, args.all, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
