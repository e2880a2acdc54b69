"""The vectorised engine's code generator: one provision's row-local rules as numpy source.

From the checked IR of a provision this emits the text of one Python function that computes the
award, the validity and threshold masks, the caps and the joint funding limit of a whole column
of applications in a single pass over cache-sized blocks (``BLOCK`` rows): every numpy call
writes into a preallocated block buffer (``out=``), so the sequence of operations for a block
stays in the L2 cache and no full-size temporary is ever allocated. Constants (rates, caps,
thresholds) are folded into the text as literals (always through ``repr``), so the text is a
deterministic function of the IR and the arithmetic modes chosen for the batch.

History (running sums per enterprise, 一次性, year limits) is not row-local and stays in
``sjdsl.backends.vector``; when a batch has one row per group the history caps are plain minimums and are
folded into the kernel's cap.

Exact half-up rounding of ``b × num / den`` (b ≥ 0 whole fen) has two modes:

* integer: ``(b × 2num + den) // 2den`` in int64, exact while ``b ≤ 2**62 // (2num + 1)``;
* float: ``round_to_nearest(b × c)`` in float64, where ``c`` is num/den nudged up by a relative
  2**-51 … 2**-49, and the rounding to an integer is done by adding 2**52 (floats in
  [2**52, 2**53) are exactly the integers) and reading the bits back as int64. It needs no
  integer division, which is the slow operation here, and is exact while ``b × num ≤ 2**47``:

  Let b·r = k + j/den (k, j integers, 0 ≤ j < den). The computed product is
  p = b·c·(1 + δ) with |δ| ≤ 2**-53, so b·r < p < b·r·(1 + 2**-48) for b > 0 (and p = 0 for
  b = 0). If j/den < 1/2, half-up gives k, and k + 1/2 − b·r ≥ 1/(2den) > b·r·2**-48 (because
  b·r ≤ 2**47/den), so k ≤ p < k + 1/2 rounds to k. If j/den ≥ 1/2, half-up gives k + 1 and
  k + 1/2 ≤ b·r < p < k + 3/2: strictly above the tie, so round-to-nearest gives k + 1 too.
  p < 2**52, so p + 2**52 rounds p to the nearest integer exactly. A minimum with an integer cap,
  or a product with a 0/1 mask, commutes with that rounding, so caps and masks are applied to p
  before it is rounded.

The engine picks the float mode for a column only when its (cached) minimum is ≥ 0 and its
maximum satisfies the bound (``float_exact``); otherwise the integer mode, or ``NotVectorisable``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

BLOCK = 65536            # rows a block: three 512 KiB buffers, measured best of 16k–256k
TWO52 = 2**52            # adding it to 0 ≤ x < 2**52 rounds x to the nearest integer
MAGIC = 0x4330000000000000  # the bits of the float 2**52: bits(2**52 + i) = MAGIC + i
FLOAT_BOUND = 2**47      # float mode is exact for b × num ≤ FLOAT_BOUND (module docstring)
LIMIT = 2**62            # integer mode: no intermediate value exceeds this


def nudged(num: int, den: int) -> float:
    """num/den as a float64 above it by a relative 2**-51 … 2**-49 (checked, exactly)."""
    exact = Fraction(num, den)
    c = float(exact * (1 + Fraction(1, 2**50)))
    excess = Fraction(c) / exact - 1
    assert Fraction(1, 2**51) <= excess <= Fraction(1, 2**49), (num, den, c)
    return c


def float_exact(low: int, high: int, num: int) -> bool:
    """Whether the float mode rounds every b in [low, high] exactly (module docstring)."""
    return low >= 0 and high * num <= FLOAT_BOUND


def int_exact(low: int, high: int, num: int) -> bool:
    return max(-low, high) <= LIMIT // (2 * num + 1)


@dataclass(frozen=True)
class Rounding:
    """round_half_up(column × num / den), float or integer mode."""

    column: str
    num: int
    den: int
    mode: str = "float"


@dataclass(frozen=True)
class Spec:
    """What a kernel computes, in the order the scalar engine applies it.

    ``award`` is one of ("round", Rounding), ("scale", column, factor) for an integer multiple,
    ("fixed", fen); ``thresholds`` are (column, op, bound fen); ``cap`` is the folded per-award
    (and, for one-row-per-group batches, history) cap in fen or None; ``joint`` is
    (Rounding of the base, counted columns) or None.
    """

    name: str
    award: tuple[Any, ...]
    thresholds: tuple[tuple[str, str, int], ...] = ()
    cap: int | None = None
    joint: tuple[Rounding, tuple[str, ...]] | None = None
    keep: bool = False      # a validity mask is passed (some rows fall outside the policy)
    demand: bool = False    # the amounts before caps are wanted too


@dataclass
class _Emitter:
    """Lines of the loop body; tracks which buffer holds the amount and in what domain."""

    lines: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[int | float, str] = field(default_factory=dict)
    current: str = ""          # the expression holding the amount of this block
    domain: str = "int"        # "float": p not yet rounded (in x); "int": int64 fen (in o)

    def col(self, name: str) -> str:
        if name not in self.columns:
            self.columns[name] = f"c{len(self.columns)}"
        return f"{self.columns[name]}[s:e]"

    def const(self, value: int | float) -> str:
        """A block filled with a constant: numpy's minimum and maximum of int64 and float64 are
        measured faster against an array than against a scalar."""
        key: Any = (type(value), value)
        if key not in self.constants:
            self.constants[key] = f"k{len(self.constants)}"
        return self.constants[key]

    def add(self, line: str) -> None:
        self.lines.append(line)

    def apply(self, op: str, arg: str) -> None:
        """amount = op(amount, arg), into the amount's own buffer."""
        target = "x" if self.domain == "float" else "o"
        self.add(f"np.{op}({self.current}, {arg}, out={target})")
        self.current = target

    def to_int(self) -> None:
        """Round the pending float amount to whole fen, into the output block."""
        if self.domain == "float":
            self.add(f"np.add(x, {float(TWO52)!r}, out=x)")
            self.add(f"np.subtract(x.view(np.int64), {MAGIC!r}, out=o)")
            self.domain, self.current = "int", "o"
        elif self.current != "o":
            self.add(f"np.copyto(o, {self.current})")
            self.current = "o"

    def rounding(self, r: Rounding, float_buf: str, int_buf: str) -> None:
        """round_half_up(column × num/den) into int_buf (float mode goes through float_buf)."""
        src = self.col(r.column)
        if r.den == 1:
            self.add(f"np.multiply({src}, {r.num!r}, out={int_buf})")
        elif r.mode == "float":
            self.add(f"np.copyto({float_buf}, {src}, casting='unsafe')")
            self.add(f"np.multiply({float_buf}, {nudged(r.num, r.den)!r}, out={float_buf})")
            self.add(f"np.add({float_buf}, {float(TWO52)!r}, out={float_buf})")
            self.add(f"np.subtract({float_buf}.view(np.int64), {MAGIC!r}, out={int_buf})")
        else:
            self.add(f"np.multiply({src}, {2 * r.num!r}, out={int_buf})")
            self.add(f"np.add({int_buf}, {r.den!r}, out={int_buf})")
            self.add(f"np.floor_divide({int_buf}, {2 * r.den!r}, out={int_buf})")


