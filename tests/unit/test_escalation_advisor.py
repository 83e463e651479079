"""The advisor's two protocols against local stand-ins speaking them: what is sent (shape, redaction, the token),
what comes back (a suggestion checked against the closed set, no suggestion, a failure with its retry delay)."""

from __future__ import annotations

import json

import pytest

from controller.escalation.advisor import (
    MAX_LINE_CHARS,
    MAX_LINES_SENT,
    MAX_REPLY_BYTES,
    AdvisorTarget,
    ask,
    build_request,
    parse_reply,
)
from controller.escalation.channel import ChannelError
from tests.fakes.advisor import FakeAdvisor, FakeOpenAI
from tests.fakes.loopback import RecordedRequest, Reply, SimpleJSONService
from tests.fakes.samples import SECRET_SHAPES

pytest_plugins = ["tests.plugins.github_server"]

LINES = ["worker: start", "worker: giving up on job 42", "worker: exit 1"]
ACTIONS = ["restart", "resetFailed"]


def test_simple_sends_signature_lines_and_allowed_actions(advisor_server: FakeAdvisor) -> None:
    answer = ask(AdvisorTarget(advisor_server.url), "7f3a9c0b1d2e", LINES, ACTIONS)
    assert (answer.action, answer.pattern, answer.rejected) == ("resetFailed", "worker_gave_up", None)
    assert "start limit" in answer.rationale
    [sent] = advisor_server.calls
    assert sent == {"signature": "7f3a9c0b1d2e", "lines": LINES, "actions": ACTIONS}
    assert "authorization" not in advisor_server.requests[0].headers  # no token configured, none sent


def test_simple_no_suggestion_null_action_and_204(advisor_server: FakeAdvisor) -> None:
    advisor_server.answers["sig-none"] = None  # 204
    advisor_server.answers["sig-null"] = {"pattern": None, "action": None, "rationale": "no idea"}
    target = AdvisorTarget(advisor_server.url)
    assert ask(target, "sig-none", LINES, ACTIONS).action is None
    null = ask(target, "sig-null", LINES, ACTIONS)
    assert null.action is None and null.rejected is None and null.rationale == "no idea"


def test_an_action_outside_the_closed_set_is_no_suggestion(advisor_server: FakeAdvisor) -> None:
    advisor_server.answers["sig-evil"] = {"pattern": "x", "action": "rm -rf /var/lib/docker", "rationale": "trust me"}
    advisor_server.answers["sig-type"] = {"action": ["restart"], "rationale": 42}
    target = AdvisorTarget(advisor_server.url)
    evil = ask(target, "sig-evil", LINES, ACTIONS)
    assert evil.action is None and evil.rejected is not None and "rm -rf" in evil.rejected
    assert "closed set" in evil.rejected
    odd = ask(target, "sig-type", LINES, ACTIONS)
    assert odd.action is None and odd.rejected and odd.rationale == ""


def test_every_line_sent_is_redacted_and_bounded(advisor_server: FakeAdvisor) -> None:
    lines = [text for text, _ in SECRET_SHAPES] + ["x" * 5000] + [f"line {i}" for i in range(100)]
    ask(AdvisorTarget(advisor_server.url), "sig-secret", [text for text, _ in SECRET_SHAPES], ACTIONS)
    raw = advisor_server.requests[-1].text
    for _, secret in SECRET_SHAPES:
        assert secret not in raw
    ask(AdvisorTarget(advisor_server.url), "sig-long", lines, ACTIONS)
    sent = advisor_server.calls[-1]["lines"]
    assert len(sent) == MAX_LINES_SENT and sent[-1] == "line 99"
    _, _, body = build_request(AdvisorTarget(advisor_server.url), "s", ["y" * 5000], ACTIONS)
    assert len(body["lines"][0]) == MAX_LINE_CHARS


def test_simple_with_a_token_sends_it_as_bearer() -> None:
    with FakeAdvisor(token="adv-token-123") as server:
        with pytest.raises(ChannelError) as refused:
            ask(AdvisorTarget(server.url), "sig", LINES, ACTIONS)
        assert refused.value.reason == "BadCredentials" and not refused.value.retryable
        assert ask(AdvisorTarget(server.url, token="adv-token-123"), "sig", LINES, ACTIONS).action == "resetFailed"
        assert server.requests[-1].headers["authorization"] == "Bearer adv-token-123"


def test_failures_carry_their_retry_delay(advisor_server: FakeAdvisor) -> None:
    target = AdvisorTarget(advisor_server.url)
    advisor_server.fail_next(503, retry_after=120)
    with pytest.raises(ChannelError) as busy:
        ask(target, "sig", LINES, ACTIONS)
    assert (busy.value.reason, busy.value.retryable, busy.value.retry_after) == ("ServerError", True, 120.0)
    advisor_server.fail_next(429)
    with pytest.raises(ChannelError) as limited:
        ask(target, "sig", LINES, ACTIONS)
    assert limited.value.reason == "RateLimited" and limited.value.retry_after is None
    advisor_server.fail_next(400)
    with pytest.raises(ChannelError) as rejected:
        ask(target, "sig", LINES, ACTIONS)
    assert rejected.value.reason == "Rejected" and not rejected.value.retryable
    with pytest.raises(ChannelError) as down:
        ask(AdvisorTarget("http://127.0.0.1:9/none"), "sig", LINES, ACTIONS, timeout=2)  # discard port
    assert down.value.reason == "Unreachable" and down.value.retryable


