"""Classifier behaviour: user patterns, the buffer fast path, window classification."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from controller.patterns import Classifier, PatternError, UserPattern

DATA = Path(__file__).resolve().parents[1] / "data" / "logs"


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


def test_classify_line_returns_pattern_confidence_and_span(classifier: Classifier) -> None:
    line = "2024/11/26 [emerg] 12#12: bind() to 0.0.0.0:80 failed (98: Address already in use)"
    m = classifier.classify_line(line)
    assert m is not None
    assert m.pattern == "port_conflict" and 0.9 <= m.confidence <= 1.0
    assert line[m.span[0] : m.span[1]].lower() == "address already in use"
    assert classifier.classify_line(line.encode()) == m


def test_classify_line_on_benign_and_binary_input(classifier: Classifier) -> None:
    assert classifier.classify_line("GET / 200") is None
    assert classifier.classify_line(b"\xff\xfe\x00\x01 no space left on device") is not None
    assert classifier.classify_line("") is None


def test_user_pattern_is_used_and_outranks_builtins() -> None:
    c = Classifier([UserPattern(id="legacy_billing", regex=r"BILLING-E[0-9]{3}", actions=("restart",))])
    m = c.classify_line("BILLING-E042 connection refused by ledger")
    assert m is not None and m.pattern == "legacy_billing" and m.user
    assert c.actions_for("legacy_billing") == ("restart",)
    assert c.classify_line("connection refused")
    assert c.classify_line("connection refused").pattern == "connection_refused"


def test_user_patterns_accept_plain_dicts() -> None:
    c = Classifier([{"id": "x", "regex": "frobnicator jammed", "actions": ["restart"]}])
    assert c.classify_line("the frobnicator jammed again").pattern == "x"


@pytest.mark.parametrize(
    ("regex", "fragment"),
    [
        ("(unclosed", "invalid regex"),
        (r"(a)\1", "not supported"),
        (r"foo(?=bar)", "not supported"),
        ("x*", "empty string"),
    ],
)
def test_invalid_user_regex_names_the_pattern_and_the_problem(regex: str, fragment: str) -> None:
    with pytest.raises(PatternError) as info:
        Classifier([UserPattern(id="my_pattern", regex=regex)])
    assert "my_pattern" in str(info.value) and fragment in str(info.value)
    assert info.value.pattern_id == "my_pattern"


def test_user_pattern_rejects_unknown_actions() -> None:
    with pytest.raises(ValueError, match="unknown action"):
        UserPattern(id="x", regex="y", actions=("rm -rf",))


def _corpus_lines() -> list[str]:
    lines = [ln for f in sorted((DATA / "positive").glob("*.log")) for ln in f.read_text().splitlines()]
    for name in ("negative.log", "negative_docs.log"):
        lines += (DATA / name).read_text().splitlines()
    return lines


def test_scan_buffer_equals_line_by_line(classifier: Classifier) -> None:
    lines = _corpus_lines() * 3
    random.Random(7).shuffle(lines)
    data = ("\n".join(lines) + "\n").encode()
    fast = list(classifier.scan_buffer(data))
    slow = [(i, m.pattern, m.confidence) for i, line in enumerate(lines, 1) if (m := classifier.classify_line(line))]
    assert fast == slow
    assert [n for n, _, _ in fast] == sorted(n for n, _, _ in fast)


def test_vetoes_are_read_on_the_line_a_pattern_matched(classifier: Classifier) -> None:
    """The vetoes are scanned only on the lines a pattern matched, joined: each veto counts for its own line, the first
    and the last (no final newline) included, and a veto on a line no pattern matched changes nothing."""
    vetoed = '{"level":"info","msg":"connection refused"}'
    assert classifier.classify_line(vetoed) is None and classifier.classify_line("connection refused") is not None
    lines = [vetoed, "connection refused", '{"level":"info","msg":"ok"}', "No space left on device", vetoed]
    data = "\n".join(lines).encode()
    assert [(n, p) for n, p, _ in classifier.scan_buffer(data)] == [(2, "connection_refused"), (4, "disk_full")]
    assert sorted(classifier.scan_buffer_in_context(data).hits) == [2, 4]


def test_scan_buffer_numbering_and_edges(classifier: Classifier) -> None:
    data = b"ok\n\n\r\npanic: boom\r\nok\nNo space left on device"
    assert list(classifier.scan_buffer(data, first_line=10)) == [(13, "process_crash", 0.85), (15, "disk_full", 0.95)]
    assert list(classifier.scan_buffer(b"")) == []


def test_classify_window_prefers_root_cause_over_symptoms(classifier: Classifier) -> None:
    lines = [
        "Nov 26 05:35:30 host systemd[1]: Starting nginx.service...",
        "Nov 26 05:35:31 host nginx[99]: nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)",
        "Nov 26 05:35:31 host systemd[1]: nginx.service: Control process exited, code=exited, status=1/FAILURE",
        "Nov 26 05:35:31 host systemd[1]: nginx.service: Failed with result 'exit-code'.",
        "Nov 26 05:35:31 host systemd[1]: nginx.service: Main process exited, code=exited, status=1/FAILURE",
        "Nov 26 05:35:31 host systemd[1]: Failed to start nginx.service.",
    ]
    result = classifier.classify(lines)
    assert result.pattern == "port_conflict"
    confidences = [c.confidence for c in result.candidates]
    assert confidences == sorted(confidences, reverse=True)
    assert {c.pattern for c in result.candidates} == {"port_conflict", "process_crash"}
    crash = next(c for c in result.candidates if c.pattern == "process_crash")
    # Control process, Failed with result and Main process lines: more evidence, more confidence
    assert crash.matches == 3 and crash.confidence > 0.85
    assert [e.line for e in result.evidence] == [1, 2, 3, 4]  # the match with 2 lines of context
    assert result.evidence[1].pattern == "port_conflict"
    assert "Address already in use" in result.excerpt()


def test_classify_evidence_is_redacted(classifier: Classifier) -> None:
    lines = ["connecting to postgres://app:hunter2@db:5432/app", "psycopg2.OperationalError: connection refused"]
    result = classifier.classify(lines)
    assert result.pattern == "service_dependency"
    assert "hunter2" not in result.excerpt() and "app:***@db" in result.excerpt()


def test_classify_unknown_failure_gets_a_signature(classifier: Classifier) -> None:
    a = classifier.classify(["starting", "ERROR worker 17 lost its marbles at 2024-11-26T05:35:31Z (pid 4242)"])
    b = classifier.classify(["starting", "ERROR worker 3 lost its marbles at 2024-11-27T01:00:00Z (pid 77)"])
    assert a.pattern is None and a.signature_id and a.signature_id == b.signature_id
    assert a.evidence and a.evidence[-1].text.startswith("ERROR worker")
    assert classifier.classify(["all good", "still good"]).signature is None


def test_user_patterns_do_not_change_builtin_results(classifier: Classifier) -> None:
    data = ("\n".join(_corpus_lines()) + "\n").encode()
    with_user = Classifier([UserPattern(id="never", regex="zz-never-in-corpus-zz")])
    assert list(with_user.scan_buffer(data)) == list(classifier.scan_buffer(data))
    assert with_user.verify(_corpus_lines()) == []


def test_classifier_is_safe_to_share_between_threads(classifier: Classifier) -> None:
    data = ("\n".join(_corpus_lines()) + "\n").encode()
    expected = list(classifier.scan_buffer(data))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: list(classifier.scan_buffer(data)), range(8)))
    assert all(r == expected for r in results)


def test_malformed_user_pattern_is_a_pattern_error() -> None:
    with pytest.raises(PatternError, match=r"pattern 'p1': .*regex"):
        Classifier([{"id": "p1"}])
    with pytest.raises(PatternError, match=r"pattern 'p2': actions.*unknown action"):
        Classifier([{"id": "p2", "regex": "x", "actions": ["reboot"]}])


def test_weak_cause_does_not_hide_a_clear_crash(classifier: Classifier) -> None:
    lines = ["Waiting for database...", "db ok, starting workers",
             "[12345.678901] app[1234]: segfault at 0 ip 00007f1234567890 sp 00007ffd12345678 error 4"]
    result = classifier.classify(lines)
    assert result.pattern == "process_crash"
    assert {c.pattern for c in result.candidates} == {"process_crash", "service_dependency"}


def test_buffer_scan_in_context_agrees_with_classify_lines_on_the_corpus(classifier: Classifier) -> None:
    """`healing analyze` (buffer scan + context rules) gives every corpus line the agent's verdict."""
    from controller.patterns.quality import load_corpus

    corpus = load_corpus(Path(__file__).resolve().parents[1] / "data" / "corpus")
    checked = dropped = 0
    for lines in corpus.values():
        for block in {line.block for line in lines}:
            texts = [line.text for line in lines if line.block == block]
            agent = {no: lm.pattern for no, lm in enumerate(classifier.classify_lines(texts), 1) if lm}
            scan = classifier.scan_buffer_in_context(("\n".join(texts) + "\n").encode("utf-8", "surrogateescape"))
            assert {no: pid for no, (pid, _) in scan.hits.items()} == agent, texts[0]
            assert scan.lines == len(texts)
            checked += len(texts)
            dropped += sum(1 for _ in classifier.scan_buffer(("\n".join(texts)).encode())) - len(agent)
    assert checked > 3000 and dropped > 0  # the context rules did drop matches somewhere


