"""The cache: newest version wins, policy echoes and generations, node changes; the index keeps the guard counts."""

from __future__ import annotations

from typing import Any

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.constants import HOSTREPORT_PLURAL, INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator.cache import Cache, IncidentIndex
from tests.fakes.kube import NODES, FakeKube, incident_body, policy_body


def inc(name: str, node: str, phase: str | None, policy: str | None = "p") -> Incident:
    status: dict[str, Any] = {"phase": phase, "policy": policy} if phase else {"policy": policy}
    return Incident.model_validate(
        {
            "metadata": {"name": name},
            "spec": {
                "node": node,
                "target": {"kind": "docker", "name": name},
                "serviceType": "docker",
                "failure": "container_exit",
            },
            "status": status,
        }
    )


def test_counts_follow_phase_changes_and_deletions() -> None:
    idx = IncidentIndex()
    idx["a"] = inc("a", "n1", "Remediating")
    idx["b"] = inc("b", "n1", "Suppressed")
    idx["c"] = inc("c", "n2", "Verifying")
    assert idx.in_flight["p"] == {"a", "c"}
    assert dict(idx.active_nodes["p"]) == {"n1": 2, "n2": 1}
    version = idx.version
    idx["c"] = inc("c", "n2", "Resolved")
    assert idx.in_flight["p"] == {"a"} and dict(idx.active_nodes["p"]) == {"n1": 2}
    assert idx.version == version  # n2 still has an incident
    idx.pop("c")
    assert "n2" not in idx.nodes and idx.version == version + 1
    idx.pop("missing")
    idx["a"] = inc("a", "n1", "Resolved")
    idx["b"] = inc("b", "n1", "Resolved")
    assert not idx.in_flight["p"] and not idx.active_nodes["p"]


def test_each_policy_knows_its_incidents_and_the_undecided_wait_in_arrival_order() -> None:
    """The policy status is observed from the policy's own incidents (a scan of every incident per policy write
    made a 3,000-incident storm's operator CPU grow faster than the storm), the undecided ones feed freed slots."""
    idx = IncidentIndex()
    idx["a"] = inc("a", "n1", None, policy=None)
    idx["b"] = inc("b", "n1", None, policy=None)
    idx["c"] = inc("c", "n2", "Remediating", policy="p")
    assert list(idx.undecided) == ["a", "b"] and idx.by_policy["p"] == {"c"}
    idx["a"] = inc("a", "n1", "Suppressed", policy="q")
    idx["c"] = inc("c", "n2", "Remediating", policy="q")  # its policy changed
    assert list(idx.undecided) == ["b"] and idx.by_policy["q"] == {"a", "c"} and not idx.by_policy["p"]
    idx.pop("a")
    assert idx.by_policy["q"] == {"c"}


def cache_with(kube: FakeKube) -> Cache:
    return Cache(kube)


async def test_load_lists_every_kind_and_skips_malformed_objects() -> None:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body("web"))
    kube.create(INCIDENT_PLURAL, incident_body("a", node="n1"))
    kube.create(INCIDENT_PLURAL, {"metadata": {"name": "broken"}, "spec": {"node": 7}})
    kube.create(NODES, {"metadata": {"name": "n2", "labels": {"zone": "a"}}})
    kube.create(HOSTREPORT_PLURAL, {"metadata": {"name": "hr-n3"}, "spec": {"node": "n3"}})
    cache = cache_with(kube)
    await cache.load()
    assert set(cache.policies) == {"web"}
    assert set(cache.incidents) == {"a"}
    assert cache.nodes == {"n2": {"zone": "a"}}
    assert cache.report_nodes == {"n3"}
    assert cache.known_nodes() == {"n1", "n2", "n3"}


