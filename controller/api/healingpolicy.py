"""HealingPolicy: what to watch on which nodes, which actions are allowed, and how careful to be.

The spec is written by users (kubectl, GitOps); the status is written by the operator only.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote, unquote

from pydantic import ConfigDict, Field, GetJsonSchemaHandler, model_serializer, model_validator

from controller.api.common import (
    ATOMIC_LIST,
    ATOMIC_MAP,
    Condition,
    K8sModel,
    LabelSelector,
    ObjectMeta,
    aware,
    cel,
    duration_field,
    parse_duration,
)
from controller.api.hostpaths import MODE_RULES, CleanDiskPath, LockPath, PermissionPath
from controller.constants import ACTIONS, API_VERSION, POLICY_KIND, Action, ServiceType

Mode = Literal["Auto", "Approve", "Shadow"]
TargetKind = Literal["docker", "systemd", "port", "http", "disk", "memory", "pod"]
# The kubelet's own node conditions: a policy never names one of these as its nodeCondition.
KUBELET_CONDITIONS = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable")


class Target(K8sModel):
    """Something to watch on the selected nodes."""

    kind: TargetKind = Field(
        description="docker (containers by name glob), systemd (units by name glob), port (a TCP port that must be "
        "listening), http (a health URL), disk (a filesystem path), memory (host memory pressure), pod (the "
        "workloads of the pods a label selector selects in one namespace)."
    )
    match: str | None = Field(
        default=None,
        min_length=1,
        max_length=253,
        description="Glob on the container or unit name (docker, systemd), e.g. web-* or nginx.service.",
    )
    labels: dict[str, str] = Field(
        default_factory=dict, description="docker only: container labels that must all be present."
    )
    port: int | None = Field(default=None, ge=1, le=65535, description="port only: the TCP port.")
    url: str | None = Field(
        default=None, max_length=2048, description="http only: URL that must answer 2xx/3xx."
    )
    path: str | None = Field(default=None, max_length=4096, description="disk only: a path on the filesystem.")
    unit: str | None = Field(
        default=None,
        max_length=253,
        description="port/http/disk: the systemd unit that serves it (what to heal when the probe fails).",
    )
    container: str | None = Field(
        default=None, max_length=253, description="port/http: the container that serves it."
    )
    threshold_percent: int | None = Field(
        default=None, ge=1, le=100, description="disk/memory: used percentage at or above which it is unhealthy."
    )
    interval: str = duration_field("10s", "probe interval for port, http, disk and memory targets.")
    timeout: str = duration_field("2s", "probe timeout for port and http targets.")
    namespace: str | None = Field(
        default=None,
        max_length=63,
        description="pod only: the namespace of the pods.",
        json_schema_extra={"x-kubernetes-validations": [
            cel("self.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')", "namespace must be a namespace name such as shop")]},
    )
    selector: LabelSelector | None = Field(
        default=None,
        description="pod only: the pods' labels ({} selects every pod of the namespace). Each failing pod is "
        "healed through its workload: its Deployment, StatefulSet or DaemonSet, or the pod itself.",
    )
    unready_after: str = duration_field(
        "1m", "pod only: a running container that is not Ready for this long is failing its readiness probe."
    )
    node_condition: str | None = Field(
        default=None,
        max_length=63,
        description="systemd only: a node condition type (e.g. HealingKubeletUnhealthy) set True on the Node while "
        "this unit's circuit is open on it, so that NodeHealthCheck or MachineHealthCheck can remediate the node.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel(
                    "!(self.kind in ['docker', 'systemd']) || has(self.match)",
                    "docker and systemd targets need 'match' (a name or glob such as web-* or nginx.service)",
                ),
                cel("self.kind != 'port' || has(self.port)", "port targets need 'port' (1-65535)"),
                cel(
                    "self.kind != 'http' || (has(self.url) && self.url.matches('^https?://'))",
                    "http targets need 'url' starting with http:// or https://",
                ),
                cel("self.kind != 'disk' || has(self.path)", "disk targets need 'path' (a mount point or directory)"),
                cel(
                    "self.kind == 'docker' || !has(self.labels) || size(self.labels) == 0",
                    "'labels' only applies to docker targets",
                ),
                cel(
                    "!has(self.unit) || self.unit.matches('^[A-Za-z0-9:_.@-]+[.](service|socket|mount|timer|target)$')",
                    "'unit' must be a systemd unit name such as nginx.service",
                ),
                cel(
                    "self.kind != 'pod' || (has(self.namespace) && has(self.selector))",
                    "pod targets need 'namespace' (where the pods run) and 'selector' (their labels; {} selects every "
                    "pod of the namespace)",
                ),
                cel(
                    "self.kind == 'pod' || (!has(self.namespace) && !has(self.selector))",
                    "'namespace' and 'selector' only apply to pod targets",
                ),
                cel(
                    "self.kind != 'pod' || (!has(self.match) && !has(self.unit) && !has(self.container) && "
                    "!has(self.port) && !has(self.url) && !has(self.path) && !has(self.thresholdPercent))",
                    "pod targets select by 'namespace' and 'selector' only (no match, unit, container, port, url, "
                    "path or thresholdPercent)",
                ),
                cel(
                    "!has(self.nodeCondition) || self.kind == 'systemd'",
                    "'nodeCondition' only applies to systemd targets (node components such as kubelet.service)",
                ),
                cel(
                    "!has(self.nodeCondition) || (self.nodeCondition.matches('^[A-Z][A-Za-z0-9]*$') && "
                    f"!(self.nodeCondition in {list(KUBELET_CONDITIONS)}))",
                    "nodeCondition must be a CamelCase condition type of your own, e.g. HealingKubeletUnhealthy; the "
                    "kubelet's own conditions (" + ", ".join(KUBELET_CONDITIONS) + ") are never written",
                ),
            ]
        }
    )

    @property
    def display(self) -> str:
        if self.kind == "pod":
            return f"{self.namespace}/pods"
        return self.match or self.unit or self.url or (str(self.port) if self.port else None) or self.path or self.kind


class VerifySpec(K8sModel):
    """How a fix is verified before an incident counts as Resolved."""

    after: str = duration_field("10s", "Wait this long after the action before checking health.")
    healthy_for: str = duration_field("30s", "The target must then stay healthy this long.")
    timeout: str = duration_field("5m", "Give up verifying (attempt failed) after this long.")


class BackoffSpec(K8sModel):
    """Per-target cooldown between remediation attempts, growing exponentially like CrashLoopBackOff."""

    initial: str = duration_field("10s", "First cooldown.")
    factor: float = Field(default=2.0, ge=1.0, le=10.0, description="Growth factor of the cooldown (1-10).")
    max: str = duration_field("10m", "Longest cooldown.")
    reset_after: str = duration_field(
        "10m", "A target healthy for this long starts again from the initial cooldown."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel(
                    "duration(self.max) >= duration(self.initial)",
                    "backoff.max must be at least backoff.initial",
                )
            ]
        }
    )


class LimitsSpec(K8sModel):
    """Guards against remediation storms."""

    max_concurrent: int = Field(
        default=2, ge=1, le=1000, description="Actions in flight at once under this policy."
    )
    max_actions_per_hour: int = Field(
        default=30, ge=1, le=100000, description="Actions requested per rolling hour under this policy."
    )
    max_unhealthy_percent: int = Field(
        default=40,
        ge=1,
        le=100,
        description="Blast-radius breaker: stop acting when more than this percentage of matched nodes have "
        "active incidents.",
    )


class StuckSpec(K8sModel):
    """When the operator considers itself stuck: it stops acting automatically and escalates."""

    consecutive_failures: int = Field(default=10, ge=1, le=10000)
    min_success_rate: float = Field(default=0.1, ge=0.0, le=1.0)
    window: str = duration_field("1h", "Sliding window for the success rate.")
    min_attempts: int = Field(
        default=5, ge=1, le=10000, description="Attempts in the window before the success rate counts."
    )
    half_open_after: str = duration_field(
        "15m", "After this long an open circuit lets one remediation through (half-open)."
    )


class UserPattern(K8sModel):
    """A failure pattern of your own, matched in addition to the built-in library."""

    id: str = Field(
        min_length=1,
        max_length=63,
        description="Identifier, lower_snake_case, shown as the incident's PATTERN.",
        json_schema_extra={
            "x-kubernetes-validations": [
                cel("self.matches('^[a-z][a-z0-9_]*$')", "pattern id must be lower_snake_case, e.g. my_app_crash")
            ]
        },
    )
    regex: str = Field(
        min_length=1,
        max_length=4096,
        description="Regular expression (Hyperscan/PCRE subset, no backreferences) matched against log lines.",
    )
    actions: list[Action] = Field(
        default_factory=list, max_length=len(ACTIONS), description="Candidate actions in order of preference."
    )
    confidence: float = Field(default=0.8, ge=0.0, le=1.0, description="How sure a match is.")
    description: str | None = Field(default=None, max_length=1024)


class SecretKeyRef(K8sModel):
    namespace: str = Field(min_length=1, max_length=63)
    name: str = Field(min_length=1, max_length=253)
    key: str = Field(default="token", min_length=1, max_length=253)


class GitHubEscalation(K8sModel):
    repository: str = Field(
        max_length=200,
        description="owner/name of the repository that receives issues.",
        json_schema_extra={
            "x-kubernetes-validations": [
                cel("self.matches('^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$')", "repository must look like owner/name")
            ]
        },
    )
    token_secret_ref: SecretKeyRef
    labels: list[str] = Field(default_factory=lambda: ["healing"], max_length=20)
    api_url: str = Field(default="", max_length=2048, description="GitHub Enterprise API URL; empty for github.com.")


class UrlEndpoint(K8sModel):
    url: str = Field(default="", max_length=2048)

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel("self.url == '' || self.url.matches('^https?://')", "url must start with http:// or https://")
            ]
        }
    )


AdvisorProtocol = Literal["Simple", "OpenAI"]


class AdvisorEndpoint(K8sModel):
    """A diagnosis service asked about failures no pattern matches (docs/escalation.md, The advisor). Its answer
    is a suggestion on the Incident that waits for a human's approval, never an action."""

    url: str = Field(
        default="",
        max_length=2048,
        description="Simple: the URL the JSON request is POSTed to. OpenAI: the API base (e.g. "
        "https://gateway.example.com/v1); the operator POSTs to <url>/chat/completions. Empty: no advisor.",
    )
    protocol: AdvisorProtocol = Field(
        default="Simple",
        description="Simple: POST {signature, lines} -> {pattern, action, rationale}. OpenAI: an OpenAI-compatible "
        "chat-completions API (model, messages, JSON response format).",
    )
    model: str | None = Field(
        default=None, min_length=1, max_length=256, description="OpenAI only (required there): the model to ask."
    )
    token_secret_ref: SecretKeyRef | None = Field(
        default=None,
        description="A bearer token for the service. Sent only to the URL the Secret's annotation "
        "healing.insa.io/advisor-url names (docs/security.md).",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel("self.url == '' || self.url.matches('^https?://')", "url must start with http:// or https://"),
                cel(
                    "self.protocol == 'OpenAI' || !has(self.model)",
                    "model only applies to protocol OpenAI; remove it or set protocol: OpenAI",
                ),
                cel(
                    "self.protocol != 'OpenAI' || has(self.model)",
                    "protocol OpenAI needs model (the name the gateway serves, e.g. gpt-4o-mini)",
                ),
                cel(
                    "self.protocol != 'OpenAI' || !self.url.endsWith('/chat/completions')",
                    "with protocol OpenAI, url is the API base (e.g. https://gateway.example.com/v1): the operator "
                    "appends /chat/completions",
                ),
            ]
        }
    )


