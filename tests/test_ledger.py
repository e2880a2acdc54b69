"""The grant ledger: limits that hold by construction, under concurrency and after a crash."""

from __future__ import annotations

import io
import json
import multiprocessing
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from sjdsl import load_policy
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import main
from sjdsl.tools.ledger import SCHEMA_VERSION, Ledger, LedgerError
from sjdsl.tools.simulate import simulate

from .conftest import ROOT, SONGJIANG


def req(key: str, enterprise: str, contract: str, date: str = "2026-05-01") -> dict[str, Any]:
    # 3.1 「给予合同金额最高 5% 的奖励，单个企业最高奖励 500 万元」
    return {"id": key, "enterprise": enterprise, "provision": "3.1", "date": date,
            "inputs": {"contract_amount": contract}}


def test_a_repeated_id_grants_nothing_new(tmp_path: Path, songjiang: CompiledPolicy) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        first = ledger.grant(songjiang, req("g1", "E1", "10000000"))
        again = ledger.grant(songjiang, req("g1", "E1", "10000000"))
        assert first["amount"] == again["amount"] == "500000.00"  # 5% × 1000万
        assert again["repeated"] is True and "repeated" not in first
        assert len(list(ledger.rows())) == 1


def test_history_comes_from_the_ledger_and_revoking_frees_the_cap(
        tmp_path: Path, songjiang: CompiledPolicy) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        # 5% × 1.2亿 = 600万 → capped at the enterprise's 500万
        assert ledger.grant(songjiang, req("a", "E1", "120000000"))["amount"] == "5000000.00"
        used_up = ledger.grant(songjiang, req("b", "E1", "1000000"))
        assert used_up["eligible"] is False and used_up["amount"] == "0.00"
        assert ledger.revoke("a", "合同解除（示例）")
        assert ledger.grant(songjiang, req("c", "E1", "1000000"))["amount"] == "50000.00"
        revoked = [r for r in ledger.rows("E1") if r["id"] == "a"]
        assert revoked[0]["revoked"] and revoked[0]["revoke_reason"] == "合同解除（示例）"


def test_foreign_data_is_refused_and_not_recorded(tmp_path: Path,
                                                  songjiang: CompiledPolicy) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        unknown = ledger.grant(songjiang, dict(req("x", "E1", "100"), provision="99.9"))
        assert "error" in unknown and "99.9" in unknown["error"]
        assert ledger.grant(songjiang, req("y", "E1", "100", date="2026-06-01"))["eligible"]
        earlier = ledger.grant(songjiang, req("z", "E1", "100", date="2026-01-01"))
        assert earlier["field"] == "date" and "before" in earlier["error"]
        with_history = dict(req("w", "E1", "100"), history=[])
        assert ledger.grant(songjiang, with_history)["field"] == "history"
        assert [r["id"] for r in ledger.rows()] == ["y"]


def test_schema_is_versioned(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    Ledger(path).close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta").fetchone() == (str(SCHEMA_VERSION),)
    db.execute("UPDATE meta SET value = '99'")
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="newer"):
        Ledger(path)


def _worker(args: tuple[str, int, float]) -> list[str]:
    path, worker, start = args
    policy = load_policy(SONGJIANG)
    while time.time() < start:
        time.sleep(0.001)
    amounts = []
    with Ledger(path) as ledger:
        for i in range(3):  # 5% × 3000万 = 150万 asked each time
            answer = ledger.grant(policy, req(f"w{worker}-{i}", "E-shared", "30000000"))
            amounts.append(answer["amount"])
    return amounts


@pytest.mark.slow
def test_eight_processes_never_exceed_the_cumulative_cap(tmp_path: Path) -> None:
    path = str(tmp_path / "l.sqlite")
    Ledger(path).close()
    start = time.time() + 4  # all eight start granting at the same moment
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        results = pool.map(_worker, [(path, w, start) for w in range(8)])
    granted = [Decimal(a) for amounts in results for a in amounts]
    # demand 24 × 150万 = 3600万 far above 500万: the grants add up to the cap exactly,
    # as three of 150万 and one of 50万.
    assert sum(granted) == Decimal("5000000.00")
    assert sorted(a for a in granted if a > 0) == [Decimal("500000.00")] + \
        [Decimal("1500000.00")] * 3


