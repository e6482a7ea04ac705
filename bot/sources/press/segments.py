"""A release split into one segment per recorded vote, each tied to its symbol and day.

One release can report several votes: rival drafts, an amendment then the resolution, votes on
two days. The sentences about one vote are consecutive: the outcome ("was not adopted owing to
the negative vote of two permanent members"), the tally ("The result was 13 votes in favour to
2 against ..."), the names ("Delegations that abstained were ..."). A new segment starts where
a sentence cannot belong to the current one: it counts a choice again with another number or
other names, it names another draft, it announces a second text, or it is an amendment's vote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.domain.model import Choice, Outcome
from bot.domain.symbols import DraftSymbol, ResolutionSymbol
from bot.sources.names import MONTHS, MemberIndex
from bot.sources.press.counts import Count, read_counts
from bot.sources.press.outcome import OutcomeClause, read_outcome
from bot.sources.press.text import Sentence

_DRAFT_SYMBOL = re.compile(r"\bS/(?P<year>\d{4})/(?P<number>\d{1,4})(?P<rev>/Rev\.\d+)?")
_DOCUMENT_WORD = re.compile(
    r"\b(?P<word>draft|text|letter|report|note|communication|statement|annex|decision"
    r"|amendment)s?\b",
    re.IGNORECASE,
)
_ANOTHER_TEXT = re.compile(
    r"\b(?:second|separate|another|rival|competing|other|alternative|third|latter)\s+"
    r"(?:draft|text|proposal)|\bthen\b[^.]{0,80}\b(?:draft|text)\b|\b(?:draft|text)s?\b[^.]{0,60}"
    r"\balso\s+(?:rejected|failed|defeated|vetoed|not\s+adopted)",
    re.IGNORECASE,
)
_AMENDMENT = re.compile(r"\bamendments?\b", re.IGNORECASE)
_SPONSORS = re.compile(
    r"\b(?:submitted|put\s+forward|presented|tabled|sponsored|proposed|drafted|penned|introduced)"
    r"\s+by\s+(?:the\s+)?(?:delegations?\s+of\s+)?(?P<rest>.+)",
    re.IGNORECASE,
)
_DAY_MENTION = re.compile(
    r"\b(?i:on|during\s+(?:an?|its|the)|at\s+(?:an?|its|the))\s+(?P<day>\d{1,2})\s+"
    r"(?P<month>[A-Z][a-z]+)\b(?!\s*,?\s*\d{4})",
)
_PREVIEW = re.compile(
    r"\bif\s+adopted,?\s+(?:it|the\s+(?:draft|text))\s+will\s+become\b"
    r"|\bfull\s+summary\s+of\s+(?:this|the)\s+meeting\s+will\s+be\s+available"
    r"|\b(?:is|was)\s+(?:expected|scheduled)\s+to\s+vote\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SentenceFacts:
    """Everything one sentence says about a vote."""

    sentence: Sentence
    counts: tuple[Count, ...]
    outcome: OutcomeClause
    drafts: tuple[tuple[DraftSymbol, bool, int], ...]
    """Draft symbols in the sentence: (symbol, named as a draft or text, position)."""
    sponsors: tuple[str, ...]
    amendment: bool
    another_text: bool
    day: tuple[int, int] | None

    @property
    def about_a_vote(self) -> bool:
        return bool(self.counts) or self.outcome.says_anything


_REPORTED_SPEECH = re.compile(
    r"\b(?:said|says|stated|told|speaking)\b"
    r"|\b(?:he|she|they|it)\s+(?:\w+\s+){0,2}?(?:noted|added|stressed|explained|argued|warned"
    r"|urged|expressed|emphasi[sz]ed|underlined|pointed\s+out)\b",
    re.IGNORECASE,
)
"""A speaker's words ("the representative said a veto by ... had blocked a similar text"),
never read as the record of the vote: statements name other votes and other texts."""
_ELSEWHERE = re.compile(
    r"\b(?:earlier|previous(?:ly)?|prior|last|former|on\s+the\s+basis\s+of|adopted|contained\s+in"
    r"|resolution\s+\d{1,4}\s*\(\d{4}\))",
    re.IGNORECASE,
)
"""Words that tie a symbol to another time or text: such a symbol is not today's draft."""


