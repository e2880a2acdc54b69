"""The command line: reads arguments and files, calls the driver, prints. No compiler logic here.

    sjdsl check POLICY                  diagnostics; exit 1 on errors
    sjdsl compile POLICIES --out DIR    one calculator module per policy
    sjdsl test POLICY                   run the worked examples (示例) written in the policy
    sjdsl init DIR --official TEXT      a skeleton policy from an official text
    sjdsl fmt [--check] PATH            the one canonical layout
    sjdsl eval POLICY [--request JSON]  JSON Lines in, one result per line out (eval-contract.md)
    sjdsl diff POLICY --from D --to D   what changed between two dates (or two folders)
    sjdsl explain [CODE]                what a diagnostic code means, with a wrong and a right example
    sjdsl serve POLICIES                the HTTP service (cli_serve.py, serve.py, docs/api.md)
    sjdsl describe POLICY [--json]      a policy's provisions and their inputs
    sjdsl lsp                           the language server, for an editor (stdio)
"""

from __future__ import annotations

import argparse
import codecs
import datetime
import itertools
import json
import operator
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from sjdsl.language import cache
from sjdsl.language.loading import compile_module, exec_module, policy_folders
from sjdsl.runtime.compiled import ROW_FIELDS, CompiledPolicy, Row, answer_explained
from sjdsl.runtime.jsonio import decode_fast, encode, encode_bytes, holds_float
from sjdsl.runtime.money import in_money
from sjdsl.runtime.requests import DuplicateKey, loads
from sjdsl.tools.cli_common import (
    EXIT_ERRORS,
    EXIT_INTERNAL,
    EXIT_NO_POLICY,
    EXIT_OK,
    EXIT_SYSTEM,
    EXIT_USAGE,
    command,
    installed_version,
)
from sjdsl.tools.cli_common import compile_or_report as _compile
from sjdsl.tools.cli_ledger import register as register_ledger_commands
from sjdsl.tools.cli_serve import register as register_serve_commands

# The compiler's modules (parser, checker, docs) are imported by the commands that use them, so
# that `sjdsl eval` on a cached policy starts without loading them.


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the system's refusal (a full disk, a device's error), not a bug
        print(f"sjdsl: {system_refusal(exc)}", file=sys.stderr)
        return EXIT_SYSTEM
    except Exception as exc:  # noqa: BLE001 - a bug must not show a user a traceback
        if os.environ.get("SJDSL_DEBUG"):
            raise
        print(f"sjdsl: internal error, please report it with the input that caused it: "
              f"{type(exc).__name__}: {exc} (set SJDSL_DEBUG=1 for the traceback)",
              file=sys.stderr)
        return EXIT_INTERNAL