class _Redirector(SimpleJSONService):
    def __init__(self, to: str) -> None:
        super().__init__()
        self.to = to

    def handle(self, request: RecordedRequest) -> Reply:
        return Reply(307, {"moved": True}, {"Location": self.to})


def test_a_redirect_is_not_followed_so_the_token_stays(advisor_server: FakeAdvisor) -> None:
    with _Redirector(advisor_server.url) as redirector, pytest.raises(ChannelError) as moved:
        ask(AdvisorTarget(redirector.origin + "/v1/suggest", token="adv-token-123"), "sig", LINES, ACTIONS)
    assert moved.value.reason == "Redirected" and "final URL" in moved.value.message
    assert advisor_server.requests == []


class _Flood(SimpleJSONService):
    def handle(self, request: RecordedRequest) -> Reply:
        return Reply(200, {"action": "restart", "rationale": "x" * (2 * MAX_REPLY_BYTES)})


def test_a_huge_reply_is_not_read_whole() -> None:
    with _Flood() as flood:
        answer = ask(AdvisorTarget(flood.origin), "sig", LINES, ACTIONS)
    assert answer.action is None and answer.rejected is not None and "larger" in answer.rejected


# --- OpenAI-compatible chat completions ---------------------------------------------------------------------


def openai(server: FakeOpenAI, token: str | None = None, model: str = "gpt-4o-mini") -> AdvisorTarget:
    return AdvisorTarget(server.base_url, "OpenAI", model, server.token if token is None else token)


def test_openai_request_is_a_chat_completion_in_json_mode(openai_server: FakeOpenAI) -> None:
    answer = ask(openai(openai_server), "7f3a9c0b1d2e", LINES, ACTIONS)
    assert (answer.action, answer.pattern, answer.rejected) == ("resetFailed", "worker_gave_up", None)
    [request] = openai_server.completions
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {openai_server.token}"
    body = request.json
    assert body["model"] == "gpt-4o-mini" and body["response_format"] == {"type": "json_object"}
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    [question] = openai_server.questions()
    assert question["signature"] == "7f3a9c0b1d2e" and question["logLines"] == LINES
    assert list(question["allowedActions"]) == ACTIONS  # only what the policy allows, each with its meaning


def test_openai_base_url_with_a_trailing_slash(openai_server: FakeOpenAI) -> None:
    target = AdvisorTarget(openai_server.base_url + "/", "OpenAI", "gpt-4o-mini", openai_server.token)
    assert ask(target, "sig", LINES, ACTIONS).action == "resetFailed"


def test_openai_secrets_in_the_logs_never_reach_the_model(openai_server: FakeOpenAI) -> None:
    ask(openai(openai_server), "sig", [text for text, _ in SECRET_SHAPES], ACTIONS)
    raw = openai_server.completions[0].text
    for _, secret in SECRET_SHAPES:
        assert secret not in raw


def test_openai_answers_that_are_no_suggestion(openai_server: FakeOpenAI) -> None:
    openai_server.answers.update({
        "null": None,
        "evil": {"pattern": "x", "action": "reboot", "rationale": "turn it off and on"},
        "refused": {"_refusal": "I can't help with that."},
        "cut": {"_content": '{"pattern": "x", "act', "_finish": "length"},
        "prose": {"_content": "You should restart it."},
    })
    target = openai(openai_server)
    assert ask(target, "null", LINES, ACTIONS).action is None
    for signature, why in (("evil", "closed set"), ("refused", "refused"), ("cut", "cut off"), ("prose", "not JSON")):
        answer = ask(target, signature, LINES, ACTIONS)
        assert answer.action is None and answer.rejected is not None and why in answer.rejected, answer


def test_openai_errors(openai_server: FakeOpenAI) -> None:
    target = openai(openai_server)
    with pytest.raises(ChannelError) as bad_key:
        ask(openai(openai_server, token="sk-wrong"), "sig", LINES, ACTIONS)
    assert bad_key.value.reason == "BadCredentials" and not bad_key.value.retryable
    assert "Incorrect API key" in bad_key.value.message and "sk-wrong" not in bad_key.value.message
    openai_server.fail_with("429", retry_after=20)
    with pytest.raises(ChannelError) as limited:
        ask(target, "sig", LINES, ACTIONS)
    assert (limited.value.reason, limited.value.retryable, limited.value.retry_after) == ("RateLimited", True, 20.0)
    assert "Rate limit reached" in limited.value.message
    openai_server.fail_with("500")
    with pytest.raises(ChannelError) as broken:
        ask(target, "sig", LINES, ACTIONS)
    assert broken.value.reason == "ServerError" and broken.value.retryable and broken.value.status == 500
    with pytest.raises(ChannelError) as no_model:
        ask(openai(openai_server, model="gpt-nope"), "sig", LINES, ACTIONS)
    assert no_model.value.reason == "Rejected" and "gpt-nope" in no_model.value.message


def test_openai_rate_limit_reset_header_without_retry_after() -> None:
    headers = {"x-ratelimit-reset-requests": "6m0s", "x-ratelimit-remaining-requests": "0"}
    body = json.dumps({"error": {"message": "slow down", "type": "requests", "param": None, "code": None}}).encode()
    with pytest.raises(ChannelError) as limited:
        parse_reply("OpenAI", 429, headers, body, "http://gw/…")
    assert limited.value.retry_after == 360.0
    with pytest.raises(ChannelError) as dated:
        parse_reply("Simple", 503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, b"", "http://x/…")
    assert dated.value.retry_after == 0.0  # a date in the past: no wait beyond the backoff
