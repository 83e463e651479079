"""Who listens on a TCP port, in a given network namespace, from the host's /proc.

psutil.net_connections() reads /proc/net (the agent's own namespace) only. A node's services (and a
container's) live in other namespaces; /proc/<pid>/net/tcp shows the table of <pid>'s namespace, and the
socket inode links a listening socket to the processes holding it (/proc/<pid>/fd -> socket:[inode]).
The namespace is named by any pid in it: the node's dbus-daemon (SO_PEERCRED on its socket), a container's
main pid, or None for the agent's own.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import psutil

TCP_LISTEN = "0A"


@dataclass(frozen=True)
class Listener:
    pid: int
    name: str
    cmdline: tuple[str, ...]
    exe: str
    cgroup: str


def _netns(pid: int | str) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/ns/net")
    except OSError:
        return None


def listening_inodes(port: int, ns_pid: int | None = None) -> set[str]:
    """Socket inodes listening on `port` (any address, IPv4 or IPv6) in ns_pid's network namespace."""
    base = f"/proc/{ns_pid}/net" if ns_pid else "/proc/self/net"
    want = f"{port:04X}"
    inodes: set[str] = set()
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError), open(f"{base}/{table}") as fh:
            next(fh, None)
            for row in fh:
                parts = row.split()
                if len(parts) > 9 and parts[3] == TCP_LISTEN and parts[1].rsplit(":", 1)[1] == want:
                    inodes.add(parts[9])
    inodes.discard("0")
    return inodes


def is_listening(port: int, ns_pid: int | None = None) -> bool:
    return bool(listening_inodes(port, ns_pid))


def cgroup_of(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cgroup") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def listeners(port: int, ns_pid: int | None = None) -> list[Listener]:
    """Processes (host pids) holding a socket listening on `port` in ns_pid's namespace."""
    inodes = listening_inodes(port, ns_pid)
    if not inodes:
        return []
    targets = {f"socket:[{i}]" for i in inodes}
    ns = _netns(ns_pid or "self")
    found: list[Listener] = []
    for proc in psutil.process_iter(["pid"]):
        pid = proc.info["pid"]
        if ns and _netns(pid) != ns:
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link in targets:
                try:
                    exe = proc.exe()
                except (psutil.Error, OSError):
                    exe = ""
                with contextlib.suppress(psutil.Error):
                    found.append(Listener(pid, proc.name(), tuple(proc.cmdline()), exe, cgroup_of(pid)))
                break
    return found
