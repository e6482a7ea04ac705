"""Read the reference data shipped in data/: signatories, member names, Council membership, votes.

Every record is checked as it is read; a bad one is a DataError naming the file, the record and
the rule it breaks, so an operator who edits the data finds the mistake at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.domain import rules
from bot.domain.errors import ActbotError
from bot.domain.model import (
    Atrocity,
    Ballot,
    Choice,
    Classification,
    Outcome,
    SourceRef,
    Vote,
    VoteStatus,
)
from bot.domain.registry import (
    CODE_LAUNCHED,
    CouncilMembership,
    MemberNames,
    NotSignatory,
    Signatory,
    SignatoryRegistry,
    SupporterCount,
    VerifiedList,
)
from bot.domain.symbols import (
    SymbolError,
    normalise_meeting,
    parse_draft_symbol,
    parse_resolution_symbol,
)

_CHOICE_LISTS = {
    "in_favour": Choice.YES,
    "against": Choice.NO,
    "abstaining": Choice.ABSTAIN,
    "not_voting": Choice.NOT_VOTING,
}


class DataError(ActbotError):
    """A data file, or one record in it, that the bot refuses to use."""

    def __init__(self, path: Path, problem: str, record: str | None = None) -> None:
        where = f"{path}" + (f", record {record}" if record else "")
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.record = record
        self.problem = problem


REFERENCE_FILES = ("signatories.json", "council_membership.json", "members.json")


@dataclass(frozen=True)
class ReferenceData:
    registry: SignatoryRegistry
    membership: CouncilMembership
    names: MemberNames  # English, the names votes are read with
    digest: str = ""
    """The hash of the files this was read from: votes read against other reference data
    are read again (bot.sources.bundled)."""
    translated_names: Mapping[str, MemberNames] = field(default_factory=dict)

    def names_in(self, language: str) -> MemberNames:
        """The member names a card in `language` shows (English where none are shipped)."""
        return self.translated_names.get(language, self.names)


def load_reference(data_dir: Path) -> ReferenceData:
    digest = hashlib.sha256()
    for name in REFERENCE_FILES:
        try:
            digest.update((data_dir / name).read_bytes())
        except OSError:
            digest.update(b"missing")  # the loader below says what is wrong with it
    registry = load_signatories(data_dir / "signatories.json")
    membership = load_membership(data_dir / "council_membership.json")
    names = load_names(data_dir / "members.json")
    return ReferenceData(
        registry=registry,
        membership=membership,
        names=names,
        digest=digest.hexdigest(),
        translated_names=load_translated_names(data_dir, names),
    )


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except OSError as error:
        raise DataError(path, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise DataError(path, "not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise DataError(path, f"not valid JSON ({error.msg} at line {error.lineno})") from None


def load_signatories(path: Path) -> SignatoryRegistry:
    return parse_signatories(read_json(path), path)


def parse_signatories(raw: Any, path: Path) -> SignatoryRegistry:
    """The signatory registry, every row checked: codes, dates (none before the launch), and
    a source key that the file's `sources` defines."""
    data = _object(raw, path)
    sources = _sources(data, path)

    def source_of(entry: Mapping[str, Any], label: str) -> str:
        key = str(entry["source"])
        if key not in sources:
            raise DataError(path, f"source {key!r} is not defined under 'sources'", label)
        return key

    def day(value: Any, label: str, what: str) -> date:
        when = _date(value)
        if when < CODE_LAUNCHED:
            raise DataError(path, f"{what} {when} is before the Code's launch (2015-10-23)", label)
        return when

    signatories: dict[str, Signatory] = {}
    for index, entry in enumerate(_list(data, "signatories", path)):
        label = f"#{index + 1}"
        try:
            iso3 = _iso3(entry["iso3"])
            label = iso3
            since = day(entry["since"], label, "since") if entry.get("since") else None
            listed = day(entry["listed_on"], label, "listed_on") if entry.get("listed_on") else None
            signatory = Signatory(iso3, str(entry["name"]), since, source_of(entry, label), listed)
        except (KeyError, TypeError, ValueError) as error:
            raise DataError(path, _why(error), label) from None
        if iso3 in signatories:
            raise DataError(path, "listed twice", iso3)
        signatories[iso3] = signatory
    try:
        as_of = _date(data["list_as_of"])
        lists = tuple(
            VerifiedList(day(e["date"], f"list {e['date']}", "date"), source_of(e, "list"))
            for e in data.get("verified_lists", [])
        )
        named = tuple(
            NotSignatory(_iso3(e["iso3"]), _date(e["until"]), source_of(e, str(e["iso3"])))
            for e in data.get("not_signatories", [])
        )
        counts = tuple(
            SupporterCount(_date(e["date"]), int(e["count"]), str(e.get("what", "")), str(e["ref"]))
            for e in data.get("supporter_counts_reported", [])
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DataError(path, _why(error)) from None
    for code in {n.iso3 for n in named} & set(signatories):
        raise DataError(path, "named as not a signatory but also listed as one", code)
    return SignatoryRegistry(
        as_of=as_of,
        signatories=signatories,
        lists=lists,
        not_signatories=named,
        counts=counts,
        sources={key: _citation(value) for key, value in sources.items()},
    )


def _sources(data: Mapping[str, Any], path: Path) -> dict[str, Mapping[str, Any]]:
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, dict) for v in sources.values()):
        raise DataError(path, "'sources' must map each key to {publisher, title, url_or_ref}")
    return sources


