"""Durable delivery: backoff with jitter, Retry-After honoured, nothing lost, nothing raised."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from controller.api.healingpolicy import BackoffSpec
from controller.escalation.channel import ChannelError, EscalationResult
from controller.escalation.evidence import EscalationEvidence
from controller.escalation.retry import BackoffPolicy, RetryState, deliver, next_delay
from tests.fakes.samples import T0, sample_evidence


class ScriptedChannel:
    """A channel whose outcomes are given in advance: ChannelError/other exceptions are raised in order,
    then every call succeeds. Stands in for a remote service in pure backoff tests."""

    name = "github"

    def __init__(self, *failures: BaseException) -> None:
        self.failures = list(failures)
        self.calls: list[str] = []

    def _next(self, op: str) -> EscalationResult:
        self.calls.append(op)
        if self.failures:
            raise self.failures.pop(0)
        return EscalationResult(channel="github", url="https://x/1", ref="org/repo#1", action="opened")

    def escalate(self, evidence: EscalationEvidence) -> EscalationResult:
        return self._next("escalate")

    def resolve(self, evidence: EscalationEvidence, message: str) -> EscalationResult | None:
        self.calls.append("resolve")
        return None


NO_JITTER = BackoffPolicy(initial_seconds=10, factor=2, max_seconds=600, jitter=0)


def server_error() -> ChannelError:
    return ChannelError("GitHub server error 502", retryable=True, reason="ServerError", status=502)


def test_exponential_backoff_until_the_maximum_then_delivered() -> None:
    channel = ScriptedChannel(*[server_error() for _ in range(8)])
    state = RetryState(channel="github")
    now = T0
    delays = []
    while True:
        result, state = deliver(channel, sample_evidence(), state, now, policy=NO_JITTER)
        if state.done:
            break
        delays.append((state.next_attempt_at - now).total_seconds())
        now = state.next_attempt_at
    assert delays == [10, 20, 40, 80, 160, 320, 600, 600]
    assert result is not None and result.ref == "org/repo#1"
    assert state.attempts == 0 and state.last_error is None and state.delivered_at == now
    assert state.condition().status == "True"


def test_jitter_spreads_retries_within_bounds() -> None:
    policy = BackoffPolicy(initial_seconds=100, factor=2, max_seconds=10_000, jitter=0.2)
    rng = random.Random(7)
    delays = {next_delay(1, server_error(), policy, rng) for _ in range(50)}
    assert len(delays) > 40 and min(delays) >= 80 and max(delays) <= 120


def test_retry_after_is_honoured_even_beyond_the_maximum() -> None:
    limited = ChannelError("rate limit", retryable=True, retry_after=3000, reason="RateLimited", status=403)
    assert next_delay(1, limited, NO_JITTER) == 3000
    short = ChannelError("rate limit", retryable=True, retry_after=1, reason="RateLimited", status=403)
    assert next_delay(3, short, NO_JITTER) == 40  # our own backoff is longer: keep it


def test_not_retryable_errors_are_retried_rarely_never_dropped() -> None:
    bad = ChannelError("bad token", retryable=False, reason="BadCredentials", status=401)
    channel = ScriptedChannel(bad, bad)
    state = RetryState(channel="github")
    _, state = deliver(channel, sample_evidence(), state, T0, policy=NO_JITTER)
    assert state.next_attempt_at == T0 + timedelta(seconds=600) and not state.done
    custom = NO_JITTER.model_copy(update={"not_retryable_seconds": 3600})
    _, state = deliver(channel, sample_evidence(), state, state.next_attempt_at, policy=custom)
    assert state.attempts == 2 and state.next_attempt_at == T0 + timedelta(seconds=600 + 3600)


def test_not_due_means_nothing_is_sent() -> None:
    channel = ScriptedChannel(server_error())
    state = RetryState(channel="github")
    _, state = deliver(channel, sample_evidence(), state, T0, policy=NO_JITTER)
    assert deliver(channel, sample_evidence(), state, T0 + timedelta(seconds=9), policy=NO_JITTER) == (None, state)
    assert channel.calls == ["escalate"]
    # And a finished delivery is never repeated.
    _, state = deliver(channel, sample_evidence(), state, T0 + timedelta(seconds=10), policy=NO_JITTER)
    assert state.done
    assert deliver(channel, sample_evidence(), state, T0 + timedelta(days=1))[0] is None
    assert channel.calls == ["escalate", "escalate"]


def test_a_channel_bug_is_contained_and_retried() -> None:
    channel = ScriptedChannel(KeyError("html_url"))
    result, state = deliver(channel, sample_evidence(), RetryState(channel="github"), T0, policy=NO_JITTER)
    assert result is None and state.retryable and state.last_reason == "ChannelBug" and "KeyError" in state.last_error


def test_error_messages_in_status_are_redacted() -> None:
    leaky = ChannelError("POST https://bot:hunter2secret@ghe.example/api failed", retryable=True)
    _, state = deliver(ScriptedChannel(leaky), sample_evidence(), RetryState(channel="github"), T0)
    assert "hunter2secret" not in state.last_error
    assert "hunter2secret" not in state.condition().message


def test_state_survives_a_restart_as_status_json() -> None:
    _, state = deliver(ScriptedChannel(server_error()), sample_evidence(), RetryState(channel="github"), T0)
    stored = state.dump()
    assert set(stored) >= {"channel", "operation", "attempts", "nextAttemptAt", "lastError", "lastReason"}
    restored = RetryState.model_validate(stored)
    assert restored == state
    assert not restored.due(T0) and restored.due(restored.next_attempt_at)


def test_resolution_with_nothing_to_resolve_is_done() -> None:
    channel = ScriptedChannel()
    state = RetryState(channel="github").restart("resolve")
    result, state = deliver(channel, sample_evidence(), state, T0)
    assert result is None and state.done and channel.calls == ["resolve"]


def test_retrying_record_for_incident_status() -> None:
    _, state = deliver(ScriptedChannel(server_error()), sample_evidence(), RetryState(channel="webhook"), T0)
    record = state.record("Stuck")
    assert record is not None and record.result == "Retrying" and record.at == T0 and record.reason == "Stuck"
    assert state.condition().type == "WebhookEscalationDelivered"


@pytest.mark.parametrize(("initial", "maximum", "expected"), [("10s", "10m", (10, 600)), ("1m30s", "1h", (90, 3600))])
def test_backoff_from_the_policy_spec(initial: str, maximum: str, expected: tuple[float, float]) -> None:
    policy = BackoffPolicy.from_spec(BackoffSpec(initial=initial, factor=3, max=maximum))
    assert (policy.initial_seconds, policy.max_seconds, policy.factor) == (*expected, 3)
