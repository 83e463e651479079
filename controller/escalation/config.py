"""From a policy's ``spec.escalation`` to ready channels: reads the GitHub token from its Kubernetes Secret.

A Secret that cannot be read does not drop the channel: it becomes a channel that fails with a clear,
non-retryable ChannelError, so the delivery is retried later (after the Secret is fixed) and the problem
shows up in the Incident's conditions like any other delivery failure."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from kubernetes.client import CoreV1Api
from kubernetes.client.exceptions import ApiException
from urllib3.exceptions import HTTPError

from controller.api.healingpolicy import EscalationSpec, SecretKeyRef
from controller.escalation.advisor import AdvisorClient, AdvisorState
from controller.escalation.channel import Channel, ChannelError, EscalationResult
from controller.escalation.evidence import EscalationEvidence
from controller.escalation.github import GitHubChannel
from controller.escalation.webhook import WebhookChannel

__all__ = ["SecretReader", "UnavailableChannel", "advisor_for", "channels_for", "secret_reader"]

SecretReader = Callable[[SecretKeyRef], str]


class UnavailableChannel:
    """A configured channel that cannot work right now (unreadable Secret): every call fails the same way."""

    def __init__(self, name: str, error: ChannelError) -> None:
        self.name = name
        self.error = error

    def escalate(self, evidence: EscalationEvidence) -> EscalationResult:
        raise self.error

    def resolve(self, evidence: EscalationEvidence, message: str) -> EscalationResult | None:
        raise self.error


def secret_reader(core: CoreV1Api) -> SecretReader:
    """Reads one key of a Secret with the operator's service account (RBAC: get on that Secret)."""

    def read(ref: SecretKeyRef) -> str:
        where = f"Secret {ref.namespace}/{ref.name} key {ref.key!r}"
        try:
            secret = core.read_namespaced_secret(ref.name, ref.namespace)
        except ApiException as exc:
            if exc.status in (401, 403, 404):
                reason = {404: "SecretNotFound"}.get(exc.status, "SecretForbidden")
                raise ChannelError(
                    f"cannot read {where}: {exc.reason}", retryable=False, reason=reason, status=exc.status
                ) from exc
            raise ChannelError(
                f"cannot read {where}: {exc.status} {exc.reason}",
                retryable=True,
                reason="SecretUnavailable",
                status=exc.status,
            ) from exc
        except HTTPError as exc:
            raise ChannelError(
                f"cannot read {where}: API server unreachable", retryable=True, reason="SecretUnavailable"
            ) from exc
        encoded = (secret.data or {}).get(ref.key)
        if encoded is None:
            raise ChannelError(f"{where} does not exist", retryable=False, reason="SecretKeyMissing")
        try:
            value = base64.b64decode(encoded, validate=True).decode().strip()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ChannelError(f"{where} is not valid text", retryable=False, reason="SecretInvalid") from exc
        if not value:
            raise ChannelError(f"{where} is empty", retryable=False, reason="SecretKeyMissing")
        return value

    return read


def channels_for(spec: EscalationSpec, read_secret: SecretReader) -> list[Channel]:
    """The GitHub and webhook channels a policy configures, in that order (Events are the operator's)."""
    channels: list[Channel] = []
    if spec.github is not None:
        gh = spec.github
        try:
            token = read_secret(gh.token_secret_ref)
        except ChannelError as exc:
            channels.append(UnavailableChannel("github", exc))
        else:
            ref = gh.token_secret_ref
            channels.append(
                GitHubChannel(
                    gh.repository,
                    token,
                    gh.labels,
                    api_url=gh.api_url or None,
                    token_source=f"Secret {ref.namespace}/{ref.name} key {ref.key!r}",
                )
            )
    if spec.webhook is not None and spec.webhook.url:
        channels.append(WebhookChannel(spec.webhook.url))
    return channels


def advisor_for(spec: EscalationSpec, state: AdvisorState | None = None) -> AdvisorClient | None:
    if spec.advisor is None or not spec.advisor.url:
        return None
    return AdvisorClient(spec.advisor.url, state=state)
