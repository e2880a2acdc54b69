"""JSON in and out of ``sjdsl eval``: orjson where it can, the standard library where it must.

Decoding and encoding are most of the cost of answering a request line, and orjson (a Rust
extension, widely used and maintained, with wheels for every common platform) does both several
times faster than the standard library. The standard library stays the reference: a line orjson
refuses (NaN, a lone surrogate, …) is decoded by ``requests.loads``, which keeps floats apart to
refuse them with their own text, so every error message is the one the standard path gives. The
two readings differ only where a float is (``holds_float``): a request with one that ends in an
error is decoded again that way, and any other error stands as orjson's reading gave it. orjson
writes compact JSON (no spaces after separators), and keeps non-ASCII text as UTF-8, as
``ensure_ascii=False`` does.

orjson keeps the last of two equal keys in an object without a word; the standard path refuses
them. A line goes there only when it may hold one: each key is followed by a colon, so a line
with no more colons than the keys orjson read repeats none (a colon inside a string only sends
its line the slower way).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import orjson


def decode_fast(line: str | bytes) -> Any:
    """orjson's reading of a line; raises ValueError where the standard path must decide."""
    value = orjson.loads(line)
    colons = line.count(b":") if isinstance(line, bytes) else line.count(":")
    # a lower bound of the keys read will do: the request's own and its inputs' first (all a
    # common request has), every object's only when those leave a colon unaccounted for
    keys = len(value) if type(value) is dict else 0
    if colons > keys:
        inputs = value.get("inputs") if keys else None
        keys += len(inputs) if type(inputs) is dict else 0
        if colons > keys and colons > key_count(value):
            raise ValueError("a key may be repeated: the standard path decides")
    return value


def key_count(value: Any) -> int:
    """The keys of every object in a decoded value."""
    return sum(len(item) for item in _containers(value) if type(item) is dict)


def holds_float(value: Any) -> bool:
    """Whether a decoded value holds a float anywhere: only then can the standard path's
    reading of its line differ from orjson's (it keeps a float's text, to refuse it by it)."""
    if type(value) is float:
        return True
    return any(type(v) is float for item in _containers(value)
               for v in (item.values() if type(item) is dict else item))


def _containers(value: Any) -> Iterator[dict[str, Any] | list[Any]]:
    """Every object and array in a decoded value (iteratively: orjson reads 1,024 levels)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            yield item
            stack += [v for v in item.values() if type(v) is dict or type(v) is list]
        elif type(item) is list:
            yield item
            stack += [v for v in item if type(v) is dict or type(v) is list]


def encode(value: Any) -> str:
    """One compact JSON line (without the newline)."""
    return encode_bytes(value).decode("utf-8", "surrogatepass")


def encode_bytes(value: Any) -> bytes:
    """One compact JSON line as UTF-8 (without the newline)."""
    try:
        return orjson.dumps(value)
    except TypeError:  # text orjson will not write (a lone surrogate): the standard library
        # writes the line as UTF-8, and each lone surrogate alone as the escape JSON allows
        # (\ud800), which reads back as the same text; the rest of the line stays as it is
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8", "backslashreplace")
