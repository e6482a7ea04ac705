"""Signatory status says only what the sources say, and an operator brings a newer list in
with `actbot signatories add` / `as-of`, each change stored with its source."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

Actbot = Callable[..., Result]


def export(actbot: Actbot, symbol: str, env: dict[str, str]) -> dict[str, Any]:
    result = actbot("export", "--symbol", symbol, env=env)
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    return row


def test_export_gives_each_members_status_on_the_day_with_its_source(actbot: Actbot) -> None:
    assert actbot("run", "--once").exit_code == 0
    vote = export(actbot, "S/RES/2722 (2024)", {})
    status = vote["signatory_status"]
    assert status["MOZ"]["status"] == "not known"
    assert status["SLE"]["status"] == "not known"
    assert (
        status["JPN"]["status"] == "signatory" and "Agence France-Presse" in status["JPN"]["source"]
    )
    # every member of every vote has a status and a source
    rows = json.loads(actbot("export").stdout)
    assert len(rows) >= 180
    for row in rows:
        assert set(row["signatory_status"]) == set(row["votes"])
        assert all(fact["source"] for fact in row["signatory_status"].values())
    gaza = export(actbot, "S/2023/792", {})
    assert gaza["signatory_status"]["ARE"]["status"] == "signatory"
    assert gaza["votes"]["ARE"] == "N"
    # Russia and China were named non-signatories up to 11 May 2023, not after
    earlier = export(actbot, "S/2022/155", {})
    assert earlier["signatory_status"]["RUS"]["status"] == "not signatory"
    assert (
        "Swiss Federal Department of Foreign Affairs"
        in earlier["signatory_status"]["RUS"]["source"]
    )


def test_a_later_joiner_added_with_its_source_shows_on_every_later_card(
    actbot: Actbot, data_copy: Path
) -> None:
    env = {"ACTBOT_DATA_DIR": str(data_copy)}
    added = actbot(
        "signatories", "add", "moz", "--since", "2023-06-01",
        "--source", "https://example.org/mozambique-letter", env=env,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    stored = json.loads((data_copy / "signatories.json").read_text(encoding="utf-8"))
    (row,) = [s for s in stored["signatories"] if s["iso3"] == "MOZ"]
    assert row["since"] == "2023-06-01"
    assert stored["sources"][row["source"]]["url_or_ref"] == "https://example.org/mozambique-letter"
    assert actbot("check-data", env=env).exit_code == 0

    assert actbot("run", "--once", env=env).exit_code == 0
    later = export(actbot, "S/RES/2722 (2024)", env)
    assert later["signatory_status"]["MOZ"]["status"] == "signatory"
    assert "MOZ" in later["signatories"]
    before = export(actbot, "S/2023/792", env)  # 25 Oct 2023, after it joined
    assert before["signatory_status"]["MOZ"]["status"] == "signatory"

    listed = actbot("signatories", "list", "--on", "2024-03-01", env=env)
    assert "MOZ" in listed.output and "113 signatories on 2024-03-01" in listed.output


def test_a_whole_list_checked_on_a_day_makes_absent_states_non_signatories(
    actbot: Actbot, data_copy: Path
) -> None:
    env = {"ACTBOT_DATA_DIR": str(data_copy)}
    recorded = actbot(
        "signatories", "as-of", "2024-12-31", "--source", "Liechtenstein mission list", env=env
    )
    assert recorded.exit_code == 0, recorded.output
    assert actbot("run", "--once", env=env).exit_code == 0
    vote = export(actbot, "S/RES/2722 (2024)", env)
    assert vote["signatory_status"]["MOZ"]["status"] == "not signatory"
    assert "Liechtenstein mission list" in vote["signatory_status"]["MOZ"]["source"]
    assert vote["signatories_as_of"] == "2024-12-31"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "XYZ", "--since", "2020-01-01", "--source", "x"], "'XYZ' is not the ISO 3166"),
        (["add", "MOZ", "--since", "2014-01-01", "--source", "x"], "before the Code's launch"),
        (["add", "MOZ", "--since", "2020-01-01", "--source", "  "], "--source is empty"),
        (["add", "FRA", "--since", "2020-01-01", "--source", "x"], "already a signatory"),
        (["add", "RUS", "--since", "2020-01-01", "--source", "x"], "had not signed on 2023-05-11"),
        (["as-of", "2015-01-01", "--source", "x"], "before the Code's launch"),
        (["add", "MOZ", "--since", "2020-01-01"], "Missing option '--source'"),
        (["add", "MOZ", "--since", "yesterday", "--source", "x"], "Invalid value for '--since'"),
    ],
)
def test_bad_signatory_commands_say_why_and_change_nothing(
    actbot: Actbot, data_copy: Path, args: list[str], message: str
) -> None:
    before = (data_copy / "signatories.json").read_bytes()
    result = actbot("signatories", *args, env={"ACTBOT_DATA_DIR": str(data_copy)})
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert (data_copy / "signatories.json").read_bytes() == before


def test_check_data_guards_the_signatory_file(actbot: Actbot, data_copy: Path) -> None:
    path = data_copy / "signatories.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["signatories"][0]["source"] = "nowhere"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = actbot("check-data", env={"ACTBOT_DATA_DIR": str(data_copy)})
    assert result.exit_code == 1
    assert "source 'nowhere' is not defined" in result.output
