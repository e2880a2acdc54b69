"""The small runtime every generated calculator imports.

A generated provision is a straight-line function over an ``Evaluation``: it reads inputs, checks
conditions, applies the formula and each limit in the policy's order, and returns the amount
before rounding. The runtime keeps the trace, applies the validity dates, rounds once to the fen,
splits the result and, for 附则 A.3, compares the amount with and without the caps lifted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from sjdsl.money import ZERO, fmt, fmt_result, round_fen, split
from sjdsl.requests import (
    Grant, InputSpec, Request, RequestError, check_fields, parse_date, parse_flag,
    parse_history, parse_inputs,
)

__all__ = [
    "CompiledPolicy", "Evaluation", "Grant", "InputSpec", "NotEligible", "ProvisionSpec",
    "Request", "RequestError", "Result",
]

ProvisionKind = Literal["monetary", "external", "qualitative"]


class NotEligible(Exception):
    """Raised inside a provision body when a condition fails; the reason cites the provision."""


@attrs.frozen
class Result:
    """The answer for one request, as the evaluation contract describes it."""

    provision: str
    eligible: bool
    amount: Decimal
    district_share: Decimal
    town_share: Decimal
    ceiling: bool
    reasons: tuple[str, ...]
    trace: tuple[str, ...]
    override_applied: bool | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object (amounts as strings with two decimals)."""
        data: dict[str, Any] = {
            "provision": self.provision,
            "eligible": self.eligible,
            "amount": fmt_result(self.amount),
            "district_share": fmt_result(self.district_share),
            "town_share": fmt_result(self.town_share),
            "ceiling": self.ceiling,
            "reasons": list(self.reasons),
            "trace": list(self.trace),
        }
        if self.override_applied is not None:
            data["override_applied"] = self.override_applied
        return data


Body = Callable[["Evaluation"], Decimal]


@attrs.frozen
class ProvisionSpec:
    """A compiled provision: its inputs, static flags and generated body."""

    id: str
    title: str
    measure: int
    inputs: tuple[InputSpec, ...]
    ceiling: bool
    needs_project: bool
    body: Body
    kind: ProvisionKind = "monetary"
    note: str = ""


@attrs.frozen
class Split:
    """附则: the two budgets that share every award, and the first one's share."""

    rule: str
    first: str
    second: str
    first_share: Decimal


@attrs.frozen
class CompiledPolicy:
    """A compiled policy: evaluate requests by provision id, from Python or JSON."""

    name: str
    title: str
    doc_number: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    validity_rule: str
    split: Split | None
    override_flag: str | None
    override_rule: str
    provisions: Mapping[str, ProvisionSpec]
    rules: tuple[str, ...]

    def evaluate(
        self,
        provision: str,
        *,
        date: datetime.date | str,
        inputs: Mapping[str, Any] | None = None,
        history: Sequence[Mapping[str, Any] | Grant] = (),
        project: str | None = None,
        override_approved: bool = False,
    ) -> Result:
        """Evaluate one provision. Raises RequestError for a request that cannot be evaluated."""
        raw = {"provision": provision, "date": date, "inputs": inputs or {}, "history": history,
               "project": project, "override_approved": override_approved}
        return self.run(self.parse_request(raw))

    def evaluate_json(self, raw: Any) -> dict[str, Any]:
        """Evaluate a decoded JSON request; errors become ``{"error": …}`` objects."""
        try:
            return self.run(self.parse_request(raw)).to_json()
        except RequestError as exc:
            provision = raw.get("provision") if isinstance(raw, Mapping) else None
            return {"error": exc.message, "field": exc.field,
                    "provision": provision if isinstance(provision, str) else None}

    def parse_request(self, raw: Any) -> Request:
        if not isinstance(raw, Mapping):
            raise RequestError("request", "a request must be a JSON object")
        check_fields(raw)
        spec = self._spec(raw.get("provision"))
        date = parse_date(raw.get("date"), "date")
        inputs = parse_inputs(raw.get("inputs"), spec.inputs, spec.id)
        project = raw.get("project")
        if project is not None and (not isinstance(project, str) or not project):
            raise RequestError("project", "project: expected a non-empty string")
        if spec.needs_project and project is None:
            raise RequestError("project", f"project: provision {spec.id} counts its limits per "
                                          "project; give the request's \"project\"", spec.id)
        history = parse_history(raw.get("history"), tuple(self.provisions), date)
        flag = parse_flag(raw.get("override_approved"), "override_approved")
        return Request(spec.id, date, inputs, project, history, flag)

    def _spec(self, provision: Any) -> ProvisionSpec:
        if provision is None:
            raise RequestError("provision", "provision: missing; give a provision id such as "
                                            "\"1.1\"")
        if not isinstance(provision, str):
            raise RequestError("provision", f"provision: expected a string id, got {provision!r}")
        if provision in self.rules:
            raise RequestError("provision", f"provision {provision} is a supplementary rule "
                                            "(附则) applied to every result, not a provision to "
                                            "evaluate", provision)
        spec = self.provisions.get(provision)
        if spec is None:
            from sjdsl.diagnostics import suggest

            hint = suggest(provision, list(self.provisions))
            raise RequestError("provision", f"unknown provision {provision!r} in {self.name}"
                               + (f"; {hint}" if hint else ""), provision)
        return spec

    def run(self, request: Request) -> Result:
        """Evaluate a validated request: validity, body, rounding, split, override."""
        spec = self.provisions[request.provision]
        lifted = request.override_approved and self.override_flag is not None
        result = _Run(self, spec, request, lift=lifted).result()
        if not request.override_approved:
            return result
        if not lifted:
            return attrs.evolve(result, override_applied=False)
        plain = _Run(self, spec, request, lift=False).result()
        applied = plain.amount != result.amount
        note = (f"{self.override_rule} 突破上限：金额由 {fmt(plain.amount)} 变为 "
                f"{fmt(result.amount)}" if applied else
                f"{self.override_rule} 突破上限：已批准，但未改变金额")
        return attrs.evolve(result, trace=result.trace + (note,), override_applied=applied)


