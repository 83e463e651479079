"""The test hosts behave like real ones: systemd reachable over D-Bus from the host, its journal readable
with the host's journalctl, and Docker reporting crashes, OOM kills and failing health checks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, TypeVar

import docker
import pytest
from dbus_fast import BusType, Message, MessageType, Variant
from dbus_fast.aio import MessageBus
from docker.models.containers import Container
from docker.models.images import Image

from controller.agent.sources.kernel import KernelOomWatcher
from controller.devenv.images import HASH_LABEL, ensure_busybox_image, ensure_node_image, node_image_digest
from controller.devenv.nodes import SystemdNode

pytestmark = pytest.mark.integration

SYSTEMD = "org.freedesktop.systemd1"
SYSTEMD_PATH = "/org/freedesktop/systemd1"
MANAGER = "org.freedesktop.systemd1.Manager"
UNIT = "org.freedesktop.systemd1.Unit"
PROPERTIES = "org.freedesktop.DBus.Properties"

PORT = 8080
HOLDER_UNIT = """[Unit]
Description=holds port {port} like a stale instance would
[Service]
ExecStart=python3 -c "import socket,time; s=socket.socket(); s.bind(('', {port})); s.listen(); time.sleep(9999)"
"""
WEB_UNIT = """[Unit]
Description=a web server that wants port {port}
[Service]
ExecStart=python3 -c "import socket; s=socket.socket(); s.bind(('', {port})); s.listen()"
"""


T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], timeout: float, what: str, interval: float = 0.2) -> T:
    """Poll ``probe`` until it returns something truthy, or fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while True:
        if result := probe():
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


async def call(
    bus: MessageBus, path: str, interface: str, member: str, signature: str = "", body: Any = (),
    destination: str = SYSTEMD,
) -> Any:
    reply = await bus.call(
        Message(destination=destination, path=path, interface=interface, member=member,
                signature=signature, body=list(body))
    )
    assert reply is not None
    if reply.message_type == MessageType.ERROR:
        raise AssertionError(f"{member}: {reply.error_name} {reply.body}")
    return reply.body


async def active_state(bus: MessageBus, unit_path: str) -> str:
    (variant,) = await call(bus, unit_path, PROPERTIES, "Get", "ss", [UNIT, "ActiveState"])
    return variant.value


async def test_node_systemd_is_reachable_over_dbus_from_host(systemd_node: SystemdNode) -> None:
    bus = await MessageBus(bus_address=systemd_node.dbus_address, bus_type=BusType.SYSTEM).connect()
    try:
        (units,) = await call(bus, SYSTEMD_PATH, MANAGER, "ListUnits")
        by_name = {unit[0]: unit for unit in units}
        assert by_name["dbus.service"][3] == "active"  # (name, description, load, active, sub, ...)
        assert by_name["systemd-journald.service"][3] == "active"

        (unit_path,) = await call(bus, SYSTEMD_PATH, MANAGER, "GetUnit", "s", ["systemd-journald.service"])
        assert await active_state(bus, unit_path) == "active"
        (virt,) = await call(bus, SYSTEMD_PATH, PROPERTIES, "Get", "ss", [MANAGER, "Virtualization"])
        assert virt.value == "docker"  # it really is the container's systemd
    finally:
        bus.disconnect()