def system_refusal(exc: OSError) -> str:
    """What the system refused, in one line: what it said, and the file when it names one (a
    write to standard output names none)."""
    said = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    return (f"a read or write failed{where}: {said}"
            + (f" [errno {exc.errno}]" if exc.errno else "") + "; the output may be incomplete")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sjdsl", description="Policy-as-code for industrial support policies (产业扶持政策).",
        epilog="`sjdsl COMMAND --help` describes a command and lists its exit codes.")
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="print the version of sjdsl and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                help="one of these; `sjdsl COMMAND --help` for its arguments")

    check = command(sub, "check", "check a policy folder or .pol file; exit 1 on errors",
                    "0  no errors (warnings may be printed)",
                    "1  errors: each printed with file:line:col; or no policy at that path")
    check.add_argument("policy", type=Path, help="a policy folder or one .pol file")
    _amend_option(check)
    check.set_defaults(run=cmd_check)

    comp = command(sub, "compile", "compile policies into Python calculator modules and pages",
                   "0  every policy compiled and written",
                   "1  a policy has errors, there is none, or the output cannot be written")
    comp.add_argument("policies", type=Path,
                      help="a folder of policy folders (policies/) or one policy folder")
    comp.add_argument("--out", type=Path, required=True, help="output folder (generated/)")
    comp.set_defaults(run=cmd_compile)

    test = command(sub, "test", "run the worked examples (示例) written in a policy",
                   "0  every example gives its expected result", "1  an example fails",
                   "2  the policy does not compile")
    test.add_argument("policy", type=Path, help="a policy folder or one .pol file")
    _amend_option(test)
    test.set_defaults(run=cmd_test)

    init = command(sub, "init", "write a skeleton policy from an official text",
                   "0  the skeleton is written",
                   "1  the folder is not new or empty, a file cannot be read or written, or "
                   "the text is empty, binary, not UTF-8, not a real .docx, or has no articles")
    init.add_argument("folder", type=Path, help="the new policy folder (must be empty or new)")
    init.add_argument("--official", type=Path, required=True,
                      help="the official text: UTF-8 text, or a Word file (.docx)")
    init.set_defaults(run=cmd_init)

    fmt = command(sub, "fmt", "format .pol files in the one canonical layout",
                  "0  every file is formatted (with --check: already was)",
                  "1  with --check, a file is not formatted; a file has syntax errors; "
                  "or no .pol file at that path")
    fmt.add_argument("path", type=Path, help="a .pol file or a folder (searched recursively)")
    fmt.add_argument("--check", action="store_true",
                     help="change nothing; exit 1 and list the files that are not formatted")
    fmt.set_defaults(run=cmd_fmt)

    ev = command(sub, "eval", "evaluate JSON Lines requests from standard input",
                 "0  every request answered", "1  some line had an error (answered with "
                 "an error line; the rest were still answered)", "2  the policy does not compile")
    ev.add_argument("policy", type=Path, help="a policy folder or one .pol file")
    ev.add_argument("--request", help="evaluate one request given inline as JSON")
    ev.add_argument("--progress", action="store_true",
                    help="a progress count on standard error (on by default on a terminal)")
    ev.add_argument("--line-buffered", action="store_true",
                    help="write each answer out at once, for a program that keeps sjdsl eval "
                         "open and sends one request at a time (default: in blocks, faster)")
    ev.add_argument("--fields", type=_fields, metavar="NAME,…",
                    help="write only these result fields, in the contract's order (default: "
                         "all, with the trace). Without 'trace' the trace is not computed, "
                         "which is much faster for bulk runs; an error line is always the "
                         "whole error object. Fields: " + ", ".join(RESULT_FIELDS))
    ev.add_argument("--jobs", type=_jobs, metavar="N",
                    help="answer a long stream in N worker processes, the answers in the "
                         "lines' order (default: one per core this process may use; 1: in this "
                         "process alone). A short stream, --request and --line-buffered are "
                         "answered in this process")
    _amend_option(ev)
    ev.set_defaults(run=cmd_eval)

    df = command(sub, "diff", "what differs between two dates of a policy, or two folders",
                 "0  the differences are printed (or that there are none)",
                 "2  a policy does not compile")
    df.add_argument("policy", type=Path, help="a policy folder (or the older of two folders)")
    df.add_argument("other", type=Path, nargs="?", help="a second policy folder to compare with")
    df.add_argument("--from", dest="day_from", type=_day, help="the earlier date (YYYY-MM-DD)")
    df.add_argument("--to", dest="day_to", type=_day, help="the later date (YYYY-MM-DD)")
    _amend_option(df)
    df.set_defaults(run=cmd_diff)
    register_ledger_commands(sub, _amend_option, _day)

    expl = command(sub, "explain", "what a diagnostic code (E009, W002 …) means, with a wrong "
                                   "and a right example and how to fix it",
                   "0  the explanation (or the list of codes) is printed",
                   "2  an unknown code (the nearest codes are suggested)")
    expl.add_argument("code", nargs="?",
                      help="a code such as E009 (any case); without it, the list of codes")
    expl.add_argument("--markdown", action="store_true",
                      help="print every code as the docs page (docs/errors.md) instead")
    expl.set_defaults(run=cmd_explain)
    register_serve_commands(sub, _day)
    lsp = command(sub, "lsp", "run the language server on standard input and output (started "
                              "by an editor: editors/vscode, any LSP client)",
                  "0  the client ended the session (shutdown, exit)",
                  "2  pygls is not installed (pip install 'sjdsl[lsp]')")
    lsp.set_defaults(run=cmd_lsp)
    return parser


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for: importlib.metadata would add a tenth of
    its start-up to every command (``sjdsl eval`` starts in about 0.1 s)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"sjdsl {installed_version()}")
        parser.exit()


def _amend_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--amend", type=Path, action="append", default=[], metavar="PATH",
                        help="an amendment folder or .pol file to apply (repeatable); the "
                             "policy's own amendments/ folder is always applied")


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def cmd_check(args: argparse.Namespace) -> int:
    from sjdsl.tools.driver import Sources

    compiled = _compile(args.policy, Sources(), args.amend)
    if compiled is None:
        return EXIT_ERRORS
    policy = compiled.checked.policy
    count = len(policy.provisions())
    print(f"ok: {policy.header.name} — {count} provisions in {len(policy.files)} file(s)")
    return EXIT_OK