class _Run:
    """One evaluation of one provision, with the caps lifted or not."""

    def __init__(self, policy: CompiledPolicy, spec: ProvisionSpec, request: Request,
                 lift: bool) -> None:
        self.policy, self.spec, self.request = policy, spec, request
        self.ev = Evaluation(spec, request, lift)

    def result(self) -> Result:
        ev, spec = self.ev, self.spec
        reasons: list[str] = []
        amount = ZERO
        try:
            self._check_validity()
            amount = round_fen(spec.body(ev))
            ev.trace.append(f"结果四舍五入到分：{fmt(amount)}")
            if amount <= 0:
                raise NotEligible(f"{spec.id}：计算金额为 0（基数为 0 或无正增量），不予奖励")
        except NotEligible as exc:
            reasons.append(str(exc))
            amount = ZERO
        district, town = self._split(amount)
        return Result(spec.id, amount > 0, amount, district, town, ev.ceiling, tuple(reasons),
                      tuple(ev.trace))

    def _check_validity(self) -> None:
        date, policy = self.request.date, self.policy
        start, end = policy.valid_from, policy.valid_to
        if start is not None and date < start or end is not None and date > end:
            raise NotEligible(f"{policy.validity_rule}：授予日期 {date} 不在政策有效期 "
                              f"{start} 至 {end} 之内 (outside the policy's validity)")

    def _split(self, amount: Decimal) -> tuple[Decimal, Decimal]:
        policy_split = self.policy.split
        if policy_split is None:
            return amount, ZERO
        first, second = split(amount, policy_split.first_share)
        if amount > 0:
            self.ev.trace.append(
                f"{policy_split.rule} 分担：{policy_split.first} {fmt(first)}，"
                f"{policy_split.second} {fmt(second)}")
        return first, second


