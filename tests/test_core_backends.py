"""The back ends derived from the core: every provision lowered to a plan (``core/lower.py``), and
the amount-only function written from the plan (``core/pyfast.py``), give exactly the explained
calculator's amount — on every hand-worked case of the six policies, and on those cases with
their numbers, flags and histories drawn at random."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sjdsl import load_policy
from sjdsl.backends.codegen_fast import plan_of
from sjdsl.core import nodes as n
from sjdsl.core.lower import PROJECT, NotLowered, lower
from sjdsl.language import ir
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.runtime.requests import RequestError
from sjdsl.tools.driver import Sources, load

from .conftest import ROOT
from .hand_cases import (
    dalian_ecommerce_cases,
    ganjingzi_cases,
    ganjingzi_leasing_cases,
    ganjingzi_listing_cases,
    ganjingzi_trade_cases,
    songjiang_cases,
)

SUITES = {
    "songjiang-terminal-2024": songjiang_cases,
    "ganjingzi-hq-economy-2019": ganjingzi_cases,
    "ganjingzi-financial-leasing": ganjingzi_leasing_cases,
    "ganjingzi-foreign-trade-ecommerce": ganjingzi_trade_cases,
    "ganjingzi-listing-subsidy": ganjingzi_listing_cases,
    "dalian-cross-border-ecommerce": dalian_ecommerce_cases,
}
_LOADED: dict[str, CompiledPolicy] = {}


def _policy(name: str) -> CompiledPolicy:
    if name not in _LOADED:
        _LOADED[name] = load_policy(ROOT / "policies" / name)
    return _LOADED[name]


CASES = [(name, case) for name, module in SUITES.items() for case in module.CASES]


def _both(policy: CompiledPolicy, raw: dict[str, Any]) -> None:
    """The amount function's answer is the explained calculator's (or the same refusal)."""
    try:
        request = policy.parse_request(raw)
    except RequestError:
        return
    try:
        explained = policy.run(request).amount
    except Exception as exc:  # noqa: BLE001 - the same refusal is expected from both
        with pytest.raises(type(exc)):
            policy.run_amount(request)
        return
    assert policy.run_amount(request) == explained, raw


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}-{c['id']}" for n, c in CASES])
def test_the_amount_function_answers_every_hand_case(name: str, case: dict[str, Any]) -> None:
    _both(_policy(name), dict(case["request"]))


def test_core_provisions_have_amount_functions() -> None:
    """Provisions written with the core (定义, 须, 每超过, 下表, 限额 … 合计 全部, 已获, 名单)
    are no longer left to the explained calculator alone."""
    leasing = _policy("ganjingzi-financial-leasing")
    trade = _policy("ganjingzi-foreign-trade-ecommerce")
    fast = {pid for pid, spec in leasing.provisions.items() if spec.amount is not None}
    assert {"4.1", "4.2"} <= fast
    share = sum(spec.amount is not None for spec in trade.provisions.values())
    assert share >= len(trade.provisions) // 2, share


def _checked(name: str) -> Any:
    checked, _warnings = load(ROOT / "policies" / name, Sources())
    return checked


def _provision(checked: Any, pid: str) -> tuple[ir.Measure, ir.Provision]:
    return next((m, p) for m in checked.policy.measures for p in m.provisions if p.id == pid)


def test_a_rate_with_a_ceiling_lowers_to_a_product_and_a_cut() -> None:
    """比例 15% … 最高 3000万元 (Songjiang 1.1) is ``基数 × 15%`` cut to 3000万元."""
    checked = _checked("songjiang-terminal-2024")
    measure, provision = _provision(checked, "1.1")
    plan = plan_of(checked, measure, provision)
    assert plan is not None
    assert isinstance(plan.amount, n.Binary) and plan.amount.op == "×"
    assert isinstance(plan.amount.right, n.Quantity)
    assert plan.amount.right.value == Decimal("0.15")
    assert [c.value for c in plan.cuts if isinstance(c, n.Quantity)] == [Decimal("30000000")]


def test_history_clauses_lower_to_core_limits() -> None:
    """最多三年 (per project) is ``限年 3 年 按 项目``; 每年最高 is ``限额 … 每年``."""
    checked = _checked("songjiang-terminal-2024")
    kinds = set()
    for measure in checked.policy.measures:
        for provision in measure.provisions:
            plan = plan_of(checked, measure, provision)
            if plan is None:
                continue
            for scoped in plan.limits:
                kinds.add((scoped.limit.kind, scoped.limit.yearly, scoped.limit.key == PROJECT))
    assert ("years", False, True) in kinds
    assert ("amount", True, False) in kinds


def test_a_clause_without_a_plan_is_said_so() -> None:
    """A provision of 择优 between provisions is left to the explained calculator, by name."""
    checked = _checked("ganjingzi-hq-economy-2019")
    reasons = []
    for measure in checked.policy.measures:
        for provision in measure.provisions:
            try:
                lower(checked.policy, lambda ref, p=provision: checked.resolve(p.id, ref),
                      measure, provision)
            except NotLowered as exc:
                reasons.append(str(exc))
    assert reasons and all(reason for reason in reasons)


# ---------------------------------------------------------------- random requests

_AMOUNTS = st.one_of(st.sampled_from(["0", "0.01", "1", "99999.99", "100000", "170000000",
                                      "270000000", "1000000000"]),
                     st.decimals(min_value=0, max_value=2_000_000_000, places=2,
                                 allow_nan=False, allow_infinity=False).map(str))


def _vary(data: st.DataObject, value: Any) -> Any:
    """The same kind of value, drawn at random: amounts, counts, flags, records' fields."""
    if isinstance(value, bool):
        return data.draw(st.booleans())
    if isinstance(value, int):
        return data.draw(st.integers(min_value=0, max_value=200))
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return data.draw(_AMOUNTS)
    if isinstance(value, list):
        return [_vary(data, item) for item in value[:4]]
    if isinstance(value, dict):
        return {k: (v if k in ("id", "name", "姓名", "编号") else _vary(data, v))
                for k, v in value.items()}
    return value


