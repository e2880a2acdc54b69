"""Codegen, the common request explained: the contract's whole answer in straight-line code.

For a JSON request without history or override — what a portal sends for a new application —
``JsonBody`` writes one function per provision that validates the usual input forms, computes as
the amount function does (it shares its arithmetic, ``codegen_fast.AmountBody``), writes each
trace line through ``sjdsl.runtime.wording`` exactly as the explained body does, and returns the
contract's object. Anything else goes to the explained body. The tests compare both paths field
for field and line for line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sjdsl.backends.codegen_fast import AmountBody, Constants, plan_of
from sjdsl.backends.shape import (
    instalments,
    needs_person,
    needs_project,
    static_ceiling,
)
from sjdsl.core.lower import Plan, group_caps
from sjdsl.language import ir
from sjdsl.language.check import KINDS, CheckedPolicy
from sjdsl.runtime import wording
from sjdsl.runtime.compiled import ROW_FIELDS
from sjdsl.runtime.money import fmt


def write_module_part(checked: CheckedPolicy, prefix: str
                      ) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The constants, amount functions and JSON functions of one policy version, and the
    functions' names by provision."""
    constant, body = Constants(prefix), []
    amounts: dict[str, str] = {}
    answers: dict[str, str] = {}
    for measure in checked.policy.measures:
        for provision in measure.provisions:
            suffix = provision.id.replace(".", "_")
            plan = plan_of(checked, measure, provision)
            if plan is None:
                continue  # the explained calculator alone
            amounts[provision.id] = f"{prefix}_a_p{suffix}"
            body += ["", ""]
            AmountBody(checked, measure, plan, constant, body, amounts[provision.id]).write()
            if json_supported(checked, measure, plan):
                answers[provision.id] = f"{prefix}_j_p{suffix}"
                body += ["", ""]
                JsonBody(checked, measure, plan, constant, body, answers[provision.id]).write()
                body += ["", ""]
                BareJsonBody(checked, measure, plan, constant, body,
                             bare_name(answers[provision.id])).write()
    return constant.lines() + body, amounts, answers


def bare_name(json_name: str) -> str:
    """The name of a JSON function's twin without the trace (``_j_p1_1`` → ``_n_p1_1``)."""
    head, _, tail = json_name.rpartition("_j_p")
    return f"{head}_n_p{tail}"


def json_supported(checked: CheckedPolicy, measure: ir.Measure, plan: Plan) -> bool:
    """Whether this target also writes the provision's JSON function: the clauses it words,
    inputs that are amounts, counts or choices, no instalments, no person, and amount limits
    above zero (the plan's, which a request without history leaves whole)."""
    provision = plan.provision
    if not clause_supported(checked, plan) or checked.policy.header.inputs:
        return False
    if instalments(provision) is not None or needs_person(measure, provision):
        return False
    kinds = {KINDS[i.kind_word] for i in provision.inputs}
    if any(i.optional and KINDS[i.kind_word] not in ("money", "area") for i in provision.inputs):
        return False
    caps = [s.limit.amount for s in plan.limits if s.limit.kind == "amount"]
    return kinds <= {"money", "area", "count", "enum"} and all(cap > 0 for cap in caps)


_AWARDS = (ir.RateAward, ir.FixedAward, ir.PerUnitAward, ir.TieredAward, ir.MultipleAward,
           ir.PassThroughAward)
_LIMITS = (ir.PerAwardCap, ir.JointLimit, ir.PerYearCap, ir.PerProjectYearCap,
           ir.PerEnterpriseCap, ir.YearLimit, ir.OneTime, ir.Threshold, ir.Instalments)


def clause_supported(checked: CheckedPolicy, plan: Plan) -> bool:
    """The clauses this writer words itself (the core's statements are left to the explained
    calculator, whose trace renders them), on a provision the amount function writes."""
    provision = plan.provision
    if not plan.bound.empty or provision.increments:
        return False
    header = checked.policy.header
    if any(isinstance(r, ir.Validity) and r.end is None for r in header.rules):
        return False
    award = provision.awards[0]
    if not isinstance(award, _AWARDS) or isinstance(award, ir.FixedAward) and award.assessed:
        return False
    return all(isinstance(lim, _LIMITS) for lim in provision.limits)


