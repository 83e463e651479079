"""Stand-in for ``controller.patterns.redact.redact`` used only while that module does not exist yet.
Deliberately conservative: credentials in URLs, Authorization headers, key=value secrets, known token
formats."""

from __future__ import annotations

import re

MASK = "***"

_RULES: list[tuple[re.Pattern[str], str]] = [
    # scheme://user:password@host  (DSNs: postgres, mysql, redis, amqp, http basic auth)
    (re.compile(r"(?P<pre>[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)\S+(?=@[^@\s/]+)"), r"\g<pre>" + MASK),
    # Authorization: Bearer xxx / Basic xxx / token xxx
    (re.compile(r"(?i)\b(?P<pre>(?:bearer|basic|token)\s+)[A-Za-z0-9._~+/=-]{8,}"), r"\g<pre>" + MASK),
    # password=..., "secret": "...", api_key: ...
    (
        re.compile(
            r"(?i)(?P<pre>\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)[\w.-]*"
            r"[\"']?\s*[=:]\s*[\"']?)[^\s\"',;&]+"
        ),
        r"\g<pre>" + MASK,
    ),
    # GitHub, Slack, AWS access key formats
    (re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b"), MASK),
    (re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}\b"), MASK),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), MASK),
]


def redact(text: str) -> str:
    for rule, repl in _RULES:
        text = rule.sub(repl, text)
    return text
