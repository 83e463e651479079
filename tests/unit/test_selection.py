"""The shared target resolver (controller.api.selection), tried as an attacker would: a container label naming a
unit, a unit the policy does not select, units that reboot the node, credentials in a probe URL. The operator and
the agent call the same function; the last test shows they give the same answer for what the agent reports."""

from __future__ import annotations

from typing import Any

import pytest

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import IncidentSpec
from controller.api.selection import (
    ObservedTarget,
    node_labels,
    observed_from_incident,
    probe_name,
    resolve,
    unit_refusal,
)


def policy(name: str, targets: list[dict[str, Any]], **spec: Any) -> HealingPolicy:
    return HealingPolicy.model_validate(
        {"metadata": {"name": name}, "spec": {"targets": targets, "actions": ["restart"], **spec}}
    )


WEB = policy("web", [{"kind": "docker", "match": "web-*"}])
WEB_AND_UNIT = policy("web-unit", [{"kind": "docker", "match": "web-*"}, {"kind": "systemd", "match": "web.service"}])


def test_a_container_label_never_makes_a_unit_to_act_on() -> None:
    # The image author labels the container with a unit: the label is just a label.
    observed = ObservedTarget("docker", "web-1", labels={"healing.insa.io/unit": "reboot.target"})
    res = resolve([WEB], {}, observed)
    assert res.reason == "Matched"
    assert res.selection is not None
    assert res.selection.service_type == "docker" and res.selection.unit is None


def test_a_container_run_by_a_unit_heals_through_it_only_when_the_policy_selects_the_unit() -> None:
    observed = ObservedTarget("docker", "web-1", run_by_unit="web.service")
    unselected = resolve([WEB], {}, observed)
    assert unselected.reason == "UnitNotSelected"
    assert "add {kind: systemd, match: web.service}" in unselected.message
    assert unselected.selection is not None and unselected.selection.unit is None
    selected = resolve([WEB_AND_UNIT], {}, observed)
    assert selected.reason == "Matched"
    assert selected.selection is not None
    assert (selected.selection.service_type, selected.selection.unit) == ("hybrid", "web.service")


@pytest.mark.parametrize(
    "unit",
    ["reboot.target", "poweroff.target", "multi-user.target", "systemd-reboot.service", "systemd-poweroff.service",
     "systemd-suspend-then-hibernate.service", "emergency.service", "rescue.service", "debug-shell.service",
     "-.slice", "dev-sda.device", "home.mount"],
)
def test_units_that_stop_the_machine_are_never_acted_on_whatever_the_policy_says(unit: str) -> None:
    assert unit_refusal(unit) is not None
    everything = policy("everything", [{"kind": "systemd", "match": "*"}])
    res = resolve([everything], {}, ObservedTarget("systemd", unit))
    assert res.reason == "UnitNotActionable"
    assert res.selection is not None and res.selection.unit is None
    # nor through a probe target that names it
    probe = policy("probe", [{"kind": "port", "port": 22, "unit": "reboot.target"}])
    assert resolve([probe], {}, ObservedTarget("port", "22")).reason == "UnitNotActionable"


@pytest.mark.parametrize("unit", ["nginx.service", "kubelet.service", "containerd.service", "docker.socket",
                                  "systemd-journald.service", "getty@tty1.service"])
def test_ordinary_services_and_sockets_are_actionable(unit: str) -> None:
    assert unit_refusal(unit) is None


def test_label_filter_only_narrows_a_name_match() -> None:
    labelled = policy("labelled", [{"kind": "docker", "match": "*", "labels": {"team": "web"}}])
    assert resolve([labelled], {}, ObservedTarget("docker", "db-1", labels={"team": "db"})).reason == "NoPolicy"
    assert resolve([labelled], {}, ObservedTarget("docker", "db-1", labels={"team": "web"})).reason == "Matched"
    # a label can never select a container whose name the policy does not match
    named = policy("named", [{"kind": "docker", "match": "web-*", "labels": {"team": "web"}}])
    assert resolve([named], {}, ObservedTarget("docker", "db-1", labels={"team": "web"})).reason == "NoPolicy"


def test_a_docker_target_does_not_select_a_unit_and_a_systemd_target_does_not_select_a_container() -> None:
    units = policy("units", [{"kind": "systemd", "match": "web*"}])
    assert resolve([units], {}, ObservedTarget("docker", "web-1", run_by_unit="web.service")).reason == "NoPolicy"
    assert resolve([WEB], {}, ObservedTarget("systemd", "web-1.service", runs_container="web-1")).reason == "NoPolicy"


def test_probe_urls_are_named_without_their_credentials() -> None:
    url = "http://admin:s3cr3t@127.0.0.1:8080/healthz"
    http = policy("http", [{"kind": "http", "url": url, "unit": "web.service"}])
    name = probe_name(http.spec.targets[0])
    assert "s3cr3t" not in name and name == "http://admin:***@127.0.0.1:8080/healthz"
    res = resolve([http], {}, ObservedTarget("http", name))
    assert res.reason == "Matched" and res.selection is not None and res.selection.unit == "web.service"


