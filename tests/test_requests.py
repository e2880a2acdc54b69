"""Request validation (sjdsl/requests.py) against what a hostile or careless caller sends:
bounded nesting and numbers, short messages."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from sjdsl import RequestError
from sjdsl.cli import _answer
from sjdsl.runtime import CompiledPolicy


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
    # "got <sjdsl.requests._Float object at 0x…>")
    answer = _answer(songjiang, json.dumps({"provision": 1.1, "date": "2026-03-15"}), 1)
    assert answer["error"] == "provision: expected a string id, got the number 1.1"
    assert songjiang.evaluate_json({"provision": 1.1})["error"] == answer["error"]
