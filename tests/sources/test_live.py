"""Live sources end to end: a served press release is stored and posted within one cycle, a
second source confirms it without a second post, a disagreement is held; `import` commands.

The UN pages are served by a real HTTP server on 127.0.0.1 (tests/http_server.py) from
tests/fixtures/ (real Library and Digital Library files; press pages built from real wordings).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from bot.app import App, build_app
from bot.config import load_settings
from tests.support.http_server import FIXTURES, LoopbackServer

Actbot = Callable[..., Result]
PRESS = FIXTURES / "press"
FEED = "/en/rss.xml"


@pytest.fixture
def un_site() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        feed = (PRESS / "rss.xml.template").read_text(encoding="utf-8")
        vetoed = (
            f"<item><title>Security Council Fails to Extend Authorization for Cross-Border Aid"
            f" Delivery into Syria</title><link>{server.url}/en/2020/sc14244.doc.htm</link></item>"
        )
        server.route(
            FEED, feed.replace("{base}", server.url).replace("<item>", vetoed + "<item>", 1)
        )
        server.route("/en/2024/sc15641.doc.htm", PRESS / "sc15641.htm")
        server.route("/en/2016/sc12545.doc.htm", PRESS / "sc12545.htm")
        server.route("/en/2020/sc14244.doc.htm", PRESS / "sc14244.htm")
        yield server


def live_app(
    tmp_path: Path,
    un_site: LoopbackServer,
    *,
    bundled: bool,
    data_dir: Path | None = None,
    extra: str = "",
) -> App:
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{tmp_path}/bot.sqlite3"
[publishing]
outbox = "{tmp_path}/outbox"
[sources.bundled]
enabled = {str(bundled).lower()}
{f'data_dir = "{data_dir}"' if data_dir else ""}
[sources.http]
user_agent = "actbot-test/0.1 (+mailto:operator@example.org)"
respect_robots = false
[sources.press]
enabled = true
feed_url = "{un_site.url_for(FEED)}"
{extra}
""",
        encoding="utf-8",
    )
    return build_app(load_settings(config))


def test_a_served_veto_is_posted_in_one_cycle_and_confirmed_without_a_second_post(
    tmp_path: Path, un_site: LoopbackServer
) -> None:
    first = live_app(tmp_path, un_site, bundled=False).pipeline().run_cycle()
    assert sorted(first.new) == ["S/2016/846", "S/2016/847", "S/2020/654", "S/RES/2728 (2024)"]
    # A veto goes out from a clean press release when the rules see an atrocity subject
    # (cross-border aid into Syria); the adopted resolution waits for a second source, and
    # the Aleppo drafts, whose headline says only "Syria", wait for a classification.
    assert {symbol for symbol, _, _ in first.posted} == {"S/2020/654"}
    app = live_app(tmp_path, un_site, bundled=False)
    aleppo = app.votes.get("S/2016/846")
    assert aleppo is not None and aleppo.vote.status.value == "provisional"
    assert aleppo.vote.sources[0].id == "SC/12545" and aleppo.vote.sources[0].retrieved_at

    second = live_app(tmp_path, un_site, bundled=True).pipeline().run_cycle()
    assert {"S/2016/846", "S/2020/654", "S/RES/2728 (2024)"} <= set(second.confirmed)
    posted = {symbol for symbol, _, _ in second.posted}
    assert "S/2020/654" not in posted  # confirmed, and already posted: never again
    assert {"S/2016/846", "S/RES/2728 (2024)"} <= posted  # confirmed and classified now
    folders = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert folders.count("S-2020-654") == 1 and "S-2020-654.1" not in folders


def test_two_sources_that_disagree_hold_the_vote(
    tmp_path: Path, un_site: LoopbackServer, data_copy: Path
) -> None:
    votes = data_copy / "votes" / "vetoed-2016.json"
    data = json.loads(votes.read_text(encoding="utf-8"))
    for record in data["votes"]:
        if record["draft_symbol"] == "S/2016/846":  # Angola made to vote yes: 12-2-1
            record["abstaining"].remove("AGO")
            record["in_favour"].append("AGO")
    votes.write_text(json.dumps(data), encoding="utf-8")

    report = live_app(tmp_path, un_site, bundled=True, data_dir=data_copy).pipeline().run_cycle()
    held = [line for line in report.held if line.startswith("S/2016/846")]
    assert held and "vote of AGO: stored Y, this source says A" in held[0]
    assert "S/2016/846" not in {symbol for symbol, _, _ in report.posted}
    app = live_app(tmp_path, un_site, bundled=True, data_dir=data_copy)
    [(stored, why)] = app.votes.held()
    assert str(stored.vote.symbol) == "S/2016/846" and why


