"""The advisor inside the real operator (`healing operator` subprocess, real API server), the test playing the agent,
against local stand-ins of both protocols: an unknown failure gets the advisor's suggestion on its Incident and waits
for approval with it; the same signature again is answered from the policy, not by a second call; a suggestion the
policy does not allow is rejected and counted; the operator-wide rate limit and the cooldown after failures hold,
also across a restart of the operator; a token goes only to the URL its Secret is bound to; bad advisor settings
are refused by the API server with what to fix."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from typing import Any

import kubernetes
import pytest

from controller.constants import (
    APPROVE_ANNOTATION,
    GROUP,
    INCIDENT_PLURAL,
    NODE_LABEL,
    SECRET_ADVISOR_URL_ANNOTATION,
    VERSION,
)
from controller.devenv.controlplane import ControlPlane
from tests.fakes.advisor import FakeAdvisor, FakeOpenAI
from tests.fakes.samples import DSN_PASSWORD
from tests.integration.test_metacognition_escalation import NAMESPACE, ensure_namespace
from tests.integration.test_operator_lifecycle import (  # noqa: F401 - fixtures are used by name
    Cluster,
    OperatorProcess,
    cluster,
    crds,
    now_iso,
    running_operator,
    unique,
    wait_for,
)

pytestmark = pytest.mark.integration
pytest_plugins = ["tests.plugins.github_server"]
ACTIONS = ["restart", "resetFailed"]


@pytest.fixture
def operator(crds: ControlPlane, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OperatorProcess]:  # noqa: F811
    """One per test: the rate limit and the cooldowns are operator-wide."""
    yield from running_operator(crds, tmp_path_factory)


@pytest.fixture
def limited_operator(crds: ControlPlane, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OperatorProcess]:  # noqa: F811
    """Two advisor calls per hour for the whole operator, a 3 s first cooldown."""
    env = {"HEALING_ADVISOR_CALLS_PER_HOUR": "2", "HEALING_ADVISOR_BURST": "2", "HEALING_ADVISOR_BACKOFF": "3s"}
    yield from running_operator(crds, tmp_path_factory, env)


def signature() -> str:
    return uuid.uuid4().hex[:12]


def unknown_incident(cluster: Cluster, node: str, target: str, sig: str) -> str:  # noqa: F811
    """What the agent files for a failure no pattern matched: failure sig-<id>, the detection with the signature
    and the log excerpt (with a secret in it, as real logs have)."""
    name = unique("inc")
    cluster.co.create_cluster_custom_object(GROUP, VERSION, INCIDENT_PLURAL, {
        "apiVersion": f"{GROUP}/{VERSION}", "kind": "Incident",
        "metadata": {"name": name, "labels": {NODE_LABEL: node}},
        "spec": {"node": node, "target": {"kind": "systemd", "name": target}, "serviceType": "systemd",
                 "failure": f"sig-{sig}"},
    })
    cluster.created.append((INCIDENT_PLURAL, name))
    cluster.agent_patch(name, {"detection": {
        "pattern": None, "signature": sig, "signatureExample": "worker: giving up on job <n>",
        "occurrences": 1, "firstSeen": now_iso(), "lastSeen": now_iso(), "reason": "UnitFailed",
        "evidence": {"source": "journal", "exitCode": 1, "logExcerpt": [
            "worker: start", f"worker: dsn postgres://app:{DSN_PASSWORD}@db/app", "worker: giving up on job 42",
        ]},
    }})
    return name


def advisor_policy(cluster: Cluster, node: str, advisor: dict[str, Any], **spec: Any) -> str:  # noqa: F811
    name = unique("pol")
    cluster.policy(name, node, actions=spec.pop("actions", ACTIONS), escalation={"advisor": advisor}, **spec)
    return name


def waiting_with(cluster: Cluster, inc: str, action: str, timeout: float = 30) -> dict[str, Any]:  # noqa: F811
    def check() -> dict[str, Any] | None:
        st = cluster.status(inc)
        approval = st.get("approval") or {}
        return st if st.get("reason") == "AwaitingApproval" and approval.get("action") == action else None

    return wait_for(check, timeout, f"{inc} AwaitingApproval with {action}")


def advisor_status(cluster: Cluster, policy: str) -> dict[str, Any]:  # noqa: F811
    return cluster.get_policy(policy).get("status", {}).get("advisor") or {}


def advisor_records(cluster: Cluster, inc: str) -> list[dict[str, Any]]:  # noqa: F811
    return [e for e in cluster.status(inc).get("escalations", []) if e["channel"] == "advisor"]


def test_unknown_failure_gets_advice_once_per_signature_and_waits_for_approval(
    operator: OperatorProcess, cluster: Cluster, advisor_server: FakeAdvisor  # noqa: F811
) -> None:
    node, sig = unique("node"), signature()
    pol = advisor_policy(cluster, node, {"url": advisor_server.url})
    first = unknown_incident(cluster, node, "worker.service", sig)
    st = waiting_with(cluster, first, "resetFailed")
    advice = st["advice"]
    assert (advice["action"], advice["signature"], advice.get("cached", False)) == ("resetFailed", sig, False)
    assert "start limit" in advice["rationale"] and advice["source"].startswith("Simple http://127.0.0.1:")
    assert "suggested by the advisor" in st["message"] and st["candidates"][0] == "resetFailed"
    [call] = advisor_server.calls
    assert call["signature"] == sig and call["actions"] == ACTIONS
    assert DSN_PASSWORD not in advisor_server.requests[0].text  # redacted before it left the operator
    [record] = advisor_records(cluster, first)
    assert record["result"] == "Delivered" and record["ref"] == sig
    wait_for(lambda: any(e.reason == "AdvisorSuggested" for e in cluster.events_for(first)), 15, "an Event")

    # the same failure on another unit: answered from the policy's status, no second call
    second = unknown_incident(cluster, node, "worker-2.service", sig)
    cached = waiting_with(cluster, second, "resetFailed")["advice"]
    assert cached["cached"] is True and cached["at"] == advice["at"]
    # a known pattern never reaches the advisor
    known = unique("inc")
    cluster.incident(known, node, "web-1", "container_exit")
    cluster.wait_phase(known, "Remediating")
    status = wait_for(lambda: (s := advisor_status(cluster, pol)).get("knownPatternSkips") == 1 and s, 15,
                      "the known pattern counted")
    assert (status["callsMade"], status["cacheHits"], status["callsAvoided"]) == (1, 1, 2)
    assert len(advisor_server.calls) == 1
    [kept] = status["answers"]
    assert (kept["signature"], kept["action"], kept["at"]) == (sig, "resetFailed", advice["at"])
    # seen twice: listed among the unknown signatures, with the advisor's answer
    [entry] = wait_for(lambda: cluster.get_policy(pol)["status"].get("unknownSignatures"), 30, "unknownSignatures")
    assert (entry["signature"], entry["count"], entry["suggestedAction"]) == (sig, 2, "resetFailed")

    # nothing runs before a human approves; then the advised action does
    assert "request" not in cluster.status(first)
    cluster.annotate(first, APPROVE_ANNOTATION, "true")
    assert cluster.wait_phase(first, "Remediating")["request"]["action"] == "resetFailed"


def test_a_suggestion_outside_spec_actions_is_rejected_and_counted(
    operator: OperatorProcess, cluster: Cluster, advisor_server: FakeAdvisor  # noqa: F811
) -> None:
    node, sig, evil = unique("node"), signature(), signature()
    advisor_server.answers[sig] = {"pattern": "disk", "action": "cleanDisk", "rationale": "the disk is full"}
    advisor_server.answers[evil] = {"pattern": "x", "action": "rm -rf /var/lib", "rationale": "trust me"}
    pol = advisor_policy(cluster, node, {"url": advisor_server.url})
    wide = unknown_incident(cluster, node, "worker.service", sig)
    outside = unknown_incident(cluster, node, "other.service", evil)
    wait_for(lambda: advisor_status(cluster, pol).get("suggestionsRejected") == 2, 30, "two rejections counted")
    for inc, why in ((wide, "not in spec.actions"), (outside, "closed set")):
        st = waiting_with(cluster, inc, "restart")  # what the operator would do without the advisor, approval needed
        assert "advice" not in st
        [record] = wait_for(lambda: advisor_records(cluster, inc), 15, f"the advisor record on {inc}")  # noqa: B023
        assert record["result"] == "Delivered" and ("rejected" in record["message"] or why in record["message"])
    answers = {a["signature"]: a for a in advisor_status(cluster, pol)["answers"]}
    assert "cleanDisk" in answers[sig]["rejected"] and "closed set" in answers[evil]["rejected"]
    assert "action" not in answers[sig] and "action" not in answers[evil]


def test_openai_protocol_and_a_token_bound_to_its_url(
    operator: OperatorProcess, cluster: Cluster, openai_server: FakeOpenAI, kube_api: kubernetes.client.ApiClient  # noqa: F811
) -> None:
    core = kubernetes.client.CoreV1Api(kube_api)
    ensure_namespace(core)
    bound, unbound = unique("adv-token"), unique("adv-token")
    for name, url in ((bound, openai_server.base_url), (unbound, "https://gateway.example.com/v1")):
        core.create_namespaced_secret(NAMESPACE, {
            "metadata": {"name": name, "annotations": {SECRET_ADVISOR_URL_ANNOTATION: url}},
            "data": {"token": base64.b64encode(openai_server.token.encode() + b"\n").decode()},
        })
    try:
        node, other_node = unique("node"), unique("node")
        spec = {"url": openai_server.base_url, "protocol": "OpenAI", "model": "gpt-4o-mini"}
        advisor_policy(cluster, node, {**spec, "tokenSecretRef": {"namespace": NAMESPACE, "name": bound}})
        advisor_policy(cluster, other_node, {**spec, "tokenSecretRef": {"namespace": NAMESPACE, "name": unbound}})
        inc = unknown_incident(cluster, node, "worker.service", signature())
        advice = waiting_with(cluster, inc, "resetFailed")["advice"]
        assert advice["source"] == f"OpenAI {openai_server.origin}/… model gpt-4o-mini"
        [request] = openai_server.completions
        assert request.headers["authorization"] == f"Bearer {openai_server.token}"
        assert request.json["model"] == "gpt-4o-mini" and request.json["response_format"] == {"type": "json_object"}
        assert DSN_PASSWORD not in request.text

        refused = unknown_incident(cluster, other_node, "worker.service", signature())
        [record] = wait_for(lambda: advisor_records(cluster, refused), 30, "the refused call's record")
        assert record["result"] == "Failed" and "SecretNotBound" in record["message"]
        assert f"healing.insa.io/advisor-url={openai_server.base_url}" in record["message"]
        assert len(openai_server.completions) == 1  # the token went nowhere else
    finally:
        for name in (bound, unbound):
            core.delete_namespaced_secret(name, NAMESPACE)


def test_rate_limit_and_cooldown_hold_also_across_a_restart(
    limited_operator: OperatorProcess, cluster: Cluster, openai_server: FakeOpenAI  # noqa: F811
) -> None:
    node = unique("node")
    openai_server.token = None  # a gateway in the cluster that needs no key
    pol = advisor_policy(cluster, node, {"url": openai_server.base_url, "protocol": "OpenAI", "model": "gpt-4o-mini"})
    openai_server.fail_with("429", retry_after=4)  # longer than the operator's 3 s cooldown: the service's wins
    a = unknown_incident(cluster, node, "a.service", signature())
    [failed] = wait_for(lambda: advisor_records(cluster, a), 30, "the failed call's record")
    assert failed["result"] == "Retrying" and "RateLimited" in failed["message"]
    status = advisor_status(cluster, pol)
    assert status["failures"] == 1 and status["nextAllowedAt"] and "Rate limit reached" in status["lastError"]

    b = unknown_incident(cluster, node, "b.service", signature())  # within the cooldown the service asked for
    wait_for(lambda: advisor_status(cluster, pol).get("cooldownSkips") == 1, 15, "the cooldown skip counted")
    assert len(openai_server.completions) == 1
    waiting_with(cluster, b, "restart")  # not held up: decided as without an advisor meanwhile

    # after the cooldown both are asked again, but the operator has one call left this hour: exactly one gets it
    wait_for(lambda: sum("advice" in cluster.status(n) for n in (a, b)) == 1, 30, "one of them advised")
    assert len(openai_server.completions) == 2
    c = unknown_incident(cluster, node, "c.service", signature())
    wait_for(lambda: advisor_status(cluster, pol).get("rateLimitedSkips") == 1, 15, "the rate-limit skip counted")
    assert len(openai_server.completions) == 2 and "advice" not in cluster.status(c)
    assert advisor_status(cluster, pol)["failures"] == 0 and len(advisor_status(cluster, pol)["recentCalls"]) == 2

    # a restarted operator restores the limit from the policy's status: still no third call
    limited_operator.kill()
    limited_operator.start()
    d = unknown_incident(cluster, node, "d.service", signature())
    waiting_with(cluster, d, "restart")
    wait_for(lambda: advisor_status(cluster, pol).get("rateLimitedSkips") == 2, 30, "the rate limit after a restart")
    assert len(openai_server.completions) == 2


@pytest.mark.parametrize(
    ("advisor", "message"),
    [
        ({"url": "http://gw/v1", "protocol": "OpenAI"}, "protocol OpenAI needs model"),
        ({"url": "http://adv/v1/suggest", "model": "gpt-4o-mini"}, "model only applies to protocol OpenAI"),
        ({"url": "http://gw/v1/chat/completions", "protocol": "OpenAI", "model": "m"}, "the operator appends"),
        ({"url": "ftp://adv/", "protocol": "Simple"}, "url must start with http:// or https://"),
        ({"url": "http://gw/v1", "protocol": "Grpc"}, "Unsupported value"),
    ],
)
def test_bad_advisor_settings_are_refused_with_what_to_fix(
    crds: ControlPlane, cluster: Cluster, advisor: dict[str, Any], message: str  # noqa: F811
) -> None:
    with pytest.raises(kubernetes.client.ApiException) as refused:
        advisor_policy(cluster, unique("node"), advisor)
    assert refused.value.status == 422 and message in str(refused.value.body), refused.value.body