def cmd_lsp(args: argparse.Namespace) -> int:
    try:
        from sjdsl.tools.lsp import serve
    except ImportError as exc:  # pygls is an optional extra
        if exc.name not in ("pygls", "lsprotocol", "cattrs"):
            raise
        print(f"error: sjdsl lsp needs pygls ({exc}): pip install 'sjdsl[lsp]'", file=sys.stderr)
        return EXIT_NO_POLICY
    return serve()


def cmd_compile(args: argparse.Namespace) -> int:
    from sjdsl.tools.driver import Sources, documentation

    folders = policy_folders(args.policies)
    if not folders:
        print(f"error: no policy folders (with .pol files) in {args.policies}", file=sys.stderr)
        return EXIT_ERRORS
    results = []
    for folder in folders:
        sources = Sources()
        compiled = _compile(folder, sources)
        if compiled is None:
            return EXIT_ERRORS
        results.append((compiled, sources))
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
        _write(out / "__init__.py", '"""Calculators generated by `sjdsl compile`."""\n')
        for compiled, sources in results:
            _write(out / f"{compiled.module_name}.py", compiled.source)
            pages = documentation(compiled, sources)
            _write_pages(out / "docs", pages)
            print(f"wrote {out / (compiled.module_name + '.py')} and {len(pages)} pages in "
                  f"{out / 'docs' / compiled.checked.policy.header.name}")
    except OSError as exc:
        print(f"error: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _write_pages(root: Path, pages: dict[str, str]) -> None:
    """Write a policy's pages and remove pages of that policy that are no longer generated."""
    folders = {(root / name).parent for name in pages}
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.md"):
            if stale.relative_to(root).as_posix() not in pages:
                stale.unlink()
    for name, text in sorted(pages.items()):
        _write(root / name, text)


def _write(path: Path, text: str) -> None:
    """Write only when the content changes, through a temporary file (never half a module), and
    never leave the temporary file behind: the text is encoded before any file is opened, and a
    write or rename that fails removes it."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def cmd_test(args: argparse.Namespace) -> int:
    from sjdsl.backends.examples import run_examples
    from sjdsl.tools.driver import Sources, load_module

    compiled = _compile(args.policy, Sources(), args.amend)
    if compiled is None:
        return EXIT_NO_POLICY
    policy = load_module(compiled).POLICY
    outcomes = list(run_examples(compiled.checked, policy))
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        span = outcome.example.span
        got = outcome.result.get("amount", outcome.result.get("error"))
        print(f"FAIL {outcome.provision.id} 「{outcome.example.title}」 ({span.file}:{span.line}): "
              f"expected {outcome.expected}, got {got}", file=sys.stderr)
        for step in outcome.result.get("trace", []) + outcome.result.get("reasons", []):
            print(f"    {step}", file=sys.stderr)
    print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return EXIT_ERRORS if failed else EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from sjdsl.tools.scaffold import InitError, write_skeleton

    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(f"error: {folder} exists and is not an empty folder; sjdsl init writes a new "
              "policy and overwrites nothing", file=sys.stderr)
        return EXIT_ERRORS
    try:
        written = write_skeleton(folder, args.official)
    except InitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"error: cannot read {args.official} or write {folder}: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    for path in written:
        print(f"wrote {path}")
    print(f"next: `sjdsl check {folder}` lists the placeholders to fill in (E025), then the "
          "numbers left to encode (W002)")
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    path: Path = args.path
    if not path.exists():
        print(f"error: {path}: no such file or folder", file=sys.stderr)
        return EXIT_ERRORS
    files = sorted(path.rglob("*.pol")) if path.is_dir() else [path]
    if not files:
        print(f"error: no .pol files in {path}: nothing to format", file=sys.stderr)
        return EXIT_ERRORS
    status = EXIT_OK
    for file in files:
        outcome = reformat(file, write=not args.check)
        if outcome == "error":
            status = EXIT_ERRORS
        elif outcome == "changed":
            print(f"{'would reformat' if args.check else 'reformatted'} {file}")
            status = EXIT_ERRORS if args.check else status
    return status


def reformat(file: Path, write: bool) -> str:
    """Format one file: "same", "changed" or "error" (diagnostics printed, nothing written)."""
    from sjdsl.language.diagnostics import CompileError
    from sjdsl.tools.driver import Sources
    from sjdsl.tools.fmt import MeaningChanged, format_checked

    sources = Sources()
    try:
        text = sources.read(file)
        formatted = format_checked(text, str(file))
    except CompileError as exc:
        print(sources.render(exc.diagnostics), file=sys.stderr)
        return "error"
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {file}: {exc}", file=sys.stderr)
        return "error"
    except MeaningChanged as exc:  # a formatter bug must never change what a policy says
        print(f"error: {file}: {exc}", file=sys.stderr)
        return "error"
    if formatted == text:
        return "same"
    if write:
        _write(file, formatted)
    return "changed"


def cmd_diff(args: argparse.Namespace) -> int:
    from sjdsl.tools.diff import diff, in_force, markdown
    from sjdsl.tools.driver import Sources

    if args.other is None and (args.day_from is None or args.day_to is None):
        print("sjdsl diff: error: give --from DATE and --to DATE, or a second policy folder",
              file=sys.stderr)
        return EXIT_USAGE
    first = _compile(args.policy, Sources(), args.amend)
    if first is None:
        return EXIT_NO_POLICY
    if args.other is not None:
        second = _compile(args.other, Sources())
        if second is None:
            return EXIT_NO_POLICY
        rows = diff(first.checked, second.checked)
        print(markdown(rows, str(args.policy), str(args.other)), end="")
        return EXIT_OK
    versions = list(first.versions)
    if len(versions) == 1:
        print(f"note: {args.policy} has no amendments (an amendments/ folder, or --amend PATH), "
              "so it reads the same on every date", file=sys.stderr)
    (v1, c1), (v2, c2) = in_force(versions, args.day_from), in_force(versions, args.day_to)
    rows = diff(c1, c2)
    print(f"{first.checked.policy.header.title}: {args.day_from} ({v1.source or '基础文本'}) → "
          f"{args.day_to} ({v2.source or '基础文本'})\n")
    print(markdown(rows, str(args.day_from), str(args.day_to)), end="")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from sjdsl.tools import explain

    if args.markdown:
        print(explain.markdown(), end="")
        return EXIT_OK
    if args.code is None:
        print(explain.listing(), end="")
        print("\nrun `sjdsl explain CODE` for one code's explanation")
        return EXIT_OK
    found = explain.lookup(args.code)
    if found is None:
        print(f"sjdsl explain: error: unknown code {args.code!r}; {explain.suggestion(args.code)}",
              file=sys.stderr)
        return EXIT_USAGE
    print(explain.text(found), end="")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    policy = _cached_policy(args.policy, args.amend)
    if policy is None:
        return EXIT_NO_POLICY
    progress = args.progress or (args.request is None and sys.stderr.isatty())
    if args.request is not None:
        return evaluate_lines(policy, [args.request], sys.stdout, fields=args.fields)
    # Standard input and output as bytes: orjson reads and writes UTF-8 itself, and a line that
    # is not UTF-8 gets an error line instead of stopping the stream.
    jobs = args.jobs if args.jobs is not None else default_jobs()
    return evaluate_stream(policy, sys.stdin.buffer, sys.stdout.buffer, progress=progress,
                           flush_each=args.line_buffered, fields=args.fields, jobs=jobs)


def default_jobs() -> int:
    """One worker per core this process may use (``--jobs`` says otherwise)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux, where no worker is forked
        return 1


def _jobs(text: str) -> int:
    """``--jobs``: a whole number of worker processes, at least 1."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= 256:
        raise argparse.ArgumentTypeError(f"expected a number of processes from 1 to 256, got "
                                         f"{text!r}")
    return jobs


#: The contract's result fields, in the order an answer gives them (docs/contract.md): the
#: eight every result has, then the five only some results have.
RESULT_FIELDS = ("provision", "eligible", "amount", "district_share", "town_share", "ceiling",
                 "reasons", "trace", "override_applied", "schedule", "version", "shares",
                 "obligations")


def _fields(text: str) -> frozenset[str]:
    """``--fields``: result field names separated by commas (a usage error names a wrong one)."""
    names = [name.strip() for name in text.split(",")]
    for name in names:
        if name not in RESULT_FIELDS:
            from sjdsl.runtime.suggest import suggest

            hint = suggest(name, RESULT_FIELDS) if name else None
            what = f"unknown field {name!r}" if name else "an empty field name"
            raise argparse.ArgumentTypeError(
                f"{what}; " + (hint or "the fields are " + ", ".join(RESULT_FIELDS)))
    return frozenset(names)


def _cached_policy(path: Path, amend: Sequence[Path]) -> Any:
    """The policy's calculators, from the module cache when nothing has changed (sjdsl.language.cache),
    else compiled (printing any diagnostics) and kept there; None when it does not compile."""
    entry = cache.lookup(path, amend)
    if entry is not None:
        if entry["warnings"]:
            print(entry["warnings"], file=sys.stderr)
        return exec_module(entry["source"], entry["module_name"], entry["code"]).POLICY
    from sjdsl.tools.driver import Sources

    sources = Sources()
    compiled = _compile(path, sources, amend)
    if compiled is None:
        return None
    code = compile_module(compiled.source, compiled.module_name)
    cache.store(path, amend, list(sources.texts), compiled.source, compiled.module_name,
                sources.render(compiled.warnings) if compiled.warnings else "", code)
    return exec_module(compiled.source, compiled.module_name, code).POLICY


#: The longest request line answered (a real request is well under a kilobyte): bytes of UTF-8 on
#: standard input, characters for a line given as text (``--request``).
MAX_LINE = 1_000_000


def read_lines(stream: IO[bytes], limit: int = MAX_LINE) -> Iterator[bytes]:
    """The lines of a byte stream (each with its newline, the last perhaps without), none held
    longer than ``limit`` + 1 bytes: a longer line is cut there (and so answered with an error)
    and the rest of it read past, never kept, so memory stays bounded however long a line is."""
    for piece in read_pieces(stream, limit):
        yield from piece_lines(piece, limit)


#: The most bytes of whole lines in one piece of a stream (about 2,000 requests), a worker's
#: batch: enough that handing a batch over costs little beside answering it, few enough that the
#: workers share a stream's end evenly.
PIECE_BYTES = 1 << 18


def read_pieces(stream: IO[bytes], limit: int = MAX_LINE) -> Iterator[bytes]:
    """A byte stream in pieces of whole lines (the last perhaps without its newline), each about
    ``PIECE_BYTES`` or one line. A line that runs past ``limit`` bytes before its newline comes,
    alone, as its first ``limit`` + 1 bytes, and the rest of it is read past, never kept.

    The stream is read in blocks of what is there (``read1``: up to 1 MiB from a file, what a
    program has sent so far from a pipe, so one that sends a request at a time is answered at
    once), and a piece is cut from a block without splitting its lines: ``piece_lines`` splits
    a piece in one call, wherever it is answered."""
    read = getattr(stream, "read1", stream.read)
    pending, skipping = b"", False
    while block := read(1 << 20):
        if skipping:  # the rest of a line over the limit
            end = block.find(b"\n")
            if end < 0:
                continue
            block, skipping = block[end + 1:], False
        data = pending + block if pending else block
        end = data.rfind(b"\n") + 1
        start, pending = 0, data[end:]
        while start < end:
            cut = data.find(b"\n", start + PIECE_BYTES - 1, end) + 1 or end
            yield data[start:cut]
            start = cut
        if len(pending) > limit:
            yield pending[:limit + 1]
            pending, skipping = b"", True
    if pending:
        yield pending


def piece_lines(piece: bytes, limit: int = MAX_LINE) -> list[bytes]:
    """A piece's lines, as ``read_lines`` gives them: each with its newline, a line longer than
    ``limit`` cut to ``limit`` + 1 bytes (without it)."""
    parts = piece.split(b"\n")
    last = parts.pop()  # b"" after a final newline; else the stream's last line, or one cut
    lines = [part[:limit + 1] if len(part) > limit else part + b"\n" for part in parts]
    if last:
        lines.append(last[:limit + 1])
    return lines


def _line_count(piece: bytes) -> int:
    return piece.count(b"\n") + (not piece.endswith(b"\n"))


#: A stream is answered in worker processes (``--jobs``) once this many lines have come in before
#: its end: below it, forking the workers costs more than they save.
PARALLEL_FROM = 4_000


def evaluate_stream(policy: CompiledPolicy, stream: IO[bytes], out: IO[bytes],
                    progress: bool = False, flush_each: bool = False,
                    fields: frozenset[str] | None = None, jobs: int = 1) -> int:
    """``evaluate_lines`` over a byte stream, in ``jobs`` worker processes when the stream is
    long enough for them to pay (``sjdsl.tools.parallel``; not with ``flush_each``, whose caller
    waits for each answer). The answers are the same, byte for byte, in the same order."""
    pieces = read_pieces(stream)
    head: list[bytes] = []
    if jobs > 1 and not flush_each:
        count = 0
        for piece in pieces:
            head.append(piece)
            count += _line_count(piece)
            if count >= PARALLEL_FROM:
                from sjdsl.tools import parallel  # multiprocessing: imported when it is used

                if parallel.available():
                    return in_money(_evaluate_pieces, policy, itertools.chain(head, pieces),
                                    out, progress, fields, jobs)
                break
    if flush_each:  # each answer written and flushed before the next line is read
        lines = itertools.chain.from_iterable(map(piece_lines, itertools.chain(head, pieces)))
        return evaluate_lines(policy, lines, out, progress, flush_each, fields)
    return in_money(_evaluate_pieces, policy, itertools.chain(head, pieces), out, progress,
                    fields, 1)


def _evaluate_pieces(policy: CompiledPolicy, pieces: Iterable[bytes], out: IO[bytes],
                     progress: bool, fields: frozenset[str] | None, jobs: int) -> int:
    """The stream's pieces answered in turn (``_answer_batch``), in this process or, with
    ``jobs`` > 1, in forked workers, and their answers written in order."""
    answer = _answerer(policy, fields)

    def task(batch: tuple[int, bytes]) -> tuple[bytes, tuple[int, int]]:
        return in_money(_answer_batch, answer, *batch)

    out.flush()  # the workers write to the file after what is already there
    batches = _batches(pieces)
    answered: Iterator[tuple[bytes, tuple[int, int]]] = map(task, batches)
    if jobs > 1:
        from sjdsl.tools import parallel

        workers = parallel.ordered_write(task, batches, jobs, _descriptor(out))
        try:
            first = next(workers, None)
        except parallel.Busy:  # another stream of this process has them: no batch is taken
            pass
        else:
            answered = itertools.chain(() if first is None else (first,), workers)
    errors = number = 0
    for data, (failed, count) in answered:
        if data:
            out.write(data)
        errors, number = errors + failed, number + count
        if progress and number // 10_000 > (number - count) // 10_000:
            _progress(number, errors)
    out.flush()
    if progress:
        _progress(number, errors, done=True)
    return EXIT_ERRORS if errors else EXIT_OK


def _descriptor(out: IO[bytes]) -> int | None:
    """The file descriptor under ``out``, for the workers to write to; None for a buffer."""
    try:
        return out.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _batches(pieces: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(the first line's number, a piece), the first piece without a byte order mark, as
    ``_without_bom`` reads it."""
    number = 1
    for piece in pieces:
        if number == 1 and piece.startswith(codecs.BOM_UTF8):
            piece = piece[len(codecs.BOM_UTF8):]
        yield number, piece
        number += _line_count(piece)


def _answer_batch(answer: Callable[[bytes, int], dict[str, Any] | bytes], first: int,
                  piece: bytes) -> tuple[bytes, tuple[int, int]]:
    """A piece's answers as the bytes to write, with its error count, and its line count.
    Each line is added to one buffer as it is written (orjson gives each line a buffer of a
    kilobyte: keeping thousands of them alive to join costs more than the answers)."""
    lines = piece.split(b"\n")  # as piece_lines, but without a newline added to each line
    if not lines[-1]:
        lines.pop()  # after the last newline
    written, errors = bytearray(), 0
    for number, line in enumerate(lines, start=first):
        if not line or line.isspace():  # a blank line: no answer (what strip() leaves empty)
            continue
        result = answer(line, number)
        if type(result) is bytes:  # a row written by _row_writer: never an error
            written += result
        else:
            errors += "error" in result
            written += _encoded_line(result)  # type: ignore[arg-type]
    return bytes(written), (errors, len(lines))


def evaluate_lines(policy: CompiledPolicy, lines: Iterable[str] | Iterable[bytes],
                   out: IO[str] | IO[bytes], progress: bool = False,
                   flush_each: bool = False, fields: frozenset[str] | None = None) -> int:
    """Answer each JSON line in order, streaming; a bad line gets an error line, not a stop.
    ``lines`` and ``out`` are both text or both bytes (UTF-8). A UTF-8 byte order mark at the
    start of the first line is read past. The whole stream runs in the money context (one
    switch, not one a line). ``fields``: the result fields to write (None: all)."""
    return in_money(_evaluate_lines, policy, _without_bom(lines), out, progress, flush_each,
                    fields)


def _without_bom(lines: Iterable[str] | Iterable[bytes]) -> Iterator[str | bytes]:
    """The lines, the first without a byte order mark (as Windows editors write one)."""
    rest = iter(lines)
    first = next(rest, None)
    if first is None:
        return rest
    if isinstance(first, bytes) and first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8):]
    elif isinstance(first, str) and first.startswith("\ufeff"):
        first = first[1:]
    return itertools.chain((first,), rest)


