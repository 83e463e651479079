"""Actions on the host itself: freePort, cleanDisk, removeStaleLock, fixPermissions, escalate.

They only touch what the policy lists in spec.actionOptions (paths, lock files, permissions); freePort kills
only a stale instance of the same service unless actionOptions.freePortKillForeign is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import grp
import os
import pwd
import re
import signal
import stat
import time
from pathlib import Path

import psutil

from controller.agent import netns
from controller.agent.actions import docker as docker_actions
from controller.agent.actions import systemd as systemd_actions
from controller.agent.actions.base import ActionContext, Outcome, failed, ok, refused
from controller.api.common import parse_duration

KILL_GRACE = 5.0
_PORT_IN_TEXT = re.compile(r"(?:port\s+|:)(\d{2,5})\b", re.IGNORECASE)


# --- freePort ------------------------------------------------------------------------------------------

def _port(ctx: ActionContext) -> int | None:
    t = ctx.incident.spec.target
    if t.kind == "port" and t.name.isdigit():
        return int(t.name)
    for pt in ctx.policy.spec.targets:
        if pt.kind == "port" and pt.port and (
            (ctx.unit and pt.unit == ctx.unit) or (ctx.container and pt.container == ctx.container)
        ):
            return pt.port
    detection = ctx.incident.status.detection
    lines = (detection.evidence.matched_lines + detection.evidence.log_excerpt) if detection else []
    for line in lines:
        for m in _PORT_IN_TEXT.finditer(line):
            if 0 < int(m.group(1)) < 65536:
                return int(m.group(1))
    return None


def _same_cmd(cmdline: tuple[str, ...], argv: list[str]) -> bool:
    if not cmdline or not argv:
        return False
    if list(cmdline) == argv:
        return True
    return os.path.basename(cmdline[0]) == os.path.basename(argv[0]) and list(cmdline[1:]) == argv[1:]


def _kill(pid: int) -> str:
    try:
        proc = psutil.Process(pid)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(KILL_GRACE)
            return f"terminated pid {pid}"
        except psutil.TimeoutExpired:
            proc.kill()
            proc.wait(KILL_GRACE)
            return f"killed pid {pid} (SIGKILL after {KILL_GRACE:.0f}s)"
    except psutil.NoSuchProcess:
        return f"pid {pid} already gone"


async def _container_ns(ctx: ActionContext) -> tuple[int | None, str | None]:
    if ctx.docker is None or not ctx.container:
        return None, None
    try:
        info = await asyncio.to_thread(ctx.docker.api.inspect_container, ctx.container)
    except Exception:
        return None, None
    pid = int(info["State"].get("Pid") or 0)
    mode = info["HostConfig"].get("NetworkMode", "")
    return (pid if pid and mode != "host" else None), info["Id"]


async def free_port(ctx: ActionContext) -> Outcome:
    port = _port(ctx)
    if port is None:
        return refused("freePort: no port known for this target (add a port target naming the unit/container)")
    argvs: list[list[str]] = []
    container_id = None
    if ctx.via_systemd and ctx.systemd is not None:
        ns_pid = ctx.unit_ns_pid
        assert ctx.unit
        argvs = await ctx.systemd.exec_start(ctx.unit)
    else:
        ns_pid, container_id = await _container_ns(ctx)
    holders = await asyncio.to_thread(netns.listeners, port, ns_pid)
    if not holders:
        note = "port was already free"
    else:
        stale, foreign = [], []
        for h in holders:
            own_unit = ctx.unit is not None and f"/{ctx.unit}" in h.cgroup
            same = any(_same_cmd(h.cmdline, argv) for argv in argvs) or bool(container_id and container_id in h.cgroup)
            if own_unit:
                return refused(f"freePort: port {port} is held by {ctx.unit} itself ({h.name}[{h.pid}]); not stale")
            (stale if same else foreign).append(h)
        if foreign and not ctx.options.free_port_kill_foreign:
            who = ", ".join(f"{h.name}[{h.pid}] {' '.join(h.cmdline)[:100]}" for h in foreign)
            return refused(
                f"freePort: port {port} is held by a process that is not an instance of this service ({who}); "
                "set spec.actionOptions.freePortKillForeign to allow killing it"
            )
        done = [await asyncio.to_thread(_kill, h.pid) for h in stale + foreign]
        note = f"port {port}: " + "; ".join(done)
        deadline = time.monotonic() + KILL_GRACE
        while netns.is_listening(port, ns_pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        if netns.is_listening(port, ns_pid):
            return failed(f"freePort: {note}, but port {port} is still in use")
    # the port alone heals nothing: bring the service back on it
    if ctx.via_systemd and ctx.systemd is not None:
        outcome = await systemd_actions.restart(ctx)
    elif ctx.container:
        outcome = await docker_actions.restart(ctx)
    else:
        return ok(note)
    return type(outcome)(outcome.result, f"{note}; {outcome.message}")


# --- cleanDisk -----------------------------------------------------------------------------------------

def _clean_paths(paths: list[str], older_than: float) -> tuple[int, int, list[str]]:
    cutoff = time.time() - older_than
    removed, freed, errors = 0, 0, []
    for root in paths:
        base = Path(root)
        if not base.is_dir():
            errors.append(f"{root} is not a directory")
            continue
        for dirpath, _dirs, files in os.walk(base, followlinks=False):
            for fname in files:
                path = os.path.join(dirpath, fname)
                try:
                    st = os.lstat(path)
                    if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                        os.unlink(path)
                        removed += 1
                        freed += st.st_size
                except OSError as exc:
                    errors.append(f"{path}: {exc.strerror}")
    return removed, freed, errors[:5]


async def clean_disk(ctx: ActionContext) -> Outcome:
    opts = ctx.options.clean_disk
    if not opts.paths and not opts.journal_vacuum_size and not opts.docker_prune:
        return refused("cleanDisk: the policy lists nothing to clean (spec.actionOptions.cleanDisk)")
    notes: list[str] = []
    if opts.paths:
        removed, freed, errors = await asyncio.to_thread(_clean_paths, opts.paths, parse_duration(opts.older_than))
        notes.append(f"removed {removed} files older than {opts.older_than} ({freed / 2**20:.1f} MiB)")
        notes += errors
    if opts.journal_vacuum_size:
        cmd = ["journalctl", f"--vacuum-size={opts.journal_vacuum_size}"]
        if ctx.journal_dir:
            cmd.insert(1, f"--directory={ctx.journal_dir}")
        proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.STDOUT)
        out, _ = await proc.communicate()
        last = out.decode(errors="replace").strip().splitlines()[-1:] or [""]
        notes.append(f"journal vacuum (rc={proc.returncode}): {last[0]}")
    if opts.docker_prune and ctx.docker is not None:
        containers = await asyncio.to_thread(ctx.docker.containers.prune)
        images = await asyncio.to_thread(ctx.docker.images.prune, {"dangling": True})
        reclaimed = (containers.get("SpaceReclaimed") or 0) + (images.get("SpaceReclaimed") or 0)
        notes.append(f"docker prune: {len(containers.get('ContainersDeleted') or [])} containers, "
                     f"{len(images.get('ImagesDeleted') or [])} images, {reclaimed / 2**20:.1f} MiB")
    return ok("cleanDisk: " + "; ".join(notes))


# --- removeStaleLock -----------------------------------------------------------------------------------

def _lock_owner(path: str) -> str | None:
    """Why the lock is NOT stale (a live owner), or None when it is stale."""
    try:
        text = Path(path).read_text(errors="replace")[:256]
    except OSError:
        text = ""
    m = re.search(r"\d+", text)
    if m and psutil.pid_exists(int(m.group())):
        return f"owner pid {m.group()} is alive"
    with contextlib.suppress(OSError), open(path, "rb+") as fh:
        try:
            fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(fh, fcntl.LOCK_UN)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                return "a live process holds a lock on it"
    return None


async def remove_stale_lock(ctx: ActionContext) -> Outcome:
    paths = ctx.options.lock_paths
    if not paths:
        return refused("removeStaleLock: the policy lists no lock files (spec.actionOptions.lockPaths)")
    removed, kept = [], []
    for path in paths:
        if not os.path.lexists(path):
            continue
        owner = _lock_owner(path)
        if owner:
            kept.append(f"{path}: {owner}")
            continue
        os.unlink(path)
        removed.append(path)
    if kept and not removed:
        return refused("removeStaleLock: no stale lock: " + "; ".join(kept))
    msg = f"removed {', '.join(removed)}" if removed else "no lock file present"
    return ok(f"removeStaleLock: {msg}" + (f"; kept {'; '.join(kept)}" if kept else ""))


# --- fixPermissions ------------------------------------------------------------------------------------

def _fix(entries: list[tuple[str, str | None, str | None, str | None]]) -> list[str]:
    notes = []
    for path, owner, group, mode in entries:
        if not os.path.lexists(path):
            notes.append(f"{path}: missing")
            continue
        st = os.lstat(path)
        uid = pwd.getpwnam(owner).pw_uid if owner and not owner.isdigit() else int(owner) if owner else -1
        gid = grp.getgrnam(group).gr_gid if group and not group.isdigit() else int(group) if group else -1
        changes = []
        if (uid != -1 and uid != st.st_uid) or (gid != -1 and gid != st.st_gid):
            os.chown(path, uid, gid, follow_symlinks=False)
            changes.append(f"owner {st.st_uid}:{st.st_gid} -> {owner or st.st_uid}:{group or st.st_gid}")
        if mode and stat.S_IMODE(st.st_mode) != int(mode, 8):
            os.chmod(path, int(mode, 8))
            changes.append(f"mode {oct(stat.S_IMODE(st.st_mode))} -> {mode}")
        notes.append(f"{path}: {', '.join(changes) or 'already right'}")
    return notes


async def fix_permissions(ctx: ActionContext) -> Outcome:
    entries = [(p.path, p.owner, p.group, p.mode) for p in ctx.options.fix_permissions]
    if not entries:
        return refused("fixPermissions: the policy lists no paths (spec.actionOptions.fixPermissions)")
    try:
        notes = await asyncio.to_thread(_fix, entries)
    except (OSError, KeyError) as exc:
        return failed(f"fixPermissions: {exc}")
    return ok("fixPermissions: " + "; ".join(notes))


async def escalate(ctx: ActionContext) -> Outcome:
    return ok("escalate: nothing to do on the node; the operator escalates")
