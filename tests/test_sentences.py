"""Sentences re-rendered from the compiled rule say what the rule says.

Round trip: the comparison words, the numbers and the units read back from a rendered sentence
are the IR's (a ladder on 达 is 「所达到的」, never 「所超过的」); negations read as Chinese with no
double negative; the subject of the cited sentence is kept. Each construct has a small policy
here, and its sentence is written out by hand; the real policies are checked by the same reader.
"""

from __future__ import annotations

import re
import typing
from decimal import Decimal
from pathlib import Path

import pytest

from sjdsl.backends.sentence import render
from sjdsl.core import nodes as core
from sjdsl.core import render as core_words
from sjdsl.core import scope
from sjdsl.language import ir
from sjdsl.language.check import CheckedPolicy
from sjdsl.tools.driver import compile_policy

from .conftest import ROOT

OFFICIAL = """\
营业收入达500万元的，按10%给予奖励，最高100万元。
研发投入超过200万元的，按20%给予补贴，最高50万元。
总投资达1亿元、5亿元的，分别给予30万元、50万元扶持。
总投资超过1亿元、5亿元的，分别给予30万元、50万元扶持。
年度贡献在100万元至300万元（含300万元）的，扶持12%；超过300万元的，扶持20%。
已享受其他类似扶持的，不再给予奖励；给予20万元奖励。
未入驻园区的企业不予奖励；到位注册资本超过1.7亿元的，每超过1亿元，给予100万元奖励。
营业收入低于800万元的，给予10万元补贴。
对新引进的制造项目，按投资额的15%给予补贴。
其中，优秀人才最高可享受100万元购房补贴。
本办法自发布之日起施行，2026年1月1日发布。
"""

POLICY = """\
政策 rt-demo 「重述往返示例」
  原文文件 「official.txt」
  附则 F.1 有效期 自 发布之日 起 不早于 2026年1月1日
    原文 「本办法自发布之日起施行，2026年1月1日发布。」

措施 1 门槛
  条款 1.1 达门槛
    原文 「营业收入达500万元的，按10%给予奖励，最高100万元。」
    输入 营业收入 revenue 金额
    门槛 营业收入 达 500万元
    奖励 按 营业收入 的 10%
    最高 100万元
  条款 1.2 超过门槛
    原文 「研发投入超过200万元的，按20%给予补贴，最高50万元。」
    输入 研发投入 rd 金额
    门槛 研发投入 超过 200万元
    补贴 按 研发投入 的 20%
    最高 50万元

措施 2 阶梯与分段
  条款 2.1 达阶梯
    原文 「总投资达1亿元、5亿元的，分别给予30万元、50万元扶持。」
    输入 总投资 investment 金额
    扶持 按 总投资 达 分别
      1亿元 30万元
      5亿元 50万元
  条款 2.2 超过阶梯
    原文 「总投资超过1亿元、5亿元的，分别给予30万元、50万元扶持。」
    输入 总投资 investment 金额
    扶持 按 总投资 超过 分别
      1亿元 30万元
      5亿元 50万元
  条款 2.3 分段
    原文 「年度贡献在100万元至300万元（含300万元）的，扶持12%；超过300万元的，扶持20%。」
    输入 年度贡献 contribution 金额
    扶持 按 年度贡献 分段 全额
      达 100万元 至 300万元 12%
      超过 300万元 20%

措施 3 否定
  条款 3.1 排除
    原文 「已享受其他类似扶持的，不再给予奖励；给予20万元奖励。」
    输入 已享受其他类似扶持 similar 是否
    排除 已享受其他类似扶持
    奖励 20万元
  条款 3.2 非事实
    原文 「未入驻园区的企业不予奖励；到位注册资本超过1.7亿元的，每超过1亿元，给予100万元奖励。」
    输入 未入驻园区 not_in_park 是否
    输入 到位注册资本 capital 金额
    须 非 未入驻园区 且 到位注册资本 超过 1.7亿元
    奖励 = (到位注册资本 - 1.7亿元) 每超过 1亿元 × 100万元
  条款 3.3 低于
    原文 「营业收入低于800万元的，给予10万元补贴。」
    输入 营业收入 revenue 金额
    须 营业收入 低于 800万元
    补贴 = 10万元

措施 4 主语
  条款 4.1 制造项目补贴
    原文 「对新引进的制造项目，按投资额的15%给予补贴。」
    输入 投资额 investment 金额
    补贴 按 投资额 的 15%
  条款 4.2 优秀人才购房补贴
    原文 「其中，优秀人才最高可享受100万元购房补贴。」
    补贴 最高 100万元
"""