@pytest.mark.slow
def test_a_killed_batch_leaves_whole_grants_and_reruns_exactly_once(tmp_path: Path) -> None:
    apps = tmp_path / "apps.jsonl"
    synth = subprocess.run([sys.executable, "-m", "sjdsl.tools.cli", "synth", "--policy",
                            str(SONGJIANG), "--n", "400", "--seed", "7"], capture_output=True,
                           text=True, cwd=ROOT, check=True)
    apps.write_text(synth.stdout, encoding="utf-8")
    ledger = tmp_path / "l.sqlite"
    command = [sys.executable, "-m", "sjdsl.tools.cli", "grant", str(SONGJIANG), "--ledger",
               str(ledger)]
    with apps.open(encoding="utf-8") as stdin:
        proc = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, text=True,
                                cwd=ROOT)
        assert proc.stdout is not None
        for _ in range(60):
            proc.stdout.readline()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    db = sqlite3.connect(ledger)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = db.execute("SELECT id, amount_fen, result FROM grants").fetchall()
    assert 60 <= len(rows) < 400, "killed midway"
    for key, fen, result in rows:  # every recorded grant is whole
        assert Decimal(json.loads(result)["amount"]) == Decimal(fen) / 100, key
    db.close()
    with apps.open(encoding="utf-8") as stdin:
        rerun = subprocess.run(command, stdin=stdin, capture_output=True, text=True, cwd=ROOT)
    answers = [json.loads(line) for line in rerun.stdout.splitlines()]
    assert len(answers) == 400
    assert sum(1 for a in answers if a.get("repeated")) == len(rows)
    db = sqlite3.connect(ledger)
    count, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM grants").fetchone()
    errors = sum(1 for a in answers if "error" in a)
    assert count == distinct == 400 - errors


def test_simulation_totals_hand_checked(songjiang: CompiledPolicy) -> None:
    apps = [
        dict(req("1", "E1", "60000000"), date="2026-03-01"),  # 5% × 6000万 = 300万
        dict(req("2", "E1", "60000000"), date="2026-09-01"),  # 300万, but 500万 − 300万 left
        {"id": "3", "enterprise": "E2", "provision": "1.1", "date": "2027-01-05",
         "inputs": {"fixed_asset_investment": "10000000"}},    # 15% × 1000万 = 150万
    ]
    report = simulate(songjiang, apps)
    assert report.total.amount == Decimal("6500000.00")
    assert report.total.capped == 1
    assert report.by_measure["3"].amount == Decimal("5000000.00")
    assert report.by_year["2027"].amount == Decimal("1500000.00")
    assert report.total.district == Decimal("4550000.00")  # 70%
    assert report.total.town == Decimal("1950000.00")
    one_by_one = sum(Decimal(songjiang.evaluate_json(
        {k: v for k, v in a.items() if k not in ("id", "enterprise")}
        | {"history": [{"provision": "3.1", "date": "2026-03-01", "amount": "3000000.00"}]
           if a["id"] == "2" else []})["amount"]) for a in apps)
    assert one_by_one == report.total.amount


# -- issue 16, finding 4: a reused id with other content is an error, not a silent repeat

def _same_rows(ledger: Ledger) -> list[dict[str, Any]]:
    return list(ledger.rows())


