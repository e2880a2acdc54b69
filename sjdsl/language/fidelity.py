"""Fidelity: does every number in the policy occur in the official sentence it cites, and is every
amount, percentage and ratio of the official text accounted for?

Numbers are compared by value, so ``3000万元``, ``3000 万元`` and ``30,000,000元`` are one amount
and ``1: 0.5`` equals ``1:0.5``. The check phase turns forward misses into diagnostics (E014);
the documentation shows both directions as the fidelity report.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import heapq
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Literal, Union

import attrs

from sjdsl.core import nodes as core
from sjdsl.core import units as core_units
from sjdsl.language import ir

QuantityKind = Literal["amount", "rate", "ratio", "date", "count", "multiple", "usd"]
Value = Union[Decimal, tuple[Decimal, Decimal], datetime.date, int]

_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_PATTERNS: tuple[tuple[QuantityKind, re.Pattern[str]], ...] = (
    ("date", re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")),
    ("ratio", re.compile(rf"({_NUM})\s*[:：]\s*({_NUM})")),
    ("rate", re.compile(rf"({_NUM})\s*[%％]")),
    ("multiple", re.compile(rf"({_NUM})\s*倍")),
    ("rate", re.compile(rf"({_NUM})\s*‰")),  # per mille: a rate of n / 1000
    ("usd", re.compile(rf"({_NUM})\s*(亿|万)?\s*美元")),
    # 100 万、50 万元: the unit 元 is written once for the list (or not at all: 分别扶持5000万、
    # 500万。), so 万 before 、 or the end of the sentence is an amount too.
    ("amount", re.compile(rf"({_NUM})\s*(亿|万)?\s*元|({_NUM})\s*(亿|万)(?=\s*[、，,和或。；;]|以下|以上|以内)")),
)
#: Counts with their unit (三年, 40人, 300平方米): read in both directions, after the kinds above.
#: A lone 一 is left out: 一次性, 一年, 一项 are words more often than counts.
#: 5万平方米: 万 before 平方米 scales the count (an area written in ten-thousands).
_COUNT_FOUND = re.compile(r"(?<![0-9.])([0-9]+|[一二两三四五六七八九十]{2,}|[二两三四五六七八九十])\s*"
                          r"(万(?=\s*平方米))?\s*"
                          r"(?:平方米|个月|年(?!度)|次(?!性)|件|人|家|套|名|户|项|台)")
#: Full-width digits (１亿元) read as ASCII digits; one character each, so offsets stay put.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．：％", "0123456789.:%")
_COUNT = re.compile(r"([0-9]+|[一二两三四五六七八九十]+)\s*(万(?=\s*平方米))?\s*"
                    r"(?:平方米|个月|年|次|件|人|家|套|名|户|项|台)")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_UNITS = {None: Decimal(1), "": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}


@attrs.frozen
class Found:
    """A number found in the official text, with where it stands."""

    kind: QuantityKind
    value: Value
    text: str
    start: int
    end: int


@attrs.frozen
class Used:
    """A number the policy uses, with the sentences it must be found in."""

    provision: str
    kind: QuantityKind
    value: Value
    text: str
    span: ir.Span
    cites: tuple[ir.Cite, ...]


# ---------------------------------------------------------------- numbers in text


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _chinese_count(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(units, 0)
    return _CN_DIGITS.get(text, 0)


def find_quantities(text: str) -> list[Found]:
    """Amounts, rates, ratios and dates in a text, without overlaps, in order."""
    taken = bytearray(len(text))  # characters already part of a number found earlier
    found: list[Found] = []
    plain = text.translate(_FULL_WIDTH)
    for kind, pattern in _PATTERNS:
        matches = pattern.finditer(plain) if kind == "date" else _scan(pattern, plain, _NUMBER_RUN)
        for match in matches:
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append(Found(kind, _value(kind, match), text[start:end], start, end))
    for match in _scan(_COUNT_FOUND, plain, _COUNT_RUN):
        start, end = match.span()
        if not any(taken[start:end]):
            found.append(Found("count", _count_value(match), text[start:end], start, end))
    return sorted(found, key=lambda f: f.start)


def _value(kind: QuantityKind, match: re.Match[str]) -> Value:
    if kind == "date":
        return datetime.date(*(int(g) for g in match.groups()))
    if kind == "ratio":
        return (_number(match.group(1)), _number(match.group(2)))
    if kind == "rate":
        per = 1000 if match.group(0).rstrip().endswith("‰") else 100
        return _number(match.group(1)) / per
    if kind == "usd":
        return _number(match.group(1)) * _UNITS[match.group(2)]
    if kind == "multiple":
        return _number(match.group(1))
    number = match.group(1) or match.group(3)
    unit = match.group(2) if match.group(1) else match.group(4)
    return _number(number) * _UNITS[unit]


def find_counts(text: str) -> list[int]:
    plain = text.translate(_FULL_WIDTH)
    return [_count_value(m) for m in _scan(_COUNT, plain, _COUNT_RUN)]


def _count_value(match: re.Match[str]) -> int:
    """A count found in text; 万 (before 平方米) scales it: 5万平方米 is 50,000 平方米."""
    return _chinese_count(match.group(1)) * (10_000 if match.group(2) else 1)


#: Where a number may start, and the run of characters it may go on with: a pattern that begins
#: ``[0-9][0-9,]*`` (or ``[0-9]+``, ``[一…十]+``) and does not match at the first digit of a run
#: does not match at any later digit of that run either, since from the first digit it can take
#: the same characters and everything after them.
_NUMBER_RUN = (re.compile(r"[0-9]"), re.compile(r"[0-9,]+"))
_COUNT_RUN = (re.compile(r"[0-9一二两三四五六七八九十]"), re.compile(r"[0-9]+|[一二两三四五六七八九十]+"))


def _scan(pattern: re.Pattern[str], text: str,
          run: tuple[re.Pattern[str], re.Pattern[str]]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, in linear time. ``finditer`` tries every
    position, and from each digit of a run like ``1,2,3,…`` a number pattern reads to the run's
    end before it fails: quadratic in the run. Here a failed try skips the rest of its run."""
    start, rest = run
    pos = 0
    while (first := start.search(text, pos)) is not None:
        at = first.start()
        match = pattern.match(text, at)
        if match is not None:
            yield match
            pos = match.end()
        else:
            pos = rest.match(text, at).end()  # type: ignore[union-attr]


