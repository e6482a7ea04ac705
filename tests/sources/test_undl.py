"""Digital Library voting records (MARCXML, OAI-PMH, CSV) and their source, on real saved data."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.domain import rules
from bot.domain.model import Choice, Outcome, Vote, VoteStatus
from bot.reference import ReferenceData, load_reference
from bot.sources.base import Rejection, SourceError
from bot.sources.http import Fetcher
from bot.sources.undl import (
    PUBLISHER,
    UndlResult,
    UndlSource,
    import_undl,
    oai_error,
    oai_list_records_url,
    oai_resumption_token,
    parse_marcxml,
    parse_undl_csv,
    record_url,
    search_url,
)
from tests.support.http_server import (
    FakeTime,
    LoopbackServer,
    Scripted,
    no_network,  # noqa: F401 - a fixture, used by name below
)

pytestmark = pytest.mark.usefixtures("no_network")

REPO = Path(__file__).resolve().parents[2]
UNDL = Path(__file__).resolve().parents[1] / "fixtures" / "undl"
RECORD = UNDL / "undl_vote_record_4033397_S_RES_2722_2024.RECONSTRUCTED.marcxml.xml"
CSV = UNDL / "dhl_2026_02_06_sc_voting.EXCERPT.csv"
WHEN = datetime(2026, 1, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return load_reference(REPO / "data")


def record_xml() -> str:
    return RECORD.read_text(encoding="utf-8")


def only_vote(results: list[UndlResult]) -> Vote:
    assert len(results) == 1, results
    assert isinstance(results[0], Vote), results[0]
    return results[0]


def only_rejection(results: list[UndlResult]) -> Rejection:
    assert len(results) == 1, results
    assert isinstance(results[0], Rejection), results[0]
    return results[0]


# -- the real record of S/RES/2722 (2024) ---------------------------------------------------------


def test_the_real_record_reads_11_0_4(ref: ReferenceData) -> None:
    vote = only_vote(parse_marcxml(record_xml(), ref.names, retrieved_at=WHEN))
    assert str(vote.resolution_symbol) == "S/RES/2722 (2024)"
    assert str(vote.draft_symbol) == "S/2024/37"
    assert vote.date == date(2024, 1, 10) and vote.meeting == "S/PV.9527"
    assert vote.outcome is Outcome.ADOPTED and str(vote.tally) == "11-0-4"
    assert {b.iso3 for b in vote.members_voting(Choice.ABSTAIN)} == {"DZA", "CHN", "MOZ", "RUS"}
    assert vote.members_voting(Choice.NO) == ()
    assert vote.status is VoteStatus.PROVISIONAL
    assert vote.title.startswith("Security Council resolution 2722 (2024)")
    (source,) = vote.sources
    assert source.publisher == PUBLISHER and source.id == "4033397"
    assert source.url == "https://digitallibrary.un.org/record/4033397"
    assert source.retrieved_at == WHEN
    assert rules.problems(vote, ref.membership) == []


def test_permanence_comes_from_the_code_not_from_967b(ref: ReferenceData) -> None:
    assert '<subfield code="b">P</subfield>\n    <subfield code="c">CHE' in record_xml()
    vote = only_vote(parse_marcxml(record_xml(), ref.names))
    switzerland = next(b for b in vote.ballots if b.iso3 == "CHE")
    assert not switzerland.permanent and switzerland.name == "Switzerland"
    assert sorted(b.iso3 for b in vote.ballots if b.permanent) == [
        "CHN", "FRA", "GBR", "RUS", "USA",
    ]  # fmt: skip


def test_names_come_from_the_record_when_no_names_are_given() -> None:
    vote = only_vote(parse_marcxml(record_xml()))
    assert {b.name for b in vote.ballots} >= {"Republic of Korea", "Russian Federation"}


def drop_vote_of(xml: str, code: str) -> str:
    marker = f'<subfield code="c">{code}</subfield>'
    start = xml.index(marker)
    vote_start = xml.index('<subfield code="d">', start)
    vote_end = xml.index("</subfield>", vote_start) + len("</subfield>")
    return xml[:vote_start] + xml[vote_end:]


def test_a_missing_vote_is_not_voting(ref: ReferenceData) -> None:
    xml = drop_vote_of(record_xml(), "ECU")
    xml = xml.replace('<subfield code="b">011</subfield>', '<subfield code="b">010</subfield>')
    xml = xml.replace('<subfield code="e">000</subfield>', '<subfield code="e">001</subfield>')
    vote = only_vote(parse_marcxml(xml, ref.names))
    assert vote.choices["ECU"] is Choice.NOT_VOTING and vote.tally.not_voting == 1


def test_a_tally_that_disagrees_with_the_votes_is_rejected(ref: ReferenceData) -> None:
    xml = drop_vote_of(record_xml(), "ECU")  # 996 still says 11 yes, 0 non-voting
    rejection = only_rejection(parse_marcxml(xml, ref.names))
    assert "yes 11 in 996 but 10" in rejection.reason
    assert "non-voting 0 in 996 but 1" in rejection.reason
    assert rejection.symbol == "S/RES/2722 (2024)" and "4033397" in rejection.reason


def test_a_record_without_a_tally_is_rejected(ref: ReferenceData) -> None:
    xml = record_xml()
    start = xml.index('<datafield tag="996"')
    xml = xml[:start] + xml[xml.index("</datafield>", start) + len("</datafield>") :]
    assert "no tally" in only_rejection(parse_marcxml(xml, ref.names)).reason


def test_an_unknown_vote_code_is_rejected(ref: ReferenceData) -> None:
    xml = record_xml().replace(
        '<subfield code="c">GUY</subfield>\n    <subfield code="d">Y</subfield>',
        '<subfield code="c">GUY</subfield>\n    <subfield code="d">Q</subfield>',
    )
    assert "'Q' of GUY" in only_rejection(parse_marcxml(xml, ref.names)).reason


def test_other_records_are_skipped() -> None:
    xml = record_xml().replace("S/RES/2722(2024)", "A/RES/78/1")
    assert parse_marcxml(xml) == []


@pytest.mark.parametrize("cut", [100, 2000, 6000])
def test_truncated_xml_is_a_source_error(cut: int) -> None:
    with pytest.raises(SourceError, match="not well-formed"):
        parse_marcxml(record_xml()[:cut])


def test_an_html_challenge_page_is_a_source_error() -> None:
    with pytest.raises(SourceError):
        parse_marcxml("<html><body><script>challenge()</script></body></html>" * 2 + "<p>")


# -- URLs and OAI-PMH ----------------------------------------------------------------------------


def test_the_search_url_asks_for_one_year_newest_first_as_marcxml() -> None:
    url = search_url(2024, offset=101, page_size=100)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "digitallibrary.un.org", "/search")
    assert {k: v[0] for k, v in parse_qs(parts.query).items()} == {
        "ln": "en", "cc": "Voting Data", "c": "Voting Data", "fct__2": "Security Council",
        "fct__3": "2024", "fct__9": "Vote", "rg": "100", "jrec": "101",
        "sf": "latest first", "so": "d", "of": "xm",
    }  # fmt: skip
    assert record_url(4033397) == "https://digitallibrary.un.org/record/4033397/export/xm"


def test_oai_urls() -> None:
    first = oai_list_records_url(from_date=date(2024, 1, 1), set_spec="votes")
    assert parse_qs(urlsplit(first).query) == {
        "verb": ["ListRecords"], "metadataPrefix": ["marcxml"], "from": ["2024-01-01"],
        "set": ["votes"],
    }  # fmt: skip
    later = oai_list_records_url(resumption_token="abc|2")  # noqa: S106 - an OAI page token
    assert parse_qs(urlsplit(later).query) == {
        "verb": ["ListRecords"],
        "resumptionToken": ["abc|2"],
    }


def oai_page(records: str, resumption: str = "") -> str:
    body = records.split("?>", 1)[1]  # drop the XML declaration of the record file
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
        "<identifier>oai:digitallibrary.un.org:4033397</identifier></header><metadata>"
        f"{body}</metadata></record>"
        f"<resumptionToken>{resumption}</resumptionToken></ListRecords></OAI-PMH>"
    )


def test_records_inside_an_oai_answer(ref: ReferenceData) -> None:
    page = oai_page(record_xml(), "next-page")
    assert str(only_vote(parse_marcxml(page, ref.names)).tally) == "11-0-4"
    assert oai_resumption_token(page) == "next-page"
    assert oai_resumption_token(oai_page(record_xml())) is None


def test_oai_errors() -> None:
    def error(code: str) -> str:
        return (
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            f'<error code="{code}">explained</error></OAI-PMH>'
        )

    assert oai_error(error("noRecordsMatch")) is None
    assert oai_error(error("badArgument")) == "badArgument: explained"


# -- the CSV -------------------------------------------------------------------------------------


def test_the_csv_excerpt() -> None:
    results = parse_undl_csv(CSV, retrieved_at=WHEN)
    votes = [r for r in results if isinstance(r, Vote)]
    rejections = [r for r in results if isinstance(r, Rejection)]
    (vote,) = votes  # 1982: membership data starts in 2015, and the parser does not need it
    assert str(vote.resolution_symbol) == "S/RES/511 (1982)" and vote.date == date(1982, 6, 18)
    assert str(vote.tally) == "13-0-2" and vote.meeting == "S/PV.2379"
    assert {b.iso3 for b in vote.members_voting(Choice.ABSTAIN)} == {"POL", "SUN"}
    assert vote.sources[0].url == "https://digitallibrary.un.org/record/278798"
    assert next(b.name for b in vote.ballots if b.iso3 == "SUN") == "USSR"
    # the excerpt keeps only 2 and 3 rows of two later resolutions: their totals say 15
    assert sorted(r.symbol or "" for r in rejections) == ["S/RES/2779 (2025)", "S/RES/2805 (2025)"]
    assert all("total_ms 15 but" in r.reason for r in rejections)


HEADER = (
    "undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,draft,meeting,description,"
    "agenda,subjects,vote_note,total_yes,total_no,total_abstentions,total_non_voting,total_ms,"
    "modality,undl_link\n"
)


def csv_rows(votes: dict[str, str], modality: str = "Vote", yes: int | None = None) -> str:
    counts = {c: list(votes.values()).count(c) for c in "YNAX"}
    lines = [
        f"9,{code},{code},False,{v},2024-01-10,S/RES/2722(2024),S/2024/37,S/PV.9527,t,a,,,"
        f"{counts['Y'] if yes is None else yes},{counts['N']},{counts['A']},{counts['X']},"
        f"{len(votes)},{modality},"
        for code, v in votes.items()
    ]
    return HEADER + "\n".join(lines) + "\n"


def test_csv_non_voting_and_modality(ref: ReferenceData) -> None:
    seated = sorted(ref.membership.seated(2024))
    votes = dict.fromkeys(seated, "Y") | {"DZA": "X", "CHN": "A"}
    vote = parse_undl_csv(csv_rows(votes), ref.names)[0]
    assert isinstance(vote, Vote) and vote.choices["DZA"] is Choice.NOT_VOTING
    assert rules.problems(vote, ref.membership) == []
    assert "not a recorded vote" in str(parse_undl_csv(csv_rows(votes, "Consensus"))[0])
    assert "total_yes 14 but 13" in str(parse_undl_csv(csv_rows(votes, yes=14))[0])


def test_a_resolution_over_a_permanent_no_is_left_for_a_curated_record(
    ref: ReferenceData,
) -> None:
    """Only a procedural decision passes over a permanent member's "no" (S/RES/2623 (2022)),
    and the Library's data does not say which decisions were procedural: no guess."""
    seated = sorted(ref.membership.seated(2024))
    votes = dict.fromkeys(seated, "Y") | {"RUS": "N", "CHN": "A"}
    reason = str(parse_undl_csv(csv_rows(votes), ref.names)[0])
    assert "a permanent member voted no (RUS): only a procedural decision is adopted so" in reason
    few = dict.fromkeys(seated, "A") | dict.fromkeys(seated[:8], "Y")
    assert "only 8 in favour" in str(parse_undl_csv(csv_rows(few), ref.names)[0])


