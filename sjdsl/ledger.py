"""The grant ledger: SQLite (standard library), one file, no server.

The ledger supplies each enterprise's history, evaluates, and records the grant with its result
in one transaction taken with ``BEGIN IMMEDIATE``, so that cumulative, yearly and one-time limits
hold by construction even when several processes grant to one enterprise at once. A repeated
``id`` returns the recorded result and grants nothing new. A revoked grant (clawback) keeps its
record and stops counting against the limits.

Rules on foreign data (documented in docs/ledger.md):
- a grant for an unknown provision, or any request the policy rejects, is recorded nowhere;
- a grant dated before the enterprise's latest recorded grant is refused: history must be earlier
  grants, and limits already decided after that date would not have seen it;
- amounts are stored as integer fen, so sums in the ledger are exact.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from sjdsl.money import FEN, fmt_result

SCHEMA_VERSION = 1
DEFAULT_PATH = "sjdsl-ledger.sqlite"

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE grants (
        id          TEXT PRIMARY KEY,
        policy      TEXT NOT NULL,
        enterprise  TEXT NOT NULL,
        provision   TEXT NOT NULL,
        date        TEXT NOT NULL,
        project     TEXT,
        person      TEXT,
        inputs      TEXT NOT NULL,
        amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
        result      TEXT NOT NULL,
        revoked     INTEGER NOT NULL DEFAULT 0,
        revoke_reason TEXT
    );
    CREATE INDEX grants_by_enterprise ON grants (policy, enterprise, date);
    """,
}


class Evaluator(Protocol):
    name: str

    def evaluate_json(self, raw: Any) -> dict[str, Any]: ...


class LedgerError(Exception):
    """A ledger that cannot be opened or used (not a request error: those are results)."""


def to_fen(amount: str) -> int:
    return int(Decimal(amount) / FEN)


def from_fen(fen: int) -> str:
    return fmt_result(Decimal(fen) * FEN)


class Ledger:
    """A ledger file. ``grant`` is safe to call from several processes at once."""

    def __init__(self, path: str | Path = DEFAULT_PATH, timeout: float = 60.0) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{self.path} is not a usable sjdsl ledger: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise LedgerError(f"{self.path} has schema {version}, newer than this sjdsl "
                                  f"({SCHEMA_VERSION}): upgrade sjdsl")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step].split(";"):  # inside this transaction
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                                (str(step),))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # -- granting
    def grant(self, policy: Evaluator, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Evaluate a request against the recorded history and record it, atomically."""
        problem = _check_request(raw)
        if problem is not None:
            return problem
        key, enterprise = str(raw["id"]), str(raw["enterprise"])
        self.db.execute("BEGIN IMMEDIATE")
        try:
            recorded = self.db.execute("SELECT result FROM grants WHERE id = ?",
                                       (key,)).fetchone()
            if recorded is not None:
                self.db.execute("COMMIT")
                return dict(json.loads(recorded[0]), id=key, enterprise=enterprise, repeated=True)
            result = self._decide(policy, raw, key, enterprise)
            self.db.execute("COMMIT")
            return result
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _decide(self, policy: Evaluator, raw: Mapping[str, Any], key: str,
                enterprise: str) -> dict[str, Any]:
        latest = self.db.execute(
            "SELECT MAX(date) FROM grants WHERE policy = ? AND enterprise = ? AND revoked = 0 "
            "AND amount_fen > 0", (policy.name, enterprise)).fetchone()[0]
        date = raw.get("date")
        if latest is not None and isinstance(date, str) and date < latest:
            return {"error": f"date {date} is before this enterprise's latest recorded grant "
                             f"({latest}); the ledger records grants in date order",
                    "field": "date", "provision": raw.get("provision"), "id": key,
                    "enterprise": enterprise}
        request = {k: v for k, v in raw.items() if k not in ("id", "enterprise")}
        request["history"] = self.history(policy.name, enterprise)
        result = policy.evaluate_json(request)
        if "error" in result:
            return dict(result, id=key, enterprise=enterprise)
        inputs = raw.get("inputs") if isinstance(raw.get("inputs"), Mapping) else {}
        self.db.execute(
            "INSERT INTO grants (id, policy, enterprise, provision, date, project, person, "
            "inputs, amount_fen, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, policy.name, enterprise, result["provision"], date, raw.get("project"),
             raw.get("person"), json.dumps(inputs, ensure_ascii=False, default=str),
             to_fen(result["amount"]), json.dumps(result, ensure_ascii=False)))
        return dict(result, id=key, enterprise=enterprise)

    def history(self, policy: str, enterprise: str) -> list[dict[str, Any]]:
        """The enterprise's grants in force (not revoked, above zero) as contract history."""
        rows = self.db.execute(
            "SELECT provision, date, amount_fen, project, person, inputs FROM grants "
            "WHERE policy = ? AND enterprise = ? AND revoked = 0 AND amount_fen > 0 "
            "ORDER BY date, rowid", (policy, enterprise))
        history = []
        for provision, date, fen, project, person, inputs in rows:
            entry: dict[str, Any] = {"provision": provision, "date": date,
                                     "amount": from_fen(fen), "inputs": json.loads(inputs)}
            if project is not None:
                entry["project"] = project
            if person is not None:
                entry["person"] = person
            history.append(entry)
        return history

    # -- clawback, reading
    def revoke(self, key: str, reason: str) -> bool:
        """Revoke a grant: the record stays, marked, and no longer counts. False if unknown."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            changed = self.db.execute(
                "UPDATE grants SET revoked = 1, revoke_reason = ? WHERE id = ? AND revoked = 0",
                (reason, key)).rowcount
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return changed == 1

    def rows(self, enterprise: str | None = None) -> Iterator[dict[str, Any]]:
        query = ("SELECT id, policy, enterprise, provision, date, project, person, amount_fen, "
                 "revoked, revoke_reason FROM grants")
        args: tuple[str, ...] = ()
        if enterprise is not None:
            query += " WHERE enterprise = ?"
            args = (enterprise,)
        for row in self.db.execute(query + " ORDER BY date, rowid", args):
            key, policy, ent, provision, date, project, person, fen, revoked, reason = row
            yield {"id": key, "policy": policy, "enterprise": ent, "provision": provision,
                   "date": date, "project": project, "person": person,
                   "amount": from_fen(fen), "revoked": bool(revoked),
                   "revoke_reason": reason}


def _check_request(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        return {"error": "a grant request must be a JSON object", "field": "request",
                "provision": None}
    for field in ("id", "enterprise"):
        value = raw.get(field)
        if not isinstance(value, str) or not value:
            return {"error": f"{field}: a grant request needs a non-empty string '{field}'",
                    "field": field, "provision": raw.get("provision")}
    if "history" in raw:
        return {"error": "history: the ledger supplies the history; leave it out",
                "field": "history", "provision": raw.get("provision"), "id": raw.get("id")}
    return None
