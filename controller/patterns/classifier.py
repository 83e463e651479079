"""Classify log lines against the pattern library with Hyperscan.

The built-in regexes, and the vetoes, are compiled once per process into two block-mode databases (the vetoes
are read only on the lines a pattern matched); the user's patterns (HealingPolicy `spec.patterns`) go into a third,
small database. A line's winner
is chosen among the regexes that matched it:

1. any veto on the line -> no match (the line talks about an error, or the error is over);
2. otherwise the highest priority wins (user patterns > built-in specificity, see `library.SPECIFICITY`),
   then the highest confidence.

`classify_lines` (the agent's path) then looks across the window: weak evidence of an invasive pattern
(`library.NEEDS_STRONG_EVIDENCE`, e.g. a bare "Operation not permitted") decides nothing unless a strong
match of the same pattern is within CONTEXT_LOOKBACK lines; and where a single line lies, its neighbours decide:
a daemon's own second bind of a port it just reported listening on (sshd's dual-stack bind, cupsd, smbd), a
refused connection whose retry succeeded a few lines later, a monitor's down verdict it takes back (Redis
Sentinel's "-sdown" after "+sdown"). `scan_buffer_in_context` (`healing analyze`) applies
the same rules to the few lines a buffer scan matched. `scan_buffer` and `classify_line` report every line's best
match as it is (with its confidence and whether it is strong), without context.

`scan_buffer` scans a whole buffer in one Hyperscan call and maps match end offsets to line numbers;
that is the fast path (`healing analyze`, the agent's log tailer). Python `re` is used only to find the
span of an already-known match.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import hyperscan
from pydantic import ValidationError

from controller.patterns import library
from controller.patterns.line_model import LineModel, shipped
from controller.patterns.lines import BufferLines, offsets_to_lines
from controller.patterns.models import (
    Candidate,
    Classification,
    EvidenceLine,
    LineMatch,
    PatternError,
    UserPattern,
)
from controller.patterns.redact import redact
from controller.patterns.signature import signature, signature_id

CONTEXT_LINES = 2
MAX_EVIDENCE_MATCHES = 5
# The line model reads at most this many of the deciding pattern's lines (the latest): bounded cost in a storm.
MAX_CORROBORATION_LINES = 3
MAX_EVIDENCE_CHARS = 500
MAX_CONFIDENCE = 0.99
# A weak hint of a root cause (e.g. a bare "Waiting for database...") must not hide a clear crash.
MIN_CAUSE_CONFIDENCE = 0.6

# A line that looks like a failure although no pattern knows it: its signature is tracked.
_ERRORISH = re.compile(
    r"\b(?:error|fatal|critical|crit|emerg|alert|panic|exception|failed|failure|traceback|abort(?:ed)?|"
    r"segfault|refused|denied|unable|cannot|can't|could not)\b",
    re.IGNORECASE,
)

# Python's traceback header on its own (no pattern: it says a traceback follows, not what failed; see docs/patterns.md).
_TRACEBACK_HEADER = re.compile(r"Traceback \(most recent call last\):[ \t\r]*$")
# An exception named by its class (KeyError, IllegalStateException): a failure line even without the word "error".
_EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z0-9_]*(?:Error|Exception)\b")

# Context across lines (classify_lines). Lines a transient network failure is forgiven by.
CONTEXT_LOOKBACK = 5
RETRY_LOOKAHEAD = 10
TRANSIENT = frozenset({"connection_refused", "service_dependency", "network_timeout"})
# A daemon's own second bind of a port (round 12): it reported listening on the port a few lines before (sshd's "Server
# listening on :: port 22", cupsd's "Listening to 0.0.0.0:631 on fd 0", "listening on [::]:53", CUPS 1.1's
# "StartListening: address=00000000 port=631"), or its platform refused the socket option that lets two of its own
# sockets share a port (smbd under WSL 1: "setsockopt: SO_REUSEPORT = true on port 65500 failed"), or it is a one-shot
# client run beside the system's service of the same port (ntpd -q, chronyd -q, sntp): then "Address already in use" on
# that port is the daemon's own listener or the service it runs beside, nothing freePort should stop.
_LISTEN_ANNOUNCED = re.compile(
    r"\b(?:[Ll]istening (?:on|to)|[Ll]istens on|[Bb]ound to)[ \t]+(?:port[ \t]+([0-9]{1,5})\b|[0-9A-Za-z.:%_\[\]*-]*"
    r"[:#]([0-9]{1,5})\b|\S+[ \t]+port[ \t]+([0-9]{1,5})\b)|"
    r"\bStartListening: address=[0-9a-fA-F.:]+ port=([0-9]{1,5})\b")
_REUSEPORT_REFUSED = re.compile(r"\bSO_REUSE(?:PORT|ADDR)\b[^\n]{0,60}?(?:port[ \t]+([0-9]{1,5})\b)?[^\n]{0,40}?"
                                r"\b(?:failed|not supported|Invalid argument|unavailable)\b")
_ONE_SHOT = re.compile(r"\b(?:ntpd|chronyd|sntp|openntpd)\b[^\n]*?[ \t]-[A-Za-z]*[qQ]\b")
_IN_USE = re.compile(r"already in use|EADDRINUSE|\[Errno 98\]|address in use", re.IGNORECASE)
_FAILED_PORT = re.compile(r"\bBind to port ([0-9]{1,5})\b|(?:\b[0-9]{1,3}(?:\.[0-9]{1,3}){3}|\]|::|\*|\blocalhost)"
                          r"[:#]([0-9]{1,5})\b|(?:^|[ \t(]):([0-9]{1,5})\b|\bport[ =]([0-9]{1,5})\b", re.IGNORECASE)
_NOT_HERE = re.compile(r"Cannot assign requested address|EADDRNOTAVAIL", re.IGNORECASE)
_PROCESS_TAG = re.compile(r"\b([\w.-]+\[[0-9]+\])")
# A retry announced, or a start-up script's wait loop ("Postgres is unavailable - sleeping", "Waiting for Redis..."): a
# success line within RETRY_LOOKAHEAD lines ("Postgres is up", "Connected to Redis broker.", pg_isready's "- accepting
# connections", round 56) ends it; a wait that timed out ("wait-for-it.sh: timeout occurred") is over the other way.
_RETRY = re.compile(r"\b(?:retry(?:ing)?|retries|trying again|try again|attempt|reconnect|sleeping|waiting for)\b",
                    re.IGNORECASE)
_RETRIES_EXHAUSTED = re.compile(r"\b(?:max(?:imum)? retries|retries exhausted|giving up|gave up|timeout occurred)\b",
                                re.IGNORECASE)
# Lock contention that clears: a busy lock (SQLite "database is locked" between a pool's connections at start-up,
# a row lock wait) followed within RETRY_LOOKAHEAD lines by the work it blocked going through. Such a lock has a live
# owner and is over; removeStaleLock has nothing to do. Dropping can only make that invasive action less likely.
CONTENTION = "database_lock"
# A completion that reports a non-zero exit or errors ("Process completed with exit code 100") is not one; a lock
# reported free, released or unlocked (a script that polls a held apt/dpkg lock until "All apt locks are free") is, and
# so is a package manager's own final verdict on the transaction that waited for the lock (yum's and dnf's "Complete!").
# (A monitor's "Successful Response" from a site it checks is other work, not the lock released: round 50, Statping.)
_LOCK_CLEARED = re.compile(
    r"(?:^|[ \t])Complete!|"
    r"\b(?:connected|established|succeeded|successful(?:ly)?(?![ \t]+response\b)|(?<!not )initiali[sz]ed|"
    r"completed(?![ \t]+with[ \t]+(?:exit[ \t]+(?:code|status)[ \t]+[1-9]|errors?\b|failures?\b))|"
    r"committed|ready to accept connections|"
    r"locks?\b[^\n]{0,40}?\b(?<!not )(?<!n't )(?:(?:is|are|was|were|been|now)[ \t]+(?:now[ \t]+)?"
    r"(?:free|released|unlocked)|released|unlocked)|"
    r"(?<!not )(?<!n't )(?:released|freed|unlocked)[ \t]+(?:the[ \t]+|all[ \t]+)?(?:[\w/.-]+[ \t]+)?locks?)\b",
    re.IGNORECASE)
# A monitor's down verdict it takes back a few lines later (round 14): Redis Sentinel's "-sdown"/"-odown" after
# "+sdown"/"+odown", Redis Cluster's "Clear FAIL state for node <id>" after "FAIL message received ... about <id>". A
# flap is over; a monitor's verdict that is not taken back stays. (HAProxy's "is DOWN" then "is UP" stays a failure:
# the documented-messages corpus labels it so, and a backend that went down is worth a look.)
FLAPPING = "health_check_failure"
_HEALTH_CLEARED = re.compile(r"# -[so]down |\bClear FAIL state for node\b", re.IGNORECASE)
_HEALTH_CLEARED_WORDS = (b"# -sdown ", b"# -odown ", b"clear fail state for node")
_SUCCESS = re.compile(r"\b(?:(?<!not )(?<!not currently )(?<!still not )connected|established|succeeded|"
                      r"successful(?:ly)?|recovered|reconnected|fetched|resolved [A-Za-z]+ address|"
                      r"ready to accept connections|(?<!not )accepting connections|is alive|is up|is ready)\b",
                      re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Entry:
    pattern: str
    confidence: float
    priority: int
    py: re.Pattern[str]
    note: str
    user: bool
    veto: bool
    strong: bool = True
    rule: str = ""
    any_level: bool = False  # library.PatternRegex.any_level
    level_veto: bool = False  # library.PatternRegex.level_veto
    soft_level: bool = False  # library.PatternRegex.soft_level
    level_keep: bool = False  # library.LEVEL_KEEP: no pattern, no veto; cancels soft level vetoes on its line
    hinted: bool = False  # library.PatternRegex.hinted: survives the vetoes of library.HINTED_VETO_NOTES
    hint_veto: bool = False  # a veto of library.HINTED_VETO_NOTES (a hinted regex on the line overrides it)




@dataclass(frozen=True, slots=True)
class ContextScan:
    """What `Classifier.scan_buffer_in_context` decided about a block."""

    hits: dict[int, tuple[str, float]]  # line_no -> (pattern_id, confidence), context rules applied
    lines: int  # lines of the block decided (the first `skip` included); the rest waits for more input
    offset: int  # byte offset in the block where the undecided lines start

def _py_flags(caseless: bool) -> int:
    return re.ASCII | re.MULTILINE | (re.IGNORECASE if caseless else 0)


def _hs_flags(caseless: bool) -> int:
    return hyperscan.HS_FLAG_MULTILINE | (hyperscan.HS_FLAG_CASELESS if caseless else 0)


def _as_user_pattern(obj: UserPattern | Mapping[str, Any] | Any) -> UserPattern:
    if isinstance(obj, UserPattern):
        return obj
    try:
        if isinstance(obj, Mapping):
            return UserPattern.model_validate(obj)
        return UserPattern.model_validate(obj, from_attributes=True)
    except ValidationError as exc:
        pid = obj.get("id") if isinstance(obj, Mapping) else getattr(obj, "id", None)
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'pattern'}: {e['msg']}" for e in exc.errors())
        raise PatternError(str(pid or "?"), problems) from None


def validate_user_pattern(pattern: UserPattern) -> re.Pattern[str]:
    """Check that a user regex works with both `re` and Hyperscan; raise `PatternError` saying why not."""
    try:
        compiled = re.compile(pattern.regex, _py_flags(pattern.caseless))
    except re.error as exc:
        raise PatternError(pattern.id, f"invalid regex {pattern.regex!r}: {exc}") from None
    if compiled.search(""):
        raise PatternError(pattern.id, f"regex {pattern.regex!r} matches the empty string; it would match every line")
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        db.compile(expressions=[pattern.regex.encode()], ids=[0], flags=[_hs_flags(pattern.caseless)])
    except hyperscan.error as exc:
        raise PatternError(
            pattern.id,
            f"regex {pattern.regex!r} is not supported by the matcher (Hyperscan): {str(exc).rstrip('.')}. "
            "Backreferences, lookahead/lookbehind and conditionals are not available.",
        ) from None
    return compiled


def _builtin_entries() -> list[_Entry]:
    entries = [
        _Entry(pdef.id, rx.confidence, rx.priority or pdef.specificity, re.compile(rx.regex, _py_flags(rx.caseless)),
               rx.note, False, False, rx.strong, f"{pdef.id}#{n}", any_level=rx.any_level, hinted=rx.hinted)
        for pdef in library.PATTERNS for n, rx in enumerate(pdef.regexes)
    ]
    entries += [_Entry("", 0.0, 0, re.compile(rx.regex, _py_flags(rx.caseless)), rx.note, False, True, True,
                       f"veto#{n}", level_veto=rx.level_veto, soft_level=rx.soft_level,
                       hint_veto=rx.note in library.HINTED_VETO_NOTES)
                for n, rx in enumerate(library.VETOES)]
    entries += [_Entry("", 0.0, 0, re.compile(rx.regex, _py_flags(rx.caseless)), rx.note, False, False, True,
                       f"keep#{n}", level_keep=True) for n, rx in enumerate(library.LEVEL_KEEP)]
    return entries


@functools.cache
def _builtin_databases() -> tuple[bytes, bytes]:
    """The library's patterns, and its vetoes with the level keeps, compiled once per process into two databases
    (serialized; each Classifier loads its own copies). Ids are the indexes of `_builtin_entries`.

    Two, because most lines a veto matches match no pattern (every `"level":"info"` line of a JSON log): scanning a
    buffer for the patterns first and for the vetoes only on the lines a pattern matched spares the veto scan of the
    whole buffer and a match event per such line. No built-in regex matches across a line break (a test checks it),
    so the vetoes find the same matches on the matched lines alone.
    """
    patterns = [rx for pdef in library.PATTERNS for rx in pdef.regexes]
    vetoes = list(library.VETOES) + list(library.LEVEL_KEEP)
    out = []
    for first, regexes in ((0, patterns), (len(patterns), vetoes)):
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(expressions=[rx.regex.encode() for rx in regexes], ids=list(range(first, first + len(regexes))),
                   flags=[_hs_flags(rx.caseless) for rx in regexes])
        out.append(hyperscan.dumpb(db))
    return out[0], out[1]


def _load(serialized: bytes) -> hyperscan.Database:
    db = hyperscan.loadb(serialized, hyperscan.HS_MODE_BLOCK)
    db.scratch = hyperscan.Scratch(db)
    return db


class Classifier:
    """The pattern library (plus user patterns) compiled once. Thread-safe; scans are serialized.

    User patterns live in a second database: the tested built-in database is never recompiled with
    foreign regexes (some vectorscan builds drop matches only in particular pattern combinations).
    """

    def __init__(self, extra: Sequence[UserPattern | Mapping[str, Any]] = (),
                 line_model: LineModel | None = None) -> None:
        self.line_model = line_model if line_model is not None else shipped()
        entries = _builtin_entries()
        patterns, vetoes = _builtin_databases()
        self._db, self._veto_db = _load(patterns), _load(vetoes)
        self.user_patterns = tuple(_as_user_pattern(p) for p in extra)
        self._user_db: hyperscan.Database | None = None
        if self.user_patterns:
            first = len(entries)
            entries += [_Entry(up.id, up.confidence, library.USER_SPECIFICITY, validate_user_pattern(up),
                               "user pattern", True, False, True, f"user:{up.id}") for up in self.user_patterns]
            self._user_db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            self._user_db.compile(expressions=[up.regex.encode() for up in self.user_patterns],
                                  ids=list(range(first, len(entries))),
                                  flags=[_hs_flags(up.caseless) for up in self.user_patterns])
        self._entries = tuple(entries)
        self._lock = threading.Lock()

    def _scan(self, data: bytes, handler: Callable[[int, int, int, int, Any], Any]) -> None:
        """The patterns (built-in and the user's); the vetoes are `_scan_vetoes`."""
        with self._lock:
            self._db.scan(data, match_event_handler=handler)
            if self._user_db is not None:
                self._user_db.scan(data, match_event_handler=handler)

    def _scan_vetoes(self, data: bytes, handler: Callable[[int, int, int, int, Any], Any]) -> None:
        with self._lock:
            self._veto_db.scan(data, match_event_handler=handler)

    # -- choosing a winner -------------------------------------------------------------------------

    def _pick(self, ids: Sequence[int]) -> _Entry | None:
        if any(self._entries[i].hint_veto for i in ids):
            # documentation or a precaution on the line: only a program's own error with its hint (hinted) survives it
            ids = [i for i in ids if not self._entries[i].hint_veto and (
                self._entries[i].veto or self._entries[i].level_keep or self._entries[i].hinted)]
        best: _Entry | None = None
        level_vetoed = soft_vetoed = kept = False
        for i in ids:
            e = self._entries[i]
            if e.veto:
                if not e.level_veto:
                    return None
                if e.soft_level:
                    soft_vetoed = True
                else:
                    level_vetoed = True
            elif e.level_keep:
                kept = True
            elif best is None or (e.priority, e.confidence) > (best.priority, best.confidence):
                best = e
        level_vetoed = level_vetoed or (soft_vetoed and not kept)
        if level_vetoed and best is not None and not best.any_level:
            # logged at info/debug: only an event that is a failure at any level (any_level) still counts
            return self._pick([i for i in ids if self._entries[i].any_level]) if any(
                self._entries[i].any_level for i in ids) else None
        return best

    def actions_for(self, pattern_id: str) -> tuple[str, ...]:
        """Actions a user pattern asks for (empty for built-ins: the policy decides)."""
        for up in self.user_patterns:
            if up.id == pattern_id and up.actions:
                return up.actions
        return ()

    # -- one line ----------------------------------------------------------------------------------

    def classify_line(self, line: str | bytes) -> LineMatch | None:
        data = line.encode("utf-8", "surrogateescape") if isinstance(line, str) else bytes(line)
        ids: list[int] = []
        self._scan(data, lambda i, _f, _t, _fl, _c: ids.append(i))
        if not ids:
            return None
        self._scan_vetoes(data, lambda i, _f, _t, _fl, _c: ids.append(i))
        best = self._pick(ids)
        if best is None:
            return None
        text = line if isinstance(line, str) else data.decode("utf-8", "replace")
        m = best.py.search(text)
        span = m.span() if m else (0, len(text))
        return LineMatch(best.pattern, best.confidence, span, best.note, best.user, best.rule, best.strong)

    # -- a whole buffer ----------------------------------------------------------------------------

    def scan_buffer(self, data: bytes | bytearray | memoryview, first_line: int = 1
                    ) -> Iterator[tuple[int, str, float]]:
        """Yield `(line_no, pattern_id, confidence)` for every matching line of `data`, in line order.

        Lines are separated by b"\\n"; numbering starts at `first_line`. No context rules (see
        `scan_buffer_in_context`).
        """
        for no, entry, _ in self._scan_entries(bytes(data), first_line):
            yield no, entry.pattern, entry.confidence

    def scan_buffer_in_context(self, data: bytes | bytearray | memoryview, first_line: int = 1, *,
                               skip: int = 0, final: bool = True) -> ContextScan:
        """The buffer scan with the context rules of `classify_lines`, for a stream read in blocks.

        The first `skip` lines of `data` are context only (the tail of what the caller already
        reported): they get no verdict. With `final=False` (more input may follow) the verdicts stop at
        the first line whose verdict could still change with lines not read yet (a refused connection
        announced as retried, weak evidence waiting for strong evidence); the caller passes the rest
        again with the next block. Only the neighbours of the lines that matched are decoded and read,
        so the cost over `scan_buffer` is per match, not per line.
        """
        buf = bytes(data)
        lines = BufferLines(buf)
        found: dict[int, _Entry] = {}
        ends: dict[int, int] = {}  # line -> end offset of a match on it (where to start reading it)
        asked: list[int] = []  # lines whose verdict the context may change
        for no, entry, end in self._scan_entries(buf, first_line):
            idx = no - first_line
            found[idx], ends[idx] = entry, end
            if _context_may_matter(buf, entry, end):
                lines.anchor(idx, end)
                asked.append(idx)
        done = len(lines)
        if not final:  # only the last lines can wait for lines not read yet
            tail = [idx for idx in sorted(found) if idx >= max(skip, done - RETRY_LOOKAHEAD - 1)]
            for idx in tail:
                lines.anchor(idx, ends[idx])
            done = next((idx for idx in tail if _context_needs_more(lines, found.get, idx, found[idx])), done)
        dropped = {idx for idx in asked if skip <= idx < done and _context_drops(lines, found.get, idx, found[idx])}
        hits = {first_line + idx: (entry.pattern, entry.confidence) for idx, entry in found.items()
                if skip <= idx < done and idx not in dropped}
        return ContextScan(hits, done, lines.start(done))

    def _scan_entries(self, buf: bytes, first_line: int) -> Iterator[tuple[int, _Entry, int]]:
        """`(line_no, winning entry, end offset of a match on that line)` for every line that matched."""
        hits: list[tuple[int, int]] = []
        append = hits.append
        self._scan(buf, lambda i, _f, to, _fl, _c: append((to, i)))
        if not hits:
            return
        hits.sort()
        matched: list[tuple[int, list[int], int]] = []  # (line, ids of the matches on it, end offset of one of them)
        for line, (to, i) in zip(offsets_to_lines(buf, (to for to, _ in hits)), hits, strict=True):
            if matched and matched[-1][0] == line:
                matched[-1][1].append(i)
            else:
                matched.append((line, [i], to))
        self._add_vetoes(buf, matched)
        for line, ids, end in matched:
            best = self._pick(ids)
            if best is not None:
                yield first_line + line, best, end

    def _add_vetoes(self, buf: bytes, matched: Sequence[tuple[int, list[int], int]]) -> None:
        """Scan only the lines a pattern matched for vetoes (one Hyperscan call over those lines, joined), and add
        each veto's id to its line's ids."""
        spans, starts, pos = [], [], 0
        for _, _, end in matched:
            start, stop = buf.rfind(b"\n", 0, end) + 1, buf.find(b"\n", end)
            stop = len(buf) if stop < 0 else stop
            spans.append(buf[start:stop])
            starts.append(pos)
            pos += stop - start + 1
        found: list[tuple[int, int]] = []
        self._scan_vetoes(b"\n".join(spans), lambda i, _f, to, _fl, _c: found.append((to, i)))
        for to, i in found:
            matched[bisect.bisect_right(starts, to - 1) - 1][1].append(i)

    # -- self-check ---------------------------------------------------------------------------------

    def verify(self, lines: Iterable[str]) -> list[tuple[str, list[str], list[str]]]:
        """Lines where Hyperscan and Python `re` disagree: `(line, missed by hyperscan, extra in hyperscan)`.

        Some vectorscan builds drop matches in particular multi-pattern databases; the corpus tests and the
        benchmark run this to catch it (empty list = the engine agrees with the reference).
        """
        out = []
        for line in lines:
            got: set[int] = set()
            data = line.encode("utf-8", "surrogateescape")
            self._scan(data, lambda i, _f, _t, _fl, _c, got=got: got.add(i))
            self._scan_vetoes(data, lambda i, _f, _t, _fl, _c, got=got: got.add(i))
            want = {i for i, e in enumerate(self._entries) if e.py.search(line)}
            if got != want:
                out.append((line, [self._entries[i].py.pattern for i in sorted(want - got)],
                            [self._entries[i].py.pattern for i in sorted(got - want)]))
        return out

    # -- a window of lines -------------------------------------------------------------------------

    def classify_lines(self, lines: Sequence[str]) -> list[LineMatch | None]:
        """The verdict of every line, with context across adjacent lines applied (see module doc)."""
        single = [self.classify_line(line) for line in lines]

        def at(i: int) -> LineMatch | None:
            return single[i] if 0 <= i < len(single) else None

        return [None if lm is None or _context_drops(lines, at, idx, lm) else lm for idx, lm in enumerate(single)]

    def classify(self, lines: Sequence[str]) -> Classification:
        """Best pattern over a window of log lines, with candidates and redacted evidence.

        Per pattern the confidences of its lines are combined as
        `1 - (1 - max) * prod(1 - c/2 for the other lines)` (more evidence, more confidence, capped
        at 0.99). The best pattern is the most confident root cause with at least
        MIN_CAUSE_CONFIDENCE; symptoms (process_crash, container_exit, health_check_failure) win
        only when no such root cause was seen (then the most confident pattern wins).
        """
        per_line = self.classify_lines(lines)
        by_pattern: dict[str, list[tuple[int, float]]] = {}
        for idx, lm in enumerate(per_line):
            if lm is not None:
                by_pattern.setdefault(lm.pattern, []).append((idx, lm.confidence))
        candidates = [
            Candidate(pattern=pid, confidence=_aggregate([c for _, c in found]), matches=len(found),
                      first_line=found[0][0] + 1)
            for pid, found in by_pattern.items()
        ]
        candidates.sort(key=lambda c: (c.confidence, self._specificity(c.pattern)), reverse=True)
        if not candidates:
            return self._unknown(lines)
        best = max(candidates, key=lambda c: (
            c.pattern not in library.SYMPTOMS and c.confidence >= MIN_CAUSE_CONFIDENCE,
            c.confidence, self._specificity(c.pattern)))
        match_idx = [i for i, _ in by_pattern[best.pattern]][-MAX_EVIDENCE_MATCHES:]
        corroborated = None if self._is_user(best.pattern) else self.line_model.corroborates(
            best.pattern, (lines[i] for i in match_idx[-MAX_CORROBORATION_LINES:]))
        return Classification(
            pattern=best.pattern,
            confidence=best.confidence,
            candidates=candidates,
            evidence=_evidence(lines, match_idx, per_line),
            corroborated=corroborated,
        )

    def _is_user(self, pattern_id: str) -> bool:
        return any(up.id == pattern_id for up in self.user_patterns)

    def _specificity(self, pattern_id: str) -> int:
        if self._is_user(pattern_id):
            return library.USER_SPECIFICITY
        return library.SPECIFICITY.get(pattern_id, 0)

    @staticmethod
    def _unknown(lines: Sequence[str]) -> Classification:
        # A security event is reported by the vetoes, never tracked as a failure to remediate.
        failing = [idx for idx, line in enumerate(lines)
                   if (_ERRORISH.search(line) or _EXCEPTION_NAME.search(line)) and not _security_event(line)]
        if not failing:
            return Classification()
        # A bare traceback header is the same line in every Python crash: fingerprint the line that says what
        # failed (the exception at the traceback's end) when there is one.
        idx = next((i for i in failing if not _TRACEBACK_HEADER.search(lines[i])), failing[0])
        line = lines[idx]
        return Classification(
            signature=signature(redact(line)),
            signature_id=signature_id(redact(line)),
            evidence=_evidence(lines, [idx], [None] * len(lines)),
        )


@functools.cache
def _security_regex() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{rx.regex})" for rx in library.VETOES if rx.note == library.SECURITY_EVENT),
                      re.ASCII | re.IGNORECASE)


