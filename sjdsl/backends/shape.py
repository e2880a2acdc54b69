"""What the back ends ask of a provision: whether A.3 may lift its caps, whether it needs a project
or a person, its instalments, whether its amount is a ceiling, and the cumulative caps that bind
it. One module, so that the explained calculator and the fast writers cannot answer differently.
"""

from __future__ import annotations

from typing import assert_never

from sjdsl.core import nodes as core
from sjdsl.language import ir


def liftable(provision: ir.Provision) -> bool:
    """附则 A.3 lifts caps only where the amount is computed from a money base."""
    return any(isinstance(a, (ir.RateAward, ir.PassThroughAward, ir.MultipleAward))
               for a in provision.awards)


def needs_project(provision: ir.Provision) -> bool:
    return any(isinstance(lim, ir.PerProjectYearCap) or
               isinstance(lim, ir.YearLimit) and lim.scope == "project"
               for lim in provision.limits)


def needs_person(measure: ir.Measure, provision: ir.Provision) -> bool:
    return any(isinstance(lim, ir.DurationLimit) or
               isinstance(lim, ir.YearLimit) and lim.scope == "person" or
               isinstance(lim, ir.OneTime) and lim.per_person
               for lim in provision.limits) or \
        any(provision.id in h.provisions for h in measure.headcounts)


def instalments(provision: ir.Provision) -> ir.Instalments | None:
    return next((lim for lim in provision.limits if isinstance(lim, ir.Instalments)), None)


def static_ceiling(provision: ir.Provision) -> bool:
    for award in provision.awards:
        match award:
            case ir.RateAward() | ir.FixedAward():
                return award.ceiling
            case ir.TieredAward():
                return any(t.ceiling for t in award.tiers)
            case ir.PassThroughAward():
                return True
            case core.ExprAward():
                return award.ceiling or isinstance(award.expr, core.Table) and any(
                    row.ceiling for row in award.expr.rows)
            case ir.PerUnitAward() | ir.ExternalReference() | ir.Qualitative() | \
                    ir.MultipleAward() | ir.BestOf() | ir.BandAward() | ir.LadderAward() | \
                    ir.Repealed():
                return False
            case _:
                assert_never(award)
    return False
