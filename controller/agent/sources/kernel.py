"""Kernel OOM kills from /dev/kmsg (node-problem-detector's kernel monitor, reduced to what the agent needs).

Docker's own OOM signal (the `oom` event, State.OOMKilled) comes from containerd watching the cgroup, and on
cgroup v1 it is lost when the container's cgroup goes away first: the kernel's record is the reliable one:

    oom-kill:constraint=CONSTRAINT_MEMCG,...,task_memcg=/docker/<id>,task=sh,pid=7896,uid=0

One blocking reader thread tails /dev/kmsg from the end (old records are not replayed) and remembers the
recent kills by memory cgroup; sources ask `killed(fragment, since)` ("/docker/<id>", "/app.service").
Without access to /dev/kmsg (no privileges) it stays off and says so once.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections import deque
from dataclasses import dataclass

log = logging.getLogger(__name__)
KMSG = "/dev/kmsg"
_OOM = re.compile(r"oom-kill:.*?task_memcg=(?P<memcg>[^,\s]*).*?task=(?P<task>[^,\s]*),pid=(?P<pid>\d+)")


@dataclass(frozen=True)
class OomKill:
    memcg: str
    task: str
    pid: int
    at: float


def parse(record: str, now: float | None = None) -> OomKill | None:
    """An OomKill from one kmsg record ('pri,seq,usec,flags;message'), or None."""
    m = _OOM.search(record)
    if not m:
        return None
    return OomKill(m.group("memcg"), m.group("task"), int(m.group("pid")), now or time.time())


class KernelOomWatcher:
    def __init__(self, path: str = KMSG) -> None:
        self.path = path
        self.kills: deque[OomKill] = deque(maxlen=256)
        self.running = False
        self._lock = threading.Lock()

    def start(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDONLY)
            os.lseek(fd, 0, os.SEEK_END)  # only what happens from now on
        except OSError as exc:
            log.info("kernel OOM records unavailable (%s: %s); relying on Docker/systemd reports", self.path, exc)
            return
        self.running = True
        threading.Thread(target=self._read, args=(fd,), name="kmsg", daemon=True).start()

    def _read(self, fd: int) -> None:
        while True:
            try:
                record = os.read(fd, 8192).decode(errors="replace")
            except OSError as exc:
                if exc.errno == 32:  # EPIPE: records overwritten before we read them; carry on
                    continue
                log.warning("reading %s stopped: %s", self.path, exc)
                self.running = False
                return
            kill = parse(record)
            if kill is not None:
                with self._lock:
                    self.kills.append(kill)

    def killed(self, memcg_fragment: str, since: float) -> OomKill | None:
        """The latest OOM kill in a memory cgroup whose path contains the fragment, at or after `since`."""
        with self._lock:
            for kill in reversed(self.kills):
                if kill.at >= since and memcg_fragment in kill.memcg:
                    return kill
        return None
