"""``sjdsl lsp``: the language server over standard input and output, on pygls.

It speaks the protocol and keeps the editor's state (open documents, the last parse and the last
clean check of each policy folder); what it answers comes from sjdsl/tools/editor.py, which asks the
compiler. Diagnostics come from the same driver entry point as ``sjdsl check``, run on the
editor's unsaved text of the folder's .pol files with official.txt from disk.

No request may stop the server: a failure inside a handler is logged to the client and answered
with nothing.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from sjdsl.language import ir
from sjdsl.language.check import CheckedPolicy
from sjdsl.language.diagnostics import CompileError, Diagnostic
from sjdsl.tools import editor
from sjdsl.tools.cli_common import installed_version
from sjdsl.tools.fmt import format_checked

#: How long typing must pause before the policy is checked again (seconds).
DEBOUNCE = 0.3
#: Characters that open a completion without Ctrl-Space: a space before the next word, a
#: separator in a list of provision ids, a parenthesis of a function.
TRIGGERS = [" ", "、", "(", "（"]

T = TypeVar("T")
log = logging.getLogger("sjdsl.tools.lsp")


class PolicyServer(LanguageServer):
    """The server and what it remembers between requests."""

    def __init__(self) -> None:
        super().__init__("sjdsl", installed_version())
        #: each folder's files as last parsed (a file that does not parse keeps its last parse)
        self.parsed: dict[str, dict[str, ir.SourceFile]] = {}
        #: each folder's last check without errors, for the re-rendered sentences of a hover
        self.clean: dict[str, CheckedPolicy] = {}
        #: whether a folder's latest check had errors (so the hover's sentence may be stale)
        self.stale: dict[str, bool] = {}
        #: the URIs each folder's last check published diagnostics on (to clear them later)
        self.published: dict[str, set[str]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    # -- documents
    def overlay(self) -> dict[str, str]:
        """The text of every open document that is a file, by its resolved path."""
        out = {}
        for uri, doc in list(self.workspace.text_documents.items()):
            path = to_fs_path(uri)
            if path:
                out[editor.key(path)] = doc.source
        return out

    def folder_of(self, uri: str) -> Path | None:
        path = to_fs_path(uri)
        if not path or not Path(path).is_file():
            return None
        return Path(editor.key(editor.policy_folder(Path(editor.key(path)))))

    def files(self, uri: str) -> list[ir.SourceFile]:
        """The parsed files of a document's folder (parsed now if never checked)."""
        folder = self.folder_of(uri)
        if folder is None:
            doc = self.workspace.get_text_document(uri)
            try:
                return [editor.parse_file(doc.source, _name(uri))]
            except Exception:  # noqa: BLE001 - a text that does not parse has nothing to offer
                return []
        name = str(folder)
        if name not in self.parsed:
            self.parsed[name] = editor.parse_files(folder, self.overlay(), {})
        return list(self.parsed[name].values())

    # -- checking
    def check(self, uri: str) -> None:
        """Check the document's policy folder and publish every file's diagnostics."""
        doc = self.workspace.get_text_document(uri)
        folder = self.folder_of(uri)
        if folder is None:
            found = editor.parse_only(doc.source, _name(uri))
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=uri, diagnostics=[self.diagnostic(d, doc.source, [], {}, None)
                                      for d in found], version=doc.version))
            return
        name = str(folder)
        overlay = self.overlay()
        outcome = editor.check_folder(folder, overlay, editor.key(to_fs_path(uri) or uri))
        self.parsed[name] = editor.parse_files(folder, overlay, self.parsed.get(name, {}))
        if outcome.checked is not None:
            self.clean[name] = outcome.checked
        self.stale[name] = outcome.checked is None
        files = list(self.parsed[name].values())
        official = _official(files, folder)
        now: set[str] = set()
        for file, found in outcome.diagnostics.items():
            target = from_fs_path(file)
            if not target:
                continue
            text = outcome.texts.get(file) or _read(file)
            now.add(target)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=target, diagnostics=[self.diagnostic(d, text, files, outcome.texts, official)
                                         for d in found]))
        for gone in sorted((self.published.get(name, set()) | {uri}) - now):  # now clean
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=gone, diagnostics=[]))
        self.published[name] = now

    def diagnostic(self, diag: Diagnostic, text: str, files: Sequence[ir.SourceFile],
                   texts: dict[str, str], official: str | None) -> lsp.Diagnostic:
        message = diag.message + (f"\nhelp: {diag.hint}" if diag.hint else "")
        related = [lsp.DiagnosticRelatedInformation(
            location=lsp.Location(uri=from_fs_path(editor.key(r.span.file)),
                                  range=self.range(r.span, texts.get(editor.key(r.span.file))
                                                   or _read(r.span.file))),
            message=r.message) for r in editor.related(diag, files, texts, official)]
        return lsp.Diagnostic(
            range=self.range(diag.span, text), message=message, code=diag.code, source="sjdsl",
            severity=(lsp.DiagnosticSeverity.Error if diag.severity == "error"
                      else lsp.DiagnosticSeverity.Warning),
            related_information=related or None)

    def range(self, span: ir.Span, text: str) -> lsp.Range:
        """A span (1-based lines, code-point columns) as the client counts (UTF-16 by default)."""
        start = lsp.Position(max(span.line - 1, 0), max(span.column - 1, 0))
        end = lsp.Position(max(span.end_line - 1, 0), max(span.end_column - 1, 0))
        if (end.line, end.character) < (start.line, start.character):
            end = start
        lines = _lines(text)
        codec = self.workspace.position_codec
        try:
            return lsp.Range(codec.position_to_client_units(lines, start),
                             codec.position_to_client_units(lines, end))
        except Exception:  # noqa: BLE001 - a span past the text's end: keep code points
            return lsp.Range(start, end)

    def location(self, span: ir.Span) -> lsp.Location | None:
        """Where a definition is: the first line of the node's span."""
        uri = from_fs_path(editor.key(span.file)) if Path(span.file).is_file() else None
        if uri is None:
            return None
        doc = self.workspace.text_documents.get(uri)
        text = doc.source if doc else _read(span.file)
        point = ir.Span(span.file, span.line, span.column, span.line, span.column)
        return lsp.Location(uri=uri, range=self.range(point, text))

    def cursor(self, uri: str, position: lsp.Position) -> tuple[str, int, int, str]:
        """The document's file name, the cursor's 0-based line and code-point column, and its
        line's text."""
        doc = self.workspace.get_text_document(uri)
        lines = doc.lines
        if position.line >= len(lines):
            return _name(uri), position.line, 0, ""
        point = self.workspace.position_codec.position_from_client_units(lines, position)
        return _name(uri), point.line, point.character, lines[point.line].rstrip("\r\n")