def read_sentence(sentence: Sentence, index: MemberIndex) -> SentenceFacts:
    text = sentence.text
    if _REPORTED_SPEECH.search(text):
        return SentenceFacts(
            sentence=sentence,
            counts=(),
            outcome=read_outcome("", index),
            drafts=(),
            sponsors=(),
            amendment=False,
            another_text=False,
            day=None,
        )
    sponsors: list[str] = []
    for match in _SPONSORS.finditer(text):
        sponsors.extend(index.parse_leading(match["rest"])[0])
    day_match = _DAY_MENTION.search(text)
    month = MONTHS.get(day_match["month"].lower()) if day_match else None
    return SentenceFacts(
        sentence=sentence,
        counts=tuple(read_counts(text, index)),
        outcome=read_outcome(text, index),
        drafts=tuple(_drafts(text)),
        sponsors=tuple(dict.fromkeys(sponsors)),
        amendment=_AMENDMENT.search(text) is not None,
        another_text=_ANOTHER_TEXT.search(text) is not None,
        day=(int(day_match["day"]), month) if day_match and month else None,
    )


def _drafts(text: str) -> list[tuple[DraftSymbol, bool, int]]:
    found = []
    for match in _DRAFT_SYMBOL.finditer(text):
        symbol = DraftSymbol(int(match["year"]), int(match["number"]), (match["rev"] or "").title())
        words = list(_DOCUMENT_WORD.finditer(text[max(0, match.start() - 90) : match.start()]))
        cued = bool(words) and words[-1]["word"].lower() in ("draft", "text")
        found.append((symbol, cued, match.start()))
    return found


@dataclass
class Segment:
    """The sentences about one recorded vote, with what they say together."""

    facts: list[SentenceFacts] = field(default_factory=list)
    draft: DraftSymbol | None = None
    draft_problem: str = ""

    @property
    def counts(self) -> list[Count]:
        return [count for fact in self.facts for count in fact.counts]

    @property
    def text(self) -> str:
        return " ".join(fact.sentence.text for fact in self.facts)

    @property
    def amendment(self) -> bool:
        """An amendment's vote: the sentence with its tally speaks of the amendment and does
        not say a resolution was adopted."""
        tallied = [fact for fact in self.facts if fact.counts] or self.facts[:1]
        return any(fact.amendment and not fact.outcome.resolutions for fact in tallied)

    @property
    def has_vote(self) -> bool:
        vetoers = any(f.outcome.vetoers for f in self.facts)
        return bool(self.counts) or self.unanimous or vetoers

    @property
    def unanimous(self) -> bool:
        """ "unanimously adopted": every seated member in favour, with no count given."""
        return any(f.outcome.unanimous and f.outcome.outcome is Outcome.ADOPTED for f in self.facts)

    def outcomes(self) -> set[Outcome]:
        """The outcomes its sentences state, those with the tally first."""
        tallied = {
            f.outcome.outcome for f in self.facts if f.counts and f.outcome.outcome is not None
        }
        if tallied:
            return tallied
        return {f.outcome.outcome for f in self.facts if f.outcome.outcome is not None}

    def ambiguous(self) -> bool:
        return any(f.outcome.ambiguous and f.counts for f in self.facts)

    def sponsors(self) -> set[str]:
        return {code for fact in self.facts for code in fact.sponsors}

    def resolutions(self, year: int) -> set[ResolutionSymbol]:
        return {
            symbol
            for fact in self.facts
            for symbol in fact.outcome.resolutions
            if symbol.year == year
        }

    def drafts(self, year: int, *, cued_only: bool) -> list[DraftSymbol]:
        return list(
            dict.fromkeys(
                symbol
                for fact in self.facts
                for symbol, cued, _ in fact.drafts
                if symbol.year == year and (cued or not cued_only)
            )
        )

    def day(self, released: date) -> tuple[date | None, str]:
        """The day of this vote: a "During a 7 July meeting" in its sentences, when within the
        week before the release; else the release's date. A day named outside that week makes
        the date unknown (the dateline or the mention is wrong), never a guess."""
        for number, fact in enumerate(self.facts):
            if fact.day is None or not (number == 0 or fact.counts or fact.drafts):
                continue  # a day in a speaker's aside ("adopted by a majority on 26 October")
            day, month = fact.day
            try:
                when = date(released.year, month, day)
            except ValueError:
                continue
            if released - timedelta(days=7) <= when <= released:
                return when, ""
            return None, f"speaks of a vote on {when:%d %B} but the release is dated {released}"
        return released, ""


