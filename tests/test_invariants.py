"""Invariants of the Songjiang calculators, checked over random inputs and grant sequences.

- the amount never exceeds a cap (no override asked);
- cumulative and yearly caps hold over random sequences of grants fed back as history;
- the amount is monotone non-decreasing in its base;
- district + town shares equal the amount to the fen;
- identical requests give identical results;
- every money value is a Decimal: no float on the path.
"""

from __future__ import annotations

import decimal
import os
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sjdsl import RequestError, load_policy
from sjdsl.runtime.compiled import Result

from .conftest import SONGJIANG

POLICY = load_policy(SONGJIANG)
RUNS = settings(max_examples=int(os.environ.get("SJDSL_FUZZ_EXAMPLES", "150")), deadline=None,
                derandomize=True, suppress_health_check=list(HealthCheck))

#: provision → (its money base input, its per-award cap in 元) for the capped rates.
CAPPED = {"1.1": ("fixed_asset_investment", "30000000"),
          "1.2": ("software_equipment_investment", "3000000"),
          "2.1": ("annual_contract_amount", "2000000"), "4.3": ("project_investment", "5000000"),
          "6.1": ("rd_equipment_investment", "3000000"), "7.1": ("brand_center_cost", "2000000"),
          "7.2": ("venue_rent", "100000"), "11.1": ("interest_paid", "200000")}

MONEY = st.integers(min_value=0, max_value=10**11).map(lambda fen: f"{Decimal(fen) / 100:.2f}")
DATES = st.dates(min_value=__import__("datetime").date(2025, 1, 1),
                 max_value=__import__("datetime").date(2029, 12, 31)).map(str)


def decimals_only(result: Result) -> None:
    for value in (result.amount, result.district_share, result.town_share):
        assert type(value) is Decimal
    for _, part in result.schedule:
        assert type(part) is Decimal


@RUNS
@given(st.sampled_from(sorted(CAPPED)), MONEY, MONEY, DATES)
def test_capped_rates_monotone_split_and_deterministic(pid: str, a: str, b: str,
                                                       date: str) -> None:
    name, cap = CAPPED[pid]
    low, high = sorted((Decimal(a), Decimal(b)))
    r_low = POLICY.evaluate(pid, date=date, inputs={name: f"{low}"})
    r_high = POLICY.evaluate(pid, date=date, inputs={name: f"{high}"})
    for r in (r_low, r_high):
        decimals_only(r)
        assert r.amount <= Decimal(cap)
        assert r.district_share + r.town_share == r.amount
        assert r.amount == r.amount.quantize(Decimal("0.01"))
    assert r_low.amount <= r_high.amount
    assert POLICY.evaluate(pid, date=date, inputs={name: f"{low}"}) == r_low


def feed(pid: str, requests: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Result]]:
    """Grant a sequence, each result fed back as history of the next."""
    history: list[dict[str, Any]] = []
    out = []
    for request in sorted(requests, key=lambda r: r["date"]):
        result = POLICY.evaluate(pid, history=history, **request)
        out.append((request, result))
        if result.eligible:
            history.append({"provision": pid, "date": request["date"],
                            "amount": f"{result.amount}", "inputs": request.get("inputs", {}),
                            **({"project": request["project"]} if "project" in request else {})})
    return out


@RUNS
@given(st.lists(st.tuples(MONEY, DATES), min_size=1, max_size=12))
def test_cumulative_cap_of_3_1_holds_over_any_sequence(grants: list[tuple[str, str]]) -> None:
    outcome = feed("3.1", [{"date": d, "inputs": {"contract_amount": m}} for m, d in grants])
    assert sum(r.amount for _, r in outcome) <= Decimal("5000000")


@RUNS
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=30), DATES), min_size=1,
                max_size=12))
def test_yearly_cap_of_4_4_holds_over_any_sequence(grants: list[tuple[int, str]]) -> None:
    outcome = feed("4.4", [{"date": d, "inputs": {"products": n}} for n, d in grants])
    by_year: dict[str, Decimal] = {}
    for request, result in outcome:
        year = request["date"][:4]
        by_year[year] = by_year.get(year, Decimal(0)) + result.amount
    assert all(total <= Decimal("200000") for total in by_year.values())


@RUNS
@given(st.lists(st.tuples(MONEY, DATES, st.sampled_from(["P1", "P2"])), min_size=1,
                max_size=14))