class JsonBody(AmountBody):
    """Writes ``def _j_p1_1(raw: dict, day: date) -> dict | None``: the contract's answer to the
    common request — no history, no override — with the trace the explained body writes
    (through ``sjdsl.runtime.wording``): the award, a threshold not reached, or an amount that rounds to
    nothing. None lets the explained calculator answer anything else (a date outside the
    policy, an input in another form, an error to explain).

    Inputs are validated up front as ``requests`` does for the usual forms (amounts as plain
    decimal strings, counts as integers, listed choices, English input names); any other form
    goes to the explained path, which accepts it or says what is wrong. The tests compare this
    function's answers with the explained calculator's, field for field and line for line.
    """

    returns = "dict[str, Any] | None"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.inputs_read: dict[str, str] = {}

    def write(self) -> None:
        p = self.p
        self.ceiling = repr(static_ceiling(p))
        names = ", ".join(repr(i.name) for i in p.inputs)
        self.out.append(f"{self.name}_inputs = frozenset({{{names}}})")
        validity = next((r for r in self.checked.policy.header.rules
                         if isinstance(r, ir.Validity)), None)
        if validity is not None:
            start, end = validity.start, validity.end
            self.out.append(f"{self.name}_valid = (datetime.date({start.year}, {start.month}, "
                            f"{start.day}), datetime.date({end.year}, {end.month}, {end.day}))")
        self.out.append(f"def {self.name}(raw: dict[str, Any], day: datetime.date) -> "
                        f"{self.returns}:")
        self.line(repr(f"{p.id}: the common request, explained (written by "
                       "sjdsl/backends/codegen_json.py)"))
        self.money_context("raw, day")
        self.parse_inputs(needs_project(p))
        self.line("t = []")
        self.validity_line()
        self.conditions()
        self.formula(p.awards[0])
        self.limits()
        # fmt writes a value one way whatever its exponent, so where rounding leaves the value
        # as it was (a cap, an amount already in fen) the text fa already holds is its line's
        self.line("r = a.quantize(_FEN, _HALF_UP)")
        self.line("t.append(say.rounded(fa if r == a else r))")
        self.line("a = r")
        self.line("if a <= 0:")
        if any(isinstance(lim, ir.JointLimit) for lim in p.limits):  # a room that may be 0
            self.refuse(f"say.zero_amount({self.p.id!r}, cut)", 2)
        else:
            self.refuse(f"{wording.zero_amount(self.p.id)!r}", 2)
        self.split()
        self.answer("True", "str(a)", "str(d)", "w", "[]", 1)

    def fail_if(self, condition: str, depth: int = 1) -> None:
        self.line(f"if {condition}:", depth)
        self.line("return None", depth + 1)

    def refuse(self, reason: str, depth: int) -> None:
        """Not eligible, as the explained path answers it: nothing paid, the reason, the trace
        so far (there the runtime splits nothing and adds no line)."""
        self.answer("False", "'0.00'", "'0.00'", "'0.00'", f"[{reason}]", depth)

    def answer(self, eligible: str, amount: str, district: str, town: str, reasons: str,
               depth: int) -> None:
        """``return`` the contract's object (each argument an expression)."""
        self.line(f"return {{'provision': {self.p.id!r}, 'eligible': {eligible}, "
                  f"'amount': {amount}, 'district_share': {district}, 'town_share': {town}, "
                  f"'ceiling': {self.ceiling}, 'reasons': {reasons}, 'trace': t}}", depth)

    def parse_inputs(self, project_needed: bool) -> None:
        self.line("inputs = raw.get('inputs')")
        self.fail_if(f"type(inputs) is not dict or not inputs.keys() <= {self.name}_inputs")
        for n, item in enumerate(self.p.inputs):
            var, kind = f"i{n}", KINDS[item.kind_word]
            if item.optional:
                self.line(f"{var} = inputs.get({item.name!r}, _ABSENT)")
                self.line(f"if {var} is not _ABSENT:")
                depth = 2
            else:
                self.line(f"{var} = inputs.get({item.name!r})")
                depth = 1
            if kind in ("money", "area"):
                self.fail_if(f"type({var}) is not str", depth)
                self.line(f"{var} = parse_amount({var})", depth)
                self.fail_if(f"{var} is None", depth)
            elif kind == "count":
                self.fail_if(f"type({var}) is not int or not 0 <= {var} <= MAX_COUNT", depth)
            else:
                self.fail_if(f"{var} not in {item.values!r}", depth)
            self.inputs_read[item.name] = var
        self.line("project = raw.get('project')")
        if project_needed:
            self.fail_if("type(project) is not str or not project")
        else:
            self.fail_if("project is not None and (type(project) is not str or not project)")

    def value(self, ref: ir.Ref) -> str:
        symbol = self.checked.resolve(self.p.id, ref)
        assert isinstance(symbol, ir.Input)
        if symbol.name not in self.vars:
            var, parsed = f"q{len(self.vars)}", self.inputs_read[symbol.name]
            if symbol.optional and KINDS[symbol.kind_word] in ("money", "area"):
                self.line(f"if {parsed} is _ABSENT:")  # as Evaluation.money says it
                self.line(f"t.append({wording.missing(symbol.term)!r})", 2)
                self.line(f"{parsed} = _ZERO", 2)
            self.line(f"{var} = {parsed}")
            if KINDS[symbol.kind_word] in ("money", "area"):
                self.line(f"f{var} = fmt({var})")  # its text, for every line that shows it
            self.vars[symbol.name] = var
        return self.vars[symbol.name]

    def shown(self, ref: ir.Ref) -> str:
        """The variable holding how a line shows an input: its text for an amount."""
        var = self.value(ref)
        symbol = self.checked.resolve(self.p.id, ref)
        return f"f{var}" if KINDS[symbol.kind_word] in ("money", "area") else var

    def amount_is(self, expression: str, text: str = "fmt(a)") -> None:
        """a = expression, and fa = its text (formatted once, for every line that shows it; a
        constant's text is a literal, an input's the variable already holding it)."""
        self.line(f"a = {expression}")
        self.line(f"fa = {text}")

    def term(self, ref: ir.Ref) -> str:
        symbol = self.checked.resolve(self.p.id, ref)
        return symbol.term if isinstance(symbol, ir.Input) else symbol.name

    def validity_line(self) -> None:
        validity = next((r for r in self.checked.policy.header.rules
                         if isinstance(r, ir.Validity)), None)
        if validity is None:
            return
        self.line(f"first, last = {self.name}_valid")
        self.fail_if("not first <= day <= last")
        # raw['date'] is the ISO text of day (known_date checked it), as str(day) writes it
        self.line(f"t.append(say.validity_ok({validity.rule_id!r}, '授予日期', raw['date'], "
                  "first, last))")

    def conditions(self) -> None:
        for lim in self.p.limits:
            match lim:
                case ir.Threshold():
                    var = self.value(lim.input)
                    assert isinstance(lim.amount, ir.Money)
                    bound = lim.amount.value if lim.amount.unit in ir.MONEY_UNITS else \
                        lim.amount.number
                    args = (f"{self.term(lim.input)!r}, {self.shown(lim.input)}, {lim.op!r}, "
                            f"{self.k(bound)}, {lim.amount.text!r}, bound_text={fmt(bound)!r}")
                    self.line(f"if {var} {'<' if lim.op == 'ge' else '<='} {self.k(bound)}:")
                    self.refuse(f"say.reason({self.p.id!r}, say.threshold_failed({args}))", 2)
                    self.line(f"t.append(say.threshold_ok({args}))")
                    if lim.first_time:
                        self.line(f"t.append({wording.FIRST_TIME_OK!r})")
                case ir.YearLimit():
                    key = "project" if lim.scope == "project" else "None"
                    self.line(f"t.append(say.year_limit_ok(say.year_scope({lim.scope!r}, {key}),"
                              f" 0, {lim.years!r}))")
                case ir.OneTime() if not isinstance(self.p.awards[0], ir.TieredAward):
                    self.line(f"t.append({wording.ONCE_OK!r})")
                case _:
                    pass

    def formula(self, award: ir.Award) -> None:
        """The amount as the amount function computes it, then the line that explains it."""
        if isinstance(award, ir.TieredAward):
            self.tiers(award)
            return
        ceiling, expression = static_ceiling(self.p), self.award_expression(award)
        match award:
            case ir.FixedAward():
                self.amount_is(expression, repr(fmt(award.amount.value)))
                self.line(f"t.append(say.fixed({ceiling!r}, {award.amount.text!r}, fa))")
            case ir.PerUnitAward():
                self.amount_is(expression)
                self.line(f"t.append(say.per_unit({self.term(award.count)!r}, "
                          f"{self.value(award.count)}, "
                          f"{(award.unit_word + ' ' + award.amount.text)!r}, fa))")
            case ir.PassThroughAward():
                self.amount_is(expression, self.shown(award.base))
                self.line(f"t.append(say.passthrough({self.term(award.base)!r}, fa))")
            case ir.RateAward() | ir.MultipleAward():
                self.amount_is(expression)
                label, base = repr(self.term(award.base)), self.shown(award.base)
                if isinstance(award, ir.MultipleAward):
                    line = f"say.multiple({label}, {base}, {award.text!r}, fa)"
                elif isinstance(award.rate, ir.Ratio):
                    line = f"say.ratio({label}, {base}, {ceiling!r}, {award.rate.text!r}, fa)"
                else:
                    line = f"say.rate({label}, {base}, {ceiling!r}, {award.rate.text!r}, fa)"
                self.line(f"t.append({line})")
            case _:
                raise AssertionError(f"{self.p.id}: not supported here")

    def tiers(self, award: ir.TieredAward) -> None:
        q = self.value(award.selector)
        if any(isinstance(lim, ir.OneTime) for lim in self.p.limits):
            self.line(f"t.append(say.once_tier_ok({q}))")
        elif any(t.one_time for t in award.tiers):
            rows = tuple(t.value for t in award.tiers if t.one_time)
            self.line(f"if {q} in {rows!r}:")
            self.line(f"t.append(say.once_tier_ok({q}))", 2)
        table = ", ".join(f"{t.value!r}: ({self.k(t.amount.value)}, {t.ceiling!r}, "
                          f"{t.amount.text!r}, {fmt(t.amount.value)!r})" for t in award.tiers)
        self.line(f"a, ceiling, text, fa = {{{table}}}[{q}]")
        self.line(f"t.append(say.tier({self.term(award.selector)!r}, {q}, ceiling, text, fa))")
        self.ceiling = "ceiling"

    def limits(self) -> None:
        for lim in self.p.limits:
            if isinstance(lim, ir.PerAwardCap):
                self.clamp_to(self.k(lim.amount.value), repr(wording.award_cap_label(
                    lim.amount.text)), repr(fmt(lim.amount.value)))
        for lim in self.p.limits:
            if isinstance(lim, ir.JointLimit):
                counted = " + ".join(self.value(r) for r in lim.counted) or "_ZERO"
                base, rate = self.value(lim.base), self.k(lim.rate.value)
                self.line(f"room = max({base} * {rate} - ({counted}), _ZERO)")
                self.line("froom = fmt(room)")
                self.line(f"t.append(say.joint(f{base}, {lim.rate.text!r}, {base} * {rate}, "
                          f"{counted}, froom))")
                self.line("cut = None")
                self.clamp_to("room", repr(wording.JOINT_LABEL), "froom", note_zero=True)
        for lim in self.p.limits:
            if isinstance(lim, ir.PerYearCap):
                label = f"say.year_cap_label(day.year, {lim.amount.text!r})"
            elif isinstance(lim, ir.PerProjectYearCap):
                label = f"say.project_year_cap_label(project, day.year, {lim.amount.text!r})"
            else:
                continue
            cap = lim.amount.value
            self.line(f"label = {label}")
            self.line(f"t.append(say.remaining(label, '0.00', {fmt(cap)!r}))")
            self.clamp_to(self.k(cap), "label", repr(fmt(cap)))
        for cap in group_caps(self.measure, self.p):
            label = wording.enterprise_cap_label(cap.amount.text, cap.provisions)
            self.line(f"t.append({wording.remaining(label, Decimal(0), cap.amount.value)!r})")
            self.clamp_to(self.k(cap.amount.value), repr(label), repr(fmt(cap.amount.value)))

    def clamp_to(self, cap: str, label: str, cap_text: str, note_zero: bool = False) -> None:
        """The amount cut to a cap: a constant (its text a literal) or a room (its text in a
        variable); either way the amount's text follows it. With ``note_zero``, a room of
        nothing that cuts the amount is kept in ``cut``, for the reason (Evaluation._clamp)."""
        self.line(f"if a > {cap}:")
        if note_zero:
            self.line(f"if {cap} <= 0:", 2)
            self.line(f"cut = {label}", 3)
        self.line(f"t.append(say.over({label}, fa, {cap_text}))", 2)
        self.line(f"a, fa = {cap}, {cap_text}", 2)
        self.line("else:")
        self.line(f"t.append(say.within({label}, fa))", 2)

    def split(self) -> None:
        rule = next((r for r in self.checked.policy.header.rules
                     if isinstance(r, ir.FundingSplit)), None)
        if rule is None:  # the whole award is district money, as the runtime says
            self.line("d, w = a, '0.00'")
            return
        share = self.k(rule.ratio.left / (rule.ratio.left + rule.ratio.right))
        self.line(f"d = (a * {share}).quantize(_FEN, _HALF_UP)")
        self.line("w = a - d")
        self.line(f"t.append(say.split({rule.rule_id!r}, {rule.first!r}, d, {rule.second!r}, w))")
        self.line("w = str(w)")




