"""The escalation driver alone: the policy's count, the record on the Incident (409 merged, never lost), nothing
written when a channel operation has nothing to say, and its two adapters (Secret reader, Event sink)."""

from __future__ import annotations

import asyncio
import base64
from collections import defaultdict

import pytest

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.constants import INCIDENT_KIND, INCIDENT_PLURAL, POLICY_KIND, POLICY_PLURAL
from controller.operator.cache import Cache
from controller.operator.escalation_driver import EscalationDriver, EventSink, SecretReader
from controller.operator.events import EventPoster
from controller.operator.k8s import ApiError
from controller.operator.metacognition.escalate import SecretNotReadable
from controller.operator.policy_status import PolicyStatusWriter
from controller.operator.tasks import Tasks
from tests.fakes.kube import FakeKube, incident_body, policy_body


async def driver_for(kube: FakeKube, tasks: Tasks) -> tuple[EscalationDriver, EventPoster]:
    kube.create(POLICY_PLURAL, policy_body("web"))
    kube.create(INCIDENT_PLURAL, incident_body("a", policy="web", phase="Escalated", reason="NotAutoFixable"))
    cache = Cache(kube)
    await cache.load()
    poster = EventPoster(kube)  # not started: the queue shows what would be posted
    locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
    writer = PolicyStatusWriter(kube, cache, tasks.spawn)
    driver = EscalationDriver(kube, cache, writer, poster, locks.__getitem__, tasks.spawn)
    return driver, poster


def stored_incident(kube: FakeKube) -> Incident:
    return Incident.model_validate(kube.objects[(INCIDENT_PLURAL, "a")])


def queued_events(poster: EventPoster) -> list[tuple[str, str, str]]:
    bodies = poster.pending()
    return [(b["involvedObject"]["kind"], b["type"], b["reason"]) for b in bodies]


async def test_escalating_counts_on_the_policy_records_on_the_incident_and_posts_events(tasks: Tasks) -> None:
    kube = FakeKube()
    driver, poster = await driver_for(kube, tasks)
    await driver.escalate("a", "NotAutoFixable")
    policy = HealingPolicy.model_validate(kube.objects[(POLICY_PLURAL, "web")])
    assert policy.status.stats.escalated_total == 1
    [record] = stored_incident(kube).status.escalations
    assert (record.channel, record.reason) == ("event", "NotAutoFixable")
    assert "no channel configured" in record.message
    assert queued_events(poster) == [(INCIDENT_KIND, "Warning", "Escalated"), (POLICY_KIND, "Warning", "Escalated")]
    assert driver.cache.incidents["a"].status.escalations == stored_incident(kube).status.escalations


async def test_a_record_written_meanwhile_by_someone_else_is_kept_next_to_ours(tasks: Tasks) -> None:
    kube = FakeKube()
    driver, _ = await driver_for(kube, tasks)
    theirs = {"channel": "webhook", "at": "2026-01-01T00:00:00Z", "reason": "Stuck", "result": "Delivered"}
    kube.interfere(INCIDENT_PLURAL, "a", {"status": {"escalations": [theirs]}})
    await driver.escalate("a", "NotAutoFixable")
    assert kube.count("patch/status", INCIDENT_PLURAL) == 2  # 409, then re-read and merged
    assert [e.channel for e in stored_incident(kube).status.escalations] == ["webhook", "event"]


async def test_nothing_to_report_writes_nothing(tasks: Tasks) -> None:
    kube = FakeKube()
    driver, poster = await driver_for(kube, tasks)
    await driver.report_resolved("a")  # no channel received an escalation: nobody to tell
    await driver.escalate("missing", "Stuck")  # not in the cache: no incident, no policy
    assert kube.writes == [] and poster.queue.empty()


async def test_the_secret_reader_reads_one_key_and_says_what_is_wrong() -> None:
    kube = FakeKube()
    reader = SecretReader(kube)
    with pytest.raises(SecretNotReadable, match="Secret ops/gh does not exist"):
        await reader.read("ops", "gh", "token")
    kube.fail_next.append(ApiError(403, "forbidden"))
    with pytest.raises(SecretNotReadable, match="add its name to the Role healing-operator-secrets"):
        await reader.read("ops", "gh", "token")
    token = base64.b64encode(b"ghp_example\n").decode()
    kube.secrets[("ops", "gh")] = {"metadata": {"namespace": "ops", "name": "gh"}, "data": {"token": token}}
    assert (await reader.read("ops", "gh", "token")).value == "ghp_example"
    with pytest.raises(SecretNotReadable, match="has no key 'other'"):
        await reader.read("ops", "gh", "other")


async def test_the_event_sink_posts_on_the_incident_or_the_policy() -> None:
    kube = FakeKube()
    poster = EventPoster(kube)
    sink = EventSink(poster)
    await sink.emit(Incident.model_validate(incident_body("a")), "Warning", "Escalated", "to humans")
    await sink.emit(HealingPolicy.model_validate(policy_body("web")), "Normal", "EscalationResolved", "done")
    assert queued_events(poster) == [
        (INCIDENT_KIND, "Warning", "Escalated"),
        (POLICY_KIND, "Normal", "EscalationResolved"),
    ]


async def test_an_escalation_carries_the_log_excerpt_the_cache_leaves_out(tasks: Tasks) -> None:
    """The cache keeps no log excerpt (cache.parse_incident); what an escalation channel is given is read fresh."""
    kube = FakeKube()
    driver, _ = await driver_for(kube, tasks)
    kube.objects[(INCIDENT_PLURAL, "a")]["status"]["detection"]["evidence"] = {"logExcerpt": ["boot", "crashed"]}
    await driver.cache.load()
    assert driver.cache.incidents["a"].status.detection.evidence.log_excerpt == []
    seen: list[list[str]] = []

    async def channel(inc: Incident, _policy: HealingPolicy) -> list:
        seen.append(inc.status.detection.evidence.log_excerpt)
        return []

    await driver._channels("a", "escalation", channel)
    assert seen == [["boot", "crashed"]]
