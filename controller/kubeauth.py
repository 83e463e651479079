"""Bearer tokens that rotate: a projected ServiceAccount token (or a kubeconfig `tokenFile`) is replaced by the
kubelet before it expires, so both hand-written Kubernetes clients (controller/agent/kube.py and
controller/operator/k8s.py) read it from its file again whenever the file changes, and at once after a 401.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import yaml

IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token"
CHECK_INTERVAL = 1.0  # stat the file at most this often


class TokenFile:
    """The current token in a file; thread-safe (the agent's requests run in worker threads)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._token = ""
        self._stamp: tuple[int, int, int] | None = None
        self._checked = 0.0
        self.token(force=True)  # an unreadable token file stops start-up, with the path in the message

    def token(self, *, force: bool = False) -> str:
        with self._lock:
            now = time.monotonic()
            if not force and now - self._checked < CHECK_INTERVAL:
                return self._token
            self._checked = now
            st = os.stat(self.path)
            stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
            if force or stamp != self._stamp:
                with open(self.path) as fh:
                    self._token = fh.read().strip()
                self._stamp = stamp
            return self._token


def kubeconfig_token_file(kubeconfig: str | None) -> str | None:
    """The current user's `tokenFile` of a kubeconfig (relative to the kubeconfig's directory), or None."""
    path = kubeconfig or os.environ.get("KUBECONFIG", "").split(os.pathsep)[0] or os.path.expanduser("~/.kube/config")
    if not os.path.exists(path):
        return None
    with open(path) as fh:
        cfg = yaml.safe_load(fh) or {}
    contexts = {c.get("name"): c.get("context") or {} for c in cfg.get("contexts") or []}
    users = {u.get("name"): u.get("user") or {} for u in cfg.get("users") or []}
    user = users.get(contexts.get(cfg.get("current-context"), {}).get("user"), {})
    token_file = user.get("tokenFile")
    if not token_file:
        return None
    return os.path.join(os.path.dirname(os.path.abspath(path)), token_file)
