"""Actions on the host itself: freePort, cleanDisk, removeStaleLock, fixPermissions, escalate.

They only touch what the policy lists in spec.actionOptions (paths, lock files, permissions), inside this node's
allow-list, through no link; freePort kills only a stale instance of the same service unless
actionOptions.freePortKillForeign is set and the port comes from the policy itself.
"""

from __future__ import annotations

import asyncio
import grp
import os
import pwd
import re
import signal
import time
from collections.abc import Callable

import psutil

from controller.agent import hostfs, netns
from controller.agent.actions import docker as docker_actions
from controller.agent.actions import systemd as systemd_actions
from controller.agent.actions.base import ActionContext, Outcome, failed, ok, refused
from controller.agent.hostfs import PathAction
from controller.api.common import parse_duration
from controller.api.healingpolicy import PathPermission
from controller.api.hostpaths import clean_disk_problem, fix_permissions_problem, lock_path_problem, mode_problem

KILL_GRACE = 5.0
_PORT_IN_TEXT = re.compile(r"(?:port\s+|:)(\d{2,5})\b", re.IGNORECASE)


# --- freePort ------------------------------------------------------------------------------------------

def _port(ctx: ActionContext) -> tuple[int | None, bool]:
    """(the port to free, whether the policy itself names it).

    A port read from the service's own log line (evidence) is good enough to stop a stale copy of the same
    service, never to kill anything else: log text is written by whatever runs there.
    """
    t = ctx.incident.spec.target
    for pt in ctx.policy.spec.targets:
        if pt.kind == "port" and pt.port and (
            (t.kind == "port" and str(pt.port) == t.name)
            or (ctx.unit and pt.unit == ctx.unit)
            or (ctx.container and pt.container == ctx.container)
        ):
            return pt.port, True
    detection = ctx.incident.status.detection
    lines = (detection.evidence.matched_lines + detection.evidence.log_excerpt) if detection else []
    for line in lines:
        for m in _PORT_IN_TEXT.finditer(line):
            if 0 < int(m.group(1)) < 65536:
                return int(m.group(1)), False
    return None, False


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


