"""Bringing a newer signatory list in: `actbot signatories add` and `as-of` edit
data/signatories.json the way a curator would, each change with its source.

Every change is checked by loading the edited file through the same loader the bot uses
(codes, dates, sources), and written atomically only if it loads: a bad command never leaves
a broken or half-written file behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.domain.errors import ActbotError
from bot.domain.registry import CODE_LAUNCHED, MemberNames, SignatoryRegistry
from bot.files import write_atomic
from bot.reference import DataError, load_names, load_signatories, parse_signatories, read_json


class SignatoryEditError(ActbotError, ValueError):
    """A signatory command that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class SignatoryFile:
    data_dir: Path

    @property
    def path(self) -> Path:
        return self.data_dir / "signatories.json"

    def registry(self) -> SignatoryRegistry:
        return load_signatories(self.path)

    def add(self, iso3: str, since: date, source: str) -> str:
        """Record that `iso3` supports the Code from `since`, as `source` shows."""
        code = self._known_code(iso3)
        self._check_day(since, "--since")
        data = self._read()
        key = self._new_source(data, source, since)
        entries: list[dict[str, Any]] = data.setdefault("signatories", [])
        for entry in entries:
            if entry.get("iso3") != code:
                continue
            if entry.get("since"):
                raise SignatoryEditError(
                    f"{code} is already a signatory since {entry['since']} ({entry['source']})"
                )
            listed = entry.get("listed_on")
            if listed and date.fromisoformat(listed) < since:
                raise SignatoryEditError(
                    f"{code} is already on the list of {listed}, before {since.isoformat()}"
                )
            entry["since"], entry["source"] = since.isoformat(), key
            break
        else:
            entries.append(
                {
                    "iso3": code,
                    "name": self._names().name(code),
                    "name_in_source": self._names().name(code),
                    "since": since.isoformat(),
                    "listed_on": None,
                    "observer": False,
                    "source": key,
                    "note": "added with `actbot signatories add`",
                }
            )
        for named in data.get("not_signatories", []):
            if named.get("iso3") == code and date.fromisoformat(named["until"]) >= since:
                raise SignatoryEditError(
                    f"{code}: a source ({named['source']}) says it had not signed on "
                    f"{named['until']}, after {since.isoformat()}; check the dates"
                )
        data["signatories"] = sorted(entries, key=lambda entry: str(entry["iso3"]))
        self._write(data)
        return code

    def as_of(self, day: date, source: str) -> int:
        """Record that the file's signatories are the whole list as of `day` (a list the
        operator checked entry by entry): absent states had not signed by then."""
        self._check_day(day, "the list's date")
        data = self._read()
        later = [
            s["iso3"] for s in data.get("signatories", []) if (s.get("since") or "") > str(day)
        ]
        if later:
            raise SignatoryEditError(
                f"{', '.join(sorted(later))} joined after {day.isoformat()}: a list of that day "
                "cannot include them"
            )
        key = self._new_source(data, source, day)
        lists: list[dict[str, Any]] = data.setdefault("verified_lists", [])
        if any(entry.get("date") == day.isoformat() for entry in lists):
            raise SignatoryEditError(f"a list of {day.isoformat()} is already recorded")
        lists.append({"date": day.isoformat(), "source": key, "what": "the whole list"})
        lists.sort(key=lambda entry: str(entry["date"]))
        if day.isoformat() > str(data.get("list_as_of", "")):
            data["list_as_of"] = day.isoformat()
        for entry in data.get("signatories", []):
            if not entry.get("since") and not entry.get("listed_on"):
                entry["listed_on"] = day.isoformat()
        self._write(data)
        return len(data.get("signatories", []))

    # -- checks and the file ----------------------------------------------------------------

    def _known_code(self, iso3: str) -> str:
        code = iso3.strip().upper()
        if code not in self._names().names:
            raise SignatoryEditError(
                f"{iso3!r} is not the ISO 3166 alpha-3 code of a state in data/members.json "
                "(e.g. MOZ for Mozambique)"
            )
        return code

    @staticmethod
    def _check_day(day: date, what: str) -> None:
        if day < CODE_LAUNCHED:
            raise SignatoryEditError(
                f"{what} {day.isoformat()} is before the Code's launch on 2015-10-23"
            )
        if day > date.today():
            raise SignatoryEditError(f"{what} {day.isoformat()} is in the future")

    @staticmethod
    def _new_source(data: dict[str, Any], source: str, day: date) -> str:
        text = " ".join(source.split())
        if not text:
            raise SignatoryEditError("--source is empty: give the URL or the document it is from")
        sources: dict[str, Any] = data.setdefault("sources", {})
        for key, known in sources.items():
            if known.get("url_or_ref") == text:
                return str(key)
        number = 1
        while f"operator-{day.isoformat()}-{number}" in sources:
            number += 1
        key = f"operator-{day.isoformat()}-{number}"
        sources[key] = {"publisher": "operator", "title": "", "url_or_ref": text}
        return key

    def _names(self) -> MemberNames:
        return load_names(self.data_dir / "members.json")

    def _read(self) -> dict[str, Any]:
        data = read_json(self.path)
        if not isinstance(data, dict):
            raise DataError(self.path, "not a JSON object")
        return data

    def _write(self, data: dict[str, Any]) -> None:
        parse_signatories(data, self.path)  # the edit must load as the bot loads it
        write_atomic(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
