"""Map byte offsets of a buffer to 0-based line indexes (lines end with b"\\n"), and read its lines lazily."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import overload


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


class BufferLines(Sequence[str]):
    """The lines of a byte buffer (split at b"\\n", like `offsets_to_lines`), decoded only when read.

    A line is found by walking from the nearest line whose start is known (line 0, or a line given to
    `anchor`), so reading the neighbours of a few matches costs per match, not per line of the buffer.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._len = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
        self._known = [0]  # sorted line indexes whose start offset is known
        self._starts = {0: 0}

    def anchor(self, index: int, offset: int) -> None:
        """Line `index` holds the byte before `offset` (a match end): remember where it starts."""
        if index not in self._starts:
            self._remember(index, self._data.rfind(b"\n", 0, offset) + 1)

    def start(self, index: int) -> int:
        """Byte offset where line `index` starts (`len(self)` gives the end of the buffer)."""
        if index >= self._len:
            return len(self._data)
        if index in self._starts:
            return self._starts[index]
        at = bisect.bisect_left(self._known, index)
        data, pos = self._data, 0
        below = self._known[at - 1]
        above = self._known[at] if at < len(self._known) else None
        if above is not None and above - index < index - below:
            pos = self._starts[above]
            for _ in range(above - index):
                pos = data.rfind(b"\n", 0, pos - 1) + 1
        else:
            pos = self._starts[below]
            for _ in range(index - below):
                pos = data.find(b"\n", pos) + 1
        self._remember(index, pos)
        return pos

    def _remember(self, index: int, start: int) -> None:
        self._starts[index] = start
        bisect.insort(self._known, index)

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        begin = self.start(index)
        end = self._data.find(b"\n", begin)
        return self._data[begin:end if end >= 0 else len(self._data)].decode("utf-8", "replace")
