"""One release in, its votes out: each a provisional Vote, or a Rejection saying why not.

A release names only the minority ("13 in favour to 2 against (China, Russian Federation)"),
so the members it does not name are filled in from the Council seated that year, and only
where that is forced: exactly one choice may be left unnamed, and its count must be exactly
the members left over. Everything must add up (every named member seated, the counts summing to
the Council, the outcome following from the ballots by Article 27, the vetoes as stated).
Anything less is held for review with a one-line reason: missing data beats wrong data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TypeGuard

from bot.domain import rules
from bot.domain.model import (
    Ballot,
    Choice,
    Outcome,
    SourceRef,
    Vote,
    VoteStatus,
    derive_vetoes,
    expected_outcome,
)
from bot.domain.registry import CouncilMembership, MemberNames
from bot.sources.base import Rejection
from bot.sources.names import MemberIndex
from bot.sources.press import text as page
from bot.sources.press.segments import Segment, assign_drafts, preview, read_sentence, split

PUBLISHER = "UN Meetings Coverage press release"
SOURCE_NAME = "un-press"

PressResult = Vote | Rejection

LABEL = {
    Choice.YES: "in favour",
    Choice.NO: "against",
    Choice.ABSTAIN: "abstaining",
    Choice.NOT_VOTING: "not voting",
}


@dataclass(frozen=True)
class ReleaseReading:
    """What a release gave: votes and rejections, or, for a same-day preview that reports no
    vote yet, `pending` (why it should be read again on a later poll)."""

    results: tuple[PressResult, ...]
    pending: str = ""


def parse_press_release(
    html_or_text: str,
    membership: CouncilMembership,
    names: MemberNames,
    url: str | None = None,
    *,
    retrieved_at: datetime | None = None,
    index: MemberIndex | None = None,
) -> list[PressResult]:
    """Every vote a release reports (see read_release); never raises on any input text."""
    reading = read_release(
        html_or_text, membership, names, url, retrieved_at=retrieved_at, index=index
    )
    return list(reading.results)


def read_release(
    html_or_text: str,
    membership: CouncilMembership,
    names: MemberNames,
    url: str | None = None,
    *,
    retrieved_at: datetime | None = None,
    index: MemberIndex | None = None,
) -> ReleaseReading:
    """Every vote a release reports. A release without a vote (most meetings are debates)
    gives nothing; this function never raises on any input text."""
    try:
        return _Reader(membership, names, index, url, retrieved_at).read(html_or_text)
    except Exception as error:  # a parser bug must become a review item, not a crash
        reason = f"the parser failed on this page ({type(error).__name__})"
        return ReleaseReading((Rejection(SOURCE_NAME, reason, url=url),))


class _Reader:
    def __init__(
        self,
        membership: CouncilMembership,
        names: MemberNames,
        index: MemberIndex | None,
        url: str | None,
        retrieved_at: datetime | None,
    ) -> None:
        self.membership = membership
        self.names = names
        self.index = index or MemberIndex.from_names(names)
        self.url = url
        self.retrieved = retrieved_at or datetime.now(UTC)
        self.release: str | None = None

    def reject(
        self,
        reason: str,
        symbol: object = None,
        excerpt: str = "",
        reading: tuple[Ballot, ...] = (),
    ) -> Rejection:
        about = f"{self.release}: " if self.release else ""
        return Rejection(
            SOURCE_NAME,
            about + reason,
            str(symbol) if symbol else None,
            self.url,
            excerpt[:500],
            reading,
        )

    def read(self, html_or_text: str) -> ReleaseReading:
        text = page.page_text(html_or_text)
        self.release = page.release_id(text.text, self.url)
        paragraphs = text.paragraphs
        body = "\n\n".join(paragraphs[1:] if text.deck else paragraphs)
        facts = [read_sentence(sentence, self.index) for sentence in page.sentences(body)]
        segments = [s for s in split(facts) if s.has_vote]
        if not segments:
            if preview(text.text):
                return ReleaseReading((), "a preview of a vote to come; no vote reported yet")
            return ReleaseReading(())
        if self.release and not self.release.startswith("SC/"):
            why = "not a Security Council release; its votes are not Council votes"
            return ReleaseReading((self.reject(why),))
        released = page.release_date(text, self.release)
        if released is None:
            return ReleaseReading((self.reject("no date found in the release", None, body[:300]),))
        if not self.membership.knows(released.year):
            why = f"no Council membership known for {released.year}"
            return ReleaseReading((self.reject(why),))
        assign_drafts(segments, facts, released.year)
        meeting = page.meeting(text.text)
        results: list[PressResult] = []
        previous: PressResult | None = None
        for segment in segments:
            if segment.amendment:
                continue  # an amendment's vote is never the resolution's vote
            when, problem = segment.day(released)
            if when is None:
                result: PressResult = self.reject(problem, segment.draft, segment.text)
            else:
                result = self.vote(segment, when, text.headline, meeting)
            if isinstance(previous, Vote) and _may_restate(result, segment):
                if not _agrees(segment, result, previous):  # one vote told twice, differently
                    why = f"two passages give different votes for {previous.symbol}"
                    results[-1] = self.reject(why, previous.symbol, segment.text)
                continue
            results.append(result)
            previous = result
        return ReleaseReading(tuple(_one_per_symbol(results)))

    def vote(self, segment: Segment, when: date, headline: str, meeting: str | None) -> PressResult:
        excerpt = segment.text
        outcomes = segment.outcomes()
        resolutions = segment.resolutions(when.year)
        adopted = outcomes == {Outcome.ADOPTED}
        resolution = next(iter(resolutions)) if adopted and len(resolutions) == 1 else None
        symbol = resolution or segment.draft
        if any(fact.outcome.procedural for fact in segment.facts):
            return self.reject("a procedural vote, not a vote on a draft", symbol, excerpt)
        if segment.ambiguous() or len(outcomes) > 1:
            return self.reject("says both adopted and not adopted", symbol, excerpt)
        if not outcomes:
            why = "gives vote counts but does not say whether the draft was adopted"
            return self.reject(why, symbol, excerpt)
        (outcome,) = outcomes
        seated = self.membership.seated(when.year)
        ballots, problem = self.ballots(segment, seated, when.year)
        if ballots is None:
            return self.reject(problem, symbol, excerpt)
        problem = _outcome_problem(segment, outcome, ballots)
        if problem:
            return self.reject(problem, symbol, excerpt)
        if adopted and resolution is None:
            why = (
                "says a resolution was adopted but gives no resolution number"
                if not resolutions
                else "names several resolutions ("
                + ", ".join(map(str, sorted(resolutions, key=lambda r: r.number)))
                + "); cannot tell which was adopted"
            )
            return self.reject(f"{_reading(ballots)}, but it {why}", None, excerpt, ballots)
        if not adopted and segment.draft is None:
            why = segment.draft_problem or "the release does not give this draft's symbol"
            return self.reject(f"{_reading(ballots)}, but {why}", None, excerpt, ballots)
        supports = ("votes", "tally", "outcome", "date") + (("meeting",) if meeting else ())
        vote = Vote(
            draft_symbol=segment.draft,
            resolution_symbol=resolution,
            date=when,
            outcome=outcome,
            ballots=ballots,
            title=headline,
            meeting=meeting,
            sources=(SourceRef(PUBLISHER, self.url, self.release, supports, self.retrieved),),
            status=VoteStatus.PROVISIONAL,
            cross_check="in favour = seated members not named against, abstaining or not voting",
        )
        broken = rules.problems(vote, self.membership)
        if broken:
            return self.reject("; ".join(broken), symbol, excerpt)
        return vote

    def ballots(
        self, segment: Segment, seated: frozenset[str], year: int
    ) -> tuple[tuple[Ballot, ...] | None, str]:
        """All seated members' ballots, or None and the reason the text does not add up."""
        stated: dict[Choice, int] = {}
        named: dict[Choice, set[str]] = {choice: set() for choice in Choice}
        unknown: list[str] = []
        for count in segment.counts:
            if count.count is not None:
                if count.choice in stated and stated[count.choice] != count.count:
                    return None, (
                        f"gives two counts '{LABEL[count.choice]}' ({stated[count.choice]} and "
                        f"{count.count}); this may be two votes in one passage"
                    )
                stated[count.choice] = count.count
            for name in count.unknown:
                code = self.index.near_match(name, seated)
                if code is None:
                    unknown.append(name)
                else:
                    named[count.choice].add(code)
            if count.named is not None:
                named[count.choice].update(count.named)
        if unknown:
            return None, "names no Council member: " + ", ".join(sorted(set(unknown)))
        vetoers = {code for fact in segment.facts for code in fact.outcome.vetoers}
        named[Choice.NO].update(vetoers)
        everyone = [code for codes in named.values() for code in codes]
        absent = sorted({code for code in everyone if code not in seated})
        if absent:
            return None, f"names members not on the Council in {year}: {', '.join(absent)}"
        twice = sorted({code for code in everyone if everyone.count(code) > 1})
        if twice:
            return None, f"names a member under two different votes: {', '.join(twice)}"
        if segment.unanimous and not stated and not everyone:
            stated[Choice.YES] = len(seated)
        veto_counts = {f.outcome.veto_count for f in segment.facts} - {None}
        if len(veto_counts) == 1 and Choice.NO not in stated:
            (vetoes,) = veto_counts
            assert vetoes is not None
            stated[Choice.NO] = max(vetoes, len(named[Choice.NO]))
        for choice in Choice:  # a list with no number counts those it names
            if choice not in stated and named[choice]:
                stated[choice] = len(named[choice])
        return self._fill(stated, named, seated, year)

    def _fill(
        self,
        stated: dict[Choice, int],
        named: dict[Choice, set[str]],
        seated: frozenset[str],
        year: int,
    ) -> tuple[tuple[Ballot, ...] | None, str]:
        """Name the one choice the text leaves unnamed as the members left over, if forced."""
        for choice in Choice:
            if stated.get(choice, 0) < len(named[choice]):
                return (
                    None,
                    f"{stated.get(choice, 0)} {LABEL[choice]} but {len(named[choice])} named",
                )
        if Choice.YES not in stated:
            return None, "gives no count in favour, so the members not named cannot be filled in"
        short = [choice for choice in Choice if stated.get(choice, 0) > len(named[choice])]
        left = seated - {code for codes in named.values() for code in codes}
        total = sum(stated.get(choice, 0) for choice in Choice)
        if total != len(seated):
            return None, (
                f"counts add up to {total} ({_tally_text(stated)}), "
                f"but {len(seated)} members sat on the Council in {year}"
            )
        if len(short) > 1:
            unnamed = [
                f"{stated[choice] - len(named[choice])} {LABEL[choice]}"
                for choice in short
                if choice is not Choice.YES
            ]
            return None, f"does not name who cast {', '.join(unnamed)}; cannot tell who"
        if short:
            named[short[0]] |= left
        ballots: list[Ballot] = []
        for choice in Choice:
            ballots.extend(
                Ballot(code, self.names.name(code), choice) for code in sorted(named[choice])
            )
        return tuple(ballots), ""