def _evaluate_lines(policy: CompiledPolicy, lines: Iterable[str | bytes],
                    out: IO[str] | IO[bytes], progress: bool, flush_each: bool,
                    fields: frozenset[str] | None) -> int:
    status, errors = EXIT_OK, 0
    number = 0
    answer = _answerer(policy, fields)
    write = out.write  # each answer handed over before the next line is read (out buffers)
    binary: bool | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        result = answer(line, number)
        if binary is None:
            binary = isinstance(line, bytes)
        if type(result) is bytes:  # a row written by _row_writer: never an error
            write(result if binary else result.decode("utf-8"))  # type: ignore[arg-type]
        else:
            if "error" in result:
                status, errors = EXIT_ERRORS, errors + 1
            write(_encoded_line(result) if binary else encode(result) + "\n")  # type: ignore
        if flush_each:
            out.flush()
        if progress and number % 10_000 == 0:
            _progress(number, errors)
    out.flush()
    if progress:
        _progress(number, errors, done=True)
    return status


def _progress(number: int, errors: int, done: bool = False) -> None:
    """The progress count on standard error, rewritten in place; the last one ends its line."""
    print(f"\r{number:,} lines, {errors:,} errors" + (" — done" if done else ""),
          end="\n" if done else "", file=sys.stderr, flush=True)