def test_most_specific_then_selector_terms_then_name() -> None:
    glob = policy("a-glob", [{"kind": "docker", "match": "web-*"}])
    exact = policy("z-exact", [{"kind": "docker", "match": "web-1"}])
    labelled = policy("m-labelled", [{"kind": "docker", "match": "web-*"}], nodeSelector={"matchLabels": {"r": "w"}})
    res = resolve([glob, exact, labelled], {"r": "w"}, ObservedTarget("docker", "web-1"))
    assert res.policy is exact and res.reason == "AmbiguousPolicy" and res.others == ("m-labelled", "a-glob")
    assert resolve([glob], {}, ObservedTarget("docker", "web-1"), named="other").reason == "NoPolicy"


def test_operator_and_agent_agree_on_what_the_agent_reported() -> None:
    """The operator sees the target through the Incident the agent wrote; the agent sees it live."""
    cases = [
        (ObservedTarget("docker", "web-1", run_by_unit="web.service"), "hybrid", "web.service", "web-1"),
        (ObservedTarget("docker", "web-2"), "docker", None, "web-2"),
        (ObservedTarget("systemd", "web.service", runs_container="web-1"), "hybrid", "web.service", "web-1"),
    ]
    for observed, service_type, unit, container in cases:
        live = resolve([WEB_AND_UNIT], {}, observed)
        assert live.selection is not None
        spec = IncidentSpec.model_validate({
            "node": "n1", "serviceType": live.selection.service_type, "failure": "process_crash",
            "target": {"kind": observed.kind, "name": observed.name, "unit": unit, "container": container},
        })
        seen = resolve([WEB_AND_UNIT], node_labels("n1", {}), observed_from_incident(spec))
        assert seen.selection is not None
        assert (seen.reason, seen.policy, seen.selection.service_type, seen.selection.unit) == (
            live.reason, live.policy, service_type, unit)


# --- pod targets ------------------------------------------------------------------------------------------------

SHOP_WEB = policy("shop-web", [{"kind": "pod", "namespace": "shop", "selector": {"matchLabels": {"app": "web"}}}],
                  nodeSelector={"matchLabels": {"role": "web"}})
SHOP_ALL = policy("shop-all", [{"kind": "pod", "namespace": "shop", "selector": {}}])


def test_pod_targets_select_by_namespace_and_labels_wherever_the_pod_runs() -> None:
    web = ObservedTarget("pod", "shop/deployment/web", labels={"app": "web", "pod-template-hash": "5d8f"})
    # the nodeSelector (role=web) does not apply to pods: a workload's pods run on many nodes
    res = resolve([SHOP_WEB], {"role": "db"}, web, node="node-b")
    assert res.reason == "Matched" and res.policy is SHOP_WEB
    assert res.selection is not None and res.selection.service_type == "pod"
    assert (res.selection.unit, res.selection.container) == (None, None)
    assert resolve([SHOP_WEB], {}, ObservedTarget("pod", "shop/deployment/db", labels={"app": "db"})).reason == (
        "NoPolicy")
    assert resolve([SHOP_WEB], {}, ObservedTarget("pod", "other/deployment/web", labels={"app": "web"})).reason == (
        "NoPolicy")


def test_a_more_specific_pod_selector_wins_and_unseen_labels_select_nothing() -> None:
    web = ObservedTarget("pod", "shop/deployment/web", labels={"app": "web"})
    res = resolve([SHOP_ALL, SHOP_WEB], {}, web)
    assert res.policy is SHOP_WEB and res.reason == "AmbiguousPolicy" and res.others == ("shop-all",)
    # a pod whose labels were not seen is selected by no selector, not even the empty one
    assert resolve([SHOP_ALL], {}, ObservedTarget("pod", "shop/deployment/web")).reason == "NoPolicy"


def test_pod_targets_never_select_containers_or_units_and_back() -> None:
    assert resolve([SHOP_ALL], {}, ObservedTarget("docker", "shop", labels={})).reason == "NoPolicy"
    assert resolve([WEB], {}, ObservedTarget("pod", "shop/deployment/web-1", labels={})).reason == "NoPolicy"


def test_the_operator_resolves_a_pod_incident_like_the_pod_watcher() -> None:
    spec = IncidentSpec.model_validate({
        "node": "node-a", "serviceType": "pod", "failure": "process_crash",
        "target": {"kind": "pod", "name": "shop/deployment/web", "labels": {"app": "web"}},
    })
    seen = resolve([SHOP_ALL, SHOP_WEB], {"role": "db"}, ObservedTarget("pod", "shop/deployment/web",
                                                                        labels={"app": "web"}))
    decided = resolve([SHOP_ALL, SHOP_WEB], node_labels("node-a", {"node-a": {"role": "db"}}),
                      observed_from_incident(spec), node="node-a")
    assert seen.policy is decided.policy is SHOP_WEB
    assert (seen.reason, seen.message) == (decided.reason, decided.message)
