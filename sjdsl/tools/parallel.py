"""Batches answered in worker processes, their output written in the batches' order.

``sjdsl eval`` on a large stream answers its batches of lines on every core the process may use
(a JSON line's answer is Python work: one process uses one core). The workers are forked once
the policy is loaded, so they start with its calculators and cost no import or compile; each
batch goes to a worker pickled (for ``sjdsl eval``, a piece of the stream: whole lines, about
256 KiB, which the parent cut from a block without splitting them).

A worker writes its batch's output to the output file itself, when every earlier batch's is
written (a shared counter says whose turn it is), so the output never travels back through the
parent: with the trace, that is most of the bytes. Where the output is no file (a test's buffer),
the output comes back to the parent, which writes it. Either way the output is the one the
single-process path writes, in the lines' order.

Memory stays bounded: at most three batches per worker are in flight, and the stream is read no
further until the oldest is done.

Only where the ``fork`` start method is the platform's own (Linux): a spawned worker would have
to import and load the policy again, which costs more than the batches it would answer. Elsewhere
``available`` says no and the caller answers in its own process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

B = TypeVar("B")
M = TypeVar("M")

#: What the workers inherit when they fork (set just before, cleared after): the batch function
#: (a closure over the loaded policy need not be pickled), the output file's descriptor or None,
#: and the turn counter with its condition.
_TASK: Callable[[Any], tuple[bytes, Any]] | None = None
_FD: int | None = None
_TURN: Any = None
_CHANGED: Any = None


#: Held while workers run: what they inherit is this module's, so one stream at a time per
#: process (a second, from another thread, is answered in its own thread: ``Busy``).
_RUNNING = threading.Lock()


class Busy(Exception):
    """Another stream of this process has the workers; answer this one without them."""


def available() -> bool:
    """Whether batches can go to forked workers here."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def ordered_write(task: Callable[[B], tuple[bytes, M]], batches: Iterable[B], jobs: int,
                  out_fd: int | None) -> Iterator[tuple[bytes, M]]:
    """For each batch, in ``jobs`` forked workers, ``task(batch)``: the bytes to write and what
    else the caller wants back. With ``out_fd``, the workers write the bytes there, in the
    batches' order, and b"" comes back; without, the bytes come back for the caller to write.
    Results are yielded in the batches' order, each as soon as it and every earlier one are
    done; reading stops while three batches per worker are waiting. The
    workers are stopped when the iteration ends, early or not. Raises ``Busy``, before taking
    a batch, while another stream of this process has the workers."""
    if not _RUNNING.acquire(blocking=False):
        raise Busy
    try:
        yield from _ordered_write(task, batches, jobs, out_fd)
    finally:
        _RUNNING.release()


def _ordered_write(task: Callable[[B], tuple[bytes, M]], batches: Iterable[B], jobs: int,
                   out_fd: int | None) -> Iterator[tuple[bytes, M]]:
    global _TASK, _FD, _TURN, _CHANGED
    context = multiprocessing.get_context("fork")
    _TASK, _FD = task, out_fd
    _TURN, _CHANGED = context.Value("q", 0, lock=False), context.Condition()
    # the objects alive now (the policy's calculators) kept out of the workers' garbage
    # collections, which would otherwise write to every page holding one and so copy it
    gc.freeze()
    pool = context.Pool(jobs, initializer=_quiet)
    try:
        pending: deque[Any] = deque()
        for index, batch in enumerate(batches):
            pending.append(pool.apply_async(_run, (index, batch)))
            while pending and (len(pending) >= 3 * jobs or pending[0].ready()):
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()
        _TASK = _FD = _TURN = _CHANGED = None


def _quiet() -> None:
    """A worker leaves an interrupt (Ctrl-C) to the parent, which stops them all."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(index: int, batch: Any) -> tuple[bytes, Any]:
    assert _TASK is not None, "a worker runs only batches of ordered_write"
    data, rest = _TASK(batch)
    if _FD is None:
        return data, rest
    with _CHANGED:
        _CHANGED.wait_for(lambda: _TURN.value == index)
    view = memoryview(data)
    while view:  # a failed write raises before the next batch's turn: the parent reports it
        view = view[os.write(_FD, view):]
    with _CHANGED:
        _TURN.value = index + 1
        _CHANGED.notify_all()
    return b"", rest
