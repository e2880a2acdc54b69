"""What an editor asks of a policy, answered from the compiler: the language server's logic.

``sjdsl lsp`` (sjdsl/tools/lsp.py) speaks the protocol; this module knows nothing of it. It checks a
policy folder with the editor's unsaved text in place of the files on disk (the same driver
entry point as ``sjdsl check``, so the same codes and messages), and answers hover, definition
and completion from the parsed files: positions here are 0-based lines and code-point columns.

Nothing a user types may crash it: a check that fails for any reason becomes a diagnostic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Union

import attrs

from sjdsl.backends.sentence import parameters, render
from sjdsl.core import nodes as core
from sjdsl.language import ir
from sjdsl.language.check import CheckedPolicy
from sjdsl.language.diagnostics import CompileError, Diagnostic, error
from sjdsl.language.keywords import ALIASES, FILTERS, FUNCTIONS, QUANTIFIERS
from sjdsl.language.loading import policy_files
from sjdsl.language.parse import parse_file
from sjdsl.tools.driver import MAX_POL_BYTES, Sources, compile_policy

Span = ir.Span

# ---------------------------------------------------------------- checking a folder


class EditorSources(Sources):
    """The driver's sources, reading an open document's text from the editor instead of disk."""

    def __init__(self, overlay: Mapping[str, str]) -> None:
        super().__init__()
        self.overlay = overlay

    def read(self, path: Path) -> str:
        text = self.overlay.get(key(path))
        if text is None:
            return super().read(path)
        if len(text) > MAX_POL_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) \
                > MAX_POL_BYTES:  # the driver's limit, which it checks on the file on disk
            raise CompileError([error(
                "E019", f"{path} is larger than {MAX_POL_BYTES:,} bytes in the editor / 文件过大",
                Span(str(path), 1, 1, 1, 2), "split the policy into several files")])
        self.texts[str(path)] = text
        return text


def key(path: Path | str) -> str:
    """A file's name as the editor's documents are looked up by: absolute, links resolved."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError, ValueError):
        return str(path)


def policy_folder(file: Path) -> Path:
    """The policy folder a .pol file belongs to: its own folder, or, for an amendment's file
    (``p/amendments/2025-x/a.pol``), the policy whose amendments/ holds it."""
    folder = file.parent
    if folder.parent.name == "amendments" and policy_files(folder.parent.parent):
        return folder.parent.parent
    return folder


@attrs.frozen
class FolderCheck:
    """The outcome of checking a policy folder: every diagnostic by file, and the texts read."""

    folder: Path
    diagnostics: Mapping[str, tuple[Diagnostic, ...]]
    texts: Mapping[str, str]
    checked: CheckedPolicy | None


def check_folder(folder: Path, overlay: Mapping[str, str], fallback: str) -> FolderCheck:
    """``sjdsl check`` on a folder, the editor's texts in place of the saved files.

    A diagnostic that points at no file read (the folder itself) is filed under ``fallback``,
    the document being edited."""
    sources = EditorSources(overlay)
    checked = None
    try:
        compiled = compile_policy(folder, sources)
        found, checked = compiled.warnings, compiled.checked
    except CompileError as exc:
        found = exc.diagnostics
    except RecursionError:
        found = (error("E001", "the text nests too deeply to read / 嵌套过深",
                       Span(fallback, 1, 1, 1, 1)),)
    except Exception as exc:  # noqa: BLE001 - a compiler bug must not stop the editor
        found = (error("internal", f"internal error, please report it with the text that caused it: "
                               f"{type(exc).__name__}: {exc}", Span(fallback, 1, 1, 1, 1)),)
    by_file: dict[str, list[Diagnostic]] = {}
    for diag in found:
        file = diag.span.file if Path(diag.span.file).is_file() else fallback
        by_file.setdefault(key(file), []).append(diag)
    texts = {key(name): text for name, text in sources.texts.items()}
    return FolderCheck(folder, {f: tuple(d) for f, d in by_file.items()}, texts, checked)


def parse_only(text: str, name: str) -> tuple[Diagnostic, ...]:
    """Syntax diagnostics of a text that is no file in a folder (an unsaved buffer)."""
    try:
        parse_file(text, name)
    except CompileError as exc:
        return exc.diagnostics
    except RecursionError:
        return (error("E001", "the text nests too deeply to read / 嵌套过深",
                      Span(name, 1, 1, 1, 1)),)
    return ()


#: a file:line[:col] a message names (a path is at most 260 characters: the bound keeps the
#: search linear on a message that quotes a very long word)
_LOCATION = re.compile(r"(\S{1,260}?):(\d+)(?::(\d+))?(?=[\s,;)）]|$)")


