"""The trace's wording: every line a calculator writes about a step, in one place.

Both explained paths write their lines through these functions — the step-by-step ``Evaluation``
that every provision has, and the straight-line JSON functions that ``codegen_fast`` writes for
the common requests — so an auditor reads the same sentence for the same step whichever path
answered, and a change of wording is made once. Amounts are formatted with ``money.fmt``.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from sjdsl.runtime.money import fmt, fmt_rate

FIRST_TIME_OK = "首次：此前未获，满足"
ONCE_OK = "一次性：此前未获，满足"
JOINT_LABEL = "财政支持合计限额"


Amount = Decimal | str  # an amount, or its text already formatted by fmt (a generated caller)


def _text(value: Amount) -> str:
    """An amount as the trace shows it: formatted here, or already formatted by the caller."""
    return value if type(value) is str else fmt(value)  # type: ignore[arg-type]


def ceiling_word(ceiling: bool, word: str = "不超过 ") -> str:
    return word if ceiling else ""


# -- the policy-wide rules (附则)

@functools.lru_cache(maxsize=64)
def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    """The constant end of the validity line, formatted once per policy."""
    return f" 在有效期 {period(start, end)} 之内"


def period(start: datetime.date | None, end: datetime.date | None) -> str:
    """A validity period in words; an open end reads 「起（长期）」."""
    return f"{start} 起（无截止日期）" if end is None else f"{start} 至 {end}"


def validity_ok(rule: str, what: str, day: datetime.date | str, start: datetime.date | None,
                end: datetime.date | None) -> str:
    return f"{rule}：{what} {day}{_period(start, end)}"


def rounded(amount: Amount) -> str:
    return f"结果四舍五入到分：{_text(amount)}"


def zero_amount(provision: str, cut_by: str | None = None) -> str:
    """The reason when the amount rounds to nothing: a limit whose room was nothing cut it (its
    label), or the formula gave nothing."""
    if cut_by is not None:
        return (f"{provision}：{cut_by}已无余额，金额被减为 0，不予奖励 "
                "(the limit cut the award to 0)")
    return f"{provision}：计算金额为 0（基数为 0 或无正增量），不予奖励"


def reason(provision: str, why: str) -> str:
    """A failed condition's reason, citing the provision."""
    return f"{provision}：{why}"


def split(rule: str, first_name: str, first: Amount, second_name: str, second: Amount) -> str:
    return f"{rule} 分担：{first_name} {_text(first)}，{second_name} {_text(second)}"


# -- inputs and formulas

def missing(label: str) -> str:
    return f"{label} 未填，按 0 计"


def rate(label: str, base: Amount, ceiling: bool, rate_text: str, amount: Amount) -> str:
    return f"{label} {_text(base)} × {ceiling_word(ceiling)}{rate_text} = {_text(amount)}"


def ratio(label: str, base: Amount, ceiling: bool, text: str, amount: Amount) -> str:
    return f"{label} {_text(base)} 按 {ceiling_word(ceiling)}{text} 配套 = {_text(amount)}"


def fixed(ceiling: bool, text: str, amount: Amount) -> str:
    return f"给予 {ceiling_word(ceiling, '最高 ')}{text} = {_text(amount)}"


def per_unit(label: str, count: int, text: str, amount: Amount) -> str:
    return f"{label} {count} × {text} = {_text(amount)}"


def tier(label: str, value: str, ceiling: bool, text: str, amount: Amount) -> str:
    return f"{label}「{value}」：给予 {ceiling_word(ceiling, '最高 ')}{text} = {_text(amount)}"


def multiple(label: str, base: Amount, text: str, amount: Amount) -> str:
    return f"{label} {_text(base)} × {text} = {_text(amount)}"


def passthrough(label: str, base: Amount) -> str:
    return f"按{label}：{_text(base)}"


# -- conditions

def threshold_parts(value: Decimal | int | str, op: str, bound: Decimal, text: str,
                    percent: bool = False, bound_text: str | None = None
                    ) -> tuple[str, str, str, str]:
    """(the value shown, the edge shown, ≥ or >, 达到 or 超过) for a threshold's lines; a money
    value may come formatted (a str), and ``bound_text`` is ``fmt(bound)`` when the caller has
    it already (a constant)."""
    word = "达到" if op == "ge" else "超过"
    symbol = "≥" if op == "ge" else ">"
    money = isinstance(value, (Decimal, str))
    edge = (bound_text or _show(bound)) if money else text
    shown = value if isinstance(value, str) else _show(value)
    if percent:
        shown, edge = fmt_rate(Decimal(value)), text
    return shown, edge, symbol, word


def threshold_ok(label: str, value: Decimal | int | str, op: str, bound: Decimal, text: str,
                 percent: bool = False, bound_text: str | None = None) -> str:
    shown, edge, symbol, _ = threshold_parts(value, op, bound, text, percent, bound_text)
    return f"门槛：{label} {shown} {symbol} {edge}，满足"


def once_tier_ok(value: str) -> str:
    return f"一次性：此前未获「{value}」，满足"


def threshold_failed(label: str, value: Decimal | int | str, op: str, bound: Decimal, text: str,
                     percent: bool = False, bound_text: str | None = None) -> str:
    shown, edge, symbol, word = threshold_parts(value, op, bound, text, percent, bound_text)
    return f"{label} {shown} 未{word} {text}（需 {symbol} {edge}）"


def year_limit_ok(who: str, used: int, years: int) -> str:
    return f"{who} 已用年度 {used} 个（最多 {years} 年），满足"


def year_scope(scope: str, key: str | None) -> str:
    return {"project": f"项目 {key}", "person": f"人员 {key}", "enterprise": "本企业"}[scope]


# -- limits

def award_cap_label(text: str) -> str:
    return f"上限 {text}"


def year_cap_label(year: int, text: str) -> str:
    return f"{year} 年度上限 {text}"


def project_year_cap_label(project: str | None, year: int, text: str) -> str:
    return f"项目 {project} {year} 年度上限 {text}"


def enterprise_cap_label(text: str, provisions: tuple[str, ...]) -> str:
    return f"单个企业累计上限 {text}（{'、'.join(provisions)}）"


def remaining(label: str, used: Amount, room: Amount) -> str:
    return f"{label}：已用 {_text(used)}，余额 {_text(room)}"


def lifted(label: str) -> str:
    return f"{label}：经批准突破，不适用"


def over(label: str, amount: Amount, cap: Amount) -> str:
    return f"{label}：{_text(amount)} 超出，取 {_text(cap)}"


def within(label: str, amount: Amount) -> str:
    return f"{label}：{_text(amount)} 未超出"


def joint(base: Amount, text: str, total: Amount, counted: Amount, room: Amount) -> str:
    return (f"财政支持合计不超过 {_text(base)} × {text} = {_text(total)}；"
            f"已计其他财政支持 {_text(counted)}，余额 {_text(room)}")


def _show(value: Decimal | int) -> str:
    """An amount with separators and two decimals, a count as it is."""
    return fmt(value) if isinstance(value, Decimal) else str(value)
