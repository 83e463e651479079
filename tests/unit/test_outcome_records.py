"""A policy's recentOutcomes are lines of text on the wire (controller/api/healingpolicy.py, OutcomeRecord): what the
operator writes must read back as the same record, match the CRD's pattern, and a bad line must say what to fix."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from controller.api.healingpolicy import OUTCOME_RECORD_REGEX, HealingPolicyStatus, OutcomeRecord
from controller.constants import ACTIONS

AT = datetime(2026, 12, 3, 17, 35, 30, 982657, tzinfo=UTC)


def line_of(record: OutcomeRecord) -> str:
    (line,) = HealingPolicyStatus(recent_outcomes=[record]).dump()["recentOutcomes"]
    return line


def test_a_record_is_one_line_that_reads_back_as_the_same_record() -> None:
    record = OutcomeRecord(at=AT, pattern="container_exit", action="restart", success=True, seconds=3.123,
                           target="node-00123/svc-pool-00-00123")
    line = line_of(record)
    assert line == "2026-12-03T17:35:30.982657Z ok restart container_exit 3.123 node-00123/svc-pool-00-00123"
    assert re.fullmatch(OUTCOME_RECORD_REGEX, line)
    status = HealingPolicyStatus.model_validate({"recentOutcomes": [line]})
    assert status.recent_outcomes == [record]
    # about half the bytes of the object it replaces
    as_object = json.dumps({"at": "2026-12-03T17:35:30.982657Z", "pattern": "container_exit", "action": "restart",
                            "success": True, "seconds": 3.123, "target": "node-00123/svc-pool-00-00123"})
    assert len(json.dumps(line)) < 0.6 * len(as_object)


@pytest.mark.parametrize(
    ("pattern", "target", "seconds"),
    [
        ("a b", "node/x y", 1.5),  # a space would split the line
        ("100%", "n/%2D", 0.0),  # the escape character itself, and what looks like an escape
        ("", "", None),  # empty fields would leave two spaces in a row
        ("-", "-", None),  # "-" stands for the empty string, so a literal "-" is escaped
        ("ünïcode_pattern", "node-1/web\tnew\nline", 1e-5),
        ("unknown", None, 12345.678),
    ],
)
def test_any_pattern_and_target_survive_the_line(pattern: str, target: str | None, seconds: float | None) -> None:
    for action in ACTIONS:
        for success in (True, False):
            record = OutcomeRecord(at=AT, pattern=pattern, action=action, success=success, seconds=seconds,
                                   target=target)
            line = line_of(record)
            assert re.fullmatch(OUTCOME_RECORD_REGEX, line), line
            assert OutcomeRecord.model_validate(line) == record


@pytest.mark.parametrize("seconds", [math.inf, math.nan, -1.0])
def test_a_time_the_crd_would_refuse_is_written_as_unknown(seconds: float) -> None:
    """A line the API server rejects would block every write of the policy's status: a time to resolve that is
    not a finite, non-negative number is written as '-' (unknown) instead."""
    line = line_of(OutcomeRecord(at=AT, pattern="p", action="restart", success=True, seconds=seconds))
    assert re.fullmatch(OUTCOME_RECORD_REGEX, line) and line.split(" ")[4] == "-"


def test_times_in_other_zones_are_written_in_utc() -> None:
    local = AT.astimezone(timezone(timedelta(hours=5, minutes=30)))
    line = line_of(OutcomeRecord(at=local, pattern="p", action="restart", success=False))
    assert line.startswith("2026-12-03T17:35:30.982657Z failed ")
    assert OutcomeRecord.model_validate(line).at == AT


def test_records_written_as_objects_before_still_read() -> None:
    """A policy whose status an older operator wrote: its object records are read, and written back as lines."""
    old = {"at": "2026-12-02T10:00:00Z", "pattern": "port_conflict", "action": "freePort", "success": False,
           "seconds": 2.5, "target": "node-a/web"}
    status = HealingPolicyStatus.model_validate({"recentOutcomes": [old]})
    assert status.dump()["recentOutcomes"] == ["2026-12-02T10:00:00Z failed freePort port_conflict 2.5 node-a/web"]


@pytest.mark.parametrize(
    "line",
    [
        "2026-12-03T10:00:00Z maybe restart p 1.0",  # neither ok nor failed
        "2026-12-03T10:00:00Z ok restart p",  # a field missing
        "2026-12-03T10:00:00Z ok restart p 1.0 node/t extra",  # a field too many
        "2026-12-03T10:00:00Z ok reboot p 1.0",  # not an action of the closed set
        "yesterday ok restart p 1.0",
        "2026-12-03T10:00:00Z ok restart p fast",
    ],
)
def test_a_malformed_line_is_refused_by_the_crd_and_by_the_model(line: str) -> None:
    assert not re.fullmatch(OUTCOME_RECORD_REGEX, line)
    with pytest.raises(ValidationError):
        OutcomeRecord.model_validate(line)


def test_the_error_for_a_wrong_number_of_fields_shows_the_format() -> None:
    with pytest.raises(ValidationError) as err:
        OutcomeRecord.model_validate("2026-12-03T10:00:00Z ok restart")
    assert "'<at> ok|failed <action> <pattern> <seconds>|- [<target>]'" in str(err.value)
