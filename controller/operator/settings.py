"""Kopf settings, set once at startup."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from typing import Any

import kopf

from controller.constants import GROUP
from controller.operator.shard import Shard

# A restarted or partitioned apiserver must not leave a watch hanging forever: the server closes each watch after
# WATCH_SERVER_TIMEOUT, the client gives up a little later, and Kopf re-lists/re-watches.
WATCH_SERVER_TIMEOUT = 60
WATCH_CLIENT_TIMEOUT = 90
CONNECT_TIMEOUT = 10


class NoDiffBase(kopf.DiffBaseStorage):
    """No diff-base: the operator registers no change-detecting handlers (on.create/update/resume/delete), so the
    essence Kopf would otherwise deep-copy out of every event of every watched object -- the whole Incident body,
    hundreds of times a second in a storm -- is never read. Policy spec changes are told by metadata.generation
    (Runtime.policy_event). `check_no_changing_handlers` keeps it that way."""

    def build(self, *, body: Any, extra_fields: Any = None) -> Any:
        return None  # Kopf skips clearing a None essence, and diff(None, None) is empty

    def fetch(self, *, body: Any) -> None:
        return None

    def store(self, *, body: Any, patch: Any, essence: Any) -> None:
        return None


def check_no_changing_handlers(registry: kopf.OperatorRegistry) -> None:
    """Fail at start, not silently: a change-detecting handler would never fire with NoDiffBase."""
    changing = [h.id for h in registry._changing.get_all_handlers()]
    if changing:
        raise RuntimeError(f"change-detecting Kopf handlers {changing} need a diff-base; NoDiffBase has none")


def replica_priority() -> int:
    """Kopf pauses every peer when two share the highest priority; each replica draws its own, so exactly one
    (the highest) is active and the others stand by. A restarted replica draws again."""
    return 1 + secrets.randbelow(1_000_000)


def replica_identity() -> str:
    """Who this replica is: its key in Kopf's peering object and, in the User-Agent of the runtime's requests, in
    the API server's audit log -- so the two replicas of a Deployment (one ServiceAccount) can be told apart there.
    Kopf's own variable POD_ID when set (Kopf documents it), else host/pid/random like Kopf's default (in a pod the
    host name is the pod's name; the pid and the random part keep two processes of one host or pod apart)."""
    return os.environ.get("POD_ID") or f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(3)}"


def user_agent(identity: str | None) -> str:
    """`healing-operator/VERSION (identity)`: the API server names the field manager after the part before the
    first slash (`healing-operator`, where aiohttp's default made it `Python`); the audit log keeps the rest."""
    from controller import __version__

    return f"healing-operator/{__version__}" + (f" ({identity})" if identity else "")


def configure(
    settings: kopf.OperatorSettings, *, peering: str | None, priority: int | None = None, shard: Shard | None = None
) -> None:
    # Progress in annotations only: the CRD status schemas are structural, so the API server would prune a
    # status.kopf field and Kopf would re-run handlers forever. Each shard keeps its own (shard 0 the unsharded ones).
    index = shard.index if shard is not None else 0
    prefix = GROUP if index == 0 else f"shard-{index}.{GROUP}"
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=prefix)
    settings.persistence.diffbase_storage = NoDiffBase()
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
