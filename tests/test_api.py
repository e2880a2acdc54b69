"""The Python API: load_policy → evaluate, the same answers as the JSON contract."""

from __future__ import annotations

import datetime
import decimal
import json
from decimal import Decimal

import pytest

from sjdsl import CompileError, RequestError, load_policy
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import _answer

from .conftest import ROOT


def test_evaluate_matches_the_json_contract(songjiang: CompiledPolicy) -> None:
    # 1.1 「按不超过项目固定资产投资额的15%给予补贴，最高3000万元」: 15% × 250,000,000 = 37,500,000
    # is above the cap, so 30,000,000.00; 7:3 → 21,000,000.00 / 9,000,000.00.
    result = songjiang.evaluate("1.1", date="2026-03-15",
                                inputs={"fixed_asset_investment": "250000000"})
    assert result.amount == Decimal("30000000.00")
    assert (result.district_share, result.town_share) == (Decimal("21000000.00"),
                                                          Decimal("9000000.00"))
    assert result.ceiling and result.eligible
    line = json.dumps({"provision": "1.1", "date": "2026-03-15",
                       "inputs": {"fixed_asset_investment": "250000000"}})
    assert result.to_json() == _answer(songjiang, line, 1)


def test_amount_alone_is_the_evaluated_amount(songjiang: CompiledPolicy) -> None:
    # 1.3 「给予年度实际支付的服务费用的10%，最高100万元」: 10% × 1,250,000.50 = 125,000.05,
    # and 100,000 already granted to the project this year leaves 900,000 of room.
    history = [{"provision": "1.3", "date": "2026-01-10", "amount": "100000.00", "project": "P"}]
    amount = songjiang.amount("1.3", date="2026-04-01", inputs={"annual_cloud_fees": "1250000.50"},
                              project="P", history=history)
    assert amount == Decimal("125000.05")
    # 2.1 below its threshold 「首次达 300 万元」: nothing
    assert songjiang.amount("2.1", date="2026-04-01",
                            inputs={"annual_contract_amount": "2999999.99"}) == 0
    with pytest.raises(RequestError, match="float"):
        songjiang.amount("1.1", date="2026-04-01", inputs={"fixed_asset_investment": 1.5})


def test_chinese_terms_are_accepted_as_input_names(songjiang: CompiledPolicy) -> None:
    result = songjiang.evaluate("1.1", date="2026-03-15", inputs={"项目固定资产投资额": 1000})
    assert result.amount == Decimal("150.00")  # 15% × 1,000


def test_money_is_decimal_everywhere(songjiang: CompiledPolicy) -> None:
    result = songjiang.evaluate("4.2", date="2026-03-15",
                                inputs={"municipal_funding": Decimal("1000000.01"),
                                        "total_investment": "100000000"})
    # 1:0.5 of 1,000,000.01 = 500,000.005 → 500,000.01 half-up.
    assert result.amount == Decimal("500000.01")
    for value in (result.amount, result.district_share, result.town_share):
        assert isinstance(value, Decimal)


def test_a_float_is_refused(songjiang: CompiledPolicy) -> None:
    with pytest.raises(RequestError) as info:
        songjiang.evaluate("1.1", date="2026-03-15", inputs={"fixed_asset_investment": 0.1})
    assert info.value.field == "fixed_asset_investment"


def test_a_supplementary_rule_is_not_a_provision(songjiang: CompiledPolicy) -> None:
    with pytest.raises(RequestError, match="附则"):
        songjiang.evaluate("A.2", date="2026-03-15")


def test_a_bad_policy_raises_compile_error_with_diagnostics() -> None:
    with pytest.raises(CompileError) as info:
        load_policy(ROOT / "tests" / "cases" / "err" / "E002-unknown-input.pol")
    assert [d.code for d in info.value.diagnostics] == ["E002"]


CALLER_CONTEXTS = [
    decimal.Context(prec=12),
    decimal.Context(prec=6),
    decimal.Context(traps=[decimal.Inexact]),
    decimal.Context(traps=[decimal.Rounded]),
    decimal.Context(prec=3, rounding=decimal.ROUND_DOWN, Emax=5, Emin=-5,
                    traps=[decimal.Inexact, decimal.Rounded, decimal.FloatOperation]),
]


@pytest.mark.parametrize("caller", CALLER_CONTEXTS, ids=["prec12", "prec6", "Inexact",
                                                         "Rounded", "all"])
def test_results_do_not_depend_on_the_callers_decimal_context(
        songjiang: CompiledPolicy, caller: decimal.Context) -> None:
    # 1.3: 10% × 1,234.4499999999 = 123.44499999999 → 123.44 half-up; at prec 12 the product
    # was rounded to 123.445000000 first and paid 123.45; at prec 6, or with Inexact or Rounded
    # trapped, the request raised
    request = {"provision": "1.3", "date": "2026-04-01", "project": "P",
               "inputs": {"annual_cloud_fees": "1234.4499999999"}}
    large = {"provision": "1.1", "date": "2026-03-15",
             "inputs": {"fixed_asset_investment": "123456789012.34"}}  # 3000万元 cap
    kwargs = {k: v for k, v in request.items() if k != "provision"}
    with decimal.localcontext(caller) as inside:
        assert songjiang.evaluate_json(request)["amount"] == "123.44"
        assert songjiang.evaluate("1.3", **kwargs).amount == Decimal("123.44")
        assert songjiang.evaluate("1.3", **kwargs).to_json()["district_share"] == "86.41"
        assert songjiang.amount("1.3", **kwargs) == Decimal("123.44")
        assert songjiang.evaluate_json(large)["amount"] == "30000000.00"
        assert songjiang.evaluate_json(dict(large, history=[]))["town_share"] == "9000000.00"
        assert decimal.getcontext() is inside  # the caller's own context, given back
    assert inside.prec == caller.prec and inside.rounding == caller.rounding


def test_generated_functions_do_not_depend_on_the_callers_decimal_context() -> None:
    import generated.songjiang_terminal_2024 as module

    request = module.POLICY.request("1.3", date="2026-04-01", project="P",
                                    inputs={"annual_cloud_fees": "1234.4499999999"})
    raw = {"provision": "1.1", "date": "2026-03-15",
           "inputs": {"fixed_asset_investment": "123456789012.34"}}
    with decimal.localcontext(decimal.Context(prec=6, traps=[decimal.Inexact])) as inside:
        assert module.POLICY.provisions["1.3"].amount(request) == Decimal("123.44")
        assert module.POLICY.provisions["1.1"].json(raw, datetime.date(2026, 3, 15))[
            "amount"] == "30000000.00"
        assert module.provision_1_3(date="2026-04-01", project="P",
                                    annual_cloud_fees="1234.4499999999").amount == \
            Decimal("123.44")
        assert decimal.getcontext() is inside
