"""The module cache of `sjdsl eval`: reused while nothing changed, never trusted after a change,
and never a reason to fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sjdsl import cache, driver
from sjdsl.cli import main

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
    from sjdsl import loading

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
