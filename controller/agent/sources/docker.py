"""Docker source: the engine's events stream (one blocking thread feeding the event loop), not polling.

- `die` with a non-zero exit code: ContainerDied (exit code, OOMKilled and RestartCount from inspect);
  RestartLoop once the engine has restarted it 3 times; a `die` right after a `kill` event is a stop
  (docker stop/rm, or our own restart), not a failure.
- `oom` + `die`: OOMKilled, out_of_memory is certain (the kernel said so). A SIGKILL death (137) without a
  `kill` event is decided 0.5 s later, when Docker's OOM flag or the kernel's OOM record (sources/kernel.py)
  has had time to arrive.
- `health_status: unhealthy`: Unhealthy, with the health check's output as evidence.
The log tail is read in the same thread right at the event, before an `--rm` container disappears.

Start-up and reconnects reconcile, they do not replay: the agent lists the containers and reports those that are
failed *now* (exited with an error, dead, unhealthy), with when they failed -- unless that is longer ago than the
governing policy's `ignoreFailuresOlderThan`. Events from the gap (replayed from the last one acted upon, whose time
is in the state file) are checked against the container's current state first: a container that is gone or back
up is not a failure any more, and is dropped (healing_agent_stale_signals_dropped_total, logged at debug). Each
failure (container + when it ended) is reported once, also across agent restarts.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import docker
import docker.errors

from controller.agent.classify_service import container_type
from controller.agent.dependencies import COMPOSE_PROJECT, Container
from controller.agent.metrics import stale_dropped
from controller.agent.model import Failure
from controller.agent.policies import PolicyStore
from controller.agent.sources.kernel import KernelOomWatcher
from controller.agent.state import AgentState
from controller.api.selection import ObservedTarget

log = logging.getLogger(__name__)

LOG_TAIL = 50
STOP_WINDOW_S = 15.0  # a die this soon after a kill event is a requested stop
OOM_WINDOW_S = 5.0
OOM_GRACE_S = 0.5
RESTART_LOOP = 3
REPLAY_MAX_S = 3600  # never replay more than an hour of events


def _labels(attrs: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in attrs.items()}


def docker_time(text: str) -> float | None:
    """Epoch seconds of a Docker timestamp ('2026-12-01T22:04:05.123456789Z'); None for the zero time."""
    if not text or text.startswith("0001-"):
        return None
    head, _, frac = text.rstrip("Z").partition(".")
    try:
        base = datetime.fromisoformat(head).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None
    return base + (float(f"0.{frac[:9]}") if frac.isdigit() else 0.0)


class DockerSource:
    def __init__(
        self,
        url: str,
        store: PolicyStore,
        emit: Callable[[Failure], None],
        state: AgentState,
        hybrids: dict[str, str] | None = None,
        kernel: KernelOomWatcher | None = None,
        on_gone: Callable[[str, str], None] | None = None,
        on_compose_change: Callable[[], None] | None = None,
    ) -> None:
        self.url = url
        self.on_compose_change = on_compose_change  # a compose container came or went: dependencies may change
        self.store = store
        self.emit = emit
        self.state = state
        self.hybrids = hybrids if hybrids is not None else {}
        self.kernel = kernel
        self.on_gone = on_gone  # (kind, name) of a target that disappeared: its open incidents are checked now
        self.client: docker.DockerClient | None = None
        self.connected = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stream: Any = None
        self._stop = threading.Event()
        self._killed: dict[str, float] = {}
        self._oom: dict[str, float] = {}
        self._live_after = float("inf")

    def api(self) -> docker.DockerClient:
        """A client for requests (not the events stream); created on first use."""
        if self.client is None:
            self.client = docker.DockerClient(base_url=self.url, version="auto", timeout=30)
        return self.client

    # --- lifecycle -------------------------------------------------------------------------------------

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        thread = threading.Thread(target=self._thread, name="docker-events", daemon=True)
        thread.start()
        try:
            await asyncio.Event().wait()
        finally:
            self._stop.set()
            stream = self._stream
            if stream is not None:
                try:
                    stream.close()
                except Exception:  # closing a half-broken HTTP stream may raise anything; we are leaving
                    log.debug("closing the events stream failed", exc_info=True)

    def _thread(self) -> None:
        delay = 0.5
        # targets come from the policies: events replayed before they are known would be dropped unseen
        while not self.store.synced and not self._stop.is_set():
            self._stop.wait(0.05)
        while not self._stop.is_set():
            try:
                events_client = docker.DockerClient(base_url=self.url, version="auto", timeout=30)
                self.api().ping()
                since_ns = self.state.docker_since_ns
                now = time.time()
                self._live_after = now  # older events are replays from the gap: checked against current state
                since = now if since_ns is None or since_ns / 1e9 < now - REPLAY_MAX_S else since_ns / 1e9
                self._stream = events_client.api.events(since=f"{since:.9f}", filters={"type": "container"},
                                                        decode=True)
                self.connected = True
                delay = 0.5
                self._reconcile()
                log.info("docker: watching events on %s", self.url)
                for event in self._stream:
                    if self._stop.is_set():
                        return
                    try:
                        self._handle(event)
                    except Exception:
                        log.exception("docker: handling event %s failed", event.get("Action"))
            except Exception as exc:  # engine down or restarting: retry
                if self._stop.is_set():
                    return
                # warn once per outage, not every retry
                (log.warning if delay <= 0.5 else log.debug)("docker: %s unavailable: %s", self.url, exc)
            self.connected = False
            self._stop.wait(delay)
            delay = min(delay * 2, 10)

    def _emit(self, failure: Failure) -> None:
        self._call_in_loop(self.emit, failure)

    def _call_in_loop(self, fn: Callable[..., None], *args: Any) -> None:
        if self._loop is not None and not self._stop.is_set():
            self._loop.call_soon_threadsafe(fn, *args)

    # --- events ----------------------------------------------------------------------------------------

    def _matches(self, name: str, labels: dict[str, str]) -> list[Any]:
        return self.store.match("docker", name, labels)

    def _handle(self, event: dict[str, Any], deferred: bool = False) -> None:
        action = str(event.get("Action") or event.get("status") or "")
        actor = event.get("Actor") or {}
        attrs = _labels(actor.get("Attributes") or {})
        cid = str(actor.get("ID") or event.get("id") or "")
        name = attrs.get("name", "")
        time_ns = int(event.get("timeNano") or 0)
        cursor = self.state.docker_since_ns
        if not deferred and cursor is not None and time_ns and time_ns <= cursor:
            return  # replayed event already acted upon before a restart
        now = time.time()
        if action in ("start", "destroy") and COMPOSE_PROJECT in attrs and self.on_compose_change is not None:
            self._call_in_loop(self.on_compose_change)
        if action == "kill":
            self._killed[cid] = now
            return
        if action == "oom":
            self._oom[cid] = now
            return
        if action == "destroy":
            if self.on_gone is not None:
                self._call_in_loop(self.on_gone, "docker", name)
            return
        if action not in ("die",) and not action.startswith("health_status"):
            return
        targets = self._matches(name, attrs)
        if not targets:
            return
        replayed = bool(time_ns) and time_ns / 1e9 < self._live_after
        if replayed and self._still_failed(cid, name, action) is None:
            if time_ns:
                self.state.docker_cursor(time_ns)
            return
        if action == "die":
            sigkill = attrs.get("exitCode") == "137" and now - self._killed.get(cid, 0.0) >= STOP_WINDOW_S
            if sigkill and not deferred and cid not in self._oom:
                # The engine may report the OOM kill (its `oom` event, State.OOMKilled) just after `die`:
                # decide a SIGKILL death a moment later rather than file it as a plain exit.
                timer = threading.Timer(OOM_GRACE_S, self._handle, (event, True))
                timer.daemon = True
                timer.start()
                return
            failure = self._died(cid, name, attrs, now)
        elif action.strip() == "health_status: unhealthy":
            failure = self._unhealthy(cid, name, attrs)
        else:
            return
        if failure is None:
            return
        failure.patterns = self.store.patterns_for(targets)
        if time_ns:
            failure.observed_at = time_ns / 1e9
            self.state.docker_cursor(time_ns)
        if replayed and self._too_old(name, attrs, failure.observed_at, "gap event"):
            return
        if failure.instance and not self.state.first_time("container-failure", failure.instance):
            return  # this very failure was reported already (live, by the reconcile, or before a restart)
        self._emit(failure)

    # --- state now, not history ---------------------------------------------------------------------------

    def _still_failed(self, cid: str, name: str, action: str) -> dict[str, Any] | None:
        """Inspect of a container a replayed event said failed, or None when that is no longer true."""
        info = self._inspect(cid)
        if info is None:
            stale_dropped("docker", "gone", f"{name}: replayed {action}, the container no longer exists")
            return None
        state = info.get("State", {})
        health = (state.get("Health") or {}).get("Status")
        if action == "die" and (state.get("Running") or state.get("Restarting")):
            stale_dropped("docker", "recovered", f"{name}: replayed die, the container is running again")
            return None
        if action.startswith("health_status") and health != "unhealthy":
            stale_dropped("docker", "recovered", f"{name}: replayed unhealthy, the container is {health or 'running'}")
            return None
        return info

    def _too_old(self, name: str, labels: dict[str, str], failed_at: float | None, what: str) -> bool:
        """Is this failure older than the governing policy's ignoreFailuresOlderThan? Counted when it is."""
        limit = self.store.max_failure_age(ObservedTarget("docker", name, labels=labels))
        if failed_at is None or limit is None or time.time() - failed_at <= limit:
            return False
        stale_dropped("docker", "too_old", f"{name}: {what} from {time.time() - failed_at:.0f}s ago, older than "
                      f"the policy's ignoreFailuresOlderThan ({limit:.0f}s)")
        return True

    def _reconcile(self) -> None:
        """What is failed now: containers selected by a policy that exited with an error, died, or are unhealthy.

        Each is reported once per failure (container + when it ended), with when it failed."""
        for c in self.api().api.containers(all=True):
            name = (c.get("Names") or ["/"])[0].lstrip("/")
            labels = {**(c.get("Labels") or {}), "name": name}
            targets = self._matches(name, labels)
            if not targets:
                continue
            info = self._inspect(c["Id"])
            if info is None:
                continue
            state = info.get("State", {})
            failure: Failure | None = None
            if state.get("Running") and (state.get("Health") or {}).get("Status") == "unhealthy":
                failure = self._unhealthy(c["Id"], name, labels)
            elif state.get("Status") in ("exited", "dead") and self._failed_exit(state):
                ended = docker_time(str(state.get("FinishedAt") or ""))
                if self._too_old(name, labels, ended, "exit"):
                    continue
                failure = self._died(c["Id"], name, {**labels, "exitCode": str(state.get("ExitCode"))}, time.time(),
                                     info=info)
                if failure is not None and ended is not None:
                    failure.observed_at = ended
            if failure is not None and (not failure.instance or
                                        self.state.first_time("container-failure", failure.instance)):
                failure.patterns = self.store.patterns_for(targets)
                self._emit(failure)

    @staticmethod
    def _failed_exit(state: dict[str, Any]) -> bool:
        """An exit that was a failure. 143/130 are SIGTERM/SIGINT (`docker stop`), and 137 without Docker's OOM flag
        cannot be told from `docker stop` after the state alone: precision first, they are not reported."""
        code = int(state.get("ExitCode") or 0)
        return bool(state.get("OOMKilled")) or (code != 0 and code not in (130, 137, 143))

    def _inspect(self, cid: str) -> dict[str, Any] | None:
        try:
            return self.api().api.inspect_container(cid)
        except docker.errors.NotFound:
            return None

    def _logs(self, cid: str) -> list[str]:
        try:
            raw = self.api().api.logs(cid, tail=LOG_TAIL, stdout=True, stderr=True)
        except docker.errors.APIError:
            return []
        return raw.decode(errors="replace").splitlines()

    def _base(self, name: str, attrs: dict[str, str], **kw: Any) -> Failure:
        kind, unit = container_type(name, self.hybrids)
        return Failure(
            target_kind="docker", target_name=name, service_type=kind, unit=unit,  # type: ignore[arg-type]
            container=name, source="docker-events", **kw,
        )

    def _died(
        self, cid: str, name: str, attrs: dict[str, str], now: float, info: dict[str, Any] | None = None
    ) -> Failure | None:
        exit_code = int(attrs.get("exitCode", "0") or 0)
        info = info or self._inspect(cid)
        state = (info or {}).get("State", {})
        oom = bool(state.get("OOMKilled")) or now - self._oom.pop(cid, 0.0) < OOM_WINDOW_S
        if not oom and exit_code == 137 and self.kernel is not None:
            oom = self.kernel.killed(cid, now - OOM_WINDOW_S) is not None  # the kernel's own record
        killed = now - self._killed.pop(cid, 0.0) < STOP_WINDOW_S
        if not oom and (exit_code == 0 or killed):
            return None
        restarts = (info or {}).get("RestartCount")
        lines = self._logs(cid)
        if oom:
            reason, hint, certain, conf = "OOMKilled", "out_of_memory", True, 0.95
        elif restarts is not None and restarts >= RESTART_LOOP:
            reason, hint, certain, conf = "RestartLoop", "container_exit", False, 0.5
        else:
            reason, hint, certain, conf = "ContainerDied", "container_exit", False, 0.5
        message = f"container {name} exited with code {exit_code}" + (" (OOM killed)" if oom else "")
        instance = f"{cid}@{state.get('FinishedAt')}" if state.get("FinishedAt") else None
        if restarts:
            message += f", restarted {restarts} times"
        return self._base(
            name, attrs, reason=reason, message=message, exit_code=exit_code, oom_killed=oom,
            state=str(state.get("Status") or "exited"), n_restarts=restarts, hint=hint, hint_certain=certain,
            hint_confidence=conf, log_lines=lines, instance=instance,
        )

    def _unhealthy(self, cid: str, name: str, attrs: dict[str, str]) -> Failure:
        info = self._inspect(cid) or {}
        health = info.get("State", {}).get("Health") or {}
        log_entries = health.get("Log") or []
        streak = int(health.get("FailingStreak") or 0)
        # one unhealthy spell: this run of the container, from the first check of the current failing streak
        first_failed = log_entries[-streak].get("Start") if 0 < streak <= len(log_entries) else None
        instance = f"{cid}@unhealthy@{info.get('State', {}).get('StartedAt')}@{first_failed}" if first_failed else None
        checks = [str(h.get("Output", "")).strip() for h in (health.get("Log") or [])[-3:]]
        lines = self._logs(cid) + [f"health check failed: {c}" for c in checks if c]
        return self._base(
            name, attrs, reason="Unhealthy",
            message=f"container {name} is unhealthy ({health.get('FailingStreak', '?')} failed checks)",
            state=f"{info.get('State', {}).get('Status', 'running')}/unhealthy",
            n_restarts=info.get("RestartCount"), hint="health_check_failure", hint_certain=True,
            hint_confidence=0.9, log_lines=lines, instance=instance,
        )

    # --- queries for the HostReport and the actions ----------------------------------------------------

    def inventory(self) -> tuple[dict[str, int], list[Container]]:
        """Watched containers by state, and the watched containers with their labels (blocking: call in a thread)."""
        out = {"watched": 0, "running": 0, "exited": 0, "unhealthy": 0}
        watched: list[Container] = []
        for c in self.api().api.containers(all=True):
            name = (c.get("Names") or ["/"])[0].lstrip("/")
            labels = {str(k): str(v) for k, v in (c.get("Labels") or {}).items()}
            if not self._matches(name, labels):
                continue
            watched.append(Container(name, labels))
            out["watched"] += 1
            state = c.get("State", "")
            if state == "running":
                out["running"] += 1
                if "(unhealthy)" in (c.get("Status") or ""):
                    out["unhealthy"] += 1
            elif state in ("exited", "dead"):
                out["exited"] += 1
        return out, watched

    async def logs(self, container: str, lines: int) -> list[str]:
        return await asyncio.to_thread(self._logs, container)
