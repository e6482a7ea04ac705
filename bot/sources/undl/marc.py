"""MARCXML voting records (search results, single records, OAI-PMH pages) read into votes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.etree.ElementTree import Element  # the type only: parsing goes through defusedxml

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bot.domain import rules
from bot.domain.model import Ballot, Choice, Outcome, SourceRef, Vote, VoteStatus
from bot.domain.registry import MemberNames
from bot.domain.symbols import (
    DraftSymbol,
    SymbolError,
    meeting_or_none,
    parse_draft_symbol,
    parse_resolution_symbol,
)
from bot.sources.base import (
    Rejection,
    SourceError,
)
from bot.sources.undl.urls import (
    _ISO3,
    _SMALL_WORDS,
    _VOTE_CODES,
    DEFAULT_BASE_URL,
    PUBLISHER,
    SOURCE_NAME,
    UndlResult,
    record_page,
)

# --------------------------------------------------------------------------------------------
# MARCXML
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataField:
    tag: str
    ind1: str
    ind2: str
    subfields: tuple[tuple[str, str], ...]

    def get(self, code: str) -> str | None:
        for key, value in self.subfields:
            if key == code:
                return value
        return None


@dataclass(frozen=True)
class MarcRecord:
    controlfields: Mapping[str, str]
    datafields: tuple[DataField, ...]

    @property
    def id(self) -> str:
        return self.controlfields.get("001", "").strip()

    def fields(self, tag: str) -> list[DataField]:
        return [field for field in self.datafields if field.tag == tag]

    def first(self, tag: str, code: str) -> str | None:
        for field in self.fields(tag):
            value = field.get(code)
            if value is not None and value.strip():
                return value.strip()
        return None


def _parse_xml(xml: bytes | str) -> Element:
    try:
        return SafeET.fromstring(xml)
    except (SafeET.ParseError, DefusedXmlException) as error:
        raise SourceError(f"not well-formed XML ({error})") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_marcxml(xml: bytes | str) -> list[MarcRecord]:
    """Every MARC record in a document: a <collection>, one <record>, or an OAI-PMH answer.

    Raises SourceError when the document is not XML (truncated, an HTML challenge page).
    """
    root = _parse_xml(xml)
    found: list[MarcRecord] = []
    for element in root.iter():
        if _local(element.tag) != "record" or not _has_marc_fields(element):
            continue
        controls: dict[str, str] = {}
        datas: list[DataField] = []
        for child in element:
            name = _local(child.tag)
            tag = child.get("tag", "")
            if name == "controlfield":
                controls[tag] = (child.text or "").strip()
            elif name == "datafield":
                subfields = tuple(
                    (sub.get("code", ""), (sub.text or "").strip())
                    for sub in child
                    if _local(sub.tag) == "subfield"
                )
                datas.append(
                    DataField(tag, child.get("ind1", " "), child.get("ind2", " "), subfields)
                )
        found.append(MarcRecord(controls, tuple(datas)))
    return found


def _has_marc_fields(element: Element) -> bool:
    return any(_local(child.tag) in ("controlfield", "datafield") for child in element)


def oai_resumption_token(xml: bytes | str) -> str | None:
    """The token for the next OAI-PMH page, or None on the last page."""
    for element in _parse_xml(xml).iter():
        if _local(element.tag) == "resumptionToken" and (element.text or "").strip():
            return (element.text or "").strip()
    return None


def oai_error(xml: bytes | str) -> str | None:
    """An OAI-PMH error other than "noRecordsMatch" (which only means: nothing new)."""
    for element in _parse_xml(xml).iter():
        if _local(element.tag) == "error" and element.get("code") != "noRecordsMatch":
            return f"{element.get('code')}: {(element.text or '').strip()}"
    return None


def is_council_vote(record: MarcRecord) -> bool:
    """A voting record of the Security Council: an S/RES symbol and member votes."""
    symbol = record.first("791", "a") or ""
    return symbol.upper().startswith("S/RES/") and bool(record.fields("967"))


def vote_from_record(
    record: MarcRecord,
    names: MemberNames | None = None,
    *,
    base_url: str = DEFAULT_BASE_URL,
    retrieved_at: datetime | None = None,
) -> UndlResult:
    """One Security Council voting record -> a provisional Vote, or a Rejection saying why not."""
    page = record_page(record.id, base_url) if record.id else None
    label = f"record {record.id or '?'}"

    def reject(reason: str, symbol: str | None = None) -> Rejection:
        return Rejection(SOURCE_NAME, f"{label}: {reason}", symbol, page)

    raw_symbol = record.first("791", "a")
    try:
        resolution = parse_resolution_symbol(raw_symbol or "")
    except SymbolError:
        return reject(f"no resolution symbol in 791$a (found {raw_symbol!r})")
    symbol = str(resolution)
    try:
        when = _date(record.first("269", "a") or "")
    except ValueError as error:
        return reject(f"269$a: {error}", symbol)
    ballots: list[Ballot] = []
    for field in record.fields("967"):
        code = (field.get("c") or "").strip().upper()
        if not _ISO3.match(code):
            return reject(f"967 entry {field.get('a')!r} has no member code", symbol)
        raw_vote = (field.get("d") or "").strip().upper()
        choice = Choice.NOT_VOTING if not raw_vote else _VOTE_CODES.get(raw_vote)
        if choice is None:
            return reject(f"967 vote {raw_vote!r} of {code} is not Y, N or A", symbol)
        ballots.append(Ballot(code, _name(code, field.get("e"), names), choice))
    problem = (
        _duplicates(ballots) or _tally_problem(record, ballots) or rules.adoption_problem(ballots)
    )
    if problem:
        return reject(problem, symbol)
    draft, meeting = _draft(record), meeting_or_none(record.first("952", "a"))
    supports: tuple[str, ...] = ("votes", "tally", "outcome", "date", "resolution")
    supports += (("draft",) if draft else ()) + (("meeting",) if meeting else ())
    return Vote(
        draft_symbol=draft,
        resolution_symbol=resolution,
        date=when,
        outcome=Outcome.ADOPTED,
        ballots=tuple(ballots),
        title=record.first("245", "a") or "",
        agenda=(record.first("991", "c") or "").rstrip("."),
        meeting=meeting,
        sources=(SourceRef(PUBLISHER, page, record.id or None, supports, retrieved_at),),
        status=VoteStatus.PROVISIONAL,
    )


def parse_marcxml(
    xml: bytes | str,
    names: MemberNames | None = None,
    *,
    base_url: str = DEFAULT_BASE_URL,
    retrieved_at: datetime | None = None,
) -> list[UndlResult]:
    """The Security Council votes in a MARCXML document; other records are skipped.

    Raises SourceError when the document is not XML.
    """
    retrieved = retrieved_at or datetime.now(UTC)
    return [
        vote_from_record(record, names, base_url=base_url, retrieved_at=retrieved)
        for record in read_marcxml(xml)
        if is_council_vote(record)
    ]


def _date(text: str) -> date:
    cleaned = text.strip()
    if re.fullmatch(r"\d{8}", cleaned):
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a YYYY-MM-DD date") from None


def _draft(record: MarcRecord) -> DraftSymbol | None:
    fields = sorted(record.fields("993"), key=lambda field: field.ind1 != "2")
    for field in fields:
        try:
            return parse_draft_symbol(field.get("a") or "")
        except SymbolError:
            continue
    return None


def _name(code: str, raw: str | None, names: MemberNames | None) -> str:
    if names is not None and code in names.names:
        return names.name(code)
    return display_name(raw or code)


def display_name(capitals: str) -> str:
    """ "RUSSIAN FEDERATION" -> "Russian Federation"; short acronyms (USSR) stay as they are."""
    text = " ".join(capitals.split())
    if len(text) <= 5 and " " not in text:
        return text
    words = text.lower().split(" ")
    return " ".join(
        word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def _duplicates(ballots: list[Ballot]) -> str:
    codes = [ballot.iso3 for ballot in ballots]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    return f"members listed twice: {', '.join(twice)}" if twice else ""


def _tally_problem(record: MarcRecord, ballots: list[Ballot]) -> str:
    """996 ($b yes, $c no, $d abstain, $e non-voting, $f total) must match the 967 votes."""
    if not record.fields("996"):
        return "no tally (996) to check the member votes against"
    counted = _counts(ballots)
    differences = []
    for code, label, actual in (
        ("b", "yes", counted[Choice.YES]),
        ("c", "no", counted[Choice.NO]),
        ("d", "abstain", counted[Choice.ABSTAIN]),
        ("e", "non-voting", counted[Choice.NOT_VOTING]),
        ("f", "total", len(ballots)),
    ):
        raw = record.first("996", code)
        if raw is None:
            continue
        try:
            declared = int(raw)
        except ValueError:
            return f"996${code} is not a number: {raw!r}"
        if declared != actual:
            differences.append(f"{label} {declared} in 996 but {actual} in the member votes")
    return "tally does not match: " + "; ".join(differences) if differences else ""


def _counts(ballots: Iterable[Ballot]) -> dict[Choice, int]:
    counts = dict.fromkeys(Choice, 0)
    for ballot in ballots:
        counts[ballot.choice] += 1
    return counts
