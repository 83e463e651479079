"""Kopf settings, set once at startup."""

from __future__ import annotations

import logging
import secrets

import kopf

from controller.constants import GROUP
from controller.operator.shard import Shard

# A restarted or partitioned apiserver must not leave a watch hanging forever: the server closes each watch after
# WATCH_SERVER_TIMEOUT, the client gives up a little later, and Kopf re-lists/re-watches.
WATCH_SERVER_TIMEOUT = 60
WATCH_CLIENT_TIMEOUT = 90
CONNECT_TIMEOUT = 10


def replica_priority() -> int:
    """Kopf pauses every peer when two share the highest priority; each replica draws its own, so exactly one
    (the highest) is active and the others stand by. A restarted replica draws again."""
    return 1 + secrets.randbelow(1_000_000)


def configure(
    settings: kopf.OperatorSettings, *, peering: str | None, priority: int | None = None, shard: Shard | None = None
) -> None:
    # Progress and diff-base in annotations only: the CRD status schemas are structural, so the API server would
    # prune a status.kopf field and Kopf would re-run handlers forever.
    # Each shard keeps its own (shard 0 the unsharded ones): every shard runs the policy handlers (its cache), and a
    # diff-base another shard stored first would hide a spec change from this one's handler.
    index = shard.index if shard is not None else 0
    prefix = GROUP if index == 0 else f"shard-{index}.{GROUP}"
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=prefix)
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix=GROUP, key="last-handled-configuration" + (f"-shard-{index}" if index else "")
    )
    # Handler errors (and Kopf's own warnings) become Kubernetes Events on the object.
    settings.posting.enabled = True
    settings.posting.level = logging.WARNING
    settings.posting.reporting_component = "healing-operator"
    if shard is not None and shard.instance:
        settings.posting.reporting_instance = shard.instance
    settings.watching.server_timeout = WATCH_SERVER_TIMEOUT
    settings.watching.client_timeout = WATCH_CLIENT_TIMEOUT
    settings.watching.connect_timeout = CONNECT_TIMEOUT
    settings.networking.request_timeout = 30
    settings.networking.connect_timeout = CONNECT_TIMEOUT
    # Peering: with a name, a standby replica waits while another one is active (ClusterKopfPeering object; the
    # caller gives each shard its own: Shard.peering_name).
    settings.peering.clusterwide = True
    if peering:
        settings.peering.name = peering
        settings.peering.mandatory = True
        settings.peering.standalone = False
        settings.peering.priority = priority or replica_priority()
    else:
        settings.peering.standalone = True
