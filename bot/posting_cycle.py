"""The posting half of a cycle: reconcile interrupted posts, queue what is due, post it.

Each post record is claimed before its network is called and settled after, so a crash
leaves a record "posting" that the next cycle reconciles with the network (never posts
twice). A failing network does not stop the others; a stop request is honoured between
posts, never inside one.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot import redact
from bot.claims import abandoned, this_process
from bot.cycle_report import CycleReport
from bot.domain.policy import PostingPolicy
from bot.publishers.base import PreparedPost, Publisher, PublishError, Receipt
from storage.clock import utcnow
from storage.outbox import Outbox, PostRecord, PostState, vote_subject
from storage.repository import VoteRepository

log = logging.getLogger(__name__)
DAY = timedelta(hours=24)


def _naive_utc(moment: datetime) -> datetime:
    """The database stores naive UTC; networks give aware times (429 reset)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


Prepare = Callable[[PostRecord, str], PreparedPost]
"""Builds what a post record posts, for an attempt id (see bot.app.App.prepare)."""


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


class Posting:
    """Posts due records on their networks, within each network's daily cap."""

    def __init__(
        self,
        *,
        votes: VoteRepository,
        outbox: Outbox,
        publishers: Mapping[str, Publisher],
        prepare: Prepare,
        policy: PostingPolicy,
        max_attempts: int = 5,
        daily_caps: Mapping[str, int] | None = None,
        clock: Callable[[], datetime] = utcnow,
        jitter: Callable[[], float] = random.random,
        new_attempt_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        should_stop: Callable[[], bool] = lambda: False,
        look_first: bool = False,
    ) -> None:
        self.votes = votes
        self.outbox = outbox
        self.publishers = publishers
        self._prepare = prepare
        self.policy = policy
        self._max_attempts = max_attempts
        self._daily_caps = dict(daily_caps or {})
        self._clock = clock
        self._jitter = jitter
        self._new_attempt_id = new_attempt_id
        self._should_stop = should_stop
        self._look_first = look_first  # a started-over database: ask the account first
        self._unsettled: set[str] = set()  # own attempts whose outcome was not recorded

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

    def queue_due_votes(self) -> None:
        if self.policy.auto_post == "none":
            return
        languages = self.policy.languages
        candidates = self.votes.unqueued(
            tuple(self.publishers), self.policy.candidates(), languages
        )
        for stored in candidates:
            if self.policy.auto_post_reason(stored.vote) is not None:
                continue
            for language in languages:  # one post per language, each its own record
                for network in self.publishers:
                    subject = vote_subject(stored.id, language)
                    self.outbox.ensure(subject, network, vote_id=stored.id)

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
