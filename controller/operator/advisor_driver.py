"""The advisor driver: asks the diagnosis service about unknown failures in the background and lands the answer on
the Incident. When to ask is the gate's business (metacognition/advisor_gate.py), how to ask the protocols'
(controller/escalation/advisor.py); this module does the I/O around them.

After each decision is written the runtime hands the incident to `consider`, which never awaits (the call is never in
a decision's path):

* a policy without `spec.escalation.advisor.url`, a finished incident, or one that has its advice: nothing;
* a known pattern: nothing (a new failure episode is counted as a call avoided);
* the signature's answer is on the policy (`status.advisor.answers`, fresh): a suggestion the policy allows is
  written to the Incident's `status.advice` at once;
* a call for the same signature is in flight: the incident gets its answer;
* the endpoint is cooling down or the operator-wide rate limit is used up: looked at again when the gate says a call
  may go;
* otherwise a call: the budget goes to the policy first (`status.advisor.recentCalls`, what a restart restores the
  rate limit from), the service is asked in a thread (a bearer token only if its Secret is bound to the URL), the
  answer goes to the policy (`advisor.answers`, counters, cooldown, the signature's `unknownSignatures` entry) and
  a usable suggestion to every incident
  that waited for it (`status.advice`, an Event, and an `advisor` record in `status.escalations` on the incident
  that asked). Each is then decided again: incident_lifecycle offers the advised action for approval, never more.

Counting: a call avoided is counted once per failure episode (the decision that starts it), a call made always.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from controller.api.common import precise_now
from controller.api.healingpolicy import AdvisorAnswer, AdvisorEndpoint, HealingPolicy, HealingPolicyStatus
from controller.api.incident import Advice, Escalation, Incident
from controller.constants import INCIDENT_KIND
from controller.escalation.advisor import AdvisorTarget, Answer, ask
from controller.escalation.channel import ChannelError
from controller.escalation.webhook import public_url
from controller.operator import strategy
from controller.operator.cache import Cache
from controller.operator.events import EventPoster, involved
from controller.operator.incident_lifecycle import TERMINAL_PHASES
from controller.operator.incident_status import update_incident_status
from controller.operator.k8s import ApiError, Kube
from controller.operator.metacognition import metrics
from controller.operator.metacognition.advisor_gate import (
    AdvisorGate,
    AdvisorLimits,
    EndpointState,
    Outcome,
    advisor_endpoint,
    answer_kept,
    answer_shown,
    call_recorded,
    counted,
    endpoint_recorded,
    offerable,
)
from controller.operator.metacognition.escalate import SecretReader, append_escalations, bound_token
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.tasks import Spawn
from controller.operator.workqueue import RETRY_SECONDS
from controller.patterns.redact import redact

log = logging.getLogger(__name__)

REASON = "UnknownSignature"
# What the agent's signatures look like (12 hex digits; the failure key without "sig-" at most): anything else in an
# Incident was not written by an agent and is not sent anywhere, nor kept in the policy's status.
SIGNATURE = re.compile(r"[A-Za-z0-9_.-]{1,124}")


def _lines(inc: Incident) -> list[str]:
    detection = inc.status.detection
    if detection is None:
        return []
    return list(detection.evidence.log_excerpt) or ([detection.signature_example] if detection.signature_example
                                                     else [])


def _advice(kept: AdvisorAnswer, source: str, *, cached: bool, answer: Answer | None = None) -> Advice:
    """The Incident's advice from a kept answer (with the full rationale and the pattern when it is fresh)."""
    assert kept.action is not None
    return Advice(action=kept.action, rationale=answer.rationale if answer else kept.rationale,
                  pattern=answer.pattern if answer else None, signature=kept.signature, source=source, at=kept.at,
                  cached=cached)


def _source(spec: AdvisorEndpoint) -> str:
    return AdvisorTarget(spec.url, spec.protocol, spec.model).public


