"""Phase 1: the grammar and the tree → IR builder."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sjdsl.language import ir
from sjdsl.language.diagnostics import CompileError
from sjdsl.language.parse import parse_file

HEADER = "政策 p 「t」\n  原文文件 「official.txt」\n"


def provision(body: str) -> ir.Provision:
    text = HEADER + "措施 1 m\n  条款 1.1 t\n    原文 「x」\n" + body
    return parse_file(text, "t.pol").measures[0].provisions[0]


@pytest.mark.parametrize("written", ["3000万元", "3000 万元", "30,000,000元", "0.3亿元"])
def test_money_in_every_unit_is_the_same_amount(written: str) -> None:
    p = provision(f"    奖励 最高 {written}\n")
    award = p.awards[0]
    assert isinstance(award, ir.FixedAward)
    assert award.amount.value == Decimal("30000000") and award.ceiling


@pytest.mark.parametrize("written", ["1:0.5", "1: 0.5", "1：0.5"])
def test_ratios_in_every_spelling(written: str) -> None:
    p = provision(f"    输入 资金 funding 金额\n    配套 按 不超过 资金 的 {written} 配套\n")
    award = p.awards[0]
    assert isinstance(award, ir.RateAward) and isinstance(award.rate, ir.Ratio)
    assert award.rate.value == Decimal("0.5")


def test_rate_ceiling_words() -> None:
    for word, ceiling in (("不超过 ", True), ("不高于 ", True), ("最高 ", True), ("", False)):
        p = provision(f"    输入 基数 base 金额\n    补贴 按 {word}基数 的 15%\n")
        award = p.awards[0]
        assert isinstance(award, ir.RateAward)
        assert award.ceiling is ceiling and award.rate.value == Decimal("0.15")


def test_dates_in_both_forms() -> None:
    text = HEADER.replace("\n  原文文件", "\n  附则 A.1 有效期 2025年1月1日 至 2029-12-31\n  原文文件")
    rule = parse_file(text, "t.pol").headers[0].rules[0]
    assert isinstance(rule, ir.Validity)
    assert (rule.start, rule.end) == (datetime.date(2025, 1, 1), datetime.date(2029, 12, 31))


def test_an_impossible_date_is_a_diagnostic() -> None:
    text = HEADER + "  附则 A.1 有效期 2025-02-30 至 2029-12-31\n"
    with pytest.raises(CompileError) as info:
        parse_file(text, "t.pol")
    assert info.value.diagnostics[0].code == "E005"


def test_comments_and_blank_lines_anywhere() -> None:
    p = provision("    # a comment line\n\n    奖励 最高 1万元  # trailing comment\n")
    assert len(p.awards) == 1


def test_threshold_words() -> None:
    p = provision("    输入 金额 amount 金额\n    门槛 金额 首次达 300万元\n    奖励 最高 1万元\n")
    threshold = p.limits[0]
    assert isinstance(threshold, ir.Threshold)
    assert threshold.op == "ge" and threshold.first_time
    p = provision("    输入 金额 amount 金额\n    门槛 金额 超过 500万元\n    奖励 最高 1万元\n")
    threshold = p.limits[0]
    assert isinstance(threshold, ir.Threshold)
    assert threshold.op == "gt" and not threshold.first_time


def test_spans_point_at_the_source() -> None:
    p = provision("    输入 基数 base 金额\n    补贴 按 不超过 基数 的 15%\n")
    award = p.awards[0]
    assert isinstance(award, ir.RateAward)
    assert (award.base.span.line, award.base.span.column) == (7, 14)
    assert award.base.span.file == "t.pol"


def test_spans_are_left_out_of_equality() -> None:
    a = provision("    奖励 最高 1万元\n")
    b = provision("\n\n    奖励 最高 1万元\n")
    assert a == b


def test_syntax_error_points_at_the_token() -> None:
    with pytest.raises(CompileError) as info:
        provision("    补贴 按 基数 的 15\n")
    diag = info.value.diagnostics[0]
    assert diag.code == "E001" and diag.span.line == 6


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["\\ud800", "\\udbff", "\\udc00", "\\ud83d", "\\ude00", "a", "字",
                                 "\\\\", "\\\\u", "\\n", "\\u0041", "\\\"", "\\x"]), max_size=6))
def test_a_quoted_text_fails_the_parse_exactly_when_utf8_cannot_hold_it(pieces: list[str]) -> None:
    """Check must refuse what compile cannot write: a "…" text whose JSON escapes leave half of
    a UTF-16 pair; the caret points at that escape."""
    raw = '"' + "".join(pieces) + '"'
    text = HEADER + f"  文号 {raw}\n"
    if _utf8_can_hold(raw):
        parse_file(text, "t.pol")
        return
    with pytest.raises(CompileError) as info:
        parse_file(text, "t.pol")
    [diag] = info.value.diagnostics
    assert diag.code == "E001" and diag.span.line == 3
    at = diag.span.column - len("  文号 ") - 1
    assert re.fullmatch(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", raw[at:at + 6])
    json.loads(raw[:at] + '"').encode("utf-8")  # the first such escape: all before it is whole


def _utf8_can_hold(raw: str) -> bool:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return True  # not JSON (\x): the text is read as written, from a UTF-8 file
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def test_a_word_of_a_megabyte_gets_a_short_message_and_no_suggestion_search() -> None:
    """A misspelt keyword 600,000 characters long: the distance to each keyword is not computed
    (it cannot be one slip away), and the message quotes the word's start only."""
    from sjdsl.language.parse import _keyword_suggestion

    word = "原" * 600_000
    assert _keyword_suggestion(word, ["原文", "解读", "条款"]) is None
    with pytest.raises(CompileError) as exc:
        parse_file("政策 p 「t」\n  " + word + " 「x」\n", "t.pol")
    assert max(len(d.message) for d in exc.value.diagnostics) < 400
