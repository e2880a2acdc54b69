"""JSON in and out of ``sjdsl eval``: orjson where it can, the standard library where it must.

Decoding and encoding are most of the cost of answering a request line, and orjson (a Rust
extension, widely used and maintained, with wheels for every common platform) does both several
times faster than the standard library. The standard library stays the reference: a line orjson
refuses (NaN, a lone surrogate, …) or a request that ends in an error is decoded again by
``requests.loads``, which keeps floats apart to refuse them with their own text, so every error
message is the one the standard path gives. orjson writes compact JSON (no spaces after
separators), and keeps non-ASCII text as UTF-8, as ``ensure_ascii=False`` does.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def decode_fast(line: str | bytes) -> Any:
    """orjson's reading of a line; raises ValueError where the standard path must decide."""
    return orjson.loads(line)


def encode(value: Any) -> str:
    """One compact JSON line (without the newline)."""
    return encode_bytes(value).decode("utf-8", "surrogatepass")


def encode_bytes(value: Any) -> bytes:
    """One compact JSON line as UTF-8 (without the newline)."""
    try:
        return orjson.dumps(value)
    except TypeError:  # text orjson will not write (a lone surrogate): the standard library,
        # with the surrogate escaped as JSON allows (\ud800), so the output stays UTF-8
        return json.dumps(value, separators=(",", ":")).encode("ascii")
