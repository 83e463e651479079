"""The host-path rules (controller.api.hostpaths) and the agent's file operations (controller.agent.hostfs), tried
as an attacker would: a service user who owns a listed directory plants links, hard links and FIFOs, and swaps a
directory for a link while the action runs. Nothing outside the allowed tree may change."""

from __future__ import annotations

import contextlib
import ctypes
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from controller.agent import hostfs
from controller.agent.hostfs import HostPathAllowList, UnsafePath, load_allow_list
from controller.api.hostpaths import clean_disk_problem, fix_permissions_problem, lock_path_problem, mode_problem
from tests import hostpath_cases as cases


@pytest.mark.parametrize("path", cases.CLEAN_DISK_REJECTED)
def test_clean_disk_rejects(path: str) -> None:
    assert clean_disk_problem(path)


@pytest.mark.parametrize("path", cases.CLEAN_DISK_ACCEPTED)
def test_clean_disk_accepts(path: str) -> None:
    assert clean_disk_problem(path) is None


@pytest.mark.parametrize("path", cases.PERMISSION_REJECTED)
def test_fix_permissions_rejects(path: str) -> None:
    assert fix_permissions_problem(path)


@pytest.mark.parametrize("path", cases.PERMISSION_ACCEPTED)
def test_fix_permissions_accepts(path: str) -> None:
    assert fix_permissions_problem(path) is None


@pytest.mark.parametrize("mode", cases.MODES_REJECTED)
def test_modes_rejected(mode: str) -> None:
    assert mode_problem(mode)


@pytest.mark.parametrize("mode", cases.MODES_ACCEPTED)
def test_modes_accepted(mode: str) -> None:
    assert mode_problem(mode) is None


@pytest.mark.parametrize("path", cases.LOCK_REJECTED)
def test_lock_paths_rejected(path: str) -> None:
    assert lock_path_problem(path)


@pytest.mark.parametrize("path", cases.LOCK_ACCEPTED)
def test_lock_paths_accepted(path: str) -> None:
    assert lock_path_problem(path) is None


def test_messages_say_what_to_fix() -> None:
    assert "absolute" in (clean_disk_problem("tmp/x") or "")
    assert "/var/tmp/app-cache" in (clean_disk_problem("/var/lib") or "")
    assert "0640" in (mode_problem("0777") or "")
    assert "*.pid" in (lock_path_problem("/var/lib/app/data.db") or "")


# --- the allow-list ---------------------------------------------------------------------------------------------


def test_allow_list_narrows_and_a_policy_cannot_widen_it(tmp_path: Path) -> None:
    allow = HostPathAllowList()
    assert allow.refusal("cleanDisk", "/var/tmp/app-cache") is None
    assert allow.refusal("cleanDisk", "/var/tmp") is None  # an administrator's root itself is fine
    assert "outside this node's allow-list" in (allow.refusal("cleanDisk", "/srv/app/tmp") or "")
    assert allow.refusal("cleanDisk", "/var/tmpfoo/x")  # a prefix of a name is not a parent
    file = tmp_path / "host-paths.yaml"
    file.write_text("cleanDisk: [/srv/app]\nfixPermissions: []\nremoveStaleLock: [/run/app]\n")
    custom = load_allow_list(file)
    assert custom.refusal("cleanDisk", "/srv/app/tmp") is None
    assert custom.refusal("fixPermissions", "/var/lib/app/data")
    assert custom.refusal("removeStaleLock", "/run/app/app.pid") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cleanDisk: [relative/dir]\n", "not an absolute path"),
        ("cleanDisk: ['/']\n", "cannot be an allow-list root"),
        ("cleanDisk: [/var/tmp/../etc]\n", "not normalised"),
        ("cleanDsik: [/var/tmp]\n", "cleanDsik"),
        ("- /var/tmp\n", "expected a mapping"),
        ("cleanDisk: [\n", "host-paths file"),
    ],
)
def test_a_bad_allow_list_stops_the_agent_with_what_to_fix(tmp_path: Path, text: str, message: str) -> None:
    file = tmp_path / "host-paths.yaml"
    file.write_text(text)
    with pytest.raises(ValueError, match="host-paths file") as err:
        load_allow_list(file)
    assert message in str(err.value)


# --- no link is followed -------------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    """An allowed directory owned by a service, and a precious file outside it."""
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    precious = outside / "precious"
    precious.write_text("keep me")
    precious.chmod(0o600)
    old = time.time() - 10 * 86400
    os.utime(precious, (old, old))
    return {"allowed": allowed, "outside": outside, "precious": precious}


def test_clean_disk_removes_old_files_only(tree: dict[str, Path]) -> None:
    allowed = tree["allowed"]
    (allowed / "sub").mkdir()
    old, new = allowed / "sub" / "old.log", allowed / "new.log"
    old.write_text("x" * 100)
    new.write_text("y")
    past = time.time() - 3600
    os.utime(old, (past, past))
    removed, freed, errors = hostfs.remove_old_files(str(allowed), time.time() - 60)
    assert (removed, freed, errors) == (1, 100, [])
    assert not old.exists() and new.exists()


def test_clean_disk_never_follows_a_planted_link(tree: dict[str, Path]) -> None:
    allowed = tree["allowed"]
    (allowed / "file-link").symlink_to(tree["precious"])
    (allowed / "dir-link").symlink_to(tree["outside"])
    removed, _, _ = hostfs.remove_old_files(str(allowed), time.time())
    assert removed == 0
    assert tree["precious"].read_text() == "keep me"
    assert (allowed / "file-link").is_symlink()  # the link itself is left alone too


