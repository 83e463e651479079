"""Export library regexes as POSIX extended regular expressions for `grep -E` (benchmark baseline, docs).

Only the portable subset the library is written in is translated. Case-insensitive regexes become
bracket pairs (`[aA]`) so that one `grep` run can mix caseless and case-sensitive patterns. `\\b` has no
POSIX form; it is kept as the GNU extension (`GNU_ONLY`), which GNU grep understands.
"""

from __future__ import annotations

import string

_ERE_SPECIAL = set(".[]()*+?{}|^$\\")
_CLASS_ESCAPES = {"d": ["0-9"], "w": ["[:alnum:]", "_"], "s": ["[:space:]"]}
_OUTER_ESCAPES = {"d": "[0-9]", "D": "[^0-9]", "w": "[[:alnum:]_]", "W": "[^[:alnum:]_]",
                  "s": "[[:space:]]", "S": "[^[:space:]]"}
GNU_ONLY = ("\\b", "\\B")


class EREError(ValueError):
    """The regex uses something POSIX ERE (even GNU grep's) cannot express."""


def _literal(ch: str, caseless: bool) -> str:
    if caseless and ch in string.ascii_letters:
        return f"[{ch.lower()}{ch.upper()}]"
    return "\\" + ch if ch in _ERE_SPECIAL else ch


def _class(regex: str, i: int, caseless: bool) -> tuple[str, int]:
    """Translate the bracket expression starting at regex[i] == '['; return (ere, index after it)."""
    i += 1
    negated = regex.startswith("^", i)
    if negated:
        i += 1
    chars: list[str] = []
    ranges: list[tuple[str, str]] = []
    named: list[str] = []
    first = True
    while True:
        if i >= len(regex):
            raise EREError("unterminated character class")
        ch = regex[i]
        if ch == "]" and not first:
            i += 1
            break
        first = False
        if ch == "\\":
            esc = regex[i + 1]
            i += 2
            if esc in _CLASS_ESCAPES:
                for item in _CLASS_ESCAPES[esc]:
                    (named.append(item) if item.startswith("[:") else
                     ranges.append(("0", "9")) if item == "0-9" else chars.append(item))
            elif esc == "n":
                continue  # grep sees one line at a time: a newline never occurs
            elif esc == "t":
                chars.append("\t")
            elif esc == "r":
                chars.append("\r")
            elif esc in string.ascii_letters + string.digits:
                raise EREError(f"escape \\{esc} in a character class")
            else:
                chars.append(esc)
            continue
        if i + 2 < len(regex) and regex[i + 1] == "-" and regex[i + 2] != "]":
            ranges.append((ch, regex[i + 2]))
            i += 3
            continue
        chars.append(ch)
        i += 1
    if caseless:
        chars += [c.swapcase() for c in chars if c in string.ascii_letters]
        for lo, hi in list(ranges):
            if lo.isalpha() and hi.isalpha() and lo.islower() == hi.islower():
                ranges.append((lo.swapcase(), hi.swapcase()))
    uniq = sorted(set(chars), key=chars.index)
    if not uniq and not ranges and not named:
        if negated:
            return ".", i
        raise EREError("empty character class")
    # POSIX bracket rules: ']' first, '-' last, '^' not first.
    body = "".join(["]"] * ("]" in uniq) + [c for c in uniq if c not in "]-^"] + [f"{a}-{b}" for a, b in ranges]
                   + named + ["^"] * ("^" in uniq) + ["-"] * ("-" in uniq))
    if body == "^":
        return ("[^^]" if negated else "\\^"), i
    return f"[{'^' if negated else ''}{body}]", i


def to_ere(regex: str, caseless: bool = False) -> str:
    """The same language as `regex` (Python/Hyperscan syntax, one line at a time) as an ERE for grep -E."""
    out: list[str] = []
    i = 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            if i + 1 >= len(regex):
                raise EREError("trailing backslash")
            esc = regex[i + 1]
            i += 2
            if esc in _OUTER_ESCAPES:
                out.append(_OUTER_ESCAPES[esc])
            elif esc in "bB":
                out.append("\\" + esc)
            elif esc == "t":
                out.append("\t")
            elif esc == "r":
                out.append("\r")
            elif esc in string.ascii_letters + string.digits:
                raise EREError(f"escape \\{esc} (backreference, newline or unknown class) has no ERE form")
            else:
                out.append(_literal(esc, False))
        elif ch == "[":
            part, i = _class(regex, i, caseless)
            out.append(part)
        elif ch == "(":
            if regex.startswith("(?:", i):
                out.append("(")
                i += 3
            elif regex.startswith("(?", i):
                raise EREError(f"group syntax {regex[i:i + 3]!r} (inline flags, lookaround, named group)")
            else:
                out.append("(")
                i += 1
        elif ch in "*+?}" and regex.startswith(("?", "+"), i + 1):
            raise EREError("lazy or possessive quantifier")
        elif ch in ".*+?|)^${}":
            out.append(ch)
            i += 1
        else:
            out.append(_literal(ch, caseless))
            i += 1
    return "".join(out)
