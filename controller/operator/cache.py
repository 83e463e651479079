"""The informer cache: policies, incidents, nodes and host-report nodes as the operator last saw them.

Only a view of the API server, like controller-runtime's informer cache: listed before any decision (`load`), then
kept by the watch events and by the responses of the operator's own writes. Decisions are made on the newest
version seen (`keep_newest`); every write carries that resourceVersion, so the API server refuses one made on a
version it has moved past. The per-policy counts the guards need are kept in step with every change
(`IncidentIndex`): a storm of 1,000 incidents must not cost 1,000 scans per decision.

Hand-written rather than Kopf indices (`@kopf.index`): an index is fed only by the watch, so the response of our
own write (the in-flight mark, the reserved budget) would be invisible until its echo arrives and a second incident
could take the slot just taken; and Kopf holds back only its own handlers until indices are populated, while
decisions run in the workqueue's workers.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from controller.api.common import precise_now
from controller.api.dependency_graph import DependencyGraph
from controller.api.healingpolicy import HealingPolicy
from controller.api.hostreport import HostReportStatus
from controller.api.incident import Incident
from controller.api.selection import Resolution, matched_nodes, node_labels, observed_from_incident, resolve
from controller.constants import INCIDENT_PLURAL, PAUSE_ANNOTATION, POLICY_PLURAL
from controller.operator import policy_reconcile
from controller.operator.incident_lifecycle import IN_FLIGHT_PHASES
from controller.operator.k8s import ApiError, Kube
from controller.operator.pauses import NodeInfo

log = logging.getLogger(__name__)

ACTIVE = ("Detected", "Remediating", "Verifying", "Suppressed")
MAX_CONCURRENT = "MaxConcurrent"  # the reason of an incident waiting for a free slot of its policy
EVIDENCE_FIELDS = frozenset({"evidence", "candidates"})  # of status.detection: for humans, not for decisions
SILENT_HEARTBEATS = 3  # an agent that missed this many heartbeats is silent
DEFAULT_HEARTBEAT_SECONDS = 30.0
MATCHED_MEMO_SIZE = 1000
SHARED_FIELD_SETS_LIMIT = 4096  # distinct field-name sets shared; past it an instance keeps its own (hostile bodies)
M = TypeVar("M", Incident, HealingPolicy)


def _parse(model: type[M], body: dict[str, Any]) -> M | None:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        log.warning("ignoring malformed %s %s: %s", model.__name__, body.get("metadata", {}).get("name"), exc)
        return None


def parse_incident(body: dict[str, Any]) -> Incident | None:
    """The operator's copy of an Incident: all of it but what the agent keeps as evidence for humans (the
    detection's `evidence`: log excerpt, matched lines and rules, exit code, state; and the runner-up `candidates`).
    No decision reads them (the detection's pattern, signature, occurrences and times decide), and per cached
    incident they are most of its memory (a 20-line excerpt; evidence and candidates 1.8 KB of a resolved incident's
    16.8 KB as parsed); escalation and the advisor, which send them on, read the incident fresh
    (`Cache.incident_with_evidence`)."""
    return _parse(Incident, without_evidence(body))


def without_evidence(body: dict[str, Any]) -> dict[str, Any]:
    """The body with status.detection's `evidence` and `candidates` left out (the body itself is not changed)."""
    status = body.get("status")
    detection = status.get("detection") if isinstance(status, dict) else None
    if not isinstance(detection, dict) or not EVIDENCE_FIELDS & detection.keys():
        return body
    slim = {k: v for k, v in detection.items() if k not in EVIDENCE_FIELDS}
    return {**body, "status": {**status, "detection": slim}}


class FieldSets:
    """One `__pydantic_fields_set__` per distinct set of field names, shared by the cached models that have it.

    Pydantic gives every model instance its own set of the field names its input held (`model_fields_set`); a set
    is 216 bytes empty and 2 KB at 20 names, and a resolved Incident is 15 nested models: 10.4 of its 17.7 KB as
    parsed (bench_operator_settle.py measures it: `python_kb`). The operator never reads these sets (no
    `exclude_unset`, no `model_fields_set`: a test keeps it so), and a storm's incidents have a few dozen distinct
    ones. Copies (`model_copy`, what a decision changes) get a set of their own from pydantic; a field assigned on a
    cached instance itself would add its name to the shared set, which nothing reads."""

    def __init__(self, limit: int = SHARED_FIELD_SETS_LIMIT) -> None:
        self.limit = limit
        self._shared: dict[frozenset[str], set[str]] = {}

    def share(self, value: Any) -> None:
        """Point every model inside `value` (nested models, lists and dicts of them) at the shared set."""
        if isinstance(value, BaseModel):
            key = frozenset(value.__pydantic_fields_set__)
            shared = self._shared.get(key)
            if shared is None and len(self._shared) < self.limit:
                shared = self._shared[key] = set(key)
            if shared is not None:
                object.__setattr__(value, "__pydantic_fields_set__", shared)
            children: Any = value.__dict__.values()
        elif isinstance(value, list):
            children = value
        elif isinstance(value, dict):
            children = value.values()
        else:
            return
        for child in children:
            if isinstance(child, (BaseModel, list, dict)):
                self.share(child)


def parse_policy(body: dict[str, Any]) -> HealingPolicy | None:
    return _parse(HealingPolicy, body)


def _drop_unlisted(cached: Any, listed: set[str], listed_rv: int) -> None:
    for name, obj in list(cached.items()):
        if name not in listed and _rv(obj) <= listed_rv:
            cached.pop(name, None)


def _rv(obj: Incident | HealingPolicy) -> int:
    try:
        return int(obj.metadata.resource_version or 0)
    except ValueError:
        return 0


def _report_node(body: dict[str, Any]) -> str:
    return body.get("spec", {}).get("node") or body.get("metadata", {}).get("name", "")


def _node_info(body: dict[str, Any]) -> NodeInfo:
    meta = body.get("metadata", {})
    return NodeInfo(
        labels=dict(meta.get("labels") or {}),
        annotations=dict(meta.get("annotations") or {}),
        unschedulable=bool((body.get("spec") or {}).get("unschedulable")),
    )


@dataclass(frozen=True)
class AgentLiveness:
    """What a node's HostReport says about its agent: when it last spoke, how often it should, when it started."""

    last_heartbeat: datetime | None
    heartbeat_seconds: float
    started_at: datetime | None

    def silent(self, now: datetime) -> str | None:
        """Why the agent counts as silent (3 missed heartbeats), or None."""
        if self.last_heartbeat is None:
            return None
        late = (now - self.last_heartbeat).total_seconds()
        if late <= SILENT_HEARTBEATS * self.heartbeat_seconds:
            return None
        return (f"the agent is silent: its last heartbeat was {late:.0f}s ago (expected every "
                f"{self.heartbeat_seconds:.0f}s)")


def _report_status(body: dict[str, Any]) -> HostReportStatus:
    return HostReportStatus.model_validate(body.get("status") or {})


def _liveness(status: HostReportStatus) -> AgentLiveness:
    return AgentLiveness(status.last_heartbeat, status.heartbeat_seconds or DEFAULT_HEARTBEAT_SECONDS,
                         status.agent_started_at)


class IncidentIndex(dict[str, Incident]):
    """The cached incidents, plus the per-policy figures the guards need, kept in step with every change."""

    def __init__(self) -> None:
        super().__init__()
        self.field_sets = FieldSets()
        self.in_flight: defaultdict[str, set[str]] = defaultdict(set)
        self.active_nodes: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.nodes: Counter[str] = Counter()
        self.on_node: defaultdict[str, set[str]] = defaultdict(set)  # node -> its incidents (dependencies)
        self.waiting_slot: defaultdict[str, set[str]] = defaultdict(set)  # policy -> held back by maxConcurrent
        self.undecided: dict[str, None] = {}  # never decided yet (no phase), in the order they arrived
        self.by_policy: defaultdict[str, set[str]] = defaultdict(set)  # policy -> its incidents (status.policy)
        # The policy an undecided incident will be decided under (the Cache resolves it): its node counts toward that
        # policy's blast radius while it waits in the queue. A storm's queue holds incidents for minutes; counting
        # only decided ones let a policy act on 6 of its 10 nodes, one after another, all failing at once.
        self.governing_policy: Callable[[Incident], str | None] | None = None
        self._provisional: dict[str, str] = {}  # undecided incident -> the policy its node is counted under
        self.version = 0  # bumped when the set of nodes with incidents changes

    def __setitem__(self, name: str, inc: Incident) -> None:
        node, policy, phase = inc.spec.node, inc.status.policy, inc.status.phase
        self.nodes[node] += 1  # first, so that replacing an incident does not look like its node went away
        if self.nodes[node] == 1:
            self.version += 1
        self._forget(name)
        self.field_sets.share(inc)
        super().__setitem__(name, inc)
        self.on_node[node].add(name)
        if phase is None:
            self.undecided[name] = None
            if not policy:
                self._count_provisional(name, inc)
        if policy:
            self.by_policy[policy].add(name)
            if phase in IN_FLIGHT_PHASES:
                self.in_flight[policy].add(name)
            if phase in ACTIVE or phase is None:
                self.active_nodes[policy][node] += 1
            if inc.status.reason == MAX_CONCURRENT:
                self.waiting_slot[policy].add(name)

    def pop(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        self._forget(name)
        return super().pop(name, default)

    def _forget(self, name: str) -> None:
        old = super().get(name)
        if old is None:
            return
        node, policy, phase = old.spec.node, old.status.policy, old.status.phase
        self.nodes[node] -= 1
        if self.nodes[node] <= 0:
            del self.nodes[node]
            self.version += 1
        self.undecided.pop(name, None)
        names = self.on_node[node]
        names.discard(name)
        if not names:
            del self.on_node[node]
        if provisional := self._provisional.pop(name, None):
            self._uncount_active(provisional, node)
        if policy:
            self.by_policy[policy].discard(name)
            self.in_flight[policy].discard(name)
            self.waiting_slot[policy].discard(name)
            if phase in ACTIVE or phase is None:
                self._uncount_active(policy, node)

    def recount_undecided(self, node: str | None = None) -> None:
        """Resolve again the policy each undecided incident (on `node`, or everywhere) will be decided under: a
        policy was added, deleted or changed, or a node's labels changed. Their order in the queue is kept."""
        names = self.on_node.get(node, set()) if node is not None else self.undecided
        for name in [n for n in names if n in self.undecided]:
            inc = super().get(name)
            if inc is None or inc.status.policy:
                continue
            if before := self._provisional.pop(name, None):
                self._uncount_active(before, inc.spec.node)
            self._count_provisional(name, inc)

    def _count_provisional(self, name: str, inc: Incident) -> None:
        if self.governing_policy is not None and (provisional := self.governing_policy(inc)):
            self._provisional[name] = provisional
            self.active_nodes[provisional][inc.spec.node] += 1

    def _uncount_active(self, policy: str, node: str) -> None:
        counter = self.active_nodes[policy]
        counter[node] -= 1
        if counter[node] <= 0:
            del counter[node]


class Cache:
    def __init__(self, kube: Kube) -> None:
        self.kube = kube
        self.incidents = IncidentIndex()
        self.policies: dict[str, HealingPolicy] = {}
        self.nodes: dict[str, dict[str, str]] = {}  # Node objects: name -> labels
        self.node_info: dict[str, NodeInfo] = {}  # Node objects: labels, annotations, cordon (pauses)
        self.deleted_nodes: set[str] = set()  # Node objects deleted while we watched: their incidents close
        self.report_nodes: set[str] = set()  # nodes with a HostReport (no Node object needed, as in `healing up`)
        self.agents: dict[str, AgentLiveness] = {}  # node -> its agent's heartbeat, from the HostReport
        self.dependencies: dict[str, DependencyGraph] = {}  # node -> its targets' dependencies, from the HostReport
        self._nodes_version = 0  # bumped when Node objects or host-report nodes change
        self._policy_errors: dict[tuple[str, int | None], list[str]] = {}
        self._matched: dict[tuple[str, int | None, int, int], int] = {}
        self.incidents.governing_policy = self._governing_policy_name

    async def load(self) -> None:
        """List everything (before the watches start, so the guards count from a complete view). Listed again when
        a standby takes over: a version the watch delivered meanwhile is newer than the listing's and stays."""
        bodies, policies_rv = await self.kube.listing(POLICY_PLURAL)
        policies = [p for body in bodies if (p := parse_policy(body)) is not None]
        for p in policies:
            old = self.policies.get(p.metadata.name)
            if old is None or old.metadata.uid != p.metadata.uid or _rv(p) > _rv(old):
                self.policies[p.metadata.name] = p
        bodies, incidents_rv = await self.kube.listing(INCIDENT_PLURAL)
        incidents = [i for body in bodies if (i := parse_incident(body)) is not None]
        for i in incidents:
            self.keep_newest(i)
        # Gone while nobody watched (a standby's watches are paused; Kopf re-lists without DELETED events): what is
        # cached, missing from the listing and not newer than the listing's own resourceVersion was deleted -- a
        # ghost would hold a slot forever. (Not the newest listed item's version: an incident changed last and then
        # deleted, or the last one deleted, is newer than every item left.)
        _drop_unlisted(self.policies, {p.metadata.name for p in policies}, policies_rv)
        _drop_unlisted(self.incidents, {i.metadata.name for i in incidents}, incidents_rv)
        for body in await self.kube.nodes():
            self._keep_node(body)
        self.incidents.recount_undecided()  # the policies and node labels as listed now (a standby taking over)
        for body in await self.kube.hostreports():
            node, status = _report_node(body), _report_status(body)
            self.report_nodes.add(node)
            self.agents[node] = _liveness(status)
            self.dependencies[node] = DependencyGraph.from_edges(status.dependencies)

    # --- watch events ------------------------------------------------------------------------------------

    def policy_event(self, type_: str | None, body: dict[str, Any]) -> bool:
        """Cache a policy change; True when the incidents must be decided again (added, deleted, spec changed)."""
        name = body.get("metadata", {}).get("name", "")
        if type_ == "DELETED":
            self.policies.pop(name, None)
            self.incidents.recount_undecided()
            return True
        old = self.policies.get(name)
        rv = body.get("metadata", {}).get("resourceVersion")
        if old is not None and rv == old.metadata.resource_version:
            return False  # the echo of our own status write, already parsed from its response
        policy = parse_policy(body)
        if policy is None or (old is not None and old.metadata.uid == policy.metadata.uid and _rv(policy) < _rv(old)):
            return False  # malformed, or an older version than a write's response already cached (its echo lags)
        self.policies[name] = policy
        changed = old is None or old.metadata.generation != policy.metadata.generation
        if changed:
            self.incidents.recount_undecided()
        return changed

    def node_event(self, type_: str | None, body: dict[str, Any]) -> bool:
        """Cache a Node change; True when its incidents must be decided again (deleted, pause, cordon or labels
        changed: the labels choose the policy, and with it the shard that decides, shard.py)."""
        self._nodes_version += 1
        name = body.get("metadata", {}).get("name", "")
        if type_ == "DELETED":
            self.nodes.pop(name, None)
            self.node_info.pop(name, None)
            self.deleted_nodes.add(name)
            self.incidents.recount_undecided(name)
            return True
        before = self.node_info.get(name)
        self._keep_node(body)
        after = self.node_info[name]
        if before is None or before.labels != after.labels:
            self.incidents.recount_undecided(name)
        return before is None or (before.annotations.get(PAUSE_ANNOTATION), before.unschedulable, before.labels) != (
            after.annotations.get(PAUSE_ANNOTATION), after.unschedulable, after.labels)

    def _keep_node(self, body: dict[str, Any]) -> None:
        info = _node_info(body)
        name = body.get("metadata", {}).get("name", "")
        self.nodes[name] = info.labels
        self.node_info[name] = info
        self.deleted_nodes.discard(name)

    def hostreport_event(self, type_: str | None, body: dict[str, Any]) -> bool:
        """Cache a HostReport change; True when its agent's liveness or the node's dependencies changed (its
        incidents are decided again)."""
        node = _report_node(body)
        if type_ == "DELETED":
            self.report_nodes.discard(node)
            self.agents.pop(node, None)
            self.dependencies.pop(node, None)
            self._nodes_version += 1
            return True
        if node not in self.report_nodes:
            self.report_nodes.add(node)
            self._nodes_version += 1
        status = _report_status(body)
        before = self.agents.get(node)
        self.agents[node] = after = _liveness(status)
        graph = DependencyGraph.from_edges(status.dependencies)
        graph_changed = graph != self.dependencies.get(node, DependencyGraph())
        self.dependencies[node] = graph
        now = precise_now()
        return graph_changed or before is None or before.started_at != after.started_at or (
            before.silent(now) is not None) != (after.silent(now) is not None)

    def keep_newest(self, inc: Incident) -> None:
        """Keep the newest version: a write's response can come back after the watch delivered something newer
        (the agent's answer to the request just written), and must not replace it."""
        cached = self.incidents.get(inc.metadata.name)
        if cached is None or _rv(inc) > _rv(cached):
            self.incidents[inc.metadata.name] = inc

    # --- reads through to the API server -----------------------------------------------------------------

    async def reread_policy(self, name: str) -> HealingPolicy | None:
        """The policy as the API server has it now, cached (None: gone)."""
        body = await self.kube.get(POLICY_PLURAL, name)
        if body is None:
            self.policies.pop(name, None)
            return None
        policy = parse_policy(body)
        if policy is not None:
            self.policies[name] = policy
        return policy

    async def reread_incident(self, name: str) -> Incident | None:
        """The incident as the API server has it now (None: gone, and dropped from the cache)."""
        body = await self.kube.get(INCIDENT_PLURAL, name)
        if body is None:
            self.incidents.pop(name, None)
            return None
        return parse_incident(body)

    async def incident_with_evidence(self, name: str) -> Incident | None:
        """The incident as the API server has it now, the agent's evidence included (for what leaves the operator:
        an escalation, an advisor question); the cached copy when the read fails, None when it is gone."""
        try:
            body = await self.kube.get(INCIDENT_PLURAL, name)
        except ApiError:
            log.warning("incident %s: could not be read; it goes without the agent's evidence (log lines, exit "
                        "code, state)", name)
            return self.incidents.get(name)
        return None if body is None else _parse(Incident, body)

    # --- derived ---------------------------------------------------------------------------------------------

    def resolve(self, inc: Incident) -> Resolution:
        """The policy that governs this incident (if any), as the cached policies and node labels say."""
        return resolve(self.policies.values(), node_labels(inc.spec.node, self.nodes), observed_from_incident(inc.spec),
                       node=inc.spec.node)

    def _governing_policy_name(self, inc: Incident) -> str | None:
        policy = self.resolve(inc).policy
        return policy.metadata.name if policy is not None else None

    # --- derived, memoized -------------------------------------------------------------------------------

    def validation_errors(self, policy: HealingPolicy) -> list[str]:
        """policy_reconcile.validate_spec, once per generation (compiling the patterns is not free)."""
        key = (policy.metadata.name, policy.metadata.generation)
        if key not in self._policy_errors:
            self._policy_errors[key] = policy_reconcile.validate_spec(policy.spec)
        return self._policy_errors[key]

    def known_nodes(self) -> set[str]:
        return set(self.nodes) | self.report_nodes | set(self.incidents.nodes)

    def matched_nodes(self, policy: HealingPolicy) -> int:
        """Cached until the policy or the set of known nodes changes."""
        key = (policy.metadata.name, policy.metadata.generation, self.incidents.version, self._nodes_version)
        if key not in self._matched:
            if len(self._matched) > MATCHED_MEMO_SIZE:
                self._matched.clear()
            self._matched[key] = matched_nodes(policy, self.nodes, self.known_nodes())
        return self._matched[key]
