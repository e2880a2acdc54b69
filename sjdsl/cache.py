"""A cache of generated calculator modules, so that ``sjdsl eval`` starts in milliseconds.

Compiling a policy — parse, check (with the fidelity check against the official text), codegen —
takes about a second, and ``sjdsl eval`` needs only the generated module. Like Python's own
``__pycache__``, the cache keeps each module under a key, and reuses it only while nothing it was
made from has changed:

- sjdsl itself: every file of the installed package and its grammar (a new sjdsl, or an edited
  one, never reuses an old module);
- the policy: which .pol files and amendment folders there are, and the bytes of every file the
  compile read (the .pol files, the official texts, the amendments).

An entry is one JSON file, written to a temporary name and renamed, so a reader never sees half
of one. Anything wrong with the cache — no writable folder, a damaged entry — means a normal
compile, never an error. ``SJDSL_CACHE_DIR`` chooses the folder (default
``$XDG_CACHE_HOME/sjdsl`` or ``~/.cache/sjdsl``); ``SJDSL_NO_CACHE=1`` turns it off. Like
``__pycache__``, the folder holds code that is run (the module's source, and its bytecode for
this Python): it must be writable only by its user (the entries are created with mode 0600, in
the user's own cache folder by default).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import types
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import sjdsl
from sjdsl.loading import amendment_paths, grammar_text, policy_files

_FORMAT = 1


def folder() -> Path | None:
    if os.environ.get("SJDSL_NO_CACHE") == "1":
        return None
    chosen = os.environ.get("SJDSL_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sjdsl"


@cache
def _sjdsl_fingerprint() -> str:
    """A digest of sjdsl's own files: the code that compiles, and the grammar it parses with."""
    root = Path(sjdsl.__file__).parent
    digest = hashlib.sha256(str(_FORMAT).encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    digest.update(grammar_text().encode())
    return digest.hexdigest()


def _listing(path: Path, amend: Sequence[Path]) -> list[str]:
    """Which files make up the policy: a new .pol file or amendment means a new compile."""
    names = [str(p) for p in policy_files(path)]
    for extra in [*amendment_paths(path), *amend]:
        names += [str(p) for p in policy_files(extra)] if extra.exists() else [f"?{extra}"]
    return names


def _key(path: Path, amend: Sequence[Path]) -> str:
    where = [str(path.resolve()), *(str(a.resolve()) for a in amend)]
    return hashlib.sha256("\0".join([_sjdsl_fingerprint(), *where]).encode()).hexdigest()


def _file_digest(name: str) -> str | None:
    try:
        return hashlib.sha256(Path(name).read_bytes()).hexdigest()
    except OSError:
        return None


def lookup(path: Path, amend: Sequence[Path] = ()) -> dict[str, Any] | None:
    """The cached entry (``source``, ``module_name``, ``warnings``) if still valid, else None."""
    base = folder()
    if base is None:
        return None
    try:
        entry = json.loads((base / f"{_key(path, amend)}.json").read_text(encoding="utf-8"))
        if entry["listing"] != _listing(path, amend):
            return None
        if any(_file_digest(name) != digest for name, digest in entry["files"].items()):
            return None
        found = {k: entry[k] for k in ("source", "module_name", "warnings")}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    found["code"] = _load_code(base / _code_name(path, amend), found["source"])
    return found


def _code_name(path: Path, amend: Sequence[Path]) -> str:
    """The compiled bytecode's file: per entry and per Python (marshal's format is theirs)."""
    return f"{_key(path, amend)}.{sys.implementation.cache_tag}.code"


def _load_code(file: Path, source: str) -> types.CodeType | None:
    """The entry's bytecode, if it was compiled from this very source; else None (compile)."""
    try:
        data = file.read_bytes()
        if data[:32] != hashlib.sha256(source.encode()).digest():
            return None
        code = marshal.loads(data[32:])
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def store(path: Path, amend: Sequence[Path], files: Sequence[str], source: str,
          module_name: str, warnings: str, code: types.CodeType | None = None) -> None:
    """Keep a compiled module; quietly does nothing where the cache cannot be written."""
    base = folder()
    if base is None:
        return
    import tempfile  # only when writing: a cached start does not need it

    digests = {name: _file_digest(name) for name in sorted(files)}
    entry = {"format": _FORMAT, "listing": _listing(path, amend), "files": digests,
             "module_name": module_name, "warnings": warnings, "source": source}
    try:
        base.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=base, suffix=".tmp",
                                         delete=False) as out:
            json.dump(entry, out, ensure_ascii=False)
        os.replace(out.name, base / f"{_key(path, amend)}.json")
        if code is not None:  # the source's digest first: a stale file is never run
            _write(base, _code_name(path, amend),
                   hashlib.sha256(source.encode()).digest() + marshal.dumps(code))
    except OSError:
        return


def _write(base: Path, name: str, data: bytes) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile("wb", dir=base, suffix=".tmp", delete=False) as out:
        out.write(data)
    os.replace(out.name, base / name)
