"""SQLAlchemy tables. Migrations in storage/migrations must match these (a test checks)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class VoteRow(Base):
    """One Council vote on one draft, keyed by the symbol people cite."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String(40), unique=True)
    draft_symbol: Mapped[str | None] = mapped_column(String(40), unique=True)
    resolution_symbol: Mapped[str | None] = mapped_column(String(40), unique=True)
    resolution_number: Mapped[int | None] = mapped_column(Integer, index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    meeting: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text, default="")
    short_title: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(16))
    procedural: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16))
    atrocity: Mapped[str] = mapped_column(String(16))
    classified_by: Mapped[str] = mapped_column(String(40))
    classification_reason: Mapped[str] = mapped_column(Text, default="")
    cross_check: Mapped[str] = mapped_column(Text, default="")
    review_note: Mapped[str] = mapped_column(Text, default="")
    accepted_by_operator: Mapped[bool] = mapped_column(Boolean, default=False)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    ballots: Mapped[list[BallotRow]] = relationship(
        back_populates="vote", cascade="all, delete-orphan", order_by="BallotRow.position"
    )
    sources: Mapped[list[SourceRow]] = relationship(
        back_populates="vote", cascade="all, delete-orphan", order_by="SourceRow.id"
    )
    reports: Mapped[list[ReportRow]] = relationship(
        back_populates="vote", cascade="all, delete-orphan", order_by="ReportRow.id"
    )


class BallotRow(Base):
    __tablename__ = "ballots"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    choice: Mapped[str] = mapped_column(String(2))

    vote: Mapped[VoteRow] = relationship(back_populates="ballots")


class SourceRow(Base):
    __tablename__ = "vote_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    publisher: Mapped[str] = mapped_column(Text)  # no length limit a source could overrun
    url: Mapped[str | None] = mapped_column(Text)
    ref_id: Mapped[str | None] = mapped_column(Text)
    supports: Mapped[str] = mapped_column(Text, default="")
    retrieved_at: Mapped[datetime | None] = mapped_column(DateTime)

    vote: Mapped[VoteRow] = relationship(back_populates="sources")


class ReportRow(Base):
    """The latest facts one source gave about one vote, to compare sources with each other."""

    __tablename__ = "vote_reports"
    __table_args__ = (UniqueConstraint("vote_id", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(40))
    facts: Mapped[str] = mapped_column(Text)  # JSON, see storage.rows.facts_json
    fingerprint: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime)

    vote: Mapped[VoteRow] = relationship(back_populates="reports")


class RejectionRow(Base):
    """A vote a source mentioned but the bot could not read cleanly: for the operator's review."""

    __tablename__ = "rejections"
    __table_args__ = (UniqueConstraint("source", "symbol", "reason"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    symbol: Mapped[str] = mapped_column(String(40))  # "" when none could be read
    reason: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False)


class PostRow(Base):
    """One post of one card (a vote's, or a period's) on one network: posted exactly once.

    `generation` is 0 for the automatic post; each operator `post --force` adds one.
    """

    __tablename__ = "posts"
    __table_args__ = (
        # The subject names the vote and the language ("vote:12@fr"): one post of each.
        UniqueConstraint("subject", "network", "generation", name="uq_posts_subject"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # What is posted: "vote:<id>" for a vote's card, "period:<from>/<to>" for a scorecard.
    subject: Mapped[str] = mapped_column(String(80))
    vote_id: Mapped[int | None] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), index=True
    )
    network: Mapped[str] = mapped_column(String(20))
    generation: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempt_id: Mapped[str | None] = mapped_column(String(40))
    claimed_by: Mapped[str | None] = mapped_column(String(200))  # "host:pid" while posting
    # The texts this attempt sends (JSON, network -> text), committed before the network call,
    # so reconciliation looks for exactly what was sent even if the vote changed since.
    prepared_texts: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    not_before: Mapped[datetime | None] = mapped_column(DateTime)
    vote_fingerprint: Mapped[str | None] = mapped_column(String(64))
    platform_id: Mapped[str | None] = mapped_column(String(200))
    platform_url: Mapped[str | None] = mapped_column(Text)
    platform_cid: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime)

    vote: Mapped[VoteRow | None] = relationship()


class SourceStateRow(Base):
    """What a source remembers between runs: which bundled files it has read (by content
    hash), the validators (ETag, Last-Modified) of the pages it fetched. Written only when
    something changed, so a cycle with nothing new writes nothing."""

    __tablename__ = "source_state"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
