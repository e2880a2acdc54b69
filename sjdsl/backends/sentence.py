"""Re-render a compiled provision as a Chinese sentence, and list its parameters, for auditors.

The sentence is built from the checked IR, not copied from the 原文: set beside the official
sentence, it shows what the calculator actually does (「按不超过项目固定资产投资额的15%给予补贴，
最高3,000万元」).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import assert_never

import attrs

from sjdsl.core import nodes as core
from sjdsl.core import render as core_words
from sjdsl.core import scope
from sjdsl.core import units as core_units
from sjdsl.language import ir
from sjdsl.language.check import CheckedPolicy
from sjdsl.runtime.money import fmt


def money_words(value: Decimal) -> str:
    """An amount as a reader of the policy writes it: 3,000万元, 2万元, 1,234.56元."""
    if value >= 100_000_000 and value % 10_000_000 == 0:
        return f"{(value / 100_000_000).normalize():f}亿元"
    if value >= 10_000 and value % 10_000 == 0:
        return f"{value / 10_000:,.0f}万元"
    if value >= 10_000 and (value * 100) % 10_000 == 0:
        return f"{(value / 10_000).normalize():,f}万元"
    if value == value.to_integral_value():
        return f"{value:,.0f}元"
    return f"{fmt(value)}元"


def rate_words(rate: ir.Rate | ir.Ratio) -> str:
    if isinstance(rate, ir.Ratio):
        return f"{rate.left.normalize():f}:{rate.right.normalize():f}"
    return f"{(rate.value * 100).normalize():f}%"


class _Sentence:
    def __init__(self, checked: CheckedPolicy, measure: ir.Measure, provision: ir.Provision):
        self.checked, self.measure, self.provision = checked, measure, provision

    def term(self, ref: ir.Ref) -> str:
        symbol = self.checked.resolve(self.provision.id, ref)
        return symbol.term if isinstance(symbol, ir.Input) else symbol.name

    def render(self) -> str:
        award = self.provision.awards[0]
        if isinstance(award, ir.ExternalReference):
            return f"金额按其他政策确定（{award.text}）"
        if isinstance(award, ir.Qualitative):
            return f"定性条款，无资金给付（{award.text}）"
        if isinstance(award, ir.Repealed):
            return f"已由{award.by}自{award.effective}起废止"
        bound = scope.bound(self.checked.policy, self.measure, self.provision)
        head = self.subject() + "".join(self.conditions()) + "".join(
            f"{core_words.cond_words(r.condition)}的，" for r in bound.requires)
        tail = "".join(self.limits()) + "".join(
            f"；{core_words.limit_words(lim)}" for lim in bound.limits)
        defines = "".join(f"（其中{core_words.define_words(d)}）" for d in self.used(bound))
        return f"{head}{self.formula(self.named(award))}{defines}{tail}"

    def subject(self) -> str:
        """Whom the cited sentence is about (「对新引进的…制造项目，」, 「其中，优秀人才…」), kept
        as written: the compiled rule does not hold it. A subject with a number in it is left
        out: its condition is compiled, and rendered from the rule."""
        cite = self.provision.cites[0].text if self.provision.cites else ""
        found = _SUBJECT.match(cite) or _TOPIC.match(cite)
        if found is None or _NOT_SUBJECT.search(found.group(1)) or \
                len(re.findall(r"(?:^|[；。])对", cite)) > 1:  # one subject per tier: none
            return ""
        return f"对{found.group(1)}，"

    def named(self, award: ir.Award) -> ir.Award:
        """The award's noun as the cited sentence writes it, where the title names it
        (「购房补贴」 for 补贴 in 12.2 「优秀人才购房补贴」): the longest end of the title that
        ends with the verb and stands in the cite as a noun (not 「…项目支持的项目」)."""
        verb = getattr(award, "verb", "")
        title, cites = self.provision.title, "".join(c.text for c in self.provision.cites)
        if not verb or not title.endswith(verb):
            return award
        noun = next((title[i:] for i in range(len(title) - len(verb))
                     if re.search(re.escape(title[i:]) + "(?!的)", cites)), verb)
        return attrs.evolve(award, verb=noun)  # type: ignore[arg-type]

    def used(self, bound: scope.Bound) -> list[core.Define]:
        """The provision's own 定义, and the measure's or policy's that its award names."""
        own = [d for d in self.provision.core if isinstance(d, core.Define)]
        named = {item.name for item in core.walk(self.provision.awards[0])
                 if isinstance(item, core.Name)}
        return own + [d for d in bound.defines if d not in own and d.name in named]

    def conditions(self) -> Iterator[str]:
        for lim in self.provision.limits:
            match lim:
                case ir.Threshold():
                    yield f"{self.term(lim.input)}{lim.op_word}{_value_words(lim.amount)}的，"
                case ir.RequiresEarlier(within_years=None):
                    yield f"以前年度已获 {lim.provision} 的，"
                case ir.RequiresEarlier():
                    yield f"{lim.within_years}年内已获 {lim.provision} 的，"
                case ir.ExcludedIf():
                    yield f"{core_words.negated(self.term(lim.input))}的，"
                case ir.DecidedIf():
                    yield f"（{self.term(lim.input)}另行确定）"
                case _:
                    pass

    def formula(self, award: ir.Award) -> str:
        match award:
            case ir.RateAward(rate=ir.Ratio()):
                word = "不超过 " if award.ceiling else ""
                return (f"按{self.term(award.base)}给予{word}{rate_words(award.rate)} 的"
                        f"{award.verb}")
            case ir.RateAward():
                word = "不超过" if award.ceiling else ""
                return (f"按{word}{self.term(award.base)}的{rate_words(award.rate)}给予"
                        f"{award.verb}")
            case ir.FixedAward(assessed=ir.Ref() as ref):
                return (f"根据{self.term(ref)}给予最高{money_words(award.amount.value)}的"
                        f"{award.verb}")
            case ir.FixedAward():
                word = "最高" if award.ceiling else ""
                return f"给予{word}{money_words(award.amount.value)}{award.verb}"
            case ir.PerUnitAward():
                return (f"按{self.term(award.count)}{award.unit_word}给予"
                        f"{money_words(award.amount.value)}{award.verb}")
            case ir.PassThroughAward():
                return f"按{self.term(award.base)}给予{award.verb}"
            case ir.TieredAward():
                rows = "、".join(f"{t.value}{'最高' if t.ceiling else ''}"
                                 f"{money_words(t.amount.value)}{'（一次性）' if t.one_time else ''}"
                                 for t in award.tiers)
                return f"按{self.term(award.selector)}分别给予{rows}{award.verb}"
            case ir.MultipleAward():
                return f"按{self.term(award.base)}的{award.text}给予{award.verb}"
            case ir.BestOf():
                return f"在 {'、'.join(award.provisions)} 中择优给予{award.verb}（不得重复享受）"
            case ir.BandAward():
                bands = "；".join(_band_words(b) for b in award.bands)
                return f"按{self.term(award.base)}分段、全额计算{award.verb}：{bands}"
            case ir.LadderAward():
                rungs = "、".join(f"{money_words(r.threshold.value)}给予"
                                  f"{money_words(r.amount.value)}" for r in award.rungs)
                reached = "所达到的" if award.op == "ge" else "所超过的"
                first = "（每级一次）" if award.first_time else f"（按{reached}最高一级）"
                return (f"按{self.term(award.base)}{award.op_word}各级分别给予"
                        f"{award.verb}：{rungs}{first}")
            case core.ExprAward():
                return core_words.award_words(award)
            case ir.ExternalReference() | ir.Qualitative() | ir.Repealed():
                raise AssertionError("handled in render()")
            case _:
                assert_never(award)

    def limits(self) -> Iterator[str]:
        for lim in self.provision.limits:
            match lim:
                case ir.PerAwardCap():
                    yield f"，最高{money_words(lim.amount.value)}"
                case ir.JointLimit():
                    counted = "、".join(self.term(r) for r in lim.counted)
                    yield (f"；{counted}与本项合计不超过{self.term(lim.base)}的"
                           f"{rate_words(lim.rate)}")
                case ir.PerYearCap():
                    yield f"，同一企业每年最高{money_words(lim.amount.value)}"
                case ir.PerProjectYearCap():
                    yield f"，同一项目每年最高{money_words(lim.amount.value)}"
                case ir.YearLimit():
                    who = {"project": "单个项目", "enterprise": "单个企业", "person": "每人"}
                    yield f"，{who[lim.scope]}最多{lim.years}年"
                case ir.OneTime():
                    yield "，每人一次性" if lim.per_person else "，一次性"
                case ir.Instalments():
                    shares = "、".join(rate_words(r) for r in lim.shares)
                    start = "下一年度" if lim.start == "next" else "当年"
                    yield f"，自{start}起按{shares}分{len(lim.shares)}年发放"
                case ir.DurationLimit():
                    yield f"，期限以{self.term(lim.bound)}为限、最长{lim.max_months}个月"
                case _:
                    pass
        for cap in _enterprise_caps(self.measure, self.provision):
            scope = "" if cap.provisions == (self.provision.id,) else \
                f"（{'、'.join(cap.provisions)}合计）"
            yield f"，单个企业最高{money_words(cap.amount.value)}{scope}"


