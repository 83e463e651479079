"""The workload a pod belongs to, as an Incident names it: `<namespace>/<kind>/<name>`, e.g. `shop/deployment/web`.

A pod's workload is its controller: a Deployment (through its ReplicaSet), a StatefulSet or a DaemonSet; a pod no
controller owns is its own workload (`shop/pod/debug`). One Incident per workload and failure, whichever of its pods
failed. The text form is the Incident's target name (the TARGET column), so it is parsed strictly: it comes back
from an object anyone who may write Incidents could have written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

WorkloadKind = Literal["deployment", "statefulset", "daemonset", "pod"]
WORKLOAD_KINDS: dict[str, WorkloadKind] = {
    "Deployment": "deployment", "StatefulSet": "statefulset", "DaemonSet": "daemonset", "Pod": "pod",
}
# the REST path of each kind under /apis/apps/v1 (pods: /api/v1)
_PLURAL = {"deployment": "deployments", "statefulset": "statefulsets", "daemonset": "daemonsets", "pod": "pods"}
_DNS_LABEL = r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"
_DNS_SUBDOMAIN = r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?"
_REF = re.compile(rf"^(?P<ns>{_DNS_LABEL})/(?P<kind>deployment|statefulset|daemonset|pod)/(?P<name>{_DNS_SUBDOMAIN})$")


@dataclass(frozen=True)
class WorkloadRef:
    namespace: str
    kind: WorkloadKind
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.kind}/{self.name}"

    @classmethod
    def parse(cls, text: str) -> WorkloadRef:
        """Raises ValueError saying what a workload name looks like."""
        found = _REF.fullmatch(text)
        if found is None:
            raise ValueError(
                f"{text!r} is not a workload: expected <namespace>/<deployment|statefulset|daemonset|pod>/<name>"
            )
        return cls(found["ns"], found["kind"], found["name"])  # type: ignore[arg-type]

    @property
    def path(self) -> str:
        """The object's REST path."""
        group = "/api/v1" if self.kind == "pod" else "/apis/apps/v1"
        return f"{group}/namespaces/{self.namespace}/{_PLURAL[self.kind]}/{self.name}"

    @property
    def display_kind(self) -> str:
        return next(k for k, v in WORKLOAD_KINDS.items() if v == self.kind)
