"""Versions: a policy and its amendments (修订), as the rules in force from each effective date.

Each amendment is applied to the IR of the version before it, in date order, giving a new
``ir.Policy``; the driver checks and compiles every version, and evaluation picks the version in
force on the request's date. A changed parameter takes the amendment's cited sentence as its
notes, so the fidelity check holds the new number against the document that set it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import attrs

from sjdsl.language import ir
from sjdsl.language.diagnostics import Diagnostic, error
from sjdsl.runtime.suggest import suggest

#: The parameters an amendment may change, by the policy's own words.
PARAMETERS = ("比例", "金额", "上限", "每年最高", "每项目每年最高", "单个企业最高", "门槛", "最多年数")


@attrs.frozen
class Version:
    """The rules in force from ``effective`` (None: the base text, from its validity)."""

    effective: datetime.date | None
    source: str
    policy: ir.Policy
    amendment: ir.Amendment | None = None


def base_source(header: ir.PolicyHeader) -> str:
    return f"{header.doc_number or header.name}（基础文本）"


def amendment_source(amendment: ir.Amendment) -> str:
    return amendment.doc_number or amendment.name


def build_versions(policy: ir.Policy, amendments: Iterable[ir.Amendment]
                   ) -> tuple[list[Version], list[Diagnostic]]:
    """The base version and one version per amendment, in effective-date order."""
    versions = [Version(None, base_source(policy.header), policy)]
    found: list[Diagnostic] = []
    ordered = sorted(amendments, key=lambda a: (a.effective or datetime.date.min, a.name))
    found += _check_amendments(policy, ordered)
    if any(d.severity == "error" for d in found):
        return versions, found
    current = policy
    for amendment in ordered:
        current, problems = apply_amendment(current, amendment)
        found += problems
        versions.append(Version(amendment.effective, amendment_source(amendment), current,
                                amendment))
    return versions, found


def _check_amendments(policy: ir.Policy, amendments: list[ir.Amendment]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    validity = next((r for r in policy.header.rules if isinstance(r, ir.Validity)), None)
    changed: dict[tuple[datetime.date, str, str], ir.Amendment] = {}
    for amendment in amendments:
        if amendment.amends != policy.header.name:
            found.append(error("E002", f"amendment {amendment.name} amends "
                                       f"'{amendment.amends}', not {policy.header.name} / 修订对象不符",
                               amendment.span, f"write: 修订对象 {policy.header.name}"))
        if amendment.effective is None:
            found.append(error("E010", f"amendment {amendment.name} has no 生效日期 / 修订缺少"
                                       "生效日期", amendment.span))
            continue
        if validity is not None and not validity.start <= amendment.effective <= validity.end:
            found.append(error("E005", f"amendment {amendment.name} takes effect on "
                                       f"{amendment.effective}, outside the policy's validity "
                                       f"{validity.start} … {validity.end} / 生效日期不在有效期内",
                               amendment.span))
        for item in amendment.items:
            if not isinstance(item, ir.Change):
                continue
            key = (amendment.effective, item.provision, item.parameter)
            if key in changed:
                other = changed[key]
                found.append(error("E018", f"{item.provision} {item.parameter} is changed twice "
                                           f"on {amendment.effective} ({other.name} and "
                                           f"{amendment.name}) / 同日重复修改同一参数", item.span))
            changed[key] = amendment
    return found


def apply_amendment(policy: ir.Policy, amendment: ir.Amendment
                    ) -> tuple[ir.Policy, list[Diagnostic]]:
    """The policy as the amendment leaves it."""
    found: list[Diagnostic] = []
    measures = list(policy.measures)
    for item in amendment.items:
        match item:
            case ir.Change():
                found += _change(measures, item)
            case ir.Repeal():
                found += _repeal(measures, item, amendment)
            case ir.AddProvisions():
                found += _add(measures, item)
    return attrs.evolve(policy, measures=tuple(measures)), found


def _locate(measures: list[ir.Measure], pid: str) -> tuple[int, int] | None:
    for mi, measure in enumerate(measures):
        for pi, provision in enumerate(measure.provisions):
            if provision.id == pid:
                return mi, pi
    return None


def _unknown(pid: str, span: ir.Span, measures: list[ir.Measure]) -> Diagnostic:
    ids = [p.id for m in measures for p in m.provisions]
    return error("E002", f"unknown provision {pid} / 未定义的条款", span, suggest(pid, ids))


def _put(measures: list[ir.Measure], mi: int, pi: int, provision: ir.Provision) -> None:
    measure = measures[mi]
    provisions = list(measure.provisions)
    provisions[pi] = provision
    measures[mi] = attrs.evolve(measure, provisions=tuple(provisions))


_LIMIT_OF = {"上限": ir.PerAwardCap, "每年最高": ir.PerYearCap,
             "每项目每年最高": ir.PerProjectYearCap, "门槛": ir.Threshold,
             "最多年数": ir.YearLimit, "单个企业最高": ir.PerEnterpriseCap}


def _change(measures: list[ir.Measure], change: ir.Change) -> list[Diagnostic]:
    where = _locate(measures, change.provision)
    if where is None:
        return [_unknown(change.provision, change.span, measures)]
    mi, pi = where
    provision = measures[mi].provisions[pi]
    if change.parameter not in PARAMETERS:
        return [error("E017", f"unknown parameter '{change.parameter}' / 未知参数", change.span,
                      suggest(change.parameter, PARAMETERS) or f"parameters: {'、'.join(PARAMETERS)}")]
    if change.parameter == "单个企业最高":
        group = next((ci for ci, c in enumerate(measures[mi].caps)
                      if change.provision in c.provisions), None)
        if group is not None and not any(isinstance(lim, ir.PerEnterpriseCap)
                                         for lim in provision.limits):
            return _change_group_cap(measures, mi, group, change)
    updated, problem = _changed_provision(provision, change)
    if problem is not None:
        return [problem]
    _put(measures, mi, pi, updated)
    return []


def _change_group_cap(measures: list[ir.Measure], mi: int, ci: int,
                      change: ir.Change) -> list[Diagnostic]:
    if not isinstance(change.value, ir.Money):
        return [_wrong_value(change, "an amount")]
    measure = measures[mi]
    caps = list(measure.caps)
    caps[ci] = attrs.evolve(caps[ci], amount=change.value, notes=change.notes)
    measures[mi] = attrs.evolve(measure, caps=tuple(caps))
    return []


def _wrong_value(change: ir.Change, wanted: str) -> Diagnostic:
    return error("E008", f"{change.parameter} of {change.provision} takes {wanted} / 参数取值类型"
                         "不符", change.span)


def _changed_provision(provision: ir.Provision, change: ir.Change
                       ) -> tuple[ir.Provision, Diagnostic | None]:
    parameter, value = change.parameter, change.value
    if parameter in ("比例", "金额"):
        awards = list(provision.awards)
        award = awards[0] if awards else None
        if parameter == "比例" and isinstance(award, ir.RateAward):
            if not isinstance(value, ir.Rate):
                return provision, _wrong_value(change, "a rate (20%)")
            awards[0] = attrs.evolve(award, rate=value, notes=change.notes)
        elif parameter == "金额" and isinstance(award, ir.FixedAward):
            if not isinstance(value, ir.Money):
                return provision, _wrong_value(change, "an amount")
            awards[0] = attrs.evolve(award, amount=value, notes=change.notes)
        else:
            return provision, _no_parameter(provision, change)
        return attrs.evolve(provision, awards=tuple(awards)), None
    kind = _LIMIT_OF[parameter]
    limits = list(provision.limits)
    for i, limit in enumerate(limits):
        if isinstance(limit, kind):
            if isinstance(limit, ir.YearLimit):
                if not isinstance(value, int):
                    return provision, _wrong_value(change, "a number of years (4 年)")
                limits[i] = attrs.evolve(limit, years=value, notes=change.notes)
            elif not isinstance(value, ir.Money):
                return provision, _wrong_value(change, "an amount")
            else:
                limits[i] = attrs.evolve(limit, amount=value, notes=change.notes)
            return attrs.evolve(provision, limits=tuple(limits)), None
    return provision, _no_parameter(provision, change)


def _no_parameter(provision: ir.Provision, change: ir.Change) -> Diagnostic:
    return error("E017", f"provision {provision.id} has no parameter '{change.parameter}' / "
                         "条款没有该参数", change.span)


def _repeal(measures: list[ir.Measure], repeal: ir.Repeal,
            amendment: ir.Amendment) -> list[Diagnostic]:
    where = _locate(measures, repeal.provision)
    if where is None:
        return [_unknown(repeal.provision, repeal.span, measures)]
    mi, pi = where
    provision = measures[mi].provisions[pi]
    marker = ir.Repealed(amendment_source(amendment), amendment.effective or datetime.date.min,
                         repeal.span)
    _put(measures, mi, pi, attrs.evolve(provision, awards=(marker,), limits=(), examples=()))
    return []


def _add(measures: list[ir.Measure], add: ir.AddProvisions) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for provision in add.provisions:
        where = _locate(measures, provision.id)
        if add.replace:
            if where is None:
                found.append(_unknown(provision.id, provision.span, measures))
            else:
                _put(measures, *where, provision)
            continue
        if where is not None:
            found.append(error("E006", f"provision {provision.id} already exists; use 替换 / "
                                       "条款已存在", provision.span))
            continue
        number = int(provision.id.split(".")[0])
        mi = next((i for i, m in enumerate(measures) if m.number == number), None)
        if mi is None:
            found.append(error("E002", f"no measure {number} for provision {provision.id} / "
                                       "措施不存在", provision.span))
            continue
        measure = measures[mi]
        measures[mi] = attrs.evolve(measure, provisions=measure.provisions + (provision,))
    return found