_SUBJECT = re.compile(r"对于?([^，。；：]+?)[，：]")
_TOPIC = re.compile(r"其中，([^，。；：]+?)(?:最高|可享受|可获得)")
#: a 「对…，」 clause that holds a number (a compiled condition) or already awards is no subject
_NOT_SUBJECT = re.compile(r"[0-9０-９]|给予|按")


def _value_words(value: ir.Money | ir.Rate) -> str:
    if isinstance(value, ir.Rate):
        return rate_words(value)
    return money_words(value.value) if value.unit in ir.MONEY_UNITS else value.text


def _band_words(band: ir.Band) -> str:
    upper = f"至{money_words(band.upper.value)}（含）" if band.upper else ""
    lower = f"{band.op_word}{money_words(band.lower.value)}"
    rate = rate_words(band.rate) if band.rate else "个案研究决定"
    return f"{lower}{upper} {rate}"


def _enterprise_caps(measure: ir.Measure, provision: ir.Provision) -> list[ir.PerEnterpriseCap]:
    own = [c for c in provision.limits if isinstance(c, ir.PerEnterpriseCap)]
    return own + [c for c in measure.caps if provision.id in c.provisions]


def render(checked: CheckedPolicy, measure: ir.Measure, provision: ir.Provision) -> str:
    """The provision as one Chinese sentence, generated from its compiled form."""
    return _Sentence(checked, measure, provision).render() + "。"


