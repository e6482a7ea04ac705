"""Addresses of the Digital Library's searches, records and OAI-PMH lists."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

from bot.domain.model import Choice, Vote
from bot.domain.symbols import (
    ResolutionSymbol,
)
from bot.sources.base import (
    Rejection,
)

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