COMPARE = {"ge": "greater_equal", "gt": "greater"}


def _award(em: _Emitter, award: tuple[Any, ...], thresholds: Sequence[tuple[str, str, int]]
           ) -> list[tuple[str, str, int]]:
    """The award into the amount buffer; returns the thresholds still to apply (a threshold on
    the base of a float-mode rate is applied to the base, where it costs least)."""
    kind = award[0]
    if kind == "round":
        r: Rounding = award[1]
        if r.den == 1 and r.num == 1:
            em.current = em.col(r.column)      # the amount is the column itself
        elif r.den != 1 and r.mode == "float":  # the product, rounded at the end
            em.add(f"np.copyto(x, {em.col(r.column)}, casting='unsafe')")
            for column, op, bound in thresholds:  # on the base itself: zero it first
                if column == r.column and abs(bound) < TWO52:
                    em.add(f"np.{COMPARE[op]}(x, {float(bound)!r}, out=m)")
                    em.add("np.multiply(x, m, out=x)")
            em.add(f"np.multiply(x, {nudged(r.num, r.den)!r}, out=x)")
            em.domain, em.current = "float", "x"
            return [t for t in thresholds if not (t[0] == r.column and abs(t[2]) < TWO52)]
        else:
            em.rounding(r, "x", "o")
            em.current = "o"
    elif kind == "scale":
        em.add(f"np.multiply({em.col(award[1])}, {award[2]!r}, out=o)")
        em.current = "o"
    else:
        em.add(f"o.fill({award[1]!r})")
        em.current = "o"
    return list(thresholds)