def _security_event(line: str) -> bool:
    return _security_regex().search(line) is not None


class _Verdict(Protocol):
    """What the context rules need of a line's verdict (a `LineMatch` or a library entry)."""

    @property
    def pattern(self) -> str: ...

    @property
    def strong(self) -> bool: ...


_RETRY_BYTES = re.compile(_RETRY.pattern.encode(), re.IGNORECASE)
# A cheap prefilter on raw bytes: a word the port rules (_own_second_bind, _address_not_here) need near the line.
_PORT_CONTEXT_WORDS = (b"listening", b"listens on", b"bound to", b"so_reuse", b"ntpd", b"chronyd", b"sntp",
                       b"assign requested address", b"eaddrnotavail")
# A cheap prefilter on raw bytes: a word _LOCK_CLEARED needs (the regex decides on the decoded lines).
_LOCK_CLEARED_WORDS = (b"connected", b"established", b"succeeded", b"successful", b"initialized", b"initialised",
                       b"completed", b"complete!", b"committed", b"ready to accept connections", b"free", b"released",
                       b"unlocked")


# The byte prefilter of the rules that a later line clears (_contention_cleared, _health_cleared), per pattern.
_CLEARING_WORDS = {CONTENTION: _LOCK_CLEARED_WORDS, FLAPPING: _HEALTH_CLEARED_WORDS}