async def test_a_write_response_older_than_the_watched_version_never_replaces_it() -> None:
    kube = FakeKube()
    cache = cache_with(kube)
    written = Incident.model_validate(kube.create(INCIDENT_PLURAL, incident_body("a")))
    agent_answer = Incident.model_validate(
        kube.concurrent_write(INCIDENT_PLURAL, "a", {"status": {"phase": "Verifying"}})
    )
    cache.keep_newest(agent_answer)  # the watch was faster than our write's response
    cache.keep_newest(written)
    assert cache.incidents["a"].status.phase == "Verifying"
    newer = Incident.model_validate(kube.concurrent_write(INCIDENT_PLURAL, "a", {"status": {"phase": "Resolved"}}))
    cache.keep_newest(newer)
    assert cache.incidents["a"].status.phase == "Resolved"


def test_policy_events_say_when_incidents_must_be_decided_again() -> None:
    kube = FakeKube()
    cache = cache_with(kube)
    body = kube.create(POLICY_PLURAL, policy_body("web"))
    assert cache.policy_event("ADDED", body) is True
    assert cache.policy_event("MODIFIED", body) is False  # the echo of a write already cached
    status_only = kube.concurrent_write(POLICY_PLURAL, "web", {"status": {"matchedNodes": 3}})
    assert cache.policy_event("MODIFIED", status_only) is False
    assert cache.policies["web"].status.matched_nodes == 3  # cached all the same
    spec = kube.concurrent_write(POLICY_PLURAL, "web", {"metadata": {"generation": 2}, "spec": {"mode": "Shadow"}})
    assert cache.policy_event("MODIFIED", spec) is True
    malformed = {**spec, "metadata": {**spec["metadata"], "resourceVersion": "999"}, "spec": {"targets": "x"}}
    assert cache.policy_event("MODIFIED", malformed) is False
    assert cache.policies["web"].spec.mode == "Shadow"  # the last valid version stays
    assert cache.policy_event("DELETED", spec) is True
    assert "web" not in cache.policies


def test_a_lagging_policy_event_never_replaces_a_newer_write_response() -> None:
    """The status writer caches its write's response; the watch's events of earlier writes may still be on their
    way. An older version must not come back (it lacks what was just written: the advisor's answers, the budget)."""
    kube = FakeKube()
    cache = cache_with(kube)
    created = kube.create(POLICY_PLURAL, policy_body("web"))
    cache.policy_event("ADDED", created)
    first = kube.concurrent_write(POLICY_PLURAL, "web", {"status": {"matchedNodes": 1}})
    second = kube.concurrent_write(POLICY_PLURAL, "web", {"status": {"matchedNodes": 2}})
    cache.policies["web"] = HealingPolicy.model_validate(second)  # the writer's response
    assert cache.policy_event("MODIFIED", first) is False
    assert cache.policies["web"].status.matched_nodes == 2
    recreated = {**created, "metadata": {**created["metadata"], "uid": "uid-new", "resourceVersion": "1"}}
    cache.policy_event("ADDED", recreated)  # deleted and created again: a new object, whatever its version
    assert cache.policies["web"].metadata.uid == "uid-new"


def test_node_and_host_report_changes_recount_matched_nodes() -> None:
    cache = cache_with(FakeKube())
    policy = HealingPolicy.model_validate(policy_body("web", nodeSelector={"matchLabels": {"zone": "a"}}))
    assert cache.matched_nodes(policy) == 0
    cache.node_event("ADDED", {"metadata": {"name": "n1", "labels": {"zone": "a"}}})
    cache.node_event("ADDED", {"metadata": {"name": "n2", "labels": {"zone": "b"}}})
    assert cache.matched_nodes(policy) == 1
    cache.node_event("MODIFIED", {"metadata": {"name": "n2", "labels": {"zone": "a"}}})
    assert cache.matched_nodes(policy) == 2
    cache.node_event("DELETED", {"metadata": {"name": "n1"}})
    assert cache.matched_nodes(policy) == 1
    everywhere = HealingPolicy.model_validate(policy_body("all"))
    assert cache.matched_nodes(everywhere) == 1
    cache.hostreport_event("ADDED", {"metadata": {"name": "n9"}, "spec": {"node": "n9"}})
    assert cache.matched_nodes(everywhere) == 2  # a host report is a node too (no Node objects in `healing up`)
    cache.hostreport_event("DELETED", {"metadata": {"name": "n9"}, "spec": {"node": "n9"}})
    assert cache.matched_nodes(everywhere) == 1