def body(spec: Spec) -> _Emitter:
    """The loop body: award, validity, thresholds, demand, cap, joint limit, rounding."""
    em = _Emitter()
    thresholds = _award(em, spec.award, spec.thresholds)
    if spec.keep:  # rows outside the policy's validity get nothing
        em.apply("multiply", "keep[s:e]")
    for column, op, bound in thresholds:
        em.add(f"np.{COMPARE[op]}({em.col(column)}, {bound!r}, out=m)")
        em.apply("multiply", "m")
    if spec.demand and em.domain == "float":  # what the row asked for, before caps
        em.add(f"np.add(x, {float(TWO52)!r}, out=y)")
        em.add(f"np.subtract(y.view(np.int64), {MAGIC!r}, out=demand[s:e])")
    elif spec.demand:
        em.add(f"np.copyto(demand[s:e], {em.current})")
    if spec.cap is not None and not (em.domain == "float" and spec.cap >= TWO52):
        em.apply("minimum", em.const(float(spec.cap) if em.domain == "float" else spec.cap))
    if spec.joint is not None:
        em.to_int()
        base, counted = spec.joint
        em.rounding(base, "y", "r")
        for name in counted:
            em.add(f"np.subtract(r, {em.col(name)}, out=r)")
        em.add(f"np.maximum(r, {em.const(0)}, out=r)")
        em.apply("minimum", "r")
    em.to_int()
    return em


def source(spec: Spec) -> tuple[str, list[str]]:
    """The kernel's text and the columns it reads, in the order of its ``cols`` argument."""
    em = body(spec)
    head = [f"def {spec.name}(cols, keep, out, demand):",
            "    n = len(out)",
            f"    size = min(n, {BLOCK!r})",
            "    x, y = np.empty(size), np.empty(size)",
            "    r = np.empty(size, dtype=np.int64)",
            "    m = np.empty(size, dtype=bool)"]
    head += [f"    {var} = np.full(size, {value!r})" for (_, value), var in em.constants.items()]
    head += [f"    {var} = cols[{i!r}]  # {name}" for i, (name, var) in
             enumerate(em.columns.items())]
    blocks = ["x", "y", "r", "m", *em.constants.values()]
    head += [f"    for s in range(0, n, {BLOCK!r}):",
             f"        e = min(n, s + {BLOCK!r})",
             "        if e - s < size:  # the last, shorter block",
             f"            {', '.join(blocks)} = {', '.join(b + '[:e - s]' for b in blocks)}",
             "        o = out[s:e]"]
    return "\n".join(head + ["        " + line for line in em.lines]) + "\n", list(em.columns)


def compile_kernel(spec: Spec) -> tuple[Callable[..., None], list[str], str]:
    """The kernel as a function (exec of the generated text), its columns, and its text."""
    import numpy as np

    text, columns = source(spec)
    namespace: dict[str, Any] = {"np": np}
    exec(compile(text, f"<sjdsl vector kernel {spec.name}>", "exec"), namespace)  # noqa: S102
    return namespace[spec.name], columns, text


def kernel_name(pid: str) -> str:
    return "provision_" + "".join(ch if ch.isalnum() else "_" for ch in pid)



# ---------------------------------------------------------------- the fused loop (numba)


