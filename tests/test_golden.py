"""Golden cases: each bad .pol file under tests/cases/err/ gives exactly its recorded diagnostics.

Run ``pytest tests/test_golden.py --update-golden`` after a deliberate change of wording, and
read the diff of the .err files before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sjdsl.language.diagnostics import CODES
from sjdsl.tools.cli import main

from .conftest import ROOT

ERR_CASES = sorted((ROOT / "tests" / "cases" / "err").glob("*.pol"))


@pytest.mark.parametrize("case", ERR_CASES, ids=lambda p: p.stem)
def test_error_case(case: Path, update_golden: bool, capsys: pytest.CaptureFixture[str],
                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    status = main(["check", str(case.relative_to(ROOT))])
    captured = capsys.readouterr()
    assert status == 1, "a bad policy must fail the check"
    assert "Traceback" not in captured.err
    expected = case.with_suffix(".err")
    if update_golden:
        expected.write_text(captured.err, encoding="utf-8")
    assert captured.err == expected.read_text(encoding="utf-8")
    code = case.stem.split("-")[0]
    assert f"error[{code}]" in captured.err, f"the case is named for {code}"


#: Golden cases of paths that are not a policy: a name (its code first) and the path checked.
PATH_CASES = {"E010-empty-folder": "tests/cases/paths/empty",
              "E021-official-text": "policies/songjiang-terminal-2024/official.txt",
              "E021-official-text-beside-many": "tests/cases/err/official.txt",
              "E010-folder-of-policies": "policies"}


@pytest.mark.parametrize("name", sorted(PATH_CASES))
def test_path_case(name: str, update_golden: bool, capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", PATH_CASES[name]]) == 1
    captured = capsys.readouterr()
    expected = ROOT / "tests" / "cases" / "paths" / f"{name}.err"
    if update_golden:
        expected.write_text(captured.err, encoding="utf-8")
    assert captured.err == expected.read_text(encoding="utf-8")
    assert f"error[{name.split('-')[0]}]" in captured.err
    assert ":0:0" not in captured.err, "a path has no line and column to show"


#: Codes whose case cannot sit in a small golden file, and the test that shows them instead.
SHOWN_ELSEWHERE = {"E019": "tests/test_fuzz.py::test_a_huge_pol_file_is_refused_quickly"}


def test_every_error_code_has_a_case() -> None:
    covered = ({case.stem.split("-")[0] for case in ERR_CASES} | set(SHOWN_ELSEWHERE)
               | {name.split("-")[0] for name in PATH_CASES})
    missing = {code for code in CODES if code.startswith("E")} - covered
    assert not missing, f"error codes without a golden case: {sorted(missing)}"
