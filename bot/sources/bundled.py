"""The historic record shipped in data/votes/, read through the same poll path as live sources."""

from __future__ import annotations

from pathlib import Path

from bot.reference import DataError, ReferenceData, read_vote_file, vote_files
from bot.sources.base import PollResult, VoteReport


class BundledSource:
    name = "bundled"

    def __init__(self, data_dir: Path, reference: ReferenceData) -> None:
        self._data_dir = data_dir
        self._reference = reference

    def poll(self) -> PollResult:
        """Every valid record of every file; a file with a bad record is reported and skipped.

        Skipping the whole file (not just the record) keeps an operator's half-finished edit
        from posting: missing data beats wrong data.
        """
        reports: list[VoteReport] = []
        errors: list[str] = []
        files = vote_files(self._data_dir)
        if not files:
            errors.append(f"no vote files in {self._data_dir / 'votes'}")
        for path in files:
            try:
                votes = list(read_vote_file(path, self._reference))
            except DataError as error:
                errors.append(str(error))
                continue
            reports.extend(VoteReport(self.name, vote) for vote in votes)
        return PollResult(tuple(reports), tuple(errors))


def check_files(paths: list[Path], reference: ReferenceData) -> list[str]:
    """Problems in the given vote files, for `actbot check-data`."""
    problems = []
    for path in paths:
        try:
            list(read_vote_file(path, reference))
        except DataError as error:
            problems.append(str(error))
    return problems
