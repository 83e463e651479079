"""Stand-ins for the two advisor protocols, on loopback:

* ``FakeAdvisor`` -- the project's Simple protocol: POST {signature, lines, actions} -> {pattern, action, rationale}
  (or 204);
* ``FakeOpenAI`` -- an OpenAI-compatible chat-completions API: ``POST /v1/chat/completions`` checked as the real
  one checks it (bearer token, model, messages, JSON mode needing the word "json" in the messages) and answered with
  the real JSON shapes (``chat.completion`` objects; errors as ``{"error": {message, type, param, code}}`` with
  401, 404, 400, 429 + ``retry-after`` / ``x-ratelimit-*`` headers, 500).

Answers are per signature (``answers[signature]``), else ``default``; ``None`` means "no suggestion".
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from tests.fakes.loopback import RecordedRequest, Reply, SimpleJSONService

DEFAULT_ANSWER: dict[str, Any] = {
    "pattern": "worker_gave_up",
    "action": "resetFailed",
    "rationale": "the unit hit its start limit after the worker gave up; reset it and start again",
}


class FakeAdvisor(SimpleJSONService):
    def __init__(self, default: dict[str, Any] | None = None, token: str | None = None) -> None:
        super().__init__()
        self.answers: dict[str, dict[str, Any] | None] = {}
        self.default = default or dict(DEFAULT_ANSWER)
        self.token = token  # when set, requests must carry "Authorization: Bearer <token>"

    @property
    def url(self) -> str:
        return self.origin + "/v1/suggest"

    @property
    def calls(self) -> list[Any]:
        return self.posted

    def handle(self, request: RecordedRequest) -> Reply:
        if request.method != "POST" or request.path != "/v1/suggest":
            return Reply(404, {"error": "not found"})
        if self.token is not None and request.headers.get("authorization") != f"Bearer {self.token}":
            return Reply(401, {"error": "bad token"})
        body = request.json or {}
        if not isinstance(body.get("signature"), str) or not isinstance(body.get("lines"), list):
            return Reply(400, {"error": "signature and lines are required"})
        answer = self.answers.get(body["signature"], self.default)
        if answer is None:
            return Reply(204)
        return Reply(200, answer)


def _error(status: int, message: str, type_: str, code: str | None, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"error": {"message": message, "type": type_, "param": None, "code": code}}, headers or {})


class FakeOpenAI(SimpleJSONService):
    """``base_url`` is what a policy's ``advisor.url`` names (``.../v1``)."""

    def __init__(
        self, token: str | None = "sk-test-advisor-0123456789", models: tuple[str, ...] = ("gpt-4o-mini",)
    ) -> None:
        super().__init__()
        self.token = token  # None: no key needed (a gateway inside the cluster)
        self.models = models
        self.answers: dict[str, Any] = {}  # signature -> answer object, None, or a raw reply (see _completion)
        self.default: Any = dict(DEFAULT_ANSWER)
        self._ids = itertools.count(1)

    @property
    def base_url(self) -> str:
        return self.origin + "/v1"

    @property
    def completions(self) -> list[RecordedRequest]:
        """The chat-completion requests received (also the refused ones)."""
        return [r for r in self.requests if r.method == "POST" and r.path == "/v1/chat/completions"]

    def questions(self) -> list[dict[str, Any]]:
        """The user message of each completion request, parsed (what the operator asked)."""
        out = []
        for request in self.completions:
            messages = (request.json or {}).get("messages", [])
            user = next((m for m in messages if m.get("role") == "user"), {})
            out.append(json.loads(user.get("content", "{}")))
        return out

    def fail_with(self, kind: str, count: int = 1, retry_after: int = 20) -> None:
        """The next `count` requests fail as the real API does: "401", "429" or "500"."""
        replies = {
            "401": lambda: _error(401, "Incorrect API key provided: sk-***. You can find your API key at "
                                       "https://platform.openai.com/account/api-keys.",
                                  "invalid_request_error", "invalid_api_key"),
            "429": lambda: _error(
                429, f"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1. "
                     f"Please try again in {retry_after}s.", "requests", "rate_limit_exceeded",
                {"retry-after": str(retry_after), "x-ratelimit-limit-requests": "3",
                 "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": f"{retry_after}s"},
            ),
            "500": lambda: _error(500, "The server had an error while processing your request. Sorry about that!",
                                  "server_error", None),
        }
        self.inject(replies[kind], count)

    def handle(self, request: RecordedRequest) -> Reply:
        if request.method != "POST" or request.path != "/v1/chat/completions":
            return _error(404, f"Invalid URL ({request.method} {request.path})", "invalid_request_error", None)
        if self.token is not None and request.headers.get("authorization") != f"Bearer {self.token}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        try:
            body = json.loads(request.raw_body)
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.", "invalid_request_error", None)
        model, messages = body.get("model"), body.get("messages")
        if model not in self.models:
            return _error(404, f"The model `{model}` does not exist or you do not have access to it.",
                          "invalid_request_error", "model_not_found")
        if not isinstance(messages, list) or not messages or not all(
            isinstance(m, dict) and m.get("role") in ("system", "user", "assistant", "developer")
            and isinstance(m.get("content"), str) for m in messages
        ):
            return _error(400, "Invalid 'messages': expected an array of {role, content}.", "invalid_request_error",
                          "invalid_value")
        if (body.get("response_format") or {}).get("type") == "json_object" and not any(
            "json" in m["content"].lower() for m in messages
        ):
            return _error(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of "
                               "type 'json_object'.", "invalid_request_error", None)
        user = next((m for m in messages if m["role"] == "user"), {"content": "{}"})
        try:
            signature = json.loads(user["content"]).get("signature")
        except (ValueError, AttributeError):
            signature = None
        return Reply(200, self._completion(model, self.answers.get(signature, self.default)))

    def _completion(self, model: str, answer: Any) -> dict[str, Any]:
        """A chat.completion object. `answer`: an object (the JSON content), None (``{"action": null}``), or
        ``{"_refusal": text}`` / ``{"_content": raw text, "_finish": reason}`` for what models also do."""
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        finish = "stop"
        if isinstance(answer, dict) and "_refusal" in answer:
            message["refusal"] = answer["_refusal"]
        elif isinstance(answer, dict) and "_content" in answer:
            message["content"] = answer["_content"]
            finish = answer.get("_finish", "stop")
        else:
            message["content"] = json.dumps(answer if answer is not None else {"pattern": None, "action": None,
                                                                               "rationale": "not sure"})
        return {
            "id": f"chatcmpl-fake{next(self._ids):06d}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
            "usage": {"prompt_tokens": 180, "completion_tokens": 40, "total_tokens": 220},
            "system_fingerprint": "fp_fake",
        }