class BareJsonBody(JsonBody):
    """Writes ``def _n_p1_1(raw: dict, day: date) -> tuple | None``: ``_j_p1_1`` without the
    trace, for ``sjdsl eval --fields`` without ``trace`` (a bulk caller who does not read it).

    It is the JSON function's own text with what only the trace reads taken out: every
    ``t.append(…)``, then each text variable (``fa``, ``froom``, ``fq0``, ``label``) no line
    reads any more; what is left decides and computes exactly as the JSON function does. Its
    answer is that function's without the ``provision`` and ``trace`` keys, as a row: the
    values of ``compiled.ROW_FIELDS`` in their order, which ``sjdsl eval`` writes straight
    from a template and ``CompiledPolicy.answer_common`` makes the object again (the tests
    compare them with the JSON function's).
    """

    returns = "rt.Row | None"

    def write(self) -> None:
        start = len(self.out)
        super().write()
        self.out[start:] = without_trace(self.out[start:])

    def answer(self, eligible: str, amount: str, district: str, town: str, reasons: str,
               depth: int) -> None:
        values = {"eligible": eligible, "amount": amount, "district_share": district,
                  "town_share": town, "ceiling": self.ceiling, "reasons": reasons}
        self.line(f"return ({', '.join(values[name] for name in ROW_FIELDS)})", depth)


