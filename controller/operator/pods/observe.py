"""What a pod's status says, pure: container failures, a workload's health, which pod to evict, what forbids a
rollout restart. The inputs are the API server's objects as JSON (what the kubelet and the controllers wrote).

Failures, per container (init containers too), each with a stable `instance` so that it is reported once:

- waiting `ImagePullBackOff`, `ErrImagePull`, `ErrImageNeverPull`: dependency_missing (certain: the image is missing
  or unreachable; only a change of the image or the registry helps);
- waiting `CreateContainerConfigError`, `CreateContainerError`, `InvalidImageName`, `RunContainerError`: config_error
  (certain);
- a terminated instance (the current one, or `lastState` after a restart) `OOMKilled`: out_of_memory (certain);
- a terminated instance with a non-zero exit code, or waiting `CrashLoopBackOff`: classified from its logs, else
  container_exit (weak);
- running but not Ready for `unreadyAfter` since it started: NotReady, classified from the kubelet's probe events,
  else health_check_failure (weak).

A failing liveness or startup probe makes the kubelet kill the container: it shows up as a terminated instance, and
the kubelet's `Unhealthy` events ("Liveness probe failed: ...") are classified with its logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from controller.api.workload import WorkloadRef

IMAGE_REASONS = frozenset({"ImagePullBackOff", "ErrImagePull", "ErrImageNeverPull"})
CONFIG_REASONS = frozenset({"CreateContainerConfigError", "CreateContainerError", "InvalidImageName",
                            "RunContainerError", "ContainerCannotRun"})
# A container counts as stable once it has run this long without a restart: a crash-looping container runs for a
# moment between its restarts, and that moment is not a recovery.
STABLE_SECONDS = 10.0
Json = dict[str, Any]
HealthState = Literal["healthy", "unhealthy", "progressing", "gone"]


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class ContainerFailure:
    """One failure of one container of one pod, before its logs are read."""

    pod: str
    pod_uid: str
    node: str
    container: str
    reason: str
    message: str
    hint: str | None
    hint_certain: bool
    exit_code: int | None
    oom_killed: bool | None
    restarts: int
    at: datetime | None  # when it failed; None: it is a state, not an event (an image that cannot be pulled)
    instance: str  # reported once: the pod, the container and which failure of it
    logs: Literal["previous", "current"] | None  # which container instance's logs hold the failure
    state: str

    @property
    def hint_confidence(self) -> float:
        return 0.95 if self.hint_certain else 0.5


def _statuses(pod: Json) -> list[Json]:
    status = pod.get("status") or {}
    return [*(status.get("initContainerStatuses") or []), *(status.get("containerStatuses") or [])]


def _terminated_failure(term: Json) -> bool:
    return term.get("reason") == "OOMKilled" or int(term.get("exitCode") or 0) != 0


def container_failures(
    pod: Json, now: datetime, unready_after: float, *, current: bool = False
) -> list[ContainerFailure]:
    """The failures the pod's container statuses show (see the module docstring). `current`: only what is failing
    now -- a container that died and is running again is recovering, not failing (its last termination stays in
    `lastState` until the next one)."""
    meta = pod.get("metadata") or {}
    if meta.get("deletionTimestamp"):
        return []  # going away (a rollout replaces it, an eviction): not a failure of the workload
    name, uid = str(meta.get("name", "")), str(meta.get("uid", ""))
    node = str((pod.get("spec") or {}).get("nodeName") or "")
    out: list[ContainerFailure] = []
    for cs in _statuses(pod):
        container = str(cs.get("name", ""))
        restarts = int(cs.get("restartCount") or 0)
        state, last = cs.get("state") or {}, (cs.get("lastState") or {}).get("terminated")
        waiting, running, term = state.get("waiting"), state.get("running"), state.get("terminated")

        def failure(reason: str, message: str, container: str = container, restarts: int = restarts,
                    **kw: Any) -> ContainerFailure:
            return ContainerFailure(pod=name, pod_uid=uid, node=node, container=container, reason=reason,
                                    message=message[:1000], restarts=restarts, **kw)

        if waiting and waiting.get("reason") in IMAGE_REASONS | CONFIG_REASONS:
            reason = str(waiting["reason"])
            image = reason in IMAGE_REASONS
            out.append(failure(
                reason, f"container {container} of pod {name}: {reason}: {waiting.get('message', '')}".strip(": "),
                hint="dependency_missing" if image else "config_error", hint_certain=True, exit_code=None,
                oom_killed=None, at=None, instance=f"{uid}/{container}/{reason}", logs=None,
                state=f"waiting: {reason} ({cs.get('image', '')})",
            ))
            continue
        dead, which = (term, "current") if term else (last, "previous")
        backoff = bool(waiting and waiting.get("reason") == "CrashLoopBackOff")
        recovering = current and which == "previous" and running is not None
        if dead and not recovering and (_terminated_failure(dead) or backoff or dead.get("reason") in CONFIG_REASONS):
            oom = dead.get("reason") == "OOMKilled"
            code = dead.get("exitCode")
            reason = "OOMKilled" if oom else "CrashLoopBackOff" if backoff else str(dead.get("reason") or "Error")
            hint = ("out_of_memory" if oom else "config_error" if dead.get("reason") in CONFIG_REASONS
                    else "container_exit")
            finished = parse_time(dead.get("finishedAt"))
            what = f"exited with code {code}" + (" (OOM killed)" if oom else "")
            out.append(failure(
                reason, f"container {container} of pod {name} {what}, restarted {restarts} times"
                + (f": {dead['message']}" if dead.get("message") else ""),
                hint=hint, hint_certain=hint != "container_exit", exit_code=None if code is None else int(code),
                oom_killed=oom, at=finished,
                instance=f"{uid}/{container}/{dead.get('containerID') or dead.get('finishedAt') or restarts}",
                logs=which, state=f"{'waiting: CrashLoopBackOff' if backoff else 'terminated'}; last exit {code} "
                f"({dead.get('reason', '')})",
            ))
            continue
        started = parse_time((running or {}).get("startedAt"))
        if running and started and not cs.get("ready") and cs.get("started") is not False:
            failing_since = started + timedelta(seconds=unready_after)
            if now >= failing_since:
                out.append(failure(
                    "NotReady", f"container {container} of pod {name} is running but not Ready since "
                    f"{started.isoformat()} (unreadyAfter {unready_after:g}s): its readiness probe fails",
                    hint="health_check_failure", hint_certain=False, exit_code=None, oom_killed=None,
                    at=failing_since, instance=f"{uid}/{container}/{running.get('startedAt')}/NotReady", logs=None,
                    state="running, not Ready",
                ))
    return out


def controller_of(obj: Json) -> tuple[str, str] | None:
    """(kind, name) of the object's controller (the ownerReference with controller: true), or None."""
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return str(ref.get("kind", "")), str(ref.get("name", ""))
    return None