@pytest.mark.parametrize("change, named", [
    ({"enterprise": "E-B", "provision": "1.1",
      "inputs": {"fixed_asset_investment": "100"}}, ["enterprise", "provision"]),
    ({"enterprise": "E-B"}, ["enterprise"]),
    ({"inputs": {"contract_amount": "20000000"}}, ["inputs.contract_amount"]),
    ({"date": "2026-05-02"}, ["date"]),
    ({"override_approved": True}, ["override_approved"]),
    ({"project": "P-1"}, ["project"]),
])
def test_a_reused_id_with_other_content_is_an_error_and_the_first_grant_stands(
        tmp_path: Path, songjiang: CompiledPolicy, change: dict[str, Any],
        named: list[str]) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        first = ledger.grant(songjiang, req("g1", "E-A", "10000000"))
        before = _same_rows(ledger)
        reused = ledger.grant(songjiang, dict(req("g1", "E-A", "10000000"), **change))
        assert reused["field"] == "id" and "repeated" not in reused, reused
        assert "g1" in reused["error"] and all(name in reused["error"] for name in named)
        assert _same_rows(ledger) == before
        again = ledger.grant(songjiang, req("g1", "E-A", "10000000"))  # still idempotent
        assert again["repeated"] is True and again["amount"] == first["amount"]


def test_a_reused_id_under_another_policy_is_an_error(tmp_path: Path,
                                                      songjiang: CompiledPolicy) -> None:
    other = attrs.evolve(songjiang, name="another-policy")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.grant(songjiang, req("g1", "E-A", "10000000"))
        answer = ledger.grant(other, req("g1", "E-A", "10000000"))
        assert answer["field"] == "id" and "policy" in answer["error"], answer
        assert "songjiang-terminal-2024" in answer["error"]
        assert [r["policy"] for r in ledger.rows()] == ["songjiang-terminal-2024"]


def test_the_same_request_spelt_another_way_is_still_a_repeat(
        tmp_path: Path, songjiang: CompiledPolicy) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.grant(songjiang, req("g1", "E-A", "10000000"))
        same = dict(req("g1", "E-A", "10000000"), inputs={"合同金额": 10000000},
                    override_approved=False)
        assert ledger.grant(songjiang, same)["repeated"] is True


# -- finding 5: the ledger stores canonical input names, and heals old files on read

def level(key: str, term: str, value: str, date: str) -> dict[str, Any]:
    # 3.3 「分别给予 100 万、50 万元的一次性奖励」 by 认定级别 level
    return {"id": key, "enterprise": "E-C", "provision": "3.3", "date": date,
            "inputs": {term: value}}


def test_a_grant_requested_by_the_official_term_is_stored_by_name(
        tmp_path: Path, songjiang: CompiledPolicy) -> None:
    path = tmp_path / "l.sqlite"
    with Ledger(path) as ledger:
        assert ledger.grant(songjiang, level("c1", "认定级别", "国家级",
                                             "2026-05-01"))["amount"] == "1000000.00"
        city = ledger.grant(songjiang, level("c2", "level", "市级", "2026-06-01"))
        assert city["amount"] == "500000.00", city  # the other tier: 50 万元
        twice = ledger.grant(songjiang, level("c3", "level", "国家级", "2026-07-01"))
        assert twice["eligible"] is False and twice["amount"] == "0.00", twice  # one-time
    db = sqlite3.connect(path)
    assert {json.loads(i)["level"] for (i,) in db.execute("SELECT inputs FROM grants")} == \
        {"国家级", "市级"}
    db.close()


_SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE grants (
    id TEXT PRIMARY KEY, policy TEXT NOT NULL, enterprise TEXT NOT NULL,
    provision TEXT NOT NULL, date TEXT NOT NULL, project TEXT, person TEXT,
    inputs TEXT NOT NULL, amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    result TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, revoke_reason TEXT);
