"""The module cache of `sjdsl eval`: reused while nothing changed, never trusted after a change,
and never a reason to fail."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sjdsl.language import cache
from sjdsl.tools import driver
from sjdsl.tools.cli import main

from .conftest import SONGJIANG

REQUEST = json.dumps({"provision": "1.1", "date": "2026-03-15",
                      "inputs": {"fixed_asset_investment": "1000000"}})


@pytest.fixture
def policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SJDSL_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "policy"
    shutil.copytree(SONGJIANG, folder)
    return folder


def amount(folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["eval", str(folder), "--request", REQUEST]) == 0
    return str(json.loads(capsys.readouterr().out)["amount"])


def forbid_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the cache holds the module")
    monkeypatch.setattr(driver, "compile_policy", fail)


def test_a_second_eval_uses_the_cached_module(policy: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert amount(policy, capsys) == "150000.00"  # 1,000,000 × 15%
    assert len(list((policy.parent / "cache").glob("*.json"))) == 1
    forbid_compiling(monkeypatch)
    assert amount(policy, capsys) == "150000.00"


@pytest.mark.parametrize("name", ["m01-m03.pol", "official.txt"])
def test_an_edited_file_is_compiled_again(policy: Path, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    assert amount(policy, capsys) == "150000.00"
    file = policy / name
    file.write_text(file.read_text(encoding="utf-8").replace("15%", "12%", 1), encoding="utf-8")
    # the rate now differs from its sentence: the compile fails, where a stale module would answer
    assert main(["eval", str(policy), "--request", REQUEST]) == 2
    assert "E0" in capsys.readouterr().err


def test_an_edited_or_new_sjdsl_file_makes_a_new_key(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """sjdsl's own files are fingerprinted by size and time of change (not read): an edit, even
    one that keeps the size, or a new file means a new key, so an old module is never reused."""
    import sjdsl

    package = tmp_path / "sjdsl"
    shutil.copytree(Path(sjdsl.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "sjdsl", type(sys)("sjdsl_copy"))
    cache.sjdsl.__file__ = str(package / "__init__.py")
    fingerprint = cache._sjdsl_fingerprint.__wrapped__
    first = fingerprint()
    assert fingerprint() == first
    codegen = package / "backends" / "codegen.py"
    text = codegen.read_text(encoding="utf-8")
    codegen.write_text(text.replace("a", "b", 1), encoding="utf-8")  # the same size
    os.utime(codegen, ns=(codegen.stat().st_atime_ns, codegen.stat().st_mtime_ns + 1_000_000))
    second = fingerprint()
    assert second != first
    (package / "runtime" / "extra.py").write_text("", encoding="utf-8")
    assert fingerprint() not in (first, second)


def test_a_new_file_in_the_policy_is_compiled_again(policy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert amount(policy, capsys) == "150000.00"
    (policy / "zz-broken.pol").write_text("措施 99 坏\n  条款 99.1\n", encoding="utf-8")
    assert main(["eval", str(policy), "--request", REQUEST]) == 2  # it no longer compiles
    assert "99" in capsys.readouterr().err


def test_a_damaged_entry_is_ignored(policy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert amount(policy, capsys) == "150000.00"
    for entry in (policy.parent / "cache").glob("*.json"):
        entry.write_text('{"source": "raise SystemExit(9)"', encoding="utf-8")
    assert amount(policy, capsys) == "150000.00"


def test_a_cache_that_cannot_be_written_is_no_error(policy: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = policy.parent / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SJDSL_CACHE_DIR", str(blocker / "cache"))
    assert amount(policy, capsys) == "150000.00"


def test_the_cache_can_be_turned_off(policy: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SJDSL_NO_CACHE", "1")
    assert cache.folder() is None
    assert amount(policy, capsys) == "150000.00"
    assert not (policy.parent / "cache").exists()


def test_the_bytecode_is_cached_too_and_a_damaged_copy_is_recompiled(policy: Path, capsys,  # type: ignore[no-untyped-def]
                                                                      monkeypatch) -> None:
    from sjdsl.language import loading

    assert amount(policy, capsys) == "150000.00"
    (code,) = (policy.parent / "cache").glob("*.code")
    real = loading.compile_module

    def fail(*args: object) -> None:
        raise AssertionError("compiled although the cache holds the bytecode")
    monkeypatch.setattr(loading, "compile_module", fail)
    forbid_compiling(monkeypatch)
    assert amount(policy, capsys) == "150000.00"  # run from the cached bytecode
    monkeypatch.setattr(loading, "compile_module", real)
    code.write_bytes(code.read_bytes()[:40])  # damaged: the source is compiled again
    assert amount(policy, capsys) == "150000.00"


# --- trust (issue 16, finding 1): the folder holds code that is run ----------------------------

OTHER_UID = 54321  # a user id that is not ours: the attacker
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="making files another user's needs root")
posix = pytest.mark.skipif(not hasattr(os, "getuid"), reason="no user ids on this system")
EVIL = ("(Decimal('99.99999999') if __import__('pathlib').Path({mark!r}).write_text('ran') "
        "else 0)")


@pytest.fixture(autouse=True)
def fresh_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_warned", [], raising=False)  # the warning is once per process


def payload(file: Path) -> bytes:
    """An entry file's JSON, with or without a tag line in front."""
    data = file.read_bytes()
    return data if data.startswith(b"{") else data.partition(b"\n")[2]