def test_1_3_per_project_year_cap_and_three_years(grants: list[tuple[str, str, str]]) -> None:
    outcome = feed("1.3", [{"date": d, "project": p, "inputs": {"annual_cloud_fees": m}}
                           for m, d, p in grants])
    totals: dict[tuple[str, str], Decimal] = {}
    for request, result in outcome:
        key = (request["project"], request["date"][:4])
        totals[key] = totals.get(key, Decimal(0)) + result.amount
    assert all(total <= Decimal("1000000") for total in totals.values())
    for project in ("P1", "P2"):
        years = {y for (p, y), total in totals.items() if p == project and total > 0}
        assert len(years) <= 3


@RUNS
@given(st.lists(st.tuples(MONEY, MONEY, DATES), min_size=1, max_size=10))
def test_2_1_and_2_2_together_stay_within_500_wan(grants: list[tuple[str, str, str]]) -> None:
    history: list[dict[str, Any]] = []
    total = Decimal(0)
    for current, previous, date in sorted(grants, key=lambda g: g[2]):
        for pid, inputs in (("2.1", {"annual_contract_amount": current}),
                            ("2.2", {"annual_contract_amount": current,
                                     "previous_contract_amount": previous})):
            result = POLICY.evaluate(pid, date=date, inputs=inputs, history=history)
            if result.eligible:
                history.append({"provision": pid, "date": date, "amount": f"{result.amount}"})
                total += result.amount
    assert total <= Decimal("5000000")


@RUNS
@given(st.sampled_from(sorted(CAPPED)), MONEY, DATES)
def test_the_override_lifts_only_caps_in_its_scope(pid: str, base: str, date: str) -> None:
    # 附则 A.3 lifts the caps of rates on a base amount, never the rate itself
    name, cap = CAPPED[pid]
    lifted = POLICY.evaluate(pid, date=date, inputs={name: base}, override_approved=True)
    plain = POLICY.evaluate(pid, date=date, inputs={name: base})
    assert lifted.amount >= plain.amount
    assert lifted.override_applied == (lifted.amount != plain.amount)
    assert lifted.amount <= Decimal(base)  # no rate above 100% in the policy


@RUNS
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=30), DATES), min_size=1,
                max_size=10))
def test_the_override_leaves_4_4_yearly_cap_alone(grants: list[tuple[int, str]]) -> None:
    # 4.4 pays per product (a count, not a base amount): its 每年最高 20 万元 is out of scope
    history: list[dict[str, Any]] = []
    by_year: dict[str, Decimal] = {}
    for products, date in sorted(grants, key=lambda g: g[1]):
        result = POLICY.evaluate("4.4", date=date, inputs={"products": products},
                                 history=history, override_approved=True)
        assert result.override_applied is False
        if result.eligible:
            history.append({"provision": "4.4", "date": date, "amount": f"{result.amount}"})
            by_year[date[:4]] = by_year.get(date[:4], Decimal(0)) + result.amount
    assert all(total <= Decimal("200000") for total in by_year.values())


def _value(spec: Any) -> st.SearchStrategy[Any]:
    if spec.kind == "count":
        return st.integers(min_value=0, max_value=30)
    if spec.kind == "enum":
        return st.sampled_from(spec.values)
    return MONEY


def _request(data: st.DataObject, pid: str, date: str) -> dict[str, Any]:
    spec = POLICY.provisions[pid]
    inputs = {s.name: data.draw(_value(s)) for s in spec.inputs
              if not s.optional or data.draw(st.booleans())}
    return {"provision": pid, "date": date, "inputs": inputs,
            "project": data.draw(st.sampled_from(["P1", "P2"]))}


#: Provisions with a generated amount-only function, and the others their caps share.
FAST = sorted(pid for pid, spec in POLICY.provisions.items() if spec.amount is not None)


@RUNS
@given(st.data())
def test_the_amount_function_equals_the_explained_calculator(data: st.DataObject) -> None:
    """The amount-only target (codegen_fast) and the explained body agree on any request with
    any history: the same amount, or the same refusal."""
    pid = data.draw(st.sampled_from(FAST))
    day = data.draw(st.dates(min_value=__import__("datetime").date(2024, 6, 1),
                             max_value=__import__("datetime").date(2030, 6, 1)))
    history = []
    for _ in range(data.draw(st.integers(min_value=0, max_value=6))):
        other = data.draw(st.sampled_from([pid] * len(FAST) + FAST + ["2.2"]))  # often pid
        earlier = _request(data, other,
                           str(data.draw(st.dates(min_value=day.replace(year=day.year - 4),
                                                  max_value=day))))
        if earlier["provision"] == "2.2":
            earlier["inputs"] = {}
        elif data.draw(st.booleans()):
            earlier["inputs"] = {}  # an entry without inputs: tiers of 3.3 cannot be judged
        history.append(dict(earlier, amount=data.draw(MONEY)))
    raw = dict(_request(data, pid, str(day)), history=history,
               override_approved=data.draw(st.booleans()))
    request = POLICY.parse_request(raw)
    try:
        explained = POLICY.run(request).amount
    except Exception as exc:  # noqa: BLE001 - the same refusal is expected from both
        with __import__("pytest").raises(type(exc)):
            POLICY.run_amount(request)
        return
    assert POLICY.run_amount(request) == explained


