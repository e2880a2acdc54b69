"""A plan (``core/lower.py``) → a straight-line Decimal amount function, with no trace.

Every provision the core can lower, written with the clauses or with the core, gets one:
``def _a_p1_1(r: rt.Request) -> Decimal | None``. Its steps are the plan's — validity, guards,
history limits, the amount, the cuts, the amount limits — and every arithmetic operation names
the money context (``_MONEY.multiply`` …), so the result is the explained calculator's to the
last digit before the one rounding, whatever the caller's context. A refusal is ``0.00``, as
there; what only the explained calculator can say (an override to compare, an earlier grant
without the key a limit needs, a division by zero) returns None, or raises ArithmeticError,
and the runtime then asks the explained calculator (``CompiledPolicy.run_amount``).

Conditions, records and names are written as the explained calculator writes them
(``CoreCode``, whose ``cond`` and list walks this class inherits); only what computes a value
differs: hoisted constants, money-context arithmetic, history read without a trace.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from sjdsl.core import nodes as n
from sjdsl.core.lower import PERSON, PROJECT, Plan, Scoped
from sjdsl.core.pysrc import CoreCode
from sjdsl.core.scope import counted
from sjdsl.core.typecheck import Typer
from sjdsl.language import ir

#: The list functions written as calls of ``sjdsl.runtime.money`` (in the money context, as explained).
_LISTS = {"合计": "_money_sum", "个数": "len", "最大": "_core.most", "最小": "_core.least",
          "名次": "_core.rank", "按比例": "_core.pro_rata"}


class FastCode(CoreCode):
    """Writes one plan's amount function body (see the module docstring)."""

    def __init__(self, policy: ir.Policy, plan: Plan, typer: Typer, symbols: Mapping[str, Any],
                 constant: Callable[[Decimal], str], line: Callable[[str], None],
                 indent: Callable[[int], None], kinds: Mapping[str, str],
                 read: Callable[[str], str | None] | None = None) -> None:
        self.inputs: dict[str, str] = {}
        self.kinds, self.constant = kinds, constant
        super().__init__(policy, plan.provision, plan.bound, typer, symbols,
                         read or self.read_input, line, indent)
        self.plan = plan

    # -- inputs, as the explained calculator reads them
    def read_input(self, name: str) -> str | None:
        symbol = self.symbols.get(name)
        if symbol is None or not isinstance(symbol, (ir.Input, ir.Increment)):
            return None
        if symbol.name in self.inputs:
            return self.inputs[symbol.name]
        if isinstance(symbol, ir.Increment):
            current = self.read_input(symbol.minuend.name)
            previous = self.read_input(symbol.subtrahend.name)
            var = self.new_input(symbol.name, f"_MONEY.subtract({current}, {previous})")
            self.line(f"if {var} <= 0:")  # 增量: nothing is paid on none
            self.indent(1)
            self.line("return _ZERO")
            self.indent(-1)
            return var
        kind, key = self.kinds[symbol.kind_word], repr(symbol.name)
        expression = {
            "money": f"r.inputs.get({key}, _ZERO)", "area": f"r.inputs.get({key}, _ZERO)",
            "usd": f"r.inputs.get({key}, _ZERO)", "bool": f"r.inputs.get({key}) is True",
            "percent": f"_MONEY.divide(r.inputs[{key}], 100)",
            "list": f"tuple(r.inputs.get({key}, ()))",
            "records": f"tuple(r.inputs.get({key}, ()))",
        }.get(kind, f"r.inputs[{key}]")
        return self.new_input(symbol.name, expression)

    def new_input(self, name: str, expression: str) -> str:
        var = f"q{len(self.inputs)}"
        self.line(f"{var} = {expression}")
        self.inputs[name] = var
        return var

    def define(self, define: n.Define) -> str:
        var = f"d{len(self.vars)}"
        if isinstance(define.expr, n.Table):
            self.table_value(define.expr, var)
        else:
            self.line(f"{var} = {self.py(define.expr)}")
        self.vars[define.name] = var
        return var

    # -- values
    def py(self, node: n.Expr) -> str:
        match node:
            case n.Quantity():
                return self.constant(node.value)
            case n.Binary() if node.op in ("+", "-", "×", "÷"):
                method = {"+": "add", "-": "subtract", "×": "multiply", "÷": "divide"}[node.op]
                return f"_MONEY.{method}({self.py(node.left)}, {self.py(node.right)})"
            case n.Binary():
                return f"_core.steps({self.py(node.left)}, {self.py(node.right)})"
            case n.Call() if node.function == "满年数":
                end = self.py(node.args[1]) if len(node.args) == 2 else "r.date"
                return f"_core.full_years({self.py(node.args[0])}, {end})"
            case n.Call() if node.function in _LISTS:
                args = ", ".join(self.py(a) for a in node.args)
                return f"{_LISTS[node.function]}({args})"
            case n.Received():
                return f"_money_sum([g.amount for g in r.history if {self.matching(node)}])"
        return super().py(node)

    def matching(self, node: n.Received | n.Limit) -> str:
        """The test an earlier grant meets to count: its provision, year and scope key (an
        earlier grant without the key returns None first: the explained calculator says so)."""
        provisions = node.provisions if isinstance(node, n.Received) else \
            counted(node, self.provision, self.policy)
        test = (f"g.provision == {provisions[0]!r}" if len(provisions) == 1 else
                f"g.provision in {provisions!r}")
        if node.yearly:
            test += " and g.date.year == r.date.year"
        if node.key == PROJECT:
            return test + " and g.project == r.project"
        if node.key == PERSON:
            return test + " and g.person == r.person"
        if node.key is not None:
            symbol = self.symbols[node.key.name]
            value = self.var(node.key)
            self.line(f"if any({test} and {symbol.name!r} not in g.inputs and "
                      f"{symbol.term!r} not in g.inputs for g in r.history):")
            self.indent(1)
            self.line("return None  # the explained calculator says which input is missing")
            self.indent(-1)
            test += (f" and g.inputs.get({symbol.name!r}, g.inputs.get({symbol.term!r})) == "
                     f"{value}")
        return test

    # -- the plan's steps
    def guards(self) -> None:
        for guard in self.plan.guards:
            self.refuse_unless(self.cond(guard))

    def refuse_unless(self, condition: str) -> None:
        self.line(f"if not {condition}:")
        self.indent(1)
        self.line("return _ZERO")
        self.indent(-1)

    def history_limits(self) -> None:
        for scoped in self.plan.limits:
            if scoped.limit.kind != "amount":
                self.when(scoped, self.count_limit)

    def amount_limits(self) -> None:  # type: ignore[override]
        for scoped in self.plan.limits:
            if scoped.limit.kind == "amount":
                self.when(scoped, self.amount_limit)

    def when(self, scoped: Scoped, write: Callable[[n.Limit], None]) -> None:
        """Writes a limit inside ``if r.history:`` (none counts without history) and, for a
        limit on some rows only, inside their condition."""
        if scoped.when is not None:
            self.line(f"if {self.cond(scoped.when)}:")
            self.indent(1)
        write(scoped.limit)
        if scoped.when is not None:
            self.indent(-1)

    def count_limit(self, limit: n.Limit) -> None:
        self.read_key(limit)
        self.line("if r.history:")
        self.indent(1)
        test, most = self.matching(limit), int(limit.amount)
        if limit.kind == "count" and most == 1:
            self.line(f"if any({test} for g in r.history):")
        elif limit.kind == "count":
            self.line(f"if sum(1 for g in r.history if {test}) >= {most!r}:")
        else:
            self.line(f"seen = {{g.date.year for g in r.history if {test}}}")
            self.line(f"if r.date.year not in seen and len(seen) >= {most!r}:")
        self.indent(1)
        self.line("return _ZERO")
        self.indent(-2)

    def amount_limit(self, limit: n.Limit) -> None:
        """What a cumulative or yearly limit leaves after the earlier grants it counts."""
        cap = self.constant(limit.amount)
        if limit.amount <= 0:
            self.line("return _ZERO")
            return
        self.read_key(limit)
        self.line(f"room = {cap}")
        self.line("if r.history:")
        self.indent(1)
        self.line(f"room = max(_MONEY.subtract({cap}, _money_sum([g.amount for g in r.history "
                  f"if {self.matching(limit)}])), _ZERO)")
        self.line("if room <= 0:")
        self.indent(1)
        self.line("return _ZERO")
        self.indent(-2)
        self.clamp("room")

    def read_key(self, limit: n.Limit) -> None:
        """A key input is read before ``if r.history:``, so that later steps may use it."""
        if limit.key is not None and limit.key not in (PROJECT, PERSON):
            self.var(limit.key)

    def amount(self) -> None:
        if isinstance(self.plan.amount, n.Table):
            self.table_value(self.plan.amount, "a")
        else:
            self.line(f"a = {self.py(self.plan.amount)}")
        for cut in self.plan.cuts:
            self.clamp(self.py(cut))

    def clamp(self, cap: str) -> None:
        if not cap.isidentifier():
            self.line(f"cut = {cap}")
            cap = "cut"
        self.line(f"if a > {cap}:")
        self.indent(1)
        self.line(f"a = {cap}")
        self.indent(-1)

    def table_value(self, table: n.Table, var: str) -> None:
        """The first row that holds gives the value; a row of 不予, or none, pays nothing."""
        for name in (i for i in n.walk(table) if isinstance(i, n.Name)):
            if not self.is_word(name) and not self.is_field(name):
                self.var(name)  # read first, as the explained calculator does
        for i, row in enumerate(table.rows):
            if row.condition is None:
                self.line("else:")
            else:
                self.line(f"{'if' if i == 0 else 'elif'} {self.cond(row.condition)}:")
            self.indent(1)
            self.line("return _ZERO" if row.value is None else f"{var} = {self.py(row.value)}")
            self.indent(-1)
        if table.rows[-1].condition is not None:
            self.line("else:")
            self.indent(1)
            self.line("return _ZERO")
            self.indent(-1)
