"""Admission: the guards' inputs counted from the cache, and taking a slot, the hourly budget and a half-open probe.

The guards themselves are pure (guards.py, called by incident_lifecycle.step); this module counts what they need
(`context`) and, when the decision is to request an action, takes what the request uses up (`admit`):

* **the slot**: the incident is marked in flight in the cache at once (maxConcurrent, blast radius);
* **the hour's budget**: the request time is counted as pending until the policy's single status writer has
  persisted it in `actionsLastHour` (`reserve`), or given back if the request was not written (`withdraw`);
* **a half-open probe**: when a circuit lets one attempt through, the grant is remembered until the probe's window
  ends, so that no policy write racing with the reservation hands the single probe out twice.

`context` + `admit` have no await inside, so two incidents can never both take the last slot (one active operator
at a time is guaranteed by Kopf peering). After a crash between the request and the budget write, the incidents'
attempts of the last hour are the other record of the budget (`recover_budget`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from controller.api.common import parse_duration, precise_now
from controller.api.healingpolicy import HealingPolicy, HealingPolicyStatus
from controller.api.hostreport import target_ref
from controller.api.incident import Incident
from controller.api.selection import Resolution
from controller.operator import dependencies, guards, retention
from controller.operator.cache import Cache
from controller.operator.incident_lifecycle import Context, Decision, Outcome, pattern_of, step
from controller.operator.metacognition.scopes import scope_keys
from controller.operator.metacognition.stuck import StuckDecision
from controller.operator.pauses import pause_for
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.tasks import Spawn


@dataclasses.dataclass(frozen=True)
class Admitted:
    """An action request that took its slot and budget; the request is not written yet."""

    incident: Incident  # the version decided on
    decision: Decision
    policy: str
    at: datetime  # the request time, as counted in the budget


class Admission:
    def __init__(self, cache: Cache, writer: PolicyStatusWriter, spawn: Spawn) -> None:
        self.cache = cache
        self.writer = writer
        self._spawn = spawn
        self._pending: defaultdict[str, list[datetime]] = defaultdict(list)  # admitted, budget not yet written
        self._recovered: dict[str, list[datetime]] = {}  # requested before a crash, budget never written
        self._probes: dict[str, dict[str, datetime]] = {}  # policy -> half-open scope -> end of the probe window
        self._granted: dict[str, Any] = {}  # policy -> circuits with the probe granted, for the next reservation

    # --- counting ------------------------------------------------------------------------------------------

    def context(self, inc: Incident, match: Resolution | None = None) -> Context:
        """What the guards need for this incident, counted from the cache plus the admissions not yet persisted
        (`match`: the policy resolution the caller just made from the same cache, if it has one)."""
        match = match or self.cache.resolve(inc)
        policy = match.policy
        node = inc.spec.node
        # A pod target is the operator's own (it watches the pods): no agent speaks for it, and its node is only where
        # a failure was first seen -- the workload lives on (agent silence, a deleted Node, node pauses do not apply).
        pod = inc.spec.target.kind == "pod"
        node_gone = node in self.cache.deleted_nodes and not pod
        if policy is None:
            return Context(match=match, retention_seconds=retention.retention_seconds(None), node_gone=node_gone)
        now = precise_now()
        agent = None if pod else self.cache.agents.get(node)
        pname, me = policy.metadata.name, inc.metadata.name
        flying = self.cache.incidents.in_flight[pname]
        in_flight = len(flying) - (1 if me in flying else 0)
        active = self.cache.incidents.active_nodes[pname]
        unhealthy = len(active) + (0 if inc.spec.node in active else 1)
        errors = self.cache.validation_errors(policy)
        pending = [*self._pending.get(pname, ()), *self._recovered.get(pname, ())]
        if pending:  # admitted, not yet persisted (or lost in a crash): they count already
            status = policy.status.model_copy(
                update={"actions_last_hour": [*policy.status.actions_last_hour, *pending]}
            )
            assert match.selection is not None
            selection = dataclasses.replace(match.selection, policy=policy.model_copy(update={"status": status}))
            match = dataclasses.replace(match, selection=selection)
        return Context(
            match=match,
            policy_invalid="; ".join(errors) if errors else None,
            in_flight=in_flight,
            unhealthy_nodes=unhealthy,
            matched_nodes=self.cache.matched_nodes(policy),
            circuit_open=self.circuit_message(policy, inc),
            retention_seconds=retention.retention_seconds(policy),
            agent_silent=agent.silent(now) if agent else None,
            agent_started_at=agent.started_at if agent else None,
            node_gone=node_gone,
            pause=pause_for(policy.spec, None if pod else self.cache.node_info.get(node), now),
            waiting_for=self.waiting_for(inc),
        )

    def waiting_for(self, inc: Incident) -> str | None:
        """The failing dependency on the same node this incident waits for (dependencies.py decides)."""
        node = inc.spec.node
        graph = self.cache.dependencies.get(node)
        if not graph:
            return None
        target = target_ref(inc.spec.target.kind, inc.spec.target.name)
        if target not in graph.trusted and target not in graph.labelled:
            return None
        names = self.cache.incidents.on_node.get(node, ())
        others = (i for n in names if n != inc.metadata.name and (i := self.cache.incidents.get(n)) is not None)
        return dependencies.waiting_for(target, graph, dependencies.failing_targets(graph, others))

    def circuit_message(self, policy: HealingPolicy, inc: Incident) -> str | None:
        """Why an open circuit blocks this incident (None: no circuit does, or a half-open probe may go)."""
        if not policy.status.circuits:
            return None
        keys = scope_keys(pattern_of(inc), inc.spec.node, inc.spec.target.name)
        decision = StuckDecision(stuck=True, circuits=list(policy.status.circuits))
        now = precise_now()
        probing = self._probes.get(policy.metadata.name, {})
        blocking = decision.blocking(keys)
        taken = [c for c in blocking if probing.get(c.scope, now) > now]
        if not taken and decision.allow_attempt(keys, now):  # a half-open probe may go; granted at request time
            return None
        if taken:
            return "; ".join(f"circuit {c.scope} is HalfOpen: one probe is already in flight" for c in taken)
        return "; ".join(c.message or f"circuit {c.scope} is {c.state}" for c in blocking) or "circuit open"

    # --- taking and giving back ----------------------------------------------------------------------------

    def admit(
        self, inc: Incident, now: datetime, match: Resolution | None = None
    ) -> tuple[Decision, Admitted | None]:
        """Decide on the current counts; a request takes its slot, budget and probe before anything is awaited."""
        ctx = self.context(inc, match)
        decision = step(inc, ctx, now)
        if decision.request is None or ctx.match.policy is None:
            return decision, None
        pname = ctx.match.policy.metadata.name
        self.cache.incidents[inc.metadata.name] = inc.model_copy(update={"status": decision.status})  # in flight
        self._pending[pname].append(now)
        self._grant_half_open(pname, inc, now)
        return decision, Admitted(incident=inc, decision=decision, policy=pname, at=now)

    def _grant_half_open(self, pname: str, inc: Incident, now: datetime) -> None:
        policy = self.cache.policies.get(pname)
        if policy is None or not policy.status.circuits:
            return
        decision = StuckDecision(
            stuck=True,
            circuits=list(policy.status.circuits),
            half_open_after_seconds=parse_duration(policy.spec.stuck.half_open_after),
        )
        keys = scope_keys(pattern_of(inc), inc.spec.node, inc.spec.target.name)
        blocking = [c.scope for c in decision.blocking(keys)]
        if blocking and decision.allow_attempt(keys, now):
            # Not written into the cached policy: the status writer diffs against the cache, so the grant would
            # never reach the API server. Until the reservation persists it, `_probes` keeps a second probe out.
            until = now + timedelta(seconds=decision.half_open_after_seconds)
            self._probes.setdefault(pname, {}).update({scope: until for scope in blocking})
            self._granted[pname] = decision.circuits

    async def reserve(self, admitted: Admitted) -> bool:
        """Persist the admitted request time in the policy's actionsLastHour (the status writer batches them),
        with the circuits of a probe granted meanwhile. False: the policy is gone or kept conflicting."""
        granted = self._granted.pop(admitted.policy, None)

        def reserve(policy: HealingPolicy) -> HealingPolicyStatus:
            times = [*guards.recent_actions(policy.status.actions_last_hour, precise_now()), admitted.at]
            update: dict[str, Any] = {"actions_last_hour": times}
            if granted is not None:
                update["circuits"] = granted
            return policy.status.model_copy(update=update)

        return await self.writer.update(admitted.policy, reserve) is not None

    def settled(self, admitted: Admitted) -> None:
        """The request and the reservation are both done: the budget no longer counts as pending."""
        pending = self._pending[admitted.policy]
        if admitted.at in pending:
            pending.remove(admitted.at)

    def withdraw(self, admitted: Admitted, *, reserved: bool) -> None:
        """The request was not written (the incident changed meanwhile): forget the slot and give the budget back;
        the newer version of the incident is decided on its own event."""
        name = admitted.incident.metadata.name
        cached = self.cache.incidents.get(name)
        if cached is not None and cached.status.request == admitted.decision.request:
            self.cache.incidents[name] = admitted.incident
        if reserved:
            at = admitted.at
            self._spawn(
                self.writer.update(
                    admitted.policy,
                    lambda p: p.status.model_copy(
                        update={"actions_last_hour": [t for t in p.status.actions_last_hour if t != at]}
                    ),
                )
            )

    def probe_finished(self, policy: str, outcome: Outcome, inc: Incident) -> None:
        """A probe's result is in: the next one is the circuit's business again."""
        probing = self._probes.get(policy, {})
        for scope in scope_keys(outcome.pattern, inc.spec.node, inc.spec.target.name):
            probing.pop(scope, None)

    # --- after a restart -----------------------------------------------------------------------------------

    def recover_budget(self, owned: Callable[[str], bool] = lambda _: True) -> None:
        """Actions requested whose reservation never reached the policy (a crash between the two writes) still
        count against maxActionsPerHour: the incidents' attempts are the other record of them. Sharded: for the
        policies this shard owns (their budget is its to write)."""
        now = precise_now()
        for pname, policy in self.cache.policies.items():
            if not owned(pname):
                continue
            recorded = set(policy.status.actions_last_hour)
            missing = [
                a.requested_at
                for inc in self.cache.incidents.values()
                if inc.status.policy == pname
                for a in inc.status.attempts
                if (now - a.requested_at).total_seconds() < 3600 and a.requested_at not in recorded
            ]
            if missing:
                self._recovered[pname] = missing
                self._spawn(self._persist_recovered(pname, missing))

    async def _persist_recovered(self, pname: str, missing: list[datetime]) -> None:
        def add(policy: HealingPolicy) -> HealingPolicyStatus:
            known = set(policy.status.actions_last_hour)
            times = guards.recent_actions(
                [*policy.status.actions_last_hour, *(t for t in missing if t not in known)], precise_now()
            )
            return policy.status.model_copy(update={"actions_last_hour": times})

        if await self.writer.update(pname, add) is not None:
            self._recovered.pop(pname, None)
