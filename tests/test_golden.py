"""Golden cases: each bad .pol file under tests/cases/err/ gives exactly its recorded diagnostics.

Run ``pytest tests/test_golden.py --update-golden`` after a deliberate change of wording, and
read the diff of the .err files before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sjdsl.cli import main
from sjdsl.diagnostics import CODES

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


#: Codes whose case cannot sit in a small golden file, and the test that shows them instead.
SHOWN_ELSEWHERE = {"E019": "tests/test_fuzz.py::test_a_huge_pol_file_is_refused_quickly"}


def test_every_error_code_has_a_case() -> None:
    covered = {case.stem.split("-")[0] for case in ERR_CASES} | set(SHOWN_ELSEWHERE)
    missing = {code for code in CODES if code.startswith("E")} - covered
    assert not missing, f"error codes without a golden case: {sorted(missing)}"
