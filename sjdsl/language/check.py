"""Phase 2, check: a parsed policy → a checked policy (names resolved), or diagnostics.

Every finding points at the text it concerns. The checker never raises for a user's mistake; it
collects diagnostics and the driver stops at the phase boundary when any of them is an error.
"""

from __future__ import annotations

import hashlib
import keyword
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Union, assert_never

import attrs

from sjdsl.core import nodes as core
from sjdsl.core import scope
from sjdsl.core.typecheck import Enum, ListOf, Records, Typer, input_type
from sjdsl.core.units import USD, parse_unit
from sjdsl.language import ir
from sjdsl.language.diagnostics import Diagnostic, error, warning
from sjdsl.language.fidelity import (
    QuantityKind,
    accounting_notes,
    fidelity,
    find_near,
    find_quantities,
)
from sjdsl.language.invisible import INVISIBLE
from sjdsl.runtime.suggest import suggest

Symbol = Union[ir.Input, ir.Increment]

#: Input kinds a drafter may write, Chinese first, with English aliases.
KINDS: Mapping[str, ir.InputKind] = {
    "金额": "money", "money": "money",
    "件数": "count", "数量": "count", "count": "count",
    "人数": "count", "家数": "count", "套数": "count", "年数": "count", "月数": "count",
    "美元金额": "usd", "金额美元": "usd", "usd": "usd",
    "编号": "id", "标识": "id", "id": "id",
    "枚举": "enum", "enum": "enum",
    "面积": "area", "area": "area",
    "比例": "percent", "percent": "percent",
    "是否": "bool", "bool": "bool",
    "日期": "date", "date": "date",
    # lists: a peer group's figures (金额列表), and 名单 — records with fields (the people of an
    # enterprise); the element kind of 「X列表」 is X
    **{f"{word}列表": "list" for word in ("金额", "美元金额", "件数", "人数", "家数", "面积", "比例")},
    "名单": "records", "list": "list", "records": "records",
}


def element_kind(item: ir.Input) -> ir.InputKind | None:
    """The kind of one value of a list input (金额列表 → money)."""
    return KINDS.get(item.kind_word.removesuffix("列表")) if KINDS.get(item.kind_word) == "list" \
        else None
#: Units a count or an area may be written with in a threshold or example.
QUANTITY_UNITS: Mapping[ir.InputKind, frozenset[str]] = {
    "count": frozenset({"年", "件", "人", "个", "次", "家", "个月", "月", "套", "名", "户", "项"}),
    "area": frozenset({"平方米", "m2"}),
}
RESERVED = frozenset({"date", "history", "project", "override_approved", "provision", "inputs"})
_ENGLISH = re.compile(r"[a-z][a-z0-9_]*")
_SPACE = re.compile(r"\s+")


@attrs.frozen
class CheckedPolicy:
    """A policy that passed the checks, with each provision's symbol table beside it."""

    policy: ir.Policy
    symbols: Mapping[str, Mapping[str, Symbol]]
    official_text: str

    def kind(self, provision: str, ref: ir.Ref) -> ir.InputKind:
        """The kind of a resolved reference (an increment is money)."""
        symbol = self.symbols[provision][ref.name]
        return KINDS[symbol.kind_word] if isinstance(symbol, ir.Input) else "money"

    def resolve(self, provision: str, ref: ir.Ref) -> Symbol:
        return self.symbols[provision][ref.name]


def normalise(text: str) -> str:
    """Text with all white space removed, for finding a cited sentence in the official text."""
    return _SPACE.sub("", text)


#: A cite whose first characters that occur in the official text are fewer than this shares
#: nothing meaningful with it (a word or two occur anywhere): no place of difference is shown.
_MEANINGFUL_PREFIX = 4
#: Characters of each text shown on either side of the first difference.
_SHOWN = 10


def where_cite_differs(official: str, cite: ir.Cite) -> tuple[ir.Span, str]:
    """The span and help of an E009: the caret at the cite's first character that the official
    text does not continue with (after the longest start of the cite it holds), or else at its
    last character that does not lead into the longest end it holds, and both texts around it;
    the whole cite when it shares neither a start nor an end with the official text.
    ``official`` has no white space (normalise)."""
    wanted = normalise(cite.text)
    head = _longest(lambda k: wanted[:k] in official, len(wanted))
    tail = _longest(lambda k: wanted[len(wanted) - k:] in official, len(wanted))
    plain = "quote official.txt exactly (white space is ignored)"
    if max(head, tail) < _MEANINGFUL_PREFIX:
        return cite.span, f"{plain}; official.txt holds neither its start nor its end"
    which = "first" if head >= tail else "last"
    if head >= tail:  # the first character after the start official.txt holds
        index = head
        at = official.find(wanted[:head]) + head
    else:  # the last character before the end official.txt holds
        index = len(wanted) - tail - 1
        at = max(official.find(wanted[index + 1:]) - 1, 0)  # at the text's start: its first
    lo = max(0, index - _SHOWN, index - at)
    ours = wanted[lo:index + _SHOWN]
    theirs = official[max(0, at - (index - lo)):at + _SHOWN]
    cut = ("…" if lo else "", "…" if index + _SHOWN < len(wanted) else "")
    hint = (f"official.txt reads 「{cut[0]}{theirs}…」 where the cite has "
            f"「{cut[0]}{ours}{cut[1]}」: the caret marks the {which} character that differs "
            "(white space is ignored)")
    return _column_of(cite, index) or cite.span, hint


