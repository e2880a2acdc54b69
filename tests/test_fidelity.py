"""Fidelity: the numbers of the policy and of the official text account for each other."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from sjdsl.diagnostics import CompileError
from sjdsl.driver import Sources, load
from sjdsl.fidelity import accounting_notes, fidelity, find_quantities

from .conftest import SONGJIANG

# A number in a clause line (not inside a quoted 原文/解读 text): money, a rate or a ratio.
NUMBER = re.compile(r"(?<![\w.])([0-9][0-9,]*(?:\.[0-9]+)?)(?=\s*(?:万元|亿元|元|%|:|：))")


def clause_numbers() -> list[tuple[str, int, int]]:
    """(file name, line number, column) of every number written in a clause of the policy;
    worked examples (示例 blocks) are not clauses: `sjdsl test` checks those."""
    found = []
    for path in sorted(SONGJIANG.glob("*.pol")):
        example_indent = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            indent = len(line) - len(line.lstrip())
            if example_indent is not None and (indent > example_indent or not line.strip()):
                continue
            example_indent = indent if line.strip().startswith("示例") else None
            if example_indent is not None:
                continue
            code = re.sub(r"「[^」]*」|#.*", lambda m: " " * len(m.group(0)), line)
            for match in NUMBER.finditer(code):
                found.append((path.name, number, match.start(1)))
    return found


def test_the_songjiang_policy_is_faithful_both_ways() -> None:
    checked, warnings = load(SONGJIANG, Sources())
    assert not warnings
    report = fidelity(checked.policy, checked.official_text, accounting_notes(checked.policy))
    assert report.forward_ok == len(report.forward) >= 60
    assert report.reverse_ok == len(report.reverse) >= 55


@pytest.mark.parametrize("where", clause_numbers(), ids=lambda w: f"{w[0]}:{w[1]}:{w[2]}")
def test_changing_any_number_fails_the_check(where: tuple[str, int, int], tmp_path: Path) -> None:
    name, line_no, column = where
    copy = tmp_path / "policy"
    shutil.copytree(SONGJIANG, copy)
    path = copy / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = lines[line_no - 1]
    match = NUMBER.match(line, column)
    assert match is not None
    bumped = str(Decimal(match.group(1).replace(",", "")) + 1)
    lines[line_no - 1] = line[:column] + bumped + line[match.end(1):]
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(CompileError) as info:
        load(copy, Sources())
    codes = {d.code for d in info.value.diagnostics if d.severity == "error"}
    assert codes & {"E014", "E003"}, codes
    assert any(d.span.line == line_no for d in info.value.diagnostics)


def test_1_1_at_16_percent_names_the_line(tmp_path: Path) -> None:
    copy = tmp_path / "policy"
    shutil.copytree(SONGJIANG, copy)
    path = copy / "m01-m03.pol"
    text = path.read_text(encoding="utf-8")
    assert text.count("项目固定资产投资额 的 15%") == 1
    path.write_text(text.replace("项目固定资产投资额 的 15%", "项目固定资产投资额 的 16%"), "utf-8")
    with pytest.raises(CompileError) as info:
        load(copy, Sources())
    [diag] = info.value.diagnostics
    assert diag.code == "E014" and "16%" in diag.message
    assert diag.span.line == text.splitlines().index(
        "    补贴 按 不超过 项目固定资产投资额 的 15%") + 1


@pytest.mark.parametrize("written,value", [
    ("最高3000万元", Decimal("30000000")), ("最高 3000 万元", Decimal("30000000")),
    ("30,000,000元", Decimal("30000000")), ("分别给予 100 万、50 万元", Decimal("1000000")),
])
def test_amounts_compare_by_value(written: str, value: Decimal) -> None:
    assert find_quantities(written)[0].value == value


def test_ratios_compare_by_value() -> None:
    assert find_quantities("1: 0.5")[0].value == find_quantities("1:0.5")[0].value


def test_a_changed_official_text_is_reported(tmp_path: Path) -> None:
    copy = tmp_path / "policy"
    shutil.copytree(SONGJIANG, copy)
    official = copy / "official.txt"
    official.write_text(official.read_text(encoding="utf-8").replace("最高3000万元", "最高2000万元"),
                        encoding="utf-8")
    with pytest.raises(CompileError) as info:
        load(copy, Sources())
    codes = [d.code for d in info.value.diagnostics]
    assert "W001" in codes and "E009" in codes  # the digest changed, and 1.1's sentence is gone


def test_find_near_finds_exactly_what_find_finds() -> None:
    """The cursor only changes where the search starts: found or not, as str.find says."""
    from hypothesis import given
    from hypothesis import strategies as st

    from sjdsl.fidelity import find_near

    @given(st.text("ab。", max_size=12), st.text("ab。", max_size=4), st.integers(0, 14))
    def same(text: str, part: str, cursor: int) -> None:
        at = find_near(text, part, cursor)
        assert (at >= 0) == (part in text)
        if at >= 0:
            assert text[at:at + len(part)] == part

    same()
