"""Who sat on the Council when, who signed the Code of Conduct, and what members are called."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

CODE_LAUNCHED = date(2015, 10, 23)
"""The Code of Conduct was launched on 23 October 2015 (A/70/621-S/2015/978)."""


class SignatoryStatus(StrEnum):
    SIGNATORY = "signatory"
    NOT_SIGNATORY = "not signatory"
    NOT_KNOWN = "not known"  # no source vouches either way for that day
    PREDATES_CODE = "predates the Code"


@dataclass(frozen=True)
class Signatory:
    """A state on the Code's list. `since` is the day a dated source shows it supporting the
    Code; None when it is known only from the list dated `listed_on`."""

    iso3: str
    name: str
    since: date | None
    source: str
    listed_on: date | None = None


@dataclass(frozen=True)
class VerifiedList:
    """A whole list of supporters checked on a day: a state absent from it had not signed."""

    on: date
    source: str


@dataclass(frozen=True)
class NotSignatory:
    """A source that names a state as not having signed, up to a day (e.g. the permanent
    members other than France and the United Kingdom, as of 11 May 2023)."""

    iso3: str
    until: date
    source: str


@dataclass(frozen=True)
class SupporterCount:
    """How many states a source says supported the Code on a day (no names): a fact to cite."""

    on: date
    count: int
    what: str
    source: str


@dataclass(frozen=True)
class Standing:
    """A state's signatory status on a day, with the source that says so (or why none does)."""

    status: SignatoryStatus
    source: str
    on_a_later_list: bool = False
    """For NOT_KNOWN: the state is on a list dated after the day, but no source dates when
    it joined (so the card says it is on that list, not that it had signed)."""


@dataclass(frozen=True)
class SignatoryRegistry:
    """The Code's supporters as the sources show them; `as_of` is the newest verified list.

    For a state and a day the registry answers only what a source says: signatory (from
    the day a dated source shows it, or from a verified list's day), not a signatory (absent
    from a whole list checked on or after that day, or named as such), else not known.
    """

    as_of: date
    signatories: Mapping[str, Signatory]
    lists: tuple[VerifiedList, ...] = ()
    not_signatories: tuple[NotSignatory, ...] = ()
    counts: tuple[SupporterCount, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    """Source key -> a citation a reader can follow (publisher, title, URL)."""

    def cite(self, key: str) -> str:
        return self.sources.get(key, key)

    def standing(self, iso3: str, on: date) -> Standing:
        if on < CODE_LAUNCHED:
            return Standing(SignatoryStatus.PREDATES_CODE, "the Code was launched on 2015-10-23")
        signatory = self.signatories.get(iso3)
        if signatory is not None:
            return self._listed(signatory, on)
        checked = [entry for entry in self.lists if entry.on >= on]
        if checked:
            first = min(checked, key=lambda entry: entry.on)
            return Standing(SignatoryStatus.NOT_SIGNATORY, self.cite(first.source))
        named = [n for n in self.not_signatories if n.iso3 == iso3 and n.until >= on]
        if named:
            return Standing(SignatoryStatus.NOT_SIGNATORY, self.cite(named[0].source))
        newest = max((entry.on for entry in self.lists), default=self.as_of)
        return Standing(
            SignatoryStatus.NOT_KNOWN,
            f"not on the list of {newest.isoformat()}; no source covers later days",
        )

    def _listed(self, signatory: Signatory, on: date) -> Standing:
        source = self.cite(signatory.source)
        if signatory.since is not None:
            joined = signatory.since <= on
            status = SignatoryStatus.SIGNATORY if joined else SignatoryStatus.NOT_SIGNATORY
            return Standing(status, source)
        listed = signatory.listed_on or self.as_of
        if listed <= on:
            return Standing(SignatoryStatus.SIGNATORY, source)
        return Standing(SignatoryStatus.NOT_KNOWN, source, on_a_later_list=True)

    def status(self, iso3: str, on: date) -> SignatoryStatus:
        return self.standing(iso3, on).status

    def is_signatory(self, iso3: str, on: date) -> bool:
        return self.status(iso3, on) is SignatoryStatus.SIGNATORY


@dataclass(frozen=True)
class CouncilMembership:
    """The fifteen members seated in each calendar year (terms run 1 January to 31 December)."""

    years: Mapping[int, frozenset[str]]

    def seated(self, year: int) -> frozenset[str]:
        try:
            return self.years[year]
        except KeyError:
            raise KeyError(f"no Council membership known for {year}") from None

    def knows(self, year: int) -> bool:
        return year in self.years


@dataclass(frozen=True)
class MemberNames:
    """The UN short name of each state in one language (Côte d'Ivoire, Türkiye, ...), the
    article it takes in running text ("the Russian Federation", "la Fédération de Russie")
    and a compact card label."""

    names: Mapping[str, str]
    labels: Mapping[str, str]
    articles: Mapping[str, str] = field(default_factory=dict)
    language: str = "en"

    def name(self, iso3: str) -> str:
        return self.names.get(iso3, iso3)

    def label(self, iso3: str) -> str:
        return self.labels.get(iso3) or self.name(iso3)

    def in_text(self, iso3: str) -> str:
        """The name as a sentence carries it: "the United Kingdom", "l'Algérie", "China"."""
        article = self.articles.get(iso3, "")
        if not article:
            return self.name(iso3)
        joiner = "" if article.endswith("'") else " "
        return f"{article}{joiner}{self.name(iso3)}"
