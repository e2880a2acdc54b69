"""Phase 1, parse: .pol text → IR nodes (``SourceFile``), or diagnostics for a syntax error."""

from __future__ import annotations

import functools
import hashlib
import io

import attrs
import lark
from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.indenter import DedentError, Indenter

from sjdsl.language import cache, ir
from sjdsl.language.build import Builder, unwritable_texts
from sjdsl.language.diagnostics import CompileError, Diagnostic, error
from sjdsl.language.keywords import KEYWORDS, with_aliases
from sjdsl.language.loading import grammar_text
from sjdsl.runtime.suggest import suggest


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
    cache (``sjdsl.language.cache``: the user's own folder, tagged entries), named by a digest of the
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
        raise CompileError([_syntax_diagnostic(exc, path, source)]) from None
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


def _syntax_diagnostic(exc: UnexpectedInput, path: str, source: str = "") -> Diagnostic:
    line, column = max(exc.line, 1), max(exc.column, 1)
    lines = source.splitlines()
    text = lines[line - 1] if line <= len(lines) else ""
    unclosed = _unclosed_quote(text)
    if unclosed is not None and unclosed <= column:
        return error("E001", "unclosed quote: 「 has no 」 on this line / 引号未闭合",
                     ir.Span(path, line, unclosed, line, unclosed + 1),
                     "end the text with 」 on the same line (a quoted text stays on one line; "
                     "write 『…』 for a quote inside it)")
    diagnostic = _lark_diagnostic(exc, path, line, column)
    hint = _clause_help(text, column, diagnostic.hint)
    return diagnostic if hint is None else attrs.evolve(diagnostic, hint=hint)


def _unclosed_quote(text: str) -> int | None:
    """The column of a 「 (or ") that its line does not close, or None."""
    depth, opened, escaped, in_straight = 0, 0, False, False
    for number, char in enumerate(text, start=1):
        if in_straight:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_straight = False
        elif depth == 0 and char == "#":
            break
        elif char == "「":
            depth, opened = depth + 1, (number if depth == 0 else opened)
        elif char == "」" and depth:
            depth -= 1
        elif char == '"' and depth == 0:
            in_straight, opened = True, number
    return opened if depth or in_straight else None


#: The forms of a clause whose syntax error confused drafters, by its keyword.
_VALIDITY_FORMS = ("有效期 2025年1月1日 至 2029年12月31日 | 有效期 2019年3月1日 起 4 年 | "
                   "有效期 自 2016年1月1日 起 | 有效期 自 发布之日 起 (or 印发之日, 公布之日)")
_PUBLICATION = ("发布之日", "印发之日", "公布之日")
_TITLED = {"政策": 2, "修订": 2, "措施": 2, "条款": 2, "示例": 1}  # keyword: words before a title
#: Words that look like a keyword but mean something else: what to write instead.
_NEAR_MISSES = {
    "单个项目最高": "a cap per project is written 限额 N 按 X (X an identifier input naming the "
                    "project, 编号), or 每项目每年最高 N for a cap per project and year; "
                    "单个企业最高 caps the enterprise, a different limit",
}


def _clause_help(text: str, column: int, hint: str | None) -> str | None:
    """A help line that shows the forms of the clause the error is in, or None to keep the
    parser's own."""
    words = text.split()
    if not words:
        return None
    first = words[0]
    if first in _NEAR_MISSES:
        return _NEAR_MISSES[first]
    if first == "附则" and len(words) >= 3 and words[2] == "有效期":
        return _validity_help(words)
    if first == "门槛" and len(words) >= 2:
        return _threshold_help(words)
    title_at = _TITLED.get(first)
    if title_at is not None and len(words) > title_at:
        start = len(text) - len(text.lstrip()) + len(" ".join(words[:title_at])) + 1
        if column > start:
            head = " ".join(words[:title_at])
            return (f"quote a title that holds brackets, quotes, a dot or other punctuation: "
                    f"{head} 「{' '.join(words[title_at:])}」")
    return hint


def _validity_help(words: list[str]) -> str:
    rest = words[3:]
    said = next((w for w in rest if w in _PUBLICATION), None)
    if said is not None and "自" not in rest:
        return f"write 有效期 自 {said} 起; the forms: {_VALIDITY_FORMS}"
    return f"the forms: {_VALIDITY_FORMS}"


_THRESHOLD_OPS = ("达", "达到", "首次达", "超过", "首次超过", "不低于")


def _threshold_help(words: list[str]) -> str:
    fact = words[1]
    if len(words) >= 3 and words[2] in _THRESHOLD_OPS:
        return (f"门槛 compares a number: write the amount or rate the text states, "
                f"门槛 {fact} {words[2]} 300万元 (or 15%)")
    return (f"门槛 compares a number: 门槛 {fact} 达 300万元 (达, 达到, 首次达, 超过, 首次超过, "
            f"不低于); a yes/no fact is a condition: 须 {fact} (须 非 {fact} when it must be "
            "false)")


def _lark_diagnostic(exc: UnexpectedInput, path: str, line: int, column: int) -> Diagnostic:
    hint = None
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        expected = _expected_words(set(exc.expected))
        found = _describe_token(token)
        keywords = [w.strip("'") for w in expected if w.startswith("'")]
        if token.type == "WORD" and keywords:
            hint = _keyword_suggestion(str(token), keywords)
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


def _keyword_suggestion(word: str, keywords: list[str]) -> str | None:
    """'did you mean' a keyword one slip away (a character changed, added or dropped; two in a
    longer English alias), never a keyword that only looks alike: 单个项目最高 is not a
    misspelt 单个企业最高."""
    allowed = 2 if word.isascii() and len(word) >= 6 else 1
    close = [k for k in keywords  # the distance is at least the difference in length
             if abs(len(word) - len(k)) <= allowed and _distance(word, k) <= allowed]
    return suggest(word, close) if close else None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (the words are keywords: a few characters)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _describe_token(token: Token) -> str:
    if token.type == "_NL":
        return "end of line"
    if token.type == "_INDENT":
        return "indentation"
    if token.type == "_DEDENT":
        return "end of block"
    if token.type == "$END":
        return "end of file"
    text = str(token)  # a word of a hostile file may be megabytes long
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"
