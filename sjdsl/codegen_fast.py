"""Codegen, amount-only target: one straight-line Decimal function per provision, no trace.

The explained calculators (``codegen``) build a trace line for every step, which is what an
auditor or a portal showing its working needs. Many callers need only the amount — a live
estimate in a form, a screening pass over a list — and for them this target writes the same
rule again as plain Decimal arithmetic: constants hoisted to module level, no method calls, no
strings. It must give exactly the explained calculator's amount; the tests compare the two on
every worked case and on random requests with random histories.

Only the common constructs are written here. A provision using anything else (an increment, a
ladder, a band, 择优, a duration, a prerequisite, …) gets no amount function, and
``CompiledPolicy.run_amount`` falls back to the explained calculator; so does a function that meets a
history it cannot judge on its own (it returns None). ``codegen_json`` builds on this module for
the common request's whole answer.
"""

from __future__ import annotations

from decimal import Decimal

from sjdsl import ir
from sjdsl.check import KINDS, CheckedPolicy
from sjdsl.core import scope
from sjdsl.shape import group_caps

_AWARDS = (ir.RateAward, ir.FixedAward, ir.PerUnitAward, ir.TieredAward, ir.MultipleAward,
           ir.PassThroughAward)
_LIMITS = (ir.PerAwardCap, ir.JointLimit, ir.PerYearCap, ir.PerProjectYearCap,
           ir.PerEnterpriseCap, ir.YearLimit, ir.OneTime, ir.Threshold, ir.Instalments)


