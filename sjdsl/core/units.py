"""Units and dimensions: what a quantity of the core measures.

A dimension is a product of base units with integer powers: ``元``, ``美元`` and ``平方米``.
Counts (人, 家, 套, 件 …), years and months are numbers: they carry their unit for the reader
and for the fidelity check, but no dimension, so an amount times a number of people or of years
is an amount, and ``1000元每人`` is 元. ``200元每平方米`` is 元·平方米⁻¹, so only an area turns it
into 元. ``15%`` and ``3倍`` have no dimension either. Arithmetic multiplies and divides
dimensions; adding, comparing or choosing between quantities needs equal dimensions, so 元 never
meets 美元 unless the text's own rate (``0.02元每美元``) converts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

Dims = tuple[tuple[str, int], ...]  # sorted (base, power) pairs, no zero powers
NONE: Dims = ()
YUAN: Dims = (("元", 1),)
USD: Dims = (("美元", 1),)
COUNT: Dims = ()  # counts, years and months are numbers (see the module docstring)
AREA: Dims = (("平方米", 1),)
YEARS: Dims = ()
MONTHS: Dims = ()

#: Every simple unit word: its base and how many of the base one of it is.
SIMPLE: Mapping[str, tuple[str | None, Decimal]] = {
    "元": ("元", Decimal(1)), "千元": ("元", Decimal(1000)), "万元": ("元", Decimal(10_000)),
    "亿元": ("元", Decimal(100_000_000)),
    "美元": ("美元", Decimal(1)), "万美元": ("美元", Decimal(10_000)),
    "亿美元": ("美元", Decimal(100_000_000)),
    **{w: (None, Decimal(1)) for w in ("人", "名", "家", "件", "套", "个", "项", "次", "户", "台")},
    "平方米": ("平方米", Decimal(1)), "m2": ("平方米", Decimal(1)),
    "万平方米": ("平方米", Decimal(10_000)),
    "年": (None, Decimal(1)), "月": (None, Decimal(1)), "个月": (None, Decimal(1)),
    "倍": (None, Decimal(1)),
}

#: What each input kind measures.
KIND_DIMS: Mapping[str, Dims] = {
    "money": YUAN, "usd": USD, "count": COUNT, "area": AREA, "percent": NONE,
}
#: Input kind words that say more than the runtime kind: a count of years or months.
KIND_WORD_DIMS: Mapping[str, Dims] = {"年数": YEARS, "月数": MONTHS}


def parse_unit(word: str) -> tuple[Decimal, Dims] | None:
    """``万元`` → (10000, 元); ``元每人`` → (1, 元/个); ``倍`` → (1, none); None if unknown."""
    top, _, bottom = word.partition("每")
    if not top or "每" in bottom:
        return None
    upper = SIMPLE.get(top)
    if upper is None:
        return None
    scale, dims = upper[1], _base(upper[0])
    if bottom:
        lower = SIMPLE.get(bottom)
        if lower is None or bottom == "倍":
            return None
        scale, dims = scale / lower[1], divide(dims, _base(lower[0]))
    return scale, dims


def _base(base: str | None) -> Dims:
    return NONE if base is None else ((base, 1),)


def multiply(a: Dims, b: Dims) -> Dims:
    powers = dict(a)
    for base, power in b:
        powers[base] = powers.get(base, 0) + power
    return tuple(sorted((k, v) for k, v in powers.items() if v))


def divide(a: Dims, b: Dims) -> Dims:
    return multiply(a, tuple((k, -v) for k, v in b))


def describe(dims: Dims) -> str:
    """A dimension in words: ``元``, ``元/个``, ``元²``, ``无量纲（比例、倍数）``."""
    if not dims:
        return "比例或倍数 (a pure number)"
    up = "·".join(k + ("" if v == 1 else _power(v)) for k, v in dims if v > 0) or "1"
    down = "·".join(k + ("" if v == -1 else _power(-v)) for k, v in dims if v < 0)
    return f"{up}/{down}" if down else up


def _power(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"))


def is_currency_product(dims: Dims) -> bool:
    """元 × 元, 元 × 美元 …: a product of two amounts, which no policy computes."""
    return sum(v for k, v in dims if k in ("元", "美元") and v > 0) > 1
