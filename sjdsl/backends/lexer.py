"""A Pygments lexer for the sjdsl policy language (``.pol`` files).

Why: the mkdocs site shows policies in ```pol fences; this lexer, registered through the
``pygments.lexers`` entry point in pyproject.toml, lets Pygments colour them.

It follows grammar/sjdsl.lark: words are runs of word characters, so a keyword counts only as a
whole word (``最高`` is a keyword, ``最高额`` is not). Every keyword pattern therefore ends in
``(?!\\w)``, which also lets the longer keyword win (``每年最高`` over ``最高``). ``最高`` opening a
line is the per-award cap clause (Keyword); elsewhere it is a ceiling (Operator.Word), as in
``补贴 按 最高 合同金额 的 5%`` or the tier row ``示范 最高 20万元``.

The lexer is lenient: anything the grammar would reject is still given a plain token (Name,
Number or Punctuation), never Error, so a draft with a mistake still highlights.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pygments.lexer import RegexLexer, bygroups, default, words
from pygments.token import (
    Comment,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
    _TokenType,
)

from sjdsl.language.keywords import ALIASES, FILTERS, FUNCTIONS, QUANTIFIERS

__all__ = ["PolLexer"]

DECLARATIONS = ("政策", "措施", "条款", "附则", "示例", "修订")
CLAUSES = (
    "原文", "解读", "输入", "定义", "门槛", "前提", "上限", "每年最高", "每项目每年最高",
    "单个企业最高", "单个项目最多", "一次性", "财政支持合计", "外部", "定性", "非计算", "责任单位",
    "文号", "发文日期", "发文单位", "原文文件", "有效期", "资金分担", "突破上限", "新规优先", "合计",
    "含", "按", "的", "分别", "以", "为准", "至", "已获", "以前年度", "可选", "sha256", "年",
    "日期", "项目", "历史", "得", "不予", "人员", "起", "申报时间", "每年", "不得重复享受",
    "每家企业不超过", "人", "倍", "择优", "分段", "全额", "个案", "单个企业最多", "每人最多", "每人",
    "年内", "分期", "下一年度", "当年", "排除", "另行确定", "期限", "为限", "最长", "个月", "个年度", "自",
    "修订", "修订对象", "生效日期", "修改", "废止", "新增", "替换",
    # the core
    "勘误", "读作", "下表", "若", "则", "否则", "须", "次", "限额", "限次", "限年", "全部", "义务",
    "每满", "每超过", "或", "且", "非", "不得兼得", "分配", "不早于", "发布之日", "印发之日", "公布之日",
    *FUNCTIONS, *QUANTIFIERS, *FILTERS,
)
#: The English aliases of every keyword (sjdsl/language/keywords.py), highlighted as keywords too.
ENGLISH = (*ALIASES.values(), *FUNCTIONS.values(), *QUANTIFIERS.values(), *FILTERS.values())
AWARD_VERBS = ("补贴", "奖励", "支持", "扶持", "给予", "配套", "补助", "资金奖励", "利息补贴")
# 最高 is also the per-award cap clause: the "root" state makes it a Keyword at a line start.
COMPARISONS = ("不超过", "不高于", "最高", "首次达", "首次超过", "达", "达到", "超过", "不低于",
               "不少于", "高于", "多于", "低于", "不足", "少于", "至多", "不为", "不是", "等于", "为",
               "是")
INPUT_KINDS = ("金额", "件数", "数量", "枚举", "money", "count", "enum", "人数", "家数", "套数",
               "年数", "月数", "美元金额", "编号", "面积", "比例", "是否", "日期", "名单",
               "金额列表", "人数列表", "面积列表")
MONEY_UNITS = ("亿元", "万元", "元")  # as sjdsl.language.ir.MONEY_UNITS

_WS = r"[^\S\n]"  # white space within a line, the full-width space U+3000 included
_NUMBER = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_STRING = r'「[^」\n]*」|"(?:[^"\\\n]|\\.)*"'
_PARTS = re.compile(rf"{_WS}+|(?:(?!{_WS}).)+")


def _keywords(*groups: tuple[str, ...]) -> str:
    """A regex for whole-word keywords, longest first."""
    every = sorted({word for group in groups for word in group}, key=len, reverse=True)
    return words(every, suffix=r"(?!\w)").get()


def _number(lexer: RegexLexer, match: re.Match[str]) -> Iterator[tuple[int, _TokenType, str]]:
    """A literal such as ``300 万元`` or ``1 : 0.5``: Number, with any inner spacing Whitespace."""
    for part in _PARTS.finditer(match.group()):
        token = Whitespace if part.group()[0].isspace() else Number
        yield match.start() + part.start(), token, part.group()


class PolLexer(RegexLexer):
    """Lexer for sjdsl policy files (``.pol``)."""

    name = "sjdsl policy"
    aliases = ["pol", "sjdsl"]
    filenames = ["*.pol"]
    stripnl = False  # keep leading blank lines: the token text must equal the input
    ensurenl = False

    tokens = {
        # The start of a line: indentation, then 最高 as the per-award cap clause.
        "root": [
            (rf"{_WS}+", Whitespace),
            (r"最高(?!\w)", Keyword, "line"),
            default("line"),
        ],
        "line": [
            (r"\n", Whitespace, "#pop"),
            (rf"{_WS}+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (rf"(原文)({_WS}+)({_STRING})", bygroups(Keyword, Whitespace, String.Doc)),
            (rf"(政策)({_WS}+)([a-z0-9][a-z0-9-]*)(?![\w-])",
             bygroups(Keyword.Declaration, Whitespace, Name.Namespace)),
            (r"(措施|条款)(?!\w)", Keyword.Declaration, "ids"),
            (r"(已获|合计)(?!\w)", Keyword, "ids"),
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日", Literal.Date),
            (r"[0-9a-f]{64}(?![0-9a-f])", Number.Hex),
            (r"A\.[0-9]+", Name.Label),
            (r"「[^」\n]*」", String),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (rf"{_NUMBER}{_WS}*(?:{'|'.join(MONEY_UNITS)})(?!\w)", _number),
            (rf"{_NUMBER}{_WS}*%", _number),
            (rf"{_NUMBER}{_WS}*[:：]{_WS}*{_NUMBER}", _number),
            (_NUMBER, Number),
            (_keywords(DECLARATIONS), Keyword.Declaration),
            (_keywords(COMPARISONS), Operator.Word),
            (_keywords(CLAUSES, AWARD_VERBS, ENGLISH), Keyword),
            (_keywords(INPUT_KINDS), Keyword.Type),
            (r"[a-z_][a-z0-9_]*(?!\w)", Name.Variable),
            (r"\w+", Name),
            (r"[=\-]", Operator),
            (r"[^\w\s]", Punctuation),
        ],
        # Provision and measure ids after 措施 / 条款 / 已获 / 合计: 1.1, or 2.1、2.2.
        "ids": [
            (rf"{_WS}+", Whitespace),
            (r"[0-9]+(?:\.[0-9]+)?", Name.Label),
            (r"[、,，]", Punctuation),
            default("#pop"),
        ],
    }
