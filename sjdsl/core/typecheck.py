"""The core's types: every expression has a dimension (or is yes/no, a date, an enumeration
value or an identifier), and every mistake is a diagnostic at the node that makes it.

Rules: ``+ -`` and comparisons need equal dimensions; ``×`` and ``÷`` multiply and divide them;
a product of two amounts (元 × 元) is refused where it is written; ``每满`` needs equal
dimensions and gives a pure number; an award must come out in 元.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Union

import attrs

from sjdsl.core import nodes as n
from sjdsl.core import units as u
from sjdsl.language import ir
from sjdsl.runtime.suggest import suggest


@attrs.frozen
class Enum:
    values: tuple[str, ...]


@attrs.frozen
class ListOf:
    """A list input's values (金额列表: a peer group's figures), or what 逐个 computes."""

    element: Type


@attrs.frozen
class Records:
    """A 名单: records whose fields are named by official term or English name."""

    fields: tuple[tuple[str, str, Type], ...]  # (term, name, type)

    def field(self, name: str) -> Type | None:
        return next((t for term, english, t in self.fields if name in (term, english)), None)


Type = Union[u.Dims, str, Enum, ListOf, Records]  # dims, "bool", "date", "id", …
BOOL, DATE, ID = "bool", "date", "id"

Report = Callable[[str, str, ir.Span, "str | None"], None]
LIST_FUNCTIONS = ("合计", "个数", "最大", "最小", "名次", "逐个", "按比例")


def input_type(item: ir.Input, kind: str | None,
               kind_of: Callable[[str], str | None] = lambda word: None) -> Type | None:
    """What an input of this kind denotes in the core (``kind_of`` maps a kind word)."""
    if kind is None:
        return None
    if kind == "list":
        element = attrs.evolve(item, kind_word=item.kind_word.removesuffix("列表"))
        inner = input_type(element, kind_of(element.kind_word), kind_of)
        return ListOf(inner) if inner is not None else None
    if kind == "records":
        return Records(tuple((f.term, f.name, input_type(f, kind_of(f.kind_word), kind_of))
                             for f in item.fields))
    if kind == "enum":
        return Enum(item.values)
    if kind in (BOOL, DATE, ID):
        return kind
    if kind == "count" and item.kind_word in u.KIND_WORD_DIMS:
        return u.KIND_WORD_DIMS[item.kind_word]
    return u.KIND_DIMS[kind]


def describe(t: Type) -> str:
    if isinstance(t, Enum):
        return "an enumeration (枚举)"
    if isinstance(t, ListOf):
        return f"a list of {describe(t.element)} (列表)"
    if isinstance(t, Records):
        return "a list of records (名单)"
    return {BOOL: "yes/no (是否)", DATE: "a date (日期)", ID: "an identifier (编号)"}.get(
        t, u.describe(t)) if isinstance(t, str) else u.describe(t)


class Typer:
    """Types the core nodes of one provision. ``lookup`` gives an input's type by name (None when
    the name is not an input); definitions come from ``defines``."""

    def __init__(self, pid: str, lookup: Callable[[str], Type | None],
                 names: Callable[[], list[str]], defines: Mapping[str, n.Define],
                 report: Report) -> None:
        self.pid, self.lookup, self.names, self.defines = pid, lookup, names, defines
        self.report = report
        self.types: dict[str, Type | None] = {}
        self.stack: list[str] = []
        #: the fields of the 名单 that 逐个 is going through, innermost last
        self.fields: list[Records] = []
        #: every provision id of the policy (for 已获)
        self.known_provisions: frozenset[str] = frozenset()

    def err(self, code: str, message: str, span: ir.Span, hint: str | None = None) -> None:
        self.report(code, message, span, hint)

    # -- names
    def name(self, node: n.Name) -> Type | None:
        for records in reversed(self.fields):
            field = records.field(node.name)
            if field is not None:
                return field
        found = self.lookup(node.name)
        if found is not None:
            return found
        define = self.defines.get(node.name)
        if define is None:
            self.err("E002", f"unknown name '{node.name}' in provision {self.pid} / 未定义的名称",
                     node.span, suggest(node.name, self.names() + list(self.defines))
                     or "declare it with 输入 or 定义")
            return None
        return self.define(define)

    def known(self, name: str) -> bool:
        """Whether a name has a value here (a field, an input, a 定义), without a diagnostic."""
        return any(r.field(name) is not None for r in self.fields) or \
            self.lookup(name) is not None or name in self.defines

    def define(self, define: n.Define) -> Type | None:
        if define.name in self.types:
            return self.types[define.name]
        if define.name in self.stack:
            cycle = " → ".join(self.stack[self.stack.index(define.name):] + [define.name])
            self.err("E031", f"定义 refer to each other in a cycle: {cycle} / 定义循环引用",
                     define.span, "a definition may use only inputs and earlier quantities")
            return None
        self.stack.append(define.name)
        found = self.table(define.expr) if isinstance(define.expr, n.Table) \
            else self.expr(define.expr)
        self.stack.pop()
        self.types[define.name] = found
        return found

    # -- expressions
    def expr(self, node: n.Expr) -> Type | None:
        match node:
            case n.Quantity():
                return self.quantity(node)
            case n.Name():
                return self.name(node)
            case n.Binary():
                return self.binary(node)
            case n.Call() if node.function in LIST_FUNCTIONS:
                return self.list_call(node)
            case n.Call() if node.function == "满年数":
                return self.full_years(node)
            case n.Call():
                kinds = [self.numeric(a) for a in node.args]
                return self.same(kinds, node.span, f"{node.function} compares")
            case n.Filtered():
                return self.over_records("筛选", node.records, node.condition)
            case n.Received():
                if node.key is not None and self.name(node.key) != ID and \
                        not isinstance(self.name(node.key), Enum):
                    self.err("E032", f"'{node.key.name}' is not an identifier input / 分组键须为编号"
                                     "或枚举输入", node.key.span)
                self.provisions(node)
                return u.YUAN
            case n.IfElse():
                self.cond(node.condition)
                return self.same([self.numeric(node.then), self.numeric(node.otherwise)],
                                 node.span, "若…则…否则 chooses between")
        raise AssertionError(node)

    def provisions(self, node: n.Received) -> None:
        for pid in node.provisions:
            if pid not in self.known_provisions:
                self.err("E002", f"unknown provision {pid} / 未定义的条款", node.span,
                         suggest(pid, sorted(self.known_provisions)))

    def over_records(self, word: str, node: n.Expr, condition: n.Cond) -> Records | None:
        """筛选, 任一, 均: a 名单, and a condition typed with its fields in scope."""
        records = self.expr(node)
        if not isinstance(records, Records):
            if records is not None:
                self.err("E030", f"{word} goes through a 名单, not {describe(records)} / 须用于名单",
                         node.span)
            return None
        self.fields.append(records)
        try:
            self.cond(condition)
        finally:
            self.fields.pop()
        return records

    def list_call(self, node: n.Call) -> Type | None:
        """合计 个数 最大 最小 (of a list), 名次(x, 列表), 逐个(名单, 表达式), 按比例(列表, 总额)."""
        arity = {"名次": 2, "逐个": 2, "按比例": 2}.get(node.function, 1)
        if len(node.args) != arity:
            self.err("E030", f"{node.function} takes {arity} argument(s) / 参数个数不符", node.span)
            return None
        if node.function == "逐个":
            return self.each(node)
        if node.function == "个数" and isinstance(self.expr(node.args[0]), Records):
            return u.COUNT  # the number of a 名单's records (those 筛选 keeps)
        values = self.list_of(node.args[-1] if node.function == "名次" else node.args[0])
        if values is None:
            return None
        if node.function == "个数":
            return u.COUNT
        if node.function in ("合计", "最大", "最小"):
            return values
        other = self.numeric(node.args[0] if node.function == "名次" else node.args[1])
        if other is None or self.same([values, other], node.span, f"{node.function} compares") \
                is None:
            return None
        return u.COUNT if node.function == "名次" else ListOf(values)

    def full_years(self, node: n.Call) -> Type | None:
        """满年数(起, 止) / 满年数(起): whole years between two dates (to the grant date)."""
        if len(node.args) not in (1, 2):
            self.err("E030", "满年数 takes a date, or two dates / 参数个数不符", node.span,
                     "满年数(设立日期, 挂牌上市日期), or 满年数(开业日期) to the grant date")
            return None
        found = [self.expr(a) for a in node.args]
        for arg, t in zip(node.args, found, strict=True):
            if t is not None and t != DATE:
                self.err("E030", f"满年数 counts years between dates, not {describe(t)} / "
                                 "满年数须用于日期", arg.span, "name a 日期 input")
        return u.YEARS if all(t == DATE for t in found) else None

    def list_of(self, node: n.Expr) -> u.Dims | None:
        found = self.expr(node)
        if isinstance(found, ListOf) and isinstance(found.element, tuple):
            return found.element
        if found is not None:
            self.err("E030", f"{describe(found)} is not a list of quantities / 须为数量列表",
                     node.span, "name a 金额列表, or 逐个(名单, 表达式)")
        return None

    def each(self, node: n.Call) -> Type | None:
        records = self.expr(node.args[0])
        if not isinstance(records, Records):
            if records is not None:
                self.err("E030", f"逐个 goes through a 名单, not {describe(records)} / 逐个须用于名单",
                         node.args[0].span)
            return None
        self.fields.append(records)
        try:
            inner = self.numeric(node.args[1])
        finally:
            self.fields.pop()
        return ListOf(inner) if inner is not None else None

    def quantity(self, node: n.Quantity) -> Type | None:
        if node.unit is None or node.unit in ("%", "‰"):
            return u.NONE
        found = u.parse_unit(node.unit)
        if found is None:
            self.err("E007", f"unknown unit '{node.unit}' in '{node.text}' / 未知单位", node.span,
                     suggest(node.unit, list(u.SIMPLE)) or "units: 元, 万元, 美元, 人, 平方米, 年 …")
            return None
        return found[1]

    def numeric(self, node: n.Expr) -> u.Dims | None:
        found = self.expr(node)
        if found is None or isinstance(found, tuple):
            return found
        self.err("E030", f"{describe(found)} is not a quantity: it cannot be computed with / "
                         "非数量，不能参与计算", node.span,
                 "a list gives a quantity through 合计/个数/最大/最小/名次"
                 if isinstance(found, (ListOf, Records)) else None)
        return None

    def binary(self, node: n.Binary) -> Type | None:
        left, right = self.numeric(node.left), self.numeric(node.right)
        if left is None or right is None:
            return None
        if node.op in "+-":
            return self.same([left, right], node.span, f"'{node.op}' adds")
        if node.op in ("每满", "每超过"):
            return u.NONE if self.same([left, right], node.span, f"{node.op} divides") \
                is not None else None
        dims = u.multiply(left, right) if node.op == "×" else u.divide(left, right)
        if u.is_currency_product(dims):
            self.err("E030", f"a product of two amounts ({u.describe(left)} × "
                             f"{u.describe(right)}) / 金额不能相乘", node.span,
                     "multiply an amount by a rate (15%), a multiple (3倍) or a count")
            return None
        return dims

    def same(self, kinds: list[u.Dims | None], span: ir.Span, what: str) -> u.Dims | None:
        known = [k for k in kinds if k is not None]
        if len(known) < len(kinds):
            return None
        if any(k != known[0] for k in known):
            words = " and ".join(dict.fromkeys(u.describe(k) for k in known))
            self.err("E030", f"{what} quantities of different kinds: {words} / 类型不符",
                     span, _hint(known))
            return None
        return known[0]

    # -- conditions
    def cond(self, node: n.Cond) -> None:
        match node:
            case n.Compare():
                self.compare(node)
            case n.Fact():
                found = self.name(node.name)
                if found is not None and found != BOOL:
                    self.err("E030", f"'{node.name.name}' is {describe(found)}, not a yes/no "
                                     "fact / 须为是否", node.span,
                             "compare it: 达/超过/低于/为 …")
            case n.Logic():
                self.cond(node.left)
                self.cond(node.right)
            case n.Quantified():
                self.over_records(node.op, node.records, node.condition)
            case n.Not():
                self.cond(node.operand)

    def compare(self, node: n.Compare) -> None:
        left = self.expr(node.left)
        if isinstance(left, Enum) or left in (ID, BOOL):
            self.equality(node, left)
            return
        if left == DATE:
            right = self.expr(node.right)
            if right is not None and right != DATE:
                self.err("E030", "a date compares only with a date / 日期只能与日期比较", node.span)
            return
        right = self.numeric(node.right)
        if left is not None and right is not None:
            self.same([left, right], node.span, f"'{node.word}' compares")

    def equality(self, node: n.Compare, left: Type) -> None:
        if node.op not in ("eq", "ne"):
            self.err("E030", f"{describe(left)} is compared with 为/不为 only / 只能判断是否相等",
                     node.span)
            return
        if isinstance(left, Enum):
            value = node.right.name if isinstance(node.right, n.Name) else None
            if value is not None and self.known(value):  # another input of the same choice
                if self.name(node.right) != left:
                    self.err("E030", f"'{value}' is not a value of the same enumeration / "
                                     "枚举不符", node.right.span)
                return
            if value not in left.values:
                self.err("E012", f"'{value}' is not a value of this enumeration / 取值不在枚举中",
                         node.right.span, suggest(value or "", left.values)
                         or f"values: {'、'.join(left.values)}")

    # -- tables and awards
    def table(self, table: n.Table) -> u.Dims | None:
        if not table.rows:
            self.err("E016", "下表 lists no rows / 下表没有任何一行", table.span,
                     "write rows: 若 条件 则 金额, and 否则 …")
            return None
        kinds: list[u.Dims | None] = []
        for i, row in enumerate(table.rows):
            if row.condition is not None:
                self.cond(row.condition)
            elif i != len(table.rows) - 1:
                self.err("E016", "否则 must be the last row / 否则须为最后一行", row.span)
            if row.value is not None:
                kinds.append(self.numeric(row.value))
        return self.same(kinds, table.span, "a table's rows give") if kinds else u.YUAN

    def award(self, award: n.ExprAward) -> None:
        found = self.table(award.expr) if isinstance(award.expr, n.Table) \
            else self.numeric(award.expr)
        if found is not None and found != u.YUAN:
            self.err("E030", f"the award comes out in {u.describe(found)}, but an award is paid "
                             "in 元 / 给付须以元计", award.span, _hint([found]))


def _hint(kinds: list[u.Dims]) -> str:
    if any(("美元", 1) in k for k in kinds):
        return "convert 美元 with the rate the text states (× 0.02元每美元), never silently"
    return "check the units: an amount times a rate (%), a count times an amount per unit (元每人)"
