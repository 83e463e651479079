"""Strategy table, Beta-posterior learning and the storm guards (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from controller.api.healingpolicy import BackoffSpec, HealingPolicySpec, LimitsSpec, UnknownSignature
from controller.operator import guards, learning, strategy

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def spec(**kw: object) -> HealingPolicySpec:
    base: dict[str, object] = {"targets": [{"kind": "docker", "match": "web-*"}]}
    base.update(kw)
    return HealingPolicySpec.model_validate(base)


def test_port_conflict_tries_free_port_then_restart() -> None:
    s = spec(actions=["restart", "freePort"])
    assert strategy.candidate_actions("port_conflict", "systemd", s) == ["freePort", "restart"]


def test_candidates_are_restricted_to_the_policy_actions() -> None:
    assert strategy.candidate_actions("port_conflict", "systemd", spec(actions=["restart"])) == ["restart"]
    assert strategy.candidate_actions("disk_full", "systemd", spec(actions=["restart"])) == ["escalate"]


@pytest.mark.parametrize("pattern", ["config_error", "dependency_missing"])
def test_not_auto_fixable_patterns_escalate_even_when_restart_is_allowed(pattern: str) -> None:
    assert strategy.candidate_actions(pattern, "docker", spec(actions=["restart"])) == ["escalate"]


def test_docker_crash_restarts_then_recreates() -> None:
    s = spec(actions=["restart", "recreateContainer"])
    assert strategy.candidate_actions("container_exit", "docker", s) == ["restart", "recreateContainer"]
    assert strategy.candidate_actions("process_crash", "systemd", spec(actions=["restart", "resetFailed"])) == [
        "resetFailed",
        "restart",
    ]


def test_out_of_memory_escalates_on_repeat() -> None:
    s = spec(actions=["restart"])
    assert strategy.candidate_actions("out_of_memory", "docker", s) == ["restart"]
    assert strategy.candidate_actions("out_of_memory", "docker", s, previous_successes=["restart"]) == ["escalate"]


def test_user_pattern_actions_replace_the_table_and_its_confidence_is_the_prior() -> None:
    s = spec(
        actions=["restart", "cleanDisk"],
        patterns=[{"id": "my_crash", "regex": "boom", "actions": ["cleanDisk"], "confidence": 0.9}],
    )
    assert strategy.candidate_actions("my_crash", "systemd", s) == ["cleanDisk"]
    assert strategy.prior("my_crash", "systemd", "cleanDisk", s) == 0.9


def test_unknown_signature_starts_below_the_default_threshold() -> None:
    s = spec()
    assert strategy.candidate_actions("sig-abc", "docker", s) == ["restart"]
    assert learning.posterior_mean(strategy.prior("sig-abc", "docker", "restart"), 0, 0) < s.confidence_threshold


def test_posterior_mean_is_beta_with_prior_strength_two() -> None:
    assert learning.posterior_mean(0.8, 0, 0) == pytest.approx(0.8)
    # alpha0 = 1.6, beta0 = 0.4: after 3 successes and 1 failure -> 4.6 / 6
    assert learning.posterior_mean(0.8, 3, 1) == pytest.approx(4.6 / 6)
    assert learning.posterior_mean(0.5, 0, 10) < 0.1


def test_record_updates_counts_and_confidence_and_is_bounded() -> None:
    entries = learning.record(
        [], pattern="port_conflict", service_type="systemd", action="freePort", success=True, prior_p=0.85, now=NOW
    )
    entries = learning.record(
        entries, pattern="port_conflict", service_type="systemd", action="freePort", success=True, prior_p=0.85, now=NOW
    )
    assert (entries[0].successes, entries[0].failures) == (2, 0)
    assert entries[0].confidence == pytest.approx((1.7 + 2) / 4, abs=1e-4)
    many = entries
    for i in range(5):
        many = learning.record(
            many,
            pattern=f"p{i}",
            service_type="docker",
            action="restart",
            success=False,
            prior_p=0.5,
            now=NOW + timedelta(seconds=i + 1),
            max_entries=3,
        )
    assert len(many) == 3
    assert {e.pattern for e in many} == {"p2", "p3", "p4"}  # least recently updated evicted


def test_unknown_signatures_listed_only_when_seen_repeatedly() -> None:
    once = UnknownSignature(signature="sig-1", count=1)
    twice = UnknownSignature(signature="sig-2", count=3, example="weird failure")
    listed = learning.merge_unknown_signatures([], {"sig-1": once, "sig-2": twice})
    assert [s.signature for s in listed] == ["sig-2"]
    # counts never go down when the incidents are garbage-collected
    again = learning.merge_unknown_signatures(listed, {"sig-2": UnknownSignature(signature="sig-2", count=1)})
    assert again[0].count == 3


def test_backoff_grows_exponentially_and_caps() -> None:
    b = BackoffSpec(initial="10s", factor=2, max="1m")
    applied: list[float] = []
    for _ in range(5):
        applied.append(guards.next_cooldown(b, applied))
    assert applied == [10, 20, 40, 60, 60]
    assert guards.backoff_should_reset(b, NOW - timedelta(minutes=11), NOW)
    assert not guards.backoff_should_reset(b, NOW - timedelta(minutes=5), NOW)


def test_rate_limit_counts_the_rolling_hour() -> None:
    limits = LimitsSpec(max_actions_per_hour=2)
    old = NOW - timedelta(minutes=61)
    assert guards.rate_limit(limits, [old, NOW - timedelta(minutes=5)], NOW).ok
    verdict = guards.rate_limit(limits, [NOW - timedelta(minutes=50), NOW - timedelta(minutes=5)], NOW)
    assert not verdict.ok and verdict.reason == "RateLimited"
    assert verdict.retry_after == pytest.approx(600)


def test_concurrency_and_blast_radius() -> None:
    limits = LimitsSpec(max_concurrent=2, max_unhealthy_percent=40)
    assert guards.concurrency(limits, 1).ok
    assert guards.concurrency(limits, 2).reason == "MaxConcurrent"
    assert guards.blast_radius(limits, 4, 10).ok
    tripped = guards.blast_radius(limits, 5, 10)
    assert tripped.reason == "BlastRadius" and "50%" in tripped.message
    assert guards.blast_radius(limits, 2, 2).ok  # tiny fleets are exempt


# --- pods -----------------------------------------------------------------------------------------------------

POD_ACTIONS = ["rolloutRestart", "evictPod"]


def pod_spec(**kw: object) -> HealingPolicySpec:
    return spec(targets=[{"kind": "pod", "namespace": "shop", "selector": {}}], **kw)


def test_a_crash_looping_workload_is_restarted_then_evicted() -> None:
    s = pod_spec(actions=POD_ACTIONS)
    assert strategy.candidate_actions("process_crash", "pod", s) == ["rolloutRestart", "evictPod"]
    assert strategy.candidate_actions("connection_refused", "pod", s) == ["rolloutRestart", "evictPod"]
    assert strategy.candidate_actions("port_conflict", "pod", s) == ["evictPod", "rolloutRestart"]  # a host port
    assert strategy.candidate_actions(None, "pod", s) == ["rolloutRestart"]  # unknown: low prior, approval first
    assert strategy.prior(None, "pod", "rolloutRestart") == 0.35


@pytest.mark.parametrize("pattern", ["config_error", "dependency_missing", "out_of_memory", "permission_denied"])
def test_config_image_memory_and_permission_failures_of_pods_are_escalated_never_restarted(pattern: str) -> None:
    # an image that cannot be pulled is dependency_missing; a memory limit too small keeps OOM-killing the container
    assert strategy.candidate_actions(pattern, "pod", pod_spec(actions=POD_ACTIONS)) == ["escalate"]


def test_pod_incidents_never_get_host_actions_and_hosts_never_get_workload_actions() -> None:
    mixed = pod_spec(actions=["restart", "fixPermissions", "rolloutRestart", "evictPod"])
    assert strategy.candidate_actions("process_crash", "pod", mixed) == ["rolloutRestart", "evictPod"]
    assert strategy.candidate_actions("process_crash", "systemd", mixed) == ["restart"]
    # a user pattern listing both kinds keeps only what fits the target
    user = pod_spec(actions=["restart", "rolloutRestart"],
                    patterns=[{"id": "app_wedged", "regex": "wedged", "actions": ["restart", "rolloutRestart"]}])
    assert strategy.candidate_actions("app_wedged", "pod", user) == ["rolloutRestart"]
    assert strategy.candidate_actions("app_wedged", "docker", user) == ["restart"]
    # a pod policy that allows no workload action: nothing to try but a human
    assert strategy.candidate_actions("process_crash", "pod", pod_spec(actions=["restart"])) == []
