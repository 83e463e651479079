"""Pydantic models of the custom resources: the single source of truth for the CRDs in crds/."""

from controller.api.common import Condition, K8sModel, LabelSelector, parse_duration
from controller.api.healingpolicy import HealingPolicy, HealingPolicySpec, HealingPolicyStatus, Target
from controller.api.hostreport import HostReport, HostReportSpec, HostReportStatus
from controller.api.incident import Incident, IncidentSpec, IncidentStatus, incident_name

__all__ = [
    "Condition",
    "HealingPolicy",
    "HealingPolicySpec",
    "HealingPolicyStatus",
    "HostReport",
    "HostReportSpec",
    "HostReportStatus",
    "Incident",
    "IncidentSpec",
    "IncidentStatus",
    "K8sModel",
    "LabelSelector",
    "Target",
    "incident_name",
    "parse_duration",
]
