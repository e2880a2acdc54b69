"""The core → Python source for the explained calculator: each quantity, condition, table row
and limit becomes a line that computes it exactly and a call that writes its trace line.

Every value from a .pol file enters the source through ``repr()``; names come only from checked
identifiers. The trace's sentence is rendered once, here, from the same node that is computed
(``sjdsl.core.render``), so what an auditor reads is what ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from sjdsl.core import nodes as n
from sjdsl.core import render
from sjdsl.core import units as u
from sjdsl.core.lower import PERSON, PROJECT, Plan, Scoped
from sjdsl.core.scope import Bound, counted
from sjdsl.core.typecheck import ListOf, Records, Type, Typer
from sjdsl.language import ir


def dec(value: Decimal) -> str:
    return f"Decimal({format(value.normalize(), 'f')!r})"


def show_kind(t: Type | None) -> str:
    if isinstance(t, ListOf):
        return "list:" + show_kind(t.element)
    if isinstance(t, Records):
        return "records"
    if t == u.YUAN:
        return "元"
    if t == u.USD:
        return "美元"
    if t == u.NONE:
        return "number"
    return "bool" if t == "bool" else "plain"


class CoreCode:
    """Writes the core statements of one provision into its generated body.

    ``read(name)`` returns the local variable holding an input (reading it on first use) or None
    when the name is not an input; ``line`` writes a line at the body's current depth.
    """

    def __init__(self, policy: ir.Policy, provision: ir.Provision, bound: Bound,
                 typer: Typer, symbols: Mapping[str, Any], read: Callable[[str], str | None],
                 line: Callable[[str], None], indent: Callable[[int], None]) -> None:
        self.policy, self.provision, self.bound, self.typer = policy, provision, bound, typer
        self.symbols = symbols
        #: inside 逐个: the record variable and the 名单's type, innermost last
        self.records: list[tuple[str, Records]] = []
        self.read, self.line, self.indent = read, line, indent
        self.vars: dict[str, str] = {}

    # -- names and quantities
    def field(self, name: n.Name) -> str | None:
        for var, records in reversed(self.records):
            english = next((e for term, e, _ in records.fields if name.name in (term, e)), None)
            if english is not None:
                return f"{var}[{english!r}]"
        return None

    def var(self, name: n.Name) -> str:
        field = self.field(name)
        if field is not None:
            return field
        found = self.read(name.name)
        if found is not None:
            return found
        if name.name in self.vars:
            return self.vars[name.name]
        define = self.bound.define(name.name)
        assert define is not None, name  # the checker resolved every name
        return self.define(define)

    def define(self, define: n.Define) -> str:
        var = f"d{len(self.vars)}"
        if isinstance(define.expr, n.Table):
            self.table(define.expr, var, define.name)
        else:
            self.line(f"{var} = {self.py(define.expr)}")
            self.trace_quantity(f"定义 {define.name}", define.expr, var)
        self.vars[define.name] = var
        return var

    def trace_quantity(self, label: str, node: n.Expr, var: str) -> None:
        names, template, values = self.sentence(lambda s: render.expr(node, s, True),
                                                lambda: render.expr(node))
        kind = show_kind(self.typer.expr(node))
        self.line(f"ev.quantity({label!r}, {names!r}, {template!r}, ({values}), {var}, "
                  f"{kind!r})")

    def sentence(self, templated: Callable[[Callable[[n.Name], str]], str],
                 plain: Callable[[], str]) -> tuple[str, str, str]:
        """The node in words, the same with ``{i}`` slots, and the slots' (value, kind) code."""
        slots: list[str] = []

        def slot(name: n.Name) -> str:
            if self.is_word(name) or self.is_field(name):
                return render.escape(name.name)
            symbol = self.symbols.get(name.name)
            percent = getattr(symbol, "kind_word", "") in ("比例", "percent")
            kind = "ratio" if percent else show_kind(self.typer.name(name))
            slots.append(f"({self.var(name)}, {kind!r})")
            return f"{name.name} {{{len(slots) - 1}}}"

        template = templated(slot)
        return plain(), template, "".join(s + ", " for s in slots)

    def is_word(self, name: n.Name) -> bool:
        """An enumeration value on the right of 为/不为 (not a quantity)."""
        return self.read(name.name) is None and self.bound.define(name.name) is None \
            and not self.is_field(name)

    def is_field(self, name: n.Name) -> bool:
        """A field of some 名单 of the provision: it has a value only inside 逐个."""
        if self.read(name.name) is not None or self.bound.define(name.name) is not None:
            return False
        return any(isinstance(t, Records) and t.field(name.name) is not None
                   for t in map(self.typer.lookup, self.symbols))

    # -- expressions and conditions as Python
    def py(self, node: n.Expr) -> str:
        match node:
            case n.Quantity():
                return dec(node.value)
            case n.Name():
                return self.var(node)
            case n.Binary() if node.op in ("+", "-", "×"):
                op = {"×": "*"}.get(node.op, node.op)
                return f"({self.py(node.left)} {op} {self.py(node.right)})"
            case n.Binary():
                method = "divide" if node.op == "÷" else "steps"
                return (f"ev.{method}({self.py(node.left)}, {self.py(node.right)}, "
                        f"{render.expr(node)!r})")
            case n.Call() if node.function == "逐个":
                return self.each(node)
            case n.Call() if node.function == "满年数":
                end = self.py(node.args[1]) if len(node.args) == 2 else "ev.request.date"
                return f"ev.full_years({self.py(node.args[0])}, {end})"
            case n.Call() if node.function in _LIST_METHODS:
                args = ", ".join(self.py(a) for a in node.args)
                return f"ev.{_LIST_METHODS[node.function]}({args})"
            case n.Call():
                function = "min" if node.function == "取较小" else "max"
                return f"{function}({', '.join(self.py(a) for a in node.args)})"
            case n.Filtered():
                var, source, inner = self.over_records(node.records,
                                                       lambda: self.cond(node.condition))
                return f"tuple({var} for {var} in {source} if {inner})"
            case n.Received():
                key = "None"
                if node.key is not None:
                    symbol = self.symbols[node.key.name]
                    key = f"({symbol.name!r}, {symbol.term!r}, {self.var(node.key)})"
                return f"ev.received({node.provisions!r}, {node.yearly!r}, {key})"
            case n.IfElse():
                return (f"({self.py(node.then)} if {self.cond(node.condition)} "
                        f"else {self.py(node.otherwise)})")
        raise AssertionError(node)

    def each(self, node: n.Call) -> str:
        """逐个(名单, 表达式): the expression for each record, as a tuple."""
        var, source, inner = self.over_records(node.args[0], lambda: self.py(node.args[1]))
        return f"tuple({inner} for {var} in {source})"

    def cond(self, node: n.Cond) -> str:
        match node:
            case n.Compare():
                left = self.py(node.left)
                if self.is_value_word(node):  # an enumeration value (or an identifier) as written
                    assert isinstance(node.right, n.Name)
                    op = "==" if node.op == "eq" else "!="
                    return f"({left} {op} {node.right.name!r})"
                op = {"ge": ">=", "gt": ">", "lt": "<", "le": "<=", "eq": "==", "ne": "!="}
                return f"({left} {op[node.op]} {self.py(node.right)})"
            case n.Fact():
                return self.var(node.name)
            case n.Not():
                return f"(not {self.cond(node.operand)})"
            case n.Logic():
                op = "and" if node.op == "且" else "or"
                return f"({self.cond(node.left)} {op} {self.cond(node.right)})"
            case n.Quantified():
                return self.quantified(node)
        raise AssertionError(node)

    def quantified(self, node: n.Quantified) -> str:
        """任一 / 均: any() / all() over the records, their fields in scope."""
        var, source, inner = self.over_records(node.records, lambda: self.cond(node.condition))
        function = "any" if node.op == "任一" else "all"
        return f"{function}({inner} for {var} in {source})"

    def over_records(self, node: n.Expr, inner: Callable[[], str]) -> tuple[str, str, str]:
        """The record variable, the 名单's source and ``inner()`` written with the 名单's fields
        in scope (逐个, 筛选, 任一, 均)."""
        records = self.typer.expr(node)
        assert isinstance(records, Records)
        source = self.py(node)
        var = f"r{len(self.records)}"
        self.records.append((var, records))
        self.typer.fields.append(records)
        try:
            return var, source, inner()
        finally:
            self.records.pop()
            self.typer.fields.pop()

    def is_value_word(self, node: n.Compare) -> bool:
        return isinstance(node.right, n.Name) and self.is_word(node.right)

    # -- statements
    def requires(self) -> None:
        for require in self.bound.requires:
            self.require(require.condition)

    def require(self, condition: n.Cond) -> None:
        names, template, values = self.sentence(lambda s: render.cond(condition, s, True),
                                                lambda: render.cond(condition))
        self.line(f"ev.require({self.cond(condition)}, {names!r}, {template!r}, ({values}))")

    def own_defines(self) -> None:
        """A provision's own definitions are computed (and shown) even when no rule uses them."""
        for item in self.provision.core:
            if isinstance(item, n.Define) and item.name not in self.vars:
                self.define(item)

    def award(self, award: n.ExprAward) -> None:
        if isinstance(award.expr, n.Table):
            self.table(award.expr, "amount", award.verb or "给付", award.ceiling)
            return
        self.line(f"amount = {self.py(award.expr)}")
        self.trace_quantity(award.verb or "给付", award.expr, "amount")

    def table(self, table: n.Table, var: str, label: str, ceiling: bool = False) -> None:
        for name in _names(table):  # read every input first: each branch may show any of them
            if not self.is_word(name) and not self.is_field(name):
                self.var(name)
        for i, row in enumerate(table.rows, 1):
            self.row(i, row, var, label, ceiling, first=i == 1)
        if table.rows[-1].condition is not None:
            self.line("else:")
            self.indent(1)
            self.line("ev.no_row()")
            self.indent(-1)

    def row(self, i: int, row: n.Row, var: str, label: str, ceiling: bool, first: bool) -> None:
        if row.condition is None:
            self.line("else:")
            names, template, values = "", "", ""
        else:
            self.line(f"{'if' if first else 'elif'} {self.cond(row.condition)}:")
            names, template, values = self.sentence(
                lambda s: render.cond(row.condition, s, True),  # type: ignore[arg-type]
                lambda: render.cond(row.condition))  # type: ignore[arg-type]
        self.indent(1)
        self.line(f"ev.row({i}, {names!r}, {template!r}, ({values}), "
                  f"{row.ceiling or ceiling!r})")
        if row.value is None:
            self.line(f"ev.no_row({i})")
        else:
            self.line(f"{var} = {self.py(row.value)}")
            self.trace_quantity(label, row.value, var)
        self.indent(-1)

    def count_limits(self) -> None:
        for limit in self.bound.limits:
            self.count_limit(limit)

    def count_limit(self, limit: n.Limit) -> None:
        if limit.kind == "count":
            self.line(f"ev.limit_count({int(limit.amount)!r}, {limit.word or limit.text!r}, "
                      f"{limit.yearly!r}, {self.key(limit)}, {self.counted(limit)!r})")
        elif limit.kind == "years":
            self.line(f"ev.limit_years({int(limit.amount)!r}, {limit.text!r}, "
                      f"{self.key(limit)}, {self.counted(limit)!r})")

    def amount_limits(self) -> None:
        for limit in self.bound.limits:
            self.amount_limit(limit)

    def amount_limit(self, limit: n.Limit) -> None:
        if limit.kind == "amount":
            self.line(f"amount = ev.limit_amount(amount, {dec(limit.amount)}, "
                      f"{limit.text!r}, {limit.yearly!r}, {self.key(limit)}, "
                      f"{self.counted(limit)!r})")

    # -- a whole provision from its plan (core/lower.py)
    def plan_conditions(self, plan: Plan) -> None:
        """The explained body of a provision written from its plan, in the core's words — first
        the guards (须) and the history limits (限次/限年); then ``plan_amount``. The explained
        calculator uses it for a clause that has no step of its own, so a new clause that lowers
        to the core is explained the moment it is lowered."""
        for guard in plan.guards:
            self.require(guard)
        for scoped in plan.limits:
            self.scoped(scoped, self.count_limit)

    def plan_amount(self, plan: Plan) -> None:
        """The amount, its cuts (取较小) and the amount limits of a plan."""
        self.award(n.ExprAward(plan.amount, ceiling=False, verb="给付"))
        for cut in plan.cuts:
            self.line(f"amount = ev.cut(amount, {self.py(cut)}, {render.expr(cut)!r})")
        for scoped in plan.limits:
            self.scoped(scoped, self.amount_limit)

    def scoped(self, scoped: Scoped, write: Callable[[n.Limit], None]) -> None:
        if scoped.when is None:
            write(scoped.limit)
            return
        self.line(f"if {self.cond(scoped.when)}:")
        self.indent(1)
        write(scoped.limit)
        self.line("pass")
        self.indent(-1)

    def allocations(self) -> None:
        for item in self.provision.core:
            if isinstance(item, n.Allocation):
                records = self.typer.name(item.records)
                assert isinstance(records, Records)
                key = next(english for _, english, t in records.fields if t == "id")
                self.line(f"ev.allocate({self.var(item.records)}, {self.var(item.weights)}, "
                          f"{key!r})")

    def obligations(self) -> None:
        for item in self.bound.obligations:
            term = f", {item.years!r}, {item.calendar!r}" if item.years is not None else ""
            self.line(f"ev.obligation({item.text!r}, {item.consequence!r}{term})")

    def key(self, limit: n.Limit) -> str:
        if limit.key is None:
            return "None"
        if limit.key in (PROJECT, PERSON):  # the request's own project or person
            field = limit.key.name.removeprefix("@")
            term = "项目" if limit.key == PROJECT else "人员"
            return f"({limit.key.name!r}, {term!r}, ev.request.{field})"
        symbol = self.symbols[limit.key.name]
        return f"({symbol.name!r}, {symbol.term!r}, {self.var(limit.key)})"

    def counted(self, limit: n.Limit) -> tuple[str, ...]:
        return counted(limit, self.provision, self.policy)


_LIST_METHODS = {"合计": "total", "个数": "count_of", "最大": "most", "最小": "least",
                 "名次": "rank", "按比例": "pro_rata"}


def _names(node: Any) -> Iterator[n.Name]:
    """Every name in a node, in the order written."""
    return (item for item in n.walk(node) if isinstance(item, n.Name))