async def test_rereads_follow_the_api_server_and_drop_what_is_gone() -> None:
    kube = FakeKube()
    cache = cache_with(kube)
    kube.create(POLICY_PLURAL, policy_body("web"))
    kube.create(INCIDENT_PLURAL, incident_body("a"))
    await cache.load()
    kube.concurrent_write(POLICY_PLURAL, "web", {"status": {"matchedNodes": 5}})
    assert (await cache.reread_policy("web")) is not None
    assert cache.policies["web"].status.matched_nodes == 5
    del kube.objects[(POLICY_PLURAL, "web")]
    del kube.objects[(INCIDENT_PLURAL, "a")]
    assert await cache.reread_policy("web") is None and "web" not in cache.policies
    assert await cache.reread_incident("a") is None and "a" not in cache.incidents


def test_validation_runs_once_per_generation() -> None:
    cache = cache_with(FakeKube())
    bad = policy_body("web", patterns=[{"id": "mine", "regex": "foo([", "actions": ["restart"]}])
    first = HealingPolicy.model_validate({**bad, "metadata": {"name": "web", "generation": 1}})
    errors = cache.validation_errors(first)
    assert errors and "spec.patterns[0] (mine)" in errors[0]
    assert cache.validation_errors(first) is errors
    fixed = policy_body("web", patterns=[{"id": "mine", "regex": "foo", "actions": ["restart"]}])
    assert (
        cache.validation_errors(HealingPolicy.model_validate({**fixed, "metadata": {"name": "web", "generation": 2}}))
        == []
    )


async def test_the_cached_incident_keeps_no_evidence_and_what_leaves_the_operator_reads_it_fresh() -> None:
    """Decisions never read the agent's evidence (log excerpt, matched lines and rules, exit code) nor the runner-up
    candidates, and at 10,000 incidents they would be much of the operator's memory: the cache leaves them out (what
    decides stays: pattern, signature, occurrences, times), the body it came from is not changed, and escalation
    and the advisor read the incident fresh from the API server (or the cached copy if the read fails)."""
    from controller.operator.cache import parse_incident
    from controller.operator.k8s import ApiError

    kube = FakeKube()
    body = incident_body("a", policy="p")
    detection = body["status"]["detection"]
    detection["evidence"] = {
        "source": "docker-logs", "logExcerpt": ["starting", "worker failed"], "matchedLines": ["worker failed"],
        "matchedRules": ["line 2: process_crash#1: x"], "exitCode": 1,
    }
    detection["candidates"] = [{"pattern": "process_crash", "confidence": 0.9}]
    detection["signature"] = "sig-abc"
    kube.create(INCIDENT_PLURAL, body)
    parsed = parse_incident(body)
    assert parsed is not None and parsed.status.detection is not None
    evidence = parsed.status.detection.evidence
    assert (evidence.log_excerpt, evidence.matched_lines, evidence.exit_code) == ([], [], None)
    assert parsed.status.detection.candidates == []
    kept = parsed.status.detection
    assert (kept.pattern, kept.signature, kept.occurrences) == (detection.get("pattern"), "sig-abc",
                                                                detection.get("occurrences", 1))
    assert body["status"]["detection"]["evidence"]["logExcerpt"] == ["starting", "worker failed"]  # not changed
    assert body["status"]["detection"]["candidates"]

    cache = Cache(kube)
    await cache.load()
    cached = cache.incidents["a"]
    assert cached.status.detection is not None and cached.status.detection.evidence.log_excerpt == []
    fresh = await cache.incident_with_evidence("a")
    assert fresh is not None and fresh.status.detection is not None
    assert fresh.status.detection.evidence.log_excerpt == ["starting", "worker failed"]
    assert (fresh.status.detection.evidence.matched_lines, fresh.status.detection.evidence.exit_code) == (
        ["worker failed"], 1)
    assert "a" in cache.incidents and cache.incidents["a"].status.detection.evidence.log_excerpt == []  # not cached
    kube.fail_next.append(ApiError(500, "etcd timeout"))
    assert await cache.incident_with_evidence("a") is cached  # the read failed: what the cache has
    del kube.objects[(INCIDENT_PLURAL, "a")]
    assert await cache.incident_with_evidence("a") is None