class EscalationSpec(K8sModel):
    github: GitHubEscalation | None = None
    webhook: UrlEndpoint | None = None
    advisor: AdvisorEndpoint | None = Field(
        default=None, description="Optional diagnosis service asked about failures no pattern matches."
    )


class PathPermission(K8sModel):
    path: PermissionPath
    owner: str | None = Field(
        default=None,
        max_length=64,
        description="User name or numeric uid (names are looked up in the agent's /etc/passwd: prefer numbers).",
        json_schema_extra={
            "x-kubernetes-validations": [
                cel("self.matches('^[a-z_][a-z0-9_-]*[$]?$|^[0-9]+$')", "owner must be a user name or a numeric uid")
            ]
        },
    )
    group: str | None = Field(
        default=None,
        max_length=64,
        description="Group name or numeric gid.",
        json_schema_extra={
            "x-kubernetes-validations": [
                cel("self.matches('^[a-z_][a-z0-9_-]*[$]?$|^[0-9]+$')", "group must be a group name or a numeric gid")
            ]
        },
    )
    mode: str | None = Field(
        default=None,
        max_length=4,
        description="Octal mode, e.g. 0640; never world-writable, setuid or setgid.",
        json_schema_extra={"x-kubernetes-validations": MODE_RULES},
    )


