"""Dependency-aware healing in the operator: which failing dependency an incident waits for (the pure graph logic),
the context built from the cache (only the node's own graph and incidents), and the runtime deciding the waiting
incidents again as soon as their dependency is Resolved."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest_asyncio

from controller.api.dependency_graph import DependencyGraph
from controller.api.hostreport import DependencyEdge, DependencySource
from controller.api.incident import Incident
from controller.constants import HOSTREPORT_PLURAL, INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator.admission import Admission
from controller.operator.cache import Cache
from controller.operator.dependencies import SETTLE_SECONDS, holds_dependents, settle_seconds, waiting_for
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.runtime import Runtime
from controller.operator.tasks import Tasks
from tests.fakes.kube import FakeKube, eventually, incident_body, policy_body, running

DB, APP, MID, WEB = "systemd/db.service", "systemd/app.service", "systemd/mid.service", "docker/web-1"


def edge(target: str, *deps: str, source: DependencySource = "SystemdRequires") -> DependencyEdge:
    return DependencyEdge(target=target, depends_on=list(deps), source=source)


def graph(*edges: DependencyEdge) -> DependencyGraph:
    return DependencyGraph.from_edges(edges)


def failing(*targets: str) -> dict[str, str]:
    return {t: f"incident of {t} is Remediating" for t in targets}


# --- the graph -------------------------------------------------------------------------------------------------


def test_a_dependent_waits_for_its_failing_dependency_and_the_message_names_it() -> None:
    g = graph(edge(APP, DB))
    message = waiting_for(APP, g, failing(DB, APP))
    assert message is not None
    assert message.startswith(f"waiting for {DB} to be healed first: incident of {DB} is Remediating")
    assert "SystemdRequires" in message
    assert waiting_for(DB, g, failing(DB, APP)) is None  # the dependency itself is healed first


def test_nothing_waits_for_a_dependency_that_is_not_failing() -> None:
    g = graph(edge(APP, DB))
    assert waiting_for(APP, g, failing(APP)) is None
    assert waiting_for("systemd/other.service", g, failing(DB)) is None  # not in the graph at all


def test_the_nearest_failing_dependency_is_named_through_the_chain() -> None:
    g = graph(edge(APP, MID), edge(MID, DB))
    assert (m := waiting_for(APP, g, failing(MID, DB))) is not None and m.startswith(f"waiting for {MID} ")
    # mid is fine (or not watched as failing): app still waits for db behind it
    assert (m := waiting_for(APP, g, failing(DB))) is not None and m.startswith(f"waiting for {DB} ")
    assert f"via {MID}" in m


def test_in_a_cycle_nobody_waits() -> None:
    g = graph(edge(APP, DB), edge(DB, APP))
    assert waiting_for(APP, g, failing(APP, DB)) is None
    assert waiting_for(DB, g, failing(APP, DB)) is None
    # a longer cycle too
    g = graph(edge(APP, MID), edge(MID, DB), edge(DB, APP))
    assert all(waiting_for(t, g, failing(APP, MID, DB)) is None for t in (APP, MID, DB))


def test_a_cycle_still_waits_for_what_the_cycle_depends_on() -> None:
    storage = "systemd/storage.service"
    g = graph(edge(APP, DB), edge(DB, APP), edge(DB, storage))
    for member in (APP, DB):
        assert (m := waiting_for(member, g, failing(APP, DB, storage))) is not None
        assert m.startswith(f"waiting for {storage} ")


def test_a_compose_label_makes_its_own_container_wait() -> None:
    g = graph(edge(WEB, "docker/db-1", source="ComposeDependsOn"))
    assert (m := waiting_for(WEB, g, failing("docker/db-1", WEB))) is not None and "ComposeDependsOn" in m


def test_a_label_never_makes_another_target_wait() -> None:
    # web's label names the database; that holds web only. Another container's label is never followed from
    # anyone but that container: app depends on web (trusted), web's label says web depends on db.
    g = graph(edge(WEB, DB, source="ComposeDependsOn"), edge(APP, WEB, source="PolicyProbe"))
    assert waiting_for(DB, g, failing(DB, WEB, APP)) is None
    assert waiting_for(APP, g, failing(DB)) is None  # web is fine: app does not wait for db through web's label
    assert (m := waiting_for(APP, g, failing(DB, WEB))) is not None and m.startswith(f"waiting for {WEB} ")


def test_a_label_cannot_cancel_a_wait_that_systemd_says() -> None:
    # app Requires db (trusted); a label on... db's side claiming db depends on app would close a cycle: it must not
    # free app to act while db is failing. Only the labelled one's own wait is cancelled by the cycle.
    g = graph(edge(APP, DB), edge(DB, APP, source="ComposeDependsOn"))
    assert (m := waiting_for(APP, g, failing(APP, DB))) is not None and m.startswith(f"waiting for {DB} ")
    assert waiting_for(DB, g, failing(APP, DB)) is None


def test_two_labels_naming_each_other_do_not_deadlock() -> None:
    other = "docker/web-2"
    g = graph(edge(WEB, other, source="ComposeDependsOn"), edge(other, WEB, source="ComposeDependsOn"))
    assert waiting_for(WEB, g, failing(WEB, other)) is None
    assert waiting_for(other, g, failing(WEB, other)) is None


def _waits(g: DependencyGraph, failing_now: dict[str, str]) -> dict[str, str]:
    out = {}
    for target in failing_now:
        if (m := waiting_for(target, g, failing_now)) is not None:
            out[target] = m.split()[2]  # "waiting for <dependency> ..."
    return out


def test_no_wait_cycle_in_any_graph_so_something_is_always_healed() -> None:
    """400 random graphs of trusted and label edges with every target failing: the waits never form a cycle, so at
    least one failing target is decided on its own (nothing waits forever for each other)."""
    rng = random.Random(11)
    sources: list[DependencySource] = ["SystemdRequires", "PolicyProbe", "ComposeDependsOn"]
    for _ in range(400):
        names = [f"systemd/u{i}.service" for i in range(rng.randint(2, 8))]
        edges = [
            edge(t, d, source=rng.choice(sources))
            for t in names for d in names if t != d and rng.random() < 0.3
        ]
        waits = _waits(graph(*edges), failing(*names))
        for start in waits:  # follow the waits: they must end at a target that does not wait
            seen, at = set(), start
            while at in waits:
                assert at not in seen, f"wait cycle through {at} in {edges}"
                seen.add(at)
                at = waits[at]
        assert len(waits) < len(names)


def test_only_incidents_the_operator_still_works_on_hold_their_dependents() -> None:
    def inc(**status: Any) -> Incident:
        return Incident.model_validate(incident_body("db", **status))

    assert holds_dependents(inc())  # just detected
    for phase in ("Detected", "Remediating", "Verifying", "Suppressed"):
        assert holds_dependents(inc(phase=phase)), phase
    for phase in ("Resolved", "Escalated", "Failed"):
        assert not holds_dependents(inc(phase=phase, handledOccurrences=1)), phase
    # Resolved, then failed again: reopened on its next decision, so it holds already
    reopened = inc(phase="Resolved", handledOccurrences=1)
    reopened.status.detection.occurrences = 2  # type: ignore[union-attr]
    assert holds_dependents(reopened)


# --- the context: the node's own graph and incidents --------------------------------------------------------------


def unit_incident(name: str, node: str, unit: str, **status: Any) -> dict[str, Any]:
    body = incident_body(name, node, **status)
    body["spec"].update(target={"kind": "systemd", "name": unit}, serviceType="systemd", failure="process_crash")
    body["status"]["detection"]["pattern"] = "process_crash"
    return body


def hostreport(node: str, *edges: DependencyEdge) -> dict[str, Any]:
    return {"metadata": {"name": node}, "spec": {"node": node},
            "status": {"lastHeartbeat": datetime.now(UTC).isoformat(), "heartbeatSeconds": 30,
                       "dependencies": [e.dump() for e in edges]}}


UNITS_POLICY = policy_body(targets=[{"kind": "systemd", "match": "*.service"}], actions=["restart", "resetFailed"])


async def admission(tasks: Tasks, *bodies: dict[str, Any], reports: tuple[dict[str, Any], ...]) -> Admission:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, UNITS_POLICY)
    for body in bodies:
        kube.create(INCIDENT_PLURAL, body)
    for report in reports:
        kube.create(HOSTREPORT_PLURAL, report)
    cache = Cache(kube)
    await cache.load()
    return Admission(cache, PolicyStatusWriter(kube, cache, tasks.spawn), tasks.spawn)


async def test_the_context_waits_for_a_failing_dependency_on_the_same_node(tasks: Tasks) -> None:
    adm = await admission(
        tasks,
        unit_incident("db", "n1", "db.service", phase="Remediating"),
        unit_incident("app", "n1", "app.service"),
        reports=(hostreport("n1", edge(APP, DB)),),
    )
    decision, admitted = adm.admit(adm.cache.incidents["app"], datetime.now(UTC))
    assert admitted is None and decision.request is None
    assert (decision.status.phase, decision.status.reason) == ("Suppressed", "WaitingForDependency")
    assert f"waiting for {DB} to be healed first: incident db is Remediating" in decision.status.message


async def test_a_dependency_on_another_node_never_holds_anything(tasks: Tasks) -> None:
    # n2's db.service is failing, and n2 publishes the same edge; n1's app has no failing dependency on n1
    adm = await admission(
        tasks,
        unit_incident("db-n2", "n2", "db.service", phase="Remediating"),
        unit_incident("app-n1", "n1", "app.service"),
        reports=(hostreport("n1", edge(APP, DB)), hostreport("n2", edge(APP, DB))),
    )
    decision, admitted = adm.admit(adm.cache.incidents["app-n1"], datetime.now(UTC))
    assert admitted is not None and decision.status.phase == "Remediating"


async def test_a_node_without_a_published_graph_holds_nothing(tasks: Tasks) -> None:
    adm = await admission(
        tasks,
        unit_incident("db", "n1", "db.service", phase="Remediating"),
        unit_incident("app", "n1", "app.service"),
        reports=(hostreport("n2", edge(APP, DB)),),
    )
    assert adm.context(adm.cache.incidents["app"]).waiting_for is None


async def test_a_changed_graph_in_the_hostreport_decides_the_nodes_incidents_again(tasks: Tasks) -> None:
    adm = await admission(tasks, unit_incident("app", "n1", "app.service"), reports=(hostreport("n1"),))
    assert adm.cache.hostreport_event("MODIFIED", hostreport("n1", edge(APP, DB))) is True
    assert adm.cache.hostreport_event("MODIFIED", hostreport("n1", edge(APP, DB))) is False  # the same again
    assert adm.cache.dependencies["n1"].trusted == {APP: [(DB, "SystemdRequires")]}


# --- the runtime: dependents decided again when the dependency is Resolved ----------------------------------------


@pytest_asyncio.fixture(loop_scope="function")
async def chain() -> AsyncIterator[tuple[FakeKube, Runtime]]:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, UNITS_POLICY)
    kube.create(HOSTREPORT_PLURAL, hostreport("n1", edge(APP, DB)))
    async with running(kube) as runtime:
        yield kube, runtime


def stored(kube: FakeKube, name: str) -> Incident:
    return Incident.model_validate(kube.objects[(INCIDENT_PLURAL, name)])


async def test_dependents_are_decided_again_as_soon_as_the_dependency_is_resolved(
    chain: tuple[FakeKube, Runtime],
) -> None:
    kube, runtime = chain
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, unit_incident("db", "n1", "db.service")))
    await eventually(lambda: stored(kube, "db").status.phase == "Remediating")
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, unit_incident("app", "n1", "app.service")))
    await eventually(lambda: stored(kube, "app").status.reason == "WaitingForDependency")
    assert stored(kube, "app").status.attempts == []  # nothing requested for app while db is failing
    # the agent heals db and the operator verifies it (verify.after = healthyFor = 0s)
    request = stored(kube, "db").status.request
    assert request is not None
    now = datetime.now(UTC).isoformat()
    kube.concurrent_write(INCIDENT_PLURAL, "db", {"status": {
        "executions": [{"id": request.id, "action": request.action, "startedAt": now, "finishedAt": now,
                        "result": "Succeeded"}],
        "health": {"healthy": True, "checkedAt": now, "since": now}}})
    await runtime.incident_event("MODIFIED", kube.objects[(INCIDENT_PLURAL, "db")])
    await eventually(lambda: stored(kube, "db").status.phase == "Resolved")
    # app is decided again at once (its own requeue is 30 s away): its turn to be healed now
    await eventually(lambda: stored(kube, "app").status.phase == "Remediating", deadline=5.0)


async def test_a_dependent_filed_before_its_dependency_still_waits_for_it(chain: tuple[FakeKube, Runtime]) -> None:
    """They fail together and the agent may file the dependent first: it is decided SETTLE_SECONDS after it was
    seen, by when the dependency's incident is known."""
    kube, runtime = chain
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, unit_incident("app", "n1", "app.service")))
    await asyncio.sleep(SETTLE_SECONDS / 3)
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, unit_incident("db", "n1", "db.service")))
    await eventually(lambda: stored(kube, "app").status.reason == "WaitingForDependency")
    assert stored(kube, "app").status.attempts == [] and stored(kube, "db").status.phase == "Remediating"


def test_only_a_new_failure_of_a_dependent_settles() -> None:
    g = graph(edge(APP, DB))
    fresh = Incident.model_validate(unit_incident("app", "n1", "app.service"))
    assert fresh.status.detection is not None and fresh.status.detection.last_seen is not None
    seen = fresh.status.detection.last_seen
    assert settle_seconds(fresh, g, seen + timedelta(seconds=0.5)) == SETTLE_SECONDS - 0.5
    assert settle_seconds(fresh, g, seen - timedelta(seconds=30)) == SETTLE_SECONDS  # agent's clock ahead: no longer
    assert settle_seconds(fresh, g, seen + timedelta(seconds=SETTLE_SECONDS)) is None
    assert settle_seconds(fresh, graph(), seen) is None  # no dependencies: decided at once
    db = Incident.model_validate(unit_incident("db", "n1", "db.service"))
    assert settle_seconds(db, g, seen) is None  # db depends on nothing
    decided = Incident.model_validate(unit_incident("app", "n1", "app.service", phase="Suppressed"))
    assert settle_seconds(decided, g, seen) is None
