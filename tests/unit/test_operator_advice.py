"""The advisor in the operator: the state machine offers advice for approval and never more (pure part), and the
runtime asks in the background and lands the answer on the Incident (on the fake Kube, against the Simple-protocol
stand-in): once per signature, never for known patterns, rate-limited, cooling down after failures."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Advice, Incident
from controller.constants import APPROVE_ANNOTATION, INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator import advisor_driver
from controller.operator.incident_lifecycle import step
from controller.operator.k8s import ApiError
from controller.operator.metacognition.advisor_gate import AdvisorLimits
from controller.operator.runtime import Runtime
from controller.operator.strategy import unknown_signature
from tests.fakes.advisor import FakeAdvisor
from tests.fakes.kube import FakeKube, eventually, incident_body, policy_body
from tests.fakes.loopback import RecordedRequest, Reply
from tests.fakes.samples import DSN_PASSWORD
from tests.unit.test_operator_lifecycle import T0, advance, agent_reports, ctx, incident, policy

pytest_plugins = ["tests.plugins.github_server"]

SIG = "7f3a9c0b1d2e"


def unknown(**kw: Any) -> Incident:
    """An unknown failure as the agent files it: no pattern, a signature, the log excerpt."""
    inc = incident(f"sig-{SIG}", **kw)
    det = inc.status.detection
    assert det is not None
    det.pattern, det.signature, det.signature_example = None, SIG, "worker: giving up on job <n>"
    det.evidence.log_excerpt = ["worker: start", "worker: giving up on job 42"]
    return inc


def advised(inc: Incident, action: str = "resetFailed", signature: str = SIG) -> Incident:
    """What the advisor driver writes: the advice, nothing else."""
    s = inc.status.model_copy(deep=True)
    s.advice = Advice(action=action, rationale="start limit hit", signature=signature,  # type: ignore[arg-type]
                      source="Simple http://advisor/…", at=T0)
    return inc.model_copy(update={"status": s})


def approved(inc: Incident, yes: bool = True) -> Incident:
    """The approval annotation set (or gone)."""
    annotations = {APPROVE_ANNOTATION: "true"} if yes else {}
    return inc.model_copy(update={"metadata": inc.metadata.model_copy(update={"annotations": annotations})})


def allowing(*actions: str, **spec: Any) -> HealingPolicy:
    return policy(actions=list(actions), **spec)


# --- the state machine -------------------------------------------------------------------------------------


def test_without_advice_an_unknown_failure_waits_for_approval_of_a_restart() -> None:
    d = step(unknown(), ctx(allowing("restart", "resetFailed")), T0)
    assert (d.status.phase, d.status.reason) == ("Suppressed", "AwaitingApproval")
    assert d.status.approval is not None and d.status.approval.action == "restart"
    assert d.new_episode and d.status.advice is None


def test_advice_becomes_the_candidate_and_waits_for_approval_even_when_confident() -> None:
    p = allowing("restart", "resetFailed", confidenceThreshold=0.0)  # Auto and every action confident enough
    first = step(unknown(), ctx(p), T0)
    assert first.request is not None and first.request.action == "restart"  # no advice yet: acts as before
    inc = advised(unknown())  # the answer came before the first decision (the signature's answer was on the policy)
    d = step(inc, ctx(p), T0 + timedelta(seconds=3))
    assert d.request is None and d.new_episode
    assert (d.status.phase, d.status.reason) == ("Suppressed", "AwaitingApproval")
    assert d.status.approval is not None and d.status.approval.action == "resetFailed"
    assert d.status.candidates[:2] == ["resetFailed", "restart"]
    assert "suggested by the advisor" in d.status.message and "start limit hit" in d.status.message
    assert d.status.advice is not None and d.status.advice.offered_at == T0 + timedelta(seconds=3)
    go = step(approved(advance(inc, d)), ctx(p), T0 + timedelta(seconds=10))
    assert go.request is not None and go.request.action == "resetFailed" and go.clear_approval


def test_advice_outside_spec_actions_or_for_another_signature_or_escalate_is_not_offered() -> None:
    p = allowing("restart", "resetFailed", "escalate")
    others = (advised(unknown(), "cleanDisk"), advised(unknown(), signature="0000aaaa"), advised(unknown(), "escalate"))
    for inc in others:
        d = step(inc, ctx(p), T0)
        assert d.status.approval is not None and d.status.approval.action == "restart"
        assert d.status.phase == "Suppressed" and d.status.advice == inc.status.advice  # shown, never offered


def test_advice_of_a_workload_action_for_a_unit_is_not_offered() -> None:
    """A policy may list host and workload actions; an advised rolloutRestart for a systemd unit does not fit it."""
    p = allowing("restart", "rolloutRestart")
    inc = advised(unknown(), "rolloutRestart")
    d = step(inc, ctx(p), T0)
    assert d.status.approval is not None and d.status.approval.action == "restart"
    assert d.status.candidates[:1] == ["restart"] and d.status.advice == inc.status.advice  # shown, never offered


def test_an_approval_given_before_the_advice_switched_the_candidate_does_not_approve_it() -> None:
    p = allowing("restart", "resetFailed")
    waiting = advance(unknown(), step(unknown(), ctx(p), T0))
    assert waiting.status.approval is not None and waiting.status.approval.action == "restart"
    # the human approved the restart; the advice lands at the same time
    inc = approved(advised(waiting))
    d = step(inc, ctx(p), T0 + timedelta(seconds=5))
    assert d.request is None and d.clear_approval  # the stale annotation is removed, not used
    assert d.status.reason == "AwaitingApproval" and d.status.approval is not None
    assert d.status.approval.action == "resetFailed"


def test_a_new_episode_offers_the_advice_again() -> None:
    p = allowing("restart", "resetFailed", verify={"after": "0s", "healthyFor": "0s", "timeout": "1m"})
    inc = advance(advised(unknown()), step(advised(unknown()), ctx(p), T0))
    inc = approved(inc)
    d = step(inc, ctx(p), T0 + timedelta(seconds=1))
    assert d.request is not None and d.request.action == "resetFailed"
    inc = agent_reports(advance(inc, d), "Succeeded", T0 + timedelta(seconds=2), healthy=True)
    d = step(inc, ctx(p), T0 + timedelta(seconds=3))
    assert d.status.phase == "Resolved"
    inc = advance(inc, d)
    s = inc.status.model_copy(deep=True)
    assert s.detection is not None
    s.detection.occurrences, s.detection.last_seen = 2, T0 + timedelta(minutes=20)
    inc = approved(inc.model_copy(update={"status": s}), yes=False)
    d = step(inc, ctx(p), T0 + timedelta(minutes=20))
    assert d.new_episode and d.status.candidates[0] == "resetFailed"


def test_which_failures_have_an_unknown_signature() -> None:
    assert unknown_signature(unknown()) == SIG
    assert unknown_signature(incident("container_exit")) is None
    hinted = unknown()
    assert hinted.status.detection is not None
    hinted.status.detection.pattern = "process_crash"  # a pattern from the watcher's hint: known
    assert unknown_signature(hinted) is None
    undetected = unknown().model_copy(deep=True)
    undetected.status.detection = None  # decided after the detection grace without one
    assert unknown_signature(undetected) == SIG


# --- the runtime, on the fake Kube -----------------------------------------------------------------------


def unknown_body(name: str, signature: str = SIG, target: str | None = None) -> dict[str, Any]:
    body = incident_body(name, target=target)
    body["spec"]["failure"] = f"sig-{signature}"
    body["status"]["detection"].update(
        {"pattern": None, "signature": signature, "signatureExample": "worker: giving up on job <n>",
         "evidence": {"logExcerpt": ["worker: start", "worker: giving up on job 42"]}}
    )
    return body


Started = tuple[FakeKube, Runtime, FakeAdvisor]


async def start(
    advisor: FakeAdvisor, limits: AdvisorLimits | None = None, **advisor_spec: Any
) -> tuple[FakeKube, Runtime]:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body(
        actions=["restart", "resetFailed"], escalation={"advisor": {"url": advisor.url, **advisor_spec}}
    ))
    runtime = Runtime(kube, concurrency=4, advisor_limits=limits)
    await runtime.start()
    return kube, runtime


@pytest_asyncio.fixture(loop_scope="function")
async def started(advisor_server: FakeAdvisor) -> AsyncIterator[Started]:
    kube, runtime = await start(advisor_server)
    try:
        yield kube, runtime, advisor_server
    finally:
        await runtime.stop()


def inc_of(kube: FakeKube, name: str) -> Incident:
    return Incident.model_validate(kube.objects[(INCIDENT_PLURAL, name)])


def advisor_status(kube: FakeKube) -> Any:
    return HealingPolicy.model_validate(kube.objects[(POLICY_PLURAL, "web")]).status


async def file(runtime: Runtime, kube: FakeKube, body: dict[str, Any]) -> None:
    await runtime.incident_event("ADDED", kube.create(INCIDENT_PLURAL, body))


def waits_for(kube: FakeKube, name: str, action: str) -> Callable[[], bool]:
    def check() -> bool:
        st = inc_of(kube, name).status
        return st.reason == "AwaitingApproval" and st.approval is not None and st.approval.action == action
    return check


async def test_an_unknown_failure_gets_advice_once_per_signature(started: Started) -> None:
    kube, runtime, advisor = started
    await file(runtime, kube, unknown_body("a"))
    await eventually(waits_for(kube, "a", "resetFailed"))
    advice = inc_of(kube, "a").status.advice
    assert advice is not None and advice.signature == SIG and not advice.cached and advice.pattern == "worker_gave_up"
    [record] = [e for e in inc_of(kube, "a").status.escalations if e.channel == "advisor"]
    assert record.result == "Delivered" and record.ref == SIG and "suggested resetFailed" in record.message
    assert advisor.calls == [{"signature": SIG, "lines": ["worker: start", "worker: giving up on job 42"],
                              "actions": ["restart", "resetFailed"]}]
    # another target with the same failure: answered from the policy, no second call
    await file(runtime, kube, unknown_body("b", target="web-other"))
    await eventually(waits_for(kube, "b", "resetFailed"))
    cached = inc_of(kube, "b").status.advice
    assert cached is not None and cached.cached and cached.at == advice.at
    # and a known pattern never reaches the advisor
    await file(runtime, kube, incident_body("c"))
    await eventually(lambda: inc_of(kube, "c").status.phase == "Remediating")
    await eventually(lambda: (s := advisor_status(kube).advisor) is not None and s.known_pattern_skips == 1)
    status = advisor_status(kube)
    assert status.advisor is not None
    assert (status.advisor.calls_made, status.advisor.cache_hits, status.advisor.calls_avoided) == (1, 1, 2)
    [kept] = status.advisor.answers
    assert (kept.signature, kept.action, kept.at) == (SIG, "resetFailed", advice.at)
    # listed among the unknown signatures (seen twice now) with the advisor's answer
    await runtime.reconcile_policy("web")
    [entry] = advisor_status(kube).unknown_signatures
    assert (entry.signature, entry.count, entry.suggested_action) == (SIG, 2, "resetFailed")
    assert entry.advised_at == advice.at
    assert len(advisor.calls) == 1


async def test_a_suggestion_outside_spec_actions_is_rejected_and_counted(started: Started) -> None:
    kube, runtime, advisor = started
    advisor.answers[SIG] = {"pattern": "disk", "action": "cleanDisk", "rationale": "the disk is full"}
    await file(runtime, kube, unknown_body("a"))
    await eventually(lambda: any(e.channel == "advisor" for e in inc_of(kube, "a").status.escalations))
    await eventually(lambda: (s := advisor_status(kube).advisor) is not None and s.suggestions_rejected == 1)
    st = inc_of(kube, "a").status
    assert st.advice is None and st.approval is not None and st.approval.action == "restart"
    [record] = [e for e in st.escalations if e.channel == "advisor"]
    assert "rejected" in record.message
    await file(runtime, kube, unknown_body("b", target="web-other"))  # the rejection is kept too
    await eventually(lambda: (s := advisor_status(kube).advisor) is not None and s.cache_hits == 1)
    assert len(advisor.calls) == 1
    await runtime.reconcile_policy("web")
    [entry] = advisor_status(kube).unknown_signatures
    assert entry.suggested_action is None and entry.advice_rejected and "cleanDisk" in entry.advice_rejected


async def test_the_rate_limit_holds_across_signatures(advisor_server: FakeAdvisor) -> None:
    kube, runtime = await start(advisor_server, AdvisorLimits(calls_per_hour=1, burst=1))
    try:
        await file(runtime, kube, unknown_body("a"))
        await eventually(waits_for(kube, "a", "resetFailed"))
        await file(runtime, kube, unknown_body("b", signature="0000aaaa1111", target="web-other"))
        await eventually(lambda: (s := advisor_status(kube).advisor) is not None and s.rate_limited_skips == 1)
        assert len(advisor_server.calls) == 1 and inc_of(kube, "b").status.advice is None
        assert "b" in runtime.advisor._timers  # looked at again when the next token comes (in an hour)
    finally:
        await runtime.stop()


async def test_a_failing_advisor_cools_down_then_answers(advisor_server: FakeAdvisor) -> None:
    kube, runtime = await start(advisor_server, AdvisorLimits(backoff_initial=2, backoff_max=3600))
    try:
        advisor_server.fail_next(500)
        await file(runtime, kube, unknown_body("a"))
        await eventually(lambda: any(e.channel == "advisor" for e in inc_of(kube, "a").status.escalations))
        [record] = [e for e in inc_of(kube, "a").status.escalations if e.channel == "advisor"]
        assert record.result == "Retrying" and "ServerError" in record.message
        status = advisor_status(kube).advisor
        assert status is not None and status.failures == 1 and status.next_allowed_at is not None
        await file(runtime, kube, unknown_body("b", signature="0000aaaa1111", target="web-other"))
        await eventually(lambda: (s := advisor_status(kube).advisor) is not None and s.cooldown_skips == 1)
        assert len(advisor_server.calls) == 1  # b waits for the cooldown: no call
        await eventually(waits_for(kube, "a", "resetFailed"))  # both asked after the cooldown
        await eventually(waits_for(kube, "b", "resetFailed"))
        assert sorted(c["signature"] for c in advisor_server.calls) == sorted([SIG, SIG, "0000aaaa1111"])
        await eventually(lambda: (s := advisor_status(kube).advisor) is not None and s.failures == 0)
    finally:
        await runtime.stop()


class _FailsTheFirstStore(FakeAdvisor):
    """Answers, and makes the API server fail the next write after its first answer (the one storing it)."""

    kube: FakeKube | None = None

    def handle(self, request: RecordedRequest) -> Reply:
        if len(self.requests) == 1 and self.kube is not None:
            self.kube.fail_next.append(ApiError(500, "etcdserver: request timed out"))
        return super().handle(request)


async def test_an_api_error_while_storing_the_answer_only_delays_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(advisor_driver, "RETRY_SECONDS", 0.2)
    with _FailsTheFirstStore() as advisor:
        kube, runtime = await start(advisor)
        advisor.kube = kube
        try:
            await file(runtime, kube, unknown_body("a"))
            await eventually(waits_for(kube, "a", "resetFailed"))  # asked again shortly: the first answer was lost
            assert len(advisor.calls) == 2
            status = advisor_status(kube).advisor
            assert status is not None and status.calls_made == 2 and [a.signature for a in status.answers] == [SIG]
        finally:
            await runtime.stop()


async def test_the_token_goes_only_to_the_url_its_secret_is_bound_to() -> None:
    with FakeAdvisor(token="adv-token-123") as advisor:
        kube, runtime = await start(
            advisor, tokenSecretRef={"namespace": "healing-system", "name": "adv", "key": "token"}
        )
        try:
            import base64

            secret = {"metadata": {"namespace": "healing-system", "name": "adv",
                                   "annotations": {"healing.insa.io/advisor-url": "http://elsewhere.example/"}},
                      "data": {"token": base64.b64encode(b"adv-token-123\n").decode()}}
            kube.secrets[("healing-system", "adv")] = secret
            await file(runtime, kube, unknown_body("a"))
            await eventually(lambda: any(e.channel == "advisor" for e in inc_of(kube, "a").status.escalations))
            [record] = [e for e in inc_of(kube, "a").status.escalations if e.channel == "advisor"]
            assert record.result == "Failed" and "SecretNotBound" in record.message
            assert "healing.insa.io/advisor-url=" + advisor.url in record.message
            assert advisor.requests == []  # nothing left the operator
            # bound to the advisor's URL: the token goes there, and only there
            secret["metadata"]["annotations"]["healing.insa.io/advisor-url"] = advisor.url
            runtime.advisor.gate.endpoints.clear()  # skip the cooldown the failure earned
            runtime.advisor._retry("a")
            await eventually(waits_for(kube, "a", "resetFailed"))
            assert advisor.requests[-1].headers["authorization"] == "Bearer adv-token-123"
        finally:
            await runtime.stop()


async def test_what_a_hostile_incident_or_advisor_writes_goes_nowhere(started: Started) -> None:
    """An Incident written by someone other than an agent with a signature no agent writes: nothing is asked, the
    policy's status is unharmed. An advisor answering with a secret in its rationale: it is redacted."""
    kube, runtime, advisor = started
    evil = unknown_body("evil", target="web-evil")
    evil["status"]["detection"]["signature"] = "x\n" * 3000  # the failure key is bounded, the detection is not
    await file(runtime, kube, evil)
    await eventually(lambda: inc_of(kube, "evil").status.reason == "AwaitingApproval")
    advisor.answers[SIG] = {"action": "resetFailed", "pattern": "p" * 500,
                            "rationale": f"the DSN postgres://app:{DSN_PASSWORD}@db/app is refused"}
    await file(runtime, kube, unknown_body("a"))
    await eventually(waits_for(kube, "a", "resetFailed"))
    advice = inc_of(kube, "a").status.advice
    assert advice is not None and DSN_PASSWORD not in advice.rationale and "postgres://app:" in advice.rationale
    assert advice.pattern is not None and len(advice.pattern) <= 128
    assert [c["signature"] for c in advisor.calls] == [SIG]
    status = advisor_status(kube)
    assert status.advisor is not None and [a.signature for a in status.advisor.answers] == [SIG]
    assert DSN_PASSWORD not in str(kube.objects[(POLICY_PLURAL, "web")])


# --- the operator's settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--advisor-backoff", "soon"], {}, "--advisor-backoff"),
        (["--advisor-backoff", "0s"], {}, "must be longer than 0s"),
        (["--advisor-answer-ttl", "1d"], {}, "--advisor-answer-ttl"),
        (["--advisor-calls-per-hour", "0"], {}, "--advisor-calls-per-hour"),
        (["--advisor-burst", "0"], {}, "--advisor-burst"),
        ([], {"HEALING_ADVISOR_CALLS_PER_HOUR": "-3"}, "--advisor-calls-per-hour"),
    ],
)
def test_bad_advisor_settings_stop_the_operator_saying_what_to_fix(
    args: list[str], env: dict[str, str], message: str
) -> None:
    from typer.testing import CliRunner

    from controller.cli import app

    argv = ["operator", "--metrics-port", "0", "--liveness-port", "0", *args]
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "200", **env})  # one line per message
    assert result.exit_code == 2, result.output
    assert message in result.output
