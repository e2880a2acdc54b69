"""The vectorised engine: a second code generation target, numpy over int64 fen.

From the same checked IR as the scalar calculators, each supported provision becomes a numpy
function over columns of a whole batch of applications (sorted by date): ``sjdsl.vectorgen``
emits its source (award, validity, thresholds, caps, joint limit, fused into one pass over
cache-sized blocks) and this module compiles it once per provision and arithmetic mode. Amounts
are integer fen; rates are exact integer ratios and half-up rounding is exact (in float64 below
a proved bound, in int64 above it), so the results equal the scalar engine's to the fen (the
tests compare every record). Inputs must be whole fen and small enough that no product can
overflow int64; otherwise the engine says so and the scalar engine is used. The whole-batch
interpreter below is kept as the reference path and for what the kernels do not cover.

History-dependent limits vectorise as running sums: within each enterprise (or enterprise-year,
or project-year), granted-so-far = min(cap, cumulative demand), and each row gets the increase.
Provisions with constructs not listed in ``SUPPORTED`` are evaluated by the scalar engine, after
the vectorised rows, with the history those rows produced.

numpy is an optional extra: ``pip install sjdsl[vector]``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from sjdsl import ir
from sjdsl import vectorgen as gen
from sjdsl.check import KINDS, CheckedPolicy
from sjdsl.core import scope

LIMIT = 2**62
_FEN = Decimal("0.01")


class NotVectorisable(Exception):
    """The batch holds something the engine cannot do exactly; use the scalar engine."""


def fen(value: Decimal) -> int:
    return int(value / _FEN)


def ratio(value: Decimal) -> tuple[int, int]:
    f = Fraction(value)
    return f.numerator, f.denominator


def mul_round(base: np.ndarray, num: int, den: int) -> np.ndarray:
    """round_half_up(base × num / den) for non-negative int64 fen, exactly (integer division;
    measured faster here than a float64 path)."""
    if base.size and int(base.max()) > LIMIT // (2 * num + 1):
        raise NotVectorisable("an amount too large for exact int64 arithmetic")
    return (base * (2 * num) + den) // (2 * den)


def running_clamp(demand: np.ndarray, keys: np.ndarray, room: int) -> np.ndarray:
    """Within each key (rows in order), granted so far = min(room, cumulative demand)."""
    out = np.zeros_like(demand)
    if not demand.size:
        return out
    order = np.argsort(keys, kind="stable")
    d, k = demand[order], keys[order]
    cum = np.cumsum(d)
    starts = np.r_[0, np.flatnonzero(k[1:] != k[:-1]) + 1]
    offset = np.repeat(np.r_[0, cum[starts[1:] - 1]], np.diff(np.r_[starts, len(k)]))
    capped = np.minimum(cum - offset, room)
    previous = np.r_[0, capped[:-1]]
    previous[starts] = 0
    out[order] = capped - previous
    return out


def first_per_key(positive: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """True for the first positive row of each key (一次性)."""
    mask = np.zeros(len(keys), dtype=bool)
    rows = np.flatnonzero(positive)
    _, first = np.unique(keys[rows], return_index=True)
    mask[rows[first]] = True
    return mask


SUPPORTED_AWARDS = (ir.RateAward, ir.FixedAward, ir.TieredAward, ir.PerUnitAward,
                    ir.MultipleAward)
SUPPORTED_LIMITS = (ir.PerAwardCap, ir.Threshold, ir.JointLimit, ir.PerEnterpriseCap,
                    ir.PerYearCap, ir.PerProjectYearCap, ir.YearLimit, ir.OneTime)


def vectorisable(measure: ir.Measure, provision: ir.Provision) -> bool:
    award = provision.awards[0] if provision.awards else None
    if not isinstance(award, SUPPORTED_AWARDS) or provision.increments:
        return False
    if isinstance(award, ir.FixedAward) and award.assessed is not None:
        return False
    if isinstance(award, ir.TieredAward) and any(t.one_time for t in award.tiers):
        return False
    for lim in provision.limits:
        if not isinstance(lim, SUPPORTED_LIMITS):
            return False
        if isinstance(lim, ir.Threshold) and (lim.first_time and lim.op != "ge" or
                                              not isinstance(lim.amount, ir.Money)):
            return False
        if isinstance(lim, ir.YearLimit) and lim.scope != "project":
            return False
        if isinstance(lim, ir.OneTime) and (lim.per_person or isinstance(award, ir.TieredAward)):
            return False
    return not measure.exclusives and not any(provision.id in h.provisions
                                              for h in measure.headcounts)


def _frozen(values: Any) -> np.ndarray:
    """A private read-only int64 copy: cached facts about a column (its bounds) stay true."""
    out = np.array(values, dtype=np.int64)
    out.flags.writeable = False
    return out


class Batch:
    """One provision's rows as columns: parsed once, shared by every rule that reads them."""

    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self.rows = rows
        self.n = len(rows)
        self._cache: dict[Any, Any] = {}

    @classmethod
    def from_columns(cls, money: dict[str, np.ndarray], enterprise: np.ndarray,
                     day: np.ndarray, project: np.ndarray | None = None,
                     counts: dict[str, np.ndarray] | None = None) -> Batch:
        """A batch already in columns: money inputs in int64 fen, counted inputs as integers,
        enterprise and project as integer codes, dates as YYYYMMDD integers (in date order)."""
        batch = cls([])
        batch.n = len(day)
        batch._cache.update({("fen", name): _frozen(values) for name, values in money.items()})
        batch._cache.update({("count", name): _frozen(values)
                             for name, values in (counts or {}).items()})
        batch._cache["enterprise"] = _frozen(enterprise)
        batch._cache["day"] = _frozen(day)
        batch._cache["year"] = batch._cache["day"] // 10000
        batch._cache["project"] = _frozen(project if project is not None else enterprise)
        return batch

    def _codes(self, field: str) -> np.ndarray:
        if field not in self._cache:
            if field == "year":
                codes = np.array([int(r["date"][:4]) for r in self.rows], dtype=np.int64)
            elif field == "day":
                codes = np.array([int(r["date"].replace("-", "")) for r in self.rows],
                                 dtype=np.int64)
            else:
                index: dict[Any, int] = {}
                codes = np.array([index.setdefault(r.get(field), len(index))
                                  for r in self.rows], dtype=np.int64)
            self._cache[field] = codes
        return self._cache[field]

    def key(self, *fields: str) -> np.ndarray:
        """Group codes over one or more fields (enterprise, project, year): equal codes, same
        group (the codes need not be dense)."""
        if fields not in self._cache:
            code = self._codes(fields[0])
            for field in fields[1:]:
                other = self._codes(field)
                width = int(other.max()) + 1 if other.size else 1
                if code.size and int(code.max()) >= LIMIT // width:
                    _, code = np.unique(np.stack([code, other], axis=1), axis=0,
                                        return_inverse=True)
                    code = code.reshape(-1).astype(np.int64)
                else:
                    code = code * width + other
            self._cache[fields] = code
        return self._cache[fields]

    def distinct(self, *fields: str) -> bool:
        """Whether every row is a group of its own (then history cannot bind within the batch)."""
        flag = ("distinct", fields)
        if flag not in self._cache:
            key = self.key(*fields)
            self._cache[flag] = np.array(len(np.unique(key)) == len(key))
        return bool(self._cache[flag])

    def day(self) -> np.ndarray:
        return self._codes("day")

    def bounds(self, name: str, column: np.ndarray) -> tuple[int, int]:
        """The least and greatest value of an input column (cached: the columns are read-only),
        which decide whether the arithmetic on it is exact in float64 or int64."""
        key = ("bounds", name)
        if key not in self._cache:
            self._cache[key] = (int(column.min()), int(column.max())) if column.size else (0, 0)
        return self._cache[key]  # type: ignore[no-any-return]

    def count(self, name: str) -> np.ndarray:
        key = ("count", name)
        if key not in self._cache:
            self._cache[key] = _frozen([v or 0 for v in self.values(name)])
        return self._cache[key]  # type: ignore[no-any-return]

    def values(self, name: str) -> list[Any]:
        return [r["inputs"].get(name) for r in self.rows]

    def fen(self, name: str) -> np.ndarray:
        """A money input in fen (whole fen only: anything finer cannot be exact here)."""
        key = ("fen", name)
        if key not in self._cache:
            out = np.empty(self.n, dtype=np.int64)
            for i, value in enumerate(self.values(name)):
                amount = Decimal(str(value)) if value is not None else Decimal(0)
                if amount != amount.quantize(_FEN) or amount >= Decimal(LIMIT) * _FEN:
                    raise NotVectorisable(f"{value!r} is not a whole number of fen")
                out[i] = int(amount / _FEN)
            out.flags.writeable = False
            self._cache[key] = out
        return self._cache[key]