@attrs.frozen
class Parameter:
    """One row of a provision's parameter table."""

    what: str
    written: str
    value: str
    unit: str


def parameters(checked: CheckedPolicy, measure: ir.Measure,
               provision: ir.Provision) -> Sequence[Parameter]:
    """Rates, amounts, thresholds and limits of a provision, with units and 元 values."""
    rows: list[Parameter] = []
    for award in provision.awards:
        rows.extend(_award_parameters(award))
    for lim in provision.limits:
        rows.extend(_limit_parameters(lim))
    for cap in measure.caps:
        if provision.id in cap.provisions:
            rows.append(Parameter(f"单个企业最高（{'、'.join(cap.provisions)}合计）",
                                  cap.amount.text, fmt(cap.amount.value), "元"))
    bound = scope.bound(checked.policy, measure, provision)
    for lim in bound.limits:
        unit = {"amount": "元", "count": "次", "years": "年"}[lim.kind]
        value = fmt(lim.amount) if lim.kind == "amount" else f"{lim.amount:f}"
        rows.append(Parameter(core_words.limit_words(lim), lim.text, value, unit))
    for quantity in core_quantities(provision, bound):
        value, unit = _quantity_value(quantity)
        rows.append(Parameter("数值（定义、条件或给付中）", quantity.text, value, unit))
    return rows


def _quantity_value(quantity: core.Quantity) -> tuple[str, str]:
    """A core literal's value in its base unit, as the parameter table shows it."""
    unit = quantity.unit or ""
    if unit in ("%", "‰") or unit == "倍":
        return f"{quantity.value.normalize():f}", "比例" if unit != "倍" else "倍"
    top, _, per = unit.partition("每")
    base = core_units.SIMPLE.get(top, (None, None))[0] or top
    per_word = f"/{core_units.SIMPLE.get(per, (per, None))[0] or per}" if per else ""
    money = base in ("元", "美元")
    return (fmt(quantity.value) if money else f"{quantity.value.normalize():,f}"), \
        f"{base}{per_word}"


def core_quantities(provision: ir.Provision, bound: scope.Bound) -> list[core.Quantity]:
    """Every literal of the core that the provision computes with, once each, in order."""
    nodes: list[object] = [d.expr for d in bound.defines] + [r.condition for r in bound.requires]
    nodes += [a.expr for a in provision.awards if isinstance(a, core.ExprAward)]
    found: dict[str, core.Quantity] = {}
    for node in nodes:
        for item in core.walk(node):
            if isinstance(item, core.Quantity):
                found.setdefault(item.text, item)
    return list(found.values())


