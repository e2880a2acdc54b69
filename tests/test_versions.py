"""Amendments: the rule in force on the grant date.

The sample amendment in tests/amendments/sample-2027 is an EXAMPLE written for these tests, not
real law: from 2027-03-01 it raises 1.1's cap to 5000万元, raises 3.1's cumulative cap per
enterprise to 800万元, and repeals 12.2. Expected values are worked by hand below.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from sjdsl import load_policy
from sjdsl.tools.cli import main
from sjdsl.tools.driver import Sources, compile_policy, documentation

from .conftest import ROOT, SONGJIANG

SAMPLE = ROOT / "tests" / "amendments" / "sample-2027"


@pytest.fixture(scope="module")
def amended():  # type: ignore[no-untyped-def]
    return load_policy(SONGJIANG, amendments=[SAMPLE])


def test_a_raised_cap_applies_from_its_date_and_not_before(amended) -> None:  # type: ignore[no-untyped-def]
    # 15% × 300,000,000 = 45,000,000: capped at 3000万 before 2027-03-01, within 5000万 after.
    inputs = {"fixed_asset_investment": "300000000"}
    before = amended.evaluate("1.1", date="2027-02-28", inputs=inputs)
    after = amended.evaluate("1.1", date="2027-03-01", inputs=inputs)
    assert before.amount == Decimal("30000000.00")
    assert after.amount == Decimal("45000000.00")
    assert before.trace[0].startswith("版本：沪松经规〔2024〕4号")
    assert after.trace[0] == "版本：示例〔2027〕1号，2027-03-01 起施行"
    # the amount-only path picks the version by date too
    assert amended.amount("1.1", date="2027-02-28", inputs=inputs) == Decimal("30000000.00")
    assert amended.amount("1.1", date="2027-03-01", inputs=inputs) == Decimal("45000000.00")


def test_cumulative_caps_count_grants_before_and_after_the_change(amended) -> None:  # type: ignore[no-untyped-def]
    # 5% × 120,000,000 = 6,000,000 asked; 4,500,000 already granted in 2026.
    inputs = {"contract_amount": "120000000"}
    earlier = [{"provision": "3.1", "date": "2026-05-01", "amount": "4500000.00"}]
    # before: 500万 − 450万 = 500,000 left; after: 800万 − 450万 = 3,500,000 left
    assert amended.evaluate("3.1", date="2027-02-28", inputs=inputs,
                            history=earlier).amount == Decimal("500000.00")
    assert amended.evaluate("3.1", date="2027-03-01", inputs=inputs,
                            history=earlier).amount == Decimal("3500000.00")
    # a grant under the new cap counts too: 800万 − (450万 + 300万) = 500,000 left
    both = earlier + [{"provision": "3.1", "date": "2027-04-01", "amount": "3000000.00"}]
    assert amended.evaluate("3.1", date="2027-06-01", inputs=inputs,
                            history=both).amount == Decimal("500000.00")
    # and once used up under the new cap, nothing
    full = earlier + [{"provision": "3.1", "date": "2027-04-01", "amount": "3500000.00"}]
    result = amended.evaluate("3.1", date="2027-06-01", inputs=inputs, history=full)
    assert not result.eligible and result.amount == 0


def test_a_repealed_provision_pays_before_and_not_after(amended) -> None:  # type: ignore[no-untyped-def]
    # 12.2 「优秀人才最高可享受 100 万元购房补贴」 until the sample amendment repeals it.
    assert amended.evaluate("12.2", date="2027-02-28").amount == Decimal("1000000.00")
    after = amended.evaluate_json({"provision": "12.2", "date": "2027-03-01"})
    assert after["eligible"] is False and after["amount"] == "0.00"
    assert "废止" in after["reasons"][0] and "示例〔2027〕1号" in after["reasons"][0]
    assert after["version"] == "示例〔2027〕1号"


def test_without_the_amendment_nothing_changes() -> None:
    plain = load_policy(SONGJIANG)
    result = plain.evaluate("1.1", date="2027-03-01",
                            inputs={"fixed_asset_investment": "300000000"})
    assert result.amount == Decimal("30000000.00")


def test_diff_shows_exactly_the_change(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(SONGJIANG), "--amend", str(SAMPLE), "--from", "2027-02-28",
                 "--to", "2027-03-01"]) == 0
    table = capsys.readouterr().out.split("\n\n", 1)[1]
    assert table.splitlines() == [
        "| 条款 | 参数 | 2027-02-28 | 2027-03-01 |",
        "| --- | --- | --- | --- |",
        "| 1.1 | 上限（单项） | 3000万元 | 5000万元 |",
        "| 3.1 | 单个企业最高（累计） | 500万元 | 800万元 |",
        "| 12.2 | 状态 | 施行 | 废止（示例〔2027〕1号，2027-03-01 起） |",
        "| 12.2 | 最高金额 | 100万元 | — |",
    ]
    assert main(["diff", str(SONGJIANG), "--amend", str(SAMPLE), "--from", "2027-03-01",
                 "--to", "2028-01-01"]) == 0
    assert "无差异" in capsys.readouterr().out


def test_diff_between_two_folders(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(SONGJIANG), str(SONGJIANG)]) == 0
    assert "无差异" in capsys.readouterr().out


def test_eval_with_amend_on_the_command_line() -> None:
    line = json.dumps({"provision": "1.1", "date": "2027-03-01",
                       "inputs": {"fixed_asset_investment": "300000000"}})
    proc = subprocess.run([sys.executable, "-m", "sjdsl.tools.cli", "eval", str(SONGJIANG), "--amend",
                           str(SAMPLE), "--request", line], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["amount"] == "45000000.00"


def test_docs_show_the_history_and_the_amendment() -> None:
    sources = Sources()
    pages = documentation(compile_policy(SONGJIANG, sources, [SAMPLE]), sources)
    measure = pages["songjiang-terminal-2024/measure-01.md"]
    assert "| 2027-03-01 | [示例〔2027〕1号](amendment-sample-amendment-2027.md) | " \
           "上限（单项）：3000万元 → 5000万元 |" in measure
    page = pages["songjiang-terminal-2024/amendment-sample-amendment-2027.md"]
    assert "废止 12.2" in page and "停止执行优秀人才购房补贴。" in page
    assert "[示例〔2027〕1号](amendment-sample-amendment-2027.md)" in \
        pages["songjiang-terminal-2024/index.md"]


def songjiang_with_amendment(tmp_path: Path, official: str, amendment: str) -> Path:
    """A copy of the Songjiang policy with one example amendment in its amendments/ folder."""
    policy = tmp_path / "songjiang"
    shutil.copytree(SONGJIANG, policy)
    folder = policy / "amendments" / "example-2028"
    folder.mkdir(parents=True)
    (folder / "official.txt").write_text(official, encoding="utf-8")
    (folder / "amendment.pol").write_text(amendment, encoding="utf-8")
    return policy


def test_added_and_replaced_provisions_from_the_amendments_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    policy = songjiang_with_amendment(tmp_path,
        "示例文件（测试用，非真实政策文件）。\n"
        "一、自2028年1月1日起，对获评市级以上人才计划的，给予最高 200 万元资金扶持。\n"
        "二、自2028年1月1日起，对新认定的人才驿站，给予 10 万元一次性奖励。\n",
        "# 示例修订，仅用于测试：不是真实的政策文件。\n"
        "修订 example-2028 「示例：人才条款调整（非真实文件）」\n"
        "  修订对象 songjiang-terminal-2024\n  文号 「示例〔2028〕1号」\n"
        "  生效日期 2028-01-01\n  原文文件 「official.txt」\n"
        "  替换\n    条款 12.1 人才计划资金扶持\n"
        "      原文 「对获评市级以上人才计划的，给予最高 200 万元资金扶持。」\n"
        "      扶持 最高 200万元\n"
        "  新增\n    条款 12.3 人才驿站奖励\n"
        "      原文 「对新认定的人才驿站，给予 10 万元一次性奖励。」\n"
        "      奖励 10万元\n      一次性\n")
    amended = load_policy(policy)  # the policy's own amendments/ folder
    # 12.1: 最高 150 万元 before, 最高 200 万元 from 2028-01-01
    assert amended.evaluate("12.1", date="2027-12-31").amount == Decimal("1500000.00")
    assert amended.evaluate("12.1", date="2028-01-01").amount == Decimal("2000000.00")
    # 12.3 does not exist before its date, pays 10 万元 once after
    early = amended.evaluate_json({"provision": "12.3", "date": "2027-06-01"})
    assert early["eligible"] is False and "尚未施行" in early["reasons"][0]
    assert amended.amount("12.3", date="2027-06-01") == 0  # not yet in force: nothing
    assert amended.evaluate("12.3", date="2028-02-01").amount == Decimal("100000.00")
    again = amended.evaluate("12.3", date="2028-05-01", history=[
        {"provision": "12.3", "date": "2028-02-01", "amount": "100000.00"}])
    assert not again.eligible


def test_amendments_stack_in_date_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    policy = songjiang_with_amendment(
        tmp_path,
        "示例文件（测试用，非真实政策文件）。\n"
        "自2028年1月1日起，新引进的智能终端产品制造项目补贴最高调整为6000万元。\n",
        "# 示例修订，仅用于测试：不是真实的政策文件。\n"
        "修订 example-2028 「示例：再次调整（非真实文件）」\n"
        "  修订对象 songjiang-terminal-2024\n  文号 「示例〔2028〕1号」\n"
        "  生效日期 2028-01-01\n  原文文件 「official.txt」\n"
        "  修改 1.1 上限 6000万元\n"
        "    原文 「新引进的智能终端产品制造项目补贴最高调整为6000万元。」\n")
    # the 2027 sample (given on the command line) and the 2028 one (in the policy's folder)
    amended = load_policy(policy, amendments=[SAMPLE])
    inputs = {"fixed_asset_investment": "500000000"}  # 15% × 5亿 = 7500万
    assert [amended.evaluate("1.1", date=d, inputs=inputs).amount for d in
            ("2026-12-31", "2027-03-01", "2028-01-01")] == \
        [Decimal("30000000.00"), Decimal("50000000.00"), Decimal("60000000.00")]
    # the 2028 version keeps what the 2027 one changed: 12.2 stays repealed, 3.1's cap 800万
    assert not amended.evaluate("12.2", date="2028-06-01").eligible
    result = amended.evaluate("3.1", date="2028-06-01", inputs={"contract_amount": "200000000"})
    assert result.amount == Decimal("8000000.00")  # 5% × 2亿 = 1000万, capped at 800万
