"""What one cycle did, for the operator's report, the logs and the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CycleReport:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # symbol: what the sources disagree on
    posted: list[tuple[str, str, str]] = field(default_factory=list)  # symbol, network, where
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # symbol, network, why
    waiting: list[tuple[str, str, str]] = field(default_factory=list)  # retry later
    reconciled: list[str] = field(default_factory=list)
    reclassified: list[str] = field(default_factory=list)  # symbol: before -> after
    source_errors: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    stopped_early: bool = False

    @property
    def ok(self) -> bool:
        """Everything this cycle set out to do was done: no source error, and no post failed
        or had to be put off after an error (a network down, an unwritable outbox)."""
        return not (self.failed or self.waiting or self.source_errors)
