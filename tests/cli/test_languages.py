"""Cards in French and Spanish from the command line: `render --lang`, `post --lang`, and an
account that posts in several languages, each language its own post, exactly once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from twitter_text import parse_tweet  # type: ignore[import-untyped]

from bot.domain.text_limits import grapheme_count

Actbot = Callable[..., Result]


@pytest.fixture
def loaded(actbot: Actbot) -> Actbot:
    assert actbot("run", "--once").exit_code == 0  # stores the bundled votes in ./var
    return actbot


@pytest.mark.parametrize(
    ("language", "headline", "date"),
    [
        ("fr", "Veto opposé par la Fédération de Russie", "8 octobre 2016"),
        ("es", "Vetado por la Federación de Rusia", "8 de octubre de 2016"),
    ],
)
def test_render_in_a_language_writes_card_alt_text_and_texts_in_it(
    loaded: Actbot, workdir: Path, language: str, headline: str, date: str
) -> None:
    result = loaded("render", "--resolution", "S/2016/846", "--lang", language, "--out", "a.png")
    assert result.exit_code == 0, result.output
    assert (workdir / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    alt = (workdir / "a.alt.txt").read_text(encoding="utf-8")
    x = (workdir / "a.x.txt").read_text(encoding="utf-8").rstrip("\n")
    bluesky = (workdir / "a.bluesky.txt").read_text(encoding="utf-8").rstrip("\n")
    assert headline in alt and date in alt and len(alt) <= 1000
    assert x.startswith(headline) and parse_tweet(x).weightedLength <= 280
    assert bluesky.startswith(headline) and grapheme_count(bluesky) <= 300
    assert "in favour" not in alt and "Russian Federation" not in alt


def test_a_language_the_code_was_not_issued_in_is_refused(loaded: Actbot) -> None:
    result = loaded("render", "--resolution", "S/2016/846", "--lang", "de")
    assert result.exit_code == 2 and "de" in result.output


def test_an_account_posting_in_two_languages_makes_each_post_once(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACTBOT_PUBLISHING__LANGUAGES", "en,fr")
    first = actbot("run", "--once")
    assert first.exit_code == 0, first.output
    outbox = workdir / "var" / "outbox"
    english, french = outbox / "S-2016-846", outbox / "S-2016-846-fr"
    assert (english / "card.png").exists() and (french / "card.png").exists()
    assert (french / "x.txt").read_text(encoding="utf-8").startswith("Veto opposé par")
    assert (english / "x.txt").read_text(encoding="utf-8").startswith("Vetoed by")
    folders = sorted(path.name for path in outbox.iterdir())
    assert len([f for f in folders if f.endswith("-fr")]) * 2 == len(folders)

    again = actbot("run", "--once")
    assert again.exit_code == 0, again.output
    assert sorted(path.name for path in outbox.iterdir()) == folders

    spanish = actbot("post", "--resolution", "S/2016/846", "--lang", "es")
    assert spanish.exit_code == 0, spanish.output
    assert (outbox / "S-2016-846-es" / "card.png").exists()
    twice = actbot("post", "--resolution", "S/2016/846", "--lang", "es")
    assert not (outbox / "S-2016-846-es.1").exists(), twice.output
