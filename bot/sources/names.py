"""Member names as UN texts write them, matched to ISO3 codes; month names.

Shared by every source that reads prose or tables (press releases, the Library's tables), so no
adapter has to import another. Matching is exact on folded text (case, accents and apostrophe
forms ignored); a misspelt name is matched only by `near_match`, which the caller limits to the
members seated that year.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping

from bot.domain.registry import MemberNames

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ),
        start=1,
    )
}  # fmt: skip

EXTRA_ALIASES: Mapping[str, tuple[str, ...]] = {
    # Forms seen in UN texts and in the press besides the UN short names in data/members.json.
    "USA": ("United States of America", "United States", "USA", "U.S.A."),
    "GBR": (
        "United Kingdom of Great Britain and Northern Ireland",
        "United Kingdom",
        "UK",
        "U.K.",
        "Britain",
    ),
    "RUS": ("Russian Federation", "Russia"),
    "CIV": ("Cote d'Ivoire", "Ivory Coast"),
    "KOR": ("Republic of Korea", "South Korea"),
    "TUR": ("Turkiye", "Turkey"),
    "CZE": ("Czech Republic",),
    "MKD": ("former Yugoslav Republic of Macedonia", "Macedonia"),
    "CPV": ("Cape Verde",),
    "VNM": ("Vietnam",),
    "MDA": ("Moldova",),
    "VCT": ("St. Vincent and the Grenadines", "St Vincent and the Grenadines"),
    "KNA": ("St. Kitts and Nevis", "St Kitts and Nevis"),
    "COD": ("Democratic Republic of Congo", "DR Congo"),
    "TLS": ("East Timor",),
    "PSE": ("Palestine",),
    "NLD": ("Netherlands", "Kingdom of the Netherlands"),
    "BOL": ("Bolivia",),
    "VEN": ("Venezuela",),
}

_SEPARATORS = re.compile(r"(?:\s+|,|;|&|\band\b|\bthe\b|\bas well as\b)+")
_UNKNOWN_TOKEN = re.compile(r"[^,;&]*?(?=\s+and\s+|\s*[,;&]|$)")
_PARENTHETICAL = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<qualifier>[^()]+)\)$")


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, one space: Côte d’Ivoire -> cote d'ivoire."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(plain.lower().split())


def _without_article(folded: str) -> str:
    return folded[4:] if folded.startswith("the ") else folded


class MemberIndex:
    """Finds members by any of their names: the UN short name, its parts, and common variants."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._aliases = dict(aliases)
        ordered = sorted(self._aliases, key=len, reverse=True)
        self._pattern = re.compile(
            "(?:" + "|".join(re.escape(alias) for alias in ordered) + r")(?![a-z0-9])"
        )

    @classmethod
    def from_names(
        cls, names: MemberNames, extra: Mapping[str, Iterable[str]] | None = None
    ) -> MemberIndex:
        aliases: dict[str, str] = {}

        def add(alias: str, code: str) -> None:
            folded = _without_article(fold(alias))
            if folded:
                aliases.setdefault(folded, code)

        for code, name in names.names.items():
            add(name, code)
            add(code, code)
            parts = _PARENTHETICAL.match(name)
            if parts:  # "Bolivia (Plurinational State of)" -> also "Plurinational State of Bolivia"
                add(parts["base"], code)
                add(f"{parts['qualifier']} {parts['base']}", code)
        for source in (EXTRA_ALIASES, extra or {}):
            for code, variants in source.items():
                for variant in variants:
                    add(variant, code)
        return cls(aliases)

    def lookup(self, name: str) -> str | None:
        return self._aliases.get(_without_article(fold(name)))

    def parse_list(self, text: str) -> tuple[list[str], list[str]]:
        """All members in a list like "Angola, China and the Russian Federation".

        Returns (codes, unknown names): names join with commas and "and", but "Trinidad and
        Tobago" is one name, so the longest known name is taken at each step.
        """
        folded = fold(text)
        codes: list[str] = []
        unknown: list[str] = []
        position = 0
        while position < len(folded):
            gap = _SEPARATORS.match(folded, position)
            if gap:
                position = gap.end()
                continue
            found = self._pattern.match(folded, position)
            if found:
                codes.append(self._aliases[found.group()])
                position = found.end()
                continue
            token = _UNKNOWN_TOKEN.match(folded, position)
            end = token.end() if token and token.end() > position else len(folded)
            unknown.append(folded[position:end].strip())
            position = end
        return codes, unknown

    def parse_leading(self, text: str) -> tuple[list[str], int]:
        """The members at the start of `text`, stopping at the first word that is not one.

        For phrases like "vetoed by the Russian Federation, which said ..." where the list has
        no closing bracket. Returns the codes and how many characters of the folded text they
        took (so a caller can check what follows the list).
        """
        folded = fold(text)
        codes: list[str] = []
        position = 0
        consumed = 0
        while position < len(folded):
            gap = _SEPARATORS.match(folded, position)
            if gap:
                position = gap.end()
                continue
            found = self._pattern.match(folded, position)
            if not found:
                break
            codes.append(self._aliases[found.group()])
            position = consumed = found.end()
        return codes, consumed

    def aliases_of(self, codes: Collection[str]) -> dict[str, str]:
        """The folded names of these members, alias -> code (for near matches)."""
        return {alias: code for alias, code in self._aliases.items() if code in codes}

    def near_match(self, name: str, codes: Collection[str]) -> str | None:
        """The one member among `codes` whose name is within a typo of `name`, else None.

        Releases misspell names ("Russian Federatioin"); a near match is trusted only when it
        is unambiguous among the members seated that year and the name is long enough that one
        or two wrong letters cannot turn it into another state.
        """
        folded = _without_article(fold(name))
        if len(folded) < 6:
            return None
        allowed = 1 if len(folded) < 10 else 2
        found = {
            code
            for alias, code in self.aliases_of(codes).items()
            if len(alias) >= 6 and _distance(folded, alias, allowed) <= allowed
        }
        return found.pop() if len(found) == 1 else None


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