CREATE INDEX grants_by_enterprise ON grants (policy, enterprise, date);
"""


def test_an_old_ledger_with_raw_keys_opens_and_heals_on_read(
        tmp_path: Path, songjiang: CompiledPolicy) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA_1)
    result = {"provision": "3.3", "eligible": True, "amount": "1000000.00"}
    db.execute("INSERT INTO grants (id, policy, enterprise, provision, date, inputs, amount_fen,"
               " result) VALUES ('c1', 'songjiang-terminal-2024', 'E-C', '3.3', '2026-05-01',"
               " ?, 100000000, ?)", (json.dumps({"认定级别": "国家级"}, ensure_ascii=False),
                                     json.dumps(result)))
    db.commit()
    db.close()
    with Ledger(path) as ledger:
        city = ledger.grant(songjiang, level("c2", "level", "市级", "2026-06-01"))
        assert city["amount"] == "500000.00", city
        assert ledger.grant(songjiang, level("c3", "level", "国家级",
                                             "2026-07-01"))["amount"] == "0.00"
        repeat = ledger.grant(songjiang, level("c1", "level", "国家级", "2026-05-01"))
        assert repeat["repeated"] is True and repeat["amount"] == "1000000.00"
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta").fetchone() == (str(SCHEMA_VERSION),)
    db.close()


# -- finding 6: every line is answered and the batch goes on; a broken ledger is a clear error

GOOD_GRANT = {"id": "ok", "enterprise": "E-D", "provision": "1.1", "date": "2026-05-01",
              "inputs": {"fixed_asset_investment": "100"}}  # 15% × 100 = 15.00


def run_grant(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              ledger: Path, lines: list[str]) -> tuple[int, list[dict[str, Any]], str]:
    data = "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code = main(["grant", str(SONGJIANG), "--ledger", str(ledger)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, [json.loads(line) for line in out.splitlines()], err


@pytest.mark.parametrize("enterprise", ["E-\ud800", "E-\udfff-甲", "E-\x00", "E-\x1b[31m",
                                        "E-\u0085"])
def test_an_enterprise_id_that_is_not_text_is_an_error_line_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        enterprise: str) -> None:
    bad = json.dumps(dict(GOOD_GRANT, id="bad", enterprise=enterprise))  # \ud800 escaped
    code, answers, _ = run_grant(monkeypatch, capsys, tmp_path / "l.sqlite",
                                 [bad, json.dumps(GOOD_GRANT)])
    assert code == 1
    assert answers[0]["field"] == "enterprise" and answers[0]["line"] == 1, answers[0]
    assert answers[1]["amount"] == "15.00" and answers[1]["id"] == "ok"


def test_a_line_that_is_not_utf8_is_an_error_line_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = b'{"id": "x\xff"}\n' + json.dumps(GOOD_GRANT).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code = main(["grant", str(SONGJIANG), "--ledger", str(tmp_path / "l.sqlite")])
    out, err = capsys.readouterr()
    assert code == 1 and "internal error" not in err
    first, second = (json.loads(line) for line in out.splitlines())
    assert "UTF-8" in first["error"] and first["line"] == 1
    assert second["amount"] == "15.00"


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Open every ledger as SQLite opens a file it may not write (root ignores chmod)."""
    connect = sqlite3.connect

    def read_only(path: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        return connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)


def test_a_read_only_ledger_is_one_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        songjiang: CompiledPolicy) -> None:
    path = tmp_path / "l.sqlite"
    with Ledger(path) as ledger:
        ledger.grant(songjiang, GOOD_GRANT)
    _read_only(monkeypatch)
    code, answers, err = run_grant(monkeypatch, capsys, path,
                                   [json.dumps(dict(GOOD_GRANT, id="new"))])
    assert code == 1 and answers == [] and "read-only" in err, err
    assert main(["ledger", "show", "--enterprise", "E-D", "--ledger", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "ok"  # reading still works
    assert main(["ledger", "revoke", "ok", "--reason", "x", "--ledger", str(path)]) == 1
    assert "read-only" in capsys.readouterr().err


def test_an_old_read_only_ledger_is_read_as_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        songjiang: CompiledPolicy) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA_1)
    db.close()
    _read_only(monkeypatch)
    with Ledger(path) as ledger:
        assert ledger.read_only and ledger.rows() == []
        with pytest.raises(LedgerError, match="read-only"):
            ledger.grant(songjiang, GOOD_GRANT)
    assert main(["ledger", "export", "--ledger", str(path)]) == 0