class CleanDiskOptions(K8sModel):
    paths: list[CleanDiskPath] = Field(
        default_factory=list, max_length=16, description="Directories whose old files may go."
    )
    older_than: str = duration_field("168h", "Only files older than this are removed.")
    journal_vacuum_size: str = Field(default="", max_length=16, description="journalctl --vacuum-size, e.g. 500M.")
    docker_prune: bool = Field(default=False, description="Prune stopped containers and dangling images.")


class ActionOptions(K8sModel):
    """Limits for the invasive actions: they only touch what is listed here, narrowed again on each node by the
    agent's own allow-list (controller/api/hostpaths.py has the rules)."""

    free_port_kill_foreign: bool = Field(
        default=False,
        description="freePort may kill a process that is not a stale instance of the same service.",
    )
    clean_disk: CleanDiskOptions = Field(default_factory=CleanDiskOptions)
    fix_permissions: list[PathPermission] = Field(default_factory=list, max_length=16)
    lock_paths: list[LockPath] = Field(
        default_factory=list, max_length=16, description="Lock files removeStaleLock may delete."
    )


Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class MaintenanceWindow(K8sModel):
    """A weekly window in which automatic actions may (Allow) or may not (Deny) run."""

    mode: Literal["Allow", "Deny"] = Field(
        default="Deny",
        description="Deny: no automatic action inside the window. Allow: automatic actions only inside Allow windows.",
    )
    days: list[Weekday] = Field(
        default_factory=list, max_length=7, description="Weekdays it starts on; empty: every day."
    )
    start: str = Field(
        max_length=5,
        description="Local start time, HH:MM (24 h).",
        json_schema_extra={"x-kubernetes-validations": [
            cel("self.matches('^([01][0-9]|2[0-3]):[0-5][0-9]$')", "start must be HH:MM, e.g. 02:00")]},
    )
    end: str = Field(
        max_length=5,
        description="Local end time, HH:MM; before start: the window runs past midnight; equal to start: all day.",
        json_schema_extra={"x-kubernetes-validations": [
            cel("self.matches('^([01][0-9]|2[0-3]):[0-5][0-9]$')", "end must be HH:MM, e.g. 04:30")]},
    )
    time_zone: str = Field(default="UTC", max_length=64, description="IANA time zone, e.g. Europe/Berlin.")

    def describe(self) -> str:
        return f"{','.join(self.days) or 'daily'} {self.start}-{self.end} {self.time_zone}"