def _longest(holds: Callable[[int], bool], most: int) -> int:
    """The greatest k ≤ most with holds(k), for a holds true up to some k and false after."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if holds(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _column_of(cite: ir.Cite, index: int) -> ir.Span | None:
    """The one-character span of the cite's index-th character not counting white space, when
    the quote is written as it reads (「…」 on one line, no escapes); else None."""
    span = cite.span
    if span.end_line != span.line or span.end_column - span.column != len(cite.text) + 2:
        return None
    seen = 0
    for offset, char in enumerate(cite.text):
        if _SPACE.fullmatch(char):
            continue
        if seen == index:
            column = span.column + 1 + offset
            return ir.Span(span.file, span.line, column, span.line, column + 1)
        seen += 1
    return None


def check(policy: ir.Policy, official_text: str,
          official_path: str = "official.txt") -> tuple[CheckedPolicy, list[Diagnostic]]:
    """Check a whole policy against itself and its official text."""
    checker = _Checker(policy, normalise(official_text))
    checker.run()
    flagged = {d.span for d in checker.diagnostics}
    found = checker.diagnostics + [d for d in check_fidelity(policy, official_text, official_path)
                                   if d.span not in flagged]  # one finding per literal
    if any(d.severity == "error" for d in found):
        found = [d for d in found if d.code != "W002"]  # the reverse check waits for a clean draft
    return CheckedPolicy(policy, checker.symbols, official_text), found


def control_characters(file: str, text: str) -> list[Diagnostic]:
    """W005 for each line of a .pol file that holds an invisible or bidirectional control
    character (U+202E can make 「不超过 15%」 show as something else): at the first of them."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        hits = [m for m in INVISIBLE.finditer(line)
                if not (number == 1 and m.start() == 0 and m.group(0) == "\ufeff")]
        if not hits:
            continue
        first = hits[0].start() + 1
        names = "、".join(dict.fromkeys(f"U+{ord(m.group(0)):04X}" for m in hits))
        found.append(warning(
            "W005", f"invisible or bidirectional control character {names} in the text: it can "
                    "hide or reorder what a reader sees / 不可见或双向控制字符",
            ir.Span(file, number, first, number, first + 1),
            "delete it; the pages show it as <U+…>"))
    return found


def check_amendment_cites(amendment: ir.Amendment, official_text: str) -> list[Diagnostic]:
    """E009 for an amendment's cited sentence that its own official text does not hold."""
    compact = normalise(official_text)
    notes = [n for item in amendment.items if not isinstance(item, ir.AddProvisions)
             for n in item.notes]
    return [error("E009", "cited sentence not found in the amendment's official text / 修订原文"
                          "在其官方文本中找不到", n.span, "quote the amendment's text exactly")
            for n in notes if isinstance(n, ir.Cite) and normalise(n.text) not in compact]


def check_fidelity(policy: ir.Policy, official_text: str,
                   official_path: str) -> list[Diagnostic]:
    """E014 for a number not in its cited sentences; W002 for an official number unaccounted."""
    report = fidelity(policy, official_text, accounting_notes(policy))
    found: list[Diagnostic] = []
    for item in report.forward:
        used = item.used
        if item.found or not item.cited:
            continue  # a cite missing from the official text is E009 already
        held = [f for c in used.cites for f in find_quantities(c.text)]
        found.append(error(
            "E014", f"{QUANTITY_WORDS[used.kind]} '{used.text}' of {used.provision} does not "
                    "occur in its cited sentences / 数字与所引原文不符", used.span,
            _held_hint(used.kind, held)))
    for item in report.reverse:
        if not item.accounted:
            column = item.column
            span = ir.Span(official_path, item.line, column, item.line,
                           column + item.found.end - item.found.start)
            found.append(warning(
                "W002", f"'{item.found.text}' in the official text is used by no provision / "
                        "原文中的数字未被任何条款使用", span,
                "encode it in a provision that cites its sentence, or declare it 非计算"))
    return found


def _in_dollars(unit: str) -> bool:
    """A unit of US dollars (美元, 万美元, 亿美元): the core's, never one of a clause's amounts."""
    found = parse_unit(unit)
    return found is not None and found[1] == USD


