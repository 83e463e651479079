"""Sharding (controller/operator/shard.py): which process decides what, and `--shard` refused when it is wrong.

Two runtimes on one fake API server play `healing operator --shard 0/2` and `--shard 1/2`: each incident is decided
(written, its Events posted) by the shard that owns its policy only, each policy's status written by its owner only,
and an incident whose policy moves to the other shard is picked up there. The real API server with two operator
processes: tests/integration/test_operator_shards.py.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from typer.testing import CliRunner

from controller.api.incident import Incident
from controller.cli import app
from controller.constants import INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator.runtime import Runtime
from controller.operator.settings import configure
from controller.operator.shard import MAX_SHARDS, Shard, policy_shard
from tests.fakes.kube import FakeKube, eventually, incident_body, policy_body

# Owners for two shards, pinned: the hash must never change between versions (an upgrade would move every policy).
ON_SHARD_0, ON_SHARD_1 = "alpha", "beta"


def test_a_policys_owner_is_pinned_and_independent_of_the_process() -> None:
    pinned = {("alpha", 2): 0, ("beta", 2): 1, ("alpha", 4): 2, ("pool-04", 4): 3, ("web", 64): None}
    for (name, count), shard in pinned.items():
        if shard is not None:
            assert policy_shard(name, count) == shard, (name, count)
    # Python's hash() of a str changes with PYTHONHASHSEED; the owner must not
    code = "from controller.operator.shard import policy_shard; print([policy_shard(f'p{i}', 7) for i in range(50)])"
    seen = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3")}
    assert len(seen) == 1
    assert seen.pop().strip() == str([policy_shard(f"p{i}", 7) for i in range(50)])


def test_policies_spread_over_the_shards_and_no_policy_goes_to_shard_0() -> None:
    for count in (2, 4, 8):
        owners = Counter(policy_shard(f"team-{i}-policy", count) for i in range(4000))
        assert set(owners) == set(range(count))
        expected = 4000 / count
        assert all(abs(n - expected) < 0.15 * expected for n in owners.values()), owners
    assert policy_shard(None, 4) == 0
    assert policy_shard("anything", 1) == 0
    assert Shard(0, 4).owns_policy(None) and not Shard(1, 4).owns_policy(None)
    assert Shard().owns_policy("anything") and not Shard().sharded


@pytest.mark.parametrize(("text", "says"), [
    ("1", "is not I/N"),
    ("a/b", "is not I/N"),
    ("-1/2", "is not I/N"),
    ("1/2/3", "is not I/N"),
    ("2/2", "shard index 2 is not one of 0..1"),
    ("0/0", "the number of shards must be 1 to 64, not 0"),
    (f"0/{MAX_SHARDS + 1}", "the number of shards must be 1 to 64, not 65"),
])
def test_a_bad_shard_is_refused_saying_what_to_write(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says) as err:
        Shard.parse(text)
    assert "--shard 0/2 and --shard 1/2" in str(err.value)
    result = CliRunner().invoke(app, ["operator", "--shard", text])
    assert result.exit_code == 2
    assert says in " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())  # the message, out of its box


def test_shard_parse_peering_and_instance() -> None:
    shard = Shard.parse(" 3/8 ")
    assert (shard.index, shard.count, str(shard)) == (3, 8, "3/8")
    assert shard.peering_name("healing-operator") == "healing-operator-shard-3"
    assert shard.peering_name(None) is None
    assert shard.instance == "healing-operator-shard-3" and not shard.runs_singletons
    assert Shard.parse("0/8").runs_singletons
    one = Shard.parse("0/1")  # one shard: everything as without --shard
    assert one.peering_name("healing-operator") == "healing-operator" and one.instance is None


def test_each_shard_keeps_its_own_kopf_annotations_and_shard_0_the_unsharded_ones() -> None:
    import kopf

    prefixes = {}
    for shard in (None, Shard(0, 2), Shard(1, 2)):
        settings = kopf.OperatorSettings()
        configure(settings, peering=None, shard=shard)
        prefixes[shard] = settings.persistence.progress_storage.prefix
    assert prefixes[None] == prefixes[Shard(0, 2)] == "healing.insa.io"
    assert prefixes[Shard(1, 2)] == "shard-1.healing.insa.io"


# --- two shards on one (fake) API server ------------------------------------------------------------------------


def client_of(kube: FakeKube) -> FakeKube:
    """Another process's connection to the same API server: the same objects, its own record of writes."""
    other = copy.copy(kube)
    other.writes, other.posted, other.requests = [], [], []
    return other


