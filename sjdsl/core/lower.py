"""The clauses lowered to the core, in one place: what each clause means, as core nodes.

A provision written with the clause catalogue (比例 … 最高, 门槛, 每年最高, 单个企业最高, 最多三年,
一次性, 档次 …) and one written with the core (定义, 须, 补贴 = …, 限额 …) come out of ``lower``
as the same thing, a ``Plan``:

- ``guards``: conditions that must all hold (a 门槛 is ``Compare``; an increment must be positive);
- ``limits``: history limits, each a core ``Limit`` (一次性 and 首次 are ``限次 1 次``, 最多三年 is
  ``限年 3 年 按 项目``, 每年最高 is ``限额 … 每年``, 单个企业最高 is ``限额 … 合计 P、Q``), and the
  core's own limits that bind the provision, in any measure;
- ``amount``: the formula (``基数 × 比例``, a 档次 as a ``Table``, the core's expression);
- ``cuts``: what the amount is cut to, in order (上限 is ``取较小``; 合计不超过 is the room left by
  the other items, never below zero).

The back ends that are derived from the core (the amount-only writer, ``core/pyfast.py``) write a
plan, and so cannot read a clause differently from the core. A clause whose meaning is not (yet) a
plan raises ``NotLowered`` with the reason, and its provision is answered by the explained
calculator alone. The explained calculator keeps writing the clause's own trace words
(``sjdsl.runtime.wording``); the tests compare its amounts with the plan's on every worked case and on
random requests with random histories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from sjdsl.core import nodes as n
from sjdsl.core.scope import Bound, bound
from sjdsl.language import ir

#: ``CheckedPolicy.resolve`` bound to the provision: a reference's input (or increment).
ResolveFn = Callable[[ir.Ref], Any]

#: The request's project and person, as scope keys of a lowered limit (names no input can take).
PROJECT = n.Name("@project")
PERSON = n.Name("@person")


class NotLowered(Exception):
    """The provision uses a clause that has no plan yet; the explained calculator answers it."""


@attrs.frozen
class Scoped:
    """A history limit, applied only when ``when`` holds (一次性 on some rows of a 档次)."""

    limit: n.Limit
    when: n.Cond | None = None


@attrs.frozen
class Plan:
    """One provision in the core's terms (see the module docstring)."""

    provision: ir.Provision
    bound: Bound
    guards: tuple[n.Cond, ...]
    limits: tuple[Scoped, ...]
    amount: n.Expr | n.Table
    cuts: tuple[n.Expr, ...]


def lower(policy: ir.Policy, resolve: ResolveFn, measure: ir.Measure,
          provision: ir.Provision) -> Plan:
    """The provision's plan, or ``NotLowered``. ``resolve(ref)`` gives an input or increment."""
    if len(provision.awards) != 1:
        raise NotLowered("more than one award")
    if any(provision.id in g.provisions for g in measure.exclusives):
        raise NotLowered("择优 / 不得重复享受 between provisions of the measure")
    if any(provision.id in h.provisions for h in measure.headcounts):
        raise NotLowered("a headcount cap")
    lowering = _Lowering(policy, resolve, measure, provision)
    return lowering.plan()


def quantity(value: Decimal, text: str, money: bool = False) -> n.Quantity:
    """A number of a clause as a core literal (an amount in 元 when ``money``)."""
    return n.Quantity(value, "元" if money else None, value, text)


def limit(kind: n.LimitKind, amount: Decimal, text: str, provisions: tuple[str, ...], *,
          yearly: bool = False, key: n.Name | None = None) -> n.Limit:
    return n.Limit(kind, amount, text, yearly, key, provisions, False)


