"""The layout rules catch what they are for: one broken layout per rule (a rule that never
fires would let the property tests pass whatever the cards look like)."""

from __future__ import annotations

import pytest

from cards.fonts import bold, regular
from cards.layout import Box, Icon, Item, Layout, Rect, Shape, Text
from cards.theme import HEIGHT, INK, PAPER, WIDTH
from tests.cards.layout_rules import problems

TILE = Rect(Box(40, 200, 365, 65), PAPER, role="tile")
GREY = (200, 200, 200)


def _layout(*items: Item) -> Layout:
    return Layout(WIDTH, HEIGHT, PAPER, (TILE,), items)


def _name(text: str = "France", **changes: object) -> Text:
    values: dict[str, object] = {
        "x": 60,
        "y": 206,
        "text": text,
        "font": bold(25),
        "colour": INK,
        "background": PAPER,
        "role": "member-name",
        "key": "FRA",
        "width": 80,
    }
    values.update(changes)
    return Text(**values)  # type: ignore[arg-type]


def test_a_sound_layout_breaks_no_rule() -> None:
    assert problems(_layout(_name())) == []


@pytest.mark.parametrize(
    ("broken", "rule"),
    [
        (_layout(_name(x=1150, width=120)), "off the canvas"),
        (_layout(_name(font=regular(20))), "under 22"),
        (_layout(_name(colour=GREY)), "contrast"),
        (_layout(_name(background=GREY)), "another colour than its background"),
        (_layout(_name("Saint Vincent and the…")), "cut short"),
        (
            _layout(_name(), _name("Signatory", y=300, role="signatory")),
            "outside its tile",
        ),
        (
            _layout(_name(), _name("Not a signatory", x=90, y=210, role="signatory")),
            "texts overlap",
        ),
        (
            _layout(
                _name(),
                Icon(Box(70, 208, 26, 26), Shape.CHECK, INK, PAPER, PAPER, "vote-icon", "FRA"),
            ),
            "overlap",
        ),
    ],
)
def test_each_rule_fires_on_the_layout_that_breaks_it(broken: Layout, rule: str) -> None:
    assert any(rule in problem for problem in problems(broken)), problems(broken)
