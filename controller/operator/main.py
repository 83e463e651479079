"""`healing operator`: check the operator's dependencies, then run Kopf with the handlers, the metrics server and
the liveness endpoint."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from controller.dependencies import require_dependencies

if TYPE_CHECKING:  # imported for real after the dependency check: it needs requests and kubernetes
    from controller.operator.metacognition.advisor_gate import AdvisorLimits
    from controller.operator.shard import Shard

M_ARENA_MAX = -8  # mallopt parameter (malloc.h)
TLS_READ_BUFFER = 64 * 1024  # asyncio's default is 256 KiB per TLS connection


class AdvisorSettings(NamedTuple):
    """The operator-wide advisor limits from the command line (metacognition.advisor_gate.AdvisorLimits is built
    from them once the dependencies are checked)."""

    calls_per_hour: float = 30.0
    burst: int = 5
    backoff_seconds: float = 60.0
    answer_ttl_seconds: float = 24 * 3600.0


def _limit_malloc_arenas() -> None:
    """glibc gives each thread (DNS lookups, Kopf's executor) its own 64 MB malloc arena; freed memory then
    fragments across them and RSS grows under a storm. Two arenas are plenty for one event loop."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 2)


def _small_tls_read_buffers() -> None:
    """asyncio gives every TLS connection a read buffer of `SSLProtocol.max_size` (256 KiB) and allocates a bytes
    object of that size for each read from it. The operator holds 100-130 connections to the API server (its
    writers, Kopf's watches and patches), whose messages are a few KB: with 64 KiB (four TLS records per read) the
    operator's peak RSS in the 1,000-incident storm fell from 150-154 MB to 136-140 MB (docs/operator.md)."""
    import asyncio.sslproto

    asyncio.sslproto.SSLProtocol.max_size = TLS_READ_BUFFER


def _advisor_limits(settings: AdvisorSettings, shards: int = 1) -> AdvisorLimits:
    """The limits are operator-wide: with N shards each process gets 1/N of the calls per hour and of the burst
    (at least one call), so that together they stay within them."""
    from controller.operator.metacognition.advisor_gate import AdvisorLimits

    backoff = settings.backoff_seconds
    return AdvisorLimits(
        settings.calls_per_hour / shards, max(1, settings.burst // shards), backoff, max(3600.0, backoff),
        settings.answer_ttl_seconds,
    )


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
    advisor: AdvisorSettings | None = None,
    shard: Shard | None = None,
) -> None:
    """Run until SIGINT/SIGTERM (or stop_flag). Clean shutdown: Kopf's cleanup handler stops the runtime.
    With a shard (I of N), this process decides the incidents of the policies it owns (controller/operator/shard.py)
    and joins the peering `<peering>-shard-I`."""
    require_dependencies("operator")
    # Imported after the check (each needs one of the required packages), so a missing one gets its message.
    import kopf

    from controller.operator import metrics
    from controller.operator.settings import check_no_changing_handlers, replica_identity, replica_priority
    from controller.operator.shard import Shard
    from controller.redaction import install_log_redaction

    install_log_redaction()  # before Kopf logs anything: its warnings also become Events
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        logging.getLogger("kopf.objects").setLevel(logging.WARNING)
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    from controller.operator import handlers  # registers the handlers


    shard = shard or Shard()
    if shard.runs_singletons:
        handlers.register_singleton_handlers()
    check_no_changing_handlers(kopf.get_default_registry())
    peering = shard.peering_name(peering)

    _limit_malloc_arenas()
    _small_tls_read_buffers()
    metrics.serve(metrics_port)
    priority = replica_priority() if peering else None
    identity = replica_identity()  # the same in the peering object and in the User-Agent of the runtime's requests
    memo = kopf.Memo(
        namespace=namespace, peering=peering, priority=priority, identity=identity, kubeconfig=kubeconfig,
        on_runtime=on_runtime,
        advisor_limits=_advisor_limits(advisor or AdvisorSettings(), shard.count), shard=shard,
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
            identity=identity,
            liveness_endpoint=f"http://0.0.0.0:{liveness_port}/healthz" if liveness_port else None,
            memo=memo,
            stop_flag=stop_flag,
            ready_flag=ready_flag,
        )
    finally:
        loop.close()
