"""`healing up`: the main job on one machine starts everything, is usable with kubectl, and stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import ssl
import stat
import subprocess
import sys
import threading
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import pytest

from controller.devenv.build import ensure_binaries
from controller.devenv.stack import wait_until

pytestmark = pytest.mark.integration


def test_up_runs_control_plane_operator_and_agent_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    kubectl = str(ensure_binaries(progress=False).kubectl)
    proc = subprocess.Popen(
        [sys.executable, "-m", "controller", "up", "--node", "up-test-node", "--state-dir", str(tmp_path / "state")],
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


class Up:
    """`healing up` as systemd runs it: no terminal (pipes), SIGTERM to stop; its output kept for assertions."""

    def __init__(self, state: Path, policy: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "controller", "up", "--node", "persist-node", "--state-dir", str(state),
             "--policy", str(policy)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [
            threading.Thread(target=lambda: self.out.extend(self.proc.stdout or []), daemon=True),
            threading.Thread(target=lambda: self.err.extend(self.proc.stderr or []), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def kubeconfig(self) -> str:
        export = wait_until(lambda: next((x for x in self.out if x.startswith("export KUBECONFIG=")), None), 120,
                            f"the KUBECONFIG line (stderr so far: {''.join(self.err)[-2000:]})")
        return export.strip().split("=", 1)[1]

    def stop(self) -> str:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            raise
        for reader in self._readers:
            reader.join(timeout=10)
        text = "".join(self.err)
        assert code == 0, text[-3000:]
        return text


def test_up_keeps_policies_incidents_learning_circuits_and_budgets_across_restarts(tmp_path: Path) -> None:
    kubectl = str(ensure_binaries(progress=False).kubectl)
    state = tmp_path / "state"
    policy = tmp_path / "policy.yaml"
    policy.write_text(json.dumps({
        "apiVersion": "healing.insa.io/v1alpha1", "kind": "HealingPolicy", "metadata": {"name": "keep-me"},
        "spec": {"targets": [{"kind": "systemd", "match": "healing-persist-none.service"}], "mode": "Shadow"},
    }))
    now = datetime.now(UTC).replace(microsecond=0)
    learned = {"pattern": "process_crash", "serviceType": "systemd", "action": "restart", "successes": 3,
               "failures": 1, "confidence": 0.7}
    circuit = {"scope": "pattern:process_crash", "state": "Open", "reason": "Stuck", "message": "kept",
               "openedAt": now.isoformat(), "retryAt": (now + timedelta(hours=1)).isoformat()}
    spent = (now - timedelta(minutes=1)).isoformat().replace("+00:00", "Z")

    def kc(kubeconfig: str, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run([kubectl, "--kubeconfig", kubeconfig, *args], input=stdin, capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def policy_status(kubeconfig: str) -> dict[str, Any]:
        return json.loads(kc(kubeconfig, "get", "hpol", "keep-me", "-o", "json")).get("status", {})

    first = Up(state, policy)
    try:
        kubeconfig = first.kubeconfig()
        wait_until(lambda: policy_status(kubeconfig).get("conditions"), 60, "the operator to reconcile keep-me")
        kc(kubeconfig, "create", "-f", "-", stdin=json.dumps({
            "apiVersion": "healing.insa.io/v1alpha1", "kind": "Incident",
            "metadata": {"name": "persist-node-kept", "labels": {"healing.insa.io/node": "persist-node"}},
            "spec": {"node": "persist-node", "serviceType": "systemd", "failure": "process_crash",
                     "target": {"kind": "systemd", "name": "healing-persist-none.service"}},
        }))
        kc(kubeconfig, "patch", "hpol", "keep-me", "--subresource=status", "--type=merge", "-p", json.dumps(
            {"status": {"learning": [learned], "circuits": [circuit], "actionsLastHour": [spent]}}))
        # the unit it names does not exist on this host: the agent says so and the operator closes it
        decided = wait_until(lambda: (st := json.loads(kc(kubeconfig, "get", "inc", "persist-node-kept", "-o", "json"))
                                      .get("status", {})).get("reason") == "TargetGone" and st["phase"], 60,
                             "the operator to close the incident of a unit that does not exist")
    finally:
        first_log = first.stop()

    # owner-only: the state directory, every key and the kubeconfig
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    keys = [*state.glob("control-plane/pki/*.key"), state / "control-plane" / "kubeconfig"]
    assert len(keys) > 5 and all(stat.S_IMODE(k.stat().st_mode) == 0o600 for k in keys)

    second = Up(state, policy)
    try:
        assert second.kubeconfig() == kubeconfig
        status = policy_status(kubeconfig)
        assert learned in status["learning"]
        assert any(c["scope"] == circuit["scope"] and c["state"] == "Open" for c in status["circuits"])
        assert spent in status["actionsLastHour"]
        kept = json.loads(kc(kubeconfig, "get", "inc", "persist-node-kept", "-o", "json"))
        assert kept["status"]["phase"] == decided  # as it was decided before the restart
        # etcd answers only its own clients: no plain HTTP, no TLS client without its certificate
        etcd = json.loads((state / "control-plane" / "ports.json").read_text())[0]
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{etcd}/v3/kv/range", data=b"{}", timeout=3)
        context = ssl.create_default_context(cafile=str(state / "control-plane" / "pki" / "etcd-ca.crt"))
        with pytest.raises(OSError):
            urllib.request.urlopen(f"https://127.0.0.1:{etcd}/v3/kv/range", data=b"{}", timeout=3, context=context)
        wait_until(lambda: any("incident persist-node-kept:" in line for line in second.err), 30,
                   "the plain line for the kept incident")
    finally:
        second_log = second.stop()
    # no terminal: plain lines, no table, no spinner, nothing cut with an ellipsis
    for text in (first_log, second_log):
        assert not set(text) & set("…━─│┃┏┓┗┛╭╮╰╯⠋⠙⠹"), text[-2000:]
    assert f"applied {policy}" in second_log
    assert "stopped: operator, agent, kube-apiserver and etcd" in second_log
