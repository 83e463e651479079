"""PyGithub, unmodified, against a local server speaking GitHub's REST API: one issue per problem, comments
for repeats, resolution, and every failure mode mapped to a retry decision."""

from __future__ import annotations

import socket
import time
from datetime import timedelta

import pytest

from controller.escalation.channel import ChannelError
from controller.escalation.evidence import FINGERPRINT_MARKER
from controller.escalation.github import GitHubChannel
from controller.escalation.retry import BackoffPolicy, RetryState, deliver
from tests.fakes.github_server import FakeGitHub
from tests.fakes.samples import SECRETS, T0, sample_evidence

# Until tests/conftest.py lists it: the github_server / webhook_receiver / advisor_server fixtures.
pytest_plugins = ["tests.plugins.github_server"]

pytestmark = pytest.mark.integration


def channel_for(server: FakeGitHub, token: str | None = None, repo: str = "org/repo") -> GitHubChannel:
    return GitHubChannel(repo, token or server.token, ["healing", "escalation"], api_url=server.base_url)


def test_keeps_failing_opens_exactly_one_issue_and_repeats_comment(github_server: FakeGitHub) -> None:
    channel = channel_for(github_server)
    evidence = sample_evidence()

    first = channel.escalate(evidence)
    repeats = [channel.escalate(evidence.model_copy(update={"occurrences": n})) for n in (5, 6, 7)]

    issues = github_server.issues()
    assert len(issues) == 1
    issue = issues[0]
    assert first.action == "opened" and first.channel == "github"
    assert first.ref == "org/repo#1" and first.url == issue["html_url"]
    assert [r.action for r in repeats] == ["commented"] * 3
    assert {r.ref for r in repeats} == {"org/repo#1"}
    assert sorted(label["name"] for label in issue["labels"]) == ["escalation", "healing"]
    assert issue["title"] == "[healing] port_conflict on node-a: systemd/api.service (Stuck)"
    body = issue["body"]
    assert f"<!-- {FINGERPRINT_MARKER}: {evidence.fingerprint()} -->" in body
    for needle in (
        "node-a",
        "systemd/api.service",
        "port_conflict",
        "Stuck",
        "| 3 | `freePort` |",  # attempts timeline
        "VerificationFailed",
        "bind: address already in use",  # log excerpt
        "| `port_conflict` | systemd | `freePort` | 2 | 3 | 0.41 |",  # learning figures
        "kubectl get inc node-a-api-port-conflict -o yaml",
        "kubectl describe hpol web-tier",
        "journalctl -u api.service",
    ):
        assert needle in body, needle
    comments = github_server.comments(1)
    assert len(comments) == 3
    assert all("Seen again" in c["body"] for c in comments)
    assert "occurrences: 7" in comments[-1]["body"]


def test_different_problems_get_their_own_issues(github_server: FakeGitHub) -> None:
    channel = channel_for(github_server)
    channel.escalate(sample_evidence())
    channel.escalate(sample_evidence(node="node-b"))
    channel.escalate(sample_evidence(pattern=None, signature="sig-7f3a"))
    channel.escalate(sample_evidence())  # repeat of the first
    assert [i["number"] for i in github_server.issues()] == [1, 2, 3]
    assert len(github_server.comments(1)) == 1
    assert "unknown failure" in github_server.issues()[2]["title"]


def test_resolution_is_reported_and_closes_the_issue(github_server: FakeGitHub) -> None:
    channel = channel_for(github_server)
    evidence = sample_evidence()
    channel.escalate(evidence)

    result = channel.resolve(evidence, "api.service healthy for 30s after a manual fix")

    assert result is not None and result.action == "resolved" and result.ref == "org/repo#1"
    issue = github_server.issues()[0]
    assert issue["state"] == "closed" and issue["state_reason"] == "completed" and issue["closed_at"]
    last = github_server.comments(1)[-1]["body"]
    assert "Resolved" in last and "healthy for 30s after a manual fix" in last
    # Nothing open any more: resolving again is a no-op, and the next failure opens a fresh issue.
    assert channel.resolve(evidence, "again") is None
    assert channel.escalate(evidence).action == "opened"
    assert [i["state"] for i in github_server.issues()] == ["closed", "open"]


def test_dedup_survives_search_index_lag() -> None:
    # GitHub's search index lags behind writes; the label listing must still find the fresh issue.
    with FakeGitHub(search_lag=3600) as server:
        channel = channel_for(server)
        results = [channel.escalate(sample_evidence()) for _ in range(3)]
        assert [r.action for r in results] == ["opened", "commented", "commented"]
        assert len(server.issues()) == 1


