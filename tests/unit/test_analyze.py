"""`healing analyze` through analyze_command and `python -m controller.patterns.analyze`."""

from __future__ import annotations

import io
import json
import selectors
import subprocess
import sys
from pathlib import Path

import pytest

from controller.patterns import Classifier
from controller.patterns import analyze as analyze_mod
from controller.patterns.analyze import analyze_command

ROOT = Path(__file__).resolve().parents[2]
LOG = (
    b"2024-11-26 INFO starting\n"
    b"Error: listen EADDRINUSE: address already in use :::3000\n"
    b"\xff\xfe\x00 binary \x80 junk\n"
    b"connect to postgres://app:hunter2@db:5432 failed: connection refused\n"
    b"retrying connection... connected\n"
    b"Nov 26 kernel: Out of memory: Killed process 1234 (java)"
)


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


def _run(paths: list[str], fmt: str = "jsonl", all_lines: bool = True, **kw) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = analyze_command(paths, fmt, all_lines, out, err=err, **kw)
    return rc, out.getvalue(), err.getvalue()


def test_jsonl_all_prints_one_object_per_line_in_order(tmp_path: Path, classifier: Classifier) -> None:
    f = tmp_path / "app.log"
    f.write_bytes(LOG)
    rc, out, err = _run([str(f)], classifier=classifier)
    assert rc == 0 and err == ""
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5, 6]
    # line 4's refused connection is retried and the retry connected (line 5): the agent's context rule
    # forgives it, and `healing analyze` applies the same rules
    assert [r["pattern"] for r in rows] == [None, "port_conflict", None, None, None, "out_of_memory"]
    assert all(0.0 <= r["confidence"] <= 1.0 and r["file"] == str(f) for r in rows)
    assert "hunter2" not in out and "app:***@db" in rows[3]["text"]
    assert "\ufffd" in rows[2]["text"]


def test_without_all_only_matching_lines(tmp_path: Path, classifier: Classifier) -> None:
    f = tmp_path / "app.log"
    f.write_bytes(LOG)
    _, out, _ = _run([str(f)], all_lines=False, classifier=classifier)
    assert [json.loads(x)["line"] for x in out.splitlines()] == [2, 6]


def test_text_format_has_summary(tmp_path: Path, classifier: Classifier) -> None:
    f = tmp_path / "app.log"
    f.write_bytes(LOG)
    rc, out, _ = _run([str(f)], fmt="text", all_lines=False, classifier=classifier)
    assert rc == 0
    assert f"{f}:2: port_conflict (0.95):" in out
    assert "2 of 6 lines matched" in out and "out_of_memory" in out.split("matched")[-1]


def test_missing_file_reports_and_continues(tmp_path: Path, classifier: Classifier) -> None:
    f = tmp_path / "app.log"
    f.write_bytes(b"panic: boom\n")
    rc, out, err = _run([str(tmp_path / "nope.log"), str(f)], classifier=classifier)
    assert rc == 2
    assert "nope.log" in err and "No such file" in err
    assert json.loads(out)["pattern"] == "process_crash"


def test_unknown_format_is_an_error(classifier: Classifier) -> None:
    rc, _, err = _run([], fmt="xml", classifier=classifier)
    assert rc == 2 and "xml" in err


def test_empty_input_and_trailing_newline(tmp_path: Path, classifier: Classifier) -> None:
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    assert _run([str(empty)], classifier=classifier)[1] == ""
    nl = tmp_path / "nl.log"
    nl.write_bytes(b"a\n\nb\n")
    assert [json.loads(x)["line"] for x in _run([str(nl)], classifier=classifier)[1].splitlines()] == [1, 2, 3]


def test_very_long_line_and_small_chunks(tmp_path: Path, classifier: Classifier,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "long.log"
    f.write_bytes(b"x" * (10 << 20) + b" No space left on device\nok\npanic: late\n")
    rc, out, _ = _run([str(f)], classifier=classifier)
    rows = [json.loads(line) for line in out.splitlines()]
    assert rc == 0 and [r["pattern"] for r in rows] == ["disk_full", None, "process_crash"]
    assert len(rows[0]["text"]) <= analyze_mod.MAX_TEXT_CHARS
    # A line over the hard cap is cut but numbering of the following lines stays right.
    monkeypatch.setattr(analyze_mod, "MAX_LINE_BYTES", 1 << 20)
    monkeypatch.setattr(analyze_mod, "CHUNK_BYTES", 64 << 10)
    rc, out, _ = _run([str(f)], classifier=classifier)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3] and rows[2]["pattern"] == "process_crash"


