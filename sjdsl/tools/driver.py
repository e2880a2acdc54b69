"""The driver: chains read → parse → assemble → check → codegen, stopping at a phase boundary
when a phase reports errors. The CLI and the Python API both go through here.
"""

from __future__ import annotations

import os
import re
import types
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from sjdsl.backends.codegen import generate
from sjdsl.backends.docgen import Change, amendment_page, generate_docs
from sjdsl.backends.examples import run_examples
from sjdsl.language import ir
from sjdsl.language.check import (
    CheckedPolicy,
    check,
    check_amendment_cites,
    check_digest,
    control_characters,
)
from sjdsl.language.diagnostics import CompileError, Diagnostic, error, render
from sjdsl.language.loading import amendment_paths, exec_module, policy_files
from sjdsl.language.parse import parse_file
from sjdsl.language.placeholders import find_placeholders
from sjdsl.language.versions import Version, build_versions
from sjdsl.runtime.compiled import CompiledPolicy, VersionedPolicy
from sjdsl.tools.diff import diff


@attrs.frozen
class Compiled:
    """The outcome of compiling one policy: the checked IR, the Python source, any warnings."""

    checked: CheckedPolicy
    source: str
    module_name: str
    warnings: tuple[Diagnostic, ...]
    versions: tuple[tuple[Version, CheckedPolicy], ...] = ()


#: The largest .pol file read (real policies are tens of kilobytes); see docs/contract.md.
MAX_POL_BYTES = 2 * 1024 * 1024
#: The largest official text (or amendment text) read. Real ones are 5-12 KB; 1 MiB is about
#: 350,000 Chinese characters, a book of 700 pages, and even at its densest (a number every three
#: characters, each a W002 warning) it is checked in under a minute and a gigabyte.
MAX_OFFICIAL_BYTES = 1024 * 1024


class Sources:
    """The text of every file read, so that diagnostics can show the lines they point at."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def read(self, path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        self.texts[str(path)] = text
        return text

    def render(self, diagnostics: Iterable[Diagnostic]) -> str:
        return "\n\n".join(render(d, self.texts) for d in diagnostics)


def module_name(policy_name: str) -> str:
    """The generated module's name: the policy name as a Python identifier."""
    return re.sub(r"[^0-9a-z_]", "_", policy_name.lower())


def load(path: Path, sources: Sources) -> tuple[CheckedPolicy, tuple[Diagnostic, ...]]:
    """Parse and check a policy folder (or one .pol file): the checked policy and its warnings.

    Raises:
        CompileError: any phase reported an error; it carries every diagnostic found.
    """
    files = _parse_files(path, sources)
    policy = assemble(files, path)
    folder = path if path.is_dir() else path.parent
    official, data = _read_official(policy.header, folder)
    assert policy.header.official is not None
    official_path = str(folder / policy.header.official.path)
    sources.texts[official_path] = official
    checked, found = check(policy, official, official_path)
    found.extend(check_digest(policy.header, data))
    for file in files:
        found.extend(control_characters(file.path, sources.texts[file.path]))
    found.extend(find_placeholders((f.path, sources.texts[f.path]) for f in files))
    if any(d.severity == "error" for d in found):  # W002 waits for a clean draft (check.py)
        raise CompileError([d for d in found if d.code != "W002"])
    return checked, tuple(found)


def _empty_folder_help(path: Path) -> str:
    """What to give instead of a folder with no .pol file: a policy folder inside it, or init."""
    inner = sorted(p for p in path.iterdir() if p.is_dir() and policy_files(p))
    if inner:
        return (f"it holds {len(inner)} policy folder(s): give one ({inner[0]}), or compile "
                f"them all with `sjdsl compile {path} --out DIR`")
    return "`sjdsl init DIR --official TEXT` writes a first policy from an official text"


#: A policy header line (政策 or its English alias), to tell a policy folder from other folders.
_HEADER = re.compile(r"^(政策|policy)\s", re.MULTILINE)