def _citation(source: Mapping[str, Any]) -> str:
    """ "publisher, title, url_or_ref": what an export names as a signatory fact's source."""
    parts = (str(source.get(key, "")).strip() for key in ("publisher", "title", "url_or_ref"))
    return ", ".join(part for part in parts if part)


def load_membership(path: Path) -> CouncilMembership:
    data = _object(read_json(path), path)
    years: dict[int, frozenset[str]] = {}
    raw_years = data.get("years")
    if not isinstance(raw_years, dict):
        raise DataError(path, "'years' must be an object of year -> members")
    for year_text, members in raw_years.items():
        try:
            year = int(year_text)
            codes = [_iso3(m["iso3"] if isinstance(m, dict) else m) for m in members]
        except (KeyError, TypeError, ValueError) as error:
            raise DataError(path, _why(error), str(year_text)) from None
        if len(set(codes)) != 15 or len(codes) != 15:
            raise DataError(path, f"needs 15 distinct members, has {len(set(codes))}", year_text)
        years[year] = frozenset(codes)
    return CouncilMembership(years)


def load_names(path: Path, fallback: MemberNames | None = None) -> MemberNames:
    """The names of one language's file; a state it does not name keeps the fallback's
    (English) name without an article, never a guessed translation."""
    data = _object(read_json(path), path)
    members = data.get("members")
    if not isinstance(members, dict):
        raise DataError(path, "'members' must be an object of ISO3 -> {name, short}")
    language = str(data.get("language") or "en")
    names = dict(fallback.names) if fallback else {}
    labels = dict(fallback.labels) if fallback else {}
    articles = {}
    for code, entry in members.items():
        try:
            iso3 = _iso3(code)
            names[iso3] = str(entry["name"])
            labels[iso3] = str(entry.get("label") or entry.get("short") or entry["name"])
            if entry.get("article"):
                articles[iso3] = str(entry["article"])
        except (KeyError, TypeError, ValueError) as error:
            raise DataError(path, _why(error), code) from None
    return MemberNames(names, labels, articles, language)


def load_translated_names(data_dir: Path, english: MemberNames) -> dict[str, MemberNames]:
    """Member names in every language with a file in data/names/ (fr.json, es.json)."""
    translated = {}
    for path in sorted((data_dir / "names").glob("*.json")):
        names = load_names(path, english)
        if names.language != path.stem:
            raise DataError(path, f"says language {names.language!r}, file is {path.stem!r}")
        translated[names.language] = names
    return translated