def jit_source(spec: Spec) -> tuple[str, list[str]]:
    """The kernel as one loop over the rows, for numba: every rule of the provision applied to
    one row at a time, so each column is read once and no temporary array exists at all.

    The arithmetic is the numpy kernels', mode for mode, and exact for the same reasons (module
    docstring): in the float mode round_half_up(b × num/den) is the float product by the nudged
    rate, capped, rounded to the nearest integer by adding and taking away 2**52 (numba keeps
    IEEE order: no fast-math); in the integer mode it is ``(b × 2num + den) // 2den`` in int64,
    whose bounds (``int_exact``) keep every operation from wrapping. The divisors are literals,
    which the compiler turns into multiplications, and the row's body is written twice, under
    "every rounded column ≥ 0" and its negation, so that the compiler knows the sign in the
    usual case and needs no floor correction (the same value either way). The thresholds are a
    select at the end, with no branch: every row is computed, and a row they refuse gets 0.
    """
    columns: dict[str, str] = {}

    def col(name: str) -> str:
        if name not in columns:
            columns[name] = f"c{len(columns)}"
        return f"{columns[name]}[i]"

    def rounded(r: Rounding, target: str, cap: int | None) -> list[str]:
        clamp = cap is not None and not (r.mode == "float" and r.den != 1 and cap >= TWO52)
        if r.den == 1:
            lines = [f"{target} = {col(r.column)} * {r.num!r}"]
        elif r.mode == "float":
            lines = [f"p = {col(r.column)} * {nudged(r.num, r.den)!r}"]
            if clamp:
                lines += [f"if p > {float(cap)!r}:", f"    p = {float(cap)!r}"]  # type: ignore[arg-type]
            return lines + [f"{target} = np.int64((p + {float(TWO52)!r}) - {float(TWO52)!r})"]
        else:
            lines = [f"{target} = ({col(r.column)} * {2 * r.num!r} + {r.den!r}) // "
                     f"{2 * r.den!r}"]
        if clamp:
            lines += [f"if {target} > {cap!r}:", f"    {target} = {cap!r}"]
        return lines

    kind, award = spec.award[0], []
    if spec.demand:  # what the row asks for, before any cap
        award += rounded(spec.award[1], "d", None) if kind == "round" else \
            [f"d = {col(spec.award[1])} * {spec.award[2]!r}"] if kind == "scale" else \
            [f"d = {spec.award[1]!r}"]
    award += rounded(spec.award[1], "a", spec.cap) if kind == "round" else \
        [f"a = {col(spec.award[1])} * {spec.award[2]!r}"] if kind == "scale" else \
        [f"a = {spec.award[1]!r}"]
    if kind != "round" and spec.cap is not None:
        award += [f"if a > {spec.cap!r}:", f"    a = {spec.cap!r}"]
    if spec.joint is not None:
        base, counted = spec.joint
        award += rounded(base, "room", None)
        award += [f"room -= {col(c)}" for c in counted]
        award += ["if room < 0:", "    room = 0", "if a > room:", "    a = room"]
    tests = ["keep[i]"] if spec.keep else []
    tests += [f"{col(c)} {'>=' if op == 'ge' else '>'} {bound!r}"
              for c, op, bound in spec.thresholds]
    ok = " and ".join(tests)
    award.append(f"out[i] = a if {ok} else 0" if ok else "out[i] = a")
    if spec.demand:
        award.append(f"demand[i] = d if {ok} else 0" if ok else "demand[i] = d")
    signed = [r for r in ([spec.award[1]] if kind == "round" else []) +
              ([spec.joint[0]] if spec.joint else []) if r.den != 1 and r.mode != "float"]
    if signed:
        test = " and ".join(f"{col(r.column)} >= 0" for r in signed)
        body = [f"if {test}:", *("    " + line for line in award), "else:",
                *("    " + line for line in award)]
    else:
        body = award
    names = ", ".join([*columns.values(), "keep", "out", "demand"])
    head = [f"def {spec.name}({names}):", "    for i in range(out.shape[0]):"]
    return "\n".join(head + ["        " + line for line in body]) + "\n", list(columns)


def jit_kernel(spec: Spec) -> tuple[Callable[..., None], list[str], str]:
    """The fused loop compiled by numba, taking ``(cols, keep, out, demand)`` as the numpy
    kernels do; numba is an optional extra (``pip install sjdsl[fast]``)."""
    import numba

    text, columns = jit_source(spec)
    import numpy as np

    namespace: dict[str, Any] = {"np": np}
    exec(compile(text, f"<sjdsl jit kernel {spec.name}>", "exec"), namespace)  # noqa: S102
    loop = numba.njit(nogil=True, boundscheck=False, error_model="numpy")(namespace[spec.name])

    def kernel(cols: Sequence[Any], keep: Any, out: Any, demand: Any) -> None:
        loop(*cols, keep if keep is not None else out, out, demand if demand is not None else out)
    return kernel, columns, text