#: Provisions with a generated answer to the common request.
COMMON = sorted(pid for pid, spec in POLICY.provisions.items() if spec.json is not None)


@RUNS
@given(st.data())
def test_the_generated_answer_equals_the_explained_calculator(data: st.DataObject) -> None:
    """The JSON function (codegen_fast) answers exactly as the explained path — every field,
    every trace line — or leaves the request to it."""
    pid = data.draw(st.sampled_from(COMMON))
    day = data.draw(st.dates(min_value=__import__("datetime").date(2024, 6, 1),
                             max_value=__import__("datetime").date(2030, 6, 1)))
    raw = _request(data, pid, str(day))
    if data.draw(st.booleans()):
        raw["inputs"] = {k: (int(v.split(".")[0]) if isinstance(v, str) and v[:1].isdigit()
                             and data.draw(st.booleans()) else v)
                         for k, v in raw["inputs"].items()}  # amounts as JSON integers too
    extra = data.draw(st.sampled_from([{}, {"history": []}, {"override_approved": False},
                                       {"project": None}, {"override_approved": 0}]))
    raw.update(extra)
    answer = POLICY.answer_common(dict(raw))
    if answer is not None:
        assert answer == POLICY.evaluate_raw(raw).to_json()
    # the twin without the trace (`sjdsl eval --fields` without trace) declines the same
    # requests and answers them with the same fields, the trace left out
    bare = POLICY.answer_common(dict(raw), trace=False)
    assert bare == (None if answer is None else {k: v for k, v in answer.items() if k != "trace"})


GANJINGZI = load_policy(SONGJIANG.parent / "ganjingzi-hq-economy-2019")
#: Both policies' provisions that declare inputs, for the history fuzzer.
WITH_INPUTS = [(policy, pid) for policy in (POLICY, GANJINGZI)
               for pid, spec in sorted(policy.provisions.items()) if spec.inputs]
_VALID = {"money": "1000.00", "area": "100.5", "count": 3, "percent": "70", "bool": False,
          "date": "2020-01-01"}


def _bad_value(spec: Any) -> st.SearchStrategy[Any]:
    """A value a request could not carry for this input: wrong kind, sign, form or value."""
    common = st.sampled_from([None, [], {}, 1.5, float("nan")]) | st.lists(st.integers(),
                                                                            max_size=2)
    if spec.kind in ("money", "area", "percent"):
        return common | st.sampled_from([True, "-1", "1e5", "１２", "1,000", " 1", "--1"]) | \
            st.integers(max_value=-1) | st.integers(min_value=10**15) | \
            st.integers(max_value=-1).map(str) | \
            st.decimals(allow_nan=False, max_value=Decimal("-0.01"))
    if spec.kind == "count":
        return common | st.sampled_from([True, False, "3", "-1", 3.0]) | \
            st.integers(max_value=-1) | st.integers(min_value=10**9 + 1) | \
            st.decimals(allow_nan=False, allow_infinity=False)
    if spec.kind == "enum":
        return common | st.sampled_from([True, 1, 0, ""]) | st.integers() | \
            st.sampled_from(spec.values).flatmap(lambda v: st.sampled_from(
                [v + " ", " " + v, v + "\u3000", v + "\u200b", v * 2, v[:-1]]))
    if spec.kind == "bool":
        return common | st.sampled_from(["true", "false", 1, 0, "是"])
    return common | st.sampled_from(["2020-1-1", 20200101, "2020-02-30", True])  # a date