def _context_may_matter(buf: bytes, entry: _Entry, end: int) -> bool:
    """Cheap test on the raw bytes: can a context rule change the verdict of the line ending a match at `end`?

    Most matched lines are strong evidence of a pattern no rule touches; a port conflict matters only
    with a word the port rules read on or near its line, a transient failure only when a retry is announced on
    its line or the next.
    """
    if not entry.strong and entry.pattern in library.NEEDS_STRONG_EVIDENCE:
        return True
    clearing = _CLEARING_WORDS.get(entry.pattern)
    if clearing is None and entry.pattern != "port_conflict" and entry.pattern not in TRANSIENT:
        return False
    start = buf.rfind(b"\n", 0, end) + 1
    stop = buf.find(b"\n", end)
    if clearing is not None:  # a lock or a monitor's verdict: only if a word that clears it is on a line after it
        following = buf[stop:_end_of_lines_after(buf, stop, RETRY_LOOKAHEAD)].lower() if stop >= 0 else b""
        return any(word in following for word in clearing)
    if entry.pattern == "port_conflict":  # only if a word a port rule needs is on the line or its neighbours
        lo = start
        for _ in range(CONTEXT_LOOKBACK):
            if lo <= 0:
                break
            lo = buf.rfind(b"\n", 0, lo - 1) + 1
        near = buf[lo:_end_of_lines_after(buf, stop, 2)].lower()
        return any(word in near for word in _PORT_CONTEXT_WORDS)
    # the retry may be announced on the next line
    return _RETRY_BYTES.search(buf, start, _end_of_lines_after(buf, stop, 1)) is not None


