"""`actbot render`: the card and its texts written to files, user errors as one clear line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from PIL import Image
from twitter_text import parse_tweet  # type: ignore[import-untyped]

from bot.cli import cli
from bot.domain.text_limits import grapheme_count

Invoke = Callable[..., Result]


@pytest.fixture
def actbot_cards(workdir: Path) -> Invoke:
    """The real `actbot` group."""
    group = cli
    runner = CliRunner()

    def invoke(*args: str, **kwargs: Any) -> Result:
        return runner.invoke(group, list(args), catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture
def loaded(actbot_cards: Invoke) -> Invoke:
    actbot_cards("run", "--once")  # stores the bundled votes in ./var
    return actbot_cards


def test_render_a_vote_writes_the_png_and_its_texts(loaded: Invoke, workdir: Path) -> None:
    result = loaded("render", "--resolution", "S/2016/846", "--out", "cards/aleppo.png")
    assert result.exit_code == 0, result.output
    png = workdir / "cards" / "aleppo.png"
    with Image.open(png) as image:
        assert image.size == (1200, 675)
    alt = (workdir / "cards" / "aleppo.alt.txt").read_text(encoding="utf-8")
    x = (workdir / "cards" / "aleppo.x.txt").read_text(encoding="utf-8").rstrip("\n")
    bluesky = (workdir / "cards" / "aleppo.bluesky.txt").read_text(encoding="utf-8").rstrip("\n")
    assert "Vetoed by the Russian Federation" in alt
    assert parse_tweet(x).weightedLength <= 280 and x.endswith("#ACTcodeofconduct")
    assert grapheme_count(bluesky) <= 300 and bluesky.endswith("#ACTcodeofconduct")
    for name in ("aleppo.png", "aleppo.alt.txt", "aleppo.x.txt", "aleppo.bluesky.txt"):
        assert name in result.output


def test_render_a_year_writes_the_period_card(loaded: Invoke, workdir: Path) -> None:
    result = loaded("render", "--period", "2024", "--out", "2024.png")
    assert result.exit_code == 0, result.output
    assert (workdir / "2024.png").stat().st_size < 500_000
    alt = (workdir / "2024.alt.txt").read_text(encoding="utf-8")
    assert alt.startswith("Scorecard of UN Security Council votes on atrocity-related drafts, 2024")
    assert "2024.x.txt" in result.output


def test_render_a_date_range(loaded: Invoke, workdir: Path) -> None:
    result = loaded("render", "--from", "2024-01-01", "--to", "2024-03-31", "--out", "q1.png")
    assert result.exit_code == 0, result.output
    assert "1 January 2024 – 31 March 2024" in (workdir / "q1.alt.txt").read_text("utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["--out", "x.png"],
        ["--resolution", "S/2016/846", "--period", "2024", "--out", "x.png"],
        ["--from", "2024-01-01", "--out", "x.png"],
        ["--period", "2024"],
    ],
)
def test_bad_option_combinations_are_usage_errors(actbot_cards: Invoke, args: list[str]) -> None:
    result = actbot_cards("render", *args)
    assert result.exit_code == 2


def test_unknown_vote_is_a_one_line_error(loaded: Invoke) -> None:
    result = loaded("render", "--resolution", "S/2099/1", "--out", "x.png")
    assert result.exit_code == 1
    assert "no vote 'S/2099/1' in the database, the bundled record" in result.output
    assert "Traceback" not in result.output


def test_a_period_across_two_councils_is_refused_with_a_reason(loaded: Invoke) -> None:
    result = loaded("render", "--from", "2023-06-01", "--to", "2024-05-31", "--out", "x.png")
    assert result.exit_code == 1
    assert "choose dates within one calendar year" in result.output


def test_reversed_dates_are_refused(loaded: Invoke) -> None:
    result = loaded("render", "--from", "2024-05-01", "--to", "2024-01-01", "--out", "x.png")
    assert result.exit_code == 1
    assert "before it starts" in result.output


def test_without_stored_votes_the_error_says_what_to_run(actbot_cards: Invoke) -> None:
    result = actbot_cards("render", "--period", "2024", "--out", "x.png")
    assert result.exit_code == 1
    assert "actbot run --once" in result.output
