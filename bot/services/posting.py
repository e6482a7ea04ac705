"""Posting by hand: one vote or one period now, whatever the automatic policy says, and still
never twice unless the operator forces a new post."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.app import App, period_label, period_subject
from bot.domain.languages import ENGLISH
from bot.domain.period import Period
from bot.pipeline import CycleReport, Pipeline
from bot.publishers.base import Publisher
from bot.publishers.dry_run import DryRunPublisher
from storage.outbox import PostRecord, PostState, vote_subject


@dataclass(frozen=True)
class Subject:
    """What is posted: a stored vote or a period, as the outbox names it."""

    subject: str
    label: str
    vote_id: int | None = None


def vote_target(app: App, vote_id: int, language: str = ENGLISH) -> Subject:
    """Raises LanguageNotAvailable before any post record is made."""
    stored = app.votes.by_id(vote_id)
    app.render(stored, language)
    return Subject(
        vote_subject(stored.id, language), _labelled(str(stored.vote.symbol), language), stored.id
    )


def period_target(app: App, period: Period, language: str = ENGLISH) -> Subject:
    """Raises PeriodError or PeriodTooLarge for an empty or oversized period, or
    LanguageNotAvailable, before any post record is made."""
    app.prepare_period(period, 0, "check", language)
    return Subject(period_subject(period, language), _labelled(period_label(period), language))


def _labelled(label: str, language: str) -> str:
    return label if language == ENGLISH else f"{label} ({language})"


@dataclass
class HandPost:
    report: CycleReport = field(default_factory=CycleReport)
    notes: list[str] = field(default_factory=list)  # "already posted on x (...)"

    @property
    def ok(self) -> bool:
        return not (self.report.failed or self.report.waiting)


def post_now(
    app: App, targets: list[Subject], *, network: str | None, dry_run: bool, force: bool
) -> HandPost:
    """Post each of `targets` (a vote or period in each language) on every configured network
    (or only `network`), or into the outbox folder with `dry_run`; each network's post record
    decides whether it is due."""
    if network is not None:
        app.text_networks = (network,)
    publishers: list[Publisher] = (
        [DryRunPublisher(app.settings.publishing.outbox)] if dry_run else app.publishers()
    )
    publishers = [p for p in publishers if network in (None, p.network) or p.network == "dry-run"]
    pipeline = app.pipeline(publishers)
    result = HandPost()
    for target in targets:
        for publisher in publishers:
            _post_one(app, pipeline, target, publisher.network, force, result)
    return result


def _post_one(
    app: App, pipeline: Pipeline, target: Subject, network: str, force: bool, result: HandPost
) -> None:
    record = record_to_post(app, target, network, force)
    if isinstance(record, str):
        result.notes.append(f"{target.label}: {record}")
        return
    if not pipeline.publish_one(record, result.report):
        cap = pipeline.daily_cap(network)
        result.report.waiting.append(
            (
                target.label,
                network,
                f"another run is posting it, or the daily cap ({cap}) is reached; it stays queued",
            )
        )


def record_to_post(app: App, target: Subject, network: str, force: bool) -> PostRecord | str:
    """The post record an operator's `post` uses, or why nothing should be posted."""
    subject, vote_id = target.subject, target.vote_id
    records = app.outbox.records(subject=subject, network=network)
    posted = [record for record in records if record.state is PostState.POSTED]
    if force:  # the operator has looked: also past a post stuck in "posting"
        return app.outbox.add_forced(subject, network, vote_id)
    if any(record.state is PostState.POSTING for record in records):
        return (
            f"being posted on {network} by another run, or interrupted; if `actbot status` "
            "still shows it posting later, check the account and use --force"
        )
    if posted:
        where = posted[-1].platform_url or posted[-1].platform_id
        return f"already posted on {network} ({where}); use --force to post it again"
    pending = [record for record in records if record.state is PostState.PENDING]
    if pending:
        return pending[0]
    created = app.outbox.ensure(subject, network, vote_id)
    if created is not None:
        return created
    # another process queued it between our read and our insert (the scheduler): decide on
    # what it made, never on a new generation (that is what --force is for)
    return record_to_post(app, target, network, force)
