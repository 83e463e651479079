"""`healing demo` runs start to finish: real control plane, operator, agent, Docker and a systemd node."""

from __future__ import annotations

import os
import subprocess
import sys

import psutil
import pytest

pytestmark = pytest.mark.integration


def _healing_children() -> set[int]:
    return {
        p.pid
        for p in psutil.process_iter(["cmdline"])
        if p.info["cmdline"] and "controller" in " ".join(p.info["cmdline"]) and "operator" in p.info["cmdline"]
    }


def test_demo_heals_two_failures_escalates_one_and_cleans_up(docker_client) -> None:
    before = _healing_children()
    result = subprocess.run(
        [sys.executable, "-m", "controller", "demo"],
        capture_output=True,
        text=True,
        timeout=420,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "all scenarios ended as expected" in output
    assert "pattern container_exit, attempts: restart=Succeeded" in output
    assert "pattern port_conflict, attempts: freePort=Succeeded" in output
    assert "pattern config_error, attempts: none" in output
    assert "webhook received 1 message(s)" in output
    # learning is shown from the policy status
    assert "port_conflict    systemd  freePort     successes=1" in output
    # nothing left behind: no demo containers, no operator process of ours
    assert not docker_client.containers.list(all=True, filters={"name": "demo-"})
    assert _healing_children() <= before