def _encoded_line(result: dict[str, Any]) -> bytes:
    """One answer as a line of UTF-8 (orjson's, or ``encode_bytes``'s where orjson refuses)."""
    try:
        return orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return encode_bytes(result) + b"\n"


def _answerer(policy: CompiledPolicy, fields: frozenset[str] | None
              ) -> Callable[[str | bytes, int], dict[str, Any] | bytes]:
    """``_answer`` for one stream, its result cut to ``fields``: the common request goes
    straight to the provision's generated JSON function (``common_answerer``), or without the
    trace to its twin, whose row is written as the line itself (``_row_writer``: bytes, where
    every other answer is an object); anything else the way ``_answer`` takes."""
    compiled = isinstance(policy, CompiledPolicy)
    trace = fields is None or "trace" in fields
    common = policy.common_answerer() if compiled and trace else None
    rows = policy.row_answerer() if compiled and not trace else None
    # the kept fields in the contract's order, which is the order of every answer's keys
    keep = tuple(name for name in RESULT_FIELDS if fields is not None and name in fields)
    write_row = _row_writer(keep)

    def answer(line: str | bytes, number: int) -> dict[str, Any] | bytes:
        if (common is None and rows is None) or len(line) > MAX_LINE:
            result = _answer(policy, line, number)
        else:
            try:
                raw = decode_fast(line)
            except ValueError:  # orjson refused the line: the standard reading says why
                result = _answer_standard(policy, line, number)
            else:
                result = None
                if type(raw) is dict:
                    if rows is not None:
                        row = rows(raw)
                        if row is not None:  # its provision a string the row answerer knows
                            return write_row(raw["provision"], row)
                    else:
                        result = common(raw)  # type: ignore[misc]
                if result is None:  # not the common request: the explained calculator
                    result = _checked(policy, answer_explained(policy, raw), raw, line, number)
        if fields is None or "error" in result:
            return result
        return {key: result[key] for key in keep if key in result}

    return answer


