"""Every provision of 沪松经规〔2024〕4号 against cases worked out by hand from the official text.

The cases live in ``hand_cases/songjiang_cases.py``: each quotes its official sentence and shows
the arithmetic. They were written from the text and the readings in provisions.md, never from
this program's output.
"""

from __future__ import annotations

from typing import Any

import pytest

from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import _answer

from .conftest import SONGJIANG
from .hand_cases.songjiang_cases import BAD_REQUESTS, CASES

OFFICIAL = (SONGJIANG / "official.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hand_worked_case(case: dict[str, Any], songjiang: CompiledPolicy) -> None:
    assert case["sentence"] in OFFICIAL, "the case must quote the official text"
    result = songjiang.evaluate_json(case["request"])
    assert "error" not in result, result.get("error")
    got = {key: result.get(key) for key in case["expect"]}
    assert got == case["expect"], f"{case['working']}\ntrace: {result['trace']}\n" \
                                  f"reasons: {result['reasons']}"
    assert result["eligible"] == (result["amount"] != "0.00")
    if "amount" in case["expect"]:  # the amount-only path gives the hand-worked amount too
        amount = songjiang.run_amount(songjiang.parse_request(case["request"]))
        assert f"{amount:.2f}" == case["expect"]["amount"]
    common = songjiang.answer_common(dict(case["request"]))
    if common is not None:  # the generated answer to a common request: the same, line for line
        assert common == songjiang.evaluate_raw(case["request"]).to_json()
        # and its twin without the trace (`sjdsl eval --fields`): the hand-worked values too
        bare = songjiang.answer_common(dict(case["request"]), trace=False)
        assert bare is not None and "trace" not in bare
        assert {key: bare.get(key) for key in case["expect"] if key != "trace"} == \
            {key: value for key, value in case["expect"].items() if key != "trace"}


def test_common_requests_are_answered_by_the_generated_json_functions(
        songjiang: CompiledPolicy) -> None:
    """Not vacuous: most eligible hand-worked cases without history take the generated path."""
    plain = [c for c in CASES if not c["request"].get("history")
             and not c["request"].get("override_approved")
             and c["expect"].get("eligible") is not False]
    answered = [c for c in plain if songjiang.answer_common(dict(c["request"])) is not None]
    assert len(answered) >= len(plain) // 2, (len(answered), len(plain))


def test_the_common_provisions_have_amount_functions(songjiang: CompiledPolicy) -> None:
    """The amount-only target covers the rates, caps, tiers and history limits (else the test
    above would only ever exercise the fallback)."""
    fast = {pid for pid, spec in songjiang.provisions.items() if spec.amount is not None}
    assert {"1.1", "1.2", "1.3", "2.1", "3.1", "3.3", "4.1", "4.4", "6.1", "8.2"} <= fast
    assert "2.2" not in fast  # an increment: the explained calculator answers


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=[c["id"] for c in BAD_REQUESTS])
def test_bad_request(case: dict[str, Any], songjiang: CompiledPolicy) -> None:
    result = _answer(songjiang, case["line"], 1)
    assert "error" in result, f"expected an error line, got {result}"
    assert case["field"].lower() in result["error"].lower()
    assert "Traceback" not in result["error"]


def test_every_provision_has_cases(songjiang: CompiledPolicy) -> None:
    covered = {c["request"]["provision"] for c in CASES}
    assert covered >= set(songjiang.provisions)
