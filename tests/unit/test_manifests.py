"""Static checks of manifests/ (no API server: tests/integration/test_manifests.py renders and applies them).

They pin down the promises docs/security.md makes: the operator is non-root with a read-only root filesystem and no
capabilities, the agent only gets the host paths it needs, the CRD copies are current, the add-ons parse.
"""

from __future__ import annotations

import configparser
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from controller.agent.hostfs import HostPathAllowList
from controller.constants import GROUP

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "manifests"


def load(relative: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all((MANIFESTS / relative).read_text()) if doc]


def one(relative: str) -> dict[str, Any]:
    (doc,) = load(relative)
    return doc


def test_crd_copies_equal_the_generated_crds() -> None:
    """kustomize cannot load ../../crds (load restrictions): manifests/crd/bases is a copy that must not drift.
    Refresh with `healing crds --write manifests/crd/bases`."""
    generated = sorted(p.name for p in (ROOT / "crds").glob("*.yaml"))
    copies = sorted(p.name for p in (MANIFESTS / "crd" / "bases").glob("*.yaml"))
    assert copies == generated
    for name in generated:
        assert (MANIFESTS / "crd" / "bases" / name).read_text() == (ROOT / "crds" / name).read_text(), (
            f"manifests/crd/bases/{name} is stale: run `healing crds --write manifests/crd/bases`"
        )
    listed = yaml.safe_load((MANIFESTS / "crd" / "kustomization.yaml").read_text())["resources"]
    assert {f"bases/{name}" for name in generated} <= set(listed)


def test_every_kustomization_lists_existing_files() -> None:
    for kustomization in MANIFESTS.rglob("kustomization.yaml"):
        for entry in yaml.safe_load(kustomization.read_text()).get("resources", []):
            assert (kustomization.parent / entry).exists(), f"{kustomization}: {entry} does not exist"


def test_namespaces_pod_security_levels() -> None:
    system = one("manager/namespace.yaml")["metadata"]
    agent = one("agent/namespace.yaml")["metadata"]
    assert (system["name"], system["labels"]["pod-security.kubernetes.io/enforce"]) == ("healing-system", "restricted")
    assert (agent["name"], agent["labels"]["pod-security.kubernetes.io/enforce"]) == ("healing-agent", "privileged")


def test_operator_deployment_is_locked_down() -> None:
    deployment = one("manager/deployment.yaml")
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    (container,) = pod["containers"]
    assert spec["replicas"] == 2
    assert "--peering=healing-operator" in container["args"]
    assert container["args"][0] == "operator"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"] == {"drop": ["ALL"]}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "healthz"}
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"metrics": 8080, "healthz": 8081}
    assert {"--metrics-port=8080", "--liveness-port=8081"} <= set(container["args"])
    assert container["resources"]["requests"] and container["resources"]["limits"]
    assert not any("hostPath" in volume for volume in pod.get("volumes", []))
    peering = one("manager/peering.yaml")
    assert (peering["apiVersion"], peering["metadata"]["name"]) == ("kopf.dev/v1", "healing-operator")


