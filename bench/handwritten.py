"""Hand-written Decimal calculators for five rules of 沪松经规〔2024〕4号, written directly from the
official sentences, not generated: the baseline the compiled calculators are measured against.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def r(x: Decimal) -> Decimal:
    return x.quantize(FEN, rounding=ROUND_HALF_UP)


def p1_1(investment: Decimal) -> Decimal:
    """按不超过项目固定资产投资额的15%给予补贴，最高3000万元."""
    return r(min(investment * Decimal("0.15"), Decimal(30_000_000)))


def p1_3(fees: Decimal, used_this_year: Decimal) -> Decimal:
    """给予年度实际支付的服务费用的10%，最高100万元 (per project per year)."""
    return r(max(min(fees * Decimal("0.1"), Decimal(1_000_000) - used_this_year), Decimal(0)))


def p2_1(amount: Decimal, already: bool, used: Decimal) -> Decimal:
    """首次达 300 万元：不超过合同金额 10%、最高 200 万元；单个企业最高 500 万元."""
    if already or amount < Decimal(3_000_000):
        return Decimal("0.00")
    return r(max(min(amount * Decimal("0.1"), Decimal(2_000_000), Decimal(5_000_000) - used),
                 Decimal(0)))


def p6_1(investment: Decimal) -> Decimal:
    """研发设备投入超过 500 万元的，给予不超过投入金额 15%，最高 300 万元."""
    if investment <= Decimal(5_000_000):
        return Decimal("0.00")
    return r(min(investment * Decimal("0.15"), Decimal(3_000_000)))


def p4_1(national: Decimal, total: Decimal, other: Decimal) -> Decimal:
    """不超过 1:1 配套，最高 500 万元；各级财政支持合计不超过项目总投资的 30%."""
    room = max(total * Decimal("0.3") - national - other, Decimal(0))
    return r(min(national, Decimal(5_000_000), room))


def split(amount: Decimal) -> tuple[Decimal, Decimal]:
    district = r(amount * Decimal("0.7"))
    return district, amount - district


def answer(line: str) -> str:
    """A straightforward JSON Lines evaluator for the five rules (no history, no trace)."""
    req = json.loads(line)
    inputs = {k: Decimal(v) for k, v in req.get("inputs", {}).items()}
    pid = req["provision"]
    if pid == "1.1":
        amount = p1_1(inputs["fixed_asset_investment"])
    elif pid == "1.3":
        amount = p1_3(inputs["annual_cloud_fees"], Decimal(0))
    elif pid == "2.1":
        amount = p2_1(inputs["annual_contract_amount"], False, Decimal(0))
    elif pid == "6.1":
        amount = p6_1(inputs["rd_equipment_investment"])
    else:
        amount = p4_1(inputs["national_funding"], inputs["total_investment"],
                      inputs.get("other_fiscal_support", Decimal(0)))
    district, town = split(amount)
    return json.dumps({"provision": pid, "eligible": amount > 0, "amount": f"{amount:.2f}",
                       "district_share": f"{district:.2f}", "town_share": f"{town:.2f}"})