def test_buffer_scan_in_context_holds_back_what_later_lines_may_change(classifier: Classifier) -> None:
    refused = b"ERROR db: connection refused, retrying in 1s\n"
    data = b"ok\n" + refused + b"still trying\n"
    scan = classifier.scan_buffer_in_context(data, first_line=1, final=False)
    assert scan.lines == 1 and scan.offset == 3 and scan.hits == {}  # line 2 waits for the retry's outcome
    assert classifier.scan_buffer_in_context(data, final=True).hits.keys() == {2}
    ok = data + b"connected to db\n"
    assert classifier.scan_buffer_in_context(ok, final=False).hits == {}
    # context lines (skip) get no verdict but are read: the dual-stack bind after sshd listened
    sshd = (b"Nov 26 05:35:31 host sshd[812]: Server listening on :: port 22.\n"
            b"Nov 26 05:35:31 host sshd[812]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.\n")
    assert classifier.scan_buffer_in_context(sshd, first_line=10, skip=1).hits == {}
    assert classifier.scan_buffer_in_context(sshd.split(b"\n", 1)[1], first_line=11).hits.keys() == {11}


def test_buffer_lines_reads_only_what_is_asked() -> None:
    from controller.patterns.lines import BufferLines

    data = b"a\nbb\n\xff\n\nccc"
    lines = BufferLines(data)
    assert len(lines) == 5 and list(lines) == ["a", "bb", "\ufffd", "", "ccc"] and lines[-1] == "ccc"
    far = BufferLines(data)
    far.anchor(4, len(data))
    assert far[3] == "" and far[1:3] == ["bb", "\ufffd"] and far.start(5) == len(data)
    assert len(BufferLines(b"")) == 0 and list(BufferLines(b"\n\n")) == ["", ""]
    with pytest.raises(IndexError):
        lines[5]
