"""The composition root: the one place where settings become sources, storage and publishers."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot import networks
from bot.config import ConfigError, Settings
from bot.config_types import has_contact
from bot.domain.period import Period
from bot.domain.policy import PostingPolicy
from bot.domain.scorecard import Scorecard, build_scorecard
from bot.domain.symbols import parse_symbol, slug
from bot.domain.text_limits import TextLimit
from bot.pipeline import CycleReport, Pipeline

if TYPE_CHECKING:
    from bot.notify import Notifier
from bot.domain.languages import ENGLISH, slug_in, split_subject, subject_in
from bot.publishers.base import PreparedPost, Publisher, ReportsTextLimit
from bot.publishers.dry_run import DryRunPublisher
from bot.reference import ReferenceData, load_reference
from bot.secrets import DATABASE_PASSWORD, NOTIFY_URLS, SecretError, read_secret
from bot.sources.base import VoteSource
from bot.sources.bundled import BundledSource
from bot.sources.http import Fetcher
from bot.sources.validators import StoredValidators
from cards import CardRenderer, Footer, RenderedCard, post_text
from cards import languages as card_languages
from cards.period_post import prepare_period_post
from storage.db import open_database, safe_url
from storage.outbox import Outbox, PostRecord
from storage.repository import VoteRepository
from storage.rows import StoredVote
from storage.source_state import SourceStateStore


def period_subject(period: Period, language: str = ENGLISH) -> str:
    return subject_in(f"period:{period.start.isoformat()}/{period.end.isoformat()}", language)


def period_of_subject(subject: str) -> Period:
    start, end = split_subject(subject)[0].removeprefix("period:").split("/")
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return Period.calendar_year(first.year)
    return Period(first, last)


def period_label(period: Period) -> str:
    """2024 for a calendar year, else 2024-01-01_2024-06-30 (safe in a file name)."""
    if period.year is not None:
        return str(period.year)
    return f"{period.start.isoformat()}_{period.end.isoformat()}"


@dataclass
class App:
    settings: Settings
    reference: ReferenceData
    votes: VoteRepository
    outbox: Outbox
    renderer: CardRenderer
    source_state: SourceStateStore
    stop: threading.Event = field(default_factory=threading.Event)
    text_networks: tuple[str, ...] | None = None  # None: as configured
    _cards: dict[tuple[Scorecard, str], RenderedCard] = field(default_factory=dict)
    _fetcher: Fetcher | None = None
    _validators: StoredValidators | None = None  # the fetcher's, saved after each poll
    fresh_database: bool = False
    """Started over on purpose (--new-database): posts are looked for on the account before
    they are made, since the database no longer remembers them."""
    _live_limits: dict[str, ReportsTextLimit] = field(default_factory=dict)

    def scorecard(self, stored: StoredVote, language: str = ENGLISH) -> Scorecard:
        """The vote's scorecard with member names in `language` (the card's language)."""
        names = self.reference.names_in(card_languages.require(language))
        return build_scorecard(stored.vote, self.reference.registry, names)

    def render(self, stored: StoredVote, language: str = ENGLISH) -> tuple[Scorecard, RenderedCard]:
        """A card is pure in its scorecard (which carries its language), so retries and
        reconciliation reuse the pixels."""
        card = self.scorecard(stored, language)
        key = (card, language)
        if key not in self._cards:
            if len(self._cards) > 64:
                self._cards.clear()
            self._cards[key] = self.renderer.render(card)
        return card, self._cards[key]

    def text_limit(self, network: str) -> TextLimit:
        """The live publisher's own limit where it reports one (a Mastodon instance's), else
        the network's static one."""
        live = self._live_limits.get(network)
        return live.text_limit() if live is not None else networks.get(network).text_limit

    @property
    def networks(self) -> tuple[str, ...]:
        return self.text_networks or self.settings.publishing.text_networks

    def prepare(self, record: PostRecord, attempt_id: str) -> PreparedPost:
        """What a post record posts: a vote's card, or a period scorecard."""
        if record.vote_id is not None:
            return self.prepare_vote(
                self.votes.by_id(record.vote_id), record.generation, attempt_id, record.language
            )
        return self.prepare_period(
            period_of_subject(record.subject), record.generation, attempt_id, record.language
        )

    def prepare_vote(
        self, stored: StoredVote, generation: int, attempt_id: str, language: str = ENGLISH
    ) -> PreparedPost:
        card, rendered = self.render(stored, language)
        link = self.settings.card.link
        return PreparedPost(
            symbol=str(stored.vote.symbol),
            slug=slug_in(slug(stored.vote.symbol), language),
            language=language,
            generation=generation,
            attempt_id=attempt_id,
            card_png=rendered.png,
            image_size=(rendered.width, rendered.height),
            alt_text=rendered.alt_text,
            texts={
                name: post_text(card, self.text_limit(name), link=link) for name in self.networks
            },
            vote_fingerprint=stored.fingerprint,
        )

    def prepare_period(
        self, period: Period, generation: int, attempt_id: str, language: str = ENGLISH
    ) -> PreparedPost:
        """Raises PeriodError or PeriodTooLarge for a period that cannot be shown."""
        names = self.reference.names_in(card_languages.require(language))
        post = prepare_period_post(
            [stored.vote for stored in self.votes.between(period.start, period.end)],
            period,
            registry=self.reference.registry,
            membership=self.reference.membership,
            names=names,
            renderer=self.renderer,
            limits={name: self.text_limit(name) for name in self.networks},
            link=self.settings.card.link,
        )
        return PreparedPost(
            symbol=period_label(period),
            slug=slug_in(f"period-{period_label(period)}", language),
            language=language,
            generation=generation,
            attempt_id=attempt_id,
            card_png=post.png,
            image_size=(post.width, post.height),
            alt_text=post.alt_text,
            texts=dict(post.texts),
        )

    def sources(self) -> list[VoteSource]:
        """The enabled sources; the live ones share one polite fetcher (one host lock each)."""
        return [source for source, _ in self.scheduled_sources()]

    def source_intervals(self) -> dict[str, float]:
        """Minutes between polls of each enabled source (the scheduler's interval unless the
        source has its own); `actbot run` wakes up at the shortest of them."""
        return {source.name: every for source, every in self.scheduled_sources()}

    def scheduled_sources(self) -> list[tuple[VoteSource, float]]:
        config = self.settings.sources
        default = self.settings.scheduler.poll_interval_minutes
        ref = self.reference
        sources: list[tuple[VoteSource, float]] = []
        if config.bundled.enabled:
            every = config.bundled.every_minutes or default
            sources.append((BundledSource(config.bundled.data_dir, ref, self.source_state), every))
        if config.press.enabled:
            from bot.sources.press import PressReleaseSource

            press = PressReleaseSource(
                self.fetcher(),
                ref.membership,
                ref.names,
                feed_url=config.press.feed_url,
                max_releases_per_poll=config.press.max_releases_per_poll,
            )
            sources.append((press, config.press.every_minutes or default))
        if config.undl.enabled:
            from bot.sources.undl import UndlSource

            undl = UndlSource(
                self.fetcher(),
                ref.membership,
                ref.names,
                base_url=config.undl.base_url,
                page_size=config.undl.page_size,
                max_pages=config.undl.max_pages,
                use_oai=config.undl.use_oai,
                oai_set=config.undl.oai_set or None,
            )
            sources.append((undl, config.undl.every_minutes or default))
        if config.dhl.enabled:
            from bot.sources.dhl import DhlTableSource

            dhl = DhlTableSource(
                self.fetcher(),
                ref.names,
                base_url=config.dhl.base_url,
                veto_list=config.dhl.veto_list,
            )
            sources.append((dhl, config.dhl.every_minutes or default))
        return sources

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            http = self.settings.sources.http
            if not has_contact(http.user_agent):
                raise ConfigError(
                    "sources.http.user_agent (or ACTBOT_USER_AGENT): fetching UN pages needs "
                    "a User-Agent with your contact, e.g. "
                    '"ACT-Scorecard-Bot/0.1 (+mailto:you@example.org)"'
                )
            self._validators = StoredValidators(self.source_state)
            self._fetcher = Fetcher(
                http.user_agent,
                timeout=http.timeout_seconds,
                max_attempts=http.max_attempts,
                backoff_base=http.backoff_base_seconds,
                backoff_cap=http.backoff_cap_seconds,
                max_retry_after=http.max_retry_after_seconds,
                respect_robots=http.respect_robots,
                validators=self._validators,
            )
        return self._fetcher

    def publishers(self) -> list[Publisher]:
        """The dry-run outbox, or one live adapter per configured network.

        Credentials are read here, from the environment or secret files; a missing one is a
        ConfigError naming the variable. The SDKs are imported only when used (atproto alone
        takes a second to import).
        """
        publishing = self.settings.publishing
        if publishing.dry_run:
            return [DryRunPublisher(publishing.outbox)]
        try:
            live = [self.live_publisher(network) for network in publishing.networks]
        except SecretError as error:
            raise ConfigError(str(error)) from None
        self._live_limits = {p.network: p for p in live if isinstance(p, ReportsTextLimit)}
        return live

    def live_publisher(self, name: str) -> Publisher:
        """A network's publisher with its credentials (SecretError when one is missing)."""
        return networks.get(name).connect(self.settings.network(name))

    def notifier(self) -> Notifier:
        """Apprise notifications: URLs from config plus ACTBOT_NOTIFY_URLS[_FILE]."""
        from bot.notify import Notifier

        urls = list(self.settings.notifications.urls)
        extra = read_secret(NOTIFY_URLS)
        if extra is not None:
            urls += [url for url in extra.reveal().replace(",", " ").split() if url]
        state = self.settings.scheduler.heartbeat_file.with_name("notified.json")
        return Notifier(urls, state)

    def find_vote(self, symbol: str) -> tuple[StoredVote | None, CycleReport]:
        """A vote by symbol: stored, or else looked up in the bundled record and the enabled
        live sources and stored with its sources (see Pipeline.find)."""
        report = CycleReport()
        stored = self.votes.get(symbol)
        if stored is None:
            stored = self.pipeline([]).find(parse_symbol(symbol), report)
        return stored, report

    def pipeline(self, publishers: list[Publisher] | None = None) -> Pipeline:
        scheduled = self.scheduled_sources()
        return Pipeline(
            sources=[source for source, _ in scheduled],
            intervals={source.name: timedelta(minutes=every) for source, every in scheduled},
            votes=self.votes,
            outbox=self.outbox,
            publishers=self.publishers() if publishers is None else publishers,
            prepare=self.prepare,
            policy=PostingPolicy(
                self.settings.posting.auto_post,
                self.settings.posting.not_before,
                self.settings.posting.provisional,
                self.settings.publishing.languages,
            ),
            max_attempts=self.settings.posting.max_attempts,
            daily_caps={
                network: self.settings.daily_cap(network)
                for network in networks.names()
                if self.settings.daily_cap(network)
            },
            should_stop=self.stop.is_set,
            look_first=self.fresh_database,
            source_state=self.source_state,
            after_poll=[self._save_validators],
        )

    def _save_validators(self) -> None:
        """The pages' validators, once what they said is stored (see bot.sources.validators)."""
        if self._validators is not None:
            self._validators.save()