# ---------------------------------------------------------------- where a cite stands


def find_near(text: str, part: str, cursor: int) -> int:
    """``text.find(part)``, searching first from ``cursor`` and then before it. Cited sentences
    mostly come in the text's order, so a caller that moves the cursor to each find keeps the
    whole search linear in the text, where a search from the start each time is quadratic."""
    at = text.find(part, cursor)
    return at if at >= 0 else text.find(part, 0, cursor + len(part) - 1)


class OfficialIndex:
    """The official text with a white-space-free copy, to place cited sentences in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.compact = "".join(text[i] for i in self.positions)
        self.found = find_quantities(text)
        self._located: dict[str, tuple[int, int] | None] = {}
        self._cursor = 0

    def locate(self, sentence: str) -> tuple[int, int] | None:
        """The span of the raw text that a cited sentence covers, or None (memoised: the
        reverse check asks for the same sentences many times)."""
        if sentence not in self._located:
            self._located[sentence] = self._locate(sentence)
        return self._located[sentence]

    def _locate(self, sentence: str) -> tuple[int, int] | None:
        compact = "".join(ch for ch in sentence if not ch.isspace())
        at = find_near(self.compact, compact, self._cursor) if compact else -1
        if at < 0:
            return None
        self._cursor = at
        return self.positions[at], self.positions[at + len(compact) - 1] + 1

    def line_of(self, offset: int) -> int:
        return self.position(offset)[0]

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column (from 1) of an offset, by bisection over the line ends."""
        if not hasattr(self, "_newlines"):
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._newlines, offset)
        return line + 1, offset - (self._newlines[line - 1] + 1 if line else 0) + 1


# ---------------------------------------------------------------- numbers the policy uses


def used_quantities(policy: ir.Policy) -> Iterator[Used]:
    """Every number the policy uses, each with the cited sentences that must hold it."""
    for rule in policy.header.rules:
        cites = tuple(n for n in rule.notes if isinstance(n, ir.Cite))
        rid = rule.rule_id
        if isinstance(rule, ir.Validity):
            if rule.start is not None and not rule.from_publication:
                yield Used(rid, "date", rule.start, rule.start_text, rule.span, cites)
            if rule.end is None:
                continue  # open-ended: 自…起实行
            if rule.years is None:
                yield Used(rid, "date", rule.end, rule.end_text, rule.span, cites)
            else:
                yield Used(rid, "count", rule.years, f"{rule.years} 年", rule.span, cites)
        elif isinstance(rule, ir.FundingSplit):
            yield _ratio(rid, rule.ratio, cites)
    for measure in policy.measures:
        for cap in measure.caps:
            cites = _cites(cap.notes) + measure.cites
            yield _amount(f"{measure.number}.x", cap.amount, cites)
        for head in measure.headcounts:
            cites = _cites(head.notes) + measure.cites
            yield Used(f"{measure.number}.x", "count", head.persons, f"{head.persons} 人",
                       head.span, cites)
        for provision in measure.provisions:
            yield from _provision_quantities(provision, measure)
    yield from core_quantities(policy)