def _end_of_lines_after(buf: bytes, stop: int, count: int) -> int:
    """Where the `count` lines after the line ending at `stop` end (`stop` -1: the line is the buffer's last);
    the buffer's end when it ends first."""
    for _ in range(count):
        if stop < 0:
            break
        stop = buf.find(b"\n", stop + 1)
    return stop if stop >= 0 else len(buf)


def _context_drops(lines: Sequence[str], verdict_at: Callable[[int], _Verdict | None], idx: int,
                   verdict: _Verdict) -> bool:
    """Whether the neighbours of line `idx` say its match is no failure to act on (module doc)."""
    if (not verdict.strong and verdict.pattern in library.NEEDS_STRONG_EVIDENCE
            and not _strong_nearby(verdict_at, idx, verdict.pattern)):
        return True
    if verdict.pattern == "port_conflict" and (_own_second_bind(lines, idx) or _address_not_here(lines, idx)):
        return True
    if verdict.pattern == CONTENTION:
        return _contention_cleared(lines, verdict_at, idx)
    if verdict.pattern == FLAPPING:
        return _health_cleared(lines, idx)
    return verdict.pattern in TRANSIENT and _retry_succeeded(lines, verdict_at, idx)


def _context_needs_more(lines: Sequence[str], verdict_at: Callable[[int], _Verdict | None], idx: int,
                        verdict: _Verdict) -> bool:
    """Whether `_context_drops` could still change its answer for line `idx` once lines after `lines` arrive."""
    missing = len(lines) - 1 - idx  # lines known after idx
    if (not verdict.strong and verdict.pattern in library.NEEDS_STRONG_EVIDENCE and missing < CONTEXT_LOOKBACK
            and not _strong_nearby(verdict_at, idx, verdict.pattern)):
        return True
    if verdict.pattern == CONTENTION:
        return missing < RETRY_LOOKAHEAD and not _contention_cleared(lines, verdict_at, idx)
    if verdict.pattern == FLAPPING:
        return missing < RETRY_LOOKAHEAD and not _health_cleared(lines, idx)
    if verdict.pattern not in TRANSIENT or _RETRIES_EXHAUSTED.search(lines[idx]):
        return False
    if missing < 1:
        return True  # the retry may be announced on the next line
    return (missing < RETRY_LOOKAHEAD and any(_RETRY.search(line) for line in lines[idx:idx + 2])
            and not _retry_succeeded(lines, verdict_at, idx))


