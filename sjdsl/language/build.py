"""Phase 1, second half: the Lark parse tree → IR nodes, every node with its source span.

The tree is shaped in the grammar; each method here builds one node from its rule's children.
Literal problems the grammar cannot see (an impossible date) become diagnostics.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import attrs
from lark import Token, Tree, v_args

from sjdsl.core import nodes as core
from sjdsl.core.build import CoreBuilder, permille_rate, unquote
from sjdsl.language import ir
from sjdsl.language.diagnostics import Diagnostic, error


@attrs.frozen
class _Units:
    names: tuple[str, ...]


@attrs.frozen
class _Fields:
    items: tuple[ir.Input, ...]


_OPS = {"达": "ge", "达到": "ge", "首次达": "ge", "不低于": "ge", "超过": "gt", "首次超过": "gt"}
_DATE_CN = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")


def _split_notes(children: list[Any]) -> tuple[list[Any], ir.Notes]:
    notes = tuple(c for c in children if isinstance(c, (ir.Cite, ir.Reading)))
    rest = [c for c in children if not isinstance(c, (ir.Cite, ir.Reading))]
    return rest, notes


def unwritable_texts(tree: Tree[Token], path: str) -> list[Diagnostic]:
    """E001 for a "…" text that UTF-8 cannot hold. JSON escapes read half of a UTF-16 pair
    (``\\ud800``) as a lone surrogate, which check let through and compile then failed to write."""
    found = []
    for token in tree.scan_values(lambda v: isinstance(v, Token) and v.type == "STRING"):
        try:
            _unquote(token).encode("utf-8")
        except UnicodeEncodeError:
            at = _lone_surrogate(str(token))
            column, width = (token.column or 1) + at, 6
            found.append(error(
                "E001", f"{token[at:at + width]} in a quoted text is half of a UTF-16 pair (a lone "
                        "surrogate), which no UTF-8 file can hold / 文本含无效的转义字符",
                ir.Span(path, token.line or 0, column, token.line or 0, column + width),
                "write the character itself, or both halves of its pair (\\ud83d\\ude00)"))
    return found


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)")


def _lone_surrogate(raw: str) -> int:
    """Where the first escape of a lone surrogate stands in a quoted text (0 if none does)."""
    escapes = [(m.start(), int(m.group(1), 16) if m.group(1) else -1)
               for m in _ESCAPE.finditer(raw)]
    paired = False
    for (at, code), (after, low) in zip(escapes, [*escapes[1:], (-1, -1)], strict=True):
        if paired:
            paired = False
        elif 0xD800 <= code <= 0xDBFF and after == at + 6 and 0xDC00 <= low <= 0xDFFF:
            paired = True
        elif 0xD800 <= code <= 0xDFFF:
            return at
    return 0


_unquote = unquote  # 「…」 as it stands, "…" with its escapes (one reading for both builders)


@v_args(meta=True)
class Builder(CoreBuilder):
    """Builds IR nodes bottom-up; records literal errors (bad dates) as diagnostics."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def _span(self, meta: Any) -> ir.Span:
        if getattr(meta, "empty", False):
            return ir.Span(self.path, 0, 0, 0, 0)
        return ir.Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tspan(self, token: Token) -> ir.Span:
        return ir.Span(self.path, token.line or 0, token.column or 0,
                       token.end_line or 0, token.end_column or 0)

    # -- literals
    def money(self, meta: Any, children: list[Token]) -> ir.Money:
        number = children[0]
        unit = str(children[1]) if len(children) > 1 else None
        text = str(number) + (unit or "")
        return ir.Money(Decimal(str(number).replace(",", "")), unit, text, self._span(meta))

    def rate(self, meta: Any, children: list[Token]) -> ir.Rate:
        if len(children) > 1 and children[1].type == "PERMILLE":
            return permille_rate(children[0], self._span(meta))
        number = Decimal(str(children[0]).replace(",", ""))
        return ir.Rate(number / 100, f"{children[0]}%", self._span(meta))

    def ratio(self, meta: Any, children: list[Token]) -> ir.Ratio:
        left, right = (Decimal(str(c).replace(",", "")) for c in children)
        return ir.Ratio(left, right, f"{children[0]}:{children[1]}", self._span(meta))

    def title(self, meta: Any, children: list[Token]) -> str:
        return " ".join(_unquote(t) if t.type == "STRING" else str(t) for t in children)

    def name_list(self, meta: Any, children: list[Token]) -> tuple[str, ...]:
        return tuple(_unquote(c) if c.type == "STRING" else str(c) for c in children)

    def word_list(self, meta: Any, children: list[Token]) -> tuple[ir.Ref, ...]:
        return tuple(ir.Ref(str(c), self._tspan(c)) for c in children)

    def id_list(self, meta: Any, children: list[Token]) -> tuple[str, ...]:
        return tuple(str(c) for c in children)

    def _date(self, token: Token) -> datetime.date:
        text = str(token)
        match = _DATE_CN.fullmatch(text)
        try:
            if match:
                return datetime.date(*(int(g) for g in match.groups()))
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.diagnostics.append(error("E005", f"invalid date '{text}' / 日期无效",
                                          self._tspan(token), "write a real calendar date"))
            return datetime.date.min

    # -- notes
    def cite(self, meta: Any, children: list[Token]) -> ir.Cite:
        return ir.Cite(_unquote(children[0]), self._tspan(children[0]))

    def reading(self, meta: Any, children: list[Token]) -> ir.Reading:
        return ir.Reading(_unquote(children[0]), self._tspan(children[0]))

    # -- policy header
    def doc_number(self, meta: Any, children: list[Token]) -> tuple[str, str]:
        return ("doc_number", _unquote(children[0]))

    def issued(self, meta: Any, children: list[Token]) -> tuple[str, datetime.date]:
        return ("issued", self._date(children[0]))

    def issuers(self, meta: Any, children: list[Any]) -> tuple[str, tuple[str, ...]]:
        return ("issuers", children[0])

    def sha256(self, meta: Any, children: list[Token]) -> str:
        return str(children[0])

    def official_file(self, meta: Any, children: list[Any]) -> ir.OfficialText:
        sha = children[1] if len(children) > 1 else None
        return ir.OfficialText(_unquote(children[0]), sha, self._span(meta))

    def validity_target(self, meta: Any, children: list[Token]) -> ir.Ref:
        return ir.Ref(str(children[0]), self._tspan(children[0]))

    def validity(self, meta: Any, children: list[Any]) -> ir.Validity:
        rest, notes = _split_notes(children)
        start, end = rest[0], rest[1]
        target = rest[2] if len(rest) > 2 else None
        return ir.Validity("", self._date(start), self._date(end), str(start), str(end), notes,
                           self._span(meta), target=target)

    def relative_validity(self, meta: Any, children: list[Any]) -> ir.Validity:
        rest, notes = _split_notes(children)
        start_token, years = rest[0], int(rest[1])
        target = rest[2] if len(rest) > 2 else None
        start = self._date(start_token)
        end = _add_years(start, years) - datetime.timedelta(days=1) if start != datetime.date.min \
            else start
        return ir.Validity("", start, end, str(start_token), f"{years} 年", notes,
                           self._span(meta), years=years, target=target)

    def open_validity(self, meta: Any, children: list[Any]) -> ir.Validity:
        """有效期 自 DATE 起 (no end); 自 发布之日 起 takes the header's 发文日期 (policy())."""
        rest, notes = _split_notes(children)
        start_token = rest[0]
        bound = next((r for r in rest[1:] if isinstance(r, datetime.date)), None)
        target = next((r for r in rest[1:] if isinstance(r, ir.Ref)), None)
        start = bound if start_token.type == "PUBLICATION" else self._date(start_token)
        return ir.Validity("", start, None, str(start_token), "", notes, self._span(meta),
                           target=target)

    def not_before(self, meta: Any, children: list[Token]) -> datetime.date:
        return self._date(children[0])

    def window(self, meta: Any, children: list[Any]) -> ir.ApplicationWindow:
        rest, notes = _split_notes(children)
        start, end = (self._month_day(t) for t in rest)
        return ir.ApplicationWindow("", start, end, str(rest[0]), str(rest[1]), notes,
                                    self._span(meta))

    def _month_day(self, token: Token) -> tuple[int, int]:
        month, day = (int(x) for x in re.findall(r"[0-9]+", str(token)))
        try:
            datetime.date(2000, month, day)  # a leap year: 2月29日 is a day of some years
        except ValueError:
            self.diagnostics.append(error("E005", f"invalid day '{token}' / 日期无效",
                                          self._tspan(token)))
        return month, day

    def split(self, meta: Any, children: list[Any]) -> ir.FundingSplit:
        rest, notes = _split_notes(children)
        ratio, first, second = rest
        return ir.FundingSplit("", ratio, _name(first), _name(second), notes, self._span(meta))

    def override(self, meta: Any, children: list[Any]) -> ir.Override:
        rest, notes = _split_notes(children)
        return ir.Override("", str(rest[0]), notes, self._span(meta))

    def supersession(self, meta: Any, children: list[Any]) -> ir.Supersession:
        _, notes = _split_notes(children)
        return ir.Supersession("", notes, self._span(meta))

    def noncomputational(self, meta: Any, children: list[Any]) -> ir.NonComputational:
        rest, notes = _split_notes(children)
        return ir.NonComputational(_unquote(rest[0]), notes, self._tspan(rest[0]))

    def rule(self, meta: Any, children: list[Any]) -> ir.Rule:
        rule_id, body = children
        return attrs.evolve(body, rule_id=str(rule_id))

    def policy(self, meta: Any, children: list[Any]) -> ir.PolicyHeader:
        name, title, *items = children
        fields: dict[str, Any] = {}
        rules = tuple(i for i in items if isinstance(i, (ir.Validity, ir.FundingSplit,
                                                          ir.Override, ir.Supersession,
                                                          ir.ApplicationWindow)))
        official = next((i for i in items if isinstance(i, ir.OfficialText)), None)
        for item in items:
            if isinstance(item, tuple):
                fields[item[0]] = item[1]
        readings = tuple(i for i in items if isinstance(i, ir.Reading))
        issued = fields.get("issued")
        rules = tuple(attrs.evolve(r, start=issued) if isinstance(r, ir.Validity)
                      and r.from_publication and issued is not None else r
                      for r in rules)
        return ir.PolicyHeader(
            str(name), title, fields.get("doc_number"), issued,
            fields.get("issuers", ()), official, rules, readings,
            tuple(i for i in items if isinstance(i, ir.NonComputational)),
            tuple(i for i in items if isinstance(i, ir.Input)), self._span(meta),
            core=tuple(i for i in items if isinstance(i, _CORE)))

    # -- measures and provisions
    def units(self, meta: Any, children: list[Any]) -> _Units:
        return _Units(children[0])

    def qualitative(self, meta: Any, children: list[Any]) -> ir.Qualitative:
        rest, notes = _split_notes(children)
        return ir.Qualitative(_unquote(rest[0]), self._span(meta), notes)

    def external(self, meta: Any, children: list[Any]) -> ir.ExternalReference:
        rest, notes = _split_notes(children)
        return ir.ExternalReference(_unquote(rest[0]), self._span(meta), notes)

    def group_cap(self, meta: Any, children: list[Any]) -> ir.PerEnterpriseCap:
        rest, notes = _split_notes(children)
        return ir.PerEnterpriseCap(rest[0], rest[1], notes, self._span(meta))

    def exclusive_group(self, meta: Any, children: list[Any]) -> ir.ExclusiveGroup:
        rest, notes = _split_notes(children)
        return ir.ExclusiveGroup(rest[0], notes, self._span(meta))

    def headcount_cap(self, meta: Any, children: list[Any]) -> ir.HeadcountCap:
        rest, notes = _split_notes(children)
        return ir.HeadcountCap(int(rest[0]), rest[1], notes, self._span(meta))

    def measure(self, meta: Any, children: list[Any]) -> ir.Measure:
        number, title, *items = children
        units = tuple(n for i in items if isinstance(i, _Units) for n in i.names)
        return ir.Measure(
            int(number), title, units,
            cites=tuple(i for i in items if isinstance(i, ir.Cite)),
            readings=tuple(i for i in items if isinstance(i, ir.Reading)),
            qualitative=tuple(i for i in items if isinstance(i, ir.Qualitative)),
            caps=tuple(i for i in items if isinstance(i, ir.PerEnterpriseCap)),
            provisions=tuple(i for i in items if isinstance(i, ir.Provision)),
            exclusives=tuple(i for i in items if isinstance(i, ir.ExclusiveGroup)),
            headcounts=tuple(i for i in items if isinstance(i, ir.HeadcountCap)),
            span=self._span(meta),
            core=tuple(i for i in items if isinstance(i, _CORE)),
        )

    def provision(self, meta: Any, children: list[Any]) -> ir.Provision:
        pid, title, *items = children
        money = {n for i in items if isinstance(i, ir.Input) and i.kind_word in ("金额", "money")
                 for n in (i.name, i.term)}
        items = [_increment(i, money) for i in items]
        units = tuple(n for i in items if isinstance(i, _Units) for n in i.names)
        awards = tuple(i for i in items if isinstance(i, _AWARDS))
        limits = tuple(i for i in items if isinstance(i, _LIMITS))
        cumulative = tuple(
            attrs.evolve(lim, provisions=(str(pid),)) if isinstance(lim, ir.PerEnterpriseCap)
            else lim for lim in limits)
        return ir.Provision(
            str(pid), title, units,
            cites=tuple(i for i in items if isinstance(i, ir.Cite)),
            readings=tuple(i for i in items if isinstance(i, ir.Reading)),
            inputs=tuple(i for i in items if isinstance(i, ir.Input)),
            increments=tuple(i for i in items if isinstance(i, ir.Increment)),
            awards=awards, limits=cumulative,
            examples=tuple(i for i in items if isinstance(i, ir.Example)),
            span=self._span(meta),
            core=tuple(i for i in items if isinstance(i, _CORE)),
        )

    def enum_values(self, meta: Any, children: list[Any]) -> tuple[str, ...]:
        return tuple(children[0])

    def optional(self, meta: Any, children: list[Any]) -> bool:
        return True

    def input(self, meta: Any, children: list[Any]) -> ir.Input:
        term, name, kind, *rest = children
        values = next((r for r in rest if isinstance(r, tuple)), ())
        fields = next((r.items for r in rest if isinstance(r, _Fields)), ())
        optional = any(r is True for r in rest)
        return ir.Input(_name(term), str(name), str(kind), values, optional, self._span(meta),
                        fields=fields)

    def field(self, meta: Any, children: list[Any]) -> ir.Input:
        term, name, kind, *values = children
        return ir.Input(_name(term), str(name), str(kind), values[0] if values else (), False,
                        self._span(meta))

    def fields(self, meta: Any, children: list[Any]) -> _Fields:
        return _Fields(tuple(children))

    def money_list(self, meta: Any, children: list[Any]) -> tuple[ir.Money, ...]:
        return tuple(children)

    # -- awards
    def verb(self, meta: Any, children: list[Token]) -> str:
        return str(children[0])

    def ceiling(self, meta: Any, children: list[Token]) -> str:
        return str(children[0])

    def rate_formula(self, meta: Any, children: list[Any]) -> ir.RateAward:
        ceiling = isinstance(children[0], str) and not isinstance(children[0], Token)
        base, rate = children[-2], children[-1]
        return ir.RateAward(ir.Ref(str(base), self._tspan(base)), rate, ceiling,
                            span=self._span(meta))

    ratio_formula = rate_formula

    def multiple_formula(self, meta: Any, children: list[Token]) -> ir.MultipleAward:
        base, number = children
        return ir.MultipleAward(ir.Ref(str(base), self._tspan(base)),
                                Decimal(str(number).replace(",", "")), f"{number}倍",
                                span=self._span(meta), factor_span=self._tspan(number))

    def best_of(self, meta: Any, children: list[Any]) -> ir.BestOf:
        return ir.BestOf(children[0], span=self._span(meta))

    def case_by_case(self, meta: Any, children: list[Any]) -> str:
        return "个案"

    def band(self, meta: Any, children: list[Any]) -> ir.Band:
        op, lower, *rest = children
        upper = rest[0] if len(rest) == 2 else None
        rate = rest[-1] if isinstance(rest[-1], ir.Rate) else None
        return ir.Band(_OPS[op], op, lower, upper, rate, self._span(meta))

    def band_award(self, meta: Any, children: list[Any]) -> ir.BandAward:
        rest, notes = _split_notes(children)
        verb, base = rest[0], rest[1]
        bands = tuple(c for c in rest[2:] if isinstance(c, ir.Band))
        return ir.BandAward(ir.Ref(str(base), self._tspan(base)), bands, verb, notes,
                            self._span(meta))

    def rung(self, meta: Any, children: list[Any]) -> ir.Rung:
        return ir.Rung(children[0], children[1], self._span(meta))

    def ladder_award(self, meta: Any, children: list[Any]) -> ir.LadderAward:
        rest, notes = _split_notes(children)
        verb, base, op = rest[0], rest[1], rest[2]
        rungs = tuple(c for c in rest[3:] if isinstance(c, ir.Rung))
        return ir.LadderAward(ir.Ref(str(base), self._tspan(base)), _OPS[op], op,
                              op.startswith("首次"), rungs, verb, notes, self._span(meta))

    def pass_formula(self, meta: Any, children: list[Token]) -> ir.PassThroughAward:
        return ir.PassThroughAward(ir.Ref(str(children[0]), self._tspan(children[0])),
                                   span=self._span(meta))

    def per_unit_formula(self, meta: Any, children: list[Any]) -> ir.PerUnitAward:
        count, unit, amount = children
        return ir.PerUnitAward(ir.Ref(str(count), self._tspan(count)), str(unit), amount,
                               span=self._span(meta))

    def assessed(self, meta: Any, children: list[Token]) -> ir.Ref:
        return ir.Ref(str(children[0]), self._tspan(children[0]))

    def fixed_formula(self, meta: Any, children: list[Any]) -> ir.FixedAward:
        ceiling = any(type(c) is str for c in children)
        amount = next(c for c in children if isinstance(c, ir.Money))
        assessed = next((c for c in children if isinstance(c, ir.Ref)), None)
        return ir.FixedAward(amount, ceiling, assessed, span=self._span(meta))

    def award(self, meta: Any, children: list[Any]) -> ir.Award:
        rest, notes = _split_notes(children)
        verb, formula = rest[0], rest[1]
        return attrs.evolve(formula, verb=verb, notes=notes, span=self._span(meta))

    def one_time_mark(self, meta: Any, children: list[Any]) -> str:
        return "一次性"

    def tier(self, meta: Any, children: list[Any]) -> ir.Tier:
        value = children[0]
        amount = next(c for c in children if isinstance(c, ir.Money))
        ceiling = any(type(c) is str and c != "一次性" for c in children[1:])
        one_time = "一次性" in [c for c in children[1:] if type(c) is str]
        return ir.Tier(_name(value), amount, ceiling, one_time, self._span(meta))

    def tier_award(self, meta: Any, children: list[Any]) -> ir.TieredAward:
        rest, notes = _split_notes(children)
        verb, selector = rest[0], rest[1]
        tiers = tuple(c for c in rest[2:] if isinstance(c, ir.Tier))
        return ir.TieredAward(ir.Ref(str(selector), self._tspan(selector)), tiers, verb, notes,
                              self._span(meta))

    # -- limits
    def _with_notes(self, meta: Any, children: list[Any], cls: Any, *args: Any) -> Any:
        _, notes = _split_notes(children)
        return cls(*args, notes=notes, span=self._span(meta))

    def per_award_cap(self, meta: Any, children: list[Any]) -> ir.PerAwardCap:
        return self._with_notes(meta, children, ir.PerAwardCap, children[0])

    def per_year_cap(self, meta: Any, children: list[Any]) -> ir.PerYearCap:
        return self._with_notes(meta, children, ir.PerYearCap, children[0])

    def per_project_year_cap(self, meta: Any, children: list[Any]) -> ir.PerProjectYearCap:
        return self._with_notes(meta, children, ir.PerProjectYearCap, children[0])

    def cumulative_cap(self, meta: Any, children: list[Any]) -> ir.PerEnterpriseCap:
        return self._with_notes(meta, children, ir.PerEnterpriseCap, children[0], ())

    def year_limit(self, meta: Any, children: list[Any]) -> ir.YearLimit:
        scope = {"单个项目最多": "project", "单个企业最多": "enterprise", "每人最多": "person"}
        return self._with_notes(meta, children, ir.YearLimit, int(children[1]),
                                scope[str(children[0])])

    def per_person(self, meta: Any, children: list[Any]) -> str:
        return "每人"

    def one_time(self, meta: Any, children: list[Any]) -> ir.OneTime:
        return self._with_notes(meta, children, ir.OneTime, "每人" in children)

    def instalments(self, meta: Any, children: list[Any]) -> ir.Instalments:
        rest, _ = _split_notes(children)
        shares = tuple(c for c in rest if isinstance(c, ir.Rate))
        start = "next" if str(rest[-1]) == "下一年度" else "same"
        return self._with_notes(meta, children, ir.Instalments, shares, start)

    def excluded_if(self, meta: Any, children: list[Any]) -> ir.ExcludedIf:
        return self._with_notes(meta, children, ir.ExcludedIf,
                                ir.Ref(str(children[0]), self._tspan(children[0])))

    def decided_if(self, meta: Any, children: list[Any]) -> ir.DecidedIf:
        return self._with_notes(meta, children, ir.DecidedIf,
                                ir.Ref(str(children[0]), self._tspan(children[0])))

    def duration_limit(self, meta: Any, children: list[Any]) -> ir.DurationLimit:
        return self._with_notes(meta, children, ir.DurationLimit,
                                ir.Ref(str(children[0]), self._tspan(children[0])),
                                int(children[1]))

    def threshold_op(self, meta: Any, children: list[Token]) -> str:
        return str(children[0])

    def threshold(self, meta: Any, children: list[Any]) -> ir.Threshold:
        word, op, amount = children[0], children[1], children[2]
        return self._with_notes(meta, children, ir.Threshold, ir.Ref(str(word), self._tspan(word)),
                                _OPS[op], op, amount, op == "首次达")

    def requires_earlier(self, meta: Any, children: list[Any]) -> ir.RequiresEarlier:
        rest, _ = _split_notes(children)
        within = int(rest[0]) if len(rest) == 2 else None
        return self._with_notes(meta, children, ir.RequiresEarlier, str(rest[-1]), within)

    def joint_limit(self, meta: Any, children: list[Any]) -> ir.JointLimit:
        base, rate, counted = children[0], children[1], children[2]
        return self._with_notes(meta, children, ir.JointLimit,
                                ir.Ref(str(base), self._tspan(base)), rate, counted)

    # -- worked examples
    def example_date(self, meta: Any, children: list[Token]) -> tuple[str, Any]:
        return ("date", self._date(children[0]))

    def example_input(self, meta: Any, children: list[Any]) -> ir.ExampleInput:
        word, value = children
        ref, span = ir.Ref(str(word), self._tspan(word)), self._span(meta)
        if isinstance(value, ir.Money):
            return ir.ExampleInput(ref, value, None, span=span)
        if isinstance(value, ir.Rate):
            return ir.ExampleInput(ref, None, None, rate=value, span=span)
        if isinstance(value, Token) and value.type == "DATE":
            return ir.ExampleInput(ref, None, None, date=self._date(value), span=span)
        if isinstance(value, tuple):
            return ir.ExampleInput(ref, None, None, span=span, items=value)
        if isinstance(value, Token) and value.type == "STRING":
            return ir.ExampleInput(ref, None, None, span=span, records=_unquote(value))
        return ir.ExampleInput(ref, None, _name(value), span=span)

    def example_project(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        key = "person" if str(children[0]) == "人员" else "project"
        return (key, _name(children[1]))

    def history_project(self, meta: Any, children: list[Any]) -> tuple[str, str]:
        return (str(children[0]), _name(children[1]))

    def history_input(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        value = children[1]
        return (str(children[0]), value if isinstance(value, (ir.Money, ir.Rate)) else str(value))

    def example_history(self, meta: Any, children: list[Any]) -> ir.ExampleGrant:
        pid, date, amount, *extra = children
        project = next((v for k, v in extra if k == "项目"), None)
        person = next((v for k, v in extra if k == "人员"), None)
        inputs = tuple((k, v) for k, v in extra if k not in ("项目", "人员"))
        return ir.ExampleGrant(str(pid), self._date(date), amount, project, inputs, person,
                               self._span(meta))

    def example_override(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("override", True)

    def example_expect(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("expect", children[0])

    def example_not_eligible(self, meta: Any, children: list[Any]) -> tuple[str, Any]:
        return ("expect", None)

    def example(self, meta: Any, children: list[Any]) -> ir.Example:
        title, *items = children
        fields = dict(i for i in items if isinstance(i, tuple))
        return ir.Example(
            title, fields.get("date"),
            tuple(i for i in items if isinstance(i, ir.ExampleInput)),
            fields.get("project"), fields.get("person"),
            tuple(i for i in items if isinstance(i, ir.ExampleGrant)),
            bool(fields.get("override")), fields.get("expect"), "expect" in fields,
            tuple(i for i in items if isinstance(i, (ir.Cite, ir.Reading))), self._span(meta))

    # -- amendments
    def amends(self, meta: Any, children: list[Token]) -> tuple[str, str]:
        return ("amends", str(children[0]))

    def effective(self, meta: Any, children: list[Token]) -> tuple[str, datetime.date]:
        return ("effective", self._date(children[0]))

    def change(self, meta: Any, children: list[Any]) -> ir.Change:
        rest, notes = _split_notes(children)
        pid, parameter, value = rest[0], rest[1], rest[2]
        if isinstance(value, Token):
            value = int(value)
        return ir.Change(str(pid), str(parameter), value, notes, self._span(meta))

    def repeal(self, meta: Any, children: list[Any]) -> ir.Repeal:
        rest, notes = _split_notes(children)
        return ir.Repeal(str(rest[0]), notes, self._span(meta))

    def add(self, meta: Any, children: list[Any]) -> ir.AddProvisions:
        return ir.AddProvisions(tuple(children), False, self._span(meta))

    def replace(self, meta: Any, children: list[Any]) -> ir.AddProvisions:
        return ir.AddProvisions(tuple(children), True, self._span(meta))

    def amendment(self, meta: Any, children: list[Any]) -> ir.Amendment:
        name, title, *items = children
        fields = dict(i for i in items if isinstance(i, tuple))
        return ir.Amendment(
            str(name), title, fields.get("amends", ""), fields.get("doc_number"),
            fields.get("issued"), fields.get("effective"),
            next((i for i in items if isinstance(i, ir.OfficialText)), None),
            tuple(i for i in items if isinstance(i, (ir.Change, ir.Repeal, ir.AddProvisions))),
            tuple(i for i in items if isinstance(i, ir.Reading)), self._span(meta))

    # -- the file
    def start(self, meta: Any, children: list[Any]) -> ir.SourceFile:
        return ir.SourceFile(
            self.path,
            tuple(c for c in children if isinstance(c, ir.PolicyHeader)),
            tuple(c for c in children if isinstance(c, ir.Measure)),
            tuple(c for c in children if isinstance(c, ir.Amendment)),
        )

    def __default__(self, data: Any, children: Any, meta: Any) -> Any:  # pragma: no cover
        raise AssertionError(f"grammar rule {data!r} has no builder")


_CORE = (core.Define, core.Require, core.Limit, core.Obligation, core.Erratum, core.Allocation)


def _increment(item: Any, money: set[str]) -> Any:
    """定义 X = A - B of two 金额 inputs of the provision is an increment (增量): its meaning
    predates the core — a difference that is not positive means no award (无正增量)."""
    if isinstance(item, core.Define) and isinstance(item.expr, core.Binary) \
            and item.expr.op == "-" and isinstance(item.expr.left, core.Name) \
            and isinstance(item.expr.right, core.Name) \
            and {item.expr.left.name, item.expr.right.name} <= money:
        left, right = item.expr.left, item.expr.right
        return ir.Increment(item.name, ir.Ref(left.name, left.span),
                            ir.Ref(right.name, right.span), item.span)
    return item


_AWARDS = (core.ExprAward, ir.RateAward, ir.FixedAward, ir.PerUnitAward, ir.PassThroughAward,
           ir.TieredAward, ir.MultipleAward, ir.BestOf, ir.BandAward, ir.LadderAward, ir.ExternalReference,
           ir.Qualitative)
_LIMITS = (ir.PerAwardCap, ir.PerYearCap, ir.PerProjectYearCap, ir.PerEnterpriseCap, ir.YearLimit,
           ir.OneTime, ir.Threshold, ir.RequiresEarlier, ir.JointLimit, ir.Instalments,
           ir.ExcludedIf, ir.DecidedIf, ir.DurationLimit)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day N years on (29 February becomes 1 March in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def _name(value: Any) -> str:
    if isinstance(value, Token):
        return _unquote(value) if value.type == "STRING" else str(value)
    return str(value)

