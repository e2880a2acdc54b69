"""The grant ledger: SQLite (standard library), one file, no server.

The ledger supplies each enterprise's history, evaluates, and records the grant with its result
in one transaction taken with ``BEGIN IMMEDIATE``, so that cumulative, yearly and one-time limits
hold by construction even when several processes grant to one enterprise at once. A repeated
``id`` returns the recorded result and grants nothing new; the same ``id`` with other content
(another policy, enterprise, provision, date, inputs …) is an error and the first grant stands.
A revoked grant (clawback) keeps its record and stops counting against the limits.

Rules on foreign data (documented in docs/ledger.md):
- a grant for an unknown provision, or any request the policy rejects, is recorded nowhere;
- a grant dated before the enterprise's latest recorded grant is refused: history must be earlier
  grants, and limits already decided after that date would not have seen it;
- amounts are stored as integer fen, so sums in the ledger are exact;
- inputs are stored by their English names (see ``ledger_requests``), and read back the same way,
  so a ledger written before that rule heals on reading.

A ledger that cannot be used (not SQLite, damaged, from a newer sjdsl, read-only when written
to) raises ``LedgerError`` with a message for a person; request problems are answers.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from sjdsl.runtime.money import FEN, fmt_result
from sjdsl.tools.ledger_requests import (
    canonical_inputs,
    check_request,
    content,
    differences,
    input_specs,
    json_text,
)

SCHEMA_VERSION = 2
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
    # 2: the override flag is part of a grant's content (a reused id is compared by it); NULL
    # for grants recorded before, which are compared without it.
    2: "ALTER TABLE grants ADD COLUMN override_approved INTEGER",
}
#: The columns each schema version has, checked on opening (a damaged file is named as such).
_COLUMNS_1 = frozenset(("id", "policy", "enterprise", "provision", "date", "project", "person",
                        "inputs", "amount_fen", "result", "revoked", "revoke_reason"))
_COLUMNS = {1: _COLUMNS_1, 2: _COLUMNS_1 | {"override_approved"}}
_VERSION_TEXT = re.compile(r"[1-9][0-9]{0,8}")


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
    """A ledger file. ``grant`` is safe to call from several processes at once.

    ``read_only`` tells whether the file can be read but not written: granting and revoking
    then raise ``LedgerError``; reading works, also in a file of an older schema (which is
    upgraded when it is next opened writable)."""

    def __init__(self, path: str | Path = DEFAULT_PATH, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.read_only = False
        try:
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except (sqlite3.Error, ValueError) as exc:
            raise LedgerError(f"{self.path} cannot be opened as a ledger: {exc}") from None
        try:
            self._journal()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise LedgerError(self._unusable(exc)) from None
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _journal(self) -> None:
        """WAL with full syncs; a read-only file keeps its journal mode (it is only read)."""
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if not _is_read_only(exc):
                raise
        self.db.execute("PRAGMA synchronous=FULL")

    def _unusable(self, exc: sqlite3.Error) -> str:
        if _is_read_only(exc):
            return f"{self.path} is read-only and this sjdsl must write to it: {exc}"
        return f"{self.path} is not a usable sjdsl ledger: {exc}"

    # -- schema
    def _migrate(self) -> None:
        with self._transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            version = self._version()
            self.read_only = version > 0 and self._cannot_write()
            if self.read_only:  # an older schema is read as it is: only writing needs the new
                self._check_columns(version)
                return
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step].split(";"):  # inside this transaction
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                                (str(step),))
            self._check_columns(SCHEMA_VERSION)

    def _version(self) -> int:
        """The file's schema version, refusing what is not a ledger of a version we know."""
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            if self._has_grants():
                raise LedgerError(f"{self.path} has a grants table but no schema_version: it is "
                                  "not a ledger of this version")
            return 0
        if not isinstance(row[0], str) or not _VERSION_TEXT.fullmatch(row[0]):
            shown = repr(row[0]) if len(repr(row[0])) <= 40 else repr(row[0])[:37] + "…"
            raise LedgerError(f"{self.path}: meta.schema_version is {shown}, not a version "
                              "number: the file is not a ledger of this version")
        version = int(row[0])
        if version > SCHEMA_VERSION:
            raise LedgerError(f"{self.path} has schema {version}, newer than this sjdsl "
                              f"({SCHEMA_VERSION}): upgrade sjdsl")
        if not self._has_grants():
            raise LedgerError(f"{self.path} is damaged: its grants table is missing (schema "
                              f"{version} has one); restore the file from a backup")
        return version

    def _has_grants(self) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                               "name = 'grants'").fetchone() is not None

    def _check_columns(self, version: int) -> None:
        have = {row[1] for row in self.db.execute("PRAGMA table_info(grants)")}
        missing = sorted(_COLUMNS[version] - have)
        if missing:
            raise LedgerError(f"{self.path} is damaged: the grants table lacks "
                              f"{', '.join(missing)}; restore the file from a backup")

    def _cannot_write(self) -> bool:
        """Whether SQLite refuses to write the file (tried and undone, inside a transaction)."""
        self.db.execute("SAVEPOINT probe")
        try:
            self.db.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")
        except sqlite3.OperationalError as exc:
            if not _is_read_only(exc):
                raise
            return True
        finally:
            self.db.execute("ROLLBACK TO probe")
            self.db.execute("RELEASE probe")
        return False

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One ``BEGIN IMMEDIATE`` transaction: committed whole, or rolled back whole."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    # -- granting
    def grant(self, policy: Evaluator, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Evaluate a request against the recorded history and record it, atomically.

        Request problems (including a reused id with other content) are answered with an
        ``error`` object; a ledger that fails (read-only, damaged, locked too long) raises
        ``LedgerError``, and nothing of the request is recorded."""
        problem = check_request(raw)
        if problem is not None:
            return problem
        key, enterprise = raw["id"], raw["enterprise"]
        if self.read_only:
            raise LedgerError(f"{self.path} is read-only: grant {key} was not recorded")
        try:
            with self._transaction():
                return self._answer(policy, raw, key, enterprise)
        except sqlite3.Error as exc:
            raise LedgerError(f"{self.path}: {exc}; grant {key} was not recorded") from None

    def _answer(self, policy: Evaluator, raw: Mapping[str, Any], key: str,
                enterprise: str) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT policy, enterprise, provision, date, project, person, override_approved, "
            "inputs, result FROM grants WHERE id = ?", (key,)).fetchone()
        if row is None:
            return self._decide(policy, raw, key, enterprise)
        specs = input_specs(policy, row[2])
        recorded = dict(zip(("policy", "enterprise", "provision", "date", "project", "person"),
                            row[:6], strict=True))
        recorded["override_approved"] = None if row[6] is None else bool(row[6])
        recorded["inputs"] = canonical_inputs(specs, json.loads(row[7]))
        asked = content(policy.name, raw, input_specs(policy, raw.get("provision")))
        differ = differences(recorded, asked, specs)
        if differ:
            return {"error": f"id {key} is already recorded for another request ("
                             + "; ".join(differ) + "): that grant stands; give a new grant "
                             "a new id", "field": "id", "provision": raw.get("provision"),
                    "id": key, "enterprise": enterprise}
        return dict(json.loads(row[8]), id=key, enterprise=enterprise, repeated=True)

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
        request["history"] = self.history(policy, enterprise)
        result = policy.evaluate_json(request)
        if "error" in result:
            return dict(result, id=key, enterprise=enterprise)
        inputs = canonical_inputs(input_specs(policy, result["provision"]), raw.get("inputs"))
        self.db.execute(
            "INSERT INTO grants (id, policy, enterprise, provision, date, project, person, "
            "override_approved, inputs, amount_fen, result) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, policy.name, enterprise, result["provision"], str(date), raw.get("project"),
             raw.get("person"), int(raw.get("override_approved") is True), json_text(inputs),
             to_fen(result["amount"]), json_text(result)))
        return dict(result, id=key, enterprise=enterprise)

    def history(self, policy: Evaluator, enterprise: str) -> list[dict[str, Any]]:
        """The enterprise's grants in force (not revoked, above zero) as contract history, with
        inputs by their English names (an older ledger may hold official terms)."""
        rows = self.db.execute(
            "SELECT provision, date, amount_fen, project, person, inputs FROM grants "
            "WHERE policy = ? AND enterprise = ? AND revoked = 0 AND amount_fen > 0 "
            "ORDER BY date, rowid", (policy.name, enterprise))
        history = []
        for provision, date, fen, project, person, inputs in rows:
            entry: dict[str, Any] = {
                "provision": provision, "date": date, "amount": from_fen(fen),
                "inputs": canonical_inputs(input_specs(policy, provision), json.loads(inputs))}
            if project is not None:
                entry["project"] = project
            if person is not None:
                entry["person"] = person
            history.append(entry)
        return history

    # -- clawback, reading
    def revoke(self, key: str, reason: str) -> bool:
        """Revoke a grant: the record stays, marked, and no longer counts. False if unknown."""
        if self.read_only:
            raise LedgerError(f"{self.path} is read-only: nothing can be revoked")
        try:
            with self._transaction():
                changed = self.db.execute(
                    "UPDATE grants SET revoked = 1, revoke_reason = ? WHERE id = ? AND "
                    "revoked = 0", (reason, key)).rowcount
        except sqlite3.Error as exc:
            raise LedgerError(f"{self.path}: {exc}; nothing was revoked") from None
        return changed == 1

    def rows(self, enterprise: str | None = None) -> list[dict[str, Any]]:
        """The recorded grants in date order (all, or one enterprise's)."""
        query = ("SELECT id, policy, enterprise, provision, date, project, person, amount_fen, "
                 "revoked, revoke_reason FROM grants")
        args: tuple[str, ...] = ()
        if enterprise is not None:
            query += " WHERE enterprise = ?"
            args = (enterprise,)
        try:
            found = self.db.execute(query + " ORDER BY date, rowid", args).fetchall()
        except sqlite3.Error as exc:
            raise LedgerError(f"{self.path}: {exc}") from None
        return [{"id": key, "policy": policy, "enterprise": ent, "provision": provision,
                 "date": date, "project": project, "person": person, "amount": from_fen(fen),
                 "revoked": bool(revoked), "revoke_reason": reason}
                for key, policy, ent, provision, date, project, person, fen, revoked, reason
                in found]


    def obligations(self, as_of: str, enterprise: str | None = None) -> list[dict[str, Any]]:
        """Every recorded obligation (义务) of the grants above zero, with its state on ``as_of``
        (an ISO date): 履行中 (in force: its term runs to ``until``), 已届满 (its term has ended:
        nothing more can be clawed back under it), 已收回 (the grant was revoked), or 无期限
        (the text sets no term: in force until revoked)."""
        query = ("SELECT id, enterprise, provision, date, amount_fen, revoked, result FROM grants "
                 "WHERE amount_fen > 0")
        args: tuple[str, ...] = ()
        if enterprise is not None:
            query += " AND enterprise = ?"
            args = (enterprise,)
        try:
            found = self.db.execute(query + " ORDER BY date, rowid", args).fetchall()
        except sqlite3.Error as exc:
            raise LedgerError(f"{self.path}: {exc}") from None
        out = []
        for key, ent, provision, date, fen, revoked, result in found:
            for item in json.loads(result).get("obligations", ()):
                until = item.get("until")
                state = "已收回" if revoked else "无期限" if until is None else \
                    "履行中" if as_of <= until else "已届满"
                out.append({"id": key, "enterprise": ent, "provision": provision, "date": date,
                            "amount": from_fen(fen), "obligation": item["obligation"],
                            "otherwise": item["otherwise"], "until": until, "state": state})
        return out


def _is_read_only(exc: BaseException) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY") or \
        "readonly" in str(exc)
