"""Stable fingerprints of unknown failure lines, so that repeats can be counted and promoted to patterns.

Everything that changes between two repeats of the same failure is masked: timestamps, pids and other
numbers, hex ids, UUIDs, container ids, IPs and ports, paths, URLs, quoted values.
"""

from __future__ import annotations

import hashlib
import re

# Order matters: larger, more specific shapes first so that their digits are not masked piecewise.
_MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    # ISO 8601 / RFC 3339 and "2024-01-02 03:04:05,123"
    (re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?"), "<ts>"),
    # syslog "Nov 26 05:35:31" and nginx "26/Nov/2024:05:35:31 +0000"
    (re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{2}:\d{2}:\d{2}"), "<ts>"),
    (re.compile(r"\b\d{1,2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2}"
                r"(?: [+-]\d{4})?"), "<ts>"),
    (re.compile(r"\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b"), "<ts>"),
    # kernel "[12345.678901]"
    (re.compile(r"\[\s*\d+\.\d+\]"), "[<ts>]"),
    (re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s\"'<>]+", re.IGNORECASE), "<url>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "<id>"),
    # IPv4 with optional port, IPv6 (loosely) with optional [..]:port
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"), "<ip>"),
    (re.compile(r"\[?\b(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\b\]?(?::\d+)?", re.IGNORECASE), "<ip>"),
    (re.compile(r"(?<![\w/.])(?:/[\w.@+-]+)+/?"), "<path>"),
    (re.compile(r"\"[^\"]*\"|'[^']*'"), "<q>"),
    (re.compile(r"\b0x[0-9a-f]+\b", re.IGNORECASE), "<hex>"),
    # container ids (12 hex) and other long hex ids with at least one digit and one letter
    (re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b"), "<hex>"),
    (re.compile(r"\d+(?:\.\d+)*"), "<n>"),
)
_SPACES = re.compile(r"\s+")


def signature(line: str) -> str:
    """The line with its variable parts masked, whitespace collapsed."""
    text = line.strip()
    for rule, repl in _MASKS:
        text = rule.sub(repl, text)
    return _SPACES.sub(" ", text)


def signature_id(line: str) -> str:
    """12 hex chars of sha256 of `signature(line)`: equal for repeats of the same failure."""
    return hashlib.sha256(signature(line).encode("utf-8", "replace")).hexdigest()[:12]