def _name(uri: str) -> str:
    path = to_fs_path(uri)
    return editor.key(path) if path else uri


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> list[str]:
    return text.splitlines(True)


def _read(file: str) -> str:
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return ""


def _official(files: Sequence[ir.SourceFile], folder: Path) -> str | None:
    for source in files:
        for header in source.headers:
            if header.official is not None:
                return editor.key(folder / header.official.path)
    return None


def _guarded(default: T) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A handler that logs its failure to the client and answers ``default`` instead."""
    def wrap(handler: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(handler)
        def run(server: PolicyServer, params: Any) -> T:
            try:
                return handler(server, params)
            except Exception as exc:  # noqa: BLE001 - the server must outlive any request
                log.exception("%s failed", handler.__name__)
                try:
                    server.window_log_message(lsp.LogMessageParams(
                        type=lsp.MessageType.Error,
                        message=f"sjdsl: {handler.__name__} failed: {type(exc).__name__}: {exc}"))
                except Exception:  # noqa: BLE001
                    pass
                return default
        return run
    return wrap


def build() -> PolicyServer:
    """The server with its features registered."""
    server = PolicyServer()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @_guarded(None)
    def did_open(ls: PolicyServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    @_guarded(None)
    def did_save(ls: PolicyServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded(None)
    def did_close(ls: PolicyServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if ls.folder_of(uri) is None:  # nothing on disk keeps its diagnostics meaningful
            ls.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_guarded(None)
    def did_change_files(ls: PolicyServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        """A .pol file or an official text changed on disk: check the open documents of its
        policy folder again."""
        folders = set()
        for change in params.changes:
            path = to_fs_path(change.uri)
            if path:
                folders.add(editor.key(editor.policy_folder(Path(path))))
        for folder in folders:
            ls.parsed.pop(folder, None)
        for uri in list(ls.workspace.text_documents):
            folder = ls.folder_of(uri)
            if folder is not None and str(folder) in folders:
                ls.check(uri)
                folders.discard(str(folder))

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: PolicyServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        earlier = ls.pending.get(uri)
        if earlier is not None:
            earlier.cancel()
        ls.pending[uri] = asyncio.ensure_future(_later(ls, uri))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @_guarded(None)
    def hover(ls: PolicyServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        name, line, column, text = ls.cursor(uri, params.position)
        found = editor.word_at(text, column)
        folder = ls.folder_of(uri)
        checked = ls.clean.get(str(folder)) if folder else None
        stale = ls.stale.get(str(folder), True) if folder else True
        shown = editor.hover(ls.files(uri), checked, stale, name, line,
                             found[0] if found else None)
        if shown is None:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=shown))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    @_guarded(None)
    def definition(ls: PolicyServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        uri = params.text_document.uri
        name, line, column, text = ls.cursor(uri, params.position)
        found = editor.word_at(text, column)
        if found is None:
            return None
        span = editor.definition(ls.files(uri), name, line, found[0])
        return ls.location(span) if span is not None else None

    kinds = {"keyword": lsp.CompletionItemKind.Keyword,
             "function": lsp.CompletionItemKind.Function,
             "input": lsp.CompletionItemKind.Variable,
             "define": lsp.CompletionItemKind.Constant,
             "provision": lsp.CompletionItemKind.Reference}

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                    lsp.CompletionOptions(trigger_characters=TRIGGERS))
    @_guarded(None)
    def completion(ls: PolicyServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri
        name, line, _, _ = ls.cursor(uri, params.position)
        items = [lsp.CompletionItem(label=c.label, kind=kinds[c.kind], detail=c.detail,
                                    sort_text=f"{rank:04d}")
                 for rank, c in enumerate(editor.completions(ls.files(uri), name, line))]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    @_guarded(None)
    def formatting(ls: PolicyServer,
                   params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
        uri = params.text_document.uri
        doc = ls.workspace.get_text_document(uri)
        try:
            formatted = format_checked(doc.source, _name(uri))
        except (CompileError, ValueError) as exc:
            reason = ("the file has syntax errors" if isinstance(exc, CompileError)
                      else str(exc))
            ls.window_log_message(lsp.LogMessageParams(
                type=lsp.MessageType.Warning, message=f"sjdsl fmt: not formatted: {reason}"))
            return None
        if formatted == doc.source:
            return []
        lines = doc.lines
        end = lsp.Position(len(lines), 0)
        return [lsp.TextEdit(range=lsp.Range(lsp.Position(0, 0), end), new_text=formatted)]

    return server


async def _later(ls: PolicyServer, uri: str) -> None:
    """Check a changed document once typing pauses."""
    try:
        await asyncio.sleep(DEBOUNCE)
    except asyncio.CancelledError:
        return
    ls.pending.pop(uri, None)
    _guarded(None)(lambda server, u: server.check(u))(ls, uri)


def serve() -> int:
    """Run the server on standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="sjdsl lsp: %(levelname)s %(message)s")
    build().start_io()
    return 0
