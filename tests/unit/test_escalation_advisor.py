"""The advisor client against a local diagnosis service: asked once per unknown signature, never for known
patterns, backs off when failing, and its suggestions are never trusted."""

from __future__ import annotations

from datetime import timedelta

from controller.escalation.advisor import LOW_CONFIDENCE, AdvisorClient, AdvisorState
from tests.fakes.advisor import FakeAdvisor
from tests.fakes.samples import SECRETS, T0

# Until tests/conftest.py lists it: the github_server / webhook_receiver / advisor_server fixtures.
pytest_plugins = ["tests.plugins.github_server"]

LINES = ["app[1]: fatal: unexpected token in /etc/app/app.toml line 3", "app[1]: exiting"]


def test_called_once_per_signature_while_cached(advisor_server: FakeAdvisor) -> None:
    client = AdvisorClient(advisor_server.url)
    first = client.suggest("sig-aaa", LINES, now=T0)
    again = [client.suggest("sig-aaa", LINES, now=T0 + timedelta(minutes=m)) for m in range(1, 6)]
    other = client.suggest("sig-bbb", LINES, now=T0)

    assert first is not None and first.action == "restart" and first.pattern == "config_error"
    assert all(s == first for s in again) and other is not None
    assert [c["signature"] for c in advisor_server.calls] == ["sig-aaa", "sig-bbb"]
    assert advisor_server.calls[0]["lines"] == LINES
    assert (client.calls_made, client.calls_avoided, client.state.cache_hits) == (2, 5, 5)


def test_never_called_for_known_patterns(advisor_server: FakeAdvisor) -> None:
    client = AdvisorClient(advisor_server.url)
    assert client.should_call(None)
    assert not client.should_call("port_conflict")
    assert client.suggest("sig-aaa", LINES, pattern_id="disk_full", now=T0) is None
    assert advisor_server.calls == []
    assert (client.calls_made, client.calls_avoided, client.state.known_pattern_skips) == (0, 2, 2)


def test_suggestions_are_low_confidence_and_need_approval(advisor_server: FakeAdvisor) -> None:
    advisor_server.answers["sig-aaa"] = {"pattern": "x", "action": "resetFailed", "rationale": "r", "confidence": 0.99}
    suggestion = AdvisorClient(advisor_server.url).suggest("sig-aaa", LINES, now=T0)
    assert suggestion is not None
    assert suggestion.confidence == LOW_CONFIDENCE and suggestion.requires_approval is True
    assert suggestion.dump()["requiresApproval"] is True and suggestion.source == "advisor"


def test_actions_outside_the_closed_set_are_rejected_and_not_asked_again(advisor_server: FakeAdvisor) -> None:
    advisor_server.answers["sig-evil"] = {"pattern": "x", "action": "rm -rf /var/lib/docker", "rationale": "trust me"}
    client = AdvisorClient(advisor_server.url)
    assert client.suggest("sig-evil", LINES, now=T0) is None
    assert client.suggest("sig-evil", LINES, now=T0 + timedelta(minutes=1)) is None
    assert len(advisor_server.calls) == 1
    assert client.state.suggestions_rejected == 1
    assert "not one of" in (client.state.cache["sig-evil"].rejected or "")


def test_no_suggestion_is_cached_too(advisor_server: FakeAdvisor) -> None:
    advisor_server.answers["sig-none"] = None  # 204 No Content
    client = AdvisorClient(advisor_server.url)
    assert client.suggest("sig-none", LINES, now=T0) is None
    assert client.suggest("sig-none", LINES, now=T0) is None
    assert len(advisor_server.calls) == 1 and client.state.suggestions_rejected == 0


def test_exponential_cooldown_while_the_service_fails(advisor_server: FakeAdvisor) -> None:
    advisor_server.fail_next(500, count=3)
    client = AdvisorClient(advisor_server.url, cooldown_initial=60, cooldown_max=200)
    now = T0
    cooldowns = []
    for _ in range(3):
        assert client.suggest("sig-aaa", LINES, now=now) is None
        cooldowns.append((client.state.next_allowed_at - now).total_seconds())
        # Within the cooldown nothing is sent, for any signature.
        assert client.suggest("sig-bbb", LINES, now=now + timedelta(seconds=1)) is None
        now = client.state.next_allowed_at
    assert cooldowns == [60, 120, 200]
    assert len(advisor_server.calls) == 3 and client.state.cooldown_skips == 3
    assert client.suggest("sig-aaa", LINES, now=now) is not None  # recovered
    assert client.state.failures == 0 and client.state.next_allowed_at is None


def test_retry_after_from_the_service_is_honoured(advisor_server: FakeAdvisor) -> None:
    advisor_server.fail_next(429, retry_after=900)
    client = AdvisorClient(advisor_server.url, cooldown_initial=60)
    client.suggest("sig-aaa", LINES, now=T0)
    assert client.state.next_allowed_at == T0 + timedelta(seconds=900)


def test_global_rate_limit(advisor_server: FakeAdvisor) -> None:
    client = AdvisorClient(advisor_server.url, max_calls_per_hour=3)
    for i in range(5):
        client.suggest(f"sig-{i}", LINES, now=T0 + timedelta(minutes=i))
    assert len(advisor_server.calls) == 3 and client.state.rate_limited_skips == 2
    assert client.suggest("sig-9", LINES, now=T0 + timedelta(minutes=61)) is not None


def test_unreachable_service_cools_down() -> None:
    client = AdvisorClient("http://127.0.0.1:9/none", timeout=2)  # discard port: nothing listens
    assert client.suggest("sig-aaa", LINES, now=T0) is None
    assert client.state.failures == 1 and "unreachable" in (client.state.last_error or "")


def test_secrets_are_redacted_before_sending(advisor_server: FakeAdvisor) -> None:
    dsn_password, bearer = SECRETS
    lines = [f"connect mysql://app:{dsn_password}@db:3306/app failed", f"Authorization: Bearer {bearer}"]
    AdvisorClient(advisor_server.url).suggest("sig-aaa", lines, now=T0)
    sent = advisor_server.requests[0].text
    assert all(secret not in sent for secret in SECRETS)


def test_state_persists_across_restarts(advisor_server: FakeAdvisor) -> None:
    client = AdvisorClient(advisor_server.url)
    client.suggest("sig-aaa", LINES, now=T0)
    stored = client.state.dump()
    assert stored["callsMade"] == 1 and "sig-aaa" in stored["cache"]

    restarted = AdvisorClient(advisor_server.url, state=AdvisorState.model_validate(stored))
    suggestion = restarted.suggest("sig-aaa", LINES, now=T0 + timedelta(hours=1))
    assert suggestion is not None and suggestion.action == "restart"
    assert len(advisor_server.calls) == 1 and restarted.calls_avoided == 1