def earlier_state(settings: Settings) -> list[str]:
    """What shows this bot has run before: posts in the outbox, a heartbeat, a Bluesky
    session, notifications told. A new database beside any of these is a lost or mistyped one."""
    found: list[str] = []
    outbox = settings.publishing.outbox
    if outbox.is_dir() and any(not p.name.startswith(".") for p in outbox.iterdir()):
        found.append(f"posts in the outbox {outbox}")
    heartbeat = settings.scheduler.heartbeat_file
    files = [
        (heartbeat, "a scheduler heartbeat"),
        (heartbeat.with_name("notified.json"), "the notification state"),
    ]
    for network in networks.all_networks():
        files += network.state_files(settings.network(network.name))
    for path, what in files:
        if path.is_file():
            found.append(f"{what} ({path})")
    return found


def build_app(settings: Settings, *, new_database: bool = False) -> App:
    """Everything wired. A database that does not exist yet is created on the first run,
    or on purpose (`--new-database`); beside the state of an earlier run it is refused, so a
    deleted or mistyped database never re-posts the history."""
    from storage.db import DatabaseError, is_new, with_password

    url = settings.database.url
    try:
        password = read_secret(DATABASE_PASSWORD)
    except SecretError as error:
        raise ConfigError(str(error)) from None
    if password is not None:
        url = with_password(url, password.reveal())
    if not new_database and is_new(url):
        earlier = earlier_state(settings)
        if earlier:
            raise DatabaseError(
                f"the database {safe_url(settings.database.url)} is new, but this bot has run "
                f"before ({'; '.join(earlier)}): posting from an empty database would post "
                "the history again. Restore the database or fix database.url; to start over "
                "on purpose, run with --new-database"
            )
    sessions = open_database(url)
    # what start-up built (modules, mappers, the reference data) lives as long as the
    # process: out of the collector's sight, a full collection in a cycle stays cheap
    gc.collect()
    gc.freeze()
    return App(
        settings=settings,
        reference=load_reference(settings.sources.bundled.data_dir),
        votes=VoteRepository(sessions),
        outbox=Outbox(sessions),
        source_state=SourceStateStore(sessions),
        renderer=CardRenderer(Footer(operator=settings.card.operator)),
        fresh_database=new_database,
    )
