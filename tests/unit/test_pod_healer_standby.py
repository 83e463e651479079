"""The pod healer's health loop writes nothing on a standby replica (Kopf peering): its incidents are the frozen
view of before the pause; once active, it looks at its incidents again (controller/operator/peering.py)."""

from __future__ import annotations

import asyncio

from controller.api.incident import Incident
from controller.operator.pods.healer import PodHealer
from tests.fakes.kube import FakeKube, eventually, incident_body


async def test_the_health_loop_looks_at_nothing_until_active() -> None:
    kube = FakeKube()
    active = [False]

    async def is_active() -> bool:
        return active[0]

    healer = PodHealer(kube, lambda: [], interval=0.01, sweep=0.01, active=is_active)
    looked: list[str] = []

    async def report(inc: Incident, *, only_changes: bool) -> None:
        looked.append(inc.metadata.name)

    healer._report_health = report  # type: ignore[method-assign]
    healer.incidents["p"] = Incident.model_validate(incident_body("p", phase="Remediating"))
    healer.start()
    try:
        for _ in range(10):
            await asyncio.sleep(0.01)
        assert looked == [] and not kube.writes
        active[0] = True
        await eventually(lambda: "p" in looked)
    finally:
        await healer.stop()
