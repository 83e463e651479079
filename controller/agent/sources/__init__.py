"""Observation sources: each watches one kind of thing and emits `Failure`s (node-problem-detector's monitors)."""
