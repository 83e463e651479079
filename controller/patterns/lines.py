"""Map byte offsets of a buffer to 0-based line indexes (lines end with b"\\n")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def offsets_to_lines(data: bytes, offsets: Iterable[int]) -> Iterator[int]:
    """For ascending match end offsets, yield the index of the line each match ends on.

    An end offset is exclusive, so a match ending right before b"\\n" belongs to that line. Counting
    newlines incrementally keeps the whole mapping linear and in C (`bytes.count`).
    """
    line, pos = 0, 0
    count = data.count
    for end in offsets:
        if end > pos:
            line += count(b"\n", pos, end)
            pos = end
        yield line
