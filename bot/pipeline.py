"""One poll cycle: read sources, store what is new, then queue and publish due posts.

Every step is isolated: a failing source does not stop the others. The posting half lives in
bot/posting_cycle.py; this module reads the sources and stores what they report.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.cycle_report import CycleReport
from bot.domain import classify
from bot.domain.model import Vote
from bot.domain.policy import PostingPolicy
from bot.domain.symbols import Symbol
from bot.posting_cycle import Posting, Prepare
from bot.publishers.base import Publisher
from bot.sources.base import (
    FindsVotes,
    PollResult,
    ReadsReleases,
    StateStore,
    TallyReport,
    VoteSource,
    unmatched,
)
from storage.clock import utcnow
from storage.outbox import Outbox, PostRecord, PostState
from storage.repository import Change, Recorded, VoteRepository
from storage.rows import StoredVote

__all__ = ["CycleReport", "Pipeline"]

log = logging.getLogger(__name__)

POLL_SLACK = timedelta(seconds=10)
"""A source polled a few seconds early still counts as due: the scheduler's ticks drift."""


class Pipeline:
    """Sources, storage and posting for one cycle; `run --once` and the scheduler call it."""

    def __init__(
        self,
        *,
        sources: Sequence[VoteSource],
        votes: VoteRepository,
        outbox: Outbox,
        publishers: Sequence[Publisher],
        prepare: Prepare,
        policy: PostingPolicy,
        max_attempts: int = 5,
        daily_caps: Mapping[str, int] | None = None,
        clock: Callable[[], datetime] = utcnow,
        jitter: Callable[[], float] = random.random,
        new_attempt_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        should_stop: Callable[[], bool] = lambda: False,
        intervals: Mapping[str, timedelta] | None = None,
        look_first: bool = False,
        source_state: StateStore | None = None,
        after_poll: Sequence[Callable[[], None]] = (),
    ) -> None:
        self.sources = sources
        self._intervals = dict(intervals or {})
        self._source_state = source_state
        self._after_poll = after_poll  # what may be remembered once the polls are stored
        self._progress: Callable[[int, int], None] | None = None
        self._last_polled: dict[str, datetime] = {}
        self.votes = votes
        self.outbox = outbox
        self.publishers = {publisher.network: publisher for publisher in publishers}
        self.policy = policy
        self._clock = clock
        self.posting = Posting(
            votes=votes,
            outbox=outbox,
            publishers=self.publishers,
            prepare=prepare,
            policy=policy,
            max_attempts=max_attempts,
            daily_caps=daily_caps,
            clock=clock,
            jitter=jitter,
            new_attempt_id=new_attempt_id,
            should_stop=should_stop,
            look_first=look_first,
        )

    def run_cycle(self, progress: Callable[[int, int], None] | None = None) -> CycleReport:
        """One cycle; `progress(done, total)` hears how far the storing of reports is (a
        first load of the whole record takes a while)."""
        report = CycleReport()
        self._progress = progress
        self.reconcile(report)
        self.poll_sources(report)
        self.queue_due_votes()
        self.publish_due(report)
        return report

    def reconcile(self, report: CycleReport) -> None:
        self.posting.reconcile(report)

    def queue_due_votes(self) -> None:
        self.posting.queue_due_votes()

    def publish_due(self, report: CycleReport) -> None:
        self.posting.publish_due(report)

    def publish_one(
        self, record: PostRecord, report: CycleReport, disabled: set[str] | None = None
    ) -> bool:
        return self.posting.publish_one(record, report, disabled)

    def daily_cap(self, network: str) -> int:
        return self.posting.daily_cap(network)

    def poll_sources(self, report: CycleReport) -> None:
        tallies: list[TallyReport] = []
        for source in self.sources:
            if not self._due(source.name):
                continue
            try:
                result = source.poll()
            except Exception as error:  # a broken source must not stop the others
                log.exception("source %s failed", source.name)
                report.source_errors.append(f"{source.name}: {error}")
                continue
            log.debug(
                "%s: %d report(s), %d held, %d tally(ies), %d error(s)",
                source.name,
                len(result.reports),
                len(result.rejections),
                len(result.tallies),
                len(result.errors),
                extra={"event": "polled", "source": source.name},
            )
            tallies.extend(self._take(source.name, result, report))
            if result.state and self._source_state is not None:
                self._source_state.save(source.name, result.state)  # only once stored
        for remember in self._after_poll:
            remember()
        self._report_missed(tallies, report)

    @property
    def intervals(self) -> Mapping[str, timedelta]:
        """How often each source is polled (a source not named: every cycle)."""
        return dict(self._intervals)

    def _due(self, name: str) -> bool:
        """Whether a source's interval has passed since this pipeline last polled it (every
        source is due on a pipeline's first cycle, so `run --once` polls them all)."""
        now = self._clock()
        last = self._last_polled.get(name)
        interval = self._intervals.get(name, timedelta(0))
        if last is not None and now - last < interval - POLL_SLACK:
            log.debug("%s not due until %s", name, last + interval, extra={"source": name})
            return False
        self._last_polled[name] = now
        return True

    def find(self, symbol: Symbol, report: CycleReport) -> StoredVote | None:
        """A vote not yet stored, looked up by symbol: the bundled record first, then each
        enabled live source that can look one up; what is found is stored like a poll's news.

        The Library's tables give a draft's day and press release, so a source that reads
        releases is then asked for that release (the same-day record of a failed draft).
        """
        stored = self.votes.get(symbol)
        if stored is not None:
            return stored
        tallies: list[tuple[str, TallyReport]] = []
        for source in self.sources:
            if not isinstance(source, FindsVotes):
                continue
            try:
                result = source.find(symbol)
            except Exception as error:  # a broken source must not stop the others
                log.exception("source %s failed", source.name)
                report.source_errors.append(f"{source.name}: {error}")
                continue
            tallies.extend((source.name, t) for t in self._take(source.name, result, report))
            stored = self.votes.get(symbol)
            if stored is not None:
                return stored
        readers = [source for source in self.sources if isinstance(source, ReadsReleases)]
        for name, tally in tallies:
            for reader in readers if tally.press_release else []:
                assert tally.press_release is not None
                self._take(
                    reader.name, reader.read_release_id(tally.press_release, tally.date), report
                )
            # now that a release may have given the vote, the table confirms its tally
            self._take(name, PollResult((), (), (), (tally,)), report)
        return self.votes.get(symbol)

    def _take(self, name: str, result: PollResult, report: CycleReport) -> list[TallyReport]:
        """Store what a source reported; return the tallies no stored vote took."""
        report.source_errors.extend(f"{name}: {error}" for error in result.errors)
        by_source: dict[str, list[Vote]] = {}
        for vote_report in result.reports:
            vote = replace(vote_report.vote, classification=classify.propose(vote_report.vote))
            by_source.setdefault(vote_report.source, []).append(vote)
        for source, votes in by_source.items():
            for recorded in self.votes.record_many(source, votes, progress=self._progress):
                self._note(recorded, report)
        for rejection in result.rejections:
            if self.votes.note_rejection(
                name, rejection.symbol, rejection.reason, rejection.url, rejection.excerpt
            ):
                report.held.append(f"{rejection.symbol or '?'} ({name}): {rejection.reason}")
        unused: list[TallyReport] = []
        for tally in result.tallies:
            confirmed = self.votes.record_tally(
                name,
                (tally.draft_symbol, tally.resolution_symbol),
                tally.facts(),
                tally.source_ref(),
            )
            if confirmed is None:
                unused.append(tally)
            else:
                self._note(confirmed, report)
        return unused

    def _report_missed(self, tallies: list[TallyReport], report: CycleReport) -> None:
        """Votes a tally source lists that no per-member source has given: never posted."""
        if not tallies:
            return
        first_year = min(tally.date.year for tally in tallies)
        stored = [s.vote for s in self.votes.between(date(first_year, 1, 1), None)]
        for tally in unmatched(tallies, stored):
            if tally.date < self._clock().date() - timedelta(days=60):
                continue  # the historic tables are an index, not news
            report.alerts.append(
                f"{tally.symbol} ({tally.date}, {tally.tally_text()}) is in {tally.publisher} "
                "but no source has given its per-member votes yet"
            )

    def _note(self, recorded: Recorded, report: CycleReport) -> None:
        symbol = str(recorded.stored.vote.symbol)
        if recorded.reclassified:
            report.reclassified.append(f"{symbol}: {recorded.reclassified}")
            self._alert_if_posted(recorded.stored, report, "was reclassified")
        if recorded.change is Change.NEW:
            report.new.append(symbol)
        elif recorded.change is Change.CHANGED:
            report.changed.append(symbol)
            self._alert_if_posted(recorded.stored, report, "changed")
        elif recorded.change is Change.CONFIRMED:
            report.confirmed.append(symbol)
        elif recorded.change is Change.HELD:
            report.held.append(f"{symbol}: " + "; ".join(recorded.differences))
            self._alert_if_posted(recorded.stored, report, "is disputed by a source")

    def _alert_if_posted(self, stored: StoredVote, report: CycleReport, what: str) -> None:
        posted = self.outbox.records(vote_id=stored.id, states=[PostState.POSTED])
        if any(record.network != "dry-run" for record in posted):
            message = (
                f"{stored.vote.symbol} {what} after it was posted; check the posted card "
                "against the sources (`actbot review`)"
            )
            report.alerts.append(message)
            log.error(message)
