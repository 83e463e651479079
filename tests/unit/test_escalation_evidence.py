"""The evidence rendered for humans: stable identity, complete content, and no secrets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from controller.api.healingpolicy import LearningEntry
from controller.api.incident import Incident
from controller.escalation.evidence import MAX_BODY_CHARS, EscalationEvidence
from tests.fakes.samples import SECRETS, T0, sample_evidence


def test_fingerprint_is_stable_over_repeats() -> None:
    first = sample_evidence()
    later = sample_evidence(
        occurrences=40,
        lastSeen=T0 + timedelta(hours=5),
        attempts=[{"action": "restart", "result": "Failed"}],
        logExcerpt=["something else entirely"],
        reason="ApprovalTimeout",
        incident="renamed-incident",
    )
    assert first.fingerprint() == later.fingerprint()
    assert len(first.fingerprint()) == 24


@pytest.mark.parametrize(
    "change",
    [
        {"node": "node-b"},
        {"policy": "db-tier"},
        {"target": {"kind": "systemd", "name": "other.service"}},
        {"target": {"kind": "docker", "name": "api.service"}},
        {"pattern": "disk_full"},
        {"pattern": None, "signature": "sig-1"},
        {"cluster": "prod-eu"},
    ],
)
def test_fingerprint_changes_with_the_problem(change: dict) -> None:
    assert sample_evidence(**change).fingerprint() != sample_evidence().fingerprint()


def test_unknown_signatures_are_told_apart() -> None:
    a = sample_evidence(pattern=None, signature="sig-1")
    b = sample_evidence(pattern=None, signature="sig-2")
    assert a.fingerprint() != b.fingerprint()
    assert a.problem == "unknown:sig-1"


def test_issue_body_carries_the_evidence() -> None:
    evidence = sample_evidence()
    body = evidence.render_markdown()
    assert body.startswith(f"<!-- healing-fingerprint: {evidence.fingerprint()} -->")
    for needle in (
        "| Node | `node-a` |",
        "| Target | `systemd/api.service` |",
        "| Service type | systemd |",
        "| Pattern | `port_conflict` |",
        "| Escalation reason | **Stuck** |",
        "| Exit code | 1 |",
        "| State | failed (Result: exit-code) |",
        "| # | action | requested | finished | result | message |",
        "| 1 | `freePort` | 2026-11-26 06:00:00 UTC | 2026-11-26 06:00:04 UTC | VerificationFailed |",
        "```text\napi[812]: listen tcp 0.0.0.0:8080: bind: address already in use",
        "| `port_conflict` | systemd | `restart` | 0 | 2 | 0.12 |",
        "kubectl get inc node-a-api-port-conflict -o yaml",
        "kubectl describe hpol web-tier",
        "kubectl get inc -l healing.insa.io/node=node-a",
        "journalctl -u api.service -n 200 --no-pager",
    ):
        assert needle in body, needle


def test_docker_targets_point_at_docker_logs() -> None:
    body = sample_evidence(target={"kind": "docker", "name": "web-1"}, serviceType="docker").render_markdown()
    assert "docker logs --tail 200 web-1" in body and "journalctl" not in body


def test_port_and_http_targets_point_at_what_is_behind_them() -> None:
    port = sample_evidence(target={"kind": "port", "name": "8080", "unit": "nginx.service"}).render_markdown()
    assert "journalctl -u nginx.service" in port and "ss -ltnp 'sport = :8080'" in port
    http = sample_evidence(
        target={"kind": "http", "name": "http://127.0.0.1:8080/healthz;id", "container": "web-1"}
    ).render_markdown()
    # Quoted for the shell: a human pastes these lines.
    assert "docker logs --tail 200 web-1" in http and "curl -sv 'http://127.0.0.1:8080/healthz;id'" in http


@pytest.mark.parametrize("render", ["render_markdown", "render_comment", "title", "summary"])
def test_secrets_never_rendered(render: str) -> None:
    dsn_password, bearer = SECRETS
    evidence = sample_evidence(
        state=f"failed; env DATABASE_URL=postgres://u:{dsn_password}@db/app",
        attempts=[
            {"action": "restart", "result": "Failed", "message": f"Authorization: Bearer {bearer}"},
        ],
        target={"kind": "http", "name": f"http://admin:{dsn_password}@127.0.0.1:8080/healthz"},
    )
    text = getattr(evidence, render)()
    for secret in SECRETS:
        assert secret not in text
    resolution = evidence.render_resolution(f"fixed by rotating password={dsn_password}")
    assert dsn_password not in resolution


def test_log_lines_cannot_break_out_of_the_code_block() -> None:
    body = sample_evidence(logExcerpt=["```", "# not a heading", "````` five"]).render_markdown()
    assert "``````text\n```\n# not a heading\n````` five\n``````" in body


def test_table_cells_escape_pipes_and_newlines() -> None:
    body = sample_evidence(attempts=[{"action": "restart", "result": "Failed", "message": "a|b\nc"}]).render_markdown()
    assert "| a\\|b c |" in body


def test_body_stays_under_githubs_limit() -> None:
    huge = sample_evidence(
        logExcerpt=["x" * 5000] * 500,
        attempts=[{"action": "restart", "result": "Failed", "message": "m" * 1000}] * 400,
    )
    for text in (huge.render_markdown(), huge.render_comment()):
        assert len(text) <= MAX_BODY_CHARS + 100
        assert text.startswith("<!-- healing-fingerprint:")


def test_round_trips_through_camel_case_json() -> None:
    evidence = sample_evidence()
    data = evidence.dump()
    assert "logExcerpt" in data and "serviceType" in data and data["attempts"][0]["requestedAt"]
    assert EscalationEvidence.model_validate(data) == evidence


def test_built_from_an_incident_and_the_policy_learning() -> None:
    incident = Incident.model_validate(
        {
            "metadata": {"name": "node-a-api-1a2b3c4d5e"},
            "spec": {
                "node": "node-a",
                "target": {"kind": "systemd", "name": "api.service"},
                "serviceType": "systemd",
                "failure": "port_conflict",
            },
            "status": {
                "policy": "web-tier",
                "attempts": [
                    {
                        "id": "a1",
                        "action": "freePort",
                        "requestedAt": "2026-11-26T06:00:00Z",
                        "finishedAt": "2026-11-26T06:00:04Z",
                        "result": "VerificationFailed",
                        "verification": "port 8080 still bound",
                    }
                ],
                "detection": {
                    "pattern": "port_conflict",
                    "occurrences": 7,
                    "evidence": {"logExcerpt": ["bind: address already in use"], "exitCode": 1, "state": "failed"},
                },
            },
        }
    )
    learning = [
        LearningEntry(pattern="port_conflict", service_type="systemd", action="freePort", successes=1, confidence=0.6),
        LearningEntry(pattern="disk_full", service_type="systemd", action="cleanDisk", successes=5, confidence=0.9),
    ]
    evidence = EscalationEvidence.from_incident(incident, "Stuck", learning, cluster="prod")
    assert evidence.incident == "node-a-api-1a2b3c4d5e" and evidence.policy == "web-tier"
    assert evidence.pattern == "port_conflict" and evidence.signature is None
    assert evidence.occurrences == 7 and evidence.exit_code == 1 and evidence.state == "failed"
    assert [a.result for a in evidence.attempts] == ["VerificationFailed"]
    assert evidence.attempts[0].message == "port 8080 still bound"
    assert [f.action for f in evidence.learning] == ["freePort"]  # only this pattern's figures
    assert evidence.fingerprint() == sample_evidence(cluster="prod").fingerprint()


def test_unknown_failure_from_an_incident_keeps_its_signature() -> None:
    incident = Incident.model_validate(
        {
            "metadata": {"name": "n-x"},
            "spec": {
                "node": "n",
                "target": {"kind": "docker", "name": "web"},
                "serviceType": "docker",
                "failure": "sig-0123abcd",
            },
            "status": {"policy": "p"},
        }
    )
    evidence = EscalationEvidence.from_incident(incident, "NotAutoFixable")
    assert evidence.pattern is None and evidence.signature == "sig-0123abcd"
    assert "unknown failure" in evidence.title()
