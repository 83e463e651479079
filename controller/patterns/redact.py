"""Hide secrets in log text before it leaves the node (Incident evidence, `healing analyze` output).

Redaction keeps the number of lines, so evidence line numbers stay true.
"""

from __future__ import annotations

import functools
import re

import hyperscan

from controller.patterns.lines import offsets_to_lines

MASK = "***"

# Cheap gate: most log lines contain none of these (lower-cased) and then no rule below can match.
# Plain substring tests are ~10x faster than one case-insensitive alternation regex.
_TRIGGERS = ("@", "auth", "bearer", "basic", "token", "passw", "pwd", "secret", "key", "cred", "akia", "asia",
             "agpa", "aida", "aroa", "anpa", "anva", "aipa", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
             "eyj", "xox", "private", "cookie", "curl", "--user", "--proxy-user")


def _may_hold_secret(text: str) -> bool:
    low = text.lower()
    return any(t in low for t in _TRIGGERS)


@functools.cache
def _trigger_db() -> hyperscan.Database:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=[re.escape(t).encode() for t in _TRIGGERS], ids=list(range(len(_TRIGGERS))),
               flags=hyperscan.HS_FLAG_CASELESS)
    return db


def lines_that_may_hold_secrets(data: bytes) -> set[int]:
    """0-based indexes of the lines of `data` that `redact` could change (one Hyperscan pass)."""
    ends: list[int] = []
    _trigger_db().scan(data, match_event_handler=lambda _i, _f, to, _fl, _c: ends.append(to))
    ends.sort()
    return set(offsets_to_lines(data, ends))

_KEY_BLOCK = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----.*?(?:-----END \1-----|\Z)", re.DOTALL
)

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # scheme://user:password@host -> scheme://user:***@host (DSNs, URLs, git remotes). Unencoded '@' and '/' do
    # occur in passwords, so mask up to the last '@' before the host; '?', '#' and whitespace end the authority
    # (keeps `?email=a@b` out), and a port followed by a path (`host:443/@scope/pkg`) is not a password.
    # Bounded so that a line full of `x://y:` stays linear; the next rule catches longer plain tokens.
    (re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*:)(?!\d+(?:[/?#\s]|$))[^\s?#]{1,256}(@)"), rf"\1{MASK}\2"),
    (re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*:)[^\s@/]+(@)"), rf"\1{MASK}\2"),
    # Authorization: Bearer xyz / Basic xyz / token xyz (headers, curl -H, JSON)
    (re.compile(r"(\b(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?(?:(?:bearer|basic|token|digest|negotiate)\s+)?)"
                r"[^\s\"',;]+", re.IGNORECASE), rf"\1{MASK}"),
    (re.compile(r"(\b(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE), rf"\1{MASK}"),
    # password=..., token: ..., "api_key": "...", PGPASSWORD=..., --password=...
    (re.compile(r"(\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|"
                r"private[_-]?key|credentials?)[\w.-]*[\"']?\s*[:=]\s*[\"']?)([^\s\"',;&]+)", re.IGNORECASE),
     rf"\1{MASK}"),
    # --password secret (command lines echoed in logs)
    (re.compile(r"(--(?:password|passwd|token|secret|api[-_]key|access[-_]key)\s+)[^\s-]\S*", re.IGNORECASE),
     rf"\1{MASK}"),
    # Cookie / Set-Cookie headers carry session tokens
    (re.compile(r"(\b(?:set-)?cookie[\"']?\s*[:=]\s*[\"']?)[^\"'\n]+", re.IGNORECASE), rf"\1{MASK}"),
    # AWS access key ids
    (re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b"), MASK),
    # GitHub tokens (classic and fine-grained)
    (re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})\b"), MASK),
    # Slack tokens
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), MASK),
    # JWTs
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"), MASK),
)


# curl -u user:pass / --user user:pass / -uuser:pass / --proxy-user=user:pass (also quoted, also in option clusters
# such as -su). `-u` means something else for other commands, so the short forms count only on a curl line.
_USER_VALUE = r"""(?:"[^"\n:]*:)[^"\n]*|(?:'[^'\n:]*:)[^'\n]*|[^\s:"']*:\S+"""
_CURL_LINE = re.compile(r"\bcurl\b[^\n]*")
_CURL_USER = re.compile(rf"""(?<=\s)(-[a-zA-Z]*[uU]\s*|--(?:proxy-)?user(?:=|\s+))({_USER_VALUE})""")
# --user elsewhere (wget, http clients); a numeric uid:gid (`docker run --user 1000:1000`) is no secret.
_LONG_USER = re.compile(rf"""(?<=\s)(--(?:proxy-)?user(?:=|\s+))(?!\d+:\d+\b)({_USER_VALUE})""")


def _mask_user_value(m: re.Match[str]) -> str:
    value = m.group(2)  # a quoted value's closing quote is outside the match and stays
    return f"{m.group(1)}{value[: value.index(':') + 1]}{MASK}"


def _mask_curl_line(m: re.Match[str]) -> str:
    return _CURL_USER.sub(_mask_user_value, m.group(0))


def _mask_key_block(m: re.Match[str]) -> str:
    label = m.group(1)
    text = m.group(0)
    ended = text.endswith(f"-----END {label}-----")
    newlines = text.count("\n")
    end = f"-----END {label}-----" if ended else ""
    if newlines == 0:
        return f"-----BEGIN {label}----- {MASK} {end}".rstrip()
    # One masked line per body line keeps the line count.
    return f"-----BEGIN {label}-----" + f"\n{MASK}" * (newlines - 1) + f"\n{end or MASK}"


def redact(text: str) -> str:
    """Return `text` with secrets replaced by `***`; the number of lines is unchanged."""
    if not _may_hold_secret(text):
        return text
    text = _KEY_BLOCK.sub(_mask_key_block, text)
    for rule, repl in _RULES:
        text = rule.sub(repl, text)
    if "curl" in text:
        text = _CURL_LINE.sub(_mask_curl_line, text)
    if "-user" in text:
        text = _LONG_USER.sub(_mask_user_value, text)
    return text


class LineRedactor:
    """Redacts a stream of single lines, also hiding the body of a private key spread over lines."""

    _BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----")

    def __init__(self) -> None:
        self._in_key: str | None = None

    @property
    def active(self) -> bool:
        """True while inside a private key block."""
        return self._in_key is not None

    def __call__(self, line: str, may_hold_secret: bool = True) -> str:
        """Redact one line; `may_hold_secret=False` (from `lines_that_may_hold_secrets`) skips the work."""
        if not may_hold_secret and self._in_key is None:
            return line
        if self._in_key is not None:
            end = f"-----END {self._in_key}-----"
            pos = line.find(end)
            if pos < 0:
                return MASK
            self._in_key = None
            return MASK + redact(line[pos:])
        out = redact(line)
        if "PRIVATE KEY" not in out:
            return out
        m = self._BEGIN.search(out)
        if m and f"-----END {m.group(1)}-----" not in out[m.end():]:
            self._in_key = m.group(1)
            out = out[: m.end()] + " " + MASK
        return out
