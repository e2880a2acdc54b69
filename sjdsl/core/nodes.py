"""The core's IR: frozen expression, condition and limit nodes, each with its source span.

An expression denotes an exact quantity with a dimension (``sjdsl.core.units``): an amount in 元
or 美元, a count of people, an area, a number of years, a pure ratio. A condition denotes yes or
no. Nothing here is evaluated; the checker types the nodes and the back ends translate them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal, Union

import attrs

from sjdsl.language.spans import Notes, Span, _span

# ---------------------------------------------------------------- expressions


@attrs.frozen
class Quantity:
    """A literal: ``1.7亿元``, ``15%``, ``2‰``, ``3倍``, ``300平方米``, ``0.02元每美元``, ``40``.

    ``value`` is the number in the unit's base (元, 美元, 人 …); ``unit`` the unit word as
    written (``None`` for a bare number).
    """

    number: Decimal
    unit: str | None
    value: Decimal
    text: str
    span: Span = _span()


@attrs.frozen
class Name:
    """A named quantity: an input (by official term or English name) or a 定义."""

    name: str
    span: Span = _span()


BinaryOp = Literal["+", "-", "×", "÷", "每满", "每超过"]


@attrs.frozen
class Binary:
    """``a + b``, ``a - b``, ``a × b``, ``a ÷ b``; ``a 每满 b`` (or ``每超过``, as the text says
    it) is the number of whole bs in a: ⌊a ÷ b⌋, and 0 when a ≤ 0. 「每超过1亿元」 counts full
    steps: 1亿元 over is one step, 0.99亿元 over is none."""

    op: BinaryOp
    left: Expr
    right: Expr
    span: Span = _span()


CallName = Literal["取较小", "取较大", "合计", "个数", "最大", "最小", "名次", "逐个", "按比例",
                   "满年数"]


@attrs.frozen
class Call:
    """``取较小(a, b, …)`` / ``取较大(a, b, …)``: the least / greatest of quantities of one kind."""

    function: CallName
    args: tuple[Expr, ...]
    span: Span = _span()


@attrs.frozen
class Received:
    """``已获(P、Q [按 键] [每年])``: what the enterprise's earlier grants of these provisions paid
    (in the scope of the key; in the grant date's year) — for a top-up (补差) to a new level."""

    provisions: tuple[str, ...]
    key: Name | None
    yearly: bool
    span: Span = _span()


@attrs.frozen
class IfElse:
    """``若 条件 则 a 否则 b``."""

    condition: Cond
    then: Expr
    otherwise: Expr
    span: Span = _span()


@attrs.frozen
class Filtered:
    """``筛选(名单, 条件)``: the records of a 名单 that meet the condition (its fields in scope)."""

    records: Expr
    condition: Cond
    span: Span = _span()


Expr = Union[Quantity, Name, Binary, Call, IfElse, Received, Filtered]

# ---------------------------------------------------------------- conditions

CompareOp = Literal["ge", "gt", "lt", "le", "eq", "ne"]

#: The Chinese words for each comparison, as a drafter writes them beside the official text.
COMPARE_WORDS: dict[str, CompareOp] = {
    "达": "ge", "达到": "ge", "不低于": "ge", "不少于": "ge", "以上": "ge",
    "超过": "gt", "高于": "gt", "多于": "gt",
    "低于": "lt", "不足": "lt", "少于": "lt", "以下": "lt",
    "不超过": "le", "不高于": "le", "以内": "le", "至多": "le",
    "为": "eq", "是": "eq", "等于": "eq",
    "不为": "ne", "不是": "ne",
}


@attrs.frozen
class Compare:
    """``a 达 b`` (≥), ``a 超过 b`` (>), ``a 低于 b`` (<), ``a 不超过 b`` (≤), ``a 为 b`` (=).

    ``word`` is the word written, so that renderings keep the drafter's (and the text's) word.
    """

    op: CompareOp
    word: str
    left: Expr
    right: Expr
    span: Span = _span()


@attrs.frozen
class Fact:
    """A yes/no input that must hold as it stands (``入驻园区``)."""

    name: Name
    span: Span = _span()


@attrs.frozen
class Logic:
    """``a 且 b`` (and) / ``a 或 b`` (or), evaluated left to right."""

    op: Literal["且", "或"]
    left: Cond
    right: Cond
    span: Span = _span()


@attrs.frozen
class Not:
    """``非 a``."""

    operand: Cond
    span: Span = _span()


@attrs.frozen
class Quantified:
    """``任一(名单, 条件)`` / ``均(名单, 条件)``: some / every record meets the condition, its
    fields in scope (任一 of no record is no; 均 of no record is yes)."""

    op: Literal["任一", "均"]
    records: Expr
    condition: Cond
    span: Span = _span()


Cond = Union[Compare, Fact, Logic, Not, Quantified]

# ---------------------------------------------------------------- statements


@attrs.frozen
class Define:
    """``定义 名称 = 表达式``: a named quantity, at provision, measure or policy level.

    A measure's or the policy's definitions are typed and evaluated in each provision that uses
    them, with that provision's inputs.
    """

    name: str
    expr: Expr | Table
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Require:
    """``须 条件``: the provision (or every provision of the measure / policy) pays only when the
    condition holds; otherwise not eligible, with the condition in the reason."""

    condition: Cond
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Row:
    """One row of a decision table: ``若 条件 则 [最高] 金额``; ``condition`` None is 否则.

    ``value`` None is 不予 (the row pays nothing).
    """

    condition: Cond | None
    value: Expr | None
    ceiling: bool
    span: Span = _span()


@attrs.frozen
class Table:
    """``下表``: the first row whose condition holds gives the value."""

    rows: tuple[Row, ...]
    span: Span = _span()


@attrs.frozen
class ExprAward:
    """``补贴 = 表达式`` (or ``= 下表``): an award the core computes. ``ceiling`` marks the
    amount as a maximum (最高/不超过)."""

    expr: Expr | Table
    ceiling: bool
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


LimitKind = Literal["amount", "count", "years"]


@attrs.frozen
class Limit:
    """``限额 N元`` / ``限次 N 次`` / ``限年 N 年``, with ``每年`` (per calendar year of the grant
    date), ``按 键`` (per value of an identifier input: a set of equipment, a platform, a
    person) and ``合计 P、Q`` / ``合计 全部`` (the provisions it counts and binds).

    ``provisions`` empty means the provision it is written under; ``everything`` means every
    provision of the policy.
    """

    kind: LimitKind
    amount: Decimal
    text: str
    yearly: bool
    key: Name | None
    provisions: tuple[str, ...]
    everything: bool
    notes: Notes = ()
    span: Span = _span()
    #: the clause written, when the limit is sugar for it (不得兼得), for the pages and trace
    word: str = ""


@attrs.frozen
class Obligation:
    """``义务 「…」 [期限 N 个年度 | 期限 N 年] 否则 收回``: a condition after the grant
    (持续经营六年), shown with every award it binds and recorded for the ledger; it changes no
    amount. ``years`` is how long it binds: N calendar years counting the grant's year as the
    first (``calendar``), or N years from the grant date; None when the text sets no term."""

    text: str
    consequence: str
    notes: Notes = ()
    span: Span = _span()
    years: int | None = None
    calendar: bool = False


@attrs.frozen
class Erratum:
    """``勘误 「…」 读作 数值``: a slip of the published text (a lost decimal point), quoted as it
    stands, and the number the policy reads it as. It computes nothing; the fidelity check takes
    the reading as what the fragment states."""

    fragment: str
    reading: Quantity
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Allocation:
    """``分配 名单 按 列表``: the award (as finally paid) shared among the 名单's records in
    proportion to a list computed for them, each share rounded to the fen and the last taking
    the remainder; the result carries the shares, keyed by the 名单's identifier field."""

    records: Name
    weights: Name
    notes: Notes = ()
    span: Span = _span()


Statement = Union[Define, Require, Limit, Obligation, Erratum, Allocation]


def walk(node: object) -> Iterator[object]:
    """The node and every node under it, depth first, in the order written (spans left out):
    the one walk the code writer, the pages and the fidelity check share."""
    if node is None or not attrs.has(type(node)) or isinstance(node, Span):
        return
    yield node
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        for item in value if isinstance(value, tuple) else (value,):
            yield from walk(item)