def test_chunk_boundaries_do_not_change_results(tmp_path: Path, classifier: Classifier,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "app.log"
    f.write_bytes((LOG + b"\n") * 50)
    _, whole, _ = _run([str(f)], classifier=classifier)
    monkeypatch.setattr(analyze_mod, "CHUNK_BYTES", 37)
    _, chunked, _ = _run([str(f)], classifier=classifier)
    assert chunked == whole and len(whole.splitlines()) == 300


SSHD = (b"Nov 26 05:35:31 host sshd[812]: Server listening on :: port 22.\n"
        b"Nov 26 05:35:31 host sshd[812]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.\n")
EPERM = (b"Jul  4 18:21:08 host com.apple.AddressBook.InternetAccountsBridge[35174]: dnssd_clientstub "
         b"ConnectToServer: connect() failed path:/var/run/mDNSResponder Socket:4 Err:-1 Errno:1 "
         b"Operation not permitted\n")
STRONG_EACCES = b'2024/11/26 05:35:31 [crit] 12#12: *1 open() "/var/www/index.html" failed (13: Permission denied)\n'


@pytest.mark.parametrize("chunk_bytes", [None, 40])
def test_context_rules_apply_as_in_the_agent(tmp_path: Path, classifier: Classifier, monkeypatch: pytest.MonkeyPatch,
                                             chunk_bytes: int | None) -> None:
    if chunk_bytes:  # blocks cut inside every context window give the same answers
        monkeypatch.setattr(analyze_mod, "CHUNK_BYTES", chunk_bytes)
    f = tmp_path / "ctx.log"
    # sshd's dual-stack bind is no conflict; the same bind failure alone is; a bare EPERM (sandbox noise) is
    # weak evidence and decides nothing alone, but counts next to a strong EACCES
    f.write_bytes(SSHD + b"filler\n" * 12 + SSHD.split(b"\n")[1] + b"\n" + b"filler\n" * 12 + EPERM
                  + b"filler\n" * 12 + EPERM + STRONG_EACCES)
    _, out, _ = _run([str(f)], classifier=classifier)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 42
    flagged = {r["line"]: r["pattern"] for r in rows if r["pattern"]}
    assert flagged == {15: "port_conflict", 41: "permission_denied", 42: "permission_denied"}
    assert [classifier.classify_line(line) is not None for line in (SSHD.split(b"\n")[1], EPERM)] == [True, True]


@pytest.mark.parametrize("chunk_bytes", [None, 45])
def test_lock_contention_that_clears_is_dropped_wherever_blocks_are_cut(
        tmp_path: Path, classifier: Classifier, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int | None) -> None:
    """A busy lock is held back until the lines after it say whether the blocked work went through."""
    if chunk_bytes:
        monkeypatch.setattr(analyze_mod, "CHUNK_BYTES", chunk_bytes)
    locked = b"ERROR r2d2: database is locked\n"
    f = tmp_path / "lock.log"
    f.write_bytes(locked * 3 + b"DEBUG db initialized\n" + b"filler\n" * 12 + locked + b"filler\n" * 3)
    _, out, _ = _run([str(f)], classifier=classifier)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 20
    assert {r["line"]: r["pattern"] for r in rows if r["pattern"]} == {17: "database_lock"}


def test_held_back_lines_are_reported_at_the_end_of_input(tmp_path: Path, classifier: Classifier) -> None:
    """A refused connection announced as retried on the last line: no more input can forgive it."""
    f = tmp_path / "tail.log"
    f.write_bytes(b"ok\nERROR db: connection refused, retrying in 1s")
    _, out, _ = _run([str(f)], classifier=classifier)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2] and rows[1]["pattern"] is not None


def test_module_entry_point_reads_stdin() -> None:
    proc = subprocess.run([sys.executable, "-m", "controller.patterns.analyze", "--format", "jsonl", "--all", "-"],
                          input=LOG, capture_output=True, cwd=ROOT, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(rows) == 6 and rows[1]["pattern"] == "port_conflict" and rows[0]["file"] == "-"


def test_stdin_results_stream_while_input_stays_open() -> None:
    """`tail -f app.log | healing analyze` prints a match before the input ends."""
    proc = subprocess.Popen([sys.executable, "-m", "controller.patterns.analyze", "--format", "jsonl", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(b"ok\nError: listen EADDRINUSE: address already in use :::3000\n")
        proc.stdin.flush()
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            assert sel.select(timeout=30), "no output while stdin is still open"
        row = json.loads(proc.stdout.readline())
        assert row["line"] == 2 and row["pattern"] == "port_conflict"
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
