"""The Dag Hammarskjöld Library's yearly meetings table and veto list: tallies, not ballots.

`scactYYYY_table_en.htm` lists every Council meeting of a year with its outcome ("S/RES/2640
(2022) 13-0-2", "Draft resolution S/2022/155 vetoed by Russian Federation 11-1-3"); the veto
list names the vetoing members of every vetoed draft. Neither says how each member voted, so
they are not votes: they become `TallyReport`s, which confirm a vote's tally, outcome and
vetoes (`confirm`) and reveal votes that another source missed (`unmatched`).

The pages are hand-edited HTML with unclosed rows and stray tags; html.parser copes with that,
and a row that cannot be read is an error entry, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import cast

import lxml.html
from lxml import etree

from bot.domain.model import Outcome
from bot.domain.registry import MemberNames
from bot.domain.symbols import (
    Symbol,
    meeting_or_none,
    parse_draft_symbol,
    parse_resolution_symbol,
)
from bot.sources.base import PollResult, SourceError, TallyReport, is_vote_of, years_to_poll
from bot.sources.http import Fetcher
from bot.sources.names import MONTHS, MemberIndex

SOURCE_NAME = "dhl-tables"
DEFAULT_BASE_URL = "https://www.un.org/depts/dhl/resguide/"
TABLE_PUBLISHER = "Dag Hammarskjöld Library, Security Council meetings and outcomes table"
VETO_PUBLISHER = "Dag Hammarskjöld Library, Security Council veto list"
HISTORIC_ALIASES = {"SUN": ("USSR", "Union of Soviet Socialist Republics")}
"""Names on the veto list that are no longer members (the USSR's vetoes, 1946-1991)."""


# --------------------------------------------------------------------------------------------
# HTML tables
# --------------------------------------------------------------------------------------------


def _table(html: str) -> tuple[list[list[str]], str]:
    """Table rows as lists of cell texts (a <br> is a line break), and the header cells'
    text. Read with lxml (libxml2): linear on broken markup, and a <tr> starts a row even if
    the last one never closed."""
    if "<t" not in html.lower():
        raise SourceError("not an HTML table page (no table rows)")
    try:
        # the tables write </br> for <br>, which libxml2 would drop
        markup = _CLOSING_BR.sub("<br>", html[:_MAX_PARSED])
        document = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as error:
        raise SourceError(f"unreadable HTML ({error})") from None
    for br in document.iter("br"):
        br.tail = "\n" + (br.tail or "")
    rows: list[list[str]] = []
    title: list[str] = []
    for tr in document.iter("tr"):
        cells = [cell for cell in tr if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
        texts = [_cell_text(cast(lxml.html.HtmlElement, cell)) for cell in cells]
        title.extend(text for cell, text in zip(cells, texts, strict=True) if cell.tag == "th")
        if texts:
            rows.append(texts)
    return rows, " ".join(" ".join(title).split())


_CLOSING_BR = re.compile(r"</br\s*>", re.IGNORECASE)
_MAX_PARSED = 5_000_000
"""Characters of a table page that are parsed: the largest yearly table is about 1 MB."""


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    lines = cell.text_content().split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


# --------------------------------------------------------------------------------------------
# Yearly table
# --------------------------------------------------------------------------------------------

_ITEM = re.compile(
    r"(?P<resolution>S/RES/\d{1,5}\s*\(\d{4}\))|(?P<draft>(?<![A-Z/])S/\d{4}/\d{1,4}(?:/Rev\.\d+)?)"
)
_TALLY = re.compile(r"\b(?P<yes>\d{1,2})\s*-\s*(?P<no>\d{1,2})\s*-\s*(?P<abstain>\d{1,2})\b")
_VETOED_BY = re.compile(r"vetoed\s+by\s+(?P<names>.*?)(?=\s*\d{1,2}\s*-\s*\d|\s*$)", re.I | re.S)
_NOT_ADOPTED = re.compile(r"\bnot\s+adopted\b|\bfailed\b|\bvetoed\b", re.IGNORECASE)
_WITHOUT_VOTE = re.compile(r"without\s+a\s+vote|by\s+acclamation|by\s+consensus", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)(?:\s+(?P<year>\d{4}))?")
_TITLE_YEAR = re.compile(r"\bin\s+(?P<year>(?:19|20)\d\d)\b")


def _day(text: str, year: int | None) -> date:
    match = _DAY_MONTH.search(text)
    month = MONTHS.get(match["month"].lower()) if match else None
    if match is None or month is None:
        raise ValueError(f"{text!r} is not a date like '29 June'")
    chosen = int(match["year"]) if match["year"] else year
    if chosen is None:
        raise ValueError(f"{text!r} has no year and the table gives none")
    return date(chosen, month, int(match["day"]))


def parse_year_table(
    html: str, names: MemberNames, *, year: int | None = None, url: str | None = None
) -> tuple[list[TallyReport], list[str]]:
    """Every decision with a draft or resolution symbol in a yearly table, and the problems.

    Presidential statements and communiqués are skipped (no vote). The year comes from the
    table title ("... in 2022") unless given. Raises SourceError for a page with no table.
    """
    rows, title = _table(html)
    found_year = _TITLE_YEAR.search(title)
    year = year or (int(found_year["year"]) if found_year else None)
    index = MemberIndex.from_names(names, HISTORIC_ALIASES)
    reports: list[TallyReport] = []
    problems: list[str] = []
    columns = _Columns.of(rows)
    data_rows = [row for row in rows if len(row) > columns.last]
    if not data_rows:
        raise SourceError("the page has no rows as wide as its header; not a meetings table")
    for row in data_rows:
        meeting_cell, date_cell, press_cell, topic, outcome_cell = columns.pick(row)
        if not _ITEM.search(outcome_cell):
            continue
        try:
            when = _day(date_cell, year)
        except ValueError as error:
            problems.append(f"{meeting_cell or 'row'}: {error}")
            continue
        meeting = _meeting(meeting_cell)
        press_match = re.search(r"\bSC/\d{3,6}\b", press_cell)
        press = press_match.group() if press_match else None
        for report_or_problem in _outcomes(outcome_cell, index):
            if isinstance(report_or_problem, str):
                problems.append(f"{meeting or date_cell}: {report_or_problem}")
                continue
            kind, symbol, tally, vetoes, note = report_or_problem
            adopted = kind == "resolution"
            reports.append(
                TallyReport(
                    draft_symbol=None if adopted else parse_draft_symbol(symbol),
                    resolution_symbol=parse_resolution_symbol(symbol) if adopted else None,
                    date=when,
                    outcome=Outcome.ADOPTED if adopted else Outcome.FAILED,
                    tally=tally,
                    vetoed_by=vetoes,
                    meeting=meeting,
                    press_release=press,
                    topic=topic,
                    publisher=TABLE_PUBLISHER,
                    url=url,
                    note=note,
                )
            )
    return reports, problems


@dataclass(frozen=True)
class _Columns:
    """Where each field sits. Most years have five columns (meeting, date, press release, topic,
    outcome); the 2020-2021 tables of votes by letter have seven, with "Recording" for the press
    release and two letter columns before the outcome. The header row says which is which."""

    meeting: int = 0
    date: int = 1
    press: int = 2
    topic: int = 3
    outcome: int = 4

    @property
    def last(self) -> int:
        return max(self.meeting, self.date, self.press, self.topic, self.outcome)

    def pick(self, row: list[str]) -> tuple[str, str, str, str, str]:
        return (
            row[self.meeting],
            row[self.date],
            row[self.press],
            row[self.topic],
            row[self.outcome],
        )

    @classmethod
    def of(cls, rows: list[list[str]]) -> _Columns:
        """Read from the header row; a page without one keeps the five-column order."""
        for row in rows:
            labels = [" ".join(cell.lower().split()) for cell in row]
            meeting, day = _column(labels, "meeting record"), _column(labels, "date")
            topic = _column(labels, "topic")
            outcome = _column(labels, "council outcome", "outcome")
            if meeting is None or day is None or topic is None or outcome is None:
                continue
            press = _column(labels, "press release", "recording")
            return cls(meeting, day, day if press is None else press, topic, outcome)
        if any(len(row) > 5 for row in rows):
            raise SourceError("a table of more than five columns without a header row naming them")
        return cls()


def _column(labels: list[str], *words: str) -> int | None:
    """The last column whose label holds the first of the words that any label holds
    ("council outcome" before a bare "outcome", which "Letter with Vote Outcome" also has)."""
    for word in words:
        hits = [i for i, label in enumerate(labels) if word in label]
        if hits:
            return hits[-1]
    return None


_Outcome = tuple[str, str, tuple[int, int, int] | None, tuple[str, ...], str]


def _outcomes(cell: str, index: MemberIndex) -> Iterable[_Outcome | str]:
    """The decisions in one outcome cell; a cell may hold two ("S/2016/846 ... S/2016/847 ...")."""
    items = list(_ITEM.finditer(cell))
    for number, item in enumerate(items):
        end = items[number + 1].start() if number + 1 < len(items) else len(cell)
        segment = cell[item.end() : end]
        tally_match = _TALLY.search(segment)
        tally = (
            (int(tally_match["yes"]), int(tally_match["no"]), int(tally_match["abstain"]))
            if tally_match
            else None
        )
        note = "adopted without a vote" if _WITHOUT_VOTE.search(segment) else ""
        if item["resolution"]:
            symbol = " ".join(item["resolution"].split())
            yield ("resolution", symbol, tally, (), note)
            continue
        vetoes: tuple[str, ...] = ()
        vetoed = _VETOED_BY.search(segment)
        if vetoed:
            codes, unknown = index.parse_list(vetoed["names"])
            if unknown or not codes:
                yield f"{item['draft']}: cannot read the vetoing members {vetoed['names']!r}"
                continue
            vetoes = tuple(codes)
        elif not _NOT_ADOPTED.search(segment):
            yield f"{item['draft']}: a draft that is neither vetoed nor 'not adopted'"
            continue
        yield ("draft", item["draft"], tally, vetoes, note)


def _meeting(cell: str) -> str | None:
    match = re.search(r"S/PV\.\d{1,5}(?:\s*\(Resumption \d\))?", cell)
    return meeting_or_none(match.group()) if match else None


# --------------------------------------------------------------------------------------------
# Veto list
# --------------------------------------------------------------------------------------------


def parse_veto_list(
    html: str, names: MemberNames, *, url: str | None = None, since: date | None = None
) -> tuple[list[TallyReport], list[str]]:
    """Every veto (date, draft, meeting, agenda item, vetoing members) from `since` on.

    Rows with old-style symbols (before drafts were numbered S/YYYY/N, 1994) are left out;
    a row after 1994 that cannot be read is a problem.
    """
    rows, _title = _table(html)
    index = MemberIndex.from_names(names, HISTORIC_ALIASES)
    reports: list[TallyReport] = []
    problems: list[str] = []
    for row in rows:
        if len(row) < 5:
            continue
        date_cell, draft_cell, record_cell, agenda, members = row[:5]
        try:
            when = _day(date_cell, None)
        except ValueError:
            continue  # header rows and notes
        if since is not None and when < since:
            continue
        drafts = [m["draft"] for m in _ITEM.finditer(draft_cell) if m["draft"]]
        if not drafts:
            if when.year >= 1994:
                problems.append(f"{date_cell}: no draft symbol in {draft_cell!r}")
            continue
        codes, unknown = index.parse_list(members.replace("\n", ", "))
        if unknown or not codes:
            problems.append(f"{date_cell} {drafts[0]}: cannot read the vetoing members {members!r}")
            continue
        for draft in drafts:
            reports.append(
                TallyReport(
                    draft_symbol=parse_draft_symbol(draft),
                    resolution_symbol=None,
                    date=when,
                    outcome=Outcome.FAILED,
                    tally=None,
                    vetoed_by=tuple(codes),
                    meeting=_meeting(record_cell),
                    topic=" ".join(agenda.split()),
                    publisher=VETO_PUBLISHER,
                    url=url,
                )
            )
    return reports, problems


# --------------------------------------------------------------------------------------------
# The source
# --------------------------------------------------------------------------------------------


class DhlTableSource:
    """Polls this year's meetings table and the veto list; unchanged pages cost a 304 each."""

    name = SOURCE_NAME

    def __init__(
        self,
        fetcher: Fetcher,
        names: MemberNames,
        *,
        base_url: str = DEFAULT_BASE_URL,
        veto_list: bool = True,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._fetcher = fetcher
        self._names = names
        self._clock = clock
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._veto_list = veto_list
        self._today = today

    def table_url(self, year: int) -> str:
        return f"{self.base_url}scact{year}_table_en.htm"

    @property
    def veto_url(self) -> str:
        return f"{self.base_url}scact_veto_table_en.htm"

    def poll(self) -> PollResult:
        today = self._today()
        years = years_to_poll(today)
        tallies: list[TallyReport] = []
        errors: list[str] = []
        pages: list[tuple[str, int | None]] = [(self.table_url(year), year) for year in years]
        if self._veto_list:
            pages.append((self.veto_url, None))
        for url, year in pages:
            try:
                page = self._fetcher.fetch(url)
                if page.unchanged:
                    continue
                if year is None:
                    since = date(today.year - 1, 1, 1)
                    reports, problems = parse_veto_list(
                        page.text(), self._names, url=url, since=since
                    )
                else:
                    reports, problems = parse_year_table(
                        page.text(), self._names, year=year, url=url
                    )
            except SourceError as error:
                self._fetcher.forget(url)
                errors.append(f"{url}: {error}" if url not in str(error) else str(error))
                continue
            retrieved = self._clock()
            tallies.extend(replace(report, retrieved_at=retrieved) for report in reports)
            errors.extend(f"{url}: {problem}" for problem in problems)
        return PollResult((), tuple(errors), (), tuple(tallies))

    def find(self, symbol: Symbol) -> PollResult:
        """What the table of the symbol's year says of it (its day, tally and press release)."""
        year = symbol.year
        if year is None:
            return PollResult(())
        url = self.table_url(year)
        try:
            page = self._fetcher.fetch(url, conditional=False)
            reports, _ = parse_year_table(page.text(), self._names, year=year, url=url)
        except SourceError as error:
            return PollResult((), (f"{url}: {error}" if url not in str(error) else str(error),))
        retrieved = self._clock()
        found = tuple(
            replace(report, retrieved_at=retrieved)
            for report in reports
            if is_vote_of(report, symbol)
        )
        return PollResult((), (), (), found)
