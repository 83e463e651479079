"""The actuator's dispatch: a request id runs at most once, whatever order the watch delivers its events in."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from controller.agent.actuator import Actuator
from controller.api.incident import Execution, Incident

REQUEST = {"id": "inc-1-1", "action": "resetFailed", "requestedAt": "2026-12-02T02:28:40Z"}


class HealthSeen:
    def __init__(self) -> None:
        self.observed: list[str] = []

    def observe(self, incident: Incident) -> None:
        self.observed.append(incident.metadata.name)


def incident(**status: Any) -> dict[str, Any]:
    return {
        "metadata": {"name": "inc-1", "uid": "u-1", "generation": 1, "resourceVersion": "7"},
        "spec": {"node": "n1", "target": {"kind": "systemd", "name": "app.service"}, "serviceType": "systemd",
                 "failure": "unit_failed"},
        "status": status,
    }


def actuator() -> Actuator:
    # only the dispatch runs here: nothing of the node is reached (a task would need all of it)
    none = cast(Any, None)
    return Actuator(none, "n1", none, none, none, cast(Any, HealthSeen()), systemd=None, docker_client=lambda: None,
                    journal_dir=None, unit_ns_pid=lambda: None, observe=none, host_paths=none)


async def test_a_watch_event_older_than_the_recorded_execution_runs_nothing_again() -> None:
    """The agent recorded the execution; then an event from before that write arrives (the request still without
    its execution). It once ran the request again, found it marked as started, and overwrote Succeeded with
    'the agent restarted while this action ran'."""
    act = actuator()
    act._executions["inc-1"] = [Execution(id="inc-1-1", action="resetFailed", result="Succeeded")]
    act._consider(incident(request=REQUEST))
    assert not act._tasks and not act._inflight
    assert [e.result for e in act._executions["inc-1"]] == ["Succeeded"]


async def test_a_request_without_an_execution_is_dispatched_once() -> None:
    act = actuator()
    act._consider(incident(request=REQUEST))
    act._consider(incident(request=REQUEST))  # the same request again while it runs
    assert act._inflight == {"inc-1-1"} and len(act._tasks) == 1
    tasks = list(act._tasks)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