def resolved(name: str, node: str) -> Incident:
    """A resolved incident with the nested parts a real one has: attempts, executions, health, conditions."""
    return Incident.model_validate({
        "metadata": {"name": name, "resourceVersion": "9"},
        "spec": {"node": node, "target": {"kind": "docker", "name": "web"}, "serviceType": "docker",
                 "failure": "container_exit"},
        "status": {
            "phase": "Resolved", "reason": "Verified", "policy": "p", "action": "restart", "attemptCount": 1,
            "attempts": [{"id": "u-1", "action": "restart", "requestedAt": "2026-01-01T12:00:00Z",
                          "result": "Succeeded"}],
            "executions": [{"id": "u-1", "action": "restart", "startedAt": "2026-01-01T12:00:01Z",
                            "finishedAt": "2026-01-01T12:00:01Z", "result": "Succeeded"}],
            "health": {"healthy": True, "checkedAt": "2026-01-01T12:00:11Z", "since": "2026-01-01T12:00:01Z"},
            "conditions": [{"type": t, "status": "False", "reason": "Verified", "message": "",
                            "lastTransitionTime": "2026-01-01T12:00:12Z"} for t in ("Reconciling", "Stalled")],
            "detection": {"pattern": "container_exit", "confidence": 0.9, "occurrences": 1,
                          "firstSeen": "2026-01-01T12:00:00Z", "lastSeen": "2026-01-01T12:00:00Z"},
        },
    })


def models_in(value: Any) -> list[Any]:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return [value, *(m for v in value.__dict__.values() for m in models_in(v))]
    if isinstance(value, list):
        return [m for v in value for m in models_in(v)]
    return []


def test_cached_incidents_share_their_models_field_name_sets_and_stay_equal() -> None:
    """Pydantic's per-instance set of the input's field names was 60 % of a cached incident's memory: cached
    incidents with the same shape share one set per nested model, and nothing else about them changes."""
    idx = IncidentIndex()
    originals = [resolved(f"i{k}", f"n{k}") for k in range(3)]
    for original in originals:
        idx[original.metadata.name] = original.model_copy(deep=True)
    first, second = (models_in(idx[n]) for n in ("i0", "i1"))
    assert len(first) == len(second) >= 10
    assert all(a.__pydantic_fields_set__ is b.__pydantic_fields_set__ for a, b in zip(first, second, strict=True))
    for original in originals:
        cached = idx[original.metadata.name]
        assert cached == original and cached.dump() == original.dump()
        assert cached.model_fields_set == original.model_fields_set


def test_a_decision_changing_a_copy_of_a_cached_incident_leaves_the_shared_sets_alone() -> None:
    idx = IncidentIndex()
    idx["a"], idx["b"] = resolved("a", "n1"), resolved("b", "n2")
    shared = idx["b"].status.__pydantic_fields_set__
    before = set(shared)
    changed = idx["a"].status.model_copy(deep=True)
    changed.message = "reopened"
    changed.next_attempt_at = None
    updated = idx["a"].model_copy(update={"status": changed})
    assert shared == before and "message" in changed.model_fields_set
    idx["a"] = updated
    assert idx["a"].status.message == "reopened" and idx["b"].status.message == ""


