"""The Pygments lexer for .pol files: lossless, no Error tokens, the expected token types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import (
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    String,
    Whitespace,
    _TokenType,
)

from sjdsl.backends.lexer import MONEY_UNITS, PolLexer
from sjdsl.language import ir

ROOT = Path(__file__).resolve().parent.parent
POLICY_FILES = sorted((ROOT / "policies").rglob("*.pol"))

SAMPLE = """\
  条款 1.1 制造项目补贴
    原文 「对新引进的智能终端产品制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。」
    输入 项目固定资产投资额 fixed_asset_investment 金额
    补贴 按 不超过 项目固定资产投资额 的 15%
    最高 3000万元
    每年最高 300 万元
"""


def tokens(text: str) -> list[tuple[_TokenType, str]]:
    """The tokens of text, white space left out."""
    return [(kind, value) for kind, value in PolLexer().get_tokens(text) if kind not in Whitespace]


def kind_of(text: str, value: str) -> _TokenType:
    """The token type of the first token of text whose text is value."""
    return next(kind for kind, found in tokens(text) if found == value)


def test_the_real_policies_are_found() -> None:
    assert len(POLICY_FILES) >= 4


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda path: path.name)
def test_real_policy_lexes_losslessly_without_errors(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lexed = list(PolLexer().get_tokens(text))
    assert [value for kind, value in lexed if kind in Error] == []
    assert "".join(value for _, value in lexed) == text


def test_entry_point_registers_the_lexer() -> None:
    assert isinstance(get_lexer_by_name("pol"), PolLexer)
    assert isinstance(get_lexer_by_name("sjdsl"), PolLexer)
    assert isinstance(get_lexer_for_filename("m01-m03.pol"), PolLexer)


def test_sample_provision_token_types() -> None:
    assert kind_of(SAMPLE, "条款") is Keyword.Declaration
    assert kind_of(SAMPLE, "1.1") is Name.Label
    cite = next(value for kind, value in tokens(SAMPLE) if value.startswith("「"))
    assert kind_of(SAMPLE, cite) in String
    assert kind_of(SAMPLE, "金额") is Keyword.Type
    assert kind_of(SAMPLE, "fixed_asset_investment") is Name.Variable
    assert kind_of(SAMPLE, "项目固定资产投资额") is Name
    assert kind_of(SAMPLE, "补贴") is Keyword
    assert kind_of(SAMPLE, "3000万元") is Number
    assert kind_of(SAMPLE, "15%") is Number
    assert kind_of(SAMPLE, "不超过") is Operator.Word
    assert kind_of(SAMPLE, "每年最高") is Keyword
    assert (Number, "300") in tokens(SAMPLE) and (Number, "万元") in tokens(SAMPLE)


@pytest.mark.parametrize("literal", ["3000万元", "30,000,000元", "1.5亿元", "15%", "1:0.5", "1：0.5"])
def test_number_literals(literal: str) -> None:
    assert tokens(f"补贴 {literal}\n") == [(Keyword, "补贴"), (Number, literal)]


@pytest.mark.parametrize("date", ["2025-01-01", "2025年1月1日", "2029年12月31日"])
def test_dates(date: str) -> None:
    assert kind_of(f"附则 A.1 有效期 {date} 至 2030-01-01\n", date) is Literal.Date


def test_ids_after_their_keywords() -> None:
    text = "附则 A.1 新规优先\n单个企业最高 500万元 合计 2.1、2.2\n前提 以前年度 已获 2.1\n"
    assert kind_of(text, "A.1") is Name.Label
    assert [value for kind, value in tokens(text) if kind is Name.Label] == [
        "A.1", "2.1", "2.2", "2.1"]


def test_keywords_are_whole_words() -> None:
    assert kind_of("奖励 按 最高额 的 5%\n", "最高额") is Name
    assert kind_of("输入 最高 x 金额\n", "最高") is Operator.Word
    assert kind_of("    最高 200万元\n", "最高") is Keyword  # the per-award cap clause
    assert kind_of("  示范 最高 20万元\n", "最高") is Operator.Word  # a tier's ceiling
    assert kind_of("输入 认定级别 level 枚举（国家级、市级）\n", "枚举") is Keyword.Type
    assert kind_of("单个项目最多 3 年\n", "年") is Keyword


def test_full_width_space_is_whitespace() -> None:
    lexed = list(PolLexer().get_tokens("奖励\u3000最高 30万元\n"))
    assert (Whitespace, "\u3000") in lexed
    assert [kind for kind, value in lexed if value == "最高"] == [Operator.Word]


def test_every_grammar_keyword_is_a_keyword() -> None:
    grammar = (ROOT / "grammar" / "sjdsl.lark").read_text(encoding="utf-8")
    literals = {word for word in re.findall(r'"([^"\\]+)"', grammar) if re.fullmatch(r"\w+", word)}
    assert literals
    for word in literals:
        kind = tokens(f"{word}\n")[0][0]
        assert kind in Keyword or kind in Operator.Word, word


def test_money_units_match_the_checker() -> None:
    assert set(MONEY_UNITS) == set(ir.MONEY_UNITS)


def test_html_output_escapes_strings() -> None:
    html = highlight("定性 「<script>alert(1)</script>」\n", PolLexer(), HtmlFormatter())
    assert "&lt;script&gt;" in html
    assert "<script>" not in html


def test_malformed_text_gives_no_error_tokens() -> None:
    text = "条款 1. 「未闭合\n 补贴 ３０万元 “弯引号” @ ~ \\\n"
    lexed = list(PolLexer().get_tokens(text))
    assert [value for kind, value in lexed if kind in Error] == []
    assert "".join(value for _, value in lexed) == text
