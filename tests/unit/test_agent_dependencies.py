"""The dependency edges the agent publishes: systemd properties, hybrids, probes, compose labels -- and what an
attacker who writes a container's labels (an image author) can and cannot do with them."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

from dbus_fast import Message, MessageType

from controller.agent.dependencies import (
    MAX_LABEL_CHARS,
    Container,
    bounded,
    compose_edges,
    compose_services,
    hybrid_edges,
    probe_edges,
    unit_edges,
)
from controller.agent.health import HealthReporter, HealthResult
from controller.agent.hostreport import HostReporter, Snapshot
from controller.agent.policies import PolicyStore
from controller.agent.sources.systemd import SystemdSource
from controller.agent.state import AgentState
from controller.agent.systemd_bus import MANAGER_IFACE
from controller.api.dependency_graph import DependencyGraph
from controller.api.healingpolicy import Target
from controller.api.hostreport import MAX_DEPENDENCY_EDGES, MAX_DEPENDS_ON, DependencyEdge
from controller.api.incident import Incident, IncidentSpec
from controller.operator.dependencies import waiting_for

WATCHED_UNITS = {"app.service", "db.service", "cache.service", "mq.service"}


def watched_unit(name: str) -> bool:
    return name in WATCHED_UNITS


def edges_of(edges: list[DependencyEdge]) -> set[tuple[str, tuple[str, ...], str]]:
    return {(e.target, tuple(e.depends_on), e.source) for e in edges}


def test_unit_edges_from_hard_dependencies_and_ordered_wants() -> None:
    props: dict[str, Any] = {
        "Requires": ["db.service", "system.slice", "app.service"],  # its own name and unwatched units drop out
        "BindsTo": ["cache.service"],
        "Requisite": [],
        "Wants": ["mq.service", "network-online.target"],
        "After": ["mq.service", "db.service", "basic.target"],
    }
    assert edges_of(unit_edges("app.service", props, watched_unit)) == {
        ("systemd/app.service", ("systemd/db.service",), "SystemdRequires"),
        ("systemd/app.service", ("systemd/cache.service",), "SystemdBindsTo"),
        ("systemd/app.service", ("systemd/mq.service",), "SystemdWantsAfter"),
    }


def test_after_alone_or_wants_alone_is_no_dependency() -> None:
    props = {"After": ["db.service"], "Wants": ["cache.service"]}
    assert unit_edges("app.service", props, watched_unit) == []


def test_a_container_run_by_a_unit_depends_on_the_unit() -> None:
    hybrids = {"web": "web.service", "unwatched": "x.service"}
    assert edges_of(hybrid_edges(hybrids, lambda c: c == "web")) == {
        ("docker/web", ("systemd/web.service",), "UnitRunsContainer")
    }


def test_port_and_http_targets_depend_on_what_the_policy_names() -> None:
    targets = [
        Target(kind="port", port=8080, unit="nginx.service"),
        Target(kind="http", url="http://user:secret@127.0.0.1:8080/healthz", container="web"),
        Target(kind="port", port=9090),  # names nothing: no edge
        Target(kind="disk", path="/var", unit="nginx.service"),  # a disk is not served by the unit
    ]
    found = edges_of(probe_edges(targets))
    assert ("port/8080", ("systemd/nginx.service",), "PolicyProbe") in found
    (http,) = [e for e in found if e[0].startswith("http/")]
    assert "secret" not in http[0] and http[1] == ("docker/web",)  # named like the incident: credentials masked
    assert len(found) == 2


# --- compose ---------------------------------------------------------------------------------------------------


def compose(name: str, project: str, service: str, depends_on: str | None = None) -> Container:
    labels = {"com.docker.compose.project": project, "com.docker.compose.service": service}
    if depends_on is not None:
        labels["com.docker.compose.depends_on"] = depends_on
    return Container(name, labels)


def test_compose_services_are_read_from_the_depends_on_label() -> None:
    assert compose_services("db:service_started:false,cache:service_healthy:false") == ["db", "cache"]
    assert compose_services("db:service_started:true, db:service_healthy:false") == ["db"]
    assert compose_services("") == []


def test_a_depends_on_label_naming_no_compose_service_is_ignored() -> None:
    hostile = "systemd/db.service:x,../../etc:x,docker/web-1,-rf:x,$(reboot):x,db;rm:x, :x"
    assert compose_services(hostile) == []
    assert compose_services("db:service_started:false," * 1000) == []  # oversized: not read at all
    assert len("db:a," * 1000) > MAX_LABEL_CHARS
    many = ",".join(f"s{i}:service_started:false" for i in range(100))
    assert len(compose_services(many)) == MAX_DEPENDS_ON


def test_compose_pair_web_depends_on_its_db() -> None:
    web = compose("shop-web-1", "shop", "web", "db:service_started:false")
    db = compose("shop-db-1", "shop", "db")
    v1 = compose("shop_db_2", "shop", "db")  # compose v1 names
    other_project = compose("blog-db-1", "blog", "db")
    assert edges_of(compose_edges([web, db, v1, other_project])) == {
        ("docker/shop-web-1", ("docker/shop-db-1", "docker/shop_db_2"), "ComposeDependsOn")
    }


def test_an_image_claiming_to_be_a_compose_service_is_not_a_dependency() -> None:
    """Labels come with the image: an image that says it is shop's db must not make shop's web wait for it. Only
    the name the engine gave the container (chosen by whoever ran it) says which service it is."""
    web = compose("shop-web-1", "shop", "web", "db:service_started:false")
    impostor = compose("evil", "shop", "db")
    lookalike = compose("shop-db-1-evil", "shop", "db")
    assert compose_edges([web, impostor, lookalike]) == []


def test_a_label_only_ever_makes_its_own_container_wait() -> None:
    """Whatever an attacker writes into a container's labels, every edge read from them starts at that container;
    and in the operator a label edge is never followed from another target."""
    attacker = compose("shop-evil-1", "shop", "evil", "web:x,db:x,cache:x")
    web = compose("shop-web-1", "shop", "web")
    db = compose("shop-db-1", "shop", "db", "cache:service_started:false")
    cache = compose("shop-cache-1", "shop", "cache")
    found = compose_edges([attacker, web, db, cache])
    assert {e.target for e in found} == {"docker/shop-evil-1", "docker/shop-db-1"}  # each from its own label
    assert all(e.source == "ComposeDependsOn" for e in found)
    graph = DependencyGraph.from_edges(found)
    all_failing = {f"docker/{c.name}": "failing" for c in (attacker, web, db, cache)}
    assert waiting_for("docker/shop-web-1", graph, all_failing) is None
    assert waiting_for("docker/shop-cache-1", graph, all_failing) is None
    assert waiting_for("docker/shop-evil-1", graph, all_failing) is not None  # it may hold itself, nothing else


def test_labelled_edges_are_dropped_first_when_the_report_is_full() -> None:
    trusted = [DependencyEdge(target=f"systemd/u{i}.service", depends_on=["systemd/db.service"],
                              source="SystemdRequires") for i in range(10)]
    labelled = [DependencyEdge(target=f"docker/c{i:04d}", depends_on=["docker/db"], source="ComposeDependsOn")
                for i in range(MAX_DEPENDENCY_EDGES)]
    kept, left_out = bounded([*labelled, *trusted])
    assert len(kept) == MAX_DEPENDENCY_EDGES and left_out == 10
    assert all(e in kept for e in trusted)


# --- the HostReport carries them, written soon after they change ------------------------------------------------


class RecordingKube:
    def __init__(self) -> None:
        self.patches: list[dict[str, Any]] = []
        self.patched: list[str] = []

    async def create(self, resource: Any, body: dict[str, Any]) -> dict[str, Any]:
        return body

    async def patch(self, resource: Any, name: str, body: dict[str, Any], status: bool = False) -> dict[str, Any]:
        self.patches.append(body)
        self.patched.append(name)
        return body


def test_a_changed_graph_is_written_within_a_second_not_the_debounce() -> None:
    snap = Snapshot()
    kube = RecordingKube()

    async def collect() -> Snapshot:
        return snap

    async def scenario() -> None:
        reporter = HostReporter(kube, "n1", collect, heartbeat=30.0, debounce=5.0)  # type: ignore[arg-type]
        assert await reporter.tick()
        snap.units.watched = 3  # another change: waits for the 5 s debounce
        assert not await reporter.tick()
        snap.dependencies = [DependencyEdge(target="systemd/app.service", depends_on=["systemd/db.service"],
                                            source="SystemdRequires")]
        reporter._last_write -= 1.0  # a second later
        assert await reporter.tick()
        assert kube.patches[-1]["status"]["dependencies"] == [
            {"target": "systemd/app.service", "dependsOn": ["systemd/db.service"], "source": "SystemdRequires"}
        ]

    asyncio.run(scenario())


# --- the agent re-checks the dependents when a dependency's incident is resolved ---------------------------------


class FailedChecker:
    def __init__(self) -> None:
        self.checked: list[str] = []

    async def check(self, spec: IncidentSpec) -> HealthResult:
        self.checked.append(spec.target.name)
        return HealthResult(False, f"unit {spec.target.name} is failed/failed")


def unit_incident(name: str, unit: str, phase: str) -> Incident:
    return Incident.model_validate({
        "metadata": {"name": name},
        "spec": {"node": "n1", "target": {"kind": "systemd", "name": unit}, "serviceType": "systemd",
                 "failure": "process_crash"},
        "status": {"phase": phase},
    })


def test_a_resolved_dependency_has_its_dependents_health_written_at_once() -> None:
    kube = RecordingKube()
    checker = FailedChecker()
    graph = DependencyGraph.from_edges([DependencyEdge(target="systemd/app.service", depends_on=["systemd/db.service"],
                                                       source="SystemdRequires")])
    reporter = HealthReporter(kube, checker, interval=0.05, sweep=3600.0,  # type: ignore[arg-type]
                              dependents=graph.dependents_of)

    def app_writes() -> int:
        return sum(1 for name in kube.patched if name == "app")

    async def scenario() -> None:
        task = asyncio.create_task(reporter.run())
        try:
            reporter.observe(unit_incident("app", "app.service", "Suppressed"))
            reporter.observe(unit_incident("other", "other.service", "Suppressed"))
            reporter.observe(unit_incident("db", "db.service", "Verifying"))
            async with asyncio.timeout(5):
                while app_writes() < 1:  # confirmed once as a new open incident
                    await asyncio.sleep(0.01)
            await asyncio.sleep(0.3)
            assert app_writes() == 1  # unchanged health is not written again
            reporter.observe(unit_incident("db", "db.service", "Resolved"))
            async with asyncio.timeout(5):
                while app_writes() < 2:
                    await asyncio.sleep(0.01)
            assert checker.checked.count("other.service") == 1  # not a dependent of db: left alone
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    asyncio.run(scenario())


# --- reading the units' dependencies from systemd ------------------------------------------------------------


class CountingBus:
    """The part of SystemdBus the systemd source reads a unit with; counts the calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    async def exec_start(self, name: str) -> list[list[str]]:
        self.calls.append(("ExecStart", name))
        return [["/usr/bin/app"]]

    async def properties(self, name: str, interface: str = "") -> dict[str, Any]:
        self.calls.append(("GetAll", name))
        return {"Requires": ["db.service"], "After": ["db.service"]}


