"""The vectorised engine: a second code generation target, numpy over int64 fen.

From the provision's plan (``core/lower.py``: the clauses and the core alike, read into a
``Shape`` of the engine's operations by ``shape_of``), each supported provision becomes a numpy
function over columns of a whole batch of applications (sorted by date): ``sjdsl.backends.vectorgen``
emits its source (award, validity, thresholds, caps, joint limit, fused into one pass over
cache-sized blocks) and this module compiles it once per provision and arithmetic mode. Amounts
are integer fen; rates are exact integer ratios and half-up rounding is exact (in float64 below
a proved bound, in int64 above it), so the results equal the scalar engine's to the fen (the
tests compare every record). Inputs must be whole fen and small enough that no product can
overflow int64; otherwise the engine says so and the scalar engine is used. The whole-batch
interpreter below is kept as the reference path and for what the kernels do not cover.

History-dependent limits vectorise as running sums: within each enterprise (or enterprise-year,
or project-year), granted-so-far = min(cap, cumulative demand), and each row gets the increase.
Provisions whose plan holds a node with no operation here (a 定义, a 名单, a yes/no fact, a 下表
that is not a plain 档次, a limit over other provisions or per input key, …) are evaluated by
the scalar engine, after the vectorised rows, with the history those rows produced.

numpy is an optional extra: ``pip install sjdsl[vector]``.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from sjdsl.backends import vectorgen as gen
from sjdsl.backends.codegen_fast import plan_of
from sjdsl.core import nodes as n
from sjdsl.core.lower import PROJECT, Plan, Scoped
from sjdsl.core.scope import counted
from sjdsl.language import ir
from sjdsl.language.check import KINDS, CheckedPolicy

LIMIT = 2**62
_FEN = Decimal("0.01")
#: The batch size from which the engine compiles numba loops by default (see Engine.jit).
JIT_ROWS = 100_000


class NotVectorisable(Exception):
    """The batch holds something the engine cannot do exactly; use the scalar engine."""


def jit_available() -> bool:
    """Whether numba is installed (and not switched off with SJDSL_JIT=0)."""
    return os.environ.get("SJDSL_JIT", "1") != "0" and \
        importlib.util.find_spec("numba") is not None


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


@attrs.frozen
class Shape:
    """A provision's plan (``core/lower.py``) in the engine's own terms, or no shape at all.

    ``award`` is ("rate", input, num, den) for round_half_up(input × num/den) (a rate, a ratio,
    a multiple, the input itself), ("fixed", fen), ("unit", count input, fen each) or
    ("tiers", enum input, ((value, fen), …)). ``thresholds`` are (input, op, bound) with the bound
    in fen (money) or as a number (counts); ``caps`` per award in fen; ``joint`` (base, num, den,
    counted inputs); then the history limits the plan names, in fen or years.
    """

    award: tuple[Any, ...]
    thresholds: tuple[tuple[str, str, int], ...]
    caps: tuple[int, ...]
    joint: tuple[str, int, int, tuple[str, ...]] | None
    year_caps: tuple[int, ...]
    project_year_caps: tuple[int, ...]
    enterprise_caps: tuple[int, ...]
    once: bool
    project_years: tuple[int, ...]
    counts: frozenset[str]


def shape_of(checked: CheckedPolicy, measure: ir.Measure, provision: ir.Provision
             ) -> Shape | None:
    """The provision's shape, read from its plan; None leaves it to the scalar engine (and the
    reason is the plan's node this engine has no operation for)."""
    plan = plan_of(checked, measure, provision)
    if plan is None or measure.exclusives:
        return None  # no plan, or a measure with 择优: the scalar engine
    policy = checked.policy
    if any(counted(lim, provision, policy) != (provision.id,) for lim in plan.bound.limits):
        return None  # the core's limits over other provisions: the scalar engine
    reader = _ShapeReader(checked.symbols[provision.id], provision.id,
                          lambda lim: counted(lim, provision, policy))
    try:
        return reader.read(plan)
    except _NoShape:
        return None


class _NoShape(Exception):
    pass


