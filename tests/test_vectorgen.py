"""The generated numpy kernels (sjdsl/backends/vectorgen.py) give the reference results record by record:
the float64 half-up rounding at and beyond its proved bound, block edges, validity masks,
thresholds, joint limits with negative room, and history caps folded or left to the
interpreted passes."""

from __future__ import annotations

from decimal import Decimal

import pytest

np = pytest.importorskip("numpy")

from sjdsl.backends import vectorgen as gen  # noqa: E402
from sjdsl.backends.vector import Batch, Engine, NotVectorisable, _Provision, jit_available  # noqa: E402
from sjdsl.language import ir  # noqa: E402
from sjdsl.language.check import KINDS  # noqa: E402

from .test_vector import ENGINE, POLICY, batch, scalar_amounts  # noqa: E402

RATES = [(3, 20), (1, 10), (3, 10), (7, 10), (1, 3), (2, 3), (5, 7), (999, 1000), (1, 2)]


def half_up(b: int, num: int, den: int) -> int:
    return (2 * b * num + den) // (2 * den)


def round_kernel(num: int, den: int, mode: str = "float"):  # type: ignore[no-untyped-def]
    spec = gen.Spec("k", ("round", gen.Rounding("b", num, den, mode)))
    return gen.compile_kernel(spec)[0]