def supported(checked: CheckedPolicy, measure: ir.Measure, provision: ir.Provision) -> bool:
    """Whether this target can write the provision (else the explained calculator answers)."""
    header = checked.policy.header
    if any(isinstance(r, ir.ApplicationWindow) or isinstance(r, ir.Validity) and (
            r.target or r.start is None or r.end is None) for r in header.rules):
        return False
    if not scope.bound(checked.policy, measure, provision).empty:
        return False  # the core (定义, 须, 限额 … at any level): the explained calculator
    if len(provision.awards) != 1 or provision.increments:
        return False
    award = provision.awards[0]
    if not isinstance(award, _AWARDS) or isinstance(award, ir.FixedAward) and award.assessed:
        return False
    if any(not isinstance(lim, _LIMITS) for lim in provision.limits):
        return False
    for lim in provision.limits:
        if isinstance(lim, ir.Threshold) and isinstance(lim.amount, ir.Rate):
            return False  # a percentage threshold: left to the explained calculator
    if any(provision.id in g.provisions for g in measure.exclusives):
        return False
    return not any(provision.id in h.provisions for h in measure.headcounts)


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
    """Writes ``def _a_p1_1(r: rt.Request) -> Decimal | None`` for one provision.

    The steps and their order are the explained body's (``codegen._Body``): validity, conditions
    in the order written, the formula, then per-award caps, joint limits, yearly caps and the
    enterprise caps; any failed condition gives 0.00, as it does there. Every arithmetic
    expression is the explained calculator's, operand for operand, so the Decimal results agree
    to the last digit before the one rounding.
    """

    def __init__(self, checked: CheckedPolicy, measure: ir.Measure, provision: ir.Provision,
                 constant: Constants, out: list[str], name: str) -> None:
        self.checked, self.measure, self.p = checked, measure, provision
        self.k, self.out, self.name = constant, out, name
        self.vars: dict[str, str] = {}

    def line(self, text: str, depth: int = 1) -> None:
        self.out.append("    " * depth + text)

    def write(self) -> None:
        self.out.append(f"def {self.name}(r: rt.Request) -> Decimal | None:")
        self.line(repr(f"{self.p.id}: the amount alone (written by sjdsl/codegen_fast.py)"))
        self.line("if r.override_approved:")
        self.line("return None  # 附则 A.3: the explained calculator compares both", 2)
        self.validity()
        self.conditions()
        self.formula(self.p.awards[0])
        self.limits()
        self.line("a = a.quantize(_FEN, _HALF_UP, _MONEY)")
        self.line("return a if a > 0 else _ZERO")

    def money_context(self, arguments: str) -> None:
        """Called from outside the runtime, the function switches to the money context itself
        (sjdsl.money.MONEY), once; called by the runtime, it is already there. (The amount
        function needs no switch: its every operation names the money context, ``_MONEY.multiply``
        …, so the caller's context is neither used nor touched — and no switch is paid for.)"""
        self.line("if _getcontext() is not _MONEY:")
        self.line(f"return _in_money({self.name}, {arguments})", 2)

    def validity(self) -> None:
        validity = next((r for r in self.checked.policy.header.rules
                         if isinstance(r, ir.Validity)), None)
        if validity is not None:
            start, end = validity.start, validity.end
            self.line(f"if not datetime.date({start.year}, {start.month}, {start.day}) <= r.date"
                      f" <= datetime.date({end.year}, {end.month}, {end.day}):")
            self.line("return _ZERO", 2)

    def value(self, ref: ir.Ref) -> str:
        symbol = self.checked.resolve(self.p.id, ref)
        assert isinstance(symbol, ir.Input)
        if symbol.name not in self.vars:
            var = f"q{len(self.vars)}"
            kind = KINDS[symbol.kind_word]
            if kind in ("money", "area"):
                self.line(f"{var} = r.inputs.get({symbol.name!r}, _ZERO)")
            else:
                self.line(f"{var} = r.inputs[{symbol.name!r}]")
            self.vars[symbol.name] = var
        return self.vars[symbol.name]

    def fail_if(self, condition: str, depth: int = 1) -> None:
        self.line(f"if {condition}:", depth)
        self.line("return _ZERO", depth + 1)

    def conditions(self) -> None:
        pid = self.p.id
        for lim in self.p.limits:
            match lim:
                case ir.Threshold():
                    var = self.value(lim.input)
                    assert isinstance(lim.amount, ir.Money)
                    bound = lim.amount.value if lim.amount.unit in ir.MONEY_UNITS else \
                        lim.amount.number
                    op = "<" if lim.op == "ge" else "<="
                    self.fail_if(f"{var} {op} {self.k(bound)}")
                    if lim.first_time:
                        self.fail_if(f"any(g.provision == {pid!r} for g in r.history)")
                case ir.YearLimit():
                    self.year_limit(lim)
                case ir.OneTime() if not isinstance(self.p.awards[0], ir.TieredAward):
                    who = " and g.person == r.person" if lim.per_person else ""
                    self.fail_if(f"any(g.provision == {pid!r}{who} for g in r.history)")
                case _:
                    pass

    def year_limit(self, lim: ir.YearLimit) -> None:
        who = {"project": " and g.project == r.project", "person": " and g.person == r.person",
               "enterprise": ""}[lim.scope]
        self.line("if r.history:")  # with no history no year is used yet
        self.line(f"seen = {{g.date.year for g in r.history if g.provision == {self.p.id!r}"
                  f"{who}}}", 2)
        self.fail_if(f"r.date.year not in seen and len(seen) >= {lim.years!r}", 2)

    def formula(self, award: ir.Award) -> None:
        if isinstance(award, ir.TieredAward):
            self.tiers(award)
        else:
            self.line(f"a = {self.award_expression(award)}")

    def award_expression(self, award: ir.Award) -> str:
        """The award as a Decimal expression, operand for operand as the explained body computes
        it (so both round the same value); the JSON writer uses it too."""
        match award:  # each operation in the money context, named (see money_context)
            case ir.RateAward(rate=ir.Rate() as rate):
                return f"_MONEY.multiply({self.value(award.base)}, {self.k(rate.value)})"
            case ir.RateAward(rate=ir.Ratio() as ratio):
                return (f"_MONEY.divide(_MONEY.multiply({self.value(award.base)}, "
                        f"{self.k(ratio.right)}), {self.k(ratio.left)})")
            case ir.FixedAward():
                return self.k(award.amount.value)
            case ir.PerUnitAward():
                return f"_MONEY.multiply({self.k(award.amount.value)}, {self.value(award.count)})"
            case ir.MultipleAward():
                return f"_MONEY.multiply({self.value(award.base)}, {self.k(award.factor)})"
            case ir.PassThroughAward():
                return self.value(award.base)
        raise AssertionError(f"{self.p.id}: not supported here")

    def tiers(self, award: ir.TieredAward) -> None:
        selector = self.value(award.selector)
        symbol = self.checked.resolve(self.p.id, award.selector)
        once_all = any(isinstance(lim, ir.OneTime) for lim in self.p.limits)
        once_rows = tuple(t.value for t in award.tiers if t.one_time)
        if once_all or once_rows:
            guard = "" if once_all else f" and {selector} in {once_rows!r}"
            self.line("for g in r.history:")
            self.line(f"if g.provision == {self.p.id!r}{guard}:", 2)
            self.line(f"earlier = g.inputs.get({symbol.name!r})", 3)
            self.line("if earlier is None:", 3)
            self.line("return None  # the explained calculator says what is missing", 4)
            self.line(f"if earlier == {selector}:", 3)
            self.line("return _ZERO", 4)
        table = ", ".join(f"{t.value!r}: {self.k(t.amount.value)}" for t in award.tiers)
        self.line(f"a = {{{table}}}[{selector}]")

    def limits(self) -> None:
        for lim in self.p.limits:
            if isinstance(lim, ir.PerAwardCap):
                self.clamp(self.k(lim.amount.value))
        for lim in self.p.limits:
            if isinstance(lim, ir.JointLimit):
                counted = "_ZERO"
                for ref in lim.counted:
                    counted = f"_MONEY.add({counted}, {self.value(ref)})"
                self.line(f"room = max(_MONEY.subtract(_MONEY.multiply({self.value(lim.base)}, "
                          f"{self.k(lim.rate.value)}), {counted}), _ZERO)")
                self.clamp("room")
        pid = self.p.id
        for lim in self.p.limits:
            if isinstance(lim, ir.PerYearCap):
                self.remaining(lim.amount.value, f"g.provision == {pid!r} and "
                                                 "g.date.year == r.date.year")
            elif isinstance(lim, ir.PerProjectYearCap):
                self.remaining(lim.amount.value, f"g.provision == {pid!r} and g.date.year == "
                                                 "r.date.year and g.project == r.project")

        for cap in group_caps(self.measure, self.p):
            self.remaining(cap.amount.value, f"g.provision in {cap.provisions!r}")

    def clamp(self, cap: str) -> None:
        self.line(f"if a > {cap}:")
        self.line(f"a = {cap}", 2)

    def remaining(self, cap: Decimal, which: str) -> None:
        """What a cumulative or yearly cap leaves after the earlier grants it counts."""
        if cap > 0:  # with no history the room is the cap itself
            self.line(f"room = {self.k(cap)}")
            self.line("if r.history:")
            depth = 2
        else:
            depth = 1
        self.line(f"room = max(_MONEY.subtract({self.k(cap)}, _money_sum([g.amount for g in "
                  f"r.history if {which}])), _ZERO)", depth)
        self.fail_if("room <= 0", depth)
        self.clamp("room")
