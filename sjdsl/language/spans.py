"""Source spans — where an IR node came from, left out of node equality so that two parses of
the same program compare equal wherever the text sits — and the notes any clause may carry
(原文, 解读). The language's IR and the core's both build on this module."""

from __future__ import annotations

from typing import Union

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


@attrs.frozen
class Cite:
    """An official sentence (原文) quoted verbatim from official.txt."""

    text: str
    span: Span = _span()


@attrs.frozen
class Reading:
    """A reading adopted where the text is open (解读); shown to auditors."""

    text: str
    span: Span = _span()


Notes = tuple[Union[Cite, Reading], ...]
