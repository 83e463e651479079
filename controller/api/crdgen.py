"""Turn the pydantic models into structural apiextensions.k8s.io/v1 CRDs (what `healing crds` prints).

The models are the single source of truth; crds/ holds this module's output and a test keeps them equal.
"""

from __future__ import annotations

import copy
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from controller.api.healingpolicy import HealingPolicySpec, HealingPolicyStatus
from controller.api.hostreport import HostReportSpec, HostReportStatus
from controller.api.incident import IncidentSpec, IncidentStatus
from controller.constants import (
    CATEGORY,
    GROUP,
    HOSTREPORT_KIND,
    HOSTREPORT_PLURAL,
    HOSTREPORT_SHORT,
    INCIDENT_KIND,
    INCIDENT_PLURAL,
    INCIDENT_SHORT,
    POLICY_KIND,
    POLICY_PLURAL,
    POLICY_SHORT,
    VERSION,
)

_DROP_KEYS = {"title"}


def _resolve(schema: Any, defs: dict[str, Any]) -> Any:
    """Inline $refs, drop nulls from Optional, drop titles: what a structural schema needs."""
    if isinstance(schema, list):
        return [_resolve(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target = copy.deepcopy(defs[schema["$ref"].rsplit("/", 1)[-1]])
        extra = {k: v for k, v in schema.items() if k != "$ref"}
        return _resolve({**target, **extra}, defs)
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        if len(options) == 1:
            merged = {**_resolve(options[0], defs), **{k: v for k, v in rest.items() if k != "default"}}
            if rest.get("default") is not None:
                merged["default"] = rest["default"]
            return _resolve(merged, defs)
        raise ValueError(f"cannot express a union in a structural schema: {schema}")
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROP_KEYS or key == "$defs":
            continue
        if key == "properties":
            out[key] = {name: _resolve(prop, defs) for name, prop in value.items()}
        else:
            out[key] = _resolve(value, defs)
    if out.get("default") is None:
        out.pop("default", None)
    return out


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class inside X, X | None, list[X]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _apply_factory_defaults(model: type[BaseModel], schema: dict[str, Any]) -> None:
    """pydantic leaves default_factory out of the JSON schema; the API server should still default them.

    A nested object defaults to its model's defaults, so an omitted block still gets every field's default.
    """
    props = schema.get("properties", {})
    for name, field in model.model_fields.items():
        info: FieldInfo = field
        key = info.alias or name
        prop = props.get(key)
        if prop is None:
            continue
        nested = _model_of(info.annotation)
        if info.default_factory is not None:
            value = info.default_factory()  # type: ignore[call-arg]
            if isinstance(value, BaseModel):
                # the full default object (not {}): the API server checks CEL rules against defaults as written
                prop.setdefault("default", value.model_dump(by_alias=True, exclude_none=True, mode="json"))
            elif isinstance(value, list) and value:
                prop.setdefault("default", value)
        if nested is not None:
            target = prop.get("items", prop) if prop.get("type") == "array" else prop
            _apply_factory_defaults(nested, target)


def schema_of(model: type[BaseModel], *, with_defaults: bool) -> dict[str, Any]:
    raw = model.model_json_schema(by_alias=True, mode="validation")
    schema = _resolve(raw, raw.get("$defs", {}))
    if with_defaults:
        _apply_factory_defaults(model, schema)
    else:
        _strip_defaults(schema)
    return schema


def _strip_defaults(schema: Any) -> None:
    """Status is written by controllers only: defaults there would just hide missing writes."""
    if isinstance(schema, dict):
        schema.pop("default", None)
        for value in schema.values():
            _strip_defaults(value)
    elif isinstance(schema, list):
        for item in schema:
            _strip_defaults(item)


def _ready_column() -> dict[str, Any]:
    return {"name": "Ready", "type": "string", "jsonPath": '.status.conditions[?(@.type=="Ready")].status'}


def _age_column() -> dict[str, Any]:
    return {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}


def _crd(
    kind: str,
    plural: str,
    short: str,
    spec_model: type[BaseModel],
    status_model: type[BaseModel],
    description: str,
    columns: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{GROUP}", "labels": {"app.kubernetes.io/part-of": "healing-operator"}},
        "spec": {
            "group": GROUP,
            "names": {
                "kind": kind,
                "listKind": f"{kind}List",
                "plural": plural,
                "singular": kind.lower(),
                "shortNames": [short],
                "categories": [CATEGORY],
            },
            "scope": "Cluster",
            "versions": [
                {
                    "name": VERSION,
                    "served": True,
                    "storage": True,
                    "subresources": {"status": {}},
                    "additionalPrinterColumns": columns,
                    "schema": {
                        "openAPIV3Schema": {
                            "type": "object",
                            "description": description,
                            "required": ["spec"],
                            "properties": {
                                "apiVersion": {"type": "string"},
                                "kind": {"type": "string"},
                                "metadata": {"type": "object"},
                                "spec": schema_of(spec_model, with_defaults=True),
                                "status": schema_of(status_model, with_defaults=False),
                            },
                        }
                    },
                }
            ],
        },
    }


def build_crds() -> list[dict[str, Any]]:
    policy = _crd(
        POLICY_KIND,
        POLICY_PLURAL,
        POLICY_SHORT,
        HealingPolicySpec,
        HealingPolicyStatus,
        "HealingPolicy selects nodes and targets to heal, the actions allowed, and the guards that apply.",
        [
            {"name": "Mode", "type": "string", "jsonPath": ".spec.mode"},
            {"name": "Nodes", "type": "integer", "jsonPath": ".status.matchedNodes"},
            {"name": "Active", "type": "integer", "jsonPath": ".status.activeIncidents"},
            {"name": "Success-Rate", "type": "number", "jsonPath": ".status.stats.successRate"},
            _ready_column(),
            _age_column(),
        ],
    )
    incident = _crd(
        INCIDENT_KIND,
        INCIDENT_PLURAL,
        INCIDENT_SHORT,
        IncidentSpec,
        IncidentStatus,
        "Incident is one failure of one target on one node, and what was done about it.",
        [
            {"name": "Node", "type": "string", "jsonPath": ".spec.node"},
            {"name": "Target", "type": "string", "jsonPath": ".spec.target.name"},
            {"name": "Pattern", "type": "string", "jsonPath": ".status.detection.pattern"},
            {"name": "Phase", "type": "string", "jsonPath": ".status.phase"},
            {"name": "Action", "type": "string", "jsonPath": ".status.action"},
            {"name": "Attempts", "type": "integer", "jsonPath": ".status.attemptCount"},
            {"name": "Reason", "type": "string", "jsonPath": ".status.reason", "priority": 1},
            {"name": "Policy", "type": "string", "jsonPath": ".status.policy", "priority": 1},
            {"name": "Seen", "type": "integer", "jsonPath": ".status.detection.occurrences", "priority": 1},
            _age_column(),
        ],
    )
    hostreport = _crd(
        HOSTREPORT_KIND,
        HOSTREPORT_PLURAL,
        HOSTREPORT_SHORT,
        HostReportSpec,
        HostReportStatus,
        "HostReport is one node's agent heartbeat and summary.",
        [
            _ready_column(),
            {"name": "Targets", "type": "integer", "jsonPath": ".status.targets"},
            {"name": "Failed-Units", "type": "integer", "jsonPath": ".status.units.failed"},
            {"name": "Unhealthy-Containers", "type": "integer", "jsonPath": ".status.containers.unhealthy"},
            {"name": "Exited-Containers", "type": "integer", "jsonPath": ".status.containers.exited", "priority": 1},
            {"name": "Heartbeat", "type": "date", "jsonPath": ".status.lastHeartbeat"},
            {"name": "Version", "type": "string", "jsonPath": ".status.agentVersion", "priority": 1},
            _age_column(),
        ],
    )
    return [policy, incident, hostreport]


def crd_filename(crd: dict[str, Any]) -> str:
    """kubebuilder's naming: <group>_<plural>.yaml."""
    return f"{crd['spec']['group']}_{crd['spec']['names']['plural']}.yaml"


def render_crd(crd: dict[str, Any]) -> str:
    return yaml.safe_dump(crd, sort_keys=False, width=120)


def render_crds() -> str:
    """All CRDs as one multi-document YAML stream."""
    return "---\n".join(render_crd(crd) for crd in build_crds())


def write_crds(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for crd in build_crds():
        path = directory / crd_filename(crd)
        path.write_text(render_crd(crd))
        written.append(path)
    return written