def vote_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "votes").glob("*.json"))


def read_vote_file(path: Path, reference: ReferenceData) -> Iterator[Vote]:
    """Every record of a votes file as a Vote, checked against the Council rules."""
    data = _object(read_json(path), path)
    for index, record in enumerate(_list(data, "votes", path)):
        label = _record_label(record, index)
        try:
            vote = parse_vote_record(record, reference.names, source_label=path.name)
        except (KeyError, TypeError, ValueError, SymbolError) as error:
            raise DataError(path, _why(error), label) from None
        found = rules.problems(vote, reference.membership)
        declared = record.get("vetoed_by")
        if declared is not None and not rules.declared_vetoes_match(vote, list(declared)):
            found.append(
                f"vetoed_by {sorted(declared)} but the ballots show {sorted(vote.vetoed_by)}"
            )
        if found:
            raise DataError(path, "; ".join(found), label)
        yield vote


def parse_vote_record(
    record: Mapping[str, Any], names: MemberNames, source_label: str = "data"
) -> Vote:
    """One record in the shared vote format (README.md, "Adding a vote") -> Vote."""
    if not isinstance(record, Mapping):
        raise TypeError("a vote record must be a JSON object")
    ballots: list[Ballot] = []
    for key, choice in _CHOICE_LISTS.items():
        for code in record.get(key) or []:
            iso3 = _iso3(code)
            ballots.append(Ballot(iso3, names.name(iso3), choice))
    draft = record.get("draft_symbol")
    resolution = record.get("resolution_symbol")
    atrocity = record.get("atrocity_related")
    reason = str(record.get("atrocity_reason") or "")
    sources = tuple(_source(source) for source in record.get("sources") or [])
    if not sources:
        raise ValueError("names no source")
    procedural = record.get("procedural", False)
    if not isinstance(procedural, bool):
        raise ValueError(f"procedural must be true or false, not {procedural!r}")
    return Vote(
        draft_symbol=parse_draft_symbol(draft) if draft else None,
        resolution_symbol=parse_resolution_symbol(resolution) if resolution else None,
        date=_date(record["date"]),
        outcome=Outcome(record["outcome"]),
        ballots=tuple(ballots),
        title=str(record.get("title") or ""),
        short_title=str(record.get("short_title") or ""),
        agenda=str(record.get("agenda") or ""),
        meeting=normalise_meeting(record["meeting"]) if record.get("meeting") else None,
        sources=sources,
        classification=Classification(
            {True: Atrocity.YES, False: Atrocity.NO, None: Atrocity.UNDECIDED}[atrocity],
            # null with a reason is the curators' "operator decides", not "nobody looked"
            f"data:{source_label}" if atrocity is not None or reason else "nobody",
            reason,
        ),
        status=VoteStatus(record.get("status", VoteStatus.CONFIRMED.value)),
        cross_check=str(record.get("cross_check") or ""),
        procedural=procedural,
    )


def _source(entry: Mapping[str, Any]) -> SourceRef:
    supports = entry.get("supports") or []
    if isinstance(supports, str):
        supports = [part.strip() for part in supports.split(",")]
    return SourceRef(
        publisher=str(entry["publisher"]),
        url=entry.get("url"),
        id=entry.get("id"),
        supports=tuple(str(item) for item in supports),
    )


def _record_label(record: Any, index: int) -> str:
    if isinstance(record, Mapping):
        return str(record.get("resolution_symbol") or record.get("draft_symbol") or f"#{index + 1}")
    return f"#{index + 1}"


def _object(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise DataError(path, "expected a JSON object at the top level")
    return data


def _list(data: Mapping[str, Any], key: str, path: Path) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise DataError(path, f"'{key}' must be a list")
    return value


def _iso3(value: Any) -> str:
    if not (isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper()):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 code")
    return value


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a YYYY-MM-DD date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a YYYY-MM-DD date") from None


def _why(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return str(error)
