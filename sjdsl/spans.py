"""Source spans: where an IR node came from. Left out of node equality, so that two parses of
the same program compare equal wherever the text sits."""

from __future__ import annotations

import attrs


@attrs.frozen
class Span:
    """Where a node came from: file, 1-based line and column, and the end of the text."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int


NO_SPAN = Span("<none>", 0, 0, 0, 0)


def _span() -> Span:
    return attrs.field(eq=False, repr=False, default=NO_SPAN)  # type: ignore[no-any-return]
