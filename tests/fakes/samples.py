"""Sample escalation evidence for tests, with real-looking secrets in the logs that must never leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from controller.escalation.evidence import EscalationEvidence

DSN_PASSWORD = "Sup3r-s3cret-DSN-pw"
BEARER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJoZWFsaW5nIn0.c2lnbmF0dXJlLXNlY3JldA"
SECRETS = (DSN_PASSWORD, BEARER_TOKEN)

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
