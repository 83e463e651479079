"""Recent log lines of a failed target, classified: a Failure becomes a Detection (pattern, evidence, signature).

Units: `journalctl [--directory=DIR] -u UNIT --since @<last start> -n 50 -o cat`. Containers: `docker logs --tail`.
Precision first: a fact the kernel or Docker states (OOMKilled, a health check failing, a failed dependency) beats
the logs; otherwise a log pattern wins; otherwise the event's own weak hint (container exit); otherwise the
failure is unknown and keyed by the stable signature of its most error-looking line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from controller.agent.model import Failure
from controller.api.common import precise_now
from controller.api.healingpolicy import UserPattern
from controller.api.incident import Detection, Evidence, PatternCandidate
from controller.patterns import Classification, Classifier, redact

log = logging.getLogger(__name__)

LOG_LINES = 50
EXCERPT_LINES = 20
EXCERPT_CHARS = 500  # per line: an Incident must stay small whatever a service prints
# journald receives a dying process's last lines on a stream that may be read just after systemd reports the
# state change: when nothing matched, look again shortly (only unknown unit failures pay this latency).
RETRY_DELAYS = (0.2, 0.5)
MAX_LINE = 2000

ContainerLogReader = Callable[[str, int], Awaitable[list[str]]]


async def unit_logs(
    unit: str, journal_dir: str | None, since: float | None = None, lines: int = LOG_LINES
) -> list[str]:
    """The unit's last journal lines (its own output and systemd's messages about it)."""
    cmd = ["journalctl", "--no-pager", "-o", "cat", "-n", str(lines), "-u", unit]
    if journal_dir:
        cmd.insert(1, f"--directory={journal_dir}")
    if since:
        cmd += ["--since", f"@{since:.6f}"]
    try:
        proc = await asyncio.create_subprocess_exec(
            *cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await asyncio.wait_for(proc.communicate(), timeout=10)
    except (OSError, TimeoutError) as exc:
        log.warning("journalctl for %s failed: %s", unit, exc)
        return []
    if proc.returncode != 0:
        log.warning("journalctl for %s: rc=%s %s", unit, proc.returncode, err.decode(errors="replace")[:300])
    return [line[:MAX_LINE] for line in out.decode(errors="replace").splitlines()]


class Analyzer:
    """Turns Failures into Detections. Compiled classifiers are cached per set of user patterns."""

    def __init__(
        self,
        journal_dir: str | None,
        container_logs: ContainerLogReader | None = None,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        self.journal_dir = journal_dir
        self.container_logs = container_logs
        self.retry_delays = tuple(retry_delays)
        self._classifiers: dict[tuple[tuple[str, str, float], ...], Classifier] = {}

    def classifier(self, patterns: Sequence[UserPattern]) -> Classifier:
        key = tuple(sorted((p.id, p.regex, p.confidence) for p in patterns))
        if key not in self._classifiers:
            if len(self._classifiers) > 32:  # policies changed many times: start over
                self._classifiers.clear()
            extra = [{"id": p.id, "regex": p.regex, "actions": p.actions, "confidence": p.confidence}
                     for p in patterns]
            try:
                self._classifiers[key] = Classifier(extra)
            except ValueError as exc:  # a user pattern the matcher rejects: keep the built-in library working
                log.warning("ignoring policy patterns: %s", exc)
                self._classifiers[key] = Classifier()
        return self._classifiers[key]

    async def lines_for(self, failure: Failure) -> list[str]:
        """Lines a source captured at the event (Docker, probes) are used as they are; units read the journal."""
        if failure.log_lines is not None and failure.source != "systemd":
            return [line[:MAX_LINE] for line in failure.log_lines]
        lines: list[str] = list(failure.log_lines or [])
        if failure.unit and (failure.source == "systemd" or failure.service_type == "hybrid"):
            lines += await unit_logs(failure.unit, self.journal_dir, failure.log_since)
        elif failure.container and self.container_logs is not None:
            lines += await self.container_logs(failure.container, LOG_LINES)
        return lines

    async def analyze(self, failure: Failure) -> tuple[str, Detection]:
        """(failure key, detection). The key is a pattern id or 'sig-<id>' and names the Incident."""
        classifier = self.classifier(failure.patterns)
        lines = await self.lines_for(failure)
        result = await asyncio.to_thread(classifier.classify, lines) if lines else Classification()
        from_journal = failure.log_lines is None or failure.source == "systemd"
        for delay in self.retry_delays if from_journal and not failure.hint_certain else ():
            if result.pattern is not None:
                break
            await asyncio.sleep(delay)
            lines = await self.lines_for(failure)
            result = await asyncio.to_thread(classifier.classify, lines) if lines else Classification()
        return build_detection(failure, lines, result)


def build_detection(failure: Failure, lines: Sequence[str], result: Classification) -> tuple[str, Detection]:
    candidates = [PatternCandidate(pattern=c.pattern, confidence=c.confidence) for c in result.candidates]
    corroborated: bool | None = None  # only a verdict of the rules has the line model's second opinion
    if failure.hint and failure.hint_certain:
        pattern, confidence = failure.hint, max(failure.hint_confidence, 0.9)
    elif result.pattern is not None:
        pattern, confidence, corroborated = result.pattern, result.confidence, result.corroborated
    elif failure.hint:
        pattern, confidence = failure.hint, failure.hint_confidence
    else:
        pattern, confidence = None, 0.0
    if pattern and all(c.pattern != pattern for c in candidates):
        candidates.insert(0, PatternCandidate(pattern=pattern, confidence=confidence))
    candidates.sort(key=lambda c: c.confidence, reverse=True)

    signature_id = result.signature_id if result.pattern is None else None
    if pattern is None and signature_id is None:
        # nothing error-looking in the logs at all: key on what the watcher saw, so repeats still coalesce
        from controller.patterns import signature_id as sig_of

        signature_id = sig_of(f"{failure.reason} {failure.target_kind} {failure.exit_code}")
    key = pattern or f"sig-{signature_id}"
    excerpt = [redact(line[:EXCERPT_CHARS]) for line in lines[-EXCERPT_LINES:]]
    # when it failed, not when it was read; to the microsecond: compared with health reports of the same second
    now = min(precise_now(), datetime.fromtimestamp(failure.observed_at, UTC))
    detection = Detection(
        pattern=pattern,
        confidence=round(confidence, 4),
        corroborated=corroborated,
        candidates=candidates[:14],
        signature=signature_id if pattern is None or result.pattern is None else None,
        signature_example=result.signature if result.pattern is None else None,
        reason=failure.reason,
        message=redact(failure.message)[:1000],
        first_seen=now,
        last_seen=now,
        occurrences=1,
        evidence=Evidence(
            source=failure.source if not lines else _log_source(failure),
            log_excerpt=excerpt,
            matched_lines=[ev.text for ev in result.evidence if ev.pattern][:50],
            matched_rules=[f"line {ev.line}: {ev.rule}" for ev in result.evidence if ev.pattern][:50],
            exit_code=failure.exit_code,
            oom_killed=failure.oom_killed,
            state=failure.state,
            n_restarts=failure.n_restarts,
        ),
    )
    return key, detection


def _log_source(failure: Failure) -> str:
    if failure.log_lines and failure.source == "probe":
        return "probe"
    if failure.unit and (failure.source == "systemd" or failure.service_type == "hybrid"):
        return "journal"
    return "docker-logs" if failure.container else failure.source