@attrs.frozen
class Related:
    """Another place a diagnostic concerns (the first definition of a duplicate, a cite)."""

    span: Span
    message: str


def related(diag: Diagnostic, files: Sequence[ir.SourceFile], texts: Mapping[str, str],
            official: str | None) -> list[Related]:
    """The places a diagnostic's text names (``at p/a.pol:12``), and for a number not in its
    cited sentences (E014) those sentences, in the .pol file and in the official text."""
    found = []
    for text in (diag.message, diag.hint or ""):
        for match in _LOCATION.finditer(text):
            if Path(match.group(1)).is_file():
                line = int(match.group(2))
                column = int(match.group(3) or 1)
                found.append(Related(Span(match.group(1), line, column, line, column), "here"))
    if diag.code == "E014":
        hit = provision_at(files, diag.span.file, diag.span.line - 1)
        for cite in hit[1].cites if hit else ():
            found.append(Related(cite.span, "the cited sentence / 所引原文"))
            where = _in_text(texts.get(key(official)) if official else None, cite.text)
            if where is not None and official:
                found.append(Related(Span(official, *where), "in the official text / 原文位置"))
    return found


def _in_text(text: str | None, sentence: str) -> tuple[int, int, int, int] | None:
    if not text or not sentence:
        return None
    at = text.find(sentence)
    if at < 0:
        return None
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return line, column, line, column + len(sentence)


# ---------------------------------------------------------------- the parsed files


def parse_files(folder: Path, overlay: Mapping[str, str],
                previous: Mapping[str, ir.SourceFile]) -> dict[str, ir.SourceFile]:
    """Each .pol file of a folder parsed (the editor's text where open); a file that does not
    parse now keeps its last good parse, so that hover and definition work while typing."""
    out: dict[str, ir.SourceFile] = {}
    try:
        files = policy_files(folder) if folder.is_dir() else []
    except OSError:
        files = []
    for file in files:
        name = key(file)
        try:
            text = overlay.get(name)
            if text is None:
                text = file.read_text(encoding="utf-8")
            if len(text) > MAX_POL_BYTES:
                raise ValueError("too large")
            out[name] = parse_file(text, str(file))
        except (CompileError, OSError, ValueError, RecursionError):
            if name in previous:
                out[name] = previous[name]
    return out


Clause = Union[ir.Award, ir.Limit, ir.Rule, ir.PerEnterpriseCap, ir.ExclusiveGroup,
               ir.HeadcountCap, ir.NonComputational, core.Statement]


def _contains(span: Span, file: str, line: int) -> bool:
    """Whether a block's span holds a 0-based line (a block's span ends where the next starts)."""
    if key(span.file) != key(file) or span.line < 1:
        return False
    last = span.end_line - 1 if span.end_column <= 1 or span.end_line > span.line else span.end_line
    return span.line <= line + 1 <= max(last, span.line)


def provision_at(files: Sequence[ir.SourceFile], file: str,
                 line: int) -> tuple[ir.Measure, ir.Provision] | None:
    for source in files:
        for measure in source.measures:
            for provision in measure.provisions:
                if _contains(provision.span, file, line):
                    return measure, provision
    return None


def measure_at(files: Sequence[ir.SourceFile], file: str, line: int) -> ir.Measure | None:
    return next((m for f in files for m in f.measures if _contains(m.span, file, line)), None)


def _clauses(files: Sequence[ir.SourceFile]) -> Iterator[Clause]:
    for source in files:
        for header in source.headers:
            yield from (*header.rules, *header.noncomputational, *header.core)
        for measure in source.measures:
            yield from (*measure.caps, *measure.exclusives, *measure.headcounts, *measure.core)
            for provision in measure.provisions:
                yield from (*provision.awards, *provision.limits, *provision.core)


def clause_at(files: Sequence[ir.SourceFile], file: str, line: int) -> Clause | None:
    """The innermost clause (an award, a limit, a rule, a 定义 …) whose lines hold ``line``."""
    hits = [c for c in _clauses(files) if _contains(c.span, file, line)]
    return min(hits, key=lambda c: c.span.end_line - c.span.line, default=None)


def provisions(files: Sequence[ir.SourceFile]) -> Iterator[tuple[ir.Measure, ir.Provision]]:
    for source in files:
        for measure in source.measures:
            for provision in measure.provisions:
                yield measure, provision
        for amendment in source.amendments:
            for item in amendment.items:
                if isinstance(item, ir.AddProvisions):
                    for provision in item.provisions:
                        yield _NO_MEASURE, provision


