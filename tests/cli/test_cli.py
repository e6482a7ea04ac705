"""The CLI through its real entry point: happy paths, and every user error as a clear exit."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import REPO

Actbot = Callable[..., Result]


def test_run_once_export_and_status(actbot: Actbot, workdir: Path) -> None:
    result = actbot("run", "--once")
    assert result.exit_code == 0, result.output
    assert "new vote(s): " in result.output and "post(s) made" in result.output
    assert (workdir / "var" / "actbot.sqlite3").exists()
    assert (workdir / "var" / "outbox" / "S-2016-846" / "card.png").exists()

    exported = json.loads(actbot("export", "--format", "json").output)
    by_symbol = {row["symbol"]: row for row in exported}
    aleppo = by_symbol["S/2016/846"]
    assert aleppo["draft_symbol"] == "S/2016/846" and aleppo["resolution_symbol"] is None
    assert (aleppo["date"], aleppo["outcome"], aleppo["vetoed_by"]) == (
        "2016-10-08",
        "failed",
        ["RUS"],
    )
    assert aleppo["atrocity_related"] is True
    assert len(aleppo["votes"]) == 15
    assert aleppo["votes"]["RUS"] == "N" and aleppo["votes"]["AGO"] == "A"
    # The 2017 list has no Senegal, Angola or Egypt; it has these 2016 members:
    assert set(aleppo["signatories"]) == {"ESP", "FRA", "GBR", "JPN", "NZL", "UKR", "URY"}
    # Malaysia is on the list of 15 May 2017, but no source dates its joining before it
    assert aleppo["signatory_status"]["MYS"]["status"] == "not known"
    assert aleppo["signatory_status"]["SEN"] == {
        "status": "not signatory",
        "source": aleppo["signatory_status"]["SEN"]["source"],
    }
    assert "15 May 2017" in aleppo["signatory_status"]["SEN"]["source"]
    assert aleppo["sources"] and all("publisher" in s for s in aleppo["sources"])
    srebrenica = by_symbol["S/2015/508"]
    assert srebrenica["signatories"] == [] and srebrenica["vetoed_by"] == ["RUS"]
    ceasefire = by_symbol["S/RES/2728 (2024)"]
    assert ceasefire["resolution_symbol"] == "S/RES/2728 (2024)"
    assert ceasefire["outcome"] == "adopted" and ceasefire["vetoed_by"] == []

    one = json.loads(actbot("export", "--symbol", "2728").output)
    assert [row["symbol"] for row in one] == ["S/RES/2728 (2024)"]
    rows = list(csv.DictReader(io.StringIO(actbot("export", "--format", "csv").output)))
    assert len(rows) == len(exported) and rows[0]["symbol"]
    assert {row["signatories_as_of"] for row in rows} == {"2017-05-15"}
    # every exported vote names the data licence (data/LICENSE.md), in JSON and in CSV
    licence = (REPO / "data" / "LICENSE.md").read_text(encoding="utf-8")
    assert {row["licence"] for row in exported} == {row["licence"] for row in rows}
    [named] = {row["licence"] for row in rows}
    assert named.startswith("CC BY 4.0") and "Creative Commons Attribution 4.0" in licence
    assert by_symbol["S/RES/2623 (2022)"]["procedural"] is True
    procedural = {row["symbol"] for row in rows if row["procedural"] == "true"}
    assert procedural == {"S/RES/2623 (2022)"}
    assert {row["procedural"] for row in rows} == {"true", "false"}
    aleppo_row = next(row for row in rows if row["symbol"] == "S/2016/846")
    assert (aleppo_row["yes"], aleppo_row["no"], aleppo_row["abstain"]) == ("11", "2", "2")
    assert aleppo_row["atrocity_related"] == "true" and "tally" not in aleppo_row

    status = actbot("status", "--limit", "1000").output
    assert "S/2016/846" in status and "dry-run: posted" in status


def test_post_by_hand_respects_already_posted_and_force(actbot: Actbot, workdir: Path) -> None:
    actbot("run", "--once")
    undecided = "S/2022/155"  # Ukraine: left for the operator, so not posted automatically
    assert not (workdir / "var" / "outbox" / "S-2022-155").exists()
    first = actbot("post", "--resolution", undecided, "--network", "x", "--dry-run")
    assert first.exit_code == 0, first.output
    folder = workdir / "var" / "outbox" / "S-2022-155"
    assert (folder / "x.txt").exists() and not (folder / "bluesky.txt").exists()
    again = actbot("post", "--resolution", "s/2022/155")
    assert again.exit_code == 0 and "already posted" in again.output
    forced = actbot("post", "--resolution", undecided, "--force")
    assert forced.exit_code == 0 and "S-2022-155.1" in forced.output
    assert (workdir / "var" / "outbox" / "S-2022-155.1" / "bluesky.txt").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["post", "--resolution", "S/2099/1"], 1, "no vote 'S/2099/1' in the database"),
        (["post", "--resolution", "banana"], 1, "'banana' is not a Security Council symbol"),
        (["post"], 2, "give exactly one of --resolution, --period"),
        (["post", "--resolution", "2728", "--period", "2024"], 2, "give exactly one of"),
        (["post", "--period", "1990"], 1, ""),
        (["post", "--from", "2024-05-01"], 2, "--from and --to go together"),
        (["post", "--resolution", "2728", "--network", "myspace"], 2, "Invalid value"),
        (["export", "--format", "xml"], 2, "Invalid value"),
        (["export", "--symbol", "S/RES/1 (1946)"], 1, "no stored vote"),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_user_errors_exit_non_zero_with_a_clear_message(
    actbot: Actbot, args: list[str], code: int, message: str
) -> None:
    result = actbot(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_post_a_period_scorecard_once(actbot: Actbot, workdir: Path) -> None:
    actbot("run", "--once")
    first = actbot("post", "--period", "2024", "--dry-run")
    assert first.exit_code == 0, first.output
    folder = workdir / "var" / "outbox" / "period-2024"
    manifest = json.loads((folder / "post.json").read_text())
    assert manifest["symbol"] == "2024" and manifest["image"]["width"] == 1200
    assert (folder / "x.txt").read_text().rstrip().endswith("#ACTcodeofconduct")
    assert "already posted" in actbot("post", "--period", "2024", "--dry-run").output
    status = actbot("post", "--from", "2024-01-01", "--to", "2024-06-30", "--network", "x")
    assert status.exit_code == 0, status.output
    assert (workdir / "var" / "outbox" / "period-2024-01-01_2024-06-30" / "x.txt").exists()
    empty = actbot("post", "--period", "1990")
    assert empty.exit_code == 1 and "Error:" in empty.output


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[database]\nurl = 5\n", "database.url: Input should be a valid string"),
        ("[scheduler]\npoll_interval_minutes = -1\n", "scheduler.poll_interval_minutes"),
        (
            "[publishing]\nnetworks = ['myspace']\n",
            "publishing.networks: unknown network 'myspace'",
        ),
        ("[posting]\nauto_post = 'sometimes'\n", "posting.auto_post"),
        ("[databse]\nurl = 'sqlite://'\n", "databse: is not a known key"),
        ("[database\n", "is not valid TOML"),
        ("[publishing]\ndry_run = false\n", "publishing.networks: live posting (dry_run = false)"),
        (
            "[publishing]\ndry_run = false\nnetworks = ['x']\n",
            "posting.not_before: live posting needs the day from which votes are posted",
        ),
        (
            "[sources.press]\nenabled = true\n",
            "sources.http.user_agent: the live sources need a User-Agent with a contact",
        ),
    ],
)
def test_a_broken_config_names_the_key(
    actbot: Actbot, workdir: Path, config: str, message: str
) -> None:
    (workdir / "config.toml").write_text(config, encoding="utf-8")
    result = actbot("run", "--once")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_config_file_is_a_clear_error(actbot: Actbot) -> None:
    result = actbot("--config", "nowhere.toml", "status")
    assert result.exit_code == 1 and "config file nowhere.toml does not exist" in result.output


def test_an_unreadable_data_folder_is_a_clear_error(
    actbot: Actbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ACTBOT_DATA_DIR", str(tmp_path / "missing"))
    result = actbot("run", "--once")
    assert result.exit_code == 1
    assert "signatories.json: file not found" in result.output


def test_environment_overrides_database_and_outbox(
    actbot: Actbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ACTBOT_DATABASE_URL", f"sqlite:///{tmp_path}/elsewhere.db")
    monkeypatch.setenv("ACTBOT_OUTBOX", str(tmp_path / "out"))
    assert actbot("run", "--once").exit_code == 0
    assert (tmp_path / "elsewhere.db").exists()
    assert (tmp_path / "out" / "S-2016-846" / "post.json").exists()


def test_check_data_passes_on_the_shipped_record(actbot: Actbot) -> None:
    result = actbot("check-data")
    assert result.exit_code == 0 and "vote file(s) OK" in result.output


def every_command() -> list[str]:
    """Every command and subcommand of the CLI, found by walking its groups ("" is the top)."""
    import click

    from bot.cli import cli

    found: list[str] = []

    def walk(command: click.Command, path: str) -> None:
        found.append(path)
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}".strip())

    walk(cli, "")
    return found


def test_the_walk_finds_every_command_and_each_says_what_it_does() -> None:
    from click.testing import CliRunner

    from bot.cli import cli

    commands = every_command()
    assert {"run", "post", "import undl-csv", "signatories", "check-data"} <= set(commands)
    for command in commands[1:]:
        result = CliRunner().invoke(cli, [*command.split(), "--help"])
        assert result.exit_code == 0, (command, result.output)
        usage, _, described = result.output.partition("\n\n")
        assert usage.startswith("Usage:") and described.strip(), command


@pytest.mark.parametrize("entry", [["run_bot.py"], ["-m", "bot.cli"]])
def test_every_command_has_help_through_the_real_entry_points(
    entry: list[str], tmp_path: Path
) -> None:
    for command in every_command():
        args = [sys.executable, *[str(REPO / e) if e.endswith(".py") else e for e in entry]]
        result = subprocess.run(
            [*args, *command.split(), "--help"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
            timeout=60,
            env={"PATH": "", "PYTHONPATH": str(REPO)},
        )
        assert result.returncode == 0, result.stderr
        assert "Usage:" in result.stdout


def test_review_lists_held_votes_and_the_operator_settles_them(
    actbot: Actbot, workdir: Path
) -> None:
    from dataclasses import replace

    from bot.app import build_app
    from bot.config import load_settings
    from bot.domain.model import Ballot, Choice

    assert actbot("run", "--once").exit_code == 0
    assert "nothing held for review" in actbot("review").output
    app = build_app(load_settings(None))
    stored = app.votes.get("S/2016/846")
    assert stored is not None
    wrong = tuple(
        Ballot(b.iso3, b.name, Choice.YES) if b.iso3 == "AGO" else b for b in stored.vote.ballots
    )
    app.votes.record("undl", replace(stored.vote, ballots=wrong))

    listed = actbot("review")
    assert "S/2016/846 (2016-10-08)" in listed.output
    assert "differs: undl: vote of AGO: stored A, this source says Y" in listed.output
    accepted = actbot("review", "accept", "S/2016/846")
    assert accepted.exit_code == 0 and "11-2-2, now confirmed" in accepted.output
    rejected = actbot("review", "reject", "s/2016/846")
    assert rejected.exit_code == 0 and "will not be posted" in rejected.output
    missing = actbot("review", "accept", "S/2016/846", "--source", "press-release")
    assert missing.exit_code == 1 and "no per-member report from 'press-release'" in missing.output


def test_classify_records_the_operator_judgement(actbot: Actbot) -> None:
    actbot("run", "--once")
    result = actbot("classify", "S/2022/155", "--atrocity", "yes", "--note", "invasion")
    assert result.exit_code == 0
    [row] = json.loads(actbot("export", "--symbol", "S/2022/155").output)
    assert row["atrocity_related"] is True
    assert row["classification"] == {
        "atrocity": "yes",
        "decided_by": "operator",
        "reason": "invasion",
    }
    assert actbot("run", "--once").exit_code == 0  # the bundled data does not overwrite it
    [row] = json.loads(actbot("export", "--symbol", "S/2022/155").output)
    assert row["classification"]["decided_by"] == "operator"
    assert (Path("var") / "outbox" / "S-2022-155").exists()  # now due, so posted
    assert actbot("classify", "S/2099/1", "--atrocity", "no").exit_code == 1
    assert actbot("classify", "S/2022/155", "--atrocity", "maybe").exit_code == 2


def test_more_bad_input_ends_in_one_clear_line(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACTBOT_DATABASE_URL", "postgresql//actbot:s3cret@db/actbot")
    typo = actbot("status")
    assert typo.exit_code == 1 and "database.url is not a SQLAlchemy URL" in typo.output
    assert "s3cret" not in typo.output
    monkeypatch.setenv("ACTBOT_DATABASE_URL", "postgresql+nosuchdriver://actbot:s3cret@db/x")
    driver = actbot("status")
    assert driver.exit_code == 1 and "cannot use the database" in driver.output
    assert "s3cret" not in driver.output
    monkeypatch.delenv("ACTBOT_DATABASE_URL")

    (workdir / "latin1.toml").write_bytes("[card]\noperator = 'Gen\xe8ve'\n".encode("latin-1"))
    config = actbot("--config", "latin1.toml", "status")
    assert config.exit_code == 1 and "is not UTF-8 text" in config.output
    (workdir / "bad.csv").write_bytes(b"\xff\xfe\x00")
    csv_file = actbot("import", "undl-csv", "bad.csv")
    assert csv_file.exit_code == 1 and "is not UTF-8 text" in csv_file.output
    no_contact = actbot("import", "undl", "4033397")
    assert no_contact.exit_code == 1 and "User-Agent with your contact" in no_contact.output
    monkeypatch.setenv("ACTBOT_USER_AGENT", "test (+mailto:ops@example.org)")
    bad_url = actbot("import", "undl", "http://[::1")
    assert bad_url.exit_code == 1 and "not a valid URL" in bad_url.output
    for result in (typo, driver, config, csv_file, no_contact, bad_url):
        assert "Traceback" not in result.output


def test_an_unwritable_outbox_pauses_posting_and_loses_nothing(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "not-a-folder").write_text("x")
    monkeypatch.setenv("ACTBOT_OUTBOX", str(workdir / "not-a-folder"))
    stuck = actbot("run", "--once")
    assert stuck.exit_code == 1  # nothing was posted: the command did not do its job
    assert "NOT POSTED" in stuck.output and "(will retry)" in stuck.output
    assert "dry-run paused for this cycle" in stuck.output
    monkeypatch.setenv("ACTBOT_OUTBOX", str(workdir / "outbox"))
    import sqlite3

    with sqlite3.connect("var/actbot.sqlite3") as db:
        assert db.execute("SELECT DISTINCT state FROM posts").fetchall() == [("pending",)]
        db.execute("UPDATE posts SET not_before = NULL")
    fixed = actbot("run", "--once")
    assert fixed.exit_code == 0, fixed.output
    assert (workdir / "outbox" / "S-2016-846" / "card.png").exists()


def test_force_gets_past_a_post_stuck_in_posting(actbot: Actbot, workdir: Path) -> None:
    import sqlite3

    actbot("run", "--once")
    with sqlite3.connect("var/actbot.sqlite3") as db:
        db.execute(
            "UPDATE posts SET state = 'posting', claimed_by = 'elsewhere:1:x' WHERE subject ="
            " (SELECT 'vote:' || id FROM votes WHERE symbol = 'S/2016/846')"
        )
    waiting = actbot("post", "--resolution", "S/2016/846")
    assert waiting.exit_code == 0 and "or interrupted" in waiting.output
    forced = actbot("post", "--resolution", "S/2016/846", "--force")
    assert forced.exit_code == 0 and "S-2016-846.1" in forced.output
