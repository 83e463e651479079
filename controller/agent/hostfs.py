"""Host paths for the invasive actions: the node administrator's allow-list, and file operations that never follow
a symbolic link.

A policy names paths (the API server checks them with controller.api.hostpaths, and so does the agent again right
before acting); the agent acts only inside the roots of its own allow-list, which only the node's administrator
sets (`healing agent --host-paths FILE`; in a cluster a ConfigMap in the agent's namespace, whose roots the
DaemonSet mounts at the same paths). A policy can narrow the allow-list, never widen it.

Every path is walked from `/` one component at a time with O_NOFOLLOW, and every change is made through a file
descriptor: fchown/fchmod on the opened file, unlinkat relative to the opened directory. A link planted by whoever
owns a listed directory, or swapped in between the check and the act, touches nothing outside the allowed tree.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, field_validator

from controller.api.common import K8sModel
from controller.api.hostpaths import path_problem

PathAction = Literal["cleanDisk", "fixPermissions", "removeStaleLock"]
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: opening a FIFO someone planted must not hang the agent; O_NOCTTY: nor adopt a terminal
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


class UnsafePath(Exception):
    """The path cannot be acted on safely (a symlink, not inside the allow-list, ...); the message says why."""


class HostPathAllowList(K8sModel):
    """Roots under which each path action may act on this node (set by the node's administrator only)."""

    clean_disk: list[str] = Field(default_factory=lambda: ["/var/tmp", "/var/cache"])
    fix_permissions: list[str] = Field(default_factory=lambda: ["/var/lib"])
    remove_stale_lock: list[str] = Field(default_factory=lambda: ["/run", "/var/lib"])

    model_config = {**K8sModel.model_config, "extra": "forbid"}

    @field_validator("clean_disk", "fix_permissions", "remove_stale_lock")
    @classmethod
    def _absolute(cls, roots: list[str]) -> list[str]:
        for root in roots:
            if problem := path_problem(root):
                raise ValueError(problem)
            if root == "/":
                raise ValueError("'/' cannot be an allow-list root: name the directories actions may touch")
        return roots

    def roots(self, action: PathAction) -> list[str]:
        return {"cleanDisk": self.clean_disk, "fixPermissions": self.fix_permissions,
                "removeStaleLock": self.remove_stale_lock}[action]

    def refusal(self, action: PathAction, path: str) -> str | None:
        """Why `path` is outside what this node's administrator allows for `action`, or None."""
        roots = self.roots(action)
        if any(path == root or path.startswith(root + "/") for root in roots):
            return None
        allowed = ", ".join(roots) or "nothing"
        return (f"{action}: {path} is outside this node's allow-list for {action} ({allowed}); the node's "
                "administrator sets it (agent --host-paths, ConfigMap healing-agent-host-paths)")


def load_allow_list(path: str | Path | None) -> HostPathAllowList:
    """The allow-list from a YAML file (keys cleanDisk, fixPermissions, removeStaleLock), or the defaults.

    Raises ValueError saying what to fix; an unreadable or invalid file stops the agent (fail closed)."""
    if path is None:
        return HostPathAllowList()
    try:
        data = yaml.safe_load(Path(path).read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"host-paths file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"host-paths file {path}: expected a mapping with cleanDisk, fixPermissions, removeStaleLock")
    try:
        return HostPathAllowList.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"host-paths file {path}: {problems}") from None


# --- walking without following links ---------------------------------------------------------------------------


def _components(path: str) -> list[str]:
    if problem := path_problem(path):
        raise UnsafePath(problem)
    return [part for part in path.split("/") if part]


def _open_dir_components(parts: list[str], full: str) -> int:
    fd = os.open("/", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    walked = ""
    try:
        for part in parts:
            walked += "/" + part
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    kind = "a symbolic link" if _is_link(part, fd) else "not a directory"
                    raise UnsafePath(f"{walked} is {kind}: no link is followed (in {full})") from None
                raise
            os.close(fd)
            fd = child
        return fd
    except BaseException:
        os.close(fd)
        raise


def _is_link(name: str, dir_fd: int) -> bool:
    with contextlib.suppress(OSError):
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    return False


@contextlib.contextmanager
def open_dir(path: str) -> Iterator[int]:
    """A directory fd for `path`, reached without following any symbolic link."""
    fd = _open_dir_components(_components(path), path)
    try:
        yield fd
    finally:
        os.close(fd)


@contextlib.contextmanager
def open_parent(path: str) -> Iterator[tuple[int, str]]:
    """(fd of the parent directory, last component), the parent reached without following any link."""
    parts = _components(path)
    if not parts:
        raise UnsafePath("/ has no parent")
    fd = _open_dir_components(parts[:-1], path)
    try:
        yield fd, parts[-1]
    finally:
        os.close(fd)


@contextlib.contextmanager
def open_entry(path: str) -> Iterator[int]:
    """An fd on the file or directory itself (never through a link); refuses devices, FIFOs and sockets."""
    with open_parent(path) as (dir_fd, name):
        try:
            fd = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafePath(f"{path} is a symbolic link: no link is followed") from None
            raise
        try:
            mode = os.fstat(fd).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise UnsafePath(f"{path} is neither a regular file nor a directory")
            yield fd
        finally:
            os.close(fd)


# --- the three operations ------------------------------------------------------------------------------------


def set_owner_and_mode(path: str, uid: int, gid: int, mode: int | None) -> list[str]:
    """fixPermissions on one path through its fd; returns what changed."""
    with open_entry(path) as fd:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
            # a hard link made by whoever owns the directory could point at any file of the same filesystem
            raise UnsafePath(f"{path} has {st.st_nlink} hard links: its owner and mode are not changed")
        changes = []
        if (uid != -1 and uid != st.st_uid) or (gid != -1 and gid != st.st_gid):
            os.fchown(fd, uid, gid)
            changes.append(f"owner {st.st_uid}:{st.st_gid} -> {uid if uid != -1 else st.st_uid}:"
                           f"{gid if gid != -1 else st.st_gid}")
        if mode is not None and stat.S_IMODE(st.st_mode) != mode:
            os.fchmod(fd, mode)
            changes.append(f"mode {oct(stat.S_IMODE(st.st_mode))} -> {oct(mode)}")
        return changes


def remove_old_files(root: str, cutoff: float) -> tuple[int, int, list[str]]:
    """cleanDisk on one directory: regular files last modified before `cutoff` (epoch seconds) are unlinked.

    (files removed, bytes freed, first errors). Links are never followed nor removed, and the walk stays on the
    root's filesystem (like `find -xdev`): a bind mount inside is not cleaned."""
    removed, freed, errors = 0, 0, []
    with open_dir(root) as root_fd:
        device = os.fstat(root_fd).st_dev
        for dirpath, dirnames, filenames, dir_fd in os.fwalk(".", dir_fd=root_fd, follow_symlinks=False):
            for name in list(dirnames):
                with contextlib.suppress(OSError):
                    if os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_dev != device:
                        dirnames.remove(name)
            for name in filenames:
                try:
                    st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff and st.st_dev == device:
                        os.unlink(name, dir_fd=dir_fd)
                        removed += 1
                        freed += st.st_size
                except OSError as exc:
                    errors.append(f"{root}/{os.path.normpath(os.path.join(dirpath, name))}: {exc.strerror}")
    return removed, freed, errors[:5]


@dataclass(frozen=True)
class LockFile:
    content: str  # the start of the file: a pid, usually
    device: int
    inode: int
    held: bool  # a live process holds a flock() or fcntl() lock on it


def inspect_lock(path: str, limit: int = 256) -> LockFile | None:
    """What a lock file says and whether someone holds it; None when it does not exist."""
    with open_parent(path) as (dir_fd, name):
        try:
            fd = os.open(name, (_FILE_FLAGS & ~os.O_RDONLY) | os.O_RDWR, dir_fd=dir_fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafePath(f"{path} is a symbolic link: no link is followed") from None
            raise
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise UnsafePath(f"{path} is not a regular file")
            return LockFile(os.read(fd, limit).decode(errors="replace"), st.st_dev, st.st_ino, _held(fd))
        finally:
            os.close(fd)


def _held(fd: int) -> bool:
    for lock, unlock in ((fcntl.flock, fcntl.flock), (fcntl.lockf, fcntl.lockf)):
        try:
            lock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK):
                return True
            raise
        unlock(fd, fcntl.LOCK_UN)
    return False


def unlink_if_same(path: str, device: int, inode: int) -> bool:
    """Unlink the directory entry only if it is still the file that was checked (not swapped meanwhile)."""
    with open_parent(path) as (dir_fd, name):
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            return False
        if (st.st_dev, st.st_ino) != (device, inode) or not stat.S_ISREG(st.st_mode):
            raise UnsafePath(f"{path} changed while it was checked: not removed")
        os.unlink(name, dir_fd=dir_fd)
        return True