_TEXT_VARIABLE = re.compile(r"^\s*(f\w*|label) = ")
_AMOUNT_AND_TEXT = re.compile(r"^(\s*)a, fa = ([^,]+), .*$")


def without_trace(lines: list[str]) -> list[str]:
    """A generated JSON function's lines without its trace (see ``BareJsonBody``)."""
    kept = [_AMOUNT_AND_TEXT.sub(r"\1a = \2", line)
            .replace(": the common request, explained (", ": the common request, no trace (")
            for line in lines if line.strip() not in ("t = []",)
            and not line.lstrip().startswith("t.append(")]
    # an input's text read only by a refusal's reason is formatted there, not on every request
    kept = _formatted_where_read(kept)
    while True:  # a text variable nothing reads (dropping one may leave another unread)
        text = "\n".join(kept)
        unread = next((n for n, line in enumerate(kept) if (m := _TEXT_VARIABLE.match(line))
                       and len(re.findall(rf"\b{m.group(1)}\b", text)) == 1), None)
        if unread is None:
            return _filled(kept)
        del kept[unread]


_INPUT_TEXT = re.compile(r"^\s*(fq\d+) = (fmt\(q\d+\))$")


def _formatted_where_read(lines: list[str]) -> list[str]:
    """``fq0 = fmt(q0)`` dropped and ``fmt(q0)`` written where ``fq0`` is read (``q0`` is an
    input's value, assigned once before it): the text is then made only on the path that
    shows it (a threshold's refusal), not on every request."""
    texts = {m.group(1): m.group(2) for line in lines if (m := _INPUT_TEXT.match(line))}
    if not texts:
        return lines
    reads = re.compile(r"\b(" + "|".join(texts) + r")\b")
    return [reads.sub(lambda m: texts[m.group(1)], line) for line in lines
            if not _INPUT_TEXT.match(line)]


def _filled(lines: list[str]) -> list[str]:
    """Every block the trace leaves empty: an ``else:`` dropped, any other given a ``pass``."""
    out: list[str] = []
    for n, line in enumerate(lines):
        depth = len(line) - len(line.lstrip())
        following = lines[n + 1] if n + 1 < len(lines) else ""
        empty = line.endswith(":") and (len(following) - len(following.lstrip()) <= depth
                                        or not following.strip())
        if empty and line.strip() == "else:":
            continue
        out.append(line)
        if empty:
            out.append(" " * (depth + 4) + "pass")
    return out