class Evaluation:
    """What a generated provision body works with: inputs, history, trace and the limits."""

    def __init__(self, spec: ProvisionSpec, request: Request, lift: bool) -> None:
        self.spec = spec
        self.request = request
        self.lift = lift
        self.ceiling = spec.ceiling
        self.trace: list[str] = []

    # -- inputs
    def money(self, name: str, label: str) -> Decimal:
        value = self.request.inputs.get(name)
        if value is None:
            self.trace.append(f"{label} 未填，按 0 计")
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

    def given(self, name: str) -> bool:
        return name in self.request.inputs

    def fail(self, reason: str) -> None:
        raise NotEligible(f"{self.spec.id}：{reason}")

    # -- formulas
    def rate(self, base: Decimal, rate: Decimal, label: str, rate_text: str) -> Decimal:
        amount = base * rate
        word = "不超过 " if self.ceiling else ""
        self.trace.append(f"{label} {fmt(base)} × {word}{rate_text} = {fmt(amount)}")
        return amount

    def ratio(self, base: Decimal, left: Decimal, right: Decimal, label: str,
              text: str) -> Decimal:
        amount = base * right / left
        word = "不超过 " if self.ceiling else ""
        self.trace.append(f"{label} {fmt(base)} 按 {word}{text} 配套 = {fmt(amount)}")
        return amount

    def fixed(self, amount: Decimal, text: str) -> Decimal:
        word = "最高 " if self.ceiling else ""
        self.trace.append(f"给予 {word}{text} = {fmt(amount)}")
        return amount

    def per_unit(self, count: int, each: Decimal, label: str, text: str) -> Decimal:
        amount = each * count
        self.trace.append(f"{label} {count} × {text} = {fmt(amount)}")
        return amount

    def tier(self, value: str, table: Mapping[str, tuple[Decimal, bool, str]], label: str) -> Decimal:
        amount, ceiling, text = table[value]
        self.ceiling = ceiling
        word = "最高 " if ceiling else ""
        self.trace.append(f"{label}「{value}」：给予 {word}{text} = {fmt(amount)}")
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

    def passthrough(self, base: Decimal, label: str) -> Decimal:
        self.trace.append(f"按{label}：{fmt(base)}")
        return base

    # -- conditions
    def threshold(self, value: Decimal, op: str, bound: Decimal, label: str, text: str) -> None:
        passed = value >= bound if op == "ge" else value > bound
        word = "达到" if op == "ge" else "超过"
        symbol = "≥" if op == "ge" else ">"
        if not passed:
            self.fail(f"{label} {fmt(value)} 未{word} {text}（需 {symbol} {fmt(bound)}）")
        self.trace.append(f"门槛：{label} {fmt(value)} {symbol} {fmt(bound)}，满足")

    def once(self, selector: str | None = None, value: str | None = None) -> None:
        """一次性: no earlier grant of this provision (of this tier, for a tiered award)."""
        for grant in self._grants((self.spec.id,)):
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
        self.trace.append("一次性：此前未获，满足" if selector is None
                          else f"一次性：此前未获「{value}」，满足")

    def first_time(self) -> None:
        """首次: the enterprise has no earlier grant of this provision."""
        for grant in self._grants((self.spec.id,)):
            self.fail(f"首次达标奖励，已于 {grant.date} 获得，后续年度适用增量奖励")
        self.trace.append("首次：此前未获，满足")

    def requires_earlier(self, provision: str) -> None:
        year = self.request.date.year
        if not any(g.date.year < year for g in self._grants((provision,))):
            self.fail(f"须在以前年度已获 {provision} 奖励（后续年度），历史记录中没有 "
                      f"(needs a {provision} grant in a year before {year})")
        self.trace.append(f"前提：以前年度已获 {provision}，满足")

    def year_limit(self, years: int) -> None:
        project, year = self.request.project, self.request.date.year
        seen = {g.date.year for g in self._grants((self.spec.id,)) if g.project == project}
        if year not in seen and len(seen) >= years:
            used = "、".join(str(y) for y in sorted(seen))
            self.fail(f"项目 {project} 已在 {used} 获得补贴，单个项目最多 {years} 年")
        self.trace.append(f"项目 {project} 已用年度 {len(seen)} 个（最多 {years} 年），满足")

    # -- limits
    def per_award_cap(self, amount: Decimal, cap: Decimal, text: str, liftable: bool) -> Decimal:
        return self._clamp(amount, cap, f"上限 {text}", liftable)

    def joint_limit(self, amount: Decimal, base: Decimal, rate: Decimal, counted: Decimal,
                    text: str) -> Decimal:
        room = max(base * rate - counted, ZERO)
        self.trace.append(f"财政支持合计不超过 {fmt(base)} × {text} = {fmt(base * rate)}；"
                          f"已计其他财政支持 {fmt(counted)}，余额 {fmt(room)}")
        return self._clamp(amount, room, "财政支持合计限额", False)

    def per_year_cap(self, amount: Decimal, cap: Decimal, text: str, liftable: bool) -> Decimal:
        year = self.request.date.year
        used = sum((g.amount for g in self._grants((self.spec.id,)) if g.date.year == year), ZERO)
        return self._remaining(amount, cap, used, f"{year} 年度上限 {text}", liftable)

    def per_project_year_cap(self, amount: Decimal, cap: Decimal, text: str,
                             liftable: bool) -> Decimal:
        year, project = self.request.date.year, self.request.project
        used = sum((g.amount for g in self._grants((self.spec.id,))
                    if g.date.year == year and g.project == project), ZERO)
        return self._remaining(amount, cap, used, f"项目 {project} {year} 年度上限 {text}",
                               liftable)

    def per_enterprise_cap(self, amount: Decimal, cap: Decimal, text: str,
                           provisions: tuple[str, ...], liftable: bool) -> Decimal:
        used = sum((g.amount for g in self._grants(provisions)), ZERO)
        scope = "、".join(provisions)
        return self._remaining(amount, cap, used, f"单个企业累计上限 {text}（{scope}）", liftable)

    def _remaining(self, amount: Decimal, cap: Decimal, used: Decimal, label: str,
                   liftable: bool) -> Decimal:
        if liftable and self.lift:
            self.trace.append(f"{label}：经批准突破，不适用")
            return amount
        room = max(cap - used, ZERO)
        self.trace.append(f"{label}：已用 {fmt(used)}，余额 {fmt(room)}")
        if room <= 0:
            self.fail(f"{label}已用完 (limit used up)")
        return self._clamp(amount, room, label, False)

    def _clamp(self, amount: Decimal, cap: Decimal, label: str, liftable: bool) -> Decimal:
        if liftable and self.lift:
            self.trace.append(f"{label}：经批准突破，不适用")
            return amount
        if amount > cap:
            self.trace.append(f"{label}：{fmt(amount)} 超出，取 {fmt(cap)}")
            return cap
        self.trace.append(f"{label}：{fmt(amount)} 未超出")
        return amount

    def _grants(self, provisions: tuple[str, ...]) -> list[Grant]:
        return [g for g in self.request.history if g.provision in provisions]