def test_a_schema_version_that_is_not_a_number_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "l.sqlite"
    Ledger(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = 'abc' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="not a ledger of this version"):
        Ledger(path)
    code, answers, err = run_grant(monkeypatch, capsys, path, [json.dumps(GOOD_GRANT)])
    assert code == 1 and answers == [] and "schema_version" in err, err


def test_a_dropped_table_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "l.sqlite"
    Ledger(path).close()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE grants")
    db.commit()
    db.close()
    code, answers, err = run_grant(monkeypatch, capsys, path, [json.dumps(GOOD_GRANT)])
    assert code == 1 and answers == [] and "grants" in err and "missing" in err, err
    assert main(["ledger", "export", "--ledger", str(path)]) == 1


def test_a_ledger_that_breaks_midway_answers_every_line_and_records_nothing_half(
        tmp_path: Path, songjiang: CompiledPolicy) -> None:
    path = tmp_path / "l.sqlite"
    with Ledger(path) as ledger:
        other = sqlite3.connect(path)
        other.execute("DROP TABLE grants")  # someone damages the file while we grant
        other.commit()
        other.close()
        with pytest.raises(LedgerError, match="not recorded"):
            ledger.grant(songjiang, GOOD_GRANT)
        from sjdsl.tools.cli_ledger import grant_lines

        out = io.StringIO()
        lines = [json.dumps(dict(GOOD_GRANT, id=str(i))) + "\n" for i in range(3)]
        assert grant_lines(songjiang, ledger, lines, out) == 1
        answers = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [a["field"] for a in answers] == ["ledger"] * 3
        assert not ledger.db.in_transaction


LEASING = ROOT / "policies" / "ganjingzi-financial-leasing"


def test_the_ledger_knows_when_an_obligation_ends(tmp_path: Path) -> None:
    """第十一条 「自享受年度起，应在甘井子区持续经营六年以上」 (期限 6 个年度): a grant of
    2021-05-10 binds through 2026-12-31 (2021 is the first of six years, by hand), one of
    2024-05-10 through 2029-12-31. On 2027-01-01 the first has ended and the second runs; a
    revoked grant's obligation is 已收回."""
    policy = load_policy(LEASING)
    capital = {"paid_in_capital": "170000000", "in_leasing_park": True}
    with Ledger(tmp_path / "l.sqlite") as ledger:
        for key, enterprise, date in (("g1", "E1", "2021-05-10"), ("g2", "E2", "2024-05-10")):
            result = ledger.grant(policy, {"id": key, "enterprise": enterprise,
                                           "provision": "4.1", "date": date, "inputs": capital})
            assert result["eligible"] is True
        states = {row["id"]: (row["until"], row["state"])
                  for row in ledger.obligations("2027-01-01")}
        assert states == {"g1": ("2026-12-31", "已届满"), "g2": ("2029-12-31", "履行中")}
        assert ledger.revoke("g2", "停止经营")
        assert [row["state"] for row in ledger.obligations("2026-12-31")] == ["履行中", "已收回"]


def test_ledger_obligations_on_the_command_line(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "l.sqlite"
    line = json.dumps({"id": "g1", "enterprise": "E1", "provision": "4.1", "date": "2021-05-10",
                       "inputs": {"paid_in_capital": "170000000", "in_leasing_park": True}})
    grant = subprocess.run([str(Path(sys.executable).parent / "sjdsl"), "grant", str(LEASING), "--ledger",
                            str(path)], input=line + "\n", capture_output=True, text=True,
                           check=False)
    assert grant.returncode == 0, grant.stderr
    assert main(["ledger", "obligations", "--ledger", str(path), "--as-of", "2026-12-31"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["until"], row["state"]) == ("2026-12-31", "履行中")
    with pytest.raises(SystemExit) as exit_:
        main(["ledger", "obligations", "--ledger", str(path), "--as-of", "2026-13-01"])
    assert exit_.value.code == 2