def unit_new(name: str) -> Message:
    return Message(message_type=MessageType.SIGNAL, path="/org/freedesktop/systemd1", member="UnitNew",
                   interface=MANAGER_IFACE, signature="so", body=[name, "/org/freedesktop/systemd1/unit/x"])


def test_a_unit_loaded_again_is_not_read_again(tmp_path: Path) -> None:
    """systemd unloads an inactive unit and loads it again for any bus call on it (UnitNew each time): reading it
    on every UnitNew would feed itself (a storm the bus ends with LimitsExceeded). A daemon-reload reads it again."""
    store = PolicyStore("n1")
    store.set_nodes([])
    store.set_policies([{"metadata": {"name": "p"}, "spec": {"targets": [{"kind": "systemd", "match": "*.service"}]}}])
    bus = CountingBus()
    changed: list[int] = []
    source = SystemdSource(bus, store, lambda f: None, AgentState(tmp_path),  # type: ignore[arg-type]
                           on_dependencies=lambda: changed.append(1))

    async def scenario() -> None:
        for _ in range(5):
            source._on_message(unit_new("app.service"))
            await asyncio.sleep(0.01)
        assert bus.calls == [("ExecStart", "app.service"), ("GetAll", "app.service")]
        assert source.unit_dependencies["app.service"]["Requires"] == ["db.service"] and changed == [1]
        reload_done = Message(message_type=MessageType.SIGNAL, path="/org/freedesktop/systemd1", member="Reloading",
                              interface=MANAGER_IFACE, signature="b", body=[False])
        source._on_message(reload_done)
        await asyncio.sleep(0.01)
        source._on_message(unit_new("app.service"))
        await asyncio.sleep(0.01)
        assert bus.calls.count(("GetAll", "app.service")) == 2 and bus.calls.count(("ExecStart", "app.service")) == 2

    asyncio.run(scenario())


def test_a_name_too_long_for_the_report_is_left_out_not_fatal() -> None:
    huge = "x" * 3000 + ".service"
    assert unit_edges(huge, {"Requires": ["db.service"]}, lambda u: True) == []
    assert edges_of(unit_edges("app.service", {"Requires": ["db.service", huge]}, lambda u: True)) == {
        ("systemd/app.service", ("systemd/db.service",), "SystemdRequires")
    }
