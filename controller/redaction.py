"""The one redaction step every text that leaves a process passes through.

Sinks and where they call it:
- the Kubernetes API (Incident status and spec, Events, HostReports, policy status): the body of every write
  of both hand-written clients (`redact_body` in controller/agent/kube.py and controller/operator/k8s.py);
- GitHub issues and comments, the webhook and the advisor (controller/escalation/*);
- logs, including Kopf's, whose warnings Kopf also posts as Events: a LogRecord factory installed at start-up
  (`install_log_redaction`), so no handler or logger can bypass it;
- metric label values (`redact_label`).

The rules themselves (tokens, passwords in URLs and DSNs, keys, ...) are controller.patterns.redact.redact.
"""

from __future__ import annotations

import logging
from typing import Any

from controller.patterns.redact import redact

_installed = False


def redact_body(value: Any) -> Any:
    """A JSON document with every string value redacted (keys and non-strings as they are)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_body(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_body(item) for item in value]
    return value


def redact_label(value: str) -> str:
    return redact(value)


def install_log_redaction() -> None:
    """Redact every log record's message at creation, whatever logger or handler it goes to. Idempotent."""
    global _installed
    if _installed:
        return
    _installed = True
    factory = logging.getLogRecordFactory()

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: let logging report it as it always does
            return record
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(redacting_factory)