def _rate_parameter(what: str, rate: ir.Rate | ir.Ratio) -> Parameter:
    if isinstance(rate, ir.Ratio):
        return Parameter(what, rate.text, f"× {rate.value.normalize():f}", "配套比例")
    return Parameter(what, rate.text, f"{rate.value.normalize():f}", "比例")


def _award_parameters(award: ir.Award) -> Iterator[Parameter]:
    match award:
        case ir.RateAward():
            yield _rate_parameter("比例（不超过）" if award.ceiling else "比例", award.rate)
        case ir.FixedAward():
            what = "最高金额" if award.ceiling else "固定金额"
            yield Parameter(what, award.amount.text, fmt(award.amount.value), "元")
        case ir.PerUnitAward():
            yield Parameter(f"单价（{award.unit_word}）", award.amount.text,
                            fmt(award.amount.value), "元")
        case ir.TieredAward():
            for tier in award.tiers:
                what = f"{tier.value}{'（最高）' if tier.ceiling else ''}"
                yield Parameter(what, tier.amount.text, fmt(tier.amount.value), "元")
        case ir.MultipleAward():
            yield Parameter("倍数", award.text, f"× {award.factor.normalize():f}", "倍")
        case ir.BandAward():
            for band in award.bands:
                upper = f"至{money_words(band.upper.value)}（含）" if band.upper else ""
                yield Parameter(f"分段 {band.op_word}{money_words(band.lower.value)}{upper}",
                                band.rate.text if band.rate else "个案",
                                f"{band.rate.value.normalize():f}" if band.rate else "—", "比例")
        case ir.LadderAward():
            for rung in award.rungs:
                yield Parameter(f"{award.op_word} {rung.threshold.text}", rung.amount.text,
                                fmt(rung.amount.value), "元")
        case _:
            pass


def _limit_parameters(lim: ir.Limit) -> Iterator[Parameter]:
    match lim:
        case ir.PerAwardCap():
            yield Parameter("上限（单项）", lim.amount.text, fmt(lim.amount.value), "元")
        case ir.PerYearCap():
            yield Parameter("每年最高（同一企业）", lim.amount.text, fmt(lim.amount.value), "元")
        case ir.PerProjectYearCap():
            yield Parameter("每年最高（同一项目）", lim.amount.text, fmt(lim.amount.value), "元")
        case ir.PerEnterpriseCap():
            yield Parameter("单个企业最高（累计）", lim.amount.text, fmt(lim.amount.value), "元")
        case ir.YearLimit():
            who = {"project": "同一项目", "enterprise": "同一企业", "person": "同一人员"}
            yield Parameter(f"最多年数（{who[lim.scope]}）", f"{lim.years} 年", str(lim.years), "年")
        case ir.Threshold(amount=ir.Rate() as rate):
            symbol = "≥" if lim.op == "ge" else ">"
            yield Parameter(f"门槛（{lim.op_word}，{symbol}）", rate.text,
                            f"{rate.value.normalize():f}", "比例")
        case ir.Threshold(amount=ir.Money() as money):
            symbol = "≥" if lim.op == "ge" else ">"
            money_unit = money.unit in ir.MONEY_UNITS
            yield Parameter(f"门槛（{lim.op_word}，{symbol}）", money.text,
                            fmt(money.value) if money_unit else f"{money.number}",
                            "元" if money_unit else (money.unit or ""))
        case ir.Instalments():
            for i, share in enumerate(lim.shares, 1):
                start = "下一年度" if lim.start == "next" else "当年"
                yield Parameter(f"分期第 {i} 年（自{start}）", share.text,
                                f"{share.value.normalize():f}", "比例")
        case ir.DurationLimit():
            yield Parameter("最长期限（同一人员）", f"{lim.max_months} 个月", str(lim.max_months),
                            "月")
        case ir.RequiresEarlier(within_years=int() as years):
            yield Parameter(f"前提（{years} 年内已获 {lim.provision}）", f"{years} 年",
                            str(years), "年")
        case ir.JointLimit():
            yield _rate_parameter("财政支持合计上限", lim.rate)
        case _:
            pass
