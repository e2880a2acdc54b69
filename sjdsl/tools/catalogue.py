"""The catalogue of a policy: its provisions and the inputs each asks for, as data to build forms
and request schemas from (``sjdsl describe``, ``GET /policies/{name}``, the OpenAPI document).

What a request may carry comes from the compiled calculators (``runtime.ProvisionSpec``), so the
catalogue can never promise an input the evaluator refuses; what the text says (the cited
sentence, the measure, the responsible units, which earlier grants a limit counts) comes from the
checked IR of the version in force.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from sjdsl.core import nodes as core
from sjdsl.core import scope
from sjdsl.core.lower import group_caps
from sjdsl.language import ir
from sjdsl.language.check import CheckedPolicy
from sjdsl.runtime.compiled import CompiledPolicy, ProvisionSpec, VersionedPolicy
from sjdsl.runtime.money import AMOUNT_PATTERN
from sjdsl.runtime.requests import MAX_COUNT, MAX_ITEMS, MAX_KEY, InputSpec
from sjdsl.tools.driver import Compiled

#: The unit a value of each input kind is given in (none for counts, names, yes/no and dates).
UNITS = {"money": "元", "usd": "美元", "area": "平方米", "percent": "%"}
KIND_WORDS = {"money": "金额", "usd": "美元金额", "area": "面积", "percent": "比例", "count": "件数",
              "enum": "枚举", "bool": "是否", "date": "日期", "id": "编号", "list": "列表",
              "records": "名单"}


@attrs.frozen
class Served:
    """One policy as the service holds it: the compiler's output and the calculators built from
    it (the same module ``sjdsl eval`` runs), with every version in force from its date."""

    compiled: Compiled
    policy: CompiledPolicy | VersionedPolicy

    @property
    def name(self) -> str:
        return self.compiled.checked.policy.header.name

    def in_force(self, day: datetime.date | None) -> tuple[int, CompiledPolicy, CheckedPolicy]:
        """The index, calculators and checked IR of the version in force on ``day`` (the latest
        when no day is given; the base text before the first amendment's date)."""
        versions = self.compiled.versions or ((None, self.compiled.checked),)
        runtime = (self.policy.versions if isinstance(self.policy, VersionedPolicy)
                   else ())
        index = len(versions) - 1
        if day is not None:
            index = 0
            for i, (version, _) in enumerate(versions):
                if i and version is not None and version.effective is not None and \
                        version.effective <= day:
                    index = i
        policy = runtime[index].policy if runtime else self.policy
        assert isinstance(policy, CompiledPolicy)
        return index, policy, versions[index][1]


def summary(served: Served) -> dict[str, Any]:
    """A policy in a list: name, title, 文号 and validity."""
    policy = served.policy
    return {"name": served.name, "title": policy.title, "doc_number": policy.doc_number,
            "validity": _validity(policy), "provisions": len(policy.provisions),
            "versions": len(served.compiled.versions) or 1}


def _validity(policy: CompiledPolicy | VersionedPolicy) -> dict[str, Any]:
    start, end = policy.valid_from, policy.valid_to
    return {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
            "rule": policy.validity_rule or None}


def catalogue(served: Served, day: datetime.date | None = None) -> dict[str, Any]:
    """The policy's provisions and their inputs, in the version in force on ``day``."""
    index, policy, checked = served.in_force(day)
    header = checked.policy.header
    versions = served.compiled.versions
    data: dict[str, Any] = {
        "name": header.name, "title": policy.title, "doc_number": policy.doc_number,
        "validity": _validity(policy),
        "split": None if policy.split is None else {
            "rule": policy.split.rule, "first": policy.split.first,
            "second": policy.split.second, "first_share": str(policy.split.first_share)},
        "override": None if policy.override_flag is None else {
            "rule": policy.override_rule, "field": "override_approved"},
        "rules": list(policy.rules),
        "version": _version(versions, index),
        "versions": [_version(versions, i) for i in range(len(versions))] if len(versions) > 1
        else [],
        "exclusive_groups": [list(g) for g in exclusive_groups(checked)],
        "provisions": [_provision(policy.provisions[p.id], p, m, checked)
                       for m, p in _provisions(checked) if p.id in policy.provisions],
    }
    return data


def _version(versions: Sequence[tuple[Any, CheckedPolicy]], index: int) -> dict[str, Any]:
    if not versions:
        return {"index": 0, "source": None, "effective": None}
    version = versions[index][0]
    return {"index": index, "source": version.source,
            "effective": version.effective.isoformat() if version.effective else None}


def _provisions(checked: CheckedPolicy) -> Iterator[tuple[ir.Measure, ir.Provision]]:
    for measure in checked.policy.measures:
        for provision in measure.provisions:
            yield measure, provision


def _provision(spec: ProvisionSpec, provision: ir.Provision, measure: ir.Measure,
               checked: CheckedPolicy) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": spec.id, "title": spec.title,
        "measure": {"number": measure.number, "title": measure.title},
        "units": list(provision.units or measure.units),
        "kind": spec.kind,
        "official": [c.text for c in provision.cites],
        "ceiling": spec.ceiling,
        "inputs": [input_entry(i) for i in spec.inputs],
        "history": list(history_read(checked, measure, provision)),
        "needs_project": spec.needs_project,
        "needs_person": spec.needs_person,
    }
    if spec.note:
        data["note"] = spec.note
    if spec.instalments:
        data["instalments"] = [str(s) for s in spec.instalments]
    return data


