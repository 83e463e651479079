"""`healing operator`: check the operator's dependencies, then run Kopf with the handlers, the metrics server and
the liveness endpoint."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import importlib
import logging
import re
import shlex
import threading
from collections.abc import Callable
from importlib import metadata
from typing import Any

M_ARENA_MAX = -8  # mallopt parameter (malloc.h)
DISTRIBUTION = "integrated-healing-operator"
# What the operator cannot run without: import name -> package to install. Imported first, so that a broken install
# stops at start-up saying what to install, instead of failing (or, worse, skipping a guard) when first needed.
REQUIRED = {
    "kopf": "kopf",
    "kubernetes": "kubernetes",
    "aiohttp": "aiohttp",
    "github": "PyGithub",  # escalation to GitHub issues
    "hyperscan": "hyperscan",  # regex validation of policies, redaction
    "prometheus_client": "prometheus-client",
}


def missing_dependencies() -> dict[str, str]:
    """Package -> why its import failed, for each required package that cannot be imported."""
    missing: dict[str, str] = {}
    for module, package in REQUIRED.items():
        try:
            importlib.import_module(module)
        except ImportError as exc:
            missing[package] = f"import {module}: {exc}"
    return missing


def _requirement(package: str) -> str:
    """The version range pyproject.toml asks for (from the installed metadata); the bare name without it."""
    with contextlib.suppress(metadata.PackageNotFoundError):
        for req in metadata.requires(DISTRIBUTION) or []:
            name = re.split(r"[^A-Za-z0-9._-]", req, maxsplit=1)[0]
            if name.lower() == package.lower() and "extra ==" not in req:
                return req
    return package


def require_dependencies() -> None:
    """Exit with what to install when a required package is missing or broken."""
    missing = missing_dependencies()
    if missing:
        why = "; ".join(f"{package} ({reason})" for package, reason in missing.items())
        install = " ".join(shlex.quote(_requirement(package)) for package in missing)
        raise SystemExit(f"healing operator cannot start, missing: {why}. Install it: pip install {install}")


def _limit_malloc_arenas() -> None:
    """glibc gives each thread (DNS lookups, Kopf's executor) its own 64 MB malloc arena; freed memory then
    fragments across them and RSS grows under a storm. Two arenas are plenty for one event loop."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 2)


def run_operator(
    namespace: str = "healing-system",
    metrics_port: int = 8080,
    liveness_port: int = 8081,
    peering: str | None = None,
    verbose: bool = False,
    *,
    kubeconfig: str | None = None,
    stop_flag: threading.Event | None = None,
    ready_flag: threading.Event | None = None,
    on_runtime: Callable[[Any], None] | None = None,
) -> None:
    """Run until SIGINT/SIGTERM (or stop_flag). Clean shutdown: Kopf's cleanup handler stops the runtime."""
    require_dependencies()
    # Imported after the check (each needs one of the required packages), so a missing one gets its message.
    import kopf

    from controller.operator import metrics
    from controller.operator.settings import replica_priority
    from controller.redaction import install_log_redaction

    install_log_redaction()  # before Kopf logs anything: its warnings also become Events
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        logging.getLogger("kopf.objects").setLevel(logging.WARNING)
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    from controller.operator import handlers  # noqa: F401  (registers the handlers)

    _limit_malloc_arenas()
    metrics.serve(metrics_port)
    priority = replica_priority() if peering else None
    memo = kopf.Memo(
        namespace=namespace, peering=peering, priority=priority, kubeconfig=kubeconfig, on_runtime=on_runtime
    )
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        kopf.run(
            loop=loop,
            clusterwide=True,
            standalone=not peering,
            peering_name=peering,
            priority=priority,
            liveness_endpoint=f"http://0.0.0.0:{liveness_port}/healthz" if liveness_port else None,
            memo=memo,
            stop_flag=stop_flag,
            ready_flag=ready_flag,
        )
    finally:
        loop.close()