def _ready(pod: Json) -> bool:
    conditions = (pod.get("status") or {}).get("conditions") or []
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)


def _unstable(pod: Json, now: datetime) -> str | None:
    """Why a Ready-looking pod is not yet proven: a container that has not run STABLE_SECONDS since its start."""
    for cs in (pod.get("status") or {}).get("containerStatuses") or []:
        started = parse_time(((cs.get("state") or {}).get("running") or {}).get("startedAt"))
        if started is None:
            return f"container {cs.get('name')} is not running"
        if (now - started).total_seconds() < STABLE_SECONDS:
            return f"container {cs.get('name')} (re)started {(now - started).total_seconds():.0f}s ago"
    return None


def outdated(pod: Json, workload: Json) -> bool:
    """Made from an older pod template than the workload's: a rollout is replacing it (its failures are the old
    template's, not news). Seen in the template's labels and annotations -- a rollout restart changes
    kubectl.kubernetes.io/restartedAt -- and, for a StatefulSet, in controller-revision-hash."""
    template = ((workload.get("spec") or {}).get("template") or {}).get("metadata") or {}
    meta = pod.get("metadata") or {}
    for key in ("labels", "annotations"):
        have = meta.get(key) or {}
        if any(have.get(k) != v for k, v in (template.get(key) or {}).items()):
            return True
    revision = (workload.get("status") or {}).get("updateRevision")
    pod_revision = (meta.get("labels") or {}).get("controller-revision-hash")
    return bool(revision and pod_revision and revision != pod_revision)


@dataclass(frozen=True)
class HealthView:
    state: HealthState
    message: str


def _replicas(workload: Json) -> int:
    value = (workload.get("spec") or {}).get("replicas")
    return 1 if value is None else int(value)


def _rollout(ref: WorkloadRef, workload: Json) -> tuple[bool, str]:
    """(complete, what is missing) like `kubectl rollout status`: the controller saw the newest spec, every replica
    is updated, ready and available, and no old replica is left."""
    spec, status = workload.get("spec") or {}, workload.get("status") or {}
    generation = int((workload.get("metadata") or {}).get("generation") or 0)
    if int(status.get("observedGeneration") or 0) < generation:
        return False, "the controller has not seen the newest spec yet"
    if ref.kind == "daemonset":
        want = int(status.get("desiredNumberScheduled") or 0)
        got = {k: int(status.get(k) or 0) for k in ("updatedNumberScheduled", "numberReady", "numberAvailable")}
        missing = [f"{k} {v}/{want}" for k, v in got.items() if v != want]
        return not missing, ", ".join(missing)
    want = _replicas(workload)
    keys = ["updatedReplicas", "readyReplicas", "availableReplicas", "replicas"]
    if ref.kind == "statefulset":
        keys.remove("availableReplicas")
        if (spec.get("updateStrategy") or {}).get("type") != "OnDelete" and status.get("currentRevision") != (
            status.get("updateRevision")
        ):
            return False, f"revision {status.get('updateRevision')} is still rolling out"
    got = {k: int(status.get(k) or 0) for k in keys}
    missing = [f"{k} {v}/{want}" for k, v in got.items() if v != want]
    return not missing, ", ".join(missing)


