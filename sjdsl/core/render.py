"""The core in Chinese: each node rendered as a drafter wrote it, for the trace and the pages.

``render`` takes a ``slot`` for names: the pages pass the name itself; the code generator passes
a placeholder, so that the trace can show the same sentence with the request's numbers in it.
Literal text is escaped for ``str.format`` when it is a template.
"""

from __future__ import annotations

from collections.abc import Callable

from sjdsl.core import nodes as n

Slot = Callable[[n.Name], str]

_PRECEDENCE = {"+": 1, "-": 1, "×": 2, "÷": 2, "每满": 2, "每超过": 2}
_WORDS = {"ge": "≥", "gt": ">", "lt": "<", "le": "≤", "eq": "=", "ne": "≠"}


def plain(name: n.Name) -> str:
    return name.name


def escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def expr(node: n.Expr, slot: Slot = plain, template: bool = False) -> str:
    lit = escape if template else (lambda t: t)
    match node:
        case n.Quantity():
            return lit(node.text)
        case n.Name():
            return slot(node)
        case n.Binary():
            left = _operand(node.left, node.op, slot, template, right=False)
            right = _operand(node.right, node.op, slot, template, right=True)
            return f"{left} {node.op} {right}"
        case n.Call():
            args = ", ".join(expr(a, slot, template) for a in node.args)
            return f"{node.function}({args})"
        case n.Filtered():
            return (f"筛选({expr(node.records, slot, template)}, "
                    f"{cond(node.condition, slot, template)})")
        case n.Received():
            key = f" 按 {node.key.name}" if node.key else ""
            year = " 每年" if node.yearly else ""
            return f"已获({'、'.join(node.provisions)}{key}{year})"
        case n.IfElse():
            return (f"若 {cond(node.condition, slot, template)} 则 "
                    f"{expr(node.then, slot, template)} 否则 {expr(node.otherwise, slot, template)}")
    raise AssertionError(node)


def _operand(node: n.Expr, op: str, slot: Slot, template: bool, right: bool) -> str:
    text = expr(node, slot, template)
    if isinstance(node, n.IfElse):
        return f"({text})"
    if isinstance(node, n.Binary):
        inner, outer = _PRECEDENCE[node.op], _PRECEDENCE[op]
        if inner < outer or right and inner == outer and op in ("-", "÷", "每满", "每超过"):
            return f"({text})"
    return text


def cond(node: n.Cond, slot: Slot = plain, template: bool = False) -> str:
    match node:
        case n.Compare():  # the slot renders an enumeration word on the right as itself
            right = expr(node.right, slot, template)
            return f"{expr(node.left, slot, template)} {node.word} {right}"
        case n.Fact():
            return slot(node.name)
        case n.Not():
            return f"非 {cond(node.operand, slot, template)}"
        case n.Logic():
            return f"{cond(node.left, slot, template)} {node.op} {cond(node.right, slot, template)}"
        case n.Quantified():
            return (f"{node.op}({expr(node.records, slot, template)}, "
                    f"{cond(node.condition, slot, template)})")
    raise AssertionError(node)


def symbol(op: str) -> str:
    """The mathematical sign of a comparison (达 → ≥), for auditors who check the edges."""
    return _WORDS[op]


# ---------------------------------------------------------------- sentences for the pages
#
# The pages read the core as a drafter writes Chinese, not as formulas: 「到位注册资本减1.7亿元后
# 每超过1亿元的个数乘以100万元」, 「未就本事项享受区级其他政策」. The trace keeps ``expr``/``cond``
# above (their symbols carry the request's numbers).

