"""Codegen, amount-only target: one straight-line Decimal function per provision, no trace.

The explained calculators (``codegen``) build a trace line for every step, which is what an
auditor or a portal showing its working needs. Many callers need only the amount — a live
estimate in a form, a screening pass over a list — and for them this target writes the same
rule again as plain Decimal arithmetic: constants hoisted to module level, no method calls, no
strings. It must give exactly the explained calculator's amount; the tests compare the two on
every worked case and on random requests with random histories.

The function is derived from the core: the provision is lowered to a plan (``core/lower.py``:
clauses and core statements alike) and the plan is written by ``core/pyfast.py``. A provision
whose plan cannot be made (a clause not yet lowered: a ladder, a band, 择优, a duration, a
prerequisite, …) gets no amount function, and ``CompiledPolicy.run_amount`` falls back to the
explained calculator; so does a function that meets a case it cannot judge on its own (it
returns None). ``codegen_json`` builds on this module for the common request's whole answer.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sjdsl.core import nodes as n
from sjdsl.core.lower import NotLowered, Plan, lower
from sjdsl.core.pyfast import FastCode
from sjdsl.core.typecheck import Typer
from sjdsl.language import ir
from sjdsl.language.check import KINDS, CheckedPolicy, core_type


def plan_of(checked: CheckedPolicy, measure: ir.Measure, provision: ir.Provision) -> Plan | None:
    """The provision's plan, or None where the explained calculator alone answers it."""
    header = checked.policy.header
    if any(isinstance(r, ir.ApplicationWindow) or isinstance(r, ir.Validity) and (
            r.target or r.start is None) for r in header.rules):
        return None
    try:
        return lower(checked.policy, lambda ref: checked.resolve(provision.id, ref), measure,
                     provision)
    except NotLowered:
        return None


def fast_code(checked: CheckedPolicy, measure: ir.Measure, plan: Plan,
              constant: Callable[[Decimal], str], line: Callable[[str], None],
              indent: Callable[[int], None],
              read: Callable[[str], str | None] | None = None) -> FastCode:
    """The writer of a plan's Python, with the provision's names and types."""
    table = checked.symbols[plan.provision.id]
    typer = Typer(plan.provision.id, lambda name: core_type(table, name), lambda: list(table),
                  {d.name: d for d in reversed(plan.bound.defines)}, lambda *args: None)
    return FastCode(checked.policy, plan, typer, table, constant, line, indent, KINDS, read)


class Constants:
    """Decimal constants hoisted to module level, named _K0, _K1, … in order of first use (with
    the version's prefix, so each version of an amended policy has its own)."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.names: dict[str, str] = {}

    def __call__(self, value: Decimal) -> str:
        text = format(value.normalize(), "f")
        if text not in self.names:
            self.names[text] = f"{self.prefix}_K{len(self.names)}"
        return self.names[text]

    def lines(self) -> list[str]:
        return [f"{name} = Decimal({text!r})" for text, name in self.names.items()]


class AmountBody:
    """Writes ``def _a_p1_1(r: rt.Request) -> Decimal | None`` for one provision, from its plan:
    validity, the guards, the history limits, the amount and its cuts, the amount limits; any
    refusal gives 0.00, as in the explained body. Every arithmetic operation is the explained
    calculator's, operand for operand, so the Decimal results agree to the last digit before
    the one rounding.
    """

    def __init__(self, checked: CheckedPolicy, measure: ir.Measure, plan: Plan,
                 constant: Constants, out: list[str], name: str) -> None:
        self.checked, self.measure, self.plan, self.p = checked, measure, plan, plan.provision
        self.k, self.out, self.name = constant, out, name
        self.vars: dict[str, str] = {}
        self.depth = 1

    def line(self, text: str, depth: int | None = None) -> None:
        self.out.append("    " * (self.depth if depth is None else depth) + text)

    def indent(self, step: int) -> None:
        self.depth += step

    def write(self) -> None:
        plan = self.plan
        self.out.append(f"def {self.name}(r: rt.Request) -> Decimal | None:")
        self.line(repr(f"{self.p.id}: the amount alone (written by sjdsl/backends/codegen_fast.py)"))
        self.line("if r.override_approved:")
        self.line("return None  # 附则 A.3: the explained calculator compares both", 2)
        self.validity()
        code = fast_code(self.checked, self.measure, plan, self.k, self.line, self.indent)
        code.guards()
        code.history_limits()
        code.amount()
        code.amount_limits()
        self.line("a = a.quantize(_FEN, _HALF_UP, _MONEY)")
        self.line("return a if a > 0 else _ZERO")

    def money_context(self, arguments: str) -> None:
        """Called from outside the runtime, the function switches to the money context itself
        (sjdsl.runtime.money.MONEY), once; called by the runtime, it is already there. (The amount
        function needs no switch: its every operation names the money context, ``_MONEY.multiply``
        …, so the caller's context is neither used nor touched — and no switch is paid for.)"""
        self.line("if _getcontext() is not _MONEY:")
        self.line(f"return _in_money({self.name}, {arguments})", 2)

    def validity(self) -> None:
        validity = next((r for r in self.checked.policy.header.rules
                         if isinstance(r, ir.Validity)), None)
        if validity is None:
            return
        start, end = validity.start, validity.end
        first = f"datetime.date({start.year}, {start.month}, {start.day})"
        if end is None:
            self.line(f"if not {first} <= r.date:")
        else:
            self.line(f"if not {first} <= r.date <= datetime.date({end.year}, {end.month}, "
                      f"{end.day}):")
        self.line("return _ZERO", 2)

    def award_expression(self, award: ir.Award) -> str:
        """The award as a Decimal expression, written from the provision's plan as the amount
        function writes it (so both compute the same value); the JSON writer uses it."""
        plan = self.plan
        assert not isinstance(plan.amount, n.Table), self.p.id
        table = self.checked.symbols[self.p.id]
        code = fast_code(self.checked, self.measure, plan, self.k, self.line, self.indent,
                         read=lambda name: self.value(ir.Ref(name)) if name in table else None)
        return code.py(plan.amount)
