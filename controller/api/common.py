"""Building blocks shared by the three CR models: the base model, durations, conditions, selectors."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

# Go duration syntax (what CEL's duration() and every Kubernetes user expect), without a sign:
# a negative cooldown or verification delay is never meaningful.
DURATION_REGEX = r"^([0-9]+([.][0-9]+)?(ms|s|m|h))+$"
_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


# The API server records, in metadata.managedFields, which writer owns each field, and rewrites that record on every
# write: per leaf by default (1.0 of a resolved Incident's 6.5 KB were leaf entries). A status block with one writer
# that always writes it whole is recorded as one entry instead ("atomic"); a merge patch still changes only what it
# names. docs/operator.md, "Field ownership", has the figures.
ATOMIC_MAP: dict[str, Any] = {"x-kubernetes-map-type": "atomic"}
ATOMIC_LIST: dict[str, Any] = {"x-kubernetes-list-type": "atomic"}


def cel(rule: str, message: str, **extra: Any) -> dict[str, Any]:
    """One `x-kubernetes-validations` entry; the message is what the user sees, so it says what to fix."""
    return {"rule": rule, "message": message, **extra}


def duration_field(default: str, description: str) -> Any:
    return Field(
        default=default,
        description=f"{description} Go duration syntax, e.g. 10s, 5m, 1h30m.",
        max_length=32,
        json_schema_extra={
            "x-kubernetes-validations": [
                cel(
                    f"self.matches('{DURATION_REGEX}')",
                    "must be a non-negative duration such as 500ms, 10s, 5m or 1h30m",
                )
            ]
        },
    )


def parse_duration(text: str) -> float:
    """Seconds in a Go-style duration string ("1h30m" -> 5400.0). Raises ValueError with what to fix."""
    text = text.strip()
    if not re.fullmatch(DURATION_REGEX, text):
        raise ValueError(f"invalid duration {text!r}: use a non-negative duration such as 10s, 5m or 1h30m")
    return sum(float(num) * _UNIT_SECONDS[unit] for num, unit in _DURATION_PART.findall(text))


def format_duration(seconds: float) -> str:
    """Inverse of parse_duration for display and status fields (whole seconds are enough there)."""
    whole = round(seconds)
    if whole <= 0:
        return "0s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{v}{u}" for v, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if v) or "0s"


def utcnow() -> datetime:
    """Now to the second: for what people read (conditions, report times)."""
    return datetime.now(UTC).replace(microsecond=0)


def aware(value: datetime) -> datetime:
    """Timestamps from the API server are aware; treat a naive one from a caller as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def precise_now() -> datetime:
    """Now to the microsecond: for evidence compared across components (health, executions, decisions). A clock cut
    to the second lets a target healthy for 2.2 s pass healthyFor=3s, or a zero healthyFor wait a second."""
    return datetime.now(UTC)


def as_timedelta(text: str) -> timedelta:
    return timedelta(seconds=parse_duration(text))


class K8sModel(BaseModel):
    """Base for CR parts: camelCase on the wire, unknown fields ignored so that newer CRs still load."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    def dump(self) -> dict[str, Any]:
        """The JSON body for the API server: aliases, no nulls (a null in a merge patch deletes a field)."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")

    def merge_patch(self) -> dict[str, Any]:
        """The JSON merge patch that makes a stored copy equal to this model: every field, null for each unset one.

        A merge patch keeps every key it does not name, so `dump()` would leave an earlier write's exit code or
        pattern in place once it became null. Lists are replaced whole (RFC 7386), so their items go without nulls.
        """
        return _nulls_outside_lists(self.model_dump(by_alias=True, mode="json"))


def _nulls_outside_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _nulls_outside_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


ConditionStatus = Literal["True", "False", "Unknown"]


class Condition(K8sModel):
    """A kstatus / Kubernetes API conventions condition."""

    type: str = Field(max_length=316, description="CamelCase condition type, e.g. Ready, Reconciling, Stalled.")
    status: ConditionStatus
    reason: str = Field(
        default="Unknown", max_length=1024, description="CamelCase reason for the last transition."
    )
    message: str = Field(default="", max_length=32768, description="Human-readable details.")
    last_transition_time: datetime | None = None
    observed_generation: int | None = Field(default=None, ge=0)


def set_condition(
    conditions: list[Condition],
    type_: str,
    status: ConditionStatus,
    reason: str,
    message: str = "",
    observed_generation: int | None = None,
    now: datetime | None = None,
) -> list[Condition]:
    """Upsert a condition; lastTransitionTime moves only when the status changes (API conventions)."""
    now = now or utcnow()
    previous = get_condition(conditions, type_)
    kept = previous.last_transition_time if previous is not None and previous.status == status else None
    updated = Condition(
        type=type_,
        status=status,
        reason=reason,
        message=message,
        last_transition_time=kept or now,
        observed_generation=observed_generation,
    )
    if previous is None:
        return [*conditions, updated]
    return [updated if cond.type == type_ else cond for cond in conditions]


def get_condition(conditions: list[Condition], type_: str) -> Condition | None:
    return next((c for c in conditions if c.type == type_), None)


class LabelSelectorRequirement(K8sModel):
    key: str = Field(min_length=1, max_length=317)
    operator: Literal["In", "NotIn", "Exists", "DoesNotExist"]
    values: list[str] = Field(default_factory=list, max_length=64)

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel(
                    "self.operator in ['Exists', 'DoesNotExist'] ? (!has(self.values) || size(self.values) == 0)"
                    " : (has(self.values) && size(self.values) > 0)",
                    "In and NotIn need at least one value; Exists and DoesNotExist take no values",
                )
            ]
        }
    )


class LabelSelector(K8sModel):
    """A standard Kubernetes label selector. Empty selects everything."""

    match_labels: dict[str, str] = Field(default_factory=dict)
    match_expressions: list[LabelSelectorRequirement] = Field(default_factory=list, max_length=32)

    def matches(self, labels: dict[str, str]) -> bool:
        for key, value in self.match_labels.items():
            if labels.get(key) != value:
                return False
        for req in self.match_expressions:
            present = req.key in labels
            if req.operator == "In" and (not present or labels[req.key] not in req.values):
                return False
            if req.operator == "NotIn" and present and labels[req.key] in req.values:
                return False
            if req.operator == "Exists" and not present:
                return False
            if req.operator == "DoesNotExist" and present:
                return False
        return True


class ObjectMeta(K8sModel):
    """The parts of metadata the models care about; the rest is kept by the API server."""

    name: str = ""
    namespace: str | None = None
    uid: str | None = None
    generation: int | None = None
    resource_version: str | None = None
    creation_timestamp: datetime | None = None
    deletion_timestamp: datetime | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)


Bounded = Annotated[int, Field(ge=0)]