def _strong_nearby(verdict_at: Callable[[int], _Verdict | None], idx: int, pattern: str) -> bool:
    """Weak evidence counts only next to strong evidence of the same pattern (MISCONF right after ENOSPC)."""
    for i in range(idx - CONTEXT_LOOKBACK, idx + CONTEXT_LOOKBACK + 1):
        near = verdict_at(i)
        if near is not None and near.strong and near.pattern == pattern:
            return True
    return False


def _port_of(match: re.Match[str] | None) -> str | None:
    return next((g for g in match.groups() if g), None) if match else None


def _own_second_bind(lines: Sequence[str], idx: int) -> bool:
    """An "Address already in use" that is the daemon's own second bind of a port, or a one-shot client's bind beside
    the system's service (see _LISTEN_ANNOUNCED): the same process (tag) reported, within CONTEXT_LOOKBACK lines, that
    it listens on that port, that the port-sharing socket option was refused, or that it was started as a one-shot
    query. A failure that names no port takes the port of the listener the daemon announced right before it (CUPS
    1.1: "StartListening: address=7f000001 port=631", then "Unable to bind socket"), which must be a second listener of
    a port it already announced."""
    line = lines[idx]
    if not _IN_USE.search(line):
        return False
    port = _port_of(_FAILED_PORT.search(line))
    tag = _PROCESS_TAG.search(line)
    before = [prev for prev in lines[max(0, idx - CONTEXT_LOOKBACK):idx]
              if tag is None or (t := _PROCESS_TAG.search(prev)) is None or t.group(1) == tag.group(1)]
    announced = [_port_of(_LISTEN_ANNOUNCED.search(prev)) for prev in before]
    if port is None and announced and announced[-1] is not None:
        port, announced = announced[-1], announced[:-1]
    if port is not None and port in announced:
        return True
    for prev in before:
        refused = _REUSEPORT_REFUSED.search(prev)
        if refused and (port is None or _port_of(refused) in (None, port)):
            return True
        if _ONE_SHOT.search(prev):
            return True
    return False


