"""Events aggregated against the real API server: a repeat updates the Event's count, similar Events are combined
after ten (controller/operator/events.py), as `kubectl describe` shows them."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from controller.devenv.controlplane import ControlPlane
from controller.operator.events import AGGREGATE_AFTER, COMBINED_PREFIX, EventPoster, involved
from controller.operator.k8s import Kube
from tests.fakes.kube import eventually

pytestmark = pytest.mark.integration


def events_of(cp: ControlPlane, name: str) -> list[dict[str, Any]]:
    items = json.loads(cp.run_kubectl("get", "events", "-n", "default", "--field-selector",
                                      f"involvedObject.name={name}", "-o", "json").stdout)["items"]
    return sorted(items, key=lambda e: e["metadata"]["creationTimestamp"] + e["metadata"]["name"])


async def test_repeats_and_similar_events_on_the_real_api_server(control_plane: ControlPlane) -> None:
    kube = Kube.from_kubeconfig(str(control_plane.kubeconfig))
    poster = EventPoster(kube)
    poster.start()
    name = f"events-{uuid.uuid4().hex[:8]}"
    ref = involved("Incident", name, None)
    try:
        poster.post(ref, "Warning", "AgentSilent", "the agent is silent")
        await eventually(lambda: poster.writes["create"] == 1)
        for _ in range(2):  # written meanwhile: updates of the same Event
            poster.post(ref, "Warning", "AgentSilent", "the agent is silent")
            await eventually(lambda: not poster.pending())
        for i in range(AGGREGATE_AFTER + 3):  # the first is the one above: 13 distinct messages, 3 combined
            poster.post(ref, "Normal", "Held", f"held {i}")
        await poster.stop(drain_seconds=20)
        events = events_of(control_plane, name)
        silent = [e for e in events if e["reason"] == "AgentSilent"]
        assert [(e["count"], e["message"]) for e in silent] == [(3, "the agent is silent")]
        assert silent[0]["lastTimestamp"] >= silent[0]["firstTimestamp"]
        held = [(e["count"], e["message"]) for e in events if e["reason"] == "Held"]
        assert held[:AGGREGATE_AFTER] == [(1, f"held {i}") for i in range(AGGREGATE_AFTER)]
        assert held[AGGREGATE_AFTER:] == [(3, f"{COMBINED_PREFIX}held {AGGREGATE_AFTER + 2}")]
        assert poster.writes["create"] == 1 + AGGREGATE_AFTER + 1  # 14 posts became 12 Events
    finally:
        control_plane.run_kubectl("delete", "events", "-n", "default", "--field-selector",
                                  f"involvedObject.name={name}", check=False)
        await kube.close()
