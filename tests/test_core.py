"""The core language: expressions, conditions, tables, limits across provisions and scope keys.

Each expected amount is worked out by hand in the comment beside it. The small policies here are
written for these tests; the real ones (policies/) are checked by their own hand cases.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sjdsl import CompileError, load_policy

from .conftest import SONGJIANG

OFFICIAL = (
    "到位注册资本1.7亿元的，给予170万元奖励；超过1.7亿元的，每超过1亿元，给予100万元奖励。\n"
    "当年新增业务规模达10亿元（含）以上的，最高50万元；达5亿元（含）以上，10亿以下的，最高30万元。\n"
    "企业每增加出口1美元，即给予0.02元人民币的奖励，每家企业每年最高奖励不超过10万元。\n"
    "每套设备按照年贷款利息的20%给予补贴，补贴期限3年，单套设备最高补贴100万元。\n"
    "单一企业每年享受本办法规定的各类扶持资金总额不超过500万元。\n"
    "自享受年度起，应持续经营六年以上。\n"
    "本办法自发布之日起实行。\n"
)

POLICY = """\
政策 core-demo 「核心语言示例」
  原文文件 「official.txt」
  附则 F.1 有效期 自 发布之日 起
    原文 「本办法自发布之日起实行。」
  限额 500万元 每年 合计 全部
    原文 「单一企业每年享受本办法规定的各类扶持资金总额不超过500万元。」
  义务 「自享受年度起持续经营六年以上」 否则 收回
    原文 「自享受年度起，应持续经营六年以上。」

措施 1 注册资本
  条款 1.1 到位注册资本奖励
    原文 「到位注册资本1.7亿元的，给予170万元奖励；超过1.7亿元的，每超过1亿元，给予100万元奖励。」
    输入 到位注册资本 paid_in_capital 金额
    输入 入驻园区 in_park 是否
    须 入驻园区 且 到位注册资本 达 1.7亿元
    奖励 = 170万元 + (到位注册资本 - 1.7亿元) 每超过 1亿元 × 100万元

措施 2 业务规模
  条款 2.1 高管奖励
    原文 「当年新增业务规模达10亿元（含）以上的，最高50万元；达5亿元（含）以上，10亿以下的，最高30万元。」
    输入 新增业务规模 new_business 金额
    奖励 = 最高 下表
      若 新增业务规模 达 10亿元 则 50万元
      若 新增业务规模 达 5亿元 且 新增业务规模 低于 10亿元 则 30万元

措施 3 出口与设备
  条款 3.1 出口奖励
    原文 「企业每增加出口1美元，即给予0.02元人民币的奖励，每家企业每年最高奖励不超过10万元。」
    输入 本年出口额 exports_usd 美元金额
    输入 上年出口额 previous_exports_usd 美元金额
    定义 出口增量 = 本年出口额 - 上年出口额
    奖励 = 出口增量 × 0.02元每美元
    每年最高 10万元
  条款 3.2 设备贷款贴息
    原文 「每套设备按照年贷款利息的20%给予补贴，补贴期限3年，单套设备最高补贴100万元。」
    输入 年贷款利息 annual_interest 金额
    输入 设备编号 equipment_set 编号
    补贴 = 年贷款利息 × 20%
    限年 3 年 按 设备编号
    限额 100万元 按 设备编号
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("core-demo")
    (folder / "official.txt").write_text(OFFICIAL, encoding="utf-8")
    (folder / "policy.pol").write_text(POLICY, encoding="utf-8")
    return load_policy(folder)


def ask(policy, provision: str, inputs: dict, history=(), date: str = "2026-06-01") -> dict:
    return policy.evaluate_json({"provision": provision, "date": date, "inputs": inputs,
                                 "history": list(history)})


CAPITAL = [
    ("169999999.99", "0.00"),    # below 1.7亿: the condition fails
    ("170000000", "1700000.00"),  # exactly 1.7亿: 170万, no step
    ("269999999.99", "1700000.00"),  # 0.99…亿 over: no full step
    ("270000000", "2700000.00"),  # 1亿 over: one step → 170万 + 100万
    ("370000000", "3700000.00"),  # 2亿 over: two steps
]


@pytest.mark.parametrize(("capital", "amount"), CAPITAL)
def test_steps_count_whole_steps_over_the_threshold(demo, capital: str, amount: str) -> None:
    assert ask(demo, "1.1", {"paid_in_capital": capital, "in_park": True})["amount"] == amount


