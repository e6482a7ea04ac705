"""Everything a period post needs, prepared before any network is called.

`actbot post --period` and `actbot render --period` both use it, so the file written for
review is exactly what would be posted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.domain.model import Vote
from bot.domain.period import Period, PeriodScorecard, build_period_scorecard
from bot.domain.registry import CouncilMembership, MemberNames, SignatoryRegistry
from bot.domain.text_limits import TextLimit
from cards.period_texts import period_post_text
from cards.render import CardRenderer


@dataclass(frozen=True)
class PeriodPost:
    scorecard: PeriodScorecard
    png: bytes
    width: int
    height: int
    alt_text: str
    texts: Mapping[str, str]  # network -> post text


def prepare_period_post(
    votes: Iterable[Vote],
    period: Period,
    *,
    registry: SignatoryRegistry,
    membership: CouncilMembership,
    names: MemberNames,
    renderer: CardRenderer,
    limits: Mapping[str, TextLimit],
    link: str = "",
) -> PeriodPost:
    """The period card PNG, its alt text and each network's text (raises PeriodError or
    PeriodTooLarge for a period that cannot be shown)."""
    card = build_period_scorecard(votes, period, registry, membership, names)
    rendered = renderer.render_period(card)
    return PeriodPost(
        scorecard=card,
        png=rendered.png,
        width=rendered.width,
        height=rendered.height,
        alt_text=rendered.alt_text,
        texts={network: period_post_text(card, limit, link) for network, limit in limits.items()},
    )
