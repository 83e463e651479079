"""K8sModel.merge_patch: a whole-object write through a JSON merge patch (RFC 7386) leaves nothing of the stored copy
behind, and never puts a null into a list item (a list is stored as sent, nulls and all)."""

from __future__ import annotations

from datetime import UTC, datetime

from controller.api.common import K8sModel
from controller.api.incident import Detection, Evidence, Execution, Health
from tests.fakes.kube import merge_patch as apply_merge_patch


def test_a_field_that_became_unset_is_deleted_from_the_stored_copy() -> None:
    before = Detection(pattern="out_of_memory", corroborated=True, evidence=Evidence(exit_code=137, oom_killed=True))
    after = Detection(signature="abc", evidence=Evidence(state="exited"))
    stored = apply_merge_patch(apply_merge_patch({}, before.merge_patch()), after.merge_patch())
    assert stored == after.dump()  # exactly the new object: no pattern, exit code or OOM flag of the old one
    assert apply_merge_patch(before.dump(), after.dump())["evidence"]["exitCode"] == 137  # why dump() will not do


class _Status(K8sModel):
    executions: list[Execution] = []
    health: Health | None = None


def test_list_items_carry_no_nulls_and_nested_objects_carry_them() -> None:
    status = _Status(executions=[Execution(id="a1", action="restart", result="Succeeded")])
    assert status.executions[0].started_at is None
    patch = status.merge_patch()
    assert patch["health"] is None
    item = patch["executions"][0]
    assert "startedAt" not in item and "finishedAt" not in item and item["id"] == "a1", item
    assert all(value is not None for value in item.values()), item
    detection = Detection(evidence=Evidence())
    assert detection.merge_patch()["evidence"]["exitCode"] is None


def test_health_since_cleared() -> None:
    now = datetime(2026, 12, 4, tzinfo=UTC)
    stored = apply_merge_patch(Health(healthy=False, checked_at=now, since=now).dump(),
                               Health(healthy=True, checked_at=now).merge_patch())
    assert "since" not in stored and stored["healthy"] is True
