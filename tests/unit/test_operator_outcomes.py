"""Outcome notes go from the Incident to its policy exactly once, whatever step the operator died after: shown by
starting the runtime on the states a crash leaves behind (on the fake Kube, with its resourceVersion checks)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.constants import INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator.runtime import Runtime
from tests.fakes.kube import FakeKube, eventually, incident_body, policy_body

NOTE: dict[str, Any] = {
    "key": "uid-a/a-1", "kind": "Action", "pattern": "container_exit", "serviceType": "docker", "action": "restart",
    "success": True, "seconds": 4.0, "target": "n1/web-a", "at": datetime.now(UTC).isoformat(),
}


def resolved_with(note: dict[str, Any], name: str = "a") -> dict[str, Any]:
    return incident_body(name, "n1", policy="web", phase="Resolved", resolvedAt=datetime.now(UTC).isoformat(),
                         handledOccurrences=1, outcomes=[note])


def stored_with(note: dict[str, Any]) -> FakeKube:
    """The policy and incident a's resolved state with this outcome note, as a crash leaves them."""
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    kube.create(INCIDENT_PLURAL, resolved_with(note))
    return kube


async def start(kube: FakeKube) -> Runtime:
    runtime = Runtime(kube, concurrency=2)
    await runtime.start()
    return runtime


def policy(kube: FakeKube) -> HealingPolicy:
    return HealingPolicy.model_validate(kube.objects[(POLICY_PLURAL, "web")])


def incident(kube: FakeKube, name: str = "a") -> Incident:
    return Incident.model_validate(kube.objects[(INCIDENT_PLURAL, name)])


async def test_died_after_writing_the_note_it_is_applied_on_start() -> None:
    kube = stored_with(NOTE)
    runtime = await start(kube)
    try:
        await eventually(lambda: incident(kube).status.outcomes[0].applied)
        status = policy(kube).status
        assert (status.stats.attempts, status.learning[0].successes) == (1, 1)
        assert "uid-a/a-1" in status.applied_outcomes
    finally:
        await runtime.stop()


async def test_died_after_the_policy_write_the_note_is_only_marked() -> None:
    kube = stored_with(NOTE)
    first = await start(kube)  # applies it ...
    await eventually(lambda: "uid-a/a-1" in policy(kube).status.applied_outcomes)
    await first.stop()
    # ... and as if it had died before marking the note: the note is pending again
    kube.concurrent_write(INCIDENT_PLURAL, "a", {"status": {"outcomes": [NOTE]}})
    assert not incident(kube).status.outcomes[0].applied
    second = await start(kube)
    try:
        await eventually(lambda: incident(kube).status.outcomes[0].applied)
        status = policy(kube).status
        assert (status.stats.attempts, status.learning[0].successes) == (1, 1)  # not twice
    finally:
        await second.stop()


async def test_marking_retries_a_conflicting_write_and_keeps_what_it_wrote() -> None:
    kube = stored_with(NOTE)
    kube.interfere(INCIDENT_PLURAL, "a", {"status": {"message": "written by someone else meanwhile"}})
    runtime = await start(kube)
    try:
        await eventually(lambda: incident(kube).status.outcomes[0].applied)
        assert incident(kube).status.message == "written by someone else meanwhile"
    finally:
        await runtime.stop()


async def test_applied_keys_are_kept_only_until_the_incident_marks_its_note() -> None:
    """appliedOutcomes holds the notes between their policy write and their mark, not the storm's history: the key
    of a marked note goes with the next fold, one whose mark is missing stays (so it is never counted twice)."""
    kube = stored_with(NOTE)
    runtime = await start(kube)
    try:
        await eventually(lambda: incident(kube).status.outcomes[0].applied)
        assert policy(kube).status.applied_outcomes == ["uid-a/a-1"]
        second = {**NOTE, "key": "uid-b/b-1", "target": "n1/web-b"}
        await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, resolved_with(second, "b")))
        await eventually(lambda: incident(kube, "b").status.outcomes[0].applied)
        status = policy(kube).status
        assert status.applied_outcomes == ["uid-b/b-1"]  # a's note is marked: its key went
        assert status.stats.attempts == 2
    finally:
        await runtime.stop()
    # b died before its mark (as if): its key is still on the policy, so a restart only marks it
    kube.concurrent_write(INCIDENT_PLURAL, "b", {"status": {"outcomes": [second]}})
    again = await start(kube)
    try:
        await eventually(lambda: incident(kube, "b").status.outcomes[0].applied)
        assert policy(kube).status.stats.attempts == 2
    finally:
        await again.stop()
