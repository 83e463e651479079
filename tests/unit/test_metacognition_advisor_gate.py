"""Advisor gate against the local fake advisor: only unknown signatures, once per signature while cached,
cooldown after failures, and a suggestion always waits for approval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.operator.metacognition.advisor_gate import consult_advisor
from controller.operator.metacognition.escalate import append_escalations
from tests.fakes.advisor import FakeAdvisor
from tests.fakes.samples import DSN_PASSWORD

pytest_plugins = ["tests.plugins.github_server"]

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def policy(url: str | None, actions: tuple[str, ...] = ("restart", "resetFailed")) -> HealingPolicy:
    escalation = {"advisor": {"url": url}} if url else {}
    return HealingPolicy.model_validate(
        {
            "metadata": {"name": "web-tier"},
            "spec": {
                "targets": [{"kind": "systemd", "match": "*.service"}],
                "actions": list(actions),
                "escalation": escalation,
            },
        }
    )


def incident(failure: str = "sig-7f3a9c", node: str = "node-a", pattern: str | None = None) -> Incident:
    detection: dict[str, Any] = {
        "pattern": pattern,
        "signature": None if pattern else failure,
        "signatureExample": f"worker: giving up on job 42 (dsn postgres://u:{DSN_PASSWORD}@db/x)",
        "evidence": {
            "logExcerpt": ["worker: start", f"worker: dsn postgres://u:{DSN_PASSWORD}@db/x", "worker: gave up"]
        },
    }
    return Incident.model_validate(
        {
            "metadata": {"name": f"{node}-worker-{failure}"},
            "spec": {
                "node": node,
                "target": {"kind": "systemd", "name": "worker.service"},
                "serviceType": "systemd",
                "failure": pattern or failure,
            },
            "status": {"detection": detection},
        }
    )


async def test_known_pattern_never_calls(advisor_server: FakeAdvisor) -> None:
    decision = await consult_advisor(incident("port_conflict", pattern="port_conflict"), policy(advisor_server.url), T0)
    assert decision.outcome == "avoided_known_pattern" and not decision.called
    assert decision.state.calls_avoided == 1 and decision.state.calls_made == 0
    assert advisor_server.calls == []


async def test_not_configured_never_calls() -> None:
    decision = await consult_advisor(incident(), policy(None), T0)
    assert decision.outcome == "not_configured" and decision.approval is None


async def test_once_per_signature_and_suggestion_needs_approval(advisor_server: FakeAdvisor) -> None:
    pol = policy(advisor_server.url)
    inc = incident()
    first = await consult_advisor(inc, pol, T0)
    assert first.called and first.outcome == "made"
    assert first.suggestion is not None and first.suggestion.requires_approval
    assert first.approval is not None and first.approval.action == "restart"
    assert first.approval.confidence <= 0.3 and first.approval.approved_at is None
    assert "waiting for approval" in first.message
    assert first.escalation is not None and first.escalation.channel == "advisor"
    assert first.escalation.ref == "sig-7f3a9c"
    [entry] = first.unknown_signatures
    assert entry.signature == "sig-7f3a9c" and entry.suggested_action == "restart"
    assert DSN_PASSWORD not in entry.example
    # only redacted lines were sent
    assert len(advisor_server.calls) == 1
    assert DSN_PASSWORD not in str(advisor_server.calls[0])

    # persisted as the operator would: policy status + incident escalations
    pol.status.unknown_signatures = first.unknown_signatures
    inc.status.escalations = append_escalations(inc.status.escalations, [first.escalation])
    for minutes in (1, 30, 600):
        again = await consult_advisor(inc, pol, T0 + timedelta(minutes=minutes))
        assert again.outcome == "avoided_cache" and not again.called
        assert again.suggestion is not None and again.suggestion.action == "restart"
        assert again.approval is not None  # the cached suggestion still waits for approval
    # the same signature on another node: still cached (per signature, not per incident)
    other = await consult_advisor(incident(node="node-b"), pol, T0 + timedelta(hours=2))
    assert other.outcome == "avoided_cache"
    assert len(advisor_server.calls) == 1
    # a different signature is a new question
    new = await consult_advisor(incident("sig-0000aa"), pol, T0 + timedelta(hours=3))
    assert new.outcome == "made" and len(advisor_server.calls) == 2


async def test_no_answer_is_not_asked_again_for_the_incident(advisor_server: FakeAdvisor) -> None:
    advisor_server.answers["sig-7f3a9c"] = None  # 204
    pol, inc = policy(advisor_server.url), incident()
    first = await consult_advisor(inc, pol, T0)
    assert first.called and first.suggestion is None and first.approval is None
    inc.status.escalations = [first.escalation]
    second = await consult_advisor(inc, pol, T0 + timedelta(minutes=5))
    assert second.outcome == "avoided_cache"
    assert len(advisor_server.calls) == 1


async def test_action_outside_the_closed_set_or_the_policy_is_not_offered(advisor_server: FakeAdvisor) -> None:
    advisor_server.answers["sig-bad"] = {"pattern": None, "action": "rm -rf /var/lib", "rationale": "trust me"}
    advisor_server.answers["sig-wide"] = {"pattern": "disk_full", "action": "cleanDisk", "rationale": "disk"}
    pol = policy(advisor_server.url)
    bad = await consult_advisor(incident("sig-bad"), pol, T0)
    assert bad.called and bad.suggestion is None and bad.approval is None
    wide = await consult_advisor(incident("sig-wide"), pol, T0)
    assert wide.suggestion is not None and wide.suggestion.action == "cleanDisk"
    assert wide.approval is None and "does not allow" in wide.message


async def test_failures_cool_down(advisor_server: FakeAdvisor) -> None:
    advisor_server.fail_next(503, count=5)
    pol, inc = policy(advisor_server.url), incident()
    first = await consult_advisor(inc, pol, T0)
    assert first.called and first.suggestion is None
    assert first.escalation is not None and first.escalation.result == "Retrying"
    inc.status.escalations = [first.escalation]
    during = await consult_advisor(inc, pol, T0 + timedelta(seconds=30))
    assert during.outcome == "avoided_cooldown" and len(advisor_server.calls) == 1
    advisor_server.clear_faults()
    after = await consult_advisor(inc, pol, T0 + timedelta(seconds=61))
    assert after.outcome == "made" and after.approval is not None
    assert len(advisor_server.calls) == 2