def test_a_fact_that_must_hold_is_a_condition_not_an_inverted_flag(demo) -> None:
    result = ask(demo, "1.1", {"paid_in_capital": "370000000", "in_park": False})
    assert result["eligible"] is False
    assert "入驻园区" in result["reasons"][0] and "未未" not in result["reasons"][0]


@pytest.mark.parametrize(("scale", "amount", "ceiling"), [
    ("99999999.99", "0.00", True),  # below every row: not eligible
    ("500000000", "300000.00", True),  # 5亿（含）: 30万
    ("999999999.99", "300000.00", True),  # 10亿以下
    ("1000000000", "500000.00", True),  # 10亿（含）以上
])
def test_a_decision_table_takes_the_first_row_that_holds(demo, scale, amount, ceiling) -> None:
    result = ask(demo, "2.1", {"new_business": scale})
    assert result["amount"] == amount
    if result["eligible"]:
        assert result["ceiling"] is ceiling


def test_us_dollars_are_converted_only_at_the_rate_the_text_states(demo) -> None:
    # (3,000,000 − 1,000,000) 美元 × 0.02 元/美元 = 40,000.00 元
    result = ask(demo, "3.1", {"exports_usd": "3000000", "previous_exports_usd": "1000000"})
    assert result["amount"] == "40000.00"
    assert any("美元" in line for line in result["trace"])
    # 10,000,000 美元 increase × 0.02 = 200,000 元 > 10万 per year → 100,000.00
    big = ask(demo, "3.1", {"exports_usd": "10000000", "previous_exports_usd": "0"})
    assert big["amount"] == "100000.00"


def test_a_limit_per_scope_key_counts_only_that_key(demo) -> None:
    history = [{"provision": "3.2", "date": f"{y}-05-01", "amount": "300000.00",
                "inputs": {"equipment_set": "EQ-1"}} for y in (2023, 2024, 2025)]
    # EQ-1 has three years already (2023–2025): a fourth year is refused
    assert ask(demo, "3.2", {"annual_interest": "1000000", "equipment_set": "EQ-1"},
               history)["eligible"] is False
    # EQ-2 has none of them: 20% × 1,000,000 = 200,000.00
    assert ask(demo, "3.2", {"annual_interest": "1000000", "equipment_set": "EQ-2"},
               history)["amount"] == "200000.00"
    # EQ-1 within its years: 900,000 used of 100万 per set → 100,000.00 left
    assert ask(demo, "3.2", {"annual_interest": "1000000", "equipment_set": "EQ-1"},
               history[:2] + [dict(history[2], date="2026-01-10")])["amount"] == "100000.00"


def test_a_history_entry_without_the_scope_key_is_a_request_error(demo) -> None:
    history = [{"provision": "3.2", "date": "2025-05-01", "amount": "300000.00"}]
    result = ask(demo, "3.2", {"annual_interest": "1000000", "equipment_set": "EQ-1"}, history)
    assert result.get("error") and "equipment_set" in result["error"]


def test_the_yearly_cap_over_the_whole_policy_counts_other_provisions(demo) -> None:
    history = [{"provision": "1.1", "date": "2026-02-01", "amount": "4700000.00"},
               {"provision": "2.1", "date": "2025-02-01", "amount": "500000.00"}]
    # 2026: 4,700,000 of 5,000,000 used by 1.1 (2025's 2.1 does not count) → 300,000.00 left;
    # 3.2 asks 20% × 2,000,000 = 400,000 → 300,000.00
    result = ask(demo, "3.2", {"annual_interest": "2000000", "equipment_set": "EQ-9"}, history)
    assert result["amount"] == "300000.00"
    full = history + [{"provision": "3.1", "date": "2026-03-01", "amount": "300000.00"}]
    assert ask(demo, "3.2", {"annual_interest": "2000000", "equipment_set": "EQ-9"},
               full)["eligible"] is False


def test_open_validity_and_obligations_are_in_the_trace(demo) -> None:
    result = ask(demo, "3.2", {"annual_interest": "1000", "equipment_set": "EQ-1"},
                 date="2040-01-01")
    assert result["eligible"] is True
    assert any("未载明" in line for line in result["trace"])
    assert any(line.startswith("义务：") and "收回" in line for line in result["trace"])
    assert result["obligations"] == [{"obligation": "自享受年度起持续经营六年以上",
                                      "otherwise": "收回"}]


