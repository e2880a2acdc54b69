"""Fidelity: the numbers of the policy and of the official text account for each other."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sjdsl.language import fidelity as fidelity_module
from sjdsl.language.diagnostics import CompileError
from sjdsl.language.fidelity import Found, accounting_notes, fidelity, find_counts, find_quantities
from sjdsl.tools.driver import Sources, load

from .conftest import ROOT, SONGJIANG

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

    from sjdsl.language.fidelity import find_near

    @given(st.text("ab。", max_size=12), st.text("ab。", max_size=4), st.integers(0, 14))
    def same(text: str, part: str, cursor: int) -> None:
        at = find_near(text, part, cursor)
        assert (at >= 0) == (part in text)
        if at >= 0:
            assert text[at:at + len(part)] == part

    same()


# ---------------------------------------------------------------- linear scanning (issue 16)


def _reference_find_quantities(text: str) -> list[Found]:
    """find_quantities as it was before issue 16: ``finditer`` over every pattern. Exact, and
    quadratic in a run of digits and commas (``1,2,3,…``), where each position is tried anew."""
    taken = bytearray(len(text))
    found: list[Found] = []
    plain = text.translate(fidelity_module._FULL_WIDTH)
    for kind, pattern in fidelity_module._PATTERNS:
        for match in pattern.finditer(plain):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append(Found(kind, fidelity_module._value(kind, match), text[start:end], start,
                               end))
    for match in fidelity_module._COUNT_FOUND.finditer(plain):  # counts with their unit, last
        start, end = match.span()
        if not any(taken[start:end]):
            found.append(Found("count", fidelity_module._count_value(match),
                               text[start:end], start, end))
    return sorted(found, key=lambda f: f.start)


def _reference_find_counts(text: str) -> list[int]:
    return [fidelity_module._count_value(m)
            for m in fidelity_module._COUNT.finditer(text.translate(fidelity_module._FULL_WIDTH))]


#: Characters that make numbers, break them, and end them: digits (full-width too), separators,
#: white space, and every unit and mark the patterns look for.
_NUMBER_ALPHABET = "0123456789,,..:：%％‰倍万亿元美年月日次件人家套平方米一二三两十、，和或。；以下上; \n　１２．"


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.text(_NUMBER_ALPHABET, max_size=40))
def test_find_quantities_finds_exactly_what_the_finditer_version_found(text: str) -> None:
    assert find_quantities(text) == _reference_find_quantities(text)
    assert find_counts(text) == _reference_find_counts(text)


@pytest.mark.parametrize("text", [
    "1:2.5,3:4", "a,5元", "1.2.3元", "12345年1月1日", "1,2.5元", "1,,2万、", "1:2:3", "5 ,3%",
    "2024年1月1日至2025 年 12 月 31 日", "１２３４５６万元", "3倍、2倍", "十二年", "1212次",
    "5万平方米、20家", "1万元每1万平方米", "12万平方",
])
def test_find_quantities_agrees_on_the_edges_of_runs(text: str) -> None:
    assert find_quantities(text) == _reference_find_quantities(text)
    assert find_counts(text) == _reference_find_counts(text)


class _Recorder:
    """A pattern that notes where the regex engine starts a try and how far the try reads: to
    the end of the run its number pattern may take (``reach``). A count of work needs no clock."""

    def __init__(self, pattern: re.Pattern[str], reach: str, log: list[int]) -> None:
        self.pattern, self.reach, self.log = pattern, re.compile(reach), log

    def _reach(self, text: str, at: int) -> int:
        run = self.reach.match(text, at)
        return run.end() - at + 1 if run else 1

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        self.log.append(self._reach(text, pos))
        return self.pattern.match(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pos = 0  # finditer tries each position in turn, as re's documentation says
        for match in self.pattern.finditer(text):
            self.log.extend(self._reach(text, at) for at in range(pos, match.start() + 1))
            pos = match.end()
            yield match
        self.log.extend(self._reach(text, at) for at in range(pos, len(text)))


@pytest.mark.parametrize("unit", ["", "万元。", "%"])
def test_find_quantities_reads_each_run_of_digits_a_bounded_number_of_times(
        unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run like 0,1,2,…,3999 (a padded official text) was read again from each of its
    positions: 180 million characters read for 19 thousand. Now each pattern reads each character
    about once (seven patterns), at any size."""
    log: list[int] = []
    patterns = tuple((kind, _Recorder(p, "[0-9]{0,4}" if kind == "date" else "[0-9,]*", log))
                     for kind, p in fidelity_module._PATTERNS)
    monkeypatch.setattr(fidelity_module, "_PATTERNS", patterns)
    monkeypatch.setattr(fidelity_module, "_COUNT", _Recorder(
        fidelity_module._COUNT, "[0-9]*|[一二两三四五六七八九十]*", log))
    for n in (1000, 4000):
        text = ",".join(str(i) for i in range(n)) + unit
        log.clear()
        find_quantities(text)
        find_counts(text)
        assert sum(log) <= 10 * len(text), (n, sum(log), len(text))


def _padded_songjiang(tmp_path: Path, sentences: int, separator: str) -> Path:
    """The Songjiang policy with its official text padded by numbered sentences that no
    provision uses (one W002 each for their amount, rate and ratio)."""
    copy = tmp_path / f"padded-{sentences}"
    shutil.copytree(SONGJIANG, copy)
    official = copy / "official.txt"
    pad = "".join(f"{separator}{i}. 对第{i}类项目给予最高{i}万元奖励，按投资额的{i % 100}%补贴，比例为1:{i}。"
                  for i in range(1, sentences + 1))
    official.write_text(official.read_text(encoding="utf-8") + pad, encoding="utf-8")
    return copy


