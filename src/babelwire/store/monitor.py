"""Monitoring queries shared by both backends: watchlists, their alerts (an outbox table, written
in the transaction of the ingest chunk that causes them) and the bulk reads that tell what a
chunk changed in the stories it touched."""

from __future__ import annotations

from collections.abc import Sequence

from babelwire.errors import InputError
from babelwire.store.base import Row
from babelwire.store.reads import CLAIM_COLUMNS
from babelwire.store.writes import SQLBase, marks, now_iso

ALERT_COLUMNS = ("al.id, w.name AS watchlist, al.story_id, al.reason, al.detail, al.created,"
                 " al.delivery, al.attempts, s.title AS story_title,"
                 " s.article_count AS story_article_count")


class MonitorQueries(SQLBase):
    # -- watchlists ----------------------------------------------------------------------------

    def add_watchlist(self, name: str, spec: str, webhook: str | None,
                      allow_internal: bool) -> int:
        """A new watchlist (its filters as JSON text); an InputError when the name is taken."""
        with self.transaction():
            if self._one("SELECT id FROM watchlists WHERE name = ?", (name,)) is not None:
                raise InputError(f"a watchlist named {name!r} exists; remove it first or pick "
                                 "another name")
            (row,) = self._run(
                "INSERT INTO watchlists (name, spec, webhook, allow_internal, created)"
                " VALUES (?, ?, ?, ?, ?) RETURNING id",
                (name, spec, webhook, int(allow_internal), now_iso()))
        return int(row["id"])

    def watchlist_rows(self) -> list[Row]:
        return self._run("SELECT id, name, spec, webhook, allow_internal, created"
                         " FROM watchlists ORDER BY name")

    def remove_watchlist(self, name: str) -> bool:
        """Remove a watchlist and its alerts; False when there is none of that name."""
        with self.transaction():
            found = self._one("SELECT id FROM watchlists WHERE name = ?", (name,))
            if found is None:
                return False
            self._run("DELETE FROM alerts WHERE watchlist_id = ?", (found["id"],))
            self._run("DELETE FROM watchlists WHERE id = ?", (found["id"],))
        return True

    # -- alerts --------------------------------------------------------------------------------

    def add_alerts(self, alerts: Sequence[tuple[int, int, str, str, str]]) -> int:
        """Alerts (watchlist id, story id, reason, detail, delivery) not already recorded;
        returns how many were new. Run inside the chunk's transaction."""
        added = 0
        created = now_iso()
        for watchlist_id, story_id, reason, detail, delivery in alerts:
            added += len(self._run(
                "INSERT INTO alerts (watchlist_id, story_id, reason, detail, created, delivery)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (watchlist_id, story_id, reason, detail)"
                " DO NOTHING RETURNING id",
                (watchlist_id, story_id, reason, detail, created, delivery)))
        return added

    def matched_stories(self, story_ids: Sequence[int]) -> set[tuple[int, int]]:
        """(watchlist id, story id) of the stories a watchlist already alerted on."""
        if not story_ids:
            return set()
        return {(int(r["watchlist_id"]), int(r["story_id"])) for r in self._run(
            "SELECT DISTINCT watchlist_id, story_id FROM alerts"
            f" WHERE story_id IN ({marks(story_ids)})", list(story_ids))}

    def alert_rows(self, watchlist: str | None = None, since: str | None = None,
                   limit: int = 100) -> list[Row]:
        """Alerts newest first, of one watchlist and created at or after `since`: one query
        on the `alerts_created` index, however many alerts there are."""
        clauses, params = ["1 = 1"], []
        if watchlist is not None:
            clauses.append("w.name = ?")
            params.append(watchlist)
        if since is not None:
            clauses.append("al.created >= ?")
            params.append(since)
        return self._run(
            f"SELECT {ALERT_COLUMNS} FROM alerts al JOIN watchlists w ON w.id = al.watchlist_id"
            " LEFT JOIN stories s ON s.id = al.story_id"
            f" WHERE {' AND '.join(clauses)} ORDER BY al.created DESC, al.id DESC LIMIT ?",
            [*params, limit])

    # -- the outbox ----------------------------------------------------------------------------

    def due_deliveries(self, now: float, limit: int = 50) -> list[Row]:
        """Pending webhook deliveries whose time has come, oldest first, with their target."""
        return self._run(
            f"SELECT {ALERT_COLUMNS}, w.webhook, w.allow_internal FROM alerts al"
            " JOIN watchlists w ON w.id = al.watchlist_id LEFT JOIN stories s"
            " ON s.id = al.story_id WHERE al.delivery = 'pending'"
            " AND COALESCE(al.next_attempt, 0) <= ? ORDER BY al.id LIMIT ?", (now, limit))

    def claim_delivery(self, alert_id: int, attempts: int, lease_until: float) -> bool:
        """Take one pending delivery for this process (another one may have taken it)."""
        with self.transaction():
            taken = self._run(
                "UPDATE alerts SET attempts = ?, next_attempt = ? WHERE id = ?"
                " AND delivery = 'pending' AND attempts = ? RETURNING id",
                (attempts + 1, lease_until, alert_id, attempts))
        return bool(taken)

    def finish_delivery(self, alert_id: int, delivery: str, next_attempt: float | None,
                        error: str | None) -> None:
        with self.transaction():
            self._run("UPDATE alerts SET delivery = ?, next_attempt = ?, last_error = ?"
                      " WHERE id = ?", (delivery, next_attempt, error, alert_id))

    # -- what a chunk changed ------------------------------------------------------------------

    def claims_of_stories(self, story_ids: Sequence[int]) -> list[Row]:
        """Claims of the original articles (not republished copies) of some stories."""
        if not story_ids:
            return []
        return self._run(
            f"SELECT {CLAIM_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id"
            f" WHERE a.story_id IN ({marks(story_ids)}) AND a.duplicate_of IS NULL"
            " ORDER BY c.article_id, c.sentence", list(story_ids))

    def entity_keys_of_stories(self, story_ids: Sequence[int]) -> list[Row]:
        """(story_id, entity_key, surface) of every distinct spelling in some stories."""
        if not story_ids:
            return []
        return self._run(
            "SELECT DISTINCT a.story_id, m.entity_key, m.surface FROM mentions m JOIN articles a"
            f" ON a.id = m.article_id WHERE a.story_id IN ({marks(story_ids)})",
            list(story_ids))

    def vectors_of_stories(self, story_ids: Sequence[int]) -> list[Row]:
        """(story_id, article_id, vector bytes) of the original articles of some stories."""
        if not story_ids:
            return []
        return self._run(
            "SELECT a.story_id, a.id AS article_id, e.vector FROM embeddings e JOIN articles a"
            f" ON a.id = e.article_id WHERE a.story_id IN ({marks(story_ids)})"
            " AND a.duplicate_of IS NULL", list(story_ids))
