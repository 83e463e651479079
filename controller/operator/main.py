"""`healing operator`: check the operator's dependencies, then run Kopf with the handlers, the metrics server and
the liveness endpoint."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import threading
from collections.abc import Callable
from typing import Any

from controller.dependencies import require_dependencies

M_ARENA_MAX = -8  # mallopt parameter (malloc.h)


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
    require_dependencies("operator")
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
