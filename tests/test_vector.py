"""The vectorised engine gives exactly the scalar engine's results: every record, every provision
it supports, boundary rows at each threshold and cap included."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

np = pytest.importorskip("numpy")

from sjdsl.backends.vector import Engine, jit_available  # noqa: E402
from sjdsl.tools.driver import compile_policy, load_module  # noqa: E402
from sjdsl.tools.simulate import _grant  # noqa: E402
from sjdsl.tools.simulate_vector import simulate_vector  # noqa: E402
from sjdsl.tools.synth import applications  # noqa: E402

from .conftest import SONGJIANG  # noqa: E402

COMPILED = compile_policy(SONGJIANG)
POLICY = load_module(COMPILED).POLICY
ENGINE = Engine(COMPILED.checked)

BOUNDARIES = {
    "1.1": ("fixed_asset_investment", ["199999999.99", "200000000.00", "200000000.01"]),
    "2.1": ("annual_contract_amount", ["2999999.99", "3000000.00", "20000000.00"]),
    "6.1": ("rd_equipment_investment", ["5000000.00", "5000000.01", "20000000.00"]),
    "7.2": ("venue_rent", ["199999.99", "200000.00", "200000.01"]),
    "1.3": ("annual_cloud_fees", ["9999999.99", "10000000.00", "0.05"]),
}


def scalar_amounts(apps: list[dict[str, Any]]) -> list[Decimal]:
    histories: dict[str, list[dict[str, Any]]] = {}
    out = []
    for app in apps:
        history = histories.setdefault(app["enterprise"], [])
        request = {k: v for k, v in app.items() if k not in ("id", "enterprise")}
        result = POLICY.evaluate_raw(dict(request, history=list(history)))
        out.append(result.amount)
        if result.eligible:
            history.append(_grant(request, result))
    return out


def batch(seed: int, n: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    apps = list(applications(POLICY, n, seed, POLICY.valid_from, POLICY.valid_to))
    for pid, (name, edges) in BOUNDARIES.items():  # boundary rows at thresholds and caps
        for value in edges:
            day = apps[rng.randrange(len(apps))]["date"]
            row = {"id": f"B{pid}{value}", "enterprise": f"E{rng.randint(1, 5):05d}",
                   "provision": pid, "date": day, "inputs": {name: value}, "project": "P00001"}
            apps.append(row)
    apps.sort(key=lambda a: a["date"])
    return apps


#: The numpy block kernels, and numba's fused loops where numba is installed (ENGINE picks
#: by batch size: these batches are small, so it would always pick numpy).
NUMPY_ENGINE = Engine(COMPILED.checked, jit=False)
JIT_ENGINE = Engine(COMPILED.checked, jit=True) if jit_available() else None
ENGINES = [pytest.param(NUMPY_ENGINE, id="numpy")] + (
    [pytest.param(JIT_ENGINE, id="numba")] if JIT_ENGINE else [])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_every_record_equals_the_scalar_engine(seed: int, engine: Engine) -> None:
    apps = batch(seed, 3000)
    present = {a["provision"] for a in apps}
    supported = sorted(p for p in present if ENGINE.supports(p, present))
    assert {"1.1", "1.2", "1.3", "4.1", "4.2", "6.1", "7.1", "7.2"} <= set(supported)
    # the scalar engine over the whole batch (its history includes every provision) …
    expected = scalar_amounts(apps)
    for pid in supported:
        index = [i for i, a in enumerate(apps) if a["provision"] == pid]
        got = engine.amounts(pid, [apps[i] for i in index])
        assert [Decimal(int(v)) / 100 for v in got] == [expected[i] for i in index], pid


def test_the_jit_is_used_for_large_batches_when_numba_is_installed() -> None:
    from sjdsl.backends.vector import JIT_ROWS

    assert NUMPY_ENGINE.jit is False and not NUMPY_ENGINE.use_jit(10**7)
    if jit_available():
        assert ENGINE.jit is None and ENGINE.use_jit(JIT_ROWS) and not ENGINE.use_jit(1000)
        assert JIT_ENGINE is not None and JIT_ENGINE.use_jit(1)
    else:
        assert ENGINE.jit is False


def test_amounts_into_a_reused_buffer_equal_a_fresh_array() -> None:
    apps = [a for a in batch(3, 2000) if a["provision"] == "2.1"]
    out = np.full(len(apps), -1, dtype=np.int64)
    assert ENGINE.amounts("2.1", apps, out=out) is out
    assert out.tolist() == ENGINE.amounts("2.1", apps).tolist()
    with pytest.raises(ValueError):
        ENGINE.amounts("2.1", apps, out=np.empty(3, dtype=np.int64))


def test_the_five_rule_batch_is_fully_vectorised_and_exact() -> None:
    five = {"1.1", "1.3", "2.1", "4.1", "6.1"}
    apps = [a for a in batch(9, 4000) if a["provision"] in five]
    assert all(ENGINE.supports(p, five) for p in five)
    expected = scalar_amounts(apps)
    for pid in five:
        index = [i for i, a in enumerate(apps) if a["provision"] == pid]
        got = ENGINE.amounts(pid, [apps[i] for i in index])
        assert [Decimal(int(v)) / 100 for v in got] == [expected[i] for i in index], pid


def test_the_vectorised_report_equals_the_scalar_report() -> None:
    from sjdsl.tools.simulate import simulate

    apps = batch(5, 2000)
    assert simulate_vector(ENGINE, POLICY, apps).to_json() == simulate(POLICY, apps).to_json()


POLICY_TEXT = """政策 sample 「测试政策」
  原文文件 「official.txt」
  输入 扶持事项发生日期 event_date 日期
  附则 A.1 有效期 2025年1月1日 至 2029年12月31日{target}
    原文 「本政策自 2025 年 1 月 1 日起执行，有效期至 2029 年 12 月 31 日。」

