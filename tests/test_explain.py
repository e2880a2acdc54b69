"""`sjdsl explain`: every code the package can emit is explained, and each explanation's wrong
example reports its code through `sjdsl check` while its right example does not, so the pages
cannot drift from the checker. docs/errors.md is generated from the same texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sjdsl.language.diagnostics import CODES
from sjdsl.tools import explain
from sjdsl.tools.cli import main

from .conftest import ROOT

REPORTED = re.compile(r"^(?:error|warning)\[(\w\d{3})\]", re.MULTILINE)


def emitted_codes() -> set[str]:
    """Every code written as a literal in the package's source (what it can report)."""
    found: set[str] = set()
    for path in (ROOT / "sjdsl").rglob("*.py"):
        if path.name == "explain.py":
            continue
        found |= set(re.findall(r"""["']([EW]\d{3})["']""", path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_package_can_emit_is_explained() -> None:
    emitted = emitted_codes()
    assert {"E001", "E009", "W002"} <= emitted, "the scan found the codes"
    assert not emitted - set(explain.BY_CODE), "codes with no explanation"
    assert set(CODES) == set(explain.BY_CODE), "CODES and the explanations list the same codes"
    assert [e.code for e in explain.EXPLANATIONS] == sorted(explain.BY_CODE)


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, set[str], str]:
    status = main(["check", str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return status, set(REPORTED.findall(err)), err


@pytest.mark.parametrize("entry", explain.EXPLANATIONS, ids=lambda e: e.code)
def test_the_wrong_example_reports_its_code_and_the_right_one_does_not(
        entry: explain.Explanation, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, codes, err = check(entry.wrong.write(tmp_path / "wrong"), capsys)
    assert entry.code in codes, err
    if entry.code.startswith("E"):
        assert status == 1
    status, codes, err = check(entry.right.write(tmp_path / "right"), capsys)
    assert entry.code not in codes, err
    assert status == 0, err


def test_the_docs_page_is_in_step_with_the_explanations() -> None:
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert page == explain.markdown(), "run: sjdsl explain --markdown > docs/errors.md"
    assert "errors.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_explain_prints_a_code_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "e014"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("E014: ")
    assert "Wrong" in out and "Right" in out and "How to fix it" in out
    assert "-     补贴 按 不超过 项目固定资产投资额 的 16%" in out


def test_explain_without_a_code_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain"]) == 0
    out = capsys.readouterr().out
    assert all(f"{code}  " in out for code in CODES)


@pytest.mark.parametrize(("word", "hint"), [("E999", "sjdsl explain` for the list"),
                                            ("e09", "did you mean 'E019'?"),  # E019 and E009 are each one insertion away
                                            ("9", "did you mean E009?"), ("", "list")])
def test_an_unknown_code_is_a_usage_error_with_a_suggestion(
        word: str, hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", word]) == 2
    err = capsys.readouterr().err
    assert f"unknown code {word!r}" in err and hint in err
