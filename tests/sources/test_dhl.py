"""The Library's yearly meetings tables and veto list (real saved pages), and how their tally
reports are compared with a stored vote (bot/domain/reconcile.py)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.domain.model import Outcome, Vote
from bot.domain.reconcile import TallyFacts, tally_differences
from bot.reference import ReferenceData, load_reference
from bot.sources.base import SourceError, TallyReport, unmatched
from bot.sources.dhl import DhlTableSource, parse_veto_list, parse_year_table
from bot.sources.http import Fetcher
from bot.sources.press import parse_press_release
from tests.support.http_server import (
    FakeTime,
    LoopbackServer,
    Scripted,
    no_network,  # noqa: F401 - a fixture, used by name below
)

pytestmark = pytest.mark.usefixtures("no_network")

REPO = Path(__file__).resolve().parents[2]
DHL = Path(__file__).resolve().parents[1] / "fixtures" / "dhl"
PRESS = Path(__file__).resolve().parents[1] / "fixtures" / "press"
WHEN = datetime(2026, 1, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return load_reference(REPO / "data")


def table(year: int | str) -> str:
    return (DHL / f"dhl_scact{year}_table_en.html").read_text(encoding="utf-8")


def veto_page() -> str:
    return (DHL / "dhl_scact_veto_table_en_2022-07.html").read_text(encoding="utf-8")


def by_symbol(reports: list[TallyReport]) -> dict[str, TallyReport]:
    return {str(report.symbol): report for report in reports}


def test_the_2016_table(ref: ReferenceData) -> None:
    reports, problems = parse_year_table(table(2016), ref.names)
    assert problems == []
    found = by_symbol(reports)
    assert len(found) == 81  # resolutions 2260-2336 and four failed drafts
    aleppo = found["S/2016/846"]
    assert (aleppo.date, aleppo.meeting, aleppo.press_release) == (
        date(2016, 10, 8), "S/PV.7785", "SC/12545",
    )  # fmt: skip
    assert aleppo.outcome is Outcome.FAILED and aleppo.tally == (11, 2, 2)
    assert aleppo.vetoed_by == ("RUS",)
    assert found["S/2016/847"].tally == (4, 9, 2) and found["S/2016/847"].vetoed_by == ()
    assert found["S/2016/1026"].vetoed_by == ("CHN", "RUS")
    assert found["S/RES/2304 (2016)"].tally == (11, 0, 4)  # a row whose </tr> is missing
    assert found["S/RES/2311 (2016)"].tally is None  # "Communiqué & S/RES/2311 (2016)"


def test_the_2022_table(ref: ReferenceData) -> None:
    reports, problems = parse_year_table(table(2022), ref.names)
    assert problems == [] and len(reports) == 26
    found = by_symbol(reports)
    assert found["S/2022/155"].vetoed_by == ("RUS",) and found["S/2022/155"].tally == (11, 1, 3)
    assert found["S/2022/431"].vetoed_by == ("CHN", "RUS")
    assert found["S/2022/231"].tally == (2, 0, 13) and found["S/2022/231"].vetoed_by == ()
    assert found["S/RES/2638 (2022)"].note == "adopted without a vote"
    assert found["S/RES/2640 (2022)"].date == date(2022, 6, 29)


def test_the_veto_list_agrees_with_the_bundled_vetoes(ref: ReferenceData) -> None:
    reports, problems = parse_veto_list(veto_page(), ref.names, since=date(2016, 1, 1))
    assert problems == []
    listed = {str(r.draft_symbol): tuple(sorted(r.vetoed_by)) for r in reports}
    bundled = {}
    for year in range(2016, 2023):
        for record in json.loads((REPO / f"data/votes/vetoed-{year}.json").read_text())["votes"]:
            if record["date"] <= "2022-05-26":
                bundled[record["draft_symbol"]] = tuple(sorted(record["vetoed_by"]))
    assert listed == bundled


def test_the_veto_list_reads_old_names_and_skips_old_symbols(ref: ReferenceData) -> None:
    reports, problems = parse_veto_list(veto_page(), ref.names)
    assert problems == []
    assert reports[0].draft_symbol is not None and str(reports[0].draft_symbol) == "S/2022/431"
    assert reports[0].meeting == "S/PV.9048"
    written = by_symbol(reports)["S/2020/852"]
    assert written.meeting is None and written.vetoed_by == ("USA",)  # a vote held in writing
    assert min(r.date for r in reports).year == 1994


def test_the_seven_column_tables_of_votes_by_letter(ref: ReferenceData) -> None:
    """2020-2021: "Recording" where the press release was, and two letter columns before the
    outcome (one of them titled "Letter with Vote Outcome", which is not the outcome)."""
    reports, problems = parse_year_table(table(2021), ref.names)
    found = by_symbol(reports)
    by_letter = found["S/RES/2577 (2021)"]
    assert (by_letter.date, by_letter.meeting, by_letter.tally) == (
        date(2021, 5, 28), None, (13, 0, 2),
    )  # fmt: skip
    assert found["S/RES/2616 (2021)"].meeting == "S/PV.8942"
    assert found["S/RES/2616 (2021)"].press_release is None  # "Webcast" is no press release
    assert found["S/2021/990"].vetoed_by == ("RUS",) and found["S/2021/990"].tally == (12, 2, 1)
    assert all(r.date.year == 2021 for r in reports)
    assert len([r for r in reports if r.resolution_symbol]) == 57
    assert problems == []  # drafts named only in the letter columns are not outcomes
    covid, _ = parse_year_table(table("2020_covid"), ref.names, year=2020)  # titled "in 2021"
    assert by_symbol(covid)["S/RES/2533 (2020)"].date == date(2020, 7, 11)
    assert by_symbol(covid)["S/RES/2533 (2020)"].tally == (12, 0, 3)


def test_a_wide_table_without_its_header_is_not_guessed(ref: ReferenceData) -> None:
    row = "".join(
        f"<td>{cell}</td>"
        for cell in (
            "S/PV.8942",
            "22 December",
            "--",
            "Topic",
            "S/2021/1",
            "--",
            "S/RES/2616 (2021)",
        )
    )
    with pytest.raises(SourceError, match="without a header row"):
        parse_year_table(f"<table><tr>{row}</tr></table>", ref.names, year=2021)


@pytest.mark.parametrize("cut", [3000, 20000])
def test_a_truncated_table_gives_what_it_has(ref: ReferenceData, cut: int) -> None:
    reports, problems = parse_year_table(table(2022)[:cut], ref.names, year=2022)
    assert problems == []
    assert all(r.date.year == 2022 for r in reports)


@pytest.mark.parametrize("page", ["Service Unavailable", "<html><body><p>Moved</p></body></html>"])
def test_a_page_that_is_not_the_table(ref: ReferenceData, page: str) -> None:
    with pytest.raises(SourceError):
        parse_year_table(page, ref.names, year=2022)


def test_an_unreadable_veto_name_is_a_problem(ref: ReferenceData) -> None:
    page = table(2022).replace("vetoed by Russian Federation", "vetoed by Ruritania")
    reports, problems = parse_year_table(page, ref.names)
    assert "S/2022/155" not in by_symbol(reports)
    assert any("Ruritania" in problem for problem in problems)


# -- compared with a stored vote ---------------------------------------------------------------


def press_votes(ref: ReferenceData, page: str) -> dict[str, Vote]:
    results = parse_press_release(
        (PRESS / page).read_text(encoding="utf-8"), ref.membership, ref.names
    )
    return {str(r.symbol): r for r in results if isinstance(r, Vote)}


def test_the_table_confirms_the_press_release(ref: ReferenceData) -> None:
    votes = press_votes(ref, "sc12545.htm")
    found = by_symbol(parse_year_table(table(2016), ref.names)[0])
    assert tally_differences(votes["S/2016/846"], found["S/2016/846"].facts()) == []
    assert tally_differences(votes["S/2016/847"], found["S/2016/847"].facts()) == []


def test_two_sources_that_disagree(ref: ReferenceData) -> None:
    text = (
        "SC/14953\n29 June 2022\n9082nd Meeting (AM)\n\nThe Council adopted resolution 2640 "
        "(2022) by 14 votes in favour to none against, with 1 abstention (China)."
    )
    (vote,) = parse_press_release(text, ref.membership, ref.names)
    assert isinstance(vote, Vote)
    found = by_symbol(parse_year_table(table(2022), ref.names)[0])
    (difference,) = tally_differences(vote, found["S/RES/2640 (2022)"].facts())
    assert (difference.fact, difference.other) == ("tally", "13-0-2")


def test_every_contradicted_fact_is_named(ref: ReferenceData) -> None:
    vote = press_votes(ref, "sc12545.htm")["S/2016/846"]
    wrong = TallyReport(
        draft_symbol=vote.draft_symbol,
        resolution_symbol=None,
        date=date(2016, 10, 9),
        outcome=Outcome.FAILED,
        tally=(11, 2, 2),
        vetoed_by=("CHN", "RUS"),
        meeting="S/PV.7786",
    )
    found = [difference.fact for difference in tally_differences(vote, wrong.facts())]
    assert found == ["date", "vetoed by"]


def test_unmatched_finds_the_votes_a_source_missed(ref: ReferenceData) -> None:
    reports = parse_year_table(table(2016), ref.names)[0]
    known = list(press_votes(ref, "sc12545.htm").values())
    missed = {str(r.symbol) for r in unmatched(reports, known)}
    assert "S/2016/846" not in missed and "S/2016/1026" in missed
    assert "S/RES/2311 (2016)" not in missed  # no tally: nothing to confirm
    assert len(missed) == 81 - 2 - 1


# -- the source ----------------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        running.route("/dhl/scact2016_table_en.htm", DHL / "dhl_scact2016_table_en.html")
        running.route("/dhl/scact_veto_table_en.htm", DHL / "dhl_scact_veto_table_en_2022-07.html")
        yield running


def make_source(server: LoopbackServer, ref: ReferenceData, today: date) -> DhlTableSource:
    fake = FakeTime()
    fetcher = Fetcher(
        "actbot-test/1.0 (+mailto:operator@example.org)",
        clock=fake.clock,
        sleep=fake.sleep,
        rng=random.Random(1),
    )
    return DhlTableSource(
        fetcher,
        ref.names,
        base_url=server.url_for("/dhl/"),
        today=lambda: today,
        clock=lambda: WHEN,
    )


def test_a_poll_gives_tallies_then_costs_two_304s(
    server: LoopbackServer, ref: ReferenceData
) -> None:
    source = make_source(server, ref, date(2016, 11, 1))
    first = source.poll()
    assert first.errors == () and first.reports == ()
    symbols = {str(t.symbol) for t in first.tallies}
    assert {"S/2016/846", "S/RES/2336 (2016)"} <= symbols
    vetoes = [t for t in first.tallies if t.publisher.endswith("veto list")]
    assert {t.date.year for t in vetoes} == {2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022}
    aleppo = next(t for t in first.tallies if str(t.symbol) == "S/2016/846")
    assert aleppo.facts() == TallyFacts(date(2016, 10, 8), Outcome.FAILED, (11, 2, 2), ("RUS",))
    ref_ = aleppo.source_ref()
    assert ref_.url == server.url_for("/dhl/scact2016_table_en.htm")
    assert ref_.supports == ("outcome", "date", "tally", "vetoes", "meeting")
    assert ref_.retrieved_at == WHEN
    server.reset_log()
    second = source.poll()
    assert second.tallies == () and second.errors == ()
    assert len(server.requests) == 2 and server.bytes_sent == 0


def test_a_missing_year_and_a_broken_server_are_errors(
    server: LoopbackServer, ref: ReferenceData
) -> None:
    server.script("/dhl/scact_veto_table_en.htm", *[Scripted(500)] * 4)
    result = make_source(server, ref, date(2017, 1, 10)).poll()  # January: 2016 and 2017
    assert {str(t.symbol) for t in result.tallies} >= {"S/2016/846"}
    assert len(result.errors) == 2
    assert "scact2017_table_en.htm" in result.errors[0] and "HTTP 404" in result.errors[0]
    assert "HTTP 500" in result.errors[1]
