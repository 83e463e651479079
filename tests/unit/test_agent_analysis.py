"""Failure -> Detection: which evidence wins (kernel facts, log patterns, weak hints, signatures)."""

from __future__ import annotations

import asyncio

from controller.agent.logs import Analyzer, build_detection
from controller.agent.model import Failure
from controller.api.healingpolicy import UserPattern
from controller.patterns import Classifier


def _failure(**kw: object) -> Failure:
    base: dict[str, object] = {"target_kind": "docker", "target_name": "web", "service_type": "docker",
                               "container": "web", "reason": "ContainerDied", "source": "docker-events"}
    base.update(kw)
    return Failure.model_validate(base)


def test_log_pattern_beats_weak_hint() -> None:
    lines = ["starting", "Error: listen EADDRINUSE: address already in use :::3000"]
    f = _failure(hint="container_exit", hint_confidence=0.5, exit_code=1)
    key, det = build_detection(f, lines, Classifier().classify(lines))
    assert key == "port_conflict"
    assert det.pattern == "port_conflict"
    assert det.evidence.exit_code == 1
    assert det.evidence.matched_lines == [lines[1]]
    assert {c.pattern for c in det.candidates} >= {"port_conflict"}


def test_certain_hint_beats_logs() -> None:
    lines = ["Error: connect ECONNREFUSED 10.0.0.1:8080"]
    f = _failure(reason="OOMKilled", hint="out_of_memory", hint_certain=True, hint_confidence=0.95, oom_killed=True)
    key, det = build_detection(f, lines, Classifier().classify(lines))
    assert key == "out_of_memory"
    assert det.confidence >= 0.9
    assert "connection_refused" in {c.pattern for c in det.candidates}


def test_unknown_failure_gets_a_stable_signature() -> None:
    a = ["worker 1234 crashed: error code 0x7f at /srv/app/a.py"]
    b = ["worker 99 crashed: error code 0x11 at /srv/app/b.py"]
    f = _failure(reason="UnitFailed", source="systemd", target_kind="systemd", service_type="systemd")
    key_a, det_a = build_detection(f, a, Classifier().classify(a))
    key_b, _ = build_detection(f, b, Classifier().classify(b))
    assert key_a.startswith("sig-")
    assert key_a == key_b
    assert det_a.pattern is None
    assert det_a.signature and det_a.signature_example


def test_secrets_are_redacted_in_evidence() -> None:
    lines = ["connecting to postgres://admin:s3cr3tpass@db:5432/app", "Authorization: Bearer abcdef0123456789abcdef"]
    f = _failure()
    _, det = build_detection(f, lines, Classifier().classify(lines))
    text = "\n".join(det.evidence.log_excerpt)
    assert "s3cr3tpass" not in text
    assert "abcdef0123456789abcdef" not in text


def test_policy_patterns_are_used() -> None:
    analyzer = Analyzer(journal_dir=None, retry_delays=())
    f = _failure(log_lines=["widget frobnication failed hard"],
                 patterns=[UserPattern(id="widget_frob", regex="frobnication failed", actions=["restart"])])
    key, det = asyncio.run(analyzer.analyze(f))
    assert key == "widget_frob"
    assert det.pattern == "widget_frob"


def test_huge_and_binary_log_lines_stay_small() -> None:
    analyzer = Analyzer(journal_dir=None, retry_delays=())
    lines = ["x" * 1_000_000, "\x00\x01\xff garbage \ufffd", "Error: listen EADDRINUSE: address already in use"]
    key, det = asyncio.run(analyzer.analyze(_failure(log_lines=lines)))
    assert key == "port_conflict"
    assert max(len(line) for line in det.evidence.log_excerpt) <= 500
    assert len(det.model_dump_json()) < 20_000
