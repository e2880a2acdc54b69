"""Diagnostics as data, rendered like rustc: code, message, location, source line, caret, hint."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from sjdsl.language.invisible import visible
from sjdsl.language.ir import Span

Severity = Literal["error", "warning"]

#: Every diagnostic code, with a one-line English description (the language reference lists them).
CODES: Mapping[str, str] = {
    "E001": "syntax error",
    "E002": "unknown name (input, quantity or provision)",
    "E003": "rate above 100%",
    "E004": "amount, cap or limit not above zero",
    "E005": "date range reversed or invalid date",
    "E006": "duplicate provision id, input or policy header",
    "E007": "money amount with a missing or unknown unit",
    "E008": "input of the wrong kind for its use",
    "E009": "cited sentence not found in the official text",
    "E010": "policy structure incomplete (no header, no official text, no award)",
    "E011": "unknown input kind or badly formed input",
    "E012": "tiers do not match the enumeration",
    "E013": "official text missing or unreadable",
    "E014": "a number not found in the provision's cited sentences (fidelity)",
    "E015": "instalment shares that do not add up to 100%",
    "E016": "bands or ladder levels that do not join or rise",
    "E017": "an amendment changes a parameter the provision does not have",
    "E018": "two amendments change the same parameter on the same date",
    "E019": "a .pol file larger than the limit (2 MiB)",
    "E020": "an official text larger than the limit (1 MiB)",
    "E021": "a file given as a policy that is not a .pol file (an official text, say)",
    "E025": "a placeholder left by sjdsl init (待填写, 待命名, 待编码) that is not filled in yet",
    "E030": "a core expression of the wrong kind (元 with 美元, 元 × 元, an award not in 元)",
    "E031": "定义 that refer to each other in a cycle",
    "E032": "a limit's scope: a key that is not an identifier input, or no provisions named",
    "E033": "a measure's clause naming a provision of another measure",
    "W001": "official text changed since its SHA-256 was recorded",
    "W002": "an amount, rate or ratio of the official text that no provision uses",
    "W005": "an invisible or bidirectional control character in a .pol file",
}


@attrs.frozen
class Diagnostic:
    """One finding about a program, pointing at the text it concerns."""

    code: str
    severity: Severity
    message: str
    span: Span
    hint: str | None = None


def error(code: str, message: str, span: Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, "error", message, span, hint)


def warning(code: str, message: str, span: Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, "warning", message, span, hint)


class CompileError(Exception):
    """Raised by the driver when a phase reports errors; carries every diagnostic so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__(f"{len(self.diagnostics)} diagnostic(s)")


#: A source line longer than this is shown as the part around the span, with … at the cut ends:
#: a text on one long line (an official text of a million characters) would otherwise be printed
#: whole under each of its diagnostics. Real paragraph lines are under 800 characters.
LONG_LINE = 1000
#: How much of a long line is shown on either side of the span.
_CONTEXT = 80


def render(diag: Diagnostic, sources: Mapping[str, str]) -> str:
    """Render a diagnostic with the source line and a caret under its span."""
    head = f"{diag.severity}[{diag.code}]: {diag.message}"
    span = diag.span
    where = f"{span.file}:{span.line}:{span.column}" if span.line >= 1 else span.file  # a file
    lines = [head, f"  --> {where}"]
    text = sources.get(span.file)
    if text is not None and span.line >= 1:
        source_lines = _lines(text)
        if span.line <= len(source_lines):
            shown, before, segment = (visible(part) for part in
                                      _shown(source_lines[span.line - 1], span))
            gutter = str(span.line)
            pad = " " * len(gutter)
            lines.append(f"{pad} |")
            lines.append(f"{gutter} | {shown}")
            lines.append(f"{pad} | {_display_pad(before)}{'^' * max(1, _display_width(segment))}")
    if diag.hint:
        lines.append(f"  = help: {diag.hint}")
    return "\n".join(lines)


@functools.lru_cache(maxsize=16)
def _lines(text: str) -> tuple[str, ...]:
    """A file's lines, split once for all its diagnostics (a string keeps its hash, so a hit
    costs no pass over the text)."""
    return tuple(text.splitlines())


def _shown(src: str, span: Span) -> tuple[str, str, str]:
    """The line as shown, the part of it before the caret, and the part under the caret."""
    start = span.column - 1
    end = span.end_column if span.end_line == span.line else len(src) + 1
    stop = max(end - 1, span.column)
    if len(src) <= LONG_LINE:
        return src, src[:start], src[start:stop]
    left = max(0, start - _CONTEXT)
    right = min(len(src), max(stop, start + 1) + _CONTEXT, left + 2 * _CONTEXT + LONG_LINE // 2)
    cut_left = "…" if left > 0 else ""
    shown = cut_left + src[left:right] + ("…" if right < len(src) else "")
    return shown, cut_left + src[left:start], src[start:min(stop, right)]


def _display_width(text: str) -> int:
    return len(text) if text.isascii() else sum(map(_char_width, text))


@functools.lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    import unicodedata

    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _display_pad(prefix: str) -> str:
    """Spaces as wide on a terminal as the prefix (CJK characters take two columns)."""
    if "\t" not in prefix:
        return " " * _display_width(prefix)
    return "\t".join(" " * _display_width(part) for part in prefix.split("\t"))
