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


def test_line_buffered_answers_a_request_before_the_next_is_sent() -> None:
    """A program may keep `sjdsl eval --line-buffered` open and talk to it one line at a time."""
    import subprocess
    import sys

    from .conftest import SONGJIANG

    process = subprocess.Popen(
        [sys.executable, "-m", "sjdsl.cli", "eval", str(SONGJIANG), "--line-buffered"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert process.stdin is not None and process.stdout is not None
    import threading

    guard = threading.Timer(60, process.kill)  # a missing flush fails the test, never hangs it
    guard.start()
    try:
        for _ in range(2):
            process.stdin.write(LINE)
            process.stdin.flush()
            # stdin stays open: without the flush this read would wait for ever
            assert '"amount":"100.00"' in process.stdout.readline()
    finally:
        guard.cancel()
        process.stdin.close()
        assert process.wait(timeout=60) == 0
