"""The historic record shipped in data/votes/, read through the same poll path as live sources."""

from __future__ import annotations

from pathlib import Path

from bot.domain.model import Vote, fingerprint
from bot.domain.symbols import Symbol
from bot.reference import DataError, ReferenceData, read_vote_file, vote_files
from bot.sources.base import PollResult, VoteReport, is_vote_of


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
        files = vote_files(self._data_dir)
        votes, problems = read_record(files, self._reference)
        if not files:
            problems.append(f"no vote files in {self._data_dir / 'votes'}")
        return PollResult(tuple(VoteReport(self.name, vote) for vote in votes), tuple(problems))

    def find(self, symbol: Symbol) -> PollResult:
        """The record of one vote, if the bundled data has it."""
        found = self.poll()
        reports = tuple(r for r in found.reports if is_vote_of(r.vote, symbol))
        return PollResult(reports, found.errors)


def read_record(paths: list[Path], reference: ReferenceData) -> tuple[list[Vote], list[str]]:
    """The votes of the given files, and the problems in plain words (for `poll` and for
    `actbot check-data` alike). A symbol in two files with different facts is left out
    altogether: the bot cannot tell which copy is right."""
    votes: dict[str, Vote] = {}
    where: dict[str, Path] = {}
    disputed: set[str] = set()
    problems: list[str] = []
    for path in paths:
        try:
            found = list(read_vote_file(path, reference))
        except DataError as error:
            problems.append(str(error))
            continue
        for vote in found:
            key = str(vote.symbol)
            if key not in votes:
                votes[key], where[key] = vote, path
            elif fingerprint(votes[key]) != fingerprint(vote):
                disputed.add(key)
                problems.append(
                    f"{path}, record {key}: also in {where[key].name} with other votes; "
                    "neither copy is used until one is removed"
                )
    return [vote for key, vote in votes.items() if key not in disputed], problems
