"""Optional diagnosis service for failures no pattern matches (``spec.escalation.advisor.url``).

The analytical layer: log analysis first, the expensive call last. Only unknown signatures are sent, each
at most once while its answer is cached; calls are rate-limited globally and back off exponentially while
the service fails. A suggestion is never trusted: low confidence, approval required, and its action must
be one of the closed set in ``controller.constants.ACTIONS``. The whole state is a pydantic model so the
operator can keep it in CR status across restarts."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

import requests
from pydantic import Field, ValidationError, field_validator

from controller.api.common import K8sModel
from controller.api.healingpolicy import AdvisorStatus
from controller.constants import ACTIONS
from controller.escalation.channel import utcnow
from controller.escalation.evidence import redact
from controller.redaction import redact_body

__all__ = ["LOW_CONFIDENCE", "AdvisorClient", "AdvisorState", "Suggestion"]

LOW_CONFIDENCE = 0.3
MAX_LINES_SENT = 50
MAX_LINE_CHARS = 500
MAX_CACHE_ENTRIES = 200


class Suggestion(K8sModel):
    signature: str
    pattern: str | None = None
    action: str
    rationale: str = ""
    # Whatever the service claims, an advisor suggestion is low-confidence and needs a human's approval.
    confidence: float = LOW_CONFIDENCE
    requires_approval: Literal[True] = True
    source: Literal["advisor"] = "advisor"

    @field_validator("action")
    @classmethod
    def _closed_set(cls, value: str) -> str:
        if value not in ACTIONS:
            raise ValueError(f"action {value!r} is not one of {', '.join(ACTIONS)}")
        return value

    @field_validator("confidence")
    @classmethod
    def _low(cls, value: float) -> float:
        return min(value, LOW_CONFIDENCE)


class _AdvisorReply(K8sModel):
    pattern: str | None = None
    action: str
    rationale: str = ""


class CachedAnswer(K8sModel):
    at: datetime
    suggestion: Suggestion | None = None
    rejected: str | None = None  # why the reply was not usable (action outside the closed set, bad JSON)


class AdvisorState(AdvisorStatus):
    """The persisted budget and cooldown (HealingPolicy status.advisor) plus the per-signature answers."""

    cache: dict[str, CachedAnswer] = Field(default_factory=dict)


class AdvisorClient:
    def __init__(
        self,
        url: str,
        cooldown_initial: float = 60,
        cooldown_max: float = 3600,
        *,
        max_calls_per_hour: int = 30,
        cache_ttl: float = 24 * 3600,
        timeout: float = 5,
        state: AdvisorState | None = None,
    ) -> None:
        self.url = url
        self.cooldown_initial = cooldown_initial
        self.cooldown_max = cooldown_max
        self.max_calls_per_hour = max_calls_per_hour
        self.cache_ttl = cache_ttl
        self.timeout = timeout
        self.state = state or AdvisorState()
        self._lock = threading.Lock()

    @property
    def calls_made(self) -> int:
        return self.state.calls_made

    @property
    def calls_avoided(self) -> int:
        return self.state.calls_avoided

    def should_call(self, pattern_id: str | None) -> bool:
        """False (and counted as avoided) when a known pattern already explains the failure."""
        if pattern_id is None:
            return True
        with self._lock:
            self.state.known_pattern_skips += 1
            self.state.calls_avoided += 1
        return False

    def suggest(
        self,
        signature_id: str,
        excerpt_lines: Sequence[str],
        *,
        pattern_id: str | None = None,
        now: datetime | None = None,
    ) -> Suggestion | None:
        """A low-confidence suggestion for an unknown signature, or None (known pattern, cooling down,
        rate-limited, service failing, or no usable answer)."""
        if not self.should_call(pattern_id):
            return None
        now = now or utcnow()
        with self._lock:
            skip, cached = self._check_before_call(signature_id, now)
            if skip:
                return cached
            self.state.calls_made += 1
            self.state.recent_calls.append(now)
        return self._call(signature_id, excerpt_lines, now)

    # -- internals ------------------------------------------------------------------------------------

    def _check_before_call(self, signature_id: str, now: datetime) -> tuple[bool, Suggestion | None]:
        state = self.state
        hit = state.cache.get(signature_id)
        if hit is not None and (now - hit.at).total_seconds() < self.cache_ttl:
            state.cache_hits += 1
            state.calls_avoided += 1
            return True, hit.suggestion
        if state.next_allowed_at is not None and now < state.next_allowed_at:
            state.cooldown_skips += 1
            state.calls_avoided += 1
            return True, None
        hour_ago = now - timedelta(hours=1)
        state.recent_calls = [t for t in state.recent_calls if t > hour_ago]
        if len(state.recent_calls) >= self.max_calls_per_hour:
            state.rate_limited_skips += 1
            state.calls_avoided += 1
            return True, None
        return False, None

    def _call(self, signature_id: str, excerpt_lines: Sequence[str], now: datetime) -> Suggestion | None:
        lines = [redact(line[:MAX_LINE_CHARS]) for line in list(excerpt_lines)[-MAX_LINES_SENT:]]
        try:
            response = requests.post(
                self.url, json=redact_body({"signature": signature_id, "lines": lines}), timeout=self.timeout
            )
        except requests.RequestException as exc:
            return self._failed(now, f"advisor unreachable: {type(exc).__name__}", None)
        if response.status_code == 204:
            return self._answered(signature_id, now, None, None)
        if not response.ok:
            return self._failed(now, f"advisor answered {response.status_code}", response.headers.get("Retry-After"))
        try:
            data = response.json()
        except ValueError:
            return self._answered(signature_id, now, None, "reply is not JSON")
        if data is None:
            return self._answered(signature_id, now, None, None)
        try:
            reply = _AdvisorReply.model_validate(data)
            suggestion = Suggestion(
                signature=signature_id, pattern=reply.pattern, action=reply.action, rationale=redact(reply.rationale)
            )
        except ValidationError as exc:
            return self._answered(signature_id, now, None, _first_error(exc))
        return self._answered(signature_id, now, suggestion, None)

    def _answered(
        self, signature_id: str, now: datetime, suggestion: Suggestion | None, rejected: str | None
    ) -> Suggestion | None:
        with self._lock:
            state = self.state
            state.failures = 0
            state.next_allowed_at = None
            state.last_error = None
            if rejected:
                state.suggestions_rejected += 1
            state.cache[signature_id] = CachedAnswer(at=now, suggestion=suggestion, rejected=rejected)
            if len(state.cache) > MAX_CACHE_ENTRIES:
                oldest = sorted(state.cache, key=lambda k: state.cache[k].at)
                for key in oldest[: len(state.cache) - MAX_CACHE_ENTRIES]:
                    del state.cache[key]
        return suggestion

    def _failed(self, now: datetime, error: str, retry_after: str | None) -> None:
        with self._lock:
            state = self.state
            state.failures += 1
            delay = min(self.cooldown_initial * 2 ** (state.failures - 1), self.cooldown_max)
            if retry_after:
                with contextlib.suppress(ValueError):
                    delay = max(delay, float(retry_after))
            state.next_allowed_at = now + timedelta(seconds=delay)
            state.last_error = error
        return None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    return f"{where}: {err.get('msg', 'invalid')}"[:300]
