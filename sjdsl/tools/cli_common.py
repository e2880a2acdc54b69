"""What the command-line modules share: exit codes and compiling with diagnostics printed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the compiler is imported when a command compiles (a fast `sjdsl eval`)
    from sjdsl.tools.driver import Compiled, Sources

EXIT_OK, EXIT_ERRORS, EXIT_NO_POLICY, EXIT_INTERNAL = 0, 1, 2, 3
#: The system refused a read or a write the command needed (a full disk, a device's error): not
#: a bug, and not the input's fault; the message names what the system said.
EXIT_SYSTEM = 4
#: A command line that cannot be read (as argparse exits): the same number as EXIT_NO_POLICY.
EXIT_USAGE = 2


def compile_or_report(path: Path, sources: Sources, amend: Sequence[Path] = ()) -> Compiled | None:
    """Compile one policy, printing diagnostics; None when it has errors."""
    from sjdsl.language.diagnostics import CompileError
    from sjdsl.language.placeholders import summary as placeholders_left
    from sjdsl.tools.driver import compile_policy

    if not path.exists():
        print(f"error: {path}: no such file or folder", file=sys.stderr)
        return None
    try:
        compiled = compile_policy(path, sources, amend)
    except CompileError as exc:
        print(sources.render(exc.diagnostics), file=sys.stderr)
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        print(f"\n{path}: {errors} error(s) / {errors} 处错误", file=sys.stderr)
        left = placeholders_left(exc.diagnostics)
        if left:
            print(left, file=sys.stderr)
        return None
    if compiled.warnings:
        print(sources.render(compiled.warnings), file=sys.stderr)
    return compiled


def command(sub: Any, name: str, summary: str, *codes: str) -> argparse.ArgumentParser:
    """A subcommand whose help ends with its exit codes: ``codes`` are lines "N  meaning" for
    the codes it returns itself; a usage error (2), an internal error (3) and a refused read or
    write (4) are added."""
    lines = [*codes, f"{EXIT_USAGE}  a usage error: an argument missing, or one that cannot be read",
             f"{EXIT_INTERNAL}  an internal error: a bug, please report it",
             f"{EXIT_SYSTEM}  the system refused a read or a write (a full disk, a device error)"]
    epilog = "exit status:\n" + "".join(f"  {line}\n" for line in lines)
    return sub.add_parser(name, help=summary, description=summary, epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sjdsl")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"
