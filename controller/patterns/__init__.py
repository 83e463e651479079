"""Log pattern library, classifier, redaction and failure signatures (SPEC section 4)."""

from controller.patterns.classifier import Classifier, validate_user_pattern
from controller.patterns.models import (
    Candidate,
    Classification,
    EvidenceLine,
    LineMatch,
    PatternError,
    UserPattern,
)
from controller.patterns.redact import LineRedactor, redact
from controller.patterns.signature import signature, signature_id

__all__ = [
    "Candidate",
    "Classification",
    "Classifier",
    "EvidenceLine",
    "LineMatch",
    "LineRedactor",
    "PatternError",
    "UserPattern",
    "redact",
    "signature",
    "signature_id",
    "validate_user_pattern",
]
