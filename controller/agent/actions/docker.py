"""Container actions through the Docker API: restart, start, recreateContainer (remove + create, same config)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import docker
import docker.errors

from controller.agent.actions.base import ActionContext, Outcome, failed, ok

SETTLE_TIMEOUT = 20.0
STOP_TIMEOUT = 10


def _state(client: docker.DockerClient, name: str) -> dict[str, Any]:
    return client.api.inspect_container(name)["State"]


def _describe(state: dict[str, Any]) -> str:
    health = (state.get("Health") or {}).get("Status")
    return state.get("Status", "?") + (f" ({health})" if health else "")


def _settle(client: docker.DockerClient, name: str) -> Outcome:
    deadline = time.monotonic() + SETTLE_TIMEOUT
    state = _state(client, name)
    while time.monotonic() < deadline:
        state = _state(client, name)
        if state.get("Status") != "running":
            return failed(f"container {name} is {_describe(state)} (exit code {state.get('ExitCode')})")
        if (state.get("Health") or {}).get("Status") != "starting":
            break
        time.sleep(0.2)
    return ok(f"container {name} is {_describe(state)}")


def _restart(client: docker.DockerClient, name: str) -> Outcome:
    client.api.restart(name, timeout=STOP_TIMEOUT)
    return _settle(client, name)


def _start(client: docker.DockerClient, name: str) -> Outcome:
    client.api.start(name)
    return _settle(client, name)


def _recreate(client: docker.DockerClient, name: str) -> Outcome:
    """Remove and create again from the inspected config: same image, command, env, labels, mounts, network."""
    info = client.api.inspect_container(name)
    cfg, host_cfg = info["Config"], info["HostConfig"]
    networks = info.get("NetworkSettings", {}).get("Networks") or {}
    networking = None
    if networks:
        net_name, net = next(iter(networks.items()))
        networking = {"EndpointsConfig": {net_name: {"Aliases": net.get("Aliases") or None}}}
    body: dict[str, Any] = {
        key: cfg.get(key)
        for key in ("Hostname", "Domainname", "User", "Env", "Cmd", "Entrypoint", "Labels", "WorkingDir",
                    "ExposedPorts", "Healthcheck", "StopSignal", "Tty", "OpenStdin", "Volumes")
        if cfg.get(key) is not None
    }
    body["Image"] = cfg["Image"]
    body["HostConfig"] = host_cfg
    if networking:
        body["NetworkingConfig"] = networking
    was_running = info["State"].get("Running", False)
    client.api.remove_container(name, force=True, v=False)
    # the raw create endpoint takes the inspected HostConfig as is (the SDK's kwargs would need a mapping back)
    created = client.api._post_json(client.api._url("/containers/create"), data=body, params={"name": name})
    client.api._result(created, json=True)
    client.api.start(name)
    outcome = _settle(client, name)
    note = "" if was_running else " (it was not running before)"
    return type(outcome)(outcome.result, f"recreated {name}{note}: {outcome.message}")


async def _run(ctx: ActionContext, fn: Any, verb: str) -> Outcome:
    name = ctx.container
    if ctx.docker is None or not name:
        return failed(f"{verb}: no Docker connection or no container")
    try:
        return await asyncio.to_thread(fn, ctx.docker, name)
    except docker.errors.NotFound:
        return failed(f"{verb}: container {name} does not exist")
    except docker.errors.APIError as exc:
        return failed(f"{verb} {name}: {exc.explanation or exc}")


async def restart(ctx: ActionContext) -> Outcome:
    return await _run(ctx, _restart, "restart")


async def start(ctx: ActionContext) -> Outcome:
    return await _run(ctx, _start, "start")


async def recreate(ctx: ActionContext) -> Outcome:
    return await _run(ctx, _recreate, "recreateContainer")
