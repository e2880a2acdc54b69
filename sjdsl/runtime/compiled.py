"""The small runtime every generated calculator imports.

A generated provision is a straight-line function over an ``Evaluation``: it reads inputs, checks
conditions, applies the formula and each limit in the policy's order, and returns the amount
before rounding. The runtime keeps the trace, applies the validity dates, rounds once to the fen,
splits the result and, for 附则 A.3, compares the amount with and without the caps lifted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from sjdsl.runtime import wording as say
from sjdsl.runtime.core_steps import shares
from sjdsl.runtime.evaluation import DecidedElsewhere, Evaluation, NotEligible
from sjdsl.runtime.money import ZERO, fmt, fmt_result, money_context, round_fen, split
from sjdsl.runtime.requests import (
    Grant,
    InputSpec,
    Request,
    RequestError,
    check_fields,
    check_nesting,
    describe,
    known_date,
    parse_date,
    parse_flag,
    parse_history,
    parse_inputs,
    parse_scope,
)

__all__ = [
    "CompiledPolicy", "DecidedElsewhere", "Evaluation", "Grant", "InputSpec", "NotEligible",
    "ProvisionSpec", "Request", "RequestError", "Result", "Split", "Window",
]

ProvisionKind = Literal["monetary", "external", "qualitative", "repealed"]


@attrs.frozen
class Result:
    """The answer for one request, as the evaluation contract describes it."""

    provision: str
    eligible: bool
    amount: Decimal
    district_share: Decimal
    town_share: Decimal
    ceiling: bool
    reasons: tuple[str, ...]
    trace: tuple[str, ...]
    override_applied: bool | None = None
    schedule: tuple[tuple[int, Decimal], ...] = ()
    #: Whether a cap or limit cut the amount (for simulation reports; not in the JSON).
    capped: bool = False
    #: The version (amendment) in force, for a policy with amendments.
    version: str | None = None
    #: Conditions after the grant (义务): 「…」, what follows when they fail (收回), and the
    #: last day the condition binds (ISO date; None when the text sets no term).
    obligations: tuple[tuple[str, str, str | None], ...] = ()
    #: The award shared among the records of a 名单 (分配): (identifier, share).
    shares: tuple[tuple[str, Decimal], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object (amounts as strings with two decimals)."""
        data: dict[str, Any] = {
            "provision": self.provision,
            "eligible": self.eligible,
            "amount": _fen_text(self.amount),
            "district_share": _fen_text(self.district_share),
            "town_share": _fen_text(self.town_share),
            "ceiling": self.ceiling,
            "reasons": list(self.reasons),
            "trace": list(self.trace),
        }
        if self.override_applied is not None:
            data["override_applied"] = self.override_applied
        if self.schedule:
            data["schedule"] = [{"year": year, "amount": fmt_result(amount)}
                                for year, amount in self.schedule]
        if self.version is not None:
            data["version"] = self.version
        if self.shares:
            data["shares"] = [{"key": who, "amount": fmt_result(part)}
                              for who, part in self.shares]
        if self.obligations:
            data["obligations"] = [{"obligation": text, "otherwise": consequence}
                                   | ({"until": until} if until else {})
                                   for text, consequence, until in self.obligations]
        return data


def _fen_text(amount: Decimal) -> str:
    """A result amount as the contract writes it: ``str`` already does for an amount rounded to
    the fen (the usual case, and much the cheaper); anything else is rounded and formatted."""
    text = str(amount)
    return text if text[-3:-2] == "." and "E" not in text else fmt_result(amount)


Body = Callable[["Evaluation"], Decimal]
#: The amount alone from a validated request, or None where the explained body must answer.
AmountFunction = Callable[[Request], "Decimal | None"]
#: The contract's answer to a common request (raw JSON, its date), or None where the explained
#: body must answer.
JsonFunction = Callable[[dict[str, Any], datetime.date], "dict[str, Any] | None"]
#: The fields of that answer without the trace, in the contract's order, as the no-trace twin
#: returns them: a row (a tuple of their values; the provision is the caller's).
ROW_FIELDS = ("eligible", "amount", "district_share", "town_share", "ceiling", "reasons")
Row = tuple[bool, str, str, str, bool, list[str]]
RowFunction = Callable[[dict[str, Any], datetime.date], "Row | None"]


