"""A chat/paging system stand-in: accepts JSON POSTs on any path, records them, can answer with errors."""

from __future__ import annotations

from typing import Any

from tests.fakes.loopback import RecordedRequest, Reply, SimpleJSONService


class FakeWebhookReceiver(SimpleJSONService):
    def url(self, path: str = "/hooks/T000/B000/s3cretPathToken") -> str:
        return self.origin + path

    @property
    def payloads(self) -> list[Any]:
        return self.posted

    def handle(self, request: RecordedRequest) -> Reply:
        if request.method != "POST":
            return Reply(405, {"error": "method not allowed"})
        try:
            request.json  # noqa: B018 - reject what a real receiver would reject
        except ValueError:
            return Reply(400, {"error": "invalid JSON"})
        return Reply(200, {"status": "success"})
