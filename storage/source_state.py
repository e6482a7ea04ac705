"""The source-state store: small facts a source keeps between runs, one row per key."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from storage.clock import Clock, utcnow
from storage.models import SourceStateRow


class SourceStateStore:
    """Implements bot.sources.base.StateStore over the source_state table."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def load(self, source: str) -> dict[str, str]:
        with self._sessions() as session:
            query = select(SourceStateRow).where(SourceStateRow.source == source)
            return {row.key: row.value for row in session.scalars(query)}

    def save(self, source: str, changes: Mapping[str, str | None]) -> None:
        """Set each key to its value (None: forget it); keys whose value is already stored
        are left alone, so saving what is known writes nothing."""
        if not changes:
            return
        with self._sessions.begin() as session:
            stored = {
                row.key: row
                for row in session.scalars(
                    select(SourceStateRow).where(
                        SourceStateRow.source == source,
                        SourceStateRow.key.in_(list(changes)),
                    )
                )
            }
            now = self._clock()
            for key, value in changes.items():
                row = stored.get(key)
                if value is None:
                    if row is not None:
                        session.execute(
                            delete(SourceStateRow).where(
                                SourceStateRow.source == source, SourceStateRow.key == key
                            )
                        )
                elif row is None:
                    session.add(SourceStateRow(source=source, key=key, value=value, updated_at=now))
                elif row.value != value:
                    row.value, row.updated_at = value, now