def _row_writer(keep: tuple[str, ...]) -> Callable[[str, Row], bytes]:
    """The line for a row of the no-trace answer (``compiled.ROW_FIELDS``) cut to ``keep``,
    from a template made once per provision: byte for byte what orjson writes for that answer
    cut to those fields (compact, UTF-8, the contract's order, which ``ROW_FIELDS`` follows),
    at about half the cost of making the object, cutting it and encoding it. An amount is
    written as the row holds it (digits and a point: ``str`` of a Decimal rounded to the fen)."""
    kept = [ROW_FIELDS.index(name) for name in keep if name in ROW_FIELDS]
    pick = operator.itemgetter(*kept) if kept else None
    with_reasons = "reasons" in keep
    templates: dict[str, str] = {}

    def template(provision: str) -> str:
        parts = []
        for name in keep:
            if name == "provision":
                value = orjson.dumps(provision).decode().replace("%", "%%")
            elif name in ROW_FIELDS:
                value = '"%s"' if name in _ROW_AMOUNTS else "%s"
            else:
                continue  # a field this answer does not have, as the cut leaves it out
            parts.append(f'"{name}":{value}')
        return "{" + ",".join(parts) + "}\n"

    def write(provision: str, row: Row) -> bytes:
        text = templates.get(provision)
        if text is None:
            text = templates[provision] = template(provision)
        if pick is None:
            return (text % ()).encode()  # "%%" in the provision's text, as one "%"
        eligible, amount, district, town, ceiling, reasons = row
        values = (_JSON_BOOL[eligible], amount, district, town, _JSON_BOOL[ceiling],
                  orjson.dumps(reasons).decode() if with_reasons else "")
        return (text % pick(values)).encode()

    return write