@pytest_asyncio.fixture(loop_scope="function")
async def two_shards() -> AsyncIterator[tuple[FakeKube, list[Runtime]]]:
    kube = FakeKube()
    assert (policy_shard(ON_SHARD_0, 2), policy_shard(ON_SHARD_1, 2)) == (0, 1)
    kube.create(POLICY_PLURAL, policy_body(ON_SHARD_0, targets=[{"kind": "docker", "match": "web-a*"}]))
    kube.create(POLICY_PLURAL, policy_body(ON_SHARD_1, targets=[{"kind": "docker", "match": "web-b*"}]))
    runtimes = [Runtime(client_of(kube), concurrency=2, shard=Shard(i, 2)) for i in range(2)]
    for runtime in runtimes:
        await runtime.start()
    try:
        yield kube, runtimes
    finally:
        for runtime in runtimes:
            await runtime.stop()


async def watched(runtimes: list[Runtime], kube: FakeKube, name: str, type_: str = "MODIFIED") -> None:
    """Kopf's watch delivers every change to every shard."""
    for runtime in runtimes:
        await runtime.incident_event(type_, kube.objects[(INCIDENT_PLURAL, name)])


def status(kube: FakeKube, name: str) -> Incident:
    return Incident.model_validate(kube.objects[(INCIDENT_PLURAL, name)])


def written(runtime: Runtime, plural: str) -> set[str]:
    return {name for _, p, name in runtime.kube.writes if p == plural}  # type: ignore[attr-defined]


def reporters(runtimes: list[Runtime], name: str) -> set[str | None]:
    return {ev.get("reportingInstance") for r in runtimes for ev in r.kube.posted  # type: ignore[attr-defined]
            if ev.get("involvedObject", {}).get("name") == name}


async def test_each_incident_is_decided_and_its_policy_written_by_the_shard_that_owns_the_policy(
    two_shards: tuple[FakeKube, list[Runtime]],
) -> None:
    kube, runtimes = two_shards
    for name, target in (("inc-a", "web-a1"), ("inc-b", "web-b1"), ("inc-none", "db-1")):
        kube.create(INCIDENT_PLURAL, incident_body(name, target=target))
        await watched(runtimes, kube, name, "ADDED")
    await eventually(lambda: status(kube, "inc-a").status.phase == "Remediating")
    await eventually(lambda: status(kube, "inc-b").status.phase == "Remediating")
    await eventually(lambda: status(kube, "inc-none").status.reason == "NoPolicy")
    assert (status(kube, "inc-a").status.policy, status(kube, "inc-b").status.policy) == (ON_SHARD_0, ON_SHARD_1)
    await eventually(lambda: all(
        len(kube.objects[(POLICY_PLURAL, p)].get("status", {}).get("actionsLastHour", [])) == 1
        for p in (ON_SHARD_0, ON_SHARD_1)))
    zero, one = runtimes
    assert written(zero, INCIDENT_PLURAL) == {"inc-a", "inc-none"}  # no policy: shard 0's
    assert written(one, INCIDENT_PLURAL) == {"inc-b"}
    assert written(zero, POLICY_PLURAL) == {ON_SHARD_0} and written(one, POLICY_PLURAL) == {ON_SHARD_1}
    await eventually(lambda: bool(reporters(runtimes, "inc-a")) and bool(reporters(runtimes, "inc-b")))
    assert reporters(runtimes, "inc-a") == {"healing-operator-shard-0"}
    assert reporters(runtimes, "inc-b") == {"healing-operator-shard-1"}
    assert reporters(runtimes, "inc-none") == {"healing-operator-shard-0"}


