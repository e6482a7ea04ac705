"""The UN Digital Library's voting records: MARCXML (search, single record, OAI-PMH) and CSV.

These are the authoritative per-member votes of adopted resolutions, published days after the
vote; failed drafts never appear here. Each record carries its own tally (996), which must agree
with the member votes (967), and permanence is read from the member code, never from 967$b
(record 4033397 marks Switzerland "P"). The parsers here do not need the Council membership:
the records of 1946-2014 must parse too. `UndlSource` checks each vote against the membership.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode
from xml.etree.ElementTree import Element  # the type only: parsing goes through defusedxml

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bot.domain import rules
from bot.domain.model import Ballot, Choice, Outcome, SourceRef, Vote, VoteStatus
from bot.domain.registry import CouncilMembership, MemberNames
from bot.domain.symbols import (
    DraftSymbol,
    ResolutionSymbol,
    Symbol,
    SymbolError,
    meeting_or_none,
    parse_draft_symbol,
    parse_resolution_symbol,
)
from bot.sources.base import (
    PollResult,
    Rejection,
    SourceError,
    VoteReport,
    is_vote_of,
    years_to_poll,
)
from bot.sources.http import Fetcher

PUBLISHER = "UN Digital Library voting record"
CSV_PUBLISHER = "UN Digital Library, UN Security Council Voting Data (CSV)"
SOURCE_NAME = "un-digital-library"
DEFAULT_BASE_URL = "https://digitallibrary.un.org"

UndlResult = Vote | Rejection

_VOTE_CODES = {"Y": Choice.YES, "N": Choice.NO, "A": Choice.ABSTAIN}
_CSV_VOTE_CODES = {**_VOTE_CODES, "X": Choice.NOT_VOTING, "": Choice.NOT_VOTING}
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "de", "d'"})


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


def search_url(
    year: int, offset: int = 1, page_size: int = 100, base_url: str = DEFAULT_BASE_URL
) -> str:
    """The Voting Data search for one year of Security Council votes, newest first, as MARCXML.

    `offset` is 1-based (the Library's `jrec`).
    """
    query = {
        "ln": "en",
        "cc": "Voting Data",
        "c": "Voting Data",
        "fct__2": "Security Council",
        "fct__3": str(year),
        "fct__9": "Vote",
        "rg": str(page_size),
        "jrec": str(offset),
        "sf": "latest first",
        "so": "d",
        "of": "xm",
    }
    return f"{base_url.rstrip('/')}/search?{urlencode(query)}"


def symbol_search_url(symbol: ResolutionSymbol, base_url: str = DEFAULT_BASE_URL) -> str:
    """The Voting Data search for one resolution, as MARCXML (its 791 field, "S/RES/2722(2024)")."""
    query = {
        "ln": "en",
        "cc": "Voting Data",
        "c": "Voting Data",
        "fct__2": "Security Council",
        "p": f'791__a:"S/RES/{symbol.number}({symbol.year})"',
        "rg": "10",
        "of": "xm",
    }
    return f"{base_url.rstrip('/')}/search?{urlencode(query)}"


def record_url(record_id: str | int, base_url: str = DEFAULT_BASE_URL) -> str:
    """One record's MARCXML export."""
    return f"{base_url.rstrip('/')}/record/{record_id}/export/xm"


def record_page(record_id: str | int, base_url: str = DEFAULT_BASE_URL) -> str:
    """The record's page for people, cited as the vote's source."""
    return f"{base_url.rstrip('/')}/record/{record_id}"


def oai_list_records_url(
    base_url: str = DEFAULT_BASE_URL,
    *,
    from_date: date | None = None,
    set_spec: str | None = None,
    resumption_token: str | None = None,
    metadata_prefix: str = "marcxml",
) -> str:
    """OAI-PMH ListRecords; with a resumption token, only the verb and token may be sent."""
    query: dict[str, str] = {"verb": "ListRecords"}
    if resumption_token:
        query["resumptionToken"] = resumption_token
    else:
        query["metadataPrefix"] = metadata_prefix
        if from_date:
            query["from"] = from_date.isoformat()
        if set_spec:
            query["set"] = set_spec
    return f"{base_url.rstrip('/')}/oai2d?{urlencode(query)}"


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


# --------------------------------------------------------------------------------------------
# The Library's "UN Security Council Voting Data" CSV
# --------------------------------------------------------------------------------------------

_CSV_SHARED = ("date", "resolution", "draft", "meeting", "total_yes", "total_no")
_CSV_TOTALS = (
    ("total_yes", Choice.YES),
    ("total_no", Choice.NO),
    ("total_abstentions", Choice.ABSTAIN),
    ("total_non_voting", Choice.NOT_VOTING),
)


def parse_undl_csv(
    source: Path | str, names: MemberNames | None = None, *, retrieved_at: datetime | None = None
) -> list[UndlResult]:
    """The CSV (one row per member per resolution) -> one Vote per undl_id, in file order.

    `source` is a path or the CSV text. Rows are not in date order, so they are grouped by
    undl_id first. A group whose rows disagree, or whose totals do not match its rows (an
    excerpt that lost rows), is a Rejection. `permanent_member` is ignored: permanence comes
    from the member code. Membership is not checked here (rows go back to 1946).
    """
    text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    reader = csv.DictReader(io.StringIO(text))
    missing = {"undl_id", "ms_code", "ms_vote", "date", "resolution"} - set(reader.fieldnames or ())
    if missing:
        raise SourceError(f"not the voting data CSV: no column {', '.join(sorted(missing))}")
    groups: dict[str, list[dict[str, str]]] = {}
    for row in reader:
        groups.setdefault((row.get("undl_id") or "").strip(), []).append(row)
    retrieved = retrieved_at or datetime.now(UTC)
    return [_csv_vote(undl_id, rows, names, retrieved) for undl_id, rows in groups.items()]


def _csv_vote(
    undl_id: str, rows: list[dict[str, str]], names: MemberNames | None, retrieved: datetime
) -> UndlResult:
    first = rows[0]
    link = (first.get("undl_link") or "").strip() or (record_page(undl_id) if undl_id else None)
    symbol = _symbol_text((first.get("resolution") or "").strip()) or None

    def reject(reason: str) -> Rejection:
        return Rejection(SOURCE_NAME, f"CSV undl_id {undl_id or '?'}: {reason}", symbol, link)

    for column in _CSV_SHARED:
        values = {(row.get(column) or "").strip() for row in rows}
        if len(values) > 1:
            return reject(f"rows disagree on {column}: {', '.join(sorted(values))}")
    modality = (first.get("modality") or "Vote").strip()
    if modality.lower() != "vote":
        return reject(f"adopted by {modality!r}, not a recorded vote: no ballots")
    try:
        resolution = parse_resolution_symbol(symbol or "")
        when = _date(first.get("date") or "")
        raw_draft = (first.get("draft") or "").strip()
        draft = parse_draft_symbol(raw_draft) if raw_draft else None
    except (SymbolError, ValueError) as error:
        return reject(str(error))
    ballots: list[Ballot] = []
    for row in rows:
        code = (row.get("ms_code") or "").strip().upper()
        raw_vote = (row.get("ms_vote") or "").strip().upper()
        choice = _CSV_VOTE_CODES.get(raw_vote)
        if not _ISO3.match(code) or choice is None:
            return reject(f"row {code or '?'} has vote {raw_vote!r}, not Y, N, A or X")
        ballots.append(Ballot(code, _name(code, row.get("ms_name"), names), choice))
    problem = (
        _duplicates(ballots)
        or _csv_totals_problem(first, ballots)
        or rules.adoption_problem(ballots)
    )
    if problem:
        return reject(problem)
    return Vote(
        draft_symbol=draft,
        resolution_symbol=resolution,
        date=when,
        outcome=Outcome.ADOPTED,
        ballots=tuple(ballots),
        title=(first.get("description") or "").strip(),
        agenda=(first.get("agenda") or "").strip(),
        meeting=meeting_or_none((first.get("meeting") or "").strip()),
        sources=(
            SourceRef(CSV_PUBLISHER, link, undl_id or None, ("votes", "tally", "date"), retrieved),
        ),
        status=VoteStatus.PROVISIONAL,
    )


def _symbol_text(raw: str) -> str:
    try:
        return str(parse_resolution_symbol(raw))
    except SymbolError:
        return raw


def _csv_totals_problem(row: Mapping[str, str], ballots: list[Ballot]) -> str:
    counted = _counts(ballots)
    differences = []
    for column, choice in _CSV_TOTALS:
        raw = (row.get(column) or "").strip()
        if raw and raw.isdigit() and int(raw) != counted[choice]:
            differences.append(f"{column} {raw} but {counted[choice]} rows")
    total = (row.get("total_ms") or "").strip()
    if total.isdigit() and int(total) != len(ballots):
        differences.append(f"total_ms {total} but {len(ballots)} member rows")
    return "totals do not match the rows: " + "; ".join(differences) if differences else ""


def import_undl(
    target: str,
    names: MemberNames | None = None,
    *,
    fetcher: Fetcher | None = None,
    base_url: str = DEFAULT_BASE_URL,
    retrieved_at: datetime | None = None,
) -> list[UndlResult]:
    """For `actbot import undl PATH_OR_URL_OR_RECORD_ID` and `import undl-csv PATH`.

    A record number (4033397) or a URL is fetched; a path ending in .csv is read as the
    voting-data CSV, any other path as MARCXML. Raises SourceError when it cannot be read.
    """
    if target.isdigit():
        target = record_url(target, base_url)
    if target.startswith(("http://", "https://")):
        if fetcher is None:
            raise SourceError("fetching a URL needs the fetcher (User-Agent with a contact)")
        body = fetcher.fetch(target, conditional=False).body
        return parse_marcxml(body, names, base_url=base_url, retrieved_at=retrieved_at)
    path = Path(target)
    try:
        if path.suffix.lower() == ".csv":
            return parse_undl_csv(path, names, retrieved_at=retrieved_at)
        body = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read {target}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise SourceError(f"{target} is not UTF-8 text") from None
    return parse_marcxml(body, names, base_url=base_url, retrieved_at=retrieved_at)


# --------------------------------------------------------------------------------------------
# The source
# --------------------------------------------------------------------------------------------


class UndlSource:
    """Polls the Digital Library's Voting Data search (or OAI-PMH) for this year's votes.

    Nothing changed costs one conditional request per year polled. Every vote is checked
    against the Council membership before it is reported.
    """

    name = SOURCE_NAME

    def __init__(
        self,
        fetcher: Fetcher,
        membership: CouncilMembership,
        names: MemberNames,
        *,
        base_url: str = DEFAULT_BASE_URL,
        page_size: int = 100,
        max_pages: int = 3,
        use_oai: bool = False,
        oai_set: str | None = None,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._fetcher = fetcher
        self._membership = membership
        self._names = names
        self.base_url = base_url.rstrip("/")
        self._page_size = page_size
        self._max_pages = max_pages
        self._use_oai = use_oai
        self._oai_set = oai_set
        self._today = today
        self._clock = clock
        self._next_token: str | None = None

    def years(self) -> list[int]:
        """This year; in January also last year, whose late votes are still being catalogued."""
        return years_to_poll(self._today())

    def poll(self) -> PollResult:
        found = _Checked(self._membership)
        for document_url, body in self._documents(found.errors):
            try:
                results = parse_marcxml(
                    body, self._names, base_url=self.base_url, retrieved_at=self._clock()
                )
            except SourceError as error:
                self._fetcher.forget(document_url)
                found.errors.append(f"{document_url}: {error}")
                continue
            found.take(results)
        return found.result()

    def find(self, symbol: Symbol) -> PollResult:
        """One adopted resolution's voting record (the Library records no failed drafts)."""
        if not isinstance(symbol, ResolutionSymbol) or symbol.year is None:
            return PollResult(())
        url = symbol_search_url(symbol, self.base_url)
        try:
            body = self._fetcher.fetch(url, conditional=False).body
            results = parse_marcxml(
                body, self._names, base_url=self.base_url, retrieved_at=self._clock()
            )
        except SourceError as error:
            return PollResult((), (_explain(f"{url}: {error}"),))
        found = _Checked(self._membership)
        found.take(r for r in results if not isinstance(r, Vote) or is_vote_of(r, symbol))
        return found.result()

    def _documents(self, errors: list[str]) -> Iterator[tuple[str, bytes]]:
        """Each changed page of results; a failed fetch is an error entry and ends that year."""
        for year in self.years():
            for page in range(self._max_pages):
                url = self._page_url(year, page)
                if url is None:
                    break
                try:
                    result = self._fetcher.fetch(url)
                except SourceError as error:
                    errors.append(_explain(str(error)))
                    break
                if result.unchanged:
                    break
                yield url, result.body
                if not self._has_more(result.body):
                    break

    def _page_url(self, year: int, page: int) -> str | None:
        if not self._use_oai:
            return search_url(year, 1 + page * self._page_size, self._page_size, self.base_url)
        if page == 0:
            return oai_list_records_url(
                self.base_url, from_date=date(year, 1, 1), set_spec=self._oai_set
            )
        token = self._next_token
        return oai_list_records_url(self.base_url, resumption_token=token) if token else None

    def _has_more(self, body: bytes) -> bool:
        try:
            if self._use_oai:
                self._next_token = oai_resumption_token(body)
                return self._next_token is not None
            return len(read_marcxml(body)) >= self._page_size
        except SourceError:
            return False


class _Checked:
    """Votes read from the Library, each checked against the Council rules before it is
    reported; a record that breaks one is held with the reason."""

    def __init__(self, membership: CouncilMembership) -> None:
        self._membership = membership
        self.reports: list[VoteReport] = []
        self.errors: list[str] = []
        self.rejections: list[Rejection] = []

    def take(self, results: Iterable[Vote | Rejection]) -> None:
        for result in results:
            if isinstance(result, Vote):
                problems = rules.problems(result, self._membership)
                if not problems:
                    self.reports.append(VoteReport(SOURCE_NAME, result))
                    continue
                source = result.sources[0]
                result = Rejection(
                    SOURCE_NAME,
                    f"record {source.id}: " + "; ".join(problems),
                    str(result.symbol),
                    source.url,
                )
            self.rejections.append(result)
            self.errors.append(str(result))

    def result(self) -> PollResult:
        return PollResult(tuple(self.reports), tuple(self.errors), tuple(self.rejections))


def _explain(error: str) -> str:
    if "HTTP 202" in error:
        return (
            f"{error} (the Digital Library's firewall challenge for non-browser clients; "
            "OAI-PMH is open: set [sources.undl] use_oai = true)"
        )
    return error