_ROW_AMOUNTS = frozenset(("amount", "district_share", "town_share"))
_JSON_BOOL = ("false", "true")


def _too_long(line: str | bytes, number: int) -> dict[str, Any] | None:
    """The error line for a line over the limit (its newline not counted), else None."""
    binary = isinstance(line, bytes)
    size = len(line) - line.endswith(b"\n" if binary else "\n")  # type: ignore[arg-type]
    if size <= MAX_LINE:
        return None
    unit = "bytes" if binary else "characters"
    return {"error": f"line {number}: longer than {MAX_LINE:,} {unit}; a request line may "
                     f"hold at most {MAX_LINE:,} {unit}", "field": "request",
            "provision": None, "line": number}


def _answer(policy: CompiledPolicy, line: str | bytes, number: int) -> dict[str, Any]:
    """A line's answer: its reading by orjson answered, or the standard reading's."""
    if len(line) > MAX_LINE:
        refused = _too_long(line, number)
        if refused is not None:
            return refused
    try:
        raw = decode_fast(line)
    except ValueError:  # orjson refused the line: the standard reading says why, or answers it
        return _answer_standard(policy, line, number)
    return _checked(policy, policy.evaluate_json(raw), raw, line, number)


def _checked(policy: CompiledPolicy, result: dict[str, Any], raw: Any, line: str | bytes,
             number: int) -> dict[str, Any]:
    """The answer to orjson's reading of a line, as the standard reading would give it: the
    same, but for an error on a line holding a float, whose text only that reading keeps
    (``jsonio``); so an error line is worked out once, not again."""
    if "error" not in result:
        return result
    if holds_float(raw):
        return _answer_standard(policy, line, number)
    result["line"] = number
    return result


