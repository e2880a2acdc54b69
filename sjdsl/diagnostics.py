"""Diagnostics as data, rendered like rustc: code, message, location, source line, caret, hint."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from sjdsl.ir import Span

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
    "E030": "a core expression of the wrong kind (元 with 美元, 元 × 元, an award not in 元)",
    "E031": "定义 that refer to each other in a cycle",
    "E032": "a limit's scope: a key that is not an identifier input, or no provisions named",
    "E033": "a measure's clause naming a provision of another measure",
    "W001": "official text changed since its SHA-256 was recorded",
    "W002": "an amount, rate or ratio of the official text that no provision uses",
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


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a misspelt name, or None when nothing is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    return f"did you mean '{matches[0]}'? / 是否应为「{matches[0]}」？" if matches else None


def render(diag: Diagnostic, sources: Mapping[str, str]) -> str:
    """Render a diagnostic with the source line and a caret under its span."""
    head = f"{diag.severity}[{diag.code}]: {diag.message}"
    span = diag.span
    lines = [head, f"  --> {span.file}:{span.line}:{span.column}"]
    text = sources.get(span.file)
    if text is not None and span.line >= 1:
        source_lines = text.splitlines()
        if span.line <= len(source_lines):
            src = source_lines[span.line - 1]
            width = _caret_width(src, span)
            gutter = str(span.line)
            pad = " " * len(gutter)
            lines.append(f"{pad} |")
            lines.append(f"{gutter} | {src}")
            lines.append(f"{pad} | {_display_pad(src[: span.column - 1])}{'^' * width}")
    if diag.hint:
        lines.append(f"  = help: {diag.hint}")
    return "\n".join(lines)


def _caret_width(src: str, span: Span) -> int:
    end = span.end_column if span.end_line == span.line else len(src) + 1
    segment = src[span.column - 1 : max(end - 1, span.column)]
    return max(1, _display_width(segment))


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _display_pad(prefix: str) -> str:
    """Spaces as wide on a terminal as the prefix (CJK characters take two columns)."""
    return "".join("\t" if ch == "\t" else " " * _display_width(ch) for ch in prefix)
