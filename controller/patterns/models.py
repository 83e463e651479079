"""Data types of the pattern classifier: user patterns in, matches and classifications out."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

from controller.constants import ACTIONS


class PatternError(ValueError):
    """A user pattern cannot be used; the message names the pattern id and what to fix."""

    def __init__(self, pattern_id: str, problem: str) -> None:
        super().__init__(f"pattern {pattern_id!r}: {problem}")
        self.pattern_id = pattern_id
        self.problem = problem


class UserPattern(BaseModel):
    """A user-defined pattern from HealingPolicy `spec.patterns` (`{id, regex, actions}`)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1, max_length=63)
    regex: str = Field(min_length=1)
    actions: tuple[str, ...] = ()
    confidence: float = Field(default=0.9, ge=0.0, le=1.0)
    caseless: bool = False

    @field_validator("actions")
    @classmethod
    def _known_actions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [a for a in value if a not in ACTIONS]
        if unknown:
            raise ValueError(f"unknown action(s) {unknown}; allowed: {', '.join(ACTIONS)}")
        return value


@dataclass(frozen=True, slots=True)
class LineMatch:
    """The winning pattern of one line. `span` is the character span of the match in the line."""

    pattern: str
    confidence: float
    span: tuple[int, int]
    note: str = ""
    user: bool = False
    rule: str = ""  # which regex decided: "<pattern>#<index in the library>" or "user:<id>"
    strong: bool = True


class Candidate(BaseModel):
    """One pattern seen in a window of lines, with its aggregated confidence."""

    pattern: str
    confidence: float = Field(ge=0.0, le=1.0)
    matches: int
    first_line: int  # 1-based within the window


class EvidenceLine(BaseModel):
    line: int  # 1-based within the window
    text: str  # redacted, truncated
    pattern: str | None = None
    rule: str | None = None  # the regex that decided this line ("<pattern>#<n>: <note>")
    strong: bool | None = None  # whether that regex is strong evidence


class Classification(BaseModel):
    """The result of classifying a window of log lines."""

    pattern: str | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    candidates: list[Candidate] = Field(default_factory=list)
    evidence: list[EvidenceLine] = Field(default_factory=list)
    # For an unknown failure (no pattern but an error-looking line): a stable fingerprint to track it.
    signature: str | None = None
    signature_id: str | None = None
    # Whether the line model (line_model.py), trained on the labelled corpus, gives the same pattern to one of the
    # deciding lines; None without a pattern, or for a user pattern the model cannot know.
    corroborated: bool | None = None

    def excerpt(self) -> str:
        """Evidence as text, with `--` between non-adjacent blocks (like grep -C)."""
        out: list[str] = []
        prev = None
        for ev in self.evidence:
            if prev is not None and ev.line != prev + 1:
                out.append("--")
            out.append(ev.text)
            prev = ev.line
        return "\n".join(out)
