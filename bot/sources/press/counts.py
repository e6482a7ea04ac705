"""Counts and member lists in one sentence: "13 in favour to 2 against (China, Russian
Federation)", "a negative vote from the Russian Federation", "Brazil, China, Gabon and India all
abstained.", "Voting in favour ... were ...", "the abstentions of Angola, Chad ...".

Each finding says which choice it is about, how many (when a number is given) and whom (when
names are given). Whether they add up is decided later, for the whole vote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.model import Choice
from bot.sources.names import MemberIndex, fold

NUMBER_WORDS = {
    "zero": 0, "none": 0, "no": 0, "nil": 0, "one": 1, "a single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
}  # fmt: skip
_NUM = r"(?P<n>\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_WHO = (
    r"(?:(?:council\s+)?(?:members?|states?|delegations?|countries)\s*,?\s*(?:however\s*,?\s*)?)?"
)
_VOTING = r"(?:(?:voted|voting|vote)\s+)?"

_COUNT_PATTERNS: tuple[tuple[Choice, re.Pattern[str]], ...] = tuple(
    (choice, re.compile(pattern, re.IGNORECASE))
    for choice, pattern in (
        (Choice.YES, rf"\b{_NUM}\s+{_WHO}{_VOTING}(?:votes?\s+)?in\s+favou?r\b"),
        (Choice.YES, rf"\b{_NUM}\s+affirmative\s+votes?\b"),
        (
            Choice.YES,
            rf"\b(?:support|backing|votes?)\s+(?:[\w-]+\s+){{0,4}}?(?:of|from)\s+{_NUM}\s+"
            r"(?:council\s+)?members\b",
        ),
        (Choice.NO, rf"\b{_NUM}\s+{_WHO}{_VOTING}(?:votes?\s+)?against\b"),
        (Choice.NO, rf"\b{_NUM}\s+negative\s+votes?\b"),
        (Choice.NO, r"\b(?P<n>a|one|a\s+single)\s+negative\s+vote\s+(?=(?:cast\s+)?(?:from|by)\s)"),
        (Choice.ABSTAIN, rf"\b{_NUM}\s+abstentions?\b"),
        (Choice.ABSTAIN, rf"\b{_NUM}\s+{_WHO}(?:abstaining|abstained|abstain)\b"),
        (
            Choice.NOT_VOTING,
            rf"\b{_NUM}\s+{_WHO}(?:not\s+(?:participating|voting)|did\s+not\s+(?:participate|vote)"
            r"|non-?participating)\b",
        ),
    )
)
_NOT_A_TALLY = re.compile(
    r"(?:\bneed(?:ed|s|ing)?|\brequir(?:ed|es|ing)|\bat\s+least|\bminimum\s+of|\bout\s+of"
    r"|\bthe\s+required|\bthan)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""Words before a number that make it a rule, not a tally: "would have needed nine votes"."""
_NAMED_AFTER = re.compile(r"\s*(?:,\s*)?(?:cast\s+)?(?:by|from|of)\s+", re.IGNORECASE)

# Lists that carry no number: the count is how many are named.
_LIST_BEFORE_VERB = re.compile(
    r"^\s*,?\s*(?:all\s+|also\s+|both\s+|each\s+|however\s*,?\s*)?"
    r"(?P<verb>abstained|voted\s+against|voted\s+in\s+favou?r|voted\s+no|voted\s+yes"
    r"|did\s+not\s+(?:participate|vote|take\s+part))"
    r"(?:\s+(?:in|on|from)\s+(?:the\s+)?(?:vote|voting|draft(?:\s+resolution)?|text))?"
    r"\s*[.;]?\s*$",
    re.IGNORECASE,
)
_LIST_AFTER_VERB = re.compile(
    r"\b(?:(?P<yes>voting\s+in\s+favou?r|voted\s+in\s+favou?r)"
    r"|(?P<no>voting\s+against|voted\s+against)"
    r"|(?P<abstain>(?:delegations?|members?|those|countries|states)\s+(?:that|who|which)\s+"
    r"abstained|abstaining)"
    r"|(?P<not_voting>not\s+participating|(?:delegations?|members?|those)\s+(?:that|who)\s+did"
    r"\s+not\s+(?:participate|vote)))"
    r"(?:\s+(?:of|on|in)\s+(?:the\s+)?(?:draft\s+)?(?:resolution|text|draft|vote))?"
    r"\s+(?:was|were)\s+(?:the\s+)?(?:representatives?\s+of\s+|delegations?\s+of\s+)?(?P<list>.+)$",
    re.IGNORECASE,
)
_WITH_ABSTAINING = re.compile(
    r"\bwith\s+(?:(?:another|one|a|the|two|three|its)\s+)?(?:(?:other\s+)?(?:permanent|elected|"
    r"non-permanent)\s+)?(?:council\s+)?(?:members?\s+)?"
    r"(?:\((?P<bracketed>[^()]+)\)|(?P<list>[^.;:()]+?))\s+abstaining\b",
    re.IGNORECASE,
)
_ABSTENTIONS_OF = re.compile(
    r"\b(?:the\s+)?abstentions?\s+(?:of|by|from)\s+(?P<rest>.+)$", re.IGNORECASE
)
_CHOICE_OF_VERB = (
    ("abstain", Choice.ABSTAIN),
    ("against", Choice.NO),
    ("voted no", Choice.NO),
    ("favo", Choice.YES),
    ("yes", Choice.YES),
    ("not", Choice.NOT_VOTING),
)


