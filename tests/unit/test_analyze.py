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
    assert [r["pattern"] for r in rows] == [None, "port_conflict", None, "service_dependency", None,
                                             "out_of_memory"]
    assert all(0.0 <= r["confidence"] <= 1.0 and r["file"] == str(f) for r in rows)
    assert "hunter2" not in out and "app:***@db" in rows[3]["text"]
    assert "\ufffd" in rows[2]["text"]


def test_without_all_only_matching_lines(tmp_path: Path, classifier: Classifier) -> None:
    f = tmp_path / "app.log"
    f.write_bytes(LOG)
    _, out, _ = _run([str(f)], all_lines=False, classifier=classifier)
    assert [json.loads(x)["line"] for x in out.splitlines()] == [2, 4, 6]


def test_text_format_has_summary(tmp_path: Path, classifier: Classifier) -> None:
    f = tmp_path / "app.log"
    f.write_bytes(LOG)
    rc, out, _ = _run([str(f)], fmt="text", all_lines=False, classifier=classifier)
    assert rc == 0
    assert f"{f}:2: port_conflict (0.95):" in out
    assert "3 of 6 lines matched" in out and "out_of_memory" in out.split("matched")[-1]


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