def _address_not_here(lines: Sequence[str], idx: int) -> bool:
    """A bind failure that names no reason (Minecraft's "**** FAILED TO BIND TO PORT!") or only guesses one ("Perhaps a
    server is already running on that port?") whose reason, on a neighbouring line, is EADDRNOTAVAIL ("The exception
    was: java.net.BindException: Cannot assign requested address"): the configured address is not on this host, no
    port to free (round 12)."""
    if _IN_USE.search(lines[idx]):
        return False
    return any(_NOT_HERE.search(near) for near in lines[max(0, idx - 2):idx + 3])


def _retry_succeeded(lines: Sequence[str], verdict_at: Callable[[int], _Verdict | None], idx: int) -> bool:
    """A transient network failure announced as retried (on its line or the next) whose retry succeeded
    within RETRY_LOOKAHEAD lines: the failure is over."""
    if _RETRIES_EXHAUSTED.search(lines[idx]) or not any(_RETRY.search(line) for line in lines[idx:idx + 2]):
        return False
    ahead = range(idx + 1, min(len(lines), idx + 1 + RETRY_LOOKAHEAD))
    return any(verdict_at(i) is None and _SUCCESS.search(lines[i]) for i in ahead)


def _contention_cleared(lines: Sequence[str], verdict_at: Callable[[int], _Verdict | None], idx: int) -> bool:
    """A lock error followed, within RETRY_LOOKAHEAD lines, by a line that reports success (no failure of its own)
    before any other failure: the lock had a live owner and was released. More lock errors of the same burst
    in between are fine (a pool's connections all hit the same busy file). A lock error raised as an exception
    (`sqlite3.OperationalError: database is locked`, `SQLiteException [SQLITE_BUSY]`: _EXCEPTION_NAME) is never
    contention that cleared: the driver already waited its busy timeout and the work was abandoned; a success after
    it is other work."""
    if _EXCEPTION_NAME.search(lines[idx]):
        return False
    for i in range(idx + 1, min(len(lines), idx + 1 + RETRY_LOOKAHEAD)):
        near = verdict_at(i)
        if near is not None:
            if near.pattern != CONTENTION:
                return False  # another failure follows: the lock is part of it
        elif _LOCK_CLEARED.search(lines[i]):
            return True
    return False