@dataclass(frozen=True)
class Count:
    """One choice as a sentence states it: a number, names, or both."""

    choice: Choice
    count: int | None
    named: tuple[str, ...] | None
    unknown: tuple[str, ...] = ()
    start: int = 0


def number(text: str) -> int:
    text = " ".join(text.lower().split())
    if text.isdigit():
        return int(text)
    return 1 if text == "a" else NUMBER_WORDS[text]


def bracketed(text: str, position: int) -> tuple[str, int] | None:
    """The balanced "( ... )" group starting at `position` (after spaces), and where it ends.

    Balanced, because names carry brackets: "(Bolivia (Plurinational State of), China)".
    """
    while position < len(text) and text[position] in " \t":
        position += 1
    if position >= len(text) or text[position] != "(":
        return None
    depth = 0
    for index in range(position, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return text[position + 1 : index], index + 1
    return None


def read_counts(sentence: str, index: MemberIndex) -> list[Count]:
    """Every count and named list in a sentence, in the order they appear."""
    counts: list[Count] = []
    taken: list[tuple[int, int]] = []
    for choice, pattern in _COUNT_PATTERNS:
        for match in pattern.finditer(sentence):
            if any(start <= match.start() < end for start, end in taken):
                continue
            if _NOT_A_TALLY.search(sentence[max(0, match.start() - 20) : match.start()]):
                continue
            named, unknown, end = _names_after(sentence, match.end(), index)
            taken.append((match.start(), end))
            counts.append(Count(choice, number(match["n"]), named, unknown, match.start()))
    for match in _WITH_ABSTAINING.finditer(sentence):
        if any(start <= match.start() < end for start, end in taken):
            continue
        codes, strangers = index.parse_list(match["bracketed"] or match["list"])
        if codes and (match["bracketed"] or not strangers):
            counts.append(
                Count(Choice.ABSTAIN, None, tuple(codes), tuple(strangers), match.start())
            )
    for match in _ABSTENTIONS_OF.finditer(sentence):
        if any(start <= match.start() < end for start, end in taken):
            continue
        codes, _ = index.parse_leading(match["rest"])
        if codes:
            counts.append(Count(Choice.ABSTAIN, None, tuple(codes), (), match.start()))
    counts.extend(_lists(sentence, index))
    return sorted(counts, key=lambda count: count.start)


def _names_after(
    sentence: str, position: int, index: MemberIndex
) -> tuple[tuple[str, ...] | None, tuple[str, ...], int]:
    """The members a count names right after it: "(China, Egypt)" or "by Venezuela"."""
    group = bracketed(sentence, position)
    if group is not None:
        codes, strangers = index.parse_list(group[0])
        if codes or strangers:
            return tuple(codes), tuple(strangers), group[1]
        return None, (), position
    joined = _NAMED_AFTER.match(sentence, position)
    if joined:
        codes, _ = index.parse_leading(sentence[joined.end() :])
        if codes:
            return tuple(codes), (), joined.end()
    return None, (), position


def _lists(sentence: str, index: MemberIndex) -> list[Count]:
    """Names with a verb and no number: "Voting in favour ... were ...", "X and Y abstained."."""
    found: list[Count] = []
    after = _LIST_AFTER_VERB.search(sentence)
    if after:
        choice = next(_GROUP_CHOICE[group] for group in _GROUP_CHOICE if after[group])
        codes, strangers = index.parse_list(after["list"].rstrip(" .;"))
        if codes:
            found.append(Count(choice, None, tuple(codes), tuple(strangers), after.start()))
    codes, consumed = index.parse_leading(sentence)
    if codes:
        rest = fold(sentence)[consumed:]
        verb = _LIST_BEFORE_VERB.match(rest)
        if verb:
            said = fold(verb["verb"])
            choice = next(choice for word, choice in _CHOICE_OF_VERB if word in said)
            found.append(Count(choice, None, tuple(codes), (), 0))
    return found


_GROUP_CHOICE = {
    "yes": Choice.YES,
    "no": Choice.NO,
    "abstain": Choice.ABSTAIN,
    "not_voting": Choice.NOT_VOTING,
}