措施 1 制造
  条款 1.1 制造项目补贴
    原文 「对新引进的制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。」
    输入 项目固定资产投资额 fixed_asset_investment 金额
    补贴 按 不超过 项目固定资产投资额 的 15%
    最高 3000万元
"""


@pytest.mark.parametrize("target,vectorised", [("", ["1.1"]), (" 按 扶持事项发生日期", [])])
def test_validity_on_an_event_date_is_left_to_the_scalar_engine(tmp_path, target: str,  # type: ignore[no-untyped-def]
                                                                vectorised: list[str]) -> None:
    # The engine judges validity on the grant date only; a policy that judges it on an input's
    # date (甘政发〔2019〕11号 第十七条) must run on the scalar engine.
    from .conftest import ROOT

    (tmp_path / "p.pol").write_text(POLICY_TEXT.format(target=target), encoding="utf-8")
    (tmp_path / "official.txt").write_bytes(
        (ROOT / "tests" / "cases" / "err" / "official.txt").read_bytes())
    engine = Engine(compile_policy(tmp_path).checked)
    assert sorted(engine.provisions) == vectorised


CORE_TEXT = """政策 core-vector 「核心语言的向量化」
  原文文件 「official.txt」
  附则 A.1 有效期 2024年1月1日 至 2026年12月31日
    原文 「有效期自 2024 年 1 月 1 日起至 2026 年 12 月 31 日。」

措施 1 设备补贴
  条款 1.1 设备补贴
    原文 「设备投资达300万元的，按设备投资的10%给予补贴，最高100万元，每年最高150万元。」
    输入 设备投资 equipment 金额
    须 设备投资 达 300万元
    补贴 = 取较小(设备投资 × 10%, 100万元)
    限额 150万元 每年
"""
CORE_OFFICIAL = ("有效期自 2024 年 1 月 1 日起至 2026 年 12 月 31 日。\n"
                 "设备投资达300万元的，按设备投资的10%给予补贴，最高100万元，每年最高150万元。\n")


def test_a_provision_written_with_the_core_is_vectorised_from_its_plan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """须 … 达, 补贴 = 取较小(…), 限额 … 每年: the engine reads the plan, not the clauses, so the
    core's own provision runs vectorised, and every record equals the scalar engine's."""
    (tmp_path / "p.pol").write_text(CORE_TEXT, encoding="utf-8")
    (tmp_path / "official.txt").write_text(CORE_OFFICIAL, encoding="utf-8")
    compiled = compile_policy(tmp_path)
    policy, engine = load_module(compiled).POLICY, Engine(compiled.checked)
    assert sorted(engine.provisions) == ["1.1"]
    rng = random.Random(7)
    edges = ["2999999.99", "3000000.00", "9999999.99", "10000000.00", "10000000.01", "0.00"]
    apps = [{"id": str(i), "enterprise": f"E{rng.randint(1, 4)}", "provision": "1.1",
             "date": f"{rng.choice([2024, 2025, 2026])}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
             "inputs": {"equipment": rng.choice(edges) if rng.random() < 0.3 else
                        f"{rng.randint(0, 30_000_000)}.{rng.randint(0, 99):02d}"}}
            for i in range(400)]
    apps.sort(key=lambda a: a["date"])
    histories: dict[str, list[dict[str, Any]]] = {}
    expected = []
    for app in apps:
        history = histories.setdefault(app["enterprise"], [])
        request = {k: v for k, v in app.items() if k not in ("id", "enterprise")}
        result = policy.evaluate_raw(dict(request, history=list(history)))
        expected.append(int(result.amount * 100))
        if result.eligible:
            history.append(_grant(request, result))
    assert [int(v) for v in engine.amounts("1.1", apps)] == expected
    assert max(expected) == 100_000_000 and min(expected) == 0  # the cap and the guard bind
