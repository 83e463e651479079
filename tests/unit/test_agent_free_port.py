"""freePort's verdict after the stale holder is gone: the port still in use by the service's own unit (it was started
meanwhile, e.g. pulled in by its dependants) is the fix done; still in use by anything else is a failure. The
listeners are faked here (what /proc shows is the integration tests' part: tests/integration/test_agent_actions.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from controller.agent import netns
from controller.agent.actions import host
from controller.agent.actions.base import ActionContext
from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident

PORT = 18095
STALE = netns.Listener(pid=4242, name="python3", cmdline=("python3", "-m", "http.server", str(PORT)), exe="",
                       cgroup="0::/system.slice/stale-depdb.service")
ITSELF = netns.Listener(pid=4343, name="python3", cmdline=("python3", "db.py"), exe="",
                        cgroup="0::/system.slice/dep-db.service")
INTRUDER = netns.Listener(pid=4444, name="nc", cmdline=("nc", "-l", str(PORT)), exe="",
                          cgroup="0::/system.slice/other.service")


class Bus:
    async def exec_start(self, unit: str) -> list[list[str]]:
        return [["python3", "db.py"]]


def context() -> ActionContext:
    policy = HealingPolicy.model_validate({
        "metadata": {"name": "db"},
        "spec": {"targets": [{"kind": "systemd", "match": "dep-db.service"},
                             {"kind": "port", "port": PORT, "unit": "dep-db.service"}],
                 "actions": ["freePort"], "actionOptions": {"freePortKillForeign": True}},
    })
    incident = Incident.model_validate({
        "metadata": {"name": "inc"},
        "spec": {"node": "n1", "target": {"kind": "systemd", "name": "dep-db.service"}, "serviceType": "systemd",
                 "failure": "port_conflict"},
    })
    return ActionContext(incident=incident, policy=policy, unit="dep-db.service", systemd=Bus(),  # type: ignore[arg-type]
                         unit_ns_pid=None)


@pytest.mark.parametrize(("after", "result"), [([ITSELF], "Succeeded"), ([INTRUDER], "Failed"),
                                               ([STALE], "Failed"), ([ITSELF, INTRUDER], "Failed")])
def test_a_port_taken_by_the_service_itself_after_the_kill_is_freed(
    monkeypatch: pytest.MonkeyPatch, after: list[netns.Listener], result: str
) -> None:
    seen: list[list[netns.Listener]] = [[STALE], after]
    killed: list[int] = []

    def listeners(port: int, ns_pid: int | None = None) -> list[netns.Listener]:
        return seen.pop(0) if seen else after

    def kill(pid: int) -> str:
        killed.append(pid)
        return f"terminated pid {pid}"

    monkeypatch.setattr(netns, "listeners", listeners)
    monkeypatch.setattr(netns, "is_listening", lambda port, ns_pid=None: True)
    monkeypatch.setattr(host, "_kill", kill)
    monkeypatch.setattr(host, "KILL_GRACE", 0.05)

    async def restart(ctx: Any) -> Any:
        raise AssertionError("a service that holds its port itself is not restarted")

    monkeypatch.setattr(host.systemd_actions, "restart", restart)
    outcome = asyncio.run(host.free_port(context()))
    assert killed == [STALE.pid]
    assert outcome.result == result, outcome
    if result == "Succeeded":
        assert "dep-db.service took port 18095 itself" in outcome.message
    else:
        assert "still in use" in outcome.message