def _held_hint(kind: QuantityKind, held: list[Any]) -> str:
    """What an E014's number was compared with: the cited sentences' numbers of its kind, then
    their other numbers."""
    same = sorted({f.text for f in held if f.kind == kind})
    others = sorted({f.text for f in held if f.kind != kind})
    if not same and not others:
        return "cite the official sentence that states it (原文 「…」)"
    word = _PLURAL[kind]
    if not same:
        return f"its cited sentences hold no {word}, only {', '.join(others)}"
    compared = f"it was compared with the {word} of its cited sentences: {', '.join(same)}"
    return compared + (f"; they also hold {', '.join(others)}" if others else "")


_PLURAL: Mapping[QuantityKind, str] = {
    "amount": "amounts", "rate": "rates", "ratio": "ratios", "date": "dates", "count": "counts",
    "multiple": "multiples (倍)", "usd": "US-dollar amounts"}


#: Every kind of number fidelity compares (a test holds this to fidelity.QuantityKind: a kind
#: missing here was a KeyError, for 倍 multiples, in place of an E014).
QUANTITY_WORDS: Mapping[QuantityKind, str] = {
    "amount": "amount", "rate": "rate", "ratio": "ratio", "date": "date", "count": "count",
    "multiple": "multiple (倍)", "usd": "US-dollar amount"}


def core_type(table: Mapping[str, Symbol], name: str) -> Any:
    """What an input (or an increment) of a provision denotes in the core's types."""
    symbol = table.get(name)
    if symbol is None:
        return None
    if isinstance(symbol, ir.Increment):
        return (("元", 1),)
    return input_type(symbol, KINDS.get(symbol.kind_word), KINDS.get)


def official_digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def check_digest(header: ir.PolicyHeader, data: bytes) -> list[Diagnostic]:
    """W001 when official.txt no longer matches the SHA-256 recorded in the policy."""
    official = header.official
    if official is None or official.sha256 is None:
        return []
    actual = official_digest(data)
    if actual == official.sha256:
        return []
    return [warning("W001", f"official text {official.path} changed since its SHA-256 was "
                            "recorded / 原文文件已变更", official.span,
                    f"the E009 errors name the provisions whose cited sentences changed; "
                    f"review them, then record sha256 {actual}")]


