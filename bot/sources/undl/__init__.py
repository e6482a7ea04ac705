"""The UN Digital Library's voting records: MARCXML (search, single record, OAI-PMH) and CSV.

These are the authoritative per-member votes of adopted resolutions, published days after the
vote; failed drafts never appear here. Each record carries its own tally (996), which must agree
with the member votes (967), and permanence is read from the member code, never from 967$b
(record 4033397 marks Switzerland "P"). The parsers do not need the Council membership: the
records of 1946-2014 must parse too. `UndlSource` checks each vote against the membership.

- `urls`: names and addresses; `marc`: MARCXML into votes; `csv_data`: the Library's CSV and
  importing by hand; `source`: the polled source.
"""

from bot.sources.undl.csv_data import import_undl, parse_undl_csv
from bot.sources.undl.marc import (
    oai_error,
    oai_resumption_token,
    parse_marcxml,
    read_marcxml,
    vote_from_record,
)
from bot.sources.undl.source import UndlSource
from bot.sources.undl.urls import (
    CSV_PUBLISHER,
    DEFAULT_BASE_URL,
    PUBLISHER,
    SOURCE_NAME,
    UndlResult,
    oai_list_records_url,
    record_page,
    record_url,
    search_url,
    symbol_search_url,
)

__all__ = [
    "CSV_PUBLISHER",
    "DEFAULT_BASE_URL",
    "PUBLISHER",
    "SOURCE_NAME",
    "UndlResult",
    "UndlSource",
    "import_undl",
    "oai_error",
    "oai_list_records_url",
    "oai_resumption_token",
    "parse_marcxml",
    "parse_undl_csv",
    "read_marcxml",
    "record_page",
    "record_url",
    "search_url",
    "symbol_search_url",
    "vote_from_record",
]