@pytest.mark.parametrize(("granted", "years", "calendar", "until"), [
    ("2021-05-10", 6, True, "2026-12-31"),   # 2021 is the first of six calendar years
    ("2021-01-01", 1, True, "2021-12-31"),
    ("2021-05-10", 6, False, "2027-05-10"),  # 民法典 第二百零一条: the first day not counted
    ("2024-02-29", 3, False, "2027-02-28"),  # no 29 February in 2027: the month's last day
    ("2024-02-29", 4, False, "2028-02-29"),
])
def test_an_obligation_term_ends_as_counted_by_hand(granted: str, years: int, calendar: bool,
                                                    until: str) -> None:
    import datetime

    from sjdsl.runtime.core_steps import term_end

    assert term_end(datetime.date.fromisoformat(granted), years, calendar) == until


def test_a_cap_naming_another_measures_provision_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "songjiang"
    shutil.copytree(SONGJIANG, folder)
    pol = folder / "m01-m03.pol"
    text = pol.read_text(encoding="utf-8")
    pol.write_text(text.replace("单个企业最高 500万元 合计 2.1、2.2",
                                "单个企业最高 500万元 合计 2.1、2.2、3.1"), encoding="utf-8")
    with pytest.raises(CompileError) as caught:
        load_policy(folder)
    assert any(d.code == "E033" and "3.1" in d.message for d in caught.value.diagnostics)


def test_a_limit_in_the_policy_block_binds_provisions_of_any_measure(tmp_path: Path) -> None:
    folder = tmp_path / "songjiang"
    shutil.copytree(SONGJIANG, folder)
    pol = folder / "policy.pol"
    text = pol.read_text(encoding="utf-8")
    anchor = "  附则 A.4 新规优先"
    pol.write_text(text.replace(anchor, "  限额 500万元 合计 2.1、2.2、3.1\n\n" + anchor),
                   encoding="utf-8")
    policy = load_policy(folder)
    history = [{"provision": "2.1", "date": "2025-03-01", "amount": "2000000.00"},
               {"provision": "2.2", "date": "2026-03-01", "amount": "3000000.00"}]
    # 2.1 + 2.2 = 5,000,000 already: a 3.1 award (5% × 1,000,000 = 50,000) has no room left
    result = policy.evaluate_json({"provision": "3.1", "date": "2026-06-01",
                                   "inputs": {"contract_amount": "1000000"},
                                   "history": history})
    assert result["eligible"] is False and "限额" in result["reasons"][0]


EQUIVALENT = """\
政策 equivalent 「同义写法」
  原文文件 「official.txt」
  附则 A.1 有效期 2025年1月1日 至 2029年12月31日
    原文 「本政策自2025年1月1日起执行，有效期至2029年12月31日。」

措施 1 两种写法
  条款 1.1 条款写法
    原文 「研发设备投入超过500万元的，按不超过投入的15%给予补贴，最高300万元，每年最高300万元，单个企业最高500万元。」
    输入 研发设备投入 rd_equipment 金额
    门槛 研发设备投入 超过 500万元
    补贴 按 不超过 研发设备投入 的 15%
    最高 300万元
    每年最高 300万元
    单个企业最高 500万元
  条款 1.2 核心写法
    原文 「研发设备投入超过500万元的，按不超过投入的15%给予补贴，最高300万元，每年最高300万元，单个企业最高500万元。」
    输入 研发设备投入 rd_equipment 金额
    须 研发设备投入 超过 500万元
    补贴 = 不超过 取较小(研发设备投入 × 15%, 300万元)
    限额 300万元 每年
    限额 500万元
"""