def test_dedup_falls_back_to_label_listing_when_search_fails(github_server: FakeGitHub) -> None:
    channel = channel_for(github_server)
    channel.escalate(sample_evidence())
    github_server.fail_next("secondary-rate-limit", count=1, path="/search/issues")
    github_server.fail_next("500", count=1, path="/search/issues")

    assert channel.escalate(sample_evidence()).action == "commented"
    assert channel.escalate(sample_evidence()).action == "commented"
    assert len(github_server.issues()) == 1
    listing = [r for r in github_server.requests if r.path == "/repos/org/repo/issues" and r.method == "GET"]
    assert listing and listing[-1].query["labels"] == ["healing,escalation"]
    assert listing[-1].query["state"] == ["open"]


def test_ignores_issues_without_our_marker(github_server: FakeGitHub) -> None:
    evidence = sample_evidence()
    # A human quoted the fingerprint in an unrelated issue: not ours, no marker.
    github_server.add_issue("question", f"what is {evidence.fingerprint()}?", labels=("healing", "escalation"))
    assert channel_for(github_server).escalate(evidence).action == "opened"
    assert len(github_server.issues()) == 2


def test_bad_token_is_not_retryable_and_names_the_secret(github_server: FakeGitHub) -> None:
    channel = channel_for(github_server, token="ghp_wrongTokenWrongTokenWrong00000000")
    with pytest.raises(ChannelError) as caught:
        channel.escalate(sample_evidence())
    error = caught.value
    assert error.status == 401 and not error.retryable and error.reason == "BadCredentials"
    assert "tokenSecretRef" in error.message
    assert github_server.issues() == []


@pytest.mark.parametrize(
    ("fault", "status", "retry_after"),
    [("rate-limit", 403, 120), ("secondary-rate-limit", 403, 60), ("too-many-requests", 429, 45)],
)
def test_rate_limits_are_retryable_after_the_server_given_delay(
    github_server: FakeGitHub, fault: str, status: int, retry_after: int
) -> None:
    github_server.fail_next(fault, count=10, retry_after=retry_after)
    with pytest.raises(ChannelError) as caught:
        channel_for(github_server).escalate(sample_evidence())
    error = caught.value
    assert error.status == status and error.retryable and error.reason == "RateLimited"
    assert error.retry_after == pytest.approx(retry_after, abs=2)


@pytest.mark.parametrize("fault", ["500", "502", "503"])
def test_server_errors_are_retryable_and_pygithub_does_not_retry_itself(github_server: FakeGitHub, fault: str) -> None:
    github_server.fail_next(fault, count=10)
    started = time.monotonic()
    with pytest.raises(ChannelError) as caught:
        channel_for(github_server).escalate(sample_evidence())
    assert time.monotonic() - started < 5  # no urllib3/GithubRetry sleeping inside the operator
    assert caught.value.retryable and caught.value.reason == "ServerError" and caught.value.status == int(fault)
    # Search failed, label listing failed: two requests, each tried once.
    assert len(github_server.requests) == 2