_OP_WORDS = {"+": "加", "-": "减", "×": "乘以", "÷": "除以"}
_NEGATED = {"ge": "低于", "gt": "不超过", "lt": "达", "le": "超过", "eq": "不为", "ne": "为"}
#: a yes/no term that starts with a negation is negated by dropping it, and one that says 已
#: or 未 by swapping that word, so that 「排除 已享受…」 reads 「未享受…」, 「非 同一项目已获…」
#: 「同一项目未获…」 and 「非 未入驻…」 「已入驻…」 (never 「未未」 or 「未已」)
_DROPS = ("没有", "非", "不", "无")
_SWAPS = {"已": "未", "未": "已"}
#: common words that begin with one of those characters without negating anything (「不动产」 is
#: real estate, 「无人机」 a drone, 「未来产业」 the industries of the future): never dropped or
#: swapped. A term that begins with one is negated as a whole, 「并非「无人机企业」」, since 「未」
#: before it would read as a double negative.
_NOT_NEGATIONS = ("不动产", "不锈钢", "不良", "无人", "无线", "无形", "无机", "无纺", "无菌",
                  "无障碍", "无缝", "非遗", "非物质", "非公", "非营利", "非晶", "非标", "非洲",
                  "未来", "已知")
#: verbs of state are negated with 不 (「不属于…」); 未 is for what has or has not happened
_STATIVE = ("属于", "是", "为", "在", "具备", "具有", "符合", "满足", "位于")
_CALL_WORDS = {"合计": "{0}的合计", "个数": "{0}的个数", "最大": "{0}中的最大值",
               "最小": "{0}中的最小值", "名次": "{0}在{1}中的名次",
               "逐个": "{0}中每一条的{1}", "按比例": "{0}（合计超过{1}时按比例分配）"}


def negated(term: str) -> str:
    """A yes/no term negated in Chinese, without a double negative (and without taking a word
    such as 「未来」 or 「不动产」 apart)."""
    if term.startswith(_NOT_NEGATIONS):
        return f"并非「{term}」"
    for word in _DROPS:
        if term.startswith(word) and len(term) > len(word):
            return term[len(word):]
    at = next((i for i, c in enumerate(term) if c in _SWAPS
               and not term.startswith(_NOT_NEGATIONS, i)), -1)
    if at >= 0:
        return term[:at] + _SWAPS[term[at]] + term[at + 1:]
    return ("不" if term.startswith(_STATIVE) else "未") + term


def words(node: n.Expr) -> str:
    """An expression as Chinese words (the pages); ``expr`` keeps the symbols (the trace)."""
    match node:
        case n.Quantity():
            return node.text
        case n.Name():
            return node.name
        case n.Binary():
            left = _word_operand(node.left, node.op, right=False)
            right = _word_operand(node.right, node.op, right=True)
            if node.op in ("每满", "每超过"):
                return f"{left}{node.op}{right}的个数"
            return f"{left}{_OP_WORDS[node.op]}{right}"
        case n.Call() if node.function in ("取较小", "取较大"):
            which = "较小" if node.function == "取较小" else "较大"
            return f"{'与'.join(words(a) for a in node.args)}中的{which}者"
        case n.Call() if node.function == "满年数":
            end = words(node.args[1]) if len(node.args) == 2 else "授予日期"
            return f"自{words(node.args[0])}至{end}的满年数"
        case n.Call():
            return _CALL_WORDS[node.function].format(*(words(a) for a in node.args))
        case n.Filtered():
            return f"{words(node.records)}中{cond_words(node.condition)}的"
        case n.Received():
            key = f"（按{node.key.name}）" if node.key else ""
            year = "当年" if node.yearly else ""
            return f"{year}已获{'、'.join(node.provisions)}{key}的金额"
        case n.IfElse():
            return (f"若{cond_words(node.condition)}则{words(node.then)}，"
                    f"否则{words(node.otherwise)}")
    raise AssertionError(node)


def _word_operand(node: n.Expr, op: str, right: bool) -> str:
    """An operand in 「」 where the order of the words is not the order of the computation
    (「「a减b」每超过c的个数乘以d」), by the precedence ``expr`` brackets by."""
    text = words(node)
    if isinstance(node, n.IfElse):
        return f"「{text}」"
    if isinstance(node, n.Binary):
        inner, outer = _PRECEDENCE[node.op], _PRECEDENCE[op]
        if inner < outer or right and inner == outer and op in ("-", "÷", "每满", "每超过"):
            return f"「{text}」"
    return text


