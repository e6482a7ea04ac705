"""Outcome and veto in one sentence: "failed today to adopt", "was not adopted owing to the
negative vote of a permanent member", "vetoed by China and the Russian Federation", "adopted
resolution 2722 (2024)".

A sentence may name its vetoers, or only say how many permanent members vetoed ("two of its
five permanent members"); the vetoers themselves are always derived later from the ballots
(the permanent members among those against), and what a sentence says must agree with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.model import Outcome
from bot.domain.symbols import ResolutionSymbol
from bot.sources.names import MemberIndex
from bot.sources.press.counts import number

_FAILED = re.compile(
    r"\b(?:fail(?:ed|s|ing)?(?:\s+[\w-]+){0,6}?\s+to\s+(?:pass|adopt|be\s+adopted|win|gain|obtain"
    r"|secure|garner|rally|receive|muster|get)"
    r"|failure\s+to\s+(?:obtain|receive|secure|garner|win|gain|get|be\s+adopted)"
    r"|\b(?:draft|text|it|proposal)(?:\s+resolution)?\s+(?:thus\s+|therefore\s+)?failed\b"
    r"|not\s+(?:been\s+)?(?:adopted|passed)|did\s+not\s+(?:pass|adopt)|rejected|voted\s+down"
    r"|defeated|fell\s+short|vetoed|veto(?:es)?\s+(?:(?:cast|wielded|used|exercised)\s+)?by"
    r"|use\s+of\s+(?:the|its|a)\s+veto|negative\s+votes?\s+of\s+(?:a|one|two|three|its|the)?\s*"
    r"(?:of\s+its\s+)?permanent|permanent\s+member['’]s\s+veto)",
    re.IGNORECASE,
)
_ADOPTED = re.compile(
    r"(?<!\bnot\s)(?<!\bif\s)(?<!\bonce\s)(?<!\bwhen\s)(?<!\bbeen\s)(?<!\bbe\s)\badopt(?:ed|s|ing)\b"
    r"|\bas\s+resolution\s+\d",
    re.IGNORECASE,
)
_RESOLUTION_ADOPTED = re.compile(
    r"\b(?:adopt(?:ed|s|ing)\s+(?:unanimously\s+)?(?:its\s+|the\s+)?(?:draft\s+)?resolution"
    r"|as\s+resolution)\s+(?P<number>\d{1,4})\s*\((?P<year>\d{4})\)"
    r"|\bresolution\s+(?P<passive>\d{1,4})\s*\((?P<passive_year>\d{4})\)\s*(?:\([^()]*\)\s*)?"
    r"(?:was|is|has\s+been)\s+(?:unanimously\s+)?adopted",
    re.IGNORECASE,
)
_RESOLUTION_ANY = re.compile(r"\bresolution\s+(?P<number>\d{1,4})\s*\((?P<year>\d{4})\)", re.I)
_ISSUED_AS = re.compile(r"\bS/RES/(?P<number>\d{1,4})\s*\((?P<year>\d{4})\)")
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.IGNORECASE)
_VETO_BY = re.compile(
    r"\b(?:veto(?:es|ed)?\s+(?:(?:cast|wielded|used|exercised)\s+)?by|vetoed\s+by"
    r"|use\s+of\s+(?:the|its)\s+veto\s+by|negative\s+votes?\s+(?:cast\s+)?by)\s+(?P<rest>.*)",
    re.IGNORECASE,
)
_VETO_COUNT = re.compile(
    r"\b(?:veto(?:es|ed)?|negative\s+votes?)\s+(?:(?:cast|wielded|used|exercised)\s+)?"
    r"(?:by|of|from)\s+(?:the\s+)?(?P<n>a|one|two|three|four|five|\d)\s+"
    r"(?:of\s+(?:its|the)\s+(?:five\s+)?)?permanent\s+(?:council\s+)?members?\b"
    r"|\b(?P<m>a|one|two)\s+permanent\s+members?['’]s?\s+vetoe?s?\b",
    re.IGNORECASE,
)
_VETO_STATED = re.compile(
    r"\b(?:vetoed|vetoes\s+(?:cast|wielded|by)|veto\s+(?:cast|wielded|used|by|exercised)"
    r"|use\s+of\s+the\s+veto|owing\s+to\s+(?:a|the)\s+veto|following\s+(?:a|the)\s+veto)\b",
    re.IGNORECASE,
)
_PROCEDURAL = re.compile(r"\bprocedural\b", re.IGNORECASE)


@dataclass(frozen=True)
class OutcomeClause:
    """What one sentence says of the result."""

    outcome: Outcome | None
    ambiguous: bool
    unanimous: bool
    vetoers: tuple[str, ...]
    veto_count: int | None
    veto_stated: bool
    resolutions: tuple[ResolutionSymbol, ...]
    """Resolutions the sentence says were adopted (or, failing a cue, that it names)."""
    procedural: bool

    @property
    def says_anything(self) -> bool:
        return self.outcome is not None or bool(self.vetoers) or self.veto_count is not None


def read_outcome(sentence: str, index: MemberIndex) -> OutcomeClause:
    failed = _FAILED.search(sentence) is not None
    adopted = _ADOPTED.search(sentence) is not None
    outcome = None
    if failed != adopted:
        outcome = Outcome.FAILED if failed else Outcome.ADOPTED
    vetoers: list[str] = []
    for match in _VETO_BY.finditer(sentence):
        vetoers.extend(index.parse_leading(match["rest"])[0])
    counted = _VETO_COUNT.search(sentence)
    said = (counted["n"] or counted["m"]).lower() if counted else "a"
    veto_count = None if said == "a" else number(said)  # "a permanent member": one or more
    return OutcomeClause(
        outcome=outcome,
        ambiguous=failed and adopted,
        unanimous=_UNANIMOUS.search(sentence) is not None,
        vetoers=tuple(dict.fromkeys(vetoers)),
        veto_count=veto_count,
        veto_stated=bool(vetoers) or counted is not None or bool(_VETO_STATED.search(sentence)),
        resolutions=_resolutions(sentence) if adopted else (),
        procedural=_PROCEDURAL.search(sentence) is not None,
    )


def _resolutions(sentence: str) -> tuple[ResolutionSymbol, ...]:
    found = [
        ResolutionSymbol(int(m["number"] or m["passive"]), int(m["year"] or m["passive_year"]))
        for m in _RESOLUTION_ADOPTED.finditer(sentence)
    ]
    if not found:
        found = [
            ResolutionSymbol(int(m["number"]), int(m["year"]))
            for m in _ISSUED_AS.finditer(sentence)
        ]
    if not found:
        found = [
            ResolutionSymbol(int(m["number"]), int(m["year"]))
            for m in _RESOLUTION_ANY.finditer(sentence)
        ]
    return tuple(dict.fromkeys(found))
