"""The Python API: load_policy → evaluate, the same answers as the JSON contract."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from sjdsl import CompileError, RequestError, load_policy
from sjdsl.cli import _answer
from sjdsl.runtime import CompiledPolicy

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
