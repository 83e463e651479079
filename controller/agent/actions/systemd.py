"""Unit actions over D-Bus: restart, start, resetFailed, restartDependencies (Manager methods)."""

from __future__ import annotations

import asyncio
import time

from controller.agent.actions.base import ActionContext, Outcome, failed, ok
from controller.agent.systemd_bus import BusError, SystemdBus

SETTLE_TIMEOUT = 30.0
DEP_PROPS = ("Requires", "BindsTo", "Wants")
SKIP_DEP_SUFFIXES = (".target", ".slice", ".mount", ".device", ".scope", ".socket")


async def settle(bus: SystemdBus, unit: str, timeout: float = SETTLE_TIMEOUT) -> tuple[str, str]:
    """Wait until the unit's job is done and it left activating/deactivating (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        await bus.load_unit(unit)
        props = await bus.properties(unit)
        state, sub = str(props.get("ActiveState", "")), str(props.get("SubState", ""))
        job = props.get("Job") or (0, "/")
        busy = job[0] != 0 or state in ("activating", "deactivating", "reloading")
        if not busy or time.monotonic() > deadline:
            return state, sub
        await asyncio.sleep(0.1)


async def _job(ctx: ActionContext, member: str, unit: str) -> Outcome:
    bus = ctx.systemd
    assert bus is not None
    notes = []
    if (await bus.active_state(unit))[0] == "failed":
        # A failed unit may have used up its start limit -- dependants that keep pulling it in count too -- and then
        # systemd refuses the start at once ("Start request repeated too quickly"), its Result still the old
        # exit-code. The limit is for restart loops; this start is the healer's, already held by its own guards
        # (approval, budget, cooldown), as an administrator's `systemctl reset-failed` before a restart would be.
        await bus.reset_failed(unit)
        notes.append("reset its failed state and start limit first")
    try:
        await bus.job(member, unit)
    except BusError as exc:
        return failed(f"{member} {unit}: {exc}")
    state, sub = await settle(bus, unit)
    done = f"{member} {unit}" + (f" ({', '.join(notes)})" if notes else "")
    if state == "active":
        return ok(f"{done}: now {state}/{sub}")
    return failed(f"{done}: unit is {state}/{sub} afterwards")


async def restart(ctx: ActionContext) -> Outcome:
    assert ctx.unit
    return await _job(ctx, "RestartUnit", ctx.unit)


async def start(ctx: ActionContext) -> Outcome:
    assert ctx.unit
    return await _job(ctx, "StartUnit", ctx.unit)


async def reset_failed(ctx: ActionContext) -> Outcome:
    assert ctx.systemd and ctx.unit
    try:
        await ctx.systemd.reset_failed(ctx.unit)
    except BusError as exc:
        return failed(f"ResetFailedUnit {ctx.unit}: {exc}")
    state, sub = await ctx.systemd.active_state(ctx.unit)
    return ok(f"ResetFailedUnit {ctx.unit}: now {state}/{sub}")


async def restart_dependencies(ctx: ActionContext) -> Outcome:
    """Restart the unit's own services it Requires/BindsTo/Wants that are not active, then the unit."""
    bus, unit = ctx.systemd, ctx.unit
    assert bus and unit
    deps: list[str] = []
    for prop in DEP_PROPS:
        for dep in await bus.prop(unit, prop) or []:
            if not dep.endswith(SKIP_DEP_SUFFIXES) and dep not in deps:
                deps.append(dep)
    restarted, problems = [], []
    for dep in deps:
        state, _ = await bus.active_state(dep)
        if state == "active":
            continue
        outcome = await _job(ctx, "RestartUnit", dep)
        (restarted if outcome.result == "Succeeded" else problems).append(outcome.message)
    if problems:
        return failed("; ".join(problems))
    outcome = await _job(ctx, "RestartUnit", unit)
    prefix = f"restarted dependencies: {'; '.join(restarted)}" if restarted else "all dependencies were active"
    return type(outcome)(outcome.result, f"{prefix}; {outcome.message}")
