"""`sjdsl eval` as eval-contract.md describes it: JSON Lines, order, errors as lines, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SONGJIANG

GOOD = '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "100"}}'


def run_eval(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sjdsl.tools.cli", "eval", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_lines_answered_in_order_with_exit_0() -> None:
    # 15% × 100 = 15.00; 15% × 0.03 = 0.0045 → 0.00 (not eligible); 10% × 1,250,000.05 →
    # 125,000.005 → 125,000.01 half-up.
    lines = [
        GOOD,
        '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "0.03"}}',
        '{"provision": "1.2", "date": "2026-03-15", '
        '"inputs": {"software_equipment_investment": "1250000.05"}}',
    ]
    proc = run_eval(str(SONGJIANG), stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["amount"] for r in results] == ["15.00", "0.00", "125000.01"]
    assert [r["eligible"] for r in results] == [True, False, True]
    assert results[2]["district_share"] == "87500.01"  # 87,500.007 → 87,500.01
    assert results[2]["town_share"] == "37500.00"


def test_bad_lines_get_error_lines_and_exit_1() -> None:
    lines = [GOOD, "{not json", '{"provision": "99.9", "date": "2026-03-15"}', GOOD,
             '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": 1e3}}']
    proc = run_eval(str(SONGJIANG), stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == 5
    assert results[0]["amount"] == results[3]["amount"] == "15.00"
    assert "JSON" in results[1]["error"] and results[1]["provision"] is None
    assert "99.9" in results[2]["error"] and results[2]["provision"] == "99.9"
    assert "float" in results[4]["error"]
    assert "Traceback" not in proc.stderr


def test_inline_request() -> None:
    proc = run_eval(str(SONGJIANG), "--request", GOOD)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["amount"] == "15.00"


def test_single_pol_file_is_a_policy(tmp_path: Path) -> None:
    policy = tmp_path / "one.pol"
    policy.write_text((ROOT / "tests" / "cases" / "err" / "E003-rate-above-100.pol")
                      .read_text(encoding="utf-8").replace("150%", "15%"), encoding="utf-8")
    (tmp_path / "official.txt").write_text(
        (ROOT / "tests" / "cases" / "err" / "official.txt").read_text(encoding="utf-8"),
        encoding="utf-8")
    proc = run_eval(str(policy), stdin=GOOD + "\n")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["amount"] == "15.00"


def test_policy_that_does_not_compile_exits_2() -> None:
    bad = ROOT / "tests" / "cases" / "err" / "E003-rate-above-100.pol"
    proc = run_eval(str(bad), stdin=GOOD + "\n")
    assert proc.returncode == 2
    assert "error[E003]" in proc.stderr and proc.stdout == ""


def test_missing_policy_path_exits_2() -> None:
    proc = run_eval("no/such/policy", stdin=GOOD + "\n")
    assert proc.returncode == 2
    assert "no such file" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_command_line_is_a_usage_error_not_a_traceback() -> None:
    proc = subprocess.run([sys.executable, "-m", "sjdsl.tools.cli", "evaluate"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr and "Traceback" not in proc.stderr


def test_override_applied_only_when_asked() -> None:
    asked = ('{"provision": "1.1", "date": "2026-03-15", "override_approved": true, '
             '"inputs": {"fixed_asset_investment": "300000000"}}')
    proc = run_eval(str(SONGJIANG), stdin=GOOD + "\n" + asked + "\n")
    plain, lifted = (json.loads(line) for line in proc.stdout.splitlines())
    assert "override_applied" not in plain
    # 15% × 300,000,000 = 45,000,000.00, the 3000万元 cap lifted by 附则 A.3.
    assert lifted["override_applied"] is True and lifted["amount"] == "45000000.00"


def test_a_line_that_is_not_utf8_gets_an_error_line_and_the_rest_are_answered() -> None:
    stdin = b"\xff\xfe{}\n" + GOOD.encode() + b"\n"
    proc = subprocess.run([sys.executable, "-m", "sjdsl.tools.cli", "eval", str(SONGJIANG)],
                          input=stdin, capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1, proc.stderr
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert "UTF-8" in first["error"] and first["line"] == 1
    assert second["amount"] == "15.00"  # 15% × 100


def test_output_is_utf8_json_lines_with_chinese_as_text() -> None:
    proc = run_eval(str(SONGJIANG), stdin=GOOD + "\n")
    assert "项目固定资产投资额" in proc.stdout and "\\u" not in proc.stdout


def run_eval_bytes(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sjdsl.tools.cli", "eval", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120)


def test_a_byte_order_mark_at_the_start_is_read_past() -> None:
    bom = "\ufeff"
    proc = run_eval_bytes(str(SONGJIANG), stdin=(bom + GOOD + "\n" + GOOD + "\n").encode())
    assert proc.returncode == 0, proc.stdout
    assert [json.loads(x)["amount"] for x in proc.stdout.splitlines()] == ["15.00", "15.00"]
    inline = run_eval(str(SONGJIANG), "--request", bom + GOOD)
    assert inline.returncode == 0 and json.loads(inline.stdout)["amount"] == "15.00"
    # only at the start of the stream: a mark in the middle is not whitespace
    middle = run_eval_bytes(str(SONGJIANG), stdin=(GOOD + "\n" + bom + GOOD + "\n").encode())
    assert middle.returncode == 1


def test_a_key_given_twice_is_an_error_line_naming_it() -> None:
    lines = ['{"provision":"1.1","date":"2026-03-15","inputs":{"fixed_asset_investment":"100",'
             '"fixed_asset_investment":"900000000"}}',  # compact, as orjson reads it fast
             '{"provision": "1.2", "date": "2026-03-15", "provision": "1.1", '
             '"inputs": {"fixed_asset_investment": "100"}}',
             GOOD[:-1] + ', "project": "a:b"}']  # a colon inside a string: answered
    proc = run_eval(str(SONGJIANG), stdin="\n".join(lines) + "\n")
    first, second, third = (json.loads(x) for x in proc.stdout.splitlines())
    assert "duplicate key 'fixed_asset_investment'" in first["error"], first
    assert "duplicate key 'provision'" in second["error"] and second["line"] == 2
    assert third["amount"] == "15.00"


def test_a_lone_surrogate_is_escaped_alone_and_the_line_stays_utf8() -> None:
    line = ('{"provision": "1.1", "date": "2026-03-15", '
            '"inputs": {"fixed_asset_investment": "100", "投资\\ud800额": "1"}}')
    proc = run_eval_bytes(str(SONGJIANG), stdin=line.encode() + b"\n")
    answer = proc.stdout.decode("utf-8")  # strict: the line is UTF-8
    assert "投资\\ud800额" in answer  # the surrogate alone escaped, the Chinese text as text
    assert json.loads(answer)["field"] == "投资\ud800额"