@pytest.mark.parametrize("num,den", RATES)
def test_float_rounding_is_exact_up_to_its_bound(num: int, den: int) -> None:
    high = gen.FLOAT_BOUND // num
    assert gen.float_exact(0, high, num)
    assert not gen.float_exact(0, high + 1, num) and not gen.float_exact(-1, high, num)
    # every residue modulo 2·den (ties included) at the bound, near 2**k, and near zero
    values = [*range(0, 4 * den), *range(high - 4 * den, high + 1),
              *(v for k in range(10, 47) for v in range(2**k // num - 2 * den, 2**k // num))]
    b = np.array([v for v in values if 0 <= v <= high], dtype=np.int64)
    out = np.empty(len(b), dtype=np.int64)
    round_kernel(num, den)([b], None, out, None)
    assert out.tolist() == [half_up(int(v), num, den) for v in b]


def test_the_rounding_rows_include_ties_that_plain_float_rounding_gets_wrong() -> None:
    # without the nudge, b × fl(0.15) rounded to nearest (ties to even) misses half-up ties:
    # the test above would fail for such a kernel
    b = np.array([30, 10 + 20 * 12345], dtype=np.int64)
    assert np.rint(b * 0.15).astype(np.int64).tolist() != [half_up(int(v), 3, 20) for v in b]


def test_integer_mode_beyond_the_float_bound() -> None:
    b = np.array([gen.FLOAT_BOUND, 2**60 // 7, -(2**58), 12345], dtype=np.int64)
    out = np.empty(len(b), dtype=np.int64)
    round_kernel(3, 20, "int")([b], None, out, None)
    assert out.tolist() == [half_up(int(v), 3, 20) for v in b]
    assert gen.int_exact(-(2**58), 2**60 // 7, 3) and not gen.int_exact(0, 2**62, 3)


def test_the_fused_loop_rounds_negative_and_large_amounts_exactly() -> None:
    """The loop written for numba, in both modes, on values either side of zero (where a floor
    division needs its correction) and beyond the float bound."""
    pytest.importorskip("numba")
    b = np.array([gen.FLOAT_BOUND, 2**60 // 7, -(2**58), -1, -11, 0, 1, 12345], dtype=np.int64)
    for mode, values in (("int", b), ("float", b[b >= 0][2:])):
        spec = gen.Spec("k", ("round", gen.Rounding("c", 3, 20, mode)))
        kernel, columns_, _ = gen.jit_kernel(spec)
        out = np.empty(len(values), dtype=np.int64)
        kernel([values], None, out, None)
        assert columns_ == ["c"]
        assert out.tolist() == [half_up(int(v), 3, 20) for v in values], mode


def money_inputs(pid: str) -> dict[str, str]:
    """The provision's inputs (name → kind), each once."""
    symbols = {s.name: KINDS[s.kind_word] for s in ENGINE.checked.symbols[pid].values()
               if isinstance(s, ir.Input)}
    return symbols


def columns(pid: str, n: int, seed: int, high: int = 10**11, enterprises: int | None = None,
            ) -> Batch:
    """Random columns for one provision: amounts with zeros and threshold/cap edges, dates
    straddling the policy's validity, one enterprise a row unless ``enterprises`` is given."""
    rng = np.random.default_rng(seed)
    money, counts = {}, {}
    edges = np.array([0, 1, 299_999_999, 300_000_000, 500_000_000, 500_000_001,
                      20_000_000_000, 19_999_999_999, 2_000_000_000, 10_000_000], np.int64)
    for name, kind in money_inputs(pid).items():
        if kind == "count":
            counts[name] = rng.integers(0, 50, n)
            continue
        col = rng.integers(0, high, n, dtype=np.int64) * rng.integers(0, 2, n) \
            + rng.integers(0, 10**9, n, dtype=np.int64)
        pick = rng.integers(0, max(n, 1), n // 5)
        col[pick] = rng.choice(edges, len(pick))
        money[name] = col
    ids = np.arange(n) if enterprises is None else rng.integers(0, enterprises, n)
    day = np.sort(rng.choice([20241231, 20250101, 20260315, 20270601, 20291231, 20300101], n))
    return Batch.from_columns(money, ids, day, ids * 7 % 5 if enterprises else ids,
                              counts=counts)


def both(pid: str, data: Batch, engine: Engine = ENGINE) -> tuple[object, object]:
    """(kernel amounts and demand, interpreted amounts and demand)."""
    measure, provision = engine.provisions[pid]
    reference = _Provision(engine, measure, provision, data).interpret()
    return engine.amounts_and_demand(pid, data), reference


#: the numpy block kernels, and numba's fused loops where numba is installed
ENGINES = [pytest.param(Engine(ENGINE.checked, jit=False), id="numpy")] + (
    [pytest.param(Engine(ENGINE.checked, jit=True), id="numba")] if jit_available() else [])


KERNELS = [pid for pid, (_, p) in ENGINE.provisions.items()
           if not isinstance(p.awards[0], ir.TieredAward)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("pid", KERNELS)
@pytest.mark.parametrize("enterprises", [None, 40])
def test_every_kernel_equals_the_interpreter(pid: str, enterprises: int | None,
                                             engine: Engine) -> None:
    data = columns(pid, 5000, seed=len(pid), enterprises=enterprises)
    measure, provision = engine.provisions[pid]
    if enterprises is None:  # one row an enterprise: the kernel does everything
        assert _Provision(engine, measure, provision, data).plan(True) is not None
    (amount, demand), (ref_amount, ref_demand) = both(pid, data, engine)
    assert amount.tolist() == ref_amount.tolist()
    assert demand.tolist() == ref_demand.tolist()
    assert engine.amounts(pid, data).tolist() == ref_amount.tolist()


@pytest.mark.parametrize("n", [0, 1, 2, gen.BLOCK - 1, gen.BLOCK, gen.BLOCK + 1,
                               2 * gen.BLOCK + 3])
@pytest.mark.parametrize("pid", ["2.1", "4.1", "1.3"])
def test_block_edges(pid: str, n: int) -> None:
    data = columns(pid, n, seed=n)
    (amount, demand), (ref_amount, ref_demand) = both(pid, data)
    assert len(amount) == n
    assert amount.tolist() == ref_amount.tolist() and demand.tolist() == ref_demand.tolist()


@pytest.mark.parametrize("engine", ENGINES)
def test_large_amounts_use_integer_arithmetic_and_stay_exact(engine: Engine) -> None:
    data = columns("4.1", 3000, seed=7, high=2**55)
    measure, provision = engine.provisions["4.1"]
    spec = _Provision(engine, measure, provision, data).plan(True)
    assert spec is not None and spec.joint is not None and spec.joint[0].mode == "int"
    (amount, _), (ref_amount, _) = both("4.1", data, engine)
    assert amount.tolist() == ref_amount.tolist()
    assert int(ref_amount.max()) > 0


def test_amounts_beyond_int64_are_refused() -> None:
    data = columns("1.1", 10, seed=1)
    data._cache[("fen", "fixed_asset_investment")] = np.full(10, 2**62, dtype=np.int64)
    with pytest.raises(NotVectorisable):
        ENGINE.amounts("1.1", data)


def test_one_row_per_enterprise_equals_the_scalar_engine() -> None:
    # the folded path (history caps as plain minimums) against the Decimal engine itself
    apps = batch(11, 3000)
    for i, app in enumerate(apps):
        app["enterprise"], app["project"] = f"E{i:06d}", f"P{i:06d}"
    expected = scalar_amounts(apps)
    for pid in KERNELS:
        index = [i for i, a in enumerate(apps) if a["provision"] == pid]
        rows = Batch([apps[i] for i in index])
        if not index:
            continue
        measure, provision = ENGINE.provisions[pid]
        assert _Provision(ENGINE, measure, provision, rows).plain_history(), pid
        got = ENGINE.amounts(pid, rows)
        assert [Decimal(int(v)) / 100 for v in got] == [expected[i] for i in index], pid


def test_the_source_is_deterministic_and_its_columns_are_private() -> None:
    money = {"fixed_asset_investment": np.array([100_000_000_000, 5], dtype=np.int64)}
    ids = np.arange(2)
    data = Batch.from_columns(money, ids, np.full(2, 20260315), ids)
    text = ENGINE.source("1.1", data)
    assert text is not None and text == ENGINE.source("1.1", data)
    assert "0.15000000000000013" in text and "3000000000" in text  # folded literals
    money["fixed_asset_investment"][0] = 2**62  # the caller's array; the batch kept a copy
    assert ENGINE.amounts("1.1", data).tolist() == [3_000_000_000, 1]
    assert POLICY.evaluate("1.1", date="2026-03-15", inputs={
        "fixed_asset_investment": "0.05"}, project="P").amount == Decimal("0.01")
