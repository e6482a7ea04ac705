"""The Library's "UN Security Council Voting Data" CSV, and importing a record by hand."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from bot.domain import rules
from bot.domain.model import Ballot, Choice, Outcome, SourceRef, Vote, VoteStatus
from bot.domain.registry import MemberNames
from bot.domain.symbols import (
    SymbolError,
    meeting_or_none,
    parse_draft_symbol,
    parse_resolution_symbol,
)
from bot.sources.base import (
    Rejection,
    SourceError,
)
from bot.sources.http import Fetcher
from bot.sources.undl.marc import _counts, _date, _duplicates, _name, parse_marcxml
from bot.sources.undl.urls import (
    _CSV_VOTE_CODES,
    _ISO3,
    CSV_PUBLISHER,
    DEFAULT_BASE_URL,
    SOURCE_NAME,
    UndlResult,
    record_page,
    record_url,
)

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