def _not_a_policy_help(path: Path) -> str:
    """What to give instead of a file that is not .pol: the policy folder beside it, if any."""
    folder = path.parent
    beside = [p for p in policy_files(folder) if p != path] if folder.is_dir() else []
    headers = sum(1 for p in beside if _HEADER.search(p.read_text(encoding="utf-8",
                                                               errors="replace")))
    if headers == 1:  # one 政策 header among its .pol files: the folder is one policy
        return f"the folder that holds it is a policy: give its folder, {folder}{os.sep}, instead"
    if beside:
        return "give a policy folder, or one of the .pol files beside it"
    if path.suffix in (".txt", ".docx"):
        return ("an official text is named by a policy's 原文文件 line; `sjdsl init DIR "
                f"--official {path}` writes a skeleton policy from it")
    return "give a policy folder or a .pol file"


def _parse_files(path: Path, sources: Sources) -> list[ir.SourceFile]:
    files = policy_files(path)
    if not files:
        raise CompileError([error("E010", f"no .pol files in {path} / 目录中没有 .pol 文件",
                                  ir.Span(str(path), 0, 0, 0, 0), _empty_folder_help(path))])
    if path.is_file() and path.suffix != ".pol":
        raise CompileError([error(
            "E021", f"{path} is not a policy file: a policy is a folder of .pol files, or one "
                    ".pol file / 不是政策文件（.pol）", ir.Span(str(path), 0, 0, 0, 0),
            _not_a_policy_help(path))])
    parsed, diagnostics = [], []
    for file in files:
        try:
            size = file.stat().st_size
            if size > MAX_POL_BYTES:
                diagnostics.append(error(
                    "E019", f"{file} is {size:,} bytes; a .pol file may hold at most "
                            f"{MAX_POL_BYTES:,} / 文件过大", ir.Span(str(file), 1, 1, 1, 2),
                    "split the policy into several files"))
                continue
            parsed.append(parse_file(sources.read(file), str(file)))
        except CompileError as exc:
            diagnostics.extend(exc.diagnostics)
        except (OSError, UnicodeDecodeError) as exc:
            diagnostics.append(error("E013", f"cannot read {file}: {exc}",
                                     ir.Span(str(file), 0, 0, 0, 0)))
    if diagnostics:
        raise CompileError(diagnostics)
    return parsed


def load_versions(checked: CheckedPolicy, path: Path, sources: Sources,
                  extra: Sequence[Path] = ()) -> list[tuple[Version, CheckedPolicy]]:
    """Every version of a policy (the base first), each checked. Raises CompileError."""
    amendments = list(checked.policy.amendments)
    for folder in [*amendment_paths(path), *extra]:
        if not folder.exists():
            raise CompileError([error("E013", f"no amendment at {folder} / 修订文件不存在",
                                      ir.Span(str(folder), 0, 0, 0, 0))])
        amendments += [a for f in _parse_files(folder, sources) for a in f.amendments]
    if not amendments:
        return [(Version(None, "", checked.policy), checked)]
    texts = [checked.official_text]
    found: list[Diagnostic] = []
    for amendment in amendments:
        text = _amendment_text(amendment, sources)
        texts.append(text)
        found += check_amendment_cites(amendment, text)
    versions, problems = build_versions(checked.policy, amendments)
    found += problems
    combined = "\n".join(texts)
    result = [(versions[0], checked)]
    for version in versions[1:]:
        vchecked, more = check(version.policy, combined)
        found += [d for d in more if d.severity == "error"]
        result.append((version, vchecked))
    if any(d.severity == "error" for d in found):
        raise CompileError(found)
    return result


def _amendment_text(amendment: ir.Amendment, sources: Sources) -> str:
    if amendment.official is None:
        raise CompileError([error("E010", f"amendment {amendment.name} names no official text "
                                          "/ 修订未指定原文文件", amendment.span,
                                  "add: 原文文件 「amendment.txt」")])
    target = Path(amendment.span.file).parent / amendment.official.path
    try:
        text = read_official_bytes(target, amendment.official.span).decode("utf-8")
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, or a NUL in the name
        raise CompileError([error("E013", f"cannot read the amendment's text {target}: "
                                          f"{_why(exc)} / 无法读取修订原文",
                                  amendment.official.span)]) from None
    sources.texts[str(target)] = text
    return text