def plant(base: Path, mark: Path) -> str:
    """Rewrite the cached module as the attacker did: it pays 1,000,000 × 99.99999999 and
    writes a file as whoever runs it. The bytecode goes, so that the source is what is run."""
    evil = EVIL.format(mark=str(mark))
    (entry,) = base.glob("*.json")
    text = entry.read_text(encoding="utf-8")
    assert "Decimal('0.15')" in text
    entry.write_text(text.replace("Decimal('0.15')", evil), encoding="utf-8")
    for code in base.glob("*.code"):
        code.unlink()
    return str(json.loads(payload(entry))["source"])


def resign(base: Path) -> None:
    """Give the entries a valid tag, as only the user (with the key) can: then only the owner or
    mode under test can stop them. (An old cache has no key: the entry stays as planted.)"""
    if not (base / "key").exists():
        return
    secret = (base / "key").read_bytes()
    for entry in base.glob("*.json"):
        data = payload(entry)
        entry.write_bytes(cache._tag(secret, entry.name, data) + b"\n" + data)


def assert_not_run(policy: Path, capsys: pytest.CaptureFixture[str], mark: Path) -> str:
    """The right answer, the planted code not run, and one warning line; the warning."""
    assert main(["eval", str(policy), "--request", REQUEST]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["amount"] == "150000.00"
    assert not mark.exists(), "the planted code ran"
    (warning,) = err.splitlines()
    assert warning.startswith(f"sjdsl: warning: ignoring the module cache at {policy.parent}")
    return warning


@needs_root
def test_the_attack_of_issue_16_a_planted_entry_in_another_users_folder_is_not_run(  # type: ignore[no-untyped-def]
        policy: Path, capsys) -> None:
    base, mark = policy.parent / "cache", policy.parent / "ran"
    assert amount(policy, capsys) == "150000.00"
    plant(base, mark)
    for file in [base, *base.iterdir()]:
        os.chown(file, OTHER_UID, OTHER_UID)
    base.chmod(0o777)
    assert f"owned by another user (uid {OTHER_UID})" in assert_not_run(policy, capsys, mark)


def _chown(name: str) -> Callable[[Path], None]:
    def change(base: Path) -> None:
        for file in ([base] if name == "." else base.glob(name)):
            os.chown(file, OTHER_UID, OTHER_UID)
    return change


def _chmod(name: str, mode: int) -> Callable[[Path], None]:
    def change(base: Path) -> None:
        for file in ([base] if name == "." else base.glob(name)):
            file.chmod(mode)
    return change


UNTRUSTED = {  # what makes a cache untrusted → what the warning says
    "folder 0777": (_chmod(".", 0o777), "mode 0777"),
    "folder 0750": (_chmod(".", 0o750), "mode 0750"),
    "folder 0701": (_chmod(".", 0o701), "mode 0701"),
    "entry 0666": (_chmod("*.json", 0o666), "mode 0666"),
    "entry 0620": (_chmod("*.json", 0o620), "mode 0620"),
    "key 0644": (_chmod("key", 0o644), "its key file: mode 0644"),
    "key 0604": (_chmod("key", 0o604), "its key file: mode 0604"),
}
UNTRUSTED_ROOT = {
    "folder of another user": (_chown("."), f"owned by another user (uid {OTHER_UID})"),
    "entry of another user": (_chown("*.json"), f"owned by another user (uid {OTHER_UID})"),
    "key of another user": (_chown("key"), f"its key file: owned by another user (uid {OTHER_UID})"),
}


@posix
@pytest.mark.parametrize("case", [*(pytest.param(c) for c in UNTRUSTED),
                                  *(pytest.param(c, marks=needs_root) for c in UNTRUSTED_ROOT)])
def test_a_validly_tagged_entry_is_not_run_from_a_cache_others_can_write(  # type: ignore[no-untyped-def]
        policy: Path, capsys, case: str) -> None:
    base, mark = policy.parent / "cache", policy.parent / "ran"
    change, reason = {**UNTRUSTED, **UNTRUSTED_ROOT}[case]
    assert amount(policy, capsys) == "150000.00"
    plant(base, mark)
    resign(base)
    change(base)
    assert reason in assert_not_run(policy, capsys, mark)


def test_the_planting_above_would_run_if_it_had_the_users_key(  # type: ignore[no-untyped-def]
        policy: Path, capsys) -> None:
    """The control for the tests above: their entries carry a valid tag, so only the owner or
    mode they change can be what stops them."""
    base, mark = policy.parent / "cache", policy.parent / "ran"
    assert amount(policy, capsys) == "150000.00"
    plant(base, mark)
    resign(base)
    assert amount(policy, capsys) == "30000000.00"  # 99,999,999.99, capped at 3000万元
    assert mark.read_text(encoding="utf-8") == "ran"


@pytest.mark.parametrize("forged", ["digest only", "another key"])
def test_an_entry_without_the_users_tag_is_not_run(policy: Path, capsys,  # type: ignore[no-untyped-def]
                                                   forged: str) -> None:
    """Folder, owner and modes all right, but the entry was altered: a bytecode file with the
    source's digest (all the old cache checked), or a tag made with another key."""
    base, mark = policy.parent / "cache", policy.parent / "ran"
    assert amount(policy, capsys) == "150000.00"
    source = plant(base, mark)
    (entry,) = base.glob("*.json")
    code = hashlib.sha256(source.encode()).digest() + marshal.dumps(compile(source, "x", "exec"))
    code_file = base / f"{entry.stem}.{sys.implementation.cache_tag}.code"
    if forged == "digest only":
        code_file.write_bytes(code)
    else:
        other = os.urandom(32)
        entry.write_bytes(cache._tag(other, entry.name, payload(entry)) + b"\n" + payload(entry))
        code_file.write_bytes(cache._tag(other, code_file.name, code) + b"\n" + code)
    assert "its tag does not match" in assert_not_run(policy, capsys, mark)


@posix
def test_the_cache_is_created_private(policy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    base = policy.parent / "cache"
    assert amount(policy, capsys) == "150000.00"
    assert stat.S_IMODE(base.stat().st_mode) == 0o700
    for file in base.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
        assert file.stat().st_uid == os.getuid()
    assert {f.suffix for f in base.iterdir()} == {"", ".json", ".code"}  # no temporary left


@posix
def test_the_warning_is_printed_once_per_process(policy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    base = policy.parent / "cache"
    base.mkdir(mode=0o700)
    base.chmod(0o777)
    for _ in range(3):
        assert main(["eval", str(policy), "--request", REQUEST]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["amount"] for line in out.splitlines()] == ["150000.00"] * 3
    assert err == (f"sjdsl: warning: ignoring the module cache at {base}: mode 0777 "
                   "(others may use it; it must be 0700)\n")
    assert not list(base.iterdir())  # nothing written to a folder others can write


def test_without_user_ids_the_tag_is_still_checked(policy: Path, capsys,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    """Windows has no os.getuid: owners and modes cannot be checked there, the tag still is."""
    monkeypatch.delattr(os, "getuid", raising=False)
    base, mark = policy.parent / "cache", policy.parent / "ran"
    assert amount(policy, capsys) == "150000.00"
    plant(base, mark)
    assert "its tag does not match" in assert_not_run(policy, capsys, mark)


# --- one entry however the path is typed (issue 16, finding 11) -------------------------------

def test_absolute_and_relative_paths_share_one_entry(policy: Path, capsys,  # type: ignore[no-untyped-def]
                                                     monkeypatch) -> None:
    monkeypatch.chdir(policy.parent)
    assert amount(Path("policy"), capsys) == "150000.00"
    forbid_compiling(monkeypatch)
    assert amount(policy, capsys) == "150000.00"  # absolute: the same entry
    monkeypatch.chdir(policy)
    assert amount(Path("."), capsys) == "150000.00"  # relative to elsewhere: the same entry
    assert len(list((policy.parent / "cache").glob("*.json"))) == 1


def test_the_parser_tables_are_kept_and_a_tampered_copy_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Building the LALR tables takes a second or more: they are kept in the cache, under its
    trust rules (a pickle from someone else must never be loaded)."""
    from sjdsl.language import parse

    folder = tmp_path / "cache"
    monkeypatch.setenv("SJDSL_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache, "_warned", [])
    parse._parser.cache_clear()
    try:
        parse._parser()
        (entry,) = folder.glob("parser-*")
        parse._parser.cache_clear()
        assert parse.parse_file("政策 p 「t」\n  原文文件 「official.txt」\n", "p.pol").headers
        tag, _, payload = entry.read_bytes().partition(b"\n")
        entry.write_bytes(tag + b"\n" + payload[:-1] + bytes([payload[-1] ^ 1]))
        parse._parser.cache_clear()
        assert parse.parse_file("政策 p 「t」\n  原文文件 「official.txt」\n", "p.pol").headers
        assert "tag does not match" in capsys.readouterr().err
    finally:
        parse._parser.cache_clear()
