"""`sjdsl eval` streams: each line is answered before the next one is read."""

from __future__ import annotations

import io
from collections.abc import Iterator

from sjdsl.cli import evaluate_lines
from sjdsl.runtime import CompiledPolicy

LINE = '{"provision": "7.1", "date": "2026-03-15", "inputs": {"brand_center_cost": "1000"}}\n'


def test_each_line_is_answered_before_the_next_is_read(songjiang: CompiledPolicy) -> None:
    out = io.StringIO()
    seen: list[int] = []

    def lines() -> Iterator[str]:
        for _ in range(50):
            # every line before this one has already been answered
            seen.append(out.getvalue().count("\n"))
            yield LINE

    assert evaluate_lines(songjiang, lines(), out) == 0
    assert seen == list(range(50))
    # 7.1: 不超过品牌中心建设费 10% → 10% × 1,000 = 100.00
    assert out.getvalue().count("\"amount\":\"100.00\"") == 50
