"""What a pod's status says (controller/operator/pods/observe.py), on statuses shaped like the kubelet's: each
failure once, the one a restart left behind in lastState, a workload's health that does not mistake the moment a
crash-looping container runs for a recovery, the pod an eviction picks, and what forbids a rollout restart."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from controller.api.workload import WorkloadRef
from controller.operator.pods.observe import (
    STABLE_SECONDS,
    container_failures,
    controller_of,
    disruption_budget_refusal,
    outdated,
    pod_to_evict,
    restart_refusal,
    selector_query,
    workload_health,
)

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
WEB = WorkloadRef("shop", "deployment", "web")


def ts(seconds_ago: float) -> str:
    return (NOW - timedelta(seconds=seconds_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def pod(name: str, *statuses: dict[str, Any], ready: bool = False, deleting: bool = False,
        owner: tuple[str, str] | None = ("ReplicaSet", "web-5d8f")) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": "shop", "uid": f"uid-{name}", "labels": {"app": "web"}}
    if owner:
        meta["ownerReferences"] = [{"kind": owner[0], "name": owner[1], "controller": True}]
    if deleting:
        meta["deletionTimestamp"] = ts(1)
    return {"metadata": meta, "spec": {"nodeName": "node-a"},
            "status": {"phase": "Running", "containerStatuses": list(statuses),
                       "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}}


def crash_looping(restarts: int = 3, code: int = 1, reason: str = "Error") -> dict[str, Any]:
    return {"name": "app", "restartCount": restarts, "ready": False, "image": "shop/web:1",
            "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container"}},
            "lastState": {"terminated": {"exitCode": code, "reason": reason, "finishedAt": ts(5),
                                         "containerID": f"containerd://dead{restarts}"}}}


def running(seconds: float, *, ready: bool = True, restarts: int = 0, last: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    status: dict[str, Any] = {"name": "app", "restartCount": restarts, "ready": ready, "started": True,
                              "state": {"running": {"startedAt": ts(seconds)}}}
    if last:
        status["lastState"] = {"terminated": last}
    return status


def test_a_crash_loop_is_one_failure_per_dead_container_with_its_previous_logs() -> None:
    (failure,) = container_failures(pod("web-1", crash_looping()), NOW, 60)
    assert (failure.reason, failure.hint, failure.hint_certain, failure.logs) == (
        "CrashLoopBackOff", "container_exit", False, "previous")
    assert failure.exit_code == 1 and failure.restarts == 3 and failure.node == "node-a"
    assert failure.at == NOW - timedelta(seconds=5)
    assert failure.instance == "uid-web-1/app/containerd://dead3"
    # the next crash is another instance; the same crash seen again (a later status update) is the same one
    assert container_failures(pod("web-1", crash_looping(4)), NOW, 60)[0].instance != failure.instance
    assert container_failures(pod("web-1", crash_looping()), NOW + timedelta(seconds=9), 60)[0].instance == (
        failure.instance)


def test_oom_killed_is_certain_and_an_image_that_cannot_be_pulled_is_a_missing_dependency() -> None:
    (oom,) = container_failures(pod("web-1", crash_looping(code=137, reason="OOMKilled")), NOW, 60)
    assert (oom.reason, oom.hint, oom.hint_certain, oom.oom_killed) == ("OOMKilled", "out_of_memory", True, True)
    pull = {"name": "app", "restartCount": 0, "ready": False, "image": "registry.local/shop/web:404",
            "state": {"waiting": {"reason": "ImagePullBackOff", "message": 'Back-off pulling image "registry.local/'
                                  'shop/web:404"'}}}
    (image,) = container_failures(pod("web-1", pull), NOW, 60)
    assert (image.reason, image.hint, image.hint_certain, image.logs, image.at) == (
        "ImagePullBackOff", "dependency_missing", True, None, None)
    assert "registry.local/shop/web:404" in image.message and "registry.local/shop/web:404" in image.state
    config = {"name": "app", "restartCount": 0, "state": {"waiting": {
        "reason": "CreateContainerConfigError", "message": 'secret "db-password" not found'}}}
    (bad,) = container_failures(pod("web-1", config), NOW, 60)
    assert (bad.hint, bad.hint_certain) == ("config_error", True) and 'secret "db-password"' in bad.message


def test_a_restart_that_recovered_is_reported_but_is_not_failing_now() -> None:
    dead = {"exitCode": 2, "reason": "Error", "finishedAt": ts(30), "containerID": "containerd://old"}
    recovered = pod("web-1", running(29, restarts=1, last=dead), ready=True)
    (failure,) = container_failures(recovered, NOW, 60)  # detection: the restart is news once
    assert failure.reason == "Error" and failure.logs == "previous"
    assert container_failures(recovered, NOW, 60, current=True) == []  # health: it runs again
    assert workload_health(WorkloadRef("shop", "pod", "web-1"), recovered, [recovered], NOW, 60).state == "healthy"


def test_exit_zero_is_not_a_failure_unless_the_kubelet_backs_off() -> None:
    done = {"exitCode": 0, "reason": "Completed", "finishedAt": ts(3), "containerID": "containerd://done"}
    assert container_failures(pod("web-1", running(2, restarts=1, last=done)), NOW, 60) == []
    looping = crash_looping(code=0, reason="Completed")
    assert [f.reason for f in container_failures(pod("web-1", looping), NOW, 60)] == ["CrashLoopBackOff"]


def test_not_ready_for_unready_after_is_a_failing_readiness_probe() -> None:
    assert container_failures(pod("web-1", running(30, ready=False)), NOW, 60) == []  # still starting up
    (failure,) = container_failures(pod("web-1", running(90, ready=False)), NOW, 60)
    assert (failure.reason, failure.hint, failure.hint_certain) == ("NotReady", "health_check_failure", False)
    assert failure.at == NOW - timedelta(seconds=30)  # when it became a failure: stable across relists
    startup = running(90, ready=False)
    startup["started"] = False  # the startup probe has not passed: the kubelet kills it when it gives up
    assert container_failures(pod("web-1", startup), NOW, 60) == []


def test_a_pod_going_away_has_no_failures() -> None:
    assert container_failures(pod("web-1", crash_looping(), deleting=True), NOW, 60) == []


def test_init_containers_count_too() -> None:
    init = dict(crash_looping(), name="migrate")
    status = pod("web-1")
    status["status"]["initContainerStatuses"] = [init]
    assert [f.container for f in container_failures(status, NOW, 60)] == ["migrate"]


def deployment(want: int = 2, **status: Any) -> dict[str, Any]:
    base = {"observedGeneration": 3, "replicas": want, "updatedReplicas": want, "readyReplicas": want,
            "availableReplicas": want}
    base.update(status)
    return {"metadata": {"name": "web", "generation": 3}, "spec": {"replicas": want,
                                                                   "selector": {"matchLabels": {"app": "web"}}},
            "status": base}


def test_a_crash_looping_container_running_for_a_moment_is_not_a_recovery() -> None:
    healthy = pod("web-1", running(STABLE_SECONDS + 5), ready=True)
    assert workload_health(WEB, deployment(1), [healthy], NOW, 60).state == "healthy"
    blip = pod("web-1", running(2, restarts=4, last={"exitCode": 1, "finishedAt": ts(3)}), ready=True)
    view = workload_health(WEB, deployment(1), [blip], NOW, 60)
    assert view.state == "progressing" and "(re)started 2s ago" in view.message
    backoff = workload_health(WEB, deployment(1, readyReplicas=0, availableReplicas=0), [pod("web-1", crash_looping())],
                              NOW, 60)
    assert backoff.state == "unhealthy" and backoff.message.startswith("CrashLoopBackOff: container app of pod web-1")


def test_a_rollout_in_progress_is_progressing_and_a_stuck_one_unhealthy() -> None:
    new, old = pod("web-new", running(20), ready=True), pod("web-old", running(600), ready=True, deleting=True)
    rolling = workload_health(WEB, deployment(1, replicas=2), [new, old], NOW, 60)
    assert rolling.state == "progressing" and "replicas 2/1" in rolling.message
    assert workload_health(WEB, deployment(1), [new, old], NOW, 60).state == "healthy"
    unseen = deployment(1, observedGeneration=2)
    assert workload_health(WEB, unseen, [new], NOW, 60).state == "progressing"
    stuck = deployment(1, updatedReplicas=0, conditions=[
        {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "timed out"}])
    assert workload_health(WEB, stuck, [new], NOW, 60).state == "unhealthy"
    assert workload_health(WEB, None, [], NOW, 60).state == "gone"


def test_statefulset_and_daemonset_rollouts() -> None:
    sts = WorkloadRef("shop", "statefulset", "db")
    spec = {"metadata": {"name": "db", "generation": 1}, "spec": {"replicas": 1},
            "status": {"observedGeneration": 1, "replicas": 1, "readyReplicas": 1, "updatedReplicas": 1,
                       "currentRevision": "db-1", "updateRevision": "db-2"}}
    ready = pod("db-0", running(60), ready=True)
    assert workload_health(sts, spec, [ready], NOW, 60).state == "progressing"
    spec["status"]["currentRevision"] = "db-2"
    assert workload_health(sts, spec, [ready], NOW, 60).state == "healthy"
    ds = WorkloadRef("kube-system", "daemonset", "proxy")
    daemon = {"metadata": {"generation": 1}, "status": {"observedGeneration": 1, "desiredNumberScheduled": 3,
                                                        "updatedNumberScheduled": 3, "numberReady": 2,
                                                        "numberAvailable": 2}}
    assert workload_health(ds, daemon, [ready], NOW, 60).state == "progressing"


def test_the_worst_pod_is_evicted_never_one_going_away() -> None:
    calm = pod("web-a", running(600), ready=True)
    looping = pod("web-b", crash_looping(restarts=7))
    worse = pod("web-c", crash_looping(restarts=9))
    assert pod_to_evict([calm, looping, worse], NOW, 60)["metadata"]["name"] == "web-c"  # type: ignore[index]
    assert pod_to_evict([calm, pod("web-c", crash_looping(restarts=9), deleting=True), looping], NOW, 60)[
        "metadata"]["name"] == "web-b"
    assert pod_to_evict([calm], NOW, 60) is None


def test_what_forbids_a_rollout_restart() -> None:
    assert "no controller" in (restart_refusal(WorkloadRef("shop", "pod", "debug"), {}) or "")
    assert "paused" in (restart_refusal(WEB, {"spec": {"paused": True}}) or "")
    on_delete = {"spec": {"updateStrategy": {"type": "OnDelete"}}}
    assert "OnDelete" in (restart_refusal(WorkloadRef("shop", "statefulset", "db"), on_delete) or "")
    assert restart_refusal(WEB, deployment()) is None


def test_owner_selector_and_budget_texts() -> None:
    assert controller_of(pod("web-1")) == ("ReplicaSet", "web-5d8f")
    assert controller_of(pod("web-1", owner=None)) is None
    selector = {"matchLabels": {"app": "web", "tier": "front"},
                "matchExpressions": [{"key": "track", "operator": "In", "values": ["a", "b"]},
                                     {"key": "canary", "operator": "DoesNotExist"}]}
    assert selector_query(selector) == "app=web,tier=front,track in (a,b),!canary"
    status = {"kind": "Status", "reason": "TooManyRequests", "details": {"causes": [
        {"reason": "DisruptionBudget", "message": "The disruption budget web-pdb needs 1 healthy pods and has 0 "
                                                  "currently"}]}}
    text = disruption_budget_refusal(status, "Cannot evict pod as it would violate the pod's disruption budget.")
    assert "web-pdb needs 1 healthy pods" in text and text.startswith("Cannot evict pod")


@pytest.mark.parametrize("name", ["shop/deployment/web", "kube-system/daemonset/kube-proxy", "a/pod/b.c-d"])
def test_workload_names_round_trip(name: str) -> None:
    assert str(WorkloadRef.parse(name)) == name


@pytest.mark.parametrize("name", ["shop/replicaset/web", "../deployment/web", "shop/deployment/", "Shop/pod/x",
                                  "shop/deployment/web/extra", "shop/pod/x\n"])
def test_a_workload_name_written_by_someone_else_is_parsed_strictly(name: str) -> None:
    with pytest.raises(ValueError, match=re.escape("expected <namespace>/<deployment|statefulset|daemonset|pod>/")):
        WorkloadRef.parse(name)


def test_an_old_pod_still_crashing_while_a_rollout_restart_replaces_it_is_not_a_failure_of_the_workload() -> None:
    restarted = {"kubectl.kubernetes.io/restartedAt": "2026-03-01T11:59:50Z"}
    workload = deployment(1, replicas=2, updatedReplicas=1, readyReplicas=1, availableReplicas=1)
    workload["spec"]["template"] = {"metadata": {"labels": {"app": "web"}, "annotations": restarted}}
    old = pod("web-old", crash_looping(restarts=5))
    new = pod("web-new", running(4), ready=True)
    new["metadata"]["annotations"] = dict(restarted)
    assert outdated(old, workload) and not outdated(new, workload)
    view = workload_health(WEB, workload, [old, new], NOW, 60)
    assert view.state == "progressing", view
    # once the new pods are the template's, a crashing one is a failure again
    broken = pod("web-new", crash_looping(restarts=1))
    broken["metadata"]["annotations"] = dict(restarted)
    assert workload_health(WEB, workload, [old, broken], NOW, 60).state == "unhealthy"
    # a StatefulSet's pods carry their revision
    sts = {"spec": {"template": {"metadata": {"labels": {"app": "db"}}}}, "status": {"updateRevision": "db-2"}}
    db = pod("db-0")
    db["metadata"]["labels"] = {"app": "db", "controller-revision-hash": "db-1"}
    assert outdated(db, sts)
    db["metadata"]["labels"]["controller-revision-hash"] = "db-2"
    assert not outdated(db, sts)
