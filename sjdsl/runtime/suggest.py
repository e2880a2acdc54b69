"""A 'did you mean' hint: one function, shared by the request reader (runtime) and the compiler's
diagnostics, so that the runtime needs nothing of the compiler to suggest a name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a misspelt name, or None when nothing is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    return f"did you mean '{matches[0]}'? / 是否应为「{matches[0]}」？" if matches else None
