"""Worked examples (示例): turned into requests, evaluated, compared with the expected amount.

``sjdsl test`` reports them, the documentation shows them with their traces, and the test suite
runs every example of every policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from sjdsl.core.units import parse_unit
from sjdsl.language import ir
from sjdsl.language.check import KINDS, CheckedPolicy
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.runtime.money import fmt_result


@attrs.frozen
class Outcome:
    """An example with the result it got and whether that is the expected one."""

    provision: ir.Provision
    example: ir.Example
    request: dict[str, Any]
    result: dict[str, Any]

    @property
    def expected(self) -> str:
        return fmt_result(self.example.expect.value) if self.example.expect else "0.00"

    @property
    def passed(self) -> bool:
        return "error" not in self.result and self.result["amount"] == self.expected


_YES_NO = {"是": True, "否": False, "true": True, "false": False}


def _value(checked: CheckedPolicy, pid: str, item: ir.ExampleInput) -> tuple[str, Any]:
    symbol = checked.resolve(pid, item.ref)
    assert isinstance(symbol, ir.Input)
    if item.records is not None:
        return symbol.name, _records(symbol, item.records)
    if item.items is not None or KINDS.get(symbol.kind_word) == "list":
        element = attrs.evolve(symbol, kind_word=symbol.kind_word.removesuffix("列表"))
        values = item.items if item.items is not None else (item.money,)
        return symbol.name, [_json_value(element, None, m, None) for m in values]
    return symbol.name, _json_value(symbol, item.word, item.money, item.rate, item.date)


def _records(symbol: ir.Input, text: str) -> list[dict[str, Any]]:
    """「字段 值，字段 值；…」: a 名单's records as written in an example."""
    fields = {f.term: f for f in symbol.fields} | {f.name: f for f in symbol.fields}
    records = []
    for row in filter(None, (r.strip() for r in text.split("；"))):
        record: dict[str, Any] = {}
        for pair in filter(None, (p.strip() for p in row.split("，"))):
            key, _, written = pair.partition(" ")
            field = fields.get(key)
            if field is not None:
                record[field.name] = _written(field, written.strip())
        records.append(record)
    return records


def _written(field: ir.Input, written: str) -> Any:
    """One field's value as written (30万元, 3, 张三, 是) as the contract's JSON value."""
    match = _MONEY.fullmatch(written)
    if match is None:
        return _YES_NO.get(written, written) if KINDS.get(field.kind_word) == "bool" else written
    money = ir.Money(Decimal(match.group(1).replace(",", "")), match.group(2) or None, written)
    return _json_value(field, None, money, None)


_MONEY = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)([^\W\d]\w*)?")


def _json_value(symbol: ir.Input, word: str | None, money: ir.Money | None,
                rate: ir.Rate | None, date: Any = None) -> Any:
    """A value written in a .pol example as the contract's JSON value for that input."""
    kind = KINDS.get(symbol.kind_word)
    if date is not None:
        return date.isoformat()
    if rate is not None:
        return format((rate.value * 100).normalize(), "f")  # percentage points
    if kind == "bool" and word is not None:
        return _YES_NO.get(word, word)
    if word is not None:
        return word
    assert money is not None
    if kind == "count":
        return int(money.number)
    if kind == "usd":
        scale = parse_unit(money.unit or "美元")
        return format((money.number * (scale[0] if scale else 1)).normalize(), "f")
    number = money.value if kind == "money" else money.number  # an area keeps its number
    return format(number.normalize(), "f")


def _grant(checked: CheckedPolicy, grant: ir.ExampleGrant) -> dict[str, Any]:
    entry: dict[str, Any] = {"provision": grant.provision, "date": grant.date.isoformat(),
                             "amount": fmt_result(grant.amount.value)}
    if grant.project is not None:
        entry["project"] = grant.project
    if grant.person is not None:
        entry["person"] = grant.person
    if grant.inputs:
        table = checked.symbols.get(grant.provision, {})
        inputs = {}
        for key, value in grant.inputs:
            symbol = table.get(key)
            if not isinstance(symbol, ir.Input):
                inputs[key] = value if isinstance(value, str) else value.text
                continue
            word = value if isinstance(value, str) else None
            money = value if isinstance(value, ir.Money) else None
            rate = value if isinstance(value, ir.Rate) else None
            inputs[symbol.name] = _json_value(symbol, word, money, rate)
        entry["inputs"] = inputs
    return entry


def request_of(checked: CheckedPolicy, provision: ir.Provision,
               example: ir.Example) -> dict[str, Any]:
    """The evaluation-contract request that an example stands for."""
    assert example.date is not None
    request: dict[str, Any] = {
        "provision": provision.id,
        "date": example.date.isoformat(),
        "inputs": dict(_value(checked, provision.id, i) for i in example.inputs),
    }
    if example.project is not None:
        request["project"] = example.project
    if example.person is not None:
        request["person"] = example.person
    if example.history:
        request["history"] = [_grant(checked, g) for g in example.history]
    if example.override:
        request["override_approved"] = True
    return request


def run_examples(checked: CheckedPolicy, policy: CompiledPolicy) -> Iterator[Outcome]:
    """Evaluate every example of every provision, in the policy's order."""
    for provision in checked.policy.provisions():
        for example in provision.examples:
            request = request_of(checked, provision, example)
            yield Outcome(provision, example, request, policy.evaluate_json(request))

