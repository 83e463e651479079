"""Policy specs are reconciled by metadata.generation, not by Kopf's change detection (no diff-base): a new policy,
a spec change and every policy after a start are reconciled from the watch event alone; a status write (same
generation) is not a spec change; a failed reconcile is tried again by the timer; Kopf is configured without a
diff-base and refuses to start if a change-detecting handler is ever registered."""

from __future__ import annotations

import asyncio
from typing import Any

import kopf
import pytest

from controller.api.healingpolicy import HealingPolicy
from controller.constants import POLICY_PLURAL
from controller.operator.k8s import ApiError
from controller.operator.settings import NoDiffBase, check_no_changing_handlers, configure
from tests.fakes.kube import FakeKube, eventually, policy_body, running


def policy(kube: FakeKube, name: str = "web") -> HealingPolicy:
    return HealingPolicy.model_validate(kube.objects[(POLICY_PLURAL, name)])


def status_writes(kube: FakeKube, name: str = "web") -> int:
    return sum(1 for w in kube.writes if w == ("patch/status", POLICY_PLURAL, name))


async def test_a_policy_seen_after_start_is_reconciled_from_its_first_event() -> None:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    async with running(kube) as runtime:
        assert policy(kube).status.observed_generation is None  # loaded, not yet seen by the watch
        await runtime.policy_event(None, kube.objects[(POLICY_PLURAL, "web")])  # Kopf's initial listing
        await eventually(lambda: policy(kube).status.observed_generation == 1)


async def test_a_spec_change_is_reconciled_and_a_status_write_is_not_a_spec_change() -> None:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    async with running(kube) as runtime:
        await runtime.policy_event(None, kube.objects[(POLICY_PLURAL, "web")])
        await eventually(lambda: policy(kube).status.observed_generation == 1)
        await asyncio.sleep(0)
        written = status_writes(kube)
        await runtime.policy_event("MODIFIED", kube.objects[(POLICY_PLURAL, "web")])  # the echo of its status write
        await asyncio.sleep(0.05)
        assert status_writes(kube) == written
        await kube.patch(POLICY_PLURAL, "web", {"spec": {"actions": ["restart", "freePort"]}})
        assert kube.objects[(POLICY_PLURAL, "web")]["metadata"]["generation"] == 2
        await runtime.policy_event("MODIFIED", kube.objects[(POLICY_PLURAL, "web")])
        await eventually(lambda: policy(kube).status.observed_generation == 2)


async def test_a_failed_reconcile_is_tried_again_by_the_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    kube = FakeKube()
    kube.create(POLICY_PLURAL, policy_body())
    async with running(kube) as runtime:
        real = runtime.policy_controller.reconcile
        failures = [ApiError(503, "unavailable")]

        async def flaky(name: str) -> Any:
            if failures:
                raise failures.pop()
            return await real(name)

        monkeypatch.setattr(runtime.policy_controller, "reconcile", flaky)
        await runtime.policy_event(None, kube.objects[(POLICY_PLURAL, "web")])
        await eventually(lambda: not runtime._reconciling)
        assert policy(kube).status.observed_generation is None and not failures
        await runtime.policy_timer("web")
        assert policy(kube).status.observed_generation == 1


def test_kopf_runs_without_a_diff_base() -> None:
    settings = kopf.OperatorSettings()
    configure(settings, peering=None)
    storage = settings.persistence.diffbase_storage
    assert isinstance(storage, NoDiffBase)
    assert storage.build(body=kopf.Body({"spec": {"a": 1}, "status": {"big": list(range(100))}})) is None
    assert storage.fetch(body=kopf.Body({})) is None


def test_the_operator_registers_no_change_detecting_handler_and_one_would_be_refused() -> None:
    from controller.operator import handlers

    handlers.register_singleton_handlers()
    check_no_changing_handlers(kopf.get_default_registry())  # the operator's own handlers pass
    registry = kopf.OperatorRegistry()

    @kopf.on.update("example.com", "v1", "things", registry=registry)
    def on_update(**_: Any) -> None:
        return None

    with pytest.raises(RuntimeError, match="need a diff-base"):
        check_no_changing_handlers(registry)
