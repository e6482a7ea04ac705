"""Visual regression: rendered cards against the reference PNGs in tests/cards_golden/.

A small tolerance absorbs antialiasing differences between FreeType builds; anything a
reader would notice (moved text, other colours, a missing tile) fails. Regenerating the
references is a deliberate act:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/cards/test_golden.py

which also rewrites the review images in docs/ (look at them before committing).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from bot import networks
from bot.domain.period import Period, build_period_scorecard
from cards import CardRenderer, Footer, RenderedCard
from cards.period_layout import period_layout
from cards.period_texts import period_alt_text, period_post_text
from cards.texts import alt_text, post_text
from tests.cards.test_data import (
    ADOPTED,
    GOLDEN,
    NOT_ATROCITY,
    PREDATES,
    REPO,
    SIGNATORY_AGAINST,
    VETOED,
    pinned_card,
    pinned_votes,
    reference,
)

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DOCS = REPO / "docs"
FOOTER = Footer(operator="@actscorecard")
MAX_CHANGED_FRACTION = 0.002  # of pixels that differ by more than a faint antialiasing step
MAX_MEAN_DIFFERENCE = 0.5  # mean absolute difference per channel, 0-255

VOTE_CARDS = {
    "card-S-2016-846": VETOED,
    "card-S-2023-792": SIGNATORY_AGAINST,
    "card-S-RES-2728-2024": ADOPTED,
    "card-S-2015-508": PREDATES,
    "card-S-RES-2722-2024": NOT_ATROCITY,
}
REVIEW = {"card-S-2016-846", "card-S-2023-792", "card-S-RES-2728-2024", "period-2024"}


@pytest.fixture(scope="module")
def renderer() -> CardRenderer:
    return CardRenderer(FOOTER)


def _period_2024(renderer: CardRenderer) -> RenderedCard:
    ref = reference()
    card = build_period_scorecard(
        pinned_votes().values(), Period.calendar_year(2024), ref.registry, ref.membership, ref.names
    )
    return renderer.render_period(card)


def _render(name: str, renderer: CardRenderer) -> RenderedCard:
    if name == "period-2024":
        return _period_2024(renderer)
    return renderer.render(pinned_card(VOTE_CARDS[name]))


@pytest.mark.parametrize("name", [*VOTE_CARDS, "period-2024"])
def test_card_matches_its_reference_image(
    name: str, renderer: CardRenderer, tmp_path: Path
) -> None:
    rendered = _render(name, renderer)
    reference_png = GOLDEN / f"{name}.png"
    if UPDATE:
        reference_png.write_bytes(rendered.png)
        if name in REVIEW:
            DOCS.mkdir(exist_ok=True)
            (DOCS / f"{name}.png").write_bytes(rendered.png)
            for suffix, text in _texts(name).items():
                (DOCS / f"{name}.{suffix}.txt").write_text(text + "\n", encoding="utf-8")
    if not reference_png.exists():
        pytest.fail(f"no reference image {reference_png}; create it with UPDATE_GOLDEN=1")
    actual = Image.open(io.BytesIO(rendered.png)).convert("RGB")
    expected = Image.open(reference_png).convert("RGB")
    assert actual.size == expected.size == (1200, 675)
    changed, mean = _difference(actual, expected)
    if changed > MAX_CHANGED_FRACTION or mean > MAX_MEAN_DIFFERENCE:
        out = tmp_path / f"{name}.actual.png"
        out.write_bytes(rendered.png)
        pytest.fail(
            f"{name} differs from its reference: {changed:.3%} of pixels changed, mean "
            f"difference {mean:.2f}; actual image at {out}. If the change is intended, "
            "regenerate with UPDATE_GOLDEN=1 and look at the images."
        )


def _difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    diff = ImageChops.difference(a, b).convert("L")
    histogram = diff.histogram()
    pixels = a.width * a.height
    changed = sum(histogram[24:]) / pixels
    mean = sum(value * count for value, count in enumerate(histogram)) / pixels
    return changed, mean


def test_the_tolerance_catches_a_real_change(renderer: CardRenderer) -> None:
    card = pinned_card(SIGNATORY_AGAINST)
    original = Image.open(io.BytesIO(renderer.render(card).png)).convert("RGB")
    other = Image.open(io.BytesIO(renderer.render(pinned_card(VETOED)).png)).convert("RGB")
    changed, _ = _difference(original, other)
    assert changed > MAX_CHANGED_FRACTION


def test_identical_input_gives_identical_bytes() -> None:
    card = pinned_card(SIGNATORY_AGAINST)
    first = CardRenderer(FOOTER).render(card)
    second = CardRenderer(FOOTER).render(card)  # a fresh renderer: no shared caches
    again = CardRenderer(FOOTER)
    again.render(pinned_card(VETOED))  # caches warmed by another card first
    assert first.png == second.png == again.render(card).png
    assert first.alt_text == second.alt_text == alt_text(card)


@pytest.mark.parametrize("name", [*VOTE_CARDS, "period-2024"])
def test_cards_are_small_pngs_of_the_right_size(name: str, renderer: CardRenderer) -> None:
    rendered = _render(name, renderer)
    assert rendered.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert (rendered.width, rendered.height) == (1200, 675)
    assert len(rendered.png) < 500_000
    assert Image.open(io.BytesIO(rendered.png)).size == (1200, 675)


def _texts(name: str) -> dict[str, str]:
    """The alt text and each network's text shown beside a review image in docs/cards.md."""
    if name == "period-2024":
        ref = reference()
        card = build_period_scorecard(
            pinned_votes().values(),
            Period.calendar_year(2024),
            ref.registry,
            ref.membership,
            ref.names,
        )
        texts = {"alt": period_alt_text(card)}
        texts.update(
            {n.name: period_post_text(card, n.text_limit) for n in networks.all_networks()}
        )
        return texts
    vote_card = pinned_card(VOTE_CARDS[name])
    texts = {"alt": alt_text(vote_card)}
    texts.update({n.name: post_text(vote_card, n.text_limit) for n in networks.all_networks()})
    return texts


