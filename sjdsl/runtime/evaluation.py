"""The evaluation of one provision: what a generated provision body calls, step by step.

Each method does one rule of the language (a rate, a cap, a threshold, a history limit), appends
a line to the trace that names the rule and the numbers, and raises ``NotEligible`` with a reason
that cites the provision when a condition fails.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

from sjdsl.runtime import wording as say
from sjdsl.runtime.core_steps import CoreSteps
from sjdsl.runtime.money import ZERO, fmt, fmt_rate, round_fen
from sjdsl.runtime.requests import Grant, Request, RequestError, parse_money


class ProvisionSpec(Protocol):
    """What a step needs of the provision it evaluates (``runtime.ProvisionSpec`` has it)."""

    id: str
    ceiling: bool


class Result(Protocol):
    """What 择优 reads of an alternative's answer (``runtime.Result`` has it): the runtime
    imports this module, and this module imports nothing of the runtime."""

    eligible: bool
    amount: Decimal
    ceiling: bool
    reasons: tuple[str, ...]
    trace: tuple[str, ...]
    schedule: tuple[tuple[int, Decimal], ...]


class NotEligible(Exception):
    """Raised inside a provision body when a condition fails; the reason cites the provision."""


class DecidedElsewhere(NotEligible):
    """The amount is set case by case or by another policy: not computed here."""


class Evaluation(CoreSteps):
    """What a generated provision body works with: inputs, history, trace and the limits
    (and, from ``CoreSteps``, the core's quantities, conditions and limits)."""

    def __init__(self, spec: ProvisionSpec, request: Request, lift: bool,
                 member: Callable[[str], Result | None] | None = None) -> None:
        self.spec = spec
        self.request = request
        self.lift = lift
        self.ceiling = spec.ceiling
        self.trace: list[str] = []
        self.obligations: list[tuple[str, str, str | None]] = []
        self.member = member
        self.capped = False
        #: The limit that cut a positive amount to nothing (its label), for the reason given.
        self.cut_to_zero: str | None = None
        #: 择优: the chosen alternative's instalment schedule, which the result follows.
        self.chosen_schedule: tuple[tuple[int, Decimal], ...] | None = None

    # -- inputs
    def money(self, name: str, label: str) -> Decimal:
        value = self.request.inputs.get(name)
        if value is None:
            self.trace.append(say.missing(label))
            return ZERO
        assert isinstance(value, Decimal)
        return value

    def count(self, name: str) -> int:
        value = self.request.inputs[name]
        assert isinstance(value, int)
        return value

    def enum(self, name: str) -> str:
        value = self.request.inputs[name]
        assert isinstance(value, str)
        return value

    def day(self, name: str) -> datetime.date:
        """A date input (the request reader has parsed it)."""
        value = self.request.inputs[name]
        assert isinstance(value, datetime.date)
        return value

    def items(self, name: str) -> tuple[Any, ...]:
        """A list input's values, or a 名单's records (empty when an optional one is not given)."""
        return tuple(self.request.inputs.get(name, ()))  # type: ignore[arg-type]

    def given(self, name: str) -> bool:
        return name in self.request.inputs

    def area(self, name: str, label: str) -> Decimal:
        return self.money(name, label)

    def percent(self, name: str) -> Decimal:
        """A percentage input as a fraction ("65" → 0.65)."""
        value = self.request.inputs[name]
        assert isinstance(value, Decimal)
        return value / 100

    def flag(self, name: str) -> bool:
        return self.request.inputs.get(name) is True

    def fail(self, reason: str) -> None:
        raise NotEligible(say.reason(self.spec.id, reason))

    # -- formulas
    def rate(self, base: Decimal, rate: Decimal, label: str, rate_text: str) -> Decimal:
        amount = base * rate
        self.trace.append(say.rate(label, base, self.ceiling, rate_text, amount))
        return amount

    def ratio(self, base: Decimal, left: Decimal, right: Decimal, label: str,
              text: str) -> Decimal:
        amount = base * right / left
        self.trace.append(say.ratio(label, base, self.ceiling, text, amount))
        return amount

    def fixed(self, amount: Decimal, text: str) -> Decimal:
        self.trace.append(say.fixed(self.ceiling, text, amount))
        return amount

    def per_unit(self, count: int, each: Decimal, label: str, text: str) -> Decimal:
        amount = each * count
        self.trace.append(say.per_unit(label, count, text, amount))
        return amount

    def tier(self, value: str, table: Mapping[str, tuple[Decimal, bool, str]], label: str) -> Decimal:
        amount, ceiling, text = table[value]
        self.ceiling = ceiling
        self.trace.append(say.tier(label, value, ceiling, text, amount))
        return amount

    def assessed(self, ceiling: Decimal, text: str, name: str, label: str) -> Decimal:
        if not self.given(name):
            self.trace.append(f"未给出{label}：按最高额 {text} = {fmt(ceiling)}")
            return ceiling
        value = self.money(name, label)
        amount = min(value, ceiling)
        self.trace.append(f"{label} {fmt(value)}，最高 {text}：取 {fmt(amount)}")
        return amount

    def increment(self, current: Decimal, previous: Decimal, label: str) -> Decimal:
        amount = current - previous
        self.trace.append(f"{label} = {fmt(current)} − {fmt(previous)} = {fmt(amount)}")
        if amount <= 0:
            self.fail(f"{label}为 {fmt(amount)}，无正增量，不予奖励 (no positive increment)")
        return amount

    def multiple(self, base: Decimal, factor: Decimal, label: str, text: str) -> Decimal:
        amount = base * factor
        self.trace.append(say.multiple(label, base, text, amount))
        return amount

    def band(self, value: Decimal, bands: Sequence[tuple[str, Decimal, Decimal | None,
                                                      Decimal | None, str]], label: str) -> Decimal:
        """分段 全额: the rate of the band the value falls in, on the whole value."""
        for op, lower, upper, rate, text in bands:
            above = value >= lower if op == "ge" else value > lower
            if above and (upper is None or value <= upper):
                if rate is None:
                    raise DecidedElsewhere(f"{self.spec.id}：{label} {fmt(value)} 属「{text}」，"
                                           "个案研究决定，不由本计算器计算 (decided case by case)")
                amount = value * rate
                self.trace.append(f"{label} {fmt(value)} 属「{text}」：{fmt(value)} × "
                                  f"{fmt_rate(rate)} = {fmt(amount)}")
                return amount
        self.fail(f"{label} {fmt(value)} 不在任何一档之内 (below the first band)")
        raise AssertionError("unreachable")

    def ladder(self, value: Decimal, rungs: Sequence[tuple[Decimal, Decimal, str]], op: str,
               first_time: bool, name: str, label: str) -> Decimal:
        """阶梯: the highest level crossed, or (首次) each level crossed for the first time."""
        crossed = [r for r in rungs if (value > r[0] if op == "gt" else value >= r[0])]
        word = "超过" if op == "gt" else "达到"
        if not crossed:
            self.fail(f"{label} {fmt(value)} 未{word}最低一级 {rungs[0][2]}")
        if not first_time:
            level, amount, text = crossed[-1]
            self.trace.append(f"{label} {fmt(value)} {word} {text}：给予 {fmt(amount)}")
            return amount
        before = self._highest_earlier(name)
        new = [r for r in crossed if not (before > r[0] if op == "gt" else before >= r[0])]
        if not new:
            self.fail(f"{label} {fmt(value)} 所{word}的各级已于此前获得奖励 (levels already "
                      "rewarded)")
        amount = sum((r[1] for r in new), ZERO)
        levels = "、".join(f"{r[2]}（{fmt(r[1])}）" for r in new)
        self.trace.append(f"{label} {fmt(value)} 首次{word}：{levels}，合计 {fmt(amount)}"
                          + (f"；此前最高 {fmt(before)}" if before > 0 else ""))
        return amount

    def _highest_earlier(self, name: str) -> Decimal:
        highest = ZERO
        for grant in self._grants((self.spec.id,)):
            earlier = grant.inputs.get(name)
            if earlier is None:
                raise RequestError("history", f"history: an earlier {self.spec.id} grant of "
                                              f"{grant.date} needs inputs.{name}, to know which "
                                              "levels were already rewarded", self.spec.id)
            highest = max(highest, parse_money(earlier, f"history {grant.date} inputs.{name}"))
        return highest

    def best_of(self, provisions: Sequence[str]) -> Decimal:
        """择优: evaluate each alternative the request has inputs for, and keep the best."""
        assert self.member is not None
        results: list[tuple[str, Result]] = []
        for provision in provisions:
            result = self.member(provision)
            if result is None:
                self.trace.append(f"择优：{provision} 未给出所需输入，不参与比较")
                continue
            word = fmt(result.amount) if result.eligible else "不予（" + "；".join(
                result.reasons) + "）"
            self.trace.append(f"择优：{provision} → {word}")
            results.append((provision, result))
        eligible = [(p, r) for p, r in results if r.eligible]
        if not eligible:
            self.fail("择优：没有可享受的选项 (no alternative qualifies)")
        best_id, best = max(eligible, key=lambda pr: pr[1].amount)  # first of equals wins
        self.trace.append(f"择优：取 {best_id}，金额 {fmt(best.amount)}")
        self.trace.extend(f"    {best_id}：{step}" for step in best.trace
                          if step not in self.trace
                          and not step.startswith(("结果四舍五入", "分期发放")))
        self.ceiling = best.ceiling
        self.chosen_schedule = best.schedule
        return best.amount

    def passthrough(self, base: Decimal, label: str) -> Decimal:
        self.trace.append(say.passthrough(label, base))
        return base

    # -- conditions
    def threshold(self, value: Decimal | int, op: str, bound: Decimal, label: str,
                  text: str, percent: bool = False) -> None:
        passed = value >= bound if op == "ge" else value > bound
        if not passed:
            self.fail(say.threshold_failed(label, value, op, bound, text, percent))
        self.trace.append(say.threshold_ok(label, value, op, bound, text, percent))

    def once(self, selector: str | None = None, value: str | None = None,
             per_person: bool = False) -> None:
        """一次性: no earlier grant of this provision (of this tier; of this person)."""
        for grant in self._grants((self.spec.id,)):
            if per_person and grant.person != self.request.person:
                continue
            if selector is None:
                self.fail(f"一次性奖励，已于 {grant.date} 获得，不再给予 (already granted once)")
            earlier = grant.inputs.get(selector)
            if earlier is None:
                raise RequestError("history", f"history: an earlier {self.spec.id} grant of "
                                              f"{grant.date} needs inputs.{selector} to apply "
                                              "the one-time rule per tier", self.spec.id)
            if earlier == value:
                self.fail(f"「{value}」为一次性奖励，已于 {grant.date} 获得，不再给予 "
                          "(already granted once at this level)")
        self.trace.append(say.ONCE_OK if selector is None else say.once_tier_ok(str(value)))

    def excluded_if(self, value: bool, label: str) -> None:
        if value:
            self.fail(f"{label}：是，不予重复享受 (excluded)")
        self.trace.append(f"{label}：否")

    def decided_if(self, value: bool, label: str) -> None:
        if value:
            raise DecidedElsewhere(f"{self.spec.id}：{label}，金额另行研究决定，不由本计算器计算 "
                                   "(decided elsewhere)")

    def exclusive(self, provisions: tuple[str, ...]) -> None:
        """不得重复享受: no earlier grant of any provision of the group."""
        for grant in self._grants(provisions):
            self.fail(f"已于 {grant.date} 享受 {grant.provision}，{'、'.join(provisions)} 不得重复"
                      "享受 (one of these only)")
        self.trace.append(f"不得重复享受 {'、'.join(provisions)}：此前未享受，满足")

    def headcount(self, limit: int, provisions: tuple[str, ...]) -> None:
        """每家企业不超过 N 人: distinct persons with grants of these provisions."""
        persons = {g.person for g in self._grants(provisions) if g.person is not None}
        person = self.request.person
        if person not in persons and len(persons) >= limit:
            self.fail(f"本企业已有 {len(persons)} 人享受人才扶持，每家企业不超过 {limit} 人")
        self.trace.append(f"人才名额：已有 {len(persons)} 人（不超过 {limit} 人），满足")

    def requires_within(self, provision: str, years: int) -> None:
        date = self.request.date
        earliest = _years_before(date, years)
        if not any(earliest <= g.date for g in self._grants((provision,))):
            self.fail(f"须在 {years} 年内已获 {provision}（{earliest} 之后），历史记录中没有 "
                      f"(needs a {provision} grant within {years} years)")
        self.trace.append(f"前提：{years} 年内已获 {provision}，满足")

    def duration(self, months: int, bound: int, max_months: int, name: str) -> int:
        """期限: months paid to this person in all at most min(bound, max_months)."""
        used = 0
        for grant in self._grants((self.spec.id,)):
            if grant.person != self.request.person:
                continue
            earlier = grant.inputs.get(name)
            if not isinstance(earlier, int) or isinstance(earlier, bool):
                raise RequestError("history", f"history: an earlier {self.spec.id} grant of "
                                              f"{grant.date} needs inputs.{name} (months paid)",
                                   self.spec.id)
            used += earlier
        allowed = min(bound, max_months)
        room = allowed - used
        self.trace.append(f"期限：以 {bound} 个月为限、最长 {max_months} 个月，已付 {used} 个月，"
                          f"尚余 {max(room, 0)} 个月")
        if room <= 0:
            self.fail(f"补贴期限已满（{allowed} 个月）(duration used up)")
        if months > room:
            self.trace.append(f"申请 {months} 个月，超出部分不予补贴，按 {room} 个月计")
        return min(months, room)

    def first_time(self) -> None:
        """首次: the enterprise has no earlier grant of this provision."""
        for grant in self._grants((self.spec.id,)):
            self.fail(f"首次达标奖励，已于 {grant.date} 获得，后续年度适用增量奖励")
        self.trace.append(say.FIRST_TIME_OK)

    def requires_earlier(self, provision: str) -> None:
        year = self.request.date.year
        if not any(g.date.year < year for g in self._grants((provision,))):
            self.fail(f"须在以前年度已获 {provision} 奖励（后续年度），历史记录中没有 "
                      f"(needs a {provision} grant in a year before {year})")
        self.trace.append(f"前提：以前年度已获 {provision}，满足")

    def year_limit(self, years: int, scope: str = "project") -> None:
        """最多 N 年: distinct calendar years of grants, per project, enterprise or person."""
        year = self.request.date.year
        key = {"project": self.request.project, "person": self.request.person,
               "enterprise": None}[scope]
        who = say.year_scope(scope, key)
        seen = {g.date.year for g in self._grants((self.spec.id,))
                if scope == "enterprise" or getattr(g, scope) == key}
        if year not in seen and len(seen) >= years:
            used = "、".join(str(y) for y in sorted(seen))
            self.fail(f"{who} 已在 {used} 获得扶持，最多 {years} 年")
        self.trace.append(say.year_limit_ok(who, len(seen), years))

    # -- limits
    def per_award_cap(self, amount: Decimal, cap: Decimal, text: str, liftable: bool) -> Decimal:
        return self._clamp(amount, cap, say.award_cap_label(text), liftable)

    def joint_limit(self, amount: Decimal, base: Decimal, rate: Decimal, counted: Decimal,
                    text: str) -> Decimal:
        room = max(base * rate - counted, ZERO)
        self.trace.append(say.joint(base, text, base * rate, counted, room))
        return self._clamp(amount, room, say.JOINT_LABEL, False)

    def per_year_cap(self, amount: Decimal, cap: Decimal, text: str, liftable: bool) -> Decimal:
        year = self.request.date.year
        used = sum((g.amount for g in self._grants((self.spec.id,)) if g.date.year == year), ZERO)
        return self._remaining(amount, cap, used, say.year_cap_label(year, text), liftable)

    def per_project_year_cap(self, amount: Decimal, cap: Decimal, text: str,
                             liftable: bool) -> Decimal:
        year, project = self.request.date.year, self.request.project
        used = sum((g.amount for g in self._grants((self.spec.id,))
                    if g.date.year == year and g.project == project), ZERO)
        return self._remaining(amount, cap, used, say.project_year_cap_label(project, year, text),
                               liftable)

    def per_enterprise_cap(self, amount: Decimal, cap: Decimal, text: str,
                           provisions: tuple[str, ...], liftable: bool) -> Decimal:
        used = sum((g.amount for g in self._grants(provisions)), ZERO)
        return self._remaining(amount, cap, used, say.enterprise_cap_label(text, provisions),
                               liftable)

    def _remaining(self, amount: Decimal, cap: Decimal, used: Decimal, label: str,
                   liftable: bool) -> Decimal:
        if liftable and self.lift:
            self.trace.append(say.lifted(label))
            return amount
        room = max(cap - used, ZERO)
        self.trace.append(say.remaining(label, used, room))
        if room <= 0:
            self.capped = True
            self.fail(f"{label}已用完 (limit used up)")
        return self._clamp(amount, room, label, False)

    def _clamp(self, amount: Decimal, cap: Decimal, label: str, liftable: bool) -> Decimal:
        if liftable and self.lift:
            self.trace.append(say.lifted(label))
            return amount
        if amount > cap:
            self.capped = self.capped or round_fen(amount) > cap  # cut by a fen or more
            if cap <= 0:
                self.cut_to_zero = label
            self.trace.append(say.over(label, amount, cap))
            return cap
        self.trace.append(say.within(label, amount))
        return amount

    def _grants(self, provisions: tuple[str, ...]) -> list[Grant]:
        return [g for g in self.request.history if g.provision in provisions]


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return datetime.date(day.year - years, 2, 28)