class RetentionSpec(K8sModel):
    resolved: str = duration_field("24h", "Delete Resolved incidents this long after they resolved.")


class HealingPolicySpec(K8sModel):
    """What to watch on which nodes, and how to heal it."""

    node_selector: LabelSelector = Field(
        default_factory=LabelSelector, description="Node labels; empty selects every node."
    )
    targets: list[Target] = Field(min_length=1, max_length=100, description="What to watch on those nodes.")
    mode: Mode = Field(
        default="Auto",
        description="Auto acts when confident; Approve waits for healing.insa.io/approve on the Incident; "
        "Shadow records what it would do and does nothing.",
    )
    actions: list[Action] = Field(
        default_factory=lambda: ["restart"],
        min_length=1,
        max_length=len(ACTIONS),  # a set of the closed action set: every action at most once
        description="Allowed actions, least invasive first.",
        json_schema_extra={"x-kubernetes-list-type": "set"},
    )
    confidence_threshold: float = Field(
        default=0.7, ge=0.0, le=1.0, description="Below this learned confidence an action waits for approval."
    )
    require_corroboration: bool = Field(
        default=False,
        description="true: an action for a pattern the agent's line model does not corroborate (detection.corroborated "
        "false: the rules matched, a model trained on the labelled corpus reads the lines otherwise) waits for "
        "approval, as below confidenceThreshold. For fleets running software the pattern library was not tuned on.",
    )
    verify: VerifySpec = Field(default_factory=VerifySpec)
    backoff: BackoffSpec = Field(default_factory=BackoffSpec)
    limits: LimitsSpec = Field(default_factory=LimitsSpec)
    stuck: StuckSpec = Field(default_factory=StuckSpec)
    patterns: list[UserPattern] = Field(default_factory=list, max_length=100)
    escalation: EscalationSpec = Field(default_factory=EscalationSpec)
    action_options: ActionOptions = Field(default_factory=ActionOptions)
    retention: RetentionSpec = Field(default_factory=RetentionSpec)
    suspend: bool = Field(
        default=False, description="Flux convention: true decides nothing automatically until set back to false."
    )
    maintenance_windows: list[MaintenanceWindow] = Field(
        default_factory=list, max_length=20, description="When automatic actions may (Allow) or may not (Deny) run."
    )
    heal_cordoned_nodes: bool = Field(
        default=False, description="A cordoned node is under maintenance (no action) unless this is true."
    )
    ignore_failures_older_than: str = duration_field(
        "6h",
        "A failure the agent finds when it starts or reconnects (a container that exited, a unit that failed while "
        "nobody watched) is reported only if it happened within this long; older ones are history, not emergencies.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel(
                    "!has(self.patterns) || "
                    "self.patterns.all(p, !has(p.actions) || p.actions.all(a, a in self.actions))",
                    "every action of spec.patterns[].actions must also be listed in spec.actions",
                ),
                cel(
                    "duration(self.verify.timeout) >= duration(self.verify.after) + duration(self.verify.healthyFor)",
                    "verify.timeout must be at least verify.after + verify.healthyFor",
                ),
            ]
        }
    )

    def verify_seconds(self) -> tuple[float, float, float]:
        return (
            parse_duration(self.verify.after),
            parse_duration(self.verify.healthy_for),
            parse_duration(self.verify.timeout),
        )


