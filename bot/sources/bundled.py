"""The historic record shipped in data/votes/, read through the same poll path as live sources.

A poll reports only the files that changed since the record was last stored: the source
remembers each file's size, modification time and content hash (in the source-state store,
saved by the pipeline once the file's votes are stored), so a cycle with nothing new costs a
`stat` per file, whatever the number of stored votes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain.model import Vote, fingerprint
from bot.domain.symbols import Symbol
from bot.reference import DataError, ReferenceData, read_vote_file, vote_files
from bot.sources.base import PollResult, StateStore, VoteReport, is_vote_of


class BundledSource:
    name = "bundled"

    def __init__(
        self, data_dir: Path, reference: ReferenceData, state: StateStore | None = None
    ) -> None:
        self._data_dir = data_dir
        self._reference = reference
        self._state = state
        # the reference data the votes are read against: an edit counts from the next start,
        # when it is loaded, and then every file is read again
        self._reference_key = reference.digest

    def poll(self) -> PollResult:
        """Every valid record of every file that changed; a file with a bad record is
        reported and skipped (and read again next time).

        Skipping the whole file (not just the record) keeps an operator's half-finished edit
        from posting: missing data beats wrong data. When any file changed, all are read, so
        a symbol given with other votes in an unchanged file is still caught.
        """
        files = vote_files(self._data_dir)
        if not files:
            return PollResult((), (f"no vote files in {self._data_dir / 'votes'}",))
        remembered = self._state.load(self.name) if self._state is not None else {}
        same_reference = remembered.get("reference") == self._reference_key
        if not same_reference:
            remembered = {}  # read against other member names or rules: everything again
        stats = {path.name: _stat_key(path) for path in files}
        touched = [path for path in files if _stat(remembered.get(path.name)) != stats[path.name]]
        hashes = {path.name: _content_hash(path) for path in touched}
        changed = {
            path.name for path in touched if _hash(remembered.get(path.name)) != hashes[path.name]
        }
        state: dict[str, str | None] = {
            name: None for name in remembered if name != "reference" and name not in stats
        }
        if changed:
            read = read_files(files, self._reference)
            reports = tuple(
                VoteReport(self.name, vote)
                for vote in read.votes
                if read.origin[str(vote.symbol)].name in changed
            )
            problems = tuple(read.problems)
        else:
            read, reports, problems = ReadRecord(), (), ()
        for path in touched:
            if path not in read.bad_files:
                state[path.name] = f"{stats[path.name]}:{hashes[path.name]}"
        if not same_reference:
            state["reference"] = self._reference_key
        return PollResult(reports, problems, state=state)

    def find(self, symbol: Symbol) -> PollResult:
        """The record of one vote, if the bundled data has it (changed or not)."""
        read = read_files(vote_files(self._data_dir), self._reference)
        reports = tuple(
            VoteReport(self.name, vote) for vote in read.votes if is_vote_of(vote, symbol)
        )
        return PollResult(reports, tuple(read.problems))


@dataclass
class ReadRecord:
    """The usable votes of a set of files, where each came from, and what was wrong."""

    votes: list[Vote] = field(default_factory=list)
    origin: dict[str, Path] = field(default_factory=dict)  # symbol -> its file
    problems: list[str] = field(default_factory=list)
    bad_files: set[Path] = field(default_factory=set)


def read_files(paths: list[Path], reference: ReferenceData) -> ReadRecord:
    """The votes of the given files. A symbol in two files with different facts is left out
    altogether: the bot cannot tell which copy is right."""
    votes: dict[str, Vote] = {}
    result = ReadRecord()
    disputed: set[str] = set()
    for path in paths:
        try:
            found = list(read_vote_file(path, reference))
        except DataError as error:
            result.problems.append(str(error))
            result.bad_files.add(path)
            continue
        for vote in found:
            key = str(vote.symbol)
            if key not in votes:
                votes[key], result.origin[key] = vote, path
            elif fingerprint(votes[key]) != fingerprint(vote):
                disputed.add(key)
                result.bad_files.update((path, result.origin[key]))
                result.problems.append(
                    f"{path}, record {key}: also in {result.origin[key].name} with other "
                    "votes; neither copy is used until one is removed"
                )
    result.votes = [vote for key, vote in votes.items() if key not in disputed]
    return result


def read_record(paths: list[Path], reference: ReferenceData) -> tuple[list[Vote], list[str]]:
    """The votes of the given files and the problems in plain words (`actbot check-data`)."""
    read = read_files(paths, reference)
    return read.votes, read.problems


def _stat_key(path: Path) -> str:
    status = path.stat()
    return f"{status.st_size}:{status.st_mtime_ns}"


def _stat(remembered: str | None) -> str | None:
    return remembered.rsplit(":", 1)[0] if remembered else None


def _hash(remembered: str | None) -> str | None:
    return remembered.rsplit(":", 1)[1] if remembered else None


def _content_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"  # read_files reports why