def _may_restate(result: PressResult, segment: Segment) -> TypeGuard[Rejection]:
    """Whether a passage with no symbol of its own may be the previous vote told again: it
    does not announce another text ("a second draft ...") and names no sponsor."""
    return (
        isinstance(result, Rejection)
        and segment.draft is None
        and not segment.facts[0].another_text
        and not segment.sponsors()
    )


def _agrees(segment: Segment, held: Rejection, vote: Vote) -> bool:
    """Whether everything a passage states fits the vote already read."""
    if held.reading:
        return held.reading == vote.ballots
    choices = vote.choices
    for count in segment.counts:
        voted = {code for code, choice in choices.items() if choice is count.choice}
        if count.count is not None and count.count != len(voted):
            return False
        if count.named is not None and not set(count.named) <= voted:
            return False
    return True


def _tally_text(stated: Mapping[Choice, int]) -> str:
    return ", ".join(f"{stated.get(choice, 0)} {LABEL[choice]}" for choice in Choice)


def _reading(ballots: tuple[Ballot, ...]) -> str:
    """ "reads 9-3-3 (against: BOL, CHN, RUS; abstaining: EGY, ETH, KAZ)"."""
    groups = [
        f"{LABEL[choice]}: {', '.join(b.iso3 for b in ballots if b.choice is choice)}"
        for choice in (Choice.NO, Choice.ABSTAIN, Choice.NOT_VOTING)
        if any(b.choice is choice for b in ballots)
    ]
    yes = sum(1 for b in ballots if b.choice is Choice.YES)
    no = sum(1 for b in ballots if b.choice is Choice.NO)
    abstain = sum(1 for b in ballots if b.choice is Choice.ABSTAIN)
    detail = f" ({'; '.join(groups)})" if groups else ""
    return f"reads {yes}-{no}-{abstain}{detail}"


