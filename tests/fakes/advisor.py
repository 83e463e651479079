"""A diagnosis service stand-in: POST {signature, lines} → {pattern, action, rationale} (or 204)."""

from __future__ import annotations

from typing import Any

from tests.fakes.loopback import RecordedRequest, Reply, SimpleJSONService


class FakeAdvisor(SimpleJSONService):
    def __init__(self, default: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.answers: dict[str, dict[str, Any] | None] = {}
        self.default = default or {
            "pattern": "config_error",
            "action": "restart",
            "rationale": "the unit exits right after reading its configuration",
        }

    @property
    def url(self) -> str:
        return self.origin + "/v1/suggest"

    @property
    def calls(self) -> list[Any]:
        return self.posted

    def handle(self, request: RecordedRequest) -> Reply:
        if request.method != "POST" or request.path != "/v1/suggest":
            return Reply(404, {"error": "not found"})
        body = request.json or {}
        if not isinstance(body.get("signature"), str) or not isinstance(body.get("lines"), list):
            return Reply(400, {"error": "signature and lines are required"})
        answer = self.answers.get(body["signature"], self.default)
        if answer is None:
            return Reply(204)
        return Reply(200, answer)
