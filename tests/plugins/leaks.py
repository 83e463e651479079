"""The suite must not pollute the machine it runs on: when the session ends, a container labelled with this run
(every container a test starts carries tests.plugins.docker_nodes.RUN_LABEL) or a process this run started that is
still alive is a failure of the run. Both are listed, then removed, and the exit status says the run failed.

The Docker engine is the exception by design: when no engine answered, the suite started one, and it stays up like
any host daemon (controller/devenv/docker_engine.py).
"""

from __future__ import annotations

import contextlib
import os

import docker
import psutil
import pytest

from tests.plugins.docker_nodes import RUN_LABEL

ENGINE_NAMES = frozenset({"dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v2", "docker-proxy",
                          "runc"})


def _engine(proc: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        return proc.name() in ENGINE_NAMES
    return False


def leaked_processes() -> list[psutil.Process]:
    """Descendants of this pytest process still running (zombies only wait to be reaped), the engine aside."""
    me = psutil.Process()
    engines = [p for p in me.children() if _engine(p)]
    spared = {p.pid for e in engines for p in [e, *e.children(recursive=True)]}
    leaked = []
    for proc in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if proc.pid not in spared and proc.status() != psutil.STATUS_ZOMBIE:
                leaked.append(proc)
    return leaked


def leaked_containers() -> list[docker.models.containers.Container]:
    try:
        client = docker.from_env(timeout=10)
        return list(client.containers.list(all=True, filters={"label": f"{RUN_LABEL}={os.getpid()}"}))
    except docker.errors.DockerException:
        return []  # no engine answers: no test could have left a container


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    containers, processes = leaked_containers(), leaked_processes()
    if not containers and not processes:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"container {c.name} ({c.status}) was left by the tests" for c in containers]
    for proc in processes:
        with contextlib.suppress(psutil.Error):
            lines.append(f"process {proc.pid} {' '.join(proc.cmdline())[:200]} was left by the tests")
    for container in containers:
        with contextlib.suppress(docker.errors.DockerException):
            container.remove(force=True, v=True)
    for proc in processes:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    text = "the test run left things behind (now removed):\n  " + "\n  ".join(lines)
    if reporter is not None:
        reporter.write_sep("=", "LEAKS", red=True)
        reporter.write_line(text)
    else:
        print(text)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
