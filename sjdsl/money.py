"""Exact money: parsing request amounts, rounding to the fen, formatting for traces and results."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal(0)

#: The longest amount a request may carry: 15 digits of 元 (below a quadrillion) and 10 decimals.
#: Larger values are refused with an error rather than computed (see docs/contract.md).
_AMOUNT = re.compile(r"[0-9]{1,15}(\.[0-9]{1,10})?")


def parse_amount(text: str) -> Decimal | None:
    """A plain decimal string (``"1250000.50"``) as Decimal, or None when it is not one."""
    if not _AMOUNT.fullmatch(text):
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
    """Format for a result field: exactly two decimals, no separators (``"30000000.00"``)."""
    return f"{round_fen(amount):.2f}"


def fmt_rate(rate: Decimal) -> str:
    """A fraction as a percentage without trailing zeros (0.15 → ``15%``)."""
    percent = (rate * 100).normalize()
    return f"{percent:f}%"
