"""GitHub issue channel (PyGithub): one open issue per problem fingerprint, comments for repeats, a closing
comment on resolution. Every GitHub failure becomes a ``ChannelError`` that the retry logic understands;
PyGithub's own retries and sleeps are switched off so our durable backoff alone decides when to try again."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager

import requests
from github import Auth, Consts, Github
from github.GithubException import GithubException
from github.Issue import Issue
from github.Repository import Repository

from controller.escalation.channel import ChannelError, EscalationResult
from controller.escalation.evidence import FINGERPRINT_MARKER, EscalationEvidence, redact

__all__ = ["GitHubChannel", "map_github_error"]

REQUEST_TIMEOUT_S = 10
# Label listing is the fallback when search fails or lags; bounded so a busy repository stays cheap.
MAX_SCANNED_ISSUES = 500


class GitHubChannel:
    name = "github"

    def __init__(
        self,
        repository: str,
        token: str,
        labels: Iterable[str] = (),
        api_url: str | None = None,
        *,
        timeout: int = REQUEST_TIMEOUT_S,
        token_source: str = "spec.escalation.github.tokenSecretRef",
    ) -> None:
        if repository.count("/") != 1 or not all(repository.split("/")):
            raise ValueError(f"repository must be 'owner/name', got {repository!r}")
        self.repository = repository
        self.labels = list(labels)
        self.token_source = token_source
        self._gh = Github(
            auth=Auth.Token(token),
            base_url=(api_url or Consts.DEFAULT_BASE_URL).rstrip("/"),
            timeout=timeout,
            retry=None,  # no urllib3/GithubRetry sleeping for minutes inside the operator
            seconds_between_requests=None,
            seconds_between_writes=None,
            per_page=100,
        )
        self._repo: Repository | None = None

    # -- public ---------------------------------------------------------------------------------------

    def escalate(self, evidence: EscalationEvidence) -> EscalationResult:
        """Open an issue for a new problem, or comment on the open issue carrying the same fingerprint."""
        with self._errors():
            issue = self.find_open_issue(evidence.fingerprint())
            if issue is None:
                issue = self._repository().create_issue(
                    title=redact(evidence.title()), body=redact(evidence.render_markdown()), labels=self.labels
                )
                return self._result(issue, "opened")
            issue.create_comment(redact(evidence.render_comment()))
            return self._result(issue, "commented")

    def resolve(self, evidence: EscalationEvidence, message: str) -> EscalationResult | None:
        """Say on the open issue that the incident resolved, and close it. None when there is no issue."""
        with self._errors():
            issue = self.find_open_issue(evidence.fingerprint())
            if issue is None:
                return None
            issue.create_comment(redact(evidence.render_resolution(message)))
            issue.edit(state="closed", state_reason="completed")
            return self._result(issue, "resolved")

    def find_open_issue(self, fingerprint: str) -> Issue | None:
        """Search API first (one call); when search fails or has not indexed the issue yet, scan the open
        issues carrying our labels. Both check the hidden marker in the body, not just the search hit."""
        try:
            found = self._search(fingerprint)
        except GithubException as exc:
            if exc.status == 401:
                raise
            found = None  # search has its own, stricter rate limit; listing still works
        except requests.RequestException:
            found = None
        if found is not None:
            return found
        return self._scan_labelled(fingerprint)

    # -- internals ------------------------------------------------------------------------------------

    def _repository(self) -> Repository:
        if self._repo is None:
            self._repo = self._gh.get_repo(self.repository)
        return self._repo

    def _search(self, fingerprint: str) -> Issue | None:
        query = f'repo:{self.repository} is:issue is:open "{fingerprint}" in:body'
        for n, hit in enumerate(self._gh.search_issues(query)):
            if n >= 20:
                break
            if hit.state == "open" and _carries(hit.body, fingerprint):
                return hit  # a full issue object: comments and edits go to its own API url
        return None

    def _scan_labelled(self, fingerprint: str) -> Issue | None:
        repo = self._repository()
        issues = repo.get_issues(state="open", labels=self.labels) if self.labels else repo.get_issues(state="open")
        for n, issue in enumerate(issues):
            if n >= MAX_SCANNED_ISSUES:
                break
            if _carries(issue.body, fingerprint):  # (a pull request never carries our marker)
                return issue
        return None

    def _result(self, issue: Issue, action: str) -> EscalationResult:
        return EscalationResult(
            channel="github", url=issue.html_url, ref=f"{self.repository}#{issue.number}", action=action
        )

    def _errors(self) -> AbstractContextManager[None]:
        return _github_errors(self.repository, self.token_source)


@contextmanager
def _github_errors(repository: str, token_source: str) -> Iterator[None]:
    """Turn PyGithub/requests failures into ChannelError."""
    try:
        yield
    except GithubException as exc:
        raise map_github_error(exc, repository, token_source) from exc
    except (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema) as exc:
        # a token with a stray control character, an apiUrl that is no URL: no retry can fix that
        raise ChannelError(f"GitHub request not possible: {type(exc).__name__} (check the token Secret and "
                           "spec.escalation.github.apiUrl)", retryable=False, reason="BadConfig") from exc
    except requests.RequestException as exc:
        raise ChannelError(f"GitHub unreachable: {type(exc).__name__}", retryable=True, reason="Unreachable") from exc


def map_github_error(
    exc: GithubException,
    repository: str,
    token_source: str = "spec.escalation.github.tokenSecretRef",
    now: float | None = None,
) -> ChannelError:
    """GitHub status + headers → retryable or not, and how long to wait (Retry-After / X-RateLimit-Reset)."""
    status = exc.status
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    message = ""
    if isinstance(exc.data, dict):
        message = str(exc.data.get("message") or "")
    retry_after = _retry_after(headers, now)

    retryable = True
    if status == 401:
        reason, retryable = "BadCredentials", False
        text = (
            f"bad token: GitHub answered 401 {message or 'Bad credentials'}; "
            f"check the Secret referenced by {token_source}"
        )
    elif status in (403, 429) and (retry_after is not None or "rate limit" in message.lower()):
        reason, text = "RateLimited", f"GitHub rate limit ({status}): {message or 'rate limited'}"
    elif status == 403:
        reason, retryable = "Forbidden", False
        text = f"forbidden: the token cannot write issues in {repository} ({message})"
    elif status == 404:
        reason, retryable = "NotFound", False
        text = f"repository {repository} not found, or the token cannot see it"
    elif status == 410:
        reason, retryable, text = "Gone", False, f"issues are disabled in {repository}"
    elif status >= 500:
        reason, text = "ServerError", f"GitHub server error {status}: {message}"
    else:
        reason, retryable = "Rejected", False
        text = f"GitHub rejected the request ({status}): {message}"
    return ChannelError(
        text, retryable=retryable, retry_after=retry_after if retryable else None, reason=reason, status=status
    )


def _retry_after(headers: dict[str, str], now: float | None) -> float | None:
    if "retry-after" in headers:
        try:
            return max(0.0, float(headers["retry-after"]))
        except ValueError:
            return None
    if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
        try:
            reset = float(headers["x-ratelimit-reset"])
        except ValueError:
            return None
        return max(1.0, reset - (time.time() if now is None else now))
    return None


def _carries(body: str | None, fingerprint: str) -> bool:
    return bool(body) and f"{FINGERPRINT_MARKER}: {fingerprint}" in body
