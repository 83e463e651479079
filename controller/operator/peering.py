"""Whether this replica is the active one of its Kopf peering, for the work that does not come through Kopf.

Kopf pauses a standby replica's watches and timers, so no handler runs there. But the runtime also acts on its own:
the agent-silence loop decides the incidents of a node whose agent went quiet, and the start-up recovery applies
outcome notes and the hourly budget of the policies. On a standby the cache is the listing of its start, frozen:
every agent would look silent after a while, and the standby would write holds, Events and policy status next to the
active replica. So those steps ask first: active means no live peer of the same peering with a priority above this
replica's, and none with the same priority besides itself (Kopf pauses both then) -- Kopf's own rule, read from its
ClusterKopfPeering object (`status`: peer id -> priority, lastseen, lifetime).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from controller.api.common import aware
from controller.operator.k8s import ApiError, Kube

log = logging.getLogger(__name__)
PEERING_PATH = "/apis/kopf.dev/v1/clusterkopfpeerings/{name}"
ANSWER_SECONDS = 2.0  # an answer is reused this long (the agent-silence loop, node conditions, the pod healer ask)


def is_active(peers: dict[str, Any], priority: int, now: datetime) -> bool:
    """Kopf's rule on the peering object's status: no live peer above this priority, at most one (this replica) at
    it. A malformed entry counts as a live peer above (fail closed: a standby that cannot tell stays passive)."""
    same = 0
    for info in peers.values():
        try:
            lastseen = aware(datetime.fromisoformat(str(info["lastseen"])))
            alive = now <= lastseen + timedelta(seconds=int(info.get("lifetime", 60)))
            peer_priority = int(info.get("priority", 0))
        except (KeyError, TypeError, ValueError):
            return False
        if not alive:
            continue
        if peer_priority > priority:
            return False
        same += peer_priority == priority
    return same <= 1


class Peering:
    """The peering this replica joined (None: standalone, always active)."""

    def __init__(self, kube: Kube, name: str | None, priority: int | None) -> None:
        self.kube = kube
        self.name = name
        self.priority = priority or 0
        self._answer: tuple[float, bool] | None = None  # (monotonic time, answer): several loops ask

    async def active(self, *, fresh: bool = False) -> bool:
        """Active by Kopf's rule on its peering object; an answer is reused for ANSWER_SECONDS unless `fresh`."""
        if not self.name:
            return True
        now = time.monotonic()
        if not fresh and self._answer is not None and now - self._answer[0] < ANSWER_SECONDS:
            return self._answer[1]
        try:
            body = await self.kube.request("GET", PEERING_PATH.format(name=self.name))
            answer = is_active(body.get("status") or {}, self.priority, datetime.now(UTC))
        except ApiError as exc:
            log.warning("peering %s not readable (%s): acting as a standby until it is", self.name, exc)
            answer = False
        self._answer = (now, answer)
        return answer
