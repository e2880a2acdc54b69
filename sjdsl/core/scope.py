"""Which core statements bind a provision: its own, its measure's and the policy's.

One function answers it for the checker, the back ends and the pages alike, so a limit written
anywhere binds exactly the provisions it names — in any measure.
"""

from __future__ import annotations

import attrs

from sjdsl.core import nodes as n
from sjdsl.language import ir


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
    """The core statements in force for ``provision``: its own, its measure's and the policy's
    (nearest first); and the limits of any measure that name it."""
    nearest = (*provision.core, *measure.core, *policy.header.core)
    limits = [i for i in provision.core if isinstance(i, n.Limit)]
    for other in policy.measures:  # a limit may name provisions of any measure
        limits += [i for i in other.core
                   if isinstance(i, n.Limit) and limit_binds(i, "measure", other, provision)]
    limits += [i for i in policy.header.core
               if isinstance(i, n.Limit) and limit_binds(i, "policy", measure, provision)]
    return Bound(tuple(i for i in nearest if isinstance(i, n.Define)),
                 tuple(i for i in nearest if isinstance(i, n.Require)),
                 tuple(dict.fromkeys(limits)),
                 tuple(i for i in nearest if isinstance(i, n.Obligation)))


def monetary(provision: ir.Provision) -> bool:
    return bool(provision.awards) and ir.award_kind(provision.awards[0]) == "monetary"