class PolicyStats(K8sModel):
    attempts: int = 0
    successes: int = 0
    failures: int = 0
    success_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    consecutive_failures: int = 0
    mttr_seconds: float | None = None
    resolved_total: int = 0
    escalated_total: int = 0
    self_recovered_total: int = Field(default=0, description="Incidents whose target came back with no action.")
    window_attempts: int = 0
    window_successes: int = 0
    window_success_rate: float | None = None


class LearningEntry(K8sModel):
    """Learned confidence for one (pattern, service type, action): a Beta posterior mean (docs/learning.md)."""

    pattern: str
    service_type: ServiceType
    action: Action
    successes: int = 0
    failures: int = 0
    confidence: float = Field(ge=0.0, le=1.0)
    last_updated: datetime | None = None


class CircuitState(K8sModel):
    """An open circuit stops automatic remediation for a scope (the policy, a pattern or a target)."""

    scope: str = Field(description="'policy', 'pattern:<id>' or 'target:<node>/<target>'.")
    state: Literal["Closed", "Open", "HalfOpen"]
    reason: str = ""
    message: str = ""
    opened_at: datetime | None = None
    retry_at: datetime | None = None
    escalated: bool = False


class UnknownSignature(K8sModel):
    """A failure no pattern matched, seen repeatedly: a candidate for spec.patterns."""

    signature: str
    example: str = Field(default="", max_length=2048)
    count: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    suggested_action: Action | None = Field(
        default=None, description="The advisor's suggestion (an action of the closed set), approval required."
    )
    advised_at: datetime | None = Field(default=None, description="When the advisor last answered about it.")
    rationale: str = Field(default="", max_length=1000, description="The advisor's reason for its suggestion.")
    advice_rejected: str | None = Field(
        default=None, max_length=1000, description="Why the advisor's answer was not usable (action outside the "
        "closed set or spec.actions, malformed reply)."
    )