async def test_port_conflict_unit_fails_and_its_journal_is_readable_on_host(systemd_node: SystemdNode) -> None:
    node = systemd_node
    node.install_unit("holder.service", HOLDER_UNIT.format(port=PORT))
    node.install_unit("web.service", WEB_UNIT.format(port=PORT))
    node.check("systemctl start holder.service")
    await asyncio.to_thread(
        wait_for, lambda: node.exec(f"ss -Hltn sport = :{PORT}")[1].strip(), 20, f"holder listening on {PORT}"
    )

    bus = await MessageBus(bus_address=node.dbus_address, bus_type=BusType.SYSTEM).connect()
    try:
        await call(bus, SYSTEMD_PATH, MANAGER, "Subscribe")
        (unit_path,) = await call(bus, SYSTEMD_PATH, MANAGER, "LoadUnit", "s", ["web.service"])
        states: asyncio.Queue[str] = asyncio.Queue()

        def on_message(msg: Message) -> None:
            if msg.member == "PropertiesChanged" and msg.path == unit_path and msg.body[0] == UNIT:
                changed: dict[str, Variant] = msg.body[1]
                if "ActiveState" in changed:
                    states.put_nowait(changed["ActiveState"].value)

        bus.add_message_handler(on_message)
        match = f"type='signal',interface='{PROPERTIES}',member='PropertiesChanged',path='{unit_path}'"
        await call(bus, "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", "s", [match],
                   destination="org.freedesktop.DBus")
        await call(bus, SYSTEMD_PATH, MANAGER, "StartUnit", "ss", ["web.service", "replace"])

        async def until_failed() -> None:
            while await states.get() != "failed":
                pass

        await asyncio.wait_for(until_failed(), timeout=30)  # seen through the PropertiesChanged signal
        assert await active_state(bus, unit_path) == "failed"
    finally:
        bus.disconnect()

    journal = await asyncio.to_thread(
        wait_for,
        lambda: (text := node.journal("web.service")) and "Address already in use" in text and text,
        20,
        "'Address already in use' in web.service's journal on the host",
    )
    assert "Failed with result 'exit-code'" in journal or "failed" in journal.lower()


def test_crashing_container_exits_1(container_factory: Callable[..., Container]) -> None:
    container = container_factory(["sh", "-c", "echo 'fatal: config missing' >&2; exit 1"])
    result = container.wait(timeout=30)
    assert result["StatusCode"] == 1
    container.reload()
    assert container.attrs["State"]["ExitCode"] == 1
    assert container.status == "exited"
    assert "fatal: config missing" in container.logs().decode()


def test_memory_hog_is_oom_killed(container_factory: Callable[..., Container]) -> None:
    # busybox tail keeps an ever-growing "last line" from /dev/zero (it has no newline): a real memory hog.
    # Docker's OOMKilled flag is lost on cgroup v1 hosts when the cgroup goes first (see agent/sources/kernel.py);
    # the kernel's own oom-kill record naming the container's memory cgroup is the authoritative evidence.
    watcher = KernelOomWatcher()
    watcher.start()
    started = time.time()
    container = container_factory(["tail", "/dev/zero"], mem_limit="32m", memswap_limit="32m")
    result = container.wait(timeout=60)
    container.reload()
    assert result["StatusCode"] == 137  # SIGKILL from the kernel OOM killer
    if not container.attrs["State"]["OOMKilled"]:
        assert watcher.running, "Docker did not flag OOMKilled and /dev/kmsg is unreadable"
        kill = wait_for(lambda: watcher.killed(container.id, started), 10, "the kernel's oom-kill record")
        assert kill.task == "tail"


def test_failing_healthcheck_makes_container_unhealthy(container_factory: Callable[..., Container]) -> None:
    second = 1_000_000_000
    container = container_factory(
        ["sleep", "300"],
        healthcheck={"test": ["CMD", "false"], "interval": second // 5, "timeout": second, "retries": 2},
    )

    def health() -> str | None:
        container.reload()
        status = container.attrs["State"]["Health"]["Status"]
        return status if status == "unhealthy" else None

    assert wait_for(health, 30, "health status unhealthy") == "unhealthy"
    assert container.attrs["State"]["Health"]["FailingStreak"] >= 2
    assert container.status == "running"


def test_images_are_reused_when_their_inputs_are_unchanged(
    docker_client: docker.DockerClient, busybox_image: Image, node_image: Image
) -> None:
    started = time.monotonic()
    assert ensure_busybox_image(docker_client).id == busybox_image.id
    assert ensure_node_image(docker_client).id == node_image.id
    assert time.monotonic() - started < 5  # a cache hit is a label lookup, not a build
    assert node_image.labels[HASH_LABEL] == node_image_digest()
    assert node_image.attrs["Config"]["Cmd"] == ["/sbin/init"]
