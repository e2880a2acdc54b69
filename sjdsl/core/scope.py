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
    (nearest first); and the limits of any measure that name it (in the measures' order)."""
    nearest = (*provision.core, *measure.core, *policy.header.core)
    limits = [i for i in provision.core if isinstance(i, n.Limit)]
    limits += [limit for _, limit in sorted(_measure_limits(policy).binding(provision.id),
                                            key=lambda entry: entry[0])]
    limits += [i for i in policy.header.core
               if isinstance(i, n.Limit) and limit_binds(i, "policy", measure, provision)]
    return Bound(tuple(i for i in nearest if isinstance(i, n.Define)),
                 tuple(i for i in nearest if isinstance(i, n.Require)),
                 tuple(dict.fromkeys(limits)),
                 tuple(i for i in nearest if isinstance(i, n.Obligation)))


Place = tuple[int, int]  # a limit's measure and its place among that measure's statements


@attrs.frozen
class _MeasureLimits:
    """Every measure's limits indexed by the provisions they bind (``limit_binds`` at the level
    of a measure), so that ``bound`` does not read every measure for every provision: a policy
    of 10,000 provisions took 10 s of a 15 s compile doing that."""

    everywhere: tuple[tuple[Place, n.Limit], ...]
    by_provision: dict[str, list[tuple[Place, n.Limit]]]

    @classmethod
    def of(cls, policy: ir.Policy) -> _MeasureLimits:
        everywhere: list[tuple[Place, n.Limit]] = []
        by_provision: dict[str, list[tuple[Place, n.Limit]]] = {}
        for m, measure in enumerate(policy.measures):
            for k, limit in enumerate(measure.core):
                if not isinstance(limit, n.Limit):
                    continue
                entry = ((m, k), limit)
                if limit.everything:
                    everywhere.append(entry)
                    continue
                named = limit.provisions or dict.fromkeys(p.id for p in measure.provisions)
                for pid in named:  # the provisions it names, or else its measure's own
                    by_provision.setdefault(pid, []).append(entry)
        return cls(tuple(everywhere), by_provision)

    def binding(self, pid: str) -> list[tuple[Place, n.Limit]]:
        return [*self.everywhere, *self.by_provision.get(pid, ())]


#: The index of the policy last asked about (the checker, each back end and the pages ask for
#: every provision of one policy in turn); another policy replaces it.
_LAST: tuple[ir.Policy, _MeasureLimits] | None = None


def _measure_limits(policy: ir.Policy) -> _MeasureLimits:
    global _LAST
    last = _LAST
    if last is None or last[0] is not policy:
        last = _LAST = (policy, _MeasureLimits.of(policy))
    return last[1]


def monetary(provision: ir.Provision) -> bool:
    return bool(provision.awards) and ir.award_kind(provision.awards[0]) == "monetary"