def test_unreachable_github_is_retryable() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    channel = GitHubChannel("org/repo", "t", api_url=f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(ChannelError) as caught:
        channel.escalate(sample_evidence())
    assert caught.value.retryable and caught.value.reason == "Unreachable"


def test_missing_repository_is_not_retryable(github_server: FakeGitHub) -> None:
    with pytest.raises(ChannelError) as caught:
        channel_for(github_server, repo="org/nope").escalate(sample_evidence())
    assert caught.value.status == 404 and not caught.value.retryable and caught.value.reason == "NotFound"


def test_retry_state_progresses_through_outages_and_delivers_once(github_server: FakeGitHub) -> None:
    channel = channel_for(github_server)
    evidence = sample_evidence()
    policy = BackoffPolicy(initial_seconds=10, factor=2, max_seconds=600, jitter=0)
    state = RetryState(channel="github")
    github_server.fail_next("502", count=4)  # two escalations' worth: search + listing each
    github_server.fail_next("rate-limit", count=2, retry_after=300)

    now = T0
    delays = []
    result = None
    for _ in range(10):
        result, state = deliver(channel, evidence, state, now, policy=policy)
        if state.done:
            break
        assert result is None and state.next_attempt_at is not None
        # Not due yet: nothing is sent.
        sent = len(github_server.requests)
        assert deliver(channel, evidence, state, now + timedelta(seconds=1), policy=policy) == (None, state)
        assert len(github_server.requests) == sent
        delays.append((state.next_attempt_at - now).total_seconds())
        now = state.next_attempt_at

    assert delays[:2] == [10, 20]
    assert delays[2] == pytest.approx(300, abs=3)  # the rate-limit reset beats our 40 s
    assert state.done and state.attempts == 0 and state.delivered_at == now
    assert result is not None and result.action == "opened"
    assert len(github_server.issues()) == 1


def test_bad_token_never_loses_the_escalation(github_server: FakeGitHub) -> None:
    evidence = sample_evidence()
    policy = BackoffPolicy(jitter=0, max_seconds=600)
    state = RetryState(channel="github")
    _, state = deliver(channel_for(github_server, token="wrong"), evidence, state, T0, policy=policy)
    assert not state.done and state.retryable is False and state.last_reason == "BadCredentials"
    assert state.next_attempt_at == T0 + timedelta(seconds=600)
    condition = state.condition()
    assert condition.status == "False" and condition.reason == "BadCredentials"
    assert condition.type == "GitHubEscalationDelivered" and "tokenSecretRef" in condition.message
    record = state.record("Stuck")
    assert record is not None and record.result == "Failed" and record.channel == "github"
    # The Secret gets fixed; the stored state (round-tripped through CR status JSON) delivers it.
    state = RetryState.model_validate(state.dump())
    result, state = deliver(channel_for(github_server), evidence, state, state.next_attempt_at, policy=policy)
    assert state.done and result is not None and result.action == "opened"


def test_secrets_in_logs_never_reach_github(github_server: FakeGitHub) -> None:
    channel = channel_for(github_server)
    dsn_password, bearer = SECRETS
    evidence = sample_evidence(
        state=f"failed: DATABASE_URL=mysql://root:{dsn_password}@10.0.0.5/app",
        attempts=[{"action": "restart", "result": "Failed", "message": f"curl -H 'Authorization: Bearer {bearer}'"}],
    )
    channel.escalate(evidence)
    channel.escalate(evidence)
    channel.resolve(evidence, f"fixed; DSN postgresql://api:{dsn_password}@db/api works again")

    sent = github_server.bodies_sent()
    stored = [i["body"] for i in github_server.issues()] + [c["body"] for c in github_server.comments(1)]
    assert len(sent) == 4 and len(stored) == 3
    for text in sent + stored:
        for secret in SECRETS:
            assert secret not in text
    assert "db.internal:5432" in stored[0]  # the line is kept, only the secret is masked


def test_github_enterprise_api_url() -> None:
    with FakeGitHub(prefix="/api/v3") as server:
        channel = channel_for(server)
        assert channel.escalate(sample_evidence()).action == "opened"
        assert channel.escalate(sample_evidence()).action == "commented"
        assert all(r.path.startswith("/api/v3/") for r in server.requests)


SEARCH, LIST, COMMENT = "GET /search/issues", "GET /repos/org/repo/issues", "POST /repos/org/repo/issues/6/comments"


@pytest.mark.parametrize(("search_lag", "expected"), [(0.0, [SEARCH, COMMENT]), (3600.0, [SEARCH, LIST, COMMENT])])
def test_a_repeat_costs_two_or_three_requests(search_lag: float, expected: list[str]) -> None:
    # GitHub's rate limit is per token; the operator must not spend it on lazy object completion.
    with FakeGitHub(search_lag=search_lag) as server:
        for n in range(5):
            server.add_issue(f"unrelated {n}", "body", labels=("healing", "escalation"))
        channel = channel_for(server)
        channel.escalate(sample_evidence())
        before = len(server.requests)
        assert channel.escalate(sample_evidence()).action == "commented"
        assert [f"{r.method} {r.path}" for r in server.requests[before:]] == expected


def test_label_listing_follows_pagination() -> None:
    # Our issue is the oldest of 150 open ones: with 100 per page it is only on page 2 of the listing.
    with FakeGitHub(search_lag=3600) as server:
        channel = channel_for(server)
        channel.escalate(sample_evidence())
        for n in range(149):
            server.add_issue(f"unrelated {n}", "body", labels=("healing", "escalation"))
        assert channel.escalate(sample_evidence()).ref == "org/repo#1"
        pages = [r.query.get("page", ["1"])[0] for r in server.requests if r.path == "/repos/org/repo/issues"]
        assert pages[-2:] == ["1", "2"]
