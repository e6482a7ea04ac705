"""The vote card's content, checked from the layout model that the painter draws (no pixels)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest

from bot.domain.model import (
    Atrocity,
    Ballot,
    Choice,
    Classification,
    Outcome,
    SourceRef,
    Vote,
    expected_outcome,
)
from bot.domain.registry import Signatory, SignatoryRegistry, SignatoryStatus
from bot.domain.scorecard import Scorecard, build_scorecard
from bot.domain.symbols import parse_draft_symbol
from cards import Footer
from cards.colour import RGB, contrast_ratio, relative_luminance
from cards.languages import AVAILABLE
from cards.layout import Box, Layout, Rect, Shape, Text
from cards.strings import ENGLISH as strings
from cards.strings import words_for
from cards.texts import alt_text
from cards.theme import HEIGHT, MIN_TEXT_PX, VETO_STYLE, VOTE_STYLES, WIDTH
from cards.vote_layout import vote_layout
from tests.cards.test_data import (
    ADOPTED,
    NOT_ATROCITY,
    PREDATES,
    SHORT_OF_NINE,
    SIGNATORY_AGAINST,
    VETOED,
    bundled_card,
    reference,
    scorecard,
)

FOOTER = Footer(operator="@actscorecard")


def layout_of(card: Scorecard) -> Layout:
    return vote_layout(card, FOOTER)


def tile_of(layout: Layout, iso3: str) -> str:
    """Every word shown in one member's tile."""
    return " ".join(
        text.text for text in layout.all_items() if isinstance(text, Text) and text.key == iso3
    )


# --- the three review cards -------------------------------------------------------------


def test_vetoed_card_says_who_vetoed_and_shows_the_elected_no() -> None:
    card = bundled_card(VETOED)
    layout = layout_of(card)
    assert layout.text("headline") == "Vetoed by the Russian Federation"
    assert "Draft S/2016/846" in layout.text("kicker")
    assert "8 October 2016" in layout.text("kicker")
    assert layout.text("tally") == "11 in favour, 2 against, 2 abstained"
    assert layout.text("title") == "Aleppo: end the bombing, let aid in"
    russia, venezuela = tile_of(layout, "RUS"), tile_of(layout, "VEN")
    assert "Against" in russia and strings.VETO_MARK in russia and "P5" in russia
    assert "Against" in venezuela and strings.VETO_MARK not in venezuela
    assert "P5" not in venezuela
    assert [icon.shape for icon in layout.icons("VEN")] == [Shape.CROSS]
    assert layout.rects("flag-outline", "RUS") and not layout.rects("flag-outline", "VEN")


def test_signatory_voting_against_is_the_code_line_and_is_worded_as_fact() -> None:
    layout = layout_of(bundled_card(SIGNATORY_AGAINST))
    assert layout.text("headline") == "Vetoed by China and the Russian Federation"
    assert layout.text("code-line") == "Code signatory voted against: United Arab Emirates"
    uae = tile_of(layout, "ARE")
    assert "Against" in uae and strings.SIGNATORY in uae
    assert layout.rects("flag-outline", "ARE"), "the signatory's tile stands out"
    signatory_line = layout.texts("signatory", "ARE")[0]
    assert signatory_line.font.weight == "bold"


def test_adopted_card_has_the_tally_headline_and_the_abstention() -> None:
    layout = layout_of(bundled_card(ADOPTED))
    assert layout.text("headline") == "Adopted 14–0–1"
    assert "Resolution S/RES/2728 (2024)" in layout.text("kicker")
    assert "Abstained" in tile_of(layout, "USA")
    assert layout.text("code-line") == strings.ALL_KNOWN_SIGNATORIES_IN_FAVOUR
    assert [icon.shape for icon in layout.icons("USA")] == [Shape.BAR]


@pytest.mark.parametrize("symbol", [VETOED, SIGNATORY_AGAINST, ADOPTED, PREDATES, NOT_ATROCITY])
def test_every_member_is_on_the_card_with_name_vote_permanence_and_status(symbol: str) -> None:
    card = bundled_card(symbol)
    layout = layout_of(card)
    assert len(card.rows) == 15
    for row in card.rows:
        words = tile_of(layout, row.iso3)
        assert row.name in words or row.label in words, row.iso3
        assert strings.CHOICE_WORD[row.choice].split(" ")[0] in words
        assert ("P5" in words) is row.permanent
        forms = strings.status_candidates(
            row.status, row.standing.on_a_later_list, card.signatories_as_of
        )
        if row.status is SignatoryStatus.PREDATES_CODE:
            assert strings.SIGNATORY not in words and strings.NOT_SIGNATORY not in words
        else:
            assert any(form in words for form in forms), (row.iso3, forms, words)
        (icon,) = layout.icons(row.iso3)
        expected = VETO_STYLE if row.flags and "veto" in {f.value for f in row.flags} else None
        assert icon.shape is (expected or VOTE_STYLES[row.choice]).shape