def workload_health(
    ref: WorkloadRef, workload: Json | None, pods: list[Json], now: datetime, unready_after: float
) -> HealthView:
    """healthy: rolled out, every pod Ready and each container running STABLE_SECONDS without a restart;
    unhealthy: a pod fails (see container_failures) or the rollout ran out of its progress deadline;
    progressing: on its way (a rollout, a container just restarted) -- neither, nothing is concluded yet;
    gone: the workload does not exist any more."""
    if workload is None or (workload.get("metadata") or {}).get("deletionTimestamp"):
        return HealthView("gone", f"{ref.display_kind.lower()} {ref.namespace}/{ref.name} does not exist any more")
    current = [p for p in pods if not (p.get("metadata") or {}).get("deletionTimestamp")]
    # a pod of an older template that a rollout is replacing may keep failing meanwhile: that says nothing yet
    failing = [f for p in current if ref.kind == "pod" or not outdated(p, workload)
               for f in container_failures(p, now, unready_after, current=True)]
    if failing:
        first = failing[0]
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        return HealthView("unhealthy", f"{first.reason}: {first.message}{more}")
    conditions = (workload.get("status") or {}).get("conditions") or []
    stuck = next((c for c in conditions if c.get("type") == "Progressing" and c.get("status") == "False"), None)
    if stuck is not None:
        return HealthView("unhealthy", f"rollout stuck: {stuck.get('reason')}: {stuck.get('message', '')}")
    if ref.kind == "pod":
        unstable = None if _ready(workload) else "not Ready"
        unstable = unstable or _unstable(workload, now)
        return HealthView("progressing", f"pod {ref.name}: {unstable}") if unstable else HealthView(
            "healthy", f"pod {ref.name} is Ready")
    complete, missing = _rollout(ref, workload)
    if not complete:
        return HealthView("progressing", f"{ref}: {missing}")
    for pod in current:
        reason = None if _ready(pod) else "not Ready"
        if reason := reason or _unstable(pod, now):
            return HealthView("progressing", f"pod {pod['metadata']['name']}: {reason}")
    return HealthView("healthy", f"{ref}: all {len(current)} pods Ready and running for {STABLE_SECONDS:g}s or more")


def pod_to_evict(pods: list[Json], now: datetime, unready_after: float) -> Json | None:
    """The worst pod of a workload: one with a failure (the most restarts first), else one not Ready; never one
    that is already going away. None: no pod is failing."""
    ranked: list[tuple[int, int, str, Json]] = []
    for pod in pods:
        if (pod.get("metadata") or {}).get("deletionTimestamp"):
            continue
        failures = container_failures(pod, now, unready_after, current=True)
        restarts = sum(int(cs.get("restartCount") or 0) for cs in _statuses(pod))
        if failures:
            ranked.append((0, -restarts, pod["metadata"]["name"], pod))
        elif not _ready(pod) and (pod.get("status") or {}).get("phase") == "Running":
            ranked.append((1, -restarts, pod["metadata"]["name"], pod))
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None


def restart_refusal(ref: WorkloadRef, workload: Json) -> str | None:
    """Why a rollout restart would do nothing, or None when it restarts the workload's pods."""
    spec = workload.get("spec") or {}
    if ref.kind == "pod":
        return f"pod {ref.namespace}/{ref.name} has no controller: there is no rollout to restart (evictPod or a " \
               "human can replace it)"
    if ref.kind == "deployment" and spec.get("paused"):
        return f"{ref} is paused (kubectl rollout resume): a template change rolls nothing out"
    if ref.kind in ("statefulset", "daemonset") and (spec.get("updateStrategy") or {}).get("type") == "OnDelete":
        return f"{ref} has updateStrategy OnDelete: a template change restarts no pod"
    return None


def selector_query(selector: Json | None) -> str:
    """A label selector object as the `labelSelector` query parameter (`a=b,c in (d,e),!f`)."""
    selector = selector or {}
    terms = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for req in selector.get("matchExpressions") or []:
        key, op, values = req.get("key", ""), req.get("operator"), ",".join(req.get("values") or [])
        terms.append({"In": f"{key} in ({values})", "NotIn": f"{key} notin ({values})", "Exists": key,
                      "DoesNotExist": f"!{key}"}.get(str(op), key))
    return ",".join(terms)


def disruption_budget_refusal(details: Json | None, message: str) -> str:
    """What a 429 of the Eviction API says, with the PodDisruptionBudget named (from the Status' causes)."""
    causes = [c.get("message", "") for c in ((details or {}).get("details") or {}).get("causes") or []
              if c.get("reason") == "DisruptionBudget" or c.get("type") == "DisruptionBudget"]
    return "; ".join([message, *causes]) if causes else message