# Each sentence written out by hand from the clauses above.
EXPECTED = {
    "1.1": "营业收入达500万元的，按营业收入的10%给予奖励，最高100万元。",
    "1.2": "研发投入超过200万元的，按研发投入的20%给予补贴，最高50万元。",
    "2.1": "按总投资达各级分别给予扶持：1亿元给予30万元、5亿元给予50万元（按所达到的最高一级）。",
    "2.2": "按总投资超过各级分别给予扶持：1亿元给予30万元、5亿元给予50万元（按所超过的最高一级）。",
    "2.3": "按年度贡献分段、全额计算扶持：达100万元至300万元（含） 12%；超过300万元 20%。",
    "3.1": "未享受其他类似扶持的，给予20万元奖励。",
    "3.2": "已入驻园区且到位注册资本超过1.7亿元的，"
           "奖励按「「到位注册资本减1.7亿元」每超过1亿元的个数乘以100万元」计算。",
    "3.3": "营业收入低于800万元的，补贴按「10万元」计算。",
    "4.1": "对新引进的制造项目，按投资额的15%给予补贴。",
    "4.2": "对优秀人才，给予最高100万元购房补贴。",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> CheckedPolicy:
    folder = tmp_path_factory.mktemp("rt-demo")
    (folder / "official.txt").write_text(OFFICIAL, encoding="utf-8")
    (folder / "policy.pol").write_text(POLICY, encoding="utf-8")
    return compile_policy(folder).checked


def sentences(checked: CheckedPolicy) -> dict[str, tuple[str, ir.Measure, ir.Provision]]:
    return {p.id: (render(checked, m, p), m, p)
            for m in checked.policy.measures for p in m.provisions}


# ---------------------------------------------------------------- reading a sentence back

#: comparison words a rendered sentence uses, longest first (为/是, 以上/以下/以内 are left out:
#: they are ordinary words in the text's own subjects and terms)
_WORDS = sorted((w for w, op in core.COMPARE_WORDS.items()
                 if op not in ("eq", "ne") and w not in ("以上", "以下", "以内")),
                key=len, reverse=True)
_COMPARISON = re.compile("|".join(_WORDS))
_NUMBER = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)(万美元|美元|亿元|万元|元|%|‰)")
_SCALE = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1),
          "%": Decimal("0.01"), "‰": Decimal("0.001")}


def read_comparisons(sentence: str) -> set[str]:
    """The comparisons a sentence states (「每超过」 is a step, not a comparison)."""
    text = re.sub("每超过|每满", "", sentence)
    return {core.COMPARE_WORDS[w] for w in _COMPARISON.findall(text)}


def read_numbers(sentence: str) -> set[Decimal]:
    """Every amount (元) and rate in a sentence, as exact values (美元 amounts left out)."""
    return {(Decimal(n.replace(",", "")) * _SCALE[u]).normalize()
            for n, u in _NUMBER.findall(sentence) if u in _SCALE}


def ir_comparisons(checked: CheckedPolicy, measure: ir.Measure, p: ir.Provision) -> set[str]:
    ops: set[str] = set()
    for node in _nodes(checked, measure, p):
        match node:
            case ir.Threshold() | ir.LadderAward() | ir.Band():
                ops.add(node.op)
            case ir.RateAward(ceiling=True) | ir.JointLimit():
                ops.add("le")  # 「按不超过…的15%」, 「合计不超过」
            case core.Compare() if node.op not in ("eq", "ne"):
                ops.add(node.op)  # 为/不为 are left out of the reading too (_WORDS)
    return ops


