"""The grep -E export means the same as the library regexes (checked with real GNU grep on the corpus)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from controller.patterns import library
from controller.patterns.ere import EREError, to_ere

DATA = Path(__file__).resolve().parents[1] / "data" / "logs"
REGEXES = [r for p in library.PATTERNS for r in p.regexes] + list(library.VETOES)


@pytest.mark.parametrize(("regex", "caseless", "ere"), [
    (r"(?:a|b)\d+", False, "(a|b)[0-9]+"),
    (r"Ab", True, "[aA][bB]"),
    (r"[^\"\n]*x", False, '[^"]*x'),
    (r"[^\n]+$", False, ".+$"),
    (r"[\]:|a-c-]", True, "[]:|a-cA-C-]"),
    (r"\[Errno 98\]\.", False, r"\[Errno 98\]\."),
    (r"\bfoo\b", False, r"\bfoo\b"),
])
def test_to_ere_examples(regex: str, caseless: bool, ere: str) -> None:
    assert to_ere(regex, caseless) == ere


@pytest.mark.parametrize("regex", [r"(a)\1", r"a(?=b)", r"(?i)x", r"a*?", r"\n"])
def test_inexpressible_regexes_raise(regex: str) -> None:
    with pytest.raises(EREError):
        to_ere(regex)


@pytest.mark.skipif(shutil.which("grep") is None, reason="needs grep")
def test_grep_agrees_with_python_re_on_the_corpus(tmp_path: Path) -> None:
    corpus = [ln for f in sorted((DATA / "positive").glob("*.log")) for ln in f.read_text().splitlines()]
    corpus += [ln for name in ("negative.log", "negative_docs.log") for ln in (DATA / name).read_text().splitlines()]
    log = tmp_path / "corpus.log"
    log.write_text("\n".join(corpus) + "\n")
    env = {**os.environ, "LC_ALL": "C"}
    wrong = []
    for rx in REGEXES:
        pat = tmp_path / "p.ere"
        pat.write_text(to_ere(rx.regex, rx.caseless) + "\n")
        out = subprocess.run(["grep", "-E", "-n", "-f", str(pat), str(log)], env=env, capture_output=True,
                             text=True, check=False, timeout=30)
        assert out.returncode in (0, 1), out.stderr
        got = {int(line.split(":", 1)[0]) for line in out.stdout.splitlines()}
        py = re.compile(rx.regex, re.ASCII | (re.IGNORECASE if rx.caseless else 0))
        want = {i for i, line in enumerate(corpus, 1) if py.search(line)}
        if got != want:
            wrong.append((rx.regex, sorted(got ^ want)[:3]))
    assert wrong == []