class _Checker:
    def __init__(self, policy: ir.Policy, official: str) -> None:
        self.policy = policy
        self.official = official
        self.cursor = 0  # where the last cited sentence was found (fidelity.find_near)
        self.diagnostics: list[Diagnostic] = []
        self.symbols: dict[str, dict[str, Symbol]] = {}
        self.provision_ids = frozenset(p.id for p in policy.provisions())
        self.where = "the policy header"

    def err(self, code: str, message: str, span: ir.Span, hint: str | None = None) -> None:
        self.diagnostics.append(error(code, message, span, hint))

    def run(self) -> None:
        self.check_header(self.policy.header)
        self.check_duplicates()
        for measure in self.policy.measures:
            self.where = f"measure {measure.number}"
            self.check_cites(measure.cites)
            for qualitative in measure.qualitative:
                self.check_cites(qualitative.notes)
            for cap in measure.caps:
                self.check_group_cap(cap)
            for group in (*measure.exclusives, *measure.headcounts):
                self.check_cites(group.notes)
                for pid in group.provisions:
                    self.check_provision_ref(pid, group.span)
            self.check_bindings(measure)
            self.check_core_statements(measure.core, measure)
            for provision in measure.provisions:
                self.check_provision(provision, measure)
        self.where = "the policy header"
        self.check_core_statements(self.policy.header.core, None)

    # -- the header
    def check_header(self, header: ir.PolicyHeader) -> None:
        for item in header.noncomputational:
            self.check_cites((ir.Cite(item.fragment, item.span),) + item.notes)
        table = {}
        for item in header.inputs:
            self.check_input(item)
            table[item.term] = table[item.name] = item
        self.header_symbols: dict[str, Symbol] = table
        for rule in header.rules:
            target = getattr(rule, "target", None)
            if target is not None:
                self.expect_kind("政策", table, target, "date", "a validity target")
            if isinstance(rule, ir.ApplicationWindow) and rule.start > rule.end:
                self.err("E005", f"application window reversed: {rule.start_text} is after "
                                 f"{rule.end_text} / 申报时间起止颠倒", rule.span)
        for rule in header.rules:
            self.where = f"rule {rule.rule_id}"
            self.check_cites(rule.notes)
            if isinstance(rule, ir.Validity) and rule.start and rule.end and rule.start > rule.end:
                self.err("E005", f"validity reversed: {rule.start_text} is after {rule.end_text} "
                                 "/ 有效期起止颠倒", rule.span, "write the start date first")
            if isinstance(rule, ir.FundingSplit):
                self.check_ratio(rule.ratio)
        seen: set[str] = set()
        for rule in header.rules:
            if rule.rule_id in seen:
                self.err("E006", f"duplicate rule id {rule.rule_id} / 附则编号重复", rule.span)
            seen.add(rule.rule_id)

    def check_duplicates(self) -> None:
        seen: dict[str, ir.Provision] = {}
        for provision in self.policy.provisions():
            first = seen.get(provision.id)
            if first is not None:
                self.err("E006", f"duplicate provision id {provision.id} / 条款编号重复",
                         provision.span,
                         f"first defined at {first.span.file}:{first.span.line}")
            seen[provision.id] = provision
        numbers: dict[int, ir.Measure] = {}
        for measure in self.policy.measures:
            if measure.number in numbers:
                self.err("E006", f"duplicate measure {measure.number} / 措施编号重复",
                         measure.span)
            numbers[measure.number] = measure
            for provision in measure.provisions:
                if provision.id.split(".")[0] != str(measure.number):
                    self.err("E006", f"provision {provision.id} sits in measure "
                                     f"{measure.number} / 条款编号与措施不符", provision.span,
                             f"number it {measure.number}.N or move it")

    # -- cited sentences
    def check_cites(self, notes: tuple[ir.Cite | ir.Reading, ...]) -> None:
        for note in notes:
            if not isinstance(note, ir.Cite):
                continue
            at = find_near(self.official, normalise(note.text), self.cursor)
            if at >= 0:
                self.cursor = at
            else:
                span, hint = where_cite_differs(self.official, note)
                self.err("E009", f"cited sentence of {self.where} not found in the official "
                                 "text / 原文在官方文本中找不到", span, hint)

    # -- provisions
    def check_bindings(self, measure: ir.Measure) -> None:
        """A measure's 单个企业最高 / 不得重复享受 / 每家企业不超过 binds its own provisions only:
        naming another measure's provision is an error, never a silent no-op."""
        own = {p.id for p in measure.provisions}
        for group in (*measure.caps, *measure.exclusives, *measure.headcounts):
            for pid in group.provisions:
                if pid in self.provision_ids and pid not in own:
                    self.err("E033", f"{pid} is not a provision of measure {measure.number}: this "
                                     "clause binds its own measure's provisions only / 跨措施的"
                                     "限制须写在政策一级", group.span,
                             f"write it in the 政策 block as 限额 … 合计 {'、'.join(group.provisions)}"
                             if isinstance(group, ir.PerEnterpriseCap) else
                             "write it in the 政策 block with the provisions it names")

    def check_core_statements(self, statements: tuple[core.Statement, ...],
                              measure: ir.Measure | None) -> None:
        """Cites and provision references of the core statements of a measure or the policy."""
        for item in statements:
            self.check_cites(item.notes)
            if isinstance(item, core.Erratum):
                self.check_cites((ir.Cite(item.fragment, item.span),))
            if isinstance(item, core.Limit):
                self.check_core_limit(item)
                if measure is None and not item.everything and not item.provisions:
                    self.err("E032", "a limit in the 政策 block names the provisions it binds / "
                                     "政策一级的限额须写明合计哪些条款", item.span,
                             "add 合计 全部, or 合计 4.1、5.1")

    def check_allocation(self, typer: Typer, item: core.Allocation) -> None:
        """分配: a 名单 with an identifier field, and a list of amounts computed for it."""
        records, weights = typer.name(item.records), typer.name(item.weights)
        if records is not None and (not isinstance(records, Records)
                                    or not any(t == "id" for _, _, t in records.fields)):
            self.err("E030", f"分配 shares among the records of a 名单 with an identifier field "
                             f"(编号), and '{item.records.name}' is not one / 分配须用于含编号字段的名单",
                     item.records.span)
        if weights is not None and weights != ListOf((("元", 1),)):
            self.err("E030", f"分配 needs a list of amounts in 元 (逐个(名单, …)), and "
                             f"'{item.weights.name}' is not one / 分配须按金额列表", item.weights.span)

    def check_core_limit(self, limit: core.Limit) -> None:
        for pid in limit.provisions:
            self.check_provision_ref(pid, limit.span)
        if limit.amount <= 0:
            self.err("E004", f"limit '{limit.text}' must be above zero / 限额须大于 0", limit.span)

    def check_core(self, provision: ir.Provision, measure: ir.Measure) -> None:
        """Type the core statements that bind the provision, in its own symbol table."""
        table = self.symbols[provision.id]
        bound = scope.bound(self.policy, measure, provision)
        typer = Typer(provision.id, lambda name: core_type(table, name),
                      lambda: list(table), {d.name: d for d in reversed(bound.defines)},
                      lambda code, msg, span, hint: self.err(code, msg, span, hint))
        typer.known_provisions = self.provision_ids
        for item in provision.core:
            self.check_cites(item.notes)
            if isinstance(item, core.Define):
                typer.define(item)
            elif isinstance(item, core.Limit):
                self.check_core_limit(item)
            elif isinstance(item, core.Allocation):
                self.check_allocation(typer, item)
            elif isinstance(item, core.Erratum):
                self.check_cites((ir.Cite(item.fragment, item.span),))
        award = provision.awards[0] if provision.awards else None
        if isinstance(award, core.ExprAward):
            typer.award(award)
        if not scope.monetary(provision):
            return
        for require in bound.requires:
            typer.cond(require.condition)
        for limit in bound.limits:
            key = typer.lookup(limit.key.name) if limit.key is not None else "id"
            if limit.key is not None and key != "id" and not isinstance(key, Enum):
                self.err("E032", f"the scope key '{limit.key.name}' of a limit on {provision.id} "
                                 f"is not an identifier (or enumeration) input of {provision.id} "
                                 "/ 限额的分组键须为本条款的编号或枚举输入", limit.key.span,
                         f"declare it under {provision.id}: 输入 {limit.key.name} english_name 编号")

    def check_provision(self, provision: ir.Provision, measure: ir.Measure) -> None:
        self.where = f"provision {provision.id}"
        self.check_cites(provision.cites)
        if not provision.cites:
            self.err("E010", f"provision {provision.id} cites no official sentence / 条款缺少原文",
                     provision.span, "add a line: 原文 「…」")
        table = self.symbol_table(provision)
        self.symbols[provision.id] = table
        if len(provision.awards) != 1:
            what = "no award" if not provision.awards else "more than one award"
            self.err("E010", f"provision {provision.id} has {what} / 条款须有且仅有一项给付规则",
                     provision.span, "write one line such as 补贴 按 不超过 基数 的 15%, "
                                     "外部 「…」 or 定性 「…」")
        for award in provision.awards:
            self.check_award(provision, award)
        for limit in provision.limits:
            self.check_limit(provision, limit)
        self.check_core(provision, measure)
        for example in provision.examples:
            self.check_example(provision, example)

    # -- worked examples
    def check_example(self, provision: ir.Provision, example: ir.Example) -> None:
        table = self.symbols[provision.id]
        if example.date is None or not example.expect_given:
            self.err("E010", f"example 「{example.title}」 needs 日期 and 得 (or 不予) / 示例缺少"
                             "日期或结果", example.span)
        given = set()
        for item in example.inputs:
            symbol = self.resolve(provision.id, table, item.ref)
            if isinstance(symbol, ir.Input):
                given.add(symbol.name)
                self.check_example_value(symbol, item)
        for item in provision.inputs:
            if not item.optional and item.name not in given:
                self.err("E010", f"example 「{example.title}」 gives no {item.term} / 示例缺少输入",
                         example.span, f"add: 输入 {item.term} …")
        for grant in example.history:
            self.check_provision_ref(grant.provision, grant.span)
            self.check_money(grant.amount)
        if example.expect is not None:
            self.check_money(example.expect)

    def check_example_value(self, symbol: ir.Input, item: ir.ExampleInput) -> None:
        kind = KINDS.get(symbol.kind_word)
        if kind == "money" and item.money is not None:
            self.check_money(item.money)
        elif kind == "area" and item.money is not None:
            self.check_quantity(item.money, "area")
        elif kind == "percent" and item.rate is not None:
            pass
        elif kind == "date" and item.date is not None:
            pass
        elif kind == "bool" and item.word in _YES_NO:
            pass
        elif kind == "count" and item.money is not None and item.money.unit in (
                None, *QUANTITY_UNITS["count"]) \
                and item.money.number == item.money.number.to_integral_value():
            pass
        elif kind == "usd" and item.money is not None:
            found = parse_unit(item.money.unit or "")
            if found is None or found[1] != USD:
                self.err("E007", f"{symbol.term} is in 美元: write the example's amount in 美元 "
                                 "(50万美元) / 须以美元计", item.span)
        elif kind == "id" and item.word is not None:
            pass
        elif kind == "list" and (item.items is not None or item.money is not None):
            pass
        elif kind == "records" and item.records is not None:
            pass
        elif kind == "enum" and item.word is not None:
            if item.word not in symbol.values:
                self.err("E012", f"'{item.word}' is not a value of {symbol.term} / 取值不在枚举中",
                         item.span, suggest(item.word, symbol.values)
                         or f"values: {'、'.join(symbol.values)}")
        elif kind is not None:
            self.err("E008", f"{symbol.term} is {_KIND_WORDS[kind]}; the example gives "
                             "something else / 示例输入类型不符", item.span)

    def symbol_table(self, provision: ir.Provision) -> dict[str, Symbol]:
        table: dict[str, Symbol] = dict(self.header_symbols)
        for item in provision.inputs:
            self.check_input(item)
            for key in (item.term, item.name):
                if key in table and table[key] is not self.header_symbols.get(key):
                    self.err("E006", f"input '{key}' declared twice in {provision.id} / 输入重复",
                             item.span)
                table[key] = item
        award = provision.awards[0] if provision.awards else None
        if isinstance(award, ir.BestOf):  # a best-of takes its alternatives' inputs
            for other in self.policy.provisions():
                if other.id in award.provisions:
                    for item in other.inputs:
                        table.setdefault(item.term, item)
                        table.setdefault(item.name, item)
        for inc in provision.increments:
            for ref in (inc.minuend, inc.subtrahend):
                self.expect_kind(provision.id, table, ref, "money", "an increment")
            if inc.name in table:
                self.err("E006", f"'{inc.name}' already names an input / 名称重复", inc.span)
            table[inc.name] = inc
        return table

    def check_input(self, item: ir.Input) -> None:
        if not _ENGLISH.fullmatch(item.name) or keyword.iskeyword(item.name):
            self.err("E011", f"input name '{item.name}' must be an English snake_case "
                             "identifier / 英文名须为小写下划线标识符", item.span,
                     "write: 输入 官方术语 english_name 金额")
        elif item.name in RESERVED:
            self.err("E011", f"input name '{item.name}' is reserved for the request itself",
                     item.span, f"reserved: {', '.join(sorted(RESERVED))}")
        kind = KINDS.get(item.kind_word)
        if kind is None:
            self.err("E011", f"unknown input kind '{item.kind_word}' / 未知输入类型", item.span,
                     suggest(item.kind_word, KINDS) or "kinds: 金额, 件数, 枚举（…）")
        elif kind == "records" and not item.fields:
            self.err("E011", f"名单 '{item.term}' lists no fields / 名单未列出字段", item.span,
                     "write: 名单（个人所得税区级留成 retained_iit 金额、姓名 name 编号）")
        elif kind == "records":
            for field in item.fields:
                self.check_input(field)
                if KINDS.get(field.kind_word) in ("list", "records"):
                    self.err("E011", "a field of a 名单 holds one value, not a list / 字段须为单值",
                             field.span)
        elif kind == "enum" and not item.values:
            self.err("E011", f"enumeration '{item.term}' lists no values / 枚举未列出取值",
                     item.span, "write: 枚举（国家级、市级）")
        elif kind != "enum" and item.values:
            self.err("E011", f"only an enumeration lists values, not {item.kind_word}",
                     item.span)

    def resolve(self, pid: str, table: Mapping[str, Symbol], ref: ir.Ref) -> Symbol | None:
        symbol = table.get(ref.name)
        if symbol is None:
            self.err("E002", f"unknown name '{ref.name}' in provision {pid} / 未定义的名称",
                     ref.span, suggest(ref.name, table) or "declare it with 输入 or 定义")
        return symbol

    def expect_kind(self, pid: str, table: Mapping[str, Symbol], ref: ir.Ref,
                    kind: ir.InputKind, use: str) -> None:
        symbol = self.resolve(pid, table, ref)
        if symbol is None:
            return
        actual = KINDS.get(symbol.kind_word) if isinstance(symbol, ir.Input) else "money"
        if actual is not None and actual != kind:
            self.err("E008", f"'{ref.name}' is {_KIND_WORDS[actual]}, but {use} needs "
                             f"{_KIND_WORDS[kind]} / 输入类型不符", ref.span)

    def check_award(self, provision: ir.Provision, award: ir.Award) -> None:
        pid, table = provision.id, self.symbols[provision.id]
        match award:
            case ir.RateAward():
                self.expect_kind(pid, table, award.base, "money", "a rate")
                self.check_rate(award.rate)
            case ir.FixedAward():
                self.check_money(award.amount)
                if award.assessed is not None:
                    self.expect_kind(pid, table, award.assessed, "money", "an assessed amount")
            case ir.PerUnitAward():
                symbol = self.resolve(pid, table, award.count)
                kind = self.kind_of(symbol)
                if kind not in (None, "count", "area"):
                    self.err("E008", f"'{award.count.name}' is {_KIND_WORDS[kind]}, but a per-unit "
                                     "award needs a count (件数) or an area (面积) / 输入类型不符",
                             award.count.span)
                self.check_money(award.amount)
            case ir.MultipleAward():
                self.expect_kind(pid, table, award.base, "money", "a multiple")
                if award.factor <= 0:
                    self.err("E004", f"multiple {award.text} must be above zero", award.span)
            case ir.BestOf():
                for other in award.provisions:
                    self.check_provision_ref(other, award.span)
                    if other == pid:
                        self.err("E006", f"{pid} chooses among itself / 择优不能包含本条款",
                                 award.span)
            case ir.BandAward():
                self.check_bands(pid, table, award)
            case ir.LadderAward():
                self.check_ladder(pid, table, award)
            case ir.PassThroughAward():
                self.expect_kind(pid, table, award.base, "money", "an award 按 an amount")
            case ir.TieredAward():
                self.check_tiers(pid, table, award)
            case ir.ExternalReference() | ir.Qualitative() | ir.Repealed() | core.ExprAward():
                pass  # the core's awards are typed with the provision's statements (check_core)
            case _:
                assert_never(award)
        if not isinstance(award, ir.Repealed):
            self.check_cites(award.notes)

    def check_bands(self, pid: str, table: Mapping[str, Symbol], award: ir.BandAward) -> None:
        self.expect_kind(pid, table, award.base, "money", "banded rates")
        previous: ir.Band | None = None
        for band in award.bands:
            self.check_money(band.lower)
            if band.upper is not None:
                self.check_money(band.upper)
                if band.upper.value <= band.lower.value:
                    self.err("E005", "a band's upper edge must be above its lower edge / 分段上下"
                                     "限颠倒", band.span)
            if band.rate is not None:
                self.check_rate(band.rate)
            if previous is not None:
                if previous.upper is None:
                    self.err("E016", "a band follows an open-ended band / 无上限的分段须在最后",
                             band.span)
                elif previous.upper.value != band.lower.value or band.op != "gt":
                    self.err("E016", "bands must join: write 超过 <the previous upper edge> / "
                                     "分段须首尾相接", band.span,
                             f"start this band with 超过 {previous.upper.text}")
            previous = band

    def check_ladder(self, pid: str, table: Mapping[str, Symbol], award: ir.LadderAward) -> None:
        self.expect_kind(pid, table, award.base, "money", "a ladder")
        values = []
        for rung in award.rungs:
            self.check_money(rung.threshold)
            self.check_money(rung.amount)
            values.append(rung.threshold.value)
        if values != sorted(set(values)):
            self.err("E016", "ladder levels must rise / 阶梯须逐级递增", award.span)

    def kind_of(self, symbol: Symbol | None) -> ir.InputKind | None:
        if symbol is None:
            return None
        return KINDS.get(symbol.kind_word) if isinstance(symbol, ir.Input) else "money"

    def check_tiers(self, pid: str, table: Mapping[str, Symbol], award: ir.TieredAward) -> None:
        self.expect_kind(pid, table, award.selector, "enum", "a tiered award")
        for tier in award.tiers:
            self.check_money(tier.amount)
        symbol = table.get(award.selector.name)
        if not isinstance(symbol, ir.Input):
            return
        values = [t.value for t in award.tiers]
        for tier in award.tiers:
            if tier.value not in symbol.values:
                self.err("E012", f"tier '{tier.value}' is not a value of {symbol.term} / 档次不在"
                                 "枚举中", tier.span,
                         suggest(tier.value, symbol.values) or f"values: {'、'.join(symbol.values)}")
        missing = [v for v in symbol.values if v not in values]
        if missing:
            self.err("E012", f"no tier for {'、'.join(missing)} of {symbol.term} / 枚举值缺少档次",
                     award.span)
        if len(set(values)) != len(values):
            self.err("E012", f"a tier is listed twice in {pid} / 档次重复", award.span)

    def check_limit(self, provision: ir.Provision, limit: ir.Limit) -> None:
        pid, table = provision.id, self.symbols[provision.id]
        self.check_cites(limit.notes)
        match limit:
            case ir.PerAwardCap() | ir.PerYearCap() | ir.PerProjectYearCap():
                self.check_money(limit.amount)
            case ir.PerEnterpriseCap():
                self.check_group_cap(limit)
            case ir.YearLimit():
                if limit.years <= 0:
                    self.err("E004", "a year limit must be at least 1 / 年数须大于 0", limit.span)
            case ir.OneTime():
                pass
            case ir.Threshold():
                self.check_threshold(pid, table, limit)
            case ir.RequiresEarlier():
                self.check_provision_ref(limit.provision, limit.span)
                if limit.within_years is not None and limit.within_years <= 0:
                    self.err("E004", "a number of years must be at least 1", limit.span)
            case ir.Instalments():
                total = sum((r.value for r in limit.shares), Decimal(0))
                if total != 1:
                    self.err("E015", f"instalment shares add up to {total * 100:f}%, not 100% / "
                                     "分期比例之和须为 100%", limit.span)
            case ir.ExcludedIf() | ir.DecidedIf():
                self.expect_kind(pid, table, limit.input, "bool", "a yes/no condition")
            case ir.DurationLimit():
                self.expect_kind(pid, table, limit.bound, "count", "a duration bound")
                award = provision.awards[0] if provision.awards else None
                if not isinstance(award, ir.PerUnitAward):
                    self.err("E008", "a duration limit needs a per-unit award over months "
                                     "(按 补贴月数 每月 …) / 期限须配合按月给付", limit.span)
                if limit.max_months <= 0:
                    self.err("E004", "a duration must be at least 1 month", limit.span)
            case ir.JointLimit():
                self.expect_kind(pid, table, limit.base, "money", "a joint limit")
                for ref in limit.counted:
                    self.expect_kind(pid, table, ref, "money", "a joint limit")
                self.check_rate(limit.rate)
            case _:
                assert_never(limit)

    def check_threshold(self, pid: str, table: Mapping[str, Symbol], limit: ir.Threshold) -> None:
        kind = self.kind_of(self.resolve(pid, table, limit.input))
        value = limit.amount
        if kind is None:
            return
        if kind == "percent":
            if not isinstance(value, ir.Rate):
                self.err("E008", "a percentage threshold is written as a rate (60%) / 比例门槛"
                                 "须写百分比", value.span)
            else:
                self.check_rate(value)
        elif isinstance(value, ir.Rate):
            self.err("E008", f"'{limit.input.name}' is {_KIND_WORDS[kind]}, not a percentage / "
                             "输入类型不符", value.span)
        elif kind == "money":
            self.check_money(value)
        elif kind in QUANTITY_UNITS:
            self.check_quantity(value, kind)
        else:
            self.err("E008", f"'{limit.input.name}' is {_KIND_WORDS[kind]}: it has no threshold "
                             "/ 输入类型不符", limit.input.span)

    def check_quantity(self, value: ir.Money, kind: ir.InputKind) -> None:
        units = QUANTITY_UNITS[kind]
        if value.unit is not None and value.unit not in units:
            self.err("E007", f"unknown unit '{value.unit}' for {_KIND_WORDS[kind]} / 单位不符",
                     value.span, suggest(value.unit, units) or f"units: {'、'.join(sorted(units))}")
        elif value.number <= 0:
            self.err("E004", f"'{value.text}' must be above zero", value.span)

    def check_group_cap(self, cap: ir.PerEnterpriseCap) -> None:
        self.check_money(cap.amount)
        self.check_cites(cap.notes)
        for pid in cap.provisions:
            self.check_provision_ref(pid, cap.span)

    def check_provision_ref(self, pid: str, span: ir.Span) -> None:
        if pid not in self.provision_ids:
            self.err("E002", f"unknown provision {pid} / 未定义的条款", span,
                     suggest(pid, self.provision_ids))

    # -- literals
    def check_money(self, money: ir.Money) -> None:
        if money.unit is None:
            self.err("E007", f"amount '{money.text}' has no unit / 金额缺少单位", money.span,
                     f"write {money.text}元 or {money.text}万元")
        elif money.unit not in ir.MONEY_UNITS and _in_dollars(money.unit):
            self.err("E007", f"'{money.text}' is in US dollars, but this clause's amount is in 元 "
                             "/ 此处金额须以元计", money.span,
                     "never change the currency: compare dollars in a condition on a 美元金额 "
                     f"input X (须 X 达 {money.text}), or convert at the rate the text states "
                     "(× 0.02元每美元)")
        elif money.unit not in ir.MONEY_UNITS and (any(c in money.unit for c in "美$")
                                                    or money.unit.upper().startswith("USD")):
            self.err("E007", f"unknown unit '{money.unit}' in '{money.text}' / 未知金额单位",
                     money.span, "US dollars are written 美元, 万美元 or 亿美元, in a condition "
                     "or expression on a 美元金额 input; a clause's amount is in 元")
        elif money.unit not in ir.MONEY_UNITS:
            self.err("E007", f"unknown unit '{money.unit}' in '{money.text}' / 未知金额单位",
                     money.span, suggest(money.unit, ir.MONEY_UNITS) or "units: 元, 万元, 亿元")
        elif money.value <= 0:
            self.err("E004", f"amount '{money.text}' must be above zero / 金额须大于 0",
                     money.span)

    def check_rate(self, rate: ir.Rate | ir.Ratio) -> None:
        if isinstance(rate, ir.Ratio):
            self.check_ratio(rate)
        elif rate.value > 1:
            self.err("E003", f"rate {rate.text} is above 100% / 比例超过 100%", rate.span)
        elif rate.value <= 0:
            self.err("E004", f"rate {rate.text} must be above zero / 比例须大于 0", rate.span)

    def check_ratio(self, ratio: ir.Ratio) -> None:
        if ratio.left <= 0 or ratio.right <= 0:
            self.err("E004", f"ratio {ratio.text} needs two positive numbers / 比例须为正数",
                     ratio.span)


_YES_NO = {"是": True, "否": False, "true": True, "false": False}

_KIND_WORDS: Mapping[ir.InputKind, str] = {
    "money": "an amount (金额)", "count": "a count (件数)", "enum": "an enumeration (枚举)",
    "area": "an area (面积)", "percent": "a percentage (比例)", "bool": "a yes/no (是否)",
    "date": "a date (日期)", "usd": "an amount in US dollars (美元金额)",
    "id": "an identifier (编号)", "list": "a list of values (列表)",
    "records": "a list of records (名单)",
}

