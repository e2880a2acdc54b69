"""`sjdsl diff`: the parameters and provisions that differ between two versions of a policy.

Auditors read it as a table: provision, parameter, before, after. Two versions are either the
rules in force on two dates (a policy and its amendments) or two policy folders.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs

from sjdsl.backends.docgen import md_escape
from sjdsl.backends.sentence import parameters
from sjdsl.language import ir
from sjdsl.language.check import CheckedPolicy
from sjdsl.language.versions import Version


@attrs.frozen
class Row:
    provision: str
    parameter: str
    before: str
    after: str


def in_force(versions: Sequence[tuple[Version, CheckedPolicy]],
             day: datetime.date) -> tuple[Version, CheckedPolicy]:
    """The version in force on a day (the base before any amendment takes effect)."""
    chosen = versions[0]
    for version in versions[1:]:
        if version[0].effective is not None and version[0].effective <= day:
            chosen = version
    return chosen


def _table(checked: CheckedPolicy) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for measure in checked.policy.measures:
        for provision in measure.provisions:
            award = provision.awards[0] if provision.awards else None
            if isinstance(award, ir.Repealed):
                table[provision.id] = {"状态": f"废止（{award.by}，{award.effective} 起）"}
                continue
            rows = {"状态": "施行"}
            rows.update((p.what, p.written) for p in parameters(checked, measure, provision))
            table[provision.id] = rows
    return table


def diff(before: CheckedPolicy, after: CheckedPolicy) -> list[Row]:
    """Every parameter or status that differs, provision by provision, in id order."""
    old, new = _table(before), _table(after)
    rows: list[Row] = []
    for pid in sorted(set(old) | set(new), key=_id_key):
        a, b = old.get(pid, {"状态": "（无）"}), new.get(pid, {"状态": "（无）"})
        for name in list(dict.fromkeys([*a, *b])):
            if a.get(name) != b.get(name):
                rows.append(Row(pid, name, a.get(name, "—"), b.get(name, "—")))
    return rows


def _id_key(pid: str) -> tuple[int, ...]:
    return tuple(int(part) for part in pid.split(".") if part.isdigit())


def markdown(rows: Sequence[Row], before: str, after: str) -> str:
    """The rows as a Markdown table, every cell escaped."""
    lines = [f"| 条款 | 参数 | {md_escape(before)} | {md_escape(after)} |",
             "| --- | --- | --- | --- |"]
    lines += [f"| {md_escape(r.provision)} | {md_escape(r.parameter)} | {md_escape(r.before)} | "
              f"{md_escape(r.after)} |" for r in rows]
    if not rows:
        lines.append("| — | 无差异 (no difference) | | |")
    return "\n".join(lines) + "\n"
