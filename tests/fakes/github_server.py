"""A local server speaking the subset of GitHub's REST API that PyGithub uses for issues, with GitHub's JSON
shapes, status codes and headers (docs.github.com/rest/issues, /rest/search, /rest/rate-limit):

    GET  /user                          GET  /rate_limit
    GET  /repos/{o}/{r}                 GET  /search/issues?q=...
    GET  /repos/{o}/{r}/issues          (state, labels, page, per_page; Link header pagination)
    POST /repos/{o}/{r}/issues          201 + Location; 422 "Validation Failed" without a title
    GET|PATCH /repos/{o}/{r}/issues/{n} (title, body, state, state_reason, labels)
    GET|POST  /repos/{o}/{r}/issues/{n}/comments

Authorization is checked against one token (``token X`` or ``Bearer X``); 401 "Bad credentials" otherwise.
``fail_next`` injects 401 / primary and secondary rate limits (403 with X-RateLimit-* or Retry-After) /
429 / 5xx for the next N requests. With ``prefix="/api/v3"`` it looks like GitHub Enterprise Server.
``search_lag`` hides issues younger than that from search, like GitHub's search index does.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from tests.fakes.loopback import LoopbackJSONServer, RecordedRequest, Reply

DOCS = "https://docs.github.com/rest"
FAULTS = ("bad-credentials", "rate-limit", "secondary-rate-limit", "too-many-requests", "500", "502", "503")


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeGitHub(LoopbackJSONServer):
    def __init__(
        self,
        token: str = "ghp_fakeTokenForTests0000000000000000",
        repos: tuple[str, ...] = ("org/repo",),
        *,
        prefix: str = "",
        login: str = "healing-bot",
        search_lag: float = 0.0,
        rate_limit: int = 5000,
    ) -> None:
        super().__init__()
        self.token = token
        self.prefix = prefix.rstrip("/")
        self.login = login
        self.search_lag = search_lag
        self.rate_limit = rate_limit
        self.rate_used = 0
        self.reset_at = int(time.time()) + 3600
        self._ids = itertools.count(1000)
        self._state_lock = threading.RLock()
        self.repos: dict[str, dict[str, Any]] = {}
        self._issues: dict[str, list[dict[str, Any]]] = {}
        self._comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self._created: dict[int, float] = {}  # issue id -> monotonic creation time, for search_lag
        self._labels: dict[str, dict[str, dict[str, Any]]] = {}
        for full_name in repos:
            self.add_repo(full_name)

    # -- addresses ------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What to pass as PyGithub's base_url / the policy's apiUrl."""
        return self.origin + self.prefix

    # -- test helpers ---------------------------------------------------------------------------------

    def add_repo(self, full_name: str) -> None:
        owner, name = full_name.split("/")
        with self._state_lock:
            self.repos[full_name] = {"owner": owner, "name": name, "id": next(self._ids)}
            self._issues.setdefault(full_name, [])
            self._labels.setdefault(full_name, {})

    def issues(self, repo: str = "org/repo") -> list[dict[str, Any]]:
        with self._state_lock:
            return [self._issue_json(repo, i) for i in self._issues[repo]]

    def comments(self, number: int, repo: str = "org/repo") -> list[dict[str, Any]]:
        with self._state_lock:
            return list(self._comments.get((repo, number), []))

    def add_issue(
        self, title: str, body: str, labels: tuple[str, ...] = (), repo: str = "org/repo", state: str = "open"
    ) -> int:
        with self._state_lock:
            issue = self._new_issue(repo, title, body, list(labels))
            if state == "closed":
                issue.update(state="closed", state_reason="completed", closed_at=_now_iso())
            self._created[issue["id"]] = float("-inf")  # seeded issues are already indexed
            return issue["number"]

    def fail_next(self, kind: str, count: int = 1, path: str | None = None, retry_after: int = 30) -> None:
        """Make the next ``count`` requests (optionally only under ``path``, without prefix) fail."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULTS}")
        self.inject(lambda: self._fault_reply(kind, retry_after), count, self.prefix + path if path else None)

    def bodies_sent(self) -> list[str]:
        """Every issue/comment body and title the client sent, for leak checks."""
        out = []
        for r in self.requests:
            if r.method in ("POST", "PATCH") and r.raw_body:
                out.append(r.text)
        return out

    # -- faults ---------------------------------------------------------------------------------------

    def _fault_reply(self, kind: str, retry_after: int) -> Reply:
        if kind == "bad-credentials":
            return Reply(401, {"message": "Bad credentials", "documentation_url": DOCS, "status": "401"})
        if kind == "rate-limit":
            reset = int(time.time()) + retry_after
            return Reply(
                403,
                {
                    "message": "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for "
                    "help, please include the request ID.",
                    "documentation_url": f"{DOCS}/overview/rate-limits-for-the-rest-api",
                    "status": "403",
                },
                {
                    "X-RateLimit-Limit": str(self.rate_limit),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": str(reset),
                    "X-RateLimit-Used": str(self.rate_limit),
                    "X-RateLimit-Resource": "core",
                },
            )
        if kind == "secondary-rate-limit":
            return Reply(
                403,
                {
                    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you "
                    "try again.",
                    "documentation_url": f"{DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                    "status": "403",
                },
                {"Retry-After": str(retry_after)},
            )
        if kind == "too-many-requests":
            return Reply(429, {"message": "Too Many Requests", "status": "429"}, {"Retry-After": str(retry_after)})
        status = int(kind)
        message = {500: "Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}[status]
        return Reply(status, {"message": message})

    def extra_headers(self, request: RecordedRequest, reply: Reply) -> dict[str, str]:
        resource = "search" if "/search/" in request.path else "core"
        limit = 30 if resource == "search" else self.rate_limit
        return {
            "X-GitHub-Api-Version-Selected": "2022-11-28",
            "X-GitHub-Media-Type": "github.v3; format=json",
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - self.rate_used)),
            "X-RateLimit-Reset": str(self.reset_at),
            "X-RateLimit-Used": str(self.rate_used),
            "X-RateLimit-Resource": resource,
        }

    # -- routing --------------------------------------------------------------------------------------

    _ROUTES: tuple[tuple[str, re.Pattern[str], str], ...] = (
        ("GET", re.compile(r"/user"), "_get_user"),
        ("GET", re.compile(r"/rate_limit"), "_get_rate_limit"),
        ("GET", re.compile(r"/search/issues"), "_search_issues"),
        ("GET", re.compile(r"/repos/(?P<o>[^/]+)/(?P<r>[^/]+)"), "_get_repo"),
        ("GET", re.compile(r"/repos/(?P<o>[^/]+)/(?P<r>[^/]+)/issues"), "_list_issues"),
        ("POST", re.compile(r"/repos/(?P<o>[^/]+)/(?P<r>[^/]+)/issues"), "_create_issue"),
        ("GET", re.compile(r"/repos/(?P<o>[^/]+)/(?P<r>[^/]+)/issues/(?P<n>\d+)"), "_get_issue"),
        ("PATCH", re.compile(r"/repos/(?P<o>[^/]+)/(?P<r>[^/]+)/issues/(?P<n>\d+)"), "_update_issue"),
        ("GET", re.compile(r"/repos/(?P<o>[^/]+)/(?P<r>[^/]+)/issues/(?P<n>\d+)/comments"), "_list_comments"),
        ("POST", re.compile(r"/repos/(?P<o>[^/]+)/(?P<r>[^/]+)/issues/(?P<n>\d+)/comments"), "_create_comment"),
    )

    def handle(self, request: RecordedRequest) -> Reply:
        auth = request.headers.get("authorization", "")
        if not auth:
            return Reply(401, {"message": "Requires authentication", "documentation_url": DOCS, "status": "401"})
        scheme, _, presented = auth.partition(" ")
        if scheme.lower() not in ("token", "bearer") or presented != self.token:
            return Reply(401, {"message": "Bad credentials", "documentation_url": DOCS, "status": "401"})
        if not request.path.startswith(self.prefix + "/"):
            return _not_found()
        path = request.path[len(self.prefix) :].rstrip("/")
        with self._state_lock:
            self.rate_used += 1
            for method, pattern, handler in self._ROUTES:
                match = pattern.fullmatch(path)
                if match and method == request.method:
                    return getattr(self, handler)(request, **match.groupdict())
            if any(p.fullmatch(path) for _, p, _ in self._ROUTES):
                return Reply(404, {"message": "Not Found", "documentation_url": DOCS, "status": "404"})
        return _not_found()

    # -- JSON shapes ----------------------------------------------------------------------------------

    def _user_json(self, login: str | None = None, kind: str = "User") -> dict[str, Any]:
        login = login or self.login
        api = f"{self.base_url}/users/{login}"
        return {
            "login": login,
            "id": 1 if login == self.login else 2,
            "node_id": "MDQ6VXNlcjE=",
            "avatar_url": f"{self.origin}/avatars/{login}",
            "gravatar_id": "",
            "url": api,
            "html_url": f"{self.origin}/{login}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": kind,
            "user_view_type": "public",
            "site_admin": False,
        }

    def _repo_json(self, full_name: str) -> dict[str, Any]:
        repo = self.repos[full_name]
        api = f"{self.base_url}/repos/{full_name}"
        open_count = sum(1 for i in self._issues[full_name] if i["state"] == "open")
        return {
            "id": repo["id"],
            "node_id": f"R_kgDO{repo['id']}",
            "name": repo["name"],
            "full_name": full_name,
            "private": False,
            "owner": self._user_json(repo["owner"], "Organization"),
            "html_url": f"{self.origin}/{full_name}",
            "description": "fake repository for escalation tests",
            "fork": False,
            "url": api,
            "issues_url": f"{api}/issues{{/number}}",
            "issue_comment_url": f"{api}/issues/comments{{/number}}",
            "labels_url": f"{api}/labels{{/name}}",
            "events_url": f"{api}/events",
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": _now_iso(),
            "pushed_at": _now_iso(),
            "homepage": None,
            "size": 1,
            "stargazers_count": 0,
            "watchers_count": 0,
            "language": "Python",
            "has_issues": True,
            "has_projects": False,
            "has_wiki": False,
            "archived": False,
            "disabled": False,
            "open_issues_count": open_count,
            "open_issues": open_count,
            "forks": 0,
            "watchers": 0,
            "default_branch": "main",
            "visibility": "public",
            "permissions": {"admin": False, "maintain": False, "push": True, "triage": True, "pull": True},
        }

    def _label(self, repo: str, name: str) -> dict[str, Any]:
        labels = self._labels[repo]
        if name not in labels:
            label_id = next(self._ids)
            labels[name] = {
                "id": label_id,
                "node_id": f"LA_kwDO{label_id}",
                "url": f"{self.base_url}/repos/{repo}/labels/{name}",
                "name": name,
                "color": "ededed",
                "default": False,
                "description": None,
            }
        return labels[name]

    def _new_issue(self, repo: str, title: str, body: str | None, labels: list[str]) -> dict[str, Any]:
        number = len(self._issues[repo]) + 1
        issue_id = next(self._ids)
        now = _now_iso()
        issue = {
            "id": issue_id,
            "number": number,
            "title": title,
            "body": body,
            "labels": [self._label(repo, name)["name"] for name in labels],
            "state": "open",
            "state_reason": None,
            "created_at": now,
            "updated_at": now,
            "closed_at": None,
            "comments": 0,
        }
        self._issues[repo].append(issue)
        self._created[issue_id] = time.monotonic()
        return issue

    def _issue_json(self, repo: str, issue: dict[str, Any]) -> dict[str, Any]:
        api = f"{self.base_url}/repos/{repo}/issues/{issue['number']}"
        return {
            "id": issue["id"],
            "node_id": f"I_kwDO{issue['id']}",
            "url": api,
            "repository_url": f"{self.base_url}/repos/{repo}",
            "labels_url": f"{api}/labels{{/name}}",
            "comments_url": f"{api}/comments",
            "events_url": f"{api}/events",
            "html_url": f"{self.origin}/{repo}/issues/{issue['number']}",
            "number": issue["number"],
            "state": issue["state"],
            "state_reason": issue["state_reason"],
            "title": issue["title"],
            "body": issue["body"],
            "user": self._user_json(),
            "labels": [self._label(repo, name) for name in issue["labels"]],
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "locked": False,
            "active_lock_reason": None,
            "comments": issue["comments"],
            "closed_at": issue["closed_at"],
            "created_at": issue["created_at"],
            "updated_at": issue["updated_at"],
            "closed_by": self._user_json() if issue["state"] == "closed" else None,
            "author_association": "MEMBER",
            "timeline_url": f"{api}/timeline",
            "performed_via_github_app": None,
            "reactions": {
                "url": f"{api}/reactions",
                "total_count": 0,
                "+1": 0,
                "-1": 0,
                "laugh": 0,
                "hooray": 0,
                "confused": 0,
                "heart": 0,
                "rocket": 0,
                "eyes": 0,
            },
        }

    # -- handlers -------------------------------------------------------------------------------------

    def _get_user(self, request: RecordedRequest) -> Reply:
        return Reply(200, self._user_json())

    def _get_rate_limit(self, request: RecordedRequest) -> Reply:
        core = {
            "limit": self.rate_limit,
            "used": self.rate_used,
            "remaining": self.rate_limit - self.rate_used,
            "reset": self.reset_at,
        }
        search = {"limit": 30, "used": 0, "remaining": 30, "reset": self.reset_at}
        return Reply(200, {"resources": {"core": core, "search": search}, "rate": core})

    def _get_repo(self, request: RecordedRequest, o: str, r: str) -> Reply:
        full_name = f"{o}/{r}"
        if full_name not in self.repos:
            return _not_found("repos/repos#get-a-repository")
        return Reply(200, self._repo_json(full_name))

    def _find_issue(self, repo: str, n: str) -> dict[str, Any] | None:
        if repo not in self.repos:
            return None
        issues = self._issues[repo]
        index = int(n) - 1
        return issues[index] if 0 <= index < len(issues) else None

    def _list_issues(self, request: RecordedRequest, o: str, r: str) -> Reply:
        repo = f"{o}/{r}"
        if repo not in self.repos:
            return _not_found("issues/issues#list-repository-issues")
        state = _param(request, "state", "open")
        if state not in ("open", "closed", "all"):
            return _validation_failed("Issue", "state", "invalid")
        wanted = {x.strip() for x in _param(request, "labels", "").split(",") if x.strip()}
        found = [
            i for i in self._issues[repo] if (state == "all" or i["state"] == state) and wanted.issubset(i["labels"])
        ]
        direction = _param(request, "direction", "desc")
        found.sort(key=lambda i: i["number"], reverse=direction != "asc")
        items = [self._issue_json(repo, i) for i in found]
        return self._page(request, items, lambda page: page)

    def _create_issue(self, request: RecordedRequest, o: str, r: str) -> Reply:
        repo = f"{o}/{r}"
        if repo not in self.repos:
            return _not_found("issues/issues#create-an-issue")
        data = request.json or {}
        title = data.get("title")
        if not isinstance(title, str | int) or not str(title).strip():
            return _validation_failed("Issue", "title", "missing_field")
        body = data.get("body")
        if body is not None and len(body) > 65536:
            return _validation_failed("Issue", "body", "custom", "body is too long (maximum is 65536 characters)")
        issue = self._new_issue(repo, str(title), body, [str(x) for x in data.get("labels") or []])
        payload = self._issue_json(repo, issue)
        return Reply(201, payload, {"Location": payload["url"]})

    def _get_issue(self, request: RecordedRequest, o: str, r: str, n: str) -> Reply:
        issue = self._find_issue(f"{o}/{r}", n)
        if issue is None:
            return _not_found("issues/issues#get-an-issue")
        return Reply(200, self._issue_json(f"{o}/{r}", issue))

    def _update_issue(self, request: RecordedRequest, o: str, r: str, n: str) -> Reply:
        repo = f"{o}/{r}"
        issue = self._find_issue(repo, n)
        if issue is None:
            return _not_found("issues/issues#update-an-issue")
        data = request.json or {}
        if "state" in data and data["state"] not in ("open", "closed"):
            return _validation_failed("Issue", "state", "invalid")
        reason = data.get("state_reason")
        if reason is not None and reason not in ("completed", "not_planned", "reopened", "duplicate"):
            return _validation_failed("Issue", "state_reason", "invalid")
        for key in ("title", "body"):
            if key in data:
                issue[key] = data[key]
        if "labels" in data:
            issue["labels"] = [self._label(repo, str(x))["name"] for x in data["labels"]]
        if data.get("state") == "closed" and issue["state"] != "closed":
            issue.update(state="closed", closed_at=_now_iso(), state_reason=reason or "completed")
        elif data.get("state") == "open" and issue["state"] != "open":
            issue.update(state="open", closed_at=None, state_reason="reopened")
        issue["updated_at"] = _now_iso()
        return Reply(200, self._issue_json(repo, issue))

    def _comment_json(self, repo: str, number: int, comment: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": comment["id"],
            "node_id": f"IC_kwDO{comment['id']}",
            "url": f"{self.base_url}/repos/{repo}/issues/comments/{comment['id']}",
            "html_url": f"{self.origin}/{repo}/issues/{number}#issuecomment-{comment['id']}",
            "body": comment["body"],
            "user": self._user_json(),
            "created_at": comment["created_at"],
            "updated_at": comment["created_at"],
            "issue_url": f"{self.base_url}/repos/{repo}/issues/{number}",
            "author_association": "MEMBER",
        }

    def _list_comments(self, request: RecordedRequest, o: str, r: str, n: str) -> Reply:
        repo = f"{o}/{r}"
        issue = self._find_issue(repo, n)
        if issue is None:
            return _not_found("issues/comments#list-issue-comments")
        items = [self._comment_json(repo, issue["number"], c) for c in self._comments.get((repo, issue["number"]), [])]
        return self._page(request, items, lambda page: page)

    def _create_comment(self, request: RecordedRequest, o: str, r: str, n: str) -> Reply:
        repo = f"{o}/{r}"
        issue = self._find_issue(repo, n)
        if issue is None:
            return _not_found("issues/comments#create-an-issue-comment")
        body = (request.json or {}).get("body")
        if not isinstance(body, str) or not body:
            return _validation_failed("IssueComment", "body", "missing_field")
        comment = {"id": next(self._ids), "body": body, "created_at": _now_iso()}
        self._comments.setdefault((repo, issue["number"]), []).append(comment)
        issue["comments"] += 1
        issue["updated_at"] = comment["created_at"]
        payload = self._comment_json(repo, issue["number"], comment)
        return Reply(201, payload, {"Location": payload["url"]})

    def _search_issues(self, request: RecordedRequest) -> Reply:
        q = _param(request, "q", "")
        if not q.strip():
            return _validation_failed("Search", "q", "missing")
        terms = _parse_query(q)
        hits = []
        for repo, issues in self._issues.items():
            for issue in issues:
                if time.monotonic() - self._created[issue["id"]] < self.search_lag:
                    continue  # not indexed yet
                if _matches(terms, repo, issue):
                    hits.append(self._issue_json(repo, issue) | {"score": 1.0})
        return self._page(
            request, hits, lambda page: {"total_count": len(hits), "incomplete_results": False, "items": page}
        )

    # -- pagination -----------------------------------------------------------------------------------

    def _page(self, request: RecordedRequest, items: list[Any], wrap: Any) -> Reply:
        per_page = min(100, max(1, int(_param(request, "per_page", "30"))))
        page = max(1, int(_param(request, "page", "1")))
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        links = []
        params = {k: v[-1] for k, v in request.query.items()}

        def url(p: int) -> str:
            return f"{self.origin}{request.path}?{urlencode(params | {'per_page': per_page, 'page': p})}"

        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links += [f'<{url(1)}>; rel="first"', f'<{url(page - 1)}>; rel="prev"']
        if links:
            headers["Link"] = ", ".join(links)
        return Reply(200, wrap(chunk), headers)


def _param(request: RecordedRequest, name: str, default: str) -> str:
    values = request.query.get(name)
    return values[-1] if values else default


def _not_found(doc: str = "") -> Reply:
    return Reply(404, {"message": "Not Found", "documentation_url": f"{DOCS}/{doc}" if doc else DOCS, "status": "404"})


def _validation_failed(resource: str, field: str, code: str, message: str | None = None) -> Reply:
    error = {"resource": resource, "field": field, "code": code}
    if message:
        error["message"] = message
    return Reply(422, {"message": "Validation Failed", "errors": [error], "documentation_url": DOCS, "status": "422"})


_TOKEN = re.compile(r'(-?)(\w+):"([^"]*)"|(-?)(\w+):(\S+)|"([^"]*)"|(\S+)')


def _parse_query(q: str) -> dict[str, list[str]]:
    """Search syntax subset: qualifiers (repo:, is:, state:, label:, in:) and quoted or bare terms."""
    terms: dict[str, list[str]] = {"text": []}
    for m in _TOKEN.finditer(q):
        key = m.group(2) or m.group(5)
        value = m.group(3) if m.group(2) else m.group(6)
        if key:
            terms.setdefault(key.lower(), []).append(value)
        else:
            terms["text"].append(m.group(7) if m.group(7) is not None else m.group(8))
    return terms


def _matches(terms: dict[str, list[str]], repo: str, issue: dict[str, Any]) -> bool:
    if any(r.lower() != repo.lower() for r in terms.get("repo", [])):
        return False
    for flag in terms.get("is", []) + terms.get("state", []):
        if flag in ("open", "closed") and issue["state"] != flag:
            return False
        if flag in ("pr", "pull-request"):
            return False
    if not set(terms.get("label", [])).issubset(issue["labels"]):
        return False
    where = terms.get("in") or ["title", "body"]
    haystack = " ".join(str(issue.get(field) or "") for field in ("title", "body") if field in where).lower()
    return all(t.lower() in haystack for t in terms["text"])