def _held_by_itself(ctx: ActionContext, holder: netns.Listener) -> bool:
    """The listener runs in the service's own unit (its cgroup): the rightful owner of the port, never stale."""
    return ctx.unit is not None and f"/{ctx.unit}" in holder.cgroup


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
    port, from_policy = _port(ctx)
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
            own_unit = _held_by_itself(ctx, h)
            same = any(_same_cmd(h.cmdline, argv) for argv in argvs) or bool(container_id and container_id in h.cgroup)
            if own_unit:
                return refused(f"freePort: port {port} is held by {ctx.unit} itself ({h.name}[{h.pid}]); not stale")
            (stale if same else foreign).append(h)
        if foreign and not (ctx.options.free_port_kill_foreign and from_policy):
            # names and pids only: another process's command line may hold its secrets
            who = ", ".join(f"{h.name}[{h.pid}]" for h in foreign)
            how = (
                "set spec.actionOptions.freePortKillForeign to allow killing it"
                if from_policy
                else "the port comes from the service's log, not from a port target of the policy: add "
                "{kind: port, port: N, unit/container: ...} and set spec.actionOptions.freePortKillForeign to "
                "allow killing it"
            )
            return refused(
                f"freePort: port {port} is held by a process that is not an instance of this service ({who}); {how}"
            )
        done = [await asyncio.to_thread(_kill, h.pid) for h in stale + foreign]
        note = f"port {port}: " + "; ".join(done)
        deadline = time.monotonic() + KILL_GRACE
        while netns.is_listening(port, ns_pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        if netns.is_listening(port, ns_pid):
            # Still in use -- by whom? The service itself may have taken the freed port meanwhile (a unit whose
            # dependants keep starting it): that is the fix done, not a failure, and it needs no restart.
            now = await asyncio.to_thread(netns.listeners, port, ns_pid)
            killed = {h.pid for h in stale + foreign}
            if not now or any(h.pid in killed or not _held_by_itself(ctx, h) for h in now):
                return failed(f"freePort: {note}, but port {port} is still in use")
            who = ", ".join(f"{h.name}[{h.pid}]" for h in now)
            return ok(f"freePort: {note}; {ctx.unit} took port {port} itself meanwhile ({who}): no restart needed")
    # the port alone heals nothing: bring the service back on it
    if ctx.via_systemd and ctx.systemd is not None:
        outcome = await systemd_actions.restart(ctx)
    elif ctx.container:
        outcome = await docker_actions.restart(ctx)
    else:
        return ok(note)
    return type(outcome)(outcome.result, f"{note}; {outcome.message}")


# --- cleanDisk, removeStaleLock, fixPermissions: host paths -------------------------------------------------------
# Each path passes three checks before anything is touched: the policy rules the API server enforced
# (controller.api.hostpaths, checked again here), this node's allow-list (only its administrator sets it), and a
# walk from / that follows no link (controller.agent.hostfs). A path that fails one is reported, never touched.


def _path_refusal(ctx: ActionContext, action: PathAction, path: str, rule: Callable[[str], str | None]) -> str | None:
    if problem := rule(path):
        return f"{action}: {problem}"
    return ctx.host_paths.refusal(action, path)


async def clean_disk(ctx: ActionContext) -> Outcome:
    opts = ctx.options.clean_disk
    if not opts.paths and not opts.journal_vacuum_size and not opts.docker_prune:
        return refused("cleanDisk: the policy lists nothing to clean (spec.actionOptions.cleanDisk)")
    refusals = [r for path in opts.paths if (r := _path_refusal(ctx, "cleanDisk", path, clean_disk_problem))]
    if refusals:
        return refused("; ".join(refusals))
    notes: list[str] = []
    cutoff = time.time() - parse_duration(opts.older_than)
    removed = freed = 0
    for path in opts.paths:
        try:
            n, size, errors = await asyncio.to_thread(hostfs.remove_old_files, path, cutoff)
        except hostfs.UnsafePath as exc:
            return refused(f"cleanDisk: {exc}")
        except FileNotFoundError:
            notes.append(f"{path} does not exist")
            continue
        removed, freed = removed + n, freed + size
        notes += errors
    if opts.paths:
        notes.insert(0, f"removed {removed} files older than {opts.older_than} ({freed / 2**20:.1f} MiB)")
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


def _lock_owner(lock: hostfs.LockFile) -> str | None:
    """Why the lock is NOT stale (a live owner), or None when it is stale."""
    m = re.search(r"\d+", lock.content)
    if m and psutil.pid_exists(int(m.group())):
        return f"owner pid {m.group()} is alive"
    return "a live process holds a lock on it" if lock.held else None


def _remove_stale(path: str) -> tuple[bool, str | None]:
    """(removed, why kept)."""
    lock = hostfs.inspect_lock(path)
    if lock is None:
        return False, None
    if owner := _lock_owner(lock):
        return False, owner
    return hostfs.unlink_if_same(path, lock.device, lock.inode), None


async def remove_stale_lock(ctx: ActionContext) -> Outcome:
    paths = ctx.options.lock_paths
    if not paths:
        return refused("removeStaleLock: the policy lists no lock files (spec.actionOptions.lockPaths)")
    refusals = [r for path in paths if (r := _path_refusal(ctx, "removeStaleLock", path, lock_path_problem))]
    if refusals:
        return refused("; ".join(refusals))
    removed, kept = [], []
    for path in paths:
        try:
            gone, owner = await asyncio.to_thread(_remove_stale, path)
        except hostfs.UnsafePath as exc:
            return refused(f"removeStaleLock: {exc}")
        except FileNotFoundError:
            continue  # a directory on the way does not exist: no lock there
        if owner:
            kept.append(f"{path}: {owner}")
        elif gone:
            removed.append(path)
    if kept and not removed:
        return refused("removeStaleLock: no stale lock: " + "; ".join(kept))
    msg = f"removed {', '.join(removed)}" if removed else "no lock file present"
    return ok(f"removeStaleLock: {msg}" + (f"; kept {'; '.join(kept)}" if kept else ""))


def _id(name: str | None, lookup: Callable[[str], int]) -> int:
    if not name:
        return -1
    return int(name) if name.isdigit() else lookup(name)


def _fix(entries: list[PathPermission]) -> list[str]:
    notes = []
    for entry in entries:
        uid = _id(entry.owner, lambda n: pwd.getpwnam(n).pw_uid)
        gid = _id(entry.group, lambda n: grp.getgrnam(n).gr_gid)
        try:
            changes = hostfs.set_owner_and_mode(entry.path, uid, gid, int(entry.mode, 8) if entry.mode else None)
        except FileNotFoundError:
            notes.append(f"{entry.path}: missing")
            continue
        notes.append(f"{entry.path}: {', '.join(changes) or 'already right'}")
    return notes


def _fix_refusal(ctx: ActionContext, entry: PathPermission) -> str | None:
    if refusal := _path_refusal(ctx, "fixPermissions", entry.path, fix_permissions_problem):
        return refusal
    if entry.mode and (problem := mode_problem(entry.mode)):
        return f"fixPermissions: {entry.path}: {problem}"
    return None


async def fix_permissions(ctx: ActionContext) -> Outcome:
    entries = list(ctx.options.fix_permissions)
    if not entries:
        return refused("fixPermissions: the policy lists no paths (spec.actionOptions.fixPermissions)")
    refusals = [r for entry in entries if (r := _fix_refusal(ctx, entry))]
    if refusals:
        return refused("; ".join(refusals))
    try:
        notes = await asyncio.to_thread(_fix, entries)
    except hostfs.UnsafePath as exc:
        return refused(f"fixPermissions: {exc}")
    except (OSError, KeyError) as exc:
        return failed(f"fixPermissions: {exc}")
    return ok("fixPermissions: " + "; ".join(notes))


async def escalate(ctx: ActionContext) -> Outcome:
    return ok("escalate: nothing to do on the node; the operator escalates")
