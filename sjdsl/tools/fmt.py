"""The formatter: one canonical layout for .pol files, keeping every comment.

- two spaces per block level, whatever the file used;
- one space between words, none inside a number and its unit (``3000 万元`` → ``3000万元``,
  ``1: 0.5`` → ``1:0.5``, ``15 %`` → ``15%``);
- quoted texts (「…」, "…") and comments are left exactly as written;
- at most one blank line in a row, none at the start, one newline at the end.

Formatting never changes meaning: ``format_checked`` (what ``sjdsl fmt`` and the language server
call) checks that the formatted text parses to the same IR (spans are left out of IR equality),
and refuses otherwise.
"""

from __future__ import annotations

import re

_STRING_OR_COMMENT = re.compile(r'「[^」\n]*」|"(?:[^"\\\n]|\\.)*"|#.*')
_SPACE = re.compile(r"[ \t\u3000]+")
_UNIT = re.compile(r"([0-9])\s+(万元|亿元|元|%|倍|平方米)(?![^\W\d])")
_RATIO = re.compile(r"([0-9])\s*[:：]\s*([0-9])")
_INDENT = "  "


def _code(segment: str) -> str:
    """Normalise the spacing of code outside strings and comments."""
    segment = _SPACE.sub(" ", segment)
    segment = _UNIT.sub(r"\1\2", segment)
    return _RATIO.sub(r"\1:\2", segment)


def format_line(body: str) -> str:
    """One line without its indentation: code normalised, strings and comments kept."""
    out, at = [], 0
    for match in _STRING_OR_COMMENT.finditer(body):
        out.append(_code(body[at:match.start()]))
        text = match.group(0)
        if text.startswith("#") and "".join(out).strip():
            out = ["".join(out).rstrip() + "  "]  # a trailing comment stands two spaces off
        out.append(text)
        at = match.end()
    out.append(_code(body[at:]))
    return "".join(out).strip()


def _width(line: str) -> int:
    body = line.lstrip(" \t\u3000")
    return len(line[: len(line) - len(body)].replace("\u3000", "  ").expandtabs(4))


def _depths(lines: list[str]) -> list[int]:
    """The block depth of each code line, as the parser's indenter sees it."""
    stack, depths = [0], []
    for line in lines:
        width = _width(line)
        if width > stack[-1]:
            stack.append(width)
        else:
            while len(stack) > 1 and width < stack[-1]:
                stack.pop()
        depths.append(len(stack) - 1)
    return depths


def format_text(text: str) -> str:
    """The canonical layout of a .pol file's text."""
    lines = text.splitlines()
    code = [i for i, line in enumerate(lines) if line.strip() and
            not line.strip().startswith("#")]
    depth_of = dict(zip(code, _depths([lines[i] for i in code]), strict=True))
    out: list[str] = []
    next_depth = 0
    for i in range(len(lines) - 1, -1, -1):  # comments take the depth of the code after them
        line = lines[i]
        if not line.strip():
            out.append("")
            continue
        depth = depth_of.get(i, next_depth)
        if i in depth_of:
            next_depth = depth
        out.append(_INDENT * depth + format_line(line))
    out.reverse()
    collapsed: list[str] = []
    for line in out:
        if line == "" and (not collapsed or collapsed[-1] == ""):
            continue
        collapsed.append(line)
    while collapsed and collapsed[-1] == "":
        collapsed.pop()
    return "\n".join(collapsed) + "\n" if collapsed else ""


class MeaningChanged(ValueError):
    """Formatting would change what the policy says: a formatter bug; nothing is changed."""


def format_checked(text: str, name: str) -> str:
    """``format_text``, checked: the text must parse (else CompileError, with its diagnostics)
    and parse to the same IR once formatted (else MeaningChanged)."""
    from sjdsl.language.parse import parse_file

    before = parse_file(text, name)
    formatted = format_text(text)
    if parse_file(formatted, name) != before:
        raise MeaningChanged("formatting would change the policy's meaning; left as it is (a "
                             "bug in sjdsl fmt, please report it)")
    return formatted