def test_warnings_on_a_padded_text_on_one_line_show_a_part_of_the_line(tmp_path: Path) -> None:
    """Each warning printed the whole line: 300 sentences on one line gave 900 warnings of 18,000
    characters each (60,000 sentences, billions). The line is shown around the number."""
    sources = Sources()
    _, warnings = load(_padded_songjiang(tmp_path, 300, ""), sources)
    assert len(warnings) == 3 * 300 + 1  # and W001: the text changed
    rendered = [sources.render([w]) for w in warnings]
    assert max(len(r) for r in rendered) < 1200
    assert "…" in rendered[len(rendered) // 2]
    assert "'150万元'" in "".join(rendered)


def test_a_number_far_into_a_long_line_gets_its_caret_under_it() -> None:
    from sjdsl.language.diagnostics import render, warning
    from sjdsl.language.ir import Span

    line = "甲" * 5000 + "给予最高12万元奖励" + "乙" * 5000
    column = line.index("12万元") + 1
    text = render(warning("W002", "unused", Span("o.txt", 2, column, 2, column + 4)),
                  {"o.txt": "first\n" + line + "\nlast"})
    shown, caret = text.splitlines()[3:5]
    assert shown.startswith("2 | …") and shown.endswith("…") and len(shown) < 300
    shown_body, caret_body = shown[4:], caret[4:]
    assert len(caret_body) - len(caret_body.lstrip()) == 2 * shown_body.index("12万元") - 1
    assert caret_body.strip() == "^" * 6  # 12万元: two ASCII digits, two CJK characters


class _CountingText(str):
    splits = 0

    def splitlines(self, keepends: bool = False) -> list[str]:
        _CountingText.splits += 1
        return super().splitlines(keepends)


def test_a_file_is_split_into_lines_once_for_all_its_diagnostics() -> None:
    """Each diagnostic split its whole file again: N warnings on a text of N numbers, N²."""
    from sjdsl.language.diagnostics import render, warning
    from sjdsl.language.ir import Span

    text = _CountingText("\n".join(f"{i}万元" for i in range(1000)))
    for i in range(1000):
        render(warning("W002", "unused", Span("big.txt", i + 1, 1, i + 1, 4)), {"big.txt": text})
    assert _CountingText.splits <= 1


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text("a\n1万元", max_size=60), st.data())
def test_positions_and_notes_agree_with_a_plain_scan(text: str, data: st.DataObject) -> None:
    """Line and column by bisection, and the covering 非计算 fragment by a heap, give what a scan
    from the start gives (the scans were quadratic in the numbers of the text)."""
    index = fidelity_module.OfficialIndex(text)
    for offset in range(len(text) + 1):
        line_start = text.rfind("\n", 0, offset) + 1
        assert index.position(offset) == (text.count("\n", 0, offset) + 1,
                                           offset - line_start + 1)
    bound = st.integers(0, len(text))
    noted = [((a, a + b), f"r{i}") for i, (a, b) in
             enumerate(data.draw(st.lists(st.tuples(bound, bound), max_size=6)))]
    notes = fidelity_module._Notes(noted)
    for found in index.found:
        expected = None
        for (start, end), reason in noted:
            if start <= found.start and found.end <= end:
                expected = reason
        assert notes.covering(found) == expected


@pytest.mark.parametrize("which", ["official", "amendment"])
def test_an_official_text_past_one_mebibyte_is_refused_with_e020(which: str,
                                                               tmp_path: Path) -> None:
    """official.txt had no size limit: 60,000 padded sentences (2.7 MB) ran for minutes."""
    from sjdsl.tools.driver import MAX_OFFICIAL_BYTES, compile_policy

    copy = tmp_path / "policy"
    shutil.copytree(SONGJIANG, copy)
    amendment = tmp_path / "amendment"
    shutil.copytree(ROOT / "tests" / "amendments" / "sample-2027", amendment)
    text = copy / "official.txt" if which == "official" else amendment / "official.txt"
    original = text.read_bytes()
    text.write_bytes(original + b"\n" + b"x" * (MAX_OFFICIAL_BYTES - len(original) - 1))
    compile_policy(copy, amendments=[amendment])  # exactly at the limit: read and checked
    with text.open("ab") as grow:
        grow.write(b"x")
    with pytest.raises(CompileError) as info:
        compile_policy(copy, amendments=[amendment])
    [diag] = info.value.diagnostics
    assert diag.code == "E020" and str(text) in diag.message
    assert diag.span.file.endswith(".pol") and diag.span.line > 0  # at 原文文件 「…」


def test_every_kind_of_number_has_words_for_its_diagnostic() -> None:
    """倍 had none: a 2倍 missing from its cited sentence stopped check with KeyError: 'multiple'
    (tests/cases/err/E014-multiple-not-in-cite.pol shows the diagnostic it gets now)."""
    from typing import get_args

    from sjdsl.language.check import _PLURAL, QUANTITY_WORDS
    from sjdsl.language.fidelity import QuantityKind

    assert set(QUANTITY_WORDS) == set(get_args(QuantityKind))
    assert set(_PLURAL) == set(get_args(QuantityKind))


@pytest.mark.parametrize(("text", "counts"), [
    ("线下园区实际使用面积超过5万平方米、入驻", [50_000]),  # 万 before 平方米 scales the area
    ("仓储面积1万平方米以上", [10_000]),
    ("面积在300平方米以上", [300]),
    ("给予1万元，入驻20家", [20]),                        # 1万元 is an amount, not an area
])
def test_an_area_in_ten_thousands_is_read_as_square_metres(text: str, counts: list[int]) -> None:
    assert find_counts(text) == counts
    assert [f.value for f in find_quantities(text) if f.kind == "count"] == counts