def split(facts: list[SentenceFacts]) -> list[Segment]:
    """Consecutive sentences grouped into one segment per vote (see the module docstring)."""
    segments: list[Segment] = []
    current: Segment | None = None
    for fact in facts:
        if not fact.about_a_vote:
            continue
        if current is None:
            if not fact.counts and not fact.outcome.outcome:
                continue  # a veto named without a vote around it: a speaker's words
            current = Segment([fact])
            segments.append(current)
            continue
        if _starts_another(current, fact):
            current = Segment([fact])
            segments.append(current)
            continue
        near = fact.sentence.paragraph - current.facts[-1].sentence.paragraph <= 2
        if near:  # a passage about one vote is consecutive: far away is another matter
            current.facts.append(fact)
    return segments


def _starts_another(current: Segment, fact: SentenceFacts) -> bool:
    mine = current.counts
    has_tally = bool(mine)
    if fact.counts and fact.amendment != current.amendment and has_tally:
        return True
    if fact.another_text and (has_tally or current.outcomes()):
        return True
    for count in fact.counts:
        for other in (o for o in mine if o.choice is count.choice):
            if None not in (count.count, other.count) and count.count != other.count:
                return True  # another number for the same choice: another vote
            if None not in (count.named, other.named) and set(count.named or ()) != set(
                other.named or ()
            ):
                return True  # other names for the same choice: another vote
    if fact.drafts and current.facts:
        theirs = {symbol for symbol, _, _ in fact.drafts}
        ours = {symbol for f in current.facts for symbol, _, _ in f.drafts}
        if ours and theirs.isdisjoint(ours) and (fact.counts or fact.outcome.outcome):
            return True
    stated = current.outcomes()
    said = fact.outcome.outcome
    return bool(said and stated and said not in stated and not fact.outcome.ambiguous)


def preview(text: str) -> bool:
    """A same-day page announcing a vote to come ("If adopted, it will become resolution ...")."""
    return _PREVIEW.search(text) is not None


# --------------------------------------------------------------------------------------------
# Draft symbols
# --------------------------------------------------------------------------------------------


def assign_drafts(segments: list[Segment], facts: list[SentenceFacts], year: int) -> None:
    """Tie each failed draft's segment to its symbol, wherever in the release it is written.

    In the segment itself first; else the one symbol the release gives for a draft when it
    reports only one draft; else by sponsor ("submitted by the Russian Federation (document
    S/2020/683)"). Never by guessing: a segment left without one says why.
    """
    drafts = [s for s in segments if not s.amendment and s.has_vote]
    claimed: set[DraftSymbol] = set()
    for segment in drafts:
        adopted = segment.outcomes() == {Outcome.ADOPTED}
        own = segment.drafts(year, cued_only=True)
        if not own and not adopted:
            own = segment.drafts(year, cued_only=False)
        if adopted:  # a resolution is known by its number; its draft only where it is named
            segment.draft = own[0] if len(own) == 1 else None
            claimed.update(own)
            continue
        if len(own) == 1:
            segment.draft = own[0]
            claimed.add(own[0])
        elif len(own) > 1:
            segment.draft_problem = "names several drafts (" + ", ".join(map(str, own)) + ")"
    everywhere = list(
        dict.fromkeys(
            symbol
            for fact in facts
            for symbol, cued, _ in fact.drafts
            if cued and symbol.year == year and not _ELSEWHERE.search(fact.sentence.text)
        )
    )
    free = [symbol for symbol in everywhere if symbol not in claimed]
    waiting = [
        s
        for s in drafts
        if s.draft is None and not s.draft_problem and s.outcomes() != {Outcome.ADOPTED}
    ]
    if len(waiting) == 1 and len(free) == 1 and len(drafts) == 1:
        waiting[0].draft = free[0]
        return
    for segment in waiting:
        sponsors = segment.sponsors()
        if not sponsors:
            continue
        matches = [
            symbol
            for symbol in free
            if any(
                set(fact.sponsors) == sponsors and symbol in {s for s, _, _ in fact.drafts}
                for fact in facts
            )
        ]
        if len(matches) == 1:
            segment.draft = matches[0]
            free.remove(matches[0])
    for segment in waiting:
        if segment.draft is None:
            segment.draft_problem = "the release does not give this draft's symbol"


def counted(choice: Choice, counts: list[Count]) -> list[Count]:
    return [count for count in counts if count.choice is choice]
