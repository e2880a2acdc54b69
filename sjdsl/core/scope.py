"""Which core statements bind a provision: its own, its measure's and the policy's.

One function answers it for the checker, the back ends and the pages alike, so a limit written
anywhere binds exactly the provisions it names — in any measure.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from sjdsl import ir
from sjdsl.core import nodes as n


@attrs.frozen
class Bound:
    """The core statements that bind one provision, nearest first where names can shadow."""

    defines: tuple[n.Define, ...]
    requires: tuple[n.Require, ...]
    limits: tuple[n.Limit, ...]
    obligations: tuple[n.Obligation, ...]

    def define(self, name: str) -> n.Define | None:
        return next((d for d in self.defines if d.name == name), None)

    @property
    def empty(self) -> bool:
        return not (self.defines or self.requires or self.limits or self.obligations)


def _levels(policy: ir.Policy, measure: ir.Measure,
            provision: ir.Provision) -> Iterator[tuple[str, tuple[n.Statement, ...]]]:
    yield "provision", provision.core
    yield "measure", measure.core
    yield "policy", policy.header.core


def limit_binds(limit: n.Limit, level: str, measure: ir.Measure, provision: ir.Provision) -> bool:
    """Whether a limit written at ``level`` binds ``provision``."""
    if limit.everything:
        return True
    if limit.provisions:
        return provision.id in limit.provisions
    if level == "provision":
        return True
    return level == "measure" and any(p.id == provision.id for p in measure.provisions)


def counted(limit: n.Limit, provision: ir.Provision, policy: ir.Policy) -> tuple[str, ...]:
    """The provisions whose earlier grants count against a limit that binds ``provision``."""
    if limit.everything:
        return tuple(p.id for p in policy.provisions())
    return limit.provisions or _siblings(limit, provision, policy)


def _siblings(limit: n.Limit, provision: ir.Provision, policy: ir.Policy) -> tuple[str, ...]:
    for measure in policy.measures:
        if limit in measure.core:
            return tuple(p.id for p in measure.provisions)
    return (provision.id,)


def bound(policy: ir.Policy, measure: ir.Measure, provision: ir.Provision) -> Bound:
    """The core statements in force for ``provision``."""
    defines: list[n.Define] = []
    requires: list[n.Require] = []
    limits: list[n.Limit] = []
    obligations: list[n.Obligation] = []
    for _level, statements in _levels(policy, measure, provision):
        for item in statements:
            if isinstance(item, n.Define):
                defines.append(item)
            elif isinstance(item, n.Require):
                requires.append(item)
            elif isinstance(item, n.Obligation):
                obligations.append(item)
    for other in policy.measures:  # a limit may name provisions of any measure
        for level, statements in _levels(policy, other, provision):
            if level == "provision" or level == "policy" and other is not measure:
                continue
            for item in statements:
                if isinstance(item, n.Limit) and limit_binds(item, level, other, provision):
                    limits.append(item)
    limits[:0] = [i for i in provision.core if isinstance(i, n.Limit)]
    return Bound(tuple(defines), tuple(requires), tuple(dict.fromkeys(limits)),
                 tuple(obligations))


def monetary(provision: ir.Provision) -> bool:
    return bool(provision.awards) and ir.award_kind(provision.awards[0]) == "monetary"