def _outcome_problem(segment: Segment, outcome: Outcome, ballots: tuple[Ballot, ...]) -> str:
    implied = expected_outcome(ballots)
    vetoes = derive_vetoes(outcome, ballots)
    if implied is not outcome:
        if outcome is Outcome.ADOPTED:
            return f"says adopted, but {rules.adoption_problem(ballots)}"
        return f"says {outcome} but the ballots imply {implied}"
    named = sorted({code for fact in segment.facts for code in fact.outcome.vetoers})
    if named and named != sorted(vetoes):
        return f"names the veto of {', '.join(named)} but the ballots show " + (
            ", ".join(vetoes) or "no veto"
        )
    counts = {f.outcome.veto_count for f in segment.facts if f.outcome.veto_count is not None}
    if counts and outcome is Outcome.FAILED and counts != {len(vetoes)}:
        return f"speaks of {min(counts)} permanent member(s) vetoing but the ballots show " + (
            ", ".join(vetoes) or "no veto"
        )
    stated = any(fact.outcome.veto_stated for fact in segment.facts)
    if stated and outcome is Outcome.FAILED and not vetoes:
        return "mentions a veto but no permanent member voted against"
    return ""


def _one_per_symbol(results: list[PressResult]) -> list[PressResult]:
    """Two passages about one draft must agree; if they do not, neither is trusted."""
    by_symbol: dict[str, list[Vote]] = {}
    for result in results:
        if isinstance(result, Vote):
            by_symbol.setdefault(str(result.symbol), []).append(result)
    kept: list[PressResult] = []
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, Vote):
            kept.append(result)
            continue
        key = str(result.symbol)
        if key in seen:
            continue
        seen.add(key)
        versions = by_symbol[key]
        if len({tuple(sorted(v.choices.items())) for v in versions}) > 1:
            source = result.sources[0]
            kept.append(
                Rejection(
                    SOURCE_NAME,
                    f"{source.id or 'release'}: two passages give different votes for {key}",
                    key,
                    source.url,
                )
            )
            continue
        kept.append(result)
    return kept
