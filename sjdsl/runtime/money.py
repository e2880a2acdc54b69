"""Exact money: parsing request amounts, rounding to the fen, formatting for traces and results.

Every Decimal operation on money runs in ``MONEY``, sjdsl's own decimal context, never in the
caller's: a portal that set ``decimal.getcontext().prec = 6`` for its own purposes must get the
same amounts as everyone else. The public entry points (``CompiledPolicy.evaluate`` and the
rest, the generated fast functions) switch to it once per request with ``money_context`` /
``in_money``, and switch back to the caller's context afterwards.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    setcontext,
)
from typing import Any, TypeVar

#: The context money is computed in. An amount has at most 25 significant digits (15 of 元, 10
#: decimals); a percentage as a fraction at most 13; a policy constant a handful; a history sum
#: adds a digit per tenfold of entries. 60 digits hold every product and sum of these exactly,
#: so the one rounding is the fen's (half-up, given explicitly); a ratio's quotient, the only
#: inexact operation, is rounded at the 60th digit, half-up. Only invalid operations, division by
#: zero and overflow are trapped: rounding is never an error.
MONEY = Context(prec=60, rounding=ROUND_HALF_UP, Emin=-999_999, Emax=999_999, capitals=1,
                clamp=0, flags=[], traps=[InvalidOperation, DivisionByZero, Overflow])

T = TypeVar("T")


def in_money(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in the money context, the caller's restored afterwards.
    Setting a context object (not a copy) costs two context-variable writes; inside a call
    already in the context it costs one identity check."""
    caller = getcontext()
    if caller is MONEY:
        return function(*args, **kwargs)
    setcontext(MONEY)
    try:
        return function(*args, **kwargs)
    finally:
        setcontext(caller)


def money_context(function: Callable[..., T]) -> Callable[..., T]:
    """A public entry point that computes money: it runs in ``MONEY`` (see ``in_money``)."""

    @functools.wraps(function)
    def entry(*args: Any, **kwargs: Any) -> T:
        return in_money(function, *args, **kwargs)

    return entry

FEN = Decimal("0.01")
ZERO = Decimal(0)


def money_sum(values: Iterable[Decimal]) -> Decimal:
    """The sum of amounts in the money context, whatever the caller's context is."""
    total = ZERO
    for value in values:
        total = MONEY.add(total, value)
    return total

#: The longest amount a request may carry: 15 digits of 元 (below a quadrillion) and 10 decimals.
#: Larger values are refused with an error rather than computed (see docs/contract.md).
AMOUNT_PATTERN = re.compile(r"[0-9]{1,15}(\.[0-9]{1,10})?")


def parse_amount(text: str) -> Decimal | None:
    """A plain decimal string (``"1250000.50"``) as Decimal, or None when it is not one."""
    if not AMOUNT_PATTERN.fullmatch(text):
        return None
    return Decimal(text)


def round_fen(amount: Decimal) -> Decimal:
    """Round half-up to the fen (0.01 元): the one rounding each result gets."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def split(amount: Decimal, first_share: Decimal) -> tuple[Decimal, Decimal]:
    """Split a rounded amount: the first share rounded half-up, the second the remainder."""
    first = round_fen(amount * first_share)
    return first, amount - first


def fmt(amount: Decimal) -> str:
    """Format for a trace: thousands separators, at least two decimals, never rounded
    (``30,000,000.00``; ``0.0045`` stays as it is). Every trace line calls this, so the usual
    case — exactly two decimals — returns after one format and one comparison."""
    text = f"{amount:,f}"
    if text[-3:-2] == ".":
        return text
    return _at_least_two_decimals(text)


def _at_least_two_decimals(text: str) -> str:
    dot = text.find(".")
    if dot < 0:
        return text + ".00"
    text = text.rstrip("0")
    decimals = len(text) - dot - 1
    return text + "0" * (2 - decimals) if decimals < 2 else text


def fmt_result(amount: Decimal) -> str:
    """Format for a result field: exactly two decimals, no separators (``"30000000.00"``). It
    names its context, as ``Result.to_json`` may be called outside the money context."""
    return f"{amount.quantize(FEN, ROUND_HALF_UP, MONEY):.2f}"


def fmt_rate(rate: Decimal) -> str:
    """A fraction as a percentage without trailing zeros (0.15 → ``15%``)."""
    percent = (rate * 100).normalize()
    return f"{percent:f}%"
