"""Admission alone: the last slot, the hour's budget before it is persisted, giving it back, half-open probes,
the budget recovered after a crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.constants import INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator.admission import Admission
from controller.operator.cache import Cache
from controller.operator.incident_lifecycle import Outcome
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.tasks import Tasks
from tests.fakes.kube import FakeKube, eventually, incident_body, policy_body


async def admission(tasks: Tasks, policy: dict[str, Any], *incidents: dict[str, Any]) -> tuple[FakeKube, Admission]:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy)
    for body in incidents:
        kube.create(INCIDENT_PLURAL, body)
    cache = Cache(kube)
    await cache.load()
    writer = PolicyStatusWriter(kube, cache, tasks.spawn)
    return kube, Admission(cache, writer, tasks.spawn)


def cached(adm: Admission, name: str) -> Incident:
    return adm.cache.incidents[name]


def stored_policy(kube: FakeKube) -> HealingPolicy:
    return HealingPolicy.model_validate(kube.objects[(POLICY_PLURAL, "web")])


def now() -> datetime:
    return datetime.now(UTC)


async def test_two_incidents_never_both_take_the_last_slot(tasks: Tasks) -> None:
    _, adm = await admission(
        tasks, policy_body(limits={"maxConcurrent": 1}), incident_body("a", "n1"), incident_body("b", "n2")
    )
    first, admitted = adm.admit(cached(adm, "a"), now())
    second, refused = adm.admit(cached(adm, "b"), now())  # no await in between, as two workers would
    assert admitted is not None and first.request is not None
    assert cached(adm, "a").status.phase == "Remediating"  # counted in flight before anything is written
    assert refused is None and second.request is None
    assert (second.status.phase, second.status.reason) == ("Suppressed", "MaxConcurrent")


async def test_the_hour_budget_counts_admissions_before_they_are_persisted(tasks: Tasks) -> None:
    kube, adm = await admission(
        tasks, policy_body(limits={"maxActionsPerHour": 1}), incident_body("a", "n1"), incident_body("b", "n2")
    )
    _, admitted = adm.admit(cached(adm, "a"), now())
    assert admitted is not None
    refused, none = adm.admit(cached(adm, "b"), now())
    assert none is None and refused.status.reason == "RateLimited"
    assert await adm.reserve(admitted) is True
    adm.settled(admitted)
    assert stored_policy(kube).status.actions_last_hour == [admitted.at]
    refused, none = adm.admit(cached(adm, "b"), now())  # now counted from the persisted status
    assert none is None and refused.status.reason == "RateLimited"


async def test_a_request_not_written_gives_its_slot_and_budget_back(tasks: Tasks) -> None:
    kube, adm = await admission(
        tasks,
        policy_body(limits={"maxActionsPerHour": 1, "maxConcurrent": 1}),
        incident_body("a", "n1"),
        incident_body("b", "n2"),
    )
    before = cached(adm, "a")
    _, admitted = adm.admit(before, now())
    assert admitted is not None
    reserved = await adm.reserve(admitted)
    adm.settled(admitted)
    adm.withdraw(admitted, reserved=reserved)  # e.g. the incident changed: 409 on the request
    assert cached(adm, "a") is before
    await eventually(lambda: stored_policy(kube).status.actions_last_hour == [])
    await eventually(lambda: adm.cache.policies["web"].status.actions_last_hour == [])
    decision, taken = adm.admit(cached(adm, "b"), now())
    assert taken is not None and decision.request is not None


async def test_an_open_circuit_past_its_retry_time_lets_exactly_one_probe_through(tasks: Tasks) -> None:
    t = now()
    circuit = {
        "scope": "pattern:container_exit",
        "state": "Open",
        "reason": "LowSuccessRate",
        "message": "0% success",
        "openedAt": (t - timedelta(hours=1)).isoformat(),
        "retryAt": (t - timedelta(seconds=1)).isoformat(),
    }
    kube, adm = await admission(
        tasks,
        {**policy_body(), "status": {"circuits": [circuit]}},
        incident_body("a", "n1"),
        incident_body("b", "n2"),
    )
    probe, admitted = adm.admit(cached(adm, "a"), now())
    assert admitted is not None and probe.request is not None
    refused, none = adm.admit(cached(adm, "b"), now())
    assert none is None and refused.status.reason == "CircuitOpen"
    assert "one probe is already in flight" in (refused.status.message or "")
    assert await adm.reserve(admitted) is True  # the grant is persisted with the budget
    [persisted] = stored_policy(kube).status.circuits
    assert persisted.state == "HalfOpen" and persisted.retry_at is not None and persisted.retry_at > t
    adm.probe_finished("web", Outcome("container_exit", "docker", "restart", True, 1.0), cached(adm, "a"))
    assert adm._probes["web"] == {}


async def test_actions_requested_before_a_crash_still_count_and_are_persisted(tasks: Tasks) -> None:
    requested = now() - timedelta(minutes=10)
    attempt = {"id": "x-1", "action": "restart", "requestedAt": requested.isoformat(), "result": "Succeeded"}
    kube, adm = await admission(
        tasks,
        policy_body(limits={"maxActionsPerHour": 1}),
        incident_body("old", "n1", policy="web", phase="Resolved", attempts=[attempt]),
        incident_body("b", "n2"),
    )
    adm.recover_budget()
    refused, none = adm.admit(cached(adm, "b"), now())  # counted at once, before the write lands
    assert none is None and refused.status.reason == "RateLimited"
    await eventually(lambda: stored_policy(kube).status.actions_last_hour == [requested])
    await eventually(lambda: adm._recovered == {})
