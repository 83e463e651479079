"""systemd's Manager and Unit objects over D-Bus (dbus-fast), as plain async methods.

One connection per agent, shared by the systemd source (signals), the actions (RestartUnit, ...) and the
health checks. The address is configurable: in a pod it is the host's /run/dbus/system_bus_socket, in tests
a systemd "node" container's bus socket on the host.
"""

from __future__ import annotations

import re
import socket
import struct
from typing import Any

from dbus_fast import Message, MessageType, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.auth import AuthExternal

SYSTEMD = "org.freedesktop.systemd1"
MANAGER_PATH = "/org/freedesktop/systemd1"
MANAGER_IFACE = "org.freedesktop.systemd1.Manager"
UNIT_IFACE = "org.freedesktop.systemd1.Unit"
SERVICE_IFACE = "org.freedesktop.systemd1.Service"
PROPS_IFACE = "org.freedesktop.DBus.Properties"
UNIT_PATH_PREFIX = "/org/freedesktop/systemd1/unit/"
_ESCAPED = re.compile(r"_([0-9a-f]{2})")


class BusError(RuntimeError):
    """A D-Bus call failed; the message carries systemd's error name and text."""


def unit_path(name: str) -> str:
    """systemd's object path for a unit name (sd_bus_path_encode: non-alphanumerics become _xx)."""
    out = []
    for i, ch in enumerate(name):
        if ch.isascii() and (ch.isalpha() or (ch.isdigit() and i > 0)):
            out.append(ch)
        else:
            out.append(f"_{ord(ch):02x}")
    return UNIT_PATH_PREFIX + "".join(out)


def unit_name(path: str) -> str | None:
    """Inverse of unit_path; None for paths that are not units."""
    if not path.startswith(UNIT_PATH_PREFIX):
        return None
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), path[len(UNIT_PATH_PREFIX):])


def unwrap(value: Any) -> Any:
    if isinstance(value, Variant):
        return unwrap(value.value)
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    return value


def bus_peer_pid(address: str) -> int | None:
    """The host pid of the bus daemon behind a unix socket address (SO_PEERCRED, translated by the kernel).

    Used to find the network namespace of a node's services (its dbus-daemon shares it).
    """
    path = next((p.split("=", 1)[1] for p in address.split(",") if p.startswith(("unix:path=", "path="))), None)
    if path is None:
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        try:
            sock.connect(path)
        except OSError:
            return None
        pid, _, _ = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return pid or None


class SystemdBus:
    """A connected system bus with systemd on it."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.bus: MessageBus | None = None

    async def connect(self) -> MessageBus:
        # EXTERNAL auth with our uid: root on the host is root to a node's (non-userns) dbus-daemon.
        bus = MessageBus(bus_address=self.address, auth=AuthExternal(), auth_timeout=5)
        self.bus = await bus.connect()
        return self.bus

    @property
    def connected(self) -> bool:
        return self.bus is not None and self.bus.connected

    def disconnect(self) -> None:
        if self.bus is not None:
            self.bus.disconnect()
            self.bus = None

    async def call(
        self,
        path: str,
        interface: str,
        member: str,
        signature: str = "",
        body: list[Any] | None = None,
        destination: str = SYSTEMD,
    ) -> list[Any]:
        if self.bus is None or not self.bus.connected:
            raise BusError(f"not connected to {self.address}")
        reply = await self.bus.call(
            Message(
                destination=destination, path=path, interface=interface, member=member,
                signature=signature, body=body or [],
            )
        )
        if reply is None:
            return []
        if reply.message_type == MessageType.ERROR:
            raise BusError(f"{member}: {reply.error_name}: {' '.join(map(str, reply.body))}")
        return list(reply.body)

    async def manager(self, member: str, signature: str = "", *args: Any) -> list[Any]:
        return await self.call(MANAGER_PATH, MANAGER_IFACE, member, signature, list(args))

    async def add_match(self, rule: str) -> None:
        await self.call(
            "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", "s", [rule], destination="org.freedesktop.DBus"
        )

    # --- queries ---------------------------------------------------------------------------------------

    async def list_units(self) -> list[tuple[str, str, str, str]]:
        """(name, load state, active state, sub state) of every loaded unit."""
        (units,) = await self.manager("ListUnits")
        return [(u[0], u[2], u[3], u[4]) for u in units]

    async def properties(self, name: str, interface: str = UNIT_IFACE) -> dict[str, Any]:
        (props,) = await self.call(unit_path(name), PROPS_IFACE, "GetAll", "s", [interface])
        return unwrap(props)

    async def prop(self, name: str, prop: str, interface: str = UNIT_IFACE) -> Any:
        (value,) = await self.call(unit_path(name), PROPS_IFACE, "Get", "ss", [interface, prop])
        return unwrap(value)

    async def load_unit(self, name: str) -> None:
        """Make sure systemd has the unit loaded (so its object path answers)."""
        await self.manager("LoadUnit", "s", name)

    async def active_state(self, name: str) -> tuple[str, str]:
        await self.load_unit(name)
        props = await self.properties(name)
        return str(props.get("ActiveState", "")), str(props.get("SubState", ""))

    async def exec_start(self, name: str) -> list[list[str]]:
        """argv of each ExecStart= line of a service (empty for other unit types)."""
        try:
            entries = await self.prop(name, "ExecStart", SERVICE_IFACE)
        except BusError:
            return []
        return [list(e[1]) for e in entries or []]

    # --- actions ---------------------------------------------------------------------------------------

    async def job(self, member: str, name: str, mode: str = "replace") -> str:
        (job,) = await self.manager(member, "ss", name, mode)
        return str(job)

    async def reset_failed(self, name: str) -> None:
        await self.manager("ResetFailedUnit", "s", name)

    async def kill(self, name: str, whom: str, signal: int) -> None:
        await self.manager("KillUnit", "ssi", name, whom, signal)