@pytest.fixture(scope="module")
def equivalent(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("equivalent")
    (folder / "official.txt").write_text(
        "本政策自2025年1月1日起执行，有效期至2029年12月31日。\n研发设备投入超过500万元的，按不超过投入的15%"
        "给予补贴，最高300万元，每年最高300万元，单个企业最高500万元。\n", encoding="utf-8")
    (folder / "policy.pol").write_text(EQUIVALENT, encoding="utf-8")
    return load_policy(folder)


@given(base=st.decimals(min_value=0, max_value=10**9, places=2),
       earlier=st.lists(st.tuples(st.sampled_from(["2025", "2026"]),
                                  st.decimals(min_value=0, max_value=3 * 10**6, places=2)),
                        max_size=3))
@settings(max_examples=200, deadline=None)
def test_a_clause_and_its_core_form_give_the_same_amount(equivalent, base, earlier) -> None:
    """The language reference's table 'what the clauses mean in the core', checked."""
    def answer(pid: str) -> dict:
        history = [{"provision": pid, "date": f"{year}-01-15", "amount": str(amount)}
                   for year, amount in earlier]
        return equivalent.evaluate_json({"provision": pid, "date": "2026-06-01",
                                         "inputs": {"rd_equipment": str(base)},
                                         "history": history})
    clause, core = answer("1.1"), answer("1.2")
    assert (clause["amount"], clause["eligible"], clause["ceiling"]) == \
        (core["amount"], core["eligible"], core["ceiling"])


LISTS_OFFICIAL = (
    "对营业收入在同行业企业中排名前10名的企业，给予50万元奖励。\n"
    "对企业高级管理人员，按其个人所得税区级留成部分的50%给予奖励，每人最高10万元，每家企业合计最高30万元，"
    "超过的按比例分配。\n"
)
LISTS = """\
政策 lists-demo 「列表示例」
  原文文件 「official.txt」

措施 1 排名
  条款 1.1 排名奖励
    原文 「对营业收入在同行业企业中排名前10名的企业，给予50万元奖励。」
    输入 营业收入 revenue 金额
    输入 同行业企业营业收入 peer_revenues 金额列表
    须 名次(营业收入, 同行业企业营业收入) 不超过 10名
    奖励 = 50万元

措施 2 高管
  条款 2.1 高管奖励
    原文 「对企业高级管理人员，按其个人所得税区级留成部分的50%给予奖励，每人最高10万元，每家企业合计最高30万元，超过的按比例分配。」
    输入 高级管理人员 executives 名单（姓名 name 编号、个人所得税区级留成 retained_iit 金额）
    定义 个人奖励 = 逐个(高级管理人员, 取较小(个人所得税区级留成 × 50%, 10万元))
    定义 份额 = 按比例(个人奖励, 30万元)
    奖励 = 合计(份额)
    分配 高级管理人员 按 个人奖励
"""


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("lists")
    (folder / "official.txt").write_text(LISTS_OFFICIAL, encoding="utf-8")
    (folder / "policy.pol").write_text(LISTS, encoding="utf-8")
    return load_policy(folder)


def _peers(*yi: int) -> list[str]:
    return [str(n * 100_000_000) for n in yi]


def test_a_rank_in_a_peer_group_counts_those_strictly_above(lists) -> None:
    # nine peers above 5亿 (ties share a place): 5亿 is 10th → paid; 4亿 has ten above: 11th → not
    peers = _peers(9, 9, 8, 8, 7, 7, 6, 6, 6, 5, 4)
    assert ask(lists, "1.1", {"revenue": "500000000", "peer_revenues": peers})["amount"] == \
        "500000.00"
    assert ask(lists, "1.1", {"revenue": "400000000", "peer_revenues": peers})["eligible"] is False


def test_a_group_cap_is_shared_pro_rata(lists) -> None:
    people = [{"name": "甲", "retained_iit": "300000"}, {"name": "乙", "retained_iit": "200000"},
              {"name": "丙", "retained_iit": "120000"}, {"name": "丁", "retained_iit": "40000"}]
    # 50%, at most 10万 each: 10万 + 10万 + 6万 + 2万 = 28万 ≤ 30万 → 280,000.00
    assert ask(lists, "2.1", {"executives": people})["amount"] == "280000.00"
    more = people + [{"name": "戊", "retained_iit": "1000000"}]
    # 10 + 10 + 6 + 2 + 10 = 38万 > 30万: shares × 30/38, adding up to 300,000.00
    result = ask(lists, "2.1", {"executives": more})
    assert result["amount"] == "300000.00"
    assert any("按比例" in line for line in result["trace"])
    # shared among the five by 10 : 10 : 6 : 2 : 10 (万): 300,000 × 10/38 = 78,947.368… → 78,947.37;
    # 6/38 → 47,368.42; 2/38 → 15,789.47; the last the remainder, 78,947.37 — adding up to 300,000
    assert result["shares"] == [
        {"key": "甲", "amount": "78947.37"}, {"key": "乙", "amount": "78947.37"},
        {"key": "丙", "amount": "47368.42"}, {"key": "丁", "amount": "15789.47"},
        {"key": "戊", "amount": "78947.37"}]


def test_a_record_without_a_field_is_a_request_error(lists) -> None:
    result = ask(lists, "2.1", {"executives": [{"name": "甲"}]})
    assert result.get("error") and "retained_iit" in result["error"]


TOPUP_OFFICIAL = "对新认定的区级、市级、国家级企业技术中心，分别给予20万元、60万元、200万元奖励，晋级的补足差额。\n"
TOPUP = """\
政策 topup-demo 「补差示例」
  原文文件 「official.txt」

措施 1 技术中心
  条款 1.1 技术中心奖励
    原文 「对新认定的区级、市级、国家级企业技术中心，分别给予20万元、60万元、200万元奖励，晋级的补足差额。」
    输入 认定级别 level 枚举（区级、市级、国家级）
    定义 标准 = 下表
      若 认定级别 为 区级 则 20万元
      若 认定级别 为 市级 则 60万元
      否则 200万元
    奖励 = 标准 - 已获(1.1)
"""


def test_a_top_up_pays_the_new_level_less_what_was_received(tmp_path: Path) -> None:
    (tmp_path / "official.txt").write_text(TOPUP_OFFICIAL, encoding="utf-8")
    (tmp_path / "policy.pol").write_text(TOPUP, encoding="utf-8")
    policy = load_policy(tmp_path)
    district = [{"provision": "1.1", "date": "2025-03-01", "amount": "200000.00",
                 "inputs": {"level": "区级"}}]
    # 市级 after 区级: 600,000 − 200,000 = 400,000.00
    assert ask(policy, "1.1", {"level": "市级"}, district)["amount"] == "400000.00"
    # 国家级 after 区级 and 市级: 2,000,000 − 600,000 = 1,400,000.00
    both = district + [{"provision": "1.1", "date": "2026-01-10", "amount": "400000.00",
                        "inputs": {"level": "市级"}}]
    assert ask(policy, "1.1", {"level": "国家级"}, both)["amount"] == "1400000.00"
    # 区级 again after 区级: nothing left to top up
    assert ask(policy, "1.1", {"level": "区级"}, district)["eligible"] is False


def test_english_aliases_give_the_same_policy() -> None:
    """Every keyword has an English alias that parses to the same IR (spans aside)."""
    from sjdsl.language.keywords import ALIASES, KEYWORDS
    from sjdsl.language.parse import parse_file

    chinese = POLICY
    english = (POLICY
               .replace("政策 core-demo", "policy core-demo").replace("原文文件", "official_file")
               .replace("附则 F.1 有效期 自 发布之日 起", "rule F.1 validity from publication_day onwards")
               .replace("  原文 ", "  cite ").replace("限额 500万元 每年 合计 全部",
                                                      "limit 500万元 each_year over all_provisions")
               .replace("义务", "obligation").replace("否则 收回", "otherwise 收回")
               .replace("措施", "measure").replace("条款", "provision").replace("输入", "input")
               .replace("须 入驻园区 且 到位注册资本 达 1.7亿元", "require 入驻园区 and 到位注册资本 reaches 1.7亿元")
               .replace("奖励 = 170万元 + (到位注册资本 - 1.7亿元) 每超过 1亿元",
                        "award = 170万元 + (到位注册资本 - 1.7亿元) per_excess 1亿元")
               .replace("奖励 = 最高 下表", "award = at_most table")
               .replace("      若 新增业务规模 达 10亿元 则 50万元",
                        "      if 新增业务规模 reaches 10亿元 then 50万元")
               .replace("定义 出口增量", "define 出口增量").replace("每年最高 10万元", "yearly_cap 10万元")
               .replace("补贴 = 年贷款利息", "subsidy = 年贷款利息")
               .replace("限年 3 年 按 设备编号", "limit_years 3 years by 设备编号")
               .replace("限额 100万元 按 设备编号", "limit 100万元 by 设备编号"))
    assert english != chinese and "provision 1.1" in english and "条款" not in english
    assert parse_file(english, "p.pol") == parse_file(chinese, "p.pol")
    assert len(KEYWORDS) == len(ALIASES) + 13, "every alias names one keyword"


def test_the_language_reference_lists_every_alias() -> None:
    from sjdsl.language.keywords import ALIASES, FILTERS, FUNCTIONS, QUANTIFIERS

    from .conftest import ROOT
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    for chinese, english in (*ALIASES.items(), *FUNCTIONS.items(), *QUANTIFIERS.items(),
                             *FILTERS.items()):
        assert f"{chinese} `{english}`" in text, chinese


def test_not_both_is_sugar_for_one_grant_among_provisions_of_any_measure(tmp_path: Path) -> None:
    """不得兼得 lowers to 限次 1 次 合计 …: it binds provisions of two measures."""
    folder = tmp_path / "songjiang"
    shutil.copytree(SONGJIANG, folder)
    pol = folder / "policy.pol"
    anchor = "  附则 A.4 新规优先"
    pol.write_text(pol.read_text(encoding="utf-8").replace(
        anchor, "  不得兼得 3.2、10.1\n\n" + anchor), encoding="utf-8")
    policy = load_policy(folder)
    history = [{"provision": "3.2", "date": "2025-03-01", "amount": "300000.00"}]
    result = policy.evaluate_json({"provision": "10.1", "date": "2026-06-01", "inputs": {},
                                   "history": history})
    assert result["eligible"] is False and "不得兼得" in result["reasons"][0]
    alone = policy.evaluate_json({"provision": "10.1", "date": "2026-06-01", "inputs": {}})
    assert alone["amount"] == "200000.00"  # 10.1: 最高 20万元, untouched without the other


YEARS_OFFICIAL = "按年租金的30%乘以入驻年数给予一次性奖励。\n"


@pytest.mark.parametrize(("formula", "error"), [
    ("年租金 × 30% × 入驻年数", None),          # an amount times a number of years is an amount
    ("年租金 × 30% × 入驻年数 × 年租金", "E030"),  # 元 × 元
    ("入驻面积 × 30%", "E030"),                  # an area is not an amount
])
def test_an_amount_times_a_number_of_years_is_an_amount(tmp_path: Path, formula: str,
                                                        error: str | None) -> None:
    (tmp_path / "official.txt").write_text(YEARS_OFFICIAL, encoding="utf-8")
    (tmp_path / "policy.pol").write_text(f"""\
政策 years-demo 「年数示例」
  原文文件 「official.txt」

措施 1 奖励
  条款 1.1 入驻奖励
    原文 「按年租金的30%乘以入驻年数给予一次性奖励。」
    输入 年租金 annual_rent 金额
    输入 入驻年数 years_in_district 年数
    输入 入驻面积 floor_area 面积 可选
    奖励 = {formula}
""", encoding="utf-8")
    if error is None:
        policy = load_policy(tmp_path)
        # 30% × 1,000,000 × 3 = 900,000.00
        assert ask(policy, "1.1", {"annual_rent": "1000000", "years_in_district": 3})[
            "amount"] == "900000.00"
        return
    with pytest.raises(CompileError) as caught:
        load_policy(tmp_path)
    assert any(d.code == error for d in caught.value.diagnostics)


QUANT_OFFICIAL = "企业高级管理人员年缴纳个人所得税均达到5万元的，给予企业10万元奖励；任一人达到50万元的，再给予20万元。\n"
QUANT = """\
政策 quant-demo 「任一与均」
  原文文件 「official.txt」

措施 1 高管
  条款 1.1 高管纳税奖励
    原文 「企业高级管理人员年缴纳个人所得税均达到5万元的，给予企业10万元奖励；任一人达到50万元的，再给予20万元。」
    输入 高级管理人员 executives 名单（姓名 name 编号、年缴纳个人所得税 annual_iit 金额）
    须 均(高级管理人员, 年缴纳个人所得税 达 5万元)
    奖励 = 下表
      若 任一(高级管理人员, 年缴纳个人所得税 达 50万元) 则 10万元 + 20万元
      否则 10万元
"""


def test_any_and_every_record_of_a_list(tmp_path: Path) -> None:
    (tmp_path / "official.txt").write_text(QUANT_OFFICIAL, encoding="utf-8")
    (tmp_path / "policy.pol").write_text(QUANT, encoding="utf-8")
    policy = load_policy(tmp_path)

    def people(*amounts: str) -> list[dict[str, str]]:
        return [{"name": f"P{i}", "annual_iit": a} for i, a in enumerate(amounts)]

    # every one at 5万 or more, none at 50万: 10万
    assert ask(policy, "1.1", {"executives": people("50000", "80000")})["amount"] == "100000.00"
    # one at 50万: 10万 + 20万
    assert ask(policy, "1.1", {"executives": people("50000", "500000")})["amount"] == "300000.00"
    # one below 5万 (49,999.99): the condition on every record fails
    assert ask(policy, "1.1", {"executives": people("49999.99", "500000")})["eligible"] is False


GROUP_OFFICIAL = "对营业收入在本行业企业中排名前3名的企业，给予30万元奖励。\n"
GROUP = """\
政策 group-demo 「分组排名」
  原文文件 「official.txt」

措施 1 排名
  条款 1.1 行业前三
    原文 「对营业收入在本行业企业中排名前3名的企业，给予30万元奖励。」
    输入 营业收入 revenue 金额
    输入 本企业行业 own_industry 枚举（制造、服务）
    输入 其他企业 peers 名单（行业 industry 枚举（制造、服务）、营业收入 revenue 金额）
    定义 同行业营业收入 = 逐个(筛选(其他企业, 行业 为 本企业行业), 营业收入)
    须 名次(营业收入, 同行业营业收入) 不超过 3名
    奖励 = 30万元
"""


def test_the_first_n_of_a_group_ranks_among_that_group_only(tmp_path: Path) -> None:
    (tmp_path / "official.txt").write_text(GROUP_OFFICIAL, encoding="utf-8")
    (tmp_path / "policy.pol").write_text(GROUP, encoding="utf-8")
    policy = load_policy(tmp_path)
    peers = [{"industry": "服务", "revenue": "900000000"}, {"industry": "服务", "revenue": "800000000"},
             {"industry": "服务", "revenue": "700000000"}, {"industry": "制造", "revenue": "600000000"},
             {"industry": "制造", "revenue": "500000000"}]
    # among 制造 only two are above 4亿: 3rd → paid (the three 服务 peers above do not count)
    assert ask(policy, "1.1", {"revenue": "400000000", "own_industry": "制造", "peers": peers})[
        "amount"] == "300000.00"
    more = peers + [{"industry": "制造", "revenue": "450000000"}]
    assert ask(policy, "1.1", {"revenue": "400000000", "own_industry": "制造", "peers": more})[
        "eligible"] is False  # three 制造 peers above: 4th
    # a 服务 enterprise ranks among the three 服务 peers: 4亿 is 4th
    assert ask(policy, "1.1", {"revenue": "400000000", "own_industry": "服务", "peers": peers})[
        "eligible"] is False


def _policy_text(body: str) -> str:
    return ("政策 edge-demo 「边界」\n  原文文件 「official.txt」\n\n措施 1 奖励\n"
            "  条款 1.1 奖励\n    原文 「给予10万元奖励。」\n" + body)


@pytest.mark.parametrize(("body", "code"), [
    # a table of notes only: a diagnostic, where the code writer stopped on an IndexError
    ("    奖励 = 下表\n      解读 「…」\n", "E016"),
    # the cited sentence of a provision's own 定义 is checked like any other
    ("    定义 标准 = 10万元\n      原文 「给予20万元奖励。」\n    奖励 = 标准\n", "E009"),
])
def test_edges_of_the_core_are_diagnostics(tmp_path: Path, body: str, code: str) -> None:
    (tmp_path / "official.txt").write_text("给予10万元奖励。\n", encoding="utf-8")
    (tmp_path / "policy.pol").write_text(_policy_text(body), encoding="utf-8")
    with pytest.raises(CompileError) as caught:
        load_policy(tmp_path)
    assert any(d.code == code for d in caught.value.diagnostics), caught.value.diagnostics


def test_an_allocation_by_a_list_of_another_length_is_a_reason_not_a_traceback(
        tmp_path: Path) -> None:
    (tmp_path / "official.txt").write_text("给予10万元奖励。\n", encoding="utf-8")
    (tmp_path / "policy.pol").write_text(_policy_text(
        "    输入 人员 people 名单（姓名 name 编号、金额 sum 金额）\n"
        "    输入 份额 weights 金额列表\n"
        "    奖励 = 10万元\n"
        "    分配 人员 按 份额\n"), encoding="utf-8")
    policy = load_policy(tmp_path)
    people = [{"name": "甲", "sum": "1"}, {"name": "乙", "sum": "1"}]
    result = ask(policy, "1.1", {"people": people, "weights": ["1"]})
    assert result["eligible"] is False and "分配" in result["reasons"][0]
    paid = ask(policy, "1.1", {"people": people, "weights": ["3", "1"]})
    # 100,000 × 3/4 = 75,000.00; the last the remainder, 25,000.00
    assert paid["shares"] == [{"key": "甲", "amount": "75000.00"},
                              {"key": "乙", "amount": "25000.00"}]


FULL_YEARS_OFFICIAL = "凡在我区行政区域内设立三年以上的企业，给予10万元奖励。\n对建立并经营线下O2O体验店1年以上的，给予5万元。\n"
FULL_YEARS = """\
政策 years-demo 「满年数」
  原文文件 「official.txt」

措施 1 年限
  条款 1.1 设立三年以上
    原文 「凡在我区行政区域内设立三年以上的企业，给予10万元奖励。」
    输入 设立日期 established_on 日期
    输入 挂牌上市日期 listed_on 日期
    须 满年数(设立日期, 挂牌上市日期) 达 3年
    奖励 = 10万元
  条款 1.2 经营一年以上
    原文 「对建立并经营线下O2O体验店1年以上的，给予5万元。」
    输入 开业日期 opened_on 日期
    须 full_years(开业日期) 达 1年
    奖励 = 5万元
"""


@pytest.mark.parametrize(("provision", "inputs", "date", "amount"), [
    # 2013-03-01 → 2016-03-01: the third anniversary is reached: 3 years ≥ 3 → 100,000.00
    ("1.1", {"established_on": "2013-03-01", "listed_on": "2016-03-01"}, "2016-06-01", "100000.00"),
    # one day short of the third anniversary: 2 whole years → not eligible
    ("1.1", {"established_on": "2013-03-01", "listed_on": "2016-02-29"}, "2016-06-01", "0.00"),
    # born 29 February: its anniversary in 2015 (a common year) is 1 March, not 28 February
    ("1.1", {"established_on": "2012-02-29", "listed_on": "2015-02-28"}, "2016-06-01", "0.00"),
    ("1.1", {"established_on": "2012-02-29", "listed_on": "2015-03-01"}, "2016-06-01", "100000.00"),
    # the second date before the first: 0 years, never negative
    ("1.1", {"established_on": "2017-01-01", "listed_on": "2015-01-01"}, "2016-06-01", "0.00"),
    # one date: to the grant date — opened 2015-06-01, granted 2016-06-01: 1 year → 50,000.00
    ("1.2", {"opened_on": "2015-06-01"}, "2016-06-01", "50000.00"),
    # granted 2016-05-31: 0 whole years → not eligible
    ("1.2", {"opened_on": "2015-06-01"}, "2016-05-31", "0.00"),
])
def test_whole_years_between_dates(tmp_path: Path, provision: str, inputs: dict, date: str,
                                   amount: str) -> None:
    (tmp_path / "official.txt").write_text(FULL_YEARS_OFFICIAL, encoding="utf-8")
    (tmp_path / "policy.pol").write_text(FULL_YEARS, encoding="utf-8")
    assert ask(load_policy(tmp_path), provision, inputs, date=date)["amount"] == amount


@pytest.mark.parametrize("call", ["满年数(设立日期, 挂牌上市日期, 设立日期)", "满年数(10万元)"])
def test_whole_years_need_one_or_two_dates(tmp_path: Path, call: str) -> None:
    (tmp_path / "official.txt").write_text(FULL_YEARS_OFFICIAL, encoding="utf-8")
    (tmp_path / "policy.pol").write_text(
        FULL_YEARS.replace("满年数(设立日期, 挂牌上市日期)", call), encoding="utf-8")
    with pytest.raises(CompileError) as caught:
        load_policy(tmp_path)
    assert any(d.code == "E030" for d in caught.value.diagnostics), caught.value.diagnostics


COUNT_OFFICIAL = "每新吸引1家年进出口额达到50万美元以上的企业在平台上开展跨境电子商务业务，给予平台企业1万元的扶持资金。\n"
COUNT_POLICY = """\
政策 count-demo 「名单计数」
  原文文件 「official.txt」

措施 1 吸引企业
  条款 1.1 新吸引企业
    原文 「每新吸引1家年进出口额达到50万美元以上的企业在平台上开展跨境电子商务业务，给予平台企业1万元的扶持资金。」
    输入 新吸引企业 firms 名单（企业 name 编号、年进出口额 trade_usd 美元金额）
    补贴 = 个数(筛选(新吸引企业, 年进出口额 达 50万美元)) × 1万元每家
"""


def test_the_number_of_a_lists_records(tmp_path: Path) -> None:
    (tmp_path / "official.txt").write_text(COUNT_OFFICIAL, encoding="utf-8")
    (tmp_path / "policy.pol").write_text(COUNT_POLICY, encoding="utf-8")
    policy = load_policy(tmp_path)
    firms = [{"name": "A", "trade_usd": "500000"}, {"name": "B", "trade_usd": "499999.99"},
             {"name": "C", "trade_usd": "3000000"}]
    # A (500,000 USD, 以上 includes) and C count, B does not: 2 × 10,000 = 20,000.00
    assert ask(policy, "1.1", {"firms": firms})["amount"] == "20000.00"
    # none reaches 50万美元: 0 firms → nothing
    assert ask(policy, "1.1", {"firms": firms[1:2]})["eligible"] is False
