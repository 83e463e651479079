"""The agent's small persistent memory (state_dir/agent-state.json): executed action ids, already-reported
failures and the Docker events cursor. Written atomically (tmp + rename + fsync) so a crash never leaves half
a file; action ids are written BEFORE the action runs, so an id runs at most once even across restarts.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

from pydantic import BaseModel, Field

log = logging.getLogger(__name__)
MAX_IDS = 2000
MAX_KEYS = 2000


class _Saved(BaseModel):
    executed: list[str] = Field(default_factory=list)
    seen: dict[str, list[str]] = Field(default_factory=dict)
    docker_since_ns: int | None = None


class AgentState:
    def __init__(self, state_dir: Path | str) -> None:
        self.path = Path(state_dir) / "agent-state.json"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        saved = _Saved()
        if self.path.exists():
            try:
                saved = _Saved.model_validate_json(self.path.read_text())
            except ValueError as exc:  # corrupt file: keep a copy, start clean rather than crash-loop
                log.error("unreadable %s (%s); starting with empty state", self.path, exc)
                self.path.rename(self.path.with_suffix(".corrupt"))
        self._executed: OrderedDict[str, None] = OrderedDict.fromkeys(saved.executed)
        self._seen: dict[str, OrderedDict[str, None]] = {k: OrderedDict.fromkeys(v) for k, v in saved.seen.items()}
        self.docker_since_ns = saved.docker_since_ns
        self._lock = threading.Lock()  # the Docker events thread saves its cursor too

    def save(self) -> None:
        with self._lock:
            self._save()

    def _save(self) -> None:
        data = _Saved(
            executed=list(self._executed),
            seen={k: list(v) for k, v in self._seen.items()},
            docker_since_ns=self.docker_since_ns,
        ).model_dump_json()
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    # --- action ids ------------------------------------------------------------------------------------

    def executed(self, action_id: str) -> bool:
        return action_id in self._executed

    def mark_executed(self, action_id: str) -> None:
        """Remember the id durably; call before acting."""
        self._executed[action_id] = None
        while len(self._executed) > MAX_IDS:
            self._executed.popitem(last=False)
        self.save()

    # --- reported-once keys ----------------------------------------------------------------------------

    def first_time(self, kind: str, key: str) -> bool:
        seen = self._seen.setdefault(kind, OrderedDict())
        if key in seen:
            return False
        seen[key] = None
        while len(seen) > MAX_KEYS:
            seen.popitem(last=False)
        self.save()
        return True

    # --- docker events cursor --------------------------------------------------------------------------

    def docker_cursor(self, time_ns: int) -> None:
        """The last Docker event acted upon: after a restart, events are replayed from just after it."""
        if self.docker_since_ns is None or time_ns > self.docker_since_ns:
            self.docker_since_ns = time_ns
            self.save()