class _ShapeReader:
    def __init__(self, symbols: Any, pid: str,
                 counts: Callable[[n.Limit], tuple[str, ...]]) -> None:
        self.symbols, self.pid, self.counted = symbols, pid, counts
        self.counts: set[str] = set()

    def input(self, node: Any, *kinds: str) -> str:
        """An input of one of these kinds (an increment, a 定义, a field: no shape)."""
        symbol = self.symbols.get(node.name) if isinstance(node, n.Name) else None
        if not isinstance(symbol, ir.Input) or KINDS[symbol.kind_word] not in kinds:
            raise _NoShape(node)
        if KINDS[symbol.kind_word] == "count":
            self.counts.add(symbol.name)
        return symbol.name

    @staticmethod
    def fen(node: Any) -> int:
        if not isinstance(node, n.Quantity) or node.value != node.value.quantize(_FEN):
            raise _NoShape(node)
        return fen(node.value)

    def read(self, plan: Plan) -> Shape:
        amount, cuts = plan.amount, list(plan.cuts)
        while isinstance(amount, n.Call) and amount.function == "取较小" and \
                len(amount.args) == 2 and isinstance(amount.args[1], n.Quantity):
            cuts.insert(0, amount.args[1])  # 取较小(金额, 上限): a cap, as 上限 is
            amount = amount.args[0]
        award = self.award(amount)
        thresholds = tuple(self.threshold(g) for g in plan.guards)
        caps, joints = [], []
        for cut in cuts:
            if isinstance(cut, n.Quantity):
                caps.append(self.fen(cut))
            else:
                joints.append(self.joint(cut))
        if len(joints) > 1:
            raise _NoShape("two joint limits")
        kinds: dict[str, list[int]] = {"year": [], "project_year": [], "enterprise": [],
                                       "once": [], "project_years": []}
        for scoped in plan.limits:
            kind, value = self.limit(scoped)
            kinds[kind].append(value)
        return Shape(award, thresholds, tuple(caps), joints[0] if joints else None,
                     tuple(kinds["year"]), tuple(kinds["project_year"]),
                     tuple(kinds["enterprise"]), bool(kinds["once"]),
                     tuple(kinds["project_years"]), frozenset(self.counts))

    def award(self, node: Any) -> tuple[Any, ...]:
        match node:
            case n.Quantity():
                return ("fixed", self.fen(node))
            case n.Name():
                return ("rate", self.input(node, "money"), 1, 1)
            case n.Binary(op="×", left=n.Name(), right=n.Quantity()):
                return ("rate", self.input(node.left, "money"), *ratio(node.right.value))
            case n.Binary(op="×", left=n.Quantity(), right=n.Name()):
                return ("unit", self.input(node.right, "count"), self.fen(node.left))
            case n.Binary(op="÷", left=n.Binary(op="×", left=n.Name(), right=n.Quantity()),
                          right=n.Quantity()):
                rate = Fraction(node.left.right.value) / Fraction(node.right.value)
                return ("rate", self.input(node.left.left, "money"), rate.numerator,
                        rate.denominator)
            case n.Table():
                return self.tiers(node)
        raise _NoShape(node)

    def tiers(self, table: n.Table) -> tuple[Any, ...]:
        selector, rows = None, []
        for row in table.rows:
            match row.condition:
                case n.Compare(op="eq", left=n.Name() as name, right=n.Name() as value)                         if row.value is not None:
                    selector = self.input(name, "enum")
                    rows.append((value.name, self.fen(row.value)))
                case _:
                    raise _NoShape(row)
        return ("tiers", selector, tuple(rows))

    def threshold(self, node: Any) -> tuple[str, str, int]:
        match node:
            case n.Compare(op="ge" | "gt", left=n.Name(), right=n.Quantity()):
                name = self.input(node.left, "money", "count")
                if name in self.counts:
                    if node.right.value != int(node.right.value):
                        raise _NoShape(node)
                    return (name, node.op, int(node.right.value))
                return (name, node.op, self.fen(node.right))
        raise _NoShape(node)

    def joint(self, node: Any) -> tuple[str, int, int, tuple[str, ...]]:
        """取较大(基数 × 比例 − 已获 … , 0): the room a joint limit leaves."""
        if not (isinstance(node, n.Call) and node.function == "取较大" and len(node.args) == 2
                and isinstance(node.args[1], n.Quantity) and node.args[1].value == 0):
            raise _NoShape(node)
        whole, counted = node.args[0], []
        while isinstance(whole, n.Binary) and whole.op == "-":
            counted.insert(0, self.input(whole.right, "money"))
            whole = whole.left
        kind, base, num, den = self.award(whole)
        if kind != "rate":
            raise _NoShape(node)
        return base, num, den, tuple(counted)

    def limit(self, scoped: Scoped) -> tuple[str, int]:
        lim = scoped.limit
        own = self.counted(lim) == (self.pid,)
        if scoped.when is not None or lim.key not in (None, PROJECT):
            raise _NoShape(lim)
        if lim.kind == "amount" and lim.yearly and own:
            return ("project_year" if lim.key == PROJECT else "year", fen(lim.amount))
        if lim.kind == "amount" and not lim.yearly and lim.key is None:
            return ("enterprise", fen(lim.amount))
        if lim.kind == "count" and lim.amount == 1 and own and lim.key is None \
                and not lim.yearly:
            return ("once", 1)
        if lim.kind == "years" and own and lim.key == PROJECT:
            return ("project_years", int(lim.amount))
        raise _NoShape(lim)


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

    def __init__(self, checked: CheckedPolicy, jit: bool | None = None) -> None:
        self.checked = checked
        #: numba's fused loops (the optional ``fast`` extra) rather than numpy block kernels:
        #: always (True), never (False), or by default for batches of at least JIT_ROWS rows
        #: when numba is installed and SJDSL_JIT is not 0 (a loop's compilation, a few tenths
        #: of a second, pays for itself only on a large batch)
        if jit is None and not jit_available():
            jit = False
        self.jit = jit
        self.loops: dict[str, tuple[Callable[..., None], list[str]]] = {}
        self.split = next((r for r in checked.policy.header.rules
                           if isinstance(r, ir.FundingSplit)), None)
        validity = next((r for r in checked.policy.header.rules
                         if isinstance(r, ir.Validity)), None)
        # Validity judged on an input's date (an event's), with no start, or an
        # application window, is not vectorised: such a policy runs on the scalar engine
        # entirely. So does every provision whose plan has no shape here (``shape_of``).
        scalar_only = validity is not None and (
            validity.target is not None or validity.start is None) \
            or any(isinstance(r, ir.ApplicationWindow) for r in checked.policy.header.rules)
        self.valid = (validity.start.isoformat(),  # type: ignore[union-attr]
                      validity.end.isoformat() if validity.end else "9999-12-31") \
            if validity and not scalar_only else None
        self.provisions: dict[str, tuple[ir.Measure, ir.Provision]] = {}
        self.shapes: dict[str, Shape] = {}
        for m in [] if scalar_only else checked.policy.measures:
            for p in m.provisions:
                shape = shape_of(checked, m, p)
                if shape is not None:
                    self.provisions[p.id], self.shapes[p.id] = (m, p), shape
        self.kernels: dict[tuple[gen.Spec, bool], tuple[Callable[..., None], list[str]]] = {}
        self.groups = {p.id: cap.provisions for m in checked.policy.measures
                       for cap in m.caps for p in m.provisions if p.id in cap.provisions}

    def supports(self, provision: str, present: set[str]) -> bool:
        """Whether a provision can run vectorised given the provisions present in the batch."""
        if provision not in self.provisions:
            return False
        return all(other in self.provisions or other not in present
                   for other in self.groups.get(provision, ()))

    def amounts(self, provision: str, rows: Sequence[dict[str, Any]] | Batch,
                out: np.ndarray | None = None) -> np.ndarray:
        """Amounts in fen for one provision's rows (in date order), history included.

        ``out``, an int64 array of one element per row, is written over and returned (a fresh
        array otherwise): a caller that evaluates batch after batch reuses its buffers, and the
        kernel then writes into memory already mapped, where a fresh 8 MB array costs more page
        faults than the rules themselves (measured: docs/performance.md)."""
        if out is not None and (out.dtype != np.int64 or out.shape != (len(rows) if not
                                isinstance(rows, Batch) else rows.n,)):
            raise ValueError("out must be an int64 array with one element per row")
        return self._run(provision, rows, False, out)[0]

    def amounts_and_demand(self, provision: str, rows: Sequence[dict[str, Any]] | Batch
                           ) -> tuple[np.ndarray, np.ndarray]:
        """The amounts, and what the rows asked for before caps and limits cut them."""
        return self._run(provision, rows, True)

    def _run(self, provision: str, rows: Sequence[dict[str, Any]] | Batch, want_demand: bool,
             out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        measure, p = self.provisions[provision]
        batch = rows if isinstance(rows, Batch) else Batch(rows)
        return _Provision(self, measure, p, batch).run(want_demand, out)

    def interpreted(self, provision: str, rows: Sequence[dict[str, Any]] | Batch) -> np.ndarray:
        """The amounts by the reference path (whole-batch int64 numpy operations, no generated
        code): what the benchmark checks every generated result against."""
        measure, p = self.provisions[provision]
        batch = rows if isinstance(rows, Batch) else Batch(rows)
        if not batch.n:
            return np.zeros(0, dtype=np.int64)
        return _Provision(self, measure, p, batch).interpret()[0]

    def use_jit(self, rows: int) -> bool:
        return self.jit if self.jit is not None else rows >= JIT_ROWS

    def kernel(self, spec: gen.Spec, jit: bool | None = None
               ) -> tuple[Callable[..., None], list[str]]:
        """The generated kernel for a spec, compiled once per engine: numba's fused loop when
        ``jit`` (one compilation per distinct loop, whatever the rounding mode the numpy
        kernels would pick), else the numpy block kernel."""
        jit = bool(self.jit) if jit is None else jit
        if (spec, jit) not in self.kernels:
            if jit:
                text = gen.jit_source(spec)[0]
                if text not in self.loops:
                    function, columns, _ = gen.jit_kernel(spec)
                    self.loops[text] = (function, columns)
                self.kernels[spec, jit] = self.loops[text]
            else:
                function, columns, _ = gen.compile_kernel(spec)
                self.kernels[spec, jit] = (function, columns)
        return self.kernels[spec, jit]

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
        self.shape = engine.shapes[provision.id]
        self.n = batch.n
        self.key = batch.key
        self.distinct = batch.distinct
        self.counts = self.shape.counts

    def column(self, name: str) -> np.ndarray:
        return self.batch.count(name) if name in self.counts else self.batch.fen(name)

    def run(self, want_demand: bool = True, out: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
        if not self.n:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        spec = self.plan(want_demand)
        if spec is None:
            amount, demand_ = self.interpret()
            if out is not None:
                out[:] = amount
                return out, demand_
            return amount, demand_
        kernel, names = self.engine.kernel(spec, self.engine.use_jit(self.n))
        out = np.empty(self.n, dtype=np.int64) if out is None else out
        demand = np.empty(self.n, dtype=np.int64) if want_demand else None
        kernel([self.array(name) for name in names], self.in_force(), out, demand)
        if not self.plain_history():
            out[:] = self.history(out)
        return out, out if demand is None else demand

    def interpret(self) -> tuple[np.ndarray, np.ndarray]:
        """The reference path, one numpy operation over the whole batch at a time: tiered
        awards, and 一次性/首次 rules over batches with several rows per enterprise."""
        shape = self.shape
        amount = self.formula(shape.award)
        in_force = self.in_force()
        if in_force is not None:
            amount = np.where(in_force, amount, 0)
        for name, op, bound in shape.thresholds:
            value = self.column(name)
            amount = np.where(value >= bound if op == "ge" else value > bound, amount, 0)
        if shape.once:
            amount = self.first(amount)
        demand = amount
        for cap in shape.caps:
            amount = np.minimum(amount, cap)
        if shape.joint is not None:
            base, num, den, counted = shape.joint
            room = mul_round(self.column(base), num, den)
            for name in counted:
                room = room - self.column(name)
            amount = np.minimum(amount, np.maximum(room, 0))
        return self.history(amount), demand

    def history(self, amount: np.ndarray) -> np.ndarray:
        """The limits that look at earlier rows of the same enterprise, in the scalar order."""
        for cap in self.shape.year_caps:
            amount = self.clamp(amount, ("enterprise", "year"), cap)
        for cap in self.shape.project_year_caps:
            # history is the enterprise's: a project's limits count within its enterprise
            amount = self.clamp(amount, ("enterprise", "project", "year"), cap)
        for years in self.shape.project_years:
            amount = self.year_limit(amount, years)
        for cap in self.shape.enterprise_caps:
            amount = self.clamp(amount, ("enterprise",), cap)
        return amount

    def history_keys(self) -> set[tuple[str, ...]]:
        """The groups the history limits (and 一次性/首次) count within."""
        shape, keys = self.shape, set()
        if shape.year_caps:
            keys.add(("enterprise", "year"))
        if shape.project_year_caps:
            keys.add(("enterprise", "project", "year"))
        if shape.project_years:
            keys.add(("enterprise", "project"))
        if shape.once or shape.enterprise_caps:
            keys.add(("enterprise",))
        return keys

    def plain_history(self) -> bool:
        """Whether every history limit is a plain minimum here (one row a group)."""
        return all(self.distinct(*key) for key in self.history_keys())

    def array(self, name: str) -> np.ndarray:
        return self.column(name)

    def rounding(self, name: str, num: int, den: int) -> gen.Rounding:
        """round_half_up(column × num/den), in the fastest mode exact for this batch's values."""
        low, high = self.batch.bounds(name, self.array(name))
        if den != 1 and gen.float_exact(low, high, num):
            return gen.Rounding(name, num, den, "float")
        if den == 1 and max(-low, high) <= LIMIT // num or gen.int_exact(low, high, num):
            return gen.Rounding(name, num, den, "int")
        raise NotVectorisable("an amount too large for exact int64 arithmetic")

    def plan(self, want_demand: bool) -> gen.Spec | None:
        """What the generated kernel computes for this batch, or None to interpret."""
        shape, folded = self.shape, self.plain_history()
        if shape.award[0] == "tiers" or not folded and shape.once:
            return None
        caps = list(shape.caps)
        if folded:  # one row a group: the history limits are plain minimums
            caps += [*shape.year_caps, *shape.project_year_caps, *shape.enterprise_caps]
        return gen.Spec(
            gen.kernel_name(self.p.id), self.award_step(shape.award), shape.thresholds,
            min(*caps, 2**63 - 1) if caps else None,  # no int64 amount exceeds 2**63 − 1
            self.joint(shape.joint) if shape.joint else None,
            keep=self.in_force() is not None, demand=want_demand)

    def award_step(self, award: tuple[Any, ...]) -> tuple[Any, ...]:
        match award:
            case ("rate", name, num, den):
                return ("round", self.rounding(name, num, den))
            case ("fixed", amount):
                return ("fixed", amount)
            case ("unit", name, each):
                low, high = self.batch.bounds(name, self.array(name))
                if max(-low, high) * abs(each) > LIMIT:
                    raise NotVectorisable("a count too large for exact int64 arithmetic")
                return ("scale", name, each)
        raise NotVectorisable(f"{self.p.id}: award not vectorised")

    def joint(self, joint: tuple[str, int, int, tuple[str, ...]]
              ) -> tuple[gen.Rounding, tuple[str, ...]]:
        """财政支持合计: the room, base × rate − the counted funding, must not overflow."""
        name, num, den, counted = joint
        base = self.rounding(name, num, den)
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

    def formula(self, award: tuple[Any, ...]) -> np.ndarray:
        match award:
            case ("rate", name, num, den):
                return mul_round(self.column(name), num, den)
            case ("fixed", amount):
                return np.full(self.n, amount, dtype=np.int64)
            case ("unit", name, each):
                return self.column(name) * each
            case ("tiers", name, rows):
                level = np.array(self.batch.values(name), dtype=object)
                out = np.zeros(self.n, dtype=np.int64)
                for value, amount in rows:
                    out[level == value] = amount
                return out
        raise NotVectorisable(f"{self.p.id}: award not vectorised")

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


def shares(amount: np.ndarray, engine: Engine) -> tuple[np.ndarray, np.ndarray]:
    """The split, as the scalar engine does it: the first share rounded half-up, the rest."""
    if engine.split is None:
        return amount, np.zeros_like(amount)
    left, right = engine.split.ratio.left, engine.split.ratio.right
    num, den = ratio(left / (left + right))
    first = mul_round(amount, num, den)
    return first, amount - first
