"""The generated CRDs on a real kube-apiserver: install, validation messages, printer columns, explain, status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from controller.devenv.stack import wait_until

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def crds_installed(control_plane):
    control_plane.run_kubectl("apply", "-f", str(ROOT / "crds"))
    for plural in ("healingpolicies", "incidents", "hostreports"):
        control_plane.run_kubectl(
            "wait", "--for=condition=Established", "--timeout=60s", f"crd/{plural}.healing.insa.io"
        )
    # discovery caches in kubectl can lag behind Established for a moment
    wait_until(
        lambda: control_plane.run_kubectl("get", "healing", check=False).returncode == 0,
        30,
        "the healing category to be discoverable",
    )
    yield control_plane
    # the control plane is shared by the whole session: leave nothing that another module's policy matching sees
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        control_plane.run_kubectl("delete", "--ignore-not-found", "--wait=false", "-f", str(example), check=False)
    for kind, name in (("hpol", "status-check"), ("incident", "columns-check"), ("hrep", "node-a")):
        control_plane.run_kubectl("delete", "--ignore-not-found", "--wait=false", kind, name, check=False)


def _apply(cp, doc: dict, *extra: str):
    return cp.run_kubectl("apply", *extra, "-f", "-", input=yaml.safe_dump(doc), check=False)


def _policy(name: str, **spec) -> dict:
    base = {"targets": [{"kind": "docker", "match": "web-*"}]}
    base.update(spec)
    return {
        "apiVersion": "healing.insa.io/v1alpha1",
        "kind": "HealingPolicy",
        "metadata": {"name": name},
        "spec": base,
    }


def test_examples_are_accepted_and_defaulted(crds_installed) -> None:
    cp = crds_installed
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        result = cp.run_kubectl("apply", "-f", str(example), check=False)
        assert result.returncode == 0, f"{example.name}: {result.stderr}"
    got = json.loads(cp.run_kubectl("get", "hpol", "host-services", "-o", "json").stdout)
    spec = got["spec"]
    # defaults come from the models through the CRD schema
    assert spec["verify"] == {"after": "10s", "healthyFor": "30s", "timeout": "5m"}
    assert spec["backoff"]["max"] == "10m"
    assert spec["limits"]["maxConcurrent"] == 2
    assert spec["stuck"]["consecutiveFailures"] == 10
    assert spec["targets"][0]["interval"] == "10s"
    names = cp.run_kubectl("get", "healing", "-o", "name").stdout
    assert "healingpolicy.healing.insa.io/web-tier" in names


INVALID = [
    ("bad-mode", {"mode": "Sometimes"}, 'Unsupported value: "Sometimes"'),
    ("negative-duration", {"verify": {"after": "-5s"}}, "must be a non-negative duration"),
    ("threshold-high", {"confidenceThreshold": 1.5}, "should be less than or equal to 1"),
    ("threshold-low", {"confidenceThreshold": -0.1}, "should be greater than or equal to 0"),
    ("unknown-action", {"actions": ["reboot"]}, 'Unsupported value: "reboot"'),
    ("empty-targets", {"targets": []}, "should have at least 1 items"),
    ("docker-no-match", {"targets": [{"kind": "docker"}]}, "docker and systemd targets need 'match'"),
    ("port-range", {"targets": [{"kind": "port", "port": 70000}]}, "should be less than or equal to 65535"),
    ("port-missing", {"targets": [{"kind": "port"}]}, "port targets need 'port'"),
    ("http-scheme", {"targets": [{"kind": "http", "url": "ftp://x"}]}, "http targets need 'url'"),
    ("unknown-kind", {"targets": [{"kind": "kernel", "match": "x"}]}, 'Unsupported value: "kernel"'),
    ("backoff-order", {"backoff": {"initial": "5m", "max": "1m"}}, "backoff.max must be at least backoff.initial"),
    (
        "pattern-action",
        {"actions": ["restart"], "patterns": [{"id": "mine", "regex": "boom", "actions": ["freePort"]}]},
        "must also be listed in spec.actions",
    ),
    ("pattern-id", {"patterns": [{"id": "Bad-Id", "regex": "boom"}]}, "pattern id must be lower_snake_case"),
    ("max-concurrent", {"limits": {"maxConcurrent": 0}}, "should be greater than or equal to 1"),
    (
        "github-repo",
        {"escalation": {"github": {"repository": "noslash", "tokenSecretRef": {"namespace": "a", "name": "b"}}}},
        "repository must look like owner/name",
    ),
    (
        "selector-values",
        {"nodeSelector": {"matchExpressions": [{"key": "role", "operator": "In"}]}},
        "In and NotIn need at least one value",
    ),
    ("unit-name", {"targets": [{"kind": "port", "port": 80, "unit": "nginx"}]}, "'unit' must be a systemd unit name"),
    ("backoff-factor", {"backoff": {"factor": 0.5}}, "should be greater than or equal to 1"),
    ("window-time", {"maintenanceWindows": [{"start": "25:00", "end": "01:00"}]}, "start must be HH:MM"),
    ("window-day", {"maintenanceWindows": [{"days": ["Funday"], "start": "01:00", "end": "02:00"}]},
     'Unsupported value: "Funday"'),
    ("old-failures", {"ignoreFailuresOlderThan": "yesterday"}, "must be a non-negative duration"),
    ("pod-no-namespace", {"targets": [{"kind": "pod", "selector": {}}]}, "pod targets need 'namespace'"),
    ("pod-no-selector", {"targets": [{"kind": "pod", "namespace": "shop"}]}, "and 'selector' (their labels"),
    ("pod-bad-namespace", {"targets": [{"kind": "pod", "namespace": "Shop!", "selector": {}}]},
     "namespace must be a namespace name"),
    ("pod-with-match", {"targets": [{"kind": "pod", "namespace": "shop", "selector": {}, "match": "web-*"}]},
     "pod targets select by 'namespace' and 'selector' only"),
    ("selector-not-pod", {"targets": [{"kind": "docker", "match": "web-*", "selector": {}}]},
     "'namespace' and 'selector' only apply to pod targets"),
    ("pod-selector-values",
     {"targets": [{"kind": "pod", "namespace": "shop", "selector": {"matchExpressions": [
         {"key": "app", "operator": "Exists", "values": ["x"]}]}}]},
     "Exists and DoesNotExist take no values"),
    ("condition-not-systemd",
     {"targets": [{"kind": "docker", "match": "web-*", "nodeCondition": "HealingWebUnhealthy"}]},
     "'nodeCondition' only applies to systemd targets"),
    ("condition-kubelet-own",
     {"targets": [{"kind": "systemd", "match": "kubelet.service", "nodeCondition": "Ready"}]},
     "the kubelet's own conditions (Ready, MemoryPressure"),
    ("condition-case",
     {"targets": [{"kind": "systemd", "match": "kubelet.service", "nodeCondition": "kubelet-down"}]},
     "nodeCondition must be a CamelCase condition type of your own"),
    ("unknown-workload-action", {"actions": ["deletePod"]}, 'Unsupported value: "deletePod"'),
]


@pytest.mark.parametrize(("name", "spec", "message"), INVALID, ids=[i[0] for i in INVALID])
def test_invalid_policy_is_rejected_with_a_clear_message(crds_installed, name, spec, message) -> None:
    result = _apply(crds_installed, _policy(f"invalid-{name}", **spec))
    assert result.returncode != 0, f"{name} was accepted"
    assert message in result.stderr, result.stderr
    # nothing was stored
    assert crds_installed.run_kubectl("get", "hpol", f"invalid-{name}", check=False).returncode != 0


INVALID_INCIDENTS = [
    ("pod-service-type", {"kind": "pod", "name": "shop/deployment/web"}, "docker",
     "a pod target has serviceType pod, and only a pod target has"),
    ("service-type-pod", {"kind": "docker", "name": "web-1"}, "pod",
     "a pod target has serviceType pod, and only a pod target has"),
    ("pod-name", {"kind": "pod", "name": "shop/replicaset/web-5d8f"}, "pod",
     "a pod target's name is its workload: <namespace>/<deployment|statefulset|daemonset|pod>/<name>"),
    ("pod-name-path", {"kind": "pod", "name": "../../etc/deployment/web"}, "pod",
     "a pod target's name is its workload"),
]


@pytest.mark.parametrize(("name", "target", "service_type", "message"), INVALID_INCIDENTS,
                         ids=[i[0] for i in INVALID_INCIDENTS])
def test_invalid_pod_incident_is_rejected(crds_installed, name, target, service_type, message) -> None:
    incident = {"apiVersion": "healing.insa.io/v1alpha1", "kind": "Incident", "metadata": {"name": f"invalid-{name}"},
                "spec": {"node": "node-a", "target": target, "serviceType": service_type, "failure": "process_crash"}}
    result = _apply(crds_installed, incident)
    assert result.returncode != 0, f"{name} was accepted"
    assert message in result.stderr, result.stderr


def test_status_is_only_written_through_the_status_subresource(crds_installed) -> None:
    cp = crds_installed
    doc = _policy("status-check")
    doc["status"] = {"matchedNodes": 99}
    assert _apply(cp, doc).returncode == 0
    stored = json.loads(cp.run_kubectl("get", "hpol", "status-check", "-o", "json").stdout)
    assert stored.get("status", {}).get("matchedNodes") in (None, 0)

    cp.run_kubectl("patch", "hpol", "status-check", "--type=merge", "-p", '{"status": {"matchedNodes": 5}}')
    stored = json.loads(cp.run_kubectl("get", "hpol", "status-check", "-o", "json").stdout)
    assert stored.get("status", {}).get("matchedNodes") in (None, 0), "main resource must ignore status"

    cp.run_kubectl(
        "patch", "hpol", "status-check", "--subresource=status", "--type=merge", "-p",
        '{"status": {"matchedNodes": 5}}',
    )
    stored = json.loads(cp.run_kubectl("get", "hpol", "status-check", "-o", "json").stdout)
    assert stored["status"]["matchedNodes"] == 5
    assert stored["spec"]["mode"] == "Auto"


def test_get_prints_the_contract_columns(crds_installed) -> None:
    cp = crds_installed
    incident = {
        "apiVersion": "healing.insa.io/v1alpha1",
        "kind": "Incident",
        "metadata": {"name": "columns-check", "labels": {"healing.insa.io/node": "node-a"}},
        "spec": {
            "node": "node-a",
            "target": {"kind": "docker", "name": "web-1"},
            "serviceType": "docker",
            "failure": "container_exit",
        },
    }
    assert _apply(cp, incident).returncode == 0
    cp.run_kubectl(
        "patch", "incident", "columns-check", "--subresource=status", "--type=merge", "-p",
        json.dumps({"status": {"phase": "Remediating", "action": "restart", "attemptCount": 1,
                               "detection": {"pattern": "container_exit", "confidence": 0.9}}}),
    )
    out = cp.run_kubectl("get", "incidents").stdout.splitlines()
    assert out[0].split() == ["NAME", "NODE", "TARGET", "PATTERN", "PHASE", "ACTION", "ATTEMPTS", "AGE"]
    row = next(line.split() for line in out[1:] if line.startswith("columns-check"))
    assert row[1:7] == ["node-a", "web-1", "container_exit", "Remediating", "restart", "1"]

    header = cp.run_kubectl("get", "hpol").stdout.splitlines()[0].split()
    assert header == ["NAME", "MODE", "NODES", "ACTIVE", "SUCCESS-RATE", "READY", "AGE"]

    report = {
        "apiVersion": "healing.insa.io/v1alpha1",
        "kind": "HostReport",
        "metadata": {"name": "node-a"},
        "spec": {"node": "node-a"},
    }
    assert _apply(cp, report).returncode == 0
    header = cp.run_kubectl("get", "hrep").stdout.splitlines()[0].split()
    assert header == ["NAME", "READY", "TARGETS", "FAILED-UNITS", "UNHEALTHY-CONTAINERS", "HEARTBEAT", "AGE"]

    # incident spec is immutable
    changed = dict(incident, spec=dict(incident["spec"], node="node-b"))
    result = _apply(cp, changed)
    assert result.returncode != 0 and "Incident spec is immutable" in result.stderr


def test_explain_documents_the_fields(crds_installed) -> None:
    out = crds_installed.run_kubectl("explain", "healingpolicy.spec").stdout
    for field in ("targets", "mode", "actions", "confidenceThreshold", "verify", "backoff", "limits", "stuck",
                  "patterns", "escalation", "nodeSelector"):
        assert field in out, field
    assert "Shadow records what it would do" in " ".join(out.split())
    targets = crds_installed.run_kubectl("explain", "healingpolicy.spec.targets.kind").stdout
    assert "docker" in targets and "systemd" in targets


def _fields(obj: dict, manager: str) -> dict:
    entries = [m for m in obj["metadata"].get("managedFields") or [] if m["manager"] == manager]
    assert len(entries) == 1, (manager, obj["metadata"].get("managedFields"))
    return entries[0]["fieldsV1"]


def test_status_blocks_are_owned_whole_and_still_patched_field_by_field(crds_installed) -> None:
    """The API server records one ownership entry per status block an agent or the operator writes, not one per
    leaf (x-kubernetes-map-type / list-type atomic), while a merge patch inside a block still changes only what it
    names: an agent that bumps the detection's occurrences keeps its pattern and evidence."""
    cp = crds_installed
    name = "ownership-check"
    incident = {
        "apiVersion": "healing.insa.io/v1alpha1", "kind": "Incident", "metadata": {"name": name},
        "spec": {"node": "node-a", "target": {"kind": "docker", "name": "web-1"}, "serviceType": "docker",
                 "failure": "container_exit"},
    }
    assert _apply(cp, incident).returncode == 0
    try:
        def patch(manager: str, status: dict) -> dict:
            cp.run_kubectl("patch", "incident", name, "--subresource=status", "--type=merge",
                           f"--field-manager={manager}", "-p", json.dumps({"status": status}))
            return json.loads(cp.run_kubectl("get", "incident", name, "-o", "json", "--show-managed-fields").stdout)

        detection = {"pattern": "container_exit", "confidence": 0.9, "occurrences": 1, "reason": "ContainerDied",
                     "evidence": {"exitCode": 1, "matchedLines": ["boom"]}}
        patch("agent", {"detection": detection, "health": {"healthy": False, "checkedAt": "2026-12-03T10:00:00Z"}})
        stored = patch("agent", {"detection": {"occurrences": 2}})
        assert stored["status"]["detection"] == {**detection, "occurrences": 2}
        assert _fields(stored, "agent") == {"f:status": {".": {}, "f:detection": {}, "f:health": {}}}

        conditions = [{"type": t, "status": "False", "reason": "Waiting", "message": "",
                       "lastTransitionTime": "2026-12-03T10:00:01Z"} for t in ("Ready", "Reconciling", "Stalled")]
        request = {"id": "abc-1", "action": "restart", "requestedAt": "2026-12-03T10:00:01Z"}
        stored = patch("operator", {"phase": "Remediating", "conditions": conditions, "request": request})
        operator = _fields(stored, "operator")["f:status"]
        assert operator["f:conditions"] == {} and operator["f:request"] == {}, operator
        assert stored["status"]["detection"]["pattern"] == "container_exit"  # the agent's block untouched
        assert _fields(stored, "agent") == {"f:status": {".": {}, "f:detection": {}, "f:health": {}}}
    finally:
        cp.run_kubectl("delete", "--ignore-not-found", "--wait=false", "incident", name, check=False)