def _grant(data: st.DataObject, raw: dict[str, Any], date: str) -> dict[str, Any]:
    inputs = raw.get("inputs", {}) if data.draw(st.booleans()) else {}
    return {"provision": raw["provision"], "date": date, "amount": data.draw(_AMOUNTS),
            "inputs": inputs, **({"project": raw["project"]} if "project" in raw else {})}


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_the_amount_function_equals_the_explained_calculator_on_varied_cases(
        data: st.DataObject) -> None:
    name, case = data.draw(st.sampled_from(CASES))
    raw = dict(case["request"])
    raw["inputs"] = {k: _vary(data, v) for k, v in raw.get("inputs", {}).items()}
    others = [c["request"] for n_, c in CASES if n_ == name]
    year = int(raw["date"][:4])
    history = list(raw.get("history", []))
    for _ in range(data.draw(st.integers(min_value=0, max_value=4))):
        earlier = data.draw(st.sampled_from([case["request"]] * 3 + others))
        day = f"{data.draw(st.integers(min_value=year - 3, max_value=year))}-03-01"
        history.append(_grant(data, earlier, day))
    raw["history"] = history
    _both(_policy(name), raw)


# ---------------------------------------------------------------- 分段, 阶梯 and 排除, lowered

_CLAUSES = """政策 lowered 「分段与阶梯」
  原文文件 「official.txt」
  附则 A.1 有效期 2025年1月1日 至 2029年12月31日
    原文 「有效期自 2025 年 1 月 1 日起至 2029 年 12 月 31 日。」

措施 1 分段与阶梯
  条款 1.1 分段
    原文 「贡献达100万元至500万元的按10%扶持，超过500万元至1000万元的按20%扶持，超过1000万元的按30%扶持。」
    输入 贡献 contribution 金额
    扶持 按 贡献 分段 全额
      达 100万元 至 500万元 10%
      超过 500万元 至 1000万元 20%
      超过 1000万元 30%
  条款 1.2 阶梯
    原文 「收入超过1000万元、5000万元的，分别给予10万元、30万元，已享受其他扶持的不再享受。」
    输入 收入 revenue 金额
    输入 已享受其他扶持 other_support 是否
    奖励 按 收入 超过 分别
      1000万元 10万元
      5000万元 30万元
    排除 已享受其他扶持
    每年最高 30万元
"""
_SENTENCES = ("有效期自 2025 年 1 月 1 日起至 2029 年 12 月 31 日。\n"
              "贡献达100万元至500万元的按10%扶持，超过500万元至1000万元的按20%扶持，超过1000万元的按30%扶持。\n"
              "收入超过1000万元、5000万元的，分别给予10万元、30万元，已享受其他扶持的不再享受。\n")


@pytest.fixture(scope="module")
def clauses(tmp_path_factory: pytest.TempPathFactory) -> CompiledPolicy:
    folder = tmp_path_factory.mktemp("lowered")
    (folder / "p.pol").write_text(_CLAUSES, encoding="utf-8")
    (folder / "official.txt").write_text(_SENTENCES, encoding="utf-8")
    return load_policy(folder)


def test_bands_ladders_and_exclusions_have_amount_functions(clauses: CompiledPolicy) -> None:
    assert all(spec.amount is not None for spec in clauses.provisions.values())