_NO_MEASURE = ir.Measure(0, "", (), (), (), (), (), ())


Named = Union[ir.Input, core.Define, ir.Increment]  # 定义 a - b is read as an increment


def _inputs(inputs: Sequence[ir.Input]) -> Iterator[ir.Input]:
    for item in inputs:
        yield item
        yield from item.fields


def names_in_scope(files: Sequence[ir.SourceFile], file: str, line: int) -> list[Named]:
    """Inputs and 定义 nearest first: the provision's, its measure's, the policy's, then any."""
    hit = provision_at(files, file, line)
    measure = hit[0] if hit else measure_at(files, file, line)
    near: list[Named] = []
    if hit:
        near += [*_inputs(hit[1].inputs), *hit[1].increments, *_defines(hit[1].core)]
    if measure:
        near += _defines(measure.core)
    for source in files:
        for header in source.headers:
            near += [*_inputs(header.inputs), *_defines(header.core)]
    for _, provision in provisions(files):
        near += [*_inputs(provision.inputs), *provision.increments, *_defines(provision.core)]
    for source in files:
        for other in source.measures:
            near += _defines(other.core)
    return list(dict.fromkeys(near))


def _defines(statements: Sequence[core.Statement]) -> list[core.Define]:
    return [s for s in statements if isinstance(s, core.Define)]


def _is_named(item: Named, word: str) -> bool:
    if isinstance(item, ir.Input):
        return word in (item.term, item.name)
    return item.name == word


# ---------------------------------------------------------------- the word under the cursor

_TOKEN = re.compile(r'「[^」\n]*」|"(?:[^"\\\n]|\\.)*"|[^\s、,，()（）=+\-−×÷*/:：「」"#]+')
_PROVISION_ID = re.compile(r"[0-9]+\.[0-9]+")
#: How far either side of the cursor a word is looked for (a line may be a megabyte long).
_WINDOW = 400


def word_at(line: str, column: int) -> tuple[str, int, int] | None:
    """The word (or quoted text) under a 0-based column, with its start and end columns."""
    left = max(0, column - _WINDOW)
    for match in _TOKEN.finditer(line[left:column + _WINDOW]):
        start, end = match.start() + left, match.end() + left
        if start <= column <= end and (column < end or start < end):
            if start <= column < end or column == end:
                return match.group(0), start, end
    return None


def _unquoted(word: str) -> str:
    if len(word) >= 2 and word[0] + word[-1] in ("「」", '""'):
        return word[1:-1]
    return word


# ---------------------------------------------------------------- definition


def definition(files: Sequence[ir.SourceFile], file: str, line: int, word: str) -> Span | None:
    """Where a provision id, an input (by term or English name) or a 定义 is written."""
    word = _unquoted(word)
    if _PROVISION_ID.fullmatch(word):
        found = next((p for _, p in provisions(files) if p.id == word), None)
        if found is not None:
            return found.span
    item = next((i for i in names_in_scope(files, file, line) if _is_named(i, word)), None)
    return item.span if item is not None else None


# ---------------------------------------------------------------- hover


def hover(files: Sequence[ir.SourceFile], checked: CheckedPolicy | None, stale: bool,
          file: str, line: int, word: str | None) -> str | None:
    """Markdown for the thing under the cursor: a provision (by id, or the provision whose
    lines hold the cursor) with its official sentence, re-rendered sentence and parameters; a
    name's declaration; a rule's or clause's official sentence."""
    plain = _unquoted(word) if word else ""
    if plain and _PROVISION_ID.fullmatch(plain):
        found = next(((m, p) for m, p in provisions(files) if p.id == plain), None)
        if found:
            return _provision_hover(*found, checked, stale, None)
    if plain:
        item = next((i for i in names_in_scope(files, file, line) if _is_named(i, plain)), None)
        if item is not None:
            return _name_hover(item)
    clause = clause_at(files, file, line)
    hit = provision_at(files, file, line)
    if hit:
        return _provision_hover(*hit, checked, stale, clause)
    if clause is not None and _notes(clause):
        return _notes_md(_notes(clause))
    return None


def _notes(node: object) -> tuple[ir.Cite | ir.Reading, ...]:
    notes = getattr(node, "notes", ())
    return tuple(notes) if isinstance(notes, tuple) else ()


def _notes_md(notes: Sequence[ir.Cite | ir.Reading]) -> str:
    parts = []
    for note in notes:
        label = "原文" if isinstance(note, ir.Cite) else "解读"
        parts.append(f"{label}：\n\n> {md(note.text)}")
    return "\n\n".join(parts)


