"""The advisor's wire protocols: ask a diagnosis service about a failure no pattern matched.

Two protocols (``spec.escalation.advisor.protocol``):

* ``Simple``, the project's own: ``POST <url> {"signature", "lines", "actions"}`` answered by
  ``200 {"pattern", "action", "rationale"}`` (``204`` or an ``action`` of ``null``: no suggestion);
* ``OpenAI``, an OpenAI-compatible chat-completions API (what most teams run behind their gateways):
  ``POST <url>/chat/completions`` with ``model``, a system and a user message and
  ``response_format: {"type": "json_object"}`` (JSON mode: the widest supported structured answer); the
  assistant's message content is the same JSON object as the Simple reply.

Request building and reply parsing are pure; ``ask`` is the one blocking transport (the operator runs it in a
thread). Every body sent passes ``redact_body``, the process's one redaction step; the log lines are redacted
first on their own as well. A bearer token goes only where the caller checked it is bound to. Redirects are not
followed (they could carry the token elsewhere). Replies are read up to ``MAX_REPLY_BYTES``.

An answer is never trusted: an action outside the closed set (``controller.constants.ACTIONS``) is no suggestion
(``Answer.rejected`` says why); whether the policy allows it is the gate's business. A failure (unreachable,
401/403, 429, 5xx) raises ``ChannelError`` with ``retry_after`` from ``Retry-After`` (or OpenAI's
``x-ratelimit-reset-requests``); a reply that is not what the protocol promises is an answer with nothing usable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from controller.api.common import K8sModel, aware, parse_duration
from controller.api.healingpolicy import AdvisorProtocol
from controller.constants import ACTIONS, Action
from controller.escalation.channel import ChannelError
from controller.escalation.webhook import public_url
from controller.patterns.redact import redact
from controller.redaction import redact_body

__all__ = ["ACTION_MEANINGS", "AdvisorTarget", "Answer", "ask", "build_request", "parse_reply"]

MAX_LINES_SENT = 50
MAX_LINE_CHARS = 500
MAX_REPLY_BYTES = 64 * 1024
MAX_RATIONALE_CHARS = 1000
MAX_ERROR_CHARS = 300
TIMEOUT_SECONDS = 30.0
CHAT_COMPLETIONS = "/chat/completions"

# What each action of the closed set does, for the model's prompt (SPEC section 7).
ACTION_MEANINGS: dict[str, str] = {
    "restart": "restart the unit or container",
    "start": "start it (it is stopped, not failed)",
    "resetFailed": "systemctl reset-failed, then start (a unit stuck in the failed state or its start limit)",
    "restartDependencies": "restart the units or containers it depends on",
    "freePort": "stop a stale instance of the same service that still holds its port",
    "cleanDisk": "remove old files in the policy's paths, vacuum the journal, prune Docker",
    "removeStaleLock": "remove a lock file whose owner process is gone",
    "fixPermissions": "reset owner and mode of the policy's paths",
    "recreateContainer": "remove and recreate the container from its image and configuration",
    "escalate": "do nothing on the host; a human must look",
}

SYSTEM_PROMPT = (
    "You diagnose failures of systemd units and Docker containers for a self-healing operator. You get the "
    "failure's signature, the last log lines (secrets already replaced by ***) and the remediation actions the "
    "operator may use. Suggest at most one of those actions; a human approves it before anything runs. Answer "
    "with one JSON object and nothing else: "
    '{"pattern": <a short snake_case name for the failure, or null>, "action": <one of the allowed actions, or '
    'null when none of them would help or you are unsure>, "rationale": <one or two sentences citing the log>}.'
)


@dataclass(frozen=True)
class AdvisorTarget:
    """Where and how to ask. ``token`` only once the caller checked the Secret is bound to ``url``."""

    url: str
    protocol: AdvisorProtocol = "Simple"
    model: str | None = None
    token: str | None = None

    @property
    def endpoint(self) -> str:
        """The URL the request is POSTed to."""
        base = self.url.rstrip("/")
        return base + CHAT_COMPLETIONS if self.protocol == "OpenAI" else self.url

    @property
    def public(self) -> str:
        """What may be shown: protocol, scheme and host, and the model (never the path, never the token)."""
        return f"{self.protocol} {public_url(self.url)}" + (f" model {self.model}" if self.model else "")


class Answer(K8sModel):
    """What the advisor said, checked against the closed set. ``action`` None: no usable suggestion."""

    action: Action | None = None
    pattern: str | None = None
    rationale: str = ""
    rejected: str | None = None  # why the reply was not usable (action outside the closed set, malformed)


def _lines(lines: Sequence[str]) -> list[str]:
    return [redact(str(line)[:MAX_LINE_CHARS]) for line in list(lines)[-MAX_LINES_SENT:]]


def build_request(
    target: AdvisorTarget, signature: str, lines: Sequence[str], actions: Sequence[str]
) -> tuple[str, dict[str, str], dict[str, Any]]:
    """(URL, headers, JSON body) of the question; the body has passed the redaction step."""
    sent = _lines(lines)
    allowed = [a for a in actions if a in ACTIONS]
    body: dict[str, Any]
    if target.protocol == "OpenAI":
        question = {
            "signature": signature,
            "allowedActions": {a: ACTION_MEANINGS[a] for a in allowed},
            "logLines": sent,
        }
        body = {
            "model": target.model,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": json.dumps(question, ensure_ascii=False)},
            ],
            "response_format": {"type": "json_object"},
        }
    else:
        body = {"signature": signature, "lines": sent, "actions": allowed}
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if target.token:
        headers["Authorization"] = f"Bearer {target.token}"
    return target.endpoint, headers, redact_body(body)


# -- replies --------------------------------------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    text = redact(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the service asked us to wait: Retry-After (seconds or an HTTP date), else OpenAI's
    x-ratelimit-reset-requests (a duration such as 6m0s)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    value = (lowered.get("retry-after") or "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            when = aware(when)
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
    reset = (lowered.get("x-ratelimit-reset-requests") or "").strip()
    if reset:
        try:
            return parse_duration(reset)
        except ValueError:
            return None
    return None


def _server_message(body: bytes) -> str:
    """The service's own error text: OpenAI's {"error": {"message"}}, or {"error": "..."} / {"message": "..."}."""
    try:
        data = json.loads(body) if body else None
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    error = data.get("error")
    if isinstance(error, dict):
        error = error.get("message")
    message = error if isinstance(error, str) else data.get("message")
    return message if isinstance(message, str) else ""


def _failure(status: int, headers: Mapping[str, str], body: bytes, where: str) -> ChannelError:
    said = _server_message(body)
    detail = f": {_clip(said, MAX_ERROR_CHARS)}" if said else ""
    retry_after = _retry_after(headers)
    if 300 <= status < 400:
        return ChannelError(
            f"advisor {where} redirected ({status}); set spec.escalation.advisor.url to the final URL",
            retryable=False, reason="Redirected", status=status,
        )
    if status == 401:
        return ChannelError(
            f"advisor {where} refused the token (401){detail}; check the Secret of advisor.tokenSecretRef",
            retryable=False, reason="BadCredentials", status=status,
        )
    if status == 403:
        return ChannelError(f"advisor {where} forbids the request (403){detail}", retryable=False,
                            reason="Forbidden", status=status)
    if status == 429:
        return ChannelError(f"advisor {where} is rate limiting (429){detail}", retryable=True,
                            retry_after=retry_after, reason="RateLimited", status=status)
    if status >= 500 or status == 408:
        return ChannelError(f"advisor {where} answered {status}{detail}", retryable=True, retry_after=retry_after,
                            reason="ServerError", status=status)
    return ChannelError(f"advisor {where} rejected the request ({status}){detail}", retryable=False,
                        reason="Rejected", status=status)


def _answer_from(data: Any) -> Answer:
    """The Simple reply object (also the content of the OpenAI assistant message), checked."""
    if data is None:
        return Answer()
    if not isinstance(data, dict):
        return Answer(rejected="the reply is not a JSON object")
    action, pattern, rationale = data.get("action"), data.get("pattern"), data.get("rationale", "")
    rationale = _clip(rationale, MAX_RATIONALE_CHARS) if isinstance(rationale, str) else ""
    pattern = _clip(pattern, 128) if isinstance(pattern, str) and pattern else None
    if action is None:
        return Answer(pattern=pattern, rationale=rationale)
    if not isinstance(action, str) or action not in ACTIONS:
        shown = _clip(str(action), 80)
        return Answer(
            pattern=pattern, rationale=rationale,
            rejected=f"suggested action {shown!r} is not one of the closed set ({', '.join(ACTIONS)})",
        )
    return Answer(action=action, pattern=pattern, rationale=rationale)  # type: ignore[arg-type]  # checked above


def _openai_answer(data: Any) -> Answer:
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return Answer(rejected="the chat completion has no choices")
    choice = choices[0]
    message = choice.get("message") if isinstance(choice.get("message"), dict) else {}
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal:
        return Answer(rationale=_clip(refusal, MAX_RATIONALE_CHARS), rejected="the model refused to answer")
    if choice.get("finish_reason") == "length":
        return Answer(rejected="the model's answer was cut off (finish_reason length)")
    content = message.get("content")
    if not isinstance(content, str):
        return Answer(rejected="the chat completion has no message content")
    try:
        return _answer_from(json.loads(content))
    except ValueError:
        return Answer(rejected="the model's answer is not JSON")


def parse_reply(protocol: AdvisorProtocol, status: int, headers: Mapping[str, str], body: bytes, where: str) -> Answer:
    """The answer in a reply; ChannelError when the call failed (the gate cools down)."""
    if status == 204:
        return Answer()
    if not 200 <= status < 300:
        raise _failure(status, headers, body, where)
    try:
        data = json.loads(body) if body.strip() else None
    except ValueError:
        return Answer(rejected="the reply is not JSON")
    return _openai_answer(data) if protocol == "OpenAI" else _answer_from(data)


def _read_capped(response: requests.Response) -> bytes:
    """At most MAX_REPLY_BYTES + 1 bytes: a hostile or broken service cannot fill the operator's memory."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=16384):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            break
    return b"".join(chunks)


def ask(
    target: AdvisorTarget, signature: str, lines: Sequence[str], actions: Sequence[str],
    *, timeout: float = TIMEOUT_SECONDS,
) -> Answer:
    """One question, blocking (run it in a thread). Raises ChannelError when there is no answer."""
    url, headers, body = build_request(target, signature, lines, actions)
    where = public_url(target.url)
    try:
        with requests.post(
            url, data=json.dumps(body).encode(), headers=headers, timeout=timeout, stream=True, allow_redirects=False
        ) as response:
            raw = _read_capped(response)
            status, reply_headers = response.status_code, dict(response.headers)
    except requests.RequestException as exc:
        raise ChannelError(f"advisor {where} unreachable: {type(exc).__name__}", retryable=True,
                           reason="Unreachable") from None
    if len(raw) > MAX_REPLY_BYTES and 200 <= status < 300:
        return Answer(rejected=f"the reply is larger than {MAX_REPLY_BYTES} bytes")
    return parse_reply(target.protocol, status, reply_headers, raw[:MAX_REPLY_BYTES], where)