@dataclass(frozen=True)
class Call:
    """One advisor call and how it ended."""

    spec: AdvisorEndpoint
    signature: str
    asker: str  # the incident whose decision made the call
    answer: Answer | None
    kept: AdvisorAnswer | None  # the answer as stored on the policy (None: no answer, or not stored)
    error: ChannelError | None
    state: EndpointState
    at: datetime

    @property
    def rejected(self) -> bool:
        return self.kept is not None and self.kept.rejected is not None

    def record(self) -> Escalation:
        """The `advisor` record of the call, on the incident that asked."""
        if self.error is not None:
            until = self.state.next_allowed_at
            result = "Retrying" if self.error.retryable else "Failed"
            message = f"{self.error.reason}: {self.error.message}" + (
                f"; next call not before {until.isoformat()}" if until else "")
        else:
            assert self.answer is not None
            result = "Delivered"
            if self.answer.action is None:
                message = "no suggestion" + (f" ({self.answer.rejected})" if self.answer.rejected else "")
            elif self.rejected:
                message = f"suggestion {self.answer.action} rejected: not in spec.actions"
            else:
                message = f"suggested {self.answer.action}: {self.answer.rationale or 'no rationale'}"
        return Escalation(channel="advisor", url=public_url(self.spec.url), ref=self.signature, at=self.at,
                          reason=REASON, result=result, message=redact(message)[:1000])