def test_review_texts_in_docs_are_current() -> None:
    for name in sorted(REVIEW):
        for suffix, text in _texts(name).items():
            path = DOCS / f"{name}.{suffix}.txt"
            assert path.read_text(encoding="utf-8") == text + "\n", (
                f"{path} is stale; run UPDATE_GOLDEN=1 pytest {__file__}"
            )


def test_review_images_in_docs_are_current(renderer: CardRenderer) -> None:
    """The images shown in the README are the ones the tests guard."""
    for name in sorted(REVIEW):
        path = DOCS / f"{name}.png"
        assert path.exists(), f"{path} missing; run UPDATE_GOLDEN=1 pytest {__file__}"
        changed, mean = _difference(
            Image.open(path).convert("RGB"),
            Image.open(io.BytesIO(_render(name, renderer).png)).convert("RGB"),
        )
        assert changed <= MAX_CHANGED_FRACTION and mean <= MAX_MEAN_DIFFERENCE, name


def test_period_layout_is_checked_structurally_too() -> None:
    ref = reference()
    card = build_period_scorecard(
        pinned_votes().values(), Period.calendar_year(2024), ref.registry, ref.membership, ref.names
    )
    layout = period_layout(card, FOOTER)
    assert layout.text("headline") == "2024: 11 atrocity-related drafts put to a vote, 4 vetoed"
    assert layout.text("code-line") == "Code signatory abstained: United Kingdom (1 draft)"
    assert layout.text("vetoes", "USA") == "2 vetoes"
    assert layout.text("count", "GBR:abstained") == "1"
    assert len(layout.rects("tile")) == 15
    assert layout.text("footer-tag") == "#ACTcodeofconduct"
    assert "signatories as of 15 May 2017" in layout.text("footer-as-of")