# ---------------------------------------------------------------- numbers of the core


def accounting_notes(policy: ir.Policy) -> list[tuple[str, str]]:
    """(official fragment, why) for every number that computes nothing: 非计算 and 勘误."""
    notes = [(n.fragment, " ".join(r.text for r in n.notes if isinstance(r, ir.Reading))
              or "not computational") for n in policy.header.noncomputational]
    return notes + [(e.fragment, f"勘误：读作 {e.reading.text}") for e in errata(policy)]


def errata(policy: ir.Policy) -> list[core.Erratum]:
    """Every 勘误 of the policy, at any level."""
    found = [e for e in policy.header.core if isinstance(e, core.Erratum)]
    for measure in policy.measures:
        found += [e for e in measure.core if isinstance(e, core.Erratum)]
        for provision in measure.provisions:
            found += [e for e in provision.core if isinstance(e, core.Erratum)]
    return found


def _read_as(cites: tuple[ir.Cite, ...], slips: list[core.Erratum]) -> tuple[ir.Cite, ...]:
    """The cites, plus each erratum's reading where a cite quotes its slip: the number a literal
    must match is then the one the policy reads the slip as."""
    extra = tuple(ir.Cite(e.reading.text, e.span) for e in slips
                  if any(e.fragment in c.text for c in cites))
    return cites + extra


def core_quantities(policy: ir.Policy) -> Iterator[Used]:
    """The literals of 定义, 须, 下表, core awards and 限额/限次/限年, each with the sentences
    cited by its statement and the provision (or measure) it is written in."""
    slips = errata(policy)
    for used in _core_uses(policy):
        yield attrs.evolve(used, cites=_read_as(used.cites, slips)) if slips else used


def _core_uses(policy: ir.Policy) -> Iterator[Used]:
    header = policy.header
    yield from _statements("政策", header.core, ())
    for measure in policy.measures:
        yield from _statements(f"{measure.number}.x", measure.core, measure.cites)
        for provision in measure.provisions:
            base = provision.cites + measure.cites
            yield from _statements(provision.id, provision.core, base)
            for award in provision.awards:
                if isinstance(award, core.ExprAward):
                    cites = _cites(award.notes) + base
                    yield from _literals(provision.id, award.expr, cites)


def _statements(pid: str, statements: tuple[core.Statement, ...],
                base: tuple[ir.Cite, ...]) -> Iterator[Used]:
    for item in statements:
        cites = _cites(item.notes) + base
        match item:
            case core.Define():
                yield from _literals(pid, item.expr, cites)
            case core.Require():
                yield from _literals(pid, item.condition, cites)
            case core.Limit(kind="amount"):
                yield Used(pid, "amount", item.amount, item.text, item.span, cites)
            case core.Limit() if item.amount != 1:  # 一次 / 当年 is a word, not a number
                yield Used(pid, "count", int(item.amount), item.text, item.span, cites)
            case core.Obligation():  # 持续经营六年: the obligation records its own numbers
                counts = find_counts(item.text)
                for count in counts:
                    yield Used(pid, "count", count, item.text, item.span, cites)
                if item.years is not None and item.years not in counts:  # its 期限, cited
                    yield Used(pid, "count", item.years, f"期限 {item.years}", item.span, cites)
            case _:
                pass


def _literals(pid: str, node: object, cites: tuple[ir.Cite, ...]) -> Iterator[Used]:
    for item in core.walk(node):
        used = _literal(pid, item, cites) if isinstance(item, core.Quantity) else None
        if used is not None:
            yield used