# One outcome record on the wire: "<at> ok|failed <action> <pattern> <seconds>|- [<node>/<target>]", the pattern and
# target percent-encoded where they hold a space or a "%" (they never do when an agent wrote them).
OUTCOME_RECORD_REGEX = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z (ok|failed) "
    f"({'|'.join(ACTIONS)}) "
    r"[^ ]+ ([0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|-)( [^ ]+)?$"
)


class OutcomeRecord(K8sModel):
    """One verified outcome, kept in a bounded window so success rates can be computed over time.

    Stored as one line of text, not an object: a policy holds up to 500 of them and every policy write sends them all
    to the API server, which decodes, validates and stores each object field by field (an object record cost 162
    bytes of JSON and seven nodes to walk; the line about half the bytes and one node). docs/learning.md shows one.
    """

    at: datetime
    pattern: str
    action: Action
    success: bool
    seconds: float | None = None
    target: str | None = Field(default=None, description="'<node>/<target>', for per-target circuits.")

    @model_validator(mode="before")
    @classmethod
    def _from_line(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value  # an object (as written before records were lines), or the model's own fields
        fields = value.split(" ")
        if len(fields) not in (5, 6) or fields[1] not in ("ok", "failed"):
            raise ValueError(f"an outcome record is '<at> ok|failed <action> <pattern> <seconds>|- [<target>]', "
                             f"not {value[:200]!r}")
        return {
            "at": fields[0],
            "success": fields[1] == "ok",
            "action": fields[2],
            "pattern": _decode(fields[3]),
            "seconds": None if fields[4] == "-" else fields[4],
            "target": _decode(fields[5]) if len(fields) == 6 else None,
        }

    @model_serializer(mode="plain")
    def _to_line(self) -> str:
        parts = [
            aware(self.at).astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "ok" if self.success else "failed",
            self.action,
            _encode(self.pattern),
            repr(float(self.seconds)) if self.seconds is not None and 0 <= self.seconds < math.inf else "-",
        ]
        if self.target is not None:
            parts.append(_encode(self.target))
        return " ".join(parts)

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {
            "type": "string",
            "maxLength": 2048,
            "pattern": OUTCOME_RECORD_REGEX,
            "description": "'<at> ok|failed <action> <pattern> <seconds>|- [<node>/<target>]', e.g. "
            "'2026-12-03T10:00:00.5Z ok restart container_exit 3.2 node-1/web'.",
        }


# everything printable but the space (the separator) and "%" (the escape) stays as it is
_UNQUOTED = "".join(chr(c) for c in range(33, 127) if chr(c) != "%")


def _encode(text: str) -> str:
    """A field of an outcome line: never empty, never containing a space; "-" stands for the empty string."""
    return "-" if text == "" else "%2D" if text == "-" else quote(text, safe=_UNQUOTED)


def _decode(field: str) -> str:
    return "" if field == "-" else unquote(field)


class SelfRecoveryEntry(K8sModel):
    """A target that came back with no action, per pattern and target: how often, and how fast."""

    pattern: str
    target: str = Field(description="'<node>/<target>'.")
    count: int = 0
    last_at: datetime | None = None
    median_seconds: float | None = None
    recent_seconds: list[float] = Field(default_factory=list, max_length=20)


class ShadowStats(K8sModel):
    """Shadow mode scoring itself: what it would have done, and how often the target recovered alone."""

    would_have_acted: int = 0
    recovered_alone: int = 0
    median_seconds_to_recovery: float | None = None
    recent_recovery_seconds: list[float] = Field(default_factory=list, max_length=100)


class AdvisorAnswer(K8sModel):
    """What the advisor answered about one signature: reused, not asked again, until it is 24 h old."""

    signature: str = Field(max_length=128)
    action: Action | None = Field(default=None, description="The suggestion, if the policy allows it.")
    rationale: str = Field(default="", max_length=300)
    rejected: str | None = Field(default=None, max_length=300, description="Why the answer is not offered.")
    at: datetime


class AdvisorStatus(K8sModel):
    """The diagnosis service's budget and cooldown, kept here so a restarted operator honours them."""

    calls_made: int = 0
    calls_avoided: int = Field(
        default=0, description="Failures of this policy the advisor was not asked about: the sum of the skips below."
    )
    cache_hits: int = Field(
        default=0, description="Answered from `answers`, or by a call in flight for the same signature."
    )
    cooldown_skips: int = 0
    rate_limited_skips: int = 0
    known_pattern_skips: int = 0
    suggestions_rejected: int = Field(
        default=0, description="Answers not offered: an action outside the closed set or spec.actions, a bad reply."
    )
    failures: int = Field(default=0, description="Consecutive failed calls; drives the exponential cooldown.")
    next_allowed_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=2048)
    recent_calls: list[datetime] = Field(
        default_factory=list, max_length=1000,
        description="Calls of the last hour: the operator-wide rate limit is restored from them after a restart.",
    )
    answers: list[AdvisorAnswer] = Field(
        default_factory=list, max_length=500, description="The latest answers per signature (the most recent kept)."
    )