def input_entry(spec: InputSpec) -> dict[str, Any]:
    """One input: English name, official term, kind, unit, listed values, required or not."""
    data: dict[str, Any] = {"name": spec.name, "term": spec.term, "kind": spec.kind,
                            "kind_word": KIND_WORDS.get(spec.kind, spec.kind),
                            "unit": UNITS.get(spec.element or spec.kind),
                            "values": list(spec.values), "required": not spec.optional}
    if spec.kind == "list":
        data["element"] = spec.element
    if spec.fields:
        data["fields"] = [input_entry(f) for f in spec.fields]
    return data


def history_read(checked: CheckedPolicy, measure: ir.Measure,
                 provision: ir.Provision) -> tuple[str, ...]:
    """The provisions whose earlier grants (the request's ``history``) this provision's limits
    count: its own for a yearly cap, a year limit, a one-time rule; a group cap's; an exclusive
    group's; a prerequisite's; a core limit's. Empty: the history changes nothing."""
    found: list[str] = []
    own = (ir.PerYearCap, ir.PerProjectYearCap, ir.YearLimit, ir.OneTime, ir.DurationLimit)
    if any(isinstance(lim, own) for lim in provision.limits) or any(
            isinstance(a, ir.TieredAward) and any(t.one_time for t in a.tiers)
            or isinstance(a, (ir.LadderAward,)) and a.first_time for a in provision.awards) or \
            any(isinstance(lim, ir.Threshold) and lim.first_time for lim in provision.limits):
        found.append(provision.id)
    for cap in group_caps(measure, provision):
        found += cap.provisions or (provision.id,)
    for group in (*measure.exclusives, *measure.headcounts):
        if provision.id in group.provisions:
            found += group.provisions
    found += [lim.provision for lim in provision.limits if isinstance(lim, ir.RequiresEarlier)]
    policy = checked.policy
    for limit in scope.bound(policy, measure, provision).limits:
        found += scope.counted(limit, provision, policy)
    order = {p.id: i for i, p in enumerate(policy.provisions())}
    return tuple(sorted(set(found), key=lambda p: (order.get(p, len(order)), p)))


def exclusive_groups(checked: CheckedPolicy) -> tuple[tuple[str, ...], ...]:
    """The groups of provisions of which an enterprise gets one only: 不得重复享受 P、Q, and
    不得兼得 P、Q (or any 限次 1 次 over several provisions)."""
    groups: list[tuple[str, ...]] = []
    policy = checked.policy
    statements = [*policy.header.core, *(s for m in policy.measures for s in m.core),
                  *(s for p in policy.provisions() for s in p.core)]
    for measure in policy.measures:
        groups += [g.provisions for g in measure.exclusives]
    for item in statements:
        if isinstance(item, core.Limit) and item.kind == "count" and item.amount == 1 and \
                item.key is None and (item.everything or len(item.provisions) > 1):
            groups.append(tuple(p.id for p in policy.provisions()) if item.everything
                          else item.provisions)
    return tuple(dict.fromkeys(groups))


# ---------------------------------------------------------------- JSON Schemas

#: An amount as a request writes it: the request reader's own pattern (sjdsl.runtime.money).
_DECIMAL = f"^{AMOUNT_PATTERN.pattern}$"


def value_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of one input's value, as ``requests.parse_input`` accepts it."""
    kind = spec["kind"]
    title = {"title": spec["term"]} if spec.get("term") else {}
    if kind in ("money", "usd", "area", "percent"):
        unit = spec.get("unit") or ""
        schema: dict[str, Any] = {
            "oneOf": [{"type": "string", "pattern": _DECIMAL},
                      {"type": "integer", "minimum": 0, "maximum": 10**15 - 1}],
            "description": f"{spec.get('term', '')}（{unit}）: a plain decimal string or a JSON "
                           "integer; never a float" + ("; percentage points 0 to 100"
                                                       if kind == "percent" else "")}
    elif kind == "count":
        schema = {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}
    elif kind == "enum":
        schema = {"type": "string", "enum": list(spec["values"])}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "id":
        schema = {"type": "string", "minLength": 1, "maxLength": MAX_KEY}
    elif kind == "list":
        element = {"kind": spec["element"], "term": "", "unit": UNITS.get(spec["element"])}
        schema = {"type": "array", "maxItems": MAX_ITEMS, "items": value_schema(element)}
    else:  # records: a 名单, each record giving every field
        fields = spec.get("fields", [])
        schema = {"type": "array", "maxItems": MAX_ITEMS, "items": {
            "type": "object", "required": [f["name"] for f in fields],
            "properties": {f["name"]: value_schema(f) for f in fields}}}
    return {**title, **schema}