def ir_numbers(checked: CheckedPolicy, measure: ir.Measure, p: ir.Provision) -> set[Decimal]:
    found: set[Decimal] = set()
    for node in _nodes(checked, measure, p):
        match node:
            case ir.Money() if node.unit in ir.MONEY_UNITS:
                found.add(node.value.normalize())
            case ir.Rate():
                found.add(node.value.normalize())
            case core.Quantity() if (node.unit or "").startswith(("元", "万元", "亿元", "%", "‰")):
                found.add(node.value.normalize())
            case core.Limit(kind="amount"):
                found.add(node.amount.normalize())
    return found


def _nodes(checked: CheckedPolicy, measure: ir.Measure, p: ir.Provision) -> list[object]:
    """The compiled clauses a provision's sentence renders (not its examples or notes)."""
    bound = scope.bound(checked.policy, measure, p)
    named = {x.name for x in core.walk(p.awards[0]) if isinstance(x, core.Name)}
    roots = [*p.awards, *p.limits, *[d for d in p.core if isinstance(d, core.Define)],
             *bound.requires, *bound.limits, *[d for d in bound.defines if d.name in named],
             *[c for c in measure.caps if p.id in c.provisions]]
    return [node for root in roots for node in core.walk(root)
            if not isinstance(node, (ir.Cite, ir.Reading, ir.Example))]


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_each_construct_renders_the_hand_written_sentence(demo: CheckedPolicy, pid: str) -> None:
    assert sentences(demo)[pid][0] == EXPECTED[pid]


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_round_trip_comparisons_and_numbers(demo: CheckedPolicy, pid: str) -> None:
    sentence, measure, provision = sentences(demo)[pid]
    assert read_comparisons(sentence) == ir_comparisons(demo, measure, provision), sentence
    assert read_numbers(sentence) == ir_numbers(demo, measure, provision), sentence


def test_negations_read_once(demo: CheckedPolicy) -> None:
    """排除 of a term that says 已 reads 未; 非 of a term that says 未 reads 已."""
    rendered = sentences(demo)
    assert "未享受其他类似扶持" in rendered["3.1"][0]
    assert "已入驻园区" in rendered["3.2"][0]


@pytest.fixture(scope="module")
def real() -> dict[str, tuple[CheckedPolicy, dict[str, tuple[str, ir.Measure, ir.Provision]]]]:
    found = {}
    for folder in sorted((ROOT / "policies").iterdir()):
        checked = compile_policy(Path(folder)).checked
        found[folder.name] = (checked, sentences(checked))
    return found


_QUOTED = (ir.ExternalReference, ir.Qualitative, ir.Repealed)


def test_real_sentences_round_trip(real) -> None:  # type: ignore[no-untyped-def]
    """Every provision of the four policies: the amounts and rates of its sentence are its
    rule's, and no sentence holds a double negative."""
    for name, (checked, rendered) in real.items():
        for pid, (sentence, measure, provision) in rendered.items():
            where = f"{name} {pid}: {sentence}"
            assert not re.search("未未|未已|非 ?未|非 ?非|不不|未非", sentence), where
            if isinstance(provision.awards[0], _QUOTED):
                continue  # the sentence quotes the policy's words: nothing is computed
            assert read_numbers(sentence) == ir_numbers(checked, measure, provision), where
            assert read_comparisons(sentence) == ir_comparisons(checked, measure, provision), \
                where


def test_subject_and_noun_of_the_cited_sentence_are_kept(real) -> None:  # type: ignore[no-untyped-def]
    rendered = real["songjiang-terminal-2024"][1]
    assert rendered["1.1"][0].startswith("对新引进的智能终端产品（关键零部件）制造项目，")
    assert "优秀人才" in rendered["12.2"][0] and "购房补贴" in rendered["12.2"][0]
    # a subject that states a compiled condition (a number) is not repeated
    assert rendered["6.1"][0].startswith("研发设备投入超过500万元的，")


