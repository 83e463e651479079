"""Policy reconcile alone: the status it writes, Ready transitions as Events, calls sharing one write, outcomes
folded into learning with one Learned Event per visible change, and a circuit that opens escalating its incident."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident, OutcomeNote
from controller.constants import INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator.cache import Cache
from controller.operator.events import EventPoster
from controller.operator.policy_controller import PolicyController
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.tasks import Tasks
from tests.fakes.kube import FakeKube, eventually, incident_body, policy_body


class Setup:
    def __init__(self, tasks: Tasks, policy: dict[str, Any], *incidents: dict[str, Any]) -> None:
        self.kube = FakeKube()
        self.kube.create(POLICY_PLURAL, policy)
        for body in incidents:
            self.kube.create(INCIDENT_PLURAL, body)
        self.cache = Cache(self.kube)
        self.poster = EventPoster(self.kube)  # not started: the queue shows the Events
        self.escalated: list[tuple[str, str]] = []
        writer = PolicyStatusWriter(self.kube, self.cache, tasks.spawn)
        self.controller = PolicyController(self.cache, writer, self.poster, tasks.spawn, self._escalate)

    async def _escalate(self, name: str, reason: str) -> None:
        self.escalated.append((name, reason))

    def policy(self) -> HealingPolicy:
        return HealingPolicy.model_validate(self.kube.objects[(POLICY_PLURAL, "web")])

    def events(self) -> list[tuple[str, str, str]]:
        return [(b["type"], b["reason"], b["message"]) for b in self.poster.pending()]


async def setup(tasks: Tasks, policy: dict[str, Any], *incidents: dict[str, Any]) -> Setup:
    s = Setup(tasks, policy, *incidents)
    await s.cache.load()
    return s


async def test_reconcile_writes_the_counts_and_posts_ready_only_when_it_changes(tasks: Tasks) -> None:
    s = await setup(
        tasks,
        policy_body(),
        incident_body("a", "n1", policy="web", phase="Remediating"),
        incident_body("b", "n2", policy="web", phase="Resolved"),
    )
    await s.controller.reconcile("web")
    status = s.policy().status
    assert (status.observed_generation, status.matched_nodes, status.active_incidents) == (1, 2, 1)
    ready = next(c for c in status.conditions if c.type == "Ready")
    assert (ready.status, ready.reason) == ("True", "Active")
    assert [(t, r) for t, r, _ in s.events()] == [("Normal", "Active")]
    writes = len(s.kube.writes)
    await s.controller.reconcile("web")  # nothing changed: no write, no Event
    assert len(s.kube.writes) == writes and len(s.events()) == 1


async def test_an_invalid_policy_is_not_ready_and_says_what_to_fix(tasks: Tasks) -> None:
    s = await setup(tasks, policy_body(patterns=[{"id": "mine", "regex": "foo([", "actions": ["restart"]}]))
    await s.controller.reconcile("web")
    ready = next(c for c in s.policy().status.conditions if c.type == "Ready")
    assert (ready.status, ready.reason) == ("False", "InvalidSpec")
    [(kind, reason, message)] = s.events()
    assert (kind, reason) == ("Warning", "InvalidSpec") and "spec.patterns[0] (mine)" in message


async def test_reconciles_asked_for_while_one_is_queued_share_its_write(tasks: Tasks) -> None:
    s = await setup(tasks, policy_body())
    results = await asyncio.gather(*(s.controller.reconcile("web") for _ in range(5)))
    assert s.kube.count("patch/status", POLICY_PLURAL) == 1
    assert all(r is results[0] for r in results)


def note(key: str, kind: str = "Action", **fields: Any) -> OutcomeNote:
    return OutcomeNote.model_validate({"key": key, "kind": kind, "pattern": "container_exit", "serviceType": "docker",
                                       "target": "n1/web-1", "at": datetime.now(UTC).isoformat(), **fields})


async def test_outcomes_are_learned_with_one_event_per_visible_change_of_confidence(tasks: Tasks) -> None:
    inc = incident_body("a", "n1", policy="web", phase="Resolved")
    s = await setup(tasks, policy_body(), inc)
    for i in range(30):
        success = note(f"uid-a/a-{i}", action="restart", success=True, seconds=2.0)
        await s.controller.apply_notes("web", Incident.model_validate(inc), [success])
    await eventually(lambda: s.policy().status.stats.attempts == 30)
    status = s.policy().status
    [entry] = status.learning
    assert (entry.successes, entry.failures, status.stats.resolved_total) == (30, 0, 30)
    learned = [m for _, r, m in s.events() if r == "Learned"]
    assert 1 <= len(learned) < 30
    shown = [m.rsplit("confidence now ", 1)[1] for m in learned]
    assert all(a != b for a, b in pairwise(shown))  # each Event shows a new figure


async def test_a_circuit_that_opens_escalates_the_incident_with_the_latest_attempt(tasks: Tasks) -> None:
    t = datetime.now(UTC)

    def attempted(name: str, node: str, minutes_ago: int) -> dict[str, Any]:
        at = (t - timedelta(minutes=minutes_ago)).isoformat()
        attempt = {"id": f"{name}-1", "action": "restart", "requestedAt": at, "result": "VerificationFailed"}
        return incident_body(name, node, policy="web", phase="Suppressed", attempts=[attempt])

    s = await setup(
        tasks,
        policy_body(stuck={"consecutiveFailures": 2, "minAttempts": 10, "halfOpenAfter": "1m"}),
        attempted("older", "n1", 5),
        attempted("latest", "n2", 1),
    )
    for name in ("older", "latest"):
        inc = s.cache.incidents[name]
        failure = note(f"uid-{name}/{name}-1", action="restart", success=False,
                       target=f"{inc.spec.node}/{inc.spec.target.name}")
        await s.controller.apply_notes("web", inc, [failure])
    await eventually(lambda: s.escalated != [])
    assert s.escalated == [("latest", "Stuck")]
    assert any(c.state == "Open" for c in s.policy().status.circuits)
    assert any((kind, reason) == ("Warning", "Stuck") for kind, reason, _ in s.events())
    await s.controller.reconcile("web")  # already escalated: once
    assert s.escalated == [("latest", "Stuck")]


async def test_a_note_is_applied_once_whatever_happens_twice(tasks: Tasks) -> None:
    """An operator that died after the policy write and before marking the note applies it again: no double count."""
    inc = Incident.model_validate(incident_body("a", "n1", policy="web", phase="Resolved"))
    s = await setup(tasks, policy_body(), incident_body("a", "n1", policy="web", phase="Resolved"))
    success = note("uid-a/a-1", action="restart", success=True, seconds=2.0)
    for _ in range(3):
        written = await s.controller.apply_notes("web", inc, [success])
        assert written is not None and "uid-a/a-1" in written.status.applied_outcomes
    status = s.policy().status
    assert (status.stats.attempts, status.learning[0].successes) == (1, 1)


async def test_self_recovery_and_shadow_are_figures_of_their_own_never_learning(tasks: Tasks) -> None:
    inc = Incident.model_validate(incident_body("a", "n1", policy="web", phase="Resolved"))
    s = await setup(tasks, policy_body(), incident_body("a", "n1", policy="web", phase="Resolved"))
    notes = [note("uid-a/shadow-1", "Shadow", action="restart"), note("uid-b/shadow-1", "Shadow", action="restart"),
             note("uid-a/recovered-1", "SelfRecovery", seconds=12.0, shadow=True),
             note("uid-c/recovered-1", "SelfRecovery", seconds=30.0)]
    await s.controller.apply_notes("web", inc, notes)
    status = s.policy().status
    assert status.learning == [] and status.stats.attempts == 0
    assert status.shadow is not None
    assert (status.shadow.would_have_acted, status.shadow.recovered_alone) == (2, 1)
    assert status.shadow.median_seconds_to_recovery == 12.0
    [entry] = status.self_recovery
    assert (entry.pattern, entry.target, entry.count, entry.median_seconds) == ("container_exit", "n1/web-1", 2, 21.0)
    assert status.stats.self_recovered_total == 2
