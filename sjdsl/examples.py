"""Worked examples (示例): turned into requests, evaluated, compared with the expected amount.

``sjdsl test`` reports them, the documentation shows them with their traces, and the test suite
runs every example of every policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from sjdsl import ir
from sjdsl.check import CheckedPolicy
from sjdsl.money import fmt_result
from sjdsl.runtime import CompiledPolicy


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


def _value(checked: CheckedPolicy, pid: str, item: ir.ExampleInput) -> tuple[str, Any]:
    symbol = checked.resolve(pid, item.ref)
    assert isinstance(symbol, ir.Input)
    if item.word is not None:
        return symbol.name, item.word
    assert item.money is not None
    if symbol.kind_word in ("件数", "数量", "count"):
        return symbol.name, int(item.money.number)
    return symbol.name, format(item.money.value.normalize(), "f")


def _grant(checked: CheckedPolicy, grant: ir.ExampleGrant) -> dict[str, Any]:
    entry: dict[str, Any] = {"provision": grant.provision, "date": grant.date.isoformat(),
                             "amount": fmt_result(grant.amount.value)}
    if grant.project is not None:
        entry["project"] = grant.project
    if grant.inputs:
        table = checked.symbols.get(grant.provision, {})
        entry["inputs"] = {(table[k].name if k in table else k): v for k, v in grant.inputs}
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


def expected_amount(example: ir.Example) -> Decimal:
    return example.expect.value if example.expect else Decimal(0)
