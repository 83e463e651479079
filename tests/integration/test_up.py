"""`healing up`: the main job on one machine starts everything, is usable with kubectl, and stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

import psutil
import pytest

from controller.devenv.build import ensure_binaries
from controller.devenv.stack import wait_until

pytestmark = pytest.mark.integration


def test_up_runs_control_plane_operator_and_agent_and_stops_on_ctrl_c() -> None:
    kubectl = str(ensure_binaries(progress=False).kubectl)
    proc = subprocess.Popen(
        [sys.executable, "-m", "controller", "up", "--node", "up-test-node"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "160"},
        start_new_session=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True)
    reader.start()
    children: list[psutil.Process] = []
    try:
        export = wait_until(
            lambda: next((x for x in lines if x.startswith("export KUBECONFIG=")), None), 120, "the KUBECONFIG line"
        )
        kubeconfig = export.strip().split("=", 1)[1]
        children = psutil.Process(proc.pid).children(recursive=True)
        assert any("kube-apiserver" in " ".join(c.cmdline()) for c in children)

        def get(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([kubectl, "--kubeconfig", kubeconfig, *args], capture_output=True, text=True,
                                  check=False)

        policy = json.loads(get("get", "hpol", "this-host", "-o", "json").stdout)
        assert policy["spec"]["mode"] == "Approve"  # safe default: nothing acts without a human on this host
        # the agent reports for this host, the operator reconciles the policy
        wait_until(lambda: get("get", "hrep", "up-test-node").returncode == 0, 60, "the agent's HostReport")

        def ready() -> bool:
            status = json.loads(get("get", "hpol", "this-host", "-o", "json").stdout).get("status", {})
            return any(c["type"] == "Ready" and c["status"] == "True" for c in status.get("conditions", []))

        wait_until(ready, 60, "the operator to mark the policy Ready")
        assert "NODE" in get("get", "incidents").stdout or "No resources found" in get("get", "incidents").stderr
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGINT)  # what Ctrl-C sends
        try:
            code = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    stderr = proc.stderr.read() if proc.stderr else ""
    assert code == 0, stderr[-3000:]
    assert "stopped: operator, agent, kube-apiserver and etcd" in stderr
    wait_until(lambda: not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE], 30,
          "every child of healing up to exit")
