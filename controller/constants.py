"""Names that are part of the product contract (see SPEC section 2). Change nothing here lightly."""

from typing import Literal, get_args

GROUP = "healing.insa.io"
VERSION = "v1alpha1"
API_VERSION = f"{GROUP}/{VERSION}"
CATEGORY = "healing"

POLICY_KIND, POLICY_PLURAL, POLICY_SHORT = "HealingPolicy", "healingpolicies", "hpol"
INCIDENT_KIND, INCIDENT_PLURAL, INCIDENT_SHORT = "Incident", "incidents", "inc"
HOSTREPORT_KIND, HOSTREPORT_PLURAL, HOSTREPORT_SHORT = "HostReport", "hostreports", "hrep"

NODE_LABEL = f"{GROUP}/node"
APPROVE_ANNOTATION = f"{GROUP}/approve"
POLICY_LABEL = f"{GROUP}/policy"
PAUSE_ANNOTATION = f"{GROUP}/pause-until"  # on a Node: no healing there until this RFC 3339 time
# On a token Secret: the one API URL its token may be sent to (absent: the public GitHub API only).
SECRET_API_URL_ANNOTATION = f"{GROUP}/github-api-url"
PUBLIC_GITHUB_API = "https://api.github.com"
# On an advisor token Secret: the one advisor URL its token may be sent to (absent: none).
SECRET_ADVISOR_URL_ANNOTATION = f"{GROUP}/advisor-url"
FINALIZER = f"{GROUP}/finalizer"
# On an Incident: the kind of its target. `pod` incidents are the operator's (it watches pods and acts on them);
# agents never receive them (their watch excludes the label) and never act on them (they check spec.target.kind).
TARGET_KIND_LABEL = f"{GROUP}/target-kind"

# The closed set of remediation actions (SPEC section 7). Nothing outside it is ever run.
Action = Literal[
    "restart",
    "start",
    "resetFailed",
    "restartDependencies",
    "freePort",
    "cleanDisk",
    "removeStaleLock",
    "fixPermissions",
    "recreateContainer",
    "evictPod",
    "rolloutRestart",
    "escalate",
]
ACTIONS: tuple[str, ...] = get_args(Action)
# The workload actions of `pod` targets: carried out by the operator through the API server, never by an agent.
WORKLOAD_ACTIONS: tuple[str, ...] = ("evictPod", "rolloutRestart")

# Pattern ids of the built-in library (SPEC section 4).
PATTERN_IDS = (
    "port_conflict",
    "connection_refused",
    "permission_denied",
    "database_lock",
    "out_of_memory",
    "disk_full",
    "network_timeout",
    "process_crash",
    "config_error",
    "dependency_missing",
    "service_dependency",
    "container_exit",
    "health_check_failure",
    "resource_exhaustion",
)

ServiceType = Literal["systemd", "docker", "hybrid", "pod"]
SERVICE_TYPES: tuple[str, ...] = get_args(ServiceType)
