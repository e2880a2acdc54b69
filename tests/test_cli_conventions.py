"""Command-line conventions: --version, help on every argument, exit codes in every command's
help, and usage errors exit 2 (as argparse's own do), whichever command finds them."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from sjdsl.tools.cli import _parser, main

from .conftest import ROOT

SONGJIANG = str(ROOT / "policies" / "songjiang-terminal-2024")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(found) == 1
    return dict(found[0].choices)


def test_there_are_subcommands_to_check() -> None:
    assert {"check", "compile", "eval", "grant", "ledger", "synth", "explain"} <= set(subcommands())


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_argument_has_help_and_the_help_lists_exit_codes(
        name: str, capsys: pytest.CaptureFixture[str]) -> None:
    for action in subcommands()[name]._actions:
        label = "/".join(action.option_strings) or action.dest
        assert action.help and action.help != argparse.SUPPRESS, f"{name} {label} has no help"
    with pytest.raises(SystemExit) as exit_:
        main([name, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "exit status:" in out
    codes = [line.split()[0] for line in out.split("exit status:")[1].splitlines() if line.strip()]
    assert codes[0] == "0" and "2" in codes and "3" in codes and "4" in codes, out


def test_the_top_level_help_and_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    for action in _parser()._actions:
        assert action.help, action.option_strings
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == "sjdsl 0.1.0"


@pytest.mark.parametrize("argv", [
    ["diff", SONGJIANG],                                  # neither dates nor a second folder
    ["diff", SONGJIANG, "--from", "2027-02-28"],          # one date
    ["grant", SONGJIANG],                                 # no --ledger (argparse)
    ["ledger", "show", "--ledger", "no-such.sqlite"],     # show without --enterprise
    ["ledger", "revoke", "G-1", "--ledger", "no-such.sqlite"],  # revoke without --reason
    ["synth", "--n", "-1"],
    ["explain", "E999"],
    ["check"],                                            # argparse: a missing argument
], ids=lambda argv: " ".join(argv[:2]).replace(SONGJIANG, "POLICY"))
def test_a_usage_error_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        status = main(argv)
    except SystemExit as exit_:  # argparse's own usage errors
        status = exit_.code
    assert status == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_is_one_plain_line_and_exit_4(jobs: str) -> None:
    """A write the system refuses is not a bug: one line that says what the system said (not
    "internal error", no traceback), exit 4, in one process and from the workers alike."""
    lines = b"".join(b'{"provision": "1.1", "date": "2026-03-15", "inputs": '
                     b'{"fixed_asset_investment": "%d"}}\n' % n for n in range(1, 6001))
    with open("/dev/full", "wb") as full:
        run = subprocess.run([sys.executable, "-m", "sjdsl.tools.cli", "eval", SONGJIANG,
                              "--jobs", jobs], input=lines, stdout=full, stderr=subprocess.PIPE,
                             cwd=ROOT, timeout=120)
    assert run.returncode == 4
    err = run.stderr.decode()
    assert err.startswith("sjdsl: a read or write failed: No space left on device"), err
    assert err.count("\n") == 1 and "internal error" not in err and "Traceback" not in err


def test_grant_never_creates_a_ledger_it_was_not_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["grant", SONGJIANG])
    assert list(tmp_path.iterdir()) == []


def test_fmt_on_a_folder_without_pol_files_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["fmt", str(tmp_path)]) == 1
    assert f"no .pol files in {tmp_path}" in capsys.readouterr().err
    assert main(["fmt", "--check", str(tmp_path)]) == 1


def test_the_readme_diff_example_shows_the_amendment(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.strip().startswith("sjdsl diff"))
    argv = line.split("#")[0].split()[1:]
    monkeypatch.chdir(ROOT)
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "5000" in out and "no difference" not in out.lower()