def test_a_csv_without_the_columns() -> None:
    with pytest.raises(SourceError, match="no column"):
        parse_undl_csv("a,b\n1,2\n")


# -- the source, against the loopback server -------------------------------------------------------


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def make_source(
    server: LoopbackServer, ref: ReferenceData, today: date = date(2024, 3, 1), **options: object
) -> UndlSource:
    fake = FakeTime()
    fetcher = Fetcher(
        "actbot-test/1.0 (+mailto:operator@example.org)",
        clock=fake.clock,
        sleep=fake.sleep,
        rng=random.Random(1),
        timeout=2,
    )
    return UndlSource(
        fetcher,
        ref.membership,
        ref.names,
        base_url=server.url,
        today=lambda: today,
        clock=lambda: WHEN,
        **options,  # type: ignore[arg-type]
    )


def test_a_poll_reports_the_new_vote_then_costs_one_304(
    server: LoopbackServer, ref: ReferenceData
) -> None:
    server.route("/search", RECORD)
    source = make_source(server, ref)
    first = source.poll()
    assert first.errors == () and len(first.reports) == 1
    (report,) = first.reports
    assert report.source == "un-digital-library" and str(report.vote.tally) == "11-0-4"
    assert report.vote.sources[0].url == f"{server.url}/record/4033397"
    (search,) = server.requests_for("/search")
    assert parse_qs(search.query)["fct__3"] == ["2024"]
    server.reset_log()
    second = source.poll()
    assert second.reports == () and second.errors == ()
    assert [r.path for r in server.requests] == ["/search"] and server.bytes_sent == 0


