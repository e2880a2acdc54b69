"""A 'did you mean' hint: one function, shared by the request reader (runtime) and the compiler's
diagnostics, so that the runtime needs nothing of the compiler to suggest a name."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

#: Hints for words up to this long are remembered: a stream of requests with the same misspelt
#: input name asks for the same hint on every line, and difflib's search costs more than the
#: rest of the line's answer. A longer word is searched each time, never kept.
_REMEMBERED_LENGTH = 200


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a misspelt name, or None when nothing is close."""
    known = tuple(candidates)
    if len(word) <= _REMEMBERED_LENGTH:
        return _remembered(word, known)
    return _hint(word, known)


@functools.lru_cache(maxsize=1024)
def _remembered(word: str, candidates: tuple[str, ...]) -> str | None:
    return _hint(word, candidates)


def _hint(word: str, candidates: tuple[str, ...]) -> str | None:
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.5)
    return f"did you mean '{matches[0]}'? / 是否应为「{matches[0]}」？" if matches else None
