"""The advisor gate, pure: never for a known pattern, once per signature while the answer is fresh (and while a call
is in flight), an operator-wide token bucket, an exponential cooldown per endpoint that honours Retry-After, and all
of it rebuilt from the policies' status after a restart; the answers kept in the policy's status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from controller.api.healingpolicy import AdvisorAnswer, AdvisorStatus, HealingPolicy, UnknownSignature
from controller.escalation.advisor import Answer
from controller.escalation.channel import ChannelError
from controller.operator.metacognition.advisor_gate import (
    MAX_ANSWERS,
    AdvisorGate,
    AdvisorLimits,
    TokenBucket,
    answer_kept,
    answer_shown,
    call_recorded,
    counted,
    endpoint_recorded,
    offerable,
)

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
EP = "http://advisor:8080/v1/suggest"
ACTIONS = ["restart", "resetFailed"]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def answered(answers: list[AdvisorAnswer], signature: str, answer: Answer, when: datetime) -> list[AdvisorAnswer]:
    return answer_kept(AdvisorStatus(answers=answers), signature, answer, ACTIONS, when)[0].answers


def test_known_patterns_are_never_sent() -> None:
    gate = AdvisorGate()
    assert gate.admit("web", EP, None, [], T0).outcome == "avoided_known_pattern"
    assert gate.bucket.tokens == 5  # no token taken


def test_once_per_signature_while_in_flight_and_while_the_answer_is_fresh() -> None:
    gate = AdvisorGate()
    assert gate.admit("web", EP, "sig-a", [], T0).outcome == "made"
    joined = gate.admit("web", EP, "sig-a", [], at(1))
    assert joined.outcome == "avoided_cache" and joined.cached is None  # waits for the call in flight
    assert gate.admit("db", EP, "sig-a", [], at(1)).outcome == "made"  # another policy asks on its own
    gate.finished(EP, at(2), None)
    entries = answered([], "sig-a", Answer(action="resetFailed", rationale="r"), at(2))
    gate.release("web", "sig-a")
    hit = gate.admit("web", EP, "sig-a", entries, at(3600))
    assert hit.outcome == "avoided_cache" and hit.cached is not None and hit.cached.action == "resetFailed"
    assert offerable(hit.cached, ACTIONS) and not offerable(hit.cached, ["restart"])
    assert gate.admit("web", EP, "sig-a", entries, at(2 + 24 * 3600)).outcome == "made"  # 24 h old: asked again


def test_no_suggestion_and_rejected_answers_are_cached_too() -> None:
    status, none = answer_kept(None, "sig-none", Answer(), ACTIONS, T0)
    status, wide = answer_kept(status, "sig-wide", Answer(action="cleanDisk"), ACTIONS, T0)
    status, evil = answer_kept(status, "sig-evil", Answer(rejected="'rm' is not one of the closed set"), ACTIONS, T0)
    assert none.rejected is None and status.suggestions_rejected == 2
    assert wide.action is None and wide.rejected is not None and "not in spec.actions" in wide.rejected
    assert evil.rejected is not None and "closed set" in evil.rejected
    gate = AdvisorGate()
    for signature in ("sig-none", "sig-wide", "sig-evil"):
        verdict = gate.admit("web", EP, signature, status.answers, at(60))
        assert verdict.outcome == "avoided_cache" and not offerable(verdict.cached, ACTIONS)


def test_the_token_bucket_is_shared_by_every_policy_and_refills() -> None:
    gate = AdvisorGate(AdvisorLimits(calls_per_hour=60, burst=2))
    assert gate.admit("a", EP, "sig-1", [], T0).outcome == "made"
    assert gate.admit("b", "http://other/", "sig-2", [], T0).outcome == "made"
    limited = gate.admit("c", "http://third/", "sig-3", [], T0)
    assert limited.outcome == "avoided_rate_limit" and limited.retry_at == at(60)  # one token a minute
    assert gate.admit("c", "http://third/", "sig-3", [], at(59)).outcome == "avoided_rate_limit"
    assert gate.admit("c", "http://third/", "sig-3", [], at(60)).outcome == "made"


def test_token_bucket_replays_calls_kept_in_status() -> None:
    bucket = TokenBucket(per_hour=30, burst=3)
    bucket.replay([at(0), at(1), at(2)])
    assert not bucket.take(at(3))
    assert bucket.available_at(at(3)) == at(120)  # 30 per hour: a token every 2 minutes after the last call
    assert bucket.take(at(120))


def test_failures_cool_the_endpoint_down_exponentially_and_honour_retry_after() -> None:
    gate = AdvisorGate(AdvisorLimits(calls_per_hour=3600, burst=100, backoff_initial=60, backoff_max=200))
    delays = []
    for n in range(4):
        now = at(1000 * n)
        assert gate.admit("web", EP, f"sig-{n}", [], now).outcome == "made"
        state = gate.finished(EP, now, ChannelError("503", retryable=True))
        gate.release("web", f"sig-{n}")
        assert state.next_allowed_at is not None
        delays.append((state.next_allowed_at - now).total_seconds())
        cooling = gate.admit("web", EP, "sig-x", [], now + timedelta(seconds=1))
        assert cooling.outcome == "avoided_cooldown" and cooling.retry_at == state.next_allowed_at
        assert gate.admit("web", "http://another/", "sig-y", [], now).outcome == "made"  # cooldown per endpoint
        gate.release("web", "sig-y")
    assert delays == [60, 120, 200, 200]
    assert gate.admit("web", EP, "sig-x", [], at(5000)).outcome == "made"
    state = gate.finished(EP, at(5000), ChannelError("429", retryable=True, retry_after=900))
    assert state.next_allowed_at == at(5900)  # longer than the backoff: the service asked
    hostile = gate.finished(EP, at(6000), ChannelError("429", retryable=True, retry_after=10**9))
    assert hostile.next_allowed_at == at(6000 + 24 * 3600)  # capped: a service cannot silence it for years
    assert gate.finished(EP, at(7000), None).next_allowed_at is None and gate.endpoints[EP].failures == 0


def test_the_gate_is_rebuilt_from_the_policies_status() -> None:
    status = endpoint_recorded(None, AdvisorGate().finished(EP, T0, ChannelError("x", retryable=True)))
    for i in range(3):
        status = call_recorded(status, at(i))
    policy = HealingPolicy.model_validate({
        "metadata": {"name": "web"},
        "spec": {"targets": [{"kind": "systemd", "match": "*"}], "escalation": {"advisor": {"url": EP}}},
        "status": {"advisor": status.dump()},
    })
    gate = AdvisorGate(AdvisorLimits(calls_per_hour=30, burst=3))
    gate.restore([policy])
    assert gate.admit("web", EP, "sig", [], at(30)).outcome == "avoided_cooldown"  # 60 s after the failure
    assert gate.admit("web", EP, "sig", [], at(61)).outcome == "avoided_rate_limit"  # 3 calls used the burst
    assert gate.admit("web", EP, "sig", [], at(122)).outcome == "made"


def test_status_counters() -> None:
    status = AdvisorStatus()
    for outcome in ("avoided_known_pattern", "avoided_cache", "avoided_cache", "avoided_cooldown",
                    "avoided_rate_limit", "made"):
        status = counted(status, outcome)  # type: ignore[arg-type]
    assert (status.calls_avoided, status.known_pattern_skips, status.cache_hits, status.cooldown_skips,
            status.rate_limited_skips, status.calls_made) == (5, 1, 2, 1, 1, 0)
    for i in range(5):
        status = call_recorded(status, at(i * 1200))  # every 20 minutes
    assert status.calls_made == 5 and status.recent_calls == [at(2400), at(3600), at(4800)]  # the last hour


def test_the_latest_answers_are_kept_and_shown_on_the_signature() -> None:
    status = AdvisorStatus()
    for i in range(MAX_ANSWERS + 10):
        status = answer_kept(status, f"sig-{i:04d}", Answer(action="restart", rationale="r" * 2000), ACTIONS, at(i))[0]
    assert len(status.answers) == MAX_ANSWERS and status.answers[0].signature == "sig-0010"  # the oldest went
    assert len(status.answers[-1].rationale) == 300
    status = answer_kept(status, "sig-0010", Answer(action="resetFailed"), ACTIONS, at(10_000))[0]
    assert [a.signature for a in status.answers].count("sig-0010") == 1 and status.answers[-1].action == "resetFailed"
    entry = answer_shown(UnknownSignature(signature="sig-0010", count=7), status.answers)
    assert (entry.count, entry.suggested_action, entry.advised_at) == (7, "resetFailed", at(10_000))
    assert answer_shown(UnknownSignature(signature="sig-x", count=2), status.answers).advised_at is None


def test_limits_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="calls per hour"):
        AdvisorLimits(calls_per_hour=0)
    with pytest.raises(ValueError, match="burst"):
        AdvisorLimits(burst=0)
    with pytest.raises(ValueError, match="initial cooldown"):
        AdvisorLimits(backoff_initial=7200, backoff_max=3600)