_EDGES = st.sampled_from(["0", "999999.99", "1000000", "1000000.01", "5000000", "5000000.01",
                          "10000000", "10000000.01", "50000000", "50000000.01", "80000000"])


@settings(max_examples=200, deadline=None)
@given(st.one_of(_EDGES, _AMOUNTS), st.booleans(), st.lists(_AMOUNTS, max_size=3))
def test_bands_ladders_and_exclusions_agree_with_the_explained_calculator(
        clauses: CompiledPolicy, base: str, other: bool, earlier: list[str]) -> None:
    history = [{"provision": "1.2", "date": "2026-02-01", "amount": a} for a in earlier]
    _both(clauses, {"provision": "1.1", "date": "2026-06-01", "inputs": {"contribution": base}})
    _both(clauses, {"provision": "1.2", "date": "2026-06-01", "history": history,
                    "inputs": {"revenue": base, "other_support": other}})


@pytest.mark.parametrize(("base", "paid"), [
    ("999999.99", "0.00"), ("1000000", "100000.00"), ("5000000", "500000.00"),
    ("5000000.01", "1000000.00"), ("10000000", "2000000.00"), ("10000000.01", "3000000.00")])
def test_a_band_pays_the_rate_of_its_band_on_the_whole_base(clauses: CompiledPolicy, base: str,
                                                            paid: str) -> None:
    """By hand: 100万 达 the first edge → 10% = 10万; 500万 is in the first band (至 includes
    its upper edge) → 50万; 500万 + 0.01 is over 500万 → 20% = 1,000,000.00; 1000万 → 20% = 200万;
    over 1000万 → 30%."""
    request = clauses.parse_request({"provision": "1.1", "date": "2026-06-01",
                                     "inputs": {"contribution": base}})
    assert clauses.run_amount(request) == Decimal(paid)


def test_no_amount_function_calls_the_explained_calculator() -> None:
    """The amount functions are written without a trace: none names the explained calculator's
    ``ev`` (a core construct the amount writer did not learn would, and fail only when run)."""
    import ast

    for module in sorted((ROOT / "generated").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and "_a_p" in node.name:
                names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                assert "ev" not in names, (module.name, node.name)


# ---------------------------------------------------------------- the explained body from the plan


def _explained(policy: CompiledPolicy, raw: dict[str, Any]) -> tuple[Any, ...]:
    try:
        result = policy.run(policy.parse_request(dict(raw)))
    except Exception as exc:  # noqa: BLE001 - the same refusal is expected from both
        return ("raises", type(exc).__name__)
    return (result.eligible, result.amount)


@pytest.fixture(scope="module")
def from_plan() -> dict[str, CompiledPolicy]:
    """Each policy compiled with every provision explained from its plan (``from_plan``): the
    path a clause with no explained step of its own takes."""
    from sjdsl.backends.codegen import generate
    from sjdsl.language.loading import exec_module

    modules = {}
    for name in SUITES:
        checked, _warnings = load(ROOT / "policies" / name, Sources())
        source = generate(checked, name, from_plan=True)
        modules[name] = exec_module(source, "plan_" + name.replace("-", "_")).POLICY
    return modules


#: 附则 A.3 (an approved override) lifts the clauses' caps; a plan has no liftable cap.
UNLIFTED = [(n, c) for n, c in CASES if not c["request"].get("override_approved")]


@pytest.mark.parametrize(("name", "case"), UNLIFTED, ids=[f"{n}-{c['id']}" for n, c in UNLIFTED])
def test_every_clause_explained_from_its_plan_gives_the_same_answer(
        name: str, case: dict[str, Any], from_plan: dict[str, CompiledPolicy]) -> None:
    """The clauses' own explained steps and the core's steps on their plans agree on every
    hand-worked case without an override."""
    raw = case["request"]
    assert _explained(from_plan[name], raw) == _explained(_policy(name), raw)


def test_a_plan_explains_in_the_core_words(from_plan: dict[str, CompiledPolicy]) -> None:
    """By hand, Songjiang 4.1 (national funding 600万, total investment 3000万): 1:1 matching
    gives 600万, cut to 500万 by 上限, then to 30% × 3000万 − 600万 − 0 = 300万 by the joint
    limit; each step is a line of the trace."""
    policy = from_plan["songjiang-terminal-2024"]
    result = policy.run(policy.parse_request({
        "provision": "4.1", "date": "2026-03-15", "project": "P",
        "inputs": {"national_funding": "6000000", "total_investment": "30000000"}}))
    assert result.amount == Decimal("3000000.00")
    trace = "\n".join(result.trace)
    assert "取较小（500万元）：6,000,000.00 超出，取 5,000,000.00" in trace
    assert "超出，取 3,000,000.00" in trace