async def test_a_shard_never_writes_the_status_of_a_policy_it_does_not_own(
    two_shards: tuple[FakeKube, list[Runtime]],
) -> None:
    kube, (zero, one) = two_shards
    assert await zero.reconcile_policy(ON_SHARD_1) is not None  # the cached policy; its owner reconciles it
    assert await zero.policy_status.update(ON_SHARD_1, lambda p: p.status.model_copy(update={"matched_nodes": 9}))\
        is None
    assert ON_SHARD_1 not in written(zero, POLICY_PLURAL)
    assert kube.objects[(POLICY_PLURAL, ON_SHARD_1)].get("status", {}).get("matchedNodes") != 9
    assert await one.reconcile_policy(ON_SHARD_1) is not None
    assert written(one, POLICY_PLURAL) == {ON_SHARD_1}


async def test_an_incident_whose_policy_moves_to_the_other_shard_is_decided_there(
    two_shards: tuple[FakeKube, list[Runtime]],
) -> None:
    kube, runtimes = two_shards
    zero, one = runtimes
    # held for approval under shard 0's policy
    kube.concurrent_write(POLICY_PLURAL, ON_SHARD_0, {"spec": {"mode": "Approve"}})
    for runtime in runtimes:
        await runtime.policy_event("MODIFIED", kube.objects[(POLICY_PLURAL, ON_SHARD_0)])
    kube.create(INCIDENT_PLURAL, incident_body("moving", target="web-a-special"))
    await watched(runtimes, kube, "moving", "ADDED")
    await eventually(lambda: status(kube, "moving").status.reason == "AwaitingApproval")
    assert "moving" not in written(one, INCIDENT_PLURAL)
    # a policy naming the target exactly (more specific: it governs now), owned by shard 1, acts at once
    body = kube.create(POLICY_PLURAL, policy_body("delta", targets=[
        {"kind": "docker", "match": "web-a-special"}]))
    assert policy_shard("delta", 2) == 1
    for runtime in runtimes:
        await runtime.policy_event("ADDED", body)
    await eventually(lambda: status(kube, "moving").status.phase == "Remediating")
    assert status(kube, "moving").status.policy == "delta"
    assert "moving" in written(one, INCIDENT_PLURAL)
    writes_by_zero = len([w for w in zero.kube.writes if w[2] == "moving"])  # type: ignore[attr-defined]
    await watched(runtimes, kube, "moving")  # its next changes: shard 1's only
    await eventually(lambda: len(kube.objects[(POLICY_PLURAL, "delta")]["status"]
                                 .get("actionsLastHour", [])) == 1)
    assert len([w for w in zero.kube.writes if w[2] == "moving"]) == writes_by_zero  # type: ignore[attr-defined]


def test_the_advisor_limits_are_shared_out_so_that_all_shards_together_stay_within_them() -> None:
    from controller.operator.main import AdvisorSettings, _advisor_limits

    one = _advisor_limits(AdvisorSettings(calls_per_hour=30, burst=5))
    assert (one.calls_per_hour, one.burst) == (30, 5)
    two = _advisor_limits(AdvisorSettings(calls_per_hour=30, burst=5), 2)
    assert (two.calls_per_hour, two.burst) == (15, 2)
    eight = _advisor_limits(AdvisorSettings(calls_per_hour=30, burst=5), 8)
    assert (eight.calls_per_hour, eight.burst) == (3.75, 1)  # at least one call per shard


async def test_a_shard_resolves_the_policy_once_per_decision(
    two_shards: tuple[FakeKube, list[Runtime]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ownership and the guards are counted on one resolution of the incident's policy (no await between them), not
    on two: resolving is the costly part of a decision in a storm."""
    from controller.api.selection import Resolution
    from controller.operator.cache import Cache

    kube, runtimes = two_shards
    zero, _ = runtimes
    calls: list[str] = []
    resolve = Cache.resolve

    def counted(self: Cache, inc: Incident) -> Resolution:
        calls.append(inc.metadata.name)
        return resolve(self, inc)

    kube.create(INCIDENT_PLURAL, incident_body("inc-a", target="web-a1"))
    zero.cache.incidents["inc-a"] = status(kube, "inc-a")  # cached: counted toward its policy's blast radius
    monkeypatch.setattr(Cache, "resolve", counted)  # from here on, the decision's resolutions only
    await zero.reconcile_incident("inc-a")
    assert status(kube, "inc-a").status.phase == "Remediating"
    assert calls == ["inc-a"]
