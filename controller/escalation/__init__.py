"""Escalation channels: GitHub issues, Alertmanager-style webhooks, durable retries and the advisor.

Data flows: the operator builds an ``EscalationEvidence`` from the Incident, ``deliver`` hands it to a
``Channel`` under a ``RetryState`` kept in CR status, and the ``EscalationResult`` is recorded in
``Incident.status.escalations``."""

from controller.escalation.channel import Channel, ChannelError, EscalationResult
from controller.escalation.evidence import AttemptRecord, EscalationEvidence, LearningFigure, TargetRef

__all__ = [
    "AttemptRecord",
    "Channel",
    "ChannelError",
    "EscalationEvidence",
    "EscalationResult",
    "LearningFigure",
    "TargetRef",
]
