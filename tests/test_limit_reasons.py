"""A limit that cuts an award to nothing says so: the reason names the limit, not 「基数为 0 或
无正增量」 (which is for a formula that gives nothing), on the explained path and on the
generated answer to the common request alike."""

from __future__ import annotations

import json
from typing import Any

from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import _answer

CUT = "4.1：财政支持合计限额已无余额，金额被减为 0，不予奖励 (the limit cut the award to 0)"
NOTHING = "4.1：计算金额为 0（基数为 0 或无正增量），不予奖励"


def _both(policy: CompiledPolicy, inputs: dict[str, str]) -> list[dict[str, Any]]:
    request = {"provision": "4.1", "date": "2026-03-15", "inputs": inputs}
    explained = policy.evaluate("4.1", date="2026-03-15", inputs=inputs).to_json()
    generated = _answer(policy, json.dumps(request, ensure_ascii=False), 1)
    return [explained, generated]


def test_a_joint_limit_with_no_room_names_itself(songjiang: CompiledPolicy) -> None:
    # 「对承担国家级项目的企业，给予不超过 1:1 的资金配套，最高 500 万元」 and 「各级财政支持合计不超过
    # 项目总投资的 30%」: 国家级项目资金 200 万元 matched 1:1 is 200 万元; 30% of a total
    # investment of 500 万元 is 150 万元, which the 200 万元 of national funds already exceed,
    # so nothing is left for the matching award.
    for result in _both(songjiang, {"national_funding": "2000000",
                                    "total_investment": "5000000"}):
        assert result["eligible"] is False and result["amount"] == "0.00"
        assert result["reasons"] == [CUT]


def test_some_room_left_pays_the_room(songjiang: CompiledPolicy) -> None:
    # 30% × 800 万元 = 240 万元, less 200 万元 of national funds: 40 万元 of room, paid.
    for result in _both(songjiang, {"national_funding": "2000000",
                                    "total_investment": "8000000"}):
        assert result["amount"] == "400000.00" and result["reasons"] == []


def test_a_formula_that_gives_nothing_keeps_its_own_reason(songjiang: CompiledPolicy) -> None:
    # 1:1 of 0.004 元 is 0.004 元, which rounds to 0.00 with room to spare: the formula's zero.
    for result in _both(songjiang, {"national_funding": "0.004",
                                    "total_investment": "5000000"}):
        assert result["reasons"] == [NOTHING]
