"""Service type of a target: systemd, docker, or hybrid (a unit whose main process runs a container).

Hybrids are healed through systemd so that systemd's view stays right: restarting the container behind the
unit's back would leave the unit failed (or start a second container when the unit restarts it).
A unit is hybrid when its ExecStart runs `docker|podman run ...` or `docker|podman start -a NAME`; a container
is hybrid when such a unit names it. Only what the agent reads from systemd counts: a container label (written by
whoever built the image) never makes a container hybrid, or it could name any unit to be restarted.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

_ENGINES = ("docker", "podman", "nerdctl")
# docker run options that take a value (so the value is not mistaken for the image)
_RUN_VALUE_OPTS = {"--name", "-e", "--env", "-v", "--volume", "-p", "--publish", "-l", "--label", "--network",
                   "--net", "-u", "--user", "-w", "--workdir", "--entrypoint", "-m", "--memory", "--restart",
                   "--health-cmd", "--health-interval", "--health-timeout", "--health-retries", "--env-file",
                   "--mount", "--cpus", "--hostname", "-h", "--log-driver", "--log-opt", "--cidfile", "--pull"}


def container_of_exec(argv: Sequence[str]) -> str | None:
    """The container a unit's ExecStart runs ('' when it runs one whose name is not given), else None."""
    args = list(argv)
    # skip wrappers such as /usr/bin/env or sh -c "docker run ..."
    if len(args) >= 3 and os.path.basename(args[0]) in ("sh", "bash") and args[1] == "-c":
        args = args[2].split()
    while args and os.path.basename(args[0]) in ("env", "sudo", "exec"):
        args = args[1:]
    if len(args) < 2 or os.path.basename(args[0]) not in _ENGINES:
        return None
    rest = args[1:]
    if rest and rest[0] == "container":
        rest = rest[1:]
    if not rest:
        return None
    verb, opts = rest[0], rest[1:]
    if verb == "run":
        for i, opt in enumerate(opts):
            if opt == "--name" and i + 1 < len(opts):
                return opts[i + 1]
            if opt.startswith("--name="):
                return opt.split("=", 1)[1]
        return ""
    if verb == "start":
        names = [o for o in opts if not o.startswith("-")]
        return names[0] if names else ""
    return None


def unit_type(exec_start: Sequence[Sequence[str]]) -> tuple[str, str | None]:
    """('hybrid', container) when any ExecStart line runs a container, else ('systemd', None)."""
    for argv in exec_start:
        container = container_of_exec(argv)
        if container is not None:
            return "hybrid", container or None
    return "systemd", None


def container_type(name: str, hybrids: dict[str, str]) -> tuple[str, str | None]:
    """('hybrid', unit) for a container a unit's ExecStart runs, else ('docker', None). hybrids: container -> unit."""
    unit = hybrids.get(name)
    return ("hybrid", unit) if unit else ("docker", None)
