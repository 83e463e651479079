"""spec.escalation → channels: what is configured is built, an unreadable Secret fails visibly."""

from __future__ import annotations

import pytest

from controller.api.healingpolicy import EscalationSpec, SecretKeyRef
from controller.escalation.advisor import AdvisorClient
from controller.escalation.channel import ChannelError
from controller.escalation.config import UnavailableChannel, advisor_for, channels_for
from controller.escalation.github import GitHubChannel
from controller.escalation.webhook import WebhookChannel
from tests.fakes.samples import sample_evidence

SPEC = {
    "github": {
        "repository": "org/repo",
        "tokenSecretRef": {"namespace": "healing-system", "name": "gh", "key": "token"},
        "labels": ["healing", "infra"],
        "apiUrl": "https://ghe.example.com/api/v3",
    },
    "webhook": {"url": "https://chat.example.com/hooks/abc"},
    "advisor": {"url": "http://advisor.healing-system:8080/v1/suggest"},
}


def reader(ref: SecretKeyRef) -> str:
    if (ref.namespace, ref.name, ref.key) != ("healing-system", "gh", "token"):
        raise ChannelError(f"Secret {ref.namespace}/{ref.name} not found", retryable=False, reason="SecretNotFound")
    return "ghp_fromTheSecret"


def test_everything_configured_is_built() -> None:
    spec = EscalationSpec.model_validate(SPEC)
    github, webhook = channels_for(spec, reader)
    assert isinstance(github, GitHubChannel) and github.labels == ["healing", "infra"]
    assert github.repository == "org/repo" and "healing-system/gh" in github.token_source
    assert isinstance(webhook, WebhookChannel) and webhook.url == SPEC["webhook"]["url"]
    advisor = advisor_for(spec)
    assert isinstance(advisor, AdvisorClient) and advisor.url == SPEC["advisor"]["url"]


def test_nothing_configured_means_no_channels() -> None:
    spec = EscalationSpec.model_validate({"webhook": {"url": ""}, "advisor": {"url": ""}})
    assert channels_for(spec, reader) == [] and advisor_for(spec) is None


def test_unreadable_secret_keeps_a_failing_channel() -> None:
    spec = EscalationSpec.model_validate(
        SPEC | {"github": SPEC["github"] | {"tokenSecretRef": {"namespace": "healing-system", "name": "other"}}}
    )
    [broken, _webhook] = channels_for(spec, reader)
    assert isinstance(broken, UnavailableChannel) and broken.name == "github"
    with pytest.raises(ChannelError) as caught:
        broken.escalate(sample_evidence())
    assert caught.value.reason == "SecretNotFound" and not caught.value.retryable