def test_agent_daemonset_mounts_only_what_it_needs() -> None:
    pod = one("agent/daemonset.yaml")["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert pod["tolerations"] == [{"operator": "Exists"}]
    assert container["env"][0] == {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}
    assert container["args"][:2] == ["agent", "--node=$(NODE_NAME)"]
    host_paths = {v["hostPath"]["path"]: v["hostPath"]["type"] for v in pod["volumes"] if "hostPath" in v}
    assert host_paths == {
        "/run/dbus/system_bus_socket": "Socket",
        "/var/run/docker.sock": "Socket",
        "/var/log": "Directory",
        "/run/log": "Directory",
        "/etc/machine-id": "File",
        "/var/lib/healing-agent": "DirectoryOrCreate",
        "/var/tmp": "Directory",
        "/var/cache": "Directory",
        "/var/lib": "Directory",
        "/run": "Directory",
    }
    mounts = {m["name"]: m for m in container["volumeMounts"]}
    for name in ("host-log", "host-run-log", "machine-id"):
        assert mounts[name]["readOnly"] is True, name
    security = container["securityContext"]
    assert security["privileged"] is False and security["allowPrivilegeEscalation"] is False
    assert security["readOnlyRootFilesystem"] is True
    assert security["capabilities"] == {
        "drop": ["ALL"], "add": ["KILL", "SYS_PTRACE", "CHOWN", "FOWNER", "DAC_OVERRIDE"]}
    assert container["resources"]["requests"] and container["resources"]["limits"]


def test_host_path_allow_list_is_the_agents_default_and_exactly_what_is_mounted_read_write() -> None:
    """The ConfigMap's roots = the agent's built-in defaults (`healing up`) = the DaemonSet's read-write hostPath
    mounts at the same paths, so a path action acts on the host's files and on nothing else."""
    config = one("agent/host_paths.yaml")
    assert config["metadata"]["namespace"] == "healing-agent"
    allow = HostPathAllowList.model_validate(yaml.safe_load(config["data"]["host-paths.yaml"]))
    assert allow == HostPathAllowList()
    pod = one("agent/daemonset.yaml")["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert "--host-paths=/etc/healing-agent/host-paths.yaml" in container["args"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["host-paths"]["configMap"]["name"] == config["metadata"]["name"]
    read_write = {
        m["mountPath"] for m in container["volumeMounts"]
        if not m.get("readOnly") and "hostPath" in volumes[m["name"]]
        and volumes[m["name"]]["hostPath"]["path"] == m["mountPath"]
        and volumes[m["name"]]["hostPath"]["type"] == "Directory"
    }
    roots = {*allow.clean_disk, *allow.fix_permissions, *allow.remove_stale_lock}
    assert read_write == roots


def test_agent_cannot_edit_policies_or_delete() -> None:
    rules = one("rbac/agent_role.yaml")["rules"]
    by_resource = {r: set(rule["verbs"]) for rule in rules for r in rule["resources"]}
    assert by_resource["healingpolicies"] == {"get", "list", "watch"}
    assert "healingpolicies/status" not in by_resource
    assert all("delete" not in verbs and "*" not in verbs for verbs in by_resource.values())


def test_operator_reads_only_the_named_token_secrets() -> None:
    cluster_rules = one("rbac/operator_role.yaml")["rules"]
    assert not any("secrets" in rule["resources"] for rule in cluster_rules)
    role = one("rbac/operator_secrets_role.yaml")
    assert role["kind"] == "Role" and role["metadata"]["namespace"] == "healing-system"
    assert role["rules"] == [
        {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"],
         "resourceNames": ["healing-github-token", "healing-advisor-token"]}
    ]
    for rule in cluster_rules:
        assert "*" not in rule["verbs"] and "*" not in rule["resources"], rule


def test_no_docker_overlay_patches_the_agent() -> None:
    kustomization = yaml.safe_load((MANIFESTS / "overlays/no-docker/kustomization.yaml").read_text())
    text = json.dumps(kustomization)
    assert "--no-docker" in text and "/var/run/docker.sock" in text


def test_shadow_overlay_forces_shadow_mode() -> None:
    kustomization = yaml.safe_load((MANIFESTS / "overlays/shadow/kustomization.yaml").read_text())
    (patch,) = kustomization["patches"]
    assert patch["target"] == {"group": GROUP, "kind": "HealingPolicy"}
    assert yaml.safe_load(patch["patch"]) == [{"op": "add", "path": "/spec/mode", "value": "Shadow"}]
    policy = one("overlays/shadow/shadow-policy.yaml")
    assert policy["spec"]["mode"] == "Shadow"


def test_systemd_unit_has_the_limits() -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string((MANIFESTS / "systemd" / "healing-up.service").read_text())
    service = parser["Service"]
    assert service["MemoryMax"] == "1G"
    assert service["CPUQuota"] == "50%"
    assert service["NoNewPrivileges"] == "yes"
    assert service["PrivateTmp"] == "yes"
    assert service["ProtectSystem"] in ("full", "strict")
    assert re.search(r"\bhealing up\b", service["ExecStart"])
    assert parser["Install"]["WantedBy"] == "multi-user.target"


def test_grafana_dashboard_queries_healing_metrics() -> None:
    dashboard = json.loads((MANIFESTS / "grafana" / "healing-dashboard.json").read_text())
    expressions = [t["expr"] for panel in dashboard["panels"] for t in panel.get("targets", [])]
    assert len(expressions) >= 8
    names = {name for expr in expressions for name in re.findall(r"\b(healing_[a-z_]+)", expr)}
    assert names and all(name.startswith("healing_") for name in names)
    assert dashboard["uid"] and dashboard["title"]


def _exported_metric_names() -> set[str]:
    """Every series name the operator and the agent can export (counters as *_total, histograms' parts)."""
    import importlib

    from prometheus_client import REGISTRY

    for module in ("controller.operator.metrics", "controller.operator.metacognition.metrics",
                   "controller.agent.metrics"):
        importlib.import_module(module)
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}
    return {family.name + suffix for family in REGISTRY.collect() if family.name.startswith("healing_")
            for suffix in suffixes.get(family.type, ("",))}


def test_grafana_dashboard_uses_only_exported_metrics() -> None:
    dashboard = json.loads((MANIFESTS / "grafana" / "healing-dashboard.json").read_text())
    used = {name for panel in dashboard["panels"] for target in panel.get("targets", [])
            for name in re.findall(r"\b(healing_[a-z_]+)", target["expr"])}
    assert used <= _exported_metric_names(), sorted(used - _exported_metric_names())


@pytest.mark.parametrize("relative", ["prometheus/monitor/servicemonitor.yaml"])
def test_servicemonitors_select_the_metrics_services(relative: str) -> None:
    services = {
        doc["metadata"]["namespace"]: doc
        for f in ("operator", "agent")
        for doc in load(f"prometheus/{f}_metrics_service.yaml")
    }
    for monitor in load(relative):
        service = services[monitor["metadata"]["namespace"]]
        assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
        assert monitor["spec"]["endpoints"][0]["port"] == service["spec"]["ports"][0]["name"]