def test_a_symlinked_root_or_parent_is_refused(tree: dict[str, Path]) -> None:
    link_root = tree["allowed"] / "cache"
    link_root.symlink_to(tree["outside"])
    with pytest.raises(UnsafePath, match="symbolic link"):
        hostfs.remove_old_files(str(link_root), time.time())
    with pytest.raises(UnsafePath, match="symbolic link"):
        hostfs.set_owner_and_mode(str(link_root / "precious"), -1, -1, 0o644)
    assert tree["precious"].read_text() == "keep me"
    assert stat.S_IMODE(tree["precious"].stat().st_mode) == 0o600


def test_fix_permissions_on_a_link_changes_nothing(tree: dict[str, Path]) -> None:
    link = tree["allowed"] / "app.conf"
    link.symlink_to(tree["precious"])
    with pytest.raises(UnsafePath, match="symbolic link"):
        hostfs.set_owner_and_mode(str(link), 12345, 12345, 0o644)
    st = tree["precious"].stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_uid == os.getuid()


def test_fix_permissions_refuses_a_hard_link_and_a_fifo(tree: dict[str, Path]) -> None:
    hard = tree["allowed"] / "app.conf"
    os.link(tree["precious"], hard)
    with pytest.raises(UnsafePath, match="hard links"):
        hostfs.set_owner_and_mode(str(hard), -1, -1, 0o644)
    assert stat.S_IMODE(tree["precious"].stat().st_mode) == 0o600
    fifo = tree["allowed"] / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(UnsafePath, match="neither a regular file nor a directory"):
        hostfs.set_owner_and_mode(str(fifo), -1, -1, 0o640)  # and it does not hang on open


def test_fix_permissions_changes_owner_and_mode_through_the_fd(tree: dict[str, Path]) -> None:
    data = tree["allowed"] / "data"
    data.mkdir(mode=0o700)
    changes = hostfs.set_owner_and_mode(str(data), 4321, 4321, 0o750)
    st = data.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4321, 0o750)
    assert len(changes) == 2
    assert hostfs.set_owner_and_mode(str(data), 4321, 4321, 0o750) == []


def _exchange(a: Path, b: Path) -> None:
    """renameat2(RENAME_EXCHANGE): swap two names atomically, as an attacker flipping a directory and a link."""
    libc = ctypes.CDLL(None, use_errno=True)
    at_fdcwd, rename_exchange = -100, 2
    if libc.renameat2(at_fdcwd, bytes(a), at_fdcwd, bytes(b), rename_exchange) != 0:
        raise OSError(ctypes.get_errno(), "renameat2")


def test_a_directory_swapped_for_a_link_during_clean_disk_touches_nothing_outside(tree: dict[str, Path]) -> None:
    """The owner of the allowed directory flips a subdirectory and a link to the outside, atomically and as fast as
    it can, while cleanDisk runs again and again: whatever the walk sees when, nothing outside is deleted.
    (A walk by path -- os.walk + unlink(path) -- loses the bait files here.)"""
    allowed, outside = tree["allowed"], tree["outside"]
    past = time.time() - 86400
    for i in range(20):
        (outside / f"bait-{i}").write_text("keep")
        os.utime(outside / f"bait-{i}", (past, past))
    sub, flip = allowed / "sub", allowed / "flip"
    sub.mkdir()
    flip.symlink_to(outside)
    stop = threading.Event()

    def attacker() -> None:
        while not stop.is_set():
            _exchange(sub, flip)
            if not sub.is_symlink():  # refill the real directory whenever it is back
                with contextlib.suppress(OSError):
                    (sub / "old").write_text("old")
                    os.utime(sub / "old", (past, past))

    thread = threading.Thread(target=attacker)
    thread.start()
    try:
        for _ in range(2000):
            with contextlib.suppress(UnsafePath, OSError):
                hostfs.remove_old_files(str(allowed), time.time() - 60)
    finally:
        stop.set()
        thread.join()
    assert tree["precious"].read_text() == "keep me"
    assert len(list(outside.glob("bait-*"))) == 20


def test_a_lock_swapped_after_the_check_is_not_removed(tree: dict[str, Path]) -> None:
    lock = tree["allowed"] / "app.pid"
    lock.write_text("999999999")
    checked = hostfs.inspect_lock(str(lock))
    assert checked is not None and not checked.held
    lock.unlink()
    lock.symlink_to(tree["precious"])
    with pytest.raises(UnsafePath):
        hostfs.unlink_if_same(str(lock), checked.device, checked.inode)
    assert lock.is_symlink() and tree["precious"].exists()
    lock.unlink()
    os.link(tree["precious"], lock)  # same name, another inode
    with pytest.raises(UnsafePath, match="changed"):
        hostfs.unlink_if_same(str(lock), checked.device, checked.inode)


def test_a_held_lock_is_seen(tree: dict[str, Path]) -> None:
    import fcntl

    lock = tree["allowed"] / "LOCK"
    lock.write_text("")
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        # another open file description: flock conflicts even within one process
        checked = hostfs.inspect_lock(str(lock))
        assert checked is not None and checked.held
    checked = hostfs.inspect_lock(str(lock))
    assert checked is not None and not checked.held
