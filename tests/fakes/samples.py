"""Sample escalation evidence for tests, with real-looking secrets in the logs that must never leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from controller.escalation.evidence import EscalationEvidence

DSN_PASSWORD = "Sup3r-s3cret-DSN-pw"
BEARER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJoZWFsaW5nIn0.c2lnbmF0dXJlLXNlY3JldA"
SECRETS = (DSN_PASSWORD, BEARER_TOKEN)

# Shapes of secrets as services print them: (text, the secret in it). Every sink must drop the secret.
SECRET_SHAPES: tuple[tuple[str, str], ...] = (
    (f"could not connect to postgresql://api:{DSN_PASSWORD}@db:5432/app", DSN_PASSWORD),
    (f"upstream call failed: Authorization: Bearer {BEARER_TOKEN}", BEARER_TOKEN),
    ("GET http://admin:Adm1n-pa55@127.0.0.1:8080/healthz failed", "Adm1n-pa55"),
    ("redis://:R3dis-pa55@cache:6379/0 refused", "R3dis-pa55"),
    ("db password=Pa55word-42 host=db", "Pa55word-42"),
    ('{"api_key": "k-8f3a9b2c1d", "user": "bob"}', "k-8f3a9b2c1d"),
    ("push failed with ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
    ("aws key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE"),
    ("curl -u admin:Curl-pa55 https://api.example.com/v1", "Curl-pa55"),
    ("mysqldump --password My5ql-pa55 --all-databases", "My5ql-pa55"),
    ("Cookie: sessionid=Sess-1d-abc; csrftoken=xyz", "Sess-1d-abc"),
)

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def sample_evidence(**overrides: Any) -> EscalationEvidence:
    data: dict[str, Any] = {
        "incident": "node-a-api-port-conflict",
        "node": "node-a",
        "target": {"kind": "systemd", "name": "api.service"},
        "serviceType": "systemd",
        "pattern": "port_conflict",
        "reason": "Stuck",
        "policy": "web-tier",
        "state": "failed (Result: exit-code)",
        "exitCode": 1,
        "occurrences": 4,
        "firstSeen": T0,
        "lastSeen": T0 + timedelta(minutes=9),
        "attempts": [
            {
                "action": "freePort",
                "requestedAt": T0 + timedelta(minutes=i),
                "finishedAt": T0 + timedelta(minutes=i, seconds=4),
                "result": "VerificationFailed",
                "message": f"port 8080 still bound after attempt {i + 1}",
            }
            for i in range(3)
        ],
        "logExcerpt": [
            "api[812]: listen tcp 0.0.0.0:8080: bind: address already in use",
            f"api[812]: connecting to postgresql://api:{DSN_PASSWORD}@db.internal:5432/api?sslmode=require",
            f"api[812]: upstream call failed, request headers: Authorization: Bearer {BEARER_TOKEN}",
            "systemd[1]: api.service: Main process exited, code=exited, status=1/FAILURE",
        ],
        "learning": [
            {
                "pattern": "port_conflict",
                "serviceType": "systemd",
                "action": "freePort",
                "successes": 2,
                "failures": 3,
                "confidence": 0.41,
            },
            {
                "pattern": "port_conflict",
                "serviceType": "systemd",
                "action": "restart",
                "successes": 0,
                "failures": 2,
                "confidence": 0.12,
            },
        ],
    }
    data.update(overrides)
    return EscalationEvidence.model_validate(data)
