"""A cache of generated calculator modules, so that ``sjdsl eval`` starts in milliseconds.

Compiling a policy — parse, check (with the fidelity check against the official text), codegen —
takes about a second, and ``sjdsl eval`` needs only the generated module. Like Python's own
``__pycache__``, the cache keeps each module under a key, and reuses it only while nothing it was
made from has changed:

- sjdsl itself: every file of the installed package and its grammar, each by its size and time
  of last change, as Python checks a ``.pyc`` against its source (a new sjdsl, or an edited one,
  never reuses an old module);
- the policy: which .pol files and amendment folders there are, and the bytes of every file the
  compile read (the .pol files, the official texts, the amendments). Paths are resolved first, so
  that ``sjdsl eval policy`` and ``sjdsl eval /abs/path/policy`` share one entry.

``SJDSL_CACHE_DIR`` chooses the folder (default ``$XDG_CACHE_HOME/sjdsl`` or ``~/.cache/sjdsl``);
``SJDSL_NO_CACHE=1`` turns it off.

The folder holds code that is run, so it is trusted only when nobody else can have written it:

- the folder belongs to the user and has mode 0700 (it is created so); every file read from it
  belongs to the user and is not writable by others (entries are written with mode 0600);
- every entry (the module's source, and its bytecode for this Python) carries an HMAC-SHA256 tag
  made with a per-user key, kept in the folder in a file of mode 0600 (``key``); the tag is
  checked before anything stored is used.

Where the operating system has no user ids (Windows) only the tags are checked. Anything else
means a normal compile with one warning line on standard error (once per process), never an error;
so does a cache that cannot be written or a damaged entry (without the warning). Entries are
written to a temporary name and renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import marshal
import os
import stat
import sys
import types
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import sjdsl
from sjdsl.language.loading import amendment_paths, policy_files, source_tree_grammar

_FORMAT = 2  # 2: entries carry an HMAC tag
_KEY_FILE = "key"
_KEY_SIZE = 32
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_warned: list[str] = []  # the one warning this process has printed, if any


class Untrusted(Exception):
    """The cache folder, its key or an entry may have been written by someone else."""


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
    """sjdsl's own files — the code that compiles, and the grammar it parses with — each by its
    name, size and time of last change, as Python tells a stale ``.pyc`` from its source: read
    and hashed, their 850 KB cost every start of ``sjdsl eval`` about a tenth of it."""
    root = Path(sjdsl.__file__).parent
    digest = hashlib.sha256(str(_FORMAT).encode())
    files = [(str(p.relative_to(root)), p) for p in root.rglob("*") if p.suffix != ".pyc"]
    tree_grammar = source_tree_grammar()  # outside the package in a source tree
    if tree_grammar.is_file():
        files.append(("../grammar/sjdsl.lark", tree_grammar))
    for name, path in sorted(files):
        info = path.stat()
        if stat.S_ISREG(info.st_mode):
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _resolved(path: Path, amend: Sequence[Path]) -> tuple[Path, list[Path]]:
    """The policy and amendment paths made absolute: one entry however the path was typed."""
    return path.resolve(), [a.resolve() for a in amend]


def _listing(path: Path, amend: Sequence[Path]) -> list[str]:
    """Which files make up the policy: a new .pol file or amendment means a new compile."""
    names = [str(p) for p in policy_files(path)]
    for extra in [*amendment_paths(path), *amend]:
        names += [str(p) for p in policy_files(extra)] if extra.exists() else [f"?{extra}"]
    return names


def _key(path: Path, amend: Sequence[Path]) -> str:
    where = [str(path), *(str(a) for a in amend)]
    return hashlib.sha256("\0".join([_sjdsl_fingerprint(), *where]).encode()).hexdigest()


def _code_name(key: str) -> str:
    """The compiled bytecode's file: per entry and per Python (marshal's format is theirs)."""
    return f"{key}.{sys.implementation.cache_tag}.code"


def _file_digest(name: str) -> str | None:
    try:
        return hashlib.sha256(Path(name).read_bytes()).hexdigest()
    except OSError:
        return None


# --- trust: who wrote the folder and its files ---------------------------------------------

def _check_owner(info: os.stat_result, what: str) -> None:
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise Untrusted(f"{what}owned by another user (uid {info.st_uid})")


def _check_mode(info: os.stat_result, what: str, others: int, must: str) -> None:
    if hasattr(os, "getuid") and info.st_mode & others:
        raise Untrusted(f"{what}mode {stat.S_IMODE(info.st_mode):04o} ({must})")


def _check_folder(base: Path) -> None:
    """The folder is the user's own and closed to others (mode 0700)."""
    info = os.stat(base)
    if not stat.S_ISDIR(info.st_mode):
        raise Untrusted("not a folder")
    _check_owner(info, "")
    _check_mode(info, "", 0o077, "others may use it; it must be 0700")


def _read(file: Path, what: str, private: bool) -> bytes:
    """A file's bytes, if it is the user's own regular file that others cannot write (``private``:
    nor read). Checked on the open file, so that what is checked is what is read."""
    with open(os.open(file, _OPEN_FLAGS), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Untrusted(f"{what}not a regular file")
        _check_owner(info, what)
        if private:
            _check_mode(info, what, 0o077, "others may use it; it must be 0600")
        else:
            _check_mode(info, what, 0o022, "others may write it")
        return handle.read()


def _secret(base: Path, create: bool = False) -> bytes | None:
    """The user's key for the tags: None if there is none yet (and ``create`` is not set)."""
    file = base / _KEY_FILE
    try:
        secret = _read(file, "its key file: ", private=True)
    except FileNotFoundError:
        if not create:
            return None
        _create_secret(base, file)
        secret = _read(file, "its key file: ", private=True)
    if len(secret) != _KEY_SIZE:
        raise Untrusted(f"its key file {file}: damaged (delete it to start afresh)")
    return secret


def _create_secret(base: Path, file: Path) -> None:
    """A new random key, mode 0600, complete before it appears under its name (a hard link fails
    if another sjdsl made one first, whose key is then used)."""
    temporary = base / f"{_KEY_FILE}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        with open(os.open(temporary, flags, 0o600), "wb") as out:
            out.write(os.urandom(_KEY_SIZE))
        try:
            os.link(temporary, file)
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)