def test_hostile_bodies_with_ever_new_field_sets_do_not_grow_the_shared_table_past_its_limit() -> None:
    """An agent (or anyone who can write incidents) could vary which fields it sends on every write: past the
    limit an incident keeps its own sets, the table does not grow."""
    idx = IncidentIndex()
    idx.field_sets.limit = 8
    for k in range(40):
        status = {"phase": "Resolved", "policy": "p", **{f: f"x{k}" for f in ("reason", "message")[: k % 3]}}
        extra = {"attemptCount": k} if k % 2 else {}
        idx[f"i{k}"] = Incident.model_validate({
            "metadata": {"name": f"i{k}", "labels": {f"l{k}": "v"} if k % 5 else {}},
            "spec": {"node": f"n{k}", "target": {"kind": "docker", "name": "w"}, "serviceType": "docker",
                     "failure": "container_exit"},
            "status": {**status, **extra},
        })
    assert len(idx.field_sets._shared) <= 8
    assert all(idx[f"i{k}"].status.policy == "p" for k in range(40))


def test_the_operator_never_reads_pydantics_fields_set() -> None:
    """The sharing is sound only while nothing reads which fields an input set: `exclude_unset` and
    `model_fields_set` would see the union of the shapes that share a set."""
    from pathlib import Path

    import controller

    root = Path(controller.__file__).parent
    readers = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*.py")
               for n, line in enumerate(path.read_text().splitlines(), 1)
               if "exclude_unset=" in line or ".model_fields_set" in line]
    assert readers == []


def test_an_undecided_incident_counts_toward_the_policy_that_will_decide_it_once() -> None:
    idx = IncidentIndex()
    idx.governing_policy = lambda i: None if i.spec.target.name == "x" else "web"  # no policy selects x
    idx["a"] = inc("a", "n1", None, policy=None)
    idx["a"] = inc("a", "n1", None, policy=None)  # a newer version, still waiting
    idx["x"] = inc("x", "n2", None, policy=None)
    assert dict(idx.active_nodes["web"]) == {"n1": 1} and "x" in idx.undecided
    idx["a"] = inc("a", "n1", "Remediating", policy="other")  # decided under another policy than expected
    assert not idx.active_nodes["web"] and dict(idx.active_nodes["other"]) == {"n1": 1}
    idx["b"] = inc("b", "n3", None, policy=None)
    idx.pop("b")
    assert not idx.active_nodes["web"]


async def test_undecided_incidents_are_counted_again_when_policies_or_node_labels_change() -> None:
    """The policy an undecided incident counts under follows the policies and the node labels: listed nodes (whose
    labels arrive after the incidents in a listing), a policy added, a node relabelled, the policy deleted."""
    kube = FakeKube()
    kube.create(NODES, {"metadata": {"name": "n1", "labels": {"tier": "edge"}}})
    kube.create(NODES, {"metadata": {"name": "n2", "labels": {"tier": "core"}}})
    kube.create(POLICY_PLURAL, policy_body("edge", nodeSelector={"matchLabels": {"tier": "edge"}}))
    for name, node in (("a", "n1"), ("b", "n2"), ("c", "n1")):
        kube.create(INCIDENT_PLURAL, incident_body(name, node=node))
    cache = cache_with(kube)
    await cache.load()
    assert dict(cache.incidents.active_nodes["edge"]) == {"n1": 2}
    assert list(cache.incidents.undecided) == ["a", "b", "c"]
    cache.policy_event("ADDED", kube.create(POLICY_PLURAL, policy_body("core", nodeSelector={
        "matchLabels": {"tier": "core"}})))
    assert dict(cache.incidents.active_nodes["core"]) == {"n2": 1}
    cache.node_event("MODIFIED", {"metadata": {"name": "n1", "labels": {"tier": "core"}}})
    assert not cache.incidents.active_nodes["edge"]
    assert dict(cache.incidents.active_nodes["core"]) == {"n1": 2, "n2": 1}
    cache.policy_event("DELETED", kube.objects[(POLICY_PLURAL, "core")])
    assert not cache.incidents.active_nodes["core"] and not cache.incidents.active_nodes["edge"]
    assert list(cache.incidents.undecided) == ["a", "b", "c"]  # their order in the queue is kept
