"""What generated code calls for the core: named quantities, conditions, table rows, division
and steps, limits over any provisions and scope keys, obligations — each step writing its line
of the trace, with the drafter's own words and the request's numbers.

``CoreSteps`` is mixed into ``sjdsl.runtime.evaluation.Evaluation``; it uses that class's request,
trace, ``fail`` and ``_grants``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sjdsl.runtime.money import MONEY, ZERO, fmt, fmt_rate, round_fen
from sjdsl.runtime.requests import Grant, RequestError

#: How a value of each core type is shown in the trace (chosen when the code is generated).
Shown = tuple[Any, str]


def show(value: Any, kind: str) -> str:
    """One value as the trace shows it: 元 with separators, 美元 with its unit, counts whole;
    a list as 〔a、b、c〕 (a 名单 by its number of records)."""
    if kind == "records":
        return f"{len(value)} 条记录"
    if kind.startswith("list:"):
        inner = kind.removeprefix("list:")
        shown = [show(v, inner) for v in value[:20]]
        more = f"…（共 {len(value)} 项）" if len(value) > 20 else ""
        return "〔" + "、".join(shown) + more + "〕"
    if isinstance(value, bool) or kind == "bool":
        return "是" if value else "否"
    if kind == "元":
        return fmt(value)
    if kind == "美元":
        return f"{fmt(value)} 美元"
    if kind == "ratio":
        return fmt_rate(Decimal(value))
    if kind == "number" and isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    if isinstance(value, (datetime.date, str)):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}" if value == value.to_integral_value() else f"{value:,f}"
    return f"{value:,}"


def filled(template: str, values: Sequence[Shown]) -> str:
    return template.format(*(show(v, k) for v, k in values))


class CoreSteps:
    """The core's steps; see the module docstring."""

    request: Any
    trace: list[str]
    obligations: list[tuple[str, str, str | None]]
    allocation: tuple[tuple[str, Decimal], ...] = ()
    spec: Any
    ceiling: bool
    capped: bool

    def fail(self, reason: str) -> None:  # pragma: no cover - Evaluation defines it
        raise NotImplementedError

    def _grants(self, provisions: tuple[str, ...]) -> list[Grant]:  # pragma: no cover
        raise NotImplementedError

    # -- quantities
    def quantity(self, label: str, names: str, template: str, values: Sequence[Shown],
                 result: Any, kind: str) -> Any:
        """定义 / the award: ``label = names = numbers = result``."""
        numbers = filled(template, values)
        steps = [names] + ([numbers] if numbers != names else [])
        if show(result, kind) not in steps:
            steps.append(show(result, kind))
        self.trace.append(f"{label} = {' = '.join(steps)}")
        return result

    def divide(self, a: Decimal, b: Decimal | int, text: str) -> Decimal:
        if b == 0:
            self.fail(f"「{text}」的除数为 0，无法计算 (division by zero)")
        return Decimal(a) / Decimal(b)

    def steps(self, a: Decimal | int, b: Decimal | int, text: str) -> int:
        """每满 / 每超过: whole steps of b in a (none when a ≤ 0)."""
        if b <= 0:
            self.fail(f"「{text}」的步长须大于 0 (a step must be above zero)")
        return int(Decimal(a) // Decimal(b)) if a > 0 else 0

    @staticmethod
    def full_years(start: datetime.date, end: datetime.date) -> int:
        """满年数: the anniversaries of ``start`` reached by ``end`` (0 when ``end`` is earlier);
        a start on 29 February reaches its anniversary on 1 March of a common year."""
        years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
        return max(years, 0)

    # -- lists
    @staticmethod
    def total(values: Sequence[Any]) -> Any:
        return sum(values, ZERO)

    @staticmethod
    def count_of(values: Sequence[Any]) -> int:
        return len(values)

    @staticmethod
    def most(values: Sequence[Any]) -> Any:
        return max(values, default=ZERO)

    @staticmethod
    def least(values: Sequence[Any]) -> Any:
        return min(values, default=ZERO)

    @staticmethod
    def rank(value: Any, values: Sequence[Any]) -> int:
        """名次: 1 + the number of values strictly above (equal values share the better place)."""
        return 1 + sum(1 for v in values if v > value)

    @staticmethod
    def pro_rata(values: Sequence[Any], total: Any) -> tuple[Any, ...]:
        """按比例: the values as they are when they add up to at most ``total``; otherwise each
        cut in proportion, so that they add up to ``total`` exactly (unrounded)."""
        whole = sum(values, ZERO)
        if whole <= total or whole == 0:
            return tuple(values)
        return tuple(MONEY.divide(MONEY.multiply(Decimal(v), Decimal(total)), whole)
                     for v in values)

    # -- conditions
    def require(self, ok: bool, names: str, template: str, values: Sequence[Shown]) -> None:
        numbers = filled(template, values)
        detail = f"（{numbers}）" if numbers != names else ""
        if not ok:
            self.fail(f"不满足「{names}」{detail} (condition not met)")
        self.trace.append(f"须 {names}{detail}：满足")

    def row(self, index: int, names: str, template: str, values: Sequence[Shown],
            ceiling: bool) -> None:
        numbers = filled(template, values)
        detail = f"（{numbers}）" if numbers != names else ""
        self.ceiling = ceiling
        where = "否则" if not names else f"「{names}」{detail}成立"
        self.trace.append(f"下表第 {index} 行：{where}")

    def no_row(self, index: int | None = None) -> None:
        if index is None:
            self.fail("不属于下表任何一行 (no row of the table applies)")
        self.fail(f"下表第 {index} 行：不予 (the row pays nothing)")

    # -- limits over any provisions, per scope key
    def _counted(self, provisions: tuple[str, ...], yearly: bool,
                 key: tuple[str, str, str] | None) -> list[Grant]:
        year = self.request.date.year
        found = []
        for grant in self._grants(provisions):
            if yearly and grant.date.year != year:
                continue
            if key is not None and _key_of(grant, key, self.spec.id) != key[2]:
                continue
            found.append(grant)
        return found

    def limit_amount(self, amount: Decimal, cap: Decimal, text: str, yearly: bool,
                     key: tuple[str, str, str] | None, provisions: tuple[str, ...]) -> Decimal:
        used = sum((g.amount for g in self._counted(provisions, yearly, key)), ZERO)
        label = _label(f"限额 {text}", yearly, key, provisions, self.request.date.year)
        room = max(cap - used, ZERO)
        self.trace.append(f"{label}：已用 {fmt(used)}，余额 {fmt(room)}")
        if room <= 0:
            self.capped = True
            self.fail(f"{label}已用完 (limit used up)")
        if amount > room:
            self.capped = self.capped or round_fen(amount) > room
            self.trace.append(f"{label}：{fmt(amount)} 超出，取 {fmt(room)}")
            return room
        return amount

    def limit_count(self, most: int, text: str, yearly: bool,
                    key: tuple[str, str, str] | None, provisions: tuple[str, ...]) -> None:
        """限次 N 次 (text 「1次」), or the clause it stands for (text 「不得兼得」)."""
        grants = self._counted(provisions, yearly, key)
        what = text if not text[:1].isdigit() else f"限次 {text}"
        label = _label(what, yearly, key, provisions, self.request.date.year)
        if len(grants) >= most:
            dates = "、".join(f"{g.provision}（{g.date}）" for g in grants)
            self.fail(f"{label}：已享受 {dates}，不再给予 (already granted)")
        self.trace.append(f"{label}：此前 {len(grants)} 次，满足")

    def limit_years(self, most: int, text: str, key: tuple[str, str, str] | None,
                    provisions: tuple[str, ...]) -> None:
        years = {g.date.year for g in self._counted(provisions, False, key)}
        label = _label(f"限年 {text}", False, key, provisions, self.request.date.year)
        if self.request.date.year not in years and len(years) >= most:
            used = "、".join(str(y) for y in sorted(years))
            self.fail(f"{label}：已在 {used} 年享受，最多 {most} 年 (years used up)")
        self.trace.append(f"{label}：已享受 {len(years)} 个年度，满足")

    def cut(self, amount: Decimal, cap: Decimal, text: str) -> Decimal:
        """取较小: the amount cut to a cap of a plan (上限, the room a joint limit leaves)."""
        if amount > cap:
            self.capped = self.capped or round_fen(amount) > cap
            self.trace.append(f"取较小（{text}）：{fmt(amount)} 超出，取 {fmt(cap)}")
            return cap
        self.trace.append(f"取较小（{text}）：{fmt(amount)} 未超出")
        return amount

    def received(self, provisions: tuple[str, ...], yearly: bool,
                 key: tuple[str, str, str] | None) -> Decimal:
        """已获: what earlier grants of these provisions paid, in the key's scope (and year)."""
        return sum((g.amount for g in self._counted(provisions, yearly, key)), ZERO)

    def allocate(self, records: Sequence[Any], weights: Sequence[Any], key: str) -> None:
        """分配: remember whom the award is shared among, and in what proportion (the runtime
        shares the rounded award: see ``shares``)."""
        if len(records) != len(weights):
            self.fail(f"分配：名单有 {len(records)} 条记录，列表有 {len(weights)} 项，无法一一对应 "
                      "(the list and the 名单 differ in length)")
        self.allocation = tuple((str(r[key]), Decimal(w)) for r, w in zip(records, weights,
                                                                          strict=True))

    def obligation(self, text: str, consequence: str, years: int | None = None,
                   calendar: bool = False) -> None:
        """义务: recorded with the day its term ends (None: the text sets no term)."""
        until = None if years is None else term_end(self.request.date, years, calendar)
        self.obligations.append((text, consequence, until))
        term = f"（期限至 {until}）" if until else ""
        self.trace.append(f"义务：{text}{term}；否则{consequence}")


# The same functions for the amount-only code (``core/pyfast.py``), which writes no trace.
most, least, rank, pro_rata = CoreSteps.most, CoreSteps.least, CoreSteps.rank, CoreSteps.pro_rata
full_years = CoreSteps.full_years


def steps(a: Decimal | int, b: Decimal | int) -> int:
    """每满 / 每超过 without a trace: whole steps of b in a (none when a ≤ 0); a step that is
    not above zero raises, and the explained calculator says why."""
    if b <= 0:
        raise ArithmeticError("a step must be above zero")
    return int(MONEY.divide_int(Decimal(a), Decimal(b))) if a > 0 else 0


def term_end(granted: datetime.date, years: int, calendar: bool) -> str:
    """The last day an obligation binds: N calendar years counting the grant's year as the first
    (to 31 December of year + N − 1); or N years from the grant date, counted as the Civil Code
    counts a period (民法典 第二百零一条、第二百零三条: the first day is not counted, and the period
    ends on the corresponding day of the last year, or the month's last day where there is none:
    from 2024-02-29, 3 years end on 2027-02-28)."""
    if calendar:
        return datetime.date(granted.year + years - 1, 12, 31).isoformat()
    try:
        return granted.replace(year=granted.year + years).isoformat()
    except ValueError:  # 29 February, in a year without one
        return datetime.date(granted.year + years, 2, 28).isoformat()


def shares(amount: Decimal, allocation: Sequence[tuple[str, Decimal]]) -> tuple[
        tuple[str, Decimal], ...]:
    """The award shared in proportion to the weights: each share rounded half-up to the fen,
    the last the remainder, so that the shares add up to the award exactly."""
    whole = sum((w for _, w in allocation), ZERO)
    if amount <= 0 or whole <= 0:
        return ()
    rows, paid = [], ZERO
    for i, (who, weight) in enumerate(allocation):
        part = amount - paid if i == len(allocation) - 1 else round_fen(amount * weight / whole)
        rows.append((who, part))
        paid += part
    return tuple(rows)


def _key_of(grant: Grant, key: tuple[str, str, str], provision: str) -> Any:
    name, term, _ = key
    if name in ("@project", "@person"):  # the grant's own project or person (a lowered clause)
        return grant.project if name == "@project" else grant.person
    if name in grant.inputs:
        return grant.inputs[name]
    if term in grant.inputs:
        return grant.inputs[term]
    raise RequestError("history", f"history: an earlier {grant.provision} grant of {grant.date} "
                                  f"needs inputs.{name} ({term}) to apply the limit per {term}",
                       provision)


def _label(what: str, yearly: bool, key: tuple[str, str, str] | None,
           provisions: tuple[str, ...], year: int) -> str:
    scope = f"{key[1]} {key[2]}" if key else "本企业"
    period = f"{year} 年" if yearly else "累计"
    over = "、".join(provisions) if len(provisions) <= 6 else f"{len(provisions)} 项条款"
    return f"{what}（{scope}，{period}，合计 {over}）"
