"""The core's half of phase 1: parse-tree rules of expressions, conditions, tables and limits →
core nodes. ``sjdsl.language.build.Builder`` inherits these methods, so one Transformer builds a file."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from lark import Token, Transformer, v_args

from sjdsl.core import nodes as n
from sjdsl.core.units import parse_unit
from sjdsl.language.diagnostics import error
from sjdsl.language.ir import MONEY_UNITS, Cite, Rate, Reading
from sjdsl.language.keywords import KEYWORDS


def _notes(children: list[Any]) -> tuple[list[Any], tuple[Any, ...]]:
    notes = tuple(c for c in children if isinstance(c, (Cite, Reading)))
    return [c for c in children if not isinstance(c, (Cite, Reading))], notes


_AS_WRITTEN = frozenset({"WORD", "STRING", "NUMBER", "INT", "DATE", "PROVISION_ID", "RULE_ID",
                         "POLICY_NAME", "HEX", "PER_UNIT", "MONTH_DAY"})


def unquote(token: Token) -> str:
    """A quoted text: 「…」 as it stands, "…" with its escapes."""
    text = str(token)
    if text.startswith("「"):
        return text[1:-1]
    try:
        value = json.loads(text)
    except ValueError:
        return text[1:-1]
    return value if isinstance(value, str) else text[1:-1]


def _is_ceiling(child: Any) -> bool:
    """The 最高/不超过 word of a formula (built as a plain str, not a Token)."""
    return type(child) is str


@v_args(meta=True)
class CoreBuilder(Transformer[Token, Any]):
    """Transformer methods for the core's rules; ``_span``/``_tspan`` come from the Builder."""

    _span: Any
    _tspan: Any
    diagnostics: list[Any]

    def __default_token__(self, token: Token) -> Token:
        """An English alias of a keyword is read as the keyword (words and texts stay)."""
        if token.type in _AS_WRITTEN or token.value not in KEYWORDS:
            return token
        return token.update(value=KEYWORDS[token.value])

    # -- expressions
    def quantity(self, meta: Any, children: list[Token]) -> n.Quantity:
        number = Decimal(str(children[0]).replace(",", ""))
        unit = str(children[1]) if len(children) > 1 else None
        text = str(children[0]) + (unit or "")
        if unit == "%":
            value = number / 100
        elif unit == "‰":
            value = number / 1000
        else:
            known = parse_unit(unit) if unit else None
            value = number * known[0] if known else number
        return n.Quantity(number, unit, value, text, self._span(meta))

    def name(self, meta: Any, children: list[Token]) -> n.Name:
        return n.Name(str(children[0]), self._tspan(children[0]))

    def binary(self, meta: Any, children: list[Any]) -> n.Binary:
        left, op, right = children
        word = str(op)
        symbol = {"*": "×", "/": "÷", "−": "-"}.get(word, word)
        return n.Binary(symbol, left, right, self._span(meta))  # type: ignore[arg-type]

    def call(self, meta: Any, children: list[Any]) -> n.Call:
        function, *args = children
        return n.Call(str(function), tuple(args), self._span(meta))  # type: ignore[arg-type]

    def received(self, meta: Any, children: list[Any]) -> n.Received:
        ids = children[0]
        key = next((c for c in children[1:] if isinstance(c, n.Name)), None)
        return n.Received(ids, key, "每年" in children[1:], self._span(meta))

    def if_expr(self, meta: Any, children: list[Any]) -> n.IfElse:
        condition, then, otherwise = children
        return n.IfElse(condition, then, otherwise, self._span(meta))

    # -- conditions
    def comparison(self, meta: Any, children: list[Any]) -> n.Compare:
        left, word, right = children
        if isinstance(right, Token):  # a quoted enumeration value: 「国家级」
            right = n.Name(unquote(right), self._tspan(right))
        return n.Compare(n.COMPARE_WORDS[str(word)], str(word), left, right, self._span(meta))

    def fact(self, meta: Any, children: list[Token]) -> n.Fact:
        name = n.Name(str(children[0]), self._tspan(children[0]))
        return n.Fact(name, self._span(meta))

    def not_fact(self, meta: Any, children: list[Token]) -> n.Not:
        name = n.Name(str(children[0]), self._tspan(children[0]))
        return n.Not(n.Fact(name, self._span(meta)), self._span(meta))

    def quantified(self, meta: Any, children: list[Any]) -> n.Quantified:
        word, records, condition = children
        return n.Quantified(str(word), records, condition, self._span(meta))  # type: ignore[arg-type]

    def filtered(self, meta: Any, children: list[Any]) -> n.Filtered:
        _, records, condition = children
        return n.Filtered(records, condition, self._span(meta))

    def and_cond(self, meta: Any, children: list[Any]) -> n.Logic:
        return n.Logic("且", children[0], children[1], self._span(meta))

    def or_cond(self, meta: Any, children: list[Any]) -> n.Logic:
        return n.Logic("或", children[0], children[1], self._span(meta))

    # -- statements
    def definition(self, meta: Any, children: list[Any]) -> n.Define:
        rest, notes = _notes(children)
        return n.Define(str(rest[0]), rest[1], notes, self._span(meta))

    def table_definition(self, meta: Any, children: list[Any]) -> n.Define:
        rest, notes = _notes(children)
        rows = tuple(r for r in rest[1:] if isinstance(r, n.Row))
        return n.Define(str(rest[0]), n.Table(rows, self._span(meta)), notes, self._span(meta))

    def row(self, meta: Any, children: list[Any]) -> n.Row:
        condition, *rest = children
        return self._row(meta, condition, rest)

    def otherwise_row(self, meta: Any, children: list[Any]) -> n.Row:
        return self._row(meta, None, children)

    def _row(self, meta: Any, condition: n.Cond | None, rest: list[Any]) -> n.Row:
        ceiling = any(_is_ceiling(c) for c in rest)
        value = rest[-1]
        if isinstance(value, Token) and value.type == "NOTHING":
            value = None
        return n.Row(condition, value, ceiling, self._span(meta))

    def expr_formula(self, meta: Any, children: list[Any]) -> n.ExprAward:
        return n.ExprAward(children[-1], any(_is_ceiling(c) for c in children[:-1]),
                           span=self._span(meta))

    def table_award(self, meta: Any, children: list[Any]) -> n.ExprAward:
        rest, notes = _notes(children)
        verb = rest[0]
        rows = tuple(r for r in rest[1:] if isinstance(r, n.Row))
        ceiling = any(_is_ceiling(c) for c in rest[1:] if not isinstance(c, n.Row))
        return n.ExprAward(n.Table(rows, self._span(meta)), ceiling, verb, notes,
                           self._span(meta))

    def requirement(self, meta: Any, children: list[Any]) -> n.Require:
        rest, notes = _notes(children)
        return n.Require(rest[0], notes, self._span(meta))

    def limit_yearly(self, meta: Any, children: list[Any]) -> str:
        return "每年"

    def limit_key(self, meta: Any, children: list[Token]) -> n.Name:
        return n.Name(str(children[0]), self._tspan(children[0]))

    def limit_over(self, meta: Any, children: list[Any]) -> tuple[str, ...] | str:
        item = children[0]
        return "全部" if isinstance(item, Token) and item.type == "ALL" else item

    def core_limit(self, meta: Any, children: list[Any]) -> n.Limit:
        rest, notes = _notes(children)
        word, value, *options = rest
        kind = {"限额": "amount", "限次": "count", "限年": "years"}[str(word)]
        if kind == "amount":
            if value.unit not in MONEY_UNITS:
                self.diagnostics.append(error(
                    "E007", f"limit '{value.text}' needs a unit of money / 限额须写金额单位",
                    value.span, "write 100万元"))
            amount, text = value.value, value.text
        else:
            amount, text = Decimal(int(value)), f"{value}{'次' if kind == 'count' else '年'}"
        over = next((o for o in options if isinstance(o, (tuple, str)) and o != "每年"), ())
        return n.Limit(
            kind, amount, text, "每年" in options,  # type: ignore[arg-type]
            next((o for o in options if isinstance(o, n.Name)), None),
            over if isinstance(over, tuple) else (), over == "全部", notes, self._span(meta))

    def erratum(self, meta: Any, children: list[Any]) -> n.Erratum:
        rest, notes = _notes(children)
        return n.Erratum(unquote(rest[0]), rest[1], notes, self._span(meta))

    def not_both(self, meta: Any, children: list[Any]) -> n.Limit:
        """不得兼得 P、Q [每年] is 限次 1 次 [每年] 合计 P、Q: one grant among them."""
        rest, notes = _notes(children)
        return n.Limit("count", Decimal(1), "1次", "每年" in rest, None, rest[0], False, notes,
                       self._span(meta), word="不得兼得")

    def allocation(self, meta: Any, children: list[Any]) -> n.Allocation:
        rest, notes = _notes(children)
        records, weights = (n.Name(str(t), self._tspan(t)) for t in rest[:2])
        return n.Allocation(records, weights, notes, self._span(meta))

    def obligation(self, meta: Any, children: list[Any]) -> n.Obligation:
        rest, notes = _notes(children)
        term = next((t for t in rest if isinstance(t, tuple)), None)
        words = [t for t in rest if not isinstance(t, tuple)]
        return n.Obligation(unquote(words[0]), str(words[1]), notes, self._span(meta),
                            term[1] if term else None, term[0] if term else False)

    def calendar_term(self, meta: Any, children: list[Any]) -> tuple[bool, int]:
        return True, int(children[0])

    def years_term(self, meta: Any, children: list[Any]) -> tuple[bool, int]:
        return False, int(children[0])


def permille_rate(number: Token, span: Any) -> Rate:
    """A rate clause written in ‰ (``按 融资额 的 2‰``)."""
    value = Decimal(str(number).replace(",", ""))
    return Rate(value / 1000, f"{number}‰", span)