def test_policy_spec_fields_stay_owned_field_by_field(crds_installed) -> None:
    """Two server-side appliers (a user and a GitOps tool) can each own one limit of a policy's spec."""
    cp = crds_installed
    name = "ownership-policy"
    try:
        first = _policy(name, limits={"maxConcurrent": 3})
        assert _apply(cp, first, "--server-side", "--field-manager=team-a").returncode == 0
        second = {**_policy(name), "spec": {"limits": {"maxActionsPerHour": 7}}}  # only what team-b manages
        result = _apply(cp, second, "--server-side", "--field-manager=team-b")
        assert result.returncode == 0, result.stderr
        stored = json.loads(cp.run_kubectl("get", "hpol", name, "-o", "json", "--show-managed-fields").stdout)
        assert stored["spec"]["limits"]["maxConcurrent"] == 3 and stored["spec"]["limits"]["maxActionsPerHour"] == 7
        assert "f:maxActionsPerHour" in _fields(stored, "team-b")["f:spec"]["f:limits"]
        assert "f:maxConcurrent" in _fields(stored, "team-a")["f:spec"]["f:limits"]
    finally:
        cp.run_kubectl("delete", "--ignore-not-found", "--wait=false", "hpol", name, check=False)


def test_outcome_records_are_checked_lines(crds_installed) -> None:
    """recentOutcomes holds one line per outcome; the API server refuses a line that is not one, saying the format."""
    cp = crds_installed
    name = "outcome-lines"
    assert _apply(cp, _policy(name)).returncode == 0
    try:
        def patch_status(records: list) -> object:
            return cp.run_kubectl("patch", "hpol", name, "--subresource=status", "--type=merge", "-p",
                                  json.dumps({"status": {"recentOutcomes": records}}), check=False)

        good = "2026-12-03T10:00:00.5Z ok restart container_exit 3.2 node-1/web"
        assert patch_status([good, "2026-12-03T10:00:01Z failed freePort port_conflict -"]).returncode == 0
        stored = json.loads(cp.run_kubectl("get", "hpol", name, "-o", "json").stdout)
        assert stored["status"]["recentOutcomes"][0] == good
        refused = patch_status(["2026-12-03T10:00:00Z ok reboot container_exit 3.2 node-1/web"])
        assert refused.returncode != 0 and "status.recentOutcomes[0]" in refused.stderr, refused.stderr
        assert "should match '^[0-9]{4}-" in refused.stderr, refused.stderr  # the format, from the CRD's pattern
        refused = patch_status([{"at": "2026-12-03T10:00:00Z", "pattern": "p", "action": "restart", "success": True}])
        assert refused.returncode != 0 and "recentOutcomes[0]" in refused.stderr, refused.stderr
    finally:
        cp.run_kubectl("delete", "--ignore-not-found", "--wait=false", "hpol", name, check=False)