@attrs.frozen
class ProvisionSpec:
    """A compiled provision: its inputs, static flags and generated body."""

    id: str
    title: str
    measure: int
    inputs: tuple[InputSpec, ...]
    ceiling: bool
    needs_project: bool
    body: Body
    kind: ProvisionKind = "monetary"
    note: str = ""
    needs_person: bool = False
    #: Shares paid by calendar year, and the first year's offset from the grant year (0 or 1).
    instalments: tuple[Decimal, ...] = ()
    instalment_start: int = 0
    #: The generated amount-only function (codegen_fast), where the provision has one.
    amount: AmountFunction | None = None
    #: The generated answer to the common request (codegen_json), where it has one.
    json: JsonFunction | None = None
    #: The same answer without the trace, as a row (codegen_json.BareJsonBody), for
    #: ``--fields``.
    json_bare: RowFunction | None = None


@attrs.frozen
class Split:
    """附则: the two budgets that share every award, and the first one's share."""

    rule: str
    first: str
    second: str
    first_share: Decimal


@attrs.frozen
class Window:
    """附则: the days of the year (month, day) between which applications are made."""

    rule: str
    start: tuple[int, int]
    end: tuple[int, int]
    input: str | None = None


@attrs.frozen
class CompiledPolicy:
    """A compiled policy: evaluate requests by provision id, from Python or JSON."""

    name: str
    title: str
    doc_number: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    validity_rule: str
    split: Split | None
    override_flag: str | None
    override_rule: str
    provisions: Mapping[str, ProvisionSpec]
    rules: tuple[str, ...]
    validity_input: str | None = None
    window: Window | None = None
    #: an open start (自发布之日起 with no date known): what the trace says instead of a check
    validity_note: str = ""
    #: ``common_answerer``'s two answerers (with and without the trace, keyed True and False)
    #: and ``row_answerer``'s ("row"), each made on first use
    _answerers: dict[bool | str, Callable[[dict[str, Any]], Any]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False)

    def request(
        self,
        provision: str,
        *,
        date: datetime.date | str,
        inputs: Mapping[str, Any] | None = None,
        history: Sequence[Mapping[str, Any] | Grant] = (),
        project: str | None = None,
        override_approved: bool = False,
        person: str | None = None,
    ) -> Request:
        """A validated request from Python values. Raises RequestError, naming the field."""
        raw = {"provision": provision, "date": date, "inputs": inputs or {}, "history": history,
               "project": project, "override_approved": override_approved, "person": person}
        return self.parse_request(raw)

    # Every entry point that computes money runs in sjdsl's own decimal context (money.MONEY),
    # never the caller's, and gives the caller's back: see money.money_context.

    @money_context
    def evaluate(self, provision: str, **request: Any) -> Result:
        """Evaluate one provision; the arguments are ``request``'s. Raises RequestError for a
        request that cannot be evaluated."""
        return self.run(self.request(provision, **request))

    @money_context
    def evaluate_raw(self, raw: Any) -> Result:
        """Evaluate a decoded JSON request. Raises RequestError."""
        return self.run(self.parse_request(raw))

    @money_context
    def evaluate_json(self, raw: Any) -> dict[str, Any]:
        """Evaluate a decoded JSON request; errors become ``{"error": …}`` objects."""
        return answer_json(self, raw)

    def answer_common(self, raw: dict[str, Any], trace: bool = True) -> dict[str, Any] | None:
        """The contract's answer by the provision's generated JSON function, for the common
        request (no history, no override, no person, every condition met); None otherwise.
        With ``trace=False``, the answer without its ``trace`` (by the function's twin that
        does not write it). (The generated function switches to the money context itself.)"""
        return self.common_answerer(trace)(raw)

    def common_answerer(self, trace: bool = True
                        ) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
        """``answer_common`` for many requests: the provisions' functions looked up once (and
        the answerer kept: ``answer_json`` asks for it on every request)."""
        answerer = self._answerers.get(trace)
        if answerer is None:
            answerer = self._answerers[trace] = self._make_answerer(trace)
        return answerer

    def row_answerer(self) -> Callable[[dict[str, Any]], Row | None]:
        """``answer_common(raw, trace=False)`` as the row of its values (``ROW_FIELDS``; the
        provision is the request's), for a writer that needs no object: ``sjdsl eval
        --fields``."""
        answerer = self._answerers.get("row")
        if answerer is None:
            answerer = self._answerers["row"] = self._common(
                {pid: spec.json_bare for pid, spec in self.provisions.items()
                 if spec.json is not None and spec.json_bare is not None})
        return answerer

    def _make_answerer(self, trace: bool) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
        if trace:
            return self._common({pid: spec.json for pid, spec in self.provisions.items()
                                 if spec.json is not None})
        rows = self.row_answerer()

        def answer(raw: dict[str, Any]) -> dict[str, Any] | None:
            row = rows(raw)
            if row is None:
                return None
            return {"provision": raw["provision"], **dict(zip(ROW_FIELDS, row, strict=True))}

        return answer

    @staticmethod
    def _common(functions: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
        """The common request to its provision's function: the usual fields only (or empty
        history, no override, no person), a known date; None for anything else."""

        def answer(raw: dict[str, Any]) -> Any:
            provision = raw.get("provision")
            function = functions.get(provision) if type(provision) is str else None
            if function is None:
                return None
            if not raw.keys() <= _PLAIN_FIELDS:  # the usual request has no other field
                if not raw.keys() <= _COMMON_FIELDS:
                    return None
                history, flag = raw.get("history"), raw.get("override_approved")
                if history is not None and history != [] or flag is not None and \
                        flag is not False or raw.get("person") is not None:
                    return None
            day = known_date(raw.get("date"))
            return None if day is None else function(raw, day)

        return answer

    def parse_request(self, raw: Any) -> Request:
        if not isinstance(raw, Mapping):
            raise RequestError("request", "a request must be a JSON object")
        check_nesting(raw)
        check_fields(raw)
        spec = self._spec(raw.get("provision"))
        date = parse_date(raw.get("date"), "date")
        inputs = parse_inputs(raw.get("inputs"), spec.inputs, spec.id)
        project = parse_scope(raw, "project", spec.needs_project, spec.id)
        person = parse_scope(raw, "person", spec.needs_person, spec.id)
        history = parse_history(raw.get("history"), self.provisions, date)
        flag = parse_flag(raw.get("override_approved"), "override_approved")
        return Request(spec.id, date, inputs, project, history, flag, person)

    def _spec(self, provision: Any) -> ProvisionSpec:
        if provision is None:
            raise RequestError("provision", "provision: missing; give a provision id such as "
                                            "\"1.1\"")
        if not isinstance(provision, str):
            raise RequestError("provision", f"provision: expected a string id, got "
                                            f"{describe(provision)}")
        if provision in self.rules:
            raise RequestError("provision", f"provision {provision} is a supplementary rule "
                                            "(附则) applied to every result, not a provision to "
                                            "evaluate", provision)
        spec = self.provisions.get(provision)
        if spec is None:
            from sjdsl.runtime.suggest import suggest

            hint = suggest(provision, list(self.provisions))
            raise RequestError("provision", f"unknown provision {provision!r} in {self.name}"
                               + (f"; {hint}" if hint else ""), provision)
        return spec

    def amount(self, provision: str, **request: Any) -> Decimal:
        """The amount alone: ``evaluate(...).amount`` without the trace, the split and the result
        object, for callers that need only the number. Same arguments, same errors."""
        return self.run_amount(self.request(provision, **request))

    def run_amount(self, request: Request) -> Decimal:
        """The amount alone for a validated request: ``run(request).amount``, computed by the
        generated amount function (codegen_fast) where the provision has one. (Both switch to
        the money context themselves, so this adds no switch of its own.)"""
        function = self.provisions[request.provision].amount
        if function is not None:
            try:
                amount = function(request)
            except ArithmeticError:  # a division by zero, a step not above zero: said there
                amount = None
            if amount is not None:
                return amount
        return self.run(request).amount

    @money_context
    def run(self, request: Request) -> Result:
        """Evaluate a validated request: validity, body, rounding, split, override."""
        spec = self.provisions[request.provision]
        lifted = request.override_approved and self.override_flag is not None
        result = _Run(self, spec, request, lift=lifted).result()
        if not request.override_approved:
            return result
        if not lifted:
            return attrs.evolve(result, override_applied=False)
        plain = _Run(self, spec, request, lift=False).result()
        applied = plain.amount != result.amount
        note = (f"{self.override_rule} 突破上限：金额由 {fmt(plain.amount)} 变为 "
                f"{fmt(result.amount)}" if applied else
                f"{self.override_rule} 突破上限：已批准，但未改变金额")
        return attrs.evolve(result, trace=result.trace + (note,), override_applied=applied)


class _Run:
    """One evaluation of one provision, with the caps lifted or not."""

    def __init__(self, policy: CompiledPolicy, spec: ProvisionSpec, request: Request,
                 lift: bool) -> None:
        self.policy, self.spec, self.request = policy, spec, request
        self.ev = Evaluation(spec, request, lift, self.member)

    def member(self, provision: str) -> Result | None:
        """择优: this request evaluated as another provision, or None when it lacks its inputs."""
        spec = self.policy.provisions[provision]
        names = {i.name for i in spec.inputs}
        if any(i.name not in self.request.inputs for i in spec.inputs if not i.optional):
            return None
        inputs = {k: v for k, v in self.request.inputs.items() if k in names}
        request = attrs.evolve(self.request, provision=provision, inputs=inputs)
        return _Run(self.policy, spec, request, self.ev.lift).result()

    def result(self) -> Result:
        ev, spec = self.ev, self.spec
        reasons: list[str] = []
        amount = ZERO
        try:
            self._check_validity()
            self._check_window()
            amount = round_fen(spec.body(ev))
            ev.trace.append(say.rounded(amount))
            if amount <= 0:
                raise NotEligible(say.zero_amount(spec.id, ev.cut_to_zero))
        except NotEligible as exc:
            reasons.append(str(exc))
            amount = ZERO
        district, town = self._split(amount)
        schedule = self._schedule(amount)
        allocated = shares(amount, ev.allocation) if ev.allocation else ()
        if allocated:
            ev.trace.append("分配：" + "，".join(f"{who} {fmt(part)}" for who, part in allocated))
        return Result(spec.id, amount > 0, amount, district, town, ev.ceiling, tuple(reasons),
                      tuple(ev.trace), schedule=schedule, capped=ev.capped,
                      obligations=tuple(ev.obligations) if amount > 0 else (), shares=allocated)

    def _check_validity(self) -> None:
        policy = self.policy
        start, end = policy.valid_from, policy.valid_to
        if policy.validity_input is None:
            date, what = self.request.date, "授予日期"
        else:
            value = self.request.inputs.get(policy.validity_input)
            if not isinstance(value, datetime.date):
                return  # a provision without money does not ask for the event's date
            date, what = value, "扶持事项发生日期"
        if start is not None and date < start or end is not None and date > end:
            raise NotEligible(f"{policy.validity_rule}：{what} {date} 不在政策有效期 "
                              f"{say.period(start, end)} 之内 (outside the policy's validity)")
        if policy.validity_note:
            self.ev.trace.append(f"{policy.validity_rule}：{policy.validity_note}")
        elif start is not None or end is not None:
            self.ev.trace.append(say.validity_ok(policy.validity_rule, what, date, start, end))

    def _check_window(self) -> None:
        window = self.policy.window
        if window is None:
            return
        if window.input is None:
            day: datetime.date | None = self.request.date
        else:
            value = self.request.inputs.get(window.input)
            day = value if isinstance(value, datetime.date) else None
        span = f"{window.start[0]}月{window.start[1]}日至{window.end[0]}月{window.end[1]}日"
        if day is None:
            self.ev.trace.append(f"{window.rule}：未给出申报日期，未核对申报时间（{span}）")
            return
        if not window.start <= (day.month, day.day) <= window.end:
            raise NotEligible(f"{window.rule}：申报日期 {day} 不在每年申报时间 {span} 之内")
        self.ev.trace.append(f"{window.rule}：申报日期 {day} 在申报时间 {span} 之内")

    def _schedule(self, amount: Decimal) -> tuple[tuple[int, Decimal], ...]:
        spec = self.spec
        if amount <= 0:
            return ()
        if self.ev.chosen_schedule is not None:
            return self.ev.chosen_schedule
        if not spec.instalments:
            return ()
        first = self.request.date.year + spec.instalment_start
        paid, rows = ZERO, []
        for i, share in enumerate(spec.instalments):
            last = i == len(spec.instalments) - 1
            part = amount - paid if last else round_fen(amount * share)
            rows.append((first + i, part))
            paid += part
        self.ev.trace.append("分期发放：" + "，".join(f"{y} 年 {fmt(a)}" for y, a in rows))
        return tuple(rows)

    def _split(self, amount: Decimal) -> tuple[Decimal, Decimal]:
        policy_split = self.policy.split
        if policy_split is None:
            return amount, ZERO  # no split in the policy: the whole award is district money
        first, second = split(amount, policy_split.first_share)
        if amount > 0:
            self.ev.trace.append(say.split(policy_split.rule, policy_split.first, first,
                                           policy_split.second, second))
        return first, second


@attrs.frozen
class VersionInfo:
    """One version of a policy: in force from ``effective`` (None: the base text)."""

    effective: datetime.date | None
    source: str
    policy: CompiledPolicy


@attrs.frozen
class VersionedPolicy:
    """A policy with its amendments: each request is evaluated by the version in force on its
    date, and the result says which (附则 新规优先 / A.4)."""

    versions: tuple[VersionInfo, ...]

    @property
    def base(self) -> CompiledPolicy:
        return self.versions[0].policy

    def __getattr__(self, name: str) -> Any:  # name, title, provisions …: the latest version's
        return getattr(self.versions[-1].policy, name)

    def version_for(self, date: datetime.date) -> VersionInfo:
        chosen = self.versions[0]
        for version in self.versions[1:]:
            if version.effective is not None and version.effective <= date:
                chosen = version
        return chosen

    @money_context
    def evaluate(self, provision: str, *, date: datetime.date | str, **kwargs: Any) -> Result:
        day = parse_date(date, "date")
        version = self.version_for(day)
        early = self._not_yet(provision, day, version)
        if early is not None:
            return early
        result = version.policy.evaluate(provision, date=date, **kwargs)
        return self._stamp(result, version)

    @money_context
    def amount(self, provision: str, *, date: datetime.date | str, **kwargs: Any) -> Decimal:
        """The amount alone, by the version in force on the date (0 before a provision's)."""
        day = parse_date(date, "date")
        version = self.version_for(day)
        if self._not_yet(provision, day, version) is not None:
            return ZERO
        return version.policy.amount(provision, date=date, **kwargs)

    @money_context
    def evaluate_raw(self, raw: Any) -> Result:
        if not isinstance(raw, Mapping):
            return self.base.evaluate_raw(raw)
        check_nesting(raw)
        day = parse_date(raw.get("date"), "date")
        version = self.version_for(day)
        early = self._not_yet(raw.get("provision"), day, version)
        if early is not None:
            return early
        return self._stamp(version.policy.evaluate_raw(raw), version)

    @money_context
    def evaluate_json(self, raw: Any) -> dict[str, Any]:
        return answer_json(self, raw)

    def _stamp(self, result: Result, version: VersionInfo) -> Result:
        return attrs.evolve(result, trace=(_version_line(version),) + result.trace,
                            version=version.source)

    def _not_yet(self, provision: Any, day: datetime.date,
                 version: VersionInfo) -> Result | None:
        """A provision an amendment adds later is answered "not yet in force", not unknown."""
        if not isinstance(provision, str) or provision in version.policy.provisions:
            return None
        later = next((v for v in self.versions if provision in v.policy.provisions), None)
        if later is None:
            return None
        reason = f"{provision}：由 {later.source} 自 {later.effective} 起施行，授予日期 {day} 尚未施行"
        return Result(provision, False, ZERO, ZERO, ZERO, False, (reason,),
                      (_version_line(version),), version=version.source)


def _version_line(version: VersionInfo) -> str:
    since = f"，{version.effective} 起施行" if version.effective else ""
    return f"版本：{version.source}{since}"


_COMMON_FIELDS = frozenset(("provision", "date", "inputs", "project", "history",
                            "override_approved", "person"))
_PLAIN_FIELDS = frozenset(("provision", "date", "inputs", "project"))


def answer_json(policy: CompiledPolicy | VersionedPolicy, raw: Any) -> dict[str, Any]:
    """The contract's answer to a decoded request: the result, or an error object."""
    if type(raw) is dict and isinstance(policy, CompiledPolicy):
        answer = policy.answer_common(raw)
        if answer is not None:
            return answer
    return answer_explained(policy, raw)


def answer_explained(policy: CompiledPolicy | VersionedPolicy, raw: Any) -> dict[str, Any]:
    """``answer_json`` by the explained calculator alone (in the money context: the caller's
    job), for a request the generated JSON function has already declined."""
    try:
        return policy.evaluate_raw(raw).to_json()
    except RequestError as exc:
        provision = raw.get("provision") if isinstance(raw, Mapping) else None
        return {"error": exc.message, "field": exc.field,
                "provision": provision if isinstance(provision, str) else None}