def _literal(pid: str, node: core.Quantity, cites: tuple[ir.Cite, ...]) -> Used | None:
    """What a literal is for the fidelity check; a bare number or a zero checks nothing."""
    unit = node.unit
    if unit is None or node.number == 0:
        return None
    if unit in ("%", "‰"):
        return Used(pid, "rate", node.value, node.text, node.span, cites)
    if unit == "倍":
        return Used(pid, "multiple", node.number, node.text, node.span, cites)
    top = unit.partition("每")[0]
    scale = core_units.SIMPLE.get(top)
    if scale is None:
        return None
    value = node.number * scale[1]
    if scale[0] == "元":
        return Used(pid, "amount", value, node.text, node.span, cites)
    if scale[0] == "美元":
        return Used(pid, "usd", value, node.text, node.span, cites)
    return Used(pid, "count", int(value) if value == int(value) else value, node.text,
                node.span, cites)


def _cites(notes: ir.Notes) -> tuple[ir.Cite, ...]:
    return tuple(n for n in notes if isinstance(n, ir.Cite))


def _amount(pid: str, money: ir.Money, cites: tuple[ir.Cite, ...]) -> Used:
    return Used(pid, "amount", money.value, money.text, money.span, cites)


def _ratio(pid: str, ratio: ir.Ratio, cites: tuple[ir.Cite, ...]) -> Used:
    return Used(pid, "ratio", (ratio.left, ratio.right), ratio.text, ratio.span, cites)


def _rate(pid: str, rate: ir.Rate | ir.Ratio, cites: tuple[ir.Cite, ...]) -> Used:
    if isinstance(rate, ir.Ratio):
        return _ratio(pid, rate, cites)
    return Used(pid, "rate", rate.value, rate.text, rate.span, cites)


def _provision_quantities(provision: ir.Provision, measure: ir.Measure) -> Iterator[Used]:
    pid, base = provision.id, provision.cites + measure.cites
    for award in provision.awards:
        if isinstance(award, (ir.ExternalReference, ir.Qualitative, ir.Repealed)):
            continue
        cites = _cites(award.notes) + base
        match award:
            case ir.RateAward():
                yield _rate(pid, award.rate, cites)
            case ir.FixedAward() | ir.PerUnitAward():
                yield _amount(pid, award.amount, cites)
            case ir.TieredAward():
                yield from (_amount(pid, t.amount, cites) for t in award.tiers)
            case ir.MultipleAward():
                yield Used(pid, "multiple", award.factor, award.text, award.factor_span, cites)
            case ir.BandAward():
                for band in award.bands:
                    yield _amount(pid, band.lower, cites)
                    if band.upper is not None:
                        yield _amount(pid, band.upper, cites)
                    if band.rate is not None:
                        yield _rate(pid, band.rate, cites)
            case ir.LadderAward():
                for rung in award.rungs:
                    yield _amount(pid, rung.threshold, cites)
                    yield _amount(pid, rung.amount, cites)
            case ir.PassThroughAward() | ir.BestOf():
                pass
    for limit in provision.limits:
        cites = _cites(limit.notes) + base
        match limit:
            case ir.Threshold(amount=ir.Rate() as rate):
                yield _rate(pid, rate, cites)
            case ir.Threshold(amount=ir.Money(unit=unit) as money) if unit not in ir.MONEY_UNITS:
                yield Used(pid, "count", int(money.number), money.text, money.span, cites)
            case ir.PerAwardCap() | ir.PerYearCap() | ir.PerProjectYearCap() | \
                    ir.PerEnterpriseCap() | ir.Threshold():
                yield _amount(pid, limit.amount, cites)  # type: ignore[arg-type]
            case ir.Instalments():
                for share in limit.shares:
                    yield _rate(pid, share, cites)
                years = len(limit.shares)  # 分三年发放: the number of instalments
                yield Used(pid, "count", years, f"{years} 年", limit.span, cites)
            case ir.RequiresEarlier(within_years=int() as years):
                yield Used(pid, "count", years, f"{years} 年内", limit.span, cites)
            case ir.DurationLimit():
                months = limit.max_months
                value = months // 12 if months % 12 == 0 else months
                yield Used(pid, "count", value, f"{months} 个月", limit.span, cites)
            case ir.JointLimit():
                yield _rate(pid, limit.rate, cites)
            case ir.YearLimit():
                yield Used(pid, "count", limit.years, f"{limit.years} 年", limit.span, cites)
            case _:
                pass


# ---------------------------------------------------------------- the two directions


@attrs.frozen
class ForwardCheck:
    """One number of the policy and whether its cited sentences hold it."""

    used: Used
    found: bool
    cited: bool = True  # whether any of its cited sentences stands in the official text