def _answer_standard(policy: CompiledPolicy, line: str | bytes, number: int) -> dict[str, Any]:
    """A line's answer by the standard library's reading (floats kept apart, a repeated key
    refused, every JSON error's own message). The newline that ends the line is not read:
    it ends the request, it is not in it (a line cut short is an unterminated string, not a
    string holding a newline), and a line comes with it or without it as it was read."""
    line = line[:-1] if line[-1:] in (b"\n", "\n") else line
    if isinstance(line, bytes):
        line = _text(line, number)
        if isinstance(line, dict):
            return line
    try:
        raw = loads(line)  # the reference decoding: floats kept apart, exact error messages
    except DuplicateKey as exc:
        return {"error": f"line {number}: {exc.msg}", "field": "json", "provision": None,
                "line": number}
    except (ValueError, RecursionError) as exc:
        reason = (exc.msg if isinstance(exc, json.JSONDecodeError) else
                  "nesting too deep" if isinstance(exc, RecursionError) else str(exc))
        return {"error": f"line {number}: not valid JSON: {reason}", "field": "json",
                "provision": None, "line": number}
    result = policy.evaluate_json(raw)
    if "error" in result:
        result["line"] = number
    return result


def _text(line: bytes, number: int) -> str | dict[str, Any]:
    """A line of bytes as text, or the error line for bytes that are not UTF-8."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return {"error": f"line {number}: not valid UTF-8 text (byte {exc.start + 1}); send "
                         "requests as UTF-8", "field": "json", "provision": None, "line": number}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