def _tag(secret: bytes, name: str, payload: bytes) -> bytes:
    """The HMAC of an entry file's contents and name (so that entries cannot be swapped)."""
    return hmac.new(secret, name.encode() + b"\0" + payload, hashlib.sha256).hexdigest().encode()


def _read_entry(base: Path, name: str, secret: bytes) -> bytes:
    """An entry file's payload, once its owner, mode and tag are right."""
    tag, _, payload = _read(base / name, f"entry {name}: ", private=False).partition(b"\n")
    if not hmac.compare_digest(tag, _tag(secret, name, payload)):
        raise Untrusted(f"entry {name}: its tag does not match (altered or planted)")
    return payload


def _warn(base: Path, why: Untrusted) -> None:
    """One warning line per process: the first reason found is enough to act on."""
    if not _warned:
        _warned.append(str(why))
        print(f"sjdsl: warning: ignoring the module cache at {base}: {why}", file=sys.stderr)


# --- lookup and store -------------------------------------------------------------------------

def lookup(path: Path, amend: Sequence[Path] = ()) -> dict[str, Any] | None:
    """The cached entry (``source``, ``module_name``, ``warnings``, ``code``) if still valid and
    trusted, else None (with one warning line if the cache is not to be trusted)."""
    base = folder()
    if base is None:
        return None
    path, amend = _resolved(path, amend)
    try:
        return _lookup(base, path, amend)
    except Untrusted as why:
        _warn(base, why)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _lookup(base: Path, path: Path, amend: Sequence[Path]) -> dict[str, Any] | None:
    _check_folder(base)
    secret = _secret(base)
    if secret is None:
        return None
    key = _key(path, amend)
    entry = json.loads(_read_entry(base, f"{key}.json", secret))
    if entry["listing"] != _listing(path, amend):
        return None
    if any(_file_digest(name) != digest for name, digest in entry["files"].items()):
        return None
    found = {k: entry[k] for k in ("source", "module_name", "warnings")}
    found["code"] = _load_code(base, _code_name(key), found["source"], secret)
    return found


def _load_code(base: Path, name: str, source: str, secret: bytes) -> types.CodeType | None:
    """The entry's bytecode, if it is trusted and was compiled from this very source; else None:
    the (trusted) source is compiled instead."""
    try:
        data = _read_entry(base, name, secret)
        if data[:32] != hashlib.sha256(source.encode()).digest():
            return None
        code = marshal.loads(data[32:])
    except Untrusted as why:
        _warn(base, why)
        return None
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def store(path: Path, amend: Sequence[Path], files: Sequence[str], source: str,
          module_name: str, warnings: str, code: types.CodeType | None = None) -> None:
    """Keep a compiled module; quietly does nothing where the cache cannot be written, and warns
    (once) where it is not to be trusted."""
    base = folder()
    if base is None:
        return
    digests = {str(Path(name).resolve()): _file_digest(name) for name in files}
    path, amend = _resolved(path, amend)
    entry = {"format": _FORMAT, "listing": _listing(path, amend),
             "files": dict(sorted(digests.items())), "module_name": module_name,
             "warnings": warnings, "source": source}
    try:
        secret = _prepare(base)
        key = _key(path, amend)
        _write(base, f"{key}.json", json.dumps(entry, ensure_ascii=False).encode(), secret)
        if code is not None:  # the source's digest first: a stale file is never run
            data = hashlib.sha256(source.encode()).digest() + marshal.dumps(code)
            _write(base, _code_name(key), data, secret)
    except Untrusted as why:
        _warn(base, why)
    except OSError:
        return


def _prepare(base: Path) -> bytes:
    """The cache folder, created with mode 0700 if missing and checked if not; its key."""
    try:
        base.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        pass
    _check_folder(base)
    secret = _secret(base, create=True)
    assert secret is not None
    return secret


def _write(base: Path, name: str, payload: bytes, secret: bytes) -> None:
    """One entry file with its tag: written (mode 0600) under a temporary name, then renamed."""
    import tempfile  # only when writing: a cached start does not need it

    handle, temporary = tempfile.mkstemp(dir=base, suffix=".tmp")  # mode 0600
    try:
        with open(handle, "wb") as out:
            out.write(_tag(secret, name, payload) + b"\n" + payload)
        os.replace(temporary, base / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- other compiled artefacts (the parser tables) -----------------------------------------------

def load_blob(name: str) -> bytes | None:
    """A stored artefact (``name`` names its content, e.g. by a digest of what built it), under
    the same trust rules as the modules: the user's own 0700 folder, tagged entries; else None."""
    base = folder()
    if base is None:
        return None
    try:
        _check_folder(base)
        secret = _secret(base)
        return None if secret is None else _read_entry(base, name, secret)
    except Untrusted as why:
        _warn(base, why)
    except (OSError, ValueError):
        pass
    return None


def store_blob(name: str, payload: bytes) -> None:
    """Keep an artefact; quietly nothing where the cache cannot be written or is not trusted."""
    base = folder()
    if base is None:
        return
    try:
        _write(base, name, payload, _prepare(base))
    except Untrusted as why:
        _warn(base, why)
    except OSError:
        return
