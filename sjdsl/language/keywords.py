"""English aliases for every keyword of the language, so that a drafter (or a program) may write
``provision 1.1 …`` for ``条款 1.1 …``. The grammar is written in Chinese only; ``with_aliases``
adds each alias beside its keyword when the parser is built, and the builder reads an alias as
its Chinese keyword, so the IR, the trace and the pages are the same whichever was written.

Aliases are distinct English words (snake_case where several), chosen not to be the usual names
of inputs; a word is read as a keyword only where that keyword may stand.
"""

from __future__ import annotations

import re

ALIASES: dict[str, str] = {
    # the policy header and its rules
    "政策": "policy", "文号": "doc_number", "发文日期": "issued", "发文单位": "issuers",
    "原文文件": "official_file", "非计算": "noncomputational", "附则": "rule",
    "有效期": "validity", "至": "to", "起": "onwards", "年": "years", "自": "from",
    "不早于": "not_before", "发布之日": "publication_day", "印发之日": "issue_day",
    "公布之日": "announcement_day", "按": "by", "申报时间": "application_window",
    "每年": "each_year", "资金分担": "funding_split", "突破上限": "override",
    "输入": "input", "新规优先": "supersession", "原文": "cite", "解读": "reading",
    # amendments
    "修订": "amendment", "修订对象": "amends", "生效日期": "effective", "修改": "change",
    "废止": "repeal", "新增": "add", "替换": "replace",
    # measures and provisions
    "措施": "measure", "责任单位": "units", "定性": "qualitative", "外部": "external",
    "单个企业最高": "enterprise_cap", "合计": "over", "不得重复享受": "exclusive",
    "每家企业不超过": "headcount_cap", "人": "persons", "条款": "provision", "可选": "optional",
    # award verbs and formulas
    "补贴": "subsidy", "奖励": "award", "支持": "support", "扶持": "assistance",
    "给予": "grant", "配套": "matching", "补助": "allowance", "资金奖励": "cash_award",
    "利息补贴": "interest_subsidy", "的": "of", "倍": "fold", "择优": "best_of",
    "以": "taking", "为准": "as_assessed", "不超过": "not_over", "不高于": "not_above",
    "最高": "at_most", "分别": "respectively", "一次性": "once", "分段": "banded",
    "全额": "whole", "个案": "case_by_case",
    # limits and conditions of the clauses
    "上限": "cap", "每年最高": "yearly_cap", "每项目每年最高": "project_yearly_cap",
    "单个项目最多": "project_years", "单个企业最多": "enterprise_years",
    "每人最多": "person_years", "每人": "per_person", "门槛": "threshold",
    "达": "reaches", "达到": "reaching", "首次达": "first_reaches", "超过": "exceeds",
    "首次超过": "first_exceeds", "不低于": "not_below", "前提": "requires",
    "以前年度": "earlier_years", "年内": "years_within", "已获": "received",
    "财政支持合计": "joint_limit", "含": "including", "分期": "instalments",
    "下一年度": "next_year", "当年": "same_year", "排除": "excluded_if",
    "另行确定": "decided_elsewhere", "期限": "duration", "为限": "bounded",
    "最长": "longest", "个月": "months",
    # the core
    "勘误": "erratum", "读作": "read_as", "定义": "define", "下表": "table", "若": "if",
    "则": "then", "否则": "otherwise", "不予": "nothing", "须": "require", "次": "times",
    "限额": "limit", "限次": "limit_count", "限年": "limit_years", "全部": "all_provisions",
    "义务": "obligation", "个年度": "calendar_years", "不得兼得": "not_both", "分配": "allocate", "每满": "per_full", "每超过": "per_excess", "或": "or", "且": "and",
    "非": "not", "不少于": "not_fewer", "高于": "above", "多于": "more_than",
    "低于": "below", "不足": "short_of", "少于": "fewer_than", "至多": "up_to",
    "不为": "is_not", "不是": "isnt", "等于": "equals", "为": "is", "是": "yes",
    # worked examples
    "示例": "example", "日期": "date", "项目": "project", "人员": "person", "历史": "history",
    "得": "gets",
}
#: The functions of the core (written before a parenthesis), with their English names.
FUNCTIONS: dict[str, str] = {
    "取较小": "least_of", "取较大": "greatest_of", "合计": "total", "个数": "count_of",
    "最大": "largest", "最小": "smallest", "名次": "rank", "逐个": "each", "按比例": "pro_rata",
    "满年数": "full_years",
}
#: The quantifiers over a 名单 (written before a parenthesis), with their English names.
QUANTIFIERS: dict[str, str] = {"任一": "any_of", "均": "all_of"}
#: 筛选(名单, 条件): its terminal in the grammar names both words (FILTER).
FILTERS: dict[str, str] = {"筛选": "filter"}
#: An alias back to its keyword (or function).
KEYWORDS: dict[str, str] = {english: chinese for chinese, english in ALIASES.items()} | {
    english: chinese for chinese, english in (FUNCTIONS | QUANTIFIERS | FILTERS).items()}

_LITERAL = re.compile(r'"([^"\\]+)"')


def with_aliases(grammar: str) -> str:
    """The grammar with ``("关键词" | "alias")`` wherever a keyword literal stands."""
    lines = []
    for line in grammar.splitlines():
        code, mark, comment = line.partition("//")
        if code.startswith("FUNCTION"):
            code = code.replace("(取较[小大]|合计|个数|最大|最小|名次|逐个|按比例|满年数)",
                                f"({function_pattern()})")
        if code.startswith("QUANTIFIER"):
            words = (*QUANTIFIERS, *QUANTIFIERS.values())
            code = code.replace("(任一|均)", "(" + "|".join(re.escape(w) for w in words) + ")")
        lines.append(_LITERAL.sub(_alternatives, code) + mark + comment)
    return "\n".join(lines) + "\n"


def function_pattern() -> str:
    """The FUNCTION terminal's words, Chinese and English, longest first."""
    words = sorted((*FUNCTIONS, *FUNCTIONS.values()), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def _alternatives(match: re.Match[str]) -> str:
    word = match.group(1)
    alias = ALIASES.get(word)
    return f'("{word}" | "{alias}")' if alias else match.group(0)


def chinese(word: str) -> str:
    """A keyword as the IR keeps it: an alias read as its Chinese keyword."""
    return KEYWORDS.get(word, word)
