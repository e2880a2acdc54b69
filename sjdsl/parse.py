"""Phase 1, parse: .pol text → IR nodes (``SourceFile``), or diagnostics for a syntax error."""

from __future__ import annotations

import functools
import hashlib
import io

import lark
from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.indenter import DedentError, Indenter

from sjdsl import cache, ir
from sjdsl.build import Builder, unwritable_texts
from sjdsl.diagnostics import CompileError, Diagnostic, error, suggest
from sjdsl.keywords import KEYWORDS, with_aliases
from sjdsl.loading import grammar_text


class _PolIndenter(Indenter):
    """Turns indentation into _INDENT/_DEDENT tokens, as Python's grammar does."""

    NL_type = "_NL"
    OPEN_PAREN_types: list[str] = []
    CLOSE_PAREN_types: list[str] = []
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 4


_OPTIONS = {"parser": "lalr", "propagate_positions": True, "maybe_placeholders": False}


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    """The LALR parser. Building its tables takes a second or two, so they are kept in the module
    cache (``sjdsl.cache``: the user's own folder, tagged entries), named by a digest of the
    grammar, the options and Lark's version, and rebuilt whenever any of them changes."""
    grammar = with_aliases(grammar_text())
    name = "parser-" + hashlib.sha256(
        f"{grammar}\0{sorted(_OPTIONS.items())}\0{lark.__version__}".encode()).hexdigest()
    stored = cache.load_blob(name)
    if stored is not None:
        try:
            # what Lark's own cache does: the stored tables, with our indenter
            return Lark.__new__(Lark)._load(io.BytesIO(stored), postlex=_PolIndenter())
        except Exception:  # noqa: BLE001 - a stale or damaged entry: build the tables again
            pass
    parser = Lark(grammar, postlex=_PolIndenter(), **_OPTIONS)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    parser.save(buffer)
    cache.store_blob(name, buffer.getvalue())
    return parser


def parse_file(text: str, path: str) -> ir.SourceFile:
    """Parse one .pol file. Raises CompileError with diagnostics on a syntax error."""
    source = text if text.endswith("\n") else text + "\n"
    try:
        tree = _parser().parse(source)
    except UnexpectedInput as exc:
        raise CompileError([_syntax_diagnostic(exc, path)]) from None
    except DedentError:
        line, indent, levels = _dedent_line(source)
        span = ir.Span(path, line, 1, line, indent + 1)
        wanted = " or ".join(str(n) for n in levels)
        raise CompileError([error(
            "E001", f"inconsistent indentation: {indent} spaces match no enclosing block / "
                    "缩进不一致", span,
            f"indent this line by {wanted} spaces, like the lines of its block")]) from None
    builder = Builder(path)
    result = builder.transform(tree)
    problems = builder.diagnostics + unwritable_texts(tree, path)
    if problems:
        raise CompileError(problems)
    assert isinstance(result, ir.SourceFile)
    return result


def _dedent_line(source: str) -> tuple[int, int, list[int]]:
    """The first line whose indentation closes no open block (lark does not say which)."""
    stack = [0]
    for number, line in enumerate(source.splitlines(), start=1):
        body = line.lstrip(" \t")
        if not body or body.startswith("#"):
            continue
        indent = len(line[: len(line) - len(body)].expandtabs(_PolIndenter.tab_len))
        if indent > stack[-1]:
            stack.append(indent)
            continue
        open_levels = list(stack)
        while indent < stack[-1]:
            stack.pop()
        if indent != stack[-1]:
            return number, indent, sorted(set(open_levels))
    return 1, 0, [0]


# ---------------------------------------------------------------- syntax errors

_TERMINAL_WORDS = {
    "WORD": "a word",
    "NUMBER": "a number",
    "INT": "a whole number",
    "STRING": "a quoted text 「…」",
    "DATE": "a date (2025-01-01 or 2025年1月1日)",
    "PROVISION_ID": "a provision id such as 1.1",
    "RULE_ID": "a rule id such as A.1",
    "POLICY_NAME": "a policy name such as songjiang-terminal-2024",
    "HEX": "a SHA-256 in hex",
    "PER_UNIT": "每件 (a per-unit word)",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the block",
    "$END": "the end of the file",
}


def _expected_words(names: set[str]) -> list[str]:
    parser = _parser()
    words = []
    for name in sorted(names):
        if name in _TERMINAL_WORDS:
            words.append(_TERMINAL_WORDS[name])
            continue
        try:
            pattern = parser.get_terminal(name).pattern
        except KeyError:
            continue
        if pattern.type == "str" and pattern.value not in KEYWORDS:  # aliases: in the docs
            words.append(f"'{pattern.value}'")
    return sorted(set(words))


def _syntax_diagnostic(exc: UnexpectedInput, path: str) -> Diagnostic:
    line, column = max(exc.line, 1), max(exc.column, 1)
    hint = None
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        expected = _expected_words(set(exc.expected))
        found = _describe_token(token)
        keywords = [w.strip("'") for w in expected if w.startswith("'")]
        if token.type == "WORD" and keywords:
            hint = suggest(str(token), keywords)
        end_col = token.end_column if token.end_column else column + 1
        span = ir.Span(path, line, column, token.end_line or line, end_col)
        if token.type == "$END":
            span = ir.Span(path, line, column, line, column + 1)
    elif isinstance(exc, UnexpectedCharacters):
        expected = _expected_words(set(exc.allowed or ()))
        found = f"character '{exc.char}'"
        span = ir.Span(path, line, column, line, column + 1)
        if exc.char in "“”‘’":
            hint = "quote official text with 「…」 or straight double quotes"
    elif isinstance(exc, UnexpectedEOF):
        expected = _expected_words(set(exc.expected))
        found = "the end of the file"
        span = ir.Span(path, line, column, line, column + 1)
    else:  # pragma: no cover - lark has no other kind today
        expected, found = [], "input"
        span = ir.Span(path, line, column, line, column + 1)
    wanted = ", ".join(expected[:10]) + (" …" if len(expected) > 10 else "")
    message = f"syntax error: unexpected {found} / 语法错误：此处不应出现该内容"
    if wanted and hint is None:
        hint = f"expected {wanted}"
    elif wanted:
        hint = f"{hint} (expected {wanted})"
    return error("E001", message, span, hint)


def _describe_token(token: Token) -> str:
    if token.type == "_NL":
        return "end of line"
    if token.type == "_INDENT":
        return "indentation"
    if token.type == "_DEDENT":
        return "end of block"
    if token.type == "$END":
        return "end of file"
    return f"'{token}'"