def cond_words(node: n.Cond) -> str:
    """A condition as Chinese words, negations without double negatives."""
    match node:
        case n.Compare():
            return f"{words(node.left)}{node.word}{words(node.right)}"
        case n.Fact():
            return node.name.name
        case n.Not():
            return _not_words(node.operand)
        case n.Logic():
            return f"{cond_words(node.left)}{node.op}{cond_words(node.right)}"
        case n.Quantified() if node.op == "任一":
            return f"{words(node.records)}中有一条{cond_words(node.condition)}"
        case n.Quantified():
            return f"{words(node.records)}中每一条均{cond_words(node.condition)}"
    raise AssertionError(node)


def _not_words(node: n.Cond) -> str:
    match node:
        case n.Fact():
            return negated(node.name.name)
        case n.Not():
            return cond_words(node.operand)
        case n.Compare():
            return f"{words(node.left)}{_NEGATED[node.op]}{words(node.right)}"
    return f"并非「{cond_words(node)}」"


def award_words(award: n.ExprAward) -> str:
    """The core award as a sentence: 「奖励按「170万元」计算」 or its table, row by row."""
    ceiling = "最高" if award.ceiling else ""
    verb = award.verb or "给付"
    if isinstance(award.expr, n.Table):
        return f"{verb}{ceiling}按下表：{table_words(award.expr)}"
    return f"{verb}{ceiling}按「{words(award.expr)}」计算"


def table_words(table: n.Table) -> str:
    rows = []
    for row in table.rows:
        when = "否则" if row.condition is None else f"{cond_words(row.condition)}的"
        value = "不予" if row.value is None else \
            f"{'最高' if row.ceiling else ''}{words(row.value)}"
        rows.append(f"{when}，{value}")
    return "；".join(rows)


def define_words(define: n.Define) -> str:
    body = table_words(define.expr) if isinstance(define.expr, n.Table) else words(define.expr)
    return f"{define.name}为{body}"


def limit_words(limit: n.Limit) -> str:
    """「同一设备编号累计限额100万元（合计 5.1）」."""
    if limit.word:  # sugar: the clause as written
        return f"{'、'.join(limit.provisions)} {limit.word}{'（每年）' if limit.yearly else ''}"
    scope = f"同一{limit.key.name}" if limit.key else "同一企业"
    period = "每年" if limit.yearly else "累计"
    what = {"amount": "限额", "count": "最多", "years": "最多"}[limit.kind]
    over = "本政策全部条款" if limit.everything else \
        ("、".join(limit.provisions) if limit.provisions else "本条款")
    return f"{scope}{period}{what}{limit.text}（合计{over}）"


def obligation_words(item: n.Obligation) -> str:
    """义务 in words: 「…」, its term, and what follows when it fails."""
    term = "" if item.years is None else \
        f"（期限 {item.years} {'个年度，授予当年为第一年' if item.calendar else '年，自授予之日起'}）"
    return f"{item.text}{term}；否则{item.consequence}"


def statement_words(item: n.Statement) -> str:
    """A policy's or a measure's core statement as the policy page lists it."""
    match item:
        case n.Require():
            return f"须：{cond_words(item.condition)}（适用于每一项给付）"
        case n.Limit():
            return limit_words(item)
        case n.Obligation():
            return f"义务：{obligation_words(item)}"
        case n.Define():
            return f"定义：{define_words(item)}"
        case n.Erratum():
            return f"勘误：「{item.fragment}」读作 {item.reading.text}"
        case n.Allocation():
            return f"分配：给付金额按{item.weights.name}的比例分配给{item.records.name}中的每一条"
    raise AssertionError(item)