def test_names_keep_their_diacritics() -> None:
    names = reference().names
    assert names.name("CIV") == "Côte d'Ivoire"
    vote = _vote(
        {"CIV": Choice.ABSTAIN},
        members=(
            "CHN",
            "FRA",
            "RUS",
            "GBR",
            "USA",
            "BOL",
            "CIV",
            "ETH",
            "GNQ",
            "KAZ",
            "KWT",
            "NLD",
            "PER",
            "POL",
            "SWE",
        ),
        on=date(2018, 4, 10),
    )
    layout = layout_of(scorecard(vote))
    assert "Côte d'Ivoire" in tile_of(layout, "CIV")


def test_a_vote_before_the_code_says_so_and_has_no_verdict() -> None:
    card = bundled_card(PREDATES)
    layout = layout_of(card)
    assert layout.text("code-line") == strings.PREDATES
    assert not layout.rects("flag-outline", "CHN")  # abstained, but there was no Code yet
    assert layout.rects("flag-outline", "RUS")  # the veto is still a veto


def test_a_draft_not_classified_atrocity_related_carries_no_code_verdict() -> None:
    layout = layout_of(bundled_card(NOT_ATROCITY))
    assert layout.text("code-line") == strings.NOT_ATROCITY
    assert not layout.rects("flag-outline")
    undecided = replace(bundled_card(VETOED).vote, classification=Classification())
    assert layout_of(scorecard(undecided)).text("code-line") == strings.UNDECIDED


def test_a_draft_short_of_nine_votes_is_not_called_vetoed() -> None:
    layout = layout_of(bundled_card(SHORT_OF_NINE))
    assert layout.text("headline") == "Not adopted: 4 in favour, 9 against"
    assert strings.VETO_MARK not in " ".join(t.text for t in layout.texts())


def test_footer_names_source_list_date_hashtag_and_operator() -> None:
    layout = layout_of(bundled_card(VETOED))
    assert layout.text("footer-source").startswith("Source: ")
    assert "SC/12545" in layout.text("footer-source")
    assert "signatories as of 15 May 2017" in layout.text("footer-as-of")
    assert layout.text("footer-tag") == "#ACTcodeofconduct"
    assert layout.text("footer-operator") == "@actscorecard"
    assert not vote_layout(bundled_card(VETOED), Footer()).texts("footer-operator")


def test_long_headlines_and_titles_are_fitted_not_cut_off_the_card() -> None:
    vote = replace(
        bundled_card(VETOED).vote,
        short_title="A deliberately long title " * 6,
    )
    layout = layout_of(scorecard(vote))
    title = layout.texts("title")[0]
    assert title.text.endswith("…")
    assert title.box.right <= WIDTH - 40


# --- legibility ---------------------------------------------------------------------------


def _all_layouts() -> list[Layout]:
    return [
        layout_of(bundled_card(symbol))
        for symbol in (VETOED, SIGNATORY_AGAINST, ADOPTED, PREDATES, NOT_ATROCITY)
    ]


def test_every_text_is_at_least_the_minimum_height() -> None:
    for layout in _all_layouts():
        for text in layout.texts():
            assert text.font.size >= MIN_TEXT_PX, text
    assert MIN_TEXT_PX * 600 / WIDTH >= 11, "still at least 11 px on a 600 px wide phone"


def test_every_text_meets_wcag_aa_contrast() -> None:
    for layout in _all_layouts():
        for text in layout.texts():
            ratio = contrast_ratio(text.colour, text.background)
            assert ratio >= 4.5, f"{text.text!r}: {ratio:.2f}"


def test_icons_stand_out_from_their_background() -> None:
    """WCAG 1.4.11: graphics that carry meaning need 3:1 against what is next to them."""
    for layout in _all_layouts():
        for icon in layout.icons():
            assert contrast_ratio(icon.mark, icon.fill) >= 3 or icon.shape is Shape.RING
            outer = contrast_ratio(icon.fill, icon.background)
            assert outer >= 2.0 or contrast_ratio(icon.mark, icon.background) >= 3, icon


def test_text_background_is_what_is_really_behind_it() -> None:
    for layout in _all_layouts():
        rects = [r for r in layout.all_items() if isinstance(r, Rect) and r.fill is not None]
        for text in layout.texts():
            behind = [r.fill for r in rects if r.box.contains(_inner(text.box))]
            assert (behind[-1] if behind else layout.background) == text.background, text


def _inner(box: Box) -> Box:
    return Box(box.x + 1, box.y + 2, max(1, box.w - 2), max(1, box.h - 4))