class HealingPolicyStatus(K8sModel):
    """Written by the operator only (users and GitOps tools own the spec, whose ownership stays per field)."""

    observed_generation: int | None = None
    conditions: list[Condition] = Field(default_factory=list, json_schema_extra=ATOMIC_LIST)
    matched_nodes: int = 0
    active_incidents: int = 0
    stats: PolicyStats = Field(default_factory=PolicyStats, json_schema_extra=ATOMIC_MAP)
    learning: list[LearningEntry] = Field(default_factory=list, max_length=200)
    circuits: list[CircuitState] = Field(default_factory=list, max_length=200)
    unknown_signatures: list[UnknownSignature] = Field(default_factory=list, max_length=50)
    recent_outcomes: list[OutcomeRecord] = Field(default_factory=list, max_length=500)
    self_recovery: list[SelfRecoveryEntry] = Field(
        default_factory=list, max_length=200, description="Targets that came back with no action."
    )
    shadow: ShadowStats | None = Field(default=None, json_schema_extra=ATOMIC_MAP)
    applied_outcomes: list[str] = Field(
        default_factory=list, max_length=1000, description="Keys of the incident outcomes already applied (recent)."
    )
    advisor: AdvisorStatus | None = Field(default=None, json_schema_extra=ATOMIC_MAP)
    actions_last_hour: list[datetime] = Field(
        default_factory=list, max_length=10000, description="Request times, for maxActionsPerHour."
    )


class HealingPolicy(K8sModel):
    """Cluster-scoped policy: which nodes and targets to heal, with which actions and guards."""

    api_version: str = API_VERSION
    kind: str = POLICY_KIND
    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: HealingPolicySpec
    status: HealingPolicyStatus = Field(default_factory=HealingPolicyStatus)
