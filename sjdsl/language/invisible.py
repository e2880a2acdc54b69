"""Characters a reader cannot see: bidirectional controls (U+202E reverses what follows),
zero-width characters, and other control characters. In a .pol file or an official text they
can hide or reorder what a drafter or an auditor reads, so `sjdsl check` warns (W005) on the
.pol files, and the pages and diagnostics show each, in either, as a visible ``<U+202E>``.
"""

from __future__ import annotations

import re

#: Tab, newline and carriage return are ordinary; a byte order mark is read past at the start.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")


def visible(text: str) -> str:
    """The text with every invisible or control character written as ``<U+202E>``."""
    if INVISIBLE.search(text) is None:
        return text
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)
