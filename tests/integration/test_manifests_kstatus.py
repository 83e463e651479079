"""Flux's health verdict from the real thing: sigs.k8s.io/cli-utils kstatus (`status.Compute`, the library Flux's
kustomize-controller uses), built from the Go module proxy into a small checker, on the statuses the operator
writes and on samples of every phase. It must agree with the Python port the unit tests use and with the Argo CD
Lua scripts (Current ⇔ Healthy, InProgress ⇔ Progressing, Failed ⇔ Degraded or Suspended).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from controller.constants import HOSTREPORT_KIND, INCIDENT_KIND, POLICY_KIND
from controller.devenv.images import cache_dir
from controller.operator.policy_reconcile import reconcile_status
from tests.unit.test_argocd_health import conditions, hostreport, incident, policy, run_health
from tests.unit.test_argocd_health_kstatus import (
    ARGO_FOR_KSTATUS,
    INCIDENT_CASES,
    NOW,
    OBSERVATIONS,
    _incident,
    _policy,
    kstatus,
)

pytestmark = pytest.mark.integration

CLI_UTILS = "v0.37.2"
APIMACHINERY = "v0.34.4"
CHECKER = """package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

// Reads a JSON array of objects on stdin, prints a JSON array of {status, message}.
func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var objs []map[string]interface{}
	if err := utiljson.Unmarshal(data, &objs); err != nil { // numbers as int64, as the API machinery does
		panic(err)
	}
	out := []map[string]string{}
	for _, o := range objs {
		res, err := status.Compute(&unstructured.Unstructured{Object: o})
		if err != nil {
			out = append(out, map[string]string{"status": "Error", "message": err.Error()})
			continue
		}
		out = append(out, map[string]string{"status": res.Status.String(), "message": res.Message})
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}
"""


@pytest.fixture(scope="module")
def real_kstatus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checker binary, cached by a hash of its source and versions (a cold build takes about a minute)."""
    go = shutil.which("go") or "/usr/local/go/bin/go"
    key = hashlib.sha256(f"{CHECKER}{CLI_UTILS}{APIMACHINERY}".encode()).hexdigest()[:16]
    binary = cache_dir() / f"kstatus-{key}" / "kstatus"
    if binary.is_file():
        return binary
    src = tmp_path_factory.mktemp("kstatus")
    (src / "main.go").write_text(CHECKER)
    (src / "go.mod").write_text("module kstatuscheck\n\ngo 1.24.0\n")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0"}
    for args in (["get", f"sigs.k8s.io/cli-utils@{CLI_UTILS}", f"k8s.io/apimachinery@{APIMACHINERY}"],
                 ["build", "-o", str(src / "kstatus"), "."]):
        result = subprocess.run([go, *args], cwd=src, env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stderr[-3000:]
    binary.parent.mkdir(parents=True, exist_ok=True)
    partial = binary.with_suffix(".partial")
    shutil.copy2(src / "kstatus", partial)
    partial.rename(binary)
    return binary


def compute(binary: Path, objects: list[dict[str, Any]]) -> list[str]:
    result = subprocess.run([str(binary)], input=json.dumps(objects), capture_output=True, text=True, timeout=60,
                            check=True)
    return [entry["status"] for entry in json.loads(result.stdout)]


def samples() -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, label, object): what the operator writes, and the Lua unit tests' samples."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    for case, observation in OBSERVATIONS.items():
        obj = _policy().dump()
        obj["status"] = reconcile_status(_policy(), observation, NOW).dump()
        out.append((POLICY_KIND, f"operator:{case}", obj))
        bumped = json.loads(json.dumps(obj))
        bumped["metadata"]["generation"] = 2
        out.append((POLICY_KIND, f"operator:{case}:spec-changed", bumped))
    for ready, reconciling, stalled in (("True", "False", "False"), ("False", "True", "False"),
                                        ("False", "False", "True"), ("False", "False", "False"),
                                        ("Unknown", "False", "False")):
        out.append((POLICY_KIND, f"sample:{ready}/{reconciling}/{stalled}",
                    policy(status=conditions(ready, reconciling, stalled))))
    out.append((POLICY_KIND, "sample:no-status", policy()))
    out += [(INCIDENT_KIND, f"lifecycle:{phase}/{reason}", _incident(phase, reason))
            for phase, reason in INCIDENT_CASES]
    out.append((INCIDENT_KIND, "sample:new", incident(None)))
    out += [(HOSTREPORT_KIND, f"sample:ready={ready}", hostreport(5, ready)) for ready in ("True", "False")]
    return out


def test_python_port_matches_real_kstatus(real_kstatus: Path) -> None:
    cases = samples()
    real = compute(real_kstatus, [obj for _, _, obj in cases])
    mismatches = [(label, got, kstatus(obj)) for (_, label, obj), got in zip(cases, real, strict=True)
                  if got != kstatus(obj)]
    assert not mismatches, mismatches


def test_argo_lua_agrees_with_real_kstatus(real_kstatus: Path) -> None:
    """Policies and Incidents whose status the operator wrote (conditions present): Argo CD and Flux say the same.
    HostReports differ on purpose: the agent writes only Ready, and Ready=False (a source disconnected) is
    InProgress for kstatus but Degraded for Argo CD — HostReports are never in Git, so Flux never waits on them."""
    cases = [case for case in samples()
             if case[0] != HOSTREPORT_KIND and (case[2].get("status") or {}).get("conditions")]
    real = compute(real_kstatus, [obj for _, _, obj in cases])
    disagreements = [(label, flux, run_health(kind, obj)["status"])
                     for (kind, label, obj), flux in zip(cases, real, strict=True)
                     if run_health(kind, obj)["status"] not in ARGO_FOR_KSTATUS[flux]]
    assert not disagreements, disagreements