def assemble(files: list[ir.SourceFile], path: Path) -> ir.Policy:
    """Gather the blocks of every file into one policy; exactly one 政策 header is allowed."""
    headers = [h for f in files for h in f.headers]
    if not headers:
        raise CompileError([error("E010", "no policy header (政策 …) in any file / 缺少政策头",
                                  ir.Span(str(path), 0, 0, 0, 0),
                                  "start one file with: 政策 name 「title」")])
    if len(headers) > 1:
        raise CompileError([error("E006", "a second policy header / 政策头重复", headers[1].span,
                                  f"the first is at {headers[0].span.file}:"
                                  f"{headers[0].span.line}")])
    measures = sorted((m for f in files for m in f.measures), key=lambda m: m.number)
    amendments = tuple(a for f in files for a in f.amendments)
    return ir.Policy(headers[0], tuple(measures), tuple(f.path for f in files), amendments)


def _read_official(header: ir.PolicyHeader, folder: Path) -> tuple[str, bytes]:
    if header.official is None:
        raise CompileError([error("E010", "the policy names no official text / 未指定原文文件",
                                  header.span, "add: 原文文件 「official.txt」")])
    target = folder / header.official.path
    try:
        data = read_official_bytes(target, header.official.span)
        return data.decode("utf-8"), data
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, or a NUL in the name
        raise CompileError([error("E013", f"cannot read the official text {target}: "
                                          f"{_why(exc)} / 无法读取原文文件",
                                  header.official.span)]) from None


def _why(exc: Exception) -> str:
    if isinstance(exc, ValueError) and not isinstance(exc, UnicodeDecodeError):
        return "a file name cannot hold a NUL character"
    return type(exc).__name__


def read_official_bytes(target: Path, named_at: ir.Span) -> bytes:
    """The bytes of an official text, read no further than the limit (a size on disk can lie: a
    device or a file still growing). Raises CompileError (E020) past it, OSError if unreadable."""
    with target.open("rb") as stream:
        data = stream.read(MAX_OFFICIAL_BYTES + 1)
    if len(data) > MAX_OFFICIAL_BYTES:
        raise CompileError([error(
            "E020", f"the official text {target} is larger than {MAX_OFFICIAL_BYTES:,} bytes "
                    "(1 MiB) / 原文文件过大", named_at,
            "an official text holds the policy's own words (real ones are 5-12 KB): leave out "
            "annexes and other documents")])
    return data


def compile_policy(path: Path, sources: Sources | None = None,
                   amendments: Sequence[Path] = ()) -> Compiled:
    """Parse, check and generate the calculator module for one policy and its amendments."""
    sources = sources or Sources()
    checked, warnings = load(path, sources)
    versions = load_versions(checked, path, sources, amendments)
    name = module_name(checked.policy.header.name)
    return Compiled(checked, generate(checked, path.name, versions), name, warnings,
                    tuple(versions))


def load_module(compiled: Compiled) -> types.ModuleType:
    """Execute generated source as a fresh module (the source is ours, never user text)."""
    return exec_module(compiled.source, compiled.module_name)


def documentation(compiled: Compiled, sources: Sources) -> dict[str, str]:
    """The auditors' pages of a compiled policy, its worked examples evaluated."""
    policy = load_module(compiled).POLICY
    outcomes = list(run_examples(compiled.checked, policy))
    history: dict[str, list[Change]] = {}
    amendments = []
    versions = compiled.versions
    for (_, before), (version, after) in zip(versions, versions[1:], strict=False):
        assert version.amendment is not None
        amendments.append(version.amendment)
        page = amendment_page(version.amendment)
        for row in diff(before, after):
            history.setdefault(row.provision, []).append(Change(
                str(version.effective), version.source, page,
                f"{row.parameter}：{row.before} → {row.after}"))
    return generate_docs(compiled.checked, sources.texts, outcomes, history, amendments, policy)


def load_policy(path: str | Path,
                amendments: Sequence[str | Path] = ()) -> CompiledPolicy | VersionedPolicy:
    """Compile a policy folder (or .pol file) on the fly and return its calculators.

    Amendments in the policy's files, in its ``amendments/`` folder, and in ``amendments``
    (folders or .pol files) give versions: each request is evaluated by the one in force on its
    date.

    Raises:
        CompileError: the policy has errors; ``exc.diagnostics`` lists them.
    """
    module = load_module(compile_policy(Path(path), amendments=[Path(a) for a in amendments]))
    policy = module.POLICY
    assert isinstance(policy, (CompiledPolicy, VersionedPolicy))
    return policy
