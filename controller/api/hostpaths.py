"""Which host paths a policy may name for the invasive actions: one set of rules, checked twice.

The API server rejects a HealingPolicy that breaks them (CEL rules generated from the data below, with a message
that says what to fix), and the agent checks the same rules again right before it acts (`*_problem`), together
with its own allow-list that only the node's administrator sets (controller/agent/hostfs.py).

- every path: absolute, normalised (no `.`/`..` components, no `//`, no trailing `/`), no control characters;
- cleanDisk: never the root, a top-level tree (but the temporary trees /tmp and /var/tmp) or the system trees
  (`/etc`, `/usr`, `/var/lib/kubelet`, ...);
- fixPermissions: never credential or privilege files (shadow, passwd, sudoers, ssh, kubelet and Kubernetes PKI,
  cron, systemd units, ...), and modes never world-writable, setuid or setgid;
- removeStaleLock: only files named like a lock or pid file, outside the system trees.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field

from controller.api.common import cel

MAX_PATH = 512

# Top-level trees: acting on one of them as a whole is never a fix for one service.
TOP_LEVEL = (
    "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt",
    "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/var/lib", "/var/log", "/var/cache",
    "/var/tmp", "/var/spool", "/var/mail", "/var/backups", "/var/run", "/var/lock", "/run/lock", "/run/user",
)
# Trees no action of the agent ever changes anything under: the OS, kernel interfaces, other users' homes,
# node and container runtime state, package databases, and the agent's own state.
SYSTEM_TREES = (
    "/bin", "/boot", "/dev", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/root", "/sbin", "/sys", "/usr",
    "/home", "/var/lib/kubelet", "/var/lib/etcd", "/var/lib/docker", "/var/lib/containerd", "/var/lib/cni",
    "/var/lib/dpkg", "/var/lib/apt", "/var/lib/rpm", "/var/lib/systemd", "/var/lib/healing-agent",
    "/var/spool/cron", "/run/secrets", "/var/run/secrets", "/run/systemd", "/run/dbus", "/run/containerd",
    "/run/docker.sock", "/var/run/docker.sock",
)
# cleanDisk deletes files: nothing under /etc either.
CLEAN_DISK_TREES = (*SYSTEM_TREES, "/etc")
# Temporary trees are made for exactly this (systemd-tmpfiles ages their files out too): they may be cleaned whole.
TEMP_TREES = ("/tmp", "/var/tmp")
CLEAN_DISK_TOP_LEVEL = tuple(t for t in TOP_LEVEL if t not in TEMP_TREES)
# Credential and privilege files: owning or loosening one of them is root on the node (a cron job, a unit, a
# shared library preload, a login, a key).
PRIVILEGE_TREES = (
    "/etc/ssh", "/etc/sudoers.d", "/etc/kubernetes", "/etc/pki", "/etc/ssl", "/etc/security", "/etc/pam.d",
    "/etc/systemd", "/etc/init.d", "/etc/cron.d", "/etc/cron.daily", "/etc/cron.hourly", "/etc/cron.weekly",
    "/etc/cron.monthly", "/etc/profile.d", "/etc/ld.so.conf.d", "/etc/sysctl.d", "/etc/modprobe.d",
    "/etc/modules-load.d", "/etc/udev", "/etc/apt", "/etc/yum.repos.d", "/etc/containerd", "/etc/docker",
    "/etc/cni", "/etc/polkit-1", "/etc/dbus-1", "/etc/selinux", "/etc/apparmor.d", "/etc/default", "/etc/rc0.d",
    "/etc/rc1.d", "/etc/rc2.d", "/etc/rc3.d", "/etc/rc4.d", "/etc/rc5.d", "/etc/rc6.d", "/etc/rcS.d",
    "/etc/logrotate.d", "/etc/healing-agent",
)
PRIVILEGE_FILES = (
    "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/passwd", "/etc/passwd-", "/etc/group",
    "/etc/group-", "/etc/sudoers", "/etc/crontab", "/etc/environment", "/etc/ld.so.preload", "/etc/ld.so.conf",
    "/etc/profile", "/etc/bash.bashrc", "/etc/fstab", "/etc/login.defs", "/etc/securetty", "/etc/machine-id",
    "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf", "/etc/shells", "/etc/subuid", "/etc/subgid",
    "/etc/doas.conf", "/etc/anacrontab", "/etc/rc.local",
)
# Per-user secrets wherever they are (a service account's home is often outside /home).
PRIVILEGE_COMPONENTS = (".ssh", ".kube", ".docker", ".gnupg", ".aws", ".netrc", ".pgpass", "authorized_keys")

_NOT_NORMAL = re.compile(r"(^|/)\.\.?(/|$)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
LOCK_NAME = r"(?i)^(.*[._-])?(lock|lck|pid)$"
MODE_SYNTAX = r"^[0-7]{3,4}$"
# no setuid/setgid (a leading 4, 2 or 6), no write for others (last digit 2, 3, 6 or 7); sticky (1xxx) is harmless
MODE_SAFE = r"^[01]?[0-7][0-7][0145]$"


def _under(path: str, trees: tuple[str, ...]) -> str | None:
    return next((t for t in trees if path == t or path.startswith(t + "/")), None)


def path_problem(path: str) -> str | None:
    """What is wrong with a host path in a policy, or None (shared by every path option)."""
    if not path.startswith("/"):
        return f"{path!r} is not an absolute path: write it from the root, e.g. /var/lib/app/data"
    if _CONTROL.search(path):
        return f"{path!r} contains control characters"
    if _NOT_NORMAL.search(path) or "//" in path or (path != "/" and path.endswith("/")):
        return f"{path!r} is not normalised: no '.' or '..' components, no '//', no trailing '/'"
    if len(path) > MAX_PATH:
        return f"path is longer than {MAX_PATH} characters"
    return None


def clean_disk_problem(path: str) -> str | None:
    if problem := path_problem(path):
        return problem
    if path in CLEAN_DISK_TOP_LEVEL:
        return f"{path} is a whole top-level tree: name the application's own directory, e.g. /var/tmp/app-cache"
    if tree := _under(path, CLEAN_DISK_TREES):
        return f"{path} is in the system tree {tree}: cleanDisk never deletes there"
    return None


def fix_permissions_problem(path: str) -> str | None:
    if problem := path_problem(path):
        return problem
    if path in TOP_LEVEL:
        return f"{path} is a whole top-level tree: name the application's own file or directory"
    if tree := _under(path, (*SYSTEM_TREES, *PRIVILEGE_TREES)):
        return f"{path} is in {tree}, which holds credentials or what root runs: fixPermissions never touches it"
    if path in PRIVILEGE_FILES:
        return f"{path} is a credential or privilege file: fixPermissions never touches it"
    if any(part in PRIVILEGE_COMPONENTS for part in path.split("/")):
        return f"{path} is (in) a user's keys or credentials: fixPermissions never touches it"
    return None


def lock_path_problem(path: str) -> str | None:
    if problem := path_problem(path):
        return problem
    if not re.match(LOCK_NAME, path.rsplit("/", 1)[-1]):
        return f"{path} is not named like a lock or pid file (*.lock, *.lck, *.pid, LOCK)"
    if tree := _under(path, CLEAN_DISK_TREES):
        return f"{path} is in the system tree {tree}: removeStaleLock never deletes there"
    return None


def mode_problem(mode: str) -> str | None:
    if not re.match(MODE_SYNTAX, mode):
        return f"mode {mode!r} must be octal such as 0640"
    if not re.match(MODE_SAFE, mode):
        return f"mode {mode} is world-writable, setuid or setgid: use e.g. 0640, 0750 or 0644"
    return None


# --- the same rules as CEL, for the CRD ----------------------------------------------------------------------


def _alternation(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(i).replace("\\", "\\\\") for i in items)


def _cel_under(trees: tuple[str, ...]) -> str:
    return f"self.matches('^({_alternation(trees)})(/|$)')"


def _cel_path_rules() -> list[dict[str, Any]]:
    return [
        cel("self.startsWith('/')", "must be an absolute path, e.g. /var/lib/app/data"),
        cel(
            "!self.matches('(^|/)[.][.]?(/|$)') && !self.contains('//') && (self == '/' || !self.endsWith('/'))",
            "must be normalised: no '.' or '..' components, no '//', no trailing '/'",
        ),
        cel("!self.matches('[\\\\x00-\\\\x1f\\\\x7f]')", "must not contain control characters"),
    ]


def _path_field(extra_rules: list[dict[str, Any]], description: str) -> Any:
    return Field(
        min_length=1,
        max_length=MAX_PATH,
        description=description,
        json_schema_extra={"x-kubernetes-validations": [*_cel_path_rules(), *extra_rules]},
    )


_TOP = f"self.matches('^({_alternation(TOP_LEVEL)})$')"
_CLEAN_TOP = f"self.matches('^({_alternation(CLEAN_DISK_TOP_LEVEL)})$')"

CleanDiskPath = Annotated[
    str,
    _path_field(
        [
            cel(f"!{_CLEAN_TOP}", "a whole top-level tree cannot be cleaned: name the application's own "
                "directory, e.g. /var/tmp/app-cache (/tmp and /var/tmp may be cleaned whole)"),
            cel(f"!{_cel_under(CLEAN_DISK_TREES)}", "cleanDisk never deletes in system trees (/etc, /usr, /home, "
                "/var/lib/kubelet, /var/lib/docker, ...): name the application's own directory"),
        ],
        "A directory whose old files cleanDisk may delete (not a system tree; no symlink is followed).",
    ),
]

PermissionPath = Annotated[
    str,
    _path_field(
        [
            cel(f"!{_TOP}", "a whole top-level tree cannot be chowned or chmodded: name the application's own path"),
            cel(
                f"!{_cel_under((*SYSTEM_TREES, *PRIVILEGE_TREES))} && "
                f"!self.matches('^({_alternation(PRIVILEGE_FILES)})$') && "
                f"!self.matches('(^|/)({_alternation(PRIVILEGE_COMPONENTS)})(/|$)')",
                "fixPermissions never touches credential or privilege files (shadow, passwd, sudoers, ssh keys, "
                "kubelet and Kubernetes PKI, cron, systemd units, ...): name the application's own path",
            ),
        ],
        "A file or directory whose owner and mode fixPermissions may set (no symlink is followed).",
    ),
]

LockPath = Annotated[
    str,
    _path_field(
        [
            cel("self.matches('(^|/)(.*[._-])?(?i:lock|lck|pid)$')",
                "a lock path must name a lock or pid file (*.lock, *.lck, *.pid, LOCK)"),
            cel(f"!{_cel_under(CLEAN_DISK_TREES)}",
                "removeStaleLock never deletes in system trees (/etc, /usr, /var/lib/dpkg, ...)"),
        ],
        "A lock or pid file removeStaleLock may delete when its owner is gone (no symlink is followed).",
    ),
]

MODE_RULES = [
    cel(f"self.matches('{MODE_SYNTAX}')", "mode must be octal such as 0640"),
    cel(f"self.matches('{MODE_SAFE}')",
        "mode must not be world-writable (o+w) nor setuid/setgid: use e.g. 0640, 0750 or 0644"),
]