# ---------------------------------------------------------------- the core in Chinese

_NAME = core.Name("营业收入")
_MONEY = core.Quantity(Decimal(100), "万元", Decimal(1_000_000), "100万元")
_RATE = core.Quantity(Decimal(15), "%", Decimal("0.15"), "15%")
_COMPARE = core.Compare("ge", "达", _NAME, _MONEY)
_FACT = core.Fact(core.Name("已入驻园区"))
EXPRS: list[core.Expr] = [
    _MONEY, _NAME, core.Binary("×", _NAME, _RATE),
    core.Binary("每超过", core.Binary("-", _NAME, _MONEY), _MONEY),
    core.Call("取较小", (_NAME, _MONEY)), core.Call("合计", (_NAME,)),
    core.Call("名次", (_NAME, core.Name("同行业营业收入"))),
    core.Call("逐个", (core.Name("高管"), _NAME)), core.Call("按比例", (_NAME, _MONEY)),
    core.Call("个数", (_NAME,)), core.Call("最大", (_NAME,)), core.Call("最小", (_NAME,)),
    core.Call("取较大", (_NAME, _MONEY)),
    core.IfElse(_COMPARE, _MONEY, _RATE), core.Received(("1.1",), None, True),
    core.Filtered(core.Name("高管"), _COMPARE),
]
CONDS: list[core.Cond] = [
    _COMPARE, _FACT, core.Logic("且", _COMPARE, _FACT), core.Not(_FACT),
    core.Not(core.Logic("或", _COMPARE, _FACT)), core.Quantified("任一", core.Name("高管"), _COMPARE),
    core.Quantified("均", core.Name("高管"), _COMPARE),
]
STATEMENTS: list[core.Statement] = [
    core.Define("增量", core.Binary("-", _NAME, _MONEY)), core.Require(_COMPARE),
    core.Limit("amount", Decimal(5_000_000), "500万元", True, None, (), True),
    core.Obligation("持续经营六年", "收回"), core.Erratum("002元", _MONEY),
    core.Allocation(core.Name("高管"), core.Name("贡献")),
]


def test_every_core_node_kind_renders_in_chinese() -> None:
    kinds = {type(x) for x in EXPRS} | {type(x) for x in CONDS} | {type(x) for x in STATEMENTS}
    union = set(typing.get_args(core.Expr)) | set(typing.get_args(core.Cond)) | \
        set(typing.get_args(core.Statement))
    assert union <= kinds, f"add a case for {union - kinds}"
    for e in EXPRS:
        assert not re.search(r"[×÷+]| - ", core_words.words(e)), core_words.words(e)
    for c in CONDS:
        assert core_words.cond_words(c)
    for s in STATEMENTS:
        assert core_words.statement_words(s)
    assert core_words.words(EXPRS[3]) == "「营业收入减100万元」每超过100万元的个数"
    assert core_words.words(EXPRS[4]) == "营业收入与100万元中的较小者"
    assert core_words.cond_words(core.Not(_FACT)) == "未入驻园区"
    assert core_words.cond_words(core.Not(core.Fact(core.Name("未入驻园区")))) == "已入驻园区"


@pytest.mark.parametrize(("term", "negated"), [
    ("已享受其他类似扶持", "未享受其他类似扶持"), ("未入驻园区", "已入驻园区"),
    ("同一项目已获其他财政资金", "同一项目未获其他财政资金"), ("入驻园区", "未入驻园区"),
    ("不符合条件", "符合条件"), ("非重点展会", "重点展会"),
    # words that only look like a negation are never taken apart
    ("无人机企业", "并非「无人机企业」"), ("不动产已登记", "并非「不动产已登记」"),
    ("未来产业企业", "并非「未来产业企业」"), ("属于未来产业", "不属于未来产业"), ("位于松江区", "不位于松江区"),
    ("属于未来产业且已入驻园区", "属于未来产业且未入驻园区"),
])
def test_negation_has_no_double_negative(term: str, negated: str) -> None:
    assert core_words.negated(term) == negated
