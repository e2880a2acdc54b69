"""Request validation (sjdsl/runtime/requests.py) against what a hostile or careless caller sends:
history entries checked like request inputs, bounded nesting and numbers, short messages."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from sjdsl import RequestError, load_policy
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import _answer

from .conftest import ROOT

GANJINGZI = load_policy(ROOT / "policies" / "ganjingzi-hq-economy-2019")


def rent(history: list[dict[str, Any]]) -> dict[str, Any]:
    """甘井子 13.4 租房补贴, 每月 2000 元, 以劳动合同时长为限、最长 36 个月: 36 months asked."""
    return GANJINGZI.evaluate_json({
        "provision": "13.4", "date": "2020-06-15", "person": "赵六",
        "inputs": {"event_date": "2019-12-31", "months": 36, "contract_months": 36},
        "history": history})


def test_negative_months_in_history_do_not_reopen_the_duration_limit() -> None:
    earlier = {"provision": "13.4", "date": "2020-01-15", "amount": "24000", "person": "赵六",
               "inputs": {"months": 12}}
    # 12 months paid before: 24 left × 2,000 = 48,000.00
    assert rent([earlier])["amount"] == "48000.00"
    # -1000 months "paid" would leave 1,036: 36 × 2,000 = 72,000.00 paid — refused instead
    answer = rent([dict(earlier, inputs={"months": -1000})])
    assert "amount" not in answer
    assert answer["field"] == "history[0].inputs.months" and "-1000" in answer["error"]
    with pytest.raises(RequestError) as info:
        GANJINGZI.amount("13.4", date="2020-06-15", person="赵六",
                         inputs={"event_date": "2019-12-31", "months": 36, "contract_months": 36},
                         history=[dict(earlier, inputs={"months": -1000})])
    assert info.value.field == "history[0].inputs.months"


@pytest.mark.parametrize("level", ["国家级 ", 1, " 国家级", True, None, ["国家级"]])
def test_a_3_3_history_level_must_be_one_of_its_values(songjiang: CompiledPolicy,
                                                       level: object) -> None:
    """3.3 「一次性奖励」 per level: a level the enumeration does not list cannot hide an
    earlier national grant, and 1,000,000.00 is not paid twice."""
    answer = songjiang.evaluate_json({
        "provision": "3.3", "date": "2026-03-15", "inputs": {"level": "国家级"},
        "history": [{"provision": "3.3", "date": "2025-03-15", "amount": "1000000",
                     "inputs": {"level": level}}]})
    assert answer.get("amount") != "1000000.00"
    assert answer["field"] == "history[0].inputs.level", answer


@pytest.mark.parametrize("key", ["level", "认定级别"])
def test_a_3_3_history_level_by_name_or_official_term_is_honoured(songjiang: CompiledPolicy,
                                                                  key: str) -> None:
    answer = songjiang.evaluate_json({
        "provision": "3.3", "date": "2026-03-15", "inputs": {"level": "国家级"},
        "history": [{"provision": "3.3", "date": "2025-03-15", "amount": "1000000",
                     "inputs": {key: "国家级"}}]})
    assert answer["amount"] == "0.00" and "一次性" in answer["reasons"][0]


@pytest.mark.parametrize(("entry", "field"), [
    ({"provision": ["3.3"]}, "history[0].provision"),  # was a TypeError (unhashable list)
    ({"provision": 3.3}, "history[0].provision"),
    ({"amount": "-1"}, "history[0].amount"),
    ({"amount": 1.5}, "history[0].amount"),
    ({"date": "2025-3-15"}, "history[0].date"),
    ({"inputs": {"levle": "国家级"}}, "history[0].inputs.levle"),
    ({"inputs": ["国家级"]}, "history[0].inputs"),
    ({"inputs": {"level": "国家级", "认定级别": "国家级"}}, "history[0].inputs.level"),
])
def test_every_part_of_a_history_entry_is_validated(songjiang: CompiledPolicy,
                                                    entry: dict[str, Any], field: str) -> None:
    earlier = dict({"provision": "3.3", "date": "2025-03-15", "amount": "500000",
                    "inputs": {"level": "市级"}}, **entry)
    answer = songjiang.evaluate_json({"provision": "3.3", "date": "2026-03-15",
                                      "inputs": {"level": "国家级"}, "history": [earlier]})
    assert answer["field"] == field, answer


def nested(depth: int, leaf: object = "1") -> object:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("where", ["provision", "inputs", "history", "project", "date"])
def test_a_request_nested_100000_deep_is_an_error_not_a_recursion_error(
        songjiang: CompiledPolicy, where: str) -> None:
    raw: dict[str, Any] = {"provision": "1.1", "date": "2026-03-15",
                           "inputs": {"fixed_asset_investment": "100"}}
    if where == "inputs":
        raw["inputs"] = {"fixed_asset_investment": nested(100_000)}
    else:
        raw[where] = nested(100_000)
    answer = songjiang.evaluate_json(raw)
    assert "error" in answer and len(answer["error"]) < 200
    with pytest.raises(RequestError):
        songjiang.evaluate_raw(raw)


def test_nesting_is_bounded_at_32_levels(songjiang: CompiledPolicy) -> None:
    answer = songjiang.evaluate_json({"provision": "1.1", "date": "2026-03-15",
                                      "inputs": {"fixed_asset_investment": "100"},
                                      "project": nested(40)})
    assert answer["field"] == "project" and "32 levels" in answer["error"]


@pytest.mark.parametrize("value", [Decimal("1E+100000000"), Decimal("1E-100000000"),
                                   Decimal("9" * 5000), 10**5000, -(10**5000)],
                         ids=["1E+100000000", "1E-100000000", "5000 nines", "10**5000",
                              "-10**5000"])
def test_huge_numbers_are_refused_with_a_short_message(songjiang: CompiledPolicy,
                                                       value: object) -> None:
    # Decimal("1E+100000000") used to be written out digit by digit (0.8 s, 417 MB) into the
    # message; 10**5000 made str() raise ValueError past the refusal
    with pytest.raises(RequestError) as info:
        songjiang.evaluate("1.1", date="2026-03-15", inputs={"fixed_asset_investment": value})
    assert info.value.field == "fixed_asset_investment" and len(info.value.message) < 200


def test_a_huge_count_is_refused_with_a_short_message(songjiang: CompiledPolicy) -> None:
    with pytest.raises(RequestError) as info:
        songjiang.evaluate("4.4", date="2026-03-15", inputs={"products": 10**5000})
    assert "out of range" in info.value.message and len(info.value.message) < 200


def test_a_long_float_in_json_is_echoed_short(songjiang: CompiledPolicy) -> None:
    line = ('{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": '
            + "1" * 4000 + ".5}}")
    answer = _answer(songjiang, line, 1)
    assert "binary float" in answer["error"] and len(answer["error"]) < 300


def test_a_float_provision_is_named_as_a_number(songjiang: CompiledPolicy) -> None:
    # through the standard decoder, which keeps floats apart (it used to show the object:
    # "got <sjdsl.runtime.requests._Float object at 0x…>")
    answer = _answer(songjiang, json.dumps({"provision": 1.1, "date": "2026-03-15"}), 1)
    assert answer["error"] == "provision: expected a string id, got the number 1.1"
    assert songjiang.evaluate_json({"provision": 1.1})["error"] == answer["error"]