def _provision_hover(measure: ir.Measure, provision: ir.Provision, checked: CheckedPolicy | None,
                     stale: bool, clause: Clause | None) -> str:
    head = f"**条款 {md(provision.id)} {md(provision.title)}**"
    if measure is not _NO_MEASURE:
        head += f" — 措施 {measure.number} {md(measure.title)}"
    parts = [head]
    if clause is not None and [n for n in _notes(clause) if isinstance(n, ir.Cite)]:
        parts.append("本句" + _notes_md([n for n in _notes(clause) if isinstance(n, ir.Cite)]))
    cites = provision.cites or measure.cites
    parts.append(_notes_md(cites) if cites else "原文：（未引）")
    parts.extend(_rendered(checked, provision.id, stale))
    return "\n\n".join(parts)


def _rendered(checked: CheckedPolicy | None, provision_id: str, stale: bool) -> list[str]:
    """The re-rendered sentence and parameter table, from the last check without errors."""
    if checked is None:
        return ["*重新生成的句子与参数：待政策检查无错误后显示 (shown once the policy checks "
                "without errors)*"]
    found = next(((m, p) for m in checked.policy.measures for p in m.provisions
                  if p.id == provision_id), None)
    if found is None:
        return []
    try:
        sentence = render(checked, *found)
        rows = parameters(checked, *found)
    except Exception:  # noqa: BLE001 - a rendering bug must not stop the hover
        return []
    parts = [f"重新生成 (re-rendered)：\n\n> {md(sentence)}"]
    if rows:
        table = ["| 参数 | 原文写法 | 值 | 单位 |", "| --- | --- | --- | --- |"]
        table += [f"| {md(r.what)} | {md(r.written)} | {md(r.value)} | {md(r.unit)} |"
                  for r in rows]
        parts.append("\n".join(table))
    if stale:
        parts.append("*（上次无错误的检查结果 / as of the last check without errors）*")
    return parts


def _name_hover(item: Named) -> str:
    if isinstance(item, ir.Input):
        values = f"（{'、'.join(item.values)}）" if item.values else ""
        optional = " 可选" if item.optional else ""
        return f"输入 **{md(item.term)}** `{item.name}` {md(item.kind_word)}{md(values)}{optional}"
    if isinstance(item, ir.Increment):
        return (f"定义 **{md(item.name)}** = {md(item.minuend.name)} - "
                f"{md(item.subtrahend.name)}")
    from sjdsl.core import render as core_render

    try:
        shown = "下表" if isinstance(item.expr, core.Table) else core_render.expr(item.expr)
    except Exception:  # noqa: BLE001
        shown = "…"
    text = f"定义 **{md(item.name)}** = {md(shown)}"
    return text + ("\n\n" + _notes_md(_notes(item)) if _notes(item) else "")


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+|!~])")


def md(text: str) -> str:
    """User text made inert in Markdown (no links, emphasis, tables or HTML)."""
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", " ")


# ---------------------------------------------------------------- completion


@attrs.frozen
class Completion:
    label: str
    kind: str  # "keyword", "function", "input", "define", "provision"
    detail: str


def keyword_completions() -> list[Completion]:
    """Every keyword, Chinese and English, and the core's functions."""
    out = []
    for chinese, english in ALIASES.items():
        out.append(Completion(chinese, "keyword", english))
        out.append(Completion(english, "keyword", chinese))
    for table in (FUNCTIONS, QUANTIFIERS, FILTERS):
        for chinese, english in table.items():
            out.append(Completion(chinese, "function", english))
            out.append(Completion(english, "function", chinese))
    return out


def completions(files: Sequence[ir.SourceFile], file: str, line: int) -> list[Completion]:
    """Keywords, the names in scope (nearest first) and the provision ids of the policy."""
    out: list[Completion] = []
    seen: set[str] = set()
    for item in names_in_scope(files, file, line):
        if isinstance(item, ir.Input):
            for label in (item.term, item.name):
                if label not in seen:
                    seen.add(label)
                    out.append(Completion(label, "input", f"输入 {item.term} {item.name} "
                                                          f"{item.kind_word}"))
        elif item.name not in seen:
            seen.add(item.name)
            out.append(Completion(item.name, "define", "定义"))
    for _, provision in provisions(files):
        if provision.id not in seen:
            seen.add(provision.id)
            out.append(Completion(provision.id, "provision", f"条款 {provision.title}"))
    return out + keyword_completions()


# ---------------------------------------------------------------- formatting
