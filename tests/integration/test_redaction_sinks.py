"""Every text that leaves a process passes one redaction step (controller/redaction.py). A corpus of secret shapes
is driven through every sink -- the Incident (spec and status, written by the agent's and the operator's clients),
Kubernetes Events (read back from the real API server), GitHub issues and comments (the local GitHub stand-in),
the webhook, logs (also Kopf's) and metric labels -- and no secret comes out of any of them."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from prometheus_client import generate_latest

from controller.agent.kube import KubeClient, custom
from controller.api.incident import incident_name
from controller.constants import API_VERSION, INCIDENT_PLURAL, NODE_LABEL
from controller.devenv.controlplane import ControlPlane
from controller.escalation.github import GitHubChannel
from controller.escalation.webhook import WebhookChannel
from controller.operator.events import EventPoster, involved
from controller.operator.k8s import Kube
from controller.operator.metacognition.metrics import observe_policy
from controller.redaction import install_log_redaction
from tests.fakes.github_server import FakeGitHub
from tests.fakes.samples import SECRET_SHAPES, sample_evidence
from tests.fakes.webhook_receiver import FakeWebhookReceiver

pytestmark = pytest.mark.integration

TEXTS = [text for text, _ in SECRET_SHAPES]


def assert_clean(where: str, text: str) -> None:
    leaked = [secret for _, secret in SECRET_SHAPES if secret in text]
    assert not leaked, f"{where} leaked {leaked}: {text[:2000]}"


@pytest.fixture(scope="module")
def crds(control_plane: ControlPlane) -> ControlPlane:
    from controller.agent.testing import install_crds

    install_crds(control_plane)
    return control_plane


@pytest.fixture
def node() -> Iterator[str]:
    yield f"redact-{uuid.uuid4().hex[:8]}"


async def test_incident_spec_and_status_written_by_the_agent_and_the_operator(crds: ControlPlane, node: str) -> None:
    url = "http://admin:Adm1n-pa55@127.0.0.1:8080/healthz"
    name = incident_name(node, "http", url, "connection_refused")
    agent, operator = KubeClient.from_kubeconfig(str(crds.kubeconfig)), Kube.from_kubeconfig(str(crds.kubeconfig))
    try:
        await agent.create(custom(INCIDENT_PLURAL), {
            "apiVersion": API_VERSION, "kind": "Incident",
            "metadata": {"name": name, "labels": {NODE_LABEL: node}},
            "spec": {"node": node, "target": {"kind": "http", "name": url, "unit": "web.service"},
                     "serviceType": "systemd", "failure": "connection_refused"},
        })
        await agent.patch(custom(INCIDENT_PLURAL), name, {"status": {
            "detection": {"pattern": "connection_refused", "message": TEXTS[0],
                          "evidence": {"logExcerpt": TEXTS, "matchedLines": TEXTS[:3]}},
            "executions": [{"id": "x-1", "action": "restart", "result": "Refused", "message": " | ".join(TEXTS)}],
            "health": {"healthy": False, "checkedAt": "2026-12-01T00:00:00Z", "message": TEXTS[2]},
        }}, status=True)
        await operator.patch(INCIDENT_PLURAL, name, {"status": {
            "phase": "Suppressed", "reason": "Cooldown", "message": " ".join(TEXTS),
            "attempts": [{"id": "x-1", "action": "restart", "requestedAt": "2026-12-01T00:00:00Z",
                          "result": "Failed", "message": TEXTS[4]}],
        }}, status=True)
        stored = crds.run_kubectl("get", "incident", name, "-o", "json").stdout
        assert_clean("the Incident", stored)
        assert json.loads(stored)["spec"]["target"]["name"] == "http://admin:***@127.0.0.1:8080/healthz"
        assert "connection_refused" in stored  # the rest is intact
    finally:
        await operator.delete(INCIDENT_PLURAL, name)
        await agent.close()
        await operator.close()


async def test_events_posted_by_the_operator(crds: ControlPlane, node: str) -> None:
    kube = Kube.from_kubeconfig(str(crds.kubeconfig))
    poster = EventPoster(kube)
    poster.start()
    marker = f"redaction-{node}"
    try:
        for text in TEXTS:
            poster.post(involved("Incident", marker, None), "Warning", "Cooldown", f"{marker}: {text}")
        await poster.stop(drain_seconds=10)
        events = json.loads(crds.run_kubectl(
            "get", "events", "-n", "default", "--field-selector", f"involvedObject.name={marker}", "-o", "json",
        ).stdout)["items"]
        assert len(events) == len(TEXTS)
        assert_clean("Events", json.dumps(events))
    finally:
        crds.run_kubectl("delete", "events", "-n", "default", "--field-selector",
                         f"involvedObject.name={marker}", check=False)
        await kube.close()


def test_github_issues_and_comments(github_server: FakeGitHub) -> None:
    # raw evidence, as if nothing upstream had redacted it: the channel itself must
    raw = sample_evidence().model_copy(update={"log_excerpt": TEXTS, "state": TEXTS[1]})
    channel = GitHubChannel("org/repo", github_server.token, ["healing"], github_server.base_url)
    channel.escalate(raw)
    channel.escalate(raw)  # the second time a comment
    channel.resolve(raw, " ".join(TEXTS))
    issues = github_server.issues()
    assert len(issues) == 1
    assert_clean("GitHub", json.dumps(issues) + json.dumps(github_server.comments(issues[0]["number"])))


def test_webhook(webhook_receiver: FakeWebhookReceiver) -> None:
    raw = sample_evidence().model_copy(update={"log_excerpt": TEXTS, "state": TEXTS[1], "reason": TEXTS[3]})
    WebhookChannel(webhook_receiver.url()).escalate(raw)
    assert webhook_receiver.payloads
    assert_clean("the webhook", json.dumps(webhook_receiver.payloads))


def test_logs_including_kopfs_and_exceptions() -> None:
    install_log_redaction()
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        for text in TEXTS:
            logging.getLogger("controller.agent").warning("action failed: %s", text)
            logging.LoggerAdapter(logging.getLogger("kopf.objects"), {"k8s_ref": {}}).error(text)
        try:
            raise RuntimeError(TEXTS[0])
        except RuntimeError:
            logging.getLogger("controller.operator").exception("decision failed")
    finally:
        root.removeHandler(handler)
    text = out.getvalue()
    assert "action failed: could not connect to postgresql://api:***@db" in text
    assert_clean("the logs", text)


def test_metric_labels() -> None:
    from controller.api.healingpolicy import HealingPolicy

    scope = "target:n1/http://admin:Adm1n-pa55@127.0.0.1:8080/healthz"
    policy = HealingPolicy.model_validate({
        "metadata": {"name": "redaction-metrics"},
        "spec": {"targets": [{"kind": "docker", "match": "*"}]},
        "status": {"circuits": [{"scope": scope, "state": "Open"}]},
    })
    observe_policy(policy)
    assert_clean("the metrics", generate_latest().decode())


def test_the_corpus_really_holds_secrets() -> None:
    """The checks above could pass by accident if the corpus held no secret: every line holds one."""
    for text, secret in SECRET_SHAPES:
        assert secret in text