GRANT_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["provision", "date", "amount"],
    "additionalProperties": False,
    "properties": {
        "provision": {"type": "string"}, "date": {"type": "string", "format": "date"},
        "amount": {"oneOf": [{"type": "string", "pattern": _DECIMAL},
                             {"type": "integer", "minimum": 0}]},
        "project": {"type": "string"}, "person": {"type": "string"},
        "inputs": {"type": "object"}},
}


def request_schema(policy_name: str, provision: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a request for one provision (the evaluation contract's request).
    An input may be named by its English name or its official term: both are properties."""
    inputs = provision["inputs"]
    properties: dict[str, Any] = {}
    for spec in inputs:
        properties[spec["name"]] = value_schema(spec)
        properties[spec["term"]] = value_schema(spec)
    required = [{"anyOf": [{"required": [s["name"]]}, {"required": [s["term"]]}]}
                for s in inputs if s["required"]]
    inputs_schema: dict[str, Any] = {"type": "object", "additionalProperties": False,
                                     "properties": properties}
    if required:
        inputs_schema["allOf"] = required
    key = {"type": "string", "minLength": 1}
    schema: dict[str, Any] = {
        "title": f"{policy_name} {provision['id']} {provision['title']}",
        "type": "object", "additionalProperties": False,
        "required": ["provision", "date", "inputs"] + (["project"] if provision["needs_project"]
                                                       else [])
        + (["person"] if provision["needs_person"] else []),
        "properties": {
            "provision": {"const": provision["id"]},
            "date": {"type": "string", "format": "date",
                     "description": "the grant (decision) date; selects the version in force"},
            "inputs": inputs_schema,
            "project": key, "person": key,
            "history": {"type": "array", "items": GRANT_SCHEMA},
            "override_approved": {"type": "boolean"},
        },
    }
    return schema


RESULT_SCHEMA: dict[str, Any] = {
    "title": "Result (docs/contract.md)",
    "type": "object",
    "required": ["provision", "eligible", "amount", "district_share", "town_share", "ceiling",
                 "reasons", "trace"],
    "properties": {
        "provision": {"type": "string"},
        "eligible": {"type": "boolean"},
        "amount": {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$"},
        "district_share": {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$"},
        "town_share": {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$"},
        "ceiling": {"type": "boolean"},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "trace": {"type": "array", "items": {"type": "string"}},
        "override_applied": {"type": "boolean"},
        "version": {"type": "string"},
        "schedule": {"type": "array", "items": {"type": "object", "properties": {
            "year": {"type": "integer"}, "amount": {"type": "string"}}}},
        "shares": {"type": "array", "items": {"type": "object", "properties": {
            "key": {"type": "string"}, "amount": {"type": "string"}}}},
        "obligations": {"type": "array", "items": {"type": "object", "properties": {
            "obligation": {"type": "string"}, "otherwise": {"type": "string"},
            "until": {"type": "string", "format": "date",
                      "description": "the last day the obligation binds (only when the "
                                     "policy sets its term)"}}}},
    },
}

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error", "type": "object", "required": ["error"],
    "properties": {"error": {"type": "string"}, "field": {"type": ["string", "null"]},
                   "provision": {"type": ["string", "null"]}},
}


def describe_text(data: dict[str, Any]) -> str:
    """The catalogue as text for a terminal (``sjdsl describe``)."""
    validity = data["validity"]
    lines = [f"{data['name']} 「{data['title']}」 {data['doc_number'] or ''}".rstrip(),
             f"有效期 {validity['from'] or '…'} 至 {validity['to'] or '…'}"]
    if data["versions"]:
        version = data["version"]
        lines.append(f"版本 {version['source']}" + (f"（{version['effective']} 起施行）"
                                                   if version["effective"] else ""))
    for group in data["exclusive_groups"]:
        lines.append(f"不得兼得：{'、'.join(group)}")
    for p in data["provisions"]:
        lines.append("")
        lines.append(f"{p['id']} {p['title']}  [{p['kind']}]  措施 {p['measure']['number']} "
                     f"{p['measure']['title']}")
        lines += [f"  原文 「{text}」" for text in p["official"]]
        for i in p["inputs"]:
            extra = f" ({'、'.join(i['values'])})" if i["values"] else ""
            unit = f" {i['unit']}" if i["unit"] else ""
            need = "必填" if i["required"] else "可选"
            lines.append(f"  输入 {i['name']} 「{i['term']}」 {i['kind_word']}{unit}{extra} {need}")
        if p["history"]:
            lines.append(f"  读取历史 {'、'.join(p['history'])}")
        keys = [k for k, on in (("project", p["needs_project"]), ("person", p["needs_person"]))
                if on]
        if keys:
            lines.append(f"  需要 {'、'.join(keys)}")
    return "\n".join(lines) + "\n"
