"""Sharding: which operator process (`healing operator --shard I/N`) decides what.

Sharded by HealingPolicy, not by node: every guard (maxConcurrent, maxActionsPerHour, maxUnhealthyPercent, the
circuits) and the policy's status (one writer: policy_status.py) belong to one policy. The shard that owns a policy
owns every incident that policy governs, so each guard is counted by one process, exactly, with nothing split or
summed across shards, and each policy's status keeps a single writer. Sharding by node would cut a policy's limits
between shards (or need a central counter) and give its status N writers.

* A policy's owner is a stable hash of its name (sha256, not Python's per-process `hash()`) modulo N.
* An incident's owner is the owner of the policy its decision would use, as this process resolves it from its own
  cache (`Admission.match`: the cached policies and node labels) -- never from a label or an Incident field a writer
  could set to steer it. Incidents no policy governs go to shard 0.
* Cluster-wide singletons -- the pod healer and node conditions -- run on shard 0 only.

Every shard watches and caches everything (Kopf has no server-side selector for its watches, and the guards and
dependency checks look at incidents of other policies on the same node); only what it owns is decided and written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

MAX_SHARDS = 64
FIELD_MANAGER = "healing-operator"


def policy_shard(policy: str | None, count: int) -> int:
    """The shard that owns a policy (None: no policy governs it -> shard 0). Stable across processes and
    versions: changing it moves every policy to another shard on upgrade."""
    if policy is None or count <= 1:
        return 0
    digest = hashlib.sha256(policy.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


@dataclass(frozen=True)
class Shard:
    """This process's shard: `index` of `count` (0 of 1: not sharded)."""

    index: int = 0
    count: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_SHARDS:
            raise ValueError(f"the number of shards must be 1 to {MAX_SHARDS}, not {self.count}")
        if not 0 <= self.index < self.count:
            raise ValueError(f"shard index {self.index} is not one of 0..{self.count - 1} (shards are numbered from 0)")

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`I/N` as given to --shard; a ValueError says what to write instead."""
        example = "e.g. --shard 0/2 and --shard 1/2 for two processes"
        index, sep, count = text.strip().partition("/")
        if not sep or not index.strip().isdigit() or not count.strip().isdigit():
            raise ValueError(f"{text!r} is not I/N (this process's shard I of N shards, I from 0 to N-1), {example}")
        try:
            return cls(int(index), int(count))
        except ValueError as exc:
            raise ValueError(f"{text!r}: {exc}; {example}") from None

    @property
    def sharded(self) -> bool:
        return self.count > 1

    @property
    def runs_singletons(self) -> bool:
        """The pod healer and node conditions act cluster-wide: one process runs them."""
        return self.index == 0

    def owns_policy(self, policy: str | None) -> bool:
        return not self.sharded or policy_shard(policy, self.count) == self.index

    def peering_name(self, peering: str | None) -> str | None:
        """Replicas of one shard fail over to each other; shards never pause one another."""
        if not peering or not self.sharded:
            return peering
        return f"{peering}-shard-{self.index}"

    @property
    def instance(self) -> str | None:
        """Who wrote it: the field manager of this process's writes and the reportingInstance of its Events
        (None unsharded: as before)."""
        return f"{FIELD_MANAGER}-shard-{self.index}" if self.sharded else None

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
