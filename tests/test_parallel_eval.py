"""`sjdsl eval --jobs N`: a long stream answered in worker processes writes, byte for byte and in
the same order, what one process writes, whether the workers write to a file themselves or hand
the bytes back; a short stream, `--line-buffered` and `--jobs 1` stay in one process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sjdsl import load_policy
from sjdsl.tools import cli, parallel

from .conftest import ROOT, SONGJIANG
from .test_jsonl_fast import NO_TRACE, mixed_lines

pytestmark = pytest.mark.skipif(not parallel.available(), reason="workers are forked on Linux")


@pytest.fixture(scope="module")
def policy():  # type: ignore[no-untyped-def]
    return load_policy(SONGJIANG)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a few lines, so a few thousand lines make hundreds of batches whose turns to
    write interleave across the workers."""
    monkeypatch.setattr(cli, "PIECE_BYTES", 700)
    monkeypatch.setattr(cli, "PARALLEL_FROM", 50)


def one_process(policy, data: bytes, fields) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    status = cli.evaluate_stream(policy, io.BytesIO(data), out, fields=fields, jobs=1)
    return status, out.getvalue()


@pytest.mark.parametrize("fields", [None, NO_TRACE], ids=["trace", "no-trace"])
def test_workers_handing_bytes_back_write_what_one_process_writes(
        policy, small_batches: None, fields) -> None:  # type: ignore[no-untyped-def]
    data = mixed_lines(policy, 1500, seed=3)  # its first line with a byte order mark
    status, expected = one_process(policy, data, fields)
    assert status == cli.EXIT_ERRORS and expected.count(b'{"error"') > 100
    out = io.BytesIO()  # no file descriptor: the bytes come back to the parent
    assert cli.evaluate_stream(policy, io.BytesIO(data), out, fields=fields, jobs=3) == status
    assert out.getvalue() == expected


def test_workers_writing_to_the_file_write_what_one_process_writes(
        policy, small_batches: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = mixed_lines(policy, 1500, seed=4)
    _, expected = one_process(policy, data, None)
    with (tmp_path / "out.jsonl").open("wb") as out:
        out.write(b"kept\n")  # written before: the workers write after it
        cli.evaluate_stream(policy, io.BytesIO(data), out, jobs=2)
    assert (tmp_path / "out.jsonl").read_bytes() == b"kept\n" + expected


def test_a_batch_that_fails_stops_the_stream_and_nothing_after_it_is_written(
        policy, small_batches: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> None:  # type: ignore[no-untyped-def]
    data = mixed_lines(policy, 600, seed=5)
    _, expected = one_process(policy, data, None)  # before one batch is made to fail
    real = cli._answer_batch

    def failing(answer, first, lines):  # type: ignore[no-untyped-def]
        if first > 200:
            raise RuntimeError("a bug in a worker")
        return real(answer, first, lines)

    monkeypatch.setattr(cli, "_answer_batch", failing)
    with (tmp_path / "out.jsonl").open("wb") as out, pytest.raises(RuntimeError, match="a bug"):
        cli.evaluate_stream(policy, io.BytesIO(data), out, jobs=2)
    written = (tmp_path / "out.jsonl").read_bytes()
    # the batches before the failing one, whole and in order; none after it
    assert expected.startswith(written) and written.count(b"\n") < 200


def test_a_short_stream_and_line_buffered_output_stay_in_one_process(
        policy, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def no_workers(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("workers were started")

    monkeypatch.setattr(parallel, "ordered_write", no_workers)
    data = mixed_lines(policy, 300, seed=6)
    out = io.BytesIO()
    cli.evaluate_stream(policy, io.BytesIO(data), out, jobs=4)  # under PARALLEL_FROM lines
    monkeypatch.setattr(cli, "PARALLEL_FROM", 10)
    buffered = io.BytesIO()
    cli.evaluate_stream(policy, io.BytesIO(data), buffered, flush_each=True, jobs=4)
    assert out.getvalue() == buffered.getvalue() == one_process(policy, data, None)[1]


def test_the_command_line_answers_with_workers_and_refuses_a_bad_jobs_count(
        policy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
        ) -> None:  # type: ignore[no-untyped-def]
    data = mixed_lines(policy, 5000, seed=7)  # above PARALLEL_FROM: the workers answer
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = [subprocess.run([sys.executable, "-m", "sjdsl.tools.cli", "eval", str(SONGJIANG),
                            "--jobs", jobs], input=data, capture_output=True, env=env, cwd=ROOT)
            for jobs in ("1", "2")]
    assert runs[0].returncode == runs[1].returncode == 1  # some lines are errors
    assert runs[0].stdout == runs[1].stdout and runs[1].stdout.count(b"\n") > 4000
    assert runs[1].stderr == b""
    for bad in ("0", "two", "-3"):
        with pytest.raises(SystemExit) as exit_:
            cli.main(["eval", str(SONGJIANG), "--jobs", bad])
        assert exit_.value.code == 2
        assert "expected a number of processes from 1 to 256" in capsys.readouterr().err


def test_a_reader_that_closes_early_ends_the_workers_quietly(policy) -> None:
    data = mixed_lines(policy, 6000, seed=8)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = (f"{sys.executable} -m sjdsl.tools.cli eval {SONGJIANG} --jobs 2 | head -c 100")
    run = subprocess.run(command, shell=True, input=data, capture_output=True, env=env,
                         cwd=ROOT, timeout=120)
    assert len(run.stdout) == 100 and run.stderr == b""  # no traceback, no "internal error"


@pytest.mark.parametrize("piece_bytes", [1, 2, 5, 13, 1 << 18])
def test_pieces_of_any_size_hold_the_lines_read_lines_reads(
        piece_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_jsonl_fast import (
        test_lines_across_blocks_and_over_the_limit_are_read_as_readline_reads_them as same,
    )

    monkeypatch.setattr(cli, "PIECE_BYTES", piece_bytes)
    same()
    data = b"".join(b"x" * (n % 17) + b"\n" for n in range(200)) + b"last"
    pieces = list(cli.read_pieces(io.BytesIO(data)))
    assert b"".join(pieces) == data and all(pieces)
    assert all(len(p) <= piece_bytes + 17 for p in pieces)  # a piece: whole lines, ~piece_bytes
    assert [line for p in pieces for line in cli.piece_lines(p)] == data.splitlines(keepends=True)


def test_a_second_stream_while_the_workers_are_busy_is_answered_in_its_own_thread(
        policy, small_batches: None, monkeypatch: pytest.MonkeyPatch
        ) -> None:  # type: ignore[no-untyped-def]
    """The workers inherit this process's module state, so one stream has them at a time; a
    stream from another thread meanwhile is answered without them, and answered right."""
    data = mixed_lines(policy, 600, seed=9)
    _, expected = one_process(policy, data, None)

    def no_workers(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("workers started while another stream had them")

    monkeypatch.setattr(parallel, "_ordered_write", no_workers)
    with parallel._RUNNING:  # as while another thread's stream runs
        out = io.BytesIO()
        assert cli.evaluate_stream(policy, io.BytesIO(data), out, jobs=2) == cli.EXIT_ERRORS
    assert out.getvalue() == expected