def test_import_press_release_prints_the_export_shape(actbot: Actbot) -> None:
    result = actbot("import", "press-release", str(PRESS / "sc12545.htm"), "--dry-run")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    by_symbol = {row["symbol"]: row for row in found}
    assert set(by_symbol) == {"S/2016/846", "S/2016/847"}
    assert by_symbol["S/2016/846"]["vetoed_by"] == ["RUS"]
    assert by_symbol["S/2016/846"]["votes"]["AGO"] == "A"
    assert by_symbol["S/2016/847"]["vetoed_by"] == []
    assert json.loads(actbot("export").stdout) == []  # --dry-run stored nothing
    stored = actbot("import", "press-release", str(PRESS / "sc12545.htm"))
    assert stored.exit_code == 0 and "2 vote(s) stored" in stored.output
    assert len(json.loads(actbot("export").stdout)) == 2


def test_import_undl_reads_the_real_record_of_2722(actbot: Actbot) -> None:
    record = (
        FIXTURES / "undl" / "undl_vote_record_4033397_S_RES_2722_2024.RECONSTRUCTED.marcxml.xml"
    )
    result = actbot("import", "undl", str(record))
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["symbol"] == "S/RES/2722 (2024)" and row["draft_symbol"] == "S/2024/37"
    abstained = sorted(code for code, vote in row["votes"].items() if vote == "A")
    assert abstained == ["CHN", "DZA", "MOZ", "RUS"]
    assert row["status"] == "provisional"


def test_import_undl_csv_skips_unknown_years_and_broken_groups(actbot: Actbot) -> None:
    result = actbot(
        "import", "undl-csv", str(FIXTURES / "undl" / "dhl_2026_02_06_sc_voting.EXCERPT.csv")
    )
    assert result.exit_code == 1
    assert "skipped S/RES/511 (1982): no Council membership known for 1982" in result.output
    assert "0 vote(s) stored" in result.output


def test_import_of_an_unreadable_page_exits_non_zero_with_the_reason(
    actbot: Actbot, tmp_path: Path
) -> None:
    page = tmp_path / "sc99999.htm"
    page.write_text("<html><body><p>SC/99999</p><p>The Council met.</p></body></html>")
    result = actbot("import", "press-release", str(page))
    assert result.exit_code == 1 and "0 vote(s) stored" in result.output
    missing = actbot("import", "press-release", str(tmp_path / "nowhere.htm"))
    assert missing.exit_code == 1 and "cannot read" in missing.output
    assert "Traceback" not in missing.output


UNDL_2722 = FIXTURES / "undl" / "undl_vote_record_4033397_S_RES_2722_2024.RECONSTRUCTED.marcxml.xml"
EMPTY_SEARCH = '<collection xmlns="http://www.loc.gov/MARC21/slim"></collection>'


def record_of_2728(abstaining: str = "USA") -> bytes:
    """The Digital Library record of S/RES/2728 (2024) in the real record's shape.

    Built from the saved record of S/RES/2722 (same year, so the same 15 members): the
    identifiers, date, meeting, draft and tally of 2728 (14-0-1, UN press release SC/15641)
    replace those of 2722, and every member votes yes but `abstaining`.
    """
    ns = {"m": "http://www.loc.gov/MARC21/slim"}
    ET.register_namespace("", ns["m"])
    tree = ET.parse(UNDL_2722)  # noqa: S314 - our own saved copy of a UN record
    root = tree.getroot()

    def set_field(tag: str, code: str, value: str) -> None:
        field = root.find(f".//m:datafield[@tag='{tag}']", ns)
        assert field is not None
        subfield = field.find(f"m:subfield[@code='{code}']", ns)
        assert subfield is not None
        subfield.text = value

    control = root.find(".//m:controlfield[@tag='001']", ns)
    assert control is not None
    control.text = "4040486"
    set_field("245", "a", "Security Council resolution 2728 (2024) [on the Gaza Strip]")
    set_field("269", "a", "2024-03-25")
    set_field("791", "a", "S/RES/2728(2024)")
    set_field("952", "a", "S/PV.9586")
    set_field("993", "a", "S/2024/254")
    for code, value in zip("bcdef", ["014", "000", "001", "000", "015"], strict=True):
        set_field("996", code, value)
    for member in root.iterfind(".//m:datafield[@tag='967']", ns):
        iso3 = member.find("m:subfield[@code='c']", ns)
        vote = member.find("m:subfield[@code='d']", ns)
        assert iso3 is not None and vote is not None
        vote.text = "A" if iso3.text == abstaining else "Y"
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def test_the_digital_library_confirms_a_posted_vote_without_a_second_post(
    tmp_path: Path, un_site: LoopbackServer
) -> None:
    un_site.route("/search", EMPTY_SEARCH)
    undl = f"""
[sources.undl]
enabled = true
base_url = "{un_site.url}"
[posting]
provisional = "all"
"""
    first = live_app(tmp_path, un_site, bundled=False, extra=undl).pipeline().run_cycle()
    assert "S/RES/2728 (2024)" in {symbol for symbol, _, _ in first.posted}

    un_site.route("/search", record_of_2728())
    second = live_app(tmp_path, un_site, bundled=False, extra=undl).pipeline().run_cycle()
    assert second.confirmed == ["S/RES/2728 (2024)"]
    assert second.posted == []
    app = live_app(tmp_path, un_site, bundled=False, extra=undl)
    stored = app.votes.get("2728")
    assert stored is not None and stored.vote.status.value == "confirmed"
    assert {source.id for source in stored.vote.sources} >= {"SC/15641", "4040486"}

    un_site.route("/search", record_of_2728(abstaining="CHN"))  # a later, different record
    third = live_app(tmp_path, un_site, bundled=False, extra=undl).pipeline().run_cycle()
    [held] = third.held
    assert "S/RES/2728 (2024)" in held and "vote of CHN: stored Y, this source says A" in held
    assert third.posted == []


