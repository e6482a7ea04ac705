"""Fitting words into boxes: pick the largest size that fits, else shorten with an ellipsis.

Shared by the vote and period layouts; measuring uses the real font metrics, so what fits
in the model fits in the pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.fonts import FontSpec, text_width

ELLIPSIS = "…"


@dataclass(frozen=True)
class Fitted:
    text: str
    font: FontSpec
    width: int


def width_of(text: str, font: FontSpec) -> int:
    return round(text_width(text, font))


def fit(candidates: Sequence[str], fonts: Sequence[FontSpec], max_width: int) -> Fitted:
    """The first candidate text, at the first (largest) font, that fits `max_width`.

    Candidates are tried in order at each size before the size shrinks (a shorter wording
    at a readable size beats a long one squeezed); if nothing fits, the last (shortest)
    candidate is cut at the smallest size and ends with an ellipsis.
    """
    for font in fonts:
        for text in candidates:
            width = width_of(text, font)
            if width <= max_width:
                return Fitted(text, font, width)
    font = fonts[-1]
    text = shorten(candidates[-1], font, max_width)
    return Fitted(text, font, width_of(text, font))


def fit_in_order(candidates: Sequence[str], fonts: Sequence[FontSpec], max_width: int) -> Fitted:
    """The first candidate that fits at any of the sizes, at the largest size it fits: for
    wordings ranked by what they say (every vetoer's name before their number), where a
    smaller size beats a poorer wording."""
    for text in candidates:
        for font in fonts:
            width = width_of(text, font)
            if width <= max_width:
                return Fitted(text, font, width)
    return fit(candidates[-1:], fonts, max_width)


def shorten(text: str, font: FontSpec, max_width: int) -> str:
    """`text` cut at a word (or, failing that, a letter) so that it and "…" fit."""
    if width_of(text, font) <= max_width:
        return text
    words = text.split(" ")
    while len(words) > 2:  # keep whole words while that still leaves a fair part of the text
        words.pop()
        candidate = " ".join(words).rstrip(",;:·–- ") + ELLIPSIS
        if width_of(candidate, font) <= max_width:
            return candidate
    letters = text
    while letters and width_of(letters + ELLIPSIS, font) > max_width:
        letters = letters[:-1]
    return letters + ELLIPSIS


def wrap(text: str, font: FontSpec, max_width: int, max_lines: int) -> list[str]:
    """Greedy word wrap into at most `max_lines` lines; the last line is shortened if need be."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if width_of(trial, font) <= max_width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    lines[-1] = shorten(lines[-1], font, max_width)
    return lines