class Engine:
    """The vectorised calculators of one (unamended) policy."""

    def __init__(self, checked: CheckedPolicy) -> None:
        self.checked = checked
        self.split = next((r for r in checked.policy.header.rules
                           if isinstance(r, ir.FundingSplit)), None)
        validity = next((r for r in checked.policy.header.rules
                         if isinstance(r, ir.Validity)), None)
        # Validity judged on an input's date (an event's), open at either end, or an
        # application window, is not vectorised: such a policy runs on the scalar engine
        # entirely. So does every provision the core binds (定义, 须, 限额 … at any level).
        scalar_only = validity is not None and (
            validity.target is not None or validity.start is None or validity.end is None) \
            or any(isinstance(r, ir.ApplicationWindow) for r in checked.policy.header.rules)
        self.valid = (validity.start.isoformat(), validity.end.isoformat()) \
            if validity and not scalar_only else None  # type: ignore[union-attr]
        self.provisions = {} if scalar_only else {
            p.id: (m, p) for m in checked.policy.measures for p in m.provisions
            if vectorisable(m, p) and scope.bound(checked.policy, m, p).empty}
        self.kernels: dict[gen.Spec, tuple[Callable[..., None], list[str]]] = {}
        self.groups = {p.id: cap.provisions for m in checked.policy.measures
                       for cap in m.caps for p in m.provisions if p.id in cap.provisions}

    def supports(self, provision: str, present: set[str]) -> bool:
        """Whether a provision can run vectorised given the provisions present in the batch."""
        if provision not in self.provisions:
            return False
        return all(other in self.provisions or other not in present
                   for other in self.groups.get(provision, ()))

    def amounts(self, provision: str, rows: Sequence[dict[str, Any]] | Batch) -> np.ndarray:
        """Amounts in fen for one provision's rows (in date order), history included."""
        return self._run(provision, rows, False)[0]

    def amounts_and_demand(self, provision: str, rows: Sequence[dict[str, Any]] | Batch
                           ) -> tuple[np.ndarray, np.ndarray]:
        """The amounts, and what the rows asked for before caps and limits cut them."""
        return self._run(provision, rows, True)

    def _run(self, provision: str, rows: Sequence[dict[str, Any]] | Batch, want_demand: bool
             ) -> tuple[np.ndarray, np.ndarray]:
        measure, p = self.provisions[provision]
        batch = rows if isinstance(rows, Batch) else Batch(rows)
        return _Provision(self, measure, p, batch).run(want_demand)

    def interpreted(self, provision: str, rows: Sequence[dict[str, Any]] | Batch) -> np.ndarray:
        """The amounts by the reference path (whole-batch int64 numpy operations, no generated
        code): what the benchmark checks every generated result against."""
        measure, p = self.provisions[provision]
        batch = rows if isinstance(rows, Batch) else Batch(rows)
        if not batch.n:
            return np.zeros(0, dtype=np.int64)
        return _Provision(self, measure, p, batch).interpret()[0]

    def kernel(self, spec: gen.Spec) -> tuple[Callable[..., None], list[str]]:
        """The generated kernel for a spec, compiled once per engine."""
        if spec not in self.kernels:
            function, columns, _ = gen.compile_kernel(spec)
            self.kernels[spec] = (function, columns)
        return self.kernels[spec]

    def source(self, provision: str, rows: Sequence[dict[str, Any]] | Batch) -> str | None:
        """The generated numpy source for a provision over these rows (None: interpreted)."""
        measure, p = self.provisions[provision]
        batch = rows if isinstance(rows, Batch) else Batch(rows)
        spec = _Provision(self, measure, p, batch).plan(True) if batch.n else None
        return gen.source(spec)[0] if spec else None


