"""One poll cycle: read sources, store what is new, queue and publish due posts, report.

Every step is isolated: a failing source does not stop the others, a failing publisher does
not stop the others, and a stop request is honoured between posts, never inside one.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot import redact
from bot.claims import abandoned, this_process
from bot.domain import classify
from bot.domain.policy import PostingPolicy
from bot.domain.symbols import Symbol
from bot.publishers.base import PreparedPost, Publisher, PublishError, Receipt
from bot.sources.base import (
    FindsVotes,
    PollResult,
    ReadsReleases,
    TallyReport,
    VoteSource,
    unmatched,
)
from storage.outbox import Outbox, PostRecord, PostState, vote_subject
from storage.repository import Change, Recorded, StoredVote, VoteRepository, utcnow

log = logging.getLogger(__name__)
DAY = timedelta(hours=24)


def _naive_utc(moment: datetime) -> datetime:
    """The database stores naive UTC; networks give aware times (429 reset)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


Prepare = Callable[[PostRecord, str], PreparedPost]
"""Builds what a post record posts, for an attempt id (see bot.app.App.prepare)."""


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


def _event(
    event: str,
    symbol: str | None,
    network: str,
    attempt: str | None,
    url: str | None = None,
    *,
    reported: bool = True,
) -> dict[str, object]:
    """The fields of a posting event's log line (bot/logs.py), marked as shown in the report
    of the command that made it."""
    return {
        "event": event,
        "symbol": symbol,
        "network": network,
        "attempt": attempt,
        "url": url,
        "reported": reported,
    }


def _published(publisher: Publisher, post: PreparedPost) -> Receipt:
    """The network's receipt; an answer the adapter cannot understand (an HTML page with
    status 200, a truncated body) is a transient fault of that network, retried later."""
    try:
        return publisher.publish(post)
    except PublishError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise PublishError(
            f"{publisher.network} answered something that is not a valid reply "
            f"({type(error).__name__}: {redact.short_error(str(error))})",
            retryable=True,
        ) from None


POLL_SLACK = timedelta(seconds=10)
"""A source polled a few seconds early still counts as due: the scheduler's ticks drift."""


