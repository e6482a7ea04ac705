"""Who sat on the Council when, who signed the Code of Conduct, and what members are called."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

CODE_LAUNCHED = date(2015, 10, 23)
"""The Code of Conduct was launched on 23 October 2015 (A/70/621-S/2015/978)."""


class SignatoryStatus(StrEnum):
    SIGNATORY = "signatory"
    NOT_SIGNATORY = "not signatory"
    PREDATES_CODE = "predates the Code"


@dataclass(frozen=True)
class Signatory:
    """A state on the Code's list; `since` is None when it is known only from a dated list."""

    iso3: str
    name: str
    since: date | None
    source: str


@dataclass(frozen=True)
class SignatoryRegistry:
    """The Code's supporters as of `as_of`, the date of the newest list this registry reflects."""

    as_of: date
    signatories: Mapping[str, Signatory]

    def status(self, iso3: str, on: date) -> SignatoryStatus:
        """A state counts from the date a source gives, else from the launch; nobody before it."""
        if on < CODE_LAUNCHED:
            return SignatoryStatus.PREDATES_CODE
        signatory = self.signatories.get(iso3)
        if signatory is None:
            return SignatoryStatus.NOT_SIGNATORY
        since = signatory.since or CODE_LAUNCHED
        return SignatoryStatus.SIGNATORY if since <= on else SignatoryStatus.NOT_SIGNATORY

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
    """The UN short name of each state (Côte d'Ivoire, Türkiye, ...) and a compact card label."""

    names: Mapping[str, str]
    labels: Mapping[str, str]

    def name(self, iso3: str) -> str:
        return self.names.get(iso3, iso3)

    def label(self, iso3: str) -> str:
        return self.labels.get(iso3) or self.name(iso3)
