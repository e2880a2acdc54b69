"""`sjdsl eval` streams: each line is answered before the next one is read."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator

import pytest

from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import evaluate_lines

from .conftest import SONGJIANG

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
        [sys.executable, "-m", "sjdsl.tools.cli", "eval", str(SONGJIANG), "--line-buffered"],
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


class _Recorder(io.BytesIO):
    """Standard input that remembers the longest piece handed out at once."""

    longest = 0

    def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        line = super().readline(size)
        self.longest = max(self.longest, len(line))
        return line

    def __iter__(self) -> Iterator[bytes]:  # type: ignore[override]
        return iter(self.readline, b"")


def test_eval_bounds_a_line_before_holding_it(songjiang: CompiledPolicy,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A 5 MB line is never held whole: it gets an error line, is read past in blocks, and the
    next line is answered (the old reader held each line whole before its length check)."""
    from sjdsl.tools.cli import MAX_LINE, main

    huge = b'{"provision": "7.1", "pad": "' + b"x" * 5_000_000 + b'"}\n'
    stdin = _Recorder(huge + LINE.encode() + huge.rstrip(b"\n"))  # the last without a newline
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stdin, encoding="utf-8"))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    buffer = sys.stdout.buffer
    assert main(["eval", str(SONGJIANG)]) == 1
    first, second, third = (json.loads(x) for x in buffer.getvalue().splitlines())
    assert "1,000,000 bytes" in first["error"] and first["line"] == 1
    assert second["amount"] == "100.00" and third["line"] == 3 and "error" in third
    assert stdin.longest <= MAX_LINE + 1


def test_a_line_of_exactly_the_limit_is_answered() -> None:
    from sjdsl.tools.cli import MAX_LINE, read_lines

    exact = b"x" * MAX_LINE + b"\n"
    assert list(read_lines(io.BytesIO(exact + exact + b"y"))) == [exact, exact, b"y"]
    cut = list(read_lines(io.BytesIO(b"z" * (MAX_LINE + 5) + b"\nok\n")))
    assert [len(x) for x in cut] == [MAX_LINE + 1, 3] and cut[1] == b"ok\n"