@RUNS
@given(st.data())
def test_history_values_with_wrong_kinds_or_signs_are_refused_never_paid(
        data: st.DataObject) -> None:
    """Every input of every provision, in an earlier grant, holding what a request could not
    hold: the request is an error naming that value, never an amount."""
    policy, pid = data.draw(st.sampled_from(WITH_INPUTS))
    spec = policy.provisions[pid]
    bad = data.draw(st.sampled_from(spec.inputs))
    value = data.draw(_bad_value(bad))
    if bad.kind == "enum" and value in bad.values:
        return  # the strategy drew a listed value by accident (e.g. v[:-1] of a prefix)
    inputs = {s.name: s.values[0] if s.kind == "enum" else _VALID[s.kind] for s in spec.inputs}
    key = data.draw(st.sampled_from([bad.name, bad.term]))
    earlier = {"provision": pid, "date": "2020-01-01", "amount": "1000", "project": "P",
               "person": "R", "inputs": dict(inputs, **{key: value})}
    if key != bad.name:
        del earlier["inputs"][bad.name]
    raw = {"provision": pid, "date": "2021-06-01", "inputs": inputs, "project": "P",
           "person": "R", "history": [earlier]}
    answer = policy.evaluate_json(raw)
    assert "amount" not in answer, (pid, bad.name, value)
    assert answer["field"] == f"history[0].inputs.{bad.name}", answer


CONTEXTS = st.builds(
    decimal.Context,
    prec=st.integers(min_value=1, max_value=80),
    rounding=st.sampled_from([decimal.ROUND_UP, decimal.ROUND_DOWN, decimal.ROUND_CEILING,
                              decimal.ROUND_FLOOR, decimal.ROUND_HALF_UP,
                              decimal.ROUND_HALF_DOWN, decimal.ROUND_HALF_EVEN,
                              decimal.ROUND_05UP]),
    Emax=st.sampled_from([5, 20, decimal.MAX_EMAX]),
    Emin=st.sampled_from([-5, -20, decimal.MIN_EMIN]),
    capitals=st.sampled_from([0, 1]),
    traps=st.lists(st.sampled_from([decimal.Inexact, decimal.Rounded, decimal.Subnormal,
                                    decimal.Underflow, decimal.Clamped, decimal.FloatOperation,
                                    decimal.InvalidOperation, decimal.DivisionByZero,
                                    decimal.Overflow]), unique=True))


@RUNS
@given(st.data(), CONTEXTS)
def test_results_are_the_same_in_any_decimal_context_of_the_caller(
        data: st.DataObject, caller: decimal.Context) -> None:
    """evaluate, evaluate_json, amount and the generated functions give in any caller's
    context (precision, rounding, exponent range, traps) what they give in the default one,
    and leave the caller's context as it was."""
    pid = data.draw(st.sampled_from(sorted(POLICY.provisions)))
    day = str(data.draw(st.dates(min_value=__import__("datetime").date(2024, 6, 1),
                                 max_value=__import__("datetime").date(2030, 6, 1))))
    raw = _request(data, pid, day)
    raw["inputs"] = {k: (data.draw(BIG) if isinstance(v, str) else v)
                     for k, v in raw["inputs"].items()}
    if data.draw(st.booleans()):
        raw["history"] = [dict(raw, date=day, amount=data.draw(MONEY))]
    request = {k: v for k, v in raw.items() if k != "provision"}
    with decimal.localcontext(decimal.DefaultContext):
        expected = POLICY.evaluate_json(raw)
        try:
            explained = POLICY.evaluate(pid, **request)
            amount = POLICY.amount(pid, **request)
        except RequestError as exc:
            explained = amount = exc.message  # type: ignore[assignment]
    with decimal.localcontext(caller) as inside:
        assert POLICY.evaluate_json(raw) == expected
        try:
            assert POLICY.evaluate(pid, **request) == explained
            assert POLICY.amount(pid, **request) == amount
        except RequestError as exc:
            assert exc.message == explained == amount
        spec = POLICY.provisions[pid]
        if spec.json is not None and "history" not in raw and "error" not in expected:
            answer = spec.json(raw, __import__("datetime").date.fromisoformat(day))
            assert answer is None or answer == expected
        assert decimal.getcontext() is inside
    assert (inside.prec, inside.rounding, inside.Emax, inside.capitals) == \
        (caller.prec, caller.rounding, caller.Emax, caller.capitals)


#: Amounts across the whole range a request may carry: 15 digits of 元, up to 10 decimals.
BIG = st.integers(min_value=0, max_value=10).flatmap(
    lambda places: st.integers(min_value=0, max_value=10**(15 + places) - 1).map(
        lambda n: f"{Decimal(n).scaleb(-places):f}"))