class AdvisorDriver:
    def __init__(
        self,
        kube: Kube,
        cache: Cache,
        writer: PolicyStatusWriter,
        secrets: SecretReader,
        events: EventPoster,
        lock: Callable[[str], asyncio.Lock],
        decide_again: Callable[[str], None],
        spawn: Spawn,
        limits: AdvisorLimits | None = None,
    ) -> None:
        self.kube = kube
        self.cache = cache
        self.writer = writer
        self.secrets = secrets
        self.events = events
        self._lock = lock  # the incident's lock, shared with its decisions (workqueue)
        self._decide_again = decide_again
        self._spawn = spawn
        self.gate = AdvisorGate(limits or AdvisorLimits())
        self._waiting: defaultdict[tuple[str, str], set[str]] = defaultdict(set)  # (policy, signature) -> incidents
        self._handled: dict[str, str] = {}  # incident -> the signature whose verdict was acted upon
        self._timers: dict[str, asyncio.TimerHandle] = {}

    def restore(self, owned: Callable[[str], bool] = lambda _: True) -> None:
        """After a start: the rate limit and the cooldowns as the policies' status kept them (sharded: the policies
        this shard owns, whose calls were counted against this shard's share of the limit)."""
        self.gate.restore(p for p in self.cache.policies.values() if owned(p.metadata.name))

    def forget(self, name: str) -> None:
        """The incident is gone."""
        self._handled.pop(name, None)
        if (timer := self._timers.pop(name, None)) is not None:
            timer.cancel()

    # --- the decision side: no await --------------------------------------------------------------------------

    def consider(self, inc: Incident, *, new_episode: bool = False) -> None:
        """Look at an incident whose decision was just written (see the module docstring)."""
        policy = self.cache.policies.get(inc.status.policy or "")
        endpoint = advisor_endpoint(policy) if policy is not None else None
        if policy is None or endpoint is None or inc.status.phase in TERMINAL_PHASES:
            return
        name, pname = inc.metadata.name, policy.metadata.name
        signature = strategy.unknown_signature(inc)
        if signature is not None and not SIGNATURE.fullmatch(signature):
            log.warning("incident %s: signature %r is not one an agent writes; the advisor is not asked", name,
                        signature[:40])
            return
        if signature is not None and inc.status.advice is not None and inc.status.advice.signature == signature:
            return
        if not new_episode and (signature is None or self._handled.get(name) == signature):
            return  # counted and acted upon already in this episode
        answers = policy.status.advisor.answers if policy.status.advisor else []
        verdict = self.gate.admit(pname, endpoint, signature, answers, precise_now())
        if new_episode or verdict.outcome == "made":
            metrics.count_advisor(verdict.outcome)
        if new_episode and verdict.outcome != "made":
            self._count(pname, verdict.outcome)
        if signature is None:
            return
        # said once per decision that reaches the gate, so a call that never came can be followed in the log
        log.info("incident %s: advisor gate for signature %s: %s%s", name, signature, verdict.outcome,
                 f", again at {verdict.retry_at.isoformat()}" if verdict.retry_at is not None else "")
        self._handled[name] = signature
        if verdict.outcome == "made":
            self._waiting[(pname, signature)].add(name)
            self._spawn(self._ask(pname, endpoint, signature, name))
        elif verdict.outcome == "avoided_cache":
            if verdict.cached is None:  # a call for this signature is in flight: its answer comes here too
                self._waiting[(pname, signature)].add(name)
            elif offerable(verdict.cached, policy.spec.actions):
                spec = policy.spec.escalation.advisor
                assert spec is not None
                self._spawn(self._land(name, _advice(verdict.cached, _source(spec), cached=True), None))
        elif verdict.retry_at is not None:  # cooling down or rate-limited: again when a call may go
            self._retry_after(name, signature, (verdict.retry_at - precise_now()).total_seconds())

    def _retry_after(self, name: str, signature: str, seconds: float) -> None:
        """Look at the incident again then (its decisions may not come back by themselves: AwaitingApproval);
        until then its decisions do not ask."""
        if (timer := self._timers.pop(name, None)) is not None:
            timer.cancel()
        self._handled[name] = signature
        self._timers[name] = asyncio.get_running_loop().call_later(max(0.05, seconds), self._retry, name)

    def _retry(self, name: str) -> None:
        self._timers.pop(name, None)
        self._handled.pop(name, None)
        if (inc := self.cache.incidents.get(name)) is not None:
            self.consider(inc)
        else:
            log.info("incident %s: gone before the advisor could be asked again", name)

    def _count(self, pname: str, outcome: Outcome) -> None:
        self._spawn(self.writer.update(
            pname, lambda p: p.status.model_copy(update={"advisor": counted(p.status.advisor, outcome)})
        ))

    # --- the call -------------------------------------------------------------------------------------------

    async def _ask(self, pname: str, endpoint: str, signature: str, asker: str) -> None:
        """One call for (policy, signature); its answer goes to every incident that waits for it."""
        waiting: set[str] = {asker}
        call: Call | None = None
        try:
            call = await self._call(pname, endpoint, signature, asker)
        except ApiError as exc:  # the policy's status could not be written: looked at again shortly
            log.warning("advisor call for %s not made or not recorded (%s); again in %.0fs", signature, exc,
                        RETRY_SECONDS)
        finally:
            # the answer is on the policy now (or there is none): later failures find it there
            self.gate.release(pname, signature)
            waiting |= self._waiting.pop((pname, signature), set())
        for name in sorted(waiting):
            try:
                if call is None:
                    self._retry_after(name, signature, RETRY_SECONDS)
                else:
                    await self._deliver(name, pname, call)
            except Exception as exc:  # the others still get the answer; this one a little later
                log.warning("incident %s: the advisor's answer not written (%r)", name, exc)
                self._retry_after(name, signature, RETRY_SECONDS)

    async def _call(self, pname: str, endpoint: str, signature: str, asker: str) -> Call | None:
        """Count the call on the policy, ask, and store the answer and the cooldown on the policy."""
        started = precise_now()
        await self.writer.update(
            pname, lambda p: p.status.model_copy(update={"advisor": call_recorded(p.status.advisor, started)})
        )
        policy = self.cache.policies.get(pname)
        spec = policy.spec.escalation.advisor if policy is not None else None
        if policy is None or asker not in self.cache.incidents or spec is None or not spec.url:
            return None  # gone meanwhile: nothing to ask for
        inc = await self.cache.incident_with_evidence(asker)  # the log lines the question carries
        if inc is None:
            return None
        answer: Answer | None = None
        error: ChannelError | None = None
        try:
            target = await self._target(spec)
            answer = await asyncio.to_thread(ask, target, signature, _lines(inc), list(policy.spec.actions))
        except ChannelError as exc:
            error = exc
        except Exception as exc:  # a bug must not leave the signature in flight, nor stop the next call
            log.exception("advisor call for %s failed", signature)
            error = ChannelError(f"advisor call failed: {type(exc).__name__}", retryable=True, reason="Error")
        state = self.gate.finished(endpoint, precise_now(), error)
        kept = await self._remember(pname, signature, answer, state)
        return Call(spec, signature, asker, answer, kept, error, state, started)

    async def _target(self, spec: AdvisorEndpoint) -> AdvisorTarget:
        token = None
        if spec.token_secret_ref is not None:
            token = await bound_token(self.secrets, spec.token_secret_ref, spec.url, "advisor")
        return AdvisorTarget(spec.url, spec.protocol, spec.model, token)

    async def _remember(
        self, pname: str, signature: str, answer: Answer | None, state: EndpointState
    ) -> AdvisorAnswer | None:
        """The answer and the cooldown on the policy (in its single writer); the answer as stored."""
        kept: list[AdvisorAnswer] = []

        def remember(policy: HealingPolicy) -> HealingPolicyStatus:
            advisor = endpoint_recorded(policy.status.advisor, state)
            entries = policy.status.unknown_signatures
            kept.clear()
            if answer is not None:
                advisor, stored = answer_kept(advisor, signature, answer, policy.spec.actions, precise_now())
                kept.append(stored)
                entries = [answer_shown(e, kept) for e in entries]
            return policy.status.model_copy(update={"unknown_signatures": entries, "advisor": advisor})

        written = await self.writer.update(pname, remember)
        return kept[0] if written is not None and kept else None

    async def _deliver(self, name: str, pname: str, call: Call) -> None:
        """The call's answer to one incident that waited for it; after a failure it looks again after the cooldown."""
        policy = self.cache.policies.get(pname)
        advice = None
        if policy is not None and call.kept is not None and offerable(call.kept, policy.spec.actions):
            advice = _advice(call.kept, _source(call.spec), cached=name != call.asker, answer=call.answer)
        if advice is not None or name == call.asker:
            await self._land(name, advice, call.record() if name == call.asker else None)
        if call.error is not None and call.state.next_allowed_at is not None:
            self._retry_after(name, call.signature, (call.state.next_allowed_at - precise_now()).total_seconds())
        else:  # answered (its next decision sees the advice, or the kept answer): nothing more to do for it
            self._handled.pop(name, None)

    async def _land(self, name: str, advice: Advice | None, record: Escalation | None) -> None:
        """Write the advice (and the call's record) on the incident, post the Event, decide it again."""

        def change(inc: Incident) -> dict[str, Any] | None:
            patch: dict[str, Any] = {}
            if advice is not None and strategy.unknown_signature(inc) == advice.signature and (
                inc.status.advice is None or inc.status.advice.signature != advice.signature
            ):
                patch["advice"] = advice.dump()
            if record is not None:
                patch["escalations"] = [e.dump() for e in append_escalations(inc.status.escalations, [record])]
            return patch or None

        written = await update_incident_status(self.kube, self.cache, self._lock, name, change)
        if written is None:
            return
        ref = involved(INCIDENT_KIND, name, written.metadata.uid)
        if advice is not None and written.status.advice == advice:
            self.events.post(
                ref, "Normal", "AdvisorSuggested",
                f"the advisor suggests {advice.action} for signature {advice.signature}"
                + (" (answered for an earlier incident)" if advice.cached else "")
                + f": {advice.rationale or 'no rationale'}; it runs only once approved",
            )
        elif record is not None:
            failed, rejected = record.result != "Delivered", record.message.startswith("suggestion")
            reason = "AdvisorFailed" if failed else "AdvisorSuggestionRejected" if rejected else "AdvisorNoSuggestion"
            self.events.post(ref, "Warning" if failed or rejected else "Normal", reason, record.message)
        self._decide_again(name)