def test_everything_is_on_the_canvas_and_texts_do_not_overlap() -> None:
    for layout in _all_layouts():
        canvas = Box(0, 0, WIDTH, HEIGHT)
        for item in layout.all_items():
            assert canvas.contains(item.box), item
        texts = layout.texts()
        for a, b in itertools.combinations(texts, 2):
            assert not _overlap(a.box, b.box), (a.text, b.text)


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def test_member_texts_stay_inside_their_tile() -> None:
    layout = layout_of(bundled_card(SIGNATORY_AGAINST))
    tiles = [r.box for r in layout.rects("tile")]
    for text in layout.texts():
        if text.key:
            assert any(tile.contains(text.box) for tile in tiles), text


# --- colour blindness -----------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _simulate(
    colour: RGB, matrix: tuple[tuple[float, float, float], ...]
) -> tuple[float, float, float]:
    def lin(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [lin(v) for v in colour]
    return tuple(
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix
    )  # type: ignore[return-value]


def _lab(linear: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = linear
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def test_vote_colours_stay_apart_for_colour_blind_readers() -> None:
    """Under each simulated deficiency every pair of vote colours stays clearly different
    (CIE76 ΔE ≥ 20), so no distinction rests on red against green."""
    colours = {choice: style.icon_fill for choice, style in VOTE_STYLES.items()}
    for name, matrix in {"normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)), **CVD}.items():
        labs = {choice: _lab(_simulate(colour, matrix)) for choice, colour in colours.items()}
        for a, b in itertools.combinations(labs, 2):
            delta = sum((p - q) ** 2 for p, q in zip(labs[a], labs[b], strict=True)) ** 0.5
            assert delta >= 20, f"{name}: {a} vs {b} only ΔE {delta:.1f}"


def test_every_vote_has_its_own_shape_and_word() -> None:
    assert len({style.shape for style in VOTE_STYLES.values()}) == len(VOTE_STYLES)
    assert len(set(strings.CHOICE_WORD.values())) == len(strings.CHOICE_WORD)


def test_luminance_helpers_match_wcag_reference_values() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert relative_luminance((255, 255, 255)) == pytest.approx(1)
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


# --- helpers ------------------------------------------------------------------------------


def _vote(choices: dict[str, Choice], *, members: tuple[str, ...], on: date) -> Vote:
    """A hand-built vetoed draft (Russia votes no) with the given other choices."""
    names = reference().names
    votes = {**choices, "RUS": Choice.NO}
    return Vote(
        draft_symbol=parse_draft_symbol("S/2018/321"),
        resolution_symbol=None,
        date=on,
        outcome=Outcome.FAILED,
        ballots=tuple(Ballot(c, names.name(c), votes.get(c, Choice.YES)) for c in members),
        short_title="Hand-built test vote",
        sources=(SourceRef("test", "https://example.invalid/"),),
        classification=Classification(Atrocity.YES, "test", "test"),
    )


def _all_five_vetoed(signed: bool, language: str = "en", **others: Choice) -> Scorecard:
    """Five permanent members against (vetoes, if nine are in favour), the longest names
    seated, the others in favour unless given."""
    members = ("CHN", "FRA", "RUS", "GBR", "USA", "VCT", "GNQ", "PNG", "DOM", "KNA", "TTO")
    members += ("MKD", "ZAF", "NZL", "SAU")
    choices = dict.fromkeys(members[:5], Choice.NO) | others
    vote = _vote(choices, members=members, on=date(2026, 3, 3))
    vote = replace(vote, outcome=expected_outcome(vote.ballots))
    registry = SignatoryRegistry(
        date(2017, 5, 15),
        {m: Signatory(m, m, date(2016, 1, 1), "test") for m in members if signed},
    )
    return build_scorecard(vote, registry, reference().names_in(language))


@pytest.mark.parametrize("language", AVAILABLE)
def test_five_vetoers_are_counted_in_the_headline_when_their_names_do_not_fit(
    language: str,
) -> None:
    card = _all_five_vetoed(signed=False, language=language)
    layout = layout_of(card)
    w = words_for(language)
    assert layout.text("headline") == w.VETOED_BY_COUNT.format(count=5)
    assert len(layout.texts("vote-word")) == 15 + 5, "each tile still says against (veto)"
    assert all(row.in_text in alt_text(card) for row in card.vetoed_by), "the alt text names them"


def test_a_code_line_too_long_for_names_gives_the_numbers() -> None:
    others = {"VCT": Choice.ABSTAIN, "GNQ": Choice.NOT_VOTING, "DOM": Choice.ABSTAIN}
    layout = layout_of(_all_five_vetoed(signed=True, **others))
    assert layout.text("code-line") == (
        "Code signatories: 5 voted against, 2 abstained, 1 did not vote"
    )
    assert not layout.text("code-line").endswith("…")
