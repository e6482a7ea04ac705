"""Which stored votes the bot posts on its own, and which wait for the operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.domain.languages import ENGLISH
from bot.domain.model import Atrocity, Outcome, Vote, VoteStatus


@dataclass(frozen=True)
class PostingPolicy:
    """`provisional` says which one-source votes may go out: by default a failed draft (a
    veto is news the same day, and only the press release has it), never an adopted one."""

    auto_post: Literal["atrocity", "all", "none"] = "atrocity"
    not_before: date | None = None
    provisional: Literal["failed", "all", "none"] = "failed"
    languages: tuple[str, ...] = (ENGLISH,)
    """Each vote is posted once in each of these languages, each its own post record."""

    def auto_post_reason(self, vote: Vote) -> str | None:
        """None when the vote is due for automatic posting, else why it waits."""
        if vote.status in (VoteStatus.HELD, VoteStatus.REJECTED):
            return f"vote is {vote.status}"
        if vote.status is VoteStatus.PROVISIONAL and (
            self.provisional == "none"
            or (self.provisional == "failed" and vote.outcome is Outcome.ADOPTED)
        ):
            return "provisional: waits for a second source or the operator"
        if self.not_before is not None and vote.date < self.not_before:
            return f"dated before posting.not_before ({self.not_before})"
        if self.auto_post == "none":
            return "automatic posting is off"
        if self.auto_post == "atrocity" and vote.classification.atrocity is not Atrocity.YES:
            return f"atrocity relevance is {vote.classification.atrocity}"
        return None

    def candidates(self) -> Candidates:
        """What storage can filter on before auto_post_reason decides (it never lets
        through less than auto_post_reason would accept)."""
        return Candidates(
            since=self.not_before,
            atrocity_only=self.auto_post == "atrocity",
            never=(VoteStatus.HELD, VoteStatus.REJECTED),
        )


@dataclass(frozen=True)
class Candidates:
    """The coarse part of the posting policy, as a storage query can apply it."""

    since: date | None
    atrocity_only: bool
    never: tuple[VoteStatus, ...]