@attrs.frozen
class ReverseCheck:
    """One number of the official text and what accounts for it."""

    found: Found
    line: int
    accounted_by: tuple[str, ...]
    note: str | None = None
    column: int = 1

    @property
    def accounted(self) -> bool:
        return bool(self.accounted_by) or self.note is not None


@attrs.frozen
class FidelityReport:
    forward: tuple[ForwardCheck, ...]
    reverse: tuple[ReverseCheck, ...]

    @property
    def forward_ok(self) -> int:
        return sum(1 for c in self.forward if c.found)

    @property
    def reverse_ok(self) -> int:
        return sum(1 for c in self.reverse if c.accounted)


def _holds(index: OfficialIndex, used: Used) -> bool:
    for cite in used.cites:
        if used.kind == "count":
            if used.value in find_counts(cite.text):
                return True
            continue
        if any(f.kind == used.kind and f.value == used.value for f in _quantities(cite.text)):
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _quantities(text: str) -> tuple[Found, ...]:
    return tuple(find_quantities(text))


def fidelity(policy: ir.Policy, official: str,
             notes: Sequence[tuple[str, str]] = ()) -> FidelityReport:
    """Both directions. ``notes`` are (official fragment, reason) pairs for non-computational
    numbers (非计算)."""
    index = OfficialIndex(official)
    uses = list(used_quantities(policy))
    forward = tuple(ForwardCheck(u, _holds(index, u), _cited(index, u)) for u in uses)
    spans = _Spans(index, uses)
    noted = _Notes([(where, reason) for fragment, reason in notes
                    if (where := index.locate(fragment)) is not None])
    reverse = tuple(_account(index, f, spans, noted) for f in index.found if f.kind != "date")
    return FidelityReport(forward, reverse)


def _cited(index: OfficialIndex, used: Used) -> bool:
    return any(index.locate(cite.text) is not None for cite in used.cites)


class _Spans:
    """Where each number's uses cite the text: per (kind, value), the cited spans sorted by
    start, so that the provisions covering a number of the text are found by bisection."""

    def __init__(self, index: OfficialIndex, uses: list[Used]) -> None:
        table: dict[tuple[str, Value], list[tuple[int, int, str]]] = {}
        for used in uses:
            for cite in used.cites:
                where = index.locate(cite.text)
                if where is not None:
                    table.setdefault((used.kind, used.value), []).append((*where, used.provision))
        self.table = {key: sorted(rows) for key, rows in table.items()}
        self.starts = {key: [r[0] for r in rows] for key, rows in self.table.items()}
        self.longest = {key: max(r[1] - r[0] for r in rows) for key, rows in self.table.items()}

    def covering(self, found: Found) -> list[str]:
        key = (found.kind, found.value)
        rows = self.table.get(key, [])
        by: list[str] = []
        i = bisect.bisect_right(self.starts.get(key, []), found.start) - 1
        while i >= 0 and rows[i][0] >= found.start - self.longest[key]:
            start, end, provision = rows[i]
            if found.end <= end and provision not in by:
                by.append(provision)
            i -= 1
        return sorted(by, key=_provision_order)


def _provision_order(pid: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in pid.split("."))


class _Notes:
    """The non-computational fragments, asked in the order of the text's numbers: which is the
    last declared fragment that covers a number. The numbers do not overlap, so their ends rise
    with their starts, and a fragment that ends before one number ends before every later one;
    each fragment is pushed and popped once (where a scan of all fragments per number is
    quadratic)."""

    def __init__(self, noted: Sequence[tuple[tuple[int, int], str]]) -> None:
        self.waiting = sorted((start, -i, end, reason)
                              for i, ((start, end), reason) in enumerate(noted))
        self.next = 0
        self.open: list[tuple[int, int, str]] = []  # (-declared order, end, reason), a heap

    def covering(self, found: Found) -> str | None:
        while self.next < len(self.waiting) and self.waiting[self.next][0] <= found.start:
            _, order, end, reason = self.waiting[self.next]
            heapq.heappush(self.open, (order, end, reason))
            self.next += 1
        while self.open and self.open[0][1] < found.end:
            heapq.heappop(self.open)
        return self.open[0][2] if self.open else None


def _account(index: OfficialIndex, found: Found, spans: _Spans, noted: _Notes) -> ReverseCheck:
    line, column = index.position(found.start)
    return ReverseCheck(found, line, tuple(spans.covering(found)), noted.covering(found), column)
