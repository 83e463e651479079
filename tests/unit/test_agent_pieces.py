"""Pure pieces of the agent: service classification, D-Bus unit paths, policy selection, state, netns."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from controller.agent import netns
from controller.agent.classify_service import container_of_exec, container_type, unit_type
from controller.agent.policies import PolicyStore
from controller.agent.state import AgentState
from controller.agent.systemd_bus import unit_name, unit_path


@pytest.mark.parametrize(
    ("argv", "container"),
    [
        (["/usr/bin/docker", "run", "--rm", "--name", "web", "nginx"], "web"),
        (["/usr/bin/docker", "run", "--name=db", "postgres"], "db"),
        (["docker", "start", "-a", "cache"], "cache"),
        (["/usr/bin/podman", "container", "run", "-p", "80:80", "img"], ""),
        (["/bin/sh", "-c", "exec docker run --name api img"], "api"),
        (["/usr/bin/python3", "-m", "http.server"], None),
        (["/usr/bin/docker", "ps"], None),
    ],
)
def test_container_of_exec(argv: list[str], container: str | None) -> None:
    assert container_of_exec(argv) == container


def test_unit_and_container_types() -> None:
    assert unit_type([["/usr/bin/docker", "run", "--name", "web", "nginx"]]) == ("hybrid", "web")
    assert unit_type([["/usr/sbin/nginx", "-g", "daemon off;"]]) == ("systemd", None)
    assert container_type("web", {"web": "web.service"}) == ("hybrid", "web.service")
    assert container_type("y", {}) == ("docker", None)


@pytest.mark.parametrize("name", ["nginx.service", "getty@tty1.service", "dev-disk-by\\x2duuid.device", "0x.mount"])
def test_unit_path_round_trip(name: str) -> None:
    path = unit_path(name)
    assert path.startswith("/org/freedesktop/systemd1/unit/")
    assert all(ch.isalnum() or ch in "/_" for ch in path)
    assert unit_name(path) == name


def test_unit_path_matches_systemd_encoding() -> None:
    assert unit_path("nginx.service") == "/org/freedesktop/systemd1/unit/nginx_2eservice"
    assert unit_path("my-app.service") == "/org/freedesktop/systemd1/unit/my_2dapp_2eservice"
    assert unit_name("/org/freedesktop/systemd1") is None


def _policy(name: str, selector: dict[str, Any], targets: list[dict[str, Any]], **spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": name}, "spec": {"nodeSelector": selector, "targets": targets, **spec}}


def test_policy_store_selects_by_node_labels_and_globs() -> None:
    store = PolicyStore("n1")
    changes: list[int] = []
    store.on_change(lambda: changes.append(len(store.targets())))
    store.set_nodes([])  # no Node object: hostname label only
    store.set_policies([
        _policy("web", {"matchLabels": {"role": "web"}}, [{"kind": "docker", "match": "web-*"}]),
        _policy("all", {}, [{"kind": "systemd", "match": "nginx*.service"},
                            {"kind": "docker", "match": "api-*", "labels": {"tier": "api"}}]),
        _policy("me", {"matchLabels": {"kubernetes.io/hostname": "n1"}}, [{"kind": "port", "port": 80}]),
        {"metadata": {"name": "broken"}, "spec": {"targets": []}},  # invalid: ignored, not fatal
    ])
    assert store.selecting_policies() == ["all", "me"]
    assert [w.policy_name for w in store.match("systemd", "nginx-main.service")] == ["all"]
    assert store.match("docker", "web-1") == []
    assert store.match("docker", "api-1", {"tier": "api"})
    assert not store.match("docker", "api-1", {"tier": "db"})

    store.node_event("MODIFIED", {"metadata": {"name": "n1", "labels": {"role": "web"}}})
    assert store.selecting_policies() == ["all", "web"]  # hostname label gone with a real Node object
    assert [w.policy_name for w in store.match("docker", "web-1")] == ["web"]
    store.policy_event("DELETED", {"metadata": {"name": "web"}})
    assert store.match("docker", "web-1") == []
    assert changes and changes[-1] == len(store.targets())


def test_a_policy_status_write_is_no_change_of_the_watched_targets() -> None:
    """The operator writes policy status often: the sources must not rescan the node (D-Bus calls) for that."""
    store = PolicyStore("n1")
    changes: list[int] = []
    store.on_change(lambda: changes.append(1))
    store.set_nodes([])
    body = _policy("all", {}, [{"kind": "systemd", "match": "app-*.service"}])
    store.set_policies([body])
    assert changes == [1]
    store.policy_event("MODIFIED", {**body, "status": {"actionsLastHour": ["2026-12-01T10:00:00Z"]}})
    assert changes == [1]
    assert store.policies["all"].status.actions_last_hour  # the newest version is kept all the same
    store.policy_event("MODIFIED", _policy("all", {}, [{"kind": "systemd", "match": "db.service"}]))
    assert changes == [1, 1]


def test_state_persists_ids_and_seen_keys(tmp_path: Path) -> None:
    state = AgentState(tmp_path)
    assert not state.executed("a1")
    state.mark_executed("a1")
    assert state.first_time("unit", "x@1")
    assert not state.first_time("unit", "x@1")
    state.docker_cursor(123)
    again = AgentState(tmp_path)
    assert again.executed("a1")
    assert not again.first_time("unit", "x@1")
    assert again.docker_since_ns == 123


def test_state_survives_a_corrupt_file(tmp_path: Path) -> None:
    (tmp_path / "agent-state.json").write_text("{not json")
    state = AgentState(tmp_path)
    assert not state.executed("a1")
    assert (tmp_path / "agent-state.corrupt").exists()


def test_listeners_finds_this_process() -> None:
    import os

    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        port = srv.getsockname()[1]
        assert netns.is_listening(port)
        found = netns.listeners(port, os.getpid())
        assert [h.pid for h in found] == [os.getpid()]
    assert not netns.is_listening(port)


def test_kernel_oom_record_parsing() -> None:
    from controller.agent.sources.kernel import KernelOomWatcher, parse

    record = ("6,1234,3443210409,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=3321c8,mems_allowed=0,"
              "oom_memcg=/docker/3321c8d9be64,task_memcg=/docker/3321c8d9be64,task=sh,pid=7896,uid=0")
    kill = parse(record, now=100.0)
    assert kill is not None
    assert (kill.memcg, kill.task, kill.pid) == ("/docker/3321c8d9be64", "sh", 7896)
    assert parse("6,1,2,-;Memory cgroup stats for /docker/abc:") is None
    watcher = KernelOomWatcher()
    watcher.kills.append(kill)
    assert watcher.killed("3321c8d9be64", since=99.0) == kill
    assert watcher.killed("3321c8d9be64", since=101.0) is None
    assert watcher.killed("/web.service", since=0.0) is None