# -- a vote not yet stored, looked up by symbol ------------------------------------------------


def test_render_finds_a_failed_draft_through_the_library_table_and_its_press_release(
    tmp_path: Path, un_site: LoopbackServer
) -> None:
    """With no bundled record, S/2016/846 is found in the Library's 2016 table, which names
    its release (SC/12545); the release is read and the vote stored with both sources."""
    from click.testing import CliRunner

    from bot.cli import cli

    un_site.route("/dhl/scact2016_table_en.htm", FIXTURES / "dhl" / "dhl_scact2016_table_en.html")
    app = live_app(
        tmp_path,
        un_site,
        bundled=False,
        extra=(
            f'[sources.dhl]\nenabled = true\nveto_list = false\nbase_url = "{un_site.url}/dhl/"\n'
        ),
    )
    assert app.votes.get("S/2016/846") is None
    config = tmp_path / "config.toml"
    out = tmp_path / "card.png"
    result = CliRunner().invoke(
        cli, ["--config", str(config), "render", "--resolution", "S/2016/846", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000
    stored = live_app(tmp_path, un_site, bundled=False).votes.get("S/2016/846")
    assert stored is not None and stored.vote.vetoed_by == ("RUS",)
    assert [s.id for s in stored.vote.sources if s.id] == ["SC/12545"]
    assert any("Library" in s.publisher for s in stored.vote.sources)
    assert un_site.requests_for("/en/2016/sc12545.doc.htm")
    assert not un_site.requests_for(FEED)  # a lookup, not a poll


def test_post_finds_an_adopted_resolution_in_the_digital_library(
    tmp_path: Path, un_site: LoopbackServer
) -> None:
    from click.testing import CliRunner

    from bot.cli import cli

    un_site.route("/undl/search", UNDL_2722)
    live_app(
        tmp_path,
        un_site,
        bundled=False,
        extra=f'[sources.undl]\nenabled = true\nbase_url = "{un_site.url}/undl"\n',
    )
    result = CliRunner().invoke(
        cli,
        [
            "--config",
            str(tmp_path / "config.toml"),
            "post",
            "--resolution",
            "S/RES/2722 (2024)",
            "--dry-run",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "outbox" / "S-RES-2722-2024" / "card.png").exists()
    (search,) = un_site.requests_for("/undl/search")
    assert "S%2FRES%2F2722%282024%29" in search.query


def test_an_unknown_symbol_is_looked_up_then_reported(
    tmp_path: Path, un_site: LoopbackServer
) -> None:
    from click.testing import CliRunner

    from bot.cli import cli

    live_app(tmp_path, un_site, bundled=True)
    result = CliRunner().invoke(
        cli,
        ["--config", str(tmp_path / "config.toml"), "post", "--resolution", "S/2016/9999"],
    )
    assert result.exit_code == 1
    assert "no vote 'S/2016/9999' in the database, the bundled record" in result.output


def test_a_restarted_bot_asks_changed_since_and_stores_nothing_again(
    tmp_path: Path, un_site: LoopbackServer
) -> None:
    """The validators (ETag, Last-Modified) live in the database: the first cycle after a
    restart sends conditional requests, gets 304 for every page, and writes nothing."""
    first = live_app(tmp_path, un_site, bundled=False).pipeline([]).run_cycle()
    assert first.new
    un_site.reset_log()
    again = live_app(tmp_path, un_site, bundled=False).pipeline([]).run_cycle()
    assert (again.new, again.changed, again.source_errors) == ([], [], [])
    feed = un_site.requests_for(FEED)
    assert feed and feed[0].header("If-None-Match")
    assert all(request.header("If-None-Match") for request in un_site.requests)


def test_validators_are_kept_only_once_the_pages_votes_are_stored(
    tmp_path: Path, un_site: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cycle that dies while storing leaves no validators behind: after the restart the
    pages are downloaded again (not answered 304) and their votes stored."""
    app = live_app(tmp_path, un_site, bundled=False)

    def disk_full(*args: object, **kwargs: object) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(app.votes, "record_many", disk_full)
    with pytest.raises(OSError):
        app.pipeline([]).run_cycle()
    un_site.reset_log()
    report = live_app(tmp_path, un_site, bundled=False).pipeline([]).run_cycle()
    assert "S/2020/654" in report.new
    assert not un_site.requests_for(FEED)[0].header("If-None-Match")