class Pipeline:
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
    ) -> None:
        self.sources = sources
        self._intervals = dict(intervals or {})
        self._unsettled: set[str] = set()  # own attempts whose outcome was not recorded
        self._look_first = look_first  # a started-over database: ask the account first
        self._progress: Callable[[int, int], None] | None = None
        self._last_polled: dict[str, datetime] = {}
        self.votes = votes
        self.outbox = outbox
        self.publishers = {publisher.network: publisher for publisher in publishers}
        self._prepare = prepare
        self.policy = policy
        self._max_attempts = max_attempts
        self._daily_caps = dict(daily_caps or {})
        self._clock = clock
        self._jitter = jitter
        self._new_attempt_id = new_attempt_id
        self._should_stop = should_stop

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
        """Posts left "posting" by a crash: ask the network whether the attempt got through.

        Only abandoned claims: a post another live process is making right now is left alone.
        """
        now = self._clock()
        for record in self.outbox.records(states=[PostState.POSTING]):
            publisher = self.publishers.get(record.network)
            if publisher is None or record.attempt_id is None:
                continue
            ours = record.attempt_id in self._unsettled
            if not ours and not abandoned(record.claimed_by, record.updated_at, now):
                continue
            post = self._prepare(record, record.attempt_id)
            if record.prepared_texts:  # look for what was sent, not what would be sent now
                post = replace(post, texts=record.prepared_texts)
            try:
                receipt = publisher.find(post)
            except PublishError as error:
                message = (
                    f"{record.symbol} on {record.network} may or may not have been posted before "
                    f"an interruption, and the network cannot be asked: {error}. It stays "
                    "'posting' (never posted twice); check the account and run "
                    "`actbot post --force` if it is missing"
                )
                report.alerts.append(message)
                log.error(message)
                continue
            if receipt is not None:
                self.outbox.mark_posted(
                    record.id,
                    record.attempt_id,
                    platform_id=receipt.platform_id,
                    platform_url=receipt.url,
                    platform_cid=receipt.cid,
                    vote_fingerprint=post.vote_fingerprint,
                )
                report.reconciled.append(f"{record.symbol} on {record.network}: found, posted")
                self._unsettled.discard(record.attempt_id)
            else:
                self.outbox.release(
                    record.id, record.attempt_id, "interrupted before the network accepted it"
                )
                report.reconciled.append(f"{record.symbol} on {record.network}: not found, retry")
                self._unsettled.discard(record.attempt_id)
            log.info(
                "reconciled %s on %s",
                record.symbol,
                record.network,
                extra=_event("reconciled", record.symbol, record.network, record.attempt_id),
            )

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
        for done, vote_report in enumerate(result.reports, start=1):
            vote = replace(vote_report.vote, classification=classify.propose(vote_report.vote))
            recorded = self.votes.record(vote_report.source, vote)
            self._note(recorded, report)
            if self._progress is not None:
                self._progress(done, len(result.reports))
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
        stored = [
            s.vote
            for s in self.votes.all()
            if s.vote.date.year >= min(t.date.year for t in tallies)
        ]
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

    def queue_due_votes(self) -> None:
        for stored in self.votes.all():
            if self.policy.auto_post_reason(stored.vote) is not None:
                continue
            for network in self.publishers:
                self.outbox.ensure(vote_subject(stored.id), network, vote_id=stored.id)

    def publish_due(self, report: CycleReport) -> None:
        """Due posts, oldest first; a network over its daily cap keeps the rest queued."""
        disabled: set[str] = set()
        for record in self.outbox.due(self.publishers):
            if self._should_stop():
                report.stopped_early = True
                return
            if record.network in disabled or self._no_longer_due(record):
                continue
            cap = self.daily_cap(record.network)
            if cap and self.outbox.posted_since(record.network, self._clock() - DAY) >= cap:
                disabled.add(record.network)
                report.alerts.append(
                    f"{record.network}: {cap} posts in 24 hours reached; the rest wait in the queue"
                )
                continue
            self.publish_one(record, report, disabled)

    def daily_cap(self, network: str) -> int:
        """Posts allowed per 24 hours on `network` (0: no cap; the dry-run outbox has none)."""
        return self._daily_caps.get(network, 0)

    def _no_longer_due(self, record: PostRecord) -> bool:
        """An automatic post waits while its vote stops qualifying after it was queued (held,
        rejected, reclassified); it goes out if the vote qualifies again. The operator's own
        posts (later generations) are theirs to make."""
        if record.vote_id is None or record.generation != 0:
            return False
        reason = self.policy.auto_post_reason(self.votes.by_id(record.vote_id).vote)
        if reason:
            log.info("not posting %s on %s now: %s", record.symbol, record.network, reason)
        return reason is not None

    def publish_one(
        self,
        record: PostRecord,
        report: CycleReport,
        disabled: set[str] | None = None,
    ) -> bool:
        """Claim and post one record; False when it could not be claimed (another process
        holds it, or the network's daily cap is reached)."""
        publisher = self.publishers[record.network]
        attempt_id = self._new_attempt_id()
        since = self._clock() - DAY
        cap = self.daily_cap(record.network)
        if not self.outbox.claim(record.id, attempt_id, this_process(), cap=cap, since=since):
            return False  # another process took it, or the network's last post of the day
        try:
            self._attempt(record, attempt_id, publisher, report, disabled)
            return True
        except Exception:
            # the outcome could not be recorded (the database went away mid-post): this
            # process's own claim is reconciled with the network once the database is back
            self._unsettled.add(attempt_id)
            raise

    def _attempt(
        self,
        record: PostRecord,
        attempt_id: str,
        publisher: Publisher,
        report: CycleReport,
        disabled: set[str] | None,
    ) -> None:
        symbol = record.symbol
        try:
            post = self._prepare(record, attempt_id)
            if self._look_first and record.attempts == 0:
                post = replace(post, look_first=True)
            self.outbox.note_texts(record.id, attempt_id, post.texts)
            receipt = _published(publisher, post)
        except PublishError as error:
            self._record_failure(record, attempt_id, error, report)
            if (error.disables_network or error.retryable) and disabled is not None:
                # one 429, timeout or refused login pauses that network for the rest of the
                # cycle, so its other posts neither hammer it nor delay the other networks
                disabled.add(record.network)
                why = redact.short_error(str(error))
                report.alerts.append(f"{record.network} paused for this cycle: {why}")
            return
        except Exception as error:  # a bug in rendering or an adapter: keep the others going
            log.exception("posting %s on %s failed unexpectedly", symbol, record.network)
            why = redact.short_error(f"unexpected error: {error}")
            self.outbox.mark_failed(record.id, attempt_id, why)
            report.failed.append((symbol, record.network, why))
            return
        self.outbox.mark_posted(
            record.id,
            attempt_id,
            platform_id=receipt.platform_id,
            platform_url=receipt.url,
            platform_cid=receipt.cid,
            vote_fingerprint=post.vote_fingerprint,
        )
        report.posted.append((symbol, record.network, receipt.url or receipt.platform_id))
        if receipt.unconfirmed:
            report.alerts.append(
                f"{symbol} on {record.network}: the network says the account already has this "
                "post (its reply to an earlier attempt was lost?) but it could not be found; "
                "recorded as posted, unconfirmed: check the account"
            )
        where = receipt.url or receipt.platform_id
        log.info(
            "posted %s on %s: %s",
            symbol,
            record.network,
            where,
            extra=_event("posted", symbol, record.network, attempt_id, where),
        )

    def _record_failure(
        self, record: PostRecord, attempt_id: str, error: PublishError, report: CycleReport
    ) -> None:
        """Retry what may succeed later; a refused login waits for the operator, not a count."""
        symbol = record.symbol
        attempts = record.attempts + 1
        why = redact.short_error(str(error))  # a server's answer may echo the credentials
        if error.disables_network or (error.retryable and attempts < self._max_attempts):
            retry_at = _naive_utc(error.retry_at) if error.retry_at else self._backoff(attempts)
            self.outbox.mark_retry(record.id, attempt_id, why, retry_at)
            if error.retry_at:  # a rate limit with its reset: the whole network waits for it
                self.outbox.defer_network(record.network, retry_at)
            report.waiting.append(
                (symbol, record.network, f"{why}; retry after {retry_at:%Y-%m-%d %H:%M} UTC")
            )
        else:
            self.outbox.mark_failed(record.id, attempt_id, why)
            report.failed.append((symbol, record.network, why))
        log.warning(
            "posting %s on %s: %s",
            symbol,
            record.network,
            why,
            extra=_event("post-error", symbol, record.network, attempt_id),
        )

    def _backoff(self, attempts: int) -> datetime:
        """Exponential back-off with full jitter: 1-2, 2-4, 4-8 ... minutes, at most a day."""
        minutes = min(2 ** (attempts - 1), 24 * 60) * (1 + self._jitter())
        return self._clock() + timedelta(minutes=minutes)

    def _alert_if_posted(self, stored: StoredVote, report: CycleReport, what: str) -> None:
        posted = self.outbox.records(vote_id=stored.id, states=[PostState.POSTED])
        if any(record.network != "dry-run" for record in posted):
            message = (
                f"{stored.vote.symbol} {what} after it was posted; check the posted card "
                "against the sources (`actbot review`)"
            )
            report.alerts.append(message)
            log.error(message)
