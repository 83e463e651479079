"""`healing approve` and `healing report`: small synchronous conveniences over the API (kubectl works too)."""

from __future__ import annotations

import asyncio
import sys

from controller.api.healingpolicy import HealingPolicy
from controller.api.incident import Incident
from controller.constants import APPROVE_ANNOTATION, INCIDENT_PLURAL, POLICY_PLURAL
from controller.operator.k8s import ApiError, Kube
from controller.operator.metacognition.report import render_report


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


async def _approve(name: str, kubeconfig: str | None) -> int:
    kube = Kube.from_kubeconfig(kubeconfig)
    try:
        body = await kube.get(INCIDENT_PLURAL, name)
        if body is None:
            _err(f"Incident {name!r} not found (kubectl get incidents lists them)")
            return 1
        inc = Incident.model_validate(body)
        status = inc.status
        if status.phase != "Suppressed" or status.reason != "AwaitingApproval":
            _err(
                f"Incident {name} is not awaiting approval (phase {status.phase or 'none yet'}"
                f"{', reason ' + status.reason if status.reason else ''}); nothing to approve"
            )
            return 1
        await kube.patch(INCIDENT_PLURAL, name, {"metadata": {"annotations": {APPROVE_ANNOTATION: "true"}}})
        action = status.approval.action if status.approval else status.action
        print(f"incident {name}: approved {action}")
        return 0
    except ApiError as exc:
        _err(str(exc))
        return 1
    finally:
        await kube.close()


def approve_incident(name: str, kubeconfig: str | None = None) -> int:
    """Set healing.insa.io/approve=true on an Incident that waits for approval. Exit code."""
    return asyncio.run(_approve(name, kubeconfig))


async def _load(kubeconfig: str | None, attempts: int = 6) -> tuple[list[HealingPolicy], list[Incident]]:
    kube = Kube.from_kubeconfig(kubeconfig)
    try:
        for attempt in range(attempts):
            try:
                policies = [HealingPolicy.model_validate(b) for b in await kube.list(POLICY_PLURAL)]
                incidents = [Incident.model_validate(b) for b in await kube.list(INCIDENT_PLURAL)]
                return policies, incidents
            except ApiError as exc:
                # 429 "storage is (re)initializing" right after a CRD is created, or a restarting API server:
                # worth a short wait; anything else (403, 404) is the answer
                if exc.status not in (429, 500, 503, 504) or attempt == attempts - 1:
                    raise
                await asyncio.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")
    finally:
        await kube.close()


def print_report(fmt: str = "table", kubeconfig: str | None = None) -> int:
    """Policies, learning and success rates (rendered by metacognition.report)."""
    try:
        policies, incidents = asyncio.run(_load(kubeconfig))
    except ApiError as exc:
        _err(str(exc))
        return 1
    sys.stdout.write(render_report(policies, incidents, fmt))
    return 0