def _health_cleared(lines: Sequence[str], idx: int) -> bool:
    """A monitor's down verdict taken back within RETRY_LOOKAHEAD lines (see _HEALTH_CLEARED): a flap, over."""
    return any(_HEALTH_CLEARED.search(line) for line in lines[idx + 1:idx + 1 + RETRY_LOOKAHEAD])


def _aggregate(confidences: Sequence[float]) -> float:
    ordered = sorted(confidences, reverse=True)
    miss = 1.0 - ordered[0]
    for c in ordered[1:]:
        miss *= 1.0 - c / 2.0
    return round(min(MAX_CONFIDENCE, 1.0 - miss), 4)


def _evidence(lines: Sequence[str], match_idx: Sequence[int], per_line: Sequence[LineMatch | None]
              ) -> list[EvidenceLine]:
    wanted: set[int] = set()
    for i in match_idx:
        wanted.update(range(max(0, i - CONTEXT_LINES), min(len(lines), i + CONTEXT_LINES + 1)))
    out = []
    for i in sorted(wanted):
        lm = per_line[i]
        text = redact(lines[i][: MAX_EVIDENCE_CHARS + 512])[:MAX_EVIDENCE_CHARS]
        out.append(EvidenceLine(line=i + 1, text=text, pattern=lm.pattern if lm else None,
                                rule=f"{lm.rule}: {lm.note}" if lm and lm.note else (lm.rule if lm else None),
                                strong=lm.strong if lm else None))
    return out
