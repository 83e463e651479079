"""The evidence a human needs when the operator gives up, and its rendering as a GitHub issue body.

Everything that leaves the cluster through a channel is rendered here, and every rendered string goes
through ``redact`` (passwords in DSNs, bearer tokens, ...) — the channels never format log text themselves.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime
from shlex import quote

from pydantic import Field

from controller.api.common import K8sModel
from controller.api.healingpolicy import LearningEntry
from controller.api.incident import Incident
from controller.constants import INCIDENT_SHORT, NODE_LABEL, POLICY_SHORT
from controller.patterns.redact import redact

__all__ = [
    "FINGERPRINT_MARKER",
    "AttemptRecord",
    "EscalationEvidence",
    "LearningFigure",
    "TargetRef",
    "redact",
]

FINGERPRINT_MARKER = "healing-fingerprint"
# GitHub rejects issue/comment bodies over 65536 characters; stay well below.
MAX_BODY_CHARS = 60_000
MAX_EXCERPT_LINES = 60
MAX_LINE_CHARS = 400


class TargetRef(K8sModel):
    kind: str  # docker | systemd | port | http | ... (SPEC §5 targets)
    name: str  # container, unit, port, URL or path
    unit: str | None = None  # the systemd unit behind a port/http target or a hybrid
    container: str | None = None  # the container behind a port/http target or a hybrid

    def __str__(self) -> str:
        return f"{self.kind}/{self.name}"


class AttemptRecord(K8sModel):
    action: str
    requested_at: datetime | None = None
    finished_at: datetime | None = None
    result: str = ""  # e.g. Succeeded | Failed | VerificationFailed | Refused
    message: str = ""


class LearningFigure(K8sModel):
    pattern: str
    service_type: str | None = None
    action: str
    successes: int = 0
    failures: int = 0
    confidence: float = 0.0


class EscalationEvidence(K8sModel):
    incident: str
    node: str
    target: TargetRef
    service_type: str = ""  # systemd | docker | hybrid
    pattern: str | None = None
    signature: str | None = None  # id of an unknown failure signature when no pattern matched
    reason: str  # why we escalate: Stuck | NotAutoFixable | ApprovalTimeout | ...
    attempts: list[AttemptRecord] = Field(default_factory=list)
    log_excerpt: list[str] = Field(default_factory=list)
    exit_code: int | None = None
    state: str | None = None  # unit/container state, e.g. "failed (Result: exit-code)"
    learning: list[LearningFigure] = Field(default_factory=list)
    policy: str
    cluster: str | None = None
    occurrences: int = 1
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    @classmethod
    def from_incident(
        cls,
        incident: Incident,
        reason: str,
        learning: Iterable[LearningEntry] = (),
        cluster: str | None = None,
    ) -> EscalationEvidence:
        """Everything the Incident already records, plus the policy's learning for this pattern."""
        spec, status = incident.spec, incident.status
        detection = status.detection
        evidence = detection.evidence if detection else None
        pattern = detection.pattern if detection and detection.pattern else None
        if pattern is None and not spec.failure.startswith("sig-"):
            pattern = spec.failure
        signature = (detection.signature if detection else None) or (None if pattern else spec.failure)
        return cls(
            incident=incident.metadata.name,
            node=spec.node,
            target=TargetRef(
                kind=spec.target.kind, name=spec.target.name, unit=spec.target.unit, container=spec.target.container
            ),
            service_type=spec.service_type,
            pattern=pattern,
            signature=signature,
            reason=reason,
            attempts=[
                AttemptRecord(
                    action=a.action,
                    requested_at=a.requested_at,
                    finished_at=a.finished_at,
                    result=a.result,
                    message="; ".join(x for x in (a.message, a.verification) if x),
                )
                for a in status.attempts
            ],
            log_excerpt=list(evidence.log_excerpt) if evidence else [],
            exit_code=evidence.exit_code if evidence else None,
            state=(evidence.state or None) if evidence else None,
            learning=[
                LearningFigure.model_validate(e, from_attributes=True)
                for e in learning
                if pattern is None or e.pattern == pattern
            ],
            policy=status.policy or "",
            cluster=cluster,
            occurrences=detection.occurrences if detection else 1,
            first_seen=detection.first_seen if detection else None,
            last_seen=detection.last_seen if detection else None,
        )

    # -- identity -------------------------------------------------------------------------------------

    @property
    def problem(self) -> str:
        """The pattern id, or ``unknown:<signature>`` when no pattern matched."""
        if self.pattern:
            return self.pattern
        return f"unknown:{self.signature or 'unclassified'}"

    def fingerprint(self) -> str:
        """Stable over repeats of the same problem: policy + node + target + pattern/signature.
        Timestamps, attempts and excerpts are deliberately left out."""
        key = "\x1f".join(
            [self.cluster or "", self.policy, self.node, self.target.kind, self.target.name, self.problem]
        )
        return hashlib.sha256(key.encode()).hexdigest()[:24]

    def marker(self) -> str:
        return f"<!-- {FINGERPRINT_MARKER}: {self.fingerprint()} -->"

    # -- rendering ------------------------------------------------------------------------------------

    def title(self) -> str:
        what = self.pattern or "unknown failure"
        return redact(f"[healing] {what} on {self.node}: {self.target} ({self.reason})")[:250]

    def summary(self) -> str:
        """One line for chat/paging systems."""
        last = self.attempts[-1] if self.attempts else None
        tail = f"; last attempt {last.action} → {last.result}" if last else ""
        return redact(
            f"{self.target} on node {self.node}: {self.pattern or 'unknown failure'} "
            f"— escalated ({self.reason}) after {len(self.attempts)} attempt(s){tail}"
        )

    def render_markdown(self) -> str:
        """The GitHub issue body: facts, attempt timeline, log excerpt, learning, where to look next."""
        facts = [
            ("Incident", f"`{self.incident}`"),
            ("Node", f"`{self.node}`"),
            ("Target", f"`{self.target}`"),
            ("Service type", self.service_type or "—"),
            (
                "Pattern",
                f"`{self.pattern}`" if self.pattern else f"none (signature `{self.signature or '?'}`)",
            ),
            ("Escalation reason", f"**{self.reason}**"),
            ("Policy", f"`{self.policy}`"),
            ("State", self.state or "—"),
            ("Exit code", "—" if self.exit_code is None else str(self.exit_code)),
            ("Occurrences", str(self.occurrences)),
        ]
        if self.cluster:
            facts.insert(0, ("Cluster", f"`{self.cluster}`"))
        if self.first_seen:
            facts.append(("First seen", _ts(self.first_seen)))
        if self.last_seen:
            facts.append(("Last seen", _ts(self.last_seen)))

        parts = [
            f"## Healing escalation: {self.pattern or 'unknown failure'} on `{self.node}`",
            f"The operator stopped acting on **{self.target}** and needs a human: **{self.reason}**.",
            _table(["", ""], facts),
            "### Attempts",
            self._attempts_table(),
            "### Log excerpt",
            self._excerpt_block(),
        ]
        if self.learning:
            parts += ["### Learning", self._learning_table()]
        parts += ["### Look further", self._commands_block()]
        parts.append(
            f"<sub>fingerprint `{self.fingerprint()}` — repeats of this problem are added "
            "as comments; the issue is closed when the incident resolves.</sub>"
        )
        return _finish(self.marker(), "\n\n".join(parts))

    def render_comment(self) -> str:
        """A repeat of an already reported problem: what changed since, briefly."""
        parts = [
            f"**Seen again** ({self.reason}) — incident `{self.incident}`, occurrences: {self.occurrences}"
            + (f", last seen {_ts(self.last_seen)}" if self.last_seen else ""),
            "### Attempts",
            self._attempts_table(last=10),
            "### Log excerpt",
            self._excerpt_block(last=20),
        ]
        return _finish(self.marker(), "\n\n".join(parts))

    def render_resolution(self, message: str) -> str:
        return _finish(
            self.marker(),
            f"**Resolved** — incident `{self.incident}` on `{self.node}` ({self.target}): {message}",
        )

    # -- pieces ---------------------------------------------------------------------------------------

    def _attempts_table(self, last: int | None = None) -> str:
        attempts = self.attempts[-last:] if last else self.attempts
        if not attempts:
            return "_No remediation was attempted._"
        rows = [
            (
                str(i),
                f"`{a.action}`",
                _ts(a.requested_at),
                _ts(a.finished_at),
                a.result or "—",
                a.message or "",
            )
            for i, a in enumerate(attempts, start=len(self.attempts) - len(attempts) + 1)
        ]
        return _table(["#", "action", "requested", "finished", "result", "message"], rows)

    def _learning_table(self) -> str:
        rows = [
            (
                f"`{f.pattern}`",
                f.service_type or "—",
                f"`{f.action}`",
                str(f.successes),
                str(f.failures),
                f"{f.confidence:.2f}",
            )
            for f in self.learning
        ]
        return _table(["pattern", "service type", "action", "successes", "failures", "confidence"], rows)

    def _excerpt_block(self, last: int = MAX_EXCERPT_LINES) -> str:
        lines = [_clip(line.rstrip("\n"), MAX_LINE_CHARS) for line in self.log_excerpt[-last:]]
        if not lines:
            return "_No log lines were captured._"
        text = redact("\n".join(lines))
        fence = _fence_for(text)
        return f"{fence}text\n{text}\n{fence}"

    def _commands_block(self) -> str:
        cmds = [
            f"kubectl get {INCIDENT_SHORT} {self.incident} -o yaml",
            f"kubectl describe {POLICY_SHORT} {self.policy}",
            f"kubectl get {INCIDENT_SHORT} -l {NODE_LABEL}={self.node}",
            f"kubectl get events --field-selector involvedObject.name={self.incident}",
            f"# on node {self.node}:",
        ]
        # Quoted: names come from cluster objects and a human will paste these lines into a shell.
        target = self.target
        unit = target.unit or (target.name if target.kind == "systemd" else None)
        container = target.container or (target.name if target.kind == "docker" else None)
        if unit:
            cmds += [f"systemctl status {quote(unit)}", f"journalctl -u {quote(unit)} -n 200 --no-pager"]
        if container:
            cmds += [f"docker logs --tail 200 {quote(container)}", f"docker inspect {quote(container)}"]
        if target.kind == "port":
            cmds.append(f"ss -ltnp {quote(f'sport = :{target.name}')}")
        elif target.kind == "http":
            cmds.append(f"curl -sv {quote(target.name)}")
        return "```sh\n" + "\n".join(cmds) + "\n```"


def _ts(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "—"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(text: str) -> str:
    # A pipe or newline would break the Markdown table row.
    return _clip(text.replace("|", "\\|").replace("\r", " ").replace("\n", " "), 300)


def _table(header: list[str], rows: list[tuple[str, ...]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def _fence_for(text: str) -> str:
    # Longer than any backtick run in the log, so a log line cannot close the code block.
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _finish(marker: str, body: str) -> str:
    """Last line of defence: redact the whole body once more and keep it under GitHub's limit.
    The fingerprint marker is added afterwards so a redactor that masks hex strings cannot break dedup."""
    body = redact(body)
    if len(body) > MAX_BODY_CHARS:
        body = body[: MAX_BODY_CHARS - 40] + "\n\n_(truncated)_"
    return f"{marker}\n\n{body}"
