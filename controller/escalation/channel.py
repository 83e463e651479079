"""What every escalation channel shares: the result recorded on the Incident, the typed error the retry
logic understands, and the small protocol the operator calls. Channels are synchronous (PyGithub is);
the Kopf operator runs them with ``asyncio.to_thread`` so the event loop never blocks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, Protocol

from pydantic import Field

from controller.api.common import K8sModel
from controller.api.incident import Escalation
from controller.escalation.evidence import EscalationEvidence

__all__ = ["Channel", "ChannelError", "EscalationResult", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC)


class EscalationResult(K8sModel):
    """One delivered escalation; ``record()`` is the entry for ``Incident.status.escalations``."""

    channel: Literal["github", "webhook"]
    url: str | None = None  # where a human looks (issue html_url); never a secret-bearing webhook path
    ref: str | None = None  # short reference, e.g. "org/repo#12"
    action: Literal["opened", "commented", "resolved", "sent"]
    at: datetime = Field(default_factory=utcnow)

    def record(self, reason: str = "") -> Escalation:
        return Escalation(
            channel=self.channel,
            url=self.url or "",
            ref=self.ref or "",
            at=self.at,
            reason=reason,
            result="Delivered",
            message=self.action,
        )


class ChannelError(Exception):
    """A delivery that did not happen. ``retryable`` says whether trying again unchanged can succeed
    (rate limit, 5xx, network); ``retry_after`` is the server-requested delay in seconds, if any.
    ``reason`` is CamelCase for a status condition."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        reason: str = "DeliveryFailed",
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.retry_after = retry_after
        self.reason = reason
        self.status = status

    def __repr__(self) -> str:
        return (
            f"ChannelError({self.message!r}, retryable={self.retryable}, "
            f"retry_after={self.retry_after}, reason={self.reason!r}, status={self.status})"
        )


class Channel(Protocol):
    name: str

    def escalate(self, evidence: EscalationEvidence) -> EscalationResult: ...

    def resolve(self, evidence: EscalationEvidence, message: str) -> EscalationResult | None: ...
