"""Fixtures for the escalation fakes: a GitHub REST API (``github_server``), a webhook receiver
(``webhook_receiver``) and diagnosis advisors (``advisor_server``: the Simple protocol; ``openai_server``: an
OpenAI-compatible chat-completions API), each started per test on a free loopback port and stopped afterwards,
also when the test fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.advisor import FakeAdvisor, FakeOpenAI
from tests.fakes.github_server import FakeGitHub
from tests.fakes.webhook_receiver import FakeWebhookReceiver


@pytest.fixture
def github_server() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        yield server


@pytest.fixture
def webhook_receiver() -> Iterator[FakeWebhookReceiver]:
    with FakeWebhookReceiver() as server:
        yield server


@pytest.fixture
def advisor_server() -> Iterator[FakeAdvisor]:
    with FakeAdvisor() as server:
        yield server


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server
