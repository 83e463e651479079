"""Kopf peering on the test control plane, shared by the tests that run several operator processes
(test_operator_shards.py: one peering per shard; test_operator_failover.py: two replicas of one peering)."""

from __future__ import annotations

from typing import Any

import kubernetes

from controller.devenv.controlplane import ControlPlane
from tests.integration.test_operator_lifecycle import ROOT

PEERING_CRD = ROOT / "manifests" / "crd" / "kopf.dev_clusterkopfpeerings.yaml"


def install_peering(cp: ControlPlane, *names: str) -> None:
    """Kopf's ClusterKopfPeering CRD and the named peering objects, as a deployment applies them."""
    cp.run_kubectl("apply", "-f", str(PEERING_CRD))
    cp.run_kubectl("wait", "--for=condition=Established", "crd/clusterkopfpeerings.kopf.dev", "--timeout=60s")
    for name in names:
        cp.run_kubectl("apply", "-f", "-", input=(
            f"apiVersion: kopf.dev/v1\nkind: ClusterKopfPeering\nmetadata:\n  name: {name}\n"))


def peers(api: kubernetes.client.ApiClient, name: str) -> dict[str, Any]:
    """The peering object's status: Kopf's record of each peer (identity -> priority, lifetime, lastseen)."""
    objects = kubernetes.client.CustomObjectsApi(api)
    obj = objects.get_cluster_custom_object("kopf.dev", "v1", "clusterkopfpeerings", name)
    return dict(obj.get("status") or {})
