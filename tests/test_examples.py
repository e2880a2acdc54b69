"""Every worked example (示例) written in a policy gives its expected amount."""

from __future__ import annotations

import pytest

from sjdsl.backends.examples import run_examples
from sjdsl.tools.cli import main
from sjdsl.tools.driver import compile_policy, load_module

from .conftest import ROOT

POLICIES = sorted(p for p in (ROOT / "policies").iterdir() if p.is_dir() and any(p.glob("*.pol")))


def outcomes():  # type: ignore[no-untyped-def]
    for folder in POLICIES:
        compiled = compile_policy(folder)
        yield from run_examples(compiled.checked, load_module(compiled).POLICY)


OUTCOMES = list(outcomes())


@pytest.mark.parametrize("outcome", OUTCOMES,
                         ids=[f"{o.provision.id}-{o.example.title}" for o in OUTCOMES])
def test_example(outcome) -> None:  # type: ignore[no-untyped-def]
    assert outcome.passed, (outcome.result, outcome.request)


def test_sjdsl_test_reports_a_failing_example(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = (ROOT / "tests" / "cases" / "err" / "E003-rate-above-100.pol").read_text("utf-8")
    policy = tmp_path / "p.pol"
    # 15% × 100,000,000 = 15,000,000 (1500万元); the example wrongly expects 1600万元.
    policy.write_text(source.replace("150%", "15%") + (
        "    示例 「低于上限」\n      日期 2026-03-15\n"
        "      输入 项目固定资产投资额 1亿元\n      得 1600万元\n"), encoding="utf-8")
    (tmp_path / "official.txt").write_text(
        (ROOT / "tests" / "cases" / "err" / "official.txt").read_text("utf-8"), "utf-8")
    assert main(["test", str(policy)]) == 1
    err = capsys.readouterr().err
    assert "FAIL 1.1 「低于上限」" in err and "expected 16000000.00, got 15000000.00" in err
    policy.write_text(policy.read_text("utf-8").replace("1600万元", "1500万元"), "utf-8")
    assert main(["test", str(policy)]) == 0