class _Provision:
    def __init__(self, engine: Engine, measure: ir.Measure, provision: ir.Provision,
                 batch: Batch) -> None:
        self.engine, self.measure, self.p, self.batch = engine, measure, provision, batch
        self.n = batch.n
        self.key = batch.key
        self.distinct = batch.distinct
        self.counts: set[str] = set()

    def column(self, ref: ir.Ref) -> np.ndarray:
        symbol = self.engine.checked.resolve(self.p.id, ref)
        assert isinstance(symbol, ir.Input)
        kind = KINDS[symbol.kind_word]
        if kind == "enum":
            return np.array(self.batch.values(symbol.name), dtype=object)
        if kind == "count":
            return self.batch.count(symbol.name)
        return self.batch.fen(symbol.name)

    def run(self, want_demand: bool = True) -> tuple[np.ndarray, np.ndarray]:
        if not self.n:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        spec = self.plan(want_demand)
        if spec is None:
            return self.interpret()
        kernel, names = self.engine.kernel(spec)
        out = np.empty(self.n, dtype=np.int64)
        demand = np.empty(self.n, dtype=np.int64) if want_demand else None
        kernel([self.array(name) for name in names], self.in_force(), out, demand)
        if not self.plain_history():
            out = self.history(out)
        return out, out if demand is None else demand

    def interpret(self) -> tuple[np.ndarray, np.ndarray]:
        """The reference path, one numpy operation over the whole batch at a time: tiered
        awards, and 一次性/首次 rules over batches with several rows per enterprise."""
        amount = self.formula(self.p.awards[0])
        in_force = self.in_force()
        if in_force is not None:
            amount = np.where(in_force, amount, 0)
        for lim in self.p.limits:
            amount = self.condition(lim, amount)
        demand = amount
        for lim in self.p.limits:
            if isinstance(lim, ir.PerAwardCap):
                amount = np.minimum(amount, fen(lim.amount.value))
            elif isinstance(lim, ir.JointLimit):
                room = mul_round(self.column(lim.base), *ratio(lim.rate.value))
                for ref in lim.counted:
                    room = room - self.column(ref)
                amount = np.minimum(amount, np.maximum(room, 0))
        return self.history(amount), demand

    def history(self, amount: np.ndarray) -> np.ndarray:
        """The limits that look at earlier rows of the same enterprise, in the scalar order."""
        for lim in self.p.limits:
            if isinstance(lim, ir.PerYearCap):
                amount = self.clamp(amount, ("enterprise", "year"), fen(lim.amount.value))
            elif isinstance(lim, ir.PerProjectYearCap):
                # history is the enterprise's: a project's limits count within its enterprise
                amount = self.clamp(amount, ("enterprise", "project", "year"),
                                    fen(lim.amount.value))
        for lim in self.p.limits:
            if isinstance(lim, ir.YearLimit):
                amount = self.year_limit(amount, lim.years)
        for cap in self.enterprise_caps():
            amount = self.clamp(amount, ("enterprise",), fen(cap.amount.value))
        return amount

    def enterprise_caps(self) -> list[ir.PerEnterpriseCap]:
        return [c for c in self.p.limits if isinstance(c, ir.PerEnterpriseCap)] + \
            [c for c in self.measure.caps if self.p.id in c.provisions]

    def history_keys(self) -> set[tuple[str, ...]]:
        """The groups the history limits (and 一次性/首次) count within."""
        keys: set[tuple[str, ...]] = set()
        for lim in self.p.limits:
            if isinstance(lim, ir.PerYearCap):
                keys.add(("enterprise", "year"))
            elif isinstance(lim, ir.PerProjectYearCap):
                keys.add(("enterprise", "project", "year"))
            elif isinstance(lim, ir.YearLimit):
                keys.add(("enterprise", "project"))
            elif isinstance(lim, ir.OneTime) or isinstance(lim, ir.Threshold) and lim.first_time:
                keys.add(("enterprise",))
        if self.enterprise_caps():
            keys.add(("enterprise",))
        return keys

    def plain_history(self) -> bool:
        """Whether every history limit is a plain minimum here (one row a group)."""
        return all(self.distinct(*key) for key in self.history_keys())

    def array(self, name: str) -> np.ndarray:
        return self.batch.count(name) if name in self.counts else self.batch.fen(name)

    def input(self, ref: ir.Ref) -> str:
        symbol = self.engine.checked.resolve(self.p.id, ref)
        assert isinstance(symbol, ir.Input)
        if KINDS[symbol.kind_word] == "count":
            self.counts.add(symbol.name)
        return symbol.name

    def rounding(self, ref: ir.Ref, num: int, den: int) -> gen.Rounding:
        """round_half_up(column × num/den), in the fastest mode exact for this batch's values."""
        name = self.input(ref)
        low, high = self.batch.bounds(name, self.array(name))
        if den != 1 and gen.float_exact(low, high, num):
            return gen.Rounding(name, num, den, "float")
        if den == 1 and max(-low, high) <= LIMIT // num or gen.int_exact(low, high, num):
            return gen.Rounding(name, num, den, "int")
        raise NotVectorisable("an amount too large for exact int64 arithmetic")

    def plan(self, want_demand: bool) -> gen.Spec | None:
        """What the generated kernel computes for this batch, or None to interpret."""
        award, folded = self.p.awards[0], self.plain_history()
        if isinstance(award, ir.TieredAward) or not folded and any(
                isinstance(lim, ir.OneTime) or isinstance(lim, ir.Threshold) and lim.first_time
                for lim in self.p.limits):
            return None
        caps = [fen(lim.amount.value) for lim in self.p.limits if isinstance(lim, ir.PerAwardCap)]
        if folded:  # one row a group: the history limits are plain minimums
            caps += [fen(lim.amount.value) for lim in self.p.limits
                     if isinstance(lim, ir.PerYearCap | ir.PerProjectYearCap)]
            caps += [fen(cap.amount.value) for cap in self.enterprise_caps()]
        joints = [lim for lim in self.p.limits if isinstance(lim, ir.JointLimit)]
        if len(joints) > 1:
            return None
        return gen.Spec(
            gen.kernel_name(self.p.id), self.award_step(award),
            tuple((self.input(lim.input), lim.op, fen(lim.amount.value))
                  for lim in self.p.limits if isinstance(lim, ir.Threshold)
                  and isinstance(lim.amount, ir.Money)),
            min(*caps, 2**63 - 1) if caps else None,  # no int64 amount exceeds 2**63 − 1
            self.joint(joints[0]) if joints else None,
            keep=self.in_force() is not None, demand=want_demand)

    def award_step(self, award: ir.Award) -> tuple[Any, ...]:
        match award:
            case ir.RateAward():
                return ("round", self.rounding(award.base, *ratio(award.rate.value)))
            case ir.MultipleAward():
                return ("round", self.rounding(award.base, *ratio(award.factor)))
            case ir.FixedAward():
                return ("fixed", fen(award.amount.value))
            case ir.PerUnitAward():
                name, each = self.input(award.count), fen(award.amount.value)
                low, high = self.batch.bounds(name, self.array(name))
                if max(-low, high) * abs(each) > LIMIT:
                    raise NotVectorisable("a count too large for exact int64 arithmetic")
                return ("scale", name, each)
        raise NotVectorisable(f"{self.p.id}: award not vectorised")

    def joint(self, lim: ir.JointLimit) -> tuple[gen.Rounding, tuple[str, ...]]:
        """财政支持合计: the room, base × rate − the counted funding, must not overflow."""
        base = self.rounding(lim.base, *ratio(lim.rate.value))
        counted = tuple(self.input(ref) for ref in lim.counted)
        low, high = self.batch.bounds(base.column, self.array(base.column))
        worst = max(-low, high) * base.num // base.den + 1 + sum(
            max(-lo, hi) for lo, hi in (self.batch.bounds(c, self.array(c)) for c in counted))
        if worst >= 2**63:
            raise NotVectorisable("funding too large for exact int64 arithmetic")
        return base, counted

    def clamp(self, amount: np.ndarray, fields: tuple[str, ...], room: int) -> np.ndarray:
        if self.distinct(*fields):  # one row a group: the clamp is a plain minimum
            return np.minimum(amount, room)
        return running_clamp(amount, self.key(*fields), room)

    def first(self, amount: np.ndarray) -> np.ndarray:
        """一次性 / 首次: keep the first positive amount of each enterprise."""
        if self.distinct("enterprise"):
            return amount
        return np.where(first_per_key(amount > 0, self.key("enterprise")), amount, 0)

    def in_force(self) -> np.ndarray | None:
        """Rows dated within the validity, or None when every row is (computed once a batch)."""
        valid = self.engine.valid
        if valid is None:
            return None
        key = ("in force", valid)
        if key not in self.batch._cache:
            day = self.batch.day()
            low, high = (int(v.replace("-", "")) for v in valid)
            mask = (day >= low) & (day <= high)
            self.batch._cache[key] = None if mask.all() else mask
        return self.batch._cache[key]

    def formula(self, award: ir.Award) -> np.ndarray:
        match award:
            case ir.RateAward():
                num, den = ratio(award.rate.value)
                return mul_round(self.column(award.base), num, den)
            case ir.MultipleAward():
                return mul_round(self.column(award.base), *ratio(award.factor))
            case ir.FixedAward():
                return np.full(self.n, fen(award.amount.value), dtype=np.int64)
            case ir.PerUnitAward():
                return self.column(award.count) * fen(award.amount.value)
            case ir.TieredAward():
                level = self.column(award.selector)
                out = np.zeros(self.n, dtype=np.int64)
                for tier in award.tiers:
                    out[level == tier.value] = fen(tier.amount.value)
                return out
        raise NotVectorisable(f"{self.p.id}: award not vectorised")

    def condition(self, lim: ir.Limit, amount: np.ndarray) -> np.ndarray:
        if isinstance(lim, ir.Threshold):
            assert isinstance(lim.amount, ir.Money)
            value, bound = self.column(lim.input), fen(lim.amount.value)
            ok = value >= bound if lim.op == "ge" else value > bound
            amount = np.where(ok, amount, 0)
            if lim.first_time:
                amount = self.first(amount)
        elif isinstance(lim, ir.OneTime):
            amount = self.first(amount)
        return amount

    def year_limit(self, amount: np.ndarray, years: int) -> np.ndarray:
        """At most N distinct calendar years with a grant per project (within its enterprise),
        the first N in date order."""
        if self.distinct("enterprise", "project"):
            return amount
        rows = np.flatnonzero(amount > 0)
        if not rows.size:
            return amount
        project = self.key("enterprise", "project")[rows]
        year = self.batch.key("year")[rows]
        _, project = np.unique(project, return_inverse=True)
        pairs = np.stack([project, year], axis=1)
        _, first, inverse = np.unique(pairs, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        order = np.argsort(first, kind="stable")            # (project, year) pairs in date order
        pair_project = project[first[order]]
        by_project = np.argsort(pair_project, kind="stable")
        grouped = pair_project[by_project]
        starts = np.r_[0, np.flatnonzero(grouped[1:] != grouped[:-1]) + 1]
        rank = np.arange(len(grouped)) - np.repeat(starts, np.diff(np.r_[starts, len(grouped)]))
        allowed_sorted = np.empty(len(order), dtype=bool)
        allowed_sorted[by_project] = rank < years
        allowed = np.empty(len(order), dtype=bool)
        allowed[order] = allowed_sorted
        out = amount.copy()
        out[rows[~allowed[inverse]]] = 0
        return out


def simulate_vector(engine: Engine, policy: Any, apps: Sequence[dict[str, Any]]) -> Any:
    """The simulation report, vectorised where the engine can and scalar elsewhere.

    Vectorised provisions never depend on the others' history (``Engine.supports``), so their
    amounts are computed first; the remaining rows are then evaluated in date order by the
    scalar engine with a history that includes the vectorised grants.
    """
    from sjdsl.money import FEN
    from sjdsl.runtime import Result
    from sjdsl.simulate import Report, _grant

    present = {str(a.get("provision")) for a in apps}
    vec = {pid for pid in present if engine.supports(pid, present)}
    rows: dict[str, list[int]] = {pid: [] for pid in vec}
    for i, app in enumerate(apps):
        if app.get("provision") in vec:
            rows[str(app["provision"])].append(i)
    amounts: dict[int, int] = {}
    capped: set[int] = set()
    for pid, index in rows.items():
        values, demand = engine.amounts_and_demand(pid, [apps[i] for i in index])
        amounts.update(zip(index, (int(v) for v in values), strict=True))
        capped.update(i for i, v, d in zip(index, values, demand, strict=True) if v < d)
    report = Report()
    histories: dict[str, list[dict[str, Any]]] = {}
    for i, app in enumerate(apps):
        history = histories.setdefault(str(app.get("enterprise", "")), [])
        request = {k: v for k, v in app.items() if k not in ("id", "enterprise", "history")}
        if i in amounts:
            amount = Decimal(amounts[i]) * FEN
            first, second = shares(np.array([amounts[i]], dtype=np.int64), engine)
            result = Result(str(app["provision"]), amount > 0, amount, Decimal(int(first[0])) * FEN,
                            Decimal(int(second[0])) * FEN, False, (), (), capped=i in capped)
        else:
            try:
                result = policy.evaluate_raw(dict(request, history=list(history)))
            except Exception:  # noqa: BLE001 - a bad row is counted, as simulate() does
                report.errors += 1
                continue
        report.add(request, result)
        if result.eligible:
            history.append(_grant(request, result))
    return report


def shares(amount: np.ndarray, engine: Engine) -> tuple[np.ndarray, np.ndarray]:
    """The split, as the scalar engine does it: the first share rounded half-up, the rest."""
    if engine.split is None:
        return amount, np.zeros_like(amount)
    left, right = engine.split.ratio.left, engine.split.ratio.right
    num, den = ratio(left / (left + right))
    first = mul_round(amount, num, den)
    return first, amount - first


def bench_rows(folder: Any, n: int) -> list[str]:
    """The benchmark table for bench/run.py: scalar vs vectorised on synthetic applications."""
    import statistics
    import time

    from sjdsl.driver import compile_policy, load_module
    from sjdsl.synth import applications

    compiled = compile_policy(folder)
    policy = load_module(compiled).POLICY
    engine = Engine(compiled.checked)
    five = ["1.1", "1.3", "2.1", "4.1", "6.1"]
    apps = [a for a in applications(policy, n, 1, policy.valid_from, policy.valid_to)
            if a["provision"] in five]
    for a in apps:
        a["inputs"] = {k: v for k, v in a["inputs"].items()}
    by: dict[str, list[dict[str, Any]]] = {pid: [] for pid in five}
    for a in apps:
        by[a["provision"]].append(a)
    start = time.perf_counter()
    batches = {pid: Batch(by[pid]) for pid in five}
    for pid in five:  # parse every column once: loading JSON-shaped rows into int64 fen
        engine.amounts(pid, batches[pid])
    t_load = time.perf_counter() - start
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for pid in five:
            engine.amounts(pid, batches[pid])
        times.append(time.perf_counter() - start)
    t_vec = statistics.median(times)
    from sjdsl.simulate import simulate
    sample = apps[: min(len(apps), 20_000)]
    start = time.perf_counter()
    simulate(policy, sample)
    t_scalar = (time.perf_counter() - start) * len(apps) / len(sample)
    return ["| engine | records | time | records/s |", "| --- | ---: | ---: | ---: |",
            f"| scalar (Decimal, trace) | {len(apps):,} | {t_scalar:.1f} s (extrapolated from "
            f"{len(sample):,}) | {len(apps) / t_scalar:,.0f} |",
            f"| vectorised: load rows into columns + first run | {len(apps):,} | "
            f"{t_load:.2f} s | {len(apps) / t_load:,.0f} |",
            f"| vectorised: compute over columns (median) | {len(apps):,} | {t_vec:.3f} s | "
            f"{len(apps) / t_vec:,.0f} |",
            f"\nvectorised / scalar: **{t_scalar / t_vec:,.0f}×**; the five capped-rate rules "
            "1.1, 1.3, 2.1, 4.1, 6.1 with their history limits; exactness is tested record by "
            "record in tests/test_vector.py."]
