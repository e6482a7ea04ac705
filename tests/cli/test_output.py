"""What the operator reads: each event once, short lists, log lines with fields, sources
cited once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import DATA
from tests.support import run_actbot

Actbot = Callable[..., Result]
PRESS = Path(__file__).resolve().parents[1] / "fixtures" / "press"


def test_a_first_load_names_a_few_symbols_not_all(actbot: Actbot) -> None:
    result = actbot("run", "--once")
    line = next(line for line in result.output.splitlines() if "new vote(s)" in line)
    assert line.endswith("more") and line.count(", ") <= 7


def test_with_text_logs_each_post_shows_once(actbot: Actbot, workdir: Path) -> None:
    (workdir / "config.toml").write_text('[logging]\nformat = "text"\n', encoding="utf-8")
    result = actbot("--config", "config.toml", "run", "--once")
    assert result.exit_code == 0
    aleppo = [line for line in result.output.splitlines() if "S/2016/846 on dry-run" in line]
    assert len(aleppo) == 1, aleppo


def test_json_log_lines_carry_the_event_fields(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/db.sqlite3"\n[sources.bundled]\n'
        f'data_dir = "{DATA}"\n[publishing]\noutbox = "{tmp_path}/outbox"\n'
        '[logging]\nformat = "json"\nlevel = "DEBUG"\n',
        encoding="utf-8",
    )
    result = run_actbot(tmp_path, "--config", "config.toml", "run", "--once")
    assert result.returncode == 0, result.stderr[-2000:]
    events = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    posted = [e for e in events if e.get("event") == "posted"]
    assert posted and all({"symbol", "network", "attempt", "url"} <= set(e) for e in posted)
    assert any(e.get("event") == "polled" and e.get("source") == "bundled" for e in events)


def test_importing_a_release_the_vote_already_cites_adds_no_second_source(
    actbot: Actbot,
) -> None:
    assert actbot("run", "--once").exit_code == 0
    before = json.loads(actbot("export", "--symbol", "S/2016/846").stdout)[0]["sources"]
    assert actbot("import", "press-release", str(PRESS / "sc12545.htm")).exit_code == 0
    after = json.loads(actbot("export", "--symbol", "S/2016/846").stdout)[0]["sources"]
    assert len(after) == len(before)
    assert [s["id"] for s in after].count("SC/12545") == 1