def test_in_january_last_year_is_polled_too(server: LoopbackServer, ref: ReferenceData) -> None:
    server.route("/search", RECORD)
    make_source(server, ref, today=date(2025, 1, 5)).poll()
    years = [parse_qs(r.query)["fct__3"][0] for r in server.requests_for("/search")]
    assert years == ["2024", "2025"]


def test_the_firewall_challenge_is_an_error_with_a_hint(
    server: LoopbackServer, ref: ReferenceData
) -> None:
    server.script("/search", Scripted(202, b"<html>Please enable JavaScript</html>"))
    result = make_source(server, ref).poll()
    assert result.reports == ()
    (error,) = result.errors
    assert "HTTP 202" in error and "use_oai" in error


def test_garbage_is_an_error_and_is_read_again_next_time(
    server: LoopbackServer, ref: ReferenceData
) -> None:
    server.script("/search", Scripted(200, b"<collection><record>", {"ETag": '"bad"'}))
    source = make_source(server, ref)
    (error,) = source.poll().errors
    assert "not well-formed" in error
    server.route("/search", RECORD)
    assert len(source.poll().reports) == 1
    assert server.requests_for("/search")[-1].header("If-None-Match") is None


def test_a_member_not_seated_that_year_goes_to_review(
    server: LoopbackServer, ref: ReferenceData
) -> None:
    server.route(
        "/search",
        record_xml().replace(
            '<subfield code="c">SVN</subfield>', '<subfield code="c">DEU</subfield>'
        ),
    )
    result = make_source(server, ref).poll()
    assert result.reports == ()
    (rejection,) = result.rejections
    assert "not on the Council in 2024: DEU" in rejection.reason
    assert "seated members without a vote: SVN" in rejection.reason
    assert result.errors == ()  # a vote held for review is not a problem with the source