class _Lowering:
    def __init__(self, policy: ir.Policy, resolve: ResolveFn, measure: ir.Measure,
                 provision: ir.Provision) -> None:
        self.policy, self.resolve, self.measure, self.p = policy, resolve, measure, provision
        self.guards: list[n.Cond] = []
        self.limits: list[Scoped] = []
        self.cuts: list[n.Expr] = []

    def plan(self) -> Plan:
        core = bound(self.policy, self.measure, self.p)
        self.guards += [r.condition for r in core.requires]
        self.clause_conditions()
        self.limits += [Scoped(lim) for lim in core.limits if lim.kind != "amount"]
        amount = self.award(self.p.awards[0])
        self.clause_cuts()
        self.limits += [Scoped(lim) for lim in core.limits if lim.kind == "amount"]
        return Plan(self.p, core, tuple(self.guards), tuple(self.limits), amount,
                    tuple(self.cuts))

    # -- names
    def name(self, ref: ir.Ref) -> n.Name:
        """An input by its official term (or an increment, 增量: the back end reads it as
        current − previous and pays nothing on none), as a trace shows it."""
        symbol = self.resolve(ref)
        return n.Name(symbol.term if isinstance(symbol, ir.Input) else symbol.name)

    # -- clauses that refuse
    def clause_conditions(self) -> None:
        pid = self.p.id
        for lim in self.p.limits:
            match lim:
                case ir.Threshold(amount=ir.Money() as money):
                    bound_value = money.value if money.unit in ir.MONEY_UNITS else money.number
                    word = "达" if lim.op == "ge" else "超过"
                    self.guards.append(n.Compare(lim.op, word, self.name(lim.input),
                                                 quantity(bound_value, money.text, money.unit in ir.MONEY_UNITS)))
                    if lim.first_time:
                        self.limits.append(Scoped(limit("count", Decimal(1), "首次", (pid,))))
                case ir.Threshold():
                    raise NotLowered("a percentage threshold")
                case ir.ExcludedIf():
                    self.guards.append(n.Not(n.Fact(self.name(lim.input))))
                case ir.YearLimit():
                    key = {"project": PROJECT, "person": PERSON, "enterprise": None}[lim.scope]
                    self.limits.append(Scoped(limit("years", Decimal(lim.years),
                                                    f"{lim.years}年", (pid,), key=key)))
                case ir.OneTime() if not isinstance(self.p.awards[0], ir.TieredAward):
                    key = PERSON if lim.per_person else None
                    self.limits.append(Scoped(limit("count", Decimal(1), "一次性", (pid,),
                                                    key=key)))
                case ir.OneTime() | ir.PerAwardCap() | ir.JointLimit() | ir.PerYearCap() | \
                        ir.PerProjectYearCap() | ir.PerEnterpriseCap() | ir.Instalments():
                    pass  # a tiered one-time rule goes with the tiers; caps after the award
                case _:
                    raise NotLowered(f"the clause {type(lim).__name__}")

    # -- the award
    def award(self, award: ir.Award | n.ExprAward) -> n.Expr | n.Table:
        match award:
            case n.ExprAward():
                return award.expr
            case ir.RateAward(rate=ir.Rate() as rate):
                return n.Binary("×", self.name(award.base), quantity(rate.value, rate.text))
            case ir.RateAward(rate=ir.Ratio() as ratio):
                right = quantity(ratio.right, format(ratio.right.normalize(), "f"))
                left = quantity(ratio.left, format(ratio.left.normalize(), "f"))
                return n.Binary("÷", n.Binary("×", self.name(award.base), right), left)
            case ir.FixedAward(assessed=None):
                return quantity(award.amount.value, award.amount.text, money=True)
            case ir.PerUnitAward():
                return n.Binary("×", quantity(award.amount.value, award.amount.text, True),
                                self.name(award.count))
            case ir.MultipleAward():
                return n.Binary("×", self.name(award.base), quantity(award.factor, award.text))
            case ir.PassThroughAward():
                return self.name(award.base)
            case ir.TieredAward():
                return self.tiers(award)
            case ir.BandAward() if all(band.rate is not None for band in award.bands):
                return self.bands(award)
            case ir.LadderAward(first_time=False):
                return self.ladder(award)
        raise NotLowered(f"the award {type(award).__name__}")

    def tiers(self, award: ir.TieredAward) -> n.Table:
        """档次: a table with one row per tier (any other value is not in the table); 一次性 per
        tier is ``限次 1 次 按 档次``, on every row or on the rows marked so."""
        selector = self.name(award.selector)
        assert isinstance(selector, n.Name)
        once_all = any(isinstance(lim, ir.OneTime) for lim in self.p.limits)
        once_rows = [t.value for t in award.tiers if t.one_time]
        if once_all or once_rows:
            when: n.Cond | None = None
            for value in [] if once_all else once_rows:
                row: n.Cond = n.Compare("eq", "为", selector, n.Name(value))
                when = row if when is None else n.Logic("或", when, row)
            self.limits.append(Scoped(limit("count", Decimal(1), "一次性", (self.p.id,),
                                            key=selector), when))
        rows = tuple(n.Row(n.Compare("eq", "为", selector, n.Name(t.value)),
                           quantity(t.amount.value, t.amount.text, True), t.ceiling)
                     for t in award.tiers)
        return n.Table(rows)

    def bands(self, award: ir.BandAward) -> n.Table:
        """分段 全额: the band the base falls in gives the rate on the whole base (none: nothing)."""
        base, rows = self.name(award.base), []
        for band in award.bands:
            assert band.rate is not None
            word = "达" if band.op == "ge" else "超过"
            test: n.Cond = n.Compare(band.op, word, base, quantity(band.lower.value,
                                                                    band.lower.text, True))
            if band.upper is not None:
                test = n.Logic("且", test, n.Compare("le", "不超过", base,
                                                    quantity(band.upper.value, band.upper.text, True)))
            rows.append(n.Row(test, n.Binary("×", base, quantity(band.rate.value,
                                                                 band.rate.text)), False))
        return n.Table(tuple(rows))

    def ladder(self, award: ir.LadderAward) -> n.Table:
        """阶梯 (not 首次): the highest rung crossed pays its amount (none crossed: nothing)."""
        base, word = self.name(award.base), "达" if award.op == "ge" else "超过"
        rows = tuple(n.Row(n.Compare(award.op, word, base, quantity(r.threshold.value,
                                                                     r.threshold.text, True)),
                           quantity(r.amount.value, r.amount.text, True), False)
                     for r in reversed(award.rungs))
        return n.Table(rows)

    # -- the caps, in the explained calculator's order
    def clause_cuts(self) -> None:
        pid = self.p.id
        for lim in self.p.limits:
            if isinstance(lim, ir.PerAwardCap):
                self.cuts.append(quantity(lim.amount.value, lim.amount.text, True))
        for lim in self.p.limits:
            if isinstance(lim, ir.JointLimit):
                whole = n.Binary("×", self.name(lim.base), quantity(lim.rate.value, lim.rate.text))
                for ref in lim.counted:
                    whole = n.Binary("-", whole, self.name(ref))
                self.cuts.append(n.Call("取较大", (whole, quantity(Decimal(0), "0元", True))))
        for lim in self.p.limits:
            if isinstance(lim, ir.PerYearCap):
                self.limits.append(Scoped(limit("amount", lim.amount.value, lim.amount.text,
                                                (pid,), yearly=True)))
            elif isinstance(lim, ir.PerProjectYearCap):
                self.limits.append(Scoped(limit("amount", lim.amount.value, lim.amount.text,
                                                (pid,), yearly=True, key=PROJECT)))
        for cap in group_caps(self.measure, self.p):
            self.limits.append(Scoped(limit("amount", cap.amount.value, cap.amount.text,
                                            cap.provisions)))


def group_caps(measure: ir.Measure, provision: ir.Provision) -> Iterator[ir.PerEnterpriseCap]:
    """单个企业最高 that binds the provision: its own, and its measure's naming it (every back
    end asks this one function)."""
    yield from (c for c in provision.limits if isinstance(c, ir.PerEnterpriseCap))
    yield from (c for c in measure.caps if provision.id in c.provisions)
