"""UN document symbols of Security Council drafts and resolutions, and their normal forms.

Operators type symbols in many ways (`S/RES/2722(2024)`, `s/res/2722 (2024)`, `2722`); the
database keys votes by one canonical spelling so that every spelling finds the same vote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.errors import ActbotError

_DRAFT = re.compile(r"^S/(?P<year>\d{4})/(?P<number>\d{1,4})(?P<rev>/Rev\.\d+)?$", re.IGNORECASE)
_RESOLUTION = re.compile(
    r"^(?:S/RES/)?(?P<number>\d{1,5})(?:\s*\((?P<year>\d{4})\))?$", re.IGNORECASE
)
_MEETING = re.compile(r"^S/PV\.(?P<number>\d{1,5})(?P<part>\s*\(Resumption \d\))?$", re.IGNORECASE)


class SymbolError(ActbotError, ValueError):
    """A text that is not a Security Council draft or resolution symbol."""


@dataclass(frozen=True, order=True)
class DraftSymbol:
    """A draft resolution's symbol, e.g. S/2016/846."""

    year: int
    number: int
    revision: str = ""

    def __str__(self) -> str:
        return f"S/{self.year}/{self.number}{self.revision}"


@dataclass(frozen=True, order=True)
class ResolutionSymbol:
    """An adopted resolution's symbol, e.g. S/RES/2722 (2024); a typed bare number has no year."""

    number: int
    year: int | None = None

    def __str__(self) -> str:
        if self.year is None:
            return f"S/RES/{self.number}"
        return f"S/RES/{self.number} ({self.year})"


Symbol = DraftSymbol | ResolutionSymbol


def parse_symbol(text: str) -> Symbol:
    """Read a draft or resolution symbol in any of the spellings people use.

    `S/2016/846` is a draft; `S/RES/2722(2024)`, `S/RES/2722 (2024)` and a bare `2722` are
    resolution 2722 (the bare number carries no year: look it up by number).
    """
    cleaned = " ".join(text.strip().split())
    draft = _DRAFT.match(cleaned)
    if draft:
        revision = draft["rev"] or ""
        return DraftSymbol(int(draft["year"]), int(draft["number"]), revision.title())
    resolution = _RESOLUTION.match(cleaned)
    if resolution and (cleaned.upper().startswith("S/RES/") or cleaned.isdigit()):
        year = int(resolution["year"]) if resolution["year"] else None
        return ResolutionSymbol(int(resolution["number"]), year)
    raise SymbolError(
        f"{text!r} is not a Security Council symbol; expected a draft like S/2016/846 "
        "or a resolution like S/RES/2722 (2024) or 2722"
    )


def parse_draft_symbol(text: str) -> DraftSymbol:
    symbol = parse_symbol(text)
    if not isinstance(symbol, DraftSymbol):
        raise SymbolError(f"{text!r} is not a draft resolution symbol like S/2016/846")
    return symbol


def parse_resolution_symbol(text: str) -> ResolutionSymbol:
    symbol = parse_symbol(text)
    if not isinstance(symbol, ResolutionSymbol) or symbol.year is None:
        raise SymbolError(f"{text!r} is not a resolution symbol like S/RES/2722 (2024)")
    return symbol


def normalise_meeting(text: str) -> str:
    """`s/pv.7785` -> `S/PV.7785`; raises SymbolError for anything else."""
    match = _MEETING.match(" ".join(text.strip().split()))
    if not match:
        raise SymbolError(f"{text!r} is not a meeting record symbol like S/PV.7785")
    return f"S/PV.{int(match['number'])}{match['part'] or ''}"


def meeting_or_none(text: str | None) -> str | None:
    """normalise_meeting for a source's optional field: what is not a meeting is left out
    (missing data beats wrong data)."""
    try:
        return normalise_meeting(text) if text else None
    except SymbolError:
        return None


def slug(symbol: Symbol) -> str:
    """A file-system-safe name for a vote: S/RES/2722 (2024) -> S-RES-2722-2024."""
    if isinstance(symbol, DraftSymbol):
        return (
            f"S-{symbol.year}-{symbol.number}{symbol.revision.replace('/', '-').replace('.', '')}"
        )
    return f"S-RES-{symbol.number}" + (f"-{symbol.year}" if symbol.year else "")