def test_oai_mode_follows_resumption_tokens(server: LoopbackServer, ref: ReferenceData) -> None:
    server.script(
        "/oai2d",
        Scripted(200, oai_page(record_xml(), "page-2").encode()),
        Scripted(200, oai_page(record_xml().replace("4033397", "4033398")).encode()),
    )
    result = make_source(server, ref, use_oai=True, oai_set="votes").poll()
    assert result.errors == ()
    assert [r.vote.sources[0].id for r in result.reports] == ["4033397", "4033398"]
    first, second = server.requests_for("/oai2d")
    assert parse_qs(first.query)["set"] == ["votes"]
    assert parse_qs(second.query) == {"verb": ["ListRecords"], "resumptionToken": ["page-2"]}


# -- what `actbot import undl|undl-csv` calls ------------------------------------------------------


def test_import_from_a_path_a_csv_a_url_and_a_record_number(
    server: LoopbackServer, ref: ReferenceData
) -> None:
    assert str(only_vote(import_undl(str(RECORD), ref.names)).tally) == "11-0-4"
    assert len(import_undl(str(CSV), ref.names)) == 3
    server.route("/record/4033397/export/xm", RECORD)
    fetcher = Fetcher("actbot-test/1.0 (+mailto:operator@example.org)", timeout=2)
    by_number = import_undl("4033397", ref.names, fetcher=fetcher, base_url=server.url)
    assert only_vote(by_number).sources[0].url == f"{server.url}/record/4033397"
    by_url = import_undl(server.url_for("/record/4033397/export/xm"), fetcher=fetcher)
    assert str(only_vote(by_url).resolution_symbol) == "S/RES/2722 (2024)"


def test_import_of_something_unreadable(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        import_undl(str(tmp_path / "missing.xml"))
    with pytest.raises(SourceError, match="needs the fetcher"):
        import_undl("4033397")
    (tmp_path / "page.xml").write_text("<html>", encoding="utf-8")
    with pytest.raises(SourceError, match="not well-formed"):
        import_undl(str(tmp_path / "page.xml"))
