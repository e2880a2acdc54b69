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


def award_words(award: n.ExprAward) -> str:
    """The core award as a sentence: 「奖励按 170万元 + … 计算」 or its table, row by row."""
    ceiling = "最高" if award.ceiling else ""
    verb = award.verb or "给付"
    if isinstance(award.expr, n.Table):
        return f"{verb}{ceiling}按下表：{table_words(award.expr)}"
    return f"{verb}{ceiling}按「{expr(award.expr)}」计算"


def table_words(table: n.Table) -> str:
    rows = []
    for row in table.rows:
        when = "否则" if row.condition is None else f"{cond(row.condition)}的"
        value = "不予" if row.value is None else \
            f"{'最高' if row.ceiling else ''}{expr(row.value)}"
        rows.append(f"{when}，{value}")
    return "；".join(rows)


def define_words(define: n.Define) -> str:
    body = table_words(define.expr) if isinstance(define.expr, n.Table) else expr(define.expr)
    return f"{define.name} = {body}"


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
